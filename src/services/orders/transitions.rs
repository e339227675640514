//! The order state machine. Every change is a conditional update (`… WHERE state IN (…)`) in a
//! write transaction together with its audit event, so duplicate notifies, a close racing a
//! payment, or two instances racing each other leave exactly one outcome. Subscribers are told
//! after the commit.

use chrono::{DateTime, Utc};
use entity::{order, order_event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use crate::domain::{Amount, OrderState};
use crate::events::OrderChanged;
use crate::providers::{PaidTrade, TradeState};
use crate::services::{ids, Deps, ServiceError, ServiceResult};

/// Raw provider messages kept in the audit trail are capped at this many bytes.
pub const MAX_DETAIL: usize = 8 * 1024;

/// Where a provider's word about an order came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Notify,
    Query,
    Close,
    Prepay,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Notify => "NOTIFY",
            Source::Query => "QUERY",
            Source::Close => "CLOSE",
            Source::Prepay => "PREPAY",
        }
    }
}

/// What applying a provider state did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The order became PAID now.
    Paid,
    /// The order was paid already: nothing changed (a duplicate).
    AlreadyPaid,
    /// The provider's message disagreed with the order: recorded and flagged, not paid.
    Flagged,
    /// The order became CLOSED now.
    Closed,
    /// Nothing to change (still unpaid, or already closed).
    Unchanged,
}

/// Caps text for the audit trail on a character boundary.
pub fn cap(s: &str) -> String {
    if s.len() <= MAX_DETAIL {
        return s.to_owned();
    }
    let mut end = MAX_DETAIL;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Appends an audit event (inside the caller's transaction).
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    order_id: &str,
    kind: &str,
    from: Option<OrderState>,
    to: Option<OrderState>,
    detail: Option<&str>,
) -> ServiceResult<()> {
    order_event::Entity::insert(order_event::ActiveModel {
        id: Set(ids::new_id("evt")),
        order_id: Set(order_id.to_owned()),
        kind: Set(kind.to_owned()),
        from_state: Set(from.map(|s| s.as_str().to_owned())),
        to_state: Set(to.map(|s| s.as_str().to_owned())),
        detail: Set(detail.map(cap)),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records an event on its own (no state change).
pub async fn note(
    d: Deps<'_>,
    order_id: &str,
    kind: &str,
    detail: Option<&str>,
) -> ServiceResult<()> {
    record(d.db, order_id, kind, None, None, detail).await
}

pub fn state_of(o: &order::Model) -> ServiceResult<OrderState> {
    o.state
        .parse()
        .map_err(|e: String| ServiceError::Internal(format!("order {}: {e}", o.id)))
}

/// Applies what the provider says about `order` (from a notify, a query or a close attempt).
pub async fn apply_trade_state(
    d: Deps<'_>,
    order: &order::Model,
    state: &TradeState,
    source: Source,
    raw: &str,
) -> ServiceResult<Applied> {
    match state {
        TradeState::Paid(p) => mark_paid(d, order, p, source, raw).await,
        TradeState::Closed => {
            let closed = transition(
                d,
                order,
                &[OrderState::Pending],
                OrderState::Closed,
                "CLOSED",
                &format!("{} says closed\n{raw}", source.as_str()),
                |u| u.col_expr(order::Column::ClosedAt, Expr::value(Utc::now())),
            )
            .await?;
            if !closed {
                note(d, &order.id, source.as_str(), Some(raw)).await?;
            }
            Ok(if closed {
                Applied::Closed
            } else {
                Applied::Unchanged
            })
        }
        TradeState::NotPaid
        | TradeState::UserPaying
        | TradeState::PayError(_)
        | TradeState::NotExist => {
            note(d, &order.id, source.as_str(), Some(raw)).await?;
            Ok(Applied::Unchanged)
        }
    }
}

async fn mark_paid(
    d: Deps<'_>,
    order: &order::Model,
    p: &PaidTrade,
    source: Source,
    raw: &str,
) -> ServiceResult<Applied> {
    if p.total_amount != Amount::from_fen(order.amount).unwrap_or_default() {
        let reason = format!(
            "{} reports {} fen paid for an order of {} fen (trade {})",
            source.as_str(),
            p.total_amount.fen(),
            order.amount,
            p.provider_trade_no
        );
        tracing::warn!(order_id = %order.id, reason = %reason, "amount mismatch: order flagged, not paid");
        let txn = crate::db::begin_write(d.db).await?;
        order::Entity::update_many()
            .col_expr(order::Column::Flagged, Expr::value(true))
            .col_expr(order::Column::FlagReason, Expr::value(reason.clone()))
            .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(order::Column::Id.eq(order.id.clone()))
            .exec(&txn)
            .await?;
        record(
            &txn,
            &order.id,
            "AMOUNT_MISMATCH",
            None,
            None,
            Some(&format!("{reason}\n{raw}")),
        )
        .await?;
        txn.commit().await?;
        d.events.publish(OrderChanged {
            order_id: order.id.clone(),
            project_id: order.project_id.clone(),
            state: state_of(order)?,
            kind: "AMOUNT_MISMATCH".into(),
        });
        return Ok(Applied::Flagged);
    }
    let paid_at: DateTime<Utc> = p.paid_at.unwrap_or_else(Utc::now);
    let changed = transition(
        d,
        order,
        &OrderState::PAYABLE_FROM,
        OrderState::Paid,
        "PAID",
        &format!("{}\n{raw}", source.as_str()),
        |u| {
            u.col_expr(order::Column::PaidAt, Expr::value(paid_at))
                .col_expr(
                    order::Column::ProviderTradeNo,
                    Expr::value(p.provider_trade_no.clone()),
                )
                .col_expr(order::Column::Payer, Expr::value(p.payer.clone()))
                .col_expr(
                    order::Column::PaidAmount,
                    Expr::value(p.paid_amount.unwrap_or(p.total_amount).fen()),
                )
        },
    )
    .await?;
    if changed {
        Ok(Applied::Paid)
    } else {
        // A duplicate: acknowledged, recorded, no side effect.
        note(
            d,
            &order.id,
            &format!("{}_DUPLICATE", source.as_str()),
            Some(raw),
        )
        .await?;
        Ok(Applied::AlreadyPaid)
    }
}

/// `UPDATE orders SET state = to, … WHERE id = ? AND state = <seen> RETURNING *` plus its event,
/// in one write transaction; publishes after commit. Returns whether this call made the change.
///
/// The update names the exact state it moves from (the one in `order`, as the caller saw it), so
/// the audit event's `from` is what the row really was. When the row has moved on since, it is
/// read again inside the transaction (locked on PostgreSQL, where a concurrent writer would
/// otherwise slip in; SQLite's IMMEDIATE transaction already excludes other writers) and, if its
/// state is still one of `from`, updated from that. The common case is one statement.
pub async fn transition(
    d: Deps<'_>,
    order: &order::Model,
    from: &[OrderState],
    to: OrderState,
    kind: &str,
    detail: &str,
    extra: impl Fn(sea_orm::UpdateMany<order::Entity>) -> sea_orm::UpdateMany<order::Entity>,
) -> ServiceResult<bool> {
    let txn = crate::db::begin_write(d.db).await?;
    let mut seen = state_of(order)?;
    let mut looked_again = false;
    let (after, from_state) = loop {
        if from.contains(&seen) {
            let update = order::Entity::update_many()
                .col_expr(order::Column::State, Expr::value(to.as_str()))
                .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(order::Column::Id.eq(order.id.clone()))
                .filter(order::Column::State.eq(seen.as_str()));
            if let Some(after) = extra(update).exec_with_returning(&txn).await?.pop() {
                break (after, seen);
            }
        }
        if looked_again {
            txn.rollback().await?;
            return Ok(false);
        }
        looked_again = true;
        let mut select = order::Entity::find_by_id(order.id.clone());
        if d.db.get_database_backend() == sea_orm::DbBackend::Postgres {
            select = select.lock_exclusive();
        }
        let current = select
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let now = state_of(&current)?;
        if now == seen || !from.contains(&now) {
            txn.rollback().await?;
            return Ok(false);
        }
        seen = now;
    };
    record(
        &txn,
        &order.id,
        kind,
        Some(from_state),
        Some(to),
        Some(detail),
    )
    .await?;
    // Side effects go in the same transaction (outbox) and are delivered after it commits.
    let event_type = match to {
        OrderState::Paid => Some(crate::jobs::callbacks::ORDER_PAID),
        OrderState::Closed => Some(crate::jobs::callbacks::ORDER_CLOSED),
        _ => None,
    };
    if let Some(event_type) = event_type {
        crate::jobs::callbacks::enqueue_event(
            &txn,
            &after,
            event_type,
            crate::jobs::callbacks::order_data(&after),
        )
        .await?;
    }
    txn.commit().await?;
    if event_type.is_some() {
        d.worker.wake();
    }
    tracing::info!(order_id = %order.id, from = %from_state, to = %to, "order state changed");
    d.events.publish(OrderChanged {
        order_id: order.id.clone(),
        project_id: order.project_id.clone(),
        state: to,
        kind: kind.to_owned(),
    });
    Ok(true)
}
