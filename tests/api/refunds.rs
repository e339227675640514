//! Refunds: full and partial on WeChat Pay and Alipay, idempotency, the reservation under
//! concurrency, refusals, WeChat's refund notify (lost, duplicated, forged), reconciliation by
//! query, the `order.refunded` callback, refund events on `orderEvents`, and authorization.

use std::time::Duration;

use paycenter::config::Settings;
use paycenter_providers::wechat_v2::{refund_crypto, xml};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, eventually, spawn_app_with, TestApp};
use crate::receiver::Receiver;

const REFUND: &str = "mutation($id: ID!, $no: String!, $amount: Int!, $reason: String){
    refundOrder(id: $id, refundNo: $no, amount: $amount, reason: $reason){
      id orderId refundNo amount amountYuan reason state providerRefundNo createdAt succeededAt failureReason } }";

const REFUNDS: &str = "query($id: ID!){ order(id: $id){ state amount refundedAmount refundedAmountYuan
    refunds { id refundNo amount amountYuan reason state providerRefundNo succeededAt failureReason }
    events { kind fromState toState detail repeatCount } } }";

const ORDER_EVENTS: &str =
    "subscription($p: ID!){ orderEvents(projectId: $p){ orderId kind state order { refundedAmount } } }";

/// Notifies arrive at once; the refund query job waits an hour unless a test says otherwise.
pub fn fast(s: &mut Settings) {
    s.sandbox.notify_speedup = 1000;
    s.callbacks.schedule = vec![Duration::from_millis(20); 3];
    s.reconcile.schedule = vec![Duration::from_secs(3600)];
    s.worker.poll_interval = Duration::from_millis(50);
}

/// Queries follow quickly (for recovery by reconciliation).
fn fast_queries(s: &mut Settings) {
    fast(s);
    s.reconcile.schedule = vec![Duration::from_millis(100)];
}

/// A paid order: WECHAT_NATIVE (paid by the sandbox buyer, notify delivered) or ALIPAY_QR.
pub async fn paid_order(
    app: &TestApp,
    shop: &Shop,
    no: &str,
    amount: i64,
    channel: &str,
) -> String {
    let out = pay_ok(app, &shop.api_key, pay_input(shop, no, amount, channel)).await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let mut sub = Subscription::start(app, &shop.api_key, PAYMENT_STATUS, json!({"id": id})).await;
    assert_eq!(
        sub.next().await["payload"]["data"]["paymentStatus"]["state"],
        "PENDING"
    );
    let (provider, merchant) = if channel.starts_with("WECHAT") {
        ("wechat", shop.mch_id())
    } else {
        ("alipay", shop.alipay_app_id())
    };
    let (status, body) = buyer(app, provider, merchant, no, "SUCCESS").await;
    assert_eq!(status, 200, "{body}");
    let states = sub.until_complete().await;
    assert_eq!(
        states.last().unwrap()["data"]["paymentStatus"]["state"],
        "PAID"
    );
    id
}

async fn refund(
    app: &TestApp,
    token: &str,
    id: &str,
    no: &str,
    amount: i64,
    reason: Option<&str>,
) -> Value {
    app.gql(
        Some(token),
        REFUND,
        json!({"id": id, "no": no, "amount": amount, "reason": reason}),
    )
    .await
}

async fn refund_ok(app: &TestApp, token: &str, id: &str, no: &str, amount: i64) -> Value {
    let v = refund(app, token, id, no, amount, None).await;
    assert!(v.get("errors").is_none(), "refundOrder failed: {v}");
    v["data"]["refundOrder"].clone()
}

async fn refunds_of(app: &TestApp, token: &str, id: &str) -> Value {
    app.gql_ok(Some(token), REFUNDS, json!({"id": id})).await["order"].clone()
}

fn kinds(o: &Value, kind: &str) -> Vec<Value> {
    o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .cloned()
        .collect()
}

async fn fault(app: &TestApp, spec: Value) {
    let r = app
        .client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&spec)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn clear_faults(app: &TestApp) {
    app.client
        .delete(format!("{}/sandbox/faults", app.base))
        .send()
        .await
        .unwrap();
}

/// Returns once the server has registered the feed (it sends nothing until an event happens):
/// places marker orders until one shows up on the feed.
async fn feed_ready(app: &TestApp, shop: &Shop, feed: &mut Subscription) {
    for k in 0..20 {
        let no = format!("FEED-MARK-{k}");
        pay_ok(app, &shop.api_key, pay_input(shop, &no, 1, "ALIPAY_QR")).await;
        if feed.next_within(Duration::from_millis(500)).await.is_some() {
            return;
        }
    }
    panic!("the orderEvents feed never started");
}

/// Waits on an `orderEvents` subscription until `n` updates of `kind` for `order_id` arrived;
/// returns every update seen for that order.
async fn until_kind(sub: &mut Subscription, order_id: &str, kind: &str, n: usize) -> Vec<Value> {
    let mut seen = Vec::new();
    while seen.iter().filter(|u: &&Value| u["kind"] == kind).count() < n {
        let m = sub.next().await;
        assert_eq!(m["type"], "next", "{m}");
        let u = m["payload"]["data"]["orderEvents"].clone();
        if u["orderId"] == order_id {
            seen.push(u);
        }
    }
    seen
}

async fn count_rows(app: &TestApp, sql: &str) -> i64 {
    let db = &app.core.db;
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows[0].try_get("", "n").unwrap()
}

/// WeChat's refund notify for a refund, encrypted with `api_key` (what the provider would send).
fn refund_notify(shop: &Shop, api_key: &str, order_no: &str, refund_no: &str, fee: i64) -> String {
    let mut root = String::from("<root>");
    for (k, v) in [
        ("out_trade_no", order_no.to_owned()),
        ("out_refund_no", refund_no.to_owned()),
        ("refund_id", "50300000000000000000000000001".to_owned()),
        ("refund_fee", fee.to_string()),
        ("settlement_refund_fee", fee.to_string()),
        ("refund_status", "SUCCESS".to_owned()),
        ("success_time", "2026-11-23 12:00:00".to_owned()),
    ] {
        root.push_str(&format!("<{k}><![CDATA[{v}]]></{k}>"));
    }
    root.push_str("</root>");
    let mut outer = std::collections::BTreeMap::new();
    for (k, v) in [
        ("return_code", "SUCCESS".to_owned()),
        ("appid", shop.wechat_app_id().to_owned()),
        ("mch_id", shop.mch_id().to_owned()),
        ("nonce_str", "n0nce".to_owned()),
        ("req_info", refund_crypto::encrypt_req_info(&root, api_key)),
    ] {
        outer.insert(k.to_owned(), v);
    }
    xml::encode(&outer)
}

const WECHAT_SUCCESS: &str =
    "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";

#[tokio::test]
async fn a_full_wechat_refund_settles_by_notify_calls_back_and_is_on_the_event_feed() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "RF-1", 1000, "WECHAT_NATIVE").await;
    let paid_cb: Value = serde_json::from_str(&rx.next().await.body).unwrap();
    assert_eq!(paid_cb["type"], "order.paid");

    let mut feed =
        Subscription::start(&app, &key, ORDER_EVENTS, json!({"p": shop.project_id})).await;
    feed_ready(&app, &shop, &mut feed).await;
    let r = refund(&app, &key, &id, "RF-1-R1", 1000, Some("退货")).await;
    assert!(r.get("errors").is_none(), "{r}");
    let r = &r["data"]["refundOrder"];
    assert_eq!(r["orderId"], id.as_str());
    assert_eq!(r["refundNo"], "RF-1-R1");
    assert_eq!(r["amount"], 1000);
    assert_eq!(r["amountYuan"], "10.00");
    assert_eq!(r["reason"], "退货");
    // WeChat accepts the application; the result comes by notify (which may already be here).
    assert!(
        r["state"] == "PROCESSING" || r["state"] == "SUCCEEDED",
        "{r}"
    );

    // orderEvents carries the refund events: requested, then succeeded with the new state.
    let seen = until_kind(&mut feed, &id, "REFUND_SUCCEEDED", 1).await;
    assert_eq!(seen[0]["kind"], "REFUND_REQUESTED", "{seen:?}");
    assert_eq!(seen[0]["state"], "PAID");
    let done = seen.last().unwrap();
    assert_eq!(done["state"], "REFUNDED");
    assert_eq!(done["order"]["refundedAmount"], 1000);

    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["state"], "REFUNDED");
    assert_eq!(o["refundedAmount"], 1000);
    assert_eq!(o["refundedAmountYuan"], "10.00");
    let refunds = o["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["id"], r["id"]);
    assert_eq!(refunds[0]["state"], "SUCCEEDED");
    assert!(refunds[0]["providerRefundNo"].is_string(), "{o}");
    assert!(refunds[0]["succeededAt"].is_string(), "{o}");
    assert_eq!(kinds(&o, "REFUND_REQUESTED").len(), 1);
    let succeeded = kinds(&o, "REFUND_SUCCEEDED");
    assert_eq!(succeeded.len(), 1, "{o}");
    assert_eq!(succeeded[0]["fromState"], "PAID");
    assert_eq!(succeeded[0]["toState"], "REFUNDED");
    assert!(
        succeeded[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("NOTIFY"),
        "settled by the refund notify: {succeeded:?}"
    );

    // The merchant hears of it: order.refunded with the order and the refund.
    let cb = rx.next().await;
    let body: Value = serde_json::from_str(&cb.body).unwrap();
    assert_eq!(body["type"], "order.refunded", "{body}");
    let data = &body["data"];
    assert_eq!(data["orderId"], id.as_str());
    assert_eq!(data["orderNo"], "RF-1");
    assert_eq!(data["state"], "REFUNDED");
    assert_eq!(data["amount"], 1000);
    assert_eq!(data["refundedAmount"], 1000);
    assert_eq!(data["refundId"], r["id"]);
    assert_eq!(data["refundNo"], "RF-1-R1");
    assert_eq!(data["refundAmount"], 1000);
    assert_eq!(data["refundAmountYuan"], "10.00");
    assert_eq!(data["reason"], "退货");
    assert!(data["refundedAt"].is_string(), "{data}");
    assert_ne!(cb.event_id, paid_cb["id"].as_str().unwrap());

    // Nothing is left to refund; an unpaid order is not refundable either.
    let v = refund(&app, &key, &id, "RF-1-R2", 1, None).await;
    assert_eq!(error_code(&v), "ORDER_NOT_REFUNDABLE", "{v}");
    let pending = pay_ok(&app, &key, pay_input(&shop, "RF-2", 100, "WECHAT_NATIVE")).await;
    let v = refund(
        &app,
        &key,
        pending["order"]["id"].as_str().unwrap(),
        "RF-2-R1",
        100,
        None,
    )
    .await;
    assert_eq!(error_code(&v), "ORDER_NOT_REFUNDABLE", "{v}");
}

#[tokio::test]
async fn partial_alipay_refunds_add_up_and_never_exceed_the_paid_amount() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "AP-1", 1000, "ALIPAY_QR").await;

    // Alipay refunds synchronously: SUCCEEDED at once.
    let r1 = refund_ok(&app, &key, &id, "AP-1-R1", 300).await;
    assert_eq!(r1["state"], "SUCCEEDED", "{r1}");
    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["state"], "PARTIALLY_REFUNDED");
    assert_eq!(o["refundedAmount"], 300);

    // 300 + 800 > 1000.
    let v = refund(&app, &key, &id, "AP-1-R2", 800, None).await;
    assert_eq!(error_code(&v), "REFUND_EXCEEDS_PAID", "{v}");
    let r3 = refund_ok(&app, &key, &id, "AP-1-R3", 700).await;
    assert_eq!(r3["state"], "SUCCEEDED", "{r3}");

    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["state"], "REFUNDED");
    assert_eq!(o["refundedAmount"], 1000);
    let refunds = o["refunds"].as_array().unwrap();
    assert_eq!(
        refunds
            .iter()
            .map(|r| r["refundNo"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["AP-1-R1", "AP-1-R3"],
        "the refused request left no refund: {o}"
    );
    let succeeded = kinds(&o, "REFUND_SUCCEEDED");
    assert_eq!(succeeded.len(), 2);
    assert_eq!(
        (&succeeded[0]["fromState"], &succeeded[0]["toState"]),
        (&json!("PAID"), &json!("PARTIALLY_REFUNDED"))
    );
    assert_eq!(
        (&succeeded[1]["fromState"], &succeeded[1]["toState"]),
        (&json!("PARTIALLY_REFUNDED"), &json!("REFUNDED"))
    );
    let v = refund(&app, &key, &id, "AP-1-R4", 1, None).await;
    assert_eq!(error_code(&v), "ORDER_NOT_REFUNDABLE", "{v}");
}

#[tokio::test]
async fn refund_requests_are_idempotent_per_refund_no_and_validated() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "ID-1", 1000, "WECHAT_NATIVE").await;

    let first = refund(&app, &key, &id, "ID-1-R1", 300, Some("damaged")).await;
    assert!(first.get("errors").is_none(), "{first}");
    let again = refund(&app, &key, &id, "ID-1-R1", 300, Some("damaged")).await;
    assert!(again.get("errors").is_none(), "{again}");
    assert_eq!(
        first["data"]["refundOrder"]["id"],
        again["data"]["refundOrder"]["id"]
    );
    // The same number with other parameters is a conflict.
    for (amount, reason) in [(400, Some("damaged")), (300, Some("late")), (300, None)] {
        let v = refund(&app, &key, &id, "ID-1-R1", amount, reason).await;
        assert_eq!(
            error_code(&v),
            "REFUND_NO_CONFLICT",
            "{amount} {reason:?}: {v}"
        );
    }
    // Concurrent repeats all answer with the same refund.
    let repeats = futures_util::future::join_all(
        (0..4).map(|_| refund(&app, &key, &id, "ID-1-R1", 300, Some("damaged"))),
    )
    .await;
    for v in &repeats {
        assert_eq!(
            v["data"]["refundOrder"]["id"], first["data"]["refundOrder"]["id"],
            "{v}"
        );
    }
    let o = eventually("the refund to settle", || async {
        let o = refunds_of(&app, &key, &id).await;
        (o["refunds"][0]["state"] == "SUCCEEDED").then_some(o)
    })
    .await;
    assert_eq!(o["refunds"].as_array().unwrap().len(), 1, "{o}");
    assert_eq!(o["refundedAmount"], 300, "refunded once: {o}");
    assert_eq!(o["state"], "PARTIALLY_REFUNDED");
    assert_eq!(kinds(&o, "REFUND_REQUESTED").len(), 1, "{o}");
    // Asking again after it settled still answers with it.
    let later = refund(&app, &key, &id, "ID-1-R1", 300, Some("damaged")).await;
    assert_eq!(
        later["data"]["refundOrder"]["id"],
        first["data"]["refundOrder"]["id"]
    );
    assert_eq!(later["data"]["refundOrder"]["state"], "SUCCEEDED");

    // Validation.
    for bad in ["", "has space", "点", &"9".repeat(65)] {
        let v = refund(&app, &key, &id, bad, 1, None).await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{bad}: {v}");
        assert_eq!(v["errors"][0]["extensions"]["field"], "refundNo");
    }
    let ok_no = format!("{}@x", "9".repeat(62));
    let v = refund(&app, &key, &id, &ok_no, 1, None).await;
    assert!(
        v.get("errors").is_none(),
        "64 chars with @ is a valid refundNo: {v}"
    );
    for amount in [0, -5] {
        let v = refund(&app, &key, &id, "ID-1-R9", amount, None).await;
        assert_eq!(error_code(&v), "INVALID_AMOUNT", "{amount}: {v}");
    }
    let v = refund(&app, &key, &id, "ID-1-R9", 1, Some(&"退".repeat(81))).await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT", "{v}");
    assert_eq!(v["errors"][0]["extensions"]["field"], "reason");
    let v = refund(&app, &key, &id, "ID-1-R9", 1, Some(&"退".repeat(80))).await;
    assert!(v.get("errors").is_none(), "80 characters are fine: {v}");
}

#[tokio::test]
async fn concurrent_refunds_never_exceed_the_paid_amount() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "CC-1", 1000, "WECHAT_NATIVE").await;
    let mut feed =
        Subscription::start(&app, &key, ORDER_EVENTS, json!({"p": shop.project_id})).await;
    feed_ready(&app, &shop, &mut feed).await;

    // Five refunds of 40% at once: two fit, three do not.
    let numbers: Vec<String> = (0..5).map(|i| format!("CC-1-R{i}")).collect();
    let results = futures_util::future::join_all(
        numbers
            .iter()
            .map(|no| refund(&app, &key, &id, no, 400, None)),
    )
    .await;
    let accepted = results.iter().filter(|v| v.get("errors").is_none()).count();
    let exceeded = results
        .iter()
        .filter(|v| v.get("errors").is_some() && error_code(v) == "REFUND_EXCEEDS_PAID")
        .count();
    assert_eq!((accepted, exceeded), (2, 3), "{results:?}");

    until_kind(&mut feed, &id, "REFUND_SUCCEEDED", 2).await;
    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["refundedAmount"], 800, "{o}");
    assert_eq!(o["state"], "PARTIALLY_REFUNDED");
    let refunds = o["refunds"].as_array().unwrap();
    assert_eq!(refunds.len(), 2, "{o}");
    assert!(refunds.iter().all(|r| r["state"] == "SUCCEEDED"), "{o}");
    // What is left is still refundable, and no more.
    let v = refund(&app, &key, &id, "CC-1-R9", 201, None).await;
    assert_eq!(error_code(&v), "REFUND_EXCEEDS_PAID", "{v}");
    refund_ok(&app, &key, &id, "CC-1-R8", 200).await;
}

#[tokio::test]
async fn a_refused_refund_fails_and_releases_its_amount() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();
    for (no, channel, merchant, provider_code) in [
        ("RX-1", "WECHAT_NATIVE", shop.mch_id(), "NOTENOUGH"),
        (
            "RX-2",
            "ALIPAY_QR",
            shop.alipay_app_id(),
            "ACQ.SELLER_BALANCE_NOT_ENOUGH",
        ),
    ] {
        let id = paid_order(&app, &shop, no, 500, channel).await;
        fault(&app, json!({"merchantId": merchant, "refuseRefunds": true})).await;
        let v = refund(&app, &key, &id, &format!("{no}-R1"), 500, None).await;
        assert_eq!(error_code(&v), "PROVIDER_ERROR", "{v}");
        assert_eq!(v["errors"][0]["extensions"]["providerCode"], provider_code);
        let o = refunds_of(&app, &key, &id).await;
        assert_eq!(o["state"], "PAID");
        assert_eq!(o["refundedAmount"], 0);
        assert_eq!(o["refunds"][0]["state"], "FAILED", "{o}");
        assert!(
            o["refunds"][0]["failureReason"]
                .as_str()
                .unwrap()
                .contains(provider_code),
            "{o}"
        );
        assert_eq!(kinds(&o, "REFUND_FAILED").len(), 1, "{o}");
        // The same request again answers with the failed refund.
        let again = refund(&app, &key, &id, &format!("{no}-R1"), 500, None).await;
        assert_eq!(again["data"]["refundOrder"]["state"], "FAILED", "{again}");

        // Its amount was released: the whole order can be refunded under a new number.
        clear_faults(&app).await;
        let r = refund_ok(&app, &key, &id, &format!("{no}-R2"), 500).await;
        assert_ne!(r["state"], "FAILED", "{r}");
    }
}

#[tokio::test]
async fn a_refund_the_provider_could_not_take_is_applied_again_by_the_query_job() {
    let app = spawn_app_with(fast_queries).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "SE-1", 500, "WECHAT_NATIVE").await;
    let mut feed =
        Subscription::start(&app, &key, ORDER_EVENTS, json!({"p": shop.project_id})).await;
    // The refund application meets SYSTEMERROR: unknown outcome, so it stays PROCESSING (its
    // amount reserved) and the query job finds the provider never took it and applies again.
    fault(
        &app,
        json!({"merchantId": shop.mch_id(), "systemError": true, "count": 1}),
    )
    .await;
    let r = refund_ok(&app, &key, &id, "SE-1-R1", 400).await;
    assert_eq!(r["state"], "PROCESSING", "{r}");
    // 400 is held whether the query job has settled it yet or not (a full refund would race it:
    // once settled, the order is REFUNDED and the answer another code).
    let v = refund(&app, &key, &id, "SE-1-R2", 101, None).await;
    assert_eq!(error_code(&v), "REFUND_EXCEEDS_PAID", "still reserved: {v}");
    until_kind(&mut feed, &id, "REFUND_SUCCEEDED", 1).await;
    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["state"], "PARTIALLY_REFUNDED");
    assert_eq!(o["refundedAmount"], 400);
    assert_eq!(kinds(&o, "REFUND_ERROR").len(), 1, "{o}");
    assert_eq!(kinds(&o, "REFUND_SUCCEEDED").len(), 1, "{o}");
}

#[tokio::test]
async fn a_lost_refund_notify_is_recovered_by_a_query() {
    let app = spawn_app_with(fast_queries).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "LN-1", 800, "WECHAT_NATIVE").await;
    assert_eq!(
        serde_json::from_str::<Value>(&rx.next().await.body).unwrap()["type"],
        "order.paid"
    );
    fault(
        &app,
        json!({"merchantId": shop.mch_id(), "dropNotifies": true}),
    )
    .await;
    refund_ok(&app, &key, &id, "LN-1-R1", 300).await;
    let cb: Value = serde_json::from_str(&rx.next().await.body).unwrap();
    assert_eq!(cb["type"], "order.refunded");
    assert_eq!(cb["data"]["refundNo"], "LN-1-R1");
    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["refundedAmount"], 300);
    assert_eq!(o["state"], "PARTIALLY_REFUNDED");
    let succeeded = kinds(&o, "REFUND_SUCCEEDED");
    assert_eq!(succeeded.len(), 1, "{o}");
    assert!(
        succeeded[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("QUERY"),
        "settled by a query: {succeeded:?}"
    );
}

#[tokio::test]
async fn refund_notifies_apply_once_and_forged_ones_are_refused() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();
    let id = paid_order(&app, &shop, "DN-1", 1000, "WECHAT_NATIVE").await;
    // The sandbox's own notify is dropped; queries wait an hour: only our notifies settle it.
    fault(
        &app,
        json!({"merchantId": shop.mch_id(), "dropNotifies": true}),
    )
    .await;
    let r = refund_ok(&app, &key, &id, "DN-1-R1", 400).await;
    assert_eq!(r["state"], "PROCESSING");
    let path = format!("/notify/wechat/{}/refund", shop.project_id);

    // Encrypted with another key, for another amount, for an unknown refund: all refused.
    let forged = [
        refund_notify(
            &shop,
            "0123456789abcdef0123456789abcdef",
            "DN-1",
            "DN-1-R1",
            400,
        ),
        refund_notify(&shop, shop.wechat_api_key(), "DN-1", "DN-1-R1", 999),
        refund_notify(&shop, shop.wechat_api_key(), "DN-1", "DN-1-R7", 400),
        refund_notify(&shop, shop.wechat_api_key(), "DN-404", "DN-1-R1", 400),
    ];
    for body in forged {
        let (status, reply) = post_notify(&app, &path, body, "text/xml").await;
        assert_eq!(status, 200);
        let reply = xml::decode(reply.as_bytes()).unwrap();
        assert_eq!(reply["return_code"], "FAIL", "{reply:?}");
    }
    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["refunds"][0]["state"], "PROCESSING", "{o}");
    assert_eq!(o["refundedAmount"], 0, "only confirmed refunds count: {o}");
    assert_eq!(o["state"], "PAID");

    // The real notify, delivered three times at once and once more later: applied once.
    let body = refund_notify(&shop, shop.wechat_api_key(), "DN-1", "DN-1-R1", 400);
    let replies = futures_util::future::join_all(
        (0..3).map(|_| post_notify(&app, &path, body.clone(), "text/xml")),
    )
    .await;
    for (status, reply) in replies {
        assert_eq!((status, reply.as_str()), (200, WECHAT_SUCCESS));
    }
    let (status, reply) = post_notify(&app, &path, body, "text/xml").await;
    assert_eq!((status, reply.as_str()), (200, WECHAT_SUCCESS));
    let o = refunds_of(&app, &key, &id).await;
    assert_eq!(o["refundedAmount"], 400, "{o}");
    assert_eq!(o["state"], "PARTIALLY_REFUNDED");
    assert_eq!(o["refunds"][0]["state"], "SUCCEEDED");
    assert_eq!(
        o["refunds"][0]["providerRefundNo"],
        "50300000000000000000000000001"
    );
    assert_eq!(kinds(&o, "REFUND_SUCCEEDED").len(), 1, "{o}");
    // The three repeats are one row, counted.
    let dup = kinds(&o, "REFUND_NOTIFY_DUPLICATE");
    assert_eq!(dup.len(), 1, "{o}");
    assert_eq!(dup[0]["repeatCount"], 3, "{o}");
    assert_eq!(
        count_rows(
            &app,
            "SELECT COUNT(*) AS n FROM callback_events WHERE event_type = 'order.refunded'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn only_merchants_refund_and_only_their_own_orders() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let other = crate::flow::shop(&app, &admin).await;
    let id = paid_order(&app, &shop, "AZ-1", 1000, "ALIPAY_QR").await;

    let v = app
        .gql(
            None,
            REFUND,
            json!({"id": id, "no": "AZ-1-R1", "amount": 1}),
        )
        .await;
    assert_eq!(error_code(&v), "UNAUTHENTICATED", "{v}");
    let (user_token, _) = user(&app, &shop).await;
    let v = refund(&app, &user_token, &id, "AZ-1-R1", 1, None).await;
    assert_eq!(error_code(&v), "FORBIDDEN", "{v}");
    let v = refund(&app, &other.api_key, &id, "AZ-1-R1", 1, None).await;
    assert_eq!(error_code(&v), "NOT_FOUND", "{v}");
    let v = refund(&app, &admin, "ord_nope", "AZ-1-R1", 1, None).await;
    assert_eq!(error_code(&v), "NOT_FOUND", "{v}");
    // None of those left a refund behind.
    assert!(refunds_of(&app, &admin, &id).await["refunds"]
        .as_array()
        .unwrap()
        .is_empty());

    // The project's key and an admin may.
    refund_ok(&app, &shop.api_key, &id, "AZ-1-R1", 100).await;
    refund_ok(&app, &admin, &id, "AZ-1-R2", 100).await;
    assert_eq!(refunds_of(&app, &admin, &id).await["refundedAmount"], 200);
}
