//! v3 replies as WeChat sends them: JSON (or an empty 204), signed with the merchant's current
//! WeChat-side key: `Wechatpay-Timestamp`, `-Nonce`, `-Signature`, `-Serial`,
//! `-Signature-Type: WECHATPAY2-SHA256-RSA2048`, and a `Request-ID`. Refusals are
//! `{"code","message"[,"detail"]}` and are signed too; only replies to a caller the sandbox
//! cannot tie to a v3 merchant go unsigned.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use rand::Rng;
use serde_json::{json, Value};

use paycenter_providers::rsa_keys::RsaSigner;
use paycenter_providers::wechat_v3::sign;

/// A Request-ID shaped like WeChat's (`08F0A0B0C0D0E0F0-0`-like hex).
fn request_id() -> String {
    let r: u128 = rand::thread_rng().gen();
    format!("{:032X}", r)
}

fn error_body(code: &str, message: &str, detail: Option<Value>) -> Vec<u8> {
    let mut v = json!({"code": code, "message": message});
    if let Some(d) = detail {
        v["detail"] = d;
    }
    v.to_string().into_bytes()
}

fn status(s: u16) -> StatusCode {
    StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// An unsigned v3 refusal (no merchant to sign for).
pub fn unsigned_error(s: u16, code: &str, message: &str) -> Response {
    (
        status(s),
        [
            (header::CONTENT_TYPE, "application/json"),
            (HeaderName::from_static("request-id"), request_id().as_str()),
        ],
        error_body(code, message, None),
    )
        .into_response()
}

/// An injected HTTP failure (a load balancer's page: unsigned HTML).
pub fn http_status(s: u16) -> Response {
    let s = StatusCode::from_u16(s).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    (
        s,
        [(header::CONTENT_TYPE, "text/html")],
        format!("<html><body><h1>{s}</h1></body></html>"),
    )
        .into_response()
}

/// Signs one merchant's replies.
#[derive(Clone)]
pub struct Replier {
    pub serial: String,
    pub signer: RsaSigner,
}

impl Replier {
    fn signed(&self, s: StatusCode, body: Vec<u8>) -> Response {
        let ts = Utc::now().timestamp().to_string();
        let nonce = format!("{:032x}", rand::thread_rng().gen::<u128>());
        let signature = match sign::sign_response(&self.signer, &ts, &nonce, &body) {
            Ok(sig) => sig,
            Err(e) => {
                tracing::error!(error = %e, "sandbox wechat v3: cannot sign a reply");
                return unsigned_error(500, "SYSTEM_ERROR", "系统错误");
            }
        };
        let mut r = (s, body).into_response();
        let h = r.headers_mut();
        let mut set = |name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                h.insert(HeaderName::from_static(name), v);
            }
        };
        set("request-id", &request_id());
        set("wechatpay-timestamp", &ts);
        set("wechatpay-nonce", &nonce);
        set("wechatpay-signature", &signature);
        set("wechatpay-serial", &self.serial);
        set("wechatpay-signature-type", sign::SCHEMA);
        if s != StatusCode::NO_CONTENT {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        r
    }

    /// 200 with a JSON body.
    pub fn ok(&self, body: &Value) -> Response {
        self.signed(StatusCode::OK, body.to_string().into_bytes())
    }

    /// 204, empty body (signed over `TS\nNONCE\n\n`).
    pub fn no_content(&self) -> Response {
        self.signed(StatusCode::NO_CONTENT, Vec::new())
    }

    /// A refusal.
    pub fn error(&self, s: u16, code: &str, message: &str) -> Response {
        self.signed(status(s), error_body(code, message, None))
    }

    /// 400 PARAM_ERROR naming the field, as WeChat's `detail` does.
    pub fn param_error(&self, field: &str, issue: &str) -> Response {
        self.signed(
            StatusCode::BAD_REQUEST,
            error_body(
                "PARAM_ERROR",
                &format!("参数错误：{field} {issue}"),
                Some(json!({"field": field, "issue": issue, "location": "body"})),
            ),
        )
    }

    /// The provider's own failure: 500 SYSTEM_ERROR, which clients retry.
    pub fn system_error(&self, e: impl std::fmt::Display) -> Response {
        tracing::error!(error = %e, "sandbox wechat v3: internal error");
        self.error(500, "SYSTEM_ERROR", "系统错误")
    }
}
