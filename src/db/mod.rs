//! The server's database: the shared plumbing (`paycenter_db`: pools, write transactions, group
//! commit, ids) and paycenter's own migrations.

use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbErr};

pub use paycenter_db::{
    batch, begin_write, checkpointer, connect, connect_reads, ids, is_unique_violation, sqlite_path,
};

/// Applies paycenter's pending migrations (the sandbox migrates its own tables when mounted).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
