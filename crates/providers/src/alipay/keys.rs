//! RSA key parsing and generation for Alipay (pure; reused by the sandbox emulator).
//!
//! Alipay hands out keys in every shape: PKCS#1 or PKCS#8 private keys, SPKI public keys, with or
//! without PEM armour, on one line or wrapped. Everything is normalised to DER and parsed once.
//! Keys that sign are [`RsaSigner`]s (`ring`); [`parse_private_key`] reads a key into its parts
//! (`rsa`) for conversion only.

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use secrecy::SecretString;

use crate::rsa_keys::der_from_text;
pub use crate::rsa_keys::{RsaSigner, MIN_KEY_BITS};
use crate::ProviderError;
/// Size of keys made by [`generate_key_pair`].
pub const GENERATED_KEY_BITS: usize = 2048;

fn check_size(bits: usize) -> Result<(), ProviderError> {
    if bits < MIN_KEY_BITS {
        return Err(ProviderError::Config(format!(
            "RSA key has {bits} bits; at least {MIN_KEY_BITS} required"
        )));
    }
    Ok(())
}

/// Parses an RSA private key into its parts: PKCS#8 or PKCS#1, PEM or bare base64 (one or many
/// lines). To sign, use [`RsaSigner::parse`]; a key `ring` would refuse (over 4096 bits, an
/// unusual exponent) is refused here too, so validating with this function is enough.
pub fn parse_private_key(s: &str) -> Result<RsaPrivateKey, ProviderError> {
    let der = der_from_text(s)?;
    RsaSigner::from_der(&der)?;
    let key = RsaPrivateKey::from_pkcs8_der(der.as_slice())
        .or_else(|_| RsaPrivateKey::from_pkcs1_der(der.as_slice()))
        .map_err(|_| {
            ProviderError::Config("not an unencrypted PKCS#8 or PKCS#1 RSA private key".into())
        })?;
    check_size(key.size() * 8)?;
    Ok(key)
}

/// Parses an RSA public key: SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`), PEM or
/// bare base64.
pub fn parse_public_key(s: &str) -> Result<RsaPublicKey, ProviderError> {
    let der = der_from_text(s)?;
    let key = RsaPublicKey::from_public_key_der(der.as_slice())
        .or_else(|_| RsaPublicKey::from_pkcs1_der(der.as_slice()))
        .map_err(|_| ProviderError::Config("not an SPKI or PKCS#1 RSA public key".into()))?;
    check_size(key.size() * 8)?;
    Ok(key)
}

/// PKCS#8 PEM (`BEGIN PRIVATE KEY`, LF line endings).
pub fn private_key_to_pkcs8_pem(key: &RsaPrivateKey) -> Result<SecretString, ProviderError> {
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| ProviderError::Config(format!("cannot encode private key: {e}")))?;
    Ok(SecretString::from(pem.as_str()))
}

/// SPKI PEM (`BEGIN PUBLIC KEY`, LF line endings), the form Alipay's console shows.
pub fn public_key_to_spki_pem(key: &RsaPublicKey) -> Result<String, ProviderError> {
    key.to_public_key_pem(LineEnding::LF)
        .map_err(|e| ProviderError::Config(format!("cannot encode public key: {e}")))
}

/// A fresh 2048-bit key pair (sandbox use: the emulated platform key, test apps).
pub fn generate_key_pair() -> Result<(RsaPrivateKey, RsaPublicKey), ProviderError> {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), GENERATED_KEY_BITS)
        .map_err(|e| ProviderError::Config(format!("RSA key generation failed: {e}")))?;
    let public = key.to_public_key();
    Ok((key, public))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::alipay::testdata::{fixture, public_vectors};
    use secrecy::ExposeSecret;

    fn app_public() -> RsaPublicKey {
        parse_public_key(&fixture("app-public-key.pem")).unwrap()
    }

    #[test]
    fn every_private_key_fixture_parses() {
        let reference = parse_private_key(&fixture("app-private-key.pem")).unwrap();
        for name in [
            "app-private-key.pem",
            "app-private-key-no-wrapper.pem",
            "app-private-key-pkcs8.pem",
            "app-private-key-pkcs8-no-wrapper.pem",
        ] {
            let key = parse_private_key(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(key, reference, "{name}");
            assert_eq!(key.to_public_key(), app_public(), "{name}");
        }
        let other = parse_private_key(&fixture(
            "app_2014060600164699_rsa2_private_key_no_wrapper.pem",
        ))
        .unwrap();
        let other_pub = parse_public_key(&fixture(
            "app_2014060600164699_rsa2_public_key_no_wrapper.pem",
        ))
        .unwrap();
        assert_eq!(other.to_public_key(), other_pub);
    }

    #[test]
    fn every_public_key_fixture_parses() {
        for name in [
            "alipay-notify-sign-public-key-v1.pem",
            "alipay-notify-sign-public-key-v2.pem",
            "alipay-public-key-no-wrapper.pem",
            "alipay-public-key.pem",
            "alipay_stable_rsa2_public_key.pem",
            "app-public-key-no-wrapper.pem",
            "app-public-key.pem",
            "app_2014060600164699_rsa2_public_key_no_wrapper.pem",
        ] {
            parse_public_key(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(
            parse_public_key(&fixture("alipay-public-key-no-wrapper.pem")).unwrap(),
            parse_public_key(&fixture("alipay-public-key.pem")).unwrap()
        );
        assert_eq!(
            parse_public_key(&fixture("app-public-key-no-wrapper.pem")).unwrap(),
            app_public()
        );
        let b64 = public_vectors()["alipay_notify_rsa2_nodejs_v1"]["alipay_public_key_b64"]
            .as_str()
            .unwrap()
            .to_owned();
        parse_public_key(&b64).unwrap();
    }

    #[test]
    fn wrapped_bare_base64_and_pkcs1_public() {
        let body: String = fixture("app-private-key-pkcs8-no-wrapper.pem")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let wrapped: String = body
            .as_bytes()
            .chunks(64)
            .map(|c| format!("{}\r\n", String::from_utf8_lossy(c)))
            .collect();
        assert_eq!(
            parse_private_key(&wrapped).unwrap().to_public_key(),
            app_public()
        );
        use rsa::pkcs1::EncodeRsaPublicKey;
        let pkcs1 = app_public().to_pkcs1_pem(LineEnding::LF).unwrap();
        assert!(pkcs1.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
        assert_eq!(parse_public_key(&pkcs1).unwrap(), app_public());
    }

    #[test]
    fn garbage_is_config_error() {
        for bad in [
            "",
            "   ",
            "not base64 !!!",
            "QUJD",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
        ] {
            assert!(
                matches!(parse_private_key(bad), Err(ProviderError::Config(_))),
                "{bad:?}"
            );
            assert!(
                matches!(parse_public_key(bad), Err(ProviderError::Config(_))),
                "{bad:?}"
            );
        }
        // A public key is not a private key and vice versa.
        assert!(parse_private_key(&fixture("app-public-key.pem")).is_err());
        assert!(parse_public_key(&fixture("app-private-key.pem")).is_err());
    }

    #[test]
    fn pem_round_trip_and_generation() {
        let key = parse_private_key(&fixture("app-private-key.pem")).unwrap();
        let pem = private_key_to_pkcs8_pem(&key).unwrap();
        assert!(pem
            .expose_secret()
            .starts_with("-----BEGIN PRIVATE KEY-----"));
        assert_eq!(parse_private_key(pem.expose_secret()).unwrap(), key);
        let spki = public_key_to_spki_pem(&app_public()).unwrap();
        assert!(spki.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert_eq!(parse_public_key(&spki).unwrap(), app_public());

        let (private, public) = generate_key_pair().unwrap();
        assert_eq!(private.size() * 8, GENERATED_KEY_BITS);
        assert_eq!(private.to_public_key(), public);
    }
}
