//! The orders table's hot writes, group-committed (`db::batch`): creating orders (with their
//! CREATED event and follow-up jobs) and changing them (state transitions, prepay details, flags)
//! with their audit event and, for PAID and CLOSED, the merchant callback event and its job in
//! the same transaction (outbox). Subscribers are told after the commit.
//!
//! A batch of changes reads its orders once (`FOR UPDATE`, in id order, on PostgreSQL; SQLite's
//! IMMEDIATE transaction already excludes other writers), decides each change against the state
//! the order has at that point of the batch (so a duplicate notify in the same batch finds the
//! order PAID and changes nothing), and writes all of them with one multi-row `UPDATE … SET col =
//! CASE id … END WHERE id IN (…) AND state = CASE id … END RETURNING *`, one INSERT of audit
//! events, and one of callback events and jobs. Should a batch fail, its items are written again
//! one by one, so one bad item fails only itself.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::{order, order_event};
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, IdenStatic, QueryFilter, QueryOrder, QuerySelect, TryInsertResult, Value,
};

use super::audit::event_row;
use super::{StoreError, StoreResult};
use crate::db::batch::Batcher;
use crate::events::{EventBus, OrderChanged};
use crate::metrics::Metrics;
use crate::outbox::queue::{self, JobKind, NewJob};
use crate::outbox::{callbacks, WorkerSignal};
use paycenter_domain::OrderEventKind;
use paycenter_domain::OrderState;

/// Items per batch at most (bounded by bind parameters: a change binds a few per column).
const MAX_BATCH: usize = 64;

/// A change to one order.
#[derive(Debug, Clone)]
pub struct Change {
    pub order_id: String,
    /// States the order must be in for the change to apply; empty: any.
    pub from: Vec<OrderState>,
    /// The new state; None leaves it.
    pub to: Option<OrderState>,
    /// The audit event's kind (PAID, CLOSED, PREPAY, AMOUNT_MISMATCH, …).
    pub kind: OrderEventKind,
    pub detail: Option<String>,
    /// Other columns to set.
    pub set: Vec<(order::Column, Value)>,
    /// Tell subscribers (state changes always do).
    pub publish: bool,
}

/// What a conditional change did, with the row as the transaction left it (from the write's own
/// `RETURNING` or its locked read), so no caller reads the order again.
#[derive(Debug, Clone)]
pub enum Changed {
    /// Made: the order after it, and the state it had before.
    Applied {
        order: order::Model,
        from: OrderState,
    },
    /// Not made (the order was not in one of `from`): the order as it is.
    Skipped { current: order::Model },
}

impl Changed {
    pub fn applied(&self) -> bool {
        matches!(self, Changed::Applied { .. })
    }

    /// The order after the write (whether or not this change was made).
    pub fn order(&self) -> &order::Model {
        match self {
            Changed::Applied { order, .. } => order,
            Changed::Skipped { current } => current,
        }
    }

    pub fn into_order(self) -> order::Model {
        match self {
            Changed::Applied { order, .. } => order,
            Changed::Skipped { current } => current,
        }
    }
}

/// A new order and what is created with it.
pub struct NewOrder {
    pub row: order::ActiveModel,
    /// The CREATED event's detail.
    pub detail: String,
    /// Follow-up jobs: (kind, when).
    pub jobs: Vec<(JobKind, DateTime<Utc>)>,
}

/// The database, and who hears of a committed write.
#[derive(Clone)]
struct Sink {
    db: DatabaseConnection,
    events: EventBus,
    worker: Arc<WorkerSignal>,
    metrics: Arc<Metrics>,
}

/// The batched writers (one per kind of write).
pub struct OrderWrites {
    changes: Batcher<Change, StoreResult<Changed>>,
    creates: Batcher<NewOrder, StoreResult<Option<order::Model>>>,
}

impl OrderWrites {
    pub fn start(
        db: DatabaseConnection,
        events: EventBus,
        worker: Arc<WorkerSignal>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let lanes = crate::db::batch::lanes_for(&db);
        let sink = Sink {
            db,
            events,
            worker,
            metrics,
        };
        let s = sink.clone();
        let changes = Batcher::spawn("order change", lanes, MAX_BATCH, move |items| {
            let s = s.clone();
            async move { s.change_all(items).await }
        });
        let s = sink;
        let creates = Batcher::spawn("order create", lanes, MAX_BATCH, move |items| {
            let s = s.clone();
            async move { s.create_all(items).await }
        });
        Self { changes, creates }
    }

    /// Applies `c` if the order is in one of `c.from` (otherwise nothing is written).
    pub async fn change(&self, c: Change) -> StoreResult<Changed> {
        self.changes
            .submit(c)
            .await
            .map_err(|e| StoreError::Internal(e.to_string()))?
    }

    /// Inserts the order; None when its order number is taken in its project (nothing written).
    pub async fn create(&self, o: NewOrder) -> StoreResult<Option<order::Model>> {
        self.creates
            .submit(o)
            .await
            .map_err(|e| StoreError::Internal(e.to_string()))?
    }
}

/// Applies `items` inside `txn` (the state machine's one implementation): each change is made
/// only if its order is in one of its `from` states at its point in the batch, with its audit
/// event and, for states that send one, the merchant callback event and job. What must happen
/// once the transaction commits (waking the worker, telling subscribers) is returned, not done.
async fn apply_changes(
    txn: &DatabaseTransaction,
    items: &[Change],
) -> Result<(Vec<StoreResult<Changed>>, AfterCommit), DbErr> {
    let now = Utc::now();
    let pg = txn.get_database_backend() == DbBackend::Postgres;
    let mut ids: Vec<&str> = items.iter().map(|c| c.order_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut select = order::Entity::find()
        .filter(order::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(order::Column::Id);
    if pg {
        // Locks in id order, so concurrent batches cannot deadlock each other.
        select = select.lock_exclusive();
    }
    // The rows as locked, kept up to date as the rounds below change them: a skipped change
    // answers with its order as the transaction leaves it.
    let mut latest: HashMap<String, order::Model> = select
        .all(txn)
        .await?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let mut state: HashMap<String, OrderState> =
        latest.iter().map(|(id, o)| (id.clone(), o.state)).collect();
    let mut skipped: Vec<usize> = Vec::new();

    // Decide every change against the order's state at its point in the batch. An order
    // changed twice in one batch gets its second change in a later round (statement).
    let mut answers: Vec<Option<StoreResult<Changed>>> = (0..items.len()).map(|_| None).collect();
    let mut before: Vec<Option<OrderState>> = vec![None; items.len()];
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    let mut round_of: HashMap<&str, usize> = HashMap::new();
    for (i, c) in items.iter().enumerate() {
        let current = match state.get(&c.order_id) {
            None => {
                answers[i] = Some(Err(StoreError::NotFound("order")));
                continue;
            }
            Some(s) => *s,
        };
        if !c.from.is_empty() && !c.from.contains(&current) {
            skipped.push(i);
            continue;
        }
        let round = round_of.get(c.order_id.as_str()).map_or(0, |r| r + 1);
        round_of.insert(&c.order_id, round);
        if rounds.len() <= round {
            rounds.push(Vec::new());
        }
        rounds[round].push(i);
        before[i] = Some(current);
        if let Some(to) = c.to {
            state.insert(c.order_id.clone(), to);
        }
    }

    let mut changed: Vec<(usize, order::Model)> = Vec::new();
    for round in &rounds {
        let mut update =
            order::Entity::update_many().col_expr(order::Column::UpdatedAt, Expr::value(now));
        let moving: Vec<usize> = round
            .iter()
            .copied()
            .filter(|i| items[*i].to.is_some())
            .collect();
        if !moving.is_empty() {
            update = update.col_expr(
                order::Column::State,
                case_by_id(
                    moving.iter().filter_map(|i| {
                        items[*i]
                            .to
                            .map(|to| (items[*i].order_id.as_str(), to.as_str().into()))
                    }),
                    Some(Expr::col(order::Column::State)),
                ),
            );
        }
        let mut columns: Vec<order::Column> = Vec::new();
        for i in round {
            for (col, _) in &items[*i].set {
                if !columns.iter().any(|c| c.as_str() == col.as_str()) {
                    columns.push(*col);
                }
            }
        }
        for col in columns {
            let arms = round.iter().filter_map(|i| {
                let c = &items[*i];
                c.set
                    .iter()
                    .find(|(k, _)| k.as_str() == col.as_str())
                    .map(|(_, v)| (c.order_id.as_str(), v.clone()))
            });
            update = update.col_expr(col, case_by_id(arms, Some(Expr::col(col))));
        }
        // The state each row is known to have: a guard the locks already make true.
        let guard = case_by_id(
            round.iter().filter_map(|i| {
                before[*i].map(|s| (items[*i].order_id.as_str(), s.as_str().into()))
            }),
            None,
        );
        let rows = update
            .filter(order::Column::Id.is_in(round.iter().map(|i| items[*i].order_id.clone())))
            .filter(Expr::col(order::Column::State).eq(guard))
            .exec_with_returning(txn)
            .await?;
        if rows.len() != round.len() {
            return Err(DbErr::Custom(format!(
                "order batch: {} of {} rows updated under a held lock",
                rows.len(),
                round.len()
            )));
        }
        let mut by_id: HashMap<String, order::Model> =
            rows.into_iter().map(|o| (o.id.clone(), o)).collect();
        for i in round {
            if let Some(o) = by_id.remove(&items[*i].order_id) {
                latest.insert(o.id.clone(), o.clone());
                changed.push((*i, o));
            }
        }
    }

    let mut events = Vec::with_capacity(changed.len());
    let mut callbacks = Vec::new();
    for (i, after) in &changed {
        let c = &items[*i];
        let (from, to) = match c.to {
            Some(to) => (before[*i], Some(to)),
            None => (None, None),
        };
        events.push(event_row(
            &c.order_id,
            c.kind,
            from,
            to,
            c.detail.as_deref(),
            now,
        ));
        let event_type = c.to.and_then(OrderState::callback_on_entry);
        if let Some(t) = event_type {
            callbacks.push((after, t));
        }
    }
    if !events.is_empty() {
        order_event::Entity::insert_many(events)
            .exec_without_returning(txn)
            .await?;
    }
    callbacks::enqueue_events(txn, &callbacks).await?;
    let mut after = AfterCommit {
        wake: !callbacks.is_empty(),
        published: Vec::new(),
    };
    for (i, order) in changed {
        let c = &items[i];
        let Some(from) = before[i] else {
            answers[i] = Some(Err(StoreError::Internal(
                "a change made from no state".into(),
            )));
            continue;
        };
        if c.publish || c.to.is_some() {
            after.published.push(Published {
                from: c.to.map(|_| from),
                event: OrderChanged {
                    order_id: order.id.clone(),
                    project_id: order.project_id.clone(),
                    state: order.state,
                    kind: c.kind,
                    order: Some(Arc::new(order.clone())),
                },
            });
        }
        answers[i] = Some(Ok(Changed::Applied { order, from }));
    }
    for i in skipped {
        answers[i] = Some(match latest.get(&items[i].order_id) {
            Some(current) => Ok(Changed::Skipped {
                current: current.clone(),
            }),
            None => Err(StoreError::NotFound("order")),
        });
    }
    let answers = answers
        .into_iter()
        .map(|a| a.unwrap_or_else(|| Err(StoreError::Internal("unanswered change".into()))))
        .collect();
    Ok((answers, after))
}

/// A change to one order inside the caller's write transaction (e.g. a refund's settlement,
/// which must commit with the refund row): the same rules, events and callbacks as the batched
/// writes. Call `AfterCommit::run` once the transaction has committed.
pub async fn change_in(
    txn: &DatabaseTransaction,
    c: Change,
) -> StoreResult<(Changed, AfterCommit)> {
    let (mut answers, after) = apply_changes(txn, std::slice::from_ref(&c)).await?;
    let answer = answers
        .pop()
        .unwrap_or_else(|| Err(StoreError::Internal("no answer".into())))?;
    Ok((answer, after))
}

/// A committed change's side effects in this process: the worker to wake (callbacks were
/// queued) and the subscribers to tell. Dropped without `run` (the transaction rolled back),
/// nothing happens.
#[must_use = "run it after the transaction commits"]
pub struct AfterCommit {
    wake: bool,
    published: Vec<Published>,
}

struct Published {
    /// The state it left, when the change moved it.
    from: Option<OrderState>,
    event: OrderChanged,
}

impl AfterCommit {
    /// The caller's own part of the transaction queued outbox work too.
    pub fn wake_worker(&mut self) {
        self.wake = true;
    }

    pub fn run(self, events: &EventBus, worker: &WorkerSignal, metrics: &Metrics) {
        if self.wake {
            worker.wake();
        }
        for p in self.published {
            if let Some(from) = p.from {
                tracing::info!(order_id = %p.event.order_id, from = %from, to = %p.event.state, "order state changed");
                metrics.order_entered(p.event.state);
            }
            events.publish(p.event);
        }
    }
}

/// `CASE WHEN id = a THEN va WHEN id = b THEN vb … ELSE <otherwise> END`.
fn case_by_id<'a>(
    arms: impl IntoIterator<Item = (&'a str, Value)>,
    otherwise: Option<Expr>,
) -> Expr {
    let mut c = CaseStatement::new();
    for (id, v) in arms {
        c = c.case(order::Column::Id.eq(id), Expr::val(v));
    }
    if let Some(e) = otherwise {
        c = c.finally(e);
    }
    c.into()
}

impl Sink {
    async fn change_all(&self, items: Vec<Change>) -> Vec<StoreResult<Changed>> {
        match self.change_batch(&items).await {
            Ok(done) => done,
            Err(e) if items.len() == 1 => vec![Err(e.into())],
            Err(e) => {
                tracing::debug!(error = %e, items = items.len(), "order change batch failed; writing its items one by one");
                let mut out = Vec::with_capacity(items.len());
                for c in items {
                    out.push(match self.change_batch(std::slice::from_ref(&c)).await {
                        Ok(mut r) => r
                            .pop()
                            .unwrap_or_else(|| Err(StoreError::Internal("no answer".into()))),
                        Err(e) => Err(e.into()),
                    });
                }
                out
            }
        }
    }

    /// One transaction for all of `items`; `Err` only for a database failure (nothing written).
    async fn change_batch(&self, items: &[Change]) -> Result<Vec<StoreResult<Changed>>, DbErr> {
        let txn = crate::db::begin_write(&self.db).await?;
        let (answers, after) = apply_changes(&txn, items).await?;
        txn.commit().await?;
        after.run(&self.events, &self.worker, &self.metrics);
        Ok(answers)
    }

    async fn create_all(&self, items: Vec<NewOrder>) -> Vec<StoreResult<Option<order::Model>>> {
        if items.len() == 1 {
            return match self.create_batch(&items).await {
                Ok(r) => r,
                Err(e) => vec![Err(e.into())],
            };
        }
        match self.create_batch(&items).await {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(error = %e, items = items.len(), "order create batch failed; writing its items one by one");
                let mut out = Vec::with_capacity(items.len());
                for o in items {
                    out.push(match self.create_batch(std::slice::from_ref(&o)).await {
                        Ok(mut r) => r
                            .pop()
                            .unwrap_or_else(|| Err(StoreError::Internal("no answer".into()))),
                        Err(e) => Err(e.into()),
                    });
                }
                out
            }
        }
    }

    async fn create_batch(
        &self,
        items: &[NewOrder],
    ) -> Result<Vec<StoreResult<Option<order::Model>>>, DbErr> {
        let now = Utc::now();
        let txn = crate::db::begin_write(&self.db).await?;
        let inserted = order::Entity::insert_many(items.iter().map(|o| o.row.clone()))
            .on_conflict_do_nothing_on([order::Column::ProjectId, order::Column::OrderNo])
            .exec_with_returning_many(&txn)
            .await?;
        let rows = match inserted {
            TryInsertResult::Inserted(rows) => rows,
            TryInsertResult::Conflicted | TryInsertResult::Empty => Vec::new(),
        };
        let mut by_id: HashMap<String, order::Model> =
            rows.into_iter().map(|o| (o.id.clone(), o)).collect();
        let mut out: Vec<Option<order::Model>> = Vec::with_capacity(items.len());
        let mut events = Vec::new();
        let mut jobs = Vec::new();
        for item in items {
            let created = match &item.row.id {
                sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => {
                    by_id.remove(id)
                }
                sea_orm::ActiveValue::NotSet => None,
            };
            if let Some(o) = &created {
                events.push(event_row(
                    &o.id,
                    OrderEventKind::Created,
                    None,
                    Some(OrderState::Pending),
                    Some(&item.detail),
                    now,
                ));
                jobs.extend(
                    item.jobs
                        .iter()
                        .map(|(kind, at)| (*kind, o.id.clone(), *at)),
                );
            }
            out.push(created);
        }
        if !events.is_empty() {
            order_event::Entity::insert_many(events)
                .exec_without_returning(&txn)
                .await?;
        }
        queue::enqueue_all(
            &txn,
            jobs.iter().map(|(kind, order_id, at)| NewJob {
                kind: *kind,
                order_id: Some(order_id),
                payload: serde_json::json!({}),
                run_at: *at,
            }),
        )
        .await?;
        txn.commit().await?;
        if !jobs.is_empty() {
            self.worker.wake();
        }
        for o in out.iter().flatten() {
            tracing::info!(order_id = %o.id, project_id = %o.project_id, channel = %o.channel, amount = o.amount, "order created");
            self.metrics.order_created(o.channel);
            self.events.publish(OrderChanged {
                order_id: o.id.clone(),
                project_id: o.project_id.clone(),
                state: OrderState::Pending,
                kind: OrderEventKind::Created,
                order: Some(Arc::new(o.clone())),
            });
        }
        Ok(out.into_iter().map(Ok).collect())
    }
}
