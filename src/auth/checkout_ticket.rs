//! Checkout tickets: the credential of the hosted cashier page (`/checkout/{orderId}?t=…`).
//!
//! Not to be confused with the payment ticket of `services::orders::ticket` (a merchant's voucher
//! for an amount). A checkout ticket lets whoever holds the link — the buyer — read one order
//! (the `order` query and the `paymentStatus` subscription, with its project's name) until it
//! expires, and nothing else: it changes nothing and lists nothing.
//!
//! Form: `pct1.<orderId>.<expires, unix seconds>.<base64url(HMAC-SHA256(key, "pct1\n<orderId>\n<expires>"))>`.
//! The key is derived from the JWT secret (`SHA-256("paycenter/checkout-ticket/v1\0" ‖ secret)`),
//! so rotating that secret retires every ticket with every token. Tickets are stateless: one
//! issued twice for the same order and expiry is the same string.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::AuthError;

/// Every checkout ticket starts with this (and no other credential does).
pub const PREFIX: &str = "pct1.";

/// How long after the order's expiry its ticket still reads it: the buyer may come back from
/// the provider's cashier, or reload the page, a while after the order stopped being payable.
pub const MARGIN: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// The longest ticket accepted (an order id is 36 characters; the rest is bounded too).
const MAX_LEN: usize = 160;

/// Issues and verifies checkout tickets.
#[derive(Clone)]
pub struct CheckoutTickets {
    /// The keyed HMAC state, cloned for each ticket.
    keyed: Hmac<Sha256>,
}

impl std::fmt::Debug for CheckoutTickets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckoutTickets(..)")
    }
}

impl CheckoutTickets {
    pub fn new(jwt_secret: &SecretString) -> Self {
        let mut h = Sha256::new();
        h.update(b"paycenter/checkout-ticket/v1\0");
        h.update(jwt_secret.expose_secret().as_bytes());
        // HMAC pads a key shorter than SHA-256's 64-byte block with zeros: the 32-byte key,
        // padded here, keys it exactly as it would be on its own.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&h.finalize());
        Self {
            keyed: <Hmac<Sha256> as KeyInit>::new(&block.into()),
        }
    }

    fn mac(&self, order_id: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = self.keyed.clone();
        mac.update(format!("pct1\n{order_id}\n{expires}").as_bytes());
        mac
    }

    /// A ticket for `order_id`, good until `expires_at` (to the second).
    pub fn issue(&self, order_id: &str, expires_at: DateTime<Utc>) -> String {
        let expires = expires_at.timestamp();
        let tag = self.mac(order_id, expires).finalize().into_bytes();
        format!(
            "{PREFIX}{order_id}.{expires}.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The order a ticket grants, if it is genuine and not expired at `now`.
    pub fn verify(&self, ticket: &str, now: DateTime<Utc>) -> Result<String, AuthError> {
        let malformed = || AuthError::InvalidToken("malformed checkout ticket".into());
        if ticket.len() > MAX_LEN {
            return Err(malformed());
        }
        let rest = ticket.strip_prefix(PREFIX).ok_or_else(malformed)?;
        let mut parts = rest.split('.');
        let (Some(order_id), Some(expires), Some(tag), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed());
        };
        if !paycenter_db::ids::is_valid("ord", order_id) {
            return Err(malformed());
        }
        // Digits only: `+5` or ` 5` would verify as another string than the one signed.
        if expires.is_empty() || !expires.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let expires: i64 = expires.parse().map_err(|_| malformed())?;
        let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| malformed())?;
        self.mac(order_id, expires)
            .verify_slice(&tag)
            .map_err(|_| AuthError::InvalidToken("checkout ticket signature".into()))?;
        if now.timestamp() >= expires {
            return Err(AuthError::Expired);
        }
        Ok(order_id.to_owned())
    }
}

/// Whether `token` is shaped as a checkout ticket (it is then verified as one, never as a JWT).
pub fn is_checkout_ticket(token: &str) -> bool {
    token.starts_with(PREFIX)
}

/// When a ticket for an order expiring at `order_expires_at` stops working, if issued `now`.
pub fn expiry_for(order_expires_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    order_expires_at.max(now) + MARGIN
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const ORDER: &str = "ord_0190d1a2b3c4d5e6f708192a3b4c5d6e";

    fn tickets(secret: &str) -> CheckoutTickets {
        CheckoutTickets::new(&SecretString::from(secret.to_owned()))
    }

    #[test]
    fn a_ticket_grants_its_order_until_it_expires() {
        let t = tickets("jwt-secret-0123456789abcdef0123456789");
        let now = Utc.with_ymd_and_hms(2026, 12, 17, 8, 0, 0).unwrap();
        let ticket = t.issue(ORDER, now + chrono::TimeDelta::minutes(30));
        assert!(is_checkout_ticket(&ticket));
        assert!(ticket.len() <= MAX_LEN, "{ticket}");
        assert!(ticket
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)));
        assert_eq!(t.verify(&ticket, now).unwrap(), ORDER);
        assert_eq!(
            t.verify(&ticket, now + chrono::TimeDelta::minutes(30)),
            Err(AuthError::Expired)
        );
        // Deterministic.
        assert_eq!(ticket, t.issue(ORDER, now + chrono::TimeDelta::minutes(30)));
    }

    #[test]
    fn tampered_and_foreign_tickets_are_refused() {
        let t = tickets("jwt-secret-0123456789abcdef0123456789");
        let now = Utc::now();
        let ticket = t.issue(ORDER, now + chrono::TimeDelta::hours(1));
        let parts: Vec<&str> = ticket.split('.').collect();
        // Another order under the same signature.
        let other = ticket.replace(ORDER, "ord_0190d1a2b3c4d5e6f708192a3b4c5d6f");
        assert!(matches!(
            t.verify(&other, now),
            Err(AuthError::InvalidToken(_))
        ));
        // A later expiry under the same signature.
        let later = format!(
            "{}.{}.{}.{}",
            parts[0],
            parts[1],
            parts[2].parse::<i64>().unwrap() + 86400,
            parts[3]
        );
        assert!(matches!(
            t.verify(&later, now),
            Err(AuthError::InvalidToken(_))
        ));
        // Another server's secret.
        assert!(matches!(
            tickets("another-secret-0123456789abcdef012345").verify(&ticket, now),
            Err(AuthError::InvalidToken(_))
        ));
        for bad in [
            String::new(),
            "pct1.".into(),
            format!("{PREFIX}{ORDER}.1.x.y"),
            format!("{PREFIX}{ORDER}.+{}.{}", parts[2], parts[3]),
            format!(
                "{PREFIX}prj_0190d1a2b3c4d5e6f708192a3b4c5d6e.{}.{}",
                parts[2], parts[3]
            ),
            format!("{ticket}{}", "A".repeat(MAX_LEN)),
            ticket.replacen("pct1", "pct2", 1),
            format!("{}.{}.{}.!!!", parts[0], parts[1], parts[2]),
        ] {
            assert!(t.verify(&bad, now).is_err(), "{bad}");
        }
    }

    #[test]
    fn expiry_leaves_a_margin_after_the_order() {
        let now = Utc.with_ymd_and_hms(2026, 12, 17, 8, 0, 0).unwrap();
        let later = now + chrono::TimeDelta::minutes(15);
        assert_eq!(expiry_for(later, now), later + MARGIN);
        // An order already past its expiry: the margin counts from now.
        assert_eq!(
            expiry_for(now - chrono::TimeDelta::days(1), now),
            now + MARGIN
        );
    }
}
