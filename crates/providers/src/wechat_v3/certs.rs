//! WeChat Pay's verification keys: the WeChat Pay public key (public-key mode) and the platform
//! certificates of `GET /v3/certificates` (certificate mode), chosen by `Wechatpay-Serial`.
//!
//! - [`PlatformCertificate`]: one decrypted certificate's serial, validity and public key (X.509
//!   read with `x509-cert`, RustCrypto's parser, which shares `der`/`spki` with the `rsa` crate
//!   we already use: the key goes from the certificate to a verifier without re-encoding).
//! - [`parse_certificates`]: a `/v3/certificates` body, each `encrypt_certificate` decrypted with
//!   the APIv3 key. The AEAD tag authenticates each certificate as coming from whoever holds our
//!   APIv3 key (WeChat), so no CA chain is needed; the response signature is then checked with
//!   the certificates themselves by the client.
//! - [`PlatformKeys`]: what a client knows now. A merchant may have both a public key and
//!   certificates while migrating; the serial picks. Certificates are kept by serial while valid.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::{DateTime, TimeDelta, Utc};
use rsa::pkcs1v15::VerifyingKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::RsaPublicKey;
use serde::Deserialize;
use sha2::Sha256;
use x509_cert::der::{DecodePem, Encode};

use super::aead::{ApiV3Key, ALGORITHM};
use crate::ProviderError;

/// One platform certificate, decrypted and parsed.
#[derive(Debug, Clone)]
pub struct PlatformCertificate {
    /// Upper-case hex, as WeChat writes it in `serial_no` and `Wechatpay-Serial`.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub public_key: RsaPublicKey,
    /// The PEM, as decrypted (for callers that persist certificates).
    pub pem: String,
}

impl PlatformCertificate {
    /// Parses a PEM certificate (`BEGIN CERTIFICATE`) holding an RSA key.
    pub fn from_pem(pem: &str) -> Result<Self, ProviderError> {
        let bad = |what: &str| ProviderError::Malformed(format!("platform certificate: {what}"));
        let cert = x509_cert::Certificate::from_pem(pem.trim().as_bytes())
            .map_err(|e| bad(&format!("not an X.509 PEM certificate ({e})")))?;
        let tbs = &cert.tbs_certificate;
        let raw = tbs.serial_number.as_bytes();
        // DER integers carry a leading zero byte when the high bit is set; WeChat's serials don't.
        let first = raw
            .iter()
            .position(|b| *b != 0)
            .unwrap_or(raw.len().saturating_sub(1));
        let serial = hex::encode_upper(&raw[first..]);
        let time = |t: x509_cert::time::Time| {
            let d = t.to_unix_duration();
            DateTime::from_timestamp(
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            )
            .ok_or_else(|| bad("validity out of range"))
        };
        let not_before = time(tbs.validity.not_before)?;
        let not_after = time(tbs.validity.not_after)?;
        let spki = tbs
            .subject_public_key_info
            .to_der()
            .map_err(|e| bad(&format!("public key ({e})")))?;
        let public_key = RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| bad("its key is not an RSA public key"))?;
        Ok(Self {
            serial,
            not_before,
            not_after,
            public_key,
            pem: pem.to_owned(),
        })
    }

    /// Valid at `now`.
    pub fn is_valid_at(&self, now: DateTime<Utc>) -> bool {
        self.not_before <= now && now < self.not_after
    }
}

/// `GET /v3/certificates`'s body.
#[derive(Debug, Deserialize)]
pub struct CertificatesBody {
    pub data: Vec<CertificateEntry>,
}

#[derive(Debug, Deserialize)]
pub struct CertificateEntry {
    pub serial_no: String,
    #[serde(default)]
    pub effective_time: Option<String>,
    #[serde(default)]
    pub expire_time: Option<String>,
    pub encrypt_certificate: EncryptedResource,
}

/// An `AEAD_AES_256_GCM` resource (notify `resource`, `encrypt_certificate`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct EncryptedResource {
    pub algorithm: String,
    pub ciphertext: String,
    #[serde(default)]
    pub associated_data: String,
    pub nonce: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_type: Option<String>,
}

impl EncryptedResource {
    /// Decrypts with the APIv3 key to UTF-8 text; any other algorithm is refused.
    pub fn decrypt(&self, key: &ApiV3Key) -> Result<zeroize::Zeroizing<String>, ProviderError> {
        if self.algorithm != ALGORITHM {
            return Err(ProviderError::Malformed(format!(
                "unsupported resource algorithm {:?}",
                self.algorithm
            )));
        }
        key.decrypt_to_string(&self.nonce, &self.associated_data, &self.ciphertext)
    }
}

/// Every certificate of a `/v3/certificates` body, decrypted and parsed. Each must decrypt,
/// parse, and carry the serial its entry names.
pub fn parse_certificates(
    body: &[u8],
    key: &ApiV3Key,
) -> Result<Vec<PlatformCertificate>, ProviderError> {
    let parsed: CertificatesBody = serde_json::from_slice(body)
        .map_err(|e| ProviderError::Malformed(format!("/v3/certificates body: {e}")))?;
    parsed
        .data
        .iter()
        .map(|entry| {
            let pem = entry.encrypt_certificate.decrypt(key)?;
            let cert = PlatformCertificate::from_pem(&pem)?;
            if !cert.serial.eq_ignore_ascii_case(entry.serial_no.trim()) {
                return Err(ProviderError::Malformed(format!(
                    "/v3/certificates entry {} holds certificate {}",
                    entry.serial_no, cert.serial
                )));
            }
            Ok(cert)
        })
        .collect()
}

struct KnownCert {
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    key: VerifyingKey<Sha256>,
}

/// Refresh certificates this long after the last successful download (certificate mode), and
/// whenever a known one expires within [`RENEW_BEFORE`].
pub const REFRESH_EVERY: TimeDelta = TimeDelta::hours(12);
/// See [`REFRESH_EVERY`].
pub const RENEW_BEFORE: TimeDelta = TimeDelta::days(1);

/// The keys a client verifies WeChat's signatures with.
pub struct PlatformKeys {
    public_key: Option<(String, VerifyingKey<Sha256>)>,
    certs: RwLock<Certs>,
}

#[derive(Default)]
struct Certs {
    by_serial: HashMap<String, KnownCert>,
    fetched_at: Option<DateTime<Utc>>,
}

impl PlatformKeys {
    /// `public_key`: (`PUB_KEY_ID_…`, key) in public-key mode; `None` in certificate mode.
    pub fn new(public_key: Option<(String, VerifyingKey<Sha256>)>) -> Self {
        Self {
            public_key,
            certs: RwLock::new(Certs::default()),
        }
    }

    /// Certificate mode: no WeChat Pay public key configured.
    pub fn certificate_mode(&self) -> bool {
        self.public_key.is_none()
    }

    /// The key `serial` names, if known and (for a certificate) valid at `now`.
    pub fn key_for(&self, serial: &str, now: DateTime<Utc>) -> Option<VerifyingKey<Sha256>> {
        if let Some((id, key)) = &self.public_key {
            if id == serial {
                return Some(key.clone());
            }
        }
        let certs = self.certs.read().unwrap_or_else(|p| p.into_inner());
        certs
            .by_serial
            .get(&serial.to_ascii_uppercase())
            .filter(|c| c.not_before <= now && now < c.not_after)
            .map(|c| c.key.clone())
    }

    /// The serial to name in a request's `Wechatpay-Serial`: the public key id, else the newest
    /// valid certificate's serial.
    pub fn serial_in_use(&self, now: DateTime<Utc>) -> Option<String> {
        if let Some((id, _)) = &self.public_key {
            return Some(id.clone());
        }
        let certs = self.certs.read().unwrap_or_else(|p| p.into_inner());
        certs
            .by_serial
            .iter()
            .filter(|(_, c)| c.not_before <= now && now < c.not_after)
            .max_by_key(|(_, c)| c.not_before)
            .map(|(s, _)| s.clone())
    }

    /// Replaces the certificates with a fresh download's (those valid at `now`): WeChat lists
    /// every certificate in use, so one it no longer lists is dropped.
    pub fn install_download(&self, certs: &[PlatformCertificate], now: DateTime<Utc>) {
        let mut known = self.certs.write().unwrap_or_else(|p| p.into_inner());
        known.by_serial = certs
            .iter()
            .filter(|c| c.is_valid_at(now))
            .map(|c| (c.serial.clone(), known_cert(c)))
            .collect();
        known.fetched_at = Some(now);
    }

    /// Adds certificates obtained elsewhere (persisted by the caller), keeping what is known.
    pub fn add(&self, certs: &[PlatformCertificate], now: DateTime<Utc>) {
        let mut known = self.certs.write().unwrap_or_else(|p| p.into_inner());
        for c in certs.iter().filter(|c| c.is_valid_at(now)) {
            known.by_serial.insert(c.serial.clone(), known_cert(c));
        }
    }

    /// `(serial, not_after)` of every certificate known, soonest expiry first.
    pub fn known_certificates(&self) -> Vec<(String, DateTime<Utc>)> {
        let certs = self.certs.read().unwrap_or_else(|p| p.into_inner());
        let mut v: Vec<_> = certs
            .by_serial
            .iter()
            .map(|(s, c)| (s.clone(), c.not_after))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// Whether certificate mode should download certificates now: none valid, the last
    /// download is older than [`REFRESH_EVERY`], or one expires within [`RENEW_BEFORE`].
    pub fn refresh_due(&self, now: DateTime<Utc>) -> bool {
        if !self.certificate_mode() {
            return false;
        }
        let certs = self.certs.read().unwrap_or_else(|p| p.into_inner());
        let valid: Vec<&KnownCert> = certs
            .by_serial
            .values()
            .filter(|c| c.not_before <= now && now < c.not_after)
            .collect();
        valid.is_empty()
            || certs.fetched_at.is_none_or(|t| now - t >= REFRESH_EVERY)
            || valid.iter().any(|c| c.not_after - now <= RENEW_BEFORE)
    }
}

fn known_cert(c: &PlatformCertificate) -> KnownCert {
    KnownCert {
        not_before: c.not_before,
        not_after: c.not_after,
        key: VerifyingKey::new(c.public_key.clone()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wechat_v3::test_vectors::{v3_json, v3_public_key, v3_text};

    #[test]
    fn java_sdk_certificates_response() {
        let v = v3_json("wxpay_v3_aesgcm_vectors.json");
        let vector = &v["vectors"][1];
        let f = &vector["response_json_fields"];
        let body = serde_json::json!({"data": [{
            "serial_no": f["serial_no"],
            "effective_time": f["effective_time"],
            "expire_time": f["expire_time"],
            "encrypt_certificate": {
                "algorithm": f["encrypt_certificate.algorithm"],
                "nonce": vector["nonce_utf8"],
                "associated_data": vector["associated_data"],
                "ciphertext": vector["ciphertext_b64"],
            }
        }]})
        .to_string();
        let key = ApiV3Key::parse(vector["key_utf8"].as_str().unwrap()).unwrap();
        let certs = parse_certificates(body.as_bytes(), &key).unwrap();
        assert_eq!(certs.len(), 1);
        let c = &certs[0];
        assert_eq!(c.serial, vector["expected_cert_serial"].as_str().unwrap());
        assert_eq!(
            c.not_before,
            "2023-09-19T15:15:58Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            c.not_after,
            "2028-09-17T15:15:58Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            c.pem,
            v3_text("wxpay_v3_javasdk_decrypted_platform_cert.pem")
        );

        // The entry's serial must be the certificate's.
        let lying = body.replace("\"serial_no\":\"5DEA", "\"serial_no\":\"6DEA");
        assert!(parse_certificates(lying.as_bytes(), &key).is_err());
        // A wrong APIv3 key does not decrypt.
        let other = ApiV3Key::parse("0123456789abcdef0123456789abcdef").unwrap();
        assert!(matches!(
            parse_certificates(body.as_bytes(), &other),
            Err(ProviderError::Malformed(_))
        ));
        let sm4 = body.replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM");
        assert!(parse_certificates(sm4.as_bytes(), &key).is_err());
        assert!(parse_certificates(b"{}", &key).is_err());
    }

    #[test]
    fn gosdk_certificate_has_a_high_bit_serial_and_its_key() {
        let c = PlatformCertificate::from_pem(&v3_text("wxpay_v3_gosdk_test_platform_cert.pem"))
            .unwrap();
        assert_eq!(c.serial, "D7CE59D1F522D701");
        let key = v3_public_key("wxpay_v3_gosdk_test_platform_pub.pem");
        assert_eq!(&c.public_key, AsRef::<RsaPublicKey>::as_ref(&key));
        assert!(PlatformCertificate::from_pem("garbage").is_err());
        assert!(
            PlatformCertificate::from_pem(&v3_text("wxpay_v3_gosdk_test_platform_pub.pem"))
                .is_err()
        );
    }

    #[test]
    fn keys_by_serial_validity_and_refresh() {
        let go = PlatformCertificate::from_pem(&v3_text("wxpay_v3_gosdk_test_platform_cert.pem"))
            .unwrap();
        let java =
            PlatformCertificate::from_pem(&v3_text("wxpay_v3_javasdk_decrypted_platform_cert.pem"))
                .unwrap();
        let now: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let keys = PlatformKeys::new(None);
        assert!(keys.certificate_mode());
        assert!(keys.refresh_due(now));
        assert_eq!(keys.serial_in_use(now), None);
        keys.install_download(&[go.clone(), java.clone()], now);
        assert!(!keys.refresh_due(now));
        assert!(keys.refresh_due(now + REFRESH_EVERY));
        assert!(keys.key_for("D7CE59D1F522D701", now).is_some());
        assert!(keys.key_for("d7ce59d1f522d701", now).is_some());
        assert!(keys
            .key_for("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC", now)
            .is_some());
        assert!(keys.key_for("UNKNOWN", now).is_none());
        // The newer certificate (java's, effective 2023) is the one named in requests.
        assert_eq!(
            keys.serial_in_use(now).as_deref(),
            Some("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC")
        );
        assert_eq!(
            keys.known_certificates(),
            vec![
                (
                    "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC".to_owned(),
                    java.not_after
                ),
                ("D7CE59D1F522D701".to_owned(), go.not_after),
            ]
        );
        // Near java's expiry a refresh is due; after it, its signatures no longer verify.
        assert!(keys.refresh_due(java.not_after - TimeDelta::hours(1)));
        assert!(keys
            .key_for("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC", java.not_after)
            .is_none());
        // A download that no longer lists a certificate drops it.
        keys.install_download(std::slice::from_ref(&go), now);
        assert!(keys
            .key_for("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC", now)
            .is_none());
        // An expired certificate is not installed at all.
        keys.install_download(std::slice::from_ref(&java), java.not_after);
        assert!(keys.known_certificates().is_empty());

        // Public-key mode with certificates added (a migration): the serial picks.
        let pk = v3_public_key("wxpay_v3_resp_verify_pub.pem");
        let both = PlatformKeys::new(Some(("PUB_KEY_ID_1".into(), pk.clone())));
        assert!(!both.certificate_mode());
        assert!(!both.refresh_due(now));
        both.add(&[go], now);
        let picked = both.key_for("PUB_KEY_ID_1", now).unwrap();
        assert_eq!(
            AsRef::<RsaPublicKey>::as_ref(&picked),
            AsRef::<RsaPublicKey>::as_ref(&pk)
        );
        assert!(both.key_for("D7CE59D1F522D701", now).is_some());
        assert_eq!(both.serial_in_use(now).as_deref(), Some("PUB_KEY_ID_1"));
    }
}
