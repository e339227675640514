//! Admin roles and the admin audit log.
//!
//! `admins` gains `role` (existing admins become OWNER: they could do everything before),
//! `disabled`, and `password_changed_at` (tokens issued before it stop working). `audit_log`
//! records who did what to what: logins, project and credential changes, key rotations, closes,
//! refunds, callback resends, admin management.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table(Admins::Table)
                .add_column(string(Admins::Role).default("OWNER"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Admins::Table)
                .add_column(boolean(Admins::Disabled).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Admins::Table)
                .add_column(timestamp_with_time_zone_null(Admins::PasswordChangedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(string(AuditLog::Id).primary_key())
                .col(string(AuditLog::ActorKind))
                .col(string_null(AuditLog::ActorId))
                .col(string_null(AuditLog::ActorName))
                .col(string(AuditLog::Action))
                .col(string_null(AuditLog::TargetType))
                .col(string_null(AuditLog::TargetId))
                .col(string_null(AuditLog::ProjectId))
                .col(text_null(AuditLog::Detail))
                .col(string_null(AuditLog::ClientIp))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .to_owned(),
        )
        .await?;
        // The filters of `auditLog`; ids sort by time, so each index ends with the id.
        for (name, cols) in [
            ("ix_audit_log_created", vec![AuditLog::CreatedAt]),
            ("ix_audit_log_actor", vec![AuditLog::ActorId, AuditLog::Id]),
            ("ix_audit_log_action", vec![AuditLog::Action, AuditLog::Id]),
            (
                "ix_audit_log_target",
                vec![AuditLog::TargetType, AuditLog::TargetId, AuditLog::Id],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(AuditLog::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        for col in [Admins::PasswordChangedAt, Admins::Disabled, Admins::Role] {
            m.alter_table(
                Table::alter()
                    .table(Admins::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Admins {
    Table,
    Role,
    Disabled,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorKind,
    ActorId,
    ActorName,
    Action,
    TargetType,
    TargetId,
    ProjectId,
    Detail,
    ClientIp,
    CreatedAt,
}
