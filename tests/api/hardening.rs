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

// ---------------------------------------------------------------------------------------------
// Slow and idle clients

/// Reads what the server sends until it closes the connection or `within` passes; returns the
/// bytes and whether it closed.
async fn read_until_closed(
    stream: &mut tokio::net::TcpStream,
    within: Duration,
) -> (Vec<u8>, bool) {
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    let closed = tokio::time::timeout(within, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .is_ok();
    (out, closed)
}

#[tokio::test]
async fn slow_heads_idle_connections_and_huge_heads_are_cut_off() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app_with(|s| {
        s.server.header_read_timeout = Duration::from_millis(400);
        s.server.max_header_bytes = 8192;
    })
    .await;

    // Slowloris: a request head that never ends.
    let mut slow = tokio::net::TcpStream::connect(app.address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(closed, "a head that never ends keeps its connection");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    // An idle keep-alive connection after a request.
    let mut idle = tokio::net::TcpStream::connect(app.address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (reply, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 200"));
    assert!(closed, "an idle keep-alive connection stays open");

    // A head larger than the bound.
    let mut big = tokio::net::TcpStream::connect(app.address).await.unwrap();
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let _ = big.write_all(head.as_bytes()).await;
    let (reply, _) = read_until_closed(&mut big, Duration::from_secs(5)).await;
    assert!(
        String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
}

#[tokio::test]
async fn a_trickling_body_is_cut_off_at_the_request_timeout() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app_with(|s| s.server.request_timeout = Duration::from_millis(500)).await;
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    stream
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        .await
        .unwrap();
    // A byte every 100 ms: never idle long, never done.
    let started = Instant::now();
    let writer = async {
        for _ in 0..100 {
            if stream.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(800), writer).await;
    let (reply, _) = read_until_closed(&mut stream, Duration::from_secs(3)).await;
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// Messages (text as JSON, pings, the close frame) until the socket ends or `within` passes.
async fn drain(ws: &mut Ws, within: Duration) -> Vec<Message> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(within, async {
        while let Some(Ok(m)) = ws.next().await {
            let end = matches!(m, Message::Close(_));
            out.push(m);
            if end {
                return;
            }
        }
    })
    .await;
    out
}

fn close_code(messages: &[Message]) -> Option<u16> {
    messages.iter().find_map(|m| match m {
        Message::Close(Some(f)) => Some(u16::from(f.code)),
        _ => None,
    })
}

#[tokio::test]
async fn a_websocket_without_connection_init_is_closed_with_4408() {
    let app = spawn_app_with(|s| s.graphql.ws_init_timeout = Duration::from_millis(300)).await;
    for protocol in ["graphql-transport-ws", "graphql-ws"] {
        let mut ws = ws_open(&app, protocol).await;
        let started = Instant::now();
        let got = drain(&mut ws, Duration::from_secs(5)).await;
        assert_eq!(close_code(&got), Some(4408), "{protocol}: {got:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
    // In time, it is acknowledged and stays open past the deadline.
    let mut ws = ws_open(&app, "graphql-transport-ws").await;
    ws_init(&mut ws, json!({})).await;
    let got = drain(&mut ws, Duration::from_millis(700)).await;
    assert_eq!(close_code(&got), None, "{got:?}");
}

#[tokio::test]
async fn idle_websockets_are_pinged_and_a_silent_one_is_closed() {
    let app = spawn_app_with(|s| s.graphql.ws_keepalive = Duration::from_millis(200)).await;
    // A client that reads (and so answers pings) stays.
    let mut alive = ws_open(&app, "graphql-transport-ws").await;
    ws_init(&mut alive, json!({})).await;
    let got = drain(&mut alive, Duration::from_millis(1200)).await;
    let pings = got.iter().filter(|m| matches!(m, Message::Ping(_))).count();
    assert!(pings >= 3, "{got:?}");
    assert_eq!(close_code(&got), None, "{got:?}");

    // One that reads nothing (its pongs never go out) is closed after two silent intervals.
    let mut silent = ws_open(&app, "graphql-transport-ws").await;
    ws_init(&mut silent, json!({})).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let got = drain(&mut silent, Duration::from_secs(2)).await;
    assert_eq!(close_code(&got), Some(1001), "{got:?}");
}

#[tokio::test]
async fn websockets_per_address_and_subscriptions_per_socket_are_capped() {
    let app = spawn_app_with(|s| {
        s.graphql.ws_max_connections_per_ip = 2;
        s.graphql.ws_max_subscriptions = 2;
    })
    .await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;

    let a = ws_open(&app, "graphql-transport-ws").await;
    let mut b = ws_open(&app, "graphql-transport-ws").await;
    let mut req = format!("ws://{}/graphql", app.address)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    match tokio_tungstenite::connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            assert_eq!(resp.status(), 429)
        }
        other => panic!(
            "a third socket from one address: {:?}",
            other.map(|(_, r)| r)
        ),
    }
    // Closing one frees its place.
    drop(a);
    crate::helpers::eventually("a freed place", || async {
        ws_try_open(&app).await.then_some(())
    })
    .await;

    ws_init(&mut b, json!({"token": admin})).await;
    let subscribe = |id: &str| {
        text(json!({"id": id, "type": "subscribe", "payload": {
            "query": "subscription($p: ID!){ orderEvents(projectId: $p){ orderId } }",
            "variables": {"p": shop.project_id}}}))
    };
    for id in ["1", "2", "3"] {
        b.send(subscribe(id)).await.unwrap();
    }
    // Which of the three is refused depends on the order they start in.
    let m = next_json(&mut b).await.unwrap();
    let refused = m["id"].as_str().unwrap().to_owned();
    let errors = if m["type"] == "error" {
        &m["payload"]
    } else {
        &m["payload"]["errors"]
    };
    assert_eq!(errors[0]["extensions"]["code"], "RATE_LIMITED", "{m}");
    assert_eq!(errors[0]["extensions"]["limit"], "subscriptions", "{m}");
    // The refused one is completed at once.
    let m = next_json(&mut b).await.unwrap();
    assert_eq!(
        (m["id"].as_str(), m["type"].as_str()),
        (Some(refused.as_str()), Some("complete")),
        "{m}"
    );
    // Stopping an accepted one makes room for another: it is accepted (and waits for events,
    // silent).
    let accepted = if refused == "1" { "2" } else { "1" };
    b.send(text(json!({"id": accepted, "type": "complete"})))
        .await
        .unwrap();
    let m = next_json(&mut b).await.unwrap();
    assert_eq!(
        (m["id"].as_str(), m["type"].as_str()),
        (Some(accepted), Some("complete")),
        "{m}"
    );
    b.send(subscribe("4")).await.unwrap();
    let quiet = tokio::time::timeout(Duration::from_millis(500), next_json(&mut b)).await;
    assert!(quiet.is_err(), "subscription 4 was answered: {quiet:?}");
    // While a fifth is refused again.
    b.send(subscribe("5")).await.unwrap();
    let m = next_json(&mut b).await.unwrap();
    assert_eq!(m["id"], "5", "{m}");
}

async fn ws_try_open(app: &TestApp) -> bool {
    let mut req = format!("ws://{}/graphql", app.address)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    tokio_tungstenite::connect_async(req).await.is_ok()
}

// ---------------------------------------------------------------------------------------------
// HTML pages, /metrics, the sandbox's address

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn html_pages_carry_their_security_headers() {
    let app = spawn_app().await;
    for path in ["/console", "/console/orders/ord_x", "/graphql"] {
        let r = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let csp = header(&r, "content-security-policy");
        // Same origin only: no CDN, no inline or evaluated scripts, never framed.
        for part in [
            "default-src 'self'",
            "script-src 'self';",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(
            !csp.contains("unsafe-eval") && !csp.contains("http"),
            "{path}: {csp}"
        );
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{path}");
        assert_eq!(header(&r, "referrer-policy"), "no-referrer", "{path}");
    }
    // Any other HTML (here the sandbox's emulated gateway error page) gets the baseline.
    app.client
        .post(format!("{}/sandbox/faults", app.base))
        .json(&json!({"httpStatus": 502}))
        .send()
        .await
        .unwrap();
    let r = app
        .client
        .post(format!("{}/sandbox/wechat/pay/unifiedorder", app.base))
        .body("<xml></xml>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    assert!(header(&r, "content-type").starts_with("text/html"));
    assert_eq!(
        header(&r, "content-security-policy"),
        paycenter::http::headers::BASELINE_CSP
    );
    assert_eq!(header(&r, "x-frame-options"), "DENY");
    // And everything is nosniff.
    let r = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
}

const METRICS_TOKEN: &str = "metrics-token-0123456789abcdef0123456789";

#[tokio::test]
async fn metrics_need_the_token_an_own_address_or_the_sandbox() {
    // A token: refused without it, served with it.
    let app = spawn_app_with(|s| {
        s.secrets.metrics_token = Some(secrecy::SecretString::from(METRICS_TOKEN.to_owned()))
    })
    .await;
    let url = format!("{}/metrics", app.base);
    let r = app.client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(header(&r, "www-authenticate"), "Bearer");
    let r = app
        .client
        .get(&url)
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .client
        .get(&url)
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("paycenter_jobs_queued"));

    // Production without either: not served at all.
    let app = spawn_app_with(|s| s.sandbox.enabled = false).await;
    let r = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // An address of its own: there, and not on the public one.
    let (url, db) = crate::helpers::fresh_database().await;
    let mut settings = crate::helpers::test_settings(url);
    settings.sandbox.enabled = false;
    settings.server.metrics_bind = Some("127.0.0.1:0".parse().unwrap());
    let built = paycenter::app::Application::build(settings).await.unwrap();
    let public = built.address();
    let internal = built.metrics_address().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(built.run(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();
    let r = client
        .get(format!("http://{public}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = client
        .get(format!("http://{internal}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = tx.send(());
    server.await.unwrap().unwrap();
    drop(db);
}

#[tokio::test]
async fn the_sandbox_refuses_a_public_address_unless_the_environment_asks_for_it() {
    let (url, _db) = crate::helpers::fresh_database().await;
    let mut settings = crate::helpers::test_settings(url.clone());
    settings.server.bind = "0.0.0.0:0".parse().unwrap();
    let err = match paycenter::app::Application::build(settings.clone()).await {
        Err(e) => e,
        Ok(_) => panic!("the sandbox started on 0.0.0.0"),
    };
    assert!(
        matches!(
            err,
            paycenter::app::StartupError::SandboxOnPublicAddress { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("PAYCENTER_SANDBOX=true"), "{err}");

    // The environment's PAYCENTER_SANDBOX=true is the one way (a file or a default is not).
    let (from_env, _) = paycenter::config::Settings::assemble(
        None,
        [("PAYCENTER_SANDBOX".to_owned(), "true".to_owned())],
    )
    .unwrap();
    assert!(from_env.sandbox.enabled_by_environment);
    let (from_file, _) = paycenter::config::Settings::assemble(
        Some((
            std::path::Path::new("p.toml"),
            "[sandbox]\nenabled = true\n",
        )),
        [],
    )
    .unwrap();
    assert!(!from_file.sandbox.enabled_by_environment);
    settings.sandbox.enabled_by_environment = true;
    let app = paycenter::app::Application::build(settings).await.unwrap();
    assert!(app.address().ip().is_unspecified());
    // Production on any address is fine.
    let mut prod = crate::helpers::test_settings(url);
    prod.server.bind = "0.0.0.0:0".parse().unwrap();
    prod.sandbox.enabled = false;
    assert!(paycenter::app::Application::build(prod).await.is_ok());
}

// ---------------------------------------------------------------------------------------------
// Notify replays

#[tokio::test]
async fn a_hundred_replays_of_a_notify_leave_one_counted_row() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "RP-1", 300, "WECHAT_NATIVE"),
    )
    .await;
    let id = out["order"]["id"].as_str().unwrap().to_owned();
    let body = wechat_notify(&shop, shop.wechat_api_key(), "RP-1", 300);
    let path = format!("/notify/wechat/{}", shop.project_id);
    // The genuine notify pays the order …
    let (status, _) = post_notify(&app, &path, body.clone(), "text/xml").await;
    assert_eq!(status, 200);
    let started = chrono::Utc::now();
    // … and a hundred replays of it, many at once, are acknowledged and counted.
    for batch in 0..4 {
        let sends = (0..25).map(|_| post_notify(&app, &path, body.clone(), "text/xml"));
        for (status, reply) in futures_util::future::join_all(sends).await {
            assert_eq!(status, 200, "batch {batch}");
            assert!(reply.contains("SUCCESS"), "{reply}");
        }
    }
    let o = order(&app, &admin, &id).await;
    let dups: Vec<&Value> = o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "NOTIFY_DUPLICATE")
        .collect();
    assert_eq!(dups.len(), 1, "{o}");
    assert_eq!(dups[0]["repeatCount"], 100, "{o}");
    // The first body is kept; the last time seen is after the replays began.
    assert!(dups[0]["detail"].as_str().unwrap().contains("RP-1"));
    let last: chrono::DateTime<chrono::Utc> =
        dups[0]["lastSeenAt"].as_str().unwrap().parse().unwrap();
    assert!(last >= started, "{last} < {started}");
    let paid = o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "PAID")
        .count();
    assert_eq!(paid, 1);
    // In the table: the order has its CREATED, PREPAY, PAID and one duplicate row.
    let rows = crate::helpers::count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM order_events WHERE order_id = '{id}' AND kind = 'NOTIFY_DUPLICATE'"),
    )
    .await;
    assert_eq!(rows, 1);

    // A different message about the same payment (another nonce, signed) is a row of its own.
    use paycenter_providers::wechat_v2::{sign, xml};
    let mut fields = xml::decode(body.as_bytes()).unwrap();
    fields.insert("nonce_str".into(), "another".into());
    fields.remove("sign");
    sign::add_sign(&mut fields, shop.wechat_api_key(), sign::SignType::Md5);
    let (status, _) = post_notify(&app, &path, xml::encode(&fields), "text/xml").await;
    assert_eq!(status, 200);
    let o = order(&app, &admin, &id).await;
    let counts: Vec<i64> = o["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "NOTIFY_DUPLICATE")
        .map(|e| e["repeatCount"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, vec![100, 1], "{o}");
}

// ---------------------------------------------------------------------------------------------
// Hostile text and amounts

#[tokio::test]
async fn amounts_beyond_a_32_bit_fen_count_are_invalid_amounts() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    for (i, amount) in [
        json!(2_147_483_648i64),
        json!(10_000_000_000i64),
        json!(i64::MAX),
        serde_json::from_str::<Value>("99999999999999999999").unwrap(),
        json!(1e30),
        json!(-1),
        json!(0),
    ]
    .into_iter()
    .enumerate()
    {
        let mut input = pay_input(&shop, &format!("BIG-{i}"), 1, "ALIPAY_QR");
        input["amount"] = amount.clone();
        let v = pay(&app, &shop.api_key, input).await;
        assert_eq!(error_code(&v), "INVALID_AMOUNT", "{amount}: {v}");
    }
    // The largest one is accepted.
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "BIG-OK", 2_147_483_647, "ALIPAY_QR"),
    )
    .await;
    assert_eq!(out["order"]["amount"], 2_147_483_647i64);
    // Refunds alike.
    let id = out["order"]["id"].as_str().unwrap();
    let v = app
        .gql(
            Some(&shop.api_key),
            "mutation($id: ID!, $a: Int!){ refundOrder(id: $id, refundNo: \"R-BIG\", amount: $a){ id } }",
            json!({"id": id, "a": 4_294_967_296i64}),
        )
        .await;
    assert_eq!(error_code(&v), "INVALID_AMOUNT", "{v}");
}

#[tokio::test]
async fn text_with_control_or_bidi_characters_is_refused_with_its_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let shop = shop(&app, &admin).await;
    let hostile = [
        "Invoice\u{202E}exe.pdf",
        "two\nlines",
        "esc\u{1b}[2J",
        "c1\u{85}",
        "zero\u{200B}width",
        "isolate\u{2066}x\u{2069}",
    ];
    for (i, text) in hostile.iter().enumerate() {
        let mut input = pay_input(&shop, &format!("TX-{i}"), 100, "ALIPAY_QR");
        input["subject"] = json!(text);
        let v = pay(&app, &shop.api_key, input).await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{text:?}: {v}");
        assert_eq!(extension(&v, "field"), "subject", "{v}");

        let mut input = pay_input(&shop, &format!("TA-{i}"), 100, "ALIPAY_QR");
        input["attach"] = json!(text);
        let v = pay(&app, &shop.api_key, input).await;
        assert_eq!(extension(&v, "field"), "attach", "{text:?}: {v}");

        let v = app
            .gql(
                Some(&admin),
                "mutation($n: String!){ createProject(input: {name: $n}){ project { id } } }",
                json!({"n": text}),
            )
            .await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{text:?}: {v}");
        assert_eq!(extension(&v, "field"), "name", "{v}");
    }
    // Nothing was created.
    let orders = crate::helpers::count(&app, "SELECT COUNT(*) AS n FROM orders").await;
    assert_eq!(orders, 0);
    // Ordinary text of any script passes.
    let mut input = pay_input(&shop, "TX-OK", 100, "ALIPAY_QR");
    input["subject"] = json!("咖啡 × 2 — Café crème");
    input["attach"] = json!("{\"table\":7}");
    pay_ok(&app, &shop.api_key, input).await;

    // A refund's reason.
    let id = paid_order(&app, &shop, "TX-R", 100).await;
    let v = app
        .gql(
            Some(&shop.api_key),
            "mutation($id: ID!, $r: String){ refundOrder(id: $id, refundNo: \"TX-R-1\", amount: 1, reason: $r){ id } }",
            json!({"id": id, "r": "refund\u{202E}"}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT", "{v}");
    assert_eq!(extension(&v, "field"), "reason", "{v}");
}

/// An order paid through the sandbox's buyer.
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
    states_until_final(app, &shop.api_key, &id).await;
    id
}

/// Keeps the lines that carry `MARKER` (the whole test binary logs into the global subscriber).
#[derive(Clone, Default)]
struct MarkedLines(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

const MARKER: &str = "HARDEN-LOG-MARKER";

impl std::io::Write for MarkedLines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let line = String::from_utf8_lossy(buf);
        if line.contains(MARKER) {
            self.0.lock().unwrap().push(line.into_owned());
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for MarkedLines {
    type Writer = MarkedLines;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn attacker_text_reaches_the_log_escaped() {
    if std::env::var_os("PAYCENTER_TEST_LOG").is_some() {
        // The log already goes to the terminal; this test needs its own subscriber.
        return;
    }
    let lines = MarkedLines::default();
    paycenter::telemetry::init_with_writer(
        paycenter::config::LogFormat::Text,
        false,
        lines.clone(),
    );
    let app = behind_a_proxy(|s| s.auth.login_free_attempts = 1).await;
    // A username that would forge a second log line and reverse the rest of it.
    let hostile = format!(
        "{MARKER}\n2026-12-17T00:00:00Z  INFO paycenter: admin logged in\u{202E}nimda\u{1b}[2J"
    );
    for _ in 0..3 {
        login_from(&app, "192.0.2.99", &hostile, "guess").await;
    }
    let seen = lines.0.lock().unwrap().clone();
    assert!(!seen.is_empty(), "no log line carried the username");
    for line in &seen {
        let body = line.trim_end_matches('\n');
        assert!(!body.contains('\n'), "{line:?}");
        assert!(
            !body.chars().any(paycenter_domain::text::is_hidden_control),
            "{line:?}"
        );
        assert!(body.contains("\\n2026-12-17T00:00:00Z"), "{line}");
        assert!(body.contains("\\u{202e}nimda\\u{1b}[2J"), "{line}");
    }
}

// ---------------------------------------------------------------------------------------------
// Provider credentials

#[tokio::test]
async fn only_owner_admins_change_provider_credentials_and_each_change_is_audited() {
    let app = spawn_app().await;
    let owner = app.admin_token().await;
    let shop = shop(&app, &owner).await;
    let other = crate::flow::shop(&app, &owner).await;
    let (user, _) = user(&app, &shop).await;
    let mut tokens = vec![
        ("the project's own key", shop.api_key.clone(), "FORBIDDEN"),
        ("another project's key", other.api_key.clone(), "FORBIDDEN"),
        ("a mini-program user", user, "FORBIDDEN"),
    ];
    for role in ["OPERATOR", "VIEWER"] {
        let name = role.to_lowercase();
        app.gql_ok(
            Some(&owner),
            "mutation($i: CreateAdminInput!){ createAdmin(input: $i){ id } }",
            json!({"i": {"username": name, "password": "long-enough-password", "role": role}}),
        )
        .await;
        let v = login_from(&app, "127.0.0.1", &name, "long-enough-password").await;
        let token = v["data"]["adminLogin"]["token"]
            .as_str()
            .unwrap()
            .to_owned();
        tokens.push((role, token, "FORBIDDEN"));
    }
    const UPDATE: &str =
        "mutation($id: ID!, $i: UpdateProjectInput!){ updateProject(id: $id, input: $i){ id } }";
    let attacks = [
        json!({"wechat": {"apiKey": "ATTACKER-KEY-0123456789abcdef0123"}}),
        json!({"wechat": {"mchId": "1999999999"}}),
        json!({"alipay": {"alipayPublicKey": "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"}}),
        json!({"wechat": {"apiVersion": "V3"}}),
    ];
    for (who, token, want) in &tokens {
        for input in &attacks {
            let v = app
                .gql(
                    Some(token),
                    UPDATE,
                    json!({"id": shop.project_id, "i": input}),
                )
                .await;
            let code = error_code(&v);
            // A key of another project does not even see it.
            assert!(code == *want || code == "NOT_FOUND", "{who}: {input}: {v}");
        }
    }
    // Nothing changed: the project still pays through its real credentials, and no change was
    // audited.
    let out = pay_ok(
        &app,
        &shop.api_key,
        pay_input(&shop, "CR-1", 100, "WECHAT_NATIVE"),
    )
    .await;
    assert_eq!(out["order"]["state"], "PENDING");
    let changes = crate::helpers::count(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'CREDENTIALS_CHANGED'",
    )
    .await;
    assert_eq!(changes, 0);

    // An owner may; the change is audited by field name, with who did it and from where.
    app.gql_ok(
        Some(&owner),
        UPDATE,
        json!({"id": shop.project_id, "i": {"wechat": {"apiKey": "OWNER-KEY-0123456789abcdef012345"}}}),
    )
    .await;
    let log = app
        .gql_ok(
            Some(&owner),
            "query($p: ID!){ auditLog(filter: {projectId: $p}){ edges { node { action actorName clientIp detail } } } }",
            json!({"p": shop.project_id}),
        )
        .await;
    let entry = &log["auditLog"]["edges"][0]["node"];
    assert_eq!(entry["action"], "CREDENTIALS_CHANGED", "{log}");
    assert_eq!(entry["actorName"], "admin");
    assert_eq!(entry["clientIp"], "127.0.0.1");
    assert!(entry["detail"]
        .as_str()
        .unwrap()
        .contains("WECHAT_V2.apiKey"));
    assert!(!log.to_string().contains("OWNER-KEY-0123456789abcdef012345"));
}

/// A host name (not `localhost`) that the system resolver maps to a loopback address, from
/// /etc/hosts (Debian maps the machine's own name there).
fn loopback_alias() -> Option<String> {
    let hosts = std::fs::read_to_string("/etc/hosts").ok()?;
    hosts.lines().find_map(|l| {
        let mut parts = l.split_whitespace();
        let ip: std::net::IpAddr = parts.next()?.parse().ok()?;
        if !ip.is_loopback() {
            return None;
        }
        parts
            .find(|n| {
                !n.starts_with('#')
                    && !n.contains("localhost")
                    && n.contains(|c: char| c.is_ascii_alphabetic())
            })
            .map(str::to_owned)
    })
}

#[tokio::test]
async fn a_callback_url_whose_name_resolves_to_this_machine_is_refused_when_set() {
    let Some(alias) = loopback_alias() else {
        eprintln!("no loopback alias in /etc/hosts; skipped");
        return;
    };
    let app = spawn_app_with(|s| s.sandbox.enabled = false).await;
    let admin = app.admin_token().await;
    let url = format!("http://{alias}:8080/cb");
    let v = app
        .gql(
            Some(&admin),
            "mutation($i: CreateProjectInput!){ createProject(input: $i){ apiKey } }",
            json!({"i": {"name": "x", "callbackUrl": url}}),
        )
        .await;
    assert_eq!(error_code(&v), "BAD_USER_INPUT", "{url}: {v}");
    assert_eq!(extension(&v, "field"), "callbackUrl", "{v}");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("resolves to 127."),
        "{v}"
    );
}
