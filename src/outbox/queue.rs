//! The outbox table as a queue: enqueue inside the caller's transaction; claim due rows
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances never take the same row; SQLite: one
//! atomic UPDATE, SQLite having a single writer); finish, retry or fail a claimed row only while
//! still holding it.

use chrono::{DateTime, Utc};
use entity::job;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    Set, Statement,
};

use crate::db::ids;

pub use paycenter_domain::{JobKind, JobState};

/// A job to add: what, for which order, with what payload, when.
pub struct NewJob<'a> {
    pub kind: JobKind,
    pub order_id: Option<&'a str>,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
}

/// Adds a job (call inside the transaction whose change causes it).
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    order_id: Option<&str>,
    payload: serde_json::Value,
    run_at: DateTime<Utc>,
) -> Result<String, DbErr> {
    let mut ids = enqueue_all(
        conn,
        [NewJob {
            kind,
            order_id,
            payload,
            run_at,
        }],
    )
    .await?;
    Ok(ids.pop().unwrap_or_default())
}

/// Adds several jobs in one statement (inside the caller's transaction); returns their ids.
pub async fn enqueue_all<'a, C: ConnectionTrait>(
    conn: &C,
    jobs: impl IntoIterator<Item = NewJob<'a>>,
) -> Result<Vec<String>, DbErr> {
    let now = Utc::now();
    let mut ids = Vec::new();
    let rows: Vec<job::ActiveModel> = jobs
        .into_iter()
        .map(|j| {
            let id = ids::new_id("job");
            ids.push(id.clone());
            job::ActiveModel {
                id: Set(id),
                kind: Set(j.kind),
                order_id: Set(j.order_id.map(str::to_owned)),
                payload: Set(j.payload.to_string()),
                state: Set(JobState::Pending),
                attempts: Set(0),
                run_at: Set(j.run_at),
                locked_by: Set(None),
                locked_until: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
        })
        .collect();
    if rows.is_empty() {
        return Ok(ids);
    }
    job::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(ids)
}

/// The kinds this version runs, as an SQL list: a job of a kind it does not know (queued by a
/// newer version during a rolling deploy) is left for an instance that does, rather than
/// failing every claim that would read it.
fn known_kinds() -> String {
    JobKind::ALL
        .iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
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
         WHERE id IN (SELECT id FROM jobs WHERE ((state = '{PENDING}' AND run_at <= {p3}) OR (state = '{RUNNING}' AND locked_until < {p3})) \
         AND kind IN ({kinds}) ORDER BY run_at LIMIT {p4}{lock}) RETURNING *",
        kinds = known_kinds(),
        RUNNING = JobState::Running,
        PENDING = JobState::Pending,
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
async fn settle<C: ConnectionTrait>(
    db: &C,
    id: &str,
    instance: &str,
    state: JobState,
    run_at: Option<DateTime<Utc>>,
    error: Option<&str>,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let p = placeholder(backend);
    let now = Utc::now();
    let sql = format!(
        "UPDATE jobs SET state = {p1}, run_at = COALESCE({p2}, run_at), last_error = {p3}, locked_by = NULL, locked_until = NULL, updated_at = {p4} \
         WHERE id = {p5} AND locked_by = {p6} AND state = '{RUNNING}'",
        RUNNING = JobState::Running,
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
                state.as_str().into(),
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

pub async fn done<C: ConnectionTrait>(db: &C, id: &str, instance: &str) -> Result<bool, DbErr> {
    settle(db, id, instance, JobState::Done, None, None).await
}

/// Marks every job of `ids` this instance still holds DONE, in one statement; returns how many.
pub async fn done_all<C: ConnectionTrait>(
    db: &C,
    ids: &[String],
    instance: &str,
) -> Result<u64, DbErr> {
    settle_all(db, ids, instance, JobState::Done, None, None).await
}

/// Sets one outcome for every job of `ids` this instance still holds (a batch's jobs that ended
/// alike), in one statement; returns how many it still held.
pub async fn settle_all<C: ConnectionTrait>(
    db: &C,
    ids: &[String],
    instance: &str,
    state: JobState,
    run_at: Option<DateTime<Utc>>,
    error: Option<&str>,
) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut update = job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value(state))
        .col_expr(
            job::Column::LastError,
            Expr::value(error.map(|e| e.chars().take(1000).collect::<String>())),
        )
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(
            job::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(at) = run_at {
        update = update.col_expr(job::Column::RunAt, Expr::value(at));
    }
    let res = update
        .filter(job::Column::Id.is_in(ids.iter().cloned()))
        .filter(job::Column::LockedBy.eq(instance))
        .filter(job::Column::State.eq(JobState::Running))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

pub async fn retry<C: ConnectionTrait>(
    db: &C,
    id: &str,
    instance: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<bool, DbErr> {
    settle(db, id, instance, JobState::Pending, Some(at), Some(error)).await
}

pub async fn fail<C: ConnectionTrait>(
    db: &C,
    id: &str,
    instance: &str,
    error: &str,
) -> Result<bool, DbErr> {
    settle(db, id, instance, JobState::Failed, None, Some(error)).await
}

/// Extends the lease of a job this instance still holds (a long job keeps it while it works).
/// Returns false if it no longer held it.
pub async fn extend_lease<C: ConnectionTrait>(
    db: &C,
    id: &str,
    instance: &str,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(until))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LockedBy.eq(instance))
        .filter(job::Column::State.eq(JobState::Running))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Hands back every job this instance holds (graceful shutdown), so others take them at once.
pub async fn release_all(db: &DatabaseConnection, instance: &str) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let p = placeholder(backend);
    let sql = format!(
        "UPDATE jobs SET state = '{PENDING}', locked_by = NULL, locked_until = NULL, attempts = attempts - 1 \
         WHERE locked_by = {p1} AND state = '{RUNNING}'",
        PENDING = JobState::Pending,
        RUNNING = JobState::Running,
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
