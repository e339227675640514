//! The comparison, both ways, over the committed bill lines and paycenter's tables, page by page
//! (nothing holds a day's orders or lines at once):
//!
//! 1. **Bill → paycenter**: each line joined to its order (by `(project, out_trade_no)`, the
//!    orders' unique key) and refund (by `(order, out_refund_no)`), a page of lines per query;
//!    [`assess`] says what is wrong with a line, if anything.
//! 2. **paycenter → bill**: the day's PAID orders and SUCCEEDED refunds (paycenter's own times),
//!    a page at a time along the `(project_id, time)` indexes, checked against the bill's lines
//!    by number (one `IN` lookup per page). Before one is
//!    reported the provider is asked: a payment or refund its own records put on a neighbouring
//!    day (it crossed midnight Beijing time) is that day's business, not a discrepancy.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};

use super::findings::{yuan, Finding, Heal};
use super::reports::Ours;
use paycenter_domain::{
    BillEntryKind, BillEntryState, Channel, DiscrepancyKind, OrderState, Provider, RefundState,
};
use paycenter_providers::bills::beijing_date;
use paycenter_providers::{PaymentProvider, RefundState as Verdict, TradeState};

/// Lines (or orders, refunds) per query.
pub const PAGE: u64 = 1000;

/// A bill line as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView {
    pub line_no: i64,
    pub kind: BillEntryKind,
    pub state: BillEntryState,
    pub out_trade_no: String,
    pub provider_trade_no: String,
    pub out_refund_no: Option<String>,
    pub provider_refund_no: Option<String>,
    pub amount: i64,
    pub refund_amount: Option<i64>,
}

/// paycenter's order of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderView {
    pub id: String,
    pub state: OrderState,
    pub amount: i64,
}

/// paycenter's refund of a refund line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundView {
    pub id: String,
    pub state: RefundState,
    pub amount: i64,
}

fn base(kind: DiscrepancyKind, line: &LineView, order: Option<&OrderView>) -> Finding {
    Finding {
        kind,
        order_id: order.map(|o| o.id.clone()),
        order_no: line.out_trade_no.clone(),
        refund_id: None,
        refund_no: None,
        provider_trade_no: Some(line.provider_trade_no.clone()),
        provider_refund_no: None,
        amount: order.map(|o| o.amount),
        bill_amount: Some(line.amount),
        line_no: Some(line.line_no),
        detail: String::new(),
        heal: None,
    }
}

fn refund_base(
    kind: DiscrepancyKind,
    line: &LineView,
    order: Option<&OrderView>,
    refund: Option<&RefundView>,
) -> Finding {
    Finding {
        refund_id: refund.map(|r| r.id.clone()),
        refund_no: line.out_refund_no.clone(),
        provider_refund_no: line.provider_refund_no.clone(),
        amount: refund.map(|r| r.amount),
        bill_amount: line.refund_amount,
        ..base(kind, line, order)
    }
}

/// Whether a refund's state here agrees with the bill's.
pub fn refund_agrees(bill: BillEntryState, ours: RefundState) -> bool {
    match (bill, ours) {
        (BillEntryState::RefundSucceeded, RefundState::Succeeded)
        | (BillEntryState::RefundProcessing, RefundState::Processing)
        // The bill is a snapshot: a refund it shows processing may have succeeded since.
        | (BillEntryState::RefundProcessing, RefundState::Succeeded)
        | (BillEntryState::RefundClosed | BillEntryState::RefundAbnormal, RefundState::Failed) => {
            true
        }
        (BillEntryState::RefundSucceeded, RefundState::Processing | RefundState::Failed)
        | (BillEntryState::RefundProcessing, RefundState::Failed)
        | (
            BillEntryState::RefundClosed | BillEntryState::RefundAbnormal,
            RefundState::Succeeded | RefundState::Processing,
        ) => false,
        // Payment states never stand on refund lines.
        (BillEntryState::Paid | BillEntryState::Revoked, _) => true,
    }
}

/// What is wrong with a bill line, given paycenter's order and refund for it (None: nothing).
pub fn assess(
    line: &LineView,
    order: Option<&OrderView>,
    refund: Option<&RefundView>,
) -> Option<Finding> {
    match (line.kind, order) {
        (BillEntryKind::Payment, None) => Some(Finding {
            detail: format!(
                "the bill has a payment of {} for {} (trade {}) that paycenter has no order for",
                yuan(line.amount),
                line.out_trade_no,
                line.provider_trade_no
            ),
            ..base(DiscrepancyKind::PaidNotRecorded, line, None)
        }),
        (BillEntryKind::Payment, Some(o)) => {
            if line.amount != o.amount {
                return Some(Finding {
                    detail: format!(
                        "the bill states {} for order {}, paycenter recorded {}",
                        yuan(line.amount),
                        line.out_trade_no,
                        yuan(o.amount)
                    ),
                    ..base(DiscrepancyKind::AmountDiffers, line, Some(o))
                });
            }
            match line.state {
                BillEntryState::Paid if o.state.is_paid() => None,
                BillEntryState::Paid => Some(Finding {
                    detail: format!(
                        "the bill has order {} paid (trade {}); it is {} here",
                        line.out_trade_no, line.provider_trade_no, o.state
                    ),
                    heal: Some(Heal::Payment {
                        order_id: o.id.clone(),
                    }),
                    ..base(DiscrepancyKind::PaidNotRecorded, line, Some(o))
                }),
                BillEntryState::Revoked if o.state.is_paid() => Some(Finding {
                    detail: format!(
                        "the bill has order {} revoked; it is {} here",
                        line.out_trade_no, o.state
                    ),
                    ..base(DiscrepancyKind::StateDiffers, line, Some(o))
                }),
                BillEntryState::Revoked => None,
                // Refund states never stand on payment lines.
                BillEntryState::RefundSucceeded
                | BillEntryState::RefundProcessing
                | BillEntryState::RefundClosed
                | BillEntryState::RefundAbnormal => None,
            }
        }
        (BillEntryKind::Refund, o) => {
            let no = line.out_refund_no.clone().unwrap_or_default();
            let Some(r) = refund.filter(|_| o.is_some()) else {
                return Some(Finding {
                    detail: format!(
                        "the bill has a refund of {} ({no}) of {} that paycenter never made{}",
                        yuan(line.refund_amount.unwrap_or(0)),
                        line.out_trade_no,
                        if o.is_some() {
                            " (e.g. made in the merchant portal)"
                        } else {
                            ", of an order paycenter does not have"
                        }
                    ),
                    ..refund_base(DiscrepancyKind::RefundNotRecorded, line, o, None)
                });
            };
            if line.refund_amount != Some(r.amount) {
                return Some(Finding {
                    detail: format!(
                        "the bill states {} for refund {no} of {}, paycenter recorded {}",
                        yuan(line.refund_amount.unwrap_or(0)),
                        line.out_trade_no,
                        yuan(r.amount)
                    ),
                    ..refund_base(DiscrepancyKind::AmountDiffers, line, o, Some(r))
                });
            }
            if refund_agrees(line.state, r.state) {
                return None;
            }
            Some(Finding {
                detail: format!(
                    "the bill has refund {no} of {} as {}; it is {} here",
                    line.out_trade_no, line.state, r.state
                ),
                // Only a refund still in flight here can be settled by asking.
                heal: (r.state == RefundState::Processing).then(|| Heal::Refund {
                    refund_id: r.id.clone(),
                    bill_state: line.state,
                }),
                ..refund_base(DiscrepancyKind::StateDiffers, line, o, Some(r))
            })
        }
    }
}

/// `$n` (PostgreSQL) or `?n` (SQLite).
fn ph(backend: DbBackend, i: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    }
}

/// The provider's channels as an SQL list of their stored names (constants, not input).
fn channel_list(provider: Provider) -> String {
    Channel::ALL
        .iter()
        .filter(|c| c.provider() == provider)
        .map(|c| format!("'{}'", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stored names of the states of a paid order.
fn paid_states() -> String {
    OrderState::ALL
        .iter()
        .filter(|s| s.is_paid())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse<T: std::str::FromStr>(row: &QueryResult, col: &str) -> Result<T, DbErr>
where
    T::Err: std::fmt::Display,
{
    let s: String = row.try_get("", col)?;
    s.parse()
        .map_err(|e: T::Err| DbErr::Type(format!("{col}: {e}")))
}

fn parse_opt<T: std::str::FromStr>(row: &QueryResult, col: &str) -> Result<Option<T>, DbErr>
where
    T::Err: std::fmt::Display,
{
    let s: Option<String> = row.try_get("", col)?;
    s.map(|s| {
        s.parse()
            .map_err(|e: T::Err| DbErr::Type(format!("{col}: {e}")))
    })
    .transpose()
}

/// What the comparison reads from: a report's committed run of lines and its project's day.
pub struct Scope<'a> {
    pub report_id: &'a str,
    pub run: i32,
    pub project_id: &'a str,
    pub provider: Provider,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A page of bill lines after `after_line`, each with paycenter's order and refund.
pub async fn lines_page<C: ConnectionTrait>(
    conn: &C,
    s: &Scope<'_>,
    after_line: i64,
) -> Result<Vec<(LineView, Option<OrderView>, Option<RefundView>)>, DbErr> {
    let b = conn.get_database_backend();
    let sql = format!(
        "SELECT l.line_no, l.kind, l.state, l.out_trade_no, l.provider_trade_no, l.out_refund_no, \
         l.provider_refund_no, l.amount, l.refund_amount, \
         o.id AS o_id, o.state AS o_state, o.amount AS o_amount, \
         r.id AS r_id, r.state AS r_state, r.amount AS r_amount \
         FROM bill_lines l \
         LEFT JOIN orders o ON o.project_id = {p1} AND o.order_no = l.out_trade_no AND o.channel IN ({channels}) \
         LEFT JOIN refunds r ON r.order_id = o.id AND r.refund_no = l.out_refund_no \
         WHERE l.report_id = {p2} AND l.run = {p3} AND l.line_no > {p4} \
         ORDER BY l.line_no LIMIT {PAGE}",
        channels = channel_list(s.provider),
        p1 = ph(b, 1),
        p2 = ph(b, 2),
        p3 = ph(b, 3),
        p4 = ph(b, 4),
    );
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            b,
            sql,
            [
                s.project_id.into(),
                s.report_id.into(),
                s.run.into(),
                after_line.into(),
            ],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let line = LineView {
                line_no: row.try_get("", "line_no")?,
                kind: parse(row, "kind")?,
                state: parse(row, "state")?,
                out_trade_no: row.try_get("", "out_trade_no")?,
                provider_trade_no: row.try_get("", "provider_trade_no")?,
                out_refund_no: row.try_get("", "out_refund_no")?,
                provider_refund_no: row.try_get("", "provider_refund_no")?,
                amount: row.try_get("", "amount")?,
                refund_amount: row.try_get("", "refund_amount")?,
            };
            let order = match row.try_get::<Option<String>>("", "o_id")? {
                Some(id) => Some(OrderView {
                    id,
                    state: parse(row, "o_state")?,
                    amount: row.try_get("", "o_amount")?,
                }),
                None => None,
            };
            let refund = match row.try_get::<Option<String>>("", "r_id")? {
                Some(id) => Some(RefundView {
                    id,
                    state: parse_opt(row, "r_state")?.unwrap_or(RefundState::Processing),
                    amount: row.try_get::<Option<i64>>("", "r_amount")?.unwrap_or(0),
                }),
                None => None,
            };
            Ok((line, order, refund))
        })
        .collect()
}

/// A PAID order (or SUCCEEDED refund) of the day that the bill does not have.
#[derive(Debug, Clone)]
pub struct Unbilled {
    pub id: String,
    pub order_no: String,
    pub amount: i64,
    pub provider_trade_no: Option<String>,
    /// For a refund: its id, number, amount and provider number.
    pub refund: Option<UnbilledRefund>,
}

#[derive(Debug, Clone)]
pub struct UnbilledRefund {
    pub id: String,
    pub refund_no: String,
    pub amount: i64,
    pub provider_refund_no: Option<String>,
}

/// Where a walk through the day's orders or refunds is: the time and id of the last row seen,
/// in the order of the `(project_id, time)` index.
#[derive(Debug, Clone)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: String,
}

impl Cursor {
    pub fn start(s: &Scope<'_>) -> Self {
        Cursor {
            at: s.start,
            id: String::new(),
        }
    }
}

/// A page of the day's paid orders after `cursor` (by paid time, along the index), and which of
/// them the bill lacks: two plain indexed queries, whatever the planner knows of the tables (an
/// anti-join planned on a freshly loaded, unanalysed table was quadratic).
pub async fn unbilled_orders<C: ConnectionTrait>(
    conn: &C,
    s: &Scope<'_>,
    cursor: &Cursor,
) -> Result<(Vec<Unbilled>, Option<Cursor>), DbErr> {
    let b = conn.get_database_backend();
    let sql = format!(
        "SELECT o.id, o.order_no, o.amount, o.provider_trade_no, o.paid_at FROM orders o \
         WHERE o.project_id = {p1} AND o.paid_at >= {p2} AND o.paid_at < {p3} \
         AND o.paid_at >= {p4} AND (o.paid_at > {p4} OR o.id > {p5}) \
         AND o.channel IN ({channels}) AND o.state IN ({paid}) \
         ORDER BY o.paid_at, o.id LIMIT {PAGE}",
        channels = channel_list(s.provider),
        paid = paid_states(),
        p1 = ph(b, 1),
        p2 = ph(b, 2),
        p3 = ph(b, 3),
        p4 = ph(b, 4),
        p5 = ph(b, 5),
    );
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            b,
            sql,
            [
                s.project_id.into(),
                s.start.into(),
                s.end.into(),
                cursor.at.into(),
                cursor.id.clone().into(),
            ],
        ))
        .await?;
    let mut page = Vec::with_capacity(rows.len());
    let mut next = None;
    for row in &rows {
        let id: String = row.try_get("", "id")?;
        next = Some(Cursor {
            at: row.try_get("", "paid_at")?,
            id: id.clone(),
        });
        page.push(Unbilled {
            id,
            order_no: row.try_get("", "order_no")?,
            amount: row.try_get("", "amount")?,
            provider_trade_no: row.try_get("", "provider_trade_no")?,
            refund: None,
        });
    }
    let billed = billed(
        conn,
        s,
        BillEntryKind::Payment,
        page.iter().map(|u| u.order_no.clone()).collect(),
        "out_trade_no",
    )
    .await?;
    let more = (rows.len() as u64 == PAGE).then_some(next).flatten();
    page.retain(|u| !billed.contains(&u.order_no));
    Ok((page, more))
}

/// A page of the day's SUCCEEDED refunds after `cursor` (by their time), and which of them the
/// bill lacks.
pub async fn unbilled_refunds<C: ConnectionTrait>(
    conn: &C,
    s: &Scope<'_>,
    cursor: &Cursor,
) -> Result<(Vec<Unbilled>, Option<Cursor>), DbErr> {
    let b = conn.get_database_backend();
    let sql = format!(
        "SELECT r.id AS r_id, r.refund_no, r.amount AS r_amount, r.provider_refund_no, r.succeeded_at, \
         o.id, o.order_no, o.amount, o.provider_trade_no \
         FROM refunds r JOIN orders o ON o.id = r.order_id \
         WHERE r.project_id = {p1} AND r.succeeded_at >= {p2} AND r.succeeded_at < {p3} \
         AND r.succeeded_at >= {p4} AND (r.succeeded_at > {p4} OR r.id > {p5}) \
         AND r.state = '{succeeded}' AND o.channel IN ({channels}) \
         ORDER BY r.succeeded_at, r.id LIMIT {PAGE}",
        channels = channel_list(s.provider),
        succeeded = RefundState::Succeeded,
        p1 = ph(b, 1),
        p2 = ph(b, 2),
        p3 = ph(b, 3),
        p4 = ph(b, 4),
        p5 = ph(b, 5),
    );
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(
            b,
            sql,
            [
                s.project_id.into(),
                s.start.into(),
                s.end.into(),
                cursor.at.into(),
                cursor.id.clone().into(),
            ],
        ))
        .await?;
    let mut page = Vec::with_capacity(rows.len());
    let mut next = None;
    for row in &rows {
        let refund_id: String = row.try_get("", "r_id")?;
        next = Some(Cursor {
            at: row.try_get("", "succeeded_at")?,
            id: refund_id.clone(),
        });
        page.push(Unbilled {
            id: row.try_get("", "id")?,
            order_no: row.try_get("", "order_no")?,
            amount: row.try_get("", "amount")?,
            provider_trade_no: row.try_get("", "provider_trade_no")?,
            refund: Some(UnbilledRefund {
                id: refund_id,
                refund_no: row.try_get("", "refund_no")?,
                amount: row.try_get("", "r_amount")?,
                provider_refund_no: row.try_get("", "provider_refund_no")?,
            }),
        });
    }
    // Refund numbers are unique per order, not per project: match on the pair.
    let billed = billed_pairs(
        conn,
        s,
        page.iter()
            .filter_map(|u| u.refund.as_ref().map(|r| r.refund_no.clone()))
            .collect(),
    )
    .await?;
    let more = (rows.len() as u64 == PAGE).then_some(next).flatten();
    page.retain(|u| match &u.refund {
        Some(r) => !billed.contains(&(u.order_no.clone(), r.refund_no.clone())),
        None => true,
    });
    Ok((page, more))
}

/// Which of `values` (of `column`) the committed bill lines of `kind` have.
async fn billed<C: ConnectionTrait>(
    conn: &C,
    s: &Scope<'_>,
    kind: BillEntryKind,
    values: Vec<String>,
    column: &str,
) -> Result<std::collections::HashSet<String>, DbErr> {
    if values.is_empty() {
        return Ok(Default::default());
    }
    let b = conn.get_database_backend();
    let list = (3..values.len() + 3)
        .map(|i| ph(b, i))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT l.{column} AS v FROM bill_lines l WHERE l.report_id = {p1} AND l.run = {p2} \
         AND l.kind = '{kind}' AND l.{column} IN ({list})",
        p1 = ph(b, 1),
        p2 = ph(b, 2),
    );
    let mut params: Vec<Value> = vec![s.report_id.into(), s.run.into()];
    params.extend(values.into_iter().map(Value::from));
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(b, sql, params))
        .await?;
    rows.iter().map(|r| r.try_get("", "v")).collect()
}

/// Which (out_trade_no, out_refund_no) pairs with these refund numbers the bill's refund lines
/// have.
async fn billed_pairs<C: ConnectionTrait>(
    conn: &C,
    s: &Scope<'_>,
    refund_nos: Vec<String>,
) -> Result<std::collections::HashSet<(String, String)>, DbErr> {
    if refund_nos.is_empty() {
        return Ok(Default::default());
    }
    let b = conn.get_database_backend();
    let list = (3..refund_nos.len() + 3)
        .map(|i| ph(b, i))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT l.out_trade_no, l.out_refund_no FROM bill_lines l WHERE l.report_id = {p1} \
         AND l.run = {p2} AND l.kind = '{kind}' AND l.out_refund_no IN ({list})",
        kind = BillEntryKind::Refund,
        p1 = ph(b, 1),
        p2 = ph(b, 2),
    );
    let mut params: Vec<Value> = vec![s.report_id.into(), s.run.into()];
    params.extend(refund_nos.into_iter().map(Value::from));
    let rows = conn
        .query_all_raw(Statement::from_sql_and_values(b, sql, params))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "out_trade_no")?,
                r.try_get("", "out_refund_no")?,
            ))
        })
        .collect()
}

/// paycenter's totals of the day: paid orders by paid time, succeeded refunds by their time.
pub async fn ours<C: ConnectionTrait>(conn: &C, s: &Scope<'_>) -> Result<Ours, DbErr> {
    let b = conn.get_database_backend();
    let count_sum = |sql: String| {
        Statement::from_sql_and_values(
            b,
            sql,
            [s.project_id.into(), s.start.into(), s.end.into()] as [Value; 3],
        )
    };
    let payments = conn
        .query_one_raw(count_sum(format!(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(o.amount), 0) AS BIGINT) AS total FROM orders o \
             WHERE o.project_id = {p1} AND o.paid_at >= {p2} AND o.paid_at < {p3} \
             AND o.channel IN ({channels}) AND o.state IN ({paid})",
            channels = channel_list(s.provider),
            paid = paid_states(),
            p1 = ph(b, 1),
            p2 = ph(b, 2),
            p3 = ph(b, 3),
        )))
        .await?;
    let refunds = conn
        .query_one_raw(count_sum(format!(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(r.amount), 0) AS BIGINT) AS total \
             FROM refunds r JOIN orders o ON o.id = r.order_id \
             WHERE r.project_id = {p1} AND r.succeeded_at >= {p2} AND r.succeeded_at < {p3} \
             AND r.state = '{succeeded}' AND o.channel IN ({channels})",
            channels = channel_list(s.provider),
            succeeded = RefundState::Succeeded,
            p1 = ph(b, 1),
            p2 = ph(b, 2),
            p3 = ph(b, 3),
        )))
        .await?;
    let get = |row: &Option<QueryResult>, col: &str| -> Result<i64, DbErr> {
        match row {
            Some(r) => r.try_get("", col),
            None => Ok(0),
        }
    };
    Ok(Ours {
        payments: get(&payments, "n")?,
        paid_amount: get(&payments, "total")?,
        refunds: get(&refunds, "n")?,
        refunded_amount: get(&refunds, "total")?,
    })
}

/// What the provider says about an order missing from the bill.
pub enum Asked {
    /// Its own records put it on another day: not this day's discrepancy.
    OtherDay(NaiveDate),
    /// It is missing indeed; why, in words.
    Missing(String),
}

/// Asks the provider about a PAID order the bill does not have.
pub async fn ask_payment(client: &dyn PaymentProvider, day: NaiveDate, order_no: &str) -> Asked {
    match client.query(order_no).await {
        Ok(answer) => match answer.state {
            TradeState::Paid(p) => match p.paid_at.map(beijing_date) {
                Some(d) if d != day => Asked::OtherDay(d),
                Some(_) | None => Asked::Missing(format!(
                    "the provider says it was paid on this day (trade {}) but its bill does not list it",
                    p.provider_trade_no
                )),
            },
            TradeState::NotPaid => Asked::Missing("the provider says it is not paid".into()),
            TradeState::UserPaying => {
                Asked::Missing("the provider says the buyer is still paying".into())
            }
            TradeState::Closed => Asked::Missing("the provider says it is closed unpaid".into()),
            TradeState::PayError(e) => {
                Asked::Missing(format!("the provider says the payment failed: {e}"))
            }
            TradeState::NotExist => {
                Asked::Missing("the provider has no such trade".into())
            }
        },
        Err(e) => Asked::Missing(format!("the provider could not be asked: {e}")),
    }
}

/// Asks the provider about a SUCCEEDED refund the bill does not have.
pub async fn ask_refund(
    client: &dyn PaymentProvider,
    day: NaiveDate,
    order_no: &str,
    refund_no: &str,
) -> Asked {
    match client.query_refund(order_no, refund_no).await {
        Ok(answer) => match answer.state {
            Verdict::Succeeded { refunded_at, .. } => match refunded_at.map(beijing_date) {
                Some(d) if d != day => Asked::OtherDay(d),
                Some(_) | None => Asked::Missing(
                    "the provider says it was refunded on this day but its bill does not list it"
                        .into(),
                ),
            },
            Verdict::Processing => {
                Asked::Missing("the provider says the refund is still processing".into())
            }
            Verdict::Failed(why) => {
                Asked::Missing(format!("the provider says the refund failed: {why}"))
            }
            Verdict::NotExist => Asked::Missing("the provider has no such refund".into()),
        },
        Err(e) => Asked::Missing(format!("the provider could not be asked: {e}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pay_line(amount: i64, state: BillEntryState) -> LineView {
        LineView {
            line_no: 2,
            kind: BillEntryKind::Payment,
            state,
            out_trade_no: "A1".into(),
            provider_trade_no: "T1".into(),
            out_refund_no: None,
            provider_refund_no: None,
            amount,
            refund_amount: None,
        }
    }

    fn refund_line(amount: i64, state: BillEntryState) -> LineView {
        LineView {
            kind: BillEntryKind::Refund,
            out_refund_no: Some("R1".into()),
            provider_refund_no: Some("PR1".into()),
            refund_amount: Some(amount),
            ..pay_line(100, state)
        }
    }

    fn order(state: OrderState, amount: i64) -> OrderView {
        OrderView {
            id: "ord_1".into(),
            state,
            amount,
        }
    }

    fn refund(state: RefundState, amount: i64) -> RefundView {
        RefundView {
            id: "rfd_1".into(),
            state,
            amount,
        }
    }

    #[test]
    fn payments() {
        let paid = pay_line(100, BillEntryState::Paid);
        assert_eq!(
            assess(&paid, Some(&order(OrderState::Paid, 100)), None),
            None
        );
        assert_eq!(
            assess(&paid, Some(&order(OrderState::Refunded, 100)), None),
            None
        );
        let unknown = assess(&paid, None, None).unwrap();
        assert_eq!(unknown.kind, DiscrepancyKind::PaidNotRecorded);
        assert_eq!((unknown.order_id, unknown.heal), (None, None));
        let lost = assess(&paid, Some(&order(OrderState::Pending, 100)), None).unwrap();
        assert_eq!(lost.kind, DiscrepancyKind::PaidNotRecorded);
        assert_eq!(
            lost.heal,
            Some(Heal::Payment {
                order_id: "ord_1".into()
            })
        );
        let differs = assess(&paid, Some(&order(OrderState::Paid, 99)), None).unwrap();
        assert_eq!(differs.kind, DiscrepancyKind::AmountDiffers);
        assert_eq!((differs.amount, differs.bill_amount), (Some(99), Some(100)));
        assert_eq!(differs.heal, None);
        let revoked = pay_line(100, BillEntryState::Revoked);
        assert_eq!(
            assess(&revoked, Some(&order(OrderState::Paid, 100)), None)
                .unwrap()
                .kind,
            DiscrepancyKind::StateDiffers
        );
        assert_eq!(
            assess(&revoked, Some(&order(OrderState::Closed, 100)), None),
            None
        );
    }

    #[test]
    fn refunds() {
        let ok = refund_line(30, BillEntryState::RefundSucceeded);
        let o = order(OrderState::PartiallyRefunded, 100);
        assert_eq!(
            assess(&ok, Some(&o), Some(&refund(RefundState::Succeeded, 30))),
            None
        );
        let portal = assess(&ok, Some(&o), None).unwrap();
        assert_eq!(portal.kind, DiscrepancyKind::RefundNotRecorded);
        assert_eq!(portal.subject_key(), "A1/R1");
        assert_eq!(portal.bill_amount, Some(30));
        assert_eq!(
            assess(&ok, None, None).unwrap().kind,
            DiscrepancyKind::RefundNotRecorded
        );
        let differs = assess(&ok, Some(&o), Some(&refund(RefundState::Succeeded, 31))).unwrap();
        assert_eq!(differs.kind, DiscrepancyKind::AmountDiffers);
        let missed = assess(&ok, Some(&o), Some(&refund(RefundState::Processing, 30))).unwrap();
        assert_eq!(missed.kind, DiscrepancyKind::StateDiffers);
        assert!(matches!(missed.heal, Some(Heal::Refund { .. })));
        let failed = assess(&ok, Some(&o), Some(&refund(RefundState::Failed, 30))).unwrap();
        assert_eq!(
            (failed.kind, failed.heal),
            (DiscrepancyKind::StateDiffers, None)
        );
        let closed = refund_line(30, BillEntryState::RefundClosed);
        assert_eq!(
            assess(&closed, Some(&o), Some(&refund(RefundState::Failed, 30))),
            None
        );
    }
}
