//! Order-change fan-out to subscriptions. Published only after the transaction that made the
//! change has committed. In-process broadcast; one instance's subscribers see its own changes.

use tokio::sync::broadcast;

use crate::domain::OrderState;

/// Something happened to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderChanged {
    pub order_id: String,
    pub project_id: String,
    pub state: OrderState,
    /// The audit event kind that caused it (PAID, CLOSED, FLAGGED, …).
    pub kind: String,
}

#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<OrderChanged>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(4096)
    }
}

impl EventBus {
    pub fn new(capacity: usize) -> Self {
        let (tx, _) = broadcast::channel(capacity);
        Self { tx }
    }

    pub fn publish(&self, ev: OrderChanged) {
        // No subscribers is fine.
        let _ = self.tx.send(ev);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<OrderChanged> {
        self.tx.subscribe()
    }
}
