//! Sandbox: a trade as the emulated provider records it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// "wechat" or "alipay".
    pub provider: String,
    /// WeChat mch_id or Alipay app_id.
    pub merchant_id: String,
    pub out_trade_no: String,
    /// WeChat appid (Alipay: the app_id again).
    pub app_id: String,
    /// WeChat trade_type (JSAPI/APP/NATIVE/MWEB) or the Alipay method that created the trade
    /// (alipay.trade.app.pay / precreate / page.pay / wap.pay).
    pub trade_type: String,
    pub total_fee: i64,
    pub subject: String,
    pub attach: Option<String>,
    pub notify_url: Option<String>,
    /// JSAPI payer openid.
    pub openid: Option<String>,
    /// The provider's own state names: NOTPAY, USERPAYING, SUCCESS, CLOSED, REVOKED, PAYERROR, REFUND
    /// (WeChat); WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED, TRADE_FINISHED (Alipay).
    pub state: String,
    pub prepay_id: Option<String>,
    pub code_url: Option<String>,
    pub transaction_id: Option<String>,
    pub buyer_id: Option<String>,
    /// Hash of the creating request's business parameters (OUT_TRADE_NO_USED on a mismatch).
    pub fingerprint: String,
    /// WeChat: the sign_type of the creating request (MD5 or HMAC-SHA256); the pay notify is
    /// signed the same way. Alipay: RSA2.
    pub sign_type: String,
    pub time_expire: Option<DateTimeUtc>,
    pub paid_at: Option<DateTimeUtc>,
    pub refunded_fee: i64,
    /// Alipay web cashier trades: where the browser goes after payment (`return_url`).
    pub return_url: Option<String>,
    /// Alipay wap pay: where a buyer who gives up goes (`quit_url`).
    pub quit_url: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
