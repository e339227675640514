//! `POST /sandbox/buyer`: play the buyer. `{ provider: "wechat" | "alipay", merchantId (mch_id or
//! Alipay app_id), outTradeNo, outcome: "SUCCESS" | "FAIL" | "USERPAYING", orderInfo? }`.
//! On SUCCESS the emulated provider records the payment and sends its signed notify.
//! `orderInfo` (Alipay only) is the signed request the buyer's client carries to Alipay: for an
//! app payment, the `orderInfo` the merchant's app hands the Alipay app; for a page or wap
//! payment, the web cashier request's parameters as the browser sends them to `gateway.do`. The
//! emulated Alipay learns of such a trade only through it (or a browser opening the cashier).

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use super::{SandboxError, SandboxState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BuyerOutcome {
    /// The buyer pays.
    Success,
    /// The payment fails at the bank (WeChat PAYERROR; Alipay: the trade stays unpaid).
    Fail,
    /// The buyer has the cashier open and is entering a password.
    Userpaying,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuyerRequest {
    pub provider: String,
    pub merchant_id: String,
    pub out_trade_no: String,
    pub outcome: BuyerOutcome,
    #[serde(default)]
    pub order_info: Option<String>,
}

pub fn router() -> Router<SandboxState> {
    Router::new().route("/buyer", post(play))
}

async fn play(
    State(state): State<SandboxState>,
    Json(req): Json<BuyerRequest>,
) -> Result<Json<Value>, SandboxError> {
    let result = match req.provider.as_str() {
        "wechat" => super::wechat::play_buyer(&state, &req).await?,
        "alipay" => super::alipay::play_buyer(&state, &req).await?,
        other => {
            return Err(SandboxError::BadRequest(format!(
                "provider must be wechat or alipay, not {other}"
            )))
        }
    };
    Ok(Json(result))
}
