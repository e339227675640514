//! Login protection building blocks:
//!
//! * [`AttemptLimiter`]: failures per key (a username, a client IP) earn an exponential delay and
//!   then a temporary lock; the answer depends only on the key's history, never on whether the
//!   account exists. Memory is bounded: past [`ThrottleSettings::max_keys`] the least significant
//!   records (fewest failures, then least recent) are evicted, so a flood of made-up usernames
//!   cannot grow the table nor flush a locked key out of it.
//! * [`LoginThrottle`]: the username and client-IP limiters together, as `adminLogin` uses them.
//! * [`VerifyGate`]: a bound on concurrent Argon2 verifications (19 MiB each): excess attempts wait
//!   briefly, then are refused with a retry-after; the permit lives as long as the hash itself,
//!   even when the caller gives up.
//! * [`PasswordCheck`]: verification through the gate that gives unknown users the same work as a
//!   wrong password (a dummy hash made with the same Argon2 parameters as real ones).
//! * [`client_ip`]: the peer address, or the address a configured trusted proxy put in a header.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::http::HeaderMap;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The answer to "may this attempt go ahead?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Not before this much time has passed (`RATE_LIMITED`, with `retryAfter` in seconds).
    RetryAfter(Duration),
}

impl Decision {
    /// The later of two decisions.
    pub fn and(self, other: Decision) -> Decision {
        match (self, other) {
            (Decision::Allowed, d) | (d, Decision::Allowed) => d,
            (Decision::RetryAfter(a), Decision::RetryAfter(b)) => Decision::RetryAfter(a.max(b)),
        }
    }
}

/// Settings of one [`AttemptLimiter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleSettings {
    /// Failures answered without delay.
    pub free_attempts: u32,
    /// The wait after the first failure past the free ones; each further failure doubles it.
    pub base_delay: Duration,
    /// The longest wait between attempts (before the lock).
    pub max_delay: Duration,
    /// Consecutive failures that lock the key.
    pub lock_after: u32,
    /// How long a lock lasts. When it ends the free attempts stay used up: the next failure is
    /// delayed at once, and `lock_after - free_attempts` more lock it again.
    pub lock_duration: Duration,
    /// A key without a failure for this long (and not locked) is forgotten.
    pub forget_after: Duration,
    /// Keys tracked at most.
    pub max_keys: usize,
}

impl ThrottleSettings {
    /// Per username: 5 free failures, then 1 s doubling up to 1 min; 20 lock it for 15 min.
    pub fn per_username() -> Self {
        Self {
            free_attempts: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            lock_after: 20,
            lock_duration: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(3600),
            max_keys: 100_000,
        }
    }

    /// Per client IP: one address guessing several usernames; a little more room (a NAT or an
    /// office behind one address), the same shape.
    pub fn per_ip() -> Self {
        Self {
            free_attempts: 10,
            lock_after: 40,
            ..Self::per_username()
        }
    }

    /// The wait imposed after the `failures`-th consecutive failure (lock aside).
    fn delay_after(&self, failures: u32) -> Duration {
        if failures <= self.free_attempts {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free_attempts - 1).min(32);
        self.base_delay
            .checked_mul(1u32 << doublings.min(31))
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// The longest key kept (longer ones are cut: they are never valid usernames).
const MAX_KEY_BYTES: usize = 128;

#[derive(Debug, Clone)]
struct Record {
    failures: u32,
    /// No attempt before this.
    not_before: Instant,
    locked_until: Option<Instant>,
    last_failure: Instant,
}

impl Record {
    fn locked_at(&self, now: Instant) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }

    fn forgotten_at(&self, now: Instant, s: &ThrottleSettings) -> bool {
        !self.locked_at(now) && now.saturating_duration_since(self.last_failure) >= s.forget_after
    }
}

/// Failure counts per key with backoff and lock. See the module documentation.
pub struct AttemptLimiter {
    settings: ThrottleSettings,
    records: Mutex<HashMap<String, Record>>,
}

impl std::fmt::Debug for AttemptLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttemptLimiter")
            .field("settings", &self.settings)
            .field("tracked", &self.tracked())
            .finish()
    }
}

fn key_of(key: &str) -> &str {
    if key.len() <= MAX_KEY_BYTES {
        return key;
    }
    let mut end = MAX_KEY_BYTES;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    &key[..end]
}

impl AttemptLimiter {
    pub fn new(settings: ThrottleSettings) -> Self {
        Self {
            settings,
            records: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &ThrottleSettings {
        &self.settings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Record>> {
        // A panic while holding the lock leaves plain counters behind: still usable.
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether an attempt for `key` may go ahead now.
    pub fn check(&self, key: &str) -> Decision {
        let now = Instant::now();
        let map = self.lock();
        match map.get(key_of(key)) {
            Some(r) if !r.forgotten_at(now, &self.settings) => {
                let until = r.locked_until.filter(|t| *t > now).unwrap_or(r.not_before);
                if until > now {
                    Decision::RetryAfter(until - now)
                } else {
                    Decision::Allowed
                }
            }
            _ => Decision::Allowed,
        }
    }

    /// Records a failed attempt; returns the wait it imposes on the next one.
    pub fn record_failure(&self, key: &str) -> Decision {
        let now = Instant::now();
        let s = &self.settings;
        let mut map = self.lock();
        let key = key_of(key);
        if !map.contains_key(key) && map.len() >= s.max_keys {
            evict(&mut map, now, s);
        }
        let r = map.entry(key.to_owned()).or_insert(Record {
            failures: 0,
            not_before: now,
            locked_until: None,
            last_failure: now,
        });
        if r.forgotten_at(now, s) {
            r.failures = 0;
            r.locked_until = None;
        }
        if r.locked_until.is_some_and(|t| t <= now) {
            // The lock served its time: back to backoff, without the free attempts.
            r.locked_until = None;
            r.failures = r.failures.min(s.free_attempts);
        }
        r.failures = r.failures.saturating_add(1);
        r.last_failure = now;
        if r.failures >= s.lock_after {
            let until = now + s.lock_duration;
            r.locked_until = Some(until);
            r.not_before = until;
            return Decision::RetryAfter(s.lock_duration);
        }
        let delay = s.delay_after(r.failures);
        r.not_before = now + delay;
        if delay.is_zero() {
            Decision::Allowed
        } else {
            Decision::RetryAfter(delay)
        }
    }

    /// Forgets `key`'s failures (a successful login).
    pub fn record_success(&self, key: &str) {
        self.lock().remove(key_of(key));
    }

    /// Keys currently tracked.
    pub fn tracked(&self) -> usize {
        self.lock().len()
    }
}

/// Makes room for one more key: forgotten records first; if that is not enough, the least
/// significant eighth (unlocked before locked, fewer failures first, older first), so the cost of
/// eviction is paid once per many insertions.
fn evict(map: &mut HashMap<String, Record>, now: Instant, s: &ThrottleSettings) {
    map.retain(|_, r| !r.forgotten_at(now, s));
    if map.len() < s.max_keys {
        return;
    }
    let mut ranked: Vec<(bool, u32, Instant, String)> = map
        .iter()
        .map(|(k, r)| (r.locked_at(now), r.failures, r.last_failure, k.clone()))
        .collect();
    ranked.sort_unstable();
    let drop = (s.max_keys / 8).max(1).min(ranked.len());
    for (_, _, _, k) in ranked.into_iter().take(drop) {
        map.remove(&k);
    }
}

/// The username and client-IP limiters of a login endpoint.
#[derive(Debug)]
pub struct LoginThrottle {
    pub by_username: AttemptLimiter,
    pub by_ip: AttemptLimiter,
}

impl LoginThrottle {
    pub fn new(username: ThrottleSettings, ip: ThrottleSettings) -> Self {
        Self {
            by_username: AttemptLimiter::new(username),
            by_ip: AttemptLimiter::new(ip),
        }
    }

    /// Before verifying anything (the same answer whether or not the user exists).
    pub fn check(&self, username: &str, ip: IpAddr) -> Decision {
        self.by_username
            .check(username)
            .and(self.by_ip.check(&ip.to_string()))
    }

    /// After a wrong password or an unknown username.
    pub fn failed(&self, username: &str, ip: IpAddr) -> Decision {
        self.by_username
            .record_failure(username)
            .and(self.by_ip.record_failure(&ip.to_string()))
    }

    /// After a correct password: the username starts afresh (the IP's record stays: it is about
    /// that address guessing, whoever it is).
    pub fn succeeded(&self, username: &str) {
        self.by_username.record_success(username);
    }
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new(ThrottleSettings::per_username(), ThrottleSettings::per_ip())
    }
}

/// Too many password verifications are running; try again after this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GateError {
    #[error("too many logins in progress; retry in {}s", .0.as_secs().max(1))]
    Busy(Duration),
    #[error("password worker failed")]
    Join,
    #[error("password hashing failed")]
    Hash,
}

/// A bound on concurrent password hashing/verification.
#[derive(Debug, Clone)]
pub struct VerifyGate {
    permits: Arc<Semaphore>,
    wait: Duration,
    retry_after: Duration,
    /// Runs in progress now, and the most there ever were at once.
    running: Arc<std::sync::atomic::AtomicUsize>,
    peak: Arc<std::sync::atomic::AtomicUsize>,
}

impl VerifyGate {
    /// `permits` at once (each Argon2 run holds 19 MiB); a caller waits up to `wait` for one, and
    /// is then told to come back after `retry_after`.
    pub fn new(permits: usize, wait: Duration, retry_after: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            wait,
            retry_after,
            running: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// Waits for a permit, at most the configured time.
    pub async fn acquire(&self) -> Result<OwnedSemaphorePermit, GateError> {
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(p)) => Ok(p),
            // Timed out, or the semaphore was closed (never: we do not close it).
            Ok(Err(_)) | Err(_) => Err(GateError::Busy(self.retry_after)),
        }
    }

    /// Runs `f` on the blocking pool under a permit. The permit moves into the blocking task, so it
    /// is held until the work ends even if the caller is dropped (a client that disconnects does
    /// not free a slot while its hash still runs).
    pub async fn run<T, F>(&self, f: F) -> Result<T, GateError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        use std::sync::atomic::Ordering;
        let permit = self.acquire().await?;
        let (running, peak) = (self.running.clone(), self.peak.clone());
        tokio::task::spawn_blocking(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let out = f();
            running.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
            out
        })
        .await
        .map_err(|_| GateError::Join)
    }

    /// Permits free now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// The most runs there were at once since start (never above the permits).
    pub fn peak(&self) -> usize {
        self.peak.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Default for VerifyGate {
    /// 4 at once (76 MiB of Argon2 memory at most), wait up to 2 s, then retry after 1 s.
    fn default() -> Self {
        Self::new(4, Duration::from_secs(2), Duration::from_secs(1))
    }
}

/// Password verification through a [`VerifyGate`], with the same work for unknown users.
#[derive(Clone)]
pub struct PasswordCheck {
    gate: VerifyGate,
    dummy: Arc<str>,
}

impl std::fmt::Debug for PasswordCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordCheck")
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

/// The hasher real hashes are made with (`auth::password::hash` uses `Argon2::default()`).
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

/// A PHC hash of a random password, made with the same parameters as real hashes. It takes one
/// Argon2 run: call it once at startup.
pub fn dummy_hash() -> Result<String, argon2::password_hash::Error> {
    let random: [u8; 32] = rand::random();
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(hex::encode(random).as_bytes(), &salt)
        .map(|h| h.to_string())
}

/// Verifies with the parameters written in `phc` (as `auth::password::verify` does).
fn verify_blocking(password: &SecretString, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    hasher()
        .verify_password(password.expose_secret().as_bytes(), &parsed)
        .is_ok()
}

impl PasswordCheck {
    /// Makes the dummy hash (one Argon2 run, on the blocking pool).
    pub async fn new(gate: VerifyGate) -> Result<Self, argon2::password_hash::Error> {
        let dummy = tokio::task::spawn_blocking(dummy_hash)
            .await
            .unwrap_or(Err(argon2::password_hash::Error::Crypto))?;
        Ok(Self {
            gate,
            dummy: dummy.into(),
        })
    }

    /// Whether `password` matches the stored hash; with no stored hash (unknown user) the dummy is
    /// verified instead and the answer is `false`: the same gate, the same Argon2 work. A stored
    /// hash that does not parse never matches (and costs nothing: log it, it is a data fault).
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<bool, GateError> {
        match stored {
            Some(phc) => {
                self.gate
                    .run(move || verify_blocking(&password, &phc))
                    .await
            }
            None => {
                let dummy = self.dummy.clone();
                self.gate
                    .run(move || {
                        // The result is always false; computing it is the point.
                        let _ = verify_blocking(&password, &dummy);
                        false
                    })
                    .await
            }
        }
    }

    /// A new PHC hash of `password` (as `auth::password::hash`), through the same gate.
    pub async fn hash(&self, password: SecretString) -> Result<String, GateError> {
        self.gate
            .run(move || {
                let salt = SaltString::generate(&mut OsRng);
                hasher()
                    .hash_password(password.expose_secret().as_bytes(), &salt)
                    .map(|h| h.to_string())
            })
            .await?
            .map_err(|_| GateError::Hash)
    }

    pub fn gate(&self) -> &VerifyGate {
        &self.gate
    }
}

/// Where the client's address comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ClientIpSource {
    /// The TCP peer (the default: headers are the client's to forge).
    #[default]
    Peer,
    /// `X-Forwarded-For`, as appended by `trusted_hops` trusted proxies in front of the server:
    /// the entry that many places from the right is the address the outermost trusted proxy saw
    /// (entries further left were written by the client and are ignored).
    XForwardedFor { trusted_hops: usize },
    /// `X-Real-IP`, as set (overwritten) by the trusted proxy.
    XRealIp,
}

/// The client-IP setting: a header is believed only when the peer is one of `trusted_proxies`
/// (when the list is empty, any peer: the server must then be reachable only through the proxy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientIpConfig {
    pub source: ClientIpSource,
    pub trusted_proxies: Vec<IpAddr>,
}

/// One header entry: an address, possibly with a port (`1.2.3.4:80`, `[2001:db8::1]:443`).
fn parse_entry(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .map(|ip| match ip {
            // An IPv4 peer on a dual-stack socket: one key per client either way.
            IpAddr::V6(v6) => v6
                .to_ipv4_mapped()
                .map(IpAddr::V4)
                .unwrap_or(IpAddr::V6(v6)),
            v4 => v4,
        })
}

/// The client's address for throttling and logs (never for authorisation).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, config: &ClientIpConfig) -> IpAddr {
    let peer = parse_entry(&peer.to_string()).unwrap_or(peer);
    if config.source == ClientIpSource::Peer
        || (!config.trusted_proxies.is_empty() && !config.trusted_proxies.contains(&peer))
    {
        return peer;
    }
    let from_header = match &config.source {
        ClientIpSource::Peer => None,
        ClientIpSource::XRealIp => {
            let mut values = headers.get_all("x-real-ip").iter();
            match (values.next(), values.next()) {
                // Exactly one: two means someone besides the proxy wrote one.
                (Some(v), None) => v.to_str().ok().and_then(parse_entry),
                _ => None,
            }
        }
        ClientIpSource::XForwardedFor { trusted_hops } => {
            // Several header lines are one list, in order.
            let entries: Vec<&str> = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .collect();
            trusted_hops
                .checked_sub(1)
                .and_then(|i| entries.len().checked_sub(i + 1))
                .and_then(|i| entries.get(i))
                .and_then(|e| parse_entry(e))
        }
    };
    from_header.unwrap_or(peer)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn settings() -> ThrottleSettings {
        ThrottleSettings {
            free_attempts: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(8),
            lock_after: 8,
            lock_duration: Duration::from_secs(600),
            forget_after: Duration::from_secs(3600),
            max_keys: 16,
        }
    }

    fn secs(s: u64) -> Decision {
        Decision::RetryAfter(Duration::from_secs(s))
    }

    #[tokio::test(start_paused = true)]
    async fn failures_back_off_exponentially_then_lock() {
        let l = AttemptLimiter::new(settings());
        let mut answers = Vec::new();
        for _ in 0..8 {
            assert_eq!(l.check("admin"), Decision::Allowed);
            let d = l.record_failure("admin");
            answers.push(d);
            if let Decision::RetryAfter(w) = d {
                assert_eq!(l.check("admin"), d);
                tokio::time::advance(w / 2).await;
                assert_eq!(l.check("admin"), Decision::RetryAfter(w - w / 2));
                tokio::time::advance(w - w / 2).await;
            }
        }
        assert_eq!(
            answers,
            vec![
                Decision::Allowed,
                Decision::Allowed,
                Decision::Allowed,
                secs(1),
                secs(2),
                secs(4),
                secs(8),   // capped at max_delay
                secs(600), // the 8th failure locks
            ]
        );
        assert_eq!(l.check("admin"), Decision::Allowed);
        // After the lock: no free attempts, the backoff again, and a relock after five more.
        assert_eq!(l.record_failure("admin"), secs(1));
        // Other keys are untouched.
        assert_eq!(l.check("root"), Decision::Allowed);
    }

    #[tokio::test(start_paused = true)]
    async fn a_lock_holds_whatever_the_attempt() {
        let l = AttemptLimiter::new(settings());
        for _ in 0..8 {
            l.record_failure("admin");
        }
        tokio::time::advance(Duration::from_secs(100)).await;
        assert_eq!(l.check("admin"), secs(500));
        // A failure recorded during the lock (a caller that ignored it) does not shorten it.
        assert_eq!(l.record_failure("admin"), secs(600));
        assert_eq!(l.check("admin"), secs(600));
    }

    #[tokio::test(start_paused = true)]
    async fn success_resets_and_idle_keys_are_forgotten() {
        let l = AttemptLimiter::new(settings());
        for _ in 0..5 {
            l.record_failure("admin");
        }
        l.record_success("admin");
        assert_eq!(l.check("admin"), Decision::Allowed);
        assert_eq!(l.record_failure("admin"), Decision::Allowed);
        assert_eq!(l.tracked(), 1);

        for _ in 0..5 {
            l.record_failure("ops");
        }
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert_eq!(l.check("ops"), Decision::Allowed);
        // Forgotten: the count starts again with the free attempts.
        assert_eq!(l.record_failure("ops"), Decision::Allowed);
    }

    #[tokio::test(start_paused = true)]
    async fn the_table_is_bounded_and_a_flood_does_not_flush_a_lock() {
        let s = settings();
        let l = AttemptLimiter::new(s.clone());
        for _ in 0..8 {
            l.record_failure("admin");
        }
        for _ in 0..5 {
            l.record_failure("ops");
        }
        for i in 0..10_000 {
            l.record_failure(&format!("made-up-{i}"));
            assert!(l.tracked() <= s.max_keys);
        }
        assert_eq!(l.check("admin"), secs(600));
        assert_eq!(l.check("ops"), secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn long_keys_are_cut_and_unknown_users_look_like_known_ones() {
        let l = AttemptLimiter::new(settings());
        let long = "é".repeat(200);
        for _ in 0..4 {
            l.record_failure(&long);
        }
        assert_eq!(l.check(&"é".repeat(300)), secs(1));
        // The limiter knows nothing of accounts: same history, same answer.
        for name in ["admin", "nobody"] {
            let l = AttemptLimiter::new(settings());
            let answers: Vec<_> = (0..8).map(|_| l.record_failure(name)).collect();
            assert_eq!(answers[3], secs(1));
            assert_eq!(answers[7], secs(600));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn login_throttle_combines_username_and_ip() {
        let t = LoginThrottle::new(settings(), settings());
        let a: IpAddr = "203.0.113.7".parse().unwrap();
        let b: IpAddr = "198.51.100.9".parse().unwrap();
        // One address guessing many usernames is held by its IP record.
        for i in 0..4 {
            t.failed(&format!("user{i}"), a);
        }
        assert_eq!(t.check("someone-else", a), secs(1));
        assert_eq!(t.check("someone-else", b), Decision::Allowed);
        // Many addresses guessing one username are held by its username record.
        for i in 0..4u8 {
            t.failed("admin", IpAddr::from([192, 0, 2, i]));
        }
        assert_eq!(t.check("admin", b), secs(1));
        tokio::time::advance(Duration::from_secs(1)).await;
        t.succeeded("admin");
        assert_eq!(t.check("admin", b), Decision::Allowed);
    }

    // Real time: a paused clock does not advance while blocking tasks run.
    #[tokio::test]
    async fn the_gate_bounds_concurrency_and_refuses_after_waiting() {
        let gate = VerifyGate::new(2, Duration::from_millis(150), Duration::from_secs(3));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = Arc::new(Mutex::new(release_rx));
        let mut running = Vec::new();
        for _ in 0..2 {
            let g = gate.clone();
            let rx = release_rx.clone();
            running.push(tokio::spawn(async move {
                g.run(move || {
                    let _ = rx.lock().unwrap().recv();
                })
                .await
            }));
        }
        while gate.available() > 0 {
            tokio::task::yield_now().await;
        }
        // A third waits, then is refused with the retry-after.
        let started = std::time::Instant::now();
        assert_eq!(
            gate.run(|| ()).await,
            Err(GateError::Busy(Duration::from_secs(3)))
        );
        assert!(started.elapsed() >= Duration::from_millis(150));
        // One that starts waiting while a slot frees up gets it.
        let g = gate.clone();
        let waiting = tokio::spawn(async move { g.run(|| 7).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        release_tx.send(()).unwrap();
        assert_eq!(waiting.await.unwrap(), Ok(7));
        release_tx.send(()).unwrap();
        for r in running {
            assert_eq!(r.await.unwrap(), Ok(()));
        }
        assert_eq!(gate.available(), 2);
    }

    #[tokio::test]
    async fn a_dropped_caller_keeps_its_permit_until_the_work_ends() {
        let gate = VerifyGate::new(1, Duration::from_secs(5), Duration::from_secs(1));
        let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let g = gate.clone();
        let caller = tokio::spawn(async move {
            g.run(move || {
                let _ = started_tx.send(());
                let _ = release_rx.recv();
            })
            .await
        });
        started_rx.await.unwrap();
        caller.abort();
        let _ = caller.await;
        // The hash still runs: its permit is still taken.
        assert_eq!(gate.available(), 0);
        release_tx.send(()).unwrap();
        while gate.available() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test]
    async fn unknown_users_cost_a_verification_with_the_real_parameters() {
        let check = PasswordCheck::new(VerifyGate::default()).await.unwrap();
        let dummy = PasswordHash::new(&check.dummy).unwrap();
        let real_hash = crate::auth::password::hash(SecretString::from("correct horse".to_owned()))
            .await
            .unwrap();
        let real = PasswordHash::new(&real_hash).unwrap();
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(
            argon2::Params::try_from(&dummy).unwrap(),
            argon2::Params::try_from(&real).unwrap()
        );
        let pw = |s: &str| SecretString::from(s.to_owned());
        assert_eq!(
            check
                .verify(pw("correct horse"), Some(real_hash.clone()))
                .await,
            Ok(true)
        );
        assert_eq!(check.verify(pw("wrong"), Some(real_hash)).await, Ok(false));
        assert_eq!(check.verify(pw("correct horse"), None).await, Ok(false));
        assert_eq!(
            check.verify(pw("x"), Some("garbage".into())).await,
            Ok(false)
        );
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn client_ip_ignores_headers_unless_configured() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "1.1.1.1"), ("x-real-ip", "2.2.2.2")]);
        assert_eq!(client_ip(peer, &h, &ClientIpConfig::default()), peer);
        // A v4 peer on a dual-stack socket.
        let mapped: IpAddr = "::ffff:10.0.0.5".parse().unwrap();
        assert_eq!(client_ip(mapped, &h, &ClientIpConfig::default()), peer);
    }

    #[test]
    fn client_ip_takes_the_rightmost_trusted_entry() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        let one = ClientIpConfig {
            source: ClientIpSource::XForwardedFor { trusted_hops: 1 },
            trusted_proxies: vec![],
        };
        // The client wrote "6.6.6.6"; the proxy appended what it saw.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7")]);
        assert_eq!(
            client_ip(peer, &h, &one),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        // Split over two header lines, with a port and IPv6.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "[2001:db8::7]:4711"),
        ]);
        assert_eq!(
            client_ip(peer, &h, &one),
            "2001:db8::7".parse::<IpAddr>().unwrap()
        );
        // Two proxies: the second entry from the right.
        let two = ClientIpConfig {
            source: ClientIpSource::XForwardedFor { trusted_hops: 2 },
            trusted_proxies: vec![],
        };
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.9")]);
        assert_eq!(
            client_ip(peer, &h, &two),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        // Too few entries, garbage, no header, zero hops: the peer.
        for h in [
            headers(&[("x-forwarded-for", "203.0.113.7")]),
            headers(&[("x-forwarded-for", "a, not-an-ip, 10.0.0.9")]),
            headers(&[]),
        ] {
            assert_eq!(client_ip(peer, &h, &two), peer);
        }
        let zero = ClientIpConfig {
            source: ClientIpSource::XForwardedFor { trusted_hops: 0 },
            trusted_proxies: vec![],
        };
        assert_eq!(
            client_ip(peer, &headers(&[("x-forwarded-for", "1.1.1.1")]), &zero),
            peer
        );
    }

    #[test]
    fn client_ip_believes_headers_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        let cfg = ClientIpConfig {
            source: ClientIpSource::XRealIp,
            trusted_proxies: vec![proxy],
        };
        let h = headers(&[("x-real-ip", "203.0.113.7")]);
        assert_eq!(
            client_ip(proxy, &h, &cfg),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(stranger, &h, &cfg), stranger);
        // Two X-Real-IP lines: one was not the proxy's.
        let h = headers(&[("x-real-ip", "203.0.113.7"), ("x-real-ip", "6.6.6.6")]);
        assert_eq!(client_ip(proxy, &h, &cfg), proxy);
    }
}
