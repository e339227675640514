//! The measured phases: payOrder, notify ingestion, idle subscriptions, notify → subscriber
//! fan-out, merchant callbacks.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::anyhow;
use futures_util::stream::{self, StreamExt};

use super::client::{self, Api, Notify, Placed, Shop, WechatApi, Ws};
use super::stats::{closed_loop, Sample, Window};

/// payOrder from `window.concurrency` clients; returns the sample and every order made
/// (warm-up ones too), for the notify phase.
pub async fn pay_orders(api: &Api, shop: &Shop, prefix: &str, w: Window) -> (Sample, Vec<Placed>) {
    let (api, shop, prefix) = (api.clone(), Arc::new(shop.clone()), prefix.to_owned());
    closed_loop(w, move |i| {
        let (api, shop) = (api.clone(), shop.clone());
        let order_no = format!("{prefix}{i:06}");
        async move { api.pay_order(&shop, &order_no).await }
    })
    .await
}

/// Signed pay notifies for `orders`, signed (and for v3 encrypted) before the clock starts.
pub fn presign(shop: &Shop, orders: &[Placed]) -> anyhow::Result<Arc<Vec<Notify>>> {
    Ok(Arc::new(
        orders
            .iter()
            .enumerate()
            .map(|(i, o)| client::signed_notify(shop, &o.order_no, i as u64))
            .collect::<anyhow::Result<_>>()?,
    ))
}

/// Posts the pre-signed notifies (one per PENDING order) and counts SUCCESS replies: each is a
/// verification plus the PENDING → PAID transaction.
pub async fn notifies(api: &Api, shop: &Shop, bodies: Arc<Vec<Notify>>, w: Window) -> Sample {
    let (api, pid) = (api.clone(), Arc::new(shop.project_id.clone()));
    let w = Window {
        max_ops: w.max_ops.min(bodies.len() as u64),
        ..w
    };
    closed_loop(w, move |i| {
        let (api, pid, bodies) = (api.clone(), pid.clone(), bodies.clone());
        async move {
            let body = bodies
                .get(i as usize)
                .cloned()
                .ok_or_else(|| anyhow!("no notify {i}"))?;
            api.post_notify(&pid, body).await
        }
    })
    .await
    .0
}

/// Opens `n` connections with one subscription each (spread over `orders` and over loopback
/// source addresses), at most `parallel` handshakes at a time. Returns the open sockets, the
/// errors and the first error.
pub async fn open_subscriptions(
    server: SocketAddr,
    token: &str,
    orders: &[Placed],
    first_index: usize,
    n: usize,
    parallel: usize,
    deadline: Duration,
) -> (Vec<(usize, Ws)>, usize, Option<String>) {
    open_multiplexed(server, token, orders, first_index, n, 1, parallel, deadline).await
}

/// Opens `n` connections holding `per` subscriptions each (on consecutive orders of `orders`).
#[allow(clippy::too_many_arguments)]
pub async fn open_multiplexed(
    server: SocketAddr,
    token: &str,
    orders: &[Placed],
    first_index: usize,
    n: usize,
    per: usize,
    parallel: usize,
    deadline: Duration,
) -> (Vec<(usize, Ws)>, usize, Option<String>) {
    if orders.is_empty() {
        return (Vec::new(), n, Some("no orders".into()));
    }
    let token: Arc<str> = token.into();
    let ids: Arc<Vec<String>> = Arc::new(orders.iter().map(|o| o.id.clone()).collect());
    let until = Instant::now() + deadline;
    let results: Vec<_> = stream::iter(0..n)
        .map(|i| {
            let (token, ids) = (token.clone(), ids.clone());
            async move {
                if Instant::now() >= until {
                    return (i, Err(anyhow!("deadline passed")));
                }
                let mine: Vec<&str> = (0..per.max(1))
                    .map(|k| ids[(i * per.max(1) + k) % ids.len()].as_str())
                    .collect();
                let r = tokio::time::timeout(
                    Duration::from_secs(30),
                    client::subscribe_many(
                        server,
                        client::loopback_source(first_index + i),
                        &token,
                        &mine,
                    ),
                )
                .await
                .map_err(|_| anyhow!("subscribe timed out"))
                .and_then(|r| r);
                (i, r)
            }
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await;
    let mut open = Vec::with_capacity(n);
    let (mut errors, mut first_error) = (0, None);
    for (i, r) in results {
        match r {
            Ok(ws) => open.push((i, ws)),
            Err(e) => {
                errors += 1;
                first_error.get_or_insert_with(|| format!("{e:#}"));
            }
        }
    }
    (open, errors, first_error)
}

/// Adds subscriptions 2..=`per` on each open connection (to further orders of `orders`) and
/// waits for each one's first `next`. Returns how many were added, the errors and the first.
pub async fn add_subscriptions(
    open: &mut [(usize, Ws)],
    orders: &[Placed],
    per: usize,
    parallel: usize,
) -> (usize, usize, Option<String>) {
    use futures_util::SinkExt;
    use ws_client::tungstenite::Message;
    if orders.is_empty() || per < 2 {
        return (0, 0, None);
    }
    let results: Vec<anyhow::Result<usize>> = stream::iter(open.iter_mut())
        .map(|(i, ws)| {
            let i = *i;
            async move {
                let fut = async {
                    for k in 1..per {
                        let id = &orders[(i * per + k) % orders.len()].id;
                        let msg = serde_json::json!({"id": (k + 1).to_string(), "type": "subscribe",
                            "payload": {"query": client::PAYMENT_STATUS, "variables": {"id": id}}});
                        ws.send(Message::Text(msg.to_string().into())).await?;
                    }
                    for _ in 1..per {
                        let m = client::next_json(ws)
                            .await
                            .ok_or_else(|| anyhow!("socket closed before first state"))?;
                        if m["type"] != "next" {
                            anyhow::bail!("expected the current state, got {m}");
                        }
                    }
                    Ok(per - 1)
                };
                tokio::time::timeout(Duration::from_secs(60), fut)
                    .await
                    .map_err(|_| anyhow!("subscribe timed out"))?
            }
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await;
    let (mut added, mut errors, mut first_error) = (0, 0, None);
    for r in results {
        match r {
            Ok(n) => added += n,
            Err(e) => {
                errors += 1;
                first_error.get_or_insert_with(|| format!("{e:#}"));
            }
        }
    }
    (added, errors, first_error)
}

/// Fan-out: one subscriber per order; notifies posted open-loop at `rate`/s; latency from just
/// before each POST to its subscriber's PAID `next`. The first `warm` events are not counted.
pub async fn fanout(
    api: &Api,
    shop: &Shop,
    server: SocketAddr,
    orders: &[Placed],
    first_index: usize,
    rate: u32,
    warm: usize,
) -> Sample {
    let n = orders.len();
    let (subs, sub_errors, first_error) = open_subscriptions(
        server,
        &shop.api_key,
        orders,
        first_index,
        n,
        256,
        Duration::from_secs(120),
    )
    .await;
    let sent: Arc<Vec<OnceLock<Instant>>> = Arc::new((0..n).map(|_| OnceLock::new()).collect());
    let bodies = match presign(shop, orders) {
        Ok(b) => b,
        Err(e) => {
            return Sample {
                ok: 0,
                errors: n as u64,
                elapsed: Duration::ZERO,
                latencies: Vec::new(),
                first_error: Some(format!("{e:#}")),
                detail: None,
            }
        }
    };
    // Readers: one task per subscriber, bounded by the run's deadline.
    let period = Duration::from_secs_f64(1.0 / f64::from(rate.max(1)));
    let deadline = Instant::now() + period * n as u32 + Duration::from_secs(15);
    let mut readers = Vec::with_capacity(subs.len());
    for (i, mut ws) in subs {
        let sent = sent.clone();
        readers.push(tokio::spawn(async move {
            let got = tokio::time::timeout_at(deadline.into(), client::wait_state(&mut ws, "PAID"))
                .await
                .ok()
                .flatten();
            let at = Instant::now();
            drop(ws);
            got.and_then(|_| sent.get(i).and_then(|s| s.get()).map(|t| (i, at - *t)))
        }));
    }
    // Open loop at a steady rate.
    let start = Instant::now();
    let mut posts = Vec::with_capacity(n);
    let post_errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let replied: Arc<Vec<OnceLock<Duration>>> = Arc::new((0..n).map(|_| OnceLock::new()).collect());
    for i in 0..n {
        tokio::time::sleep_until((start + period * i as u32).into()).await;
        let (api, pid, bodies, sent, errs, replied) = (
            api.clone(),
            shop.project_id.clone(),
            bodies.clone(),
            sent.clone(),
            post_errors.clone(),
            replied.clone(),
        );
        posts.push(tokio::spawn(async move {
            let Some(body) = bodies.get(i).cloned() else {
                return;
            };
            let t0 = Instant::now();
            if let Some(s) = sent.get(i) {
                let _ = s.set(t0);
            }
            if api.post_notify(&pid, body).await.is_err() {
                errs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            } else if let Some(r) = replied.get(i) {
                let _ = r.set(t0.elapsed());
            }
        }));
    }
    let elapsed = start.elapsed();
    for p in posts {
        let _ = p.await;
    }
    let mut s = Sample {
        elapsed,
        first_error,
        ..Sample::default()
    };
    let mut received = 0u64;
    for r in readers {
        if let Ok(Some((i, lat))) = r.await {
            received += 1;
            if i >= warm {
                s.ok += 1;
                s.latencies.push(lat);
            }
        }
    }
    // The notify's own reply time (verified and committed), beside its subscriber's event.
    let mut replies: Vec<Duration> = replied
        .iter()
        .skip(warm)
        .filter_map(|r| r.get().copied())
        .collect();
    replies.sort_unstable();
    let q = |p: f64| {
        replies
            .get(((replies.len() as f64 * p) as usize).min(replies.len().saturating_sub(1)))
            .map(|d| format!("{:.2} ms", d.as_secs_f64() * 1000.0))
            .unwrap_or_else(|| "-".into())
    };
    s.detail = Some(format!(
        "the notify's own reply: p50 {}, p99 {}",
        q(0.5),
        q(0.99)
    ));
    let measured = n.saturating_sub(warm) as u64;
    s.errors = measured.saturating_sub(s.ok);
    if s.errors > 0 && s.first_error.is_none() {
        s.first_error = Some(format!(
            "{} of {n} events not received ({sub_errors} subscribe errors, {} post errors)",
            n as u64 - received,
            post_errors.load(std::sync::atomic::Ordering::Relaxed)
        ));
    }
    s.finish()
}

/// What the callback phase measured.
pub struct Callbacks {
    /// Deliveries per second once the backlog was released; latency = release → acknowledged.
    pub delivered: Sample,
    /// Notifies accepted per second while the backlog built.
    pub notify_rate: f64,
}

/// Merchant callbacks: a local receiver that acknowledges every POST; a project whose callbackUrl
/// points at it; `n` PENDING orders paid by pre-signed notifies (64 at a time). The receiver
/// holds its answers until every notify is in, so a backlog of `n` callbacks builds (the worker
/// has its first batch in flight, the rest wait as jobs); then it answers, and the rate is the
/// callbacks acknowledged per second from then to the n-th: the worker's delivery rate, not the
/// notifies'. The wait is kept under the callback timeout (10 s) so no attempt fails.
pub async fn callbacks(
    api: &Api,
    admin: &str,
    wechat: WechatApi,
    n: usize,
) -> Result<Callbacks, String> {
    use axum::{body::Bytes, extract::State, routing::post, Router};
    use std::collections::HashMap;
    use std::sync::Mutex;

    #[derive(Clone)]
    struct Rx {
        arrivals: Arc<Mutex<HashMap<String, Instant>>>,
        done: Arc<tokio::sync::Notify>,
        open: tokio::sync::watch::Receiver<bool>,
        want: usize,
    }
    async fn receive(State(mut rx): State<Rx>, body: Bytes) -> &'static str {
        let _ = rx.open.wait_for(|open| *open).await;
        let no = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["data"]["orderNo"].as_str().map(str::to_owned));
        if let (Some(no), Ok(mut a)) = (no, rx.arrivals.lock()) {
            a.entry(no).or_insert_with(Instant::now);
            if a.len() >= rx.want {
                rx.done.notify_one();
            }
        }
        "ok"
    }

    let (release, open) = tokio::sync::watch::channel(false);
    let rx = Rx {
        arrivals: Arc::new(Mutex::new(HashMap::new())),
        done: Arc::new(tokio::sync::Notify::new()),
        open,
        want: n,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = Router::new()
        .route("/cb", post(receive))
        .with_state(rx.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let shop = api
        .shop(admin, wechat)
        .await
        .map_err(|e| format!("{e:#}"))?;
    api.gql(
        Some(admin),
        "mutation($id:ID!,$u:String){ updateProject(id:$id, input:{callbackUrl:$u}){ id } }",
        serde_json::json!({"id": shop.project_id, "u": format!("http://{addr}/cb")}),
    )
    .await
    .map_err(|e| {
        format!("{e:#} (callbacks to loopback need the sandbox or allow_private_callbacks)")
    })?;
    let make = Window {
        concurrency: 64,
        warmup: Duration::ZERO,
        measure: Duration::from_secs(120),
        max_ops: n as u64,
    };
    let (_, orders) = pay_orders(api, &shop, "CB", make).await;
    if orders.len() < n {
        return Err(format!("only {} of {n} orders were placed", orders.len()));
    }
    let bodies = presign(&shop, &orders).map_err(|e| format!("{e:#}"))?;
    let start = Instant::now();
    let (api2, pid) = (api.clone(), shop.project_id.clone());
    let posts: Vec<bool> = stream::iter(0..n)
        .map(|i| {
            let (api, pid, bodies) = (api2.clone(), pid.clone(), bodies.clone());
            async move {
                match bodies.get(i) {
                    Some(b) => api.post_notify(&pid, b.clone()).await.is_ok(),
                    None => false,
                }
            }
        })
        .buffer_unordered(64)
        .collect()
        .await;
    let posted = posts.iter().filter(|ok| **ok).count();
    let ingest = start.elapsed();
    if ingest > Duration::from_secs(8) {
        let _ = release.send(true);
        server.abort();
        return Err(format!(
            "the notifies took {:.1} s: the held callbacks would time out; lower --callback-orders",
            ingest.as_secs_f64()
        ));
    }
    let released = Instant::now();
    let _ = release.send(true);
    let all_in = tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            let notified = rx.done.notified();
            if rx.arrivals.lock().map(|a| a.len() >= n).unwrap_or(true) {
                return;
            }
            notified.await;
        }
    })
    .await
    .is_ok();
    server.abort();
    let arrivals = rx.arrivals.lock().map(|a| a.clone()).unwrap_or_default();
    let mut s = Sample::default();
    let mut last = released;
    for o in orders.iter().take(n) {
        match arrivals.get(&o.order_no) {
            Some(at) => {
                s.ok += 1;
                s.latencies.push(at.saturating_duration_since(released));
                last = last.max(*at);
            }
            None => s.errors += 1,
        }
    }
    s.elapsed = last.duration_since(released);
    if !all_in || posted < n {
        s.first_error = Some(format!(
            "{} of {n} callbacks received ({posted} notifies accepted)",
            arrivals.len()
        ));
    }
    Ok(Callbacks {
        delivered: s.finish(),
        notify_rate: posted as f64 / ingest.as_secs_f64().max(1e-9),
    })
}
