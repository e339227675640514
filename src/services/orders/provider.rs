//! Which provider client serves an order: the project's credentials for the channel's provider.

use std::sync::Arc;

use entity::project;

use crate::services::project_cache::CachedProject;
use crate::services::{projects, Deps, ServiceError, ServiceResult};
use paycenter_domain::{Channel, Provider};
use paycenter_providers::PaymentProvider;

/// The provider for `channel`, or `CHANNEL_NOT_CONFIGURED` when the project lacks its credentials.
pub fn for_channel(
    d: Deps<'_>,
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
    d: Deps<'_>,
    project: &CachedProject,
    provider: Provider,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    project.provider(d, provider)
}

/// Builds a client from the project's decrypted credentials.
pub fn build(
    d: Deps<'_>,
    project: &project::Model,
    provider: Provider,
) -> ServiceResult<Arc<dyn PaymentProvider>> {
    let not_configured = || ServiceError::ChannelNotConfigured(provider.as_str().to_owned());
    match provider {
        Provider::Wechat => {
            let creds =
                projects::wechat_credentials(d.vault, project)?.ok_or_else(not_configured)?;
            Ok(Arc::new(d.providers.wechat(creds)?))
        }
        Provider::Alipay => {
            let creds =
                projects::alipay_credentials(d.vault, project)?.ok_or_else(not_configured)?;
            Ok(Arc::new(d.providers.alipay(creds)?))
        }
    }
}

/// `{public}/notify/{wechat|alipay}/{projectId}`.
pub fn notify_url(d: Deps<'_>, project_id: &str, provider: Provider) -> String {
    format!("{}/notify/{}/{project_id}", d.public_url, provider.as_str())
}
