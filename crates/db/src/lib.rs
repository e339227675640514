//! Database plumbing shared by the server, the sandbox and the load tool: connecting to SQLite
//! (embedded default, WAL) or PostgreSQL with the same code, the read pool, write transactions,
//! group commit (`batch`) and row ids (`ids`).

pub mod batch;
pub mod ids;
mod reader;

pub use reader::Reader;

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, TransactionOptions, TransactionTrait,
};

pub use sea_orm::SqliteTransactionMode;

/// Prepared statements kept per connection. The batched writers' statements differ by how many
/// rows a batch has, so there are a few hundred shapes; sqlx's default of 100 made them evict
/// each other and be parsed again all the time (seen in a profile of payOrder).
const STATEMENT_CACHE: usize = 1024;

/// What every pool shares: no statement logging (statements carry secrets' ciphertexts and
/// buyers' data), and bounded waits to connect and for a connection.
fn options(url: &str) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    opts
}

/// Opens the pool. SQLite gets WAL, a busy timeout and foreign keys on every connection.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = options(url);
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's model. A single connection makes every statement and
        // transaction queue in the pool (an async wait) instead of in SQLite's busy handler, which
        // sleeps and retries: under load that was several times slower. Statements are short and
        // no code holds a transaction across a provider call, so readers do not wait long.
        // Write transactions still start IMMEDIATE (see `begin_write`).
        opts.max_connections(1).min_connections(1);
        // Found with the load harness: by default the pool pings a connection on every
        // checkout, one more hop to SQLite's worker thread per statement outside a transaction
        // (a file has no other end to lose).
        opts.test_before_acquire(false);
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .statement_cache_capacity(STATEMENT_CACHE)
                // Found with the load harness (notify ingestion): pages read back with pread
                // once the file outgrew the default 2 MiB cache, statement journals on disk, and
                // the writer checkpointing inside its commits (every 1,000 pages: a stall of
                // tens of ms every second or two under load, the notify's p99). A 64 MiB page
                // cache and mapped reads keep hot pages in memory; checkpoints are made by
                // `checkpointer` beside the writer, and the writer's own at 20,000 pages (80 MiB
                // of WAL) is only the bound should that fall behind.
                .pragma("cache_size", "-65536")
                .pragma("mmap_size", "268435456")
                .pragma("temp_store", "memory")
                .pragma("wal_autocheckpoint", "20000")
                .pragma("journal_size_limit", "67108864")
        });
    } else {
        opts.max_connections(20).min_connections(1);
        // A server can go away: connections idle for a while are pinged before use, busy ones
        // are not (a ping per checkout was one more round trip per statement).
        opts.test_before_acquire_if_idle_for(Duration::from_secs(30));
        opts.map_sqlx_postgres_opts(|o| o.statement_cache_capacity(STATEMENT_CACHE));
    }
    Database::connect(opts).await
}

/// Connections of the SQLite read pool.
const SQLITE_READERS: u32 = 4;

/// The pool for reads outside a transaction on the hot paths (a notify finding its order, the
/// sandbox finding a trade). On a SQLite file it is a pool of read-only connections beside the
/// single writer: in WAL mode readers neither wait for nor block the writer, and a read no
/// longer takes a turn on the writer's connection. Found with the load harness: the group-commit
/// lanes waited 5 ms of their 7 ms batches for the writer's connection, queued behind such
/// reads. On PostgreSQL (and an in-memory SQLite, which another pool would not see) it is
/// `writer` itself. A read here sees every transaction committed before it began.
pub async fn connect_reads(url: &str, writer: &DatabaseConnection) -> Result<Reader, DbErr> {
    if sqlite_path(url).is_none() {
        return Ok(Reader::of(writer.clone()));
    }
    let mut opts = options(url);
    opts.max_connections(SQLITE_READERS)
        .min_connections(1)
        .test_before_acquire(false);
    opts.map_sqlx_sqlite_opts(|o| {
        o.read_only(true)
            .create_if_missing(false)
            .busy_timeout(Duration::from_secs(10))
            .statement_cache_capacity(STATEMENT_CACHE)
            .pragma("mmap_size", "268435456")
    });
    Database::connect(opts).await.map(Reader::of)
}

/// How often `checkpointer` copies the WAL back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);

/// SQLite files: copies the WAL into the database every `CHECKPOINT_EVERY` on a connection of
/// its own (PASSIVE: it never waits for or blocks the writer), so the writer does not do it
/// inside a commit. Runs until `stop` turns true; nothing to do for PostgreSQL or `:memory:`.
pub fn checkpointer(
    url: &str,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Option<tokio::task::JoinHandle<()>> {
    sqlite_path(url)?;
    let url = url.to_owned();
    Some(tokio::spawn(async move {
        let db = match connect(&url).await {
            Ok(db) => db,
            Err(e) => {
                tracing::warn!(error = %e, "checkpointer: cannot open the database; the writer checkpoints alone");
                return;
            }
        };
        loop {
            tokio::select! {
                _ = tokio::time::sleep(CHECKPOINT_EVERY) => {}
                _ = stop.changed() => break,
            }
            if let Err(e) = db
                .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
                .await
            {
                tracing::warn!(error = %e, "checkpointer: checkpoint failed");
            }
        }
        let _ = db.close().await;
    }))
}

/// Begins a transaction that will write. On SQLite it takes the write lock up front.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let mut opts = TransactionOptions::default();
    if db.get_database_backend() == DbBackend::Sqlite {
        opts.sqlite_transaction_mode = Some(SqliteTransactionMode::Immediate);
    }
    db.begin_with_options(opts).await
}

/// The file of a SQLite URL (`sqlite://path?…` or `sqlite:path`); None for `:memory:` and
/// other databases.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

/// Whether an error is a unique-constraint violation (a lost race on an insert).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    /// Rows written stay in the WAL (far below the writer's own checkpoint threshold) until the
    /// checkpointer copies them into the database file.
    #[tokio::test]
    async fn the_checkpointer_copies_the_wal_into_the_database_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("cp.db");
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let db = connect(&url).await.expect("connect");
        db.execute_unprepared("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            .await
            .expect("create");
        let (stop_tx, stop) = tokio::sync::watch::channel(false);
        let task = checkpointer(&url, stop).expect("a SQLite file gets a checkpointer");
        let before = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        for i in 0..200 {
            db.execute_unprepared(&format!("INSERT INTO t (v) VALUES ('{i:0>400}')"))
                .await
                .expect("insert");
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let now = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            if now > before + 40_000 {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "database file still {now} bytes (was {before}): nothing checkpointed"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = stop_tx.send(true);
        let _ = task.await;
        assert!(checkpointer("postgres://x@y/z", stop_tx.subscribe()).is_none());
    }

    /// The read pool of a SQLite file sees what the writer committed and cannot write; where
    /// another pool would not see the same data (`:memory:`) it is the writer's pool, still
    /// refusing writes.
    #[tokio::test]
    async fn the_read_pool_sees_commits_and_cannot_write() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("r.db").display());
        let db = connect(&url).await.expect("connect");
        db.execute_unprepared("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            .await
            .expect("create");
        let read = connect_reads(&url, &db).await.expect("read pool");
        for i in 0..3 {
            db.execute_unprepared(&format!("INSERT INTO t (v) VALUES ('{i}')"))
                .await
                .expect("insert");
            let n = read
                .query_one_raw(sea_orm::Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT COUNT(*) AS n FROM t",
                ))
                .await
                .expect("count")
                .and_then(|row| row.try_get::<i64>("", "n").ok());
            assert_eq!(n, Some(i + 1), "the reader saw an old snapshot");
        }
        assert!(read
            .execute_unprepared("INSERT INTO t (v) VALUES ('x')")
            .await
            .is_err());

        let mem = connect("sqlite::memory:").await.expect("memory");
        mem.execute_unprepared("CREATE TABLE m (id INTEGER PRIMARY KEY)")
            .await
            .expect("create");
        let same = connect_reads("sqlite::memory:", &mem).await.expect("reads");
        mem.execute_unprepared("INSERT INTO m DEFAULT VALUES")
            .await
            .expect("insert");
        // The reader is the writer's own pool here (another would see a database of its own),
        // and it still refuses to write.
        let n = same
            .query_one_raw(sea_orm::Statement::from_string(
                DbBackend::Sqlite,
                "SELECT COUNT(*) AS n FROM m",
            ))
            .await
            .expect("count")
            .and_then(|row| row.try_get::<i64>("", "n").ok());
        assert_eq!(n, Some(1));
        assert!(same
            .execute_unprepared("INSERT INTO m DEFAULT VALUES")
            .await
            .is_err());
    }
}
