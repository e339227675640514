//! Merchant callbacks as the API sees them: delivering one (signed, through the SSRF-safe
//! client; the worker's deliveries and `sendTestCallback` alike), attempts, the `callbackEvents`
//! list (the failed-delivery view), resending, and test callbacks.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::core::Core;
use chrono::{DateTime, Utc};
use entity::{callback_attempt, callback_event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use secrecy::SecretString;
use serde_json::json;

use super::audit_log::Actor;
use super::orders::query;
use super::{ServiceError, ServiceResult};
use crate::auth::Principal;
use crate::net::CallbackClient;
use crate::outbox::callbacks::signature;
use crate::outbox::queue::{self, JobKind};
use paycenter_domain::{AdminRole, AuditAction, AuditTarget, CallbackEventType};

/// The reply excerpt kept per attempt.
pub const EXCERPT_BYTES: usize = 512;
/// Replies are read up to this size.
const MAX_REPLY_BYTES: usize = 64 * 1024;

/// What one delivery came to.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The merchant's HTTP status, when it answered.
    pub status: Option<u16>,
    /// The first [`EXCERPT_BYTES`] of its reply.
    pub excerpt: Option<String>,
    /// Why there was no reply (refused address, timeout, connection error).
    pub error: Option<String>,
    pub latency: Duration,
}

impl Delivery {
    /// Any 2xx acknowledges.
    pub fn acknowledged(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    pub fn latency_ms(&self) -> i64 {
        i64::try_from(self.latency.as_millis()).unwrap_or(i64::MAX)
    }
}

/// POSTs `body` to `url` with `Paycenter-Event-Id` and `Paycenter-Signature` (HMAC-SHA256 of
/// `"<t>.<body>"` with the project's signing secret) through the callback client, which refuses
/// forbidden addresses where it connects.
pub async fn deliver(
    client: &CallbackClient,
    url: &str,
    event_id: &str,
    body: &str,
    secret: &SecretString,
) -> Delivery {
    let started = Instant::now();
    let result = post(client, url, event_id, body, secret).await;
    let latency = started.elapsed();
    match result {
        Ok((status, excerpt)) => Delivery {
            status: Some(status),
            excerpt: Some(excerpt),
            error: None,
            latency,
        },
        Err(error) => Delivery {
            status: None,
            excerpt: None,
            error: Some(error),
            latency,
        },
    }
}

async fn post(
    client: &CallbackClient,
    url: &str,
    event_id: &str,
    body: &str,
    secret: &SecretString,
) -> Result<(u16, String), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("bad callback URL: {e}"))?;
    let t = Utc::now().timestamp();
    let mut resp = client
        .post(parsed)
        .map_err(|e| e.to_string())?
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Paycenter-Event-Id", event_id)
        .header("Paycenter-Signature", signature(secret, t, body))
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| crate::net::describe(&e.without_url()))?;
    let status = resp.status().as_u16();
    let mut reply = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        reply.extend_from_slice(&chunk);
        if reply.len() >= MAX_REPLY_BYTES {
            break;
        }
    }
    let mut end = reply.len().min(EXCERPT_BYTES);
    // Cut before a UTF-8 continuation byte, not inside a character (at most 3 back).
    for _ in 0..3 {
        if end > 0 && end < reply.len() && reply[end] & 0xC0 == 0x80 {
            end -= 1;
        }
    }
    let mut excerpt = String::from_utf8_lossy(&reply[..end]).into_owned();
    if reply.len() > end {
        excerpt.push('…');
    }
    Ok((status, excerpt))
}

/// Delivery attempts of an order's callbacks, oldest first.
pub async fn attempts_of(
    d: &Core,
    order_ids: &[String],
) -> ServiceResult<HashMap<String, Vec<callback_attempt::Model>>> {
    let rows = callback_attempt::Entity::find()
        .filter(callback_attempt::Column::OrderId.is_in(order_ids.iter().cloned()))
        .order_by_asc(callback_attempt::Column::Id)
        .all(&d.read)
        .await?;
    Ok(query::group_by(rows, |a| {
        a.order_id.clone().unwrap_or_default()
    }))
}

/// Queues the order's latest callback event about its state again (same event id: merchants
/// dedupe by it; `reconciliation.discrepancy` events are not resent this way). OPERATOR admins
/// and above, and the order's project key.
pub async fn resend(
    d: &Core,
    actor: &Actor<'_>,
    order_id: &str,
) -> ServiceResult<callback_event::Model> {
    let principal = actor.principal;
    if !principal.admin_may(AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    let order = query::get(d, principal, order_id).await?;
    if !principal.manages_project(&order.project_id) {
        return Err(ServiceError::Forbidden);
    }
    let event = callback_event::Entity::find()
        .filter(callback_event::Column::OrderId.eq(order.id.clone()))
        .filter(
            callback_event::Column::EventType.is_in(
                CallbackEventType::ALL
                    .iter()
                    .copied()
                    .filter(|t| t.is_order_event()),
            ),
        )
        .order_by_desc(callback_event::Column::Id)
        .one(&d.read)
        .await?
        .ok_or_else(|| ServiceError::bad_input("orderId", "the order has no callback event yet"))?;
    let txn = crate::db::begin_write(&d.db).await?;
    callback_event::Entity::update_many()
        .col_expr(
            callback_event::Column::FailedAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(callback_event::Column::Id.eq(event.id.clone()))
        .exec(&txn)
        .await?;
    queue::enqueue(
        &txn,
        JobKind::Callback,
        Some(&order.id),
        json!({ "eventId": event.id, "force": true }),
        Utc::now(),
    )
    .await?;
    crate::store::audit::record(
        &txn,
        &order.id,
        paycenter_domain::OrderEventKind::CallbackResend,
        None,
        None,
        Some(&event.id),
    )
    .await?;
    crate::store::audit_log::record(
        &txn,
        actor
            .entry(AuditAction::CallbackResent)
            .target(AuditTarget::Order, &order.id)
            .project(&order.project_id)
            .detail(json!({ "orderNo": order.order_no, "eventId": event.id })),
    )
    .await?;
    txn.commit().await?;
    d.worker.wake();
    Ok(event)
}

/// The `callbackEvents` filter.
#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    /// Acknowledged by the merchant (true) or not yet (false).
    pub delivered: Option<bool>,
    /// Gave up after the last retry (true), or not (false).
    pub failed: Option<bool>,
    pub project_id: Option<String>,
    pub order_id: Option<String>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
}

/// The events `principal` may see that match `f`: admins every project's, a project key its own.
fn events_filtered(
    principal: &Principal,
    f: &EventFilter,
) -> ServiceResult<sea_orm::Select<callback_event::Entity>> {
    let mut q = callback_event::Entity::find();
    match principal {
        Principal::Admin { .. } => {}
        Principal::Project { project_id } => {
            q = q.filter(callback_event::Column::ProjectId.eq(project_id.clone()));
        }
        Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        Principal::User { .. } | Principal::Checkout { .. } => return Err(ServiceError::Forbidden),
    }
    if let Some(v) = f.delivered {
        let c = callback_event::Column::DeliveredAt;
        q = q.filter(if v { c.is_not_null() } else { c.is_null() });
    }
    if let Some(v) = f.failed {
        let c = callback_event::Column::FailedAt;
        q = q.filter(if v { c.is_not_null() } else { c.is_null() });
    }
    if let Some(v) = &f.project_id {
        q = q.filter(callback_event::Column::ProjectId.eq(v.clone()));
    }
    if let Some(v) = &f.order_id {
        q = q.filter(callback_event::Column::OrderId.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(callback_event::Column::CreatedAt.gte(v));
    }
    if let Some(v) = f.to {
        q = q.filter(callback_event::Column::CreatedAt.lt(v));
    }
    Ok(q)
}

/// Newest first; `after` is the id of the last event of the previous page.
pub async fn events(
    d: &Core,
    principal: &Principal,
    f: &EventFilter,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<callback_event::Model>> {
    let mut q = events_filtered(principal, f)?.order_by_desc(callback_event::Column::Id);
    if let Some(a) = after {
        q = q.filter(callback_event::Column::Id.lt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

pub async fn count_events(d: &Core, principal: &Principal, f: &EventFilter) -> ServiceResult<u64> {
    Ok(events_filtered(principal, f)?.count(&d.read).await?)
}

/// Delivery attempts of callback events, by event id, oldest first.
pub async fn attempts_by_event(
    d: &Core,
    event_ids: &[String],
) -> ServiceResult<HashMap<String, Vec<callback_attempt::Model>>> {
    let rows = callback_attempt::Entity::find()
        .filter(callback_attempt::Column::EventId.is_in(event_ids.iter().cloned()))
        .order_by_asc(callback_attempt::Column::Id)
        .all(&d.read)
        .await?;
    Ok(query::group_by(rows, |a| a.event_id.clone()))
}

/// What `sendTestCallback` answers.
#[derive(Debug, Clone)]
pub struct TestCallback {
    /// The test event's id (its `Paycenter-Event-Id`).
    pub event_id: String,
    pub url: String,
    pub delivery: Delivery,
}

/// Sends a signed `test` event to the project's callback URL now, the way the worker sends
/// order events, and reports the attempt (OPERATOR admins and above, and the project's key). It
/// is recorded in the admin audit log, not as a callback event of any order.
pub async fn send_test(
    d: &Core,
    actor: &Actor<'_>,
    project_id: &str,
) -> ServiceResult<TestCallback> {
    let principal = actor.principal;
    if !principal.admin_may(AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    if !principal.manages_project(project_id) {
        return Err(match principal {
            Principal::Anonymous => ServiceError::Unauthenticated,
            Principal::User { .. } | Principal::Checkout { .. } => ServiceError::Forbidden,
            Principal::Admin { .. } | Principal::Project { .. } => {
                ServiceError::NotFound("project")
            }
        });
    }
    let project = crate::store::projects::find(&d.read, project_id).await?;
    let url = project
        .callback_url
        .clone()
        .ok_or_else(|| ServiceError::bad_input("callbackUrl", "the project has no callback URL"))?;
    let secret = crate::store::projects::signing_secret(&d.vault, &project)?;
    let event_id = crate::db::ids::new_id("evt");
    let now = Utc::now();
    let body = json!({
        "id": event_id,
        "type": "test",
        "createdAt": now.to_rfc3339(),
        "data": { "projectId": project.id, "test": true },
    })
    .to_string();
    let delivery = deliver(&d.callback_client, &url, &event_id, &body, &secret).await;
    crate::store::audit_log::record(
        &d.db,
        actor
            .entry(AuditAction::TestCallbackSent)
            .target(AuditTarget::Project, &project.id)
            .project(&project.id)
            .detail(json!({
                "eventId": event_id,
                "httpStatus": delivery.status,
                "acknowledged": delivery.acknowledged(),
                "latencyMs": delivery.latency_ms(),
                "error": delivery.error,
            })),
    )
    .await?;
    tracing::info!(project_id = %project.id, acknowledged = delivery.acknowledged(), "test callback sent");
    Ok(TestCallback {
        event_id,
        url,
        delivery,
    })
}
