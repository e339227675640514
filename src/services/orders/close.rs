//! Closing an unpaid order: at the provider first, then PENDING → CLOSED. A payment the provider
//! reports wins: the order becomes PAID and the caller is told. Used by `closeOrder` and by the
//! expiry and pending-close jobs.

use crate::core::Core;
use chrono::Utc;
use entity::order;

use super::transitions::{self, Applied};
use super::{provider, query, refresh};
use crate::outbox::queue::{self, JobKind};
use crate::services::audit_log::Actor;
use crate::services::{ServiceError, ServiceResult};
use crate::store::audit_log;
use paycenter_domain::{AdminRole, AuditAction, AuditTarget, Channel, OrderEventKind, OrderState};
use paycenter_providers::CloseOutcome;

/// What closing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// The order is CLOSED.
    Closed(order::Model),
    /// The buyer had paid: the order is PAID (or later) now.
    Paid(order::Model),
}

/// `closeOrder` (OPERATOR admins and above, the order's project key, the user who placed it).
/// A close is recorded in the admin audit log once it is done (the order's own trail records it
/// in the close's transaction; the audit entry follows it).
pub async fn close_order(d: &Core, actor: &Actor<'_>, id: &str) -> ServiceResult<order::Model> {
    let principal = actor.principal;
    if !principal.admin_may(AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    let order = query::get(d, principal, id).await?;
    match order.state {
        OrderState::Pending => {}
        // Closing twice is harmless.
        OrderState::Closed => return Ok(order),
        other @ (OrderState::Paid
        | OrderState::PartiallyRefunded
        | OrderState::Refunded
        | OrderState::Failed) => return Err(ServiceError::OrderNotClosable(other.to_string())),
    }
    match close_pending(d, &order, OrderEventKind::Closed).await {
        Ok(Closed::Closed(o)) => {
            audit_log::record(
                &d.db,
                actor
                    .entry(AuditAction::OrderClosed)
                    .target(AuditTarget::Order, &o.id)
                    .project(&o.project_id)
                    .detail(serde_json::json!({ "orderNo": o.order_no })),
            )
            .await?;
            Ok(o)
        }
        Ok(Closed::Paid(o)) => Err(ServiceError::OrderNotClosable(format!(
            "{} (the buyer paid before the close)",
            o.state
        ))),
        Err(ServiceError::Provider(e)) if e.is_retryable() => {
            // The provider cannot be reached now: finish the close in the background.
            let txn = crate::db::begin_write(&d.db).await?;
            audit_log::record(
                &txn,
                actor
                    .entry(AuditAction::OrderClosed)
                    .target(AuditTarget::Order, &order.id)
                    .project(&order.project_id)
                    .detail(serde_json::json!({ "orderNo": order.order_no, "pending": true })),
            )
            .await?;
            crate::store::audit::record(
                &txn,
                &order.id,
                OrderEventKind::ClosePending,
                None,
                None,
                Some(&e.to_string()),
            )
            .await?;
            queue::enqueue(
                &txn,
                JobKind::Close,
                Some(&order.id),
                serde_json::json!({}),
                Utc::now(),
            )
            .await?;
            txn.commit().await?;
            d.worker.wake();
            Err(ServiceError::Provider(e))
        }
        Err(e) => Err(e),
    }
}

/// Closes a PENDING order at its provider and then here; `kind` names the audit event (CLOSED,
/// EXPIRED).
pub async fn close_pending(
    d: &Core,
    order: &order::Model,
    kind: OrderEventKind,
) -> ServiceResult<Closed> {
    let project = d.projects.get(&d.read, &order.project_id).await?;
    let channel = order.channel;
    let provider = provider::for_order(d, &project, order)?;
    let scannable = buyer_may_hold_it(channel);
    if scannable {
        // Alipay's cancel refunds a paid trade: look first, so a completed payment is recorded
        // rather than reversed.
        let (now, applied) = refresh::refresh(d, order).await?;
        if matches!(applied, Applied::Paid | Applied::AlreadyPaid) {
            return Ok(Closed::Paid(now));
        }
    }
    // An Alipay QR code may have been scanned, or a signed cashier request may still be in a
    // browser: cancel, so it cannot be paid afterwards either.
    let result = provider.close(&order.order_no, scannable).await?;
    match result.outcome {
        CloseOutcome::Closed | CloseOutcome::NotExist => {
            let now = transitions::transition(
                d,
                order,
                &[OrderState::Pending],
                OrderState::Closed,
                kind,
                &format!("provider closed it\n{}", result.raw),
                vec![(order::Column::ClosedAt, Utc::now().into())],
            )
            .await?
            .into_order();
            match now.state {
                OrderState::Closed => Ok(Closed::Closed(now)),
                // A notify landed while we were closing.
                OrderState::Paid
                | OrderState::PartiallyRefunded
                | OrderState::Refunded
                | OrderState::Pending
                | OrderState::Failed => Ok(Closed::Paid(now)),
            }
        }
        CloseOutcome::AlreadyPaid => {
            transitions::note(
                d,
                &order.id,
                OrderEventKind::CloseRefusedPaid,
                Some(&result.raw),
            )
            .await?;
            let (now, _) = refresh::refresh(d, order).await?;
            if now.state.is_paid() {
                Ok(Closed::Paid(now))
            } else {
                // The provider says paid but its query does not (yet): try again later.
                Err(ServiceError::Provider(
                    paycenter_providers::ProviderError::Unavailable(
                        "provider reports the order paid but its query disagrees".into(),
                    ),
                ))
            }
        }
    }
}

/// Whether the buyer may still hold something payable that Alipay has not seen yet: a QR code
/// (scanned later), or a signed cashier request in a browser (opened later). Such trades are
/// cancelled rather than closed, so they cannot come to life afterwards.
fn buyer_may_hold_it(channel: Channel) -> bool {
    match channel {
        Channel::AlipayQr | Channel::AlipayPage | Channel::AlipayWap => true,
        Channel::WechatJsapi
        | Channel::WechatApp
        | Channel::WechatNative
        | Channel::WechatH5
        | Channel::AlipayApp => false,
    }
}
