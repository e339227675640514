//! The emulated WeChat: Pay API v2 (`pay/*`, `secapi/pay/refund`) and mini-program login
//! (`sns/jscode2session`), on WeChat's own paths and wire formats, plus the sandbox control
//! `POST /wechat/codes` that mints login codes.
//!
//! - [`gate`]: what every Pay v2 call goes through first (XML, faults, merchant, signature).
//! - [`reply`]: Pay v2 replies (communication failures unsigned, business replies signed).
//! - [`pay`]: unifiedorder, orderquery, closeorder. [`refund`]: refund, refundquery, refund notify.
//! - [`buyer`]: the buyer paying (or failing to), and the pay notify.
//! - [`login`]: jscode2session and login codes. [`ids`]: provider-style identifiers.
//! - [`bill`]: `pay/downloadbill`, the daily trade bill (see `crate::bills`).

mod bill;
mod buyer;
mod gate;
pub(crate) mod ids;
mod login;
mod pay;
mod refund;
mod reply;

use axum::routing::{get, post};
use axum::Router;

use super::SandboxState;

pub use buyer::play_buyer;
pub(crate) use pay::{BANK_TYPE, OPEN_STATES, PAID_STATES};
pub(crate) use refund::{find_refund, record_refund, Recorded};

/// The provider whose rows these are in the shared sandbox tables (v2 and v3 trades alike).
pub(crate) const PROVIDER: &str = "wechat";

pub fn router() -> Router<SandboxState> {
    Router::new()
        .route("/wechat/pay/unifiedorder", post(pay::unifiedorder))
        .route("/wechat/pay/orderquery", post(pay::orderquery))
        .route("/wechat/pay/closeorder", post(pay::closeorder))
        .route("/wechat/secapi/pay/refund", post(refund::refund))
        .route("/wechat/pay/refundquery", post(refund::refundquery))
        .route("/wechat/pay/downloadbill", post(bill::downloadbill))
        .route("/wechat/sns/jscode2session", get(login::jscode2session))
        .route("/wechat/codes", post(login::create_code))
}
