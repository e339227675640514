//! What every Pay v2 call goes through before its own logic, in WeChat's order: parse the XML,
//! apply injected faults, check required parameters, find the merchant by `mch_id`, verify the
//! signature with its API key (honouring `sign_type`), check that `appid` is the merchant's.

use crate::entity::merchant;
use axum::response::Response;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::reply::{self, msg, Replier};
use crate::SandboxState;
use paycenter_providers::wechat_v2::client::Fields;
use paycenter_providers::wechat_v2::{sign, xml, SignType};

/// An authenticated request.
pub struct Call {
    pub fields: Fields,
    pub merchant: std::sync::Arc<merchant::Model>,
    pub reply: Replier,
    /// A `refuseRefunds` fault applies to this request.
    pub refuse_refunds: bool,
}

impl Call {
    /// A non-empty field.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// The common fields every Pay v2 call must carry.
const COMMON: [&str; 4] = ["appid", "mch_id", "nonce_str", "sign"];

/// Runs the checks; `Err` is the reply to send as is.
pub async fn admit(state: &SandboxState, body: &[u8], required: &[&str]) -> Result<Call, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(reply::comm_fail(msg::POST_DATA_EMPTY));
    }
    let fields = xml::decode(body).map_err(|_| reply::comm_fail(msg::XML_FORMAT_ERROR))?;
    let mch_id = fields.get("mch_id").map(|v| v.trim()).unwrap_or_default();

    let fault = state.faults.take(mch_id);
    if let Some(f) = &fault {
        f.delay().await;
        if let Some(status) = f.http_status {
            return Err(reply::http_status(status));
        }
    }

    if COMMON
        .iter()
        .chain(required)
        .any(|k| fields.get(*k).is_none_or(|v| v.trim().is_empty()))
    {
        return Err(reply::comm_fail(msg::LACK_PARAMS));
    }

    let merchant = state
        .merchants
        .by_wechat_mch_id(&state.db, mch_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "sandbox wechat: merchant lookup");
            reply::comm_fail("系统繁忙,请稍后再试")
        })?
        .ok_or_else(|| reply::comm_fail(msg::MCHID_NOT_EXIST))?;

    let sign_type = SignType::from_field(fields.get("sign_type").map(String::as_str))
        .map_err(|_| reply::comm_fail(msg::SIGNERROR))?;
    sign::verify_as(&fields, &merchant.wechat_api_key, sign_type)
        .map_err(|_| reply::comm_fail(msg::SIGNERROR))?;

    let app_id = fields.get("appid").map(|v| v.trim()).unwrap_or_default();
    if app_id != merchant.wechat_app_id {
        let known = merchant::Entity::find()
            .filter(merchant::Column::WechatAppId.eq(app_id))
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .is_some();
        return Err(reply::comm_fail(if known {
            msg::APPID_MCHID_NOT_MATCH
        } else {
            msg::APPID_NOT_EXIST
        }));
    }

    let reply = Replier {
        app_id: merchant.wechat_app_id.clone(),
        mch_id: merchant.wechat_mch_id.clone(),
        api_key: merchant.wechat_api_key.clone(),
        sign_type,
        bad_signature: fault.as_ref().is_some_and(|f| f.bad_signature),
    };
    if fault.as_ref().is_some_and(|f| f.system_error) {
        return Err(reply.fail("SYSTEMERROR", "系统超时"));
    }
    Ok(Call {
        fields,
        merchant,
        reply,
        refuse_refunds: fault.as_ref().is_some_and(|f| f.refuse_refunds),
    })
}
