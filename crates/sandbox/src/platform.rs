//! The emulated Alipay's platform key pair: generated once per sandbox database and kept in
//! `sandbox_settings`, so every instance and every restart signs with the same key. And the key
//! nobody trusts, which `badSignature` faults sign with.

use crate::entity::setting as sandbox_setting;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use secrecy::ExposeSecret;

use super::SandboxError;
use paycenter_providers::alipay::keys;
use paycenter_providers::rsa_keys::RsaSigner;

const KEY: &str = "alipay_platform_private_key";

pub struct AlipayPlatform {
    /// Signs responses and notifies (through `ring`).
    pub signer: RsaSigner,
    /// SPKI PEM: what merchants configure as `alipayPublicKey`.
    pub public_key_pem: String,
}

impl AlipayPlatform {
    pub async fn load_or_create(db: &DatabaseConnection) -> Result<Self, SandboxError> {
        let pem = match sandbox_setting::Entity::find_by_id(KEY.to_owned())
            .one(db)
            .await?
        {
            Some(row) => row.value,
            None => {
                let (private, _) = tokio::task::spawn_blocking(keys::generate_key_pair)
                    .await
                    .map_err(|e| SandboxError::Internal(e.to_string()))?
                    .map_err(|e| SandboxError::Internal(e.to_string()))?;
                let pem = keys::private_key_to_pkcs8_pem(&private)
                    .map_err(|e| SandboxError::Internal(e.to_string()))?
                    .expose_secret()
                    .to_owned();
                let inserted = sandbox_setting::ActiveModel {
                    key: Set(KEY.to_owned()),
                    value: Set(pem.clone()),
                }
                .insert(db)
                .await;
                match inserted {
                    Ok(_) => pem,
                    // Another instance generated it first: use theirs.
                    Err(_) => sandbox_setting::Entity::find_by_id(KEY.to_owned())
                        .one(db)
                        .await?
                        .map(|r| r.value)
                        .ok_or_else(|| SandboxError::Internal("platform key vanished".into()))?,
                }
            }
        };
        Self::from_pem(&pem)
    }

    pub fn from_pem(pem: &str) -> Result<Self, SandboxError> {
        let internal =
            |e: paycenter_providers::ProviderError| SandboxError::Internal(e.to_string());
        let signer = RsaSigner::parse(pem).map_err(internal)?;
        let public_key_pem = keys::public_key_to_spki_pem(&signer.public_key().map_err(internal)?)
            .map_err(internal)?;
        Ok(Self {
            signer,
            public_key_pem,
        })
    }
}

/// A key nobody trusts, for `badSignature` faults (generated once, off the async threads).
pub async fn wrong_key() -> Option<RsaSigner> {
    static KEY: tokio::sync::OnceCell<Option<RsaSigner>> = tokio::sync::OnceCell::const_new();
    KEY.get_or_init(|| async {
        tokio::task::spawn_blocking(keys::generate_key_pair)
            .await
            .ok()
            .and_then(Result::ok)
            .and_then(|(private, _)| RsaSigner::from_private_key(&private).ok())
    })
    .await
    .clone()
}
