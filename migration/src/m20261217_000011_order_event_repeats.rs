//! Repeated provider messages are counted, not stored again: an order event that records a
//! message which changed nothing (a duplicate notify for a settled order, the same query answer)
//! carries a digest of its kind and full text; the same message again finds that row (the unique
//! index on (order_id, digest)) and adds one to `repeat_count` and sets `last_seen_at`, keeping
//! the first body. Events without a digest (state changes, and every event written before this
//! migration) are never merged: NULLs are distinct in a unique index on SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table(OrderEvents::Table)
                .add_column(integer(OrderEvents::RepeatCount).default(1))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OrderEvents::Table)
                .add_column(timestamp_with_time_zone_null(OrderEvents::LastSeenAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OrderEvents::Table)
                .add_column(string_null(OrderEvents::Digest))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_order_events_repeat")
                .table(OrderEvents::Table)
                .col(OrderEvents::OrderId)
                .col(OrderEvents::Digest)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_order_events_repeat")
                .table(OrderEvents::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            OrderEvents::Digest,
            OrderEvents::LastSeenAt,
            OrderEvents::RepeatCount,
        ] {
            m.alter_table(
                Table::alter()
                    .table(OrderEvents::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    OrderId,
    RepeatCount,
    LastSeenAt,
    Digest,
}
