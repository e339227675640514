//! The signed parameters a client needs to open the WeChat cashier after a v3 prepay: signed
//! with the merchant's API key (RSA, through `ring`), `signType` "RSA".

use rand::distributions::{Alphanumeric, DistString};

use super::sign::{app_sign_message, jsapi_pay_sign_message};
use crate::rsa_keys::RsaSigner;
use crate::{PayParams, ProviderError};

/// The `signType` of v3 cashier parameters.
pub const SIGN_TYPE: &str = "RSA";

/// A random 32-character alphanumeric nonce (`nonce_str` / `nonceStr` / `noncestr`).
pub fn nonce() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
}

/// Seconds since the Unix epoch, as the cashier wants it.
pub fn timestamp_now() -> String {
    chrono::Utc::now().timestamp().to_string()
}

/// Mini-program / JSAPI `requestPayment` params: `paySign` over
/// `appId\ntimeStamp\nnonceStr\npackage\n` with `package = "prepay_id=…"`.
pub fn jsapi_params(
    signer: &RsaSigner,
    app_id: &str,
    prepay_id: &str,
    nonce_str: &str,
    time_stamp: &str,
) -> Result<PayParams, ProviderError> {
    let package = format!("prepay_id={prepay_id}");
    let pay_sign = signer
        .sign_base64(jsapi_pay_sign_message(app_id, time_stamp, nonce_str, &package).as_bytes())?;
    Ok(PayParams::WechatJsapi {
        app_id: app_id.to_owned(),
        time_stamp: time_stamp.to_owned(),
        nonce_str: nonce_str.to_owned(),
        package,
        sign_type: SIGN_TYPE.to_owned(),
        pay_sign,
    })
}

/// App SDK `PayReq` params: `sign` over `appId\ntimeStamp\nnonceStr\nprepayId\n` (the bare
/// prepay id), `partnerid` = mchid, `package` = "Sign=WXPay".
pub fn app_params(
    signer: &RsaSigner,
    app_id: &str,
    mch_id: &str,
    prepay_id: &str,
    noncestr: &str,
    timestamp: &str,
) -> Result<PayParams, ProviderError> {
    let sign =
        signer.sign_base64(app_sign_message(app_id, timestamp, noncestr, prepay_id).as_bytes())?;
    Ok(PayParams::WechatApp {
        appid: app_id.to_owned(),
        partnerid: mch_id.to_owned(),
        prepayid: prepay_id.to_owned(),
        package: "Sign=WXPay".to_owned(),
        noncestr: noncestr.to_owned(),
        timestamp: timestamp.to_owned(),
        sign,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wechat_v3::test_vectors::{doc_merchant_signer, v3_json};

    /// The official doc's published paySign and APP sign for its test key.
    #[test]
    fn doc_vectors() {
        let v = v3_json("wxpay_v3_signature_vectors.json");
        let signer = doc_merchant_signer();
        let jsapi = &v["vectors"][2];
        let s = |k: &str| jsapi[k].as_str().unwrap();
        let prepay_id = s("package").strip_prefix("prepay_id=").unwrap();
        assert_eq!(
            jsapi_params(
                &signer,
                s("appId"),
                prepay_id,
                s("nonceStr"),
                s("timeStamp")
            )
            .unwrap(),
            PayParams::WechatJsapi {
                app_id: s("appId").into(),
                time_stamp: s("timeStamp").into(),
                nonce_str: s("nonceStr").into(),
                package: s("package").into(),
                sign_type: s("signType").into(),
                pay_sign: s("expected_signature").into(),
            }
        );
        let app = &v["vectors"][3];
        let s = |k: &str| app[k].as_str().unwrap();
        assert_eq!(
            app_params(
                &signer,
                s("appId"),
                "1900000109",
                s("prepayId"),
                s("nonceStr"),
                s("timeStamp")
            )
            .unwrap(),
            PayParams::WechatApp {
                appid: s("appId").into(),
                partnerid: "1900000109".into(),
                prepayid: s("prepayId").into(),
                package: s("packageValue").into(),
                noncestr: s("nonceStr").into(),
                timestamp: s("timeStamp").into(),
                sign: s("expected_signature").into(),
            }
        );
    }

    #[test]
    fn nonce_shape() {
        let a = nonce();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, nonce());
    }
}
