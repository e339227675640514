//! Closed-loop load with a warm-up, and latency quantiles.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one measured window produced.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub ok: u64,
    pub errors: u64,
    pub elapsed: Duration,
    /// Sorted ascending once `finish` ran.
    pub latencies: Vec<Duration>,
    /// The first error seen, for the report.
    pub first_error: Option<String>,
    /// More to say in the report's notes.
    pub detail: Option<String>,
}

impl Sample {
    pub fn finish(mut self) -> Self {
        self.latencies.sort_unstable();
        self
    }

    /// Successful operations per second over the window.
    pub fn rate(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.ok as f64 / s
        } else {
            0.0
        }
    }

    pub fn quantile(&self, q: f64) -> Option<Duration> {
        if self.latencies.is_empty() {
            return None;
        }
        let rank = ((self.latencies.len() as f64) * q).ceil() as usize;
        let idx = rank.saturating_sub(1).min(self.latencies.len() - 1);
        self.latencies.get(idx).copied()
    }

    pub fn max(&self) -> Option<Duration> {
        self.latencies.last().copied()
    }
}

/// Window of a closed-loop run.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub concurrency: usize,
    pub warmup: Duration,
    pub measure: Duration,
    /// Upper bound on operations (warm-up included).
    pub max_ops: u64,
}

/// Runs `op(i)` for i = 0, 1, … from `concurrency` workers until the window closes or `max_ops`
/// are issued. Operations completing during the warm-up are done but not counted. Returns the
/// measured sample and every successful output (warm-up included), in no particular order.
pub async fn closed_loop<T, F, Fut>(w: Window, op: F) -> (Sample, Vec<T>)
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let op = Arc::new(op);
    let seq = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let mstart = start + w.warmup;
    let mend = mstart + w.measure;
    let mut tasks = Vec::with_capacity(w.concurrency);
    for _ in 0..w.concurrency.max(1) {
        let op = op.clone();
        let seq = seq.clone();
        tasks.push(tokio::spawn(async move {
            let mut s = Sample::default();
            let mut outs = Vec::new();
            let mut last = None;
            loop {
                if Instant::now() >= mend {
                    break;
                }
                let i = seq.fetch_add(1, Ordering::Relaxed);
                if i >= w.max_ops {
                    break;
                }
                let t0 = Instant::now();
                let r = op(i).await;
                let t1 = Instant::now();
                let counted = t1 >= mstart && t1 <= mend;
                match r {
                    Ok(v) => {
                        if counted {
                            s.ok += 1;
                            s.latencies.push(t1 - t0);
                            last = Some(t1);
                        }
                        outs.push(v);
                    }
                    Err(e) => {
                        if counted {
                            s.errors += 1;
                            last = Some(t1);
                        }
                        if s.first_error.is_none() {
                            s.first_error = Some(format!("{e:#}"));
                        }
                    }
                }
            }
            (s, outs, last)
        }));
    }
    let mut total = Sample::default();
    let mut outs = Vec::new();
    let mut last: Option<Instant> = None;
    for t in tasks {
        if let Ok((s, o, l)) = t.await {
            total.ok += s.ok;
            total.errors += s.errors;
            total.latencies.extend(s.latencies);
            if total.first_error.is_none() {
                total.first_error = s.first_error;
            }
            outs.extend(o);
            last = last.max(l);
        }
    }
    // Ran out of operations before the window closed: the window is what was used.
    let ran_out = seq.load(Ordering::Relaxed) >= w.max_ops;
    total.elapsed = match (ran_out, last) {
        (true, Some(l)) if l < mend => l.saturating_duration_since(mstart),
        _ => w.measure,
    };
    (total.finish(), outs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_nearest_rank() {
        let s = Sample {
            latencies: (1..=100).map(Duration::from_millis).collect(),
            ..Sample::default()
        }
        .finish();
        assert_eq!(s.quantile(0.5), Some(Duration::from_millis(50)));
        assert_eq!(s.quantile(0.99), Some(Duration::from_millis(99)));
        assert_eq!(s.max(), Some(Duration::from_millis(100)));
        assert_eq!(Sample::default().quantile(0.5), None);
    }
}
