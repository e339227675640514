//! The outbox table as a queue: enqueue inside the caller's transaction; claim due rows
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances never take the same row; SQLite: one
//! atomic UPDATE, SQLite having a single writer); finish, retry or fail a claimed row only while
//! still holding it.

use chrono::{DateTime, Utc};
use entity::job;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, Set,
    Statement,
};

use crate::services::ids;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Deliver a merchant callback event.
    Callback,
    /// Close an order whose time is up.
    Expire,
    /// Ask the provider about an order still PENDING.
    Reconcile,
    /// Finish a close the merchant asked for while the provider was unavailable.
    Close,
    /// Ask the provider about a refund still PROCESSING (payload `{"refundId": …}`).
    RefundQuery,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Callback => "CALLBACK",
            JobKind::Expire => "EXPIRE",
            JobKind::Reconcile => "RECONCILE",
            JobKind::Close => "CLOSE",
            JobKind::RefundQuery => "REFUND_QUERY",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            JobKind::Callback,
            JobKind::Expire,
            JobKind::Reconcile,
            JobKind::Close,
            JobKind::RefundQuery,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

pub const PENDING: &str = "PENDING";
pub const RUNNING: &str = "RUNNING";
pub const DONE: &str = "DONE";
pub const FAILED: &str = "FAILED";

/// Adds a job (call inside the transaction whose change causes it).
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    order_id: Option<&str>,
    payload: serde_json::Value,
    run_at: DateTime<Utc>,
) -> Result<String, DbErr> {
    let now = Utc::now();
    let id = ids::new_id("job");
    job::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.as_str().to_owned()),
        order_id: Set(order_id.map(str::to_owned)),
        payload: Set(payload.to_string()),
        state: Set(PENDING.to_owned()),
        attempts: Set(0),
        run_at: Set(run_at),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due jobs for `instance`: PENDING ones whose time has come, and RUNNING
/// ones whose lease ran out (their instance died).
pub async fn claim(
    db: &DatabaseConnection,
    instance: &str,
    limit: u64,
    lease: chrono::Duration,
) -> Result<Vec<job::Model>, DbErr> {
    let backend = db.get_database_backend();
    let now = Utc::now();
    let lock = if backend == DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let p = placeholder(backend);
    let sql = format!(
        "UPDATE jobs SET state = '{RUNNING}', locked_by = {p1}, locked_until = {p2}, attempts = attempts + 1, updated_at = {p3} \
         WHERE id IN (SELECT id FROM jobs WHERE (state = '{PENDING}' AND run_at <= {p3}) OR (state = '{RUNNING}' AND locked_until < {p3}) \
         ORDER BY run_at LIMIT {p4}{lock}) RETURNING *",
        p1 = p(1),
        p2 = p(2),
        p3 = p(3),
        p4 = p(4),
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    job::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(
            backend,
            sql,
            [
                instance.into(),
                (now + lease).into(),
                now.into(),
                limit.into(),
            ],
        ))
        .all(db)
        .await
}

/// Numbered bind parameters: `$1` on PostgreSQL, `?1` on SQLite.
fn placeholder(backend: DbBackend) -> fn(usize) -> String {
    fn pg(i: usize) -> String {
        format!("${i}")
    }
    fn sqlite(i: usize) -> String {
        format!("?{i}")
    }
    if backend == DbBackend::Postgres {
        pg
    } else {
        sqlite
    }
}

/// Sets the outcome of a job this instance holds. Returns false if it no longer held it.
async fn settle(
    db: &DatabaseConnection,
    id: &str,
    instance: &str,
    state: &str,
    run_at: Option<DateTime<Utc>>,
    error: Option<&str>,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let p = placeholder(backend);
    let now = Utc::now();
    let sql = format!(
        "UPDATE jobs SET state = {p1}, run_at = COALESCE({p2}, run_at), last_error = {p3}, locked_by = NULL, locked_until = NULL, updated_at = {p4} \
         WHERE id = {p5} AND locked_by = {p6} AND state = '{RUNNING}'",
        p1 = p(1),
        p2 = p(2),
        p3 = p(3),
        p4 = p(4),
        p5 = p(5),
        p6 = p(6),
    );
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                state.into(),
                run_at.into(),
                error
                    .map(|e| e.chars().take(1000).collect::<String>())
                    .into(),
                now.into(),
                id.into(),
                instance.into(),
            ],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

pub async fn done(db: &DatabaseConnection, id: &str, instance: &str) -> Result<bool, DbErr> {
    settle(db, id, instance, DONE, None, None).await
}

pub async fn retry(
    db: &DatabaseConnection,
    id: &str,
    instance: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<bool, DbErr> {
    settle(db, id, instance, PENDING, Some(at), Some(error)).await
}

pub async fn fail(
    db: &DatabaseConnection,
    id: &str,
    instance: &str,
    error: &str,
) -> Result<bool, DbErr> {
    settle(db, id, instance, FAILED, None, Some(error)).await
}

/// Hands back every job this instance holds (graceful shutdown), so others take them at once.
pub async fn release_all(db: &DatabaseConnection, instance: &str) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let p = placeholder(backend);
    let sql = format!(
        "UPDATE jobs SET state = '{PENDING}', locked_by = NULL, locked_until = NULL, attempts = attempts - 1 \
         WHERE locked_by = {p1} AND state = '{RUNNING}'",
        p1 = p(1)
    );
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [instance.into()],
        ))
        .await?;
    Ok(res.rows_affected())
}
