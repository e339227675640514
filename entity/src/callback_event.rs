//! A merchant callback event: a stable id and the exact JSON body, delivered until acknowledged.

use paycenter_domain::CallbackEventType;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "callback_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The order it is about; None for an event about no order (a reconciliation discrepancy
    /// over a trade paycenter never created).
    pub order_id: Option<String>,
    pub project_id: String,
    pub event_type: CallbackEventType,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub delivered_at: Option<DateTimeUtc>,
    /// Set when the retry schedule ran out (`resendCallback` queues it again).
    pub failed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
