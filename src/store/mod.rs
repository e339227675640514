//! Persistence below the services: the orders table's batched writes (with their audit events
//! and outbox rows in the same transaction), project rows and their decrypted credentials, and
//! the project cache the hot paths read. Knows nothing of GraphQL, HTTP or the business rules
//! that decide what to write.

pub mod audit;
pub mod audit_log;
pub mod credentials;
pub mod order_writes;
pub mod project_cache;
pub mod projects;

use paycenter_domain::Provider;

/// The persistence layer's one error type (services map it into `ServiceError`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("secret store: {0}")]
    Secret(#[from] crate::secrets::SecretError),
    #[error("provider configuration: {0}")]
    Provider(#[from] paycenter_providers::ProviderError),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The project has no (complete) credentials for this provider.
    #[error("{} is not configured for this project", .0.as_str())]
    NotConfigured(Provider),
    #[error("internal: {0}")]
    Internal(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
