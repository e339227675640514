//! Picks the provider implementation for a channel. Adding a channel is one arm here plus its module.

use std::sync::Arc;

use super::{
    alipay::Alipay, wechat_v2::WechatPay, AlipayCredentials, PaymentProvider, ProviderEndpoints,
    ProviderError, WechatCredentials,
};
use paycenter_domain::Provider;

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

    /// The provider for `kind`, built from whichever credentials the project has.
    pub fn for_provider(
        &self,
        kind: Provider,
        wechat: Option<WechatCredentials>,
        alipay: Option<AlipayCredentials>,
    ) -> Result<Arc<dyn PaymentProvider>, ProviderError> {
        match kind {
            Provider::Wechat => {
                let creds = wechat
                    .ok_or_else(|| ProviderError::Config("WeChat Pay is not configured".into()))?;
                Ok(Arc::new(self.wechat(creds)?))
            }
            Provider::Alipay => {
                let creds = alipay
                    .ok_or_else(|| ProviderError::Config("Alipay is not configured".into()))?;
                Ok(Arc::new(self.alipay(creds)?))
            }
        }
    }
}
