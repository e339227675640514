//! Which provider client serves an order: the project's credentials for the channel's provider,
//! of the API a new order is made with, and of the API an existing order was made with (a project
//! that moved from WeChat Pay v2 to v3 keeps settling its v2 orders through v2).

use std::sync::Arc;

use entity::order;

use crate::core::Core;
use crate::services::{ServiceError, ServiceResult};
use crate::store::project_cache::CachedProject;
use paycenter_domain::{Channel, CredentialKind, Provider};
use paycenter_providers::PaymentProvider;

/// The credentials a new order on `channel` is made with, and their client;
/// `CHANNEL_NOT_CONFIGURED` when the project lacks them.
pub fn for_new_order(
    d: &Core,
    project: &CachedProject,
    channel: Channel,
) -> ServiceResult<(CredentialKind, Arc<dyn PaymentProvider>)> {
    let kind = project.kind_for_new_orders(channel.provider());
    let client = client(d, project, kind).map_err(|e| match e {
        ServiceError::ChannelNotConfigured(_) => {
            ServiceError::ChannelNotConfigured(channel.to_string())
        }
        other => other,
    })?;
    Ok((kind, client))
}

/// The project's current client for `provider` (the API new orders use): whose bills are read
/// (one merchant account has one bill, whichever API its orders were made through).
pub fn for_provider(
    d: &Core,
    project: &CachedProject,
    provider: Provider,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    client(d, project, project.kind_for_new_orders(provider))
}

/// The credentials `order` was made with.
pub fn kind_of(order: &order::Model) -> CredentialKind {
    order
        .credential_kind
        .unwrap_or_else(|| CredentialKind::legacy_for(order.channel.provider()))
}

/// The client `order` settles through.
pub fn for_order(
    d: &Core,
    project: &CachedProject,
    order: &order::Model,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    client(d, project, kind_of(order))
}

/// The project's (cached) client for credentials of `kind`.
pub fn client(
    d: &Core,
    project: &CachedProject,
    kind: CredentialKind,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    Ok(project.client(&d.providers, kind)?)
}

/// `{public}/notify/{wechat|alipay}/{projectId}`.
pub fn notify_url(d: &Core, project_id: &str, provider: Provider) -> String {
    format!("{}/notify/{}/{project_id}", d.public_url, provider.as_str())
}

/// `{public}/return/{wechat|alipay}/{projectId}`: where a provider's web cashier sends the browser
/// back (the return landing; never proof of payment).
pub fn return_url(d: &Core, project_id: &str, provider: Provider) -> String {
    format!("{}/return/{}/{project_id}", d.public_url, provider.as_str())
}
