//! Daily reconciliation against the providers' bills: where a day's report is, what kind of
//! discrepancy was found, where a discrepancy is, and the bill lines kept as evidence.

crate::stored_enum! {
    /// Where a reconciliation report (one project, provider and Beijing-time day) is.
    pub enum ReconciliationStatus("reconciliation status") {
        /// Scheduled; no attempt has run yet.
        Pending = "PENDING",
        /// An instance holds it and is reconciling (its claim has a lease).
        Running = "RUNNING",
        /// The provider has not published the day's bill yet: asked again on the retry schedule.
        NotReady = "NOT_READY",
        /// The last attempt failed (provider unreachable, a bill that does not check out): asked
        /// again on the retry schedule, and alerted.
        Retrying = "RETRYING",
        /// Reconciled: the bill was read to its checked end and compared (discrepancies may be
        /// open).
        Done = "DONE",
        /// The provider has no bill for the day at all (not an empty day): nothing can be
        /// concluded.
        NoBill = "NO_BILL",
        /// Given up: retries ran out, or the project cannot ask the provider.
        Failed = "FAILED",
    }
}

impl ReconciliationStatus {
    /// Whether the scheduled job still has work to do for a report in this status.
    pub fn wants_attempt(self) -> bool {
        match self {
            ReconciliationStatus::Pending
            | ReconciliationStatus::NotReady
            | ReconciliationStatus::Retrying => true,
            ReconciliationStatus::Running
            | ReconciliationStatus::Done
            | ReconciliationStatus::NoBill
            | ReconciliationStatus::Failed => false,
        }
    }
}

crate::stored_enum! {
    /// What a reconciliation found wrong with one payment or refund.
    pub enum DiscrepancyKind("discrepancy kind") {
        /// The bill has a payment that is not PAID here (a lost notify, or an order paycenter
        /// never created).
        PaidNotRecorded = "PAID_NOT_RECORDED",
        /// PAID here, but the bill has no such payment (on this day or, by the provider's own
        /// word, on a neighbouring one).
        MissingFromBill = "MISSING_FROM_BILL",
        /// The bill states another amount than paycenter recorded (order or refund).
        AmountDiffers = "AMOUNT_DIFFERS",
        /// The bill has a refund paycenter does not know (e.g. made in the merchant portal).
        RefundNotRecorded = "REFUND_NOT_RECORDED",
        /// A refund SUCCEEDED here that the bill does not have.
        RefundMissingFromBill = "REFUND_MISSING_FROM_BILL",
        /// Both sides know the payment or refund but disagree on its state (a refund still
        /// PROCESSING or FAILED here that the bill shows refunded, a revoked trade PAID here).
        StateDiffers = "STATE_DIFFERS",
    }
}

crate::stored_enum! {
    /// Where a discrepancy is.
    pub enum DiscrepancyStatus("discrepancy status") {
        /// Waiting for a person (`resolveDiscrepancy`); the merchant got a
        /// `reconciliation.discrepancy` callback.
        Open = "OPEN",
        /// Settled by asking the provider, through the normal state machine (a missed payment
        /// or refund recorded, with its events and callback).
        Healed = "HEALED",
        /// Closed by a person, with a note.
        Resolved = "RESOLVED",
        /// Not found again when the day was reconciled again.
        Cleared = "CLEARED",
    }
}

crate::stored_enum! {
    /// A bill line's kind.
    pub enum BillEntryKind("bill entry kind") {
        Payment = "PAYMENT",
        Refund = "REFUND",
    }
}

crate::stored_enum! {
    /// A bill line's state, as the provider wrote it.
    pub enum BillEntryState("bill entry state") {
        /// A payment.
        Paid = "PAID",
        /// A payment revoked afterwards (WeChat REVOKED).
        Revoked = "REVOKED",
        RefundSucceeded = "REFUND_SUCCEEDED",
        RefundProcessing = "REFUND_PROCESSING",
        RefundClosed = "REFUND_CLOSED",
        /// The refund could not reach the buyer (WeChat CHANGE / ABNORMAL).
        RefundAbnormal = "REFUND_ABNORMAL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ReconciliationStatus::ALL {
            assert_eq!(s.as_str().parse::<ReconciliationStatus>(), Ok(*s));
        }
        for k in DiscrepancyKind::ALL {
            assert_eq!(k.as_str().parse::<DiscrepancyKind>(), Ok(*k));
        }
        for s in DiscrepancyStatus::ALL {
            assert_eq!(s.as_str().parse::<DiscrepancyStatus>(), Ok(*s));
        }
        for s in BillEntryState::ALL {
            assert_eq!(s.as_str().parse::<BillEntryState>(), Ok(*s));
        }
        assert!(ReconciliationStatus::NotReady.wants_attempt());
        assert!(!ReconciliationStatus::Done.wants_attempt());
    }
}
