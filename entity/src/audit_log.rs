//! The admin audit log: who did what to what, when and from where. Written in the transaction of
//! the action it records where the action has one. Never holds a secret value.

use paycenter_domain::{ActorKind, AuditAction, AuditTarget};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub actor_kind: ActorKind,
    /// The admin, project or user id (None for a failed login as an unknown user).
    pub actor_id: Option<String>,
    /// The admin's username (as typed, for a failed login).
    pub actor_name: Option<String>,
    pub action: AuditAction,
    pub target_type: Option<AuditTarget>,
    pub target_id: Option<String>,
    /// The project the target belongs to, when it belongs to one.
    pub project_id: Option<String>,
    /// JSON: what changed (field names, roles, amounts), never a secret value.
    #[sea_orm(column_type = "Text", nullable)]
    pub detail: Option<String>,
    pub client_ip: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
