//! REST routes (providers, operators, the sandbox, the web checkout) and the GraphQL transport
//! handlers.

pub mod auth;
pub mod checkout;
pub mod console;
pub mod graphql;
pub mod headers;
pub mod health;
pub mod metrics;
pub mod notify;
pub mod server;
