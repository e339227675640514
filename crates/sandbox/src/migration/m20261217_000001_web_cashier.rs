//! Alipay's web cashiers (`alipay.trade.page.pay` / `alipay.trade.wap.pay`): a trade opened from
//! a browser remembers where to send the buyer afterwards (`return_url`, a common parameter) and
//! where a buyer who gives up goes (`quit_url`, wap pay). Nullable: other trades have neither.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for col in [
            text_null(SandboxOrders::ReturnUrl),
            text_null(SandboxOrders::QuitUrl),
        ] {
            let mut col = col;
            m.alter_table(
                Table::alter()
                    .table(SandboxOrders::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [SandboxOrders::QuitUrl, SandboxOrders::ReturnUrl] {
            m.alter_table(
                Table::alter()
                    .table(SandboxOrders::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SandboxOrders {
    Table,
    ReturnUrl,
    QuitUrl,
}
