//! Helpers for payment-flow tests: sandbox merchants, projects wired to them, mini-program users,
//! tickets, buyer simulation and GraphQL subscriptions over WebSocket.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::TestApp;

pub const ORDER_FIELDS: &str = "id projectId orderNo amount amountYuan subject attach channel state providerTradeNo payer
    paidAmount refundedAmount flagged flagReason callbackDelivered createdAt expiresAt paidAt closedAt
    events { kind fromState toState detail repeatCount lastSeenAt }";

pub const PAY_ORDER: &str = "mutation($i: PayOrderInput!){ payOrder(input: $i){
    order { id orderNo amount amountYuan state channel expiresAt }
    payParams { __typename
      ... on WechatJsapiParams { appId timeStamp nonceStr package signType paySign }
      ... on WechatAppParams { appid partnerid prepayid package noncestr timestamp sign }
      ... on QrCodeParams { codeUrl svg }
      ... on AlipayAppParams { orderInfo } } } }";

/// A project wired to a fresh sandbox merchant.
pub struct Shop {
    pub project_id: String,
    pub api_key: String,
    pub signing_secret: String,
    pub merchant: Value,
}

impl Shop {
    pub fn mch_id(&self) -> &str {
        self.merchant["wechat"]["mchId"].as_str().unwrap()
    }
    pub fn wechat_app_id(&self) -> &str {
        self.merchant["wechat"]["appId"].as_str().unwrap()
    }
    pub fn wechat_api_key(&self) -> &str {
        self.merchant["wechat"]["apiKey"].as_str().unwrap()
    }
    pub fn alipay_app_id(&self) -> &str {
        self.merchant["alipay"]["appId"].as_str().unwrap()
    }
    pub fn ticket(&self, order_no: &str, amount: i64, subject: &str) -> String {
        paycenter::services::orders::ticket::compute(
            &secrecy::SecretString::from(self.signing_secret.clone()),
            &self.project_id,
            order_no,
            amount,
            subject,
        )
    }
}

pub async fn sandbox_merchant(app: &TestApp) -> Value {
    let r = app
        .client
        .post(format!("{}/sandbox/merchants", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

pub async fn shop(app: &TestApp, admin: &str) -> Shop {
    shop_with(app, admin, json!({})).await
}

/// A shop; `extra` fields are merged into the CreateProjectInput.
pub async fn shop_with(app: &TestApp, admin: &str, extra: Value) -> Shop {
    let m = sandbox_merchant(app).await;
    let mut input = json!({
        "name": "Sandbox shop",
        "wechat": m["wechat"].clone(),
        "alipay": m["alipay"].clone(),
    });
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            i.insert(k.clone(), v.clone());
        }
    }
    let (project_id, api_key, signing_secret) = app.create_project(admin, input).await;
    Shop {
        project_id,
        api_key,
        signing_secret,
        merchant: m,
    }
}

/// Logs a mini-program user in with a sandbox login code; returns (token, openid).
pub async fn user(app: &TestApp, shop: &Shop) -> (String, String) {
    let r: Value = app
        .client
        .post(format!("{}/sandbox/wechat/codes", app.base))
        .json(&json!({"appId": shop.wechat_app_id()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let d = app
        .gql_ok(
            None,
            "mutation($p: ID!, $c: String!){ wechatLogin(projectId: $p, code: $c){ token expiresAt } }",
            json!({"p": shop.project_id, "c": r["code"]}),
        )
        .await;
    (
        d["wechatLogin"]["token"].as_str().unwrap().to_owned(),
        r["openid"].as_str().unwrap().to_owned(),
    )
}

pub fn pay_input(shop: &Shop, order_no: &str, amount: i64, channel: &str) -> Value {
    json!({
        "projectId": shop.project_id, "orderNo": order_no, "amount": amount,
        "subject": "Coffee", "channel": channel,
    })
}

/// payOrder; returns the whole response.
pub async fn pay(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(Some(token), PAY_ORDER, json!({"i": input})).await
}

pub async fn pay_ok(app: &TestApp, token: &str, input: Value) -> Value {
    let v = pay(app, token, input).await;
    assert!(v.get("errors").is_none(), "payOrder failed: {v}");
    v["data"]["payOrder"].clone()
}

/// Plays the buyer at the sandbox; returns (status, body).
pub async fn buyer(
    app: &TestApp,
    provider: &str,
    merchant_id: &str,
    out_trade_no: &str,
    outcome: &str,
) -> (u16, Value) {
    let r = app
        .client
        .post(format!("{}/sandbox/buyer", app.base))
        .json(&json!({"provider": provider, "merchantId": merchant_id, "outTradeNo": out_trade_no, "outcome": outcome}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn order(app: &TestApp, token: &str, id: &str) -> Value {
    let d = app
        .gql_ok(
            Some(token),
            &format!("query($id: ID!){{ order(id: $id){{ {ORDER_FIELDS} }} }}"),
            json!({"id": id}),
        )
        .await;
    d["order"].clone()
}

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws subscription.
pub struct Subscription {
    ws: Ws,
}

impl Subscription {
    pub async fn start(app: &TestApp, token: &str, query: &str, variables: Value) -> Subscription {
        let mut req = format!("ws://{}/graphql", app.address)
            .into_client_request()
            .unwrap();
        req.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        let payload = if token.is_empty() {
            json!({})
        } else {
            json!({"token": token})
        };
        ws.send(Message::Text(
            json!({"type": "connection_init", "payload": payload})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let ack = next_json(&mut ws).await.unwrap();
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        ws.send(Message::Text(
            json!({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        Subscription { ws }
    }

    /// The next message (`next`, `error` or `complete`), within 10 s.
    pub async fn next(&mut self) -> Value {
        tokio::time::timeout(std::time::Duration::from_secs(10), next_json(&mut self.ws))
            .await
            .expect("subscription message within 10 s")
            .expect("socket open")
    }

    /// The next message if one arrives within `wait`.
    pub async fn next_within(&mut self, wait: std::time::Duration) -> Option<Value> {
        tokio::time::timeout(wait, next_json(&mut self.ws))
            .await
            .ok()
            .flatten()
    }

    /// Payloads of `next` messages until `complete`.
    pub async fn until_complete(&mut self) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            let m = self.next().await;
            match m["type"].as_str() {
                Some("next") => out.push(m["payload"].clone()),
                Some("complete") => return out,
                _ => panic!("unexpected subscription message {m}"),
            }
        }
    }
}

pub async fn next_json(ws: &mut Ws) -> Option<Value> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

pub const PAYMENT_STATUS: &str =
    "subscription($id: ID!){ paymentStatus(orderId: $id){ id state paidAt providerTradeNo } }";

/// Subscribes to the order and waits for it to leave PENDING; returns the states seen.
pub async fn states_until_final(app: &TestApp, token: &str, order_id: &str) -> Vec<String> {
    let mut sub = Subscription::start(app, token, PAYMENT_STATUS, json!({"id": order_id})).await;
    sub.until_complete()
        .await
        .iter()
        .map(|p| {
            p["data"]["paymentStatus"]["state"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// A WeChat pay notify for `order_no` signed with `api_key` (what the provider would send).
pub fn wechat_notify(shop: &Shop, api_key: &str, order_no: &str, total_fee: i64) -> String {
    use paycenter_providers::wechat_v2::{sign, xml};
    let mut f = std::collections::BTreeMap::new();
    for (k, v) in [
        ("appid", shop.wechat_app_id()),
        ("mch_id", shop.mch_id()),
        ("nonce_str", "n0nce"),
        ("result_code", "SUCCESS"),
        ("return_code", "SUCCESS"),
        ("openid", "oTestBuyer"),
        ("trade_type", "NATIVE"),
        ("bank_type", "CMC"),
        ("fee_type", "CNY"),
        ("transaction_id", "4200000000202611230000000001"),
        ("out_trade_no", order_no),
        ("time_end", "20261123120000"),
    ] {
        f.insert(k.to_owned(), v.to_owned());
    }
    f.insert("total_fee".into(), total_fee.to_string());
    f.insert("cash_fee".into(), total_fee.to_string());
    sign::add_sign(&mut f, api_key, sign::SignType::Md5);
    xml::encode(&f)
}

pub async fn post_notify(
    app: &TestApp,
    path: &str,
    body: String,
    content_type: &str,
) -> (u16, String) {
    let r = app
        .client
        .post(format!("{}{path}", app.base))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}
