//! Turns a bearer credential into a principal: JWTs for admins and users, API keys for projects.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::app::AppState;
use crate::auth::{AuthError, JwtKeys, Principal};
use crate::graphql::Auth;
use crate::services::project_cache::ProjectCache;

/// What authenticating needs, and no more: a WebSocket connection keeps one until its
/// `connection_init` arrives, so it is a few words rather than the whole state.
#[derive(Clone)]
pub struct Authenticator {
    db: DatabaseConnection,
    projects: Arc<ProjectCache>,
    jwt: Arc<JwtKeys>,
}

impl Authenticator {
    pub fn of(state: &AppState) -> Self {
        Self {
            db: state.db.clone(),
            projects: state.projects.clone(),
            jwt: state.jwt.clone(),
        }
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
        if crate::services::projects::is_api_key(token) {
            return Auth(match self.projects.project_for_key(&self.db, token).await {
                Ok(Some(project_id)) => Ok(Principal::Project { project_id }),
                Ok(None) => Err(AuthError::UnknownApiKey),
                Err(e) => {
                    tracing::error!(error = %e, "API key lookup failed");
                    Err(AuthError::Unavailable)
                }
            });
        }
        Auth(self.jwt.verify(token))
    }
}
