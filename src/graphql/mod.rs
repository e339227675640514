//! The GraphQL schema: roots per area, merged. Handlers in `http::graphql` stay thin.

pub mod admins;
pub mod auth;
pub mod context;
pub mod cost;
pub mod enums;
pub mod error;
pub mod guards;
pub mod loaders;
pub mod orders;
pub mod page;
pub mod projects;
pub mod reconciliation;
pub mod refunds;
pub mod sandbox;
pub mod stats;
pub mod subscriptions;

use async_graphql::{MergedObject, SDLExportOptions, Schema};

pub use context::{Auth, ContextExt};

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    auth::AuthQuery,
    projects::ProjectQuery,
    orders::OrderQuery,
    refunds::RefundQuery,
    orders::CallbackQuery,
    stats::StatsQuery,
    admins::AdminQuery,
    reconciliation::ReconciliationQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    auth::AuthMutation,
    projects::ProjectMutation,
    orders::OrderMutation,
    orders::CallbackMutation,
    refunds::RefundMutation,
    sandbox::SandboxMutation,
    admins::AdminMutation,
    reconciliation::ReconciliationMutation,
);

pub use subscriptions::SubscriptionRoot;

pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Limits that bound the cost of any one request.
pub struct Limits {
    pub depth: usize,
    pub complexity: usize,
}

/// The schema without runtime data (for SDL export).
pub fn schema_builder(
    limits: &Limits,
) -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    )
    .limit_depth(limits.depth)
    .limit_complexity(limits.complexity)
}

/// The sorted SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    let schema = schema_builder(&Limits {
        depth: usize::MAX,
        complexity: usize::MAX,
    })
    .finish();
    schema.sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}
