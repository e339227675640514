//! Refunds of paid orders: one row per (order, refundNo), PROCESSING → SUCCEEDED / FAILED.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Refunds::Table)
                .col(string(Refunds::Id).primary_key())
                .col(string(Refunds::OrderId))
                .col(string(Refunds::ProjectId))
                .col(string(Refunds::RefundNo))
                .col(big_integer(Refunds::Amount))
                .col(string_null(Refunds::Reason))
                .col(string(Refunds::State))
                .col(string_null(Refunds::ProviderRefundNo))
                .col(text_null(Refunds::FailureReason))
                .col(timestamp_with_time_zone(Refunds::CreatedAt))
                .col(timestamp_with_time_zone(Refunds::UpdatedAt))
                .col(timestamp_with_time_zone_null(Refunds::SucceededAt))
                .col(timestamp_with_time_zone_null(Refunds::FailedAt))
                .to_owned(),
        )
        .await?;
        // Idempotency: one refund per (order, refundNo), also across instances.
        m.create_index(
            Index::create()
                .name("ux_refunds_order_refund_no")
                .table(Refunds::Table)
                .col(Refunds::OrderId)
                .col(Refunds::RefundNo)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Refunds::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Refunds {
    Table,
    Id,
    OrderId,
    ProjectId,
    RefundNo,
    Amount,
    Reason,
    State,
    ProviderRefundNo,
    FailureReason,
    CreatedAt,
    UpdatedAt,
    SucceededAt,
    FailedAt,
}
