//! Builds provider clients from credentials: the one factory. A new provider API is one arm here
//! (the compiler asks for it: [`Credentials`] is matched exhaustively) plus its module.

use std::sync::Arc;

use super::{
    alipay::Alipay, wechat_v2::WechatPay, wechat_v3::WechatPayV3, AlipayCredentials, Credentials,
    PaymentProvider, ProviderEndpoints, ProviderError, WechatCredentials, WechatV3Credentials,
};

/// Builds clients from a project's decrypted credentials. Holds one shared HTTP client.
#[derive(Clone)]
pub struct Providers {
    http: reqwest::Client,
    endpoints: ProviderEndpoints,
}

impl Providers {
    pub fn new(endpoints: ProviderEndpoints) -> Result<Self, ProviderError> {
        let http = reqwest::Client::builder()
            .timeout(endpoints.timeout)
            .connect_timeout(endpoints.timeout)
            .build()
            .map_err(|e| ProviderError::Config(e.to_string()))?;
        Ok(Self { http, endpoints })
    }

    pub fn endpoints(&self) -> &ProviderEndpoints {
        &self.endpoints
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn wechat(&self, creds: WechatCredentials) -> Result<WechatPay, ProviderError> {
        WechatPay::new(creds, &self.endpoints, self.http.clone())
    }

    /// A WeChat Pay API v3 client. Keep it (the server's project cache does): it holds the
    /// platform certificates it fetched.
    pub fn wechat_v3(&self, creds: WechatV3Credentials) -> Result<WechatPayV3, ProviderError> {
        WechatPayV3::new(creds, &self.endpoints, self.http.clone())
    }

    pub fn alipay(&self, creds: AlipayCredentials) -> Result<Alipay, ProviderError> {
        Alipay::new(creds, &self.endpoints, self.http.clone())
    }

    pub fn login(
        &self,
        app_id: &str,
        app_secret: secrecy::SecretString,
    ) -> super::miniprogram::MiniProgram {
        super::miniprogram::MiniProgram::new(app_id, app_secret, &self.endpoints, self.http.clone())
    }

    /// The client these credentials are for.
    pub fn build(&self, creds: Credentials) -> Result<Arc<dyn PaymentProvider>, ProviderError> {
        Ok(match creds {
            Credentials::WechatV2(c) => Arc::new(self.wechat(c)?),
            Credentials::WechatV3(c) => Arc::new(self.wechat_v3(c)?),
            Credentials::Alipay(c) => Arc::new(self.alipay(c)?),
        })
    }
}
