//! The thin HTTP layer against a throwaway local server that plays WeChat Pay v3 under a path
//! prefix (`/sandbox/wechat/`): it checks our request signatures, signs its replies with the
//! wechatpay-go test platform key (or the axios-plugin one after a "rotation"), and can
//! misbehave on demand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method as HttpMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::Utc;
use rsa::pkcs1v15::VerifyingKey;
use sha2::Sha256;

use super::aead::ApiV3Key;
use super::certs::{EncryptedResource, PlatformCertificate};
use super::client::tests::client;
use super::sign::{self, Authorization};
use super::wire::{CertificateReplyEntry, CertificatesReply};
use super::WechatPayV3;
use crate::rsa_keys::RsaSigner;
use crate::test_vectors::vector_file;
use crate::wechat_v3::test_vectors::{v3_public_key, v3_text, API_V3_KEY, MCH_ID, MERCHANT_SERIAL};
use crate::{CloseOutcome, CloseTrade, ProviderError, QueryTrade, TradeState};

/// How the fake WeChat answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Honest,
    /// Signs with a key that is not the named platform key.
    BadSignature,
    /// Signs correctly, with a timestamp ten minutes old.
    Stale,
    /// Answers 2xx without signature headers.
    Unsigned,
}

struct Platform {
    serial: String,
    signer: RsaSigner,
    pem: String,
}

struct Fake {
    mode: Mutex<Mode>,
    /// Who signs replies now, and which certificates `/v3/certificates` lists.
    current: Mutex<usize>,
    listed: Mutex<Vec<usize>>,
    platforms: Vec<Platform>,
    /// The public key id of public-key mode (signs with platform 0).
    public_key_id: Option<String>,
    certificate_downloads: AtomicUsize,
    merchant_key: VerifyingKey<Sha256>,
}

fn platforms() -> Vec<Platform> {
    let axios_key = String::from_utf8(vector_file(
        "wechatpay-axios-plugin/tests/fixtures/apiclient_key.pem",
    ))
    .unwrap();
    let axios_cert = String::from_utf8(vector_file(
        "wechatpay-axios-plugin/tests/fixtures/apiserver_cert.pem",
    ))
    .unwrap();
    vec![
        Platform {
            serial: "D7CE59D1F522D701".into(),
            signer: RsaSigner::parse(&v3_text("wxpay_v3_gosdk_test_platform_key.pkcs8.pem"))
                .unwrap(),
            pem: v3_text("wxpay_v3_gosdk_test_platform_cert.pem"),
        },
        Platform {
            serial: "BE2A2344B984167B".into(),
            signer: RsaSigner::parse(&axios_key).unwrap(),
            pem: axios_cert,
        },
    ]
}

impl Fake {
    fn new(public_key_id: Option<&str>) -> Arc<Self> {
        Arc::new(Self {
            mode: Mutex::new(Mode::Honest),
            current: Mutex::new(0),
            listed: Mutex::new(vec![0]),
            platforms: platforms(),
            public_key_id: public_key_id.map(str::to_owned),
            certificate_downloads: AtomicUsize::new(0),
            merchant_key: v3_public_key("wxpay_v3_doc_test_merchant_pub.pem"),
        })
    }

    /// The request must be signed by the merchant over exactly what came on the wire.
    fn check_request(&self, method: &HttpMethod, uri: &Uri, headers: &HeaderMap, body: &[u8]) {
        let auth = Authorization::parse(headers["authorization"].to_str().unwrap()).unwrap();
        assert_eq!(auth.mch_id, MCH_ID);
        assert_eq!(auth.serial_no, MERCHANT_SERIAL);
        assert!(uri.path().starts_with("/sandbox/wechat/v3/"), "{uri}");
        let path = uri.path_and_query().unwrap().as_str();
        let message = sign::request_message(
            method.as_str(),
            path,
            &auth.timestamp,
            &auth.nonce_str,
            body,
        );
        crate::rsa_keys::verify_base64(&self.merchant_key, &message, &auth.signature).unwrap();
        assert!(sign::fresh_timestamp(&auth.timestamp, Utc::now()).is_some());
        assert_eq!(headers["accept"], "application/json");
        assert!(headers.contains_key("user-agent"));
        if method == HttpMethod::POST {
            assert_eq!(headers["content-type"], "application/json");
        }
    }

    fn reply(&self, status: StatusCode, body: String) -> Response {
        let mode = *self.mode.lock().unwrap();
        let platform = &self.platforms[*self.current.lock().unwrap()];
        let serial = match &self.public_key_id {
            Some(id) => id.clone(),
            None => platform.serial.clone(),
        };
        let mut ts = Utc::now().timestamp();
        if mode == Mode::Stale {
            ts -= 600;
        }
        let ts = ts.to_string();
        let nonce = "c5ac7061fccab6bf3e254dcf98995b8c";
        let signer = if mode == Mode::BadSignature {
            crate::wechat_v3::test_vectors::doc_merchant_signer()
        } else {
            platform.signer.clone()
        };
        let signature = sign::sign_response(&signer, &ts, nonce, body.as_bytes()).unwrap();
        let mut r = (status, body).into_response();
        let h = r.headers_mut();
        if status != StatusCode::NO_CONTENT {
            h.insert("content-type", "application/json".parse().unwrap());
        }
        h.insert("request-id", "08F0A0B0C0D0E0F0-0".parse().unwrap());
        if mode != Mode::Unsigned {
            h.insert("wechatpay-timestamp", ts.parse().unwrap());
            h.insert("wechatpay-nonce", nonce.parse().unwrap());
            h.insert("wechatpay-signature", signature.parse().unwrap());
            h.insert("wechatpay-serial", serial.parse().unwrap());
            h.insert(
                "wechatpay-signature-type",
                "WECHATPAY2-SHA256-RSA2048".parse().unwrap(),
            );
        }
        r
    }

    fn certificates(&self) -> String {
        let key = ApiV3Key::parse(API_V3_KEY).unwrap();
        let data = self
            .listed
            .lock()
            .unwrap()
            .iter()
            .map(|i| {
                let p = &self.platforms[*i];
                let cert = PlatformCertificate::from_pem(&p.pem).unwrap();
                let nonce = "14b16c03dc1b";
                CertificateReplyEntry {
                    serial_no: p.serial.clone(),
                    effective_time: super::client::format_time(cert.not_before),
                    expire_time: super::client::format_time(cert.not_after),
                    encrypt_certificate: EncryptedResource {
                        algorithm: "AEAD_AES_256_GCM".into(),
                        nonce: nonce.into(),
                        associated_data: "certificate".into(),
                        ciphertext: key.encrypt(nonce, "certificate", p.pem.as_bytes()).unwrap(),
                        original_type: None,
                    },
                }
            })
            .collect();
        serde_json::to_string(&CertificatesReply { data }).unwrap()
    }

    fn handle(&self, method: HttpMethod, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        self.check_request(&method, &uri, &headers, &body);
        let path = uri.path().trim_start_matches("/sandbox/wechat");
        match (method.as_str(), path) {
            ("GET", "/v3/certificates") => {
                self.certificate_downloads.fetch_add(1, Ordering::SeqCst);
                if self.public_key_id.is_some() {
                    return self.reply(
                        StatusCode::NOT_FOUND,
                        r#"{"code":"RESOURCE_NOT_EXISTS","message":"无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。"}"#.into(),
                    );
                }
                self.reply(StatusCode::OK, self.certificates())
            }
            ("POST", "/v3/pay/transactions/out-trade-no/T1/close") => {
                assert_eq!(&body[..], format!("{{\"mchid\":\"{MCH_ID}\"}}").as_bytes());
                self.reply(StatusCode::NO_CONTENT, String::new())
            }
            ("GET", "/v3/pay/transactions/out-trade-no/T1") => {
                assert_eq!(uri.query(), Some(format!("mchid={MCH_ID}").as_str()));
                self.reply(
                    StatusCode::OK,
                    format!(
                        r#"{{"appid":"wxd678efh567hg6787","mchid":"{MCH_ID}","out_trade_no":"T1","trade_state":"CLOSED","trade_state_desc":"订单已关闭"}}"#
                    ),
                )
            }
            ("GET", "/v3/pay/transactions/out-trade-no/T404") => self.reply(
                StatusCode::NOT_FOUND,
                r#"{"code":"ORDER_NOT_EXIST","message":"订单不存在"}"#.into(),
            ),
            ("GET", "/v3/pay/transactions/out-trade-no/T500") => self.reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"code":"SYSTEM_ERROR","message":"系统错误"}"#.into(),
            ),
            _ => (StatusCode::BAD_GATEWAY, "<html>502</html>").into_response(),
        }
    }
}

async fn serve(fake: Arc<Fake>) -> (String, tokio::task::JoinHandle<()>) {
    let app = Router::new().fallback(
        move |method: HttpMethod, uri: Uri, headers: HeaderMap, body: Bytes| {
            let fake = fake.clone();
            async move { fake.handle(method, uri, headers, body) }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/sandbox/wechat/"), server)
}

fn set(fake: &Fake, mode: Mode) {
    *fake.mode.lock().unwrap() = mode;
}

/// Public-key mode: a signed 204 (then the confirming query), verified refusals, and every
/// way a reply can fail to verify.
#[tokio::test]
async fn public_key_mode_round_trip() {
    let fake = Fake::new(Some(crate::wechat_v3::test_vectors::PUBLIC_KEY_ID));
    let (base, server) = serve(fake.clone()).await;
    let c: WechatPayV3 = client(true, &base);

    let closed = c.close("T1", false).await.unwrap();
    assert_eq!(closed.outcome, CloseOutcome::Closed);
    assert_eq!(closed.raw, "HTTP 204");
    assert_eq!(c.query("T404").await.unwrap().state, TradeState::NotExist);
    let e = c.query("T500").await.unwrap_err();
    assert!(e.is_retryable(), "{e}");
    assert!(matches!(
        c.query("T9").await,
        Err(ProviderError::Unavailable(_))
    ));

    for (mode, what) in [
        (Mode::BadSignature, "bad signature"),
        (Mode::Stale, "stale"),
        (Mode::Unsigned, "unsigned"),
    ] {
        set(&fake, mode);
        assert!(
            matches!(
                c.close("T1", false).await,
                Err(ProviderError::InvalidSignature)
            ),
            "{what}"
        );
        assert!(
            matches!(c.query("T1").await, Err(ProviderError::InvalidSignature)),
            "{what}"
        );
    }
    // A signed refusal that does not verify is refused too (not read as "not exist").
    set(&fake, Mode::BadSignature);
    assert!(matches!(
        c.query("T404").await,
        Err(ProviderError::InvalidSignature)
    ));
    // An unsigned refusal is an error, never a state.
    set(&fake, Mode::Unsigned);
    assert!(matches!(
        c.query("T404").await,
        Err(ProviderError::Business { .. })
    ));
    // Public-key mode never needed certificates (the unknown-serial path was not taken).
    assert_eq!(fake.certificate_downloads.load(Ordering::SeqCst), 0);
    assert!(c.known_certificates().is_empty());
    server.abort();
}

/// Certificate mode: the first call downloads the certificates; a reply signed by a new
/// (rotated) certificate triggers one more download; a forged unknown serial cannot make us
/// download more than once per interval.
#[tokio::test]
async fn certificate_mode_download_and_rotation() {
    let fake = Fake::new(None);
    let (base, server) = serve(fake.clone()).await;
    let c = client(false, &base);
    assert!(c.known_certificates().is_empty());

    assert_eq!(c.query("T1").await.unwrap().state, TradeState::Closed);
    assert_eq!(fake.certificate_downloads.load(Ordering::SeqCst), 1);
    let known = c.known_certificates();
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].0, "D7CE59D1F522D701");

    // WeChat rotates: a new certificate is listed and signs. With the default interval the
    // download that found the first one was just now, so the new serial is refused...
    *fake.listed.lock().unwrap() = vec![0, 1];
    *fake.current.lock().unwrap() = 1;
    assert!(matches!(
        c.query("T1").await,
        Err(ProviderError::InvalidSignature)
    ));
    assert_eq!(fake.certificate_downloads.load(Ordering::SeqCst), 1);
    // ... and once the interval allows, the unknown serial triggers exactly one download.
    c.set_min_refresh_interval(std::time::Duration::from_millis(0));
    assert_eq!(c.query("T1").await.unwrap().state, TradeState::Closed);
    assert_eq!(fake.certificate_downloads.load(Ordering::SeqCst), 2);
    assert_eq!(c.query("T1").await.unwrap().state, TradeState::Closed);
    assert_eq!(fake.certificate_downloads.load(Ordering::SeqCst), 2);
    let serials: Vec<String> = c.known_certificates().into_iter().map(|k| k.0).collect();
    assert_eq!(serials.len(), 2);
    assert!(serials.contains(&"BE2A2344B984167B".to_owned()));

    // A forger naming unknown serials, with the production interval: one download at most.
    c.set_min_refresh_interval(super::MIN_REFRESH_INTERVAL);
    set(&fake, Mode::BadSignature);
    let fresh = client(false, &base);
    for _ in 0..3 {
        assert!(fresh.query("T1").await.is_err());
    }
    assert_eq!(fake.certificate_downloads.load(Ordering::SeqCst), 3);

    // The certificates download itself must be signed by a certificate it lists.
    set(&fake, Mode::Honest);
    *fake.listed.lock().unwrap() = vec![0];
    *fake.current.lock().unwrap() = 1;
    let fresh = client(false, &base);
    assert!(matches!(
        fresh.refresh_certificates().await,
        Err(ProviderError::InvalidSignature)
    ));
    assert!(fresh.known_certificates().is_empty());
    server.abort();
}
