//! The service layer's one error type. Each variant has exactly one API code
//! (`extensions.code` in GraphQL); the mapping to GraphQL lives in `graphql::error`.

use crate::auth::password::PasswordError;
use crate::secrets::SecretError;
use paycenter_providers::{BusinessCode, ProviderError};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// Not allowed, with the reason (e.g. a missing payment ticket).
    #[error("{0}")]
    Denied(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {message}")]
    BadInput { field: String, message: String },
    #[error("invalid amount: {0}")]
    InvalidAmount(String),
    #[error("invalid orderNo: {0}")]
    InvalidOrderNo(String),
    #[error("orderNo already used with a different amount or subject")]
    OrderNoConflict,
    #[error("order is not payable: it is {0}")]
    OrderNotPayable(String),
    #[error("order is not closable: it is {0}")]
    OrderNotClosable(String),
    #[error("refund exceeds the paid amount")]
    RefundExceedsPaid,
    #[error("order is not refundable: it is {0}")]
    OrderNotRefundable(String),
    #[error("refundNo already used with a different amount or reason")]
    RefundNoConflict,
    #[error("project is disabled")]
    ProjectDisabled,
    #[error("channel {0} is not configured for this project")]
    ChannelNotConfigured(String),
    /// Too many attempts or too much at once; try again after the given time if known.
    #[error("{}", rate_limited_message(.0))]
    RateLimited(Option<std::time::Duration>),
    #[error("an admin named {0:?} already exists")]
    UsernameTaken(String),
    #[error("the last active OWNER can be neither disabled nor demoted")]
    LastOwner,
    #[error("provider: {0}")]
    Provider(#[from] ProviderError),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("secret store: {0}")]
    Secret(#[from] SecretError),
    #[error("password: {0}")]
    Password(#[from] PasswordError),
    #[error("internal: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceError::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The API error code (`extensions.code`).
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Unauthenticated => "UNAUTHENTICATED",
            ServiceError::Forbidden | ServiceError::Denied(_) => "FORBIDDEN",
            ServiceError::NotFound(_) => "NOT_FOUND",
            ServiceError::BadInput { .. } => "BAD_USER_INPUT",
            ServiceError::InvalidAmount(_) => "INVALID_AMOUNT",
            ServiceError::InvalidOrderNo(_) => "INVALID_ORDER_NO",
            ServiceError::OrderNoConflict => "ORDER_NO_CONFLICT",
            ServiceError::OrderNotPayable(_) => "ORDER_NOT_PAYABLE",
            ServiceError::OrderNotClosable(_) => "ORDER_NOT_CLOSABLE",
            ServiceError::RefundExceedsPaid => "REFUND_EXCEEDS_PAID",
            ServiceError::OrderNotRefundable(_) => "ORDER_NOT_REFUNDABLE",
            ServiceError::RefundNoConflict => "REFUND_NO_CONFLICT",
            ServiceError::ProjectDisabled => "PROJECT_DISABLED",
            ServiceError::ChannelNotConfigured(_) => "CHANNEL_NOT_CONFIGURED",
            ServiceError::RateLimited(_) => "RATE_LIMITED",
            ServiceError::UsernameTaken(_) => "USERNAME_TAKEN",
            ServiceError::LastOwner => "LAST_OWNER",
            ServiceError::Provider(p) => match p {
                ProviderError::Unavailable(_) => "PROVIDER_UNAVAILABLE",
                ProviderError::Business {
                    code: BusinessCode::SystemError,
                    ..
                } => "PROVIDER_UNAVAILABLE",
                ProviderError::Business {
                    code: BusinessCode::RateLimited,
                    ..
                } => "RATE_LIMITED",
                _ => "PROVIDER_ERROR",
            },
            ServiceError::Db(_)
            | ServiceError::Secret(_)
            | ServiceError::Password(_)
            | ServiceError::Internal(_) => "INTERNAL",
        }
    }

    /// Whether the message may be shown to the caller as is. Internal causes are logged, not shown.
    pub fn is_internal(&self) -> bool {
        self.code() == "INTERNAL"
    }
}

/// Whole seconds to wait, rounded up (what `extensions.retryAfter` carries).
pub fn retry_after_secs(d: std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

fn rate_limited_message(after: &Option<std::time::Duration>) -> String {
    match after {
        Some(d) => format!(
            "too many attempts; try again in {} s",
            retry_after_secs(*d).max(1)
        ),
        None => "too many requests; try again later".to_owned(),
    }
}

impl From<crate::auth::throttle::GateError> for ServiceError {
    fn from(e: crate::auth::throttle::GateError) -> Self {
        match e {
            crate::auth::throttle::GateError::Busy(after) => ServiceError::RateLimited(Some(after)),
            crate::auth::throttle::GateError::Join | crate::auth::throttle::GateError::Hash => {
                ServiceError::Internal(e.to_string())
            }
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
