//! Sandbox: a refund as the emulated provider records it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub order_id: String,
    pub out_refund_no: String,
    /// The provider's refund id (WeChat refund_id).
    pub refund_id: String,
    pub refund_fee: i64,
    /// PROCESSING, SUCCESS, REFUNDCLOSE (WeChat names; Alipay refunds succeed synchronously).
    pub state: String,
    pub reason: Option<String>,
    pub notify_url: Option<String>,
    pub succeeded_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
