//! Mini-program users: `wechatLogin` via code2Session.

use crate::core::Core;
use chrono::Utc;
use entity::user;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use super::{ServiceError, ServiceResult};
use crate::auth::jwt::IssuedToken;
use crate::auth::{JwtKeys, Principal};
use crate::db::ids;
use paycenter_providers::Login;

/// Exchanges a login code for a user token scoped to the project and openid. The session_key the
/// provider returns is neither stored, returned nor logged.
///
/// Each exchange is a code2Session call on the project's quota, so codes the provider refuses
/// count as failures of the client's address (`Core::wechat_logins`): past the free ones the
/// address must wait before the next attempt (`RATE_LIMITED` with `retryAfter`), and enough of
/// them lock it for a while. Successes clear nothing: an address is judged by its failures.
pub async fn wechat_login(
    d: &Core,
    keys: &JwtKeys,
    ttl: std::time::Duration,
    project_id: &str,
    code: &str,
    client_ip: Option<&str>,
) -> ServiceResult<IssuedToken> {
    use crate::auth::throttle::Decision;
    let ip = client_ip.unwrap_or("unknown");
    if let Decision::RetryAfter(wait) = d.wechat_logins.check(ip) {
        return Err(ServiceError::RateLimited(Some(wait)));
    }
    let outcome = exchange(d, keys, ttl, project_id, code).await;
    if let Err(e) = &outcome {
        let refused = matches!(
            e,
            ServiceError::BadInput { .. }
                | ServiceError::NotFound(_)
                | ServiceError::Provider(paycenter_providers::ProviderError::Business { .. })
        );
        if refused {
            if let Decision::RetryAfter(wait) = d.wechat_logins.record_failure(ip) {
                tracing::warn!(
                    target: "paycenter::security",
                    client_ip = %ip,
                    wait_ms = wait.as_millis() as u64,
                    "wechatLogin codes refused; further attempts must wait"
                );
            }
        }
    }
    outcome
}

async fn exchange(
    d: &Core,
    keys: &JwtKeys,
    ttl: std::time::Duration,
    project_id: &str,
    code: &str,
) -> ServiceResult<IssuedToken> {
    let code = code.trim();
    if code.is_empty() || code.len() > 128 {
        return Err(ServiceError::bad_input("code", "1-128 characters"));
    }
    let cached = d.projects.get(&d.read, project_id).await?;
    let project = &cached.model;
    if project.disabled {
        return Err(ServiceError::ProjectDisabled);
    }
    let (app_id, secret) = cached.mini_program().ok_or_else(|| {
        ServiceError::ChannelNotConfigured("WECHAT mini-program login (appId + appSecret)".into())
    })?;
    let session = d
        .providers
        .login(&app_id, secret)
        .code_to_session(code)
        .await?;

    let now = Utc::now();
    user::Entity::insert(user::ActiveModel {
        id: Set(ids::new_id("usr")),
        project_id: Set(project.id.clone()),
        openid: Set(session.openid.clone()),
        unionid: Set(session.unionid.clone()),
        created_at: Set(now),
        last_login_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([user::Column::ProjectId, user::Column::Openid])
            .update_columns([user::Column::LastLoginAt])
            .to_owned(),
    )
    .exec_without_returning(&d.db)
    .await?;
    let u = user::Entity::find()
        .filter(user::Column::ProjectId.eq(project.id.clone()))
        .filter(user::Column::Openid.eq(session.openid.clone()))
        .one(&d.read)
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    if session.unionid.is_some() && u.unionid != session.unionid {
        user::Entity::update_many()
            .col_expr(
                user::Column::Unionid,
                sea_orm::sea_query::Expr::value(session.unionid.clone()),
            )
            .filter(user::Column::Id.eq(u.id.clone()))
            .exec(&d.db)
            .await?;
    }
    tracing::info!(project_id = %project.id, user_id = %u.id, "mini-program user logged in");
    keys.issue(
        &Principal::User {
            project_id: project.id.clone(),
            user_id: u.id,
            openid: u.openid,
        },
        ttl,
    )
    .map_err(|e| ServiceError::Internal(e.to_string()))
}
