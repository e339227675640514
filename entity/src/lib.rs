//! SeaORM entities: plain table models, no API derives (the API is not the table).

pub mod admin;
pub mod prelude;
pub mod project;
