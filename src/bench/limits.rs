//! The limits our figures are compared with: a bare axum handler with the same client and
//! concurrency, and the same database writes done directly through sea-orm.

use std::sync::Arc;

use anyhow::anyhow;
use axum::routing::post;
use chrono::Utc;
use entity::{order, project};
use paycenter::domain::OrderState;
use paycenter::services::ids;
use paycenter::services::orders::transitions::record;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QuerySelect, Set,
};

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

/// payOrder's writes without HTTP, GraphQL or the provider: read the project, look for the
/// order number, insert the order + CREATED event (one write transaction), then store the prepay
/// + PREPAY event (a second one) — as `services::orders::pay` does.
pub async fn db_pay(db: &DatabaseConnection, project_id: &str, w: Window) -> (Sample, Vec<Placed>) {
    let (db, pid) = (db.clone(), Arc::new(project_id.to_owned()));
    closed_loop(w, move |i| {
        let (db, pid) = (db.clone(), pid.clone());
        async move {
            let order_no = format!("D{i}");
            project::Entity::find_by_id(pid.as_str())
                .one(&db)
                .await?
                .ok_or_else(|| anyhow!("no project"))?;
            let existing = order::Entity::find()
                .filter(order::Column::ProjectId.eq(pid.as_str()))
                .filter(order::Column::OrderNo.eq(order_no.as_str()))
                .one(&db)
                .await?;
            if existing.is_some() {
                return Err(anyhow!("order number reused"));
            }
            let now = Utc::now();
            let txn = paycenter::db::begin_write(&db).await?;
            let o = order::ActiveModel {
                id: Set(ids::new_id("ord")),
                project_id: Set(pid.to_string()),
                order_no: Set(order_no.clone()),
                channel: Set("WECHAT_NATIVE".into()),
                amount: Set(100),
                subject: Set("Bench coffee".into()),
                attach: Set(None),
                state: Set(OrderState::Pending.as_str().to_owned()),
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
                expires_at: Set(now + chrono::Duration::seconds(7200)),
                paid_at: Set(None),
                closed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            record(
                &txn,
                &o.id,
                "CREATED",
                None,
                Some(OrderState::Pending),
                Some("100 fen"),
            )
            .await
            .map_err(|e| anyhow!("{e}"))?;
            txn.commit().await?;
            let txn = paycenter::db::begin_write(&db).await?;
            order::Entity::update_many()
                .col_expr(
                    order::Column::PayParams,
                    Expr::value("{\"codeUrl\":\"weixin://wxpay/bizpayurl?pr=bench\"}"),
                )
                .col_expr(order::Column::PrepayId, Expr::value("wx_bench_prepay"))
                .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(order::Column::Id.eq(o.id.clone()))
                .exec(&txn)
                .await?;
            record(&txn, &o.id, "PREPAY", None, None, Some("<xml>…</xml>"))
                .await
                .map_err(|e| anyhow!("{e}"))?;
            txn.commit().await?;
            Ok(Placed { id: o.id, order_no })
        }
    })
    .await
}

/// The notify's writes without HTTP or verification: read the project and the order, then the
/// conditional PENDING → PAID update + PAID event in one write transaction (row-locked read first
/// on PostgreSQL) — as `transitions::transition` does.
pub async fn db_notify(
    db: &DatabaseConnection,
    project_id: &str,
    orders: Arc<Vec<Placed>>,
    w: Window,
) -> Sample {
    let (db, pid) = (db.clone(), Arc::new(project_id.to_owned()));
    let w = Window {
        max_ops: w.max_ops.min(orders.len() as u64),
        ..w
    };
    closed_loop(w, move |i| {
        let (db, pid, orders) = (db.clone(), pid.clone(), orders.clone());
        async move {
            let placed = orders
                .get(i as usize)
                .ok_or_else(|| anyhow!("no order {i}"))?;
            project::Entity::find_by_id(pid.as_str())
                .one(&db)
                .await?
                .ok_or_else(|| anyhow!("no project"))?;
            let o = order::Entity::find()
                .filter(order::Column::ProjectId.eq(pid.as_str()))
                .filter(order::Column::OrderNo.eq(placed.order_no.as_str()))
                .one(&db)
                .await?
                .ok_or_else(|| anyhow!("no order"))?;
            let txn = paycenter::db::begin_write(&db).await?;
            let mut select = order::Entity::find_by_id(o.id.clone());
            if db.get_database_backend() == DbBackend::Postgres {
                select = select.lock_exclusive();
            }
            select
                .one(&txn)
                .await?
                .ok_or_else(|| anyhow!("order vanished"))?;
            let res = order::Entity::update_many()
                .col_expr(order::Column::State, Expr::value(OrderState::Paid.as_str()))
                .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
                .col_expr(order::Column::PaidAt, Expr::value(Utc::now()))
                .col_expr(
                    order::Column::ProviderTradeNo,
                    Expr::value(format!("4200{i:020}")),
                )
                .col_expr(order::Column::Payer, Expr::value("oBenchBuyer"))
                .col_expr(order::Column::PaidAmount, Expr::value(100i64))
                .filter(order::Column::Id.eq(o.id.clone()))
                .filter(
                    order::Column::State.is_in(OrderState::PAYABLE_FROM.iter().map(|s| s.as_str())),
                )
                .exec(&txn)
                .await?;
            if res.rows_affected != 1 {
                txn.rollback().await?;
                return Err(anyhow!("not PENDING"));
            }
            record(
                &txn,
                &o.id,
                "PAID",
                Some(OrderState::Pending),
                Some(OrderState::Paid),
                Some("NOTIFY\n<xml>…</xml>"),
            )
            .await
            .map_err(|e| anyhow!("{e}"))?;
            txn.commit().await?;
            Ok(())
        }
    })
    .await
    .0
}
