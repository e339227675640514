//! The emulated gateway's wire layer: collecting parameters (query string and/or form body),
//! the common-parameter and signature checks Alipay makes before any business logic, and the
//! signed `{"<method>_response":{…},"sign":"…"}` reply.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use serde_json::{Map, Value};

use super::super::SandboxState;
use paycenter_providers::alipay::gateway::{
    parse_beijing_time, response_key, sign_response, ERROR_RESPONSE_KEY,
};
use paycenter_providers::alipay::keys::parse_public_key;
use paycenter_providers::alipay::sign::{content_to_sign, rsa2_sign, verify_params};
use paycenter_providers::ProviderError;

/// Content type of gateway replies.
const REPLY_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// A refusal: Alipay's `code`/`msg` with its `sub_code`/`sub_msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: &'static str,
    pub msg: &'static str,
    pub sub_code: &'static str,
    pub sub_msg: String,
}

impl Failure {
    /// 40001: a required common parameter is missing.
    pub fn missing(sub_code: &'static str, sub_msg: &str) -> Self {
        Self {
            code: "40001",
            msg: "Missing Required Arguments",
            sub_code,
            sub_msg: sub_msg.to_owned(),
        }
    }

    /// 40002: a common parameter is invalid.
    pub fn invalid(sub_code: &'static str, sub_msg: &str) -> Self {
        Self {
            code: "40002",
            msg: "Invalid Arguments",
            sub_code,
            sub_msg: sub_msg.to_owned(),
        }
    }

    /// 40004: the business call was refused.
    pub fn business(sub_code: &'static str, sub_msg: &str) -> Self {
        Self {
            code: "40004",
            msg: "Business Failed",
            sub_code,
            sub_msg: sub_msg.to_owned(),
        }
    }

    pub fn invalid_parameter(detail: &str) -> Self {
        Self::business("ACQ.INVALID_PARAMETER", &format!("参数无效: {detail}"))
    }

    pub fn system_error() -> Self {
        Self::business("ACQ.SYSTEM_ERROR", "系统错误")
    }

    pub fn trade_not_exist() -> Self {
        Self::business("ACQ.TRADE_NOT_EXIST", "交易不存在")
    }

    /// 20000: the emulator itself failed (database), as Alipay reports its own outages.
    pub fn unavailable() -> Self {
        Self {
            code: "20000",
            msg: "Service Currently Unavailable",
            sub_code: "isp.unknow-error",
            sub_msg: "系统繁忙".to_owned(),
        }
    }
}

impl From<sea_orm::DbErr> for Failure {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "sandbox alipay: database error");
        Failure::unavailable()
    }
}

/// The fields of a successful reply after `code`/`msg`, in the order Alipay writes them.
pub type Fields = Vec<(&'static str, Value)>;
/// What a method handler answers.
pub type Outcome = Result<Fields, Failure>;

/// Writes a response node with its fields in order (the signature covers these exact bytes).
pub fn node_json(outcome: &Outcome) -> String {
    let mut fields: Vec<(&str, Value)> = Vec::new();
    match outcome {
        Ok(rest) => {
            fields.push(("code", Value::from("10000")));
            fields.push(("msg", Value::from("Success")));
            fields.extend(rest.iter().map(|(k, v)| (*k, v.clone())));
        }
        Err(f) => {
            fields.push(("code", Value::from(f.code)));
            fields.push(("msg", Value::from(f.msg)));
            fields.push(("sub_code", Value::from(f.sub_code)));
            fields.push(("sub_msg", Value::from(f.sub_msg.as_str())));
        }
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{}", Value::from(*k), v))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// The signed reply to `method`; `bad_signature` signs with a key nobody trusts.
pub async fn signed_reply(
    state: &SandboxState,
    method: &str,
    outcome: &Outcome,
    bad_signature: bool,
) -> Response {
    let node = node_json(outcome);
    let body = if bad_signature {
        match crate::platform::wrong_key().await {
            Some(key) => sign_response(&key, method, &node),
            None => rsa2_sign(&state.alipay.signer, &node).map(|sig| {
                format!(
                    "{{{}:{},\"sign\":{}}}",
                    Value::from(response_key(method)),
                    node,
                    Value::from(corrupt(&sig))
                )
            }),
        }
    } else {
        sign_response(&state.alipay.signer, method, &node)
    };
    match body {
        Ok(body) => json_reply(body),
        Err(e) => {
            tracing::error!(error = %e, "sandbox alipay: cannot sign a reply");
            http_failure(500)
        }
    }
}

/// An unsigned `error_response` (the method itself is missing or unknown).
pub fn error_response(f: &Failure) -> Response {
    json_reply(format!(
        "{{{}:{}}}",
        Value::from(ERROR_RESPONSE_KEY),
        node_json(&Err(f.clone()))
    ))
}

fn json_reply(body: String) -> Response {
    ([(header::CONTENT_TYPE, REPLY_CONTENT_TYPE)], body).into_response()
}

/// An injected HTTP failure.
pub fn http_failure(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    (status, "<html><body>Service Unavailable</body></html>").into_response()
}

/// All parameters of a gateway request: the query string, then a form body (which wins).
pub fn collect_params(uri: &Uri, headers: &HeaderMap, body: &Bytes) -> BTreeMap<String, String> {
    let mut params: BTreeMap<String, String> = uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            ct.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
        .unwrap_or(false);
    if is_form {
        params.extend(form_urlencoded::parse(body).into_owned());
    }
    params
}

/// A request that passed the common checks and the signature.
#[derive(Debug)]
pub struct Call {
    pub app_id: String,
    pub method: String,
    pub params: BTreeMap<String, String>,
}

impl Call {
    /// `biz_content` as a JSON object (40002 isv.invalid-parameter when it is not JSON).
    pub fn biz(&self) -> Result<Map<String, Value>, Failure> {
        let raw = self
            .params
            .get("biz_content")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Failure::invalid_parameter("biz_content"))?;
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(Failure::invalid(
                "isv.invalid-parameter",
                "参数无效: biz_content 不是合法的JSON",
            )),
        }
    }

    pub fn notify_url(&self) -> Option<String> {
        self.params
            .get("notify_url")
            .filter(|s| !s.is_empty())
            .cloned()
    }
}

/// Why a request was refused before reaching its method.
#[derive(Debug)]
pub enum Rejection {
    /// No usable method: an unsigned `error_response`.
    NoMethod(Failure),
    /// Refused under the method's own response key, signed.
    Method(String, Failure),
}

fn non_empty<'a>(p: &'a BTreeMap<String, String>, k: &str) -> Option<&'a str> {
    p.get(k)
        .map(String::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The checks Alipay's gateway makes, in its order: method, app, common parameters, signature.
pub async fn authenticate(
    state: &SandboxState,
    params: BTreeMap<String, String>,
    methods: &[&str],
) -> Result<Call, Rejection> {
    let method = non_empty(&params, "method")
        .ok_or_else(|| {
            Rejection::NoMethod(Failure::missing("isv.missing-method", "缺少方法名参数"))
        })?
        .to_owned();
    if !methods.contains(&method.as_str()) {
        return Err(Rejection::NoMethod(Failure::invalid(
            "isv.invalid-method",
            "不存在的方法名",
        )));
    }
    let reject = |f: Failure| Rejection::Method(method.clone(), f);
    let app_id = non_empty(&params, "app_id")
        .ok_or_else(|| reject(Failure::missing("isv.missing-app-id", "缺少appId参数")))?
        .to_owned();
    let merchant = state
        .merchants
        .by_alipay_app_id(&state.db, &app_id)
        .await
        .map_err(|e| reject(e.into()))?
        .ok_or_else(|| reject(Failure::invalid("isv.invalid-app-id", "无效的AppID参数")))?;
    check_common(&params).map_err(reject)?;
    let key = parse_public_key(&merchant.alipay_app_public_key).map_err(|e| {
        tracing::error!(error = %e, app_id, "sandbox alipay: stored app key unreadable");
        reject(Failure::unavailable())
    })?;
    if verify_params(&key, &params).is_err() {
        return Err(reject(Failure::invalid(
            "isv.invalid-signature",
            &format!(
                "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：{}",
                content_to_sign(&params)
            ),
        )));
    }
    Ok(Call {
        app_id,
        method,
        params,
    })
}

/// Presence and format of `sign`, `sign_type`, `timestamp`, `version`, `format`, `charset`.
fn check_common(p: &BTreeMap<String, String>) -> Result<(), Failure> {
    if non_empty(p, "sign").is_none() {
        return Err(Failure::missing("isv.missing-signature", "缺少签名参数"));
    }
    let sign_type = non_empty(p, "sign_type")
        .ok_or_else(|| Failure::missing("isv.missing-signature-type", "缺少签名类型参数"))?;
    let timestamp = non_empty(p, "timestamp")
        .ok_or_else(|| Failure::missing("isv.missing-timestamp", "缺少时间戳参数"))?;
    if non_empty(p, "version").is_none() {
        return Err(Failure::missing("isv.missing-version", "缺少版本参数"));
    }
    if sign_type != "RSA2" {
        return Err(Failure::invalid(
            "isv.invalid-signature-type",
            "无效的签名类型",
        ));
    }
    if non_empty(p, "format").is_some_and(|f| !f.eq_ignore_ascii_case("json")) {
        return Err(Failure::invalid("isv.invalid-format", "无效的数据格式"));
    }
    if non_empty(p, "charset").is_some_and(|c| !c.eq_ignore_ascii_case("utf-8")) {
        return Err(Failure::invalid("isv.invalid-charset", "字符集错误"));
    }
    if parse_beijing_time(timestamp).is_err() {
        return Err(Failure::invalid(
            "isv.invalid-timestamp",
            "非法的时间戳参数",
        ));
    }
    Ok(())
}

/// Signs notify content with the platform key, or with a wrong one under a `bad_signature` fault.
pub async fn sign_notify(
    state: &SandboxState,
    content: &str,
    bad_signature: bool,
) -> Result<String, ProviderError> {
    if !bad_signature {
        return rsa2_sign(&state.alipay.signer, content);
    }
    match crate::platform::wrong_key().await {
        Some(key) => rsa2_sign(&key, content),
        None => rsa2_sign(&state.alipay.signer, content).map(|s| corrupt(&s)),
    }
}

/// A signature that cannot verify (only if no wrong key could be generated).
fn corrupt(sig: &str) -> String {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut bytes = engine.decode(sig).unwrap_or_default();
    if let Some(b) = bytes.last_mut() {
        *b ^= 0xff;
    }
    engine.encode(bytes)
}
