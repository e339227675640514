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
