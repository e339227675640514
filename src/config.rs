//! Settings: one typed struct of sections, built from the embedded defaults, then an optional
//! TOML file (`[section]` tables), then `PAYCENTER_*` environment variables.
//!
//! Every key `section.key` is also the variable `PAYCENTER_SECTION_KEY` (e.g. `server.bind` is
//! `PAYCENTER_SERVER_BIND`); the names of earlier versions (`PAYCENTER_BIND`, `PAYCENTER_SANDBOX`,
//! `PAYCENTER_WORKER_POLL_MS`, …, and the flat TOML keys) still work as aliases. Durations are
//! written with a unit (`30s`, `500ms`, `3m`, `1h`); schedules as a comma-separated list or a TOML
//! array of them. Unknown TOML keys are refused (a typo must not be silently ignored); unknown
//! `PAYCENTER_*` variables are reported.
//!
//! The embedded default is zero set-up: a SQLite file in the working directory and the provider
//! sandbox mounted on this server. With the sandbox off (production), the JWT secret and the master
//! key must be given; with it on, they are generated on first start and kept next to the database.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use paycenter_providers::ProviderEndpoints;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {reason}")]
    Parse { path: PathBuf, reason: String },
    #[error("invalid value for {name}: {reason}")]
    Invalid { name: String, reason: String },
    #[error(
        "{0} is required when the sandbox is off (PAYCENTER_SANDBOX=false): production secrets are never generated implicitly"
    )]
    MissingSecret(&'static str),
    #[error("cannot keep generated secrets in {path}: {source}")]
    SecretsFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ConfigError {
    fn invalid(name: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError::Invalid {
            name: name.into(),
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the server needs to start. Secrets are wrapped so they never print.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub server: Server,
    pub database: Database,
    pub sandbox: Sandbox,
    pub secrets: Secrets,
    pub auth: Auth,
    pub log: Log,
    pub providers: Providers,
    pub callbacks: Callbacks,
    pub reconcile: Reconcile,
    pub reconciliation: Reconciliation,
    pub worker: Worker,
    pub graphql: Graphql,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Server {
    /// Listen address.
    pub bind: SocketAddr,
    /// Base URL providers call back (notify URLs are built from it). Derived from `bind` if unset.
    pub public_url: Option<String>,
    /// Largest request body accepted.
    pub body_limit_bytes: usize,
    /// Longest a request (headers and body included) may take; WebSocket sessions excepted.
    #[serde(with = "duration_text")]
    pub request_timeout: Duration,
    /// Longest the request line and headers may take to arrive (also how long an idle
    /// keep-alive connection stays open).
    #[serde(with = "duration_text")]
    pub header_read_timeout: Duration,
    /// Largest request head (request line and headers), in bytes (at least 8192); a larger one
    /// is answered 431.
    pub max_header_bytes: usize,
    /// Serve `/metrics` on this address instead of `bind` (an internal interface).
    pub metrics_bind: Option<SocketAddr>,
    /// How long shutdown waits for in-flight requests and jobs.
    #[serde(with = "duration_text")]
    pub shutdown_grace: Duration,
    /// Where the client's address comes from: `peer` (the TCP peer; the default: headers are the
    /// client's to forge), `x-forwarded-for` or `x-real-ip` (set by a proxy in front).
    pub client_ip_header: ClientIpHeader,
    /// With `x-forwarded-for`: how many trusted proxies append to it (the address the outermost
    /// one saw is that many entries from the right).
    pub trusted_proxy_hops: usize,
    /// Proxies whose headers are believed (comma-separated addresses); empty: any peer (then the
    /// server must be reachable only through the proxy).
    #[serde(with = "ip_list_text")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Where the client's address comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientIpHeader {
    Peer,
    XForwardedFor,
    XRealIp,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            body_limit_bytes: 256 * 1024,
            request_timeout: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
            metrics_bind: None,
            shutdown_grace: Duration::from_secs(10),
            client_ip_header: ClientIpHeader::Peer,
            trusted_proxy_hops: 1,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Server {
    /// The client-IP rule (`auth::throttle::client_ip`).
    pub fn client_ip(&self) -> crate::auth::throttle::ClientIpConfig {
        use crate::auth::throttle::{ClientIpConfig, ClientIpSource};
        ClientIpConfig {
            source: match self.client_ip_header {
                ClientIpHeader::Peer => ClientIpSource::Peer,
                ClientIpHeader::XForwardedFor => ClientIpSource::XForwardedFor {
                    trusted_hops: self.trusted_proxy_hops.max(1),
                },
                ClientIpHeader::XRealIp => ClientIpSource::XRealIp,
            },
            trusted_proxies: self.trusted_proxies.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Database {
    /// SQLite (`sqlite://file?mode=rwc`) or PostgreSQL (`postgres://user@host/db`).
    pub url: String,
}

impl Default for Database {
    fn default() -> Self {
        Self {
            url: "sqlite://paycenter.db?mode=rwc".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sandbox {
    /// Mount the provider sandbox and point the provider clients at it.
    pub enabled: bool,
    /// Divides the sandbox's notify retry schedule (1 = the providers' real schedule).
    pub notify_speedup: u32,
    /// Whether the environment itself asked for the sandbox (`PAYCENTER_SANDBOX=true` or
    /// `PAYCENTER_SANDBOX_ENABLED=true`): the one way to run it on an address other than loopback.
    /// Not a setting of its own.
    #[serde(skip)]
    pub enabled_by_environment: bool,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self {
            enabled: true,
            notify_speedup: 1,
            enabled_by_environment: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Secrets {
    /// Password of the first admin `admin` (random and printed once when unset).
    #[serde(with = "secret_text")]
    pub admin_password: Option<SecretString>,
    /// HS256 signing secret, ≥ 32 characters.
    #[serde(with = "secret_text")]
    pub jwt_secret: Option<SecretString>,
    /// Encrypts stored secrets (AES-256-GCM), ≥ 32 characters.
    #[serde(with = "secret_text")]
    pub master_key: Option<SecretString>,
    /// Bearer token `/metrics` asks for (≥ 32 characters). Without it (and without
    /// `server.metrics_bind`) `/metrics` is served only while the sandbox is on.
    #[serde(with = "secret_text")]
    pub metrics_token: Option<SecretString>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Auth {
    /// Lifetime of admin tokens.
    #[serde(with = "duration_text")]
    pub admin_token_ttl: Duration,
    /// Lifetime of mini-program user tokens.
    #[serde(with = "duration_text")]
    pub user_token_ttl: Duration,
    /// Failed logins per username answered without delay; after them each failure doubles the
    /// wait (1 s, 2 s, … up to 1 min). A client address gets twice as many.
    pub login_free_attempts: u32,
    /// Consecutive failed logins that lock a username (a client address: twice as many).
    pub login_lock_after: u32,
    /// How long such a lock lasts.
    #[serde(with = "duration_text")]
    pub login_lock_duration: Duration,
    /// Password verifications (Argon2, 19 MiB each) running at once.
    pub password_concurrency: usize,
    /// How long a login waits for a verification slot before it is answered `RATE_LIMITED`.
    #[serde(with = "duration_text")]
    pub password_queue_wait: Duration,
}

impl Default for Auth {
    fn default() -> Self {
        Self {
            admin_token_ttl: Duration::from_secs(12 * 3600),
            user_token_ttl: Duration::from_secs(7 * 24 * 3600),
            login_free_attempts: 5,
            login_lock_after: 20,
            login_lock_duration: Duration::from_secs(15 * 60),
            password_concurrency: 4,
            password_queue_wait: Duration::from_secs(2),
        }
    }
}

impl Auth {
    /// The login throttle's limiters (per username; per client address).
    pub fn login_throttle(&self) -> crate::auth::throttle::LoginThrottle {
        use crate::auth::throttle::{LoginThrottle, ThrottleSettings};
        let username = ThrottleSettings {
            free_attempts: self.login_free_attempts,
            lock_after: self.login_lock_after,
            lock_duration: self.login_lock_duration,
            ..ThrottleSettings::per_username()
        };
        let ip = ThrottleSettings {
            free_attempts: self.login_free_attempts.saturating_mul(2),
            lock_after: self.login_lock_after.saturating_mul(2),
            ..username.clone()
        };
        LoginThrottle::new(username, ip)
    }

    /// The bound on concurrent password verifications.
    pub fn verify_gate(&self) -> crate::auth::throttle::VerifyGate {
        crate::auth::throttle::VerifyGate::new(
            self.password_concurrency,
            self.password_queue_wait,
            Duration::from_secs(1),
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Log {
    /// `text` or `json` (filter with `RUST_LOG`).
    pub format: LogFormat,
}

impl Default for Log {
    fn default() -> Self {
        Self {
            format: LogFormat::Text,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Providers {
    /// WeChat Pay base; unset: the sandbox on this server when it is on, the real host otherwise.
    pub wechat_pay_base: Option<String>,
    /// WeChat open API base for `sns/jscode2session`.
    pub wechat_api_base: Option<String>,
    /// Alipay gateway.
    pub alipay_gateway: Option<String>,
    /// Per-call timeout.
    #[serde(with = "duration_text")]
    pub timeout: Duration,
    /// WeChat Pay v3 certificate mode: least time between platform-certificate downloads.
    #[serde(with = "duration_text")]
    pub wechat_certificate_refresh_min: Duration,
}

impl Default for Providers {
    fn default() -> Self {
        Self {
            wechat_pay_base: None,
            wechat_api_base: None,
            alipay_gateway: None,
            timeout: Duration::from_secs(10),
            wechat_certificate_refresh_min: Duration::from_secs(60),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Callbacks {
    /// Merchant callback retry delays (the attempt after the last one marks the delivery failed).
    #[serde(with = "schedule_text")]
    pub schedule: Vec<Duration>,
    /// Per-attempt timeout.
    #[serde(with = "duration_text")]
    pub timeout: Duration,
    /// Allow callback URLs on loopback, link-local and private addresses outside the sandbox.
    pub allow_private: bool,
}

impl Default for Callbacks {
    fn default() -> Self {
        Self {
            schedule: [
                15, 15, 30, 180, 600, 1200, 1800, 3600, 10800, 21600, 43200, 86400,
            ]
            .into_iter()
            .map(Duration::from_secs)
            .collect(),
            timeout: Duration::from_secs(10),
            allow_private: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reconcile {
    /// Delays between provider queries for an order still PENDING (the last one repeats until
    /// expiry).
    #[serde(with = "schedule_text")]
    pub schedule: Vec<Duration>,
}

impl Default for Reconcile {
    fn default() -> Self {
        Self {
            // The provider retries its own notify for hours (WeChat 15 s, 15 s, 30 s, 3 min, …),
            // so asking is the backstop for a notify that is truly lost, and each ask is a
            // provider call per unpaid order: at 5,000 orders/s a 5 s, 10 s, 30 s, … start
            // meant tens of thousands of queries a second, nearly all answered NOTPAY.
            schedule: [60, 300].into_iter().map(Duration::from_secs).collect(),
        }
    }
}

/// Daily reconciliation against the providers' bills (`services::reconciliation`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reconciliation {
    /// Schedule each configured project's and provider's previous day every day.
    pub enabled: bool,
    /// When (Beijing time, `HH:MM`) the previous day is reconciled; bills are due by about 10:00.
    #[serde(with = "time_of_day_text")]
    pub run_at: chrono::NaiveTime,
    /// Delays between attempts while the bill is not ready or an attempt failed (the last one
    /// repeats).
    #[serde(with = "schedule_text")]
    pub retry_schedule: Vec<Duration>,
    /// How long after the day's end attempts go on before the report is FAILED.
    #[serde(with = "duration_text")]
    pub give_up_after: Duration,
}

impl Default for Reconciliation {
    fn default() -> Self {
        Self {
            enabled: true,
            run_at: chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap_or_default(),
            retry_schedule: [1800, 3600, 7200]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            give_up_after: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Worker {
    /// How often the job worker looks for due work when nothing woke it.
    #[serde(with = "duration_text")]
    pub poll_interval: Duration,
    /// Jobs run at once per instance (callbacks go out in batches of up to this many).
    pub concurrency: usize,
    /// How long a claimed job stays reserved for its instance; after that (the instance died or
    /// hangs) another instance takes it over. Keep it above the callback and provider timeouts,
    /// or a slow job may run twice.
    #[serde(with = "duration_text")]
    pub job_lease: Duration,
}

impl Default for Worker {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(1),
            concurrency: 64,
            job_lease: Duration::from_secs(120),
        }
    }
}

/// Bounds on GraphQL requests (`graphql::cost`) and WebSocket connections (`http::graphql`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Graphql {
    /// Longest query text, in bytes (checked before parsing).
    pub max_document_bytes: usize,
    /// Operations defined in one document.
    pub max_operations: usize,
    /// Fragment-expanded selections in one document.
    pub max_nodes: u64,
    /// Deepest field nesting of the executed operation (`{ me { kind } }` is 2).
    pub max_depth: u32,
    /// Aliased fields (fragment-expanded) in the executed operation.
    pub max_aliases: u64,
    /// Largest computed cost (each field 1, times the page size of connections; a provider call
    /// 100).
    pub max_complexity: u64,
    /// Provider-calling fields (`order(refresh: true)`, `payOrder`, `closeOrder`, `refundOrder`,
    /// `wechatLogin`, `sendTestCallback`, `adminLogin`, …) per request for callers that are not
    /// admins.
    pub max_provider_calls: u64,
    /// Nesting of introspection lists (the standard introspection query nests 3).
    pub max_introspection_lists: u32,
    /// A WebSocket that has not sent `connection_init` by then is closed (4408).
    #[serde(with = "duration_text")]
    pub ws_init_timeout: Duration,
    /// How often an idle WebSocket is pinged; one that answers nothing for two intervals is
    /// closed.
    #[serde(with = "duration_text")]
    pub ws_keepalive: Duration,
    /// Open WebSockets per client address.
    pub ws_max_connections_per_ip: usize,
    /// Active subscriptions per WebSocket.
    pub ws_max_subscriptions: usize,
}

impl Default for Graphql {
    fn default() -> Self {
        Self {
            max_document_bytes: 32 * 1024,
            max_operations: 16,
            max_nodes: 2_000,
            max_depth: 16,
            max_aliases: 32,
            max_complexity: 10_000,
            max_provider_calls: 1,
            max_introspection_lists: 3,
            ws_init_timeout: Duration::from_secs(10),
            ws_keepalive: Duration::from_secs(30),
            ws_max_connections_per_ip: 32,
            ws_max_subscriptions: 16,
        }
    }
}

/// Names of earlier versions: (variable or flat TOML key, `section.key`, unit of a bare number).
const ALIASES: &[(&str, &str, Option<&str>)] = &[
    ("bind", "server.bind", None),
    ("public_url", "server.public_url", None),
    ("body_limit_bytes", "server.body_limit_bytes", None),
    (
        "request_timeout_seconds",
        "server.request_timeout",
        Some("s"),
    ),
    ("shutdown_grace_seconds", "server.shutdown_grace", Some("s")),
    ("database_url", "database.url", None),
    ("sandbox", "sandbox.enabled", None),
    ("sandbox_notify_speedup", "sandbox.notify_speedup", None),
    ("admin_password", "secrets.admin_password", None),
    ("jwt_secret", "secrets.jwt_secret", None),
    ("master_key", "secrets.master_key", None),
    ("admin_token_ttl_seconds", "auth.admin_token_ttl", Some("s")),
    ("user_token_ttl_seconds", "auth.user_token_ttl", Some("s")),
    ("log_format", "log.format", None),
    ("wechat_pay_base", "providers.wechat_pay_base", None),
    ("wechat_api_base", "providers.wechat_api_base", None),
    ("alipay_gateway", "providers.alipay_gateway", None),
    ("provider_timeout_seconds", "providers.timeout", Some("s")),
    ("callback_schedule", "callbacks.schedule", None),
    ("callback_timeout_seconds", "callbacks.timeout", Some("s")),
    ("allow_private_callbacks", "callbacks.allow_private", None),
    ("reconcile_schedule", "reconcile.schedule", None),
    ("worker_poll_ms", "worker.poll_interval", Some("ms")),
    (
        "worker_poll_interval_ms",
        "worker.poll_interval",
        Some("ms"),
    ),
    ("worker_concurrency", "worker.concurrency", None),
    ("job_lease_ms", "worker.job_lease", Some("ms")),
    ("max_query_depth", "graphql.max_depth", None),
    ("max_query_complexity", "graphql.max_complexity", None),
];

/// Environment variables with this prefix that are not settings (the test suite's).
const NOT_SETTINGS: &[&str] = &["PAYCENTER_TEST_"];

impl Settings {
    /// Defaults, then `file` (if any), then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let text = file
            .map(|path| {
                std::fs::read_to_string(path)
                    .map(|t| (path, t))
                    .map_err(|source| ConfigError::Read {
                        path: path.to_owned(),
                        source,
                    })
            })
            .transpose()?;
        let (settings, unknown) = Self::assemble(
            text.as_ref().map(|(p, t)| (*p, t.as_str())),
            std::env::vars(),
        )?;
        for name in unknown {
            // Logging is not set up yet (its format is a setting): say it on stderr.
            eprintln!("paycenter: warning: ignoring unknown setting {name}");
        }
        Ok(settings)
    }

    /// Every setting as (`section.key`, `PAYCENTER_…` variable), in declaration order.
    pub fn keys() -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Ok(Value::Object(sections)) = serde_json::to_value(Settings::default()) {
            for (section, v) in sections {
                if let Value::Object(keys) = v {
                    for key in keys.keys() {
                        let path = format!("{section}.{key}");
                        let env = env_name(&path);
                        out.push((path, env));
                    }
                }
            }
        }
        out
    }

    /// Builds the settings from a TOML file's text and environment variables (the testable core
    /// of `load`); returns them with the `PAYCENTER_*` variables it did not know.
    pub fn assemble(
        file: Option<(&Path, &str)>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<(Self, Vec<String>), ConfigError> {
        let mut tree = serde_json::to_value(Settings::default())
            .map_err(|e| ConfigError::invalid("defaults", e.to_string()))?;
        let defaults = tree.clone();
        if let Some((path, text)) = file {
            let parse = |reason: String| ConfigError::Parse {
                path: path.to_owned(),
                reason,
            };
            let table: toml::Table = toml::from_str(text).map_err(|e| parse(e.to_string()))?;
            for (key, value) in table {
                let value = serde_json::to_value(value).map_err(|e| parse(e.to_string()))?;
                match (&value, tree.get(&key)) {
                    // `[section]`: merged key by key (unknown keys are refused below).
                    (Value::Object(entries), Some(Value::Object(_))) => {
                        for (k, v) in entries {
                            set_path(&mut tree, &format!("{key}.{k}"), v.clone());
                        }
                    }
                    _ => match alias(&key) {
                        Some((target, unit)) => {
                            set_path(&mut tree, target, with_unit(value, unit));
                        }
                        None => return Err(parse(format!("unknown key `{key}`"))),
                    },
                }
            }
        }
        let known: std::collections::HashMap<String, String> = Settings::keys()
            .into_iter()
            .map(|(path, env)| (env, path))
            .collect();
        let mut unknown = Vec::new();
        let mut vars: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with("PAYCENTER_"))
            .collect();
        // Old names first, so the new name of the same setting wins when both are set.
        vars.sort_by_key(|(k, _)| known.contains_key(k));
        let mut sandbox_from_env = None;
        for (name, raw) in vars {
            let (path, unit) = match known.get(&name) {
                Some(path) => (path.as_str(), None),
                None => match alias(&name["PAYCENTER_".len()..].to_ascii_lowercase()) {
                    Some(found) => found,
                    None => {
                        if !NOT_SETTINGS.iter().any(|p| name.starts_with(p)) {
                            unknown.push(name);
                        }
                        continue;
                    }
                },
            };
            let value = from_env(&name, &raw, lookup(&defaults, path))?;
            if path == "sandbox.enabled" {
                sandbox_from_env = value.as_bool();
            }
            set_path(&mut tree, path, with_unit(value, unit));
        }
        let mut settings = deserialize_sections(tree)?;
        settings.sandbox.enabled_by_environment = sandbox_from_env == Some(true);
        Ok((settings, unknown))
    }

    /// The public base URL without a trailing slash.
    pub fn public_base_url(&self, bound: SocketAddr) -> String {
        match &self.server.public_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => {
                let host = if bound.ip().is_unspecified() {
                    "127.0.0.1".to_owned()
                } else {
                    bound.ip().to_string()
                };
                match bound {
                    SocketAddr::V6(_) if !bound.ip().is_unspecified() => {
                        format!("http://[{host}]:{}", bound.port())
                    }
                    _ => format!("http://{host}:{}", bound.port()),
                }
            }
        }
    }

    /// Provider endpoints: explicit settings win; otherwise the sandbox on this server when it is
    /// enabled, the real hosts when it is not.
    pub fn provider_endpoints(&self, public_base: &str) -> ProviderEndpoints {
        let mut e = if self.sandbox.enabled {
            ProviderEndpoints::sandbox(&format!("{public_base}/sandbox"))
        } else {
            ProviderEndpoints::production()
        };
        let p = &self.providers;
        if let Some(v) = &p.wechat_pay_base {
            e.wechat_pay_base = with_trailing_slash(v);
        }
        if let Some(v) = &p.wechat_api_base {
            e.wechat_api_base = with_trailing_slash(v);
        }
        if let Some(v) = &p.alipay_gateway {
            e.alipay_gateway = v.clone();
        }
        e.timeout = p.timeout;
        e.wechat_certificate_refresh_min = p.wechat_certificate_refresh_min;
        e
    }

    /// Fills in the JWT secret and master key. With the sandbox on, missing ones are generated once
    /// and kept in a `0600` file next to the SQLite database (or the working directory); with it
    /// off, both are required.
    pub fn resolve_secrets(&mut self) -> Result<(), ConfigError> {
        if self.secrets.jwt_secret.is_some() && self.secrets.master_key.is_some() {
            return self.check_secret_lengths();
        }
        if !self.sandbox.enabled {
            if self.secrets.jwt_secret.is_none() {
                return Err(ConfigError::MissingSecret("PAYCENTER_JWT_SECRET"));
            }
            return Err(ConfigError::MissingSecret("PAYCENTER_MASTER_KEY"));
        }
        let path = self.secrets_file_path();
        let mut stored = read_secrets_file(&path)?;
        let mut changed = false;
        for value in [&mut stored.jwt_secret, &mut stored.master_key] {
            if value.is_none() {
                *value = Some(random_secret());
                changed = true;
            }
        }
        if changed {
            write_secrets_file(&path, &stored)?;
            tracing::info!(path = %path.display(), "generated the JWT secret and master key for the embedded defaults");
        }
        if self.secrets.jwt_secret.is_none() {
            self.secrets.jwt_secret = stored.jwt_secret.map(SecretString::from);
        }
        if self.secrets.master_key.is_none() {
            self.secrets.master_key = stored.master_key.map(SecretString::from);
        }
        self.check_secret_lengths()
    }

    fn check_secret_lengths(&self) -> Result<(), ConfigError> {
        for (name, v) in [
            ("PAYCENTER_JWT_SECRET", &self.secrets.jwt_secret),
            ("PAYCENTER_MASTER_KEY", &self.secrets.master_key),
            (
                "PAYCENTER_SECRETS_METRICS_TOKEN",
                &self.secrets.metrics_token,
            ),
        ] {
            if v.as_ref().is_some_and(|s| s.expose_secret().len() < 32) {
                return Err(ConfigError::invalid(name, "must be at least 32 characters"));
            }
        }
        Ok(())
    }

    /// `paycenter.db` → `paycenter.secrets.toml` beside it; other databases → working directory.
    pub fn secrets_file_path(&self) -> PathBuf {
        sqlite_path(&self.database.url)
            .map(|db| {
                let stem = db
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "paycenter".into());
                db.with_file_name(format!("{stem}.secrets.toml"))
            })
            .unwrap_or_else(|| PathBuf::from("paycenter.secrets.toml"))
    }
}

/// `server.bind` → `PAYCENTER_SERVER_BIND`.
pub fn env_name(path: &str) -> String {
    format!("PAYCENTER_{}", path.replace('.', "_").to_ascii_uppercase())
}

/// An earlier version's name (lower case, without the prefix) → (`section.key`, unit).
fn alias(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    ALIASES
        .iter()
        .find(|(old, _, _)| *old == name)
        .map(|(_, path, unit)| (*path, *unit))
}

fn lookup<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(tree, |v, k| v.get(k))
}

fn set_path(tree: &mut Value, path: &str, value: Value) {
    let mut at = tree;
    let mut keys = path.split('.').peekable();
    while let Some(k) = keys.next() {
        let Value::Object(map) = at else { return };
        if keys.peek().is_none() {
            map.insert(k.to_owned(), value);
            return;
        }
        at = map
            .entry(k.to_owned())
            .or_insert_with(|| Value::Object(Default::default()));
    }
}

/// A bare number of an old `…_seconds` / `…_ms` key becomes a duration with that unit.
fn with_unit(value: Value, unit: Option<&str>) -> Value {
    match (unit, &value) {
        (Some(u), Value::Number(n)) => Value::String(format!("{n}{u}")),
        (Some(u), Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Value::String(format!("{s}{u}"))
        }
        _ => value,
    }
}

/// An environment variable's text as the type its setting has (its default's).
fn from_env(name: &str, raw: &str, default: Option<&Value>) -> Result<Value, ConfigError> {
    Ok(match default {
        Some(Value::Bool(_)) => Value::Bool(match raw.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => true,
            "0" | "false" | "no" | "off" => false,
            _ => return Err(ConfigError::invalid(name, "expected true or false")),
        }),
        Some(Value::Number(_)) => Value::Number(
            raw.trim()
                .parse::<u64>()
                .map_err(|_| ConfigError::invalid(name, "expected a whole number"))?
                .into(),
        ),
        // Empty means unset for optional settings (secrets, URLs).
        Some(Value::Null) if raw.is_empty() => Value::Null,
        _ => Value::String(raw.to_owned()),
    })
}

/// Deserializes section by section, so an invalid value names its section.
fn deserialize_sections(tree: Value) -> Result<Settings, ConfigError> {
    let Value::Object(sections) = &tree else {
        return Err(ConfigError::invalid("settings", "not a table"));
    };
    for (name, value) in sections {
        let check = match name.as_str() {
            "server" => serde_json::from_value::<Server>(value.clone()).map(drop),
            "database" => serde_json::from_value::<Database>(value.clone()).map(drop),
            "sandbox" => serde_json::from_value::<Sandbox>(value.clone()).map(drop),
            "secrets" => serde_json::from_value::<Secrets>(value.clone()).map(drop),
            "auth" => serde_json::from_value::<Auth>(value.clone()).map(drop),
            "log" => serde_json::from_value::<Log>(value.clone()).map(drop),
            "providers" => serde_json::from_value::<Providers>(value.clone()).map(drop),
            "callbacks" => serde_json::from_value::<Callbacks>(value.clone()).map(drop),
            "reconcile" => serde_json::from_value::<Reconcile>(value.clone()).map(drop),
            "reconciliation" => serde_json::from_value::<Reconciliation>(value.clone()).map(drop),
            "worker" => serde_json::from_value::<Worker>(value.clone()).map(drop),
            "graphql" => serde_json::from_value::<Graphql>(value.clone()).map(drop),
            _ => Ok(()),
        };
        check.map_err(|e| ConfigError::invalid(format!("[{name}]"), e.to_string()))?;
    }
    let s: Settings = serde_json::from_value(tree)
        .map_err(|e| ConfigError::invalid("settings", e.to_string()))?;
    s.validate()?;
    Ok(s)
}

impl Settings {
    /// Rules a value's type cannot express.
    fn validate(&self) -> Result<(), ConfigError> {
        let positive = [
            ("worker.concurrency", self.worker.concurrency as u64),
            (
                "sandbox.notify_speedup",
                u64::from(self.sandbox.notify_speedup),
            ),
            (
                "server.body_limit_bytes",
                self.server.body_limit_bytes as u64,
            ),
            (
                "auth.password_concurrency",
                self.auth.password_concurrency as u64,
            ),
            (
                "graphql.max_document_bytes",
                self.graphql.max_document_bytes as u64,
            ),
            ("graphql.max_operations", self.graphql.max_operations as u64),
            ("graphql.max_nodes", self.graphql.max_nodes),
            ("graphql.max_depth", self.graphql.max_depth.into()),
            ("graphql.max_complexity", self.graphql.max_complexity),
            (
                "graphql.ws_max_connections_per_ip",
                self.graphql.ws_max_connections_per_ip as u64,
            ),
            (
                "graphql.ws_max_subscriptions",
                self.graphql.ws_max_subscriptions as u64,
            ),
        ];
        for (path, v) in positive {
            if v == 0 {
                return Err(ConfigError::invalid(path, "must be greater than 0"));
            }
        }
        for (path, d) in [
            ("worker.job_lease", self.worker.job_lease),
            ("worker.poll_interval", self.worker.poll_interval),
            ("server.request_timeout", self.server.request_timeout),
            (
                "server.header_read_timeout",
                self.server.header_read_timeout,
            ),
            ("graphql.ws_init_timeout", self.graphql.ws_init_timeout),
            ("graphql.ws_keepalive", self.graphql.ws_keepalive),
            ("callbacks.timeout", self.callbacks.timeout),
            ("providers.timeout", self.providers.timeout),
            (
                "reconciliation.give_up_after",
                self.reconciliation.give_up_after,
            ),
        ] {
            if d.is_zero() {
                return Err(ConfigError::invalid(path, "must be longer than 0"));
            }
        }
        for (path, s) in [
            ("callbacks.schedule", &self.callbacks.schedule),
            ("reconcile.schedule", &self.reconcile.schedule),
            (
                "reconciliation.retry_schedule",
                &self.reconciliation.retry_schedule,
            ),
        ] {
            if s.is_empty() {
                return Err(ConfigError::invalid(path, "needs at least one delay"));
            }
        }
        if self.server.max_header_bytes < 8192 {
            return Err(ConfigError::invalid(
                "server.max_header_bytes",
                "must be at least 8192",
            ));
        }
        if self.auth.login_lock_after <= self.auth.login_free_attempts {
            return Err(ConfigError::invalid(
                "auth.login_lock_after",
                "must be greater than auth.login_free_attempts",
            ));
        }
        Ok(())
    }
}

/// The file path of a `sqlite://…` URL, if it names a file.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    paycenter_db::sqlite_path(url)
}

/// "15s", "500ms", "3m", "1h", "1h 30m" ↔ `Duration` (a bare number is refused: say the unit).
pub fn parse_duration(v: &str) -> Result<Duration, String> {
    let v = v.trim();
    if v.is_empty() || v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{v:?}: write a duration with its unit, e.g. 30s, 500ms, 3m or 1h"
        ));
    }
    humantime::parse_duration(v).map_err(|e| format!("{v:?}: {e}"))
}

/// "15s,15s,30s,3m,1h" → durations.
pub fn parse_schedule(v: &str) -> Result<Vec<Duration>, String> {
    let out = v
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(parse_duration)
        .collect::<Result<Vec<_>, _>>()?;
    if out.is_empty() {
        return Err("expected a comma-separated list like 15s,30s,3m,1h".into());
    }
    Ok(out)
}

/// "10:30" (24-hour `HH:MM`) → a time of day.
pub fn parse_time_of_day(v: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(v.trim(), "%H:%M")
        .map_err(|_| format!("{v:?}: write a time of day as HH:MM, e.g. 10:30"))
}

mod time_of_day_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &chrono::NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<chrono::NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_time_of_day(&text).map_err(serde::de::Error::custom)
    }
}

fn format_duration(d: &Duration) -> String {
    humantime::format_duration(*d).to_string().replace(' ', "")
}

mod duration_text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_duration(d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_duration(&text).map_err(serde::de::Error::custom)
    }
}

mod schedule_text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[Duration], s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<String> = v.iter().map(super::format_duration).collect();
        s.serialize_str(&parts.join(","))
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Text(String),
        List(Vec<String>),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
        match Given::deserialize(d)? {
            Given::Text(t) => super::parse_schedule(&t),
            Given::List(l) => super::parse_schedule(&l.join(",")),
        }
        .map_err(serde::de::Error::custom)
    }
}

mod ip_list_text {
    use std::net::IpAddr;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[IpAddr], s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<String> = v.iter().map(ToString::to_string).collect();
        s.serialize_str(&parts.join(","))
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Text(String),
        List(Vec<String>),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<IpAddr>, D::Error> {
        let parts = match Given::deserialize(d)? {
            Given::Text(t) => t.split(',').map(str::to_owned).collect(),
            Given::List(l) => l,
        };
        parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<IpAddr>()
                    .map_err(|e| serde::de::Error::custom(format!("{p:?}: {e}")))
            })
            .collect()
    }
}

mod secret_text {
    use secrecy::SecretString;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Never serialized: a set secret appears as null (the settings' shape only).
    pub fn serialize<S: Serializer>(_: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_none()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
        Ok(Option::<String>::deserialize(d)?
            .filter(|v| !v.is_empty())
            .map(SecretString::from))
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StoredSecrets {
    jwt_secret: Option<String>,
    master_key: Option<String>,
}

fn read_secrets_file(path: &Path) -> Result<StoredSecrets, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| ConfigError::SecretsFile {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(StoredSecrets::default()),
        Err(source) => Err(ConfigError::SecretsFile {
            path: path.to_owned(),
            source,
        }),
    }
}

fn write_secrets_file(path: &Path, secrets: &StoredSecrets) -> Result<(), ConfigError> {
    let err = |source| ConfigError::SecretsFile {
        path: path.to_owned(),
        source,
    };
    let text = toml::to_string(secrets).map_err(|e| {
        err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.to_string(),
        ))
    })?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    use std::io::Write;
    let mut f = opts.open(path).map_err(err)?;
    f.write_all(b"# Generated by paycenter for the embedded defaults. Keep it private; losing it makes stored secrets unreadable.\n")
        .and_then(|_| f.write_all(text.as_bytes()))
        .map_err(err)
}

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn with_trailing_slash(v: &str) -> String {
    if v.ends_with('/') {
        v.to_owned()
    } else {
        format!("{v}/")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn with(file: &str, vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let file = (!file.is_empty()).then_some((Path::new("test.toml"), file));
        Settings::assemble(file, env(vars)).map(|(s, _)| s)
    }

    #[test]
    fn defaults_are_embedded() {
        let s = with("", &[]).unwrap();
        assert_eq!(s.server.bind.to_string(), "127.0.0.1:8080");
        assert!(s.sandbox.enabled);
        assert_eq!(s.public_base_url(s.server.bind), "http://127.0.0.1:8080");
        let e = s.provider_endpoints("http://127.0.0.1:8080");
        assert_eq!(
            e.alipay_gateway,
            "http://127.0.0.1:8080/sandbox/alipay/gateway.do"
        );
        assert_eq!(e.wechat_pay_base, "http://127.0.0.1:8080/sandbox/wechat/");
        assert_eq!(s.callbacks.schedule.len(), 12);
    }

    #[test]
    fn env_overrides_file_and_defaults() {
        let s = with(
            "[server]\nbind = \"0.0.0.0:9000\"\n[sandbox]\nenabled = false\n[worker]\npoll_interval = \"250ms\"\n",
            &[
                ("PAYCENTER_SERVER_BIND", "127.0.0.1:7000"),
                ("PAYCENTER_SERVER_PUBLIC_URL", "https://pay.example.com/"),
                ("PAYCENTER_CALLBACKS_SCHEDULE", "1s, 2m,1h"),
            ],
        )
        .unwrap();
        assert!(!s.sandbox.enabled);
        assert_eq!(s.server.bind.port(), 7000);
        assert_eq!(s.worker.poll_interval, Duration::from_millis(250));
        assert_eq!(s.public_base_url(s.server.bind), "https://pay.example.com");
        assert_eq!(
            s.provider_endpoints("https://pay.example.com")
                .wechat_pay_base,
            "https://api.mch.weixin.qq.com/"
        );
        assert_eq!(
            s.callbacks.schedule,
            [1, 120, 3600].map(Duration::from_secs).to_vec()
        );
    }

    /// Every setting is reachable from a file and from the environment by its regular name.
    #[test]
    fn every_key_is_reachable_both_ways() {
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        for (path, var) in Settings::keys() {
            let (section, key) = path.split_once('.').unwrap();
            let sample = match lookup(&defaults, &path).unwrap() {
                Value::Bool(b) => (!b).to_string(),
                Value::Number(n) => (n.as_u64().unwrap() + 1).to_string(),
                Value::String(s) if parse_duration(s).is_ok() => "7s".into(),
                Value::String(s) if parse_schedule(s).is_ok() => "7s,8m".into(),
                Value::String(s) if parse_time_of_day(s).is_ok() => "11:45".into(),
                Value::String(_) | Value::Null if key.ends_with("format") => "json".into(),
                Value::String(_) if key == "client_ip_header" => "x-real-ip".into(),
                Value::String(_) if key == "trusted_proxies" => "10.0.0.1,10.0.0.2".into(),
                Value::String(_) | Value::Null if key.ends_with("bind") => "127.0.0.1:9".into(),
                Value::String(_) | Value::Null => "x".repeat(40),
                other => panic!("{path}: unexpected default {other}"),
            };
            let quoted = if sample.parse::<u64>().is_ok() || sample == "true" || sample == "false" {
                sample.clone()
            } else {
                format!("{sample:?}")
            };
            let from_file = with(&format!("[{section}]\n{key} = {quoted}\n"), &[]).unwrap();
            let from_env = with("", &[(var.as_str(), sample.as_str())]).unwrap();
            let a = serde_json::to_value(&from_file).unwrap();
            let b = serde_json::to_value(&from_env).unwrap();
            assert_eq!(a, b, "{path} / {var}");
            if !path.starts_with("secrets.") {
                assert_ne!(
                    lookup(&a, &path),
                    lookup(&defaults, &path),
                    "{path} did not change"
                );
            }
        }
    }

    #[test]
    fn earlier_names_still_work() {
        let s = with(
            "bind = \"0.0.0.0:9000\"\nsandbox = false\nworker_poll_interval_ms = 50\nrequest_timeout_seconds = 5\ncallback_schedule = \"1s,2s\"\n",
            &[
                ("PAYCENTER_JOB_LEASE_MS", "3000"),
                ("PAYCENTER_SANDBOX_NOTIFY_SPEEDUP", "1000"),
                ("PAYCENTER_JWT_SECRET", &"j".repeat(40)),
            ],
        )
        .unwrap();
        assert_eq!(s.server.bind.port(), 9000);
        assert!(!s.sandbox.enabled);
        assert_eq!(s.worker.poll_interval, Duration::from_millis(50));
        assert_eq!(s.server.request_timeout, Duration::from_secs(5));
        assert_eq!(s.worker.job_lease, Duration::from_millis(3000));
        assert_eq!(s.sandbox.notify_speedup, 1000);
        assert_eq!(s.callbacks.schedule.len(), 2);
        assert!(s.secrets.jwt_secret.is_some());
        // The regular name wins over the old one.
        let s = with(
            "",
            &[
                ("PAYCENTER_SANDBOX_ENABLED", "true"),
                ("PAYCENTER_SANDBOX", "false"),
            ],
        )
        .unwrap();
        assert!(s.sandbox.enabled);
    }

    #[test]
    fn unknown_file_keys_and_variables() {
        assert!(with("bnd = \"x\"", &[]).is_err());
        assert!(with("[server]\nbnd = \"x\"", &[]).is_err());
        assert!(with("[nowhere]\nx = 1", &[]).is_err());
        let (_, unknown) = Settings::assemble(
            None,
            env(&[
                ("PAYCENTER_SERVR_BIND", "x"),
                ("PAYCENTER_TEST_DATABASE_URL", "x"),
                ("HOME", "/root"),
            ]),
        )
        .unwrap();
        assert_eq!(unknown, ["PAYCENTER_SERVR_BIND"]);
    }

    #[test]
    fn bad_values_are_refused_with_their_name() {
        let err = with("", &[("PAYCENTER_SANDBOX", "maybe")]).unwrap_err();
        assert!(err.to_string().contains("PAYCENTER_SANDBOX"), "{err}");
        assert!(with("", &[("PAYCENTER_SERVER_BIND", "nowhere")]).is_err());
        let err = with("", &[("PAYCENTER_WORKER_POLL_INTERVAL", "50")]).unwrap_err();
        assert!(err.to_string().contains("unit"), "{err}");
        assert!(with("", &[("PAYCENTER_WORKER_CONCURRENCY", "0")]).is_err());
        assert!(with("", &[("PAYCENTER_RECONCILE_SCHEDULE", "1s,soon")]).is_err());
        assert!(with("[callbacks]\nschedule = []\n", &[]).is_err());
        assert!(with("[callbacks]\nschedule = [\"1s\", \"2m\"]\n", &[]).is_ok());
    }

    #[test]
    fn schedules_parse() {
        assert_eq!(
            parse_schedule("15s, 3m,1h,20ms").unwrap(),
            vec![
                Duration::from_secs(15),
                Duration::from_secs(180),
                Duration::from_secs(3600),
                Duration::from_millis(20)
            ]
        );
        assert!(parse_schedule("").is_err());
        assert!(parse_schedule("5 fortnights").is_err());
        assert_eq!(
            parse_schedule("2days").unwrap(),
            [Duration::from_secs(172_800)]
        );
    }

    /// The README's configuration table lists every setting with both of its names.
    #[test]
    fn the_readme_documents_every_setting() {
        let readme = include_str!("../README.md");
        for (path, var) in Settings::keys() {
            let row = readme
                .lines()
                .find(|l| l.starts_with('|') && l.contains(&format!("`{path}`")));
            let row = row.unwrap_or_else(|| panic!("README has no row for `{path}`"));
            assert!(row.contains(&format!("`{var}`")), "{path}: {row}");
        }
    }

    #[test]
    fn production_requires_secrets() {
        let mut s = Settings::default();
        s.sandbox.enabled = false;
        let err = s.resolve_secrets().unwrap_err();
        assert!(err.to_string().contains("PAYCENTER_JWT_SECRET"), "{err}");
        s.secrets.jwt_secret = Some(SecretString::from("j".repeat(40)));
        let err = s.resolve_secrets().unwrap_err();
        assert!(err.to_string().contains("PAYCENTER_MASTER_KEY"), "{err}");
        s.secrets.master_key = Some(SecretString::from("short"));
        assert!(s.resolve_secrets().is_err());
    }

    #[test]
    fn sandbox_generates_and_keeps_secrets_next_to_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pc.db");
        let url = format!("sqlite://{}?mode=rwc", db.display());
        let mut a = Settings::default();
        a.database.url = url.clone();
        a.resolve_secrets().unwrap();
        assert!(dir.path().join("pc.secrets.toml").exists());
        let mut b = Settings::default();
        b.database.url = url;
        b.resolve_secrets().unwrap();
        assert_eq!(
            a.secrets.master_key.unwrap().expose_secret(),
            b.secrets.master_key.unwrap().expose_secret()
        );
        assert_eq!(
            a.secrets.jwt_secret.unwrap().expose_secret(),
            b.secrets.jwt_secret.unwrap().expose_secret()
        );
    }

    #[test]
    fn debug_never_prints_secrets() {
        let mut s = Settings::default();
        s.secrets.master_key = Some(SecretString::from(
            "super-secret-master-key-0123456789".to_owned(),
        ));
        assert!(!format!("{s:?}").contains("super-secret"));
        assert!(!serde_json::to_string(&s).unwrap().contains("super-secret"));
    }
}
