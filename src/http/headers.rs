//! Headers every response gets unless its handler chose its own: `X-Content-Type-Options:
//! nosniff` on all of them, and on HTML a baseline of framing, referrer and policy headers.
//!
//! The console and GraphiQL set their own, stricter Content-Security-Policy (`http::console`);
//! this layer only fills in what a response lacks, so an HTML page added later (or an HTML error
//! page of the sandbox's emulated providers) is never served bare. The baseline policy forbids
//! being framed, plugins and `<base>` rewriting; it does not restrict scripts, which only the page
//! itself can know (a page that needs that sets its own policy, as the console does).

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

/// The policy of HTML responses that bring none.
pub const BASELINE_CSP: &str = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// `axum::middleware::map_response` over the whole router.
pub async fn security_headers(mut resp: Response) -> Response {
    add(resp.headers_mut());
    resp
}

fn add(h: &mut HeaderMap) {
    h.entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim_start()
                .get(..9)
                .is_some_and(|t| t.eq_ignore_ascii_case("text/html"))
        });
    if html {
        h.entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(HeaderValue::from_static(BASELINE_CSP));
        h.entry(header::X_FRAME_OPTIONS)
            .or_insert(HeaderValue::from_static("DENY"));
        h.entry(header::REFERRER_POLICY)
            .or_insert(HeaderValue::from_static("no-referrer"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_gets_the_baseline_and_keeps_its_own() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("TEXT/HTML; charset=utf-8"),
        );
        add(&mut h);
        assert_eq!(
            h.get(header::CONTENT_SECURITY_POLICY),
            Some(&HeaderValue::from_static(BASELINE_CSP))
        );
        assert_eq!(
            h.get(header::X_FRAME_OPTIONS),
            Some(&HeaderValue::from_static("DENY"))
        );

        let mut own = HeaderMap::new();
        own.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        own.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        add(&mut own);
        assert_eq!(
            own.get(header::CONTENT_SECURITY_POLICY),
            Some(&HeaderValue::from_static("default-src 'self'"))
        );

        let mut json = HeaderMap::new();
        json.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        add(&mut json);
        assert!(json.get(header::CONTENT_SECURITY_POLICY).is_none());
        assert_eq!(
            json.get(header::X_CONTENT_TYPE_OPTIONS),
            Some(&HeaderValue::from_static("nosniff"))
        );
    }
}
