//! Payment channels (what the buyer's client opens) and the provider behind each.

crate::stored_enum! {
    /// A way to pay, as the API names it.
    pub enum Channel("channel") {
        /// WeChat mini-program / official-account JSAPI: the payer is the caller's openid.
        WechatJsapi = "WECHAT_JSAPI",
        /// WeChat in a native app (`WXApi.sendReq` / uni-app `requestPayment` provider `wxpay`).
        WechatApp = "WECHAT_APP",
        /// WeChat Native: a `code_url` to render as a QR code.
        WechatNative = "WECHAT_NATIVE",
        /// WeChat H5: a mobile browser outside WeChat is sent to WeChat's `h5_url` (MWEB in v2).
        WechatH5 = "WECHAT_H5",
        /// Alipay in a native app: a signed `orderInfo` string.
        AlipayApp = "ALIPAY_APP",
        /// Alipay precreate: a QR code the buyer scans.
        AlipayQr = "ALIPAY_QR",
        /// Alipay on a desktop website (`alipay.trade.page.pay`): the browser is sent to Alipay's
        /// cashier with a signed request.
        AlipayPage = "ALIPAY_PAGE",
        /// Alipay in a mobile browser (`alipay.trade.wap.pay`): the same, for a phone.
        AlipayWap = "ALIPAY_WAP",
    }
}

crate::stored_enum! {
    /// The provider that serves a channel (lower case: it appears in notify URLs).
    pub enum Provider("provider") {
        Wechat = "wechat",
        Alipay = "alipay",
    }
}

crate::stored_enum! {
    /// The shape of a set of provider credentials: one per provider API. A project keeps at most
    /// one set of each kind (a project moving from WeChat Pay v2 to v3 may hold both).
    pub enum CredentialKind("credential kind") {
        /// WeChat Pay API v2 (and the mini-program's appId/appSecret).
        WechatV2 = "WECHAT_V2",
        /// WeChat Pay API v3 (merchant key and serial, APIv3 key, WeChat Pay public key).
        WechatV3 = "WECHAT_V3",
        Alipay = "ALIPAY",
    }
}

impl CredentialKind {
    pub fn provider(self) -> Provider {
        match self {
            CredentialKind::WechatV2 | CredentialKind::WechatV3 => Provider::Wechat,
            CredentialKind::Alipay => Provider::Alipay,
        }
    }

    /// The provider API's own rule for the merchant's order number, beyond [`crate::OrderNo`]'s
    /// (1–32 of `0-9 A-Z a-z _ - | *`, what every API accepts): WeChat Pay v3 wants at least 6.
    pub fn check_order_no(self, no: &crate::OrderNo) -> Result<(), String> {
        match self {
            CredentialKind::WechatV3 if no.as_str().len() < 6 => {
                Err("WeChat Pay API v3 needs 6-32 characters".into())
            }
            CredentialKind::WechatV2 | CredentialKind::WechatV3 | CredentialKind::Alipay => Ok(()),
        }
    }

    /// The kind an order of `provider` was made with when it does not say (orders made before
    /// WeChat Pay v3 was supported).
    pub fn legacy_for(provider: Provider) -> Self {
        match provider {
            Provider::Wechat => CredentialKind::WechatV2,
            Provider::Alipay => CredentialKind::Alipay,
        }
    }
}

crate::stored_enum! {
    /// Which WeChat Pay API a project's new orders use.
    pub enum WechatApiVersion("WeChat Pay API version") {
        V2 = "V2",
        V3 = "V3",
    }
}

impl WechatApiVersion {
    pub fn kind(self) -> CredentialKind {
        match self {
            WechatApiVersion::V2 => CredentialKind::WechatV2,
            WechatApiVersion::V3 => CredentialKind::WechatV3,
        }
    }
}

/// What a channel asks its provider for: the product, in provider-neutral terms. A provider
/// client matches on it exhaustively, naming the products it does not sell, so a new product is
/// a compile error in every client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    /// Pay inside the provider's own app for a known buyer (WeChat JSAPI / mini-program).
    Jsapi,
    /// A native app hands a signed order to the provider's SDK (WeChat APP, Alipay app pay).
    App,
    /// A QR code the buyer scans (WeChat Native, Alipay precreate).
    Qr,
    /// A mobile browser outside the provider's app is sent to the provider's page (WeChat H5 / MWEB).
    H5,
    /// A desktop browser is redirected to the provider's cashier (Alipay page pay).
    Page,
    /// A mobile browser is redirected to the provider's cashier (Alipay wap pay).
    Wap,
}

impl Channel {
    /// The provider and product that serve this channel: the one place a channel is routed.
    pub fn route(self) -> (Provider, Product) {
        match self {
            Channel::WechatJsapi => (Provider::Wechat, Product::Jsapi),
            Channel::WechatApp => (Provider::Wechat, Product::App),
            Channel::WechatNative => (Provider::Wechat, Product::Qr),
            Channel::WechatH5 => (Provider::Wechat, Product::H5),
            Channel::AlipayApp => (Provider::Alipay, Product::App),
            Channel::AlipayQr => (Provider::Alipay, Product::Qr),
            Channel::AlipayPage => (Provider::Alipay, Product::Page),
            Channel::AlipayWap => (Provider::Alipay, Product::Wap),
        }
    }

    pub fn provider(self) -> Provider {
        self.route().0
    }

    pub fn product(self) -> Product {
        self.route().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(*c));
        }
        assert!("WECHAT_MWEB".parse::<Channel>().is_err());
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse::<Provider>(), Ok(*p));
        }
    }
}
