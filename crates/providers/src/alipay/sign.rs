//! Alipay RSA2 signing (pure; reused by the sandbox emulator).
//!
//! The string to sign is every parameter except `sign` (and, for trade notifies, `sign_type`),
//! empty values dropped, sorted by name, joined as `k=v&k=v` with raw (not URL-encoded) values.
//! The signature is base64 of RSASSA-PKCS1-v1_5 with SHA-256.

use std::collections::BTreeMap;

use rsa::pkcs1v15::VerifyingKey;
use rsa::RsaPublicKey;
use sha2::Sha256;

use crate::rsa_keys::{self, RsaSigner};
use crate::ProviderError;

/// The string an Alipay request (or gateway-pushed message) is signed over: all but `sign`.
pub fn content_to_sign(params: &BTreeMap<String, String>) -> String {
    content_excluding(params, &["sign"])
}

/// The string a trade notify (`trade_status_sync`) is signed over: all but `sign` and `sign_type`.
pub fn notify_content_to_verify(params: &BTreeMap<String, String>) -> String {
    content_excluding(params, &["sign", "sign_type"])
}

/// Sorted `k=v&...` over `params` minus `excluded` names and empty values.
pub fn content_excluding(params: &BTreeMap<String, String>, excluded: &[&str]) -> String {
    let mut out = String::new();
    for (k, v) in params {
        if v.is_empty() || excluded.contains(&k.as_str()) {
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

/// base64(RSASSA-PKCS1-v1_5-SHA256(key, content)), signed by `ring`. Deterministic.
pub fn rsa2_sign(key: &RsaSigner, content: &str) -> Result<String, ProviderError> {
    key.sign_base64(content.as_bytes())
}

/// Verifies base64 `sig_b64` over `content`. Any failure is [`ProviderError::InvalidSignature`].
pub fn rsa2_verify(key: &RsaPublicKey, content: &[u8], sig_b64: &str) -> Result<(), ProviderError> {
    rsa2_verify_with(&VerifyingKey::<Sha256>::new(key.clone()), content, sig_b64)
}

/// [`rsa2_verify`] with a prepared verifying key.
pub fn rsa2_verify_with(
    key: &VerifyingKey<Sha256>,
    content: &[u8],
    sig_b64: &str,
) -> Result<(), ProviderError> {
    rsa_keys::verify_base64(key, content, sig_b64)
}

/// Signs `params` in place: sets `sign` over [`content_to_sign`].
pub fn sign_params(
    key: &RsaSigner,
    params: &mut BTreeMap<String, String>,
) -> Result<(), ProviderError> {
    let sig = rsa2_sign(key, &content_to_sign(params))?;
    params.insert("sign".into(), sig);
    Ok(())
}

/// Verifies a signed request's parameters (the sandbox gateway's side): `sign` over all the others.
pub fn verify_params(
    key: &RsaPublicKey,
    params: &BTreeMap<String, String>,
) -> Result<(), ProviderError> {
    let sig = params
        .get("sign")
        .filter(|s| !s.is_empty())
        .ok_or(ProviderError::InvalidSignature)?;
    rsa2_verify(key, content_to_sign(params).as_bytes(), sig)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::alipay::keys::parse_public_key;
    use crate::alipay::testdata::{
        derived_vectors, fixture, public_vectors, read_vector, string_map,
    };
    use base64::Engine as _;

    #[test]
    fn request_vector_string_and_signature() {
        let v = &derived_vectors()["alipay_request_rsa2"];
        let key = RsaSigner::parse(&fixture("app-private-key.pem")).unwrap();
        let public = parse_public_key(&fixture("app-public-key.pem")).unwrap();
        let params = string_map(&v["params"]);
        let content = content_to_sign(&params);
        assert_eq!(content, v["string_to_sign"].as_str().unwrap());
        let sig = rsa2_sign(&key, &content).unwrap();
        assert_eq!(sig, v["sign"].as_str().unwrap());
        rsa2_verify(&public, content.as_bytes(), &sig).unwrap();

        let mut signed = params.clone();
        sign_params(&key, &mut signed).unwrap();
        assert_eq!(signed["sign"], v["sign"].as_str().unwrap());
        // `sign` itself is excluded, so the signed map still produces the same content.
        assert_eq!(content_to_sign(&signed), content);
        verify_params(&public, &signed).unwrap();
        signed.insert("timestamp".into(), "2024-01-01 12:00:01".into());
        assert!(matches!(
            verify_params(&public, &signed),
            Err(ProviderError::InvalidSignature)
        ));
        signed.remove("sign");
        assert!(verify_params(&public, &signed).is_err());
    }

    #[test]
    fn content_drops_empties_and_sorts() {
        let mut p = BTreeMap::new();
        p.insert("b".to_string(), "2".to_string());
        p.insert("a".to_string(), "1 &x".to_string());
        p.insert("empty".to_string(), String::new());
        p.insert("sign".to_string(), "S".to_string());
        p.insert("sign_type".to_string(), "RSA2".to_string());
        assert_eq!(content_to_sign(&p), "a=1 &x&b=2&sign_type=RSA2");
        assert_eq!(notify_content_to_verify(&p), "a=1 &x&b=2");
    }

    #[test]
    fn production_trade_notify_verifies_without_sign_type() {
        let v = &public_vectors()["alipay_notify_rsa2_nodejs_v1"];
        let key = parse_public_key(v["alipay_public_key_b64"].as_str().unwrap()).unwrap();
        let text = read_vector("alipay_notify_v1_string_to_verify.txt");
        let text = text.trim_end_matches(['\r', '\n']);
        assert_eq!(text, v["string_to_verify"].as_str().unwrap());
        let sig = v["sign"].as_str().unwrap();
        rsa2_verify(&key, text.as_bytes(), sig).unwrap();
        // With sign_type kept it must fail (the documented pitfall).
        let with_type = text.replace("&subject=", "&sign_type=RSA2&subject=");
        assert!(rsa2_verify(&key, with_type.as_bytes(), sig).is_err());
    }

    #[test]
    fn servicemarket_notify_verifies_with_sign_type() {
        let v = &public_vectors()["alipay_servicemarket_notify_nodejs"];
        let key = parse_public_key(&fixture("alipay-notify-sign-public-key-v2.pem")).unwrap();
        let text = read_vector("alipay_servicemarket_notify_string_to_verify.txt");
        let text = text.trim_end_matches(['\r', '\n']);
        assert_eq!(text, v["string_to_verify"].as_str().unwrap());
        let sig = v["sign"].as_str().unwrap();
        rsa2_verify(&key, text.as_bytes(), sig).unwrap();
        // The same string parsed into a map: content_to_sign (keeping sign_type) reproduces it.
        let mut map = BTreeMap::new();
        for pair in text.split('&') {
            let (k, val) = pair.split_once('=').unwrap();
            map.insert(k.to_string(), val.to_string());
        }
        map.insert("sign".into(), sig.into());
        assert_eq!(content_to_sign(&map), text);
        verify_params(&key, &map).unwrap();
        // Wrong key (v1) fails.
        let v1 = parse_public_key(&fixture("alipay-notify-sign-public-key-v1.pem")).unwrap();
        assert!(rsa2_verify(&v1, text.as_bytes(), sig).is_err());
    }

    #[test]
    fn derived_notify_vector() {
        let v = &derived_vectors()["alipay_notify_rsa2"];
        let key = parse_public_key(&fixture("app-public-key.pem")).unwrap();
        let fields = string_map(&v["fields"]);
        let content = notify_content_to_verify(&fields);
        assert_eq!(content, v["string_to_verify"].as_str().unwrap());
        rsa2_verify(&key, content.as_bytes(), v["sign"].as_str().unwrap()).unwrap();
        let private = RsaSigner::parse(&fixture("app-private-key.pem")).unwrap();
        assert_eq!(
            rsa2_sign(&private, &content).unwrap(),
            v["sign"].as_str().unwrap()
        );
    }

    #[test]
    fn tampered_and_garbage_signatures_fail() {
        let key = RsaSigner::parse(&fixture("app-private-key.pem")).unwrap();
        let public = key.public_key().unwrap();
        let sig = rsa2_sign(&key, "a=1").unwrap();
        rsa2_verify(&public, b"a=1", &sig).unwrap();
        assert!(matches!(
            rsa2_verify(&public, b"a=2", &sig),
            Err(ProviderError::InvalidSignature)
        ));
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(&sig)
            .unwrap();
        bytes[10] ^= 1;
        let flipped = base64::engine::general_purpose::STANDARD.encode(&bytes);
        assert!(rsa2_verify(&public, b"a=1", &flipped).is_err());
        for bad in ["", "!!!", "QUJD", &sig[..sig.len() - 4]] {
            assert!(matches!(
                rsa2_verify(&public, b"a=1", bad),
                Err(ProviderError::InvalidSignature)
            ));
        }
        let other = parse_public_key(&fixture("alipay-public-key.pem")).unwrap();
        assert!(rsa2_verify(&other, b"a=1", &sig).is_err());
    }
}
