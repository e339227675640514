//! Orders: paying, the state machine, closing, refreshing from the provider, and queries.

pub mod close;
pub mod pay;
pub mod provider;
pub mod query;
pub mod refresh;
pub mod ticket;
pub mod transitions;

pub use query::{OrderFilter, Visibility};
