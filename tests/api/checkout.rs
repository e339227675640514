//! Web checkout over HTTP: ALIPAY_PAGE and ALIPAY_WAP from payOrder through the emulated Alipay's
//! cashier (as a browser follows it: redirects not followed automatically, each step checked)
//! back to paycenter's return landing and on to the merchant's page; the order PAID by the notify
//! or, when the notify is lost or late, by the query the landing makes; the merchant's signed
//! callback. Returns never pay: forged, tampered and unsigned ones are refused and change
//! nothing; a genuine return for an unpaid order leaves it PENDING. The checkout ticket reads its
//! one order and nothing else. Requests built as the official SDKs' `pageExecute` builds them work
//! against the sandbox unchanged.

use std::collections::BTreeMap;

use paycenter_providers::alipay::gateway::{beijing_time, form_encode};
use paycenter_providers::alipay::sign::{notify_content_to_verify, rsa2_sign, sign_params};
use paycenter_providers::rsa_keys::RsaSigner;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, eventually, spawn_app, verify_signature, TestApp};
use crate::receiver::Receiver;

pub const PAY_WEB: &str = "mutation($i: PayOrderInput!){ payOrder(input: $i){
    checkoutUrl
    order { id orderNo amount state channel expiresAt returnUrl }
    payParams { __typename
      ... on RedirectParams { url method fields { name value } expiresAt }
      ... on QrCodeParams { codeUrl svg } } } }";

/// A browser that shows each redirect instead of following it.
pub struct Browser {
    client: reqwest::Client,
}

/// One response as a browser sees it: status, where it is sent next (absolute), the page.
pub struct Seen {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    async fn seen(url: &str, r: reqwest::Response) -> Seen {
        let status = r.status();
        let location = r.headers().get("location").map(|l| {
            url::Url::parse(url)
                .unwrap()
                .join(l.to_str().unwrap())
                .unwrap()
                .to_string()
        });
        Seen {
            status,
            location,
            body: r.text().await.unwrap(),
        }
    }

    pub async fn get(&self, url: &str) -> Seen {
        let r = self.client.get(url).send().await.unwrap();
        Self::seen(url, r).await
    }

    pub async fn post_form(&self, url: &str, fields: &[(String, String)]) -> Seen {
        let r = self.client.post(url).form(fields).send().await.unwrap();
        Self::seen(url, r).await
    }

    /// Makes a `RedirectParams` request (GET, or the POST form) and follows the gateway to the
    /// cashier page; returns the cashier's URL.
    pub async fn open_cashier(&self, params: &Value) -> String {
        let url = params["url"].as_str().unwrap();
        let seen = match params["method"].as_str().unwrap() {
            "GET" => self.get(url).await,
            "POST" => {
                let fields: Vec<(String, String)> = params["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| {
                        (
                            f["name"].as_str().unwrap().to_owned(),
                            f["value"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                self.post_form(url, &fields).await
            }
            other => panic!("method {other}"),
        };
        assert_eq!(seen.status, StatusCode::SEE_OTHER, "{}", seen.body);
        let cashier = seen.location.unwrap();
        let page = self.get(&cashier).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("data-test=\"alipay-pay\""),
            "{}",
            page.body
        );
        cashier
    }

    /// Clicks pay on the cashier; returns where Alipay sends the browser (the signed return).
    pub async fn pay(&self, cashier: &str) -> String {
        let seen = self.post_form(&format!("{cashier}/pay"), &[]).await;
        assert_eq!(seen.status, StatusCode::SEE_OTHER, "{}", seen.body);
        seen.location.unwrap()
    }
}

async fn pay_web(app: &TestApp, token: &str, input: Value) -> Value {
    let v = app.gql(Some(token), PAY_WEB, json!({"i": input})).await;
    assert!(v.get("errors").is_none(), "payOrder failed: {v}");
    v["data"]["payOrder"].clone()
}

fn web_input(shop: &Shop, order_no: &str, channel: &str, return_url: &str) -> Value {
    let mut i = pay_input(shop, order_no, 1234, channel);
    i["returnUrl"] = return_url.into();
    i
}

fn query_of(url: &str) -> BTreeMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

async fn order_state(app: &TestApp, token: &str, id: &str) -> String {
    order(app, token, id).await["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn set_fault(app: &TestApp, rule: Value) {
    let r = app
        .client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&rule)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

/// The emulated Alipay's signing key (the sandbox keeps it in the shared database).
async fn alipay_platform(app: &TestApp) -> RsaSigner {
    paycenter_sandbox::AlipayPlatform::load_or_create(&app.core.db)
        .await
        .unwrap()
        .signer
}

/// A return as Alipay would send it for `order_no`, signed with `key`.
fn return_query(shop: &Shop, order_no: &str, yuan: &str, key: &RsaSigner) -> String {
    let mut f = BTreeMap::new();
    for (k, v) in [
        ("charset", "utf-8"),
        ("out_trade_no", order_no),
        ("method", "alipay.trade.page.pay.return"),
        ("total_amount", yuan),
        ("trade_no", "2026121722001400000000000001"),
        ("auth_app_id", shop.alipay_app_id()),
        ("version", "1.0"),
        ("app_id", shop.alipay_app_id()),
        ("sign_type", "RSA2"),
        ("seller_id", "2088000000000001"),
    ] {
        f.insert(k.to_owned(), v.to_owned());
    }
    f.insert("timestamp".into(), beijing_time(chrono::Utc::now()));
    let sig = rsa2_sign(key, &notify_content_to_verify(&f)).unwrap();
    f.insert("sign".into(), sig);
    form_encode(&f)
}

#[tokio::test]
async fn alipay_page_end_to_end_over_graphql() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(
        &app,
        &admin,
        json!({"callbackUrl": rx.url, "name": "Web shop"}),
    )
    .await;
    let back = "https://shop.example/paid?cart=7";
    let out = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-P1", "ALIPAY_PAGE", back),
    )
    .await;
    let order_id = out["order"]["id"].as_str().unwrap().to_owned();
    assert_eq!(out["order"]["returnUrl"], back);
    assert_eq!(out["order"]["channel"], "ALIPAY_PAGE");

    // The signed request for Alipay's desktop cashier, as a GET URL.
    let p = &out["payParams"];
    assert_eq!(p["__typename"], "RedirectParams");
    assert_eq!(p["method"], "GET");
    assert_eq!(p["fields"], json!([]));
    assert_eq!(p["expiresAt"], out["order"]["expiresAt"]);
    let url = p["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/sandbox/alipay/gateway.do?", app.base)),
        "{url}"
    );
    let q = query_of(url);
    assert_eq!(q["method"], "alipay.trade.page.pay");
    assert_eq!(q["app_id"], shop.alipay_app_id());
    assert_eq!(
        q["return_url"],
        format!("{}/return/alipay/{}", app.base, shop.project_id)
    );
    assert_eq!(
        q["notify_url"],
        format!("{}/notify/alipay/{}", app.base, shop.project_id)
    );
    let biz: Value = serde_json::from_str(&q["biz_content"]).unwrap();
    assert_eq!(biz["product_code"], "FAST_INSTANT_TRADE_PAY");
    assert_eq!(biz["total_amount"], "12.34");
    assert_eq!(biz["out_trade_no"], "WEB-P1");
    assert!(biz["time_expire"].is_string());
    assert!(biz.get("quit_url").is_none());
    // Every order has its hosted checkout page.
    let checkout = out["checkoutUrl"].as_str().unwrap();
    assert!(
        checkout.starts_with(&format!("{}/checkout/{order_id}?t=pct1.", app.base)),
        "{checkout}"
    );

    // The buyer's browser: gateway → cashier → pay → Alipay's signed return.
    let browser = Browser::new();
    let cashier = browser.open_cashier(p).await;
    assert!(cashier.starts_with(&format!("{}/sandbox/alipay/cashier/", app.base)));
    let returned = browser.pay(&cashier).await;
    let rq = query_of(&returned);
    assert!(returned.starts_with(&format!("{}/return/alipay/{}?", app.base, shop.project_id)));
    assert_eq!(rq["method"], "alipay.trade.page.pay.return");
    assert_eq!(rq["out_trade_no"], "WEB-P1");
    assert_eq!(rq["total_amount"], "12.34");
    assert!(
        !rq.contains_key("trade_status"),
        "a return carries no status"
    );

    // The landing sends the buyer to the merchant's page once the order is paid.
    let landed = browser.get(&returned).await;
    assert_eq!(landed.status, StatusCode::SEE_OTHER, "{}", landed.body);
    assert_eq!(
        landed.location.as_deref(),
        Some("https://shop.example/paid?cart=7&orderNo=WEB-P1&state=PAID")
    );
    assert_eq!(order_state(&app, &shop.api_key, &order_id).await, "PAID");

    // The merchant's callback, signed.
    let d = rx.next().await;
    let body: Value = serde_json::from_str(&d.body).unwrap();
    assert_eq!(body["type"], "order.paid");
    assert_eq!(body["data"]["orderNo"], "WEB-P1");
    assert_eq!(body["data"]["channel"], "ALIPAY_PAGE");
    assert_eq!(body["data"]["amount"], 1234);
    assert!(verify_signature(
        &shop.signing_secret,
        &d.signature,
        &d.body
    ));

    // Paid: the same payOrder again is refused, as for every channel.
    let v = app
        .gql(
            Some(&shop.api_key),
            PAY_WEB,
            json!({"i": web_input(&shop, "WEB-P1", "ALIPAY_PAGE", back)}),
        )
        .await;
    assert_eq!(error_code(&v), "ORDER_NOT_PAYABLE");
}

#[tokio::test]
async fn alipay_wap_with_a_post_form_and_a_way_out() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    // A subject long enough to push the request past a URL's length: a POST form.
    let subject = "手机网站支付测试".repeat(16);
    let mut input = web_input(&shop, "WEB-W1", "ALIPAY_WAP", "https://m.shop.example/back");
    input["subject"] = subject.clone().into();
    let out = pay_web(&app, &shop.api_key, input).await;
    let order_id = out["order"]["id"].as_str().unwrap().to_owned();
    let p = &out["payParams"];
    assert_eq!(p["method"], "POST");
    let fields = p["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0]["name"], "biz_content");
    let biz: Value = serde_json::from_str(fields[0]["value"].as_str().unwrap()).unwrap();
    assert_eq!(biz["product_code"], "QUICK_WAP_WAY");
    assert_eq!(biz["subject"], subject.as_str());
    // A buyer who gives up on the phone cashier goes back to the checkout page.
    assert_eq!(biz["quit_url"], out["checkoutUrl"]);
    let q = query_of(p["url"].as_str().unwrap());
    assert_eq!(q["method"], "alipay.trade.wap.pay");
    assert!(q.contains_key("sign") && !q.contains_key("biz_content"));

    let browser = Browser::new();
    let cashier = browser.open_cashier(p).await;
    let cancelled = browser.post_form(&format!("{cashier}/cancel"), &[]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(cancelled.location.as_deref(), out["checkoutUrl"].as_str());
    assert_eq!(order_state(&app, &shop.api_key, &order_id).await, "PENDING");

    // The buyer tries again (the same request) and pays.
    let cashier = browser.open_cashier(p).await;
    let returned = browser.pay(&cashier).await;
    assert_eq!(query_of(&returned)["method"], "alipay.trade.wap.pay.return");
    let landed = browser.get(&returned).await;
    assert_eq!(
        landed.location.as_deref(),
        Some("https://m.shop.example/back?orderNo=WEB-W1&state=PAID")
    );
    let states = states_until_final(&app, &shop.api_key, &order_id).await;
    assert_eq!(states.last().map(String::as_str), Some("PAID"));
}

#[tokio::test]
async fn returns_never_pay_and_forged_ones_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-F1", "ALIPAY_PAGE", "https://shop.example/r"),
    )
    .await;
    let order_id = out["order"]["id"].as_str().unwrap().to_owned();
    // The buyer opened the cashier but did not pay.
    let browser = Browser::new();
    browser.open_cashier(&out["payParams"]).await;
    async fn events(app: &TestApp, key: &str, id: &str) -> usize {
        order(app, key, id).await["events"]
            .as_array()
            .unwrap()
            .len()
    }
    let before = events(&app, &shop.api_key, &order_id).await;
    let landing = format!("{}/return/alipay/{}", app.base, shop.project_id);
    let platform = alipay_platform(&app).await;
    let genuine = return_query(&shop, "WEB-F1", "12.34", &platform);

    // Forged (signed by a key that is not Alipay's), tampered, unsigned, malformed: refused.
    let stranger =
        RsaSigner::parse(shop.merchant["alipay"]["appPrivateKey"].as_str().unwrap()).unwrap();
    let forged = return_query(&shop, "WEB-F1", "12.34", &stranger);
    let tampered = genuine.replace("total_amount=12.34", "total_amount=0.01");
    let unsigned: String = genuine
        .split('&')
        .filter(|kv| !kv.starts_with("sign="))
        .collect::<Vec<_>>()
        .join("&");
    let status_added = format!("{genuine}&trade_status=TRADE_SUCCESS");
    for (what, query) in [
        ("forged", forged.as_str()),
        ("tampered", tampered.as_str()),
        ("unsigned", unsigned.as_str()),
        ("status added", status_added.as_str()),
        ("empty", ""),
        ("garbage", "%ff%fe=1"),
    ] {
        let seen = browser.get(&format!("{landing}?{query}")).await;
        assert_eq!(
            seen.status,
            StatusCode::BAD_REQUEST,
            "{what}: {}",
            seen.body
        );
        assert!(seen.body.contains("data-test=\"return-error\""), "{what}");
        assert!(seen.location.is_none(), "{what}");
    }
    assert_eq!(
        events(&app, &shop.api_key, &order_id).await,
        before,
        "refused returns changed nothing"
    );

    // A genuine return for a trade that is not paid: Alipay is asked, the order stays PENDING,
    // and the buyer goes to the cashier page (not to the merchant).
    let seen = browser.get(&format!("{landing}?{genuine}")).await;
    assert_eq!(seen.status, StatusCode::SEE_OTHER, "{}", seen.body);
    let to = seen.location.unwrap();
    assert!(
        to.starts_with(&format!("{}/checkout/{order_id}?t=pct1.", app.base)),
        "{to}"
    );
    assert_eq!(order_state(&app, &shop.api_key, &order_id).await, "PENDING");
    let kinds: Vec<String> = order(&app, &shop.api_key, &order_id).await["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(!kinds.iter().any(|k| k == "PAID"), "{kinds:?}");

    // A genuine return naming an order this project does not have, or another project.
    let unknown = return_query(&shop, "NO-SUCH-ORDER", "12.34", &platform);
    let seen = browser.get(&format!("{landing}?{unknown}")).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let other = shop_with(&app, &admin, json!({})).await;
    let seen = browser
        .get(&format!(
            "{}/return/alipay/{}?{genuine}",
            app.base, other.project_id
        ))
        .await;
    assert_eq!(seen.status, StatusCode::BAD_REQUEST, "another app's return");
    let seen = browser
        .get(&format!("{}/return/alipay/prj_nope?{genuine}", app.base))
        .await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    assert_eq!(order_state(&app, &shop.api_key, &order_id).await, "PENDING");
}

#[tokio::test]
async fn a_lost_notify_is_settled_by_the_query_of_the_return() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    set_fault(
        &app,
        json!({"merchantId": shop.alipay_app_id(), "outTradeNo": "WEB-L1", "dropNotifies": true}),
    )
    .await;
    let out = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-L1", "ALIPAY_PAGE", "https://shop.example/r"),
    )
    .await;
    let order_id = out["order"]["id"].as_str().unwrap().to_owned();
    let browser = Browser::new();
    let cashier = browser.open_cashier(&out["payParams"]).await;
    let returned = browser.pay(&cashier).await;
    // The notify is lost: the order waits until the return's query.
    assert_eq!(order_state(&app, &shop.api_key, &order_id).await, "PENDING");
    let landed = browser.get(&returned).await;
    assert_eq!(
        landed.location.as_deref(),
        Some("https://shop.example/r?orderNo=WEB-L1&state=PAID")
    );
    let o = order(&app, &shop.api_key, &order_id).await;
    assert_eq!(o["state"], "PAID");
    assert!(o["providerTradeNo"].as_str().is_some_and(|t| t.len() == 28));
    let d = rx.next().await;
    assert!(d.body.contains("order.paid") && d.body.contains("WEB-L1"));
}

#[tokio::test]
async fn a_return_before_the_notify() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    set_fault(
        &app,
        json!({"merchantId": shop.alipay_app_id(), "outTradeNo": "WEB-E1", "notifyDelayMs": 1500}),
    )
    .await;
    let out = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-E1", "ALIPAY_WAP", "https://shop.example/r"),
    )
    .await;
    let order_id = out["order"]["id"].as_str().unwrap().to_owned();
    let browser = Browser::new();
    let cashier = browser.open_cashier(&out["payParams"]).await;
    let returned = browser.pay(&cashier).await;
    let landed = browser.get(&returned).await;
    assert_eq!(
        landed.location.as_deref(),
        Some("https://shop.example/r?orderNo=WEB-E1&state=PAID")
    );
    // The held-back notify arrives later and is taken as the duplicate it is.
    let db = app.core.db.clone();
    eventually("the delayed notify delivered", || {
        let db = db.clone();
        async move { (paycenter_sandbox::notifier::pending(&db).await.unwrap() == 0).then_some(()) }
    })
    .await;
    let events = order(&app, &shop.api_key, &order_id).await["events"].clone();
    let paid = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["toState"] == "PAID")
        .count();
    assert_eq!(paid, 1, "{events}");
    assert_eq!(order_state(&app, &shop.api_key, &order_id).await, "PAID");
}

#[tokio::test]
async fn the_checkout_ticket_reads_its_one_order() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop_with(&app, &admin, json!({"name": "Ticket shop"})).await;
    let a = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-T1", "ALIPAY_QR", "https://shop.example/r"),
    )
    .await;
    let b = pay_web(
        &app,
        &shop.api_key,
        pay_input(&shop, "WEB-T2", 5, "ALIPAY_QR"),
    )
    .await;
    let (a_id, b_id) = (
        a["order"]["id"].as_str().unwrap(),
        b["order"]["id"].as_str().unwrap(),
    );
    let ticket = query_of(a["checkoutUrl"].as_str().unwrap())["t"].clone();

    let read = "query($id: ID!){ order(id: $id){ id orderNo amount amountYuan subject channel state
        expiresAt projectName returnUrl payParams { __typename ... on QrCodeParams { codeUrl svg } } } }";
    let d = app.gql_ok(Some(&ticket), read, json!({"id": a_id})).await;
    assert_eq!(d["order"]["projectName"], "Ticket shop");
    assert_eq!(d["order"]["returnUrl"], "https://shop.example/r");
    assert_eq!(d["order"]["amountYuan"], "12.34");
    assert_eq!(
        d["order"]["payParams"]["codeUrl"],
        a["payParams"]["codeUrl"]
    );
    assert!(d["order"]["payParams"]["svg"]
        .as_str()
        .unwrap()
        .starts_with("<?xml"));

    // Another order of the same project: not found. Anything else: refused.
    let v = app.gql(Some(&ticket), read, json!({"id": b_id})).await;
    assert_eq!(error_code(&v), "NOT_FOUND");
    for (what, q, vars) in [
        (
            "refresh",
            "query($id: ID!){ order(id: $id, refresh: true){ state } }",
            json!({"id": a_id}),
        ),
        (
            "audit trail",
            "query($id: ID!){ order(id: $id){ events { kind } } }",
            json!({"id": a_id}),
        ),
        (
            "attach",
            "query($id: ID!){ order(id: $id){ attach } }",
            json!({"id": a_id}),
        ),
        (
            "callbacks",
            "query($id: ID!){ order(id: $id){ callbackAttempts { attempt } } }",
            json!({"id": a_id}),
        ),
        ("orders", "{ orders { edges { node { id } } } }", json!({})),
        (
            "orderByNo",
            "query($p: ID!){ orderByNo(projectId: $p, orderNo: \"WEB-T1\"){ id } }",
            json!({"p": shop.project_id}),
        ),
        ("me", "{ me { kind } }", json!({})),
        (
            "project",
            "query($p: ID!){ project(id: $p){ name } }",
            json!({"p": shop.project_id}),
        ),
        (
            "closeOrder",
            "mutation($id: ID!){ closeOrder(id: $id){ state } }",
            json!({"id": a_id}),
        ),
    ] {
        let v = app.gql(Some(&ticket), q, vars).await;
        assert_eq!(error_code(&v), "FORBIDDEN", "{what}: {v}");
    }
    let v = app
        .gql(
            Some(&ticket),
            PAY_ORDER,
            json!({"i": pay_input(&shop, "WEB-T3", 1, "ALIPAY_QR")}),
        )
        .await;
    assert_eq!(error_code(&v), "FORBIDDEN");
    assert_eq!(order_state(&app, &shop.api_key, a_id).await, "PENDING");

    // Tampered, foreign and expired tickets are not credentials.
    let other_order = ticket.replace(a_id, b_id);
    let expired = app
        .core
        .checkout
        .issue(a_id, chrono::Utc::now() - chrono::Duration::seconds(1));
    for bad in [other_order.as_str(), expired.as_str(), "pct1.garbage"] {
        let v = app.gql(Some(bad), read, json!({"id": a_id})).await;
        assert_eq!(error_code(&v), "UNAUTHENTICATED", "{bad}");
    }

    // The live status, with the ticket as the WebSocket's credential.
    let mut sub = Subscription::start(&app, &ticket, PAYMENT_STATUS, json!({"id": a_id})).await;
    let first = sub.next().await;
    assert_eq!(
        first["payload"]["data"]["paymentStatus"]["state"], "PENDING",
        "{first}"
    );
    let (status, _) = buyer(&app, "alipay", shop.alipay_app_id(), "WEB-T1", "SUCCESS").await;
    assert_eq!(status, 200);
    let paid = sub.next().await;
    assert_eq!(
        paid["payload"]["data"]["paymentStatus"]["state"], "PAID",
        "{paid}"
    );
    // The other order's status is not the ticket's to follow.
    let mut other = Subscription::start(&app, &ticket, PAYMENT_STATUS, json!({"id": b_id})).await;
    let m = other.next().await;
    let errors = match m["type"].as_str() {
        Some("error") => m["payload"].clone(),
        _ => m["payload"]["errors"].clone(),
    };
    assert_eq!(errors[0]["extensions"]["code"], "NOT_FOUND", "{m}");
}

#[tokio::test]
async fn return_urls_are_checked_and_belong_to_the_order() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    for bad in [
        "ftp://shop.example/r",
        "javascript:alert(1)",
        "/relative/path",
        "https://user:secret@shop.example/r",
        "https://",
        "not a url",
    ] {
        let v = app
            .gql(
                Some(&shop.api_key),
                PAY_WEB,
                json!({"i": web_input(&shop, "WEB-U1", "ALIPAY_PAGE", bad)}),
            )
            .await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{bad}: {v}");
        assert!(
            v["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("returnUrl"),
            "{v}"
        );
    }
    let long = format!("https://shop.example/{}", "x".repeat(2100));
    let v = app
        .gql(
            Some(&shop.api_key),
            PAY_WEB,
            json!({"i": web_input(&shop, "WEB-U1", "ALIPAY_PAGE", &long)}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");

    let first = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-U1", "ALIPAY_PAGE", "https://shop.example/a"),
    )
    .await;
    // The same request: the same order. Another return URL, or none: another request.
    let same = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-U1", "ALIPAY_PAGE", "https://shop.example/a"),
    )
    .await;
    assert_eq!(same["order"]["id"], first["order"]["id"]);
    assert_eq!(same["checkoutUrl"], first["checkoutUrl"]);
    let v = app
        .gql(
            Some(&shop.api_key),
            PAY_WEB,
            json!({"i": web_input(&shop, "WEB-U1", "ALIPAY_PAGE", "https://shop.example/b")}),
        )
        .await;
    assert_eq!(error_code(&v), "ORDER_NO_CONFLICT");
    let v = app
        .gql(
            Some(&shop.api_key),
            PAY_WEB,
            json!({"i": pay_input(&shop, "WEB-U1", 1234, "ALIPAY_PAGE")}),
        )
        .await;
    assert_eq!(error_code(&v), "ORDER_NO_CONFLICT");
}

#[tokio::test]
async fn a_closed_web_order_cannot_be_paid_from_a_held_request() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-C1", "ALIPAY_PAGE", "https://shop.example/r"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap();
    let d = app
        .gql_ok(
            Some(&shop.api_key),
            "mutation($id: ID!){ closeOrder(id: $id){ state } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(d["closeOrder"]["state"], "CLOSED");
    // The browser still holds the signed request: Alipay refuses it now.
    let seen = Browser::new()
        .get(out["payParams"]["url"].as_str().unwrap())
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("ACQ.TRADE_HAS_CLOSE"), "{}", seen.body);
}

#[tokio::test]
async fn sandbox_pay_plays_the_buyer_of_a_web_order() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_web(
        &app,
        &shop.api_key,
        web_input(&shop, "WEB-S1", "ALIPAY_WAP", "https://shop.example/r"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    // No browser ever opened the request: the sandbox learns of it from paycenter (handoff).
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ sandboxPay(orderId: $id, outcome: SUCCESS){ id } }",
        json!({"id": id}),
    )
    .await;
    let states = states_until_final(&app, &shop.api_key, &id).await;
    assert_eq!(states.last().map(String::as_str), Some("PAID"));
}

#[tokio::test]
async fn the_sandbox_takes_requests_as_the_official_sdks_build_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = RsaSigner::parse(shop.merchant["alipay"]["appPrivateKey"].as_str().unwrap()).unwrap();
    let gateway = format!("{}/sandbox/alipay/gateway.do", app.base);
    let browser = Browser::new();
    for (no, form) in [("SDK-GET", false), ("SDK-POST", true)] {
        // pageExecute: the SDK signs its own `alipay_sdk` field too; the common parameters go
        // in the URL (URLSearchParams: spaces as '+'), the rest in the query or the form body
        // (encodeURIComponent: spaces as %20).
        let mut p = BTreeMap::new();
        for (k, v) in [
            ("alipay_sdk", "alipay-sdk-nodejs-4.14.0"),
            ("app_id", shop.alipay_app_id()),
            ("charset", "utf-8"),
            ("format", "JSON"),
            ("method", "alipay.trade.page.pay"),
            ("return_url", "https://shop.example/return"),
            ("sign_type", "RSA2"),
            ("version", "1.0"),
        ] {
            p.insert(k.to_owned(), v.to_owned());
        }
        p.insert("timestamp".into(), beijing_time(chrono::Utc::now()));
        p.insert(
            "biz_content".into(),
            json!({"out_trade_no": no, "product_code": "FAST_INSTANT_TRADE_PAY", "total_amount": "0.01", "subject": "SDK 测试"})
                .to_string(),
        );
        sign_params(&key, &mut p).unwrap();
        let common = [
            "app_id",
            "charset",
            "format",
            "method",
            "return_url",
            "sign",
            "sign_type",
            "timestamp",
            "version",
        ];
        let mut in_url = url::Url::parse(&gateway).unwrap();
        for k in common {
            in_url.query_pairs_mut().append_pair(k, &p[k]);
        }
        let rest: Vec<(String, String)> = p
            .iter()
            .filter(|(k, _)| !common.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let seen = if form {
            browser.post_form(in_url.as_str(), &rest).await
        } else {
            let enc = |s: &str| {
                percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            let tail: Vec<String> = rest
                .iter()
                .map(|(k, v)| format!("{k}={}", enc(v)))
                .collect();
            browser.get(&format!("{in_url}&{}", tail.join("&"))).await
        };
        assert_eq!(seen.status, StatusCode::SEE_OTHER, "{no}: {}", seen.body);
        let cashier = seen.location.unwrap();
        let returned = browser.pay(&cashier).await;
        assert!(
            returned.starts_with("https://shop.example/return?"),
            "{returned}"
        );
        // The return verifies with the Alipay public key the merchant was given.
        let platform = paycenter_providers::alipay::keys::parse_public_key(
            shop.merchant["alipay"]["alipayPublicKey"].as_str().unwrap(),
        )
        .unwrap();
        let fields = query_of(&returned);
        paycenter_providers::alipay::sign::rsa2_verify(
            &platform,
            notify_content_to_verify(&fields).as_bytes(),
            &fields["sign"],
        )
        .unwrap();
        assert_eq!(fields["out_trade_no"], no);
    }
    // A request signed by someone else: Alipay's error page, no trade.
    let mut p = BTreeMap::new();
    p.insert("app_id".to_owned(), shop.alipay_app_id().to_owned());
    p.insert("method".to_owned(), "alipay.trade.page.pay".to_owned());
    p.insert("sign_type".to_owned(), "RSA2".to_owned());
    p.insert("version".to_owned(), "1.0".to_owned());
    p.insert("timestamp".to_owned(), beijing_time(chrono::Utc::now()));
    p.insert("biz_content".to_owned(), json!({"out_trade_no": "SDK-X", "product_code": "FAST_INSTANT_TRADE_PAY", "total_amount": "0.01", "subject": "x"}).to_string());
    let other = alipay_platform(&app).await;
    sign_params(&other, &mut p).unwrap();
    let seen = browser.get(&format!("{gateway}?{}", form_encode(&p))).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("isv.invalid-signature"), "{}", seen.body);
}

#[tokio::test]
async fn the_checkout_page_is_served_with_its_policy() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_web(
        &app,
        &shop.api_key,
        pay_input(&shop, "WEB-H1", 100, "ALIPAY_QR"),
    )
    .await;
    let r = app
        .client
        .get(out["checkoutUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(h["referrer-policy"], "no-referrer");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(&format!("form-action 'self' http://{}", app.address)),
        "{csp}"
    );
    assert!(csp.contains("script-src 'self';"), "{csp}");
    let html = r.text().await.unwrap();
    assert!(html.contains("/console/assets/"), "{html}");
    assert!(!html.contains("<script>"), "no inline script");
}
