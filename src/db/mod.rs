//! Database connection: SQLite (embedded default, WAL) or PostgreSQL, same code on both.

pub mod batch;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    TransactionOptions, TransactionTrait,
};

pub use sea_orm::SqliteTransactionMode;

/// Prepared statements kept per connection. The batched writers' statements differ by how many
/// rows a batch has, so there are a few hundred shapes; sqlx's default of 100 made them evict
/// each other and be parsed again all the time (seen in a profile of payOrder).
const STATEMENT_CACHE: usize = 1024;

/// Opens the pool. SQLite gets WAL, a busy timeout and foreign keys on every connection.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's model. A single connection makes every statement and
        // transaction queue in the pool (an async wait) instead of in SQLite's busy handler, which
        // sleeps and retries: under load that was several times slower. Statements are short and
        // no code holds a transaction across a provider call, so readers do not wait long.
        // Write transactions still start IMMEDIATE (see `begin_write`).
        opts.max_connections(1).min_connections(1);
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .statement_cache_capacity(STATEMENT_CACHE)
                // Found with the load harness (notify ingestion): pages read back with pread
                // once the file outgrew the default 2 MiB cache, statement journals on disk, and
                // the writer checkpointing every 1,000 pages inside its commits. A 64 MiB page
                // cache and mapped reads keep hot pages in memory; checkpoints every 4,000
                // pages copy a hot page once per checkpoint however often it was rewritten.
                .pragma("cache_size", "-65536")
                .pragma("mmap_size", "268435456")
                .pragma("temp_store", "memory")
                .pragma("wal_autocheckpoint", "4000")
        });
    } else {
        opts.max_connections(20).min_connections(1);
        opts.map_sqlx_postgres_opts(|o| o.statement_cache_capacity(STATEMENT_CACHE));
    }
    Database::connect(opts).await
}

/// Applies pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begins a transaction that will write. On SQLite it takes the write lock up front.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let mut opts = TransactionOptions::default();
    if db.get_database_backend() == DbBackend::Sqlite {
        opts.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    }
    db.begin_with_options(opts).await
}

/// Whether an error is a unique-constraint violation (a lost race on an insert).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
