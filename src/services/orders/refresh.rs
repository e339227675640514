//! Asking the provider about an order and applying the answer through the state machine — the
//! only way a client's "I paid" becomes PAID.

use crate::core::Core;
use entity::order;

use super::provider;
use super::transitions::{self, Applied, Source};
use crate::services::ServiceResult;

/// Queries the provider and applies its answer; returns the order as it now is.
pub async fn refresh(d: &Core, order: &order::Model) -> ServiceResult<(order::Model, Applied)> {
    let project = d.projects.get(&d.read, &order.project_id).await?;
    let provider = provider::for_order(d, &project, order)?;
    let answer = provider.query(&order.order_no).await?;
    let (applied, now) =
        transitions::apply_trade_state(d, order, &answer.state, Source::Query, &answer.raw).await?;
    Ok((now, applied))
}
