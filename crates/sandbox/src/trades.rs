//! The emulated providers' trade inserts, group-committed: a prepay call that creates a trade
//! hands its row to `TradeWrites`, and whatever queued while the previous batch ran is written
//! in one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`. Found with the load harness:
//! one insert (and so one commit) per prepay on SQLite's single writer was what the order
//! writer's batches queued behind.

use std::collections::HashMap;

use crate::entity::order;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, TryInsertResult};

use paycenter_db::batch::Batcher;

/// Rows per statement (SQLite allows 32,766 bound parameters; a trade has 25 columns).
const MAX_BATCH: usize = 256;

/// What an insert came to: the new trade, or `None` when its (provider, merchant,
/// out_trade_no) is already taken.
type Inserted = Result<Option<order::Model>, String>;

/// A prepay's trade: the one just created, or the one that already holds its out_trade_no
/// (a retry, or a concurrent create that won); the caller decides whether that one answers.
pub enum Opened {
    New(order::Model),
    Taken(order::Model),
}

#[derive(Clone)]
pub struct TradeWrites {
    batcher: Batcher<order::ActiveModel, Inserted>,
    read: paycenter_db::Reader,
}

impl TradeWrites {
    /// Writes on `db`; reads a taken number's trade on `read` (`db::connect_reads`).
    pub fn start(db: DatabaseConnection, read: paycenter_db::Reader) -> Self {
        let lanes = paycenter_db::batch::lanes_for(&db);
        let batcher = Batcher::spawn("sandbox trade", lanes, MAX_BATCH, move |rows| {
            let db = db.clone();
            async move { insert_all(&db, rows).await }
        });
        Self { batcher, read }
    }

    /// Inserts `row`, or finds the trade that holds its out_trade_no. The insert comes first: a
    /// new number (the usual case) costs a share of one batched statement.
    pub async fn open(&self, row: order::ActiveModel) -> Result<Opened, String> {
        let key = (
            row.provider.clone().into_value(),
            row.merchant_id.clone().into_value(),
            row.out_trade_no.clone().into_value(),
        );
        let inserted = self
            .batcher
            .submit(row)
            .await
            .unwrap_or_else(|e| Err(e.to_string()))?;
        if let Some(m) = inserted {
            return Ok(Opened::New(m));
        }
        let (Some(provider), Some(merchant), Some(no)) = key else {
            return Err("a trade row without its provider, merchant or out_trade_no".into());
        };
        // The holder was committed before the insert found the number taken.
        order::Entity::find()
            .filter(order::Column::Provider.eq(provider))
            .filter(order::Column::MerchantId.eq(merchant))
            .filter(order::Column::OutTradeNo.eq(no))
            .one(&self.read)
            .await
            .map_err(|e| e.to_string())?
            .map(Opened::Taken)
            .ok_or_else(|| "out_trade_no taken by a trade that cannot be read".into())
    }
}

async fn insert_all(db: &DatabaseConnection, rows: Vec<order::ActiveModel>) -> Vec<Inserted> {
    if rows.len() > 1 {
        if let Ok(done) = insert_batch(db, &rows).await {
            return done;
        }
        // One bad row fails only itself.
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(match insert_batch(db, std::slice::from_ref(&row)).await {
            Ok(mut r) => r.pop().unwrap_or(Ok(None)),
            Err(e) => Err(e.to_string()),
        });
    }
    out
}

/// One statement for all of `rows`; a row whose number was taken (before, or by an earlier row
/// of the same batch) comes back as `None`.
async fn insert_batch(
    db: &DatabaseConnection,
    rows: &[order::ActiveModel],
) -> Result<Vec<Inserted>, DbErr> {
    let inserted = order::Entity::insert_many(rows.iter().cloned())
        .on_conflict_do_nothing_on([
            order::Column::Provider,
            order::Column::MerchantId,
            order::Column::OutTradeNo,
        ])
        .exec_with_returning_many(db)
        .await?;
    let mut by_id: HashMap<String, order::Model> = match inserted {
        TryInsertResult::Inserted(models) => {
            models.into_iter().map(|m| (m.id.clone(), m)).collect()
        }
        TryInsertResult::Conflicted | TryInsertResult::Empty => HashMap::new(),
    };
    Ok(rows
        .iter()
        .map(|r| Ok(r.id.try_as_ref().and_then(|id| by_id.remove(id))))
        .collect())
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::Utc;
    use sea_orm::Set;

    fn trade(id: &str, out_trade_no: &str) -> order::ActiveModel {
        let now = Utc::now();
        order::ActiveModel {
            id: Set(id.into()),
            provider: Set("wechat".into()),
            merchant_id: Set("1900000109".into()),
            out_trade_no: Set(out_trade_no.into()),
            app_id: Set("wx0".into()),
            trade_type: Set("NATIVE".into()),
            total_fee: Set(1),
            subject: Set("t".into()),
            attach: Set(None),
            notify_url: Set(None),
            openid: Set(None),
            state: Set("NOTPAY".into()),
            prepay_id: Set(None),
            code_url: Set(None),
            transaction_id: Set(None),
            buyer_id: Set(None),
            fingerprint: Set(String::new()),
            sign_type: Set("MD5".into()),
            time_expire: Set(None),
            paid_at: Set(None),
            refunded_fee: Set(0),
            return_url: Set(None),
            quit_url: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
    }

    /// Rows of one batch that share an out_trade_no: the first is the trade, the others are
    /// told the number is taken; a later insert of it is told the same.
    #[tokio::test]
    async fn a_taken_number_comes_back_as_none_within_a_batch_and_after() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let db = paycenter_db::connect(&url).await.expect("connect");
        crate::migration::migrate(&db).await.expect("migrate");
        let rows = vec![trade("a", "N1"), trade("b", "N2"), trade("c", "N1")];
        let out = insert_batch(&db, &rows).await.expect("batch");
        let ids: Vec<Option<String>> = out
            .into_iter()
            .map(|r| r.expect("no error").map(|m| m.id))
            .collect();
        assert_eq!(ids, vec![Some("a".into()), Some("b".into()), None]);
        let writes = TradeWrites::start(db.clone(), paycenter_db::Reader::of(db.clone()));
        match writes.open(trade("d", "N2")).await.expect("open") {
            Opened::Taken(holder) => assert_eq!(holder.id, "b"),
            Opened::New(m) => panic!("N2 was taken, yet {} was created", m.id),
        }
        match writes.open(trade("e", "N3")).await.expect("open") {
            Opened::New(m) => assert_eq!(m.out_trade_no, "N3"),
            Opened::Taken(m) => panic!("N3 was free, yet {} holds it", m.id),
        }
        assert_eq!(order::Entity::find().all(&db).await.expect("read").len(), 3);
    }
}
