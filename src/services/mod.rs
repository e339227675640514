//! Business rules over transactions, each a function of `&Core` (the shared context) and its
//! inputs. Knows nothing of GraphQL or axum.

pub mod admins;
pub mod audit_log;
pub mod callbacks;
pub mod checkout;
pub mod error;
pub mod notify;
pub mod orders;
pub mod projects;
pub mod reconciliation;
pub mod refunds;
pub mod sandbox;
pub mod stats;
pub mod users;

pub use error::{ServiceError, ServiceResult};

impl From<crate::store::StoreError> for ServiceError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::Db(e) => ServiceError::Db(e),
            StoreError::Secret(e) => ServiceError::Secret(e),
            StoreError::Provider(e) => ServiceError::Provider(e),
            StoreError::NotFound(what) => ServiceError::NotFound(what),
            StoreError::NotConfigured(p) => {
                ServiceError::ChannelNotConfigured(p.as_str().to_owned())
            }
            StoreError::Internal(m) => ServiceError::Internal(m),
        }
    }
}
