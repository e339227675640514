//! A provider bill's line as a reconciliation read it: staged under its run while the bill
//! streams, trusted once the report commits that run (`reconciliation_reports.lines_run`). The
//! provider's fee per payment and per refund is kept here.

use paycenter_domain::{BillEntryKind, BillEntryState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bill_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub run: i32,
    /// The line's number in the provider's file.
    #[sea_orm(primary_key, auto_increment = false)]
    pub line_no: i64,
    pub kind: BillEntryKind,
    pub state: BillEntryState,
    pub out_trade_no: String,
    pub provider_trade_no: String,
    pub out_refund_no: Option<String>,
    pub provider_refund_no: Option<String>,
    /// The order amount the line states (fen).
    pub amount: i64,
    /// A refund line's refund amount (fen).
    pub refund_amount: Option<i64>,
    /// The provider's fee: charged on a payment, returned on a refund (fen, a magnitude).
    pub fee: i64,
    pub time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
