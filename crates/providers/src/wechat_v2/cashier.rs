//! The signed parameters a client needs to open the WeChat cashier after `unifiedorder`.

use std::collections::BTreeMap;

use rand::distributions::Alphanumeric;
use rand::Rng;

use super::sign::{sign, SignType};
use crate::PayParams;

/// A random 32-character alphanumeric nonce (`nonce_str` / `nonceStr` / `noncestr`).
pub fn nonce() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}

/// Seconds since the Unix epoch, as the cashier wants it.
pub fn timestamp_now() -> String {
    chrono::Utc::now().timestamp().to_string()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Mini-program / JSAPI `requestPayment` params: signs {appId, timeStamp, nonceStr,
/// package="prepay_id=…", signType} → paySign.
pub fn jsapi_params(
    app_id: &str,
    prepay_id: &str,
    api_key: &str,
    sign_type: SignType,
    nonce_str: &str,
    time_stamp: &str,
) -> PayParams {
    let package = format!("prepay_id={prepay_id}");
    let fields = map(&[
        ("appId", app_id),
        ("timeStamp", time_stamp),
        ("nonceStr", nonce_str),
        ("package", &package),
        ("signType", sign_type.as_str()),
    ]);
    PayParams::WechatJsapi {
        app_id: app_id.to_owned(),
        time_stamp: time_stamp.to_owned(),
        nonce_str: nonce_str.to_owned(),
        sign_type: sign_type.as_str().to_owned(),
        pay_sign: sign(&fields, api_key, sign_type),
        package,
    }
}

/// App SDK `PayReq` params: signs {appid, partnerid=mch_id, prepayid, package="Sign=WXPay",
/// noncestr, timestamp} → sign. `sign_type` must be the one the order was created with.
pub fn app_params(
    app_id: &str,
    mch_id: &str,
    prepay_id: &str,
    api_key: &str,
    sign_type: SignType,
    noncestr: &str,
    timestamp: &str,
) -> PayParams {
    let fields = map(&[
        ("appid", app_id),
        ("partnerid", mch_id),
        ("prepayid", prepay_id),
        ("package", "Sign=WXPay"),
        ("noncestr", noncestr),
        ("timestamp", timestamp),
    ]);
    PayParams::WechatApp {
        appid: app_id.to_owned(),
        partnerid: mch_id.to_owned(),
        prepayid: prepay_id.to_owned(),
        package: "Sign=WXPay".to_owned(),
        noncestr: noncestr.to_owned(),
        timestamp: timestamp.to_owned(),
        sign: sign(&fields, api_key, sign_type),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_vectors::derived;

    fn check_jsapi(name: &str, sign_type: SignType) {
        let v = &derived()[name];
        let p = &v["params"];
        let s = |k: &str| p[k].as_str().unwrap();
        let prepay_id = s("package").strip_prefix("prepay_id=").unwrap();
        let params = jsapi_params(
            s("appId"),
            prepay_id,
            v["key"].as_str().unwrap(),
            sign_type,
            s("nonceStr"),
            s("timeStamp"),
        );
        assert_eq!(
            params,
            PayParams::WechatJsapi {
                app_id: s("appId").into(),
                time_stamp: s("timeStamp").into(),
                nonce_str: s("nonceStr").into(),
                package: s("package").into(),
                sign_type: s("signType").into(),
                pay_sign: v["paySign"].as_str().unwrap().into(),
            }
        );
    }

    #[test]
    fn jsapi_vectors() {
        check_jsapi("v2_jsapi_md5", SignType::Md5);
        check_jsapi("v2_jsapi_hmac", SignType::HmacSha256);
    }

    #[test]
    fn app_vector() {
        let v = &derived()["v2_app_md5"];
        let p = &v["params"];
        let s = |k: &str| p[k].as_str().unwrap();
        let params = app_params(
            s("appid"),
            s("partnerid"),
            s("prepayid"),
            v["key"].as_str().unwrap(),
            SignType::Md5,
            s("noncestr"),
            s("timestamp"),
        );
        assert_eq!(
            params,
            PayParams::WechatApp {
                appid: s("appid").into(),
                partnerid: s("partnerid").into(),
                prepayid: s("prepayid").into(),
                package: "Sign=WXPay".into(),
                noncestr: s("noncestr").into(),
                timestamp: s("timestamp").into(),
                sign: v["sign"].as_str().unwrap().into(),
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
