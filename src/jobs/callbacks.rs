//! Merchant callbacks (the seeds' callFunc): a JSON event with a stable id, signed with
//! `Paycenter-Signature: t=<unix>,v1=<hex HMAC-SHA256(signing secret, "<t>.<body>")>`, retried on
//! the configured schedule until a 2xx, each attempt recorded.

use std::collections::HashMap;

use chrono::Utc;
use entity::{callback_attempt, callback_event, order};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use super::{JobOutcome, Runner};
use crate::db::ids;
use crate::outbox::callbacks::CallbackEventType;
use crate::outbox::queue::{self, JobState};
use crate::services::callbacks::deliver;

/// What one CALLBACK job came to, written with the rest of its batch.
struct Settled {
    job_id: String,
    outcome: JobOutcome,
    attempt: Option<callback_attempt::ActiveModel>,
    /// The event was acknowledged: (event id, its order if any, event type).
    delivered: Option<(String, Option<String>, CallbackEventType)>,
    /// The event ran out of retries.
    given_up: Option<String>,
}

impl Settled {
    fn bare(job: &entity::job::Model, outcome: JobOutcome) -> Self {
        Settled {
            job_id: job.id.clone(),
            outcome,
            attempt: None,
            delivered: None,
            given_up: None,
        }
    }
}

/// The event a CALLBACK job delivers, and whether it is a forced resend.
fn event_of(job: &entity::job::Model) -> Option<(String, bool)> {
    let p = serde_json::from_str::<serde_json::Value>(&job.payload).ok()?;
    let id = p["eventId"].as_str()?.to_owned();
    Some((id, p["force"].as_bool().unwrap_or(false)))
}

/// Runs a batch of claimed CALLBACK jobs: their events are read in one query, delivered
/// concurrently, and every attempt, acknowledgement and job outcome is written in one
/// transaction, so a delivery costs a share of a few statements instead of five of its own.
pub async fn run_batch(r: &Runner, jobs: &[entity::job::Model]) {
    let ids: Vec<String> = jobs
        .iter()
        .filter_map(|j| event_of(j).map(|(id, _)| id))
        .collect();
    let events: HashMap<String, callback_event::Model> = match callback_event::Entity::find()
        .filter(callback_event::Column::Id.is_in(ids))
        .all(&r.core.db)
        .await
    {
        Ok(found) => found.into_iter().map(|e| (e.id.clone(), e)).collect(),
        Err(e) => {
            let settled = jobs
                .iter()
                .map(|j| Settled::bare(j, JobOutcome::retry_soon(&e)))
                .collect();
            return write(r, settled).await;
        }
    };
    let settled = futures_util::future::join_all(jobs.iter().map(|job| async {
        match event_of(job) {
            None => Settled::bare(job, JobOutcome::Fail("payload has no eventId".into())),
            Some((id, force)) => match events.get(&id) {
                None => Settled::bare(job, JobOutcome::Fail(format!("unknown event {id}"))),
                // `resendCallback` delivers again even what was acknowledged before.
                Some(event) if event.delivered_at.is_some() && !force => {
                    Settled::bare(job, JobOutcome::Done)
                }
                Some(event) => attempt(r, job, event).await,
            },
        }
    }))
    .await;
    write(r, settled).await;
}

/// One delivery of `event` for `job`, and what it means for the job.
async fn attempt(r: &Runner, job: &entity::job::Model, event: &callback_event::Model) -> Settled {
    let cached = match r.core.projects.get(&r.core.read, &event.project_id).await {
        Ok(p) => p,
        Err(e) => return Settled::bare(job, JobOutcome::retry_soon(e)),
    };
    let project = &cached.model;
    let Some(url) = project.callback_url.clone() else {
        // Nothing to call; the event stays undelivered and can be resent once a URL is set.
        return Settled::bare(job, JobOutcome::Fail("project has no callback URL".into()));
    };
    let secret = match crate::store::projects::signing_secret(&r.core.vault, project) {
        Ok(s) => s,
        Err(e) => return Settled::bare(job, JobOutcome::Fail(e.to_string())),
    };
    let attempt_no = job.attempts;
    let delivery = deliver(
        &r.core.callback_client,
        &url,
        &event.id,
        &event.body,
        &secret,
    )
    .await;
    let acked = delivery.acknowledged();
    let latency_ms = delivery.latency_ms();
    let (status, excerpt, error) = (delivery.status, delivery.excerpt, delivery.error);
    r.core.metrics.callback_attempt(acked, delivery.latency);
    let mut settled = Settled::bare(job, JobOutcome::Done);
    settled.attempt = Some(callback_attempt::ActiveModel {
        id: Set(ids::new_id("cba")),
        event_id: Set(event.id.clone()),
        order_id: Set(event.order_id.clone()),
        attempt: Set(attempt_no),
        http_status: Set(status.map(i32::from)),
        latency_ms: Set(latency_ms),
        acknowledged: Set(acked),
        response_excerpt: Set(excerpt),
        error: Set(error.clone()),
        created_at: Set(Utc::now()),
    });
    if acked {
        tracing::info!(order_id = ?event.order_id, event_id = %event.id, "merchant callback acknowledged");
        settled.delivered = Some((event.id.clone(), event.order_id.clone(), event.event_type));
        return settled;
    }
    let why = error.unwrap_or_else(|| format!("HTTP {}", status.unwrap_or(0)));
    settled.outcome = match r
        .core
        .settings
        .callbacks
        .schedule
        .get(usize::try_from(attempt_no - 1).unwrap_or(usize::MAX))
    {
        Some(delay) => JobOutcome::RetryAt(
            Utc::now() + chrono::Duration::from_std(*delay).unwrap_or_default(),
            why,
        ),
        None => {
            tracing::warn!(order_id = ?event.order_id, event_id = %event.id, "merchant callback gave up after the last retry");
            settled.given_up = Some(event.id.clone());
            JobOutcome::Fail(format!("retries exhausted: {why}"))
        }
    };
    settled
}

/// Records a batch's attempts and acknowledgements and settles its jobs, in one transaction.
/// Should that fail, nothing of it is kept and the jobs' leases run out: they are delivered again
/// (callbacks are at-least-once; the event id lets the merchant drop the repeat).
async fn write(r: &Runner, batch: Vec<Settled>) {
    if let Err(e) = try_write(r, batch).await {
        tracing::warn!(error = %e, "could not record a batch of callback outcomes; their leases will expire");
    }
}

/// Jobs that ended alike: (state, reason, retry time, job ids).
type OutcomeGroup = (JobState, String, Option<chrono::DateTime<Utc>>, Vec<String>);

async fn try_write(r: &Runner, batch: Vec<Settled>) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let mut attempts = Vec::new();
    let (mut delivered, mut paid_orders, mut given_up) = (Vec::new(), Vec::new(), Vec::new());
    let (mut done, mut other) = (Vec::new(), Vec::new());
    for s in batch {
        attempts.extend(s.attempt);
        if let Some((event_id, order_id, event_type)) = s.delivered {
            if let (CallbackEventType::OrderPaid, Some(order_id)) = (event_type, order_id) {
                paid_orders.push(order_id);
            }
            delivered.push(event_id);
        }
        given_up.extend(s.given_up);
        match s.outcome {
            JobOutcome::Done => done.push(s.job_id),
            outcome => other.push((s.job_id, outcome)),
        }
    }
    let txn = crate::db::begin_write(&r.core.db).await?;
    if !attempts.is_empty() {
        callback_attempt::Entity::insert_many(attempts)
            .exec_without_returning(&txn)
            .await?;
    }
    if !delivered.is_empty() {
        callback_event::Entity::update_many()
            .col_expr(callback_event::Column::DeliveredAt, Expr::value(now))
            .col_expr(
                callback_event::Column::FailedAt,
                Expr::value(Option::<chrono::DateTime<Utc>>::None),
            )
            .filter(callback_event::Column::Id.is_in(delivered))
            .exec(&txn)
            .await?;
    }
    if !paid_orders.is_empty() {
        order::Entity::update_many()
            .col_expr(order::Column::CallbackDelivered, Expr::value(true))
            .filter(order::Column::Id.is_in(paid_orders))
            .exec(&txn)
            .await?;
    }
    if !given_up.is_empty() {
        callback_event::Entity::update_many()
            .col_expr(callback_event::Column::FailedAt, Expr::value(now))
            .filter(callback_event::Column::Id.is_in(given_up))
            .exec(&txn)
            .await?;
    }
    let expected = (done.len() + other.len()) as u64;
    let mut held = queue::done_all(&txn, &done, &r.instance).await?;
    // Jobs that ended alike (same state and reason) are settled together; a retry group takes
    // its latest time (they differ by the moments their deliveries ended).
    let mut groups: Vec<OutcomeGroup> = Vec::new();
    for (id, outcome) in other {
        let (state, why, at) = match outcome {
            JobOutcome::Done => (JobState::Done, String::new(), None),
            JobOutcome::RetryAt(at, why) => (JobState::Pending, why, Some(at)),
            JobOutcome::Fail(why) => {
                tracing::warn!(job_id = %id, reason = %why, "callback job failed");
                (JobState::Failed, why, None)
            }
        };
        match groups
            .iter_mut()
            .find(|(s, w, _, _)| *s == state && *w == why)
        {
            Some((_, _, latest, ids)) => {
                *latest = (*latest).max(at);
                ids.push(id);
            }
            None => groups.push((state, why, at, vec![id])),
        }
    }
    for (state, why, at, ids) in &groups {
        let error = (!why.is_empty()).then_some(why.as_str());
        held += queue::settle_all(&txn, ids, &r.instance, *state, *at, error).await?;
    }
    txn.commit().await?;
    if held < expected {
        tracing::warn!(
            lost = expected - held,
            "callback jobs were taken over before they finished (lease expired)"
        );
    }
    Ok(())
}
