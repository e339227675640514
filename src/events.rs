//! Order-change fan-out to subscriptions, published only after the transaction that made the
//! change has committed.
//!
//! SQLite (one instance): an in-process broadcast. PostgreSQL (possibly several instances): each
//! change goes out with `pg_notify` and every instance — this one included — hears it on a
//! `LISTEN` connection and rebroadcasts it locally, so a subscriber on instance A sees a payment
//! whose notify hit instance B. PostgreSQL is already the shared piece of a multi-instance
//! deployment; LISTEN/NOTIFY adds no broker to run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};

use paycenter_domain::{OrderEventKind, OrderState};

const CHANNEL: &str = "paycenter_order_events";
/// Project changes (payload: the project id), so every instance drops its cached copy.
const PROJECTS_CHANNEL: &str = "paycenter_project_changes";

/// Something happened to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderChanged {
    pub order_id: String,
    pub project_id: String,
    pub state: OrderState,
    /// The audit event kind that caused it (PAID, CLOSED, AMOUNT_MISMATCH, …).
    pub kind: OrderEventKind,
    /// The order as the change committed it, when the publisher has it (this instance's own
    /// changes): subscribers then answer without reading it again. None from other instances.
    pub order: Option<Arc<entity::order::Model>>,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    o: String,
    p: String,
    s: String,
    k: String,
    /// The publishing instance (it has delivered the event locally already).
    #[serde(default)]
    i: String,
}

impl OrderChanged {
    fn to_wire(&self, instance: &str) -> String {
        serde_json::to_string(&Wire {
            o: self.order_id.clone(),
            p: self.project_id.clone(),
            s: self.state.as_str().to_owned(),
            k: self.kind.as_str().to_owned(),
            i: instance.to_owned(),
        })
        .unwrap_or_default()
    }

    /// The event, and the instance that published it.
    fn from_wire(s: &str) -> Option<(Self, String)> {
        let w: Wire = serde_json::from_str(s).ok()?;
        Some((
            OrderChanged {
                order_id: w.o,
                project_id: w.p,
                state: w.s.parse().ok()?,
                kind: w.k.parse().ok()?,
                order: None,
            },
            w.i,
        ))
    }
}

/// Local fan-out: one feed of every change (the console's `orderEvents`), and one small channel per
/// watched order (`paymentStatus`), so a change wakes only the subscribers of its own order.
struct Local {
    all: broadcast::Sender<OrderChanged>,
    orders: Mutex<HashMap<String, broadcast::Sender<OrderChanged>>>,
}

impl Local {
    fn deliver(&self, ev: OrderChanged) {
        if let Ok(mut orders) = self.orders.lock() {
            if let Some(tx) = orders.get(&ev.order_id) {
                if tx.send(ev.clone()).is_err() {
                    // Nobody watches this order any more.
                    orders.remove(&ev.order_id);
                }
            }
        }
        // No subscribers is fine.
        let _ = self.all.send(ev);
    }
}

/// What hears of projects that changed on another instance (the project cache): events carries
/// the news over PostgreSQL NOTIFY, knowing nothing of what a project is.
pub trait ProjectChanges: Send + Sync {
    /// Where this instance's own changes go to reach the others (set once, when connected).
    fn set_remote(&self, tx: mpsc::UnboundedSender<String>);
    /// Another instance changed project `id`.
    fn invalidate(&self, id: &str);
    /// Changes may have gone unheard (the listener reconnected): forget everything.
    fn clear(&self);
}

#[derive(Clone)]
pub struct EventBus {
    local: Arc<Local>,
    /// PostgreSQL: changes also go out through NOTIFY to the other instances.
    remote: Option<mpsc::UnboundedSender<OrderChanged>>,
    /// Tags this instance's NOTIFYs, so that it does not deliver its own events twice.
    instance: Arc<str>,
}

impl Default for EventBus {
    fn default() -> Self {
        let (all, _) = broadcast::channel(4096);
        Self {
            local: Arc::new(Local {
                all,
                orders: Mutex::new(HashMap::new()),
            }),
            remote: None,
            instance: crate::db::ids::new_id("bus").into(),
        }
    }
}

impl EventBus {
    /// Delivers to this instance's subscribers at once and, on PostgreSQL, to the others'.
    pub fn publish(&self, ev: OrderChanged) {
        if let Some(remote) = &self.remote {
            let _ = remote.send(OrderChanged {
                order: None,
                ..ev.clone()
            });
        }
        self.local.deliver(ev);
    }

    /// Changes of one order.
    pub fn subscribe_order(&self, order_id: &str) -> broadcast::Receiver<OrderChanged> {
        let mut orders = match self.local.orders.lock() {
            Ok(o) => o,
            Err(poisoned) => poisoned.into_inner(),
        };
        if orders.len() > 4096 && orders.len().is_power_of_two() {
            orders.retain(|_, tx| tx.receiver_count() > 0);
        }
        orders
            .entry(order_id.to_owned())
            // A `paymentStatus` stream reads the order again on any event (a lag included), so
            // a slot or two loses nothing; each waiting order keeps this channel.
            .or_insert_with(|| broadcast::channel(2).0)
            .subscribe()
    }

    /// Every change (the console's feed).
    pub fn subscribe(&self) -> broadcast::Receiver<OrderChanged> {
        self.local.all.subscribe()
    }

    /// On PostgreSQL, routes events (and project changes, for `projects`) through
    /// NOTIFY/LISTEN; returns the tasks doing it (they stop when `stop` turns true). Elsewhere,
    /// stays in-process.
    pub fn connect(
        &mut self,
        db: &DatabaseConnection,
        database_url: &str,
        projects: Arc<dyn ProjectChanges>,
        stop: watch::Receiver<bool>,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Vec::new();
        }
        let (rtx, rrx) = mpsc::unbounded_channel();
        self.remote = Some(rtx);
        let (ptx, prx) = mpsc::unbounded_channel();
        projects.set_remote(ptx);
        vec![
            tokio::spawn(send_loop(
                db.clone(),
                self.instance.clone(),
                rrx,
                stop.clone(),
            )),
            tokio::spawn(send_project_changes(db.clone(), prx, stop.clone())),
            tokio::spawn(listen_loop(
                database_url.to_owned(),
                self.local.clone(),
                self.instance.clone(),
                projects,
                stop,
            )),
        ]
    }
}

async fn send_project_changes(
    db: DatabaseConnection,
    mut rx: mpsc::UnboundedReceiver<String>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let id = tokio::select! {
            id = rx.recv() => match id {
                Some(id) => id,
                None => return,
            },
            _ = stop.changed() => return,
        };
        let sent = db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [PROJECTS_CHANNEL.into(), id.into()],
            ))
            .await;
        if let Err(e) = sent {
            // The other instances' copies expire with their TTL.
            tracing::warn!(error = %e, "pg_notify of a project change failed");
        }
    }
}

async fn send_loop(
    db: DatabaseConnection,
    instance: Arc<str>,
    mut rx: mpsc::UnboundedReceiver<OrderChanged>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let ev = tokio::select! {
            ev = rx.recv() => match ev {
                Some(ev) => ev,
                None => return,
            },
            _ = stop.changed() => return,
        };
        let sent = db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), ev.to_wire(&instance).into()],
            ))
            .await;
        if let Err(e) = sent {
            // This instance's subscribers heard it; the others' re-read on their next event
            // or query.
            tracing::warn!(error = %e, order_id = %ev.order_id, "pg_notify failed; the event reached this instance only");
        }
    }
}

async fn listen_loop(
    url: String,
    local: Arc<Local>,
    instance: Arc<str>,
    projects: Arc<dyn ProjectChanges>,
    mut stop: watch::Receiver<bool>,
) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let mut listener = match PgListener::connect(&url).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "event listener: cannot connect; retrying");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    _ = stop.changed() => return,
                }
            }
        };
        if let Err(e) = listener.listen_all([CHANNEL, PROJECTS_CHANNEL]).await {
            tracing::warn!(error = %e, "event listener: LISTEN failed; retrying");
            continue;
        }
        // Changes made while we were not listening went unheard.
        projects.clear();
        loop {
            tokio::select! {
                n = listener.try_recv() => match n {
                    // The connection dropped (the listener reconnects on the next call): what
                    // was sent meanwhile is lost, so no cached project can be trusted.
                    Ok(None) => projects.clear(),
                    Ok(Some(n)) if n.channel() == PROJECTS_CHANNEL => {
                        projects.invalidate(n.payload())
                    }
                    Ok(Some(n)) => match OrderChanged::from_wire(n.payload()) {
                        // Our own: delivered when published.
                        Some((_, from)) if *from == *instance => {}
                        Some((ev, _)) => local.deliver(ev),
                        None => {}
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "event listener: connection lost; reconnecting");
                        break;
                    }
                },
                _ = stop.changed() => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_round_trip() {
        let ev = OrderChanged {
            order_id: "ord_1".into(),
            project_id: "prj_1".into(),
            state: OrderState::Paid,
            kind: OrderEventKind::Paid,
            order: None,
        };
        assert_eq!(
            OrderChanged::from_wire(&ev.to_wire("bus_a")),
            Some((ev, "bus_a".to_owned()))
        );
        assert_eq!(OrderChanged::from_wire("{}"), None);
    }
}
