//! The payment traits over the Alipay gateway. Request building and reply interpretation are pure
//! functions; the HTTP part is one POST.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::gateway::{
    beijing_time, business_of, field, form_encode, parse_beijing_time, signed_params,
    verify_response, GatewayRequest, FORM_CONTENT_TYPE,
};
use super::Alipay;
use crate::domain::{Amount, Channel};
use crate::providers::{
    BusinessCode, CloseOutcome, CloseResult, CloseTrade, PaidTrade, PayParams, Prepared, Prepay,
    PrepayRequest, ProviderError, QueryTrade, RefundRequest, RefundResult, RefundState,
    RefundTrade, TradeQueryResult, TradeState,
};

pub const METHOD_APP_PAY: &str = "alipay.trade.app.pay";
pub const METHOD_PRECREATE: &str = "alipay.trade.precreate";
pub const METHOD_QUERY: &str = "alipay.trade.query";
pub const METHOD_CLOSE: &str = "alipay.trade.close";
pub const METHOD_CANCEL: &str = "alipay.trade.cancel";
pub const METHOD_REFUND: &str = "alipay.trade.refund";
pub const METHOD_REFUND_QUERY: &str = "alipay.trade.fastpay.refund.query";

/// `product_code` of app payments.
pub const PRODUCT_APP: &str = "QUICK_MSECURITY_PAY";
/// `product_code` of precreate (face-to-face) payments.
pub const PRODUCT_PRECREATE: &str = "FACE_TO_FACE_PAYMENT";

// ---------------------------------------------------------------------------------------------
// biz_content builders (pure)

/// `biz_content` of `alipay.trade.app.pay`.
pub fn app_pay_biz(req: &PrepayRequest) -> Value {
    let mut biz = json!({
        "out_trade_no": req.out_trade_no,
        "total_amount": req.amount.to_yuan(),
        "subject": req.subject,
        "product_code": PRODUCT_APP,
        "time_expire": beijing_time(req.expires_at),
    });
    if let (Some(attach), Some(obj)) = (
        req.attach.as_deref().filter(|a| !a.is_empty()),
        biz.as_object_mut(),
    ) {
        let encoded: String = form_urlencoded::byte_serialize(attach.as_bytes()).collect();
        obj.insert("passback_params".into(), Value::String(encoded));
    }
    biz
}

/// `biz_content` of `alipay.trade.precreate`.
pub fn precreate_biz(req: &PrepayRequest) -> Value {
    json!({
        "out_trade_no": req.out_trade_no,
        "total_amount": req.amount.to_yuan(),
        "subject": req.subject,
        "product_code": PRODUCT_PRECREATE,
        "time_expire": beijing_time(req.expires_at),
    })
}

/// `biz_content` naming one trade (query, close, cancel).
pub fn trade_biz(out_trade_no: &str) -> Value {
    json!({ "out_trade_no": out_trade_no })
}

/// `biz_content` of `alipay.trade.refund`; `out_request_no` is our refund number.
pub fn refund_biz(req: &RefundRequest) -> Value {
    let mut biz = json!({
        "out_trade_no": req.out_trade_no,
        "out_request_no": req.out_refund_no,
        "refund_amount": req.refund_amount.to_yuan(),
    });
    if let (Some(reason), Some(obj)) = (
        req.reason.as_deref().filter(|r| !r.is_empty()),
        biz.as_object_mut(),
    ) {
        obj.insert("refund_reason".into(), Value::String(reason.into()));
    }
    biz
}

/// `biz_content` of `alipay.trade.fastpay.refund.query`.
pub fn refund_query_biz(out_trade_no: &str, out_refund_no: &str) -> Value {
    json!({
        "out_trade_no": out_trade_no,
        "out_request_no": out_refund_no,
        "query_options": ["gmt_refund_pay"],
    })
}

// ---------------------------------------------------------------------------------------------
// Reply interpretation (pure). Each takes what `verify_response` returned.

fn amount_field(m: &Map<String, Value>, name: &str) -> Result<Option<Amount>, ProviderError> {
    field(m, name)
        .map(|s| {
            Amount::parse_yuan(s).map_err(|_| {
                ProviderError::Malformed(format!("Alipay `{name}` is not an amount: {s:?}"))
            })
        })
        .transpose()
}

fn time_field(m: &Map<String, Value>, name: &str) -> Result<Option<DateTime<Utc>>, ProviderError> {
    field(m, name).map(parse_beijing_time).transpose()
}

fn required<'a>(m: &'a Map<String, Value>, name: &str) -> Result<&'a str, ProviderError> {
    field(m, name).ok_or_else(|| ProviderError::Malformed(format!("Alipay reply has no `{name}`")))
}

/// A paid trade from a query reply or a notify (both use these names; the time field differs).
pub(crate) fn paid_trade(
    m: &Map<String, Value>,
    paid_at_field: &str,
) -> Result<PaidTrade, ProviderError> {
    let total_amount = amount_field(m, "total_amount")?
        .ok_or_else(|| ProviderError::Malformed("Alipay reply has no `total_amount`".into()))?;
    Ok(PaidTrade {
        provider_trade_no: required(m, "trade_no")?.to_string(),
        total_amount,
        paid_amount: amount_field(m, "buyer_pay_amount")?,
        payer: ["buyer_user_id", "buyer_id", "buyer_open_id"]
            .iter()
            .find_map(|k| field(m, k))
            .map(str::to_string),
        paid_at: time_field(m, paid_at_field)?,
    })
}

/// Maps `trade_status`. A TRADE_CLOSED trade that carries a payment time was paid and then fully
/// refunded: it is reported as paid, never as closed-unpaid.
pub(crate) fn trade_state(
    m: &Map<String, Value>,
    paid_at_field: &str,
) -> Result<TradeState, ProviderError> {
    match required(m, "trade_status")? {
        "WAIT_BUYER_PAY" => Ok(TradeState::NotPaid),
        "TRADE_SUCCESS" | "TRADE_FINISHED" => Ok(TradeState::Paid(paid_trade(m, paid_at_field)?)),
        "TRADE_CLOSED" if field(m, paid_at_field).is_some() => {
            Ok(TradeState::Paid(paid_trade(m, paid_at_field)?))
        }
        "TRADE_CLOSED" => Ok(TradeState::Closed),
        other => Err(ProviderError::Malformed(format!(
            "unknown Alipay trade_status {other:?}"
        ))),
    }
}

/// `alipay.trade.precreate` → the QR code URL.
pub fn interpret_precreate(
    reply: Result<Map<String, Value>, ProviderError>,
) -> Result<String, ProviderError> {
    Ok(required(&reply?, "qr_code")?.to_string())
}

/// `alipay.trade.query` → trade state (ACQ.TRADE_NOT_EXIST → `NotExist`).
pub fn interpret_query(
    reply: Result<Map<String, Value>, ProviderError>,
) -> Result<TradeState, ProviderError> {
    match reply {
        Ok(m) => trade_state(&m, "send_pay_date"),
        Err(e) if business_of(&e) == Some(BusinessCode::OrderNotExist) => Ok(TradeState::NotExist),
        Err(e) => Err(e),
    }
}

/// `alipay.trade.close` / `alipay.trade.cancel` → outcome.
///
/// Cancel's `action` is `close` (closed unpaid) or `refund` (the buyer had paid and Alipay has
/// refunded them): the latter is reported as `AlreadyPaid` so the core records the payment.
pub fn interpret_close(
    reply: Result<Map<String, Value>, ProviderError>,
) -> Result<CloseOutcome, ProviderError> {
    match reply {
        Ok(m) => match field(&m, "action") {
            Some("refund") => Ok(CloseOutcome::AlreadyPaid),
            Some("close") | None => Ok(CloseOutcome::Closed),
            Some(other) => Err(ProviderError::Malformed(format!(
                "unknown Alipay cancel action {other:?}"
            ))),
        },
        Err(e) => match business_of(&e) {
            Some(BusinessCode::OrderPaid) => Ok(CloseOutcome::AlreadyPaid),
            Some(BusinessCode::OrderNotExist) => Ok(CloseOutcome::NotExist),
            Some(BusinessCode::OrderClosed) => Ok(CloseOutcome::Closed),
            _ => Err(e),
        },
    }
}

/// `alipay.trade.refund` → `Some(Succeeded)` when funds moved (`fund_change` = Y); `None` when the
/// reply does not settle it (`fund_change` = N: a repeat, or not yet) and the refund must be queried.
pub fn interpret_refund(
    reply: Result<Map<String, Value>, ProviderError>,
) -> Result<Option<RefundState>, ProviderError> {
    let m = reply?;
    match field(&m, "fund_change") {
        Some("Y") => Ok(Some(RefundState::Succeeded {
            provider_refund_no: None,
            refunded_at: time_field(&m, "gmt_refund_pay")?,
        })),
        _ => Ok(None),
    }
}

/// `alipay.trade.fastpay.refund.query` → refund state. An empty success reply means Alipay has no
/// refund with that `out_request_no`.
pub fn interpret_refund_query(
    reply: Result<Map<String, Value>, ProviderError>,
) -> Result<RefundState, ProviderError> {
    let m = match reply {
        Ok(m) => m,
        Err(e) if business_of(&e) == Some(BusinessCode::OrderNotExist) => {
            return Ok(RefundState::NotExist)
        }
        Err(e) => return Err(e),
    };
    let succeeded = || -> Result<RefundState, ProviderError> {
        Ok(RefundState::Succeeded {
            provider_refund_no: None,
            refunded_at: time_field(&m, "gmt_refund_pay")?,
        })
    };
    match field(&m, "refund_status") {
        Some("REFUND_SUCCESS") => succeeded(),
        Some(_) => Ok(RefundState::Processing),
        None if field(&m, "refund_amount").is_some() => succeeded(),
        None => Ok(RefundState::NotExist),
    }
}

// ---------------------------------------------------------------------------------------------
// Requests

/// A gateway reply: the raw text (for the audit trail) and the verified node or refusal.
pub(crate) struct Reply {
    pub raw: String,
    pub result: Result<Map<String, Value>, ProviderError>,
}

impl Alipay {
    /// The signed parameters of one call (pure).
    pub fn signed_request(
        &self,
        method: &str,
        biz: &Value,
        notify_url: Option<&str>,
        now: DateTime<Utc>,
    ) -> BTreeMap<String, String> {
        let biz_content = biz.to_string();
        signed_params(
            &self.signer,
            &GatewayRequest {
                app_id: &self.app_id,
                method,
                biz_content: &biz_content,
                notify_url,
                timestamp: now,
            },
        )
    }

    /// The app SDK's `orderInfo` for `alipay.trade.app.pay` (built locally, no HTTP call).
    pub fn app_order_info(&self, req: &PrepayRequest, now: DateTime<Utc>) -> String {
        form_encode(&self.signed_request(
            METHOD_APP_PAY,
            &app_pay_biz(req),
            Some(&req.notify_url),
            now,
        ))
    }

    /// Verifies a raw gateway reply to `method` with this merchant's Alipay public key.
    pub fn verify_reply(
        &self,
        method: &str,
        raw: &[u8],
    ) -> Result<Map<String, Value>, ProviderError> {
        verify_response(raw, method, &self.verifier)
    }

    /// POSTs one call; transport failures and non-2xx are `Unavailable`.
    pub(crate) async fn call(
        &self,
        method: &str,
        biz: &Value,
        notify_url: Option<&str>,
    ) -> Result<Reply, ProviderError> {
        let params = self.signed_request(method, biz, notify_url, Utc::now());
        tracing::debug!(method, app_id = %self.app_id, "alipay gateway call");
        let resp = self
            .http
            .post(&self.gateway)
            .header(reqwest::header::CONTENT_TYPE, FORM_CONTENT_TYPE)
            .body(form_encode(&params))
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            tracing::warn!(method, %status, "alipay gateway answered non-2xx");
            return Err(ProviderError::Unavailable(format!(
                "Alipay gateway answered HTTP {status}"
            )));
        }
        let body = resp.bytes().await?;
        let result = self.verify_reply(method, &body);
        if let Err(e) = &result {
            tracing::info!(method, error = %e, "alipay call refused or unverifiable");
        }
        Ok(Reply {
            raw: String::from_utf8_lossy(&body).into_owned(),
            result,
        })
    }
}

#[async_trait]
impl Prepay for Alipay {
    async fn prepay(&self, req: &PrepayRequest) -> Result<Prepared, ProviderError> {
        match req.channel {
            Channel::AlipayApp => {
                let order_info = self.app_order_info(req, Utc::now());
                Ok(Prepared {
                    raw: order_info.clone(),
                    params: PayParams::AlipayApp { order_info },
                    prepay_id: None,
                })
            }
            Channel::AlipayQr => {
                let reply = self
                    .call(METHOD_PRECREATE, &precreate_biz(req), Some(&req.notify_url))
                    .await?;
                let code_url = interpret_precreate(reply.result)?;
                Ok(Prepared {
                    params: PayParams::QrCode { code_url },
                    prepay_id: None,
                    raw: reply.raw,
                })
            }
            other => Err(ProviderError::Config(format!(
                "Alipay does not serve channel {other}"
            ))),
        }
    }
}

#[async_trait]
impl QueryTrade for Alipay {
    async fn query(&self, out_trade_no: &str) -> Result<TradeQueryResult, ProviderError> {
        let reply = self
            .call(METHOD_QUERY, &trade_biz(out_trade_no), None)
            .await?;
        Ok(TradeQueryResult {
            out_trade_no: out_trade_no.to_string(),
            state: interpret_query(reply.result)?,
            raw: reply.raw,
        })
    }
}

#[async_trait]
impl CloseTrade for Alipay {
    async fn close(
        &self,
        out_trade_no: &str,
        buyer_may_have_scanned: bool,
    ) -> Result<CloseResult, ProviderError> {
        let method = if buyer_may_have_scanned {
            METHOD_CANCEL
        } else {
            METHOD_CLOSE
        };
        let reply = self.call(method, &trade_biz(out_trade_no), None).await?;
        Ok(CloseResult {
            outcome: interpret_close(reply.result)?,
            raw: reply.raw,
        })
    }
}

#[async_trait]
impl RefundTrade for Alipay {
    async fn refund(&self, req: &RefundRequest) -> Result<RefundResult, ProviderError> {
        let reply = self.call(METHOD_REFUND, &refund_biz(req), None).await?;
        match interpret_refund(reply.result)? {
            Some(state) => Ok(RefundResult {
                out_refund_no: req.out_refund_no.clone(),
                state,
                raw: reply.raw,
            }),
            None => {
                let mut result = self
                    .query_refund(&req.out_trade_no, &req.out_refund_no)
                    .await?;
                // Alipay accepted the refund (code 10000), so "no such refund" here is a lag,
                // not a verdict: report it as still processing.
                if result.state == RefundState::NotExist {
                    result.state = RefundState::Processing;
                }
                Ok(result)
            }
        }
    }

    async fn query_refund(
        &self,
        out_trade_no: &str,
        out_refund_no: &str,
    ) -> Result<RefundResult, ProviderError> {
        let reply = self
            .call(
                METHOD_REFUND_QUERY,
                &refund_query_biz(out_trade_no, out_refund_no),
                None,
            )
            .await?;
        Ok(RefundResult {
            out_refund_no: out_refund_no.to_string(),
            state: interpret_refund_query(reply.result)?,
            raw: reply.raw,
        })
    }
}
