//! Counters for `GET /metrics` (Prometheus text format), kept in memory per instance (Prometheus
//! sums instances). Orders are counted as they are created and as their state changes, never by
//! scanning the orders table at scrape time; only the outbox queue's depth (a few rows, indexed)
//! is read from the database.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDate;
use paycenter_domain::{Channel, OrderState};
use paycenter_domain::{Provider, ReconciliationStatus};

/// Callback latency histogram bounds (seconds).
const BUCKETS: [f64; 8] = [0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Reconciliation gauges per (project, provider): open discrepancies, last day reconciled DONE.
pub type ReconciliationGauges = BTreeMap<(String, Provider), (i64, Option<NaiveDate>)>;

/// A gauge read at scrape time: name, help, and (labels, value) pairs.
pub type Gauge = (&'static str, &'static str, Vec<(String, f64)>);

#[derive(Default)]
pub struct Metrics {
    /// [provider][outcome]: wechat/alipay × accepted/refused/error.
    notifies: [[AtomicU64; 3]; 2],
    callbacks_ok: AtomicU64,
    callbacks_failed: AtomicU64,
    callback_buckets: [AtomicU64; BUCKETS.len()],
    callback_latency_ms_sum: AtomicU64,
    /// Orders created, by channel (`Channel::ALL` order).
    orders_created: [AtomicU64; Channel::ALL.len()],
    /// State changes committed, by the state entered (`OrderState::ALL` order).
    order_entered: [AtomicU64; OrderState::ALL.len()],
    /// Reconciliation runs by how they ended (`ReconciliationStatus::ALL` order).
    reconciliation_runs: [AtomicU64; ReconciliationStatus::ALL.len()],
    /// Per (project, provider): open discrepancies and the last day reconciled DONE, as the
    /// reconciliation job and resolutions last saw them (`services::reconciliation`).
    reconciliation: Mutex<ReconciliationGauges>,
}

#[derive(Debug, Clone, Copy)]
pub enum NotifyOutcome {
    Accepted,
    Refused,
    Error,
}

impl Metrics {
    pub fn notify(&self, provider: paycenter_domain::Provider, outcome: NotifyOutcome) {
        let p = match provider {
            paycenter_domain::Provider::Wechat => 0,
            paycenter_domain::Provider::Alipay => 1,
        };
        self.notifies[p][outcome as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub fn order_created(&self, channel: Channel) {
        if let Some(i) = Channel::ALL.iter().position(|c| *c == channel) {
            self.orders_created[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn order_entered(&self, state: OrderState) {
        if let Some(i) = OrderState::ALL.iter().position(|s| *s == state) {
            self.order_entered[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn callback_attempt(&self, acknowledged: bool, latency: Duration) {
        if acknowledged {
            self.callbacks_ok.fetch_add(1, Ordering::Relaxed);
        } else {
            self.callbacks_failed.fetch_add(1, Ordering::Relaxed);
        }
        let secs = latency.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                self.callback_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.callback_latency_ms_sum.fetch_add(
            u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    /// Counts a finished reconciliation run.
    pub fn reconciliation_run(&self, status: ReconciliationStatus) {
        if let Some(i) = ReconciliationStatus::ALL.iter().position(|s| *s == status) {
            self.reconciliation_runs[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Sets the reconciliation gauges of the given (project, provider) pairs; `replace_all`
    /// drops the pairs not given (a full reload).
    pub fn set_reconciliation(&self, gauges: ReconciliationGauges, replace_all: bool) {
        if let Ok(mut m) = self.reconciliation.lock() {
            if replace_all {
                *m = gauges;
            } else {
                m.extend(gauges);
            }
        }
    }

    fn render_reconciliation(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "# HELP paycenter_reconciliation_runs_total Reconciliation runs, by how they ended."
        );
        let _ = writeln!(out, "# TYPE paycenter_reconciliation_runs_total counter");
        for (i, s) in ReconciliationStatus::ALL.iter().enumerate() {
            let _ = writeln!(
                out,
                "paycenter_reconciliation_runs_total{{status=\"{s}\"}} {}",
                self.reconciliation_runs[i].load(Ordering::Relaxed)
            );
        }
        let Ok(m) = self.reconciliation.lock() else {
            return;
        };
        let _ = writeln!(
            out,
            "# HELP paycenter_reconciliation_open_discrepancies Reconciliation discrepancies waiting for a person."
        );
        let _ = writeln!(
            out,
            "# TYPE paycenter_reconciliation_open_discrepancies gauge"
        );
        for ((project, provider), (open, _)) in m.iter() {
            let _ = writeln!(
                out,
                "paycenter_reconciliation_open_discrepancies{{project=\"{project}\",provider=\"{provider}\"}} {open}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP paycenter_reconciliation_last_success_day_seconds Start (Beijing time, as a Unix time) of the last day reconciled DONE."
        );
        let _ = writeln!(
            out,
            "# TYPE paycenter_reconciliation_last_success_day_seconds gauge"
        );
        for ((project, provider), (_, day)) in m.iter() {
            if let Some(start) = day.and_then(|d| d.and_hms_opt(0, 0, 0)) {
                let unix = start.and_utc().timestamp() - 8 * 3600;
                let _ = writeln!(
                    out,
                    "paycenter_reconciliation_last_success_day_seconds{{project=\"{project}\",provider=\"{provider}\"}} {unix}"
                );
            }
        }
    }

    /// Renders the counters; `gauges` are (name, help, labelled values) read by the caller.
    pub fn render(&self, gauges: &[Gauge]) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP paycenter_notifies_total Provider notifies received, by outcome."
        );
        let _ = writeln!(out, "# TYPE paycenter_notifies_total counter");
        for (pi, provider) in ["wechat", "alipay"].iter().enumerate() {
            for (oi, outcome) in ["accepted", "refused", "error"].iter().enumerate() {
                let _ = writeln!(
                    out,
                    "paycenter_notifies_total{{provider=\"{provider}\",outcome=\"{outcome}\"}} {}",
                    self.notifies[pi][oi].load(Ordering::Relaxed)
                );
            }
        }
        let ok = self.callbacks_ok.load(Ordering::Relaxed);
        let failed = self.callbacks_failed.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP paycenter_callback_attempts_total Merchant callback attempts, by result."
        );
        let _ = writeln!(out, "# TYPE paycenter_callback_attempts_total counter");
        let _ = writeln!(
            out,
            "paycenter_callback_attempts_total{{result=\"acknowledged\"}} {ok}"
        );
        let _ = writeln!(
            out,
            "paycenter_callback_attempts_total{{result=\"failed\"}} {failed}"
        );
        let _ = writeln!(
            out,
            "# HELP paycenter_callback_latency_seconds Merchant callback latency."
        );
        let _ = writeln!(out, "# TYPE paycenter_callback_latency_seconds histogram");
        for (i, b) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "paycenter_callback_latency_seconds_bucket{{le=\"{b}\"}} {}",
                self.callback_buckets[i].load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "paycenter_callback_latency_seconds_bucket{{le=\"+Inf\"}} {}",
            ok + failed
        );
        let sum_ms = self.callback_latency_ms_sum.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "paycenter_callback_latency_seconds_sum {}.{:03}",
            sum_ms / 1000,
            sum_ms % 1000
        );
        let _ = writeln!(
            out,
            "paycenter_callback_latency_seconds_count {}",
            ok + failed
        );
        let _ = writeln!(
            out,
            "# HELP paycenter_orders_created_total Orders created, by channel."
        );
        let _ = writeln!(out, "# TYPE paycenter_orders_created_total counter");
        for (c, n) in Channel::ALL.iter().zip(&self.orders_created) {
            let _ = writeln!(
                out,
                "paycenter_orders_created_total{{channel=\"{c}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP paycenter_order_state_changes_total Order state changes committed, by the state entered."
        );
        let _ = writeln!(out, "# TYPE paycenter_order_state_changes_total counter");
        for (s, n) in OrderState::ALL.iter().zip(&self.order_entered) {
            let _ = writeln!(
                out,
                "paycenter_order_state_changes_total{{to=\"{s}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        self.render_reconciliation(&mut out);
        for (name, help, values) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            for (labels, v) in values {
                if labels.is_empty() {
                    let _ = writeln!(out, "{name} {v}");
                } else {
                    let _ = writeln!(out, "{name}{{{labels}}} {v}");
                }
            }
        }
        out
    }
}
