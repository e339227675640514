//! The API's enums: one GraphQL enum per domain enum, mapped with `#[graphql(remote)]` (the
//! variants and their order are the domain's; a domain variant without its API twin is a compile
//! error here).

use async_graphql::Enum;

/// A way to pay.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::Channel")]
pub enum Channel {
    /// WeChat mini-program / JSAPI: the payer is the calling user.
    WechatJsapi,
    /// WeChat in a native app.
    WechatApp,
    /// WeChat Native: a QR code.
    WechatNative,
    /// WeChat H5: a mobile browser outside WeChat opens WeChat's page (`H5Params.url`).
    WechatH5,
    /// Alipay in a native app.
    AlipayApp,
    /// Alipay precreate: a QR code.
    AlipayQr,
    /// Alipay on a desktop website: the browser goes to Alipay's cashier (`RedirectParams`).
    AlipayPage,
    /// Alipay in a mobile browser: the browser goes to Alipay's cashier (`RedirectParams`).
    AlipayWap,
}

/// Which WeChat Pay API a project's new orders use.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::WechatApiVersion")]
pub enum WechatApiVersion {
    /// API v2 (XML, MD5/HMAC-SHA256 with the API key).
    V2,
    /// API v3 (JSON, RSA signatures, AES-GCM notifies).
    V3,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::OrderState")]
pub enum OrderState {
    /// Awaiting the buyer.
    Pending,
    Paid,
    PartiallyRefunded,
    Refunded,
    /// Closed or expired unpaid.
    Closed,
    /// The provider refused the order.
    Failed,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::RefundState")]
pub enum RefundState {
    /// Reserved and sent to the provider; its amount counts against the order until settled.
    Processing,
    /// The provider refunded it; counted in the order's `refundedAmount`.
    Succeeded,
    /// The provider refused it; its amount is released.
    Failed,
}

/// What an entry of an order's audit trail (or a live order update) records.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::OrderEventKind")]
pub enum OrderEventKind {
    /// The order was created (PENDING).
    Created,
    /// The provider's answer to the prepay.
    Prepay,
    /// The provider refused the prepay for good: the order FAILED.
    PrepayRejected,
    /// The prepay could not be made (provider unreachable); the order stays PENDING.
    PrepayError,
    /// The provider confirmed the payment.
    Paid,
    /// Closed by the merchant.
    Closed,
    /// Closed because its time was up.
    Expired,
    /// A provider message disagreed with the order (amount): flagged, not paid.
    AmountMismatch,
    /// A notify that changed nothing.
    Notify,
    /// A query answer that changed nothing.
    Query,
    /// A close attempt's answer that changed nothing.
    Close,
    /// A notify confirming a payment already recorded.
    NotifyDuplicate,
    /// A query confirming a payment already recorded.
    QueryDuplicate,
    /// A close attempt that found the payment already recorded.
    CloseDuplicate,
    /// A prepay answer saying paid, for a payment already recorded.
    PrepayDuplicate,
    /// The provider could not be reached to close: retried in the background.
    ClosePending,
    /// The provider refused the close because the buyer had paid.
    CloseRefusedPaid,
    /// An operator queued the order's callback again.
    CallbackResend,
    /// A refund was reserved and sent to the provider.
    RefundRequested,
    /// A refund settled.
    RefundSucceeded,
    /// A refund failed: its amount was released.
    RefundFailed,
    /// The refund call's reply, when it changed nothing.
    RefundReply,
    /// A refund notify that changed nothing.
    RefundNotify,
    /// A refund query answer that changed nothing.
    RefundQuery,
    /// A reply repeating a settled refund's verdict.
    RefundReplyDuplicate,
    /// A notify repeating a settled refund's verdict.
    RefundNotifyDuplicate,
    /// A query repeating a settled refund's verdict.
    RefundQueryDuplicate,
    /// The refund call failed in a way that leaves the refund PROCESSING (settled by a query).
    RefundError,
}

/// What a console administrator may do; each role includes the ones below it.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::AdminRole")]
pub enum AdminRole {
    /// Everything: projects, credentials, keys, admins, and all an operator does.
    Owner,
    /// Orders, refunds, closes and callback (re)sends; no credentials, keys, projects or admins.
    Operator,
    /// Read-only.
    Viewer,
}

/// The kind of principal an audit entry names.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::ActorKind")]
pub enum ActorKind {
    Admin,
    Project,
    User,
    /// The `paycenter` command on the server.
    Cli,
}

/// What an audit entry records.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::AuditAction")]
pub enum AuditAction {
    Login,
    /// Unknown user, wrong password or disabled admin.
    LoginFailed,
    ProjectCreated,
    /// Name, order TTL or trust-client-amount changed.
    ProjectUpdated,
    /// Provider credentials set, replaced or cleared (the detail names the fields).
    CredentialsChanged,
    CallbackUrlChanged,
    ApiKeyRotated,
    SigningSecretRotated,
    ProjectDisabled,
    ProjectEnabled,
    OrderClosed,
    RefundRequested,
    CallbackResent,
    TestCallbackSent,
    AdminCreated,
    /// Role or disabled flag changed.
    AdminUpdated,
    AdminDisabled,
    /// An owner set another admin's password.
    PasswordReset,
    /// An admin changed their own password.
    PasswordChanged,
    /// A day reconciled by hand (`reconcile`).
    ReconciliationRun,
    /// A discrepancy closed by a person (`resolveDiscrepancy`).
    DiscrepancyResolved,
}

/// The kind of object an audit entry is about.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::AuditTarget")]
pub enum AuditTarget {
    Admin,
    Project,
    Order,
    Refund,
    ReconciliationReport,
    Discrepancy,
}

/// A merchant callback event's type (`type` in its JSON body).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::CallbackEventType")]
pub enum CallbackEventType {
    /// `order.paid`
    OrderPaid,
    /// `order.closed`
    OrderClosed,
    /// `order.refunded`
    OrderRefunded,
    /// `reconciliation.discrepancy`
    ReconciliationDiscrepancy,
}

/// A payment provider.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_domain::Provider")]
pub enum Provider {
    /// WeChat Pay.
    Wechat,
    Alipay,
}
