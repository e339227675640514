//! WeChat Pay v2 `err_code` / `return_msg` → [`BusinessCode`].

use crate::{BusinessCode, ProviderError};

/// Maps a `result_code=FAIL` reply's `err_code`.
pub fn business_code(err_code: &str) -> BusinessCode {
    match err_code {
        "ORDERPAID" => BusinessCode::OrderPaid,
        "ORDERCLOSED" => BusinessCode::OrderClosed,
        "ORDERNOTEXIST" => BusinessCode::OrderNotExist,
        "OUT_TRADE_NO_USED" => BusinessCode::OutTradeNoUsed,
        "SYSTEMERROR" | "BIZERR_NEED_RETRY" => BusinessCode::SystemError,
        "NOTENOUGH" => BusinessCode::BalanceNotEnough,
        "REFUNDNOTEXIST" => BusinessCode::RefundNotExist,
        "TRADE_STATE_ERROR" => BusinessCode::TradeStatusError,
        "SIGNERROR" => BusinessCode::SignatureRejected,
        "LACK_PARAMS"
        | "PARAM_ERROR"
        | "XML_FORMAT_ERROR"
        | "REQUIRE_POST_METHOD"
        | "POST_DATA_EMPTY"
        | "NOT_UTF8"
        | "INVALID_REQUEST"
        | "INVALID_TRANSACTIONID" => BusinessCode::InvalidParameter,
        "APPID_NOT_EXIST" | "MCHID_NOT_EXIST" | "APPID_MCHID_NOT_MATCH" | "NOAUTH" => {
            BusinessCode::InvalidMerchant
        }
        "FREQUENCY_LIMITED" => BusinessCode::RateLimited,
        _ => BusinessCode::Other,
    }
}

/// The error for a `result_code=FAIL` reply.
pub fn business_error(err_code: &str, err_code_des: &str) -> ProviderError {
    let message = if err_code_des.is_empty() {
        err_code
    } else {
        err_code_des
    };
    ProviderError::business(business_code(err_code), err_code, message)
}

/// Maps a `return_code=FAIL` reply's `return_msg` (free text such as "签名错误", "SIGNERROR",
/// "参数格式校验错误", "appid不存在").
pub fn return_msg_code(return_msg: &str) -> BusinessCode {
    let upper = return_msg.to_ascii_uppercase();
    if return_msg.contains("签名") || upper.contains("SIGN") {
        BusinessCode::SignatureRejected
    } else if upper.contains("APPID")
        || upper.contains("MCH_ID")
        || upper.contains("MCHID")
        || return_msg.contains("商户")
    {
        BusinessCode::InvalidMerchant
    } else if return_msg.contains("频率") || upper.contains("FREQUENCY") {
        BusinessCode::RateLimited
    } else if return_msg.contains("系统") || upper.contains("SYSTEM") {
        BusinessCode::SystemError
    } else if return_msg.contains("参数")
        || return_msg.contains("格式")
        || return_msg.contains("缺少")
        || upper.contains("PARAM")
        || upper.contains("XML")
    {
        BusinessCode::InvalidParameter
    } else {
        BusinessCode::Other
    }
}

/// The error for a `return_code=FAIL` reply.
pub fn return_error(return_msg: &str) -> ProviderError {
    ProviderError::business(return_msg_code(return_msg), "FAIL", return_msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn err_codes() {
        for (code, expected) in [
            ("ORDERPAID", BusinessCode::OrderPaid),
            ("ORDERCLOSED", BusinessCode::OrderClosed),
            ("OUT_TRADE_NO_USED", BusinessCode::OutTradeNoUsed),
            ("ORDERNOTEXIST", BusinessCode::OrderNotExist),
            ("SYSTEMERROR", BusinessCode::SystemError),
            ("SIGNERROR", BusinessCode::SignatureRejected),
            ("LACK_PARAMS", BusinessCode::InvalidParameter),
            ("PARAM_ERROR", BusinessCode::InvalidParameter),
            ("XML_FORMAT_ERROR", BusinessCode::InvalidParameter),
            ("APPID_NOT_EXIST", BusinessCode::InvalidMerchant),
            ("MCHID_NOT_EXIST", BusinessCode::InvalidMerchant),
            ("APPID_MCHID_NOT_MATCH", BusinessCode::InvalidMerchant),
            ("NOTENOUGH", BusinessCode::BalanceNotEnough),
            ("REFUNDNOTEXIST", BusinessCode::RefundNotExist),
            ("FREQUENCY_LIMITED", BusinessCode::RateLimited),
            ("SOMETHING_NEW", BusinessCode::Other),
        ] {
            assert_eq!(business_code(code), expected, "{code}");
        }
        assert!(business_error("SYSTEMERROR", "系统超时").is_retryable());
        assert!(!business_error("ORDERPAID", "").is_retryable());
        match business_error("ORDERPAID", "") {
            ProviderError::Business {
                provider_code,
                message,
                ..
            } => {
                assert_eq!(provider_code, "ORDERPAID");
                assert_eq!(message, "ORDERPAID");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn return_msgs() {
        for (msg, expected) in [
            ("签名错误", BusinessCode::SignatureRejected),
            ("SIGNERROR", BusinessCode::SignatureRejected),
            ("参数格式校验错误", BusinessCode::InvalidParameter),
            ("XML格式错误", BusinessCode::InvalidParameter),
            ("缺少参数", BusinessCode::InvalidParameter),
            ("appid不存在", BusinessCode::InvalidMerchant),
            ("mch_id参数格式错误", BusinessCode::InvalidMerchant),
            ("系统繁忙", BusinessCode::SystemError),
            ("whatever", BusinessCode::Other),
        ] {
            assert_eq!(return_msg_code(msg), expected, "{msg}");
        }
    }
}
