//! WeChat Pay API v3 end to end: projects in public-key and certificate mode, every WeChat channel
//! from payOrder to PAID (subscription and signed callback included), closes, refunds settled by
//! v3 refund notifies, a project moving from v2 to v3, and notifies that must be refused.

use std::time::Duration;

use chrono::Utc;
use paycenter_providers::rsa_keys::RsaSigner;
use paycenter_providers::wechat_v3::aead::{self, ApiV3Key};
use paycenter_providers::wechat_v3::sign;
use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, eventually, spawn_app_with, verify_signature, TestApp};
use crate::receiver::Receiver;

fn fast(s: &mut paycenter::config::Settings) {
    s.sandbox.notify_speedup = 1000;
    s.callbacks.schedule = vec![Duration::from_millis(20); 3];
}

const WECHAT_FIELDS: &str = "wechat { apiVersion appId mchId merchantSerialNo wechatPayPublicKeyId
    hasApiKey hasAppSecret hasMerchantPrivateKey hasApiV3Key hasWechatPayPublicKey
    platformCertificates { serialNo expiresAt } }";

const PAY_ORDER_H5: &str = "mutation($i: PayOrderInput!){ payOrder(input: $i){
    order { id orderNo amount state channel expiresAt }
    payParams { __typename
      ... on WechatJsapiParams { appId timeStamp nonceStr package signType paySign }
      ... on WechatAppParams { appid partnerid prepayid package noncestr timestamp sign }
      ... on QrCodeParams { codeUrl }
      ... on H5Params { url expiresAt } } } }";

/// A v3 shop: a sandbox merchant (`mode`: publicKey or certificate) as a project on API v3.
async fn v3_shop(app: &TestApp, admin: &str, mode: &str, callback: Option<&str>) -> Shop {
    let m: Value = app
        .client
        .post(format!("{}/sandbox/merchants", app.base))
        .json(&json!({ "wechatMode": mode }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(m["wechatMode"], mode);
    let mut wechat = m["wechat"].clone();
    wechat["apiVersion"] = "V3".into();
    let mut input = json!({ "name": format!("v3 {mode}"), "wechat": wechat });
    if let Some(url) = callback {
        input["callbackUrl"] = url.into();
    }
    let (project_id, api_key, signing_secret) = app.create_project(admin, input).await;
    Shop {
        project_id,
        api_key,
        signing_secret,
        merchant: m,
    }
}

/// The merchant's own verifier (paySign and APP signs are made with its private key).
fn merchant_verifier(shop: &Shop) -> rsa::pkcs1v15::VerifyingKey<sha2::Sha256> {
    let key = RsaSigner::parse(
        shop.merchant["wechat"]["merchantPrivateKey"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
    .public_key()
    .unwrap();
    rsa::pkcs1v15::VerifyingKey::new(key)
}

fn verify(v: &rsa::pkcs1v15::VerifyingKey<sha2::Sha256>, message: &[u8], sig: &Value) {
    paycenter_providers::rsa_keys::verify_base64(v, message, sig.as_str().unwrap())
        .expect("signed with the merchant key");
}

async fn project_wechat(app: &TestApp, admin: &str, shop: &Shop) -> Value {
    app.gql_ok(
        Some(admin),
        &format!("query($id: ID!){{ project(id: $id){{ {WECHAT_FIELDS} }} }}"),
        json!({"id": shop.project_id}),
    )
    .await["project"]["wechat"]
        .clone()
}

async fn pay_and_wait_paid(app: &TestApp, token: &str, shop: &Shop, id: &str, no: &str) {
    let mut sub = Subscription::start(app, token, PAYMENT_STATUS, json!({"id": id})).await;
    assert_eq!(
        sub.next().await["payload"]["data"]["paymentStatus"]["state"],
        "PENDING"
    );
    let (status, body) = buyer(app, "wechat", shop.mch_id(), no, "SUCCESS").await;
    assert_eq!(status, 200, "{body}");
    let rest = sub.until_complete().await;
    assert_eq!(
        rest.last().unwrap()["data"]["paymentStatus"]["state"],
        "PAID",
        "{rest:?}"
    );
}

#[tokio::test]
async fn a_public_key_mode_merchant_pays_on_every_wechat_channel_and_refunds() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut receiver = Receiver::start(&[]).await;
    let shop = v3_shop(&app, &admin, "publicKey", Some(&receiver.url)).await;
    let w = project_wechat(&app, &admin, &shop).await;
    assert_eq!(w["apiVersion"], "V3");
    assert_eq!(w["mchId"], shop.mch_id());
    assert!(w["wechatPayPublicKeyId"]
        .as_str()
        .unwrap()
        .starts_with("PUB_KEY_ID_"));
    for k in [
        "hasMerchantPrivateKey",
        "hasApiV3Key",
        "hasWechatPayPublicKey",
        "hasAppSecret",
    ] {
        assert_eq!(w[k], true, "{k}: {w}");
    }
    assert_eq!(w["platformCertificates"], json!([]));
    let text = w.to_string();
    let secret = shop.merchant["wechat"]["apiV3Key"].as_str().unwrap();
    assert!(!text.contains(secret), "a secret leaked: {text}");

    let (user_token, openid) = user(&app, &shop).await;
    let verifier = merchant_verifier(&shop);
    for (i, channel) in ["WECHAT_JSAPI", "WECHAT_APP", "WECHAT_NATIVE", "WECHAT_H5"]
        .into_iter()
        .enumerate()
    {
        let no = format!("V3-E2E-{i}");
        let amount = 201 + i as i64;
        let (token, mut input) = if channel == "WECHAT_JSAPI" {
            let mut inp = pay_input(&shop, &no, amount, channel);
            inp["ticket"] = shop.ticket(&no, amount, "Coffee").into();
            (user_token.clone(), inp)
        } else {
            (shop.api_key.clone(), pay_input(&shop, &no, amount, channel))
        };
        input["attach"] = "cart=7".into();
        let v = app
            .gql(Some(&token), PAY_ORDER_H5, json!({"i": input}))
            .await;
        assert!(v.get("errors").is_none(), "{channel}: {v}");
        let out = &v["data"]["payOrder"];
        let p = &out["payParams"];
        match channel {
            "WECHAT_JSAPI" => {
                assert_eq!(p["__typename"], "WechatJsapiParams");
                assert_eq!(p["signType"], "RSA");
                let package = p["package"].as_str().unwrap();
                assert!(package.starts_with("prepay_id="), "{p}");
                let msg = sign::jsapi_pay_sign_message(
                    p["appId"].as_str().unwrap(),
                    p["timeStamp"].as_str().unwrap(),
                    p["nonceStr"].as_str().unwrap(),
                    package,
                );
                verify(&verifier, msg.as_bytes(), &p["paySign"]);
            }
            "WECHAT_APP" => {
                assert_eq!(p["__typename"], "WechatAppParams");
                assert_eq!(p["package"], "Sign=WXPay");
                assert_eq!(p["partnerid"], shop.mch_id());
                let msg = sign::app_sign_message(
                    p["appid"].as_str().unwrap(),
                    p["timestamp"].as_str().unwrap(),
                    p["noncestr"].as_str().unwrap(),
                    p["prepayid"].as_str().unwrap(),
                );
                verify(&verifier, msg.as_bytes(), &p["sign"]);
            }
            "WECHAT_NATIVE" => {
                assert_eq!(p["__typename"], "QrCodeParams");
                assert!(p["codeUrl"]
                    .as_str()
                    .unwrap()
                    .starts_with("weixin://wxpay/bizpayurl"));
            }
            "WECHAT_H5" => {
                assert_eq!(p["__typename"], "H5Params");
                assert!(p["url"].as_str().unwrap().contains("prepay_id="), "{p}");
                assert!(p["expiresAt"].is_string());
            }
            _ => unreachable!(),
        }
        let id = out["order"]["id"].as_str().unwrap().to_owned();
        pay_and_wait_paid(&app, &token, &shop, &id, &no).await;
        let o = order(&app, &shop.api_key, &id).await;
        assert_eq!(o["state"], "PAID");
        assert_eq!(o["paidAmount"], amount);
        assert!(o["providerTradeNo"].as_str().is_some_and(|t| !t.is_empty()));
        if channel == "WECHAT_JSAPI" {
            assert_eq!(o["payer"], openid.as_str());
        }
        // The merchant's signed callback arrives.
        let cb = next_callback(&mut receiver, &shop, &id).await;
        assert_eq!(cb["type"], "order.paid");
        assert_eq!(cb["data"]["channel"], channel);
        assert_eq!(cb["data"]["paidAmount"], amount);
    }

    // A full refund of the NATIVE order settles by the v3 refund notify.
    let native = order_by_no(&app, &shop, "V3-E2E-2").await;
    let id = native["id"].as_str().unwrap();
    let r = app
        .gql_ok(
            Some(&shop.api_key),
            "mutation($id: ID!){ refundOrder(id: $id, refundNo: \"V3-R-1\", amount: 203, reason: \"return\"){ state } }",
            json!({"id": id}),
        )
        .await;
    assert!(
        matches!(
            r["refundOrder"]["state"].as_str(),
            Some("PROCESSING" | "SUCCEEDED")
        ),
        "{r}"
    );
    let refunded = eventually("the v3 refund notify", || async {
        let o = order(&app, &shop.api_key, id).await;
        (o["state"] == "REFUNDED").then_some(o)
    })
    .await;
    assert_eq!(refunded["refundedAmount"], 203);
    let cb = next_callback(&mut receiver, &shop, id).await;
    assert_eq!(cb["type"], "order.refunded");
    assert_eq!(cb["data"]["refundAmount"], 203);

    // v3 wants 6-32 characters: a shorter number is refused before anything is written (v2
    // took it; the provider would refuse it and leave a FAILED order behind).
    let short = pay(
        &app,
        &shop.api_key,
        pay_input(&shop, "V3-1", 5, "WECHAT_NATIVE"),
    )
    .await;
    assert_eq!(error_code(&short), "INVALID_ORDER_NO", "{short}");
    let none = app
        .gql(
            Some(&shop.api_key),
            "query($p: ID!){ orderByNo(projectId: $p, orderNo: \"V3-1\"){ id } }",
            json!({"p": shop.project_id}),
        )
        .await;
    assert_eq!(error_code(&none), "NOT_FOUND", "{none}");

    // A pending order closes at WeChat (204) and here.
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "V3-CLOSE", 5, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap();
    let c = app
        .gql_ok(
            Some(&shop.api_key),
            "mutation($id: ID!){ closeOrder(id: $id){ state } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(c["closeOrder"]["state"], "CLOSED");
    let (status, _) = buyer(&app, "wechat", shop.mch_id(), "V3-CLOSE", "SUCCESS").await;
    assert_ne!(status, 200, "a closed trade cannot be paid");
}

/// The next signed callback about order `id` (callbacks for other orders are skipped).
async fn next_callback(receiver: &mut Receiver, shop: &Shop, id: &str) -> Value {
    loop {
        let d = receiver.next().await;
        assert!(
            verify_signature(&shop.signing_secret, &d.signature, &d.body),
            "signed: {}",
            d.signature
        );
        let body: Value = serde_json::from_str(&d.body).unwrap();
        if body["data"]["orderId"] == id {
            return body;
        }
    }
}

async fn order_by_no(app: &TestApp, shop: &Shop, no: &str) -> Value {
    app.gql_ok(
        Some(&shop.api_key),
        "query($p: ID!, $n: String!){ orderByNo(projectId: $p, orderNo: $n){ id state } }",
        json!({"p": shop.project_id, "n": no}),
    )
    .await["orderByNo"]
        .clone()
}

#[tokio::test]
async fn a_certificate_mode_merchant_pays_and_survives_a_certificate_rotation() {
    let app = spawn_app_with(|s| {
        fast(s);
        s.providers.wechat_certificate_refresh_min = Duration::ZERO;
    })
    .await;
    let admin = app.admin_token().await;
    let shop = v3_shop(&app, &admin, "certificate", None).await;
    let w = project_wechat(&app, &admin, &shop).await;
    assert_eq!(w["wechatPayPublicKeyId"], Value::Null);
    assert_eq!(w["hasWechatPayPublicKey"], false);

    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "V3-CERT-1", 11, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    pay_and_wait_paid(&app, &shop.api_key, &shop, &id, "V3-CERT-1").await;
    let w = project_wechat(&app, &admin, &shop).await;
    let certs = w["platformCertificates"].as_array().unwrap().clone();
    assert_eq!(certs.len(), 1, "{w}");

    // WeChat renews the platform certificate: the next notify is signed by a serial the client
    // has not seen; it downloads the new certificate and the notify verifies.
    let r = app
        .client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&json!({"merchantId": shop.mch_id(), "rotateCertificate": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "V3-CERT-2", 12, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    pay_and_wait_paid(&app, &shop.api_key, &shop, &id, "V3-CERT-2").await;
    let w = project_wechat(&app, &admin, &shop).await;
    let serials: Vec<&str> = w["platformCertificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["serialNo"].as_str().unwrap())
        .collect();
    let old = certs[0]["serialNo"].as_str().unwrap();
    assert_eq!(serials.len(), 2, "the old and the new certificate: {w}");
    assert!(serials.contains(&old), "the old certificate is kept: {w}");
}

#[tokio::test]
async fn a_project_moving_from_v2_to_v3_keeps_settling_its_v2_orders() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    // The sandbox merchant has both APIs' credentials; without apiVersion the project pays v2.
    let shop = shop(&app, &admin).await;
    assert_eq!(
        project_wechat(&app, &admin, &shop).await["apiVersion"],
        "V2"
    );
    let v2 = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "MOVE-V2", 21, "WECHAT_NATIVE"),
    )
    .await;
    let v2_id = v2["order"]["id"].as_str().unwrap().to_owned();
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ updateProject(id: $id, input: {wechat: {apiVersion: V3}}){ id } }",
        json!({"id": shop.project_id}),
    )
    .await;
    assert_eq!(
        project_wechat(&app, &admin, &shop).await["apiVersion"],
        "V3"
    );
    let v3 = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "MOVE-V3", 22, "WECHAT_NATIVE"),
    )
    .await;
    let v3_id = v3["order"]["id"].as_str().unwrap().to_owned();
    // The v2 order's notify is v2 XML, the v3 one's v3 JSON; both land on the same route.
    pay_and_wait_paid(&app, &shop.api_key, &shop, &v2_id, "MOVE-V2").await;
    pay_and_wait_paid(&app, &shop.api_key, &shop, &v3_id, "MOVE-V3").await;
    // The v2 order is asked about through v2 (its query still answers).
    let o = app
        .gql_ok(
            Some(&shop.api_key),
            "query($id: ID!){ order(id: $id, refresh: true){ state } }",
            json!({"id": v2_id}),
        )
        .await;
    assert_eq!(o["order"]["state"], "PAID");
}

#[tokio::test]
async fn invalid_v3_credentials_are_refused_and_nothing_is_saved() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let m = sandbox_merchant(&app).await;
    let base = m["wechat"].clone();
    let cases: Vec<(&str, Value)> = vec![
        ("apiV3Key", json!({"apiV3Key": "x".repeat(31)})),
        (
            "merchantPrivateKey",
            json!({"merchantPrivateKey": "not a key"}),
        ),
        ("merchantSerialNo", json!({"merchantSerialNo": "not-hex!"})),
        (
            "wechatPayPublicKeyId",
            json!({"wechatPayPublicKeyId": "KEY_1"}),
        ),
        (
            "wechatPayPublicKey",
            json!({"wechatPayPublicKey": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}),
        ),
    ];
    for (field, bad) in cases {
        let mut wechat = base.clone();
        for (k, v) in bad.as_object().unwrap() {
            wechat[k] = v.clone();
        }
        let v = app
            .gql(
                Some(&admin),
                "mutation($i: CreateProjectInput!){ createProject(input: $i){ project { id } } }",
                json!({"i": {"name": "bad", "wechat": wechat}}),
            )
            .await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{field}: {v}");
        assert_eq!(
            v["errors"][0]["extensions"]["field"],
            format!("wechat.{field}"),
            "{v}"
        );
        let text = v.to_string();
        assert!(!text.contains(base["apiV3Key"].as_str().unwrap()), "{text}");
    }
    let d = app
        .gql_ok(
            Some(&admin),
            "{ projects { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["projects"]["edges"], json!([]), "nothing saved");
    // V3 without the v3 credentials is refused too.
    let v = app
        .gql(
            Some(&admin),
            "mutation($i: CreateProjectInput!){ createProject(input: $i){ project { id } } }",
            json!({"i": {"name": "v2 only", "wechat": {"apiVersion": "V3", "appId": "wx1", "mchId": "1900000001", "apiKey": "k".repeat(32)}}}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT", "{v}");
}

/// What "WeChat" signs notifies with in this test: the project's WeChat Pay public key is
/// replaced by one whose private half the test holds (public test material).
const TEST_PLATFORM_KEY: &str = include_str!(
    "../../crates/providers/tests/vectors/v3-and-bills/wxpay_v3_gosdk_test_platform_key.pkcs8.pem"
);
const TEST_PLATFORM_PUB: &str = include_str!(
    "../../crates/providers/tests/vectors/v3-and-bills/wxpay_v3_gosdk_test_platform_pub.pem"
);
const TEST_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000001";

struct Forger {
    signer: RsaSigner,
    api_v3_key: ApiV3Key,
}

impl Forger {
    /// A TRANSACTION.SUCCESS notify for `no` of `total` fen, as WeChat would send it.
    fn notify(&self, shop: &Shop, no: &str, total: i64) -> (Vec<(String, String)>, String) {
        let resource = json!({
            "appid": shop.wechat_app_id(), "mchid": shop.mch_id(), "out_trade_no": no,
            "transaction_id": format!("4200{}", Utc::now().timestamp_millis()),
            "trade_type": "NATIVE", "trade_state": "SUCCESS", "trade_state_desc": "支付成功",
            "bank_type": "OTHERS", "attach": "", "success_time": "2026-12-02T10:00:00+08:00",
            "payer": {"openid": "oV3payer"},
            "amount": {"total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY"},
        });
        let nonce = aead::nonce();
        let ciphertext = self
            .api_v3_key
            .encrypt(&nonce, "transaction", resource.to_string().as_bytes())
            .unwrap();
        let body = json!({
            "id": "EV-test", "create_time": "2026-12-02T10:00:01+08:00",
            "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": ciphertext, "associated_data": "transaction", "nonce": nonce},
        })
        .to_string();
        (
            self.headers(&body, Utc::now().timestamp(), TEST_KEY_ID),
            body,
        )
    }

    fn headers(&self, body: &str, ts: i64, serial: &str) -> Vec<(String, String)> {
        let nonce = "n0nce";
        let sig =
            sign::sign_response(&self.signer, &ts.to_string(), nonce, body.as_bytes()).unwrap();
        vec![
            (sign::HEADER_TIMESTAMP.into(), ts.to_string()),
            (sign::HEADER_NONCE.into(), nonce.into()),
            (sign::HEADER_SIGNATURE.into(), sig),
            (sign::HEADER_SERIAL.into(), serial.into()),
            (sign::HEADER_SIGNATURE_TYPE.into(), sign::SCHEMA.into()),
        ]
    }
}

async fn post_notify(app: &TestApp, shop: &Shop, headers: &[(String, String)], body: &str) -> u16 {
    let mut r = app
        .client
        .post(format!("{}/notify/wechat/{}", app.base, shop.project_id))
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (k, v) in headers {
        r = r.header(k.as_str(), v.as_str());
    }
    r.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn forged_stale_misrouted_probe_undecryptable_and_mismatched_v3_notifies_pay_nothing() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = v3_shop(&app, &admin, "publicKey", None).await;
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "V3-NTF", 300, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!, $pem: String!, $kid: String!){ updateProject(id: $id, input: {wechat: {wechatPayPublicKeyId: $kid, wechatPayPublicKey: $pem}}){ id } }",
        json!({"id": shop.project_id, "pem": TEST_PLATFORM_PUB, "kid": TEST_KEY_ID}),
    )
    .await;
    let f = Forger {
        signer: RsaSigner::parse(TEST_PLATFORM_KEY).unwrap(),
        api_v3_key: ApiV3Key::parse(shop.merchant["wechat"]["apiV3Key"].as_str().unwrap()).unwrap(),
    };
    let (genuine_headers, genuine) = f.notify(&shop, "V3-NTF", 300);
    let now = Utc::now().timestamp();

    // Signed by another key (the merchant's own, say).
    let forger = Forger {
        signer: RsaSigner::parse(
            shop.merchant["wechat"]["merchantPrivateKey"]
                .as_str()
                .unwrap(),
        )
        .unwrap(),
        api_v3_key: ApiV3Key::parse(shop.merchant["wechat"]["apiV3Key"].as_str().unwrap()).unwrap(),
    };
    let (h, b) = forger.notify(&shop, "V3-NTF", 300);
    assert_eq!(post_notify(&app, &shop, &h, &b).await, 400, "forged");
    // A genuine notify replayed ten minutes later.
    let stale = f.headers(&genuine, now - 600, TEST_KEY_ID);
    assert_eq!(
        post_notify(&app, &shop, &stale, &genuine).await,
        400,
        "stale"
    );
    // A serial the project does not have.
    let wrong = f.headers(&genuine, now, "PUB_KEY_ID_0000000000000000000000000009");
    assert_eq!(
        post_notify(&app, &shop, &wrong, &genuine).await,
        400,
        "serial"
    );
    // WeChat's probe.
    let mut probe = genuine_headers.clone();
    probe[2].1 = format!("{}{}", sign::SIGNTEST_PREFIX, probe[2].1);
    assert_eq!(
        post_notify(&app, &shop, &probe, &genuine).await,
        400,
        "probe"
    );
    // Encrypted with another APIv3 key: signed, but not for this merchant.
    let other_key = Forger {
        signer: RsaSigner::parse(TEST_PLATFORM_KEY).unwrap(),
        api_v3_key: ApiV3Key::parse(&"k".repeat(32)).unwrap(),
    };
    let (h, b) = other_key.notify(&shop, "V3-NTF", 300);
    assert_eq!(post_notify(&app, &shop, &h, &b).await, 400, "undecryptable");
    let o = order(&app, &shop.api_key, &id).await;
    assert_eq!(o["state"], "PENDING", "nothing paid: {o}");
    assert_eq!(o["flagged"], false);

    // An amount that differs flags the order and pays nothing.
    let (h, b) = f.notify(&shop, "V3-NTF", 1);
    assert_eq!(post_notify(&app, &shop, &h, &b).await, 204, "acknowledged");
    let o = order(&app, &shop.api_key, &id).await;
    assert_eq!(
        (o["state"].as_str(), o["flagged"].as_bool()),
        (Some("PENDING"), Some(true))
    );

    // The genuine one pays, once.
    assert_eq!(
        post_notify(&app, &shop, &genuine_headers, &genuine).await,
        204
    );
    assert_eq!(
        post_notify(&app, &shop, &genuine_headers, &genuine).await,
        204
    );
    let o = order(&app, &shop.api_key, &id).await;
    assert_eq!(o["state"], "PAID");
    let paid = o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "PAID")
        .count();
    assert_eq!(paid, 1);
}
