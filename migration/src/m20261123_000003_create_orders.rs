//! Mini-program users, orders and their audit trail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(string(Users::Id).primary_key())
                .col(string(Users::ProjectId))
                .col(string(Users::Openid))
                .col(string_null(Users::Unionid))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::LastLoginAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_users_project_openid")
                .table(Users::Table)
                .col(Users::ProjectId)
                .col(Users::Openid)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Orders::Table)
                .col(string(Orders::Id).primary_key())
                .col(string(Orders::ProjectId))
                .col(string(Orders::OrderNo))
                .col(string(Orders::Channel))
                .col(big_integer(Orders::Amount))
                .col(string(Orders::Subject))
                .col(string_null(Orders::Attach))
                .col(string(Orders::State))
                .col(string_null(Orders::UserId))
                .col(string_null(Orders::Payer))
                .col(string_null(Orders::ProviderTradeNo))
                .col(big_integer_null(Orders::PaidAmount))
                .col(big_integer(Orders::RefundedAmount).default(0))
                .col(text_null(Orders::PayParams))
                .col(string_null(Orders::PrepayId))
                .col(boolean(Orders::Flagged).default(false))
                .col(string_null(Orders::FlagReason))
                .col(boolean(Orders::CallbackDelivered).default(false))
                .col(timestamp_with_time_zone(Orders::ExpiresAt))
                .col(timestamp_with_time_zone_null(Orders::PaidAt))
                .col(timestamp_with_time_zone_null(Orders::ClosedAt))
                .col(timestamp_with_time_zone(Orders::CreatedAt))
                .col(timestamp_with_time_zone(Orders::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_orders_project_order_no")
                .table(Orders::Table)
                .col(Orders::ProjectId)
                .col(Orders::OrderNo)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_orders_state")
                .table(Orders::Table)
                .col(Orders::State)
                .col(Orders::ExpiresAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OrderEvents::Table)
                .col(string(OrderEvents::Id).primary_key())
                .col(string(OrderEvents::OrderId))
                .col(string(OrderEvents::Kind))
                .col(string_null(OrderEvents::FromState))
                .col(string_null(OrderEvents::ToState))
                .col(text_null(OrderEvents::Detail))
                .col(timestamp_with_time_zone(OrderEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_order_events_order")
                .table(OrderEvents::Table)
                .col(OrderEvents::OrderId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OrderEvents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Orders::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    ProjectId,
    Openid,
    Unionid,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    ProjectId,
    OrderNo,
    Channel,
    Amount,
    Subject,
    Attach,
    State,
    UserId,
    Payer,
    ProviderTradeNo,
    PaidAmount,
    RefundedAmount,
    PayParams,
    PrepayId,
    Flagged,
    FlagReason,
    CallbackDelivered,
    ExpiresAt,
    PaidAt,
    ClosedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    Kind,
    FromState,
    ToState,
    Detail,
    CreatedAt,
}
