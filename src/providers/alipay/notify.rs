//! Alipay asynchronous pay notifies (`trade_status_sync`): a form POST signed with RSA2 over all
//! fields but `sign` and `sign_type`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::client::trade_state;
use super::sign::{notify_content_to_verify, rsa2_verify_with};
use super::Alipay;
use crate::providers::{
    NotifyReply, PayNotification, ProviderError, RefundNotification, VerifyNotify,
};

/// What Alipay expects back when a notify was handled.
pub const SUCCESS_REPLY: &str = "success";
/// Anything but `success` makes Alipay retry; this is the conventional word.
pub const FAILURE_REPLY: &str = "fail";
pub const REPLY_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// Decodes an `application/x-www-form-urlencoded` notify body. Repeated names are rejected.
pub fn parse_notify_form(body: &[u8]) -> Result<BTreeMap<String, String>, ProviderError> {
    if std::str::from_utf8(body).is_err() {
        return Err(ProviderError::Malformed(
            "Alipay notify is not UTF-8".into(),
        ));
    }
    let mut out = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        if out.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(ProviderError::Malformed(format!(
                "Alipay notify repeats `{k}`"
            )));
        }
    }
    if out.is_empty() {
        return Err(ProviderError::Malformed("empty Alipay notify".into()));
    }
    Ok(out)
}

/// Builds the notification from verified fields (pure).
pub fn pay_notification_from(
    fields: &BTreeMap<String, String>,
    raw: String,
) -> Result<PayNotification, ProviderError> {
    let m: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let get = |name: &str| {
        fields
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .ok_or_else(|| ProviderError::Malformed(format!("Alipay notify has no `{name}`")))
    };
    Ok(PayNotification {
        out_trade_no: get("out_trade_no")?,
        app_id: get("app_id")?,
        merchant_id: fields.get("seller_id").filter(|v| !v.is_empty()).cloned(),
        state: trade_state(&m, "gmt_payment")?,
        raw,
    })
}

impl Alipay {
    /// Decodes and verifies a pay notify body with this merchant's Alipay public key.
    pub fn verify_notify_fields(
        &self,
        body: &[u8],
    ) -> Result<BTreeMap<String, String>, ProviderError> {
        let fields = parse_notify_form(body)?;
        let sig = fields
            .get("sign")
            .filter(|s| !s.is_empty())
            .ok_or(ProviderError::InvalidSignature)?;
        rsa2_verify_with(
            &self.verifier,
            notify_content_to_verify(&fields).as_bytes(),
            sig,
        )?;
        Ok(fields)
    }
}

impl VerifyNotify for Alipay {
    fn verify_pay_notify(&self, body: &[u8]) -> Result<PayNotification, ProviderError> {
        let fields = self.verify_notify_fields(body)?;
        pay_notification_from(&fields, String::from_utf8_lossy(body).into_owned())
    }

    fn verify_refund_notify(&self, _body: &[u8]) -> Result<RefundNotification, ProviderError> {
        Err(ProviderError::Malformed(
            "Alipay reports refunds synchronously".into(),
        ))
    }

    fn success_reply(&self) -> NotifyReply {
        NotifyReply {
            content_type: REPLY_CONTENT_TYPE,
            body: SUCCESS_REPLY.into(),
        }
    }

    fn failure_reply(&self, _reason: &str) -> NotifyReply {
        NotifyReply {
            content_type: REPLY_CONTENT_TYPE,
            body: FAILURE_REPLY.into(),
        }
    }
}
