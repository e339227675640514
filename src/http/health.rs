//! Liveness and readiness.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use std::sync::Arc;

use crate::core::Core;

pub fn router() -> Router<Arc<Core>> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
}

/// Ready when the database answers and the job worker is running.
async fn readyz(State(state): State<Arc<Core>>) -> (StatusCode, &'static str) {
    if let Err(e) = state.db.ping().await {
        tracing::warn!(error = %e, "readiness check failed: database");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable");
    }
    let within = state.settings.worker.poll_interval * 3 + std::time::Duration::from_secs(30);
    if !state.worker.alive(within) {
        return (StatusCode::SERVICE_UNAVAILABLE, "job worker not running");
    }
    (StatusCode::OK, "ready")
}
