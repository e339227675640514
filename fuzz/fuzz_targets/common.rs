//! Clients and keys shared by the targets (built once per process).

#![allow(dead_code)]

use std::sync::OnceLock;

use paycenter_providers::alipay::{parse_private_key, Alipay};
use paycenter_providers::wechat_v2::WechatPay;
use paycenter_providers::{AlipayCredentials, ProviderEndpoints, WechatCredentials};
use rsa::pkcs1v15::{SigningKey, VerifyingKey};
use sha2::Sha256;

/// The merchant of the official pay notify sample and of the derived vectors.
pub const WECHAT_APPID: &str = "wx2421b1c4370ec43b";
pub const WECHAT_MCH_ID: &str = "10000100";
pub const WECHAT_API_KEY: &str = "192006250b4c09247ec02edce69f6a2d";

/// The key pair that signs the derived Alipay vectors (it plays the Alipay platform).
pub const ALIPAY_PRIVATE_PEM: &str = include_str!(
    "../../crates/providers/tests/vectors/alipay-sdk-nodejs-all/test/fixtures/app-private-key.pem"
);
pub const ALIPAY_PUBLIC_PEM: &str = include_str!(
    "../../crates/providers/tests/vectors/alipay-sdk-nodejs-all/test/fixtures/app-public-key.pem"
);
pub const ALIPAY_APP_ID: &str = "2021000122671080";

fn http() -> reqwest::Client {
    static HTTP: OnceLock<reqwest::Client> = OnceLock::new();
    HTTP.get_or_init(reqwest::Client::new).clone()
}

pub fn wechat() -> &'static WechatPay {
    static W: OnceLock<WechatPay> = OnceLock::new();
    W.get_or_init(|| {
        WechatPay::new(
            WechatCredentials {
                app_id: WECHAT_APPID.into(),
                mch_id: WECHAT_MCH_ID.into(),
                api_key: WECHAT_API_KEY.to_owned().into(),
                app_secret: None,
                client_identity_pem: None,
            },
            &ProviderEndpoints::sandbox("http://127.0.0.1:9"),
            http(),
        )
        .expect("the fuzz merchant is valid")
    })
}

pub fn alipay() -> &'static Alipay {
    static A: OnceLock<Alipay> = OnceLock::new();
    A.get_or_init(|| {
        Alipay::new(
            AlipayCredentials {
                app_id: ALIPAY_APP_ID.into(),
                app_private_key: ALIPAY_PRIVATE_PEM.to_owned().into(),
                alipay_public_key: ALIPAY_PUBLIC_PEM.to_owned(),
            },
            &ProviderEndpoints::sandbox("http://127.0.0.1:9"),
            http(),
        )
        .expect("the fuzz app is valid")
    })
}

/// The platform's signing key (what Alipay signs responses and notifies with).
pub fn platform_signer() -> &'static SigningKey<Sha256> {
    static S: OnceLock<SigningKey<Sha256>> = OnceLock::new();
    S.get_or_init(|| {
        SigningKey::new(parse_private_key(ALIPAY_PRIVATE_PEM).expect("fixture private key"))
    })
}

pub fn platform_verifier() -> &'static VerifyingKey<Sha256> {
    static V: OnceLock<VerifyingKey<Sha256>> = OnceLock::new();
    V.get_or_init(|| {
        VerifyingKey::new(
            paycenter_providers::alipay::parse_public_key(ALIPAY_PUBLIC_PEM)
                .expect("fixture public key"),
        )
    })
}
