//! Incoming notifies, seen whole: a provider verifies the request as it arrived (method, path,
//! query, headers, raw body) and chooses its own reply. WeChat v2 and Alipay sign the body and
//! want a fixed text back with 200; WeChat v3 signs headers plus body and wants HTTP statuses.

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use crate::{BrowserReturn, PayNotification, ProviderError, RefundNotification};

/// A provider's request to a notify route, exactly as received.
#[derive(Debug, Clone, Copy)]
pub struct IncomingRequest<'a> {
    pub method: &'a str,
    /// The path as received, without the query.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    /// The raw body: signatures are over these bytes.
    pub body: &'a [u8],
    /// When it arrived (timestamp windows are checked against it).
    pub received_at: DateTime<Utc>,
}

impl IncomingRequest<'_> {
    /// A header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What a verified notify reports.
#[derive(Debug, Clone)]
pub enum Notification {
    Pay(PayNotification),
    Refund(RefundNotification),
}

/// The core's verdict on a notify, for the provider to phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Applied (or a duplicate already applied): stop sending it.
    Accepted,
    /// Refused for good (forged, misrouted, unknown order): the provider may retry; it will not help.
    Refused(&'a str),
    /// Our own outage: retry later.
    Unavailable(&'a str),
}

/// The exact reply a provider expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyResponse {
    pub status: u16,
    /// None for an empty body (e.g. WeChat v3's 204).
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
}

impl NotifyResponse {
    pub fn text(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            content_type: Some(content_type),
            body: body.into(),
        }
    }
}

/// Verifies notifies on the whole request and phrases replies.
#[async_trait::async_trait]
pub trait VerifyNotify: Send + Sync {
    /// What a genuine notify reports. Anything that does not verify is an error, never trusted.
    async fn verify_notify(&self, req: &IncomingRequest<'_>)
        -> Result<Notification, ProviderError>;

    /// The reply this provider expects for `verdict`.
    fn notify_reply(&self, verdict: Verdict<'_>) -> NotifyResponse;

    /// Verifies a browser return (the buyer's GET to the return URL after the provider's web
    /// cashier) and says which trade it names. A return is never proof of payment. Providers
    /// whose returns are unsigned (WeChat's H5 `redirect_url`) have nothing to verify and
    /// refuse every one.
    fn verify_return(&self, _req: &IncomingRequest<'_>) -> Result<BrowserReturn, ProviderError> {
        Err(ProviderError::Config(
            "this provider sends no signed browser returns".into(),
        ))
    }
}
