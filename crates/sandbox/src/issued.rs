//! What the buyer's Alipay client would have been handed. For an app payment Alipay learns of the
//! trade only when the buyer's app submits the merchant's signed `orderInfo`, and for a page or
//! wap payment when the browser brings the signed web cashier request; `POST /sandbox/buyer`
//! takes either as `orderInfo`. A host that issued it (paycenter, when it mounts the sandbox) may
//! install a [`Handoff`] so callers need not pass it: the sandbox then asks the host, as the
//! buyer's phone would have received it from the merchant's app. The sandbox never reads the
//! host's tables itself.

use std::future::Future;
use std::pin::Pin;

/// The host's answer to "which signed request did the merchant hand the buyer?": an app
/// order's `orderInfo`, or a web cashier request's parameters (form-encoded).
pub trait Handoff: Send + Sync {
    fn alipay_order_info<'a>(
        &'a self,
        app_id: &'a str,
        out_trade_no: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>>;
}
