//! Opaque, time-ordered identifiers: `<prefix>_<uuid v7 hex>`. Sorting them sorts by creation.

pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// Whether `id` looks like one of ours with this prefix (cheap input check before a lookup).
pub fn is_valid(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .is_some_and(|r| r.len() == 32 && r.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_creation_and_validate() {
        let a = new_id("prj");
        let b = new_id("prj");
        assert!(a < b);
        assert!(is_valid("prj", &a));
        assert!(!is_valid("ord", &a));
        assert!(!is_valid("prj", "prj_zz"));
    }
}
