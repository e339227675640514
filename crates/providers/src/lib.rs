//! Payment providers behind one trait per capability.
//!
//! The payment core only sees the neutral types below. Each provider is a module with its own wire
//! types (`wechat_v2`, `wechat_v3`, `alipay`, `miniprogram`) and conversions to these types, so a new
//! provider API is a new module plus one arm in [`registry`], and a new product an arm in each
//! client's exhaustive match on [`Product`]. Every RSA private-key operation goes through
//! [`rsa_keys::RsaSigner`] (`ring`, constant time).

pub mod alipay;
pub mod bills;
pub mod error;
pub mod miniprogram;
pub mod notify;
pub mod registry;
pub mod rsa_keys;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod test_vectors;
pub mod text;
pub mod wechat_v2;
pub mod wechat_v3;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::SecretString;

use paycenter_domain::{Amount, Product, Provider};

pub use bills::{Bill, BillError, BillLine, BillLineKind, BillLines, BillTotals};
pub use error::{BusinessCode, ProviderError};
pub use notify::{IncomingRequest, Notification, NotifyResponse, Verdict, VerifyNotify};

/// Where each provider's HTTP API lives. Production uses the real hosts; the embedded default
/// points every base at this server's own `/sandbox`. WeChat Pay v2 and v3 share one base (the
/// real host serves `pay/unifiedorder` and `v3/pay/transactions/…` side by side, and so does
/// the sandbox under `/sandbox/wechat/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEndpoints {
    /// WeChat Pay base (v2 and v3), e.g. `https://api.mch.weixin.qq.com/` (must end with `/`).
    pub wechat_pay_base: String,
    /// WeChat open API base for `sns/jscode2session`, e.g. `https://api.weixin.qq.com/`.
    pub wechat_api_base: String,
    /// Alipay gateway, e.g. `https://openapi.alipay.com/gateway.do`.
    pub alipay_gateway: String,
    /// Per-call timeout.
    pub timeout: std::time::Duration,
    /// WeChat Pay v3 certificate mode: the least time between two platform-certificate downloads
    /// (an unknown `Wechatpay-Serial` triggers one; forged serials must not hammer WeChat).
    pub wechat_certificate_refresh_min: std::time::Duration,
}

impl ProviderEndpoints {
    pub fn production() -> Self {
        Self {
            wechat_pay_base: "https://api.mch.weixin.qq.com/".into(),
            wechat_api_base: "https://api.weixin.qq.com/".into(),
            alipay_gateway: "https://openapi.alipay.com/gateway.do".into(),
            timeout: std::time::Duration::from_secs(10),
            wechat_certificate_refresh_min: wechat_v3::MIN_REFRESH_INTERVAL,
        }
    }

    /// All three APIs served by a sandbox at `base` (e.g. `http://127.0.0.1:8080/sandbox`).
    pub fn sandbox(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        Self {
            wechat_pay_base: format!("{base}/wechat/"),
            wechat_api_base: format!("{base}/wechat/"),
            alipay_gateway: format!("{base}/alipay/gateway.do"),
            timeout: std::time::Duration::from_secs(10),
            wechat_certificate_refresh_min: wechat_v3::MIN_REFRESH_INTERVAL,
        }
    }
}

/// A merchant's WeChat credentials (decrypted, in memory only while a call runs).
#[derive(Clone)]
pub struct WechatCredentials {
    pub app_id: String,
    pub mch_id: String,
    pub api_key: SecretString,
    pub app_secret: Option<SecretString>,
    /// PKCS#12 or PEM client identity for `secapi/*` (mTLS), when the merchant configured one.
    pub client_identity_pem: Option<SecretString>,
}

/// A merchant's WeChat Pay API v3 credentials.
///
/// With `wechatpay_public_key` the merchant is in public-key mode (what WeChat gives new
/// merchants); without it, in certificate mode: the client fetches the platform certificates
/// from `/v3/certificates` and keeps them fresh. Check them with
/// [`wechat_v3::credentials::validate`] before saving.
#[derive(Clone)]
pub struct WechatV3Credentials {
    pub app_id: String,
    pub mch_id: String,
    /// The serial number of the merchant API certificate (40 hex digits).
    pub merchant_serial_no: String,
    /// The merchant API private key (`apiclient_key.pem`): PKCS#8 or PKCS#1, PEM or bare base64.
    pub merchant_private_key: SecretString,
    /// The APIv3 key: exactly 32 ASCII bytes.
    pub api_v3_key: SecretString,
    pub wechatpay_public_key: Option<WechatPayPublicKey>,
}

/// The WeChat Pay public key of public-key mode (not secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WechatPayPublicKey {
    /// `PUB_KEY_ID_…`: the `Wechatpay-Serial` WeChat names this key by.
    pub id: String,
    /// SPKI PEM (`BEGIN PUBLIC KEY`), or its bare base64.
    pub pem: String,
}

impl std::fmt::Debug for WechatV3Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatV3Credentials")
            .field("app_id", &self.app_id)
            .field("mch_id", &self.mch_id)
            .field("merchant_serial_no", &self.merchant_serial_no)
            .field(
                "wechatpay_public_key_id",
                &self.wechatpay_public_key.as_ref().map(|k| &k.id),
            )
            .finish_non_exhaustive()
    }
}

/// A merchant's Alipay credentials.
#[derive(Clone)]
pub struct AlipayCredentials {
    pub app_id: String,
    /// The app's RSA private key: PKCS#1 or PKCS#8, with or without PEM armour.
    pub app_private_key: SecretString,
    /// The Alipay platform public key (SPKI), with or without PEM armour.
    pub alipay_public_key: String,
}

impl std::fmt::Debug for WechatCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatCredentials")
            .field("app_id", &self.app_id)
            .field("mch_id", &self.mch_id)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AlipayCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlipayCredentials")
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

/// A merchant's credentials for one provider API: what [`registry::Providers::build`] takes.
#[derive(Debug, Clone)]
pub enum Credentials {
    WechatV2(WechatCredentials),
    WechatV3(WechatV3Credentials),
    Alipay(AlipayCredentials),
}

impl Credentials {
    /// The provider these credentials are for.
    pub fn provider(&self) -> Provider {
        match self {
            Credentials::WechatV2(_) | Credentials::WechatV3(_) => Provider::Wechat,
            Credentials::Alipay(_) => Provider::Alipay,
        }
    }
}

/// A raw reply kept for the audit trail (the seeds' prepayBack / payBack / queryBack).
pub type RawReply = String;

/// What the core asks a provider to create.
#[derive(Debug, Clone)]
pub struct PrepayRequest {
    pub product: Product,
    pub out_trade_no: String,
    pub amount: Amount,
    pub subject: String,
    pub attach: Option<String>,
    pub notify_url: String,
    pub expires_at: DateTime<Utc>,
    /// The buyer's openid (WECHAT_JSAPI only).
    pub payer_openid: Option<String>,
    /// The buyer's IP as seen by us (`spbill_create_ip`).
    pub client_ip: String,
    /// Where the provider's cashier sends the browser after payment (Alipay page/wap pay
    /// `return_url`); the landing must not take it as proof of payment.
    pub return_url: Option<String>,
    /// Where a buyer who gives up on the provider's mobile cashier goes (Alipay wap pay
    /// `quit_url`).
    pub quit_url: Option<String>,
}

/// What the client needs to open the cashier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind")]
pub enum PayParams {
    /// `wx.requestPayment` / `uni.requestPayment` in a mini-program.
    WechatJsapi {
        app_id: String,
        time_stamp: String,
        nonce_str: String,
        package: String,
        sign_type: String,
        pay_sign: String,
    },
    /// The WeChat open SDK's `PayReq` in an app.
    WechatApp {
        appid: String,
        partnerid: String,
        prepayid: String,
        package: String,
        noncestr: String,
        timestamp: String,
        sign: String,
    },
    /// A URL to render as a QR code (WeChat Native `code_url`, Alipay precreate `qr_code`).
    QrCode { code_url: String },
    /// The signed query string Alipay's app SDK takes.
    AlipayApp { order_info: String },
    /// A page to send a mobile browser to (WeChat Pay v3 H5 `h5_url`, valid until `expires_at`;
    /// the merchant may append `&redirect_url=<urlencoded>`).
    H5 {
        url: String,
        expires_at: DateTime<Utc>,
    },
    /// A signed request for the provider's web cashier (Alipay page / wap pay), made by the
    /// buyer's browser: with `Get`, open `url`; with `Post` (a request too long for a URL),
    /// submit `fields` as a form to `url`. Payable until `expires_at`.
    Redirect {
        url: String,
        method: RedirectMethod,
        fields: Vec<FormField>,
        expires_at: DateTime<Utc>,
    },
}

/// How a browser makes a [`PayParams::Redirect`] request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RedirectMethod {
    Get,
    Post,
}

/// One field of a form a browser submits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormField {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Prepared {
    pub params: PayParams,
    /// The provider's prepay id where it has one (WeChat `prepay_id`).
    pub prepay_id: Option<String>,
    pub raw: RawReply,
}

/// A provider's view of a trade, in our terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TradeState {
    /// Created, not paid (WeChat NOTPAY, Alipay WAIT_BUYER_PAY).
    NotPaid,
    /// The buyer is entering a password (WeChat USERPAYING).
    UserPaying,
    /// Paid (WeChat SUCCESS/REFUND, Alipay TRADE_SUCCESS/TRADE_FINISHED).
    Paid(PaidTrade),
    /// Closed or revoked unpaid (WeChat CLOSED/REVOKED, Alipay TRADE_CLOSED with nothing paid).
    Closed,
    /// Payment failed at the bank (WeChat PAYERROR).
    PayError(String),
    /// The provider has no such trade (WeChat ORDERNOTEXIST, Alipay ACQ.TRADE_NOT_EXIST).
    NotExist,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidTrade {
    pub provider_trade_no: String,
    /// The order total the provider recorded (WeChat total_fee, Alipay total_amount).
    pub total_amount: Amount,
    /// What the buyer actually paid in cash (WeChat cash_fee, Alipay buyer_pay_amount).
    pub paid_amount: Option<Amount>,
    /// openid (WeChat) or buyer_id / buyer_open_id (Alipay).
    pub payer: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct TradeQueryResult {
    pub out_trade_no: String,
    pub state: TradeState,
    pub raw: RawReply,
}

/// What a close attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseOutcome {
    /// The provider closed it (or it was already closed).
    Closed,
    /// Too late: the buyer paid. The core must query and record the payment.
    AlreadyPaid,
    /// The provider never saw the order (nothing to close).
    NotExist,
}

#[derive(Debug, Clone)]
pub struct CloseResult {
    pub outcome: CloseOutcome,
    pub raw: RawReply,
}

#[derive(Debug, Clone)]
pub struct RefundRequest {
    pub out_trade_no: String,
    pub out_refund_no: String,
    pub total_amount: Amount,
    pub refund_amount: Amount,
    pub reason: Option<String>,
    pub notify_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundState {
    Processing,
    Succeeded {
        provider_refund_no: Option<String>,
        refunded_at: Option<DateTime<Utc>>,
    },
    Failed(String),
    NotExist,
}

#[derive(Debug, Clone)]
pub struct RefundResult {
    pub out_refund_no: String,
    pub state: RefundState,
    pub raw: RawReply,
}

/// A verified pay notification.
#[derive(Debug, Clone)]
pub struct PayNotification {
    pub out_trade_no: String,
    /// appid (WeChat) / app_id (Alipay) the notify names.
    pub app_id: String,
    /// mch_id (WeChat); Alipay has `seller_id`, which the core does not check.
    pub merchant_id: Option<String>,
    pub state: TradeState,
    pub raw: RawReply,
}

/// A verified browser return: the buyer's redirect back from the provider's web cashier (Alipay's
/// synchronous `return_url` GET). It is signed and names a trade, but it carries no trade status
/// and proves nothing about payment: only a notify or a query does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserReturn {
    pub out_trade_no: String,
    /// The app the provider signed it for (Alipay `app_id`).
    pub app_id: String,
    /// The provider's trade number, when given (Alipay `trade_no`).
    pub provider_trade_no: Option<String>,
    /// The order total it names (Alipay `total_amount`).
    pub total_amount: Option<Amount>,
}

/// A verified refund notification.
#[derive(Debug, Clone)]
pub struct RefundNotification {
    pub out_trade_no: String,
    pub out_refund_no: String,
    pub refund_amount: Amount,
    pub state: RefundState,
    pub raw: RawReply,
}

#[async_trait]
pub trait Prepay: Send + Sync {
    async fn prepay(&self, req: &PrepayRequest) -> Result<Prepared, ProviderError>;
}

#[async_trait]
pub trait QueryTrade: Send + Sync {
    async fn query(&self, out_trade_no: &str) -> Result<TradeQueryResult, ProviderError>;
}

#[async_trait]
pub trait CloseTrade: Send + Sync {
    /// `buyer_may_have_scanned`: for Alipay QR orders use `alipay.trade.cancel` rather than close.
    async fn close(
        &self,
        out_trade_no: &str,
        buyer_may_have_scanned: bool,
    ) -> Result<CloseResult, ProviderError>;
}

#[async_trait]
pub trait RefundTrade: Send + Sync {
    async fn refund(&self, req: &RefundRequest) -> Result<RefundResult, ProviderError>;
    async fn query_refund(
        &self,
        out_trade_no: &str,
        out_refund_no: &str,
    ) -> Result<RefundResult, ProviderError>;
}

/// A provider's daily trade bill (reconciliation).
///
/// An implementation asks the provider for the bill of `date`, a calendar day in Beijing time
/// (UTC+8, the providers' own), downloads it, and hands it back unparsed but checked as far as the
/// download goes; [`Bill::lines`] parses it as it is read. It maps the provider's answers so:
///
/// - published: `Ok(Bill)`, possibly with no lines (a provider that states an empty day so);
/// - not yet published: `ProviderError::Bill(BillError::NotReady)` (retryable), including a "no
///   bill" answer given before the day's bills are due ([`bills::missing_bill`]);
/// - no bill for the day: `ProviderError::Bill(BillError::NoBill { reason, .. })`;
/// - refusals (signature, parameters, rate limits) and transport failures as for any call.
///
/// WeChat Pay v2 (`pay/downloadbill`) and Alipay (`alipay.data.dataservice.bill.downloadurl.query`
/// then a GET of `bill_download_url`) implement it. A WeChat Pay v3 client is one more impl:
/// `GET /v3/bill/tradebill?bill_date=YYYY-MM-DD&bill_type=ALL&tar_type=GZIP`, signed like every
/// v3 call and its response verified, answers `{hash_type: "SHA1", hash_value, download_url}`
/// (400 `STATEMENT_CREATING` / `NO_STATEMENT_EXIST`: [`bills::wechat::v3_refusal`] maps them); then a GET of `download_url` signed with the same
/// `Authorization` scheme over its path and query, whose body is the gzip'd bill and carries no
/// response signature; the result is
/// `Bill::wechat(date, body, Compression::sniff(&body)).with_sha1(Sha1Digest::from_hex(&hash_value)?)`:
/// the SHA1 (over the decompressed bill) is checked as the lines are read, so `BillLines::finish`
/// fails with `BillError::ChecksumMismatch` for a body that is not the one published.
#[async_trait]
pub trait DownloadBill: Send + Sync {
    async fn trade_bill(&self, date: NaiveDate) -> Result<Bill, ProviderError>;
}

/// Everything a payment provider offers the core. Every client downloads its bills too, so the
/// bill capability is part of the bundle: a new client must implement it to be a provider.
pub trait PaymentProvider:
    Prepay + QueryTrade + CloseTrade + RefundTrade + VerifyNotify + DownloadBill
{
}
impl<T: Prepay + QueryTrade + CloseTrade + RefundTrade + VerifyNotify + DownloadBill>
    PaymentProvider for T
{
}

/// Mini-program login (`code2Session`).
#[derive(Clone)]
pub struct LoginSession {
    pub openid: String,
    pub unionid: Option<String>,
    /// Never returned to clients, never logged.
    pub session_key: SecretString,
}

impl std::fmt::Debug for LoginSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginSession")
            .field("openid", &self.openid)
            .field("unionid", &self.unionid)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait Login: Send + Sync {
    async fn code_to_session(&self, code: &str) -> Result<LoginSession, ProviderError>;
}
