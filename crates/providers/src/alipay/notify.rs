//! Alipay asynchronous pay notifies (`trade_status_sync`): a form POST signed with RSA2 over all
//! fields but `sign` and `sign_type`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::client::trade_state;
use super::sign::{notify_content_to_verify, rsa2_verify_with};
use super::Alipay;
use crate::{
    IncomingRequest, Notification, NotifyResponse, PayNotification, ProviderError, Verdict,
    VerifyNotify,
};

/// What Alipay expects back when a notify was handled.
pub const SUCCESS_REPLY: &str = "success";
/// Anything but `success` makes Alipay retry; this is the conventional word.
pub const FAILURE_REPLY: &str = "fail";
pub const REPLY_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// Decodes an `application/x-www-form-urlencoded` notify body. Repeated names are rejected.
pub fn parse_notify_form(body: &[u8]) -> Result<BTreeMap<String, String>, ProviderError> {
    if std::str::from_utf8(body).is_err() {
        return Err(ProviderError::Malformed(
            "Alipay notify is not UTF-8".into(),
        ));
    }
    let mut out = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        if out.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(ProviderError::Malformed(format!(
                "Alipay notify repeats `{k}`"
            )));
        }
    }
    if out.is_empty() {
        return Err(ProviderError::Malformed("empty Alipay notify".into()));
    }
    Ok(out)
}

/// Builds the notification from verified fields (pure).
pub fn pay_notification_from(
    fields: &BTreeMap<String, String>,
    raw: String,
) -> Result<PayNotification, ProviderError> {
    let m: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let get = |name: &str| {
        fields
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .ok_or_else(|| ProviderError::Malformed(format!("Alipay notify has no `{name}`")))
    };
    Ok(PayNotification {
        out_trade_no: get("out_trade_no")?,
        app_id: get("app_id")?,
        merchant_id: fields.get("seller_id").filter(|v| !v.is_empty()).cloned(),
        state: trade_state(&m, "gmt_payment")?,
        raw,
    })
}

impl Alipay {
    /// Decodes and verifies a pay notify body with this merchant's Alipay public key.
    pub fn verify_notify_fields(
        &self,
        body: &[u8],
    ) -> Result<BTreeMap<String, String>, ProviderError> {
        let fields = parse_notify_form(body)?;
        let sig = fields
            .get("sign")
            .filter(|s| !s.is_empty())
            .ok_or(ProviderError::InvalidSignature)?;
        rsa2_verify_with(
            &self.verifier,
            notify_content_to_verify(&fields).as_bytes(),
            sig,
        )?;
        Ok(fields)
    }
}

impl Alipay {
    /// A pay notify (`trade_status_sync`), verified with this merchant's Alipay public key.
    pub fn verify_pay_notify(&self, body: &[u8]) -> Result<PayNotification, ProviderError> {
        let fields = self.verify_notify_fields(body)?;
        pay_notification_from(&fields, String::from_utf8_lossy(body).into_owned())
    }
}

/// `success` stops Alipay's retries; anything else (`fail`) makes it send the notify again.
pub fn reply(verdict: Verdict<'_>) -> NotifyResponse {
    match verdict {
        Verdict::Accepted => NotifyResponse::text(200, REPLY_CONTENT_TYPE, SUCCESS_REPLY),
        Verdict::Refused(_) => NotifyResponse::text(200, REPLY_CONTENT_TYPE, FAILURE_REPLY),
        // Our own outage: a 5xx as well, so Alipay certainly retries.
        Verdict::Unavailable(_) => NotifyResponse::text(503, REPLY_CONTENT_TYPE, FAILURE_REPLY),
    }
}

/// Alipay reports refunds in the refund call's own reply (and its query), so every notify is a
/// pay notify.
#[async_trait::async_trait]
impl VerifyNotify for Alipay {
    async fn verify_notify(
        &self,
        req: &IncomingRequest<'_>,
    ) -> Result<Notification, ProviderError> {
        self.verify_pay_notify(req.body).map(Notification::Pay)
    }

    fn notify_reply(&self, verdict: Verdict<'_>) -> NotifyResponse {
        reply(verdict)
    }

    fn verify_return(
        &self,
        req: &IncomingRequest<'_>,
    ) -> Result<crate::BrowserReturn, ProviderError> {
        self.verify_browser_return(req.query.unwrap_or_default())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::alipay::sign::rsa2_sign;
    use crate::alipay::testdata::{
        derived_vectors, fixture, public_vectors, read_vector, string_map,
    };
    use crate::rsa_keys::RsaSigner;
    use crate::{AlipayCredentials, ProviderEndpoints, TradeState};
    use chrono::{TimeZone, Utc};
    use paycenter_domain::Amount;

    fn alipay_with_platform_key(alipay_public_key: String) -> Alipay {
        Alipay::new(
            AlipayCredentials {
                app_id: "2021000122671080".into(),
                app_private_key: fixture("app-private-key.pem").into(),
                alipay_public_key,
            },
            &ProviderEndpoints::sandbox("http://127.0.0.1:9"),
            reqwest::Client::new(),
        )
        .unwrap()
    }

    /// The fixture pair plays the Alipay platform: we sign notifies with app-private-key.pem.
    fn sandbox_alipay() -> Alipay {
        alipay_with_platform_key(fixture("app-public-key.pem"))
    }

    fn encode(fields: &BTreeMap<String, String>) -> Vec<u8> {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            s.append_pair(k, v);
        }
        s.finish().into_bytes()
    }

    fn signed_notify(mut fields: BTreeMap<String, String>) -> Vec<u8> {
        let key = RsaSigner::parse(&fixture("app-private-key.pem")).unwrap();
        fields.insert("sign_type".into(), "RSA2".into());
        let sig = rsa2_sign(&key, &notify_content_to_verify(&fields)).unwrap();
        fields.insert("sign".into(), sig);
        encode(&fields)
    }

    fn base_fields(status: &str) -> BTreeMap<String, String> {
        let mut f = BTreeMap::new();
        for (k, v) in [
            ("notify_type", "trade_status_sync"),
            ("notify_id", "n1"),
            ("app_id", "2021000122671080"),
            ("out_trade_no", "T9"),
            ("trade_no", "2024010122001400000000000009"),
            ("trade_status", status),
            ("total_amount", "12.34"),
            ("seller_id", "2088102177000000"),
        ] {
            f.insert(k.to_string(), v.to_string());
        }
        f
    }

    #[test]
    fn production_notify_end_to_end() {
        let v = &public_vectors()["alipay_notify_rsa2_nodejs_v1"];
        let alipay =
            alipay_with_platform_key(v["alipay_public_key_b64"].as_str().unwrap().to_string());
        let text = read_vector("alipay_notify_v1_string_to_verify.txt");
        let mut fields = BTreeMap::new();
        for pair in text.trim_end_matches(['\r', '\n']).split('&') {
            let (k, val) = pair.split_once('=').unwrap();
            fields.insert(k.to_string(), val.to_string());
        }
        fields.insert("sign".into(), v["sign"].as_str().unwrap().into());
        fields.insert("sign_type".into(), "RSA2".into());
        let body = encode(&fields);
        let n = alipay.verify_pay_notify(&body).unwrap();
        assert_eq!(n.out_trade_no, "20190815155618536-564-57");
        assert_eq!(n.app_id, "2019073166072302");
        assert_eq!(n.merchant_id.as_deref(), Some("2088531891668739"));
        match n.state {
            TradeState::Paid(p) => {
                assert_eq!(p.provider_trade_no, "2019081522001468450512505578");
                assert_eq!(p.total_amount, Amount::from_fen(10).unwrap());
                assert_eq!(p.paid_amount, Some(Amount::from_fen(10).unwrap()));
                assert_eq!(p.payer.as_deref(), Some("2088102534368455"));
                assert_eq!(
                    p.paid_at,
                    Some(Utc.with_ymd_and_hms(2019, 8, 15, 7, 56, 24).unwrap())
                );
            }
            other => panic!("{other:?}"),
        }
        // Tampered amount.
        let mut tampered = fields.clone();
        tampered.insert("total_amount".into(), "1000.00".into());
        assert!(matches!(
            alipay.verify_pay_notify(&encode(&tampered)),
            Err(ProviderError::InvalidSignature)
        ));
        // The platform key of another Alipay account does not verify it.
        assert!(matches!(
            sandbox_alipay().verify_pay_notify(&body),
            Err(ProviderError::InvalidSignature)
        ));
    }

    #[test]
    fn derived_notify_end_to_end() {
        let v = &derived_vectors()["alipay_notify_rsa2"];
        let fields = string_map(&v["fields"]);
        let n = sandbox_alipay()
            .verify_pay_notify(&encode(&fields))
            .unwrap();
        assert_eq!(n.out_trade_no, "T1");
        match n.state {
            TradeState::Paid(p) => {
                assert_eq!(p.total_amount, Amount::from_fen(1).unwrap());
                assert_eq!(p.payer.as_deref(), Some("2088102177846880"));
                assert_eq!(
                    p.paid_at,
                    Some(Utc.with_ymd_and_hms(2024, 1, 1, 4, 0, 5).unwrap())
                );
            }
            other => panic!("{other:?}"),
        }
        // Signature missing / garbage.
        let mut unsigned = fields.clone();
        unsigned.remove("sign");
        assert!(matches!(
            sandbox_alipay().verify_pay_notify(&encode(&unsigned)),
            Err(ProviderError::InvalidSignature)
        ));
        let mut garbage = fields.clone();
        garbage.insert("sign".into(), "bm90IGEgc2lnbmF0dXJl".into());
        assert!(matches!(
            sandbox_alipay().verify_pay_notify(&encode(&garbage)),
            Err(ProviderError::InvalidSignature)
        ));
        // An extra field not covered by the signature.
        let mut extra = fields.clone();
        extra.insert("passback_params".into(), "x".into());
        assert!(sandbox_alipay().verify_pay_notify(&encode(&extra)).is_err());
    }

    #[test]
    fn servicemarket_notify_is_not_a_trade_notify() {
        // Gateway-pushed notifies keep sign_type in the signed string; the trade notify rule
        // (sign_type removed) must not accept it.
        let v = &public_vectors()["alipay_servicemarket_notify_nodejs"];
        let alipay = alipay_with_platform_key(fixture("alipay-notify-sign-public-key-v2.pem"));
        let text = read_vector("alipay_servicemarket_notify_string_to_verify.txt");
        let mut fields = BTreeMap::new();
        for pair in text.trim_end_matches(['\r', '\n']).split('&') {
            let (k, val) = pair.split_once('=').unwrap();
            fields.insert(k.to_string(), val.to_string());
        }
        fields.insert("sign".into(), v["sign"].as_str().unwrap().into());
        assert!(matches!(
            alipay.verify_pay_notify(&encode(&fields)),
            Err(ProviderError::InvalidSignature)
        ));
    }

    #[test]
    fn statuses_and_missing_fields() {
        let a = sandbox_alipay();
        let n = a
            .verify_pay_notify(&signed_notify(base_fields("WAIT_BUYER_PAY")))
            .unwrap();
        assert_eq!(n.state, TradeState::NotPaid);
        let n = a
            .verify_pay_notify(&signed_notify(base_fields("TRADE_CLOSED")))
            .unwrap();
        assert_eq!(n.state, TradeState::Closed);
        let n = a
            .verify_pay_notify(&signed_notify(base_fields("TRADE_FINISHED")))
            .unwrap();
        assert!(
            matches!(n.state, TradeState::Paid(ref p) if p.paid_at.is_none() && p.payer.is_none())
        );
        // Closed after a full refund: it was paid.
        let mut refunded = base_fields("TRADE_CLOSED");
        refunded.insert("gmt_payment".into(), "2024-01-01 12:00:05".into());
        refunded.insert("buyer_open_id".into(), "074a1CcTG1".into());
        let n = a.verify_pay_notify(&signed_notify(refunded)).unwrap();
        assert!(
            matches!(n.state, TradeState::Paid(ref p) if p.payer.as_deref() == Some("074a1CcTG1"))
        );

        let n = a
            .verify_pay_notify(&signed_notify(base_fields("TRADE_SUCCESS")))
            .unwrap();
        assert!(matches!(n.state, TradeState::Paid(ref p) if p.total_amount.fen() == 1234));

        for missing in ["app_id", "out_trade_no", "trade_status"] {
            let mut f = base_fields("TRADE_SUCCESS");
            f.remove(missing);
            assert!(
                matches!(
                    a.verify_pay_notify(&signed_notify(f)),
                    Err(ProviderError::Malformed(_))
                ),
                "{missing}"
            );
        }
        for (k, v) in [
            ("trade_status", "TRADE_WHATEVER"),
            ("total_amount", "12.345"),
            ("trade_no", ""),
            ("gmt_payment", "yesterday"),
        ] {
            let mut f = base_fields("TRADE_SUCCESS");
            f.insert(k.into(), v.into());
            assert!(
                matches!(
                    a.verify_pay_notify(&signed_notify(f)),
                    Err(ProviderError::Malformed(_))
                ),
                "{k}={v}"
            );
        }
    }

    #[test]
    fn malformed_bodies() {
        let a = sandbox_alipay();
        assert!(matches!(
            a.verify_pay_notify(b""),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            a.verify_pay_notify(&[0xff, 0x00]),
            Err(ProviderError::Malformed(_))
        ));
        let mut body = signed_notify(base_fields("TRADE_SUCCESS"));
        body.extend_from_slice(b"&out_trade_no=T10");
        assert!(matches!(
            a.verify_pay_notify(&body),
            Err(ProviderError::Malformed(_))
        ));
        assert!(a.verify_pay_notify(b"{\"json\":true}").is_err());
    }

    #[test]
    fn replies() {
        let a = sandbox_alipay();
        let ok = a.notify_reply(Verdict::Accepted);
        assert_eq!(
            (ok.status, ok.body.as_slice()),
            (200, b"success".as_slice())
        );
        assert!(ok.content_type.is_some_and(|c| c.starts_with("text/plain")));
        let refused = a.notify_reply(Verdict::Refused("bad signature"));
        assert_eq!(
            (refused.status, refused.body.as_slice()),
            (200, b"fail".as_slice())
        );
        let outage = a.notify_reply(Verdict::Unavailable("db"));
        assert_eq!(
            (outage.status, outage.body.as_slice()),
            (503, b"fail".as_slice())
        );
    }
}
