//! Provider notifies: duplicates, forgeries, replays to another project, amount mismatches,
//! unknown orders, and a close racing a payment.

use serde_json::json;

use crate::flow::*;
use crate::helpers::{error_code, spawn_app};

const OK_XML: &str = "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";

fn kinds(o: &serde_json::Value) -> Vec<String> {
    o["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn duplicate_notifies_pay_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "N-1", 250, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let body = wechat_notify(&shop, shop.wechat_api_key(), "N-1", 250);
    let path = format!("/notify/wechat/{}", shop.project_id);
    let sends = (0..5).map(|_| post_notify(&app, &path, body.clone(), "text/xml"));
    for (status, reply) in futures_util::future::join_all(sends).await {
        assert_eq!(status, 200);
        assert_eq!(reply, OK_XML);
    }
    let o = order(&app, &admin, &id).await;
    assert_eq!(o["state"], "PAID");
    let k = kinds(&o);
    assert_eq!(k.iter().filter(|k| *k == "PAID").count(), 1, "{k:?}");
    // The four repeats are one row, counted.
    assert_eq!(repeats(&o, "NOTIFY_DUPLICATE"), vec![4], "{o}");
}

/// The `repeatCount` of each event of `kind`.
fn repeats(o: &serde_json::Value, kind: &str) -> Vec<i64> {
    o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .map(|e| e["repeatCount"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn forged_replayed_and_unknown_notifies_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop_a = shop(&app, &admin).await;
    let shop_b = shop(&app, &admin).await;
    let out = pay_ok(
        &app,
        &shop_a.api_key,
        pay_input(&shop_a, "F-1", 250, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();

    // Signed with the wrong key.
    let forged = wechat_notify(&shop_a, "WRONGKEYWRONGKEYWRONGKEYWRONGKEY", "F-1", 250);
    let (status, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop_a.project_id),
        forged,
        "text/xml",
    )
    .await;
    assert_eq!(status, 200);
    assert!(reply.contains("FAIL"), "{reply}");
    // A genuine notify of project A replayed at project B's URL.
    let genuine = wechat_notify(&shop_a, shop_a.wechat_api_key(), "F-1", 250);
    let (_, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop_b.project_id),
        genuine,
        "text/xml",
    )
    .await;
    assert!(reply.contains("FAIL"), "{reply}");
    // An unknown order, correctly signed.
    let unknown = wechat_notify(&shop_a, shop_a.wechat_api_key(), "NO-SUCH-ORDER", 250);
    let (_, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop_a.project_id),
        unknown,
        "text/xml",
    )
    .await;
    assert!(reply.contains("FAIL"), "{reply}");
    // Garbage and an unknown project.
    let (_, reply) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop_a.project_id),
        "<xml><a>".into(),
        "text/xml",
    )
    .await;
    assert!(reply.contains("FAIL"), "{reply}");
    let (_, reply) = post_notify(
        &app,
        "/notify/wechat/prj_00000000000000000000000000000000",
        "<xml/>".into(),
        "text/xml",
    )
    .await;
    assert!(reply.contains("FAIL"), "{reply}");
    // Alipay: a forged form notify.
    let (_, reply) = post_notify(
        &app,
        &format!("/notify/alipay/{}", shop_a.project_id),
        format!("app_id={}&out_trade_no=F-1&trade_status=TRADE_SUCCESS&total_amount=2.50&trade_no=1&sign_type=RSA2&sign=AAAA", shop_a.alipay_app_id()),
        "application/x-www-form-urlencoded",
    )
    .await;
    assert_eq!(reply, "fail");

    let o = order(&app, &admin, &id).await;
    assert_eq!(o["state"], "PENDING");
    assert!(!kinds(&o).contains(&"PAID".to_owned()));
}

#[tokio::test]
async fn an_amount_mismatch_is_flagged_not_paid() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "M-1", 10_000, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let body = wechat_notify(&shop, shop.wechat_api_key(), "M-1", 1);
    let (status, _) = post_notify(
        &app,
        &format!("/notify/wechat/{}", shop.project_id),
        body,
        "text/xml",
    )
    .await;
    assert_eq!(status, 200);
    let o = order(&app, &admin, &id).await;
    assert_eq!(o["state"], "PENDING");
    assert_eq!(o["flagged"], true);
    assert!(o["flagReason"].as_str().unwrap().contains("1 fen"));
    assert!(kinds(&o).contains(&"AMOUNT_MISMATCH".to_owned()));
}

#[tokio::test]
async fn close_then_a_late_payment_wins_and_paid_orders_are_not_closable() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();

    // Close an unpaid order: provider first, then here.
    let out = pay_ok(&app, &key, pay_input(&shop, "C-1", 100, "WECHAT_NATIVE")).await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let d = app
        .gql_ok(
            Some(&key),
            "mutation($id: ID!){ closeOrder(id: $id){ state closedAt } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(d["closeOrder"]["state"], "CLOSED");
    // The sandbox provider agrees: the buyer can no longer pay.
    let (status, _) = buyer(&app, "wechat", shop.mch_id(), "C-1", "SUCCESS").await;
    assert_eq!(status, 409);
    // A payment the provider confirms anyway (a notify that raced the close) wins and both facts stay.
    let body = wechat_notify(&shop, shop.wechat_api_key(), "C-1", 100);
    post_notify(
        &app,
        &format!("/notify/wechat/{}", shop.project_id),
        body,
        "text/xml",
    )
    .await;
    let o = order(&app, &admin, &id).await;
    assert_eq!(o["state"], "PAID");
    let k = kinds(&o);
    assert!(
        k.contains(&"CLOSED".to_owned()) && k.contains(&"PAID".to_owned()),
        "{k:?}"
    );
    let v = app
        .gql(
            Some(&key),
            "mutation($id: ID!){ closeOrder(id: $id){ state } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&v), "ORDER_NOT_CLOSABLE");

    // The buyer paid at the provider but the notify was lost: closeOrder learns it and says so.
    let out = pay_ok(&app, &key, pay_input(&shop, "C-2", 100, "ALIPAY_QR")).await;
    let id2 = out["order"]["id"].as_str().unwrap().to_owned();
    app.client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&json!({"merchantId": shop.alipay_app_id(), "dropNotifies": true}))
        .send()
        .await
        .unwrap();
    let (status, body) = buyer(&app, "alipay", shop.alipay_app_id(), "C-2", "SUCCESS").await;
    assert_eq!(status, 200, "{body}");
    let v = app
        .gql(
            Some(&key),
            "mutation($id: ID!){ closeOrder(id: $id){ state } }",
            json!({"id": id2}),
        )
        .await;
    assert_eq!(error_code(&v), "ORDER_NOT_CLOSABLE", "{v}");
    assert_eq!(order(&app, &admin, &id2).await["state"], "PAID");
}

/// Many orders notified at once, each several times: the notifies share write batches (and a
/// duplicate may land in the same batch as its original); every order is paid exactly once.
#[tokio::test]
async fn concurrent_notifies_for_many_orders_pay_each_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let mut ids = Vec::new();
    for i in 0..24 {
        let no = format!("M-{i}");
        let out = pay_ok(
            &app,
            &shop.api_key,
            pay_input(&shop, &no, 100 + i, "WECHAT_NATIVE"),
        )
        .await;
        ids.push((no, 100 + i, out["order"]["id"].as_str().unwrap().to_owned()));
    }
    let path = format!("/notify/wechat/{}", shop.project_id);
    let bodies: Vec<String> = ids
        .iter()
        .flat_map(|(no, amount, _)| {
            let body = wechat_notify(&shop, shop.wechat_api_key(), no, *amount);
            [body.clone(), body.clone(), body]
        })
        .collect();
    let sends = bodies
        .into_iter()
        .map(|body| post_notify(&app, &path, body, "text/xml"));
    for (status, reply) in futures_util::future::join_all(sends).await {
        assert_eq!(status, 200);
        assert_eq!(reply, OK_XML);
    }
    for (_, amount, id) in &ids {
        let o = order(&app, &admin, id).await;
        assert_eq!(o["state"], "PAID", "{o}");
        assert_eq!(o["paidAmount"], json!(amount), "{o}");
        let k = kinds(&o);
        assert_eq!(k.iter().filter(|k| *k == "PAID").count(), 1, "{k:?}");
        assert_eq!(repeats(&o, "NOTIFY_DUPLICATE"), vec![2], "{o}");
    }
}
