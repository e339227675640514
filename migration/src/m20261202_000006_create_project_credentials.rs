//! Provider credentials as one encrypted blob per (project, credential kind), so a new provider
//! API or credential shape needs no migration. Beside the blob: the non-secret summary the API
//! shows (which secrets are set, public identifiers), and the app and merchant ids the notify
//! checks and lookups use.
//!
//! The old encrypted columns of `projects` are moved into this table at start-up by the server
//! (`store::credentials::adopt_legacy_columns`), which holds the master key this migration does
//! not; it empties them as it goes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProjectCredentials::Table)
                .col(string(ProjectCredentials::ProjectId))
                .col(string(ProjectCredentials::Kind))
                .col(string_null(ProjectCredentials::AppId))
                .col(string_null(ProjectCredentials::MerchantId))
                .col(text(ProjectCredentials::Summary))
                .col(text(ProjectCredentials::Sealed))
                .col(timestamp_with_time_zone(ProjectCredentials::CreatedAt))
                .col(timestamp_with_time_zone(ProjectCredentials::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(ProjectCredentials::ProjectId)
                        .col(ProjectCredentials::Kind),
                )
                .to_owned(),
        )
        .await?;
        // The sandbox's hand-off and operators find a project by its provider app id.
        m.create_index(
            Index::create()
                .name("ix_project_credentials_kind_app")
                .table(ProjectCredentials::Table)
                .col(ProjectCredentials::Kind)
                .col(ProjectCredentials::AppId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ProjectCredentials::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ProjectCredentials {
    Table,
    ProjectId,
    Kind,
    AppId,
    MerchantId,
    Summary,
    Sealed,
    CreatedAt,
    UpdatedAt,
}
