//! The admin audit log (`audit_log`): one row per action of a person or a merchant backend
//! (logins, project and credential changes, key rotations, closes, refunds, callback sends, admin
//! management), written inside the transaction of the action where it has one. Details name
//! fields and figures, never secret values. The order trail (`order_events`) is `audit`.

use chrono::Utc;
use entity::audit_log;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::StoreResult;
use crate::db::ids;
use paycenter_domain::{ActorKind, AuditAction, AuditTarget};

/// Usernames typed at a failed login are kept at most this long.
const MAX_NAME: usize = 64;

/// One entry to write.
#[derive(Debug, Clone)]
pub struct Entry {
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub action: AuditAction,
    pub target: Option<(AuditTarget, String)>,
    pub project_id: Option<String>,
    pub detail: Option<serde_json::Value>,
    pub client_ip: Option<String>,
}

impl Entry {
    pub fn new(actor_kind: ActorKind, action: AuditAction) -> Self {
        Self {
            actor_kind,
            actor_id: None,
            actor_name: None,
            action,
            target: None,
            project_id: None,
            detail: None,
            client_ip: None,
        }
    }

    pub fn actor(mut self, id: Option<&str>, name: Option<&str>) -> Self {
        self.actor_id = id.map(str::to_owned);
        self.actor_name = name.map(|n| n.chars().take(MAX_NAME).collect());
        self
    }

    pub fn target(mut self, kind: AuditTarget, id: &str) -> Self {
        self.target = Some((kind, id.to_owned()));
        self
    }

    pub fn project(mut self, id: &str) -> Self {
        self.project_id = Some(id.to_owned());
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(detail);
        self
    }

    pub fn client_ip(mut self, ip: Option<&str>) -> Self {
        self.client_ip = ip.map(str::to_owned);
        self
    }
}

/// Writes an entry (inside the caller's transaction, when it has one).
pub async fn record<C: ConnectionTrait>(conn: &C, e: Entry) -> StoreResult<()> {
    let (target_type, target_id) = match e.target {
        Some((t, id)) => (Some(t), Some(id)),
        None => (None, None),
    };
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(ids::new_id("aud")),
        actor_kind: Set(e.actor_kind),
        actor_id: Set(e.actor_id),
        actor_name: Set(e.actor_name),
        action: Set(e.action),
        target_type: Set(target_type),
        target_id: Set(target_id),
        project_id: Set(e.project_id),
        detail: Set(e.detail.map(|d| d.to_string())),
        client_ip: Set(e.client_ip),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
