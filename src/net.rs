//! Where outbound merchant callbacks may go (a leaf module: it uses nothing else of the crate).
//!
//! * [`is_forbidden`]: the address policy. Outside the sandbox a callback may reach only globally
//!   routable unicast addresses: not private, loopback, link-local, shared (CGNAT), multicast,
//!   documentation, benchmarking or reserved ranges, nor any IPv6 form that embeds such an IPv4
//!   address (mapped, compatible, NAT64, 6to4) or tunnels to an unknown one (Teredo).
//! * [`GuardedResolver`]: a `reqwest` resolver that resolves once and refuses the whole answer if
//!   any address is forbidden. The addresses checked are the ones connected to, which closes the
//!   DNS-rebinding gap of "resolve to check, then let the client resolve again".
//! * [`CallbackClient`]: the callback HTTP client: that resolver, IP-literal URLs checked before
//!   any connection, no redirects, no proxy (a proxy would resolve names itself), bounded
//!   connect and total time.
//! * [`validate_callback_url`]: the same rules when a merchant sets the URL.

use std::error::Error as StdError;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// The longest callback URL accepted.
pub const MAX_URL_LEN: usize = 2048;

/// Whether an outbound callback must not reach `ip` (unless private targets are allowed).
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_forbidden(v4),
        IpAddr::V6(v6) => v6_forbidden(v6),
    }
}

/// Whether `ip` is in `net/len`.
fn v4_in(ip: Ipv4Addr, net: [u8; 4], len: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn v6_in(ip: Ipv6Addr, net: [u16; 8], len: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

/// IPv4 special-purpose ranges (IANA registry) that are not globally reachable, and the rest of
/// what a callback has no business calling.
const V4_FORBIDDEN: [([u8; 4], u32); 16] = [
    ([0, 0, 0, 0], 8),       // "this network", includes 0.0.0.0
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // shared address space (CGNAT)
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link-local (cloud metadata at 169.254.169.254)
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation (TEST-NET-1)
    ([192, 31, 196, 0], 24), // AS112-v4
    ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),  // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, includes the broadcast 255.255.255.255
];

fn v4_forbidden(ip: Ipv4Addr) -> bool {
    V4_FORBIDDEN.iter().any(|(net, len)| v4_in(ip, *net, *len))
}

/// The IPv4 address in the last 32 bits.
fn low_v4(ip: Ipv6Addr) -> Ipv4Addr {
    Ipv4Addr::from((u128::from(ip) & 0xffff_ffff) as u32)
}

fn v6_forbidden(ip: Ipv6Addr) -> bool {
    // Forms that carry an IPv4 address the connection ends up at: judge that address.
    if v6_in(ip, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96) // IPv4-mapped
        || v6_in(ip, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)
    // NAT64 well-known prefix
    {
        return v4_forbidden(low_v4(ip));
    }
    if v6_in(ip, [0; 8], 96) {
        // ::/128, ::1 and the deprecated IPv4-compatible ::a.b.c.d
        return ip.segments()[6] == 0 || v4_forbidden(low_v4(ip));
    }
    if v6_in(ip, [0x2002, 0, 0, 0, 0, 0, 0, 0], 16) {
        // 6to4: the IPv4 address in bits 16..48
        let s = ip.segments();
        let v4 = Ipv4Addr::from(((u32::from(s[1])) << 16) | u32::from(s[2]));
        return v4_forbidden(v4);
    }
    // Only global unicast 2000::/3 is reachable; that leaves out 100::/64 (discard-only),
    // 64:ff9b:1::/48 (local NAT64), fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10
    // (site-local), ff00::/8 (multicast) and every unassigned range.
    if !v6_in(ip, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3) {
        return true;
    }
    const V6_FORBIDDEN: [([u16; 8], u32); 3] = [
        // IETF protocol assignments: Teredo (2001::/32), benchmarking (2001:2::/48), ORCHID, …
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23),
        ([0x2001, 0x0db8, 0, 0, 0, 0, 0, 0], 32), // documentation
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),      // documentation (RFC 9637)
    ];
    V6_FORBIDDEN.iter().any(|(net, len)| v6_in(ip, *net, *len))
}

/// Names that mean this machine whatever DNS says (RFC 6761).
fn is_local_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost")
}

/// A callback target refused by the address policy (the error a refused resolution carries).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("{host} resolves to {ip}, a private, loopback, link-local or reserved address")]
    Address { host: String, ip: IpAddr },
    #[error("{0} names this machine")]
    LocalName(String),
}

/// Why a callback URL or target is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("not a valid URL")]
    Invalid,
    #[error("must be http or https")]
    Scheme,
    #[error("must have a host")]
    NoHost,
    #[error("must not carry credentials")]
    Credentials,
    #[error("too long (at most {MAX_URL_LEN} characters)")]
    TooLong,
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("cannot resolve {host}: {reason}")]
    Resolve { host: String, reason: String },
    #[error("{0} resolves to no address")]
    NoAddress(String),
}

/// Checks a whole answer: every address allowed, or the whole answer refused.
pub fn screen(
    host: &str,
    addrs: Vec<SocketAddr>,
    allow_private: bool,
) -> Result<Vec<SocketAddr>, TargetError> {
    if addrs.is_empty() {
        return Err(TargetError::NoAddress(host.to_owned()));
    }
    if !allow_private {
        if let Some(a) = addrs.iter().find(|a| is_forbidden(a.ip())) {
            return Err(Refused::Address {
                host: host.to_owned(),
                ip: a.ip(),
            }
            .into());
        }
    }
    Ok(addrs)
}

/// Resolves `host` once with the system resolver and screens the answer.
pub async fn resolve(
    host: &str,
    port: u16,
    allow_private: bool,
) -> Result<Vec<SocketAddr>, TargetError> {
    if !allow_private && is_local_name(host) {
        return Err(Refused::LocalName(host.to_owned()).into());
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| TargetError::Resolve {
            host: host.to_owned(),
            reason: e.to_string(),
        })?
        .collect();
    screen(host, addrs, allow_private)
}

/// The callback client's resolver (see the module documentation).
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    allow_private: bool,
}

impl GuardedResolver {
    pub fn new(allow_private: bool) -> Self {
        Self { allow_private }
    }
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            // The port is the URL's: reqwest sets it on the addresses returned.
            let addrs = resolve(name.as_str(), 0, allow_private)
                .await
                .map_err(|e| -> Box<dyn StdError + Send + Sync> { Box::new(e) })?;
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// The checks on a URL that need no resolution: scheme, host, credentials, length, and an IP
/// literal host against the policy. Returns the host name to resolve, if it is not a literal.
fn check_shape(url: &url::Url, allow_private: bool) -> Result<Option<String>, TargetError> {
    if url.as_str().len() > MAX_URL_LEN {
        return Err(TargetError::TooLong);
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(TargetError::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(TargetError::Credentials);
    }
    let literal = |ip: IpAddr| {
        if !allow_private && is_forbidden(ip) {
            Err(TargetError::Refused(Refused::Address {
                host: ip.to_string(),
                ip,
            }))
        } else {
            Ok(None)
        }
    };
    match url.host() {
        None => Err(TargetError::NoHost),
        Some(url::Host::Domain("")) => Err(TargetError::NoHost),
        Some(url::Host::Ipv4(ip)) => literal(ip.into()),
        Some(url::Host::Ipv6(ip)) => literal(ip.into()),
        Some(url::Host::Domain(d)) => {
            if !allow_private && is_local_name(d) {
                return Err(Refused::LocalName(d.to_owned()).into());
            }
            Ok(Some(d.to_owned()))
        }
    }
}

/// Validates a callback URL when a merchant sets it: http(s), a host, no credentials, at most
/// [`MAX_URL_LEN`] characters, and (unless `allow_private`) a host that is an allowed literal or
/// resolves only to allowed addresses now. Delivery checks again at connection time
/// ([`CallbackClient`]): DNS may change.
pub async fn validate_callback_url(v: &str, allow_private: bool) -> Result<url::Url, TargetError> {
    let v = v.trim();
    if v.len() > MAX_URL_LEN {
        return Err(TargetError::TooLong);
    }
    let url = url::Url::parse(v).map_err(|_| TargetError::Invalid)?;
    if let Some(host) = check_shape(&url, allow_private)? {
        if !allow_private {
            let port = url.port_or_known_default().unwrap_or(443);
            resolve(&host, port, false).await?;
        }
    }
    Ok(url)
}

/// Settings of the callback client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackClientSettings {
    /// Permit private, loopback and link-local targets (the sandbox and tests).
    pub allow_private: bool,
    pub connect_timeout: Duration,
    /// The whole exchange, connection to the last byte of the reply.
    pub timeout: Duration,
}

/// The HTTP client for merchant callbacks. Use [`CallbackClient::post`]: it checks IP-literal
/// URLs (which reqwest connects to without resolving) before handing the request to reqwest, whose
/// resolver is a [`GuardedResolver`].
#[derive(Debug, Clone)]
pub struct CallbackClient {
    http: reqwest::Client,
    allow_private: bool,
}

impl CallbackClient {
    pub fn new(s: CallbackClientSettings) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver::new(s.allow_private)))
            .redirect(reqwest::redirect::Policy::none())
            // A proxy resolves the name itself, out of the resolver's sight.
            .no_proxy()
            .connect_timeout(s.connect_timeout)
            .timeout(s.timeout)
            .build()?;
        Ok(Self {
            http,
            allow_private: s.allow_private,
        })
    }

    /// A POST to `url`, or why the URL may not be called (before any connection).
    pub fn post(&self, url: url::Url) -> Result<reqwest::RequestBuilder, TargetError> {
        check_shape(&url, self.allow_private)?;
        Ok(self.http.post(url))
    }
}

/// Whether a send failed because the address policy refused the target (a permanent failure
/// until the merchant changes the URL or DNS) rather than for a network reason.
pub fn refused_by_policy(err: &reqwest::Error) -> Option<&Refused> {
    let mut source: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(e) = source {
        if let Some(TargetError::Refused(r)) = e.downcast_ref::<TargetError>() {
            return Some(r);
        }
        source = e.source();
    }
    None
}

/// An error with its causes, for the callback attempt's `error` (reqwest's own message is only
/// "error sending request").
pub fn describe(err: &reqwest::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        out.push_str(": ");
        out.push_str(&e.to_string());
        source = e.source();
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn every_forbidden_class() {
        for s in [
            // IPv4
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.31.196.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.7",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            // IPv6
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:2::1",
            "2001:db8::1",
            "3fff::1",
            "100::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "feff::1",
            "ff02::1",
            "ff05::2",
            "4000::1",
            "5f00::1",
        ] {
            assert!(is_forbidden(ip(s)), "{s} must be forbidden");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.255.255",
            "172.32.0.1",
            "192.0.1.1",
            "198.17.255.255",
            "198.20.0.1",
            "223.255.255.255",
            "2001:4860:4860::8888",
            "2400:cb00::1",
            "2a00:1450::1",
            "::ffff:8.8.8.8",
            "::8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:200::1",
        ] {
            assert!(!is_forbidden(ip(s)), "{s} must be allowed");
        }
    }

    #[test]
    fn a_whole_answer_is_refused_for_one_bad_address() {
        let good: SocketAddr = "8.8.8.8:443".parse().unwrap();
        let bad: SocketAddr = "10.0.0.1:443".parse().unwrap();
        assert_eq!(screen("x", vec![good], false), Ok(vec![good]));
        assert_eq!(
            screen("x", vec![good, bad], false),
            Err(TargetError::Refused(Refused::Address {
                host: "x".into(),
                ip: bad.ip()
            }))
        );
        assert_eq!(screen("x", vec![good, bad], true), Ok(vec![good, bad]));
        assert_eq!(
            screen("x", vec![], true),
            Err(TargetError::NoAddress("x".into()))
        );
    }

    #[tokio::test]
    async fn the_resolver_refuses_local_names_and_addresses() {
        use reqwest::dns::Resolve;
        let strict = GuardedResolver::new(false);
        for name in ["localhost", "LocalHost.", "api.localhost"] {
            let r = strict.resolve(name.parse().unwrap()).await;
            assert!(r.is_err(), "{name}");
        }
        // localhost through the system resolver (/etc/hosts) with the name check out of the way.
        assert!(matches!(
            resolve("localhost", 80, false).await,
            Err(TargetError::Refused(Refused::LocalName(_)))
        ));
        let loose = GuardedResolver::new(true);
        let addrs: Vec<SocketAddr> = loose
            .resolve("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
        assert!(!addrs.is_empty());
    }

    #[tokio::test]
    async fn callback_urls_are_validated_when_set() {
        let bad = |s: &'static str, e: TargetError| async move {
            assert_eq!(validate_callback_url(s, false).await, Err(e), "{s}");
        };
        bad("not a url", TargetError::Invalid).await;
        bad("ftp://example.com/x", TargetError::Scheme).await;
        bad("file:///etc/passwd", TargetError::Scheme).await;
        bad("https://user:pw@example.com/", TargetError::Credentials).await;
        bad("https://user@example.com/", TargetError::Credentials).await;
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(
            validate_callback_url(&long, false).await,
            Err(TargetError::TooLong)
        );
        for s in [
            "http://127.0.0.1:8080/cb",
            "http://[::1]/cb",
            "http://[::ffff:127.0.0.1]/cb",
            "http://169.254.169.254/latest/meta-data",
            "http://2130706433/", // 127.0.0.1 in decimal
            "http://0x7f.1/",     // 127.0.0.1 in WHATWG shorthand
            "http://10.1.2.3/",
            "http://[fd00::1]/",
            "http://[64:ff9b::a00:1]/",
            "http://localhost:3000/cb",
            "http://api.localhost/cb",
        ] {
            let r = validate_callback_url(s, false).await;
            assert!(matches!(r, Err(TargetError::Refused(_))), "{s}: {r:?}");
            assert!(
                validate_callback_url(s, true).await.is_ok(),
                "{s} with allow_private"
            );
        }
        // Public literals need no resolution.
        assert!(validate_callback_url("https://8.8.8.8/cb", false)
            .await
            .is_ok());
        assert!(
            validate_callback_url("https://[2001:4860:4860::8888]:8443/cb", false)
                .await
                .is_ok()
        );
    }

    /// A TCP listener that counts connections and never answers.
    async fn counting_listener() -> (u16, Arc<AtomicUsize>) {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = l.local_addr().unwrap().port();
        let n = Arc::new(AtomicUsize::new(0));
        let seen = n.clone();
        tokio::spawn(async move {
            while let Ok((_s, _)) = l.accept().await {
                seen.fetch_add(1, Ordering::SeqCst);
            }
        });
        (port, n)
    }

    fn client(allow_private: bool) -> CallbackClient {
        CallbackClient::new(CallbackClientSettings {
            allow_private,
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
        })
        .unwrap()
    }

    #[tokio::test]
    async fn private_targets_are_refused_before_any_connection() {
        let (port, connections) = counting_listener().await;
        let strict = client(false);
        // An IP literal: refused by `post` itself.
        let literal = url::Url::parse(&format!("http://127.0.0.1:{port}/cb")).unwrap();
        assert!(matches!(strict.post(literal), Err(TargetError::Refused(_))));
        // A name: refused by the resolver, inside reqwest, before connecting.
        let named = url::Url::parse(&format!("http://localhost:{port}/cb")).unwrap();
        let err = strict.post(named.clone());
        assert!(matches!(
            err,
            Err(TargetError::Refused(Refused::LocalName(_)))
        ));
        // Even a request built around `post` (the raw client) goes through the resolver.
        let err = strict.http.post(named).send().await.unwrap_err();
        assert!(refused_by_policy(&err).is_some(), "{}", describe(&err));
        assert!(
            describe(&err).contains("names this machine"),
            "{}",
            describe(&err)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(connections.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn allowed_targets_are_reached_and_redirects_are_not_followed() {
        use axum::routing::post;
        let hits = Arc::new(AtomicUsize::new(0));
        let followed = hits.clone();
        let app = axum::Router::new()
            .route("/cb", post(|| async { "ok" }))
            .route(
                "/moved",
                post(|| async {
                    (
                        axum::http::StatusCode::FOUND,
                        [(axum::http::header::LOCATION, "/elsewhere")],
                    )
                }),
            )
            .route(
                "/elsewhere",
                post(move || {
                    followed.fetch_add(1, Ordering::SeqCst);
                    async { "followed" }
                }),
            );
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = l.local_addr().unwrap().port();
        tokio::spawn(async move {
            let _ = axum::serve(l, app).await;
        });
        let loose = client(true);
        for host in ["127.0.0.1", "localhost"] {
            let url = url::Url::parse(&format!("http://{host}:{port}/cb")).unwrap();
            let resp = loose.post(url).unwrap().send().await.unwrap();
            assert_eq!(resp.status(), 200);
            assert_eq!(resp.text().await.unwrap(), "ok");
        }
        let url = url::Url::parse(&format!("http://127.0.0.1:{port}/moved")).unwrap();
        let resp = loose.post(url).unwrap().send().await.unwrap();
        assert_eq!(resp.status(), 302);
        assert_eq!(hits.load(Ordering::SeqCst), 0);
    }
}
