//! WeChat Pay API v3 in the sandbox: each merchant's v3 credentials (the merchant key's public
//! half and serial, the APIv3 key, public-key or certificate mode) and the WeChat-side keys that
//! sign its replies and notifies (a WeChat Pay public key, or platform certificates that rotate).
//!
//! The new merchant columns are nullable: merchants created before v3 have no v3 credentials
//! (their v3 calls are refused as an unknown merchant would be).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for col in [
            string_null(SandboxMerchants::WechatV3Mode),
            string_null(SandboxMerchants::WechatMerchantSerialNo),
            text_null(SandboxMerchants::WechatMerchantPublicKey),
            string_null(SandboxMerchants::WechatApiV3Key),
        ] {
            let mut col = col;
            m.alter_table(
                Table::alter()
                    .table(SandboxMerchants::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxWechatPlatformKeys::Table)
                .col(string(SandboxWechatPlatformKeys::Serial).primary_key())
                .col(string(SandboxWechatPlatformKeys::MchId))
                .col(string(SandboxWechatPlatformKeys::Kind))
                .col(text(SandboxWechatPlatformKeys::PrivateKey))
                .col(text(SandboxWechatPlatformKeys::PublicKey))
                .col(text_null(SandboxWechatPlatformKeys::Certificate))
                .col(timestamp_with_time_zone(
                    SandboxWechatPlatformKeys::NotBefore,
                ))
                .col(timestamp_with_time_zone(
                    SandboxWechatPlatformKeys::NotAfter,
                ))
                .col(timestamp_with_time_zone(
                    SandboxWechatPlatformKeys::CreatedAt,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ix_sandbox_wechat_platform_keys_mch")
                .table(SandboxWechatPlatformKeys::Table)
                .col(SandboxWechatPlatformKeys::MchId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(SandboxWechatPlatformKeys::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            SandboxMerchants::WechatApiV3Key,
            SandboxMerchants::WechatMerchantPublicKey,
            SandboxMerchants::WechatMerchantSerialNo,
            SandboxMerchants::WechatV3Mode,
        ] {
            m.alter_table(
                Table::alter()
                    .table(SandboxMerchants::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SandboxMerchants {
    Table,
    WechatV3Mode,
    WechatMerchantSerialNo,
    WechatMerchantPublicKey,
    WechatApiV3Key,
}

#[derive(DeriveIden)]
enum SandboxWechatPlatformKeys {
    Table,
    Serial,
    MchId,
    Kind,
    PrivateKey,
    PublicKey,
    Certificate,
    NotBefore,
    NotAfter,
    CreatedAt,
}
