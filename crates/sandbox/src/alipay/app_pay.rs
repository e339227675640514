//! The buyer's Alipay app receiving an `orderInfo` (the signed `alipay.trade.app.pay` query string
//! the merchant's app hands to the Alipay SDK): verified exactly like a gateway request, it
//! creates the trade, already opened by the buyer (WAIT_BUYER_PAY with a trade_no).
//!
//! `POST /alipay/app` takes it as a form field or JSON `{ "orderInfo": "…" }`.

use std::collections::BTreeMap;

use crate::entity::order;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::gateway::{authenticate, Failure, Rejection};
use super::trade::{open_trade, scan, NewTrade};
use crate::SandboxState;
use paycenter_providers::alipay::client::METHOD_APP_PAY;

/// Verifies `order_info` and opens its trade for the buyer.
pub(crate) async fn accept(
    state: &SandboxState,
    order_info: &str,
) -> Result<order::Model, Failure> {
    let params: BTreeMap<String, String> = form_urlencoded::parse(order_info.trim().as_bytes())
        .into_owned()
        .collect();
    let call = authenticate(state, params, &[METHOD_APP_PAY])
        .await
        .map_err(|r| match r {
            Rejection::NoMethod(f) | Rejection::Method(_, f) => f,
        })?;
    let new = NewTrade::from_biz(&call, &call.biz()?)?;
    let t = open_trade(state, &new).await?;
    scan(state, t).await
}

fn order_info_of(headers: &HeaderMap, body: &Bytes) -> Option<String> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/json"));
    if is_json {
        let v: Value = serde_json::from_slice(body).ok()?;
        return v
            .get("orderInfo")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    form_urlencoded::parse(body)
        .find(|(k, _)| k == "orderInfo")
        .map(|(_, v)| v.into_owned())
}

pub async fn submit(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(info) = order_info_of(&headers, &body).filter(|s| !s.is_empty()) else {
        let f = Failure::missing("isv.missing-parameter", "缺少orderInfo参数");
        return refusal(&f);
    };
    match accept(&state, &info).await {
        Ok(t) => Json(json!({
            "outTradeNo": t.out_trade_no,
            "tradeNo": t.transaction_id,
            "tradeStatus": super::status(&t, chrono::Utc::now()),
        }))
        .into_response(),
        Err(f) => refusal(&f),
    }
}

fn refusal(f: &Failure) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "code": f.code,
            "msg": f.msg,
            "sub_code": f.sub_code,
            "sub_msg": f.sub_msg,
        })),
    )
        .into_response()
}
