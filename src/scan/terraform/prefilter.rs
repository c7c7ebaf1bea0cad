//! The first, text-level stage of the Terraform prefilter: a file that holds
//! none of the literals a wanted name must contain, and nothing that could
//! spell one without writing it, is not even outlined.
//!
//! Why it is sound: a block label is a quoted literal or an identifier, and
//! a module or provider source that the outline reads as text is a quoted
//! literal; their value contains a literal only if the file's bytes do,
//! unless an escape (`\u005f`) spells it, and any `\` sends the file on. A
//! source written as a template (`"${"rds"}"`) can split a literal, so a
//! `${` or `%{` sends the file on whenever a source could be there. Every
//! segment of a normalised module or provider address appears in the
//! source as written (`git::https://…/terraform-aws-rds.git` holds `rds`
//! and `aws`); a provider read as `hashicorp/<name>` (no source, or implied
//! by a resource type) holds its name as written. A pattern with no literal
//! long enough to search for turns the stage off for its kind. The property
//! tests in `super::tests` check the whole prefilter against a full read.

use aho_corasick::AhoCorasick;

use super::{DATA_SOURCE, MODULE, PROVIDER, RESOURCE};
use crate::glob::NamePattern;
use crate::scan::{Target, Wanted};

/// Literals shorter than this prefilter nothing useful.
const MIN_LITERAL: usize = 3;

/// The literals of the wanted patterns, compiled once per check.
pub struct TextFilter {
    automaton: Option<AhoCorasick>,
    /// For each literal: the requirement groups it belongs to.
    groups_of: Vec<Vec<usize>>,
    /// Each requirement: how many distinct literals it needs.
    needed: Vec<usize>,
    /// Some wanted name has no literal: every file goes on.
    always: bool,
    /// Module or provider patterns are wanted: templates may hide a source.
    sources: bool,
    /// Provider patterns are wanted: a `required_providers` object key may
    /// be computed.
    providers: bool,
}

impl TextFilter {
    pub fn new(wanted: &Wanted) -> TextFilter {
        let mut literals: Vec<String> = Vec::new();
        let mut requirements: Vec<Vec<usize>> = Vec::new();
        let mut always = false;
        let id_of = |literal: &str, literals: &mut Vec<String>| {
            let lower = literal.to_ascii_lowercase();
            match literals.iter().position(|l| *l == lower) {
                Some(i) => i,
                None => {
                    literals.push(lower);
                    literals.len() - 1
                }
            }
        };
        let mut require = |parts: Vec<&str>, literals: &mut Vec<String>, always: &mut bool| {
            let ids: Vec<usize> = parts
                .into_iter()
                .map(NamePattern::longest_literal)
                .filter(|l| l.len() >= MIN_LITERAL)
                .map(|l| id_of(l, literals))
                .collect();
            if ids.is_empty() {
                *always = true;
            } else {
                requirements.push(ids);
            }
        };
        for target in [&RESOURCE, &DATA_SOURCE] {
            for pattern in wanted.get(Target(target)).map(|s| s.texts()).unwrap_or(&[]) {
                require(vec![pattern.as_str()], &mut literals, &mut always);
            }
        }
        for pattern in wanted
            .get(Target(&MODULE))
            .map(|s| s.texts())
            .unwrap_or(&[])
        {
            let parts: Vec<&str> = pattern
                .split('/')
                .filter(|s| !s.is_empty() && !s.contains("**"))
                .collect();
            // Every segment is in the source as written; the provider
            // segment is short and common, so the others decide.
            let parts = if parts.len() >= 3 {
                let mut p = parts.clone();
                p.remove(2);
                p
            } else {
                parts
            };
            require(parts, &mut literals, &mut always);
        }
        for pattern in wanted
            .get(Target(&PROVIDER))
            .map(|s| s.texts())
            .unwrap_or(&[])
        {
            let parts: Vec<&str> = pattern.split('/').collect();
            let could_be_hashicorp =
                parts.len() == 2 && NamePattern::new(parts[0]).matches("hashicorp");
            if could_be_hashicorp || parts.len() != 2 {
                // `mysql = { … }` or `resource "mysql_database"` reads as
                // hashicorp/mysql: only the type is written.
                require(vec![parts[parts.len() - 1]], &mut literals, &mut always);
            } else {
                require(parts, &mut literals, &mut always);
            }
        }
        let mut groups_of = vec![Vec::new(); literals.len()];
        let mut needed = Vec::new();
        for (group, ids) in requirements.iter().enumerate() {
            let mut distinct = ids.clone();
            distinct.sort_unstable();
            distinct.dedup();
            for &id in &distinct {
                groups_of[id].push(group);
            }
            needed.push(distinct.len());
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&literals)
                .ok()
        };
        if automaton.is_none() && !literals.is_empty() {
            always = true;
        }
        TextFilter {
            automaton,
            groups_of,
            needed,
            always,
            sources: wanted.wants(Target(&MODULE)) || wanted.wants(Target(&PROVIDER)),
            providers: wanted.wants(Target(&PROVIDER)),
        }
    }

    /// Whether the file must be outlined: it may declare a wanted name.
    pub fn may_match(&self, text: &str) -> bool {
        if self.always || text.contains('\\') {
            return true;
        }
        if self.sources
            && (text.contains("${") || text.contains("%{"))
            && (has_word(text, "source") || (self.providers && text.contains("required_providers")))
        {
            return true;
        }
        let Some(automaton) = &self.automaton else {
            return false;
        };
        let mut found = vec![0usize; self.needed.len()];
        let mut seen = vec![false; self.groups_of.len()];
        for m in automaton.find_overlapping_iter(text) {
            let id = m.pattern().as_usize();
            if seen[id] {
                continue;
            }
            seen[id] = true;
            for &group in &self.groups_of[id] {
                found[group] += 1;
                if found[group] == self.needed[group] {
                    return true;
                }
            }
        }
        false
    }
}

/// Whether `word` stands in `text` not as part of a longer identifier
/// before it (`source =`, `"source"`, not `resource`).
fn has_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, word.as_bytes()).any(|at| {
        at == 0 || {
            let b = bytes[at - 1];
            !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
    })
}
