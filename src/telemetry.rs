//! Logging set-up: text or JSON on standard error, filtered by `RUST_LOG` (default `info`).
//!
//! Log lines carry text from outside (usernames as typed, provider replies, notify fields,
//! error messages that quote input). Neither format lets it forge a line or hide itself: in
//! text, every field value (the message included) has its control, bidirectional and invisible
//! formatting characters written as `\n`, `\u{202e}`, … (`paycenter_domain::text::escape`); in
//! JSON, serde already escapes C0 controls and the writer escapes the rest (`\u202e`), which
//! leaves the JSON valid and equal in meaning.

use std::io::IsTerminal;

use tracing::field::{Field, Visit};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FormatFields, MakeWriter};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;
use paycenter_domain::text::{escape, is_hidden_control};

/// Colour codes only for a person at a terminal: not in files, pipes, journald or log
/// collectors, and not when `NO_COLOR` is set (<https://no-color.org>).
pub fn use_colour(is_terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty())
}

pub fn init(format: LogFormat) {
    let ansi = use_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    init_with_writer(format, ansi, std::io::stderr);
}

/// The subscriber of `init`, writing to `writer` (tests capture the lines with it). Does nothing
/// if a global subscriber is already set.
pub fn init_with_writer<W>(format: LogFormat, ansi: bool, writer: W)
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    let _ = match format {
        LogFormat::Json => builder.json().with_writer(JsonEscaping(writer)).try_init(),
        LogFormat::Text => builder
            .fmt_fields(EscapedFields)
            .with_writer(writer)
            .try_init(),
    };
}

/// Text fields with their values escaped (see the module documentation); laid out as the
/// default formatter does (`message` bare, then `name=value` separated by spaces).
#[derive(Debug, Default, Clone, Copy)]
pub struct EscapedFields;

impl<'w> FormatFields<'w> for EscapedFields {
    fn format_fields<R: RecordFields>(&self, writer: Writer<'w>, fields: R) -> std::fmt::Result {
        let mut v = EscapingVisitor {
            writer,
            first: true,
            result: Ok(()),
        };
        fields.record(&mut v);
        v.result
    }
}

struct EscapingVisitor<'w> {
    writer: Writer<'w>,
    first: bool,
    result: std::fmt::Result,
}

impl Visit for EscapingVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        // As the default formatter: strings quoted (Debug), then escaped.
        self.record_debug(field, &value)
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if self.result.is_err() {
            return;
        }
        let text = format!("{value:?}");
        let sep = if self.first { "" } else { " " };
        self.first = false;
        self.result = if field.name() == "message" {
            write!(self.writer, "{sep}{}", escape(&text))
        } else {
            write!(self.writer, "{sep}{}={}", field.name(), escape(&text))
        };
    }
}

/// A writer of JSON lines that writes the characters serde leaves as they are (DEL, C1,
/// bidirectional and invisible formatting) as `\uXXXX` escapes, keeping the line's final newline.
#[derive(Debug, Clone)]
pub struct JsonEscaping<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for JsonEscaping<M> {
    type Writer = JsonEscapingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        JsonEscapingWriter(self.0.make_writer())
    }
}

pub struct JsonEscapingWriter<W>(W);

impl<W: std::io::Write> std::io::Write for JsonEscapingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The formatter writes one whole line at a time; a part that is not UTF-8 by itself
        // passes through unchanged.
        match std::str::from_utf8(buf) {
            Ok(s) if s.trim_end_matches('\n').chars().any(is_hidden_control) => {
                self.0.write_all(json_escape_hidden(s).as_bytes())?;
                Ok(buf.len())
            }
            _ => self.0.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// `\uXXXX` (surrogate pairs above U+FFFF) for each hidden character but the final newline.
fn json_escape_hidden(s: &str) -> String {
    use std::fmt::Write;
    let body = s.trim_end_matches('\n');
    let mut out = String::with_capacity(s.len() + 16);
    for c in body.chars() {
        if is_hidden_control(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{:04x}", u);
            }
        } else {
            out.push(c);
        }
    }
    out.push_str(&s[body.len()..]);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_colour(true, None));
        assert!(!use_colour(false, None));
        assert!(!use_colour(true, Some("1".into())));
        assert!(use_colour(true, Some("".into())));
    }

    /// Captures what the subscriber writes.
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Capture {
        type Writer = Capture;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    const HOSTILE: &str =
        "admin\n2026-12-17T00:00:00Z  INFO paycenter: forged\u{202E}txt.exe\u{1b}[2J\u{85}";

    fn emit() {
        tracing::warn!(username = %HOSTILE, debug = ?HOSTILE, "login of {}", HOSTILE);
    }

    #[test]
    fn text_lines_escape_hostile_fields_and_messages() {
        let out = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .fmt_fields(EscapedFields)
            .with_writer(out.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.matches('\n').count(), 1, "{text}");
        assert!(text.ends_with('\n'));
        assert!(!text.trim_end().chars().any(is_hidden_control), "{text:?}");
        assert!(
            text.contains("login of admin\\n2026-12-17T00:00:00Z  INFO paycenter: forged\\u{202e}txt.exe\\u{1b}[2J\\u{85}"),
            "{text}"
        );
        assert!(text.contains("username=admin\\n"), "{text}");
    }

    #[test]
    fn json_lines_stay_json_and_escape_the_rest() {
        let out = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(JsonEscaping(out.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.matches('\n').count(), 1, "{text}");
        assert!(!text.trim_end().chars().any(is_hidden_control), "{text:?}");
        assert!(text.contains("\\u202e"), "{text}");
        let v: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(v["fields"]["username"], HOSTILE);
        // Above the BMP: a surrogate pair.
        assert_eq!(json_escape_hidden("a\u{E0041}\n"), "a\\udb40\\udc41\n");
    }
}
