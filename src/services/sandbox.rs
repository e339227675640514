//! What paycenter tells the sandbox it mounts: the `orderInfo` it issued for an ALIPAY_APP order,
//! which the buyer's Alipay app would have received from the merchant's app
//! (`paycenter_sandbox::issued`). The sandbox asks; it never reads these tables itself.

use std::future::Future;
use std::pin::Pin;

use entity::{order, project};
use paycenter_domain::Channel;
use paycenter_providers::PayParams;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// Answers the mounted sandbox from paycenter's orders.
pub struct IssuedOrders {
    pub read: DatabaseConnection,
}

impl paycenter_sandbox::issued::Handoff for IssuedOrders {
    fn alipay_order_info<'a>(
        &'a self,
        app_id: &'a str,
        out_trade_no: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>> {
        Box::pin(async move {
            match alipay_order_info(&self.read, app_id, out_trade_no).await {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(error = %e, "sandbox handoff: cannot read the issued orderInfo");
                    None
                }
            }
        })
    }
}

async fn alipay_order_info(
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
            .filter(order::Column::Channel.eq(Channel::AlipayApp.as_str()))
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
