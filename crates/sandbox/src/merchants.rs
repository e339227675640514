//! `POST /sandbox/merchants`: a fresh sandbox merchant with credentials for both providers.
//!
//! Body (optional): `{"wechatMode": "publicKey" | "certificate"}` (default `publicKey`, what
//! WeChat gives new merchants). Under `wechat`, besides the v2 fields: the v3 credentials
//! `merchantSerialNo`, `merchantPrivateKey` (PKCS#8 PEM), `apiV3Key` (32 characters), and in
//! public-key mode `wechatPayPublicKeyId` (`PUB_KEY_ID_…`) and `wechatPayPublicKey` (SPKI PEM); a
//! certificate-mode merchant gets neither and downloads its platform certificate from
//! `/v3/certificates`. The mode itself is `wechatMode` beside `wechat` (so `wechat` holds exactly
//! paycenter's WeChat credential input and can be handed to `createProject` as it is).

use crate::entity::merchant as sandbox_merchant;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use rand::distributions::{Alphanumeric, DistString};
use rand::Rng;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, Set};
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use super::wechat_v3::{self, keys::Mode};
use super::{SandboxError, SandboxState};
use paycenter_providers::alipay::keys;
use sea_orm::TransactionTrait;

pub fn router() -> Router<SandboxState> {
    Router::new().route("/merchants", post(create))
}

/// Merchants by their WeChat mch_id and Alipay app_id. A merchant never changes once created
/// (nor is it pruned), so what was found once stays true; what was not found is asked again
/// (another instance may have created it since).
#[derive(Default)]
pub struct Known {
    wechat: RwLock<HashMap<String, Arc<sandbox_merchant::Model>>>,
    alipay: RwLock<HashMap<String, Arc<sandbox_merchant::Model>>>,
}

/// Entries kept per provider at most (sandbox merchants are few; this only bounds memory).
const MAX_KNOWN: usize = 10_000;

impl Known {
    /// The merchant with this WeChat mch_id.
    pub async fn by_wechat_mch_id(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        mch_id: &str,
    ) -> Result<Option<Arc<sandbox_merchant::Model>>, DbErr> {
        Self::find(
            &self.wechat,
            db,
            sandbox_merchant::Column::WechatMchId,
            mch_id,
        )
        .await
    }

    /// The merchant with this Alipay app_id.
    pub async fn by_alipay_app_id(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        app_id: &str,
    ) -> Result<Option<Arc<sandbox_merchant::Model>>, DbErr> {
        Self::find(
            &self.alipay,
            db,
            sandbox_merchant::Column::AlipayAppId,
            app_id,
        )
        .await
    }

    async fn find(
        map: &RwLock<HashMap<String, Arc<sandbox_merchant::Model>>>,
        db: &impl sea_orm::ConnectionTrait,
        column: sandbox_merchant::Column,
        key: &str,
    ) -> Result<Option<Arc<sandbox_merchant::Model>>, DbErr> {
        if let Some(m) = map.read().unwrap_or_else(|p| p.into_inner()).get(key) {
            return Ok(Some(m.clone()));
        }
        let Some(found) = sandbox_merchant::Entity::find()
            .filter(column.eq(key))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let found = Arc::new(found);
        let mut map = map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_KNOWN {
            map.clear();
        }
        map.insert(key.to_owned(), found.clone());
        Ok(Some(found))
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateMerchant {
    #[serde(default)]
    wechat_mode: Option<String>,
}

/// Generated credentials, in the API contract's shape.
async fn create(
    State(state): State<SandboxState>,
    body: Bytes,
) -> Result<Json<Value>, SandboxError> {
    let req: CreateMerchant = if body.iter().all(u8::is_ascii_whitespace) {
        CreateMerchant::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| SandboxError::BadRequest(e.to_string()))?
    };
    let mode = match req.wechat_mode.as_deref() {
        None | Some("publicKey") => Mode::PublicKey,
        Some("certificate") => Mode::Certificate,
        Some(other) => {
            return Err(SandboxError::BadRequest(format!(
                "wechatMode must be publicKey or certificate, not {other}"
            )))
        }
    };
    let alipay_keys = tokio::task::spawn_blocking(keys::generate_key_pair);
    // ThreadRng is not Send: draw everything before the first await.
    let (wechat_app_id, wechat_app_secret, wechat_mch_id, wechat_api_key, alipay_app_id) = {
        let mut rng = rand::thread_rng();
        (
            format!("wx{:016x}", rng.gen::<u64>()),
            format!("{:032x}", rng.gen::<u128>()),
            format!("19{:08}", rng.gen_range(0..100_000_000u32)),
            Alphanumeric.sample_string(&mut rng, 32),
            format!("2021{:012}", rng.gen_range(0..1_000_000_000_000u64)),
        )
    };

    // The v3 keys (two more key pairs) are made while the Alipay one is.
    let v3 = wechat_v3::keys::issue(&wechat_mch_id, mode).await?;
    let (app_private, app_public) = alipay_keys
        .await
        .map_err(|e| SandboxError::Internal(e.to_string()))?
        .map_err(|e| SandboxError::Internal(e.to_string()))?;
    let private_pem = keys::private_key_to_pkcs8_pem(&app_private)
        .map_err(|e| SandboxError::Internal(e.to_string()))?;
    let public_pem = keys::public_key_to_spki_pem(&app_public)
        .map_err(|e| SandboxError::Internal(e.to_string()))?;

    let txn = state.db.begin().await?;
    sandbox_merchant::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbm")),
        wechat_app_id: Set(wechat_app_id.clone()),
        wechat_app_secret: Set(wechat_app_secret.clone()),
        wechat_mch_id: Set(wechat_mch_id.clone()),
        wechat_api_key: Set(wechat_api_key.clone()),
        alipay_app_id: Set(alipay_app_id.clone()),
        alipay_app_public_key: Set(public_pem),
        created_at: Set(Utc::now()),
        wechat_v3_mode: Set(Some(v3.mode.as_str().to_owned())),
        wechat_merchant_serial_no: Set(Some(v3.merchant_serial_no.clone())),
        wechat_merchant_public_key: Set(Some(v3.merchant_public_key.clone())),
        wechat_api_v3_key: Set(Some(v3.api_v3_key.clone())),
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if paycenter_db::is_unique_violation(&e) {
            SandboxError::Conflict("generated identifiers collided; try again".into())
        } else {
            e.into()
        }
    })?;
    wechat_v3::keys::store(&txn, &v3.platform).await?;
    txn.commit().await?;

    let mut wechat = json!({
        "appId": wechat_app_id,
        "appSecret": wechat_app_secret,
        "mchId": wechat_mch_id,
        "apiKey": wechat_api_key,
        "merchantSerialNo": v3.merchant_serial_no,
        "merchantPrivateKey": v3.merchant_private_key,
        "apiV3Key": v3.api_v3_key,
    });
    if v3.mode == Mode::PublicKey {
        wechat["wechatPayPublicKeyId"] = Value::from(v3.platform.serial.clone());
        wechat["wechatPayPublicKey"] = Value::from(v3.platform.public_key.clone());
    }

    Ok(Json(json!({
        "wechat": wechat,
        "wechatMode": match v3.mode {
            Mode::PublicKey => "publicKey",
            Mode::Certificate => "certificate",
        },
        "alipay": {
            "appId": alipay_app_id,
            "appPrivateKey": private_pem.expose_secret(),
            "alipayPublicKey": state.alipay.public_key_pem,
        }
    })))
}
