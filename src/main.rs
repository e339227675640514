//! The `paycenter` command: thin; everything lives in the library.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use paycenter::config::Settings;
use secrecy::SecretString;

/// See Cargo.toml: the allocator showed up in profiles of the payment path.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "paycenter",
    version,
    about = "Payment center for WeChat Pay and Alipay"
)]
struct Cli {
    /// TOML configuration file (PAYCENTER_* environment variables override it).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default). Applies pending migrations first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (sorted SDL).
    Schema,
    /// Run only the provider sandbox (WeChat Pay, jscode2session, Alipay emulator) under /sandbox.
    Sandbox {
        #[arg(long, default_value = "127.0.0.1:8090")]
        bind: std::net::SocketAddr,
    },
    /// Reconcile a day (Beijing time) against the providers' bills now and print the reports:
    /// every configured project, or one. Exits 1 when a report is not DONE (or NO_BILL).
    Reconcile {
        /// The day, YYYY-MM-DD.
        #[arg(long)]
        date: chrono::NaiveDate,
        /// Only this project.
        #[arg(long)]
        project: Option<String>,
        /// Only this provider (wechat, alipay).
        #[arg(long)]
        provider: Option<paycenter_domain::Provider>,
    },
    /// Manage console administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin. On a terminal the password is prompted for (twice, not echoed);
    /// otherwise it is the first line of standard input.
    Create {
        username: String,
        /// What the admin may do.
        #[arg(long, value_enum, default_value_t = RoleArg::Owner)]
        role: RoleArg,
    },
    /// Set an admin's password (prompted for on a terminal, else the first line of standard
    /// input). The admin's tokens stop working.
    SetPassword { username: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    /// Everything.
    Owner,
    /// Orders, refunds, closes and callback resends.
    Operator,
    /// Read-only.
    Viewer,
}

impl From<RoleArg> for paycenter_domain::AdminRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Owner => Self::Owner,
            RoleArg::Operator => Self::Operator,
            RoleArg::Viewer => Self::Viewer,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Schema) = cli.command {
        print!("{}", paycenter::graphql::sdl());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("paycenter: {e}");
            return ExitCode::FAILURE;
        }
    };
    paycenter::telemetry::init(settings.log.format);
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("paycenter: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli.command.unwrap_or(Command::Serve), settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paycenter: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        Command::Serve => {
            let app = paycenter::app::Application::build(settings).await?;
            app.run(paycenter::app::shutdown_signal()).await?;
        }
        Command::Migrate => {
            let db = paycenter::db::connect(&settings.database.url).await?;
            paycenter::db::migrate(&db).await?;
            eprintln!("paycenter: migrations applied");
            // Moving credentials of earlier versions needs the master key; without it the
            // server does it when it starts.
            if let Some(key) = &settings.secrets.master_key {
                let vault = paycenter::secrets::Vault::new(key);
                let moved =
                    paycenter::store::credentials::adopt_legacy_columns(&db, &vault).await?;
                if moved > 0 {
                    eprintln!("paycenter: moved the credentials of {moved} project(s)");
                }
            }
        }
        Command::Schema => print!("{}", paycenter::graphql::sdl()),
        Command::Sandbox { bind } => {
            paycenter::app::run_sandbox_only(settings, bind, paycenter::app::shutdown_signal())
                .await?;
        }
        Command::Reconcile {
            date,
            project,
            provider,
        } => {
            let (core, stop) = paycenter::app::command_core(settings).await?;
            let settled = paycenter::services::reconciliation::cli::run(
                &core,
                date,
                project.as_deref(),
                provider,
                &mut std::io::stdout(),
            )
            .await?;
            let _ = stop.send(true);
            if !settled {
                return Err("some reports are not reconciled yet (see above)".into());
            }
        }
        Command::Admin { command } => {
            use paycenter::services::admins;
            let db = paycenter::db::connect(&settings.database.url).await?;
            paycenter::db::migrate(&db).await?;
            match command {
                AdminCommand::Create { username, role } => {
                    // Before asking for a password that would be thrown away.
                    if admins::exists(&db, &username).await? {
                        return Err(format!(
                            "an admin named '{}' already exists (`paycenter admin set-password {}` changes its password)",
                            username.trim(),
                            username.trim()
                        )
                        .into());
                    }
                    let password = read_password(&format!("Password for '{username}': "))?;
                    let role: paycenter_domain::AdminRole = role.into();
                    admins::create(&db, &username, password, role).await?;
                    eprintln!("paycenter: admin '{username}' created ({role})");
                }
                AdminCommand::SetPassword { username } => {
                    if !admins::exists(&db, &username).await? {
                        return Err(format!("no admin named '{}'", username.trim()).into());
                    }
                    let password = read_password(&format!("New password for '{username}': "))?;
                    admins::set_password(&db, &username, password).await?;
                    eprintln!("paycenter: password of '{username}' changed");
                }
            }
        }
    }
    Ok(())
}

/// On a terminal: prompted for twice without echo (rpassword turns the echo off on the
/// controlling terminal and restores it, also on Ctrl-C). Otherwise (a pipe, a file, a script):
/// the first line of standard input.
fn read_password(prompt: &str) -> Result<SecretString, Box<dyn std::error::Error>> {
    if std::io::stdin().is_terminal() {
        let first = SecretString::from(rpassword::prompt_password(prompt)?);
        let again = SecretString::from(rpassword::prompt_password("Again: ")?);
        use secrecy::ExposeSecret;
        if first.expose_secret() != again.expose_secret() {
            return Err("the passwords do not match".into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(SecretString::from(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}
