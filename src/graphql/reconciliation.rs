//! Reconciliation against the providers' bills: reports and discrepancies (connections with
//! filters), `reconcile` (run a day by hand) and `resolveDiscrepancy`. Reading is for admins and
//! a project's own key; running and resolving are for admins.

use async_graphql::{Context, Enum, InputObject, Object, Result, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{discrepancy, reconciliation_report as report};

use super::context::ContextExt;
pub use super::enums::Provider;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::page::{page, wants_total, Page};
use super::projects::page_size;
use crate::services::reconciliation as svc;
use paycenter_domain::Amount;

/// Where a reconciliation report is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::ReconciliationStatus")]
pub enum ReconciliationStatus {
    /// Scheduled; no attempt has run yet.
    Pending,
    /// Being reconciled.
    Running,
    /// The provider has not published the day's bill yet: asked again on the retry schedule.
    NotReady,
    /// The last attempt failed (see `lastError`): asked again on the retry schedule.
    Retrying,
    /// Reconciled (discrepancies may be open).
    Done,
    /// The provider has no bill for the day at all: nothing can be concluded.
    NoBill,
    /// Given up (see `lastError`).
    Failed,
}

/// What a reconciliation found wrong with one payment or refund.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::DiscrepancyKind")]
pub enum DiscrepancyKind {
    /// The bill has a payment that is not PAID here (a lost notify, or an unknown order).
    PaidNotRecorded,
    /// PAID here but not on the bill.
    MissingFromBill,
    /// The bill states another amount (order or refund).
    AmountDiffers,
    /// The bill has a refund paycenter does not know (e.g. made in the merchant portal).
    RefundNotRecorded,
    /// A refund SUCCEEDED here that the bill does not have.
    RefundMissingFromBill,
    /// Both know it but disagree on its state.
    StateDiffers,
}

/// Where a discrepancy is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::DiscrepancyStatus")]
pub enum DiscrepancyStatus {
    /// Waiting for a person.
    Open,
    /// Settled by asking the provider, through the normal state machine.
    Healed,
    /// Closed by a person, with a note.
    Resolved,
    /// Not found again when the day was reconciled again.
    Cleared,
}

fn yuan(fen: Option<i64>) -> Option<String> {
    fen.and_then(Amount::yuan_of)
}

/// One project's Beijing-time day at one provider: the bill's totals beside paycenter's, and what
/// the comparison found. Amounts in fen.
pub struct ReconciliationReport(pub report::Model);

#[Object]
impl ReconciliationReport {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn project_id(&self) -> ID {
        ID(self.0.project_id.clone())
    }
    async fn provider(&self) -> Provider {
        self.0.provider.into()
    }
    /// The day reconciled (Beijing time).
    async fn date(&self) -> NaiveDate {
        self.0.day
    }
    async fn status(&self) -> ReconciliationStatus {
        self.0.status.into()
    }
    /// Runs started.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// Why the last attempt did not finish the day (or the provider's "no bill" answer).
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When the job asks the provider again (NOT_READY, RETRYING).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_attempt_at
    }
    /// Payment lines on the bill (null until a bill was read).
    async fn bill_payments(&self) -> Option<i64> {
        self.0.bill_payments
    }
    /// Their order amounts.
    async fn bill_paid_amount(&self) -> Option<i64> {
        self.0.bill_paid_amount
    }
    /// What the merchant is credited for them (less non-cash coupons).
    async fn bill_settlement_amount(&self) -> Option<i64> {
        self.0.bill_settlement_amount
    }
    /// Refund lines on the bill.
    async fn bill_refunds(&self) -> Option<i64> {
        self.0.bill_refunds
    }
    async fn bill_refunded_amount(&self) -> Option<i64> {
        self.0.bill_refunded_amount
    }
    /// The provider's fees: charged on payments less returned on refunds (may be negative).
    async fn bill_fee(&self) -> Option<i64> {
        self.0.bill_fee
    }
    /// Orders paid here on that day (by paycenter's paid time).
    async fn payments(&self) -> Option<i64> {
        self.0.payments
    }
    async fn paid_amount(&self) -> Option<i64> {
        self.0.paid_amount
    }
    /// Refunds that succeeded here on that day.
    async fn refunds(&self) -> Option<i64> {
        self.0.refunds
    }
    async fn refunded_amount(&self) -> Option<i64> {
        self.0.refunded_amount
    }
    /// Discrepancies found (open, healed or resolved).
    async fn discrepancy_count(&self) -> i64 {
        self.0.discrepancies
    }
    async fn open_discrepancy_count(&self) -> i64 {
        self.0.open_discrepancies
    }
    async fn healed_discrepancy_count(&self) -> i64 {
        self.0.healed_discrepancies
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

/// One payment or refund on which paycenter and the provider's bill disagree.
pub struct Discrepancy(pub discrepancy::Model);

#[Object]
impl Discrepancy {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn report_id(&self) -> ID {
        ID(self.0.report_id.clone())
    }
    async fn project_id(&self) -> ID {
        ID(self.0.project_id.clone())
    }
    async fn provider(&self) -> Provider {
        self.0.provider.into()
    }
    async fn date(&self) -> NaiveDate {
        self.0.day
    }
    async fn kind(&self) -> DiscrepancyKind {
        self.0.kind.into()
    }
    async fn status(&self) -> DiscrepancyStatus {
        self.0.status.into()
    }
    /// paycenter's order, when it has one.
    async fn order_id(&self) -> Option<ID> {
        self.0.order_id.clone().map(ID)
    }
    /// The out_trade_no.
    async fn order_no(&self) -> Option<&str> {
        self.0.order_no.as_deref()
    }
    async fn refund_id(&self) -> Option<ID> {
        self.0.refund_id.clone().map(ID)
    }
    /// The out_refund_no.
    async fn refund_no(&self) -> Option<&str> {
        self.0.refund_no.as_deref()
    }
    async fn provider_trade_no(&self) -> Option<&str> {
        self.0.provider_trade_no.as_deref()
    }
    async fn provider_refund_no(&self) -> Option<&str> {
        self.0.provider_refund_no.as_deref()
    }
    /// paycenter's amount (fen): the order's, or the refund's for a refund.
    async fn amount(&self) -> Option<i64> {
        self.0.amount
    }
    async fn amount_yuan(&self) -> Option<String> {
        yuan(self.0.amount)
    }
    /// The bill's amount (fen).
    async fn bill_amount(&self) -> Option<i64> {
        self.0.bill_amount
    }
    async fn bill_amount_yuan(&self) -> Option<String> {
        yuan(self.0.bill_amount)
    }
    /// The bill line (as numbered in the provider's file).
    async fn bill_line(&self) -> Option<i64> {
        self.0.line_no
    }
    /// What was found, and what healing did.
    async fn detail(&self) -> &str {
        &self.0.detail
    }
    async fn healed_at(&self) -> Option<DateTime<Utc>> {
        self.0.healed_at
    }
    /// The admin who resolved it.
    async fn resolved_by(&self) -> Option<&str> {
        self.0.resolved_by.as_deref()
    }
    async fn resolution_note(&self) -> Option<&str> {
        self.0.resolution_note.as_deref()
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject, Default)]
pub struct ReconciliationReportFilter {
    pub project_id: Option<ID>,
    pub provider: Option<Provider>,
    pub status: Option<ReconciliationStatus>,
    /// From this day on (inclusive).
    pub date_from: Option<NaiveDate>,
    /// Up to this day (inclusive).
    pub date_to: Option<NaiveDate>,
}

#[derive(InputObject, Default)]
pub struct DiscrepancyFilter {
    pub project_id: Option<ID>,
    pub report_id: Option<ID>,
    pub provider: Option<Provider>,
    pub kind: Option<DiscrepancyKind>,
    pub status: Option<DiscrepancyStatus>,
    pub order_id: Option<ID>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
}

#[derive(Default)]
pub struct ReconciliationQuery;

#[Object]
impl ReconciliationQuery {
    /// Reconciliation reports, newest first (admins: all; a project key: its own).
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn reconciliation_reports(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReconciliationReportFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<ReconciliationReport>> {
        let p = ctx.principal().map_err(gql)?;
        let f = filter.unwrap_or_default();
        let svc_filter = svc::ReportFilter {
            project_id: f.project_id.map(|i| i.0),
            provider: f.provider.map(Into::into),
            status: f.status.map(Into::into),
            date_from: f.date_from,
            date_to: f.date_to,
        };
        let limit = page_size(first)?;
        let rows = svc::list_reports(
            ctx.core(),
            p,
            &svc_filter,
            after.as_deref(),
            limit as u64 + 1,
        )
        .await
        .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(
                svc::count_reports(ctx.core(), p, &svc_filter)
                    .await
                    .map_err(gql)?,
            )
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |r| r.id.clone(),
            ReconciliationReport,
        ))
    }

    /// One reconciliation report.
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn reconciliation_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<ReconciliationReport> {
        let p = ctx.principal().map_err(gql)?;
        let r = svc::get_report(ctx.core(), p, &id).await.map_err(gql)?;
        Ok(ReconciliationReport(r))
    }

    /// Discrepancies, newest first (admins: all; a project key: its own).
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn discrepancies(
        &self,
        ctx: &Context<'_>,
        filter: Option<DiscrepancyFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Discrepancy>> {
        let p = ctx.principal().map_err(gql)?;
        let f = filter.unwrap_or_default();
        let svc_filter = svc::DiscrepancyFilter {
            project_id: f.project_id.map(|i| i.0),
            report_id: f.report_id.map(|i| i.0),
            provider: f.provider.map(Into::into),
            kind: f.kind.map(Into::into),
            status: f.status.map(Into::into),
            order_id: f.order_id.map(|i| i.0),
            date_from: f.date_from,
            date_to: f.date_to,
        };
        let limit = page_size(first)?;
        let rows = svc::list_discrepancies(
            ctx.core(),
            p,
            &svc_filter,
            after.as_deref(),
            limit as u64 + 1,
        )
        .await
        .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(
                svc::count_discrepancies(ctx.core(), p, &svc_filter)
                    .await
                    .map_err(gql)?,
            )
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |d| d.id.clone(),
            Discrepancy,
        ))
    }
}

/// How long `reconcile` waits for a run before answering with the report as it is (RUNNING): a
/// large day goes on in the background, within the request timeout.
fn reconcile_wait(ctx: &Context<'_>) -> std::time::Duration {
    let timeout = ctx.core().settings.server.request_timeout;
    timeout.saturating_sub(timeout / 4)
}

#[derive(Default)]
pub struct ReconciliationMutation;

#[Object]
impl ReconciliationMutation {
    /// Reconciles a project's day (Beijing time) now, at one provider or each it is configured
    /// for, even if the day was reconciled before (admins). Returns the reports; a large day may
    /// still be RUNNING when this answers (it goes on; read the report later).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn reconcile(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        date: NaiveDate,
        provider: Option<Provider>,
    ) -> Result<Vec<ReconciliationReport>> {
        let actor = ctx.actor().map_err(gql)?;
        let reports = svc::reconcile_now(
            ctx.core(),
            &actor,
            &project_id,
            date,
            provider.map(Into::into),
            Some(reconcile_wait(ctx)),
        )
        .await
        .map_err(gql)?;
        Ok(reports.into_iter().map(ReconciliationReport).collect())
    }

    /// Closes an OPEN discrepancy with a note (1-500 characters); who and when are kept (admins).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn resolve_discrepancy(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: String,
    ) -> Result<Discrepancy> {
        let actor = ctx.actor().map_err(gql)?;
        let d = svc::resolve(ctx.core(), &actor, &id, &note)
            .await
            .map_err(gql)?;
        Ok(Discrepancy(d))
    }
}
