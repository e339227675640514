//! Text helpers shared by the provider clients: fields the providers limit in bytes.

/// `s` cut to at most `max` bytes without splitting a character.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::truncate_bytes;

    #[test]
    fn cuts_on_character_boundaries() {
        assert_eq!(truncate_bytes("abc", 2), "ab");
        assert_eq!(truncate_bytes("a测", 2), "a");
        assert_eq!(truncate_bytes("", 2), "");
    }
}
