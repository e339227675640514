//! `spawn_app()`: the real server on port 0 with a fresh database, and request helpers.

use std::net::SocketAddr;

use paycenter::app::Application;
use paycenter::config::Settings;
use paycenter::core::Core;
use sea_orm::{ConnectionTrait, Database};
use secrecy::SecretString;
use serde_json::{json, Value};

pub const ADMIN_PASSWORD: &str = "test-admin-password";
pub const JWT_SECRET: &str = "test-jwt-secret-0123456789abcdef0123456789";
pub const MASTER_KEY: &str = "test-master-key-0123456789abcdef0123456789";

pub struct TestApp {
    pub address: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    pub core: std::sync::Arc<Core>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _db: TestDb,
}

/// A fresh database: a SQLite file in a temp dir, or a PostgreSQL database dropped afterwards.
pub enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another instance on a database someone else owns.
    Shared,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside async; use a private runtime on a plain thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(db) = Database::connect(&admin_url).await {
                        let _ = db
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

pub async fn fresh_database() -> (String, TestDb) {
    match std::env::var("PAYCENTER_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!("pc_test_{}", uuid::Uuid::new_v4().simple());
            let db = Database::connect(&admin_url)
                .await
                .expect("connect to PAYCENTER_TEST_DATABASE_URL");
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            let mut url =
                url::Url::parse(&admin_url).expect("PAYCENTER_TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            (url.to_string(), TestDb::Postgres { admin_url, name })
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            (url, TestDb::Sqlite(dir))
        }
    }
}

pub fn test_settings(database_url: String) -> Settings {
    let mut s = Settings::default();
    s.server.bind = "127.0.0.1:0".parse().unwrap();
    s.database.url = database_url;
    s.secrets.admin_password = Some(SecretString::from(ADMIN_PASSWORD.to_owned()));
    s.secrets.jwt_secret = Some(SecretString::from(JWT_SECRET.to_owned()));
    s.secrets.master_key = Some(SecretString::from(MASTER_KEY.to_owned()));
    s
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let (url, db) = fresh_database().await;
    start(url, db, configure).await
}

/// A server on a database the caller prepared (and keeps alive: `db` from `fresh_database`).
pub async fn spawn_app_on(url: String) -> TestApp {
    start(url, TestDb::Shared, |_| {}).await
}

/// Two instances sharing one fresh PostgreSQL database (None on SQLite).
pub async fn spawn_pair(configure: impl Fn(&mut Settings)) -> Option<(TestApp, TestApp)> {
    if std::env::var("PAYCENTER_TEST_DATABASE_URL").map_or(true, |v| v.is_empty()) {
        return None;
    }
    let (url, db) = fresh_database().await;
    let a = start(url.clone(), db, &configure).await;
    let b = start(url, TestDb::Shared, &configure).await;
    Some((a, b))
}

async fn start(url: String, db: TestDb, configure: impl FnOnce(&mut Settings)) -> TestApp {
    // PAYCENTER_TEST_LOG=1 shows the servers' logs (filter with RUST_LOG).
    if std::env::var_os("PAYCENTER_TEST_LOG").is_some() {
        paycenter::telemetry::init(paycenter::config::LogFormat::Text);
    }
    let mut settings = test_settings(url);
    configure(&mut settings);
    let app = Application::build(settings).await.expect("build app");
    let address = app.address();
    let core = app.core().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run(async move {
        let _ = rx.await;
    }));
    TestApp {
        address,
        base: format!("http://{address}"),
        client: reqwest::Client::new(),
        core,
        shutdown: Some(tx),
        server: Some(server),
        _db: db,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestApp {
    /// Sends the shutdown signal and waits for the server to stop; returns how long it took.
    pub async fn shutdown(&mut self) -> std::time::Duration {
        let started = std::time::Instant::now();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server result");
        }
        started.elapsed()
    }

    /// POSTs a GraphQL request; returns the whole JSON response.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("graphql request");
        resp.json().await.expect("graphql json")
    }

    /// Like `gql` but panics on errors and returns `data`.
    pub async fn gql_ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let v = self.gql(token, query, variables).await;
        assert!(v.get("errors").is_none(), "unexpected errors: {v}");
        v["data"].clone()
    }

    pub async fn admin_token(&self) -> String {
        let d = self
            .gql_ok(
                None,
                "mutation($u:String!,$p:String!){ adminLogin(username:$u,password:$p){ token expiresAt } }",
                json!({"u": "admin", "p": ADMIN_PASSWORD}),
            )
            .await;
        d["adminLogin"]["token"].as_str().unwrap().to_owned()
    }

    /// Creates a project with the given input; returns (id, apiKey, signingSecret).
    pub async fn create_project(&self, admin: &str, input: Value) -> (String, String, String) {
        let d = self
            .gql_ok(
                Some(admin),
                "mutation($i:CreateProjectInput!){ createProject(input:$i){ apiKey signingSecret project{ id } } }",
                json!({ "i": input }),
            )
            .await;
        let p = &d["createProject"];
        (
            p["project"]["id"].as_str().unwrap().to_owned(),
            p["apiKey"].as_str().unwrap().to_owned(),
            p["signingSecret"].as_str().unwrap().to_owned(),
        )
    }
}

/// The `extensions.code` of the first error.
/// The `n` column of the first row of `sql` (a `SELECT COUNT(*) AS n …`).
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = &app.core.db;
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap();
    rows[0].try_get("", "n").unwrap()
}

pub fn error_code(v: &Value) -> &str {
    v["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {v}"))
}

/// Polls `check` until it returns Some, for at most 10 s (the condition lives in another task or
/// process; there is nothing to wait on directly).
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// Checks a `paycenter-signature` header (`t=…,v1=hex(HMAC-SHA256(secret, t.body))`), fresh
/// within five minutes.
pub fn verify_signature(secret: &str, header: &str, body: &str) -> bool {
    let mut t = "";
    let mut v1 = "";
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v,
            Some(("v1", v)) => v1 = v,
            _ => {}
        }
    }
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let fresh = (chrono::Utc::now().timestamp() - t.parse::<i64>().unwrap_or(0)).abs() <= 300;
    fresh && hex::encode(mac.finalize().into_bytes()) == v1
}
