//! Authorization by role, as field guards. Scoping to a tenant's own objects is the services'
//! job (another tenant's object is `NOT_FOUND`); the services check admin roles again, so a
//! field that forgot its guard still refuses.

use async_graphql::{Context, ErrorExtensions, Guard, Result};

use super::context::ContextExt;
use crate::auth::Principal;
use crate::services::ServiceError;
use paycenter_domain::AdminRole;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Console administrators.
    Admin,
    /// Administrators and project keys (merchant backends).
    Merchant,
    /// Any authenticated principal (admin, project key, mini-program user).
    Authenticated,
    /// Any authenticated principal or the bearer of a checkout ticket (the buyer on the hosted
    /// cashier page, whom the services confine to the ticket's one order). Only reads of one
    /// order take it: `order`, `paymentStatus`.
    Buyer,
}

/// Who may call a field: the kinds of principal (`Role`), and for admins the least admin role
/// (VIEWER unless raised with [`RoleGuard::admin`]).
pub struct RoleGuard {
    role: Role,
    admin: AdminRole,
}

impl RoleGuard {
    pub fn new(role: Role) -> Self {
        Self {
            role,
            admin: AdminRole::Viewer,
        }
    }

    /// Admins need at least `role` (OPERATOR for changes to orders, refunds and callbacks; OWNER
    /// for projects, credentials, keys and admins).
    pub fn admin(mut self, role: AdminRole) -> Self {
        self.admin = role;
        self
    }

    /// Whether `p` passes; Err for anonymous callers.
    fn allows(&self, p: &Principal) -> Result<bool, ServiceError> {
        Ok(match (self.role, p) {
            (_, Principal::Anonymous) => return Err(ServiceError::Unauthenticated),
            (_, Principal::Admin { role, .. }) => role.includes(self.admin),
            (Role::Merchant | Role::Authenticated | Role::Buyer, Principal::Project { .. }) => true,
            (Role::Authenticated | Role::Buyer, Principal::User { .. }) => true,
            (Role::Buyer, Principal::Checkout { .. }) => true,
            (Role::Admin, Principal::Project { .. } | Principal::User { .. })
            | (Role::Merchant, Principal::User { .. })
            | (Role::Admin | Role::Merchant | Role::Authenticated, Principal::Checkout { .. }) => {
                false
            }
        })
    }
}

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        let p = ctx.principal().map_err(|e| e.extend())?;
        match self.allows(p) {
            Ok(true) => Ok(()),
            Ok(false) => Err(ServiceError::Forbidden.extend()),
            Err(e) => Err(e.extend()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin(role: AdminRole) -> Principal {
        Principal::Admin {
            admin_id: "adm_1".into(),
            username: "a".into(),
            role,
        }
    }

    #[test]
    fn admin_roles_are_ranked() {
        let g = RoleGuard::new(Role::Merchant).admin(AdminRole::Operator);
        assert_eq!(g.allows(&admin(AdminRole::Owner)).ok(), Some(true));
        assert_eq!(g.allows(&admin(AdminRole::Operator)).ok(), Some(true));
        assert_eq!(g.allows(&admin(AdminRole::Viewer)).ok(), Some(false));
        let key = Principal::Project {
            project_id: "prj_1".into(),
        };
        assert_eq!(g.allows(&key).ok(), Some(true));
        let owner_only = RoleGuard::new(Role::Admin).admin(AdminRole::Owner);
        assert_eq!(owner_only.allows(&key).ok(), Some(false));
        assert_eq!(
            owner_only.allows(&admin(AdminRole::Operator)).ok(),
            Some(false)
        );
        assert!(owner_only.allows(&Principal::Anonymous).is_err());
        let user = Principal::User {
            project_id: "prj_1".into(),
            user_id: "usr_1".into(),
            openid: "o".into(),
        };
        assert_eq!(
            RoleGuard::new(Role::Authenticated).allows(&user).ok(),
            Some(true)
        );
        assert_eq!(
            RoleGuard::new(Role::Merchant).allows(&user).ok(),
            Some(false)
        );
        // A checkout ticket passes only where a buyer may read.
        let buyer = Principal::Checkout {
            order_id: "ord_1".into(),
        };
        assert_eq!(RoleGuard::new(Role::Buyer).allows(&buyer).ok(), Some(true));
        for role in [Role::Admin, Role::Merchant, Role::Authenticated] {
            assert_eq!(RoleGuard::new(role).allows(&buyer).ok(), Some(false));
        }
        assert_eq!(RoleGuard::new(Role::Buyer).allows(&user).ok(), Some(true));
        assert_eq!(RoleGuard::new(Role::Buyer).allows(&key).ok(), Some(true));
        assert!(RoleGuard::new(Role::Buyer)
            .allows(&Principal::Anonymous)
            .is_err());
    }
}
