//! `adrift rules suggest N`: a rule file drafted from a record's own text.
//!
//! A technology (see [`super::lexicon`]) joins the draft when the record
//! - rejects it: a heading naming it whose section says "rejected"
//!   (`### DynamoDB` / `Rejected for now because: ...`);
//! - forbids it: a sentence outside the context that names it with a
//!   negation (`no`, `not`, `never`, `without`, `avoid`, `instead of`, ...);
//! - or names it as an instance of a kind the decision forbids: when a
//!   deciding section forbids databases, persistence, storage or caches, a
//!   sentence anywhere that names that kind and the technology
//!   (`persistence options, including DynamoDB, RDS, ... and ElastiCache`).
//!
//! Each pattern of the draft carries the line that led to it; a record that
//! rejects nothing gets no draft.

use crate::record::Record;

use super::lexicon::{Technology, find_word, technologies};
use super::quote::heading_quote;

/// Why a technology is in the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    Rejected,
    Forbidden,
    Kind,
}

/// One technology of the draft, with the record's words.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub technology: &'static Technology,
    pub why: Why,
    pub line: usize,
    pub quote: String,
}

const NEGATIONS: [&str; 14] = [
    "no",
    "not",
    "never",
    "without",
    "avoid",
    "avoids",
    "avoided",
    "instead of",
    "prohibit",
    "prohibited",
    "forbid",
    "forbidden",
    "reject",
    "rejected",
];

const KINDS: [&str; 9] = [
    "database",
    "databases",
    "persistence",
    "datastore",
    "data store",
    "storage",
    "cache",
    "caching",
    "state",
];

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

/// Sections that describe rather than decide.
fn describes(key: &str) -> bool {
    [
        "context",
        "background",
        "problem",
        "status",
        "date",
        "links",
        "references",
    ]
    .iter()
    .any(|w| key.contains(w))
}

/// Every sentence as (line, section key, text).
fn sentences(record: &Record) -> Vec<(usize, String, String)> {
    super::quote::sentences(record)
        .into_iter()
        .map(|s| (s.line, record.sections[s.section].key().to_string(), s.text))
        .collect()
}

/// The technologies `record` rejects or forbids, in the lexicon's order.
pub fn suggest(record: &Record) -> Vec<Suggestion> {
    let text = record.source.text.as_str();
    let mut found: Vec<Suggestion> = Vec::new();
    let mut add = |s: Suggestion| match found
        .iter_mut()
        .find(|f| std::ptr::eq(f.technology, s.technology))
    {
        Some(f) if s.why < f.why => *f = s,
        Some(_) => {}
        None => found.push(s),
    };
    let negation = words(&NEGATIONS);
    let kinds = words(&KINDS);
    // Rejected alternatives: a heading naming it, its section saying so.
    for (i, section) in record.sections.iter().enumerate() {
        if section.level < 2 {
            continue;
        }
        let said = heading_quote(text, &record.sections, i);
        if !said.to_lowercase().contains("reject") {
            continue;
        }
        for t in technologies() {
            if find_word(&section.heading, &t.words).is_some() {
                add(Suggestion {
                    technology: t,
                    why: Why::Rejected,
                    line: record.source.line_col(section.heading_span.start).line,
                    quote: said.clone(),
                });
            }
        }
    }
    let sentences = sentences(record);
    // Forbidden by name, and the kinds a deciding section forbids.
    let mut forbidden_kinds = false;
    for (line, key, sentence) in &sentences {
        if describes(key) || find_word(sentence, &negation).is_none() {
            continue;
        }
        if find_word(sentence, &kinds).is_some() {
            forbidden_kinds = true;
        }
        for t in technologies() {
            if find_word(sentence, &t.words).is_some() {
                add(Suggestion {
                    technology: t,
                    why: Why::Forbidden,
                    line: *line,
                    quote: sentence.clone(),
                });
            }
        }
    }
    if forbidden_kinds {
        for (line, _, sentence) in &sentences {
            if find_word(sentence, &kinds).is_none() {
                continue;
            }
            for t in technologies() {
                if find_word(sentence, &t.words).is_some() {
                    add(Suggestion {
                        technology: t,
                        why: Why::Kind,
                        line: *line,
                        quote: sentence.clone(),
                    });
                }
            }
        }
    }
    let order = |s: &Suggestion| {
        technologies()
            .iter()
            .position(|t| std::ptr::eq(t, s.technology))
    };
    found.sort_by_key(order);
    found
}

/// A rule id from a record's title: `persistence-and-database-strategy`.
pub fn rule_id(record: &Record) -> String {
    let title = record.title_text();
    let slug: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .collect();
    if slug.is_empty() {
        record.id.to_lowercase()
    } else {
        slug.join("-")
    }
}

/// The decision's first sentence, for the rule's message.
fn message(record: &Record) -> String {
    let sentences = sentences(record);
    sentences
        .iter()
        .find(|(_, key, _)| key.contains("decision"))
        .map(|(_, _, s)| s.trim_end_matches('.').to_string())
        .unwrap_or_else(|| record.title_text().to_string())
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// One line of a TOML comment: newlines folded, at most `max` characters.
fn comment(s: &str, max: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The draft rule file for `record` and its suggestions.
/// `path` is how the record's path is shown.
pub fn draft(record: &Record, suggestions: &[Suggestion], path: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Drafted by `adrift rules suggest` from {} \"{}\" ({}).\n# Each pattern says which line of the record led to it: review them, remove\n# what the decision does not mean, then keep the file in the rules directory.\n",
        record.id,
        comment(record.title_text(), 80),
        path
    ));
    out.push_str(&format!("id = {}\n", toml_string(&rule_id(record))));
    out.push_str(&format!("decision = {}\n", toml_string(&record.id)));
    out.push_str("severity = \"error\"\n");
    out.push_str(&format!(
        "message = {}\n",
        toml_string(&comment(&message(record), 200))
    ));
    // Target ids in the order rule files list them, grouped by section.
    let mut ids: Vec<&str> = Vec::new();
    for s in suggestions {
        for (id, _) in &s.technology.written {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    // Terraform first, as the platform reads: then the other ecosystems.
    const ORDER: [&str; 11] = [
        "terraform.resources",
        "terraform.modules",
        "terraform.module_words",
        "cloudformation.types",
        "images.repositories",
        "cargo.crates",
        "python.packages",
        "npm.packages",
        "go.modules",
        "images.volumes",
        "terraform.providers",
    ];
    ids.sort_by_key(|id| ORDER.iter().position(|o| o == id).unwrap_or(ORDER.len()));
    let mut sections: Vec<&str> = ids.iter().filter_map(|id| id.split('.').next()).collect();
    sections.dedup();
    let mut seen_sections: Vec<&str> = Vec::new();
    for section in sections {
        if seen_sections.contains(&section) {
            continue;
        }
        seen_sections.push(section);
        out.push_str(&format!("\n[{section}]\n"));
        for id in ids
            .iter()
            .filter(|id| id.split('.').next() == Some(section))
        {
            let key = id.split_once('.').map_or(*id, |(_, k)| k);
            out.push_str(&format!("{key} = [\n"));
            let mut written: Vec<&str> = Vec::new();
            for s in suggestions {
                let patterns: Vec<&String> = s
                    .technology
                    .written_for(id)
                    .iter()
                    .filter(|p| !written.contains(&p.as_str()))
                    .collect();
                if patterns.is_empty() {
                    continue;
                }
                out.push_str(&format!(
                    "    # {} (line {}): \"{}\"\n",
                    s.technology.name,
                    s.line,
                    comment(&s.quote, 160)
                ));
                for p in patterns {
                    written.push(p);
                    out.push_str(&format!(
                        "    {},  # {}, line {}\n",
                        toml_string(p),
                        s.technology.name,
                        s.line
                    ));
                }
            }
            out.push_str("]\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        crate::record::parse_record(
            "adr/0012-persistence.md".into(),
            crate::source::SourceFile::new("adr/0012-persistence.md".into(), text.into()),
            &crate::record::StatusMap::default(),
        )
    }

    const SEED: &str = "# 12. Persistence and Database Strategy\n\n## Status\n\nAccepted\n\n## Context\n\nAWS provides several persistence options, including DynamoDB, RDS, Aurora Serverless, S3, and ElastiCache.\n\n## Decision\n\nThe platform will remain **stateless** and will not include a database or persistence layer at this stage.\n\nIf persistence is required in the future, DynamoDB or Aurora Serverless v2 will be evaluated.\n\n## Alternatives Considered\n\n### DynamoDB\n\nRejected for now because:\n\n- No current need for key‑value or document storage\n\n### RDS / Aurora Serverless\n\nRejected because:\n\n- Overkill for a stateless service\n\n### S3‑based Storage\n\nRejected because:\n\n- Not required for the current application\n\n### Embedding SQLite in the Container\n\nRejected because:\n\n- Breaks statelessness\n";

    #[test]
    fn the_seed_draft_covers_what_it_rejects_and_nothing_else() {
        let r = record(SEED);
        let s = suggest(&r);
        let names: Vec<(&str, Why)> = s
            .iter()
            .map(|s| (s.technology.name.as_str(), s.why))
            .collect();
        assert_eq!(
            names,
            [
                ("DynamoDB", Why::Rejected),
                ("RDS", Why::Rejected),
                ("Aurora", Why::Rejected),
                ("S3", Why::Rejected),
                ("ElastiCache", Why::Kind),
                ("SQLite", Why::Rejected),
            ]
        );
        let elasticache = &s[4];
        assert_eq!(elasticache.line, 9);
        assert!(elasticache.quote.contains("persistence options"));
        let toml_text = draft(&r, &s, "adr/0012-persistence.md");
        let parsed: toml::Table = toml::from_str(&toml_text).expect(&toml_text);
        assert_eq!(parsed["decision"].as_str(), Some("ADR-0012"));
        assert_eq!(
            parsed["id"].as_str(),
            Some("persistence-and-database-strategy")
        );
        let resources = parsed["terraform"]["resources"]
            .as_array()
            .expect("resources");
        assert!(resources.iter().any(|p| p.as_str() == Some("aws_db_*")));
        assert!(
            resources
                .iter()
                .any(|p| p.as_str() == Some("aws_elasticache_*"))
        );
        assert!(toml_text.contains("# S3 (line 31): \"S3‑based Storage — Rejected because: Not required for the current application\""), "{toml_text}");
        assert!(!toml_text.contains("redis"), "{toml_text}");
    }

    #[test]
    fn a_record_that_rejects_nothing_suggests_nothing() {
        let r = record(
            "# 4. Use Markdown\n\n## Context\n\nWe write docs.\n\n## Decision\n\nWe use Markdown with PostgreSQL-style tables.\n",
        );
        assert!(suggest(&r).is_empty());
    }
}
