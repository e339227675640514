//! Router assembly, shared state, start-up and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::auth::JwtKeys;
use crate::config::{ConfigError, Settings};
use crate::events::EventBus;
use crate::graphql::{self, AppSchema, Limits};
use crate::jobs::{Runner, WorkerSignal};
use crate::metrics::Metrics;
use crate::secrets::Vault;
use crate::services::locks::KeyedLocks;
use crate::services::orders::writes::OrderWrites;
use crate::services::project_cache::ProjectCache;
use crate::services::Deps;
use crate::services::{self, admins::FirstAdmin, ServiceError};
use paycenter_providers::registry::Providers;
use paycenter_providers::ProviderError;

/// Shared by every handler and resolver. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// Hot-path reads outside transactions (`db::connect_reads`).
    pub read: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub vault: Vault,
    pub providers: Providers,
    /// Base URL providers call back, without a trailing slash.
    pub public_url: Arc<str>,
    pub events: EventBus,
    pub locks: Arc<KeyedLocks>,
    pub worker: Arc<WorkerSignal>,
    pub metrics: Arc<Metrics>,
    pub projects: Arc<ProjectCache>,
    pub writes: Arc<OrderWrites>,
    pub schema: AppSchema,
}

impl AppState {
    /// What the services need.
    pub fn deps(&self) -> Deps<'_> {
        Deps {
            db: &self.db,
            read: &self.read,
            vault: &self.vault,
            providers: &self.providers,
            events: &self.events,
            locks: &self.locks,
            public_url: &self.public_url,
            settings: &self.settings,
            worker: &self.worker,
            metrics: &self.metrics,
            projects: &self.projects,
            writes: &self.writes,
        }
    }

    /// What the job worker needs.
    pub fn runner(&self, instance: &str) -> Result<Runner, ProviderError> {
        let http = reqwest::Client::builder()
            .timeout(self.settings.callback_timeout)
            .connect_timeout(self.settings.callback_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ProviderError::Config(e.to_string()))?;
        Ok(Runner {
            db: self.db.clone(),
            read: self.read.clone(),
            vault: self.vault.clone(),
            providers: self.providers.clone(),
            events: self.events.clone(),
            locks: self.locks.clone(),
            public_url: self.public_url.clone(),
            settings: self.settings.clone(),
            signal: self.worker.clone(),
            metrics: self.metrics.clone(),
            projects: self.projects.clone(),
            writes: self.writes.clone(),
            http,
            instance: instance.into(),
        })
    }
}

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
}

/// A built server, bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// Background loops (sandbox notifier, …), stopped after the server drains.
    background: Vec<tokio::task::JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Binds, connects, migrates, creates the first admin, and assembles the router.
    pub async fn build(mut settings: Settings) -> Result<Self, StartupError> {
        settings.resolve_secrets()?;
        let listener =
            TcpListener::bind(settings.bind)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: settings.bind,
                    source,
                })?;
        let bound = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: settings.bind,
            source,
        })?;
        let public_url: Arc<str> = settings.public_base_url(bound).into();

        let db = crate::db::connect(&settings.database_url).await?;
        crate::db::migrate(&db).await?;
        match services::admins::ensure_first_admin(&db, settings.admin_password.as_ref()).await? {
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

        let (jwt, vault) = match (&settings.jwt_secret, &settings.master_key) {
            (Some(j), Some(m)) => (Arc::new(JwtKeys::new(j)), Vault::new(m)),
            _ => return Err(ConfigError::MissingSecret("PAYCENTER_MASTER_KEY").into()),
        };
        let providers = Providers::new(settings.provider_endpoints(&public_url))?;
        let limits = Limits {
            depth: settings.max_query_depth,
            complexity: settings.max_query_complexity,
        };
        let settings = Arc::new(settings);
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let mut background = Vec::new();
        background.extend(crate::db::checkpointer(
            &settings.database_url,
            stop_rx.clone(),
        ));
        let mut events = EventBus::default();
        let projects = Arc::new(ProjectCache::default());
        background.extend(events.connect(
            &db,
            &settings.database_url,
            projects.clone(),
            stop_rx.clone(),
        ));

        // The schema holds the state as data and the state holds the schema (for the handlers);
        // build the state first with a schema that is replaced right after.
        let schema_builder = graphql::schema_builder(&limits);
        let worker = Arc::new(WorkerSignal::default());
        let writes = Arc::new(OrderWrites::start(
            db.clone(),
            events.clone(),
            worker.clone(),
        ));
        let read = crate::db::connect_reads(&settings.database_url, &db).await?;
        let mut state = AppState {
            db,
            read,
            settings: settings.clone(),
            jwt,
            vault,
            providers,
            public_url,
            events,
            locks: Arc::new(KeyedLocks::default()),
            worker,
            metrics: Arc::new(Metrics::default()),
            projects,
            writes,
            schema: graphql::schema_builder(&limits).finish(),
        };
        // Also shared behind one Arc, for what holds on to the state for long (subscriptions).
        state.schema = schema_builder
            .data(state.clone())
            .data(Arc::new(state.clone()))
            .finish();

        let instance = format!("{}-{}", bound, crate::db::ids::new_id("inst"));
        background.push(tokio::spawn(crate::jobs::run(
            state.runner(&instance)?,
            stop_rx.clone(),
        )));
        let mut router = Router::new()
            .merge(crate::http::health::router())
            .merge(crate::http::graphql::router())
            .merge(crate::http::notify::router())
            .merge(crate::http::metrics::router())
            .merge(crate::http::console::router())
            .with_state(state.clone());
        if settings.sandbox {
            let sandbox = paycenter_sandbox::SandboxState::new(
                state.db.clone(),
                state.read.clone(),
                settings.sandbox_notify_speedup,
            )
            .await?
            .with_handoff(Arc::new(services::sandbox::IssuedOrders {
                read: state.read.clone(),
            }));
            background.push(tokio::spawn(paycenter_sandbox::notifier::run(
                sandbox.clone(),
                stop_rx.clone(),
            )));
            router = router.nest("/sandbox", paycenter_sandbox::router(sandbox));
        }
        let router = router
            .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes))
            .layer(TraceLayer::new_for_http());

        Ok(Self {
            listener,
            router,
            state,
            background,
            stop,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(address = %self.address(), public_url = %self.state.public_url, sandbox = self.state.settings.sandbox, "paycenter listening");
        let grace = self.state.settings.shutdown_grace;
        let (signalled, mut on_signal) = tokio::sync::watch::channel(false);
        let serve = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = signalled.send(true);
        });
        // Stop accepting at the signal; give in-flight requests (and open subscriptions) at most
        // `grace` to finish.
        let deadline = async move {
            let _ = on_signal.wait_for(|s| *s).await;
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

/// `paycenter sandbox`: the emulator alone, for paycenter instances (or SDKs) pointed at it.
pub async fn run_sandbox_only(
    settings: Settings,
    bind: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    paycenter_sandbox::serve(
        &settings.database_url,
        bind,
        settings.sandbox_notify_speedup,
        settings.body_limit_bytes,
        shutdown,
    )
    .await?;
    Ok(())
}
