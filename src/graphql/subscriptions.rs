//! Subscriptions: `paymentStatus` for a buyer waiting on an order, `orderEvents` for the console.
//! Both subscribe to the event bus before reading the current state, so no change is missed.

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, Result, SimpleObject, Subscription, ID};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::context::ContextExt;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::orders::{Order, OrderEventKind, OrderState};
use crate::core::Core;
use crate::events::OrderChanged;
use crate::services::orders::query;
use crate::services::{projects, ServiceError};
use paycenter_domain::OrderState as DomainState;

/// A change to an order of a project.
#[derive(SimpleObject)]
pub struct OrderEventUpdate {
    pub order_id: ID,
    pub project_id: ID,
    /// The audit event that caused it.
    pub kind: OrderEventKind,
    pub state: OrderState,
    pub order: Order,
}

#[derive(Default)]
pub struct SubscriptionRoot;

/// A WebSocket's allowance of active subscriptions (`graphql.ws_max_subscriptions`), in its
/// session data. Each subscription holds a place for as long as its stream lives (until it
/// completes, the client stops it, or the socket closes).
#[derive(Clone)]
pub struct SubscriptionSlots {
    places: Arc<tokio::sync::Semaphore>,
    max: usize,
}

impl SubscriptionSlots {
    pub fn new(max: usize) -> Self {
        Self {
            places: Arc::new(tokio::sync::Semaphore::new(max)),
            max,
        }
    }
}

/// A place for a new subscription of this connection, or `RATE_LIMITED`. Requests that carry no
/// allowance (not over a WebSocket) are not counted.
fn take_place(ctx: &Context<'_>) -> Result<Option<tokio::sync::OwnedSemaphorePermit>> {
    let Some(slots) = ctx.data_opt::<SubscriptionSlots>() else {
        return Ok(None);
    };
    match slots.places.clone().try_acquire_owned() {
        Ok(p) => Ok(Some(p)),
        Err(_) => Err(async_graphql::Error::new(format!(
            "at most {} active subscriptions per connection",
            slots.max
        ))
        .extend_with(|_, e| {
            e.set("code", "RATE_LIMITED");
            e.set("limit", "subscriptions");
            e.set("max", slots.max as u64);
        })),
    }
}

/// What a waiting `paymentStatus` subscriber holds: kept small (a shared state, a boxed first
/// answer), as there may be 100,000 of them.
struct Watch {
    state: Arc<Core>,
    rx: tokio::sync::broadcast::Receiver<OrderChanged>,
    order_id: String,
    first: Option<Box<entity::order::Model>>,
    last: (DomainState, bool),
    done: bool,
}

/// `paymentStatus`: the order's current state first, then every change, until a final state.
async fn watch_payment(
    state: Arc<Core>,
    principal: crate::auth::Principal,
    order_id: String,
) -> Result<impl Stream<Item = Order>> {
    let rx = state.events.subscribe_order(&order_id);
    // Database futures are boxed here and below: a stream is as large as the largest future
    // it may await, for as long as it lives, and a subscriber mostly waits. Inline, they
    // made each idle subscription ~9 KiB (measured with massif); boxed they cost their size
    // only while they run.
    let first = Box::pin(query::get(&state, &principal, &order_id))
        .await
        .map_err(gql)?;
    let w = Watch {
        state,
        rx,
        order_id,
        last: (first.state, first.flagged),
        first: Some(Box::new(first)),
        done: false,
    };
    Ok(stream::unfold(w, |mut w| async move {
        if w.done {
            return None;
        }
        if let Some(o) = w.first.take() {
            w.done = o.state.is_final_for_payment();
            return Some((Order(*o), w));
        }
        loop {
            let carried = match w.rx.recv().await {
                Ok(ev) => ev.order,
                Err(RecvError::Lagged(_)) => None,
                Err(RecvError::Closed) => return None,
            };
            // This instance's own change carries the order as committed; an event from
            // another instance (or a lag) is answered from the database.
            let o = match carried {
                Some(o) if o.id == w.order_id => (*o).clone(),
                _ => match Box::pin(query::reload(&w.state, &w.order_id)).await {
                    Ok(o) => o,
                    Err(_) => return None,
                },
            };
            let now = (o.state, o.flagged);
            if now == w.last {
                continue;
            }
            w.last = now;
            w.done = o.state.is_final_for_payment();
            return Some((Order(o), w));
        }
    }))
}

#[Subscription]
impl SubscriptionRoot {
    /// The order's current state first, then every change; completes after a final state
    /// (anything but PENDING). A checkout ticket follows its own order.
    #[graphql(guard = "RoleGuard::new(Role::Buyer)")]
    async fn payment_status(
        &self,
        ctx: &Context<'_>,
        order_id: ID,
    ) -> Result<impl Stream<Item = Order>> {
        let state = ctx.core().clone();
        let principal = ctx.principal().map_err(gql)?.clone();
        let place = take_place(ctx)?;
        // The work is in its own (boxed) future: this resolver's future stays in the
        // subscription's stream for its whole life, so it should be small.
        let updates = Box::pin(watch_payment(state, principal, order_id.0)).await?;
        Ok(updates.map(move |o| {
            let _held = &place;
            o
        }))
    }

    /// Every change to the project's orders (admin, or the project's key).
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn order_events(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
    ) -> Result<impl Stream<Item = OrderEventUpdate>> {
        let state = ctx.core().clone();
        let principal = ctx.principal().map_err(gql)?.clone();
        let place = take_place(ctx)?;
        // Subscribe before the check so that nothing published meanwhile is missed.
        let rx = state.events.subscribe();
        Box::pin(projects::get(&state.db, &principal, &project_id))
            .await
            .map_err(gql)?;
        let project_id = project_id.0;
        Ok(stream::unfold(
            (state, rx, project_id),
            |(state, mut rx, project_id)| async move {
                loop {
                    let ev = match rx.recv().await {
                        Ok(ev) if ev.project_id == project_id => ev,
                        Ok(_) | Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    };
                    let reloaded = match ev.order.as_deref() {
                        Some(o) if o.id == ev.order_id => Ok(o.clone()),
                        _ => Box::pin(query::reload(&state, &ev.order_id)).await,
                    };
                    let order = match reloaded {
                        Ok(o) => o,
                        Err(ServiceError::NotFound(_)) => continue,
                        Err(e) => {
                            tracing::warn!(error = %e, "orderEvents: reload failed");
                            continue;
                        }
                    };
                    let update = OrderEventUpdate {
                        order_id: ID(ev.order_id.clone()),
                        project_id: ID(ev.project_id.clone()),
                        kind: ev.kind.into(),
                        state: ev.state.into(),
                        order: Order(order),
                    };
                    return Some((update, (state, rx, project_id)));
                }
            },
        )
        .map(move |u| {
            let _held = &place;
            u
        }))
    }
}
