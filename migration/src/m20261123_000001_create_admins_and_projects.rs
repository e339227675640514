use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Admins::Table)
                    .col(string(Admins::Id).primary_key())
                    .col(string_uniq(Admins::Username))
                    .col(string(Admins::PasswordHash))
                    .col(timestamp_with_time_zone(Admins::CreatedAt))
                    .col(timestamp_with_time_zone(Admins::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .col(string(Projects::Id).primary_key())
                    .col(string(Projects::Name))
                    .col(string_null(Projects::CallbackUrl))
                    .col(string_null(Projects::WechatAppId))
                    .col(string_null(Projects::WechatMchId))
                    .col(text_null(Projects::WechatAppSecretEnc))
                    .col(text_null(Projects::WechatApiKeyEnc))
                    .col(string_null(Projects::AlipayAppId))
                    .col(text_null(Projects::AlipayAppPrivateKeyEnc))
                    .col(text_null(Projects::AlipayPublicKeyEnc))
                    .col(integer(Projects::OrderTtlSeconds))
                    .col(boolean(Projects::TrustClientAmount).default(false))
                    .col(boolean(Projects::Disabled).default(false))
                    .col(string_uniq(Projects::ApiKeyHash))
                    .col(string(Projects::ApiKeyPrefix))
                    .col(text(Projects::SigningSecretEnc))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .col(timestamp_with_time_zone(Projects::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // A merchant account (mch_id / Alipay app_id) belongs to one project: notifies are routed by it.
        manager
            .create_index(
                Index::create()
                    .name("ix_projects_wechat_mch_id")
                    .table(Projects::Table)
                    .col(Projects::WechatMchId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Projects::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Admins::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Admins {
    Table,
    Id,
    Username,
    PasswordHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Name,
    CallbackUrl,
    WechatAppId,
    WechatMchId,
    WechatAppSecretEnc,
    WechatApiKeyEnc,
    AlipayAppId,
    AlipayAppPrivateKeyEnc,
    AlipayPublicKeyEnc,
    OrderTtlSeconds,
    TrustClientAmount,
    Disabled,
    ApiKeyHash,
    ApiKeyPrefix,
    SigningSecretEnc,
    CreatedAt,
    UpdatedAt,
}
