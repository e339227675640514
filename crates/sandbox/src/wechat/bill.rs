//! `pay/downloadbill`: the day's trade bill as CSV (gzip'd with `tar_type=GZIP`), or an unsigned
//! `return_code=FAIL` XML: `Bill Creating` (today, or yesterday before the ready hour),
//! `No Bill Exist` (a day without payments or refunds: WeChat makes no bill then),
//! `invalid bill_date` / `invalid bill_type` / `invalid tar_type`. The request passes the same
//! gate (faults, merchant, signature) as every Pay v2 call.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use super::gate::{self, Call};
use super::reply;
use super::PROVIDER;
use crate::bills::{self, Desk, Lines, WECHAT_READY_HOUR};
use crate::SandboxState;
use paycenter_providers::bills::integrity::gzip;
use paycenter_providers::wechat_v2::bill::{CREATING, NO_BILL};

pub async fn downloadbill(State(state): State<SandboxState>, body: Bytes) -> Response {
    let call = match gate::admit(&state, &body, &["bill_date"]).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    serve(&state, &call).await.unwrap_or_else(|r| r)
}

async fn serve(state: &SandboxState, call: &Call) -> Result<Response, Response> {
    let date = call
        .get("bill_date")
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .ok_or_else(|| reply::comm_fail("invalid bill_date"))?;
    let lines = match call.get("bill_type").unwrap_or("ALL") {
        "ALL" => Lines::All,
        "SUCCESS" => Lines::Payments,
        "REFUND" => Lines::Refunds,
        _ => return Err(reply::comm_fail("invalid bill_type")),
    };
    let gzipped = match call.get("tar_type") {
        None => false,
        Some("GZIP") => true,
        Some(_) => return Err(reply::comm_fail("invalid tar_type")),
    };
    match bills::desk(state, date, WECHAT_READY_HOUR) {
        Desk::Ready => {}
        Desk::NotYet => return Err(reply::comm_fail(CREATING)),
        Desk::Future => return Err(reply::comm_fail("invalid bill_date")),
    }
    let day = bills::load(&state.db, PROVIDER, &call.merchant.wechat_mch_id, date)
        .await
        .map_err(|e| call.reply.system_error(e))?;
    let rows = bills::wechat_rows(state, &day, lines);
    if rows.is_empty() {
        return Err(reply::comm_fail(NO_BILL));
    }
    let csv = bills::wechat_csv(&rows);
    Ok(if gzipped {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/x-gzip")],
            gzip(&csv),
        )
            .into_response()
    } else {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain;charset=utf-8")],
            csv,
        )
            .into_response()
    })
}
