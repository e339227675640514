//! Bill parsing on the public WeChat sample, on bills written by the writers (both Alipay
//! encodings), on damaged bills, and a 100,000-line bill streamed without being held.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufReader, Read, Write};

use chrono::{DateTime, NaiveDate, Utc};

use super::alipay::{self, BillHeader, FileEncoding};
use super::integrity::{gzip, Sha1Digest};
use super::wechat::{self, RowKind, WechatBillWriter};
use super::*;
use paycenter_domain::{Amount, Product};

const SAMPLE: &str = "v3-and-bills/wxpay_v3_tradebill_sample.ALL.csv";
const SAMPLE_SHA1: &str = "9bb6cd819be348f17a9cbcedddc8eb62fefbd790";

fn sample() -> Vec<u8> {
    crate::test_vectors::vector_file(SAMPLE)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 2, 19).unwrap()
}

fn fen(v: i64) -> Amount {
    Amount::from_fen(v).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn all_lines(bill: &Bill) -> (Vec<BillLine>, BillTotals) {
    let mut lines = bill.lines().unwrap();
    let got: Vec<BillLine> = (&mut lines).map(|l| l.unwrap()).collect();
    (got, lines.finish().unwrap())
}

fn finish_err(bill: &Bill) -> BillError {
    match bill.lines() {
        Ok(lines) => lines.finish().unwrap_err(),
        Err(e) => e,
    }
}

/// The sample with one edit.
fn edited(from: &str, to: &str) -> Bill {
    let text = String::from_utf8(sample()).unwrap();
    assert!(text.contains(from), "{from}");
    Bill::wechat(day(), text.replacen(from, to, 1), Compression::None)
}

#[test]
fn wechat_sample_lines_and_totals_exactly() {
    let bill = Bill::wechat(day(), sample(), Compression::None);
    let (lines, totals) = all_lines(&bill);
    assert_eq!(lines.len(), 45);
    assert_eq!(
        lines[0],
        BillLine {
            line_no: 2,
            kind: BillLineKind::Refund(BillRefund {
                out_refund_no: "REF4200000263201902167700963919".into(),
                provider_refund_no: Some("50000709672019011908420787722".into()),
                amount: fen(1),
                settled_amount: fen(1),
                state: BillRefundState::Succeeded,
            }),
            time: utc("2019-02-18T21:01:46Z"),
            app_id: Some("wxab8acd895ab1638a".into()),
            merchant_id: Some("1921000401".into()),
            out_trade_no: "autotest_20190216081946_82335".into(),
            provider_trade_no: "4200000263201902167700134212".into(),
            trade_type: Some("JSAPI".into()),
            product: Some(Product::Jsapi),
            subject: "系统拨测-cheeryin-test_micropay_succ".into(),
            trade_state: BillTradeState::Refund,
            order_amount: Amount::ZERO,
            settlement_amount: Amount::ZERO,
            fee: Amount::ZERO,
            fee_rate: Some("39.00%".into()),
            attach: None,
            payer: Some("oHkLxtx0vUqe-18p_AXTZ1innxkCY".into()),
        }
    );
    assert_eq!(
        lines[2],
        BillLine {
            line_no: 4,
            kind: BillLineKind::Payment,
            time: utc("2019-02-18T17:52:32Z"),
            app_id: Some("wxab8acd895ab1638a".into()),
            merchant_id: Some("1921000401".into()),
            out_trade_no: "autotest_20190219015232_89201".into(),
            provider_trade_no: "4200000263201902167700134902".into(),
            trade_type: Some("NATIVE".into()),
            product: Some(Product::Qr),
            subject: "autotest".into(),
            trade_state: BillTradeState::Success,
            order_amount: fen(3),
            settlement_amount: fen(3),
            fee: fen(1),
            fee_rate: Some("39.00%".into()),
            attach: None,
            payer: Some("wxab8acb865bb1637e".into()),
        }
    );
    let last = &lines[44];
    assert_eq!(last.line_no, 46);
    assert_eq!(last.out_trade_no, "autotest_20190219015157_13391");
    assert_eq!(last.time, utc("2019-02-18T17:51:59Z"));
    assert_eq!(lines.iter().filter(|l| l.is_refund()).count(), 14);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.product == Some(Product::Qr))
            .count(),
        8
    );
    // Every refund is of a trade paid on an earlier day: its number is on no payment line.
    for r in lines.iter().filter(|l| l.is_refund()) {
        assert!(r.refund().unwrap().out_refund_no.starts_with("REF"));
        assert!(!lines
            .iter()
            .any(|p| !p.is_refund() && p.out_trade_no == r.out_trade_no));
    }
    assert_eq!(
        totals,
        BillTotals {
            payments: 31,
            refunds: 14,
            paid_amount: fen(47),
            settlement_amount: fen(47),
            refunded_amount: fen(14),
            net_fee: NetAmount::from_fen(8),
            stated: [
                ("总交易单数", "45.0"),
                ("应结订单总金额", "0.47"),
                ("退款总金额", "0.14"),
                ("充值券退款总金额", "0.0"),
                ("手续费总金额", "0.08"),
                ("订单总金额", "0.47"),
                ("申请退款总金额", "0.14"),
            ]
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect(),
        }
    );
    assert_eq!(bill.totals().unwrap(), totals);
    assert_eq!(bill.provider(), paycenter_domain::Provider::Wechat);
    assert_eq!(bill.date(), day());
}

#[test]
fn wechat_sample_gzip_and_sha1() {
    let digest = Sha1Digest::from_hex(SAMPLE_SHA1).unwrap();
    let plain = Bill::wechat(day(), sample(), Compression::None);
    let expected = plain.totals().unwrap();
    // v3: gzip'd body, SHA1 over the decompressed bill.
    let z = gzip(&sample());
    let v3 = Bill::wechat(day(), z.clone(), Compression::sniff(&z)).with_sha1(digest);
    assert_eq!(v3.totals().unwrap(), expected);
    assert_eq!(v3.raw().as_ref(), z.as_slice());
    let plain_checked = Bill::wechat(day(), sample(), Compression::None).with_sha1(digest);
    assert_eq!(plain_checked.totals().unwrap(), expected);

    // A published digest the body does not have: every line parses, the end does not.
    let wrong = Sha1Digest::from_hex("0000000000000000000000000000000000000000").unwrap();
    let bad = Bill::wechat(day(), z, Compression::Gzip).with_sha1(wrong);
    let mut lines = bad.lines().unwrap();
    let mut n = 0;
    let mut last = None;
    for l in &mut lines {
        match l {
            Ok(_) => n += 1,
            Err(e) => last = Some(e),
        }
    }
    assert_eq!(n, 45);
    assert!(matches!(last, Some(BillError::ChecksumMismatch(_))));
    assert!(matches!(bad.totals(), Err(BillError::ChecksumMismatch(_))));
    // The same body, its bytes changed after the digest was taken.
    let text = String::from_utf8(sample())
        .unwrap()
        .replace("harryma007", "harryma008");
    let tampered = Bill::wechat(day(), text, Compression::None).with_sha1(digest);
    assert!(matches!(
        tampered.totals(),
        Err(BillError::ChecksumMismatch(_))
    ));
}

#[test]
fn wechat_totals_mismatches_are_typed() {
    // A payment's settlement amount raised by 1 fen (its order amount too, so only 应结 differs
    // from what the totals say).
    let e = edited(
        "`NATIVE,`SUCCESS,`OTHERS,`CNY,`0.03,",
        "`NATIVE,`SUCCESS,`OTHERS,`CNY,`0.04,",
    )
    .totals()
    .unwrap_err();
    assert_eq!(
        e,
        BillError::TotalsMismatch {
            label: "应结订单总金额".into(),
            stated: Figure::Money(NetAmount::from_fen(47)),
            computed: Figure::Money(NetAmount::from_fen(48)),
        }
    );
    let e = edited("`45.0,", "`44.0,").totals().unwrap_err();
    assert_eq!(
        e,
        BillError::TotalsMismatch {
            label: "总交易单数".into(),
            stated: Figure::Count(44),
            computed: Figure::Count(45),
        }
    );
    let e = edited(",`0.08,", ",`0.07,").totals().unwrap_err();
    assert!(matches!(e, BillError::TotalsMismatch { ref label, .. } if label == "手续费总金额"));
    let e = edited(",`0.47,`0.14\r\n", ",`0.48,`0.14\r\n")
        .totals()
        .unwrap_err();
    assert!(matches!(e, BillError::TotalsMismatch { ref label, .. } if label == "订单总金额"));
    assert!(e.to_string().contains("0.48 yuan"), "{e}");
}

#[test]
fn wechat_damaged_bills_are_refused() {
    let text = String::from_utf8(sample()).unwrap();
    let malformed_at = |bill: Bill| match finish_err(&bill) {
        BillError::Malformed { line, .. } => line,
        other => panic!("{other:?}"),
    };
    // Truncated: no totals block.
    let cut = text.split("总交易单数").next().unwrap().to_owned();
    assert_eq!(
        malformed_at(Bill::wechat(day(), cut, Compression::None)),
        46
    );
    // Truncated in the middle of the lines.
    let half: String = text.lines().take(20).collect::<Vec<_>>().join("\r\n");
    assert!(malformed_at(Bill::wechat(day(), half, Compression::None)) > 0);
    // A missing required column is refused at once, by name.
    let e = edited("商户订单号,用户标识", "订单号,用户标识")
        .lines()
        .err()
        .unwrap();
    assert!(e.to_string().contains("商户订单号"), "{e}");
    // Columns are found by name, not position: the bill still reads with extra columns.
    // (Here: a fee written with sub-fen digits, an unknown state, text after the totals.)
    assert_eq!(malformed_at(edited("`0.01000,", "`0.01500,")), 4);
    assert_eq!(
        malformed_at(edited("`SUCCESS,`OTHERS", "`WHATEVER,`OTHERS")),
        4
    );
    assert_eq!(
        malformed_at(Bill::wechat(
            day(),
            format!("{text}extra\r\n"),
            Compression::None
        )),
        49
    );
    // A row with a cell too few.
    assert_eq!(
        malformed_at(edited(
            ",`39.00%,`0.00,`0.01,`\r\n",
            ",`39.00%,`0.00,`0.01\r\n"
        )),
        2
    );
    // A payment with a negative fee, a refund with a charged fee.
    assert_eq!(malformed_at(edited("`0.01000,", "`-0.01000,")), 4);
    assert_eq!(
        malformed_at(edited(
            "`0.00000,`39.00%,`0.00,`0.01,",
            "`0.01000,`39.00%,`0.00,`0.01,"
        )),
        2
    );
    // Not UTF-8, empty, HTML.
    assert!(Bill::wechat(day(), b"\xff\xfe".to_vec(), Compression::None)
        .lines()
        .is_err());
    assert!(Bill::wechat(day(), Vec::new(), Compression::None)
        .lines()
        .is_err());
    assert!(Bill::wechat(day(), "<html>busy</html>", Compression::None)
        .lines()
        .is_err());
    // A gzip flag on a body that is not gzip.
    assert!(Bill::wechat(day(), sample(), Compression::Gzip)
        .lines()
        .is_err());
}

fn wechat_row(i: i64, kind: RowKind) -> wechat::Row {
    wechat::Row {
        time: utc("2026-12-01T02:00:00Z") + chrono::TimeDelta::seconds(i),
        app_id: "wx0000000000000001".into(),
        mch_id: "1900000109".into(),
        transaction_id: format!("4200000000202612010{i:09}"),
        out_trade_no: format!("P{i}"),
        openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into(),
        trade_type: "JSAPI".into(),
        kind,
        subject: "会员, 月卡 `x`".into(),
        attach: String::new(),
        fee_fen: 0,
        fee_rate: "0.60%".into(),
    }
}

#[test]
fn wechat_writer_round_trip() {
    let mut w = WechatBillWriter::new(Vec::new()).unwrap();
    let mut pay = wechat_row(1, RowKind::Payment { total_fen: 10_000 });
    pay.fee_fen = wechat::fee_at(10_000, 60);
    pay.attach = "a=1".into();
    w.row(&pay).unwrap();
    let mut refund = wechat_row(
        2,
        RowKind::Refund {
            refund_id: "50000000382019052709732678859".into(),
            out_refund_no: "R1".into(),
            refund_fen: 2_500,
        },
    );
    refund.fee_fen = 15;
    w.row(&refund).unwrap();
    let body = w.finish().unwrap();
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.starts_with("\u{feff}交易时间,公众账号ID,"));
    assert!(
        text.ends_with("`2.0,`100.0,`25.0,`0.0,`0.45,`100.0,`25.0\r\n"),
        "{text}"
    );
    let (lines, totals) = all_lines(&Bill::wechat(day(), body, Compression::None));
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].subject, "会员, 月卡 'x'");
    assert_eq!(lines[0].fee, fen(60));
    assert_eq!(lines[0].attach.as_deref(), Some("a=1"));
    assert_eq!(lines[0].time, utc("2026-12-01T02:00:01Z"));
    assert_eq!(
        lines[1].refund(),
        Some(&BillRefund {
            out_refund_no: "R1".into(),
            provider_refund_no: Some("50000000382019052709732678859".into()),
            amount: fen(2_500),
            settled_amount: fen(2_500),
            state: BillRefundState::Succeeded,
        })
    );
    assert_eq!(lines[1].fee, fen(15));
    assert_eq!(totals.net_fee, NetAmount::from_fen(45));
    assert_eq!(totals.paid_amount, fen(10_000));
    assert_eq!(totals.refunded_amount, fen(2_500));
    assert_eq!(wechat::fee_at(83, 60), 0);
    assert_eq!(wechat::fee_at(84, 60), 1);
    assert_eq!(wechat::fee_at(250, 60), 2);
}

/// A WeChat bill of `rows` rows made as it is read: never held in memory.
struct GeneratedBill {
    writer: Option<WechatBillWriter<Vec<u8>>>,
    next: i64,
    rows: i64,
    buf: Vec<u8>,
    pos: usize,
}

impl GeneratedBill {
    fn new(rows: i64) -> Self {
        let mut writer = WechatBillWriter::new(Vec::new()).unwrap();
        let buf = std::mem::take(writer.get_mut());
        Self {
            writer: Some(writer),
            next: 0,
            rows,
            buf,
            pos: 0,
        }
    }

    /// Row `i`: a payment of `i % 1000 + 1` fen, every tenth a refund of 1 fen.
    fn row(i: i64) -> wechat::Row {
        let kind = if i % 10 == 9 {
            RowKind::Refund {
                refund_id: format!("5000{i:025}"),
                out_refund_no: format!("R{i}"),
                refund_fen: 1,
            }
        } else {
            RowKind::Payment {
                total_fen: i % 1000 + 1,
            }
        };
        let mut r = wechat_row(i, kind);
        r.fee_fen = i % 3;
        r
    }
}

impl Read for GeneratedBill {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            let Some(w) = self.writer.as_mut() else {
                return Ok(0);
            };
            if self.next < self.rows {
                w.row(&Self::row(self.next))?;
                self.next += 1;
                self.buf = std::mem::take(w.get_mut());
            } else if let Some(w) = self.writer.take() {
                self.buf = w.finish()?;
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn wechat_100k_lines_stream() {
    const ROWS: i64 = 100_000;
    let mut lines = wechat::WechatLines::new(BufReader::new(GeneratedBill::new(ROWS))).unwrap();
    let (mut payments, mut paid, mut last_no) = (0u64, 0i64, 0u64);
    for line in &mut lines {
        let line = line.unwrap();
        if !line.is_refund() {
            payments += 1;
            paid += line.order_amount.fen();
        }
        last_no = line.line_no;
    }
    let totals = lines.finish().unwrap();
    let expected_paid: i64 = (0..ROWS)
        .filter(|i| i % 10 != 9)
        .map(|i| i % 1000 + 1)
        .sum();
    let expected_fee: i64 = (0..ROWS)
        .map(|i| if i % 10 == 9 { -(i % 3) } else { i % 3 })
        .sum();
    assert_eq!(last_no, ROWS as u64 + 1);
    assert_eq!(payments, 90_000);
    assert_eq!(paid, expected_paid);
    assert_eq!(totals.payments, 90_000);
    assert_eq!(totals.refunds, 10_000);
    assert_eq!(totals.paid_amount, fen(expected_paid));
    assert_eq!(totals.refunded_amount, fen(10_000));
    assert_eq!(totals.net_fee, NetAmount::from_fen(expected_fee));
}

// ---------------------------------------------------------------------------------------------
// Alipay

fn alipay_header() -> BillHeader {
    BillHeader {
        account: "2088102180432465".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        exported_at: utc("2026-12-02T01:35:11Z"),
    }
}

fn alipay_rows() -> Vec<alipay::Row> {
    vec![
        alipay::Row {
            trade_no: "2026120122001404681000012345".into(),
            out_trade_no: "A1001".into(),
            refund_no: None,
            subject: "会员月卡, 一个月".into(),
            created_at: utc("2026-12-01T01:59:50Z"),
            finished_at: utc("2026-12-01T02:00:05Z"),
            counterparty: "138******1234".into(),
            order_fen: 10_000,
            received_fen: 10_000,
            fee_fen: -60,
        },
        alipay::Row {
            trade_no: "2026120122001404681000012346".into(),
            out_trade_no: "A1002".into(),
            refund_no: None,
            subject: "年卡\"尊享\"".into(),
            created_at: utc("2026-12-01T03:00:00Z"),
            finished_at: utc("2026-12-01T03:00:30Z"),
            counterparty: "138******9876".into(),
            order_fen: 1,
            received_fen: 1,
            fee_fen: 0,
        },
        alipay::Row {
            trade_no: "2026113022001404681000099999".into(),
            out_trade_no: "A0999".into(),
            refund_no: Some("R-0999-1".into()),
            subject: "退款的商品".into(),
            created_at: utc("2026-11-30T08:00:00Z"),
            finished_at: utc("2026-12-01T15:59:59Z"),
            counterparty: "138******5555".into(),
            order_fen: 5_000,
            received_fen: -2_000,
            fee_fen: 12,
        },
    ]
}

fn check_alipay_bill(zip: Vec<u8>) {
    let bill = Bill::alipay(alipay_header().date, zip);
    let (lines, totals) = all_lines(&bill);
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        BillLine {
            line_no: 6,
            kind: BillLineKind::Payment,
            time: utc("2026-12-01T02:00:05Z"),
            app_id: None,
            merchant_id: Some("2088102180432465".into()),
            out_trade_no: "A1001".into(),
            provider_trade_no: "2026120122001404681000012345".into(),
            trade_type: None,
            product: None,
            subject: "会员月卡, 一个月".into(),
            trade_state: BillTradeState::Success,
            order_amount: fen(10_000),
            settlement_amount: fen(10_000),
            fee: fen(60),
            fee_rate: None,
            attach: None,
            payer: Some("138******1234".into()),
        }
    );
    assert_eq!(lines[1].subject, "年卡\"尊享\"");
    assert_eq!(lines[1].order_amount, fen(1));
    assert_eq!(
        lines[2].kind,
        BillLineKind::Refund(BillRefund {
            out_refund_no: "R-0999-1".into(),
            provider_refund_no: None,
            amount: fen(2_000),
            settled_amount: fen(2_000),
            state: BillRefundState::Succeeded,
        })
    );
    assert_eq!(lines[2].trade_state, BillTradeState::Refund);
    assert_eq!(lines[2].order_amount, fen(5_000));
    assert_eq!(lines[2].settlement_amount, Amount::ZERO);
    assert_eq!(lines[2].fee, fen(12));
    assert_eq!(lines[2].time, utc("2026-12-01T15:59:59Z"));
    assert_eq!(totals.payments, 2);
    assert_eq!(totals.refunds, 1);
    assert_eq!(totals.paid_amount, fen(10_001));
    assert_eq!(totals.settlement_amount, fen(10_001));
    assert_eq!(totals.refunded_amount, fen(2_000));
    assert_eq!(totals.net_fee, NetAmount::from_fen(48));
    let stated: Vec<(&str, &str)> = totals
        .stated
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        stated,
        vec![
            ("交易合计", "2"),
            ("退款合计", "1"),
            ("交易订单总笔数", "2"),
            ("退款订单总笔数", "1"),
            ("订单金额（元）", "100.01"),
            ("商家实收（元）", "80.01"),
            ("支付宝优惠（元）", "0.00"),
            ("商家优惠（元）", "0.00"),
            ("卡消费金额（元）", "0.00"),
            ("服务费（元）", "-0.48"),
            ("分润（元）", "0.00"),
            ("实收净额（元）", "79.53"),
        ]
    );
}

#[test]
fn alipay_gbk_bill() {
    let zip = alipay::bill_zip(&alipay_header(), &alipay_rows(), FileEncoding::Gbk);
    // Names and contents really are GBK.
    let names = alipay::entry_names(&zip).unwrap();
    assert_eq!(
        names,
        vec![
            "2088102180432465_20261201_业务明细.csv",
            "2088102180432465_20261201_业务明细(汇总).csv"
        ]
    );
    let detail = alipay::entry_bytes(&zip, alipay::DETAIL_SUFFIX).unwrap();
    assert!(std::str::from_utf8(&detail).is_err());
    let text = encoding_rs::GBK.decode(&detail).0.into_owned();
    assert!(text.starts_with("#支付宝业务明细查询\r\n#账号：[2088102180432465]\r\n"));
    assert!(text.contains("2026120122001404681000012345\t,A1001\t,交易,\"会员月卡, 一个月\","));
    assert!(text.contains("#交易合计：2笔，退款合计：1笔\r\n#导出时间：[2026年12月02日 09:35:11]"));
    // The zip crate reads the archive this writer made.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip)).unwrap();
    assert_eq!(archive.len(), 2);
    let mut from_crate = Vec::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_end(&mut from_crate)
        .unwrap();
    assert_eq!(from_crate, detail);
    check_alipay_bill(zip);
}

#[test]
fn alipay_utf8_bills_with_and_without_bom() {
    for bom in [true, false] {
        let zip = alipay::bill_zip(&alipay_header(), &alipay_rows(), FileEncoding::Utf8 { bom });
        let detail = alipay::entry_bytes(&zip, alipay::DETAIL_SUFFIX).unwrap();
        assert_eq!(detail.starts_with(b"\xEF\xBB\xBF"), bom);
        check_alipay_bill(zip);
    }
}

/// A zip the `zip` crate writes (UTF-8 names, stored or deflated), with the writer's CSVs.
fn crate_zip(files: &[(&str, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn alipay_files() -> (Vec<u8>, Vec<u8>) {
    let h = alipay_header();
    let rows = alipay_rows();
    let gbk = |s: String| encoding_rs::GBK.encode(&s).0.into_owned();
    (
        gbk(alipay::detail_csv(&h, &rows)),
        gbk(alipay::summary_csv(&h, &rows)),
    )
}

#[test]
fn alipay_zips_of_other_writers() {
    let (detail, summary) = alipay_files();
    for method in [
        zip::CompressionMethod::Stored,
        zip::CompressionMethod::Deflated,
    ] {
        let zip = crate_zip(
            &[
                ("bills/x_20261201_业务明细.csv", detail.clone()),
                ("bills/x_20261201_业务明细（汇总）.csv", summary.clone()),
            ],
            method,
        );
        check_alipay_bill(zip);
    }
}

#[test]
fn alipay_damaged_bills_are_refused() {
    let (detail, summary) = alipay_files();
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let text = |b: &[u8]| encoding_rs::GBK.decode(b).0.into_owned();
    let zip_of = |d: Vec<u8>, s: Vec<u8>| {
        Bill::alipay(
            alipay_header().date,
            crate_zip(
                &[("a_业务明细.csv", d), ("a_业务明细(汇总).csv", s)],
                zip::CompressionMethod::Deflated,
            ),
        )
    };
    // The summary's total differs from the lines.
    let s = text(&summary).replace("合计,,2,1,100.01,", "合计,,2,1,100.02,");
    let e = zip_of(detail.clone(), gbk(&s)).totals().unwrap_err();
    assert_eq!(
        e,
        BillError::TotalsMismatch {
            label: "订单金额（元）".into(),
            stated: Figure::Money(NetAmount::from_fen(10_002)),
            computed: Figure::Money(NetAmount::from_fen(10_001)),
        }
    );
    let s = text(&summary).replace(
        "合计,,2,1,100.01,80.01,0.00,0.00,0.00,-0.48",
        "合计,,2,1,100.01,80.01,0.00,0.00,0.00,-0.49",
    );
    assert!(matches!(
        zip_of(detail.clone(), gbk(&s)).totals(),
        Err(BillError::TotalsMismatch { ref label, .. }) if label == "服务费（元）"
    ));
    // The footer's counts differ.
    let d = text(&detail).replace("退款合计：1笔", "退款合计：2笔");
    assert_eq!(
        zip_of(gbk(&d), summary.clone()).totals().unwrap_err(),
        BillError::TotalsMismatch {
            label: "退款合计".into(),
            stated: Figure::Count(2),
            computed: Figure::Count(1),
        }
    );
    // Truncated: no footer.
    let d: String = text(&detail)
        .split("#-----------------------------------------业务明细列表结束")
        .next()
        .unwrap()
        .to_owned();
    assert!(matches!(
        zip_of(gbk(&d), summary.clone()).totals(),
        Err(BillError::Malformed { .. })
    ));
    // A row after the footer; an unknown 业务类型; a missing column.
    let d = format!(
        "{}2026,A9,交易,x,,,,,,,,0.01,0.01,,,,,,,,,,0.00,,\r\n",
        text(&detail)
    );
    assert!(zip_of(gbk(&d), summary.clone()).totals().is_err());
    let d = text(&detail).replace(",交易,\"会员", ",冻结,\"会员");
    assert!(matches!(
        zip_of(gbk(&d), summary.clone()).totals(),
        Err(BillError::Malformed { line: 6, .. })
    ));
    let d = text(&detail).replace("商户订单号,", "订单号,");
    assert!(zip_of(gbk(&d), summary.clone()).totals().is_err());
    // No summary file, no detail file, not a zip.
    let only_detail = crate_zip(
        &[("a_业务明细.csv", detail.clone())],
        zip::CompressionMethod::Stored,
    );
    assert!(Bill::alipay(alipay_header().date, only_detail)
        .lines()
        .is_err());
    let only_summary = crate_zip(
        &[("a_业务明细(汇总).csv", summary.clone())],
        zip::CompressionMethod::Stored,
    );
    assert!(Bill::alipay(alipay_header().date, only_summary)
        .lines()
        .is_err());
    assert!(
        Bill::alipay(alipay_header().date, b"PK\x03\x04 nope".to_vec())
            .lines()
            .is_err()
    );

    // A stored entry whose bytes changed after its CRC was recorded.
    let mut zip = crate_zip(
        &[
            ("a_业务明细.csv", detail.clone()),
            ("a_业务明细(汇总).csv", summary.clone()),
        ],
        zip::CompressionMethod::Stored,
    );
    let at = zip.windows(5).position(|w| w == b"A1001").unwrap();
    zip[at + 4] = b'2';
    assert!(matches!(
        Bill::alipay(alipay_header().date, zip).totals(),
        Err(BillError::ChecksumMismatch(_))
    ));
}

#[test]
fn alipay_empty_day() {
    let zip = alipay::bill_zip(&alipay_header(), &[], FileEncoding::Gbk);
    let (lines, totals) = all_lines(&Bill::alipay(alipay_header().date, zip));
    assert!(lines.is_empty());
    assert_eq!(totals.lines(), 0);
    assert_eq!(totals.paid_amount, Amount::ZERO);
    assert_eq!(totals.net_fee, NetAmount::ZERO);
}

#[test]
fn wechat_v3_refusals() {
    let d = day();
    let late = utc("2019-03-01T00:00:00Z");
    assert!(matches!(
        wechat::v3_refusal("STATEMENT_CREATING", "账单生成中", d, late),
        Some(BillError::NotReady { .. })
    ));
    assert_eq!(
        wechat::v3_refusal("NO_STATEMENT_EXIST", "账单文件不存在", d, late),
        Some(BillError::NoBill {
            reason: NoBillReason::NoTrades,
            provider_code: "NO_STATEMENT_EXIST".into(),
            message: "账单文件不存在".into(),
        })
    );
    // Asked at 09:00 Beijing the next day: not final yet.
    assert!(matches!(
        wechat::v3_refusal("NO_STATEMENT_EXIST", "m", d, utc("2019-02-20T01:00:00Z")),
        Some(BillError::NotReady { .. })
    ));
    assert_eq!(wechat::v3_refusal("PARAM_ERROR", "m", d, late), None);
}
