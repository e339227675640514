//! The outbox worker: runs side effects that transactions queued (merchant callbacks, expiry,
//! reconciliation, pending closes, refund queries). It wakes at once when its own instance queues work and polls
//! otherwise, so work queued by other instances (or left by a dead one) is picked up too.

pub mod callbacks;
pub mod orders;
pub mod reconciliation;
pub mod refunds;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::core::Core;
use crate::outbox::queue;

/// How long a woken worker waits for more work to queue before it claims.
const WAKE_COALESCE: Duration = Duration::from_millis(5);

/// What a job run decided.
#[derive(Debug)]
pub enum JobOutcome {
    Done,
    RetryAt(DateTime<Utc>, String),
    Fail(String),
}

impl JobOutcome {
    pub fn retry_soon(e: impl std::fmt::Display) -> Self {
        JobOutcome::RetryAt(Utc::now() + chrono::Duration::seconds(5), e.to_string())
    }
}

/// What the worker and its jobs hold (owned, so jobs run on their own tasks). Merchant callbacks
/// go out with the core's `callback_client`.
#[derive(Clone)]
pub struct Runner {
    pub core: Arc<Core>,
    /// This instance's name in job leases.
    pub instance: Arc<str>,
}

impl Runner {
    pub fn new(
        core: Arc<Core>,
        instance: &str,
    ) -> Result<Self, paycenter_providers::ProviderError> {
        Ok(Self {
            core,
            instance: instance.into(),
        })
    }
}

/// Runs until `stop` turns true; then finishes in-flight jobs within the grace period and hands
/// back whatever it still holds.
pub async fn run(r: Runner, mut stop: watch::Receiver<bool>) {
    let mut inflight: JoinSet<()> = JoinSet::new();
    // Jobs held (a callback batch is one task holding many).
    let held = Arc::new(AtomicUsize::new(0));
    let capacity = r.core.settings.worker.concurrency.max(1);
    tracing::info!(instance = %r.instance, "job worker started");
    loop {
        r.core.worker.beat();
        let free = capacity.saturating_sub(held.load(Ordering::Acquire));
        if free > 0 {
            match queue::claim(
                &r.core.db,
                &r.instance,
                free as u64,
                chrono::Duration::from_std(r.core.settings.worker.job_lease)
                    .unwrap_or(chrono::Duration::seconds(120)),
            )
            .await
            {
                Ok(jobs) => {
                    tracing::trace!(claimed = jobs.len(), "job worker: claimed");
                    // Callbacks go out as one batch (one read, one write for all of them).
                    let (callbacks, others): (Vec<_>, Vec<_>) = jobs
                        .into_iter()
                        .partition(|j| j.kind == queue::JobKind::Callback);
                    if !callbacks.is_empty() {
                        let (r, guard) = (r.clone(), Held::new(&held, callbacks.len()));
                        inflight.spawn(async move {
                            callbacks::run_batch(&r, &callbacks).await;
                            drop(guard);
                        });
                    }
                    for job in others {
                        let (r, guard) = (r.clone(), Held::new(&held, 1));
                        inflight.spawn(async move {
                            execute(&r, job).await;
                            drop(guard);
                        });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "job worker: claim failed"),
            }
        }
        tokio::select! {
            _ = r.core.worker.woken() => {
                // Let the jobs of the commits right behind this one join it: one claim and one
                // batch for many instead of each (under load a wake comes with every batch of
                // notifies, and each claim is a statement on the same database).
                tokio::time::sleep(WAKE_COALESCE).await;
            }
            _ = tokio::time::sleep(r.core.settings.worker.poll_interval) => {}
            Some(_) = inflight.join_next(), if !inflight.is_empty() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
    let drain = async { while inflight.join_next().await.is_some() {} };
    if tokio::time::timeout(r.core.settings.server.shutdown_grace, drain)
        .await
        .is_err()
    {
        inflight.abort_all();
    }
    match queue::release_all(&r.core.db, &r.instance).await {
        Ok(n) if n > 0 => tracing::info!(released = n, "job worker: handed back unfinished jobs"),
        Ok(_) => {}
        Err(e) => {
            tracing::warn!(error = %e, "job worker: could not release jobs (their lease will expire)")
        }
    }
    tracing::info!("job worker stopped");
}

/// Counts jobs in flight; released when the task holding them ends, however it ends.
struct Held {
    count: Arc<AtomicUsize>,
    n: usize,
}

impl Held {
    fn new(count: &Arc<AtomicUsize>, n: usize) -> Self {
        count.fetch_add(n, Ordering::AcqRel);
        Held {
            count: count.clone(),
            n,
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.count.fetch_sub(self.n, Ordering::AcqRel);
    }
}

async fn execute(r: &Runner, job: entity::job::Model) {
    tracing::debug!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, "running job");
    let outcome = match job.kind {
        queue::JobKind::Callback => {
            // Normally batched by `run`; a lone one is a batch of one (it settles itself).
            callbacks::run_batch(r, std::slice::from_ref(&job)).await;
            return;
        }
        queue::JobKind::Expire => orders::expire(r, &job).await,
        queue::JobKind::Reconcile => orders::reconcile(r, &job).await,
        queue::JobKind::Close => orders::close(r, &job).await,
        queue::JobKind::RefundQuery => refunds::query(r, &job).await,
        queue::JobKind::ReconcileDay => reconciliation::run(r, &job).await,
    };
    tracing::debug!(job_id = %job.id, ?outcome, "job finished");
    let settled = match &outcome {
        JobOutcome::Done => queue::done(&r.core.db, &job.id, &r.instance).await,
        JobOutcome::RetryAt(at, why) => {
            queue::retry(&r.core.db, &job.id, &r.instance, *at, why).await
        }
        JobOutcome::Fail(why) => {
            tracing::warn!(job_id = %job.id, kind = %job.kind, order_id = ?job.order_id, reason = %why, "job failed");
            queue::fail(&r.core.db, &job.id, &r.instance, why).await
        }
    };
    match settled {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(job_id = %job.id, "job was taken over before it finished (lease expired)")
        }
        Err(e) => {
            tracing::warn!(job_id = %job.id, error = %e, "could not record a job's outcome; its lease will expire")
        }
    }
}
