//! The buyer at WeChat's cashier (`POST /sandbox/buyer` with provider "wechat"), and the pay
//! notify WeChat then sends.
//!
//! State changes are conditional updates (`UPDATE … WHERE state IN (…)`), so of two concurrent
//! buyers at most one pays, and a close racing a payment leaves exactly one winner.

use crate::entity::{merchant, order};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use super::pay::{find_by_out_trade_no, BANK_TYPE, OPEN_STATES};
use super::reply::{fields, WRONG_KEY};
use super::{ids, PROVIDER};
use crate::buyer::{BuyerOutcome, BuyerRequest};
use crate::{notifier, SandboxError, SandboxState};
use paycenter_providers::wechat_v2::client::format_beijing_compact;
use paycenter_providers::wechat_v2::{sign, xml, SignType};

pub async fn play_buyer(state: &SandboxState, req: &BuyerRequest) -> Result<Value, SandboxError> {
    let o = find_by_out_trade_no(&state.db, &req.merchant_id, &req.out_trade_no)
        .await?
        .ok_or_else(|| SandboxError::NotFound(format!("wechat trade {}", req.out_trade_no)))?;
    let now = Utc::now();
    let (target, transaction_id, openid) = match req.outcome {
        BuyerOutcome::Success => (
            "SUCCESS",
            Some(ids::transaction_id()),
            Some(o.openid.clone().unwrap_or_else(ids::openid)),
        ),
        BuyerOutcome::Fail => ("PAYERROR", None, None),
        BuyerOutcome::Userpaying => ("USERPAYING", None, None),
    };
    let mut update = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(target))
        .col_expr(order::Column::UpdatedAt, Expr::value(now));
    if let (Some(tx), Some(openid)) = (&transaction_id, &openid) {
        update = update
            .col_expr(order::Column::TransactionId, Expr::value(tx.clone()))
            .col_expr(order::Column::Openid, Expr::value(openid.clone()))
            .col_expr(order::Column::PaidAt, Expr::value(now));
    }
    // The payment and the notify WeChat then owes are recorded together.
    let txn = paycenter_db::begin_write(&state.db).await?;
    let res = update
        .filter(order::Column::Id.eq(o.id.clone()))
        .filter(order::Column::State.is_in(OPEN_STATES))
        .filter(
            Condition::any()
                .add(order::Column::TimeExpire.is_null())
                .add(order::Column::TimeExpire.gt(now)),
        )
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        let current = order::Entity::find_by_id(o.id.clone())
            .one(&state.db)
            .await?
            .unwrap_or(o);
        let why = if OPEN_STATES.contains(&current.state.as_str()) {
            "has expired".to_owned()
        } else {
            format!("is {}", current.state)
        };
        return Err(SandboxError::Conflict(format!(
            "wechat trade {} {why}: the buyer cannot pay it",
            current.out_trade_no
        )));
    }
    let paid = order::Entity::find_by_id(o.id.clone())
        .one(&txn)
        .await?
        .ok_or_else(|| SandboxError::Internal("trade vanished".into()))?;
    if target == "SUCCESS" {
        queue_pay_notify(state, &txn, &paid).await?;
    }
    txn.commit().await?;
    state.wake.notify_one();
    Ok(json!({
        "provider": PROVIDER,
        "merchantId": paid.merchant_id,
        "outTradeNo": paid.out_trade_no,
        "tradeState": paid.state,
        "transactionId": paid.transaction_id,
    }))
}

/// Queues the signed pay notify to the trade's notify_url, signed as the trade was created
/// (v3 trades: the v3 envelope).
async fn queue_pay_notify(
    state: &SandboxState,
    txn: &sea_orm::DatabaseTransaction,
    o: &order::Model,
) -> Result<(), SandboxError> {
    if o.sign_type == crate::wechat_v3::V3_SIGN_TYPE {
        return crate::wechat_v3::notify::queue_pay(state, txn, o).await;
    }
    let Some(url) = o.notify_url.as_deref() else {
        return Ok(());
    };
    let m = merchant::Entity::find()
        .filter(merchant::Column::WechatMchId.eq(o.merchant_id.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| SandboxError::NotFound(format!("merchant {}", o.merchant_id)))?;
    let sign_type = SignType::from_field(Some(&o.sign_type)).unwrap_or_default();
    let mut f = fields([
        ("appid", o.app_id.clone()),
        ("bank_type", BANK_TYPE.to_owned()),
        ("cash_fee", o.total_fee.to_string()),
        ("fee_type", "CNY".to_owned()),
        ("is_subscribe", "N".to_owned()),
        ("mch_id", o.merchant_id.clone()),
        ("nonce_str", ids::nonce()),
        ("openid", o.openid.clone().unwrap_or_default()),
        ("out_trade_no", o.out_trade_no.clone()),
        ("result_code", "SUCCESS".to_owned()),
        ("return_code", "SUCCESS".to_owned()),
        (
            "time_end",
            o.paid_at.map(format_beijing_compact).unwrap_or_default(),
        ),
        ("total_fee", o.total_fee.to_string()),
        ("trade_type", o.trade_type.clone()),
        (
            "transaction_id",
            o.transaction_id.clone().unwrap_or_default(),
        ),
        ("attach", o.attach.clone().unwrap_or_default()),
    ]);
    if sign_type == SignType::HmacSha256 {
        f.insert("sign_type".into(), sign_type.as_str().into());
    }
    let key = if state.faults.bad_signature_for(&o.merchant_id) {
        WRONG_KEY
    } else {
        m.wechat_api_key.as_str()
    };
    sign::add_sign(&mut f, key, sign_type);
    notifier::enqueue_for_trade_in(
        state,
        txn,
        PROVIDER,
        &o.merchant_id,
        &o.out_trade_no,
        url,
        "text/xml",
        xml::encode(&f),
    )
    .await?;
    Ok(())
}
