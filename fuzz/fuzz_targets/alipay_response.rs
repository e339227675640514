//! The Alipay signed-response extractor: the raw scanner agrees with a JSON parser on every valid
//! document, and verification never panics, signed or not.

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use paycenter_providers::alipay::gateway;
use paycenter_providers::ProviderError;
use serde_json::Value;

const METHOD: &str = "alipay.trade.query";
const KEY: &str = "alipay_trade_query_response";

fuzz_target!(|data: &[u8]| {
    let verifier = common::platform_verifier();
    let _ = gateway::verify_response(data, METHOD, verifier);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    // The scanner against serde_json on the documents both accept as an object.
    let scanned = gateway::find_top_level_value(text, KEY);
    if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(text) {
        match scanned {
            Ok(Some(raw)) => {
                let v: Value = serde_json::from_str(raw)
                    .unwrap_or_else(|e| panic!("scanned value {raw:?} is not JSON: {e}"));
                // serde_json keeps the last of repeated keys; the scanner refuses repeats of the
                // key it looks for, so here there is one.
                assert_eq!(Some(&v), m.get(KEY), "scanned {raw:?}");
            }
            Ok(None) => assert!(!m.contains_key(KEY)),
            Err(ProviderError::Malformed(msg)) if msg.contains("twice") => {}
            Err(e) => panic!("valid JSON refused: {e}"),
        }
    }

    // Past the signature: the node the extractor found, signed by the platform key, must verify
    // (or be refused for what it says, never for its signature).
    if let Ok(parts) = gateway::split_response(text, METHOD) {
        if !parts.is_error_response {
            let signed = gateway::sign_response(common::platform_signer(), METHOD, parts.node)
                .expect("the platform key signs");
            match gateway::verify_response(signed.as_bytes(), METHOD, verifier) {
                Err(ProviderError::InvalidSignature) => {
                    panic!("a freshly signed node failed verification: {signed:?}")
                }
                Ok(_) | Err(_) => {}
            }
        }
    }
});
