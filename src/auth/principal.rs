//! The principals of the API contract: admin, project key, mini-program user, anonymous.

use paycenter_domain::AdminRole;

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    /// A console administrator.
    Admin {
        admin_id: String,
        username: String,
        /// As stored when the request was authenticated (not as the token was issued).
        role: AdminRole,
    },
    /// A merchant backend holding the project's API key.
    Project {
        project_id: String,
    },
    /// A mini-program user logged in with `wechatLogin`.
    User {
        project_id: String,
        user_id: String,
        openid: String,
    },
    /// The buyer on the hosted checkout page, holding a checkout ticket
    /// (`auth::checkout_ticket`): reads one order (with its project's name), lists nothing,
    /// changes nothing.
    Checkout {
        order_id: String,
    },
}

/// Why a presented credential was not accepted. Every variant is `UNAUTHENTICATED` to the caller;
/// the detail is for logs only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("malformed Authorization header")]
    MalformedHeader,
    #[error("invalid token: {0}")]
    InvalidToken(String),
    #[error("token expired")]
    Expired,
    #[error("unknown API key")]
    UnknownApiKey,
    #[error("authentication store unavailable")]
    Unavailable,
    #[error("unknown admin")]
    UnknownAdmin,
    #[error("admin disabled")]
    AdminDisabled,
    #[error("token issued before the admin's password changed")]
    Superseded,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        matches!(self, Principal::Admin { .. })
    }

    /// The admin's role (None for other principals).
    pub fn admin_role(&self) -> Option<AdminRole> {
        match self {
            Principal::Admin { role, .. } => Some(*role),
            _ => None,
        }
    }

    /// Whether the principal may make a change that an admin needs `needed` for: an admin by
    /// role; project keys and users pass (what they may change is decided by their scope, their
    /// own project or orders, checked where it applies); a checkout ticket changes nothing.
    pub fn admin_may(&self, needed: AdminRole) -> bool {
        match self {
            Principal::Admin { role, .. } => role.includes(needed),
            Principal::Checkout { .. } => false,
            Principal::Anonymous | Principal::Project { .. } | Principal::User { .. } => true,
        }
    }

    /// The project this principal is confined to (None for admins, anonymous callers and
    /// checkout tickets, which are confined to one order).
    pub fn project_scope(&self) -> Option<&str> {
        match self {
            Principal::Project { project_id } | Principal::User { project_id, .. } => {
                Some(project_id)
            }
            Principal::Anonymous | Principal::Admin { .. } | Principal::Checkout { .. } => None,
        }
    }

    /// Whether this principal may manage (read/write) the given project's orders as a merchant:
    /// admins everywhere, project keys in their own project.
    pub fn manages_project(&self, project_id: &str) -> bool {
        match self {
            Principal::Admin { .. } => true,
            Principal::Project { project_id: p } => p == project_id,
            _ => false,
        }
    }
}
