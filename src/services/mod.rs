//! Business rules over transactions. Knows nothing of GraphQL or axum.

pub mod admins;
pub mod callbacks;
pub mod error;
pub mod locks;
pub mod notify;
pub mod orders;
pub mod project_cache;
pub mod projects;
pub mod refunds;
pub mod sandbox;
pub mod users;

use sea_orm::DatabaseConnection;

pub use error::{ServiceError, ServiceResult};

use crate::events::EventBus;
use crate::secrets::Vault;
use paycenter_providers::registry::Providers;

/// What the payment services need from the running application.
#[derive(Clone, Copy)]
pub struct Deps<'a> {
    pub db: &'a DatabaseConnection,
    /// Hot-path reads outside transactions; on a SQLite file a read-only pool beside the writer.
    pub read: &'a DatabaseConnection,
    pub vault: &'a Vault,
    pub providers: &'a Providers,
    pub events: &'a EventBus,
    pub locks: &'a locks::KeyedLocks,
    /// Base URL providers call back, without a trailing slash.
    pub public_url: &'a str,
    pub settings: &'a crate::config::Settings,
    /// Wakes this instance's job worker after a transaction that queued work commits.
    pub worker: &'a crate::jobs::WorkerSignal,
    pub metrics: &'a crate::metrics::Metrics,
    /// Projects and their provider clients, as the hot paths read them.
    pub projects: &'a project_cache::ProjectCache,
    /// The orders table's batched writes.
    pub writes: &'a orders::writes::OrderWrites,
}
