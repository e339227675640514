//! Alipay `code` / `sub_code` → [`BusinessCode`].

use crate::{BusinessCode, ProviderError};

/// `code` of a successful call.
pub const SUCCESS_CODE: &str = "10000";

/// Maps Alipay's `code` and `sub_code` to a neutral [`BusinessCode`]. `sub_code` wins when known.
pub fn business_code(code: &str, sub_code: Option<&str>) -> BusinessCode {
    let by_sub = sub_code.map(|s| match s {
        "ACQ.TRADE_NOT_EXIST" => BusinessCode::OrderNotExist,
        "ACQ.TRADE_HAS_SUCCESS" => BusinessCode::OrderPaid,
        "ACQ.TRADE_HAS_CLOSE" => BusinessCode::OrderClosed,
        "ACQ.TRADE_STATUS_ERROR" => BusinessCode::TradeStatusError,
        "ACQ.SYSTEM_ERROR" | "aop.ACQ.SYSTEM_ERROR" | "isp.unknow-error" | "isp.unknown-error" => {
            BusinessCode::SystemError
        }
        "ACQ.INVALID_PARAMETER" => BusinessCode::InvalidParameter,
        "isv.invalid-signature" => BusinessCode::SignatureRejected,
        "isv.invalid-app-id" => BusinessCode::InvalidMerchant,
        "ACQ.SELLER_BALANCE_NOT_ENOUGH" => BusinessCode::BalanceNotEnough,
        _ => BusinessCode::Other,
    });
    match by_sub {
        Some(c) if c != BusinessCode::Other => c,
        _ => match code {
            "20000" => BusinessCode::SystemError,
            "40001" => BusinessCode::InvalidParameter,
            _ => BusinessCode::Other,
        },
    }
}

/// Whether acting on `code` changes what we believe about a trade (so it must come signed).
pub fn is_state_bearing(code: BusinessCode) -> bool {
    matches!(
        code,
        BusinessCode::OrderNotExist
            | BusinessCode::OrderPaid
            | BusinessCode::OrderClosed
            | BusinessCode::TradeStatusError
            | BusinessCode::RefundNotExist
    )
}

/// A [`ProviderError::Business`] keeping Alipay's own code (`sub_code`, else `code`) and message
/// (`sub_msg`, else `msg`).
pub fn business_error(
    code: &str,
    msg: Option<&str>,
    sub_code: Option<&str>,
    sub_msg: Option<&str>,
) -> ProviderError {
    let sub_code = sub_code.filter(|s| !s.is_empty());
    let provider_code = sub_code.unwrap_or(code).to_string();
    let message = sub_msg
        .filter(|s| !s.is_empty())
        .or(msg)
        .unwrap_or_default()
        .to_string();
    ProviderError::business(business_code(code, sub_code), provider_code, message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn mapping() {
        let cases = [
            (
                "40004",
                Some("ACQ.TRADE_NOT_EXIST"),
                BusinessCode::OrderNotExist,
            ),
            (
                "40004",
                Some("ACQ.TRADE_HAS_SUCCESS"),
                BusinessCode::OrderPaid,
            ),
            (
                "40004",
                Some("ACQ.TRADE_HAS_CLOSE"),
                BusinessCode::OrderClosed,
            ),
            (
                "40004",
                Some("ACQ.TRADE_STATUS_ERROR"),
                BusinessCode::TradeStatusError,
            ),
            ("40004", Some("ACQ.SYSTEM_ERROR"), BusinessCode::SystemError),
            (
                "20000",
                Some("aop.ACQ.SYSTEM_ERROR"),
                BusinessCode::SystemError,
            ),
            ("20000", None, BusinessCode::SystemError),
            ("20000", Some("isp.whatever"), BusinessCode::SystemError),
            (
                "40004",
                Some("ACQ.INVALID_PARAMETER"),
                BusinessCode::InvalidParameter,
            ),
            (
                "40001",
                Some("isv.missing-app-id"),
                BusinessCode::InvalidParameter,
            ),
            (
                "40002",
                Some("isv.invalid-signature"),
                BusinessCode::SignatureRejected,
            ),
            (
                "40002",
                Some("isv.invalid-app-id"),
                BusinessCode::InvalidMerchant,
            ),
            (
                "40004",
                Some("ACQ.SELLER_BALANCE_NOT_ENOUGH"),
                BusinessCode::BalanceNotEnough,
            ),
            ("40004", Some("ACQ.SOMETHING_NEW"), BusinessCode::Other),
            ("40006", None, BusinessCode::Other),
        ];
        for (code, sub, want) in cases {
            assert_eq!(business_code(code, sub), want, "{code} {sub:?}");
        }
    }

    #[test]
    fn error_keeps_provider_code_and_message() {
        let e = business_error(
            "40004",
            Some("Business Failed"),
            Some("ACQ.TRADE_NOT_EXIST"),
            Some("交易不存在"),
        );
        match e {
            ProviderError::Business {
                code,
                provider_code,
                message,
            } => {
                assert_eq!(code, BusinessCode::OrderNotExist);
                assert_eq!(provider_code, "ACQ.TRADE_NOT_EXIST");
                assert_eq!(message, "交易不存在");
            }
            other => panic!("{other:?}"),
        }
        let e = business_error("20000", Some("Service Currently Unavailable"), None, None);
        assert!(e.is_retryable());
        assert_eq!(e.provider_code(), Some("20000"));
        assert!(e.to_string().contains("Service Currently Unavailable"));
    }
}
