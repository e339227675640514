//! Outbox jobs: what they do and where they are.

crate::stored_enum! {
    /// What an outbox job does.
    pub enum JobKind("job kind") {
        /// Deliver a merchant callback event.
        Callback = "CALLBACK",
        /// Close an order whose time is up.
        Expire = "EXPIRE",
        /// Ask the provider about an order still PENDING.
        Reconcile = "RECONCILE",
        /// Finish a close the merchant asked for while the provider was unavailable.
        Close = "CLOSE",
        /// Ask the provider about a refund still PROCESSING (payload `{"refundId": …}`).
        RefundQuery = "REFUND_QUERY",
        /// Reconcile one project's day with one provider's bill (payload `{"reportId": …}`).
        ReconcileDay = "RECONCILE_DAY",
    }
}

crate::stored_enum! {
    /// Where an outbox job is.
    pub enum JobState("job state") {
        /// Waiting for its `run_at`.
        Pending = "PENDING",
        /// Claimed by an instance until its lease runs out.
        Running = "RUNNING",
        Done = "DONE",
        /// Gave up (the reason is kept).
        Failed = "FAILED",
    }
}
