//! Settings: built-in defaults, then an optional TOML file, then `PAYCENTER_*` environment variables.
//!
//! The embedded default is zero set-up: a SQLite file in the working directory and the provider
//! sandbox mounted on this server. With the sandbox off (production), the JWT secret and the master
//! key must be given; with it on, they are generated on first start and kept next to the database.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use paycenter_providers::ProviderEndpoints;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("invalid value for {name}: {reason}")]
    Invalid { name: &'static str, reason: String },
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the server needs to start. Secrets are wrapped so they never print.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    /// Base URL providers call back (notify URLs are built from it). Derived from `bind` if unset.
    pub public_url: Option<String>,
    pub sandbox: bool,
    pub admin_password: Option<SecretString>,
    pub jwt_secret: Option<SecretString>,
    pub master_key: Option<SecretString>,
    /// Lifetime of admin tokens.
    pub admin_token_ttl: Duration,
    /// Lifetime of mini-program user tokens.
    pub user_token_ttl: Duration,
    pub log_format: LogFormat,
    pub body_limit_bytes: usize,
    pub request_timeout: Duration,
    /// Provider base URLs; `None` means "the sandbox on this server" when the sandbox is on, the
    /// real hosts otherwise.
    pub wechat_pay_base: Option<String>,
    pub wechat_api_base: Option<String>,
    pub alipay_gateway: Option<String>,
    pub provider_timeout: Duration,
    /// Divides the sandbox's notify retry schedule (1 = the providers' real schedule).
    pub sandbox_notify_speedup: u32,
    /// Merchant callback retry delays (the attempt after the last one marks the delivery failed).
    pub callback_schedule: Vec<Duration>,
    /// Delays between provider queries for an order still PENDING (the last one repeats until expiry).
    pub reconcile_schedule: Vec<Duration>,
    /// Allow callback URLs on loopback, link-local and private addresses outside the sandbox.
    pub allow_private_callbacks: bool,
    pub callback_timeout: Duration,
    /// How often the job worker looks for due work when nothing woke it.
    pub worker_poll_interval: Duration,
    /// Jobs run at once per instance.
    pub worker_concurrency: usize,
    /// How long a claimed job stays reserved for its instance; after that (the instance died or
    /// hangs) another instance takes it over. Keep it above `callback_timeout` and the provider
    /// timeout, or a slow job may run twice.
    pub job_lease: Duration,
    /// How long shutdown waits for in-flight requests and jobs.
    pub shutdown_grace: Duration,
    /// GraphQL limits.
    pub max_query_depth: usize,
    pub max_query_complexity: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://paycenter.db?mode=rwc".into(),
            public_url: None,
            sandbox: true,
            admin_password: None,
            jwt_secret: None,
            master_key: None,
            admin_token_ttl: Duration::from_secs(12 * 3600),
            user_token_ttl: Duration::from_secs(7 * 24 * 3600),
            log_format: LogFormat::Text,
            body_limit_bytes: 256 * 1024,
            request_timeout: Duration::from_secs(30),
            wechat_pay_base: None,
            wechat_api_base: None,
            alipay_gateway: None,
            provider_timeout: Duration::from_secs(10),
            sandbox_notify_speedup: 1,
            callback_schedule: [
                15, 15, 30, 180, 600, 1200, 1800, 3600, 10800, 21600, 43200, 86400,
            ]
            .into_iter()
            .map(Duration::from_secs)
            .collect(),
            // The provider retries its own notify for hours (WeChat 15 s, 15 s, 30 s, 3 min, …),
            // so asking is the backstop for a notify that is truly lost, and each ask is a
            // provider call per unpaid order: at 5,000 orders/s the old 5 s, 10 s, 30 s, … start
            // meant tens of thousands of queries a second, nearly all answered NOTPAY.
            reconcile_schedule: [60, 300].into_iter().map(Duration::from_secs).collect(),
            allow_private_callbacks: false,
            callback_timeout: Duration::from_secs(10),
            worker_poll_interval: Duration::from_secs(1),
            worker_concurrency: 64,
            job_lease: Duration::from_secs(120),
            shutdown_grace: Duration::from_secs(10),
            max_query_depth: 12,
            max_query_complexity: 500,
        }
    }
}

/// The TOML file: every key optional, unknown keys refused (a typo must not be silently ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    sandbox: Option<bool>,
    admin_password: Option<String>,
    jwt_secret: Option<String>,
    master_key: Option<String>,
    admin_token_ttl_seconds: Option<u64>,
    user_token_ttl_seconds: Option<u64>,
    log_format: Option<LogFormat>,
    body_limit_bytes: Option<usize>,
    request_timeout_seconds: Option<u64>,
    wechat_pay_base: Option<String>,
    wechat_api_base: Option<String>,
    alipay_gateway: Option<String>,
    provider_timeout_seconds: Option<u64>,
    sandbox_notify_speedup: Option<u32>,
    callback_schedule: Option<String>,
    reconcile_schedule: Option<String>,
    allow_private_callbacks: Option<bool>,
    callback_timeout_seconds: Option<u64>,
    worker_poll_interval_ms: Option<u64>,
    worker_concurrency: Option<usize>,
    job_lease_ms: Option<u64>,
    shutdown_grace_seconds: Option<u64>,
}

impl Settings {
    /// Defaults, then `file` (if any), then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut s = Settings::default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            let f: FileSettings = toml::from_str(&text).map_err(|source| ConfigError::Parse {
                path: path.to_owned(),
                source,
            })?;
            s.apply_file(f)?;
        }
        s.apply_env(|k| std::env::var(k).ok())?;
        Ok(s)
    }

    fn apply_file(&mut self, f: FileSettings) -> Result<(), ConfigError> {
        if let Some(v) = f.bind {
            self.bind = parse_bind("bind", &v)?;
        }
        set(&mut self.database_url, f.database_url);
        self.public_url = f.public_url.or(self.public_url.take());
        set(&mut self.sandbox, f.sandbox);
        set_secret(&mut self.admin_password, f.admin_password);
        set_secret(&mut self.jwt_secret, f.jwt_secret);
        set_secret(&mut self.master_key, f.master_key);
        set(
            &mut self.admin_token_ttl,
            f.admin_token_ttl_seconds.map(Duration::from_secs),
        );
        set(
            &mut self.user_token_ttl,
            f.user_token_ttl_seconds.map(Duration::from_secs),
        );
        set(&mut self.log_format, f.log_format);
        set(&mut self.body_limit_bytes, f.body_limit_bytes);
        set(
            &mut self.request_timeout,
            f.request_timeout_seconds.map(Duration::from_secs),
        );
        self.wechat_pay_base = f.wechat_pay_base.or(self.wechat_pay_base.take());
        self.wechat_api_base = f.wechat_api_base.or(self.wechat_api_base.take());
        self.alipay_gateway = f.alipay_gateway.or(self.alipay_gateway.take());
        set(
            &mut self.provider_timeout,
            f.provider_timeout_seconds.map(Duration::from_secs),
        );
        set(&mut self.sandbox_notify_speedup, f.sandbox_notify_speedup);
        if let Some(v) = f.callback_schedule {
            self.callback_schedule = parse_schedule("callback_schedule", &v)?;
        }
        if let Some(v) = f.reconcile_schedule {
            self.reconcile_schedule = parse_schedule("reconcile_schedule", &v)?;
        }
        set(&mut self.allow_private_callbacks, f.allow_private_callbacks);
        set(
            &mut self.callback_timeout,
            f.callback_timeout_seconds.map(Duration::from_secs),
        );
        set(
            &mut self.worker_poll_interval,
            f.worker_poll_interval_ms.map(Duration::from_millis),
        );
        set(
            &mut self.worker_concurrency,
            f.worker_concurrency.filter(|n| *n > 0),
        );
        set(
            &mut self.job_lease,
            f.job_lease_ms
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis),
        );
        set(
            &mut self.shutdown_grace,
            f.shutdown_grace_seconds.map(Duration::from_secs),
        );
        Ok(())
    }

    /// Applies `PAYCENTER_*` variables read through `get` (the process environment in production).
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = get("PAYCENTER_BIND") {
            self.bind = parse_bind("PAYCENTER_BIND", &v)?;
        }
        set(&mut self.database_url, get("PAYCENTER_DATABASE_URL"));
        if let Some(v) = get("PAYCENTER_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = get("PAYCENTER_SANDBOX") {
            self.sandbox = parse_bool("PAYCENTER_SANDBOX", &v)?;
        }
        set_secret(&mut self.admin_password, get("PAYCENTER_ADMIN_PASSWORD"));
        set_secret(&mut self.jwt_secret, get("PAYCENTER_JWT_SECRET"));
        set_secret(&mut self.master_key, get("PAYCENTER_MASTER_KEY"));
        if let Some(v) = get("PAYCENTER_LOG_FORMAT") {
            self.log_format = match v.as_str() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "PAYCENTER_LOG_FORMAT",
                        reason: "expected text or json".into(),
                    })
                }
            };
        }
        if let Some(v) = get("PAYCENTER_WECHAT_PAY_BASE") {
            self.wechat_pay_base = Some(v);
        }
        if let Some(v) = get("PAYCENTER_WECHAT_API_BASE") {
            self.wechat_api_base = Some(v);
        }
        if let Some(v) = get("PAYCENTER_ALIPAY_GATEWAY") {
            self.alipay_gateway = Some(v);
        }
        if let Some(v) = get("PAYCENTER_CALLBACK_SCHEDULE") {
            self.callback_schedule = parse_schedule("PAYCENTER_CALLBACK_SCHEDULE", &v)?;
        }
        if let Some(v) = get("PAYCENTER_RECONCILE_SCHEDULE") {
            self.reconcile_schedule = parse_schedule("PAYCENTER_RECONCILE_SCHEDULE", &v)?;
        }
        if let Some(v) = get("PAYCENTER_ALLOW_PRIVATE_CALLBACKS") {
            self.allow_private_callbacks = parse_bool("PAYCENTER_ALLOW_PRIVATE_CALLBACKS", &v)?;
        }
        if let Some(v) = get("PAYCENTER_WORKER_POLL_MS") {
            self.worker_poll_interval =
                Duration::from_millis(v.parse().map_err(|_| ConfigError::Invalid {
                    name: "PAYCENTER_WORKER_POLL_MS",
                    reason: "expected milliseconds".into(),
                })?);
        }
        if let Some(v) = get("PAYCENTER_JOB_LEASE_MS") {
            self.job_lease = Duration::from_millis(v.parse().ok().filter(|ms| *ms > 0).ok_or(
                ConfigError::Invalid {
                    name: "PAYCENTER_JOB_LEASE_MS",
                    reason: "expected a positive number of milliseconds".into(),
                },
            )?);
        }
        if let Some(v) = get("PAYCENTER_SANDBOX_NOTIFY_SPEEDUP") {
            self.sandbox_notify_speedup =
                v.parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(ConfigError::Invalid {
                        name: "PAYCENTER_SANDBOX_NOTIFY_SPEEDUP",
                        reason: "expected a positive integer".into(),
                    })?;
        }
        Ok(())
    }

    /// The public base URL without a trailing slash.
    pub fn public_base_url(&self, bound: SocketAddr) -> String {
        match &self.public_url {
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
        let mut e = if self.sandbox {
            ProviderEndpoints::sandbox(&format!("{public_base}/sandbox"))
        } else {
            ProviderEndpoints::production()
        };
        if let Some(v) = &self.wechat_pay_base {
            e.wechat_pay_base = with_trailing_slash(v);
        }
        if let Some(v) = &self.wechat_api_base {
            e.wechat_api_base = with_trailing_slash(v);
        }
        if let Some(v) = &self.alipay_gateway {
            e.alipay_gateway = v.clone();
        }
        e.timeout = self.provider_timeout;
        e
    }

    /// Fills in the JWT secret and master key. With the sandbox on, missing ones are generated once
    /// and kept in a `0600` file next to the SQLite database (or the working directory); with it
    /// off, both are required.
    pub fn resolve_secrets(&mut self) -> Result<(), ConfigError> {
        if self.jwt_secret.is_some() && self.master_key.is_some() {
            return self.check_secret_lengths();
        }
        if !self.sandbox {
            if self.jwt_secret.is_none() {
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
        if self.jwt_secret.is_none() {
            self.jwt_secret = stored.jwt_secret.map(SecretString::from);
        }
        if self.master_key.is_none() {
            self.master_key = stored.master_key.map(SecretString::from);
        }
        self.check_secret_lengths()
    }

    fn check_secret_lengths(&self) -> Result<(), ConfigError> {
        for (name, v) in [
            ("PAYCENTER_JWT_SECRET", &self.jwt_secret),
            ("PAYCENTER_MASTER_KEY", &self.master_key),
        ] {
            if v.as_ref().is_some_and(|s| s.expose_secret().len() < 32) {
                return Err(ConfigError::Invalid {
                    name,
                    reason: "must be at least 32 characters".into(),
                });
            }
        }
        Ok(())
    }

    /// `paycenter.db` → `paycenter.secrets.toml` beside it; other databases → working directory.
    pub fn secrets_file_path(&self) -> PathBuf {
        sqlite_path(&self.database_url)
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

/// The file path of a `sqlite://…` URL, if it names a file.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(PathBuf::from(path))
}

#[derive(Debug, Default, serde::Serialize, Deserialize)]
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

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn set_secret(slot: &mut Option<SecretString>, value: Option<String>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        *slot = Some(SecretString::from(v));
    }
}

fn parse_bind(name: &'static str, v: &str) -> Result<SocketAddr, ConfigError> {
    v.parse()
        .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
            name,
            reason: e.to_string(),
        })
}

fn parse_bool(name: &'static str, v: &str) -> Result<bool, ConfigError> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Invalid {
            name,
            reason: "expected true or false".into(),
        }),
    }
}

/// "15s,15s,30s,3m,1h" (units ms, s, m, h) → durations.
pub fn parse_schedule(name: &'static str, v: &str) -> Result<Vec<Duration>, ConfigError> {
    let bad = || ConfigError::Invalid {
        name,
        reason: "expected a comma-separated list like 15s,30s,3m,1h".into(),
    };
    let out = v
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (num, unit) = p.split_at(p.find(|c: char| !c.is_ascii_digit()).unwrap_or(p.len()));
            let n: u64 = num.parse().map_err(|_| bad())?;
            Ok(match unit {
                "ms" => Duration::from_millis(n),
                "s" | "" => Duration::from_secs(n),
                "m" => Duration::from_secs(n * 60),
                "h" => Duration::from_secs(n * 3600),
                _ => return Err(bad()),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
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
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_are_embedded() {
        let s = Settings::default();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert!(s.sandbox);
        assert_eq!(s.public_base_url(s.bind), "http://127.0.0.1:8080");
        let e = s.provider_endpoints("http://127.0.0.1:8080");
        assert_eq!(
            e.alipay_gateway,
            "http://127.0.0.1:8080/sandbox/alipay/gateway.do"
        );
        assert_eq!(e.wechat_pay_base, "http://127.0.0.1:8080/sandbox/wechat/");
    }

    #[test]
    fn env_overrides_file_and_defaults() {
        let mut s = Settings::default();
        s.apply_file(toml::from_str("bind = \"0.0.0.0:9000\"\nsandbox = false\n").unwrap())
            .unwrap();
        assert!(!s.sandbox);
        s.apply_env(env(&[
            ("PAYCENTER_BIND", "127.0.0.1:7000"),
            ("PAYCENTER_PUBLIC_URL", "https://pay.example.com/"),
        ]))
        .unwrap();
        assert_eq!(s.bind.port(), 7000);
        assert_eq!(s.public_base_url(s.bind), "https://pay.example.com");
        assert_eq!(
            s.provider_endpoints("https://pay.example.com")
                .wechat_pay_base,
            "https://api.mch.weixin.qq.com/"
        );
    }

    #[test]
    fn schedules_parse() {
        assert_eq!(
            parse_schedule("x", "15s, 3m,1h,20ms").unwrap(),
            vec![
                Duration::from_secs(15),
                Duration::from_secs(180),
                Duration::from_secs(3600),
                Duration::from_millis(20)
            ]
        );
        assert!(parse_schedule("x", "").is_err());
        assert!(parse_schedule("x", "5 days").is_err());
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        assert!(toml::from_str::<FileSettings>("bnd = \"x\"").is_err());
    }

    #[test]
    fn bad_values_are_refused() {
        let mut s = Settings::default();
        assert!(s.apply_env(env(&[("PAYCENTER_SANDBOX", "maybe")])).is_err());
        assert!(s.apply_env(env(&[("PAYCENTER_BIND", "nowhere")])).is_err());
    }

    #[test]
    fn production_requires_secrets() {
        let mut s = Settings {
            sandbox: false,
            ..Settings::default()
        };
        let err = s.resolve_secrets().unwrap_err();
        assert!(err.to_string().contains("PAYCENTER_JWT_SECRET"), "{err}");
        s.jwt_secret = Some(SecretString::from("j".repeat(40)));
        let err = s.resolve_secrets().unwrap_err();
        assert!(err.to_string().contains("PAYCENTER_MASTER_KEY"), "{err}");
        s.master_key = Some(SecretString::from("short"));
        assert!(s.resolve_secrets().is_err());
    }

    #[test]
    fn sandbox_generates_and_keeps_secrets_next_to_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pc.db");
        let url = format!("sqlite://{}?mode=rwc", db.display());
        let mut a = Settings {
            database_url: url.clone(),
            ..Settings::default()
        };
        a.resolve_secrets().unwrap();
        assert!(dir.path().join("pc.secrets.toml").exists());
        let mut b = Settings {
            database_url: url,
            ..Settings::default()
        };
        b.resolve_secrets().unwrap();
        assert_eq!(
            a.master_key.unwrap().expose_secret(),
            b.master_key.unwrap().expose_secret()
        );
        assert_eq!(
            a.jwt_secret.unwrap().expose_secret(),
            b.jwt_secret.unwrap().expose_secret()
        );
    }

    #[test]
    fn debug_never_prints_secrets() {
        let s = Settings {
            master_key: Some(SecretString::from(
                "super-secret-master-key-0123456789".to_owned(),
            )),
            ..Settings::default()
        };
        assert!(!format!("{s:?}").contains("super-secret"));
    }
}
