//! A record's own words about a technology: where the decision names it,
//! quoted with its line.
//!
//! The reading, in order of preference:
//! 1. a heading that names the technology (`### S3-based Storage` under
//!    the alternatives): the heading and what its section says
//!    (`Rejected because: Not required ...; Would introduce ...`);
//! 2. else a bullet or sentence naming it in any section but the context
//!    (the context describes the situation; it does not decide).
//!
//! A record that does not name the technology gives nothing.

use crate::record::{Record, Section};
use crate::source::Span;

use super::lexicon::{Technology, find_word};

/// The longest quote, in characters; longer ones end with `…`.
const MAX_QUOTE: usize = 280;

/// What a record says about a technology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The technology it speaks about.
    pub technology: String,
    /// The 1-based line it starts on.
    pub line: usize,
    /// The quoted heading or line.
    pub span: Span,
    pub text: String,
}

/// Sections that describe rather than decide.
fn describes(section: &Section) -> bool {
    let key = section.key();
    [
        "context",
        "background",
        "problem",
        "status",
        "date",
        "links",
        "references",
        "related",
    ]
    .iter()
    .any(|w| key.contains(w))
}

/// A section's own lines: from its heading to the next heading of any
/// level, as (byte offset, line) without the heading.
fn own_lines<'a>(text: &'a str, sections: &[Section], i: usize) -> Vec<(usize, &'a str)> {
    let body = &sections[i].body_span;
    let end = sections
        .get(i + 1)
        .map(|next| line_start(text, next.heading_span.start))
        .unwrap_or(body.end)
        .clamp(body.start, body.end);
    let mut out = Vec::new();
    let mut at = body.start;
    for line in text[body.start..end].split_inclusive('\n') {
        out.push((at, line.trim_end_matches(['\n', '\r'])));
        at += line.len();
    }
    out
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

/// One sentence of a record's prose.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The 1-based line it starts on.
    pub line: usize,
    /// The section it is in (an index into `record.sections`).
    pub section: usize,
    /// The byte range of its paragraph or list item in the record.
    pub span: Span,
    pub text: String,
}

/// A paragraph or list item: (start offset, end offset, [(offset in the
/// joined text, line)], the joined text).
type Block = (usize, usize, Vec<(usize, usize)>, String);

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || (digits > 0 && t[digits..].starts_with(". "))
}

/// Every sentence of every section's own text: paragraphs (lines joined
/// until a blank line) and list items, split after `. `, `! ` and `? `.
pub fn sentences(record: &Record) -> Vec<Sentence> {
    let text = record.source.text.as_str();
    let mut out = Vec::new();
    for i in 0..record.sections.len() {
        let mut blocks: Vec<Block> = Vec::new();
        let mut open = false;
        for (at, line) in own_lines(text, &record.sections, i) {
            let trimmed = line.trim();
            let number = record.source.line_col(at).line;
            if trimmed.is_empty() || is_break(trimmed) || trimmed.starts_with('#') {
                open = false;
                continue;
            }
            if !open || is_list_item(line) {
                blocks.push((at, at + line.len(), Vec::new(), String::new()));
                open = true;
            }
            let block = blocks.last_mut().expect("a block");
            if !block.3.is_empty() {
                block.3.push(' ');
            }
            block.2.push((block.3.len(), number));
            block.3.push_str(&plain(line));
            block.1 = at + line.len();
        }
        for (start, end, lines, joined) in blocks {
            let mut from = 0;
            // Sentences end at `. `, `! ` or `? `.
            let bytes = joined.as_bytes();
            let mut cut = Vec::new();
            for k in 0..bytes.len().saturating_sub(1) {
                if matches!(bytes[k], b'.' | b'!' | b'?') && bytes[k + 1] == b' ' {
                    cut.push(k + 1);
                }
            }
            cut.push(joined.len());
            for end_at in cut {
                let sentence = joined[from..end_at].trim();
                if !sentence.is_empty() {
                    let skipped =
                        joined[from..end_at].len() - joined[from..end_at].trim_start().len();
                    let begin = from + skipped;
                    let line = lines
                        .iter()
                        .rev()
                        .find(|(o, _)| *o <= begin)
                        .map_or(0, |(_, l)| *l);
                    out.push(Sentence {
                        line,
                        section: i,
                        span: start..end,
                        text: sentence.to_string(),
                    });
                }
                from = end_at;
            }
        }
    }
    out
}

/// A Markdown line as prose: list markers and emphasis removed.
pub fn plain(line: &str) -> String {
    let t = line.trim();
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
        .unwrap_or_else(|| {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && t[digits..].starts_with(". ") {
                &t[digits + 2..]
            } else {
                t
            }
        });
    let t = t.replace("**", "").replace("__", "").replace('`', "");
    t.trim().to_string()
}

fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_QUOTE {
        return text;
    }
    let cut: String = text.chars().take(MAX_QUOTE).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(head, _)| head)
        .trim_end_matches([',', ';', ':']);
    format!("{cut}…")
}

/// `---`, `***`, `___` (spaces allowed): a thematic break.
fn is_break(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|m| marks.chars().all(|c| c.to_string() == *m))
}

/// A heading with what its section says: `Heading — first line items`.
pub fn heading_quote(text: &str, sections: &[Section], i: usize) -> String {
    // Up to a thematic break (`---`): what follows it closes the record,
    // not this section.
    let items: Vec<String> = own_lines(text, sections, i)
        .into_iter()
        .map(|(_, l)| l.trim())
        .take_while(|l| !is_break(l))
        .map(plain)
        .filter(|l| !l.is_empty() && !l.starts_with("<!--"))
        .collect();
    let mut said = String::new();
    for item in items {
        if said.is_empty() {
            said = item;
        } else if said.ends_with(':') {
            said = format!("{said} {item}");
        } else {
            said = format!("{said}; {item}");
        }
        if said.chars().count() > MAX_QUOTE {
            break;
        }
    }
    let heading = sections[i].heading.trim();
    shorten(if said.is_empty() {
        heading.to_string()
    } else {
        format!("{heading} — {said}")
    })
}

/// What `record` says about any of `technologies` (in the record's order).
pub fn quote(record: &Record, technologies: &[&Technology]) -> Option<Quote> {
    let text = record.source.text.as_str();
    let sections = &record.sections;
    // 1. A heading that names it.
    for (i, section) in sections.iter().enumerate() {
        if section.level < 2 {
            continue;
        }
        for t in technologies {
            if find_word(&section.heading, &t.words).is_some() {
                return Some(Quote {
                    technology: t.name.clone(),
                    line: record.source.line_col(section.heading_span.start).line,
                    span: section.heading_span.clone(),
                    text: heading_quote(text, sections, i),
                });
            }
        }
    }
    // 2. A bullet or sentence that names it, outside the context.
    for sentence in sentences(record) {
        if describes(&sections[sentence.section]) {
            continue;
        }
        for t in technologies {
            if find_word(&sentence.text, &t.words).is_some() {
                return Some(Quote {
                    technology: t.name.clone(),
                    line: sentence.line,
                    span: sentence.span.clone(),
                    text: shorten(sentence.text.clone()),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::lexicon::technologies;

    fn record(text: &str) -> Record {
        crate::record::parse_record(
            "adr/0012-x.md".into(),
            crate::source::SourceFile::new("adr/0012-x.md".into(), text.into()),
            &crate::record::StatusMap::default(),
        )
    }

    fn tech(name: &str) -> &'static Technology {
        technologies().iter().find(|t| t.name == name).expect(name)
    }

    const SEED: &str = "# 12. Persistence\n\n## Status\n\nAccepted\n\n## Context\n\nAWS provides several persistence options, including DynamoDB, RDS, Aurora Serverless, S3, and ElastiCache.\n\n## Decision\n\nThe platform will remain **stateless**.\n\nIf persistence is required in the future, DynamoDB or Aurora Serverless v2 will be evaluated.\n\n## Rationale\n\n- Avoids DynamoDB read/write charges for unused tables\n\n## Alternatives Considered\n\n### DynamoDB\n\nRejected for now because:\n\n- No current need for key‑value or document storage\n- Would introduce cost and IAM complexity without immediate benefit\n\n### RDS / Aurora Serverless\n\nRejected because:\n\n- Overkill for a stateless service\n\n### S3‑based Storage\n\nRejected because:\n\n- Not required for the current application\n- Would introduce unnecessary IAM and lifecycle policies\n\n---\n\nThis decision keeps the platform stateless.\n";

    #[test]
    fn a_heading_naming_the_technology_is_quoted_with_its_reasons() {
        let r = record(SEED);
        let q = quote(&r, &[tech("S3")]).expect("a quote");
        assert_eq!(
            q.text,
            "S3‑based Storage — Rejected because: Not required for the current application; Would introduce unnecessary IAM and lifecycle policies"
        );
        assert_eq!(q.line, 36);
        let q = quote(&r, &[tech("RDS"), tech("Aurora")]).expect("a quote");
        assert_eq!(
            q.text,
            "RDS / Aurora Serverless — Rejected because: Overkill for a stateless service"
        );
        assert_eq!(q.technology, "RDS");
    }

    #[test]
    fn the_context_alone_is_not_a_reason_and_nothing_is_invented() {
        let r = record(SEED);
        assert_eq!(quote(&r, &[tech("ElastiCache")]), None);
        assert_eq!(quote(&r, &[tech("Redis")]), None);
    }

    #[test]
    fn else_a_bullet_or_sentence_outside_the_context() {
        let r = record(
            "# 3. Cache\n\n## Context\n\nWe use Redis today.\n\n## Decision\n\nWe keep the cache in memory. Redis is not used: one process is enough.\n\n## Consequences\n\n- a restart empties the cache\n",
        );
        let q = quote(&r, &[tech("Redis")]).expect("a quote");
        assert_eq!(q.text, "Redis is not used: one process is enough.");
        assert_eq!(q.line, 9);
    }
}
