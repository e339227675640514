//! The text layer shared by the bill parsers: bounded line reading, encoding detection, CSV cells,
//! and the yuan and count figures bills are written in.

use std::borrow::Cow;
use std::io::{self, BufRead};

use super::{BillError, NetAmount};
use paycenter_domain::Amount;

/// The longest line a bill may have. Real lines are a few hundred bytes; a file without line breaks
/// is refused rather than buffered whole.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Maps a read error to a bill error, keeping a [`BillError`] carried inside an `io::Error` (the
/// checksum readers report a mismatch that way, at the end of their stream).
pub(crate) fn io_error(e: io::Error, line: u64) -> BillError {
    if e.get_ref().is_some_and(|inner| inner.is::<BillError>()) {
        if let Some(inner) = e.into_inner() {
            if let Ok(bill) = inner.downcast::<BillError>() {
                return *bill;
            }
        }
        return BillError::malformed(line, "unreadable bill");
    }
    BillError::malformed(line, format!("unreadable bill: {e}"))
}

/// Reads one line at a time (without its `\n` / `\r\n`), never buffering more than
/// [`MAX_LINE_BYTES`] of it.
pub(crate) struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    line_no: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::with_capacity(512),
            line_no: 0,
        }
    }

    /// The 1-based number of the line last returned.
    pub fn line_no(&self) -> u64 {
        self.line_no
    }

    /// The next line's number and bytes, or `None` at the end of the stream.
    pub fn next_line(&mut self) -> Result<Option<(u64, &[u8])>, BillError> {
        self.buf.clear();
        let next = self.line_no + 1;
        let mut saw_any = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_error(e, next)),
            };
            if available.is_empty() {
                break;
            }
            saw_any = true;
            let (take, done) = match available.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if self.buf.len() + take > MAX_LINE_BYTES + 2 {
                return Err(BillError::malformed(
                    next,
                    format!("line longer than {MAX_LINE_BYTES} bytes"),
                ));
            }
            self.buf.extend_from_slice(&available[..take]);
            self.inner.consume(take);
            if done {
                break;
            }
        }
        if !saw_any {
            return Ok(None);
        }
        self.line_no = next;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Ok(Some((next, &self.buf)))
    }
}

/// The text encodings bills come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK, decoded as GB18030 (its superset), as Windows and Java write "GBK".
    Gbk,
}

/// Decodes the lines of a file whose encoding is detected from its content: a UTF-8 BOM means
/// UTF-8; otherwise the first line that is not pure ASCII decides (valid UTF-8 → UTF-8, else GBK),
/// and every later line must decode in that encoding.
#[derive(Debug, Default)]
pub(crate) struct Detector {
    decided: Option<Encoding>,
    started: bool,
}

impl Detector {
    pub fn encoding(&self) -> Option<Encoding> {
        self.decided
    }

    pub fn decode<'a>(&mut self, raw: &'a [u8], line: u64) -> Result<Cow<'a, str>, BillError> {
        let mut raw = raw;
        if !self.started {
            self.started = true;
            if let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF") {
                self.decided = Some(Encoding::Utf8);
                raw = rest;
            }
        }
        if self.decided.is_none() && !raw.is_ascii() {
            self.decided = Some(if std::str::from_utf8(raw).is_ok() {
                Encoding::Utf8
            } else {
                Encoding::Gbk
            });
        }
        match self.decided {
            None | Some(Encoding::Utf8) => std::str::from_utf8(raw)
                .map(Cow::Borrowed)
                .map_err(|_| BillError::malformed(line, "not valid UTF-8")),
            Some(Encoding::Gbk) => encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(raw)
                .ok_or_else(|| BillError::malformed(line, "not valid GBK")),
        }
    }
}

/// The cells of one CSV line (RFC 4180 quoting within the line), each trimmed of the spaces and
/// tabs providers pad cells with.
pub(crate) fn csv_cells(line: &str, line_no: u64) -> Result<Vec<String>, BillError> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if at_cell_start || cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, ',') => {
                cells.push(cell.trim().to_owned());
                cell.clear();
                at_cell_start = true;
                continue;
            }
            (_, c) => cell.push(c),
        }
        at_cell_start = false;
    }
    if quoted {
        return Err(BillError::malformed(line_no, "unterminated quoted cell"));
    }
    cells.push(cell.trim().to_owned());
    Ok(cells)
}

/// A header cell as compared with expected names: trimmed, full-width brackets as ASCII.
pub(crate) fn header_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('`')
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

const BEIJING: chrono::TimeDelta = chrono::TimeDelta::hours(8);

/// Parses a bill's `yyyy-MM-dd HH:mm:ss` Beijing time (both providers' format) to UTC. Hand-rolled:
/// it runs once per line.
pub fn parse_beijing_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let b = s.trim().as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)?;
    Some((time - BEIJING).and_utc())
}

/// `t` as a bill's `yyyy-MM-dd HH:mm:ss` Beijing time.
pub fn format_beijing_time(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let b = t + BEIJING;
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        b.year(),
        b.month(),
        b.day(),
        b.hour(),
        b.minute(),
        b.second()
    )
}

/// A yuan figure as bills write it: an optional `-`, digits, and a fraction of any length whose
/// digits past the second are zeros (WeChat writes fees as `0.01000`). Exact; no floats.
pub fn parse_yuan(s: &str) -> Option<NetAmount> {
    let s = s.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    // Digits past the fen must be zeros; they are cut off (a slice: no copy).
    let kept = match digits.find('.') {
        Some(dot) if digits.len() > dot + 3 => {
            let (kept, rest) = digits.split_at(dot + 3);
            if !rest.bytes().all(|b| b == b'0') {
                return None;
            }
            kept
        }
        _ => digits,
    };
    let fen = Amount::parse_yuan(kept).ok()?.fen();
    Some(NetAmount::from_fen(if negative { -fen } else { fen }))
}

/// A non-negative yuan figure.
pub fn parse_amount(s: &str) -> Option<Amount> {
    parse_yuan(s).and_then(|n| Amount::from_fen(n.fen()).ok())
}

/// A count as bills write it: `45` or `45.0` (WeChat's totals).
pub fn parse_count(s: &str) -> Option<u64> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b == b'0') || (s.contains('.') && frac.is_empty()) {
        return None;
    }
    whole.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn yuan_figures() {
        for (s, fen) in [
            ("0.00", 0),
            ("0.0", 0),
            ("0.01", 1),
            ("0.01000", 1),
            ("-0.01000", -1),
            ("12.3", 1230),
            ("7", 700),
            ("-0.00", 0),
            (" 1.25 ", 125),
        ] {
            assert_eq!(parse_yuan(s).map(NetAmount::fen), Some(fen), "{s}");
        }
        for bad in [
            "", "-", "0.00390", "1.", ".5", "1e2", "--1", "1,00", "0.0039",
        ] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
        assert_eq!(parse_amount("-0.01"), None);
        assert_eq!(parse_amount("0.47").map(Amount::fen), Some(47));
    }

    #[test]
    fn beijing_times() {
        let t: chrono::DateTime<chrono::Utc> = "2019-02-18T21:01:46Z".parse().unwrap();
        assert_eq!(parse_beijing_time("2019-02-19 05:01:46"), Some(t));
        assert_eq!(format_beijing_time(t), "2019-02-19 05:01:46");
        for bad in [
            "",
            "2019-02-19T05:01:46",
            "2019-02-30 05:01:46",
            "2019-02-19 24:01:46",
            "2019-02-19 05:01:4x",
            "19-02-19 05:01:46",
        ] {
            assert_eq!(parse_beijing_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("45.0"), Some(45));
        assert_eq!(parse_count("45"), Some(45));
        assert_eq!(parse_count("0.00"), Some(0));
        for bad in ["45.5", "", "-1", "4 5", "45.", "x"] {
            assert_eq!(parse_count(bad), None, "{bad}");
        }
    }

    #[test]
    fn cells() {
        assert_eq!(
            csv_cells("a\t ,\"b,c\" , \"d\"\"e\",,", 1).unwrap(),
            vec!["a", "b,c", "d\"e", "", ""]
        );
        assert!(csv_cells("\"open", 1).is_err());
        assert_eq!(header_key(" 订单金额（元）"), "订单金额(元)");
    }

    #[test]
    fn lines_are_bounded_and_split_on_both_endings() {
        let data = b"a\r\nb\nc";
        let mut r = LineReader::new(&data[..]);
        assert_eq!(r.next_line().unwrap(), Some((1, &b"a"[..])));
        assert_eq!(r.next_line().unwrap(), Some((2, &b"b"[..])));
        assert_eq!(r.next_line().unwrap(), Some((3, &b"c"[..])));
        assert_eq!(r.line_no(), 3);
        assert_eq!(r.next_line().unwrap(), None);
        let long = vec![b'x'; MAX_LINE_BYTES + 10];
        let mut r = LineReader::new(std::io::BufReader::with_capacity(100, &long[..]));
        assert!(matches!(
            r.next_line(),
            Err(BillError::Malformed { line: 1, .. })
        ));
    }

    #[test]
    fn encodings_are_detected() {
        let gbk = encoding_rs::GBK
            .encode("#支付宝业务明细查询")
            .0
            .into_owned();
        let mut d = Detector::default();
        assert_eq!(d.decode(b"plain", 1).unwrap(), "plain");
        assert_eq!(d.encoding(), None);
        assert_eq!(d.decode(&gbk, 2).unwrap(), "#支付宝业务明细查询");
        assert_eq!(d.encoding(), Some(Encoding::Gbk));
        // Once GBK, a line that is not GBK is refused.
        assert!(d.decode(b"\xff\xff\xff", 3).is_err());

        let mut d = Detector::default();
        assert_eq!(
            d.decode("\u{feff}#支付宝".as_bytes(), 1).unwrap(),
            "#支付宝"
        );
        assert_eq!(d.encoding(), Some(Encoding::Utf8));
        assert!(d.decode(&gbk, 2).is_err());

        let mut d = Detector::default();
        assert_eq!(d.decode("业务".as_bytes(), 1).unwrap(), "业务");
        assert_eq!(d.encoding(), Some(Encoding::Utf8));
    }
}
