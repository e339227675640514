//! The admin audit log as the services write and read it: who is acting (`Actor`), the entries
//! they cause, and the `auditLog` listing.
//!
//! Every admin role may read the log (read-only; it holds no secret values): an operator or a
//! viewer seeing who changed a callback URL or refunded an order is what the log is for. Project
//! keys and mini-program users may not (`FORBIDDEN`).

use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{ServiceError, ServiceResult};
use crate::auth::Principal;
use crate::core::Core;
use crate::store::audit_log::Entry;
use paycenter_domain::{ActorKind, AuditAction, AuditTarget};

/// Who is acting, and from where: what an audit entry records of the caller.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub principal: &'a Principal,
    /// The client's address as the server saw it (None over WebSocket).
    pub client_ip: Option<&'a str>,
}

impl<'a> Actor<'a> {
    pub fn new(principal: &'a Principal, client_ip: Option<&'a str>) -> Self {
        Self {
            principal,
            client_ip,
        }
    }

    /// An entry for `action` by this actor.
    pub fn entry(&self, action: AuditAction) -> Entry {
        let (kind, id, name) = match self.principal {
            Principal::Admin {
                admin_id, username, ..
            } => (
                ActorKind::Admin,
                Some(admin_id.as_str()),
                Some(username.as_str()),
            ),
            Principal::Project { project_id } => {
                (ActorKind::Project, Some(project_id.as_str()), None)
            }
            Principal::User {
                user_id, openid, ..
            } => (
                ActorKind::User,
                Some(user_id.as_str()),
                Some(openid.as_str()),
            ),
            // Nothing an anonymous caller does is audited but a login, which names itself; a
            // checkout ticket changes nothing.
            Principal::Anonymous | Principal::Checkout { .. } => (ActorKind::Admin, None, None),
        };
        Entry::new(kind, action)
            .actor(id, name)
            .client_ip(self.client_ip)
    }
}

/// The `auditLog` filter.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub action: Option<AuditAction>,
    pub target_type: Option<AuditTarget>,
    pub target_id: Option<String>,
    pub project_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

fn may_read(principal: &Principal) -> ServiceResult<()> {
    match principal {
        Principal::Admin { .. } => Ok(()),
        Principal::Anonymous => Err(ServiceError::Unauthenticated),
        Principal::Project { .. } | Principal::User { .. } | Principal::Checkout { .. } => {
            Err(ServiceError::Forbidden)
        }
    }
}

fn filtered(f: &AuditFilter) -> sea_orm::Select<audit_log::Entity> {
    let mut q = audit_log::Entity::find();
    if let Some(v) = &f.actor_id {
        q = q.filter(audit_log::Column::ActorId.eq(v.clone()));
    }
    if let Some(v) = f.action {
        q = q.filter(audit_log::Column::Action.eq(v));
    }
    if let Some(v) = f.target_type {
        q = q.filter(audit_log::Column::TargetType.eq(v));
    }
    if let Some(v) = &f.target_id {
        q = q.filter(audit_log::Column::TargetId.eq(v.clone()));
    }
    if let Some(v) = &f.project_id {
        q = q.filter(audit_log::Column::ProjectId.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(audit_log::Column::CreatedAt.gte(v));
    }
    if let Some(v) = f.to {
        q = q.filter(audit_log::Column::CreatedAt.lt(v));
    }
    q
}

/// Newest first; `after` is the id of the last entry of the previous page.
pub async fn list(
    d: &Core,
    principal: &Principal,
    f: &AuditFilter,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<audit_log::Model>> {
    may_read(principal)?;
    let mut q = filtered(f).order_by_desc(audit_log::Column::Id);
    if let Some(a) = after {
        q = q.filter(audit_log::Column::Id.lt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

/// How many entries the filter matches.
pub async fn count(d: &Core, principal: &Principal, f: &AuditFilter) -> ServiceResult<u64> {
    may_read(principal)?;
    Ok(filtered(f).count(&d.read).await?)
}
