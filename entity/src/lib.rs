//! SeaORM entities: plain table models, no API derives (the API is not the table).

pub mod admin;
pub mod audit_log;
pub mod bill_line;
pub mod callback_attempt;
pub mod callback_event;
pub mod discrepancy;
pub mod job;
pub mod order;
pub mod order_event;
pub mod prelude;
pub mod project;
pub mod project_credential;
pub mod reconciliation_report;
pub mod refund;
pub mod user;
