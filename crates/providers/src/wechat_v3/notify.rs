//! v3 notifies: signed headers over the raw body first, then the resource decrypted with the
//! APIv3 key; and the replies WeChat expects (204 to stop, 4xx/5xx with
//! `{"code":"FAIL","message":…}` to have it sent again).
//!
//! Checks, in order (anything that fails is refused, never trusted):
//! 1. `Wechatpay-Signature`, `-Timestamp`, `-Nonce`, `-Serial` all present;
//!    `Wechatpay-Signature-Type`, when present, `WECHATPAY2-SHA256-RSA2048`;
//! 2. not a probe (`WECHATPAY/SIGNTEST/…`);
//! 3. the timestamp within five minutes of when the request arrived;
//! 4. the serial known (after at most one certificate download, rate-limited) and the
//!    signature valid;
//! 5. the resource `AEAD_AES_256_GCM`, authenticated by our APIv3 key, naming our mchid/appid.

use serde_json::json;

use super::certs::EncryptedResource;
use super::client::{refund_state, trade_state};
use super::wire::{NotifyEnvelope, RefundResource, Transaction};
use super::{SignatureHeaders, WechatPayV3};
use crate::{
    IncomingRequest, Notification, NotifyResponse, PayNotification, ProviderError,
    RefundNotification, Verdict, VerifyNotify,
};
use paycenter_domain::Amount;

/// The content type of failure replies.
pub const REPLY_CONTENT_TYPE: &str = "application/json";

fn malformed(msg: impl Into<String>) -> ProviderError {
    ProviderError::Malformed(msg.into())
}

/// `{"code":"FAIL","message":…}` with `status` (400 refused, 500 our outage).
pub fn failure_reply(status: u16, message: &str) -> NotifyResponse {
    NotifyResponse::text(
        status,
        REPLY_CONTENT_TYPE,
        json!({"code": "FAIL", "message": message}).to_string(),
    )
}

/// The reply for a notify no client can phrase (unknown project, no v3 credentials): 400 FAIL.
pub fn refusal_without_client(reason: &str) -> NotifyResponse {
    failure_reply(400, reason)
}

impl WechatPayV3 {
    /// Decrypts a verified envelope's resource into what it reports.
    pub fn notification_from_envelope(&self, body: &[u8]) -> Result<Notification, ProviderError> {
        let env: NotifyEnvelope =
            serde_json::from_slice(body).map_err(|e| malformed(format!("notify envelope: {e}")))?;
        let plain = decrypt(&env.resource, self)?;
        let raw = plain.as_str().to_owned();
        if env.event_type.starts_with("TRANSACTION.") {
            let t: Transaction = serde_json::from_str(&plain)
                .map_err(|e| malformed(format!("notify transaction: {e}")))?;
            self.check_merchant(&t.mchid, Some(&t.appid))?;
            Ok(Notification::Pay(PayNotification {
                state: trade_state(&t)?,
                out_trade_no: t.out_trade_no,
                app_id: t.appid,
                merchant_id: Some(t.mchid),
                raw,
            }))
        } else if env.event_type.starts_with("REFUND.") {
            let r: RefundResource = serde_json::from_str(&plain)
                .map_err(|e| malformed(format!("notify refund: {e}")))?;
            self.check_merchant(&r.mchid, None)?;
            let refund_amount = Amount::from_fen(r.amount.refund)
                .map_err(|_| malformed(format!("refund amount {} is not fen", r.amount.refund)))?;
            Ok(Notification::Refund(RefundNotification {
                state: refund_state(&r.refund_status, &r.refund_id, r.success_time.as_deref())?,
                out_trade_no: r.out_trade_no,
                out_refund_no: r.out_refund_no,
                refund_amount,
                raw,
            }))
        } else {
            Err(malformed(format!(
                "unsupported notify event_type {:?}",
                env.event_type
            )))
        }
    }
}

fn decrypt(
    resource: &EncryptedResource,
    client: &WechatPayV3,
) -> Result<zeroize::Zeroizing<String>, ProviderError> {
    resource.decrypt(client.api_v3_key())
}

#[async_trait::async_trait]
impl VerifyNotify for WechatPayV3 {
    async fn verify_notify(
        &self,
        req: &IncomingRequest<'_>,
    ) -> Result<Notification, ProviderError> {
        let h = SignatureHeaders::from_headers(req.headers).ok_or_else(|| {
            tracing::warn!(mch_id = %self.mch_id(), "WeChat Pay v3 notify without its signature headers");
            ProviderError::InvalidSignature
        })?;
        self.verify_signed(&h, req.body, req.received_at).await?;
        self.notification_from_envelope(req.body)
    }

    fn notify_reply(&self, verdict: Verdict<'_>) -> NotifyResponse {
        match verdict {
            Verdict::Accepted => NotifyResponse {
                status: 204,
                content_type: None,
                body: Vec::new(),
            },
            Verdict::Refused(reason) => failure_reply(400, reason),
            Verdict::Unavailable(reason) => failure_reply(500, reason),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wechat_v3::client::tests::client;
    use crate::wechat_v3::test_vectors::{derived, v3_json, v3_text, PLATFORM_SERIAL};
    use crate::{PaidTrade, RefundState, TradeState};
    use chrono::{DateTime, Utc};
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

    fn headers(v: &serde_json::Value) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, val) in v.as_object().unwrap() {
            h.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(val.as_str().unwrap()).unwrap(),
            );
        }
        h
    }

    fn arrival(h: &HeaderMap) -> DateTime<Utc> {
        let ts: i64 = h["Wechatpay-Timestamp"].to_str().unwrap().parse().unwrap();
        DateTime::from_timestamp(ts + 2, 0).unwrap()
    }

    async fn verify(
        c: &WechatPayV3,
        h: &HeaderMap,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<Notification, ProviderError> {
        c.verify_notify(&IncomingRequest {
            method: "POST",
            path: "/notify/wechat/prj",
            query: None,
            headers: h,
            body: body.as_bytes(),
            received_at: at,
        })
        .await
    }

    fn cert_mode_client() -> WechatPayV3 {
        // Certificate mode with the platform certificate already known (no HTTP here: the
        // base points nowhere, so a download attempt fails and changes nothing).
        let c = client(false, "http://127.0.0.1:9/");
        c.add_platform_certificates(&[&v3_text("wxpay_v3_gosdk_test_platform_cert.pem")])
            .unwrap();
        c
    }

    fn expected_paid() -> TradeState {
        TradeState::Paid(PaidTrade {
            provider_trade_no: "4200000000201407033233368018".into(),
            total_amount: Amount::from_fen(100).unwrap(),
            paid_amount: Some(Amount::from_fen(100).unwrap()),
            payer: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
            paid_at: Some("2018-06-08T02:34:56Z".parse().unwrap()),
        })
    }

    #[tokio::test]
    async fn derived_transaction_success_in_both_modes() {
        let v = v3_json("wxpay_v3_derived_notify_vectors.json");
        for (name, c) in [
            ("transaction_success_cert_mode", cert_mode_client()),
            (
                "transaction_success_pubkey_mode",
                client(true, "http://127.0.0.1:9/"),
            ),
        ] {
            let vector = &v["vectors"][name];
            let h = headers(&vector["headers"]);
            let body = vector["body"].as_str().unwrap();
            let Notification::Pay(n) = verify(&c, &h, body, arrival(&h)).await.unwrap() else {
                panic!("{name}: not a pay notify")
            };
            assert_eq!(n.out_trade_no, "1217752501201407033233368018", "{name}");
            assert_eq!(n.app_id, "wxd678efh567hg6787");
            assert_eq!(n.merchant_id.as_deref(), Some("1230000109"));
            assert_eq!(n.state, expected_paid());
            assert_eq!(n.raw, vector["expected_plaintext"].as_str().unwrap());
        }
    }

    #[tokio::test]
    async fn derived_refund_success() {
        let v = v3_json("wxpay_v3_derived_notify_vectors.json");
        let vector = &v["vectors"]["refund_success_cert_mode"];
        let h = headers(&vector["headers"]);
        let body = vector["body"].as_str().unwrap();
        let Notification::Refund(n) = verify(&cert_mode_client(), &h, body, arrival(&h))
            .await
            .unwrap()
        else {
            panic!("not a refund notify")
        };
        assert_eq!(n.out_trade_no, "1217752501201407033233368018");
        assert_eq!(n.out_refund_no, "1217752501201407033233368018");
        assert_eq!(n.refund_amount, Amount::from_fen(100).unwrap());
        assert_eq!(
            n.state,
            RefundState::Succeeded {
                provider_refund_no: Some("50000000382019052709732678859".into()),
                refunded_at: Some("2018-06-08T02:34:56Z".parse().unwrap()),
            }
        );
    }

    #[tokio::test]
    async fn refusals() {
        let v = v3_json("wxpay_v3_derived_notify_vectors.json");
        let vector = &v["vectors"]["transaction_success_cert_mode"];
        let h = headers(&vector["headers"]);
        let body = vector["body"].as_str().unwrap();
        let c = cert_mode_client();
        let at = arrival(&h);
        verify(&c, &h, body, at).await.unwrap();

        // Stale: five minutes after the timestamp (and five before).
        let ts = DateTime::from_timestamp(1_554_208_460, 0).unwrap();
        for when in [
            ts + chrono::TimeDelta::seconds(300),
            ts - chrono::TimeDelta::seconds(300),
        ] {
            assert!(matches!(
                verify(&c, &h, body, when).await,
                Err(ProviderError::InvalidSignature)
            ));
        }
        // A tampered body, a missing header, a probe, another signature type, an unknown
        // serial (the download attempt fails: nothing listens at the base).
        let tampered = body.replace("EV-2018022511223320873", "EV-2018022511223320874");
        assert!(verify(&c, &h, &tampered, at).await.is_err());
        for name in [
            "Wechatpay-Signature",
            "Wechatpay-Timestamp",
            "Wechatpay-Nonce",
            "Wechatpay-Serial",
        ] {
            let mut missing = h.clone();
            missing.remove(name);
            assert!(
                matches!(
                    verify(&c, &missing, body, at).await,
                    Err(ProviderError::InvalidSignature)
                ),
                "{name}"
            );
        }
        let mut probe = h.clone();
        let sig = h["Wechatpay-Signature"].to_str().unwrap();
        probe.insert(
            "Wechatpay-Signature",
            HeaderValue::from_str(&format!("WECHATPAY/SIGNTEST/{sig}")).unwrap(),
        );
        assert!(verify(&c, &probe, body, at).await.is_err());
        let mut sm2 = h.clone();
        sm2.insert(
            "Wechatpay-Signature-Type",
            HeaderValue::from_static("WECHATPAY2-SM2-WITH-SM3"),
        );
        assert!(verify(&c, &sm2, body, at).await.is_err());
        let mut unknown = h.clone();
        unknown.insert(
            "Wechatpay-Serial",
            HeaderValue::from_static("5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC"),
        );
        assert!(matches!(
            verify(&c, &unknown, body, at).await,
            Err(ProviderError::InvalidSignature)
        ));
        // The cert-mode notify is not signed by a public-key merchant's key id.
        assert!(verify(&client(true, "http://127.0.0.1:9/"), &h, body, at)
            .await
            .is_err());
        // Another merchant's APIv3 key cannot decrypt: refused after a valid signature.
        let mut other = crate::wechat_v3::test_vectors::credentials(false);
        other.api_v3_key = secrecy::SecretString::from("0123456789abcdef0123456789abcdef");
        let other = WechatPayV3::new(
            other,
            &crate::ProviderEndpoints::production(),
            reqwest::Client::new(),
        )
        .unwrap();
        other
            .add_platform_certificates(&[&v3_text("wxpay_v3_gosdk_test_platform_cert.pem")])
            .unwrap();
        assert!(matches!(
            verify(&other, &h, body, at).await,
            Err(ProviderError::Malformed(_))
        ));
        assert_eq!(PLATFORM_SERIAL, h["Wechatpay-Serial"].to_str().unwrap());
    }

    /// wechatpay-go's notify: its signature verifies with its platform certificate, but its
    /// "APIv3 key" is 16 bytes (AES-128-GCM in Go): our 32-byte rule refuses that key, so no
    /// client of ours can be built for it, and a 32-byte key does not decrypt it.
    #[tokio::test]
    async fn gosdk_notify_needs_a_16_byte_key_which_we_refuse() {
        let v = v3_json("wxpay_v3_gosdk_notify_vector.json");
        let mut creds = crate::wechat_v3::test_vectors::credentials(false);
        creds.api_v3_key = secrecy::SecretString::from(v["apiv3_key_utf8"].as_str().unwrap());
        let err = WechatPayV3::new(
            creds,
            &crate::ProviderEndpoints::production(),
            reqwest::Client::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("apiV3Key must be exactly 32 bytes, not 16"),
            "{err}"
        );

        let c = cert_mode_client();
        let h = headers(&v["headers"]);
        let body = v["body"].as_str().unwrap();
        let key =
            crate::wechat_v3::test_vectors::v3_public_key("wxpay_v3_gosdk_test_platform_pub.pem");
        let s = |k: &str| h[k].to_str().unwrap();
        crate::wechat_v3::sign::verify_response(
            &key,
            s("Wechatpay-Timestamp"),
            s("Wechatpay-Nonce"),
            body.as_bytes(),
            s("Wechatpay-Signature"),
        )
        .unwrap();
        assert!(matches!(
            verify(&c, &h, body, arrival(&h)).await,
            Err(ProviderError::Malformed(_))
        ));
    }

    /// derived_vectors.json's notify: the axios-plugin platform certificate, another APIv3 key.
    #[tokio::test]
    async fn derived_vectors_notify() {
        let d = &derived()["v3_notify"];
        let mut creds = crate::wechat_v3::test_vectors::credentials(false);
        creds.api_v3_key = secrecy::SecretString::from(d["apiv3_key"].as_str().unwrap());
        creds.mch_id = "1900000109".into();
        creds.app_id = "wx8888888888888888".into();
        let c = WechatPayV3::new(
            creds,
            &crate::ProviderEndpoints::sandbox("http://127.0.0.1:9"),
            reqwest::Client::new(),
        )
        .unwrap();
        let cert = String::from_utf8(crate::test_vectors::vector_file(
            d["verify_with"].as_str().unwrap(),
        ))
        .unwrap();
        c.add_platform_certificates(&[&cert]).unwrap();
        let h = headers(&d["headers"]);
        let Notification::Pay(n) = verify(&c, &h, d["body"].as_str().unwrap(), arrival(&h))
            .await
            .unwrap()
        else {
            panic!("not a pay notify")
        };
        assert_eq!(n.out_trade_no, "T1");
        assert!(
            matches!(n.state, TradeState::Paid(PaidTrade { total_amount, .. }) if total_amount == Amount::from_fen(1).unwrap())
        );
    }

    #[tokio::test]
    async fn refund_failures_and_other_events() {
        let c = client(true, "http://127.0.0.1:9/");
        let key = c.api_v3_key().clone();
        let envelope = |event: &str, plain: &str| {
            let nonce = "abcdefghijkl";
            json!({
                "id": "EV-1", "create_time": "2024-01-01T00:00:00+08:00",
                "resource_type": "encrypt-resource", "event_type": event, "summary": "s",
                "resource": {"original_type": "refund", "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": key.encrypt(nonce, "refund", plain.as_bytes()).unwrap(),
                    "associated_data": "refund", "nonce": nonce}
            })
            .to_string()
        };
        for status in ["ABNORMAL", "CLOSED"] {
            let plain = format!(
                r#"{{"mchid":"1230000109","transaction_id":"42","out_trade_no":"T1","refund_id":"5","out_refund_no":"R1","refund_status":"{status}","amount":{{"total":3,"refund":2,"payer_total":3,"payer_refund":2}}}}"#
            );
            let Notification::Refund(n) = c
                .notification_from_envelope(
                    envelope(&format!("REFUND.{status}"), &plain).as_bytes(),
                )
                .unwrap()
            else {
                panic!()
            };
            assert_eq!(n.state, RefundState::Failed(status.into()));
            assert_eq!(n.refund_amount, Amount::from_fen(2).unwrap());
        }
        let other_mch = r#"{"mchid":"1","transaction_id":"42","out_trade_no":"T1","refund_id":"5","out_refund_no":"R1","refund_status":"SUCCESS","amount":{"total":3,"refund":2}}"#;
        assert!(c
            .notification_from_envelope(envelope("REFUND.SUCCESS", other_mch).as_bytes())
            .is_err());
        assert!(c
            .notification_from_envelope(envelope("PAYSCORE.USER_OPEN_SERVICE", "{}").as_bytes())
            .is_err());
        assert!(c.notification_from_envelope(b"not json").is_err());
    }

    #[test]
    fn replies() {
        let c = client(true, "http://127.0.0.1:9/");
        let ok = c.notify_reply(Verdict::Accepted);
        assert_eq!((ok.status, ok.content_type, ok.body.len()), (204, None, 0));
        let refused = c.notify_reply(Verdict::Refused("签名错误 \"x\""));
        assert_eq!(
            (refused.status, refused.content_type),
            (400, Some("application/json"))
        );
        let v: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
        assert_eq!(v, json!({"code": "FAIL", "message": "签名错误 \"x\""}));
        assert_eq!(c.notify_reply(Verdict::Unavailable("db")).status, 500);
        assert_eq!(refusal_without_client("x").status, 400);
    }
}
