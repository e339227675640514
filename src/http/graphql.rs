//! `/graphql`: GET serves GraphiQL (embedded, see `console`) or upgrades to a WebSocket (graphql-transport-ws and the legacy
//! graphql-ws), POST executes. Authentication happens here; everything else is in the schema.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::extract::ws::WebSocketUpgrade;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::auth::Authenticator;
use std::sync::Arc;

use crate::core::Core;
use crate::graphql::loaders::Loaders;
use crate::graphql::orders::ClientIp;
use crate::graphql::AppSchema;

/// What the `/graphql` handlers hold: the schema (built once, with the core as its data) and the
/// core itself, for authenticating.
#[derive(Clone)]
pub struct GraphqlState {
    pub schema: AppSchema,
    pub core: Arc<Core>,
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
/// `BAD_USER_INPUT`. Resolver errors already carry theirs.
fn with_codes(errors: &mut [async_graphql::ServerError]) {
    for e in errors {
        let ext = e.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_none() {
            ext.set("code", "BAD_USER_INPUT");
        }
    }
}

async fn graphql_get(
    State(state): State<GraphqlState>,
    headers: HeaderMap,
    protocol: Result<
        GraphQLProtocol,
        <GraphQLProtocol as axum::extract::FromRequestParts<GraphqlState>>::Rejection,
    >,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let (Ok(protocol), Ok(upgrade)) = (protocol, upgrade) else {
        return super::console::graphiql(&headers);
    };
    let schema = state.schema.clone();
    let auth = Authenticator::new(state.core.clone());
    upgrade
        // Subscriptions mostly sit idle: small buffers keep memory per connection low (the
        // defaults reserve 128 KiB each way; GraphQL-over-WebSocket messages are a few hundred
        // bytes, and a larger one grows the buffer as it needs).
        .read_buffer_size(512)
        .write_buffer_size(0)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload| connection_init(auth, payload))
                .serve()
        })
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
