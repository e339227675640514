//! Projects: queries and mutations. Secrets are write-only: inputs take them, outputs only say
//! whether each is set.

use async_graphql::{
    ComplexObject, Context, InputObject, MaybeUndefined, Object, Result, SimpleObject, ID,
};
use chrono::{DateTime, Utc};
use entity::project;
use secrecy::SecretString;

use super::context::ContextExt;
use super::enums::WechatApiVersion;
use super::error::gql;
use super::guards::{Role, RoleGuard};
use super::page::{page, wants_total, Page};
use crate::services::projects::{
    self as svc, AlipayInput, NewProject, ProjectPatch, Summary, WechatInput,
};
use paycenter_domain::{AdminRole, CredentialKind};

pub const DEFAULT_PAGE: usize = 20;
pub const MAX_PAGE: usize = 100;

/// A merchant's app.
pub struct Project(pub project::Model);

impl Project {
    /// The summary of this project's credentials of `kind` (empty when it has none).
    async fn summary(&self, ctx: &Context<'_>, kind: CredentialKind) -> Result<Summary> {
        let sets = ctx
            .loaders()
            .credentials
            .load_one(self.0.id.clone())
            .await?
            .unwrap_or_default();
        Ok(sets
            .into_iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, s)| s)
            .unwrap_or_default())
    }
}

#[Object]
impl Project {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Where paycenter posts signed order events (the seeds' callFunc).
    async fn callback_url(&self) -> Option<&str> {
        self.0.callback_url.as_deref()
    }
    async fn wechat(&self, ctx: &Context<'_>) -> Result<WechatConfig> {
        let v2 = self.summary(ctx, CredentialKind::WechatV2).await?;
        let v3 = self.summary(ctx, CredentialKind::WechatV3).await?;
        let v2_complete = v2.app_id.is_some() && v2.merchant_id.is_some() && v2.has("apiKey");
        let v3_complete = v3.app_id.is_some()
            && v3.merchant_id.is_some()
            && v3.serial_no.is_some()
            && v3.has("merchantPrivateKey")
            && v3.has("apiV3Key");
        let api_version = match self.0.wechat_api_version {
            Some(v) => v,
            None if !v2_complete && v3_complete => paycenter_domain::WechatApiVersion::V3,
            None => paycenter_domain::WechatApiVersion::V2,
        };
        Ok(WechatConfig {
            api_version: api_version.into(),
            has_api_key: v2.has("apiKey"),
            has_app_secret: v2.has("appSecret"),
            has_merchant_private_key: v3.has("merchantPrivateKey"),
            has_api_v3_key: v3.has("apiV3Key"),
            has_wechat_pay_public_key: v3.has("wechatPayPublicKey"),
            merchant_serial_no: v3.serial_no,
            wechat_pay_public_key_id: v3.public_key_id,
            app_id: v2.app_id.or(v3.app_id),
            mch_id: v2.merchant_id.or(v3.merchant_id),
            project_id: self.0.id.clone(),
            v3_complete,
        })
    }
    async fn alipay(&self, ctx: &Context<'_>) -> Result<AlipayConfig> {
        let s = self.summary(ctx, CredentialKind::Alipay).await?;
        Ok(AlipayConfig {
            has_app_private_key: s.has("appPrivateKey"),
            has_alipay_public_key: s.has("alipayPublicKey"),
            app_id: s.app_id,
        })
    }
    async fn order_ttl_seconds(&self) -> i32 {
        self.0.order_ttl_seconds
    }
    /// Whether mini-program users may set amounts without a merchant ticket (unsafe; off by default).
    async fn trust_client_amount(&self) -> bool {
        self.0.trust_client_amount
    }
    async fn disabled(&self) -> bool {
        self.0.disabled
    }
    /// The first characters of the current API key, to tell keys apart.
    async fn api_key_prefix(&self) -> &str {
        &self.0.api_key_prefix
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A project's WeChat settings: identifiers, which secrets are set (never the secrets).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct WechatConfig {
    /// The API new orders use.
    pub api_version: WechatApiVersion,
    pub app_id: Option<String>,
    pub mch_id: Option<String>,
    /// v2: the API key.
    pub has_api_key: bool,
    /// The mini-program's appSecret (`wechatLogin`).
    pub has_app_secret: bool,
    /// v3: the serial of the merchant API certificate.
    pub merchant_serial_no: Option<String>,
    /// v3: the WeChat Pay public key's id (`PUB_KEY_ID_…`); unset: certificate mode.
    pub wechat_pay_public_key_id: Option<String>,
    pub has_merchant_private_key: bool,
    pub has_api_v3_key: bool,
    pub has_wechat_pay_public_key: bool,
    #[graphql(skip)]
    pub project_id: String,
    #[graphql(skip)]
    pub v3_complete: bool,
}

/// A WeChat Pay platform certificate the v3 client knows (certificate mode).
#[derive(SimpleObject)]
pub struct PlatformCertificate {
    pub serial_no: String,
    pub expires_at: DateTime<Utc>,
}

#[ComplexObject]
impl WechatConfig {
    /// v3 certificate mode: the platform certificates downloaded so far (each valid one, by
    /// serial), as the running client knows them; empty in public-key mode and before the first
    /// v3 call.
    async fn platform_certificates(&self, ctx: &Context<'_>) -> Result<Vec<PlatformCertificate>> {
        if !self.v3_complete {
            return Ok(Vec::new());
        }
        let s = ctx.core();
        let project = s
            .projects
            .get(&s.read, &self.project_id)
            .await
            .map_err(|e| gql(e.into()))?;
        let client = match project.wechat_v3(&s.providers) {
            Ok((client, _)) => client,
            Err(_) => return Ok(Vec::new()),
        };
        Ok(client
            .known_certificates()
            .into_iter()
            .map(|(serial_no, expires_at)| PlatformCertificate {
                serial_no,
                expires_at,
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct AlipayConfig {
    pub app_id: Option<String>,
    pub has_app_private_key: bool,
    pub has_alipay_public_key: bool,
}

/// WeChat settings. On update, an omitted field is kept and an empty string clears it.
/// `appId`, `mchId` and the mini-program's `appSecret` serve both APIs; `apiKey` is v2's;
/// `merchantSerialNo`, `merchantPrivateKey`, `apiV3Key` and the WeChat Pay public key (with its
/// id; omit both for certificate mode) are v3's.
#[derive(InputObject)]
pub struct WechatConfigInput {
    /// The API new orders use (unset: v2 when its credentials are complete, else v3).
    pub api_version: Option<WechatApiVersion>,
    pub app_id: Option<String>,
    #[graphql(secret)]
    pub app_secret: Option<String>,
    pub mch_id: Option<String>,
    /// v2: the API key (32 characters).
    #[graphql(secret)]
    pub api_key: Option<String>,
    /// v3: the serial of the merchant API certificate (40 hex digits).
    pub merchant_serial_no: Option<String>,
    /// v3: the merchant API private key (`apiclient_key.pem`, PKCS#1 or PKCS#8 PEM).
    #[graphql(secret)]
    pub merchant_private_key: Option<String>,
    /// v3: the APIv3 key (exactly 32 bytes).
    #[graphql(secret)]
    pub api_v3_key: Option<String>,
    /// v3: the WeChat Pay public key's id (`PUB_KEY_ID_…`).
    pub wechat_pay_public_key_id: Option<String>,
    /// v3: the WeChat Pay public key (SPKI PEM).
    pub wechat_pay_public_key: Option<String>,
}

/// Alipay settings. On update, an omitted field is kept and an empty string clears it.
#[derive(InputObject)]
pub struct AlipayConfigInput {
    pub app_id: Option<String>,
    /// The app's RSA private key (PKCS#1 or PKCS#8, PEM or bare base64).
    #[graphql(secret)]
    pub app_private_key: Option<String>,
    /// Alipay's platform public key.
    pub alipay_public_key: Option<String>,
}

impl From<WechatConfigInput> for WechatInput {
    fn from(w: WechatConfigInput) -> Self {
        WechatInput {
            api_version: w.api_version.map(Into::into),
            app_id: w.app_id,
            app_secret: w.app_secret.map(SecretString::from),
            mch_id: w.mch_id,
            api_key: w.api_key.map(SecretString::from),
            merchant_serial_no: w.merchant_serial_no,
            merchant_private_key: w.merchant_private_key.map(SecretString::from),
            api_v3_key: w.api_v3_key.map(SecretString::from),
            wechatpay_public_key_id: w.wechat_pay_public_key_id,
            wechatpay_public_key: w.wechat_pay_public_key,
        }
    }
}

impl From<AlipayConfigInput> for AlipayInput {
    fn from(a: AlipayConfigInput) -> Self {
        AlipayInput {
            app_id: a.app_id,
            app_private_key: a.app_private_key.map(SecretString::from),
            alipay_public_key: a.alipay_public_key,
        }
    }
}

#[derive(InputObject)]
pub struct CreateProjectInput {
    pub name: String,
    pub callback_url: Option<String>,
    pub wechat: Option<WechatConfigInput>,
    pub alipay: Option<AlipayConfigInput>,
    /// How long an unpaid order stays payable (60..=86400, default 900).
    pub order_ttl_seconds: Option<i32>,
    pub trust_client_amount: Option<bool>,
}

#[derive(InputObject)]
pub struct UpdateProjectInput {
    pub name: Option<String>,
    /// `null` clears the callback URL.
    pub callback_url: MaybeUndefined<String>,
    pub wechat: Option<WechatConfigInput>,
    pub alipay: Option<AlipayConfigInput>,
    pub order_ttl_seconds: Option<i32>,
    pub trust_client_amount: Option<bool>,
}

/// The new project with its API key and signing secret, shown only here.
#[derive(SimpleObject)]
pub struct CreateProjectPayload {
    pub project: Project,
    pub api_key: String,
    /// Verifies `Paycenter-Signature` on callbacks and signs payment tickets.
    pub signing_secret: String,
}

/// The project with its new API key, shown only here.
#[derive(SimpleObject)]
pub struct RotateProjectKeyPayload {
    pub project: Project,
    pub api_key: String,
}

#[derive(SimpleObject)]
pub struct RotateSigningSecretPayload {
    pub project: Project,
    pub signing_secret: String,
}

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Projects, newest first. A project key sees only its own.
    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Project>> {
        let s = ctx.core();
        let principal = ctx.principal().map_err(gql)?;
        let limit = page_size(first)?;
        let rows = svc::list(&s.read, principal, after.as_deref(), limit as u64 + 1)
            .await
            .map_err(gql)?;
        let total = if wants_total(ctx) {
            Some(svc::count(&s.read, principal).await.map_err(gql)?)
        } else {
            None
        };
        Ok(page(
            rows,
            limit,
            after.is_some(),
            total,
            |p| p.id.clone(),
            Project,
        ))
    }

    #[graphql(guard = "RoleGuard::new(Role::Merchant)")]
    async fn project(&self, ctx: &Context<'_>, id: ID) -> Result<Project> {
        let s = ctx.core();
        let p = svc::get(&s.read, ctx.principal().map_err(gql)?, &id)
            .await
            .map_err(gql)?;
        Ok(Project(p))
    }
}

/// `first` within 1..=100 (default 20).
pub fn page_size(first: Option<i32>) -> Result<usize> {
    match first {
        None => Ok(DEFAULT_PAGE),
        Some(n) if (1..=MAX_PAGE as i32).contains(&n) => Ok(n as usize),
        Some(_) => Err(gql(crate::services::ServiceError::bad_input(
            "first",
            format!("between 1 and {MAX_PAGE}"),
        ))),
    }
}

#[derive(Default)]
pub struct ProjectMutation;

#[Object]
impl ProjectMutation {
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(AdminRole::Owner)")]
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        input: CreateProjectInput,
    ) -> Result<CreateProjectPayload> {
        let s = ctx.core();
        let actor = ctx.actor().map_err(gql)?;
        let created = svc::create(
            &s.db,
            &s.vault,
            s.settings.sandbox.enabled || s.settings.callbacks.allow_private,
            &actor,
            NewProject {
                name: input.name,
                callback_url: input.callback_url,
                wechat: input.wechat.map(Into::into),
                alipay: input.alipay.map(Into::into),
                order_ttl_seconds: input.order_ttl_seconds,
                trust_client_amount: input.trust_client_amount,
            },
        )
        .await
        .map_err(gql)?;
        Ok(CreateProjectPayload {
            project: Project(created.project),
            api_key: created.api_key,
            signing_secret: created.signing_secret.unwrap_or_default(),
        })
    }

    /// OWNER admins update any project; a project key its own, except its provider credentials
    /// (`wechat`, `alipay`: OWNER admins only, `FORBIDDEN` otherwise). Every change is audited.
    #[graphql(guard = "RoleGuard::new(Role::Merchant).admin(AdminRole::Owner)")]
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateProjectInput,
    ) -> Result<Project> {
        let s = ctx.core();
        let patch = ProjectPatch {
            name: input.name,
            callback_url: match input.callback_url {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(v) => Some(Some(v)),
            },
            wechat: input.wechat.map(Into::into),
            alipay: input.alipay.map(Into::into),
            order_ttl_seconds: input.order_ttl_seconds,
            trust_client_amount: input.trust_client_amount,
        };
        let p = svc::update(
            &s.db,
            &s.projects,
            &s.vault,
            s.settings.sandbox.enabled || s.settings.callbacks.allow_private,
            &ctx.actor().map_err(gql)?,
            &id,
            patch,
        )
        .await
        .map_err(gql)?;
        Ok(Project(p))
    }

    /// Stops new payments for the project (existing orders still settle).
    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(AdminRole::Owner)")]
    async fn disable_project(&self, ctx: &Context<'_>, id: ID) -> Result<Project> {
        let s = ctx.core();
        let p = svc::set_disabled(&s.db, &s.projects, &ctx.actor().map_err(gql)?, &id, true)
            .await
            .map_err(gql)?;
        Ok(Project(p))
    }

    #[graphql(guard = "RoleGuard::new(Role::Admin).admin(AdminRole::Owner)")]
    async fn enable_project(&self, ctx: &Context<'_>, id: ID) -> Result<Project> {
        let s = ctx.core();
        let p = svc::set_disabled(&s.db, &s.projects, &ctx.actor().map_err(gql)?, &id, false)
            .await
            .map_err(gql)?;
        Ok(Project(p))
    }

    /// Issues a new API key; the old one stops working at once.
    #[graphql(guard = "RoleGuard::new(Role::Merchant).admin(AdminRole::Owner)")]
    async fn rotate_project_key(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<RotateProjectKeyPayload> {
        let s = ctx.core();
        let r = svc::rotate_key(&s.db, &s.projects, &ctx.actor().map_err(gql)?, &id)
            .await
            .map_err(gql)?;
        Ok(RotateProjectKeyPayload {
            project: Project(r.project),
            api_key: r.api_key,
        })
    }

    /// Issues a new signing secret for callbacks and payment tickets.
    #[graphql(guard = "RoleGuard::new(Role::Merchant).admin(AdminRole::Owner)")]
    async fn rotate_signing_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<RotateSigningSecretPayload> {
        let s = ctx.core();
        let (p, secret) = svc::rotate_signing_secret(
            &s.db,
            &s.projects,
            &s.vault,
            &ctx.actor().map_err(gql)?,
            &id,
        )
        .await
        .map_err(gql)?;
        Ok(RotateSigningSecretPayload {
            project: Project(p),
            signing_secret: secret,
        })
    }
}
