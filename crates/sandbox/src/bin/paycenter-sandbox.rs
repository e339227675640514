//! `paycenter-sandbox`: the provider emulator on its own, for paycenter instances or provider SDKs
//! pointed at it (base URLs `http://<bind>/sandbox/wechat/` and `http://<bind>/sandbox/alipay/gateway.do`).

use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "paycenter-sandbox",
    version,
    about = "WeChat Pay and Alipay emulator (test use only)"
)]
struct Cli {
    /// Where its records live (its own `sandbox_*` tables; may be paycenter's database).
    #[arg(
        long,
        env = "PAYCENTER_DATABASE_URL",
        default_value = "sqlite://sandbox.db?mode=rwc"
    )]
    database_url: String,
    #[arg(long, default_value = "127.0.0.1:8090")]
    bind: std::net::SocketAddr,
    /// Divides the providers' notify retry schedule (1 = the real schedule).
    #[arg(long, default_value_t = 1)]
    notify_speedup: u32,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("paycenter-sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match rt.block_on(paycenter_sandbox::serve(
        &cli.database_url,
        cli.bind,
        cli.notify_speedup,
        256 * 1024,
        shutdown,
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paycenter-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
