//! Indexes for the console's lists and the dashboard's statistics.
//!
//! * `orders`: `created_at` (date filters, created counts), `paid_at` (paid counts and sums),
//!   `provider_trade_no` and `order_no` (exact lookups by the numbers on a receipt; the unique
//!   index on (project_id, order_no) does not serve a search across projects).
//! * `refunds`: `succeeded_at` (refunded sums), `created_at`, `refund_no`, `project_id`.
//! * `callback_events`: partial indexes on the rows the failed-delivery view and the undelivered
//!   filter look for (a small fraction of all events), `project_id`, `created_at`.
//! * `callback_attempts`: `event_id` (a callback event's attempts).
//!
//! The partial indexes are written in SQL: `CREATE INDEX … WHERE …` reads the same on SQLite and
//! PostgreSQL.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PLAIN: &[(&str, &str, &[&str])] = &[
    ("ix_orders_created", "orders", &["created_at"]),
    ("ix_orders_paid", "orders", &["paid_at"]),
    (
        "ix_orders_provider_trade_no",
        "orders",
        &["provider_trade_no"],
    ),
    ("ix_orders_order_no", "orders", &["order_no"]),
    ("ix_refunds_succeeded", "refunds", &["succeeded_at"]),
    ("ix_refunds_created", "refunds", &["created_at"]),
    ("ix_refunds_refund_no", "refunds", &["refund_no"]),
    ("ix_refunds_project", "refunds", &["project_id", "id"]),
    (
        "ix_callback_events_project",
        "callback_events",
        &["project_id", "id"],
    ),
    (
        "ix_callback_events_created",
        "callback_events",
        &["created_at"],
    ),
    (
        "ix_callback_attempts_event",
        "callback_attempts",
        &["event_id"],
    ),
];

const PARTIAL: &[(&str, &str)] = &[
    (
        "ix_callback_events_failed",
        "CREATE INDEX ix_callback_events_failed ON callback_events (id) WHERE failed_at IS NOT NULL",
    ),
    (
        "ix_callback_events_undelivered",
        "CREATE INDEX ix_callback_events_undelivered ON callback_events (id) WHERE delivered_at IS NULL",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, cols) in PLAIN {
            let mut idx = Index::create();
            idx.name(*name).table(Alias::new(*table));
            for c in *cols {
                idx.col(Alias::new(*c));
            }
            m.create_index(idx.to_owned()).await?;
        }
        for (_, sql) in PARTIAL {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in PLAIN {
            m.drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new(*table))
                    .to_owned(),
            )
            .await?;
        }
        for (name, _) in PARTIAL {
            m.get_connection()
                .execute_unprepared(&format!("DROP INDEX {name}"))
                .await?;
        }
        Ok(())
    }
}
