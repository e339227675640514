//! WeChat Pay v3 JSON bodies (pure): what we send and what we read. Field names are WeChat's.
//! Shared with the sandbox emulator, which reads what clients send and writes what WeChat does.

use serde::{Deserialize, Serialize};

/// `amount` of a prepay request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepayAmount {
    /// Fen.
    pub total: i64,
    #[serde(default = "cny")]
    pub currency: String,
}

pub fn cny() -> String {
    "CNY".to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payer {
    pub openid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct H5Info {
    /// `iOS`, `Android` or `Wap`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SceneInfo {
    pub payer_client_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h5_info: Option<H5Info>,
}

/// `POST /v3/pay/transactions/{jsapi|app|native|h5}` (direct merchant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepayBody {
    pub appid: String,
    pub mchid: String,
    pub description: String,
    pub out_trade_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_expire: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    pub notify_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_tag: Option<String>,
    pub amount: PrepayAmount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scene_info: Option<SceneInfo>,
}

/// JSAPI / APP prepay reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrepayIdReply {
    pub prepay_id: String,
}

/// Native prepay reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeUrlReply {
    pub code_url: String,
}

/// H5 prepay reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct H5UrlReply {
    pub h5_url: String,
}

/// `POST …/out-trade-no/{no}/close`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CloseBody {
    pub mchid: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionAmount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_currency: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionPayer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
}

/// A transaction: the query reply and the decrypted `TRANSACTION.*` notify resource.
/// Unpaid trades omit most fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub appid: String,
    pub mchid: String,
    pub out_trade_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_type: Option<String>,
    pub trade_state: String,
    #[serde(default)]
    pub trade_state_desc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<TransactionPayer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<TransactionAmount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAmountRequest {
    pub refund: i64,
    pub total: i64,
    pub currency: String,
}

/// `POST /v3/refund/domestic/refunds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    pub out_refund_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    pub amount: RefundAmountRequest,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAmount {
    pub total: i64,
    pub refund: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_refund: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_refund: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_refund: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// A refund: the apply and query replies. (`status` in replies, `refund_status` in notifies:
/// [`RefundResource`].)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub refund_id: String,
    pub out_refund_no: String,
    #[serde(default)]
    pub transaction_id: String,
    pub out_trade_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_received_account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// SUCCESS, CLOSED, PROCESSING, ABNORMAL.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_account: Option<String>,
    pub amount: RefundAmount,
}

/// The decrypted `REFUND.*` notify resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundResource {
    pub mchid: String,
    #[serde(default)]
    pub transaction_id: String,
    pub out_trade_no: String,
    pub refund_id: String,
    pub out_refund_no: String,
    /// SUCCESS, CLOSED, ABNORMAL (PROCESSING is never notified, but parsed).
    pub refund_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_received_account: Option<String>,
    pub amount: RefundAmount,
}

/// A notify's JSON envelope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotifyEnvelope {
    pub id: String,
    pub create_time: String,
    #[serde(default)]
    pub resource_type: String,
    pub event_type: String,
    #[serde(default)]
    pub summary: String,
    pub resource: super::certs::EncryptedResource,
}

/// `/v3/certificates`'s reply, as the emulator writes it.
#[derive(Debug, Clone, Serialize)]
pub struct CertificatesReply {
    pub data: Vec<CertificateReplyEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificateReplyEntry {
    pub serial_no: String,
    pub effective_time: String,
    pub expire_time: String,
    pub encrypt_certificate: super::certs::EncryptedResource,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_vectors::vector_file;

    #[test]
    fn official_samples_parse() {
        let env: NotifyEnvelope = serde_json::from_slice(&vector_file(
            "samples/wechat_v3_notify_body.official_sample.json",
        ))
        .unwrap();
        assert_eq!(env.event_type, "TRANSACTION.SUCCESS");
        assert_eq!(env.resource.associated_data, "");
        let r: RefundResource = serde_json::from_slice(&vector_file(
            "samples/wechat_v3_refund_success_plain.official_sample.json",
        ))
        .unwrap();
        assert_eq!((r.amount.total, r.amount.refund), (999, 999));
        assert_eq!(r.refund_status, "SUCCESS");
    }

    #[test]
    fn prepay_body_matches_the_doc_sample() {
        let body = PrepayBody {
            appid: "wxd678efh567hg6787".into(),
            mchid: "1900007291".into(),
            description: "Image形象店-深圳腾大-QQ公仔".into(),
            out_trade_no: "1217752501201407033233368018".into(),
            time_expire: None,
            attach: None,
            notify_url: "https://www.weixin.qq.com/wxpay/pay.php".into(),
            goods_tag: None,
            amount: PrepayAmount {
                total: 100,
                currency: cny(),
            },
            payer: Some(Payer {
                openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into(),
            }),
            scene_info: None,
        };
        let v: serde_json::Value =
            serde_json::from_slice(&vector_file("v3-and-bills/wxpay_v3_signature_vectors.json"))
                .unwrap();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            v["vectors"][1]["body"].as_str().unwrap()
        );
    }
}
