//! A sandbox merchant's v3 key material: issued with the merchant, kept in its row and in
//! `sandbox_wechat_platform_keys`, cached here once parsed.
//!
//! - The merchant API key pair: the merchant gets the private half (`merchantPrivateKey`); the
//!   sandbox keeps the public half to verify request signatures, named by a 40-hex serial.
//! - The WeChat side: in public-key mode one key pair whose public half is the merchant's
//!   `wechatPayPublicKey` (serial `PUB_KEY_ID_…`); in certificate mode a self-signed platform
//!   certificate (made with `rcgen`, the rustls project's certificate generator, signing with
//!   `ring`), served encrypted by `/v3/certificates`. A rotation adds a certificate; the newest
//!   one signs, older ones stay listed while valid (as WeChat does when it renews).
//!
//! Keys are 2048-bit RSA, generated once per merchant (and per rotation), off the async threads.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Datelike, Utc};
use rand::Rng;
use rsa::pkcs1v15::VerifyingKey;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use secrecy::ExposeSecret;
use sha2::Sha256;

use crate::entity::platform_key;
use crate::{SandboxError, SandboxState};
use paycenter_providers::alipay::keys::{
    generate_key_pair, parse_public_key, private_key_to_pkcs8_pem, public_key_to_spki_pem,
};
use paycenter_providers::rsa_keys::RsaSigner;
use paycenter_providers::wechat_v3::aead::ApiV3Key;
use paycenter_providers::wechat_v3::certs::PlatformCertificate;
use paycenter_providers::wechat_v3::credentials::PUBLIC_KEY_ID_PREFIX;

/// `sandbox_merchants.wechat_v3_mode` values.
pub const MODE_PUBLIC_KEY: &str = "public_key";
pub const MODE_CERTIFICATE: &str = "certificate";
/// `sandbox_wechat_platform_keys.kind` values.
pub const KIND_PUBLIC_KEY: &str = "public_key";
pub const KIND_CERTIFICATE: &str = "certificate";

/// How long a generated platform certificate is valid (WeChat's are five years).
const CERT_YEARS: i32 = 5;

/// Where a merchant's WeChat-side verification key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    PublicKey,
    Certificate,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::PublicKey => MODE_PUBLIC_KEY,
            Mode::Certificate => MODE_CERTIFICATE,
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            MODE_PUBLIC_KEY => Some(Mode::PublicKey),
            MODE_CERTIFICATE => Some(Mode::Certificate),
            _ => None,
        }
    }
}

/// A merchant as the v3 API sees it.
pub struct V3Merchant {
    pub mch_id: String,
    pub app_id: String,
    pub serial_no: String,
    pub merchant_key: VerifyingKey<Sha256>,
    pub api_v3_key: ApiV3Key,
    pub mode: Mode,
}

/// The key that signs a merchant's replies and notifies now.
pub struct PlatformSigner {
    pub serial: String,
    pub signer: RsaSigner,
}

/// Parsed merchants and signers, by mch_id. A merchant's v3 credentials never change; its
/// signer changes on rotation, which [`Keys::forget_signer`] follows on this instance (another
/// instance keeps signing with the previous certificate, which stays valid and listed, as
/// WeChat's own servers do while a renewal spreads).
#[derive(Default)]
pub struct Keys {
    merchants: RwLock<HashMap<String, Arc<V3Merchant>>>,
    signers: RwLock<HashMap<String, Arc<PlatformSigner>>>,
}

/// Entries kept at most (bounds memory only).
const MAX_CACHED: usize = 10_000;

fn internal(e: impl std::fmt::Display) -> SandboxError {
    SandboxError::Internal(e.to_string())
}

fn put<V>(map: &RwLock<HashMap<String, Arc<V>>>, key: &str, v: Arc<V>) {
    let mut m = map.write().unwrap_or_else(|p| p.into_inner());
    if m.len() >= MAX_CACHED {
        m.clear();
    }
    m.insert(key.to_owned(), v);
}

impl Keys {
    /// The v3 merchant `mch_id`, if it exists and has v3 credentials.
    pub async fn merchant(
        &self,
        state: &SandboxState,
        mch_id: &str,
    ) -> Result<Option<Arc<V3Merchant>>, SandboxError> {
        if let Some(m) = self
            .merchants
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(mch_id)
        {
            return Ok(Some(m.clone()));
        }
        let Some(row) = state.merchants.by_wechat_mch_id(&state.db, mch_id).await? else {
            return Ok(None);
        };
        let (Some(mode), Some(serial), Some(public), Some(key)) = (
            row.wechat_v3_mode.as_deref().and_then(Mode::parse),
            row.wechat_merchant_serial_no.clone(),
            row.wechat_merchant_public_key.as_deref(),
            row.wechat_api_v3_key.as_deref(),
        ) else {
            return Ok(None);
        };
        let m = Arc::new(V3Merchant {
            mch_id: row.wechat_mch_id.clone(),
            app_id: row.wechat_app_id.clone(),
            serial_no: serial,
            merchant_key: VerifyingKey::new(parse_public_key(public).map_err(internal)?),
            api_v3_key: ApiV3Key::parse(key).map_err(internal)?,
            mode,
        });
        put(&self.merchants, mch_id, m.clone());
        Ok(Some(m))
    }

    /// The newest valid WeChat-side key of `mch_id`.
    pub async fn signer(
        &self,
        db: &DatabaseConnection,
        mch_id: &str,
    ) -> Result<Arc<PlatformSigner>, SandboxError> {
        if let Some(s) = self
            .signers
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(mch_id)
        {
            return Ok(s.clone());
        }
        let now = Utc::now();
        let row = platform_key::Entity::find()
            .filter(platform_key::Column::MchId.eq(mch_id))
            .filter(platform_key::Column::NotBefore.lte(now))
            .filter(platform_key::Column::NotAfter.gt(now))
            .order_by_desc(platform_key::Column::CreatedAt)
            .one(db)
            .await?
            .ok_or_else(|| SandboxError::NotFound(format!("WeChat platform key of {mch_id}")))?;
        let s = Arc::new(PlatformSigner {
            serial: row.serial,
            signer: RsaSigner::parse(&row.private_key).map_err(internal)?,
        });
        put(&self.signers, mch_id, s.clone());
        Ok(s)
    }

    /// Drops the cached signer (after a rotation).
    pub fn forget_signer(&self, mch_id: &str) {
        self.signers
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(mch_id);
    }
}

/// Every valid platform certificate of `mch_id` (certificate mode), oldest first.
pub async fn certificates(
    db: &impl sea_orm::ConnectionTrait,
    mch_id: &str,
) -> Result<Vec<platform_key::Model>, DbErr> {
    let now = Utc::now();
    platform_key::Entity::find()
        .filter(platform_key::Column::MchId.eq(mch_id))
        .filter(platform_key::Column::Kind.eq(KIND_CERTIFICATE))
        .filter(platform_key::Column::NotBefore.lte(now))
        .filter(platform_key::Column::NotAfter.gt(now))
        .order_by_asc(platform_key::Column::CreatedAt)
        .all(db)
        .await
}

/// What a new merchant is handed (and what the sandbox keeps).
pub struct Issued {
    pub mode: Mode,
    pub merchant_serial_no: String,
    /// PKCS#8 PEM, for the merchant.
    pub merchant_private_key: String,
    /// SPKI PEM, kept to verify requests.
    pub merchant_public_key: String,
    pub api_v3_key: String,
    pub platform: platform_key::Model,
}

/// 40 upper-case hex digits, like a certificate serial (first byte below 0x80, so its DER
/// integer needs no sign byte and the hex is exactly the serial).
fn serial_hex() -> String {
    let mut bytes: [u8; 20] = rand::thread_rng().gen();
    bytes[0] = 0x10 | (bytes[0] & 0x6f);
    hex::encode_upper(bytes)
}

fn key_pair_pem() -> Result<(String, String), SandboxError> {
    let (private, public) = generate_key_pair().map_err(internal)?;
    Ok((
        private_key_to_pkcs8_pem(&private)
            .map_err(internal)?
            .expose_secret()
            .to_owned(),
        public_key_to_spki_pem(&public).map_err(internal)?,
    ))
}

/// A self-signed "platform certificate" for `private_pem` (the sandbox is its own CA: clients
/// trust certificates because they decrypt with the APIv3 key, not because of a chain).
fn self_signed(
    private_pem: &str,
    serial: &str,
    now: DateTime<Utc>,
) -> Result<String, SandboxError> {
    use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, SerialNumber};
    let der = paycenter_providers::rsa_keys::der_from_text(private_pem).map_err(internal)?;
    // A PKCS#8 RSA key: rcgen (through ring) signs the certificate RSA-SHA256.
    let key = KeyPair::try_from(der.as_slice()).map_err(internal)?;
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "Tenpay.com sign");
    dn.push(DnType::OrganizationName, "Tenpay.com");
    dn.push(DnType::OrganizationalUnitName, "Tenpay.com CA Center");
    dn.push(DnType::CountryName, "CN");
    dn.push(DnType::LocalityName, "ShenZhen");
    params.distinguished_name = dn;
    params.serial_number = Some(SerialNumber::from_slice(
        &hex::decode(serial).map_err(internal)?,
    ));
    let yesterday = now - chrono::TimeDelta::days(1);
    let month = |d: DateTime<Utc>| u8::try_from(d.month()).unwrap_or(1);
    let day = |d: DateTime<Utc>| u8::try_from(d.day()).unwrap_or(1).min(28);
    params.not_before = rcgen::date_time_ymd(yesterday.year(), month(yesterday), day(yesterday));
    params.not_after = rcgen::date_time_ymd(now.year() + CERT_YEARS, month(now), day(now));
    let cert = params.self_signed(&key).map_err(internal)?;
    Ok(cert.pem())
}

/// A new WeChat-side key for `mch_id` (not yet stored).
fn platform_key_row(
    mch_id: &str,
    mode: Mode,
    now: DateTime<Utc>,
) -> Result<platform_key::Model, SandboxError> {
    let (private, public) = key_pair_pem()?;
    match mode {
        Mode::PublicKey => {
            let digits: u64 = rand::thread_rng().gen_range(0..100_000_000_000);
            let serial = format!(
                "{PUBLIC_KEY_ID_PREFIX}01{mch_id}{}{digits:011}",
                (now + chrono::TimeDelta::hours(8)).format("%Y%m%d")
            );
            Ok(platform_key::Model {
                serial,
                mch_id: mch_id.to_owned(),
                kind: KIND_PUBLIC_KEY.into(),
                private_key: private,
                public_key: public,
                certificate: None,
                not_before: now - chrono::TimeDelta::days(1),
                not_after: now + chrono::TimeDelta::days(365 * 100),
                created_at: now,
            })
        }
        Mode::Certificate => {
            let serial = serial_hex();
            let pem = self_signed(&private, &serial, now)?;
            let cert = PlatformCertificate::from_pem(&pem).map_err(internal)?;
            if cert.serial != serial {
                return Err(internal(format!(
                    "generated certificate has serial {}",
                    cert.serial
                )));
            }
            Ok(platform_key::Model {
                serial,
                mch_id: mch_id.to_owned(),
                kind: KIND_CERTIFICATE.into(),
                private_key: private,
                public_key: public,
                certificate: Some(pem),
                not_before: cert.not_before,
                not_after: cert.not_after,
                created_at: now,
            })
        }
    }
}

/// Issues a merchant's v3 material (two key generations, in parallel, off the async threads).
pub async fn issue(mch_id: &str, mode: Mode) -> Result<Issued, SandboxError> {
    let now = Utc::now();
    let merchant = tokio::task::spawn_blocking(key_pair_pem);
    let mch = mch_id.to_owned();
    let platform = tokio::task::spawn_blocking(move || platform_key_row(&mch, mode, now));
    let (merchant_private_key, merchant_public_key) = merchant.await.map_err(internal)??;
    let platform = platform.await.map_err(internal)??;
    let api_v3_key = {
        use rand::distributions::{Alphanumeric, DistString};
        Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
    };
    Ok(Issued {
        mode,
        merchant_serial_no: serial_hex(),
        merchant_private_key,
        merchant_public_key,
        api_v3_key,
        platform,
    })
}

/// Stores an issued platform key.
pub async fn store<C: ConnectionTrait>(conn: &C, row: &platform_key::Model) -> Result<(), DbErr> {
    platform_key::ActiveModel {
        serial: Set(row.serial.clone()),
        mch_id: Set(row.mch_id.clone()),
        kind: Set(row.kind.clone()),
        private_key: Set(row.private_key.clone()),
        public_key: Set(row.public_key.clone()),
        certificate: Set(row.certificate.clone()),
        not_before: Set(row.not_before),
        not_after: Set(row.not_after),
        created_at: Set(row.created_at),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Renews a certificate-mode merchant's platform certificate: a new key and serial sign from
/// now on; the old certificate stays listed while valid. Returns the new serial.
pub async fn rotate(state: &SandboxState, mch_id: &str) -> Result<String, SandboxError> {
    let m = state
        .wechat_v3
        .merchant(state, mch_id)
        .await?
        .ok_or_else(|| SandboxError::NotFound(format!("WeChat Pay v3 merchant {mch_id}")))?;
    if m.mode != Mode::Certificate {
        return Err(SandboxError::BadRequest(
            "rotateCertificate applies to certificate-mode merchants (public-key merchants have no platform certificates)".into(),
        ));
    }
    let mch = mch_id.to_owned();
    let row = tokio::task::spawn_blocking(move || {
        // A rotation within the same second as the previous certificate still sorts after it.
        platform_key_row(
            &mch,
            Mode::Certificate,
            Utc::now() + chrono::TimeDelta::milliseconds(1),
        )
    })
    .await
    .map_err(internal)??;
    store(&state.db, &row).await?;
    state.wechat_v3.forget_signer(mch_id);
    tracing::info!(mch_id, serial = %row.serial, "sandbox WeChat Pay platform certificate rotated");
    Ok(row.serial)
}
