//! Refund states.

crate::stored_enum! {
    /// A refund moves only PROCESSING → SUCCEEDED or FAILED.
    pub enum RefundState("refund state") {
        /// Reserved against the order and sent (or being sent) to the provider.
        Processing = "PROCESSING",
        Succeeded = "SUCCEEDED",
        /// The provider refused or gave up: the amount is released.
        Failed = "FAILED",
    }
}

impl RefundState {
    /// Whether the refund counts against the order's paid amount.
    pub fn holds_amount(self) -> bool {
        match self {
            RefundState::Processing | RefundState::Succeeded => true,
            RefundState::Failed => false,
        }
    }
}
