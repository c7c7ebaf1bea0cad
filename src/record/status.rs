//! Reading a status as people write it.
//!
//! `Accepted`, `✅ Accepted`, `PROPOSED`, `Accepted (documenting an existing
//! thing)`, `Superceded by [3. …](…)`, `superseded by ADR-0123` and
//! `Deprecated.` all reduce to a lower-case key (`accepted`, `superseded`…)
//! that a [`StatusMap`] turns into one of the five canonical statuses.

use std::collections::BTreeMap;

use super::Status;

/// Written statuses and their canonical meaning: the built-in synonyms plus
/// the `[statuses]` table of `adrift.toml`.
#[derive(Debug, Clone)]
pub struct StatusMap {
    entries: BTreeMap<String, Status>,
}

/// Synonyms seen in real collections whose meaning is not in doubt.
const BUILT_IN: [(&str, Status); 11] = [
    ("proposed", Status::Proposed),
    ("draft", Status::Proposed),
    ("pending", Status::Proposed),
    ("accepted", Status::Accepted),
    ("approved", Status::Accepted),
    ("decided", Status::Accepted),
    ("rejected", Status::Rejected),
    ("deprecated", Status::Deprecated),
    ("superseded", Status::Superseded),
    // adr-tools writes this spelling itself.
    ("superceded", Status::Superseded),
    // `Replaced by [ADR-7](…)`.
    ("replaced", Status::Superseded),
];

impl Default for StatusMap {
    fn default() -> Self {
        StatusMap {
            entries: BUILT_IN.iter().map(|(k, s)| (k.to_string(), *s)).collect(),
        }
    }
}

impl StatusMap {
    /// Adds or overrides a written status (compared case-insensitively).
    pub fn insert(&mut self, written: &str, status: Status) {
        self.entries.insert(normalise_key(written), status);
    }

    pub fn get(&self, key: &str) -> Option<Status> {
        self.entries.get(key).copied()
    }

    /// Every written status known, for "did you mean" help.
    pub fn known(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

/// The key a written status is looked up by: what stands before any remark,
/// link or punctuation, lower case, without emoji or emphasis.
pub fn status_key(text: &str) -> String {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = text
        .find(['(', '[', ',', ';', ':', '<', '.', '—', '–'])
        .unwrap_or(text.len());
    let mut key = normalise_key(&text[..end]);
    if key.contains(' ') {
        for link_word in [" by ", " in ", " with "] {
            key.push(' ');
            let at = key.find(link_word);
            key.pop();
            if let Some(i) = at {
                key.truncate(i);
            }
        }
    }
    // `Superseded ADR-0019` / `Superseded 0019`: the target follows the word.
    if let Some((first, rest)) = key.split_once(' ') {
        let rest_is_reference = rest
            .trim_start_matches("adr")
            .trim_start_matches(['-', ' ', '#'])
            .starts_with(|c: char| c.is_ascii_digit());
        if rest_is_reference {
            key = first.to_string();
        }
    }
    key
}

fn normalise_key(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The canonical status of `text` and the key it was looked up by.
pub fn read_status(text: &str, map: &StatusMap) -> (Option<Status>, String) {
    let key = status_key(text);
    (map.get(&key), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_world_spellings_reduce_to_canonical_statuses() {
        let map = StatusMap::default();
        let cases = [
            ("Accepted", Some(Status::Accepted)),
            ("✅ Accepted", Some(Status::Accepted)),
            ("🤔 Proposed", Some(Status::Proposed)),
            ("PROPOSED", Some(Status::Proposed)),
            ("❌ Rejected (see [019](0019-x.md))", Some(Status::Rejected)),
            ("⌛️ Superseded [0019](0019-x.md)", Some(Status::Superseded)),
            (
                "Superceded by [3. Use MySQL](0003-use-mysql.md)",
                Some(Status::Superseded),
            ),
            ("superseded by ADR-0123", Some(Status::Superseded)),
            ("Superseded ADR-0019", Some(Status::Superseded)),
            ("Replaced by [ADR-7](0007-x.md)", Some(Status::Superseded)),
            (
                "Accepted (documenting an existing thing)",
                Some(Status::Accepted),
            ),
            ("Deprecated (no superseding ADR)", Some(Status::Deprecated)),
            ("Decided.", Some(Status::Accepted)),
            ("**Accepted**", Some(Status::Accepted)),
            ("Pending", Some(Status::Proposed)),
            ("on hold", None),
            ("Partly superseded", None),
            ("Aproved", None),
        ];
        for (text, want) in cases {
            assert_eq!(read_status(text, &map).0, want, "{text}");
        }
        assert_eq!(read_status("on hold", &map).1, "on hold");
    }

    #[test]
    fn config_adds_statuses() {
        let mut map = StatusMap::default();
        map.insert("On Hold", Status::Proposed);
        assert_eq!(read_status("on hold", &map).0, Some(Status::Proposed));
    }
}
