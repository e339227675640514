//! End-to-end tests of the HTTP path against a tiny in-process gateway (tests only).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use serde_json::Value;

use super::client::tests::{platform_signer, prepay_request, sandbox_alipay};
use super::client::*;
use super::gateway::{sign_response, FORM_CONTENT_TYPE};
use super::keys::parse_public_key;
use super::sign::verify_params;
use super::testdata::fixture;
use crate::{
    CloseOutcome, CloseTrade, PayParams, Prepay, ProviderError, QueryTrade, RefundRequest,
    RefundState, RefundTrade, TradeState,
};
use paycenter_domain::{Amount, Product};

async fn gateway(headers: HeaderMap, body: Bytes) -> axum::response::Response {
    if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        != Some(FORM_CONTENT_TYPE)
    {
        return (StatusCode::BAD_REQUEST, "content type").into_response();
    }
    let params: BTreeMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let app_key = parse_public_key(&fixture("app-public-key.pem")).unwrap();
    if verify_params(&app_key, &params).is_err() {
        return r#"{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature","sub_msg":"验签出错"}}"#.into_response();
    }
    let method = params["method"].as_str();
    let biz: Value = serde_json::from_str(&params["biz_content"]).unwrap();
    let no = biz["out_trade_no"].as_str().unwrap_or_default();
    let node = match (method, no) {
        (METHOD_PRECREATE, _) => {
            assert_eq!(params["notify_url"], "https://pay.example.com/notify/alipay");
            format!(r#"{{"code":"10000","msg":"Success","out_trade_no":"{no}","qr_code":"https://qr.alipay.com/bax{no}"}}"#)
        }
        (METHOD_QUERY, "PAID") => r#"{"code":"10000","msg":"Success","buyer_user_id":"2088","buyer_pay_amount":"0.05","out_trade_no":"PAID","send_pay_date":"2024-01-01 12:00:05","total_amount":"0.05","trade_no":"2024","trade_status":"TRADE_SUCCESS"}"#.into(),
        (METHOD_CLOSE, "PAID") => r#"{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_STATUS_ERROR","sub_msg":"交易状态不合法"}"#.into(),
        (METHOD_QUERY, _) | (METHOD_CLOSE, _) => r#"{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在"}"#.into(),
        (METHOD_CANCEL, _) => r#"{"code":"10000","msg":"Success","out_trade_no":"PAID","retry_flag":"N","action":"refund"}"#.into(),
        (METHOD_REFUND, _) => r#"{"code":"10000","msg":"Success","fund_change":"N","out_trade_no":"PAID","refund_fee":"0.05","trade_no":"2024"}"#.into(),
        (METHOD_REFUND_QUERY, _) if biz["out_request_no"] == "R1" => r#"{"code":"10000","msg":"Success","out_request_no":"R1","out_trade_no":"PAID","refund_amount":"0.05","refund_status":"REFUND_SUCCESS","gmt_refund_pay":"2024-01-02 10:00:00"}"#.into(),
        (METHOD_REFUND_QUERY, _) => r#"{"code":"10000","msg":"Success"}"#.into(),
        _ => return (StatusCode::NOT_FOUND, "method").into_response(),
    };
    sign_response(&platform_signer(), method, &node)
        .unwrap()
        .into_response()
}

async fn start() -> String {
    let app = Router::new().route("/gateway.do", post(gateway)).route(
        "/down",
        post(|| async { (StatusCode::BAD_GATEWAY, "down") }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn full_round_trips() {
    let base = start().await;
    let a = sandbox_alipay(&format!("{base}/gateway.do"));

    let qr = a.prepay(&prepay_request(Product::Qr)).await.unwrap();
    assert_eq!(
        qr.params,
        PayParams::QrCode {
            code_url: "https://qr.alipay.com/baxT100".into()
        }
    );
    assert!(qr.raw.contains("alipay_trade_precreate_response"));
    let app = a.prepay(&prepay_request(Product::App)).await.unwrap();
    assert!(
        matches!(app.params, PayParams::AlipayApp { ref order_info } if order_info.contains("method=alipay.trade.app.pay"))
    );
    assert!(matches!(
        a.prepay(&prepay_request(Product::Jsapi)).await,
        Err(ProviderError::Config(_))
    ));

    let q = a.query("PAID").await.unwrap();
    assert!(matches!(q.state, TradeState::Paid(ref p) if p.total_amount.fen() == 5));
    assert_eq!(a.query("NOPE").await.unwrap().state, TradeState::NotExist);

    assert_eq!(
        a.close("NOPE", false).await.unwrap().outcome,
        CloseOutcome::NotExist
    );
    assert_eq!(
        a.close("PAID", true).await.unwrap().outcome,
        CloseOutcome::AlreadyPaid
    );
    // close (not cancel) of a paid trade: ACQ.TRADE_STATUS_ERROR, resolved by a query.
    assert_eq!(
        a.close("PAID", false).await.unwrap().outcome,
        CloseOutcome::AlreadyPaid
    );

    let mut r = RefundRequest {
        out_trade_no: "PAID".into(),
        out_refund_no: "R1".into(),
        total_amount: Amount::payable(5).unwrap(),
        refund_amount: Amount::payable(5).unwrap(),
        reason: None,
        notify_url: String::new(),
    };
    // fund_change N → resolved by the refund query.
    let res = a.refund(&r).await.unwrap();
    assert!(matches!(res.state, RefundState::Succeeded { .. }));
    assert_eq!(res.out_refund_no, "R1");
    // Accepted but not yet visible: processing, not "does not exist".
    r.out_refund_no = "R2".into();
    assert_eq!(a.refund(&r).await.unwrap().state, RefundState::Processing);
    assert_eq!(
        a.query_refund("PAID", "R2").await.unwrap().state,
        RefundState::NotExist
    );
}

#[tokio::test]
async fn transport_failures_are_unavailable() {
    let base = start().await;
    let down = sandbox_alipay(&format!("{base}/down"));
    assert!(matches!(
        down.query("X").await,
        Err(ProviderError::Unavailable(_))
    ));
    let missing = sandbox_alipay(&format!("{base}/nothing-here"));
    assert!(matches!(
        missing.query("X").await,
        Err(ProviderError::Unavailable(_))
    ));
    // A closed port.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let closed = sandbox_alipay(&format!("http://127.0.0.1:{port}/gateway.do"));
    let err = closed.close("X", false).await.unwrap_err();
    assert!(matches!(err, ProviderError::Unavailable(_)));
    assert!(err.is_retryable());
}
