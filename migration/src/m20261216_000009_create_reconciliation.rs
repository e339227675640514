//! Daily reconciliation: reports (one per project, provider and Beijing-time day), the bill lines
//! each report read (staged per run; the provider's fee per order lives here), and the
//! discrepancies found. Also: callback events (and their attempts) may belong to no order
//! (a `reconciliation.discrepancy` about a trade paycenter never created), and the indexes that
//! let a day's payments and refunds be paged without scanning the tables.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReconciliationReports::Table)
                .col(string(ReconciliationReports::Id).primary_key())
                .col(string(ReconciliationReports::ProjectId))
                .col(string(ReconciliationReports::Provider))
                .col(date(ReconciliationReports::Day))
                .col(string(ReconciliationReports::Status))
                .col(integer(ReconciliationReports::Attempts).default(0))
                .col(integer(ReconciliationReports::LinesRun).default(0))
                .col(string_null(ReconciliationReports::ClaimedBy))
                .col(timestamp_with_time_zone_null(
                    ReconciliationReports::ClaimedUntil,
                ))
                .col(timestamp_with_time_zone_null(
                    ReconciliationReports::NextAttemptAt,
                ))
                .col(text_null(ReconciliationReports::LastError))
                .col(big_integer_null(ReconciliationReports::BillPayments))
                .col(big_integer_null(ReconciliationReports::BillPaidAmount))
                .col(big_integer_null(
                    ReconciliationReports::BillSettlementAmount,
                ))
                .col(big_integer_null(ReconciliationReports::BillRefunds))
                .col(big_integer_null(ReconciliationReports::BillRefundedAmount))
                .col(big_integer_null(ReconciliationReports::BillFee))
                .col(big_integer_null(ReconciliationReports::Payments))
                .col(big_integer_null(ReconciliationReports::PaidAmount))
                .col(big_integer_null(ReconciliationReports::Refunds))
                .col(big_integer_null(ReconciliationReports::RefundedAmount))
                .col(big_integer(ReconciliationReports::Discrepancies).default(0))
                .col(big_integer(ReconciliationReports::OpenDiscrepancies).default(0))
                .col(big_integer(ReconciliationReports::HealedDiscrepancies).default(0))
                .col(timestamp_with_time_zone(ReconciliationReports::CreatedAt))
                .col(timestamp_with_time_zone(ReconciliationReports::UpdatedAt))
                .col(timestamp_with_time_zone_null(
                    ReconciliationReports::StartedAt,
                ))
                .col(timestamp_with_time_zone_null(
                    ReconciliationReports::FinishedAt,
                ))
                .to_owned(),
        )
        .await?;
        // One report per (project, provider, day), however many instances schedule it.
        m.create_index(
            Index::create()
                .name("ux_reconciliation_reports_day")
                .table(ReconciliationReports::Table)
                .col(ReconciliationReports::ProjectId)
                .col(ReconciliationReports::Provider)
                .col(ReconciliationReports::Day)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_reconciliation_reports_day")
                .table(ReconciliationReports::Table)
                .col(ReconciliationReports::Day)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(BillLines::Table)
                .col(string(BillLines::ReportId))
                .col(integer(BillLines::Run))
                .col(big_integer(BillLines::LineNo))
                .col(string(BillLines::Kind))
                .col(string(BillLines::State))
                .col(string(BillLines::OutTradeNo))
                .col(string(BillLines::ProviderTradeNo))
                .col(string_null(BillLines::OutRefundNo))
                .col(string_null(BillLines::ProviderRefundNo))
                .col(big_integer(BillLines::Amount))
                .col(big_integer_null(BillLines::RefundAmount))
                .col(big_integer(BillLines::Fee))
                .col(timestamp_with_time_zone(BillLines::Time))
                .primary_key(
                    Index::create()
                        .col(BillLines::ReportId)
                        .col(BillLines::Run)
                        .col(BillLines::LineNo),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_bill_lines_trade")
                .table(BillLines::Table)
                .col(BillLines::ReportId)
                .col(BillLines::Run)
                .col(BillLines::OutTradeNo)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Discrepancies::Table)
                .col(string(Discrepancies::Id).primary_key())
                .col(string(Discrepancies::ReportId))
                .col(string(Discrepancies::ProjectId))
                .col(string(Discrepancies::Provider))
                .col(date(Discrepancies::Day))
                .col(string(Discrepancies::Kind))
                .col(string(Discrepancies::Status))
                .col(string(Discrepancies::SubjectKey))
                .col(string_null(Discrepancies::OrderId))
                .col(string_null(Discrepancies::OrderNo))
                .col(string_null(Discrepancies::RefundId))
                .col(string_null(Discrepancies::RefundNo))
                .col(string_null(Discrepancies::ProviderTradeNo))
                .col(string_null(Discrepancies::ProviderRefundNo))
                .col(big_integer_null(Discrepancies::Amount))
                .col(big_integer_null(Discrepancies::BillAmount))
                .col(big_integer_null(Discrepancies::LineNo))
                .col(text(Discrepancies::Detail))
                .col(integer(Discrepancies::LastSeenRun))
                .col(timestamp_with_time_zone_null(Discrepancies::HealedAt))
                .col(string_null(Discrepancies::ResolvedBy))
                .col(text_null(Discrepancies::ResolutionNote))
                .col(timestamp_with_time_zone_null(Discrepancies::ResolvedAt))
                .col(timestamp_with_time_zone(Discrepancies::CreatedAt))
                .col(timestamp_with_time_zone(Discrepancies::UpdatedAt))
                .to_owned(),
        )
        .await?;
        // A finding is recorded once per report, however often the day is reconciled.
        m.create_index(
            Index::create()
                .name("ux_discrepancies_subject")
                .table(Discrepancies::Table)
                .col(Discrepancies::ReportId)
                .col(Discrepancies::Kind)
                .col(Discrepancies::SubjectKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_discrepancies_project_status")
                .table(Discrepancies::Table)
                .col(Discrepancies::ProjectId)
                .col(Discrepancies::Status)
                .to_owned(),
        )
        .await?;

        // A day's payments and refunds of a project, walked in (time, id) order without a scan
        // or a sort (the reconciliation's keyset pages).
        m.create_index(
            Index::create()
                .name("ix_orders_project_paid_at")
                .table(Orders::Table)
                .col(Orders::ProjectId)
                .col(Orders::PaidAt)
                .col(Orders::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refunds_project_succeeded_at")
                .table(Refunds::Table)
                .col(Refunds::ProjectId)
                .col(Refunds::SucceededAt)
                .col(Refunds::Id)
                .to_owned(),
        )
        .await?;

        for table in ["callback_events", "callback_attempts"] {
            order_id_nullable(m, table).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_refunds_project_succeeded_at")
                .table(Refunds::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_orders_project_paid_at")
                .table(Orders::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Discrepancies::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(BillLines::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ReconciliationReports::Table).to_owned())
            .await
    }
}

/// Drops NOT NULL from `table.order_id`. PostgreSQL alters the column; SQLite cannot, so the
/// table is rebuilt from its own recorded DDL with only that column's constraint removed (every
/// other column, and the indexes, as they are), keeping its rows.
async fn order_id_nullable(m: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    match db.get_database_backend() {
        DbBackend::Postgres => {
            db.execute_unprepared(&format!(
                "ALTER TABLE \"{table}\" ALTER COLUMN \"order_id\" DROP NOT NULL"
            ))
            .await?;
        }
        DbBackend::Sqlite => {
            let ddl = db
                .query_one_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [table.into()],
                ))
                .await?
                .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?
                .try_get::<String>("", "sql")?;
            let relaxed = without_not_null(&ddl, "order_id")
                .ok_or_else(|| DbErr::Migration(format!("{table}.order_id not found in {ddl}")))?;
            let rebuilt = format!("{table}_rebuilt");
            let create = relaxed.replacen(&format!("\"{table}\""), &format!("\"{rebuilt}\""), 1);
            let indexes = db
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                    [table.into()],
                ))
                .await?
                .into_iter()
                .map(|r| r.try_get::<String>("", "sql"))
                .collect::<Result<Vec<_>, _>>()?;
            db.execute_unprepared(&create).await?;
            db.execute_unprepared(&format!(
                "INSERT INTO \"{rebuilt}\" SELECT * FROM \"{table}\""
            ))
            .await?;
            db.execute_unprepared(&format!("DROP TABLE \"{table}\""))
                .await?;
            db.execute_unprepared(&format!("ALTER TABLE \"{rebuilt}\" RENAME TO \"{table}\""))
                .await?;
            for sql in indexes {
                db.execute_unprepared(&sql).await?;
            }
        }
        other => return Err(DbErr::Migration(format!("unsupported database {other:?}"))),
    }
    Ok(())
}

/// `ddl` with `NOT NULL` removed from the definition of `column` (None if it is not there).
fn without_not_null(ddl: &str, column: &str) -> Option<String> {
    let start = ddl.find(&format!("\"{column}\" "))?;
    let rest = &ddl[start..];
    let end = start + rest.find([',', ')'])?;
    let def = &ddl[start..end];
    let relaxed = def.replace(" NOT NULL", "");
    Some(format!("{}{}{}", &ddl[..start], relaxed, &ddl[end..]))
}

#[cfg(test)]
mod tests {
    use super::without_not_null;

    #[test]
    fn relaxes_one_column() {
        let ddl = r#"CREATE TABLE "callback_events" ( "id" varchar NOT NULL PRIMARY KEY, "order_id" varchar NOT NULL, "body" text NOT NULL )"#;
        assert_eq!(
            without_not_null(ddl, "order_id").as_deref(),
            Some(
                r#"CREATE TABLE "callback_events" ( "id" varchar NOT NULL PRIMARY KEY, "order_id" varchar, "body" text NOT NULL )"#
            )
        );
        assert_eq!(without_not_null(ddl, "nope"), None);
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    ProjectId,
    PaidAt,
}

#[derive(DeriveIden)]
enum Refunds {
    Table,
    Id,
    ProjectId,
    SucceededAt,
}

#[derive(DeriveIden)]
enum ReconciliationReports {
    Table,
    Id,
    ProjectId,
    Provider,
    Day,
    Status,
    Attempts,
    LinesRun,
    ClaimedBy,
    ClaimedUntil,
    NextAttemptAt,
    LastError,
    BillPayments,
    BillPaidAmount,
    BillSettlementAmount,
    BillRefunds,
    BillRefundedAmount,
    BillFee,
    Payments,
    PaidAmount,
    Refunds,
    RefundedAmount,
    Discrepancies,
    OpenDiscrepancies,
    HealedDiscrepancies,
    CreatedAt,
    UpdatedAt,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum BillLines {
    Table,
    ReportId,
    Run,
    LineNo,
    Kind,
    State,
    OutTradeNo,
    ProviderTradeNo,
    OutRefundNo,
    ProviderRefundNo,
    Amount,
    RefundAmount,
    Fee,
    Time,
}

#[derive(DeriveIden)]
enum Discrepancies {
    Table,
    Id,
    ReportId,
    ProjectId,
    Provider,
    Day,
    Kind,
    Status,
    SubjectKey,
    OrderId,
    OrderNo,
    RefundId,
    RefundNo,
    ProviderTradeNo,
    ProviderRefundNo,
    Amount,
    BillAmount,
    LineNo,
    Detail,
    LastSeenRun,
    HealedAt,
    ResolvedBy,
    ResolutionNote,
    ResolvedAt,
    CreatedAt,
    UpdatedAt,
}
