//! The synchronous return of Alipay's web cashiers: after a page or wap payment Alipay sends the
//! buyer's browser to `return_url` with a GET whose query is signed like a notify (RSA2 over the
//! sorted fields without `sign` and `sign_type`): `charset, out_trade_no, method
//! (alipay.trade.page.pay.return | alipay.trade.wap.pay.return), total_amount, sign, trade_no,
//! auth_app_id, version, app_id, sign_type, seller_id, timestamp`.
//!
//! It carries no trade status. A verified return says only that Alipay sent this browser back
//! for this trade; whether it is paid is for a notify or a query to say.

use std::collections::BTreeMap;

use super::client::{METHOD_PAGE_PAY, METHOD_WAP_PAY};
use super::notify::parse_notify_form;
use super::sign::{notify_content_to_verify, rsa2_verify_with};
use super::Alipay;
use crate::{BrowserReturn, ProviderError};
use paycenter_domain::Amount;

/// The `method` of a return from `alipay.trade.page.pay` / `alipay.trade.wap.pay`.
pub fn return_method(pay_method: &str) -> String {
    format!("{pay_method}.return")
}

/// The fields of a return query (`a=1&b=2`), decoded; a name given twice is refused.
pub fn parse_return_query(query: &str) -> Result<BTreeMap<String, String>, ProviderError> {
    parse_notify_form(query.as_bytes())
        .map_err(|e| ProviderError::Malformed(e.to_string().replace("notify", "return")))
}

/// What a return whose signature checked out names (pure).
pub fn browser_return_from(
    fields: &BTreeMap<String, String>,
    app_id: &str,
) -> Result<BrowserReturn, ProviderError> {
    let get = |name: &str| {
        fields
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let method = get("method").unwrap_or_default();
    if method != return_method(METHOD_PAGE_PAY) && method != return_method(METHOD_WAP_PAY) {
        return Err(ProviderError::Malformed(format!(
            "not a web cashier return: method {method:?}"
        )));
    }
    let signed_for = get("app_id")
        .ok_or_else(|| ProviderError::Malformed("Alipay return has no `app_id`".into()))?;
    if signed_for != app_id {
        return Err(ProviderError::Malformed(format!(
            "Alipay return is for app {signed_for}, not {app_id}"
        )));
    }
    let out_trade_no = get("out_trade_no")
        .ok_or_else(|| ProviderError::Malformed("Alipay return has no `out_trade_no`".into()))?;
    let total_amount = get("total_amount")
        .map(|s| {
            Amount::parse_yuan(s).map_err(|_| {
                ProviderError::Malformed(format!("Alipay return `total_amount` {s:?}"))
            })
        })
        .transpose()?;
    Ok(BrowserReturn {
        out_trade_no: out_trade_no.to_owned(),
        app_id: signed_for.to_owned(),
        provider_trade_no: get("trade_no").map(str::to_owned),
        total_amount,
    })
}

impl Alipay {
    /// Verifies a return's query string with this merchant's Alipay public key.
    pub fn verify_browser_return(&self, query: &str) -> Result<BrowserReturn, ProviderError> {
        let fields = parse_return_query(query)?;
        let sig = fields
            .get("sign")
            .filter(|s| !s.is_empty())
            .ok_or(ProviderError::InvalidSignature)?;
        rsa2_verify_with(
            &self.verifier,
            notify_content_to_verify(&fields).as_bytes(),
            sig,
        )?;
        browser_return_from(&fields, &self.app_id)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::alipay::client::tests::{platform_signer, sandbox_alipay, APP_ID};
    use crate::alipay::gateway::form_encode;
    use crate::alipay::sign::rsa2_sign;
    use crate::{IncomingRequest, VerifyNotify};

    fn fields(method: &str) -> BTreeMap<String, String> {
        [
            ("charset", "utf-8"),
            ("out_trade_no", "T100"),
            ("method", method),
            ("total_amount", "12.34"),
            ("trade_no", "2024010122001400000000000009"),
            ("auth_app_id", APP_ID),
            ("version", "1.0"),
            ("app_id", APP_ID),
            ("sign_type", "RSA2"),
            ("seller_id", "2088000122671080"),
            ("timestamp", "2024-01-01 12:00:05"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    fn signed(mut f: BTreeMap<String, String>) -> BTreeMap<String, String> {
        let sig = rsa2_sign(&platform_signer(), &notify_content_to_verify(&f)).unwrap();
        f.insert("sign".into(), sig);
        f
    }

    fn verify(f: &BTreeMap<String, String>) -> Result<BrowserReturn, ProviderError> {
        sandbox_alipay("http://127.0.0.1:9/gateway.do").verify_browser_return(&form_encode(f))
    }

    #[test]
    fn a_signed_return_names_its_trade() {
        for method in [
            "alipay.trade.page.pay.return",
            "alipay.trade.wap.pay.return",
        ] {
            let r = verify(&signed(fields(method))).unwrap();
            assert_eq!(
                r,
                BrowserReturn {
                    out_trade_no: "T100".into(),
                    app_id: APP_ID.into(),
                    provider_trade_no: Some("2024010122001400000000000009".into()),
                    total_amount: Some(Amount::from_fen(1234).unwrap()),
                }
            );
        }
        // Through the provider trait, as the server calls it.
        let a = sandbox_alipay("http://127.0.0.1:9/gateway.do");
        let query = form_encode(&signed(fields("alipay.trade.page.pay.return")));
        let headers = reqwest::header::HeaderMap::new();
        let req = IncomingRequest {
            method: "GET",
            path: "/return/alipay/prj_1",
            query: Some(&query),
            headers: &headers,
            body: b"",
            received_at: chrono::Utc::now(),
        };
        assert_eq!(a.verify_return(&req).unwrap().out_trade_no, "T100");
        let bare = IncomingRequest { query: None, ..req };
        assert!(a.verify_return(&bare).is_err());
    }

    #[test]
    fn forged_tampered_and_unsigned_returns_are_refused() {
        let good = signed(fields("alipay.trade.page.pay.return"));
        // Unsigned.
        let mut unsigned = good.clone();
        unsigned.remove("sign");
        assert!(matches!(
            verify(&unsigned),
            Err(ProviderError::InvalidSignature)
        ));
        // Tampered after signing: another trade, another amount.
        for (k, v) in [("out_trade_no", "T101"), ("total_amount", "0.01")] {
            let mut t = good.clone();
            t.insert(k.into(), v.into());
            assert!(
                matches!(verify(&t), Err(ProviderError::InvalidSignature)),
                "{k}"
            );
        }
        // A field added that the signature does not cover.
        let mut extra = good.clone();
        extra.insert("trade_status".into(), "TRADE_SUCCESS".into());
        assert!(matches!(
            verify(&extra),
            Err(ProviderError::InvalidSignature)
        ));
        // Signed by a key that is not Alipay's (the merchant's own app key here).
        let mut forged = fields("alipay.trade.page.pay.return");
        let other = crate::rsa_keys::RsaSigner::parse(&crate::alipay::testdata::fixture(
            "app_2014060600164699_rsa2_private_key_no_wrapper.pem",
        ))
        .unwrap();
        let sig = rsa2_sign(&other, &notify_content_to_verify(&forged)).unwrap();
        forged.insert("sign".into(), sig);
        assert!(matches!(
            verify(&forged),
            Err(ProviderError::InvalidSignature)
        ));
        // A name twice.
        let twice = format!("{}&out_trade_no=T101", form_encode(&good));
        assert!(matches!(
            sandbox_alipay("http://x/gateway.do").verify_browser_return(&twice),
            Err(ProviderError::Malformed(_))
        ));
    }

    #[test]
    fn genuine_signatures_over_the_wrong_thing_are_refused() {
        // A notify's fields are signed the same way, but a notify is not a return.
        let mut notify = fields("alipay.trade.page.pay.return");
        notify.remove("method");
        notify.insert("notify_type".into(), "trade_status_sync".into());
        assert!(matches!(
            verify(&signed(notify)),
            Err(ProviderError::Malformed(_))
        ));
        // Another app's return (misrouted to this merchant).
        let mut other_app = fields("alipay.trade.wap.pay.return");
        other_app.insert("app_id".into(), "2021000000000001".into());
        assert!(matches!(
            verify(&signed(other_app)),
            Err(ProviderError::Malformed(_))
        ));
        for missing in ["out_trade_no", "app_id"] {
            let mut f = fields("alipay.trade.page.pay.return");
            f.remove(missing);
            assert!(
                matches!(verify(&signed(f)), Err(ProviderError::Malformed(_))),
                "{missing}"
            );
        }
        let mut bad_amount = fields("alipay.trade.page.pay.return");
        bad_amount.insert("total_amount".into(), "12.345".into());
        assert!(matches!(
            verify(&signed(bad_amount)),
            Err(ProviderError::Malformed(_))
        ));
    }
}
