//! Payment tickets: the merchant backend vouches for an amount a mini-program user may pay.
//!
//! `ticket = hex(HMAC-SHA256(signing secret, "{projectId}\n{orderNo}\n{amount}\n{subject}"))`,
//! amount in fen as a decimal integer, subject as sent in `payOrder` without surrounding whitespace (it is trimmed on input).

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub fn canonical(project_id: &str, order_no: &str, amount_fen: i64, subject: &str) -> String {
    format!("{project_id}\n{order_no}\n{amount_fen}\n{subject}")
}

pub fn compute(
    secret: &SecretString,
    project_id: &str,
    order_no: &str,
    amount_fen: i64,
    subject: &str,
) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(canonical(project_id, order_no, amount_fen, subject).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

pub fn verify(
    secret: &SecretString,
    project_id: &str,
    order_no: &str,
    amount_fen: i64,
    subject: &str,
    ticket: &str,
) -> bool {
    let expected = compute(secret, project_id, order_no, amount_fen, subject);
    !expected.is_empty()
        && expected
            .as_bytes()
            .ct_eq(ticket.trim().to_ascii_lowercase().as_bytes())
            .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_bind_every_field() {
        let s = SecretString::from("pcs_secret".to_owned());
        let t = compute(&s, "prj_1", "A1", 100, "Coffee");
        // Independently computed: printf 'prj_1\nA1\n100\nCoffee' | openssl dgst -sha256 -hmac pcs_secret
        assert_eq!(
            t,
            "b0a03bf0a6dff21e7262201d8b30348a262b9eda910cedcf3765bf692198d171"
        );
        assert!(verify(&s, "prj_1", "A1", 100, "Coffee", &t));
        assert!(verify(&s, "prj_1", "A1", 100, "Coffee", &t.to_uppercase()));
        assert!(!verify(&s, "prj_1", "A1", 101, "Coffee", &t));
        assert!(!verify(&s, "prj_1", "A2", 100, "Coffee", &t));
        assert!(!verify(&s, "prj_2", "A1", 100, "Coffee", &t));
        assert!(!verify(&s, "prj_1", "A1", 100, "Tea", &t));
        assert!(!verify(
            &SecretString::from("other".to_owned()),
            "prj_1",
            "A1",
            100,
            "Coffee",
            &t
        ));
    }
}
