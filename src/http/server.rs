//! The HTTP server loop: accepts TCP connections and serves the router on each with hyper's
//! connection settings that bound slow and idle clients, which `axum::serve` leaves unset:
//!
//! * the request line and headers must arrive within `server.header_read_timeout` (hyper closes
//!   the connection otherwise; it is also how long an idle keep-alive connection is kept);
//! * the request head may be at most `server.max_header_bytes` (431 beyond);
//! * HTTP/2 header lists are bounded the same way.
//!
//! The body and the handler are bounded by the router's own layers (`server.request_timeout`,
//! `server.body_limit_bytes`). Each request carries the peer address as `ConnectInfo`.
//!
//! Shutdown: when `shutdown` resolves the listener is dropped (no new connections), every open
//! connection is asked to finish its in-flight requests and close, and the returned future
//! resolves once they have. WebSocket sessions live on after their upgrade and are not waited
//! for here.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Per-connection bounds (from `[server]`).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    /// At least 8192 (hyper's smallest read buffer).
    pub max_header_bytes: usize,
}

impl ConnectionLimits {
    pub fn from_settings(s: &crate::config::Server) -> Self {
        Self {
            header_read_timeout: s.header_read_timeout,
            max_header_bytes: s.max_header_bytes,
        }
    }
}

fn builder(limits: ConnectionLimits) -> Builder<TokioExecutor> {
    let mut b = Builder::new(TokioExecutor::new());
    b.http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192));
    b.http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX))
        // WebSockets over HTTP/2 (RFC 8441), as axum::serve allows.
        .enable_connect_protocol();
    b
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains (see the module
/// documentation).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let builder = builder(limits);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    if !is_connection_error(&e) {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::error!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            router.clone().oneshot(req.map(Body::new))
        });
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                // Header timeouts, oversized heads, resets: the client's doing.
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Errors of one connection (not of the listener): the next accept may succeed at once.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}
