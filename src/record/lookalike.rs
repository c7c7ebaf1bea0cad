//! Characters that look like an ASCII hyphen but are not one.
//!
//! Word processors, wikis and note tools turn `-` into U+2010 to U+2015 or
//! U+2212 (the user's own ADR-0012 uses U+2011 throughout). adrift reads them
//! as `-` so that ids and dates still parse, and a lint warns where they stand.

/// The look-alike hyphens, in code point order.
pub const LOOKALIKE_HYPHENS: [char; 7] = [
    '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
];

pub fn is_lookalike_hyphen(c: char) -> bool {
    LOOKALIKE_HYPHENS.contains(&c)
}

/// `text` with every look-alike hyphen replaced by `-`, and the byte offsets
/// (into `text`) and characters replaced.
pub fn normalise(text: &str) -> (String, Vec<(usize, char)>) {
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    for (i, c) in text.char_indices() {
        if is_lookalike_hyphen(c) {
            found.push((i, c));
            out.push('-');
        } else {
            out.push(c);
        }
    }
    (out, found)
}

/// Maps a byte offset in the normalised text back to the original text.
/// Each replaced character shrank the text by its UTF-8 length minus one.
pub fn original_offset(normalised_offset: usize, replaced: &[(usize, char)]) -> usize {
    let mut shift = 0;
    for (orig, c) in replaced {
        let norm_pos = orig - shift;
        if norm_pos >= normalised_offset {
            break;
        }
        shift += c.len_utf8() - 1;
    }
    normalised_offset + shift
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_replacements() {
        let text = "ADR\u{2011}0012: a\u{2013}b";
        let (norm, found) = normalise(text);
        assert_eq!(norm, "ADR-0012: a-b");
        assert_eq!(found.len(), 2);
        let n = norm.find("0012").unwrap();
        assert_eq!(&text[original_offset(n, &found)..][..4], "0012");
        let b = norm.rfind('b').unwrap();
        assert_eq!(&text[original_offset(b, &found)..], "b");
    }
}
