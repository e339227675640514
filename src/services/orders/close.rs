//! `closeOrder`: close at the provider first, then PENDING → CLOSED. A payment the provider
//! reports wins: the order becomes PAID and the caller is told.

use entity::order;

use super::transitions::{self, state_of, Applied, Source};
use super::{provider, query, refresh};
use crate::auth::Principal;
use crate::domain::{Channel, OrderState};
use crate::providers::{CloseOutcome, TradeState};
use crate::services::{projects, Deps, ServiceError, ServiceResult};

pub async fn close_order(
    d: Deps<'_>,
    principal: &Principal,
    id: &str,
) -> ServiceResult<order::Model> {
    let order = query::get(d, principal, id).await?;
    match state_of(&order)? {
        OrderState::Pending => {}
        // Closing twice is harmless.
        OrderState::Closed => return Ok(order),
        other => return Err(ServiceError::OrderNotClosable(other.to_string())),
    }
    let project = projects::find(d.db, &order.project_id).await?;
    let channel = refresh::channel_of(&order)?;
    let provider = provider::for_channel(d, &project, channel)?;
    let scannable = channel == Channel::AlipayQr;
    if scannable {
        // Alipay's cancel refunds a paid trade: look first, so a completed payment is recorded
        // (and the caller told) rather than reversed.
        let (now, applied) = refresh::refresh(d, &order).await?;
        if matches!(applied, Applied::Paid | Applied::AlreadyPaid) {
            return Err(ServiceError::OrderNotClosable(format!(
                "{} (the buyer paid before the close)",
                state_of(&now)?
            )));
        }
    }
    // An Alipay QR code may have been scanned: cancel, so it cannot be paid afterwards either.
    let result = provider.close(&order.order_no, scannable).await?;
    match result.outcome {
        CloseOutcome::Closed | CloseOutcome::NotExist => {
            transitions::apply_trade_state(
                d,
                &order,
                &TradeState::Closed,
                Source::Close,
                &result.raw,
            )
            .await?;
            let now = query::reload(d, &order.id).await?;
            match state_of(&now)? {
                OrderState::Closed => Ok(now),
                // A notify landed while we were closing.
                other => Err(ServiceError::OrderNotClosable(other.to_string())),
            }
        }
        CloseOutcome::AlreadyPaid => {
            transitions::note(d, &order.id, "CLOSE_REFUSED_PAID", Some(&result.raw)).await?;
            let (now, _) = refresh::refresh(d, &order).await?;
            Err(ServiceError::OrderNotClosable(format!(
                "{} (the buyer paid before the close)",
                state_of(&now)?
            )))
        }
    }
}
