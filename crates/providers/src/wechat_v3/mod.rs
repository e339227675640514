//! WeChat Pay API v3 (JSON over HTTPS, RSA signatures, AES-256-GCM resources).
//!
//! - [`sign`], [`aead`], [`certs`], [`wire`], [`codes`], [`credentials`]: pure protocol pieces
//!   (also used by the sandbox emulator).
//! - [`WechatPayV3`] (this module): one merchant's client and its thin HTTP layer: every request
//!   signed over the exact bytes sent, every response verified before it is read (the 204s
//!   included), the platform certificates downloaded, kept and refreshed.
//! - [`client`]: the payment capabilities (request building and reply interpretation are pure).
//! - [`cashier`]: the client-side pay parameters. [`notify`]: notify verification and replies.
//!
//! The path a request signs is the full pathname of the final URL plus its query
//! (`/v3/pay/transactions/native` on the real host; `/sandbox/wechat/v3/pay/transactions/native`
//! against the sandbox mounted under a prefix, which accepts that form).

pub mod aead;
pub mod bill;
pub mod cashier;
pub mod certs;
pub mod client;
pub mod codes;
pub mod credentials;
pub mod notify;
pub mod sign;
pub mod wire;

#[cfg(test)]
mod http_tests;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};
use rsa::pkcs1v15::VerifyingKey;
use sha2::Sha256;

use self::aead::ApiV3Key;
use self::certs::{PlatformCertificate, PlatformKeys};
use self::codes::ErrorBody;
use self::sign::{Authorization, SignedParts};
use crate::rsa_keys::RsaSigner;
use crate::{ProviderEndpoints, ProviderError, WechatV3Credentials};

/// Certificate downloads are attempted at most this often, whatever triggers them (an unknown
/// serial in a forged message cannot make us fetch in a loop).
pub const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(60);

/// The `User-Agent` we send (WeChat's gateway wants one).
const AGENT: &str = concat!(
    "paycenter/",
    env!("CARGO_PKG_VERSION"),
    " (WeChatPay-APIv3)"
);

/// One merchant's WeChat Pay API v3 client. Cheap to clone (shared state): keep one per
/// merchant, since it holds the platform certificates it downloaded.
#[derive(Clone)]
pub struct WechatPayV3 {
    inner: Arc<Inner>,
}

struct Inner {
    app_id: String,
    mch_id: String,
    merchant_serial_no: String,
    signer: RsaSigner,
    api_v3_key: ApiV3Key,
    keys: PlatformKeys,
    base: Url,
    http: reqwest::Client,
    /// When certificates were last asked for (the single-flight lock and the rate limit).
    last_download: tokio::sync::Mutex<Option<Instant>>,
    /// [`MIN_REFRESH_INTERVAL`] unless changed (tests), in milliseconds.
    min_refresh_ms: AtomicU64,
}

impl std::fmt::Debug for WechatPayV3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatPayV3")
            .field("app_id", &self.inner.app_id)
            .field("mch_id", &self.inner.mch_id)
            .field("merchant_serial_no", &self.inner.merchant_serial_no)
            .field("certificate_mode", &self.inner.keys.certificate_mode())
            .field("base", &self.inner.base.as_str())
            .finish_non_exhaustive()
    }
}

/// A response as received, before verification.
pub(crate) struct HttpReply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A verified reply: a success body, or WeChat's refusal (what the pure `*_from_reply`
/// interpreters take).
#[derive(Debug, Clone)]
pub enum Reply {
    Ok {
        status: u16,
        body: Bytes,
    },
    Refused {
        status: u16,
        error: ErrorBody,
        /// The refusal carried a valid signature. Unsigned refusals (a gateway in front of
        /// WeChat, or a forger) are reported as errors but never turned into trade states.
        verified: bool,
        body: Bytes,
    },
}

impl Reply {
    /// The raw reply for the audit trail.
    pub fn raw(&self) -> String {
        let (status, body) = match self {
            Reply::Ok { status, body } | Reply::Refused { status, body, .. } => (status, body),
        };
        if body.is_empty() {
            format!("HTTP {status}")
        } else {
            String::from_utf8_lossy(body).into_owned()
        }
    }
}

/// The signature headers of a response or notify.
pub(crate) struct SignatureHeaders<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub serial: &'a str,
    pub signature_type: Option<&'a str>,
}

impl<'a> SignatureHeaders<'a> {
    /// All four present, or `None`.
    pub fn from_headers(h: &'a HeaderMap) -> Option<Self> {
        let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok());
        Some(Self {
            timestamp: get(sign::HEADER_TIMESTAMP)?,
            nonce: get(sign::HEADER_NONCE)?,
            signature: get(sign::HEADER_SIGNATURE)?,
            serial: get(sign::HEADER_SERIAL)?,
            signature_type: get(sign::HEADER_SIGNATURE_TYPE),
        })
    }

    /// Whether any of them is present (a partly signed message is a bad one, not an unsigned one).
    pub fn any_present(h: &HeaderMap) -> bool {
        [
            sign::HEADER_TIMESTAMP,
            sign::HEADER_NONCE,
            sign::HEADER_SIGNATURE,
            sign::HEADER_SERIAL,
        ]
        .iter()
        .any(|n| h.contains_key(*n))
    }
}

/// Refuses a message, saying why in the log only (the error is the same for every cause).
fn refuse(why: &str, mch_id: &str) -> ProviderError {
    tracing::warn!(mch_id, why, "WeChat Pay v3 signature refused");
    ProviderError::InvalidSignature
}

impl WechatPayV3 {
    /// Validates `creds` ([`credentials::validate`]) and builds the client. WeChat Pay v2 and v3
    /// share `endpoints.wechat_pay_base`.
    pub fn new(
        creds: WechatV3Credentials,
        endpoints: &ProviderEndpoints,
        http: reqwest::Client,
    ) -> Result<Self, ProviderError> {
        let v = credentials::validate(&creds)
            .map_err(|e| ProviderError::Config(format!("WeChat Pay v3 {}", e)))?;
        let mut base = endpoints.wechat_pay_base.trim().to_owned();
        if !base.ends_with('/') {
            base.push('/');
        }
        let base = Url::parse(&base)
            .map_err(|e| ProviderError::Config(format!("WeChat Pay base URL: {e}")))?;
        if base.cannot_be_a_base() || base.query().is_some() {
            return Err(ProviderError::Config(
                "WeChat Pay base URL must be an http(s) base without a query".into(),
            ));
        }
        Ok(Self {
            inner: Arc::new(Inner {
                app_id: creds.app_id.trim().to_owned(),
                mch_id: creds.mch_id.trim().to_owned(),
                merchant_serial_no: creds.merchant_serial_no.trim().to_owned(),
                signer: v.signer,
                api_v3_key: v.api_v3_key,
                keys: PlatformKeys::new(v.public_key),
                base,
                http,
                last_download: tokio::sync::Mutex::new(None),
                min_refresh_ms: AtomicU64::new(
                    u64::try_from(endpoints.wechat_certificate_refresh_min.as_millis())
                        .unwrap_or(u64::MAX),
                ),
            }),
        })
    }

    pub fn app_id(&self) -> &str {
        &self.inner.app_id
    }

    pub fn mch_id(&self) -> &str {
        &self.inner.mch_id
    }

    /// Certificate mode (no WeChat Pay public key configured).
    pub fn certificate_mode(&self) -> bool {
        self.inner.keys.certificate_mode()
    }

    /// `(serial, not_after)` of the platform certificates this client knows, soonest expiry
    /// first (empty in public-key mode, or before the first download).
    pub fn known_certificates(&self) -> Vec<(String, DateTime<Utc>)> {
        self.inner.keys.known_certificates()
    }

    /// Adds platform certificates (PEM) the caller kept from an earlier run, so a restart need
    /// not download before its first verification. Expired ones are ignored.
    pub fn add_platform_certificates(&self, pems: &[&str]) -> Result<(), ProviderError> {
        let certs = pems
            .iter()
            .map(|p| PlatformCertificate::from_pem(p))
            .collect::<Result<Vec<_>, _>>()?;
        self.inner.keys.add(&certs, Utc::now());
        Ok(())
    }

    /// Downloads the platform certificates now (still at most once per
    /// [`MIN_REFRESH_INTERVAL`]); returns them, as downloaded, when a download happened.
    /// Public-key merchants have none (WeChat answers 404 RESOURCE_NOT_EXISTS): `Ok(None)`.
    pub async fn refresh_certificates(
        &self,
    ) -> Result<Option<Vec<PlatformCertificate>>, ProviderError> {
        self.download_if_allowed().await
    }

    /// Changes the minimum interval between certificate downloads (tests and tools; the
    /// default, [`MIN_REFRESH_INTERVAL`], is what production wants).
    pub fn set_min_refresh_interval(&self, interval: Duration) {
        self.inner.min_refresh_ms.store(
            u64::try_from(interval.as_millis()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    pub(crate) fn signer(&self) -> &RsaSigner {
        &self.inner.signer
    }

    pub(crate) fn api_v3_key(&self) -> &ApiV3Key {
        &self.inner.api_v3_key
    }

    /// The URL of `rel` (e.g. `v3/pay/transactions/native`) under the base.
    pub fn url(&self, rel: &str) -> Result<Url, ProviderError> {
        self.inner
            .base
            .join(rel)
            .map_err(|e| ProviderError::Config(format!("bad WeChat Pay v3 URL {rel:?}: {e}")))
    }

    /// What a request to `url` signs: its full pathname and query, exactly as sent.
    pub fn signed_path(url: &Url) -> String {
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The `Authorization` header for a request (pure but for the signature).
    pub fn authorization(
        &self,
        method: &str,
        url: &Url,
        body: &[u8],
        timestamp: &str,
        nonce: &str,
    ) -> Result<String, ProviderError> {
        let path = Self::signed_path(url);
        let auth = Authorization::sign(
            &self.inner.signer,
            &self.inner.mch_id,
            &self.inner.merchant_serial_no,
            &SignedParts {
                method,
                path_and_query: &path,
                timestamp,
                nonce,
                body,
            },
        )?;
        Ok(auth.header_value())
    }

    /// Sends one signed request; the reply is not verified yet.
    async fn execute(
        &self,
        method: Method,
        rel: &str,
        body: Option<Vec<u8>>,
    ) -> Result<HttpReply, ProviderError> {
        let url = self.url(rel)?;
        let body = body.unwrap_or_default();
        let now = Utc::now();
        let auth = self.authorization(
            method.as_str(),
            &url,
            &body,
            &now.timestamp().to_string(),
            &cashier::nonce(),
        )?;
        tracing::debug!(method = %method, path = url.path(), mch_id = %self.inner.mch_id, "wechat pay v3 call");
        let mut rb = self
            .inner
            .http
            .request(method.clone(), url)
            .header(AUTHORIZATION, auth)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, AGENT);
        if let Some(serial) = self.inner.keys.serial_in_use(now) {
            rb = rb.header(sign::HEADER_SERIAL, serial);
        }
        if method != Method::GET {
            rb = rb.header(CONTENT_TYPE, "application/json").body(body);
        }
        let resp = rb.send().await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.bytes().await?;
        Ok(HttpReply {
            status,
            headers,
            body,
        })
    }

    /// One call: sent signed, its reply verified. 2xx replies must be signed; a signed refusal
    /// must verify; an unsigned refusal is read but marked unverified.
    pub(crate) async fn call(
        &self,
        method: Method,
        rel: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Reply, ProviderError> {
        let r = self.execute(method, rel, body).await?;
        let now = Utc::now();
        let signed = SignatureHeaders::from_headers(&r.headers);
        let verified = match &signed {
            Some(h) => {
                self.verify_signed(h, &r.body, now).await?;
                true
            }
            None if (200..300).contains(&r.status) => {
                return Err(refuse("unsigned 2xx reply", &self.inner.mch_id))
            }
            None if SignatureHeaders::any_present(&r.headers) => {
                return Err(refuse("partly signed reply", &self.inner.mch_id))
            }
            None => false,
        };
        let error = if r.status == 204 {
            None
        } else {
            serde_json::from_slice::<ErrorBody>(&r.body)
                .ok()
                .filter(|e| !e.code.is_empty())
        };
        match (r.status, error) {
            // 2xx replies are successes, except 202 USERPAYING's `{"code":…}`.
            (200..=299, Some(error)) if r.status == 202 => Ok(Reply::Refused {
                status: r.status,
                error,
                verified,
                body: r.body,
            }),
            (200..=299, _) => Ok(Reply::Ok {
                status: r.status,
                body: r.body,
            }),
            (status, Some(error)) => Ok(Reply::Refused {
                status,
                error,
                verified,
                body: r.body,
            }),
            (status, None) if status >= 500 || status == 429 => Err(ProviderError::Unavailable(
                format!("WeChat Pay v3 answered HTTP {status}"),
            )),
            (status, None) => Err(ProviderError::Malformed(format!(
                "WeChat Pay v3 answered HTTP {status} without an error body"
            ))),
        }
    }

    /// Verifies a signed response or notify that arrived at `now`: signature type, probe
    /// signatures, the five-minute window, then the signature with the key the serial names (one certificate
    /// download, rate-limited, when the serial is unknown).
    pub(crate) async fn verify_signed(
        &self,
        h: &SignatureHeaders<'_>,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), ProviderError> {
        let mch = self.inner.mch_id.as_str();
        if h.signature_type.is_some_and(|t| t != sign::SCHEMA) {
            return Err(refuse("unsupported Wechatpay-Signature-Type", mch));
        }
        if h.signature.starts_with(sign::SIGNTEST_PREFIX) {
            return Err(refuse("probe signature (WECHATPAY/SIGNTEST/)", mch));
        }
        if sign::fresh_timestamp(h.timestamp, now).is_none() {
            return Err(refuse(
                "Wechatpay-Timestamp outside the five-minute window",
                mch,
            ));
        }
        // `now` is when the message arrived (the window); certificates must be valid today.
        let key = self.key_for_serial(h.serial, Utc::now()).await?;
        sign::verify_response(&key, h.timestamp, h.nonce, body, h.signature)
            .map_err(|_| refuse("signature does not verify", mch))
    }

    /// The key `serial` names; downloads certificates first when they are due, or once when
    /// the serial is unknown.
    async fn key_for_serial(
        &self,
        serial: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifyingKey<Sha256>, ProviderError> {
        let keys = &self.inner.keys;
        if keys.refresh_due(now) {
            if let Err(e) = self.download_if_allowed().await {
                tracing::warn!(mch_id = %self.inner.mch_id, error = %e, "WeChat Pay platform certificate refresh failed");
            }
        }
        if let Some(k) = keys.key_for(serial, now) {
            return Ok(k);
        }
        if let Err(e) = self.download_if_allowed().await {
            tracing::warn!(mch_id = %self.inner.mch_id, error = %e, "WeChat Pay platform certificate download failed");
        }
        keys.key_for(serial, now)
            .ok_or_else(|| refuse("unknown Wechatpay-Serial", &self.inner.mch_id))
    }

    /// Downloads certificates unless one was attempted within [`MIN_REFRESH_INTERVAL`].
    async fn download_if_allowed(&self) -> Result<Option<Vec<PlatformCertificate>>, ProviderError> {
        let mut last = self.inner.last_download.lock().await;
        let min = Duration::from_millis(self.inner.min_refresh_ms.load(Ordering::Relaxed));
        if last.is_some_and(|t| t.elapsed() < min) {
            return Ok(None);
        }
        *last = Some(Instant::now());
        self.download_certificates().await
    }

    /// `GET /v3/certificates`: decrypts every certificate, verifies the reply's signature with
    /// the certificate it names (a new one or a known one), and installs them.
    async fn download_certificates(
        &self,
    ) -> Result<Option<Vec<PlatformCertificate>>, ProviderError> {
        let r = self.execute(Method::GET, "v3/certificates", None).await?;
        let now = Utc::now();
        if !(200..300).contains(&r.status) {
            let error = serde_json::from_slice::<ErrorBody>(&r.body).unwrap_or_default();
            if r.status == 404 && !self.certificate_mode() {
                // Public-key merchants have no platform certificates: nothing to learn.
                return Ok(None);
            }
            if error.code.is_empty() {
                return Err(ProviderError::Unavailable(format!(
                    "/v3/certificates answered HTTP {}",
                    r.status
                )));
            }
            return Err(codes::business_error(r.status, &error));
        }
        let certs = certs::parse_certificates(&r.body, &self.inner.api_v3_key)?;
        let h = SignatureHeaders::from_headers(&r.headers)
            .ok_or_else(|| refuse("unsigned /v3/certificates reply", &self.inner.mch_id))?;
        if h.signature_type.is_some_and(|t| t != sign::SCHEMA)
            || sign::fresh_timestamp(h.timestamp, now).is_none()
        {
            return Err(refuse(
                "/v3/certificates reply stale or of another type",
                &self.inner.mch_id,
            ));
        }
        let key = certs
            .iter()
            .find(|c| c.serial.eq_ignore_ascii_case(h.serial) && c.is_valid_at(now))
            .map(|c| VerifyingKey::new(c.public_key.clone()))
            .or_else(|| self.inner.keys.key_for(h.serial, now))
            .ok_or_else(|| {
                refuse(
                    "/v3/certificates signed by an unknown serial",
                    &self.inner.mch_id,
                )
            })?;
        sign::verify_response(&key, h.timestamp, h.nonce, &r.body, h.signature).map_err(|_| {
            refuse(
                "/v3/certificates signature does not verify",
                &self.inner.mch_id,
            )
        })?;
        self.inner.keys.install_download(&certs, now);
        tracing::info!(
            mch_id = %self.inner.mch_id,
            serials = ?certs.iter().map(|c| c.serial.as_str()).collect::<Vec<_>>(),
            "WeChat Pay platform certificates downloaded"
        );
        Ok(Some(certs))
    }
}

/// Vector loading and fixtures for the unit tests (files under `tests/vectors/v3-and-bills/`).
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod test_vectors {
    use rsa::pkcs1v15::VerifyingKey;
    use secrecy::SecretString;
    use sha2::Sha256;

    use crate::rsa_keys::RsaSigner;
    use crate::test_vectors::vector_file;
    use crate::{WechatPayPublicKey, WechatV3Credentials};

    pub use crate::test_vectors::derived;

    pub const APP_ID: &str = "wxd678efh567hg6787";
    pub const MCH_ID: &str = "1230000109";
    pub const MERCHANT_SERIAL: &str = "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB";
    pub const API_V3_KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0000000000000000000000000000000000";
    pub const PLATFORM_SERIAL: &str = "D7CE59D1F522D701";

    pub fn v3_text(name: &str) -> String {
        String::from_utf8(vector_file(&format!("v3-and-bills/{name}"))).unwrap()
    }

    pub fn v3_json(name: &str) -> serde_json::Value {
        serde_json::from_str(&v3_text(name)).unwrap()
    }

    pub fn v3_public_key(name: &str) -> VerifyingKey<Sha256> {
        VerifyingKey::new(crate::alipay::keys::parse_public_key(&v3_text(name)).unwrap())
    }

    /// The official doc's merchant test key.
    pub fn doc_merchant_signer() -> RsaSigner {
        RsaSigner::parse(&v3_text("wxpay_v3_doc_test_merchant_key.pkcs8.pem")).unwrap()
    }

    /// wechatpay-go's "WeChat Pay side" test key (platform certificate D7CE59D1F522D701).
    pub fn gosdk_platform_signer() -> RsaSigner {
        RsaSigner::parse(&v3_text("wxpay_v3_gosdk_test_platform_key.pkcs8.pem")).unwrap()
    }

    /// Credentials whose merchant key is the doc's and whose WeChat side is wechatpay-go's key:
    /// as its public key (`public_key_mode`) or as certificate D7CE59D1F522D701.
    pub fn credentials(public_key_mode: bool) -> WechatV3Credentials {
        WechatV3Credentials {
            app_id: APP_ID.into(),
            mch_id: MCH_ID.into(),
            merchant_serial_no: MERCHANT_SERIAL.into(),
            merchant_private_key: SecretString::from(v3_text(
                "wxpay_v3_doc_test_merchant_key.pkcs8.pem",
            )),
            api_v3_key: SecretString::from(API_V3_KEY),
            wechatpay_public_key: public_key_mode.then(|| WechatPayPublicKey {
                id: PUBLIC_KEY_ID.into(),
                pem: v3_text("wxpay_v3_gosdk_test_platform_pub.pem"),
            }),
        }
    }
}
