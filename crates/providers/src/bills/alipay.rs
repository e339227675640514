//! The Alipay trade bill (`bill_type=trade`): the zip behind the `bill_download_url` of
//! `alipay.data.dataservice.bill.downloadurl.query`.
//!
//! There is no public sample of it among paycenter's vectors, and none was found to check against.
//! What this module reads and writes is reconstructed from Alipay's open-platform description of
//! the business bill (`业务明细`) and from the layout merchants' reconciliation code commonly
//! parses, as recalled rather than copied; where that is silent or uncertain (the summary file's
//! columns, the signs of `服务费` and of a refund's `商家实收`, the `订单金额` of a refund row), the
//! choice is stated below. So the parser is tolerant where that costs no certainty (columns found
//! by name, either encoding, either bracket width, cell padding, the sign of `服务费`) and strict
//! where a misreading would cost money (every figure exact, every total checked, a missing footer
//! or summary refused): a real bill that differs fails loudly rather than reconciles wrongly.
//!
//! - The zip holds two CSV files named `<account>_<yyyyMMdd>_业务明细.csv` (the lines) and
//!   `<account>_<yyyyMMdd>_业务明细(汇总).csv` (the summary). Entry names are often GBK without
//!   the zip's UTF-8 flag: they are decoded as UTF-8 when valid, else as GBK.
//! - Each file is commonly GBK; the encoding is detected (UTF-8 with or without BOM, else GBK).
//! - Lines starting with `#` are comments before and after the table: `#支付宝业务明细查询`,
//!   `#账号：[2088…]` (the merchant's account), `#起始日期：[…]   终止日期：[…]`, a rule
//!   `#-----…业务明细列表…-----`, then after the table a closing rule, `#交易合计：N笔，退款合计：M笔`
//!   and `#导出时间：[…]`.
//! - The detail table's header names the columns: `支付宝交易号, 商户订单号, 业务类型 (交易 / 退款),
//!   商品名称, 创建时间, 完成时间, 门店编号, 门店名称, 操作员, 终端号, 对方账户, 订单金额（元）,
//!   商家实收（元）, 支付宝红包（元）, 集分宝（元）, 支付宝优惠（元）, 商家优惠（元）, 券核销金额（元）,
//!   券名称, 商家红包消费金额（元）, 卡消费金额（元）, 退款批次号/请求号, 服务费（元）, 分润（元）, 备注`.
//!   Identifiers are padded with a tab (`2019…\t`) so spreadsheets keep them as text; cells are
//!   trimmed. Times are Beijing time.
//! - A `交易` row: `订单金额` the trade amount, `商家实收` what the merchant received (positive),
//!   `服务费` the fee charged, written negative. A `退款` row: `订单金额` the refunded trade's amount,
//!   `商家实收` the refund, written negative, `退款批次号/请求号` the refund's `out_request_no`
//!   (Alipay generates one for a refund made in its portal), `服务费` the fee returned, positive.
//!   The parser reads `服务费` as a magnitude whose direction is the row's kind.
//! - The summary's table has `门店编号, 门店名称, 交易订单总笔数, 退款订单总笔数, 订单金额（元）,
//!   商家实收（元）, 支付宝优惠（元）, 商家优惠（元）, 卡消费金额（元）, 服务费（元）, 分润（元）,
//!   实收净额（元）`, a row per store and a `合计` row: the `交易` and `退款` row counts, Σ `订单金额` of
//!   `交易` rows, Σ `商家实收` and Σ `服务费` of all rows as written, and their sum as `实收净额`.
//! - An empty day is a bill with no rows (the provider says so); Alipay answers `BILL_NOT_EXIST`
//!   only for a day it has no bill for at all.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read, Write};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::integrity::CrcReader;
use super::text::{
    csv_cells, format_beijing_time, header_key, io_error, parse_amount, parse_beijing_time,
    parse_count, parse_yuan, Detector, Encoding, LineReader,
};
use super::{
    BillError, BillLine, BillLineKind, BillRefund, BillRefundState, BillTotals, BillTradeState,
    Figure, LineSource, NetAmount,
};

const BEIJING: TimeDelta = TimeDelta::hours(8);

/// The detail file's name ends so.
pub const DETAIL_SUFFIX: &str = "_业务明细.csv";
/// The summary file's name ends so.
pub const SUMMARY_SUFFIX: &str = "_业务明细(汇总).csv";

/// The detail table's columns, in Alipay's order.
pub const DETAIL_HEADER: [&str; 25] = [
    "支付宝交易号",
    "商户订单号",
    "业务类型",
    "商品名称",
    "创建时间",
    "完成时间",
    "门店编号",
    "门店名称",
    "操作员",
    "终端号",
    "对方账户",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝红包（元）",
    "集分宝（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "券核销金额（元）",
    "券名称",
    "商家红包消费金额（元）",
    "卡消费金额（元）",
    "退款批次号/请求号",
    "服务费（元）",
    "分润（元）",
    "备注",
];

/// The summary table's columns, in Alipay's order.
pub const SUMMARY_HEADER: [&str; 12] = [
    "门店编号",
    "门店名称",
    "交易订单总笔数",
    "退款订单总笔数",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "卡消费金额（元）",
    "服务费（元）",
    "分润（元）",
    "实收净额（元）",
];

const PAYMENT: &str = "交易";
const REFUND: &str = "退款";
const TOTAL_ROW: &str = "合计";
const FOOTER_PAYMENTS: &str = "交易合计";
const FOOTER_REFUNDS: &str = "退款合计";

// ---------------------------------------------------------------------------------------------
// The zip

/// Where an entry's data is, as the zip's directory records it.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    start: usize,
    compressed: usize,
    size: u64,
    crc: u32,
    deflated: bool,
}

/// A zip entry name: UTF-8 when it is, else GBK (Alipay's names carry no UTF-8 flag).
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

fn zip_error(e: zip::result::ZipError) -> BillError {
    BillError::malformed(0, format!("not a readable zip: {e}"))
}

/// The entries of the zip, by their decoded names.
fn entries(zip: &[u8]) -> Result<Vec<Entry>, BillError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).map_err(zip_error)?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).map_err(zip_error)?;
        if f.is_dir() {
            continue;
        }
        if f.encrypted() {
            return Err(BillError::malformed(0, "the zip is encrypted"));
        }
        let deflated = match f.compression() {
            zip::CompressionMethod::Stored => false,
            zip::CompressionMethod::Deflated => true,
            other => {
                return Err(BillError::malformed(
                    0,
                    format!("unsupported zip compression {other}"),
                ))
            }
        };
        let start = f
            .data_start()
            .and_then(|s| usize::try_from(s).ok())
            .ok_or_else(|| BillError::malformed(0, "zip entry without data"))?;
        let compressed = usize::try_from(f.compressed_size())
            .map_err(|_| BillError::malformed(0, "zip entry too large"))?;
        if start
            .checked_add(compressed)
            .is_none_or(|end| end > zip.len())
        {
            return Err(BillError::malformed(
                0,
                "zip entry past the end of the file",
            ));
        }
        out.push(Entry {
            name: entry_name(f.name_raw()),
            start,
            compressed,
            size: f.size(),
            crc: f.crc32(),
            deflated,
        });
    }
    Ok(out)
}

/// An entry's content as it inflates, CRC-checked at its end.
fn entry_reader<'a>(zip: &'a [u8], e: &Entry) -> Box<dyn Read + Send + 'a> {
    let data = &zip[e.start..e.start + e.compressed];
    let inflated: Box<dyn Read + Send + 'a> = if e.deflated {
        Box::new(flate2::read::DeflateDecoder::new(data))
    } else {
        Box::new(data)
    };
    Box::new(CrcReader::new(inflated, e.crc, e.size))
}

fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    header_key(base)
}

/// Opens a trade bill zip: reads its summary, and returns its lines ready to stream.
pub fn open(zip: &[u8]) -> Result<AlipayLines<'_>, BillError> {
    let all = entries(zip)?;
    let pick = |suffix: &str| -> Result<&Entry, BillError> {
        let mut found = all.iter().filter(|e| base_name(&e.name).ends_with(suffix));
        match (found.next(), found.next()) {
            (Some(e), None) => Ok(e),
            (None, _) => Err(BillError::malformed(
                0,
                format!("the zip has no *{suffix} file"),
            )),
            (Some(_), Some(_)) => Err(BillError::malformed(
                0,
                format!("the zip has several *{suffix} files"),
            )),
        }
    };
    let summary = read_summary(entry_reader(zip, pick(SUMMARY_SUFFIX)?))?;
    let detail = entry_reader(zip, pick(DETAIL_SUFFIX)?);
    Ok(AlipayLines::new(BufReader::new(detail), summary))
}

// ---------------------------------------------------------------------------------------------
// The summary file

/// The summary's `合计` row.
#[derive(Debug, Clone)]
pub struct Summary {
    payments: u64,
    refunds: u64,
    order: NetAmount,
    received: NetAmount,
    fee: NetAmount,
    net: Option<NetAmount>,
    stated: Vec<(String, String)>,
}

fn read_summary(r: impl Read) -> Result<Summary, BillError> {
    let mut lines = LineReader::new(BufReader::new(r));
    let mut detector = Detector::default();
    let mut header: Option<HashMap<String, usize>> = None;
    let mut total: Option<(u64, Vec<String>)> = None;
    while let Some((line_no, raw)) = lines.next_line()? {
        let text = detector.decode(raw, line_no)?;
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let cells = csv_cells(text, line_no)?;
        match &header {
            None => {
                header = Some(
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (header_key(c), i))
                        .collect(),
                )
            }
            Some(_) if cells.first().map(String::as_str) == Some(TOTAL_ROW) => {
                if total.is_some() {
                    return Err(BillError::malformed(
                        line_no,
                        "two 合计 rows in the summary",
                    ));
                }
                total = Some((line_no, cells));
            }
            Some(_) => {}
        }
    }
    let header = header.ok_or_else(|| BillError::malformed(0, "the summary has no table"))?;
    let (line_no, cells) =
        total.ok_or_else(|| BillError::malformed(0, "the summary has no 合计 row"))?;
    let get = |name: &str| -> Result<&str, BillError> {
        header
            .get(&header_key(name))
            .and_then(|i| cells.get(*i))
            .map(String::as_str)
            .ok_or_else(|| BillError::malformed(line_no, format!("the summary lacks {name}")))
    };
    let count = |name: &str| {
        get(name).and_then(|v| {
            parse_count(v)
                .ok_or_else(|| BillError::malformed(line_no, format!("{name} is not a count")))
        })
    };
    let money = |name: &str| {
        get(name).and_then(|v| {
            parse_yuan(v)
                .ok_or_else(|| BillError::malformed(line_no, format!("{name} is not an amount")))
        })
    };
    let net_name = "实收净额（元）";
    let net = match get(net_name) {
        Ok(_) => Some(money(net_name)?),
        Err(_) => None,
    };
    let stated = SUMMARY_HEADER
        .iter()
        .filter_map(|n| get(n).ok().map(|v| ((*n).to_owned(), v.to_owned())))
        .filter(|(n, _)| n != "门店编号" && n != "门店名称")
        .collect();
    Ok(Summary {
        payments: count("交易订单总笔数")?,
        refunds: count("退款订单总笔数")?,
        order: money("订单金额（元）")?,
        received: money("商家实收（元）")?,
        fee: money("服务费（元）")?,
        net,
        stated,
    })
}

// ---------------------------------------------------------------------------------------------
// The detail file

#[derive(Debug)]
struct Columns {
    trade_no: usize,
    out_trade_no: usize,
    kind: usize,
    subject: usize,
    created: Option<usize>,
    finished: usize,
    counterparty: Option<usize>,
    order: usize,
    received: usize,
    refund_no: usize,
    fee: usize,
}

impl Columns {
    fn find(cells: &[String], line_no: u64) -> Result<Self, BillError> {
        let index: HashMap<String, usize> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (header_key(c), i))
            .collect();
        let mut missing = Vec::new();
        let mut need = |name: &'static str| match index.get(&header_key(name)) {
            Some(i) => *i,
            None => {
                missing.push(name);
                0
            }
        };
        let cols = Columns {
            trade_no: need("支付宝交易号"),
            out_trade_no: need("商户订单号"),
            kind: need("业务类型"),
            subject: need("商品名称"),
            finished: need("完成时间"),
            order: need("订单金额（元）"),
            received: need("商家实收（元）"),
            refund_no: need("退款批次号/请求号"),
            fee: need("服务费（元）"),
            created: index.get("创建时间").copied(),
            counterparty: index.get("对方账户").copied(),
        };
        if missing.is_empty() {
            Ok(cols)
        } else {
            Err(BillError::malformed(
                line_no,
                format!("not an Alipay trade bill: no column {}", missing.join(", ")),
            ))
        }
    }
}

#[derive(Debug, Default)]
struct Sums {
    payments: u64,
    refunds: u64,
    order: NetAmount,
    received: NetAmount,
    fee: NetAmount,
    paid: NetAmount,
    settled: NetAmount,
    refunded: NetAmount,
    net_fee: NetAmount,
}

fn add(sum: &mut NetAmount, v: NetAmount, line: u64) -> Result<(), BillError> {
    *sum = sum
        .checked_add(v)
        .ok_or_else(|| BillError::malformed(line, "the bill's sums overflow"))?;
    Ok(())
}

/// A row's `商家实收` and `服务费` as written.
#[derive(Debug, Clone, Copy)]
struct Written {
    received: NetAmount,
    fee: NetAmount,
}

impl Sums {
    fn count(&mut self, line: &BillLine, w: Written, line_no: u64) -> Result<(), BillError> {
        add(&mut self.received, w.received, line_no)?;
        add(&mut self.fee, w.fee, line_no)?;
        match &line.kind {
            BillLineKind::Payment => {
                self.payments += 1;
                add(&mut self.order, line.order_amount.into(), line_no)?;
                add(&mut self.paid, line.order_amount.into(), line_no)?;
                add(&mut self.settled, line.settlement_amount.into(), line_no)?;
                add(&mut self.net_fee, line.fee.into(), line_no)?;
            }
            BillLineKind::Refund(r) => {
                self.refunds += 1;
                add(&mut self.refunded, r.amount.into(), line_no)?;
                add(
                    &mut self.net_fee,
                    NetAmount::from_fen(-line.fee.fen()),
                    line_no,
                )?;
            }
        }
        Ok(())
    }
}

enum Phase {
    BeforeTable,
    Table(Columns),
    Footer,
    Done(BillTotals),
    Failed,
}

/// The lines of an Alipay trade bill's detail file, parsed one at a time.
pub struct AlipayLines<'a> {
    reader: LineReader<BufReader<Box<dyn Read + Send + 'a>>>,
    detector: Detector,
    phase: Phase,
    account: Option<String>,
    footer: (Option<u64>, Option<u64>),
    sums: Sums,
    summary: Summary,
}

/// The text inside the brackets after `key` (`#账号：[2088…]`).
fn bracketed_after<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let rest = &text[text.find(key)? + key.len()..];
    let open = rest.find('[')?;
    let inner = &rest[open + 1..];
    Some(inner[..inner.find(']')?].trim())
}

/// The count after `key` (`交易合计：12笔`).
fn count_after(text: &str, key: &str) -> Option<u64> {
    let rest = text[text.find(key)? + key.len()..].trim_start_matches([':', '：', ' ']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

impl<'a> AlipayLines<'a> {
    fn new(reader: BufReader<Box<dyn Read + Send + 'a>>, summary: Summary) -> Self {
        Self {
            reader: LineReader::new(reader),
            detector: Detector::default(),
            phase: Phase::BeforeTable,
            account: None,
            footer: (None, None),
            sums: Sums::default(),
            summary,
        }
    }

    /// The encoding detected so far.
    pub fn encoding(&self) -> Option<Encoding> {
        self.detector.encoding()
    }

    /// The merchant account the bill's header names (`2088…`).
    pub fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    fn step(&mut self) -> Result<Option<BillLine>, BillError> {
        loop {
            let Some((line_no, raw)) = self.reader.next_line()? else {
                let totals = self.check()?;
                self.phase = Phase::Done(totals);
                return Ok(None);
            };
            let text = self.detector.decode(raw, line_no)?;
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if text.starts_with('#') {
                match self.phase {
                    Phase::BeforeTable => {
                        if let Some(a) = bracketed_after(text, "账号") {
                            self.account = Some(a.to_owned()).filter(|a| !a.is_empty());
                        }
                    }
                    Phase::Table(_) | Phase::Footer => {
                        self.phase = Phase::Footer;
                        if let Some(n) = count_after(text, FOOTER_PAYMENTS) {
                            self.footer.0 = Some(n);
                        }
                        if let Some(n) = count_after(text, FOOTER_REFUNDS) {
                            self.footer.1 = Some(n);
                        }
                    }
                    Phase::Done(_) | Phase::Failed => {}
                }
                continue;
            }
            let cells = csv_cells(text, line_no)?;
            match &self.phase {
                Phase::BeforeTable => {
                    self.phase = Phase::Table(Columns::find(&cells, line_no)?);
                }
                Phase::Table(cols) => {
                    let (line, written) =
                        parse_row(cols, &cells, self.account.as_deref(), line_no)?;
                    self.sums.count(&line, written, line_no)?;
                    return Ok(Some(line));
                }
                Phase::Footer => {
                    return Err(BillError::malformed(line_no, "a row after the table's end"))
                }
                Phase::Done(_) | Phase::Failed => return Ok(None),
            }
        }
    }

    /// At the end of the detail file: the footer and the summary against the sums.
    fn check(&self) -> Result<BillTotals, BillError> {
        let line_no = self.reader.line_no();
        match self.phase {
            Phase::BeforeTable => return Err(BillError::malformed(line_no, "no table")),
            Phase::Table(_) => {
                return Err(BillError::malformed(
                    line_no,
                    "the bill ends without its footer (truncated?)",
                ))
            }
            Phase::Footer | Phase::Done(_) | Phase::Failed => {}
        }
        let s = &self.sums;
        let (Some(footer_payments), Some(footer_refunds)) = self.footer else {
            return Err(BillError::malformed(
                line_no,
                "the footer does not state 交易合计 and 退款合计",
            ));
        };
        let m = &self.summary;
        let counts = [
            (FOOTER_PAYMENTS, footer_payments, s.payments),
            (FOOTER_REFUNDS, footer_refunds, s.refunds),
            ("交易订单总笔数", m.payments, s.payments),
            ("退款订单总笔数", m.refunds, s.refunds),
        ];
        for (label, stated, computed) in counts {
            if stated != computed {
                return Err(BillError::TotalsMismatch {
                    label: label.to_owned(),
                    stated: Figure::Count(stated),
                    computed: Figure::Count(computed),
                });
            }
        }
        let net = s
            .received
            .checked_add(s.fee)
            .ok_or_else(|| BillError::malformed(line_no, "the bill's sums overflow"))?;
        let mut money = vec![
            ("订单金额（元）", m.order, s.order),
            ("商家实收（元）", m.received, s.received),
            ("服务费（元）", m.fee, s.fee),
        ];
        if let Some(stated_net) = m.net {
            money.push(("实收净额（元）", stated_net, net));
        }
        for (label, stated, computed) in money {
            if stated != computed {
                return Err(BillError::TotalsMismatch {
                    label: label.to_owned(),
                    stated: Figure::Money(stated),
                    computed: Figure::Money(computed),
                });
            }
        }
        let amount = |n: NetAmount, what: &str| {
            n.non_negative()
                .ok_or_else(|| BillError::malformed(line_no, format!("negative {what}")))
        };
        let mut stated = vec![
            (FOOTER_PAYMENTS.to_owned(), footer_payments.to_string()),
            (FOOTER_REFUNDS.to_owned(), footer_refunds.to_string()),
        ];
        stated.extend(m.stated.iter().cloned());
        Ok(BillTotals {
            payments: s.payments,
            refunds: s.refunds,
            paid_amount: amount(s.paid, "paid total")?,
            settlement_amount: amount(s.settled, "settlement total")?,
            refunded_amount: amount(s.refunded, "refunded total")?,
            net_fee: s.net_fee,
            stated,
        })
    }

    /// Reads the remaining lines and returns the checked totals.
    pub fn finish(mut self) -> Result<BillTotals, BillError> {
        while let Some(line) = LineSource::next_line(&mut self) {
            line?;
        }
        match self.phase {
            Phase::Done(t) => Ok(t),
            _ => Err(BillError::malformed(0, "the bill failed")),
        }
    }
}

fn parse_row(
    cols: &Columns,
    cells: &[String],
    account: Option<&str>,
    line_no: u64,
) -> Result<(BillLine, Written), BillError> {
    let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
    let bad = |what: &str, v: &str| BillError::malformed(line_no, format!("{what}: {v:?}"));
    let figure = |i: usize, what: &str| parse_yuan(cell(i)).ok_or_else(|| bad(what, cell(i)));
    let time = match cell(cols.finished) {
        "" => cols.created.map(cell).and_then(parse_beijing_time),
        t => parse_beijing_time(t),
    }
    .ok_or_else(|| bad("完成时间 is not a time", cell(cols.finished)))?;
    let trade_no = cell(cols.trade_no);
    let out_trade_no = cell(cols.out_trade_no);
    if trade_no.is_empty() || out_trade_no.is_empty() {
        return Err(BillError::malformed(
            line_no,
            "a row without 支付宝交易号 or 商户订单号",
        ));
    }
    let order_amount = parse_amount(cell(cols.order))
        .ok_or_else(|| bad("订单金额 is not an amount", cell(cols.order)))?;
    let received = figure(cols.received, "商家实收 is not an amount")?;
    let fee_written = figure(cols.fee, "服务费 is not an amount")?;
    let fee = NetAmount::from_fen(fee_written.fen().abs())
        .non_negative()
        .ok_or_else(|| bad("服务费 out of range", cell(cols.fee)))?;
    let (kind, trade_state, settlement_amount) = match cell(cols.kind) {
        PAYMENT => {
            let settlement = received
                .non_negative()
                .ok_or_else(|| bad("a trade's 商家实收 is negative", cell(cols.received)))?;
            (BillLineKind::Payment, BillTradeState::Success, settlement)
        }
        REFUND => {
            let amount = received
                .checked_neg()
                .and_then(NetAmount::non_negative)
                .ok_or_else(|| bad("a refund's 商家实收 is positive", cell(cols.received)))?;
            let out_refund_no = cell(cols.refund_no);
            if out_refund_no.is_empty() {
                return Err(BillError::malformed(
                    line_no,
                    "a refund row without 退款批次号/请求号",
                ));
            }
            let refund = BillRefund {
                out_refund_no: out_refund_no.to_owned(),
                provider_refund_no: None,
                amount,
                settled_amount: amount,
                state: BillRefundState::Succeeded,
            };
            (
                BillLineKind::Refund(refund),
                BillTradeState::Refund,
                paycenter_domain::Amount::ZERO,
            )
        }
        other => return Err(bad("unknown 业务类型", other)),
    };
    let written = Written {
        received,
        fee: fee_written,
    };
    let line = BillLine {
        line_no,
        kind,
        time,
        app_id: None,
        merchant_id: account.map(str::to_owned),
        out_trade_no: out_trade_no.to_owned(),
        provider_trade_no: trade_no.to_owned(),
        trade_type: None,
        product: None,
        subject: cell(cols.subject).to_owned(),
        trade_state,
        order_amount,
        settlement_amount,
        fee,
        fee_rate: None,
        attach: None,
        payer: cols
            .counterparty
            .map(cell)
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
    };
    Ok((line, written))
}

impl LineSource for AlipayLines<'_> {
    fn next_line(&mut self) -> Option<Result<BillLine, BillError>> {
        match self.phase {
            Phase::Done(_) | Phase::Failed => return None,
            Phase::BeforeTable | Phase::Table(_) | Phase::Footer => {}
        }
        match self.step() {
            Ok(Some(line)) => Some(Ok(line)),
            Ok(None) => None,
            Err(e) => {
                self.phase = Phase::Failed;
                Some(Err(e))
            }
        }
    }

    fn totals(&self) -> Option<&BillTotals> {
        match &self.phase {
            Phase::Done(t) => Some(t),
            _ => None,
        }
    }
}

impl Iterator for AlipayLines<'_> {
    type Item = Result<BillLine, BillError>;
    fn next(&mut self) -> Option<Self::Item> {
        LineSource::next_line(self)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing (the sandbox's bills, test fixtures)

/// One row to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub trade_no: String,
    pub out_trade_no: String,
    /// `Some(out_request_no)` for a `退款` row.
    pub refund_no: Option<String>,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// `对方账户`.
    pub counterparty: String,
    /// `订单金额（元）` in fen.
    pub order_fen: i64,
    /// `商家实收（元）` in fen, as written (a refund's is negative).
    pub received_fen: i64,
    /// `服务费（元）` in fen, as written (charged: negative; returned: positive).
    pub fee_fen: i64,
}

/// How the files are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileEncoding {
    /// GBK content and GBK entry names (no UTF-8 flag), as Alipay commonly sends.
    Gbk,
    /// UTF-8 content and names (UTF-8 flag set), with or without a BOM.
    Utf8 { bom: bool },
}

/// What names the bill.
#[derive(Debug, Clone)]
pub struct BillHeader {
    /// The merchant's account (`2088…`).
    pub account: String,
    pub date: NaiveDate,
    pub exported_at: DateTime<Utc>,
}

fn yuan(fen: i64) -> String {
    NetAmount::from_fen(fen).to_yuan()
}

fn cn_time(t: NaiveDateTime) -> String {
    t.format("%Y年%m月%d日 %H:%M:%S").to_string()
}

/// A CSV cell: quoted when it holds a comma, quote or line break.
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"").replace(['\r', '\n'], " "))
    } else {
        s.to_owned()
    }
}

fn preamble(out: &mut String, title: &str, list: &str, h: &BillHeader) {
    let start = h.date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = start + TimeDelta::days(1);
    out.push_str(&format!("#{title}\r\n#账号：[{}]\r\n", h.account));
    out.push_str(&format!(
        "#起始日期：[{}]   终止日期：[{}]\r\n",
        cn_time(start),
        cn_time(end)
    ));
    out.push_str(&format!(
        "#-----------------------------------------{list}----------------------------------------\r\n"
    ));
}

fn closing(out: &mut String, list: &str) {
    out.push_str(&format!(
        "#-----------------------------------------{list}结束------------------------------------\r\n"
    ));
}

fn exported(out: &mut String, h: &BillHeader) {
    out.push_str(&format!(
        "#导出时间：[{}]\r\n",
        cn_time((h.exported_at + BEIJING).naive_utc())
    ));
}

/// The detail file's text.
pub fn detail_csv(h: &BillHeader, rows: &[Row]) -> String {
    let mut out = String::new();
    preamble(&mut out, "支付宝业务明细查询", "业务明细列表", h);
    out.push_str(&DETAIL_HEADER.join(","));
    out.push_str("\r\n");
    let time = format_beijing_time;
    for r in rows {
        let kind = if r.refund_no.is_some() {
            REFUND
        } else {
            PAYMENT
        };
        let cells = [
            format!("{}\t", r.trade_no),
            format!("{}\t", csv_cell(&r.out_trade_no)),
            kind.to_owned(),
            csv_cell(&r.subject),
            time(r.created_at),
            time(r.finished_at),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            csv_cell(&r.counterparty),
            yuan(r.order_fen),
            yuan(r.received_fen),
            yuan(0),
            yuan(0),
            yuan(0),
            yuan(0),
            yuan(0),
            String::new(),
            yuan(0),
            yuan(0),
            r.refund_no
                .as_deref()
                .map(|n| format!("{}\t", csv_cell(n)))
                .unwrap_or_default(),
            yuan(r.fee_fen),
            yuan(0),
            String::new(),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    closing(&mut out, "业务明细列表");
    let refunds = rows.iter().filter(|r| r.refund_no.is_some()).count();
    out.push_str(&format!(
        "#{FOOTER_PAYMENTS}：{}笔，{FOOTER_REFUNDS}：{}笔\r\n",
        rows.len() - refunds,
        refunds
    ));
    exported(&mut out, h);
    out
}

/// The summary file's text (one row for the store-less merchant, and 合计).
pub fn summary_csv(h: &BillHeader, rows: &[Row]) -> String {
    let payments = rows.iter().filter(|r| r.refund_no.is_none());
    let order: i64 = payments.clone().map(|r| r.order_fen).sum();
    let received: i64 = rows.iter().map(|r| r.received_fen).sum();
    let fee: i64 = rows.iter().map(|r| r.fee_fen).sum();
    let refunds = rows.len() - payments.count();
    let figures = |store: &str| {
        [
            store.to_owned(),
            String::new(),
            (rows.len() - refunds).to_string(),
            refunds.to_string(),
            yuan(order),
            yuan(received),
            yuan(0),
            yuan(0),
            yuan(0),
            yuan(fee),
            yuan(0),
            yuan(received + fee),
        ]
        .join(",")
    };
    let mut out = String::new();
    preamble(&mut out, "支付宝业务汇总查询", "业务汇总列表", h);
    out.push_str(&SUMMARY_HEADER.join(","));
    out.push_str("\r\n");
    out.push_str(&figures(""));
    out.push_str("\r\n");
    out.push_str(&figures(TOTAL_ROW));
    out.push_str("\r\n");
    closing(&mut out, "业务汇总列表");
    exported(&mut out, h);
    out
}

fn encode(text: &str, enc: FileEncoding) -> Vec<u8> {
    match enc {
        FileEncoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        FileEncoding::Utf8 { bom: true } => {
            let mut v = b"\xEF\xBB\xBF".to_vec();
            v.extend_from_slice(text.as_bytes());
            v
        }
        FileEncoding::Utf8 { bom: false } => text.as_bytes().to_vec(),
    }
}

/// The bill zip: the detail and summary files, encoded as asked.
pub fn bill_zip(h: &BillHeader, rows: &[Row], enc: FileEncoding) -> Vec<u8> {
    let day = h.date.format("%Y%m%d");
    let name = |suffix: &str| encode(&format!("{}_{day}{suffix}", h.account), enc);
    let utf8 = matches!(enc, FileEncoding::Utf8 { .. });
    let files = [
        (name(DETAIL_SUFFIX), encode(&detail_csv(h, rows), enc)),
        (name(SUMMARY_SUFFIX), encode(&summary_csv(h, rows), enc)),
    ];
    let mut zip = ZipWriter::new((h.exported_at + BEIJING).naive_utc());
    for (name, data) in &files {
        zip.add(name, utf8, data);
    }
    zip.finish()
}

/// A minimal zip writer (deflated entries, raw entry names): the `zip` crate writes names as UTF-8
/// only, and Alipay's are GBK without the UTF-8 flag.
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
    dos_time: u16,
    dos_date: u16,
}

impl ZipWriter {
    pub fn new(modified: NaiveDateTime) -> Self {
        use chrono::{Datelike, Timelike};
        let year = u16::try_from(modified.year().clamp(1980, 2107) - 1980).unwrap_or(0);
        let dos_date = (year << 9) | ((modified.month() as u16) << 5) | modified.day() as u16;
        let dos_time = ((modified.hour() as u16) << 11)
            | ((modified.minute() as u16) << 5)
            | (modified.second() as u16 / 2);
        Self {
            out: Vec::new(),
            central: Vec::new(),
            count: 0,
            dos_time,
            dos_date,
        }
    }

    /// Adds a deflated entry. Entries and the archive stay far below the 4 GiB of plain zip.
    pub fn add(&mut self, name: &[u8], utf8_name: bool, data: &[u8]) {
        let mut enc =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = enc.write_all(data);
        let compressed = enc.finish().unwrap_or_default();
        let crc = crc32fast::hash(data);
        let flags: u16 = if utf8_name { 1 << 11 } else { 0 };
        let offset = u32::try_from(self.out.len()).unwrap_or(u32::MAX);
        let csize = u32::try_from(compressed.len()).unwrap_or(u32::MAX);
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
        let name = &name[..usize::from(name_len)];
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
            v.extend_from_slice(&flags.to_le_bytes());
            v.extend_from_slice(&8u16.to_le_bytes()); // deflate
            v.extend_from_slice(&self.dos_time.to_le_bytes());
            v.extend_from_slice(&self.dos_date.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&csize.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&name_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut self.out);
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(&compressed);

        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0, MS-DOS
        common(&mut self.central);
        self.central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        self.central.extend_from_slice(&0u16.to_le_bytes()); // disk number
        self.central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        self.central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name);
        self.count = self.count.saturating_add(1);
    }

    pub fn finish(mut self) -> Vec<u8> {
        let offset = u32::try_from(self.out.len()).unwrap_or(u32::MAX);
        let size = u32::try_from(self.central.len()).unwrap_or(u32::MAX);
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes()); // this disk
        self.out.extend_from_slice(&0u16.to_le_bytes()); // central directory's disk
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&offset.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        self.out
    }
}

/// Reads a whole entry by name (tests, tools): the detail or summary text as bytes.
pub fn entry_bytes(zip: &[u8], suffix: &str) -> Result<Vec<u8>, BillError> {
    let all = entries(zip)?;
    let e = all
        .iter()
        .find(|e| base_name(&e.name).ends_with(suffix))
        .ok_or_else(|| BillError::malformed(0, format!("no *{suffix} file")))?;
    let mut out = Vec::new();
    entry_reader(zip, e)
        .read_to_end(&mut out)
        .map_err(|err| io_error(err, 0))?;
    Ok(out)
}

/// The entry names of a zip as decoded (tests, tools).
pub fn entry_names(zip: &[u8]) -> Result<Vec<String>, BillError> {
    Ok(entries(zip)?.into_iter().map(|e| e.name).collect())
}
