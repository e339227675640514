//! A merchant backend for callback tests: records every POST and answers as told.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub struct Delivery {
    pub event_id: String,
    pub signature: String,
    pub body: String,
}

#[derive(Clone)]
struct Shared {
    /// Status codes to answer with, in order; 200 once they run out.
    script: Arc<Mutex<VecDeque<u16>>>,
    tx: mpsc::UnboundedSender<Delivery>,
}

pub struct Receiver {
    pub url: String,
    pub deliveries: mpsc::UnboundedReceiver<Delivery>,
    script: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    /// Answers with `script` first (e.g. [500, 500]), then 200.
    pub async fn start(script: &[u16]) -> Receiver {
        let (tx, rx) = mpsc::unbounded_channel();
        let shared = Shared {
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            tx,
        };
        let script = shared.script.clone();
        let app = Router::new()
            .route("/callback", post(handle))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver {
            url: format!("http://{addr}/callback"),
            deliveries: rx,
            script,
        }
    }

    /// Replaces the remaining script.
    pub fn answer(&self, script: &[u16]) {
        *self.script.lock().unwrap() = script.iter().copied().collect();
    }

    /// The next delivery, within 10 s.
    pub async fn next(&mut self) -> Delivery {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.deliveries.recv())
            .await
            .expect("a callback within 10 s")
            .expect("receiver open")
    }
}

async fn handle(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let h = |k: &str| {
        headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let _ = s.tx.send(Delivery {
        event_id: h("paycenter-event-id"),
        signature: h("paycenter-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let code = s.script.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
}
