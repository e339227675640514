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

use crate::core::Core;
use chrono::{DateTime, Utc};
use entity::{order, refund};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use crate::auth::Principal;
use crate::db::ids;
use crate::events::OrderChanged;
use crate::outbox::callbacks;
use crate::outbox::queue::{self, JobKind};
use crate::services::orders::transitions;
use crate::services::orders::{provider, query, refresh};
use crate::services::{ServiceError, ServiceResult};
use crate::store::audit::{record, state_of};
use paycenter_domain::{Amount, Channel, OrderState, Provider};
use paycenter_providers::{PaymentProvider, ProviderError, RefundRequest, RefundState as Verdict};

/// The longest refundNo (WeChat's out_refund_no limit).
pub const MAX_REFUND_NO: usize = 64;
/// The longest reason, in characters (WeChat's refund_desc limit is 80 bytes; it is cut there).
pub const MAX_REASON_CHARS: usize = 80;

/// Audit event kinds (also the `kind` of `orderEvents` updates).
pub const REFUND_REQUESTED: &str = "REFUND_REQUESTED";
pub const REFUND_SUCCEEDED: &str = "REFUND_SUCCEEDED";
pub const REFUND_FAILED: &str = "REFUND_FAILED";

/// Where a provider's word about a refund came from (prefix of the audit detail).
pub const FROM_REPLY: &str = "REPLY";
pub const FROM_NOTIFY: &str = "NOTIFY";
pub const FROM_QUERY: &str = "QUERY";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundState {
    Processing,
    Succeeded,
    Failed,
}

impl RefundState {
    pub const ALL: [RefundState; 3] = [
        RefundState::Processing,
        RefundState::Succeeded,
        RefundState::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefundState::Processing => "PROCESSING",
            RefundState::Succeeded => "SUCCEEDED",
            RefundState::Failed => "FAILED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

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
    if r.chars().any(char::is_control) {
        return Err(ServiceError::bad_input(
            "reason",
            "must not contain control characters",
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
enum Submitted {
    /// The provider settled it (SUCCEEDED or FAILED by its word).
    Settled,
    /// Accepted or unknown yet: the refund stays PROCESSING; a notify or a query settles it.
    Processing,
    /// The provider refused: the refund is FAILED and its amount released.
    Refused(ProviderError),
}

/// `refundOrder`: admins and the order's project key. The same request again returns the same
/// refund; the same refundNo with another amount or reason is `REFUND_NO_CONFLICT`.
pub async fn refund_order(
    d: &Core,
    principal: &Principal,
    input: RefundOrderInput,
) -> ServiceResult<refund::Model> {
    match principal {
        Principal::Admin { .. } | Principal::Project { .. } => {}
        Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        Principal::User { .. } => return Err(ServiceError::Forbidden),
    }
    let order = query::get(d, principal, &input.order_id).await?;
    check_refund_no(&input.refund_no).map_err(|m| ServiceError::bad_input("refundNo", m))?;
    let amount =
        Amount::payable(input.amount).map_err(|e| ServiceError::InvalidAmount(e.to_string()))?;
    let reason = check_reason(input.reason)?;
    let project = d.projects.get(&d.db, &order.project_id).await?;
    let channel = refresh::channel_of(&order)?;
    // Fails early with CHANNEL_NOT_CONFIGURED, before anything is reserved.
    let client = provider::for_channel(d, &project, channel)?;

    let (refund, created) = reserve(d, &order, &input.refund_no, amount, reason).await?;
    if !created {
        return Ok(refund);
    }
    match submit(d, &order, &refund, client.as_ref(), channel).await? {
        Submitted::Refused(e) => Err(ServiceError::Provider(e)),
        Submitted::Settled | Submitted::Processing => reload(d, &refund.id).await,
    }
}

/// Holds the order row for the rest of the write transaction (PostgreSQL: `FOR UPDATE`; SQLite's
/// IMMEDIATE transaction already excludes every other writer).
async fn lock_order(
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

async fn find_by_no<C: ConnectionTrait>(
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
    find_by_no(&d.db, order_id, refund_no).await
}

pub async fn find(d: &Core, id: &str) -> ServiceResult<Option<refund::Model>> {
    Ok(refund::Entity::find_by_id(id.to_owned()).one(&d.db).await?)
}

async fn reload(d: &Core, id: &str) -> ServiceResult<refund::Model> {
    find(d, id).await?.ok_or(ServiceError::NotFound("refund"))
}

/// An order's refunds, oldest first.
pub async fn list(d: &Core, order_id: &str) -> ServiceResult<Vec<refund::Model>> {
    Ok(refund::Entity::find()
        .filter(refund::Column::OrderId.eq(order_id))
        .order_by_asc(refund::Column::Id)
        .all(&d.db)
        .await?)
}

fn same_request(
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

/// In one write transaction holding the order: the same refundNo again is answered from its row;
/// otherwise the order must be refundable and the new amount must fit beside every refund that
/// is PROCESSING or SUCCEEDED. Inserts the refund (PROCESSING), its audit event and the
/// reconciliation job. Returns the refund and whether it was created now.
async fn reserve(
    d: &Core,
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
    let state = state_of(&current)?;
    if !matches!(state, OrderState::Paid | OrderState::PartiallyRefunded) {
        txn.rollback().await?;
        return Err(ServiceError::OrderNotRefundable(state.to_string()));
    }
    let held = refund::Entity::find()
        .filter(refund::Column::OrderId.eq(order.id.clone()))
        .filter(refund::Column::State.is_in([
            RefundState::Processing.as_str(),
            RefundState::Succeeded.as_str(),
        ]))
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
        state: Set(RefundState::Processing.as_str().to_owned()),
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
    record(
        &txn,
        &order.id,
        REFUND_REQUESTED,
        None,
        None,
        Some(&format!(
            "{refund_no}: {} fen{}",
            amount.fen(),
            reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        )),
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
    txn.commit().await?;
    d.worker.wake();
    tracing::info!(order_id = %order.id, refund_id = %created.id, amount = created.amount, "refund requested");
    d.events.publish(OrderChanged {
        order_id: order.id.clone(),
        project_id: order.project_id.clone(),
        state,
        kind: REFUND_REQUESTED.into(),
        order: None,
    });
    Ok((created, true))
}

/// The delay before the `attempt`-th refund query: the reconcile schedule (its last step repeats).
pub fn query_delay(d: &Core, attempt: i32) -> chrono::Duration {
    let schedule = &d.settings.reconcile_schedule;
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
async fn submit(
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
            let settled = apply(d, refund, &answer.state, FROM_REPLY, &answer.raw).await?;
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
            fail(d, refund, &e.to_string(), FROM_REPLY, "").await?;
            Ok(Submitted::Refused(e))
        }
        // The provider may or may not have taken it: keep it PROCESSING and ask later (the
        // same out_refund_no is idempotent at the provider if it has to be applied again).
        Err(e) => {
            tracing::warn!(order_id = %order.id, refund_id = %refund.id, error = %e, "refund: provider answer unknown; will query");
            transitions::note(d, &order.id, "REFUND_ERROR", Some(&e.to_string())).await?;
            Ok(Submitted::Processing)
        }
    }
}

/// Applies a provider verdict to a refund. Returns whether the refund is settled now (by this
/// call or an earlier one).
pub async fn apply(
    d: &Core,
    refund: &refund::Model,
    verdict: &Verdict,
    source: &str,
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
                &format!("REFUND_{source}"),
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
    source: &str,
    raw: &str,
) -> ServiceResult<bool> {
    let txn = crate::db::begin_write(&d.db).await?;
    let order = lock_order(d, &txn, &refund.order_id).await?;
    let now = Utc::now();
    let at = refunded_at.unwrap_or(now);
    let res = refund::Entity::update_many()
        .col_expr(
            refund::Column::State,
            Expr::value(RefundState::Succeeded.as_str()),
        )
        .col_expr(
            refund::Column::ProviderRefundNo,
            Expr::value(provider_refund_no.or_else(|| refund.provider_refund_no.clone())),
        )
        .col_expr(refund::Column::SucceededAt, Expr::value(at))
        .col_expr(refund::Column::UpdatedAt, Expr::value(now))
        .filter(refund::Column::Id.eq(refund.id.clone()))
        .filter(refund::Column::State.eq(RefundState::Processing.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        // Confirmed (or failed) already: a duplicate notify or query.
        txn.rollback().await?;
        note_duplicate(d, refund, source, raw).await?;
        return Ok(false);
    }
    let from = state_of(&order)?;
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
    // `refunded_amount + x <= amount`, from a refundable state.
    let res = order::Entity::update_many()
        .col_expr(
            order::Column::RefundedAmount,
            Expr::col(order::Column::RefundedAmount).add(refund.amount),
        )
        .col_expr(order::Column::State, Expr::value(to.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order.id.clone()))
        .filter(order::Column::State.is_in([
            OrderState::Paid.as_str(),
            OrderState::PartiallyRefunded.as_str(),
        ]))
        .filter(
            Expr::col(order::Column::RefundedAmount)
                .add(refund.amount)
                .lte(order.amount),
        )
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Err(ServiceError::Internal(format!(
            "order {} is not refundable by {} fen",
            order.id, refund.amount
        )));
    }
    record(
        &txn,
        &order.id,
        REFUND_SUCCEEDED,
        Some(from),
        Some(to),
        Some(&format!(
            "{source} {}: {} fen\n{raw}",
            refund.refund_no, refund.amount
        )),
    )
    .await?;
    let after = order::Entity::find_by_id(order.id.clone())
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("order"))?;
    let confirmed = refund::Entity::find_by_id(refund.id.clone())
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("refund"))?;
    callbacks::enqueue_event(
        &txn,
        &after,
        callbacks::ORDER_REFUNDED,
        refunded_data(&after, &confirmed, at),
    )
    .await?;
    txn.commit().await?;
    d.worker.wake();
    tracing::info!(order_id = %order.id, refund_id = %refund.id, from = %from, to = %to, "refund succeeded");
    d.events.publish(OrderChanged {
        order_id: order.id.clone(),
        project_id: order.project_id.clone(),
        state: to,
        kind: REFUND_SUCCEEDED.into(),
        order: None,
    });
    Ok(true)
}

/// PROCESSING → FAILED (which releases its amount). Returns whether this call failed it.
pub async fn fail(
    d: &Core,
    refund: &refund::Model,
    why: &str,
    source: &str,
    raw: &str,
) -> ServiceResult<bool> {
    let txn = crate::db::begin_write(&d.db).await?;
    let now = Utc::now();
    let res = refund::Entity::update_many()
        .col_expr(
            refund::Column::State,
            Expr::value(RefundState::Failed.as_str()),
        )
        .col_expr(
            refund::Column::FailureReason,
            Expr::value(crate::store::audit::cap(why)),
        )
        .col_expr(refund::Column::FailedAt, Expr::value(now))
        .col_expr(refund::Column::UpdatedAt, Expr::value(now))
        .filter(refund::Column::Id.eq(refund.id.clone()))
        .filter(refund::Column::State.eq(RefundState::Processing.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        note_duplicate(d, refund, source, raw).await?;
        return Ok(false);
    }
    record(
        &txn,
        &refund.order_id,
        REFUND_FAILED,
        None,
        None,
        Some(&format!("{source} {}: {why}\n{raw}", refund.refund_no)),
    )
    .await?;
    let order = order::Entity::find_by_id(refund.order_id.clone())
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("order"))?;
    txn.commit().await?;
    tracing::warn!(order_id = %order.id, refund_id = %refund.id, reason = %why, "refund failed");
    d.events.publish(OrderChanged {
        order_id: order.id.clone(),
        project_id: order.project_id.clone(),
        state: state_of(&order)?,
        kind: REFUND_FAILED.into(),
        order: None,
    });
    Ok(true)
}

/// Asks the provider about a PROCESSING refund and applies the answer; a refund the provider never
/// saw (the application was lost) is applied again under the same number. Returns whether the
/// refund is settled.
pub async fn reconcile(d: &Core, refund: &refund::Model) -> ServiceResult<bool> {
    if RefundState::parse(&refund.state) != Some(RefundState::Processing) {
        return Ok(true);
    }
    let order = query::reload(d, &refund.order_id).await?;
    let project = d.projects.get(&d.db, &order.project_id).await?;
    let channel = refresh::channel_of(&order)?;
    let client = provider::for_channel(d, &project, channel)?;
    let answer = client
        .query_refund(&order.order_no, &refund.refund_no)
        .await?;
    if answer.state == Verdict::NotExist {
        transitions::note(
            d,
            &order.id,
            "REFUND_QUERY",
            Some(&format!(
                "{}: unknown to the provider; applying again\n{}",
                refund.refund_no, answer.raw
            )),
        )
        .await?;
        return Ok(!matches!(
            submit(d, &order, refund, client.as_ref(), channel).await?,
            Submitted::Processing
        ));
    }
    apply(d, refund, &answer.state, FROM_QUERY, &answer.raw).await
}

/// A verdict on a refund that was settled already (a duplicate notify or query): recorded, no
/// change.
async fn note_duplicate(
    d: &Core,
    refund: &refund::Model,
    source: &str,
    raw: &str,
) -> ServiceResult<()> {
    transitions::note(
        d,
        &refund.order_id,
        &format!("REFUND_{source}_DUPLICATE"),
        Some(&format!("{}\n{raw}", refund.refund_no)),
    )
    .await
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

    #[test]
    fn states_round_trip() {
        for s in RefundState::ALL {
            assert_eq!(RefundState::parse(s.as_str()), Some(s));
        }
        assert_eq!(RefundState::parse("DONE"), None);
    }
}
