//! Pure domain types: parsed once at the edge, so the core never sees an invalid value.

pub mod channel;
pub mod money;
pub mod order;

pub use channel::{Channel, Product, Provider};
pub use money::Amount;
pub use order::{OrderNo, OrderState, Subject};
