//! Re-exports of every entity.
