//! Report rows: created once per (project, provider, day) whoever asks first, claimed by one
//! runner at a time with a conditional update and a lease it keeps renewing, and finished only
//! by the runner still holding it.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use entity::reconciliation_report::{self as report, Column};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, TryInsertResult,
};

use crate::db::ids;
use paycenter_domain::{Provider, ReconciliationStatus as Status};

/// How long a claim holds without renewal. A run renews it every third of this, so a runner that
/// died (or hangs) loses the day to another after at most this long.
pub const LEASE: Duration = Duration::from_secs(180);

fn lease_end(now: DateTime<Utc>) -> DateTime<Utc> {
    now + chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::minutes(3))
}

/// The report of (project, provider, day), created PENDING if there was none; and whether this
/// call created it. Two callers at once create one row (the unique index; the loser's insert does
/// nothing).
pub async fn ensure<C: ConnectionTrait>(
    conn: &C,
    project_id: &str,
    provider: Provider,
    day: NaiveDate,
) -> Result<(report::Model, bool), DbErr> {
    let now = Utc::now();
    let row = report::ActiveModel {
        id: Set(ids::new_id("rcn")),
        project_id: Set(project_id.to_owned()),
        provider: Set(provider),
        day: Set(day),
        status: Set(Status::Pending),
        attempts: Set(0),
        lines_run: Set(0),
        claimed_by: Set(None),
        claimed_until: Set(None),
        next_attempt_at: Set(None),
        last_error: Set(None),
        bill_payments: Set(None),
        bill_paid_amount: Set(None),
        bill_settlement_amount: Set(None),
        bill_refunds: Set(None),
        bill_refunded_amount: Set(None),
        bill_fee: Set(None),
        payments: Set(None),
        paid_amount: Set(None),
        refunds: Set(None),
        refunded_amount: Set(None),
        discrepancies: Set(0),
        open_discrepancies: Set(0),
        healed_discrepancies: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        started_at: Set(None),
        finished_at: Set(None),
    };
    let inserted = report::Entity::insert(row)
        .on_conflict_do_nothing_on([Column::ProjectId, Column::Provider, Column::Day])
        .exec_without_returning(conn)
        .await?;
    let created = matches!(inserted, TryInsertResult::Inserted(n) if n > 0);
    let found = report::Entity::find()
        .filter(Column::ProjectId.eq(project_id))
        .filter(Column::Provider.eq(provider))
        .filter(Column::Day.eq(day))
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("reconciliation report".into()))?;
    Ok((found, created))
}

/// Claims the report for `claimant`: RUNNING, one more attempt, a fresh lease. The scheduled job
/// (`force` false) claims only a report that still wants an attempt; a run by hand (`force`)
/// claims any report not held by a live claim (re-reconciling a day already done). A claim
/// whose lease ran out (its runner died) is taken over either way. None: someone else holds it
/// (or, unforced, there is nothing left to do).
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    id: &str,
    claimant: &str,
    force: bool,
) -> Result<Option<report::Model>, DbErr> {
    let now = Utc::now();
    let claimable: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| *s != Status::Running && (force || s.wants_attempt()))
        .collect();
    let mut rows = report::Entity::update_many()
        .col_expr(Column::Status, Expr::value(Status::Running))
        .col_expr(Column::ClaimedBy, Expr::value(claimant))
        .col_expr(Column::ClaimedUntil, Expr::value(lease_end(now)))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .col_expr(
            Column::NextAttemptAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::StartedAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(
            Condition::any().add(Column::Status.is_in(claimable)).add(
                Condition::all()
                    .add(Column::Status.eq(Status::Running))
                    .add(Column::ClaimedUntil.lt(now)),
            ),
        )
        .exec_with_returning(conn)
        .await?;
    Ok(rows.pop())
}

/// Renews the claim; false once `claimant` no longer holds it.
pub async fn renew<C: ConnectionTrait>(conn: &C, id: &str, claimant: &str) -> Result<bool, DbErr> {
    let now = Utc::now();
    let res = report::Entity::update_many()
        .col_expr(Column::ClaimedUntil, Expr::value(lease_end(now)))
        .filter(Column::Id.eq(id))
        .filter(Column::ClaimedBy.eq(claimant))
        .filter(Column::Status.eq(Status::Running))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// paycenter's side of the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ours {
    pub payments: i64,
    pub paid_amount: i64,
    pub refunds: i64,
    pub refunded_amount: i64,
}

/// The report's discrepancy counts (cleared ones not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: i64,
    pub open: i64,
    pub healed: i64,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct Finish {
    pub status: Status,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub ours: Option<Ours>,
    pub counts: Option<Counts>,
}

/// Ends `claimant`'s run with `f`, releasing the claim. None: it no longer held the report (a
/// takeover after its lease ran out); nothing is written.
pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    id: &str,
    claimant: &str,
    f: Finish,
) -> Result<Option<report::Model>, DbErr> {
    let now = Utc::now();
    let mut update = report::Entity::update_many()
        .col_expr(Column::Status, Expr::value(f.status))
        .col_expr(Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(
            Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::NextAttemptAt, Expr::value(f.next_attempt_at))
        .col_expr(
            Column::LastError,
            Expr::value(f.last_error.map(|e| crate::store::audit::cap(&e))),
        )
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if matches!(
        f.status,
        Status::Done | Status::NoBill | Status::Failed | Status::NotReady | Status::Retrying
    ) {
        update = update.col_expr(Column::FinishedAt, Expr::value(now));
    }
    if let Some(o) = f.ours {
        update = update
            .col_expr(Column::Payments, Expr::value(o.payments))
            .col_expr(Column::PaidAmount, Expr::value(o.paid_amount))
            .col_expr(Column::Refunds, Expr::value(o.refunds))
            .col_expr(Column::RefundedAmount, Expr::value(o.refunded_amount));
    }
    if let Some(c) = f.counts {
        update = update
            .col_expr(Column::Discrepancies, Expr::value(c.total))
            .col_expr(Column::OpenDiscrepancies, Expr::value(c.open))
            .col_expr(Column::HealedDiscrepancies, Expr::value(c.healed));
    }
    let mut rows = update
        .filter(Column::Id.eq(id))
        .filter(Column::ClaimedBy.eq(claimant))
        .filter(Column::Status.eq(Status::Running))
        .exec_with_returning(conn)
        .await?;
    Ok(rows.pop())
}
