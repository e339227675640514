//! The `refunds` list: every refund a principal may see, filtered, newest first.

use chrono::{DateTime, Utc};
use entity::refund;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::Principal;
use crate::core::Core;
use crate::services::{ServiceError, ServiceResult};
use paycenter_domain::RefundState;

#[derive(Debug, Default, Clone)]
pub struct RefundFilter {
    pub project_id: Option<String>,
    pub order_id: Option<String>,
    pub state: Option<RefundState>,
    pub refund_no: Option<String>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    pub created_to: Option<DateTime<Utc>>,
}

/// Admins see every project's refunds, a project key its own; users none (`FORBIDDEN`).
fn filtered(
    principal: &Principal,
    f: &RefundFilter,
) -> ServiceResult<sea_orm::Select<refund::Entity>> {
    let mut q = refund::Entity::find();
    match principal {
        Principal::Admin { .. } => {}
        Principal::Project { project_id } => {
            q = q.filter(refund::Column::ProjectId.eq(project_id.clone()));
        }
        Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        Principal::User { .. } | Principal::Checkout { .. } => return Err(ServiceError::Forbidden),
    }
    if let Some(v) = &f.project_id {
        q = q.filter(refund::Column::ProjectId.eq(v.clone()));
    }
    if let Some(v) = &f.order_id {
        q = q.filter(refund::Column::OrderId.eq(v.clone()));
    }
    if let Some(v) = f.state {
        q = q.filter(refund::Column::State.eq(v));
    }
    if let Some(v) = &f.refund_no {
        q = q.filter(refund::Column::RefundNo.eq(v.clone()));
    }
    if let Some(v) = f.created_from {
        q = q.filter(refund::Column::CreatedAt.gte(v));
    }
    if let Some(v) = f.created_to {
        q = q.filter(refund::Column::CreatedAt.lt(v));
    }
    Ok(q)
}

/// Newest first; `after` is the id of the last refund of the previous page.
pub async fn list(
    d: &Core,
    principal: &Principal,
    f: &RefundFilter,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<refund::Model>> {
    let mut q = filtered(principal, f)?.order_by_desc(refund::Column::Id);
    if let Some(a) = after {
        q = q.filter(refund::Column::Id.lt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

pub async fn count(d: &Core, principal: &Principal, f: &RefundFilter) -> ServiceResult<u64> {
    Ok(filtered(principal, f)?.count(&d.read).await?)
}
