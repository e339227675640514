//! The emulated WeChat Pay API v3, mounted alone (SQLite in a temp directory) and driven over
//! HTTP by paycenter's own v3 client; notifies are received by a local server that verifies
//! them with the same client's `VerifyNotify`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use paycenter_domain::{Amount, Product};
use paycenter_providers::rsa_keys::RsaSigner;
use paycenter_providers::wechat_v3::sign::{self, Authorization, SignedParts};
use paycenter_providers::wechat_v3::WechatPayV3;
use paycenter_providers::{
    BusinessCode, CloseOutcome, CloseTrade, IncomingRequest, Notification, PayParams, Prepay,
    PrepayRequest, ProviderEndpoints, ProviderError, QueryTrade, RefundRequest, RefundState,
    RefundTrade, TradeState, Verdict, VerifyNotify, WechatPayPublicKey, WechatV3Credentials,
};
use paycenter_sandbox::SandboxState;
use secrecy::SecretString;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Mutex};

const WAIT: Duration = Duration::from_secs(20);

struct Sandbox {
    base: String,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::watch::Sender<bool>,
}

async fn sandbox() -> Sandbox {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("sb.db").display());
    let db = paycenter_db::connect(&url).await.unwrap();
    let read = paycenter_db::connect_reads(&url, &db).await.unwrap();
    // Notify retries 1000 times faster: 15 s becomes 15 ms.
    let state = SandboxState::new(db, read, 1000).await.unwrap();
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(paycenter_sandbox::notifier::run(state.clone(), stop_rx));
    let app = Router::new().nest("/sandbox", paycenter_sandbox::router(state));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Sandbox {
        base: format!("http://{addr}/sandbox"),
        http: reqwest::Client::new(),
        _dir: dir,
        _stop: stop,
    }
}

impl Sandbox {
    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn merchant(&self, mode: Option<&str>) -> Value {
        let body = match mode {
            Some(m) => json!({ "wechatMode": m }),
            None => json!({}),
        };
        let r = self.post("/merchants", body).await;
        assert_eq!(r.status(), 200);
        let m = r.json::<Value>().await.unwrap();
        let mut w = m["wechat"].clone();
        // The mode is beside the credentials (so they can be passed as an input as they are).
        w["wechatMode"] = m["wechatMode"].clone();
        w
    }

    fn client(&self, w: &Value) -> WechatPayV3 {
        let s = |k: &str| w[k].as_str().unwrap().to_owned();
        let creds = WechatV3Credentials {
            app_id: s("appId"),
            mch_id: s("mchId"),
            merchant_serial_no: s("merchantSerialNo"),
            merchant_private_key: SecretString::from(s("merchantPrivateKey")),
            api_v3_key: SecretString::from(s("apiV3Key")),
            wechatpay_public_key: w["wechatPayPublicKeyId"]
                .as_str()
                .map(|id| WechatPayPublicKey {
                    id: id.to_owned(),
                    pem: s("wechatPayPublicKey"),
                }),
        };
        WechatPayV3::new(
            creds,
            &ProviderEndpoints::sandbox(&self.base),
            self.http.clone(),
        )
        .unwrap()
    }

    async fn pay(&self, mch_id: &str, no: &str, outcome: &str) -> reqwest::Response {
        self.post(
            "/buyer",
            json!({"provider": "wechat", "merchantId": mch_id, "outTradeNo": no, "outcome": outcome}),
        )
        .await
    }
}

/// A merchant's notify endpoint: verifies with the client, answers as the client phrases it,
/// reports what it accepted. `fail_first` answers 500 to the first delivery.
struct Receiver {
    url: String,
    got: Mutex<mpsc::UnboundedReceiver<Notification>>,
}

#[derive(Clone)]
struct ReceiverState {
    client: WechatPayV3,
    tx: mpsc::UnboundedSender<Notification>,
    fail_first: Arc<std::sync::atomic::AtomicBool>,
}

async fn receive(
    State(s): State<ReceiverState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let req = IncomingRequest {
        method: "POST",
        path: uri.path(),
        query: uri.query(),
        headers: &headers,
        body: &body,
        received_at: Utc::now(),
    };
    let reply = match s.client.verify_notify(&req).await {
        Ok(_)
            if s.fail_first
                .swap(false, std::sync::atomic::Ordering::SeqCst) =>
        {
            s.client.notify_reply(Verdict::Unavailable("try again"))
        }
        Ok(n) => {
            let _ = s.tx.send(n);
            s.client.notify_reply(Verdict::Accepted)
        }
        Err(e) => s.client.notify_reply(Verdict::Refused(&e.to_string())),
    };
    let status = StatusCode::from_u16(reply.status).unwrap();
    let mut r = (status, reply.body).into_response();
    if let Some(ct) = reply.content_type {
        r.headers_mut().insert("content-type", ct.parse().unwrap());
    }
    r
}

async fn receiver(client: WechatPayV3, fail_first: bool) -> Receiver {
    let (tx, rx) = mpsc::unbounded_channel();
    let state = ReceiverState {
        client,
        tx,
        fail_first: Arc::new(std::sync::atomic::AtomicBool::new(fail_first)),
    };
    let app = Router::new()
        .route("/notify/wechat/prj", post(receive))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Receiver {
        url: format!("http://{addr}/notify/wechat/prj"),
        got: Mutex::new(rx),
    }
}

impl Receiver {
    async fn next(&self) -> Notification {
        tokio::time::timeout(WAIT, self.got.lock().await.recv())
            .await
            .expect("a notify in time")
            .expect("receiver open")
    }
}

fn request(product: Product, no: &str, fen: i64, notify_url: &str) -> PrepayRequest {
    PrepayRequest {
        product,
        out_trade_no: no.to_owned(),
        amount: Amount::from_fen(fen).unwrap(),
        subject: "沙箱测试 sandbox".into(),
        attach: Some("cart=42".into()),
        notify_url: notify_url.to_owned(),
        expires_at: Utc::now() + chrono::TimeDelta::minutes(30),
        payer_openid: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
        client_ip: "203.0.113.9".into(),
        return_url: None,
        quit_url: None,
    }
}

fn business(e: &ProviderError) -> (BusinessCode, &str) {
    match e {
        ProviderError::Business {
            code,
            provider_code,
            ..
        } => (*code, provider_code.as_str()),
        other => panic!("not a business error: {other:?}"),
    }
}

#[tokio::test]
async fn public_key_mode_end_to_end() {
    let sb = sandbox().await;
    let w = sb.merchant(None).await;
    assert_eq!(w["wechatMode"], "publicKey");
    assert!(w["wechatPayPublicKeyId"]
        .as_str()
        .unwrap()
        .starts_with("PUB_KEY_ID_"));
    assert_eq!(w["apiV3Key"].as_str().unwrap().len(), 32);
    assert_eq!(w["merchantSerialNo"].as_str().unwrap().len(), 40);
    // v2 fields are still there.
    for k in ["appId", "appSecret", "mchId", "apiKey"] {
        assert!(w[k].is_string(), "{k}");
    }
    let mch = w["mchId"].as_str().unwrap().to_owned();
    let c = sb.client(&w);
    assert!(!c.certificate_mode());
    let rx = receiver(c.clone(), true).await;
    let merchant_public = RsaSigner::parse(w["merchantPrivateKey"].as_str().unwrap())
        .unwrap()
        .public_key()
        .unwrap();
    let merchant_verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(merchant_public);

    // Prepay on all four products.
    let p = c
        .prepay(&request(Product::Qr, "V3-NATIVE-1", 101, &rx.url))
        .await
        .unwrap();
    let PayParams::QrCode { code_url } = &p.params else {
        panic!("{:?}", p.params)
    };
    assert!(code_url.starts_with("weixin://wxpay/bizpayurl?pr="));
    let again = c
        .prepay(&request(Product::Qr, "V3-NATIVE-1", 101, &rx.url))
        .await
        .unwrap();
    assert_eq!(
        again.params, p.params,
        "same parameters: the same trade again"
    );
    let e = c
        .prepay(&request(Product::Qr, "V3-NATIVE-1", 102, &rx.url))
        .await
        .unwrap_err();
    assert_eq!(
        business(&e),
        (BusinessCode::OutTradeNoUsed, "OUT_TRADE_NO_USED")
    );

    let p = c
        .prepay(&request(Product::Jsapi, "V3-JSAPI-1", 1, &rx.url))
        .await
        .unwrap();
    let PayParams::WechatJsapi {
        app_id,
        time_stamp,
        nonce_str,
        package,
        sign_type,
        pay_sign,
    } = &p.params
    else {
        panic!("{:?}", p.params)
    };
    assert_eq!(sign_type, "RSA");
    assert_eq!(
        package,
        &format!("prepay_id={}", p.prepay_id.clone().unwrap())
    );
    paycenter_providers::rsa_keys::verify_base64(
        &merchant_verifier,
        sign::jsapi_pay_sign_message(app_id, time_stamp, nonce_str, package).as_bytes(),
        pay_sign,
    )
    .unwrap();
    let mut no_openid = request(Product::Jsapi, "V3-JSAPI-2", 1, &rx.url);
    no_openid.payer_openid = None;
    assert!(c.prepay(&no_openid).await.is_err());

    let p = c
        .prepay(&request(Product::App, "V3-APP-1", 1, &rx.url))
        .await
        .unwrap();
    let PayParams::WechatApp {
        appid,
        partnerid,
        prepayid,
        package,
        noncestr,
        timestamp,
        sign,
    } = &p.params
    else {
        panic!("{:?}", p.params)
    };
    assert_eq!(
        (partnerid.as_str(), package.as_str()),
        (mch.as_str(), "Sign=WXPay")
    );
    paycenter_providers::rsa_keys::verify_base64(
        &merchant_verifier,
        sign::app_sign_message(appid, timestamp, noncestr, prepayid).as_bytes(),
        sign,
    )
    .unwrap();

    let p = c
        .prepay(&request(Product::H5, "V3-H5-1", 1, &rx.url))
        .await
        .unwrap();
    let PayParams::H5 { url, expires_at } = &p.params else {
        panic!("{:?}", p.params)
    };
    assert!(
        url.contains(&format!("prepay_id={}", p.prepay_id.clone().unwrap())),
        "{url}"
    );
    assert!(*expires_at <= Utc::now() + chrono::TimeDelta::minutes(5));
    assert!(matches!(
        c.prepay(&request(Product::Wap, "V3-WAP-1", 1, &rx.url))
            .await,
        Err(ProviderError::Config(_))
    ));

    // Query, pay, the notify (the first delivery is refused with 500: retried), query again.
    assert_eq!(
        c.query("V3-NATIVE-1").await.unwrap().state,
        TradeState::NotPaid
    );
    assert_eq!(
        c.query("NO-SUCH-TRADE").await.unwrap().state,
        TradeState::NotExist
    );
    assert_eq!(sb.pay(&mch, "V3-NATIVE-1", "SUCCESS").await.status(), 200);
    let Notification::Pay(n) = rx.next().await else {
        panic!("not a pay notify")
    };
    assert_eq!(n.out_trade_no, "V3-NATIVE-1");
    assert_eq!(n.merchant_id.as_deref(), Some(mch.as_str()));
    let TradeState::Paid(paid) = n.state else {
        panic!("{:?}", n.state)
    };
    assert_eq!(paid.total_amount, Amount::from_fen(101).unwrap());
    let q = c.query("V3-NATIVE-1").await.unwrap();
    assert!(
        matches!(&q.state, TradeState::Paid(t) if t.provider_trade_no == paid.provider_trade_no)
    );
    let e = c
        .prepay(&request(Product::Qr, "V3-NATIVE-1", 101, &rx.url))
        .await
        .unwrap_err();
    assert_eq!(business(&e).1, "ORDERPAID");

    // Close: an unpaid trade (204, then the confirming query), a paid one, an unknown one.
    assert_eq!(
        c.close("V3-APP-1", false).await.unwrap().outcome,
        CloseOutcome::Closed
    );
    assert_eq!(c.query("V3-APP-1").await.unwrap().state, TradeState::Closed);
    assert_eq!(
        c.close("V3-APP-1", false).await.unwrap().outcome,
        CloseOutcome::Closed
    );
    assert_eq!(
        c.close("V3-NATIVE-1", false).await.unwrap().outcome,
        CloseOutcome::AlreadyPaid
    );
    assert_eq!(
        c.close("NO-SUCH-TRADE", false).await.unwrap().outcome,
        CloseOutcome::NotExist
    );
    assert_eq!(sb.pay(&mch, "V3-APP-1", "SUCCESS").await.status(), 409);

    // Refund, its query and its notify; a retry gets the same refund; over-refunding fails.
    let refund = RefundRequest {
        out_trade_no: "V3-NATIVE-1".into(),
        out_refund_no: "V3-R-1".into(),
        total_amount: Amount::from_fen(101).unwrap(),
        refund_amount: Amount::from_fen(100).unwrap(),
        reason: Some("不想要了".into()),
        notify_url: rx.url.clone(),
    };
    assert_eq!(
        c.refund(&refund).await.unwrap().state,
        RefundState::Processing
    );
    let Notification::Refund(rn) = rx.next().await else {
        panic!("not a refund notify")
    };
    assert_eq!(rn.out_refund_no, "V3-R-1");
    assert_eq!(rn.refund_amount, Amount::from_fen(100).unwrap());
    assert!(matches!(rn.state, RefundState::Succeeded { .. }));
    let q = c.query_refund("V3-NATIVE-1", "V3-R-1").await.unwrap();
    assert!(matches!(
        q.state,
        RefundState::Succeeded {
            provider_refund_no: Some(_),
            refunded_at: Some(_)
        }
    ));
    assert!(matches!(
        c.refund(&refund).await.unwrap().state,
        RefundState::Succeeded { .. }
    ));
    let mut over = refund.clone();
    over.out_refund_no = "V3-R-2".into();
    over.refund_amount = Amount::from_fen(2).unwrap();
    assert_eq!(
        business(&c.refund(&over).await.unwrap_err()).1,
        "INVALID_REQUEST"
    );
    assert_eq!(
        c.query_refund("V3-NATIVE-1", "V3-R-9").await.unwrap().state,
        RefundState::NotExist
    );

    // Faults: refused refunds, SYSTEM_ERROR, a bad response signature.
    let mut r3 = refund.clone();
    r3.out_refund_no = "V3-R-3".into();
    r3.refund_amount = Amount::from_fen(1).unwrap();
    sb.post(
        "/faults",
        json!({"merchantId": mch, "refuseRefunds": true, "count": 1}),
    )
    .await;
    assert_eq!(
        business(&c.refund(&r3).await.unwrap_err()),
        (BusinessCode::BalanceNotEnough, "NOT_ENOUGH")
    );
    sb.post(
        "/faults",
        json!({"merchantId": mch, "systemError": true, "count": 1}),
    )
    .await;
    assert!(c.query("V3-NATIVE-1").await.unwrap_err().is_retryable());
    sb.post(
        "/faults",
        json!({"merchantId": mch, "badSignature": true, "count": 1}),
    )
    .await;
    assert!(matches!(
        c.query("V3-NATIVE-1").await,
        Err(ProviderError::InvalidSignature)
    ));
    sb.post(
        "/faults",
        json!({"merchantId": mch, "httpStatus": 503, "count": 1}),
    )
    .await;
    assert!(matches!(
        c.query("V3-NATIVE-1").await,
        Err(ProviderError::Unavailable(_))
    ));
    assert!(matches!(
        c.query("V3-NATIVE-1").await.unwrap().state,
        TradeState::Paid(_)
    ));

    raw_signatures(&sb, &w).await;
}

/// Requests signed by hand: the path relative to `/sandbox/wechat` is accepted as well as the
/// full pathname; a wrong signature, serial or timestamp is 401 SIGN_ERROR; an SDK's
/// ASCII-escaped JSON is verified over its raw bytes.
async fn raw_signatures(sb: &Sandbox, w: &Value) {
    let signer = RsaSigner::parse(w["merchantPrivateKey"].as_str().unwrap()).unwrap();
    let mch = w["mchId"].as_str().unwrap();
    let serial = w["merchantSerialNo"].as_str().unwrap();
    let send = |method: &'static str,
                path: String,
                signed_path: String,
                body: String,
                serial: String,
                ts: i64,
                tamper: bool| {
        let signer = signer.clone();
        let http = sb.http.clone();
        let url = format!("{}{}", sb.base.trim_end_matches("/sandbox"), path);
        async move {
            let ts = ts.to_string();
            let auth = Authorization::sign(
                &signer,
                mch,
                &serial,
                &SignedParts {
                    method,
                    path_and_query: &signed_path,
                    timestamp: &ts,
                    nonce: "593BEC0C930BF1AFEB40B4A08C8FB242",
                    body: body.as_bytes(),
                },
            )
            .unwrap();
            let mut header = auth.header_value();
            if tamper {
                header = header.replace("signature=\"", "signature=\"A");
            }
            let rb = if method == "GET" {
                http.get(url)
            } else {
                http.post(url).body(body)
            };
            let r = rb
                .header("Authorization", header)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let signed = r.headers().contains_key("wechatpay-signature");
            (
                status,
                signed,
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let now = Utc::now().timestamp();
    let full = format!("/sandbox/wechat/v3/pay/transactions/out-trade-no/V3-NATIVE-1?mchid={mch}");
    let relative = format!("/v3/pay/transactions/out-trade-no/V3-NATIVE-1?mchid={mch}");
    let (s, signed, v) = send(
        "GET",
        full.clone(),
        full.clone(),
        String::new(),
        serial.into(),
        now,
        false,
    )
    .await;
    assert_eq!((s, signed), (200, true));
    assert_eq!(v["trade_state"], "REFUND");
    // The same trade by its transaction_id.
    let by_id = format!(
        "/sandbox/wechat/v3/pay/transactions/id/{}?mchid={mch}",
        v["transaction_id"].as_str().unwrap()
    );
    let (s, _, t) = send(
        "GET",
        by_id.clone(),
        by_id,
        String::new(),
        serial.into(),
        now,
        false,
    )
    .await;
    assert_eq!((s, t["out_trade_no"].as_str()), (200, Some("V3-NATIVE-1")));
    assert_eq!(t["amount"]["total"], 101);
    let unknown = format!("/sandbox/wechat/v3/pay/transactions/id/4200000000?mchid={mch}");
    let (s, _, t) = send(
        "GET",
        unknown.clone(),
        unknown,
        String::new(),
        serial.into(),
        now,
        false,
    )
    .await;
    assert_eq!((s, t["code"].as_str()), (404, Some("ORDER_NOT_EXIST")));
    let (s, _, _) = send(
        "GET",
        full.clone(),
        relative.clone(),
        String::new(),
        serial.into(),
        now,
        false,
    )
    .await;
    assert_eq!(s, 200, "relative path accepted");
    // Without the query, or with another prefix: refused.
    for bad in [
        "/v3/pay/transactions/out-trade-no/V3-NATIVE-1".to_owned(),
        format!("/wechat/v3/pay/transactions/out-trade-no/V3-NATIVE-1?mchid={mch}"),
    ] {
        let (s, _, v) = send(
            "GET",
            full.clone(),
            bad,
            String::new(),
            serial.into(),
            now,
            false,
        )
        .await;
        assert_eq!((s, v["code"].as_str()), (401, Some("SIGN_ERROR")));
    }
    let (s, _, v) = send(
        "GET",
        full.clone(),
        full.clone(),
        String::new(),
        serial.into(),
        now,
        true,
    )
    .await;
    assert_eq!((s, v["code"].as_str()), (401, Some("SIGN_ERROR")));
    let (s, _, v) = send(
        "GET",
        full.clone(),
        full.clone(),
        String::new(),
        "0000".into(),
        now,
        false,
    )
    .await;
    assert_eq!((s, v["code"].as_str()), (401, Some("SIGN_ERROR")));
    let (s, _, v) = send(
        "GET",
        full.clone(),
        full.clone(),
        String::new(),
        serial.into(),
        now - 301,
        false,
    )
    .await;
    assert_eq!((s, v["code"].as_str()), (401, Some("SIGN_ERROR")));
    // PyPI wechatpayv3 signs json.dumps output: non-ASCII escaped as \uXXXX.
    let body = format!(
        r#"{{"appid": "{}", "mchid": "{mch}", "description": "\u6c99\u7bb1", "out_trade_no": "V3-ESCAPED-1", "notify_url": "https://example.com/n", "amount": {{"total": 1, "currency": "CNY"}}}}"#,
        w["appId"].as_str().unwrap()
    );
    let path = "/sandbox/wechat/v3/pay/transactions/native".to_owned();
    let (s, signed, v) = send(
        "POST",
        path.clone(),
        "/v3/pay/transactions/native".into(),
        body.clone(),
        serial.into(),
        now,
        false,
    )
    .await;
    assert_eq!((s, signed), (200, true), "{v}");
    assert!(v["code_url"].is_string());
    // A client with the wrong merchant key: 401 SIGN_ERROR, which it reads as SignatureRejected.
    let mut wrong = w.clone();
    wrong["merchantPrivateKey"] = Value::from(
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../providers/tests/vectors/v3-and-bills/wxpay_v3_doc_test_merchant_key.pkcs8.pem"
        ))
        .unwrap(),
    );
    let e = sb.client(&wrong).query("V3-NATIVE-1").await.unwrap_err();
    assert_eq!(
        business(&e),
        (BusinessCode::SignatureRejected, "SIGN_ERROR")
    );
    // An unknown merchant: 400 MCH_NOT_EXISTS, unsigned.
    let mut stranger = w.clone();
    stranger["mchId"] = Value::from("1999999999");
    let e = sb.client(&stranger).query("V3-NATIVE-1").await.unwrap_err();
    assert_eq!(
        business(&e),
        (BusinessCode::InvalidMerchant, "MCH_NOT_EXISTS")
    );
}

#[tokio::test]
async fn certificate_mode_download_rotation_and_notify() {
    let sb = sandbox().await;
    let w = sb.merchant(Some("certificate")).await;
    assert_eq!(w["wechatMode"], "certificate");
    assert!(w.get("wechatPayPublicKeyId").is_none());
    let mch = w["mchId"].as_str().unwrap().to_owned();
    let c = sb.client(&w);
    assert!(c.certificate_mode());
    let rx = receiver(c.clone(), false).await;

    // The first call downloads the platform certificate and verifies with it.
    let p = c
        .prepay(&request(Product::Qr, "V3-CERT-1", 5, &rx.url))
        .await
        .unwrap();
    assert!(matches!(p.params, PayParams::QrCode { .. }));
    let first = c.known_certificates();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].0.len(), 40);
    assert!(first[0].1 > Utc::now() + chrono::TimeDelta::days(365));

    // A public-key merchant's /v3/certificates is 404 RESOURCE_NOT_EXISTS.
    let pk = sb.client(&sb.merchant(Some("publicKey")).await);
    assert_eq!(
        pk.refresh_certificates().await.unwrap().map(|v| v.len()),
        None
    );

    // Rotation: a public-key merchant cannot; this one can, and the new serial signs at once.
    let r = sb
        .post(
            "/faults",
            json!({"merchantId": "1999999999", "rotateCertificate": true}),
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = sb
        .post(
            "/faults",
            json!({"merchantId": mch, "rotateCertificate": true}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!([]),
        "a rotation sets no rule"
    );
    // Within the download interval the unknown serial is refused...
    assert!(matches!(
        c.query("V3-CERT-1").await,
        Err(ProviderError::InvalidSignature)
    ));
    // ... and once it has passed, one download brings the new certificate.
    c.set_min_refresh_interval(Duration::ZERO);
    assert_eq!(
        c.query("V3-CERT-1").await.unwrap().state,
        TradeState::NotPaid
    );
    let after = c.known_certificates();
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(after.iter().any(|(s, _)| s == &first[0].0));

    // The notify, signed with the new certificate, verifies.
    assert_eq!(sb.pay(&mch, "V3-CERT-1", "SUCCESS").await.status(), 200);
    let Notification::Pay(n) = rx.next().await else {
        panic!("not a pay notify")
    };
    assert!(matches!(n.state, TradeState::Paid(_)));

    // A notify signed with a wrong key is refused by the receiver and retried; once the fault
    // is gone a retry is accepted.
    sb.post("/faults", json!({"merchantId": mch, "badSignature": true}))
        .await;
    let mut r = request(Product::Qr, "V3-CERT-2", 5, &rx.url);
    r.attach = None;
    // (The fault also signs replies badly: create the trade first.)
    sb.http
        .delete(format!("{}/faults", sb.base))
        .send()
        .await
        .unwrap();
    c.prepay(&r).await.unwrap();
    sb.post("/faults", json!({"merchantId": mch, "badSignature": true}))
        .await;
    assert_eq!(sb.pay(&mch, "V3-CERT-2", "SUCCESS").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        rx.got.lock().await.try_recv().is_err(),
        "a badly signed notify is never accepted"
    );
    sb.http
        .delete(format!("{}/faults", sb.base))
        .send()
        .await
        .unwrap();
    let Notification::Pay(n) = rx.next().await else {
        panic!("not a pay notify")
    };
    assert_eq!(n.out_trade_no, "V3-CERT-2");
}

/// `DownloadBill` over v3: the signed application (STATEMENT_CREATING before the day is ready),
/// the signed download of the file it names, the SHA1 checked over the decompressed CSV; v3
/// trades are in the same bill as the merchant's v2 ones.
#[tokio::test]
async fn trade_bill_download_with_sha1() {
    use paycenter_providers::bills::{BillError, BillLineKind};
    use paycenter_providers::DownloadBill;
    let sb = sandbox().await;
    let w = sb.merchant(None).await;
    let mch = w["mchId"].as_str().unwrap().to_owned();
    let c = sb.client(&w);
    let today = paycenter_providers::bills::beijing_date(Utc::now());
    // Today's bill is not made yet.
    match c.trade_bill(today).await {
        Err(ProviderError::Bill(BillError::NotReady { provider_code, .. })) => {
            assert_eq!(provider_code, "STATEMENT_CREATING")
        }
        other => panic!("expected not ready, got {:?}", other.map(|_| ())),
    }
    for (no, fen) in [("V3-BILL-1", 250), ("V3-BILL-2", 1)] {
        c.prepay(&request(Product::Qr, no, fen, "http://127.0.0.1:9/n"))
            .await
            .unwrap();
        assert_eq!(sb.pay(&mch, no, "SUCCESS").await.status(), 200);
    }
    // The bill of today, as the provider will publish it tomorrow.
    let tomorrow = Utc::now() + chrono::Duration::days(1);
    let r = sb
        .post(
            "/settings",
            json!({"billClock": tomorrow.to_rfc3339(), "billReadyHour": 0}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let bill = c.trade_bill(today).await.unwrap();
    let mut lines = bill.lines().unwrap();
    let mut seen = Vec::new();
    for l in lines.by_ref() {
        let l = l.unwrap();
        assert!(matches!(l.kind, BillLineKind::Payment));
        seen.push((l.out_trade_no.clone(), l.order_amount.fen()));
    }
    let totals = lines.finish().unwrap();
    seen.sort();
    assert_eq!(
        seen,
        [("V3-BILL-1".to_owned(), 250), ("V3-BILL-2".to_owned(), 1)]
    );
    assert_eq!(totals.paid_amount.fen(), 251);
    // A day without trades has no statement.
    let quiet = today - chrono::Duration::days(3);
    match c.trade_bill(quiet).await {
        Err(ProviderError::Bill(BillError::NoBill { provider_code, .. })) => {
            assert_eq!(provider_code, "NO_STATEMENT_EXIST")
        }
        other => panic!("expected no bill, got {:?}", other.map(|_| ())),
    }
}
