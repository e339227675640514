//! Pay and refund notifies, and the exact replies WeChat expects.

use super::client::{get, malformed, paid_trade, parse_beijing, Fields};
use super::{refund_crypto, sign, xml, WechatPay};
use crate::{
    IncomingRequest, Notification, NotifyResponse, PayNotification, ProviderError,
    RefundNotification, RefundState, TradeState, Verdict, VerifyNotify,
};
use paycenter_domain::Amount;

/// The content type of notify replies.
pub const REPLY_CONTENT_TYPE: &str = "text/xml";

/// The reply that stops WeChat retrying a notify.
pub const SUCCESS_REPLY: &str =
    "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";

/// `<xml><return_code>…</return_code><return_msg>…</return_msg></xml>`, both in CDATA.
pub fn reply_xml(return_code: &str, return_msg: &str) -> String {
    let mut out = String::from("<xml>");
    xml::push_cdata_element(&mut out, "return_code", return_code);
    xml::push_cdata_element(&mut out, "return_msg", return_msg);
    out.push_str("</xml>");
    out
}

fn require<'a>(fields: &'a Fields, key: &str) -> Result<&'a str, ProviderError> {
    get(fields, key).ok_or_else(|| malformed(format!("notify has no {key}")))
}

fn check_return_code(fields: &Fields) -> Result<(), ProviderError> {
    match get(fields, "return_code") {
        Some("SUCCESS") => Ok(()),
        other => Err(malformed(format!(
            "notify return_code is {:?} ({})",
            other.unwrap_or(""),
            get(fields, "return_msg").unwrap_or("")
        ))),
    }
}

impl WechatPay {
    /// A pay notify: signed fields, checked against this merchant.
    pub fn verify_pay_notify(&self, body: &[u8]) -> Result<PayNotification, ProviderError> {
        let fields = xml::decode(body)?;
        sign::verify_with_default(&fields, self.api_key(), self.sign_type())?;
        check_return_code(&fields)?;
        self.check_merchant(&fields, true)?;
        let state = match require(&fields, "result_code")? {
            "SUCCESS" => TradeState::Paid(paid_trade(&fields)?),
            "FAIL" => TradeState::PayError(
                get(&fields, "err_code_des")
                    .or_else(|| get(&fields, "err_code"))
                    .unwrap_or("FAIL")
                    .to_owned(),
            ),
            other => return Err(malformed(format!("unknown result_code {other:?}"))),
        };
        Ok(PayNotification {
            out_trade_no: require(&fields, "out_trade_no")?.to_owned(),
            app_id: require(&fields, "appid")?.to_owned(),
            merchant_id: Some(require(&fields, "mch_id")?.to_owned()),
            state,
            raw: String::from_utf8_lossy(body).into_owned(),
        })
    }

    /// The outer message is unsigned: it is trusted because `req_info` decrypts with our key.
    /// `raw` holds the decrypted `<root>` (the outer body is only ciphertext).
    pub fn verify_refund_notify(&self, body: &[u8]) -> Result<RefundNotification, ProviderError> {
        let outer = xml::decode(body)?;
        check_return_code(&outer)?;
        self.check_merchant(&outer, true)?;
        let plain = refund_crypto::decrypt_req_info(require(&outer, "req_info")?, self.api_key())?;
        let inner = xml::decode_root(plain.as_bytes(), "root")?;
        let refund_fee = require(&inner, "refund_fee")?;
        let refund_amount = refund_fee
            .parse::<i64>()
            .ok()
            .and_then(|v| Amount::from_fen(v).ok())
            .ok_or_else(|| malformed(format!("refund_fee is not an amount: {refund_fee:?}")))?;
        let state = match require(&inner, "refund_status")? {
            "SUCCESS" => RefundState::Succeeded {
                provider_refund_no: get(&inner, "refund_id").map(str::to_owned),
                refunded_at: get(&inner, "success_time")
                    .and_then(|t| parse_beijing(t, "%Y-%m-%d %H:%M:%S")),
            },
            s @ ("CHANGE" | "REFUNDCLOSE") => RefundState::Failed(s.to_owned()),
            other => return Err(malformed(format!("unknown refund_status {other:?}"))),
        };
        Ok(RefundNotification {
            out_trade_no: require(&inner, "out_trade_no")?.to_owned(),
            out_refund_no: require(&inner, "out_refund_no")?.to_owned(),
            refund_amount,
            state,
            raw: plain,
        })
    }

    /// `<return_code>SUCCESS</return_code>`: WeChat stops sending the notify.
    pub fn success_reply(&self) -> NotifyResponse {
        NotifyResponse::text(200, REPLY_CONTENT_TYPE, SUCCESS_REPLY)
    }

    /// `<return_code>FAIL</return_code>` with `reason`: WeChat sends the notify again later.
    pub fn failure_reply(&self, reason: &str) -> NotifyResponse {
        NotifyResponse::text(200, REPLY_CONTENT_TYPE, reply_xml("FAIL", reason))
    }
}

/// Whether a v2 notify body is a refund notify (its outer message carries the encrypted
/// `req_info`; a pay notify never does). The refund route and the pay route both accept either.
fn is_refund_notify(body: &[u8]) -> bool {
    body.windows(b"<req_info>".len())
        .any(|w| w == b"<req_info>")
}

#[async_trait::async_trait]
impl VerifyNotify for WechatPay {
    async fn verify_notify(
        &self,
        req: &IncomingRequest<'_>,
    ) -> Result<Notification, ProviderError> {
        if is_refund_notify(req.body) {
            self.verify_refund_notify(req.body)
                .map(Notification::Refund)
        } else {
            self.verify_pay_notify(req.body).map(Notification::Pay)
        }
    }

    fn notify_reply(&self, verdict: Verdict<'_>) -> NotifyResponse {
        match verdict {
            Verdict::Accepted => self.success_reply(),
            Verdict::Refused(reason) => self.failure_reply(reason),
            // Our own outage: a 5xx as well, so WeChat certainly retries.
            Verdict::Unavailable(reason) => NotifyResponse {
                status: 503,
                ..self.failure_reply(reason)
            },
        }
    }
}

/// The reply for a notify no client can phrase (the project is unknown or has no WeChat Pay
/// credentials): v2's FAIL, which WeChat retries.
pub fn refusal_without_client(reason: &str) -> NotifyResponse {
    NotifyResponse::text(200, REPLY_CONTENT_TYPE, reply_xml("FAIL", reason))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_vectors::{derived, public, string_map, vector_file};
    use crate::wechat_v2::client::tests::{pay, pay_with, signed_xml, KEY};
    use crate::wechat_v2::SignType;
    use crate::PaidTrade;

    #[test]
    fn derived_pay_notify() {
        let v = &derived()["v2_pay_notify_md5"];
        let mut f = string_map(&v["params"]);
        f.insert("sign".into(), v["sign"].as_str().unwrap().into());
        let body = xml::encode(&f);
        let n = pay().verify_pay_notify(body.as_bytes()).unwrap();
        assert_eq!(n.out_trade_no, "1409811653");
        assert_eq!(n.app_id, "wx2421b1c4370ec43b");
        assert_eq!(n.merchant_id.as_deref(), Some("10000100"));
        assert_eq!(n.raw, body);
        assert_eq!(
            n.state,
            TradeState::Paid(PaidTrade {
                provider_trade_no: "1004400740201409030005092168".into(),
                total_amount: Amount::from_fen(1).unwrap(),
                paid_amount: Some(Amount::from_fen(1).unwrap()),
                payer: Some("oUpF8uMEb4qRXf22hE3X68TekukE".into()),
                paid_at: Some("2014-09-03T05:15:40Z".parse().unwrap()),
            })
        );

        // Tampered amount, wrong key, missing sign.
        let tampered = body.replace("<total_fee><![CDATA[1]]>", "<total_fee><![CDATA[100]]>");
        assert_ne!(tampered, body);
        assert!(matches!(
            pay().verify_pay_notify(tampered.as_bytes()),
            Err(ProviderError::InvalidSignature)
        ));
        let other_key = pay_with("wx2421b1c4370ec43b", "10000100", "other", "http://x/");
        assert!(matches!(
            other_key.verify_pay_notify(body.as_bytes()),
            Err(ProviderError::InvalidSignature)
        ));
        f.remove("sign");
        assert!(matches!(
            pay().verify_pay_notify(xml::encode(&f).as_bytes()),
            Err(ProviderError::InvalidSignature)
        ));
        // Signed correctly but for another merchant.
        let other_mch = pay_with("wx2421b1c4370ec43b", "20000200", KEY, "http://x/");
        assert!(matches!(
            other_mch.verify_pay_notify(body.as_bytes()),
            Err(ProviderError::Malformed(_))
        ));
    }

    #[test]
    fn official_sample_sign_is_illustrative() {
        for rel in [
            "samples/wechat_v2_pay_notify.official_sample.xml",
            "wechatpay-php/tests/fixtures/paysuccess.notification.sample.xml",
        ] {
            assert!(matches!(
                pay().verify_pay_notify(&vector_file(rel)),
                Err(ProviderError::InvalidSignature)
            ));
        }
    }

    #[test]
    fn pay_notify_failures_and_hmac() {
        let body = signed_xml(
            &[
                ("result_code", "FAIL"),
                ("err_code", "BANKERROR"),
                ("err_code_des", "银行系统异常"),
                ("out_trade_no", "T1"),
            ],
            KEY,
            SignType::Md5,
        );
        let n = pay().verify_pay_notify(&body).unwrap();
        assert_eq!(n.state, TradeState::PayError("银行系统异常".into()));

        let hmac_body = signed_xml(
            &[
                ("result_code", "SUCCESS"),
                ("out_trade_no", "T1"),
                ("transaction_id", "42"),
                ("total_fee", "5"),
            ],
            KEY,
            SignType::HmacSha256,
        );
        let hmac = pay().with_sign_type(SignType::HmacSha256);
        assert!(matches!(
            hmac.verify_pay_notify(&hmac_body).unwrap().state,
            TradeState::Paid(_)
        ));
        assert!(pay().verify_pay_notify(&hmac_body).is_err());

        let no_trade = signed_xml(&[("result_code", "SUCCESS")], KEY, SignType::Md5);
        assert!(matches!(
            pay().verify_pay_notify(&no_trade),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            pay().verify_pay_notify(b"<!DOCTYPE x><xml/>"),
            Err(ProviderError::Malformed(_))
        ));
    }

    #[test]
    fn wechatpy_refund_notify() {
        let v = &public()["wechat_v2_refund_notify_wechatpy"];
        let p = pay_with(
            v["appid"].as_str().unwrap(),
            v["mch_id"].as_str().unwrap(),
            v["api_key"].as_str().unwrap(),
            "http://x/",
        );
        let body = v["notify_xml"].as_str().unwrap().as_bytes();
        let n = p.verify_refund_notify(body).unwrap();
        assert_eq!(n.out_trade_no, "2020010418301551404339261814");
        assert_eq!(n.out_refund_no, "1234");
        assert_eq!(n.refund_amount, Amount::from_fen(1).unwrap());
        assert_eq!(
            n.state,
            RefundState::Succeeded {
                provider_refund_no: Some("50300103182020010413419046597".into()),
                refunded_at: Some("2020-01-04T10:34:24Z".parse().unwrap()),
            }
        );
        assert_eq!(n.raw, v["decrypted_root_xml"].as_str().unwrap());

        // Another merchant's notify, or the wrong key.
        let other_mch = pay_with(
            v["appid"].as_str().unwrap(),
            "1",
            v["api_key"].as_str().unwrap(),
            "http://x/",
        );
        assert!(matches!(
            other_mch.verify_refund_notify(body),
            Err(ProviderError::Malformed(_))
        ));
        let other_app = pay_with(
            "wx0",
            v["mch_id"].as_str().unwrap(),
            v["api_key"].as_str().unwrap(),
            "http://x/",
        );
        assert!(matches!(
            other_app.verify_refund_notify(body),
            Err(ProviderError::Malformed(_))
        ));
        let wrong_key = pay_with(
            v["appid"].as_str().unwrap(),
            v["mch_id"].as_str().unwrap(),
            KEY,
            "http://x/",
        );
        assert!(matches!(
            wrong_key.verify_refund_notify(body),
            Err(ProviderError::Malformed(_))
        ));
        // The official outer sample's req_info is a placeholder.
        let sample = pay_with("wx8888888888888888", "1900000109", KEY, "http://x/");
        assert!(sample
            .verify_refund_notify(&vector_file(
                "samples/wechat_v2_refund_notify_outer.official_sample.xml"
            ))
            .is_err());
    }

    fn outer(req_info: &str) -> String {
        let mut f = Fields::new();
        for (k, val) in [
            ("return_code", "SUCCESS"),
            ("appid", "wx2421b1c4370ec43b"),
            ("mch_id", "10000100"),
            ("nonce_str", "n"),
            ("req_info", req_info),
        ] {
            f.insert(k.into(), val.into());
        }
        xml::encode(&f)
    }

    #[test]
    fn derived_refund_notify_and_statuses() {
        let v = &derived()["v2_refund_req_info"];
        assert_eq!(v["api_key"].as_str().unwrap(), KEY);
        let n = pay()
            .verify_refund_notify(outer(v["req_info"].as_str().unwrap()).as_bytes())
            .unwrap();
        assert_eq!(n.out_trade_no, "T1");
        assert_eq!(n.out_refund_no, "R1");
        assert_eq!(
            n.state,
            RefundState::Succeeded {
                provider_refund_no: Some("50000000000000000000000000001".into()),
                refunded_at: None,
            }
        );

        for status in ["CHANGE", "REFUNDCLOSE"] {
            let plain = format!(
                "<root><out_refund_no>R2</out_refund_no><out_trade_no>T2</out_trade_no><refund_fee>7</refund_fee><refund_status>{status}</refund_status></root>"
            );
            let body = outer(&refund_crypto::encrypt_req_info(&plain, KEY));
            let n = pay().verify_refund_notify(body.as_bytes()).unwrap();
            assert_eq!(n.state, RefundState::Failed(status.into()));
            assert_eq!(n.refund_amount, Amount::from_fen(7).unwrap());
        }
        let plain = "<root><out_refund_no>R</out_refund_no><out_trade_no>T</out_trade_no><refund_fee>1</refund_fee><refund_status>WHAT</refund_status></root>";
        let body = outer(&refund_crypto::encrypt_req_info(plain, KEY));
        assert!(pay().verify_refund_notify(body.as_bytes()).is_err());
        let plain = "<root><out_refund_no>R</out_refund_no><refund_fee>1</refund_fee><refund_status>SUCCESS</refund_status></root>";
        let body = outer(&refund_crypto::encrypt_req_info(plain, KEY));
        assert!(pay().verify_refund_notify(body.as_bytes()).is_err());
        // return_code FAIL and missing req_info.
        let fail = outer("x").replace("SUCCESS", "FAIL");
        assert!(pay().verify_refund_notify(fail.as_bytes()).is_err());
        assert!(pay().verify_refund_notify(outer("").as_bytes()).is_err());
    }

    #[test]
    fn replies() {
        let p = pay();
        let ok = p.success_reply();
        assert_eq!((ok.status, ok.content_type), (200, Some("text/xml")));
        assert_eq!(
            String::from_utf8_lossy(&ok.body),
            "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
        );
        assert_eq!(
            xml::decode(&ok.body).unwrap(),
            xml::decode(&vector_file("samples/wechat_v2_notify_reply.xml")).unwrap()
        );
        let bad = p.failure_reply("签名失败");
        assert_eq!(bad.content_type, Some("text/xml"));
        assert_eq!(
            String::from_utf8_lossy(&bad.body),
            "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名失败]]></return_msg></xml>"
        );
        let tricky = p.failure_reply("a]]>b");
        assert_eq!(xml::decode(&tricky.body).unwrap()["return_msg"], "a]]>b");
        assert_eq!(p.notify_reply(Verdict::Unavailable("db")).status, 503);
        assert_eq!(p.notify_reply(Verdict::Accepted), p.success_reply());
    }

    /// The trait routes by content: a body with `req_info` is a refund notify, anything else a
    /// pay notify, whichever route it came to.
    #[tokio::test]
    async fn verify_notify_routes_by_content() {
        let v = &derived()["v2_pay_notify_md5"];
        let mut f = string_map(&v["params"]);
        f.insert("sign".into(), v["sign"].as_str().unwrap().into());
        let pay_body = xml::encode(&f);
        let refund_body = outer(
            derived()["v2_refund_req_info"]["req_info"]
                .as_str()
                .unwrap(),
        );
        assert!(matches!(
            verify(&pay(), &pay_body).await,
            Ok(Notification::Pay(_))
        ));
        assert!(matches!(
            verify(&pay(), &refund_body).await,
            Ok(Notification::Refund(_))
        ));
    }

    async fn verify(p: &WechatPay, body: &str) -> Result<Notification, ProviderError> {
        let headers = reqwest::header::HeaderMap::new();
        let req = IncomingRequest {
            method: "POST",
            path: "/notify/wechat/p",
            query: None,
            headers: &headers,
            body: body.as_bytes(),
            received_at: chrono::Utc::now(),
        };
        p.verify_notify(&req).await
    }
}
