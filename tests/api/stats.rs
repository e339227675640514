//! `stats`: counts and sums per Beijing-time bucket and channel, computed in the database, on
//! both backends; totals, per project, the success rate, refunds, and the scope of a project key.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{error_code, spawn_app_with, TestApp};
use crate::refunds::{fast, paid_order};

const STATS: &str = "query($p: ID, $from: DateTime!, $to: DateTime!, $b: StatsBucket!){
    stats(projectId: $p, from: $from, to: $to, bucket: $b){ from to bucket timeZone
      totals { createdCount createdPaidCount successRate paidCount paidAmount paidAmountYuan
               refundCount refundedAmount refundedAmountYuan netAmount }
      byChannel { channel figures { createdCount paidCount paidAmount refundedAmount } }
      byProject { projectId figures { createdCount paidAmount } }
      series { start end figures { createdCount paidCount paidAmount refundedAmount }
               byChannel { channel figures { paidAmount } } } } }";

/// Moves an order's creation and payment (and its refunds' success) to given instants.
async fn set_times(app: &TestApp, order_id: &str, created: &str, paid: Option<&str>) {
    let db = &app.core.db;
    let backend = db.get_database_backend();
    let pg = backend == sea_orm::DbBackend::Postgres;
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        if pg {
            "UPDATE orders SET created_at = $1, paid_at = $2 WHERE id = $3"
        } else {
            "UPDATE orders SET created_at = ?1, paid_at = ?2 WHERE id = ?3"
        },
        [at(created).into(), paid.map(at).into(), order_id.into()],
    ))
    .await
    .unwrap();
    if let Some(p) = paid {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            if pg {
                "UPDATE refunds SET succeeded_at = $1 WHERE order_id = $2"
            } else {
                "UPDATE refunds SET succeeded_at = ?1 WHERE order_id = ?2"
            },
            [at(p).into(), order_id.into()],
        ))
        .await
        .unwrap();
    }
}

async fn stats(app: &TestApp, token: &str, vars: Value) -> Value {
    app.gql_ok(Some(token), STATS, vars).await["stats"].clone()
}

#[tokio::test]
async fn stats_per_beijing_day_and_channel() {
    let app = spawn_app_with(fast).await;
    let admin = app.admin_token().await;
    let a = shop(&app, &admin).await;
    let b = shop(&app, &admin).await;
    // Paid: 12.34 (WeChat, A), 5.00 (Alipay, A), 7.00 (Alipay, B); pending: one of A.
    let w = paid_order(&app, &a, "S-W", 1234, "WECHAT_NATIVE").await;
    let x = paid_order(&app, &a, "S-X", 500, "ALIPAY_QR").await;
    let y = paid_order(&app, &b, "S-Y", 700, "ALIPAY_QR").await;
    let pending = pay_ok(&app, &a.api_key, pay_input(&a, "S-P", 999, "ALIPAY_QR")).await["order"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.gql_ok(
        Some(&admin),
        "mutation($id: ID!){ refundOrder(id: $id, refundNo: \"S-R\", amount: 200){ state } }",
        json!({"id": x}),
    )
    .await;
    // 2026-12-01 23:59:59 and 2026-12-02 00:00:00 in Beijing are a second apart in UTC but on two
    // days; the pending order was created on Dec 2 as well.
    set_times(
        &app,
        &w,
        "2026-12-01T15:59:00Z",
        Some("2026-12-01T15:59:59Z"),
    )
    .await;
    set_times(
        &app,
        &x,
        "2026-12-01T16:00:00Z",
        Some("2026-12-01T16:00:00Z"),
    )
    .await;
    set_times(
        &app,
        &y,
        "2026-12-02T01:00:00Z",
        Some("2026-12-02T01:05:00Z"),
    )
    .await;
    set_times(&app, &pending, "2026-12-02T02:00:00Z", None).await;

    let range = json!({"from": "2026-11-30T16:00:00Z", "to": "2026-12-02T16:00:00Z", "b": "DAY"});
    let s = stats(&app, &admin, range.clone()).await;
    assert_eq!(s["timeZone"], "Asia/Shanghai");
    let t = &s["totals"];
    assert_eq!(t["createdCount"], 4);
    assert_eq!(t["createdPaidCount"], 3);
    assert_eq!(t["successRate"], 0.75);
    assert_eq!(t["paidCount"], 3);
    assert_eq!(t["paidAmount"], 1234 + 500 + 700);
    assert_eq!(t["paidAmountYuan"], "24.34");
    assert_eq!(t["refundCount"], 1);
    assert_eq!(t["refundedAmount"], 200);
    assert_eq!(t["netAmount"], 2434 - 200);
    // Two Beijing days, each from midnight Beijing time (16:00 UTC the day before).
    let series = s["series"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0]["start"], "2026-11-30T16:00:00+00:00");
    assert_eq!(series[1]["start"], "2026-12-01T16:00:00+00:00");
    assert_eq!(series[1]["end"], "2026-12-02T16:00:00+00:00");
    assert_eq!(series[0]["figures"]["paidAmount"], 1234);
    assert_eq!(series[0]["figures"]["createdCount"], 1);
    assert_eq!(series[1]["figures"]["paidAmount"], 1200);
    assert_eq!(series[1]["figures"]["createdCount"], 3);
    assert_eq!(series[1]["figures"]["refundedAmount"], 200);
    assert_eq!(
        series[1]["byChannel"],
        json!([{"channel": "ALIPAY_QR", "figures": {"paidAmount": 1200}}])
    );
    let by_channel: Vec<(String, i64)> = s["byChannel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["channel"].as_str().unwrap().to_owned(),
                c["figures"]["paidAmount"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(by_channel.contains(&("WECHAT_NATIVE".into(), 1234)));
    assert!(by_channel.contains(&("ALIPAY_QR".into(), 1200)));
    let by_project = s["byProject"].as_array().unwrap();
    assert_eq!(by_project.len(), 2);
    let of = |p: &str| by_project.iter().find(|e| e["projectId"] == p).unwrap()["figures"].clone();
    assert_eq!(
        of(&a.project_id),
        json!({"createdCount": 3, "paidAmount": 1734})
    );
    assert_eq!(
        of(&b.project_id),
        json!({"createdCount": 1, "paidAmount": 700})
    );

    // Hours: 48 buckets, the WeChat payment in the last hour of Dec 1 (Beijing).
    let mut hours = range.clone();
    hours["b"] = "HOUR".into();
    let h = stats(&app, &admin, hours).await;
    let series = h["series"].as_array().unwrap();
    assert_eq!(series.len(), 48);
    assert_eq!(series[23]["start"], "2026-12-01T15:00:00+00:00");
    assert_eq!(series[23]["figures"]["paidAmount"], 1234);
    assert_eq!(series[24]["figures"]["paidAmount"], 500);

    // One project; a project key sees only its own (another's is NOT_FOUND).
    let mut only_b = range.clone();
    only_b["p"] = b.project_id.clone().into();
    assert_eq!(
        stats(&app, &admin, only_b.clone()).await["totals"]["paidAmount"],
        700
    );
    assert_eq!(
        stats(&app, &b.api_key, range.clone()).await["totals"]["paidAmount"],
        700
    );
    let mut a_as_b = range.clone();
    a_as_b["p"] = a.project_id.clone().into();
    assert_eq!(
        error_code(&app.gql(Some(&b.api_key), STATS, a_as_b).await),
        "NOT_FOUND"
    );
    // Nothing outside the range; bad ranges refused.
    let empty = stats(
        &app,
        &admin,
        json!({"from": "2026-12-03T00:00:00Z", "to": "2026-12-04T00:00:00Z", "b": "DAY"}),
    )
    .await;
    assert_eq!(empty["totals"]["createdCount"], 0);
    assert!(empty["totals"]["successRate"].is_null());
    for bad in [
        json!({"from": "2026-12-04T00:00:00Z", "to": "2026-12-03T00:00:00Z", "b": "DAY"}),
        json!({"from": "2026-01-01T00:00:00Z", "to": "2026-03-01T00:00:00Z", "b": "HOUR"}),
    ] {
        assert_eq!(
            error_code(&app.gql(Some(&admin), STATS, bad).await),
            "BAD_USER_INPUT"
        );
    }
}
