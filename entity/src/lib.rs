//! SeaORM entities: plain table models, no API derives (the API is not the table).

pub mod admin;
pub mod callback_attempt;
pub mod callback_event;
pub mod job;
pub mod order;
pub mod order_event;
pub mod prelude;
pub mod project;
pub mod refund;
pub mod sandbox_code;
pub mod sandbox_merchant;
pub mod sandbox_notification;
pub mod sandbox_order;
pub mod sandbox_refund;
pub mod sandbox_setting;
pub mod user;
