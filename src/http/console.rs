//! `/console`: the admin console, the GraphiQL page served at `GET /graphql`, and the hosted
//! checkout page served at `/checkout/{orderId}` (`http::checkout`).
//!
//! Both are built by Vite from `console/` into `console/dist/` (committed, so a fresh checkout
//! serves them without Node) and compiled into the binary with `rust-embed`. Hashed files under
//! `assets/` are immutable and cached for a year; the HTML pages are `no-cache` with an ETag, so a
//! new build is picked up at once. The HTML carries a Content-Security-Policy that the built pages
//! satisfy: scripts and styles only from this origin, no inline scripts, API calls and the
//! subscription WebSocket to this origin only, no framing.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::Embed;
use tower_http::compression::CompressionLayer;

#[derive(Embed)]
#[folder = "console/dist/"]
struct Dist;

/// The console's entry page; every client-side route falls back to it.
const CONSOLE_INDEX: &str = "index.html";
/// GraphiQL's page (a second Vite entry), served at `GET /graphql`.
const GRAPHIQL_INDEX: &str = "graphiql/index.html";
/// The hosted checkout page (a third Vite entry, without the console's libraries).
const CHECKOUT_INDEX: &str = "checkout/index.html";
/// Vite's content-hashed output: a file's name changes whenever its content does.
const HASHED_DIR: &str = "assets/";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/console", get(console_index))
        .route("/console/", get(console_index))
        .route("/console/{*path}", get(console_path))
        // The assets are large (GraphiQL's editor alone is megabytes) and compress well.
        .layer(CompressionLayer::new())
}

async fn console_index(headers: HeaderMap) -> Response {
    page(CONSOLE_INDEX, Csp::Console, &headers)
}

async fn console_path(
    axum::extract::Path(path): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    if path.starts_with(HASHED_DIR) {
        // A missing asset is a 404, never the index page: a browser must not cache HTML as a
        // script, and a stale page asking for an old hash should fail visibly.
        return asset(&path, &headers);
    }
    // Client-side routes (/console/orders/ord_…) and anything else: the console's page.
    page(CONSOLE_INDEX, Csp::Console, &headers)
}

/// The GraphiQL page for `GET /graphql` (the transport handler keeps POST and WebSocket upgrades).
pub fn graphiql(headers: &HeaderMap) -> Response {
    page(GRAPHIQL_INDEX, Csp::Graphiql, headers)
}

/// The hosted checkout page. `form_targets` are the origins its payment forms may post to (the
/// provider's web cashier: a request too long for a URL is an auto-submitted form).
pub fn checkout(headers: &HeaderMap, form_targets: &str) -> Response {
    page(CHECKOUT_INDEX, Csp::Checkout(form_targets), headers)
}

#[derive(Clone, Copy)]
enum Csp<'a> {
    Console,
    /// GraphiQL's editor (Monaco) adds `<style>` elements at run time and starts its language
    /// workers; scripts stay as strict as the console's.
    Graphiql,
    /// The checkout page: the console's policy, with forms also allowed to these origins.
    Checkout(&'a str),
}

impl Csp<'_> {
    fn header(self, headers: &HeaderMap) -> String {
        let styles = match self {
            Csp::Console | Csp::Checkout(_) => "style-src 'self'",
            Csp::Graphiql => "style-src 'self' 'unsafe-inline'",
        };
        let forms = match self {
            Csp::Checkout(targets) if !targets.is_empty() => format!("'self' {targets}"),
            Csp::Console | Csp::Graphiql | Csp::Checkout(_) => "'self'".to_owned(),
        };
        // 'self' covers ws:/wss: to the same host in CSP 3; older browsers need them spelled out.
        let sockets = same_host(headers)
            .map(|h| format!(" ws://{h} wss://{h}"))
            .unwrap_or_default();
        format!(
            "default-src 'self'; script-src 'self'; {styles}; img-src 'self' data:; font-src 'self' data:; \
             connect-src 'self'{sockets}; worker-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action {forms}; frame-ancestors 'none'"
        )
    }
}

/// The request's Host, if it is a plain host[:port] (it is echoed into the policy).
fn same_host(headers: &HeaderMap) -> Option<&str> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plain = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    plain.then_some(host)
}

fn page(name: &str, csp: Csp<'_>, headers: &HeaderMap) -> Response {
    let Some(file) = Dist::get(name) else {
        // Only a build without console/dist gets here; say so rather than serve nothing.
        tracing::error!(file = name, "console build missing from the binary");
        return (StatusCode::NOT_FOUND, "console not built").into_response();
    };
    let etag = etag_of(&file);
    let mut resp = if matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(body_of(file.data));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        r
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    insert(h, header::ETAG, &etag);
    insert(h, header::CONTENT_SECURITY_POLICY, &csp.header(headers));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    nosniff(h);
    resp
}

fn asset(path: &str, headers: &HeaderMap) -> Response {
    let Some(file) = Dist::get(path) else {
        let mut r = (StatusCode::NOT_FOUND, "not found").into_response();
        nosniff(r.headers_mut());
        return r;
    };
    let etag = etag_of(&file);
    let mut resp = if matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(body_of(file.data));
        insert(
            r.headers_mut(),
            header::CONTENT_TYPE,
            &content_type(file.metadata.mimetype()),
        );
        r
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    insert(h, header::ETAG, &etag);
    nosniff(h);
    resp
}

/// The embedded bytes are `'static`: served without copying them (GraphiQL's editor is megabytes).
fn body_of(data: Cow<'static, [u8]>) -> Body {
    match data {
        Cow::Borrowed(b) => Body::from(bytes::Bytes::from_static(b)),
        Cow::Owned(v) => Body::from(v),
    }
}

/// Text types are UTF-8 (Vite writes UTF-8).
fn content_type(mime: &str) -> String {
    let text = mime.starts_with("text/")
        || matches!(
            mime,
            "application/javascript" | "application/json" | "image/svg+xml"
        );
    if text && !mime.contains("charset") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_owned()
    }
}

/// A strong ETag from the content's SHA-256 (rust-embed computes it at build time).
fn etag_of(file: &rust_embed::EmbeddedFile) -> String {
    format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..16]))
}

/// Whether `If-None-Match` names this ETag (or `*`); weak comparison, as RFC 9110 asks for GET.
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

fn insert(h: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

fn nosniff(h: &mut HeaderMap) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn with(name: HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let tag = "\"abc\"";
        assert!(matches(&with(header::IF_NONE_MATCH, "\"abc\""), tag));
        assert!(matches(&with(header::IF_NONE_MATCH, "W/\"abc\""), tag));
        assert!(matches(&with(header::IF_NONE_MATCH, "\"x\", \"abc\""), tag));
        assert!(matches(&with(header::IF_NONE_MATCH, "*"), tag));
        assert!(!matches(&with(header::IF_NONE_MATCH, "\"abcd\""), tag));
        assert!(!matches(&HeaderMap::new(), tag));
    }

    #[test]
    fn only_a_plain_host_goes_into_the_policy() {
        assert_eq!(
            same_host(&with(header::HOST, "127.0.0.1:8080")),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            same_host(&with(header::HOST, "[::1]:8080")),
            Some("[::1]:8080")
        );
        assert_eq!(
            same_host(&with(header::HOST, "pay.example.com")),
            Some("pay.example.com")
        );
        assert_eq!(same_host(&with(header::HOST, "a; script-src *")), None);
        assert_eq!(same_host(&HeaderMap::new()), None);
        let csp = Csp::Console.header(&with(header::HOST, "evil;x"));
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(csp.contains("form-action 'self';"), "{csp}");
        let csp = Csp::Checkout("https://openapi.alipay.com").header(&HeaderMap::new());
        assert!(
            csp.contains("form-action 'self' https://openapi.alipay.com;"),
            "{csp}"
        );
        assert!(csp.contains("script-src 'self';"), "{csp}");
    }

    #[test]
    fn content_types_of_text_carry_utf8() {
        assert_eq!(
            content_type("text/javascript"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("text/css"), "text/css; charset=utf-8");
        assert_eq!(content_type("font/ttf"), "font/ttf");
    }

    #[test]
    fn the_build_is_embedded() {
        assert!(Dist::get(CONSOLE_INDEX).is_some());
        assert!(Dist::get(GRAPHIQL_INDEX).is_some());
        assert!(Dist::get(CHECKOUT_INDEX).is_some());
        assert!(Dist::iter().any(|f| f.starts_with(HASHED_DIR)));
    }
}
