//! A provider's verdict on a refund, applied exactly once: PROCESSING → SUCCEEDED moves the
//! order's refunded amount and state through the state machine (`order_writes::change_in`) in the
//! same transaction as the refund's own conditional update, with its `order.refunded` callback;
//! PROCESSING → FAILED releases the amount. A verdict on a settled refund is a recorded duplicate.

use chrono::{DateTime, Utc};
use entity::{order, refund};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::reserve::lock_order;
use crate::core::Core;
use crate::outbox::callbacks::{self, CallbackEventType};
use crate::services::orders::transitions;
use crate::services::{ServiceError, ServiceResult};
use crate::store::order_writes::{self, Change, Changed};
use paycenter_domain::{Amount, OrderEventKind, OrderState, RefundState, Source};
use paycenter_providers::RefundState as Verdict;

/// Applies a provider verdict to a refund. Returns whether the refund is settled now (by this
/// call or an earlier one).
pub async fn apply(
    d: &Core,
    refund: &refund::Model,
    verdict: &Verdict,
    source: Source,
    raw: &str,
) -> ServiceResult<bool> {
    match verdict {
        Verdict::Succeeded {
            provider_refund_no,
            refunded_at,
        } => {
            confirm(
                d,
                refund,
                provider_refund_no.clone(),
                *refunded_at,
                source,
                raw,
            )
            .await?;
            Ok(true)
        }
        Verdict::Failed(why) => {
            fail(d, refund, why, source, raw).await?;
            Ok(true)
        }
        Verdict::Processing | Verdict::NotExist => {
            transitions::note(
                d,
                &refund.order_id,
                source.refund_note(),
                Some(&format!("{}: still processing\n{raw}", refund.refund_no)),
            )
            .await?;
            Ok(false)
        }
    }
}

/// The callback's `data`: the order plus this refund.
fn refunded_data(o: &order::Model, r: &refund::Model, at: DateTime<Utc>) -> serde_json::Value {
    let mut data = callbacks::order_data(o);
    if let Some(obj) = data.as_object_mut() {
        obj.insert("refundId".into(), json!(r.id));
        obj.insert("refundNo".into(), json!(r.refund_no));
        obj.insert("refundAmount".into(), json!(r.amount));
        obj.insert("refundAmountYuan".into(), json!(Amount::yuan_of(r.amount)));
        obj.insert("reason".into(), json!(r.reason));
        obj.insert("refundedAt".into(), json!(at.to_rfc3339()));
    }
    data
}

/// PROCESSING → SUCCEEDED, and the order's refunded amount and state with it, exactly once: both
/// are conditional updates in one write transaction. Returns whether this call confirmed it.
pub async fn confirm(
    d: &Core,
    refund: &refund::Model,
    provider_refund_no: Option<String>,
    refunded_at: Option<DateTime<Utc>>,
    source: Source,
    raw: &str,
) -> ServiceResult<bool> {
    let txn = crate::db::begin_write(&d.db).await?;
    let order = lock_order(d, &txn, &refund.order_id).await?;
    let now = Utc::now();
    let at = refunded_at.unwrap_or(now);
    let confirmed = refund::Entity::update_many()
        .col_expr(refund::Column::State, Expr::value(RefundState::Succeeded))
        .col_expr(
            refund::Column::ProviderRefundNo,
            Expr::value(provider_refund_no.or_else(|| refund.provider_refund_no.clone())),
        )
        .col_expr(refund::Column::SucceededAt, Expr::value(at))
        .col_expr(refund::Column::UpdatedAt, Expr::value(now))
        .filter(refund::Column::Id.eq(refund.id.clone()))
        .filter(refund::Column::State.eq(RefundState::Processing))
        .exec_with_returning(&txn)
        .await?
        .pop();
    let Some(confirmed) = confirmed else {
        // Confirmed (or failed) already: a duplicate notify or query.
        txn.rollback().await?;
        note_duplicate(d, refund, source, raw).await?;
        return Ok(false);
    };
    let refunded = order
        .refunded_amount
        .checked_add(refund.amount)
        .filter(|t| *t <= order.amount)
        .ok_or_else(|| {
            ServiceError::Internal(format!(
                "refund {} would take order {} past its amount",
                refund.id, order.id
            ))
        })?;
    let to = if refunded == order.amount {
        OrderState::Refunded
    } else {
        OrderState::PartiallyRefunded
    };
    let (changed, mut after) = order_writes::change_in(
        &txn,
        Change {
            order_id: order.id.clone(),
            from: vec![OrderState::Paid, OrderState::PartiallyRefunded],
            to: Some(to),
            kind: OrderEventKind::RefundSucceeded,
            detail: Some(format!(
                "{} {}: {} fen\n{raw}",
                source.as_str(),
                refund.refund_no,
                refund.amount
            )),
            set: vec![(order::Column::RefundedAmount, refunded.into())],
            publish: true,
        },
    )
    .await?;
    let Changed::Applied {
        order: now_order, ..
    } = changed
    else {
        txn.rollback().await?;
        return Err(ServiceError::Internal(format!(
            "order {} is not refundable by {} fen",
            order.id, refund.amount
        )));
    };
    callbacks::enqueue_event(
        &txn,
        &now_order,
        CallbackEventType::OrderRefunded,
        refunded_data(&now_order, &confirmed, at),
    )
    .await?;
    txn.commit().await?;
    after.wake_worker();
    after.run(&d.events, &d.worker, &d.metrics);
    tracing::info!(order_id = %order.id, refund_id = %refund.id, "refund succeeded");
    Ok(true)
}

/// PROCESSING → FAILED (which releases its amount). Returns whether this call failed it.
pub async fn fail(
    d: &Core,
    refund: &refund::Model,
    why: &str,
    source: Source,
    raw: &str,
) -> ServiceResult<bool> {
    let txn = crate::db::begin_write(&d.db).await?;
    let now = Utc::now();
    let res = refund::Entity::update_many()
        .col_expr(refund::Column::State, Expr::value(RefundState::Failed))
        .col_expr(
            refund::Column::FailureReason,
            Expr::value(crate::store::audit::cap(why)),
        )
        .col_expr(refund::Column::FailedAt, Expr::value(now))
        .col_expr(refund::Column::UpdatedAt, Expr::value(now))
        .filter(refund::Column::Id.eq(refund.id.clone()))
        .filter(refund::Column::State.eq(RefundState::Processing))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        note_duplicate(d, refund, source, raw).await?;
        return Ok(false);
    }
    // The audit event and the live update (the order's refundable amount grew back) go through
    // the state machine, which leaves the order's state as it is.
    let (_, after) = order_writes::change_in(
        &txn,
        Change {
            order_id: refund.order_id.clone(),
            from: Vec::new(),
            to: None,
            kind: OrderEventKind::RefundFailed,
            detail: Some(format!(
                "{} {}: {why}\n{raw}",
                source.as_str(),
                refund.refund_no
            )),
            set: Vec::new(),
            publish: true,
        },
    )
    .await?;
    txn.commit().await?;
    after.run(&d.events, &d.worker, &d.metrics);
    tracing::warn!(order_id = %refund.order_id, refund_id = %refund.id, reason = %why, "refund failed");
    Ok(true)
}

/// A verdict on a refund that was settled already (a duplicate notify or query): recorded, no
/// change.
async fn note_duplicate(
    d: &Core,
    refund: &refund::Model,
    source: Source,
    raw: &str,
) -> ServiceResult<()> {
    transitions::note(
        d,
        &refund.order_id,
        source.refund_duplicate(),
        Some(&format!("{}\n{raw}", refund.refund_no)),
    )
    .await
}
