//! The provider layer's one error type.

/// Well-known provider refusals, mapped from WeChat `err_code` / Alipay `sub_code` / code2Session
/// `errcode`, so the core can act on them without knowing which provider spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusinessCode {
    /// WeChat ORDERPAID, Alipay ACQ.TRADE_HAS_SUCCESS.
    OrderPaid,
    /// WeChat ORDERCLOSED, Alipay ACQ.TRADE_HAS_CLOSE.
    OrderClosed,
    /// WeChat ORDERNOTEXIST, Alipay ACQ.TRADE_NOT_EXIST.
    OrderNotExist,
    /// WeChat OUT_TRADE_NO_USED (same number, other parameters).
    OutTradeNoUsed,
    /// Alipay ACQ.TRADE_STATUS_ERROR.
    TradeStatusError,
    /// WeChat SYSTEMERROR / Alipay ACQ.SYSTEM_ERROR / code2Session -1: try again later.
    SystemError,
    /// WeChat NOTENOUGH, Alipay ACQ.SELLER_BALANCE_NOT_ENOUGH.
    BalanceNotEnough,
    /// WeChat REFUNDNOTEXIST, Alipay refund query with nothing found.
    RefundNotExist,
    /// WeChat LACK_PARAMS / PARAM_ERROR / XML_FORMAT_ERROR, Alipay 40001 / ACQ.INVALID_PARAMETER.
    InvalidParameter,
    /// WeChat SIGNERROR, Alipay isv.invalid-signature: our key is wrong.
    SignatureRejected,
    /// WeChat APPID_NOT_EXIST / MCHID_NOT_EXIST / APPID_MCHID_NOT_MATCH, Alipay isv.invalid-app-id.
    InvalidMerchant,
    /// code2Session 45011, WeChat FREQUENCY_LIMITED (v3: HTTP 429).
    RateLimited,
    /// WeChat Pay v3 USERPAYING (HTTP 202): the buyer is entering a password; ask again later.
    UserPaying,
    /// code2Session 40029 (invalid or used code), 40163.
    InvalidCode,
    /// code2Session 40226.
    HighRiskUser,
    /// code2Session 40013 / 40125: wrong appid or secret.
    InvalidCredentials,
    /// Anything else the provider said.
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider could not be reached, timed out, or answered 5xx: retry later.
    #[error("provider unavailable: {0}")]
    Unavailable(String),
    /// The provider refused the request.
    #[error("provider refused ({provider_code}): {message}")]
    Business {
        code: BusinessCode,
        provider_code: String,
        message: String,
    },
    /// A reply or notify whose signature does not verify.
    #[error("invalid signature")]
    InvalidSignature,
    /// A reply or notify that is not what the protocol says (bad XML/JSON, missing fields).
    #[error("malformed provider message: {0}")]
    Malformed(String),
    /// Our own configuration is unusable (bad key, missing credential).
    #[error("provider configuration: {0}")]
    Config(String),
    /// A trade bill that is not ready, does not exist, or does not check out.
    #[error(transparent)]
    Bill(#[from] crate::bills::BillError),
}

impl ProviderError {
    pub fn business(
        code: BusinessCode,
        provider_code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ProviderError::Business {
            code,
            provider_code: provider_code.into(),
            message: message.into(),
        }
    }

    /// Whether trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            ProviderError::Unavailable(_)
            | ProviderError::Business {
                code: BusinessCode::SystemError | BusinessCode::UserPaying,
                ..
            } => true,
            ProviderError::Bill(b) => b.is_retryable(),
            ProviderError::Business { .. }
            | ProviderError::InvalidSignature
            | ProviderError::Malformed(_)
            | ProviderError::Config(_) => false,
        }
    }

    /// The provider's own code, when it gave one.
    pub fn provider_code(&self) -> Option<&str> {
        match self {
            ProviderError::Business { provider_code, .. } => Some(provider_code),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for ProviderError {
    fn from(e: reqwest::Error) -> Self {
        // reqwest's Display never includes request bodies, so no secret leaks here.
        ProviderError::Unavailable(e.without_url().to_string())
    }
}
