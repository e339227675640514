//! `GET /metrics`: Prometheus text. Counters from memory (orders created and state changes
//! included); only the outbox queue's depth is read from the database (pending and running jobs,
//! through the state index), never a scan of the orders table.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use sea_orm::{ConnectionTrait, Statement};

use std::sync::Arc;

use crate::core::Core;
use crate::metrics::Gauge;

pub fn router() -> Router<Arc<Core>> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(State(state): State<Arc<Core>>) -> Response {
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
