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
use crate::text::truncate_bytes;
use crate::{
    CloseOutcome, CloseResult, CloseTrade, PaidTrade, Prepared, Prepay, PrepayRequest,
    ProviderError, QueryTrade, RefundRequest, RefundResult, RefundState, RefundTrade,
    TradeQueryResult, TradeState,
};
use paycenter_domain::{Amount, Product};

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

pub(super) fn malformed(msg: impl Into<String>) -> ProviderError {
    ProviderError::Malformed(msg.into())
}

/// A field's value; absent and empty are the same in v2.
pub(super) fn get<'a>(fields: &'a Fields, key: &str) -> Option<&'a str> {
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

/// A product this client does not sell.
fn unsupported(product: Product) -> ProviderError {
    ProviderError::Config(format!("WeChat Pay v2 does not serve {product:?} payments"))
}

/// Parses a Beijing-time timestamp in `format` to UTC.
pub fn parse_beijing(value: &str, format: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(value.trim(), format)
        .ok()
        .and_then(|n| n.checked_sub_signed(BEIJING_OFFSET))
        .map(|n| n.and_utc())
}

/// `yyyyMMddHHmmss` in Beijing time (`time_expire`, `time_end`).
pub fn format_beijing_compact(t: DateTime<Utc>) -> String {
    (t + BEIJING_OFFSET).format("%Y%m%d%H%M%S").to_string()
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
    pub(super) fn base_fields(&self, nonce: &str) -> Fields {
        let mut f = Fields::new();
        f.insert("appid".into(), self.app_id.clone());
        f.insert("mch_id".into(), self.mch_id.clone());
        f.insert("nonce_str".into(), nonce.to_owned());
        f.insert("sign_type".into(), self.sign_type.as_str().to_owned());
        f
    }

    pub(super) fn signed(&self, mut fields: Fields) -> Fields {
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
        let trade_type = match req.product {
            Product::Jsapi => {
                let openid = req
                    .payer_openid
                    .as_deref()
                    .filter(|o| !o.trim().is_empty())
                    .ok_or_else(|| {
                        ProviderError::business(
                            crate::BusinessCode::InvalidParameter,
                            "LACK_PARAMS",
                            "JSAPI payment needs the payer's openid",
                        )
                    })?;
                f.insert("openid".into(), openid.to_owned());
                "JSAPI"
            }
            Product::App => "APP",
            Product::Qr => {
                f.insert("product_id".into(), req.out_trade_no.clone());
                "NATIVE"
            }
            Product::H5 | Product::Page | Product::Wap => return Err(unsupported(req.product)),
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
        product: Product,
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
        let params = match product {
            Product::Jsapi => cashier::jsapi_params(
                &self.app_id,
                &need_prepay_id()?,
                self.api_key(),
                self.sign_type,
                nonce,
                timestamp,
            ),
            Product::App => cashier::app_params(
                &self.app_id,
                &self.mch_id,
                &need_prepay_id()?,
                self.api_key(),
                self.sign_type,
                nonce,
                timestamp,
            ),
            Product::Qr => crate::PayParams::QrCode {
                code_url: require(&fields, "code_url")?.to_owned(),
            },
            Product::H5 | Product::Page | Product::Wap => return Err(unsupported(product)),
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
            req.product,
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::test_vectors::vector_file;
    use crate::wechat_v2::SignType;
    use crate::{BusinessCode, PayParams, ProviderEndpoints, WechatCredentials};
    use secrecy::SecretString;

    pub const APP_ID: &str = "wx2421b1c4370ec43b";
    pub const MCH_ID: &str = "10000100";
    pub const KEY: &str = "192006250b4c09247ec02edce69f6a2d";

    pub fn pay_with(app_id: &str, mch_id: &str, key: &str, base: &str) -> WechatPay {
        WechatPay::new(
            WechatCredentials {
                app_id: app_id.into(),
                mch_id: mch_id.into(),
                api_key: SecretString::from(key),
                app_secret: None,
                client_identity_pem: None,
            },
            &ProviderEndpoints::sandbox(base),
            reqwest::Client::new(),
        )
        .unwrap()
    }

    pub fn pay() -> WechatPay {
        pay_with(APP_ID, MCH_ID, KEY, "http://127.0.0.1:9/sandbox")
    }

    /// A signed reply (or notify) with the usual envelope plus `extra`.
    pub fn signed_xml(extra: &[(&str, &str)], key: &str, sign_type: SignType) -> Vec<u8> {
        let mut f = Fields::new();
        for (k, v) in [
            ("return_code", "SUCCESS"),
            ("return_msg", "OK"),
            ("appid", APP_ID),
            ("mch_id", MCH_ID),
            ("nonce_str", "IITRi8Iabbblz1Jc"),
        ] {
            f.insert(k.into(), v.into());
        }
        for (k, v) in extra {
            f.insert((*k).into(), (*v).into());
        }
        sign::add_sign(&mut f, key, sign_type);
        xml::encode(&f).into_bytes()
    }

    fn ok(extra: &[(&str, &str)]) -> Reply {
        let mut all = vec![("result_code", "SUCCESS")];
        all.extend_from_slice(extra);
        pay()
            .parse_reply(&signed_xml(&all, KEY, SignType::Md5))
            .unwrap()
    }

    fn fail(err_code: &str) -> Reply {
        pay()
            .parse_reply(&signed_xml(
                &[
                    ("result_code", "FAIL"),
                    ("err_code", err_code),
                    ("err_code_des", "描述"),
                ],
                KEY,
                SignType::Md5,
            ))
            .unwrap()
    }

    fn business_code(e: ProviderError) -> BusinessCode {
        match e {
            ProviderError::Business { code, .. } => code,
            other => panic!("not a business error: {other:?}"),
        }
    }

    fn prepay_request(product: Product) -> PrepayRequest {
        PrepayRequest {
            product,
            out_trade_no: "T20240101".into(),
            amount: Amount::payable(1234).unwrap(),
            subject: "JSAPI支付测试".into(),
            attach: Some("支付测试".into()),
            notify_url: "https://example.com/notify/wechat".into(),
            expires_at: "2024-01-01T00:00:00Z".parse().unwrap(),
            payer_openid: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
            client_ip: "14.23.150.211".into(),
            return_url: None,
            quit_url: None,
        }
    }

    #[test]
    fn unifiedorder_request_fields() {
        let p = pay();
        let f = p
            .unifiedorder_request(&prepay_request(Product::Jsapi), "n0nce")
            .unwrap();
        for (k, v) in [
            ("appid", APP_ID),
            ("mch_id", MCH_ID),
            ("nonce_str", "n0nce"),
            ("sign_type", "MD5"),
            ("trade_type", "JSAPI"),
            ("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
            ("body", "JSAPI支付测试"),
            ("attach", "支付测试"),
            ("out_trade_no", "T20240101"),
            ("total_fee", "1234"),
            ("spbill_create_ip", "14.23.150.211"),
            ("notify_url", "https://example.com/notify/wechat"),
            ("time_expire", "20240101080000"),
        ] {
            assert_eq!(f[k], v, "{k}");
        }
        assert!(!f.contains_key("product_id"));
        sign::verify(&f, KEY).unwrap();
        // What goes on the wire decodes to the same signed fields.
        assert_eq!(xml::decode(xml::encode(&f).as_bytes()).unwrap(), f);

        let native = p
            .unifiedorder_request(&prepay_request(Product::Qr), "n")
            .unwrap();
        assert_eq!(native["trade_type"], "NATIVE");
        assert_eq!(native["product_id"], "T20240101");
        assert!(!native.contains_key("openid"));
        let app = p
            .unifiedorder_request(&prepay_request(Product::App), "n")
            .unwrap();
        assert_eq!(app["trade_type"], "APP");

        let mut no_openid = prepay_request(Product::Jsapi);
        no_openid.payer_openid = None;
        assert_eq!(
            business_code(p.unifiedorder_request(&no_openid, "n").unwrap_err()),
            BusinessCode::InvalidParameter
        );
        assert!(matches!(
            p.unifiedorder_request(&prepay_request(Product::Page), "n"),
            Err(ProviderError::Config(_))
        ));

        let hmac = pay().with_sign_type(SignType::HmacSha256);
        let f = hmac
            .unifiedorder_request(&prepay_request(Product::App), "n")
            .unwrap();
        assert_eq!(f["sign_type"], "HMAC-SHA256");
        sign::verify(&f, KEY).unwrap();
    }

    #[test]
    fn body_truncation() {
        let mut req = prepay_request(Product::App);
        req.subject = "测".repeat(60); // 180 bytes
        let f = pay().unifiedorder_request(&req, "n").unwrap();
        assert_eq!(f["body"], "测".repeat(42)); // 126 bytes
    }

    #[test]
    fn prepay_replies() {
        let p = pay();
        let reply = ok(&[
            ("prepay_id", "wx201411101639507cbf6ffd8b0779950874"),
            ("trade_type", "JSAPI"),
        ]);
        let prepared = p
            .prepared_from_reply(
                Product::Jsapi,
                reply.clone(),
                "raw".into(),
                "N",
                "1414561699",
            )
            .unwrap();
        assert_eq!(
            prepared.prepay_id.as_deref(),
            Some("wx201411101639507cbf6ffd8b0779950874")
        );
        assert_eq!(prepared.raw, "raw");
        let PayParams::WechatJsapi {
            app_id,
            package,
            pay_sign,
            ..
        } = &prepared.params
        else {
            panic!("{:?}", prepared.params)
        };
        assert_eq!(app_id, APP_ID);
        assert_eq!(package, "prepay_id=wx201411101639507cbf6ffd8b0779950874");
        let mut js = Fields::new();
        for (k, v) in [
            ("appId", APP_ID),
            ("timeStamp", "1414561699"),
            ("nonceStr", "N"),
            ("package", package.as_str()),
            ("signType", "MD5"),
            ("sign", pay_sign.as_str()),
        ] {
            js.insert(k.into(), v.into());
        }
        sign::verify(&js, KEY).unwrap();

        let app = p
            .prepared_from_reply(Product::App, reply, String::new(), "N", "1")
            .unwrap();
        assert!(matches!(
            app.params,
            PayParams::WechatApp { ref partnerid, .. } if partnerid == MCH_ID
        ));

        let native = p
            .prepared_from_reply(
                Product::Qr,
                ok(&[
                    ("prepay_id", "wx1"),
                    ("code_url", "weixin://wxpay/bizpayurl?pr=abc"),
                ]),
                String::new(),
                "N",
                "1",
            )
            .unwrap();
        assert_eq!(
            native.params,
            PayParams::QrCode {
                code_url: "weixin://wxpay/bizpayurl?pr=abc".into()
            }
        );

        assert!(matches!(
            p.prepared_from_reply(Product::Jsapi, ok(&[]), String::new(), "N", "1"),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            p.prepared_from_reply(
                Product::Qr,
                ok(&[("prepay_id", "x")]),
                String::new(),
                "N",
                "1"
            ),
            Err(ProviderError::Malformed(_))
        ));
        assert_eq!(
            business_code(
                p.prepared_from_reply(
                    Product::App,
                    fail("OUT_TRADE_NO_USED"),
                    String::new(),
                    "N",
                    "1"
                )
                .unwrap_err()
            ),
            BusinessCode::OutTradeNoUsed
        );
    }

    #[test]
    fn reply_envelope_checks() {
        let p = pay();
        // return_code FAIL, unsigned (as WeChat sends them).
        let e = p
            .parse_reply(
                "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>"
                    .as_bytes(),
            )
            .unwrap_err();
        assert_eq!(business_code(e), BusinessCode::SignatureRejected);
        let e = p
            .parse_reply(b"<xml><return_code>FAIL</return_code><return_msg>XML\xe6\xa0\xbc\xe5\xbc\x8f\xe9\x94\x99\xe8\xaf\xaf</return_msg></xml>")
            .unwrap_err();
        assert_eq!(business_code(e), BusinessCode::InvalidParameter);

        // Unsigned success data is never trusted.
        let unsigned = b"<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code><trade_state>SUCCESS</trade_state></xml>";
        assert!(matches!(
            p.parse_reply(unsigned),
            Err(ProviderError::InvalidSignature)
        ));
        let bare = b"<xml><return_code>SUCCESS</return_code></xml>";
        assert!(matches!(
            p.parse_reply(bare),
            Err(ProviderError::InvalidSignature)
        ));
        // The official sample's illustrative sign does not verify with the doc key.
        assert!(matches!(
            p.parse_reply(&vector_file(
                "samples/wechat_v2_unifiedorder_response.official_sample.xml"
            )),
            Err(ProviderError::InvalidSignature)
        ));
        // Wrong key, tampered field.
        let wrong = signed_xml(&[("result_code", "SUCCESS")], "another-key", SignType::Md5);
        assert!(matches!(
            p.parse_reply(&wrong),
            Err(ProviderError::InvalidSignature)
        ));
        let good = String::from_utf8(signed_xml(
            &[("result_code", "SUCCESS"), ("trade_state", "NOTPAY")],
            KEY,
            SignType::Md5,
        ))
        .unwrap();
        p.parse_reply(good.as_bytes()).unwrap();
        let tampered = good.replace("NOTPAY", "SUCCESS");
        assert!(matches!(
            p.parse_reply(tampered.as_bytes()),
            Err(ProviderError::InvalidSignature)
        ));
        // Signed with our key but naming another merchant.
        let other = pay_with(APP_ID, "999", KEY, "http://x/");
        assert!(matches!(
            other.parse_reply(good.as_bytes()),
            Err(ProviderError::Malformed(_))
        ));
        // Missing return_code / result_code, broken XML.
        assert!(matches!(
            p.parse_reply(b"<xml></xml>"),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            p.parse_reply(&signed_xml(&[], KEY, SignType::Md5)),
            Err(ProviderError::Malformed(_))
        ));
        assert!(matches!(
            p.parse_reply(b"<html>502</html>"),
            Err(ProviderError::Malformed(_))
        ));

        // HMAC replies often omit sign_type: the configured type applies.
        let hmac = pay().with_sign_type(SignType::HmacSha256);
        let r = signed_xml(&[("result_code", "SUCCESS")], KEY, SignType::HmacSha256);
        hmac.parse_reply(&r).unwrap();
        assert!(matches!(
            p.parse_reply(&r),
            Err(ProviderError::InvalidSignature)
        ));

        assert_eq!(
            fail("SYSTEMERROR"),
            Reply::Fail {
                err_code: "SYSTEMERROR".into(),
                err_code_des: "描述".into(),
                fields: match fail("SYSTEMERROR") {
                    Reply::Fail { fields, .. } => fields,
                    Reply::Success(_) => unreachable!(),
                },
            }
        );
        assert!(fail("SYSTEMERROR")
            .into_success()
            .unwrap_err()
            .is_retryable());
    }

    #[test]
    fn orderquery_replies() {
        let p = pay();
        let paid = [
            ("out_trade_no", "T1"),
            ("trade_state", "SUCCESS"),
            ("transaction_id", "1004400740201409030005092168"),
            ("total_fee", "101"),
            ("cash_fee", "100"),
            ("openid", "oUpF8uMEb4qRXf22hE3X68TekukE"),
            ("time_end", "20140903131540"),
        ];
        let expected = TradeState::Paid(PaidTrade {
            provider_trade_no: "1004400740201409030005092168".into(),
            total_amount: Amount::from_fen(101).unwrap(),
            paid_amount: Some(Amount::from_fen(100).unwrap()),
            payer: Some("oUpF8uMEb4qRXf22hE3X68TekukE".into()),
            paid_at: Some("2014-09-03T05:15:40Z".parse().unwrap()),
        });
        assert_eq!(p.trade_state_from_reply(ok(&paid), "T1").unwrap(), expected);
        let mut refunded = paid;
        refunded[1] = ("trade_state", "REFUND");
        assert_eq!(
            p.trade_state_from_reply(ok(&refunded), "T1").unwrap(),
            expected
        );
        for (state, want) in [
            ("NOTPAY", TradeState::NotPaid),
            ("USERPAYING", TradeState::UserPaying),
            ("CLOSED", TradeState::Closed),
            ("REVOKED", TradeState::Closed),
            ("PAYERROR", TradeState::PayError("银行卡余额不足".into())),
        ] {
            let r = ok(&[
                ("trade_state", state),
                ("trade_state_desc", "银行卡余额不足"),
            ]);
            assert_eq!(p.trade_state_from_reply(r, "T1").unwrap(), want, "{state}");
        }
        assert_eq!(
            p.trade_state_from_reply(fail("ORDERNOTEXIST"), "T1")
                .unwrap(),
            TradeState::NotExist
        );
        assert_eq!(
            business_code(
                p.trade_state_from_reply(fail("SYSTEMERROR"), "T1")
                    .unwrap_err()
            ),
            BusinessCode::SystemError
        );
        // Another order's reply, unknown state, paid without transaction_id or total_fee.
        assert!(p.trade_state_from_reply(ok(&paid), "T2").is_err());
        assert!(p
            .trade_state_from_reply(ok(&[("trade_state", "WHAT")]), "T1")
            .is_err());
        assert!(p
            .trade_state_from_reply(ok(&[("trade_state", "SUCCESS"), ("total_fee", "1")]), "T1")
            .is_err());
        assert!(p
            .trade_state_from_reply(
                ok(&[
                    ("trade_state", "SUCCESS"),
                    ("transaction_id", "1"),
                    ("total_fee", "-1")
                ]),
                "T1"
            )
            .is_err());
        // A bad time_end does not lose the payment.
        let r = ok(&[
            ("trade_state", "SUCCESS"),
            ("transaction_id", "1"),
            ("total_fee", "1"),
            ("time_end", "garbage"),
        ]);
        assert!(matches!(
            p.trade_state_from_reply(r, "T1").unwrap(),
            TradeState::Paid(PaidTrade {
                paid_at: None,
                paid_amount: None,
                ..
            })
        ));
    }

    #[test]
    fn closeorder_replies() {
        let p = pay();
        assert_eq!(
            p.close_outcome_from_reply(ok(&[])).unwrap(),
            CloseOutcome::Closed
        );
        assert_eq!(
            p.close_outcome_from_reply(fail("ORDERPAID")).unwrap(),
            CloseOutcome::AlreadyPaid
        );
        assert_eq!(
            p.close_outcome_from_reply(fail("ORDERCLOSED")).unwrap(),
            CloseOutcome::Closed
        );
        assert_eq!(
            p.close_outcome_from_reply(fail("ORDERNOTEXIST")).unwrap(),
            CloseOutcome::NotExist
        );
        assert!(p
            .close_outcome_from_reply(fail("SYSTEMERROR"))
            .unwrap_err()
            .is_retryable());
        let f = p.closeorder_request("T1", "n");
        assert_eq!(f["out_trade_no"], "T1");
        sign::verify(&f, KEY).unwrap();
    }

    #[test]
    fn refund_request_and_replies() {
        let p = pay();
        let req = RefundRequest {
            out_trade_no: "T1".into(),
            out_refund_no: "R1".into(),
            total_amount: Amount::from_fen(300).unwrap(),
            refund_amount: Amount::from_fen(100).unwrap(),
            reason: Some("商品已售完".into()),
            notify_url: "https://example.com/notify/wechat/refund".into(),
        };
        let f = p.refund_request(&req, "n");
        for (k, v) in [
            ("out_trade_no", "T1"),
            ("out_refund_no", "R1"),
            ("total_fee", "300"),
            ("refund_fee", "100"),
            ("refund_desc", "商品已售完"),
            ("notify_url", "https://example.com/notify/wechat/refund"),
        ] {
            assert_eq!(f[k], v, "{k}");
        }
        sign::verify(&f, KEY).unwrap();

        let accepted = ok(&[
            ("out_refund_no", "R1"),
            ("refund_id", "5000"),
            ("refund_fee", "100"),
        ]);
        assert_eq!(
            p.refund_state_from_apply(accepted.clone(), "R1").unwrap(),
            RefundState::Processing
        );
        assert!(p.refund_state_from_apply(accepted, "R2").is_err());
        assert_eq!(
            business_code(
                p.refund_state_from_apply(fail("NOTENOUGH"), "R1")
                    .unwrap_err()
            ),
            BusinessCode::BalanceNotEnough
        );

        assert_eq!(p.refundquery_request("R1", "n")["out_refund_no"], "R1");
        let success = ok(&[
            ("refund_count", "1"),
            ("out_refund_no_0", "R1"),
            ("refund_id_0", "50000408942018111907145868882"),
            ("refund_status_0", "SUCCESS"),
            ("refund_success_time_0", "2018-11-19 16:24:13"),
        ]);
        assert_eq!(
            p.refund_state_from_query(success, "R1").unwrap(),
            RefundState::Succeeded {
                provider_refund_no: Some("50000408942018111907145868882".into()),
                refunded_at: Some("2018-11-19T08:24:13Z".parse().unwrap()),
            }
        );
        for (status, want) in [
            ("PROCESSING", RefundState::Processing),
            ("REFUNDCLOSE", RefundState::Failed("REFUNDCLOSE".into())),
            ("CHANGE", RefundState::Failed("CHANGE".into())),
        ] {
            let r = ok(&[
                ("refund_count", "2"),
                ("out_refund_no_0", "R0"),
                ("refund_status_0", "SUCCESS"),
                ("out_refund_no_1", "R1"),
                ("refund_status_1", status),
            ]);
            assert_eq!(
                p.refund_state_from_query(r, "R1").unwrap(),
                want,
                "{status}"
            );
        }
        assert_eq!(
            p.refund_state_from_query(fail("REFUNDNOTEXIST"), "R1")
                .unwrap(),
            RefundState::NotExist
        );
        assert!(p
            .refund_state_from_query(
                ok(&[("out_refund_no_0", "R9"), ("refund_status_0", "SUCCESS")]),
                "R1"
            )
            .is_err());
        assert!(p
            .refund_state_from_query(
                ok(&[("out_refund_no_0", "R1"), ("refund_status_0", "??")]),
                "R1"
            )
            .is_err());
    }

    #[test]
    fn secapi_client_identity() {
        assert!(pay().secapi_client().is_ok());
        let mut p = pay();
        p.client_identity_pem = Some(SecretString::from("not a pem"));
        assert!(matches!(p.secapi_client(), Err(ProviderError::Config(_))));
        // A key without its certificate is not an identity either.
        let key = vector_file("wechatpay-axios-plugin/tests/fixtures/apiclient_key.pem");
        p.client_identity_pem = Some(SecretString::from(String::from_utf8(key.clone()).unwrap()));
        assert!(matches!(p.secapi_client(), Err(ProviderError::Config(_))));
        // A matching certificate + key PEM builds.
        let mut pem = vector_file("wechatpay-axios-plugin/tests/fixtures/apiclient_cert.pem");
        pem.extend(key);
        p.client_identity_pem = Some(SecretString::from(String::from_utf8(pem).unwrap()));
        assert!(p.secapi_client().is_ok());
    }

    #[test]
    fn beijing_time() {
        let t: DateTime<Utc> = "2024-12-31T16:30:05Z".parse().unwrap();
        assert_eq!(format_beijing_compact(t), "20250101003005");
        assert_eq!(parse_beijing("20250101003005", "%Y%m%d%H%M%S"), Some(t));
        assert_eq!(
            parse_beijing("2025-01-01 00:30:05", "%Y-%m-%d %H:%M:%S"),
            Some(t)
        );
        assert_eq!(parse_beijing("", "%Y%m%d%H%M%S"), None);
    }

    #[test]
    fn constructor_checks() {
        let mk = |app: &str, mch: &str, key: &str| {
            WechatPay::new(
                WechatCredentials {
                    app_id: app.into(),
                    mch_id: mch.into(),
                    api_key: SecretString::from(key),
                    app_secret: None,
                    client_identity_pem: None,
                },
                &ProviderEndpoints::production(),
                reqwest::Client::new(),
            )
        };
        assert!(mk("wx", "1", "k").is_ok());
        assert!(matches!(mk("", "1", "k"), Err(ProviderError::Config(_))));
        assert!(matches!(mk("wx", "", "k"), Err(ProviderError::Config(_))));
        assert!(matches!(mk("wx", "1", ""), Err(ProviderError::Config(_))));
        let dbg = format!("{:?}", mk("wx", "1", "SECRET-KEY").unwrap());
        assert!(!dbg.contains("SECRET-KEY"));
        assert_eq!(pay().sign_type(), SignType::Md5);
    }

    /// The thin HTTP layer against a throwaway local server.
    #[tokio::test]
    async fn http_round_trip() {
        use axum::{http::StatusCode, routing::post, Router};
        let reply = String::from_utf8(signed_xml(
            &[
                ("result_code", "SUCCESS"),
                ("out_trade_no", "T1"),
                ("trade_state", "NOTPAY"),
            ],
            KEY,
            SignType::Md5,
        ))
        .unwrap();
        let refund_reply = String::from_utf8(signed_xml(
            &[
                ("result_code", "SUCCESS"),
                ("out_refund_no", "R1"),
                ("refund_id", "5001"),
            ],
            KEY,
            SignType::Md5,
        ))
        .unwrap();
        let app = Router::new()
            .route(
                "/sandbox/wechat/pay/orderquery",
                post(move |body: String| {
                    let reply = reply.clone();
                    async move {
                        let f = xml::decode(body.as_bytes()).unwrap();
                        sign::verify(&f, KEY).unwrap();
                        assert_eq!(f["out_trade_no"], "T1");
                        reply
                    }
                }),
            )
            .route(
                "/sandbox/wechat/secapi/pay/refund",
                post(move |body: String| {
                    let reply = refund_reply.clone();
                    async move {
                        let f = xml::decode(body.as_bytes()).unwrap();
                        sign::verify(&f, KEY).unwrap();
                        assert_eq!(f["refund_fee"], "100");
                        reply
                    }
                }),
            )
            .route(
                "/sandbox/wechat/pay/closeorder",
                post(|| async { (StatusCode::BAD_GATEWAY, "bad gateway") }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let p = pay_with(APP_ID, MCH_ID, KEY, &format!("http://{addr}/sandbox"));
        let q = p.query("T1").await.unwrap();
        assert_eq!(q.state, TradeState::NotPaid);
        assert!(q.raw.contains("NOTPAY"));
        let refund = RefundRequest {
            out_trade_no: "T1".into(),
            out_refund_no: "R1".into(),
            total_amount: Amount::from_fen(100).unwrap(),
            refund_amount: Amount::from_fen(100).unwrap(),
            reason: None,
            notify_url: "https://example.com/n".into(),
        };
        let r = p.refund(&refund).await.unwrap();
        assert_eq!(r.state, RefundState::Processing);
        assert!(r.raw.contains("5001"));
        assert!(matches!(
            p.close("T1", false).await,
            Err(ProviderError::Unavailable(_))
        ));
        server.abort();
        // Nothing listening: transport error.
        let dead = pay_with(APP_ID, MCH_ID, KEY, "http://127.0.0.1:9/sandbox");
        assert!(matches!(
            dead.query("T1").await,
            Err(ProviderError::Unavailable(_))
        ));
    }
}
