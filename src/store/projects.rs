//! Project rows as internal callers need them (no access check), API-key shape, and the
//! decrypted signing secret. Provider credentials live in `credentials`.

use entity::project;
use sea_orm::{ConnectionTrait, EntityTrait};
use secrecy::SecretString;

use super::{StoreError, StoreResult};
use crate::db::ids;
use crate::secrets::Vault;

/// The signing secret's column name, which is also its AES-GCM associated data.
pub const F_SIGNING_SECRET: &str = "projects.signing_secret";

/// Project API keys start with this (and are stored only as a hash).
pub const API_KEY_PREFIX: &str = "pck_";

/// Whether a bearer token has the shape of a project API key.
pub fn is_api_key(token: &str) -> bool {
    token.starts_with(API_KEY_PREFIX)
}

/// Loads a project with no access check (internal callers: notifies, workers).
pub async fn find(db: &impl ConnectionTrait, id: &str) -> StoreResult<project::Model> {
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
