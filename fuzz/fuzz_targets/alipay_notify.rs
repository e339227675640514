//! Alipay notify form parsing and verification. The first byte picks the mode: even, the raw body
//! (and the post-verification mapping of whatever fields it parses to); odd, its fields signed
//! with the platform key, which must then pass the signature check.

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use paycenter_providers::alipay::notify::{parse_notify_form, pay_notification_from};
use paycenter_providers::alipay::{notify_content_to_verify, sign::rsa2_sign};
use paycenter_providers::ProviderError;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let alipay = common::alipay();
    if mode % 2 == 0 {
        let _ = alipay.verify_pay_notify(body);
        if let Ok(fields) = parse_notify_form(body) {
            let _ = pay_notification_from(&fields, String::new());
        }
        return;
    }
    let Ok(mut fields) = parse_notify_form(body) else {
        return;
    };
    fields.remove("sign");
    let sig = rsa2_sign(
        common::platform_signer(),
        &notify_content_to_verify(&fields),
    )
    .expect("the platform key signs");
    fields.insert("sign".into(), sig);
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &fields {
        form.append_pair(k, v);
    }
    let form = form.finish();
    if let Err(ProviderError::InvalidSignature) = alipay.verify_pay_notify(form.as_bytes()) {
        panic!("a notify signed with the platform key failed verification: {form:?}");
    }
});
