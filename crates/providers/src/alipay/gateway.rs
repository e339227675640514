//! Alipay gateway wire format (pure): signed request parameters and verified responses.
//!
//! Responses look like `{"alipay_trade_query_response":{...},"sign":"..."}` and the signature covers
//! the response value's bytes exactly as sent, so the value is located with a small scanner and never
//! re-serialised.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use rsa::pkcs1v15::VerifyingKey;
use serde_json::{Map, Value};
use sha2::Sha256;

use super::codes::{business_error, is_state_bearing, SUCCESS_CODE};
use super::sign::{rsa2_sign, rsa2_verify_with, sign_params};
use crate::rsa_keys::RsaSigner;
use crate::{BusinessCode, ProviderError};

/// Content type of a gateway POST.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=utf-8";
/// Alipay's wall-clock format (Beijing time).
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
/// The top-level key of an unsigned gateway-level error.
pub const ERROR_RESPONSE_KEY: &str = "error_response";

const BEIJING_OFFSET_SECS: i64 = 8 * 3600;

/// `t` as Alipay writes times: `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8).
pub fn beijing_time(t: DateTime<Utc>) -> String {
    (t.naive_utc() + TimeDelta::seconds(BEIJING_OFFSET_SECS))
        .format(TIME_FORMAT)
        .to_string()
}

/// Parses an Alipay `yyyy-MM-dd HH:mm:ss` Beijing time.
pub fn parse_beijing_time(s: &str) -> Result<DateTime<Utc>, ProviderError> {
    let naive = NaiveDateTime::parse_from_str(s.trim(), TIME_FORMAT)
        .map_err(|_| ProviderError::Malformed(format!("bad Alipay time {s:?}")))?;
    Ok((naive - TimeDelta::seconds(BEIJING_OFFSET_SECS)).and_utc())
}

/// One gateway call before signing.
#[derive(Debug, Clone)]
pub struct GatewayRequest<'a> {
    pub app_id: &'a str,
    /// e.g. `alipay.trade.precreate`.
    pub method: &'a str,
    /// The business parameters as a JSON string.
    pub biz_content: &'a str,
    pub notify_url: Option<&'a str>,
    /// Web cashier requests (page / wap pay): where Alipay sends the browser after payment.
    pub return_url: Option<&'a str>,
    pub timestamp: DateTime<Utc>,
}

/// The common parameters plus `biz_content`, unsigned.
pub fn common_params(req: &GatewayRequest<'_>) -> BTreeMap<String, String> {
    let mut p = BTreeMap::new();
    p.insert("app_id".into(), req.app_id.into());
    p.insert("method".into(), req.method.into());
    p.insert("format".into(), "JSON".into());
    p.insert("charset".into(), "utf-8".into());
    p.insert("sign_type".into(), "RSA2".into());
    p.insert("timestamp".into(), beijing_time(req.timestamp));
    p.insert("version".into(), "1.0".into());
    if let Some(url) = req.notify_url.filter(|u| !u.is_empty()) {
        p.insert("notify_url".into(), url.into());
    }
    if let Some(url) = req.return_url.filter(|u| !u.is_empty()) {
        p.insert("return_url".into(), url.into());
    }
    p.insert("biz_content".into(), req.biz_content.into());
    p
}

/// [`common_params`] with `sign` added.
pub fn signed_params(
    key: &RsaSigner,
    req: &GatewayRequest<'_>,
) -> Result<BTreeMap<String, String>, ProviderError> {
    let mut p = common_params(req);
    sign_params(key, &mut p)?;
    Ok(p)
}

/// `application/x-www-form-urlencoded` in name order: the POST body, and the app SDK's orderInfo.
pub fn form_encode(params: &BTreeMap<String, String>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        s.append_pair(k, v);
    }
    s.finish()
}

/// `alipay.trade.query` → `alipay_trade_query_response`.
pub fn response_key(method: &str) -> String {
    format!("{}_response", method.replace('.', "_"))
}

// ---------------------------------------------------------------------------------------------
// Raw JSON scanner

fn malformed(what: &str) -> ProviderError {
    ProviderError::Malformed(format!("Alipay response is not valid JSON: {what}"))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// `b[i]` is `"`; returns the index just past the closing quote.
fn scan_string(b: &[u8], i: usize) -> Result<usize, ProviderError> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Ok(j + 1),
            c if c < 0x20 => return Err(malformed("control character in string")),
            _ => j += 1,
        }
    }
    Err(malformed("unterminated string"))
}

/// Returns the index just past the JSON value starting at `b[i]`.
fn scan_value(b: &[u8], i: usize) -> Result<usize, ProviderError> {
    match b.get(i) {
        None => Err(malformed("missing value")),
        Some(b'"') => scan_string(b, i),
        Some(b'{') | Some(b'[') => {
            let mut stack: Vec<u8> = Vec::new();
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = scan_string(b, j)?;
                        continue;
                    }
                    b'{' => stack.push(b'}'),
                    b'[' => stack.push(b']'),
                    c @ (b'}' | b']') => {
                        if stack.pop() != Some(c) {
                            return Err(malformed("unbalanced brackets"));
                        }
                        if stack.is_empty() {
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Err(malformed("unterminated object"))
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
            {
                j += 1;
            }
            if j == i {
                Err(malformed("empty value"))
            } else {
                Ok(j)
            }
        }
    }
}

/// The raw text of the value of top-level `key` in the JSON object `json`, exactly as sent.
/// Checks the top-level structure; a key present twice is rejected (ambiguous).
pub fn find_top_level_value<'a>(
    json: &'a str,
    key: &str,
) -> Result<Option<&'a str>, ProviderError> {
    let b = json.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return Err(malformed("not an object"));
    }
    i = skip_ws(b, i + 1);
    let mut found: Option<&'a str> = None;
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            if b.get(i) != Some(&b'"') {
                return Err(malformed("expected a key"));
            }
            let key_end = scan_string(b, i)?;
            // Slicing at ASCII quote positions is always on a char boundary.
            let this_key = &json[i + 1..key_end - 1];
            i = skip_ws(b, key_end);
            if b.get(i) != Some(&b':') {
                return Err(malformed("expected ':'"));
            }
            let start = skip_ws(b, i + 1);
            let end = scan_value(b, start)?;
            if this_key == key {
                if found.is_some() {
                    return Err(ProviderError::Malformed(format!(
                        "Alipay response has `{key}` twice"
                    )));
                }
                found = Some(&json[start..end]);
            }
            i = skip_ws(b, end);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return Err(malformed("expected ',' or '}'")),
            }
        }
    }
    if skip_ws(b, i) != b.len() {
        return Err(malformed("trailing characters"));
    }
    Ok(found)
}

/// A response split into its parts, nothing verified yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseParts<'a> {
    /// The raw text of the `<method>_response` (or `error_response`) value.
    pub node: &'a str,
    /// The top-level `sign`, if any.
    pub sign: Option<String>,
    /// Whether `node` came from `error_response` rather than the method's own key.
    pub is_error_response: bool,
}

/// Locates the method's response node (or `error_response`) and `sign` in a raw reply.
pub fn split_response<'a>(raw: &'a str, method: &str) -> Result<ResponseParts<'a>, ProviderError> {
    let sign = match find_top_level_value(raw, "sign")? {
        Some(v) => Some(
            serde_json::from_str::<String>(v)
                .map_err(|_| ProviderError::Malformed("Alipay `sign` is not a string".into()))?,
        )
        .filter(|s| !s.is_empty()),
        None => None,
    };
    if let Some(node) = find_top_level_value(raw, &response_key(method))? {
        return Ok(ResponseParts {
            node,
            sign,
            is_error_response: false,
        });
    }
    if let Some(node) = find_top_level_value(raw, ERROR_RESPONSE_KEY)? {
        return Ok(ResponseParts {
            node,
            sign,
            is_error_response: true,
        });
    }
    Err(ProviderError::Malformed(format!(
        "Alipay reply has no `{}`",
        response_key(method)
    )))
}

fn parse_node(node: &str) -> Result<Map<String, Value>, ProviderError> {
    match serde_json::from_str::<Value>(node) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(ProviderError::Malformed(
            "Alipay response node is not a JSON object".into(),
        )),
    }
}

/// A string field of a response node (numbers are accepted and rendered as text).
pub fn field<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    match m.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.as_str()),
        _ => None,
    }
}

fn code_of(m: &Map<String, Value>) -> Result<String, ProviderError> {
    match m.get("code") {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(ProviderError::Malformed(
            "Alipay response has no `code`".into(),
        )),
    }
}

fn error_from(m: &Map<String, Value>, code: &str) -> ProviderError {
    business_error(
        code,
        field(m, "msg"),
        field(m, "sub_code"),
        field(m, "sub_msg"),
    )
}

/// Verifies a raw gateway reply for `method` with the Alipay public key and returns the response
/// node when `code` is 10000.
///
/// * the method's node must be signed; the signature covers its raw bytes;
/// * `code` ≠ 10000 → [`ProviderError::Business`] mapped by [`super::codes`];
/// * an unsigned (or badly signed) `error_response` (bad signature, bad app id, …) maps to an
///   error too, but is not trusted to say anything about a trade: state-bearing codes are reported
///   as `Other`.
pub fn verify_response(
    raw: &[u8],
    method: &str,
    key: &VerifyingKey<Sha256>,
) -> Result<Map<String, Value>, ProviderError> {
    let text = std::str::from_utf8(raw)
        .map_err(|_| ProviderError::Malformed("Alipay response is not UTF-8".into()))?;
    let parts = split_response(text, method)?;
    let signed = match &parts.sign {
        // A gateway-level error whose signature does not check out is treated as unsigned: it
        // still explains the refusal (e.g. our own key is wrong) but is trusted with nothing.
        Some(sig) if parts.is_error_response => {
            rsa2_verify_with(key, parts.node.as_bytes(), sig).is_ok()
        }
        Some(sig) => {
            rsa2_verify_with(key, parts.node.as_bytes(), sig)?;
            true
        }
        None if parts.is_error_response => false,
        None => return Err(ProviderError::InvalidSignature),
    };
    let node = parse_node(parts.node)?;
    if parts.is_error_response {
        let code = code_of(&node).unwrap_or_else(|_| "error_response".to_string());
        let err = error_from(&node, &code);
        if signed {
            return Err(err);
        }
        return Err(match err {
            ProviderError::Business {
                code,
                provider_code,
                message,
            } if is_state_bearing(code) => {
                ProviderError::business(BusinessCode::Other, provider_code, message)
            }
            other => other,
        });
    }
    let code = code_of(&node)?;
    if code == SUCCESS_CODE {
        Ok(node)
    } else {
        Err(error_from(&node, &code))
    }
}

/// The `BusinessCode` of an error, if it is a provider refusal.
pub fn business_of(e: &ProviderError) -> Option<BusinessCode> {
    match e {
        ProviderError::Business { code, .. } => Some(*code),
        _ => None,
    }
}

/// Builds a signed gateway reply the way Alipay does (sandbox emulator, tests):
/// `{"<method>_response":<node_json>,"sign":"..."}` with the signature over `node_json`'s bytes.
pub fn sign_response(
    key: &RsaSigner,
    method: &str,
    node_json: &str,
) -> Result<String, ProviderError> {
    let sig = rsa2_sign(key, node_json)?;
    Ok(format!(
        "{{\"{}\":{},\"sign\":{}}}",
        response_key(method),
        node_json,
        Value::String(sig)
    ))
}

/// Whether a response node's `code` is 10000.
pub fn is_success(m: &Map<String, Value>) -> bool {
    code_of(m).map(|c| c == SUCCESS_CODE).unwrap_or(false)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::alipay::keys::parse_public_key;
    use crate::alipay::testdata::{
        derived_vectors, fixture, public_vectors, read_vector, string_map,
    };
    use chrono::TimeZone;

    fn app_signer() -> RsaSigner {
        RsaSigner::parse(&fixture("app-private-key.pem")).unwrap()
    }

    fn app_verifier() -> VerifyingKey<Sha256> {
        VerifyingKey::new(parse_public_key(&fixture("app-public-key.pem")).unwrap())
    }

    #[test]
    fn request_vector_query_string() {
        let v = &derived_vectors()["alipay_request_rsa2"];
        let p = string_map(&v["params"]);
        let ts = Utc.with_ymd_and_hms(2024, 1, 1, 4, 0, 0).unwrap();
        let req = GatewayRequest {
            app_id: &p["app_id"],
            method: &p["method"],
            biz_content: &p["biz_content"],
            notify_url: Some(&p["notify_url"]),
            return_url: None,
            timestamp: ts,
        };
        assert_eq!(common_params(&req), p);
        let signed = signed_params(&app_signer(), &req).unwrap();
        assert_eq!(signed["sign"], v["sign"].as_str().unwrap());
        assert_eq!(form_encode(&signed), v["query_string"].as_str().unwrap());
        // No notify_url → not present at all.
        let req2 = GatewayRequest {
            notify_url: None,
            ..req
        };
        assert!(!common_params(&req2).contains_key("notify_url"));
    }

    #[test]
    fn beijing_times() {
        let t = Utc.with_ymd_and_hms(2023, 12, 31, 16, 30, 5).unwrap();
        assert_eq!(beijing_time(t), "2024-01-01 00:30:05");
        assert_eq!(parse_beijing_time("2024-01-01 00:30:05").unwrap(), t);
        assert!(parse_beijing_time("2024-01-01T00:30:05").is_err());
        assert!(parse_beijing_time("").is_err());
    }

    #[test]
    fn nodejs_response_vector() {
        let v = &public_vectors()["alipay_response_sign_nodejs"];
        let key = parse_public_key(&fixture("alipay-public-key.pem")).unwrap();
        let raw = v["raw_body"].as_str().unwrap();
        let parts = split_response(raw, "alipay.open.file.upload").unwrap();
        assert_eq!(parts.node, v["signed_content"].as_str().unwrap());
        let node = verify_response(
            raw.as_bytes(),
            "alipay.open.file.upload",
            &VerifyingKey::new(key),
        )
        .unwrap();
        assert_eq!(
            field(&node, "file_id"),
            Some("CAxAToWB1JsAAAAAAAAAAAAADgSLAQBr")
        );
        // The app key is the wrong key for this reply.
        assert!(matches!(
            verify_response(raw.as_bytes(), "alipay.open.file.upload", &app_verifier()),
            Err(ProviderError::InvalidSignature)
        ));
    }

    #[test]
    fn derived_response_vector() {
        let v = &derived_vectors()["alipay_response_rsa2"];
        let raw = v["raw_body"].as_str().unwrap();
        let parts = split_response(raw, "alipay.trade.precreate").unwrap();
        assert_eq!(parts.node, v["signed_content"].as_str().unwrap());
        assert_eq!(parts.sign.as_deref(), v["sign"].as_str());
        let node =
            verify_response(raw.as_bytes(), "alipay.trade.precreate", &app_verifier()).unwrap();
        assert_eq!(
            field(&node, "qr_code"),
            Some("https://qr.alipay.com/bax00000000000000000000")
        );
        // Our own response signer reproduces the vector byte for byte.
        assert_eq!(
            sign_response(&app_signer(), "alipay.trade.precreate", parts.node).unwrap(),
            raw
        );
        // Tamper with one byte of the node.
        let tampered = raw.replace("bax000", "bax001");
        assert!(matches!(
            verify_response(
                tampered.as_bytes(),
                "alipay.trade.precreate",
                &app_verifier()
            ),
            Err(ProviderError::InvalidSignature)
        ));
        // Whitespace changes the bytes, so re-serialising would break verification.
        let spaced = raw.replace("\"code\":\"10000\"", "\"code\": \"10000\"");
        assert!(
            verify_response(spaced.as_bytes(), "alipay.trade.precreate", &app_verifier()).is_err()
        );
        // Asked for another method: the node is absent.
        assert!(matches!(
            verify_response(raw.as_bytes(), "alipay.trade.query", &app_verifier()),
            Err(ProviderError::Malformed(_))
        ));
        // Unsigned method node is rejected.
        let unsigned = format!("{{\"alipay_trade_precreate_response\":{}}}", parts.node);
        assert!(matches!(
            verify_response(
                unsigned.as_bytes(),
                "alipay.trade.precreate",
                &app_verifier()
            ),
            Err(ProviderError::InvalidSignature)
        ));
    }

    #[test]
    fn samples_parse_but_do_not_verify() {
        let raw = read_vector("samples/alipay_trade_query_not_exist.sample.json");
        let parts = split_response(raw.trim(), "alipay.trade.query").unwrap();
        assert!(parts.sign.is_some());
        assert!(!parts.is_error_response);
        assert!(matches!(
            verify_response(raw.as_bytes(), "alipay.trade.query", &app_verifier()),
            Err(ProviderError::InvalidSignature)
        ));
        // Re-signed with the fixture key, the same node maps to OrderNotExist.
        let resigned = sign_response(&app_signer(), "alipay.trade.query", parts.node).unwrap();
        let err = verify_response(resigned.as_bytes(), "alipay.trade.query", &app_verifier())
            .unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::OrderNotExist));
        assert_eq!(err.provider_code(), Some("ACQ.TRADE_NOT_EXIST"));

        let raw = read_vector("samples/alipay_trade_query_wait_buyer_pay.sample.json");
        let parts = split_response(raw.trim(), "alipay.trade.query").unwrap();
        let resigned = sign_response(&app_signer(), "alipay.trade.query", parts.node).unwrap();
        let node =
            verify_response(resigned.as_bytes(), "alipay.trade.query", &app_verifier()).unwrap();
        assert_eq!(field(&node, "trade_status"), Some("WAIT_BUYER_PAY"));
        assert!(is_success(&node));
    }

    #[test]
    fn error_response_unsigned() {
        let raw = r#"{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature","sub_msg":"验签出错"}}"#;
        let err =
            verify_response(raw.as_bytes(), "alipay.trade.query", &app_verifier()).unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::SignatureRejected));
        let raw = r#"{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id","sub_msg":"无效的AppID参数"},"alipay_cert_sn":"x"}"#;
        let err =
            verify_response(raw.as_bytes(), "alipay.trade.query", &app_verifier()).unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::InvalidMerchant));
        // An unsigned error cannot claim trade state.
        let raw = r#"{"error_response":{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_HAS_SUCCESS"}}"#;
        let err =
            verify_response(raw.as_bytes(), "alipay.trade.close", &app_verifier()).unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::Other));
        assert_eq!(err.provider_code(), Some("ACQ.TRADE_HAS_SUCCESS"));
        // Signed, it can.
        let node = r#"{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_HAS_SUCCESS"}"#;
        let signed = sign_response(&app_signer(), "x", node)
            .unwrap()
            .replace("x_response", "error_response");
        let err =
            verify_response(signed.as_bytes(), "alipay.trade.close", &app_verifier()).unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::OrderPaid));
        // With a bad signature it is as good as unsigned: reported, but not as trade state.
        let forged = signed.replace("Business Failed", "Business Failes");
        let err =
            verify_response(forged.as_bytes(), "alipay.trade.close", &app_verifier()).unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::Other));
    }

    #[test]
    fn business_failures_map() {
        for (sub, want) in [
            ("ACQ.TRADE_HAS_CLOSE", BusinessCode::OrderClosed),
            ("ACQ.SYSTEM_ERROR", BusinessCode::SystemError),
            (
                "ACQ.SELLER_BALANCE_NOT_ENOUGH",
                BusinessCode::BalanceNotEnough,
            ),
            ("ACQ.FOO", BusinessCode::Other),
        ] {
            let node = format!(
                r#"{{"code":"40004","msg":"Business Failed","sub_code":"{sub}","sub_msg":"m"}}"#
            );
            let raw = sign_response(&app_signer(), "alipay.trade.refund", &node).unwrap();
            let err = verify_response(raw.as_bytes(), "alipay.trade.refund", &app_verifier())
                .unwrap_err();
            assert_eq!(business_of(&err), Some(want), "{sub}");
        }
        let raw =
            sign_response(&app_signer(), "alipay.trade.refund", r#"{"msg":"no code"}"#).unwrap();
        assert!(matches!(
            verify_response(raw.as_bytes(), "alipay.trade.refund", &app_verifier()),
            Err(ProviderError::Malformed(_))
        ));
    }

    #[test]
    fn scanner() {
        let raw = r#" { "a" : "x\"}{" , "b":{"c":[1,{"d":"}"}],"e":null}, "sign":"S" ,"n":-1.5e3,"t":true} "#;
        assert_eq!(find_top_level_value(raw, "a").unwrap(), Some(r#""x\"}{""#));
        assert_eq!(
            find_top_level_value(raw, "b").unwrap(),
            Some(r#"{"c":[1,{"d":"}"}],"e":null}"#)
        );
        assert_eq!(find_top_level_value(raw, "n").unwrap(), Some("-1.5e3"));
        assert_eq!(find_top_level_value(raw, "t").unwrap(), Some("true"));
        assert_eq!(find_top_level_value(raw, "c").unwrap(), None);
        assert_eq!(find_top_level_value(raw, "d").unwrap(), None);
        assert_eq!(find_top_level_value("{}", "a").unwrap(), None);
        for bad in [
            "",
            "[]",
            "{",
            r#"{"a":}"#,
            r#"{"a":{"b":1}"#,
            r#"{"a":"x}"#,
            r#"{"a":1,}"#,
            r#"{"a":[1}]}"#,
            r#"{"a":1} x"#,
            r#"{a:1}"#,
            r#"{"a" 1}"#,
            "{\"a\":\"\n\"}",
        ] {
            assert!(
                matches!(
                    find_top_level_value(bad, "a"),
                    Err(ProviderError::Malformed(_))
                ),
                "{bad:?}"
            );
        }
        assert!(find_top_level_value(r#"{"a":1,"a":2}"#, "a").is_err());
        // A nested "sign" is not the top-level sign.
        let parts = split_response(
            r#"{"alipay_trade_query_response":{"sign":"inner","code":"10000"}}"#,
            "alipay.trade.query",
        )
        .unwrap();
        assert_eq!(parts.sign, None);
        // Non-UTF-8 and malformed bodies.
        assert!(matches!(
            verify_response(&[0xff, 0xfe], "alipay.trade.query", &app_verifier()),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            verify_response(b"<html>502</html>", "alipay.trade.query", &app_verifier()),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            verify_response(br#"{"sign":5}"#, "alipay.trade.query", &app_verifier()),
            Err(ProviderError::Malformed(_))
        ));
    }
}
