//! Daily reconciliation against the providers' bills: download a day's bill, compare it line by
//! line with paycenter's orders and refunds, heal what a provider query can settle, report the
//! rest.
//!
//! - **One report per (project, provider, Beijing-time day)**, created by whoever asks first (the
//!   unique index) and run by one runner at a time: a conditional update claims it (RUNNING, a
//!   lease renewed while the run lasts), and only the holder may finish it. The scheduled outbox
//!   job (`RECONCILE_DAY`) adds its own lease on top; a run by hand (`paycenter reconcile`, the
//!   `reconcile` mutation) claims the same way, so instances and people never reconcile the same
//!   day at once.
//! - **The bill streams** into `bill_lines` under the run's number (`staging`), parsed on a
//!   blocking thread; it is trusted only once the parser checked it to its end (totals,
//!   checksums), when the run is committed as the report's. A bill that does not check out is
//!   retried later and alerted, never half-compared.
//! - **The comparison** (`compare`) pages through the committed lines joined to orders and
//!   refunds, then through the day's paid orders and succeeded refunds missing from the bill;
//!   nothing holds the day in memory. Payments match by out_trade_no on the order amount, refunds
//!   by out_refund_no on the refund amount.
//! - **Healing**: a payment the bill has and paycenter missed (a lost notify) is queried and
//!   applied through the order state machine (`orders::refresh`), a refund still PROCESSING here
//!   through `refunds::reconcile`: conditional transitions, audit events, the merchant callback,
//!   exactly once however often the day is reconciled. Such a discrepancy is HEALED; the others
//!   stay OPEN for a person (`resolve`), and the merchant gets a `reconciliation.discrepancy`
//!   callback for each.
//! - Provider-neutral: the job only uses [`paycenter_providers::DownloadBill`] through the
//!   project's client for the provider.

pub mod cli;
mod compare;
mod findings;
mod reports;
mod staging;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use entity::{discrepancy, project, project_credential, reconciliation_report as report, refund};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use serde_json::json;

pub use compare::{assess, LineView, OrderView, RefundView};
pub use findings::{Finding, Heal};
pub use reports::LEASE;

use crate::auth::Principal;
use crate::core::Core;
use crate::outbox::queue::{self, JobKind};
use crate::services::audit_log::Actor;
use crate::services::orders::transitions::Applied;
use crate::services::orders::{provider, refresh};
use crate::services::{ServiceError, ServiceResult};
use crate::store::audit_log;
use findings::Recorded;
use paycenter_domain::{
    AdminRole, AuditAction, AuditTarget, DiscrepancyKind, DiscrepancyStatus, Provider,
    ReconciliationStatus as Status,
};
use paycenter_providers::bills::{beijing_date, BillError, NoBillReason};
use paycenter_providers::{PaymentProvider, ProviderError};

const BEIJING: TimeDelta = TimeDelta::hours(8);

/// Provider queries a run makes at most to check orders and refunds missing from the bill (a
/// provider with no bill for a busy day must not be asked about every order).
const MAX_QUESTIONS: usize = 500;

/// The longest resolution note.
pub const MAX_NOTE_CHARS: usize = 500;

/// `[start, end)` of a Beijing-time day, in UTC.
pub fn day_bounds(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - BEIJING;
    (start, start + TimeDelta::days(1))
}

/// Today in Beijing.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    beijing_date(now)
}

/// The day the daily schedule reconciles at `now`: yesterday once `run_at` (Beijing time) has
/// passed today, the day before otherwise.
pub fn due_day(now: DateTime<Utc>, run_at: chrono::NaiveTime) -> NaiveDate {
    let local = now + BEIJING;
    let today = local.date_naive();
    let back = if local.time() >= run_at { 1 } else { 2 };
    today - TimeDelta::days(back)
}

/// What running a report came to.
#[derive(Debug, Clone)]
pub enum Executed {
    /// This caller ran it; the report as the run left it.
    Ran(report::Model),
    /// Another runner holds it (its lease is live).
    Busy(report::Model),
    /// Nothing to do (the scheduled job found it settled).
    Settled(report::Model),
}

impl Executed {
    pub fn report(&self) -> &report::Model {
        match self {
            Executed::Ran(r) | Executed::Busy(r) | Executed::Settled(r) => r,
        }
    }
}

pub async fn find_report(d: &Core, id: &str) -> ServiceResult<report::Model> {
    report::Entity::find_by_id(id.to_owned())
        .one(&d.read)
        .await?
        .ok_or(ServiceError::NotFound("reconciliation report"))
}

/// Runs report `id` as `claimant` if it can claim it (`force`: a run by hand, which also
/// reconciles a day again).
pub async fn execute(d: &Core, id: &str, claimant: &str, force: bool) -> ServiceResult<Executed> {
    let Some(claimed) = reports::claim(&d.db, id, claimant, force).await? else {
        let now = find_report(d, id).await?;
        return Ok(match now.status {
            Status::Running => Executed::Busy(now),
            Status::Pending
            | Status::NotReady
            | Status::Retrying
            | Status::Done
            | Status::NoBill
            | Status::Failed => Executed::Settled(now),
        });
    };
    tracing::info!(report_id = %claimed.id, project_id = %claimed.project_id, provider = %claimed.provider, day = %claimed.day, run = claimed.attempts, "reconciliation: run started");
    let started = std::time::Instant::now();
    let finish = {
        let work = run(d, &claimed, claimant);
        let keep = keep_claim(d, &claimed.id, claimant);
        tokio::pin!(work, keep);
        tokio::select! {
            f = &mut work => f,
            () = &mut keep => {
                tracing::warn!(report_id = %claimed.id, "reconciliation: claim lost; run abandoned");
                let now = find_report(d, id).await?;
                return Ok(Executed::Busy(now));
            }
        }
    };
    let status = finish.status;
    let Some(done) = reports::finish(&d.db, id, claimant, finish.clone()).await? else {
        tracing::warn!(report_id = %claimed.id, "reconciliation: taken over before it finished");
        return Ok(Executed::Busy(find_report(d, id).await?));
    };
    d.metrics.reconciliation_run(status);
    match status {
        Status::Done | Status::NoBill | Status::NotReady | Status::Pending | Status::Running => {
            tracing::info!(report_id = %done.id, status = %status, discrepancies = done.discrepancies, open = done.open_discrepancies, healed = done.healed_discrepancies, elapsed_ms = started.elapsed().as_millis() as u64, "reconciliation: run finished")
        }
        Status::Retrying | Status::Failed => {
            // Alerted: a bill that does not check out, or a provider that keeps refusing.
            tracing::error!(report_id = %done.id, project_id = %done.project_id, provider = %done.provider, day = %done.day, status = %status, error = ?finish.last_error, "reconciliation: attempt failed")
        }
    }
    refresh_metrics(d, Some((&done.project_id, done.provider))).await?;
    Ok(Executed::Ran(done))
}

/// Renews the claim every third of its lease; returns once it is lost.
async fn keep_claim(d: &Core, id: &str, claimant: &str) {
    loop {
        tokio::time::sleep(LEASE / 3).await;
        match reports::renew(&d.db, id, claimant).await {
            Ok(true) => {}
            Ok(false) => return,
            // A database hiccup: try again at the next beat (the lease has margin).
            Err(e) => {
                tracing::warn!(report_id = %id, error = %e, "reconciliation: cannot renew the claim")
            }
        }
    }
}

fn finish_with(status: Status, error: Option<String>) -> reports::Finish {
    reports::Finish {
        status,
        last_error: error,
        next_attempt_at: None,
        ours: None,
        counts: None,
    }
}

/// The next attempt after a failed or early one, or FAILED once the day's time is up.
fn retry(d: &Core, r: &report::Model, status: Status, error: String) -> reports::Finish {
    let now = Utc::now();
    let cfg = &d.settings.reconciliation;
    let (_, day_end) = day_bounds(r.day);
    let deadline = r.created_at.max(day_end)
        + chrono::Duration::from_std(cfg.give_up_after).unwrap_or(TimeDelta::days(3));
    let step = usize::try_from(r.attempts.saturating_sub(1)).unwrap_or(0);
    let delay = cfg
        .retry_schedule
        .get(step.min(cfg.retry_schedule.len().saturating_sub(1)))
        .copied()
        .unwrap_or(Duration::from_secs(1800));
    let at = now + chrono::Duration::from_std(delay).unwrap_or(TimeDelta::minutes(30));
    if at > deadline {
        return finish_with(
            Status::Failed,
            Some(format!("gave up after {} attempts: {error}", r.attempts)),
        );
    }
    reports::Finish {
        status,
        last_error: Some(error),
        next_attempt_at: Some(at),
        ours: None,
        counts: None,
    }
}

/// One run of a claimed report: download, stage, commit, compare, heal; how it ended.
async fn run(d: &Core, r: &report::Model, claimant: &str) -> reports::Finish {
    match try_run(d, r, claimant).await {
        Ok(f) => f,
        Err(e) => retry(d, r, Status::Retrying, e.to_string()),
    }
}

async fn try_run(d: &Core, r: &report::Model, claimant: &str) -> ServiceResult<reports::Finish> {
    let project = match d.projects.get(&d.read, &r.project_id).await {
        Ok(p) => p,
        Err(crate::store::StoreError::NotFound(_)) => {
            return Ok(finish_with(
                Status::Failed,
                Some("the project is gone".into()),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let client = match provider::for_provider(d, &project, r.provider) {
        Ok(c) => c,
        Err(ServiceError::ChannelNotConfigured(_)) => {
            return Ok(finish_with(
                Status::Failed,
                Some(format!("the project has no {} credentials", r.provider)),
            ))
        }
        Err(e) => return Err(e),
    };
    let run_no = r.attempts;
    let t0 = std::time::Instant::now();
    let totals = match client.trade_bill(r.day).await {
        Ok(bill) => match staging::stage(&d.db, &r.id, run_no, r.lines_run, bill).await? {
            staging::Staged::Complete { totals, lines } => {
                tracing::debug!(report_id = %r.id, lines, "reconciliation: bill staged");
                totals
            }
            staging::Staged::Invalid(e) => {
                return Ok(retry(
                    d,
                    r,
                    Status::Retrying,
                    format!("the bill does not check out: {e}"),
                ))
            }
        },
        Err(ProviderError::Bill(e)) => match e {
            BillError::NotReady { .. } => return Ok(retry(d, r, Status::NotReady, e.to_string())),
            BillError::NoBill {
                reason: NoBillReason::NotAvailable,
                ..
            } => return Ok(finish_with(Status::NoBill, Some(e.to_string()))),
            // The provider states the day empty: everything paycenter has is missing there.
            BillError::NoBill {
                reason: NoBillReason::NoTrades,
                ..
            } => staging::empty_totals(),
            BillError::Malformed { .. }
            | BillError::ChecksumMismatch(_)
            | BillError::TotalsMismatch { .. } => {
                return Ok(retry(
                    d,
                    r,
                    Status::Retrying,
                    format!("the bill does not check out: {e}"),
                ))
            }
        },
        Err(e) => return Ok(retry(d, r, Status::Retrying, e.to_string())),
    };
    let staged = t0.elapsed();
    if !staging::commit(&d.db, &r.id, claimant, run_no, &totals).await? {
        return Err(ServiceError::Internal(
            "the claim was lost before commit".into(),
        ));
    }
    let (start, end) = day_bounds(r.day);
    let scope = compare::Scope {
        report_id: &r.id,
        run: run_no,
        project_id: &r.project_id,
        provider: r.provider,
        start,
        end,
    };
    let mut questions = MAX_QUESTIONS;
    let t1 = std::time::Instant::now();
    bill_to_ours(d, r, &scope).await?;
    let forward = t1.elapsed();
    let t2 = std::time::Instant::now();
    ours_to_bill(d, r, &scope, client.as_ref(), &mut questions).await?;
    let backward = t2.elapsed();
    findings::clear_unseen(&d.db, &r.id, run_no).await?;
    let ours = compare::ours(&d.read, &scope).await?;
    let counts = findings::counts(&d.db, &r.id).await?;
    tracing::debug!(
        report_id = %r.id,
        lines = totals.lines(),
        download_and_stage_ms = staged.as_millis() as u64,
        bill_to_ours_ms = forward.as_millis() as u64,
        ours_to_bill_ms = backward.as_millis() as u64,
        "reconciliation: compared"
    );
    Ok(reports::Finish {
        status: Status::Done,
        last_error: None,
        next_attempt_at: None,
        ours: Some(ours),
        counts: Some(counts),
    })
}

/// Pass 1: every line of the bill against paycenter.
async fn bill_to_ours(
    d: &Core,
    r: &report::Model,
    scope: &compare::Scope<'_>,
) -> ServiceResult<()> {
    let mut after = 0i64;
    loop {
        let page = compare::lines_page(&d.read, scope, after).await?;
        let Some(last) = page.last() else { break };
        after = last.0.line_no;
        let full = page.len() as u64 == compare::PAGE;
        for (line, o, rf) in &page {
            if let Some(f) = assess(line, o.as_ref(), rf.as_ref()) {
                settle(d, r, scope.run, f).await?;
            }
        }
        if !full {
            break;
        }
    }
    Ok(())
}

/// Pass 2: paycenter's day against the bill (asking the provider before reporting).
async fn ours_to_bill(
    d: &Core,
    r: &report::Model,
    scope: &compare::Scope<'_>,
    client: &dyn PaymentProvider,
    questions: &mut usize,
) -> ServiceResult<()> {
    for refunds in [false, true] {
        let mut cursor = Some(compare::Cursor::start(scope));
        while let Some(at) = cursor.take() {
            let (page, next) = if refunds {
                compare::unbilled_refunds(&d.read, scope, &at).await?
            } else {
                compare::unbilled_orders(&d.read, scope, &at).await?
            };
            cursor = next;
            for u in page {
                let why = if *questions == 0 {
                    "not asked: too many to ask the provider about in one run".to_owned()
                } else {
                    *questions -= 1;
                    let asked = match &u.refund {
                        Some(rf) => {
                            compare::ask_refund(client, r.day, &u.order_no, &rf.refund_no).await
                        }
                        None => compare::ask_payment(client, r.day, &u.order_no).await,
                    };
                    match asked {
                        compare::Asked::OtherDay(day) => {
                            tracing::debug!(report_id = %r.id, order_no = %u.order_no, %day, "reconciliation: on a neighbouring day's bill");
                            continue;
                        }
                        compare::Asked::Missing(why) => why,
                    }
                };
                let f = match u.refund {
                    Some(compare::UnbilledRefund {
                        id: refund_id,
                        refund_no,
                        amount,
                        provider_refund_no,
                    }) => Finding {
                        kind: DiscrepancyKind::RefundMissingFromBill,
                        order_id: Some(u.id),
                        order_no: u.order_no.clone(),
                        refund_id: Some(refund_id),
                        refund_no: Some(refund_no.clone()),
                        provider_trade_no: u.provider_trade_no,
                        provider_refund_no,
                        amount: Some(amount),
                        bill_amount: None,
                        line_no: None,
                        detail: format!(
                            "refund {refund_no} of {} ({}) SUCCEEDED here but is not on the bill; {why}",
                            u.order_no,
                            findings::yuan(amount)
                        ),
                        heal: None,
                    },
                    None => Finding {
                        kind: DiscrepancyKind::MissingFromBill,
                        order_id: Some(u.id),
                        order_no: u.order_no.clone(),
                        refund_id: None,
                        refund_no: None,
                        provider_trade_no: u.provider_trade_no,
                        provider_refund_no: None,
                        amount: Some(u.amount),
                        bill_amount: None,
                        line_no: None,
                        detail: format!(
                            "order {} ({}) is PAID here but not on the bill; {why}",
                            u.order_no,
                            findings::yuan(u.amount)
                        ),
                        heal: None,
                    },
                };
                findings::record(d, r, scope.run, &f, false).await?;
            }
        }
    }
    Ok(())
}

/// Heals a finding if a provider query can settle it, then records it (HEALED or OPEN).
async fn settle(
    d: &Core,
    r: &report::Model,
    run_no: i32,
    mut f: Finding,
) -> ServiceResult<Recorded> {
    let healed = match f.heal.clone() {
        None => false,
        Some(Heal::Payment { order_id }) => {
            let o = crate::services::orders::query::reload(d, &order_id).await?;
            match refresh::refresh(d, &o).await {
                Ok((now, Applied::Paid)) => {
                    f.detail.push_str(&format!(
                        "; healed: the provider confirmed the payment, the order is {} now",
                        now.state
                    ));
                    true
                }
                Ok((now, Applied::AlreadyPaid)) => {
                    f.detail
                        .push_str(&format!("; the order became {} meanwhile", now.state));
                    true
                }
                Ok((now, applied @ (Applied::Flagged | Applied::Closed | Applied::Unchanged))) => {
                    f.detail.push_str(&format!(
                        "; the provider's answer did not settle it ({applied:?}; the order is {})",
                        now.state
                    ));
                    false
                }
                Err(e) => {
                    f.detail
                        .push_str(&format!("; the provider could not be asked: {e}"));
                    false
                }
            }
        }
        Some(Heal::Refund {
            refund_id,
            bill_state,
        }) => {
            let rf = find_refund(d, &refund_id).await?;
            match crate::services::refunds::reconcile(d, &rf).await {
                Ok(_) => {
                    let now = find_refund(d, &refund_id).await?;
                    if compare::refund_agrees(bill_state, now.state) {
                        f.detail.push_str(&format!(
                            "; healed: the provider's answer settled it, the refund is {} now",
                            now.state
                        ));
                        true
                    } else {
                        f.detail
                            .push_str(&format!("; asked again, the refund is {} here", now.state));
                        false
                    }
                }
                Err(e) => {
                    f.detail
                        .push_str(&format!("; the provider could not be asked: {e}"));
                    false
                }
            }
        }
    };
    Ok(findings::record(d, r, run_no, &f, healed).await?)
}

async fn find_refund(d: &Core, id: &str) -> ServiceResult<refund::Model> {
    refund::Entity::find_by_id(id.to_owned())
        .one(&d.db)
        .await?
        .ok_or(ServiceError::NotFound("refund"))
}

/// The providers `project_id` has credentials for.
async fn configured_providers(d: &Core, project_id: &str) -> ServiceResult<Vec<Provider>> {
    let rows = project_credential::Entity::find()
        .filter(project_credential::Column::ProjectId.eq(project_id))
        .all(&d.read)
        .await?;
    let mut out: Vec<Provider> = rows.iter().map(|c| c.kind.provider()).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Reconciles `day` of `project_id` now (a run by hand): one report per provider asked (or per
/// configured provider), each run even if the day was reconciled before. Each run goes on in
/// its own task; this waits up to `wait` for it (None: until done) and returns the reports as
/// they are then (RUNNING if still going). A run that ends NOT_READY or RETRYING is retried by
/// the job on the retry schedule.
pub async fn reconcile_now(
    core: &Arc<Core>,
    actor: &Actor<'_>,
    project_id: &str,
    day: NaiveDate,
    only: Option<Provider>,
    wait: Option<Duration>,
) -> ServiceResult<Vec<report::Model>> {
    let principal = actor.principal;
    if !principal.is_admin() || !principal.admin_may(AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    let d = core.as_ref();
    crate::store::projects::find(&d.read, project_id).await?;
    if day > today(Utc::now()) {
        return Err(ServiceError::bad_input("date", "must not be in the future"));
    }
    let configured = configured_providers(d, project_id).await?;
    let providers: Vec<Provider> = match only {
        Some(p) if configured.contains(&p) => vec![p],
        Some(p) => return Err(ServiceError::ChannelNotConfigured(p.to_string())),
        None => configured,
    };
    if providers.is_empty() {
        return Err(ServiceError::bad_input(
            "projectId",
            "the project has no provider credentials",
        ));
    }
    let claimant = crate::db::ids::new_id("manual");
    let mut out = Vec::new();
    for p in providers {
        let (r, _) = reports::ensure(&d.db, project_id, p, day).await?;
        audit_log::record(
            &d.db,
            actor
                .entry(AuditAction::ReconciliationRun)
                .target(AuditTarget::ReconciliationReport, &r.id)
                .project(project_id)
                .detail(json!({ "date": day.to_string(), "provider": p.to_string() })),
        )
        .await?;
        let (c, id, who) = (core.clone(), r.id.clone(), claimant.clone());
        let task = tokio::spawn(async move {
            let executed = execute(&c, &id, &who, true).await?;
            if let Executed::Ran(done) = &executed {
                if let (Status::NotReady | Status::Retrying, Some(at)) =
                    (done.status, done.next_attempt_at)
                {
                    let txn = crate::db::begin_write(&c.db).await?;
                    queue::enqueue(
                        &txn,
                        JobKind::ReconcileDay,
                        None,
                        json!({ "reportId": done.id }),
                        at,
                    )
                    .await?;
                    txn.commit().await?;
                }
            }
            Ok::<_, ServiceError>(executed)
        });
        let report = match wait {
            None => task
                .await
                .map_err(|e| ServiceError::Internal(e.to_string()))??
                .report()
                .clone(),
            Some(w) => match tokio::time::timeout(w, task).await {
                Ok(joined) => joined
                    .map_err(|e| ServiceError::Internal(e.to_string()))??
                    .report()
                    .clone(),
                // Still running: it goes on; the report says RUNNING.
                Err(_) => find_report(d, &r.id).await?,
            },
        };
        out.push(report);
    }
    Ok(out)
}

/// Schedules `day` for every enabled project with credentials (from the day they were added):
/// creates its PENDING report and queues its job, once however many instances do it at once.
/// Returns how many reports it created.
pub async fn schedule(d: &Core, day: NaiveDate) -> ServiceResult<usize> {
    use project_credential::Column as Cred;
    let creds: Vec<(String, paycenter_domain::CredentialKind, DateTime<Utc>)> =
        project_credential::Entity::find()
            .select_only()
            .columns([Cred::ProjectId, Cred::Kind, Cred::CreatedAt])
            .into_tuple()
            .all(&d.read)
            .await?;
    let enabled: std::collections::HashSet<String> = project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .filter(project::Column::Disabled.eq(false))
        .into_tuple()
        .all(&d.read)
        .await?
        .into_iter()
        .collect();
    let mut due: std::collections::BTreeMap<(String, Provider), NaiveDate> = Default::default();
    for (project_id, kind, created_at) in creds {
        if !enabled.contains(&project_id) {
            continue;
        }
        let since = beijing_date(created_at);
        let e = due.entry((project_id, kind.provider())).or_insert(since);
        *e = (*e).min(since);
    }
    let mut created = 0;
    for ((project_id, p), since) in due {
        if day < since {
            continue;
        }
        let txn = crate::db::begin_write(&d.db).await?;
        let (r, new) = reports::ensure(&txn, &project_id, p, day).await?;
        if new {
            queue::enqueue(
                &txn,
                JobKind::ReconcileDay,
                None,
                json!({ "reportId": r.id }),
                Utc::now(),
            )
            .await?;
            created += 1;
        }
        txn.commit().await?;
    }
    if created > 0 {
        d.worker.wake();
        tracing::info!(%day, reports = created, "reconciliation: day scheduled");
    }
    Ok(created)
}

/// Projects a principal may see reports of.
fn scope_of(p: &Principal) -> ServiceResult<Option<String>> {
    match p {
        Principal::Admin { .. } => Ok(None),
        Principal::Project { project_id } => Ok(Some(project_id.clone())),
        Principal::User { .. } | Principal::Checkout { .. } => Err(ServiceError::Forbidden),
        Principal::Anonymous => Err(ServiceError::Unauthenticated),
    }
}

#[derive(Default, Debug, Clone)]
pub struct ReportFilter {
    pub project_id: Option<String>,
    pub provider: Option<Provider>,
    pub status: Option<Status>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

/// The reports a principal may see that match `f`.
fn reports_filtered(
    principal: &Principal,
    f: &ReportFilter,
) -> ServiceResult<sea_orm::Select<report::Entity>> {
    use report::Column as C;
    let mut q = report::Entity::find();
    if let Some(p) = scope_of(principal)? {
        q = q.filter(C::ProjectId.eq(p));
    }
    if let Some(v) = &f.project_id {
        q = q.filter(C::ProjectId.eq(v.clone()));
    }
    if let Some(v) = f.provider {
        q = q.filter(C::Provider.eq(v));
    }
    if let Some(v) = f.status {
        q = q.filter(C::Status.eq(v));
    }
    if let Some(v) = f.date_from {
        q = q.filter(C::Day.gte(v));
    }
    if let Some(v) = f.date_to {
        q = q.filter(C::Day.lte(v));
    }
    Ok(q)
}

/// Newest first; `after` is the id of the last report of the previous page.
pub async fn list_reports(
    d: &Core,
    principal: &Principal,
    f: &ReportFilter,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<report::Model>> {
    use report::Column as C;
    let mut q = reports_filtered(principal, f)?.order_by_desc(C::Id);
    if let Some(a) = after {
        q = q.filter(C::Id.lt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

/// How many reports `list_reports` pages through.
pub async fn count_reports(
    d: &Core,
    principal: &Principal,
    f: &ReportFilter,
) -> ServiceResult<u64> {
    Ok(reports_filtered(principal, f)?.count(&d.read).await?)
}

/// A report the principal may see.
pub async fn get_report(d: &Core, principal: &Principal, id: &str) -> ServiceResult<report::Model> {
    let scope = scope_of(principal)?;
    let r = find_report(d, id).await?;
    match scope {
        Some(p) if p != r.project_id => Err(ServiceError::NotFound("reconciliation report")),
        _ => Ok(r),
    }
}

#[derive(Default, Debug, Clone)]
pub struct DiscrepancyFilter {
    pub project_id: Option<String>,
    pub report_id: Option<String>,
    pub provider: Option<Provider>,
    pub kind: Option<DiscrepancyKind>,
    pub status: Option<DiscrepancyStatus>,
    pub order_id: Option<String>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

/// The discrepancies a principal may see that match `f`.
fn discrepancies_filtered(
    principal: &Principal,
    f: &DiscrepancyFilter,
) -> ServiceResult<sea_orm::Select<discrepancy::Entity>> {
    use discrepancy::Column as C;
    let mut q = discrepancy::Entity::find();
    if let Some(p) = scope_of(principal)? {
        q = q.filter(C::ProjectId.eq(p));
    }
    if let Some(v) = &f.project_id {
        q = q.filter(C::ProjectId.eq(v.clone()));
    }
    if let Some(v) = &f.report_id {
        q = q.filter(C::ReportId.eq(v.clone()));
    }
    if let Some(v) = f.provider {
        q = q.filter(C::Provider.eq(v));
    }
    if let Some(v) = f.kind {
        q = q.filter(C::Kind.eq(v));
    }
    if let Some(v) = f.status {
        q = q.filter(C::Status.eq(v));
    }
    if let Some(v) = &f.order_id {
        q = q.filter(C::OrderId.eq(v.clone()));
    }
    if let Some(v) = f.date_from {
        q = q.filter(C::Day.gte(v));
    }
    if let Some(v) = f.date_to {
        q = q.filter(C::Day.lte(v));
    }
    Ok(q)
}

/// Newest first; `after` is the id of the last discrepancy of the previous page.
pub async fn list_discrepancies(
    d: &Core,
    principal: &Principal,
    f: &DiscrepancyFilter,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<discrepancy::Model>> {
    use discrepancy::Column as C;
    let mut q = discrepancies_filtered(principal, f)?.order_by_desc(C::Id);
    if let Some(a) = after {
        q = q.filter(C::Id.lt(a.to_owned()));
    }
    Ok(q.limit(limit).all(&d.read).await?)
}

/// How many discrepancies `list_discrepancies` pages through.
pub async fn count_discrepancies(
    d: &Core,
    principal: &Principal,
    f: &DiscrepancyFilter,
) -> ServiceResult<u64> {
    Ok(discrepancies_filtered(principal, f)?.count(&d.read).await?)
}

/// `resolveDiscrepancy`: an admin closes an OPEN discrepancy with a note (who and when are
/// kept); the report's open count follows in the same transaction.
pub async fn resolve(
    d: &Core,
    actor: &Actor<'_>,
    id: &str,
    note: &str,
) -> ServiceResult<discrepancy::Model> {
    let principal = actor.principal;
    if !principal.admin_may(AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    let Principal::Admin { username, .. } = principal else {
        return Err(match principal {
            Principal::Anonymous => ServiceError::Unauthenticated,
            Principal::Admin { .. }
            | Principal::Project { .. }
            | Principal::User { .. }
            | Principal::Checkout { .. } => ServiceError::Forbidden,
        });
    };
    paycenter_domain::text::check_lines(note)
        .map_err(|e| ServiceError::bad_input("note", e.to_string()))?;
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        return Err(ServiceError::bad_input(
            "note",
            format!("1-{MAX_NOTE_CHARS} characters"),
        ));
    }
    let now = Utc::now();
    let txn = crate::db::begin_write(&d.db).await?;
    let mut rows = discrepancy::Entity::update_many()
        .col_expr(
            discrepancy::Column::Status,
            Expr::value(DiscrepancyStatus::Resolved),
        )
        .col_expr(
            discrepancy::Column::ResolvedBy,
            Expr::value(username.clone()),
        )
        .col_expr(discrepancy::Column::ResolutionNote, Expr::value(note))
        .col_expr(discrepancy::Column::ResolvedAt, Expr::value(now))
        .col_expr(discrepancy::Column::UpdatedAt, Expr::value(now))
        .filter(discrepancy::Column::Id.eq(id))
        .filter(discrepancy::Column::Status.eq(DiscrepancyStatus::Open))
        .exec_with_returning(&txn)
        .await?;
    let Some(resolved) = rows.pop() else {
        txn.rollback().await?;
        let found = discrepancy::Entity::find_by_id(id.to_owned())
            .one(&d.read)
            .await?
            .ok_or(ServiceError::NotFound("discrepancy"))?;
        return Err(ServiceError::bad_input(
            "id",
            format!("the discrepancy is {}, not OPEN", found.status),
        ));
    };
    use sea_orm::sea_query::ExprTrait;
    report::Entity::update_many()
        .col_expr(
            report::Column::OpenDiscrepancies,
            Expr::col(report::Column::OpenDiscrepancies).sub(1),
        )
        .filter(report::Column::Id.eq(resolved.report_id.clone()))
        .filter(report::Column::OpenDiscrepancies.gt(0))
        .exec(&txn)
        .await?;
    audit_log::record(
        &txn,
        actor
            .entry(AuditAction::DiscrepancyResolved)
            .target(AuditTarget::Discrepancy, &resolved.id)
            .project(&resolved.project_id)
            .detail(json!({ "kind": resolved.kind.to_string(), "date": resolved.day.to_string() })),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(discrepancy_id = %resolved.id, by = %username, "reconciliation: discrepancy resolved");
    refresh_metrics(d, Some((&resolved.project_id, resolved.provider))).await?;
    Ok(resolved)
}

/// Loads the reconciliation gauges (open discrepancies, last successful day) from the database
/// into the metrics, for one (project, provider) or all: run by whoever changes them and now and
/// then by the scheduler, never at scrape time.
pub async fn refresh_metrics(d: &Core, only: Option<(&str, Provider)>) -> ServiceResult<()> {
    let b = d.db.get_database_backend();
    let p = |i: usize| match b {
        sea_orm::DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    };
    let (cond, values): (String, Vec<sea_orm::Value>) = match only {
        Some((project_id, provider)) => (
            format!(" AND project_id = {} AND provider = {}", p(1), p(2)),
            vec![project_id.into(), provider.as_str().into()],
        ),
        None => (String::new(), Vec::new()),
    };
    let open = d
        .read
        .query_all_raw(Statement::from_sql_and_values(
            b,
            format!(
                "SELECT project_id, provider, COUNT(*) AS n FROM discrepancies WHERE status = '{}'{cond} GROUP BY project_id, provider",
                DiscrepancyStatus::Open
            ),
            values.clone(),
        ))
        .await?;
    let days = d
        .read
        .query_all_raw(Statement::from_sql_and_values(
            b,
            format!(
                "SELECT project_id, provider, CAST(MAX(day) AS TEXT) AS day FROM reconciliation_reports WHERE status = '{}'{cond} GROUP BY project_id, provider",
                Status::Done
            ),
            values,
        ))
        .await?;
    let mut gauges = crate::metrics::ReconciliationGauges::default();
    if let Some((project_id, provider)) = only {
        gauges.insert((project_id.to_owned(), provider), (0, None));
    }
    let key = |row: &sea_orm::QueryResult| -> ServiceResult<(String, Provider)> {
        let project: String = row.try_get("", "project_id")?;
        let provider: String = row.try_get("", "provider")?;
        let provider = provider
            .parse::<Provider>()
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok((project, provider))
    };
    for row in &open {
        let n: i64 = row.try_get("", "n")?;
        gauges.entry(key(row)?).or_default().0 = n;
    }
    for row in &days {
        let day: Option<String> = row.try_get("", "day")?;
        gauges.entry(key(row)?).or_default().1 =
            day.and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d").ok());
    }
    d.metrics.set_reconciliation(gauges, only.is_none());
    Ok(())
}

/// The provider's fees for orders, net (charged on the payment less returned on its refunds) as
/// the committed bill lines of their projects' reports state them; an order no bill listed yet
/// is absent. One query for all of `order_ids`.
pub async fn order_fees(
    d: &Core,
    order_ids: &[String],
) -> ServiceResult<std::collections::HashMap<String, i64>> {
    if order_ids.is_empty() {
        return Ok(Default::default());
    }
    let b = d.read.get_database_backend();
    let p = |i: usize| match b {
        sea_orm::DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    };
    let provider_of_channel = format!(
        "CASE {} END",
        paycenter_domain::Channel::ALL
            .iter()
            .map(|c| format!("WHEN o.channel = '{}' THEN '{}'", c, c.provider()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let list = (1..=order_ids.len()).map(p).collect::<Vec<_>>().join(", ");
    let rows = d
        .read
        .query_all_raw(Statement::from_sql_and_values(
            b,
            format!(
                "SELECT o.id, CAST(SUM(CASE WHEN l.kind = '{payment}' THEN l.fee ELSE -l.fee END) AS BIGINT) AS fee \
                 FROM orders o \
                 JOIN reconciliation_reports r ON r.project_id = o.project_id AND r.provider = {provider_of_channel} \
                 JOIN bill_lines l ON l.report_id = r.id AND l.run = r.lines_run AND l.out_trade_no = o.order_no \
                 WHERE o.id IN ({list}) GROUP BY o.id",
                payment = paycenter_domain::BillEntryKind::Payment,
            ),
            order_ids.iter().map(|id| id.clone().into()),
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "fee")?)))
        .collect()
}
