//! Projects as the hot paths need them (payOrder, notifies, callbacks, API-key authentication):
//! the row, its provider clients built from the decrypted credentials, and API-key lookups, kept
//! in memory so a payment does not read the project and decrypt and parse its keys every time.
//!
//! Freshness: every change made through `services::projects` drops the entry here at once and,
//! on PostgreSQL, on every other instance (`events` carries it over NOTIFY; a reconnect of that
//! listener drops everything, since it may have missed some). Entries also expire after the TTL,
//! which bounds staleness should a change reach the database some other way. A load that raced
//! a change is not kept (the generation counter), so a dropped entry cannot come back stale.
//!
//! Console reads (`project`, `projects`) go to the database; only the hot paths use this.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use entity::project;
use paycenter_db::Reader;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tokio::sync::mpsc;

use super::credentials::{self, Stored};
use super::{projects, StoreError, StoreResult};
use crate::db::ids;
use crate::secrets::token_hash;
use crate::secrets::Vault;
use paycenter_domain::{CredentialKind, Provider};
use paycenter_providers::registry::Providers;
use paycenter_providers::wechat_v3::WechatPayV3;
use paycenter_providers::PaymentProvider;

/// How long an entry is trusted without hearing of a change.
pub const DEFAULT_TTL: Duration = Duration::from_secs(30);
/// Entries kept at most (projects are few; this only bounds memory).
const MAX_ENTRIES: usize = 10_000;

/// A project row, its decrypted credentials, and its provider clients (built on first use, one
/// per credential kind: a WeChat Pay v3 client keeps the platform certificates it downloaded).
pub struct CachedProject {
    pub model: project::Model,
    /// Every credential set of the project, decrypted once per load.
    pub credentials: Vec<Stored>,
    loaded: Instant,
    wechat_v2: OnceLock<Arc<dyn PaymentProvider>>,
    wechat_v3: OnceLock<(WechatPayV3, Arc<dyn PaymentProvider>)>,
    alipay: OnceLock<Arc<dyn PaymentProvider>>,
}

impl CachedProject {
    fn new(model: project::Model, credentials: Vec<Stored>) -> Self {
        Self {
            model,
            credentials,
            loaded: Instant::now(),
            wechat_v2: OnceLock::new(),
            wechat_v3: OnceLock::new(),
            alipay: OnceLock::new(),
        }
    }

    /// The client for credentials of `kind` (`NotConfigured` without a complete set).
    pub fn client(
        &self,
        providers: &Providers,
        kind: CredentialKind,
    ) -> StoreResult<Arc<dyn PaymentProvider>> {
        let not_configured = || StoreError::NotConfigured(kind.provider());
        let slot = match kind {
            CredentialKind::WechatV3 => return Ok(self.wechat_v3(providers)?.1.clone()),
            CredentialKind::WechatV2 => &self.wechat_v2,
            CredentialKind::Alipay => &self.alipay,
        };
        if let Some(p) = slot.get() {
            return Ok(p.clone());
        }
        let creds = self
            .set(kind)
            .and_then(Stored::for_payments)
            .ok_or_else(not_configured)?;
        let built = providers.build(creds)?;
        // Two first uses at once both build; one is kept.
        Ok(slot.get_or_init(|| built).clone())
    }

    /// The WeChat Pay v3 client itself (its platform certificates), and as a provider.
    pub fn wechat_v3(
        &self,
        providers: &Providers,
    ) -> StoreResult<&(WechatPayV3, Arc<dyn PaymentProvider>)> {
        if let Some(c) = self.wechat_v3.get() {
            return Ok(c);
        }
        let creds = match self.set(CredentialKind::WechatV3) {
            Some(Stored::WechatV3(w)) => w.for_payments(),
            _ => None,
        }
        .ok_or(StoreError::NotConfigured(Provider::Wechat))?;
        let client = providers.wechat_v3(creds)?;
        let dynamic: Arc<dyn PaymentProvider> = Arc::new(client.clone());
        Ok(self.wechat_v3.get_or_init(|| (client, dynamic)))
    }

    /// The credential set of `kind`.
    pub fn set(&self, kind: CredentialKind) -> Option<&Stored> {
        self.credentials.iter().find(|s| s.kind() == kind)
    }

    /// The credentials new orders of `provider` are made with: Alipay's; for WeChat, the API the
    /// project chose, or else v2 when its v2 set is complete, else v3.
    pub fn kind_for_new_orders(&self, provider: Provider) -> CredentialKind {
        match provider {
            Provider::Alipay => CredentialKind::Alipay,
            Provider::Wechat => match self.model.wechat_api_version {
                Some(v) => v.kind(),
                None => {
                    let complete = |k| self.set(k).and_then(Stored::for_payments).is_some();
                    if !complete(CredentialKind::WechatV2) && complete(CredentialKind::WechatV3) {
                        CredentialKind::WechatV3
                    } else {
                        CredentialKind::WechatV2
                    }
                }
            },
        }
    }

    /// The mini-program's appId and appSecret (`code2Session`).
    pub fn mini_program(&self) -> Option<(String, secrecy::SecretString)> {
        self.credentials.iter().find_map(Stored::mini_program)
    }
}

#[derive(Default)]
struct Entries {
    /// Bumped by every invalidation: a load that started before it is not kept.
    generation: u64,
    by_id: HashMap<String, Arc<CachedProject>>,
    /// API-key hash → (project id, when learned).
    by_key: HashMap<String, (String, Instant)>,
}

pub struct ProjectCache {
    entries: RwLock<Entries>,
    ttl: Duration,
    /// Decrypts the credentials of the projects it loads.
    vault: Vault,
    /// PostgreSQL: where changes go to reach the other instances.
    remote: OnceLock<mpsc::UnboundedSender<String>>,
}

impl ProjectCache {
    pub fn new(vault: Vault) -> Self {
        Self::with_ttl(vault, DEFAULT_TTL)
    }

    pub fn with_ttl(vault: Vault, ttl: Duration) -> Self {
        Self {
            entries: RwLock::new(Entries::default()),
            ttl,
            vault,
            remote: OnceLock::new(),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Entries> {
        self.entries.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Entries> {
        self.entries.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The project (no access check: internal callers). Unknown ids are `NOT_FOUND`.
    pub async fn get(&self, db: &Reader, id: &str) -> StoreResult<Arc<CachedProject>> {
        if !ids::is_valid("prj", id) {
            return Err(StoreError::NotFound("project"));
        }
        let generation = {
            let e = self.read();
            if let Some(p) = e.by_id.get(id) {
                if p.loaded.elapsed() < self.ttl {
                    return Ok(p.clone());
                }
            }
            e.generation
        };
        let model = projects::find(db, id).await?;
        let credentials = credentials::load(db, &self.vault, id).await?;
        let loaded = Arc::new(CachedProject::new(model, credentials));
        let mut e = self.write();
        if e.generation == generation {
            if e.by_id.len() >= MAX_ENTRIES {
                e.by_id.clear();
            }
            e.by_id.insert(id.to_owned(), loaded.clone());
        }
        Ok(loaded)
    }

    /// The project an API key belongs to (None: no such key). Only hits are kept, so guessing
    /// keys costs the guesser database reads, not our memory.
    pub async fn project_for_key(&self, db: &Reader, key: &str) -> StoreResult<Option<String>> {
        if !projects::is_api_key(key) {
            return Ok(None);
        }
        let hash = token_hash(key);
        let generation = {
            let e = self.read();
            if let Some((id, at)) = e.by_key.get(&hash) {
                if at.elapsed() < self.ttl {
                    return Ok(Some(id.clone()));
                }
            }
            e.generation
        };
        let found = project::Entity::find()
            .filter(project::Column::ApiKeyHash.eq(hash.clone()))
            .one(db)
            .await?;
        let Some(p) = found else {
            return Ok(None);
        };
        let mut e = self.write();
        if e.generation == generation {
            if e.by_key.len() >= MAX_ENTRIES {
                e.by_key.clear();
            }
            e.by_key.insert(hash, (p.id.clone(), Instant::now()));
        }
        Ok(Some(p.id))
    }

    /// Drops what is known of one project here (its row, clients and API key).
    pub fn invalidate(&self, id: &str) {
        let mut e = self.write();
        e.generation += 1;
        e.by_id.remove(id);
        e.by_key.retain(|_, (pid, _)| pid != id);
    }

    /// Drops everything here.
    pub fn clear(&self) {
        let mut e = self.write();
        e.generation += 1;
        e.by_id.clear();
        e.by_key.clear();
    }

    /// A project changed: drop it here and tell the other instances.
    pub fn changed(&self, id: &str) {
        self.invalidate(id);
        if let Some(remote) = self.remote.get() {
            let _ = remote.send(id.to_owned());
        }
    }

    /// Routes `changed` to the other instances (set once, by `events` on PostgreSQL).
    pub fn set_remote(&self, tx: mpsc::UnboundedSender<String>) {
        let _ = self.remote.set(tx);
    }
}

impl crate::events::ProjectChanges for ProjectCache {
    fn set_remote(&self, tx: mpsc::UnboundedSender<String>) {
        ProjectCache::set_remote(self, tx)
    }

    fn invalidate(&self, id: &str) {
        ProjectCache::invalidate(self, id)
    }

    fn clear(&self) {
        ProjectCache::clear(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(id: &str) -> project::Model {
        let now = chrono::Utc::now();
        project::Model {
            id: id.into(),
            name: "p".into(),
            callback_url: None,
            wechat_app_id: None,
            wechat_mch_id: None,
            wechat_app_secret_enc: None,
            wechat_api_key_enc: None,
            alipay_app_id: None,
            alipay_app_private_key_enc: None,
            alipay_public_key_enc: None,
            wechat_api_version: None,
            order_ttl_seconds: 900,
            trust_client_amount: false,
            disabled: false,
            api_key_hash: "h".into(),
            api_key_prefix: "pck_".into(),
            signing_secret_enc: "x".into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn invalidation_drops_the_row_and_its_keys_and_bumps_the_generation() {
        let c = ProjectCache::new(Vault::new(&secrecy::SecretString::from("k".repeat(32))));
        {
            let mut e = c.write();
            e.by_id.insert(
                "a".into(),
                Arc::new(CachedProject::new(model("a"), Vec::new())),
            );
            e.by_id.insert(
                "b".into(),
                Arc::new(CachedProject::new(model("b"), Vec::new())),
            );
            e.by_key.insert("ka".into(), ("a".into(), Instant::now()));
            e.by_key.insert("kb".into(), ("b".into(), Instant::now()));
        }
        let before = c.read().generation;
        c.invalidate("a");
        let e = c.read();
        assert!(e.generation > before);
        assert!(!e.by_id.contains_key("a") && e.by_id.contains_key("b"));
        assert!(!e.by_key.contains_key("ka") && e.by_key.contains_key("kb"));
    }

    #[test]
    fn changed_reaches_the_remote_sender() {
        let c = ProjectCache::new(Vault::new(&secrecy::SecretString::from("k".repeat(32))));
        let (tx, mut rx) = mpsc::unbounded_channel();
        c.set_remote(tx);
        c.changed("prj_x");
        assert_eq!(rx.try_recv().ok().as_deref(), Some("prj_x"));
    }
}
