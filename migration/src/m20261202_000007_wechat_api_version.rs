//! WeChat Pay v3 beside v2: a project says which API its new orders use (`wechat_api_version`,
//! unset: v2 when its v2 credentials are complete, else v3), and each order remembers the
//! credentials it was made with (`credential_kind`), so a project that moves from v2 to v3 keeps
//! settling its v2 orders through v2. Orders made before this migration have none: WeChat orders
//! were v2's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Projects::Table)
                .add_column(string_null(Projects::WechatApiVersion))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .add_column(string_null(Orders::CredentialKind))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .drop_column(Orders::CredentialKind)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Projects::Table)
                .drop_column(Projects::WechatApiVersion)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    WechatApiVersion,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    CredentialKind,
}
