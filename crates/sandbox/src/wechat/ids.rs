//! Identifiers shaped like WeChat's own.

use chrono::Utc;
use rand::distributions::{Alphanumeric, DistString, Distribution, Uniform};
use rand::Rng;

use paycenter_providers::wechat_v2::client::format_beijing_compact;

const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn digits(n: usize) -> String {
    let d = Uniform::from(0..10u8);
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(b'0' + d.sample(&mut rng)))
        .collect()
}

/// `yyyyMMdd` today in Beijing time.
fn beijing_date() -> String {
    format_beijing_compact(Utc::now())[..8].to_owned()
}

/// A 32-character `nonce_str`.
pub fn nonce() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
}

/// `wx` + Beijing `yyyyMMddHHmmss` + 20 random hex digits (like `wx201410272009395522657a690389285100`).
pub fn prepay_id() -> String {
    let r: u128 = rand::thread_rng().gen();
    let hex = format!("{r:032x}");
    format!("wx{}{}", format_beijing_compact(Utc::now()), &hex[..20])
}

/// A NATIVE `code_url`.
pub fn code_url() -> String {
    format!(
        "weixin://wxpay/bizpayurl?pr={}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 7)
    )
}

/// 28 digits: `4200` + 6 digits + Beijing `yyyyMMdd` + 10 digits.
pub fn transaction_id() -> String {
    format!("4200{}{}{}", digits(6), beijing_date(), digits(10))
}

/// 29 digits: `50` + 9 digits + Beijing `yyyyMMdd` + 10 digits.
pub fn refund_id() -> String {
    format!("50{}{}{}", digits(9), beijing_date(), digits(10))
}

/// `o` + 27 url-safe characters, the shape of a real openid.
pub fn openid() -> String {
    let pick = Uniform::from(0..URL_SAFE.len());
    let mut rng = rand::thread_rng();
    std::iter::once('o')
        .chain((0..27).map(|_| char::from(URL_SAFE[pick.sample(&mut rng)])))
        .collect()
}

/// A mini-program login code (32 characters).
pub fn login_code() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
}

/// A `session_key`: base64 of 16 random bytes.
pub fn session_key() -> String {
    use base64::Engine;
    let bytes: [u8; 16] = rand::thread_rng().gen();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The `rid` WeChat appends to error messages (`rid: 6523f5f5-1a2b3c4d-5e6f7a8b`).
pub fn rid() -> String {
    let mut rng = rand::thread_rng();
    format!(
        "{:08x}-{:08x}-{:08x}",
        rng.gen::<u32>(),
        rng.gen::<u32>(),
        rng.gen::<u32>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let t = transaction_id();
        assert_eq!(t.len(), 28);
        assert!(t.starts_with("4200") && t.bytes().all(|b| b.is_ascii_digit()));
        let r = refund_id();
        assert_eq!(r.len(), 29);
        assert!(r.bytes().all(|b| b.is_ascii_digit()));
        let o = openid();
        assert_eq!(o.len(), 28);
        assert!(o.starts_with('o'));
        assert!(o.bytes().all(|b| URL_SAFE.contains(&b)));
        let p = prepay_id();
        assert_eq!(p.len(), 36);
        assert!(p.starts_with("wx"));
        assert!(code_url().starts_with("weixin://wxpay/bizpayurl?pr="));
        assert_eq!(nonce().len(), 32);
        assert_eq!(session_key().len(), 24);
    }
}
