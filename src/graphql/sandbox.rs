//! `sandboxPay`: play the buyer through the sandbox emulator from GraphiQL (admin, sandbox only).

use async_graphql::{Context, Enum, Object, Result, ID};

use super::context::ContextExt;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::orders::Order;
use crate::services::sandbox::{self as svc, BuyerOutcome};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::services::sandbox::BuyerOutcome")]
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
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(paycenter_domain::AdminRole::Operator)")]
    async fn sandbox_pay(
        &self,
        ctx: &Context<'_>,
        order_id: ID,
        outcome: SandboxOutcome,
    ) -> Result<Order> {
        let p = ctx.principal().map_err(gql)?;
        let outcome: BuyerOutcome = outcome.into();
        let order = svc::play_buyer(ctx.core(), p, &order_id, outcome)
            .await
            .map_err(gql)?;
        Ok(Order(order))
    }
}
