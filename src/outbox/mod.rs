//! The outbox: side effects written in the same transaction as the change that causes them and
//! run after the commit by the job worker (`jobs`). This layer sits below the services: it owns
//! the job queue (`queue`), the worker's wake-up signal, and the merchant callback event model
//! (`callbacks`). Services enqueue here and wake the worker once their transaction has committed.

pub mod callbacks;
pub mod queue;

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;

/// Wakes the worker and tells readiness whether it is alive.
#[derive(Default)]
pub struct WorkerSignal {
    notify: Notify,
    heartbeat: AtomicI64,
}

impl WorkerSignal {
    pub fn wake(&self) {
        self.notify.notify_one();
    }

    pub fn beat(&self) {
        self.heartbeat
            .store(Utc::now().timestamp(), Ordering::Relaxed);
    }

    /// Whether the worker loop ran within `within`.
    pub fn alive(&self, within: Duration) -> bool {
        let last = self.heartbeat.load(Ordering::Relaxed);
        last > 0
            && Utc::now().timestamp() - last <= i64::try_from(within.as_secs()).unwrap_or(i64::MAX)
    }

    /// Waits until `wake` is called (a wake with nobody waiting is kept for the next wait).
    pub async fn woken(&self) {
        self.notify.notified().await
    }
}
