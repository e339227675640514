//! The embedded admin console at /console and GraphiQL at GET /graphql: pages, client-side route
//! fallback, caching, content types and security headers.

use reqwest::header;

use crate::helpers::spawn_app;

/// The `src`/`href` values under /console/assets/ that a page references.
fn asset_links(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|s| s.starts_with("/console/assets/"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn console_pages_assets_and_headers() {
    let app = spawn_app().await;
    let get = |path: &str| app.client.get(format!("{}{path}", app.base)).send();

    let index = get("/console").await.unwrap();
    assert_eq!(index.status(), 200);
    let h = index.headers().clone();
    assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    let csp = h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "default-src 'self'",
        "script-src 'self';",
        "style-src 'self';",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    let host = app.address.to_string();
    assert!(
        csp.contains(&format!("connect-src 'self' ws://{host} wss://{host};")),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    let etag = h[header::ETAG].to_str().unwrap().to_owned();
    let html = index.text().await.unwrap();
    assert!(html.contains(r#"<div id="app">"#));
    // No inline script: every script has a src.
    assert!(!html.contains("<script>") && !html.contains("<script type=\"module\">"));

    // The same page for /console/, client-side routes and unknown paths under /console.
    for path in [
        "/console/",
        "/console/orders",
        "/console/orders/ord_123",
        "/console/x/y",
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()[header::ETAG].to_str().unwrap(), etag, "{path}");
        assert_eq!(r.text().await.unwrap(), html, "{path}");
    }

    // Revalidation: 304 without a body, still no-cache.
    let r = app
        .client
        .get(format!("{}/console/projects", app.base))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(r.bytes().await.unwrap().is_empty());

    // Hashed assets: immutable for a year, with their content type.
    let links = asset_links(&html);
    assert!(links.iter().any(|l| l.ends_with(".js")), "{links:?}");
    assert!(links.iter().any(|l| l.ends_with(".css")), "{links:?}");
    for link in &links {
        let r = get(link).await.unwrap();
        assert_eq!(r.status(), 200, "{link}");
        let h = r.headers();
        assert_eq!(
            h[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let want = match link.rsplit('.').next() {
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("svg") => "image/svg+xml; charset=utf-8",
            other => panic!("unexpected asset type {other:?} in {link}"),
        };
        assert_eq!(h[header::CONTENT_TYPE], want, "{link}");
        assert!(!r.bytes().await.unwrap().is_empty());
    }

    // A missing asset is a 404, not the index page.
    let r = get("/console/assets/missing-0000.js").await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn assets_are_compressed_when_asked() {
    let app = spawn_app().await;
    let html = app
        .client
        .get(format!("{}/console/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let js = asset_links(&html)
        .into_iter()
        .find(|l| l.ends_with(".js"))
        .unwrap();
    // reqwest is built without gzip here, so the encoded body arrives as is.
    let r = app
        .client
        .get(format!("{}{js}", app.base))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
    let body = r.bytes().await.unwrap();
    assert_eq!(&body[..2], &[0x1f, 0x8b]);
}

#[tokio::test]
async fn graphiql_is_served_from_paycenter_not_a_cdn() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}/graphql", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"<div id="graphiql">"#));
    assert!(!html.contains("https://"), "no outside URL in {html}");
    let links = asset_links(&html);
    assert!(!links.is_empty());
    for link in links {
        let r = app
            .client
            .get(format!("{}{link}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{link}");
    }
    // POST still executes.
    let r = app
        .client
        .post(format!("{}/graphql", app.base))
        .json(&serde_json::json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["data"]["__typename"],
        "QueryRoot"
    );
}
