//! The one shared context: everything a request handler, a GraphQL resolver or a job needs from
//! the running application, built once at start-up (`app`) and shared behind one `Arc`. Adding a
//! dependency is one field here. Services take `&Core`; nothing below the services sees it.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::{CheckoutTickets, JwtKeys};
use crate::config::Settings;
use crate::events::EventBus;
use crate::locks::KeyedLocks;
use crate::metrics::Metrics;
use crate::outbox::WorkerSignal;
use crate::secrets::Vault;
use crate::store::order_writes::OrderWrites;
use crate::store::project_cache::ProjectCache;
use paycenter_providers::registry::Providers;

pub struct Core {
    /// The writer: transactions and every write.
    pub db: DatabaseConnection,
    /// Reads outside transactions; on a SQLite file a read-only pool beside the writer.
    pub read: paycenter_db::Reader,
    pub settings: Settings,
    pub jwt: JwtKeys,
    /// Issues and verifies the hosted checkout page's tickets.
    pub checkout: CheckoutTickets,
    /// Encrypts and decrypts stored secrets.
    pub vault: Vault,
    /// Builds provider clients from credentials.
    pub providers: Providers,
    /// Base URL providers call back, without a trailing slash.
    pub public_url: String,
    /// Order changes for subscribers (across instances on PostgreSQL).
    pub events: EventBus,
    /// Single-flight per key within this instance (e.g. one payOrder per order number at a time).
    pub locks: KeyedLocks,
    /// Wakes this instance's job worker after a transaction that queued work commits.
    pub worker: Arc<WorkerSignal>,
    pub metrics: Arc<Metrics>,
    /// Projects and their provider clients, as the hot paths read them.
    pub projects: Arc<ProjectCache>,
    /// The orders table's batched writes.
    pub writes: OrderWrites,
    /// Failed logins per username and client address (`adminLogin`, `changePassword`).
    pub logins: crate::auth::throttle::LoginThrottle,
    /// Failed `wechatLogin` code exchanges per client address (each one is a code2Session call).
    pub wechat_logins: crate::auth::throttle::AttemptLimiter,
    /// Argon2 work, bounded (`auth.password_concurrency`); unknown usernames cost the same.
    pub passwords: crate::auth::throttle::PasswordCheck,
    /// Merchant callbacks go out with it (the worker's deliveries and `sendTestCallback`): the
    /// address policy checked on the addresses connected to, no redirects, callback timeouts.
    pub callback_client: crate::net::CallbackClient,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}
