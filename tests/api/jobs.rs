//! The outbox at work: merchant callbacks (signed, retried, recorded, resent), SSRF refusal,
//! expiry, reconciliation of a lost notify, metrics, and several instances on PostgreSQL.

use std::time::Duration;

use paycenter::config::Settings;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{
    error_code, eventually, spawn_app_with, spawn_pair, verify_signature, TestApp,
};
use crate::receiver::Receiver;

fn fast(s: &mut Settings) {
    s.sandbox.notify_speedup = 1000;
    s.callbacks.schedule = vec![Duration::from_millis(20); 3];
    s.reconcile.schedule = vec![Duration::from_secs(3600)];
    s.worker.poll_interval = Duration::from_millis(50);
}

async fn paid_order(app: &TestApp, shop: &Shop, no: &str, amount: i64) -> String {
    let out = pay_ok(
        app,
        &shop.api_key,
        pay_input(shop, no, amount, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let (status, body) = buyer(app, "wechat", shop.mch_id(), no, "SUCCESS").await;
    assert_eq!(status, 200, "{body}");
    id
}

const ATTEMPTS: &str = "query($id: ID!){ order(id: $id){ state callbackDelivered callbackAttempts { eventId attempt httpStatus acknowledged latencyMs responseExcerpt error } } }";

#[tokio::test]
async fn callbacks_are_signed_retried_until_acknowledged_and_recorded() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[500, 503]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let id = paid_order(&app, &shop, "CB-1", 1234).await;

    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(rx.next().await);
    }
    let first = &seen[0];
    assert!(
        seen.iter()
            .all(|d| d.event_id == first.event_id && d.body == first.body),
        "one event, retried"
    );
    for d in &seen {
        assert!(
            verify_signature(&shop.signing_secret, &d.signature, &d.body),
            "{}",
            d.signature
        );
    }
    let body: Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(body["id"], first.event_id.as_str());
    assert_eq!(body["type"], "order.paid");
    let data = &body["data"];
    assert_eq!(data["orderId"], id.as_str());
    assert_eq!(data["orderNo"], "CB-1");
    assert_eq!(data["amount"], 1234);
    assert_eq!(data["amountYuan"], "12.34");
    assert_eq!(data["paidAmount"], 1234);
    assert_eq!(data["state"], "PAID");
    assert!(
        data["providerTradeNo"].is_string()
            && data["payer"].is_string()
            && data["paidAt"].is_string()
    );

    let o = eventually("callbackDelivered", || async {
        let d = app
            .gql_ok(Some(&shop.api_key), ATTEMPTS, json!({"id": id}))
            .await;
        (d["order"]["callbackDelivered"] == true).then(|| d["order"].clone())
    })
    .await;
    let attempts = o["callbackAttempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "{o}");
    assert_eq!(attempts[0]["httpStatus"], 500);
    assert_eq!(attempts[0]["acknowledged"], false);
    assert_eq!(attempts[1]["httpStatus"], 503);
    assert_eq!(attempts[2]["httpStatus"], 200);
    assert_eq!(attempts[2]["acknowledged"], true);
    assert_eq!(
        attempts
            .iter()
            .map(|a| a["attempt"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
}

#[tokio::test]
async fn a_callback_that_runs_out_of_retries_fails_and_can_be_resent() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[500; 4]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let id = paid_order(&app, &shop, "CB-2", 100).await;
    // 1 attempt + 3 retries, all refused.
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(rx.next().await.event_id);
    }
    let failed = eventually("the job to fail", || async {
        let rows = app
            .core
            .db
            .query_all_raw(Statement::from_string(
                app.core.db.get_database_backend(),
                "SELECT state FROM jobs WHERE kind = 'CALLBACK'",
            ))
            .await
            .unwrap();
        let states: Vec<String> = rows
            .iter()
            .map(|r| r.try_get("", "state").unwrap())
            .collect();
        (states == ["FAILED"]).then_some(states)
    })
    .await;
    assert_eq!(failed, ["FAILED"]);
    assert_eq!(
        app.gql_ok(Some(&admin), ATTEMPTS, json!({"id": id})).await["order"]["callbackDelivered"],
        false
    );

    // The merchant fixed its server; resending delivers the same event.
    rx.answer(&[]);
    let v = app
        .gql(
            Some(&admin),
            "mutation($id: ID!){ resendCallback(orderId: $id){ id } }",
            json!({"id": id}),
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    let d = rx.next().await;
    assert_eq!(d.event_id, ids[0]);
    eventually("delivery", || async {
        let d = app.gql_ok(Some(&admin), ATTEMPTS, json!({"id": id})).await;
        (d["order"]["callbackDelivered"] == true).then_some(())
    })
    .await;
    // Only merchants may resend; an order with no event yet cannot be resent.
    let (user_token, _) = user(&app, &shop).await;
    let v = app
        .gql(
            Some(&user_token),
            "mutation($id: ID!){ resendCallback(orderId: $id){ id } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&v), "FORBIDDEN");
    let pending = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "CB-3", 100, "ALIPAY_QR"),
    )
    .await;
    let v = app
        .gql(
            Some(&admin),
            "mutation($id: ID!){ resendCallback(orderId: $id){ id } }",
            json!({"id": pending["order"]["id"]}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
}

#[tokio::test]
async fn private_callback_targets_are_refused_outside_the_sandbox() {
    let app = spawn_app_with(|s| s.sandbox.enabled = false).await;
    let admin = app.admin_token().await;
    for url in [
        "http://127.0.0.1:9/cb",
        "http://10.0.0.7/cb",
        "http://[::1]/cb",
        "http://localhost/cb",
        "http://169.254.169.254/latest",
    ] {
        let v = app
            .gql(
                Some(&admin),
                "mutation($i: CreateProjectInput!){ createProject(input: $i){ apiKey } }",
                json!({"i": {"name": "x", "callbackUrl": url}}),
            )
            .await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{url}: {v}");
    }
    let ok = app
        .gql(
            Some(&admin),
            "mutation($i: CreateProjectInput!){ createProject(input: $i){ apiKey } }",
            json!({"i": {"name": "x", "callbackUrl": "https://merchant.example.com/cb"}}),
        )
        .await;
    assert!(ok.get("errors").is_none(), "{ok}");
    // The sandbox is off here: no emulator routes.
    let r = app
        .client
        .post(format!("{}/sandbox/merchants", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

/// Moves an order's expiry (and its EXPIRE job) to now, as if its time had passed.
async fn expire_now(app: &TestApp, order_id: &str) {
    let db = &app.core.db;
    let backend = db.get_database_backend();
    let now = chrono::Utc::now() - chrono::Duration::seconds(1);
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            "UPDATE orders SET expires_at = $1 WHERE id = $2"
        } else {
            "UPDATE orders SET expires_at = ?1 WHERE id = ?2"
        },
        [now.into(), order_id.into()],
    ))
    .await
    .unwrap();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            "UPDATE jobs SET run_at = $1 WHERE order_id = $2 AND kind = 'EXPIRE'"
        } else {
            "UPDATE jobs SET run_at = ?1 WHERE order_id = ?2 AND kind = 'EXPIRE'"
        },
        [now.into(), order_id.into()],
    ))
    .await
    .unwrap();
    app.core.worker.wake();
}

#[tokio::test]
async fn expired_orders_close_at_the_provider_unless_the_buyer_paid() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let key = shop.api_key.clone();

    let out = pay_ok(&app, &key, pay_input(&shop, "X-1", 100, "WECHAT_NATIVE")).await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let mut sub = Subscription::start(&app, &key, PAYMENT_STATUS, json!({"id": id})).await;
    assert_eq!(
        sub.next().await["payload"]["data"]["paymentStatus"]["state"],
        "PENDING"
    );
    expire_now(&app, &id).await;
    let states = sub.until_complete().await;
    assert_eq!(
        states.last().unwrap()["data"]["paymentStatus"]["state"],
        "CLOSED"
    );
    let o = order(&app, &key, &id).await;
    assert!(
        o["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "EXPIRED"),
        "{o}"
    );
    // The provider closed it too: the buyer can no longer pay.
    let (status, _) = buyer(&app, "wechat", shop.mch_id(), "X-1", "SUCCESS").await;
    assert_eq!(status, 409);
    let cb = rx.next().await;
    assert_eq!(
        serde_json::from_str::<Value>(&cb.body).unwrap()["type"],
        "order.closed"
    );

    // Paid at the provider with the notify lost: expiry learns of the payment, which wins.
    app.client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&json!({"merchantId": shop.mch_id(), "dropNotifies": true}))
        .send()
        .await
        .unwrap();
    let id2 = paid_order(&app, &shop, "X-2", 100).await;
    let mut sub = Subscription::start(&app, &key, PAYMENT_STATUS, json!({"id": id2})).await;
    assert_eq!(
        sub.next().await["payload"]["data"]["paymentStatus"]["state"],
        "PENDING"
    );
    expire_now(&app, &id2).await;
    let states = sub.until_complete().await;
    assert_eq!(
        states.last().unwrap()["data"]["paymentStatus"]["state"],
        "PAID"
    );
}

#[tokio::test]
async fn a_lost_notify_is_recovered_by_reconciliation() {
    let app = spawn_app_with(|s| {
        fast(s);
        s.reconcile.schedule = vec![Duration::from_millis(100)];
    })
    .await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    app.client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&json!({"merchantId": shop.alipay_app_id(), "dropNotifies": true}))
        .send()
        .await
        .unwrap();
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "L-1", 100, "ALIPAY_QR"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let mut sub = Subscription::start(&app, &shop.api_key, PAYMENT_STATUS, json!({"id": id})).await;
    assert_eq!(
        sub.next().await["payload"]["data"]["paymentStatus"]["state"],
        "PENDING"
    );
    let (status, body) = buyer(&app, "alipay", shop.alipay_app_id(), "L-1", "SUCCESS").await;
    assert_eq!(status, 200, "{body}");
    let states = sub.until_complete().await;
    assert_eq!(
        states.last().unwrap()["data"]["paymentStatus"]["state"],
        "PAID"
    );
    let o = order(&app, &admin, &id).await;
    let paid = o["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "PAID")
        .unwrap();
    assert!(
        paid["detail"].as_str().unwrap().starts_with("QUERY"),
        "paid through a query: {paid}"
    );

    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Counted as it happened (no scan of the orders table at scrape time).
    assert!(
        metrics.contains("paycenter_order_state_changes_total{to=\"PAID\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("paycenter_orders_created_total{channel=\"ALIPAY_QR\"} 1"),
        "{metrics}"
    );
    assert!(!metrics.contains("paycenter_orders{"), "{metrics}");
    assert!(
        metrics.contains("paycenter_notifies_total{provider=\"alipay\",outcome=\"accepted\"} 0"),
        "{metrics}"
    );
    assert!(metrics.contains("paycenter_jobs_queued"), "{metrics}");
}

#[tokio::test]
async fn instances_on_postgresql_share_events_and_jobs() {
    let Some((a, b)) = spawn_pair(fast).await else {
        eprintln!("instances_on_postgresql_share_events_and_jobs: needs PAYCENTER_TEST_DATABASE_URL (PostgreSQL)");
        return;
    };
    let admin = a.admin_token().await;
    let mut rx = Receiver::start(&[]).await;
    let shop = shop_with(&a, &admin, json!({"callbackUrl": rx.url})).await;
    // Order placed on A (its notify_url points at A) but watched from B.
    let out = pay_ok(
        &a,
        &shop.api_key,
        pay_input(&shop, "MI-1", 100, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let mut sub = Subscription::start(&b, &shop.api_key, PAYMENT_STATUS, json!({"id": id})).await;
    assert_eq!(
        sub.next().await["payload"]["data"]["paymentStatus"]["state"],
        "PENDING"
    );
    let (status, _) = buyer(&b, "wechat", shop.mch_id(), "MI-1", "SUCCESS").await;
    assert_eq!(status, 200);
    assert_eq!(
        sub.until_complete().await.last().unwrap()["data"]["paymentStatus"]["state"],
        "PAID"
    );

    // Many callbacks, two workers: each event delivered exactly once (the receiver always acks).
    let mut ids = vec![id];
    for i in 0..12 {
        let inst = if i % 2 == 0 { &a } else { &b };
        ids.push(paid_order(inst, &shop, &format!("MI-{}", i + 2), 100).await);
    }
    let mut counts = std::collections::HashMap::new();
    while counts.len() < ids.len() {
        *counts.entry(rx.next().await.event_id).or_insert(0) += 1;
    }
    // Give any duplicate a chance to show up: wait until both workers report an empty queue.
    eventually("an empty callback queue", || async {
        let rows = a
            .core
            .db
            .query_all_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'CALLBACK' AND state IN ('PENDING', 'RUNNING')",
            ))
            .await
            .unwrap();
        let n: i64 = rows[0].try_get("", "n").unwrap();
        (n == 0).then_some(())
    })
    .await;
    while let Ok(d) = rx.deliveries.try_recv() {
        *counts.entry(d.event_id).or_insert(0) += 1;
    }
    assert!(counts.values().all(|c| *c == 1), "{counts:?}");
}
