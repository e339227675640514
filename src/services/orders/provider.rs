//! Which provider client serves an order: the project's credentials for the channel's provider.

use std::sync::Arc;

use crate::core::Core;
use crate::services::{ServiceError, ServiceResult};
use crate::store::project_cache::CachedProject;
use paycenter_domain::{Channel, Provider};
use paycenter_providers::PaymentProvider;

/// The provider for `channel`, or `CHANNEL_NOT_CONFIGURED` when the project lacks its credentials.
pub fn for_channel(
    d: &Core,
    project: &CachedProject,
    channel: Channel,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    for_provider(d, project, channel.provider()).map_err(|e| match e {
        ServiceError::ChannelNotConfigured(_) => {
            ServiceError::ChannelNotConfigured(channel.to_string())
        }
        other => other,
    })
}

/// The project's (cached) client for `provider`.
pub fn for_provider(
    d: &Core,
    project: &CachedProject,
    provider: Provider,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    Ok(project.provider(&d.providers, provider)?)
}

/// `{public}/notify/{wechat|alipay}/{projectId}`.
pub fn notify_url(d: &Core, project_id: &str, provider: Provider) -> String {
    format!("{}/notify/{}/{project_id}", d.public_url, provider.as_str())
}
