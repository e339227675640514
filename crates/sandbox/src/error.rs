//! Errors of the sandbox's own control endpoints (JSON). The emulated provider endpoints answer
//! in their provider's format instead, never with these.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl IntoResponse for SandboxError {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            SandboxError::BadRequest(_) => (StatusCode::BAD_REQUEST, "BAD_REQUEST"),
            SandboxError::NotFound(_) => (StatusCode::NOT_FOUND, "NOT_FOUND"),
            SandboxError::Conflict(_) => (StatusCode::CONFLICT, "CONFLICT"),
            SandboxError::Db(_) | SandboxError::Internal(_) => {
                tracing::error!(error = %self, "sandbox internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL")
            }
        };
        (
            status,
            Json(json!({ "error": code, "message": self.to_string() })),
        )
            .into_response()
    }
}
