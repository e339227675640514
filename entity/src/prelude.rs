//! Re-exports of every entity.

pub use super::admin::Entity as Admin;
pub use super::project::Entity as Project;
