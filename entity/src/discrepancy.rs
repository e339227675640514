//! One thing a reconciliation found wrong: a payment or refund on which paycenter and the
//! provider's bill disagree. Recorded once per (report, kind, subject) however often the day is
//! reconciled; healed by the job, or resolved by a person with a note.

use paycenter_domain::{DiscrepancyKind, DiscrepancyStatus, Provider};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "discrepancies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub report_id: String,
    pub project_id: String,
    pub provider: Provider,
    pub day: Date,
    pub kind: DiscrepancyKind,
    pub status: DiscrepancyStatus,
    /// What it is about: `out_trade_no` or `out_trade_no/out_refund_no` (unique per report and
    /// kind).
    pub subject_key: String,
    /// paycenter's order and refund, when it has them.
    pub order_id: Option<String>,
    pub order_no: Option<String>,
    pub refund_id: Option<String>,
    pub refund_no: Option<String>,
    pub provider_trade_no: Option<String>,
    pub provider_refund_no: Option<String>,
    /// paycenter's amount (fen), when it has one.
    pub amount: Option<i64>,
    /// The bill's amount (fen), when the bill has the line.
    pub bill_amount: Option<i64>,
    /// The bill line (1-based, as in the provider's file).
    pub line_no: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    /// The report run that last found it.
    pub last_seen_run: i32,
    pub healed_at: Option<DateTimeUtc>,
    /// The admin who resolved it.
    pub resolved_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution_note: Option<String>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
