//! Web checkout: the hosted cashier page's link (`checkoutUrl`, every order has one), and the
//! landing of a provider's browser return (`GET /return/alipay/{projectId}`).
//!
//! A browser return is never proof of payment. It is verified (a forged, tampered or unsigned one
//! changes nothing and is refused), and only tells which order the buyer comes back for; while
//! that order is PENDING the provider is asked (a query, through the state machine, exactly as
//! `order(refresh: true)` does). The buyer then goes straight to the merchant's `returnUrl` once
//! the order is paid, or to the cashier page, which follows the order live.

use chrono::Utc;
use entity::order;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::auth::checkout_ticket;
use crate::core::Core;
use crate::services::orders::{provider, refresh};
use crate::services::{ServiceError, ServiceResult};
use paycenter_domain::Provider;
use paycenter_providers::IncomingRequest;

/// The query parameters a merchant's `returnUrl` receives.
pub const RETURN_PARAM_ORDER_NO: &str = "orderNo";
pub const RETURN_PARAM_STATE: &str = "state";

/// `{public}/checkout/{orderId}?t=<ticket>`: the order's hosted cashier page. The ticket reads
/// this order only, until an hour after the order expires.
pub fn checkout_url(d: &Core, order: &order::Model) -> String {
    let expires = checkout_ticket::expiry_for(order.expires_at, Utc::now());
    let ticket = d.checkout.issue(&order.id, expires);
    format!("{}/checkout/{}?t={ticket}", d.public_url, order.id)
}

/// The merchant's `returnUrl` with the order number and its state as query parameters
/// (`orderNo`, `state`; earlier parameters of those names are replaced). None without one.
/// The merchant must not take `state` on trust: its callback, or the `order` query, says.
pub fn merchant_return(order: &order::Model) -> Option<String> {
    let mut url = url::Url::parse(order.return_url.as_deref()?).ok()?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != RETURN_PARAM_ORDER_NO && k != RETURN_PARAM_STATE)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(RETURN_PARAM_ORDER_NO, &order.order_no)
        .append_pair(RETURN_PARAM_STATE, order.state.as_str());
    Some(url.to_string())
}

/// Where a verified return sends the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// The order is paid: the merchant's `returnUrl`, with `orderNo` and `state`.
    Merchant(String),
    /// The cashier page (with a fresh ticket): the order is not paid yet, or has no `returnUrl`.
    Checkout(String),
}

/// Lands a provider's browser return for a project's order. Refuses (changing nothing) a return
/// that does not verify, names an order the project does not have, or disagrees with it.
pub async fn land_return(
    d: &Core,
    provider_kind: Provider,
    project_id: &str,
    req: &IncomingRequest<'_>,
) -> ServiceResult<Landing> {
    let project = d.projects.get(&d.read, project_id).await?;
    let client = provider::for_provider(d, &project, provider_kind)?;
    let returned = client.verify_return(req).map_err(|e| {
        tracing::info!(project_id, error = %e, "browser return refused");
        ServiceError::Denied("the return could not be verified".into())
    })?;
    let order = order::Entity::find()
        .filter(order::Column::ProjectId.eq(project_id))
        .filter(order::Column::OrderNo.eq(returned.out_trade_no.as_str()))
        .one(&d.read)
        .await?
        .filter(|o| o.channel.provider() == provider_kind)
        .ok_or(ServiceError::NotFound("order"))?;
    if returned
        .total_amount
        .is_some_and(|a| a.fen() != order.amount)
    {
        tracing::warn!(order_id = %order.id, "browser return names another amount than the order");
        return Err(ServiceError::Denied(
            "the return does not match the order".into(),
        ));
    }
    // Not proof of payment: while the order waits, ask the provider. Should it not answer, the
    // cashier page keeps following the order (the notify, or the reconcile job, settles it).
    let order = if order.state == paycenter_domain::OrderState::Pending {
        match refresh::refresh(d, &order).await {
            Ok((now, _)) => now,
            Err(e) => {
                tracing::warn!(order_id = %order.id, error = %e, "return landing: provider query failed");
                order
            }
        }
    } else {
        order
    };
    Ok(
        match merchant_return(&order).filter(|_| order.state.is_paid()) {
            Some(url) => Landing::Merchant(url),
            None => Landing::Checkout(checkout_url(d, &order)),
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use paycenter_domain::{Channel, OrderState};

    fn order(return_url: Option<&str>) -> order::Model {
        let now = Utc::now();
        order::Model {
            id: "ord_1".into(),
            project_id: "prj_1".into(),
            order_no: "A-1|x".into(),
            channel: Channel::AlipayPage,
            credential_kind: None,
            amount: 100,
            subject: "s".into(),
            attach: None,
            state: OrderState::Paid,
            user_id: None,
            payer: None,
            provider_trade_no: None,
            paid_amount: None,
            refunded_amount: 0,
            pay_params: None,
            prepay_id: None,
            flagged: false,
            flag_reason: None,
            callback_delivered: false,
            return_url: return_url.map(str::to_owned),
            expires_at: now,
            paid_at: None,
            closed_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_merchant_gets_the_order_number_and_state() {
        assert_eq!(merchant_return(&order(None)), None);
        assert_eq!(
            merchant_return(&order(Some("https://shop.example/done"))).unwrap(),
            "https://shop.example/done?orderNo=A-1%7Cx&state=PAID"
        );
        // The merchant's own parameters and fragment stay; ours replace look-alikes.
        assert_eq!(
            merchant_return(&order(Some(
                "https://shop.example/done?cart=7&state=FORGED#top"
            )))
            .unwrap(),
            "https://shop.example/done?cart=7&orderNo=A-1%7Cx&state=PAID#top"
        );
    }
}
