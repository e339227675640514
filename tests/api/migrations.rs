//! Upgrades: data written by earlier schemas keeps working.

use chrono::Utc;
use migration::MigratorTrait;
use sea_orm::{EntityTrait, Set};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::helpers::{fresh_database, spawn_app_on, MASTER_KEY};
use paycenter::secrets::Vault;
use paycenter::store::credentials::{self, Stored};

/// Credentials as the wave-1 schema kept them (encrypted `projects` columns, the column name as
/// associated data) move into `project_credentials` when the new version starts: decryptable,
/// shown by the API, the old columns emptied, and moved only once.
#[tokio::test]
async fn credentials_written_by_the_old_schema_move_into_project_credentials() {
    let (url, _db) = fresh_database().await;
    let db = paycenter::db::connect(&url).await.unwrap();
    // The schema as wave 1 left it (its five migrations).
    migration::Migrator::up(&db, Some(5)).await.unwrap();
    let vault = Vault::new(&SecretString::from(MASTER_KEY.to_owned()));
    let now = Utc::now();
    let id = paycenter::db::ids::new_id("prj");
    let private_key = include_str!(
        "../../crates/providers/tests/vectors/alipay-sdk-nodejs-all/test/fixtures/app-private-key.pem"
    );
    let row = entity::project::ActiveModel {
        id: Set(id.clone()),
        name: Set("Old".into()),
        callback_url: Set(None),
        wechat_app_id: Set(Some("wx_old_app".into())),
        wechat_mch_id: Set(Some("1900000001".into())),
        wechat_app_secret_enc: Set(Some(
            vault
                .encrypt("projects.wechat_app_secret", "OLD-APP-SECRET")
                .unwrap(),
        )),
        wechat_api_key_enc: Set(Some(
            vault
                .encrypt(
                    "projects.wechat_api_key",
                    "OLD-API-KEY-0123456789abcdef0123",
                )
                .unwrap(),
        )),
        alipay_app_id: Set(Some("2021000000000009".into())),
        alipay_app_private_key_enc: Set(Some(
            vault
                .encrypt("projects.alipay_app_private_key", private_key)
                .unwrap(),
        )),
        alipay_public_key_enc: Set(None),
        order_ttl_seconds: Set(900),
        trust_client_amount: Set(false),
        disabled: Set(false),
        api_key_hash: Set("h".repeat(64)),
        api_key_prefix: Set("pck_old".into()),
        signing_secret_enc: Set(vault.encrypt("projects.signing_secret", "pcs_x").unwrap()),
        created_at: Set(now),
        updated_at: Set(now),
        // Columns of later migrations stay out of the statement (NotSet).
        ..Default::default()
    };
    entity::project::Entity::insert(row)
        .exec_without_returning(&db)
        .await
        .unwrap();

    // The new version starts on it: schema migrations, then the move.
    let app = spawn_app_on(url.clone()).await;
    let sets = credentials::load(&db, &vault, &id).await.unwrap();
    let wechat = sets
        .iter()
        .find_map(|s| match s {
            Stored::WechatV2(w) => Some(w.clone()),
            Stored::Alipay(_) | Stored::WechatV3(_) => None,
        })
        .expect("the WeChat set moved");
    assert_eq!(wechat.app_id.as_deref(), Some("wx_old_app"));
    assert_eq!(wechat.mch_id.as_deref(), Some("1900000001"));
    assert_eq!(
        wechat.api_key.as_deref(),
        Some("OLD-API-KEY-0123456789abcdef0123")
    );
    assert_eq!(wechat.app_secret.as_deref(), Some("OLD-APP-SECRET"));
    let alipay = sets
        .iter()
        .find_map(|s| match s {
            Stored::Alipay(a) => Some(a.clone()),
            Stored::WechatV2(_) | Stored::WechatV3(_) => None,
        })
        .expect("the Alipay set moved");
    assert_eq!(alipay.app_private_key.as_deref(), Some(private_key));
    assert_eq!(alipay.alipay_public_key, None);

    let p = entity::project::Entity::find_by_id(id.clone())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(p.wechat_api_key_enc.is_none() && p.wechat_app_id.is_none());
    assert!(p.alipay_app_private_key_enc.is_none());
    // The signing secret stays where it was.
    assert_eq!(
        vault
            .decrypt("projects.signing_secret", &p.signing_secret_enc)
            .unwrap()
            .expose_secret(),
        "pcs_x"
    );
    assert_eq!(
        credentials::adopt_legacy_columns(&db, &vault)
            .await
            .unwrap(),
        0,
        "moved once"
    );

    // The API shows it as before.
    let admin = app.admin_token().await;
    let d = app
        .gql_ok(
            Some(&admin),
            "query($id:ID!){ project(id:$id){ wechat{ appId mchId hasApiKey hasAppSecret } alipay{ appId hasAppPrivateKey hasAlipayPublicKey } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        d["project"],
        json!({
            "wechat": {"appId": "wx_old_app", "mchId": "1900000001", "hasApiKey": true, "hasAppSecret": true},
            "alipay": {"appId": "2021000000000009", "hasAppPrivateKey": true, "hasAlipayPublicKey": false},
        })
    );
}

/// Admins created before roles existed become OWNERs (they could do everything), enabled, and
/// keep logging in with their passwords.
#[tokio::test]
async fn admins_written_before_roles_become_owners() {
    use sea_orm::{ConnectionTrait, Statement};
    let (url, _db) = fresh_database().await;
    let db = paycenter::db::connect(&url).await.unwrap();
    // The schema before roles (its first seven migrations).
    migration::Migrator::up(&db, Some(7)).await.unwrap();
    let hash = paycenter::auth::password::hash(SecretString::from("old-ops-password".to_owned()))
        .await
        .unwrap();
    let backend = db.get_database_backend();
    let now = Utc::now();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            "INSERT INTO admins (id, username, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)"
        } else {
            "INSERT INTO admins (id, username, password_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
        },
        [
            paycenter::db::ids::new_id("adm").into(),
            "old-ops".into(),
            hash.into(),
            now.into(),
            now.into(),
        ],
    ))
    .await
    .unwrap();

    let app = spawn_app_on(url).await;
    let token = app
        .gql_ok(
            None,
            "mutation{ adminLogin(username: \"old-ops\", password: \"old-ops-password\"){ token } }",
            json!({}),
        )
        .await["adminLogin"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = app
        .gql_ok(Some(&token), "{ me { username role } }", json!({}))
        .await;
    assert_eq!(me["me"], json!({"username": "old-ops", "role": "OWNER"}));
    let list = app
        .gql_ok(
            Some(&token),
            "{ admins { edges { node { username role disabled } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        list["admins"]["edges"][0]["node"],
        json!({"username": "old-ops", "role": "OWNER", "disabled": false})
    );
}

/// The reconciliation migration lets callback events (and their attempts) belong to no order:
/// rows written before it keep every column, the indexes stay, and an event without an order
/// can be written. SQLite rebuilds the tables for it; PostgreSQL alters the columns.
#[tokio::test]
async fn callback_events_written_before_reconciliation_keep_their_rows() {
    use sea_orm::{ConnectionTrait, Statement};
    let (url, _db) = fresh_database().await;
    let db = paycenter::db::connect(&url).await.unwrap();
    migration::Migrator::up(&db, Some(6)).await.unwrap();
    let b = db.get_database_backend();
    for sql in [
        "INSERT INTO callback_events (id, order_id, project_id, event_type, body, delivered_at, failed_at, created_at) \
         VALUES ('evt_old', 'ord_old', 'prj_old', 'order.paid', '{\"id\":\"evt_old\"}', NULL, NULL, '2026-12-01 00:00:00+00:00')",
        "INSERT INTO callback_attempts (id, event_id, order_id, attempt, http_status, latency_ms, acknowledged, response_excerpt, error, created_at) \
         VALUES ('cba_old', 'evt_old', 'ord_old', 1, 200, 12, true, 'ok', NULL, '2026-12-01 00:00:00+00:00')",
    ] {
        db.execute_raw(Statement::from_string(b, sql)).await.unwrap();
    }
    migration::Migrator::up(&db, None).await.unwrap();

    let event = entity::callback_event::Entity::find_by_id("evt_old".to_owned())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.order_id.as_deref(), Some("ord_old"));
    assert_eq!(event.body, "{\"id\":\"evt_old\"}");
    let attempt = entity::callback_attempt::Entity::find_by_id("cba_old".to_owned())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            attempt.order_id.as_deref(),
            attempt.latency_ms,
            attempt.acknowledged
        ),
        (Some("ord_old"), 12, true)
    );
    db.execute_raw(Statement::from_string(
        b,
        "INSERT INTO callback_events (id, order_id, project_id, event_type, body, delivered_at, failed_at, created_at) \
         VALUES ('evt_new', NULL, 'prj_old', 'reconciliation.discrepancy', '{}', NULL, NULL, '2026-12-02 00:00:00+00:00')",
    ))
    .await
    .unwrap();
    if b == sea_orm::DbBackend::Sqlite {
        let rows = db
            .query_all_raw(Statement::from_string(
                b,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('ix_callback_events_order', 'ix_callback_attempts_order')",
            ))
            .await
            .unwrap();
        assert_eq!(rows.len(), 2, "the indexes were rebuilt");
    }
    // And down again.
    migration::Migrator::down(&db, Some(1)).await.unwrap();
}
