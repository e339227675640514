//! Micro-benchmarks of the hot pure paths: WeChat v2 sign/verify (MD5, HMAC-SHA256), v2 XML
//! encode/decode, Alipay RSA2 sign/verify, JWT verify. `cargo bench --bench hot_paths`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use paycenter::auth::{JwtKeys, Principal};
use paycenter_providers::alipay::{keys, sign as alipay};
use paycenter_providers::wechat_v2::sign::{self, SignType};
use paycenter_providers::wechat_v2::xml;
use secrecy::SecretString;

const API_KEY: &str = "0123456789abcdefghijklmnopqrstuv";

/// A WeChat pay notify's fields, as paycenter receives them.
fn notify_fields() -> BTreeMap<String, String> {
    [
        ("appid", "wx2421b1c4370ec43b"),
        ("mch_id", "10000100"),
        ("nonce_str", "5d2b6c2a8db53831f7eda20af46e531c"),
        ("result_code", "SUCCESS"),
        ("return_code", "SUCCESS"),
        ("openid", "oUpF8uMEb4qRXf22hE3X68TekukE"),
        ("trade_type", "NATIVE"),
        ("bank_type", "CMC"),
        ("fee_type", "CNY"),
        ("transaction_id", "1004400740201409030005092168"),
        ("out_trade_no", "1409811653"),
        ("time_end", "20140903131540"),
        ("total_fee", "100"),
        ("cash_fee", "100"),
        ("attach", "cart=42"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn wechat_v2(c: &mut Criterion) {
    let fields = notify_fields();
    for (name, t) in [
        ("md5", SignType::Md5),
        ("hmac_sha256", SignType::HmacSha256),
    ] {
        let mut signed = fields.clone();
        sign::add_sign(&mut signed, API_KEY, t);
        c.bench_function(&format!("wechat_v2/sign/{name}"), |b| {
            b.iter(|| sign::sign(black_box(&fields), API_KEY, t))
        });
        c.bench_function(&format!("wechat_v2/verify/{name}"), |b| {
            b.iter(|| sign::verify_as(black_box(&signed), API_KEY, t).unwrap())
        });
    }
    let mut signed = fields.clone();
    sign::add_sign(&mut signed, API_KEY, SignType::Md5);
    let body = xml::encode(&signed);
    c.bench_function("wechat_v2/xml/encode", |b| {
        b.iter(|| xml::encode(black_box(&signed)))
    });
    c.bench_function("wechat_v2/xml/decode", |b| {
        b.iter(|| xml::decode(black_box(body.as_bytes())).unwrap())
    });
}

fn alipay_rsa2(c: &mut Criterion) {
    let (private, public) = keys::generate_key_pair().unwrap();
    let mut params: BTreeMap<String, String> = [
        ("app_id", "2021000000000000"),
        ("method", "alipay.trade.precreate"),
        ("charset", "utf-8"),
        ("sign_type", "RSA2"),
        ("timestamp", "2026-11-23 12:00:00"),
        ("version", "1.0"),
        ("notify_url", "http://127.0.0.1:8080/notify/alipay/prj_x"),
        (
            "biz_content",
            r#"{"out_trade_no":"B-1","total_amount":"1.00","subject":"Bench coffee"}"#,
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let content = alipay::content_to_sign(&params);
    let signing = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private.clone());
    c.bench_function("alipay/rsa2/sign", |b| {
        b.iter(|| alipay::rsa2_sign_with(&signing, black_box(&content)))
    });
    alipay::sign_params(&signing, &mut params);
    c.bench_function("alipay/rsa2/verify_params", |b| {
        b.iter(|| alipay::verify_params(&public, black_box(&params)).unwrap())
    });
}

fn jwt(c: &mut Criterion) {
    let keys = JwtKeys::new(&SecretString::from(
        "bench-jwt-secret-0123456789abcdef0123456789".to_owned(),
    ));
    let token = keys
        .issue(
            &Principal::Admin {
                admin_id: "adm_0123456789".into(),
                username: "admin".into(),
                role: paycenter_domain::AdminRole::Owner,
            },
            Duration::from_secs(3600),
        )
        .unwrap()
        .token;
    c.bench_function("jwt/verify_hs256", |b| {
        b.iter(|| keys.verify(black_box(&token)).unwrap())
    });
}

criterion_group!(benches, wechat_v2, alipay_rsa2, jwt);
criterion_main!(benches);
