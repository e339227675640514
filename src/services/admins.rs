//! Console administrators: the first admin, login, authentication of admin tokens, management
//! (roles, disabling, passwords) from the API and the CLI.
//!
//! Roles: OWNER does everything; OPERATOR works on orders, refunds and callbacks; VIEWER reads.
//! Only owners manage admins. The last active owner can be neither disabled nor demoted (checked
//! in a write transaction that holds the owners' rows, so two owners demoting each other at once
//! cannot both succeed). A disabled admin cannot log in and its tokens stop working; tokens
//! issued before a password change stop working too.

use chrono::Utc;
use entity::admin;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::audit_log::Actor;
use super::{ServiceError, ServiceResult};
use crate::auth::jwt::IssuedToken;
use crate::auth::{password, AuthError, Principal};
use crate::core::Core;
use crate::db::ids;
use crate::store::audit_log::{self, Entry};
use paycenter_domain::{ActorKind, AdminRole, AuditAction, AuditTarget};

pub const FIRST_ADMIN: &str = "admin";
const MIN_PASSWORD_LEN: usize = 8;
/// Argon2 works on bytes; a bound keeps a megabyte "password" from costing the server.
const MAX_PASSWORD_LEN: usize = 256;

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

/// Creates `admin` (an OWNER) on an empty admin table, from the configured password or a random
/// one.
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
    check_new_password(&pw, "password")?;
    let hash = password::hash(pw.clone()).await?;
    match insert(db, FIRST_ADMIN, hash, AdminRole::Owner).await {
        Ok(_) => {}
        // Another instance created it first.
        Err(ServiceError::UsernameTaken(_)) => return Ok(FirstAdmin::Existing),
        Err(e) => return Err(e),
    }
    Ok(if generated {
        FirstAdmin::CreatedWithRandomPassword(pw)
    } else {
        FirstAdmin::Created
    })
}

fn check_new_password(pw: &SecretString, field: &str) -> ServiceResult<()> {
    let n = pw.expose_secret().chars().count();
    if n < MIN_PASSWORD_LEN {
        return Err(ServiceError::bad_input(
            field,
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if n > MAX_PASSWORD_LEN {
        return Err(ServiceError::bad_input(
            field,
            format!("must be at most {MAX_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

fn check_username(username: &str) -> ServiceResult<String> {
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
    Ok(username.to_owned())
}

/// Inserts an admin; a taken username is `UsernameTaken` (also when another request won a race).
async fn insert<C: ConnectionTrait>(
    conn: &C,
    username: &str,
    hash: String,
    role: AdminRole,
) -> ServiceResult<admin::Model> {
    let now = Utc::now();
    admin::ActiveModel {
        id: Set(ids::new_id("adm")),
        username: Set(username.to_owned()),
        password_hash: Set(hash),
        role: Set(role),
        disabled: Set(false),
        password_changed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            ServiceError::UsernameTaken(username.to_owned())
        } else {
            ServiceError::Db(e)
        }
    })
}

async fn find_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> ServiceResult<Option<admin::Model>> {
    Ok(admin::Entity::find()
        .filter(admin::Column::Username.eq(username))
        .one(db)
        .await?)
}

async fn find(db: &impl ConnectionTrait, id: &str) -> ServiceResult<admin::Model> {
    if !ids::is_valid("adm", id) {
        return Err(ServiceError::NotFound("admin"));
    }
    admin::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("admin"))
}

/// Whether an admin of that name exists (the CLI asks before prompting for a password).
pub async fn exists(db: &DatabaseConnection, username: &str) -> ServiceResult<bool> {
    Ok(find_by_username(db, username.trim()).await?.is_some())
}

/// `paycenter admin create`: an admin of `role`, recorded in the audit log as the CLI's doing.
pub async fn create(
    db: &DatabaseConnection,
    username: &str,
    pw: SecretString,
    role: AdminRole,
) -> ServiceResult<admin::Model> {
    let username = check_username(username)?;
    check_new_password(&pw, "password")?;
    if find_by_username(db, &username).await?.is_some() {
        return Err(ServiceError::UsernameTaken(username));
    }
    let hash = password::hash(pw).await?;
    let txn = crate::db::begin_write(db).await?;
    let created = insert(&txn, &username, hash, role).await?;
    audit_log::record(
        &txn,
        Entry::new(ActorKind::Cli, AuditAction::AdminCreated)
            .target(AuditTarget::Admin, &created.id)
            .detail(json!({ "username": created.username, "role": role.as_str() })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// `paycenter admin set-password`: a new password by username (the admin's tokens stop working).
pub async fn set_password(
    db: &DatabaseConnection,
    username: &str,
    pw: SecretString,
) -> ServiceResult<()> {
    check_new_password(&pw, "password")?;
    let found = find_by_username(db, username)
        .await?
        .ok_or(ServiceError::NotFound("admin"))?;
    let hash = password::hash(pw).await?;
    let txn = crate::db::begin_write(db).await?;
    let id = found.id.clone();
    store_password(&txn, found, hash).await?;
    audit_log::record(
        &txn,
        Entry::new(ActorKind::Cli, AuditAction::PasswordReset).target(AuditTarget::Admin, &id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn store_password<C: ConnectionTrait>(
    conn: &C,
    found: admin::Model,
    hash: String,
) -> ServiceResult<admin::Model> {
    let now = Utc::now();
    let mut am: admin::ActiveModel = found.into();
    am.password_hash = Set(hash);
    am.password_changed_at = Set(Some(now));
    am.updated_at = Set(now);
    Ok(am.update(conn).await?)
}

/// The throttle's key for a client: its address, or one shared key for callers whose address is
/// unknown (none over HTTP: the transport always knows it).
fn throttle_ip(client_ip: Option<&str>) -> std::net::IpAddr {
    client_ip
        .and_then(|ip| ip.parse().ok())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// What a login attempt came to.
struct Attempt {
    outcome: ServiceResult<IssuedToken>,
    /// The admin the username names, if any (for the audit entry).
    known: Option<admin::Model>,
}

/// Checks the password and issues a token. Unknown user, wrong password and a disabled admin look
/// the same: the same Argon2 work (a dummy hash for unknown names), the same answer, and each
/// counts as a failure of the username and of the client's address (`auth::throttle`). Past the
/// free failures the next attempt waits (`RATE_LIMITED` with the time to wait), and enough of
/// them lock the username for a while; a correct password clears the username's failures.
async fn attempt_login(
    d: &Core,
    username: &str,
    pw: SecretString,
    client_ip: Option<&str>,
) -> ServiceResult<Attempt> {
    use crate::auth::throttle::Decision;
    let ip = throttle_ip(client_ip);
    if let Decision::RetryAfter(wait) = d.logins.check(username, ip) {
        return Ok(Attempt {
            outcome: Err(ServiceError::RateLimited(Some(wait))),
            known: None,
        });
    }
    // A name no admin can have is not looked up; it still costs one verification.
    let found = if check_username(username).is_ok_and(|u| u == username) {
        find_by_username(&d.read, username).await?
    } else {
        None
    };
    let matches = d
        .passwords
        .verify(pw, found.as_ref().map(|a| a.password_hash.clone()))
        .await?;
    let outcome = match &found {
        Some(a) if matches && !a.disabled => {
            d.logins.succeeded(username);
            let principal = Principal::Admin {
                admin_id: a.id.clone(),
                username: a.username.clone(),
                role: a.role,
            };
            d.jwt
                .issue(&principal, d.settings.auth.admin_token_ttl)
                .map_err(|e| ServiceError::Internal(e.to_string()))
        }
        _ => {
            if let Some(a) = found.as_ref().filter(|a| matches && a.disabled) {
                tracing::warn!(admin_id = %a.id, "disabled admin tried to log in");
            }
            if let Decision::RetryAfter(wait) = d.logins.failed(username, ip) {
                tracing::warn!(
                    target: "paycenter::security",
                    username = %username,
                    client_ip = %ip,
                    wait_ms = wait.as_millis() as u64,
                    "admin login failed; further attempts must wait"
                );
            }
            Err(ServiceError::Unauthenticated)
        }
    };
    Ok(Attempt {
        outcome,
        known: found,
    })
}

/// `adminLogin`: the login (see `attempt_login`), and its outcome in the audit log (LOGIN or
/// LOGIN_FAILED, with the username as typed and the client's address). Attempts refused by the
/// throttle before any verification are not written (they are bounded in time, not in number).
pub async fn login_audited(
    d: &Core,
    username: &str,
    pw: SecretString,
    client_ip: Option<&str>,
) -> ServiceResult<IssuedToken> {
    let Attempt { outcome, known } = attempt_login(d, username, pw, client_ip).await?;
    let action = match &outcome {
        Ok(_) => AuditAction::Login,
        Err(ServiceError::Unauthenticated) => AuditAction::LoginFailed,
        Err(_) => return outcome,
    };
    let mut entry = Entry::new(ActorKind::Admin, action)
        .actor(known.as_ref().map(|a| a.id.as_str()), Some(username))
        .client_ip(client_ip);
    if let Some(a) = &known {
        entry = entry.target(AuditTarget::Admin, &a.id);
    }
    audit_log::record(&d.db, entry).await?;
    outcome
}

/// The principal an admin token stands for now: the admin must exist and be enabled, and the
/// token must be newer than the last password change. Role and name are read here, so a change
/// takes effect on the next request.
pub async fn principal_for_token(
    read: &paycenter_db::Reader,
    admin_id: &str,
    issued_at_ms: i64,
) -> Result<Principal, AuthError> {
    let found = admin::Entity::find_by_id(admin_id.to_owned())
        .one(read)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "admin lookup failed");
            AuthError::Unavailable
        })?
        .ok_or(AuthError::UnknownAdmin)?;
    if found.disabled {
        return Err(AuthError::AdminDisabled);
    }
    if found
        .password_changed_at
        .is_some_and(|at| issued_at_ms < at.timestamp_millis())
    {
        return Err(AuthError::Superseded);
    }
    Ok(Principal::Admin {
        admin_id: found.id,
        username: found.username,
        role: found.role,
    })
}

/// Admins may read the admin list; managing it is for owners.
fn may_read(principal: &Principal) -> ServiceResult<()> {
    match principal {
        Principal::Admin { .. } => Ok(()),
        Principal::Anonymous => Err(ServiceError::Unauthenticated),
        Principal::Project { .. } | Principal::User { .. } | Principal::Checkout { .. } => {
            Err(ServiceError::Forbidden)
        }
    }
}

fn must_own(principal: &Principal) -> ServiceResult<()> {
    may_read(principal)?;
    if principal.admin_may(AdminRole::Owner) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Oldest first (the first admin on top); `after` is the id of the last admin of the previous page.
pub async fn list(
    d: &Core,
    principal: &Principal,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<admin::Model>> {
    may_read(principal)?;
    let mut q = admin::Entity::find().order_by_asc(admin::Column::Id);
    if let Some(a) = after {
        q = q.filter(admin::Column::Id.gt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

pub async fn count(d: &Core, principal: &Principal) -> ServiceResult<u64> {
    may_read(principal)?;
    Ok(admin::Entity::find().count(&d.read).await?)
}

/// `createAdmin` (owners).
pub async fn create_admin(
    d: &Core,
    actor: &Actor<'_>,
    username: &str,
    pw: SecretString,
    role: AdminRole,
) -> ServiceResult<admin::Model> {
    must_own(actor.principal)?;
    let username = check_username(username)?;
    check_new_password(&pw, "password")?;
    if find_by_username(&d.read, &username).await?.is_some() {
        return Err(ServiceError::UsernameTaken(username));
    }
    let hash = d.passwords.hash(pw).await?;
    let txn = crate::db::begin_write(&d.db).await?;
    let created = insert(&txn, &username, hash, role).await?;
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::AdminCreated)
            .target(AuditTarget::Admin, &created.id)
            .detail(json!({ "username": created.username, "role": role.as_str() })),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(admin_id = %created.id, role = %role, "admin created");
    Ok(created)
}

/// What `updateAdmin` may change.
#[derive(Debug, Default, Clone, Copy)]
pub struct AdminPatch {
    pub role: Option<AdminRole>,
    pub disabled: Option<bool>,
}

/// `updateAdmin` / `disableAdmin` (owners). The last active owner keeps its role and stays
/// enabled (`LAST_OWNER`).
pub async fn update_admin(
    d: &Core,
    actor: &Actor<'_>,
    id: &str,
    patch: AdminPatch,
) -> ServiceResult<admin::Model> {
    must_own(actor.principal)?;
    if !ids::is_valid("adm", id) {
        return Err(ServiceError::NotFound("admin"));
    }
    let txn = crate::db::begin_write(&d.db).await?;
    let postgres = d.db.get_database_backend() == DbBackend::Postgres;
    // The active owners' rows, held until commit (PostgreSQL; SQLite's IMMEDIATE transaction
    // already excludes every other writer). Read before the target so that the rows are always
    // locked in the same order.
    let mut owners = admin::Entity::find()
        .filter(admin::Column::Role.eq(AdminRole::Owner))
        .filter(admin::Column::Disabled.eq(false))
        .order_by_asc(admin::Column::Id);
    if postgres {
        owners = owners.lock_exclusive();
    }
    let owners = owners.all(&txn).await?;
    // The actor must still be an active owner now (its role was read when it authenticated).
    if let Principal::Admin { admin_id, .. } = actor.principal {
        if !owners.iter().any(|o| &o.id == admin_id) {
            return Err(ServiceError::Forbidden);
        }
    }
    let mut target = admin::Entity::find_by_id(id.to_owned());
    if postgres {
        target = target.lock_exclusive();
    }
    let current = target
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("admin"))?;
    let role = patch.role.unwrap_or(current.role);
    let disabled = patch.disabled.unwrap_or(current.disabled);
    let was_owner = current.role == AdminRole::Owner && !current.disabled;
    let stays_owner = role == AdminRole::Owner && !disabled;
    if was_owner && !stays_owner && !owners.iter().any(|o| o.id != current.id) {
        return Err(ServiceError::LastOwner);
    }
    let mut changes = serde_json::Map::new();
    if role != current.role {
        changes.insert(
            "role".into(),
            json!({ "from": current.role.as_str(), "to": role.as_str() }),
        );
    }
    if disabled != current.disabled {
        changes.insert(
            "disabled".into(),
            json!({ "from": current.disabled, "to": disabled }),
        );
    }
    if changes.is_empty() {
        return Ok(current);
    }
    let action = if disabled && !current.disabled {
        AuditAction::AdminDisabled
    } else {
        AuditAction::AdminUpdated
    };
    let mut am: admin::ActiveModel = current.into();
    am.role = Set(role);
    am.disabled = Set(disabled);
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    audit_log::record(
        &txn,
        actor
            .entry(action)
            .target(AuditTarget::Admin, &updated.id)
            .detail(json!({ "username": updated.username, "changes": changes })),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(admin_id = %updated.id, role = %role, disabled, "admin updated");
    Ok(updated)
}

/// `setAdminPassword` (owners): the admin's tokens stop working.
pub async fn reset_password(
    d: &Core,
    actor: &Actor<'_>,
    id: &str,
    pw: SecretString,
) -> ServiceResult<admin::Model> {
    must_own(actor.principal)?;
    check_new_password(&pw, "password")?;
    let found = find(&d.read, id).await?;
    let hash = d.passwords.hash(pw).await?;
    let txn = crate::db::begin_write(&d.db).await?;
    let updated = store_password(&txn, found, hash).await?;
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::PasswordReset)
            .target(AuditTarget::Admin, &updated.id)
            .detail(json!({ "username": updated.username })),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// `changePassword` (any admin, their own): the current password must match; every token issued
/// before stops working, and a new one is returned for this session.
pub async fn change_password(
    d: &Core,
    actor: &Actor<'_>,
    current: SecretString,
    new: SecretString,
) -> ServiceResult<IssuedToken> {
    let Principal::Admin { admin_id, .. } = actor.principal else {
        return Err(match actor.principal {
            Principal::Anonymous => ServiceError::Unauthenticated,
            _ => ServiceError::Forbidden,
        });
    };
    check_new_password(&new, "newPassword")?;
    let found = find(&d.read, admin_id).await?;
    // A stolen token must not make a password oracle: wrong current passwords count against the
    // username (and the address) as failed logins do.
    let ip = throttle_ip(actor.client_ip);
    if let crate::auth::throttle::Decision::RetryAfter(wait) = d.logins.check(&found.username, ip) {
        return Err(ServiceError::RateLimited(Some(wait)));
    }
    // A wrong current password is the caller's input, not a failed authentication: the session
    // that asked stays valid.
    if !d
        .passwords
        .verify(current, Some(found.password_hash.clone()))
        .await?
    {
        d.logins.failed(&found.username, ip);
        return Err(ServiceError::bad_input(
            "currentPassword",
            "is not the current password",
        ));
    }
    let hash = d.passwords.hash(new).await?;
    let txn = crate::db::begin_write(&d.db).await?;
    let updated = store_password(&txn, found, hash).await?;
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::PasswordChanged)
            .target(AuditTarget::Admin, &updated.id),
    )
    .await?;
    txn.commit().await?;
    let principal = Principal::Admin {
        admin_id: updated.id,
        username: updated.username,
        role: updated.role,
    };
    d.jwt
        .issue(&principal, d.settings.auth.admin_token_ttl)
        .map_err(|e| ServiceError::Internal(e.to_string()))
}
