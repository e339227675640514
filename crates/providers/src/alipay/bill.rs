//! `alipay.data.dataservice.bill.downloadurl.query`: the daily trade bill.
//!
//! The gateway call (`bill_type` trade, `bill_date` `yyyy-MM-dd`, a Beijing-time day) answers a
//! `bill_download_url` valid for about 30 seconds; a GET of it serves the zip that
//! [`crate::bills::alipay`] reads. The URL comes in the signed reply, so it is trusted as much as
//! the reply; the zip itself carries no signature (its CRC-32s are checked as it is read).
//!
//! `BILL_NOT_EXIST` (also seen as `isp.bill_not_exist`) means "no bill": before the day's bills are
//! due that is "not ready yet", after it "no bill for that day" ([`missing_bill`]). An empty day is
//! an empty bill, not an error.

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Map, Value};

use super::gateway::field;
use super::Alipay;
use crate::bills::download::{read_body, BILL_TIMEOUT};
use crate::bills::{missing_bill, Bill, NoBillReason};
use crate::{DownloadBill, ProviderError};

pub const METHOD_BILL_URL: &str = "alipay.data.dataservice.bill.downloadurl.query";

/// The `bill_type` of trade (payment and refund) bills.
pub const BILL_TYPE_TRADE: &str = "trade";

/// `biz_content` of the download-URL query for `date`.
pub fn bill_biz(date: NaiveDate) -> Value {
    json!({
        "bill_type": BILL_TYPE_TRADE,
        "bill_date": date.format("%Y-%m-%d").to_string(),
    })
}

/// Whether a provider code is Alipay's "no such bill".
fn is_bill_not_exist(code: &str) -> bool {
    code.to_ascii_uppercase().ends_with("BILL_NOT_EXIST")
}

/// The download URL from a verified reply, or the error its refusal means at `now`.
pub fn interpret_bill_url(
    reply: Result<Map<String, Value>, ProviderError>,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String, ProviderError> {
    match reply {
        Ok(m) => field(&m, "bill_download_url")
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .map(str::to_owned)
            .ok_or_else(|| {
                ProviderError::Malformed("Alipay reply has no usable `bill_download_url`".into())
            }),
        Err(ProviderError::Business {
            provider_code,
            message,
            ..
        }) if is_bill_not_exist(&provider_code) => Err(missing_bill(
            NoBillReason::NotAvailable,
            &provider_code,
            &message,
            date,
            now,
        )
        .into()),
        Err(e) => Err(e),
    }
}

/// The bill from the body the download URL served.
pub fn bill_from_download(date: NaiveDate, body: Bytes) -> Result<Bill, ProviderError> {
    if !body.starts_with(b"PK") {
        // An expired link serves an error page: fetch a fresh URL.
        return Err(ProviderError::Unavailable(
            "the Alipay bill URL did not serve a zip (expired?)".into(),
        ));
    }
    let bill = Bill::alipay(date, body);
    // Fail at download when the zip is no bill (no detail or summary file, unreadable summary).
    bill.lines()?;
    Ok(bill)
}

#[async_trait]
impl DownloadBill for Alipay {
    async fn trade_bill(&self, date: NaiveDate) -> Result<Bill, ProviderError> {
        let reply = self.call(METHOD_BILL_URL, &bill_biz(date), None).await?;
        let url = interpret_bill_url(reply.result, date, Utc::now())?;
        tracing::debug!(app_id = %self.app_id, %date, "alipay bill download");
        let resp = self.http.get(&url).timeout(BILL_TIMEOUT).send().await?;
        let status = resp.status();
        if !status.is_success() {
            return Err(ProviderError::Unavailable(format!(
                "the Alipay bill download answered HTTP {status}"
            )));
        }
        bill_from_download(date, read_body(resp).await?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::alipay::gateway::{sign_response, verify_response};
    use crate::alipay::keys::parse_public_key;
    use crate::alipay::testdata::fixture;
    use crate::bills::alipay::{bill_zip, BillHeader, FileEncoding};
    use crate::bills::BillError;
    use rsa::pkcs1v15::VerifyingKey;

    fn reply(node: &str) -> Result<Map<String, Value>, ProviderError> {
        let signer = crate::rsa_keys::RsaSigner::parse(&fixture("app-private-key.pem")).unwrap();
        let verifier = VerifyingKey::new(parse_public_key(&fixture("app-public-key.pem")).unwrap());
        let raw = sign_response(&signer, METHOD_BILL_URL, node).unwrap();
        verify_response(raw.as_bytes(), METHOD_BILL_URL, &verifier)
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn late() -> DateTime<Utc> {
        "2026-12-03T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn biz_content() {
        assert_eq!(
            bill_biz(day()).to_string(),
            r#"{"bill_date":"2026-12-01","bill_type":"trade"}"#
        );
    }

    #[test]
    fn download_urls_and_refusals() {
        let ok = reply(
            r#"{"code":"10000","msg":"Success","bill_download_url":"https://dwbillcenter.alipay.com/downloadBillFile.resource?bizType=trade&token=x"}"#,
        );
        assert_eq!(
            interpret_bill_url(ok, day(), late()).unwrap(),
            "https://dwbillcenter.alipay.com/downloadBillFile.resource?bizType=trade&token=x"
        );
        assert!(matches!(
            interpret_bill_url(reply(r#"{"code":"10000","msg":"Success"}"#), day(), late()),
            Err(ProviderError::Malformed(_))
        ));
        for sub in ["BILL_NOT_EXIST", "isp.bill_not_exist"] {
            let node = format!(
                r#"{{"code":"40004","msg":"Business Failed","sub_code":"{sub}","sub_msg":"账单不存在"}}"#
            );
            match interpret_bill_url(reply(&node), day(), late()).unwrap_err() {
                ProviderError::Bill(BillError::NoBill {
                    reason,
                    provider_code,
                    ..
                }) => {
                    assert_eq!(reason, NoBillReason::NotAvailable);
                    assert_eq!(provider_code, sub);
                }
                other => panic!("{other:?}"),
            }
            // Before the day's bills are due, "no bill" is "not yet".
            let early: DateTime<Utc> = "2026-12-02T01:00:00Z".parse().unwrap();
            let e = interpret_bill_url(reply(&node), day(), early).unwrap_err();
            assert!(e.is_retryable(), "{e:?}");
        }
        let invalid = reply(
            r#"{"code":"40004","msg":"Business Failed","sub_code":"INVAILID_ARGUMENTS","sub_msg":"入参不合法"}"#,
        );
        assert!(matches!(
            interpret_bill_url(invalid, day(), late()),
            Err(ProviderError::Business { .. })
        ));
    }

    #[test]
    fn downloads() {
        let h = BillHeader {
            account: "2088000000000001".into(),
            date: day(),
            exported_at: late(),
        };
        let zip = bill_zip(&h, &[], FileEncoding::Gbk);
        let bill = bill_from_download(day(), Bytes::from(zip)).unwrap();
        assert_eq!(bill.totals().unwrap().lines(), 0);
        assert!(matches!(
            bill_from_download(day(), Bytes::from_static(b"<html>expired</html>")),
            Err(ProviderError::Unavailable(_))
        ));
        assert!(matches!(
            bill_from_download(day(), Bytes::from_static(b"PK\x03\x04garbage")),
            Err(ProviderError::Bill(BillError::Malformed { .. }))
        ));
    }
}
