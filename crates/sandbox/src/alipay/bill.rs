//! `alipay.data.dataservice.bill.downloadurl.query` and the download it hands out.
//!
//! The query (`bill_type` trade, `bill_date` `yyyy-MM-dd`) answers a `bill_download_url` on this
//! sandbox (`/alipay/bills/{token}`), valid for 30 seconds, or `BILL_NOT_EXIST` for a day whose
//! bill is not out (today, yesterday before the ready hour) or that precedes the merchant's
//! account; `INVAILID_ARGUMENTS` (Alipay's spelling) for a bad type or date. The download is the
//! day's bill zip in GBK (names and contents), built when it is fetched. A day without trades is a
//! bill without rows.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::gateway::{Call, Failure, Outcome};
use super::{seller_id, PROVIDER};
use crate::bills::{self, Desk, ALIPAY_READY_HOUR};
use crate::SandboxState;
use paycenter_providers::alipay::bill::BILL_TYPE_TRADE;
use paycenter_providers::bills::alipay::{bill_zip, BillHeader, FileEncoding};
use paycenter_providers::bills::beijing_date;

fn invalid(msg: &str) -> Failure {
    Failure::business("INVAILID_ARGUMENTS", msg)
}

fn not_exist() -> Failure {
    Failure::business("BILL_NOT_EXIST", "账单不存在")
}

/// Where this sandbox serves bill downloads, as seen by the caller of the gateway at `original`.
pub fn links_base(original: &Uri, headers: &HeaderMap) -> String {
    let prefix = original
        .path()
        .strip_suffix("/alipay/gateway.do")
        .unwrap_or_default();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}{prefix}/alipay/bills")
}

pub async fn download_url(
    state: &SandboxState,
    call: &Call,
    biz: &Map<String, Value>,
    links_base: &str,
) -> Outcome {
    let text = |k: &str| biz.get(k).and_then(Value::as_str).unwrap_or_default();
    if text("bill_type") != BILL_TYPE_TRADE {
        return Err(invalid("bill_type 不合法"));
    }
    let date = NaiveDate::parse_from_str(text("bill_date"), "%Y-%m-%d")
        .map_err(|_| invalid("bill_date 不合法"))?;
    let merchant = state
        .merchants
        .by_alipay_app_id(&state.db, &call.app_id)
        .await?
        .ok_or_else(|| Failure::invalid("isv.invalid-app-id", "无效的AppID参数"))?;
    if date < beijing_date(merchant.created_at) {
        return Err(not_exist());
    }
    match bills::desk(state, date, ALIPAY_READY_HOUR) {
        Desk::Ready => {}
        Desk::NotYet | Desk::Future => return Err(not_exist()),
    }
    let token = state.bill_links.issue(&call.app_id, date);
    Ok(vec![(
        "bill_download_url",
        Value::from(format!("{links_base}/{token}")),
    )])
}

/// `GET /alipay/bills/{token}`: the zip, while the link works.
pub async fn download(State(state): State<SandboxState>, Path(token): Path<String>) -> Response {
    let Some(link) = state.bill_links.get(&token) else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html;charset=utf-8")],
            "<html><body>下载链接已失效</body></html>",
        )
            .into_response();
    };
    let day = match bills::load(&state.db, PROVIDER, &link.app_id, link.date).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "sandbox alipay: bill");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let h = BillHeader {
        account: seller_id(&link.app_id),
        date: link.date,
        exported_at: state.settings.bill_now(),
    };
    let zip = bill_zip(&h, &bills::alipay_rows(&state, &day), FileEncoding::Gbk);
    let file = format!(
        "attachment; filename=\"{}_{}.csv.zip\"",
        h.account,
        link.date.format("%Y%m%d")
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        zip,
    )
        .into_response()
}
