//! Refunds of paid orders. `state` moves only PROCESSING → SUCCEEDED / FAILED, by conditional
//! updates (see `services::refunds`).

use paycenter_domain::RefundState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub order_id: String,
    pub project_id: String,
    /// The merchant's refund number; also the provider's out_refund_no / out_request_no.
    pub refund_no: String,
    /// Minor units (fen).
    pub amount: i64,
    pub reason: Option<String>,
    pub state: RefundState,
    /// WeChat refund_id (Alipay has none per refund).
    pub provider_refund_no: Option<String>,
    pub failure_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub succeeded_at: Option<DateTimeUtc>,
    pub failed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
