//! Refunds: `refundOrder` and the `Refund` type (`Order.refunds`).

use async_graphql::{Context, InputObject, Object, Result, ID};
use chrono::{DateTime, Utc};
use entity::refund;

use super::context::ContextExt;
pub use super::enums::RefundState;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::orders::Order;
use super::page::{page, wants_total, Page};
use super::projects::page_size;
use crate::services::refunds::{self as svc, list::RefundFilter as SvcFilter};
use paycenter_domain::{AdminRole, Amount};

/// A refund of an order.
pub struct Refund(pub refund::Model);

#[Object]
impl Refund {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn order_id(&self) -> ID {
        ID(self.0.order_id.clone())
    }
    async fn project_id(&self) -> ID {
        ID(self.0.project_id.clone())
    }
    /// The refunded order.
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<Order>> {
        Ok(ctx
            .loaders()
            .orders
            .load_one(self.0.order_id.clone())
            .await?
            .map(Order))
    }
    /// The merchant's refund number (the provider's out_refund_no / out_request_no).
    async fn refund_no(&self) -> &str {
        &self.0.refund_no
    }
    /// Minor units (fen).
    async fn amount(&self) -> i64 {
        self.0.amount
    }
    async fn amount_yuan(&self) -> String {
        Amount::yuan_of(self.0.amount).unwrap_or_default()
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn state(&self) -> RefundState {
        self.0.state.into()
    }
    /// WeChat refund_id, once known (Alipay has no per-refund number).
    async fn provider_refund_no(&self) -> Option<&str> {
        self.0.provider_refund_no.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn succeeded_at(&self) -> Option<DateTime<Utc>> {
        self.0.succeeded_at
    }
    /// Why the provider refused it.
    async fn failure_reason(&self) -> Option<&str> {
        self.0.failure_reason.as_deref()
    }
    async fn failed_at(&self) -> Option<DateTime<Utc>> {
        self.0.failed_at
    }
}

#[derive(InputObject, Default)]
pub struct RefundFilter {
    pub project_id: Option<ID>,
    pub order_id: Option<ID>,
    pub state: Option<RefundState>,
    pub refund_no: Option<String>,
    /// Inclusive.
    pub created_from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub created_to: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct RefundQuery;

#[Object]
impl RefundQuery {
    /// Refunds, newest first (admins; a project key sees its own project's).
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn refunds(
        &self,
        ctx: &Context<'_>,
        filter: Option<RefundFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Refund>> {
        let p = ctx.principal().map_err(gql)?;
        let d = ctx.core();
        let f = filter.unwrap_or_default();
        let f = SvcFilter {
            project_id: f.project_id.map(|i| i.0),
            order_id: f.order_id.map(|i| i.0),
            state: f.state.map(Into::into),
            refund_no: f.refund_no,
            created_from: f.created_from,
            created_to: f.created_to,
        };
        let limit = page_size(first)?;
        let rows = svc::list::list(d, p, &f, after.as_deref(), limit as u64 + 1)
            .await
            .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(svc::list::count(d, p, &f).await.map_err(gql)?)
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |r| r.id.clone(),
            Refund,
        ))
    }
}

#[derive(Default)]
pub struct RefundMutation;

#[Object]
impl RefundMutation {
    /// Refunds `amount` fen of a paid order (admin, or the order's project key). Idempotent per
    /// (order, refundNo): the same request returns the same refund; the same refundNo with another
    /// amount or reason is `REFUND_NO_CONFLICT`. Several partial refunds may follow each other;
    /// their sum never exceeds the order's amount (`REFUND_EXCEEDS_PAID`). Only PAID and
    /// PARTIALLY_REFUNDED orders are refundable (`ORDER_NOT_REFUNDABLE`). A provider refusal is
    /// `PROVIDER_ERROR` with its `providerCode`, and the refund is FAILED.
    #[graphql(guard = "RoleGuard::new(Role::Merchant).admin(AdminRole::Operator)")]
    async fn refund_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(desc = "1-64 characters of 0-9 A-Z a-z _ - | * @")] refund_no: String,
        #[graphql(desc = "Minor units (fen), at least 1")] amount: i64,
        #[graphql(desc = "At most 80 characters")] reason: Option<String>,
    ) -> Result<Refund> {
        let actor = ctx.actor().map_err(gql)?;
        let r = svc::refund_order(
            ctx.core(),
            &actor,
            svc::RefundOrderInput {
                order_id: id.0,
                refund_no,
                amount,
                reason,
            },
        )
        .await
        .map_err(gql)?;
        Ok(Refund(r))
    }
}
