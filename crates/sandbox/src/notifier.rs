//! Delivers the sandbox's provider notifies to merchants' `notify_url`s and retries them, on the
//! providers' own schedules, until the exact acknowledgement comes back.
//!
//! Pending notifies are rows in `sandbox_notifications` (a provider keeps retrying across its own
//! restarts, and so does the sandbox). Each delivery is claimed with a conditional update, so
//! several instances sharing a database never send the same attempt twice.

use std::time::Duration;

use crate::entity::notification;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tokio::sync::watch;

use super::SandboxState;

/// WeChat Pay (v2 and v3): 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h (about 24 h).
const WECHAT_SCHEDULE: [u64; 15] = [
    15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];
/// Alipay: 4m/10m/10m/1h/2h/6h/15h (8 attempts over about 25 h).
const ALIPAY_SCHEDULE: [u64; 7] = [240, 600, 600, 3600, 7200, 21600, 54000];

/// How long a claimed delivery is reserved for the instance that claimed it.
const CLAIM_LEASE: Duration = Duration::from_secs(30);
const BATCH: u64 = 32;
const MAX_ERROR_LEN: usize = 200;

/// The retry schedule, optionally compressed for tests (`speedup` 1000: 15 s becomes 15 ms).
#[derive(Debug, Clone, Copy)]
pub struct NotifySchedule {
    pub speedup: u32,
}

impl NotifySchedule {
    /// The delay before retry number `attempt` (1-based), or None when the provider gives up.
    pub fn delay(&self, provider: &str, attempt: usize) -> Option<Duration> {
        let table: &[u64] = if provider == "alipay" {
            &ALIPAY_SCHEDULE
        } else {
            &WECHAT_SCHEDULE
        };
        let secs = *table.get(attempt.checked_sub(1)?)?;
        Some(Duration::from_millis(
            secs.saturating_mul(1000) / u64::from(self.speedup.max(1)),
        ))
    }
}

/// Queues a notify for delivery now and wakes the delivery loop.
pub async fn enqueue(
    state: &SandboxState,
    provider: &str,
    merchant_id: &str,
    url: &str,
    content_type: &str,
    body: String,
) -> Result<(), sea_orm::DbErr> {
    enqueue_in(&state.db, provider, merchant_id, url, content_type, body).await?;
    state.wake.notify_one();
    Ok(())
}

/// Queues a notify inside the caller's transaction (the provider records the payment and owes
/// its notify in one step); wake the loop (`state.wake`) after the commit.
pub async fn enqueue_in<C: sea_orm::ConnectionTrait>(
    conn: &C,
    provider: &str,
    merchant_id: &str,
    url: &str,
    content_type: &str,
    body: String,
) -> Result<(), sea_orm::DbErr> {
    enqueue_at(
        conn,
        provider,
        merchant_id,
        url,
        content_type,
        body,
        Utc::now(),
    )
    .await
}

/// Queues a notify whose first attempt is due at `due`.
async fn enqueue_at<C: sea_orm::ConnectionTrait>(
    conn: &C,
    provider: &str,
    merchant_id: &str,
    url: &str,
    content_type: &str,
    body: String,
    due: chrono::DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    notification::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbn")),
        provider: Set(provider.to_owned()),
        merchant_id: Set(merchant_id.to_owned()),
        url: Set(url.to_owned()),
        content_type: Set(content_type.to_owned()),
        body: Set(body),
        attempts: Set(0),
        next_attempt_at: Set(Some(due)),
        delivered_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Queues a notify about one trade inside the caller's transaction (held back under a
/// `notifyDelayMs` rule), or, under a trade rule that drops its notifies (`faults`), records it
/// as sent and lost: given up, never delivered.
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_for_trade_in<C: sea_orm::ConnectionTrait>(
    state: &SandboxState,
    conn: &C,
    provider: &str,
    merchant_id: &str,
    out_trade_no: &str,
    url: &str,
    content_type: &str,
    body: String,
) -> Result<(), sea_orm::DbErr> {
    if !state.faults.drops_trade_notifies(merchant_id, out_trade_no) {
        // A `notifyDelayMs` rule holds it back (the browser's return then arrives first).
        let delay = state
            .faults
            .notify_delay(merchant_id, out_trade_no)
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .unwrap_or_default();
        let due = Utc::now() + delay;
        return enqueue_at(conn, provider, merchant_id, url, content_type, body, due).await;
    }
    let now = Utc::now();
    notification::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbn")),
        provider: Set(provider.to_owned()),
        merchant_id: Set(merchant_id.to_owned()),
        url: Set(url.to_owned()),
        content_type: Set(content_type.to_owned()),
        body: Set(body),
        attempts: Set(0),
        next_attempt_at: Set(None),
        delivered_at: Set(None),
        last_error: Set(Some(format!(
            "dropped by fault injection (trade {out_trade_no})"
        ))),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Runs until `shutdown` turns true.
pub async fn run(state: SandboxState, mut shutdown: watch::Receiver<bool>) {
    loop {
        let next = match deliver_due(&state).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "sandbox notifier: database error");
                Some(Duration::from_secs(1))
            }
        };
        let wait = next
            .unwrap_or(Duration::from_secs(1))
            .min(Duration::from_secs(1));
        tokio::select! {
            _ = state.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Delivers what is due; returns how long until the next row is due (if known soon).
async fn deliver_due(state: &SandboxState) -> Result<Option<Duration>, sea_orm::DbErr> {
    let now = Utc::now();
    let due = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::NextAttemptAt.lte(now))
        .order_by_asc(notification::Column::NextAttemptAt)
        .limit(BATCH)
        .all(&state.db)
        .await?;
    let mut tasks = Vec::with_capacity(due.len());
    for row in due {
        if claim(&state.db, &row).await? {
            let state = state.clone();
            tasks.push(tokio::spawn(async move { attempt(&state, row).await }));
        }
    }
    for t in tasks {
        if let Ok(Err(e)) = t.await {
            tracing::warn!(error = %e, "sandbox notifier: could not record an attempt");
        }
    }
    let next = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::NextAttemptAt.is_not_null())
        .order_by_asc(notification::Column::NextAttemptAt)
        .one(&state.db)
        .await?
        .and_then(|r| r.next_attempt_at)
        .map(|at| (at - Utc::now()).to_std().unwrap_or_default());
    Ok(next)
}

/// Reserves a row for this instance (conditional on nobody else having moved it).
async fn claim(db: &DatabaseConnection, row: &notification::Model) -> Result<bool, sea_orm::DbErr> {
    let lease = Utc::now() + chrono::Duration::from_std(CLAIM_LEASE).unwrap_or_default();
    let res = notification::Entity::update_many()
        .col_expr(notification::Column::NextAttemptAt, Expr::value(lease))
        .filter(notification::Column::Id.eq(row.id.clone()))
        .filter(notification::Column::NextAttemptAt.eq(row.next_attempt_at))
        .filter(notification::Column::DeliveredAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

async fn attempt(state: &SandboxState, row: notification::Model) -> Result<(), sea_orm::DbErr> {
    let outcome = if state.faults.drops_notifies(&row.merchant_id) {
        Err("dropped by fault injection".to_owned())
    } else {
        send(state, &row).await
    };
    let attempts = row.attempts.saturating_add(1);
    let mut am: notification::ActiveModel = row.clone().into();
    am.attempts = Set(attempts);
    match outcome {
        Ok(()) => {
            am.delivered_at = Set(Some(Utc::now()));
            am.next_attempt_at = Set(None);
            am.last_error = Set(None);
        }
        Err(e) => {
            let delay = state.schedule.delay(
                &row.provider,
                usize::try_from(attempts).unwrap_or(usize::MAX),
            );
            am.next_attempt_at =
                Set(delay.map(|d| Utc::now() + chrono::Duration::from_std(d).unwrap_or_default()));
            am.last_error = Set(Some(e.chars().take(MAX_ERROR_LEN).collect()));
            tracing::debug!(url = %row.url, attempts, error = %e, "sandbox notify not acknowledged");
        }
    }
    am.update(&state.db).await?;
    Ok(())
}

/// POSTs the notify; Ok only on the provider's exact acknowledgement.
async fn send(state: &SandboxState, row: &notification::Model) -> Result<(), String> {
    let v3 = row.provider == crate::wechat_v3::notify::NOTIFY_PROVIDER;
    let mut req = state
        .http
        .post(&row.url)
        .header(reqwest::header::CONTENT_TYPE, &row.content_type);
    if v3 {
        // Signed now, so the timestamp is fresh on every attempt.
        let headers =
            crate::wechat_v3::notify::signed_headers(state, &row.merchant_id, row.body.as_bytes())
                .await
                .map_err(|e| e.to_string())?;
        for (name, value) in headers {
            req = req.header(name, value);
        }
    }
    let resp = req
        .body(row.body.clone())
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    let status = resp.status();
    let text = resp.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    let acked = if v3 {
        // v3: HTTP 200 or 204 acknowledges, whatever the body.
        matches!(status.as_u16(), 200 | 204)
    } else if row.provider == "alipay" {
        text.trim() == "success"
    } else {
        paycenter_providers::wechat_v2::xml::decode(text.as_bytes())
            .ok()
            .and_then(|f| f.get("return_code").cloned())
            .is_some_and(|c| c == "SUCCESS")
    };
    if acked {
        Ok(())
    } else {
        Err(format!(
            "not acknowledged: {}",
            text.chars().take(80).collect::<String>()
        ))
    }
}

/// Waits until every queued notify is delivered or given up (tests and tools).
pub async fn pending(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::NextAttemptAt.is_not_null())
        .count(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_the_providers_and_compress() {
        let real = NotifySchedule { speedup: 1 };
        assert_eq!(real.delay("wechat", 1), Some(Duration::from_secs(15)));
        assert_eq!(real.delay("wechat", 4), Some(Duration::from_secs(180)));
        assert_eq!(real.delay("wechat", 15), Some(Duration::from_secs(21600)));
        assert_eq!(real.delay("wechat", 16), None);
        assert_eq!(real.delay("alipay", 1), Some(Duration::from_secs(240)));
        assert_eq!(real.delay("alipay", 8), None);
        let fast = NotifySchedule { speedup: 1000 };
        assert_eq!(fast.delay("wechat", 1), Some(Duration::from_millis(15)));
    }
}
