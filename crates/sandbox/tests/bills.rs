//! The sandbox's trade bills, driven over HTTP with paycenter's own provider clients: a merchant,
//! trades opened and paid through the emulator's endpoints, refunds (one through the API, one "in
//! the merchant portal"), reconciliation faults, then the day's bill downloaded with
//! `DownloadBill` and checked line by line and in total; and the not-ready and no-bill answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::Router;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{json, Value};

use paycenter_domain::{Amount, Product};
use paycenter_providers::alipay::Alipay;
use paycenter_providers::bills::{
    self, alipay as alipay_bill, beijing_date, BillError, BillLine, BillLineKind, BillRefund,
    BillRefundState, BillTradeState, NetAmount, NoBillReason,
};
use paycenter_providers::registry::Providers;
use paycenter_providers::wechat_v2::WechatPay;
use paycenter_providers::{
    AlipayCredentials, Bill, DownloadBill, PaidTrade, Prepay, PrepayRequest, ProviderEndpoints,
    ProviderError, QueryTrade, RefundRequest, RefundState, RefundTrade, TradeState,
    WechatCredentials,
};
use paycenter_sandbox::entity::notification;
use paycenter_sandbox::SandboxState;

struct Sandbox {
    base: String,
    state: SandboxState,
    http: reqwest::Client,
    providers: Providers,
    /// out_trade_nos of the notifies that reached the merchant.
    notified: Arc<Mutex<Vec<String>>>,
    notify_base: String,
    _stop: tokio::sync::watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

/// The sandbox on a port of its own (fresh SQLite database, notifier running with the retry
/// schedule compressed), and a merchant notify receiver.
async fn start() -> Sandbox {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display());
    let db = paycenter_db::connect(&url).await.unwrap();
    let read = paycenter_db::connect_reads(&url, &db).await.unwrap();
    let state = SandboxState::new(db, read, 1000).await.unwrap();
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(paycenter_sandbox::notifier::run(state.clone(), stop_rx));
    let app = Router::new().nest("/sandbox", paycenter_sandbox::router(state.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let notified = Arc::new(Mutex::new(Vec::new()));
    let seen = notified.clone();
    let receiver = Router::new()
        .route(
            "/notify/wechat",
            post({
                let seen = seen.clone();
                move |body: String| async move {
                    let f = paycenter_providers::wechat_v2::xml::decode(body.as_bytes()).unwrap();
                    if let Some(no) = f.get("out_trade_no") {
                        seen.lock().unwrap().push(no.clone());
                    }
                    "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
                }
            }),
        )
        .route(
            "/notify/alipay",
            post(move |body: String| async move {
                for (k, v) in form_urlencoded::parse(body.as_bytes()) {
                    if k == "out_trade_no" {
                        seen.lock().unwrap().push(v.into_owned());
                    }
                }
                "success"
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let notify_base = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, receiver).await });

    let providers = Providers::new(ProviderEndpoints::sandbox(&format!("{base}/sandbox"))).unwrap();
    Sandbox {
        base,
        state,
        http: reqwest::Client::new(),
        providers,
        notified,
        notify_base,
        _stop: stop,
        _dir: dir,
    }
}

impl Sandbox {
    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}/sandbox{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn ok(&self, path: &str, body: Value) -> Value {
        let r = self.post(path, body).await;
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {v}");
        v
    }

    async fn merchant(&self) -> (WechatPay, Alipay, Value) {
        let m = self.ok("/merchants", json!({})).await;
        let w = &m["wechat"];
        let a = &m["alipay"];
        let wechat = self
            .providers
            .wechat(WechatCredentials {
                app_id: w["appId"].as_str().unwrap().into(),
                mch_id: w["mchId"].as_str().unwrap().into(),
                api_key: SecretString::from(w["apiKey"].as_str().unwrap()),
                app_secret: None,
                client_identity_pem: None,
            })
            .unwrap();
        let alipay = self
            .providers
            .alipay(AlipayCredentials {
                app_id: a["appId"].as_str().unwrap().into(),
                app_private_key: SecretString::from(a["appPrivateKey"].as_str().unwrap()),
                alipay_public_key: a["alipayPublicKey"].as_str().unwrap().into(),
            })
            .unwrap();
        (wechat, alipay, m)
    }

    /// Pins the bill desk to tomorrow with bills ready at once: today's trades are yesterday's.
    async fn bills_of_today_ready(&self) {
        let tomorrow = Utc::now() + TimeDelta::days(1);
        self.ok(
            "/settings",
            json!({"billReadyHour": 0, "billClock": tomorrow.to_rfc3339()}),
        )
        .await;
    }

    async fn fault(&self, spec: Value) {
        self.ok("/faults", spec).await;
    }

    async fn pay(&self, provider: &str, merchant: &str, no: &str) -> Value {
        self.ok(
            "/buyer",
            json!({"provider": provider, "merchantId": merchant, "outTradeNo": no, "outcome": "SUCCESS"}),
        )
        .await
    }

    /// Waits until the receiver has the notifies of `nos`.
    async fn notifies_of(&self, nos: &[&str]) {
        for _ in 0..200 {
            let seen = self.notified.lock().unwrap().clone();
            if nos.iter().all(|n| seen.iter().any(|s| s == n)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "notifies of {nos:?} did not arrive: {:?}",
            self.notified.lock().unwrap()
        );
    }

    fn notified_of(&self, no: &str) -> bool {
        self.notified.lock().unwrap().iter().any(|s| s == no)
    }

    /// The notifies the emulator recorded for a merchant that fault injection lost.
    async fn dropped(&self, merchant: &str) -> usize {
        notification::Entity::find()
            .filter(notification::Column::MerchantId.eq(merchant))
            .all(&self.state.db)
            .await
            .unwrap()
            .iter()
            .filter(|n| {
                n.delivered_at.is_none()
                    && n.last_error
                        .as_deref()
                        .is_some_and(|e| e.contains("dropped by fault injection"))
            })
            .count()
    }
}

fn prepay(product: Product, no: &str, fen: i64, notify_url: &str) -> PrepayRequest {
    PrepayRequest {
        product,
        out_trade_no: no.into(),
        amount: Amount::payable(fen).unwrap(),
        subject: format!("会员卡, {no}"),
        attach: Some(format!("order={no}")),
        notify_url: notify_url.into(),
        expires_at: Utc::now() + TimeDelta::hours(1),
        payer_openid: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
        client_ip: "127.0.0.1".into(),
        return_url: None,
        quit_url: None,
    }
}

fn fen(v: i64) -> Amount {
    Amount::from_fen(v).unwrap()
}

async fn paid(client: &dyn QueryTrade, no: &str) -> PaidTrade {
    match client.query(no).await.unwrap().state {
        TradeState::Paid(p) => p,
        other => panic!("{no}: {other:?}"),
    }
}

async fn refunded(
    client: &dyn RefundTrade,
    no: &str,
    refund_no: &str,
) -> (Option<String>, DateTime<Utc>) {
    match client.query_refund(no, refund_no).await.unwrap().state {
        RefundState::Succeeded {
            provider_refund_no,
            refunded_at,
        } => (provider_refund_no, refunded_at.unwrap()),
        other => panic!("{refund_no}: {other:?}"),
    }
}

fn lines_and_totals(bill: &Bill) -> (Vec<BillLine>, bills::BillTotals) {
    let mut lines = bill.lines().unwrap();
    let got: Vec<BillLine> = (&mut lines).map(|l| l.unwrap()).collect();
    (got, lines.finish().unwrap())
}

fn bill_error(r: Result<Bill, ProviderError>) -> BillError {
    match r {
        Err(ProviderError::Bill(e)) => e,
        other => panic!("{:?}", other.map(|b| b.date())),
    }
}

#[tokio::test]
async fn wechat_bill_of_the_sandboxes_trades() {
    let s = start().await;
    let (wechat, _, _) = s.merchant().await;
    let mch = wechat.mch_id().to_owned();
    let app_id = wechat.app_id().to_owned();
    let notify = format!("{}/notify/wechat", s.notify_base);
    // Three trades paid (one through a lost notify), one left unpaid.
    let trades = [
        (Product::Qr, "W1", 10_000),
        (Product::App, "W2", 84),
        (Product::Jsapi, "W3", 1),
        (Product::Qr, "W4", 500),
    ];
    for (product, no, amount) in trades {
        wechat
            .prepay(&prepay(product, no, amount, &notify))
            .await
            .unwrap();
    }
    s.fault(json!({"merchantId": mch, "outTradeNo": "W2", "dropNotifies": true}))
        .await;
    s.fault(json!({"merchantId": mch, "outTradeNo": "W3", "billAmountFen": 2}))
        .await;
    for no in ["W1", "W2", "W3"] {
        s.pay("wechat", &mch, no).await;
    }
    let day = beijing_date(Utc::now());
    wechat
        .refund(&RefundRequest {
            out_trade_no: "W1".into(),
            out_refund_no: "R1".into(),
            total_amount: fen(10_000),
            refund_amount: fen(2_500),
            reason: None,
            notify_url: notify.clone(),
        })
        .await
        .unwrap();
    s.fault(json!({"merchantId": mch, "outTradeNo": "W1", "portalRefundFen": 1_000}))
        .await;

    // The lost notify: W2 is paid at WeChat, paycenter never heard of it.
    s.notifies_of(&["W1", "W3"]).await;
    assert!(!s.notified_of("W2"));
    assert_eq!(s.dropped(&mch).await, 1);
    let w2 = paid(&wechat, "W2").await;
    assert_eq!(w2.total_amount, fen(84));

    // Not out yet: today, by the real clock.
    assert!(matches!(
        bill_error(wechat.trade_bill(day).await),
        BillError::NotReady { .. }
    ));
    // Tomorrow at 05:00 Beijing, before WeChat's 10:00: still being made.
    let tomorrow_5am = day
        .succ_opt()
        .unwrap()
        .and_hms_opt(5, 0, 0)
        .unwrap()
        .and_utc()
        - TimeDelta::hours(8);
    s.ok("/settings", json!({"billClock": tomorrow_5am.to_rfc3339()}))
        .await;
    let e = bill_error(wechat.trade_bill(day).await);
    assert!(e.is_retryable());
    assert!(
        matches!(e, BillError::NotReady { ref provider_code, .. } if provider_code == "Bill Creating")
    );

    s.bills_of_today_ready().await;
    let bill = wechat.trade_bill(day).await.unwrap();
    // Asked gzip'd by default.
    assert_eq!(
        bills::Compression::sniff(bill.raw()),
        bills::Compression::Gzip
    );
    let (lines, totals) = lines_and_totals(&bill);
    assert_eq!(lines.len(), 5);

    let w1 = paid(&wechat, "W1").await;
    let w3 = paid(&wechat, "W3").await;
    let payment = |no: &str,
                   p: &PaidTrade,
                   line_no: u64,
                   product: Product,
                   kind: &str,
                   billed: i64,
                   fee: i64| BillLine {
        line_no,
        kind: BillLineKind::Payment,
        time: p.paid_at.unwrap(),
        app_id: Some(app_id.clone()),
        merchant_id: Some(mch.clone()),
        out_trade_no: no.into(),
        provider_trade_no: p.provider_trade_no.clone(),
        trade_type: Some(kind.into()),
        product: Some(product),
        subject: format!("会员卡, {no}"),
        trade_state: BillTradeState::Success,
        order_amount: fen(billed),
        settlement_amount: fen(billed),
        fee: fen(fee),
        fee_rate: Some("0.60%".into()),
        attach: Some(format!("order={no}")),
        payer: p.payer.clone(),
    };
    assert_eq!(
        lines[0],
        payment("W1", &w1, 2, Product::Qr, "NATIVE", 10_000, 60)
    );
    assert_eq!(lines[1], payment("W2", &w2, 3, Product::App, "APP", 84, 1));
    // The bill says 2 fen where the trade is 1 fen.
    assert_eq!(
        lines[2],
        payment("W3", &w3, 4, Product::Jsapi, "JSAPI", 2, 0)
    );
    assert_eq!(w3.total_amount, fen(1));
    assert_eq!(w3.payer.as_deref(), Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));

    let (r1_id, r1_at) = refunded(&wechat, "W1", "R1").await;
    let refund_line =
        |line_no: u64, no: &str, id: Option<String>, at, amount: i64, fee: i64| BillLine {
            line_no,
            kind: BillLineKind::Refund(BillRefund {
                out_refund_no: no.into(),
                provider_refund_no: id,
                amount: fen(amount),
                settled_amount: fen(amount),
                state: BillRefundState::Succeeded,
            }),
            time: at,
            app_id: Some(app_id.clone()),
            merchant_id: Some(mch.clone()),
            out_trade_no: "W1".into(),
            provider_trade_no: w1.provider_trade_no.clone(),
            trade_type: Some("NATIVE".into()),
            product: Some(Product::Qr),
            subject: "会员卡, W1".into(),
            trade_state: BillTradeState::Refund,
            order_amount: Amount::ZERO,
            settlement_amount: Amount::ZERO,
            fee: fen(fee),
            fee_rate: Some("0.60%".into()),
            attach: Some("order=W1".into()),
            payer: w1.payer.clone(),
        };
    assert_eq!(lines[3], refund_line(5, "R1", r1_id, r1_at, 2_500, 15));
    // The portal refund: a number paycenter never sent, WeChat's own refund id.
    let portal = lines[4].refund().unwrap().clone();
    assert_ne!(portal.out_refund_no, "R1");
    assert_eq!(
        portal.provider_refund_no.as_deref(),
        Some(portal.out_refund_no.as_str())
    );
    let (portal_id, portal_at) = refunded(&wechat, "W1", &portal.out_refund_no).await;
    assert_eq!(portal_id.as_deref(), Some(portal.out_refund_no.as_str()));
    assert_eq!(
        lines[4],
        refund_line(6, &portal.out_refund_no, portal_id, portal_at, 1_000, 6)
    );

    assert_eq!(totals.payments, 3);
    assert_eq!(totals.refunds, 2);
    assert_eq!(totals.paid_amount, fen(10_086));
    assert_eq!(totals.settlement_amount, fen(10_086));
    assert_eq!(totals.refunded_amount, fen(3_500));
    assert_eq!(totals.net_fee, NetAmount::from_fen(61 - 21));
    assert_eq!(totals.stated[0], ("总交易单数".into(), "5.0".into()));

    // The same bill uncompressed, and the bill types.
    let plain = wechat
        .clone()
        .with_bill_gzip(false)
        .trade_bill(day)
        .await
        .unwrap();
    assert_eq!(
        bills::Compression::sniff(plain.raw()),
        bills::Compression::None
    );
    assert!(plain.raw().starts_with("\u{feff}交易时间,".as_bytes()));
    assert_eq!(lines_and_totals(&plain), (lines, totals));

    // Two days before: no trades, so no bill (WeChat's way of saying the day was empty).
    let e = bill_error(wechat.trade_bill(day - TimeDelta::days(2)).await);
    assert!(
        matches!(
            e,
            BillError::NoBill {
                reason: NoBillReason::NoTrades,
                ..
            }
        ),
        "{e:?}"
    );
    // After tomorrow: a bad date.
    assert!(matches!(
        wechat.trade_bill(day + TimeDelta::days(5)).await,
        Err(ProviderError::Business { .. })
    ));
    // The downloadbill call is signed and checked like any other.
    let wrong_key = s
        .providers
        .wechat(WechatCredentials {
            app_id: app_id.clone(),
            mch_id: mch.clone(),
            api_key: SecretString::from("0".repeat(32)),
            app_secret: None,
            client_identity_pem: None,
        })
        .unwrap();
    assert!(matches!(
        wrong_key.trade_bill(day).await,
        Err(ProviderError::Business {
            code: paycenter_providers::BusinessCode::SignatureRejected,
            ..
        })
    ));
}

#[tokio::test]
async fn alipay_bill_of_the_sandboxes_trades() {
    let s = start().await;
    let (_, alipay, _) = s.merchant().await;
    let app_id = alipay.app_id().to_owned();
    let notify = format!("{}/notify/alipay", s.notify_base);
    for (no, amount) in [("A1", 10_000), ("A2", 84), ("A3", 1), ("A4", 500)] {
        alipay
            .prepay(&prepay(Product::Qr, no, amount, &notify))
            .await
            .unwrap();
    }
    s.fault(json!({"merchantId": app_id, "outTradeNo": "A2", "dropNotifies": true}))
        .await;
    s.fault(json!({"merchantId": app_id, "outTradeNo": "A3", "billAmountFen": 2}))
        .await;
    for no in ["A1", "A2", "A3"] {
        s.pay("alipay", &app_id, no).await;
    }
    let day = beijing_date(Utc::now());
    alipay
        .refund(&RefundRequest {
            out_trade_no: "A1".into(),
            out_refund_no: "R1".into(),
            total_amount: fen(10_000),
            refund_amount: fen(2_500),
            reason: None,
            notify_url: String::new(),
        })
        .await
        .unwrap();
    s.fault(json!({"merchantId": app_id, "outTradeNo": "A1", "portalRefundFen": 1_000}))
        .await;
    s.notifies_of(&["A1", "A3"]).await;
    assert!(!s.notified_of("A2"));
    assert_eq!(s.dropped(&app_id).await, 1);

    // Today's bill is not out: Alipay says BILL_NOT_EXIST, which before noon tomorrow is "not
    // ready".
    let e = bill_error(alipay.trade_bill(day).await);
    assert!(e.is_retryable(), "{e:?}");
    // Before the merchant's account existed there is no bill at all.
    let e = bill_error(alipay.trade_bill(day - TimeDelta::days(10)).await);
    assert!(
        matches!(e, BillError::NoBill { reason: NoBillReason::NotAvailable, ref provider_code, .. } if provider_code == "BILL_NOT_EXIST"),
        "{e:?}"
    );

    s.bills_of_today_ready().await;
    let bill = alipay.trade_bill(day).await.unwrap();
    // GBK, names and contents.
    let names = alipay_bill::entry_names(bill.raw()).unwrap();
    let account = format!("2088{}", &app_id[app_id.len() - 12..]);
    let ymd = day.format("%Y%m%d");
    assert_eq!(
        names,
        vec![
            format!("{account}_{ymd}_业务明细.csv"),
            format!("{account}_{ymd}_业务明细(汇总).csv")
        ]
    );
    let detail = alipay_bill::entry_bytes(bill.raw(), alipay_bill::DETAIL_SUFFIX).unwrap();
    assert!(std::str::from_utf8(&detail).is_err());

    let (lines, totals) = lines_and_totals(&bill);
    assert_eq!(lines.len(), 5);
    let a1 = paid(&alipay, "A1").await;
    let a2 = paid(&alipay, "A2").await;
    let a3 = paid(&alipay, "A3").await;
    let masked = |p: &PaidTrade| {
        let buyer = p.payer.clone().unwrap();
        format!("138******{}", &buyer[buyer.len() - 4..])
    };
    let payment = |no: &str, p: &PaidTrade, line_no: u64, billed: i64, fee: i64| BillLine {
        line_no,
        kind: BillLineKind::Payment,
        time: p.paid_at.unwrap(),
        app_id: None,
        merchant_id: Some(account.clone()),
        out_trade_no: no.into(),
        provider_trade_no: p.provider_trade_no.clone(),
        trade_type: None,
        product: None,
        subject: format!("会员卡, {no}"),
        trade_state: BillTradeState::Success,
        order_amount: fen(billed),
        settlement_amount: fen(billed),
        fee: fen(fee),
        fee_rate: None,
        attach: None,
        payer: Some(masked(p)),
    };
    assert_eq!(lines[0], payment("A1", &a1, 6, 10_000, 60));
    assert_eq!(lines[1], payment("A2", &a2, 7, 84, 1));
    assert_eq!(lines[2], payment("A3", &a3, 8, 2, 0));
    assert_eq!(a3.total_amount, fen(1));
    let (_, r1_at) = refunded(&alipay, "A1", "R1").await;
    let refund_line = |line_no: u64, no: &str, at, amount: i64, fee: i64| BillLine {
        line_no,
        kind: BillLineKind::Refund(BillRefund {
            out_refund_no: no.into(),
            provider_refund_no: None,
            amount: fen(amount),
            settled_amount: fen(amount),
            state: BillRefundState::Succeeded,
        }),
        time: at,
        app_id: None,
        merchant_id: Some(account.clone()),
        out_trade_no: "A1".into(),
        provider_trade_no: a1.provider_trade_no.clone(),
        trade_type: None,
        product: None,
        subject: "会员卡, A1".into(),
        trade_state: BillTradeState::Refund,
        order_amount: fen(10_000),
        settlement_amount: Amount::ZERO,
        fee: fen(fee),
        fee_rate: None,
        attach: None,
        payer: Some(masked(&a1)),
    };
    assert_eq!(lines[3], refund_line(9, "R1", r1_at, 2_500, 15));
    let portal_no = lines[4].refund().unwrap().out_refund_no.clone();
    assert_ne!(portal_no, "R1");
    let (_, portal_at) = refunded(&alipay, "A1", &portal_no).await;
    assert_eq!(lines[4], refund_line(10, &portal_no, portal_at, 1_000, 6));

    assert_eq!(totals.payments, 3);
    assert_eq!(totals.refunds, 2);
    assert_eq!(totals.paid_amount, fen(10_086));
    assert_eq!(totals.settlement_amount, fen(10_086));
    assert_eq!(totals.refunded_amount, fen(3_500));
    assert_eq!(totals.net_fee, NetAmount::from_fen(40));
    let stated = |label: &str| {
        totals
            .stated
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(stated("交易合计").as_deref(), Some("3"));
    assert_eq!(stated("商家实收（元）").as_deref(), Some("65.86"));
    assert_eq!(stated("服务费（元）").as_deref(), Some("-0.40"));

    // A merchant with no trades that day: an empty bill, not an error.
    let (_, quiet, _) = s.merchant().await;
    let empty = quiet.trade_bill(day).await.unwrap();
    assert_eq!(empty.totals().unwrap().lines(), 0);
}

#[tokio::test]
async fn settings_and_trade_rules_are_validated() {
    let s = start().await;
    assert_eq!(
        s.post("/settings", json!({"billReadyHour": 24}))
            .await
            .status(),
        400
    );
    assert_eq!(
        s.post("/settings", json!({"billHour": 1})).await.status(),
        422
    );
    let v = s.ok("/settings", json!({"billReadyHour": 3})).await;
    assert_eq!(v, json!({"billReadyHour": 3}));
    let r = s
        .http
        .delete(format!("{}/sandbox/settings", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    // A portal refund of a trade that does not exist, or is not paid.
    let (wechat, _, _) = s.merchant().await;
    let mch = wechat.mch_id().to_owned();
    assert_eq!(
        s.post(
            "/faults",
            json!({"merchantId": mch, "outTradeNo": "X", "portalRefundFen": 1})
        )
        .await
        .status(),
        404
    );
    wechat
        .prepay(&prepay(Product::Qr, "U1", 100, "http://127.0.0.1:9/n"))
        .await
        .unwrap();
    assert_eq!(
        s.post(
            "/faults",
            json!({"merchantId": mch, "outTradeNo": "U1", "portalRefundFen": 1})
        )
        .await
        .status(),
        409
    );
    s.pay("wechat", &mch, "U1").await;
    assert_eq!(
        s.post(
            "/faults",
            json!({"merchantId": mch, "outTradeNo": "U1", "portalRefundFen": 101})
        )
        .await
        .status(),
        409
    );
    s.fault(json!({"merchantId": mch, "outTradeNo": "U1", "portalRefundFen": 100}))
        .await;
    // Fully refunded in the portal: nothing left for the API.
    let r = wechat
        .refund(&RefundRequest {
            out_trade_no: "U1".into(),
            out_refund_no: "R-late".into(),
            total_amount: fen(100),
            refund_amount: fen(1),
            reason: None,
            notify_url: "http://127.0.0.1:9/n".into(),
        })
        .await;
    assert!(r.is_err());
}
