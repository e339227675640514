//! Fault injection for reliability tests: `POST /sandbox/faults`, `GET /sandbox/faults`,
//! `DELETE /sandbox/faults`.
//!
//! Faults are test controls of one running sandbox, not provider data, so they live in memory
//! (bounded: one global rule plus at most `MAX_RULES` per-merchant and `MAX_RULES` per-trade
//! rules) and vanish on restart.
//!
//! Body: `{ "merchantId"?: mch_id or Alipay app_id (omit for global), "latencyMs"?: n,
//! "timeout"?: bool (hold the request 60 s), "httpStatus"?: 5xx, "systemError"?: bool (SYSTEMERROR /
//! ACQ.SYSTEM_ERROR), "badSignature"?: bool (sign replies and notifies with a wrong key),
//! "dropNotifies"?: bool (never deliver notifies), "refuseRefunds"?: bool (refund applications are
//! refused: WeChat NOTENOUGH / v3 403 NOT_ENOUGH, Alipay ACQ.SELLER_BALANCE_NOT_ENOUGH), "count"?: n
//! (apply to the next n requests only), "rotateCertificate"?: bool }`.
//!
//! WeChat Pay v3 calls take the same rules by mch_id: `systemError` answers 500 SYSTEM_ERROR,
//! `badSignature` signs replies and notifies with a key the merchant does not have, `httpStatus`
//! and `timeout` stand for the gateway in front. `rotateCertificate` (with `merchantId`, a
//! certificate-mode v3 merchant) is an action, not a rule: the emulated WeChat renews that
//! merchant's platform certificate at once; the new serial signs from then on and the client
//! must download it from `/v3/certificates`.
//!
//! `"notifyDelayMs"?: n` holds each notify back n ms (a paid web cashier trade's browser, sent
//! back to `return_url` at once, then arrives before the notify does), by merchant, globally, or
//! for one trade.
//!
//! A rule naming `"outTradeNo"` (with its `merchantId`) is about one trade, for reconciliation
//! and web cashier tests; it takes only these fields (and `notifyDelayMs`):
//! - `"dropNotifies": true`: the trade's pay and refund notifies are lost (recorded as given up,
//!   never delivered): the buyer pays and paycenter never hears of it, while queries and the bill
//!   tell the truth.
//! - `"billAmountFen": n`: the day's bill states n fen as the trade's amount (and its fee at that
//!   amount) on its payment line: a bill that differs from the trade.
//! - `"portalRefundFen": n`: an action, done when the rule is posted: a refund of n fen made "in
//!   the merchant portal", with an out_refund_no the provider makes up (WeChat: the refund id;
//!   Alipay: a number of its own) and no notify. The trade must be paid with n fen left to refund
//!   (404 / 409 otherwise). It shows in refund queries and in the refund day's bill.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{SandboxError, SandboxState};

const MAX_RULES: usize = 1000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub timeout: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(default)]
    pub system_error: bool,
    #[serde(default)]
    pub bad_signature: bool,
    #[serde(default)]
    pub drop_notifies: bool,
    #[serde(default)]
    pub refuse_refunds: bool,
    /// Notifies go out this long after what they report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rotate_certificate: bool,
    /// Scopes the rule to one trade of `merchant_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// (Trade rules) the amount the bill states for the trade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_amount_fen: Option<i64>,
    /// (Trade rules) a refund made in the merchant portal now; not kept in the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_refund_fen: Option<i64>,
}

impl FaultSpec {
    /// Whether only trade-rule fields are set (request faults make no sense for one trade).
    fn is_trade_rule_only(&self) -> bool {
        let FaultSpec {
            merchant_id: _,
            latency_ms,
            timeout,
            http_status,
            system_error,
            bad_signature,
            drop_notifies: _,
            refuse_refunds,
            notify_delay_ms: _,
            count,
            rotate_certificate,
            out_trade_no: _,
            bill_amount_fen: _,
            portal_refund_fen: _,
        } = self;
        *latency_ms == 0
            && !rotate_certificate
            && !timeout
            && http_status.is_none()
            && !system_error
            && !bad_signature
            && !refuse_refunds
            && count.is_none()
    }
}

/// What applies to one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActiveFault {
    pub latency: Duration,
    pub timeout: bool,
    pub http_status: Option<u16>,
    pub system_error: bool,
    pub bad_signature: bool,
    /// Refund applications answer "balance not enough".
    pub refuse_refunds: bool,
}

#[derive(Default)]
pub struct Faults {
    rules: Mutex<Rules>,
}

#[derive(Default)]
struct Rules {
    global: Option<FaultSpec>,
    merchants: HashMap<String, FaultSpec>,
    /// By (merchant, out_trade_no).
    trades: HashMap<(String, String), FaultSpec>,
}

impl Faults {
    pub fn set(&self, spec: FaultSpec) -> Result<(), SandboxError> {
        if let Some(no) = spec.out_trade_no.clone() {
            return self.set_trade_rule(no, spec);
        }
        if spec.bill_amount_fen.is_some() || spec.portal_refund_fen.is_some() {
            return Err(SandboxError::BadRequest(
                "billAmountFen and portalRefundFen need an outTradeNo".into(),
            ));
        }
        if let Some(s) = spec.http_status {
            if !(500..=599).contains(&s) {
                return Err(SandboxError::BadRequest("httpStatus must be 5xx".into()));
            }
        }
        let mut r = self
            .rules
            .lock()
            .map_err(|_| SandboxError::Internal("faults lock".into()))?;
        match spec.merchant_id.clone() {
            Some(m) => {
                if r.merchants.len() >= MAX_RULES && !r.merchants.contains_key(&m) {
                    return Err(SandboxError::BadRequest(format!(
                        "at most {MAX_RULES} merchant rules"
                    )));
                }
                r.merchants.insert(m, spec);
            }
            None => r.global = Some(spec),
        }
        Ok(())
    }

    /// Stores a trade rule (without its portal refund, an action the caller performs).
    fn set_trade_rule(
        &self,
        out_trade_no: String,
        mut spec: FaultSpec,
    ) -> Result<(), SandboxError> {
        let Some(merchant) = spec.merchant_id.clone() else {
            return Err(SandboxError::BadRequest(
                "a rule naming outTradeNo needs its merchantId".into(),
            ));
        };
        if !spec.is_trade_rule_only() {
            return Err(SandboxError::BadRequest(
                "a rule naming outTradeNo takes only dropNotifies, notifyDelayMs, billAmountFen and portalRefundFen"
                    .into(),
            ));
        }
        if spec.bill_amount_fen.is_some_and(|f| f < 0) {
            return Err(SandboxError::BadRequest("billAmountFen must be ≥ 0".into()));
        }
        spec.portal_refund_fen = None;
        if !spec.drop_notifies && spec.bill_amount_fen.is_none() && spec.notify_delay_ms.is_none() {
            return Ok(());
        }
        let mut r = self
            .rules
            .lock()
            .map_err(|_| SandboxError::Internal("faults lock".into()))?;
        let key = (merchant, out_trade_no);
        if r.trades.len() >= MAX_RULES && !r.trades.contains_key(&key) {
            return Err(SandboxError::BadRequest(format!(
                "at most {MAX_RULES} trade rules"
            )));
        }
        r.trades.insert(key, spec);
        Ok(())
    }

    /// The rule for one trade, if any.
    fn trade_rule(&self, merchant_id: &str, out_trade_no: &str) -> Option<FaultSpec> {
        self.rules
            .lock()
            .ok()?
            .trades
            .get(&(merchant_id.to_owned(), out_trade_no.to_owned()))
            .cloned()
    }

    /// Whether the notifies of this trade are to be lost.
    pub fn drops_trade_notifies(&self, merchant_id: &str, out_trade_no: &str) -> bool {
        self.trade_rule(merchant_id, out_trade_no)
            .is_some_and(|s| s.drop_notifies)
    }

    /// How long the notifies of this trade are held back: the trade's rule, else its
    /// merchant's, else the global one.
    pub fn notify_delay(&self, merchant_id: &str, out_trade_no: &str) -> Option<Duration> {
        let r = self.rules.lock().ok()?;
        r.trades
            .get(&(merchant_id.to_owned(), out_trade_no.to_owned()))
            .and_then(|s| s.notify_delay_ms)
            .or_else(|| {
                r.merchants
                    .get(merchant_id)
                    .or(r.global.as_ref())
                    .and_then(|s| s.notify_delay_ms)
            })
            .map(Duration::from_millis)
    }

    /// The amount the bill is to state for this trade, when a rule changes it.
    pub fn bill_amount(&self, merchant_id: &str, out_trade_no: &str) -> Option<i64> {
        self.trade_rule(merchant_id, out_trade_no)
            .and_then(|s| s.bill_amount_fen)
    }

    pub fn clear(&self) {
        if let Ok(mut r) = self.rules.lock() {
            *r = Rules::default();
        }
    }

    pub fn list(&self) -> Vec<FaultSpec> {
        self.rules
            .lock()
            .map(|r| {
                r.global
                    .iter()
                    .chain(r.merchants.values())
                    .chain(r.trades.values())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The fault for a request of `merchant_id` (merchant rule first, then global), consuming one
    /// use of a counted rule.
    pub fn take(&self, merchant_id: &str) -> Option<ActiveFault> {
        let mut r = self.rules.lock().ok()?;
        let Rules {
            global, merchants, ..
        } = &mut *r;
        let (spec, from_merchant) = match merchants.get_mut(merchant_id) {
            Some(s) => (s, true),
            None => (global.as_mut()?, false),
        };
        let active = ActiveFault {
            latency: Duration::from_millis(spec.latency_ms),
            timeout: spec.timeout,
            http_status: spec.http_status,
            system_error: spec.system_error,
            bad_signature: spec.bad_signature,
            refuse_refunds: spec.refuse_refunds,
        };
        if let Some(c) = spec.count.as_mut() {
            *c = c.saturating_sub(1);
            if *c == 0 {
                if from_merchant {
                    merchants.remove(merchant_id);
                } else {
                    *global = None;
                }
            }
        }
        Some(active)
    }

    /// Whether a `badSignature` rule applies to the merchant (its own rule first, then the
    /// global one), without spending a use of a counted rule: notifies are not API calls.
    pub fn bad_signature_for(&self, merchant_id: &str) -> bool {
        self.rules
            .lock()
            .map(|r| {
                r.merchants
                    .get(merchant_id)
                    .or(r.global.as_ref())
                    .is_some_and(|s| s.bad_signature)
            })
            .unwrap_or(false)
    }

    /// Whether notifies to this merchant are to be dropped.
    pub fn drops_notifies(&self, merchant_id: &str) -> bool {
        self.rules
            .lock()
            .map(|r| {
                r.merchants
                    .get(merchant_id)
                    .or(r.global.as_ref())
                    .is_some_and(|s| s.drop_notifies)
            })
            .unwrap_or(false)
    }
}

impl ActiveFault {
    /// Sleeps for the injected latency (or long enough for any client to time out).
    pub async fn delay(&self) {
        if self.timeout {
            tokio::time::sleep(Duration::from_secs(60)).await;
        } else if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
    }
}

pub fn router() -> Router<SandboxState> {
    Router::new().route(
        "/faults",
        post(set_fault).get(list_faults).delete(clear_faults),
    )
}

async fn set_fault(
    State(state): State<SandboxState>,
    Json(mut spec): Json<FaultSpec>,
) -> Result<Json<Vec<FaultSpec>>, SandboxError> {
    if spec.rotate_certificate {
        let mch_id = spec.merchant_id.clone().ok_or_else(|| {
            SandboxError::BadRequest("rotateCertificate needs merchantId (a v3 mch_id)".into())
        })?;
        super::wechat_v3::keys::rotate(&state, &mch_id).await?;
        spec.rotate_certificate = false;
        // A rotation alone sets no rule.
        if spec
            == (FaultSpec {
                merchant_id: spec.merchant_id.clone(),
                ..FaultSpec::default()
            })
        {
            return Ok(Json(state.faults.list()));
        }
    }
    let portal = match (
        &spec.merchant_id,
        &spec.out_trade_no,
        spec.portal_refund_fen,
    ) {
        (Some(m), Some(no), Some(fen)) => Some((m.clone(), no.clone(), fen)),
        _ => None,
    };
    state.faults.set(spec)?;
    if let Some((merchant, no, fen)) = portal {
        crate::portal::refund(&state, &merchant, &no, fen).await?;
    }
    Ok(Json(state.faults.list()))
}

async fn list_faults(State(state): State<SandboxState>) -> Json<Vec<FaultSpec>> {
    Json(state.faults.list())
}

async fn clear_faults(State(state): State<SandboxState>) -> Json<Vec<FaultSpec>> {
    state.faults.clear();
    Json(state.faults.list())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn merchant_rules_win_and_counts_run_out() {
        let f = Faults::default();
        f.set(FaultSpec {
            system_error: true,
            ..Default::default()
        })
        .unwrap();
        f.set(FaultSpec {
            merchant_id: Some("m1".into()),
            http_status: Some(503),
            count: Some(1),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(f.take("m1").unwrap().http_status, Some(503));
        // The counted rule is spent: the global one applies again.
        assert!(f.take("m1").unwrap().system_error);
        assert!(f.take("other").unwrap().system_error);
        f.clear();
        assert!(f.take("m1").is_none());
        assert!(f
            .set(FaultSpec {
                http_status: Some(404),
                ..Default::default()
            })
            .is_err());
    }

    #[test]
    fn trade_rules_are_separate_and_take_only_trade_fields() {
        let f = Faults::default();
        let trade = |extra: FaultSpec| FaultSpec {
            merchant_id: Some("m1".into()),
            out_trade_no: Some("T1".into()),
            ..extra
        };
        f.set(trade(FaultSpec {
            drop_notifies: true,
            bill_amount_fen: Some(5),
            portal_refund_fen: Some(1),
            ..Default::default()
        }))
        .unwrap();
        assert!(f.drops_trade_notifies("m1", "T1"));
        assert!(!f.drops_trade_notifies("m1", "T2"));
        assert!(!f.drops_notifies("m1"));
        assert_eq!(f.bill_amount("m1", "T1"), Some(5));
        // Request faults are not affected by a trade rule.
        assert!(f.take("m1").is_none());
        // The portal refund is an action, not kept.
        assert_eq!(f.list()[0].portal_refund_fen, None);
        for bad in [
            trade(FaultSpec {
                system_error: true,
                ..Default::default()
            }),
            FaultSpec {
                out_trade_no: Some("T1".into()),
                drop_notifies: true,
                ..Default::default()
            },
            FaultSpec {
                merchant_id: Some("m1".into()),
                bill_amount_fen: Some(1),
                ..Default::default()
            },
            trade(FaultSpec {
                bill_amount_fen: Some(-1),
                ..Default::default()
            }),
        ] {
            assert!(f.set(bad).is_err());
        }
        f.clear();
        assert!(!f.drops_trade_notifies("m1", "T1"));
    }

    #[test]
    fn notify_delays_by_trade_then_merchant() {
        let f = Faults::default();
        assert_eq!(f.notify_delay("m1", "T1"), None);
        f.set(FaultSpec {
            merchant_id: Some("m1".into()),
            notify_delay_ms: Some(500),
            ..Default::default()
        })
        .unwrap();
        f.set(FaultSpec {
            merchant_id: Some("m1".into()),
            out_trade_no: Some("T1".into()),
            notify_delay_ms: Some(2000),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            f.notify_delay("m1", "T1"),
            Some(Duration::from_millis(2000))
        );
        assert_eq!(f.notify_delay("m1", "T2"), Some(Duration::from_millis(500)));
        assert_eq!(f.notify_delay("m2", "T1"), None);
        assert!(!f.drops_trade_notifies("m1", "T1"));
    }
}
