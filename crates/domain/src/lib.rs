//! Pure domain types: parsed once at the edge, so the core never sees an invalid value. Every
//! state and kind is an enum stored by a stable name (`stored_enum!`); with the `sea-orm`
//! feature the same enums are the database columns' types.

#[macro_use]
pub mod stored;

pub mod admin;
pub mod audit;
pub mod channel;
pub mod job;
pub mod money;
pub mod order;
pub mod reconciliation;
pub mod refund;
pub mod text;

pub use admin::{ActorKind, AdminRole, AuditAction, AuditTarget};
pub use audit::{CallbackEventType, OrderEventKind, Source};
pub use channel::{Channel, CredentialKind, Product, Provider, WechatApiVersion};
pub use job::{JobKind, JobState};
pub use money::Amount;
pub use order::{OrderNo, OrderState, Subject};
pub use reconciliation::{
    BillEntryKind, BillEntryState, DiscrepancyKind, DiscrepancyStatus, ReconciliationStatus,
};
pub use refund::RefundState;
pub use stored::UnknownName;
