//! Orders: payOrder, closeOrder and the order queries.

use async_graphql::{
    ComplexObject, Context, Enum, InputObject, Object, Result, SimpleObject, Union, ID,
};
use chrono::{DateTime, Utc};
use entity::{order, order_event};

use super::context::ContextExt;
pub use super::enums::{CallbackEventType, Channel, OrderEventKind, OrderState};
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::page::{page, wants_total, Page};
use super::projects::page_size;
use crate::services::callbacks::{self as callbacks_svc, EventFilter};
use crate::services::orders::{close, pay, query, refresh, OrderFilter as SvcFilter};
use crate::services::ServiceError;
use paycenter_domain::{AdminRole, Amount, OrderState as DomainState};
use paycenter_providers::PayParams as DomainPayParams;

/// The client's IP address as seen by the server (`spbill_create_ip`).
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

fn yuan(fen: i64) -> String {
    Amount::yuan_of(fen).unwrap_or_default()
}

/// An order. A checkout ticket (the buyer on the hosted cashier page) reads what the buyer sees
/// there; the merchant's own fields (attach, payer, flags, callbacks, refunds, fees, the audit
/// trail) are for admins, project keys and the user who placed the order.
pub struct Order(pub order::Model);

#[Object]
impl Order {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn project_id(&self) -> ID {
        ID(self.0.project_id.clone())
    }
    /// The merchant's order number (also the provider's out_trade_no).
    async fn order_no(&self) -> &str {
        &self.0.order_no
    }
    /// Minor units (fen).
    async fn amount(&self) -> i64 {
        self.0.amount
    }
    /// The amount in yuan, e.g. "0.01".
    async fn amount_yuan(&self) -> String {
        yuan(self.0.amount)
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// The name of the order's project (the merchant, as the cashier page shows it).
    async fn project_name(&self, ctx: &Context<'_>) -> Result<String> {
        let d = ctx.core();
        let project = d
            .projects
            .get(&d.read, &self.0.project_id)
            .await
            .map_err(|e| gql(e.into()))?;
        Ok(project.model.name.clone())
    }
    /// The merchant page the buyer goes back to after paying (web checkout), if any.
    async fn return_url(&self) -> Option<&str> {
        self.0.return_url.as_deref()
    }
    /// What the client needs to pay (as `payOrder` returned it), once the provider gave it.
    async fn pay_params(&self) -> Result<Option<PayParams>> {
        self.0
            .pay_params
            .as_deref()
            .map(|p| {
                serde_json::from_str::<DomainPayParams>(p)
                    .map(PayParams::from)
                    .map_err(|e| gql(ServiceError::Internal(format!("stored payParams: {e}"))))
            })
            .transpose()
    }
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn attach(&self) -> Option<&str> {
        self.0.attach.as_deref()
    }
    async fn channel(&self) -> Channel {
        self.0.channel.into()
    }
    async fn state(&self) -> OrderState {
        self.0.state.into()
    }
    /// transaction_id (WeChat) / trade_no (Alipay).
    async fn provider_trade_no(&self) -> Option<&str> {
        self.0.provider_trade_no.as_deref()
    }
    /// openid (WeChat) or buyer id (Alipay).
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn payer(&self) -> Option<&str> {
        self.0.payer.as_deref()
    }
    /// What the buyer paid in cash (fen), once paid.
    async fn paid_amount(&self) -> Option<i64> {
        self.0.paid_amount
    }
    async fn refunded_amount(&self) -> i64 {
        self.0.refunded_amount
    }
    async fn refunded_amount_yuan(&self) -> String {
        yuan(self.0.refunded_amount)
    }
    /// Set when a provider message disagreed with the order (e.g. an amount mismatch).
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn flagged(&self) -> bool {
        self.0.flagged
    }
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn flag_reason(&self) -> Option<&str> {
        self.0.flag_reason.as_deref()
    }
    /// Whether the merchant's callback acknowledged the payment (the seeds' isNotify).
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn callback_delivered(&self) -> bool {
        self.0.callback_delivered
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.paid_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// Merchant callback deliveries, oldest first.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn callback_attempts(&self, ctx: &Context<'_>) -> Result<Vec<CallbackAttempt>> {
        let rows = ctx.loaders().attempts.load_one(self.0.id.clone()).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(CallbackAttempt)
            .collect())
    }
    /// Refunds, oldest first.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn refunds(&self, ctx: &Context<'_>) -> Result<Vec<super::refunds::Refund>> {
        let rows = ctx.loaders().refunds.load_one(self.0.id.clone()).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(super::refunds::Refund)
            .collect())
    }
    /// The provider's fee for this order (fen): charged on its payment less returned on its
    /// refunds, as the reconciled bills state it; null until a reconciled bill listed it.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn provider_fee(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(ctx.loaders().fees.load_one(self.0.id.clone()).await?)
    }
    /// The audit trail, oldest first.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn events(&self, ctx: &Context<'_>) -> Result<Vec<OrderEvent>> {
        let rows = ctx.loaders().events.load_one(self.0.id.clone()).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(OrderEvent)
            .collect())
    }
}

/// One entry of an order's audit trail.
pub struct OrderEvent(pub order_event::Model);

#[Object]
impl OrderEvent {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn kind(&self) -> OrderEventKind {
        self.0.kind.into()
    }
    /// The state it left, for a state change.
    async fn from_state(&self) -> Option<OrderState> {
        self.0.from_state.map(Into::into)
    }
    /// The state it entered, for a state change.
    async fn to_state(&self) -> Option<OrderState> {
        self.0.to_state.map(Into::into)
    }
    /// The provider's raw reply or notify, or a note.
    async fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }
    /// When it was first seen.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// How many times it was seen: the same provider message again (a replayed notify, the same
    /// query answer) is counted here rather than recorded anew.
    async fn repeat_count(&self) -> i32 {
        self.0.repeat_count
    }
    /// When it was last seen, if more than once.
    async fn last_seen_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_seen_at
    }
}

/// `wx.requestPayment` / `uni.requestPayment` parameters for a mini-program.
#[derive(SimpleObject)]
pub struct WechatJsapiParams {
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

/// The WeChat open SDK's PayReq in an app (field names as the SDK spells them).
#[derive(SimpleObject)]
pub struct WechatAppParams {
    #[graphql(name = "appid")]
    pub appid: String,
    #[graphql(name = "partnerid")]
    pub partnerid: String,
    #[graphql(name = "prepayid")]
    pub prepayid: String,
    pub package: String,
    #[graphql(name = "noncestr")]
    pub noncestr: String,
    #[graphql(name = "timestamp")]
    pub timestamp: String,
    pub sign: String,
}

/// A QR code to show (WeChat Native, Alipay precreate).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct QrCodeParams {
    pub code_url: String,
}

#[ComplexObject]
impl QrCodeParams {
    /// The QR code as an SVG document.
    async fn svg(&self) -> Result<String> {
        let code = qrcode::QrCode::new(self.code_url.as_bytes())
            .map_err(|e| gql(ServiceError::Internal(e.to_string())))?;
        Ok(code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .build())
    }
}

/// The signed order string for Alipay's app SDK.
#[derive(SimpleObject)]
pub struct AlipayAppParams {
    pub order_info: String,
}

/// A page to send a mobile browser to (WeChat H5), usable until `expiresAt`.
#[derive(SimpleObject)]
pub struct H5Params {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// How the browser makes a `RedirectParams` request.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "paycenter_providers::RedirectMethod")]
pub enum RedirectMethod {
    /// Open `url` (a link, or `location.href`).
    Get,
    /// Submit `fields` as an HTML form with `method="post"` to `url`.
    Post,
}

/// One hidden field of a `RedirectParams` form.
#[derive(SimpleObject)]
pub struct FormField {
    pub name: String,
    pub value: String,
}

/// A signed request for the provider's web cashier (ALIPAY_PAGE, ALIPAY_WAP), made by the
/// buyer's browser: with GET open `url`; with POST (a request too long for a URL) submit
/// `fields` as a form to `url`. Payable until `expiresAt`.
#[derive(SimpleObject)]
pub struct RedirectParams {
    pub url: String,
    pub method: RedirectMethod,
    /// The form's fields (POST); empty for GET.
    pub fields: Vec<FormField>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Union)]
pub enum PayParams {
    WechatJsapi(WechatJsapiParams),
    WechatApp(WechatAppParams),
    QrCode(QrCodeParams),
    AlipayApp(AlipayAppParams),
    H5(H5Params),
    Redirect(RedirectParams),
}

impl From<DomainPayParams> for PayParams {
    fn from(p: DomainPayParams) -> Self {
        match p {
            DomainPayParams::WechatJsapi {
                app_id,
                time_stamp,
                nonce_str,
                package,
                sign_type,
                pay_sign,
            } => PayParams::WechatJsapi(WechatJsapiParams {
                app_id,
                time_stamp,
                nonce_str,
                package,
                sign_type,
                pay_sign,
            }),
            DomainPayParams::WechatApp {
                appid,
                partnerid,
                prepayid,
                package,
                noncestr,
                timestamp,
                sign,
            } => PayParams::WechatApp(WechatAppParams {
                appid,
                partnerid,
                prepayid,
                package,
                noncestr,
                timestamp,
                sign,
            }),
            DomainPayParams::QrCode { code_url } => PayParams::QrCode(QrCodeParams { code_url }),
            DomainPayParams::AlipayApp { order_info } => {
                PayParams::AlipayApp(AlipayAppParams { order_info })
            }
            DomainPayParams::H5 { url, expires_at } => PayParams::H5(H5Params { url, expires_at }),
            DomainPayParams::Redirect {
                url,
                method,
                fields,
                expires_at,
            } => PayParams::Redirect(RedirectParams {
                url,
                method: RedirectMethod::from(method),
                fields: fields
                    .into_iter()
                    .map(|f| FormField {
                        name: f.name,
                        value: f.value,
                    })
                    .collect(),
                expires_at,
            }),
        }
    }
}

#[derive(InputObject)]
pub struct PayOrderInput {
    pub project_id: ID,
    pub order_no: String,
    /// Minor units (fen): 1 ..= 10^10.
    pub amount: i64,
    pub subject: String,
    pub channel: Channel,
    /// Echoed back on the notify and callback (WeChat attach / Alipay passback_params), ≤ 127 bytes.
    pub attach: Option<String>,
    /// The merchant backend's voucher for the amount (required from mini-program users unless the
    /// project trusts client amounts): hex HMAC-SHA256(signingSecret, "projectId\norderNo\namount\nsubject").
    pub ticket: Option<String>,
    /// WECHAT_JSAPI orders placed by an admin or project key: the payer's openid.
    pub openid: Option<String>,
    /// Overrides the project's order TTL (60 ..= 86400 seconds).
    pub expires_in_seconds: Option<i32>,
    /// The merchant page the buyer goes back to after paying (http or https, checked like the
    /// callback URL): the hosted checkout page sends the buyer there with `orderNo` and `state`
    /// appended. One per order: a repeated payOrder with another one is `ORDER_NO_CONFLICT`.
    pub return_url: Option<String>,
}

#[derive(SimpleObject)]
pub struct PayOrderPayload {
    pub order: Order,
    pub pay_params: PayParams,
    /// The order's hosted checkout page (`/checkout/{orderId}?t=…`, a signed link that reads
    /// this order only and expires an hour after the order does): redirect the buyer to it.
    pub checkout_url: String,
}

#[derive(InputObject, Default)]
pub struct OrderFilter {
    pub project_id: Option<ID>,
    pub state: Option<OrderState>,
    pub channel: Option<Channel>,
    pub order_no: Option<String>,
    /// transaction_id (WeChat) / trade_no (Alipay), exactly.
    pub provider_trade_no: Option<String>,
    /// Free text (at most 64 characters): an order id, order number, provider trade number or
    /// payer exactly, or part of the subject.
    pub q: Option<String>,
    /// Orders a provider message disagreed with.
    pub flagged: Option<bool>,
    /// Whether the merchant acknowledged the order's paid callback.
    pub callback_delivered: Option<bool>,
    /// Inclusive.
    pub created_from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub created_to: Option<DateTime<Utc>>,
}

/// Optionally asks the provider first (never trusting a client's "I paid"). A checkout ticket
/// reads what paycenter knows and makes it call no provider.
async fn maybe_refresh(ctx: &Context<'_>, o: order::Model, refresh_now: bool) -> Result<Order> {
    if refresh_now && matches!(ctx.principal(), Ok(crate::auth::Principal::Checkout { .. })) {
        return Err(gql(ServiceError::Forbidden));
    }
    if !refresh_now || o.state != DomainState::Pending {
        return Ok(Order(o));
    }
    let (fresh, _) = refresh::refresh(ctx.core(), &o).await.map_err(gql)?;
    Ok(Order(fresh))
}

#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// An order. `refresh: true` asks the provider now and applies its answer. A checkout
    /// ticket reads its own order (without `refresh`).
    #[graphql(guard = "RoleGuard::new(Role::Buyer)")]
    async fn order(&self, ctx: &Context<'_>, id: ID, refresh: Option<bool>) -> Result<Order> {
        let p = ctx.principal().map_err(gql)?;
        let o = query::get(ctx.core(), p, &id).await.map_err(gql)?;
        maybe_refresh(ctx, o, refresh.unwrap_or(false)).await
    }

    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn order_by_no(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        order_no: String,
        refresh: Option<bool>,
    ) -> Result<Order> {
        let p = ctx.principal().map_err(gql)?;
        let o = query::get_by_no(ctx.core(), p, &project_id, &order_no)
            .await
            .map_err(gql)?;
        maybe_refresh(ctx, o, refresh.unwrap_or(false)).await
    }

    /// Orders, newest first.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated)")]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrderFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Order>> {
        let p = ctx.principal().map_err(gql)?;
        let f = filter.unwrap_or_default();
        let svc = SvcFilter {
            project_id: f.project_id.map(|i| i.0),
            state: f.state.map(Into::into),
            channel: f.channel.map(Into::into),
            order_no: f.order_no,
            provider_trade_no: f.provider_trade_no,
            q: f.q,
            flagged: f.flagged,
            callback_delivered: f.callback_delivered,
            created_from: f.created_from,
            created_to: f.created_to,
        };
        let limit = page_size(first)?;
        let rows = query::list(ctx.core(), p, &svc, after.as_deref(), limit as u64 + 1)
            .await
            .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(query::count(ctx.core(), p, &svc).await.map_err(gql)?)
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |o| o.id.clone(),
            Order,
        ))
    }
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// Creates (or returns the same) order and what the client needs to open the cashier.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated).admin(AdminRole::Operator)")]
    async fn pay_order(&self, ctx: &Context<'_>, input: PayOrderInput) -> Result<PayOrderPayload> {
        let p = ctx.principal().map_err(gql)?;
        let client_ip = ctx
            .data_opt::<ClientIp>()
            .map(|c| c.0.clone())
            .unwrap_or_else(|| "127.0.0.1".into());
        let out = pay::pay_order(
            ctx.core(),
            p,
            pay::PayOrderInput {
                project_id: input.project_id.0,
                order_no: input.order_no,
                amount: input.amount,
                subject: input.subject,
                channel: input.channel.into(),
                attach: input.attach,
                ticket: input.ticket,
                openid: input.openid,
                expires_in_seconds: input.expires_in_seconds,
                return_url: input.return_url,
                client_ip,
            },
        )
        .await
        .map_err(gql)?;
        Ok(PayOrderPayload {
            order: Order(out.order),
            pay_params: out.pay_params.into(),
            checkout_url: out.checkout_url,
        })
    }

    /// Closes an unpaid order at the provider, then here. A paid order is `ORDER_NOT_CLOSABLE`.
    #[graphql(guard = "RoleGuard::new(Role::Authenticated).admin(AdminRole::Operator)")]
    async fn close_order(&self, ctx: &Context<'_>, id: ID) -> Result<Order> {
        let actor = ctx.actor().map_err(gql)?;
        let o = close::close_order(ctx.core(), &actor, &id)
            .await
            .map_err(gql)?;
        Ok(Order(o))
    }
}

/// One delivery attempt of a merchant callback.
pub struct CallbackAttempt(pub entity::callback_attempt::Model);

#[Object]
impl CallbackAttempt {
    /// The callback event's id (the `Paycenter-Event-Id` header).
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.clone())
    }
    /// 1 for the first delivery, then one more per retry.
    async fn attempt(&self) -> i32 {
        self.0.attempt
    }
    async fn http_status(&self) -> Option<i32> {
        self.0.http_status
    }
    async fn latency_ms(&self) -> i64 {
        self.0.latency_ms
    }
    /// Whether the merchant answered 2xx.
    async fn acknowledged(&self) -> bool {
        self.0.acknowledged
    }
    /// The first bytes of the merchant's reply.
    async fn response_excerpt(&self) -> Option<&str> {
        self.0.response_excerpt.as_deref()
    }
    /// Why it failed before a reply (timeout, refused address, …).
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Default)]
pub struct CallbackMutation;

#[Object]
impl CallbackMutation {
    /// Queues the order's latest callback event again (OPERATOR admins and above, or the
    /// project's key).
    #[graphql(guard = "RoleGuard::new(Role::Merchant).admin(AdminRole::Operator)")]
    async fn resend_callback(&self, ctx: &Context<'_>, order_id: ID) -> Result<Order> {
        let actor = ctx.actor().map_err(gql)?;
        let d = ctx.core();
        callbacks_svc::resend(d, &actor, &order_id)
            .await
            .map_err(gql)?;
        Ok(Order(query::reload(d, &order_id).await.map_err(gql)?))
    }

    /// Sends a signed `test` event (`{"id", "type": "test", "createdAt", "data": {"projectId",
    /// "test": true}}`) to the project's callback URL now, through the same signing and address
    /// checks as order callbacks, and reports the attempt (OPERATOR admins and above, or the
    /// project's key). It is not retried and belongs to no order.
    #[graphql(guard = "RoleGuard::new(Role::Merchant).admin(AdminRole::Operator)")]
    async fn send_test_callback(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
    ) -> Result<TestCallbackResult> {
        let actor = ctx.actor().map_err(gql)?;
        let t = callbacks_svc::send_test(ctx.core(), &actor, &project_id)
            .await
            .map_err(gql)?;
        Ok(TestCallbackResult {
            event_id: ID(t.event_id),
            url: t.url,
            acknowledged: t.delivery.acknowledged(),
            http_status: t.delivery.status.map(i32::from),
            latency_ms: t.delivery.latency_ms(),
            response_excerpt: t.delivery.excerpt,
            error: t.delivery.error,
        })
    }
}

/// The outcome of `sendTestCallback`.
#[derive(SimpleObject)]
pub struct TestCallbackResult {
    /// The test event's id (its `Paycenter-Event-Id`).
    pub event_id: ID,
    pub url: String,
    /// Whether the merchant answered 2xx.
    pub acknowledged: bool,
    pub http_status: Option<i32>,
    pub latency_ms: i64,
    /// The first bytes of the merchant's reply.
    pub response_excerpt: Option<String>,
    /// Why there was no reply (refused address, timeout, …).
    pub error: Option<String>,
}

/// A merchant callback event of an order: a stable id and a body, delivered until acknowledged.
pub struct CallbackEvent(pub entity::callback_event::Model);

#[Object]
impl CallbackEvent {
    /// The `Paycenter-Event-Id`.
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// The order it is about (null for an event about no order, such as a reconciliation
    /// discrepancy over a trade paycenter never created).
    async fn order_id(&self) -> Option<ID> {
        self.0.order_id.clone().map(ID)
    }
    async fn project_id(&self) -> ID {
        ID(self.0.project_id.clone())
    }
    #[graphql(name = "type")]
    async fn event_type(&self) -> CallbackEventType {
        self.0.event_type.into()
    }
    /// The exact JSON body delivered.
    async fn payload(&self) -> &str {
        &self.0.body
    }
    /// When the merchant acknowledged it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    /// When the retry schedule ran out (`resendCallback` queues it again).
    async fn failed_at(&self) -> Option<DateTime<Utc>> {
        self.0.failed_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The order it is about, if any.
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        let Some(order_id) = self.0.order_id.clone() else {
            return Ok(None);
        };
        Ok(ctx.loaders().orders.load_one(order_id).await?.map(Order))
    }
    /// Its delivery attempts, oldest first.
    async fn attempts(&self, ctx: &Context<'_>) -> Result<Vec<CallbackAttempt>> {
        let rows = ctx
            .loaders()
            .event_attempts
            .load_one(self.0.id.clone())
            .await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(CallbackAttempt)
            .collect())
    }
}

#[derive(InputObject, Default)]
pub struct CallbackEventFilter {
    /// Acknowledged (true) or not yet (false).
    pub delivered: Option<bool>,
    /// Gave up after the last retry (true) or not (false): `{failed: true}` is the
    /// failed-delivery view.
    pub failed: Option<bool>,
    pub project_id: Option<ID>,
    pub order_id: Option<ID>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct CallbackQuery;

#[Object]
impl CallbackQuery {
    /// Merchant callback events, newest first (admins; a project key sees its own project's).
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn callback_events(
        &self,
        ctx: &Context<'_>,
        filter: Option<CallbackEventFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<CallbackEvent>> {
        let p = ctx.principal().map_err(gql)?;
        let d = ctx.core();
        let f = filter.unwrap_or_default();
        let f = EventFilter {
            delivered: f.delivered,
            failed: f.failed,
            project_id: f.project_id.map(|i| i.0),
            order_id: f.order_id.map(|i| i.0),
            from: f.from,
            to: f.to,
        };
        let limit = page_size(first)?;
        let rows = callbacks_svc::events(d, p, &f, after.as_deref(), limit as u64 + 1)
            .await
            .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(callbacks_svc::count_events(d, p, &f).await.map_err(gql)?)
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |e| e.id.clone(),
            CallbackEvent,
        ))
    }
}
