//! [`WechatPay`]'s capabilities: `pay/unifiedorder`, `pay/orderquery`, `pay/closeorder`,
//! `secapi/pay/refund`, `pay/refundquery`.
//!
//! Each call is three steps: a pure request builder (`*_request`), a thin HTTP post
//! ([`WechatPay::call`]) and pure reply interpretation ([`WechatPay::parse_reply`] plus a
//! capability-specific function), so everything but the transport is unit-testable.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use secrecy::ExposeSecret;

use super::{cashier, codes, sign, xml, WechatPay};
use crate::domain::{Amount, Channel};
use crate::providers::{
    CloseOutcome, CloseResult, CloseTrade, PaidTrade, Prepared, Prepay, PrepayRequest,
    ProviderError, QueryTrade, RefundRequest, RefundResult, RefundState, RefundTrade,
    TradeQueryResult, TradeState,
};

/// A message's fields.
pub type Fields = BTreeMap<String, String>;

/// The longest `body` WeChat accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 128;

/// A reply whose `return_code` was SUCCESS and whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `result_code=SUCCESS`.
    Success(Fields),
    /// `result_code=FAIL`: the business refusal, for the capability to map or report.
    Fail {
        err_code: String,
        err_code_des: String,
        fields: Fields,
    },
}

impl Reply {
    /// The fields of a success, or the mapped business error of a failure.
    pub fn into_success(self) -> Result<Fields, ProviderError> {
        match self {
            Reply::Success(f) => Ok(f),
            Reply::Fail {
                err_code,
                err_code_des,
                ..
            } => Err(codes::business_error(&err_code, &err_code_des)),
        }
    }
}

fn malformed(msg: impl Into<String>) -> ProviderError {
    ProviderError::Malformed(msg.into())
}

fn get<'a>(fields: &'a Fields, key: &str) -> Option<&'a str> {
    fields
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

fn require<'a>(fields: &'a Fields, key: &str) -> Result<&'a str, ProviderError> {
    get(fields, key).ok_or_else(|| malformed(format!("missing {key}")))
}

fn fen(fields: &Fields, key: &str) -> Result<Amount, ProviderError> {
    let raw = require(fields, key)?;
    raw.parse::<i64>()
        .ok()
        .and_then(|v| Amount::from_fen(v).ok())
        .ok_or_else(|| malformed(format!("{key} is not an amount in fen: {raw:?}")))
}

fn optional_fen(fields: &Fields, key: &str) -> Result<Option<Amount>, ProviderError> {
    match get(fields, key) {
        None => Ok(None),
        Some(_) => fen(fields, key).map(Some),
    }
}

const BEIJING_OFFSET: TimeDelta = TimeDelta::hours(8);

/// Parses a Beijing-time timestamp in `format` to UTC.
pub(crate) fn parse_beijing(value: &str, format: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(value.trim(), format)
        .ok()
        .and_then(|n| n.checked_sub_signed(BEIJING_OFFSET))
        .map(|n| n.and_utc())
}

/// `yyyyMMddHHmmss` in Beijing time (`time_expire`, `time_end`).
pub fn format_beijing_compact(t: DateTime<Utc>) -> String {
    (t + BEIJING_OFFSET).format("%Y%m%d%H%M%S").to_string()
}

/// `s` cut to at most `max` bytes without splitting a character.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A paid trade from an orderquery reply or a pay notify.
pub(crate) fn paid_trade(fields: &Fields) -> Result<PaidTrade, ProviderError> {
    Ok(PaidTrade {
        provider_trade_no: require(fields, "transaction_id")?.to_owned(),
        total_amount: fen(fields, "total_fee")?,
        paid_amount: optional_fen(fields, "cash_fee")?,
        payer: get(fields, "openid").map(str::to_owned),
        paid_at: get(fields, "time_end").and_then(|t| parse_beijing(t, "%Y%m%d%H%M%S")),
    })
}

impl WechatPay {
    fn base_fields(&self, nonce: &str) -> Fields {
        let mut f = Fields::new();
        f.insert("appid".into(), self.app_id.clone());
        f.insert("mch_id".into(), self.mch_id.clone());
        f.insert("nonce_str".into(), nonce.to_owned());
        f.insert("sign_type".into(), self.sign_type.as_str().to_owned());
        f
    }

    fn signed(&self, mut fields: Fields) -> Fields {
        sign::add_sign(&mut fields, self.api_key(), self.sign_type);
        fields
    }

    /// The signed `pay/unifiedorder` fields.
    pub fn unifiedorder_request(
        &self,
        req: &PrepayRequest,
        nonce: &str,
    ) -> Result<Fields, ProviderError> {
        let mut f = self.base_fields(nonce);
        let trade_type = match req.channel {
            Channel::WechatJsapi => {
                let openid = req
                    .payer_openid
                    .as_deref()
                    .filter(|o| !o.trim().is_empty())
                    .ok_or_else(|| {
                        ProviderError::business(
                            crate::providers::BusinessCode::InvalidParameter,
                            "LACK_PARAMS",
                            "JSAPI payment needs the payer's openid",
                        )
                    })?;
                f.insert("openid".into(), openid.to_owned());
                "JSAPI"
            }
            Channel::WechatApp => "APP",
            Channel::WechatNative => {
                f.insert("product_id".into(), req.out_trade_no.clone());
                "NATIVE"
            }
            other => {
                return Err(ProviderError::Config(format!(
                    "{other} is not a WeChat Pay channel"
                )))
            }
        };
        f.insert("trade_type".into(), trade_type.into());
        f.insert(
            "body".into(),
            truncate_bytes(&req.subject, MAX_BODY_BYTES).to_owned(),
        );
        f.insert("out_trade_no".into(), req.out_trade_no.clone());
        f.insert("total_fee".into(), req.amount.fen().to_string());
        f.insert("spbill_create_ip".into(), req.client_ip.clone());
        f.insert("notify_url".into(), req.notify_url.clone());
        f.insert("time_expire".into(), format_beijing_compact(req.expires_at));
        if let Some(attach) = req.attach.as_deref().filter(|a| !a.is_empty()) {
            f.insert("attach".into(), attach.to_owned());
        }
        Ok(self.signed(f))
    }

    /// The signed `pay/orderquery` fields.
    pub fn orderquery_request(&self, out_trade_no: &str, nonce: &str) -> Fields {
        let mut f = self.base_fields(nonce);
        f.insert("out_trade_no".into(), out_trade_no.to_owned());
        self.signed(f)
    }

    /// The signed `pay/closeorder` fields.
    pub fn closeorder_request(&self, out_trade_no: &str, nonce: &str) -> Fields {
        self.orderquery_request(out_trade_no, nonce)
    }

    /// The signed `secapi/pay/refund` fields.
    pub fn refund_request(&self, req: &RefundRequest, nonce: &str) -> Fields {
        let mut f = self.base_fields(nonce);
        f.insert("out_trade_no".into(), req.out_trade_no.clone());
        f.insert("out_refund_no".into(), req.out_refund_no.clone());
        f.insert("total_fee".into(), req.total_amount.fen().to_string());
        f.insert("refund_fee".into(), req.refund_amount.fen().to_string());
        f.insert("notify_url".into(), req.notify_url.clone());
        if let Some(reason) = req.reason.as_deref().filter(|r| !r.is_empty()) {
            f.insert("refund_desc".into(), truncate_bytes(reason, 80).to_owned());
        }
        self.signed(f)
    }

    /// The signed `pay/refundquery` fields.
    pub fn refundquery_request(&self, out_refund_no: &str, nonce: &str) -> Fields {
        let mut f = self.base_fields(nonce);
        f.insert("out_refund_no".into(), out_refund_no.to_owned());
        self.signed(f)
    }

    /// Fails when a message names an appid or mch_id other than ours.
    pub(crate) fn check_merchant(
        &self,
        fields: &Fields,
        required: bool,
    ) -> Result<(), ProviderError> {
        for (key, ours) in [("appid", &self.app_id), ("mch_id", &self.mch_id)] {
            match get(fields, key) {
                Some(v) if v == ours => {}
                Some(_) => return Err(malformed(format!("message is for another {key}"))),
                None if required => return Err(malformed(format!("missing {key}"))),
                None => {}
            }
        }
        Ok(())
    }

    /// Checks any v2 reply: `return_code`, then the signature (a success is never trusted
    /// unsigned), then that it is ours, then splits on `result_code`.
    pub fn parse_reply(&self, body: &[u8]) -> Result<Reply, ProviderError> {
        let fields = xml::decode(body)?;
        match get(&fields, "return_code") {
            Some("SUCCESS") => {}
            Some("FAIL") => {
                return Err(codes::return_error(
                    get(&fields, "return_msg").unwrap_or("return_code=FAIL"),
                ))
            }
            Some(other) => return Err(malformed(format!("unknown return_code {other:?}"))),
            None => return Err(malformed("reply has no return_code")),
        }
        sign::verify_with_default(&fields, self.api_key(), self.sign_type)?;
        self.check_merchant(&fields, false)?;
        match get(&fields, "result_code") {
            Some("SUCCESS") => Ok(Reply::Success(fields)),
            Some("FAIL") => Ok(Reply::Fail {
                err_code: get(&fields, "err_code").unwrap_or("FAIL").to_owned(),
                err_code_des: get(&fields, "err_code_des").unwrap_or_default().to_owned(),
                fields,
            }),
            Some(other) => Err(malformed(format!("unknown result_code {other:?}"))),
            None => Err(malformed("reply has no result_code")),
        }
    }

    /// Cashier params from a unifiedorder reply; `nonce`/`timestamp` are the cashier's own.
    pub fn prepared_from_reply(
        &self,
        channel: Channel,
        reply: Reply,
        raw: String,
        nonce: &str,
        timestamp: &str,
    ) -> Result<Prepared, ProviderError> {
        let fields = reply.into_success()?;
        let prepay_id = get(&fields, "prepay_id").map(str::to_owned);
        let need_prepay_id = || {
            prepay_id
                .clone()
                .ok_or_else(|| malformed("unifiedorder reply has no prepay_id"))
        };
        let params = match channel {
            Channel::WechatJsapi => cashier::jsapi_params(
                &self.app_id,
                &need_prepay_id()?,
                self.api_key(),
                self.sign_type,
                nonce,
                timestamp,
            ),
            Channel::WechatApp => cashier::app_params(
                &self.app_id,
                &self.mch_id,
                &need_prepay_id()?,
                self.api_key(),
                self.sign_type,
                nonce,
                timestamp,
            ),
            Channel::WechatNative => crate::providers::PayParams::QrCode {
                code_url: require(&fields, "code_url")?.to_owned(),
            },
            other => {
                return Err(ProviderError::Config(format!(
                    "{other} is not a WeChat Pay channel"
                )))
            }
        };
        Ok(Prepared {
            params,
            prepay_id,
            raw,
        })
    }

    /// The trade state from an orderquery reply.
    pub fn trade_state_from_reply(
        &self,
        reply: Reply,
        out_trade_no: &str,
    ) -> Result<TradeState, ProviderError> {
        let fields = match reply {
            Reply::Fail { err_code, .. } if err_code == "ORDERNOTEXIST" => {
                return Ok(TradeState::NotExist)
            }
            reply => reply.into_success()?,
        };
        if get(&fields, "out_trade_no").is_some_and(|n| n != out_trade_no) {
            return Err(malformed("orderquery reply is for another out_trade_no"));
        }
        match require(&fields, "trade_state")? {
            "SUCCESS" | "REFUND" => Ok(TradeState::Paid(paid_trade(&fields)?)),
            "NOTPAY" => Ok(TradeState::NotPaid),
            "USERPAYING" => Ok(TradeState::UserPaying),
            "CLOSED" | "REVOKED" => Ok(TradeState::Closed),
            "PAYERROR" => Ok(TradeState::PayError(
                get(&fields, "trade_state_desc")
                    .unwrap_or("PAYERROR")
                    .to_owned(),
            )),
            other => Err(malformed(format!("unknown trade_state {other:?}"))),
        }
    }

    /// The outcome of a closeorder reply.
    pub fn close_outcome_from_reply(&self, reply: Reply) -> Result<CloseOutcome, ProviderError> {
        match reply {
            Reply::Success(_) => Ok(CloseOutcome::Closed),
            Reply::Fail { err_code, .. } if err_code == "ORDERPAID" => {
                Ok(CloseOutcome::AlreadyPaid)
            }
            Reply::Fail { err_code, .. } if err_code == "ORDERCLOSED" => Ok(CloseOutcome::Closed),
            Reply::Fail { err_code, .. } if err_code == "ORDERNOTEXIST" => {
                Ok(CloseOutcome::NotExist)
            }
            reply => reply.into_success().map(|_| CloseOutcome::Closed),
        }
    }

    /// The state of a refund application: accepted means processing (the result comes by notify
    /// or refundquery).
    pub fn refund_state_from_apply(
        &self,
        reply: Reply,
        out_refund_no: &str,
    ) -> Result<RefundState, ProviderError> {
        let fields = reply.into_success()?;
        if get(&fields, "out_refund_no").is_some_and(|n| n != out_refund_no) {
            return Err(malformed("refund reply is for another out_refund_no"));
        }
        Ok(RefundState::Processing)
    }

    /// The state of one refund from a refundquery reply (indexed `*_$n` fields).
    pub fn refund_state_from_query(
        &self,
        reply: Reply,
        out_refund_no: &str,
    ) -> Result<RefundState, ProviderError> {
        let fields = match reply {
            Reply::Fail { err_code, .. } if err_code == "REFUNDNOTEXIST" => {
                return Ok(RefundState::NotExist)
            }
            reply => reply.into_success()?,
        };
        let count: usize = match get(&fields, "refund_count") {
            Some(c) => c
                .parse()
                .map_err(|_| malformed(format!("refund_count is not a number: {c:?}")))?,
            None => 1,
        };
        let index = (0..count.max(1))
            .find(|i| get(&fields, &format!("out_refund_no_{i}")) == Some(out_refund_no))
            .or_else(|| {
                // A reply that does not echo the number: only trust a single refund.
                (count <= 1 && get(&fields, "out_refund_no_0").is_none()).then_some(0)
            })
            .ok_or_else(|| malformed("refundquery reply does not list this out_refund_no"))?;
        let status = require(&fields, &format!("refund_status_{index}"))?;
        match status {
            "SUCCESS" => Ok(RefundState::Succeeded {
                provider_refund_no: get(&fields, &format!("refund_id_{index}")).map(str::to_owned),
                refunded_at: get(&fields, &format!("refund_success_time_{index}"))
                    .and_then(|t| parse_beijing(t, "%Y-%m-%d %H:%M:%S")),
            }),
            "PROCESSING" => Ok(RefundState::Processing),
            "REFUNDCLOSE" | "CHANGE" => Ok(RefundState::Failed(status.to_owned())),
            other => Err(malformed(format!("unknown refund_status {other:?}"))),
        }
    }

    /// The client for `secapi/*`: one presenting the merchant's certificate when configured.
    pub fn secapi_client(&self) -> Result<reqwest::Client, ProviderError> {
        let Some(pem) = &self.client_identity_pem else {
            return Ok(self.http.clone());
        };
        let identity =
            reqwest::Identity::from_pem(pem.expose_secret().as_bytes()).map_err(|_| {
                ProviderError::Config(
                    "the WeChat client identity must be a PEM certificate plus its private key"
                        .into(),
                )
            })?;
        reqwest::Client::builder()
            .use_rustls_tls()
            .identity(identity)
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .build()
            .map_err(|e| {
                ProviderError::Config(format!(
                    "cannot build a client with the WeChat client identity: {}",
                    e.without_url()
                ))
            })
    }

    /// POSTs signed `fields` to `path` and checks the reply. Returns it with its raw text.
    async fn call(
        &self,
        client: &reqwest::Client,
        path: &str,
        fields: Fields,
    ) -> Result<(Reply, String), ProviderError> {
        let url = format!("{}{}", self.base, path);
        tracing::debug!(path, mch_id = %self.mch_id, "wechat v2 request");
        let resp = client
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .body(xml::encode(&fields))
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            return Err(ProviderError::Unavailable(format!(
                "WeChat Pay {path} answered HTTP {status}"
            )));
        }
        if resp
            .content_length()
            .is_some_and(|n| n > xml::MAX_XML_BYTES as u64)
        {
            return Err(malformed(format!("WeChat Pay {path} reply is too large")));
        }
        let bytes = resp.bytes().await?;
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        let reply = self.parse_reply(&bytes).inspect_err(|e| {
            tracing::warn!(path, error = %e, "wechat v2 reply rejected");
        })?;
        Ok((reply, raw))
    }
}

#[async_trait]
impl Prepay for WechatPay {
    async fn prepay(&self, req: &PrepayRequest) -> Result<Prepared, ProviderError> {
        let fields = self.unifiedorder_request(req, &cashier::nonce())?;
        let (reply, raw) = self.call(&self.http, "pay/unifiedorder", fields).await?;
        self.prepared_from_reply(
            req.channel,
            reply,
            raw,
            &cashier::nonce(),
            &cashier::timestamp_now(),
        )
    }
}

#[async_trait]
impl QueryTrade for WechatPay {
    async fn query(&self, out_trade_no: &str) -> Result<TradeQueryResult, ProviderError> {
        let fields = self.orderquery_request(out_trade_no, &cashier::nonce());
        let (reply, raw) = self.call(&self.http, "pay/orderquery", fields).await?;
        Ok(TradeQueryResult {
            out_trade_no: out_trade_no.to_owned(),
            state: self.trade_state_from_reply(reply, out_trade_no)?,
            raw,
        })
    }
}

#[async_trait]
impl CloseTrade for WechatPay {
    async fn close(
        &self,
        out_trade_no: &str,
        _buyer_may_have_scanned: bool,
    ) -> Result<CloseResult, ProviderError> {
        let fields = self.closeorder_request(out_trade_no, &cashier::nonce());
        let (reply, raw) = self.call(&self.http, "pay/closeorder", fields).await?;
        Ok(CloseResult {
            outcome: self.close_outcome_from_reply(reply)?,
            raw,
        })
    }
}

#[async_trait]
impl RefundTrade for WechatPay {
    async fn refund(&self, req: &RefundRequest) -> Result<RefundResult, ProviderError> {
        let client = self.secapi_client()?;
        let fields = self.refund_request(req, &cashier::nonce());
        let (reply, raw) = self.call(&client, "secapi/pay/refund", fields).await?;
        Ok(RefundResult {
            out_refund_no: req.out_refund_no.clone(),
            state: self.refund_state_from_apply(reply, &req.out_refund_no)?,
            raw,
        })
    }

    async fn query_refund(
        &self,
        _out_trade_no: &str,
        out_refund_no: &str,
    ) -> Result<RefundResult, ProviderError> {
        let fields = self.refundquery_request(out_refund_no, &cashier::nonce());
        let (reply, raw) = self.call(&self.http, "pay/refundquery", fields).await?;
        Ok(RefundResult {
            out_refund_no: out_refund_no.to_owned(),
            state: self.refund_state_from_query(reply, out_refund_no)?,
            raw,
        })
    }
}
