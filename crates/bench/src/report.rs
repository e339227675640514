//! The table.

use std::time::Duration;

use super::stats::Sample;

/// One line of the table.
pub struct Row {
    pub name: String,
    pub value: String,
    pub p50: String,
    pub p99: String,
    pub max: String,
    pub target: String,
    pub met: Option<bool>,
    pub vs_limit: String,
    pub note: String,
}

pub fn ms(d: Option<Duration>) -> String {
    d.map(|d| format!("{:.2} ms", d.as_secs_f64() * 1e3))
        .unwrap_or_else(|| "-".into())
}

/// A limit's row: no target, nothing to compare it with.
pub fn limit_row(name: &str, s: &Sample) -> Row {
    rate_row(name, s, "-", None, "-".into())
}

/// A throughput row from a sample.
pub fn rate_row(name: &str, s: &Sample, target: &str, met: Option<bool>, vs_limit: String) -> Row {
    let mut note = format!(
        "{} ok, {} errors in {:.1} s",
        s.ok,
        s.errors,
        s.elapsed.as_secs_f64()
    );
    if let Some(d) = &s.detail {
        note.push_str(&format!("; {d}"));
    }
    if let Some(e) = &s.first_error {
        let e: String = e.chars().take(160).collect();
        note.push_str(&format!("; first error: {e}"));
    }
    Row {
        name: name.into(),
        value: format!("{:.0}/s", s.rate()),
        p50: ms(s.quantile(0.5)),
        p99: ms(s.quantile(0.99)),
        max: ms(s.max()),
        target: target.into(),
        met,
        vs_limit,
        note,
    }
}

pub fn ratio(ours: f64, limit: f64, limit_name: &str) -> String {
    if limit > 0.0 {
        format!(
            "{:.1}% of {limit_name} ({limit:.0}/s)",
            100.0 * ours / limit
        )
    } else {
        "-".into()
    }
}

pub fn print(title: &str, rows: &[Row]) {
    println!("\n## {title}\n");
    println!("| Measure | Result | p50 | p99 | max | Target | Met | vs limit | Notes |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "-",
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name, r.value, r.p50, r.p99, r.max, r.target, met, r.vs_limit, r.note
        );
    }
}
