//! Batched loads for list fields under lists (`orders { events refunds callbackAttempts }`,
//! `projects { wechat alipay }`): one query per field per request, not one per parent row. One
//! set of loaders per request (or WebSocket connection), so nothing is cached across callers.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{callback_attempt, order, order_event, refund};

use crate::core::Core;
use crate::services;
use crate::services::projects::Summary;
use paycenter_domain::CredentialKind;

/// Loader errors are shared between every field that waited on the batch.
pub type LoadError = Arc<services::ServiceError>;

pub struct Loaders {
    pub events: DataLoader<OrderEvents>,
    pub refunds: DataLoader<OrderRefunds>,
    pub attempts: DataLoader<CallbackAttempts>,
    pub credentials: DataLoader<CredentialSummaries>,
    /// Orders by id (a refund's or a callback event's order).
    pub orders: DataLoader<OrdersById>,
    /// Delivery attempts by callback event id.
    pub event_attempts: DataLoader<EventAttempts>,
    pub fees: DataLoader<OrderFees>,
}

impl Loaders {
    pub fn new(core: &Arc<Core>) -> Self {
        Self {
            events: DataLoader::new(OrderEvents(core.clone()), tokio::spawn),
            refunds: DataLoader::new(OrderRefunds(core.clone()), tokio::spawn),
            attempts: DataLoader::new(CallbackAttempts(core.clone()), tokio::spawn),
            credentials: DataLoader::new(CredentialSummaries(core.clone()), tokio::spawn),
            orders: DataLoader::new(OrdersById(core.clone()), tokio::spawn),
            event_attempts: DataLoader::new(EventAttempts(core.clone()), tokio::spawn),
            fees: DataLoader::new(OrderFees(core.clone()), tokio::spawn),
        }
    }
}

pub struct OrderEvents(Arc<Core>);
pub struct OrderRefunds(Arc<Core>);
pub struct CallbackAttempts(Arc<Core>);
pub struct CredentialSummaries(Arc<Core>);
pub struct OrdersById(Arc<Core>);
pub struct EventAttempts(Arc<Core>);

impl Loader<String> for OrdersById {
    type Value = order::Model;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::orders::query::by_ids(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<String> for EventAttempts {
    type Value = Vec<callback_attempt::Model>;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::callbacks::attempts_by_event(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}
pub struct OrderFees(Arc<Core>);

impl Loader<String> for OrderEvents {
    type Value = Vec<order_event::Model>;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::orders::query::events_of(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<String> for OrderRefunds {
    type Value = Vec<refund::Model>;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::refunds::list_of(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<String> for CallbackAttempts {
    type Value = Vec<callback_attempt::Model>;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::callbacks::attempts_of(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<String> for CredentialSummaries {
    type Value = Vec<(CredentialKind, Summary)>;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::projects::credential_summaries(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}

impl Loader<String> for OrderFees {
    type Value = i64;
    type Error = LoadError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        services::reconciliation::order_fees(&self.0, keys)
            .await
            .map_err(Arc::new)
    }
}
