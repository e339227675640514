//! Clients and keys shared by the targets (built once per process).

#![allow(dead_code)]

use std::sync::OnceLock;

use paycenter_providers::alipay::Alipay;
use paycenter_providers::rsa_keys::RsaSigner;
use paycenter_providers::wechat_v2::WechatPay;
use paycenter_providers::wechat_v3::aead::ApiV3Key;
use paycenter_providers::wechat_v3::WechatPayV3;
use paycenter_providers::{
    AlipayCredentials, ProviderEndpoints, WechatCredentials, WechatPayPublicKey,
    WechatV3Credentials,
};
use rsa::pkcs1v15::VerifyingKey;
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

/// The v3 merchant of the derived notify vectors (public-key mode): the official doc's merchant
/// key, wechatpay-go's test key as the WeChat Pay side.
pub const WECHAT_V3_APP_ID: &str = "wxd678efh567hg6787";
pub const WECHAT_V3_MCH_ID: &str = "1230000109";
pub const WECHAT_V3_API_KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
pub const WECHAT_V3_PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000000000000000000000000000000000";
const WECHAT_V3_MERCHANT_KEY: &str = include_str!(
    "../../crates/providers/tests/vectors/v3-and-bills/wxpay_v3_doc_test_merchant_key.pkcs8.pem"
);
const WECHAT_V3_PLATFORM_KEY: &str = include_str!(
    "../../crates/providers/tests/vectors/v3-and-bills/wxpay_v3_gosdk_test_platform_key.pkcs8.pem"
);
const WECHAT_V3_PLATFORM_PUB: &str = include_str!(
    "../../crates/providers/tests/vectors/v3-and-bills/wxpay_v3_gosdk_test_platform_pub.pem"
);

/// A current-thread runtime for the async verifications (built once).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

pub fn wechat_v3() -> &'static WechatPayV3 {
    static W: OnceLock<WechatPayV3> = OnceLock::new();
    W.get_or_init(|| {
        let client = WechatPayV3::new(
            WechatV3Credentials {
                app_id: WECHAT_V3_APP_ID.into(),
                mch_id: WECHAT_V3_MCH_ID.into(),
                merchant_serial_no: "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB".into(),
                merchant_private_key: WECHAT_V3_MERCHANT_KEY.to_owned().into(),
                api_v3_key: WECHAT_V3_API_KEY.to_owned().into(),
                wechatpay_public_key: Some(WechatPayPublicKey {
                    id: WECHAT_V3_PUBLIC_KEY_ID.into(),
                    pem: WECHAT_V3_PLATFORM_PUB.into(),
                }),
            },
            &ProviderEndpoints::sandbox("http://127.0.0.1:9"),
            http(),
        )
        .expect("the fuzz v3 merchant is valid");
        // An unknown serial may start one certificate download (refused at once by port 9);
        // never more than that in a run.
        client.set_min_refresh_interval(std::time::Duration::from_secs(365 * 24 * 3600));
        client
    })
}

/// The WeChat Pay side's signing key.
pub fn wechat_v3_platform() -> &'static RsaSigner {
    static S: OnceLock<RsaSigner> = OnceLock::new();
    S.get_or_init(|| RsaSigner::parse(WECHAT_V3_PLATFORM_KEY).expect("fixture platform key"))
}

pub fn wechat_v3_api_key() -> &'static ApiV3Key {
    static K: OnceLock<ApiV3Key> = OnceLock::new();
    K.get_or_init(|| ApiV3Key::parse(WECHAT_V3_API_KEY).expect("fixture APIv3 key"))
}

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
pub fn platform_signer() -> &'static RsaSigner {
    static S: OnceLock<RsaSigner> = OnceLock::new();
    S.get_or_init(|| RsaSigner::parse(ALIPAY_PRIVATE_PEM).expect("fixture private key"))
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
