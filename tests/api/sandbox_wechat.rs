//! The emulated WeChat (Pay v2 and jscode2session), driven over HTTP by paycenter's own clients.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use paycenter_domain::{Amount, Channel};
use paycenter_providers::miniprogram::MiniProgram;
use paycenter_providers::wechat_v2::{sign, xml, SignType, WechatPay};
use paycenter_providers::{
    BusinessCode, CloseOutcome, CloseTrade, Login, PayParams, Prepay, PrepayRequest,
    ProviderEndpoints, ProviderError, QueryTrade, RefundRequest, RefundState, RefundTrade,
    TradeState, WechatCredentials,
};
use secrecy::SecretString;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

const WAIT: Duration = Duration::from_secs(10);

struct Merchant {
    app_id: String,
    app_secret: String,
    mch_id: String,
    api_key: String,
}

async fn merchant(app: &TestApp) -> Merchant {
    let v: Value = app
        .client
        .post(format!("{}/sandbox/merchants", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let w = &v["wechat"];
    let s = |k: &str| w[k].as_str().unwrap().to_owned();
    Merchant {
        app_id: s("appId"),
        app_secret: s("appSecret"),
        mch_id: s("mchId"),
        api_key: s("apiKey"),
    }
}

fn endpoints(app: &TestApp) -> ProviderEndpoints {
    ProviderEndpoints::sandbox(&format!("{}/sandbox", app.base))
}

fn client_with(app: &TestApp, app_id: &str, mch_id: &str, key: &str) -> WechatPay {
    let creds = WechatCredentials {
        app_id: app_id.to_owned(),
        mch_id: mch_id.to_owned(),
        api_key: SecretString::from(key.to_owned()),
        app_secret: None,
        client_identity_pem: None,
    };
    WechatPay::new(creds, &endpoints(app), reqwest::Client::new()).unwrap()
}

fn client(app: &TestApp, m: &Merchant) -> WechatPay {
    client_with(app, &m.app_id, &m.mch_id, &m.api_key)
}

fn prepay_req(channel: Channel, no: &str, fen: i64, notify_url: &str) -> PrepayRequest {
    PrepayRequest {
        product: channel.product(),
        out_trade_no: no.to_owned(),
        amount: Amount::from_fen(fen).unwrap(),
        subject: "sandbox test".into(),
        attach: Some("a=1".into()),
        notify_url: notify_url.to_owned(),
        expires_at: Utc::now() + chrono::Duration::minutes(30),
        payer_openid: Some("oTestPayerOpenid0000000000000".into()),
        client_ip: "127.0.0.1".into(),
        return_url: None,
        quit_url: None,
    }
}

fn refund_req(no: &str, refund_no: &str, total: i64, fee: i64, url: &str) -> RefundRequest {
    RefundRequest {
        out_trade_no: no.to_owned(),
        out_refund_no: refund_no.to_owned(),
        total_amount: Amount::from_fen(total).unwrap(),
        refund_amount: Amount::from_fen(fee).unwrap(),
        reason: Some("test".into()),
        notify_url: url.to_owned(),
    }
}

async fn buyer(app: &TestApp, mch_id: &str, no: &str, outcome: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/sandbox/buyer", app.base))
        .json(&json!({"provider": "wechat", "merchantId": mch_id, "outTradeNo": no, "outcome": outcome}))
        .send()
        .await
        .unwrap()
}

async fn fault(app: &TestApp, spec: Value) {
    let r = app
        .client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&spec)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

/// POSTs a raw body to a Pay v2 path; returns the status and the decoded reply.
async fn raw_post(app: &TestApp, path: &str, body: String) -> BTreeMap<String, String> {
    let r = app
        .client
        .post(format!("{}/sandbox/wechat/{path}", app.base))
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/xml"));
    xml::decode(&r.bytes().await.unwrap()).unwrap()
}

fn signed_body(pairs: &[(&str, &str)], key: &str) -> String {
    let mut f: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    sign::add_sign(&mut f, key, SignType::Md5);
    xml::encode(&f)
}

fn business(e: &ProviderError) -> (BusinessCode, String, String) {
    match e {
        ProviderError::Business {
            code,
            provider_code,
            message,
        } => (*code, provider_code.clone(), message.clone()),
        other => panic!("expected a business error, got {other:?}"),
    }
}

/// A notify receiver on 127.0.0.1:0 that refuses the first `refuse` deliveries per path.
async fn receiver(refuse: usize) -> (String, mpsc::UnboundedReceiver<(String, Bytes)>) {
    type Shared = (
        mpsc::UnboundedSender<(String, Bytes)>,
        std::sync::Arc<std::sync::Mutex<BTreeMap<String, usize>>>,
        usize,
    );
    async fn handle(State(s): State<Shared>, Path(path): Path<String>, body: Bytes) -> String {
        let n = {
            let mut seen = s.1.lock().unwrap();
            let n = seen.entry(path.clone()).or_insert(0);
            *n += 1;
            *n
        };
        s.0.send((path, body)).unwrap();
        if n <= s.2 {
            "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[busy]]></return_msg></xml>".into()
        } else {
            "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>".into()
        }
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let shared: Shared = (tx, Default::default(), refuse);
    let router = Router::new()
        .route("/{path}", post(handle))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}"), rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<(String, Bytes)>) -> (String, Bytes) {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("a notify within the timeout")
        .unwrap()
}

#[tokio::test]
async fn unpaid_trade_lifecycle_and_business_errors() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let pay = client(&app, &m);
    let req = prepay_req(
        Channel::WechatJsapi,
        "T-life-1",
        100,
        "http://127.0.0.1:9/n",
    );

    let first = pay.prepay(&req).await.unwrap();
    let prepay_id = first.prepay_id.clone().unwrap();
    assert!(prepay_id.starts_with("wx"));
    match &first.params {
        PayParams::WechatJsapi { package, .. } => {
            assert_eq!(package, &format!("prepay_id={prepay_id}"))
        }
        other => panic!("{other:?}"),
    }
    // Same parameters: the same prepay_id; different ones: OUT_TRADE_NO_USED.
    let again = pay.prepay(&req).await.unwrap();
    assert_eq!(again.prepay_id.as_deref(), Some(prepay_id.as_str()));
    let mut changed = req.clone();
    changed.amount = Amount::from_fen(101).unwrap();
    let e = pay.prepay(&changed).await.unwrap_err();
    assert_eq!(business(&e).0, BusinessCode::OutTradeNoUsed);
    assert_eq!(business(&e).1, "OUT_TRADE_NO_USED");

    assert_eq!(
        pay.query("T-life-1").await.unwrap().state,
        TradeState::NotPaid
    );
    assert_eq!(
        buyer(&app, &m.mch_id, "T-life-1", "USERPAYING")
            .await
            .status(),
        200
    );
    assert_eq!(
        pay.query("T-life-1").await.unwrap().state,
        TradeState::UserPaying
    );
    assert_eq!(
        buyer(&app, &m.mch_id, "T-life-1", "FAIL").await.status(),
        200
    );
    assert!(matches!(
        pay.query("T-life-1").await.unwrap().state,
        TradeState::PayError(_)
    ));

    let closed = pay.close("T-life-1", false).await.unwrap();
    assert_eq!(closed.outcome, CloseOutcome::Closed);
    assert!(closed.raw.contains("SUCCESS"));
    assert_eq!(
        pay.query("T-life-1").await.unwrap().state,
        TradeState::Closed
    );
    let again = pay.close("T-life-1", false).await.unwrap();
    assert!(again.raw.contains("ORDERCLOSED"));
    let e = pay.prepay(&req).await.unwrap_err();
    assert_eq!(business(&e).1, "ORDERCLOSED");
    assert_eq!(
        buyer(&app, &m.mch_id, "T-life-1", "SUCCESS").await.status(),
        409
    );

    let unknown = pay.query("T-nope").await.unwrap();
    assert_eq!(unknown.state, TradeState::NotExist);
    assert!(unknown.raw.contains("ORDERNOTEXIST"));
    assert_eq!(
        pay.close("T-nope", false).await.unwrap().outcome,
        CloseOutcome::NotExist
    );
    assert_eq!(
        buyer(&app, &m.mch_id, "T-nope", "SUCCESS").await.status(),
        404
    );

    // NATIVE: a code_url; HMAC-SHA256 clients are answered in kind.
    let hmac = client(&app, &m).with_sign_type(SignType::HmacSha256);
    let native = hmac
        .prepay(&prepay_req(
            Channel::WechatNative,
            "T-native",
            5,
            "http://127.0.0.1:9/n",
        ))
        .await
        .unwrap();
    match native.params {
        PayParams::QrCode { code_url } => {
            assert!(code_url.starts_with("weixin://wxpay/bizpayurl?pr="))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        hmac.query("T-native").await.unwrap().state,
        TradeState::NotPaid
    );
}

#[tokio::test]
async fn pay_notify_is_retried_until_acknowledged() {
    let app = spawn_app_with(|s| s.sandbox.notify_speedup = 1000).await;
    let m = merchant(&app).await;
    let pay = client(&app, &m).with_sign_type(SignType::HmacSha256);
    let (base, mut rx) = receiver(2).await;
    pay.prepay(&prepay_req(
        Channel::WechatApp,
        "T-paid",
        250,
        &format!("{base}/pay"),
    ))
    .await
    .unwrap();

    let r = buyer(&app, &m.mch_id, "T-paid", "SUCCESS").await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["tradeState"], "SUCCESS");
    assert_eq!(v["outTradeNo"], "T-paid");
    let tx = v["transactionId"].as_str().unwrap().to_owned();
    assert_eq!(tx.len(), 28);
    assert!(tx.starts_with("4200"));

    for _ in 0..3 {
        let (path, body) = next(&mut rx).await;
        assert_eq!(path, "pay");
        let n = pay.verify_pay_notify(&body).unwrap();
        assert_eq!(n.out_trade_no, "T-paid");
        match n.state {
            TradeState::Paid(p) => {
                assert_eq!(p.provider_trade_no, tx);
                assert_eq!(p.total_amount.fen(), 250);
                assert_eq!(p.paid_amount.map(|a| a.fen()), Some(250));
                assert!(p.payer.unwrap().starts_with('o'));
            }
            other => panic!("{other:?}"),
        }
        let fields = xml::decode(&body).unwrap();
        assert_eq!(fields["sign_type"], "HMAC-SHA256");
        assert_eq!(fields["attach"], "a=1");
    }
    // Acknowledged on the third delivery: nothing more comes (the next retry would be due in
    // 30 ms at this speed-up).
    assert!(tokio::time::timeout(Duration::from_millis(500), rx.recv())
        .await
        .is_err());

    match pay.query("T-paid").await.unwrap().state {
        TradeState::Paid(p) => assert_eq!(p.provider_trade_no, tx),
        other => panic!("{other:?}"),
    }
    let e = pay
        .prepay(&prepay_req(
            Channel::WechatApp,
            "T-paid",
            250,
            &format!("{base}/pay"),
        ))
        .await
        .unwrap_err();
    assert_eq!(business(&e).0, BusinessCode::OrderPaid);
    assert_eq!(
        pay.close("T-paid", false).await.unwrap().outcome,
        CloseOutcome::AlreadyPaid
    );
    assert_eq!(
        buyer(&app, &m.mch_id, "T-paid", "SUCCESS").await.status(),
        409
    );
}

#[tokio::test]
async fn refunds_complete_and_notify() {
    let app = spawn_app_with(|s| s.sandbox.notify_speedup = 1000).await;
    let m = merchant(&app).await;
    let pay = client(&app, &m);
    let (base, mut rx) = receiver(0).await;
    let refund_url = format!("{base}/refund");
    pay.prepay(&prepay_req(
        Channel::WechatApp,
        "T-ref",
        100,
        &format!("{base}/pay"),
    ))
    .await
    .unwrap();

    // Not paid yet.
    let e = pay
        .refund(&refund_req("T-ref", "R-1", 100, 30, &refund_url))
        .await
        .unwrap_err();
    assert_eq!(business(&e).1, "TRADE_STATE_ERROR");
    let e = pay
        .refund(&refund_req("T-none", "R-1", 100, 30, &refund_url))
        .await
        .unwrap_err();
    assert_eq!(business(&e).1, "ORDERNOTEXIST");

    assert_eq!(
        buyer(&app, &m.mch_id, "T-ref", "SUCCESS").await.status(),
        200
    );
    let (path, _) = next(&mut rx).await;
    assert_eq!(path, "pay");

    let r = pay
        .refund(&refund_req("T-ref", "R-1", 100, 30, &refund_url))
        .await
        .unwrap();
    assert_eq!(r.state, RefundState::Processing);
    let refund_id = xml::decode(r.raw.as_bytes()).unwrap()["refund_id"].clone();
    // Idempotent per out_refund_no; a different fee under the same number is refused.
    let again = pay
        .refund(&refund_req("T-ref", "R-1", 100, 30, &refund_url))
        .await
        .unwrap();
    assert_eq!(
        xml::decode(again.raw.as_bytes()).unwrap()["refund_id"],
        refund_id
    );
    let e = pay
        .refund(&refund_req("T-ref", "R-1", 100, 40, &refund_url))
        .await
        .unwrap_err();
    assert_eq!(business(&e).1, "REFUND_FEE_MISMATCH");
    let e = pay
        .refund(&refund_req("T-ref", "R-2", 100, 80, &refund_url))
        .await
        .unwrap_err();
    assert_eq!(business(&e).1, "INVALID_REQUEST");

    let (path, body) = next(&mut rx).await;
    assert_eq!(path, "refund");
    let n = pay.verify_refund_notify(&body).unwrap();
    assert_eq!(n.out_trade_no, "T-ref");
    assert_eq!(n.out_refund_no, "R-1");
    assert_eq!(n.refund_amount.fen(), 30);
    match n.state {
        RefundState::Succeeded {
            provider_refund_no,
            refunded_at,
        } => {
            assert_eq!(provider_refund_no.as_deref(), Some(refund_id.as_str()));
            assert!(refunded_at.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(!xml::decode(&body).unwrap().contains_key("sign"));

    match pay.query_refund("T-ref", "R-1").await.unwrap().state {
        RefundState::Succeeded {
            provider_refund_no, ..
        } => assert_eq!(provider_refund_no.as_deref(), Some(refund_id.as_str())),
        other => panic!("{other:?}"),
    }
    let none = pay.query_refund("T-ref", "R-nope").await.unwrap();
    assert_eq!(none.state, RefundState::NotExist);
    assert!(none.raw.contains("REFUNDNOTEXIST"));

    // The rest, then nothing is left.
    pay.refund(&refund_req("T-ref", "R-3", 100, 70, &refund_url))
        .await
        .unwrap();
    let e = pay
        .refund(&refund_req("T-ref", "R-4", 100, 1, &refund_url))
        .await
        .unwrap_err();
    assert_eq!(business(&e).1, "ERROR");
    let q = pay.query("T-ref").await.unwrap();
    assert!(matches!(q.state, TradeState::Paid(_)));
    assert!(q.raw.contains("REFUND"));
}

#[tokio::test]
async fn communication_failures_and_merchant_checks() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let other = merchant(&app).await;
    let req = prepay_req(Channel::WechatApp, "T-auth", 10, "http://127.0.0.1:9/n");

    let wrong_key = client_with(&app, &m.app_id, &m.mch_id, "not-the-key");
    let (code, _, msg) = business(&wrong_key.prepay(&req).await.unwrap_err());
    assert_eq!(code, BusinessCode::SignatureRejected);
    assert_eq!(msg, "签名错误");

    let mismatch = client_with(&app, &other.app_id, &m.mch_id, &m.api_key);
    let (code, _, msg) = business(&mismatch.query("T-auth").await.unwrap_err());
    assert_eq!(code, BusinessCode::InvalidMerchant);
    assert_eq!(msg, "appid和mch_id不匹配");
    let no_app = client_with(&app, "wx0000000000000000", &m.mch_id, &m.api_key);
    assert_eq!(
        business(&no_app.query("T-auth").await.unwrap_err()).2,
        "appid不存在"
    );
    let no_mch = client_with(&app, &m.app_id, "1900000000", &m.api_key);
    assert_eq!(
        business(&no_mch.query("T-auth").await.unwrap_err()).0,
        BusinessCode::InvalidMerchant
    );

    // LACK_PARAMS: a signed request without out_trade_no.
    let body = signed_body(
        &[
            ("appid", &m.app_id),
            ("mch_id", &m.mch_id),
            ("nonce_str", "n1"),
        ],
        &m.api_key,
    );
    let r = raw_post(&app, "pay/closeorder", body).await;
    assert_eq!(r["return_code"], "FAIL");
    assert_eq!(r["return_msg"], "缺少参数");
    assert!(!r.contains_key("sign"));

    // Malformed, DOCTYPE, empty, tampered.
    let r = raw_post(&app, "pay/orderquery", "<xml><appid>x</xml>".into()).await;
    assert_eq!(r["return_msg"], "XML格式错误");
    let evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><appid>&e;</appid></xml>";
    assert_eq!(
        raw_post(&app, "pay/orderquery", evil.into()).await["return_msg"],
        "XML格式错误"
    );
    assert_eq!(
        raw_post(&app, "pay/orderquery", String::new()).await["return_code"],
        "FAIL"
    );
    let oversized = format!("<xml><body>{}</body></xml>", "x".repeat(70 * 1024));
    assert_eq!(
        raw_post(&app, "pay/orderquery", oversized).await["return_msg"],
        "XML格式错误"
    );
    let good = signed_body(
        &[
            ("appid", &m.app_id),
            ("mch_id", &m.mch_id),
            ("nonce_str", "n2"),
            ("out_trade_no", "T-auth"),
        ],
        &m.api_key,
    );
    let tampered = good.replace("T-auth", "T-other");
    assert_eq!(
        raw_post(&app, "pay/orderquery", tampered).await["return_msg"],
        "签名错误"
    );
    let ok = raw_post(&app, "pay/orderquery", good).await;
    assert_eq!(ok["return_code"], "SUCCESS");
    assert_eq!(ok["err_code"], "ORDERNOTEXIST");
    sign::verify(&ok, &m.api_key).unwrap();
}

#[tokio::test]
async fn injected_faults() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let pay = client(&app, &m);
    pay.prepay(&prepay_req(
        Channel::WechatApp,
        "T-f",
        10,
        "http://127.0.0.1:9/n",
    ))
    .await
    .unwrap();

    fault(
        &app,
        json!({"merchantId": m.mch_id, "systemError": true, "count": 1}),
    )
    .await;
    let (code, provider_code, _) = business(&pay.query("T-f").await.unwrap_err());
    assert_eq!(code, BusinessCode::SystemError);
    assert_eq!(provider_code, "SYSTEMERROR");

    fault(
        &app,
        json!({"merchantId": m.mch_id, "httpStatus": 503, "count": 1}),
    )
    .await;
    assert!(matches!(
        pay.query("T-f").await.unwrap_err(),
        ProviderError::Unavailable(_)
    ));

    fault(
        &app,
        json!({"merchantId": m.mch_id, "badSignature": true, "count": 1}),
    )
    .await;
    assert!(matches!(
        pay.close("T-f", false).await.unwrap_err(),
        ProviderError::InvalidSignature
    ));

    // Spent: back to normal. The badly signed close still closed the trade (only the reply was
    // spoiled), as it would at WeChat.
    assert_eq!(pay.query("T-f").await.unwrap().state, TradeState::Closed);
}

#[tokio::test]
async fn jscode2session_codes_work_once() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let new_code = |app_id: String, openid: Option<&str>| {
        let mut body = json!({ "appId": app_id });
        if let Some(o) = openid {
            body["openid"] = json!(o);
        }
        app.client
            .post(format!("{}/sandbox/wechat/codes", app.base))
            .json(&body)
            .send()
    };
    let v: Value = new_code(m.app_id.clone(), None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = v["code"].as_str().unwrap().to_owned();
    let openid = v["openid"].as_str().unwrap().to_owned();
    assert_eq!(openid.len(), 28);
    assert!(openid.starts_with('o'));

    let mp = MiniProgram::new(
        &m.app_id,
        SecretString::from(m.app_secret.clone()),
        &endpoints(&app),
        reqwest::Client::new(),
    );
    let s = mp.code_to_session(&code).await.unwrap();
    assert_eq!(s.openid, openid);
    let e = mp.code_to_session(&code).await.unwrap_err();
    assert_eq!(business(&e).0, BusinessCode::InvalidCode);
    assert_eq!(business(&e).1, "40029");

    let v: Value = new_code(m.app_id.clone(), Some("oChosen"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["openid"], "oChosen");
    let wrong = MiniProgram::new(
        &m.app_id,
        SecretString::from("wrong".to_owned()),
        &endpoints(&app),
        reqwest::Client::new(),
    );
    let e = wrong
        .code_to_session(v["code"].as_str().unwrap())
        .await
        .unwrap_err();
    assert_eq!(business(&e).0, BusinessCode::InvalidCredentials);
    assert_eq!(business(&e).1, "40125");
    // The code survived the failed attempt.
    assert_eq!(
        mp.code_to_session(v["code"].as_str().unwrap())
            .await
            .unwrap()
            .openid,
        "oChosen"
    );

    assert_eq!(
        new_code("wxunknown".into(), None).await.unwrap().status(),
        404
    );

    let get = |q: String| {
        let url = format!("{}/sandbox/wechat/sns/jscode2session?{q}", app.base);
        let client = app.client.clone();
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            assert!(r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain"));
            r.json::<Value>().await.unwrap()
        }
    };
    let v = get(format!(
        "appid={}&secret={}&js_code=x&grant_type=client_credential",
        m.app_id, m.app_secret
    ))
    .await;
    assert_eq!(v["errcode"], 40002);
    let v = get(format!(
        "appid={}&secret={}&js_code=x",
        m.app_id, m.app_secret
    ))
    .await;
    assert_eq!(v["errcode"], 40002);
    let v = get("appid=wxnope&secret=s&js_code=x&grant_type=authorization_code".into()).await;
    assert_eq!(v["errcode"], 40013);
    assert!(v["errmsg"].as_str().unwrap().starts_with("invalid appid"));
    let v = get(format!(
        "appid={}&secret={}&js_code=unknown&grant_type=authorization_code",
        m.app_id, m.app_secret
    ))
    .await;
    assert_eq!(v["errcode"], 40029);
}

#[tokio::test]
async fn concurrent_buyers_pay_once() {
    let app = spawn_app().await;
    let m = merchant(&app).await;
    let pay = client(&app, &m);
    pay.prepay(&prepay_req(
        Channel::WechatJsapi,
        "T-race",
        10,
        "http://127.0.0.1:9/n",
    ))
    .await
    .unwrap();
    let (a, b) = tokio::join!(
        buyer(&app, &m.mch_id, "T-race", "SUCCESS"),
        buyer(&app, &m.mch_id, "T-race", "SUCCESS")
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    match pay.query("T-race").await.unwrap().state {
        TradeState::Paid(p) => {
            assert_eq!(p.payer.as_deref(), Some("oTestPayerOpenid0000000000000"))
        }
        other => panic!("{other:?}"),
    }
}
