//! HTTP surface: health, readiness, GraphiQL, limits, and the WebSocket handshake.

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn health_readiness_and_graphiql() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .get(format!("{}/graphql", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().to_lowercase().contains("graphiql"));
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.core.db.clone().close().await.unwrap();
    let r = app
        .client
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(300 * 1024);
    let r = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("content-type", "application/json")
        .body(json!({"query": format!("{{ me {{ kind }} }} # {big}")}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn query_depth_is_limited() {
    let app = spawn_app_with_depth(3).await;
    let admin_q = "{ projects { edges { node { wechat { appId } } } } }";
    let v = app.gql(None, admin_q, json!({})).await;
    assert_eq!(v["errors"][0]["extensions"]["limit"], "depth", "{v}");
    assert_eq!(v["errors"][0]["extensions"]["max"], 3, "{v}");
    assert_eq!(error_code(&v), "BAD_USER_INPUT");
    // Malformed documents and wrongly typed arguments are the caller's input too.
    for q in [
        "{ me { kind ",
        "{ projects(first: \"ten\") { edges { cursor } } }",
        "{ noSuchField }",
    ] {
        let v = app.gql(None, q, json!({})).await;
        assert_eq!(error_code(&v), "BAD_USER_INPUT", "{q}: {v}");
    }
}

async fn spawn_app_with_depth(depth: u32) -> crate::helpers::TestApp {
    crate::helpers::spawn_app_with(|s| s.graphql.max_depth = depth).await
}

async fn ws_connect(
    app: &crate::helpers::TestApp,
    protocol: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut req = format!("ws://{}/graphql", app.address)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("Sec-WebSocket-Protocol", protocol.parse().unwrap());
    let (ws, resp) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(
        resp.headers().get("sec-websocket-protocol").unwrap(),
        protocol
    );
    ws
}

async fn next_json(
    ws: &mut tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
) -> Option<serde_json::Value> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

#[tokio::test]
async fn websocket_accepts_valid_tokens_on_both_protocols_and_refuses_bad_ones() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for protocol in ["graphql-transport-ws", "graphql-ws"] {
        let mut ws = ws_connect(&app, protocol).await;
        ws.send(Message::Text(
            json!({"type":"connection_init","payload":{"token": admin}})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let ack = next_json(&mut ws).await.unwrap();
        assert_eq!(ack["type"], "connection_ack", "{protocol}: {ack}");

        let mut ws = ws_connect(&app, protocol).await;
        ws.send(Message::Text(
            json!({"type":"connection_init","payload":{"token": "forged.token.value"}})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let reply = next_json(&mut ws).await;
        assert!(
            reply
                .as_ref()
                .is_none_or(|r| r["type"] == "connection_error"),
            "{protocol}: bad token must not be acknowledged: {reply:?}"
        );
    }
    // The HTTP API is unaffected by a refused socket.
    let v = app.gql(None, "{ me { kind } }", json!({})).await;
    assert_eq!(error_code(&v), "UNAUTHENTICATED");
}

#[tokio::test]
async fn shutdown_drains_within_the_grace_period_even_with_open_subscriptions() {
    let mut app = crate::helpers::spawn_app_with(|s| {
        s.server.shutdown_grace = std::time::Duration::from_millis(500)
    })
    .await;
    let admin = app.admin_token().await;
    let mut ws = ws_connect(&app, "graphql-transport-ws").await;
    ws.send(Message::Text(
        json!({"type":"connection_init","payload":{"token": admin}})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    let took = app.shutdown().await;
    assert!(
        took < std::time::Duration::from_secs(5),
        "shutdown took {took:?}"
    );
    // No longer accepting.
    assert!(app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .is_err());
}

/// `server.request_timeout` bounds a request whose body never finishes arriving: the client gets
/// 408 and its connection back, instead of holding a task forever.
#[tokio::test]
async fn a_request_whose_body_stalls_is_answered_408_after_the_request_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = crate::helpers::spawn_app_with(|s| {
        s.server.request_timeout = std::time::Duration::from_millis(300)
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    stream
        .write_all(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":",
        )
        .await
        .unwrap();
    let mut reply = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut buf = [0u8; 1024];
        loop {
            let n = stream.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            reply.extend_from_slice(&buf[..n]);
            if reply.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer to a stalled body");
    let head = String::from_utf8_lossy(&reply);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
}
