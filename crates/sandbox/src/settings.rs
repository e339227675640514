//! `POST /sandbox/settings`, `GET /sandbox/settings`, `DELETE /sandbox/settings`: the sandbox's
//! own knobs (test controls, in memory like fault rules).
//!
//! Body: `{ "billReadyHour"?: 0..=23, "billClock"?: RFC 3339 instant }`; a POST replaces the
//! settings, DELETE restores the defaults.
//! - `billReadyHour`: the Beijing hour of day D+1 from which day D's bills are served. Default:
//!   WeChat 10, Alipay 9 (when they publish). Before it, and for today, the bill desk answers as
//!   the providers do for a bill being made (WeChat `Bill Creating`, Alipay `BILL_NOT_EXIST`).
//!   Tests set 0 so that yesterday's bill is ready at once.
//! - `billClock`: the instant the bill desk believes it is (default: now). Trades are always made
//!   now, so a test that wants today's trades in a ready bill pins the clock to tomorrow (with
//!   `billReadyHour` 0, or a time past it). Only the bill desk reads this clock.

use std::sync::RwLock;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{SandboxError, SandboxState};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_ready_hour: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_clock: Option<DateTime<Utc>>,
}

/// The settings of one running sandbox.
#[derive(Default)]
pub struct SettingsStore(RwLock<Settings>);

impl SettingsStore {
    pub fn get(&self) -> Settings {
        self.0.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set(&self, s: Settings) -> Result<(), SandboxError> {
        if s.bill_ready_hour.is_some_and(|h| h > 23) {
            return Err(SandboxError::BadRequest(
                "billReadyHour must be 0..=23".into(),
            ));
        }
        *self
            .0
            .write()
            .map_err(|_| SandboxError::Internal("settings lock".into()))? = s;
        Ok(())
    }

    /// What the bill desk believes the time is.
    pub fn bill_now(&self) -> DateTime<Utc> {
        self.get().bill_clock.unwrap_or_else(Utc::now)
    }
}

pub fn router() -> Router<SandboxState> {
    Router::new().route("/settings", post(set).get(get).delete(reset))
}

async fn set(
    State(state): State<SandboxState>,
    Json(s): Json<Settings>,
) -> Result<Json<Settings>, SandboxError> {
    state.settings.set(s)?;
    Ok(Json(state.settings.get()))
}

async fn get(State(state): State<SandboxState>) -> Json<Settings> {
    Json(state.settings.get())
}

async fn reset(State(state): State<SandboxState>) -> Result<Json<Settings>, SandboxError> {
    state.settings.set(Settings::default())?;
    Ok(Json(state.settings.get()))
}
