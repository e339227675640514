//! What the buyer's Alipay app would have been handed: when the sandbox shares paycenter's
//! database (the embedded default), it can find the `orderInfo` paycenter issued for an
//! ALIPAY_APP order, so `POST /sandbox/buyer` works without the caller passing `orderInfo`.

use entity::{order, project};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::providers::PayParams;

pub async fn alipay_order_info(
    db: &DatabaseConnection,
    app_id: &str,
    out_trade_no: &str,
) -> Result<Option<String>, DbErr> {
    let projects = project::Entity::find()
        .filter(project::Column::AlipayAppId.eq(app_id))
        .all(db)
        .await?;
    for p in projects {
        let found = order::Entity::find()
            .filter(order::Column::ProjectId.eq(p.id))
            .filter(order::Column::OrderNo.eq(out_trade_no))
            .filter(order::Column::Channel.eq(crate::domain::Channel::AlipayApp.as_str()))
            .one(db)
            .await?;
        if let Some(PayParams::AlipayApp { order_info }) = found
            .and_then(|o| o.pay_params)
            .and_then(|p| serde_json::from_str::<PayParams>(&p).ok())
        {
            return Ok(Some(order_info));
        }
    }
    Ok(None)
}
