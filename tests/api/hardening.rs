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
use crate::helpers::{error_code, spawn_app, TestApp};

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
