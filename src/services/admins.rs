//! Console administrators: the first admin, login, CLI management.

use chrono::Utc;
use entity::admin;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use secrecy::{ExposeSecret, SecretString};

use super::{ServiceError, ServiceResult};
use crate::auth::jwt::IssuedToken;
use crate::auth::{password, JwtKeys, Principal};
use crate::db::ids;

pub const FIRST_ADMIN: &str = "admin";
const MIN_PASSWORD_LEN: usize = 8;

/// What `ensure_first_admin` did.
#[derive(Debug)]
pub enum FirstAdmin {
    /// Admins already exist.
    Existing,
    /// Created with the configured password.
    Created,
    /// Created with this random password, to be shown once.
    CreatedWithRandomPassword(SecretString),
}

/// Creates `admin` on an empty admin table, from the configured password or a random one.
pub async fn ensure_first_admin(
    db: &DatabaseConnection,
    configured: Option<&SecretString>,
) -> ServiceResult<FirstAdmin> {
    if admin::Entity::find().count(db).await? > 0 {
        return Ok(FirstAdmin::Existing);
    }
    let (pw, generated) = match configured {
        Some(p) => (p.clone(), false),
        None => (
            SecretString::from(
                crate::secrets::random_token("")
                    .chars()
                    .take(20)
                    .collect::<String>(),
            ),
            true,
        ),
    };
    match create(db, FIRST_ADMIN, pw.clone()).await {
        Ok(()) => {}
        // Another instance created it first.
        Err(ServiceError::Db(e)) if crate::db::is_unique_violation(&e) => {
            return Ok(FirstAdmin::Existing)
        }
        Err(e) => return Err(e),
    }
    Ok(if generated {
        FirstAdmin::CreatedWithRandomPassword(pw)
    } else {
        FirstAdmin::Created
    })
}

fn check_new_password(pw: &SecretString) -> ServiceResult<()> {
    if pw.expose_secret().chars().count() < MIN_PASSWORD_LEN {
        return Err(ServiceError::bad_input(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    username: &str,
    pw: SecretString,
) -> ServiceResult<()> {
    let username = username.trim();
    if username.is_empty()
        || username.len() > 64
        || !username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b))
    {
        return Err(ServiceError::bad_input(
            "username",
            "1-64 characters of letters, digits and ._-@",
        ));
    }
    check_new_password(&pw)?;
    let hash = password::hash(pw).await?;
    let now = Utc::now();
    admin::ActiveModel {
        id: Set(ids::new_id("adm")),
        username: Set(username.to_owned()),
        password_hash: Set(hash),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn set_password(
    db: &DatabaseConnection,
    username: &str,
    pw: SecretString,
) -> ServiceResult<()> {
    check_new_password(&pw)?;
    let found = admin::Entity::find()
        .filter(admin::Column::Username.eq(username))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("admin"))?;
    let hash = password::hash(pw).await?;
    let mut am: admin::ActiveModel = found.into();
    am.password_hash = Set(hash);
    am.updated_at = Set(Utc::now());
    am.update(db).await?;
    Ok(())
}

/// Checks the password and issues a token. Unknown user and wrong password look the same.
pub async fn login(
    db: &DatabaseConnection,
    keys: &JwtKeys,
    ttl: std::time::Duration,
    username: &str,
    pw: SecretString,
) -> ServiceResult<IssuedToken> {
    let found = admin::Entity::find()
        .filter(admin::Column::Username.eq(username))
        .one(db)
        .await?;
    let Some(found) = found else {
        password::dummy_verify(pw).await;
        return Err(ServiceError::Unauthenticated);
    };
    if !password::verify(pw, found.password_hash.clone()).await? {
        tracing::warn!(username = %found.username, "admin login failed");
        return Err(ServiceError::Unauthenticated);
    }
    let principal = Principal::Admin {
        admin_id: found.id,
        username: found.username,
    };
    keys.issue(&principal, ttl)
        .map_err(|e| ServiceError::Internal(e.to_string()))
}
