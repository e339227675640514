//! A reconciliation report: one project's day (Beijing time) at one provider, its bill's totals
//! next to paycenter's, and what the comparison found. One row per (project, provider, day)
//! (unique), claimed by one instance at a time (`claimed_by` until `claimed_until`).

use paycenter_domain::{Provider, ReconciliationStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reconciliation_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub project_id: String,
    pub provider: Provider,
    /// The Beijing-time day reconciled.
    pub day: Date,
    pub status: ReconciliationStatus,
    /// Runs started (each claim counts one; staged bill lines carry their run's number).
    pub attempts: i32,
    /// The run whose bill lines are the committed ones (0: none yet).
    pub lines_run: i32,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTimeUtc>,
    /// When the job asks again (NOT_READY, RETRYING).
    pub next_attempt_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    /// The bill's own checked totals (fen); None until a bill was read.
    pub bill_payments: Option<i64>,
    pub bill_paid_amount: Option<i64>,
    pub bill_settlement_amount: Option<i64>,
    pub bill_refunds: Option<i64>,
    pub bill_refunded_amount: Option<i64>,
    /// Fees charged minus fees returned (may be negative).
    pub bill_fee: Option<i64>,
    /// paycenter's side: payments and refunds it recorded for the day (fen).
    pub payments: Option<i64>,
    pub paid_amount: Option<i64>,
    pub refunds: Option<i64>,
    pub refunded_amount: Option<i64>,
    pub discrepancies: i64,
    pub open_discrepancies: i64,
    pub healed_discrepancies: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
