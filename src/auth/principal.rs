//! The principals of the API contract: admin, project key, mini-program user, anonymous.

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    /// A console administrator.
    Admin {
        admin_id: String,
        username: String,
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
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        matches!(self, Principal::Admin { .. })
    }

    /// The project this principal is confined to (None for admins and anonymous callers).
    pub fn project_scope(&self) -> Option<&str> {
        match self {
            Principal::Project { project_id } | Principal::User { project_id, .. } => {
                Some(project_id)
            }
            _ => None,
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
