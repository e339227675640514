//! Alipay's web cashiers as a buyer sees them. A merchant's website sends the browser to
//! `gateway.do` with a signed `alipay.trade.page.pay` (desktop) or `alipay.trade.wap.pay` (phone)
//! request: a GET URL or an auto-submitted POST form, exactly as the official SDKs'
//! `pageExecute` builds them (common parameters in the query, `biz_content` in the query or the
//! form body; the gateway reads both). Alipay checks the request like any gateway call, opens the
//! trade, and shows its cashier: here a small page at `cashier/{trade}` where the buyer pays or
//! cancels.
//!
//! Paying records the payment and owes the signed async notify (as `POST /sandbox/buyer` does),
//! then sends the browser to the request's `return_url` with Alipay's synchronous return: the
//! trade's identifiers signed like a notify (RSA2 over the sorted fields without `sign` and
//! `sign_type`), with no trade status. Cancelling goes to `quit_url` (wap pay) when there is one.
//! A request Alipay refuses (bad signature, unknown app, bad parameters, a paid or closed trade)
//! shows an error page, as Alipay's gateway does.
//!
//! Faults apply as to the other gateway calls (`httpStatus`, latency, `systemError`), and
//! `badSignature` signs the return (and the notify) with a key nobody trusts; `dropNotifies` and
//! `notifyDelayMs` lose or hold back the notify while the browser still comes back at once.
//!
//! The pages carry no script and no inline style (`cashier.css`), so they hold under a strict
//! Content-Security-Policy.

use std::collections::BTreeMap;

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Map, Value};

use super::buyer::{pay, payable};
use super::gateway::{authenticate, sign_notify, Call, Failure, Rejection};
use super::trade::{open_trade, scan, NewTrade};
use super::{seller_id, status, was_paid, yuan, PROVIDER, WAIT_BUYER_PAY};
use crate::entity::order;
use crate::faults::ActiveFault;
use crate::{SandboxError, SandboxState};
use paycenter_providers::alipay::browser_return::return_method;
use paycenter_providers::alipay::client::{
    METHOD_PAGE_PAY, METHOD_WAP_PAY, PRODUCT_PAGE, PRODUCT_WAP,
};
use paycenter_providers::alipay::gateway::beijing_time;
use paycenter_providers::alipay::sign::notify_content_to_verify;

/// The web cashier methods: browser requests, answered with pages rather than JSON.
pub(crate) const WEB_METHODS: [&str; 2] = [METHOD_PAGE_PAY, METHOD_WAP_PAY];

/// Whether a gateway request is for a web cashier.
pub(crate) fn is_web_method(method: Option<&String>) -> bool {
    method.is_some_and(|m| WEB_METHODS.contains(&m.as_str()))
}

fn text<'a>(biz: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    biz.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// An absolute http(s) URL, as Alipay requires of `return_url` and `quit_url`.
fn web_url(v: &str, name: &str) -> Result<String, Failure> {
    match url::Url::parse(v.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(u.to_string())
        }
        _ => Err(Failure::invalid_parameter(name)),
    }
}

/// `gateway.do` with a web cashier method: checks the request, opens the trade and sends the
/// browser to its cashier page (303, so a reload does not submit the form again).
pub(crate) async fn open(
    state: &SandboxState,
    uri: &Uri,
    params: BTreeMap<String, String>,
    fault: &ActiveFault,
) -> Response {
    let base = base_of(uri);
    if fault.system_error {
        return error_page(&base, &Failure::system_error());
    }
    let call = match authenticate(state, params, &WEB_METHODS).await {
        Ok(call) => call,
        Err(Rejection::NoMethod(f) | Rejection::Method(_, f)) => return error_page(&base, &f),
    };
    match open_web_trade(state, &call).await {
        Ok(t) => see_other(&format!("{base}cashier/{}", t.id)),
        Err(f) => error_page(&base, &f),
    }
}

/// The emulated Alipay's base path as this request reached it (`/sandbox/alipay/` when mounted
/// in paycenter or run alone): the cashier's links and its stylesheet hang below it.
fn base_of(uri: &Uri) -> String {
    let path = uri.path();
    match path.find("/alipay/") {
        Some(i) => path[..i + "/alipay/".len()].to_owned(),
        None => "/alipay/".to_owned(),
    }
}

/// `GET cashier.css`: the pages' one stylesheet (no inline styles, so a strict policy holds).
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// Opens (or finds again) the trade of a verified web cashier request and records where the
/// browser goes afterwards.
pub(crate) async fn open_web_trade(
    state: &SandboxState,
    call: &Call,
) -> Result<order::Model, Failure> {
    let biz = call.biz()?;
    let (product, quit_allowed) = match call.method.as_str() {
        METHOD_PAGE_PAY => (PRODUCT_PAGE, false),
        METHOD_WAP_PAY => (PRODUCT_WAP, true),
        _ => return Err(Failure::invalid("isv.invalid-method", "不存在的方法名")),
    };
    if text(&biz, "product_code") != Some(product) {
        return Err(Failure::invalid_parameter("product_code"));
    }
    let return_url = call
        .params
        .get("return_url")
        .filter(|u| !u.trim().is_empty())
        .map(|u| web_url(u, "return_url"))
        .transpose()?;
    let quit_url = text(&biz, "quit_url")
        .filter(|_| quit_allowed)
        .map(|u| web_url(u, "quit_url"))
        .transpose()?;
    let new = NewTrade::from_biz(call, &biz)?;
    let t = open_trade(state, &new).await?;
    if t.return_url == return_url && t.quit_url == quit_url {
        return Ok(t);
    }
    // The latest request is the one this browser carries: it says where the buyer goes.
    order::Entity::update_many()
        .col_expr(order::Column::ReturnUrl, Expr::value(return_url))
        .col_expr(order::Column::QuitUrl, Expr::value(quit_url))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(t.id.clone()))
        .exec(&state.db)
        .await?;
    order::Entity::find_by_id(t.id)
        .one(&state.db)
        .await?
        .ok_or_else(Failure::system_error)
}

/// A web cashier trade by its id.
async fn web_trade(state: &SandboxState, id: &str) -> Result<Option<order::Model>, Failure> {
    Ok(order::Entity::find_by_id(id.to_owned())
        .filter(order::Column::Provider.eq(PROVIDER))
        .filter(order::Column::TradeType.is_in(WEB_METHODS))
        .one(&state.db)
        .await?)
}

/// `GET cashier/{trade}`: the cashier.
pub async fn show(
    State(state): State<SandboxState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Response {
    let base = base_of(&uri);
    match web_trade(&state, &id).await {
        Ok(Some(t)) => cashier_page(&base, &t),
        Ok(None) => not_found(&base),
        Err(f) => error_page(&base, &f),
    }
}

/// `POST cashier/{trade}/pay`: the buyer pays; the browser goes back to the merchant.
pub async fn submit_pay(
    State(state): State<SandboxState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Response {
    let base = base_of(&uri);
    let t = match web_trade(&state, &id).await {
        Ok(Some(t)) => t,
        Ok(None) => return not_found(&base),
        Err(f) => return error_page(&base, &f),
    };
    let fault = state.faults.take(&t.merchant_id).unwrap_or_default();
    fault.delay().await;
    if let Some(code) = fault.http_status {
        return super::gateway::http_failure(code);
    }
    if fault.system_error {
        return error_page(&base, &Failure::system_error());
    }
    // Paid already (a second click, the back button): the buyer is simply sent back again.
    let paid = if was_paid(&t) {
        t
    } else {
        if let Err(e) = payable(&t, Utc::now()) {
            return message_page(&base, &t, "无法付款", "Cannot pay", &e.to_string());
        }
        let opened = match scan(&state, t).await {
            Ok(t) => t,
            Err(f) => return error_page(&base, &f),
        };
        match pay(&state, opened).await {
            Ok(t) => t,
            Err(SandboxError::Conflict(m)) => {
                return match web_trade(&state, &id).await {
                    Ok(Some(t)) => message_page(&base, &t, "无法付款", "Cannot pay", &m),
                    _ => not_found(&base),
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "sandbox alipay cashier: payment not recorded");
                return error_page(&base, &Failure::system_error());
            }
        }
    };
    back_to_merchant(&state, &base, &paid).await
}

/// The browser's way back after a payment: the signed return, or a receipt without a
/// `return_url`.
async fn back_to_merchant(state: &SandboxState, base: &str, t: &order::Model) -> Response {
    let Some(return_url) = t.return_url.as_deref() else {
        return message_page(base, t, "付款成功", "Paid", "");
    };
    let bad_signature = state.faults.bad_signature_for(&t.merchant_id);
    match signed_return(state, t, return_url, bad_signature).await {
        Ok(url) => see_other(&url),
        Err(f) => error_page(base, &f),
    }
}

/// `POST cashier/{trade}/cancel`: the buyer gives up; to `quit_url` when the merchant gave one.
pub async fn submit_cancel(
    State(state): State<SandboxState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Response {
    let base = base_of(&uri);
    match web_trade(&state, &id).await {
        Ok(Some(t)) => match t.quit_url.as_deref() {
            Some(quit) => see_other(quit),
            None => message_page(
                &base,
                &t,
                "已离开收银台",
                "You left the cashier",
                "交易仍在等待付款 / The trade still awaits payment.",
            ),
        },
        Ok(None) => not_found(&base),
        Err(f) => error_page(&base, &f),
    }
}

/// `return_url` with Alipay's synchronous return appended: the trade's identifiers, signed like
/// a notify (sorted, without `sign` and `sign_type`), and no trade status.
pub(crate) async fn signed_return(
    state: &SandboxState,
    t: &order::Model,
    return_url: &str,
    bad_signature: bool,
) -> Result<String, Failure> {
    let mut f: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in [
        ("charset", "utf-8".to_owned()),
        ("out_trade_no", t.out_trade_no.clone()),
        ("method", return_method(&t.trade_type)),
        ("total_amount", yuan(t.total_fee)),
        ("trade_no", t.transaction_id.clone().unwrap_or_default()),
        ("auth_app_id", t.app_id.clone()),
        ("version", "1.0".to_owned()),
        ("app_id", t.app_id.clone()),
        ("sign_type", "RSA2".to_owned()),
        ("seller_id", seller_id(&t.app_id)),
        ("timestamp", beijing_time(Utc::now())),
    ] {
        f.insert(k.to_owned(), v);
    }
    let sign = sign_notify(state, &notify_content_to_verify(&f), bad_signature)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "sandbox alipay: cannot sign a return");
            Failure::system_error()
        })?;
    f.insert("sign".into(), sign);
    let mut url =
        url::Url::parse(return_url).map_err(|_| Failure::invalid_parameter("return_url"))?;
    url.query_pairs_mut().extend_pairs(&f);
    Ok(url.to_string())
}

// ---------------------------------------------------------------------------------------------
// Pages

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// Text for HTML (element content and double-quoted attributes).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{margin:0;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;\
background:#f5f5f5;color:#333}header{background:#1677ff;color:#fff;padding:14px 20px;font-size:18px}\
main{max-width:480px;margin:24px auto;background:#fff;border-radius:8px;padding:24px;\
box-shadow:0 1px 4px rgba(0,0,0,.08)}.amount{font-size:32px;font-weight:600;margin:8px 0 16px}\
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;font-size:14px;color:#666}\
dd{margin:0;color:#333;word-break:break-all}form{margin:0}button{width:100%;padding:12px;\
font-size:16px;border:0;border-radius:6px;margin-top:12px;cursor:pointer}\
.pay{background:#1677ff;color:#fff}.cancel{background:#eee;color:#333}\
.note{font-size:13px;color:#999;margin-top:16px}.error{color:#cf1322}";

fn html(base: &str, status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"{}cashier.css\"></head><body>\
         <header>支付宝 · 收银台 <small>(paycenter sandbox)</small></header><main>{body}</main>\
         </body></html>",
        esc(title),
        esc(base)
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

fn trade_details(t: &order::Model) -> String {
    let expire = t
        .time_expire
        .map(|e| {
            format!(
                "<dt>有效期至 Pay by</dt><dd>{} (北京时间)</dd>",
                esc(&beijing_time(e))
            )
        })
        .unwrap_or_default();
    format!(
        "<div class=\"amount\" data-test=\"alipay-amount\">¥{}</div><dl>\
         <dt>商品 Subject</dt><dd data-test=\"alipay-subject\">{}</dd>\
         <dt>订单号 Order</dt><dd>{}</dd><dt>商户 Merchant</dt><dd>{}</dd>{expire}</dl>",
        esc(&yuan(t.total_fee)),
        esc(&t.subject),
        esc(&t.out_trade_no),
        esc(&t.app_id),
    )
}

fn cashier_page(base: &str, t: &order::Model) -> Response {
    let now = Utc::now();
    let body = match status(t, now) {
        WAIT_BUYER_PAY => format!(
            "{}<form method=\"post\" action=\"{id}/pay\"><button class=\"pay\" type=\"submit\" \
             data-test=\"alipay-pay\">确认付款 Pay</button></form>\
             <form method=\"post\" action=\"{id}/cancel\"><button class=\"cancel\" type=\"submit\" \
             data-test=\"alipay-cancel\">取消 Cancel</button></form>\
             <p class=\"note\">这是 paycenter 的支付宝模拟收银台，不会产生真实扣款。\
             This is paycenter's emulated Alipay cashier: no money moves.</p>",
            trade_details(t),
            id = esc(&format!("{base}cashier/{}", t.id)),
        ),
        _ if was_paid(t) => format!(
            "{}<p data-test=\"alipay-state\">已付款 · Paid</p>{}",
            trade_details(t),
            return_link(base, t)
        ),
        _ => format!(
            "{}<p class=\"error\" data-test=\"alipay-state\">交易已关闭 · The trade is closed</p>",
            trade_details(t)
        ),
    };
    html(base, StatusCode::OK, "支付宝收银台", &body)
}

/// A paid trade's way back (the browser repeats the pay form, which answers with the return).
fn return_link(base: &str, t: &order::Model) -> String {
    if t.return_url.is_none() {
        return String::new();
    }
    format!(
        "<form method=\"post\" action=\"{}/pay\"><button class=\"pay\" type=\"submit\" \
         data-test=\"alipay-back\">返回商户 Back to the merchant</button></form>",
        esc(&format!("{base}cashier/{}", t.id))
    )
}

fn message_page(base: &str, t: &order::Model, zh: &str, en: &str, detail: &str) -> Response {
    let body = format!(
        "{}<p data-test=\"alipay-state\">{} · {}</p><p class=\"note\">{}</p>",
        trade_details(t),
        esc(zh),
        esc(en),
        esc(detail)
    );
    html(base, StatusCode::OK, zh, &body)
}

/// What Alipay's gateway shows for a refused web request: the error code and reason.
fn error_page(base: &str, f: &Failure) -> Response {
    let body = format!(
        "<p class=\"error\" data-test=\"alipay-error\">支付存在钓鱼风险或参数有误 · The request was refused</p>\
         <dl><dt>错误代码 Code</dt><dd data-test=\"alipay-error-code\">{}</dd>\
         <dt>错误原因 Reason</dt><dd>{}</dd></dl>",
        esc(f.sub_code),
        esc(&f.sub_msg)
    );
    html(base, StatusCode::OK, "支付宝 - 错误", &body)
}

fn not_found(base: &str) -> Response {
    html(
        base,
        StatusCode::NOT_FOUND,
        "支付宝 - 错误",
        "<p class=\"error\" data-test=\"alipay-error\">交易不存在 · No such trade</p>",
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_urls() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert!(web_url("https://shop.example/back?x=1", "return_url").is_ok());
        for bad in ["javascript:alert(1)", "/relative", "ftp://x/y", "not a url"] {
            assert!(web_url(bad, "return_url").is_err(), "{bad}");
        }
        assert!(is_web_method(Some(&METHOD_WAP_PAY.to_owned())));
        assert!(!is_web_method(Some(&"alipay.trade.query".to_owned())));
        assert!(!is_web_method(None));
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            base_of(&uri("/sandbox/alipay/gateway.do?x=1")),
            "/sandbox/alipay/"
        );
        assert_eq!(
            base_of(&uri("/sandbox/alipay/cashier/sbo_1/pay")),
            "/sandbox/alipay/"
        );
        assert_eq!(base_of(&uri("/elsewhere")), "/alipay/");
    }
}
