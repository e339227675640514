//! `pay/unifiedorder`, `pay/orderquery`, `pay/closeorder`.

use crate::entity::order;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::trades::Opened;
use sha2::{Digest, Sha256};

use super::gate::{self, Call};
use super::reply::{self, fields, msg};
use super::{ids, PROVIDER};
use crate::SandboxState;
use paycenter_providers::wechat_v2::client::{format_beijing_compact, parse_beijing, Fields};

/// States a buyer can still pay from, and a merchant can still close.
pub(crate) const OPEN_STATES: [&str; 3] = ["NOTPAY", "USERPAYING", "PAYERROR"];
/// States of a paid trade.
pub(crate) const PAID_STATES: [&str; 2] = ["SUCCESS", "REFUND"];
/// WeChat's `bank_type` for "another bank" (the sandbox has no real cards).
pub(crate) const BANK_TYPE: &str = "OTHERS";

/// The business parameters whose change makes a reused out_trade_no OUT_TRADE_NO_USED.
const FINGERPRINTED: [&str; 13] = [
    "appid",
    "attach",
    "body",
    "detail",
    "fee_type",
    "goods_tag",
    "limit_pay",
    "notify_url",
    "openid",
    "product_id",
    "time_expire",
    "total_fee",
    "trade_type",
];

fn fingerprint(f: &Fields) -> String {
    let mut h = Sha256::new();
    for k in FINGERPRINTED {
        h.update(k.as_bytes());
        h.update(b"=");
        h.update(f.get(k).map(|v| v.trim()).unwrap_or_default().as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// The merchant's trade by `out_trade_no`.
pub(super) async fn find_by_out_trade_no(
    db: &impl sea_orm::ConnectionTrait,
    mch_id: &str,
    out_trade_no: &str,
) -> Result<Option<order::Model>, sea_orm::DbErr> {
    order::Entity::find()
        .filter(order::Column::Provider.eq(PROVIDER))
        .filter(order::Column::MerchantId.eq(mch_id))
        .filter(order::Column::OutTradeNo.eq(out_trade_no))
        .one(db)
        .await
}

/// The trade a query names: `transaction_id` first, then `out_trade_no`.
pub(super) async fn find_named(
    db: &impl sea_orm::ConnectionTrait,
    call: &Call,
) -> Result<Option<order::Model>, Response> {
    let mch_id = &call.merchant.wechat_mch_id;
    let found = if let Some(tx) = call.get("transaction_id") {
        order::Entity::find()
            .filter(order::Column::Provider.eq(PROVIDER))
            .filter(order::Column::MerchantId.eq(mch_id.as_str()))
            .filter(order::Column::TransactionId.eq(tx))
            .one(db)
            .await
    } else if let Some(no) = call.get("out_trade_no") {
        find_by_out_trade_no(db, mch_id, no).await
    } else {
        return Err(reply::comm_fail(msg::LACK_PARAMS));
    };
    found.map_err(|e| call.reply.system_error(e))
}

pub async fn unifiedorder(State(state): State<SandboxState>, body: Bytes) -> Response {
    const REQUIRED: [&str; 6] = [
        "body",
        "out_trade_no",
        "total_fee",
        "spbill_create_ip",
        "notify_url",
        "trade_type",
    ];
    let call = match gate::admit(&state, &body, &REQUIRED).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    create(&state, &call).await.unwrap_or_else(|r| r)
}

/// Validates, then creates the trade or answers for the existing one.
async fn create(state: &SandboxState, call: &Call) -> Result<Response, Response> {
    let r = &call.reply;
    let total_fee = call
        .get("total_fee")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| *v > 0)
        .ok_or_else(|| reply::comm_fail("invalid total_fee"))?;
    let trade_type = call.get("trade_type").unwrap_or_default();
    match trade_type {
        "JSAPI" if call.get("openid").is_none() => {
            return Err(r.fail("PARAM_ERROR", "JSAPI支付必须传openid"))
        }
        "NATIVE" if call.get("product_id").is_none() => {
            return Err(r.fail("PARAM_ERROR", "NATIVE支付必须传product_id"))
        }
        "JSAPI" | "NATIVE" | "APP" => {}
        _ => return Err(r.fail("PARAM_ERROR", "trade_type参数错误")),
    }
    let time_expire = match call.get("time_expire") {
        None => None,
        Some(t) => {
            let at = parse_beijing(t, "%Y%m%d%H%M%S")
                .ok_or_else(|| r.fail("PARAM_ERROR", "time_expire时间格式错误"))?;
            if at <= Utc::now() {
                return Err(r.fail("PARAM_ERROR", "time_expire时间过短"));
            }
            Some(at)
        }
    };
    let out_trade_no = call.get("out_trade_no").unwrap_or_default();
    let print = fingerprint(&call.fields);
    let mch_id = call.merchant.wechat_mch_id.as_str();

    // When the number is taken (a retry, or a concurrent create that won), the trade that
    // holds it answers instead, as WeChat does.
    let now = Utc::now();
    let code_url = (trade_type == "NATIVE").then(ids::code_url);
    let row = order::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbo")),
        provider: Set(PROVIDER.into()),
        merchant_id: Set(mch_id.into()),
        out_trade_no: Set(out_trade_no.into()),
        app_id: Set(call.merchant.wechat_app_id.clone()),
        trade_type: Set(trade_type.into()),
        total_fee: Set(total_fee),
        subject: Set(call.get("body").unwrap_or_default().into()),
        attach: Set(call.get("attach").map(str::to_owned)),
        notify_url: Set(call.get("notify_url").map(str::to_owned)),
        openid: Set(call
            .get("openid")
            .filter(|_| trade_type == "JSAPI")
            .map(str::to_owned)),
        state: Set("NOTPAY".into()),
        prepay_id: Set(Some(ids::prepay_id())),
        code_url: Set(code_url),
        transaction_id: Set(None),
        buyer_id: Set(None),
        fingerprint: Set(print.clone()),
        sign_type: Set(r.sign_type.as_str().into()),
        time_expire: Set(time_expire),
        paid_at: Set(None),
        refunded_fee: Set(0),
        return_url: Set(None),
        quit_url: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    match state.trades.open(row).await {
        Ok(Opened::New(m)) => Ok(prepay_reply(call, &m)),
        Ok(Opened::Taken(existing)) => Ok(answer_existing(call, &existing, &print)),
        Err(e) => Err(r.system_error(e)),
    }
}

fn answer_existing(call: &Call, existing: &order::Model, print: &str) -> Response {
    let r = &call.reply;
    match existing.state.as_str() {
        s if PAID_STATES.contains(&s) => r.fail("ORDERPAID", "该订单已支付"),
        "CLOSED" | "REVOKED" => r.fail("ORDERCLOSED", "该订单已关闭"),
        _ if existing.fingerprint != print => r.fail("OUT_TRADE_NO_USED", "商户订单号重复"),
        _ => prepay_reply(call, existing),
    }
}

fn prepay_reply(call: &Call, m: &order::Model) -> Response {
    call.reply.ok(fields([
        ("trade_type", m.trade_type.clone()),
        ("prepay_id", m.prepay_id.clone().unwrap_or_default()),
        ("code_url", m.code_url.clone().unwrap_or_default()),
    ]))
}

/// `trade_state_desc` as WeChat words it.
fn state_desc(state: &str) -> &'static str {
    match state {
        "SUCCESS" => "支付成功",
        "REFUND" => "订单发生过退款",
        "CLOSED" => "订单已关闭",
        "REVOKED" => "已撤销",
        "USERPAYING" => "需要用户输入支付密码",
        "PAYERROR" => "支付失败，请重新下单支付",
        _ => "订单未支付",
    }
}

pub async fn orderquery(State(state): State<SandboxState>, body: Bytes) -> Response {
    let call = match gate::admit(&state, &body, &[]).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let m = match find_named(&state.read, &call).await {
        Ok(Some(m)) => m,
        Ok(None) => return call.reply.fail("ORDERNOTEXIST", "订单不存在"),
        Err(r) => return r,
    };
    let mut f = fields([
        ("out_trade_no", m.out_trade_no.clone()),
        ("trade_state", m.state.clone()),
        ("trade_state_desc", state_desc(&m.state).to_owned()),
        ("trade_type", m.trade_type.clone()),
        ("total_fee", m.total_fee.to_string()),
        ("fee_type", "CNY".to_owned()),
        ("attach", m.attach.clone().unwrap_or_default()),
    ]);
    if PAID_STATES.contains(&m.state.as_str()) {
        f.extend(fields([
            ("openid", m.openid.clone().unwrap_or_default()),
            ("is_subscribe", "N".to_owned()),
            ("bank_type", BANK_TYPE.to_owned()),
            ("cash_fee", m.total_fee.to_string()),
            ("cash_fee_type", "CNY".to_owned()),
            (
                "transaction_id",
                m.transaction_id.clone().unwrap_or_default(),
            ),
            (
                "time_end",
                m.paid_at.map(format_beijing_compact).unwrap_or_default(),
            ),
        ]));
    }
    call.reply.ok(f)
}

pub async fn closeorder(State(state): State<SandboxState>, body: Bytes) -> Response {
    let call = match gate::admit(&state, &body, &["out_trade_no"]).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    close(&state, &call).await.unwrap_or_else(|r| r)
}

async fn close(state: &SandboxState, call: &Call) -> Result<Response, Response> {
    let r = &call.reply;
    let no = call.get("out_trade_no").unwrap_or_default();
    let m = find_by_out_trade_no(&state.db, &call.merchant.wechat_mch_id, no)
        .await
        .map_err(|e| r.system_error(e))?
        .ok_or_else(|| r.fail("ORDERNOTEXIST", "订单不存在"))?;
    let res = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value("CLOSED"))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(m.id.clone()))
        .filter(order::Column::State.is_in(OPEN_STATES))
        .exec(&state.db)
        .await
        .map_err(|e| r.system_error(e))?;
    if res.rows_affected == 1 {
        return Ok(r.ok(fields([("result_msg", "OK".to_owned())])));
    }
    // Lost to a payment or another close: report what it is now.
    let now = order::Entity::find_by_id(m.id)
        .one(&state.db)
        .await
        .map_err(|e| r.system_error(e))?
        .map(|m| m.state)
        .unwrap_or_default();
    Ok(if PAID_STATES.contains(&now.as_str()) {
        r.fail("ORDERPAID", "订单已支付，不能发起关单")
    } else {
        r.fail("ORDERCLOSED", "订单已关闭，无法重复关闭")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_nonce_sign_and_ip_but_not_business_fields() {
        let base: Fields = [
            ("appid", "wx1"),
            ("total_fee", "100"),
            ("body", "b"),
            ("nonce_str", "n1"),
            ("sign", "S1"),
            ("spbill_create_ip", "1.1.1.1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let mut retry = base.clone();
        retry.insert("nonce_str".into(), "n2".into());
        retry.insert("sign".into(), "S2".into());
        retry.insert("spbill_create_ip".into(), "2.2.2.2".into());
        assert_eq!(fingerprint(&base), fingerprint(&retry));
        let mut changed = base.clone();
        changed.insert("total_fee".into(), "101".into());
        assert_ne!(fingerprint(&base), fingerprint(&changed));
        let mut attach = base.clone();
        attach.insert("attach".into(), "x".into());
        assert_ne!(fingerprint(&base), fingerprint(&attach));
    }
}
