//! Pay and refund notifies, and the exact replies WeChat expects.

use super::client::{paid_trade, parse_beijing, Fields};
use super::{refund_crypto, sign, xml, WechatPay};
use crate::domain::Amount;
use crate::providers::{
    NotifyReply, PayNotification, ProviderError, RefundNotification, RefundState, TradeState,
    VerifyNotify,
};

/// The content type of notify replies.
pub const REPLY_CONTENT_TYPE: &str = "text/xml";

/// The reply that stops WeChat retrying a notify.
pub const SUCCESS_REPLY: &str =
    "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";

/// `<xml><return_code>…</return_code><return_msg>…</return_msg></xml>`, both in CDATA.
pub fn reply_xml(return_code: &str, return_msg: &str) -> String {
    let mut out = String::from("<xml>");
    xml::push_cdata_element(&mut out, "return_code", return_code);
    xml::push_cdata_element(&mut out, "return_msg", return_msg);
    out.push_str("</xml>");
    out
}

fn malformed(msg: impl Into<String>) -> ProviderError {
    ProviderError::Malformed(msg.into())
}

fn get<'a>(fields: &'a Fields, key: &str) -> Option<&'a str> {
    fields
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

fn require<'a>(fields: &'a Fields, key: &str) -> Result<&'a str, ProviderError> {
    get(fields, key).ok_or_else(|| malformed(format!("notify has no {key}")))
}

fn check_return_code(fields: &Fields) -> Result<(), ProviderError> {
    match get(fields, "return_code") {
        Some("SUCCESS") => Ok(()),
        other => Err(malformed(format!(
            "notify return_code is {:?} ({})",
            other.unwrap_or(""),
            get(fields, "return_msg").unwrap_or("")
        ))),
    }
}

impl VerifyNotify for WechatPay {
    fn verify_pay_notify(&self, body: &[u8]) -> Result<PayNotification, ProviderError> {
        let fields = xml::decode(body)?;
        sign::verify_with_default(&fields, self.api_key(), self.sign_type())?;
        check_return_code(&fields)?;
        self.check_merchant(&fields, true)?;
        let state = match require(&fields, "result_code")? {
            "SUCCESS" => TradeState::Paid(paid_trade(&fields)?),
            "FAIL" => TradeState::PayError(
                get(&fields, "err_code_des")
                    .or_else(|| get(&fields, "err_code"))
                    .unwrap_or("FAIL")
                    .to_owned(),
            ),
            other => return Err(malformed(format!("unknown result_code {other:?}"))),
        };
        Ok(PayNotification {
            out_trade_no: require(&fields, "out_trade_no")?.to_owned(),
            app_id: require(&fields, "appid")?.to_owned(),
            merchant_id: Some(require(&fields, "mch_id")?.to_owned()),
            state,
            raw: String::from_utf8_lossy(body).into_owned(),
        })
    }

    /// The outer message is unsigned: it is trusted because `req_info` decrypts with our key.
    /// `raw` holds the decrypted `<root>` (the outer body is only ciphertext).
    fn verify_refund_notify(&self, body: &[u8]) -> Result<RefundNotification, ProviderError> {
        let outer = xml::decode(body)?;
        check_return_code(&outer)?;
        self.check_merchant(&outer, true)?;
        let plain = refund_crypto::decrypt_req_info(require(&outer, "req_info")?, self.api_key())?;
        let inner = xml::decode_root(plain.as_bytes(), "root")?;
        let refund_fee = require(&inner, "refund_fee")?;
        let refund_amount = refund_fee
            .parse::<i64>()
            .ok()
            .and_then(|v| Amount::from_fen(v).ok())
            .ok_or_else(|| malformed(format!("refund_fee is not an amount: {refund_fee:?}")))?;
        let state = match require(&inner, "refund_status")? {
            "SUCCESS" => RefundState::Succeeded {
                provider_refund_no: get(&inner, "refund_id").map(str::to_owned),
                refunded_at: get(&inner, "success_time")
                    .and_then(|t| parse_beijing(t, "%Y-%m-%d %H:%M:%S")),
            },
            s @ ("CHANGE" | "REFUNDCLOSE") => RefundState::Failed(s.to_owned()),
            other => return Err(malformed(format!("unknown refund_status {other:?}"))),
        };
        Ok(RefundNotification {
            out_trade_no: require(&inner, "out_trade_no")?.to_owned(),
            out_refund_no: require(&inner, "out_refund_no")?.to_owned(),
            refund_amount,
            state,
            raw: plain,
        })
    }

    fn success_reply(&self) -> NotifyReply {
        NotifyReply {
            content_type: REPLY_CONTENT_TYPE,
            body: SUCCESS_REPLY.to_owned(),
        }
    }

    fn failure_reply(&self, reason: &str) -> NotifyReply {
        NotifyReply {
            content_type: REPLY_CONTENT_TYPE,
            body: reply_xml("FAIL", reason),
        }
    }
}
