//! The WeChat Pay v2 XML codec: `decode` never panics, and what it accepts (or what `encode`
//! writes, whatever the values) reads back the same.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use paycenter_providers::wechat_v2::xml;

/// Names `encode` is meant for (ours: ASCII identifiers).
fn plain_name(k: &str) -> bool {
    let mut c = k.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Text `decode` refuses on sight, wherever it appears (DTD markup).
fn has_dtd_markup(s: &str) -> bool {
    let u = s.to_ascii_uppercase();
    u.contains("<!DOCTYPE") || u.contains("<!ENTITY") || u.contains("<!ELEMENT")
}

fuzz_target!(|data: &[u8]| {
    // 1. Decoding input, then re-encoding it, is the identity on the fields.
    if let Ok(fields) = xml::decode(data) {
        if fields.keys().all(|k| plain_name(k)) && !fields.values().any(|v| has_dtd_markup(v)) {
            let again = xml::encode(&fields);
            match xml::decode(again.as_bytes()) {
                Ok(back) => assert_eq!(back, fields, "re-encoded: {again:?}"),
                Err(e) if again.len() > xml::MAX_XML_BYTES => drop(e),
                Err(e) => panic!("re-encoded fields do not decode: {e}: {again:?}"),
            }
        }
    }
    let _ = xml::decode_root(data, "root");

    // 2. Any values (CDATA terminators included) survive encode → decode.
    if let Ok(text) = std::str::from_utf8(data) {
        let fields: BTreeMap<String, String> = text
            .split('\u{1}')
            .enumerate()
            .map(|(i, v)| (format!("f{i}"), v.to_owned()))
            .collect();
        let encoded = xml::encode(&fields);
        if encoded.len() <= xml::MAX_XML_BYTES && !has_dtd_markup(text) {
            match xml::decode(encoded.as_bytes()) {
                Ok(back) => assert_eq!(back, fields, "encoded: {encoded:?}"),
                Err(e) => panic!("encoded fields do not decode: {e}: {encoded:?}"),
            }
        }
    }
});
