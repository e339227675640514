//! The paycenter under test: in-process (`Application::build`), a child `paycenter serve`, or an
//! external URL; each on a fresh database it creates and drops.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use std::sync::Arc;

use paycenter::app::Application;
use paycenter::config::Settings;
use paycenter::core::Core;
use sea_orm::{ConnectionTrait, Database};
use secrecy::SecretString;

pub const ADMIN_PASSWORD: &str = "bench-admin-password";
const JWT_SECRET: &str = "bench-jwt-secret-0123456789abcdef0123456789";
pub const MASTER_KEY: &str = "bench-master-key-0123456789abcdef0123456789";

/// A database made for one run and removed after it.
pub enum FreshDb {
    Sqlite {
        dir: PathBuf,
        url: String,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl FreshDb {
    /// A SQLite file in a new temp directory, or (with `postgres`) a new database on that server.
    pub async fn create(postgres: Option<&str>) -> anyhow::Result<Self> {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        match postgres {
            Some(admin_url) => {
                let name = format!("pc_bench_{tag}");
                let db = Database::connect(admin_url)
                    .await
                    .with_context(|| format!("connect {admin_url}"))?;
                db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await?;
                let _ = db.close().await;
                let mut url = url::Url::parse(admin_url)?;
                url.set_path(&format!("/{name}"));
                Ok(FreshDb::Postgres {
                    admin_url: admin_url.to_owned(),
                    name,
                    url: url.to_string(),
                })
            }
            None => {
                let dir = std::env::temp_dir().join(format!("paycenter-bench-{tag}"));
                std::fs::create_dir_all(&dir)?;
                let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
                Ok(FreshDb::Sqlite { dir, url })
            }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            FreshDb::Sqlite { url, .. } | FreshDb::Postgres { url, .. } => url,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            FreshDb::Sqlite { .. } => "SQLite",
            FreshDb::Postgres { .. } => "PostgreSQL",
        }
    }

    pub async fn remove(self) {
        match self {
            FreshDb::Sqlite { dir, .. } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            FreshDb::Postgres {
                admin_url, name, ..
            } => {
                if let Ok(db) = Database::connect(&admin_url).await {
                    let _ = db
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await;
                }
            }
        }
    }
}

enum Kind {
    InProcess {
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<std::io::Result<()>>,
        state: Arc<Core>,
    },
    Child(tokio::process::Child),
    External,
}

pub struct Server {
    pub base: String,
    pub addr: SocketAddr,
    pub admin_password: String,
    kind: Kind,
}

fn settings(db_url: &str) -> anyhow::Result<Settings> {
    let mut s = Settings::default();
    s.server.bind = "127.0.0.1:0".parse()?;
    s.database.url = db_url.to_owned();
    s.secrets.admin_password = Some(SecretString::from(ADMIN_PASSWORD.to_owned()));
    s.secrets.jwt_secret = Some(SecretString::from(JWT_SECRET.to_owned()));
    s.secrets.master_key = Some(SecretString::from(MASTER_KEY.to_owned()));
    Ok(s)
}

impl Server {
    pub async fn in_process(db_url: &str) -> anyhow::Result<Self> {
        let app = Application::build(settings(db_url)?)
            .await
            .map_err(|e| anyhow!("build paycenter: {e}"))?;
        let addr = app.address();
        let state = app.core().clone();
        let (stop, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(app.run(async move {
            let _ = rx.await;
        }));
        Ok(Server {
            base: format!("http://{addr}"),
            addr,
            admin_password: ADMIN_PASSWORD.into(),
            kind: Kind::InProcess { stop, task, state },
        })
    }

    /// `paycenter serve` as a child process (its RSS is then the server's alone).
    pub async fn child(bin: &Path, db_url: &str) -> anyhow::Result<Self> {
        // Pick a free port; the child binds it right after.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let addr: SocketAddr = SocketAddr::from(([127, 0, 0, 1], port));
        let child = tokio::process::Command::new(bin)
            .arg("serve")
            .env("PAYCENTER_BIND", addr.to_string())
            .env("PAYCENTER_DATABASE_URL", db_url)
            .env("PAYCENTER_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("PAYCENTER_JWT_SECRET", JWT_SECRET)
            .env("PAYCENTER_MASTER_KEY", MASTER_KEY)
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("spawn {}", bin.display()))?;
        let server = Server {
            base: format!("http://{addr}"),
            addr,
            admin_password: ADMIN_PASSWORD.into(),
            kind: Kind::Child(child),
        };
        server.wait_ready(Duration::from_secs(60)).await?;
        Ok(server)
    }

    pub async fn external(base: &str, admin_password: &str) -> anyhow::Result<Self> {
        let url = url::Url::parse(base)?;
        let addr = url
            .socket_addrs(|| Some(80))?
            .into_iter()
            .next()
            .ok_or_else(|| anyhow!("{base}: no address"))?;
        let server = Server {
            base: base.trim_end_matches('/').to_owned(),
            addr,
            admin_password: admin_password.to_owned(),
            kind: Kind::External,
        };
        server.wait_ready(Duration::from_secs(10)).await?;
        Ok(server)
    }

    async fn wait_ready(&self, within: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + within;
        let http = reqwest::Client::new();
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", self.base)).send().await {
                if r.status().is_success() {
                    return Ok(());
                }
            }
            if Instant::now() >= deadline {
                bail!("{} not ready within {within:?}", self.base);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The process whose memory is the server's (this one when in-process).
    pub fn pid(&self) -> Option<u32> {
        match &self.kind {
            Kind::InProcess { .. } => Some(std::process::id()),
            Kind::Child(c) => c.id(),
            Kind::External => None,
        }
    }

    pub fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::InProcess { .. } => "in-process",
            Kind::Child(_) => "child process",
            Kind::External => "external",
        }
    }

    pub fn core(&self) -> Option<&Arc<Core>> {
        match &self.kind {
            Kind::InProcess { state, .. } => Some(state),
            _ => None,
        }
    }

    pub async fn stop(self) {
        match self.kind {
            Kind::InProcess { stop, task, state } => {
                let _ = stop.send(());
                let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
                let _ = state.db.clone().close().await;
            }
            Kind::Child(mut c) => {
                let _ = c.start_kill();
                let _ = tokio::time::timeout(Duration::from_secs(10), c.wait()).await;
            }
            Kind::External => {}
        }
    }
}

/// VmRSS of a process in KiB, from /proc.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The soft limit on open files of this process.
pub fn open_files_limit() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = s.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}
