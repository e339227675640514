//! Schema migrations, applied by `paycenter migrate` and on `paycenter serve`.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_admins_and_projects;
mod m20261123_000002_create_sandbox;
mod m20261123_000003_create_orders;
mod m20261123_000004_create_jobs_and_callbacks;
mod m20261123_000005_create_refunds;
mod m20261202_000006_create_project_credentials;
mod m20261202_000007_wechat_api_version;
mod m20261215_000007_admin_roles_and_audit_log;
mod m20261215_000008_console_indexes;
mod m20261216_000009_create_reconciliation;
mod m20261217_000010_order_return_url;
mod m20261217_000011_order_event_repeats;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_admins_and_projects::Migration),
            Box::new(m20261123_000002_create_sandbox::Migration),
            Box::new(m20261123_000003_create_orders::Migration),
            Box::new(m20261123_000004_create_jobs_and_callbacks::Migration),
            Box::new(m20261123_000005_create_refunds::Migration),
            Box::new(m20261202_000006_create_project_credentials::Migration),
            Box::new(m20261202_000007_wechat_api_version::Migration),
            Box::new(m20261215_000007_admin_roles_and_audit_log::Migration),
            Box::new(m20261215_000008_console_indexes::Migration),
            Box::new(m20261216_000009_create_reconciliation::Migration),
            Box::new(m20261217_000010_order_return_url::Migration),
            Box::new(m20261217_000011_order_event_repeats::Migration),
        ]
    }
}
