//! Merchant callbacks as the API sees them: attempts of an order, and resending.

use std::collections::HashMap;

use crate::core::Core;
use chrono::Utc;
use entity::{callback_attempt, callback_event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use super::orders::query;
use super::{ServiceError, ServiceResult};
use crate::auth::Principal;
use crate::outbox::queue::{self, JobKind};

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
    Ok(query::group_by(rows, |a| a.order_id.clone()))
}

/// Queues the order's latest callback event again (same event id: merchants dedupe by it).
pub async fn resend(
    d: &Core,
    principal: &Principal,
    order_id: &str,
) -> ServiceResult<callback_event::Model> {
    let order = query::get(d, principal, order_id).await?;
    if !principal.manages_project(&order.project_id) {
        return Err(ServiceError::Forbidden);
    }
    let event = callback_event::Entity::find()
        .filter(callback_event::Column::OrderId.eq(order.id.clone()))
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
    txn.commit().await?;
    d.worker.wake();
    Ok(event)
}
