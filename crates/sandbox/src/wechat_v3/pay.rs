//! `POST /v3/pay/transactions/{jsapi|app|native|h5}`, `GET …/out-trade-no/{no}` and
//! `…/id/{transaction_id}`, `POST …/out-trade-no/{no}/close`, `GET /v3/certificates`.
//!
//! v3 trades are `sandbox_orders` rows of provider "wechat" like v2's (one out_trade_no space per
//! merchant, one buyer), told apart by `sign_type` = [`V3_SIGN_TYPE`]: their notify is v3's.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::gate::{self, Call, Incoming};
use super::keys::{self, Mode};
use super::V3_SIGN_TYPE;
use crate::entity::order;
use crate::trades::Opened;
use crate::wechat::{ids, OPEN_STATES, PAID_STATES, PROVIDER};
use crate::SandboxState;
use paycenter_providers::wechat_v3::aead;
use paycenter_providers::wechat_v3::certs::EncryptedResource;
use paycenter_providers::wechat_v3::client::{format_time, parse_time};
use paycenter_providers::wechat_v3::wire::{
    CertificateReplyEntry, CertificatesReply, CloseBody, PrepayBody, Transaction,
    TransactionAmount, TransactionPayer,
};

/// The 404 public-key merchants get from `/v3/certificates` (as WeChat words it).
pub const NO_CERTIFICATES: &str =
    "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。可查看指引https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/wxp-pub-key-guide.html";

/// `trade_state_desc` as WeChat words it.
pub(super) fn state_desc(state: &str) -> &'static str {
    match state {
        "SUCCESS" => "支付成功",
        "REFUND" => "转入退款",
        "CLOSED" => "已关闭",
        "REVOKED" => "已撤销（付款码支付）",
        "USERPAYING" => "用户支付中（付款码支付）",
        "PAYERROR" => "支付失败(其他原因，如银行返回失败)",
        _ => "未支付",
    }
}

/// The request as the gate wants it.
pub(super) fn incoming<'a>(
    method: &'a Method,
    original: &'a Uri,
    inner: &'a Uri,
    headers: &'a HeaderMap,
    body: Bytes,
) -> Incoming<'a> {
    Incoming {
        method,
        original,
        inner,
        headers,
        body,
    }
}

/// The mchid a GET names in its query string (`?mchid=`).
fn query_mchid(uri: &Uri) -> Option<String> {
    form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "mchid")
        .map(|(_, v)| v.into_owned())
}

/// An out_trade_no WeChat accepts: 6–32 of `[0-9A-Za-z_-|*]`.
fn valid_out_trade_no(no: &str) -> bool {
    (6..=32).contains(&no.len())
        && no
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'|' | b'*'))
}

/// The business parameters whose change makes a reused out_trade_no OUT_TRADE_NO_USED.
fn fingerprint(trade_type: &str, b: &PrepayBody) -> String {
    let mut h = Sha256::new();
    for part in [
        "v3",
        trade_type,
        &b.appid,
        &b.description,
        b.attach.as_deref().unwrap_or_default(),
        &b.notify_url,
        &b.amount.total.to_string(),
        &b.amount.currency,
        b.payer
            .as_ref()
            .map(|p| p.openid.as_str())
            .unwrap_or_default(),
        b.time_expire.as_deref().unwrap_or_default(),
    ] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// The H5 page URL of a prepay id (stable, so a repeated prepay gets the same one).
fn h5_url(prepay_id: &str) -> String {
    let digest = Sha256::digest(prepay_id.as_bytes());
    let package = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    format!(
        "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id={prepay_id}&package={package}"
    )
}

pub async fn prepay(
    State(state): State<SandboxState>,
    Path(kind): Path<String>,
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
    let trade_type = match kind.as_str() {
        "jsapi" => "JSAPI",
        "app" => "APP",
        "native" => "NATIVE",
        "h5" => "MWEB",
        _ => return call.reply.error(404, "RESOURCE_NOT_EXISTS", "资源不存在"),
    };
    create(&state, &call, trade_type)
        .await
        .unwrap_or_else(|r| r)
}

/// Validates the body, then creates the trade or answers for the one holding the number.
async fn create(state: &SandboxState, call: &Call, trade_type: &str) -> Result<Response, Response> {
    let r = &call.reply;
    let m = &call.merchant;
    let b: PrepayBody = serde_json::from_slice(&call.body)
        .map_err(|e| r.param_error("/", &format!("请求体不是有效的下单参数: {e}")))?;
    if b.mchid != m.mch_id {
        return Err(r.error(400, "INVALID_REQUEST", "mchid与请求签名的商户号不一致"));
    }
    if b.appid != m.app_id {
        return Err(r.error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"));
    }
    if b.description.is_empty() || b.description.len() > 127 {
        return Err(r.param_error("/description", "长度应为1到127字节"));
    }
    if !valid_out_trade_no(&b.out_trade_no) {
        return Err(r.param_error("/out_trade_no", "应为6到32位数字、大小写字母或_-|*"));
    }
    if b.attach.as_deref().is_some_and(|a| a.len() > 128) {
        return Err(r.param_error("/attach", "长度不能超过128字节"));
    }
    if b.amount.total <= 0 {
        return Err(r.param_error("/amount/total", "应为正整数（分）"));
    }
    if b.amount.currency != "CNY" {
        return Err(r.param_error("/amount/currency", "仅支持CNY"));
    }
    match url::Url::parse(&b.notify_url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.query().is_none() => {}
        _ => return Err(r.param_error("/notify_url", "应为不带参数的http(s)地址")),
    }
    let openid = match (trade_type, &b.payer) {
        ("JSAPI", Some(p)) if !p.openid.trim().is_empty() => Some(p.openid.clone()),
        ("JSAPI", _) => return Err(r.param_error("/payer/openid", "JSAPI下单必须传openid")),
        _ => None,
    };
    if trade_type == "MWEB" {
        let ok = b.scene_info.as_ref().is_some_and(|s| {
            !s.payer_client_ip.trim().is_empty()
                && s.h5_info
                    .as_ref()
                    .is_some_and(|h| matches!(h.kind.as_str(), "iOS" | "Android" | "Wap"))
        });
        if !ok {
            return Err(r.param_error("/scene_info", "H5下单必须传payer_client_ip和h5_info.type"));
        }
    }
    let now = Utc::now();
    let time_expire = match b.time_expire.as_deref() {
        None => None,
        Some(t) => {
            let at = parse_time(t).ok_or_else(|| {
                r.param_error(
                    "/time_expire",
                    "应为RFC 3339格式（yyyy-MM-DDTHH:mm:ss+TIMEZONE）",
                )
            })?;
            // Less than a minute ahead (or past) is raised to a minute.
            Some(at.max(now + TimeDelta::minutes(1)))
        }
    };
    let print = fingerprint(trade_type, &b);
    let prepay_id = ids::prepay_id();
    let url = match trade_type {
        "NATIVE" => Some(ids::code_url()),
        "MWEB" => Some(h5_url(&prepay_id)),
        _ => None,
    };
    let row = order::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbo")),
        provider: Set(PROVIDER.into()),
        merchant_id: Set(m.mch_id.clone()),
        out_trade_no: Set(b.out_trade_no.clone()),
        app_id: Set(m.app_id.clone()),
        trade_type: Set(trade_type.into()),
        total_fee: Set(b.amount.total),
        subject: Set(b.description.clone()),
        attach: Set(b.attach.clone()),
        notify_url: Set(Some(b.notify_url.clone())),
        openid: Set(openid),
        state: Set("NOTPAY".into()),
        prepay_id: Set(Some(prepay_id)),
        code_url: Set(url),
        transaction_id: Set(None),
        buyer_id: Set(None),
        fingerprint: Set(print.clone()),
        sign_type: Set(V3_SIGN_TYPE.into()),
        time_expire: Set(time_expire),
        paid_at: Set(None),
        refunded_fee: Set(0),
        return_url: Set(None),
        quit_url: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    match state.trades.open(row).await {
        Ok(Opened::New(t)) => Ok(prepay_reply(call, &t)),
        Ok(Opened::Taken(t)) => Ok(answer_existing(call, &t, &print, now)),
        Err(e) => Err(r.system_error(e)),
    }
}

fn answer_existing(call: &Call, t: &order::Model, print: &str, now: DateTime<Utc>) -> Response {
    let r = &call.reply;
    match t.state.as_str() {
        s if PAID_STATES.contains(&s) => r.error(400, "ORDERPAID", "该订单已支付"),
        "CLOSED" | "REVOKED" => r.error(400, "ORDER_CLOSED", "订单已关闭"),
        _ if t.fingerprint != print => r.error(403, "OUT_TRADE_NO_USED", "商户订单号重复"),
        _ if t.time_expire.is_some_and(|e| e <= now) => {
            r.error(400, "ORDER_CLOSED", "订单已过支付截止时间")
        }
        _ => prepay_reply(call, t),
    }
}

fn prepay_reply(call: &Call, t: &order::Model) -> Response {
    let prepay_id = t.prepay_id.clone().unwrap_or_default();
    let body = match t.trade_type.as_str() {
        "NATIVE" => json!({"code_url": t.code_url.clone().unwrap_or_default()}),
        "MWEB" => json!({"h5_url": t.code_url.clone().unwrap_or_else(|| h5_url(&prepay_id))}),
        _ => json!({"prepay_id": prepay_id}),
    };
    call.reply.ok(&body)
}

/// A trade as v3 reports it (query replies and TRANSACTION.* notifies).
pub(super) fn transaction(t: &order::Model) -> Transaction {
    let paid = PAID_STATES.contains(&t.state.as_str());
    Transaction {
        appid: t.app_id.clone(),
        mchid: t.merchant_id.clone(),
        out_trade_no: t.out_trade_no.clone(),
        transaction_id: t.transaction_id.clone().filter(|_| paid),
        trade_type: Some(t.trade_type.clone()),
        trade_state: t.state.clone(),
        trade_state_desc: state_desc(&t.state).to_owned(),
        bank_type: paid.then(|| crate::wechat::BANK_TYPE.to_owned()),
        attach: Some(t.attach.clone().unwrap_or_default()),
        success_time: t.paid_at.filter(|_| paid).map(format_time),
        payer: Some(TransactionPayer {
            openid: t.openid.clone().filter(|_| paid),
        }),
        amount: Some(TransactionAmount {
            total: Some(t.total_fee),
            payer_total: paid.then_some(t.total_fee),
            currency: Some("CNY".into()),
            payer_currency: Some("CNY".into()),
        }),
    }
}

/// The merchant's trade by `out_trade_no` or `transaction_id`.
async fn find(
    db: &impl sea_orm::ConnectionTrait,
    mch_id: &str,
    column: order::Column,
    value: &str,
) -> Result<Option<order::Model>, sea_orm::DbErr> {
    order::Entity::find()
        .filter(order::Column::Provider.eq(PROVIDER))
        .filter(order::Column::MerchantId.eq(mch_id))
        .filter(column.eq(value))
        .one(db)
        .await
}

pub(super) async fn find_by_out_trade_no(
    db: &DatabaseConnection,
    mch_id: &str,
    no: &str,
) -> Result<Option<order::Model>, sea_orm::DbErr> {
    find(db, mch_id, order::Column::OutTradeNo, no).await
}

pub(super) async fn find_by_transaction_id(
    db: &DatabaseConnection,
    mch_id: &str,
    id: &str,
) -> Result<Option<order::Model>, sea_orm::DbErr> {
    find(db, mch_id, order::Column::TransactionId, id).await
}

#[allow(clippy::too_many_arguments)]
async fn query(
    state: SandboxState,
    by: order::Column,
    value: String,
    original: Uri,
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
    match query_mchid(&uri) {
        Some(m) if m == call.merchant.mch_id => {}
        Some(_) => return r.error(400, "INVALID_REQUEST", "mchid与请求签名的商户号不一致"),
        None => return r.param_error("/mchid", "缺少查询参数mchid"),
    }
    match find(&state.read, &call.merchant.mch_id, by, &value).await {
        Ok(Some(t)) => match serde_json::to_value(transaction(&t)) {
            Ok(v) => r.ok(&v),
            Err(e) => r.system_error(e),
        },
        Ok(None) => r.error(404, "ORDER_NOT_EXIST", "订单不存在"),
        Err(e) => r.system_error(e),
    }
}

pub async fn query_by_out_trade_no(
    State(state): State<SandboxState>,
    Path(no): Path<String>,
    OriginalUri(original): OriginalUri,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    query(
        state,
        order::Column::OutTradeNo,
        no,
        original,
        method,
        uri,
        headers,
        body,
    )
    .await
}

pub async fn query_by_transaction_id(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
    OriginalUri(original): OriginalUri,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    query(
        state,
        order::Column::TransactionId,
        id,
        original,
        method,
        uri,
        headers,
        body,
    )
    .await
}

/// 204 when closed (or already closed: closing is idempotent here); 400 ORDERPAID when the
/// buyer paid first (v3 does not publish this status; the sandbox's choice).
pub async fn close(
    State(state): State<SandboxState>,
    Path(no): Path<String>,
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
    close_trade(&state, &call, &no).await.unwrap_or_else(|r| r)
}

async fn close_trade(state: &SandboxState, call: &Call, no: &str) -> Result<Response, Response> {
    let r = &call.reply;
    let b: CloseBody =
        serde_json::from_slice(&call.body).map_err(|_| r.param_error("/mchid", "缺少mchid"))?;
    if b.mchid != call.merchant.mch_id {
        return Err(r.error(400, "INVALID_REQUEST", "mchid与请求签名的商户号不一致"));
    }
    let t = find_by_out_trade_no(&state.db, &call.merchant.mch_id, no)
        .await
        .map_err(|e| r.system_error(e))?
        .ok_or_else(|| r.error(404, "ORDER_NOT_EXIST", "订单不存在"))?;
    let res = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value("CLOSED"))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(t.id.clone()))
        .filter(order::Column::State.is_in(OPEN_STATES))
        .exec(&state.db)
        .await
        .map_err(|e| r.system_error(e))?;
    if res.rows_affected == 1 {
        return Ok(r.no_content());
    }
    let now = order::Entity::find_by_id(t.id)
        .one(&state.db)
        .await
        .map_err(|e| r.system_error(e))?
        .map(|t| t.state)
        .unwrap_or_default();
    Ok(if PAID_STATES.contains(&now.as_str()) {
        r.error(400, "ORDERPAID", "订单已支付")
    } else {
        r.no_content()
    })
}

/// `GET /v3/certificates`: certificate-mode merchants get every valid platform certificate,
/// encrypted with their APIv3 key; public-key merchants 404 RESOURCE_NOT_EXISTS.
pub async fn certificates(
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
    let r = &call.reply;
    if call.merchant.mode == Mode::PublicKey {
        return r.error(404, "RESOURCE_NOT_EXISTS", NO_CERTIFICATES);
    }
    let rows = match keys::certificates(&state.read, &call.merchant.mch_id).await {
        Ok(rows) => rows,
        Err(e) => return r.system_error(e),
    };
    let mut data = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(pem) = row.certificate else { continue };
        let nonce = aead::nonce();
        let ciphertext =
            match call
                .merchant
                .api_v3_key
                .encrypt(&nonce, "certificate", pem.as_bytes())
            {
                Ok(c) => c,
                Err(e) => return r.system_error(e),
            };
        data.push(CertificateReplyEntry {
            serial_no: row.serial,
            effective_time: format_time(row.not_before),
            expire_time: format_time(row.not_after),
            encrypt_certificate: EncryptedResource {
                algorithm: aead::ALGORITHM.into(),
                nonce,
                associated_data: "certificate".into(),
                ciphertext,
                original_type: None,
            },
        });
    }
    match serde_json::to_value(CertificatesReply { data }) {
        Ok(v) => r.ok(&v),
        Err(e) => r.system_error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_trade_no_rules() {
        for ok in ["123456", "A-b_c|d*e", &"9".repeat(32)] {
            assert!(valid_out_trade_no(ok), "{ok}");
        }
        for bad in ["12345", &"9".repeat(33), "abc def", "订单号123456"] {
            assert!(!valid_out_trade_no(bad), "{bad}");
        }
    }

    #[test]
    fn h5_url_is_stable() {
        let u = h5_url("wx1");
        assert_eq!(u, h5_url("wx1"));
        assert!(u.starts_with(
            "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1&package="
        ));
    }
}
