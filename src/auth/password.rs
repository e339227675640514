//! Argon2id password hashing, run on the blocking pool so it never stalls the async workers.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password worker failed")]
    Join,
}

pub async fn hash(password: SecretString) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await
    .map_err(|_| PasswordError::Join)?
}

/// Whether `password` matches `phc`. A malformed stored hash never matches.
pub async fn verify(password: SecretString, phc: String) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|_| PasswordError::Join)
}

/// A hash of a random password, verified against when the username does not exist so that
/// failed logins take the same time either way.
pub async fn dummy_verify(password: SecretString) {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Yb3hG7OgkB3P2ZZbbxV0e5v9mPzVYvDqgPJKEu5m0Zk";
    let _ = verify(password, DUMMY.to_owned()).await;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_and_verify() {
        let h = hash(SecretString::from("correct horse".to_owned()))
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify(SecretString::from("correct horse".to_owned()), h.clone())
                .await
                .unwrap()
        );
        assert!(!verify(SecretString::from("wrong".to_owned()), h)
            .await
            .unwrap());
        assert!(
            !verify(SecretString::from("x".to_owned()), "garbage".into())
                .await
                .unwrap()
        );
    }
}
