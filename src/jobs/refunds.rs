//! Refund reconciliation: asks the provider about a refund still PROCESSING, on the reconcile
//! schedule, until it is settled (a notify may settle it first; then the job just ends).

use chrono::Utc;
use entity::job;

use super::{JobOutcome, Runner};
use crate::services::refunds;

/// After this many queries a refund still PROCESSING is left to an operator (the job fails and
/// says so; the refund keeps its reservation).
const MAX_QUERIES: i32 = 60;

pub async fn query(r: &Runner, job: &job::Model) -> JobOutcome {
    let refund_id = serde_json::from_str::<serde_json::Value>(&job.payload)
        .ok()
        .and_then(|v| {
            v.get("refundId")
                .and_then(|i| i.as_str())
                .map(str::to_owned)
        });
    let Some(refund_id) = refund_id else {
        return JobOutcome::Fail("job has no refundId".into());
    };
    let d = &r.core;
    let refund = match refunds::find(d, &refund_id).await {
        Ok(Some(rf)) => rf,
        Ok(None) => return JobOutcome::Fail(format!("refund {refund_id} not found")),
        Err(e) => return JobOutcome::retry_soon(e),
    };
    let next_at = Utc::now() + refunds::query_delay(d, job.attempts);
    match refunds::reconcile(d, &refund).await {
        Ok(true) => JobOutcome::Done,
        Ok(false) if job.attempts >= MAX_QUERIES => JobOutcome::Fail(format!(
            "refund {refund_id} still processing after {MAX_QUERIES} queries"
        )),
        Ok(false) => JobOutcome::RetryAt(next_at, "still processing".into()),
        Err(e) if job.attempts >= MAX_QUERIES => JobOutcome::Fail(e.to_string()),
        Err(e) => JobOutcome::RetryAt(next_at, e.to_string()),
    }
}
