//! The read pool as a type of its own: a function that must read from it takes `&Reader`, so the
//! writer cannot be passed by mistake (and the reader cannot be passed where a write happens: it
//! refuses statements that are not queries, on every database, so a misuse fails in the tests).

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, Statement,
};

/// Reads outside transactions: on a SQLite file a pool of read-only connections beside the single
/// writer (in WAL mode readers neither wait for nor block it); on PostgreSQL and an in-memory
/// SQLite the writer's pool. A read sees every transaction committed before it began.
#[derive(Clone, Debug)]
pub struct Reader(DatabaseConnection);

impl Reader {
    /// The writer itself as the read pool (PostgreSQL; `:memory:`).
    pub fn of(pool: DatabaseConnection) -> Self {
        Reader(pool)
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.0.close().await
    }
}

fn refuse() -> DbErr {
    DbErr::Custom("the read pool does not execute statements that write".into())
}

#[async_trait::async_trait]
impl ConnectionTrait for Reader {
    fn get_database_backend(&self) -> DbBackend {
        self.0.get_database_backend()
    }

    async fn execute_raw(&self, _stmt: Statement) -> Result<ExecResult, DbErr> {
        Err(refuse())
    }

    async fn execute_unprepared(&self, _sql: &str) -> Result<ExecResult, DbErr> {
        Err(refuse())
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.0.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.0.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.0.support_returning()
    }
}
