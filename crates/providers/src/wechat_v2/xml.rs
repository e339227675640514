//! The flat XML WeChat Pay v2 speaks: `<xml><field>value</field>…</xml>`, values in CDATA or as
//! escaped text. Pure functions, shared by the client and the sandbox emulator.
//!
//! The decoder accepts exactly one level of children under the root and refuses DTDs (no entity
//! expansion, no external entities), nested elements, duplicate fields and oversized bodies.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::ProviderError;

/// The largest body the decoder accepts.
pub const MAX_XML_BYTES: usize = 64 * 1024;

fn malformed(msg: impl Into<String>) -> ProviderError {
    ProviderError::Malformed(msg.into())
}

/// Decodes a `<xml>` message into its fields.
pub fn decode(bytes: &[u8]) -> Result<BTreeMap<String, String>, ProviderError> {
    decode_root(bytes, "xml")
}

/// Decodes a flat message whose root element is `root` (refund notifies' `req_info` uses `<root>`).
pub fn decode_root(bytes: &[u8], root: &str) -> Result<BTreeMap<String, String>, ProviderError> {
    if bytes.len() > MAX_XML_BYTES {
        return Err(malformed(format!(
            "XML body of {} bytes exceeds the {MAX_XML_BYTES}-byte limit",
            bytes.len()
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| malformed("XML body is not UTF-8"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let upper = text.to_ascii_uppercase();
    if upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY") || upper.contains("<!ELEMENT") {
        return Err(malformed(
            "XML with a DOCTYPE or entity declaration is refused",
        ));
    }

    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;

    enum State {
        BeforeRoot,
        InRoot,
        InField { name: String, value: String },
        AfterRoot,
    }
    let mut state = State::BeforeRoot;
    let mut fields = BTreeMap::new();

    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(format!("bad XML at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::DocType(_) => {
                return Err(malformed("XML with a DOCTYPE declaration is refused"));
            }
            Event::PI(_) => return Err(malformed("XML processing instructions are refused")),
            Event::Comment(_) => {}
            Event::Eof => {
                return match state {
                    State::AfterRoot => Ok(fields),
                    State::BeforeRoot => Err(malformed(format!("no <{root}> element"))),
                    _ => Err(malformed(format!("unexpected end of XML inside <{root}>"))),
                };
            }
            event => {
                state = match (state, event) {
                    (State::BeforeRoot, Event::Decl(_)) => State::BeforeRoot,
                    (
                        s @ (State::BeforeRoot | State::InRoot | State::AfterRoot),
                        Event::Text(t),
                    ) if t.iter().all(u8::is_ascii_whitespace) => s,
                    (State::BeforeRoot, Event::Start(e))
                        if e.name().as_ref() == root.as_bytes() =>
                    {
                        State::InRoot
                    }
                    (State::BeforeRoot, Event::Empty(e))
                        if e.name().as_ref() == root.as_bytes() =>
                    {
                        State::AfterRoot
                    }
                    (State::BeforeRoot, _) => {
                        return Err(malformed(format!("expected a <{root}> root element")));
                    }
                    (State::InRoot, Event::Start(e)) => State::InField {
                        name: element_name(e.name().as_ref())?,
                        value: String::new(),
                    },
                    (State::InRoot, Event::Empty(e)) => {
                        insert(&mut fields, element_name(e.name().as_ref())?, String::new())?;
                        State::InRoot
                    }
                    (State::InRoot, Event::End(_)) => State::AfterRoot,
                    (State::InRoot, _) => {
                        return Err(malformed(format!("text directly inside <{root}>")));
                    }
                    (State::InField { name, mut value }, Event::Text(t)) => {
                        let s = t
                            .unescape()
                            .map_err(|e| malformed(format!("bad text in <{name}>: {e}")))?;
                        value.push_str(&s);
                        State::InField { name, value }
                    }
                    (State::InField { name, mut value }, Event::CData(c)) => {
                        let raw = c.into_inner();
                        let s = std::str::from_utf8(&raw)
                            .map_err(|_| malformed(format!("<{name}> is not UTF-8")))?;
                        value.push_str(s);
                        State::InField { name, value }
                    }
                    (State::InField { name, value }, Event::End(_)) => {
                        insert(&mut fields, name, value)?;
                        State::InRoot
                    }
                    (State::InField { name, .. }, Event::Start(_) | Event::Empty(_)) => {
                        return Err(malformed(format!("nested element inside <{name}>")));
                    }
                    (State::InField { name, .. }, _) => {
                        return Err(malformed(format!("unexpected content inside <{name}>")));
                    }
                    (State::AfterRoot, _) => {
                        return Err(malformed(format!("content after </{root}>")));
                    }
                };
            }
        }
    }
}

fn element_name(raw: &[u8]) -> Result<String, ProviderError> {
    std::str::from_utf8(raw)
        .map(str::to_owned)
        .map_err(|_| malformed("element name is not UTF-8"))
}

fn insert(
    fields: &mut BTreeMap<String, String>,
    name: String,
    value: String,
) -> Result<(), ProviderError> {
    if fields.contains_key(&name) {
        return Err(malformed(format!("duplicate field <{name}>")));
    }
    fields.insert(name, value);
    Ok(())
}

/// Encodes fields as `<xml>` with one CDATA child per field, one per line, keys in byte order and
/// `sign` last (the layout wechatpy produces). Keys must be XML names (they are ours, never input).
pub fn encode(fields: &BTreeMap<String, String>) -> String {
    let mut out = String::from("<xml>\n");
    let sign = fields.get("sign");
    for (k, v) in fields.iter().filter(|(k, _)| k.as_str() != "sign") {
        push_cdata_element(&mut out, k, v);
        out.push('\n');
    }
    if let Some(v) = sign {
        push_cdata_element(&mut out, "sign", v);
        out.push('\n');
    }
    out.push_str("</xml>");
    out
}

/// `<name><![CDATA[value]]></name>`, splitting any `]]>` inside `value` across two CDATA sections.
pub fn push_cdata_element(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str("><![CDATA[");
    out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]></");
    out.push_str(name);
    out.push('>');
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_vectors::{public, vector_file};

    #[test]
    fn wechatpy_dict_to_xml() {
        let v = &public()["wechat_v2_dict_to_xml_wechatpy"];
        let expected = v["expected"].as_str().unwrap();
        let mut fields = BTreeMap::new();
        fields.insert("test1".to_owned(), "test1".to_owned());
        fields.insert("test2".to_owned(), "test2".to_owned());
        fields.insert(
            "sign".to_owned(),
            "1E3A8D73B5A4AEE787C0F68B5DAB8520".to_owned(),
        );
        assert_eq!(encode(&fields), expected);
        assert_eq!(decode(expected.as_bytes()).unwrap(), fields);
    }

    #[test]
    fn official_samples_parse() {
        let notify = decode(&vector_file(
            "samples/wechat_v2_pay_notify.official_sample.xml",
        ))
        .unwrap();
        assert_eq!(notify["attach"], "支付测试");
        assert_eq!(notify["total_fee"], "1");
        assert_eq!(notify["transaction_id"], "1004400740201409030005092168");
        assert_eq!(notify.len(), 20);
        let php = decode(&vector_file(
            "wechatpay-php/tests/fixtures/paysuccess.notification.sample.xml",
        ))
        .unwrap();
        assert_eq!(php, notify);

        let req = decode(&vector_file(
            "samples/wechat_v2_unifiedorder_request.official_sample.xml",
        ))
        .unwrap();
        assert_eq!(req["body"], "JSAPI支付测试");
        assert_eq!(req["trade_type"], "JSAPI");
        assert!(req["detail"].starts_with("{ \"goods_detail\""));
        let php_req = decode(&vector_file(
            "wechatpay-php/tests/fixtures/unifiedorder.sample.xml",
        ))
        .unwrap();
        assert_eq!(php_req, req);

        let resp = decode(&vector_file(
            "samples/wechat_v2_unifiedorder_response.official_sample.xml",
        ))
        .unwrap();
        assert_eq!(resp["prepay_id"], "wx201411101639507cbf6ffd8b0779950874");

        let outer = decode(&vector_file(
            "samples/wechat_v2_refund_notify_outer.official_sample.xml",
        ))
        .unwrap();
        assert_eq!(outer["return_code"], "SUCCESS");
        assert_eq!(outer["mch_id"], "1900000109");

        let reply = decode(&vector_file("samples/wechat_v2_notify_reply.xml")).unwrap();
        assert_eq!(reply["return_msg"], "OK");

        let plain = decode_root(
            &vector_file("samples/wechat_v2_refund_notify_req_info_plain.official_sample.xml"),
            "root",
        )
        .unwrap();
        assert_eq!(plain["refund_recv_accout"], "支付用户零钱");
        assert_eq!(plain["success_time"], "2018-11-19 16:24:13");
        let php_plain = decode_root(
            &vector_file("wechatpay-php/tests/fixtures/refund.notification.req_info.sample.xml"),
            "root",
        )
        .unwrap();
        assert_eq!(php_plain, plain);
        // A <root> document is not an <xml> one.
        assert!(decode(&vector_file(
            "samples/wechat_v2_refund_notify_req_info_plain.official_sample.xml"
        ))
        .is_err());

        let pk = decode(&vector_file(
            "wechatpay-php/tests/fixtures/getpublickey.response.sample.xml",
        ))
        .unwrap();
        assert!(pk["pub_key"].starts_with("-----BEGIN RSA PUBLIC KEY-----\nMIIB"));
    }

    #[test]
    fn escaped_text_and_declaration() {
        let f = decode(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><a>x &amp; y &lt;z&gt; &#20013;</a><b/><c></c></xml>\n",
        )
        .unwrap();
        assert_eq!(f["a"], "x & y <z> 中");
        assert_eq!(f["b"], "");
        assert_eq!(f["c"], "");
    }

    #[test]
    fn cdata_terminator_round_trips() {
        let mut fields = BTreeMap::new();
        fields.insert("a".to_owned(), "x]]>y]]]>z<&>".to_owned());
        fields.insert("b".to_owned(), "]]>".to_owned());
        let xml = encode(&fields);
        assert_eq!(decode(xml.as_bytes()).unwrap(), fields);
    }

    #[test]
    fn rejects_hostile_or_broken_xml() {
        let cases: &[&[u8]] = &[
            b"<!DOCTYPE xml [<!ENTITY e \"x\">]><xml><a>&e;</a></xml>",
            b"<!doctype xml><xml><a>1</a></xml>",
            b"<xml><!ENTITY e SYSTEM \"file:///etc/passwd\"><a>1</a></xml>",
            b"<xml><a><b>1</b></a></xml>",
            b"<xml><a>1</a><a>2</a></xml>",
            b"<xml><a>1</b></xml>",
            b"<xml><a>1</a>",
            b"<xml>text<a>1</a></xml>",
            b"<root><a>1</a></root>",
            b"<xml><a>1</a></xml><xml></xml>",
            b"<xml><a>&unknown;</a></xml>",
            b"<?pi x?><xml></xml>",
            b"",
            b"not xml",
            b"<xml><a>\xff</a></xml>",
        ];
        for case in cases {
            assert!(
                matches!(decode(case), Err(ProviderError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(case)
            );
        }
        let mut big = b"<xml><a>".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_XML_BYTES));
        big.extend(b"</a></xml>");
        match decode(&big) {
            Err(ProviderError::Malformed(m)) => assert!(m.contains("limit"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
