//! The first, text-level stage of the Terraform prefilter: a file that holds
//! none of the literals a wanted name must contain, and nothing that could
//! spell one without writing it, is not even outlined.
//!
//! Why it is sound: a block label is a quoted literal or an identifier, and
//! a module or provider source that the outline reads as text is a quoted
//! literal; their value contains a literal only if the file's bytes do,
//! unless an escape (`\u005f`) spells it, and any `\` sends the file on. A
//! source written as anything but a plain one-line string (a template that
//! can split a literal, parentheses, a heredoc) sends the file on, and so
//! does a template anywhere in a file with `required_providers` (whose
//! object keys may be computed). Every
//! segment of a normalised module or provider address appears in the
//! source as written (`git::https://…/terraform-aws-rds.git` holds `rds`
//! and `aws`); a provider read as `hashicorp/<name>` (no source, or implied
//! by a resource type) holds its name as written. A pattern with no literal
//! long enough to search for turns the stage off for its kind. The property
//! tests in `super::tests` check the whole prefilter against a full read.

use aho_corasick::AhoCorasick;

use super::{DATA_SOURCE, MODULE, MODULE_WORDS, PROVIDER, RESOURCE};
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
    /// Container images are wanted: the literals of their patterns. A file
    /// with an ECS task definition is read when it holds one of them, or a
    /// template that could splice one from pieces (`%{`, or `${` with a
    /// string or heredoc inside): an image is read only when it is a
    /// constant, and a constant name is written whole otherwise.
    task_definitions: Option<Option<AhoCorasick>>,
    /// Module or provider patterns are wanted: templates may hide a source.
    sources: bool,
    /// Provider patterns are wanted: a `required_providers` object key may
    /// be computed.
    providers: bool,
}

impl TextFilter {
    /// Whether the file holds an ECS task definition whose images may
    /// match (see `task_definitions`).
    fn task_definition_may_match(&self, text: &str) -> bool {
        let Some(literals) = &self.task_definitions else {
            return false;
        };
        if !text.contains("aws_ecs_task_definition") {
            return false;
        }
        let Some(literals) = literals else {
            return true;
        };
        literals.is_match(text) || splices(text)
    }

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
        for pattern in wanted
            .get(Target(&MODULE_WORDS))
            .map(|s| s.texts())
            .unwrap_or(&[])
        {
            // Each word of `*-s3-bucket-*` stands in the source as written
            // (in any case, between any separators).
            // And a hint is only ever about a `module` block, whose keyword
            // is an identifier (never escaped).
            let mut words: Vec<&str> = pattern
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            words.push("module");
            require(words, &mut literals, &mut always);
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
            // A DFA: the overlapping search runs over every byte of every
            // file, and a DFA has no failure transitions to follow.
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
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
            sources: wanted.wants(Target(&MODULE))
                || wanted.wants(Target(&MODULE_WORDS))
                || wanted.wants(Target(&PROVIDER)),
            providers: wanted.wants(Target(&PROVIDER)),
            task_definitions: wanted
                .get(Target(&crate::scan::images::REPOSITORIES))
                .map(|set| {
                    let literals: Vec<&str> = set
                        .texts()
                        .iter()
                        .map(|p| NamePattern::longest_literal(p))
                        .collect();
                    if literals.iter().any(|l| l.len() < MIN_LITERAL) {
                        return None;
                    }
                    AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .build(&literals)
                        .ok()
                }),
        }
    }

    /// Whether the file must be outlined: it may declare a wanted name.
    /// In HCL (`hcl`), a literal on a line that is a comment (`#`, `//`
    /// first) cannot be a label, a source or a provider's name.
    pub fn may_match(&self, text: &str, hcl: bool) -> bool {
        if self.always || text.contains('\\') || self.task_definition_may_match(text) {
            return true;
        }
        if self.sources && !plain_sources(text) {
            return true;
        }
        if self.providers && !plain_required_providers(text) {
            // A `required_providers` object key may be computed.
            return true;
        }
        let Some(automaton) = &self.automaton else {
            return false;
        };
        let mut found = vec![0usize; self.needed.len()];
        let mut seen = vec![false; self.groups_of.len()];
        let mut count = |range: std::ops::Range<usize>| {
            for m in automaton.find_overlapping_iter(&text[range.clone()]) {
                let id = m.pattern().as_usize();
                if seen[id] || (hcl && on_comment_line(text, range.start + m.start())) {
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
        };
        if !hcl {
            return count(0..text.len());
        }
        // A quick pass first: every occurrence of a literal overlaps a
        // match of the non-overlapping search, so shares its line (literals
        // hold no newline). Only the lines of matches that are not comment
        // lines are searched in full.
        let bytes = text.as_bytes();
        let mut last_line = usize::MAX;
        for m in automaton.find_iter(text) {
            let start = memchr::memrchr(b'\n', &bytes[..m.start()]).map_or(0, |i| i + 1);
            if start == last_line || on_comment_line(text, m.start()) {
                continue;
            }
            last_line = start;
            let end = memchr::memchr(b'\n', &bytes[m.end()..]).map_or(text.len(), |i| m.end() + i);
            if count(start..end) {
                return true;
            }
        }
        false
    }
}

/// Whether the line holding `at` starts (after white space) with `#` or
/// `//`: a comment to its end, or text inside a string or heredoc.
fn on_comment_line(text: &str, at: usize) -> bool {
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
    let line = text[start..at].trim_start_matches([' ', '\t', '\u{feff}']);
    line.starts_with('#') || line.starts_with("//")
}

/// Whether every `required_providers` block in `text` is plain: no
/// parentheses, template sequences, escapes, heredocs or comments inside it
/// (where a computed object key could hide `source`). Anything this quick
/// scan is not sure of counts as not plain.
fn plain_required_providers(text: &str) -> bool {
    let bytes = text.as_bytes();
    for at in memchr::memmem::find_iter(bytes, b"required_providers") {
        let Some(open) = memchr::memchr(b'{', &bytes[at..]).map(|i| at + i) else {
            continue;
        };
        let mut depth = 0usize;
        let mut i = open;
        loop {
            match bytes.get(i) {
                None => return false,
                Some(b'{') => depth += 1,
                Some(b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Some(b'"') => {
                    i += 1;
                    while let Some(&b) = bytes.get(i) {
                        match b {
                            b'"' => break,
                            b'\\' | b'$' | b'%' | b'\n' => return false,
                            _ => i += 1,
                        }
                    }
                }
                Some(b'(' | b'$' | b'%' | b'\\' | b'<' | b'#' | b'/') => return false,
                Some(_) => {}
            }
            i += 1;
        }
    }
    true
}

/// Whether every `source` attribute or key in `text` has a plain value: a
/// quoted string on its own line with no escape and no template sequence,
/// whose text is then exactly its value. Anything else (a template, a
/// heredoc, parentheses, an expression, a value on another line) may hide
/// a literal, and the file goes on.
fn plain_sources(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    for at in memchr::memmem::find_iter(bytes, b"source") {
        if at > 0 && ident(bytes[at - 1]) {
            continue;
        }
        let mut i = at + "source".len();
        if bytes.get(i).is_some_and(|&b| ident(b)) {
            continue;
        }
        let skip_space = |mut i: usize| {
            while bytes.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
                i += 1;
            }
            i
        };
        if at > 0 && bytes[at - 1] == b'"' {
            // A quoted key: `"source" = …` or `"source": …`.
            if bytes.get(i) != Some(&b'"') {
                continue;
            }
            i += 1;
        }
        i = skip_space(i);
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'='), Some(b'=' | b'>')) => continue,
            (Some(b'=' | b':'), _) => i += 1,
            // Not an assignment (a mention, or `("source") = …` in a
            // computed key, which is not plain).
            (Some(b')'), _) => return false,
            _ => continue,
        }
        i = skip_space(i);
        if bytes.get(i) != Some(&b'"') {
            return false;
        }
        i += 1;
        loop {
            match bytes.get(i) {
                None | Some(b'\n' | b'\r' | b'\\') => return false,
                Some(b'"') => break,
                Some(b'$' | b'%') if bytes.get(i + 1) == Some(&b'{') => return false,
                Some(_) => i += 1,
            }
        }
        // After the string: the end of the item.
        i = skip_space(i + 1);
        match bytes.get(i) {
            None | Some(b'\n' | b'\r' | b',' | b'}' | b'#') => {}
            Some(b'/') if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {}
            _ => return false,
        }
    }
    true
}

/// Whether a template could splice a name from pieces: a `%{` directive,
/// or an interpolation with a string or heredoc inside.
fn splices(text: &str) -> bool {
    if text.contains("%{") {
        return true;
    }
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let inside = &rest[at + 2..];
        let end = inside.find('}').unwrap_or(inside.len());
        let piece = &inside[..end];
        if piece.contains('"') || piece.contains("<<") {
            return true;
        }
        rest = &inside[end..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::plain_sources;

    #[test]
    fn plain_sources_are_told_from_the_rest() {
        for plain in [
            "module \"m\" {\n  source = \"terraform-aws-modules/rds/aws\"\n}\n",
            "x = { source = \"hashicorp/aws\", version = \"1\" }\n",
            "{\"source\": \"a/b\"}",
            "resource \"aws_s3_object\" \"o\" {\n  source_hash = \"${x}\"\n}\n",
            "# the source of truth\n",
            "source = \"a\" # comment\n",
        ] {
            assert!(plain_sources(plain), "{plain}");
        }
        for hidden in [
            "source = \"terraform-aws-${\"modules\"}/rds/aws\"\n",
            "source = (\"a\")\n",
            "source = <<EOT\na\nEOT\n",
            "source = var.x\n",
            "source = \"a\" == \"a\" ? \"b\" : \"c\"\n",
            "x = { (\"source\") = \"a\" }\n",
            "source =\n",
        ] {
            assert!(!plain_sources(hidden), "{hidden}");
        }
    }

    #[test]
    fn required_providers_blocks_with_computed_keys_are_not_plain() {
        use super::plain_required_providers;
        assert!(plain_required_providers(
            "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\nlocals { a = \"${x}\" }\n"
        ));
        for hidden in [
            "required_providers {\n  a = { (\"source\") = \"x/y\" }\n}\n",
            "required_providers {\n  a = { \"sour${\"ce\"}\" = \"x/y\" }\n}\n",
            "required_providers {\n  # }\n  a = { (\"source\") = \"x/y\" }\n}\n",
            "required_providers {\n  a = { source = \"x/y\" }\n",
        ] {
            assert!(!plain_required_providers(hidden), "{hidden}");
        }
    }
}
