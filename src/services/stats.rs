//! Payment statistics for the dashboard, computed in the database: counts and sums grouped by time
//! bucket and channel (or by project), never by loading orders.
//!
//! Buckets are hours or days of Beijing time (Asia/Shanghai, UTC+8 all year: China has no daylight
//! saving time), as the providers' bills and the merchants' books count them. A bucket is the
//! integer `(unix seconds + 8 h) div size`, computed per backend (PostgreSQL's `EXTRACT(EPOCH …)`,
//! SQLite's `strftime('%s', …)`), so the boundaries are exact on both; its start is
//! `bucket × size − 8 h`.
//!
//! What is counted, each by its own moment:
//! * created: orders created in the bucket (`created_at`), and how many of those are paid by now;
//!   the success rate is paid-of-created (≤ 1; null without orders);
//! * paid: orders paid in the bucket (`paid_at`), with the sum of their amounts;
//! * refunded: refunds that succeeded in the bucket (`succeeded_at`), with their sum, under their
//!   order's channel.
//!
//! Each is one aggregate query on an indexed column (`ix_orders_created`, `ix_orders_paid`,
//! `ix_refunds_succeeded`); empty buckets are filled in here.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use super::{ServiceError, ServiceResult};
use crate::auth::Principal;
use crate::core::Core;
use paycenter_domain::Channel;

/// Beijing time's offset from UTC, in seconds.
pub const BEIJING_OFFSET: i64 = 8 * 3600;

/// The size of a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Hour,
    Day,
}

impl Bucket {
    pub fn seconds(self) -> i64 {
        match self {
            Bucket::Hour => 3600,
            Bucket::Day => 86_400,
        }
    }

    /// The most buckets a request may span.
    fn max_buckets(self) -> i64 {
        match self {
            // 31 days of hours.
            Bucket::Hour => 31 * 24,
            // A year and a month of days.
            Bucket::Day => 400,
        }
    }

    /// The bucket holding `at`.
    pub fn index(self, at: DateTime<Utc>) -> i64 {
        (at.timestamp() + BEIJING_OFFSET).div_euclid(self.seconds())
    }

    /// When bucket `i` starts.
    pub fn start(self, i: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(i * self.seconds() - BEIJING_OFFSET, 0)
            .single()
            .unwrap_or_default()
    }
}

/// Counts and sums over some orders and refunds (amounts in fen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// Orders created.
    pub created_count: i64,
    /// Of the orders created, how many are paid by now.
    pub created_paid_count: i64,
    /// Orders paid.
    pub paid_count: i64,
    pub paid_amount: i64,
    /// Refunds that succeeded.
    pub refund_count: i64,
    pub refunded_amount: i64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.created_count += o.created_count;
        self.created_paid_count += o.created_paid_count;
        self.paid_count += o.paid_count;
        self.paid_amount += o.paid_amount;
        self.refund_count += o.refund_count;
        self.refunded_amount += o.refunded_amount;
    }

    /// Paid of created, in 0..=1; None without orders.
    pub fn success_rate(&self) -> Option<f64> {
        (self.created_count > 0).then(|| self.created_paid_count as f64 / self.created_count as f64)
    }
}

/// One bucket of the series.
#[derive(Debug, Clone)]
pub struct Point {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub figures: Figures,
    pub by_channel: BTreeMap<Channel, Figures>,
}

#[derive(Debug, Clone)]
pub struct Stats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub bucket: Bucket,
    pub totals: Figures,
    pub by_channel: BTreeMap<Channel, Figures>,
    /// Every bucket from the one holding `from` to the one holding the last instant before `to`.
    pub series: Vec<Point>,
    /// By project id (only when asked for).
    pub by_project: Option<BTreeMap<String, Figures>>,
}

pub struct StatsRequest {
    pub project_id: Option<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub bucket: Bucket,
    pub by_project: bool,
}

/// What the three aggregates are grouped by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    BucketAndChannel,
    Project,
}

/// A row's key: (bucket, channel) or project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Bucket(i64, Channel),
    Project(String),
}

/// The bucket of a timestamp column, as SQL for `backend`.
fn bucket_sql(backend: DbBackend, column: &str, size: i64) -> String {
    match backend {
        DbBackend::Postgres => {
            format!("((FLOOR(EXTRACT(EPOCH FROM {column}))::BIGINT + {BEIJING_OFFSET}) / {size})")
        }
        // strftime('%s') reads the stored RFC 3339 text (with its offset) as UTC seconds.
        _ => format!("((CAST(strftime('%s', {column}) AS INTEGER) + {BEIJING_OFFSET}) / {size})"),
    }
}

/// `$n` on PostgreSQL, `?n` on SQLite.
fn param(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => format!("?{n}"),
    }
}

/// Which aggregate a query computes.
#[derive(Clone, Copy)]
enum Measure {
    Created,
    Paid,
    Refunded,
}

fn sql(backend: DbBackend, m: Measure, group: Group, size: i64, project: bool) -> String {
    let (table, moment, channel, project_col, values, extra) = match m {
        Measure::Created => (
            "orders o",
            "o.created_at",
            "o.channel",
            "o.project_id",
            "COUNT(*) AS a, CAST(SUM(CASE WHEN o.paid_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS b",
            "",
        ),
        Measure::Paid => (
            "orders o",
            "o.paid_at",
            "o.channel",
            "o.project_id",
            "COUNT(*) AS a, CAST(SUM(o.amount) AS BIGINT) AS b",
            "",
        ),
        Measure::Refunded => (
            "refunds r JOIN orders o ON o.id = r.order_id",
            "r.succeeded_at",
            "o.channel",
            "r.project_id",
            "COUNT(*) AS a, CAST(SUM(r.amount) AS BIGINT) AS b",
            " AND r.state = 'SUCCEEDED'",
        ),
    };
    let keys = match group {
        Group::BucketAndChannel => format!(
            "{} AS k1, {channel} AS k2",
            bucket_sql(backend, moment, size)
        ),
        Group::Project => format!("{project_col} AS k2"),
    };
    let group_by = match group {
        Group::BucketAndChannel => "1, 2",
        Group::Project => "1",
    };
    let mut where_ = format!(
        "{moment} >= {} AND {moment} < {}{extra}",
        param(backend, 1),
        param(backend, 2)
    );
    if project {
        where_.push_str(&format!(" AND {project_col} = {}", param(backend, 3)));
    }
    format!("SELECT {keys}, {values} FROM {table} WHERE {where_} GROUP BY {group_by}")
}

async fn aggregate(
    d: &Core,
    req: &StatsRequest,
    project: Option<&str>,
    m: Measure,
    group: Group,
    into: &mut BTreeMap<Key, Figures>,
) -> ServiceResult<()> {
    let backend = d.read.get_database_backend();
    let mut values: Vec<Value> = vec![req.from.into(), req.to.into()];
    if let Some(p) = project {
        values.push(p.to_owned().into());
    }
    let stmt = Statement::from_sql_and_values(
        backend,
        sql(backend, m, group, req.bucket.seconds(), project.is_some()),
        values,
    );
    for row in d.read.query_all_raw(stmt).await? {
        let k2: String = row.try_get("", "k2")?;
        let key = match group {
            Group::BucketAndChannel => {
                let channel = k2
                    .parse::<Channel>()
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
                Key::Bucket(row.try_get::<i64>("", "k1")?, channel)
            }
            Group::Project => Key::Project(k2),
        };
        let a: i64 = row.try_get("", "a")?;
        let b: Option<i64> = row.try_get("", "b")?;
        let b = b.unwrap_or(0);
        let f = into.entry(key).or_default();
        match m {
            Measure::Created => {
                f.created_count += a;
                f.created_paid_count += b;
            }
            Measure::Paid => {
                f.paid_count += a;
                f.paid_amount += b;
            }
            Measure::Refunded => {
                f.refund_count += a;
                f.refunded_amount += b;
            }
        }
    }
    Ok(())
}

/// `stats`: admins over every project or one; a project key over its own project only.
pub async fn stats(d: &Core, principal: &Principal, req: StatsRequest) -> ServiceResult<Stats> {
    let project = match principal {
        Principal::Admin { .. } => req.project_id.clone(),
        Principal::Project { project_id } => match &req.project_id {
            Some(p) if p != project_id => return Err(ServiceError::NotFound("project")),
            _ => Some(project_id.clone()),
        },
        Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        Principal::User { .. } | Principal::Checkout { .. } => return Err(ServiceError::Forbidden),
    };
    if req.to <= req.from {
        return Err(ServiceError::bad_input("to", "must be after from"));
    }
    let first = req.bucket.index(req.from);
    // The bucket of the last instant before `to`.
    let last = req.bucket.index(req.to - chrono::Duration::milliseconds(1));
    if last - first + 1 > req.bucket.max_buckets() {
        return Err(ServiceError::bad_input(
            "to",
            format!("at most {} buckets of this size", req.bucket.max_buckets()),
        ));
    }

    let mut rows = BTreeMap::new();
    for m in [Measure::Created, Measure::Paid, Measure::Refunded] {
        aggregate(
            d,
            &req,
            project.as_deref(),
            m,
            Group::BucketAndChannel,
            &mut rows,
        )
        .await?;
    }
    let by_project = if req.by_project {
        let mut by = BTreeMap::new();
        for m in [Measure::Created, Measure::Paid, Measure::Refunded] {
            aggregate(d, &req, project.as_deref(), m, Group::Project, &mut by).await?;
        }
        Some(
            by.into_iter()
                .filter_map(|(k, f)| match k {
                    Key::Project(p) => Some((p, f)),
                    Key::Bucket(..) => None,
                })
                .collect(),
        )
    } else {
        None
    };

    let mut totals = Figures::default();
    let mut by_channel: BTreeMap<Channel, Figures> = BTreeMap::new();
    let mut per_bucket: BTreeMap<i64, BTreeMap<Channel, Figures>> = BTreeMap::new();
    for (k, f) in rows {
        if let Key::Bucket(i, channel) = k {
            totals.add(&f);
            by_channel.entry(channel).or_default().add(&f);
            per_bucket.entry(i).or_default().insert(channel, f);
        }
    }
    let series = (first..=last)
        .map(|i| {
            let channels = per_bucket.remove(&i).unwrap_or_default();
            let mut figures = Figures::default();
            for f in channels.values() {
                figures.add(f);
            }
            Point {
                start: req.bucket.start(i),
                end: req.bucket.start(i + 1),
                figures,
                by_channel: channels,
            }
        })
        .collect();
    Ok(Stats {
        from: req.from,
        to: req.to,
        bucket: req.bucket,
        totals,
        by_channel,
        series,
        by_project,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_beijing_hours_and_days() {
        // 2026-12-01T15:59:59Z is 23:59:59 in Beijing on Dec 1; a second later it is Dec 2.
        let before = "2026-12-01T15:59:59Z".parse::<DateTime<Utc>>().unwrap();
        let after = "2026-12-01T16:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(Bucket::Day.index(before) + 1, Bucket::Day.index(after));
        assert_eq!(Bucket::Day.start(Bucket::Day.index(after)), after);
        assert_eq!(
            Bucket::Day.start(Bucket::Day.index(before)),
            "2026-11-30T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let t = "2026-12-01T03:25:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            Bucket::Hour.start(Bucket::Hour.index(t)),
            "2026-12-01T03:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn success_rate_is_paid_of_created() {
        let f = Figures {
            created_count: 4,
            created_paid_count: 3,
            ..Figures::default()
        };
        assert_eq!(f.success_rate(), Some(0.75));
        assert_eq!(Figures::default().success_rate(), None);
    }

    #[test]
    fn the_bucket_expression_is_written_per_backend() {
        let pg = sql(
            DbBackend::Postgres,
            Measure::Paid,
            Group::BucketAndChannel,
            3600,
            true,
        );
        assert!(
            pg.contains("EXTRACT(EPOCH FROM o.paid_at)") && pg.contains("$3"),
            "{pg}"
        );
        let lite = sql(
            DbBackend::Sqlite,
            Measure::Refunded,
            Group::BucketAndChannel,
            86400,
            false,
        );
        assert!(
            lite.contains("strftime('%s', r.succeeded_at)") && lite.contains("?2"),
            "{lite}"
        );
        assert!(lite.contains("r.state = 'SUCCEEDED'"));
    }
}
