//! Who is calling: principals, tokens, passwords.

pub mod jwt;
pub mod password;
pub mod principal;
pub mod throttle;

pub use jwt::{JwtKeys, TokenKind, Verified};
pub use principal::{AuthError, Principal};
