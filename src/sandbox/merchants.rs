//! `POST /sandbox/merchants`: a fresh sandbox merchant with credentials for both providers.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use entity::sandbox_merchant;
use rand::distributions::{Alphanumeric, DistString};
use rand::Rng;
use sea_orm::{ActiveModelTrait, Set};
use secrecy::ExposeSecret;
use serde_json::{json, Value};

use super::{SandboxError, SandboxState};
use crate::providers::alipay::keys;

pub fn router() -> Router<SandboxState> {
    Router::new().route("/merchants", post(create))
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
        id: Set(crate::services::ids::new_id("sbm")),
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
        if crate::db::is_unique_violation(&e) {
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
