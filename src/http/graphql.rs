//! `/graphql`: GET serves GraphiQL (embedded, see `console`) or upgrades to a WebSocket (graphql-transport-ws and the legacy
//! graphql-ws), POST executes. Authentication happens here; everything else is in the schema.
//!
//! WebSockets are bounded here (`[graphql]` settings): at most `ws_max_connections_per_ip` open
//! per client address (429 at the upgrade beyond), `connection_init` within `ws_init_timeout`
//! (else closed with 4408, as graphql-transport-ws specifies), a ping every `ws_keepalive` and
//! closed when the client answers nothing for two of them, and at most `ws_max_subscriptions`
//! active subscriptions each (`RATE_LIMITED` for the one past it, see `graphql::subscriptions`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::http::{WebSocketProtocols, WsMessage, ALL_WEBSOCKET_PROTOCOLS};
use async_graphql::Data;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use tokio::time::Instant;

use super::auth::Authenticator;
use crate::core::Core;
use crate::graphql::loaders::Loaders;
use crate::graphql::orders::ClientIp;
use crate::graphql::subscriptions::SubscriptionSlots;
use crate::graphql::AppSchema;

/// What the `/graphql` handlers hold: the schema (built once, with the core as its data), the
/// core itself, for authenticating, and the open WebSockets per client address.
#[derive(Clone)]
pub struct GraphqlState {
    pub schema: AppSchema,
    pub core: Arc<Core>,
    sockets: Arc<SocketCounts>,
}

impl GraphqlState {
    pub fn new(schema: AppSchema, core: Arc<Core>) -> Self {
        let max = core.settings.graphql.ws_max_connections_per_ip;
        Self {
            schema,
            core,
            sockets: Arc::new(SocketCounts {
                max,
                open: Mutex::new(HashMap::new()),
            }),
        }
    }
}

/// Open WebSockets per client address.
struct SocketCounts {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open WebSocket of an address; dropping it (the session ends) frees its place.
struct SocketSlot {
    counts: Arc<SocketCounts>,
    ip: IpAddr,
}

impl SocketCounts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn acquire(self: &Arc<Self>, ip: IpAddr) -> Option<SocketSlot> {
        let mut open = self.lock();
        let n = open.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(SocketSlot {
            counts: self.clone(),
            ip,
        })
    }
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        let mut open = self.counts.lock();
        if let Some(n) = open.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

pub fn router(state: GraphqlState) -> Router {
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .with_state(state)
}

async fn graphql_post(
    State(state): State<GraphqlState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    req: GraphQLRequest,
) -> GraphQLResponse {
    let header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let auth = Authenticator::new(state.core.clone())
        .from_header(header)
        .await;
    let mut resp = state
        .schema
        .execute(
            req.into_inner()
                .data(auth)
                .data(Loaders::new(&state.core))
                .data(ClientIp(
                    crate::auth::throttle::client_ip(
                        peer.ip(),
                        &headers,
                        &state.core.settings.server.client_ip(),
                    )
                    .to_string(),
                )),
        )
        .await;
    with_codes(&mut resp.errors);
    resp.into()
}

/// Errors raised before any resolver ran (syntax, unknown fields, wrong argument types, depth and
/// complexity limits) carry no code of ours: they are all the caller's input, so they get
/// `BAD_USER_INPUT`, except a value that is no `Int` at all for an `amount` (a number past
/// 2^63, a fraction, a string): that is an `INVALID_AMOUNT` like any amount out of range.
/// Resolver errors already carry theirs.
fn with_codes(errors: &mut [async_graphql::ServerError]) {
    for e in errors {
        let amount =
            invalid_argument(&e.message).filter(|a| a.rsplit('.').next() == Some("amount"));
        let amount = amount.map(str::to_owned);
        let ext = e.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_none() {
            match amount {
                Some(path) => {
                    ext.set("code", "INVALID_AMOUNT");
                    ext.set("field", path);
                }
                None => ext.set("code", "BAD_USER_INPUT"),
            }
        }
    }
}

/// The argument path of async-graphql's `Invalid value for argument "input.amount", …`.
fn invalid_argument(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    rest.split_once('"').map(|(path, _)| path)
}

async fn graphql_get(
    State(state): State<GraphqlState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let (Some(protocol), Ok(upgrade)) = (subprotocol(&headers), upgrade) else {
        return super::console::graphiql(&headers);
    };
    let ip = crate::auth::throttle::client_ip(
        peer.ip(),
        &headers,
        &state.core.settings.server.client_ip(),
    );
    let Some(slot) = state.sockets.acquire(ip) else {
        tracing::info!(client_ip = %ip, "websocket refused: too many open from this address");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many open WebSockets from this address",
        )
            .into_response();
    };
    let g = &state.core.settings.graphql;
    let bounds = SocketBounds {
        init_timeout: g.ws_init_timeout,
        keepalive: g.ws_keepalive,
    };
    // Every connection's session data: where it comes from and its subscription allowance
    // (`connection_init` adds the principal).
    let mut data = Data::default();
    data.insert(ClientIp(ip.to_string()));
    data.insert(SubscriptionSlots::new(g.ws_max_subscriptions));
    let schema = state.schema.clone();
    let auth = Authenticator::new(state.core.clone());
    upgrade
        // Subscriptions mostly sit idle: small buffers keep memory per connection low (the
        // defaults reserve 128 KiB each way; GraphQL-over-WebSocket messages are a few hundred
        // bytes, and a larger one grows the buffer as it needs).
        .read_buffer_size(512)
        .write_buffer_size(0)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            serve_socket(socket, schema, protocol, data, auth, bounds).await;
            drop(slot);
        })
}

/// The time bounds of one WebSocket.
#[derive(Debug, Clone, Copy)]
struct SocketBounds {
    init_timeout: Duration,
    keepalive: Duration,
}

/// graphql-transport-ws: "Connection initialisation timeout".
const CLOSE_INIT_TIMEOUT: u16 = 4408;
/// The client stopped answering pings.
const CLOSE_GOING_AWAY: u16 = 1001;

/// Serves one WebSocket: async-graphql's protocol state machine in the middle, the socket's
/// frames on either side, and the time bounds around them (see the module documentation).
async fn serve_socket(
    socket: WebSocket,
    schema: AppSchema,
    protocol: WebSocketProtocols,
    data: Data,
    auth: Authenticator,
    bounds: SocketBounds,
) {
    let (mut sink, mut source) = socket.split();
    let (to_graphql, from_client) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
    let mut graphql = async_graphql::http::WebSocket::new(
        schema,
        tokio_stream::wrappers::ReceiverStream::new(from_client),
        protocol,
    )
    .connection_data(data)
    .on_connection_init(move |payload| connection_init(auth, payload));

    let init_deadline = tokio::time::sleep(bounds.init_timeout);
    tokio::pin!(init_deadline);
    let mut initialised = false;
    let mut pings = tokio::time::interval_at(Instant::now() + bounds.keepalive, bounds.keepalive);
    pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_heard = Instant::now();

    let close = |code: u16, reason: &'static str| {
        Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        }))
    };
    loop {
        tokio::select! {
            incoming = source.next() => {
                let bytes = match incoming {
                    Some(Ok(Message::Text(t))) => t.as_str().as_bytes().to_vec(),
                    Some(Ok(Message::Binary(b))) => b.to_vec(),
                    // Pongs (and the client's own pings, which the socket answers) show it is
                    // there.
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                        last_heard = Instant::now();
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                last_heard = Instant::now();
                if !initialised && is_connection_init(&bytes) {
                    initialised = true;
                }
                if to_graphql.send(bytes).await.is_err() {
                    break;
                }
            }
            outgoing = graphql.next() => {
                let msg = match outgoing {
                    Some(WsMessage::Text(t)) => Message::Text(t.into()),
                    Some(WsMessage::Close(code, reason)) => {
                        let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                        break;
                    }
                    None => break,
                };
                if sink.send(msg).await.is_err() {
                    break;
                }
            }
            _ = &mut init_deadline, if !initialised => {
                tracing::info!("websocket closed: no connection_init in time");
                let _ = sink.send(close(CLOSE_INIT_TIMEOUT, "Connection initialisation timeout")).await;
                break;
            }
            _ = pings.tick() => {
                if last_heard.elapsed() >= bounds.keepalive * 2 {
                    tracing::info!("websocket closed: no answer to pings");
                    let _ = sink.send(close(CLOSE_GOING_AWAY, "keepalive timeout")).await;
                    break;
                }
                if sink.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = sink.close().await;
}

/// The first GraphQL-over-WebSocket protocol the client offers that we speak (as async-graphql's
/// own extractor picks it).
fn subprotocol(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())?
        .split(',')
        .find_map(|p| p.trim().parse().ok())
}

/// Whether a client message is `connection_init` (read only until the first one).
fn is_connection_init(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Kind<'a> {
        #[serde(rename = "type", borrow)]
        kind: std::borrow::Cow<'a, str>,
    }
    serde_json::from_slice::<Kind<'_>>(bytes).is_ok_and(|k| k.kind == "connection_init")
}

/// `connection_init` carries `{"token": "..."}` (or `{"Authorization": "Bearer ..."}`). A presented
/// credential that fails closes the connection; none at all gives an anonymous connection.
async fn connection_init(
    authenticator: Authenticator,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let token = payload
        .get("token")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .or_else(|| {
            ["Authorization", "authorization"]
                .iter()
                .find_map(|k| payload.get(*k).and_then(|v| v.as_str()))
                .map(|h| h.strip_prefix("Bearer ").unwrap_or(h).to_owned())
        });
    let auth_core = authenticator.core();
    let auth = match token {
        Some(t) => authenticator.from_token(&t).await,
        None => crate::graphql::Auth(Ok(crate::auth::Principal::Anonymous)),
    };
    if let Err(e) = &auth.0 {
        tracing::info!(reason = %e, "websocket connection refused");
        return Err(async_graphql::Error::new("UNAUTHENTICATED"));
    }
    let mut data = Data::default();
    data.insert(auth);
    data.insert(Loaders::new(auth_core));
    Ok(data)
}
