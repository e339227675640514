//! `secapi/pay/refund` and `pay/refundquery`, and WeChat's encrypted refund notify.
//!
//! The sandbox does not require the merchant's client certificate on `secapi/*` (real WeChat
//! does, over mTLS): the signature is checked as on every other call, and clients configured with
//! a certificate still work because a plain HTTP sandbox simply never asks for it.
//!
//! Refunds complete at once: the refund is SUCCESS, the trade's `refunded_fee` grows and its
//! trade_state becomes REFUND, and the refund notify is queued when a `notify_url` was given.

use crate::entity::{order, refund};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use chrono::{TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::gate::{self, Call};
use super::pay::{find_named, PAID_STATES};
use super::reply::{self, fields};
use super::{ids, PROVIDER};
use crate::{notifier, SandboxState};
use paycenter_providers::wechat_v2::client::Fields;
use paycenter_providers::wechat_v2::{refund_crypto, xml};

const FEE_MISMATCH: &str = "订单金额或退款金额与之前请求不一致，请核实后再试";
const REFUND_RECV_ACCOUNT: &str = "支付用户零钱";
const REFUND_ACCOUNT: &str = "REFUND_SOURCE_UNSETTLED_FUNDS";

/// A refund `success_time` / `refund_success_time_$n`: `yyyy-MM-dd HH:mm:ss`, Beijing time.
fn success_time(r: &refund::Model) -> String {
    r.succeeded_at
        .map(|t| {
            (t + TimeDelta::hours(8))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

/// A positive amount in fen.
fn positive_fen(call: &Call, key: &str) -> Option<i64> {
    call.get(key)
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| *v > 0)
}

pub async fn refund(State(state): State<SandboxState>, body: Bytes) -> Response {
    let required = ["out_refund_no", "total_fee", "refund_fee"];
    let call = match gate::admit(&state, &body, &required).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    apply(&state, &call).await.unwrap_or_else(|r| r)
}

async fn apply(state: &SandboxState, call: &Call) -> Result<Response, Response> {
    let r = &call.reply;
    let total_fee =
        positive_fen(call, "total_fee").ok_or_else(|| reply::comm_fail("invalid total_fee"))?;
    let refund_fee =
        positive_fen(call, "refund_fee").ok_or_else(|| reply::comm_fail("invalid refund_fee"))?;
    if refund_fee > total_fee {
        return Err(reply::comm_fail("invalid refund_fee"));
    }
    let out_refund_no = call.get("out_refund_no").unwrap_or_default();
    let o = find_named(&state.db, call)
        .await?
        .ok_or_else(|| r.fail("ORDERNOTEXIST", "订单不存在"))?;
    if total_fee != o.total_fee {
        return Err(r.fail("REFUND_FEE_MISMATCH", FEE_MISMATCH));
    }
    if let Some(existing) = find_refund(&state.db, &o.id, out_refund_no)
        .await
        .map_err(|e| r.system_error(e))?
    {
        return Ok(idempotent(call, &o, &existing, refund_fee));
    }
    if !PAID_STATES.contains(&o.state.as_str()) {
        return Err(r.fail("TRADE_STATE_ERROR", "订单状态错误"));
    }
    if call.refuse_refunds {
        return Err(r.fail("NOTENOUGH", "基本账户余额不足，请充值后重新发起"));
    }
    let created = match record_refund(
        &state.db,
        &o,
        out_refund_no,
        refund_fee,
        call.get("refund_desc").map(str::to_owned),
        call.get("notify_url").map(str::to_owned),
    )
    .await
    {
        Ok(Recorded::Done(m)) => m,
        Ok(Recorded::Exceeds) => {
            let now = order::Entity::find_by_id(o.id.clone())
                .one(&state.db)
                .await
                .map_err(|e| r.system_error(e))?
                .unwrap_or(o);
            return Err(if now.refunded_fee >= now.total_fee {
                r.fail("ERROR", "订单已全额退款")
            } else {
                r.fail("INVALID_REQUEST", "refund_fee大于可退金额")
            });
        }
        Ok(Recorded::Duplicate) => {
            // A concurrent request with the same out_refund_no won: answer as for a retry.
            let existing = find_refund(&state.db, &o.id, out_refund_no)
                .await
                .map_err(|e| r.system_error(e))?
                .ok_or_else(|| r.system_error("refund vanished"))?;
            return Ok(idempotent(call, &o, &existing, refund_fee));
        }
        Err(e) => return Err(r.system_error(e)),
    };
    if let Some(url) = created.notify_url.as_deref() {
        let body = refund_notify(call, &o, &created);
        let queued = notifier::enqueue_for_trade_in(
            state,
            &state.db,
            PROVIDER,
            &o.merchant_id,
            &o.out_trade_no,
            url,
            "text/xml",
            body,
        )
        .await;
        state.wake.notify_one();
        if let Err(e) = queued {
            tracing::error!(error = %e, "sandbox wechat: could not queue a refund notify");
        }
    }
    Ok(refund_reply(call, &o, &created))
}

pub(crate) async fn find_refund(
    db: &DatabaseConnection,
    order_id: &str,
    out_refund_no: &str,
) -> Result<Option<refund::Model>, sea_orm::DbErr> {
    refund::Entity::find()
        .filter(refund::Column::OrderId.eq(order_id))
        .filter(refund::Column::OutRefundNo.eq(out_refund_no))
        .one(db)
        .await
}

fn idempotent(call: &Call, o: &order::Model, existing: &refund::Model, fee: i64) -> Response {
    if existing.refund_fee == fee {
        refund_reply(call, o, existing)
    } else {
        call.reply.fail("REFUND_FEE_MISMATCH", FEE_MISMATCH)
    }
}

pub(crate) enum Recorded {
    Done(refund::Model),
    /// More than what is left to refund (or no longer paid).
    Exceeds,
    /// The out_refund_no was taken meanwhile.
    Duplicate,
}

/// In one transaction: grow `refunded_fee` only if it stays within `total_fee` (a conditional
/// update, so concurrent refunds cannot overdraw), then insert the refund (settled at once).
/// Shared by v2 and v3.
pub(crate) async fn record_refund(
    db: &DatabaseConnection,
    o: &order::Model,
    out_refund_no: &str,
    fee: i64,
    reason: Option<String>,
    notify_url: Option<String>,
) -> Result<Recorded, sea_orm::DbErr> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let res = order::Entity::update_many()
        .col_expr(
            order::Column::RefundedFee,
            Expr::col(order::Column::RefundedFee).add(fee),
        )
        .col_expr(order::Column::State, Expr::value("REFUND"))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id.clone()))
        .filter(order::Column::State.is_in(PAID_STATES))
        .filter(order::Column::RefundedFee.lte(o.total_fee - fee))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(Recorded::Exceeds);
    }
    let row = refund::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbr")),
        order_id: Set(o.id.clone()),
        out_refund_no: Set(out_refund_no.to_owned()),
        refund_id: Set(ids::refund_id()),
        refund_fee: Set(fee),
        state: Set("SUCCESS".into()),
        reason: Set(reason),
        notify_url: Set(notify_url),
        succeeded_at: Set(Some(now)),
        created_at: Set(now),
    };
    match row.insert(&txn).await {
        Ok(m) => {
            txn.commit().await?;
            Ok(Recorded::Done(m))
        }
        Err(e) if paycenter_db::is_unique_violation(&e) => {
            txn.rollback().await?;
            Ok(Recorded::Duplicate)
        }
        Err(e) => Err(e),
    }
}

fn refund_reply(call: &Call, o: &order::Model, r: &refund::Model) -> Response {
    call.reply.ok(fields([
        (
            "transaction_id",
            o.transaction_id.clone().unwrap_or_default(),
        ),
        ("out_trade_no", o.out_trade_no.clone()),
        ("out_refund_no", r.out_refund_no.clone()),
        ("refund_id", r.refund_id.clone()),
        ("refund_fee", r.refund_fee.to_string()),
        ("settlement_refund_fee", r.refund_fee.to_string()),
        ("total_fee", o.total_fee.to_string()),
        ("settlement_total_fee", o.total_fee.to_string()),
        ("fee_type", "CNY".to_owned()),
        ("cash_fee", o.total_fee.to_string()),
        ("cash_refund_fee", r.refund_fee.to_string()),
        ("coupon_refund_fee", "0".to_owned()),
        ("coupon_refund_count", "0".to_owned()),
    ]))
}

/// The refund notify body: unsigned outer XML whose `req_info` is the encrypted `<root>`.
fn refund_notify(call: &Call, o: &order::Model, r: &refund::Model) -> String {
    let inner = fields([
        ("out_trade_no", o.out_trade_no.clone()),
        (
            "transaction_id",
            o.transaction_id.clone().unwrap_or_default(),
        ),
        ("out_refund_no", r.out_refund_no.clone()),
        ("refund_id", r.refund_id.clone()),
        ("total_fee", o.total_fee.to_string()),
        ("settlement_total_fee", o.total_fee.to_string()),
        ("refund_fee", r.refund_fee.to_string()),
        ("settlement_refund_fee", r.refund_fee.to_string()),
        ("refund_status", "SUCCESS".to_owned()),
        ("success_time", success_time(r)),
        ("refund_recv_accout", REFUND_RECV_ACCOUNT.to_owned()),
        ("refund_account", REFUND_ACCOUNT.to_owned()),
        ("refund_request_source", "API".to_owned()),
    ]);
    let mut root = String::from("<root>");
    for (k, v) in &inner {
        xml::push_cdata_element(&mut root, k, v);
    }
    root.push_str("</root>");
    let outer = fields([
        ("return_code", "SUCCESS".to_owned()),
        ("appid", call.merchant.wechat_app_id.clone()),
        ("mch_id", call.merchant.wechat_mch_id.clone()),
        ("nonce_str", ids::nonce()),
        (
            "req_info",
            refund_crypto::encrypt_req_info(&root, &call.merchant.wechat_api_key),
        ),
    ]);
    xml::encode(&outer)
}

pub async fn refundquery(State(state): State<SandboxState>, body: Bytes) -> Response {
    let call = match gate::admit(&state, &body, &[]).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    query(&state, &call).await.unwrap_or_else(|r| r)
}

/// Refunds named by `out_refund_no` or `refund_id` (one), or by the trade (all of them).
async fn query(state: &SandboxState, call: &Call) -> Result<Response, Response> {
    let r = &call.reply;
    let not_exist = || r.fail("REFUNDNOTEXIST", "退款订单查询失败");
    let by_refund = match (call.get("out_refund_no"), call.get("refund_id")) {
        (Some(no), _) => Some(refund::Column::OutRefundNo.eq(no)),
        (None, Some(id)) => Some(refund::Column::RefundId.eq(id)),
        (None, None) => None,
    };
    let (o, refunds) = if let Some(cond) = by_refund {
        let candidates = refund::Entity::find()
            .filter(cond)
            .all(&state.db)
            .await
            .map_err(|e| r.system_error(e))?;
        let mut found = None;
        for rf in candidates {
            let o = order::Entity::find_by_id(rf.order_id.clone())
                .filter(order::Column::Provider.eq(PROVIDER))
                .filter(order::Column::MerchantId.eq(call.merchant.wechat_mch_id.as_str()))
                .one(&state.db)
                .await
                .map_err(|e| r.system_error(e))?;
            if let Some(o) = o {
                found = Some((o, vec![rf]));
                break;
            }
        }
        found.ok_or_else(not_exist)?
    } else {
        let o = find_named(&state.db, call).await?.ok_or_else(not_exist)?;
        let refunds = refund::Entity::find()
            .filter(refund::Column::OrderId.eq(o.id.clone()))
            .order_by_asc(refund::Column::CreatedAt)
            .all(&state.db)
            .await
            .map_err(|e| r.system_error(e))?;
        if refunds.is_empty() {
            return Err(not_exist());
        }
        (o, refunds)
    };
    Ok(r.ok(query_fields(&o, &refunds)))
}

fn query_fields(o: &order::Model, refunds: &[refund::Model]) -> Fields {
    let mut f = fields([
        (
            "transaction_id",
            o.transaction_id.clone().unwrap_or_default(),
        ),
        ("out_trade_no", o.out_trade_no.clone()),
        ("total_fee", o.total_fee.to_string()),
        ("cash_fee", o.total_fee.to_string()),
        ("fee_type", "CNY".to_owned()),
        ("refund_count", refunds.len().to_string()),
        (
            "refund_fee",
            refunds
                .iter()
                .map(|r| r.refund_fee)
                .sum::<i64>()
                .to_string(),
        ),
    ]);
    for (i, r) in refunds.iter().enumerate() {
        f.extend(fields([
            (&format!("out_refund_no_{i}"), r.out_refund_no.clone()),
            (&format!("refund_id_{i}"), r.refund_id.clone()),
            (&format!("refund_channel_{i}"), "ORIGINAL".to_owned()),
            (&format!("refund_fee_{i}"), r.refund_fee.to_string()),
            (
                &format!("settlement_refund_fee_{i}"),
                r.refund_fee.to_string(),
            ),
            (&format!("refund_status_{i}"), r.state.clone()),
            (&format!("refund_account_{i}"), REFUND_ACCOUNT.to_owned()),
            (
                &format!("refund_recv_accout_{i}"),
                REFUND_RECV_ACCOUNT.to_owned(),
            ),
            (&format!("refund_success_time_{i}"), success_time(r)),
        ]));
    }
    f
}
