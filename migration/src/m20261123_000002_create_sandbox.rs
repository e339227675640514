//! Once created the provider sandbox's tables; they now belong to the sandbox crate, which
//! migrates them itself (`paycenter_sandbox::migration`, recorded in `sandbox_migrations`).
//!
//! Kept, doing nothing, because databases that applied it record its name, and the migrator
//! refuses a database that names a migration it does not know. Such databases already hold the
//! tables, and the sandbox's own migration adopts them (`IF NOT EXISTS`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
