//! The sandbox's own tables, migrated apart from paycenter's (`sandbox_migrations` records them),
//! so the emulator can run alone on a database of its own or beside paycenter in one file.
//!
//! Databases created before the sandbox became a crate of its own already hold these tables
//! (paycenter's migration `m20261123_000002_create_sandbox` made them): every statement here is
//! `IF NOT EXISTS`, so such a database is adopted as it is.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_sandbox;
mod m20261203_000001_wechat_v3;
mod m20261217_000001_web_cashier;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_sandbox::Migration),
            Box::new(m20261203_000001_wechat_v3::Migration),
            Box::new(m20261217_000001_web_cashier::Migration),
        ]
    }

    fn migration_table_name() -> DynIden {
        Alias::new("sandbox_migrations").into_iden()
    }
}

/// Applies the sandbox's pending migrations.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
