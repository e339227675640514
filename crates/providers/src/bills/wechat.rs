//! The WeChat Pay trade bill (`bill_type=ALL`): what v2 `pay/downloadbill` returns and what v3
//! `tradebill`'s `download_url` serves.
//!
//! Format (the public sample `tests/vectors/v3-and-bills/wxpay_v3_tradebill_sample.ALL.csv`, the
//! v2/v3 docs): UTF-8 with a BOM; a header row of Chinese column names ([`HEADER`]); one row per
//! payment or refund whose every cell starts with a backtick (so spreadsheets keep long numbers as
//! text); then a totals header ([`TOTALS_HEADER`]) and one row of totals, also backticked. Amounts
//! are yuan with two decimals, except `手续费`, written with five (`0.01000`): anything past the
//! fen must be zero. Times are Beijing time. Refund rows carry `交易状态` REFUND, the refund numbers,
//! `退款金额`/`申请退款金额`, and 0.00 as `应结订单金额`/`订单金额`; their `手续费` is the fee
//! returned, written negative. Numbers that do not apply are written `0` (`微信退款单号` on a
//! payment row).
//!
//! Columns are found by name; a bill missing one this parser needs is refused. Rows are split on
//! `,` followed by a backtick, so a comma inside a product name does not shift the columns.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use chrono::{DateTime, Utc};

use super::text::{
    format_beijing_time, header_key, parse_beijing_time, parse_count, parse_yuan, LineReader,
};
use super::{
    BillError, BillLine, BillLineKind, BillRefund, BillRefundState, BillTotals, BillTradeState,
    Figure, LineSource, NetAmount,
};
use paycenter_domain::Product;

/// The column names of the trade bill, in WeChat's order.
pub const HEADER: [&str; 27] = [
    "交易时间",
    "公众账号ID",
    "商户号",
    "特约商户号",
    "设备号",
    "微信订单号",
    "商户订单号",
    "用户标识",
    "交易类型",
    "交易状态",
    "付款银行",
    "货币种类",
    "应结订单金额",
    "代金券金额",
    "微信退款单号",
    "商户退款单号",
    "退款金额",
    "充值券退款金额",
    "退款类型",
    "退款状态",
    "商品名称",
    "商户数据包",
    "手续费",
    "费率",
    "订单金额",
    "申请退款金额",
    "费率备注",
];

/// The labels of the totals block, in WeChat's order.
pub const TOTALS_HEADER: [&str; 7] = [
    "总交易单数",
    "应结订单总金额",
    "退款总金额",
    "充值券退款总金额",
    "手续费总金额",
    "订单总金额",
    "申请退款总金额",
];

/// Where each column this parser reads sits in the header.
#[derive(Debug)]
struct Columns {
    count: usize,
    time: usize,
    app_id: usize,
    mch_id: usize,
    transaction_id: usize,
    out_trade_no: usize,
    trade_type: usize,
    trade_state: usize,
    settlement: usize,
    refund_id: usize,
    out_refund_no: usize,
    refund: usize,
    refund_state: usize,
    subject: usize,
    fee: usize,
    order: usize,
    applied_refund: usize,
    coupon_refund: Option<usize>,
    openid: Option<usize>,
    attach: Option<usize>,
    fee_rate: Option<usize>,
}

impl Columns {
    fn find(header: &str) -> Result<Self, BillError> {
        let names: Vec<String> = header.split(',').map(header_key).collect();
        let index: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut missing = Vec::new();
        let mut need = |name: &'static str| match index.get(name) {
            Some(i) => *i,
            None => {
                missing.push(name);
                0
            }
        };
        let cols = Columns {
            count: names.len(),
            time: need("交易时间"),
            app_id: need("公众账号ID"),
            mch_id: need("商户号"),
            transaction_id: need("微信订单号"),
            out_trade_no: need("商户订单号"),
            trade_type: need("交易类型"),
            trade_state: need("交易状态"),
            settlement: need("应结订单金额"),
            refund_id: need("微信退款单号"),
            out_refund_no: need("商户退款单号"),
            refund: need("退款金额"),
            refund_state: need("退款状态"),
            subject: need("商品名称"),
            fee: need("手续费"),
            order: need("订单金额"),
            applied_refund: need("申请退款金额"),
            coupon_refund: index.get("充值券退款金额").copied(),
            openid: index.get("用户标识").copied(),
            attach: index.get("商户数据包").copied(),
            fee_rate: index.get("费率").copied(),
        };
        if missing.is_empty() {
            Ok(cols)
        } else {
            Err(BillError::malformed(
                1,
                format!("not a WeChat trade bill: no column {}", missing.join(", ")),
            ))
        }
    }
}

/// The cells of a backticked row (WeChat's data and totals rows).
fn row_cells(line: &str) -> Vec<&str> {
    match line.trim_end().strip_prefix('`') {
        Some(rest) => rest.split(",`").map(str::trim).collect(),
        None => line.split(',').map(str::trim).collect(),
    }
}

/// The sums of the columns WeChat totals, over every row as written.
#[derive(Debug, Default)]
struct Sums {
    rows: u64,
    settlement: NetAmount,
    refund: NetAmount,
    coupon_refund: NetAmount,
    fee: NetAmount,
    order: NetAmount,
    applied_refund: NetAmount,
    // Neutral totals.
    payments: u64,
    refunds: u64,
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

/// A "no value" cell: empty, or WeChat's `0` for a number that does not apply.
fn absent(v: &str) -> bool {
    v.is_empty() || v == "0"
}

enum State {
    Lines,
    Done(BillTotals),
    Failed,
}

/// The lines of a WeChat trade bill read from `R`, parsed one at a time.
pub struct WechatLines<R> {
    reader: LineReader<R>,
    cols: Columns,
    sums: Sums,
    state: State,
}

impl<R: BufRead> WechatLines<R> {
    /// Reads the header row.
    pub fn new(reader: R) -> Result<Self, BillError> {
        let mut reader = LineReader::new(reader);
        let (_, header) = reader
            .next_line()?
            .ok_or_else(|| BillError::malformed(0, "empty bill"))?;
        let header =
            std::str::from_utf8(header).map_err(|_| BillError::malformed(1, "not valid UTF-8"))?;
        let header = header.strip_prefix('\u{feff}').unwrap_or(header);
        let cols = Columns::find(header)?;
        Ok(Self {
            reader,
            cols,
            sums: Sums::default(),
            state: State::Lines,
        })
    }

    /// The totals once the lines are exhausted and checked.
    pub fn totals(&self) -> Option<&BillTotals> {
        match &self.state {
            State::Done(t) => Some(t),
            State::Lines | State::Failed => None,
        }
    }

    /// Reads the remaining lines and returns the checked totals.
    pub fn finish(mut self) -> Result<BillTotals, BillError> {
        while let Some(line) = self.next_line() {
            line?;
        }
        match self.state {
            State::Done(t) => Ok(t),
            State::Lines | State::Failed => Err(BillError::malformed(0, "the bill failed")),
        }
    }

    fn step(&mut self) -> Result<Option<BillLine>, BillError> {
        loop {
            let Some((line_no, raw)) = self.reader.next_line()? else {
                return Err(BillError::malformed(
                    self.reader.line_no(),
                    "the bill ends without its totals block (truncated?)",
                ));
            };
            let text = std::str::from_utf8(raw)
                .map_err(|_| BillError::malformed(line_no, "not valid UTF-8"))?;
            if text.trim().is_empty() {
                continue;
            }
            if text.trim_start().starts_with(TOTALS_HEADER[0]) {
                let labels: Vec<String> = text.split(',').map(header_key).collect();
                let totals = self.read_totals(&labels)?;
                self.state = State::Done(totals);
                return Ok(None);
            }
            let cells = row_cells(text);
            let (line, figures) = parse_row(&self.cols, &cells, line_no)?;
            self.sums.count(&line, figures, line_no)?;
            return Ok(Some(line));
        }
    }

    /// Reads the totals row after its header and checks it; then only blank lines may follow.
    fn read_totals(&mut self, labels: &[String]) -> Result<BillTotals, BillError> {
        let (line_no, values): (u64, Vec<String>) = loop {
            let Some((line_no, raw)) = self.reader.next_line()? else {
                return Err(BillError::malformed(
                    self.reader.line_no(),
                    "the totals block has no figures",
                ));
            };
            let text = std::str::from_utf8(raw)
                .map_err(|_| BillError::malformed(line_no, "not valid UTF-8"))?;
            if !text.trim().is_empty() {
                break (
                    line_no,
                    row_cells(text).into_iter().map(str::to_owned).collect(),
                );
            }
        };
        if values.len() != labels.len() {
            return Err(BillError::malformed(
                line_no,
                format!(
                    "the totals block has {} labels and {} figures",
                    labels.len(),
                    values.len()
                ),
            ));
        }
        let stated: Vec<(String, String)> = labels.iter().cloned().zip(values).collect();
        let get = |label: &str| -> Result<&str, BillError> {
            stated
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| BillError::malformed(line_no, format!("the totals lack {label}")))
        };
        let s = &self.sums;
        let count_label = TOTALS_HEADER[0];
        let count = parse_count(get(count_label)?).ok_or_else(|| {
            BillError::malformed(line_no, format!("{count_label} is not a count"))
        })?;
        if count != s.rows {
            return Err(BillError::TotalsMismatch {
                label: count_label.to_owned(),
                stated: Figure::Count(count),
                computed: Figure::Count(s.rows),
            });
        }
        for (label, computed) in [
            (TOTALS_HEADER[1], s.settlement),
            (TOTALS_HEADER[2], s.refund),
            (TOTALS_HEADER[3], s.coupon_refund),
            (TOTALS_HEADER[4], s.fee),
            (TOTALS_HEADER[5], s.order),
            (TOTALS_HEADER[6], s.applied_refund),
        ] {
            let raw = get(label)?;
            let value = parse_yuan(raw).ok_or_else(|| {
                BillError::malformed(line_no, format!("{label} is not an amount: {raw:?}"))
            })?;
            if value != computed {
                return Err(BillError::TotalsMismatch {
                    label: label.to_owned(),
                    stated: Figure::Money(value),
                    computed: Figure::Money(computed),
                });
            }
        }
        // Nothing but blank lines may follow the totals.
        while let Some((n, raw)) = self.reader.next_line()? {
            if !raw.iter().all(u8::is_ascii_whitespace) {
                return Err(BillError::malformed(n, "text after the totals block"));
            }
        }
        let amount = |n: NetAmount, what: &str| {
            n.non_negative()
                .ok_or_else(|| BillError::malformed(line_no, format!("negative {what}")))
        };
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
}

/// A row's totalled figures as written.
#[derive(Debug, Clone, Copy)]
struct Figures {
    settlement: NetAmount,
    refund: NetAmount,
    coupon_refund: NetAmount,
    fee: NetAmount,
    order: NetAmount,
    applied_refund: NetAmount,
}

impl Sums {
    fn count(&mut self, line: &BillLine, f: Figures, line_no: u64) -> Result<(), BillError> {
        self.rows += 1;
        add(&mut self.settlement, f.settlement, line_no)?;
        add(&mut self.refund, f.refund, line_no)?;
        add(&mut self.coupon_refund, f.coupon_refund, line_no)?;
        add(&mut self.fee, f.fee, line_no)?;
        add(&mut self.order, f.order, line_no)?;
        add(&mut self.applied_refund, f.applied_refund, line_no)?;
        match &line.kind {
            BillLineKind::Payment => {
                self.payments += 1;
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

/// One data row.
fn parse_row(
    cols: &Columns,
    cells: &[&str],
    line_no: u64,
) -> Result<(BillLine, Figures), BillError> {
    if cells.len() != cols.count {
        return Err(BillError::malformed(
            line_no,
            format!(
                "{} cells where the header has {} columns",
                cells.len(),
                cols.count
            ),
        ));
    }
    let bad = |what: &str, v: &str| BillError::malformed(line_no, format!("{what}: {v:?}"));
    let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
    let opt = |i: Option<usize>| i.map(cell).filter(|v| !v.is_empty()).map(str::to_owned);
    let figure = |i: usize, what: &str| parse_yuan(cell(i)).ok_or_else(|| bad(what, cell(i)));
    let amount =
        |v: NetAmount, i: usize, what: &str| v.non_negative().ok_or_else(|| bad(what, cell(i)));
    let figures = Figures {
        settlement: figure(cols.settlement, "应结订单金额 is not an amount")?,
        refund: figure(cols.refund, "退款金额 is not an amount")?,
        coupon_refund: match cols.coupon_refund {
            Some(i) if !cell(i).is_empty() => figure(i, "充值券退款金额 is not an amount")?,
            Some(_) | None => NetAmount::ZERO,
        },
        fee: figure(cols.fee, "手续费 is not an amount")?,
        order: figure(cols.order, "订单金额 is not an amount")?,
        applied_refund: figure(cols.applied_refund, "申请退款金额 is not an amount")?,
    };

    let time = parse_beijing_time(cell(cols.time))
        .ok_or_else(|| bad("交易时间 is not a time", cell(cols.time)))?;
    let out_trade_no = cell(cols.out_trade_no);
    let transaction_id = cell(cols.transaction_id);
    if out_trade_no.is_empty() || transaction_id.is_empty() {
        return Err(BillError::malformed(
            line_no,
            "a row without 商户订单号 or 微信订单号",
        ));
    }
    let fee = figures.fee;
    let (trade_state, kind, fee) = match cell(cols.trade_state) {
        state @ ("SUCCESS" | "REVOKED") => {
            let fee = fee
                .non_negative()
                .ok_or_else(|| bad("a payment's 手续费 is negative", cell(cols.fee)))?;
            let trade_state = if state == "SUCCESS" {
                BillTradeState::Success
            } else {
                BillTradeState::Revoked
            };
            (trade_state, BillLineKind::Payment, fee)
        }
        "REFUND" => {
            // The fee returned is written negative (or zero).
            let returned = fee
                .checked_neg()
                .and_then(NetAmount::non_negative)
                .ok_or_else(|| bad("a refund's 手续费 is positive", cell(cols.fee)))?;
            let refund_id = cell(cols.refund_id);
            let out_refund_no = cell(cols.out_refund_no);
            if absent(refund_id) || absent(out_refund_no) {
                return Err(BillError::malformed(
                    line_no,
                    "a refund row without 微信退款单号 or 商户退款单号",
                ));
            }
            let state = match cell(cols.refund_state) {
                "SUCCESS" => BillRefundState::Succeeded,
                "PROCESSING" => BillRefundState::Processing,
                "REFUNDCLOSE" | "CLOSED" => BillRefundState::Closed,
                "CHANGE" | "ABNORMAL" => BillRefundState::Abnormal,
                other => return Err(bad("unknown 退款状态", other)),
            };
            let refund = BillRefund {
                out_refund_no: out_refund_no.to_owned(),
                provider_refund_no: Some(refund_id.to_owned()),
                amount: amount(
                    figures.applied_refund,
                    cols.applied_refund,
                    "negative 申请退款金额",
                )?,
                settled_amount: amount(figures.refund, cols.refund, "negative 退款金额")?,
                state,
            };
            (
                BillTradeState::Refund,
                BillLineKind::Refund(refund),
                returned,
            )
        }
        other => return Err(bad("unknown 交易状态", other)),
    };
    let trade_type = cell(cols.trade_type);
    let line = BillLine {
        line_no,
        kind,
        time,
        app_id: Some(cell(cols.app_id))
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        merchant_id: Some(cell(cols.mch_id))
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        out_trade_no: out_trade_no.to_owned(),
        provider_trade_no: transaction_id.to_owned(),
        trade_type: Some(trade_type)
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        product: product_of(trade_type),
        subject: cell(cols.subject).to_owned(),
        trade_state,
        order_amount: amount(figures.order, cols.order, "negative 订单金额")?,
        settlement_amount: amount(figures.settlement, cols.settlement, "negative 应结订单金额")?,
        fee,
        fee_rate: opt(cols.fee_rate),
        attach: opt(cols.attach),
        payer: opt(cols.openid),
    };
    Ok((line, figures))
}

/// WeChat Pay v3's `tradebill` refusals in bill terms (`code` of a 4xx `{code, message}` body):
/// `STATEMENT_CREATING` is [`BillError::NotReady`], `NO_STATEMENT_EXIST` is "no trades" (final only
/// once the day's bills are due, [`super::missing_bill`]). Other codes are not about the bill.
pub fn v3_refusal(
    code: &str,
    message: &str,
    date: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Option<BillError> {
    match code {
        "STATEMENT_CREATING" => Some(BillError::NotReady {
            provider_code: code.to_owned(),
            message: message.to_owned(),
        }),
        "NO_STATEMENT_EXIST" => Some(super::missing_bill(
            super::NoBillReason::NoTrades,
            code,
            message,
            date,
            now,
        )),
        _ => None,
    }
}

/// A WeChat `trade_type` in our terms.
pub fn product_of(trade_type: &str) -> Option<Product> {
    match trade_type {
        "JSAPI" => Some(Product::Jsapi),
        "APP" => Some(Product::App),
        "NATIVE" => Some(Product::Qr),
        "MWEB" => Some(Product::H5),
        _ => None,
    }
}

impl<R: BufRead> LineSource for WechatLines<R> {
    fn next_line(&mut self) -> Option<Result<BillLine, BillError>> {
        match self.state {
            State::Lines => {}
            State::Done(_) | State::Failed => return None,
        }
        match self.step() {
            Ok(Some(line)) => Some(Ok(line)),
            Ok(None) => None,
            Err(e) => {
                self.state = State::Failed;
                Some(Err(e))
            }
        }
    }

    fn totals(&self) -> Option<&BillTotals> {
        WechatLines::totals(self)
    }
}

impl<R: BufRead> Iterator for WechatLines<R> {
    type Item = Result<BillLine, BillError>;
    fn next(&mut self) -> Option<Self::Item> {
        LineSource::next_line(self)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing (the sandbox's bills, test fixtures)

/// What a row says beyond the trade: a payment, or a refund of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Payment {
        /// The order amount in fen.
        total_fen: i64,
    },
    Refund {
        refund_id: String,
        out_refund_no: String,
        refund_fen: i64,
    },
}

/// One row to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub time: DateTime<Utc>,
    pub app_id: String,
    pub mch_id: String,
    pub transaction_id: String,
    pub out_trade_no: String,
    pub openid: String,
    pub trade_type: String,
    pub kind: RowKind,
    pub subject: String,
    pub attach: String,
    /// The fee charged (payment) or returned (refund), in fen, non-negative.
    pub fee_fen: i64,
    /// As written in `费率`, e.g. `0.60%`.
    pub fee_rate: String,
}

/// Yuan with two decimals (`-0.01`).
fn yuan(fen: i64) -> String {
    NetAmount::from_fen(fen).to_yuan()
}

/// Free text made safe for a backticked row.
fn text_cell(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\r' | '\n' => ' ',
            '`' => '\'',
            c => c,
        })
        .collect()
}

/// A totals figure as WeChat prints them: `45.0`, `0.47`, `0.1`.
fn total_figure(fen: i64) -> String {
    let s = yuan(fen);
    match s.strip_suffix('0') {
        Some(t) if !t.ends_with('.') => t.to_owned(),
        _ => s,
    }
}

/// Writes a trade bill row by row: the BOM and header first, the totals at [`finish`](Self::finish).
pub struct WechatBillWriter<W: Write> {
    out: W,
    rows: u64,
    settlement: i64,
    refund: i64,
    fee: i64,
    order: i64,
}

impl<W: Write> WechatBillWriter<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        out.write_all(HEADER.join(",").as_bytes())?;
        out.write_all(b"\r\n")?;
        Ok(Self {
            out,
            rows: 0,
            settlement: 0,
            refund: 0,
            fee: 0,
            order: 0,
        })
    }

    /// The output written so far (a streaming consumer may drain it between rows).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    pub fn row(&mut self, r: &Row) -> io::Result<()> {
        let time = format_beijing_time(r.time);
        let (
            state,
            settlement,
            refund_id,
            out_refund_no,
            refund,
            refund_type,
            refund_state,
            fee,
            order,
        ) = match &r.kind {
            RowKind::Payment { total_fen } => (
                "SUCCESS", *total_fen, "0", "0", 0, "", "", r.fee_fen, *total_fen,
            ),
            RowKind::Refund {
                refund_id,
                out_refund_no,
                refund_fen,
            } => (
                "REFUND",
                0,
                refund_id.as_str(),
                out_refund_no.as_str(),
                *refund_fen,
                "ORIGINAL",
                "SUCCESS",
                -r.fee_fen,
                0,
            ),
        };
        let fee_cell = if fee == 0 {
            "0.00000".to_owned()
        } else {
            format!("{}000", yuan(fee))
        };
        let mut line = String::with_capacity(320);
        let mut put = |text: &str, free: bool| {
            if !line.is_empty() {
                line.push(',');
            }
            line.push('`');
            if free && text.contains(['\r', '\n', '`']) {
                line.push_str(&text_cell(text));
            } else {
                line.push_str(text);
            }
        };
        put(&time, false);
        put(&r.app_id, true);
        put(&r.mch_id, true);
        put("0", false);
        put("", false);
        put(&r.transaction_id, true);
        put(&r.out_trade_no, true);
        put(&r.openid, true);
        put(&r.trade_type, true);
        put(state, false);
        put("OTHERS", false);
        put("CNY", false);
        put(&yuan(settlement), false);
        put("0.00", false);
        put(refund_id, true);
        put(out_refund_no, true);
        put(&yuan(refund), false);
        put("0.00", false);
        put(refund_type, false);
        put(refund_state, false);
        put(&r.subject, true);
        put(&r.attach, true);
        put(&fee_cell, false);
        put(&r.fee_rate, true);
        put(&yuan(order), false);
        put(&yuan(refund), false);
        put("", false);
        line.push_str("\r\n");
        self.out.write_all(line.as_bytes())?;
        self.rows += 1;
        self.settlement += settlement;
        self.refund += refund;
        self.fee += fee;
        self.order += order;
        Ok(())
    }

    /// Writes the totals block and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(TOTALS_HEADER.join(",").as_bytes())?;
        self.out.write_all(b"\r\n")?;
        let figures = [
            format!("{}.0", self.rows),
            total_figure(self.settlement),
            total_figure(self.refund),
            total_figure(0),
            total_figure(self.fee),
            total_figure(self.order),
            total_figure(self.refund),
        ];
        let line: Vec<String> = figures.iter().map(|f| format!("`{f}")).collect();
        self.out.write_all(line.join(",").as_bytes())?;
        self.out.write_all(b"\r\n")?;
        Ok(self.out)
    }
}

/// The fee on `amount_fen` at `rate_per_ten_thousand` (60 = 0.60%), rounded half up to the fen.
pub fn fee_at(amount_fen: i64, rate_per_ten_thousand: i64) -> i64 {
    (amount_fen * rate_per_ten_thousand + 5_000) / 10_000
}
