//! The emulated Alipay driven over HTTP by paycenter's own Alipay client, by raw requests, and by
//! the buyer controls; notifies received by a small merchant server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use paycenter_domain::{Amount, Channel};
use paycenter_providers::alipay::client::{METHOD_PRECREATE, METHOD_QUERY};
use paycenter_providers::alipay::gateway::{form_encode, verify_response};
use paycenter_providers::alipay::sign::sign_params;
use paycenter_providers::alipay::Alipay;
use paycenter_providers::{
    AlipayCredentials, BusinessCode, CloseOutcome, CloseTrade, PayParams, Prepay, PrepayRequest,
    ProviderEndpoints, ProviderError, QueryTrade, RefundRequest, RefundState, RefundTrade,
    TradeState,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

const WAIT: Duration = Duration::from_secs(10);

async fn merchant(app: &TestApp) -> Value {
    let r = app
        .client
        .post(format!("{}/sandbox/merchants", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn client_with(app: &TestApp, app_id: &str, private_key: &str, platform_key: &str) -> Alipay {
    Alipay::new(
        AlipayCredentials {
            app_id: app_id.into(),
            app_private_key: private_key.to_owned().into(),
            alipay_public_key: platform_key.into(),
        },
        &ProviderEndpoints::sandbox(&format!("{}/sandbox", app.base)),
        reqwest::Client::new(),
    )
    .unwrap()
}

fn client(app: &TestApp, m: &Value) -> Alipay {
    let a = &m["alipay"];
    client_with(
        app,
        a["appId"].as_str().unwrap(),
        a["appPrivateKey"].as_str().unwrap(),
        a["alipayPublicKey"].as_str().unwrap(),
    )
}

fn prepay(channel: Channel, no: &str, fen: i64, notify_url: &str) -> PrepayRequest {
    PrepayRequest {
        product: channel.product(),
        out_trade_no: no.into(),
        amount: Amount::payable(fen).unwrap(),
        subject: "sandbox test".into(),
        attach: Some("k=v&x=1".into()),
        notify_url: notify_url.into(),
        expires_at: Utc::now() + chrono::Duration::minutes(30),
        payer_openid: None,
        client_ip: "127.0.0.1".into(),
        return_url: None,
        quit_url: None,
    }
}

async fn precreate(a: &Alipay, no: &str, fen: i64) -> Result<String, ProviderError> {
    let p = a
        .prepay(&prepay(
            Channel::AlipayQr,
            no,
            fen,
            "http://127.0.0.1:9/notify",
        ))
        .await?;
    match p.params {
        PayParams::QrCode { code_url } => Ok(code_url),
        other => panic!("unexpected {other:?}"),
    }
}

async fn buyer(
    app: &TestApp,
    app_id: &str,
    no: &str,
    outcome: &str,
    order_info: Option<&str>,
) -> (StatusCode, Value) {
    let mut body =
        json!({"provider": "alipay", "merchantId": app_id, "outTradeNo": no, "outcome": outcome});
    if let Some(info) = order_info {
        body["orderInfo"] = Value::from(info);
    }
    let r = app
        .client
        .post(format!("{}/sandbox/buyer", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn fault(app: &TestApp, spec: Value) {
    let r = app
        .client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&spec)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

fn provider_code(e: &ProviderError) -> (BusinessCode, String) {
    match e {
        ProviderError::Business {
            code,
            provider_code,
            ..
        } => (*code, provider_code.clone()),
        other => panic!("expected a business error, got {other:?}"),
    }
}

fn refund_req(no: &str, rno: &str, total: i64, fen: i64) -> RefundRequest {
    RefundRequest {
        out_trade_no: no.into(),
        out_refund_no: rno.into(),
        total_amount: Amount::payable(total).unwrap(),
        refund_amount: Amount::payable(fen).unwrap(),
        reason: Some("test".into()),
        notify_url: "http://127.0.0.1:9/refund".into(),
    }
}

#[tokio::test]
async fn precreate_scan_pay_close_refund() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let app_id = m["alipay"]["appId"].as_str().unwrap().to_owned();
    let a = client(&app, &m);

    let qr = precreate(&a, "QR1", 100).await.unwrap();
    assert!(qr.starts_with("https://qr.alipay.com/bax"), "{qr}");
    assert_eq!(precreate(&a, "QR1", 100).await.unwrap(), qr);
    let (code, sub) = provider_code(&precreate(&a, "QR1", 200).await.unwrap_err());
    assert_eq!(
        (code, sub.as_str()),
        (BusinessCode::Other, "ACQ.CONTEXT_INCONSISTENT")
    );

    // Before the buyer scans, Alipay does not know the trade.
    assert_eq!(a.query("QR1").await.unwrap().state, TradeState::NotExist);
    assert_eq!(
        a.close("QR1", false).await.unwrap().outcome,
        CloseOutcome::NotExist
    );
    let e = a
        .refund(&refund_req("QR1", "R0", 100, 10))
        .await
        .unwrap_err();
    assert_eq!(provider_code(&e).0, BusinessCode::OrderNotExist);

    let (s, v) = buyer(&app, &app_id, "QR1", "USERPAYING", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["tradeStatus"], "WAIT_BUYER_PAY");
    assert_eq!(a.query("QR1").await.unwrap().state, TradeState::NotPaid);
    let (s, v) = buyer(&app, &app_id, "QR1", "FAIL", None).await;
    assert_eq!(
        (s, v["tradeStatus"].as_str()),
        (StatusCode::OK, Some("WAIT_BUYER_PAY"))
    );
    let e = a
        .refund(&refund_req("QR1", "R0", 100, 10))
        .await
        .unwrap_err();
    assert_eq!(provider_code(&e).1, "ACQ.TRADE_STATUS_ERROR");

    let (s, v) = buyer(&app, &app_id, "QR1", "SUCCESS", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let trade_no = v["tradeNo"].as_str().unwrap().to_owned();
    assert_eq!(trade_no.len(), 28);
    assert!(trade_no.starts_with("20"));
    let (s, _) = buyer(&app, &app_id, "QR1", "SUCCESS", None).await;
    assert_eq!(s, StatusCode::CONFLICT);

    match a.query("QR1").await.unwrap().state {
        TradeState::Paid(p) => {
            assert_eq!(p.provider_trade_no, trade_no);
            assert_eq!(p.total_amount.fen(), 100);
            assert_eq!(p.paid_amount.map(Amount::fen), Some(100));
            assert!(p.payer.unwrap().starts_with("2088"));
            assert!(p.paid_at.is_some());
        }
        other => panic!("{other:?}"),
    }
    let e = precreate(&a, "QR1", 100).await.unwrap_err();
    assert_eq!(provider_code(&e).0, BusinessCode::OrderPaid);
    // close of a paid trade: ACQ.TRADE_STATUS_ERROR, which the client resolves as paid.
    assert_eq!(
        a.close("QR1", false).await.unwrap().outcome,
        CloseOutcome::AlreadyPaid
    );

    // Refunds: partial, idempotent repeat, over the remainder, then the rest.
    let r1 = a.refund(&refund_req("QR1", "R1", 100, 40)).await.unwrap();
    assert!(matches!(
        r1.state,
        RefundState::Succeeded {
            refunded_at: Some(_),
            ..
        }
    ));
    assert!(r1.raw.contains("\"fund_change\":\"Y\""), "{}", r1.raw);
    let again = a.refund(&refund_req("QR1", "R1", 100, 40)).await.unwrap();
    assert!(matches!(again.state, RefundState::Succeeded { .. }));
    let e = a
        .refund(&refund_req("QR1", "R2", 100, 70))
        .await
        .unwrap_err();
    assert_eq!(provider_code(&e).1, "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
    let e = a
        .refund(&refund_req("QR1", "R1", 100, 30))
        .await
        .unwrap_err();
    assert_eq!(provider_code(&e).1, "ACQ.DISCORDANT_REPEAT_REQUEST");
    assert!(matches!(
        a.query_refund("QR1", "R1").await.unwrap().state,
        RefundState::Succeeded {
            refunded_at: Some(_),
            ..
        }
    ));
    assert_eq!(
        a.query_refund("QR1", "NOPE").await.unwrap().state,
        RefundState::NotExist
    );
    let r3 = a.refund(&refund_req("QR1", "R3", 100, 60)).await.unwrap();
    assert!(r3.raw.contains("\"refund_fee\":\"1.00\""), "{}", r3.raw);
    let q = a.query("QR1").await.unwrap();
    assert!(q.raw.contains("TRADE_CLOSED"), "{}", q.raw);
    assert!(
        matches!(q.state, TradeState::Paid(_)),
        "fully refunded is still paid"
    );
    let e = a
        .refund(&refund_req("QR1", "R4", 100, 1))
        .await
        .unwrap_err();
    assert_eq!(provider_code(&e).0, BusinessCode::OrderClosed);
}

#[tokio::test]
async fn close_and_cancel() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let app_id = m["alipay"]["appId"].as_str().unwrap().to_owned();
    let a = client(&app, &m);

    // close of a scanned unpaid trade; then it cannot be paid, and closing again resolves as closed.
    precreate(&a, "C1", 100).await.unwrap();
    buyer(&app, &app_id, "C1", "USERPAYING", None).await;
    assert_eq!(
        a.close("C1", false).await.unwrap().outcome,
        CloseOutcome::Closed
    );
    assert_eq!(a.query("C1").await.unwrap().state, TradeState::Closed);
    assert_eq!(
        a.close("C1", false).await.unwrap().outcome,
        CloseOutcome::Closed
    );
    let (s, _) = buyer(&app, &app_id, "C1", "SUCCESS", None).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let e = precreate(&a, "C1", 100).await.unwrap_err();
    assert_eq!(provider_code(&e).0, BusinessCode::OrderClosed);

    // cancel: unscanned → close; paid → refund.
    precreate(&a, "C2", 100).await.unwrap();
    let r = a.close("C2", true).await.unwrap();
    assert_eq!(r.outcome, CloseOutcome::Closed);
    assert!(r.raw.contains("\"action\":\"close\""), "{}", r.raw);
    let (s, _) = buyer(&app, &app_id, "C2", "SUCCESS", None).await;
    assert_eq!(s, StatusCode::CONFLICT);

    precreate(&a, "C3", 100).await.unwrap();
    buyer(&app, &app_id, "C3", "SUCCESS", None).await;
    let r = a.close("C3", true).await.unwrap();
    assert_eq!(r.outcome, CloseOutcome::AlreadyPaid);
    assert!(r.raw.contains("\"action\":\"refund\""), "{}", r.raw);
    assert!(a.query("C3").await.unwrap().raw.contains("TRADE_CLOSED"));

    // cancel of a trade Alipay never saw succeeds and forbids it from now on.
    let r = a.close("NEVER", true).await.unwrap();
    assert_eq!(r.outcome, CloseOutcome::Closed);
    assert!(r.raw.contains("\"retry_flag\":\"N\""), "{}", r.raw);
    let e = precreate(&a, "NEVER", 100).await.unwrap_err();
    assert_eq!(provider_code(&e).0, BusinessCode::OrderClosed);
}

#[tokio::test]
async fn gateway_refusals_and_faults() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let other = merchant(&app).await;
    let app_id = m["alipay"]["appId"].as_str().unwrap().to_owned();
    let platform = m["alipay"]["alipayPublicKey"].as_str().unwrap();
    let a = client(&app, &m);

    // Signed with another app's key.
    let wrong = client_with(
        &app,
        &app_id,
        other["alipay"]["appPrivateKey"].as_str().unwrap(),
        platform,
    );
    let e = wrong.query("X").await.unwrap_err();
    assert_eq!(
        provider_code(&e),
        (
            BusinessCode::SignatureRejected,
            "isv.invalid-signature".into()
        )
    );
    let unknown = client_with(
        &app,
        "2021999999999999",
        m["alipay"]["appPrivateKey"].as_str().unwrap(),
        platform,
    );
    assert_eq!(
        provider_code(&unknown.query("X").await.unwrap_err()).0,
        BusinessCode::InvalidMerchant
    );

    fault(
        &app,
        json!({"merchantId": app_id, "systemError": true, "count": 1}),
    )
    .await;
    assert_eq!(
        provider_code(&a.query("X").await.unwrap_err()).0,
        BusinessCode::SystemError
    );
    fault(
        &app,
        json!({"merchantId": app_id, "httpStatus": 503, "count": 1}),
    )
    .await;
    assert!(matches!(
        a.query("X").await.unwrap_err(),
        ProviderError::Unavailable(_)
    ));
    fault(
        &app,
        json!({"merchantId": app_id, "badSignature": true, "count": 1}),
    )
    .await;
    assert!(matches!(
        a.query("X").await.unwrap_err(),
        ProviderError::InvalidSignature
    ));
    assert_eq!(a.query("X").await.unwrap().state, TradeState::NotExist);

    // Raw requests.
    let gateway = format!("{}/sandbox/alipay/gateway.do", app.base);
    let raw = |params: std::collections::BTreeMap<String, String>| {
        let http = app.client.clone();
        let gateway = gateway.clone();
        async move {
            let r = http
                .post(&gateway)
                .header(
                    "content-type",
                    "application/x-www-form-urlencoded;charset=utf-8",
                )
                .body(form_encode(&params))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.text().await.unwrap()
        }
    };
    let signed = a
        .signed_request(
            METHOD_QUERY,
            &json!({"out_trade_no": "X"}),
            None,
            Utc::now(),
        )
        .unwrap();
    let node = |text: &str, key: &str| -> Value {
        serde_json::from_str::<Value>(text).unwrap()[key].clone()
    };

    let mut p = signed.clone();
    p.remove("method");
    let t = raw(p).await;
    let n = node(&t, "error_response");
    assert_eq!(
        (n["code"].as_str(), n["sub_code"].as_str()),
        (Some("40001"), Some("isv.missing-method"))
    );
    assert_eq!(n["msg"], "Missing Required Arguments");

    let mut p = signed.clone();
    p.remove("sign");
    let t = raw(p).await;
    let n = node(&t, "alipay_trade_query_response");
    assert_eq!(
        (n["code"].as_str(), n["sub_code"].as_str()),
        (Some("40001"), Some("isv.missing-signature"))
    );

    let mut p = signed.clone();
    p.remove("app_id");
    assert_eq!(
        node(&raw(p).await, "alipay_trade_query_response")["sub_code"],
        "isv.missing-app-id"
    );

    let mut p = signed.clone();
    p.insert("method".into(), "alipay.trade.nonexistent".into());
    let n = node(&raw(p).await, "error_response");
    assert_eq!(
        (n["code"].as_str(), n["sub_code"].as_str()),
        (Some("40002"), Some("isv.invalid-method"))
    );

    let mut p = signed.clone();
    p.insert("sign_type".into(), "RSA".into());
    assert_eq!(
        node(&raw(p).await, "alipay_trade_query_response")["sub_code"],
        "isv.invalid-signature-type"
    );

    // biz_content that is not JSON (correctly signed).
    let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(
        paycenter_providers::alipay::parse_public_key(platform).unwrap(),
    );
    let app_key = paycenter_providers::rsa_keys::RsaSigner::parse(
        m["alipay"]["appPrivateKey"].as_str().unwrap(),
    )
    .unwrap();
    let mut p = signed.clone();
    p.insert("biz_content".into(), "{not json".into());
    sign_params(&app_key, &mut p).unwrap();
    let n = node(&raw(p).await, "alipay_trade_query_response");
    assert_eq!(
        (n["code"].as_str(), n["sub_code"].as_str()),
        (Some("40002"), Some("isv.invalid-parameter"))
    );

    // An invalid total_amount: a signed business refusal.
    let bad = a
        .signed_request(
            METHOD_PRECREATE,
            &json!({"out_trade_no": "B1", "total_amount": "0.001", "subject": "s"}),
            None,
            Utc::now(),
        )
        .unwrap();
    let t = raw(bad).await;
    let n = node(&t, "alipay_trade_precreate_response");
    assert_eq!(n["msg"], "Business Failed");
    let e = verify_response(t.as_bytes(), METHOD_PRECREATE, &verifier).unwrap_err();
    assert_eq!(
        provider_code(&e),
        (
            BusinessCode::InvalidParameter,
            "ACQ.INVALID_PARAMETER".into()
        )
    );
    for amount in ["0", "100000000.01", "1.234", "abc"] {
        let bad = a
            .signed_request(
                METHOD_PRECREATE,
                &json!({"out_trade_no": "B1", "total_amount": amount, "subject": "s"}),
                None,
                Utc::now(),
            )
            .unwrap();
        assert_eq!(
            node(&raw(bad).await, "alipay_trade_precreate_response")["sub_code"],
            "ACQ.INVALID_PARAMETER",
            "{amount}"
        );
    }
    let bad = a
        .signed_request(METHOD_QUERY, &json!("not an object"), None, Utc::now())
        .unwrap();
    assert_eq!(
        node(&raw(bad).await, "alipay_trade_query_response")["sub_code"],
        "isv.invalid-parameter"
    );

    // GET with everything in the query string works like POST.
    let r = app
        .client
        .get(format!("{gateway}?{}", form_encode(&signed)))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    let e = verify_response(text.as_bytes(), METHOD_QUERY, &verifier).unwrap_err();
    assert_eq!(provider_code(&e).1, "ACQ.TRADE_NOT_EXIST");
}

/// A merchant notify endpoint answering `fail` twice, then `success`.
async fn notify_receiver() -> (String, mpsc::UnboundedReceiver<Bytes>) {
    #[derive(Clone)]
    struct Rx(mpsc::UnboundedSender<Bytes>, Arc<AtomicUsize>);
    async fn handle(State(rx): State<Rx>, body: Bytes) -> &'static str {
        let n = rx.1.fetch_add(1, Ordering::SeqCst);
        let _ = rx.0.send(body);
        if n < 2 {
            "fail"
        } else {
            "success"
        }
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new()
        .route("/notify", post(handle))
        .with_state(Rx(tx, Arc::new(AtomicUsize::new(0))));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}/notify"), rx)
}

#[tokio::test]
async fn app_pay_and_notify_retries_until_success() {
    let app = spawn_app_with(|s| s.sandbox.notify_speedup = 1000).await;
    let m = merchant(&app).await;
    let app_id = m["alipay"]["appId"].as_str().unwrap().to_owned();
    let a = client(&app, &m);
    let (url, mut rx) = notify_receiver().await;

    let p = a
        .prepay(&prepay(Channel::AlipayApp, "APP1", 250, &url))
        .await
        .unwrap();
    let PayParams::AlipayApp { order_info } = p.params else {
        panic!("not an app payment")
    };
    // paycenter never told Alipay: nothing to find yet.
    assert_eq!(a.query("APP1").await.unwrap().state, TradeState::NotExist);
    let (s, _) = buyer(&app, &app_id, "APP1", "SUCCESS", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = buyer(&app, &app_id, "APP1", "SUCCESS", Some(&order_info)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["tradeStatus"], "TRADE_SUCCESS");

    for i in 0..3 {
        let body = tokio::time::timeout(WAIT, rx.recv())
            .await
            .unwrap()
            .unwrap();
        let n = a.verify_pay_notify(&body).unwrap();
        assert_eq!(n.out_trade_no, "APP1");
        assert_eq!(n.app_id, app_id);
        match n.state {
            TradeState::Paid(p) => {
                assert_eq!(p.total_amount.fen(), 250);
                assert_eq!(p.provider_trade_no, v["tradeNo"].as_str().unwrap());
            }
            other => panic!("delivery {i}: {other:?}"),
        }
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(text.contains("notify_type=trade_status_sync"), "{text}");
        assert!(text.contains("passback_params="), "{text}");
    }
    // Acknowledged: the next retry (600 ms at this speed) never comes.
    assert!(tokio::time::timeout(Duration::from_millis(1500), rx.recv())
        .await
        .is_err());

    // The same orderInfo again: already paid.
    let (s, _) = buyer(&app, &app_id, "APP1", "SUCCESS", Some(&order_info)).await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn app_endpoint_verifies_order_info() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let a = client(&app, &m);
    let p = a
        .prepay(&prepay(
            Channel::AlipayApp,
            "APP2",
            100,
            "http://127.0.0.1:9/n",
        ))
        .await
        .unwrap();
    let PayParams::AlipayApp { order_info } = p.params else {
        panic!("not an app payment")
    };
    let url = format!("{}/sandbox/alipay/app", app.base);
    let tampered = order_info.replace("1.00", "0.01");
    assert_ne!(tampered, order_info);
    let r = app
        .client
        .post(&url)
        .json(&json!({"orderInfo": tampered}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["sub_code"], "isv.invalid-signature");

    let r = app
        .client
        .post(&url)
        .form(&[("orderInfo", order_info.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["tradeStatus"], "WAIT_BUYER_PAY");
    assert_eq!(v["tradeNo"].as_str().unwrap().len(), 28);
    assert_eq!(a.query("APP2").await.unwrap().state, TradeState::NotPaid);
}

#[tokio::test]
async fn concurrent_buyers_only_one_pays() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let app_id = m["alipay"]["appId"].as_str().unwrap().to_owned();
    let a = client(&app, &m);
    precreate(&a, "RACE", 100).await.unwrap();
    let (x, y) = tokio::join!(
        buyer(&app, &app_id, "RACE", "SUCCESS", None),
        buyer(&app, &app_id, "RACE", "SUCCESS", None)
    );
    let mut statuses = [x.0, y.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{x:?} {y:?}"
    );
    assert!(matches!(
        a.query("RACE").await.unwrap().state,
        TradeState::Paid(_)
    ));
}
