//! Connections with `totalCount`: the count is a separate query, made only when the field is
//! selected (a list page that does not show a total costs no COUNT).

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object, OutputType, Result};

use super::error::gql;
use crate::services::ServiceError;

/// The connection-level fields of every paycenter connection.
pub struct Totals {
    total: Option<u64>,
}

#[Object]
impl Totals {
    /// How many items the filter matches, across all pages.
    async fn total_count(&self) -> Result<i64> {
        let n = self
            .total
            .ok_or_else(|| gql(ServiceError::Internal("totalCount was not computed".into())))?;
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A page of `N`, with cursors (row ids) and `totalCount`.
pub type Page<N> = Connection<String, N, Totals>;

/// Whether the request selects `totalCount` on the connection being resolved.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Builds a page from `limit + 1` rows (the extra one says whether there is a next page).
pub fn page<T, N: OutputType>(
    mut rows: Vec<T>,
    limit: usize,
    after: bool,
    total: Option<u64>,
    cursor: impl Fn(&T) -> String,
    node: impl Fn(T) -> N,
) -> Page<N> {
    let has_next = rows.len() > limit;
    rows.truncate(limit);
    let mut conn = Connection::with_additional_fields(after, has_next, Totals { total });
    conn.edges
        .extend(rows.into_iter().map(|r| Edge::new(cursor(&r), node(r))));
    conn
}
