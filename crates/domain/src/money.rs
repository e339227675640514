//! Money: integer minor units (fen) end to end. The only conversions are to and from the
//! providers' wire formats (WeChat: integer fen; Alipay: yuan string with two decimals).

use std::fmt;

/// The smallest payable amount: 1 fen.
pub const MIN_FEN: i64 = 1;
/// The largest payable amount: 2^31 − 1 fen (21,474,836.47 yuan). WeChat Pay's `total_fee` and
/// v3's `amount.total` are 32-bit integers; one bound for every channel keeps an order valid
/// whichever provider it goes to (Alipay's own ceiling, 100,000,000.00 yuan, is higher).
pub const MAX_FEN: i64 = i32::MAX as i64;

/// An amount of money in fen. Always non-negative.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("amount must be between {MIN_FEN} and {MAX_FEN} fen")]
    OutOfRange,
    #[error("amount is not a valid decimal yuan string with at most two decimals")]
    Malformed,
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// A payable amount: 1 fen ..= 10^10 fen.
    pub fn payable(fen: i64) -> Result<Self, AmountError> {
        if (MIN_FEN..=MAX_FEN).contains(&fen) {
            Ok(Amount(fen))
        } else {
            Err(AmountError::OutOfRange)
        }
    }

    /// Any non-negative amount (sums, refunded totals).
    pub fn from_fen(fen: i64) -> Result<Self, AmountError> {
        if fen >= 0 {
            Ok(Amount(fen))
        } else {
            Err(AmountError::OutOfRange)
        }
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).filter(|v| *v >= 0).map(Amount)
    }

    /// "12.34": the yuan string Alipay and the API's `amountYuan` use.
    pub fn to_yuan(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// "12.34" for a stored fen value; None for a negative one (never stored).
    pub fn yuan_of(fen: i64) -> Option<String> {
        Amount::from_fen(fen).ok().map(Amount::to_yuan)
    }

    /// Parses a yuan string such as "12.3", "12.34" or "12" exactly (no floats involved).
    pub fn parse_yuan(s: &str) -> Result<Self, AmountError> {
        let s = s.trim();
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s, ""),
        };
        if whole.is_empty()
            || whole.len() > 12
            || frac.len() > 2
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && frac.is_empty())
        {
            return Err(AmountError::Malformed);
        }
        let whole: i64 = whole.parse().map_err(|_| AmountError::Malformed)?;
        let mut cents: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| AmountError::Malformed)?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        whole
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .map(Amount)
            .ok_or(AmountError::OutOfRange)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({} fen)", self.0)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_yuan())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payable_bounds() {
        assert_eq!(Amount::payable(0), Err(AmountError::OutOfRange));
        assert_eq!(Amount::payable(-1), Err(AmountError::OutOfRange));
        assert!(Amount::payable(1).is_ok());
        assert!(Amount::payable(MAX_FEN).is_ok());
        assert_eq!(MAX_FEN, 2_147_483_647);
        assert_eq!(Amount::payable(1 << 31), Err(AmountError::OutOfRange));
        assert_eq!(Amount::payable(i64::MAX), Err(AmountError::OutOfRange));
        assert_eq!(Amount::payable(MAX_FEN + 1), Err(AmountError::OutOfRange));
    }

    #[test]
    fn yuan_round_trip() {
        for (fen, yuan) in [
            (1, "0.01"),
            (10, "0.10"),
            (100, "1.00"),
            (123456, "1234.56"),
        ] {
            let a = Amount::payable(fen).unwrap_or_default();
            assert_eq!(a.to_yuan(), yuan);
            assert_eq!(Amount::parse_yuan(yuan), Ok(a));
        }
        assert_eq!(Amount::parse_yuan("0.1").map(Amount::fen), Ok(10));
        assert_eq!(Amount::parse_yuan("7").map(Amount::fen), Ok(700));
        assert_eq!(Amount::yuan_of(1205).as_deref(), Some("12.05"));
        assert_eq!(Amount::yuan_of(-1), None);
    }

    #[test]
    fn yuan_rejects_garbage() {
        for bad in [
            "", ".5", "1.", "1.234", "-1.00", "1e3", "abc", "1,00", " 1 .0",
        ] {
            assert_eq!(
                Amount::parse_yuan(bad),
                Err(AmountError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn checked_arithmetic() {
        let a = Amount::from_fen(5).unwrap_or_default();
        let b = Amount::from_fen(7).unwrap_or_default();
        assert_eq!(a.checked_sub(b), None);
        assert_eq!(b.checked_sub(a).map(Amount::fen), Some(2));
        assert_eq!(a.checked_add(b).map(Amount::fen), Some(12));
    }
}
