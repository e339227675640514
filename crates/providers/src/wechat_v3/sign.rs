//! WeChat Pay API v3 signatures (pure; shared with the sandbox emulator).
//!
//! - Requests (merchant → WeChat): `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` signed with the
//!   merchant's API key, sent as `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",…`.
//! - Responses and notifies (WeChat → merchant): `TIMESTAMP\nNONCE\nBODY\n` over the raw body,
//!   in the `Wechatpay-Signature` header, verified with the key `Wechatpay-Serial` names.
//! - Client-side cashier signatures: JSAPI / mini-program `paySign` over
//!   `appId\ntimeStamp\nnonceStr\npackage\n`, APP `sign` over `appId\ntimeStamp\nnonceStr\nprepayId\n`.
//!
//! All are RSASSA-PKCS1-v1_5 with SHA-256, base64; signing goes through `ring`
//! ([`RsaSigner`]).

use chrono::{DateTime, Utc};
use rsa::pkcs1v15::VerifyingKey;
use sha2::Sha256;

use crate::rsa_keys::{self, RsaSigner};
use crate::ProviderError;

/// The `Authorization` scheme and the only `Wechatpay-Signature-Type` we accept.
pub const SCHEMA: &str = "WECHATPAY2-SHA256-RSA2048";

/// Response and notify headers.
pub const HEADER_TIMESTAMP: &str = "Wechatpay-Timestamp";
pub const HEADER_NONCE: &str = "Wechatpay-Nonce";
pub const HEADER_SIGNATURE: &str = "Wechatpay-Signature";
pub const HEADER_SERIAL: &str = "Wechatpay-Serial";
pub const HEADER_SIGNATURE_TYPE: &str = "Wechatpay-Signature-Type";
pub const HEADER_REQUEST_ID: &str = "Request-ID";

/// WeChat's probe notifies carry signatures with this prefix; they must fail verification.
pub const SIGNTEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// A signed timestamp more than this far from our clock (either way) is refused.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// One request as it goes on the wire, for signing.
#[derive(Debug, Clone, Copy)]
pub struct SignedParts<'a> {
    pub method: &'a str,
    /// Exactly what is sent after the host: `/v3/pay/transactions/out-trade-no/T1?mchid=1900000109`.
    pub path_and_query: &'a str,
    /// Unix seconds.
    pub timestamp: &'a str,
    pub nonce: &'a str,
    /// The exact bytes sent (empty for GET).
    pub body: &'a [u8],
}

impl SignedParts<'_> {
    /// The five-line message.
    pub fn message(&self) -> Vec<u8> {
        request_message(
            self.method,
            self.path_and_query,
            self.timestamp,
            self.nonce,
            self.body,
        )
    }
}

/// The five-line request message. `path_and_query` is exactly what is sent after the host
/// (`/v3/pay/transactions/out-trade-no/T1?mchid=1900000109`); `body` the exact bytes sent
/// (empty for GET).
pub fn request_message(
    method: &str,
    path_and_query: &str,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    let mut m = Vec::with_capacity(
        method.len() + path_and_query.len() + timestamp.len() + nonce.len() + body.len() + 5,
    );
    for part in [
        method.as_bytes(),
        path_and_query.as_bytes(),
        timestamp.as_bytes(),
        nonce.as_bytes(),
        body,
    ] {
        m.extend_from_slice(part);
        m.push(b'\n');
    }
    m
}

/// The three-line response / notify message over the raw body bytes.
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    for part in [timestamp.as_bytes(), nonce.as_bytes(), body] {
        m.extend_from_slice(part);
        m.push(b'\n');
    }
    m
}

/// The `Authorization` header's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub mch_id: String,
    pub nonce_str: String,
    pub signature: String,
    pub timestamp: String,
    pub serial_no: String,
}

impl Authorization {
    /// Signs a request with the merchant key whose certificate serial is `serial_no`.
    pub fn sign(
        signer: &RsaSigner,
        mch_id: &str,
        serial_no: &str,
        parts: &SignedParts<'_>,
    ) -> Result<Self, ProviderError> {
        Ok(Self {
            mch_id: mch_id.to_owned(),
            nonce_str: parts.nonce.to_owned(),
            signature: signer.sign_base64(&parts.message())?,
            timestamp: parts.timestamp.to_owned(),
            serial_no: serial_no.to_owned(),
        })
    }

    /// `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`
    /// (the order of the official samples).
    pub fn header_value(&self) -> String {
        format!(
            "{SCHEMA} mchid=\"{}\",nonce_str=\"{}\",signature=\"{}\",timestamp=\"{}\",serial_no=\"{}\"",
            self.mch_id, self.nonce_str, self.signature, self.timestamp, self.serial_no
        )
    }

    /// Parses a header value (the emulator's side). Fields may come in any order, each once;
    /// values are quoted (SDKs all quote; unquoted values are accepted too).
    pub fn parse(value: &str) -> Result<Self, AuthorizationError> {
        let rest = value
            .trim()
            .strip_prefix(SCHEMA)
            .filter(|r| r.starts_with(' '))
            .ok_or(AuthorizationError::Schema)?;
        let mut fields: [Option<String>; 5] = Default::default();
        const NAMES: [&str; 5] = ["mchid", "nonce_str", "signature", "timestamp", "serial_no"];
        for part in rest.split(',') {
            let (name, raw) = part
                .trim()
                .split_once('=')
                .ok_or(AuthorizationError::Syntax)?;
            let v = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .unwrap_or(raw);
            if v.contains('"') {
                return Err(AuthorizationError::Syntax);
            }
            let Some(i) = NAMES.iter().position(|n| *n == name.trim()) else {
                // Unknown parameters are ignored, as WeChat's gateway does.
                continue;
            };
            if fields[i].replace(v.to_owned()).is_some() {
                return Err(AuthorizationError::Syntax);
            }
        }
        let [Some(mch_id), Some(nonce_str), Some(signature), Some(timestamp), Some(serial_no)] =
            fields
        else {
            return Err(AuthorizationError::Missing);
        };
        Ok(Self {
            mch_id,
            nonce_str,
            signature,
            timestamp,
            serial_no,
        })
    }
}

/// Why an `Authorization` header could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizationError {
    #[error("Authorization does not use the WECHATPAY2-SHA256-RSA2048 schema")]
    Schema,
    #[error("Authorization is not a list of name=\"value\" pairs")]
    Syntax,
    #[error("Authorization lacks mchid, nonce_str, signature, timestamp or serial_no")]
    Missing,
}

/// Seconds since the epoch in a signed timestamp, if it is within [`MAX_CLOCK_SKEW_SECS`] of
/// `now` (strictly less, as WeChat and the SDKs check).
pub fn fresh_timestamp(timestamp: &str, now: DateTime<Utc>) -> Option<i64> {
    let t: i64 = timestamp.trim().parse().ok()?;
    (now.timestamp().checked_sub(t)?.checked_abs()? < MAX_CLOCK_SKEW_SECS).then_some(t)
}

/// Verifies a response or notify signature. Probe signatures ([`SIGNTEST_PREFIX`]) never verify.
pub fn verify_response(
    key: &VerifyingKey<Sha256>,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
    signature: &str,
) -> Result<(), ProviderError> {
    if signature.starts_with(SIGNTEST_PREFIX) {
        return Err(ProviderError::InvalidSignature);
    }
    rsa_keys::verify_base64(key, &response_message(timestamp, nonce, body), signature)
}

/// Signs a response or notify (the emulator's side): base64 signature.
pub fn sign_response(
    signer: &RsaSigner,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
) -> Result<String, ProviderError> {
    signer.sign_base64(&response_message(timestamp, nonce, body))
}

/// JSAPI / mini-program `paySign` message: `appId\ntimeStamp\nnonceStr\npackage\n`.
pub fn jsapi_pay_sign_message(
    app_id: &str,
    time_stamp: &str,
    nonce_str: &str,
    package: &str,
) -> String {
    format!("{app_id}\n{time_stamp}\n{nonce_str}\n{package}\n")
}

/// APP `sign` message: `appId\ntimeStamp\nnonceStr\nprepayId\n` (the bare prepay id).
pub fn app_sign_message(
    app_id: &str,
    time_stamp: &str,
    nonce_str: &str,
    prepay_id: &str,
) -> String {
    format!("{app_id}\n{time_stamp}\n{nonce_str}\n{prepay_id}\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wechat_v3::test_vectors::{derived, doc_merchant_signer, v3_json, v3_public_key};

    #[test]
    fn doc_request_signatures() {
        let v = v3_json("wxpay_v3_signature_vectors.json");
        let signer = doc_merchant_signer();
        for vector in v["vectors"].as_array().unwrap() {
            if vector["kind"] != "request" {
                continue;
            }
            let s = |k: &str| vector[k].as_str().unwrap();
            let message = request_message(
                s("method"),
                s("url"),
                s("timestamp"),
                s("nonce_str"),
                s("body").as_bytes(),
            );
            assert_eq!(message, s("message").as_bytes(), "{}", s("name"));
            let auth = Authorization::sign(
                &signer,
                vector["mchid"].as_str().unwrap_or("1900007291"),
                vector["serial_no"]
                    .as_str()
                    .unwrap_or("408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"),
                &SignedParts {
                    method: s("method"),
                    path_and_query: s("url"),
                    timestamp: s("timestamp"),
                    nonce: s("nonce_str"),
                    body: s("body").as_bytes(),
                },
            )
            .unwrap();
            assert_eq!(auth.signature, s("expected_signature"), "{}", s("name"));
            if let Some(expected) = vector["expected_authorization"].as_str() {
                assert_eq!(auth.header_value(), expected);
                assert_eq!(Authorization::parse(expected).unwrap(), auth);
            }
        }
    }

    /// derived_vectors.json's v3 request signatures, made with wechatpay-axios-plugin's
    /// merchant key (POST with body, and GET whose signed URL carries `?mchid=`).
    #[test]
    fn derived_request_signatures() {
        let d = derived();
        let signer = RsaSigner::parse(
            &String::from_utf8(crate::test_vectors::vector_file(
                "wechatpay-axios-plugin/tests/fixtures/apiclient_key.pem",
            ))
            .unwrap(),
        )
        .unwrap();
        let post = &d["v3_request_auth"];
        let message = post["message"].as_str().unwrap();
        let lines: Vec<&str> = message.splitn(5, '\n').collect();
        let body = lines[4].strip_suffix('\n').unwrap();
        assert_eq!(
            request_message("POST", lines[1], lines[2], lines[3], body.as_bytes()),
            message.as_bytes()
        );
        let auth = Authorization::sign(
            &signer,
            "1900000109",
            post["merchant_serial"].as_str().unwrap(),
            &SignedParts {
                method: "POST",
                path_and_query: lines[1],
                timestamp: lines[2],
                nonce: lines[3],
                body: body.as_bytes(),
            },
        )
        .unwrap();
        assert_eq!(auth.signature, post["signature"].as_str().unwrap());
        assert_eq!(auth.header_value(), post["authorization"].as_str().unwrap());

        let get = &d["v3_request_auth_get"];
        let message = get["message"].as_str().unwrap();
        assert_eq!(
            request_message(
                "GET",
                "/v3/pay/transactions/out-trade-no/T1?mchid=1900000109",
                "1554208460",
                "593BEC0C930BF1AFEB40B4A08C8FB242",
                b""
            ),
            message.as_bytes()
        );
        assert_eq!(
            signer.sign_base64(message.as_bytes()).unwrap(),
            get["signature"].as_str().unwrap()
        );
    }

    #[test]
    fn client_side_signatures() {
        let v = v3_json("wxpay_v3_signature_vectors.json");
        let signer = doc_merchant_signer();
        for vector in v["vectors"].as_array().unwrap() {
            let s = |k: &str| vector[k].as_str().unwrap();
            let message = match s("kind") {
                "client_invoke_jsapi" => {
                    jsapi_pay_sign_message(s("appId"), s("timeStamp"), s("nonceStr"), s("package"))
                }
                "client_invoke_app" => {
                    app_sign_message(s("appId"), s("timeStamp"), s("nonceStr"), s("prepayId"))
                }
                _ => continue,
            };
            assert_eq!(message, s("message"), "{}", s("name"));
            assert_eq!(
                signer.sign_base64(message.as_bytes()).unwrap(),
                s("expected_signature"),
                "{}",
                s("name")
            );
        }
        // derived_vectors' JSAPI paySign, with the axios-plugin merchant key.
        let d = &derived()["v3_jsapi_paySign"];
        let signer = RsaSigner::parse(
            &String::from_utf8(crate::test_vectors::vector_file(
                "wechatpay-axios-plugin/tests/fixtures/apiclient_key.pem",
            ))
            .unwrap(),
        )
        .unwrap();
        let message = d["message"].as_str().unwrap();
        let parts: Vec<&str> = message.split('\n').collect();
        assert_eq!(
            jsapi_pay_sign_message(parts[0], parts[1], parts[2], parts[3]),
            message
        );
        assert_eq!(
            signer.sign_base64(message.as_bytes()).unwrap(),
            d["paySign"].as_str().unwrap()
        );
    }

    #[test]
    fn response_vector_verifies_and_tampering_fails() {
        let v = v3_json("wxpay_v3_response_verify_vector.json");
        let s = |k: &str| v[k].as_str().unwrap();
        let key = v3_public_key("wxpay_v3_resp_verify_pub.pem");
        assert_eq!(
            response_message(
                s("Wechatpay-Timestamp"),
                s("Wechatpay-Nonce"),
                s("body").as_bytes()
            ),
            s("message").as_bytes()
        );
        verify_response(
            &key,
            s("Wechatpay-Timestamp"),
            s("Wechatpay-Nonce"),
            s("body").as_bytes(),
            s("Wechatpay-Signature"),
        )
        .unwrap();
        let tampered = s("body").replace("JyC91EIz1", "JyC91EIz2");
        for (ts, nonce, body) in [
            ("1722850422", s("Wechatpay-Nonce"), s("body")),
            (s("Wechatpay-Timestamp"), "x", s("body")),
            (
                s("Wechatpay-Timestamp"),
                s("Wechatpay-Nonce"),
                tampered.as_str(),
            ),
        ] {
            assert!(matches!(
                verify_response(&key, ts, nonce, body.as_bytes(), s("Wechatpay-Signature")),
                Err(ProviderError::InvalidSignature)
            ));
        }
        // The vector is from 2024: far outside the five-minute window of any real clock.
        let signed_at = DateTime::from_timestamp(1_722_850_421, 0).unwrap();
        assert_eq!(
            fresh_timestamp(s("Wechatpay-Timestamp"), signed_at),
            Some(1_722_850_421)
        );
        assert_eq!(fresh_timestamp(s("Wechatpay-Timestamp"), Utc::now()), None);
    }

    #[test]
    fn derived_signed_native_response() {
        let d = derived_v3("signed_response_native");
        let h = &d["headers"];
        let s = |k: &str| h[k].as_str().unwrap();
        let key = v3_public_key("wxpay_v3_gosdk_test_platform_pub.pem");
        verify_response(
            &key,
            s("Wechatpay-Timestamp"),
            s("Wechatpay-Nonce"),
            d["body"].as_str().unwrap().as_bytes(),
            s("Wechatpay-Signature"),
        )
        .unwrap();
        // And our own response signer reproduces it.
        let signer = crate::wechat_v3::test_vectors::gosdk_platform_signer();
        assert_eq!(
            sign_response(
                &signer,
                s("Wechatpay-Timestamp"),
                s("Wechatpay-Nonce"),
                d["body"].as_str().unwrap().as_bytes()
            )
            .unwrap(),
            s("Wechatpay-Signature")
        );
    }

    fn derived_v3(name: &str) -> serde_json::Value {
        v3_json("wxpay_v3_derived_notify_vectors.json")[name].clone()
    }

    #[test]
    fn empty_body_and_probe_signatures() {
        let signer = crate::wechat_v3::test_vectors::gosdk_platform_signer();
        let key = v3_public_key("wxpay_v3_gosdk_test_platform_pub.pem");
        // A 204's empty body: the message ends "NONCE\n\n".
        assert_eq!(response_message("1", "n", b""), b"1\nn\n\n");
        let sig = sign_response(&signer, "1", "n", b"").unwrap();
        verify_response(&key, "1", "n", b"", &sig).unwrap();
        assert!(verify_response(&key, "1", "n", b" ", &sig).is_err());
        let probe = format!("{SIGNTEST_PREFIX}{sig}");
        assert!(matches!(
            verify_response(&key, "1", "n", b"", &probe),
            Err(ProviderError::InvalidSignature)
        ));
    }

    #[test]
    fn clock_window() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(fresh_timestamp("1700000000", now), Some(1_700_000_000));
        assert_eq!(fresh_timestamp("1699999701", now), Some(1_699_999_701));
        assert_eq!(fresh_timestamp("1700000299", now), Some(1_700_000_299));
        assert_eq!(fresh_timestamp("1699999700", now), None);
        assert_eq!(fresh_timestamp("1700000300", now), None);
        for bad in ["", "abc", "1.5", "-", "99999999999999999999999"] {
            assert_eq!(fresh_timestamp(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn authorization_parsing() {
        let a = Authorization {
            mch_id: "1900000109".into(),
            nonce_str: "n".into(),
            signature: "c2ln/+==".into(),
            timestamp: "1".into(),
            serial_no: "ABC".into(),
        };
        assert_eq!(Authorization::parse(&a.header_value()).unwrap(), a);
        let reordered = "WECHATPAY2-SHA256-RSA2048 serial_no=\"ABC\",timestamp=\"1\",signature=\"c2ln/+==\",nonce_str=\"n\",mchid=\"1900000109\"";
        assert_eq!(Authorization::parse(reordered).unwrap(), a);
        let spaced = "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\", nonce_str=\"n\", signature=\"c2ln/+==\", timestamp=\"1\", serial_no=\"ABC\"";
        assert_eq!(Authorization::parse(spaced).unwrap(), a);
        assert_eq!(
            Authorization::parse("Bearer x"),
            Err(AuthorizationError::Schema)
        );
        assert_eq!(
            Authorization::parse("WECHATPAY2-SHA256-RSA2048mchid=\"1\""),
            Err(AuthorizationError::Schema)
        );
        assert_eq!(
            Authorization::parse("WECHATPAY2-SHA256-RSA2048 mchid=\"1\""),
            Err(AuthorizationError::Missing)
        );
        assert_eq!(
            Authorization::parse(&format!("{},mchid=\"2\"", a.header_value())),
            Err(AuthorizationError::Syntax)
        );
        assert_eq!(
            Authorization::parse("WECHATPAY2-SHA256-RSA2048 mchid"),
            Err(AuthorizationError::Syntax)
        );
    }
}
