//! The order state machine. Every change is applied only from the states it names, with the row
//! locked and the state checked again in the `UPDATE … WHERE state = …`, in a write transaction
//! together with its audit event (see `writes`), so duplicate notifies, a close racing a payment,
//! or two instances racing each other leave exactly one outcome. Subscribers are told after the
//! commit.

use crate::core::Core;
use chrono::{DateTime, Utc};
use entity::order;

use crate::services::ServiceResult;
use crate::store::order_writes::{Change, Changed};
pub use paycenter_domain::Source;
use paycenter_domain::{Amount, OrderEventKind, OrderState};
use paycenter_providers::{PaidTrade, TradeState};

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

/// Records an event on its own (no state change). A message seen before (the same kind and text,
/// e.g. a notify replayed for a paid order) is counted on its first row, not stored again.
pub async fn note(
    d: &Core,
    order_id: &str,
    kind: OrderEventKind,
    detail: Option<&str>,
) -> ServiceResult<()> {
    match detail {
        Some(text) => {
            crate::store::audit::record_repeatable(&d.db, order_id, kind, text).await?;
        }
        None => crate::store::audit::record(&d.db, order_id, kind, None, None, None).await?,
    }
    Ok(())
}

/// Applies what the provider says about `order` (from a notify, a query or a close attempt);
/// returns what it did and the order as it now is.
pub async fn apply_trade_state(
    d: &Core,
    order: &order::Model,
    state: &TradeState,
    source: Source,
    raw: &str,
) -> ServiceResult<(Applied, order::Model)> {
    match state {
        TradeState::Paid(p) => mark_paid(d, order, p, source, raw).await,
        TradeState::Closed => {
            let changed = transition(
                d,
                order,
                &[OrderState::Pending],
                OrderState::Closed,
                OrderEventKind::Closed,
                &format!("{} says closed\n{raw}", source.as_str()),
                vec![(order::Column::ClosedAt, Utc::now().into())],
            )
            .await?;
            if changed.applied() {
                return Ok((Applied::Closed, changed.into_order()));
            }
            note(d, &order.id, source.order_note(), Some(raw)).await?;
            Ok((Applied::Unchanged, changed.into_order()))
        }
        TradeState::NotPaid
        | TradeState::UserPaying
        | TradeState::PayError(_)
        | TradeState::NotExist => {
            note(d, &order.id, source.order_note(), Some(raw)).await?;
            Ok((Applied::Unchanged, order.clone()))
        }
    }
}

async fn mark_paid(
    d: &Core,
    order: &order::Model,
    p: &PaidTrade,
    source: Source,
    raw: &str,
) -> ServiceResult<(Applied, order::Model)> {
    if p.total_amount != Amount::from_fen(order.amount).unwrap_or_default() {
        let reason = format!(
            "{} reports {} fen paid for an order of {} fen (trade {})",
            source.as_str(),
            p.total_amount.fen(),
            order.amount,
            p.provider_trade_no
        );
        tracing::warn!(order_id = %order.id, reason = %reason, "amount mismatch: order flagged, not paid");
        let flagged = d
            .writes
            .change(Change {
                order_id: order.id.clone(),
                from: Vec::new(),
                to: None,
                kind: OrderEventKind::AmountMismatch,
                detail: Some(format!("{reason}\n{raw}")),
                set: vec![
                    (order::Column::Flagged, true.into()),
                    (order::Column::FlagReason, reason.clone().into()),
                ],
                publish: true,
            })
            .await?;
        return Ok((Applied::Flagged, flagged.into_order()));
    }
    let paid_at: DateTime<Utc> = p.paid_at.unwrap_or_else(Utc::now);
    let changed = transition(
        d,
        order,
        &OrderState::PAYABLE_FROM,
        OrderState::Paid,
        OrderEventKind::Paid,
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
    if changed.applied() {
        Ok((Applied::Paid, changed.into_order()))
    } else {
        // A duplicate: acknowledged, recorded, no side effect.
        note(d, &order.id, source.order_duplicate(), Some(raw)).await?;
        Ok((Applied::AlreadyPaid, changed.into_order()))
    }
}

/// Moves `order` to `to` if it is in one of `from`, setting `set` too, with its audit event and
/// (PAID, CLOSED) the merchant callback in the same transaction; subscribers are told after the
/// commit. Returns what happened with the order as the write left it. Written with whatever other
/// changes are queued at the same time (`store::order_writes`).
pub async fn transition(
    d: &Core,
    order: &order::Model,
    from: &[OrderState],
    to: OrderState,
    kind: OrderEventKind,
    detail: &str,
    set: Vec<(order::Column, sea_orm::Value)>,
) -> ServiceResult<Changed> {
    Ok(d.writes
        .change(Change {
            order_id: order.id.clone(),
            from: from.to_vec(),
            to: Some(to),
            kind,
            detail: Some(detail.to_owned()),
            set,
            publish: true,
        })
        .await?)
}
