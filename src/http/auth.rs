//! Turns a bearer credential into a principal: JWTs for admins and users, API keys for projects,
//! checkout tickets for the buyer on the hosted cashier page.

use std::sync::Arc;

use crate::auth::{AuthError, Principal, Verified};
use crate::core::Core;
use crate::graphql::Auth;

/// What authenticating needs: a WebSocket connection keeps one until its `connection_init`
/// arrives, so it is one pointer to the shared context.
#[derive(Clone)]
pub struct Authenticator {
    core: Arc<Core>,
}

impl Authenticator {
    pub fn new(core: Arc<Core>) -> Self {
        Self { core }
    }

    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }

    /// Authenticates an `Authorization` header value (None: anonymous).
    pub async fn from_header(&self, header: Option<&str>) -> Auth {
        let Some(h) = header else {
            return Auth(Ok(Principal::Anonymous));
        };
        let token = match h.split_once(' ') {
            Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => {
                t.trim()
            }
            _ => return Auth(Err(AuthError::MalformedHeader)),
        };
        self.from_token(token).await
    }

    /// Authenticates a bare token (WebSocket `connection_init`).
    pub async fn from_token(&self, token: &str) -> Auth {
        if crate::auth::checkout_ticket::is_checkout_ticket(token) {
            return Auth(
                self.core
                    .checkout
                    .verify(token, chrono::Utc::now())
                    .map(|order_id| Principal::Checkout { order_id }),
            );
        }
        if crate::store::projects::is_api_key(token) {
            return Auth(
                match self
                    .core
                    .projects
                    .project_for_key(&self.core.read, token)
                    .await
                {
                    Ok(Some(project_id)) => Ok(Principal::Project { project_id }),
                    Ok(None) => Err(AuthError::UnknownApiKey),
                    Err(e) => {
                        tracing::error!(error = %e, "API key lookup failed");
                        Err(AuthError::Unavailable)
                    }
                },
            );
        }
        Auth(match self.core.jwt.verify(token) {
            Ok(Verified::User(p)) => Ok(p),
            // Who the admin is now: enabled, role, and whether the token predates a password change.
            Ok(Verified::Admin {
                admin_id,
                issued_at_ms,
            }) => {
                crate::services::admins::principal_for_token(
                    &self.core.read,
                    &admin_id,
                    issued_at_ms,
                )
                .await
            }
            Err(e) => Err(e),
        })
    }
}
