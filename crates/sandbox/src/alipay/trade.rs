//! `alipay.trade.precreate`, `.query`, `.close`, `.cancel`, and trade creation shared with app pay.

use crate::entity::order;
use chrono::{DateTime, Utc};
use rand::distributions::{Alphanumeric, DistString};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::gateway::{Call, Failure, Fields, Outcome};
use super::{
    buyer_logon_id, find_trade, is_known, known_trade, new_buyer_id, new_trade_no, parse_amount,
    status, was_paid, yuan, PROVIDER, TRADE_CLOSED, TRADE_FINISHED, TRADE_SUCCESS, WAIT_BUYER_PAY,
};
use crate::trades::Opened;
use crate::SandboxState;
use paycenter_providers::alipay::client::{METHOD_CANCEL, METHOD_PRECREATE};
use paycenter_providers::alipay::gateway::{beijing_time, parse_beijing_time};

/// How long a precreated QR code stays payable when the merchant sets no `time_expire`.
const DEFAULT_QR_TIMEOUT: chrono::Duration = chrono::Duration::hours(2);

fn text<'a>(biz: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    biz.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// A trade a merchant asks Alipay to create (precreate, or an app's `orderInfo`).
#[derive(Debug, Clone)]
pub(crate) struct NewTrade {
    pub app_id: String,
    pub method: String,
    pub out_trade_no: String,
    pub total_fee: i64,
    pub subject: String,
    pub passback_params: Option<String>,
    pub notify_url: Option<String>,
    pub time_expire: Option<DateTime<Utc>>,
}

impl NewTrade {
    /// Validates the business parameters of a creating call.
    pub fn from_biz(call: &Call, biz: &Map<String, Value>) -> Result<Self, Failure> {
        let out_trade_no = text(biz, "out_trade_no")
            .filter(|s| s.len() <= 64)
            .ok_or_else(|| Failure::invalid_parameter("out_trade_no"))?;
        let total_fee = text(biz, "total_amount")
            .and_then(parse_amount)
            .ok_or_else(|| Failure::invalid_parameter("total_amount"))?;
        let subject = text(biz, "subject")
            .filter(|s| s.chars().count() <= 256)
            .ok_or_else(|| Failure::invalid_parameter("subject"))?;
        let time_expire = text(biz, "time_expire")
            .map(|s| parse_beijing_time(s).map_err(|_| Failure::invalid_parameter("time_expire")))
            .transpose()?;
        Ok(Self {
            app_id: call.app_id.clone(),
            method: call.method.clone(),
            out_trade_no: out_trade_no.to_owned(),
            total_fee,
            subject: subject.to_owned(),
            passback_params: text(biz, "passback_params").map(str::to_owned),
            notify_url: call.notify_url(),
            time_expire,
        })
    }

    /// What must match for a repeat of the same out_trade_no to be the same trade.
    fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(format!("{}\n{}\n{}", self.method, self.total_fee, self.subject).as_bytes());
        hex::encode(h.finalize())
    }
}

/// Creates the trade, or returns the existing one when it is the same trade still payable.
pub(crate) async fn open_trade(
    state: &SandboxState,
    new: &NewTrade,
) -> Result<order::Model, Failure> {
    // A taken number answers with the trade that holds it.
    let now = Utc::now();
    let qr = (new.method == METHOD_PRECREATE).then(|| {
        let tail = Alphanumeric
            .sample_string(&mut rand::thread_rng(), 22)
            .to_ascii_lowercase();
        format!("https://qr.alipay.com/bax{tail}")
    });
    let time_expire = match (new.time_expire, qr.is_some()) {
        (Some(t), _) => Some(t),
        (None, true) => Some(now + DEFAULT_QR_TIMEOUT),
        (None, false) => None,
    };
    let row = order::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbo")),
        provider: Set(PROVIDER.to_owned()),
        sign_type: Set("RSA2".to_owned()),
        merchant_id: Set(new.app_id.clone()),
        out_trade_no: Set(new.out_trade_no.clone()),
        app_id: Set(new.app_id.clone()),
        trade_type: Set(new.method.clone()),
        total_fee: Set(new.total_fee),
        subject: Set(new.subject.clone()),
        attach: Set(new.passback_params.clone()),
        notify_url: Set(new.notify_url.clone()),
        openid: Set(None),
        state: Set(WAIT_BUYER_PAY.to_owned()),
        prepay_id: Set(None),
        code_url: Set(qr),
        transaction_id: Set(None),
        buyer_id: Set(None),
        fingerprint: Set(new.fingerprint()),
        time_expire: Set(time_expire),
        paid_at: Set(None),
        refunded_fee: Set(0),
        return_url: Set(None),
        quit_url: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    match state.trades.open(row).await {
        Ok(Opened::New(t)) => Ok(t),
        Ok(Opened::Taken(t)) => reuse(t, new),
        Err(e) => {
            tracing::error!(error = %e, "sandbox alipay: database error");
            Err(Failure::unavailable())
        }
    }
}

fn reuse(t: order::Model, new: &NewTrade) -> Result<order::Model, Failure> {
    if was_paid(&t) || t.state == TRADE_SUCCESS || t.state == TRADE_FINISHED {
        return Err(Failure::business("ACQ.TRADE_HAS_SUCCESS", "交易已被支付"));
    }
    if status(&t, Utc::now()) == TRADE_CLOSED {
        return Err(Failure::business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭"));
    }
    if t.fingerprint != new.fingerprint() {
        return Err(Failure::business(
            "ACQ.CONTEXT_INCONSISTENT",
            "交易信息被篡改",
        ));
    }
    Ok(t)
}

/// The buyer opens the trade (scans the QR code, or the app submits the orderInfo): Alipay now
/// knows it and assigns its trade_no. Conditional, so concurrent scans agree on one trade_no.
pub(crate) async fn scan(state: &SandboxState, t: order::Model) -> Result<order::Model, Failure> {
    if is_known(&t) {
        return Ok(t);
    }
    let now = Utc::now();
    order::Entity::update_many()
        .col_expr(order::Column::TransactionId, Expr::value(new_trade_no(now)))
        .col_expr(order::Column::BuyerId, Expr::value(new_buyer_id()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(t.id.clone()))
        .filter(order::Column::TransactionId.is_null())
        .exec(&state.db)
        .await?;
    order::Entity::find_by_id(t.id)
        .one(&state.db)
        .await?
        .ok_or_else(Failure::system_error)
}

pub async fn precreate(state: &SandboxState, call: &Call, biz: &Map<String, Value>) -> Outcome {
    let new = NewTrade::from_biz(call, biz)?;
    let t = open_trade(state, &new).await?;
    let qr = t
        .code_url
        .ok_or_else(|| Failure::business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"))?;
    Ok(vec![
        ("out_trade_no", Value::from(t.out_trade_no)),
        ("qr_code", Value::from(qr)),
    ])
}

/// The fields of a trade as `alipay.trade.query` reports them (Alipay lists them by name).
pub(crate) fn trade_fields(t: &order::Model) -> Fields {
    let now = Utc::now();
    let paid = was_paid(t);
    let amount = |fen: i64| Value::from(yuan(if paid { fen } else { 0 }));
    let buyer = t.buyer_id.clone().unwrap_or_default();
    let mut f: Fields = vec![
        ("buyer_logon_id", Value::from(buyer_logon_id(&buyer))),
        ("buyer_pay_amount", amount(t.total_fee)),
        ("buyer_user_id", Value::from(buyer)),
        ("invoice_amount", amount(t.total_fee)),
        ("out_trade_no", Value::from(t.out_trade_no.clone())),
        ("point_amount", Value::from("0.00")),
        ("receipt_amount", amount(t.total_fee)),
    ];
    if let Some(at) = t.paid_at {
        f.push(("send_pay_date", Value::from(beijing_time(at))));
    }
    f.push(("total_amount", Value::from(yuan(t.total_fee))));
    f.push((
        "trade_no",
        Value::from(t.transaction_id.clone().unwrap_or_default()),
    ));
    f.push(("trade_status", Value::from(status(t, now))));
    f
}

pub async fn query(state: &SandboxState, call: &Call, biz: &Map<String, Value>) -> Outcome {
    let t = known_trade(&state.db, &call.app_id, biz)
        .await?
        .ok_or_else(Failure::trade_not_exist)?;
    Ok(trade_fields(&t))
}

/// Closes an unpaid trade; false when it was no longer WAIT_BUYER_PAY.
async fn close_unpaid(state: &SandboxState, t: &order::Model) -> Result<bool, Failure> {
    let res = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(TRADE_CLOSED))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(t.id.clone()))
        .filter(order::Column::State.eq(WAIT_BUYER_PAY))
        .exec(&state.db)
        .await?;
    Ok(res.rows_affected == 1)
}

fn ids(t: &order::Model) -> Fields {
    let mut f = Vec::new();
    if let Some(no) = &t.transaction_id {
        f.push(("trade_no", Value::from(no.clone())));
    }
    f.push(("out_trade_no", Value::from(t.out_trade_no.clone())));
    f
}

/// Only a trade waiting for payment can be closed (ACQ.TRADE_STATUS_ERROR otherwise).
pub async fn close(state: &SandboxState, call: &Call, biz: &Map<String, Value>) -> Outcome {
    let t = known_trade(&state.db, &call.app_id, biz)
        .await?
        .ok_or_else(Failure::trade_not_exist)?;
    if status(&t, Utc::now()) == WAIT_BUYER_PAY && close_unpaid(state, &t).await? {
        return Ok(ids(&t));
    }
    Err(Failure::business(
        "ACQ.TRADE_STATUS_ERROR",
        "交易状态不合法",
    ))
}

fn cancelled(t: &order::Model, action: &str) -> Fields {
    let mut f = ids(t);
    f.push(("retry_flag", Value::from("N")));
    f.push(("action", Value::from(action)));
    f
}

/// Cancel: an unpaid trade is closed (`close`), a paid one refunded in full and closed
/// (`refund`); a trade Alipay never saw is closed before it can exist (`close`).
pub async fn cancel(state: &SandboxState, call: &Call, biz: &Map<String, Value>) -> Outcome {
    let row = match text(biz, "trade_no") {
        Some(_) => known_trade(&state.db, &call.app_id, biz).await?,
        None => {
            let no = text(biz, "out_trade_no").ok_or_else(|| {
                Failure::invalid_parameter("out_trade_no 和 trade_no 不能同时为空")
            })?;
            find_trade(&state.db, &call.app_id, no).await?
        }
    };
    let Some(t) = row else {
        return match text(biz, "out_trade_no") {
            Some(no) => tombstone(state, call, no).await,
            None => Err(Failure::trade_not_exist()),
        };
    };
    let now = Utc::now();
    match status(&t, now) {
        WAIT_BUYER_PAY if close_unpaid(state, &t).await? => Ok(cancelled(&t, "close")),
        TRADE_SUCCESS if t.refunded_fee > 0 => Err(Failure::business(
            "ACQ.REASON_TRADE_REFUND_FEE_ERR",
            "退款金额无效",
        )),
        TRADE_SUCCESS => {
            let res = order::Entity::update_many()
                .col_expr(order::Column::State, Expr::value(TRADE_CLOSED))
                .col_expr(order::Column::RefundedFee, Expr::value(t.total_fee))
                .col_expr(order::Column::UpdatedAt, Expr::value(now))
                .filter(order::Column::Id.eq(t.id.clone()))
                .filter(order::Column::State.eq(TRADE_SUCCESS))
                .filter(order::Column::RefundedFee.eq(0))
                .exec(&state.db)
                .await?;
            if res.rows_affected == 1 {
                Ok(cancelled(&t, "refund"))
            } else {
                Err(Failure::system_error())
            }
        }
        TRADE_CLOSED => Ok(cancelled(&t, if was_paid(&t) { "refund" } else { "close" })),
        TRADE_FINISHED => Err(Failure::business("ACQ.TRADE_HAS_FINISHED", "交易已完结")),
        _ => Err(Failure::system_error()),
    }
}

/// Records that `out_trade_no` was cancelled before Alipay saw it.
async fn tombstone(state: &SandboxState, call: &Call, no: &str) -> Outcome {
    let now = Utc::now();
    let row = order::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbo")),
        provider: Set(PROVIDER.to_owned()),
        sign_type: Set("RSA2".to_owned()),
        merchant_id: Set(call.app_id.clone()),
        out_trade_no: Set(no.to_owned()),
        app_id: Set(call.app_id.clone()),
        trade_type: Set(METHOD_CANCEL.to_owned()),
        total_fee: Set(0),
        subject: Set(String::new()),
        attach: Set(None),
        notify_url: Set(None),
        openid: Set(None),
        state: Set(TRADE_CLOSED.to_owned()),
        prepay_id: Set(None),
        code_url: Set(None),
        transaction_id: Set(None),
        buyer_id: Set(None),
        fingerprint: Set(String::new()),
        time_expire: Set(None),
        paid_at: Set(None),
        refunded_fee: Set(0),
        return_url: Set(None),
        quit_url: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    match row.insert(&state.db).await {
        Ok(t) => Ok(cancelled(&t, "close")),
        // Created concurrently: the caller retries and gets the real answer.
        Err(e) if paycenter_db::is_unique_violation(&e) => Err(Failure::system_error()),
        Err(e) => Err(e.into()),
    }
}
