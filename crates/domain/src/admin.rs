//! Console administrators' roles, and the admin audit log's vocabulary (who did what to what).

crate::stored_enum! {
    /// What a console administrator may do. Each role includes the ones below it.
    pub enum AdminRole("admin role") {
        /// Everything: projects and their credentials, keys, admins, and all an operator does.
        Owner = "OWNER",
        /// Orders, refunds, closes and callback (re)sends; sees everything an owner sees except
        /// that it cannot change credentials, keys, projects or admins.
        Operator = "OPERATOR",
        /// Read-only.
        Viewer = "VIEWER",
    }
}

impl AdminRole {
    fn rank(self) -> u8 {
        match self {
            AdminRole::Viewer => 0,
            AdminRole::Operator => 1,
            AdminRole::Owner => 2,
        }
    }

    /// Whether this role includes everything `needed` may do.
    pub fn includes(self, needed: AdminRole) -> bool {
        self.rank() >= needed.rank()
    }
}

crate::stored_enum! {
    /// The kind of principal an audit entry names as its actor.
    pub enum ActorKind("actor kind") {
        /// A console administrator (or someone trying to log in as one).
        Admin = "ADMIN",
        /// A merchant backend with its project's API key.
        Project = "PROJECT",
        /// A mini-program user.
        User = "USER",
        /// The `paycenter` command on the server (CLI admin management).
        Cli = "CLI",
    }
}

crate::stored_enum! {
    /// What an admin audit entry records.
    pub enum AuditAction("audit action") {
        /// An admin logged in.
        Login = "LOGIN",
        /// A login was refused (unknown user, wrong password or disabled admin).
        LoginFailed = "LOGIN_FAILED",
        ProjectCreated = "PROJECT_CREATED",
        /// Settings other than credentials and the callback URL (name, TTL, trust-client-amount).
        ProjectUpdated = "PROJECT_UPDATED",
        /// Provider credentials set, replaced or cleared (the detail names the fields).
        CredentialsChanged = "CREDENTIALS_CHANGED",
        CallbackUrlChanged = "CALLBACK_URL_CHANGED",
        ApiKeyRotated = "API_KEY_ROTATED",
        SigningSecretRotated = "SIGNING_SECRET_ROTATED",
        ProjectDisabled = "PROJECT_DISABLED",
        ProjectEnabled = "PROJECT_ENABLED",
        OrderClosed = "ORDER_CLOSED",
        RefundRequested = "REFUND_REQUESTED",
        CallbackResent = "CALLBACK_RESENT",
        TestCallbackSent = "TEST_CALLBACK_SENT",
        AdminCreated = "ADMIN_CREATED",
        /// Role or disabled flag changed (the detail says which).
        AdminUpdated = "ADMIN_UPDATED",
        AdminDisabled = "ADMIN_DISABLED",
        /// An owner set another admin's password.
        PasswordReset = "PASSWORD_RESET",
        /// An admin changed their own password.
        PasswordChanged = "PASSWORD_CHANGED",
        /// A day was reconciled by hand (`reconcile`).
        ReconciliationRun = "RECONCILIATION_RUN",
        /// A reconciliation discrepancy was closed by a person (`resolveDiscrepancy`).
        DiscrepancyResolved = "DISCREPANCY_RESOLVED",
    }
}

crate::stored_enum! {
    /// The kind of object an audit entry is about.
    pub enum AuditTarget("audit target") {
        Admin = "ADMIN",
        Project = "PROJECT",
        Order = "ORDER",
        Refund = "REFUND",
        ReconciliationReport = "RECONCILIATION_REPORT",
        Discrepancy = "DISCREPANCY",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_below() {
        use AdminRole::*;
        assert!(Owner.includes(Owner) && Owner.includes(Operator) && Owner.includes(Viewer));
        assert!(
            !Operator.includes(Owner) && Operator.includes(Operator) && Operator.includes(Viewer)
        );
        assert!(!Viewer.includes(Operator) && Viewer.includes(Viewer));
    }

    #[test]
    fn names_round_trip() {
        for r in AdminRole::ALL {
            assert_eq!(r.as_str().parse::<AdminRole>(), Ok(*r));
        }
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(*a));
        }
        for t in AuditTarget::ALL {
            assert_eq!(t.as_str().parse::<AuditTarget>(), Ok(*t));
        }
        for k in ActorKind::ALL {
            assert_eq!(k.as_str().parse::<ActorKind>(), Ok(*k));
        }
        assert!("ROOT".parse::<AdminRole>().is_err());
    }
}
