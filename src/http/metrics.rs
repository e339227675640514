//! `GET /metrics`: Prometheus text. Counters from memory (orders created and state changes
//! included); only the outbox queue's depth is read from the database (pending and running jobs,
//! through the state index), never a scan of the orders table.
//!
//! Who may read it (`Exposure`, decided at start-up by `app`): on an address of its own
//! (`server.metrics_bind`), behind a bearer token (`secrets.metrics_token`), both, or (with the
//! sandbox on and neither set) anyone on the main address. With the sandbox off and neither set it
//! is not served at all: its figures (volumes per channel, queue depth) are not for the public.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use sea_orm::{ConnectionTrait, Statement};

use std::sync::Arc;

use crate::core::Core;
use crate::metrics::Gauge;

/// Where `/metrics` is served and what it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// On the main address, to anyone (the sandbox, without a token).
    Open,
    /// On the main address, with the bearer token.
    Token,
    /// On `server.metrics_bind` only (with the token, if one is set).
    OwnAddress,
    /// Nowhere.
    Off,
}

impl Exposure {
    pub fn of(settings: &crate::config::Settings) -> Self {
        match (
            settings.server.metrics_bind.is_some(),
            settings.secrets.metrics_token.is_some(),
        ) {
            (true, _) => Exposure::OwnAddress,
            (false, true) => Exposure::Token,
            (false, false) if settings.sandbox.enabled => Exposure::Open,
            (false, false) => Exposure::Off,
        }
    }
}

pub fn router() -> Router<Arc<Core>> {
    Router::new().route("/metrics", get(metrics))
}

/// Whether the request carries `Authorization: Bearer <secrets.metrics_token>` (compared in
/// constant time), or no token is configured.
fn authorized(state: &Core, headers: &HeaderMap) -> bool {
    use secrecy::ExposeSecret;
    use subtle::ConstantTimeEq;
    let Some(token) = &state.settings.secrets.metrics_token else {
        return true;
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    bool::from(presented.as_bytes().ct_eq(token.expose_secret().as_bytes()))
}

async fn metrics(State(state): State<Arc<Core>>, headers: HeaderMap) -> Response {
    if !authorized(&state, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need a bearer token",
        )
            .into_response();
    }
    match gauges(&state).await {
        Ok(g) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            state.metrics.render(&g),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn gauges(state: &Core) -> Result<Vec<Gauge>, sea_orm::DbErr> {
    let db = &state.read;
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT kind, COUNT(*) AS n, MIN(run_at) AS oldest FROM jobs WHERE state IN ('PENDING', 'RUNNING') GROUP BY kind",
        ))
        .await?;
    let mut depth = Vec::new();
    let mut age = Vec::new();
    let now = Utc::now();
    for r in rows {
        let kind: String = r.try_get("", "kind")?;
        let n: i64 = r.try_get("", "n")?;
        let oldest: Option<chrono::DateTime<Utc>> = r.try_get("", "oldest").ok();
        depth.push((format!("kind=\"{kind}\""), n as f64));
        let secs = oldest
            .map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0)
            .unwrap_or(0.0);
        age.push((format!("kind=\"{kind}\""), secs));
    }
    Ok(vec![
        (
            "paycenter_jobs_queued",
            "Outbox jobs pending or running, by kind.",
            depth,
        ),
        (
            "paycenter_jobs_oldest_due_seconds",
            "Age of the oldest due job, by kind.",
            age,
        ),
    ])
}
