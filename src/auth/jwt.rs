//! HS256 tokens for admins and mini-program users.
//!
//! Verification pins the algorithm to HS256, so `alg: none` and tokens signed with another
//! algorithm (including an RSA public key used as an HMAC secret) are refused.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{AuthError, Principal};

const ISSUER: &str = "paycenter";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Admin,
    User,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    /// admin id, or user id.
    sub: String,
    typ: TokenKind,
    iat: i64,
    exp: i64,
    /// Issued at, in milliseconds (`iat` is in seconds): tells a token issued just before a
    /// password change from one issued just after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iatm: Option<i64>,
    /// admin: username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    /// user: project id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pid: Option<String>,
    /// user: openid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    oid: Option<String>,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

/// What a valid token says. An admin token names the admin; who they are now (role, whether
/// they may still log in) is read from the database by the authenticator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    Admin {
        admin_id: String,
        /// Unix milliseconds.
        issued_at_ms: i64,
    },
    User(Principal),
}

/// A token and when it stops working.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl JwtKeys {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 0;
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
        }
    }

    pub fn issue(&self, principal: &Principal, ttl: Duration) -> Result<IssuedToken, AuthError> {
        let now = Utc::now();
        let expires_at =
            now + chrono::Duration::seconds(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 2));
        let (sub, typ, name, pid, oid) = match principal {
            Principal::Admin {
                admin_id, username, ..
            } => (
                admin_id.clone(),
                TokenKind::Admin,
                Some(username.clone()),
                None,
                None,
            ),
            Principal::User {
                project_id,
                user_id,
                openid,
            } => (
                user_id.clone(),
                TokenKind::User,
                None,
                Some(project_id.clone()),
                Some(openid.clone()),
            ),
            _ => {
                return Err(AuthError::InvalidToken(
                    "no token for this principal".into(),
                ))
            }
        };
        let claims = Claims {
            iss: ISSUER.into(),
            sub,
            typ,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            iatm: Some(now.timestamp_millis()),
            name,
            pid,
            oid,
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AuthError::InvalidToken(e.to_string()))?;
        Ok(IssuedToken { token, expires_at })
    }

    pub fn verify(&self, token: &str) -> Result<Verified, AuthError> {
        let data =
            decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
                match e.kind() {
                    jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
                    other => AuthError::InvalidToken(format!("{other:?}")),
                }
            })?;
        let c = data.claims;
        match (c.typ, c.name, c.pid, c.oid) {
            (TokenKind::Admin, Some(_), None, None) => Ok(Verified::Admin {
                admin_id: c.sub,
                issued_at_ms: c.iatm.unwrap_or(c.iat.saturating_mul(1000)),
            }),
            (TokenKind::User, None, Some(project_id), Some(openid)) => {
                Ok(Verified::User(Principal::User {
                    project_id,
                    user_id: c.sub,
                    openid,
                }))
            }
            _ => Err(AuthError::InvalidToken(
                "claims do not match the token type".into(),
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use base64::Engine;

    fn keys() -> JwtKeys {
        JwtKeys::new(&SecretString::from(
            "test-secret-that-is-long-enough-0123456789".to_owned(),
        ))
    }

    fn admin() -> Principal {
        Principal::Admin {
            admin_id: "adm_1".into(),
            username: "admin".into(),
            role: paycenter_domain::AdminRole::Owner,
        }
    }

    #[test]
    fn round_trip() {
        let k = keys();
        let t = k.issue(&admin(), Duration::from_secs(60)).unwrap();
        match k.verify(&t.token).unwrap() {
            Verified::Admin {
                admin_id,
                issued_at_ms,
            } => {
                assert_eq!(admin_id, "adm_1");
                assert!((issued_at_ms - Utc::now().timestamp_millis()).abs() < 5000);
            }
            other => panic!("{other:?}"),
        }
        let user = Principal::User {
            project_id: "prj_1".into(),
            user_id: "usr_1".into(),
            openid: "o1".into(),
        };
        let t = k.issue(&user, Duration::from_secs(60)).unwrap();
        assert_eq!(k.verify(&t.token).unwrap(), Verified::User(user));
    }

    #[test]
    fn other_secret_is_refused() {
        let t = keys().issue(&admin(), Duration::from_secs(60)).unwrap();
        let other = JwtKeys::new(&SecretString::from(
            "another-secret-that-is-long-enough-000".to_owned(),
        ));
        assert!(matches!(
            other.verify(&t.token),
            Err(AuthError::InvalidToken(_))
        ));
    }

    #[test]
    fn expired_is_refused() {
        let k = keys();
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let now = Utc::now().timestamp();
        let claims = serde_json::json!({"iss":"paycenter","sub":"adm_1","typ":"admin","name":"admin","iat":now-100,"exp":now-10});
        let t = encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).unwrap();
        assert_eq!(k.verify(&t), Err(AuthError::Expired));
        // alg none with the same claims
        let none = format!(
            "{}.{}.",
            b64.encode(br#"{"alg":"none","typ":"JWT"}"#),
            b64.encode(serde_json::json!({"iss":"paycenter","sub":"adm_1","typ":"admin","name":"admin","iat":now,"exp":now+100}).to_string())
        );
        assert!(k.verify(&none).is_err());
    }

    #[test]
    fn tampered_payload_is_refused() {
        let k = keys();
        let t = k.issue(&admin(), Duration::from_secs(60)).unwrap();
        let parts: Vec<&str> = t.token.split('.').collect();
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut payload: serde_json::Value =
            serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
        payload["name"] = "root".into();
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            b64.encode(payload.to_string()),
            parts[2]
        );
        assert!(k.verify(&forged).is_err());
    }
}
