//! Re-exports of every entity.

pub use super::admin::Entity as Admin;
pub use super::audit_log::Entity as AuditLog;
pub use super::bill_line::Entity as BillLine;
pub use super::callback_attempt::Entity as CallbackAttempt;
pub use super::callback_event::Entity as CallbackEvent;
pub use super::discrepancy::Entity as Discrepancy;
pub use super::job::Entity as Job;
pub use super::order::Entity as Order;
pub use super::order_event::Entity as OrderEvent;
pub use super::project::Entity as Project;
pub use super::project_credential::Entity as ProjectCredential;
pub use super::reconciliation_report::Entity as ReconciliationReport;
pub use super::refund::Entity as Refund;
pub use super::user::Entity as User;
