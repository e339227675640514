//! Order numbers, subjects and the order state machine's states.

/// The merchant's order number: 1–32 characters of `[0-9A-Za-z_\-|*]` (WeChat's out_trade_no rule,
/// which Alipay accepts too).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderNo(String);

impl OrderNo {
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.is_empty() || s.len() > 32 {
            return Err("must be 1-32 characters".into());
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'|' | b'*'))
        {
            return Err("may contain only 0-9 A-Z a-z _ - | *".into());
        }
        Ok(OrderNo(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the buyer sees on the cashier: 1–128 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject(String);

impl Subject {
    pub fn parse(s: &str) -> Result<Self, String> {
        // Checked before trimming: `trim` would quietly drop a trailing U+0085 or U+2028.
        crate::text::check(s).map_err(|e| e.to_string())?;
        let t = s.trim();
        if t.is_empty() || t.chars().count() > 128 {
            return Err("must be 1-128 characters".into());
        }
        Ok(Subject(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::stored_enum! {
    /// Order states (API contract).
    pub enum OrderState("order state") {
        /// Awaiting the buyer.
        Pending = "PENDING",
        Paid = "PAID",
        PartiallyRefunded = "PARTIALLY_REFUNDED",
        Refunded = "REFUNDED",
        /// Closed or expired unpaid.
        Closed = "CLOSED",
        /// The provider refused the order.
        Failed = "FAILED",
    }
}

impl OrderState {
    /// Whether money was received (refunds may have followed).
    pub fn is_paid(self) -> bool {
        matches!(
            self,
            OrderState::Paid | OrderState::PartiallyRefunded | OrderState::Refunded
        )
    }

    /// States a confirmed payment may move an order out of. A payment the provider confirms always
    /// wins over a close or a refusal that raced it.
    pub const PAYABLE_FROM: [OrderState; 3] =
        [OrderState::Pending, OrderState::Closed, OrderState::Failed];

    /// The merchant callback an order entering this state sends (in the same transaction).
    /// Refund states send `order.refunded` from the refund's settlement, with its details.
    pub fn callback_on_entry(self) -> Option<crate::CallbackEventType> {
        match self {
            OrderState::Paid => Some(crate::CallbackEventType::OrderPaid),
            OrderState::Closed => Some(crate::CallbackEventType::OrderClosed),
            OrderState::Pending
            | OrderState::PartiallyRefunded
            | OrderState::Refunded
            | OrderState::Failed => None,
        }
    }

    /// Whether a `paymentStatus` subscriber has nothing more to wait for.
    pub fn is_final_for_payment(self) -> bool {
        !matches!(self, OrderState::Pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers() {
        for ok in ["a", "ABC-123_x|y*z", &"9".repeat(32)] {
            assert!(OrderNo::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", &"9".repeat(33), "a b", "中文", "a/b", "a.b"] {
            assert!(OrderNo::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn subjects() {
        assert_eq!(
            Subject::parse("  Coffee ").map(|s| s.as_str().to_owned()),
            Ok("Coffee".into())
        );
        assert!(Subject::parse("").is_err());
        assert!(Subject::parse("a\nb").is_err());
        assert!(Subject::parse("Coffee\u{202E}eeffoC").is_err());
        assert!(Subject::parse("\u{85}").is_err());
        assert!(Subject::parse("Coffee\u{2028}").is_err());
        assert!(Subject::parse(&"x".repeat(129)).is_err());
    }

    #[test]
    fn states_round_trip() {
        for s in OrderState::ALL {
            assert_eq!(s.as_str().parse::<OrderState>(), Ok(*s));
        }
        assert!(OrderState::Paid.is_paid());
        assert!(!OrderState::Closed.is_paid());
        assert!(OrderState::PAYABLE_FROM.contains(&OrderState::Closed));
    }
}
