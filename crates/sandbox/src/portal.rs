//! A refund made in the merchant portal (WeChat's 商户平台, Alipay's 商家中心), not through the
//! API: the provider makes up the refund number, sends no notify, and the refund shows in queries
//! and in the bill. Posted as a trade rule with `portalRefundFen` (see `faults`).

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use crate::entity::{order, refund};
use crate::{SandboxError, SandboxState};

/// Why the portal refused.
fn conflict(msg: impl Into<String>) -> SandboxError {
    SandboxError::Conflict(msg.into())
}

/// Refunds `fen` of the trade `out_trade_no` of `merchant_id` (a WeChat mch_id or Alipay app_id).
pub async fn refund(
    state: &SandboxState,
    merchant_id: &str,
    out_trade_no: &str,
    fen: i64,
) -> Result<refund::Model, SandboxError> {
    if fen <= 0 {
        return Err(SandboxError::BadRequest(
            "portalRefundFen must be at least 1".into(),
        ));
    }
    let t = order::Entity::find()
        .filter(order::Column::MerchantId.eq(merchant_id))
        .filter(order::Column::OutTradeNo.eq(out_trade_no))
        .one(&state.db)
        .await?
        .ok_or_else(|| SandboxError::NotFound(format!("trade {out_trade_no}")))?;
    let wechat = t.provider == crate::wechat::PROVIDER;
    if t.paid_at.is_none() {
        return Err(conflict(format!("trade {out_trade_no} is not paid")));
    }
    let now = Utc::now();
    let (paid_states, refund_id, out_refund_no) = if wechat {
        let id = crate::wechat::ids::refund_id();
        (vec!["SUCCESS", "REFUND"], id.clone(), id)
    } else {
        let trade_no = t.transaction_id.clone().unwrap_or_default();
        (
            vec![crate::alipay::TRADE_SUCCESS],
            trade_no,
            crate::alipay::new_trade_no(now),
        )
    };
    let txn = state.db.begin().await?;
    let refunded = t.refunded_fee + fen;
    let new_state = match (wechat, refunded >= t.total_fee) {
        (true, _) => "REFUND",
        (false, true) => crate::alipay::TRADE_CLOSED,
        (false, false) => crate::alipay::TRADE_SUCCESS,
    };
    let res = order::Entity::update_many()
        .col_expr(
            order::Column::RefundedFee,
            Expr::col(order::Column::RefundedFee).add(fen),
        )
        .col_expr(order::Column::State, Expr::value(new_state))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(t.id.clone()))
        .filter(order::Column::State.is_in(paid_states))
        .filter(order::Column::RefundedFee.lte(t.total_fee - fen))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Err(conflict(format!(
            "trade {out_trade_no} cannot be refunded {fen} fen"
        )));
    }
    let r = refund::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbr")),
        order_id: Set(t.id.clone()),
        out_refund_no: Set(out_refund_no),
        refund_id: Set(refund_id),
        refund_fee: Set(fen),
        state: Set("SUCCESS".into()),
        reason: Set(Some("refund made in the merchant portal".into())),
        notify_url: Set(None),
        succeeded_at: Set(Some(now)),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(r)
}
