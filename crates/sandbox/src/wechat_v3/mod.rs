//! The emulated WeChat Pay API v3, on WeChat's own paths under the same base as v2
//! (`/sandbox/wechat/v3/…`), so an SDK pointed at `…/sandbox/wechat` works unchanged.
//!
//! - [`gate`]: request authentication (`Authorization` over the raw body, serial, five-minute
//!   window; the signed path relative to `/sandbox/wechat` or the full pathname) and faults.
//! - [`reply`]: signed JSON replies (the 204s included) and refusals.
//! - [`pay`]: prepay (JSAPI, APP, Native, H5), query by out_trade_no / transaction_id, close,
//!   and `/v3/certificates`. [`refund`]: refunds and refund queries. [`bill`]: trade bills.
//! - [`notify`]: TRANSACTION.SUCCESS / REFUND.SUCCESS envelopes, signed at each delivery.
//! - [`keys`]: each merchant's v3 keys (public-key or certificate mode), rotation.
//!
//! Statuses WeChat does not publish for some refusals are the sandbox's choice, following the
//! v3 error table: closing a paid trade 400 ORDERPAID; closing a closed one 204 (idempotent);
//! prepay on a paid trade 400 ORDERPAID, on a closed or expired one 400 ORDER_CLOSED, with
//! changed parameters 403 OUT_TRADE_NO_USED; refund refusals as [`refund`] lists them.

pub mod bill;
pub mod gate;
pub mod keys;
pub mod notify;
pub mod pay;
pub mod refund;
pub mod reply;

use axum::routing::{get, post};
use axum::Router;

use super::SandboxState;

/// `sandbox_orders.sign_type` of v3 trades (their notifies are v3's).
pub const V3_SIGN_TYPE: &str = "WECHATPAY2-SHA256-RSA2048";

pub fn router() -> Router<SandboxState> {
    Router::new()
        .route("/wechat/v3/pay/transactions/{kind}", post(pay::prepay))
        .route(
            "/wechat/v3/pay/transactions/out-trade-no/{no}",
            get(pay::query_by_out_trade_no),
        )
        .route(
            "/wechat/v3/pay/transactions/id/{transaction_id}",
            get(pay::query_by_transaction_id),
        )
        .route(
            "/wechat/v3/pay/transactions/out-trade-no/{no}/close",
            post(pay::close),
        )
        .route("/wechat/v3/refund/domestic/refunds", post(refund::apply))
        .route(
            "/wechat/v3/refund/domestic/refunds/{out_refund_no}",
            get(refund::query),
        )
        .route("/wechat/v3/certificates", get(pay::certificates))
        .route("/wechat/v3/bill/tradebill", get(bill::tradebill))
        .route("/wechat/v3/billdownload/file", get(bill::download))
}
