//! v3 notifies: `TRANSACTION.SUCCESS` when the buyer pays, `REFUND.SUCCESS` when a refund
//! settles. The envelope (resource encrypted with the merchant's APIv3 key) is queued as it is;
//! the signature headers are made at each delivery attempt, so a retry hours later still
//! carries a fresh `Wechatpay-Timestamp` (as WeChat's own retries do). Acknowledged by HTTP 200
//! or 204; retried on WeChat's schedule otherwise.

use chrono::Utc;
use rand::Rng;
use sea_orm::ConnectionTrait;
use serde_json::json;

use super::keys::V3Merchant;
use super::pay::transaction;
use super::refund::refund_json;
use crate::entity::{order, refund};
use crate::{notifier, SandboxError, SandboxState};
use paycenter_providers::wechat_v3::aead;
use paycenter_providers::wechat_v3::client::format_time;
use paycenter_providers::wechat_v3::sign;
use paycenter_providers::wechat_v3::wire::RefundResource;

/// The notifier's provider name for v3 notifies (schedule: WeChat's; acknowledgement: 2xx).
pub const NOTIFY_PROVIDER: &str = "wechat_v3";
const CONTENT_TYPE: &str = "application/json";

fn internal(e: impl std::fmt::Display) -> SandboxError {
    SandboxError::Internal(e.to_string())
}

/// `EV-` + 19 digits, the shape of WeChat's notify ids.
fn event_id() -> String {
    format!(
        "EV-{:019}",
        rand::thread_rng().gen_range(0..10_000_000_000_000_000_000u64)
    )
}

/// The envelope of one event.
fn envelope(
    m: &V3Merchant,
    event_type: &str,
    summary: &str,
    original_type: &str,
    plain: &[u8],
) -> Result<String, SandboxError> {
    let nonce = aead::nonce();
    let ciphertext = m
        .api_v3_key
        .encrypt(&nonce, original_type, plain)
        .map_err(internal)?;
    Ok(json!({
        "id": event_id(),
        "create_time": format_time(Utc::now()),
        "resource_type": "encrypt-resource",
        "event_type": event_type,
        "summary": summary,
        "resource": {
            "original_type": original_type,
            "algorithm": aead::ALGORITHM,
            "ciphertext": ciphertext,
            "associated_data": original_type,
            "nonce": nonce,
        }
    })
    .to_string())
}

/// Queues TRANSACTION.SUCCESS for a paid v3 trade, inside the payment's transaction.
pub async fn queue_pay<C: ConnectionTrait>(
    state: &SandboxState,
    conn: &C,
    o: &order::Model,
) -> Result<(), SandboxError> {
    let Some(url) = o.notify_url.as_deref() else {
        return Ok(());
    };
    let m = state
        .wechat_v3
        .merchant(state, &o.merchant_id)
        .await?
        .ok_or_else(|| {
            SandboxError::NotFound(format!("WeChat Pay v3 merchant {}", o.merchant_id))
        })?;
    let plain = serde_json::to_vec(&transaction(o)).map_err(internal)?;
    let body = envelope(&m, "TRANSACTION.SUCCESS", "支付成功", "transaction", &plain)?;
    notifier::enqueue_in(
        conn,
        NOTIFY_PROVIDER,
        &o.merchant_id,
        url,
        CONTENT_TYPE,
        body,
    )
    .await?;
    Ok(())
}

/// Queues REFUND.SUCCESS for a settled refund and wakes the delivery loop.
pub async fn queue_refund(
    state: &SandboxState,
    m: &V3Merchant,
    o: &order::Model,
    r: &refund::Model,
    url: &str,
) -> Result<(), SandboxError> {
    let rf = refund_json(o, r, "SUCCESS");
    let resource = RefundResource {
        mchid: m.mch_id.clone(),
        transaction_id: rf.transaction_id,
        out_trade_no: rf.out_trade_no,
        refund_id: rf.refund_id,
        out_refund_no: rf.out_refund_no,
        refund_status: "SUCCESS".into(),
        success_time: rf.success_time,
        user_received_account: rf.user_received_account,
        amount: rf.amount,
    };
    let plain = serde_json::to_vec(&resource).map_err(internal)?;
    let body = envelope(m, "REFUND.SUCCESS", "退款成功", "refund", &plain)?;
    notifier::enqueue(state, NOTIFY_PROVIDER, &m.mch_id, url, CONTENT_TYPE, body).await?;
    Ok(())
}

/// The signature headers for delivering `body` to `mch_id` now (a `badSignature` fault signs
/// with a key nobody trusts).
pub async fn signed_headers(
    state: &SandboxState,
    mch_id: &str,
    body: &[u8],
) -> Result<Vec<(&'static str, String)>, SandboxError> {
    let platform = state.wechat_v3.signer(&state.db, mch_id).await?;
    let signer = if state.faults.bad_signature_for(mch_id) {
        crate::platform::wrong_key()
            .await
            .unwrap_or_else(|| platform.signer.clone())
    } else {
        platform.signer.clone()
    };
    let ts = Utc::now().timestamp().to_string();
    let nonce = format!("{:032x}", rand::thread_rng().gen::<u128>());
    let signature = sign::sign_response(&signer, &ts, &nonce, body).map_err(internal)?;
    Ok(vec![
        (sign::HEADER_TIMESTAMP, ts),
        (sign::HEADER_NONCE, nonce),
        (sign::HEADER_SIGNATURE, signature),
        (sign::HEADER_SERIAL, platform.serial.clone()),
        (sign::HEADER_SIGNATURE_TYPE, sign::SCHEMA.to_owned()),
    ])
}
