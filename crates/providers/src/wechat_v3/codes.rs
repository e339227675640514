//! WeChat Pay v3 error bodies (`{"code","message","detail"}`) → [`BusinessCode`].
//!
//! Codes are v3's own (`ORDER_NOT_EXIST`, `SYSTEM_ERROR`, …); a few v2 spellings that some v3
//! endpoints still answer (`ORDERPAID`, `NOTENOUGH`) map the same way. An unknown code falls
//! back on its HTTP status: 429 is a rate limit, 5xx a retryable system error.

use serde::Deserialize;

use crate::{BusinessCode, ProviderError};

/// A v3 error body.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub detail: Option<serde_json::Value>,
}

/// Maps a v3 error `code` answered with HTTP `status`.
pub fn business_code(status: u16, code: &str) -> BusinessCode {
    match code {
        "ORDERPAID" | "ORDER_PAID" => BusinessCode::OrderPaid,
        "ORDER_CLOSED" | "ORDERCLOSED" => BusinessCode::OrderClosed,
        "ORDER_NOT_EXIST" | "ORDERNOTEXIST" => BusinessCode::OrderNotExist,
        "OUT_TRADE_NO_USED" => BusinessCode::OutTradeNoUsed,
        "TRADE_ERROR" | "TRADE_STATE_ERROR" => BusinessCode::TradeStatusError,
        "SYSTEM_ERROR" | "SYSTEMERROR" | "BANKERROR" | "BIZERR_NEED_RETRY" => {
            BusinessCode::SystemError
        }
        "NOT_ENOUGH" | "NOTENOUGH" => BusinessCode::BalanceNotEnough,
        "SIGN_ERROR" => BusinessCode::SignatureRejected,
        "FREQUENCY_LIMITED" => BusinessCode::RateLimited,
        "PARAM_ERROR" | "INVALID_REQUEST" | "INVALID_TRANSACTIONID" | "OPENID_MISMATCH" => {
            BusinessCode::InvalidParameter
        }
        "APPID_MCHID_NOT_MATCH" | "MCH_NOT_EXISTS" | "NO_AUTH" => BusinessCode::InvalidMerchant,
        "USERPAYING" => BusinessCode::UserPaying,
        _ if status == 429 => BusinessCode::RateLimited,
        _ if status >= 500 => BusinessCode::SystemError,
        _ => BusinessCode::Other,
    }
}

/// The error for a v3 error body.
pub fn business_error(status: u16, body: &ErrorBody) -> ProviderError {
    let message = if body.message.is_empty() {
        body.code.as_str()
    } else {
        body.message.as_str()
    };
    ProviderError::business(business_code(status, &body.code), &body.code, message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for (status, code, expected) in [
            (400, "ORDER_CLOSED", BusinessCode::OrderClosed),
            (404, "ORDER_NOT_EXIST", BusinessCode::OrderNotExist),
            (403, "OUT_TRADE_NO_USED", BusinessCode::OutTradeNoUsed),
            (400, "ORDERPAID", BusinessCode::OrderPaid),
            (500, "SYSTEM_ERROR", BusinessCode::SystemError),
            (500, "BANKERROR", BusinessCode::SystemError),
            (401, "SIGN_ERROR", BusinessCode::SignatureRejected),
            (429, "FREQUENCY_LIMITED", BusinessCode::RateLimited),
            (400, "PARAM_ERROR", BusinessCode::InvalidParameter),
            (400, "INVALID_REQUEST", BusinessCode::InvalidParameter),
            (403, "NOT_ENOUGH", BusinessCode::BalanceNotEnough),
            (202, "USERPAYING", BusinessCode::UserPaying),
            (400, "APPID_MCHID_NOT_MATCH", BusinessCode::InvalidMerchant),
            (400, "MCH_NOT_EXISTS", BusinessCode::InvalidMerchant),
            (403, "NO_AUTH", BusinessCode::InvalidMerchant),
            (403, "TRADE_ERROR", BusinessCode::TradeStatusError),
            (403, "RULE_LIMIT", BusinessCode::Other),
            (429, "SOMETHING_NEW", BusinessCode::RateLimited),
            (503, "SOMETHING_NEW", BusinessCode::SystemError),
            (400, "SOMETHING_NEW", BusinessCode::Other),
        ] {
            assert_eq!(business_code(status, code), expected, "{status} {code}");
        }
        let e = business_error(
            500,
            &ErrorBody {
                code: "SYSTEM_ERROR".into(),
                message: "系统错误".into(),
                detail: None,
            },
        );
        assert!(e.is_retryable());
        assert_eq!(e.provider_code(), Some("SYSTEM_ERROR"));
        let body: ErrorBody = serde_json::from_str(
            r#"{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"/amount/currency","value":"XYZ","issue":"Currency code is invalid","location":"body"}}"#,
        )
        .unwrap_or_default();
        assert_eq!(body.code, "PARAM_ERROR");
        assert_eq!(body.detail.unwrap()["field"], "/amount/currency");
        assert!(!business_error(400, &ErrorBody::default()).is_retryable());
    }
}
