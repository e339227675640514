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

/// The schema without runtime data or limits (for SDL export and tests).
pub fn schema_builder() -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    )
}

/// The served schema: the core as its data, and every request (HTTP and WebSocket alike) measured
/// by [`cost::QueryCost`] before async-graphql parses and validates it further. async-graphql's
/// own `limit_depth` / `limit_complexity` are not set: they run after its fragment-expanding
/// validation walk, which is what a small document of nested fragments makes exponential.
pub fn schema(core: std::sync::Arc<crate::core::Core>) -> AppSchema {
    let limits = cost::Limits::from_settings(&core.settings.graphql);
    schema_builder()
        .extension(cost::QueryCost::new(cost::CostModel::paycenter(), limits))
        .data(core)
        .finish()
}

/// The sorted SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    let schema = schema_builder().finish();
    schema.sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}
