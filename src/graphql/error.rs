//! The one mapping from service errors to GraphQL errors (`extensions.code`).

use async_graphql::{Error, ErrorExtensions};

use crate::services::ServiceError;
use paycenter_providers::ProviderError;

impl ErrorExtensions for ServiceError {
    fn extend(&self) -> Error {
        let message = if self.is_internal() {
            // The cause goes to the log; the caller gets an opaque message.
            tracing::error!(error = %self, "internal error");
            "internal error".to_owned()
        } else {
            self.to_string()
        };
        Error::new(message).extend_with(|_, e| {
            e.set("code", self.code());
            match self {
                ServiceError::BadInput { field, .. } => e.set("field", field.as_str()),
                ServiceError::UsernameTaken(_) => e.set("field", "username"),
                ServiceError::RateLimited(Some(after)) => e.set(
                    "retryAfter",
                    crate::services::error::retry_after_secs(*after).max(1),
                ),
                ServiceError::Provider(ProviderError::Business { provider_code, .. }) => {
                    e.set("providerCode", provider_code.as_str())
                }
                _ => {}
            }
        })
    }
}

/// `map_err(gql)` in resolvers.
pub fn gql(e: ServiceError) -> Error {
    e.extend()
}
