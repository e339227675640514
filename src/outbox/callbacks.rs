//! Merchant callback events, the outbox side: the event model (a stable id, a type, the exact JSON
//! body, provider-neutral names), its signature, and queueing an event's delivery in the caller's
//! transaction. Delivery itself is the job worker's (`jobs::callbacks`).

use chrono::Utc;
use entity::{callback_event, order};
use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use sha2::Sha256;

use super::queue::{self, JobKind};
use crate::db::ids;
use paycenter_domain::Amount;

pub use paycenter_domain::CallbackEventType;

fn yuan(fen: Option<i64>) -> Option<String> {
    fen.and_then(Amount::yuan_of)
}

/// The event's `data`, in provider-neutral names.
pub fn order_data(o: &order::Model) -> serde_json::Value {
    json!({
        "projectId": o.project_id,
        "orderId": o.id,
        "orderNo": o.order_no,
        "channel": o.channel.as_str(),
        "state": o.state.as_str(),
        "amount": o.amount,
        "amountYuan": yuan(Some(o.amount)),
        "paidAmount": o.paid_amount,
        "paidAmountYuan": yuan(o.paid_amount),
        "refundedAmount": o.refunded_amount,
        "providerTradeNo": o.provider_trade_no,
        "payer": o.payer,
        "subject": o.subject,
        "attach": o.attach,
        "paidAt": o.paid_at.map(|t| t.to_rfc3339()),
        "closedAt": o.closed_at.map(|t| t.to_rfc3339()),
    })
}

/// Records an event and queues its delivery (inside the caller's transaction).
pub async fn enqueue_event<C: ConnectionTrait>(
    conn: &C,
    o: &order::Model,
    event_type: CallbackEventType,
    data: serde_json::Value,
) -> Result<String, sea_orm::DbErr> {
    let mut ids = enqueue(conn, [(of_order(o), event_type, data)]).await?;
    Ok(ids.pop().unwrap_or_default())
}

/// Records an event of a project that may be about no order (`order_id` None: a reconciliation
/// discrepancy over a trade paycenter never created) and queues its delivery (inside the
/// caller's transaction). An event with an order shows in that order's callback attempts.
pub async fn enqueue_project_event<C: ConnectionTrait>(
    conn: &C,
    project_id: &str,
    order_id: Option<&str>,
    event_type: CallbackEventType,
    data: serde_json::Value,
) -> Result<String, sea_orm::DbErr> {
    let about = About {
        project_id,
        order_id,
    };
    let mut ids = enqueue(conn, [(about, event_type, data)]).await?;
    Ok(ids.pop().unwrap_or_default())
}

/// Records one event per (order, type), with the order as it now is for data, and queues their
/// deliveries: two statements however many (inside the caller's transaction).
pub async fn enqueue_events<C: ConnectionTrait>(
    conn: &C,
    events: &[(&order::Model, CallbackEventType)],
) -> Result<Vec<String>, sea_orm::DbErr> {
    enqueue(
        conn,
        events.iter().map(|(o, t)| (of_order(o), *t, order_data(o))),
    )
    .await
}

/// Whose event it is: a project's, about one of its orders or none.
#[derive(Clone, Copy)]
struct About<'a> {
    project_id: &'a str,
    order_id: Option<&'a str>,
}

fn of_order(o: &order::Model) -> About<'_> {
    About {
        project_id: &o.project_id,
        order_id: Some(&o.id),
    }
}

async fn enqueue<'a, C: ConnectionTrait>(
    conn: &C,
    events: impl IntoIterator<Item = (About<'a>, CallbackEventType, serde_json::Value)>,
) -> Result<Vec<String>, sea_orm::DbErr> {
    let now = Utc::now();
    let mut rows = Vec::new();
    let mut jobs = Vec::new();
    let mut ids = Vec::new();
    for (about, event_type, data) in events {
        let id = ids::new_id("evt");
        let body = json!({
            "id": id,
            "type": event_type.as_str(),
            "createdAt": now.to_rfc3339(),
            "data": data,
        })
        .to_string();
        rows.push(callback_event::ActiveModel {
            id: Set(id.clone()),
            order_id: Set(about.order_id.map(str::to_owned)),
            project_id: Set(about.project_id.to_owned()),
            event_type: Set(event_type),
            body: Set(body),
            delivered_at: Set(None),
            failed_at: Set(None),
            created_at: Set(now),
        });
        jobs.push((about.order_id, json!({ "eventId": id })));
        ids.push(id);
    }
    if rows.is_empty() {
        return Ok(ids);
    }
    callback_event::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    queue::enqueue_all(
        conn,
        jobs.into_iter().map(|(order_id, payload)| queue::NewJob {
            kind: JobKind::Callback,
            order_id,
            payload,
            run_at: now,
        }),
    )
    .await?;
    Ok(ids)
}

/// `t=<unix>,v1=<hex>` over `"<t>.<body>"`.
pub fn signature(secret: &SecretString, t: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_documented_scheme() {
        let s = SecretString::from("pcs_secret".to_owned());
        // printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac pcs_secret
        assert_eq!(
            signature(&s, 1_700_000_000, r#"{"id":"evt_1"}"#),
            "t=1700000000,v1=bf8c4163b6d893030b4e03bc0ca14a58e5556de325244b01e2882807d6ac533a"
        );
    }
}
