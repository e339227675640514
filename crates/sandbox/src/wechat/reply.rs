//! Pay v2 replies, as WeChat sends them: `text/xml`, root `<xml>`.
//!
//! - Communication failures (bad XML, missing parameters, unknown merchant, bad signature):
//!   `return_code=FAIL` with WeChat's `return_msg`, unsigned (WeChat cannot or will not sign).
//! - Everything else: `return_code=SUCCESS`, `appid`, `mch_id`, a fresh `nonce_str`,
//!   `result_code` SUCCESS or FAIL (`err_code`/`err_code_des`), signed with the merchant's key
//!   and the request's sign type.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::ids;
use paycenter_providers::wechat_v2::client::Fields;
use paycenter_providers::wechat_v2::notify::reply_xml;
use paycenter_providers::wechat_v2::{sign, xml, SignType};

/// The key replies are signed with under an injected `badSignature` fault.
pub const WRONG_KEY: &str = "sandbox-fault-injection-wrong-key";

/// `return_msg` texts WeChat uses for communication failures.
pub mod msg {
    pub const XML_FORMAT_ERROR: &str = "XML格式错误";
    pub const POST_DATA_EMPTY: &str = "post数据为空";
    pub const LACK_PARAMS: &str = "缺少参数";
    pub const SIGNERROR: &str = "签名错误";
    pub const MCHID_NOT_EXIST: &str = "商户号mch_id或sub_mch_id不存在";
    pub const APPID_NOT_EXIST: &str = "appid不存在";
    pub const APPID_MCHID_NOT_MATCH: &str = "appid和mch_id不匹配";
}

fn xml_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/xml")], body).into_response()
}

/// `return_code=FAIL`, unsigned.
pub fn comm_fail(return_msg: &str) -> Response {
    xml_response(StatusCode::OK, reply_xml("FAIL", return_msg))
}

/// An injected HTTP status (a gateway error page, as a load balancer would send).
pub fn http_status(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    (
        status,
        [(header::CONTENT_TYPE, "text/html")],
        format!("<html><body><h1>{status}</h1></body></html>"),
    )
        .into_response()
}

/// Signs one merchant's replies.
#[derive(Debug, Clone)]
pub struct Replier {
    pub app_id: String,
    pub mch_id: String,
    pub api_key: String,
    pub sign_type: SignType,
    /// Sign with [`WRONG_KEY`] (an injected `badSignature` fault).
    pub bad_signature: bool,
}

impl Replier {
    fn signed(&self, mut fields: Fields) -> Response {
        fields.insert("return_code".into(), "SUCCESS".into());
        fields.insert("return_msg".into(), "OK".into());
        fields.insert("appid".into(), self.app_id.clone());
        fields.insert("mch_id".into(), self.mch_id.clone());
        fields.insert("nonce_str".into(), ids::nonce());
        let key = if self.bad_signature {
            WRONG_KEY
        } else {
            self.api_key.as_str()
        };
        sign::add_sign(&mut fields, key, self.sign_type);
        xml_response(StatusCode::OK, xml::encode(&fields))
    }

    /// `result_code=SUCCESS` with `fields`.
    pub fn ok(&self, mut fields: Fields) -> Response {
        fields.insert("result_code".into(), "SUCCESS".into());
        self.signed(fields)
    }

    /// `result_code=FAIL` with `err_code`/`err_code_des`.
    pub fn fail(&self, err_code: &str, err_code_des: &str) -> Response {
        let mut fields = Fields::new();
        fields.insert("result_code".into(), "FAIL".into());
        fields.insert("err_code".into(), err_code.into());
        fields.insert("err_code_des".into(), err_code_des.into());
        self.signed(fields)
    }

    /// The provider's own failure (a database error here): SYSTEMERROR, which clients retry.
    pub fn system_error(&self, e: impl std::fmt::Display) -> Response {
        tracing::error!(error = %e, "sandbox wechat: internal error");
        self.fail("SYSTEMERROR", "系统错误")
    }
}

/// Builds a `Fields` from pairs.
pub fn fields<const N: usize>(pairs: [(&str, String); N]) -> Fields {
    pairs
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}
