//! `paycenter-bench`: load figures for paycenter next to their limits and targets. See
//! BENCHMARKS.md. All load stays on loopback; every phase is bounded in count and time.

use paycenter_bench as bench;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;

/// See Cargo.toml: the allocator showed up in profiles of the payment path.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench::client::{Api, Placed, WechatApi};
use bench::report::{limit_row, rate_row, ratio, Row};
use bench::server::{open_files_limit, rss_kib, FreshDb, Server};
use bench::stats::{Sample, Window};

#[derive(Parser, Debug)]
#[command(
    name = "paycenter-bench",
    about = "Load figures for paycenter (see BENCHMARKS.md)"
)]
struct Args {
    /// Every phase (the default when no phase is named).
    #[arg(long)]
    all: bool,
    #[arg(long)]
    payorder: bool,
    #[arg(long)]
    notify: bool,
    #[arg(long)]
    subscriptions: bool,
    #[arg(long)]
    fanout: bool,
    #[arg(long)]
    callbacks: bool,
    /// The bare-axum and direct-database limits.
    #[arg(long)]
    limits: bool,
    /// Reconciling a day of `--reconcile-orders` paid orders against their bill (time, peak RSS).
    #[arg(long)]
    reconcile: bool,
    /// Orders of the reconciled day.
    #[arg(long, default_value_t = 100_000)]
    reconcile_orders: usize,
    /// PostgreSQL server URL (e.g. postgres://postgres@127.0.0.1:5432/postgres); a fresh database
    /// is created on it and dropped after. Default: a fresh SQLite file.
    #[arg(long)]
    database_url: Option<String>,
    /// An external paycenter (sandbox on) instead of one started here.
    #[arg(long)]
    target: Option<String>,
    /// Admin password of the external paycenter.
    #[arg(long, env = "PAYCENTER_ADMIN_PASSWORD", default_value = "")]
    admin_password: String,
    /// The `paycenter` binary for the subscription and fan-out server (a child process, so its
    /// RSS is the server's alone). Default: `paycenter` beside this binary; without it those
    /// phases use the in-process server.
    #[arg(long)]
    paycenter_bin: Option<PathBuf>,
    /// Concurrent clients for the closed-loop phases.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Warm-up seconds before each closed-loop measurement (not counted).
    #[arg(long, default_value_t = 2)]
    warmup_secs: u64,
    /// Measured seconds of each closed-loop phase.
    #[arg(long, default_value_t = 10)]
    secs: u64,
    /// Upper bound on payOrders (warm-up included) and so on notifies.
    #[arg(long, default_value_t = 200_000)]
    max_orders: u64,
    /// Idle paymentStatus subscribers to hold (100000 for the target; needs `ulimit -n`).
    #[arg(long, default_value_t = 10_000)]
    subscribers: usize,
    /// Fan-out events per second.
    #[arg(long, default_value_t = 1000)]
    fanout_rate: u32,
    /// Orders paid (and so callbacks delivered) in the callbacks phase.
    #[arg(long, default_value_t = 5000)]
    callback_orders: usize,
    /// Fan-out seconds measured (after one second of warm-up events).
    #[arg(long, default_value_t = 5)]
    fanout_secs: u32,
    /// The WeChat Pay API the bench's projects pay through: v2 (XML, MD5) or v3 (JSON, RSA
    /// request and response signatures, AES-GCM notifies).
    #[arg(long, value_enum, default_value_t = WechatApi::V2)]
    wechat_api: WechatApi,
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "?".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map(|kib| format!("{:.1} GiB", kib * 1024.0 / GIB))
        .unwrap_or_else(|| "?".into());
    format!(
        "{cpus} CPUs ({model}), {mem} RAM, {} UTC, {} build",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        if cfg!(debug_assertions) {
            "DEBUG (figures meaningless)"
        } else {
            "release"
        }
    )
}

fn default_paycenter_bin() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.with_file_name("paycenter");
    p.is_file().then_some(p)
}

struct Ctx {
    api: Api,
    shop: bench::client::Shop,
    admin: String,
}

async fn connect(server: &Server, concurrency: usize, wechat: WechatApi) -> anyhow::Result<Ctx> {
    let api = Api::new(&server.base, concurrency)?;
    let admin = api
        .admin_token(&server.admin_password)
        .await
        .context("adminLogin")?;
    let shop = api
        .shop(&admin, wechat)
        .await
        .context("sandbox merchant + project")?;
    Ok(Ctx { api, shop, admin })
}

/// Makes `n` PENDING orders quickly (not measured).
async fn make_orders(ctx: &Ctx, prefix: &str, n: usize, concurrency: usize) -> Vec<Placed> {
    let w = Window {
        concurrency,
        warmup: Duration::ZERO,
        measure: Duration::from_secs(600),
        max_ops: n as u64,
    };
    bench::phases::pay_orders(&ctx.api, &ctx.shop, prefix, w)
        .await
        .1
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        paycenter::telemetry::init(paycenter::config::LogFormat::Text);
    }
    let all = args.all
        || !(args.payorder
            || args.notify
            || args.subscriptions
            || args.fanout
            || args.callbacks
            || args.limits
            || args.reconcile);
    let run = |flag: bool| all || flag;
    let window = Window {
        concurrency: args.concurrency,
        warmup: Duration::from_secs(args.warmup_secs),
        measure: Duration::from_secs(args.secs),
        max_ops: args.max_orders,
    };
    println!("# paycenter-bench\n\n{}", machine());

    let mut main_db = match &args.target {
        Some(_) => None,
        None => Some(FreshDb::create(args.database_url.as_deref()).await?),
    };
    let main = match (&args.target, &main_db) {
        (Some(t), _) => Server::external(t, &args.admin_password).await?,
        (None, Some(db)) => Server::in_process(db.url()).await?,
        (None, None) => anyhow::bail!("no database"),
    };
    let db_kind = main_db.as_ref().map(|d| d.kind()).unwrap_or("external");
    println!(
        "server: {} at {} on {db_kind}; WeChat Pay {:?}; {} clients, {} s warm-up + {} s measured per closed-loop phase",
        main.describe(),
        main.base,
        args.wechat_api,
        args.concurrency,
        args.warmup_secs,
        args.secs
    );
    let ctx = connect(&main, args.concurrency, args.wechat_api).await?;
    let mut rows: Vec<Row> = Vec::new();

    // Limits first, on a quiet machine.
    let mut bare = None;
    if run(args.limits) || run(args.payorder) || run(args.notify) {
        eprintln!("… bare axum limit");
        // Bounded by time only: at tens of thousands a second the order cap would end it early.
        let s = bench::limits::bare_axum(Window {
            max_ops: u64::MAX,
            ..window
        })
        .await?;
        rows.push(limit_row("limit: bare axum POST (in-process)", &s));
        bare = Some(s.rate());
    }

    let (mut db_pay_rate, mut db_notify_rate) = (None, None);
    if run(args.limits) {
        match &args.target {
            None => {
                // On a server and database of their own, so that nothing the other phases
                // leave behind (jobs, a larger file) runs or weighs on them.
                eprintln!("… direct database limits");
                let ldb = FreshDb::create(args.database_url.as_deref()).await?;
                let lserver = Server::in_process(ldb.url()).await?;
                let lctx = connect(&lserver, args.concurrency, args.wechat_api).await?;
                if let Some(state) = lserver.core() {
                    let db = state.db.clone();
                    let s = bench::limits::db_round_trip(&db, window).await;
                    rows.push(limit_row(
                        &format!("limit: database round trips (SELECT 1, {db_kind})"),
                        &s,
                    ));
                    let (s, orders) =
                        bench::limits::db_pay(&db, state.clone(), &lctx.shop.project_id, window)
                            .await;
                    db_pay_rate = Some(s.rate());
                    rows.push(limit_row(
                        &format!("limit: payOrder's DB work, direct ({db_kind})"),
                        &s,
                    ));
                    let s = bench::limits::db_notify(
                        &state.read,
                        state.clone(),
                        &lctx.shop.project_id,
                        Arc::new(orders),
                        window,
                    )
                    .await;
                    db_notify_rate = Some(s.rate());
                    rows.push(limit_row(
                        &format!("limit: notify's DB work, direct ({db_kind})"),
                        &s,
                    ));
                }
                drop(lctx);
                lserver.stop().await;
                ldb.remove().await;
            }
            Some(_) => {
                eprintln!("direct database limits skipped: they need the server in this process")
            }
        }
    }

    let mut placed: Vec<Placed> = Vec::new();
    if run(args.payorder) || run(args.notify) {
        eprintln!("… payOrder");
        let (s, orders) = bench::phases::pay_orders(&ctx.api, &ctx.shop, "B", window).await;
        placed = orders;
        let met = s.rate() >= 5000.0
            && s.quantile(0.99)
                .is_some_and(|p| p <= Duration::from_millis(25));
        let vs = limits_ratio(s.rate(), bare, db_pay_rate);
        rows.push(rate_row(
            &format!(
                "payOrder WECHAT_NATIVE ({db_kind}, {} conc.)",
                args.concurrency
            ),
            &s,
            "≥ 5,000/s, p99 ≤ 25 ms",
            Some(met),
            vs,
        ));
    }

    if run(args.notify) {
        eprintln!("… notify ingestion ({} PENDING orders)", placed.len());
        let bodies = bench::phases::presign(&ctx.shop, &placed)?;
        let s = bench::phases::notifies(&ctx.api, &ctx.shop, bodies, window).await;
        let vs = limits_ratio(s.rate(), bare, db_notify_rate);
        rows.push(rate_row(
            &format!("notify ingestion /notify/wechat ({db_kind})"),
            &s,
            "≥ 10,000/s",
            Some(s.rate() >= 10_000.0),
            vs,
        ));
    }

    if run(args.callbacks) {
        // On a server of its own too: the jobs the notify phase left (thousands of callbacks)
        // would otherwise be delivered first.
        let own = match &args.target {
            None => {
                let db = FreshDb::create(args.database_url.as_deref()).await?;
                let server = Server::in_process(db.url()).await?;
                let c = connect(&server, args.concurrency, args.wechat_api).await?;
                Some((db, server, c))
            }
            Some(_) => None,
        };
        let cctx = own.as_ref().map(|(_, _, c)| c).unwrap_or(&ctx);
        let result = bench::phases::callbacks(
            &cctx.api,
            &cctx.admin,
            args.wechat_api,
            args.callback_orders,
        )
        .await;
        if let Some((db, server, c)) = own {
            drop(c);
            server.stop().await;
            db.remove().await;
        }
        match result {
            Ok(cb) => {
                let mut row = rate_row(
                    "merchant callbacks delivered (a backlog, to a local receiver)",
                    &cb.delivered,
                    "≥ 5,000/s",
                    Some(cb.delivered.rate() >= 5000.0),
                    "-".into(),
                );
                row.note.push_str(&format!(
                    "; signed, each attempt recorded; latency from the backlog's release; the backlog built from notifies at {:.0}/s",
                    cb.notify_rate
                ));
                rows.push(row);
            }
            Err(why) => rows.push(Row {
                name: "merchant callbacks".into(),
                value: why,
                p50: "-".into(),
                p99: "-".into(),
                max: "-".into(),
                target: "≥ 5,000/s".into(),
                met: None,
                vs_limit: "-".into(),
                note: String::new(),
            }),
        }
    }

    if run(args.reconcile) {
        match &args.target {
            None => {
                eprintln!("… reconciling a day of {} orders", args.reconcile_orders);
                let m = bench::reconcile::run(args.database_url.as_deref(), args.reconcile_orders)
                    .await?;
                rows.push(reconcile_row(&m, db_kind));
            }
            Some(_) => eprintln!("reconciliation skipped: it needs the server in this process"),
        }
    }

    // The subscription and fan-out phases run on a child server when the binary is there; stop
    // this one first, so that its leftover work (callback and reconcile jobs) does not share
    // the machine with them.
    let child_bin = args.paycenter_bin.clone().or_else(default_paycenter_bin);
    let mut main = Some(main);
    if child_bin.is_some() && args.target.is_none() {
        drop(ctx);
        if let Some(m) = main.take() {
            m.stop().await;
        }
        if let Some(db) = main_db.take() {
            db.remove().await;
        }
    } else {
        drop(ctx);
    }

    if run(args.subscriptions) || run(args.fanout) {
        // The subscription server: a child process when the binary is there (its RSS is then
        // the server's alone), else the main server.
        let (sub_db, child) = match (&args.target, child_bin.clone()) {
            (None, Some(bin)) => {
                let db = FreshDb::create(args.database_url.as_deref()).await?;
                let s = Server::child(&bin, db.url()).await?;
                (Some(db), Some(s))
            }
            _ => (None, None),
        };
        let Some(server) = child.as_ref().or(main.as_ref()) else {
            anyhow::bail!("no server for the subscription phases");
        };
        let sctx = connect(server, args.concurrency, args.wechat_api).await?;
        let in_process = server.describe() == "in-process";
        let fds = open_files_limit().unwrap_or(1024);
        // Client and server sockets share this process's limit when in-process.
        let per_sub = if in_process { 2 } else { 1 };
        let fanout_n = (args.fanout_rate * (args.fanout_secs + 1)) as usize;
        let budget = fds.saturating_sub(2_000) as usize / per_sub;
        let budget = budget.saturating_sub(if run(args.fanout) { fanout_n } else { 0 });
        let n = args.subscribers.min(budget);
        if n < args.subscribers {
            eprintln!(
                "open-files limit {fds}: holding {n} subscribers instead of {} (raise `ulimit -n`)",
                args.subscribers
            );
        }
        let warm = args.fanout_rate as usize;

        if run(args.fanout) {
            eprintln!(
                "… fan-out, no idle subscribers ({} events at {}/s)",
                fanout_n, args.fanout_rate
            );
            let orders = make_orders(&sctx, "F0-", fanout_n, args.concurrency).await;
            let s = bench::phases::fanout(
                &sctx.api,
                &sctx.shop,
                server.addr,
                &orders,
                0,
                args.fanout_rate,
                warm,
            )
            .await;
            rows.push(fanout_row(&s, args.fanout_rate, 0, server.describe()));
        }

        let mut idle = Vec::new();
        if run(args.subscriptions) {
            eprintln!("… {n} idle subscribers");
            // Subscribers spread over many orders, as buyers each wait on their own (every
            // watched order keeps a small channel).
            let targets = make_orders(&sctx, "S-", n.clamp(1, 2000), args.concurrency).await;
            let pid = server.pid();
            tokio::time::sleep(Duration::from_secs(1)).await;
            let before = pid.and_then(rss_kib);
            let t0 = Instant::now();
            let (open, errors, first_error) = bench::phases::open_subscriptions(
                server.addr,
                &sctx.shop.api_key,
                &targets,
                fanout_n,
                n,
                256,
                Duration::from_secs(300),
            )
            .await;
            let took = t0.elapsed();
            tokio::time::sleep(Duration::from_secs(2)).await;
            let after = pid.and_then(rss_kib);
            let held = open.len();
            idle = open;
            rows.push(subs_row(
                held,
                errors,
                first_error,
                before,
                after,
                took,
                server.describe(),
            ));
            // Fewer connections than subscribers asked for (the open-files limit): hold the
            // rest as further subscriptions on the same connections (graphql-transport-ws
            // multiplexes them), so the number asked for is really held, and split the memory
            // into what a connection costs and what a subscription costs.
            if held > 0 && args.subscribers > held {
                let per = args.subscribers.div_ceil(held);
                eprintln!(
                    "… {} subscriptions on those {held} connections ({per} each)",
                    held * per
                );
                let t0 = Instant::now();
                let (added, errors, first_error) =
                    bench::phases::add_subscriptions(&mut idle, &targets, per, 256).await;
                let took = t0.elapsed();
                tokio::time::sleep(Duration::from_secs(2)).await;
                let more = pid.and_then(rss_kib);
                rows.extend(multiplexed_rows(
                    held,
                    held + added,
                    errors,
                    first_error,
                    (before, after, more),
                    took,
                ));
            }
        }

        if run(args.fanout) && !idle.is_empty() {
            eprintln!("… fan-out with {} idle subscribers held", idle.len());
            let orders = make_orders(&sctx, "F1-", fanout_n, args.concurrency).await;
            let s = bench::phases::fanout(
                &sctx.api,
                &sctx.shop,
                server.addr,
                &orders,
                fanout_n + n,
                args.fanout_rate,
                warm,
            )
            .await;
            rows.push(fanout_row(
                &s,
                args.fanout_rate,
                idle.len(),
                server.describe(),
            ));
        }
        drop(idle);
        drop(sctx);
        if let Some(c) = child {
            c.stop().await;
        }
        if let Some(db) = sub_db {
            db.remove().await;
        }
    }

    if let Some(m) = main {
        m.stop().await;
    }
    if let Some(db) = main_db {
        db.remove().await;
    }
    bench::report::print(&format!("paycenter on {db_kind}"), &rows);
    Ok(())
}

fn reconcile_row(m: &bench::reconcile::Measured, db: &str) -> Row {
    let mib = |k: u64| format!("{:.0} MiB", k as f64 / 1024.0);
    let lines = m.orders + m.refunds;
    let rate = lines as f64 / m.elapsed.as_secs_f64().max(1e-9);
    let peak = match (m.rss_before, m.rss_peak) {
        (Some(b), Some(p)) => format!(
            "peak RSS {} ({} before the run, +{})",
            mib(p),
            mib(b),
            mib(p.saturating_sub(b))
        ),
        _ => "peak RSS unknown".into(),
    };
    let anon = match (m.anon_before, m.anon_peak) {
        (Some(b), Some(p)) => format!(
            "; of it anonymous (heap) {} (+{}){}",
            mib(p),
            mib(p.saturating_sub(b)),
            if db == "SQLite" {
                ", SQLite's page caches included; the rest its mapped database file"
            } else {
                ""
            }
        ),
        _ => String::new(),
    };
    Row {
        name: format!(
            "reconcile a day: {} payments + {} refunds, WeChat bill ({db})",
            m.orders, m.refunds
        ),
        value: format!("{:.1} s ({rate:.0} lines/s)", m.elapsed.as_secs_f64()),
        p50: "-".into(),
        p99: "-".into(),
        max: "-".into(),
        target: "streamed; memory flat in the day's size".into(),
        met: None,
        vs_limit: "-".into(),
        note: format!(
            "{peak}{anon}; bill {:.1} MiB gzip'd; report {} with {} discrepancies; setup {:.0} s",
            m.bill_bytes as f64 / (1024.0 * 1024.0),
            m.status,
            m.discrepancies,
            m.setup.as_secs_f64()
        ),
    }
}

/// "x% of bare axum (…); y% of its DB work (…)".
fn limits_ratio(rate: f64, bare: Option<f64>, db: Option<f64>) -> String {
    [
        bare.map(|b| ratio(rate, b, "bare axum")),
        db.map(|d| ratio(rate, d, "its DB work alone")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ")
}

fn fanout_row(s: &Sample, rate: u32, idle: usize, server: &str) -> Row {
    let met = rate >= 1000
        && s.errors == 0
        && s.quantile(0.99)
            .is_some_and(|p| p <= Duration::from_millis(10));
    let mut r = rate_row(
        &format!("notify → paymentStatus `next`, {rate}/s, {idle} idle subscribers ({server})"),
        s,
        "p99 ≤ 10 ms at 1,000/s",
        Some(met),
        "-".into(),
    );
    r.value = format!("{} events", s.ok);
    r
}

/// The multiplexed hold, and the 100k-connection projection it allows: a subscription's cost
/// from the second hold, a connection's from the first minus one subscription.
fn multiplexed_rows(
    connections: usize,
    subscriptions: usize,
    errors: usize,
    first_error: Option<String>,
    (before, after, more): (Option<u64>, Option<u64>, Option<u64>),
    took: Duration,
) -> Vec<Row> {
    let (Some(b), Some(a), Some(m)) = (before, after, more) else {
        return Vec::new();
    };
    let extra = subscriptions.saturating_sub(connections).max(1) as f64;
    let per_sub = m.saturating_sub(a) as f64 / extra;
    let per_both = a.saturating_sub(b) as f64 / connections.max(1) as f64;
    let per_conn = (per_both - per_sub).max(0.0);
    let held_gib = m as f64 * 1024.0 / GIB;
    let projected = (b as f64 + 100_000.0 * (per_conn + per_sub)) * 1024.0;
    let mut note = format!(
        "{subscriptions} subscriptions on {connections} connections, added in {:.1} s; {errors} errors",
        took.as_secs_f64()
    );
    if let Some(e) = first_error {
        let e: String = e.chars().take(160).collect();
        note.push_str(&format!("; first error: {e}"));
    }
    vec![
        Row {
            name: format!("idle paymentStatus subscriptions held: {subscriptions}"),
            value: format!(
                "RSS {:.0} MiB ({:.2} GiB); {per_sub:.1} KiB/subscription",
                m as f64 / 1024.0,
                held_gib
            ),
            p50: "-".into(),
            p99: "-".into(),
            max: "-".into(),
            target: "100k in ≤ 1.5 GiB".into(),
            met: (subscriptions >= 100_000).then_some(m as f64 * 1024.0 <= 1.5 * GIB),
            vs_limit: "-".into(),
            note,
        },
        Row {
            name: "… projected: 100k connections × 1 subscription".into(),
            value: format!("{per_conn:.1} KiB/connection + {per_sub:.1} KiB/subscription"),
            p50: "-".into(),
            p99: "-".into(),
            max: "-".into(),
            target: "100k in ≤ 1.5 GiB".into(),
            met: Some(projected <= 1.5 * GIB),
            vs_limit: format!("100k ≈ {:.2} GiB", projected / GIB),
            note: "base RSS + 100k × (connection + subscription), from the two holds above".into(),
        },
    ]
}

fn subs_row(
    held: usize,
    errors: usize,
    first_error: Option<String>,
    before: Option<u64>,
    after: Option<u64>,
    took: Duration,
    server: &str,
) -> Row {
    let (per, projected, met) = match (before, after) {
        (Some(b), Some(a)) if held > 0 => {
            let per_kib = a.saturating_sub(b) as f64 / held as f64;
            let projected = (b as f64 + per_kib * 100_000.0) * 1024.0;
            (
                format!(
                    "{:.1} KiB/subscriber (RSS {:.0} → {:.0} MiB)",
                    per_kib,
                    b as f64 / 1024.0,
                    a as f64 / 1024.0
                ),
                format!("100k ≈ {:.2} GiB", projected / GIB),
                Some(projected <= 1.5 * GIB),
            )
        }
        _ => ("RSS unknown".into(), "-".into(), None),
    };
    let mut note = format!(
        "{server} server; opened in {:.1} s; {errors} errors",
        took.as_secs_f64()
    );
    if server == "in-process" {
        note.push_str("; RSS includes the (light) clients");
    }
    if let Some(e) = first_error {
        let e: String = e.chars().take(160).collect();
        note.push_str(&format!("; first error: {e}"));
    }
    Row {
        name: format!("idle paymentStatus subscribers held: {held}"),
        value: per,
        p50: "-".into(),
        p99: "-".into(),
        max: "-".into(),
        target: "100k in ≤ 1.5 GiB".into(),
        met,
        vs_limit: projected,
        note,
    }
}
