//! Checking a merchant's v3 credentials before they are saved or used.
//!
//! [`validate`] parses everything once (the private key into a `ring` signer, the APIv3 key, the
//! WeChat Pay public key) and names the first problem as a typed [`CredentialError`] with the
//! API field it concerns, so the server can refuse bad input instead of storing it.

use rsa::pkcs1v15::VerifyingKey;
use rsa::RsaPublicKey;
use secrecy::ExposeSecret;
use sha2::Sha256;

use super::aead::ApiV3Key;
use crate::alipay::keys::parse_public_key;
use crate::rsa_keys::RsaSigner;
use crate::WechatV3Credentials;

/// The prefix of a WeChat Pay public key id (the `Wechatpay-Serial` of public-key mode).
pub const PUBLIC_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";

/// What is wrong with a set of v3 credentials. Messages never quote secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("appId is empty")]
    AppId,
    #[error("mchId must be WeChat Pay's merchant number (digits)")]
    MchId,
    #[error("merchantSerialNo must be the merchant API certificate's serial number (hex)")]
    MerchantSerialNo,
    #[error("merchantPrivateKey: {0}")]
    MerchantPrivateKey(String),
    #[error("apiV3Key must be exactly 32 bytes, not {0}")]
    ApiV3KeyLength(usize),
    #[error("apiV3Key must be printable ASCII (letters and digits)")]
    ApiV3KeyCharacters,
    #[error("wechatPayPublicKeyId must be PUB_KEY_ID_ followed by letters or digits")]
    PublicKeyId,
    #[error("wechatPayPublicKey: {0}")]
    PublicKey(String),
    #[error("wechatPayPublicKey is the public half of merchantPrivateKey, not WeChat Pay's key")]
    PublicKeyIsMerchantKey,
}

impl CredentialError {
    /// The input field at fault, as the API names it (`wechat.<field>`).
    pub fn field(&self) -> &'static str {
        match self {
            CredentialError::AppId => "appId",
            CredentialError::MchId => "mchId",
            CredentialError::MerchantSerialNo => "merchantSerialNo",
            CredentialError::MerchantPrivateKey(_) => "merchantPrivateKey",
            CredentialError::ApiV3KeyLength(_) | CredentialError::ApiV3KeyCharacters => "apiV3Key",
            CredentialError::PublicKeyId => "wechatPayPublicKeyId",
            CredentialError::PublicKey(_) | CredentialError::PublicKeyIsMerchantKey => {
                "wechatPayPublicKey"
            }
        }
    }
}

/// Credentials parsed and checked: what a client is built from.
pub struct Validated {
    pub signer: RsaSigner,
    pub api_v3_key: ApiV3Key,
    /// Public-key mode: (`PUB_KEY_ID_…`, key). `None`: certificate mode.
    pub public_key: Option<(String, VerifyingKey<Sha256>)>,
}

/// Checks `creds` as WeChat would have issued them. Cheap enough for every save (one key parse).
pub fn validate(creds: &WechatV3Credentials) -> Result<Validated, CredentialError> {
    if creds.app_id.trim().is_empty() {
        return Err(CredentialError::AppId);
    }
    let mch_id = creds.mch_id.trim();
    if mch_id.is_empty() || !mch_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CredentialError::MchId);
    }
    let serial = creds.merchant_serial_no.trim();
    if serial.is_empty() || serial.len() > 64 || !serial.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CredentialError::MerchantSerialNo);
    }
    let signer = RsaSigner::parse(creds.merchant_private_key.expose_secret())
        .map_err(|e| CredentialError::MerchantPrivateKey(config_message(e)))?;
    let api_v3_key = ApiV3Key::parse(creds.api_v3_key.expose_secret())?;
    let public_key = match &creds.wechatpay_public_key {
        None => None,
        Some(pk) => {
            let id = pk.id.trim();
            let digits = id
                .strip_prefix(PUBLIC_KEY_ID_PREFIX)
                .ok_or(CredentialError::PublicKeyId)?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(CredentialError::PublicKeyId);
            }
            let key: RsaPublicKey = parse_public_key(&pk.pem)
                .map_err(|e| CredentialError::PublicKey(config_message(e)))?;
            if signer.public_key().ok().as_ref() == Some(&key) {
                return Err(CredentialError::PublicKeyIsMerchantKey);
            }
            Some((id.to_owned(), VerifyingKey::new(key)))
        }
    };
    Ok(Validated {
        signer,
        api_v3_key,
        public_key,
    })
}

fn config_message(e: crate::ProviderError) -> String {
    match e {
        crate::ProviderError::Config(m) => m,
        other => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wechat_v3::test_vectors::{credentials, v3_text};
    use crate::WechatPayPublicKey;
    use secrecy::SecretString;

    #[test]
    fn good_credentials_in_both_modes() {
        let v = validate(&credentials(true)).unwrap();
        assert_eq!(
            v.public_key.as_ref().unwrap().0,
            "PUB_KEY_ID_0000000000000000000000000000000000"
        );
        assert!(validate(&credentials(false)).unwrap().public_key.is_none());
        // PKCS#1 merchant keys work as well as PKCS#8.
        let mut c = credentials(false);
        c.merchant_private_key =
            SecretString::from(v3_text("wxpay_v3_doc_test_merchant_key.pkcs1.pem"));
        validate(&c).unwrap();
    }

    #[test]
    fn each_mistake_is_named() {
        type Edit = fn(&mut WechatV3Credentials);
        let cases: [(Edit, CredentialError); 11] = [
            (|c| c.app_id = " ".into(), CredentialError::AppId),
            (|c| c.mch_id = "19x".into(), CredentialError::MchId),
            (
                |c| c.merchant_serial_no = "".into(),
                CredentialError::MerchantSerialNo,
            ),
            (
                |c| c.merchant_serial_no = "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DZ".into(),
                CredentialError::MerchantSerialNo,
            ),
            (
                |c| {
                    c.merchant_private_key = SecretString::from(
                        "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----",
                    )
                },
                CredentialError::MerchantPrivateKey(String::new()),
            ),
            (
                |c| c.api_v3_key = SecretString::from("0123456789abcdef0123456789abcde"),
                CredentialError::ApiV3KeyLength(31),
            ),
            (
                |c| c.api_v3_key = SecretString::from("testMchAPIv3Key0"),
                CredentialError::ApiV3KeyLength(16),
            ),
            (
                |c| {
                    c.wechatpay_public_key.as_mut().unwrap().id =
                        "0114232282132025041000000000001".into()
                },
                CredentialError::PublicKeyId,
            ),
            (
                |c| c.wechatpay_public_key.as_mut().unwrap().id = "PUB_KEY_ID_".into(),
                CredentialError::PublicKeyId,
            ),
            (
                |c| c.wechatpay_public_key.as_mut().unwrap().pem = "garbage".into(),
                CredentialError::PublicKey(String::new()),
            ),
            (
                |c| {
                    c.wechatpay_public_key = Some(WechatPayPublicKey {
                        id: "PUB_KEY_ID_1".into(),
                        pem: v3_text("wxpay_v3_doc_test_merchant_pub.pem"),
                    })
                },
                CredentialError::PublicKeyIsMerchantKey,
            ),
        ];
        for (edit, expected) in cases {
            let mut c = credentials(true);
            edit(&mut c);
            let err = validate(&c).err().unwrap();
            match (&err, &expected) {
                (
                    CredentialError::MerchantPrivateKey(m),
                    CredentialError::MerchantPrivateKey(_),
                )
                | (CredentialError::PublicKey(m), CredentialError::PublicKey(_)) => {
                    assert!(!m.is_empty())
                }
                _ => assert_eq!(err, expected),
            }
            assert_eq!(err.field(), expected.field());
            // No message quotes a secret.
            assert!(!err.to_string().contains("0123456789abcdef"), "{err}");
        }
    }
}
