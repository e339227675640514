//! What an order's audit trail records (`order_events.kind`, also the `kind` of live order
//! updates), and where a provider's word came from.

crate::stored_enum! {
    /// The kind of an order event.
    pub enum OrderEventKind("order event kind") {
        /// The order was created (PENDING).
        Created = "CREATED",
        /// The provider's answer to the prepay (its reply is the detail).
        Prepay = "PREPAY",
        /// The provider refused the prepay for good: the order FAILED.
        PrepayRejected = "PREPAY_REJECTED",
        /// The prepay could not be made (provider unreachable); the order stays PENDING.
        PrepayError = "PREPAY_ERROR",
        /// The provider confirmed the payment: PAID.
        Paid = "PAID",
        /// Closed by the merchant: CLOSED.
        Closed = "CLOSED",
        /// Closed because its time was up: CLOSED.
        Expired = "EXPIRED",
        /// A provider message disagreed with the order (amount): flagged, not paid.
        AmountMismatch = "AMOUNT_MISMATCH",
        /// A notify that changed nothing (still unpaid, or already closed).
        Notify = "NOTIFY",
        /// A query answer that changed nothing.
        Query = "QUERY",
        /// A close attempt's answer that changed nothing.
        Close = "CLOSE",
        /// A notify confirming a payment already recorded.
        NotifyDuplicate = "NOTIFY_DUPLICATE",
        /// A query confirming a payment already recorded.
        QueryDuplicate = "QUERY_DUPLICATE",
        /// A close attempt that found the payment already recorded.
        CloseDuplicate = "CLOSE_DUPLICATE",
        /// A prepay answer saying paid, for a payment already recorded.
        PrepayDuplicate = "PREPAY_DUPLICATE",
        /// The provider could not be reached to close: retried from the outbox.
        ClosePending = "CLOSE_PENDING",
        /// The provider refused the close because the buyer had paid.
        CloseRefusedPaid = "CLOSE_REFUSED_PAID",
        /// An operator queued the order's callback again.
        CallbackResend = "CALLBACK_RESEND",
        /// A refund was reserved and sent to the provider.
        RefundRequested = "REFUND_REQUESTED",
        /// A refund settled: the order's refunded amount moved.
        RefundSucceeded = "REFUND_SUCCEEDED",
        /// A refund failed: its amount was released.
        RefundFailed = "REFUND_FAILED",
        /// The refund call's reply, when it changed nothing.
        RefundReply = "REFUND_REPLY",
        /// A refund notify that changed nothing.
        RefundNotify = "REFUND_NOTIFY",
        /// A refund query answer that changed nothing.
        RefundQuery = "REFUND_QUERY",
        /// A reply repeating a settled refund's verdict.
        RefundReplyDuplicate = "REFUND_REPLY_DUPLICATE",
        /// A notify repeating a settled refund's verdict.
        RefundNotifyDuplicate = "REFUND_NOTIFY_DUPLICATE",
        /// A query repeating a settled refund's verdict.
        RefundQueryDuplicate = "REFUND_QUERY_DUPLICATE",
        /// The refund call failed in a way that leaves the refund PROCESSING (retried by query).
        RefundError = "REFUND_ERROR",
    }
}

/// Where a provider's word about an order or refund came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Notify,
    Query,
    Close,
    Prepay,
    /// The refund call's own reply.
    Reply,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Notify => "NOTIFY",
            Source::Query => "QUERY",
            Source::Close => "CLOSE",
            Source::Prepay => "PREPAY",
            Source::Reply => "REPLY",
        }
    }

    /// The event recording an order message from here that changed nothing.
    pub fn order_note(self) -> OrderEventKind {
        match self {
            Source::Notify => OrderEventKind::Notify,
            Source::Query => OrderEventKind::Query,
            Source::Close => OrderEventKind::Close,
            Source::Prepay | Source::Reply => OrderEventKind::Prepay,
        }
    }

    /// The event recording a payment confirmed again from here.
    pub fn order_duplicate(self) -> OrderEventKind {
        match self {
            Source::Notify => OrderEventKind::NotifyDuplicate,
            Source::Query => OrderEventKind::QueryDuplicate,
            Source::Close => OrderEventKind::CloseDuplicate,
            Source::Prepay | Source::Reply => OrderEventKind::PrepayDuplicate,
        }
    }

    /// The event recording a refund message from here that changed nothing.
    pub fn refund_note(self) -> OrderEventKind {
        match self {
            Source::Notify => OrderEventKind::RefundNotify,
            Source::Query => OrderEventKind::RefundQuery,
            Source::Reply | Source::Close | Source::Prepay => OrderEventKind::RefundReply,
        }
    }

    /// The event recording a settled refund's verdict repeated from here.
    pub fn refund_duplicate(self) -> OrderEventKind {
        match self {
            Source::Notify => OrderEventKind::RefundNotifyDuplicate,
            Source::Query => OrderEventKind::RefundQueryDuplicate,
            Source::Reply | Source::Close | Source::Prepay => OrderEventKind::RefundReplyDuplicate,
        }
    }
}

crate::stored_enum! {
    /// A merchant callback event's `type`.
    pub enum CallbackEventType("callback event type") {
        OrderPaid = "order.paid",
        OrderClosed = "order.closed",
        OrderRefunded = "order.refunded",
        /// A reconciliation found something a person has to look at.
        ReconciliationDiscrepancy = "reconciliation.discrepancy",
    }
}

impl CallbackEventType {
    /// Whether the event is about an order's own state (what `resendCallback` sends again).
    pub fn is_order_event(self) -> bool {
        match self {
            CallbackEventType::OrderPaid
            | CallbackEventType::OrderClosed
            | CallbackEventType::OrderRefunded => true,
            CallbackEventType::ReconciliationDiscrepancy => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in OrderEventKind::ALL {
            assert_eq!(k.as_str().parse::<OrderEventKind>(), Ok(*k));
            assert!(seen.insert(k.as_str()), "{k} twice");
        }
        for t in CallbackEventType::ALL {
            assert_eq!(t.as_str().parse::<CallbackEventType>(), Ok(*t));
        }
        assert!("order.unknown".parse::<CallbackEventType>().is_err());
    }
}
