//! Reading orders, scoped by who asks: admins see all, a project key its project, a user their own,
//! a checkout ticket its one order.

use std::collections::HashMap;

use crate::core::Core;
use chrono::{DateTime, Utc};
use entity::{order, order_event};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::auth::Principal;
use crate::services::{ServiceError, ServiceResult};
use paycenter_domain::{Channel, OrderState};

/// Which orders a principal may see.
pub enum Visibility {
    All,
    Project(String),
    User {
        project_id: String,
        user_id: String,
    },
    /// A checkout ticket's one order.
    Order(String),
}

impl Visibility {
    pub fn of(p: &Principal) -> ServiceResult<Self> {
        Ok(match p {
            Principal::Admin { .. } => Visibility::All,
            Principal::Project { project_id } => Visibility::Project(project_id.clone()),
            Principal::User {
                project_id,
                user_id,
                ..
            } => Visibility::User {
                project_id: project_id.clone(),
                user_id: user_id.clone(),
            },
            Principal::Checkout { order_id } => Visibility::Order(order_id.clone()),
            Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        })
    }

    pub fn allows(&self, o: &order::Model) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Project(p) => *p == o.project_id,
            Visibility::User {
                project_id,
                user_id,
            } => *project_id == o.project_id && o.user_id.as_deref() == Some(user_id),
            Visibility::Order(id) => *id == o.id,
        }
    }

    fn apply(&self, q: sea_orm::Select<order::Entity>) -> sea_orm::Select<order::Entity> {
        match self {
            Visibility::All => q,
            Visibility::Project(p) => q.filter(order::Column::ProjectId.eq(p.clone())),
            Visibility::User {
                project_id,
                user_id,
            } => q
                .filter(order::Column::ProjectId.eq(project_id.clone()))
                .filter(order::Column::UserId.eq(user_id.clone())),
            Visibility::Order(id) => q.filter(order::Column::Id.eq(id.clone())),
        }
    }
}

#[derive(Default)]
pub struct OrderFilter {
    pub project_id: Option<String>,
    pub state: Option<OrderState>,
    pub channel: Option<Channel>,
    pub order_no: Option<String>,
    pub provider_trade_no: Option<String>,
    /// Free text: an order id, order number, provider trade number or payer exactly, or a part
    /// of the subject (case-insensitive for ASCII); at most [`MAX_Q`] characters.
    pub q: Option<String>,
    pub flagged: Option<bool>,
    pub callback_delivered: Option<bool>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
}

/// The longest free-text search accepted.
pub const MAX_Q: usize = 64;

/// `LIKE` pattern for "contains `q`", with `\` escaping the pattern's own wildcards.
pub fn contains_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// An order the principal may see; anything else is `NOT_FOUND`.
pub async fn get(d: &Core, principal: &Principal, id: &str) -> ServiceResult<order::Model> {
    let vis = Visibility::of(principal)?;
    let found = order::Entity::find_by_id(id.to_owned())
        .one(&d.read)
        .await?;
    found
        .filter(|o| vis.allows(o))
        .ok_or(ServiceError::NotFound("order"))
}

pub async fn get_by_no(
    d: &Core,
    principal: &Principal,
    project_id: &str,
    order_no: &str,
) -> ServiceResult<order::Model> {
    let vis = Visibility::of(principal)?;
    let found = order::Entity::find()
        .filter(order::Column::ProjectId.eq(project_id))
        .filter(order::Column::OrderNo.eq(order_no))
        .one(&d.read)
        .await?;
    found
        .filter(|o| vis.allows(o))
        .ok_or(ServiceError::NotFound("order"))
}

/// The orders `principal` may see that match `filter`.
fn filtered(
    principal: &Principal,
    filter: &OrderFilter,
) -> ServiceResult<sea_orm::Select<order::Entity>> {
    let vis = Visibility::of(principal)?;
    let mut q = vis.apply(order::Entity::find());
    if let Some(v) = &filter.project_id {
        q = q.filter(order::Column::ProjectId.eq(v.clone()));
    }
    if let Some(v) = &filter.state {
        q = q.filter(order::Column::State.eq(*v));
    }
    if let Some(v) = &filter.channel {
        q = q.filter(order::Column::Channel.eq(*v));
    }
    if let Some(v) = &filter.order_no {
        q = q.filter(order::Column::OrderNo.eq(v.clone()));
    }
    if let Some(v) = &filter.provider_trade_no {
        q = q.filter(order::Column::ProviderTradeNo.eq(v.clone()));
    }
    if let Some(v) = filter.flagged {
        q = q.filter(order::Column::Flagged.eq(v));
    }
    if let Some(v) = filter.callback_delivered {
        q = q.filter(order::Column::CallbackDelivered.eq(v));
    }
    if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.chars().count() > MAX_Q {
            return Err(ServiceError::bad_input(
                "filter.q",
                format!("at most {MAX_Q} characters"),
            ));
        }
        // The identifiers are indexed; the subject is matched by scanning what the other
        // filters leave (pair a long history with a date range).
        q = q.filter(
            Condition::any()
                .add(order::Column::Id.eq(text))
                .add(order::Column::OrderNo.eq(text))
                .add(order::Column::ProviderTradeNo.eq(text))
                .add(order::Column::Payer.eq(text))
                .add(
                    Expr::expr(Func::lower(Expr::col(order::Column::Subject)))
                        .like(LikeExpr::new(contains_pattern(&text.to_lowercase())).escape('\\')),
                ),
        );
    }
    if let Some(v) = filter.created_from {
        q = q.filter(order::Column::CreatedAt.gte(v));
    }
    if let Some(v) = filter.created_to {
        q = q.filter(order::Column::CreatedAt.lt(v));
    }
    Ok(q)
}

/// Newest first; `after` is the id of the last order of the previous page.
pub async fn list(
    d: &Core,
    principal: &Principal,
    filter: &OrderFilter,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<order::Model>> {
    let mut q = filtered(principal, filter)?.order_by_desc(order::Column::Id);
    if let Some(a) = after {
        q = q.filter(order::Column::Id.lt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

/// How many orders `list` would show across all pages.
pub async fn count(d: &Core, principal: &Principal, filter: &OrderFilter) -> ServiceResult<u64> {
    Ok(filtered(principal, filter)?.count(&d.read).await?)
}

/// The audit trail, oldest first.
pub async fn events(d: &Core, order_id: &str) -> ServiceResult<Vec<order_event::Model>> {
    let mut by_order = events_of(d, &[order_id.to_owned()]).await?;
    Ok(by_order.remove(order_id).unwrap_or_default())
}

/// The audit trails of several orders in one query (for lists of orders), oldest first each.
pub async fn events_of(
    d: &Core,
    order_ids: &[String],
) -> ServiceResult<HashMap<String, Vec<order_event::Model>>> {
    let rows = order_event::Entity::find()
        .filter(order_event::Column::OrderId.is_in(order_ids.iter().cloned()))
        .order_by_asc(order_event::Column::Id)
        .all(&d.read)
        .await?;
    Ok(group_by(rows, |e| e.order_id.clone()))
}

/// Rows grouped by a key, keeping their order within each group.
pub fn group_by<T>(rows: Vec<T>, key: impl Fn(&T) -> String) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for r in rows {
        out.entry(key(&r)).or_default().push(r);
    }
    out
}

/// Orders by id with no scope check (a loader under objects the caller was allowed to see).
pub async fn by_ids(d: &Core, ids: &[String]) -> ServiceResult<HashMap<String, order::Model>> {
    let rows = order::Entity::find()
        .filter(order::Column::Id.is_in(ids.iter().cloned()))
        .all(&d.read)
        .await?;
    Ok(rows.into_iter().map(|o| (o.id.clone(), o)).collect())
}

/// Reloads an order with no scope check (after a change the caller already was allowed to make).
pub async fn reload(d: &Core, id: &str) -> ServiceResult<order::Model> {
    order::Entity::find_by_id(id.to_owned())
        .one(&d.read)
        .await?
        .ok_or(ServiceError::NotFound("order"))
}
