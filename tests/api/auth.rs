//! Admin login, tokens and how bad ones are refused.

use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::helpers::{error_code, spawn_app, JWT_SECRET};

const ME: &str = "{ me { kind username adminId projectId openid } }";

#[tokio::test]
async fn admin_login_and_me() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let d = app.gql_ok(Some(&token), ME, json!({})).await;
    assert_eq!(d["me"]["kind"], "ADMIN");
    assert_eq!(d["me"]["username"], "admin");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_unauthenticated() {
    let app = spawn_app().await;
    for (u, p) in [
        ("admin", "not-the-password"),
        ("nobody", "whatever-password"),
    ] {
        let v = app
            .gql(
                None,
                "mutation($u:String!,$p:String!){ adminLogin(username:$u,password:$p){ token } }",
                json!({"u": u, "p": p}),
            )
            .await;
        assert_eq!(error_code(&v), "UNAUTHENTICATED", "{v}");
        assert!(v["data"].is_null());
    }
}

#[tokio::test]
async fn anonymous_me_is_unauthenticated() {
    let app = spawn_app().await;
    let v = app.gql(None, ME, json!({})).await;
    assert_eq!(error_code(&v), "UNAUTHENTICATED");
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

#[tokio::test]
async fn bad_tokens_are_unauthenticated() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp();
    let claims = |exp: i64| json!({"iss":"paycenter","sub":"adm_x","typ":"admin","name":"admin","iat":now,"exp":exp});
    let key = EncodingKey::from_secret(JWT_SECRET.as_bytes());
    let expired = encode(&Header::new(Algorithm::HS256), &claims(now - 5), &key).unwrap();
    let wrong_key = encode(
        &Header::new(Algorithm::HS256),
        &claims(now + 600),
        &EncodingKey::from_secret(b"some-other-secret-of-sufficient-length"),
    )
    .unwrap();
    let alg_none = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&claims(now + 600).to_string())
    );
    // HS384 with the right secret: the algorithm is pinned, so it is refused too.
    let other_alg = encode(&Header::new(Algorithm::HS384), &claims(now + 600), &key).unwrap();
    // Claimed RS256 with an HMAC signature over it (algorithm confusion).
    let rs_header = format!(
        "{}.{}",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(&claims(now + 600).to_string())
    );
    let confused = {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(JWT_SECRET.as_bytes()).unwrap();
        mac.update(rs_header.as_bytes());
        format!(
            "{rs_header}.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    };
    let good = app.admin_token().await;
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    parts[1] = b64(&claims(now + 99999).to_string());
    let tampered = parts.join(".");

    for (name, t) in [
        ("expired", expired.as_str()),
        ("wrong key", &wrong_key),
        ("alg none", &alg_none),
        ("other alg", &other_alg),
        ("alg confusion", &confused),
        ("tampered", &tampered),
        ("garbage", "not.a.jwt"),
        (
            "unknown api key",
            "pck_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ),
    ] {
        let v = app.gql(Some(t), ME, json!({})).await;
        assert_eq!(error_code(&v), "UNAUTHENTICATED", "{name}: {v}");
    }

    // A malformed Authorization header.
    let v: serde_json::Value = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("Authorization", "Basic abc")
        .json(&json!({"query": ME}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(error_code(&v), "UNAUTHENTICATED", "{v}");
}

#[tokio::test]
async fn the_first_admin_can_be_managed_from_the_service_layer() {
    let app = spawn_app().await;
    let db = &app.core.db;
    let pw = |s: &str| secrecy::SecretString::from(s.to_owned());
    let owner = paycenter_domain::AdminRole::Owner;
    paycenter::services::admins::create(db, "ops", pw("ops-password-1"), owner)
        .await
        .unwrap();
    // Duplicate usernames (a typed error, not the database's) and short passwords are refused.
    assert!(matches!(
        paycenter::services::admins::create(db, "ops", pw("ops-password-2"), owner).await,
        Err(paycenter::services::ServiceError::UsernameTaken(n)) if n == "ops"
    ));
    assert!(
        paycenter::services::admins::create(db, "ops2", pw("short"), owner)
            .await
            .is_err()
    );
    paycenter::services::admins::set_password(db, "ops", pw("ops-password-3"))
        .await
        .unwrap();
    let v = app
        .gql(
            None,
            "mutation{ adminLogin(username:\"ops\",password:\"ops-password-3\"){ token } }",
            json!({}),
        )
        .await;
    assert!(v["data"]["adminLogin"]["token"].is_string(), "{v}");
}
