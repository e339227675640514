//! `alipay.trade.refund` (synchronous, idempotent per `out_request_no`) and
//! `alipay.trade.fastpay.refund.query`.

use crate::entity::{order, refund};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Map, Value};

use super::gateway::{Call, Failure, Fields, Outcome};
use super::{
    buyer_logon_id, known_trade, parse_amount, status, yuan, TRADE_CLOSED, TRADE_FINISHED,
    TRADE_SUCCESS,
};
use crate::SandboxState;
use paycenter_providers::alipay::gateway::beijing_time;

fn text<'a>(biz: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    biz.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// `out_request_no`, which defaults to the out_trade_no (a single full refund).
fn request_no(biz: &Map<String, Value>, t: &order::Model) -> String {
    text(biz, "out_request_no")
        .map(str::to_owned)
        .unwrap_or_else(|| t.out_trade_no.clone())
}

async fn find_refund(
    state: &SandboxState,
    t: &order::Model,
    no: &str,
) -> Result<Option<refund::Model>, Failure> {
    Ok(refund::Entity::find()
        .filter(refund::Column::OrderId.eq(t.id.clone()))
        .filter(refund::Column::OutRefundNo.eq(no))
        .one(&state.db)
        .await?)
}

fn reply(t: &order::Model, refund_fee: i64, fund_change: bool, r: &refund::Model) -> Fields {
    let buyer = t.buyer_id.clone().unwrap_or_default();
    let mut f: Fields = vec![
        (
            "trade_no",
            Value::from(t.transaction_id.clone().unwrap_or_default()),
        ),
        ("out_trade_no", Value::from(t.out_trade_no.clone())),
        ("buyer_logon_id", Value::from(buyer_logon_id(&buyer))),
        (
            "fund_change",
            Value::from(if fund_change { "Y" } else { "N" }),
        ),
        ("refund_fee", Value::from(yuan(refund_fee))),
    ];
    if let Some(at) = r.succeeded_at {
        f.push(("gmt_refund_pay", Value::from(beijing_time(at))));
    }
    f.push(("buyer_user_id", Value::from(buyer)));
    f.push(("send_back_fee", Value::from(yuan(r.refund_fee))));
    f
}

pub async fn refund(state: &SandboxState, call: &Call, biz: &Map<String, Value>) -> Outcome {
    let amount = text(biz, "refund_amount")
        .and_then(parse_amount)
        .ok_or_else(|| Failure::invalid_parameter("refund_amount"))?;
    let t = known_trade(&state.db, &call.app_id, biz)
        .await?
        .ok_or_else(Failure::trade_not_exist)?;
    let no = request_no(biz, &t);
    if let Some(r) = find_refund(state, &t, &no).await? {
        return if r.refund_fee == amount {
            Ok(reply(&t, t.refunded_fee, false, &r))
        } else {
            Err(Failure::business(
                "ACQ.DISCORDANT_REPEAT_REQUEST",
                "不一致的请求",
            ))
        };
    }
    match status(&t, Utc::now()) {
        TRADE_SUCCESS => {}
        TRADE_CLOSED => return Err(Failure::business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭")),
        TRADE_FINISHED => return Err(Failure::business("ACQ.TRADE_HAS_FINISHED", "交易已完结")),
        _ => {
            return Err(Failure::business(
                "ACQ.TRADE_STATUS_ERROR",
                "交易状态不合法",
            ))
        }
    }
    let refunded = t.refunded_fee.saturating_add(amount);
    if refunded > t.total_fee {
        return Err(Failure::business(
            "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
            "退款金额超限",
        ));
    }
    let now = Utc::now();
    // The refund row first: its unique (order, out_request_no) stops a concurrent duplicate.
    let r = refund::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbr")),
        order_id: Set(t.id.clone()),
        out_refund_no: Set(no.clone()),
        refund_id: Set(t.transaction_id.clone().unwrap_or_default()),
        refund_fee: Set(amount),
        state: Set("SUCCESS".to_owned()),
        reason: Set(text(biz, "refund_reason").map(str::to_owned)),
        notify_url: Set(None),
        succeeded_at: Set(Some(now)),
        created_at: Set(now),
    }
    .insert(&state.db)
    .await;
    let r = match r {
        Ok(r) => r,
        Err(e) if paycenter_db::is_unique_violation(&e) => return Err(Failure::system_error()),
        Err(e) => return Err(e.into()),
    };
    let new_state = if refunded == t.total_fee {
        TRADE_CLOSED
    } else {
        TRADE_SUCCESS
    };
    let res = order::Entity::update_many()
        .col_expr(order::Column::RefundedFee, Expr::value(refunded))
        .col_expr(order::Column::State, Expr::value(new_state))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(t.id.clone()))
        .filter(order::Column::State.eq(TRADE_SUCCESS))
        .filter(order::Column::RefundedFee.eq(t.refunded_fee))
        .exec(&state.db)
        .await?;
    if res.rows_affected != 1 {
        // Another refund moved the trade first: undo ours; the merchant retries.
        refund::Entity::delete_by_id(r.id.clone())
            .exec(&state.db)
            .await?;
        return Err(Failure::system_error());
    }
    Ok(reply(&t, refunded, true, &r))
}

pub async fn query(state: &SandboxState, call: &Call, biz: &Map<String, Value>) -> Outcome {
    let t = known_trade(&state.db, &call.app_id, biz)
        .await?
        .ok_or_else(Failure::trade_not_exist)?;
    let no = request_no(biz, &t);
    let Some(r) = find_refund(state, &t, &no).await? else {
        // Alipay answers an unknown refund with a bare success.
        return Ok(Vec::new());
    };
    let wants_time = biz
        .get("query_options")
        .and_then(Value::as_array)
        .is_some_and(|o| o.iter().any(|v| v.as_str() == Some("gmt_refund_pay")));
    let mut f: Fields = vec![
        (
            "trade_no",
            Value::from(t.transaction_id.clone().unwrap_or_default()),
        ),
        ("out_trade_no", Value::from(t.out_trade_no.clone())),
        ("out_request_no", Value::from(r.out_refund_no.clone())),
        ("total_amount", Value::from(yuan(t.total_fee))),
        ("refund_amount", Value::from(yuan(r.refund_fee))),
        ("refund_status", Value::from("REFUND_SUCCESS")),
    ];
    if let (true, Some(at)) = (wants_time, r.succeeded_at) {
        f.push(("gmt_refund_pay", Value::from(beijing_time(at))));
    }
    Ok(f)
}
