//! The emulated providers' bill desk: trade bills built from the sandbox's own trades and refunds
//! (`sandbox_orders`, `sandbox_refunds`), in each provider's format and encoding, served on the
//! providers' paths (`wechat::bill`, `alipay::bill`).
//!
//! - A day is a Beijing-time day. Day D's bill lists the payments whose `paid_at` falls in D and the
//!   refunds that succeeded in D (a refund of an older trade is on the refund's day).
//! - Readiness follows the providers: nothing for today (or later); yesterday's bill from the
//!   ready hour on (WeChat 10:00, Alipay 09:00; `settings::Settings::bill_ready_hour`); the clock
//!   is `settings::Settings::bill_clock` or now.
//! - Fees: 0.60% of each payment, rounded half up to the fen (the common rate for both
//!   providers), and on a refund the fee returned in proportion, rounded half up (a full refund
//!   returns the whole fee). WeChat writes the fee returned negative, Alipay writes the fee
//!   charged negative (see `paycenter_providers::bills`).
//! - Faults (`faults`): a trade rule's `billAmountFen` replaces the trade's amount on its payment
//!   line (and the fee is charged on that amount).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta, Timelike};
use rand::distributions::{Alphanumeric, DistString};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{order, refund};
use crate::SandboxState;
use paycenter_providers::bills::{alipay as alipay_bill, beijing_date, wechat as wechat_bill};

/// The fee rate, per ten thousand (0.60%).
pub const FEE_RATE: i64 = 60;
/// The fee rate as WeChat writes it in `费率`.
pub const FEE_RATE_TEXT: &str = "0.60%";
/// When WeChat publishes yesterday's bill (Beijing hour).
pub const WECHAT_READY_HOUR: u32 = 10;
/// When Alipay publishes yesterday's bill (Beijing hour).
pub const ALIPAY_READY_HOUR: u32 = 9;
/// How long an Alipay `bill_download_url` works.
pub const LINK_TTL: Duration = Duration::from_secs(30);
/// Download links kept at most (expired ones are dropped first).
const MAX_LINKS: usize = 10_000;

const BEIJING: TimeDelta = TimeDelta::hours(8);

/// The fee charged on a payment of `fen`.
pub fn fee(fen: i64) -> i64 {
    wechat_bill::fee_at(fen, FEE_RATE)
}

/// The fee returned when `refund_fen` of a trade of `total_fen` is refunded.
pub fn returned_fee(total_fen: i64, refund_fen: i64) -> i64 {
    if total_fen <= 0 {
        return 0;
    }
    (2 * fee(total_fen) * refund_fen + total_fen) / (2 * total_fen)
}

/// What the bill desk says about a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    Ready,
    /// Today, or yesterday before the ready hour.
    NotYet,
    /// After today.
    Future,
}

/// Whether day `date`'s bill is out, for a provider publishing at `default_hour`.
pub fn desk(state: &SandboxState, date: NaiveDate, default_hour: u32) -> Desk {
    let settings = state.settings.get();
    let now = settings.bill_clock.unwrap_or_else(chrono::Utc::now);
    let today = beijing_date(now);
    let hour = (now + BEIJING).hour();
    let ready_hour = settings.bill_ready_hour.unwrap_or(default_hour);
    if date > today {
        Desk::Future
    } else if date == today || (date.succ_opt() == Some(today) && hour < ready_hour) {
        Desk::NotYet
    } else {
        Desk::Ready
    }
}

/// A day's payments and refunds of one merchant.
#[derive(Debug, Default)]
pub struct Day {
    pub payments: Vec<order::Model>,
    /// Each refund with its trade.
    pub refunds: Vec<(refund::Model, order::Model)>,
}

impl Day {
    pub fn is_empty(&self) -> bool {
        self.payments.is_empty() && self.refunds.is_empty()
    }
}

/// Loads day `date` (Beijing) of `merchant_id` at `provider`.
pub async fn load(
    db: &DatabaseConnection,
    provider: &str,
    merchant_id: &str,
    date: NaiveDate,
) -> Result<Day, DbErr> {
    let start = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - BEIJING;
    let end = start + TimeDelta::days(1);
    let payments = order::Entity::find()
        .filter(order::Column::Provider.eq(provider))
        .filter(order::Column::MerchantId.eq(merchant_id))
        .filter(order::Column::PaidAt.gte(start))
        .filter(order::Column::PaidAt.lt(end))
        .order_by_asc(order::Column::PaidAt)
        .all(db)
        .await?;
    let trades = Query::select()
        .column(order::Column::Id)
        .from(order::Entity)
        .and_where(order::Column::Provider.eq(provider))
        .and_where(order::Column::MerchantId.eq(merchant_id))
        .to_owned();
    let refunds = refund::Entity::find()
        .filter(refund::Column::State.eq("SUCCESS"))
        .filter(refund::Column::SucceededAt.gte(start))
        .filter(refund::Column::SucceededAt.lt(end))
        .filter(refund::Column::OrderId.in_subquery(trades))
        .order_by_asc(refund::Column::SucceededAt)
        .all(db)
        .await?;
    let ids: Vec<String> = refunds.iter().map(|r| r.order_id.clone()).collect();
    let of: HashMap<String, order::Model> = order::Entity::find()
        .filter(order::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let refunds = refunds
        .into_iter()
        .filter_map(|r| of.get(&r.order_id).cloned().map(|o| (r, o)))
        .collect();
    Ok(Day { payments, refunds })
}

/// The amount a payment line states: the trade's, unless a fault rule says otherwise.
fn billed_amount(state: &SandboxState, o: &order::Model) -> i64 {
    state
        .faults
        .bill_amount(&o.merchant_id, &o.out_trade_no)
        .unwrap_or(o.total_fee)
}

/// Which lines a WeChat bill has (`bill_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    All,
    Payments,
    Refunds,
}

/// The WeChat rows of a day.
pub fn wechat_rows(state: &SandboxState, day: &Day, lines: Lines) -> Vec<wechat_bill::Row> {
    let mut rows = Vec::new();
    let base = |o: &order::Model, time, kind, fee_fen| wechat_bill::Row {
        time,
        app_id: o.app_id.clone(),
        mch_id: o.merchant_id.clone(),
        transaction_id: o.transaction_id.clone().unwrap_or_default(),
        out_trade_no: o.out_trade_no.clone(),
        openid: o.openid.clone().unwrap_or_default(),
        trade_type: o.trade_type.clone(),
        kind,
        subject: o.subject.clone(),
        attach: o.attach.clone().unwrap_or_default(),
        fee_fen,
        fee_rate: FEE_RATE_TEXT.into(),
    };
    if lines != Lines::Refunds {
        for o in &day.payments {
            let amount = billed_amount(state, o);
            rows.push(base(
                o,
                o.paid_at.unwrap_or(o.created_at),
                wechat_bill::RowKind::Payment { total_fen: amount },
                fee(amount),
            ));
        }
    }
    if lines != Lines::Payments {
        for (r, o) in &day.refunds {
            rows.push(base(
                o,
                r.succeeded_at.unwrap_or(r.created_at),
                wechat_bill::RowKind::Refund {
                    refund_id: r.refund_id.clone(),
                    out_refund_no: r.out_refund_no.clone(),
                    refund_fen: r.refund_fee,
                },
                returned_fee(o.total_fee, r.refund_fee),
            ));
        }
    }
    rows
}

/// A WeChat trade bill CSV.
pub fn wechat_csv(rows: &[wechat_bill::Row]) -> Vec<u8> {
    let write = || -> std::io::Result<Vec<u8>> {
        let mut w = wechat_bill::WechatBillWriter::new(Vec::new())?;
        for r in rows {
            w.row(r)?;
        }
        w.finish()
    };
    // Writing to a Vec cannot fail.
    write().unwrap_or_default()
}

/// The Alipay rows of a day.
pub fn alipay_rows(state: &SandboxState, day: &Day) -> Vec<alipay_bill::Row> {
    let counterparty =
        |o: &order::Model| crate::alipay::buyer_logon_id(o.buyer_id.as_deref().unwrap_or_default());
    let mut rows = Vec::new();
    for o in &day.payments {
        let amount = billed_amount(state, o);
        rows.push(alipay_bill::Row {
            trade_no: o.transaction_id.clone().unwrap_or_default(),
            out_trade_no: o.out_trade_no.clone(),
            refund_no: None,
            subject: o.subject.clone(),
            created_at: o.created_at,
            finished_at: o.paid_at.unwrap_or(o.created_at),
            counterparty: counterparty(o),
            order_fen: amount,
            received_fen: amount,
            fee_fen: -fee(amount),
        });
    }
    for (r, o) in &day.refunds {
        rows.push(alipay_bill::Row {
            trade_no: o.transaction_id.clone().unwrap_or_default(),
            out_trade_no: o.out_trade_no.clone(),
            refund_no: Some(r.out_refund_no.clone()),
            subject: o.subject.clone(),
            created_at: r.created_at,
            finished_at: r.succeeded_at.unwrap_or(r.created_at),
            counterparty: counterparty(o),
            order_fen: o.total_fee,
            received_fen: -r.refund_fee,
            fee_fen: returned_fee(o.total_fee, r.refund_fee),
        });
    }
    rows
}

/// An Alipay `bill_download_url` handed out.
#[derive(Debug, Clone)]
pub struct Link {
    pub app_id: String,
    pub date: NaiveDate,
    expires: Instant,
}

/// The Alipay download links handed out, each valid for [`LINK_TTL`].
#[derive(Default)]
pub struct Links(Mutex<HashMap<String, Link>>);

impl Links {
    /// A fresh token for (app, day).
    pub fn issue(&self, app_id: &str, date: NaiveDate) -> String {
        let token = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
        let now = Instant::now();
        if let Ok(mut map) = self.0.lock() {
            map.retain(|_, l| l.expires > now);
            if map.len() >= MAX_LINKS {
                map.clear();
            }
            map.insert(
                token.clone(),
                Link {
                    app_id: app_id.to_owned(),
                    date,
                    expires: now + LINK_TTL,
                },
            );
        }
        token
    }

    /// The link of `token`, while it works.
    pub fn get(&self, token: &str) -> Option<Link> {
        let map = self.0.lock().ok()?;
        map.get(token)
            .filter(|l| l.expires > Instant::now())
            .cloned()
    }
}

/// WeChat Pay v3 bill files handed out by `/v3/bill/tradebill`: the bytes are fixed when the
/// application answers (its SHA1 names them), served by `/v3/billdownload/file?token=` while the
/// link works ([`LINK_TTL`]).
#[derive(Default)]
pub struct Files(Mutex<HashMap<String, (String, bytes::Bytes, Instant)>>);

impl Files {
    /// A fresh token for `mch_id`'s file.
    pub fn issue(&self, mch_id: &str, file: bytes::Bytes) -> String {
        let token = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
        let now = Instant::now();
        if let Ok(mut map) = self.0.lock() {
            map.retain(|_, (_, _, expires)| *expires > now);
            if map.len() >= MAX_LINKS {
                map.clear();
            }
            map.insert(token.clone(), (mch_id.to_owned(), file, now + LINK_TTL));
        }
        token
    }

    /// `token`'s (merchant, file), while it works.
    pub fn get(&self, token: &str) -> Option<(String, bytes::Bytes)> {
        let map = self.0.lock().ok()?;
        map.get(token)
            .filter(|(_, _, expires)| *expires > Instant::now())
            .map(|(m, f, _)| (m.clone(), f.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees() {
        assert_eq!(fee(100), 1);
        assert_eq!(fee(83), 0);
        assert_eq!(fee(84), 1);
        assert_eq!(fee(10_000), 60);
        assert_eq!(returned_fee(10_000, 10_000), 60);
        assert_eq!(returned_fee(10_000, 2_500), 15);
        assert_eq!(returned_fee(100, 50), 1);
        assert_eq!(returned_fee(100, 49), 0);
        assert_eq!(returned_fee(0, 0), 0);
    }

    #[test]
    fn links_expire_and_are_unguessable() {
        let links = Links::default();
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let t = links.issue("app", d);
        assert_eq!(t.len(), 32);
        assert_eq!(links.get(&t).map(|l| l.date), Some(d));
        assert!(links.get("nope").is_none());
        assert_ne!(links.issue("app", d), t);
    }
}
