//! Alipay OpenAPI (RSA2).
//!
//! * [`keys`]: key parsing and generation (PKCS#1 / PKCS#8 / SPKI, PEM or bare base64);
//! * [`sign`]: the string to sign and RSA2 (SHA256withRSA) sign / verify;
//! * [`gateway`]: signed request parameters, raw-bytes response verification;
//! * [`codes`]: `code` / `sub_code` → [`crate::BusinessCode`];
//! * [`client`]: the payment traits over the gateway; [`notify`]: async notify verification;
//!   [`browser_return`]: the web cashiers' signed synchronous return (never proof of payment).
//! * [`bill`]: the daily trade bill ([`crate::DownloadBill`]).
//!
//! The pure parts (`keys`, `sign`, `gateway`) are shared with the sandbox emulator.

pub mod bill;
pub mod browser_return;
pub mod client;
pub mod codes;
pub mod gateway;
pub mod keys;
pub mod notify;
pub mod sign;

#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod testdata;

use rsa::pkcs1v15::VerifyingKey;
use secrecy::ExposeSecret;
use sha2::Sha256;

use crate::rsa_keys::RsaSigner;
use crate::{AlipayCredentials, ProviderEndpoints, ProviderError};

pub use keys::{
    generate_key_pair, parse_private_key, parse_public_key, private_key_to_pkcs8_pem,
    public_key_to_spki_pem,
};
pub use sign::{content_to_sign, notify_content_to_verify, rsa2_sign, rsa2_verify};

/// One merchant app's Alipay client. Keys are parsed once, here.
#[derive(Clone)]
pub struct Alipay {
    app_id: String,
    signer: RsaSigner,
    verifier: VerifyingKey<Sha256>,
    gateway: String,
    http: reqwest::Client,
}

impl Alipay {
    pub fn new(
        creds: AlipayCredentials,
        endpoints: &ProviderEndpoints,
        http: reqwest::Client,
    ) -> Result<Self, ProviderError> {
        let app_id = creds.app_id.trim().to_string();
        if app_id.is_empty() {
            return Err(ProviderError::Config("Alipay app_id is empty".into()));
        }
        let signer = RsaSigner::parse(creds.app_private_key.expose_secret())
            .map_err(|e| ProviderError::Config(format!("Alipay app private key: {e}")))?;
        let public = parse_public_key(&creds.alipay_public_key)
            .map_err(|e| ProviderError::Config(format!("Alipay public key: {e}")))?;
        if endpoints.alipay_gateway.trim().is_empty() {
            return Err(ProviderError::Config("Alipay gateway URL is empty".into()));
        }
        Ok(Self {
            app_id,
            signer,
            verifier: VerifyingKey::new(public),
            gateway: endpoints.alipay_gateway.clone(),
            http,
        })
    }

    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    pub fn gateway_url(&self) -> &str {
        &self.gateway
    }
}

impl std::fmt::Debug for Alipay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alipay")
            .field("app_id", &self.app_id)
            .field("gateway", &self.gateway)
            .finish_non_exhaustive()
    }
}
