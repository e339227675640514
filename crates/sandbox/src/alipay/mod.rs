//! The emulated Alipay: `/alipay/gateway.do` (GET and POST) with the trade methods paycenter and
//! the official SDKs call, the web cashiers of page and wap pay (`cashier`: browser requests to
//! the same gateway, a cashier page, the signed return), `/alipay/app` (what the buyer's Alipay
//! app does with an `orderInfo`), and the buyer played through `POST /sandbox/buyer`.
//!
//! Trades are `sandbox_orders` rows (provider "alipay", merchant_id = app_id). Alipay only knows a
//! precreated trade once a buyer has scanned its QR code; here a trade is known to Alipay exactly
//! when it has a `trade_no` (`transaction_id`). Before that, query/close/refund answer
//! ACQ.TRADE_NOT_EXIST. A `cancel` of a trade Alipay never saw leaves a closed tombstone without a
//! `trade_no`, so the out_trade_no cannot be paid later.

mod app_pay;
mod bill;
mod buyer;
mod cashier;
mod gateway;
mod refund;
mod trade;

use crate::entity::order;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub use buyer::play_buyer;

use super::SandboxState;
use gateway::{Failure, Outcome, Rejection};
use paycenter_providers::alipay::bill::METHOD_BILL_URL;
use paycenter_providers::alipay::client::{
    METHOD_CANCEL, METHOD_CLOSE, METHOD_PRECREATE, METHOD_QUERY, METHOD_REFUND, METHOD_REFUND_QUERY,
};

pub(crate) const PROVIDER: &str = "alipay";
pub(crate) const WAIT_BUYER_PAY: &str = "WAIT_BUYER_PAY";
pub(crate) const TRADE_SUCCESS: &str = "TRADE_SUCCESS";
pub(crate) const TRADE_CLOSED: &str = "TRADE_CLOSED";
pub(crate) const TRADE_FINISHED: &str = "TRADE_FINISHED";

/// The methods the gateway serves.
const GATEWAY_METHODS: [&str; 7] = [
    METHOD_PRECREATE,
    METHOD_QUERY,
    METHOD_CLOSE,
    METHOD_CANCEL,
    METHOD_REFUND,
    METHOD_REFUND_QUERY,
    METHOD_BILL_URL,
];

pub fn router() -> Router<SandboxState> {
    Router::new()
        .route("/alipay/gateway.do", get(gateway_do).post(gateway_do))
        .route("/alipay/app", post(app_pay::submit))
        .route("/alipay/cashier.css", get(cashier::stylesheet))
        .route("/alipay/cashier/{id}", get(cashier::show))
        .route("/alipay/cashier/{id}/pay", post(cashier::submit_pay))
        .route("/alipay/cashier/{id}/cancel", post(cashier::submit_cancel))
        .route("/alipay/bills/{token}", get(bill::download))
}

async fn gateway_do(
    State(state): State<SandboxState>,
    uri: Uri,
    OriginalUri(original): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = gateway::collect_params(&uri, &headers, &body);
    let app_id = params.get("app_id").cloned().unwrap_or_default();
    let fault = state.faults.take(&app_id).unwrap_or_default();
    fault.delay().await;
    if let Some(status) = fault.http_status {
        return gateway::http_failure(status);
    }
    // The web cashiers: a browser's request, answered with pages.
    if cashier::is_web_method(params.get("method")) {
        return cashier::open(&state, &original, params, &fault).await;
    }
    let call = match gateway::authenticate(&state, params, &GATEWAY_METHODS).await {
        Ok(call) => call,
        Err(Rejection::NoMethod(f)) => return gateway::error_response(&f),
        Err(Rejection::Method(method, f)) => {
            return gateway::signed_reply(&state, &method, &Err(f), fault.bad_signature).await
        }
    };
    let outcome = if fault.system_error {
        Err(Failure::system_error())
    } else if fault.refuse_refunds && call.method == METHOD_REFUND {
        Err(Failure::business(
            "ACQ.SELLER_BALANCE_NOT_ENOUGH",
            "卖家余额不足",
        ))
    } else {
        dispatch(&state, &call, &bill::links_base(&original, &headers)).await
    };
    gateway::signed_reply(&state, &call.method, &outcome, fault.bad_signature).await
}

async fn dispatch(state: &SandboxState, call: &gateway::Call, links_base: &str) -> Outcome {
    let biz = call.biz()?;
    match call.method.as_str() {
        METHOD_PRECREATE => trade::precreate(state, call, &biz).await,
        METHOD_QUERY => trade::query(state, call, &biz).await,
        METHOD_CLOSE => trade::close(state, call, &biz).await,
        METHOD_CANCEL => trade::cancel(state, call, &biz).await,
        METHOD_REFUND => refund::refund(state, call, &biz).await,
        METHOD_REFUND_QUERY => refund::query(state, call, &biz).await,
        METHOD_BILL_URL => bill::download_url(state, call, &biz, links_base).await,
        _ => Err(Failure::invalid("isv.invalid-method", "不存在的方法名")),
    }
}

// ---------------------------------------------------------------------------------------------
// Trades

/// The trade `out_trade_no` of `app_id`, whatever Alipay knows of it.
pub(crate) async fn find_trade(
    db: &impl sea_orm::ConnectionTrait,
    app_id: &str,
    out_trade_no: &str,
) -> Result<Option<order::Model>, sea_orm::DbErr> {
    order::Entity::find()
        .filter(order::Column::Provider.eq(PROVIDER))
        .filter(order::Column::MerchantId.eq(app_id))
        .filter(order::Column::OutTradeNo.eq(out_trade_no))
        .one(db)
        .await
}

/// The trade a biz_content names (`trade_no` wins over `out_trade_no`), if Alipay knows it.
pub(crate) async fn known_trade(
    db: &impl sea_orm::ConnectionTrait,
    app_id: &str,
    biz: &serde_json::Map<String, serde_json::Value>,
) -> Result<Option<order::Model>, Failure> {
    let text = |k: &str| {
        biz.get(k)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
    };
    let row = if let Some(trade_no) = text("trade_no") {
        order::Entity::find()
            .filter(order::Column::Provider.eq(PROVIDER))
            .filter(order::Column::MerchantId.eq(app_id))
            .filter(order::Column::TransactionId.eq(trade_no))
            .one(db)
            .await?
    } else if let Some(no) = text("out_trade_no") {
        find_trade(db, app_id, no).await?
    } else {
        return Err(Failure::invalid_parameter(
            "out_trade_no 和 trade_no 不能同时为空",
        ));
    };
    Ok(row.filter(is_known))
}

/// Whether Alipay has seen the trade (scanned, submitted by the app, paid from a web cashier).
pub(crate) fn is_known(t: &order::Model) -> bool {
    t.transaction_id.is_some()
}

/// The trade's status now: an unpaid trade past `time_expire` is closed.
pub(crate) fn status(t: &order::Model, now: DateTime<Utc>) -> &str {
    if t.state == WAIT_BUYER_PAY && t.time_expire.is_some_and(|e| e <= now) {
        TRADE_CLOSED
    } else {
        &t.state
    }
}

/// Whether the buyer has paid (also true once fully refunded and closed).
pub(crate) fn was_paid(t: &order::Model) -> bool {
    t.paid_at.is_some()
}

/// A 28-digit Alipay trade number: Beijing date, then digits.
pub(crate) fn new_trade_no(now: DateTime<Utc>) -> String {
    let date = (now + chrono::Duration::hours(8)).format("%Y%m%d");
    let n: u64 = rand::thread_rng().gen_range(0..1_000_000_000_000_000);
    format!("{date}22001{n:015}")
}

/// A buyer's Alipay user id: `2088` and 12 digits.
pub(crate) fn new_buyer_id() -> String {
    let n: u64 = rand::thread_rng().gen_range(0..1_000_000_000_000);
    format!("2088{n:012}")
}

/// The masked logon id Alipay shows merchants, derived from the buyer id.
pub(crate) fn buyer_logon_id(buyer_id: &str) -> String {
    let tail = buyer_id
        .get(buyer_id.len().saturating_sub(4)..)
        .unwrap_or("0000");
    format!("138******{tail}")
}

/// The merchant's own Alipay user id (seller_id), derived from the app id.
pub(crate) fn seller_id(app_id: &str) -> String {
    let digits: String = app_id.chars().filter(char::is_ascii_digit).collect();
    let tail = digits.get(digits.len().saturating_sub(12)..).unwrap_or("");
    format!("2088{tail:0>12}")
}

/// Yuan string of a fen amount.
pub(crate) fn yuan(fen: i64) -> String {
    paycenter_domain::Amount::from_fen(fen)
        .map(|a| a.to_yuan())
        .unwrap_or_else(|_| "0.00".to_owned())
}

/// Parses an Alipay amount: a yuan string with at most 2 decimals in 0.01..=100000000.
pub(crate) fn parse_amount(s: &str) -> Option<i64> {
    let a = paycenter_domain::Amount::parse_yuan(s).ok()?.fen();
    (1..=10_000_000_000).contains(&a).then_some(a)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_like_alipays() {
        let no = new_trade_no(Utc::now());
        assert_eq!(no.len(), 28);
        assert!(no.starts_with("20"));
        let buyer = new_buyer_id();
        assert_eq!(buyer.len(), 16);
        assert!(buyer.starts_with("2088"));
        assert!(buyer_logon_id(&buyer).ends_with(&buyer[12..]));
        assert_eq!(seller_id("2021000122671080"), "2088000122671080");
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("0.01"), Some(1));
        assert_eq!(parse_amount("0.1"), Some(10));
        assert_eq!(parse_amount("100000000"), Some(10_000_000_000));
        assert_eq!(parse_amount("100000000.01"), None);
        assert_eq!(parse_amount("0.00"), None);
        assert_eq!(parse_amount("1.001"), None);
        assert_eq!(parse_amount("-1"), None);
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(yuan(1234), "12.34");
    }

    #[test]
    fn expired_unpaid_trades_are_closed() {
        let now = Utc::now();
        let mut t = order::Model {
            id: "x".into(),
            provider: PROVIDER.into(),
            sign_type: "RSA2".into(),
            merchant_id: "a".into(),
            out_trade_no: "o".into(),
            app_id: "a".into(),
            trade_type: METHOD_PRECREATE.into(),
            total_fee: 1,
            subject: "s".into(),
            attach: None,
            notify_url: None,
            openid: None,
            state: WAIT_BUYER_PAY.into(),
            prepay_id: None,
            code_url: None,
            transaction_id: None,
            buyer_id: None,
            fingerprint: String::new(),
            time_expire: Some(now - chrono::Duration::seconds(1)),
            paid_at: None,
            refunded_fee: 0,
            return_url: None,
            quit_url: None,
            created_at: now,
            updated_at: now,
        };
        assert_eq!(status(&t, now), TRADE_CLOSED);
        t.time_expire = None;
        assert_eq!(status(&t, now), WAIT_BUYER_PAY);
        assert!(!is_known(&t));
    }
}
