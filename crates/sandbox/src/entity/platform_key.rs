//! Sandbox: a WeChat-side key that signs one merchant's v3 replies and notifies: its WeChat Pay
//! public key (`kind` "public_key", serial `PUB_KEY_ID_…`) or a platform certificate (`kind`
//! "certificate", serial = the certificate's). The newest one signs; rotation adds a row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_wechat_platform_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub serial: String,
    pub mch_id: String,
    pub kind: String,
    /// PKCS#8 PEM (the emulated WeChat's own secret).
    #[sea_orm(column_type = "Text")]
    pub private_key: String,
    /// SPKI PEM.
    #[sea_orm(column_type = "Text")]
    pub public_key: String,
    /// PEM certificate (certificate mode).
    #[sea_orm(column_type = "Text", nullable)]
    pub certificate: Option<String>,
    pub not_before: DateTimeUtc,
    pub not_after: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
