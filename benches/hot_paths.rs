//! Micro-benchmarks of the hot pure paths: WeChat v2 sign/verify (MD5, HMAC-SHA256), v2 XML
//! encode/decode, Alipay RSA2 sign/verify, WeChat Pay v3 request signing and response
//! verification, JWT verify. `cargo bench --bench hot_paths`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use paycenter::auth::{JwtKeys, Principal};
use paycenter_providers::alipay::{keys, sign as alipay};
use paycenter_providers::rsa_keys::RsaSigner;
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
    let signing = RsaSigner::from_private_key(&private).unwrap();
    c.bench_function("alipay/rsa2/sign", |b| {
        b.iter(|| alipay::rsa2_sign(&signing, black_box(&content)).unwrap())
    });
    alipay::sign_params(&signing, &mut params).unwrap();
    c.bench_function("alipay/rsa2/verify_params", |b| {
        b.iter(|| alipay::verify_params(&public, black_box(&params)).unwrap())
    });
}

fn wechat_v3(c: &mut Criterion) {
    use paycenter_providers::wechat_v3::sign::{self as v3, Authorization, SignedParts};
    let (private, public) = keys::generate_key_pair().unwrap();
    let signer = RsaSigner::from_private_key(&private).unwrap();
    let body = br#"{"appid":"wx8888888888888888","mchid":"1900000109","description":"Bench coffee","out_trade_no":"B-1","time_expire":"2026-11-23T12:30:00+08:00","notify_url":"http://127.0.0.1:8080/notify/wechat/prj_x","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#;
    let parts = SignedParts {
        method: "POST",
        path_and_query: "/v3/pay/transactions/jsapi",
        timestamp: "1764000000",
        nonce: "593BEC0C930BF1AFEB40B4A08C8FB242",
        body,
    };
    c.bench_function("wechat_v3/sign/request", |b| {
        b.iter(|| {
            Authorization::sign(
                &signer,
                "1900000109",
                "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB",
                black_box(&parts),
            )
            .unwrap()
        })
    });
    let reply = br#"{"prepay_id":"wx201410272009395522657a690389285100"}"#;
    let sig = v3::sign_response(
        &signer,
        "1764000000",
        "c5ac7061fccab6bf3e254dcf98995b8c",
        reply,
    )
    .unwrap();
    let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(public);
    c.bench_function("wechat_v3/verify/response", |b| {
        b.iter(|| {
            v3::verify_response(
                &verifier,
                "1764000000",
                "c5ac7061fccab6bf3e254dcf98995b8c",
                black_box(reply),
                &sig,
            )
            .unwrap()
        })
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

criterion_group!(benches, wechat_v2, alipay_rsa2, wechat_v3, jwt);
criterion_main!(benches);
