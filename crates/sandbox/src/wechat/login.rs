//! Mini-program login: `GET /wechat/sns/jscode2session` as WeChat answers it, and the control
//! `POST /wechat/codes` `{ appId, openid? }` → `{ code, openid }` that plays `wx.login()`.
//!
//! Codes are rows in `sandbox_codes`; a code is consumed with a conditional update
//! (`… SET used = true WHERE code = ? AND used = false`), so it works exactly once even when two
//! servers race for it.

use crate::entity::{code, merchant};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use serde_json::{json, Value};

use super::ids;
use crate::{SandboxError, SandboxState};

/// WeChat's open API answers JSON with this content type.
const CONTENT_TYPE: &str = "text/plain";
const MAX_OPENID_LEN: usize = 128;

#[derive(Debug, Deserialize)]
pub struct SessionQuery {
    appid: Option<String>,
    secret: Option<String>,
    js_code: Option<String>,
    grant_type: Option<String>,
}

fn answer(v: &Value) -> Response {
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], v.to_string()).into_response()
}

/// `{errcode, errmsg}` with WeChat's `, rid: …` suffix.
fn error(errcode: i64, errmsg: &str) -> Response {
    answer(&json!({ "errcode": errcode, "errmsg": format!("{errmsg}, rid: {}", ids::rid()) }))
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub async fn jscode2session(
    State(state): State<SandboxState>,
    Query(q): Query<SessionQuery>,
) -> Response {
    let Some(app_id) = present(&q.appid) else {
        return error(41002, "appid missing");
    };
    let Some(secret) = present(&q.secret) else {
        return error(41004, "appsecret missing");
    };
    let Some(js_code) = present(&q.js_code) else {
        return error(41008, "missing code");
    };
    if present(&q.grant_type) != Some("authorization_code") {
        return error(40002, "invalid grant_type");
    }
    let m = match merchant::Entity::find()
        .filter(merchant::Column::WechatAppId.eq(app_id))
        .one(&state.db)
        .await
    {
        Ok(Some(m)) => m,
        Ok(None) => return error(40013, "invalid appid"),
        Err(e) => return busy(e),
    };
    if let Some(f) = state.faults.take(&m.wechat_mch_id) {
        f.delay().await;
        if let Some(status) = f.http_status {
            return super::reply::http_status(status);
        }
        if f.system_error {
            return error(-1, "system error");
        }
    }
    if secret != m.wechat_app_secret {
        return error(40125, "invalid appsecret");
    }
    let consumed = code::Entity::update_many()
        .col_expr(code::Column::Used, Expr::value(true))
        .filter(code::Column::Code.eq(js_code))
        .filter(code::Column::AppId.eq(app_id))
        .filter(code::Column::Used.eq(false))
        .exec(&state.db)
        .await;
    match consumed {
        Ok(r) if r.rows_affected == 1 => {}
        Ok(_) => return error(40029, "invalid code"),
        Err(e) => return busy(e),
    }
    match code::Entity::find_by_id(js_code.to_owned())
        .one(&state.db)
        .await
    {
        Ok(Some(c)) => answer(&json!({ "session_key": ids::session_key(), "openid": c.openid })),
        Ok(None) => error(40029, "invalid code"),
        Err(e) => busy(e),
    }
}

fn busy(e: sea_orm::DbErr) -> Response {
    tracing::error!(error = %e, "sandbox jscode2session: database error");
    error(-1, "system error")
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CodeRequest {
    app_id: String,
    #[serde(default)]
    openid: Option<String>,
}

pub async fn create_code(
    State(state): State<SandboxState>,
    Json(req): Json<CodeRequest>,
) -> Result<Json<Value>, SandboxError> {
    let openid = match present(&req.openid) {
        Some(o) if o.len() > MAX_OPENID_LEN => {
            return Err(SandboxError::BadRequest(format!(
                "openid is longer than {MAX_OPENID_LEN} bytes"
            )))
        }
        Some(o) => o.to_owned(),
        None => ids::openid(),
    };
    let known = merchant::Entity::find()
        .filter(merchant::Column::WechatAppId.eq(req.app_id.trim()))
        .one(&state.db)
        .await?
        .is_some();
    if !known {
        return Err(SandboxError::NotFound(format!(
            "sandbox merchant with WeChat appId {}",
            req.app_id.trim()
        )));
    }
    let c = code::ActiveModel {
        code: Set(ids::login_code()),
        app_id: Set(req.app_id.trim().to_owned()),
        openid: Set(openid),
        used: Set(false),
        created_at: Set(Utc::now()),
    }
    .insert(&state.db)
    .await?;
    Ok(Json(json!({ "code": c.code, "openid": c.openid })))
}
