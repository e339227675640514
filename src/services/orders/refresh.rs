//! Asking the provider about an order and applying the answer through the state machine — the
//! only way a client's "I paid" becomes PAID.

use crate::core::Core;
use entity::order;

use super::transitions::{self, Applied, Source};
use super::{provider, query};
use crate::services::{ServiceError, ServiceResult};
use paycenter_domain::Channel;

pub fn channel_of(o: &order::Model) -> ServiceResult<Channel> {
    o.channel
        .parse()
        .map_err(|e: String| ServiceError::Internal(format!("order {}: {e}", o.id)))
}

/// Queries the provider and applies its answer; returns the order as it now is.
pub async fn refresh(d: &Core, order: &order::Model) -> ServiceResult<(order::Model, Applied)> {
    let project = d.projects.get(&d.db, &order.project_id).await?;
    let provider = provider::for_channel(d, &project, channel_of(order)?)?;
    let answer = provider.query(&order.order_no).await?;
    let applied =
        transitions::apply_trade_state(d, order, &answer.state, Source::Query, &answer.raw).await?;
    Ok((query::reload(d, &order.id).await?, applied))
}
