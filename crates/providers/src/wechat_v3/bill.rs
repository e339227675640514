//! `GET /v3/bill/tradebill`: the daily trade bill of WeChat Pay v3.
//!
//! The application is a signed call like every v3 call (its reply verified): `bill_date`
//! (`YYYY-MM-DD`, a Beijing-time day), `bill_type=ALL`, `tar_type=GZIP`. It answers
//! `{hash_type: "SHA1", hash_value, download_url}`, or 400 `STATEMENT_CREATING` (not ready) /
//! `NO_STATEMENT_EXIST` (no bill). The file is then a GET of `download_url`, signed with the same
//! `Authorization` scheme over its path and query, whose body (gzip'd) carries no response
//! signature: it is trusted by the SHA1 the signed application named, checked over the
//! decompressed bill as its lines are read. The CSV is v2's ([`crate::bills::wechat`]).

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use reqwest::header::{ACCEPT, AUTHORIZATION};
use reqwest::{Method, Url};
use serde::Deserialize;

use super::{cashier, codes, Reply, WechatPayV3};
use crate::bills::download::{read_body, BILL_TIMEOUT};
use crate::bills::integrity::Sha1Digest;
use crate::bills::{wechat::v3_refusal, Bill, Compression};
use crate::{DownloadBill, ProviderError};

fn malformed_reply(what: &str, why: &str) -> ProviderError {
    ProviderError::Malformed(format!("WeChat Pay v3 {what} reply: {why}"))
}

/// What the signed application answers.
#[derive(Debug, Deserialize)]
pub struct BillApplication {
    pub hash_type: String,
    pub hash_value: String,
    pub download_url: String,
}

impl WechatPayV3 {
    /// The application's path and query for `date`.
    pub fn tradebill_path(date: NaiveDate) -> String {
        format!(
            "v3/bill/tradebill?bill_date={}&bill_type=ALL&tar_type=GZIP",
            date.format("%Y-%m-%d")
        )
    }

    /// Interprets the application's (verified) reply for `date`.
    pub fn bill_application(
        &self,
        date: NaiveDate,
        reply: &Reply,
        now: chrono::DateTime<Utc>,
    ) -> Result<BillApplication, ProviderError> {
        match reply {
            Reply::Ok { body, .. } => {
                let app: BillApplication = serde_json::from_slice(body)
                    .map_err(|e| malformed_reply("tradebill", &e.to_string()))?;
                if !app.hash_type.eq_ignore_ascii_case("SHA1") {
                    return Err(malformed_reply(
                        "tradebill",
                        &format!("unknown hash_type {:?}", app.hash_type),
                    ));
                }
                Ok(app)
            }
            Reply::Refused {
                status,
                error,
                verified,
                ..
            } => {
                // Only a verified refusal may say "no bill": an unsigned one is just an error.
                if *verified {
                    if let Some(b) = v3_refusal(&error.code, &error.message, date, now) {
                        return Err(b.into());
                    }
                }
                Err(codes::business_error(*status, error))
            }
        }
    }

    /// Downloads the bill file the application named (signed GET; unsigned gzip body).
    async fn download_bill(&self, app: &BillApplication) -> Result<bytes::Bytes, ProviderError> {
        let url = Url::parse(&app.download_url)
            .map_err(|e| malformed_reply("tradebill", &format!("download_url: {e}")))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(malformed_reply("tradebill", "download_url is not http(s)"));
        }
        let auth = self.authorization(
            Method::GET.as_str(),
            &url,
            b"",
            &Utc::now().timestamp().to_string(),
            &cashier::nonce(),
        )?;
        let resp = self
            .inner
            .http
            .get(url)
            .header(AUTHORIZATION, auth)
            .header(ACCEPT, "*/*")
            .timeout(BILL_TIMEOUT)
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            let code = if status.is_server_error() {
                return Err(ProviderError::Unavailable(format!(
                    "WeChat Pay bill download answered HTTP {status}"
                )));
            } else {
                status.as_u16()
            };
            let body = read_body(resp).await.unwrap_or_default();
            return Err(match serde_json::from_slice::<codes::ErrorBody>(&body) {
                Ok(e) => codes::business_error(code, &e),
                Err(_) => ProviderError::Malformed(format!(
                    "WeChat Pay bill download answered HTTP {status}"
                )),
            });
        }
        read_body(resp).await
    }
}

#[async_trait]
impl DownloadBill for WechatPayV3 {
    async fn trade_bill(&self, date: NaiveDate) -> Result<Bill, ProviderError> {
        let reply = self
            .call(Method::GET, &Self::tradebill_path(date), None)
            .await?;
        let app = self.bill_application(date, &reply, Utc::now())?;
        let digest = Sha1Digest::from_hex(&app.hash_value)?;
        let body = self.download_bill(&app).await?;
        let bill = Bill::wechat(date, body.clone(), Compression::sniff(&body)).with_sha1(digest);
        // Fail at download, not at parse time, when the body is no bill at all.
        bill.lines()?;
        Ok(bill)
    }
}
