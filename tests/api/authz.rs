//! The authorization matrix: every query, mutation and subscription × {anonymous, user A,
//! user B of the same project, user of another project, project key A, project key B, and the
//! admin roles OWNER, OPERATOR and VIEWER}; and the checkout ticket (the hosted cashier page's
//! credential) against every root field, with the web checkout's fields and routes.

use serde_json::{json, Value};

use crate::flow::*;
use crate::helpers::{spawn_app, TestApp};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    Ok,
    Code(&'static str),
}
use Want::{Code, Ok as Yes};

const UNAUTH: Want = Code("UNAUTHENTICATED");
const FORBID: Want = Code("FORBIDDEN");
const NOTFOUND: Want = Code("NOT_FOUND");
/// Past authorization, refused for its input (the operation was allowed to look at it).
const INPUT: Want = Code("BAD_USER_INPUT");
const NOT_REFUNDABLE: Want = Code("ORDER_NOT_REFUNDABLE");

struct Who {
    name: &'static str,
    token: Option<String>,
}

fn outcome(v: &Value) -> Want {
    match v["errors"][0]["extensions"]["code"].as_str() {
        None if v.get("errors").is_none() => Yes,
        Some("UNAUTHENTICATED") => UNAUTH,
        Some("FORBIDDEN") => FORBID,
        Some("NOT_FOUND") => NOTFOUND,
        Some("BAD_USER_INPUT") => INPUT,
        Some("ORDER_NOT_REFUNDABLE") => NOT_REFUNDABLE,
        _ => panic!("unexpected response {v}"),
    }
}

async fn check(app: &TestApp, who: &Who, op: &str, query: &str, vars: Value, want: Want) -> Value {
    let v = app.gql(who.token.as_deref(), query, vars).await;
    assert_eq!(outcome(&v), want, "{op} as {}: {v}", who.name);
    v
}

/// The first subscription message's outcome (`next` data or an error). `trigger` makes an event
/// happen; it is repeated (a bounded number of times) until a message arrives, because the server
/// gives no signal of when a feed without an initial message has been registered.
async fn sub_outcome<F, Fut>(app: &TestApp, who: &Who, query: &str, vars: Value, trigger: F) -> Want
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut sub = match &who.token {
        Some(t) => Subscription::start(app, t, query, vars).await,
        None => Subscription::start(app, "", query, vars).await,
    };
    let mut m = None;
    for _ in 0..20 {
        trigger().await;
        m = sub.next_within(std::time::Duration::from_millis(500)).await;
        if m.is_some() {
            break;
        }
    }
    let m = m.expect("a subscription message");
    match m["type"].as_str() {
        Some("next") => outcome(&m["payload"]),
        Some("error") => outcome(&json!({"errors": m["payload"]})),
        _ => panic!("unexpected {m}"),
    }
}

#[tokio::test]
async fn authorization_matrix() {
    let app = spawn_app().await;
    let admin_token = app.admin_token().await;
    let a = shop(&app, &admin_token).await;
    let b = shop(&app, &admin_token).await;
    let spare = shop(&app, &admin_token).await;
    let (ua1, _) = user(&app, &a).await;
    let (ua2, _) = user(&app, &a).await;
    let (ub, _) = user(&app, &b).await;

    // O: user A1's order; O2: an order of project A placed by its key.
    let mut inp = pay_input(&a, "AZ-O", 100, "WECHAT_JSAPI");
    inp["ticket"] = a.ticket("AZ-O", 100, "Coffee").into();
    let o = pay_ok(&app, &ua1, inp).await["order"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let o2 = pay_ok(
        &app,
        &a.api_key,
        pay_input(&a, "AZ-O2", 100, "WECHAT_NATIVE"),
    )
    .await["order"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A report of project A (today's bill is not out: NOT_READY), for the reconciliation rows.
    let report_id = app
        .gql_ok(
            Some(&admin_token),
            "mutation($p: ID!, $d: NaiveDate!){ reconcile(projectId: $p, date: $d, provider: WECHAT){ id } }",
            json!({"p": a.project_id, "d": paycenter::services::reconciliation::today(chrono::Utc::now()).to_string()}),
        )
        .await["reconcile"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let who = |name, token: Option<&str>| Who {
        name,
        token: token.map(str::to_owned),
    };
    let anon = who("anonymous", None);
    let user_a1 = who("user A1", Some(&ua1));
    let user_a2 = who("user A2", Some(&ua2));
    let user_b = who("user of B", Some(&ub));
    let key_a = who("key A", Some(&a.api_key));
    let key_b = who("key B", Some(&b.api_key));
    let admin = who("owner", Some(&admin_token));
    crate::admins::create_admin(&app, &admin_token, "operator", "OPERATOR").await;
    crate::admins::create_admin(&app, &admin_token, "viewer", "VIEWER").await;
    let spare_admin =
        crate::admins::create_admin(&app, &admin_token, "spare-admin", "VIEWER").await;
    let operator_token = crate::admins::token(&app, "operator").await;
    let viewer_token = crate::admins::token(&app, "viewer").await;
    let operator = who("operator", Some(&operator_token));
    let viewer = who("viewer", Some(&viewer_token));
    let all = [
        &anon, &user_a1, &user_a2, &user_b, &key_a, &key_b, &admin, &operator, &viewer,
    ];
    let range = json!({"from": "2026-01-01T00:00:00Z", "to": "2026-01-31T00:00:00Z"});

    let rows: Vec<(&str, &str, Value, [Want; 9])> = vec![
        (
            "me",
            "{ me { kind } }",
            json!({}),
            [UNAUTH, Yes, Yes, Yes, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "projects",
            "{ projects { totalCount edges { node { id } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "project",
            "query($id: ID!){ project(id: $id){ id } }",
            json!({"id": a.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, NOTFOUND, Yes, Yes, Yes],
        ),
        (
            "createProject",
            "mutation{ createProject(input: {name: \"x\"}){ apiKey } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID],
        ),
        (
            "updateProject",
            "mutation($id: ID!){ updateProject(id: $id, input: {name: \"A\"}){ id } }",
            json!({"id": a.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, NOTFOUND, Yes, FORBID, FORBID],
        ),
        (
            "updateProject (credentials)",
            // The same merchant number again: refused or a no-op, so later rows still pay.
            "mutation($id: ID!, $m: String){ updateProject(id: $id, input: {wechat: {mchId: $m}}){ id } }",
            json!({"id": a.project_id, "m": a.mch_id()}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, NOTFOUND, Yes, FORBID, FORBID],
        ),
        (
            "disableProject",
            "mutation($id: ID!){ disableProject(id: $id){ id } }",
            json!({"id": spare.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID],
        ),
        (
            "enableProject",
            "mutation($id: ID!){ enableProject(id: $id){ id } }",
            json!({"id": spare.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID],
        ),
        (
            "rotateSigningSecret",
            "mutation($id: ID!){ rotateSigningSecret(id: $id){ signingSecret } }",
            json!({"id": spare.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, NOTFOUND, NOTFOUND, Yes, FORBID, FORBID],
        ),
        (
            "rotateProjectKey",
            "mutation($id: ID!){ rotateProjectKey(id: $id){ apiKey } }",
            json!({"id": spare.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, NOTFOUND, NOTFOUND, Yes, FORBID, FORBID],
        ),
        (
            "order",
            "query($id: ID!){ order(id: $id){ id } }",
            json!({"id": o}),
            [UNAUTH, Yes, NOTFOUND, NOTFOUND, Yes, NOTFOUND, Yes, Yes, Yes],
        ),
        (
            "orderByNo",
            "query($p: ID!){ orderByNo(projectId: $p, orderNo: \"AZ-O\"){ id } }",
            json!({"p": a.project_id}),
            [UNAUTH, Yes, NOTFOUND, NOTFOUND, Yes, NOTFOUND, Yes, Yes, Yes],
        ),
        (
            "reconciliationReports",
            "{ reconciliationReports { edges { node { id } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "reconciliationReport",
            "query($id: ID!){ reconciliationReport(id: $id){ id status } }",
            json!({"id": report_id}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, NOTFOUND, Yes, Yes, Yes],
        ),
        (
            "discrepancies",
            "{ discrepancies { edges { node { id } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "reconcile",
            "mutation($p: ID!){ reconcile(projectId: $p, date: \"2026-01-01\", provider: ALIPAY){ id } }",
            json!({"p": a.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, Yes, FORBID],
        ),
        (
            "resolveDiscrepancy",
            "mutation{ resolveDiscrepancy(id: \"dsc_00000000000000000000000000000000\", note: \"x\"){ id } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, NOTFOUND, NOTFOUND, FORBID],
        ),
        (
            "closeOrder",
            "mutation($id: ID!){ closeOrder(id: $id){ state } }",
            json!({"id": o2}),
            [UNAUTH, NOTFOUND, NOTFOUND, NOTFOUND, Yes, NOTFOUND, Yes, Yes, FORBID],
        ),
        (
            // o2 is closed: allowed callers get as far as the order's state.
            "refundOrder",
            "mutation($id: ID!){ refundOrder(id: $id, refundNo: \"AZ-R\", amount: 1){ id } }",
            json!({"id": o2}),
            [UNAUTH, FORBID, FORBID, FORBID, NOT_REFUNDABLE, NOTFOUND, NOT_REFUNDABLE, NOT_REFUNDABLE, FORBID],
        ),
        (
            // o2's order.closed event (undelivered: project A has no callback URL).
            "resendCallback",
            "mutation($id: ID!){ resendCallback(orderId: $id){ id } }",
            json!({"id": o2}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, NOTFOUND, Yes, Yes, FORBID],
        ),
        (
            // Project A has no callback URL: allowed callers get as far as that.
            "sendTestCallback",
            "mutation($p: ID!){ sendTestCallback(projectId: $p){ acknowledged } }",
            json!({"p": a.project_id}),
            [UNAUTH, FORBID, FORBID, FORBID, INPUT, NOTFOUND, INPUT, INPUT, FORBID],
        ),
        (
            "refunds",
            "{ refunds { totalCount edges { node { id } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "callbackEvents",
            "{ callbackEvents(filter: {failed: true}) { totalCount edges { node { id attempts { attempt } } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "stats",
            "query($from: DateTime!, $to: DateTime!){ stats(from: $from, to: $to, bucket: DAY){ totals { paidAmount } } }",
            range.clone(),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "stats of project A",
            "query($p: ID!, $from: DateTime!, $to: DateTime!){ stats(projectId: $p, from: $from, to: $to, bucket: DAY){ totals { paidAmount } } }",
            json!({"p": a.project_id, "from": range["from"], "to": range["to"]}),
            [UNAUTH, FORBID, FORBID, FORBID, Yes, NOTFOUND, Yes, Yes, Yes],
        ),
        (
            "serverInfo",
            "{ serverInfo { sandbox version } }",
            json!({}),
            [Yes, Yes, Yes, Yes, Yes, Yes, Yes, Yes, Yes],
        ),
        (
            "admins",
            "{ admins { totalCount edges { node { username role } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, Yes, Yes],
        ),
        (
            "auditLog",
            "{ auditLog { totalCount edges { node { action } } } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, Yes, Yes],
        ),
        (
            "updateAdmin",
            "mutation($id: ID!){ updateAdmin(id: $id, input: {role: VIEWER}){ role } }",
            json!({"id": spare_admin}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID],
        ),
        (
            "setAdminPassword",
            "mutation($id: ID!){ setAdminPassword(id: $id, password: \"spare-password-2\"){ id } }",
            json!({"id": spare_admin}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID],
        ),
        (
            "disableAdmin",
            "mutation($id: ID!){ disableAdmin(id: $id){ disabled } }",
            json!({"id": spare_admin}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID],
        ),
        (
            // A wrong current password: admins get as far as checking it.
            "changePassword",
            "mutation{ changePassword(currentPassword: \"not-it\", newPassword: \"whatever-new\"){ token } }",
            json!({}),
            [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, INPUT, INPUT, INPUT],
        ),
    ];
    for (op, q, vars, wants) in rows {
        for (w, want) in all.iter().zip(wants) {
            check(&app, w, op, q, vars.clone(), want).await;
        }
    }

    // createAdmin and sandboxPay change something each time: one fresh target per principal.
    for (i, (w, want)) in all
        .iter()
        .zip([
            UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, FORBID, FORBID,
        ])
        .enumerate()
    {
        check(
            &app,
            w,
            "createAdmin",
            crate::admins::CREATE_ADMIN,
            json!({"i": {"username": format!("new-{i}"), "password": "new-admin-password", "role": "VIEWER"}}),
            want,
        )
        .await;
    }
    for (i, (w, want)) in all
        .iter()
        .zip([
            UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, Yes, Yes, FORBID,
        ])
        .enumerate()
    {
        let id = pay_ok(
            &app,
            &a.api_key,
            pay_input(&a, &format!("AZ-S{i}"), 100, "WECHAT_NATIVE"),
        )
        .await["order"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        check(
            &app,
            w,
            "sandboxPay",
            "mutation($id: ID!){ sandboxPay(orderId: $id, outcome: FAIL){ id } }",
            json!({"id": id}),
            want,
        )
        .await;
    }

    // orders: everyone authenticated may ask; each sees only what is theirs.
    let seen = [
        ("user A1", &user_a1, 1),
        ("user A2", &user_a2, 0),
        ("user of B", &user_b, 0),
        ("key A", &key_a, 11),
        ("key B", &key_b, 0),
        ("owner", &admin, 11),
        ("operator", &operator, 11),
        ("viewer", &viewer, 11),
    ];
    check(
        &app,
        &anon,
        "orders",
        "{ orders { edges { cursor } } }",
        json!({}),
        UNAUTH,
    )
    .await;
    for (name, w, n) in seen {
        let v = check(
            &app,
            w,
            "orders",
            "{ orders { edges { node { id } } } }",
            json!({}),
            Yes,
        )
        .await;
        assert_eq!(
            v["data"]["orders"]["edges"].as_array().unwrap().len(),
            n,
            "orders as {name}"
        );
    }

    // payOrder into project A.
    for (i, (w, want)) in all
        .iter()
        .zip([UNAUTH, Yes, Yes, NOTFOUND, Yes, NOTFOUND, Yes, Yes, FORBID])
        .enumerate()
    {
        let no = format!("AZ-P{i}");
        let mut input = pay_input(&a, &no, 100, "ALIPAY_QR");
        input["ticket"] = a.ticket(&no, 100, "Coffee").into();
        check(&app, w, "payOrder", PAY_ORDER, json!({"i": input}), want).await;
    }

    // Subscriptions.
    for (w, want) in all.iter().zip([
        UNAUTH, Yes, NOTFOUND, NOTFOUND, Yes, NOTFOUND, Yes, Yes, Yes,
    ]) {
        let got = sub_outcome(&app, w, PAYMENT_STATUS, json!({"id": o}), || async {}).await;
        assert_eq!(got, want, "paymentStatus as {}", w.name);
    }
    for (i, (w, want)) in all
        .iter()
        .zip([UNAUTH, FORBID, FORBID, FORBID, Yes, NOTFOUND, Yes, Yes, Yes])
        .enumerate()
    {
        let key = a.api_key.clone();
        let n = std::sync::atomic::AtomicUsize::new(0);
        let (app_ref, shop_a) = (&app, &a);
        let trigger = || {
            let key = key.clone();
            let k = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            async move {
                if want == Yes {
                    pay_ok(
                        app_ref,
                        &key,
                        pay_input(shop_a, &format!("AZ-E{i}-{k}"), 100, "ALIPAY_QR"),
                    )
                    .await;
                }
            }
        };
        let got = sub_outcome(
            &app,
            w,
            "subscription($p: ID!){ orderEvents(projectId: $p){ orderId kind state } }",
            json!({"p": a.project_id}),
            trigger,
        )
        .await;
        assert_eq!(got, want, "orderEvents as {}", w.name);
    }
}

/// The ticket of a checkout URL (`…/checkout/{id}?t=<ticket>`).
fn ticket_of(checkout_url: &str) -> String {
    url::Url::parse(checkout_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "t")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

/// The checkout ticket, a tenth principal, against every root field of the schema (the table must
/// name each one: a new field fails here until its row is written), and the new web checkout
/// fields and routes for the other principals. A ticket reads its own order and its live status;
/// everything else is refused, and public operations go no further with it than without it.
#[tokio::test]
async fn checkout_ticket_authorization() {
    let app = spawn_app().await;
    let admin_token = app.admin_token().await;
    let a = shop(&app, &admin_token).await;
    let b = shop(&app, &admin_token).await;
    let (ua, _) = user(&app, &a).await;
    let (ub, _) = user(&app, &b).await;
    let web = |no: &str| {
        let mut i = pay_input(&a, no, 100, "ALIPAY_PAGE");
        i["returnUrl"] = "https://shop.example/back".into();
        i
    };
    let placed = app
        .gql_ok(
            Some(&a.api_key),
            crate::checkout::PAY_WEB,
            json!({"i": web("TK-O")}),
        )
        .await;
    let o = placed["payOrder"]["order"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let checkout_url = placed["payOrder"]["checkoutUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let ticket = ticket_of(&checkout_url);
    let o2 = pay_ok(&app, &a.api_key, pay_input(&a, "TK-O2", 100, "ALIPAY_QR")).await["order"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other_ticket = app
        .core
        .checkout
        .issue(&o2, chrono::Utc::now() + chrono::Duration::hours(1));
    let t = Who {
        name: "checkout ticket",
        token: Some(ticket.clone()),
    };
    let anon = Who {
        name: "anonymous",
        token: None,
    };

    // Every root field, for the ticket of O.
    let (id, p) = (json!({"id": o}), json!({"p": a.project_id}));
    let range = json!({"from": "2026-01-01T00:00:00Z", "to": "2026-01-31T00:00:00Z"});
    let queries: Vec<(&str, &str, Value, Want)> = vec![
        ("admins", "{ admins { totalCount } }", json!({}), FORBID),
        ("auditLog", "{ auditLog { totalCount } }", json!({}), FORBID),
        ("callbackEvents", "{ callbackEvents { totalCount } }", json!({}), FORBID),
        ("discrepancies", "{ discrepancies { edges { node { id } } } }", json!({}), FORBID),
        ("me", "{ me { kind } }", json!({}), FORBID),
        ("order", "query($id: ID!){ order(id: $id){ id state projectName returnUrl payParams { __typename } } }", id.clone(), Yes),
        ("orderByNo", "query($p: ID!){ orderByNo(projectId: $p, orderNo: \"TK-O\"){ id } }", p.clone(), FORBID),
        ("orders", "{ orders { edges { node { id } } } }", json!({}), FORBID),
        ("project", "query($p: ID!){ project(id: $p){ id } }", p.clone(), FORBID),
        ("projects", "{ projects { totalCount } }", json!({}), FORBID),
        ("reconciliationReport", "{ reconciliationReport(id: \"rcr_00000000000000000000000000000000\"){ id } }", json!({}), FORBID),
        ("reconciliationReports", "{ reconciliationReports { edges { node { id } } } }", json!({}), FORBID),
        ("refunds", "{ refunds { totalCount } }", json!({}), FORBID),
        ("serverInfo", "{ serverInfo { sandbox } }", json!({}), Yes),
        ("stats", "query($from: DateTime!, $to: DateTime!){ stats(from: $from, to: $to, bucket: DAY){ totals { paidAmount } } }", range, FORBID),
    ];
    let mutations: Vec<(&str, &str, Value, Want)> = vec![
        ("changePassword", "mutation{ changePassword(currentPassword: \"x\", newPassword: \"whatever-new\"){ token } }", json!({}), FORBID),
        ("closeOrder", "mutation($id: ID!){ closeOrder(id: $id){ state } }", id.clone(), FORBID),
        ("createAdmin", crate::admins::CREATE_ADMIN, json!({"i": {"username": "tk", "password": "new-admin-password", "role": "VIEWER"}}), FORBID),
        ("createProject", "mutation{ createProject(input: {name: \"x\"}){ apiKey } }", json!({}), FORBID),
        ("disableAdmin", "mutation{ disableAdmin(id: \"adm_00000000000000000000000000000000\"){ disabled } }", json!({}), FORBID),
        ("disableProject", "mutation($p: ID!){ disableProject(id: $p){ id } }", p.clone(), FORBID),
        ("enableProject", "mutation($p: ID!){ enableProject(id: $p){ id } }", p.clone(), FORBID),
        ("payOrder", PAY_ORDER, json!({"i": pay_input(&a, "TK-P", 100, "ALIPAY_QR")}), FORBID),
        ("reconcile", "mutation($p: ID!){ reconcile(projectId: $p, date: \"2026-01-01\", provider: ALIPAY){ id } }", p.clone(), FORBID),
        ("refundOrder", "mutation($id: ID!){ refundOrder(id: $id, refundNo: \"TK-R\", amount: 1){ id } }", id.clone(), FORBID),
        ("resendCallback", "mutation($id: ID!){ resendCallback(orderId: $id){ id } }", id.clone(), FORBID),
        ("resolveDiscrepancy", "mutation{ resolveDiscrepancy(id: \"dsc_00000000000000000000000000000000\", note: \"x\"){ id } }", json!({}), FORBID),
        ("rotateProjectKey", "mutation($p: ID!){ rotateProjectKey(id: $p){ apiKey } }", p.clone(), FORBID),
        ("rotateSigningSecret", "mutation($p: ID!){ rotateSigningSecret(id: $p){ signingSecret } }", p.clone(), FORBID),
        ("sandboxPay", "mutation($id: ID!){ sandboxPay(orderId: $id, outcome: SUCCESS){ id } }", id.clone(), FORBID),
        ("sendTestCallback", "mutation($p: ID!){ sendTestCallback(projectId: $p){ acknowledged } }", p.clone(), FORBID),
        ("setAdminPassword", "mutation{ setAdminPassword(id: \"adm_00000000000000000000000000000000\", password: \"spare-password-2\"){ id } }", json!({}), FORBID),
        ("updateAdmin", "mutation{ updateAdmin(id: \"adm_00000000000000000000000000000000\", input: {role: VIEWER}){ role } }", json!({}), FORBID),
        ("updateProject", "mutation($p: ID!){ updateProject(id: $p, input: {name: \"A\"}){ id } }", p.clone(), FORBID),
    ];
    // Public operations: a ticket changes nothing about them (compared with no credential).
    let public: Vec<(&str, &str, Value)> = vec![
        (
            "adminLogin",
            "mutation{ adminLogin(username: \"admin\", password: \"not-it\"){ token } }",
            json!({}),
        ),
        (
            "wechatLogin",
            "mutation($p: ID!){ wechatLogin(projectId: $p, code: \"no-such-code\"){ token } }",
            p.clone(),
        ),
    ];
    let subscriptions = ["orderEvents", "paymentStatus"];

    // The table names every root field of the schema.
    let schema = app
        .gql_ok(
            None,
            "{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }",
            json!({}),
        )
        .await;
    let names = |k: &str| -> std::collections::BTreeSet<String> {
        schema["__schema"][k]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let listed = |ops: &[&str]| -> std::collections::BTreeSet<String> {
        ops.iter().map(|s| (*s).to_owned()).collect()
    };
    assert_eq!(
        names("queryType"),
        listed(&queries.iter().map(|r| r.0).collect::<Vec<_>>())
    );
    let mut m: Vec<&str> = mutations.iter().map(|r| r.0).collect();
    m.extend(public.iter().map(|r| r.0));
    assert_eq!(names("mutationType"), listed(&m));
    assert_eq!(names("subscriptionType"), listed(&subscriptions));

    for (op, q, vars, want) in queries.iter().chain(mutations.iter()) {
        check(&app, &t, op, q, vars.clone(), *want).await;
    }
    for (op, q, vars) in &public {
        let with = app.gql(Some(&ticket), q, vars.clone()).await;
        let without = app.gql(None, q, vars.clone()).await;
        assert!(with.get("errors").is_some(), "{op}: {with}");
        assert_eq!(
            with["errors"][0]["extensions"]["code"], without["errors"][0]["extensions"]["code"],
            "{op} with a ticket: {with}"
        );
    }
    // Its own order only; the merchant's fields of it stay hidden.
    check(
        &app,
        &t,
        "order O2",
        "query($id: ID!){ order(id: $id){ id } }",
        json!({"id": o2}),
        NOTFOUND,
    )
    .await;
    for field in [
        "attach",
        "payer",
        "flagged",
        "flagReason",
        "callbackDelivered",
        "providerFee",
        "events { kind }",
        "refunds { id }",
        "callbackAttempts { attempt }",
    ] {
        check(
            &app,
            &t,
            field,
            &format!("query($id: ID!){{ order(id: $id){{ {field} }} }}"),
            id.clone(),
            FORBID,
        )
        .await;
    }
    check(
        &app,
        &t,
        "order(refresh)",
        "query($id: ID!){ order(id: $id, refresh: true){ id } }",
        id.clone(),
        FORBID,
    )
    .await;
    let got = sub_outcome(&app, &t, PAYMENT_STATUS, json!({"id": o}), || async {}).await;
    assert_eq!(got, Yes, "paymentStatus of its order");
    let got = sub_outcome(&app, &t, PAYMENT_STATUS, json!({"id": o2}), || async {}).await;
    assert_eq!(got, NOTFOUND, "paymentStatus of another order");
    let got = sub_outcome(
        &app,
        &t,
        "subscription($p: ID!){ orderEvents(projectId: $p){ orderId } }",
        json!({"p": a.project_id}),
        || async {},
    )
    .await;
    assert_eq!(got, FORBID, "orderEvents");
    // Another order's ticket reads that order, not this one; a forged one reads nothing.
    let other = Who {
        name: "ticket of O2",
        token: Some(other_ticket),
    };
    check(
        &app,
        &other,
        "order O",
        "query($id: ID!){ order(id: $id){ id } }",
        id.clone(),
        NOTFOUND,
    )
    .await;
    let forged = Who {
        name: "forged ticket",
        token: Some(ticket.replace(&o, &o2)),
    };
    check(
        &app,
        &forged,
        "order O2",
        "query($id: ID!){ order(id: $id){ id } }",
        json!({"id": o2}),
        UNAUTH,
    )
    .await;

    // The new fields for the other principals: as the order itself (a user of A does not see
    // O, placed by A's key).
    let others = [
        (&anon, UNAUTH),
        (
            &Who {
                name: "user A",
                token: Some(ua),
            },
            NOTFOUND,
        ),
        (
            &Who {
                name: "user of B",
                token: Some(ub),
            },
            NOTFOUND,
        ),
        (
            &Who {
                name: "key A",
                token: Some(a.api_key.clone()),
            },
            Yes,
        ),
        (
            &Who {
                name: "key B",
                token: Some(b.api_key.clone()),
            },
            NOTFOUND,
        ),
        (
            &Who {
                name: "owner",
                token: Some(admin_token.clone()),
            },
            Yes,
        ),
    ];
    for (w, want) in others {
        check(
            &app,
            w,
            "order { projectName returnUrl payParams }",
            "query($id: ID!){ order(id: $id){ projectName returnUrl payParams { __typename ... on RedirectParams { url method fields { name } expiresAt } } } }",
            id.clone(),
            want,
        )
        .await;
    }
    // payOrder's checkoutUrl: whoever may pay gets it (here the key and the owner).
    for (i, token) in [a.api_key.clone(), admin_token.clone()].iter().enumerate() {
        let v = app
            .gql_ok(
                Some(token),
                crate::checkout::PAY_WEB,
                json!({"i": web(&format!("TK-C{i}"))}),
            )
            .await;
        assert!(v["payOrder"]["checkoutUrl"]
            .as_str()
            .unwrap()
            .contains("/checkout/ord_"));
    }

    // Routes: the checkout page is public (its data needs the ticket); the return landing takes
    // nothing from a credential, only Alipay's signature.
    for token in [None, Some(ticket.as_str()), Some(admin_token.as_str())] {
        let mut r = app.client.get(format!("{}/checkout/{o}", app.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        assert_eq!(r.send().await.unwrap().status(), 200);
        let mut r = app.client.get(format!(
            "{}/return/alipay/{}?out_trade_no=TK-O&method=alipay.trade.page.pay.return",
            app.base, a.project_id
        ));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        assert_eq!(r.send().await.unwrap().status(), 400, "an unsigned return");
    }
    assert_eq!(
        app.gql_ok(
            Some(&a.api_key),
            "query($id: ID!){ order(id: $id){ state } }",
            id
        )
        .await["order"]["state"],
        "PENDING"
    );
}
