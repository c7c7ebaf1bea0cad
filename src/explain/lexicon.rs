//! The technology lexicon (`catalog/lexicon.toml`, built in): each
//! technology's words (how records name it) and patterns per target (what
//! it is in each ecosystem).

use std::sync::OnceLock;

use serde::Deserialize;

use crate::scan::Target;

const LEXICON: &str = include_str!("../../catalog/lexicon.toml");

/// One technology: its name, the words records use for it (lower case),
/// and per target id (`terraform.resources`) its name patterns, normalised
/// as the target normalises names (`*` a wildcard).
#[derive(Debug)]
pub struct Technology {
    pub name: String,
    pub words: Vec<String>,
    pub patterns: Vec<(String, Vec<String>)>,
    /// The patterns as the lexicon writes them (for drafts people read).
    pub written: Vec<(String, Vec<String>)>,
}

impl Technology {
    /// Whether this technology is `name` (a normalised name of `target`).
    pub fn covers(&self, target: Target, name: &str) -> bool {
        let id = target.id();
        self.patterns
            .iter()
            .filter(|(t, _)| *t == id)
            .flat_map(|(_, patterns)| patterns)
            .any(|p| wildcard(p, name))
    }

    /// The patterns for one target id, as the lexicon writes them.
    pub fn written_for(&self, id: &str) -> &[String] {
        self.written
            .iter()
            .find(|(t, _)| t == id)
            .map_or(&[], |(_, p)| p.as_slice())
    }
}

#[derive(Deserialize)]
struct File {
    technology: Vec<Raw>,
}

#[derive(Deserialize)]
struct Raw {
    name: String,
    words: Vec<String>,
    #[serde(flatten)]
    patterns: std::collections::BTreeMap<String, Vec<String>>,
}

/// Every technology, in the lexicon's order.
pub fn technologies() -> &'static [Technology] {
    static ALL: OnceLock<Vec<Technology>> = OnceLock::new();
    ALL.get_or_init(|| {
        // The lexicon is built in and tested: a broken one is a bug caught
        // by the unit tests, never a user's input.
        let file: File = toml::from_str(LEXICON).unwrap_or(File {
            technology: Vec::new(),
        });
        file.technology
            .into_iter()
            .map(|raw| Technology {
                name: raw.name,
                words: raw.words.iter().map(|w| w.to_lowercase()).collect(),
                written: raw
                    .patterns
                    .iter()
                    .map(|(id, p)| (id.clone(), p.clone()))
                    .collect(),
                patterns: raw
                    .patterns
                    .into_iter()
                    .map(|(id, patterns)| {
                        let normal = match crate::scan::target_by_id(&id) {
                            Some(target) => patterns.iter().map(|p| target.normalise(p)).collect(),
                            None => patterns,
                        };
                        (id, normal)
                    })
                    .collect(),
            })
            .collect()
    })
}

/// The technologies a declaration of `target` named `name` is.
pub fn technologies_for(target: Target, name: &str) -> Vec<&'static Technology> {
    technologies()
        .iter()
        .filter(|t| t.covers(target, name))
        .collect()
}

/// `*` matches any run of characters (none included); everything else
/// itself.
pub fn wildcard(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut at = first.len();
    let end = name.len() - last.len();
    for part in &parts[1..parts.len() - 1] {
        match name[at..end].find(part) {
            Some(i) => at += i + part.len(),
            None => return false,
        }
    }
    true
}

/// Where a word of `words` occurs in `text` as a whole word (ASCII case
/// aside; the lexicon's words are ASCII): the byte range of the first
/// occurrence of any.
pub fn find_word(text: &str, words: &[String]) -> Option<std::ops::Range<usize>> {
    words
        .iter()
        .filter_map(|w| find_whole(text, w).map(|i| i..i + w.len()))
        .min_by_key(|r| r.start)
}

fn find_whole(text: &str, word: &str) -> Option<usize> {
    let (bytes, w) = (text.as_bytes(), word.as_bytes());
    if w.is_empty() || bytes.len() < w.len() {
        return None;
    }
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    (0..=bytes.len() - w.len()).find(|&at| {
        text.is_char_boundary(at)
            && text.is_char_boundary(at + w.len())
            && bytes[at..at + w.len()].eq_ignore_ascii_case(w)
            && edge(text[..at].chars().next_back())
            && edge(text[at + w.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_reads_and_every_target_is_real() {
        let all = technologies();
        assert!(all.len() >= 10, "{}", all.len());
        for t in all {
            assert!(!t.words.is_empty(), "{}", t.name);
            for (id, _) in &t.patterns {
                assert!(
                    crate::scan::target_by_id(id).is_some(),
                    "{}: unknown target {id}",
                    t.name
                );
            }
        }
    }

    #[test]
    fn declarations_map_to_their_technologies() {
        let names = |id: &str, name: &str| -> Vec<&str> {
            let target = crate::scan::target_by_id(id).expect("target");
            technologies_for(target, &target.normalise(name))
                .iter()
                .map(|t| t.name.as_str())
                .collect()
        };
        assert_eq!(names("terraform.resources", "aws_s3_bucket"), ["S3"]);
        assert_eq!(names("terraform.resources", "aws_db_instance"), ["RDS"]);
        assert_eq!(
            names("terraform.resources", "aws_rds_cluster"),
            ["RDS", "Aurora"]
        );
        assert_eq!(names("images.repositories", "redis"), ["Redis"]);
        assert_eq!(names("python.packages", "SQLAlchemy"), ["ORM"]);
        assert_eq!(names("cargo.crates", "rusqlite"), ["SQLite"]);
        assert_eq!(
            names("cloudformation.types", "AWS::DynamoDB::Table"),
            ["DynamoDB"]
        );
        assert_eq!(
            names("cloudformation.types", "AWS::RDS::DBCluster"),
            ["RDS", "Aurora"]
        );
        assert!(names("terraform.resources", "aws_lb").is_empty());
    }

    #[test]
    fn words_are_whole_words_in_any_case() {
        let w = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(find_word("S3‑based Storage", &w(&["s3"])), Some(0..2));
        assert_eq!(find_word("use DynamoDB", &w(&["dynamodb"])), Some(4..12));
        assert_eq!(find_word("bRDSx", &w(&["rds"])), None);
        assert_eq!(
            find_word("RDS / Aurora", &w(&["aurora", "rds"])),
            Some(0..3)
        );
        assert_eq!(
            find_word("İstanbul uses Redis", &w(&["redis"])),
            Some(15..20)
        );
        assert!(wildcard("aws_s3_*", "aws_s3_bucket"));
        assert!(wildcard("a*b*c", "axxbyyc"));
        assert!(!wildcard("a*b*c", "axxc"));
        assert!(!wildcard("ab*ba", "aba"));
    }
}
