//! `GET /v3/bill/tradebill` and `GET /v3/billdownload/file`: the day's trade bill for v3.
//!
//! The application (signed like every v3 call, its reply signed) names `bill_date`
//! (`YYYY-MM-DD`), `bill_type` (ALL, SUCCESS, REFUND) and `tar_type` (GZIP or none); it answers
//! `{hash_type: "SHA1", hash_value, download_url}` with the SHA1 of the CSV (before compression),
//! or 400 `STATEMENT_CREATING` (today, or yesterday before the ready hour) / `NO_STATEMENT_EXIST`
//! (a day without payments or refunds) / `PARAM_ERROR`. The file is fixed when the application
//! answers; its download is a signed GET whose body (gzip'd when asked) is not signed, as the real
//! one. The CSV is v2's (`bills::wechat_csv`): v2 and v3 trades of a merchant share one bill.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::json;

use super::gate;
use super::pay::incoming;
use crate::bills::{self, Desk, Lines, WECHAT_READY_HOUR};
use crate::wechat::PROVIDER;
use crate::SandboxState;
use paycenter_providers::bills::integrity::{gzip, Sha1Digest};

fn query_param(uri: &Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Where this sandbox serves v3 bill files, as seen by the caller at `original`.
fn file_url(original: &Uri, headers: &HeaderMap, token: &str) -> String {
    let prefix = original
        .path()
        .strip_suffix("/v3/bill/tradebill")
        .unwrap_or_default();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}{prefix}/v3/billdownload/file?token={token}")
}

pub async fn tradebill(
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
    let Some(date) =
        query_param(&uri, "bill_date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
    else {
        return r.param_error("/bill_date", "bill_date 格式错误");
    };
    let lines = match query_param(&uri, "bill_type").as_deref().unwrap_or("ALL") {
        "ALL" => Lines::All,
        "SUCCESS" => Lines::Payments,
        "REFUND" => Lines::Refunds,
        _ => return r.param_error("/bill_type", "bill_type 不合法"),
    };
    let gzipped = match query_param(&uri, "tar_type").as_deref() {
        None => false,
        Some("GZIP") => true,
        Some(_) => return r.param_error("/tar_type", "tar_type 不合法"),
    };
    match bills::desk(&state, date, WECHAT_READY_HOUR) {
        Desk::Ready => {}
        Desk::NotYet => return r.error(400, "STATEMENT_CREATING", "账单生成中"),
        Desk::Future => return r.param_error("/bill_date", "账单日期不合法"),
    }
    let day = match bills::load(&state.db, PROVIDER, &call.merchant.mch_id, date).await {
        Ok(d) => d,
        Err(e) => return r.system_error(e),
    };
    let rows = bills::wechat_rows(&state, &day, lines);
    if rows.is_empty() {
        return r.error(400, "NO_STATEMENT_EXIST", "账单文件不存在");
    }
    let csv = bills::wechat_csv(&rows);
    let hash = Sha1Digest::of(&csv).to_hex();
    let file = if gzipped { gzip(&csv) } else { csv };
    let token = state.bill_files.issue(&call.merchant.mch_id, file.into());
    r.ok(&json!({
        "hash_type": "SHA1",
        "hash_value": hash,
        "download_url": file_url(&original, &headers, &token),
    }))
}

pub async fn download(
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
    match query_param(&uri, "token").and_then(|t| state.bill_files.get(&t)) {
        Some((mch_id, file)) if mch_id == call.merchant.mch_id => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/octet-stream")],
            file,
        )
            .into_response(),
        _ => call
            .reply
            .error(404, "RESOURCE_NOT_EXISTS", "下载链接已失效或不存在"),
    }
}
