//! The emulated alipay endpoints (filled in by the next commit on this module).

use axum::Router;
use serde_json::Value;

use super::buyer::BuyerRequest;
use super::{SandboxError, SandboxState};

pub fn router() -> Router<SandboxState> {
    Router::new()
}

pub async fn play_buyer(_state: &SandboxState, req: &BuyerRequest) -> Result<Value, SandboxError> {
    Err(SandboxError::NotFound(format!(
        "trade {}",
        req.out_trade_no
    )))
}
