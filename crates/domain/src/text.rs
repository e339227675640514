//! Text that people read (order subjects, attach, project names, refund reasons, notes) and text
//! that reaches logs: the characters that make what is shown differ from what is stored.
//!
//! * C0 controls (U+0000–U+001F), DEL and C1 controls (U+0080–U+009F): line breaks that forge log
//!   lines, escape sequences that drive terminals;
//! * bidirectional formatting (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): an
//!   U+202E RIGHT-TO-LEFT OVERRIDE shows "Refund 0001\u{202E}txt.exe" reversed;
//! * invisible formatting and separators (U+00AD, U+180E, U+200B, U+2028, U+2029, U+2060–U+2064,
//!   U+206A–U+206F, U+FEFF, U+FFF9–U+FFFB, the tag characters U+E0000–U+E007F): text that looks
//!   equal but is not, or hides a payload.
//!
//! Zero-width (non-)joiners U+200C/U+200D stay allowed: Persian, Indic scripts and emoji
//! sequences need them.
//!
//! [`check`] refuses such text at the edge; [`escape`] makes any text safe to print in a log
//! line (each such character as `\u{…}`).

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is one of the characters described in the module documentation.
pub fn is_hidden_control(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Why text was refused: the first offending character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "must not contain control or formatting characters (U+{:04X} at character {position})",
    u32::from(*.character)
)]
pub struct HiddenControl {
    pub character: char,
    /// Its position, counted in characters from 1.
    pub position: usize,
}

/// Refuses text holding any character of the module documentation.
pub fn check(s: &str) -> Result<(), HiddenControl> {
    match s.chars().enumerate().find(|(_, c)| is_hidden_control(*c)) {
        Some((i, character)) => Err(HiddenControl {
            character,
            position: i + 1,
        }),
        None => Ok(()),
    }
}

/// [`check`], with line feeds allowed (multi-line notes); carriage returns and the rest are not.
pub fn check_lines(s: &str) -> Result<(), HiddenControl> {
    match s
        .chars()
        .enumerate()
        .find(|(_, c)| *c != '\n' && is_hidden_control(*c))
    {
        Some((i, character)) => Err(HiddenControl {
            character,
            position: i + 1,
        }),
        None => Ok(()),
    }
}

/// `s` with each such character written as `\n`, `\r`, `\t` or `\u{…}`: one log line whatever the
/// input, and nothing that reorders or hides what is around it.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_ones_are_refused_and_the_rest_kept() {
        for bad in [
            "a\nb",
            "a\rb",
            "tab\there",
            "esc\u{1b}[31m",
            "del\u{7f}",
            "c1\u{85}",
            "Refund 0001\u{202E}txt.exe",
            "\u{2066}isolate\u{2069}",
            "\u{200B}zero width",
            "bom\u{FEFF}",
            "line\u{2028}separator",
            "tag\u{E0041}",
            "soft\u{AD}hyphen",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        for good in [
            "Coffee",
            "咖啡 2 杯",
            "Café crème",
            "میخواهم", // Persian
            "क्‍ष",      // with U+200D
            "👨\u{200D}👩\u{200D}👧",
            "x\u{200C}y",
            "Ω ≤ ∞ — “quoted”",
        ] {
            assert_eq!(check(good), Ok(()), "{good:?}");
        }
        assert_eq!(check_lines("line one\nline two"), Ok(()));
        assert!(check_lines("a\r\nb").is_err());
        assert!(check_lines("a\n\u{202E}b").is_err());
        let e = check("ab\u{202E}c").unwrap_err();
        assert_eq!((e.character, e.position), ('\u{202E}', 3));
        assert!(e.to_string().contains("U+202E"), "{e}");
    }

    #[test]
    fn escaping_keeps_one_line_and_shows_the_hidden() {
        assert!(matches!(escape("plain text"), Cow::Borrowed(_)));
        assert_eq!(
            escape("user\n2026-12-17 INFO forged\u{202E}x\u{1b}[2J"),
            "user\\n2026-12-17 INFO forged\\u{202e}x\\u{1b}[2J"
        );
        assert!(!escape("a\u{85}b\u{2028}c").chars().any(is_hidden_control));
    }
}
