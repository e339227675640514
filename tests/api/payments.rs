//! payOrder on every channel, end to end through the sandbox; idempotency; validation; tickets.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, spawn_app, spawn_app_with};

fn fast(s: &mut paycenter::config::Settings) {
    s.sandbox.notify_speedup = 1000;
}

/// The v2 rule over the JSAPI/APP cashier fields must give the returned signature.
fn assert_wechat_signed(fields: &[(&str, &Value)], sign: &Value, api_key: &str) {
    let map: BTreeMap<String, String> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.as_str().unwrap().to_owned()))
        .collect();
    let expected = paycenter_providers::wechat_v2::sign::sign(
        &map,
        api_key,
        paycenter_providers::wechat_v2::sign::SignType::Md5,
    );
    assert_eq!(sign.as_str().unwrap(), expected);
}

#[tokio::test]
async fn every_channel_pays_end_to_end() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let (user_token, openid) = user(&app, &shop).await;

    for (i, channel) in [
        "WECHAT_JSAPI",
        "WECHAT_APP",
        "WECHAT_NATIVE",
        "ALIPAY_APP",
        "ALIPAY_QR",
    ]
    .into_iter()
    .enumerate()
    {
        let order_no = format!("E2E-{i}");
        let amount = 101 + i as i64;
        let (token, mut input) = if channel == "WECHAT_JSAPI" {
            let mut inp = pay_input(&shop, &order_no, amount, channel);
            inp["ticket"] = shop.ticket(&order_no, amount, "Coffee").into();
            (user_token.clone(), inp)
        } else {
            (
                shop.api_key.clone(),
                pay_input(&shop, &order_no, amount, channel),
            )
        };
        input["attach"] = "cart=42".into();
        let out = pay_ok(&app, &token, input).await;
        let o = &out["order"];
        assert_eq!(o["state"], "PENDING");
        assert_eq!(o["amountYuan"], format!("1.0{}", i + 1));
        let p = &out["payParams"];
        match channel {
            "WECHAT_JSAPI" => {
                assert_eq!(p["__typename"], "WechatJsapiParams");
                assert_eq!(p["appId"], shop.wechat_app_id());
                assert!(p["package"].as_str().unwrap().starts_with("prepay_id=wx"));
                assert_wechat_signed(
                    &[
                        ("appId", &p["appId"]),
                        ("timeStamp", &p["timeStamp"]),
                        ("nonceStr", &p["nonceStr"]),
                        ("package", &p["package"]),
                        ("signType", &p["signType"]),
                    ],
                    &p["paySign"],
                    shop.wechat_api_key(),
                );
            }
            "WECHAT_APP" => {
                assert_eq!(p["__typename"], "WechatAppParams");
                assert_eq!(p["partnerid"], shop.mch_id());
                assert_eq!(p["package"], "Sign=WXPay");
                assert_wechat_signed(
                    &[
                        ("appid", &p["appid"]),
                        ("partnerid", &p["partnerid"]),
                        ("prepayid", &p["prepayid"]),
                        ("package", &p["package"]),
                        ("noncestr", &p["noncestr"]),
                        ("timestamp", &p["timestamp"]),
                    ],
                    &p["sign"],
                    shop.wechat_api_key(),
                );
            }
            "WECHAT_NATIVE" | "ALIPAY_QR" => {
                assert_eq!(p["__typename"], "QrCodeParams");
                assert!(p["codeUrl"].as_str().unwrap().len() > 10);
                assert!(p["svg"].as_str().unwrap().contains("<svg"));
            }
            "ALIPAY_APP" => {
                assert_eq!(p["__typename"], "AlipayAppParams");
                let info = p["orderInfo"].as_str().unwrap();
                assert!(
                    info.contains("method=alipay.trade.app.pay") && info.contains("sign="),
                    "{info}"
                );
            }
            _ => unreachable!(),
        }
        let id = o["id"].as_str().unwrap().to_owned();
        let (provider, merchant) = if channel.starts_with("WECHAT") {
            ("wechat", shop.mch_id().to_owned())
        } else {
            ("alipay", shop.alipay_app_id().to_owned())
        };
        // Subscribe first, then pay at the sandbox: the notify must reach the subscriber.
        let mut sub = Subscription::start(&app, &token, PAYMENT_STATUS, json!({"id": id})).await;
        let first = sub.next().await;
        assert_eq!(
            first["payload"]["data"]["paymentStatus"]["state"], "PENDING",
            "{first}"
        );
        let (status, body) = buyer(&app, provider, &merchant, &order_no, "SUCCESS").await;
        assert_eq!(status, 200, "{channel}: {body}");
        let rest = sub.until_complete().await;
        assert_eq!(
            rest.last().unwrap()["data"]["paymentStatus"]["state"],
            "PAID",
            "{channel}: {rest:?}"
        );

        let o = order(&app, &token, &id).await;
        assert_eq!(o["state"], "PAID");
        assert!(o["providerTradeNo"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(o["payer"].as_str().is_some());
        assert_eq!(o["paidAmount"], amount);
        assert!(o["paidAt"].is_string());
        let kinds: Vec<&str> = o["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == "PAID").count(),
            1,
            "{kinds:?}"
        );
        assert!(kinds.starts_with(&["CREATED", "PREPAY"]), "{kinds:?}");
        if channel == "WECHAT_JSAPI" {
            assert_eq!(o["payer"], openid.as_str());
        }
    }
}

#[tokio::test]
async fn pay_order_is_idempotent_and_conflicts_are_refused() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let key = shop.api_key.clone();

    let a = pay_ok(&app, &key, pay_input(&shop, "IDEM-1", 500, "WECHAT_NATIVE")).await;
    let b = pay_ok(&app, &key, pay_input(&shop, "IDEM-1", 500, "WECHAT_NATIVE")).await;
    assert_eq!(a["order"]["id"], b["order"]["id"]);
    assert_eq!(a["payParams"]["codeUrl"], b["payParams"]["codeUrl"]);

    let v = pay(&app, &key, pay_input(&shop, "IDEM-1", 501, "WECHAT_NATIVE")).await;
    assert_eq!(error_code(&v), "ORDER_NO_CONFLICT");
    let mut other_subject = pay_input(&shop, "IDEM-1", 500, "WECHAT_NATIVE");
    other_subject["subject"] = "Tea".into();
    assert_eq!(
        error_code(&pay(&app, &key, other_subject).await),
        "ORDER_NO_CONFLICT"
    );

    let (status, _) = buyer(&app, "wechat", shop.mch_id(), "IDEM-1", "SUCCESS").await;
    assert_eq!(status, 200);
    let id = a["order"]["id"].as_str().unwrap();
    assert_eq!(
        states_until_final(&app, &key, id).await.last().unwrap(),
        "PAID"
    );
    let v = pay(&app, &key, pay_input(&shop, "IDEM-1", 500, "WECHAT_NATIVE")).await;
    assert_eq!(error_code(&v), "ORDER_NOT_PAYABLE");
}

#[tokio::test]
async fn concurrent_identical_pay_orders_make_one_order_and_one_prepay() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let calls = (0..8).map(|_| {
        pay(
            &app,
            &shop.api_key,
            pay_input(&shop, "RACE-1", 300, "ALIPAY_QR"),
        )
    });
    let results = futures_util::future::join_all(calls).await;
    let ids: std::collections::HashSet<String> = results
        .iter()
        .map(|r| {
            r["data"]["payOrder"]["order"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{r}"))
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1);
    let id = ids.into_iter().next().unwrap();
    let o = order(&app, &admin, &id).await;
    let prepays = o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "PREPAY")
        .count();
    assert_eq!(prepays, 1, "{o}");
    let d = app
        .gql_ok(
            Some(&admin),
            "query($p: ID){ orders(filter: {projectId: $p}){ edges { node { id } } } }",
            json!({"p": shop.project_id}),
        )
        .await;
    assert_eq!(d["orders"]["edges"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn invalid_pay_orders_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let bare = app
        .create_project(&admin, json!({"name": "No channels"}))
        .await;
    let key = shop.api_key.clone();
    let cases: Vec<(Value, &str)> = vec![
        (
            pay_input(&shop, "V-1", 0, "WECHAT_NATIVE"),
            "INVALID_AMOUNT",
        ),
        (
            pay_input(&shop, "V-1", -5, "WECHAT_NATIVE"),
            "INVALID_AMOUNT",
        ),
        (
            pay_input(&shop, "V-1", 10_000_000_001, "WECHAT_NATIVE"),
            "INVALID_AMOUNT",
        ),
        (
            pay_input(&shop, "bad order/no", 100, "WECHAT_NATIVE"),
            "INVALID_ORDER_NO",
        ),
        (
            pay_input(&shop, &"9".repeat(33), 100, "WECHAT_NATIVE"),
            "INVALID_ORDER_NO",
        ),
        (
            json!({"projectId": shop.project_id, "orderNo": "V-2", "amount": 100, "subject": "", "channel": "ALIPAY_QR"}),
            "BAD_USER_INPUT",
        ),
        (
            pay_input(&shop, "V-3", 100, "WECHAT_JSAPI"),
            "BAD_USER_INPUT",
        ),
    ];
    for (input, code) in cases {
        let v = pay(&app, &key, input.clone()).await;
        assert_eq!(error_code(&v), code, "{input}: {v}");
    }
    let v = pay(&app, &bare.1, json!({"projectId": bare.0, "orderNo": "V-4", "amount": 100, "subject": "x", "channel": "ALIPAY_QR"})).await;
    assert_eq!(error_code(&v), "CHANNEL_NOT_CONFIGURED");
    // Another project's key cannot place orders here.
    let v = pay(&app, &bare.1, pay_input(&shop, "V-5", 100, "ALIPAY_QR")).await;
    assert_eq!(error_code(&v), "NOT_FOUND");
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ disableProject(id: $id){ id } }",
        json!({"id": shop.project_id}),
    )
    .await;
    let v = pay(&app, &key, pay_input(&shop, "V-6", 100, "ALIPAY_QR")).await;
    assert_eq!(error_code(&v), "PROJECT_DISABLED");
    let d = app
        .gql_ok(
            Some(&admin),
            "{ orders { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["orders"]["edges"], json!([]));
}

#[tokio::test]
async fn users_pay_only_amounts_the_merchant_vouched_for() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let (token, _) = user(&app, &shop).await;

    let v = pay(&app, &token, pay_input(&shop, "T-1", 100, "WECHAT_JSAPI")).await;
    assert_eq!(error_code(&v), "FORBIDDEN", "no ticket: {v}");
    let mut forged = pay_input(&shop, "T-1", 1, "WECHAT_JSAPI");
    forged["ticket"] = shop.ticket("T-1", 100, "Coffee").into();
    assert_eq!(
        error_code(&pay(&app, &token, forged).await),
        "FORBIDDEN",
        "ticket for another amount"
    );
    let mut good = pay_input(&shop, "T-1", 100, "WECHAT_JSAPI");
    good["ticket"] = shop.ticket("T-1", 100, "Coffee").into();
    pay_ok(&app, &token, good).await;

    // A project that opted into trusting client amounts (unsafe) needs no ticket.
    let trusting = shop_with(&app, &admin, json!({"trustClientAmount": true})).await;
    let (t2, _) = user(&app, &trusting).await;
    pay_ok(&app, &t2, pay_input(&trusting, "T-2", 1, "WECHAT_JSAPI")).await;
}

#[tokio::test]
async fn failed_and_unpaid_outcomes_leave_the_order_pending_and_refresh_asks_the_provider() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "R-1", 700, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();

    // The buyer pays but the notify is lost: refresh asks the provider and applies its answer.
    let r = app
        .client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&json!({"merchantId": shop.mch_id(), "dropNotifies": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (status, _) = buyer(&app, "wechat", shop.mch_id(), "R-1", "SUCCESS").await;
    assert_eq!(status, 200);
    assert_eq!(order(&app, &shop.api_key, &id).await["state"], "PENDING");
    let d = app
        .gql_ok(
            Some(&shop.api_key),
            "query($id: ID!){ order(id: $id, refresh: true){ state providerTradeNo } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(d["order"]["state"], "PAID");
    assert!(d["order"]["providerTradeNo"].is_string());
}

#[tokio::test]
async fn the_expiry_is_passed_to_the_provider() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let mut input = pay_input(&shop, "EXP-1", 100, "WECHAT_NATIVE");
    input["expiresInSeconds"] = 600.into();
    let out = pay_ok(&app, &shop.api_key, input).await;
    let expires: chrono::DateTime<chrono::Utc> =
        out["order"]["expiresAt"].as_str().unwrap().parse().unwrap();
    let left = expires - chrono::Utc::now();
    assert!(
        left > chrono::Duration::seconds(590) && left <= chrono::Duration::seconds(600),
        "{left}"
    );
    // The provider recorded the same deadline (WeChat time_expire has second precision).
    let db = &app.core.db;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT time_expire FROM sandbox_orders WHERE out_trade_no = 'EXP-1'",
        ))
        .await
        .unwrap();
    let at: chrono::DateTime<chrono::Utc> = rows[0].try_get("", "time_expire").unwrap();
    assert_eq!(at.timestamp(), expires.timestamp());
}
