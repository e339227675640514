//! The audit trail of an order (`order_events`): every state change, provider reply and notify,
//! written inside the transaction of the change it records.

use chrono::{DateTime, Utc};
use entity::order_event;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

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
    }
}
