//! Pre-execution cost analysis of a GraphQL request: bounds what one document may make the server
//! do before async-graphql's own (fragment-expanding, hence exponential) validation walk sees it.
//!
//! A document is measured in one pass whose work is linear in its size: each fragment definition
//! is analysed once (per context: inside or outside introspection) and its result memoised, so a
//! ~1 KB document of fragments that spread the next one twice (2^21 expanded selections) costs the
//! analysis a few dozen steps, and is then refused on its *counted* expansion. Fragment cycles are
//! detected (and refused) instead of recursed into.
//!
//! What is measured ([`Analysis`]):
//! * `nodes`: fragment-expanded selections of every operation in the document (the validation walk
//!   visits all of them, executed or not);
//! * `depth`, `aliases`, `complexity`, `provider_calls`: of the operation to execute (or the maximum
//!   over all operations when the request does not determine one: async-graphql then refuses it);
//! * `complexity`: each field costs 1 plus its children's cost, times the page size for paginated
//!   fields (`first`, resolved from literals, variables or the variable's default; absent = the
//!   default page, clamped to the maximum page), times an assumed length for unpaginated lists;
//!   provider-calling fields cost [`CostModel::provider_call_cost`] each;
//! * `provider_calls`: fields that make the server call WeChat Pay / Alipay (`order(refresh: true)`,
//!   `payOrder`, …): non-admins may make at most [`Limits::max_provider_calls`] per request (50
//!   aliases of `order(id, refresh: true)` were 50 provider queries).
//!
//! Selections skipped with `@skip(if: true)` / `@include(if: false)` still count as nodes (they are
//! validated) but not towards aliases, complexity or provider calls (they are not executed).
//!
//! Introspection (`__schema`, `__type`, fragments on `__…` types) is measured the same way with its
//! own list length ([`CostModel::introspection_list_size`]), and the nesting of its lists is capped
//! ([`Limits::max_introspection_lists`]): each level multiplies the answer by the schema's width
//! (`types { fields { type { fields { … } } } }`), while the standard introspection query of
//! GraphiQL and code generators nests three and passes the default limits.
//!
//! [`QueryCost`] applies it to every request, HTTP and WebSocket alike, as an async-graphql
//! extension (see its documentation for why its hook runs before the exponential walk).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, Field, OperationDefinition, Selection,
    SelectionSet,
};
use async_graphql::parser::Positioned;
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult, Value, Variables};
/// A value as written in the document (may be a `$variable`); `Value` is a resolved one.
use async_graphql_value::Value as Written;

/// Code of a request refused for its shape or size.
pub const CODE_LIMIT: &str = "BAD_USER_INPUT";
/// Code of a request refused for asking too many provider calls at once.
pub const CODE_PROVIDER_CALLS: &str = "RATE_LIMITED";

/// How deep selection sets and fragment spreads may nest before the analysis stops. The parser
/// already caps a selection set's nesting at 64 within one definition; chains of fragment spreads
/// are the only way past it, and this bounds the analysis's own recursion.
pub const MAX_NESTING: u32 = 256;

/// The bounds on one request. Settings (`[graphql]` in the configuration); the defaults admit
/// every query the console, merchant backends, mini-programs, GraphiQL and code generators send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The query text, in bytes (checked before parsing).
    pub max_document_bytes: usize,
    /// Operations defined in one document.
    pub max_operations: usize,
    /// Fragment-expanded selections of the whole document.
    pub max_nodes: u64,
    /// Nesting of fields in the executed operation (leaves count: `{ me { kind } }` is 2).
    pub max_depth: u32,
    /// Aliased fields (fragment-expanded) in the executed operation.
    pub max_aliases: u64,
    /// [`Analysis::complexity`] of the executed operation.
    pub max_complexity: u64,
    /// Provider-calling fields per request for non-admin principals (admins are bounded by the
    /// complexity only).
    pub max_provider_calls: u64,
    /// Nesting of introspection lists (`types { fields { args … } }` is 3, the standard
    /// introspection query's deepest): each level multiplies the output by the schema's width.
    pub max_introspection_lists: u32,
}

impl Limits {
    /// The `[graphql]` settings.
    pub fn from_settings(s: &crate::config::Graphql) -> Self {
        Self {
            max_document_bytes: s.max_document_bytes,
            max_operations: s.max_operations,
            max_nodes: s.max_nodes,
            max_depth: s.max_depth,
            max_aliases: s.max_aliases,
            max_complexity: s.max_complexity,
            max_provider_calls: s.max_provider_calls,
            max_introspection_lists: s.max_introspection_lists,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_document_bytes: 32 * 1024,
            max_operations: 16,
            max_nodes: 2_000,
            max_depth: 16,
            max_aliases: 32,
            max_complexity: 10_000,
            max_provider_calls: 1,
            max_introspection_lists: 3,
        }
    }
}

/// The schema facts the analysis needs, by field name (the analysis is syntactic: it runs before
/// validation, so a name on the wrong type is over-counted at worst, and then refused anyway).
#[derive(Debug, Clone)]
pub struct CostModel {
    /// `first` when absent or null.
    pub default_page: u64,
    /// The largest `first` the server accepts (larger is counted as this: the server refuses it).
    pub max_page: u64,
    /// Fields whose children's cost is multiplied by their `first` argument (connections).
    pub paginated: BTreeSet<String>,
    /// Unpaginated list fields, with the length assumed for them.
    pub lists: BTreeMap<String, u64>,
    /// Query fields that call the provider when their `refresh` argument is true.
    pub refresh_fields: BTreeSet<String>,
    /// Mutation fields that always call a provider (or cost as much: an outgoing HTTP call, a
    /// password hash).
    pub provider_mutations: BTreeSet<String>,
    /// The complexity of one provider call.
    pub provider_call_cost: u64,
    /// The length assumed for introspection lists (`types`, `fields`, `args`, …).
    pub introspection_list_size: u64,
}

/// The list fields of the introspection types.
const INTROSPECTION_LISTS: [&str; 8] = [
    "types",
    "fields",
    "args",
    "inputFields",
    "interfaces",
    "enumValues",
    "possibleTypes",
    "directives",
];

impl CostModel {
    /// paycenter's schema: `orders` and `projects` take `first` (1..=100, default 20: see
    /// `projects::page_size`); orders' `events`, `refunds` and `callbackAttempts` are unpaginated;
    /// `order`/`orderByNo(refresh: true)` query the provider; `payOrder`, `closeOrder`,
    /// `refundOrder`, `sandboxPay`, `wechatLogin` (code2Session) and `reconcile` (bills) call it;
    /// `sendTestCallback` calls the merchant and `adminLogin` runs Argon2, counted alike.
    pub fn paycenter() -> Self {
        let set = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect();
        Self {
            default_page: super::projects::DEFAULT_PAGE as u64,
            max_page: super::projects::MAX_PAGE as u64,
            // `refunds` is both the root connection and `Order.refunds` (a list): the connection
            // at the root, the list below it.
            paginated: set(&[
                "orders",
                "projects",
                "refunds",
                "callbackEvents",
                "admins",
                "auditLog",
                "reconciliationReports",
                "discrepancies",
            ]),
            lists: [
                ("events", 20),
                ("refunds", 10),
                ("callbackAttempts", 20),
                ("platformCertificates", 4),
                // A callback event's attempts.
                ("attempts", 20),
                // `stats`: channels, projects, and the series (a month of days; an hourly series
                // is at most 744 points, each a handful of aggregates already computed).
                ("byChannel", 5),
                ("byProject", 20),
                ("series", 31),
                // One report per provider.
                ("reconcile", 2),
                // A web cashier form's fields (`RedirectParams`: `biz_content`, when any).
                ("fields", 4),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            refresh_fields: set(&["order", "orderByNo"]),
            provider_mutations: set(&[
                "payOrder",
                "closeOrder",
                "refundOrder",
                "sandboxPay",
                "wechatLogin",
                "reconcile",
                // Not a provider, but as dear: an HTTP call to the merchant's callback URL, and
                // an Argon2 verification (19 MiB, tens of milliseconds).
                "sendTestCallback",
                "adminLogin",
            ]),
            provider_call_cost: 100,
            introspection_list_size: 4,
        }
    }
}

/// What a request document would make the server do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Operations defined in the document.
    pub operations: usize,
    /// Fragment-expanded selections of all operations (fields, spreads and inline fragments).
    pub nodes: u64,
    /// Field nesting of the executed operation.
    pub depth: u32,
    /// Aliased fields of the executed operation (fragment-expanded).
    pub aliases: u64,
    /// See the module documentation.
    pub complexity: u64,
    /// Provider-calling fields of the executed operation (fragment-expanded).
    pub provider_calls: u64,
    /// Nesting of introspection list fields in the executed operation.
    pub introspection_lists: u32,
    /// Selections the analysis itself visited: linear in the document's size, whatever the
    /// expansion (what makes it safe to run first).
    pub work: u64,
}

/// The limit a request exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    DocumentBytes,
    Operations,
    Nodes,
    Depth,
    Aliases,
    Complexity,
    ProviderCalls,
    IntrospectionLists,
}

impl Limit {
    /// The name in `extensions.limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::DocumentBytes => "documentBytes",
            Limit::Operations => "operations",
            Limit::Nodes => "nodes",
            Limit::Depth => "depth",
            Limit::Aliases => "aliases",
            Limit::Complexity => "complexity",
            Limit::ProviderCalls => "providerCalls",
            Limit::IntrospectionLists => "introspectionLists",
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a request was refused before validation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CostError {
    #[error("query exceeds the {limit} limit: {actual} > {max}")]
    LimitExceeded { limit: Limit, actual: u64, max: u64 },
    #[error("fragment `{0}` spreads itself (a fragment cycle)")]
    FragmentCycle(String),
    #[error("selections and fragment spreads nest deeper than {MAX_NESTING}")]
    NestingTooDeep,
    #[error("{0}")]
    Syntax(#[from] async_graphql::parser::Error),
}

impl CostError {
    /// `RATE_LIMITED` for too many provider calls, else `BAD_USER_INPUT`.
    pub fn code(&self) -> &'static str {
        match self {
            CostError::LimitExceeded {
                limit: Limit::ProviderCalls,
                ..
            } => CODE_PROVIDER_CALLS,
            CostError::LimitExceeded { .. }
            | CostError::FragmentCycle(_)
            | CostError::NestingTooDeep
            | CostError::Syntax(_) => CODE_LIMIT,
        }
    }

    /// The GraphQL error: `extensions.code`, and for limits `extensions.limit` and `.max`.
    pub fn to_server_error(&self) -> ServerError {
        let mut e = match self {
            CostError::Syntax(p) => ServerError::from(p.clone()),
            other => ServerError::new(other.to_string(), None),
        };
        let mut ext = ErrorExtensionValues::default();
        ext.set("code", self.code());
        if let CostError::LimitExceeded { limit, max, .. } = self {
            ext.set("limit", limit.as_str());
            ext.set("max", *max);
        }
        e.extensions = Some(ext);
        e
    }
}

impl Limits {
    /// Checks an analysis; `privileged` callers (admins) are not held to `max_provider_calls`.
    pub fn check(&self, a: &Analysis, privileged: bool) -> Result<(), CostError> {
        let over = |limit, actual: u64, max: u64| {
            if actual > max {
                Err(CostError::LimitExceeded { limit, actual, max })
            } else {
                Ok(())
            }
        };
        over(
            Limit::Operations,
            a.operations as u64,
            self.max_operations as u64,
        )?;
        over(Limit::Nodes, a.nodes, self.max_nodes)?;
        over(Limit::Depth, a.depth.into(), self.max_depth.into())?;
        over(
            Limit::IntrospectionLists,
            a.introspection_lists.into(),
            self.max_introspection_lists.into(),
        )?;
        if !privileged {
            over(
                Limit::ProviderCalls,
                a.provider_calls,
                self.max_provider_calls,
            )?;
        }
        over(Limit::Aliases, a.aliases, self.max_aliases)?;
        over(Limit::Complexity, a.complexity, self.max_complexity)
    }
}

/// Size check, parse, analysis and limits, in that order: the parsed document to hand to
/// async-graphql, or why the request is refused.
pub fn check_request(
    query: &str,
    operation_name: Option<&str>,
    variables: &Variables,
    model: &CostModel,
    limits: &Limits,
    privileged: bool,
) -> Result<(ExecutableDocument, Analysis), CostError> {
    if query.len() > limits.max_document_bytes {
        return Err(CostError::LimitExceeded {
            limit: Limit::DocumentBytes,
            actual: query.len() as u64,
            max: limits.max_document_bytes as u64,
        });
    }
    let doc = async_graphql::parser::parse_query(query)?;
    // Refuse a flood of operations before walking each of them.
    let operations = doc.operations.iter().count();
    if operations > limits.max_operations {
        return Err(CostError::LimitExceeded {
            limit: Limit::Operations,
            actual: operations as u64,
            max: limits.max_operations as u64,
        });
    }
    let analysis = analyse(&doc, operation_name, variables, model)?;
    limits.check(&analysis, privileged)?;
    Ok((doc, analysis))
}

/// Measures a parsed document (see the module documentation).
pub fn analyse(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
    model: &CostModel,
) -> Result<Analysis, CostError> {
    let executed: Option<&OperationDefinition> = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|o| &o.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|o| &o.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    let mut out = Analysis {
        operations: doc.operations.iter().count(),
        ..Analysis::default()
    };
    let mut worst = Cost::default();
    for (_, op) in doc.operations.iter() {
        let mut walker = Walker::new(doc, &op.node, variables, model);
        let cost = walker.selection_set(&op.node.selection_set.node, false)?;
        out.nodes = out.nodes.saturating_add(cost.nodes);
        out.work = out.work.saturating_add(walker.work);
        if executed.is_some_and(|e| std::ptr::eq(e, &op.node)) {
            worst = cost;
        } else if executed.is_none() {
            worst = worst.max(cost);
        }
    }
    out.depth = worst.depth;
    out.aliases = worst.aliases;
    out.complexity = worst.complexity;
    out.provider_calls = worst.provider_calls;
    out.introspection_lists = worst.introspection_lists;
    Ok(out)
}

/// The measure of a selection set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cost {
    nodes: u64,
    depth: u32,
    aliases: u64,
    complexity: u64,
    provider_calls: u64,
    introspection_lists: u32,
}

impl Cost {
    fn plus(self, o: Cost) -> Cost {
        Cost {
            nodes: self.nodes.saturating_add(o.nodes),
            depth: self.depth.max(o.depth),
            aliases: self.aliases.saturating_add(o.aliases),
            complexity: self.complexity.saturating_add(o.complexity),
            provider_calls: self.provider_calls.saturating_add(o.provider_calls),
            introspection_lists: self.introspection_lists.max(o.introspection_lists),
        }
    }

    fn max(self, o: Cost) -> Cost {
        Cost {
            nodes: self.nodes.max(o.nodes),
            depth: self.depth.max(o.depth),
            aliases: self.aliases.max(o.aliases),
            complexity: self.complexity.max(o.complexity),
            provider_calls: self.provider_calls.max(o.provider_calls),
            introspection_lists: self.introspection_lists.max(o.introspection_lists),
        }
    }

    /// What a skipped selection still costs: it is validated, not executed.
    fn skipped(self) -> Cost {
        Cost {
            nodes: self.nodes,
            depth: self.depth,
            ..Cost::default()
        }
    }
}

/// One operation's walk. Fragment results are memoised per (name, inside introspection).
struct Walker<'a> {
    doc: &'a ExecutableDocument,
    op: &'a OperationDefinition,
    variables: &'a Variables,
    model: &'a CostModel,
    memo: HashMap<(&'a str, bool), Cost>,
    visiting: HashSet<(&'a str, bool)>,
    nesting: u32,
    work: u64,
}

impl<'a> Walker<'a> {
    fn new(
        doc: &'a ExecutableDocument,
        op: &'a OperationDefinition,
        variables: &'a Variables,
        model: &'a CostModel,
    ) -> Self {
        Self {
            doc,
            op,
            variables,
            model,
            memo: HashMap::new(),
            visiting: HashSet::new(),
            nesting: 0,
            work: 0,
        }
    }

    /// A variable's value: the request's, else the operation's default.
    fn variable(&self, name: &str) -> Option<&'a Value> {
        if let Some(v) = self.variables.get(name) {
            return Some(v);
        }
        self.op
            .variable_definitions
            .iter()
            .find(|d| d.node.name.node.as_str() == name)
            .and_then(|d| d.node.default_value.as_ref())
            .map(|v| &v.node)
    }

    /// A boolean argument, literal or from a variable.
    fn boolean(&self, v: Option<&Positioned<Written>>) -> Option<bool> {
        match v.map(|v| &v.node) {
            Some(Written::Boolean(b)) => Some(*b),
            Some(Written::Variable(name)) => match self.variable(name) {
                Some(Value::Boolean(b)) => Some(*b),
                _ => None,
            },
            _ => None,
        }
    }

    /// `@skip(if: true)` or `@include(if: false)`, with literals or variables.
    fn is_skipped(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().any(|d| {
            let cond = self.boolean(d.node.get_argument("if"));
            matches!(
                (d.node.name.node.as_str(), cond),
                ("skip", Some(true)) | ("include", Some(false))
            )
        })
    }

    /// `first`, clamped to 1..=max_page; absent, null or not an integer: the default page.
    fn page_size(&self, f: &Field) -> u64 {
        let value = match f.get_argument("first").map(|a| &a.node) {
            Some(Written::Number(n)) => n.as_i64(),
            Some(Written::Variable(name)) => match self.variable(name) {
                Some(Value::Number(n)) => n.as_i64(),
                _ => None,
            },
            _ => None,
        };
        match value {
            Some(n) => n.clamp(1, self.model.max_page.try_into().unwrap_or(i64::MAX)) as u64,
            None => self.model.default_page.min(self.model.max_page),
        }
    }

    fn selection_set(&mut self, set: &'a SelectionSet, intro: bool) -> Result<Cost, CostError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(CostError::NestingTooDeep);
        }
        let mut total = Cost::default();
        for item in &set.items {
            self.work += 1;
            let cost = match &item.node {
                Selection::Field(f) => {
                    let c = self.field(&f.node, intro)?;
                    if self.is_skipped(&f.node.directives) {
                        c.skipped()
                    } else {
                        c
                    }
                }
                Selection::FragmentSpread(s) => {
                    let name = s.node.fragment_name.node.as_str();
                    let c = Cost {
                        nodes: 1,
                        ..Cost::default()
                    }
                    .plus(self.fragment(name, intro)?);
                    if self.is_skipped(&s.node.directives) {
                        c.skipped()
                    } else {
                        c
                    }
                }
                Selection::InlineFragment(i) => {
                    let intro = intro
                        || i.node
                            .type_condition
                            .as_ref()
                            .is_some_and(|t| t.node.on.node.starts_with("__"));
                    let c = Cost {
                        nodes: 1,
                        ..Cost::default()
                    }
                    .plus(self.selection_set(&i.node.selection_set.node, intro)?);
                    if self.is_skipped(&i.node.directives) {
                        c.skipped()
                    } else {
                        c
                    }
                }
            };
            total = total.plus(cost);
        }
        self.nesting -= 1;
        Ok(total)
    }

    fn fragment(&mut self, name: &'a str, intro: bool) -> Result<Cost, CostError> {
        let Some(def) = self.doc.fragments.get(name) else {
            // Unknown: validation reports it.
            return Ok(Cost::default());
        };
        let intro = intro || def.node.type_condition.node.on.node.starts_with("__");
        let key = (name, intro);
        if let Some(c) = self.memo.get(&key) {
            return Ok(*c);
        }
        if !self.visiting.insert(key) {
            return Err(CostError::FragmentCycle(name.to_owned()));
        }
        let c = self.selection_set(&def.node.selection_set.node, intro)?;
        self.visiting.remove(&key);
        self.memo.insert(key, c);
        Ok(c)
    }

    fn field(&mut self, f: &'a Field, intro: bool) -> Result<Cost, CostError> {
        let name = f.name.node.as_str();
        let intro = intro || name == "__schema" || name == "__type";
        let children = if f.selection_set.node.items.is_empty() {
            Cost::default()
        } else {
            self.selection_set(&f.selection_set.node, intro)?
        };
        let intro_list = intro && INTROSPECTION_LISTS.contains(&name);
        let multiplier = if intro_list {
            self.model.introspection_list_size
        } else if intro {
            1
        } else if self.model.paginated.contains(name)
            // A name that is also a list (`refunds`: the root connection and `Order.refunds`)
            // is the connection only at the operation's root.
            && (!self.model.lists.contains_key(name) || self.nesting <= 1)
        {
            self.page_size(f)
        } else {
            self.model.lists.get(name).copied().unwrap_or(1)
        };
        let provider = !intro
            && (self.model.provider_mutations.contains(name)
                || (self.model.refresh_fields.contains(name)
                    && self.boolean(f.get_argument("refresh")) == Some(true)));
        let own = if provider {
            self.model.provider_call_cost
        } else {
            1
        };
        Ok(Cost {
            nodes: children.nodes.saturating_add(1),
            depth: children.depth.saturating_add(1),
            aliases: children
                .aliases
                .saturating_add(u64::from(f.alias.is_some())),
            complexity: own.saturating_add(multiplier.saturating_mul(children.complexity)),
            provider_calls: children
                .provider_calls
                .saturating_mul(multiplier)
                .saturating_add(u64::from(provider)),
            introspection_lists: children
                .introspection_lists
                .saturating_add(u32::from(intro_list)),
        })
    }
}

/// Decides whether the caller is held to [`Limits::max_provider_calls`] (false) or not (true).
pub type Privileged = fn(&ExtensionContext<'_>, &Request) -> bool;

/// Whether the request comes from an admin: the `Auth` the HTTP handler puts in the request's
/// data, or the one a WebSocket's `connection_init` put in the session's.
pub fn admin_caller(ctx: &ExtensionContext<'_>, request: &Request) -> bool {
    use std::any::TypeId;
    let auth = request
        .data
        .get(&TypeId::of::<super::Auth>())
        .and_then(|d| d.downcast_ref::<super::Auth>())
        .or_else(|| ctx.data_opt::<super::Auth>());
    matches!(auth, Some(super::Auth(Ok(p))) if p.is_admin())
}

/// The extension: `Schema::build(..).extension(QueryCost::new(model, limits))`.
///
/// It hooks `prepare_request`, the first step of `Schema::execute` and of
/// `Schema::execute_stream_with_session_data` (which serves WebSocket operations, subscriptions
/// included). In async-graphql 7.2 `prepare_request` runs the extensions' `prepare_request`, then
/// parses inside the `parse_query` hook, where `check_recursive_depth` already walks every fragment
/// spread expanded, then `check_rules` (validation, complexity and depth: the same expanded walk).
/// A `parse_query` hook that let `next` run first would come too late, so this one measures the
/// query itself in `prepare_request`, refuses it there, and otherwise hands the document it parsed
/// to async-graphql (`Request::set_parsed_query`) so it is not parsed twice.
///
/// Register it after any extension that rewrites the query in `prepare_request` (persisted
/// queries), so that it measures what will run; paycenter has none.
pub struct QueryCost {
    inner: Arc<QueryCostExtension>,
}

impl QueryCost {
    /// Admins (see [`admin_caller`]) are exempt from the provider-call limit.
    pub fn new(model: CostModel, limits: Limits) -> Self {
        Self::with_privileged(model, limits, admin_caller)
    }

    pub fn with_privileged(model: CostModel, limits: Limits, privileged: Privileged) -> Self {
        Self {
            inner: Arc::new(QueryCostExtension {
                model,
                limits,
                privileged,
            }),
        }
    }
}

impl ExtensionFactory for QueryCost {
    fn create(&self) -> Arc<dyn Extension> {
        self.inner.clone()
    }
}

struct QueryCostExtension {
    model: CostModel,
    limits: Limits,
    privileged: Privileged,
}

#[async_trait::async_trait]
impl Extension for QueryCostExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let privileged = (self.privileged)(ctx, &request);
        match check_request(
            &request.query,
            request.operation_name.as_deref(),
            &request.variables,
            &self.model,
            &self.limits,
            privileged,
        ) {
            Ok((doc, _)) => {
                request.set_parsed_query(doc);
                next.run(ctx, request).await
            }
            Err(e) => {
                if let CostError::LimitExceeded { limit, actual, max } = &e {
                    tracing::info!(%limit, actual, max, "GraphQL request refused before validation");
                }
                Err(e.to_server_error())
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::auth::Principal;
    use crate::graphql::Auth;

    /// graphql-js 16's `getIntrospectionQuery({ descriptions: true, specifiedByUrl: true,
    /// directiveIsRepeatable: true, inputValueDeprecation: true })`, as GraphiQL sends it.
    const INTROSPECTION: &str = r#"
    query IntrospectionQuery {
      __schema {
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types { ...FullType }
        directives {
          name
          description
          isRepeatable
          locations
          args(includeDeprecated: true) { ...InputValue }
        }
      }
    }
    fragment FullType on __Type {
      kind
      name
      description
      specifiedByURL
      fields(includeDeprecated: true) {
        name
        description
        args(includeDeprecated: true) { ...InputValue }
        type { ...TypeRef }
        isDeprecated
        deprecationReason
      }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) {
        name
        description
        isDeprecated
        deprecationReason
      }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue {
      name
      description
      type { ...TypeRef }
      defaultValue
      isDeprecated
      deprecationReason
    }
    fragment TypeRef on __Type {
      kind
      name
      ofType {
        kind
        name
        ofType {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType { kind name }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    "#;

    /// What the console sends (shapes of the console's own queries).
    const CONSOLE: &[&str] = &[
        r#"query Orders($first: Int, $after: String, $filter: OrderFilter) {
             orders(first: $first, after: $after, filter: $filter) {
               edges { cursor node { ...OrderRow } }
               pageInfo { hasNextPage endCursor }
             }
           }
           fragment OrderRow on Order {
             id orderNo projectId amount amountYuan subject channel state providerTradeNo
             refundedAmountYuan flagged createdAt paidAt callbackDelivered
           }"#,
        r#"query Order($id: ID!) {
             order(id: $id) {
               id orderNo amount amountYuan subject attach channel state payer paidAmount
               refundedAmount flagged flagReason callbackDelivered createdAt expiresAt paidAt
               closedAt providerTradeNo
               events { id kind fromState toState detail createdAt }
               refunds { id refundNo amount amountYuan reason state providerRefundNo createdAt
                         succeededAt failureReason }
               callbackAttempts { eventId attempt httpStatus latencyMs acknowledged
                                  responseExcerpt error createdAt }
             }
           }"#,
        r#"{ projects(first: 100) { edges { node { id name callbackUrl disabled apiKeyPrefix
               orderTtlSeconds trustClientAmount createdAt updatedAt
               wechat { appId mchId hasApiKey hasAppSecret }
               alipay { appId hasAppPrivateKey hasAlipayPublicKey } } }
             pageInfo { hasNextPage endCursor } } }"#,
        r#"query { me { kind adminId username projectId openid } }"#,
        r#"mutation Pay($input: PayOrderInput!) {
             payOrder(input: $input) {
               order { id state expiresAt }
               payParams {
                 __typename
                 ... on WechatJsapiParams { appId timeStamp nonceStr package signType paySign }
                 ... on WechatAppParams { appid partnerid prepayid package noncestr timestamp sign }
                 ... on QrCodeParams { codeUrl svg }
                 ... on AlipayAppParams { orderInfo }
               }
             }
           }"#,
        r#"query Poll($id: ID!) { order(id: $id, refresh: true) { id state paidAt } }"#,
        r#"subscription { paymentStatus(orderId: "ord_1") { id state paidAt } }"#,
    ];

    fn vars(json: serde_json::Value) -> Variables {
        Variables::from_json(json)
    }

    fn run(query: &str, variables: Variables, privileged: bool) -> Result<Analysis, CostError> {
        check_request(
            query,
            None,
            &variables,
            &CostModel::paycenter(),
            &Limits::default(),
            privileged,
        )
        .map(|(_, a)| a)
    }

    fn measure(query: &str, variables: Variables) -> Analysis {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        analyse(&doc, None, &variables, &CostModel::paycenter()).unwrap()
    }

    fn limit_of(r: Result<Analysis, CostError>) -> Limit {
        match r {
            Err(CostError::LimitExceeded { limit, .. }) => limit,
            other => panic!("expected a limit, got {other:?}"),
        }
    }

    /// Each fragment spreads the next one twice: 2^levels expansions of the last one.
    fn fragment_bomb(levels: usize) -> String {
        let mut q = String::from("query{...f0}");
        for i in 0..levels {
            q.push_str(&format!(
                "fragment f{i} on QueryRoot{{...f{n} ...f{n}}}",
                n = i + 1
            ));
        }
        q.push_str(&format!("fragment f{levels} on QueryRoot{{__typename}}"));
        q
    }

    #[test]
    fn the_fragment_bomb_is_counted_not_walked() {
        let q = fragment_bomb(20);
        assert!(q.len() < 1100, "{} bytes", q.len());
        let a = measure(&q, Variables::default());
        // 2^20 leaves plus every spread on the way down: more than 2^21 selections.
        assert!(a.nodes > 1 << 21, "{}", a.nodes);
        // ...found by visiting each of the 21 definitions' two selections once.
        assert!(a.work <= 2 * 21 + 2, "{}", a.work);
        let err = run(&q, Variables::default(), true).unwrap_err();
        assert_eq!(
            err,
            CostError::LimitExceeded {
                limit: Limit::Nodes,
                actual: a.nodes,
                max: Limits::default().max_nodes
            }
        );
        assert_eq!(err.code(), "BAD_USER_INPUT");
    }

    #[test]
    fn a_long_bomb_saturates_instead_of_overflowing() {
        let a = measure(&fragment_bomb(200), Variables::default());
        assert_eq!(a.nodes, u64::MAX);
        assert!(a.work <= 2 * 201 + 2);
    }

    #[test]
    fn fragment_cycles_are_refused() {
        for q in [
            "query{...a} fragment a on QueryRoot{...b} fragment b on QueryRoot{me{kind} ...a}",
            "query{...a} fragment a on QueryRoot{... on QueryRoot{...a}}",
            "query A{me{kind}} fragment a on QueryRoot{...a} query Other{...a}",
        ] {
            let doc = async_graphql::parser::parse_query(q).unwrap();
            let r = analyse(&doc, None, &Variables::default(), &CostModel::paycenter());
            assert!(
                matches!(r, Err(CostError::FragmentCycle(ref n)) if n == "a"),
                "{q}: {r:?}"
            );
        }
    }

    #[test]
    fn long_spread_chains_stop_at_the_nesting_bound() {
        let mut q = String::from("query{...f0}");
        for i in 0..400 {
            q.push_str(&format!("fragment f{i} on QueryRoot{{...f{}}}", i + 1));
        }
        q.push_str("fragment f400 on QueryRoot{__typename}");
        let doc = async_graphql::parser::parse_query(&q).unwrap();
        let r = analyse(&doc, None, &Variables::default(), &CostModel::paycenter());
        assert_eq!(r, Err(CostError::NestingTooDeep));
    }

    #[test]
    fn aliases_are_counted_through_fragments() {
        let q = "query{...f ...f} fragment f on QueryRoot{a: me{kind} b: me{kind} me{kind}}";
        assert_eq!(measure(q, Variables::default()).aliases, 4);

        let many: String = (0..33).map(|i| format!("a{i}: me {{ kind }} ")).collect();
        assert_eq!(
            limit_of(run(&format!("{{ {many} }}"), Variables::default(), true)),
            Limit::Aliases
        );
        let some: String = (0..32).map(|i| format!("a{i}: me {{ kind }} ")).collect();
        assert!(run(&format!("{{ {some} }}"), Variables::default(), false).is_ok());
    }

    #[test]
    fn depth_counts_fields_through_fragments() {
        assert_eq!(measure("{ me { kind } }", Variables::default()).depth, 2);
        let q = "{ order(id: \"1\") { ...a } } fragment a on Order { events { ... on OrderEvent { kind } } }";
        assert_eq!(measure(q, Variables::default()).depth, 3);

        let nested = |n: usize| {
            format!(
                "{{ __type(name: \"Order\") {{ {}name{} }} }}",
                "ofType { ".repeat(n),
                " }".repeat(n)
            )
        };
        // __type + n × ofType + name
        assert_eq!(measure(&nested(14), Variables::default()).depth, 16);
        assert!(run(&nested(14), Variables::default(), false).is_ok());
        assert_eq!(
            limit_of(run(&nested(15), Variables::default(), true)),
            Limit::Depth
        );
    }

    #[test]
    fn lists_multiply_their_children() {
        // orders: 1 + first × (edges: 1 + (node: 1 + (id: 1 + events: 1 + 20 × kind)))
        let q = |first: &str| {
            format!("{{ orders{first} {{ edges {{ node {{ id events {{ kind }} }} }} }} }}")
        };
        let with = |n: u64| 1 + n * (1 + (1 + (1 + (1 + 20))));
        assert_eq!(
            measure(&q("(first: 100)"), Variables::default()).complexity,
            with(100)
        );
        assert_eq!(measure(&q(""), Variables::default()).complexity, with(20));
        assert_eq!(
            measure(&q("(first: null)"), Variables::default()).complexity,
            with(20)
        );
        // Out of range: the server refuses it, so it is counted as the largest page.
        assert_eq!(
            measure(&q("(first: 100000)"), Variables::default()).complexity,
            with(100)
        );
        assert_eq!(
            measure(&q("(first: -5)"), Variables::default()).complexity,
            with(1)
        );
        // Nested lists multiply each other.
        let q = "{ orders(first: 100) { nodes { refunds { id } callbackAttempts { attempt } } } }";
        assert_eq!(
            measure(q, Variables::default()).complexity,
            1 + 100 * (1 + (1 + 10) + (1 + 20))
        );
        // `refunds` is the connection at the root and the list under an order.
        assert_eq!(
            measure(
                "{ refunds(first: 50) { nodes { id } } }",
                Variables::default()
            )
            .complexity,
            1 + 50 * (1 + 1)
        );
        // And a big enough product is refused.
        let q = "{ orders(first: 100) { nodes { events { id kind fromState toState detail createdAt } } } }";
        assert_eq!(
            limit_of(run(q, Variables::default(), true)),
            Limit::Complexity
        );
    }

    #[test]
    fn variables_supply_first_and_refresh() {
        let q = "query($n: Int = 50) { orders(first: $n) { nodes { id } } }";
        assert_eq!(measure(q, Variables::default()).complexity, 1 + 50 * 2);
        assert_eq!(
            measure(q, vars(serde_json::json!({ "n": 7 }))).complexity,
            1 + 7 * 2
        );
        assert_eq!(
            measure(q, vars(serde_json::json!({ "n": null }))).complexity,
            1 + 20 * 2
        );

        let q = "query($r: Boolean = false, $id: ID!) { order(id: $id, refresh: $r) { id } }";
        assert_eq!(measure(q, Variables::default()).provider_calls, 0);
        assert_eq!(
            measure(q, vars(serde_json::json!({ "r": true }))).provider_calls,
            1
        );
        let q = "query($r: Boolean = true) { order(id: \"1\", refresh: $r) { id } }";
        assert_eq!(measure(q, Variables::default()).provider_calls, 1);
        assert_eq!(
            measure(q, vars(serde_json::json!({ "r": false }))).provider_calls,
            0
        );
    }

    #[test]
    fn provider_calls_are_limited_for_non_admins() {
        let fifty: String = (0..50)
            .map(|i| format!("o{i}: order(id: \"ord_1\", refresh: true) {{ state }} "))
            .collect();
        let q = format!("{{ {fifty} }}");
        assert_eq!(measure(&q, Variables::default()).provider_calls, 50);
        let err = run(&q, Variables::default(), false).unwrap_err();
        assert_eq!(err.code(), "RATE_LIMITED");

        let two = "{ a: order(id: \"1\", refresh: true) { id } b: orderByNo(projectId: \"p\", orderNo: \"n\", refresh: true) { id } }";
        assert_eq!(
            limit_of(run(two, Variables::default(), false)),
            Limit::ProviderCalls
        );
        assert!(run(two, Variables::default(), true).is_ok());
        // Without refresh, or with refresh false, it is a database read.
        let reads = "{ a: order(id: \"1\") { id } b: order(id: \"2\", refresh: false) { id } }";
        assert_eq!(measure(reads, Variables::default()).provider_calls, 0);
        // Through fragments, and mutations.
        let q = "query{...f ...f} fragment f on QueryRoot{order(id: \"1\", refresh: true){id}}";
        assert_eq!(measure(q, Variables::default()).provider_calls, 2);
        let m = "mutation { a: closeOrder(id: \"1\") { id } b: refundOrder(id: \"1\", refundNo: \"r\", amount: 1) { id } }";
        assert_eq!(measure(m, Variables::default()).provider_calls, 2);
        assert_eq!(
            limit_of(run(m, Variables::default(), false)),
            Limit::ProviderCalls
        );
        // Skipped selections are not executed.
        let q = "query($no: Boolean = false) { a: order(id: \"1\", refresh: true) @skip(if: true) { id } b: order(id: \"1\", refresh: true) @include(if: $no) { id } c: order(id: \"1\", refresh: true) { id } }";
        let a = measure(q, Variables::default());
        assert_eq!((a.provider_calls, a.nodes), (1, 6));
    }

    #[test]
    fn document_size_and_operation_count_are_bounded() {
        let big = format!("{{ me {{ kind }} }}{}", " ".repeat(32 * 1024));
        assert_eq!(
            limit_of(run(&big, Variables::default(), true)),
            Limit::DocumentBytes
        );
        let ops: String = (0..17)
            .map(|i| format!("query q{i} {{ me {{ kind }} }} "))
            .collect();
        assert_eq!(
            limit_of(run(&ops, Variables::default(), true)),
            Limit::Operations
        );
    }

    #[test]
    fn the_executed_operation_is_measured_and_every_operation_counted() {
        let q = "query Cheap { me { kind } } query Dear { a: order(id: \"1\", refresh: true) { id } b: order(id: \"2\", refresh: true) { id } }";
        let doc = async_graphql::parser::parse_query(q).unwrap();
        let m = CostModel::paycenter();
        let v = Variables::default();
        let cheap = analyse(&doc, Some("Cheap"), &v, &m).unwrap();
        let dear = analyse(&doc, Some("Dear"), &v, &m).unwrap();
        let unknown = analyse(&doc, None, &v, &m).unwrap();
        assert_eq!((cheap.provider_calls, dear.provider_calls), (0, 2));
        assert_eq!(unknown.provider_calls, 2);
        assert_eq!(cheap.nodes, 2 + 4);
        assert_eq!(cheap.operations, 2);
    }

    #[test]
    fn the_introspection_query_passes_the_default_limits() {
        let a = run(INTROSPECTION, Variables::default(), false).unwrap();
        assert!(a.nodes < 500 && a.complexity < 10_000, "{a:?}");
        assert_eq!(a.introspection_lists, 3);
        // One more list level inside introspection is refused, through fragments too.
        for deeper in [
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
            "{ __type(name: \"Order\") { fields { type { fields { type { fields { type { fields { name } } } } } } } } }",
            "{ __schema { types { ...T } } } fragment T on __Type { fields { type { ...U } } } fragment U on __Type { fields { args { name } } }",
        ] {
            assert_eq!(
                limit_of(run(deeper, Variables::default(), true)),
                Limit::IntrospectionLists,
                "{deeper}"
            );
        }
        let three = "{ __schema { types { fields { type { fields { name } } } } } }";
        assert!(run(three, Variables::default(), false).is_ok());
        // Introspection names outside introspection are ordinary fields and vice versa.
        assert_eq!(
            measure(
                "{ __type(name: \"Order\") { fields { name } } }",
                Variables::default()
            )
            .complexity,
            1 + (1 + 4)
        );
    }

    #[test]
    fn console_queries_pass() {
        for q in CONSOLE {
            let v = vars(serde_json::json!({ "first": 100, "id": "ord_1" }));
            let r = run(q, v, false);
            assert!(r.is_ok(), "{q}: {r:?}");
        }
    }

    #[test]
    fn syntax_errors_keep_their_message_and_get_a_code() {
        let e = run("{ me { ", Variables::default(), false).unwrap_err();
        assert!(matches!(e, CostError::Syntax(_)));
        let se = e.to_server_error();
        assert!(!se.locations.is_empty());
        assert_eq!(
            se.extensions.unwrap().get("code"),
            Some(&Value::from("BAD_USER_INPUT"))
        );
    }

    #[test]
    fn the_settings_default_to_these_limits() {
        assert_eq!(
            Limits::from_settings(&crate::config::Graphql::default()),
            Limits::default()
        );
    }

    #[test]
    fn the_model_matches_the_schema() {
        use async_graphql::parser::types::{BaseType, TypeKind, TypeSystemDefinition};
        let model = CostModel::paycenter();
        let doc = async_graphql::parser::parse_schema(crate::graphql::sdl()).unwrap();
        let mut seen_lists = BTreeSet::new();
        let mut seen_paginated = BTreeSet::new();
        let mut seen_refresh = BTreeSet::new();
        let mut mutations = BTreeSet::new();
        for def in &doc.definitions {
            let TypeSystemDefinition::Type(t) = def else {
                continue;
            };
            let TypeKind::Object(o) = &t.node.kind else {
                continue;
            };
            let type_name = t.node.name.node.as_str();
            for f in &o.fields {
                let name = f.node.name.node.to_string();
                let has = |arg: &str| f.node.arguments.iter().any(|a| a.node.name.node == arg);
                if type_name == "MutationRoot" {
                    mutations.insert(name.clone());
                }
                if has("first") {
                    assert!(
                        model.paginated.contains(&name),
                        "{type_name}.{name} takes first"
                    );
                    seen_paginated.insert(name.clone());
                }
                if has("refresh") {
                    assert!(model.refresh_fields.contains(&name), "{type_name}.{name}");
                    seen_refresh.insert(name.clone());
                }
                let is_list = matches!(f.node.ty.node.base, BaseType::List(_));
                let in_connection = type_name.ends_with("Connection");
                if is_list && !in_connection {
                    assert!(
                        model.lists.contains_key(&name),
                        "{type_name}.{name} is a list"
                    );
                    seen_lists.insert(name);
                }
            }
        }
        assert_eq!(seen_paginated, model.paginated);
        assert_eq!(seen_refresh, model.refresh_fields);
        assert_eq!(seen_lists, model.lists.keys().cloned().collect());
        assert!(model.provider_mutations.is_subset(&mutations));
    }

    fn schema() -> crate::graphql::AppSchema {
        crate::graphql::schema_builder()
            .extension(QueryCost::new(CostModel::paycenter(), Limits::default()))
            .finish()
    }

    fn code_of(e: &ServerError) -> Option<String> {
        match e.extensions.as_ref()?.get("code")? {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    #[tokio::test]
    async fn the_extension_refuses_before_validation() {
        let schema = schema();
        let resp = schema.execute(fragment_bomb(20)).await;
        assert_eq!(resp.errors.len(), 1);
        assert_eq!(code_of(&resp.errors[0]).as_deref(), Some("BAD_USER_INPUT"));
        let ext = resp.errors[0].extensions.as_ref().unwrap();
        assert_eq!(ext.get("limit"), Some(&Value::from("nodes")));

        // A mini-program user's aliases of a refreshing order read.
        let user = Auth(Ok(Principal::User {
            project_id: "prj_1".into(),
            user_id: "usr_1".into(),
            openid: "o1".into(),
        }));
        let two = "{ a: order(id: \"1\", refresh: true) { id } b: order(id: \"2\", refresh: true) { id } }";
        let resp = schema.execute(Request::new(two).data(user)).await;
        assert_eq!(code_of(&resp.errors[0]).as_deref(), Some("RATE_LIMITED"));
    }

    #[tokio::test]
    async fn the_extension_admits_introspection_and_hands_over_the_document() {
        let resp = schema().execute(INTROSPECTION).await;
        assert!(resp.errors.is_empty(), "{:?}", resp.errors);
        let data = resp.data.into_json().unwrap();
        let types = data["__schema"]["types"].as_array().unwrap();
        assert!(types.iter().any(|t| t["name"] == "Order"));
    }

    /// Stops a request once the extensions before it let it through (no resolver runs).
    struct Stop(Arc<std::sync::Mutex<Vec<bool>>>);

    #[async_trait::async_trait]
    impl Extension for Stop {
        async fn prepare_request(
            &self,
            ctx: &ExtensionContext<'_>,
            request: Request,
            _next: NextPrepareRequest<'_>,
        ) -> ServerResult<Request> {
            self.0.lock().unwrap().push(admin_caller(ctx, &request));
            Err(ServerError::new("stopped", None))
        }
    }

    impl ExtensionFactory for Stop {
        fn create(&self) -> Arc<dyn Extension> {
            Arc::new(Stop(self.0.clone()))
        }
    }

    #[tokio::test]
    async fn admins_are_recognised_in_request_and_session_data() {
        use futures_util::StreamExt;
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let schema = crate::graphql::schema_builder()
            .extension(QueryCost::new(CostModel::paycenter(), Limits::default()))
            .extension(Stop(seen.clone()))
            .finish();
        let admin = || {
            Auth(Ok(Principal::Admin {
                admin_id: "adm_1".into(),
                username: "admin".into(),
                role: paycenter_domain::AdminRole::Owner,
            }))
        };
        let two = "{ a: order(id: \"1\", refresh: true) { id } b: order(id: \"2\", refresh: true) { id } }";

        // HTTP: Auth in the request's data. The admin passes the cost check (and is stopped
        // after it); an anonymous caller does not.
        let resp = schema.execute(Request::new(two).data(admin())).await;
        assert_eq!(resp.errors[0].message, "stopped");
        let resp = schema.execute(Request::new(two)).await;
        assert_eq!(code_of(&resp.errors[0]).as_deref(), Some("RATE_LIMITED"));

        // WebSocket: Auth in the session's data (connection_init), the same way.
        let mut session = async_graphql::Data::default();
        session.insert(admin());
        let resp = schema
            .execute_stream_with_session_data(Request::new(two), Arc::new(session))
            .next()
            .await
            .unwrap();
        assert_eq!(resp.errors[0].message, "stopped");
        let resp = schema.execute_stream(two).next().await.unwrap();
        assert_eq!(code_of(&resp.errors[0]).as_deref(), Some("RATE_LIMITED"));
        // And the bomb over the stream path.
        let resp = schema
            .execute_stream(fragment_bomb(20))
            .next()
            .await
            .unwrap();
        assert_eq!(code_of(&resp.errors[0]).as_deref(), Some("BAD_USER_INPUT"));

        // What `admin_caller` answered for the two requests that reached the stopper.
        assert_eq!(*seen.lock().unwrap(), vec![true, true]);
    }
}
