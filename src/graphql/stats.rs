//! `stats`: the dashboard's figures, computed in the database (see `services::stats`).

use async_graphql::{Context, Enum, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::context::ContextExt;
use super::enums::Channel;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use crate::services::stats::{self as svc, Figures};
use paycenter_domain::Amount;

/// The size of a statistics bucket: an hour or a day of Beijing time (UTC+8).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "crate::services::stats::Bucket")]
pub enum StatsBucket {
    Hour,
    Day,
}

fn yuan(fen: i64) -> String {
    Amount::yuan_of(fen).unwrap_or_default()
}

/// Counts and sums (amounts in fen, with their yuan strings).
pub struct StatsFigures(Figures);

#[Object]
impl StatsFigures {
    /// Orders created.
    async fn created_count(&self) -> i64 {
        self.0.created_count
    }
    /// Of the orders created, how many are paid by now.
    async fn created_paid_count(&self) -> i64 {
        self.0.created_paid_count
    }
    /// `createdPaidCount / createdCount` (0..1); null when no order was created.
    async fn success_rate(&self) -> Option<f64> {
        self.0.success_rate()
    }
    /// Orders paid (by when they were paid).
    async fn paid_count(&self) -> i64 {
        self.0.paid_count
    }
    /// The amounts of the orders paid.
    async fn paid_amount(&self) -> i64 {
        self.0.paid_amount
    }
    async fn paid_amount_yuan(&self) -> String {
        yuan(self.0.paid_amount)
    }
    /// Refunds that succeeded (by when they succeeded).
    async fn refund_count(&self) -> i64 {
        self.0.refund_count
    }
    async fn refunded_amount(&self) -> i64 {
        self.0.refunded_amount
    }
    async fn refunded_amount_yuan(&self) -> String {
        yuan(self.0.refunded_amount)
    }
    /// Paid less refunded.
    async fn net_amount(&self) -> i64 {
        self.0.paid_amount - self.0.refunded_amount
    }
    async fn net_amount_yuan(&self) -> String {
        yuan(self.0.paid_amount - self.0.refunded_amount)
    }
}

#[derive(SimpleObject)]
pub struct ChannelStats {
    pub channel: Channel,
    pub figures: StatsFigures,
}

#[derive(SimpleObject)]
pub struct ProjectStats {
    pub project_id: ID,
    pub figures: StatsFigures,
}

/// One bucket of the series.
#[derive(SimpleObject)]
pub struct StatsPoint {
    /// Inclusive.
    pub start: DateTime<Utc>,
    /// Exclusive.
    pub end: DateTime<Utc>,
    pub figures: StatsFigures,
    /// Channels with any figure in this bucket.
    pub by_channel: Vec<ChannelStats>,
}

pub struct Stats(svc::Stats);

fn channels(
    m: std::collections::BTreeMap<paycenter_domain::Channel, Figures>,
) -> Vec<ChannelStats> {
    m.into_iter()
        .map(|(c, f)| ChannelStats {
            channel: c.into(),
            figures: StatsFigures(f),
        })
        .collect()
}

#[Object]
impl Stats {
    async fn from(&self) -> DateTime<Utc> {
        self.0.from
    }
    async fn to(&self) -> DateTime<Utc> {
        self.0.to
    }
    async fn bucket(&self) -> StatsBucket {
        self.0.bucket.into()
    }
    /// The zone buckets are cut in.
    async fn time_zone(&self) -> &'static str {
        "Asia/Shanghai"
    }
    async fn totals(&self) -> StatsFigures {
        StatsFigures(self.0.totals)
    }
    /// Channels with any figure in the range.
    async fn by_channel(&self) -> Vec<ChannelStats> {
        channels(self.0.by_channel.clone())
    }
    /// Every bucket of the range, empty ones included, oldest first.
    async fn series(&self) -> Vec<StatsPoint> {
        self.0
            .series
            .iter()
            .map(|p| StatsPoint {
                start: p.start,
                end: p.end,
                figures: StatsFigures(p.figures),
                by_channel: channels(p.by_channel.clone()),
            })
            .collect()
    }
    /// Projects with any figure in the range (computed only when asked for).
    async fn by_project(&self) -> Vec<ProjectStats> {
        self.0
            .by_project
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|(p, f)| ProjectStats {
                project_id: ID(p),
                figures: StatsFigures(f),
            })
            .collect()
    }
}

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Orders created and paid, refunds, and the success rate over `[from, to)`, in total, per
    /// channel, per project and per bucket (hours: at most 31 days; days: at most 400). Admins over
    /// every project or one; a project key over its own.
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn stats(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        bucket: StatsBucket,
    ) -> Result<Stats> {
        let p = ctx.principal().map_err(gql)?;
        let by_project = ctx.look_ahead().field("byProject").exists();
        let s = svc::stats(
            ctx.core(),
            p,
            svc::StatsRequest {
                project_id: project_id.map(|i| i.0),
                from,
                to,
                bucket: bucket.into(),
                by_project,
            },
        )
        .await
        .map_err(gql)?;
        Ok(Stats(s))
    }
}
