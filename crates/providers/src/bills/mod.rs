//! Provider trade bills (daily reconciliation), in neutral terms.
//!
//! A [`Bill`] is one provider's trade bill for one Beijing-time day, held as the bytes the provider
//! sent (compressed where it compressed them). Its lines are parsed as they are read
//! ([`Bill::lines`]): nothing holds the file's lines at once, so a 100,000-line day costs one
//! line's worth of memory beyond the download itself.
//!
//! Every provider closes its bill with totals (WeChat's `总交易单数,应结订单总金额,…` block;
//! Alipay's `#交易合计：…` footer and its `业务明细(汇总)` file). The parsers add the lines up as
//! they go and compare at the end, and check WeChat v3's SHA1 and the zip's CRC-32 the same way:
//! [`BillLines::finish`] returns the [`BillTotals`] only when everything agrees. **A line is
//! trustworthy only once `finish` has returned `Ok`**: a consumer writes lines provisionally (one
//! transaction, a staging table) and commits after `finish`.
//!
//! - [`wechat`]: the trade bill CSV of WeChat Pay v2 `downloadbill` and v3 `tradebill` (parser and
//!   writer).
//! - [`alipay`]: the zip of `业务明细` CSVs of `alipay.data.dataservice.bill.downloadurl.query`
//!   (parser and writer; format notes there).
//! - [`integrity`]: gzip, SHA1 and CRC checks. [`text`]: lines, encodings, cells, yuan figures.
//!
//! The clients live with their providers (`wechat_v2::bill`, `alipay::bill`) and implement
//! [`crate::DownloadBill`].

pub mod alipay;
pub mod download;
pub mod integrity;
pub mod text;
pub mod wechat;

#[cfg(test)]
mod parse_tests;

use std::fmt;
use std::io::BufReader;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use paycenter_domain::{Amount, Product, Provider};

pub use integrity::{Compression, Sha1Digest};

/// A signed amount in fen: what a bill nets (fees charged minus fees returned, receipts minus
/// refunds). [`Amount`] stays the type of every amount that cannot be negative.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NetAmount(i64);

impl NetAmount {
    pub const ZERO: NetAmount = NetAmount(0);

    pub fn from_fen(fen: i64) -> Self {
        NetAmount(fen)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: NetAmount) -> Option<NetAmount> {
        self.0.checked_add(other.0).map(NetAmount)
    }

    pub fn checked_sub(self, other: NetAmount) -> Option<NetAmount> {
        self.0.checked_sub(other.0).map(NetAmount)
    }

    pub fn checked_neg(self) -> Option<NetAmount> {
        self.0.checked_neg().map(NetAmount)
    }

    /// The amount when it is not negative.
    pub fn non_negative(self) -> Option<Amount> {
        Amount::from_fen(self.0).ok()
    }

    /// `-12.34` / `12.34`.
    pub fn to_yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl From<Amount> for NetAmount {
    fn from(a: Amount) -> Self {
        NetAmount(a.fen())
    }
}

impl fmt::Debug for NetAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NetAmount({} fen)", self.0)
    }
}

impl fmt::Display for NetAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_yuan())
    }
}

/// One line of a trade bill: a payment, or a refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillLine {
    /// The line's number in the provider's file (1-based; headers count), for messages and audit.
    pub line_no: u64,
    pub kind: BillLineKind,
    /// When it happened (WeChat `交易时间`; Alipay `完成时间`): payment time on payment lines, refund
    /// time on refund lines. Bills write Beijing time; this is UTC.
    pub time: DateTime<Utc>,
    /// WeChat `公众账号ID`; Alipay bills do not name the app.
    pub app_id: Option<String>,
    /// WeChat `商户号`; Alipay: the account (`2088…`) the bill's header names.
    pub merchant_id: Option<String>,
    pub out_trade_no: String,
    /// WeChat `微信订单号`, Alipay `支付宝交易号`.
    pub provider_trade_no: String,
    /// The product as the bill writes it (WeChat `交易类型`: JSAPI, NATIVE, APP, MWEB, …); Alipay
    /// bills do not say.
    pub trade_type: Option<String>,
    /// `trade_type` in our terms, when it is a product paycenter knows.
    pub product: Option<Product>,
    /// `商品名称`.
    pub subject: String,
    /// The trade's state as the provider wrote it.
    pub trade_state: BillTradeState,
    /// The order amount as the provider wrote it on this line (WeChat `订单金额`: 0 on refund
    /// lines; Alipay `订单金额（元）`: the trade's amount on both kinds).
    pub order_amount: Amount,
    /// What the merchant is credited for a payment (WeChat `应结订单金额`, Alipay `商家实收（元）`):
    /// the order amount less non-cash coupons. Zero on refund lines.
    pub settlement_amount: Amount,
    /// The provider's fee on this line, as a magnitude: charged on a payment, returned on a refund
    /// (WeChat `手续费`, Alipay `服务费（元）`).
    pub fee: Amount,
    /// WeChat `费率` as written (`0.60%`).
    pub fee_rate: Option<String>,
    /// WeChat `商户数据包` (our `attach`).
    pub attach: Option<String>,
    /// WeChat `用户标识` (openid), Alipay `对方账户` (masked logon id).
    pub payer: Option<String>,
}

impl BillLine {
    pub fn is_refund(&self) -> bool {
        matches!(self.kind, BillLineKind::Refund(_))
    }

    /// The refund details of a refund line.
    pub fn refund(&self) -> Option<&BillRefund> {
        match &self.kind {
            BillLineKind::Payment => None,
            BillLineKind::Refund(r) => Some(r),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BillLineKind {
    /// Money in: a trade paid that day.
    Payment,
    /// Money out: a refund of a trade (paid that day or earlier).
    Refund(BillRefund),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillRefund {
    /// WeChat `商户退款单号`, Alipay `退款批次号/请求号` (our refund number, unless the refund was made
    /// in the merchant portal).
    pub out_refund_no: String,
    /// WeChat `微信退款单号`; Alipay refunds have no number of their own.
    pub provider_refund_no: Option<String>,
    /// What was asked to be refunded (WeChat `申请退款金额`; Alipay: `商家实收（元）`, negated).
    pub amount: Amount,
    /// What was refunded to the buyer's cash (WeChat `退款金额`, less coupon refunds; Alipay: as
    /// `amount`).
    pub settled_amount: Amount,
    pub state: BillRefundState,
}

/// A trade state as bills write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillTradeState {
    /// Paid (WeChat `SUCCESS`, Alipay `交易`).
    Success,
    /// Paid and then revoked (WeChat `REVOKED`, payment-code trades).
    Revoked,
    /// The line is a refund (WeChat `REFUND`, Alipay `退款`).
    Refund,
}

/// A refund state as bills write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillRefundState {
    /// WeChat `SUCCESS`; every refund on an Alipay bill.
    Succeeded,
    /// WeChat `PROCESSING`.
    Processing,
    /// WeChat `REFUNDCLOSE` (v2) / `CLOSED` (v3).
    Closed,
    /// WeChat `CHANGE` (v2) / `ABNORMAL` (v3): the money could not reach the buyer.
    Abnormal,
}

/// A bill's totals: the sums of its lines, each checked against every figure the provider states
/// for it (WeChat: all seven figures of its totals block; Alipay: the footer's counts and the
/// summary file's `合计` row). A `BillTotals` only exists for a bill that adds up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillTotals {
    /// Payment lines.
    pub payments: u64,
    /// Refund lines.
    pub refunds: u64,
    /// Σ `order_amount` of payment lines.
    pub paid_amount: Amount,
    /// Σ `settlement_amount` of payment lines.
    pub settlement_amount: Amount,
    /// Σ refund `amount` of refund lines.
    pub refunded_amount: Amount,
    /// Σ fees charged on payments − Σ fees returned on refunds.
    pub net_fee: NetAmount,
    /// The provider's own totals as it wrote them (label, value), for the audit trail.
    pub stated: Vec<(String, String)>,
}

impl BillTotals {
    /// Payment and refund lines together.
    pub fn lines(&self) -> u64 {
        self.payments + self.refunds
    }
}

/// A figure of a totals check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Count(u64),
    Money(NetAmount),
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Count(n) => write!(f, "{n}"),
            Figure::Money(m) => write!(f, "{m} yuan"),
        }
    }
}

/// Why a provider has no bill for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoBillReason {
    /// The provider issues no bill for a day without successful trades (WeChat v2 `No Bill Exist`,
    /// v3 `NO_STATEMENT_EXIST`): as far as it knows the day is empty, so every payment and refund
    /// we recorded for it is missing on its side.
    NoTrades,
    /// The provider has no bill for that date at all (Alipay `BILL_NOT_EXIST` after publication:
    /// a date outside what it keeps, or before the account). Nothing can be concluded about the
    /// day; Alipay states an empty day with an empty bill instead.
    NotAvailable,
}

/// What can go wrong with a bill.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillError {
    /// Not published yet: ask again later (WeChat `STATEMENT_CREATING` / v2 `Bill Creating`; any
    /// "no bill" answer before the day's bills are due, see [`no_bill_is_final_after`]).
    #[error("the bill is not ready yet ({provider_code}): {message}")]
    NotReady {
        provider_code: String,
        message: String,
    },
    /// The provider says there is no bill for that day; see [`NoBillReason`].
    #[error("the provider has no bill for that day ({provider_code}): {message}")]
    NoBill {
        reason: NoBillReason,
        provider_code: String,
        message: String,
    },
    /// Not a bill we can read: bad encoding, a missing column, a bad figure, a truncated file.
    /// `line` is 1-based, 0 when the fault is not on one line.
    #[error("malformed bill (line {line}): {message}")]
    Malformed { line: u64, message: String },
    /// The bytes are not what the provider published (WeChat v3 SHA1, zip CRC-32).
    #[error("bill checksum mismatch: {0}")]
    ChecksumMismatch(String),
    /// The lines do not add up to the provider's own totals.
    #[error("bill totals do not add up: {label} states {stated}, its lines add up to {computed}")]
    TotalsMismatch {
        /// The provider's label for the figure (`应结订单总金额`, `交易合计`, …).
        label: String,
        stated: Figure,
        computed: Figure,
    },
}

impl BillError {
    pub fn malformed(line: u64, message: impl Into<String>) -> Self {
        BillError::Malformed {
            line,
            message: message.into(),
        }
    }

    /// Whether asking again later may succeed (only a bill not yet published).
    pub fn is_retryable(&self) -> bool {
        matches!(self, BillError::NotReady { .. })
    }
}

const BEIJING: TimeDelta = TimeDelta::hours(8);

/// The hour (Beijing time, on the next day) by which a day's bills are due everywhere: WeChat
/// publishes around 10:00, Alipay around 09:00; noon leaves them a margin.
pub const BILLS_DUE_HOUR: u32 = 12;

/// The instant from which a provider's "no bill" answer for `date` is taken as final. Before it,
/// "no bill" is [`BillError::NotReady`]: providers have been seen to answer "no bill" for a day
/// whose bill is still being made.
pub fn no_bill_is_final_after(date: NaiveDate) -> DateTime<Utc> {
    let next = date.succ_opt().unwrap_or(date);
    next.and_hms_opt(BILLS_DUE_HOUR, 0, 0)
        .map(|t| t.and_utc() - BEIJING)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The error for a provider's "no bill" answer about `date`, asked at `now`.
pub fn missing_bill(
    reason: NoBillReason,
    provider_code: &str,
    message: &str,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> BillError {
    if now < no_bill_is_final_after(date) {
        BillError::NotReady {
            provider_code: provider_code.to_owned(),
            message: format!("{message} (before the day's bills are due)"),
        }
    } else {
        BillError::NoBill {
            reason,
            provider_code: provider_code.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// The Beijing calendar day of `t`.
pub fn beijing_date(t: DateTime<Utc>) -> NaiveDate {
    (t + BEIJING).date_naive()
}

/// How a bill's bytes are laid out.
#[derive(Debug, Clone)]
enum Format {
    WechatCsv {
        compression: Compression,
        sha1: Option<Sha1Digest>,
    },
    AlipayZip,
}

/// One provider's trade bill for one day, as downloaded. Cheap to clone (the bytes are shared).
#[derive(Debug, Clone)]
pub struct Bill {
    provider: Provider,
    date: NaiveDate,
    body: Bytes,
    format: Format,
}

impl Bill {
    /// A WeChat trade bill CSV (v2 `downloadbill`, v3 `tradebill`), plain or gzip'd.
    pub fn wechat(date: NaiveDate, body: impl Into<Bytes>, compression: Compression) -> Self {
        Bill {
            provider: Provider::Wechat,
            date,
            body: body.into(),
            format: Format::WechatCsv {
                compression,
                sha1: None,
            },
        }
    }

    /// Checks the decompressed bill against a published SHA1 as it is read (WeChat v3; other
    /// formats carry checksums of their own and ignore this).
    pub fn with_sha1(mut self, digest: Sha1Digest) -> Self {
        if let Format::WechatCsv { sha1, .. } = &mut self.format {
            *sha1 = Some(digest);
        }
        self
    }

    /// An Alipay trade bill zip.
    pub fn alipay(date: NaiveDate, zip: impl Into<Bytes>) -> Self {
        Bill {
            provider: Provider::Alipay,
            date,
            body: zip.into(),
            format: Format::AlipayZip,
        }
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The Beijing-time day the bill is for.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The bytes as the provider sent them (to archive).
    pub fn raw(&self) -> &Bytes {
        &self.body
    }

    /// The lines, parsed as they are read. Fails at once when the file cannot be opened (not a
    /// zip, a missing column); later faults come as the iterator's items.
    pub fn lines(&self) -> Result<BillLines<'_>, BillError> {
        let source: Box<dyn LineSource + Send + '_> = match &self.format {
            Format::WechatCsv { compression, sha1 } => {
                let stream = integrity::decompress(&self.body, *compression);
                let stream: Box<dyn std::io::Read + Send + '_> = match sha1 {
                    Some(d) => Box::new(integrity::Sha1Reader::new(stream, *d)),
                    None => stream,
                };
                Box::new(wechat::WechatLines::new(BufReader::new(stream))?)
            }
            Format::AlipayZip => Box::new(alipay::open(&self.body)?),
        };
        Ok(BillLines {
            source,
            failed: None,
        })
    }

    /// Reads the whole bill (without keeping its lines) and returns its checked totals.
    pub fn totals(&self) -> Result<BillTotals, BillError> {
        self.lines()?.finish()
    }
}

/// What each format's parser offers [`BillLines`].
pub(crate) trait LineSource {
    fn next_line(&mut self) -> Option<Result<BillLine, BillError>>;
    /// The checked totals, once the source is exhausted without error.
    fn totals(&self) -> Option<&BillTotals>;
}

/// A bill's lines as they are parsed. The last item is an error when the bill does not check
/// out (totals, checksum, truncation); after an error the iterator ends. `Send`, so it may be held
/// across `.await`; parsing is CPU work, so a large bill is best read on a blocking thread (move
/// the `Bill` there and send the lines back over a channel).
pub struct BillLines<'a> {
    source: Box<dyn LineSource + Send + 'a>,
    /// The error that ended the lines, if one did.
    failed: Option<BillError>,
}

impl Iterator for BillLines<'_> {
    type Item = Result<BillLine, BillError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed.is_some() {
            return None;
        }
        let item = self.source.next_line();
        if let Some(Err(e)) = &item {
            self.failed = Some(e.clone());
        }
        item
    }
}

impl BillLines<'_> {
    /// Reads whatever lines are left and returns the totals: `Ok` only for a bill that checked out
    /// to its end.
    pub fn finish(mut self) -> Result<BillTotals, BillError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        for line in &mut self {
            line?;
        }
        self.source
            .totals()
            .cloned()
            .ok_or_else(|| BillError::malformed(0, "the bill ended without its totals"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn bills_and_their_lines_cross_threads() {
        fn send<T: Send>() {}
        fn sync<T: Sync>() {}
        send::<Bill>();
        sync::<Bill>();
        send::<BillLines<'static>>();
        send::<BillError>();
    }

    #[test]
    fn net_amounts() {
        assert_eq!(NetAmount::from_fen(-1).to_yuan(), "-0.01");
        assert_eq!(NetAmount::from_fen(1205).to_yuan(), "12.05");
        assert_eq!(NetAmount::from_fen(-1205).to_string(), "-12.05");
        assert_eq!(NetAmount::from_fen(-1).non_negative(), None);
        assert_eq!(
            NetAmount::from(Amount::from_fen(3).unwrap()),
            NetAmount::from_fen(3)
        );
        assert_eq!(
            NetAmount::from_fen(i64::MAX).checked_add(NetAmount(1)),
            None
        );
    }

    #[test]
    fn no_bill_is_not_ready_until_noon_the_next_day() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        // 2026-12-02 12:00 Beijing = 04:00 UTC.
        let due: DateTime<Utc> = "2026-12-02T04:00:00Z".parse().unwrap();
        assert_eq!(no_bill_is_final_after(d), due);
        let early = missing_bill(
            NoBillReason::NoTrades,
            "NO_STATEMENT_EXIST",
            "m",
            d,
            due - TimeDelta::seconds(1),
        );
        assert!(early.is_retryable());
        assert!(matches!(early, BillError::NotReady { .. }));
        assert_eq!(
            missing_bill(NoBillReason::NoTrades, "NO_STATEMENT_EXIST", "m", d, due),
            BillError::NoBill {
                reason: NoBillReason::NoTrades,
                provider_code: "NO_STATEMENT_EXIST".into(),
                message: "m".into()
            }
        );
        assert_eq!(
            beijing_date("2026-12-01T16:00:00Z".parse().unwrap()),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
        assert_eq!(
            beijing_date("2026-12-01T15:59:59Z".parse().unwrap()),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
    }
}
