//! The client side: GraphQL over HTTP, signed WeChat notifies, graphql-transport-ws subscriptions
//! from a chosen loopback source address.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use futures_util::{SinkExt, StreamExt};
use paycenter_providers::rsa_keys::RsaSigner;
use paycenter_providers::wechat_v2::{sign, xml};
use paycenter_providers::wechat_v3::aead::{self, ApiV3Key};
use paycenter_providers::wechat_v3::sign as v3_sign;
use serde_json::{json, Value};
use ws_client::tungstenite::client::IntoClientRequest;
use ws_client::tungstenite::protocol::WebSocketConfig;
use ws_client::tungstenite::Message;

/// What payOrder asks for: what a QR cashier needs (the SVG rendering is left out).
pub const PAY_ORDER: &str = "mutation($i: PayOrderInput!){ payOrder(input: $i){ order { id state } payParams { __typename ... on QrCodeParams { codeUrl } } } }";
pub const PAYMENT_STATUS: &str =
    "subscription($id: ID!){ paymentStatus(orderId: $id){ id state paidAt } }";
pub const AMOUNT: i64 = 100;

#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
}

/// The WeChat Pay API the bench's project pays through (`--wechat-api`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WechatApi {
    /// XML, MD5-signed with the API key.
    V2,
    /// JSON, RSA-signed requests and responses, AES-256-GCM notifies.
    V3,
}

/// "WeChat Pay"'s notify key for v3 runs: the Go SDK's public test platform key. The bench
/// installs its public half as the project's WeChat Pay public key (beside the sandbox
/// merchant's platform certificate, which verifies the sandbox's responses), so it can sign
/// notifies as WeChat would, before the clock starts.
const V3_NOTIFY_KEY: &str = include_str!(
    "../../providers/tests/vectors/v3-and-bills/wxpay_v3_gosdk_test_platform_key.pkcs8.pem"
);
const V3_NOTIFY_PUB: &str =
    include_str!("../../providers/tests/vectors/v3-and-bills/wxpay_v3_gosdk_test_platform_pub.pem");
const V3_NOTIFY_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000001";

/// How the bench signs the notifies it posts for a shop.
#[derive(Clone)]
pub enum NotifyKeys {
    V2 {
        api_key: String,
    },
    V3 {
        signer: Arc<RsaSigner>,
        api_v3_key: Arc<ApiV3Key>,
    },
}

impl std::fmt::Debug for NotifyKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotifyKeys::V2 { .. } => "NotifyKeys::V2",
            NotifyKeys::V3 { .. } => "NotifyKeys::V3",
        })
    }
}

/// A project wired to a fresh sandbox merchant.
#[derive(Clone, Debug)]
pub struct Shop {
    pub project_id: String,
    pub api_key: String,
    pub app_id: String,
    pub mch_id: String,
    pub notify_keys: NotifyKeys,
}

/// A notify as the provider would POST it.
#[derive(Clone, Debug)]
pub struct Notify {
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// An order payOrder created (PENDING).
#[derive(Clone, Debug)]
pub struct Placed {
    pub id: String,
    pub order_no: String,
}

fn text<'a>(v: &'a Value, what: &str) -> anyhow::Result<&'a str> {
    v.as_str().ok_or_else(|| anyhow!("missing {what}"))
}

impl Api {
    pub fn new(base: &str, pool: usize) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(pool)
            .timeout(Duration::from_secs(30))
            .tcp_nodelay(true)
            .build()?;
        Ok(Api {
            http,
            base: base.to_owned(),
        })
    }

    /// A GraphQL request; `data`, or an error carrying the first GraphQL error.
    pub async fn gql(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<Value> {
        let mut req = self
            .http
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let v: Value = req.send().await?.json().await?;
        if let Some(e) = v.get("errors") {
            bail!("graphql: {e}");
        }
        Ok(v.get("data").cloned().unwrap_or(Value::Null))
    }

    pub async fn admin_token(&self, password: &str) -> anyhow::Result<String> {
        let d = self
            .gql(
                None,
                "mutation($u:String!,$p:String!){ adminLogin(username:$u,password:$p){ token } }",
                json!({"u": "admin", "p": password}),
            )
            .await?;
        Ok(text(&d["adminLogin"]["token"], "token")?.to_owned())
    }

    /// A sandbox merchant and a project with its WeChat credentials, paying through `api`.
    pub async fn shop(&self, admin: &str, api: WechatApi) -> anyhow::Result<Shop> {
        let mode = match api {
            WechatApi::V2 => json!({}),
            // Certificate mode: the sandbox's responses are signed by its platform certificate,
            // leaving the public-key slot for the bench's notify key.
            WechatApi::V3 => json!({"wechatMode": "certificate"}),
        };
        let m: Value = self
            .http
            .post(format!("{}/sandbox/merchants", self.base))
            .json(&mode)
            .send()
            .await?
            .error_for_status()
            .context("POST /sandbox/merchants (is the sandbox on?)")?
            .json()
            .await?;
        let w = &m["wechat"];
        let (wechat, notify_keys) = match api {
            WechatApi::V2 => (
                w.clone(),
                NotifyKeys::V2 {
                    api_key: text(&w["apiKey"], "apiKey")?.to_owned(),
                },
            ),
            WechatApi::V3 => {
                let mut v3 = w.clone();
                v3["apiVersion"] = json!("V3");
                v3["wechatPayPublicKeyId"] = json!(V3_NOTIFY_KEY_ID);
                v3["wechatPayPublicKey"] = json!(V3_NOTIFY_PUB);
                let keys = NotifyKeys::V3 {
                    signer: Arc::new(
                        RsaSigner::parse(V3_NOTIFY_KEY).map_err(|e| anyhow!("notify key: {e}"))?,
                    ),
                    api_v3_key: Arc::new(
                        ApiV3Key::parse(text(&w["apiV3Key"], "apiV3Key")?)
                            .map_err(|e| anyhow!("apiV3Key: {e}"))?,
                    ),
                };
                (v3, keys)
            }
        };
        let d = self
            .gql(
                Some(admin),
                "mutation($i:CreateProjectInput!){ createProject(input:$i){ apiKey project{ id } } }",
                json!({"i": {"name": "bench", "wechat": wechat}}),
            )
            .await?;
        Ok(Shop {
            project_id: text(&d["createProject"]["project"]["id"], "project id")?.to_owned(),
            api_key: text(&d["createProject"]["apiKey"], "apiKey")?.to_owned(),
            app_id: text(&w["appId"], "appId")?.to_owned(),
            mch_id: text(&w["mchId"], "mchId")?.to_owned(),
            notify_keys,
        })
    }

    /// payOrder on WECHAT_NATIVE with the project key (a real unifiedorder at the sandbox).
    pub async fn pay_order(&self, shop: &Shop, order_no: &str) -> anyhow::Result<Placed> {
        let d = self
            .gql(
                Some(&shop.api_key),
                PAY_ORDER,
                json!({"i": {"projectId": shop.project_id, "orderNo": order_no, "amount": AMOUNT,
                             "subject": "Bench coffee", "channel": "WECHAT_NATIVE"}}),
            )
            .await?;
        let p = &d["payOrder"];
        if p["order"]["state"] != "PENDING" || p["payParams"]["codeUrl"].as_str().is_none() {
            bail!("unexpected payOrder reply {p}");
        }
        Ok(Placed {
            id: text(&p["order"]["id"], "order id")?.to_owned(),
            order_no: order_no.to_owned(),
        })
    }

    /// Posts a notify; Ok when paycenter acknowledged it (v2: `SUCCESS`; v3: 2xx, no `FAIL`).
    pub async fn post_notify(&self, project_id: &str, notify: Notify) -> anyhow::Result<()> {
        let mut req = self
            .http
            .post(format!("{}/notify/wechat/{project_id}", self.base));
        for (k, v) in notify.headers {
            req = req.header(k, v);
        }
        let r = req.body(notify.body).send().await?;
        let status = r.status();
        let t = r.text().await?;
        let v3 = status == reqwest::StatusCode::NO_CONTENT;
        if !status.is_success() || t.contains("FAIL") || !(v3 || t.contains("SUCCESS")) {
            bail!("notify refused: {status} {t}");
        }
        Ok(())
    }
}

/// The pay notify WeChat would send for `order_no`, as the shop's API signs it.
pub fn signed_notify(shop: &Shop, order_no: &str, seq: u64) -> anyhow::Result<Notify> {
    match &shop.notify_keys {
        NotifyKeys::V2 { api_key } => Ok(Notify {
            headers: vec![("content-type", "text/xml".to_owned())],
            body: signed_notify_v2(shop, api_key, order_no, seq),
        }),
        NotifyKeys::V3 { signer, api_v3_key } => {
            signed_notify_v3(shop, signer, api_v3_key, order_no, seq)
        }
    }
}

/// A v3 `TRANSACTION.SUCCESS` notify: the transaction encrypted with the APIv3 key, the body
/// signed with the platform key named by `Wechatpay-Serial`.
fn signed_notify_v3(
    shop: &Shop,
    signer: &RsaSigner,
    api_v3_key: &ApiV3Key,
    order_no: &str,
    seq: u64,
) -> anyhow::Result<Notify> {
    let resource = json!({
        "appid": shop.app_id, "mchid": shop.mch_id, "out_trade_no": order_no,
        "transaction_id": format!("42000000002026{seq:014}"),
        "trade_type": "NATIVE", "trade_state": "SUCCESS", "trade_state_desc": "支付成功",
        "bank_type": "OTHERS", "attach": "", "success_time": "2026-11-23T12:00:00+08:00",
        "payer": {"openid": "oBenchBuyer"},
        "amount": {"total": AMOUNT, "payer_total": AMOUNT, "currency": "CNY", "payer_currency": "CNY"},
    });
    let nonce = aead::nonce();
    let ciphertext = api_v3_key
        .encrypt(&nonce, "transaction", resource.to_string().as_bytes())
        .map_err(|e| anyhow!("encrypt: {e}"))?;
    let body = json!({
        "id": format!("EV-bench-{seq}"), "create_time": "2026-11-23T12:00:01+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": ciphertext, "associated_data": "transaction", "nonce": nonce},
    })
    .to_string();
    let ts = chrono::Utc::now().timestamp().to_string();
    let sig_nonce = format!("bench{seq}");
    let signature = v3_sign::sign_response(signer, &ts, &sig_nonce, body.as_bytes())
        .map_err(|e| anyhow!("sign: {e}"))?;
    Ok(Notify {
        headers: vec![
            ("content-type", "application/json".to_owned()),
            (v3_sign::HEADER_TIMESTAMP, ts),
            (v3_sign::HEADER_NONCE, sig_nonce),
            (v3_sign::HEADER_SIGNATURE, signature),
            (v3_sign::HEADER_SERIAL, V3_NOTIFY_KEY_ID.to_owned()),
            (v3_sign::HEADER_SIGNATURE_TYPE, v3_sign::SCHEMA.to_owned()),
        ],
        body,
    })
}

/// A v2 pay notify for `order_no`, signed with the merchant's API key (MD5).
fn signed_notify_v2(shop: &Shop, api_key: &str, order_no: &str, seq: u64) -> String {
    let mut f = BTreeMap::new();
    for (k, v) in [
        ("appid", shop.app_id.as_str()),
        ("mch_id", shop.mch_id.as_str()),
        ("nonce_str", "benchn0nce"),
        ("result_code", "SUCCESS"),
        ("return_code", "SUCCESS"),
        ("openid", "oBenchBuyer"),
        ("trade_type", "NATIVE"),
        ("bank_type", "CMC"),
        ("fee_type", "CNY"),
        ("out_trade_no", order_no),
        ("time_end", "20261123120000"),
    ] {
        f.insert(k.to_owned(), v.to_owned());
    }
    f.insert("transaction_id".into(), format!("42000000002026{seq:014}"));
    f.insert("total_fee".into(), AMOUNT.to_string());
    f.insert("cash_fee".into(), AMOUNT.to_string());
    sign::add_sign(&mut f, api_key, sign::SignType::Md5);
    xml::encode(&f)
}

pub type Ws = ws_client::WebSocketStream<tokio::net::TcpStream>;

/// The next JSON text message, or None when the socket ends.
pub async fn next_json(ws: &mut Ws) -> Option<Value> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// Opens a graphql-transport-ws connection from `source` and subscribes to `paymentStatus` of
/// each order (graphql-transport-ws multiplexes them; ids "1", "2", …); returns once each has
/// had its first `next` (the current state). Small client buffers: the client's memory is not
/// what is measured.
pub async fn subscribe_many(
    server: SocketAddr,
    source: IpAddr,
    token: &str,
    order_ids: &[&str],
) -> anyhow::Result<Ws> {
    let socket = match source {
        IpAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        IpAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.bind(SocketAddr::new(source, 0))?;
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    let mut req = format!("ws://{server}/graphql").into_client_request()?;
    req.headers_mut()
        .insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse()?);
    let cfg = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0);
    let (mut ws, _) = ws_client::client_async_with_config(req, stream, Some(cfg)).await?;
    ws.send(Message::Text(
        json!({"type": "connection_init", "payload": {"token": token}})
            .to_string()
            .into(),
    ))
    .await?;
    let ack = next_json(&mut ws)
        .await
        .ok_or_else(|| anyhow!("socket closed before ack"))?;
    if ack["type"] != "connection_ack" {
        bail!("expected connection_ack, got {ack}");
    }
    for (i, order_id) in order_ids.iter().enumerate() {
        ws.send(Message::Text(
            json!({"id": (i + 1).to_string(), "type": "subscribe", "payload": {"query": PAYMENT_STATUS, "variables": {"id": order_id}}})
                .to_string()
                .into(),
        ))
        .await?;
    }
    for _ in order_ids {
        let first = next_json(&mut ws)
            .await
            .ok_or_else(|| anyhow!("socket closed before first state"))?;
        if first["type"] != "next" {
            bail!("expected the current state, got {first}");
        }
    }
    Ok(ws)
}

/// Waits for a `next` whose state is `state`; None if the stream ends first.
pub async fn wait_state(ws: &mut Ws, state: &str) -> Option<()> {
    loop {
        let m = next_json(ws).await?;
        match m["type"].as_str() {
            Some("next") if m["payload"]["data"]["paymentStatus"]["state"] == state => {
                return Some(())
            }
            Some("next") => continue,
            _ => return None,
        }
    }
}

/// Loopback source addresses 127.0.0.2, 127.0.0.3, …: about 20,000 connections from each, under
/// the ephemeral-port range of one (source, destination) pair.
pub fn loopback_source(i: usize) -> IpAddr {
    let n = 2 + i / 20_000;
    IpAddr::from([127, 0, (n / 250) as u8, (n % 250) as u8])
}
