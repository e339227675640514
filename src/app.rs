//! Router assembly, shared state, start-up and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::auth::JwtKeys;
use crate::config::{ConfigError, Settings};
use crate::core::Core;
use crate::events::EventBus;
use crate::graphql;
use crate::http::graphql::GraphqlState;
use crate::jobs::Runner;
use crate::locks::KeyedLocks;
use crate::metrics::Metrics;
use crate::outbox::WorkerSignal;
use crate::secrets::Vault;
use crate::services::{self, admins::FirstAdmin, ServiceError};
use crate::store::order_writes::OrderWrites;
use crate::store::project_cache::ProjectCache;
use paycenter_providers::registry::Providers;
use paycenter_providers::ProviderError;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Service(#[from] ServiceError),
    #[error("providers: {0}")]
    Provider(#[from] ProviderError),
    #[error("sandbox: {0}")]
    Sandbox(#[from] paycenter_sandbox::SandboxError),
    #[error("moving stored credentials: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error(
        "refusing to start the provider sandbox on {addr}, which is not a loopback address: anyone \
         who reaches it could mark orders paid. Set PAYCENTER_SANDBOX=true in the environment to \
         mean it (a shared test server), or PAYCENTER_SANDBOX=false for production"
    )]
    SandboxOnPublicAddress { addr: SocketAddr },
}

/// A built server, bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    /// `/metrics` on an address of its own (`server.metrics_bind`).
    metrics: Option<(TcpListener, Router)>,
    core: Arc<Core>,
    /// Background loops (sandbox notifier, …), stopped after the server drains.
    background: Vec<tokio::task::JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Binds, connects, migrates, creates the first admin, and assembles the router.
    pub async fn build(mut settings: Settings) -> Result<Self, StartupError> {
        settings.resolve_secrets()?;
        // The sandbox pays orders on request: only on loopback, unless the environment itself
        // asks for it (a file or a default is not enough).
        if settings.sandbox.enabled
            && !settings.server.bind.ip().is_loopback()
            && !settings.sandbox.enabled_by_environment
        {
            return Err(StartupError::SandboxOnPublicAddress {
                addr: settings.server.bind,
            });
        }
        let listener = TcpListener::bind(settings.server.bind)
            .await
            .map_err(|source| StartupError::Bind {
                addr: settings.server.bind,
                source,
            })?;
        let bound = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: settings.server.bind,
            source,
        })?;
        let public_url = settings.public_base_url(bound);

        let db = crate::db::connect(&settings.database.url).await?;
        crate::db::migrate(&db).await?;
        match services::admins::ensure_first_admin(&db, settings.secrets.admin_password.as_ref())
            .await?
        {
            FirstAdmin::CreatedWithRandomPassword(pw) => {
                use secrecy::ExposeSecret;
                // Shown once, on the console only: it is the one way in on a fresh install.
                eprintln!(
                    "\n  paycenter: created admin user '{}' with password: {}\n  (set PAYCENTER_ADMIN_PASSWORD to choose it; `paycenter admin set-password` changes it)\n",
                    services::admins::FIRST_ADMIN,
                    pw.expose_secret()
                );
            }
            FirstAdmin::Created => {
                tracing::info!("created admin user 'admin' from PAYCENTER_ADMIN_PASSWORD")
            }
            FirstAdmin::Existing => {}
        }

        let (jwt, vault) = match (&settings.secrets.jwt_secret, &settings.secrets.master_key) {
            (Some(j), Some(m)) => (JwtKeys::new(j), Vault::new(m)),
            _ => return Err(ConfigError::MissingSecret("PAYCENTER_MASTER_KEY").into()),
        };
        // Credentials written by earlier versions move into `project_credentials` (needs the
        // master key, which the schema migrations do not have).
        crate::store::credentials::adopt_legacy_columns(&db, &vault).await?;
        let providers = Providers::new(settings.provider_endpoints(&public_url))?;
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let mut background = Vec::new();
        background.extend(crate::db::checkpointer(
            &settings.database.url,
            stop_rx.clone(),
        ));
        let mut events = EventBus::default();
        let projects = Arc::new(ProjectCache::new(vault.clone()));
        background.extend(events.connect(
            &db,
            &settings.database.url,
            projects.clone(),
            stop_rx.clone(),
        ));
        let read = crate::db::connect_reads(&settings.database.url, &db).await?;
        let sandbox_on = settings.sandbox.enabled;
        let core = assemble_core(
            db, read, settings, jwt, vault, providers, public_url, events, projects,
        )
        .await?;
        // Built once, with the core as its data; the `/graphql` handlers hold it beside the core.
        let schema = graphql::schema(core.clone());

        let instance = format!("{}-{}", bound, crate::db::ids::new_id("inst"));
        background.push(tokio::spawn(crate::jobs::run(
            Runner::new(core.clone(), &instance)?,
            stop_rx.clone(),
        )));
        background.push(tokio::spawn(crate::jobs::reconciliation::scheduler(
            core.clone(),
            stop_rx.clone(),
        )));
        use crate::http::metrics::Exposure;
        let exposure = Exposure::of(&core.settings);
        let mut router = Router::new()
            .merge(crate::http::health::router())
            .merge(crate::http::notify::router())
            .merge(crate::http::console::router())
            .merge(crate::http::checkout::router());
        if matches!(exposure, Exposure::Open | Exposure::Token) {
            router = router.merge(crate::http::metrics::router());
        }
        let mut router = router
            .with_state(core.clone())
            .merge(crate::http::graphql::router(GraphqlState::new(
                schema,
                core.clone(),
            )));
        if sandbox_on {
            let sandbox = paycenter_sandbox::SandboxState::new(
                core.db.clone(),
                core.read.clone(),
                core.settings.sandbox.notify_speedup,
            )
            .await?
            .with_handoff(Arc::new(services::sandbox::IssuedOrders {
                read: core.read.clone(),
            }));
            background.push(tokio::spawn(paycenter_sandbox::notifier::run(
                sandbox.clone(),
                stop_rx.clone(),
            )));
            router = router.nest("/sandbox", paycenter_sandbox::router(sandbox));
        }
        let router = router
            // Bounds every request, headers and body included (a WebSocket's session is not a
            // request: the upgrade answers at once).
            .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                core.settings.server.request_timeout,
            ))
            .layer(RequestBodyLimitLayer::new(
                core.settings.server.body_limit_bytes,
            ))
            .layer(axum::middleware::map_response(
                crate::http::headers::security_headers,
            ))
            .layer(TraceLayer::new_for_http());

        let metrics = match core.settings.server.metrics_bind {
            Some(addr) => {
                let l = TcpListener::bind(addr)
                    .await
                    .map_err(|source| StartupError::Bind { addr, source })?;
                let r = crate::http::metrics::router()
                    .with_state(core.clone())
                    .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                        axum::http::StatusCode::REQUEST_TIMEOUT,
                        core.settings.server.request_timeout,
                    ))
                    .layer(RequestBodyLimitLayer::new(1024));
                Some((l, r))
            }
            None => None,
        };
        if exposure == Exposure::Off {
            tracing::warn!("/metrics is not served: set server.metrics_bind (an internal address) or secrets.metrics_token");
        }

        Ok(Self {
            listener,
            router,
            metrics,
            core,
            background,
            stop,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }

    /// Where `/metrics` is served on its own (`server.metrics_bind`), once bound.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|(l, _)| l.local_addr().ok())
    }

    /// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(address = %self.address(), public_url = %self.core.public_url, sandbox = self.core.settings.sandbox.enabled, "paycenter listening");
        if self.core.settings.sandbox.enabled {
            tracing::warn!(
                address = %self.address(),
                "THE PROVIDER SANDBOX IS ON: payments are simulated, provider calls go to {}/sandbox, and anyone who can reach it can mark orders paid. Never in production (PAYCENTER_SANDBOX=false).",
                self.core.public_url
            );
        }
        let grace = self.core.settings.server.shutdown_grace;
        let limits =
            crate::http::server::ConnectionLimits::from_settings(&self.core.settings.server);
        let (signalled, on_signal) = tokio::sync::watch::channel(false);
        let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|s| *s).await;
        };
        let serve = crate::http::server::serve(
            self.listener,
            self.router,
            limits,
            stopped(on_signal.clone()),
        );
        let metrics_stopped = stopped(on_signal.clone());
        let metrics = async move {
            match self.metrics {
                Some((listener, router)) => {
                    tracing::info!(address = ?listener.local_addr().ok(), "metrics listening");
                    crate::http::server::serve(listener, router, limits, metrics_stopped).await
                }
                None => Ok(()),
            }
        };
        let serve = async move {
            let (a, b) = tokio::join!(serve, metrics);
            a.and(b)
        };
        tokio::spawn(async move {
            shutdown.await;
            let _ = signalled.send(true);
        });
        // Stop accepting at the signal; give in-flight requests (and open subscriptions) at most
        // `grace` to finish.
        let deadline = async move {
            stopped(on_signal).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            r = serve => r?,
            _ = deadline => tracing::warn!("shutdown grace period over; closing remaining connections"),
        }
        // Then the worker finishes its jobs (within the same grace) and hands back the rest.
        let _ = self.stop.send(true);
        let background = futures_util::future::join_all(self.background);
        if tokio::time::timeout(grace + std::time::Duration::from_secs(1), background)
            .await
            .is_err()
        {
            tracing::warn!("background tasks did not stop within the grace period");
        }
        tracing::info!("paycenter stopped");
        Ok(())
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received: draining");
}

/// The shared context without a server (for commands such as `paycenter reconcile`): connects,
/// migrates, and builds the core, with no job worker, no listener and no sandbox. Provider calls
/// go where the settings point (with the sandbox on: the sandbox of the server at
/// `server.public_url`). Returns the core and the stop signal of its background tasks.
pub async fn command_core(
    mut settings: Settings,
) -> Result<(Arc<Core>, tokio::sync::watch::Sender<bool>), StartupError> {
    settings.resolve_secrets()?;
    let public_url = settings.public_base_url(settings.server.bind);
    let db = crate::db::connect(&settings.database.url).await?;
    crate::db::migrate(&db).await?;
    let (jwt, vault) = match (&settings.secrets.jwt_secret, &settings.secrets.master_key) {
        (Some(j), Some(m)) => (JwtKeys::new(j), Vault::new(m)),
        _ => return Err(ConfigError::MissingSecret("PAYCENTER_MASTER_KEY").into()),
    };
    crate::store::credentials::adopt_legacy_columns(&db, &vault).await?;
    let providers = Providers::new(settings.provider_endpoints(&public_url))?;
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let mut events = EventBus::default();
    let projects = Arc::new(ProjectCache::new(vault.clone()));
    // Its background tasks end with the process.
    drop(events.connect(&db, &settings.database.url, projects.clone(), stop_rx));
    let read = crate::db::connect_reads(&settings.database.url, &db).await?;
    let core = assemble_core(
        db, read, settings, jwt, vault, providers, public_url, events, projects,
    )
    .await?;
    Ok((core, stop))
}

/// The core from its parts: the one place that knows every field, for the server and for commands.
#[allow(clippy::too_many_arguments)]
async fn assemble_core(
    db: sea_orm::DatabaseConnection,
    read: paycenter_db::Reader,
    settings: Settings,
    jwt: JwtKeys,
    vault: Vault,
    providers: Providers,
    public_url: String,
    events: EventBus,
    projects: Arc<ProjectCache>,
) -> Result<Arc<Core>, StartupError> {
    let checkout = match &settings.secrets.jwt_secret {
        Some(secret) => crate::auth::CheckoutTickets::new(secret),
        None => return Err(ConfigError::MissingSecret("PAYCENTER_JWT_SECRET").into()),
    };
    let worker = Arc::new(WorkerSignal::default());
    let metrics = Arc::new(Metrics::default());
    let writes = OrderWrites::start(db.clone(), events.clone(), worker.clone(), metrics.clone());
    let callback_client = crate::net::CallbackClient::new(crate::net::CallbackClientSettings {
        allow_private: settings.sandbox.enabled || settings.callbacks.allow_private,
        connect_timeout: settings.callbacks.timeout,
        timeout: settings.callbacks.timeout,
    })
    .map_err(|e| ProviderError::Config(e.to_string()))?;
    let passwords = crate::auth::throttle::PasswordCheck::new(settings.auth.verify_gate())
        .await
        .map_err(|e| ServiceError::Internal(format!("password check: {e}")))?;
    let logins = settings.auth.login_throttle();
    let wechat_logins = crate::auth::throttle::AttemptLimiter::new(logins.by_ip.settings().clone());
    Ok(Arc::new(Core {
        db,
        read,
        settings,
        jwt,
        checkout,
        vault,
        providers,
        public_url,
        events,
        locks: KeyedLocks::default(),
        worker,
        metrics,
        projects,
        writes,
        logins,
        wechat_logins,
        passwords,
        callback_client,
    }))
}

/// `paycenter sandbox`: the emulator alone, for paycenter instances (or SDKs) pointed at it.
pub async fn run_sandbox_only(
    settings: Settings,
    bind: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    paycenter_sandbox::serve(
        &settings.database.url,
        bind,
        settings.sandbox.notify_speedup,
        settings.server.body_limit_bytes,
        shutdown,
    )
    .await?;
    Ok(())
}
