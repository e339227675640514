//! The limits our figures are compared with: a bare axum handler with the same client and
//! concurrency, and the same database work done directly (the same batched writer and
//! statements, no HTTP, GraphQL or signatures).

use std::sync::Arc;

use anyhow::anyhow;
use axum::routing::post;
use chrono::Utc;
use entity::order;
use paycenter::core::Core;
use paycenter::outbox::queue::JobKind;
use paycenter::store::order_writes::{Change, NewOrder};
use paycenter_db::ids;
use paycenter_domain::{Channel, OrderEventKind, OrderState};
use paycenter_sandbox::entity::order as sandbox_order;
use paycenter_sandbox::trades::{Opened, TradeWrites};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::client::{Placed, PAY_ORDER};
use super::stats::{closed_loop, Sample, Window};

/// A trivial POST handler served in-process, hit by the same reqwest client set-up at the same
/// concurrency with a body the size of a payOrder request.
pub async fn bare_axum(w: Window) -> anyhow::Result<Sample> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().route(
        "/echo",
        post(|body: axum::body::Bytes| async move { format!("{{\"len\":{}}}", body.len()) }),
    );
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
    });
    let api = super::client::Api::new(&format!("http://{addr}"), w.concurrency)?;
    let body = Arc::new(
        serde_json::json!({"query": PAY_ORDER, "variables": {"i": {
        "projectId": "prj_0000000000000000000000", "orderNo": "B-000000", "amount": 100,
        "subject": "Bench coffee", "channel": "WECHAT_NATIVE"}}})
        .to_string(),
    );
    let (s, _) = closed_loop(w, move |_| {
        let (http, url, body) = (api.http.clone(), format!("{}/echo", api.base), body.clone());
        async move {
            let r = http
                .post(url)
                .header("content-type", "application/json")
                .body(body.as_bytes().to_vec())
                .send()
                .await?;
            if !r.status().is_success() {
                return Err(anyhow!("status {}", r.status()));
            }
            r.bytes().await?;
            Ok(())
        }
    })
    .await;
    let _ = stop.send(());
    let _ = server.await;
    Ok(s)
}

/// payOrder's database work without HTTP, GraphQL, signing or the sandbox's HTTP hop, through
/// the same batched writer (`OrderWrites`) and at the same concurrency: create the order (with
/// its CREATED event and two jobs), the sandbox's insert of its trade, then the
/// prepay details with their PREPAY event.
pub async fn db_pay(
    db: &DatabaseConnection,
    core: Arc<Core>,
    project_id: &str,
    w: Window,
) -> (Sample, Vec<Placed>) {
    let pid = Arc::new(project_id.to_owned());
    // The sandbox's own group-committed trade writer, as its unifiedorder uses it (every number
    // here is new, so its read of a taken one never runs).
    let trades = TradeWrites::start(db.clone(), paycenter_db::Reader::of(db.clone()));
    closed_loop(w, move |i| {
        let (pid, core, trades) = (pid.clone(), core.clone(), trades.clone());
        async move {
            let order_no = format!("D{i}");
            let now = Utc::now();
            let row = order::ActiveModel {
                id: Set(ids::new_id("ord")),
                project_id: Set(pid.to_string()),
                order_no: Set(order_no.clone()),
                channel: Set(Channel::WechatNative),
                credential_kind: Set(Some(paycenter_domain::CredentialKind::WechatV2)),
                amount: Set(100),
                subject: Set("Bench coffee".into()),
                attach: Set(None),
                state: Set(OrderState::Pending),
                user_id: Set(None),
                payer: Set(None),
                provider_trade_no: Set(None),
                paid_amount: Set(None),
                refunded_amount: Set(0),
                pay_params: Set(None),
                prepay_id: Set(None),
                flagged: Set(false),
                flag_reason: Set(None),
                callback_delivered: Set(false),
                return_url: Set(None),
                expires_at: Set(now + chrono::Duration::seconds(900)),
                paid_at: Set(None),
                closed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            };
            let o = core
                .writes
                .create(NewOrder {
                    row,
                    detail: format!("{order_no} 100 fen via WECHAT_NATIVE"),
                    jobs: vec![
                        (JobKind::Reconcile, now + chrono::Duration::seconds(60)),
                        (JobKind::Expire, now + chrono::Duration::seconds(900)),
                    ],
                })
                .await
                .map_err(|e| anyhow!("{e}"))?
                .ok_or_else(|| anyhow!("order number reused"))?;
            // The sandbox: its trade.
            let merchant = format!("bench-{}", &pid[pid.len().saturating_sub(8)..]);
            let trade = trades
                .open(sandbox_order::ActiveModel {
                    id: Set(ids::new_id("sbo")),
                    provider: Set("wechat".into()),
                    merchant_id: Set(merchant),
                    out_trade_no: Set(order_no.clone()),
                    app_id: Set("wxbench".into()),
                    trade_type: Set("NATIVE".into()),
                    total_fee: Set(100),
                    subject: Set("Bench coffee".into()),
                    attach: Set(None),
                    notify_url: Set(Some("http://127.0.0.1/notify".into())),
                    openid: Set(None),
                    state: Set("NOTPAY".into()),
                    prepay_id: Set(Some(format!("wx{i:030}"))),
                    code_url: Set(Some(format!("weixin://wxpay/bizpayurl?pr=b{i}"))),
                    transaction_id: Set(None),
                    buyer_id: Set(None),
                    fingerprint: Set("0".repeat(64)),
                    sign_type: Set("MD5".into()),
                    time_expire: Set(Some(now + chrono::Duration::seconds(900))),
                    paid_at: Set(None),
                    refunded_fee: Set(0),
                    return_url: Set(None),
                    quit_url: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                })
                .await
                .map_err(|e| anyhow!("{e}"))?;
            if matches!(trade, Opened::Taken(_)) {
                return Err(anyhow!("sandbox trade exists"));
            }
            core.writes
                .change(Change {
                    order_id: o.id.clone(),
                    from: Vec::new(),
                    to: None,
                    kind: OrderEventKind::Prepay,
                    detail: Some("<xml>…</xml>".into()),
                    set: vec![
                        (
                            order::Column::PayParams,
                            "{\"codeUrl\":\"weixin://wxpay/bizpayurl?pr=bench\"}".into(),
                        ),
                        (order::Column::PrepayId, "wx_bench_prepay".into()),
                    ],
                    publish: false,
                })
                .await
                .map_err(|e| anyhow!("{e}"))?;
            Ok(Placed { id: o.id, order_no })
        }
    })
    .await
}

/// The notify's database work without HTTP or verification, through the same batched writer:
/// find the order by number, then PENDING → PAID with its PAID event and the merchant
/// callback's event and job. `read` is the pool the notify finds its order on.
pub async fn db_notify(
    read: &paycenter_db::Reader,
    core: Arc<Core>,
    project_id: &str,
    orders: Arc<Vec<Placed>>,
    w: Window,
) -> Sample {
    let (db, pid) = (read.clone(), Arc::new(project_id.to_owned()));
    let w = Window {
        max_ops: w.max_ops.min(orders.len() as u64),
        ..w
    };
    closed_loop(w, move |i| {
        let (db, pid, orders, core) = (db.clone(), pid.clone(), orders.clone(), core.clone());
        async move {
            let placed = orders
                .get(i as usize)
                .ok_or_else(|| anyhow!("no order {i}"))?;
            let o = order::Entity::find()
                .filter(order::Column::ProjectId.eq(pid.as_str()))
                .filter(order::Column::OrderNo.eq(placed.order_no.as_str()))
                .one(&db)
                .await?
                .ok_or_else(|| anyhow!("no order"))?;
            let changed = core
                .writes
                .change(Change {
                    order_id: o.id.clone(),
                    from: OrderState::PAYABLE_FROM.to_vec(),
                    to: Some(OrderState::Paid),
                    kind: OrderEventKind::Paid,
                    detail: Some("NOTIFY\n<xml>…</xml>".into()),
                    set: vec![
                        (order::Column::PaidAt, Utc::now().into()),
                        (
                            order::Column::ProviderTradeNo,
                            format!("4200{i:020}").into(),
                        ),
                        (order::Column::Payer, "oBenchBuyer".into()),
                        (order::Column::PaidAmount, 100i64.into()),
                    ],
                    publish: true,
                })
                .await
                .map_err(|e| anyhow!("{e}"))?;
            if changed.applied() {
                Ok(())
            } else {
                Err(anyhow!("not PENDING"))
            }
        }
    })
    .await
    .0
}

/// The floor under both: one database round trip (`SELECT 1`) through the same pool, at the same
/// concurrency. On SQLite every statement is a hand-off to the connection's worker thread and
/// back; a payment's figure is this rate divided by its statements.
pub async fn db_round_trip(db: &DatabaseConnection, w: Window) -> Sample {
    use sea_orm::{ConnectionTrait, Statement};
    let db = db.clone();
    closed_loop(w, move |_| {
        let db = db.clone();
        async move {
            let backend = db.get_database_backend();
            db.query_one_raw(Statement::from_string(backend, "SELECT 1"))
                .await?
                .ok_or_else(|| anyhow!("no row"))?;
            Ok(())
        }
    })
    .await
    .0
}
