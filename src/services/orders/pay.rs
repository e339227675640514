//! `payOrder`: validate, create the order (idempotent per project + orderNo), ask the provider for
//! a prepay, and hand back what the client needs to open the cashier.

use crate::core::Core;
use chrono::Utc;
use entity::{order, project};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use super::provider;
use super::transitions::{self, Applied, Source};
use crate::auth::Principal;
use crate::db::ids;
use crate::outbox::queue::JobKind;
use crate::services::projects::{MAX_ORDER_TTL_SECONDS, MIN_ORDER_TTL_SECONDS};
use crate::services::{ServiceError, ServiceResult};
use crate::store::order_writes::{Change, NewOrder};
use paycenter_domain::{
    Amount, Channel, CredentialKind, OrderEventKind, OrderNo, OrderState, Product, Subject,
};
use paycenter_providers::{BusinessCode, PayParams, PrepayRequest, ProviderError};

/// WeChat's attach limit (bytes); Alipay's passback_params allows more.
const MAX_ATTACH_BYTES: usize = 127;

pub struct PayOrderInput {
    pub project_id: String,
    pub order_no: String,
    pub amount: i64,
    pub subject: String,
    pub channel: Channel,
    pub attach: Option<String>,
    /// The merchant's voucher for the amount (required from mini-program users).
    pub ticket: Option<String>,
    /// The payer's openid for WECHAT_JSAPI orders placed by an admin or project key.
    pub openid: Option<String>,
    /// Overrides the project's order TTL, within 60..=86400 s.
    pub expires_in_seconds: Option<i32>,
    /// The merchant page the buyer goes back to after paying (web checkout).
    pub return_url: Option<String>,
    pub client_ip: String,
}

pub struct PayOrderOutput {
    pub order: order::Model,
    pub pay_params: PayParams,
    /// The hosted checkout page of the order, with its ticket.
    pub checkout_url: String,
}

struct Validated {
    order_no: OrderNo,
    amount: Amount,
    subject: Subject,
    attach: Option<String>,
    payer_openid: Option<String>,
    user_id: Option<String>,
    ttl_seconds: i32,
    return_url: Option<String>,
}

pub async fn pay_order(
    d: &Core,
    principal: &Principal,
    input: PayOrderInput,
) -> ServiceResult<PayOrderOutput> {
    // A read-only admin places no orders.
    if !principal.admin_may(paycenter_domain::AdminRole::Operator) {
        return Err(ServiceError::Forbidden);
    }
    let cached = d.projects.get(&d.read, &input.project_id).await?;
    let project = &cached.model;
    let v = validate(d, principal, project, &input)?;
    // Fails early with CHANNEL_NOT_CONFIGURED, before anything is written.
    let (kind, provider) = provider::for_new_order(d, &cached, input.channel)?;
    kind.check_order_no(&v.order_no)
        .map_err(ServiceError::InvalidOrderNo)?;

    let _guard = d
        .locks
        .lock(&format!("{}/{}", project.id, v.order_no.as_str()))
        .await;
    // Insert first (`ON CONFLICT DO NOTHING`): a new order costs no lookup; a number already
    // taken (a retry, or another instance's concurrent call) is then read and compared.
    let order = match insert(d, project, &input, &v, kind).await? {
        Some(created) => created,
        None => {
            let existing = find_existing(d, &project.id, v.order_no.as_str())
                .await?
                .ok_or_else(|| ServiceError::Internal("order number taken but not found".into()))?;
            check_same_request(&existing, &input, &v)?
        }
    };
    let checkout_url = crate::services::checkout::checkout_url(d, &order);
    if let Some(params) = stored_params(&order)? {
        return Ok(PayOrderOutput {
            order,
            pay_params: params,
            checkout_url,
        });
    }
    // An order made before the project changed its WeChat Pay API stays with the one it has.
    let provider = if provider::kind_of(&order) == kind {
        provider
    } else {
        provider::for_order(d, &cached, &order)?
    };

    // A web cashier sends the browser back to paycenter's return landing, and a buyer who gives
    // up on the mobile one to the checkout page.
    let (return_url, quit_url) = match input.channel.product() {
        Product::Page | Product::Wap => (
            Some(provider::return_url(
                d,
                &project.id,
                input.channel.provider(),
            )),
            Some(checkout_url.clone()),
        ),
        Product::Jsapi | Product::App | Product::Qr | Product::H5 => (None, None),
    };
    let req = PrepayRequest {
        product: input.channel.product(),
        out_trade_no: order.order_no.clone(),
        amount: v.amount,
        subject: v.subject.as_str().to_owned(),
        attach: v.attach.clone(),
        notify_url: provider::notify_url(d, &project.id, input.channel.provider()),
        expires_at: order.expires_at,
        payer_openid: v.payer_openid.clone(),
        client_ip: input.client_ip.clone(),
        return_url,
        quit_url,
    };
    match provider.prepay(&req).await {
        Ok(prepared) => {
            let params_json = serde_json::to_string(&prepared.params)
                .map_err(|e| ServiceError::Internal(e.to_string()))?;
            let changed = d
                .writes
                .change(Change {
                    order_id: order.id.clone(),
                    from: Vec::new(),
                    to: None,
                    kind: OrderEventKind::Prepay,
                    detail: Some(prepared.raw.clone()),
                    set: vec![
                        (order::Column::PayParams, params_json.into()),
                        (order::Column::PrepayId, prepared.prepay_id.clone().into()),
                    ],
                    publish: false,
                })
                .await?;
            Ok(PayOrderOutput {
                order: changed.into_order(),
                pay_params: prepared.params,
                checkout_url,
            })
        }
        Err(e) => Err(prepay_failed(d, &order, provider.as_ref(), e).await),
    }
}

fn validate(
    d: &Core,
    principal: &Principal,
    project: &project::Model,
    input: &PayOrderInput,
) -> ServiceResult<Validated> {
    let user = match principal {
        Principal::Admin { .. } => None,
        Principal::Project { project_id } if *project_id == project.id => None,
        Principal::User {
            project_id,
            user_id,
            openid,
        } if *project_id == project.id => Some((user_id.clone(), openid.clone())),
        Principal::Anonymous => return Err(ServiceError::Unauthenticated),
        _ => return Err(ServiceError::NotFound("project")),
    };
    if project.disabled {
        return Err(ServiceError::ProjectDisabled);
    }
    let amount =
        Amount::payable(input.amount).map_err(|e| ServiceError::InvalidAmount(e.to_string()))?;
    let order_no = OrderNo::parse(&input.order_no).map_err(ServiceError::InvalidOrderNo)?;
    let subject =
        Subject::parse(&input.subject).map_err(|e| ServiceError::bad_input("subject", e))?;
    let attach = input.attach.clone().filter(|a| !a.is_empty());
    if attach.as_ref().is_some_and(|a| a.len() > MAX_ATTACH_BYTES) {
        return Err(ServiceError::bad_input(
            "attach",
            format!("at most {MAX_ATTACH_BYTES} bytes"),
        ));
    }
    if let Some(a) = &attach {
        paycenter_domain::text::check(a)
            .map_err(|e| ServiceError::bad_input("attach", e.to_string()))?;
    }
    let ttl_seconds = input
        .expires_in_seconds
        .unwrap_or(project.order_ttl_seconds);
    if !(MIN_ORDER_TTL_SECONDS..=MAX_ORDER_TTL_SECONDS).contains(&ttl_seconds) {
        return Err(ServiceError::bad_input(
            "expiresInSeconds",
            format!("between {MIN_ORDER_TTL_SECONDS} and {MAX_ORDER_TTL_SECONDS}"),
        ));
    }
    // Amount authority: a mini-program user pays only what the merchant vouched for.
    if user.is_some() && !project.trust_client_amount {
        let secret = crate::store::projects::signing_secret(&d.vault, project)?;
        let ok = input.ticket.as_deref().is_some_and(|t| {
            super::ticket::verify(
                &secret,
                &project.id,
                order_no.as_str(),
                amount.fen(),
                subject.as_str(),
                t,
            )
        });
        if !ok {
            return Err(ServiceError::Denied(
                "a valid ticket from the merchant backend is required for this amount".into(),
            ));
        }
    }
    let payer_openid = match (&user, input.channel) {
        (Some((_, openid)), Channel::WechatJsapi) => Some(openid.clone()),
        (None, Channel::WechatJsapi) => Some(
            input
                .openid
                .clone()
                .filter(|o| !o.trim().is_empty())
                .ok_or_else(|| {
                    ServiceError::bad_input("openid", "WECHAT_JSAPI orders need the payer's openid")
                })?,
        ),
        (
            _,
            Channel::WechatApp
            | Channel::WechatNative
            | Channel::WechatH5
            | Channel::AlipayApp
            | Channel::AlipayQr
            | Channel::AlipayPage
            | Channel::AlipayWap,
        ) => None,
    };
    let allow_private = d.settings.sandbox.enabled || d.settings.callbacks.allow_private;
    let return_url = input
        .return_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| crate::services::projects::validate_merchant_url("returnUrl", u, allow_private))
        .transpose()?;
    Ok(Validated {
        order_no,
        amount,
        subject,
        attach,
        payer_openid,
        user_id: user.map(|(id, _)| id),
        ttl_seconds,
        return_url,
    })
}

async fn find_existing(
    d: &Core,
    project_id: &str,
    order_no: &str,
) -> ServiceResult<Option<order::Model>> {
    Ok(order::Entity::find()
        .filter(order::Column::ProjectId.eq(project_id))
        .filter(order::Column::OrderNo.eq(order_no))
        .one(&d.db)
        .await?)
}

/// The same request again returns the same order; anything else about it (the return URL
/// included) is a conflict.
fn check_same_request(
    existing: &order::Model,
    input: &PayOrderInput,
    v: &Validated,
) -> ServiceResult<order::Model> {
    if existing.amount != v.amount.fen()
        || existing.subject != v.subject.as_str()
        || existing.channel != input.channel
        || existing.return_url != v.return_url
        || (v.user_id.is_some() && existing.user_id != v.user_id)
    {
        return Err(ServiceError::OrderNoConflict);
    }
    if existing.state != OrderState::Pending {
        return Err(ServiceError::OrderNotPayable(existing.state.to_string()));
    }
    if existing.expires_at <= Utc::now() {
        return Err(ServiceError::OrderNotPayable("expired".into()));
    }
    Ok(existing.clone())
}

/// Creates the order with its CREATED event and its follow-ups (ask the provider if no notify
/// comes; close it when its time is up), in one transaction. None: the number is taken.
async fn insert(
    d: &Core,
    project: &project::Model,
    input: &PayOrderInput,
    v: &Validated,
    kind: CredentialKind,
) -> ServiceResult<Option<order::Model>> {
    let now = Utc::now();
    let expires_at = now + chrono::Duration::seconds(i64::from(v.ttl_seconds));
    let first_check = d
        .settings
        .reconcile
        .schedule
        .first()
        .copied()
        .unwrap_or(std::time::Duration::from_secs(5));
    let row = order::ActiveModel {
        id: Set(ids::new_id("ord")),
        project_id: Set(project.id.clone()),
        order_no: Set(v.order_no.as_str().to_owned()),
        channel: Set(input.channel),
        credential_kind: Set(Some(kind)),
        amount: Set(v.amount.fen()),
        subject: Set(v.subject.as_str().to_owned()),
        attach: Set(v.attach.clone()),
        state: Set(OrderState::Pending),
        user_id: Set(v.user_id.clone()),
        payer: Set(v.payer_openid.clone()),
        provider_trade_no: Set(None),
        paid_amount: Set(None),
        refunded_amount: Set(0),
        pay_params: Set(None),
        prepay_id: Set(None),
        flagged: Set(false),
        flag_reason: Set(None),
        callback_delivered: Set(false),
        return_url: Set(v.return_url.clone()),
        expires_at: Set(expires_at),
        paid_at: Set(None),
        closed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Ok(d.writes
        .create(NewOrder {
            row,
            detail: format!(
                "{} {} fen via {}",
                v.order_no.as_str(),
                v.amount.fen(),
                input.channel.as_str()
            ),
            jobs: vec![
                (
                    JobKind::Reconcile,
                    now + chrono::Duration::from_std(first_check).unwrap_or_default(),
                ),
                (JobKind::Expire, expires_at),
            ],
        })
        .await?)
}

fn stored_params(order: &order::Model) -> ServiceResult<Option<PayParams>> {
    order
        .pay_params
        .as_deref()
        .map(|p| {
            serde_json::from_str(p)
                .map_err(|e| ServiceError::Internal(format!("stored payParams: {e}")))
        })
        .transpose()
}

/// Records a failed prepay and decides the order's fate: retryable failures leave it PENDING (the
/// same payOrder can be sent again); a refusal makes it FAILED; "already paid" is checked with the
/// provider and applied.
async fn prepay_failed(
    d: &Core,
    order: &order::Model,
    provider: &dyn paycenter_providers::PaymentProvider,
    e: ProviderError,
) -> ServiceError {
    let detail = e.to_string();
    if let ProviderError::Business {
        code: BusinessCode::OrderPaid,
        ..
    } = e
    {
        // The provider has this trade paid already: learn the facts from it.
        if let Ok(q) = provider.query(&order.order_no).await {
            if let Ok((Applied::Paid | Applied::AlreadyPaid, _)) =
                transitions::apply_trade_state(d, order, &q.state, Source::Query, &q.raw).await
            {
                return ServiceError::OrderNotPayable(OrderState::Paid.to_string());
            }
        }
        return ServiceError::Provider(e);
    }
    // Only a business refusal is final; transport, signature and configuration problems leave the
    // order PENDING so the same payOrder can be sent again.
    if e.is_retryable() || !matches!(e, ProviderError::Business { .. }) {
        if let Err(err) =
            transitions::note(d, &order.id, OrderEventKind::PrepayError, Some(&detail)).await
        {
            return err;
        }
        return ServiceError::Provider(e);
    }
    let conflict = matches!(
        e,
        ProviderError::Business {
            code: BusinessCode::OutTradeNoUsed,
            ..
        }
    );
    match transitions::transition(
        d,
        order,
        &[OrderState::Pending],
        OrderState::Failed,
        OrderEventKind::PrepayRejected,
        &detail,
        Vec::new(),
    )
    .await
    {
        Ok(_) if conflict => ServiceError::OrderNoConflict,
        Ok(_) => ServiceError::Provider(e),
        Err(err) => err,
    }
}
