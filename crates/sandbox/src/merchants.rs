//! `POST /sandbox/merchants`: a fresh sandbox merchant with credentials for both providers.

use crate::entity::merchant as sandbox_merchant;
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

use super::{SandboxError, SandboxState};
use paycenter_providers::alipay::keys;

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

/// Generated credentials, in the API contract's shape.
async fn create(State(state): State<SandboxState>) -> Result<Json<Value>, SandboxError> {
    let (app_private, app_public) = tokio::task::spawn_blocking(keys::generate_key_pair)
        .await
        .map_err(|e| SandboxError::Internal(e.to_string()))?
        .map_err(|e| SandboxError::Internal(e.to_string()))?;
    let private_pem = keys::private_key_to_pkcs8_pem(&app_private)
        .map_err(|e| SandboxError::Internal(e.to_string()))?;
    let public_pem = keys::public_key_to_spki_pem(&app_public)
        .map_err(|e| SandboxError::Internal(e.to_string()))?;

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

    sandbox_merchant::ActiveModel {
        id: Set(paycenter_db::ids::new_id("sbm")),
        wechat_app_id: Set(wechat_app_id.clone()),
        wechat_app_secret: Set(wechat_app_secret.clone()),
        wechat_mch_id: Set(wechat_mch_id.clone()),
        wechat_api_key: Set(wechat_api_key.clone()),
        alipay_app_id: Set(alipay_app_id.clone()),
        alipay_app_public_key: Set(public_pem),
        created_at: Set(Utc::now()),
    }
    .insert(&state.db)
    .await
    .map_err(|e| {
        if paycenter_db::is_unique_violation(&e) {
            SandboxError::Conflict("generated identifiers collided; try again".into())
        } else {
            e.into()
        }
    })?;

    Ok(Json(json!({
        "wechat": {
            "appId": wechat_app_id,
            "appSecret": wechat_app_secret,
            "mchId": wechat_mch_id,
            "apiKey": wechat_api_key,
        },
        "alipay": {
            "appId": alipay_app_id,
            "appPrivateKey": private_pem.expose_secret(),
            "alipayPublicKey": state.alipay.public_key_pem,
        }
    })))
}
