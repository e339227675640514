//! WeChat Pay v2 signatures: MD5 or HMAC-SHA256 over the sorted `k=v&…&key=API_KEY` string.
//!
//! Pure functions, shared by the client and the sandbox emulator.

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::ProviderError;

/// The two v2 signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignType {
    #[default]
    Md5,
    HmacSha256,
}

impl SignType {
    /// Reads a `sign_type` / `signType` field: absent or empty means MD5.
    pub fn from_field(value: Option<&str>) -> Result<Self, ProviderError> {
        match value.map(str::trim) {
            None | Some("") => Ok(SignType::Md5),
            Some(v) if v.eq_ignore_ascii_case("MD5") => Ok(SignType::Md5),
            Some(v) if v.eq_ignore_ascii_case("HMAC-SHA256") => Ok(SignType::HmacSha256),
            Some(v) => Err(ProviderError::Malformed(format!(
                "unsupported sign_type {v:?}"
            ))),
        }
    }

    /// The wire name: `MD5` or `HMAC-SHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignType::Md5 => "MD5",
            SignType::HmacSha256 => "HMAC-SHA256",
        }
    }
}

/// `k=v&k=v` over every field but `sign`, empty values dropped, keys in byte order, raw values.
pub fn string_to_sign(fields: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    // BTreeMap<String, _> iterates in byte order of the keys.
    for (k, v) in fields {
        if k == "sign" || v.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The uppercase hex signature of `fields` with `api_key`.
pub fn sign(fields: &BTreeMap<String, String>, api_key: &str, sign_type: SignType) -> String {
    let message = format!("{}&key={}", string_to_sign(fields), api_key);
    match sign_type {
        SignType::Md5 => hex::encode_upper(Md5::digest(message.as_bytes())),
        SignType::HmacSha256 => match Hmac::<Sha256>::new_from_slice(api_key.as_bytes()) {
            Ok(mut mac) => {
                mac.update(message.as_bytes());
                hex::encode_upper(mac.finalize().into_bytes())
            }
            // HMAC accepts keys of any length; an empty signature never verifies.
            Err(_) => String::new(),
        },
    }
}

/// Verifies a received message's `sign`, choosing the algorithm from its `sign_type` field (MD5
/// when absent). Every received field takes part, unknown ones included.
pub fn verify(fields: &BTreeMap<String, String>, api_key: &str) -> Result<(), ProviderError> {
    verify_with_default(fields, api_key, SignType::Md5)
}

/// Like [`verify`], but a message without `sign_type` is checked with `default` (WeChat signs
/// replies and notifies with the order's algorithm without always naming it).
pub fn verify_with_default(
    fields: &BTreeMap<String, String>,
    api_key: &str,
    default: SignType,
) -> Result<(), ProviderError> {
    let sign_type = match fields.get("sign_type") {
        Some(v) => SignType::from_field(Some(v)).map_err(|_| ProviderError::InvalidSignature)?,
        None => default,
    };
    verify_as(fields, api_key, sign_type)
}

/// Verifies `sign` with a fixed algorithm.
pub fn verify_as(
    fields: &BTreeMap<String, String>,
    api_key: &str,
    sign_type: SignType,
) -> Result<(), ProviderError> {
    let received = match fields.get("sign") {
        Some(s) if !s.trim().is_empty() => s.trim().to_ascii_uppercase(),
        _ => return Err(ProviderError::InvalidSignature),
    };
    let expected = sign(fields, api_key, sign_type);
    if !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(received.as_bytes())) {
        Ok(())
    } else {
        Err(ProviderError::InvalidSignature)
    }
}

/// Adds `sign` (computed over everything else) to `fields`.
pub fn add_sign(fields: &mut BTreeMap<String, String>, api_key: &str, sign_type: SignType) {
    fields.remove("sign");
    let s = sign(fields, api_key, sign_type);
    fields.insert("sign".to_owned(), s);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_vectors::{derived, public, string_map};

    #[test]
    fn wechatpy_md5_and_hmac() {
        let v = &public()["wechat_v2_md5_wechatpy"];
        let params = string_map(&v["params"]);
        let key = v["key"].as_str().unwrap();
        assert_eq!(
            format!("{}&key={key}", string_to_sign(&params)),
            v["string_to_sign"].as_str().unwrap()
        );
        assert_eq!(
            sign(&params, key, SignType::Md5),
            v["sign"].as_str().unwrap()
        );

        let v = &public()["wechat_v2_hmac_wechatpy"];
        let params = string_map(&v["params"]);
        assert_eq!(
            sign(
                &params,
                v["hmac_key"].as_str().unwrap(),
                SignType::HmacSha256
            ),
            v["sign"].as_str().unwrap()
        );
    }

    #[test]
    fn official_doc_example() {
        let v = &public()["wechat_v2_official_doc_example"];
        let params = string_map(&v["params"]);
        let key = v["key"].as_str().unwrap();
        assert_eq!(string_to_sign(&params), v["stringA"].as_str().unwrap());
        assert_eq!(
            sign(&params, key, SignType::Md5),
            v["md5_sign"].as_str().unwrap()
        );
        assert_eq!(
            sign(&params, key, SignType::HmacSha256),
            v["hmac_sha256_sign"].as_str().unwrap()
        );
        // The doc's own XML verifies after parsing.
        let fields = crate::wechat_v2::xml::decode(v["xml"].as_str().unwrap().as_bytes()).unwrap();
        verify(&fields, key).unwrap();
    }

    #[test]
    fn skip_empty_and_sign() {
        let v = &derived()["v2_skip_empty_and_sign"];
        let params = string_map(&v["params"]);
        let key = v["key"].as_str().unwrap();
        assert_eq!(
            format!("{}&key={key}", string_to_sign(&params)),
            v["string_to_sign"].as_str().unwrap()
        );
        assert_eq!(
            sign(&params, key, SignType::Md5),
            v["sign"].as_str().unwrap()
        );
    }

    #[test]
    fn pay_notify_md5_vector() {
        let v = &derived()["v2_pay_notify_md5"];
        let mut params = string_map(&v["params"]);
        let key = v["key"].as_str().unwrap();
        assert_eq!(
            format!("{}&key={key}", string_to_sign(&params)),
            v["string_to_sign"].as_str().unwrap()
        );
        assert_eq!(
            sign(&params, key, SignType::Md5),
            v["sign"].as_str().unwrap()
        );
        params.insert("sign".into(), v["sign"].as_str().unwrap().into());
        verify(&params, key).unwrap();
        // Wrong key, tampered field, lowercase sign (accepted), missing sign.
        assert!(matches!(
            verify(&params, "x"),
            Err(ProviderError::InvalidSignature)
        ));
        let mut lower = params.clone();
        lower.insert("sign".into(), v["sign"].as_str().unwrap().to_lowercase());
        verify(&lower, key).unwrap();
        let mut tampered = params.clone();
        tampered.insert("total_fee".into(), "100".into());
        assert!(matches!(
            verify(&tampered, key),
            Err(ProviderError::InvalidSignature)
        ));
        let mut extra = params.clone();
        extra.insert("unknown_field".into(), "x".into());
        assert!(matches!(
            verify(&extra, key),
            Err(ProviderError::InvalidSignature)
        ));
        let mut missing = params.clone();
        missing.remove("sign");
        assert!(matches!(
            verify(&missing, key),
            Err(ProviderError::InvalidSignature)
        ));
        let mut empty = params;
        empty.insert("sign".into(), String::new());
        assert!(matches!(
            verify(&empty, key),
            Err(ProviderError::InvalidSignature)
        ));
    }

    #[test]
    fn verify_picks_type_from_field() {
        let key = "192006250b4c09247ec02edce69f6a2d";
        let mut f = BTreeMap::new();
        f.insert("a".to_owned(), "1".to_owned());
        f.insert("sign_type".to_owned(), "HMAC-SHA256".to_owned());
        add_sign(&mut f, key, SignType::HmacSha256);
        verify(&f, key).unwrap();
        // Signed with MD5 but claiming HMAC: rejected.
        add_sign(&mut f, key, SignType::Md5);
        assert!(verify(&f, key).is_err());
        // Unknown sign_type: rejected.
        f.insert("sign_type".to_owned(), "RSA".to_owned());
        assert!(verify(&f, key).is_err());
        // No sign_type: the default applies.
        let mut g = BTreeMap::new();
        g.insert("a".to_owned(), "1".to_owned());
        add_sign(&mut g, key, SignType::HmacSha256);
        assert!(verify(&g, key).is_err());
        verify_with_default(&g, key, SignType::HmacSha256).unwrap();
    }

    #[test]
    fn sign_type_names() {
        assert_eq!(SignType::from_field(None).unwrap(), SignType::Md5);
        assert_eq!(SignType::from_field(Some("MD5")).unwrap(), SignType::Md5);
        assert_eq!(
            SignType::from_field(Some("HMAC-SHA256")).unwrap(),
            SignType::HmacSha256
        );
        assert!(SignType::from_field(Some("SHA1")).is_err());
        assert_eq!(SignType::HmacSha256.as_str(), "HMAC-SHA256");
    }
}
