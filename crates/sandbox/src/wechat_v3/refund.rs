//! `POST /v3/refund/domestic/refunds` and `GET /v3/refund/domestic/refunds/{out_refund_no}`.
//!
//! Rules, as WeChat states them: the trade must be paid, at most one year ago; `amount.total` is
//! the trade's total; the refunds' sum stays within it (concurrent refunds cannot overdraw: the
//! conditional update of v2's refunds is shared); at most 50 refunds per trade; a retry with
//! the same out_refund_no and amount gets the same refund, a different amount is refused.
//!
//! The apply answers `status: PROCESSING` (the result is asynchronous on WeChat); the sandbox
//! settles at once, so a query right after answers SUCCESS, and the REFUND.SUCCESS notify is
//! queued to the refund's `notify_url` when one was given. Refusals: trade unknown 404
//! RESOURCE_NOT_EXISTS; business rules 400 INVALID_REQUEST; a `refuseRefunds` fault 403
//! NOT_ENOUGH (statuses of v3 refund refusals are not all published; these follow the notes'
//! table).

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use chrono::{TimeDelta, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::gate::{self, Call};
use super::notify;
use super::pay::{find_by_out_trade_no, find_by_transaction_id, incoming};
use crate::entity::{order, refund};
use crate::wechat::{find_refund, record_refund, Recorded, PAID_STATES, PROVIDER};
use crate::SandboxState;
use paycenter_providers::wechat_v3::client::format_time;
use paycenter_providers::wechat_v3::wire::{Refund, RefundAmount, RefundBody};

/// Refunds a trade may have.
const MAX_REFUNDS: u64 = 50;
/// How long after payment a trade can be refunded.
const REFUND_WINDOW: TimeDelta = TimeDelta::days(365);

/// A refund as v3 reports it; `status` overrides the row's (the first apply says PROCESSING).
pub(super) fn refund_json(o: &order::Model, r: &refund::Model, status: &str) -> Refund {
    Refund {
        refund_id: r.refund_id.clone(),
        out_refund_no: r.out_refund_no.clone(),
        transaction_id: o.transaction_id.clone().unwrap_or_default(),
        out_trade_no: o.out_trade_no.clone(),
        channel: Some("ORIGINAL".into()),
        user_received_account: Some("支付用户零钱".into()),
        success_time: r
            .succeeded_at
            .filter(|_| status == "SUCCESS")
            .map(format_time),
        create_time: Some(format_time(r.created_at)),
        status: status.to_owned(),
        funds_account: Some("UNSETTLED".into()),
        amount: RefundAmount {
            total: o.total_fee,
            refund: r.refund_fee,
            payer_total: Some(o.total_fee),
            payer_refund: Some(r.refund_fee),
            settlement_refund: Some(r.refund_fee),
            settlement_total: Some(o.total_fee),
            discount_refund: Some(0),
            currency: Some("CNY".into()),
        },
    }
}

fn reply_refund(call: &Call, o: &order::Model, r: &refund::Model, status: &str) -> Response {
    match serde_json::to_value(refund_json(o, r, status)) {
        Ok(v) => call.reply.ok(&v),
        Err(e) => call.reply.system_error(e),
    }
}

pub async fn apply(
    State(state): State<SandboxState>,
    OriginalUri(original): OriginalUri,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = match gate::admit(&state, incoming(&method, &original, &uri, &headers, body)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    create(&state, &call).await.unwrap_or_else(|r| r)
}

async fn create(state: &SandboxState, call: &Call) -> Result<Response, Response> {
    let r = &call.reply;
    let mch = call.merchant.mch_id.as_str();
    let b: RefundBody = serde_json::from_slice(&call.body)
        .map_err(|e| r.param_error("/", &format!("请求体不是有效的退款参数: {e}")))?;
    if b.out_refund_no.is_empty() || b.out_refund_no.len() > 64 {
        return Err(r.param_error("/out_refund_no", "长度应为1到64"));
    }
    if b.amount.currency != "CNY" {
        return Err(r.param_error("/amount/currency", "仅支持CNY"));
    }
    if b.amount.refund <= 0 || b.amount.refund > b.amount.total {
        return Err(r.param_error("/amount/refund", "应为不大于原订单金额的正整数（分）"));
    }
    let found = match (b.transaction_id.as_deref(), b.out_trade_no.as_deref()) {
        (Some(id), _) => find_by_transaction_id(&state.db, mch, id).await,
        (None, Some(no)) => find_by_out_trade_no(&state.db, mch, no).await,
        (None, None) => {
            return Err(r.param_error("/out_trade_no", "transaction_id和out_trade_no必须二选一"))
        }
    };
    let o = found
        .map_err(|e| r.system_error(e))?
        .ok_or_else(|| r.error(404, "RESOURCE_NOT_EXISTS", "订单不存在"))?;
    if b.amount.total != o.total_fee {
        return Err(r.error(400, "INVALID_REQUEST", "订单金额与原订单不一致"));
    }
    if let Some(existing) = find_refund(&state.db, &o.id, &b.out_refund_no)
        .await
        .map_err(|e| r.system_error(e))?
    {
        return Ok(retry_reply(call, &o, &existing, b.amount.refund));
    }
    if !PAID_STATES.contains(&o.state.as_str()) {
        return Err(r.error(400, "INVALID_REQUEST", "订单未支付，不能退款"));
    }
    if o.paid_at.is_some_and(|p| Utc::now() - p > REFUND_WINDOW) {
        return Err(r.error(400, "INVALID_REQUEST", "订单已超过退款期限"));
    }
    let count = refund::Entity::find()
        .filter(refund::Column::OrderId.eq(o.id.clone()))
        .count(&state.db)
        .await
        .map_err(|e| r.system_error(e))?;
    if count >= MAX_REFUNDS {
        return Err(r.error(400, "INVALID_REQUEST", "部分退款次数超过上限（50次）"));
    }
    if call.refuse_refunds {
        return Err(r.error(403, "NOT_ENOUGH", "基本账户余额不足，请充值后重新发起"));
    }
    let created = match record_refund(
        &state.db,
        &o,
        &b.out_refund_no,
        b.amount.refund,
        b.reason.clone(),
        b.notify_url.clone(),
    )
    .await
    {
        Ok(Recorded::Done(m)) => m,
        Ok(Recorded::Exceeds) => {
            return Err(r.error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额"))
        }
        Ok(Recorded::Duplicate) => {
            let existing = find_refund(&state.db, &o.id, &b.out_refund_no)
                .await
                .map_err(|e| r.system_error(e))?
                .ok_or_else(|| r.system_error("refund vanished"))?;
            return Ok(retry_reply(call, &o, &existing, b.amount.refund));
        }
        Err(e) => return Err(r.system_error(e)),
    };
    if let Some(url) = created.notify_url.as_deref() {
        if let Err(e) = notify::queue_refund(state, &call.merchant, &o, &created, url).await {
            tracing::error!(error = %e, "sandbox wechat v3: could not queue a refund notify");
        }
    }
    Ok(reply_refund(call, &o, &created, "PROCESSING"))
}

fn retry_reply(call: &Call, o: &order::Model, existing: &refund::Model, fee: i64) -> Response {
    if existing.refund_fee == fee {
        reply_refund(call, o, existing, &existing.state)
    } else {
        call.reply.error(
            400,
            "INVALID_REQUEST",
            "退款金额与之前请求不一致，请核实后再试",
        )
    }
}

pub async fn query(
    State(state): State<SandboxState>,
    Path(out_refund_no): Path<String>,
    OriginalUri(original): OriginalUri,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = match gate::admit(&state, incoming(&method, &original, &uri, &headers, body)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let r = &call.reply;
    let candidates = match refund::Entity::find()
        .filter(refund::Column::OutRefundNo.eq(out_refund_no.as_str()))
        .all(&state.read)
        .await
    {
        Ok(c) => c,
        Err(e) => return r.system_error(e),
    };
    for rf in candidates {
        let o = order::Entity::find_by_id(rf.order_id.clone())
            .filter(order::Column::Provider.eq(PROVIDER))
            .filter(order::Column::MerchantId.eq(call.merchant.mch_id.as_str()))
            .one(&state.read)
            .await;
        match o {
            Ok(Some(o)) => return reply_refund(&call, &o, &rf, &rf.state),
            Ok(None) => {}
            Err(e) => return r.system_error(e),
        }
    }
    r.error(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
}
