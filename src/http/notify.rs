//! Provider notify routes: `POST /notify/wechat/{projectId}` (WeChat's pay notifies, and refund
//! notifies too), `POST /notify/wechat/{projectId}/refund` (the v2 refund notify URL paycenter
//! hands WeChat) and `POST /notify/alipay/{projectId}`. Bytes in, bytes out: `services::notify`
//! verifies, applies and phrases the reply.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use paycenter_domain::Provider;
use paycenter_providers::notify::{IncomingRequest, NotifyResponse};

use std::sync::Arc;

use crate::core::Core;
use crate::services;

pub fn router() -> Router<Arc<Core>> {
    Router::new()
        .route("/notify/wechat/{project_id}", post(wechat))
        .route("/notify/wechat/{project_id}/refund", post(wechat))
        .route("/notify/alipay/{project_id}", post(alipay))
}

async fn wechat(
    state: State<Arc<Core>>,
    project_id: Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(
        state,
        Provider::Wechat,
        project_id,
        method,
        uri,
        headers,
        body,
    )
    .await
}

async fn alipay(
    state: State<Arc<Core>>,
    project_id: Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(
        state,
        Provider::Alipay,
        project_id,
        method,
        uri,
        headers,
        body,
    )
    .await
}

async fn receive(
    State(state): State<Arc<Core>>,
    provider: Provider,
    Path(project_id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = IncomingRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query(),
        headers: &headers,
        body: &body,
        received_at: chrono::Utc::now(),
    };
    into_response(services::notify::receive(&state, provider, &project_id, &req).await)
}

fn into_response(r: NotifyResponse) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (status, r.body).into_response();
    match r.content_type {
        Some(ct) => {
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        None => {
            resp.headers_mut().remove(header::CONTENT_TYPE);
        }
    }
    resp
}
