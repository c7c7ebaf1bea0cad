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
        .find(['(', '[', ']', ',', ';', ':', '<', '.', '—', '–'])
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

/// The canonical status of `text` and the key it was looked up by. A
/// status written as an emoji alone (`🤔`) is looked up by the emoji, and
/// so is one whose words are unknown but whose leading emoji a team mapped
/// under `[statuses]` (`🤔 Under discussion`).
pub fn read_status(text: &str, map: &StatusMap) -> (Option<Status>, String) {
    let key = status_key(text);
    if let Some(status) = map.get(&key) {
        return (Some(status), key);
    }
    let symbol = leading_symbol(text);
    if !symbol.is_empty() {
        if let Some(status) = map.get(symbol) {
            return (Some(status), symbol.to_string());
        }
        if key.is_empty() {
            return (None, symbol.to_string());
        }
    }
    (None, key)
}

/// The emoji or other non-ASCII symbols a status starts with (`⌛️`, `🤔`).
fn leading_symbol(text: &str) -> &str {
    let text = text.trim_start();
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii())
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    &text[..end]
}

/// Words whose stem says what a team's own status means, for the help of
/// an unknown status: `Reverted by ADR-0009` reads as rejected, never as
/// proposed because the letters are near.
const MEANING_STEMS: [(&str, Status); 64] = [
    ("supersed", Status::Superseded),
    ("superced", Status::Superseded),
    ("replac", Status::Superseded),
    ("obsolet", Status::Superseded),
    ("succeed", Status::Superseded),
    ("overrid", Status::Superseded),
    ("overrul", Status::Superseded),
    ("revert", Status::Rejected),
    ("revers", Status::Rejected),
    ("reject", Status::Rejected),
    ("declin", Status::Rejected),
    ("refus", Status::Rejected),
    ("abandon", Status::Rejected),
    ("dropped", Status::Rejected),
    ("cancel", Status::Rejected),
    ("withdr", Status::Rejected),
    ("discard", Status::Rejected),
    ("denied", Status::Rejected),
    ("veto", Status::Rejected),
    ("won't", Status::Rejected),
    ("wont", Status::Rejected),
    ("deprecat", Status::Deprecated),
    ("retir", Status::Deprecated),
    ("archiv", Status::Deprecated),
    ("sunset", Status::Deprecated),
    ("legacy", Status::Deprecated),
    ("discontinu", Status::Deprecated),
    ("phased", Status::Deprecated),
    ("inactive", Status::Deprecated),
    ("expir", Status::Deprecated),
    ("outdated", Status::Deprecated),
    ("propos", Status::Proposed),
    ("draft", Status::Proposed),
    ("hold", Status::Proposed),
    ("review", Status::Proposed),
    ("rfc", Status::Proposed),
    ("wip", Status::Proposed),
    ("progress", Status::Proposed),
    ("discuss", Status::Proposed),
    ("suggest", Status::Proposed),
    ("consider", Status::Proposed),
    ("explor", Status::Proposed),
    ("pending", Status::Proposed),
    ("postpon", Status::Proposed),
    ("defer", Status::Proposed),
    ("pause", Status::Proposed),
    ("blocked", Status::Proposed),
    ("open", Status::Proposed),
    ("planned", Status::Proposed),
    ("idea", Status::Proposed),
    ("accept", Status::Accepted),
    ("adopt", Status::Accepted),
    ("agree", Status::Accepted),
    ("done", Status::Accepted),
    ("implement", Status::Accepted),
    ("approv", Status::Accepted),
    ("final", Status::Accepted),
    ("effect", Status::Accepted),
    ("complet", Status::Accepted),
    ("ratif", Status::Accepted),
    ("chosen", Status::Accepted),
    ("decided", Status::Accepted),
    ("active", Status::Accepted),
    ("live", Status::Accepted),
];

/// The canonical status a team's own words most likely mean, by the first
/// word whose stem says so (`Reverted by ADR-0009`: rejected).
pub fn status_meaning(text: &str) -> Option<Status> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .find_map(|word| {
            MEANING_STEMS
                .iter()
                .find(|(stem, _)| word.starts_with(stem))
                .map(|(_, s)| *s)
        })
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
            // A status that links the pull request that decided it.
            (
                "[Approved](https://github.com/o/r/pull/918)",
                Some(Status::Accepted),
            ),
            ("[Accepted]", Some(Status::Accepted)),
            (
                "[Deprecated](https://github.com/o/r/pull/1050)",
                Some(Status::Deprecated),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(read_status(text, &map).0, want, "{text}");
        }
        assert_eq!(read_status("on hold", &map).1, "on hold");
        assert_eq!(read_status("🤔", &map), (None, "🤔".to_string()));
    }

    #[test]
    fn an_emoji_a_team_maps_is_its_status() {
        let mut map = StatusMap::default();
        map.insert("🤔", Status::Proposed);
        assert_eq!(read_status("🤔", &map).0, Some(Status::Proposed));
        assert_eq!(
            read_status("🤔 Under discussion", &map).0,
            Some(Status::Proposed)
        );
        // The words win where they are known.
        assert_eq!(read_status("🤔 Accepted", &map).0, Some(Status::Accepted));
    }

    #[test]
    fn meaning_comes_from_the_words_not_the_letters() {
        let cases = [
            ("Reverted by ADR-0009", Some(Status::Rejected)),
            ("Partly superseded", Some(Status::Superseded)),
            ("on hold", Some(Status::Proposed)),
            ("Retired", Some(Status::Deprecated)),
            ("Implemented", Some(Status::Accepted)),
            ("Aproved", None),
            ("banana", None),
        ];
        for (text, want) in cases {
            assert_eq!(status_meaning(text), want, "{text}");
        }
    }

    #[test]
    fn config_adds_statuses() {
        let mut map = StatusMap::default();
        map.insert("On Hold", Status::Proposed);
        assert_eq!(read_status("on hold", &map).0, Some(Status::Proposed));
    }
}
