//! The provider sandbox: an emulator of WeChat Pay v2, `sns/jscode2session` and the Alipay gateway
//! on their real paths and wire formats, plus controls to play the buyer and inject faults.
//!
//! Where its state lives, and why:
//! - merchants, trades, refunds, login codes, pending notifies and the Alipay platform key are
//!   provider-side records. They live in paycenter's database (`sandbox_*` tables), so the sandbox
//!   survives restarts and several paycenter instances sharing one database see one provider, as
//!   they would in production. They are bounded by `prune`, which drops records older than
//!   `RETENTION`.
//! - fault rules are test controls of one running sandbox: memory, bounded (`faults::MAX_RULES`).

pub mod alipay;
pub mod buyer;
pub mod error;
pub mod faults;
pub mod issued;
pub mod merchants;
pub mod notifier;
pub mod platform;
pub mod trades;
pub mod wechat;

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
    /// Reads outside transactions (`db::connect_reads`).
    pub read: DatabaseConnection,
    pub http: reqwest::Client,
    pub faults: Arc<Faults>,
    /// Wakes the notify delivery loop when a notify is queued.
    pub wake: Arc<tokio::sync::Notify>,
    pub schedule: NotifySchedule,
    /// The key pair the emulated Alipay signs responses and notifies with.
    pub alipay: Arc<AlipayPlatform>,
    /// New trades, group-committed.
    pub trades: trades::TradeWrites,
    /// Merchants already looked up (they never change).
    pub merchants: Arc<merchants::Known>,
}

impl SandboxState {
    pub async fn new(
        db: DatabaseConnection,
        read: DatabaseConnection,
        speedup: u32,
    ) -> Result<Self, SandboxError> {
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
            wake: Arc::new(tokio::sync::Notify::new()),
            schedule: NotifySchedule { speedup },
            alipay,
            merchants: Arc::new(merchants::Known::default()),
        })
    }
}

/// Everything under `/sandbox`.
pub fn router(state: SandboxState) -> Router {
    Router::new()
        .merge(wechat::router())
        .merge(alipay::router())
        .merge(merchants::router())
        .merge(buyer::router())
        .merge(faults::router())
        .with_state(state)
}

/// Deletes provider records older than `RETENTION`.
pub async fn prune(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use entity::{sandbox_code, sandbox_notification, sandbox_order, sandbox_refund};
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
