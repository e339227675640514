//! Asking the provider about a refund still PROCESSING (the REFUND_QUERY outbox job).

use entity::refund;

use super::{apply, submit, Submitted};
use crate::core::Core;
use crate::services::orders::{provider, query, transitions};
use crate::services::ServiceResult;
use paycenter_domain::{OrderEventKind, RefundState, Source};
use paycenter_providers::RefundState as Verdict;

/// Asks the provider about a PROCESSING refund and applies the answer; a refund the provider never
/// saw (the application was lost) is applied again under the same number. Returns whether the
/// refund is settled.
pub async fn reconcile(d: &Core, refund: &refund::Model) -> ServiceResult<bool> {
    match refund.state {
        RefundState::Processing => {}
        RefundState::Succeeded | RefundState::Failed => return Ok(true),
    }
    let order = query::reload(d, &refund.order_id).await?;
    let project = d.projects.get(&d.read, &order.project_id).await?;
    let channel = order.channel;
    let client = provider::for_order(d, &project, &order)?;
    let answer = client
        .query_refund(&order.order_no, &refund.refund_no)
        .await?;
    if answer.state == Verdict::NotExist {
        transitions::note(
            d,
            &order.id,
            OrderEventKind::RefundQuery,
            Some(&format!(
                "{}: unknown to the provider; applying again\n{}",
                refund.refund_no, answer.raw
            )),
        )
        .await?;
        return Ok(!matches!(
            submit(d, &order, refund, client.as_ref(), channel).await?,
            Submitted::Processing
        ));
    }
    apply(d, refund, &answer.state, Source::Query, &answer.raw).await
}
