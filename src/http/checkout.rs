//! Web checkout routes: the hosted cashier page `GET /checkout/{orderId}?t=<ticket>` (the page is
//! static and reads the order through GraphQL with the ticket; see `console/checkout/`), and the
//! landing of Alipay's browser return `GET /return/alipay/{projectId}` (bytes in, a redirect or
//! an error page out: `services::checkout` decides).

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use paycenter_domain::Provider;
use paycenter_providers::IncomingRequest;

use crate::core::Core;
use crate::services::checkout::{self, Landing};
use crate::services::ServiceError;

pub fn router() -> Router<Arc<Core>> {
    Router::new()
        .route("/checkout/{order_id}", get(page))
        .route("/return/alipay/{project_id}", get(alipay_return))
}

/// The checkout page; whoever lacks a valid ticket for the order sees it say so.
async fn page(
    State(core): State<Arc<Core>>,
    Path(_order_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    super::console::checkout(
        &headers,
        &form_targets(&core.providers.endpoints().alipay_gateway),
    )
}

/// The origins the page's forms may post to: the Alipay gateway's, and (for the real one) the
/// alipay.com hosts its cashier redirects through.
fn form_targets(gateway: &str) -> String {
    let Ok(url) = url::Url::parse(gateway) else {
        return String::new();
    };
    let origin = url.origin().ascii_serialization();
    if origin == "null" {
        return String::new();
    }
    let real = url
        .host_str()
        .is_some_and(|h| h == "alipay.com" || h.ends_with(".alipay.com"));
    if real {
        format!("{origin} https://*.alipay.com")
    } else {
        origin
    }
}

async fn alipay_return(
    State(core): State<Arc<Core>>,
    Path(project_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let req = IncomingRequest {
        method: "GET",
        path: uri.path(),
        query: uri.query(),
        headers: &headers,
        body: b"",
        received_at: chrono::Utc::now(),
    };
    match checkout::land_return(&core, Provider::Alipay, &project_id, &req).await {
        Ok(Landing::Merchant(url) | Landing::Checkout(url)) => see_other(&url),
        Err(e) => error_page(&e),
    }
}

fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            let h = r.headers_mut();
            h.insert(header::LOCATION, v);
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            // The cashier link carries its ticket: it must not leak to the next site.
            h.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            r
        }
        Err(_) => error_page(&ServiceError::Internal("unusable redirect".into())),
    }
}

/// A small page for a return that leads nowhere (nothing was changed).
fn error_page(e: &ServiceError) -> Response {
    let (status, zh, en) = match e {
        ServiceError::Denied(_) | ServiceError::BadInput { .. } => (
            StatusCode::BAD_REQUEST,
            "无法确认这次返回，订单未作任何更改。",
            "This return could not be verified; nothing was changed.",
        ),
        ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "找不到这笔订单。", "No such order."),
        ServiceError::ChannelNotConfigured(_) => (
            StatusCode::NOT_FOUND,
            "该商户未开通此支付方式。",
            "This merchant does not take this payment method.",
        ),
        _ => {
            tracing::error!(error = %e, "return landing failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "暂时无法处理，请稍后刷新。",
                "Temporarily unavailable; reload in a moment.",
            )
        }
    };
    let body = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>paycenter</title></head><body>\
         <h1 data-test=\"return-error\">{zh}</h1><p lang=\"en\">{en}</p></body></html>"
    );
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_may_go_to_the_gateway() {
        assert_eq!(
            form_targets("https://openapi.alipay.com/gateway.do"),
            "https://openapi.alipay.com https://*.alipay.com"
        );
        assert_eq!(
            form_targets("http://127.0.0.1:8080/sandbox/alipay/gateway.do"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(form_targets("not a url"), "");
        // A look-alike host gets no wildcard.
        assert_eq!(
            form_targets("https://evilalipay.com/gateway.do"),
            "https://evilalipay.com"
        );
    }
}
