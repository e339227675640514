//! `me` and the login mutations.

use async_graphql::{Context, Enum, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::context::ContextExt;
use super::enums::AdminRole;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use crate::auth::Principal;
use crate::services::admins;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum PrincipalKind {
    Admin,
    Project,
    User,
}

/// The caller.
#[derive(SimpleObject)]
pub struct Me {
    pub kind: PrincipalKind,
    /// Admins: the admin's id, username and role (as stored now).
    pub admin_id: Option<ID>,
    pub username: Option<String>,
    pub role: Option<AdminRole>,
    /// Project keys and users: the project they belong to.
    pub project_id: Option<ID>,
    /// Users: their openid in the project's mini-program.
    pub openid: Option<String>,
}

/// A bearer token and its expiry.
#[derive(SimpleObject)]
pub struct AuthToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// What a client may know before logging in.
#[derive(SimpleObject)]
pub struct ServerInfo {
    /// Whether this paycenter runs the provider sandbox (its controls are under `/sandbox`).
    pub sandbox: bool,
    /// paycenter's version.
    pub version: String,
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// Public facts about this server (no login needed).
    async fn server_info(&self, ctx: &Context<'_>) -> ServerInfo {
        ServerInfo {
            sandbox: ctx.core().settings.sandbox.enabled,
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// The current principal.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn me(&self, ctx: &Context<'_>) -> Result<Me> {
        let p = ctx.principal().map_err(gql)?;
        Ok(match p.clone() {
            Principal::Admin {
                admin_id,
                username,
                role,
            } => Me {
                kind: PrincipalKind::Admin,
                admin_id: Some(admin_id.into()),
                username: Some(username),
                role: Some(role.into()),
                project_id: None,
                openid: None,
            },
            Principal::Project { project_id } => Me {
                kind: PrincipalKind::Project,
                admin_id: None,
                username: None,
                role: None,
                project_id: Some(project_id.into()),
                openid: None,
            },
            Principal::User {
                project_id, openid, ..
            } => Me {
                kind: PrincipalKind::User,
                admin_id: None,
                username: None,
                role: None,
                project_id: Some(project_id.into()),
                openid: Some(openid),
            },
            Principal::Anonymous => {
                return Err(gql(crate::services::ServiceError::Unauthenticated))
            }
            // A checkout ticket is a link, not a login (its guard refuses it first).
            Principal::Checkout { .. } => {
                return Err(gql(crate::services::ServiceError::Forbidden))
            }
        })
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Logs an administrator in. Wrong username and wrong password fail alike (`UNAUTHENTICATED`).
    /// Repeated failures for a username or from an address make the next attempt wait, and then
    /// lock the username for a while: `RATE_LIMITED` with `extensions.retryAfter` (seconds).
    async fn admin_login(
        &self,
        ctx: &Context<'_>,
        username: String,
        #[graphql(secret)] password: String,
    ) -> Result<AuthToken> {
        let ip = ctx
            .data_opt::<super::orders::ClientIp>()
            .map(|c| c.0.as_str());
        let t = admins::login_audited(ctx.core(), &username, SecretString::from(password), ip)
            .await
            .map_err(gql)?;
        Ok(AuthToken {
            token: t.token,
            expires_at: t.expires_at,
        })
    }

    /// Logs a mini-program user in with a `wx.login` code (code2Session). The token is scoped to
    /// the project and the user's openid.
    async fn wechat_login(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        code: String,
    ) -> Result<AuthToken> {
        let s = ctx.core();
        let ip = ctx
            .data_opt::<super::orders::ClientIp>()
            .map(|c| c.0.as_str());
        let t = crate::services::users::wechat_login(
            s,
            &s.jwt,
            s.settings.auth.user_token_ttl,
            &project_id,
            &code,
            ip,
        )
        .await
        .map_err(gql)?;
        Ok(AuthToken {
            token: t.token,
            expires_at: t.expires_at,
        })
    }
}
