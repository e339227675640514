//! Daily reconciliation in the background: the `RECONCILE_DAY` job (one report: run it, retry it
//! on the schedule while its bill is not ready) and the scheduler that creates each day's
//! reports and jobs (`services::reconciliation::schedule`, once per day however many instances
//! run it, thanks to the reports' unique index).

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use entity::job;
use tokio::sync::watch;

use super::{JobOutcome, Runner};
use crate::core::Core;
use crate::services::reconciliation::{self as recon, Executed};
use paycenter_domain::ReconciliationStatus as Status;

/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(60);
/// How often the scheduler reloads the gauges (other instances' runs and resolutions).
const METRICS_EVERY: Duration = Duration::from_secs(300);
/// Days before the due one the scheduler also makes sure of (an outage of a day or two leaves
/// no gap).
const CATCH_UP_DAYS: i64 = 2;

pub async fn run(r: &Runner, job: &job::Model) -> JobOutcome {
    let report_id = serde_json::from_str::<serde_json::Value>(&job.payload)
        .ok()
        .and_then(|v| {
            v.get("reportId")
                .and_then(|i| i.as_str())
                .map(str::to_owned)
        });
    let Some(report_id) = report_id else {
        return JobOutcome::Fail("job has no reportId".into());
    };
    // A large day may outlast the job's lease: keep it while the run goes on (the report's own
    // claim is what keeps two runs apart; this spares the other instances a useless takeover).
    let executed = tokio::select! {
        e = recon::execute(&r.core, &report_id, &r.instance, false) => e,
        never = keep_lease(r, job) => match never {},
    };
    match executed {
        Ok(Executed::Ran(done)) => match (done.status, done.next_attempt_at) {
            (Status::NotReady | Status::Retrying, Some(at)) => JobOutcome::RetryAt(
                at,
                done.last_error.unwrap_or_else(|| done.status.to_string()),
            ),
            (Status::Failed, _) => JobOutcome::Fail(
                done.last_error
                    .unwrap_or_else(|| "reconciliation failed".into()),
            ),
            _ => JobOutcome::Done,
        },
        // Someone else is running it: look again once its lease would have run out.
        Ok(Executed::Busy(now)) => JobOutcome::RetryAt(
            now.claimed_until.unwrap_or_else(Utc::now) + TimeDelta::seconds(1),
            "being reconciled by another runner".into(),
        ),
        Ok(Executed::Settled(_)) => JobOutcome::Done,
        Err(crate::services::ServiceError::NotFound(what)) => {
            JobOutcome::Fail(format!("{what} not found"))
        }
        Err(e) => JobOutcome::retry_soon(e),
    }
}

/// Extends `job`'s lease every third of it, for as long as it is polled.
async fn keep_lease(r: &Runner, job: &job::Model) -> std::convert::Infallible {
    let lease = r.core.settings.worker.job_lease;
    loop {
        tokio::time::sleep(lease / 3).await;
        let until = Utc::now() + chrono::Duration::from_std(lease).unwrap_or(TimeDelta::minutes(2));
        match crate::outbox::queue::extend_lease(&r.core.db, &job.id, &r.instance, until).await {
            Ok(true) => {}
            // Taken over: the run goes on under the report's claim; nothing left to keep.
            Ok(false) => return std::future::pending().await,
            Err(e) => tracing::warn!(job_id = %job.id, error = %e, "cannot extend a job's lease"),
        }
    }
}

/// Creates each day's reports and jobs at `reconciliation.run_at` (Beijing time), and keeps the
/// reconciliation gauges fresh. Runs until `stop` turns true.
pub async fn scheduler(core: Arc<Core>, mut stop: watch::Receiver<bool>) {
    let cfg = core.settings.reconciliation.clone();
    if let Err(e) = recon::refresh_metrics(&core, None).await {
        tracing::warn!(error = %e, "reconciliation: cannot load the gauges");
    }
    if !cfg.enabled {
        return;
    }
    let mut scheduled = None;
    let mut metrics_at = tokio::time::Instant::now() + METRICS_EVERY;
    loop {
        let due = recon::due_day(Utc::now(), cfg.run_at);
        if scheduled != Some(due) {
            let mut ok = true;
            for back in (0..=CATCH_UP_DAYS).rev() {
                if let Err(e) = recon::schedule(&core, due - TimeDelta::days(back)).await {
                    tracing::warn!(error = %e, "reconciliation: cannot schedule");
                    ok = false;
                    break;
                }
            }
            if ok {
                scheduled = Some(due);
            }
        }
        if tokio::time::Instant::now() >= metrics_at {
            metrics_at = tokio::time::Instant::now() + METRICS_EVERY;
            if let Err(e) = recon::refresh_metrics(&core, None).await {
                tracing::warn!(error = %e, "reconciliation: cannot reload the gauges");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}
