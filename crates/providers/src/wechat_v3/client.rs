//! [`WechatPayV3`]'s capabilities: prepay (JSAPI, APP, Native, H5), query by out_trade_no,
//! close, refund and refund query.
//!
//! Each call is a pure request builder (`*_body` / `*_path`), the thin signed call
//! ([`WechatPayV3::call`]) and pure reply interpretation (`*_from_reply`).

use async_trait::async_trait;
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use reqwest::{Method, Url};
use url::form_urlencoded;

use super::wire::{
    cny, CloseBody, CodeUrlReply, H5Info, H5UrlReply, Payer, PrepayAmount, PrepayBody,
    PrepayIdReply, Refund, RefundAmountRequest, RefundBody, SceneInfo, Transaction,
};
use super::{cashier, codes, Reply, WechatPayV3};
use crate::{
    BusinessCode, CloseOutcome, CloseResult, CloseTrade, PaidTrade, PayParams, Prepared, Prepay,
    PrepayRequest, ProviderError, QueryTrade, RefundRequest, RefundResult, RefundState,
    RefundTrade, TradeQueryResult, TradeState,
};
use paycenter_domain::{Amount, Product};

/// The longest `description` WeChat accepts, in bytes (cut on a character boundary).
pub const MAX_DESCRIPTION_BYTES: usize = 127;
/// The longest `attach`, in bytes (refused, not cut: it is the merchant's data, echoed back).
pub const MAX_ATTACH_BYTES: usize = 128;
/// The longest refund `reason`, in bytes (cut).
pub const MAX_REASON_BYTES: usize = 80;
/// How long an `h5_url` can be opened.
pub const H5_URL_VALIDITY: TimeDelta = TimeDelta::minutes(5);

const BEIJING: i32 = 8 * 3600;

/// A product this client does not sell (Alipay's page and WAP payments).
fn unsupported(product: Product) -> ProviderError {
    ProviderError::Config(format!("WeChat Pay v3 does not serve {product:?} payments"))
}

fn malformed(msg: impl Into<String>) -> ProviderError {
    ProviderError::Malformed(msg.into())
}

fn invalid(message: &str) -> ProviderError {
    ProviderError::business(BusinessCode::InvalidParameter, "PARAM_ERROR", message)
}

/// RFC 3339 in Beijing time, as WeChat writes and wants times: `2018-06-08T10:34:56+08:00`.
pub fn format_time(t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(BEIJING) {
        Some(tz) => t
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        None => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

/// Parses a WeChat RFC 3339 time.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `s` cut to at most `max` bytes without splitting a character.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    crate::text::truncate_bytes(s, max)
}

fn fen(v: i64, what: &str) -> Result<Amount, ProviderError> {
    Amount::from_fen(v).map_err(|_| malformed(format!("{what} is not an amount in fen: {v}")))
}

/// `out-trade-no/{no}`'s segment: WeChat's numbers are `[0-9A-Za-z_-|*]`; anything else is
/// percent-encoded (and signed as sent).
fn path_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'-')
    .remove(b'*');

/// The trade state a transaction reports.
pub fn trade_state(t: &Transaction) -> Result<TradeState, ProviderError> {
    Ok(match t.trade_state.as_str() {
        "SUCCESS" | "REFUND" => TradeState::Paid(paid_trade(t)?),
        "NOTPAY" => TradeState::NotPaid,
        "USERPAYING" => TradeState::UserPaying,
        "CLOSED" | "REVOKED" => TradeState::Closed,
        "PAYERROR" => TradeState::PayError(if t.trade_state_desc.is_empty() {
            "PAYERROR".to_owned()
        } else {
            t.trade_state_desc.clone()
        }),
        other => return Err(malformed(format!("unknown trade_state {other:?}"))),
    })
}

fn paid_trade(t: &Transaction) -> Result<PaidTrade, ProviderError> {
    let amount = t
        .amount
        .as_ref()
        .ok_or_else(|| malformed("paid transaction without amount"))?;
    Ok(PaidTrade {
        provider_trade_no: t
            .transaction_id
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| malformed("paid transaction without transaction_id"))?,
        total_amount: fen(
            amount
                .total
                .ok_or_else(|| malformed("paid transaction without amount.total"))?,
            "amount.total",
        )?,
        paid_amount: amount
            .payer_total
            .map(|v| fen(v, "amount.payer_total"))
            .transpose()?,
        payer: t.payer.as_ref().and_then(|p| p.openid.clone()),
        paid_at: t.success_time.as_deref().and_then(parse_time),
    })
}

/// The refund state a refund reply reports (`status`) or a notify (`refund_status`).
pub fn refund_state(
    status: &str,
    refund_id: &str,
    success_time: Option<&str>,
) -> Result<RefundState, ProviderError> {
    Ok(match status {
        "SUCCESS" => RefundState::Succeeded {
            provider_refund_no: Some(refund_id.to_owned()).filter(|s| !s.is_empty()),
            refunded_at: success_time.and_then(parse_time),
        },
        "PROCESSING" => RefundState::Processing,
        "ABNORMAL" | "CLOSED" => RefundState::Failed(status.to_owned()),
        other => return Err(malformed(format!("unknown refund status {other:?}"))),
    })
}

impl WechatPayV3 {
    /// The prepay path and body for `req` (pure).
    pub fn prepay_body(
        &self,
        req: &PrepayRequest,
    ) -> Result<(&'static str, PrepayBody), ProviderError> {
        let (path, payer, scene_info) = match req.product {
            Product::Jsapi => {
                let openid = req
                    .payer_openid
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .ok_or_else(|| invalid("JSAPI payment needs the payer's openid"))?;
                (
                    "v3/pay/transactions/jsapi",
                    Some(Payer {
                        openid: openid.to_owned(),
                    }),
                    None,
                )
            }
            Product::App => ("v3/pay/transactions/app", None, None),
            Product::Qr => ("v3/pay/transactions/native", None, None),
            Product::H5 => (
                "v3/pay/transactions/h5",
                None,
                Some(SceneInfo {
                    payer_client_ip: req.client_ip.clone(),
                    device_id: None,
                    h5_info: Some(H5Info {
                        kind: "Wap".into(),
                        app_name: None,
                        app_url: None,
                    }),
                }),
            ),
            Product::Page | Product::Wap => return Err(unsupported(req.product)),
        };
        let attach = req.attach.as_deref().filter(|a| !a.is_empty());
        if attach.is_some_and(|a| a.len() > MAX_ATTACH_BYTES) {
            return Err(invalid("attach is longer than 128 bytes"));
        }
        let body = PrepayBody {
            appid: self.inner.app_id.clone(),
            mchid: self.inner.mch_id.clone(),
            description: truncate_bytes(&req.subject, MAX_DESCRIPTION_BYTES).to_owned(),
            out_trade_no: req.out_trade_no.clone(),
            time_expire: Some(format_time(req.expires_at)),
            attach: attach.map(str::to_owned),
            notify_url: req.notify_url.clone(),
            goods_tag: None,
            amount: PrepayAmount {
                total: req.amount.fen(),
                currency: cny(),
            },
            payer,
            scene_info,
        };
        Ok((path, body))
    }

    /// Cashier params from a prepay reply; `nonce`/`timestamp` are the cashier's own, `now` the
    /// time the reply came (H5 URLs expire five minutes later).
    pub fn prepared_from_reply(
        &self,
        req: &PrepayRequest,
        reply: Reply,
        nonce: &str,
        timestamp: &str,
        now: DateTime<Utc>,
    ) -> Result<Prepared, ProviderError> {
        let raw = reply.raw();
        let body = match reply {
            Reply::Ok { body, .. } => body,
            Reply::Refused { status, error, .. } => {
                return Err(codes::business_error(status, &error))
            }
        };
        let parse_err = |e: serde_json::Error| malformed(format!("prepay reply: {e}"));
        let (params, prepay_id) = match req.product {
            Product::Jsapi => {
                let r: PrepayIdReply = serde_json::from_slice(&body).map_err(parse_err)?;
                (
                    cashier::jsapi_params(
                        self.signer(),
                        &self.inner.app_id,
                        &r.prepay_id,
                        nonce,
                        timestamp,
                    )?,
                    Some(r.prepay_id),
                )
            }
            Product::App => {
                let r: PrepayIdReply = serde_json::from_slice(&body).map_err(parse_err)?;
                (
                    cashier::app_params(
                        self.signer(),
                        &self.inner.app_id,
                        &self.inner.mch_id,
                        &r.prepay_id,
                        nonce,
                        timestamp,
                    )?,
                    Some(r.prepay_id),
                )
            }
            Product::Qr => {
                let r: CodeUrlReply = serde_json::from_slice(&body).map_err(parse_err)?;
                (
                    PayParams::QrCode {
                        code_url: r.code_url,
                    },
                    None,
                )
            }
            Product::H5 => {
                let r: H5UrlReply = serde_json::from_slice(&body).map_err(parse_err)?;
                let prepay_id = Url::parse(&r.h5_url).ok().and_then(|u| {
                    u.query_pairs()
                        .find(|(k, _)| k == "prepay_id")
                        .map(|(_, v)| v.into_owned())
                });
                (
                    PayParams::H5 {
                        url: r.h5_url,
                        expires_at: (now + H5_URL_VALIDITY).min(req.expires_at),
                    },
                    prepay_id,
                )
            }
            Product::Page | Product::Wap => return Err(unsupported(req.product)),
        };
        Ok(Prepared {
            params,
            prepay_id,
            raw,
        })
    }

    /// `v3/pay/transactions/out-trade-no/{no}?mchid=…` (pure).
    pub fn query_path(&self, out_trade_no: &str) -> String {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("mchid", &self.inner.mch_id)
            .finish();
        format!(
            "v3/pay/transactions/out-trade-no/{}?{q}",
            path_segment(out_trade_no)
        )
    }

    /// A query reply's trade state (pure).
    pub fn trade_state_from_reply(
        &self,
        reply: &Reply,
        out_trade_no: &str,
    ) -> Result<TradeState, ProviderError> {
        match reply {
            Reply::Ok { body, .. } => {
                let t: Transaction = serde_json::from_slice(body)
                    .map_err(|e| malformed(format!("transaction: {e}")))?;
                if t.out_trade_no != out_trade_no {
                    return Err(malformed("query reply is for another out_trade_no"));
                }
                self.check_merchant(&t.mchid, Some(&t.appid))?;
                trade_state(&t)
            }
            Reply::Refused {
                error,
                verified: true,
                ..
            } if error.code == "ORDER_NOT_EXIST" => Ok(TradeState::NotExist),
            Reply::Refused { status, error, .. } => Err(codes::business_error(*status, error)),
        }
    }

    /// Fails when a message names another merchant (or app, when it names one).
    pub(crate) fn check_merchant(
        &self,
        mchid: &str,
        appid: Option<&str>,
    ) -> Result<(), ProviderError> {
        if mchid != self.inner.mch_id {
            return Err(malformed("message is for another mchid"));
        }
        if appid.is_some_and(|a| a != self.inner.app_id) {
            return Err(malformed("message is for another appid"));
        }
        Ok(())
    }

    /// `v3/pay/transactions/out-trade-no/{no}/close` and its body (pure).
    pub fn close_request(&self, out_trade_no: &str) -> Result<(String, Vec<u8>), ProviderError> {
        let body = serde_json::to_vec(&CloseBody {
            mchid: self.inner.mch_id.clone(),
        })
        .map_err(|e| ProviderError::Config(e.to_string()))?;
        Ok((
            format!(
                "v3/pay/transactions/out-trade-no/{}/close",
                path_segment(out_trade_no)
            ),
            body,
        ))
    }

    /// What a close reply says. `Ok(None)`: a refusal that may mean "already paid"; the caller
    /// asks the trade's state.
    pub fn close_outcome_from_reply(
        &self,
        reply: &Reply,
    ) -> Result<Option<CloseOutcome>, ProviderError> {
        match reply {
            Reply::Ok { .. } => Ok(Some(CloseOutcome::Closed)),
            Reply::Refused {
                error,
                verified: true,
                ..
            } => match error.code.as_str() {
                "ORDER_CLOSED" | "ORDERCLOSED" => Ok(Some(CloseOutcome::Closed)),
                "ORDER_NOT_EXIST" | "ORDERNOTEXIST" => Ok(Some(CloseOutcome::NotExist)),
                // v3 does not publish what closing a paid trade answers: these may mean it.
                "ORDERPAID" | "ORDER_PAID" | "TRADE_ERROR" => Ok(None),
                _ => Err(codes::business_error(reply_status(reply), error)),
            },
            Reply::Refused { status, error, .. } => Err(codes::business_error(*status, error)),
        }
    }

    /// The refund body (pure).
    pub fn refund_body(&self, req: &RefundRequest) -> RefundBody {
        RefundBody {
            transaction_id: None,
            out_trade_no: Some(req.out_trade_no.clone()),
            out_refund_no: req.out_refund_no.clone(),
            reason: req
                .reason
                .as_deref()
                .filter(|r| !r.is_empty())
                .map(|r| truncate_bytes(r, MAX_REASON_BYTES).to_owned()),
            notify_url: Some(req.notify_url.clone()).filter(|u| !u.is_empty()),
            amount: RefundAmountRequest {
                refund: req.refund_amount.fen(),
                total: req.total_amount.fen(),
                currency: cny(),
            },
        }
    }

    /// `v3/refund/domestic/refunds/{out_refund_no}` (pure).
    pub fn refund_query_path(out_refund_no: &str) -> String {
        format!("v3/refund/domestic/refunds/{}", path_segment(out_refund_no))
    }

    /// A refund (apply or query) reply's state (pure). `querying`: a query, for which an
    /// unknown refund is `NotExist` rather than an error.
    pub fn refund_state_from_reply(
        &self,
        reply: &Reply,
        out_refund_no: &str,
        querying: bool,
    ) -> Result<RefundState, ProviderError> {
        match reply {
            Reply::Ok { body, .. } => {
                let r: Refund =
                    serde_json::from_slice(body).map_err(|e| malformed(format!("refund: {e}")))?;
                if r.out_refund_no != out_refund_no {
                    return Err(malformed("refund reply is for another out_refund_no"));
                }
                refund_state(&r.status, &r.refund_id, r.success_time.as_deref())
            }
            Reply::Refused {
                error,
                verified: true,
                ..
            } if querying && error.code == "RESOURCE_NOT_EXISTS" => Ok(RefundState::NotExist),
            Reply::Refused { status, error, .. } => Err(codes::business_error(*status, error)),
        }
    }
}

fn reply_status(r: &Reply) -> u16 {
    match r {
        Reply::Ok { status, .. } | Reply::Refused { status, .. } => *status,
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, ProviderError> {
    serde_json::to_vec(v)
        .map_err(|e| ProviderError::Config(format!("cannot encode a request: {e}")))
}

#[async_trait]
impl Prepay for WechatPayV3 {
    async fn prepay(&self, req: &PrepayRequest) -> Result<Prepared, ProviderError> {
        let (path, body) = self.prepay_body(req)?;
        let reply = self.call(Method::POST, path, Some(json(&body)?)).await?;
        self.prepared_from_reply(
            req,
            reply,
            &cashier::nonce(),
            &cashier::timestamp_now(),
            Utc::now(),
        )
    }
}

#[async_trait]
impl QueryTrade for WechatPayV3 {
    async fn query(&self, out_trade_no: &str) -> Result<TradeQueryResult, ProviderError> {
        let reply = self
            .call(Method::GET, &self.query_path(out_trade_no), None)
            .await?;
        Ok(TradeQueryResult {
            out_trade_no: out_trade_no.to_owned(),
            state: self.trade_state_from_reply(&reply, out_trade_no)?,
            raw: reply.raw(),
        })
    }
}

#[async_trait]
impl CloseTrade for WechatPayV3 {
    /// Closes, then asks the trade's state: v3 does not document what closing a paid trade
    /// answers (a 204 has been reported), so a close is only `Closed` once a query says the
    /// trade is not paid. A query that fails after a 204 leaves `Closed` (the close itself
    /// succeeded; a payment that raced it still arrives by notify).
    async fn close(
        &self,
        out_trade_no: &str,
        _buyer_may_have_scanned: bool,
    ) -> Result<CloseResult, ProviderError> {
        let (path, body) = self.close_request(out_trade_no)?;
        let reply = self.call(Method::POST, &path, Some(body)).await?;
        let raw = reply.raw();
        let outcome = self.close_outcome_from_reply(&reply)?;
        if outcome == Some(CloseOutcome::NotExist) {
            return Ok(CloseResult {
                outcome: CloseOutcome::NotExist,
                raw,
            });
        }
        let state = match self.query(out_trade_no).await {
            Ok(q) => Some(q.state),
            Err(e) if outcome.is_some() => {
                tracing::warn!(out_trade_no, error = %e, "query after a WeChat Pay v3 close failed");
                None
            }
            Err(e) => return Err(e),
        };
        let outcome = match (state, outcome) {
            (Some(TradeState::Paid(_)), _) => CloseOutcome::AlreadyPaid,
            (_, Some(o)) => o,
            // Refused with a code that might mean "paid", and the trade is not paid.
            (Some(_), None) | (None, None) => {
                return Err(match &reply {
                    Reply::Refused { status, error, .. } => codes::business_error(*status, error),
                    Reply::Ok { .. } => malformed("close reply"),
                })
            }
        };
        Ok(CloseResult { outcome, raw })
    }
}

#[async_trait]
impl RefundTrade for WechatPayV3 {
    async fn refund(&self, req: &RefundRequest) -> Result<RefundResult, ProviderError> {
        let body = json(&self.refund_body(req))?;
        let reply = self
            .call(Method::POST, "v3/refund/domestic/refunds", Some(body))
            .await?;
        Ok(RefundResult {
            out_refund_no: req.out_refund_no.clone(),
            state: self.refund_state_from_reply(&reply, &req.out_refund_no, false)?,
            raw: reply.raw(),
        })
    }

    async fn query_refund(
        &self,
        _out_trade_no: &str,
        out_refund_no: &str,
    ) -> Result<RefundResult, ProviderError> {
        let reply = self
            .call(Method::GET, &Self::refund_query_path(out_refund_no), None)
            .await?;
        Ok(RefundResult {
            out_refund_no: out_refund_no.to_owned(),
            state: self.refund_state_from_reply(&reply, out_refund_no, true)?,
            raw: reply.raw(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::wechat_v3::codes::ErrorBody;
    use crate::wechat_v3::sign::{app_sign_message, jsapi_pay_sign_message};
    use crate::wechat_v3::test_vectors::{credentials, doc_merchant_signer, APP_ID, MCH_ID};
    use crate::ProviderEndpoints;
    use bytes::Bytes;

    pub(crate) fn client(public_key_mode: bool, base: &str) -> WechatPayV3 {
        let mut e = ProviderEndpoints::production();
        e.wechat_pay_base = base.to_owned();
        WechatPayV3::new(credentials(public_key_mode), &e, reqwest::Client::new()).unwrap()
    }

    pub(crate) fn request(product: Product) -> PrepayRequest {
        PrepayRequest {
            product,
            out_trade_no: "1217752501201407033233368018".into(),
            amount: Amount::from_fen(100).unwrap(),
            subject: "Image形象店-深圳腾大-QQ公仔".into(),
            attach: Some("cart=42".into()),
            notify_url: "https://example.com/notify/wechat/prj".into(),
            expires_at: "2026-06-08T02:34:56Z".parse().unwrap(),
            payer_openid: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
            client_ip: "203.0.113.9".into(),
            return_url: None,
            quit_url: None,
        }
    }

    fn ok(body: &str) -> Reply {
        Reply::Ok {
            status: 200,
            body: Bytes::from(body.to_owned()),
        }
    }

    fn refused(status: u16, code: &str, verified: bool) -> Reply {
        Reply::Refused {
            status,
            error: ErrorBody {
                code: code.into(),
                message: "m".into(),
                detail: None,
            },
            verified,
            body: Bytes::new(),
        }
    }

    #[test]
    fn prepay_bodies_per_product() {
        let c = client(true, "https://api.mch.weixin.qq.com/");
        let (path, body) = c.prepay_body(&request(Product::Jsapi)).unwrap();
        assert_eq!(path, "v3/pay/transactions/jsapi");
        let v = serde_json::to_value(&body).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "appid": APP_ID, "mchid": MCH_ID,
                "description": "Image形象店-深圳腾大-QQ公仔",
                "out_trade_no": "1217752501201407033233368018",
                "time_expire": "2026-06-08T10:34:56+08:00",
                "attach": "cart=42",
                "notify_url": "https://example.com/notify/wechat/prj",
                "amount": {"total": 100, "currency": "CNY"},
                "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
            })
        );
        let (path, body) = c.prepay_body(&request(Product::App)).unwrap();
        assert_eq!(
            (path, body.payer, body.scene_info),
            ("v3/pay/transactions/app", None, None)
        );
        let (path, _) = c.prepay_body(&request(Product::Qr)).unwrap();
        assert_eq!(path, "v3/pay/transactions/native");
        let (path, body) = c.prepay_body(&request(Product::H5)).unwrap();
        assert_eq!(path, "v3/pay/transactions/h5");
        assert_eq!(
            serde_json::to_value(&body.scene_info).unwrap(),
            serde_json::json!({"payer_client_ip": "203.0.113.9", "h5_info": {"type": "Wap"}})
        );
        for p in [Product::Page, Product::Wap] {
            assert!(matches!(
                c.prepay_body(&request(p)),
                Err(ProviderError::Config(_))
            ));
        }
        let mut no_openid = request(Product::Jsapi);
        no_openid.payer_openid = Some(" ".into());
        assert!(matches!(
            c.prepay_body(&no_openid),
            Err(ProviderError::Business {
                code: BusinessCode::InvalidParameter,
                ..
            })
        ));
        // description cut to 127 bytes on a character boundary; attach over 128 bytes refused.
        let mut long = request(Product::Qr);
        long.subject = "支付".repeat(30);
        long.attach = None;
        let (_, body) = c.prepay_body(&long).unwrap();
        assert_eq!(body.description.len(), 126);
        assert!(body.attach.is_none());
        long.attach = Some("a".repeat(129));
        assert!(c.prepay_body(&long).is_err());
    }

    #[test]
    fn prepared_params_per_product() {
        let c = client(true, "https://api.mch.weixin.qq.com/");
        let now: DateTime<Utc> = "2026-06-08T02:00:00Z".parse().unwrap();
        let prepay_id = "wx201410272009395522657a690389285100";
        let reply = || ok(&format!("{{\"prepay_id\":\"{prepay_id}\"}}"));
        let p = c
            .prepared_from_reply(
                &request(Product::Jsapi),
                reply(),
                "593BEC0C930BF1AFEB40B4A08C8FB242",
                "1554208460",
                now,
            )
            .unwrap();
        assert_eq!(p.prepay_id.as_deref(), Some(prepay_id));
        let signer = doc_merchant_signer();
        let expected_sign = signer
            .sign_base64(
                jsapi_pay_sign_message(
                    APP_ID,
                    "1554208460",
                    "593BEC0C930BF1AFEB40B4A08C8FB242",
                    &format!("prepay_id={prepay_id}"),
                )
                .as_bytes(),
            )
            .unwrap();
        assert_eq!(
            p.params,
            PayParams::WechatJsapi {
                app_id: APP_ID.into(),
                time_stamp: "1554208460".into(),
                nonce_str: "593BEC0C930BF1AFEB40B4A08C8FB242".into(),
                package: format!("prepay_id={prepay_id}"),
                sign_type: "RSA".into(),
                pay_sign: expected_sign,
            }
        );
        let p = c
            .prepared_from_reply(&request(Product::App), reply(), "n", "1", now)
            .unwrap();
        let PayParams::WechatApp {
            sign,
            partnerid,
            package,
            prepayid,
            ..
        } = p.params
        else {
            panic!("{:?}", p.params)
        };
        assert_eq!(
            (partnerid.as_str(), package.as_str(), prepayid.as_str()),
            (MCH_ID, "Sign=WXPay", prepay_id)
        );
        assert_eq!(
            sign,
            signer
                .sign_base64(app_sign_message(APP_ID, "1", "n", prepay_id).as_bytes())
                .unwrap()
        );
        let p = c
            .prepared_from_reply(
                &request(Product::Qr),
                ok(r#"{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}"#),
                "n",
                "1",
                now,
            )
            .unwrap();
        assert_eq!(
            p.params,
            PayParams::QrCode {
                code_url: "weixin://wxpay/bizpayurl?pr=p4lpSuKzz".into()
            }
        );
        let h5 = r#"{"h5_url":"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2016121516420242444321ca0631331346&package=1405458241"}"#;
        let p = c
            .prepared_from_reply(&request(Product::H5), ok(h5), "n", "1", now)
            .unwrap();
        assert_eq!(
            p.prepay_id.as_deref(),
            Some("wx2016121516420242444321ca0631331346")
        );
        assert_eq!(
            p.params,
            PayParams::H5 {
                url: "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2016121516420242444321ca0631331346&package=1405458241".into(),
                expires_at: now + H5_URL_VALIDITY,
            }
        );
        // An order expiring sooner than five minutes bounds the link.
        let mut soon = request(Product::H5);
        soon.expires_at = now + TimeDelta::minutes(2);
        let p = c.prepared_from_reply(&soon, ok(h5), "n", "1", now).unwrap();
        assert!(
            matches!(p.params, PayParams::H5 { expires_at, .. } if expires_at == soon.expires_at)
        );

        let e = c
            .prepared_from_reply(
                &request(Product::Qr),
                refused(403, "OUT_TRADE_NO_USED", true),
                "n",
                "1",
                now,
            )
            .unwrap_err();
        assert!(matches!(
            e,
            ProviderError::Business {
                code: BusinessCode::OutTradeNoUsed,
                ..
            }
        ));
        assert!(c
            .prepared_from_reply(&request(Product::Qr), ok("{}"), "n", "1", now)
            .is_err());
    }

    #[test]
    fn query_replies() {
        let c = client(true, "https://api.mch.weixin.qq.com/");
        assert_eq!(
            c.query_path("T1"),
            format!("v3/pay/transactions/out-trade-no/T1?mchid={MCH_ID}")
        );
        assert_eq!(
            c.query_path("a|b*c_d-e"),
            format!("v3/pay/transactions/out-trade-no/a%7Cb*c_d-e?mchid={MCH_ID}")
        );
        let paid = format!(
            r#"{{"appid":"{APP_ID}","mchid":"{MCH_ID}","out_trade_no":"T1","transaction_id":"4200000000201407033233368018","trade_type":"NATIVE","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","success_time":"2018-06-08T10:34:56+08:00","payer":{{"openid":"o1"}},"amount":{{"total":101,"payer_total":100,"currency":"CNY","payer_currency":"CNY"}}}}"#
        );
        let expected = TradeState::Paid(PaidTrade {
            provider_trade_no: "4200000000201407033233368018".into(),
            total_amount: Amount::from_fen(101).unwrap(),
            paid_amount: Some(Amount::from_fen(100).unwrap()),
            payer: Some("o1".into()),
            paid_at: Some("2018-06-08T02:34:56Z".parse().unwrap()),
        });
        assert_eq!(
            c.trade_state_from_reply(&ok(&paid), "T1").unwrap(),
            expected
        );
        assert_eq!(
            c.trade_state_from_reply(&ok(&paid.replace("\"SUCCESS\"", "\"REFUND\"")), "T1")
                .unwrap(),
            expected
        );
        for (state, want) in [
            ("NOTPAY", TradeState::NotPaid),
            ("USERPAYING", TradeState::UserPaying),
            ("CLOSED", TradeState::Closed),
            ("REVOKED", TradeState::Closed),
            ("PAYERROR", TradeState::PayError("银行卡余额不足".into())),
        ] {
            let body = format!(
                r#"{{"appid":"{APP_ID}","mchid":"{MCH_ID}","out_trade_no":"T1","trade_state":"{state}","trade_state_desc":"银行卡余额不足"}}"#
            );
            assert_eq!(
                c.trade_state_from_reply(&ok(&body), "T1").unwrap(),
                want,
                "{state}"
            );
        }
        assert_eq!(
            c.trade_state_from_reply(&refused(404, "ORDER_NOT_EXIST", true), "T1")
                .unwrap(),
            TradeState::NotExist
        );
        // An unsigned "not exist" is an error, never a state.
        assert!(matches!(
            c.trade_state_from_reply(&refused(404, "ORDER_NOT_EXIST", false), "T1"),
            Err(ProviderError::Business {
                code: BusinessCode::OrderNotExist,
                ..
            })
        ));
        assert!(c
            .trade_state_from_reply(&refused(500, "SYSTEM_ERROR", true), "T1")
            .unwrap_err()
            .is_retryable());
        assert!(c.trade_state_from_reply(&ok(&paid), "T2").is_err());
        assert!(c
            .trade_state_from_reply(&ok(&paid.replace(MCH_ID, "1900000000")), "T1")
            .is_err());
        assert!(c
            .trade_state_from_reply(&ok(&paid.replace("\"SUCCESS\"", "\"WHAT\"")), "T1")
            .is_err());
        assert!(c
            .trade_state_from_reply(
                &ok(&paid.replace("\"transaction_id\":\"4200000000201407033233368018\",", "")),
                "T1"
            )
            .is_err());
        assert!(c
            .trade_state_from_reply(&ok(&paid.replace("\"total\":101", "\"total\":-1")), "T1")
            .is_err());
    }

    #[test]
    fn close_and_refund_replies() {
        let c = client(true, "https://api.mch.weixin.qq.com/");
        let (path, body) = c.close_request("T1").unwrap();
        assert_eq!(path, "v3/pay/transactions/out-trade-no/T1/close");
        assert_eq!(body, format!("{{\"mchid\":\"{MCH_ID}\"}}").into_bytes());
        let no_content = Reply::Ok {
            status: 204,
            body: Bytes::new(),
        };
        assert_eq!(no_content.raw(), "HTTP 204");
        assert_eq!(
            c.close_outcome_from_reply(&no_content).unwrap(),
            Some(CloseOutcome::Closed)
        );
        assert_eq!(
            c.close_outcome_from_reply(&refused(400, "ORDER_CLOSED", true))
                .unwrap(),
            Some(CloseOutcome::Closed)
        );
        assert_eq!(
            c.close_outcome_from_reply(&refused(404, "ORDER_NOT_EXIST", true))
                .unwrap(),
            Some(CloseOutcome::NotExist)
        );
        assert_eq!(
            c.close_outcome_from_reply(&refused(400, "ORDERPAID", true))
                .unwrap(),
            None
        );
        assert!(c
            .close_outcome_from_reply(&refused(404, "ORDER_NOT_EXIST", false))
            .is_err());
        assert!(c
            .close_outcome_from_reply(&refused(202, "USERPAYING", true))
            .unwrap_err()
            .is_retryable());

        let req = RefundRequest {
            out_trade_no: "T1".into(),
            out_refund_no: "R1".into(),
            total_amount: Amount::from_fen(300).unwrap(),
            refund_amount: Amount::from_fen(100).unwrap(),
            reason: Some("商品已售完".into()),
            notify_url: "https://example.com/n".into(),
        };
        assert_eq!(
            serde_json::to_value(c.refund_body(&req)).unwrap(),
            serde_json::json!({
                "out_trade_no": "T1", "out_refund_no": "R1", "reason": "商品已售完",
                "notify_url": "https://example.com/n",
                "amount": {"refund": 100, "total": 300, "currency": "CNY"}
            })
        );
        assert_eq!(
            WechatPayV3::refund_query_path("R1"),
            "v3/refund/domestic/refunds/R1"
        );
        let refund = |status: &str| {
            ok(&format!(
                r#"{{"refund_id":"50000000382019052709732678859","out_refund_no":"R1","transaction_id":"4200","out_trade_no":"T1","channel":"ORIGINAL","user_received_account":"支付用户零钱","success_time":"2020-12-01T16:18:12+08:00","create_time":"2020-12-01T16:18:12+08:00","status":"{status}","funds_account":"UNSETTLED","amount":{{"total":300,"refund":100,"payer_total":300,"payer_refund":100}}}}"#
            ))
        };
        assert_eq!(
            c.refund_state_from_reply(&refund("SUCCESS"), "R1", false)
                .unwrap(),
            RefundState::Succeeded {
                provider_refund_no: Some("50000000382019052709732678859".into()),
                refunded_at: Some("2020-12-01T08:18:12Z".parse().unwrap()),
            }
        );
        assert_eq!(
            c.refund_state_from_reply(&refund("PROCESSING"), "R1", false)
                .unwrap(),
            RefundState::Processing
        );
        assert_eq!(
            c.refund_state_from_reply(&refund("ABNORMAL"), "R1", true)
                .unwrap(),
            RefundState::Failed("ABNORMAL".into())
        );
        assert_eq!(
            c.refund_state_from_reply(&refund("CLOSED"), "R1", true)
                .unwrap(),
            RefundState::Failed("CLOSED".into())
        );
        assert!(c
            .refund_state_from_reply(&refund("SUCCESS"), "R2", false)
            .is_err());
        assert!(c
            .refund_state_from_reply(&refund("WHAT"), "R1", false)
            .is_err());
        assert_eq!(
            c.refund_state_from_reply(&refused(404, "RESOURCE_NOT_EXISTS", true), "R1", true)
                .unwrap(),
            RefundState::NotExist
        );
        assert!(c
            .refund_state_from_reply(&refused(404, "RESOURCE_NOT_EXISTS", true), "R1", false)
            .is_err());
        assert!(matches!(
            c.refund_state_from_reply(&refused(403, "NOT_ENOUGH", true), "R1", false),
            Err(ProviderError::Business {
                code: BusinessCode::BalanceNotEnough,
                ..
            })
        ));
    }

    #[test]
    fn times() {
        let t: DateTime<Utc> = "2024-12-31T16:30:05Z".parse().unwrap();
        assert_eq!(format_time(t), "2025-01-01T00:30:05+08:00");
        assert_eq!(parse_time("2025-01-01T00:30:05+08:00"), Some(t));
        assert_eq!(parse_time("garbage"), None);
    }

    #[test]
    fn constructor_checks_and_debug() {
        let c = client(false, "http://127.0.0.1:9/sandbox/wechat");
        assert!(c.certificate_mode());
        let url = c.url(&c.query_path("T1")).unwrap();
        assert_eq!(
            WechatPayV3::signed_path(&url),
            format!("/sandbox/wechat/v3/pay/transactions/out-trade-no/T1?mchid={MCH_ID}")
        );
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("PRIVATE") && !dbg.contains("a7cde1"));
        let mut bad = credentials(true);
        bad.api_v3_key = secrecy::SecretString::from("short");
        let e = WechatPayV3::new(
            bad,
            &ProviderEndpoints::production(),
            reqwest::Client::new(),
        )
        .unwrap_err();
        assert!(
            matches!(e, ProviderError::Config(ref m) if m.contains("apiV3Key")),
            "{e}"
        );
        let mut e = ProviderEndpoints::production();
        e.wechat_pay_base = "not a url".into();
        assert!(WechatPayV3::new(credentials(true), &e, reqwest::Client::new()).is_err());
    }
}
