//! What the console reads and does beyond orders: totals on every connection, the order filters
//! (provider trade number, free text, flagged, callback delivered), the refunds and callback
//! events lists (the failed-delivery view), test callbacks, and the audit trail of project
//! changes (field names, never secrets).

use std::time::Duration;

use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, eventually, spawn_app_with, TestApp};
use crate::receiver::Receiver;
use crate::refunds::{fast, paid_order};

const ORDERS: &str = "query($f: OrderFilter, $first: Int, $after: String){
    orders(filter: $f, first: $first, after: $after){ totalCount
      edges { cursor node { id orderNo subject state providerTradeNo payer flagged callbackDelivered } }
      pageInfo { hasNextPage endCursor } } }";

async fn orders(app: &TestApp, token: &str, f: Value) -> Value {
    app.gql_ok(Some(token), ORDERS, json!({"f": f, "first": 100}))
        .await["orders"]
        .clone()
}

fn order_nos(conn: &Value) -> Vec<String> {
    let mut v: Vec<String> = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["orderNo"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn order_filters_and_totals() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let rx = Receiver::start(&[]).await;
    let other = shop(&app, &admin).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let paid_id = paid_order(&app, &shop, "F-PAID", 500, "WECHAT_NATIVE").await;
    for (no, subject) in [
        ("F-1", "Latte 大杯"),
        ("F-2", "Espresso"),
        ("F-3", "100% arabica"),
    ] {
        let mut i = pay_input(&shop, no, 100, "ALIPAY_QR");
        i["subject"] = subject.into();
        pay_ok(&app, &shop.api_key, i).await;
    }
    pay_ok(
        &app,
        &other.api_key,
        pay_input(&other, "F-OTHER", 100, "ALIPAY_QR"),
    )
    .await;
    let paid = order(&app, &admin, &paid_id).await;
    let trade_no = paid["providerTradeNo"].as_str().unwrap().to_owned();
    let payer = paid["payer"].as_str().unwrap().to_owned();

    // Totals count across pages, for every filter.
    let all = orders(&app, &admin, json!({})).await;
    assert_eq!(all["totalCount"], 5);
    let page = app
        .gql_ok(
            Some(&admin),
            ORDERS,
            json!({"f": {"projectId": shop.project_id}, "first": 2}),
        )
        .await["orders"]
        .clone();
    assert_eq!(page["totalCount"], 4);
    assert_eq!(page["edges"].as_array().unwrap().len(), 2);
    let next = app
        .gql_ok(
            Some(&admin),
            ORDERS,
            json!({"f": {"projectId": shop.project_id}, "first": 2, "after": page["pageInfo"]["endCursor"]}),
        )
        .await["orders"]
        .clone();
    assert_eq!(next["totalCount"], 4);
    // A project key counts only its own.
    assert_eq!(
        orders(&app, &other.api_key, json!({})).await["totalCount"],
        1
    );

    // The provider's trade number, exactly.
    let by_trade = orders(&app, &admin, json!({"providerTradeNo": trade_no})).await;
    assert_eq!(order_nos(&by_trade), ["F-PAID"]);
    // Free text: identifiers exactly, the subject in part (ASCII case-insensitively).
    for (q, want) in [
        (trade_no.as_str(), vec!["F-PAID"]),
        (payer.as_str(), vec!["F-PAID"]),
        (paid_id.as_str(), vec!["F-PAID"]),
        ("F-2", vec!["F-2"]),
        ("latte", vec!["F-1"]),
        ("大杯", vec!["F-1"]),
        // Wildcards are literal characters.
        ("100%", vec!["F-3"]),
        ("%", vec!["F-3"]),
        ("_", vec![]),
        ("F-", vec![]),
    ] {
        let got = orders(&app, &admin, json!({"q": q})).await;
        assert_eq!(order_nos(&got), want, "q = {q:?}");
        assert_eq!(got["totalCount"], want.len(), "q = {q:?}");
    }
    let v = app
        .gql(Some(&admin), ORDERS, json!({"f": {"q": "x".repeat(65)}}))
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");

    // Delivered callbacks and flags.
    eventually("the paid callback delivered", || async {
        let d = orders(&app, &admin, json!({"callbackDelivered": true})).await;
        (order_nos(&d) == ["F-PAID"]).then_some(())
    })
    .await;
    assert_eq!(
        orders(
            &app,
            &admin,
            json!({"callbackDelivered": false, "projectId": shop.project_id})
        )
        .await["totalCount"],
        3
    );
    assert_eq!(
        orders(&app, &admin, json!({"flagged": true})).await["totalCount"],
        0
    );
    assert_eq!(
        orders(&app, &admin, json!({"flagged": false})).await["totalCount"],
        5
    );

    // Projects have totals too.
    let p = app
        .gql_ok(
            Some(&admin),
            "{ projects(first: 1){ totalCount edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(p["projects"]["totalCount"], 2);
}

const REFUNDS: &str = "query($f: RefundFilter){ refunds(filter: $f){ totalCount
    edges { node { id orderId projectId refundNo amount state order { orderNo } } } } }";

#[tokio::test]
async fn the_refunds_list() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let a = shop(&app, &admin).await;
    let b = shop(&app, &admin).await;
    let oa = paid_order(&app, &a, "R-A", 1000, "ALIPAY_QR").await;
    let ob = paid_order(&app, &b, "R-B", 1000, "ALIPAY_QR").await;
    for (order, no, amount) in [(&oa, "RA-1", 100), (&oa, "RA-2", 200), (&ob, "RB-1", 300)] {
        app.gql_ok(
            Some(&admin),
            "mutation($id: ID!, $no: String!, $amount: Int!){ refundOrder(id: $id, refundNo: $no, amount: $amount){ state } }",
            json!({"id": order, "no": no, "amount": amount}),
        )
        .await;
    }
    let all = app.gql_ok(Some(&admin), REFUNDS, json!({})).await["refunds"].clone();
    assert_eq!(all["totalCount"], 3);
    assert_eq!(all["edges"][0]["node"]["refundNo"], "RB-1", "newest first");
    assert_eq!(all["edges"][0]["node"]["order"]["orderNo"], "R-B");
    for (f, n) in [
        (json!({"projectId": a.project_id}), 2),
        (json!({"orderId": ob}), 1),
        (json!({"refundNo": "RA-2"}), 1),
        (json!({"state": "SUCCEEDED"}), 3),
        (json!({"state": "FAILED"}), 0),
        (
            json!({"createdFrom": "2000-01-01T00:00:00Z", "createdTo": "2000-01-02T00:00:00Z"}),
            0,
        ),
    ] {
        let got = app.gql_ok(Some(&admin), REFUNDS, json!({"f": f})).await;
        assert_eq!(got["refunds"]["totalCount"], n, "{f}");
    }
    // A project key sees its own project's only, even when it asks for another's.
    let mine = app.gql_ok(Some(&b.api_key), REFUNDS, json!({})).await;
    assert_eq!(mine["refunds"]["totalCount"], 1);
    let theirs = app
        .gql_ok(
            Some(&b.api_key),
            REFUNDS,
            json!({"f": {"projectId": a.project_id}}),
        )
        .await;
    assert_eq!(theirs["refunds"]["totalCount"], 0);
}

const EVENTS: &str = "query($f: CallbackEventFilter){ callbackEvents(filter: $f){ totalCount
    edges { node { id orderId projectId type deliveredAt failedAt payload order { orderNo }
      attempts { attempt httpStatus acknowledged } } } } }";

#[tokio::test]
async fn the_failed_delivery_view_and_resend() {
    let app = spawn_app_with(|s| {
        fast(s);
        s.callbacks.schedule = vec![Duration::from_millis(20); 2];
    })
    .await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[500, 500, 500]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;
    let id = paid_order(&app, &shop, "CB-1", 100, "WECHAT_NATIVE").await;
    for _ in 0..3 {
        rx.next().await;
    }
    let failed = eventually("the event marked failed", || async {
        let d = app
            .gql_ok(Some(&admin), EVENTS, json!({"f": {"failed": true}}))
            .await;
        // The list and its total are two reads: wait until both see it.
        (d["callbackEvents"]["totalCount"] == 1 && d["callbackEvents"]["edges"][0].is_object())
            .then(|| d["callbackEvents"]["edges"][0]["node"].clone())
    })
    .await;
    assert_eq!(failed["orderId"], json!(id), "{failed}");
    assert_eq!(failed["type"], "ORDER_PAID");
    assert_eq!(failed["order"]["orderNo"], "CB-1");
    assert!(failed["deliveredAt"].is_null());
    let attempts = failed["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3);
    assert!(attempts
        .iter()
        .all(|a| a["httpStatus"] == 500 && a["acknowledged"] == false));
    let body: Value = serde_json::from_str(failed["payload"].as_str().unwrap()).unwrap();
    assert_eq!(body["id"], failed["id"]);
    for (f, n) in [
        (json!({"delivered": false}), 1),
        (json!({"delivered": true}), 0),
        (json!({"projectId": shop.project_id, "orderId": id}), 1),
        (
            json!({"from": "2000-01-01T00:00:00Z", "to": "2000-01-02T00:00:00Z"}),
            0,
        ),
    ] {
        let got = app.gql_ok(Some(&admin), EVENTS, json!({"f": f})).await;
        assert_eq!(got["callbackEvents"]["totalCount"], n, "{f}");
    }

    // Resent: acknowledged this time, out of the failed view.
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ resendCallback(orderId: $id){ id } }",
        json!({"id": id}),
    )
    .await;
    assert_eq!(rx.next().await.event_id, failed["id"].as_str().unwrap());
    eventually("delivered after the resend", || async {
        let d = app
            .gql_ok(Some(&admin), EVENTS, json!({"f": {"delivered": true}}))
            .await;
        (d["callbackEvents"]["totalCount"] == 1).then_some(())
    })
    .await;
    assert_eq!(
        app.gql_ok(Some(&admin), EVENTS, json!({"f": {"failed": true}}))
            .await["callbackEvents"]["totalCount"],
        0
    );
    // The resend is in the audit log.
    let log = app
        .gql_ok(
            Some(&admin),
            "query($id: ID!){ auditLog(filter: {action: CALLBACK_RESENT, targetId: $id}){ totalCount } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(log["auditLog"]["totalCount"], 1);
}

const TEST_CALLBACK: &str = "mutation($p: ID!){ sendTestCallback(projectId: $p){
    eventId url acknowledged httpStatus latencyMs responseExcerpt error } }";

#[tokio::test]
async fn test_callbacks_are_signed_sent_now_and_reported() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let mut rx = Receiver::start(&[503]).await;
    let shop = shop_with(&app, &admin, json!({"callbackUrl": rx.url})).await;

    // The merchant answers 503: reported as such, not retried.
    let d = app
        .gql_ok(Some(&admin), TEST_CALLBACK, json!({"p": shop.project_id}))
        .await["sendTestCallback"]
        .clone();
    assert_eq!(d["acknowledged"], false);
    assert_eq!(d["httpStatus"], 503);
    let got = rx.next().await;
    assert_eq!(got.event_id, d["eventId"].as_str().unwrap());
    let body: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body["type"], "test");
    assert_eq!(
        body["data"],
        json!({"projectId": shop.project_id, "test": true})
    );
    // Signed like every callback: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>").
    let t: i64 = got
        .signature
        .split(',')
        .find_map(|kv| kv.strip_prefix("t="))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        got.signature,
        paycenter::outbox::callbacks::signature(
            &secrecy::SecretString::from(shop.signing_secret.clone()),
            t,
            &got.body
        )
    );

    // Then 200 (the project's key may test its own URL too).
    let d = app
        .gql_ok(
            Some(&shop.api_key),
            TEST_CALLBACK,
            json!({"p": shop.project_id}),
        )
        .await["sendTestCallback"]
        .clone();
    assert_eq!(d["acknowledged"], true);
    assert_eq!(d["httpStatus"], 200);
    assert_eq!(d["url"], json!(rx.url));
    assert!(d["error"].is_null());
    rx.next().await;

    // Nothing to call without a URL.
    let bare = shop_with(&app, &admin, json!({})).await;
    let v = app
        .gql(Some(&admin), TEST_CALLBACK, json!({"p": bare.project_id}))
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
    assert_eq!(v["errors"][0]["extensions"]["field"], "callbackUrl");

    // Both sends are in the audit log, with their outcome.
    let log = app
        .gql_ok(
            Some(&admin),
            "query($p: ID!){ auditLog(filter: {action: TEST_CALLBACK_SENT, projectId: $p}){ totalCount edges { node { actorKind detail } } } }",
            json!({"p": shop.project_id}),
        )
        .await["auditLog"]
        .clone();
    assert_eq!(log["totalCount"], 2);
    assert_eq!(log["edges"][0]["node"]["actorKind"], "PROJECT");
    let detail: Value =
        serde_json::from_str(log["edges"][1]["node"]["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["httpStatus"], 503);
}

/// A test callback goes through the same address policy as order callbacks: a URL that names a
/// private address by the time it is called (here written straight into the table, as a DNS
/// change would make it) is refused before any connection.
#[tokio::test]
async fn test_callbacks_refuse_private_addresses_outside_the_sandbox() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = crate::helpers::spawn_app_with(|s| s.sandbox.enabled = false).await;
    let admin = app.admin_token().await;
    let (project_id, _, _) = app
        .create_project(
            &admin,
            json!({"name": "x", "callbackUrl": "https://merchant.example.com/cb"}),
        )
        .await;
    let db = &app.core.db;
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            "UPDATE projects SET callback_url = $1 WHERE id = $2"
        } else {
            "UPDATE projects SET callback_url = ?1 WHERE id = ?2"
        },
        [
            "http://169.254.169.254/latest".into(),
            project_id.clone().into(),
        ],
    ))
    .await
    .unwrap();
    let d = app
        .gql_ok(Some(&admin), TEST_CALLBACK, json!({"p": project_id}))
        .await["sendTestCallback"]
        .clone();
    assert_eq!(d["acknowledged"], false);
    assert!(d["httpStatus"].is_null());
    assert!(
        d["error"]
            .as_str()
            .is_some_and(|e| e.contains("169.254.169.254")),
        "{d}"
    );
}

#[tokio::test]
async fn project_changes_are_audited_without_secrets() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = crate::flow::shop(&app, &admin).await;
    const UPDATE: &str =
        "mutation($id: ID!, $i: UpdateProjectInput!){ updateProject(id: $id, input: $i){ id } }";
    app.gql_ok(
        Some(&admin),
        UPDATE,
        json!({"id": shop.project_id, "i": {
            "name": "Renamed", "orderTtlSeconds": 600, "callbackUrl": "https://shop.example.com/cb",
            "wechat": {"apiKey": "NEW-SECRET-API-KEY-0123456789abcd", "mchId": shop.mch_id()}}}),
    )
    .await;
    // Unchanged values change nothing.
    app.gql_ok(
        Some(&admin),
        UPDATE,
        json!({"id": shop.project_id, "i": {"name": "Renamed", "wechat": {"mchId": shop.mch_id()}}}),
    )
    .await;
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ rotateProjectKey(id: $id){ apiKey } }",
        json!({"id": shop.project_id}),
    )
    .await;
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ rotateSigningSecret(id: $id){ signingSecret } }",
        json!({"id": shop.project_id}),
    )
    .await;
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ disableProject(id: $id){ id } }",
        json!({"id": shop.project_id}),
    )
    .await;
    let log = app
        .gql_ok(
            Some(&admin),
            "query($p: ID!){ auditLog(filter: {projectId: $p}){ totalCount edges { node { action targetType targetId detail } } } }",
            json!({"p": shop.project_id}),
        )
        .await["auditLog"]
        .clone();
    let entries: Vec<(String, Value)> = log["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["action"].as_str().unwrap().to_owned(),
                e["node"]["detail"]
                    .as_str()
                    .map(|d| serde_json::from_str(d).unwrap())
                    .unwrap_or(Value::Null),
            )
        })
        .collect();
    let actions: Vec<&str> = entries.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "PROJECT_DISABLED",
            "SIGNING_SECRET_ROTATED",
            "API_KEY_ROTATED",
            "CREDENTIALS_CHANGED",
            "CALLBACK_URL_CHANGED",
            "PROJECT_UPDATED",
            "PROJECT_CREATED"
        ]
    );
    assert_eq!(entries[3].1["fields"], json!(["WECHAT_V2.apiKey"]));
    assert_eq!(entries[5].1["fields"], json!(["name", "orderTtlSeconds"]));
    let created = &entries[6].1;
    assert_eq!(created["callbackUrl"], false);
    assert!(created["credentials"]
        .as_array()
        .unwrap()
        .contains(&json!("ALIPAY.appPrivateKey")));
    let text = log.to_string();
    for secret in [
        "NEW-SECRET-API-KEY-0123456789abcd",
        shop.wechat_api_key(),
        shop.api_key.as_str(),
        shop.signing_secret.as_str(),
    ] {
        assert!(!text.contains(secret), "a secret in the audit log");
    }
}
