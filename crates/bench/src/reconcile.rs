//! `--reconcile`: one day of `n` paid orders (and a refund per hundred) reconciled against a
//! matching WeChat Pay bill, timed, with the process's peak memory during the run.
//!
//! The orders, refunds and the project are written straight into a fresh database (one
//! multi-row insert per thousand, as the limits phase writes directly); the bill is written by
//! the bills module's own writer (`WechatBillWriter`, gzip'd as WeChat sends it) and served by a
//! stub of `pay/downloadbill`, so the sandbox building a bill of its own (it holds a day's trades
//! to do it) does not weigh on the figure. A few amounts differ on the bill: the run records them
//! as discrepancies (with their callbacks). The run is the server's own (`reconcile_now`, what
//! `paycenter reconcile` and the `reconcile` mutation call) on a core without a listener. On
//! PostgreSQL the bulk-loaded tables are analysed first, as autovacuum has a production table.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use axum::body::Bytes;
use chrono::{NaiveDate, TimeDelta, Utc};
use entity::{order, refund};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use paycenter::auth::Principal;
use paycenter::config::Settings;
use paycenter::services::reconciliation;
use paycenter_db::ids;
use paycenter_domain::{Channel, OrderState, Provider, ReconciliationStatus, RefundState};
use paycenter_providers::bills::integrity::gzip;
use paycenter_providers::bills::wechat::{fee_at, Row, RowKind, WechatBillWriter};

use super::server::{rss_kib, FreshDb, Server};

/// Rows per insert.
const CHUNK: usize = 1000;
/// One order in this many is partly refunded the same day.
const REFUND_EVERY: usize = 100;
/// Orders whose amount the bill states differently.
const DIFFERING: usize = 5;

/// What the phase measured.
pub struct Measured {
    pub orders: usize,
    pub refunds: usize,
    pub bill_bytes: usize,
    pub elapsed: Duration,
    /// Resident memory before the run, and its peak during it (KiB).
    pub rss_before: Option<u64>,
    pub rss_peak: Option<u64>,
    /// The anonymous part (the heap: what the run itself holds), before and at its sampled peak
    /// (KiB); the rest of the RSS is file-backed (SQLite's memory-mapped database file).
    pub anon_before: Option<u64>,
    pub anon_peak: Option<u64>,
    pub status: ReconciliationStatus,
    pub discrepancies: i64,
    /// Generating the day (not measured).
    pub setup: Duration,
}

/// The peak resident set of this process (KiB), since the last [`reset_peak`].
fn peak_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// RssAnon of this process (KiB).
fn anon_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets the kernel's peak-RSS mark of this process (Linux: `5` to `clear_refs`).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Serves `body` as every `pay/downloadbill` answer.
async fn bill_stub(body: Bytes) -> anyhow::Result<(String, tokio::sync::oneshot::Sender<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().route(
        "/pay/downloadbill",
        axum::routing::post(move || {
            let body = body.clone();
            async move { body }
        }),
    );
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await;
    });
    Ok((format!("http://{addr}/"), stop))
}

pub async fn run(database_url: Option<&str>, n: usize) -> anyhow::Result<Measured> {
    let setup = Instant::now();
    let db = FreshDb::create(database_url).await?;
    // A server for the project (sandbox merchant credentials, through the API), then stopped.
    let server = Server::in_process(db.url()).await?;
    let api = super::client::Api::new(&server.base, 4)?;
    let admin = api.admin_token(&server.admin_password).await?;
    let shop = api
        .shop(&admin, crate::client::WechatApi::V2)
        .await
        .context("project")?;
    let conn = server
        .core()
        .map(|c| c.db.clone())
        .ok_or_else(|| anyhow!("in-process server expected"))?;
    server.stop().await;
    let conn = {
        // The server closed its pool; open one for the writes.
        drop(conn);
        paycenter::db::connect(db.url()).await?
    };

    let day: NaiveDate = paycenter_providers::bills::beijing_date(Utc::now()) - TimeDelta::days(1);
    let (start, _) = reconciliation::day_bounds(day);
    let step = 86_400_000_000i64 / i64::try_from(n.max(1))?;
    let mut csv = WechatBillWriter::new(Vec::with_capacity(n * 330))?;
    let mut refunds = 0usize;
    let mut orders_chunk = Vec::with_capacity(CHUNK);
    let mut refunds_chunk = Vec::new();
    let base_row = |time, no: &str, trade: &str, kind, fee_fen| Row {
        time,
        app_id: shop.app_id.clone(),
        mch_id: shop.mch_id.clone(),
        transaction_id: trade.to_owned(),
        out_trade_no: no.to_owned(),
        openid: "oBenchBuyer".into(),
        trade_type: "NATIVE".into(),
        kind,
        subject: "Bench coffee".into(),
        attach: String::new(),
        fee_fen,
        fee_rate: "0.60%".into(),
    };
    for i in 0..n {
        let paid_at = start + TimeDelta::microseconds(step * i64::try_from(i)?);
        let amount = 100 + i64::try_from(i % 9_900)?;
        let no = format!("R{i:07}");
        let trade = format!("42000000002026{i:014}");
        let refunded = (i % REFUND_EVERY == 7).then_some(amount / 2);
        let id = ids::new_id("ord");
        orders_chunk.push(order::ActiveModel {
            id: Set(id.clone()),
            project_id: Set(shop.project_id.clone()),
            order_no: Set(no.clone()),
            channel: Set(Channel::WechatNative),
            amount: Set(amount),
            subject: Set("Bench coffee".into()),
            attach: Set(None),
            state: Set(if refunded.is_some() {
                OrderState::PartiallyRefunded
            } else {
                OrderState::Paid
            }),
            user_id: Set(None),
            payer: Set(Some("oBenchBuyer".into())),
            provider_trade_no: Set(Some(trade.clone())),
            paid_amount: Set(Some(amount)),
            refunded_amount: Set(refunded.unwrap_or(0)),
            pay_params: Set(None),
            prepay_id: Set(None),
            flagged: Set(false),
            flag_reason: Set(None),
            callback_delivered: Set(true),
            return_url: Set(None),
            expires_at: Set(paid_at + TimeDelta::minutes(15)),
            paid_at: Set(Some(paid_at)),
            closed_at: Set(None),
            created_at: Set(paid_at - TimeDelta::seconds(30)),
            updated_at: Set(paid_at),
            credential_kind: Set(Some(paycenter_domain::CredentialKind::WechatV2)),
        });
        let billed = if i < DIFFERING { amount + 1 } else { amount };
        csv.row(&base_row(
            paid_at,
            &no,
            &trade,
            RowKind::Payment { total_fen: billed },
            fee_at(billed, 60),
        ))?;
        if let Some(r) = refunded {
            let at = paid_at + TimeDelta::microseconds(step / 2);
            let refund_no = format!("RF{i:07}");
            let provider_no = format!("50300000002026{i:015}");
            refunds_chunk.push(refund::ActiveModel {
                id: Set(ids::new_id("rfd")),
                order_id: Set(id),
                project_id: Set(shop.project_id.clone()),
                refund_no: Set(refund_no.clone()),
                amount: Set(r),
                reason: Set(None),
                state: Set(RefundState::Succeeded),
                provider_refund_no: Set(Some(provider_no.clone())),
                failure_reason: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                succeeded_at: Set(Some(at)),
                failed_at: Set(None),
            });
            csv.row(&base_row(
                at,
                &no,
                &trade,
                RowKind::Refund {
                    refund_id: provider_no,
                    out_refund_no: refund_no,
                    refund_fen: r,
                },
                (2 * fee_at(amount, 60) * r + amount) / (2 * amount),
            ))?;
            refunds += 1;
        }
        if orders_chunk.len() == CHUNK || i + 1 == n {
            order::Entity::insert_many(std::mem::take(&mut orders_chunk))
                .exec_without_returning(&conn)
                .await?;
            if !refunds_chunk.is_empty() {
                refund::Entity::insert_many(std::mem::take(&mut refunds_chunk))
                    .exec_without_returning(&conn)
                    .await?;
            }
        }
    }
    // A production database has statistics for its orders (autovacuum analyses as they are
    // written); a table bulk-loaded a moment ago has none, and PostgreSQL would plan the day's
    // lookups for a table of a few rows.
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        conn.execute_unprepared("ANALYZE orders").await?;
        conn.execute_unprepared("ANALYZE refunds").await?;
    }
    let bill = Bytes::from(gzip(&csv.finish()?));
    let bill_bytes = bill.len();
    let _ = conn.close().await;

    let (stub, stop_stub) = bill_stub(bill).await?;
    let mut settings = Settings::default();
    settings.database.url = db.url().to_owned();
    settings.sandbox.enabled = false;
    settings.providers.wechat_pay_base = Some(stub);
    settings.secrets.jwt_secret = Some(secrecy::SecretString::from(
        "bench-jwt-secret-0123456789abcdef0123456789".to_owned(),
    ));
    settings.secrets.master_key = Some(secrecy::SecretString::from(
        super::server::MASTER_KEY.to_owned(),
    ));
    settings.log.format = paycenter::config::LogFormat::Text;
    let (core, stop) = paycenter::app::command_core(settings)
        .await
        .map_err(|e| anyhow!("core: {e}"))?;
    let setup = setup.elapsed();

    // Let the allocator settle, then measure from here.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pid = std::process::id();
    let rss_before = rss_kib(pid);
    let hwm = reset_peak();
    let anon_before = anon_kib();
    let sampled = Arc::new(std::sync::atomic::AtomicU64::new(rss_before.unwrap_or(0)));
    let anon = Arc::new(std::sync::atomic::AtomicU64::new(anon_before.unwrap_or(0)));
    let sampling = {
        let (sampled, anon) = (sampled.clone(), anon.clone());
        tokio::spawn(async move {
            loop {
                if let Some(k) = rss_kib(pid) {
                    sampled.fetch_max(k, std::sync::atomic::Ordering::Relaxed);
                }
                if let Some(k) = anon_kib() {
                    anon.fetch_max(k, std::sync::atomic::Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let operator = Principal::Admin {
        admin_id: "bench".into(),
        username: "paycenter-bench".into(),
        role: paycenter_domain::AdminRole::Owner,
    };
    let t0 = Instant::now();
    let actor = paycenter::services::audit_log::Actor::new(&operator, None);
    let reports = reconciliation::reconcile_now(
        &core,
        &actor,
        &shop.project_id,
        day,
        Some(Provider::Wechat),
        None,
    )
    .await
    .map_err(|e| anyhow!("reconcile: {e}"))?;
    let elapsed = t0.elapsed();
    sampling.abort();
    let peak = match (hwm, peak_kib()) {
        (true, Some(p)) => Some(p.max(sampled.load(std::sync::atomic::Ordering::Relaxed))),
        _ => Some(sampled.load(std::sync::atomic::Ordering::Relaxed)).filter(|k| *k > 0),
    };
    let report = reports
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("no report"))?;
    if report.status != ReconciliationStatus::Done {
        eprintln!("reconcile: {:?} {:?}", report.status, report.last_error);
    }
    let _ = stop.send(true);
    let _ = stop_stub.send(());
    let _ = core.db.clone().close().await;
    db.remove().await;
    Ok(Measured {
        orders: n,
        refunds,
        bill_bytes,
        elapsed,
        rss_before,
        rss_peak: peak,
        anon_before,
        anon_peak: Some(anon.load(std::sync::atomic::Ordering::Relaxed)).filter(|k| *k > 0),
        status: report.status,
        discrepancies: report.discrepancies,
        setup,
    })
}
