//! Orders. `state` moves only through conditional updates (see `services::orders::transitions`).

use paycenter_domain::{Channel, CredentialKind, OrderState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub project_id: String,
    /// The merchant's order number; also the provider's out_trade_no.
    pub order_no: String,
    pub channel: Channel,
    /// The credentials (provider API) it was made with; unset for orders made before WeChat Pay
    /// v3 was supported (their provider's only API then: v2, Alipay).
    pub credential_kind: Option<CredentialKind>,
    /// Minor units (fen).
    pub amount: i64,
    pub subject: String,
    pub attach: Option<String>,
    pub state: OrderState,
    /// The mini-program user who placed it (None for orders placed by a merchant backend).
    pub user_id: Option<String>,
    /// openid (WeChat) or buyer id (Alipay) once known.
    pub payer: Option<String>,
    pub provider_trade_no: Option<String>,
    /// What the buyer paid in cash (cash_fee / buyer_pay_amount).
    pub paid_amount: Option<i64>,
    pub refunded_amount: i64,
    /// JSON of `providers::PayParams` from the prepay.
    pub pay_params: Option<String>,
    pub prepay_id: Option<String>,
    /// Set when a provider message disagreed with the order (e.g. amount mismatch).
    pub flagged: bool,
    pub flag_reason: Option<String>,
    pub callback_delivered: bool,
    /// The merchant page the buyer goes back to after paying (web checkout), if any.
    pub return_url: Option<String>,
    pub expires_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
