//! The order state machine. Every change is applied only from the states it names, with the row
//! locked and the state checked again in the `UPDATE … WHERE state = …`, in a write transaction
//! together with its audit event (see `writes`), so duplicate notifies, a close racing a payment,
//! or two instances racing each other leave exactly one outcome. Subscribers are told after the
//! commit.

use chrono::{DateTime, Utc};
use entity::{order, order_event};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::writes::Change;
use crate::db::ids;
use crate::services::{Deps, ServiceError, ServiceResult};
use paycenter_domain::{Amount, OrderState};
use paycenter_providers::{PaidTrade, TradeState};

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
                vec![(order::Column::ClosedAt, Utc::now().into())],
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
        d.writes
            .change(Change {
                order_id: order.id.clone(),
                from: Vec::new(),
                to: None,
                kind: "AMOUNT_MISMATCH".into(),
                detail: Some(format!("{reason}\n{raw}")),
                set: vec![
                    (order::Column::Flagged, true.into()),
                    (order::Column::FlagReason, reason.clone().into()),
                ],
                publish: true,
            })
            .await?;
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
        vec![
            (order::Column::PaidAt, paid_at.into()),
            (
                order::Column::ProviderTradeNo,
                p.provider_trade_no.clone().into(),
            ),
            (order::Column::Payer, p.payer.clone().into()),
            (
                order::Column::PaidAmount,
                p.paid_amount.unwrap_or(p.total_amount).fen().into(),
            ),
        ],
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

/// Moves `order` to `to` if it is in one of `from`, setting `set` too, with its audit event and
/// (PAID, CLOSED) the merchant callback in the same transaction; subscribers are told after the
/// commit. Returns whether this call made the change. Written with whatever other changes are
/// queued at the same time (see `writes`).
pub async fn transition(
    d: Deps<'_>,
    order: &order::Model,
    from: &[OrderState],
    to: OrderState,
    kind: &str,
    detail: &str,
    set: Vec<(order::Column, sea_orm::Value)>,
) -> ServiceResult<bool> {
    let changed = d
        .writes
        .change(Change {
            order_id: order.id.clone(),
            from: from.to_vec(),
            to: Some(to),
            kind: kind.to_owned(),
            detail: Some(detail.to_owned()),
            set,
            publish: true,
        })
        .await?;
    Ok(changed.is_some())
}
