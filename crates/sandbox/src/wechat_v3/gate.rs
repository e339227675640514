//! What every v3 call goes through first: the `Authorization` header, injected faults, the
//! merchant, its certificate serial, the five-minute window, and the signature over the raw
//! body bytes (SDKs sign ASCII-escaped JSON: the body is never re-serialised).
//!
//! The signed path may be either the full pathname as received
//! (`/sandbox/wechat/v3/pay/transactions/native`, what npm `wechatpay-axios-plugin` and our
//! own client sign) or the path relative to the `/sandbox/wechat` base
//! (`/v3/pay/transactions/native`, what PyPI `wechatpayv3` signs), query included in both;
//! nothing looser.
//!
//! Failures: no or malformed `Authorization`, a wrong serial, a stale timestamp or a bad
//! signature: 401 SIGN_ERROR; an mchid the sandbox has no v3 merchant for: 400 MCH_NOT_EXISTS
//! (unsigned: there is no key to sign with).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use chrono::Utc;

use super::keys::V3Merchant;
use super::reply::{self, Replier};
use crate::SandboxState;
use paycenter_providers::rsa_keys;
use paycenter_providers::wechat_v3::sign::{self, Authorization};

/// The base the v3 paths live under, inside the sandbox router.
const BASE: &str = "/wechat";

/// An authenticated v3 request.
pub struct Call {
    pub merchant: Arc<V3Merchant>,
    pub reply: Replier,
    pub body: Bytes,
    /// A `refuseRefunds` fault applies.
    pub refuse_refunds: bool,
}

/// The request as received: `original` is the full URI (`OriginalUri`), `inner` the one the
/// sandbox router saw (below its mount point).
pub struct Incoming<'a> {
    pub method: &'a Method,
    pub original: &'a Uri,
    pub inner: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: Bytes,
}

fn with_query(path: &str, uri: &Uri) -> String {
    match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    }
}

/// The two accepted forms of the signed path.
fn signed_paths(req: &Incoming<'_>) -> [String; 2] {
    let full = with_query(req.original.path(), req.original);
    let relative = with_query(
        req.inner
            .path()
            .strip_prefix(BASE)
            .unwrap_or(req.inner.path()),
        req.inner,
    );
    [full, relative]
}

/// Runs the checks; `Err` is the reply to send as it is.
pub async fn admit(state: &SandboxState, req: Incoming<'_>) -> Result<Call, Response> {
    let sign_error = |message: &str| reply::unsigned_error(401, "SIGN_ERROR", message);
    let Some(header) = req
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return Err(sign_error("缺少Authorization头"));
    };
    let auth = match Authorization::parse(header) {
        Ok(a) => a,
        Err(e) => return Err(sign_error(&e.to_string())),
    };

    let fault = state.faults.take(&auth.mch_id);
    if let Some(f) = &fault {
        f.delay().await;
        if let Some(status) = f.http_status {
            return Err(reply::http_status(status));
        }
    }

    let merchant = state
        .wechat_v3
        .merchant(state, &auth.mch_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "sandbox wechat v3: merchant lookup");
            reply::unsigned_error(500, "SYSTEM_ERROR", "系统错误")
        })?
        .ok_or_else(|| reply::unsigned_error(400, "MCH_NOT_EXISTS", "商户号不存在"))?;
    let platform = state
        .wechat_v3
        .signer(&state.db, &merchant.mch_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "sandbox wechat v3: platform key");
            reply::unsigned_error(500, "SYSTEM_ERROR", "系统错误")
        })?;
    let bad_signature = fault.as_ref().is_some_and(|f| f.bad_signature);
    let reply = Replier {
        serial: platform.serial.clone(),
        signer: if bad_signature {
            crate::platform::wrong_key()
                .await
                .unwrap_or_else(|| platform.signer.clone())
        } else {
            platform.signer.clone()
        },
    };

    if !auth.serial_no.eq_ignore_ascii_case(&merchant.serial_no) {
        return Err(reply.error(
            401,
            "SIGN_ERROR",
            "商户证书序列号有误。请使用签名私钥匹配的证书序列号",
        ));
    }
    if sign::fresh_timestamp(&auth.timestamp, Utc::now()).is_none() {
        return Err(reply.error(401, "SIGN_ERROR", "请求的时间戳与当前时间相差超过5分钟"));
    }
    let verifies = signed_paths(&req).iter().any(|path| {
        let message = sign::request_message(
            req.method.as_str(),
            path,
            &auth.timestamp,
            &auth.nonce_str,
            &req.body,
        );
        rsa_keys::verify_base64(&merchant.merchant_key, &message, &auth.signature).is_ok()
    });
    if !verifies {
        return Err(reply.error(401, "SIGN_ERROR", "签名错误，请检查后再试"));
    }
    if fault.as_ref().is_some_and(|f| f.system_error) {
        return Err(reply.error(500, "SYSTEM_ERROR", "系统超时"));
    }
    Ok(Call {
        merchant,
        reply,
        body: req.body,
        refuse_refunds: fault.as_ref().is_some_and(|f| f.refuse_refunds),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_path_forms_keep_the_query() {
        let original: Uri = "/sandbox/wechat/v3/pay/transactions/out-trade-no/T1?mchid=1900000109"
            .parse()
            .unwrap_or_default();
        let inner: Uri = "/wechat/v3/pay/transactions/out-trade-no/T1?mchid=1900000109"
            .parse()
            .unwrap_or_default();
        let headers = HeaderMap::new();
        let req = Incoming {
            method: &Method::GET,
            original: &original,
            inner: &inner,
            headers: &headers,
            body: Bytes::new(),
        };
        assert_eq!(
            signed_paths(&req),
            [
                "/sandbox/wechat/v3/pay/transactions/out-trade-no/T1?mchid=1900000109".to_owned(),
                "/v3/pay/transactions/out-trade-no/T1?mchid=1900000109".to_owned(),
            ]
        );
    }
}
