//! The audit trail of an order: every state change, provider reply and notify.

use paycenter_domain::{OrderEventKind, OrderState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub order_id: String,
    pub kind: OrderEventKind,
    pub from_state: Option<OrderState>,
    pub to_state: Option<OrderState>,
    /// Provider reply or notify (raw, capped), or a note.
    #[sea_orm(column_type = "Text", nullable)]
    pub detail: Option<String>,
    pub created_at: DateTimeUtc,
    /// How many times this event was seen: an identical message that changed nothing again is
    /// counted here, its body not stored again.
    pub repeat_count: i32,
    /// When it was last seen, if more than once.
    pub last_seen_at: Option<DateTimeUtc>,
    /// SHA-256 (hex) of the kind and full text, for events that count repeats; None for the
    /// others (state changes), which are never merged.
    pub digest: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
