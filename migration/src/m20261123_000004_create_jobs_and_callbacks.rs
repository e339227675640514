//! The outbox (`jobs`), merchant callback events and their delivery attempts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(string(Jobs::Id).primary_key())
                .col(string(Jobs::Kind))
                .col(string_null(Jobs::OrderId))
                .col(text(Jobs::Payload))
                .col(string(Jobs::State))
                .col(integer(Jobs::Attempts).default(0))
                .col(timestamp_with_time_zone(Jobs::RunAt))
                .col(string_null(Jobs::LockedBy))
                .col(timestamp_with_time_zone_null(Jobs::LockedUntil))
                .col(text_null(Jobs::LastError))
                .col(timestamp_with_time_zone(Jobs::CreatedAt))
                .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_jobs_due")
                .table(Jobs::Table)
                .col(Jobs::State)
                .col(Jobs::RunAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_jobs_order")
                .table(Jobs::Table)
                .col(Jobs::OrderId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CallbackEvents::Table)
                .col(string(CallbackEvents::Id).primary_key())
                .col(string(CallbackEvents::OrderId))
                .col(string(CallbackEvents::ProjectId))
                .col(string(CallbackEvents::EventType))
                .col(text(CallbackEvents::Body))
                .col(timestamp_with_time_zone_null(CallbackEvents::DeliveredAt))
                .col(timestamp_with_time_zone_null(CallbackEvents::FailedAt))
                .col(timestamp_with_time_zone(CallbackEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_callback_events_order")
                .table(CallbackEvents::Table)
                .col(CallbackEvents::OrderId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CallbackAttempts::Table)
                .col(string(CallbackAttempts::Id).primary_key())
                .col(string(CallbackAttempts::EventId))
                .col(string(CallbackAttempts::OrderId))
                .col(integer(CallbackAttempts::Attempt))
                .col(integer_null(CallbackAttempts::HttpStatus))
                .col(big_integer(CallbackAttempts::LatencyMs))
                .col(boolean(CallbackAttempts::Acknowledged))
                .col(text_null(CallbackAttempts::ResponseExcerpt))
                .col(text_null(CallbackAttempts::Error))
                .col(timestamp_with_time_zone(CallbackAttempts::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_callback_attempts_order")
                .table(CallbackAttempts::Table)
                .col(CallbackAttempts::OrderId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CallbackAttempts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CallbackEvents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    OrderId,
    Payload,
    State,
    Attempts,
    RunAt,
    LockedBy,
    LockedUntil,
    LastError,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallbackEvents {
    Table,
    Id,
    OrderId,
    ProjectId,
    EventType,
    Body,
    DeliveredAt,
    FailedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CallbackAttempts {
    Table,
    Id,
    EventId,
    OrderId,
    Attempt,
    HttpStatus,
    LatencyMs,
    Acknowledged,
    ResponseExcerpt,
    Error,
    CreatedAt,
}
