//! WeChat Pay API v2 (XML, MD5 / HMAC-SHA256 signatures).
//!
//! - [`sign`], [`xml`], [`refund_crypto`], [`cashier`]: pure protocol pieces, also used by the
//!   sandbox emulator.
//! - [`client`]: [`WechatPay`]'s capability implementations (request building and reply parsing
//!   are pure; the HTTP part is thin).
//! - [`notify`]: pay and refund notify verification and the replies WeChat expects.
//! - [`codes`]: `err_code` → [`BusinessCode`](crate::BusinessCode).
//! - [`bill`]: `pay/downloadbill`, the daily trade bill ([`crate::DownloadBill`]).

pub mod bill;
pub mod cashier;
pub mod client;
pub mod codes;
pub mod notify;
pub mod refund_crypto;
pub mod sign;
pub mod xml;

use secrecy::{ExposeSecret, SecretString};

pub use sign::SignType;

use super::{ProviderEndpoints, ProviderError, WechatCredentials};

/// One merchant's WeChat Pay v2 client.
#[derive(Clone)]
pub struct WechatPay {
    app_id: String,
    mch_id: String,
    api_key: SecretString,
    client_identity_pem: Option<SecretString>,
    sign_type: SignType,
    /// Ask for bills gzip'd (`tar_type=GZIP`).
    bill_gzip: bool,
    base: String,
    timeout: std::time::Duration,
    http: reqwest::Client,
}

impl std::fmt::Debug for WechatPay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatPay")
            .field("app_id", &self.app_id)
            .field("mch_id", &self.mch_id)
            .field("sign_type", &self.sign_type)
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl WechatPay {
    pub fn new(
        creds: WechatCredentials,
        endpoints: &ProviderEndpoints,
        http: reqwest::Client,
    ) -> Result<Self, ProviderError> {
        if creds.app_id.trim().is_empty() {
            return Err(ProviderError::Config("WeChat appid is empty".into()));
        }
        if creds.mch_id.trim().is_empty() {
            return Err(ProviderError::Config("WeChat mch_id is empty".into()));
        }
        if creds.api_key.expose_secret().is_empty() {
            return Err(ProviderError::Config("WeChat API key is empty".into()));
        }
        let mut base = endpoints.wechat_pay_base.clone();
        if base.is_empty() {
            return Err(ProviderError::Config("WeChat Pay base URL is empty".into()));
        }
        if !base.ends_with('/') {
            base.push('/');
        }
        Ok(Self {
            app_id: creds.app_id,
            mch_id: creds.mch_id,
            api_key: creds.api_key,
            client_identity_pem: creds.client_identity_pem,
            sign_type: SignType::Md5,
            bill_gzip: true,
            base,
            timeout: endpoints.timeout,
            http,
        })
    }

    /// Signs requests (and expects replies signed) with `sign_type` instead of MD5.
    pub fn with_sign_type(mut self, sign_type: SignType) -> Self {
        self.sign_type = sign_type;
        self
    }

    /// Whether bills are asked for gzip'd (`tar_type=GZIP`, the default) or plain.
    pub fn with_bill_gzip(mut self, gzip: bool) -> Self {
        self.bill_gzip = gzip;
        self
    }

    pub fn sign_type(&self) -> SignType {
        self.sign_type
    }

    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    pub fn mch_id(&self) -> &str {
        &self.mch_id
    }

    fn api_key(&self) -> &str {
        self.api_key.expose_secret()
    }
}
