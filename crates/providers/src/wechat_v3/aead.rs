//! `AEAD_AES_256_GCM` with the APIv3 key: how WeChat Pay v3 encrypts notify resources and the
//! platform certificates of `GET /v3/certificates` (pure; the sandbox encrypts with it too).
//!
//! key = the 32 ASCII bytes of the APIv3 key, IV = the 12 bytes of `nonce`, AAD = the bytes of
//! `associated_data` (opaque; may be empty), ciphertext = base64(ct ‖ 16-byte tag).
//!
//! Only 32-byte keys exist here: WeChat issues 32-character APIv3 keys, and a shorter one is
//! refused when credentials are validated ([`ApiV3Key::parse`]). (wechatpay-go's tests use
//! 16-byte keys, which Go's `crypto/aes` silently turns into AES-128; we do not.) Nonces other
//! than WeChat's 12 bytes are refused too.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use zeroize::Zeroizing;

use super::credentials::CredentialError;
use crate::ProviderError;

/// The only `algorithm` WeChat uses (and we accept).
pub const ALGORITHM: &str = "AEAD_AES_256_GCM";
/// APIv3 key length in bytes.
pub const KEY_LEN: usize = 32;
/// Nonce (IV) length in bytes.
pub const NONCE_LEN: usize = 12;

/// A merchant's APIv3 key: exactly 32 bytes. Never printed.
#[derive(Clone)]
pub struct ApiV3Key(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiV3Key(..)")
    }
}

impl ApiV3Key {
    /// The key as the merchant platform shows it: 32 ASCII characters (letters and digits).
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let bytes = text.as_bytes();
        if bytes.len() != KEY_LEN {
            return Err(CredentialError::ApiV3KeyLength(bytes.len()));
        }
        if !bytes.iter().all(|b| b.is_ascii_graphic()) {
            return Err(CredentialError::ApiV3KeyCharacters);
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(bytes);
        Ok(Self(key))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(self.0.as_ref().into())
    }

    /// Decrypts a resource. A wrong key, nonce, associated data or a tampered ciphertext all
    /// fail authentication: [`ProviderError::Malformed`] (never trusted).
    pub fn decrypt(
        &self,
        nonce: &str,
        associated_data: &str,
        ciphertext_b64: &str,
    ) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
        let nonce = nonce_bytes(nonce)?;
        let ct = base64::engine::general_purpose::STANDARD
            .decode(ciphertext_b64.trim())
            .map_err(|_| malformed("ciphertext is not base64"))?;
        self.cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: &ct,
                    aad: associated_data.as_bytes(),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| malformed("ciphertext does not authenticate with the APIv3 key"))
    }

    /// [`ApiV3Key::decrypt`] to UTF-8 text.
    pub fn decrypt_to_string(
        &self,
        nonce: &str,
        associated_data: &str,
        ciphertext_b64: &str,
    ) -> Result<Zeroizing<String>, ProviderError> {
        let plain = self.decrypt(nonce, associated_data, ciphertext_b64)?;
        String::from_utf8(plain.to_vec())
            .map(Zeroizing::new)
            .map_err(|_| malformed("decrypted resource is not UTF-8"))
    }

    /// Encrypts (the emulator's side): base64(ct ‖ tag).
    pub fn encrypt(
        &self,
        nonce: &str,
        associated_data: &str,
        plaintext: &[u8],
    ) -> Result<String, ProviderError> {
        let nonce = nonce_bytes(nonce)?;
        let ct = self
            .cipher()
            .encrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: plaintext,
                    aad: associated_data.as_bytes(),
                },
            )
            .map_err(|_| ProviderError::Config("AES-GCM encryption failed".into()))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(ct))
    }
}

fn nonce_bytes(nonce: &str) -> Result<&[u8], ProviderError> {
    let b = nonce.as_bytes();
    if b.len() != NONCE_LEN {
        return Err(malformed(&format!(
            "AES-GCM nonce has {} bytes; WeChat's have {NONCE_LEN}",
            b.len()
        )));
    }
    Ok(b)
}

fn malformed(what: &str) -> ProviderError {
    ProviderError::Malformed(format!("WeChat Pay v3 encrypted resource: {what}"))
}

/// A fresh 12-character alphanumeric nonce (the shape WeChat sends).
pub fn nonce() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::thread_rng(), NONCE_LEN)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wechat_v3::test_vectors::{derived, v3_json, v3_text};

    #[test]
    fn published_vectors() {
        let v = v3_json("wxpay_v3_aesgcm_vectors.json");
        let mut decrypted = 0;
        for vector in v["vectors"].as_array().unwrap() {
            let s = |k: &str| vector[k].as_str().unwrap();
            let key = ApiV3Key::parse(s("key_utf8"));
            let nonce = s("nonce_utf8");
            match (key, nonce.len()) {
                (Ok(key), NONCE_LEN) => {
                    let plain = key
                        .decrypt_to_string(nonce, s("associated_data"), s("ciphertext_b64"))
                        .unwrap();
                    let expected = match vector["plaintext_file"].as_str() {
                        Some(f) => v3_text(f),
                        None => s("plaintext").to_owned(),
                    };
                    assert_eq!(plain.as_str(), expected, "{}", s("name"));
                    // Encryption is deterministic for a given nonce: it gives the vector back.
                    assert_eq!(
                        key.encrypt(nonce, s("associated_data"), expected.as_bytes())
                            .unwrap(),
                        s("ciphertext_b64"),
                        "{}",
                        s("name")
                    );
                    decrypted += 1;
                }
                (Ok(key), _) => {
                    // wechatpay-axios-plugin's 16-byte IVs: not WeChat's shape, refused.
                    let err = key
                        .decrypt(nonce, s("associated_data"), s("ciphertext_b64"))
                        .unwrap_err();
                    assert!(err.to_string().contains("nonce has 16 bytes"), "{err}");
                }
                (Err(e), _) => {
                    // wechatpay-go's 16-byte "APIv3 key" (AES-128 in Go): refused as a key.
                    assert_eq!(e, CredentialError::ApiV3KeyLength(16), "{}", s("name"));
                }
            }
        }
        assert_eq!(decrypted, 2);
    }

    #[test]
    fn derived_vector_and_tampering() {
        let v = &derived()["v3_aead_aes_256_gcm"];
        let s = |k: &str| v[k].as_str().unwrap();
        let key = ApiV3Key::parse(s("apiv3_key")).unwrap();
        let plain = key
            .decrypt_to_string(s("nonce"), s("associated_data"), s("ciphertext_b64"))
            .unwrap();
        assert_eq!(plain.as_str(), s("plaintext"));
        // Wrong associated data, nonce, key; a flipped bit; not base64.
        assert!(key
            .decrypt(s("nonce"), "refund", s("ciphertext_b64"))
            .is_err());
        assert!(key
            .decrypt("0123456789ac", s("associated_data"), s("ciphertext_b64"))
            .is_err());
        let other = ApiV3Key::parse("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb").unwrap();
        assert!(other
            .decrypt(s("nonce"), s("associated_data"), s("ciphertext_b64"))
            .is_err());
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(s("ciphertext_b64"))
            .unwrap();
        bytes[3] ^= 1;
        let flipped = base64::engine::general_purpose::STANDARD.encode(bytes);
        assert!(matches!(
            key.decrypt(s("nonce"), s("associated_data"), &flipped),
            Err(ProviderError::Malformed(_))
        ));
        assert!(key.decrypt(s("nonce"), s("associated_data"), "!!").is_err());
    }

    #[test]
    fn key_rules_and_round_trip() {
        assert_eq!(
            ApiV3Key::parse("0123456789abcdef0123456789abcde").unwrap_err(),
            CredentialError::ApiV3KeyLength(31)
        );
        assert_eq!(
            ApiV3Key::parse("").unwrap_err(),
            CredentialError::ApiV3KeyLength(0)
        );
        assert_eq!(
            ApiV3Key::parse("0123456789abcdef0123456789abcde ").unwrap_err(),
            CredentialError::ApiV3KeyCharacters
        );
        // 32 bytes but 11 characters of UTF-8: WeChat keys are ASCII.
        assert!(ApiV3Key::parse("密钥密钥密钥密钥密钥12").is_err());
        let key = ApiV3Key::parse("0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(format!("{key:?}"), "ApiV3Key(..)");
        let n = nonce();
        assert_eq!(n.len(), NONCE_LEN);
        let ct = key.encrypt(&n, "certificate", b"hello").unwrap();
        assert_eq!(
            key.decrypt_to_string(&n, "certificate", &ct)
                .unwrap()
                .as_str(),
            "hello"
        );
        assert!(key.encrypt("short", "", b"x").is_err());
    }
}
