//! Merchant projects: credentials (encrypted at rest, write-only), API keys, settings.

use chrono::Utc;
use entity::project;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use secrecy::{ExposeSecret, SecretString};

use super::{ServiceError, ServiceResult};
use crate::auth::Principal;
use crate::db::ids;
use crate::secrets::{random_token, token_hash, Vault};
use crate::store::project_cache::ProjectCache;
use std::collections::HashMap;

use crate::core::Core;
use crate::services::audit_log::Actor;
use crate::store::audit_log;
pub use crate::store::credentials::Summary;
use crate::store::credentials::{self, Alipay, Stored, WechatV2, WechatV3};
use crate::store::projects::{find, API_KEY_PREFIX, F_SIGNING_SECRET};
use paycenter_domain::{AdminRole, AuditAction, AuditTarget, CredentialKind, WechatApiVersion};
use serde_json::json;

pub const DEFAULT_ORDER_TTL_SECONDS: i32 = 15 * 60;
pub const MIN_ORDER_TTL_SECONDS: i32 = 60;
pub const MAX_ORDER_TTL_SECONDS: i32 = 24 * 3600;

/// WeChat settings as given. For updates, `None` keeps a value and `Some("")` clears it.
/// `app_id` and `mch_id` belong to both APIs' sets; `app_secret` (the mini-program's) and
/// `api_key` to v2's; the rest to v3's.
#[derive(Default)]
pub struct WechatInput {
    /// The API new orders use (unset: v2 when its credentials are complete, else v3).
    pub api_version: Option<WechatApiVersion>,
    pub app_id: Option<String>,
    pub app_secret: Option<SecretString>,
    pub mch_id: Option<String>,
    pub api_key: Option<SecretString>,
    pub merchant_serial_no: Option<String>,
    pub merchant_private_key: Option<SecretString>,
    pub api_v3_key: Option<SecretString>,
    pub wechatpay_public_key_id: Option<String>,
    pub wechatpay_public_key: Option<String>,
}

/// Alipay settings as given. For updates, `None` keeps a value and `Some("")` clears it.
#[derive(Default)]
pub struct AlipayInput {
    pub app_id: Option<String>,
    pub app_private_key: Option<SecretString>,
    pub alipay_public_key: Option<String>,
}

pub struct NewProject {
    pub name: String,
    pub callback_url: Option<String>,
    pub wechat: Option<WechatInput>,
    pub alipay: Option<AlipayInput>,
    pub order_ttl_seconds: Option<i32>,
    pub trust_client_amount: Option<bool>,
}

#[derive(Default)]
pub struct ProjectPatch {
    pub name: Option<String>,
    /// `Some(None)` clears the callback URL.
    pub callback_url: Option<Option<String>>,
    pub wechat: Option<WechatInput>,
    pub alipay: Option<AlipayInput>,
    pub order_ttl_seconds: Option<i32>,
    pub trust_client_amount: Option<bool>,
}

/// A project with the secrets shown once: on creation, and on rotation.
pub struct WithKey {
    pub project: project::Model,
    pub api_key: String,
    pub signing_secret: Option<String>,
}

/// Admins see every project; a project key only its own; others nothing.
fn may_read(principal: &Principal, project_id: &str) -> bool {
    principal.manages_project(project_id)
}

/// Changing a project (settings, credentials, keys, availability) is for OWNER admins; a project
/// key may change its own project where the API allows it (scope is checked by `get`).
fn may_configure(principal: &Principal) -> ServiceResult<()> {
    if principal.admin_may(AdminRole::Owner) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The names of the fields that differ between two credential sets of one kind, as
/// `KIND.fieldName` (never their values). Generic over the sealed shape, so a new kind needs
/// nothing here.
pub fn changed_credential_fields(before: Option<&Stored>, after: &Stored) -> Vec<String> {
    let fields = |s: Option<&Stored>| match s.map(serde_json::to_value) {
        Some(Ok(serde_json::Value::Object(m))) => m,
        _ => serde_json::Map::new(),
    };
    let (old, new) = (fields(before), fields(Some(after)));
    let mut names: Vec<String> = old
        .keys()
        .chain(new.keys())
        .filter(|k| *k != "kind")
        .filter(|k| {
            let norm = |v: Option<&serde_json::Value>| v.filter(|v| !v.is_null()).cloned();
            norm(old.get(*k)) != norm(new.get(*k))
        })
        .map(|k| format!("{}.{}", after.kind().as_str(), camel(k)))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Loads a project the principal may see. Another tenant's project is `NOT_FOUND`.
pub async fn get(
    db: &impl sea_orm::ConnectionTrait,
    principal: &Principal,
    id: &str,
) -> ServiceResult<project::Model> {
    if !may_read(principal, id) {
        return Err(ServiceError::NotFound("project"));
    }
    Ok(find(db, id).await?)
}

/// The non-secret summaries of these projects' credentials (what the API shows), by project.
pub async fn credential_summaries(
    d: &Core,
    project_ids: &[String],
) -> ServiceResult<HashMap<String, Vec<(CredentialKind, Summary)>>> {
    Ok(credentials::summaries(&d.read, project_ids).await?)
}

/// The projects `principal` may list.
fn visible(principal: &Principal) -> ServiceResult<sea_orm::Select<project::Entity>> {
    let q = project::Entity::find();
    match principal {
        Principal::Admin { .. } => Ok(q),
        Principal::Project { project_id } => {
            Ok(q.filter(project::Column::Id.eq(project_id.clone())))
        }
        Principal::Anonymous => Err(ServiceError::Unauthenticated),
        Principal::User { .. } | Principal::Checkout { .. } => Err(ServiceError::Forbidden),
    }
}

/// How many projects `list` shows across all pages.
pub async fn count(db: &paycenter_db::Reader, principal: &Principal) -> ServiceResult<u64> {
    Ok(visible(principal)?.count(db).await?)
}

/// Newest first; `after` is the id of the last project of the previous page.
pub async fn list(
    db: &paycenter_db::Reader,
    principal: &Principal,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<project::Model>> {
    let mut q = visible(principal)?.order_by_desc(project::Column::Id);
    if let Some(after) = after {
        q = q.filter(project::Column::Id.lt(after.to_owned()));
    }
    Ok(q.limit(limit).all(db).await?)
}

/// Where callbacks may go: `allow_private` (sandbox or configuration) permits loopback, private and
/// link-local targets; otherwise they are refused here and again at send time.
pub async fn create(
    db: &DatabaseConnection,
    vault: &Vault,
    allow_private: bool,
    actor: &Actor<'_>,
    input: NewProject,
) -> ServiceResult<WithKey> {
    if !actor.principal.is_admin() {
        return Err(ServiceError::Forbidden);
    }
    may_configure(actor.principal)?;
    let name = validate_name(&input.name)?;
    let callback_url = match input.callback_url.as_deref() {
        Some(u) => Some(validate_callback_url(u, allow_private).await?),
        None => None,
    };
    let ttl = validate_ttl(input.order_ttl_seconds.unwrap_or(DEFAULT_ORDER_TTL_SECONDS))?;
    let api_key = random_token(API_KEY_PREFIX);
    let signing_secret = random_token("pcs_");
    let now = Utc::now();
    let mut am = project::ActiveModel {
        id: Set(ids::new_id("prj")),
        name: Set(name),
        callback_url: Set(callback_url),
        // Legacy columns (credentials live in `project_credentials`).
        wechat_app_id: Set(None),
        wechat_mch_id: Set(None),
        wechat_app_secret_enc: Set(None),
        wechat_api_key_enc: Set(None),
        alipay_app_id: Set(None),
        alipay_app_private_key_enc: Set(None),
        alipay_public_key_enc: Set(None),
        wechat_api_version: Set(None),
        order_ttl_seconds: Set(ttl),
        trust_client_amount: Set(input.trust_client_amount.unwrap_or(false)),
        disabled: Set(false),
        api_key_hash: Set(token_hash(&api_key)),
        api_key_prefix: Set(api_key.chars().take(12).collect()),
        signing_secret_enc: Set(vault.encrypt(F_SIGNING_SECRET, &signing_secret)?),
        created_at: Set(now),
        updated_at: Set(now),
    };
    // Every input is checked before anything is written.
    let mut sets = Vec::new();
    if let Some(w) = input.wechat {
        let (v2, v3, version) = apply_wechat(None, None, w)?;
        sets.extend([v2, v3]);
        am.wechat_api_version = Set(version);
    }
    if let Some(a) = input.alipay {
        sets.push(apply_alipay(None, a)?);
    }
    let credential_fields: Vec<String> = sets
        .iter()
        .flat_map(|s| changed_credential_fields(None, s))
        .collect();
    let txn = crate::db::begin_write(db).await?;
    let project = am.insert(&txn).await?;
    for set in &sets {
        credentials::save(&txn, vault, &project.id, set).await?;
    }
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::ProjectCreated)
            .target(AuditTarget::Project, &project.id)
            .project(&project.id)
            .detail(json!({
                "name": project.name,
                "callbackUrl": project.callback_url.is_some(),
                "credentials": credential_fields,
            })),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(project_id = %project.id, "project created");
    Ok(WithKey {
        project,
        api_key,
        signing_secret: Some(signing_secret),
    })
}

pub async fn update(
    db: &DatabaseConnection,
    cache: &ProjectCache,
    vault: &Vault,
    allow_private: bool,
    actor: &Actor<'_>,
    id: &str,
    patch: ProjectPatch,
) -> ServiceResult<project::Model> {
    may_configure(actor.principal)?;
    let existing = get(db, actor.principal, id).await?;
    // A project key may adjust its own project's settings, never the provider credentials money
    // is paid to: a leaked key must not redirect payments (OWNER admins only).
    if (patch.wechat.is_some() || patch.alipay.is_some())
        && !matches!(actor.principal, Principal::Admin { .. })
    {
        return Err(ServiceError::Denied(
            "provider credentials are changed by OWNER admins only".into(),
        ));
    }
    // Which settings change, by name (the audit log's detail; never a value of a secret).
    let mut settings_changed: Vec<&str> = Vec::new();
    let mut callback_changed = false;
    let mut am: project::ActiveModel = existing.clone().into();
    if let Some(name) = patch.name {
        let name = validate_name(&name)?;
        if name != existing.name {
            settings_changed.push("name");
        }
        am.name = Set(name);
    }
    if let Some(url) = patch.callback_url {
        let url = match url.as_deref().filter(|u| !u.is_empty()) {
            Some(u) => Some(validate_callback_url(u, allow_private).await?),
            None => None,
        };
        callback_changed = url != existing.callback_url;
        am.callback_url = Set(url);
    }
    if let Some(ttl) = patch.order_ttl_seconds {
        let ttl = validate_ttl(ttl)?;
        if ttl != existing.order_ttl_seconds {
            settings_changed.push("orderTtlSeconds");
        }
        am.order_ttl_seconds = Set(ttl);
    }
    if let Some(t) = patch.trust_client_amount {
        if t != existing.trust_client_amount {
            settings_changed.push("trustClientAmount");
        }
        am.trust_client_amount = Set(t);
    }
    // Every input is checked (against the current sets) before anything is written.
    let mut sets = Vec::new();
    let mut credential_fields: Vec<String> = Vec::new();
    if patch.wechat.is_some() || patch.alipay.is_some() {
        let current = credentials::load(db, vault, id).await?;
        let find = |k: CredentialKind| current.iter().find(|s| s.kind() == k);
        if let Some(w) = patch.wechat {
            let version = w.api_version;
            let (v2, v3, chosen) = apply_wechat(
                find(CredentialKind::WechatV2),
                find(CredentialKind::WechatV3),
                w,
            )?;
            credential_fields.extend(changed_credential_fields(
                find(CredentialKind::WechatV2),
                &v2,
            ));
            credential_fields.extend(changed_credential_fields(
                find(CredentialKind::WechatV3),
                &v3,
            ));
            sets.extend([v2, v3]);
            if version.is_some() {
                if chosen != existing.wechat_api_version {
                    settings_changed.push("wechat.apiVersion");
                }
                am.wechat_api_version = Set(chosen);
            }
        }
        if let Some(a) = patch.alipay {
            let set = apply_alipay(find(CredentialKind::Alipay), a)?;
            credential_fields.extend(changed_credential_fields(
                find(CredentialKind::Alipay),
                &set,
            ));
            sets.push(set);
        }
    }
    am.updated_at = Set(Utc::now());
    let txn = crate::db::begin_write(db).await?;
    let p = am.update(&txn).await?;
    for set in &sets {
        credentials::save(&txn, vault, &p.id, set).await?;
    }
    let entry = |action| {
        actor
            .entry(action)
            .target(AuditTarget::Project, &p.id)
            .project(&p.id)
    };
    if !settings_changed.is_empty() {
        audit_log::record(
            &txn,
            entry(AuditAction::ProjectUpdated).detail(json!({ "fields": settings_changed })),
        )
        .await?;
    }
    if callback_changed {
        audit_log::record(
            &txn,
            entry(AuditAction::CallbackUrlChanged)
                .detail(json!({ "fields": ["callbackUrl"], "set": p.callback_url.is_some() })),
        )
        .await?;
    }
    if !credential_fields.is_empty() {
        audit_log::record(
            &txn,
            entry(AuditAction::CredentialsChanged).detail(json!({ "fields": credential_fields })),
        )
        .await?;
    }
    txn.commit().await?;
    cache.changed(&p.id);
    Ok(p)
}

pub async fn set_disabled(
    db: &DatabaseConnection,
    cache: &ProjectCache,
    actor: &Actor<'_>,
    id: &str,
    disabled: bool,
) -> ServiceResult<project::Model> {
    if !actor.principal.is_admin() {
        return Err(ServiceError::Forbidden);
    }
    may_configure(actor.principal)?;
    let existing = get(db, actor.principal, id).await?;
    let was = existing.disabled;
    let mut am: project::ActiveModel = existing.into();
    am.disabled = Set(disabled);
    am.updated_at = Set(Utc::now());
    let txn = crate::db::begin_write(db).await?;
    let p = am.update(&txn).await?;
    if was != disabled {
        audit_log::record(
            &txn,
            actor
                .entry(if disabled {
                    AuditAction::ProjectDisabled
                } else {
                    AuditAction::ProjectEnabled
                })
                .target(AuditTarget::Project, &p.id)
                .project(&p.id),
        )
        .await?;
    }
    txn.commit().await?;
    cache.changed(&p.id);
    tracing::info!(project_id = %p.id, disabled, "project availability changed");
    Ok(p)
}

/// Replaces the API key; the old one stops working at once.
pub async fn rotate_key(
    db: &DatabaseConnection,
    cache: &ProjectCache,
    actor: &Actor<'_>,
    id: &str,
) -> ServiceResult<WithKey> {
    may_configure(actor.principal)?;
    let existing = get(db, actor.principal, id).await?;
    let api_key = random_token(API_KEY_PREFIX);
    let mut am: project::ActiveModel = existing.into();
    am.api_key_hash = Set(token_hash(&api_key));
    am.api_key_prefix = Set(api_key.chars().take(12).collect());
    am.updated_at = Set(Utc::now());
    let txn = crate::db::begin_write(db).await?;
    let project = am.update(&txn).await?;
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::ApiKeyRotated)
            .target(AuditTarget::Project, &project.id)
            .project(&project.id)
            .detail(json!({ "apiKeyPrefix": project.api_key_prefix })),
    )
    .await?;
    txn.commit().await?;
    cache.changed(&project.id);
    tracing::info!(project_id = %project.id, "project API key rotated");
    Ok(WithKey {
        project,
        api_key,
        signing_secret: None,
    })
}

/// Replaces the signing secret used for callbacks and payment tickets.
pub async fn rotate_signing_secret(
    db: &DatabaseConnection,
    cache: &ProjectCache,
    vault: &Vault,
    actor: &Actor<'_>,
    id: &str,
) -> ServiceResult<(project::Model, String)> {
    may_configure(actor.principal)?;
    let existing = get(db, actor.principal, id).await?;
    let secret = random_token("pcs_");
    let mut am: project::ActiveModel = existing.into();
    am.signing_secret_enc = Set(vault.encrypt(F_SIGNING_SECRET, &secret)?);
    am.updated_at = Set(Utc::now());
    let txn = crate::db::begin_write(db).await?;
    let p = am.update(&txn).await?;
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::SigningSecretRotated)
            .target(AuditTarget::Project, &p.id)
            .project(&p.id),
    )
    .await?;
    txn.commit().await?;
    cache.changed(&p.id);
    Ok((p, secret))
}

/// The WeChat sets (v2's, v3's) after applying `w` to the current ones (None keeps a field, ""
/// clears it), and the API version asked for. Every v3 field given is checked; a complete v3 set
/// is checked as a whole (the key pair, the APIv3 key, the public key) as WeChat issued it.
fn apply_wechat(
    current_v2: Option<&Stored>,
    current_v3: Option<&Stored>,
    w: WechatInput,
) -> ServiceResult<(Stored, Stored, Option<WechatApiVersion>)> {
    let mut v2 = match current_v2 {
        Some(Stored::WechatV2(c)) => c.clone(),
        _ => WechatV2::default(),
    };
    let mut v3 = match current_v3 {
        Some(Stored::WechatV3(c)) => c.clone(),
        _ => WechatV3::default(),
    };
    let gives_v3 = w.merchant_serial_no.is_some()
        || w.merchant_private_key.is_some()
        || w.api_v3_key.is_some()
        || w.wechatpay_public_key_id.is_some()
        || w.wechatpay_public_key.is_some();
    let has_v3 = gives_v3 || v3 != WechatV3::default();
    if let Some(v) = w.app_id {
        let v = opt_ident("wechat.appId", &v, 64)?;
        v2.app_id.clone_from(&v);
        if has_v3 {
            v3.app_id = v;
        }
    }
    if let Some(v) = w.mch_id {
        let v = opt_ident("wechat.mchId", &v, 32)?;
        v2.mch_id.clone_from(&v);
        if has_v3 {
            v3.mch_id = v;
        }
    }
    if has_v3 && current_v3.is_none() {
        // A new v3 set takes the identifiers already known.
        v3.app_id = v3.app_id.take().or_else(|| v2.app_id.clone());
        v3.mch_id = v3.mch_id.take().or_else(|| v2.mch_id.clone());
    }
    if let Some(v) = w.app_secret {
        v2.app_secret = opt_secret(&v, "wechat.appSecret")?;
    }
    if let Some(v) = w.api_key {
        v2.api_key = opt_secret(&v, "wechat.apiKey")?;
    }
    if let Some(v) = w.merchant_serial_no {
        v3.merchant_serial_no = opt_hex("wechat.merchantSerialNo", &v)?;
    }
    if let Some(v) = w.merchant_private_key {
        if !v.expose_secret().trim().is_empty() {
            paycenter_providers::rsa_keys::RsaSigner::parse(v.expose_secret()).map_err(|_| {
                ServiceError::bad_input(
                    "wechat.merchantPrivateKey",
                    "not an RSA private key of 2048 bits or more (PKCS#1 or PKCS#8 PEM)",
                )
            })?;
        }
        v3.merchant_private_key = opt_secret(&v, "wechat.merchantPrivateKey")?;
    }
    if let Some(v) = w.api_v3_key {
        let key = opt_secret(&v, "wechat.apiV3Key")?;
        if let Some(k) = &key {
            if k.len() != 32 {
                return Err(ServiceError::bad_input(
                    "wechat.apiV3Key",
                    format!("must be exactly 32 bytes, not {}", k.len()),
                ));
            }
        }
        v3.api_v3_key = key;
    }
    if let Some(v) = w.wechatpay_public_key_id {
        v3.wechatpay_public_key_id = opt_text("wechat.wechatPayPublicKeyId", &v, 64)?;
    }
    if let Some(v) = w.wechatpay_public_key {
        v3.wechatpay_public_key = opt_secret(&SecretString::from(v), "wechat.wechatPayPublicKey")?;
    }
    // The whole v3 set, when it is complete enough to pay with.
    let complete = v3.for_payments();
    if let Some(creds) = &complete {
        paycenter_providers::wechat_v3::credentials::validate(creds)
            .map_err(|e| ServiceError::bad_input(format!("wechat.{}", e.field()), e.to_string()))?;
    } else if v3.wechatpay_public_key_id.is_some() != v3.wechatpay_public_key.is_some() {
        return Err(ServiceError::bad_input(
            "wechat.wechatPayPublicKey",
            "wechatPayPublicKeyId and wechatPayPublicKey go together (or neither: certificate mode)",
        ));
    }
    if w.api_version == Some(WechatApiVersion::V3) && complete.is_none() {
        return Err(ServiceError::bad_input(
            "wechat.apiVersion",
            "V3 needs appId, mchId, merchantSerialNo, merchantPrivateKey and apiV3Key",
        ));
    }
    Ok((Stored::WechatV2(v2), Stored::WechatV3(v3), w.api_version))
}

/// A hex identifier (a certificate serial), trimmed; "" clears it.
fn opt_hex(field: &str, v: &str) -> ServiceResult<Option<String>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.len() > 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::bad_input(field, "1-64 hexadecimal digits"));
    }
    Ok(Some(v.to_owned()))
}

/// A printable identifier, trimmed; "" clears it.
fn opt_text(field: &str, v: &str, max: usize) -> ServiceResult<Option<String>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.len() > max || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ServiceError::bad_input(
            field,
            format!("1-{max} printable characters"),
        ));
    }
    Ok(Some(v.to_owned()))
}

/// The Alipay set after applying `a` to `current`; keys must parse.
fn apply_alipay(current: Option<&Stored>, a: AlipayInput) -> ServiceResult<Stored> {
    let mut set = match current {
        Some(Stored::Alipay(c)) => c.clone(),
        _ => Alipay::default(),
    };
    if let Some(v) = a.app_id {
        set.app_id = opt_ident("alipay.appId", &v, 32)?;
    }
    if let Some(v) = a.app_private_key {
        if !v.expose_secret().trim().is_empty() {
            paycenter_providers::alipay::keys::parse_private_key(v.expose_secret()).map_err(
                |_| {
                    ServiceError::bad_input(
                        "alipay.appPrivateKey",
                        "not an RSA private key (PKCS#1 or PKCS#8, PEM or bare base64)",
                    )
                },
            )?;
        }
        set.app_private_key = opt_secret(&v, "alipay.appPrivateKey")?;
    }
    if let Some(v) = a.alipay_public_key {
        if !v.trim().is_empty() {
            paycenter_providers::alipay::keys::parse_public_key(&v).map_err(|_| {
                ServiceError::bad_input(
                    "alipay.alipayPublicKey",
                    "not an RSA public key (PEM or bare base64)",
                )
            })?;
        }
        set.alipay_public_key = opt_secret(&SecretString::from(v), "alipay.alipayPublicKey")?;
    }
    Ok(Stored::Alipay(set))
}

fn opt_ident(field: &str, v: &str, max: usize) -> ServiceResult<Option<String>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.len() > max
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(ServiceError::bad_input(
            field,
            format!("1-{max} letters, digits, '_' or '-'"),
        ));
    }
    Ok(Some(v.to_owned()))
}

/// A secret as given: trimmed, "" clears it, bounded in size.
fn opt_secret(v: &SecretString, field: &str) -> ServiceResult<Option<String>> {
    let s = v.expose_secret().trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() > 8192 {
        return Err(ServiceError::bad_input(field, "too long"));
    }
    Ok(Some(s.to_owned()))
}

fn validate_name(name: &str) -> ServiceResult<String> {
    // Before trimming, which would drop a trailing U+0085 or U+2028 unseen.
    paycenter_domain::text::check(name)
        .map_err(|e| ServiceError::bad_input("name", e.to_string()))?;
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 64 {
        return Err(ServiceError::bad_input("name", "1-64 characters"));
    }
    Ok(n.to_owned())
}

fn validate_ttl(ttl: i32) -> ServiceResult<i32> {
    if !(MIN_ORDER_TTL_SECONDS..=MAX_ORDER_TTL_SECONDS).contains(&ttl) {
        return Err(ServiceError::bad_input(
            "orderTtlSeconds",
            format!("between {MIN_ORDER_TTL_SECONDS} and {MAX_ORDER_TTL_SECONDS}"),
        ));
    }
    Ok(ttl)
}

/// A callback URL must be an absolute http(s) URL of at most 2048 characters without credentials,
/// and (unless allowed) neither name this machine nor resolve to a loopback, private, link-local
/// or reserved address now (`net::validate_callback_url`, the checks delivery makes again on every
/// address it connects to: paycenter itself calls it). A name that does not resolve at all, or not
/// within [`RESOLVE_WAIT`], is accepted: DNS may be set up later, and delivery refuses what it
/// must.
pub async fn validate_callback_url(v: &str, allow_private: bool) -> ServiceResult<String> {
    use crate::net::TargetError;
    let bad = |e: TargetError| ServiceError::bad_input("callbackUrl", e.to_string());
    let checked = tokio::time::timeout(
        RESOLVE_WAIT,
        crate::net::validate_callback_url(v, allow_private),
    )
    .await;
    match checked {
        Ok(Ok(url)) => Ok(url.to_string()),
        Ok(Err(TargetError::Resolve { .. } | TargetError::NoAddress(_))) | Err(_) => {
            url::Url::parse(v.trim())
                .map(|u| u.to_string())
                .map_err(|_| bad(TargetError::Invalid))
        }
        Ok(Err(e)) => Err(bad(e)),
    }
}

/// How long setting a callback URL waits for its name to resolve.
const RESOLVE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// A merchant URL (`field` names it in errors: `callbackUrl`, an order's `returnUrl`): an
/// absolute http(s) URL with a host, without credentials, at most 2048 characters, and (unless
/// `allow_private`) not naming a loopback, private or link-local address.
pub fn validate_merchant_url(field: &str, v: &str, allow_private: bool) -> ServiceResult<String> {
    let bad = |m: &str| ServiceError::bad_input(field, m);
    let url = url::Url::parse(v.trim()).map_err(|_| bad("not a valid URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("must have a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry credentials"));
    }
    if v.len() > 2048 {
        return Err(bad("too long"));
    }
    if !allow_private {
        let private = match url.host() {
            Some(url::Host::Ipv4(ip)) => crate::net::is_forbidden(ip.into()),
            Some(url::Host::Ipv6(ip)) => crate::net::is_forbidden(ip.into()),
            Some(url::Host::Domain(d)) => {
                d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost")
            }
            None => true,
        };
        if private {
            return Err(bad(
                "loopback, private and link-local addresses are not allowed",
            ));
        }
    }
    Ok(url.to_string())
}
