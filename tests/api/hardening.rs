//! Attacks on the server, reproduced against a running instance, and their bounded outcome:
//! costly GraphQL documents, login guessing, slow and idle clients, notify replays, hostile text,
//! credential changes by the wrong principal, HTML pages without their headers, an exposed
//! `/metrics`, and a sandbox listening on a public address.

use std::time::{Duration, Instant};

use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::flow::*;
use crate::helpers::{error_code, spawn_app, spawn_app_with, TestApp, ADMIN_PASSWORD};

// ---------------------------------------------------------------------------------------------
// GraphQL cost

/// Each fragment spreads the next one twice: `levels` fragments expand to 2^levels selections.
fn fragment_bomb(levels: usize) -> String {
    let mut q = String::from("query { ...f0 }\n");
    for i in 0..levels {
        q.push_str(&format!(
            "fragment f{i} on QueryRoot {{ ...f{n} ...f{n} }}\n",
            n = i + 1
        ));
    }
    q.push_str(&format!(
        "fragment f{levels} on QueryRoot {{ __typename }}\n"
    ));
    q
}

fn extension<'a>(v: &'a Value, key: &str) -> &'a Value {
    &v["errors"][0]["extensions"][key]
}

#[tokio::test]
async fn a_small_document_of_nested_fragments_is_refused_before_it_is_expanded() {
    let app = spawn_app().await;
    // Under a kilobyte; 2^21 selections once expanded.
    let bomb = fragment_bomb(21);
    assert!(bomb.len() < 1000, "{}", bomb.len());
    let started = Instant::now();
    let v = app.gql(None, &bomb, json!({})).await;
    let took = started.elapsed();
    assert_eq!(error_code(&v), "BAD_USER_INPUT", "{v}");
    assert_eq!(extension(&v, "limit"), "nodes", "{v}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(v.get("data").is_none_or(Value::is_null), "{v}");

    // The same over a WebSocket.
    let mut ws = ws_open(&app, "graphql-transport-ws").await;
    ws_init(&mut ws, json!({})).await;
    ws.send(text(
        json!({"id": "1", "type": "subscribe", "payload": {"query": bomb}}),
    ))
    .await
    .unwrap();
    // async-graphql answers a request that fails before execution with a `next` carrying errors.
    let m = next_json(&mut ws).await.unwrap();
    assert_eq!(m["type"], "next", "{m}");
    let e = &m["payload"]["errors"][0]["extensions"];
    assert_eq!(
        (e["code"].as_str(), e["limit"].as_str()),
        (Some("BAD_USER_INPUT"), Some("nodes")),
        "{m}"
    );

    // And the other shapes: too many operations, too many aliases, too deep, too long.
    let ops: String = (0..20)
        .map(|i| format!("query q{i} {{ serverInfo {{ version }} }}\n"))
        .collect();
    let aliases: String = (0..40)
        .map(|i| format!("a{i}: serverInfo {{ version }} "))
        .collect();
    let long = format!("{{ serverInfo {{ version }} }} #{}", "x".repeat(40 * 1024));
    for (q, limit) in [
        (ops, "operations"),
        (format!("{{ {aliases} }}"), "aliases"),
        (long, "documentBytes"),
    ] {
        let v = app.gql(None, &q, json!({})).await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{limit}: {v}");
        assert_eq!(extension(&v, "limit"), limit, "{v}");
    }
}

#[tokio::test]
async fn many_provider_calls_in_one_request_are_refused_for_a_mini_program_user() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop_with(&app, &admin, json!({"trustClientAmount": true})).await;
    let (user, _) = user(&app, &shop).await;
    let out = pay_ok(&app, &user, pay_input(&shop, "AL-1", 100, "WECHAT_JSAPI")).await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let events_before = order(&app, &admin, &id).await["events"]
        .as_array()
        .unwrap()
        .len();

    let aliases: String = (0..50)
        .map(|i| format!("o{i}: order(id: $id, refresh: true) {{ id state }} "))
        .collect();
    let q = format!("query($id: ID!) {{ {aliases} }}");
    let v = app.gql(Some(&user), &q, json!({"id": id})).await;
    assert_eq!(error_code(&v), "RATE_LIMITED", "{v}");
    assert_eq!(extension(&v, "limit"), "providerCalls", "{v}");
    assert_eq!(extension(&v, "max"), 1, "{v}");
    // Nothing ran: no provider query was recorded on the order.
    let after = order(&app, &admin, &id).await;
    assert_eq!(
        after["events"].as_array().unwrap().len(),
        events_before,
        "{after}"
    );

    // One refreshing read is fine.
    let v = app
        .gql(
            Some(&user),
            "query($id: ID!) { order(id: $id, refresh: true) { id state } }",
            json!({"id": id}),
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    // And an admin is held to the complexity only.
    let v = app
        .gql(
            Some(&admin),
            "query($id: ID!) { a: order(id: $id, refresh: true) { id } b: order(id: $id, refresh: true) { id } }",
            json!({"id": id}),
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
}

/// graphql-js 16's `getIntrospectionQuery` as GraphiQL sends it (descriptions, specifiedByURL,
/// isRepeatable, deprecated input values).
const GRAPHIQL_INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) {
    name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}
"#;

/// What graphql-codegen's URL loader sends: the schema's description, no deprecated inputs, the
/// shorter TypeRef of graphql-js 15/16.
const CODEGEN_INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    description
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"#;

#[tokio::test]
async fn the_standard_introspection_queries_pass() {
    let app = spawn_app().await;
    for q in [GRAPHIQL_INTROSPECTION, CODEGEN_INTROSPECTION] {
        let v = app.gql(None, q, json!({})).await;
        assert!(v.get("errors").is_none(), "{v}");
        let types = v["data"]["__schema"]["types"].as_array().unwrap();
        assert!(types.iter().any(|t| t["name"] == "Order"));
    }
    // One level of introspection lists more than the standard query is refused.
    let v = app
        .gql(
            None,
            "{ __schema { types { fields { args { type { fields { name } } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT", "{v}");
    assert_eq!(extension(&v, "limit"), "introspectionLists", "{v}");
}

// ---------------------------------------------------------------------------------------------
// WebSocket helpers

fn text(v: Value) -> Message {
    Message::Text(v.to_string().into())
}

async fn ws_open(app: &TestApp, protocol: &str) -> Ws {
    let mut req = format!("ws://{}/graphql", app.address)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("Sec-WebSocket-Protocol", protocol.parse().unwrap());
    let (ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    ws
}

async fn ws_init(ws: &mut Ws, payload: Value) {
    ws.send(text(json!({"type": "connection_init", "payload": payload})))
        .await
        .unwrap();
    let ack = next_json(ws).await.unwrap();
    assert_eq!(ack["type"], "connection_ack", "{ack}");
}

// ---------------------------------------------------------------------------------------------
// Login guessing

const ADMIN_LOGIN: &str =
    "mutation($u: String!, $p: String!){ adminLogin(username: $u, password: $p){ token } }";

/// `adminLogin` as sent from `ip` (the app trusts `X-Forwarded-For`).
async fn login_from(app: &TestApp, ip: &str, username: &str, password: &str) -> Value {
    app.client
        .post(format!("{}/graphql", app.base))
        .header("x-forwarded-for", ip)
        .json(&json!({"query": ADMIN_LOGIN, "variables": {"u": username, "p": password}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn behind_a_proxy(configure: impl FnOnce(&mut paycenter::config::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.server.client_ip_header = paycenter::config::ClientIpHeader::XForwardedFor;
        configure(s);
    })
    .await
}

fn retry_after(v: &Value) -> u64 {
    extension(v, "retryAfter")
        .as_u64()
        .unwrap_or_else(|| panic!("no retryAfter: {v}"))
}

#[tokio::test]
async fn forty_wrong_passwords_are_answered_rate_limited_and_lock_out_even_the_right_one() {
    let app = behind_a_proxy(|_| {}).await;
    let mut unauthenticated = 0;
    let mut limited = 0;
    // From forty addresses: the username's own record stops them.
    for i in 0..40 {
        let v = login_from(&app, &format!("203.0.113.{i}"), "admin", "wrong-password").await;
        match error_code(&v) {
            "UNAUTHENTICATED" => unauthenticated += 1,
            "RATE_LIMITED" => {
                assert!(retry_after(&v) >= 1, "{v}");
                limited += 1;
            }
            other => panic!("unexpected {other}: {v}"),
        }
    }
    // 5 free failures, then each must wait: a quick 40 get through only a handful.
    assert!(unauthenticated <= 7, "{unauthenticated} verifications");
    assert!(limited >= 33, "{limited} refused");
    // The right password is refused too while the username waits.
    let v = login_from(&app, "198.51.100.1", "admin", ADMIN_PASSWORD).await;
    assert_eq!(error_code(&v), "RATE_LIMITED", "{v}");
    // Refused attempts are not written to the audit log: one entry per verification.
    let failed: i64 = crate::helpers::count(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'LOGIN_FAILED'",
    )
    .await;
    assert_eq!(failed, unauthenticated, "audit entries");
}

#[tokio::test]
async fn one_address_guessing_many_usernames_is_limited_and_a_lock_ends() {
    let app = behind_a_proxy(|s| {
        s.auth.login_free_attempts = 2;
        s.auth.login_lock_after = 4;
        s.auth.login_lock_duration = Duration::from_millis(1500);
    })
    .await;
    // Per address: 4 free failures (twice the username's), then waits.
    let mut codes = Vec::new();
    for i in 0..12 {
        let v = login_from(&app, "192.0.2.7", &format!("user{i}"), "guess").await;
        codes.push(error_code(&v).to_owned());
    }
    assert!(
        codes[..4].iter().all(|c| c == "UNAUTHENTICATED"),
        "{codes:?}"
    );
    assert!(codes[4..].iter().any(|c| c == "RATE_LIMITED"), "{codes:?}");
    // Another address is not affected.
    let v = login_from(&app, "192.0.2.8", "admin", ADMIN_PASSWORD).await;
    assert!(v.get("errors").is_none(), "{v}");

    // A username locked by four failures (from as many addresses) …
    for i in 0..4 {
        login_from(&app, &format!("192.0.2.{}", 20 + i), "admin", "guess").await;
    }
    let v = login_from(&app, "192.0.2.30", "admin", ADMIN_PASSWORD).await;
    assert_eq!(error_code(&v), "RATE_LIMITED", "{v}");
    // … is open again once the lock has served its time.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let v = login_from(&app, "192.0.2.31", "admin", ADMIN_PASSWORD).await;
    assert!(v.get("errors").is_none(), "{v}");
}

#[tokio::test]
async fn concurrent_logins_are_bounded_by_the_verification_gate() {
    let app = behind_a_proxy(|s| {
        s.auth.password_concurrency = 2;
        s.auth.password_queue_wait = Duration::from_millis(10);
    })
    .await;
    // Distinct usernames and addresses: only the gate stands in the way.
    let attempts = (0..24).map(|i| {
        let app = &app;
        async move { login_from(app, &format!("10.9.0.{i}"), &format!("nobody{i}"), "guess").await }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let mut limited = 0;
    for v in &answers {
        match error_code(v) {
            "UNAUTHENTICATED" => {}
            "RATE_LIMITED" => {
                assert!(retry_after(v) >= 1, "{v}");
                limited += 1;
            }
            other => panic!("unexpected {other}: {v}"),
        }
    }
    assert!(
        limited > 0,
        "24 at once through 2 slots waiting 10 ms: {answers:?}"
    );
    let peak = app.core.passwords.gate().peak();
    assert!((1..=2).contains(&peak), "peak {peak}");
}

#[tokio::test]
async fn unknown_usernames_cost_a_verification_and_get_the_same_answer() {
    let app = behind_a_proxy(|_| {}).await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..4 {
        let t = Instant::now();
        let a = login_from(&app, &format!("10.1.0.{i}"), "admin", "wrong-password").await;
        known.push(t.elapsed());
        let t = Instant::now();
        let b = login_from(
            &app,
            &format!("10.2.0.{i}"),
            &format!("ghost{i}"),
            "wrong-password",
        )
        .await;
        unknown.push(t.elapsed());
        assert_eq!(a["errors"][0]["message"], b["errors"][0]["message"]);
        assert_eq!(error_code(&a), "UNAUTHENTICATED");
        assert_eq!(error_code(&b), "UNAUTHENTICATED");
    }
    known.sort();
    unknown.sort();
    // Medians within a factor of three (an unknown name that skipped Argon2 would answer in a
    // fraction of a millisecond).
    let (k, u) = (known[2], unknown[2]);
    assert!(
        u * 3 >= k && k * 3 >= u,
        "known {known:?} unknown {unknown:?}"
    );
}

#[tokio::test]
async fn refused_wechat_login_codes_make_the_address_wait() {
    let app = behind_a_proxy(|s| {
        s.auth.login_free_attempts = 2;
        s.auth.login_lock_after = 4;
    })
    .await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let login = |ip: &'static str, code: &'static str| {
        let (app, project) = (&app, shop.project_id.clone());
        async move {
            app.client
                .post(format!("{}/graphql", app.base))
                .header("x-forwarded-for", ip)
                .json(&json!({
                    "query": "mutation($p: ID!, $c: String!){ wechatLogin(projectId: $p, code: $c){ token } }",
                    "variables": {"p": project, "c": code}
                }))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // Four free refusals per address (twice the username figure), then the address waits.
    let mut codes = Vec::new();
    for _ in 0..8 {
        codes.push(error_code(&login("192.0.2.50", "not-a-code").await).to_owned());
    }
    assert!(
        codes[..4].iter().all(|c| c == "PROVIDER_ERROR"),
        "{codes:?}"
    );
    assert_eq!(
        codes.last().map(String::as_str),
        Some("RATE_LIMITED"),
        "{codes:?}"
    );
    let v = login("192.0.2.50", "not-a-code").await;
    assert!(retry_after(&v) >= 1, "{v}");
    // Another address still reaches the provider.
    assert_eq!(
        error_code(&login("192.0.2.51", "not-a-code").await),
        "PROVIDER_ERROR"
    );
}
