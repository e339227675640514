//! Per-request data: who is calling, and the shared application state.

use async_graphql::Context;

use crate::app::AppState;
use crate::auth::{AuthError, Principal};
use crate::services::ServiceError;

/// The outcome of authenticating a request or WebSocket connection.
#[derive(Debug, Clone)]
pub struct Auth(pub Result<Principal, AuthError>);

pub trait ContextExt {
    fn state(&self) -> &AppState;
    /// The state behind a shared pointer (cheap to keep: one word).
    fn shared_state(&self) -> std::sync::Arc<AppState>;
    /// The caller; `UNAUTHENTICATED` when a credential was presented and refused.
    fn principal(&self) -> Result<&Principal, ServiceError>;
}

impl ContextExt for Context<'_> {
    fn state(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }

    fn shared_state(&self) -> std::sync::Arc<AppState> {
        self.data_unchecked::<std::sync::Arc<AppState>>().clone()
    }

    fn principal(&self) -> Result<&Principal, ServiceError> {
        match self.data_opt::<Auth>() {
            Some(Auth(Ok(p))) => Ok(p),
            Some(Auth(Err(_))) => Err(ServiceError::Unauthenticated),
            None => Ok(&Principal::Anonymous),
        }
    }
}
