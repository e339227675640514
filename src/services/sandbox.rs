//! paycenter and the provider sandbox: playing the buyer for an order (`sandboxPay`), and telling
//! a mounted sandbox the signed request paycenter issued for an Alipay order the buyer's client
//! carries to Alipay itself: an ALIPAY_APP order's `orderInfo` (from the merchant's app), an
//! ALIPAY_PAGE / ALIPAY_WAP order's web cashier request (from the browser)
//! (`paycenter_sandbox::issued`). The sandbox asks; it never reads paycenter's tables itself.

use std::future::Future;
use std::pin::Pin;

use entity::order;
use paycenter_domain::{Channel, CredentialKind, Provider};
use paycenter_providers::PayParams;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::json;

use crate::auth::Principal;
use crate::core::Core;
use crate::services::orders::query;
use crate::services::{ServiceError, ServiceResult};
use crate::store::credentials;

/// What the buyer does at the sandbox provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuyerOutcome {
    /// Pays; the sandbox then sends the signed notify.
    Success,
    /// The payment fails.
    Fail,
}

/// Plays the buyer for `order_id` at the sandbox provider (admins, with the sandbox on). The order
/// changes when the provider's notify arrives; the order is returned as it is now.
pub async fn play_buyer(
    d: &Core,
    principal: &Principal,
    order_id: &str,
    outcome: BuyerOutcome,
) -> ServiceResult<order::Model> {
    if !principal.is_admin() || !principal.admin_may(paycenter_domain::AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    if !d.settings.sandbox.enabled {
        return Err(ServiceError::Denied(
            "the sandbox is not enabled on this server".into(),
        ));
    }
    let order = query::get(d, principal, order_id).await?;
    let project = d.projects.get(&d.read, &order.project_id).await?;
    let provider = order.channel.provider();
    let set = project.set(crate::services::orders::provider::kind_of(&order));
    let merchant_id = match provider {
        Provider::Wechat => set.and_then(|s| s.merchant_id()),
        Provider::Alipay => set.and_then(|s| s.app_id()),
    }
    .ok_or_else(|| ServiceError::ChannelNotConfigured(order.channel.to_string()))?;
    // Alipay learns of an app or web cashier order from the signed request the buyer's client
    // brings it.
    let order_info = order
        .pay_params
        .as_deref()
        .and_then(|p| serde_json::from_str::<PayParams>(p).ok())
        .and_then(|p| buyer_request(&p));
    let body = json!({
        "provider": provider.as_str(),
        "merchantId": merchant_id,
        "outTradeNo": order.order_no,
        "outcome": match outcome { BuyerOutcome::Success => "SUCCESS", BuyerOutcome::Fail => "FAIL" },
        "orderInfo": order_info,
    });
    let resp = d
        .providers
        .http()
        .post(format!("{}/sandbox/buyer", d.public_url))
        .json(&body)
        .send()
        .await
        .map_err(|e| ServiceError::Provider(e.into()))?;
    if !resp.status().is_success() {
        let text = resp.text().await.unwrap_or_default();
        return Err(ServiceError::bad_input(
            "orderId",
            format!("the sandbox refused: {text}"),
        ));
    }
    query::reload(d, &order.id).await
}

/// Answers the mounted sandbox from paycenter's orders.
pub struct IssuedOrders {
    pub read: paycenter_db::Reader,
}

impl paycenter_sandbox::issued::Handoff for IssuedOrders {
    fn alipay_order_info<'a>(
        &'a self,
        app_id: &'a str,
        out_trade_no: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>> {
        Box::pin(async move {
            match alipay_order_info(&self.read, app_id, out_trade_no).await {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(error = %e, "sandbox handoff: cannot read the issued orderInfo");
                    None
                }
            }
        })
    }
}

async fn alipay_order_info(
    db: &paycenter_db::Reader,
    app_id: &str,
    out_trade_no: &str,
) -> Result<Option<String>, DbErr> {
    let projects = credentials::projects_with_app_id(db, CredentialKind::Alipay, app_id)
        .await
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    for project_id in projects {
        let found = order::Entity::find()
            .filter(order::Column::ProjectId.eq(project_id))
            .filter(order::Column::OrderNo.eq(out_trade_no))
            .filter(order::Column::Channel.is_in([
                Channel::AlipayApp,
                Channel::AlipayPage,
                Channel::AlipayWap,
            ]))
            .one(db)
            .await?;
        if let Some(request) = found
            .and_then(|o| o.pay_params)
            .and_then(|p| serde_json::from_str::<PayParams>(&p).ok())
            .and_then(|p| buyer_request(&p))
        {
            return Ok(Some(request));
        }
    }
    Ok(None)
}

/// The signed request an Alipay buyer's client carries to Alipay, form-encoded: an app order's
/// `orderInfo`, or a web cashier request's parameters as the browser sends them (the URL's query
/// and, for a form, its fields). None for the other channels' parameters.
fn buyer_request(params: &PayParams) -> Option<String> {
    match params {
        PayParams::AlipayApp { order_info } => Some(order_info.clone()),
        PayParams::Redirect { url, fields, .. } => {
            let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
            let mut all = form_urlencoded::Serializer::new(String::new());
            for (k, v) in form_urlencoded::parse(query.as_bytes()) {
                all.append_pair(&k, &v);
            }
            for f in fields {
                all.append_pair(&f.name, &f.value);
            }
            Some(all.finish())
        }
        PayParams::WechatJsapi { .. }
        | PayParams::WechatApp { .. }
        | PayParams::QrCode { .. }
        | PayParams::H5 { .. } => None,
    }
}
