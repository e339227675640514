//! Sandbox: a merchant account the emulated providers know (both WeChat and Alipay halves).
//! These are test credentials held on the provider's side, so they are stored as the provider would.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_merchants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(unique)]
    pub wechat_app_id: String,
    pub wechat_app_secret: String,
    #[sea_orm(unique)]
    pub wechat_mch_id: String,
    pub wechat_api_key: String,
    #[sea_orm(unique)]
    pub alipay_app_id: String,
    /// The app's public key (SPKI PEM): the sandbox verifies the merchant's requests with it.
    pub alipay_app_public_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
