//! The provider sandbox's own tables. They live in paycenter's database so that the emulated
//! providers survive restarts and are shared by every instance, like a real provider would be.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxMerchants::Table)
                .col(string(SandboxMerchants::Id).primary_key())
                .col(string_uniq(SandboxMerchants::WechatAppId))
                .col(string(SandboxMerchants::WechatAppSecret))
                .col(string_uniq(SandboxMerchants::WechatMchId))
                .col(string(SandboxMerchants::WechatApiKey))
                .col(string_uniq(SandboxMerchants::AlipayAppId))
                .col(text(SandboxMerchants::AlipayAppPublicKey))
                .col(timestamp_with_time_zone(SandboxMerchants::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxOrders::Table)
                .col(string(SandboxOrders::Id).primary_key())
                .col(string(SandboxOrders::Provider))
                .col(string(SandboxOrders::MerchantId))
                .col(string(SandboxOrders::OutTradeNo))
                .col(string(SandboxOrders::AppId))
                .col(string(SandboxOrders::TradeType))
                .col(big_integer(SandboxOrders::TotalFee))
                .col(string(SandboxOrders::Subject))
                .col(string_null(SandboxOrders::Attach))
                .col(string_null(SandboxOrders::NotifyUrl))
                .col(string_null(SandboxOrders::Openid))
                .col(string(SandboxOrders::State))
                .col(string_null(SandboxOrders::PrepayId))
                .col(string_null(SandboxOrders::CodeUrl))
                .col(string_null(SandboxOrders::TransactionId))
                .col(string_null(SandboxOrders::BuyerId))
                .col(string(SandboxOrders::Fingerprint))
                .col(string(SandboxOrders::SignType).default("MD5"))
                .col(timestamp_with_time_zone_null(SandboxOrders::TimeExpire))
                .col(timestamp_with_time_zone_null(SandboxOrders::PaidAt))
                .col(big_integer(SandboxOrders::RefundedFee).default(0))
                .col(timestamp_with_time_zone(SandboxOrders::CreatedAt))
                .col(timestamp_with_time_zone(SandboxOrders::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ux_sandbox_orders_trade")
                .table(SandboxOrders::Table)
                .col(SandboxOrders::Provider)
                .col(SandboxOrders::MerchantId)
                .col(SandboxOrders::OutTradeNo)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxRefunds::Table)
                .col(string(SandboxRefunds::Id).primary_key())
                .col(string(SandboxRefunds::OrderId))
                .col(string(SandboxRefunds::OutRefundNo))
                .col(string(SandboxRefunds::RefundId))
                .col(big_integer(SandboxRefunds::RefundFee))
                .col(string(SandboxRefunds::State))
                .col(string_null(SandboxRefunds::Reason))
                .col(string_null(SandboxRefunds::NotifyUrl))
                .col(timestamp_with_time_zone_null(SandboxRefunds::SucceededAt))
                .col(timestamp_with_time_zone(SandboxRefunds::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ux_sandbox_refunds_no")
                .table(SandboxRefunds::Table)
                .col(SandboxRefunds::OrderId)
                .col(SandboxRefunds::OutRefundNo)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxCodes::Table)
                .col(string(SandboxCodes::Code).primary_key())
                .col(string(SandboxCodes::AppId))
                .col(string(SandboxCodes::Openid))
                .col(boolean(SandboxCodes::Used).default(false))
                .col(timestamp_with_time_zone(SandboxCodes::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxNotifications::Table)
                .col(string(SandboxNotifications::Id).primary_key())
                .col(string(SandboxNotifications::Provider))
                .col(string(SandboxNotifications::MerchantId))
                .col(string(SandboxNotifications::Url))
                .col(string(SandboxNotifications::ContentType))
                .col(text(SandboxNotifications::Body))
                .col(integer(SandboxNotifications::Attempts).default(0))
                .col(timestamp_with_time_zone_null(
                    SandboxNotifications::NextAttemptAt,
                ))
                .col(timestamp_with_time_zone_null(
                    SandboxNotifications::DeliveredAt,
                ))
                .col(string_null(SandboxNotifications::LastError))
                .col(timestamp_with_time_zone(SandboxNotifications::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ix_sandbox_notifications_due")
                .table(SandboxNotifications::Table)
                .col(SandboxNotifications::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .if_not_exists()
                .table(SandboxSettings::Table)
                .col(string(SandboxSettings::Key).primary_key())
                .col(text(SandboxSettings::Value))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SandboxSettings::Table.into_iden(),
            SandboxNotifications::Table.into_iden(),
            SandboxCodes::Table.into_iden(),
            SandboxRefunds::Table.into_iden(),
            SandboxOrders::Table.into_iden(),
            SandboxMerchants::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SandboxMerchants {
    Table,
    Id,
    WechatAppId,
    WechatAppSecret,
    WechatMchId,
    WechatApiKey,
    AlipayAppId,
    AlipayAppPublicKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxOrders {
    Table,
    Id,
    Provider,
    MerchantId,
    OutTradeNo,
    AppId,
    TradeType,
    TotalFee,
    Subject,
    Attach,
    NotifyUrl,
    Openid,
    State,
    PrepayId,
    CodeUrl,
    TransactionId,
    BuyerId,
    Fingerprint,
    SignType,
    TimeExpire,
    PaidAt,
    RefundedFee,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SandboxRefunds {
    Table,
    Id,
    OrderId,
    OutRefundNo,
    RefundId,
    RefundFee,
    State,
    Reason,
    NotifyUrl,
    SucceededAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxCodes {
    Table,
    Code,
    AppId,
    Openid,
    Used,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxNotifications {
    Table,
    Id,
    Provider,
    MerchantId,
    Url,
    ContentType,
    Body,
    Attempts,
    NextAttemptAt,
    DeliveredAt,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxSettings {
    Table,
    Key,
    Value,
}
