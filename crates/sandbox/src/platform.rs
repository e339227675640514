//! The emulated Alipay's platform key pair: generated once per sandbox database and kept in
//! `sandbox_settings`, so every instance and every restart signs with the same key.

use crate::entity::setting as sandbox_setting;
use rsa::pkcs1v15::SigningKey;
use rsa::RsaPrivateKey;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use secrecy::ExposeSecret;
use sha2::Sha256;

use super::SandboxError;
use paycenter_providers::alipay::keys;

const KEY: &str = "alipay_platform_private_key";

pub struct AlipayPlatform {
    pub private_key: RsaPrivateKey,
    pub signing_key: SigningKey<Sha256>,
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
        let private_key =
            keys::parse_private_key(pem).map_err(|e| SandboxError::Internal(e.to_string()))?;
        let public_key_pem = keys::public_key_to_spki_pem(&private_key.to_public_key())
            .map_err(|e| SandboxError::Internal(e.to_string()))?;
        Ok(Self {
            signing_key: SigningKey::<Sha256>::new(private_key.clone()),
            private_key,
            public_key_pem,
        })
    }
}
