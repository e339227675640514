//! Who is calling: principals, tokens, passwords.

pub mod checkout_ticket;
pub mod jwt;
pub mod password;
pub mod principal;
pub mod throttle;

pub use checkout_ticket::CheckoutTickets;
pub use jwt::{JwtKeys, TokenKind, Verified};
pub use principal::{AuthError, Principal};
