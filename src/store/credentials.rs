//! Provider credentials at rest: one sealed blob per (project, credential kind) in
//! `project_credentials`. The blob is the JSON of [`Stored`] (a serde enum tagged by its kind),
//! encrypted with the vault under associated data naming the project and the kind, so a blob
//! copied to another project or kind does not decrypt. Beside it, a non-secret [`Summary`] (what
//! the API shows) and the app and merchant ids (for checks and lookups).
//!
//! A new provider API is a new [`Stored`] variant (and `CredentialKind`): no migration.

use std::collections::HashMap;

use chrono::Utc;
use entity::{project, project_credential};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, Set,
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{StoreError, StoreResult};
use crate::secrets::Vault;
use paycenter_domain::CredentialKind;
use paycenter_providers::{
    AlipayCredentials, Credentials, WechatCredentials, WechatPayPublicKey, WechatV3Credentials,
};

/// WeChat Pay API v2 and the mini-program: every field optional (a project may have only the
/// mini-program half, for login).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatV2 {
    pub app_id: Option<String>,
    pub mch_id: Option<String>,
    /// The v2 API key (MD5 / HMAC-SHA256 signatures).
    pub api_key: Option<String>,
    /// The mini-program's appSecret (`code2Session`).
    pub app_secret: Option<String>,
}

/// WeChat Pay API v3. Public-key mode when the WeChat Pay public key (and its id) is set;
/// certificate mode otherwise (the client downloads the platform certificates).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatV3 {
    pub app_id: Option<String>,
    pub mch_id: Option<String>,
    /// The serial of the merchant's API certificate.
    pub merchant_serial_no: Option<String>,
    /// The merchant's API private key (PEM, PKCS#1 or PKCS#8).
    pub merchant_private_key: Option<String>,
    /// The APIv3 key (32 bytes).
    pub api_v3_key: Option<String>,
    /// `PUB_KEY_ID_…` of the WeChat Pay public key.
    pub wechatpay_public_key_id: Option<String>,
    /// The WeChat Pay public key (SPKI PEM).
    pub wechatpay_public_key: Option<String>,
}

/// Alipay OpenAPI.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alipay {
    pub app_id: Option<String>,
    /// The app's RSA private key (PKCS#1 or PKCS#8, PEM or bare base64).
    pub app_private_key: Option<String>,
    /// Alipay's platform public key.
    pub alipay_public_key: Option<String>,
}

/// One set of credentials as sealed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Stored {
    #[serde(rename = "WECHAT_V2")]
    WechatV2(WechatV2),
    #[serde(rename = "WECHAT_V3")]
    WechatV3(WechatV3),
    #[serde(rename = "ALIPAY")]
    Alipay(Alipay),
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stored")
            .field("kind", &self.kind())
            .field("app_id", &self.app_id())
            .finish_non_exhaustive()
    }
}

/// What the API may show of a set: identifiers and which secrets are set, never a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub app_id: Option<String>,
    pub merchant_id: Option<String>,
    /// Names of the secrets that are set (e.g. `apiKey`, `appSecret`).
    pub secrets_set: Vec<String>,
    /// WeChat Pay v3: the merchant certificate's serial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_no: Option<String>,
    /// WeChat Pay v3: the WeChat Pay public key's id (`PUB_KEY_ID_…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_id: Option<String>,
}

impl Summary {
    pub fn has(&self, secret: &str) -> bool {
        self.secrets_set.iter().any(|s| s == secret)
    }
}

impl Stored {
    pub fn kind(&self) -> CredentialKind {
        match self {
            Stored::WechatV2(_) => CredentialKind::WechatV2,
            Stored::WechatV3(_) => CredentialKind::WechatV3,
            Stored::Alipay(_) => CredentialKind::Alipay,
        }
    }

    pub fn app_id(&self) -> Option<&str> {
        match self {
            Stored::WechatV2(w) => w.app_id.as_deref(),
            Stored::WechatV3(w) => w.app_id.as_deref(),
            Stored::Alipay(a) => a.app_id.as_deref(),
        }
    }

    /// WeChat's mch_id; Alipay has no merchant id of its own here (its app id names the merchant).
    pub fn merchant_id(&self) -> Option<&str> {
        match self {
            Stored::WechatV2(w) => w.mch_id.as_deref(),
            Stored::WechatV3(w) => w.mch_id.as_deref(),
            Stored::Alipay(_) => None,
        }
    }

    pub fn summary(&self) -> Summary {
        let set = |name: &str, v: &Option<String>| v.as_ref().map(|_| name.to_owned());
        let secrets_set = match self {
            Stored::WechatV2(w) => [set("apiKey", &w.api_key), set("appSecret", &w.app_secret)]
                .into_iter()
                .flatten()
                .collect(),
            Stored::WechatV3(w) => [
                set("merchantPrivateKey", &w.merchant_private_key),
                set("apiV3Key", &w.api_v3_key),
                set("wechatPayPublicKey", &w.wechatpay_public_key),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Stored::Alipay(a) => [
                set("appPrivateKey", &a.app_private_key),
                set("alipayPublicKey", &a.alipay_public_key),
            ]
            .into_iter()
            .flatten()
            .collect(),
        };
        let (serial_no, public_key_id) = match self {
            Stored::WechatV3(w) => (
                w.merchant_serial_no.clone(),
                w.wechatpay_public_key_id.clone(),
            ),
            Stored::WechatV2(_) | Stored::Alipay(_) => (None, None),
        };
        Summary {
            app_id: self.app_id().map(str::to_owned),
            merchant_id: self.merchant_id().map(str::to_owned),
            secrets_set,
            serial_no,
            public_key_id,
        }
    }

    /// Whether nothing is set (such a set is removed rather than kept).
    pub fn is_empty(&self) -> bool {
        match self {
            Stored::WechatV2(w) => *w == WechatV2::default(),
            Stored::WechatV3(w) => *w == WechatV3::default(),
            Stored::Alipay(a) => *a == Alipay::default(),
        }
    }

    /// The provider client's credentials, when the set is complete enough to pay with.
    pub fn for_payments(&self) -> Option<Credentials> {
        match self {
            Stored::WechatV2(w) => {
                let (Some(app_id), Some(mch_id), Some(key)) = (&w.app_id, &w.mch_id, &w.api_key)
                else {
                    return None;
                };
                Some(Credentials::WechatV2(WechatCredentials {
                    app_id: app_id.clone(),
                    mch_id: mch_id.clone(),
                    api_key: SecretString::from(key.clone()),
                    app_secret: w.app_secret.clone().map(SecretString::from),
                    client_identity_pem: None,
                }))
            }
            Stored::WechatV3(w) => Some(Credentials::WechatV3(w.for_payments()?)),
            Stored::Alipay(a) => {
                let (Some(app_id), Some(pk), Some(pubk)) =
                    (&a.app_id, &a.app_private_key, &a.alipay_public_key)
                else {
                    return None;
                };
                Some(Credentials::Alipay(AlipayCredentials {
                    app_id: app_id.clone(),
                    app_private_key: SecretString::from(pk.clone()),
                    alipay_public_key: pubk.clone(),
                }))
            }
        }
    }

    /// The mini-program's appId and appSecret (`code2Session`), when set.
    pub fn mini_program(&self) -> Option<(String, SecretString)> {
        match self {
            Stored::WechatV2(w) => match (&w.app_id, &w.app_secret) {
                (Some(id), Some(secret)) => Some((id.clone(), SecretString::from(secret.clone()))),
                _ => None,
            },
            Stored::WechatV3(_) | Stored::Alipay(_) => None,
        }
    }
}

impl WechatV3 {
    /// The client's credentials when every required field is set (the WeChat Pay public key and
    /// its id together, or neither: certificate mode).
    pub fn for_payments(&self) -> Option<WechatV3Credentials> {
        let public_key = match (&self.wechatpay_public_key_id, &self.wechatpay_public_key) {
            (Some(id), Some(pem)) => Some(WechatPayPublicKey {
                id: id.clone(),
                pem: pem.clone(),
            }),
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => return None,
        };
        Some(WechatV3Credentials {
            app_id: self.app_id.clone()?,
            mch_id: self.mch_id.clone()?,
            merchant_serial_no: self.merchant_serial_no.clone()?,
            merchant_private_key: SecretString::from(self.merchant_private_key.clone()?),
            api_v3_key: SecretString::from(self.api_v3_key.clone()?),
            wechatpay_public_key: public_key,
        })
    }
}

/// The associated data of a sealed set: the project and the kind.
fn aad(project_id: &str, kind: CredentialKind) -> String {
    format!("project_credentials:{project_id}:{kind}")
}

/// Decrypts a row (its kind must match what it decrypts to).
pub fn open(vault: &Vault, row: &project_credential::Model) -> StoreResult<Stored> {
    let plain = vault.decrypt(&aad(&row.project_id, row.kind), &row.sealed)?;
    let stored: Stored = serde_json::from_str(secrecy::ExposeSecret::expose_secret(&plain))
        .map_err(|e| StoreError::Internal(format!("credentials of {}: {e}", row.project_id)))?;
    if stored.kind() != row.kind {
        return Err(StoreError::Internal(format!(
            "credentials of {} are {} but stored as {}",
            row.project_id,
            stored.kind(),
            row.kind
        )));
    }
    Ok(stored)
}

/// Every credential set of a project, decrypted, in kind order.
pub async fn load<C: ConnectionTrait>(
    conn: &C,
    vault: &Vault,
    project_id: &str,
) -> StoreResult<Vec<Stored>> {
    project_credential::Entity::find()
        .filter(project_credential::Column::ProjectId.eq(project_id))
        .order_by_asc(project_credential::Column::Kind)
        .all(conn)
        .await?
        .iter()
        .map(|row| open(vault, row))
        .collect()
}

/// The summaries of these projects' credentials (no decryption), by project.
pub async fn summaries<C: ConnectionTrait>(
    conn: &C,
    project_ids: &[String],
) -> StoreResult<HashMap<String, Vec<(CredentialKind, Summary)>>> {
    let mut out: HashMap<String, Vec<(CredentialKind, Summary)>> = HashMap::new();
    if project_ids.is_empty() {
        return Ok(out);
    }
    let rows = project_credential::Entity::find()
        .filter(project_credential::Column::ProjectId.is_in(project_ids.iter().cloned()))
        .all(conn)
        .await?;
    for row in rows {
        let summary: Summary = serde_json::from_str(&row.summary)
            .map_err(|e| StoreError::Internal(format!("summary of {}: {e}", row.project_id)))?;
        out.entry(row.project_id)
            .or_default()
            .push((row.kind, summary));
    }
    Ok(out)
}

/// Writes a project's set of this kind (replacing the previous one), or removes it when empty.
pub async fn save<C: ConnectionTrait>(
    conn: &C,
    vault: &Vault,
    project_id: &str,
    stored: &Stored,
) -> StoreResult<()> {
    let kind = stored.kind();
    if stored.is_empty() {
        project_credential::Entity::delete_many()
            .filter(project_credential::Column::ProjectId.eq(project_id))
            .filter(project_credential::Column::Kind.eq(kind))
            .exec(conn)
            .await?;
        return Ok(());
    }
    let plain = serde_json::to_string(stored)
        .map_err(|e| StoreError::Internal(format!("credentials: {e}")))?;
    let summary = serde_json::to_string(&stored.summary())
        .map_err(|e| StoreError::Internal(format!("summary: {e}")))?;
    let now = Utc::now();
    project_credential::Entity::insert(project_credential::ActiveModel {
        project_id: Set(project_id.to_owned()),
        kind: Set(kind),
        app_id: Set(stored.app_id().map(str::to_owned)),
        merchant_id: Set(stored.merchant_id().map(str::to_owned)),
        summary: Set(summary),
        sealed: Set(vault.encrypt(&aad(project_id, kind), &plain)?),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            project_credential::Column::ProjectId,
            project_credential::Column::Kind,
        ])
        .update_columns([
            project_credential::Column::AppId,
            project_credential::Column::MerchantId,
            project_credential::Column::Summary,
            project_credential::Column::Sealed,
            project_credential::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The projects whose credentials of `kind` name this app id.
pub async fn projects_with_app_id<C: ConnectionTrait>(
    conn: &C,
    kind: CredentialKind,
    app_id: &str,
) -> StoreResult<Vec<String>> {
    Ok(project_credential::Entity::find()
        .filter(project_credential::Column::Kind.eq(kind))
        .filter(project_credential::Column::AppId.eq(app_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.project_id)
        .collect())
}

// The columns credentials lived in before `project_credentials`; their names were the
// associated data of each ciphertext.
const LEGACY_WECHAT_APP_SECRET: &str = "projects.wechat_app_secret";
const LEGACY_WECHAT_API_KEY: &str = "projects.wechat_api_key";
const LEGACY_ALIPAY_PRIVATE_KEY: &str = "projects.alipay_app_private_key";
const LEGACY_ALIPAY_PUBLIC_KEY: &str = "projects.alipay_public_key";

/// Moves credentials written by earlier versions (encrypted `projects` columns) into
/// `project_credentials`, one project per transaction, emptying the old columns in the same
/// transaction: run at start-up after the schema migrations, it does nothing once done.
pub async fn adopt_legacy_columns(db: &DatabaseConnection, vault: &Vault) -> StoreResult<usize> {
    use sea_orm::sea_query::Expr;
    let legacy = project::Entity::find()
        .filter(
            project::Column::WechatAppId
                .is_not_null()
                .or(project::Column::WechatMchId.is_not_null())
                .or(project::Column::WechatAppSecretEnc.is_not_null())
                .or(project::Column::WechatApiKeyEnc.is_not_null())
                .or(project::Column::AlipayAppId.is_not_null())
                .or(project::Column::AlipayAppPrivateKeyEnc.is_not_null())
                .or(project::Column::AlipayPublicKeyEnc.is_not_null()),
        )
        .all(db)
        .await?;
    let secret = |aad: &str, v: &Option<String>| -> StoreResult<Option<String>> {
        v.as_deref()
            .map(|c| {
                vault
                    .decrypt(aad, c)
                    .map(|s| secrecy::ExposeSecret::expose_secret(&s).to_owned())
            })
            .transpose()
            .map_err(Into::into)
    };
    let mut moved = 0;
    for p in legacy {
        let wechat = Stored::WechatV2(WechatV2 {
            app_id: p.wechat_app_id.clone(),
            mch_id: p.wechat_mch_id.clone(),
            api_key: secret(LEGACY_WECHAT_API_KEY, &p.wechat_api_key_enc)?,
            app_secret: secret(LEGACY_WECHAT_APP_SECRET, &p.wechat_app_secret_enc)?,
        });
        let alipay = Stored::Alipay(Alipay {
            app_id: p.alipay_app_id.clone(),
            app_private_key: secret(LEGACY_ALIPAY_PRIVATE_KEY, &p.alipay_app_private_key_enc)?,
            alipay_public_key: secret(LEGACY_ALIPAY_PUBLIC_KEY, &p.alipay_public_key_enc)?,
        });
        let txn = crate::db::begin_write(db).await?;
        for set in [&wechat, &alipay] {
            if !set.is_empty() {
                save(&txn, vault, &p.id, set).await?;
            }
        }
        let none = || Expr::value(Option::<String>::None);
        project::Entity::update_many()
            .col_expr(project::Column::WechatAppId, none())
            .col_expr(project::Column::WechatMchId, none())
            .col_expr(project::Column::WechatAppSecretEnc, none())
            .col_expr(project::Column::WechatApiKeyEnc, none())
            .col_expr(project::Column::AlipayAppId, none())
            .col_expr(project::Column::AlipayAppPrivateKeyEnc, none())
            .col_expr(project::Column::AlipayPublicKeyEnc, none())
            .filter(project::Column::Id.eq(p.id.clone()))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        moved += 1;
    }
    if moved > 0 {
        tracing::info!(
            projects = moved,
            "moved provider credentials into project_credentials"
        );
    }
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::new(&SecretString::from("k".repeat(32)))
    }

    #[test]
    fn a_sealed_set_opens_only_for_its_project_and_kind() {
        let v = vault();
        let set = Stored::WechatV2(WechatV2 {
            app_id: Some("wx1".into()),
            mch_id: Some("10000100".into()),
            api_key: Some("k".repeat(32)),
            app_secret: None,
        });
        let plain = serde_json::to_string(&set).unwrap_or_default();
        let row = |project: &str, kind: CredentialKind, sealed: String| project_credential::Model {
            project_id: project.into(),
            kind,
            app_id: None,
            merchant_id: None,
            summary: "{}".into(),
            sealed,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        let sealed = v
            .encrypt(&aad("prj_a", CredentialKind::WechatV2), &plain)
            .unwrap_or_default();
        assert_eq!(
            open(&v, &row("prj_a", CredentialKind::WechatV2, sealed.clone())).ok(),
            Some(set.clone())
        );
        assert!(open(&v, &row("prj_b", CredentialKind::WechatV2, sealed.clone())).is_err());
        assert!(open(&v, &row("prj_a", CredentialKind::Alipay, sealed)).is_err());
    }

    #[test]
    fn summaries_name_secrets_without_showing_them() {
        let set = Stored::Alipay(Alipay {
            app_id: Some("2021".into()),
            app_private_key: Some("PRIVATE".into()),
            alipay_public_key: None,
        });
        let s = set.summary();
        assert_eq!(s.app_id.as_deref(), Some("2021"));
        assert!(s.has("appPrivateKey") && !s.has("alipayPublicKey"));
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert!(!json.contains("PRIVATE"), "{json}");
        assert!(set.for_payments().is_none(), "incomplete sets do not pay");
        assert!(format!("{set:?}").find("PRIVATE").is_none());
    }
}
