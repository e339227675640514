//! Order jobs: expiry, reconciliation and pending closes, all through the same state machine as
//! a notify.

use chrono::Utc;
use entity::job;

use super::{JobOutcome, Runner};
use crate::services::orders::close::{self, Closed};
use crate::services::orders::{query, refresh};
use crate::services::ServiceError;
use paycenter_domain::{OrderEventKind, OrderState};

/// Backoff for jobs that wait on the provider: 30 s, 1 m, 2 m, 5 m, then every 10 m.
fn provider_backoff(attempts: i32) -> chrono::Duration {
    let secs = match attempts {
        ..=1 => 30,
        2 => 60,
        3 => 120,
        4 => 300,
        _ => 600,
    };
    chrono::Duration::seconds(secs)
}

async fn pending_order(
    r: &Runner,
    job: &job::Model,
) -> Result<Option<entity::order::Model>, JobOutcome> {
    let Some(order_id) = job.order_id.as_deref() else {
        return Err(JobOutcome::Fail("job has no order".into()));
    };
    match query::reload(&r.core, order_id).await {
        Ok(o) => match o.state {
            OrderState::Pending => Ok(Some(o)),
            OrderState::Paid
            | OrderState::PartiallyRefunded
            | OrderState::Refunded
            | OrderState::Closed
            | OrderState::Failed => Ok(None),
        },
        Err(ServiceError::NotFound(_)) => Err(JobOutcome::Fail("order not found".into())),
        Err(e) => Err(JobOutcome::retry_soon(e)),
    }
}

/// Closes an order whose time is up (at the provider first; a payment wins).
pub async fn expire(r: &Runner, job: &job::Model) -> JobOutcome {
    let order = match pending_order(r, job).await {
        Ok(Some(o)) => o,
        Ok(None) => return JobOutcome::Done,
        Err(outcome) => return outcome,
    };
    if order.expires_at > Utc::now() {
        return JobOutcome::RetryAt(order.expires_at, "not expired yet".into());
    }
    close_with(r, job, &order, OrderEventKind::Expired).await
}

/// Finishes a close the merchant asked for while the provider was unavailable.
pub async fn close(r: &Runner, job: &job::Model) -> JobOutcome {
    let order = match pending_order(r, job).await {
        Ok(Some(o)) => o,
        Ok(None) => return JobOutcome::Done,
        Err(outcome) => return outcome,
    };
    close_with(r, job, &order, OrderEventKind::Closed).await
}

async fn close_with(
    r: &Runner,
    job: &job::Model,
    order: &entity::order::Model,
    kind: OrderEventKind,
) -> JobOutcome {
    match close::close_pending(&r.core, order, kind).await {
        Ok(Closed::Closed(_)) | Ok(Closed::Paid(_)) => JobOutcome::Done,
        // The provider refuses or cannot be reached yet (e.g. WeChat's minimum age for a close):
        // try again later; the order stays PENDING meanwhile.
        Err(e) => JobOutcome::RetryAt(Utc::now() + provider_backoff(job.attempts), e.to_string()),
    }
}

/// Asks the provider about an order still PENDING, on the reconcile schedule, until it expires.
pub async fn reconcile(r: &Runner, job: &job::Model) -> JobOutcome {
    let order = match pending_order(r, job).await {
        Ok(Some(o)) => o,
        Ok(None) => return JobOutcome::Done,
        Err(outcome) => return outcome,
    };
    if order.expires_at <= Utc::now() {
        // The expiry job takes it from here.
        return JobOutcome::Done;
    }
    let schedule = &r.core.settings.reconcile.schedule;
    let idx = usize::try_from(job.attempts)
        .unwrap_or(0)
        .min(schedule.len().saturating_sub(1));
    let next = schedule
        .get(idx)
        .copied()
        .unwrap_or(std::time::Duration::from_secs(300));
    let next_at =
        (Utc::now() + chrono::Duration::from_std(next).unwrap_or_default()).min(order.expires_at);
    match refresh::refresh(&r.core, &order).await {
        Ok((now, _)) if now.state == OrderState::Pending => {
            JobOutcome::RetryAt(next_at, "still unpaid".into())
        }
        Ok(_) => JobOutcome::Done,
        Err(e) => JobOutcome::RetryAt(next_at, e.to_string()),
    }
}
