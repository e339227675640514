//! Console administrators and the admin audit log: `admins`, `auditLog`, and the management
//! mutations (owners), `changePassword` (any admin, their own).

use async_graphql::{Context, InputObject, Object, Result, ID};
use chrono::{DateTime, Utc};
use entity::{admin, audit_log};
use secrecy::SecretString;

use super::auth::AuthToken;
use super::context::ContextExt;
use super::enums::{ActorKind, AdminRole, AuditAction, AuditTarget};
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::page::{page, wants_total, Page};
use super::projects::page_size;
use crate::services::admins as svc;
use crate::services::audit_log::{self as audit, AuditFilter};
use paycenter_domain::AdminRole as DomainRole;

/// A console administrator.
pub struct Admin(pub admin::Model);

#[Object]
impl Admin {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn username(&self) -> &str {
        &self.0.username
    }
    async fn role(&self) -> AdminRole {
        self.0.role.into()
    }
    /// A disabled admin cannot log in, and its tokens no longer work.
    async fn disabled(&self) -> bool {
        self.0.disabled
    }
    async fn password_changed_at(&self) -> Option<DateTime<Utc>> {
        self.0.password_changed_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One entry of the admin audit log.
pub struct AuditEntry(pub audit_log::Model);

#[Object]
impl AuditEntry {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn actor_kind(&self) -> ActorKind {
        self.0.actor_kind.into()
    }
    /// The admin, project or user id (none for a failed login as an unknown user).
    async fn actor_id(&self) -> Option<ID> {
        self.0.actor_id.clone().map(ID)
    }
    /// The admin's username (as typed, for a failed login).
    async fn actor_name(&self) -> Option<&str> {
        self.0.actor_name.as_deref()
    }
    async fn action(&self) -> AuditAction {
        self.0.action.into()
    }
    async fn target_type(&self) -> Option<AuditTarget> {
        self.0.target_type.map(Into::into)
    }
    async fn target_id(&self) -> Option<ID> {
        self.0.target_id.clone().map(ID)
    }
    /// The project the target belongs to.
    async fn project_id(&self) -> Option<ID> {
        self.0.project_id.clone().map(ID)
    }
    /// JSON: what changed (field names, roles, amounts); never a secret value.
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }
    async fn client_ip(&self) -> Option<&str> {
        self.0.client_ip.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    pub actor_id: Option<ID>,
    pub action: Option<AuditAction>,
    pub target_type: Option<AuditTarget>,
    pub target_id: Option<ID>,
    pub project_id: Option<ID>,
    /// Inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
}

#[derive(InputObject)]
pub struct CreateAdminInput {
    /// 1-64 characters of letters, digits and `._-@`.
    pub username: String,
    /// At least 8 characters.
    #[graphql(secret)]
    pub password: String,
    pub role: AdminRole,
}

#[derive(InputObject, Default)]
pub struct UpdateAdminInput {
    pub role: Option<AdminRole>,
    pub disabled: Option<bool>,
}

#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// Console administrators, oldest first (any admin).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn admins(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Admin>> {
        let p = ctx.principal().map_err(gql)?;
        let d = ctx.core();
        let limit = page_size(first)?;
        let rows = svc::list(d, p, after.as_deref(), limit as u64 + 1)
            .await
            .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(svc::count(d, p).await.map_err(gql)?)
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |a| a.id.clone(),
            Admin,
        ))
    }

    /// The admin audit log, newest first (any admin, read-only).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<AuditEntry>> {
        let p = ctx.principal().map_err(gql)?;
        let d = ctx.core();
        let f = filter.unwrap_or_default();
        let f = AuditFilter {
            actor_id: f.actor_id.map(|i| i.0),
            action: f.action.map(Into::into),
            target_type: f.target_type.map(Into::into),
            target_id: f.target_id.map(|i| i.0),
            project_id: f.project_id.map(|i| i.0),
            from: f.from,
            to: f.to,
        };
        let limit = page_size(first)?;
        let rows = audit::list(d, p, &f, after.as_deref(), limit as u64 + 1)
            .await
            .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(audit::count(d, p, &f).await.map_err(gql)?)
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |e| e.id.clone(),
            AuditEntry,
        ))
    }
}

#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Creates an admin (owners). A taken username is `USERNAME_TAKEN` (`field: "username"`).
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(DomainRole::Owner)")]
    async fn create_admin(&self, ctx: &Context<'_>, input: CreateAdminInput) -> Result<Admin> {
        let actor = ctx.actor().map_err(gql)?;
        let a = svc::create_admin(
            ctx.core(),
            &actor,
            &input.username,
            SecretString::from(input.password),
            input.role.into(),
        )
        .await
        .map_err(gql)?;
        Ok(Admin(a))
    }

    /// Changes an admin's role or disabled flag (owners). The last active OWNER can be neither
    /// disabled nor demoted (`LAST_OWNER`). A disabled admin's tokens stop working at once.
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(DomainRole::Owner)")]
    async fn update_admin(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateAdminInput,
    ) -> Result<Admin> {
        let actor = ctx.actor().map_err(gql)?;
        let a = svc::update_admin(
            ctx.core(),
            &actor,
            &id,
            svc::AdminPatch {
                role: input.role.map(Into::into),
                disabled: input.disabled,
            },
        )
        .await
        .map_err(gql)?;
        Ok(Admin(a))
    }

    /// Disables an admin (owners); `updateAdmin(id, {disabled: false})` enables it again.
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(DomainRole::Owner)")]
    async fn disable_admin(&self, ctx: &Context<'_>, id: ID) -> Result<Admin> {
        let actor = ctx.actor().map_err(gql)?;
        let a = svc::update_admin(
            ctx.core(),
            &actor,
            &id,
            svc::AdminPatch {
                role: None,
                disabled: Some(true),
            },
        )
        .await
        .map_err(gql)?;
        Ok(Admin(a))
    }

    /// Sets another admin's password (owners); that admin's tokens stop working.
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(DomainRole::Owner)")]
    async fn set_admin_password(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(secret, desc = "At least 8 characters")] password: String,
    ) -> Result<Admin> {
        let actor = ctx.actor().map_err(gql)?;
        let a = svc::reset_password(ctx.core(), &actor, &id, SecretString::from(password))
            .await
            .map_err(gql)?;
        Ok(Admin(a))
    }

    /// Changes the caller's own password (any admin). A wrong current password is
    /// `BAD_USER_INPUT` (`field: "currentPassword"`). Every token issued before stops working;
    /// the answer is a new one for this session.
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(secret)] current_password: String,
        #[graphql(secret, desc = "At least 8 characters")] new_password: String,
    ) -> Result<AuthToken> {
        let actor = ctx.actor().map_err(gql)?;
        let t = svc::change_password(
            ctx.core(),
            &actor,
            SecretString::from(current_password),
            SecretString::from(new_password),
        )
        .await
        .map_err(gql)?;
        Ok(AuthToken {
            token: t.token,
            expires_at: t.expires_at,
        })
    }
}
