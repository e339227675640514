//! Provider notifies: the project's client verifies the whole request, the order (or refund) it
//! names is checked against the project and applied through the state machine, and the client
//! phrases the reply its provider expects. Transports hand bytes in and send bytes out.

use crate::core::Core;
use entity::order;
use paycenter_domain::{CredentialKind, Provider};
use paycenter_providers::notify::{IncomingRequest, Notification, NotifyResponse, Verdict};
use paycenter_providers::{PayNotification, PaymentProvider, ProviderError, RefundNotification};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::metrics::NotifyOutcome;
use crate::services::orders::provider;
use crate::services::orders::transitions::{self, Source};
use crate::services::{refunds, ServiceError};
use crate::store::project_cache::CachedProject;

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

    fn is_outage(&self) -> bool {
        matches!(self, NotifyError::Storage(_))
    }
}

impl From<crate::store::StoreError> for NotifyError {
    fn from(e: crate::store::StoreError) -> Self {
        NotifyError::from(ServiceError::from(e))
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

/// Which credentials a notify of `provider` is for: WeChat Pay v2 sends XML and v3 JSON to the
/// same route (a project moving from v2 to v3 gets both while its v2 orders settle).
fn kind_of_notify(provider: Provider, body: &[u8]) -> CredentialKind {
    match provider {
        Provider::Alipay => CredentialKind::Alipay,
        Provider::Wechat => {
            let first = body.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                CredentialKind::WechatV3
            } else {
                CredentialKind::WechatV2
            }
        }
    }
}

/// Handles a notify `provider` sent for `project_id`, and returns the reply to send.
pub async fn receive(
    d: &Core,
    provider: Provider,
    project_id: &str,
    req: &IncomingRequest<'_>,
) -> NotifyResponse {
    let kind = kind_of_notify(provider, req.body);
    let cached = match d.projects.get(&d.read, project_id).await {
        Ok(p) => p,
        Err(e) => {
            let err = NotifyError::from(e);
            log_refusal(provider, project_id, &err);
            return reply_without_client(kind, &err);
        }
    };
    let client = match provider::client(d, &cached, kind) {
        Ok(c) => c,
        Err(e) => {
            let err = NotifyError::from(e);
            log_refusal(provider, project_id, &err);
            return reply_without_client(kind, &err);
        }
    };
    let project = &cached.model;
    let outcome = match client.verify_notify(req).await {
        Err(e) => Err(NotifyError::Rejected(e)),
        Ok(Notification::Pay(n)) => accept_pay(d, kind, &cached, n)
            .await
            .map(|a| format!("{a:?}")),
        Ok(Notification::Refund(n)) => accept_refund(d, provider, project, client.as_ref(), n)
            .await
            .map(|settled| format!("refund settled: {settled}")),
    };
    match outcome {
        Ok(applied) => {
            d.metrics.notify(provider, NotifyOutcome::Accepted);
            tracing::info!(provider = provider.as_str(), project_id, %applied, "notify accepted");
            client.notify_reply(Verdict::Accepted)
        }
        Err(err) => {
            log_refusal(provider, project_id, &err);
            let reason = err.to_string();
            if err.is_outage() {
                d.metrics.notify(provider, NotifyOutcome::Error);
                client.notify_reply(Verdict::Unavailable(&reason))
            } else {
                d.metrics.notify(provider, NotifyOutcome::Refused);
                client.notify_reply(Verdict::Refused(&reason))
            }
        }
    }
}

/// The provider's failure reply when no client of the project can phrase it.
fn reply_without_client(kind: CredentialKind, err: &NotifyError) -> NotifyResponse {
    let reason = match err {
        NotifyError::UnknownProject => "unknown project",
        _ => "not configured",
    };
    match kind {
        CredentialKind::WechatV2 => {
            paycenter_providers::wechat_v2::notify::refusal_without_client(reason)
        }
        CredentialKind::WechatV3 => {
            paycenter_providers::wechat_v3::notify::refusal_without_client(reason)
        }
        CredentialKind::Alipay => {
            paycenter_providers::alipay::notify::reply(Verdict::Refused(reason))
        }
    }
}

fn log_refusal(provider: Provider, project_id: &str, err: &NotifyError) {
    if err.is_security_event() {
        tracing::warn!(target: "paycenter::security", provider = provider.as_str(), project_id, reason = %err, "notify refused");
    } else {
        tracing::error!(provider = provider.as_str(), project_id, reason = %err, "notify could not be processed");
    }
}

/// A verified pay notify for this project's merchant, applied through the state machine.
async fn accept_pay(
    d: &Core,
    kind: CredentialKind,
    project: &CachedProject,
    n: PayNotification,
) -> Result<transitions::Applied, NotifyError> {
    let provider = kind.provider();
    let set = project.set(kind);
    let expected_app = set.and_then(|s| s.app_id());
    if expected_app != Some(n.app_id.as_str()) {
        return Err(NotifyError::WrongMerchant {
            got: n.app_id,
            expected: expected_app.unwrap_or_default().to_owned(),
        });
    }
    if let (Some(expected), Some(got)) = (set.and_then(|s| s.merchant_id()), &n.merchant_id) {
        if expected != got {
            return Err(NotifyError::WrongMerchant {
                got: got.clone(),
                expected: expected.to_owned(),
            });
        }
    }
    let order = order_of(d, &project.model, provider, &n.out_trade_no).await?;
    // Only verified, matching notifies get here; the state machine records what they say.
    transitions::apply_trade_state(d, &order, &n.state, Source::Notify, &n.raw)
        .await
        .map(|(applied, _)| applied)
        .map_err(NotifyError::Storage)
}

/// A verified refund notify for a refund of ours, applied through the refund state machine
/// (duplicates are recorded and change nothing). Returns whether the refund is settled.
async fn accept_refund(
    d: &Core,
    provider: Provider,
    project: &entity::project::Model,
    _client: &dyn PaymentProvider,
    n: RefundNotification,
) -> Result<bool, NotifyError> {
    let order = order_of(d, project, provider, &n.out_trade_no).await?;
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
    refunds::apply(
        d,
        &refund,
        &n.state,
        paycenter_domain::Source::Notify,
        &n.raw,
    )
    .await
    .map_err(NotifyError::Storage)
}

/// The project's order a notify names, if it is one of this provider's orders.
async fn order_of(
    d: &Core,
    project: &entity::project::Model,
    provider: Provider,
    out_trade_no: &str,
) -> Result<order::Model, NotifyError> {
    let order = order::Entity::find()
        .filter(order::Column::ProjectId.eq(project.id.clone()))
        .filter(order::Column::OrderNo.eq(out_trade_no))
        .one(&d.read)
        .await
        .map_err(|e| NotifyError::Storage(e.into()))?
        .ok_or_else(|| NotifyError::UnknownOrder(out_trade_no.to_owned()))?;
    if order.channel.provider() != provider {
        return Err(NotifyError::UnknownOrder(out_trade_no.to_owned()));
    }
    Ok(order)
}
