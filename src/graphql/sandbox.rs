//! `sandboxPay`: play the buyer through the sandbox emulator from GraphiQL (admin, sandbox only).

use async_graphql::{Context, Enum, Object, Result, ID};
use serde_json::json;

use super::context::ContextExt;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::orders::Order;
use crate::services::orders::query;
use crate::services::ServiceError;
use paycenter_domain::{Channel, Provider};
use paycenter_providers::PayParams;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum SandboxOutcome {
    /// The buyer pays; the sandbox then sends the signed notify.
    Success,
    /// The payment fails.
    Fail,
}

#[derive(Default)]
pub struct SandboxMutation;

#[Object]
impl SandboxMutation {
    /// Plays the buyer for this order at the sandbox provider. The order changes when the
    /// provider's notify arrives (watch it with `paymentStatus`).
    #[graphql(guard = "RoleGuard::new(Role::Admin)")]
    async fn sandbox_pay(
        &self,
        ctx: &Context<'_>,
        order_id: ID,
        outcome: SandboxOutcome,
    ) -> Result<Order> {
        let s = ctx.core();
        if !s.settings.sandbox {
            return Err(gql(ServiceError::Denied(
                "the sandbox is not enabled on this server".into(),
            )));
        }
        let p = ctx.principal().map_err(gql)?;
        let order = query::get(s, p, &order_id).await.map_err(gql)?;
        let project = crate::store::projects::find(&s.db, &order.project_id)
            .await
            .map_err(|e| gql(e.into()))?;
        let channel: Channel = order.channel;
        let (provider, merchant_id) = match channel.provider() {
            Provider::Wechat => ("wechat", project.wechat_mch_id.clone()),
            Provider::Alipay => ("alipay", project.alipay_app_id.clone()),
        };
        let merchant_id = merchant_id
            .ok_or_else(|| gql(ServiceError::ChannelNotConfigured(channel.to_string())))?;
        // The buyer's Alipay app learns of an app order from the orderInfo the merchant app hands it.
        let order_info = match order
            .pay_params
            .as_deref()
            .map(serde_json::from_str::<PayParams>)
        {
            Some(Ok(PayParams::AlipayApp { order_info })) => Some(order_info),
            _ => None,
        };
        let body = json!({
            "provider": provider,
            "merchantId": merchant_id,
            "outTradeNo": order.order_no,
            "outcome": match outcome { SandboxOutcome::Success => "SUCCESS", SandboxOutcome::Fail => "FAIL" },
            "orderInfo": order_info,
        });
        let resp = s
            .providers
            .http()
            .post(format!("{}/sandbox/buyer", s.public_url))
            .json(&body)
            .send()
            .await
            .map_err(|e| gql(ServiceError::Provider(e.into())))?;
        if !resp.status().is_success() {
            let text = resp.text().await.unwrap_or_default();
            return Err(gql(ServiceError::bad_input(
                "orderId",
                format!("the sandbox refused: {text}"),
            )));
        }
        let now = query::reload(s, &order.id).await.map_err(gql)?;
        Ok(Order(now))
    }
}
