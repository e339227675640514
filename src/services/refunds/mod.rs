//! Refunds: `refundOrder` (idempotent per order + refundNo), the reservation that keeps the sum of
//! an order's refunds within what was paid, and the provider's verdicts (its reply, WeChat's
//! refund notify, refund queries from the outbox) applied exactly once.
//!
//! A refund is PROCESSING from the moment it is reserved: the reservation is the refund row itself
//! (PROCESSING and SUCCEEDED rows count against the order's amount), inserted in a write
//! transaction that holds the order (`FOR UPDATE` on PostgreSQL, SQLite's IMMEDIATE write lock),
//! so concurrent requests cannot overdraw. A provider refusal makes it FAILED, which releases the
//! amount. Only a SUCCEEDED refund moves the order's `refunded_amount` and state, by a conditional
//! update in the same transaction as the refund's own PROCESSING → SUCCEEDED update, its audit
//! event and its `order.refunded` callback.

//!
//! - [`reserve`]: the reservation (in a write transaction holding the order).
//! - [`settle`]: a provider verdict applied once (SUCCEEDED moves the order through the state
//!   machine's `change_in`, in the refund's own transaction; FAILED releases the amount).
//! - [`reconcile`]: asking the provider about a refund still PROCESSING (the outbox job).

pub mod list;
mod reconcile;
mod reserve;
mod settle;

use std::collections::HashMap;

use entity::{order, refund};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub use reconcile::reconcile;
pub use settle::{apply, confirm, fail};

use crate::auth::Principal;
use crate::core::Core;
use crate::services::audit_log::Actor;
use crate::services::orders::transitions;
use crate::services::orders::{provider, query};
use crate::services::{ServiceError, ServiceResult};
use paycenter_domain::{Amount, Channel, OrderEventKind, Provider, Source};
use paycenter_providers::{PaymentProvider, ProviderError, RefundRequest};

/// The longest refundNo (WeChat's out_refund_no limit).
pub const MAX_REFUND_NO: usize = 64;
/// The longest reason, in characters (WeChat's refund_desc limit is 80 bytes; it is cut there).
pub const MAX_REASON_CHARS: usize = 80;

/// A refund number: 1–64 characters of `[0-9A-Za-z_\-|*@]` (WeChat's out_refund_no rule).
pub fn check_refund_no(s: &str) -> Result<(), String> {
    if s.is_empty() || s.len() > MAX_REFUND_NO {
        return Err(format!("must be 1-{MAX_REFUND_NO} characters"));
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'|' | b'*' | b'@'))
    {
        return Err("may contain only 0-9 A-Z a-z _ - | * @".into());
    }
    Ok(())
}

fn check_reason(reason: Option<String>) -> ServiceResult<Option<String>> {
    if let Some(r) = &reason {
        // Before trimming, which would drop a trailing U+0085 or U+2028 unseen.
        paycenter_domain::text::check(r)
            .map_err(|e| ServiceError::bad_input("reason", e.to_string()))?;
    }
    let Some(r) = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
    else {
        return Ok(None);
    };
    if r.chars().count() > MAX_REASON_CHARS {
        return Err(ServiceError::bad_input(
            "reason",
            format!("at most {MAX_REASON_CHARS} characters"),
        ));
    }
    Ok(Some(r))
}

pub struct RefundOrderInput {
    pub order_id: String,
    pub refund_no: String,
    pub amount: i64,
    pub reason: Option<String>,
}

/// What asking the provider to refund came to.
pub(crate) enum Submitted {
    /// The provider settled it (SUCCEEDED or FAILED by its word).
    Settled,
    /// Accepted or unknown yet: the refund stays PROCESSING; a notify or a query settles it.
    Processing,
    /// The provider refused: the refund is FAILED and its amount released.
    Refused(ProviderError),
}

/// `refundOrder`: OPERATOR admins and above, and the order's project key. The same request again
/// returns the same refund; the same refundNo with another amount or reason is
/// `REFUND_NO_CONFLICT`. A new refund is recorded in the admin audit log in its reservation's
/// transaction.
pub async fn refund_order(
    d: &Core,
    actor: &Actor<'_>,
    input: RefundOrderInput,
) -> ServiceResult<refund::Model> {
    let principal = actor.principal;
    match principal {
        Principal::Admin { role, .. } if !role.includes(paycenter_domain::AdminRole::Operator) => {
            return Err(ServiceError::Forbidden)
        }
        Principal::Admin { .. } | Principal::Project { .. } => {}
        Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        Principal::User { .. } | Principal::Checkout { .. } => return Err(ServiceError::Forbidden),
    }
    let order = query::get(d, principal, &input.order_id).await?;
    check_refund_no(&input.refund_no).map_err(|m| ServiceError::bad_input("refundNo", m))?;
    let amount =
        Amount::payable(input.amount).map_err(|e| ServiceError::InvalidAmount(e.to_string()))?;
    let reason = check_reason(input.reason)?;
    let project = d.projects.get(&d.read, &order.project_id).await?;
    let channel = order.channel;
    // Fails early with CHANNEL_NOT_CONFIGURED, before anything is reserved.
    let client = provider::for_order(d, &project, &order)?;

    let (refund, created) =
        reserve::reserve(d, actor, &order, &input.refund_no, amount, reason).await?;
    if !created {
        return Ok(refund);
    }
    match submit(d, &order, &refund, client.as_ref(), channel).await? {
        Submitted::Refused(e) => Err(ServiceError::Provider(e)),
        Submitted::Settled | Submitted::Processing => reload(d, &refund.id).await,
    }
}

pub(crate) async fn find_by_no<C: ConnectionTrait>(
    conn: &C,
    order_id: &str,
    refund_no: &str,
) -> ServiceResult<Option<refund::Model>> {
    Ok(refund::Entity::find()
        .filter(refund::Column::OrderId.eq(order_id))
        .filter(refund::Column::RefundNo.eq(refund_no))
        .one(conn)
        .await?)
}

/// A refund of an order by its number (for notifies).
pub async fn find_for_order(
    d: &Core,
    order_id: &str,
    refund_no: &str,
) -> ServiceResult<Option<refund::Model>> {
    find_by_no(&d.read, order_id, refund_no).await
}

pub async fn find(d: &Core, id: &str) -> ServiceResult<Option<refund::Model>> {
    Ok(refund::Entity::find_by_id(id.to_owned())
        .one(&d.read)
        .await?)
}

async fn reload(d: &Core, id: &str) -> ServiceResult<refund::Model> {
    find(d, id).await?.ok_or(ServiceError::NotFound("refund"))
}

/// Several orders' refunds in one query, oldest first each.
pub async fn list_of(
    d: &Core,
    order_ids: &[String],
) -> ServiceResult<HashMap<String, Vec<refund::Model>>> {
    let rows = refund::Entity::find()
        .filter(refund::Column::OrderId.is_in(order_ids.iter().cloned()))
        .order_by_asc(refund::Column::Id)
        .all(&d.read)
        .await?;
    Ok(query::group_by(rows, |r| r.order_id.clone()))
}

pub(crate) fn same_request(
    existing: refund::Model,
    amount: Amount,
    reason: &Option<String>,
) -> ServiceResult<refund::Model> {
    if existing.amount == amount.fen() && existing.reason == *reason {
        Ok(existing)
    } else {
        Err(ServiceError::RefundNoConflict)
    }
}

/// The delay before the `attempt`-th refund query: the reconcile schedule (its last step repeats).
pub fn query_delay(d: &Core, attempt: i32) -> chrono::Duration {
    let schedule = &d.settings.reconcile.schedule;
    let idx = usize::try_from(attempt)
        .unwrap_or(0)
        .min(schedule.len().saturating_sub(1));
    let delay = schedule
        .get(idx)
        .copied()
        .unwrap_or(std::time::Duration::from_secs(300));
    chrono::Duration::from_std(delay).unwrap_or_else(|_| chrono::Duration::seconds(300))
}

/// `{public}/notify/wechat/{projectId}/refund`.
pub fn notify_url(d: &Core, project_id: &str, provider: Provider) -> String {
    format!("{}/refund", provider::notify_url(d, project_id, provider))
}

/// Asks the provider to refund and applies its answer.
pub(crate) async fn submit(
    d: &Core,
    order: &order::Model,
    refund: &refund::Model,
    client: &dyn PaymentProvider,
    channel: Channel,
) -> ServiceResult<Submitted> {
    let total = Amount::from_fen(order.amount)
        .map_err(|e| ServiceError::Internal(format!("order {}: {e}", order.id)))?;
    let refund_amount = Amount::from_fen(refund.amount)
        .map_err(|e| ServiceError::Internal(format!("refund {}: {e}", refund.id)))?;
    let req = RefundRequest {
        out_trade_no: order.order_no.clone(),
        out_refund_no: refund.refund_no.clone(),
        total_amount: total,
        refund_amount,
        reason: refund.reason.clone(),
        notify_url: notify_url(d, &order.project_id, channel.provider()),
    };
    match client.refund(&req).await {
        Ok(answer) => {
            let settled = apply(d, refund, &answer.state, Source::Reply, &answer.raw).await?;
            Ok(if settled {
                Submitted::Settled
            } else {
                Submitted::Processing
            })
        }
        // A refusal (or a configuration that cannot send at all): nothing was refunded.
        Err(e @ (ProviderError::Business { .. } | ProviderError::Config(_)))
            if !e.is_retryable() =>
        {
            fail(d, refund, &e.to_string(), Source::Reply, "").await?;
            Ok(Submitted::Refused(e))
        }
        // The provider may or may not have taken it: keep it PROCESSING and ask later (the
        // same out_refund_no is idempotent at the provider if it has to be applied again).
        Err(e) => {
            tracing::warn!(order_id = %order.id, refund_id = %refund.id, error = %e, "refund: provider answer unknown; will query");
            transitions::note(
                d,
                &order.id,
                OrderEventKind::RefundError,
                Some(&e.to_string()),
            )
            .await?;
            Ok(Submitted::Processing)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refund_numbers() {
        for ok in ["a", "R-1_x|y*z@w", &"9".repeat(64)] {
            assert!(check_refund_no(ok).is_ok(), "{ok}");
        }
        for bad in ["", &"9".repeat(65), "a b", "退款", "a/b", "a.b"] {
            assert!(check_refund_no(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reasons() {
        assert!(matches!(check_reason(None), Ok(None)));
        assert!(matches!(check_reason(Some("  ".into())), Ok(None)));
        assert_eq!(
            check_reason(Some(" 退货 ".into()))
                .ok()
                .flatten()
                .as_deref(),
            Some("退货")
        );
        assert!(check_reason(Some("退".repeat(80))).is_ok());
        assert!(check_reason(Some("退".repeat(81))).is_err());
        assert!(check_reason(Some("a\nb".into())).is_err());
    }
}
