//! A project's credentials for one provider API: `sealed` is the AES-256-GCM ciphertext of the
//! whole credential set (associated data: project id and kind); `summary` is its non-secret
//! projection (what the API shows); `app_id` and `merchant_id` are copied out for lookups.

use paycenter_domain::CredentialKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_credentials")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: CredentialKind,
    pub app_id: Option<String>,
    pub merchant_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub sealed: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

// Hand-written so that ciphertext never reaches logs either.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectCredential")
            .field("project_id", &self.project_id)
            .field("kind", &self.kind)
            .field("app_id", &self.app_id)
            .field("merchant_id", &self.merchant_id)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
