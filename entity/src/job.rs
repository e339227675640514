//! The outbox: side effects written in the same transaction as the change that causes them,
//! run later by a worker (merchant callbacks, expiry, reconciliation, pending closes).

use paycenter_domain::{JobKind, JobState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub kind: JobKind,
    pub order_id: Option<String>,
    /// Kind-specific JSON (e.g. the callback event id).
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    pub state: JobState,
    pub attempts: i32,
    pub run_at: DateTimeUtc,
    /// The instance running it, while RUNNING.
    pub locked_by: Option<String>,
    /// A RUNNING job past this is considered abandoned (its instance died) and is run again.
    pub locked_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
