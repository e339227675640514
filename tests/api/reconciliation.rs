//! Reconciliation against the providers' bills, end to end through the sandbox: the issue's day
//! (a lost notify, a portal refund, a changed amount) on WeChat Pay and Alipay, every kind of
//! discrepancy, healing exactly once with its callback, resolving, re-running a day, a bill that
//! is not ready (retried by the job), two instances on one day, and `paycenter reconcile`.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{NaiveDate, TimeDelta, Utc};
use paycenter::config::Settings;
use paycenter_providers::wechat_v2::{refund_crypto, sign, xml};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, eventually, spawn_app_with, spawn_pair, TestApp};
use crate::receiver::{Delivery, Receiver};

fn fast(s: &mut Settings) {
    s.sandbox.notify_speedup = 1000;
    s.callbacks.schedule = vec![Duration::from_millis(20); 3];
    // No per-order or per-refund queries: only the reconciliation finds what was lost.
    s.reconcile.schedule = vec![Duration::from_secs(3600)];
    s.worker.poll_interval = Duration::from_millis(50);
    s.reconciliation.enabled = false;
}

const REPORT: &str = "id projectId provider date status attempts lastError nextAttemptAt
    billPayments billPaidAmount billSettlementAmount billRefunds billRefundedAmount billFee
    payments paidAmount refunds refundedAmount
    discrepancyCount openDiscrepancyCount healedDiscrepancyCount startedAt finishedAt";

const DISCREPANCY: &str = "id reportId projectId provider date kind status orderId orderNo refundId
    refundNo providerTradeNo providerRefundNo amount amountYuan billAmount billAmountYuan billLine
    detail healedAt resolvedBy resolutionNote resolvedAt";

fn reconcile_query() -> String {
    format!(
        "mutation($p: ID!, $d: NaiveDate!, $v: Provider){{ reconcile(projectId: $p, date: $d, provider: $v){{ {REPORT} }} }}"
    )
}

/// Reconciles a day by hand; returns the one report.
async fn reconcile(app: &TestApp, admin: &str, project: &str, day: NaiveDate, p: &str) -> Value {
    let d = app
        .gql_ok(
            Some(admin),
            &reconcile_query(),
            json!({"p": project, "d": day.to_string(), "v": p.to_uppercase()}),
        )
        .await;
    let reports = d["reconcile"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{d}");
    reports[0].clone()
}

/// The report's discrepancies, by kind (oldest first within a kind).
async fn discrepancies(app: &TestApp, token: &str, report: &str) -> BTreeMap<String, Vec<Value>> {
    let d = app
        .gql_ok(
            Some(token),
            &format!(
                "query($r: ID!){{ discrepancies(filter: {{reportId: $r}}, first: 100){{ edges {{ node {{ {DISCREPANCY} }} }} }} }}"
            ),
            json!({"r": report}),
        )
        .await;
    let mut by_kind: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for e in d["discrepancies"]["edges"].as_array().unwrap().iter().rev() {
        let n = e["node"].clone();
        by_kind
            .entry(n["kind"].as_str().unwrap().to_owned())
            .or_default()
            .push(n);
    }
    by_kind
}

async fn sandbox(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(format!("{}/sandbox{path}", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn fault(app: &TestApp, spec: Value) {
    let (status, body) = sandbox(app, "/faults", spec).await;
    assert_eq!(status, 200, "{body}");
}

/// The sandbox's bill desk believes it is tomorrow with bills out from midnight, so today's
/// trades are on a ready bill; returns today (Beijing).
async fn bills_ready(app: &TestApp) -> NaiveDate {
    let now = Utc::now();
    let (status, body) = sandbox(
        app,
        "/settings",
        json!({"billClock": (now + TimeDelta::days(1)).to_rfc3339(), "billReadyHour": 0}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    paycenter_providers::bills::beijing_date(now)
}

fn provider_of(channel: &str) -> &'static str {
    if channel.starts_with("WECHAT") {
        "wechat"
    } else {
        "alipay"
    }
}

fn merchant<'a>(shop: &'a Shop, channel: &str) -> &'a str {
    if channel.starts_with("WECHAT") {
        shop.mch_id()
    } else {
        shop.alipay_app_id()
    }
}

async fn state_of(app: &TestApp, token: &str, id: &str) -> String {
    app.gql_ok(
        Some(token),
        "query($id: ID!){ order(id: $id){ state } }",
        json!({"id": id}),
    )
    .await["order"]["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn wait_state(app: &TestApp, token: &str, id: &str, state: &str) {
    eventually(&format!("order {id} {state}"), || async {
        (state_of(app, token, id).await == state).then_some(())
    })
    .await;
}

/// An order the buyer pays, whose notify arrives: PAID.
async fn paid(app: &TestApp, shop: &Shop, no: &str, amount: i64, channel: &str) -> String {
    let out = pay_ok(app, &shop.api_key, pay_input(shop, no, amount, channel)).await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let (status, body) = buyer(
        app,
        provider_of(channel),
        merchant(shop, channel),
        no,
        "SUCCESS",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    wait_state(app, &shop.api_key, &id, "PAID").await;
    id
}

/// An order the buyer pays whose notifies are all lost: PENDING here, paid at the provider.
async fn lost(app: &TestApp, shop: &Shop, no: &str, amount: i64, channel: &str) -> String {
    let out = pay_ok(app, &shop.api_key, pay_input(shop, no, amount, channel)).await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    fault(
        app,
        json!({"merchantId": merchant(shop, channel), "outTradeNo": no, "dropNotifies": true}),
    )
    .await;
    let (status, body) = buyer(
        app,
        provider_of(channel),
        merchant(shop, channel),
        no,
        "SUCCESS",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    id
}

fn body_of(d: &Delivery) -> Value {
    serde_json::from_str(&d.body).unwrap()
}

/// The next `n` callbacks, as (type, body).
async fn callbacks(rx: &mut Receiver, n: usize) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for _ in 0..n {
        let b = body_of(&rx.next().await);
        out.push((b["type"].as_str().unwrap().to_owned(), b));
    }
    out
}

async fn no_more_callbacks(rx: &mut Receiver) {
    let extra = tokio::time::timeout(Duration::from_millis(800), rx.deliveries.recv()).await;
    assert!(
        extra.is_err(),
        "unexpected callback: {:?}",
        extra.ok().flatten()
    );
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = &app.core.db;
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows[0].try_get("", "n").unwrap()
}

async fn events_of(app: &TestApp, token: &str, id: &str, kind: &str) -> usize {
    let o = order(app, token, id).await;
    o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .count()
}

const RESOLVE: &str =
    "mutation($id: ID!, $n: String!){ resolveDiscrepancy(id: $id, note: $n){ id status resolvedBy resolutionNote resolvedAt } }";

/// The issue's day, on one provider: a lost notify, a refund made in the merchant portal and a
/// bill stating another amount make exactly three discrepancies; the lost payment is healed once,
/// with its `order.paid` callback; the other two call the merchant back and stay open until
/// resolved. Reconciling the day again changes nothing.
async fn the_issues_day(channel: &str) {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let m = merchant(&shop, channel).to_owned();
    let provider = provider_of(channel);

    let lost_id = lost(&app, &shop, "DAY-LOST", 1200, channel).await;
    let changed_id = paid(&app, &shop, "DAY-CHANGED", 1500, channel).await;
    let portal_id = paid(&app, &shop, "DAY-PORTAL", 2000, channel).await;
    let clean_id = paid(&app, &shop, "DAY-CLEAN", 800, channel).await;
    // The three payments that were heard of call back.
    let seen = callbacks(&mut rx, 3).await;
    assert!(seen.iter().all(|(t, _)| t == "order.paid"), "{seen:?}");
    fault(
        &app,
        json!({"merchantId": m, "outTradeNo": "DAY-CHANGED", "billAmountFen": 1501}),
    )
    .await;
    fault(
        &app,
        json!({"merchantId": m, "outTradeNo": "DAY-PORTAL", "portalRefundFen": 300}),
    )
    .await;
    assert_eq!(state_of(&app, &shop.api_key, &lost_id).await, "PENDING");

    let day = bills_ready(&app).await;
    let report = reconcile(&app, &admin, &shop.project_id, day, provider).await;
    assert_eq!(report["status"], "DONE", "{report}");
    assert_eq!(report["provider"], provider.to_uppercase());
    assert_eq!(report["date"], day.to_string());
    assert_eq!(report["attempts"], 1);
    assert_eq!(report["billPayments"], 4);
    assert_eq!(report["billPaidAmount"], 1200 + 1501 + 2000 + 800);
    assert_eq!(report["billRefunds"], 1);
    assert_eq!(report["billRefundedAmount"], 300);
    // 0.60% of each payment, less what the refund returned.
    let fee = |f: i64| (f * 60 + 5000) / 10_000;
    let returned = (2 * fee(2000) * 300 + 2000) / (2 * 2000);
    assert_eq!(
        report["billFee"],
        fee(1200) + fee(1501) + fee(2000) + fee(800) - returned
    );
    // paycenter's side, after healing: all four paid; the portal refund is not ours.
    assert_eq!(report["payments"], 4);
    assert_eq!(report["paidAmount"], 1200 + 1500 + 2000 + 800);
    assert_eq!(report["refunds"], 0);
    assert_eq!(report["discrepancyCount"], 3);
    assert_eq!(report["openDiscrepancyCount"], 2);
    assert_eq!(report["healedDiscrepancyCount"], 1);
    let report_id = report["id"].as_str().unwrap().to_owned();

    let found = discrepancies(&app, &admin, &report_id).await;
    assert_eq!(
        found.keys().cloned().collect::<Vec<_>>(),
        ["AMOUNT_DIFFERS", "PAID_NOT_RECORDED", "REFUND_NOT_RECORDED"],
        "{found:?}"
    );
    let healed = &found["PAID_NOT_RECORDED"][0];
    assert_eq!(healed["status"], "HEALED");
    assert_eq!(healed["orderId"], lost_id.as_str());
    assert_eq!(healed["orderNo"], "DAY-LOST");
    assert_eq!(
        (healed["amount"].clone(), healed["billAmount"].clone()),
        (json!(1200), json!(1200))
    );
    assert!(healed["healedAt"].is_string());
    let differs = &found["AMOUNT_DIFFERS"][0];
    assert_eq!(differs["status"], "OPEN");
    assert_eq!(differs["orderId"], changed_id.as_str());
    assert_eq!(differs["amount"], 1500);
    assert_eq!(differs["billAmount"], 1501);
    assert_eq!(differs["billAmountYuan"], "15.01");
    assert!(differs["billLine"].as_i64().unwrap() > 0);
    let portal = &found["REFUND_NOT_RECORDED"][0];
    assert_eq!(portal["status"], "OPEN");
    assert_eq!(portal["orderId"], portal_id.as_str());
    assert_eq!(portal["billAmount"], 300);
    assert!(portal["refundNo"].is_string() && portal["refundId"].is_null());

    // The provider's fee per order, as the bill states it (net of what refunds returned).
    let fee_of = |id: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            app.gql_ok(
                Some(&admin),
                "query($id: ID!){ order(id: $id){ providerFee } }",
                json!({"id": id}),
            )
            .await["order"]["providerFee"]
                .clone()
        }
    };
    assert_eq!(fee_of(clean_id.clone()).await, fee(800));
    assert_eq!(fee_of(portal_id.clone()).await, fee(2000) - returned);
    assert_eq!(fee_of(changed_id.clone()).await, fee(1501));
    let unbilled = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "DAY-LATER", 100, channel),
    )
    .await;
    assert!(fee_of(unbilled["order"]["id"].as_str().unwrap().to_owned())
        .await
        .is_null());

    // Healed through the state machine: PAID once, with the trail's PAID event and the callback.
    assert_eq!(state_of(&app, &shop.api_key, &lost_id).await, "PAID");
    assert_eq!(events_of(&app, &admin, &lost_id, "PAID").await, 1);
    let mut got = callbacks(&mut rx, 3).await;
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got[0].0, "order.paid");
    assert_eq!(got[0].1["data"]["orderId"], lost_id.as_str());
    let open: Vec<&Value> = got[1..].iter().map(|(_, b)| b).collect();
    assert!(open
        .iter()
        .all(|b| b["type"] == "reconciliation.discrepancy"));
    let mut kinds: Vec<&str> = open
        .iter()
        .map(|b| b["data"]["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["AMOUNT_DIFFERS", "REFUND_NOT_RECORDED"]);
    let data = &open
        .iter()
        .find(|b| b["data"]["kind"] == "AMOUNT_DIFFERS")
        .unwrap()["data"];
    assert_eq!(data["projectId"], shop.project_id.as_str());
    assert_eq!(data["reportId"], report_id.as_str());
    assert_eq!(data["discrepancyId"], differs["id"]);
    assert_eq!(data["date"], day.to_string());
    assert_eq!(data["provider"], provider.to_uppercase());
    assert_eq!(data["status"], "OPEN");
    assert_eq!(data["orderId"], changed_id.as_str());
    assert_eq!(data["orderNo"], "DAY-CHANGED");
    assert_eq!(data["amount"], 1500);
    assert_eq!(data["amountYuan"], "15.00");
    assert_eq!(data["billAmount"], 1501);
    assert!(data["detail"].as_str().unwrap().contains("15.01"));
    // A discrepancy about an order shows among that order's callback attempts; a resend sends
    // the order's own event, not the discrepancy.
    let attempts = app
        .gql_ok(
            Some(&admin),
            "query($id: ID!){ order(id: $id){ callbackAttempts { eventId acknowledged } } }",
            json!({"id": changed_id}),
        )
        .await;
    assert_eq!(
        eventually("the discrepancy's delivery recorded", || async {
            let a = app
                .gql_ok(
                    Some(&admin),
                    "query($id: ID!){ order(id: $id){ callbackAttempts { eventId acknowledged } } }",
                    json!({"id": changed_id}),
                )
                .await;
            let n = a["order"]["callbackAttempts"].as_array().unwrap().len();
            (n == 2).then_some(n)
        })
        .await,
        2,
        "{attempts}"
    );
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ resendCallback(orderId: $id){ id } }",
        json!({"id": changed_id}),
    )
    .await;
    assert_eq!(body_of(&rx.next().await)["type"], "order.paid");

    // The gauges follow, without a scan at scrape time.
    let metrics = |app: &TestApp| {
        let url = format!("{}/metrics", app.base);
        let client = app.client.clone();
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let gauge = format!(
        "paycenter_reconciliation_open_discrepancies{{project=\"{}\",provider=\"{provider}\"}}",
        shop.project_id
    );
    assert!(metrics(&app).await.contains(&format!("{gauge} 2")));
    assert!(metrics(&app)
        .await
        .contains(&format!("paycenter_reconciliation_last_success_day_seconds{{project=\"{}\",provider=\"{provider}\"}}", shop.project_id)));

    // Again: nothing new (no second heal, no second callback), the same three.
    let again = reconcile(&app, &admin, &shop.project_id, day, provider).await;
    assert_eq!(again["id"], report_id.as_str());
    assert_eq!(again["attempts"], 2);
    assert_eq!(again["discrepancyCount"], 3);
    assert_eq!(again["openDiscrepancyCount"], 2);
    assert_eq!(events_of(&app, &admin, &lost_id, "PAID").await, 1);
    no_more_callbacks(&mut rx).await;
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM callback_events WHERE order_id = '{lost_id}' AND event_type = 'order.paid'")
        )
        .await,
        1
    );

    // Open until a person resolves them (admins only; a note is required).
    let key_try = app
        .gql(
            Some(&shop.api_key),
            RESOLVE,
            json!({"id": differs["id"], "n": "checked"}),
        )
        .await;
    assert_eq!(error_code(&key_try), "FORBIDDEN");
    let empty = app
        .gql(
            Some(&admin),
            RESOLVE,
            json!({"id": differs["id"], "n": "  "}),
        )
        .await;
    assert_eq!(error_code(&empty), "BAD_USER_INPUT");
    let r = app
        .gql_ok(
            Some(&admin),
            RESOLVE,
            json!({"id": differs["id"], "n": "the provider's coupon; booked by finance"}),
        )
        .await["resolveDiscrepancy"]
        .clone();
    assert_eq!(r["status"], "RESOLVED");
    assert_eq!(r["resolvedBy"], "admin");
    assert_eq!(
        r["resolutionNote"],
        "the provider's coupon; booked by finance"
    );
    assert!(r["resolvedAt"].is_string());
    let twice = app
        .gql(
            Some(&admin),
            RESOLVE,
            json!({"id": differs["id"], "n": "again"}),
        )
        .await;
    assert_eq!(error_code(&twice), "BAD_USER_INPUT");
    let healed_try = app
        .gql(Some(&admin), RESOLVE, json!({"id": healed["id"], "n": "x"}))
        .await;
    assert_eq!(error_code(&healed_try), "BAD_USER_INPUT");
    // The person's decision is in the audit log (once: the refused attempts wrote nothing).
    let log = app
        .gql_ok(
            Some(&admin),
            "{ auditLog(filter: {action: DISCREPANCY_RESOLVED}){ totalCount edges { node { actorName targetType targetId projectId } } } }",
            json!({}),
        )
        .await;
    assert_eq!(log["auditLog"]["totalCount"], 1, "{log}");
    let entry = &log["auditLog"]["edges"][0]["node"];
    assert_eq!(entry["actorName"], "admin");
    assert_eq!(entry["targetType"], "DISCREPANCY");
    assert_eq!(entry["targetId"], differs["id"]);
    assert_eq!(entry["projectId"], shop.project_id.as_str());
    app.gql_ok(
        Some(&admin),
        RESOLVE,
        json!({"id": portal["id"], "n": "refund made by support in the portal"}),
    )
    .await;
    let listed = app
        .gql_ok(
            Some(&shop.api_key),
            &format!(
                "query($p: ID!){{ reconciliationReports(filter: {{projectId: $p}}){{ totalCount edges {{ node {{ {REPORT} }} }} }} }}"
            ),
            json!({"p": shop.project_id}),
        )
        .await;
    assert_eq!(listed["reconciliationReports"]["totalCount"], 1, "{listed}");
    let node = &listed["reconciliationReports"]["edges"][0]["node"];
    assert_eq!(node["openDiscrepancyCount"], 0);
    assert_eq!(node["discrepancyCount"], 3);
    assert!(metrics(&app).await.contains(&format!("{gauge} 0")));
    let open_left = app
        .gql_ok(
            Some(&admin),
            "query($p: ID!){ discrepancies(filter: {projectId: $p, status: OPEN}){ totalCount edges { node { id } } } }",
            json!({"p": shop.project_id}),
        )
        .await;
    assert_eq!(open_left["discrepancies"]["totalCount"], 0, "{open_left}");
    // Counted across pages: one per page, three in all.
    let paged = app
        .gql_ok(
            Some(&admin),
            "query($p: ID!){ discrepancies(filter: {projectId: $p}, first: 1){ totalCount edges { node { id } } pageInfo { hasNextPage } } }",
            json!({"p": shop.project_id}),
        )
        .await;
    assert_eq!(paged["discrepancies"]["totalCount"], 3, "{paged}");
    assert_eq!(paged["discrepancies"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(
        open_left["discrepancies"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // A third run keeps what people decided.
    let third = reconcile(&app, &admin, &shop.project_id, day, provider).await;
    assert_eq!(third["openDiscrepancyCount"], 0);
    let found = discrepancies(&app, &admin, &report_id).await;
    assert_eq!(found["AMOUNT_DIFFERS"][0]["status"], "RESOLVED");
    assert_eq!(found["REFUND_NOT_RECORDED"][0]["status"], "RESOLVED");
    assert_eq!(found["PAID_NOT_RECORDED"][0]["status"], "HEALED");
}

#[tokio::test]
async fn the_issues_day_on_wechat_pay() {
    the_issues_day("WECHAT_NATIVE").await;
}

#[tokio::test]
async fn the_issues_day_on_alipay() {
    the_issues_day("ALIPAY_QR").await;
}

/// `yyyyMMddHHmmss`, Beijing time, now.
fn wechat_now() -> String {
    (Utc::now() + TimeDelta::hours(8))
        .format("%Y%m%d%H%M%S")
        .to_string()
}

/// A pay notify signed with the merchant's key for a trade the provider never saw paid (a key
/// that leaked, or a bug on the provider's side): paycenter believes it.
fn forged_pay_notify(shop: &Shop, order_no: &str, total_fee: i64) -> String {
    let mut f = std::collections::BTreeMap::new();
    for (k, v) in [
        ("appid", shop.wechat_app_id().to_owned()),
        ("mch_id", shop.mch_id().to_owned()),
        ("nonce_str", "n0nce".to_owned()),
        ("result_code", "SUCCESS".to_owned()),
        ("return_code", "SUCCESS".to_owned()),
        ("openid", "oForged".to_owned()),
        ("trade_type", "NATIVE".to_owned()),
        ("bank_type", "CMC".to_owned()),
        ("fee_type", "CNY".to_owned()),
        ("transaction_id", "4200000000209999999999999999".to_owned()),
        ("out_trade_no", order_no.to_owned()),
        ("time_end", wechat_now()),
        ("total_fee", total_fee.to_string()),
        ("cash_fee", total_fee.to_string()),
    ] {
        f.insert(k.to_owned(), v);
    }
    sign::add_sign(&mut f, shop.wechat_api_key(), sign::SignType::Md5);
    xml::encode(&f)
}

/// A refund notify (encrypted with the merchant's key) stating `status` now.
fn forged_refund_notify(
    shop: &Shop,
    order_no: &str,
    refund_no: &str,
    fee: i64,
    status: &str,
) -> String {
    let at = (Utc::now() + TimeDelta::hours(8))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let mut root = String::from("<root>");
    for (k, v) in [
        ("out_trade_no", order_no.to_owned()),
        ("out_refund_no", refund_no.to_owned()),
        ("refund_id", "50300000000000000000000000999".to_owned()),
        ("refund_fee", fee.to_string()),
        ("settlement_refund_fee", fee.to_string()),
        ("refund_status", status.to_owned()),
        ("success_time", at),
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
        (
            "req_info",
            refund_crypto::encrypt_req_info(&root, shop.wechat_api_key()),
        ),
    ] {
        outer.insert(k.to_owned(), v);
    }
    xml::encode(&outer)
}

const REFUND: &str = "mutation($id: ID!, $no: String!, $amount: Int!){
    refundOrder(id: $id, refundNo: $no, amount: $amount){ id state } }";

async fn refund(app: &TestApp, token: &str, id: &str, no: &str, amount: i64) -> Value {
    app.gql_ok(
        Some(token),
        REFUND,
        json!({"id": id, "no": no, "amount": amount}),
    )
    .await["refundOrder"]
        .clone()
}

async fn refund_state(app: &TestApp, token: &str, order_id: &str, no: &str) -> String {
    let o = app
        .gql_ok(
            Some(token),
            "query($id: ID!){ order(id: $id){ refunds { refundNo state } } }",
            json!({"id": order_id}),
        )
        .await;
    o["order"]["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["refundNo"] == no)
        .map(|r| r["state"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The kinds the issue's day does not show, produced through the sandbox: a payment the provider
/// has for an order paycenter never created, a payment paycenter believes (a forged notify) the
/// bill does not have, a refund SUCCEEDED here (a forged notify) the bill does not have, a
/// refund whose notify was lost (healed by a query) and a refund FAILED here the bill shows
/// refunded.
#[tokio::test]
async fn every_other_kind_is_found_and_healed_where_a_query_settles_it() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let mch = shop.mch_id().to_owned();
    let ch = "WECHAT_NATIVE";

    // A trade made at the provider with the merchant's credentials by someone else.
    let client = paycenter_providers::registry::Providers::new(
        paycenter_providers::ProviderEndpoints::sandbox(&format!("{}/sandbox", app.base)),
    )
    .unwrap()
    .wechat(paycenter_providers::WechatCredentials {
        app_id: shop.wechat_app_id().to_owned(),
        mch_id: mch.clone(),
        api_key: secrecy::SecretString::from(shop.wechat_api_key().to_owned()),
        app_secret: None,
        client_identity_pem: None,
    })
    .unwrap();
    use paycenter_providers::Prepay;
    client
        .prepay(&paycenter_providers::PrepayRequest {
            product: paycenter_domain::Product::Qr,
            out_trade_no: "ELSEWHERE-1".into(),
            amount: paycenter_domain::Amount::payable(660).unwrap(),
            subject: "Sold elsewhere".into(),
            attach: None,
            notify_url: "http://127.0.0.1:9/nowhere".into(),
            expires_at: Utc::now() + TimeDelta::minutes(30),
            payer_openid: None,
            client_ip: "127.0.0.1".into(),
            return_url: None,
            quit_url: None,
        })
        .await
        .unwrap();
    fault(
        &app,
        json!({"merchantId": mch, "outTradeNo": "ELSEWHERE-1", "dropNotifies": true}),
    )
    .await;
    assert_eq!(
        buyer(&app, "wechat", &mch, "ELSEWHERE-1", "SUCCESS")
            .await
            .0,
        200
    );

    // A payment only paycenter believes in.
    let forged = pay_ok(&app, &shop.api_key, pay_input(&shop, "K-FORGED", 900, ch)).await["order"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop.project_id),
        forged_pay_notify(&shop, "K-FORGED", 900),
        "text/xml",
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    wait_state(&app, &shop.api_key, &forged, "PAID").await;

    // A refund the provider never received, settled here by a forged notify.
    let unbilled = paid(&app, &shop, "K-UNBILLED", 1000, ch).await;
    fault(
        &app,
        json!({"merchantId": mch, "httpStatus": 503, "count": 1}),
    )
    .await;
    assert_eq!(
        refund(&app, &shop.api_key, &unbilled, "R-UNBILLED", 100).await["state"],
        "PROCESSING"
    );
    let (status, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}/refund", shop.project_id),
        forged_refund_notify(&shop, "K-UNBILLED", "R-UNBILLED", 100, "SUCCESS"),
        "text/xml",
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        refund_state(&app, &shop.api_key, &unbilled, "R-UNBILLED").await,
        "SUCCEEDED"
    );

    // A refund whose notify was lost: PROCESSING here, refunded at the provider.
    let missed = paid(&app, &shop, "K-MISSED", 1000, ch).await;
    fault(
        &app,
        json!({"merchantId": mch, "outTradeNo": "K-MISSED", "dropNotifies": true}),
    )
    .await;
    assert_eq!(
        refund(&app, &shop.api_key, &missed, "R-MISSED", 250).await["state"],
        "PROCESSING"
    );

    // A refund FAILED here that the provider made.
    let failed = paid(&app, &shop, "K-FAILED", 1000, ch).await;
    fault(
        &app,
        json!({"merchantId": mch, "outTradeNo": "K-FAILED", "dropNotifies": true}),
    )
    .await;
    refund(&app, &shop.api_key, &failed, "R-FAILED", 400).await;
    let (status, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}/refund", shop.project_id),
        forged_refund_notify(&shop, "K-FAILED", "R-FAILED", 400, "REFUNDCLOSE"),
        "text/xml",
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        refund_state(&app, &shop.api_key, &failed, "R-FAILED").await,
        "FAILED"
    );

    // order.paid ×4 (forged, unbilled, missed, failed) and order.refunded ×1 (unbilled).
    let before = callbacks(&mut rx, 5).await;
    assert_eq!(
        before.iter().filter(|(t, _)| t == "order.paid").count(),
        4,
        "{before:?}"
    );

    let day = bills_ready(&app).await;
    let report = reconcile(&app, &admin, &shop.project_id, day, "WECHAT").await;
    assert_eq!(report["status"], "DONE", "{report}");
    assert_eq!(report["discrepancyCount"], 5, "{report}");
    assert_eq!(report["openDiscrepancyCount"], 4);
    assert_eq!(report["healedDiscrepancyCount"], 1);
    let found = discrepancies(&app, &admin, report["id"].as_str().unwrap()).await;
    assert_eq!(
        found.keys().cloned().collect::<Vec<_>>(),
        [
            "MISSING_FROM_BILL",
            "PAID_NOT_RECORDED",
            "REFUND_MISSING_FROM_BILL",
            "STATE_DIFFERS"
        ],
        "{found:?}"
    );
    let elsewhere = &found["PAID_NOT_RECORDED"][0];
    assert_eq!(elsewhere["status"], "OPEN");
    assert_eq!(elsewhere["orderNo"], "ELSEWHERE-1");
    assert!(elsewhere["orderId"].is_null());
    assert_eq!(elsewhere["billAmount"], 660);
    let missing = &found["MISSING_FROM_BILL"][0];
    assert_eq!(
        (missing["status"].clone(), missing["orderId"].clone()),
        (json!("OPEN"), json!(forged))
    );
    assert!(
        missing["detail"].as_str().unwrap().contains("not paid"),
        "{missing}"
    );
    let unbilled_refund = &found["REFUND_MISSING_FROM_BILL"][0];
    assert_eq!(unbilled_refund["status"], "OPEN");
    assert_eq!(unbilled_refund["refundNo"], "R-UNBILLED");
    assert_eq!(unbilled_refund["amount"], 100);
    let states = &found["STATE_DIFFERS"];
    assert_eq!(states.len(), 2);
    let by_no = |no: &str| states.iter().find(|d| d["refundNo"] == no).unwrap().clone();
    assert_eq!(by_no("R-MISSED")["status"], "HEALED");
    assert_eq!(by_no("R-FAILED")["status"], "OPEN");

    // The missed refund went through the state machine once: SUCCEEDED, the order partially
    // refunded, its callback sent.
    assert_eq!(
        refund_state(&app, &shop.api_key, &missed, "R-MISSED").await,
        "SUCCEEDED"
    );
    assert_eq!(
        state_of(&app, &shop.api_key, &missed).await,
        "PARTIALLY_REFUNDED"
    );
    assert_eq!(
        events_of(&app, &admin, &missed, "REFUND_SUCCEEDED").await,
        1
    );
    let after = callbacks(&mut rx, 5).await;
    let refunded: Vec<_> = after
        .iter()
        .filter(|(t, _)| t == "order.refunded")
        .collect();
    assert_eq!(refunded.len(), 1, "{after:?}");
    assert_eq!(refunded[0].1["data"]["refundNo"], "R-MISSED");
    let about: Vec<&Value> = after
        .iter()
        .filter(|(t, _)| t == "reconciliation.discrepancy")
        .map(|(_, b)| &b["data"])
        .collect();
    assert_eq!(about.len(), 4);
    // The one about a trade paycenter never created belongs to no order.
    let orphan = about
        .iter()
        .find(|d| d["orderNo"] == "ELSEWHERE-1")
        .unwrap();
    assert!(orphan["orderId"].is_null());
    assert_eq!(orphan["kind"], "PAID_NOT_RECORDED");
    no_more_callbacks(&mut rx).await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM callback_events WHERE order_id IS NULL"
        )
        .await,
        1
    );
    eventually("the orphan event delivered", || async {
        let n = count(
            &app,
            "SELECT COUNT(*) AS n FROM callback_attempts WHERE order_id IS NULL AND acknowledged",
        )
        .await;
        (n == 1).then_some(())
    })
    .await;
}

/// A day with nothing at the provider (WeChat: no bill; checked after the day's bills are due)
/// makes everything paycenter recorded that day missing from the bill.
#[tokio::test]
async fn a_day_the_provider_states_empty() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    // A payment only paycenter believes in, three days ago (its notify says so).
    let id = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "EMPTY-1", 500, "WECHAT_NATIVE"),
    )
    .await["order"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let day = paycenter_providers::bills::beijing_date(Utc::now()) - TimeDelta::days(3);
    let mut notify = forged_pay_notify(&shop, "EMPTY-1", 500);
    let then = (day.and_hms_opt(15, 0, 0).unwrap())
        .format("%Y%m%d%H%M%S")
        .to_string();
    // Re-sign with the old time.
    let mut f = xml::decode(notify.as_bytes()).unwrap();
    f.insert("time_end".into(), then);
    f.remove("sign");
    sign::add_sign(&mut f, shop.wechat_api_key(), sign::SignType::Md5);
    notify = xml::encode(&f);
    let (status, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop.project_id),
        notify,
        "text/xml",
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    wait_state(&app, &shop.api_key, &id, "PAID").await;
    let report = reconcile(&app, &admin, &shop.project_id, day, "WECHAT").await;
    assert_eq!(report["status"], "DONE", "{report}");
    assert_eq!(report["billPayments"], 0);
    assert_eq!(report["payments"], 1);
    let found = discrepancies(&app, &admin, report["id"].as_str().unwrap()).await;
    assert_eq!(
        found.keys().cloned().collect::<Vec<_>>(),
        ["MISSING_FROM_BILL"]
    );
    // Alipay has no bill for days before the merchant existed: nothing can be concluded.
    let alipay = reconcile(&app, &admin, &shop.project_id, day, "ALIPAY").await;
    assert_eq!(alipay["status"], "NO_BILL", "{alipay}");
    assert!(alipay["lastError"]
        .as_str()
        .unwrap()
        .contains("BILL_NOT_EXIST"));
    // The future cannot be reconciled.
    let v = app
        .gql(
            Some(&admin),
            &reconcile_query(),
            json!({"p": shop.project_id, "d": (day + TimeDelta::days(10)).to_string(), "v": "WECHAT"}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
}

/// The daily job: scheduled once however often (and by however many) it is asked, retried on
/// the schedule while the bill is not ready, done once it is.
#[tokio::test]
async fn a_bill_that_is_not_ready_is_retried_by_the_job() {
    let app = spawn_app_with(|s| {
        fast(s);
        s.reconciliation.retry_schedule = vec![Duration::from_millis(300)];
    })
    .await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let lost_id = lost(&app, &shop, "JOB-LOST", 700, "WECHAT_NATIVE").await;
    let now = Utc::now();
    let day = paycenter_providers::bills::beijing_date(now);
    // Tomorrow 00:30 Beijing: yesterday's (our day's) bill is due at 10:00.
    let early = (day + TimeDelta::days(1))
        .and_hms_opt(0, 30, 0)
        .unwrap()
        .and_utc()
        - TimeDelta::hours(8);
    let (status, body) = sandbox(
        &app,
        "/settings",
        json!({"billClock": early.to_rfc3339(), "billReadyHour": 10}),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let created = paycenter::services::reconciliation::schedule(&app.core, day)
        .await
        .unwrap();
    assert_eq!(created, 2, "one report per configured provider");
    assert_eq!(
        paycenter::services::reconciliation::schedule(&app.core, day)
            .await
            .unwrap(),
        0
    );
    let report = || wechat_report(&app, &admin, &shop.project_id);
    let waiting = eventually("NOT_READY, retried", || async {
        let r = report().await;
        (r["status"] == "NOT_READY" && r["attempts"].as_i64().unwrap() >= 2).then_some(r)
    })
    .await;
    assert!(
        waiting["lastError"]
            .as_str()
            .unwrap()
            .contains("Bill Creating"),
        "{waiting}"
    );
    assert!(waiting["nextAttemptAt"].is_string());
    assert_eq!(state_of(&app, &shop.api_key, &lost_id).await, "PENDING");

    // Ten o'clock: the bill is out; the next attempt reconciles the day.
    let ready = early + TimeDelta::hours(10);
    sandbox(
        &app,
        "/settings",
        json!({"billClock": ready.to_rfc3339(), "billReadyHour": 10}),
    )
    .await;
    let done = eventually("DONE", || async {
        let r = report().await;
        (r["status"] == "DONE").then_some(r)
    })
    .await;
    assert!(
        done["lastError"].is_null() && done["nextAttemptAt"].is_null(),
        "{done}"
    );
    assert_eq!(done["healedDiscrepancyCount"], 1);
    assert_eq!(state_of(&app, &shop.api_key, &lost_id).await, "PAID");
    eventually("the job done", || async {
        let n = count(
            &app,
            "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'RECONCILE_DAY' AND state = 'DONE'",
        )
        .await;
        (n == 2).then_some(())
    })
    .await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM reconciliation_reports").await,
        2
    );
}

/// The project's one WeChat report.
async fn wechat_report(app: &TestApp, admin: &str, project: &str) -> Value {
    let q = format!(
        "query($p: ID!){{ reconciliationReports(filter: {{projectId: $p, provider: WECHAT}}){{ edges {{ node {{ {REPORT} }} }} }} }}"
    );
    let d = app.gql_ok(Some(admin), &q, json!({"p": project})).await;
    let edges = d["reconciliationReports"]["edges"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edges.len(), 1, "{d}");
    edges[0]["node"].clone()
}

#[test]
fn the_schedule_reconciles_yesterday_after_run_at() {
    use paycenter::services::reconciliation::due_day;
    let at = chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap();
    // 2026-12-02 10:29 Beijing = 02:29 UTC: the day before yesterday is the last one due.
    let before: chrono::DateTime<Utc> = "2026-12-02T02:29:00Z".parse().unwrap();
    assert_eq!(
        due_day(before, at),
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    );
    let after: chrono::DateTime<Utc> = "2026-12-02T02:30:00Z".parse().unwrap();
    assert_eq!(
        due_day(after, at),
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    let (start, end) = paycenter::services::reconciliation::day_bounds(
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    );
    assert_eq!(
        start,
        "2026-11-30T16:00:00Z"
            .parse::<chrono::DateTime<Utc>>()
            .unwrap()
    );
    assert_eq!(end - start, TimeDelta::days(1));
}

/// Two instances (PostgreSQL) or two requests at once (SQLite) on one day: one report, one run
/// at a time, the lost payment healed once with one callback.
#[tokio::test]
async fn two_runners_on_one_day_make_one_report() {
    let (a, b) = match spawn_pair(fast).await {
        Some(pair) => pair,
        None => {
            let app = spawn_app_with(fast).await;
            return racing(&app, &app).await;
        }
    };
    racing(&a, &b).await;
}

async fn racing(a: &TestApp, b: &TestApp) {
    let admin_a = a.admin_token().await;
    let admin_b = b.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(a, &admin_a, json!({"callbackUrl": rx.url})).await;
    let mut lost_ids = Vec::new();
    for i in 0..5 {
        lost_ids.push(lost(a, &shop, &format!("RACE-{i}"), 100 + i, "WECHAT_NATIVE").await);
    }
    let day = bills_ready(a).await;
    // The sandbox of each instance keeps its own settings (they share trades in the database).
    if a.base != b.base {
        bills_ready(b).await;
    }
    // Both schedule the day at once: one report, one job.
    let (x, y) = tokio::join!(
        paycenter::services::reconciliation::schedule(&a.core, day),
        paycenter::services::reconciliation::schedule(&b.core, day)
    );
    assert_eq!(x.unwrap() + y.unwrap(), 2, "two providers, scheduled once");
    // And both run it by hand at once, while the jobs run it too.
    let q = reconcile_query();
    let vars = json!({"p": shop.project_id, "d": day.to_string(), "v": "WECHAT"});
    let (ra, rb) = tokio::join!(
        a.gql(Some(&admin_a), &q, vars.clone()),
        b.gql(Some(&admin_b), &q, vars.clone())
    );
    for r in [&ra, &rb] {
        assert!(r.get("errors").is_none(), "{r}");
    }
    let id = ra["data"]["reconcile"][0]["id"].clone();
    assert_eq!(rb["data"]["reconcile"][0]["id"], id);
    let done = eventually("DONE", || async {
        let d = a
            .gql_ok(
                Some(&admin_a),
                &format!("query($id: ID!){{ reconciliationReport(id: $id){{ {REPORT} }} }}"),
                json!({"id": id}),
            )
            .await;
        let r = d["reconciliationReport"].clone();
        (r["status"] == "DONE").then_some(r)
    })
    .await;
    assert_eq!(done["discrepancyCount"], 5, "{done}");
    assert_eq!(done["healedDiscrepancyCount"], 5);
    assert_eq!(
        count(
            a,
            "SELECT COUNT(*) AS n FROM reconciliation_reports WHERE provider = 'wechat'"
        )
        .await,
        1
    );
    assert_eq!(count(a, "SELECT COUNT(*) AS n FROM discrepancies").await, 5);
    for id in &lost_ids {
        assert_eq!(events_of(a, &admin_a, id, "PAID").await, 1);
    }
    let got = callbacks(&mut rx, 5).await;
    assert!(got.iter().all(|(t, _)| t == "order.paid"));
    no_more_callbacks(&mut rx).await;
    assert_eq!(
        count(
            a,
            "SELECT COUNT(*) AS n FROM callback_events WHERE event_type = 'order.paid'"
        )
        .await,
        5
    );
}

/// `paycenter reconcile --date … --project …` runs the day in its own process, against the
/// server's database and sandbox, and prints the report.
#[tokio::test]
async fn the_command_reconciles_and_prints_the_report() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let lost_id = lost(&app, &shop, "CLI-LOST", 321, "WECHAT_NATIVE").await;
    let changed = paycenter_domain::Amount::payable(555).unwrap().fen();
    paid(&app, &shop, "CLI-CHANGED", changed, "WECHAT_NATIVE").await;
    fault(
        &app,
        json!({"merchantId": shop.mch_id(), "outTradeNo": "CLI-CHANGED", "billAmountFen": 556}),
    )
    .await;
    let day = bills_ready(&app).await;
    let run = |args: Vec<String>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_paycenter"));
        cmd.arg("reconcile")
            .args(args)
            .env_remove("PAYCENTER_TEST_DATABASE_URL")
            .env("PAYCENTER_DATABASE_URL", &app.core.settings.database.url)
            .env("PAYCENTER_SERVER_PUBLIC_URL", &app.base)
            .env("PAYCENTER_SECRETS_JWT_SECRET", crate::helpers::JWT_SECRET)
            .env("PAYCENTER_SECRETS_MASTER_KEY", crate::helpers::MASTER_KEY)
            .env(
                "PAYCENTER_SECRETS_ADMIN_PASSWORD",
                crate::helpers::ADMIN_PASSWORD,
            );
        async move {
            tokio::task::spawn_blocking(move || cmd.output().unwrap())
                .await
                .unwrap()
        }
    };
    let out = run(vec![
        "--date".into(),
        day.to_string(),
        "--project".into(),
        shop.project_id.clone(),
        "--provider".into(),
        "wechat".into(),
    ])
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "project {} · wechat · {day} · DONE",
            shop.project_id
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("discrepancies: 2 (1 open, 1 healed)"),
        "{stdout}"
    );
    assert!(stdout.contains("AMOUNT_DIFFERS CLI-CHANGED"), "{stdout}");
    assert!(
        stdout.contains("HEALED PAID_NOT_RECORDED CLI-LOST"),
        "{stdout}"
    );
    // Healed by the command, seen by the server.
    assert_eq!(state_of(&app, &shop.api_key, &lost_id).await, "PAID");
    // A day not yet billed (today, with the desk's real clock) is not settled: exit 1.
    sandbox_delete_settings(&app).await;
    let out = run(vec![
        "--date".into(),
        day.to_string(),
        "--project".into(),
        shop.project_id.clone(),
        "--provider".into(),
        "alipay".into(),
    ])
    .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT_READY"));
    let out = run(vec!["--date".into(), "2026-13-01".into()]).await;
    assert!(!out.status.success());
}

async fn sandbox_delete_settings(app: &TestApp) {
    let r = app
        .client
        .delete(format!("{}/sandbox/settings", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
