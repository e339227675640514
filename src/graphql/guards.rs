//! Authorization by role, as field guards. Scoping to a tenant's own objects is the services'
//! job (another tenant's object is `NOT_FOUND`).

use async_graphql::{Context, ErrorExtensions, Guard, Result};

use super::context::ContextExt;
use crate::auth::Principal;
use crate::services::ServiceError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Console administrators.
    Admin,
    /// Administrators and project keys (merchant backends).
    Merchant,
    /// Any authenticated principal (admin, project key, mini-program user).
    Authenticated,
}

pub struct RoleGuard(Role);

impl RoleGuard {
    pub fn new(role: Role) -> Self {
        Self(role)
    }
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        let p = ctx.principal().map_err(|e| e.extend())?;
        let allowed = match (self.0, p) {
            (_, Principal::Anonymous) => return Err(ServiceError::Unauthenticated.extend()),
            (Role::Admin, Principal::Admin { .. }) => true,
            (Role::Merchant, Principal::Admin { .. } | Principal::Project { .. }) => true,
            (Role::Authenticated, _) => true,
            _ => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(ServiceError::Forbidden.extend())
        }
    }
}
