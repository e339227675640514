//! Per-request data: who is calling; and the shared context, which the schema holds as its data.

use async_graphql::Context;

use std::sync::Arc;

use super::loaders::Loaders;
use crate::auth::{AuthError, Principal};
use crate::core::Core;
use crate::services::audit_log::Actor;
use crate::services::ServiceError;

/// The outcome of authenticating a request or WebSocket connection.
#[derive(Debug, Clone)]
pub struct Auth(pub Result<Principal, AuthError>);

pub trait ContextExt {
    /// The shared context (cheap to keep a clone of: one word).
    fn core(&self) -> &Arc<Core>;
    /// The caller; `UNAUTHENTICATED` when a credential was presented and refused.
    fn principal(&self) -> Result<&Principal, ServiceError>;
    /// This request's batched loaders.
    fn loaders(&self) -> &Loaders;
    /// The caller and their address, as audit entries record them.
    fn actor(&self) -> Result<Actor<'_>, ServiceError>;
}

impl ContextExt for Context<'_> {
    fn core(&self) -> &Arc<Core> {
        self.data_unchecked::<Arc<Core>>()
    }

    fn loaders(&self) -> &Loaders {
        self.data_unchecked::<Loaders>()
    }

    fn actor(&self) -> Result<Actor<'_>, ServiceError> {
        let ip = self
            .data_opt::<super::orders::ClientIp>()
            .map(|c| c.0.as_str());
        Ok(Actor::new(self.principal()?, ip))
    }

    fn principal(&self) -> Result<&Principal, ServiceError> {
        match self.data_opt::<Auth>() {
            Some(Auth(Ok(p))) => Ok(p),
            Some(Auth(Err(_))) => Err(ServiceError::Unauthenticated),
            None => Ok(&Principal::Anonymous),
        }
    }
}
