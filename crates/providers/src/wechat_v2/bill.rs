//! `pay/downloadbill`: the daily trade bill of WeChat Pay v2.
//!
//! The request is a signed XML POST like every v2 call (`bill_date` as `yyyyMMdd`, `bill_type`
//! ALL, `tar_type` GZIP unless turned off). A bill comes back as the body itself: the CSV of
//! [`crate::bills::wechat`], gzip'd when asked, unsigned. A refusal comes back as XML with
//! `return_code` FAIL and a `return_msg`: `No Bill Exist` (WeChat makes no bill for a day without
//! successful trades), `Bill Creating` (not ready), or a parameter or signature complaint. This
//! client keys on `return_msg`, the part WeChat documents; `error_code`, when present, is kept as
//! the provider code.

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};

use super::client::{get, Fields};
use super::{cashier, codes, xml, WechatPay};
use crate::bills::download::{read_body, BILL_TIMEOUT};
use crate::bills::{missing_bill, Bill, BillError, Compression, NoBillReason};
use crate::{DownloadBill, ProviderError};

/// The API path, under the v2 base.
pub const PATH: &str = "pay/downloadbill";

/// `return_msg` for a day without a bill.
pub const NO_BILL: &str = "No Bill Exist";
/// `return_msg` for a bill still being made.
pub const CREATING: &str = "Bill Creating";

/// Whether the body is an XML message rather than a bill.
fn is_xml(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

impl WechatPay {
    /// The signed `pay/downloadbill` fields for `date` (a Beijing-time day), every line.
    pub fn downloadbill_request(&self, date: NaiveDate, nonce: &str) -> Fields {
        let mut f = self.base_fields(nonce);
        f.insert("bill_date".into(), date.format("%Y%m%d").to_string());
        f.insert("bill_type".into(), "ALL".into());
        if self.bill_gzip {
            f.insert("tar_type".into(), "GZIP".into());
        }
        self.signed(f)
    }

    /// Interprets a `pay/downloadbill` reply received at `now`.
    pub fn bill_from_reply(
        &self,
        date: NaiveDate,
        body: Bytes,
        now: DateTime<Utc>,
    ) -> Result<Bill, ProviderError> {
        if is_xml(&body) {
            return Err(self.refusal(&body, date, now));
        }
        let bill = Bill::wechat(date, body.clone(), Compression::sniff(&body));
        // Fail at download, not at parse time, when the body is no bill at all.
        bill.lines()?;
        Ok(bill)
    }

    fn refusal(&self, body: &[u8], date: NaiveDate, now: DateTime<Utc>) -> ProviderError {
        let fields = match xml::decode(body) {
            Ok(f) => f,
            Err(e) => return e,
        };
        match get(&fields, "return_code") {
            Some("FAIL") => {}
            // A signed business reply (SYSTEMERROR under load, …): verified like any other.
            Some("SUCCESS") => {
                return match self.parse_reply(body).and_then(|r| r.into_success()) {
                    Ok(_) => {
                        ProviderError::Malformed("downloadbill answered XML without a bill".into())
                    }
                    Err(e) => e,
                }
            }
            _ => return ProviderError::Malformed("downloadbill reply has no return_code".into()),
        }
        let msg = get(&fields, "return_msg").unwrap_or("return_code=FAIL");
        let code = get(&fields, "error_code").unwrap_or(msg);
        let lower = msg.to_ascii_lowercase();
        if lower.contains(&NO_BILL.to_ascii_lowercase()) {
            missing_bill(NoBillReason::NoTrades, code, msg, date, now).into()
        } else if lower.contains(&CREATING.to_ascii_lowercase()) {
            BillError::NotReady {
                provider_code: code.to_owned(),
                message: msg.to_owned(),
            }
            .into()
        } else {
            codes::return_error(msg)
        }
    }
}

#[async_trait]
impl DownloadBill for WechatPay {
    async fn trade_bill(&self, date: NaiveDate) -> Result<Bill, ProviderError> {
        let fields = self.downloadbill_request(date, &cashier::nonce());
        tracing::debug!(mch_id = %self.mch_id, %date, "wechat v2 downloadbill");
        let resp = self
            .http
            .post(format!("{}{}", self.base, PATH))
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .body(xml::encode(&fields))
            .timeout(BILL_TIMEOUT)
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            return Err(ProviderError::Unavailable(format!(
                "WeChat Pay {PATH} answered HTTP {status}"
            )));
        }
        let body = read_body(resp).await?;
        self.bill_from_reply(date, body, Utc::now())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::bills::integrity::gzip;
    use crate::bills::{BillError, NoBillReason};
    use crate::test_vectors::vector_file;
    use crate::wechat_v2::client::tests::{pay, signed_xml, KEY};
    use crate::wechat_v2::{sign, SignType};
    use crate::BusinessCode;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 2, 19).unwrap()
    }

    /// Noon the day after: any "no bill" is final.
    fn late() -> DateTime<Utc> {
        "2019-02-21T00:00:00Z".parse().unwrap()
    }

    fn fail(msg: &str) -> Bytes {
        Bytes::from(format!(
            "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[{msg}]]></return_msg></xml>"
        ))
    }

    fn bill_error(e: ProviderError) -> BillError {
        match e {
            ProviderError::Bill(b) => b,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn request_fields() {
        let f = pay().downloadbill_request(day(), "n0nce");
        assert_eq!(f["bill_date"], "20190219");
        assert_eq!(f["bill_type"], "ALL");
        assert_eq!(f["tar_type"], "GZIP");
        assert_eq!(f["nonce_str"], "n0nce");
        sign::verify(&f, KEY).unwrap();
        let plain = pay().with_bill_gzip(false).downloadbill_request(day(), "n");
        assert!(!plain.contains_key("tar_type"));
    }

    #[test]
    fn replies() {
        let p = pay();
        let csv = vector_file("v3-and-bills/wxpay_v3_tradebill_sample.ALL.csv");
        let bill = p
            .bill_from_reply(day(), Bytes::from(csv.clone()), late())
            .unwrap();
        assert_eq!(bill.totals().unwrap().lines(), 45);
        let zipped = p
            .bill_from_reply(day(), Bytes::from(gzip(&csv)), late())
            .unwrap();
        assert_eq!(zipped.totals().unwrap().lines(), 45);

        // No bill: final after noon the next day, "not ready" before.
        assert_eq!(
            bill_error(p.bill_from_reply(day(), fail(NO_BILL), late()).unwrap_err()),
            BillError::NoBill {
                reason: NoBillReason::NoTrades,
                provider_code: NO_BILL.into(),
                message: NO_BILL.into(),
            }
        );
        let early: DateTime<Utc> = "2019-02-20T01:00:00Z".parse().unwrap();
        let e = p.bill_from_reply(day(), fail(NO_BILL), early).unwrap_err();
        assert!(e.is_retryable());
        assert!(matches!(bill_error(e), BillError::NotReady { .. }));
        // error_code, when WeChat sends one, is the provider code.
        let with_code = Bytes::from(
            "<xml><return_code>FAIL</return_code><return_msg>No Bill Exist</return_msg><error_code>20002</error_code></xml>",
        );
        assert!(matches!(
            bill_error(p.bill_from_reply(day(), with_code, late()).unwrap_err()),
            BillError::NoBill { ref provider_code, .. } if provider_code == "20002"
        ));
        let e = p
            .bill_from_reply(day(), fail(CREATING), late())
            .unwrap_err();
        assert!(e.is_retryable());
        assert!(matches!(bill_error(e), BillError::NotReady { .. }));

        // Other refusals are the usual business errors.
        match p
            .bill_from_reply(day(), fail("签名错误"), late())
            .unwrap_err()
        {
            ProviderError::Business { code, .. } => {
                assert_eq!(code, BusinessCode::SignatureRejected)
            }
            other => panic!("{other:?}"),
        }
        match p
            .bill_from_reply(day(), fail("invalid bill_date"), late())
            .unwrap_err()
        {
            ProviderError::Business { .. } => {}
            other => panic!("{other:?}"),
        }
        // A signed SYSTEMERROR is retryable; an unsigned "success" is not trusted.
        let busy = signed_xml(
            &[("result_code", "FAIL"), ("err_code", "SYSTEMERROR")],
            KEY,
            SignType::Md5,
        );
        assert!(p
            .bill_from_reply(day(), Bytes::from(busy), late())
            .unwrap_err()
            .is_retryable());
        let unsigned = Bytes::from_static(
            b"<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code></xml>",
        );
        assert!(matches!(
            p.bill_from_reply(day(), unsigned, late()),
            Err(ProviderError::InvalidSignature)
        ));
        // Neither XML nor a bill.
        assert!(matches!(
            p.bill_from_reply(day(), Bytes::from_static(b"busy"), late()),
            Err(ProviderError::Bill(BillError::Malformed { .. }))
        ));
    }
}
