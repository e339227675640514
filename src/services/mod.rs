//! Business rules over transactions. Knows nothing of GraphQL or axum.

pub mod admins;
pub mod error;
pub mod ids;
pub mod projects;

pub use error::{ServiceError, ServiceResult};
