//! WeChat Pay API v3 notify verification (public-key mode). The first byte picks the mode:
//! 0, the bytes are the body, signed with the WeChat Pay key, so verification reaches the
//! envelope (its parsing, the resource's algorithm and decryption);
//! 1 and 2, the bytes are the decrypted resource of a `TRANSACTION.SUCCESS` (1) or
//! `REFUND.SUCCESS` (2) notify, encrypted with the APIv3 key, wrapped and signed, so it reaches
//! the resource's parsing, the state mapping and the merchant checks;
//! 3, the bytes are header lines (`Name: value`) and, after a blank line, the body, as received:
//! missing, partial, probe, stale and unknown-serial headers, and signatures that are no base64.
//!
//! In modes 0 to 2 the notify is signed correctly and fresh: it must never fail its signature.

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use paycenter_providers::wechat_v3::sign::{
    response_message, HEADER_NONCE, HEADER_SERIAL, HEADER_SIGNATURE, HEADER_TIMESTAMP,
};
use paycenter_providers::{IncomingRequest, ProviderError, VerifyNotify};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const NONCE: &str = "fdasflkja484";

fn signed_headers(body: &[u8], now: i64) -> HeaderMap {
    let timestamp = now.to_string();
    let nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
    let signature = common::wechat_v3_platform()
        .sign_base64(&response_message(&timestamp, nonce, body))
        .expect("the platform key signs");
    let mut h = HeaderMap::new();
    for (k, v) in [
        (HEADER_TIMESTAMP, timestamp.as_str()),
        (HEADER_NONCE, nonce),
        (HEADER_SERIAL, common::WECHAT_V3_PUBLIC_KEY_ID),
        (HEADER_SIGNATURE, signature.as_str()),
    ] {
        h.insert(
            HeaderName::from_bytes(k.as_bytes()).expect("a header name"),
            HeaderValue::from_str(v).expect("ASCII"),
        );
    }
    h
}

/// `Name: value` lines up to a blank line, then the body.
fn split_request(data: &[u8]) -> (HeaderMap, &[u8]) {
    let end = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(data.len());
    let mut h = HeaderMap::new();
    for line in data[..end].split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(line[..colon].trim_ascii()),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) else {
            continue;
        };
        h.append(name, value);
    }
    (h, data.get(end + 2..).unwrap_or_default())
}

fn verify(headers: &HeaderMap, body: &[u8]) -> Result<(), ProviderError> {
    let req = IncomingRequest {
        method: "POST",
        path: "/notify/wechat/prj_fuzz",
        query: None,
        headers,
        body,
        received_at: chrono::Utc::now(),
    };
    common::runtime()
        .block_on(common::wechat_v3().verify_notify(&req))
        .map(drop)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let now = chrono::Utc::now().timestamp();
    let outcome = match mode % 4 {
        0 => verify(&signed_headers(rest, now), rest),
        m @ (1 | 2) => {
            let (event, associated) = if m == 1 {
                ("TRANSACTION.SUCCESS", "transaction")
            } else {
                ("REFUND.SUCCESS", "refund")
            };
            let Ok(ciphertext) = common::wechat_v3_api_key().encrypt(NONCE, associated, rest)
            else {
                return;
            };
            let body = serde_json::json!({
                "id": "EV-fuzz",
                "create_time": "2026-12-17T10:00:00+08:00",
                "resource_type": "encrypt-resource",
                "event_type": event,
                "summary": "fuzz",
                "resource": {
                    "original_type": associated,
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": ciphertext,
                    "associated_data": associated,
                    "nonce": NONCE,
                },
            })
            .to_string();
            verify(&signed_headers(body.as_bytes(), now), body.as_bytes())
        }
        _ => {
            let (headers, body) = split_request(rest);
            let _ = verify(&headers, body);
            return;
        }
    };
    if let Err(ProviderError::InvalidSignature) = outcome {
        panic!("a notify signed with the WeChat Pay key failed its signature (mode {mode})");
    }
});
