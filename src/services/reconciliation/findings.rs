//! Discrepancies: recorded once per (report, kind, subject) however often the day is reconciled,
//! each with the merchant's `reconciliation.discrepancy` callback in the same transaction when
//! it becomes open; healed ones are marked so; ones a later run no longer finds are cleared.

use chrono::Utc;
use entity::discrepancy::{self, Column};
use entity::reconciliation_report as report;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TryInsertResult,
};
use serde_json::json;

use super::reports::Counts;
use crate::core::Core;
use crate::db::ids;
use crate::outbox::callbacks::{self, CallbackEventType};
use paycenter_domain::{Amount, DiscrepancyKind, DiscrepancyStatus as Status};

/// What a finding needs to be settled by asking the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heal {
    /// A payment the bill has and paycenter does not: query the order.
    Payment { order_id: String },
    /// A refund still PROCESSING here: query it (the bill's state is what it should reach).
    Refund {
        refund_id: String,
        bill_state: paycenter_domain::BillEntryState,
    },
}

/// One disagreement between the bill and paycenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: DiscrepancyKind,
    pub order_id: Option<String>,
    pub order_no: String,
    pub refund_id: Option<String>,
    pub refund_no: Option<String>,
    pub provider_trade_no: Option<String>,
    pub provider_refund_no: Option<String>,
    /// paycenter's amount (fen).
    pub amount: Option<i64>,
    /// The bill's amount (fen).
    pub bill_amount: Option<i64>,
    pub line_no: Option<i64>,
    pub detail: String,
    /// Set when a provider query may settle it.
    pub heal: Option<Heal>,
}

impl Finding {
    /// What it is about, unique per report and kind.
    pub fn subject_key(&self) -> String {
        match &self.refund_no {
            Some(r) => format!("{}/{r}", self.order_no),
            None => self.order_no.clone(),
        }
    }
}

/// "12.34 yuan".
pub fn yuan(fen: i64) -> String {
    match Amount::yuan_of(fen) {
        Some(y) => format!("{y} yuan"),
        None => format!("{fen} fen"),
    }
}

/// The callback's `data`.
fn event_data(d: &discrepancy::Model) -> serde_json::Value {
    json!({
        "projectId": d.project_id,
        "reportId": d.report_id,
        "discrepancyId": d.id,
        "date": d.day.format("%Y-%m-%d").to_string(),
        // As the API names it (WECHAT, ALIPAY).
        "provider": d.provider.as_str().to_ascii_uppercase(),
        "kind": d.kind.as_str(),
        "status": d.status.as_str(),
        "orderId": d.order_id,
        "orderNo": d.order_no,
        "refundId": d.refund_id,
        "refundNo": d.refund_no,
        "providerTradeNo": d.provider_trade_no,
        "providerRefundNo": d.provider_refund_no,
        "amount": d.amount,
        "amountYuan": d.amount.and_then(Amount::yuan_of),
        "billAmount": d.bill_amount,
        "billAmountYuan": d.bill_amount.and_then(Amount::yuan_of),
        "detail": d.detail,
    })
}

/// What recording did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// New, or open again after a run had cleared it: the merchant is called back.
    Opened,
    /// Known already (its status kept, or moved to HEALED).
    Seen,
    Healed,
}

/// Records `f` for `report`'s run `run` as OPEN or HEALED. A finding already recorded keeps its
/// status unless it was open (or cleared) and is now healed, or was cleared and is open again.
pub async fn record(
    d: &Core,
    report: &report::Model,
    run: i32,
    f: &Finding,
    healed: bool,
) -> Result<Recorded, DbErr> {
    let now = Utc::now();
    let key = f.subject_key();
    let wanted = if healed { Status::Healed } else { Status::Open };
    let txn = crate::db::begin_write(&d.db).await?;
    let row = discrepancy::ActiveModel {
        id: Set(ids::new_id("dsc")),
        report_id: Set(report.id.clone()),
        project_id: Set(report.project_id.clone()),
        provider: Set(report.provider),
        day: Set(report.day),
        kind: Set(f.kind),
        status: Set(wanted),
        subject_key: Set(key.clone()),
        order_id: Set(f.order_id.clone()),
        order_no: Set(Some(f.order_no.clone())),
        refund_id: Set(f.refund_id.clone()),
        refund_no: Set(f.refund_no.clone()),
        provider_trade_no: Set(f.provider_trade_no.clone()),
        provider_refund_no: Set(f.provider_refund_no.clone()),
        amount: Set(f.amount),
        bill_amount: Set(f.bill_amount),
        line_no: Set(f.line_no),
        detail: Set(crate::store::audit::cap(&f.detail)),
        last_seen_run: Set(run),
        healed_at: Set(healed.then_some(now)),
        resolved_by: Set(None),
        resolution_note: Set(None),
        resolved_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let inserted = discrepancy::Entity::insert(row)
        .on_conflict_do_nothing_on([Column::ReportId, Column::Kind, Column::SubjectKey])
        .exec_without_returning(&txn)
        .await?;
    let existing = discrepancy::Entity::find()
        .filter(Column::ReportId.eq(report.id.clone()))
        .filter(Column::Kind.eq(f.kind))
        .filter(Column::SubjectKey.eq(key))
        .one(&txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("discrepancy".into()))?;
    let outcome = if matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        if healed {
            Recorded::Healed
        } else {
            Recorded::Opened
        }
    } else {
        let next = match (existing.status, wanted) {
            (Status::Open | Status::Cleared, Status::Healed) => Status::Healed,
            (Status::Cleared, Status::Open) => Status::Open,
            (current, _) => current,
        };
        let outcome = match (existing.status, next) {
            (Status::Cleared, Status::Open) => Recorded::Opened,
            (Status::Open | Status::Cleared, Status::Healed) => Recorded::Healed,
            _ => Recorded::Seen,
        };
        let mut update = discrepancy::Entity::update_many()
            .col_expr(Column::Status, Expr::value(next))
            .col_expr(Column::LastSeenRun, Expr::value(run))
            .col_expr(Column::Amount, Expr::value(f.amount))
            .col_expr(Column::BillAmount, Expr::value(f.bill_amount))
            .col_expr(
                Column::Detail,
                Expr::value(crate::store::audit::cap(&f.detail)),
            )
            .col_expr(Column::UpdatedAt, Expr::value(now));
        if outcome == Recorded::Healed {
            update = update.col_expr(Column::HealedAt, Expr::value(now));
        }
        // Conditional on the status read, so a racing run cannot open (and call back) twice.
        let res = update
            .filter(Column::Id.eq(existing.id.clone()))
            .filter(Column::Status.eq(existing.status))
            .exec(&txn)
            .await?;
        if res.rows_affected == 1 {
            outcome
        } else {
            Recorded::Seen
        }
    };
    if outcome == Recorded::Opened {
        let mut now_open = existing.clone();
        now_open.status = Status::Open;
        callbacks::enqueue_project_event(
            &txn,
            &now_open.project_id,
            now_open.order_id.as_deref(),
            CallbackEventType::ReconciliationDiscrepancy,
            event_data(&now_open),
        )
        .await?;
    }
    txn.commit().await?;
    if outcome == Recorded::Opened {
        d.worker.wake();
    }
    Ok(outcome)
}

/// Clears the report's open discrepancies that run `run` did not find again.
pub async fn clear_unseen<C: ConnectionTrait>(
    conn: &C,
    report_id: &str,
    run: i32,
) -> Result<u64, DbErr> {
    let res = discrepancy::Entity::update_many()
        .col_expr(Column::Status, Expr::value(Status::Cleared))
        .col_expr(Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(Column::ReportId.eq(report_id))
        .filter(Column::Status.eq(Status::Open))
        .filter(Column::LastSeenRun.lt(run))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// The report's counts.
pub async fn counts<C: ConnectionTrait>(conn: &C, report_id: &str) -> Result<Counts, DbErr> {
    let of = |statuses: Vec<Status>| {
        discrepancy::Entity::find()
            .filter(Column::ReportId.eq(report_id))
            .filter(Column::Status.is_in(statuses))
            .count(conn)
    };
    let total = of(vec![Status::Open, Status::Healed, Status::Resolved]).await?;
    let open = of(vec![Status::Open]).await?;
    let healed = of(vec![Status::Healed]).await?;
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    Ok(Counts {
        total: n(total),
        open: n(open),
        healed: n(healed),
    })
}
