//! `paycenter reconcile --date YYYY-MM-DD [--project ID] [--provider P]`: runs the day by hand in
//! this process (claiming each report like any runner, so it never overlaps a server's run) and
//! prints the reports and their discrepancies.

use std::io::Write;

use chrono::NaiveDate;
use entity::{discrepancy, project, project_credential, reconciliation_report as report};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{findings::yuan, list_discrepancies, reconcile_now, DiscrepancyFilter};
use crate::auth::Principal;
use crate::core::Core;
use crate::services::{ServiceError, ServiceResult};
use paycenter_domain::{Provider, ReconciliationStatus as Status};
use std::sync::Arc;

/// Discrepancies printed per report at most.
const MAX_PRINTED: u64 = 1000;

/// Runs the day for `project` (or every enabled project with credentials) and prints the
/// reports to `out`. Returns whether every report is settled (DONE or NO_BILL).
pub async fn run(
    core: &Arc<Core>,
    date: NaiveDate,
    project_id: Option<&str>,
    provider: Option<Provider>,
    out: &mut impl Write,
) -> Result<bool, Box<dyn std::error::Error>> {
    let operator = Principal::Admin {
        admin_id: "cli".into(),
        username: "paycenter reconcile".into(),
        // Whoever runs commands on the server's host holds its master key: the owner's rights.
        role: paycenter_domain::AdminRole::Owner,
    };
    let projects: Vec<String> = match project_id {
        Some(p) => vec![p.to_owned()],
        None => {
            let enabled: std::collections::HashSet<String> = project::Entity::find()
                .filter(project::Column::Disabled.eq(false))
                .all(&core.read)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect();
            let mut ids: Vec<String> = project_credential::Entity::find()
                .all(&core.read)
                .await?
                .into_iter()
                .filter(|c| provider.is_none_or(|p| c.kind.provider() == p))
                .map(|c| c.project_id)
                .filter(|id| enabled.contains(id))
                .collect();
            ids.sort();
            ids.dedup();
            ids
        }
    };
    if projects.is_empty() {
        writeln!(out, "no project has provider credentials")?;
    }
    let mut settled = true;
    for p in projects {
        let actor = crate::services::audit_log::Actor::new(&operator, None);
        let reports = match reconcile_now(core, &actor, &p, date, provider, None).await {
            Ok(r) => r,
            Err(e @ (ServiceError::ChannelNotConfigured(_) | ServiceError::BadInput { .. }))
                if project_id.is_none() =>
            {
                writeln!(out, "{p}: skipped ({e})")?;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        for r in reports {
            settled &= matches!(r.status, Status::Done | Status::NoBill);
            print_report(core, &operator, &r, out).await?;
        }
    }
    Ok(settled)
}

fn fen(v: Option<i64>) -> String {
    v.map(yuan).unwrap_or_else(|| "-".into())
}

fn count(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "-".into())
}

async fn print_report(
    core: &Core,
    operator: &Principal,
    r: &report::Model,
    out: &mut impl Write,
) -> ServiceResult<()> {
    let io = |e: std::io::Error| ServiceError::Internal(e.to_string());
    writeln!(
        out,
        "report {} · project {} · {} · {} · {} (attempt {})",
        r.id, r.project_id, r.provider, r.day, r.status, r.attempts
    )
    .map_err(io)?;
    if let Some(e) = &r.last_error {
        writeln!(out, "  last error: {e}").map_err(io)?;
    }
    writeln!(
        out,
        "  bill:      {} payments {} · {} refunds {} · fees {}",
        count(r.bill_payments),
        fen(r.bill_paid_amount),
        count(r.bill_refunds),
        fen(r.bill_refunded_amount),
        r.bill_fee
            .map(|f| paycenter_providers::bills::NetAmount::from_fen(f).to_string() + " yuan")
            .unwrap_or_else(|| "-".into()),
    )
    .map_err(io)?;
    writeln!(
        out,
        "  paycenter: {} payments {} · {} refunds {}",
        count(r.payments),
        fen(r.paid_amount),
        count(r.refunds),
        fen(r.refunded_amount),
    )
    .map_err(io)?;
    writeln!(
        out,
        "  discrepancies: {} ({} open, {} healed)",
        r.discrepancies, r.open_discrepancies, r.healed_discrepancies
    )
    .map_err(io)?;
    let found: Vec<discrepancy::Model> = list_discrepancies(
        core,
        operator,
        &DiscrepancyFilter {
            report_id: Some(r.id.clone()),
            ..Default::default()
        },
        None,
        MAX_PRINTED,
    )
    .await?;
    for d in found.iter().rev() {
        writeln!(
            out,
            "  - {} {} {} {}: {}",
            d.id, d.status, d.kind, d.subject_key, d.detail
        )
        .map_err(io)?;
    }
    Ok(())
}
