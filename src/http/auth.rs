//! Turns a bearer credential into a principal: JWTs for admins and users, API keys for projects.

use crate::app::AppState;
use crate::auth::{AuthError, Principal};
use crate::graphql::Auth;
use crate::services::projects;

/// Authenticates an `Authorization` header value (None: anonymous).
pub async fn from_header(state: &AppState, header: Option<&str>) -> Auth {
    let Some(h) = header else {
        return Auth(Ok(Principal::Anonymous));
    };
    let token = match h.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => {
            t.trim()
        }
        _ => return Auth(Err(AuthError::MalformedHeader)),
    };
    from_token(state, token).await
}

/// Authenticates a bare token (WebSocket `connection_init`).
pub async fn from_token(state: &AppState, token: &str) -> Auth {
    if projects::is_api_key(token) {
        return Auth(
            match state.projects.project_for_key(&state.db, token).await {
                Ok(Some(project_id)) => Ok(Principal::Project { project_id }),
                Ok(None) => Err(AuthError::UnknownApiKey),
                Err(e) => {
                    tracing::error!(error = %e, "API key lookup failed");
                    Err(AuthError::Unavailable)
                }
            },
        );
    }
    Auth(state.jwt.verify(token))
}
