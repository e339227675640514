//! The provider seam, shown with a provider that exists only here: a made-up API that signs its
//! notifies in a header (not in the body) and wants HTTP statuses back, as WeChat Pay v3 does. It
//! plugs in as `dyn PaymentProvider` through the capability traits alone: nothing of the existing
//! providers is touched, and the core never needs to know how it verifies or what it replies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use paycenter_domain::{Amount, Product};
use paycenter_providers::bills::{Bill, BillError, NoBillReason};
use paycenter_providers::notify::{
    IncomingRequest, Notification, NotifyResponse, Verdict, VerifyNotify,
};
use paycenter_providers::{
    CloseOutcome, CloseResult, CloseTrade, DownloadBill, PaidTrade, PayNotification, PayParams,
    PaymentProvider, Prepared, Prepay, PrepayRequest, ProviderError, QueryTrade, RefundRequest,
    RefundResult, RefundState, RefundTrade, TradeQueryResult, TradeState,
};

/// A provider whose notify is `{"out_trade_no":…,"fen":…}` with `X-Fake-Signature: <secret>` and
/// whose success reply is 204.
struct Fake {
    secret: &'static str,
}

#[async_trait]
impl Prepay for Fake {
    async fn prepay(&self, req: &PrepayRequest) -> Result<Prepared, ProviderError> {
        match req.product {
            Product::Qr => Ok(Prepared {
                params: PayParams::QrCode {
                    code_url: format!("fake://pay/{}", req.out_trade_no),
                },
                prepay_id: None,
                raw: String::new(),
            }),
            Product::Jsapi | Product::App | Product::H5 | Product::Page | Product::Wap => Err(
                ProviderError::Config(format!("fake pay does not sell {:?}", req.product)),
            ),
        }
    }
}

#[async_trait]
impl QueryTrade for Fake {
    async fn query(&self, out_trade_no: &str) -> Result<TradeQueryResult, ProviderError> {
        Ok(TradeQueryResult {
            out_trade_no: out_trade_no.into(),
            state: TradeState::NotPaid,
            raw: String::new(),
        })
    }
}

#[async_trait]
impl CloseTrade for Fake {
    async fn close(&self, _: &str, _: bool) -> Result<CloseResult, ProviderError> {
        Ok(CloseResult {
            outcome: CloseOutcome::Closed,
            raw: String::new(),
        })
    }
}

#[async_trait]
impl RefundTrade for Fake {
    async fn refund(&self, req: &RefundRequest) -> Result<RefundResult, ProviderError> {
        Ok(RefundResult {
            out_refund_no: req.out_refund_no.clone(),
            state: RefundState::Processing,
            raw: String::new(),
        })
    }
    async fn query_refund(&self, _: &str, no: &str) -> Result<RefundResult, ProviderError> {
        Ok(RefundResult {
            out_refund_no: no.into(),
            state: RefundState::NotExist,
            raw: String::new(),
        })
    }
}

#[async_trait]
impl DownloadBill for Fake {
    async fn trade_bill(&self, _: NaiveDate) -> Result<Bill, ProviderError> {
        Err(ProviderError::Bill(BillError::NoBill {
            reason: NoBillReason::NotAvailable,
            provider_code: "FAKE".into(),
            message: "no bills here".into(),
        }))
    }
}

#[async_trait]
impl VerifyNotify for Fake {
    async fn verify_notify(
        &self,
        req: &IncomingRequest<'_>,
    ) -> Result<Notification, ProviderError> {
        if req.header("x-fake-signature") != Some(self.secret) {
            return Err(ProviderError::InvalidSignature);
        }
        let v: serde_json::Value = serde_json::from_slice(req.body)
            .map_err(|e| ProviderError::Malformed(e.to_string()))?;
        let no = v["out_trade_no"].as_str().unwrap_or_default().to_owned();
        let fen = Amount::payable(v["fen"].as_i64().unwrap_or(0))
            .map_err(|e| ProviderError::Malformed(e.to_string()))?;
        Ok(Notification::Pay(PayNotification {
            out_trade_no: no.clone(),
            app_id: "fake-app".into(),
            merchant_id: None,
            state: TradeState::Paid(PaidTrade {
                provider_trade_no: format!("T-{no}"),
                total_amount: fen,
                paid_amount: None,
                payer: None,
                paid_at: Some(req.received_at),
            }),
            raw: String::from_utf8_lossy(req.body).into_owned(),
        }))
    }

    fn notify_reply(&self, verdict: Verdict<'_>) -> NotifyResponse {
        match verdict {
            Verdict::Accepted => NotifyResponse {
                status: 204,
                content_type: None,
                body: Vec::new(),
            },
            Verdict::Refused(why) => NotifyResponse::text(400, "application/json", why),
            Verdict::Unavailable(why) => NotifyResponse::text(503, "application/json", why),
        }
    }
}

#[tokio::test]
async fn a_new_provider_plugs_in_through_the_traits_alone() {
    let provider: Arc<dyn PaymentProvider> = Arc::new(Fake { secret: "s3cret" });
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-fake-signature", "s3cret".parse().unwrap());
    let body = br#"{"out_trade_no":"A-1","fen":250}"#;
    let req = IncomingRequest {
        method: "POST",
        path: "/notify/fake/prj_x",
        query: None,
        headers: &headers,
        body,
        received_at: Utc::now(),
    };
    // It verifies from the headers, which a body-only seam could not have shown it.
    match provider.verify_notify(&req).await.unwrap() {
        Notification::Pay(n) => {
            assert_eq!(n.out_trade_no, "A-1");
            assert!(matches!(n.state, TradeState::Paid(ref p) if p.total_amount.fen() == 250));
        }
        Notification::Refund(_) => panic!("a pay notify"),
    }
    // And it phrases its own replies.
    assert_eq!(provider.notify_reply(Verdict::Accepted).status, 204);
    assert_eq!(
        provider.notify_reply(Verdict::Refused("forged")).status,
        400
    );
    let forged = reqwest::header::HeaderMap::new();
    let req = IncomingRequest {
        headers: &forged,
        ..req
    };
    assert!(matches!(
        provider.verify_notify(&req).await,
        Err(ProviderError::InvalidSignature)
    ));
    // Products it does not sell are a typed refusal, decided by its exhaustive match.
    let mut prepay = PrepayRequest {
        product: Product::Qr,
        out_trade_no: "A-1".into(),
        amount: Amount::payable(250).unwrap(),
        subject: "s".into(),
        attach: None,
        notify_url: "http://x/notify/fake/prj_x".into(),
        expires_at: Utc::now(),
        payer_openid: None,
        client_ip: "127.0.0.1".into(),
        return_url: None,
        quit_url: None,
    };
    assert!(provider.prepay(&prepay).await.is_ok());
    prepay.product = Product::Page;
    assert!(matches!(
        provider.prepay(&prepay).await,
        Err(ProviderError::Config(_))
    ));
}
