//! The provider sandbox: an emulator of WeChat Pay v2 and v3, `sns/jscode2session` and the Alipay gateway
//! on their real paths and wire formats, plus controls to play the buyer and inject faults.
//!
//! Where its state lives, and why:
//! - merchants, trades, refunds, login codes, pending notifies and the Alipay platform key are
//!   provider-side records. They live in paycenter's database (`sandbox_*` tables), so the sandbox
//!   survives restarts and several paycenter instances sharing one database see one provider, as
//!   they would in production. They are bounded by `prune`, which drops records older than
//!   `RETENTION`.
//! - fault rules and settings are test controls of one running sandbox: memory, bounded
//!   (`faults::MAX_RULES`), like the Alipay bill download links (`bills::Links`).
//!
//! The providers' daily trade bills are built from those records on demand (`bills`).

pub mod alipay;
pub mod bills;
pub mod buyer;
pub mod entity;
pub mod error;
pub mod faults;
pub mod issued;
pub mod merchants;
pub mod migration;
pub mod notifier;
pub mod platform;
pub mod portal;
pub mod settings;
pub mod trades;
pub mod wechat;
pub mod wechat_v3;

use std::sync::Arc;

use axum::Router;
use sea_orm::DatabaseConnection;

pub use error::SandboxError;
pub use faults::Faults;
pub use notifier::NotifySchedule;
pub use platform::AlipayPlatform;

/// Provider records older than this are pruned.
pub const RETENTION: chrono::Duration = chrono::Duration::days(30);

#[derive(Clone)]
pub struct SandboxState {
    pub db: DatabaseConnection,
    /// Reads outside transactions (`paycenter_db::connect_reads`).
    pub read: paycenter_db::Reader,
    pub http: reqwest::Client,
    pub faults: Arc<Faults>,
    /// The sandbox's knobs (bill readiness and clock).
    pub settings: Arc<settings::SettingsStore>,
    /// Alipay bill download links handed out.
    pub bill_links: Arc<bills::Links>,
    /// WeChat Pay v3 bill files handed out.
    pub bill_files: Arc<bills::Files>,
    /// Wakes the notify delivery loop when a notify is queued.
    pub wake: Arc<tokio::sync::Notify>,
    pub schedule: NotifySchedule,
    /// The key pair the emulated Alipay signs responses and notifies with.
    pub alipay: Arc<AlipayPlatform>,
    /// New trades, group-committed.
    pub trades: trades::TradeWrites,
    /// Merchants already looked up (they never change).
    pub merchants: Arc<merchants::Known>,
    /// WeChat Pay v3 merchants and signing keys already parsed.
    pub wechat_v3: Arc<wechat_v3::keys::Keys>,
    /// The host's word on what a merchant's app handed the buyer (`issued`), when mounted.
    pub handoff: Option<Arc<dyn issued::Handoff>>,
}

impl SandboxState {
    pub async fn new(
        db: DatabaseConnection,
        read: paycenter_db::Reader,
        speedup: u32,
    ) -> Result<Self, SandboxError> {
        migration::migrate(&db).await?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| SandboxError::Internal(e.to_string()))?;
        let alipay = Arc::new(AlipayPlatform::load_or_create(&db).await?);
        Ok(Self {
            trades: trades::TradeWrites::start(db.clone(), read.clone()),
            db,
            read,
            http,
            faults: Arc::new(Faults::default()),
            settings: Arc::new(settings::SettingsStore::default()),
            bill_links: Arc::new(bills::Links::default()),
            bill_files: Arc::new(bills::Files::default()),
            wake: Arc::new(tokio::sync::Notify::new()),
            schedule: NotifySchedule { speedup },
            alipay,
            merchants: Arc::new(merchants::Known::default()),
            wechat_v3: Arc::new(wechat_v3::keys::Keys::default()),
            handoff: None,
        })
    }

    /// Lets `POST /sandbox/buyer` ask the host for an app order's `orderInfo` (see `issued`).
    pub fn with_handoff(mut self, handoff: Arc<dyn issued::Handoff>) -> Self {
        self.handoff = Some(handoff);
        self
    }
}

/// Everything under `/sandbox`.
pub fn router(state: SandboxState) -> Router {
    Router::new()
        .merge(wechat::router())
        .merge(wechat_v3::router())
        .merge(alipay::router())
        .merge(merchants::router())
        .merge(buyer::router())
        .merge(faults::router())
        .merge(settings::router())
        .with_state(state)
}

/// Deletes provider records older than `RETENTION`.
pub async fn prune(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use crate::entity::{
        code as sandbox_code, notification as sandbox_notification, order as sandbox_order,
        refund as sandbox_refund,
    };
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let cutoff = chrono::Utc::now() - RETENTION;
    sandbox_code::Entity::delete_many()
        .filter(sandbox_code::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    sandbox_notification::Entity::delete_many()
        .filter(sandbox_notification::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    sandbox_refund::Entity::delete_many()
        .filter(sandbox_refund::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    sandbox_order::Entity::delete_many()
        .filter(sandbox_order::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(())
}

/// Runs the emulator alone on `bind` over the database at `database_url` (its own tables only)
/// until `shutdown` resolves: `paycenter sandbox` and `paycenter-sandbox` both use it.
pub async fn serve(
    database_url: &str,
    bind: std::net::SocketAddr,
    speedup: u32,
    body_limit_bytes: usize,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), SandboxError> {
    let db = paycenter_db::connect(database_url).await?;
    let read = paycenter_db::connect_reads(database_url, &db).await?;
    let state = SandboxState::new(db, read, speedup).await?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| SandboxError::Internal(format!("cannot bind {bind}: {e}")))?;
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    // The writer's own checkpoint is only a backstop here too (see `paycenter_db::connect`).
    let checkpointer = paycenter_db::checkpointer(database_url, stop_rx.clone());
    let notifier = tokio::spawn(notifier::run(state.clone(), stop_rx));
    let app = Router::new()
        .nest("/sandbox", router(state))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            body_limit_bytes,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http());
    tracing::warn!(address = %bind, "paycenter SANDBOX listening: an emulated WeChat Pay and Alipay anyone who reaches this address can drive (test use only)");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| SandboxError::Internal(format!("serving {bind}: {e}")))?;
    let _ = stop.send(true);
    let _ = notifier.await;
    if let Some(c) = checkpointer {
        let _ = c.await;
    }
    Ok(())
}
