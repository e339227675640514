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
    /// WeChat Pay v3: "public_key" or "certificate" (None: created before v3 existed here).
    pub wechat_v3_mode: Option<String>,
    /// The serial of the merchant's API certificate (requests name it in `serial_no`).
    pub wechat_merchant_serial_no: Option<String>,
    /// SPKI PEM of the merchant API key: the sandbox verifies v3 request signatures with it.
    #[sea_orm(column_type = "Text", nullable)]
    pub wechat_merchant_public_key: Option<String>,
    /// The APIv3 key (32 characters): notify resources and certificates are encrypted with it.
    pub wechat_api_v3_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
