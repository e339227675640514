//! Secrets at rest: AES-256-GCM under a key derived from the master key.
//!
//! Stored form: `v1:` + base64(nonce ‖ ciphertext ‖ tag). The column name is bound in as associated
//! data, so a ciphertext copied into another column does not decrypt.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

const PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("stored secret is malformed")]
    Malformed,
    #[error("stored secret does not decrypt with this master key")]
    Decrypt,
    #[error("encryption failed")]
    Encrypt,
}

/// Encrypts and decrypts stored secrets. Cheap to clone.
#[derive(Clone)]
pub struct Vault {
    /// Shared: the key schedule is ~1 KiB and the vault is cloned into every handler's state.
    cipher: std::sync::Arc<Aes256Gcm>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

impl Vault {
    /// Derives the AES key as SHA-256("paycenter/master-key/v1" ‖ master key).
    pub fn new(master_key: &SecretString) -> Self {
        let mut h = Sha256::new();
        h.update(b"paycenter/master-key/v1\0");
        h.update(master_key.expose_secret().as_bytes());
        let key = h.finalize();
        Self {
            cipher: std::sync::Arc::new(Aes256Gcm::new(&key)),
        }
    }

    pub fn encrypt(&self, field: &str, plain: &str) -> Result<String, SecretError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: field.as_bytes(),
                },
            )
            .map_err(|_| SecretError::Encrypt)?;
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(out)
        ))
    }

    pub fn decrypt(&self, field: &str, stored: &str) -> Result<SecretString, SecretError> {
        let b64 = stored.strip_prefix(PREFIX).ok_or(SecretError::Malformed)?;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|_| SecretError::Malformed)?;
        if raw.len() < NONCE_LEN + 16 {
            return Err(SecretError::Malformed);
        }
        let (nonce, ct) = raw.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: field.as_bytes(),
                },
            )
            .map_err(|_| SecretError::Decrypt)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| SecretError::Malformed)
    }
}

/// A fresh random token: `prefix` + 43 URL-safe base64 characters (256 bits).
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// SHA-256 hex of a high-entropy token (API keys). Not for passwords: those use argon2.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn vault(k: &str) -> Vault {
        Vault::new(&SecretString::from(k.to_owned()))
    }

    #[test]
    fn round_trip_and_fresh_nonces() {
        let v = vault("a-master-key-of-at-least-32-characters");
        // Long enough that base64 ciphertext cannot contain it by chance (a 3-character
        // secret did, once in a few thousand runs).
        let secret = "a-recognisable-api-key-value";
        let a = v.encrypt("wechat_api_key", secret).unwrap();
        let b = v.encrypt("wechat_api_key", secret).unwrap();
        assert_ne!(a, b);
        assert!(!a.contains(secret));
        assert_eq!(
            v.decrypt("wechat_api_key", &a).unwrap().expose_secret(),
            secret
        );
    }

    #[test]
    fn wrong_key_field_or_tampering_fails() {
        let v = vault("a-master-key-of-at-least-32-characters");
        let c = v.encrypt("f", "secret").unwrap();
        assert!(vault("another-master-key-of-32-characters!!")
            .decrypt("f", &c)
            .is_err());
        assert!(v.decrypt("g", &c).is_err());
        let mut t = c.clone().into_bytes();
        let last = t.len() - 2;
        t[last] = if t[last] == b'A' { b'B' } else { b'A' };
        assert!(v.decrypt("f", &String::from_utf8(t).unwrap()).is_err());
        assert!(matches!(
            v.decrypt("f", "plain"),
            Err(SecretError::Malformed)
        ));
    }

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = random_token("pck_");
        assert!(a.starts_with("pck_") && a.len() == 47);
        assert_ne!(a, random_token("pck_"));
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 64);
    }
}
