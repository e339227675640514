//! A bill's lines into `bill_lines`, as they are parsed: the parser runs on a blocking thread
//! (it is CPU work) and hands chunks over a bounded channel, each chunk is one multi-row insert,
//! so a day of any size costs a few chunks of memory. The lines are staged under the run's
//! number and trusted only once the parser's `finish` checked the whole bill (totals, checksums)
//! and `commit` made that run the report's.

use chrono::Utc;
use entity::bill_line;
use entity::reconciliation_report::{self as report, Column};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use tokio::sync::mpsc;

use paycenter_domain::{BillEntryKind, BillEntryState, ReconciliationStatus as Status};
use paycenter_providers::bills::{BillRefundState, BillTotals, BillTradeState, NetAmount};
use paycenter_providers::{Bill, BillError, BillLine, BillLineKind};

/// Lines per insert (14 columns: well under SQLite's bound-parameter limit).
const CHUNK: usize = 1000;
/// Chunks parsed ahead of the inserts.
const AHEAD: usize = 2;

enum Parsed {
    Lines(Vec<BillLine>),
    End(Result<BillTotals, BillError>),
}

/// The stored state of a bill line.
fn entry(line: &BillLine) -> (BillEntryKind, BillEntryState) {
    match &line.kind {
        BillLineKind::Payment => (
            BillEntryKind::Payment,
            match line.trade_state {
                BillTradeState::Success => BillEntryState::Paid,
                BillTradeState::Revoked => BillEntryState::Revoked,
                // The parsers mark refund lines by their refund columns; a payment line the
                // provider wrote as REFUND is a payment all the same.
                BillTradeState::Refund => BillEntryState::Paid,
            },
        ),
        BillLineKind::Refund(r) => (
            BillEntryKind::Refund,
            match r.state {
                BillRefundState::Succeeded => BillEntryState::RefundSucceeded,
                BillRefundState::Processing => BillEntryState::RefundProcessing,
                BillRefundState::Closed => BillEntryState::RefundClosed,
                BillRefundState::Abnormal => BillEntryState::RefundAbnormal,
            },
        ),
    }
}

fn row(report_id: &str, run: i32, line: BillLine) -> bill_line::ActiveModel {
    let (kind, state) = entry(&line);
    let refund = line.refund().cloned();
    bill_line::ActiveModel {
        report_id: Set(report_id.to_owned()),
        run: Set(run),
        line_no: Set(i64::try_from(line.line_no).unwrap_or(i64::MAX)),
        kind: Set(kind),
        state: Set(state),
        out_trade_no: Set(line.out_trade_no),
        provider_trade_no: Set(line.provider_trade_no),
        out_refund_no: Set(refund.as_ref().map(|r| r.out_refund_no.clone())),
        provider_refund_no: Set(refund.as_ref().and_then(|r| r.provider_refund_no.clone())),
        amount: Set(line.order_amount.fen()),
        refund_amount: Set(refund.as_ref().map(|r| r.amount.fen())),
        fee: Set(line.fee.fen()),
        time: Set(line.time),
    }
}

/// What staging came to.
pub enum Staged {
    /// Every line is in, and the bill checked out to its end.
    Complete { totals: BillTotals, lines: u64 },
    /// The bill does not check out (or could not be opened); this run's lines were removed.
    Invalid(BillError),
}

/// Streams `bill` into `bill_lines` under (`report_id`, `run`), after removing lines left by runs
/// that were never committed (a runner that died).
pub async fn stage<C: ConnectionTrait>(
    conn: &C,
    report_id: &str,
    run: i32,
    committed_run: i32,
    bill: Bill,
) -> Result<Staged, DbErr> {
    bill_line::Entity::delete_many()
        .filter(bill_line::Column::ReportId.eq(report_id))
        .filter(bill_line::Column::Run.ne(committed_run))
        .exec(conn)
        .await?;
    let (tx, mut rx) = mpsc::channel::<Parsed>(AHEAD);
    let parser = tokio::task::spawn_blocking(move || {
        let mut lines = match bill.lines() {
            Ok(l) => l,
            Err(e) => {
                let _ = tx.blocking_send(Parsed::End(Err(e)));
                return;
            }
        };
        let mut chunk = Vec::with_capacity(CHUNK);
        for item in &mut lines {
            match item {
                Ok(line) => {
                    chunk.push(line);
                    if chunk.len() == CHUNK {
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                        if tx.blocking_send(Parsed::Lines(full)).is_err() {
                            // The run was abandoned.
                            return;
                        }
                    }
                }
                // `finish` returns it.
                Err(_) => break,
            }
        }
        if !chunk.is_empty() && tx.blocking_send(Parsed::Lines(chunk)).is_err() {
            return;
        }
        let _ = tx.blocking_send(Parsed::End(lines.finish()));
    });
    let mut count = 0u64;
    let outcome = loop {
        match rx.recv().await {
            Some(Parsed::Lines(lines)) => {
                count += lines.len() as u64;
                let rows: Vec<_> = lines.into_iter().map(|l| row(report_id, run, l)).collect();
                if let Err(e) = bill_line::Entity::insert_many(rows)
                    .exec_without_returning(conn)
                    .await
                {
                    drop(rx);
                    let _ = parser.await;
                    return Err(e);
                }
            }
            Some(Parsed::End(Ok(totals))) => {
                break Staged::Complete {
                    totals,
                    lines: count,
                }
            }
            Some(Parsed::End(Err(e))) => break Staged::Invalid(e),
            None => {
                break Staged::Invalid(BillError::malformed(
                    0,
                    "the bill parser stopped without a verdict",
                ))
            }
        }
    };
    let _ = parser.await;
    if let Staged::Invalid(_) = &outcome {
        discard(conn, report_id, run).await?;
    }
    Ok(outcome)
}

/// Removes a run's staged lines.
pub async fn discard<C: ConnectionTrait>(conn: &C, report_id: &str, run: i32) -> Result<(), DbErr> {
    bill_line::Entity::delete_many()
        .filter(bill_line::Column::ReportId.eq(report_id))
        .filter(bill_line::Column::Run.eq(run))
        .exec(conn)
        .await?;
    Ok(())
}

/// Makes `run`'s lines the report's (with the bill's checked totals) and drops the others', in
/// one transaction, while `claimant` holds the report. False if it no longer does.
pub async fn commit(
    db: &sea_orm::DatabaseConnection,
    report_id: &str,
    claimant: &str,
    run: i32,
    totals: &BillTotals,
) -> Result<bool, DbErr> {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let txn = crate::db::begin_write(db).await?;
    let res = report::Entity::update_many()
        .col_expr(Column::LinesRun, Expr::value(run))
        .col_expr(Column::BillPayments, Expr::value(count(totals.payments)))
        .col_expr(
            Column::BillPaidAmount,
            Expr::value(totals.paid_amount.fen()),
        )
        .col_expr(
            Column::BillSettlementAmount,
            Expr::value(totals.settlement_amount.fen()),
        )
        .col_expr(Column::BillRefunds, Expr::value(count(totals.refunds)))
        .col_expr(
            Column::BillRefundedAmount,
            Expr::value(totals.refunded_amount.fen()),
        )
        .col_expr(Column::BillFee, Expr::value(totals.net_fee.fen()))
        .col_expr(Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(Column::Id.eq(report_id))
        .filter(Column::ClaimedBy.eq(claimant))
        .filter(Column::Status.eq(Status::Running))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(false);
    }
    bill_line::Entity::delete_many()
        .filter(bill_line::Column::ReportId.eq(report_id))
        .filter(bill_line::Column::Run.ne(run))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // The day's lines were just loaded: without fresh statistics the planner takes the
        // report's lines for a handful and filters them instead of using the index (quadratic on a
        // large day). ANALYZE samples a bounded number of rows.
        db.execute_unprepared("ANALYZE bill_lines").await?;
    }
    Ok(true)
}

/// The totals of a day the provider states empty (no bill because nothing happened).
pub fn empty_totals() -> BillTotals {
    BillTotals {
        payments: 0,
        refunds: 0,
        paid_amount: paycenter_domain::Amount::ZERO,
        settlement_amount: paycenter_domain::Amount::ZERO,
        refunded_amount: paycenter_domain::Amount::ZERO,
        net_fee: NetAmount::ZERO,
        stated: Vec::new(),
    }
}
