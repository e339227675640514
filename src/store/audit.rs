//! The audit trail of an order (`order_events`): every state change, provider reply and notify,
//! written inside the transaction of the change it records.

use chrono::{DateTime, Utc};
use entity::order_event;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};

use super::StoreResult;
use crate::db::ids;
use paycenter_domain::{OrderEventKind, OrderState};

/// Raw provider messages kept in the audit trail are capped at this many bytes.
pub const MAX_DETAIL: usize = 8 * 1024;

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
    kind: OrderEventKind,
    from: Option<OrderState>,
    to: Option<OrderState>,
    detail: Option<&str>,
) -> StoreResult<()> {
    order_event::Entity::insert(event_row(order_id, kind, from, to, detail, Utc::now()))
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Records an event that changed nothing (a provider message noted, a duplicate notify), once per
/// distinct message: the same kind and text for the same order again adds one to the first row's
/// `repeat_count` and sets its `last_seen_at` instead of storing the body again (a replayed notify
/// cannot grow the table). Atomic on both databases (`INSERT … ON CONFLICT (order_id, digest) DO
/// UPDATE`), so concurrent repeats are all counted.
pub async fn record_repeatable<C: ConnectionTrait>(
    conn: &C,
    order_id: &str,
    kind: OrderEventKind,
    detail: &str,
) -> StoreResult<()> {
    let now = Utc::now();
    let mut row = event_row(order_id, kind, None, None, Some(detail), now);
    row.digest = Set(Some(digest(kind, detail)));
    order_event::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([order_event::Column::OrderId, order_event::Column::Digest])
                .value(
                    order_event::Column::RepeatCount,
                    Expr::col((order_event::Entity, order_event::Column::RepeatCount)).add(1),
                )
                .value(order_event::Column::LastSeenAt, now)
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// What identifies a repeated message: its kind and its whole text (not the capped copy).
fn digest(kind: OrderEventKind, detail: &str) -> String {
    let mut h = Sha256::new();
    h.update(kind.as_str().as_bytes());
    h.update(b"\n");
    h.update(detail.as_bytes());
    hex::encode(h.finalize())
}

/// An audit event row (its detail capped), for batched inserts.
pub fn event_row(
    order_id: &str,
    kind: OrderEventKind,
    from: Option<OrderState>,
    to: Option<OrderState>,
    detail: Option<&str>,
    at: DateTime<Utc>,
) -> order_event::ActiveModel {
    order_event::ActiveModel {
        id: Set(ids::new_id("evt")),
        order_id: Set(order_id.to_owned()),
        kind: Set(kind),
        from_state: Set(from),
        to_state: Set(to),
        detail: Set(detail.map(cap)),
        created_at: Set(at),
        repeat_count: Set(1),
        last_seen_at: Set(None),
        digest: Set(None),
    }
}
