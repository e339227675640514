//! The reservation: a new refund row (PROCESSING) inserted in a write transaction that holds the
//! order, after checking that it fits beside every refund that is PROCESSING or SUCCEEDED. The
//! same refundNo again is answered from its row.

use chrono::Utc;
use entity::{order, refund};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use serde_json::json;

use super::{find_by_no, query_delay, same_request};
use crate::core::Core;
use crate::db::ids;
use crate::outbox::queue::{self, JobKind};
use crate::services::audit_log::Actor;
use crate::services::{ServiceError, ServiceResult};
use crate::store::order_writes::{self, Change};
use paycenter_domain::{Amount, AuditAction, AuditTarget, OrderEventKind, OrderState, RefundState};

/// Holds the order row for the rest of the write transaction (PostgreSQL: `FOR UPDATE`; SQLite's
/// IMMEDIATE transaction already excludes every other writer).
pub(super) async fn lock_order(
    d: &Core,
    txn: &DatabaseTransaction,
    order_id: &str,
) -> ServiceResult<order::Model> {
    let mut select = order::Entity::find_by_id(order_id.to_owned());
    if d.db.get_database_backend() == DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    select
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound("order"))
}

/// The states a refund may be made from.
const REFUNDABLE: [OrderState; 2] = [OrderState::Paid, OrderState::PartiallyRefunded];

/// In one write transaction holding the order: the same refundNo again is answered from its row;
/// otherwise the order must be refundable and the new amount must fit beside every refund that
/// is PROCESSING or SUCCEEDED. Inserts the refund (PROCESSING), its audit event and the
/// reconciliation job. Returns the refund and whether it was created now.
pub(super) async fn reserve(
    d: &Core,
    actor: &Actor<'_>,
    order: &order::Model,
    refund_no: &str,
    amount: Amount,
    reason: Option<String>,
) -> ServiceResult<(refund::Model, bool)> {
    let txn = crate::db::begin_write(&d.db).await?;
    let current = lock_order(d, &txn, &order.id).await?;
    if let Some(existing) = find_by_no(&txn, &order.id, refund_no).await? {
        txn.rollback().await?;
        return same_request(existing, amount, &reason).map(|r| (r, false));
    }
    if !REFUNDABLE.contains(&current.state) {
        txn.rollback().await?;
        return Err(ServiceError::OrderNotRefundable(current.state.to_string()));
    }
    let held = refund::Entity::find()
        .filter(refund::Column::OrderId.eq(order.id.clone()))
        .filter(
            refund::Column::State.is_in(
                RefundState::ALL
                    .iter()
                    .copied()
                    .filter(|s| s.holds_amount()),
            ),
        )
        .all(&txn)
        .await?
        .iter()
        .try_fold(0i64, |sum, r| sum.checked_add(r.amount));
    let fits = held
        .and_then(|h| h.checked_add(amount.fen()))
        .is_some_and(|total| total <= current.amount);
    if !fits {
        txn.rollback().await?;
        return Err(ServiceError::RefundExceedsPaid);
    }
    let now = Utc::now();
    let inserted = refund::ActiveModel {
        id: Set(ids::new_id("rfd")),
        order_id: Set(order.id.clone()),
        project_id: Set(order.project_id.clone()),
        refund_no: Set(refund_no.to_owned()),
        amount: Set(amount.fen()),
        reason: Set(reason.clone()),
        state: Set(RefundState::Processing),
        provider_refund_no: Set(None),
        failure_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        succeeded_at: Set(None),
        failed_at: Set(None),
    }
    .insert(&txn)
    .await;
    let created = match inserted {
        Ok(m) => m,
        // Another instance inserted the same refundNo first.
        Err(e) if crate::db::is_unique_violation(&e) => {
            txn.rollback().await?;
            let existing = find_by_no(&d.db, &order.id, refund_no)
                .await?
                .ok_or(ServiceError::Db(e))?;
            return same_request(existing, amount, &reason).map(|r| (r, false));
        }
        Err(e) => return Err(e.into()),
    };
    // The audit event and the live update go through the state machine (no state change).
    let (_, after) = order_writes::change_in(
        &txn,
        Change {
            order_id: order.id.clone(),
            from: REFUNDABLE.to_vec(),
            to: None,
            kind: OrderEventKind::RefundRequested,
            detail: Some(format!(
                "{refund_no}: {} fen{}",
                amount.fen(),
                reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            )),
            set: Vec::new(),
            publish: true,
        },
    )
    .await?;
    // The follow-up lives in the same transaction: should this process die before the provider
    // answers, the query job still finds out (and applies again if the provider never saw it).
    queue::enqueue(
        &txn,
        JobKind::RefundQuery,
        Some(&order.id),
        json!({ "refundId": created.id }),
        now + query_delay(d, 0),
    )
    .await?;
    crate::store::audit_log::record(
        &txn,
        actor
            .entry(AuditAction::RefundRequested)
            .target(AuditTarget::Refund, &created.id)
            .project(&order.project_id)
            .detail(json!({
                "orderId": order.id,
                "orderNo": order.order_no,
                "refundNo": refund_no,
                "amount": amount.fen(),
            })),
    )
    .await?;
    txn.commit().await?;
    d.worker.wake();
    after.run(&d.events, &d.worker, &d.metrics);
    tracing::info!(order_id = %order.id, refund_id = %created.id, amount = created.amount, "refund requested");
    Ok((created, true))
}
