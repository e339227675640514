//! Project rows as internal callers need them (no access check) and their decrypted
//! credentials. Secrets are AES-256-GCM at rest (`secrets::Vault`); the column name is the
//! associated data of each.

use entity::project;
use sea_orm::{DatabaseConnection, EntityTrait};
use secrecy::{ExposeSecret, SecretString};

use super::{StoreError, StoreResult};
use crate::db::ids;
use crate::secrets::Vault;
use paycenter_providers::{AlipayCredentials, WechatCredentials};

// Column names double as the AES-GCM associated data of each secret.
pub const F_WECHAT_APP_SECRET: &str = "projects.wechat_app_secret";
pub const F_WECHAT_API_KEY: &str = "projects.wechat_api_key";
pub const F_ALIPAY_PRIVATE_KEY: &str = "projects.alipay_app_private_key";
pub const F_ALIPAY_PUBLIC_KEY: &str = "projects.alipay_public_key";
pub const F_SIGNING_SECRET: &str = "projects.signing_secret";

/// Project API keys start with this (and are stored only as a hash).
pub const API_KEY_PREFIX: &str = "pck_";

/// Whether a bearer token has the shape of a project API key.
pub fn is_api_key(token: &str) -> bool {
    token.starts_with(API_KEY_PREFIX)
}

/// Loads a project with no access check (internal callers: notifies, workers).
pub async fn find(db: &DatabaseConnection, id: &str) -> StoreResult<project::Model> {
    if !ids::is_valid("prj", id) {
        return Err(StoreError::NotFound("project"));
    }
    project::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or(StoreError::NotFound("project"))
}

/// The project's decrypted signing secret (callbacks, tickets).
pub fn signing_secret(vault: &Vault, p: &project::Model) -> StoreResult<SecretString> {
    Ok(vault.decrypt(F_SIGNING_SECRET, &p.signing_secret_enc)?)
}

/// Decrypted WeChat Pay credentials, when the project has appId, mchId and the API key.
pub fn wechat_credentials(
    vault: &Vault,
    p: &project::Model,
) -> StoreResult<Option<WechatCredentials>> {
    let (Some(app_id), Some(mch_id), Some(key)) =
        (&p.wechat_app_id, &p.wechat_mch_id, &p.wechat_api_key_enc)
    else {
        return Ok(None);
    };
    Ok(Some(WechatCredentials {
        app_id: app_id.clone(),
        mch_id: mch_id.clone(),
        api_key: vault.decrypt(F_WECHAT_API_KEY, key)?,
        app_secret: p
            .wechat_app_secret_enc
            .as_deref()
            .map(|s| vault.decrypt(F_WECHAT_APP_SECRET, s))
            .transpose()?,
        client_identity_pem: None,
    }))
}

/// The mini-program appId and decrypted appSecret, for `code2Session`.
pub fn miniprogram_credentials(
    vault: &Vault,
    p: &project::Model,
) -> StoreResult<Option<(String, SecretString)>> {
    let (Some(app_id), Some(secret)) = (&p.wechat_app_id, &p.wechat_app_secret_enc) else {
        return Ok(None);
    };
    Ok(Some((
        app_id.clone(),
        vault.decrypt(F_WECHAT_APP_SECRET, secret)?,
    )))
}

/// Decrypted Alipay credentials, when the project has all three.
pub fn alipay_credentials(
    vault: &Vault,
    p: &project::Model,
) -> StoreResult<Option<AlipayCredentials>> {
    let (Some(app_id), Some(pk), Some(pubk)) = (
        &p.alipay_app_id,
        &p.alipay_app_private_key_enc,
        &p.alipay_public_key_enc,
    ) else {
        return Ok(None);
    };
    Ok(Some(AlipayCredentials {
        app_id: app_id.clone(),
        app_private_key: vault.decrypt(F_ALIPAY_PRIVATE_KEY, pk)?,
        alipay_public_key: vault
            .decrypt(F_ALIPAY_PUBLIC_KEY, pubk)?
            .expose_secret()
            .to_owned(),
    }))
}
