//! Group commit. Concurrent callers hand their writes of one kind to a `Batcher`; a lane takes
//! whatever has queued up while the previous batch ran (at most `max` items) and writes it in
//! one transaction with multi-row statements. Under load a payment then costs a share of a few
//! statements and of one commit instead of several of its own; when idle a batch is a single
//! item and waits for nothing (no timer: the batch is what queued during the last one).
//!
//! The function given to `spawn` must answer every item, in order; it owns its failure policy
//! (the order writers retry a failed batch item by item, so one bad item fails only itself).

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex};

struct Item<R, T> {
    req: R,
    reply: oneshot::Sender<T>,
}

/// How many lanes a writer of this database gets: 1 on SQLite, whose single writer would only
/// make parallel batches queue; 4 on PostgreSQL, whose commits wait for the WAL flush and so
/// overlap well.
pub fn lanes_for(db: &sea_orm::DatabaseConnection) -> usize {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        4
    } else {
        1
    }
}

/// A queue of writes of one kind and the lanes that write them.
pub struct Batcher<R, T> {
    name: &'static str,
    tx: mpsc::Sender<Item<R, T>>,
}

impl<R, T> Clone for Batcher<R, T> {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            tx: self.tx.clone(),
        }
    }
}

/// The batcher's lanes are gone (the runtime is shutting down).
#[derive(Debug, thiserror::Error)]
#[error("the {0} writer has stopped")]
pub struct Stopped(pub &'static str);

impl<R: Send + 'static, T: Send + 'static> Batcher<R, T> {
    /// Starts `lanes` lanes (batches written at the same time; 1 on SQLite, whose single writer
    /// would only make them queue) taking up to `max` items each. They end when every
    /// `Batcher` clone is dropped.
    pub fn spawn<F, Fut>(name: &'static str, lanes: usize, max: usize, write: F) -> Self
    where
        F: Fn(Vec<R>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Vec<T>> + Send + 'static,
    {
        let max = max.max(1);
        let (tx, rx) = mpsc::channel::<Item<R, T>>(max * 64);
        let rx = Arc::new(Mutex::new(rx));
        let write = Arc::new(write);
        for _ in 0..lanes.max(1) {
            tokio::spawn(lane(name, rx.clone(), write.clone(), max));
        }
        Self { name, tx }
    }

    /// Queues `req` and waits for its batch to be written.
    pub async fn submit(&self, req: R) -> Result<T, Stopped> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Item { req, reply })
            .await
            .map_err(|_| Stopped(self.name))?;
        answer.await.map_err(|_| Stopped(self.name))
    }
}

async fn lane<R, T, F, Fut>(
    name: &'static str,
    rx: Arc<Mutex<mpsc::Receiver<Item<R, T>>>>,
    write: Arc<F>,
    max: usize,
) where
    F: Fn(Vec<R>) -> Fut,
    Fut: Future<Output = Vec<T>>,
{
    loop {
        let batch = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut batch = Vec::with_capacity(max.min(64));
            batch.push(first);
            while batch.len() < max {
                match rx.try_recv() {
                    Ok(item) => batch.push(item),
                    Err(_) => break,
                }
            }
            batch
        };
        let (reqs, replies): (Vec<R>, Vec<oneshot::Sender<T>>) =
            batch.into_iter().map(|i| (i.req, i.reply)).unzip();
        let n = reqs.len();
        let answers = write(reqs).await;
        if answers.len() != n {
            // A writer bug; the callers see `Stopped` rather than a wrong answer.
            tracing::error!(
                writer = name,
                items = n,
                answers = answers.len(),
                "batch writer answered the wrong number of items"
            );
            continue;
        }
        for (reply, answer) in replies.into_iter().zip(answers) {
            // The caller may have gone (request cancelled): its write stands regardless.
            let _ = reply.send(answer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn every_caller_gets_its_own_answer_and_queued_items_share_a_batch() {
        let batches = Arc::new(AtomicUsize::new(0));
        let seen = batches.clone();
        let entered = Arc::new(tokio::sync::Notify::new());
        let inside = entered.clone();
        let (gate_tx, gate_rx) = tokio::sync::watch::channel(false);
        let b: Batcher<u32, u32> = Batcher::spawn("test", 1, 100, move |items: Vec<u32>| {
            let (seen, inside) = (seen.clone(), inside.clone());
            let mut gate = gate_rx.clone();
            async move {
                inside.notify_one();
                // Hold the first batch until the others have queued behind it.
                let _ = gate.wait_for(|open| *open).await;
                seen.fetch_add(1, Ordering::SeqCst);
                items.into_iter().map(|i| i * 10).collect()
            }
        });
        let first = {
            let b = b.clone();
            tokio::spawn(async move { b.submit(0).await })
        };
        entered.notified().await;
        let mut calls = vec![first];
        for i in 1..20u32 {
            let b = b.clone();
            calls.push(tokio::spawn(async move { b.submit(i).await }));
        }
        // The lane is inside the first batch: the other 19 wait in the queue.
        while b.tx.max_capacity() - b.tx.capacity() < 19 {
            tokio::task::yield_now().await;
        }
        let _ = gate_tx.send(true);
        for (i, c) in calls.into_iter().enumerate() {
            assert_eq!(c.await.ok().and_then(|r| r.ok()), Some(i as u32 * 10));
        }
        // One batch for the first item, one for the 19 that queued behind it.
        assert_eq!(batches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn at_most_max_items_per_batch() {
        let sizes = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = sizes.clone();
        let b: Batcher<u32, ()> = Batcher::spawn("test", 1, 4, move |items: Vec<u32>| {
            let seen = seen.clone();
            async move {
                if let Ok(mut s) = seen.lock() {
                    s.push(items.len());
                }
                items.into_iter().map(|_| ()).collect()
            }
        });
        let calls: Vec<_> = (0..10u32)
            .map(|i| {
                let b = b.clone();
                tokio::spawn(async move { b.submit(i).await })
            })
            .collect();
        for c in calls {
            assert!(c.await.is_ok_and(|r| r.is_ok()));
        }
        let sizes = sizes.lock().map(|s| s.clone()).unwrap_or_default();
        assert_eq!(sizes.iter().sum::<usize>(), 10);
        assert!(sizes.iter().all(|n| *n <= 4), "{sizes:?}");
    }
}
