//! Playing the Alipay buyer (`POST /sandbox/buyer` with provider "alipay"), and the signed async
//! notify Alipay sends when a trade is paid.

use std::collections::BTreeMap;

use crate::entity::order;
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use super::gateway::{authenticate, sign_notify, Failure, Rejection};
use super::trade::scan;
use super::{
    app_pay, cashier, find_trade, seller_id, status, was_paid, yuan, PROVIDER, TRADE_CLOSED,
    TRADE_SUCCESS, WAIT_BUYER_PAY,
};
use crate::buyer::{BuyerOutcome, BuyerRequest};
use crate::{notifier, SandboxError, SandboxState};
use paycenter_providers::alipay::gateway::{beijing_time, form_encode};
use paycenter_providers::alipay::sign::notify_content_to_verify;

const NOTIFY_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

fn to_sandbox(f: Failure) -> SandboxError {
    match f.code {
        "40001" | "40002" => SandboxError::BadRequest(format!("{}: {}", f.sub_code, f.sub_msg)),
        "40004" if f.sub_code != "ACQ.SYSTEM_ERROR" => {
            SandboxError::Conflict(format!("{}: {}", f.sub_code, f.sub_msg))
        }
        _ => SandboxError::Internal(format!("{}: {}", f.sub_code, f.sub_msg)),
    }
}

/// The trade the buyer acts on: from the orderInfo given, else the existing trade, else the
/// signed request the host says the merchant handed the buyer (`issued`).
async fn trade_for(state: &SandboxState, req: &BuyerRequest) -> Result<order::Model, SandboxError> {
    let info = match req.order_info.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(info) => Some(info.to_owned()),
        None => match find_trade(&state.db, &req.merchant_id, &req.out_trade_no).await? {
            Some(t) => return Ok(t),
            None => match &state.handoff {
                Some(h) => {
                    h.alipay_order_info(&req.merchant_id, &req.out_trade_no)
                        .await
                }
                None => None,
            },
        },
    };
    let info =
        info.ok_or_else(|| SandboxError::NotFound(format!("alipay trade {}", req.out_trade_no)))?;
    let t = accept_request(state, &info).await.map_err(to_sandbox)?;
    if t.merchant_id != req.merchant_id || t.out_trade_no != req.out_trade_no {
        return Err(SandboxError::BadRequest(
            "orderInfo is for another app_id or out_trade_no".into(),
        ));
    }
    Ok(t)
}

/// The trade of a signed request the buyer's client carries to Alipay: an app's `orderInfo`, or
/// the parameters of a web cashier request (what the browser sends to `gateway.do`).
async fn accept_request(state: &SandboxState, request: &str) -> Result<order::Model, Failure> {
    let params: BTreeMap<String, String> = form_urlencoded::parse(request.trim().as_bytes())
        .into_owned()
        .collect();
    if !cashier::is_web_method(params.get("method")) {
        return app_pay::accept(state, request).await;
    }
    let call = authenticate(state, params, &cashier::WEB_METHODS)
        .await
        .map_err(|r| match r {
            Rejection::NoMethod(f) | Rejection::Method(_, f) => f,
        })?;
    cashier::open_web_trade(state, &call).await
}

/// Refuses a buyer on a trade that cannot be paid any more.
pub(crate) fn payable(t: &order::Model, now: DateTime<Utc>) -> Result<(), SandboxError> {
    if was_paid(t) || t.state == TRADE_SUCCESS {
        return Err(SandboxError::Conflict(format!(
            "trade {} is already paid",
            t.out_trade_no
        )));
    }
    if t.state == WAIT_BUYER_PAY && status(t, now) == TRADE_CLOSED {
        return Err(SandboxError::Conflict(format!(
            "trade {} has expired",
            t.out_trade_no
        )));
    }
    if status(t, now) != WAIT_BUYER_PAY {
        return Err(SandboxError::Conflict(format!(
            "trade {} is closed",
            t.out_trade_no
        )));
    }
    Ok(())
}

pub async fn play_buyer(state: &SandboxState, req: &BuyerRequest) -> Result<Value, SandboxError> {
    let t = trade_for(state, req).await?;
    payable(&t, Utc::now())?;
    let t = scan(state, t).await.map_err(to_sandbox)?;
    let (t, note) = match req.outcome {
        BuyerOutcome::Userpaying => (t, None),
        BuyerOutcome::Fail => (
            t,
            Some(
                "Alipay has no failed state: the payment failed and the trade stays WAIT_BUYER_PAY",
            ),
        ),
        BuyerOutcome::Success => (pay(state, t).await?, None),
    };
    let mut reply = json!({
        "provider": PROVIDER,
        "merchantId": t.merchant_id,
        "outTradeNo": t.out_trade_no,
        "tradeStatus": status(&t, Utc::now()),
        "tradeNo": t.transaction_id,
    });
    if let (Some(n), Some(obj)) = (note, reply.as_object_mut()) {
        obj.insert("note".into(), Value::from(n));
    }
    Ok(reply)
}

/// WAIT_BUYER_PAY → TRADE_SUCCESS (conditional: one buyer wins), then the notify.
pub(crate) async fn pay(
    state: &SandboxState,
    t: order::Model,
) -> Result<order::Model, SandboxError> {
    let now = Utc::now();
    // The payment and the notify Alipay then owes are recorded together.
    let txn = paycenter_db::begin_write(&state.db).await?;
    let res = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(TRADE_SUCCESS))
        .col_expr(order::Column::PaidAt, Expr::value(now))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(t.id.clone()))
        .filter(order::Column::State.eq(WAIT_BUYER_PAY))
        .filter(
            Condition::any()
                .add(order::Column::TimeExpire.is_null())
                .add(order::Column::TimeExpire.gt(now)),
        )
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Err(SandboxError::Conflict(format!(
            "trade {} is no longer waiting for payment",
            t.out_trade_no
        )));
    }
    let t = order::Entity::find_by_id(t.id)
        .one(&txn)
        .await?
        .ok_or_else(|| SandboxError::Internal("paid trade vanished".into()))?;
    if let Some(url) = t.notify_url.clone() {
        let bad_signature = state
            .faults
            .take(&t.merchant_id)
            .is_some_and(|f| f.bad_signature);
        let body = notify_body(state, &t, now, bad_signature)
            .await
            .map_err(|e| SandboxError::Internal(e.to_string()))?;
        notifier::enqueue_for_trade_in(
            state,
            &txn,
            PROVIDER,
            &t.merchant_id,
            &t.out_trade_no,
            &url,
            NOTIFY_CONTENT_TYPE,
            body,
        )
        .await?;
    }
    txn.commit().await?;
    state.wake.notify_one();
    Ok(t)
}

/// The form body of the trade_status_sync notify, signed over the sorted fields without
/// `sign` and `sign_type`.
async fn notify_body(
    state: &SandboxState,
    t: &order::Model,
    now: DateTime<Utc>,
    bad_signature: bool,
) -> Result<String, paycenter_providers::ProviderError> {
    let amount = yuan(t.total_fee);
    let notify_id = format!(
        "{}{:024x}",
        (now + chrono::Duration::hours(8)).format("%Y%m%d"),
        rand::thread_rng().gen::<u128>() >> 32
    );
    let mut f: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_owned(), v);
    };
    put("notify_time", beijing_time(now));
    put("notify_type", "trade_status_sync".into());
    put("notify_id", notify_id);
    put("charset", "utf-8".into());
    put("version", "1.0".into());
    put("sign_type", "RSA2".into());
    put("app_id", t.app_id.clone());
    put("auth_app_id", t.app_id.clone());
    put("trade_no", t.transaction_id.clone().unwrap_or_default());
    put("out_trade_no", t.out_trade_no.clone());
    put("buyer_id", t.buyer_id.clone().unwrap_or_default());
    put("seller_id", seller_id(&t.app_id));
    put("trade_status", TRADE_SUCCESS.into());
    put("total_amount", amount.clone());
    put("receipt_amount", amount.clone());
    put("invoice_amount", amount.clone());
    put("buyer_pay_amount", amount.clone());
    put("point_amount", "0.00".into());
    put("subject", t.subject.clone());
    put("gmt_create", beijing_time(t.created_at));
    put("gmt_payment", beijing_time(t.paid_at.unwrap_or(now)));
    if let Some(p) = t.attach.clone().filter(|p| !p.is_empty()) {
        put("passback_params", p);
    }
    put(
        "fund_bill_list",
        json!([{ "amount": amount, "fundChannel": "ALIPAYACCOUNT" }]).to_string(),
    );
    let sign = sign_notify(state, &notify_content_to_verify(&f), bad_signature).await?;
    f.insert("sign".into(), sign);
    Ok(form_encode(&f))
}
