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
use crate::{
    BusinessCode, CloseOutcome, CloseResult, CloseTrade, FormField, PaidTrade, PayParams, Prepared,
    Prepay, PrepayRequest, ProviderError, QueryTrade, RedirectMethod, RefundRequest, RefundResult,
    RefundState, RefundTrade, TradeQueryResult, TradeState,
};
use paycenter_domain::{Amount, Product};

pub const METHOD_APP_PAY: &str = "alipay.trade.app.pay";
pub const METHOD_PRECREATE: &str = "alipay.trade.precreate";
pub const METHOD_QUERY: &str = "alipay.trade.query";
pub const METHOD_CLOSE: &str = "alipay.trade.close";
pub const METHOD_CANCEL: &str = "alipay.trade.cancel";
pub const METHOD_REFUND: &str = "alipay.trade.refund";
pub const METHOD_REFUND_QUERY: &str = "alipay.trade.fastpay.refund.query";
/// The desktop website cashier (a browser request, not a server call).
pub const METHOD_PAGE_PAY: &str = "alipay.trade.page.pay";
/// The mobile website cashier (a browser request, not a server call).
pub const METHOD_WAP_PAY: &str = "alipay.trade.wap.pay";

/// `product_code` of app payments.
pub const PRODUCT_APP: &str = "QUICK_MSECURITY_PAY";
/// `product_code` of precreate (face-to-face) payments.
pub const PRODUCT_PRECREATE: &str = "FACE_TO_FACE_PAYMENT";
/// `product_code` of desktop website payments (`alipay.trade.page.pay`).
pub const PRODUCT_PAGE: &str = "FAST_INSTANT_TRADE_PAY";
/// `product_code` of mobile website payments (`alipay.trade.wap.pay`).
pub const PRODUCT_WAP: &str = "QUICK_WAP_WAY";

/// The longest web cashier request handed out as a GET URL; a longer one (a long subject, long
/// URLs) becomes a POST form. 2048 is what every browser, proxy and server keeps.
pub const MAX_GET_URL: usize = 2048;

/// The parameters the official SDKs put in the action URL of a web cashier form (the rest go in
/// the form body), so `charset` is known before the body is read.
const FORM_URL_PARAMS: [&str; 10] = [
    "app_id",
    "method",
    "format",
    "charset",
    "sign_type",
    "sign",
    "timestamp",
    "version",
    "notify_url",
    "return_url",
];

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
    with_passback(&mut biz, req);
    biz
}

/// `passback_params` (URL-encoded, as Alipay asks) when the order has an attach.
fn with_passback(biz: &mut Value, req: &PrepayRequest) {
    if let (Some(attach), Some(obj)) = (
        req.attach.as_deref().filter(|a| !a.is_empty()),
        biz.as_object_mut(),
    ) {
        let encoded: String = form_urlencoded::byte_serialize(attach.as_bytes()).collect();
        obj.insert("passback_params".into(), Value::String(encoded));
    }
}

/// The method and `biz_content` of a web cashier request: `alipay.trade.page.pay`
/// (FAST_INSTANT_TRADE_PAY) for [`Product::Page`], `alipay.trade.wap.pay` (QUICK_WAP_WAY, with
/// `quit_url`) for [`Product::Wap`]; None for the other products.
pub fn web_pay_biz(req: &PrepayRequest) -> Option<(&'static str, Value)> {
    let (method, product_code) = match req.product {
        Product::Page => (METHOD_PAGE_PAY, PRODUCT_PAGE),
        Product::Wap => (METHOD_WAP_PAY, PRODUCT_WAP),
        Product::Jsapi | Product::App | Product::Qr | Product::H5 => return None,
    };
    let mut biz = json!({
        "out_trade_no": req.out_trade_no,
        "total_amount": req.amount.to_yuan(),
        "subject": req.subject,
        "product_code": product_code,
        "time_expire": beijing_time(req.expires_at),
    });
    with_passback(&mut biz, req);
    if let (Product::Wap, Some(quit), Some(obj)) = (
        req.product,
        req.quit_url.as_deref().filter(|u| !u.is_empty()),
        biz.as_object_mut(),
    ) {
        obj.insert("quit_url".into(), Value::String(quit.into()));
    }
    Some((method, biz))
}

/// `gateway` with `query` appended.
fn with_query(gateway: &str, query: &str) -> String {
    let sep = if gateway.contains('?') { '&' } else { '?' };
    format!("{gateway}{sep}{query}")
}

/// The browser's request for a signed web cashier call (pure): a GET URL when it fits in
/// [`MAX_GET_URL`], else a POST form whose action URL carries the common parameters and whose
/// body carries the rest (`biz_content`), as the official SDKs' `pageExecute` builds them.
pub fn web_request(
    gateway: &str,
    params: &BTreeMap<String, String>,
    expires_at: DateTime<Utc>,
) -> PayParams {
    let get = with_query(gateway, &form_encode(params));
    if get.len() <= MAX_GET_URL {
        return PayParams::Redirect {
            url: get,
            method: RedirectMethod::Get,
            fields: Vec::new(),
            expires_at,
        };
    }
    let (in_url, in_body): (BTreeMap<String, String>, BTreeMap<String, String>) = params
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .partition(|(k, _)| FORM_URL_PARAMS.contains(&k.as_str()));
    PayParams::Redirect {
        url: with_query(gateway, &form_encode(&in_url)),
        method: RedirectMethod::Post,
        fields: in_body
            .into_iter()
            .map(|(name, value)| FormField { name, value })
            .collect(),
        expires_at,
    }
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
    ) -> Result<BTreeMap<String, String>, ProviderError> {
        self.signed_web_request(method, biz, notify_url, None, now)
    }

    /// [`Self::signed_request`] with a `return_url` (web cashier requests).
    pub fn signed_web_request(
        &self,
        method: &str,
        biz: &Value,
        notify_url: Option<&str>,
        return_url: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<String, String>, ProviderError> {
        let biz_content = biz.to_string();
        signed_params(
            &self.signer,
            &GatewayRequest {
                app_id: &self.app_id,
                method,
                biz_content: &biz_content,
                notify_url,
                return_url,
                timestamp: now,
            },
        )
    }

    /// The browser's signed request for the web cashier of a page or wap payment (built
    /// locally, no HTTP call): the buyer's browser carries it to Alipay.
    pub fn web_pay(
        &self,
        req: &PrepayRequest,
        now: DateTime<Utc>,
    ) -> Result<PayParams, ProviderError> {
        let (method, biz) = web_pay_biz(req).ok_or_else(|| {
            ProviderError::Config(format!("{:?} is not an Alipay web payment", req.product))
        })?;
        let params = self.signed_web_request(
            method,
            &biz,
            Some(&req.notify_url),
            req.return_url.as_deref(),
            now,
        )?;
        Ok(web_request(&self.gateway, &params, req.expires_at))
    }

    /// The app SDK's `orderInfo` for `alipay.trade.app.pay` (built locally, no HTTP call).
    pub fn app_order_info(
        &self,
        req: &PrepayRequest,
        now: DateTime<Utc>,
    ) -> Result<String, ProviderError> {
        Ok(form_encode(&self.signed_request(
            METHOD_APP_PAY,
            &app_pay_biz(req),
            Some(&req.notify_url),
            now,
        )?))
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
        let params = self.signed_request(method, biz, notify_url, Utc::now())?;
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
        match req.product {
            Product::App => {
                let order_info = self.app_order_info(req, Utc::now())?;
                Ok(Prepared {
                    raw: order_info.clone(),
                    params: PayParams::AlipayApp { order_info },
                    prepay_id: None,
                })
            }
            Product::Qr => {
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
            Product::Page | Product::Wap => {
                let params = self.web_pay(req, Utc::now())?;
                Ok(Prepared {
                    raw: serde_json::to_string(&params)
                        .map_err(|e| ProviderError::Malformed(e.to_string()))?,
                    params,
                    prepay_id: None,
                })
            }
            Product::Jsapi | Product::H5 => Err(ProviderError::Config(format!(
                "Alipay does not serve {:?} payments",
                req.product
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
        let outcome = match interpret_close(reply.result) {
            // Alipay refuses to close any trade that is not waiting for payment, paid or already
            // closed alike, with ACQ.TRADE_STATUS_ERROR: the trade's state says which it was.
            Err(e) if business_of(&e) == Some(BusinessCode::TradeStatusError) => {
                match self.query(out_trade_no).await?.state {
                    TradeState::Paid(_) => CloseOutcome::AlreadyPaid,
                    TradeState::Closed => CloseOutcome::Closed,
                    TradeState::NotExist => CloseOutcome::NotExist,
                    _ => return Err(e),
                }
            }
            other => other?,
        };
        Ok(CloseResult {
            outcome,
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::alipay::gateway::sign_response;
    use crate::alipay::gateway::split_response;
    use crate::alipay::keys::parse_public_key;
    use crate::alipay::sign::verify_params;
    use crate::alipay::testdata::{fixture, read_vector};
    use crate::rsa_keys::RsaSigner;
    use crate::{AlipayCredentials, ProviderEndpoints};
    use chrono::TimeZone;

    pub(crate) const APP_ID: &str = "2021000122671080";

    /// A client whose "Alipay platform" is the fixture key pair, so tests can sign replies.
    pub(crate) fn sandbox_alipay(gateway: &str) -> Alipay {
        let mut endpoints = ProviderEndpoints::sandbox("http://127.0.0.1:9");
        endpoints.alipay_gateway = gateway.to_string();
        Alipay::new(
            AlipayCredentials {
                app_id: APP_ID.into(),
                app_private_key: fixture("app-private-key-pkcs8.pem").into(),
                alipay_public_key: fixture("app-public-key.pem"),
            },
            &endpoints,
            reqwest::Client::new(),
        )
        .unwrap()
    }

    pub(crate) fn platform_signer() -> RsaSigner {
        RsaSigner::parse(&fixture("app-private-key.pem")).unwrap()
    }

    fn reply(method: &str, node: &str) -> Result<Map<String, Value>, ProviderError> {
        let raw = sign_response(&platform_signer(), method, node).unwrap();
        sandbox_alipay("http://127.0.0.1:9/gateway.do").verify_reply(method, raw.as_bytes())
    }

    fn failure(sub_code: &str) -> String {
        format!(
            r#"{{"code":"40004","msg":"Business Failed","sub_code":"{sub_code}","sub_msg":"m"}}"#
        )
    }

    pub(crate) fn prepay_request(product: Product) -> PrepayRequest {
        PrepayRequest {
            product,
            out_trade_no: "T100".into(),
            amount: Amount::payable(1234).unwrap(),
            subject: "测试商品 & more".into(),
            attach: Some("k=v&x y".into()),
            notify_url: "https://pay.example.com/notify/alipay".into(),
            expires_at: Utc.with_ymd_and_hms(2024, 1, 1, 4, 30, 0).unwrap(),
            payer_openid: None,
            client_ip: "127.0.0.1".into(),
            return_url: Some("https://pay.example.com/return/alipay/prj_1".into()),
            quit_url: Some("https://pay.example.com/checkout/ord_1?t=x".into()),
        }
    }

    #[test]
    fn constructor_rejects_bad_config() {
        let endpoints = ProviderEndpoints::production();
        let creds = |app_id: &str, private: String, public: String| AlipayCredentials {
            app_id: app_id.into(),
            app_private_key: private.into(),
            alipay_public_key: public,
        };
        for c in [
            creds(
                " ",
                fixture("app-private-key.pem"),
                fixture("alipay-public-key.pem"),
            ),
            creds(APP_ID, "garbage".into(), fixture("alipay-public-key.pem")),
            creds(APP_ID, fixture("app-private-key.pem"), "garbage".into()),
            creds(
                APP_ID,
                fixture("app-public-key.pem"),
                fixture("alipay-public-key.pem"),
            ),
        ] {
            assert!(matches!(
                Alipay::new(c, &endpoints, reqwest::Client::new()),
                Err(ProviderError::Config(_))
            ));
        }
        for private in [
            "app-private-key.pem",
            "app-private-key-no-wrapper.pem",
            "app-private-key-pkcs8-no-wrapper.pem",
        ] {
            let a = Alipay::new(
                creds(
                    APP_ID,
                    fixture(private),
                    fixture("alipay-public-key-no-wrapper.pem"),
                ),
                &endpoints,
                reqwest::Client::new(),
            )
            .unwrap();
            assert_eq!(a.gateway_url(), "https://openapi.alipay.com/gateway.do");
            assert!(!format!("{a:?}").contains("MII"));
        }
    }

    #[test]
    fn app_order_info_is_signed_query_string() {
        let a = sandbox_alipay("http://127.0.0.1:9/gateway.do");
        let req = prepay_request(Product::App);
        let now = Utc.with_ymd_and_hms(2024, 1, 1, 4, 0, 0).unwrap();
        let info = a.app_order_info(&req, now).unwrap();
        assert_eq!(info, a.app_order_info(&req, now).unwrap(), "deterministic");
        let params: BTreeMap<String, String> = form_urlencoded::parse(info.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(params["method"], METHOD_APP_PAY);
        assert_eq!(params["app_id"], APP_ID);
        assert_eq!(params["timestamp"], "2024-01-01 12:00:00");
        assert_eq!(params["notify_url"], req.notify_url);
        assert_eq!(params["charset"], "utf-8");
        assert_eq!(params["format"], "JSON");
        assert_eq!(params["sign_type"], "RSA2");
        assert_eq!(params["version"], "1.0");
        verify_params(
            &parse_public_key(&fixture("app-public-key.pem")).unwrap(),
            &params,
        )
        .unwrap();
        let biz: Value = serde_json::from_str(&params["biz_content"]).unwrap();
        assert_eq!(biz["out_trade_no"], "T100");
        assert_eq!(biz["total_amount"], "12.34");
        assert_eq!(biz["subject"], "测试商品 & more");
        assert_eq!(biz["product_code"], PRODUCT_APP);
        assert_eq!(biz["time_expire"], "2024-01-01 12:30:00");
        assert_eq!(biz["passback_params"], "k%3Dv%26x+y");
        // No attach → no passback_params.
        let mut bare = req.clone();
        bare.attach = None;
        assert!(app_pay_biz(&bare).get("passback_params").is_none());
    }

    /// The parameters of a web cashier request as the browser would send them: the URL's query
    /// and, for a form, its fields.
    fn browser_params(p: &PayParams) -> (RedirectMethod, BTreeMap<String, String>) {
        let PayParams::Redirect {
            url,
            method,
            fields,
            ..
        } = p
        else {
            panic!("not a redirect: {p:?}")
        };
        let (_, query) = url.split_once('?').unwrap();
        let mut params: BTreeMap<String, String> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        for f in fields {
            assert!(params.insert(f.name.clone(), f.value.clone()).is_none());
        }
        (*method, params)
    }

    #[test]
    fn page_pay_is_a_signed_get_url() {
        let a = sandbox_alipay("https://openapi.alipay.com/gateway.do");
        let req = prepay_request(Product::Page);
        let now = Utc.with_ymd_and_hms(2024, 1, 1, 4, 0, 0).unwrap();
        let p = a.web_pay(&req, now).unwrap();
        assert_eq!(p, a.web_pay(&req, now).unwrap(), "deterministic");
        let PayParams::Redirect {
            url,
            fields,
            expires_at,
            ..
        } = &p
        else {
            panic!("{p:?}")
        };
        assert!(url.starts_with("https://openapi.alipay.com/gateway.do?"));
        assert!(url.len() <= MAX_GET_URL);
        assert!(fields.is_empty());
        assert_eq!(*expires_at, req.expires_at);
        let (method, params) = browser_params(&p);
        assert_eq!(method, RedirectMethod::Get);
        assert_eq!(params["method"], METHOD_PAGE_PAY);
        assert_eq!(params["app_id"], APP_ID);
        assert_eq!(params["notify_url"], req.notify_url);
        assert_eq!(
            params["return_url"],
            "https://pay.example.com/return/alipay/prj_1"
        );
        assert_eq!(params["timestamp"], "2024-01-01 12:00:00");
        verify_params(
            &parse_public_key(&fixture("app-public-key.pem")).unwrap(),
            &params,
        )
        .unwrap();
        let biz: Value = serde_json::from_str(&params["biz_content"]).unwrap();
        assert_eq!(biz["product_code"], PRODUCT_PAGE);
        assert_eq!(biz["out_trade_no"], "T100");
        assert_eq!(biz["total_amount"], "12.34");
        assert_eq!(biz["time_expire"], "2024-01-01 12:30:00");
        assert_eq!(biz["passback_params"], "k%3Dv%26x+y");
        // quit_url belongs to wap pay only.
        assert!(biz.get("quit_url").is_none());
        // The prepay trait hands out the same shape.
        assert!(matches!(
            a.web_pay(&prepay_request(Product::Qr), now),
            Err(ProviderError::Config(_))
        ));
    }

    #[test]
    fn wap_pay_carries_quit_url() {
        let a = sandbox_alipay("http://127.0.0.1:9/sandbox/alipay/gateway.do");
        let req = prepay_request(Product::Wap);
        let p = a.web_pay(&req, Utc::now()).unwrap();
        let (method, params) = browser_params(&p);
        assert_eq!(method, RedirectMethod::Get);
        assert_eq!(params["method"], METHOD_WAP_PAY);
        let biz: Value = serde_json::from_str(&params["biz_content"]).unwrap();
        assert_eq!(biz["product_code"], PRODUCT_WAP);
        assert_eq!(
            biz["quit_url"],
            "https://pay.example.com/checkout/ord_1?t=x"
        );
        let mut no_urls = req.clone();
        no_urls.quit_url = None;
        no_urls.return_url = None;
        let (_, params) = browser_params(&a.web_pay(&no_urls, Utc::now()).unwrap());
        assert!(!params.contains_key("return_url"));
        let biz: Value = serde_json::from_str(&params["biz_content"]).unwrap();
        assert!(biz.get("quit_url").is_none());
    }

    #[test]
    fn a_long_request_becomes_a_post_form() {
        let a = sandbox_alipay("https://openapi.alipay.com/gateway.do");
        let mut req = prepay_request(Product::Page);
        // 256 Chinese characters: 2304 bytes once URL-encoded.
        req.subject = "长".repeat(256);
        let p = a.web_pay(&req, Utc::now()).unwrap();
        let PayParams::Redirect { url, fields, .. } = &p else {
            panic!("{p:?}")
        };
        // The common parameters ride in the action URL, the business ones in the body.
        assert!(url.contains("sign="), "{url}");
        assert!(url.contains("return_url="), "{url}");
        assert!(!url.contains("biz_content"), "{url}");
        assert_eq!(
            fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["biz_content"]
        );
        let (method, params) = browser_params(&p);
        assert_eq!(method, RedirectMethod::Post);
        verify_params(
            &parse_public_key(&fixture("app-public-key.pem")).unwrap(),
            &params,
        )
        .unwrap();
        let biz: Value = serde_json::from_str(&params["biz_content"]).unwrap();
        assert_eq!(biz["subject"], req.subject);
    }

    #[test]
    fn other_builders() {
        let req = prepay_request(Product::Qr);
        let biz = precreate_biz(&req);
        assert_eq!(biz["total_amount"], "12.34");
        assert_eq!(biz["time_expire"], "2024-01-01 12:30:00");
        assert_eq!(trade_biz("T1"), json!({"out_trade_no": "T1"}));
        let mut r = RefundRequest {
            out_trade_no: "T1".into(),
            out_refund_no: "R1".into(),
            total_amount: Amount::payable(1000).unwrap(),
            refund_amount: Amount::payable(5).unwrap(),
            reason: Some("退货".into()),
            notify_url: "https://x/notify".into(),
        };
        assert_eq!(
            refund_biz(&r),
            json!({"out_trade_no":"T1","out_request_no":"R1","refund_amount":"0.05","refund_reason":"退货"})
        );
        r.reason = None;
        assert!(refund_biz(&r).get("refund_reason").is_none());
        assert_eq!(refund_query_biz("T1", "R1")["out_request_no"], "R1");
        // notify_url only where relevant.
        let a = sandbox_alipay("http://127.0.0.1:9/gateway.do");
        let p = a
            .signed_request(METHOD_QUERY, &trade_biz("T1"), None, Utc::now())
            .unwrap();
        assert!(!p.contains_key("notify_url"));
    }

    #[test]
    fn precreate_replies() {
        let ok = r#"{"code":"10000","msg":"Success","out_trade_no":"T1","qr_code":"https://qr.alipay.com/bax1"}"#;
        assert_eq!(
            interpret_precreate(reply(METHOD_PRECREATE, ok)).unwrap(),
            "https://qr.alipay.com/bax1"
        );
        let no_qr = r#"{"code":"10000","msg":"Success","out_trade_no":"T1"}"#;
        assert!(matches!(
            interpret_precreate(reply(METHOD_PRECREATE, no_qr)),
            Err(ProviderError::Malformed(_))
        ));
        let err = interpret_precreate(reply(METHOD_PRECREATE, &failure("ACQ.TRADE_HAS_SUCCESS")))
            .unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::OrderPaid));
    }

    #[test]
    fn query_replies() {
        // The official samples' nodes, re-signed with the fixture platform key.
        for (file, want) in [
            (
                "samples/alipay_trade_query_wait_buyer_pay.sample.json",
                TradeState::NotPaid,
            ),
            (
                "samples/alipay_trade_query_not_exist.sample.json",
                TradeState::NotExist,
            ),
        ] {
            let raw = read_vector(file);
            let node = split_response(raw.trim(), METHOD_QUERY)
                .unwrap()
                .node
                .to_string();
            assert_eq!(
                interpret_query(reply(METHOD_QUERY, &node)).unwrap(),
                want,
                "{file}"
            );
        }
        let paid = r#"{"code":"10000","msg":"Success","buyer_logon_id":"gai***@sandbox.com","buyer_pay_amount":"88.00","buyer_user_id":"2088102176080898","buyer_open_id":"074a","out_trade_no":"T1","send_pay_date":"2024-01-01 12:00:05","total_amount":"88.88","trade_no":"2024010122001","trade_status":"TRADE_SUCCESS"}"#;
        let want = TradeState::Paid(PaidTrade {
            provider_trade_no: "2024010122001".into(),
            total_amount: Amount::payable(8888).unwrap(),
            paid_amount: Some(Amount::payable(8800).unwrap()),
            payer: Some("2088102176080898".into()),
            paid_at: Some(Utc.with_ymd_and_hms(2024, 1, 1, 4, 0, 5).unwrap()),
        });
        assert_eq!(interpret_query(reply(METHOD_QUERY, paid)).unwrap(), want);
        let finished = paid.replace("TRADE_SUCCESS", "TRADE_FINISHED");
        assert_eq!(
            interpret_query(reply(METHOD_QUERY, &finished)).unwrap(),
            want
        );
        // TRADE_CLOSED after payment (full refund) is still a paid trade.
        let refunded = paid.replace("TRADE_SUCCESS", "TRADE_CLOSED");
        assert_eq!(
            interpret_query(reply(METHOD_QUERY, &refunded)).unwrap(),
            want
        );
        let open_id_only = r#"{"code":"10000","msg":"Success","buyer_open_id":"074a","total_amount":"1.00","trade_no":"N","trade_status":"TRADE_SUCCESS"}"#;
        assert!(matches!(
            interpret_query(reply(METHOD_QUERY, open_id_only)).unwrap(),
            TradeState::Paid(p) if p.payer.as_deref() == Some("074a") && p.paid_amount.is_none()
        ));
        let closed = r#"{"code":"10000","msg":"Success","out_trade_no":"T1","total_amount":"1.00","trade_no":"N","trade_status":"TRADE_CLOSED"}"#;
        assert_eq!(
            interpret_query(reply(METHOD_QUERY, closed)).unwrap(),
            TradeState::Closed
        );
        for bad in [
            r#"{"code":"10000","msg":"Success","trade_status":"TRADE_PENDING"}"#,
            r#"{"code":"10000","msg":"Success"}"#,
            r#"{"code":"10000","msg":"Success","total_amount":"1.00","trade_status":"TRADE_SUCCESS"}"#,
            r#"{"code":"10000","msg":"Success","trade_no":"N","trade_status":"TRADE_SUCCESS"}"#,
            r#"{"code":"10000","msg":"Success","trade_no":"N","total_amount":"1.001","trade_status":"TRADE_SUCCESS"}"#,
            r#"{"code":"10000","msg":"Success","trade_no":"N","total_amount":"1.00","send_pay_date":"2024/01/01","trade_status":"TRADE_SUCCESS"}"#,
        ] {
            assert!(
                matches!(
                    interpret_query(reply(METHOD_QUERY, bad)),
                    Err(ProviderError::Malformed(_))
                ),
                "{bad}"
            );
        }
        let err = interpret_query(reply(METHOD_QUERY, &failure("ACQ.SYSTEM_ERROR"))).unwrap_err();
        assert!(err.is_retryable());
        let err = interpret_query(reply(
            METHOD_QUERY,
            r#"{"code":"40001","msg":"Missing Required Arguments","sub_code":"isv.missing-biz-content"}"#,
        ))
        .unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::InvalidParameter));
    }

    #[test]
    fn close_and_cancel_replies() {
        let ok = r#"{"code":"10000","msg":"Success","out_trade_no":"T1","trade_no":"N"}"#;
        assert_eq!(
            interpret_close(reply(METHOD_CLOSE, ok)).unwrap(),
            CloseOutcome::Closed
        );
        for (action, want) in [
            ("close", CloseOutcome::Closed),
            ("refund", CloseOutcome::AlreadyPaid),
        ] {
            let node = format!(
                r#"{{"code":"10000","msg":"Success","out_trade_no":"T1","retry_flag":"N","action":"{action}"}}"#
            );
            assert_eq!(
                interpret_close(reply(METHOD_CANCEL, &node)).unwrap(),
                want,
                "{action}"
            );
        }
        let odd = r#"{"code":"10000","msg":"Success","action":"explode"}"#;
        assert!(interpret_close(reply(METHOD_CANCEL, odd)).is_err());
        for (sub, want) in [
            ("ACQ.TRADE_HAS_SUCCESS", CloseOutcome::AlreadyPaid),
            ("ACQ.TRADE_NOT_EXIST", CloseOutcome::NotExist),
            ("ACQ.TRADE_HAS_CLOSE", CloseOutcome::Closed),
        ] {
            assert_eq!(
                interpret_close(reply(METHOD_CLOSE, &failure(sub))).unwrap(),
                want,
                "{sub}"
            );
        }
        let err =
            interpret_close(reply(METHOD_CLOSE, &failure("ACQ.TRADE_STATUS_ERROR"))).unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::TradeStatusError));
    }

    #[test]
    fn refund_replies() {
        let y = r#"{"code":"10000","msg":"Success","buyer_logon_id":"x","fund_change":"Y","gmt_refund_pay":"2024-01-02 10:00:00","out_trade_no":"T1","refund_fee":"0.05","trade_no":"N"}"#;
        assert_eq!(
            interpret_refund(reply(METHOD_REFUND, y)).unwrap(),
            Some(RefundState::Succeeded {
                provider_refund_no: None,
                refunded_at: Some(Utc.with_ymd_and_hms(2024, 1, 2, 2, 0, 0).unwrap()),
            })
        );
        let n = y.replace("\"Y\"", "\"N\"");
        assert_eq!(interpret_refund(reply(METHOD_REFUND, &n)).unwrap(), None);
        let err = interpret_refund(reply(
            METHOD_REFUND,
            &failure("ACQ.SELLER_BALANCE_NOT_ENOUGH"),
        ))
        .unwrap_err();
        assert_eq!(business_of(&err), Some(BusinessCode::BalanceNotEnough));
    }

    #[test]
    fn refund_query_replies() {
        let success = r#"{"code":"10000","msg":"Success","out_request_no":"R1","out_trade_no":"T1","refund_amount":"0.05","refund_status":"REFUND_SUCCESS","gmt_refund_pay":"2024-01-02 10:00:00","total_amount":"10.00","trade_no":"N"}"#;
        assert!(matches!(
            interpret_refund_query(reply(METHOD_REFUND_QUERY, success)).unwrap(),
            RefundState::Succeeded {
                refunded_at: Some(_),
                ..
            }
        ));
        let amount_only = r#"{"code":"10000","msg":"Success","out_request_no":"R1","out_trade_no":"T1","refund_amount":"0.05","total_amount":"10.00","trade_no":"N"}"#;
        assert!(matches!(
            interpret_refund_query(reply(METHOD_REFUND_QUERY, amount_only)).unwrap(),
            RefundState::Succeeded {
                refunded_at: None,
                ..
            }
        ));
        let empty = r#"{"code":"10000","msg":"Success"}"#;
        assert_eq!(
            interpret_refund_query(reply(METHOD_REFUND_QUERY, empty)).unwrap(),
            RefundState::NotExist
        );
        let other = r#"{"code":"10000","msg":"Success","refund_status":"REFUND_PROCESSING"}"#;
        assert_eq!(
            interpret_refund_query(reply(METHOD_REFUND_QUERY, other)).unwrap(),
            RefundState::Processing
        );
        assert_eq!(
            interpret_refund_query(reply(METHOD_REFUND_QUERY, &failure("ACQ.TRADE_NOT_EXIST")))
                .unwrap(),
            RefundState::NotExist
        );
        assert!(
            interpret_refund_query(reply(METHOD_REFUND_QUERY, &failure("ACQ.SYSTEM_ERROR")))
                .is_err()
        );
    }
}
