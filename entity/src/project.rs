//! Merchant projects (one per app). Columns ending in `_enc` hold AES-256-GCM ciphertext.

use paycenter_domain::WechatApiVersion;
use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    /// The merchant backend's callback URL (the seeds' callFunc).
    pub callback_url: Option<String>,
    pub wechat_app_id: Option<String>,
    pub wechat_mch_id: Option<String>,
    pub wechat_app_secret_enc: Option<String>,
    pub wechat_api_key_enc: Option<String>,
    pub alipay_app_id: Option<String>,
    pub alipay_app_private_key_enc: Option<String>,
    pub alipay_public_key_enc: Option<String>,
    /// Which WeChat Pay API new orders use; unset: v2 when its credentials are complete, else v3.
    pub wechat_api_version: Option<WechatApiVersion>,
    pub order_ttl_seconds: i32,
    pub trust_client_amount: bool,
    pub disabled: bool,
    /// SHA-256 of the project API key (keys are 256-bit random, so a fast hash is enough).
    #[sea_orm(unique)]
    pub api_key_hash: String,
    /// First characters of the key, to tell keys apart in the console.
    pub api_key_prefix: String,
    /// Secret for callback signatures and payment tickets.
    pub signing_secret_enc: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

// Hand-written so that ciphertext and hashes never reach logs either.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("wechat_app_id", &self.wechat_app_id)
            .field("wechat_mch_id", &self.wechat_mch_id)
            .field("alipay_app_id", &self.alipay_app_id)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
