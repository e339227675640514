//! RSA private-key operations, through `ring`.
//!
//! Every RSA signature paycenter (and its sandbox) makes goes through [`RsaSigner`]: Alipay's
//! RSA2 requests, WeChat Pay v3's request signatures and client-side `paySign`, and the
//! sandbox's emulated platforms. `ring` signs in constant time; the `rsa` crate's signing is
//! exposed to the Marvin timing attack (RUSTSEC-2023-0071, no fixed release), so `rsa` is kept
//! only for what involves no secret: parsing keys into their parts, PEM conversion, key
//! generation for the sandbox, and public-key verification.
//!
//! Keys come in every shape merchants paste: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
//! (`BEGIN RSA PRIVATE KEY`), with or without PEM armour, on one line or wrapped.

use std::sync::Arc;

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::EncodePrivateKey;
use rsa::signature::Verifier;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::ProviderError;

/// Smallest modulus accepted (both Alipay RSA2 and WeChat Pay v3 keys are 2048 bits; `ring`
/// refuses less anyway).
pub const MIN_KEY_BITS: usize = 2048;

/// Strips PEM armour (any `-----...-----` lines) and whitespace, then base64-decodes the body.
/// The decoded bytes are wiped when dropped: for a private key they are the key.
pub fn der_from_text(s: &str) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
    let body: Zeroizing<String> = Zeroizing::new(
        s.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("-----"))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect(),
    );
    if body.is_empty() {
        return Err(ProviderError::Config("empty RSA key".into()));
    }
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| ProviderError::Config("RSA key is not valid base64".into()))
}

/// An RSA private key ready to sign RSASSA-PKCS1-v1_5 with SHA-256 (`SHA256withRSA`, Alipay's
/// RSA2, WeChat Pay v3's `WECHATPAY2-SHA256-RSA2048`). Cheap to clone (shared).
#[derive(Clone)]
pub struct RsaSigner {
    inner: Arc<Inner>,
}

struct Inner {
    key: RsaKeyPair,
    rng: SystemRandom,
}

impl std::fmt::Debug for RsaSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RsaSigner")
            .field("modulus_bits", &self.modulus_bits())
            .finish_non_exhaustive()
    }
}

impl RsaSigner {
    /// Parses a private key: PKCS#8 or PKCS#1, PEM or bare base64 (one or many lines).
    /// Errors never quote the key.
    pub fn parse(text: &str) -> Result<Self, ProviderError> {
        Self::from_der(&der_from_text(text)?)
    }

    /// A PKCS#8 or PKCS#1 DER private key.
    pub fn from_der(der: &[u8]) -> Result<Self, ProviderError> {
        let key = match RsaKeyPair::from_pkcs8(der) {
            Ok(k) => k,
            Err(pkcs8) => RsaKeyPair::from_der(der).map_err(|pkcs1| {
                // Name the more telling refusal: a well-formed key of the wrong size says so in
                // whichever form it parsed.
                let why = if pkcs8.to_string() == "InvalidEncoding" {
                    pkcs1
                } else {
                    pkcs8
                };
                ProviderError::Config(format!(
                    "not a usable unencrypted PKCS#8 or PKCS#1 RSA private key ({why})"
                ))
            })?,
        };
        let signer = Self {
            inner: Arc::new(Inner {
                key,
                rng: SystemRandom::new(),
            }),
        };
        if signer.modulus_bits() < MIN_KEY_BITS {
            return Err(ProviderError::Config(format!(
                "RSA key has {} bits; at least {MIN_KEY_BITS} required",
                signer.modulus_bits()
            )));
        }
        Ok(signer)
    }

    /// A key held by the `rsa` crate (freshly generated ones: the sandbox).
    pub fn from_private_key(key: &RsaPrivateKey) -> Result<Self, ProviderError> {
        let der = key
            .to_pkcs8_der()
            .map_err(|e| ProviderError::Config(format!("cannot encode private key: {e}")))?;
        Self::from_der(der.as_bytes())
    }

    /// The modulus size in bits.
    pub fn modulus_bits(&self) -> usize {
        self.inner.key.public().modulus_len() * 8
    }

    /// The public half.
    pub fn public_key(&self) -> Result<RsaPublicKey, ProviderError> {
        // ring serialises the public key as a PKCS#1 `RSAPublicKey`.
        RsaPublicKey::from_pkcs1_der(self.inner.key.public().as_ref())
            .map_err(|e| ProviderError::Config(format!("cannot read the public key: {e}")))
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message`. Deterministic: the same key and message
    /// always give the same signature.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, ProviderError> {
        let mut sig = vec![0u8; self.inner.key.public().modulus_len()];
        self.inner
            .key
            .sign(&RSA_PKCS1_SHA256, &self.inner.rng, message, &mut sig)
            .map_err(|_| ProviderError::Config("RSA signing failed".into()))?;
        Ok(sig)
    }

    /// [`RsaSigner::sign`], base64 (standard alphabet, padded): the form every provider wants.
    pub fn sign_base64(&self, message: &[u8]) -> Result<String, ProviderError> {
        Ok(base64::engine::general_purpose::STANDARD.encode(self.sign(message)?))
    }
}

/// Verifies base64 `sig_b64` (whitespace tolerated) over `message` with an RSA public key,
/// PKCS#1 v1.5 / SHA-256. Any failure is [`ProviderError::InvalidSignature`].
pub fn verify_base64(
    key: &VerifyingKey<Sha256>,
    message: &[u8],
    sig_b64: &str,
) -> Result<(), ProviderError> {
    let cleaned: String = sig_b64.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|_| ProviderError::InvalidSignature)?;
    let sig = Signature::try_from(bytes.as_slice()).map_err(|_| ProviderError::InvalidSignature)?;
    key.verify(message, &sig)
        .map_err(|_| ProviderError::InvalidSignature)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::pkcs8::LineEnding;
    use rsa::traits::PublicKeyParts;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/");

    fn read(rel: &str) -> String {
        std::fs::read_to_string(format!("{DIR}{rel}")).unwrap()
    }

    /// The same key as PKCS#8 PEM, PKCS#1 PEM, and bare base64 of both: one signer, and the
    /// signature the official WeChat Pay doc publishes for its test key.
    #[test]
    fn every_shape_of_one_key_signs_the_doc_vector() {
        let v: serde_json::Value =
            serde_json::from_str(&read("v3-and-bills/wxpay_v3_signature_vectors.json")).unwrap();
        let vector = &v["vectors"][0];
        let message = vector["message"].as_str().unwrap();
        let expected = vector["expected_signature"].as_str().unwrap();
        let pkcs8 = read("v3-and-bills/wxpay_v3_doc_test_merchant_key.pkcs8.pem");
        let pkcs1 = read("v3-and-bills/wxpay_v3_doc_test_merchant_key.pkcs1.pem");
        assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
        let bare = |pem: &str| -> String {
            pem.lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<Vec<_>>()
                .join("")
        };
        for text in [pkcs8.clone(), pkcs1.clone(), bare(&pkcs8), bare(&pkcs1)] {
            let s = RsaSigner::parse(&text).unwrap();
            assert_eq!(s.modulus_bits(), 2048);
            assert_eq!(s.sign_base64(message.as_bytes()).unwrap(), expected);
        }
        let public = {
            use rsa::pkcs8::DecodePublicKey;
            RsaPublicKey::from_public_key_pem(&read(
                "v3-and-bills/wxpay_v3_doc_test_merchant_pub.pem",
            ))
            .unwrap()
        };
        let signer = RsaSigner::parse(&pkcs8).unwrap();
        assert_eq!(signer.public_key().unwrap(), public);
        let verifier = VerifyingKey::<Sha256>::new(public);
        verify_base64(&verifier, message.as_bytes(), expected).unwrap();
        assert!(matches!(
            verify_base64(&verifier, b"other", expected),
            Err(ProviderError::InvalidSignature)
        ));
        assert!(!format!("{signer:?}").contains("MII"));
    }

    /// What the `rsa` crate signed before (its PKCS#1 v1.5 is deterministic too) is what ring
    /// signs now, byte for byte.
    #[test]
    fn ring_matches_the_rsa_crate() {
        use rsa::signature::{SignatureEncoding, Signer};
        let pem = read("v3-and-bills/wxpay_v3_gosdk_test_platform_key.pkcs8.pem");
        let via_rsa = {
            use rsa::pkcs8::DecodePrivateKey;
            let k = RsaPrivateKey::from_pkcs8_pem(&pem).unwrap();
            rsa::pkcs1v15::SigningKey::<Sha256>::new(k)
                .sign(b"source")
                .to_vec()
        };
        let signer = RsaSigner::parse(&pem).unwrap();
        assert_eq!(signer.sign(b"source").unwrap(), via_rsa);
        // wechatpay-go's own expected value for this key and message.
        let go: serde_json::Value =
            serde_json::from_str(&read("v3-and-bills/wxpay_v3_gosdk_notify_vector.json")).unwrap();
        assert_eq!(
            signer.sign_base64(b"source").unwrap(),
            go["gosdk_signer_vector"]["expected_signature"]
                .as_str()
                .unwrap()
        );
    }

    #[test]
    fn from_rsa_crate_key_and_refusals() {
        use rsa::pkcs8::DecodePrivateKey;
        let pem = read("v3-and-bills/wxpay_v3_gosdk_test_platform_key.pkcs8.pem");
        let k = RsaPrivateKey::from_pkcs8_pem(&pem).unwrap();
        let s = RsaSigner::from_private_key(&k).unwrap();
        assert_eq!(s.public_key().unwrap(), k.to_public_key());
        // PKCS#1 PEM with CRLF line endings.
        let pkcs1 = k.to_pkcs1_pem(LineEnding::CRLF).unwrap();
        assert_eq!(
            RsaSigner::parse(&pkcs1).unwrap().public_key().unwrap(),
            k.to_public_key()
        );
        for bad in [
            "",
            "   ",
            "not base64 !!!",
            "QUJD",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
        ] {
            assert!(
                matches!(RsaSigner::parse(bad), Err(ProviderError::Config(_))),
                "{bad:?}"
            );
        }
        // A public key is not a private key.
        let err = RsaSigner::parse(&read("v3-and-bills/wxpay_v3_gosdk_test_platform_pub.pem"))
            .unwrap_err();
        assert!(matches!(err, ProviderError::Config(_)));
        // A 1024-bit key is refused (ring's floor, and ours).
        let small = RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
        assert_eq!(small.size(), 128);
        assert!(matches!(
            RsaSigner::from_private_key(&small),
            Err(ProviderError::Config(_))
        ));
    }
}
