//! Provider notify callbacks: `POST /notify/wechat/{projectId}`, `POST /notify/wechat/{projectId}/refund`
//! and `POST /notify/alipay/{projectId}`. The raw body is verified with that project's keys, checked
//! against the order, and applied through the order state machine. The reply is the provider's own
//! success or failure format; a failure makes the provider retry.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use entity::order;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::app::AppState;
use crate::metrics::NotifyOutcome;
use crate::services::orders::provider;
use crate::services::orders::transitions::{self, Applied, Source};
use crate::services::{refunds, ServiceError};
use paycenter_domain::Provider;
use paycenter_providers::{NotifyReply, PaymentProvider, ProviderError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notify/wechat/{project_id}", post(wechat))
        .route("/notify/wechat/{project_id}/refund", post(wechat_refund))
        .route("/notify/alipay/{project_id}", post(alipay))
}

/// Why a notify was not accepted (logged; the provider only sees its failure reply).
#[derive(Debug, thiserror::Error)]
enum NotifyError {
    #[error("unknown project")]
    UnknownProject,
    #[error("project has no {0} credentials")]
    NotConfigured(&'static str),
    #[error("verification failed: {0}")]
    Rejected(ProviderError),
    #[error("notify names merchant {got}, project has {expected}")]
    WrongMerchant { got: String, expected: String },
    #[error("unknown order {0}")]
    UnknownOrder(String),
    #[error("unknown refund {0}")]
    UnknownRefund(String),
    #[error("refund notify reports {got} fen for a refund of {expected} fen")]
    RefundAmountMismatch { got: i64, expected: i64 },
    #[error("storage unavailable: {0}")]
    Storage(ServiceError),
}

impl NotifyError {
    /// Security-relevant refusals (forgery, misrouting) as opposed to our own outages.
    fn is_security_event(&self) -> bool {
        !matches!(
            self,
            NotifyError::Storage(_) | NotifyError::NotConfigured(_)
        )
    }
}

impl From<ServiceError> for NotifyError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound(_) => NotifyError::UnknownProject,
            ServiceError::ChannelNotConfigured(_) => NotifyError::NotConfigured("provider"),
            other => NotifyError::Storage(other),
        }
    }
}

/// What a notify is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Payment,
    Refund,
}

async fn wechat(state: State<AppState>, Path(project_id): Path<String>, body: Bytes) -> Response {
    handle(state, Provider::Wechat, Subject::Payment, project_id, body).await
}

/// WeChat's refund notify (`req_info` encrypted with the merchant's API key).
async fn wechat_refund(
    state: State<AppState>,
    Path(project_id): Path<String>,
    body: Bytes,
) -> Response {
    handle(state, Provider::Wechat, Subject::Refund, project_id, body).await
}

async fn alipay(state: State<AppState>, Path(project_id): Path<String>, body: Bytes) -> Response {
    handle(state, Provider::Alipay, Subject::Payment, project_id, body).await
}

fn reply(status: StatusCode, r: NotifyReply) -> Response {
    (status, [(header::CONTENT_TYPE, r.content_type)], r.body).into_response()
}

/// The provider's failure reply even when the project cannot be loaded.
fn bare_failure(kind: Provider, reason: &str) -> NotifyReply {
    match kind {
        Provider::Wechat => NotifyReply {
            content_type: paycenter_providers::wechat_v2::notify::REPLY_CONTENT_TYPE,
            body: paycenter_providers::wechat_v2::notify::reply_xml("FAIL", reason),
        },
        Provider::Alipay => NotifyReply {
            content_type: paycenter_providers::alipay::notify::REPLY_CONTENT_TYPE,
            body: paycenter_providers::alipay::notify::FAILURE_REPLY.to_owned(),
        },
    }
}

async fn handle(
    State(state): State<AppState>,
    kind: Provider,
    subject: Subject,
    project_id: String,
    body: Bytes,
) -> Response {
    let d = state.deps();
    let cached = match d.projects.get(d.db, &project_id).await {
        Ok(p) => p,
        Err(e) => {
            let err = NotifyError::from(e);
            log_refusal(kind, &project_id, &err);
            return reply(StatusCode::OK, bare_failure(kind, "unknown project"));
        }
    };
    let project = &cached.model;
    let client = match provider::for_provider(d, &cached, kind) {
        Ok(c) => c,
        Err(e) => {
            let err = NotifyError::from(e);
            log_refusal(kind, &project_id, &err);
            return reply(StatusCode::OK, bare_failure(kind, "not configured"));
        }
    };
    let accepted = match subject {
        Subject::Payment => accept(&state, kind, project, client.as_ref(), &body)
            .await
            .map(|a| format!("{a:?}")),
        Subject::Refund => accept_refund(&state, project, client.as_ref(), &body)
            .await
            .map(|settled| format!("refund settled: {settled}")),
    };
    match accepted {
        Ok(applied) => {
            state.metrics.notify(kind, NotifyOutcome::Accepted);
            tracing::info!(provider = kind.as_str(), project_id = %project_id, ?subject, %applied, "notify accepted");
            reply(StatusCode::OK, client.success_reply())
        }
        Err(err) => {
            log_refusal(kind, &project_id, &err);
            state.metrics.notify(
                kind,
                if matches!(err, NotifyError::Storage(_)) {
                    NotifyOutcome::Error
                } else {
                    NotifyOutcome::Refused
                },
            );
            // Our own outage: a 5xx as well, so the provider retries.
            let status = if matches!(err, NotifyError::Storage(_)) {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::OK
            };
            reply(status, client.failure_reply(&err.to_string()))
        }
    }
}

fn log_refusal(kind: Provider, project_id: &str, err: &NotifyError) {
    if err.is_security_event() {
        tracing::warn!(target: "paycenter::security", provider = kind.as_str(), project_id, reason = %err, "notify refused");
    } else {
        tracing::error!(provider = kind.as_str(), project_id, reason = %err, "notify could not be processed");
    }
}

async fn accept(
    state: &AppState,
    kind: Provider,
    project: &entity::project::Model,
    client: &dyn PaymentProvider,
    body: &[u8],
) -> Result<Applied, NotifyError> {
    let d = state.deps();
    let n = client
        .verify_pay_notify(body)
        .map_err(NotifyError::Rejected)?;
    let (expected_app, expected_mch) = match kind {
        Provider::Wechat => (project.wechat_app_id.clone(), project.wechat_mch_id.clone()),
        Provider::Alipay => (project.alipay_app_id.clone(), None),
    };
    if expected_app.as_deref() != Some(n.app_id.as_str()) {
        return Err(NotifyError::WrongMerchant {
            got: n.app_id,
            expected: expected_app.unwrap_or_default(),
        });
    }
    if let (Some(expected), Some(got)) = (&expected_mch, &n.merchant_id) {
        if expected != got {
            return Err(NotifyError::WrongMerchant {
                got: got.clone(),
                expected: expected.clone(),
            });
        }
    }
    let order = order_of(d, project, kind, &n.out_trade_no).await?;
    // Only verified, matching notifies get here; the state machine records what they say.
    transitions::apply_trade_state(d, &order, &n.state, Source::Notify, &n.raw)
        .await
        .map_err(NotifyError::Storage)
}

/// A verified refund notify for a refund of ours, applied through the refund state machine
/// (duplicates are recorded and change nothing). Returns whether the refund is settled.
async fn accept_refund(
    state: &AppState,
    project: &entity::project::Model,
    client: &dyn PaymentProvider,
    body: &[u8],
) -> Result<bool, NotifyError> {
    let d = state.deps();
    // Decrypting `req_info` with this project's API key is the authentication; the envelope's
    // appid and mch_id are checked against the project by the verifier.
    let n = client
        .verify_refund_notify(body)
        .map_err(NotifyError::Rejected)?;
    let order = order_of(d, project, Provider::Wechat, &n.out_trade_no).await?;
    let refund = refunds::find_for_order(d, &order.id, &n.out_refund_no)
        .await
        .map_err(NotifyError::Storage)?
        .ok_or_else(|| NotifyError::UnknownRefund(n.out_refund_no.clone()))?;
    if n.refund_amount.fen() != refund.amount {
        return Err(NotifyError::RefundAmountMismatch {
            got: n.refund_amount.fen(),
            expected: refund.amount,
        });
    }
    refunds::apply(d, &refund, &n.state, refunds::FROM_NOTIFY, &n.raw)
        .await
        .map_err(NotifyError::Storage)
}

/// The project's order a notify names, if it is one of this provider's orders.
async fn order_of(
    d: crate::services::Deps<'_>,
    project: &entity::project::Model,
    kind: Provider,
    out_trade_no: &str,
) -> Result<order::Model, NotifyError> {
    let order = order::Entity::find()
        .filter(order::Column::ProjectId.eq(project.id.clone()))
        .filter(order::Column::OrderNo.eq(out_trade_no))
        .one(d.read)
        .await
        .map_err(|e| NotifyError::Storage(e.into()))?
        .ok_or_else(|| NotifyError::UnknownOrder(out_trade_no.to_owned()))?;
    let provider = order
        .channel
        .parse::<paycenter_domain::Channel>()
        .map(|c| c.provider())
        .ok();
    if provider != Some(kind) {
        return Err(NotifyError::UnknownOrder(out_trade_no.to_owned()));
    }
    Ok(order)
}
