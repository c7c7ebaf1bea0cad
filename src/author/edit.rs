//! Edits to a record in its own dialect's words: its status, and links to
//! other records. Each returns [`Edits`] over the record's text that change
//! only the bytes they mean to.

use std::path::Path;

use super::{Edits, ends_with_line_break, line_ending, relative_link};
use crate::record::{Dialect, FieldSource, LinkKind, Record, Status};

/// A status as a dialect writes it: `Accepted` or `accepted`.
pub fn status_word(dialect: Dialect, status: Status) -> String {
    let word = status.as_str();
    match dialect {
        Dialect::Madr | Dialect::Madr2 | Dialect::Log4brains => word.to_string(),
        _ => {
            let mut w = word.to_string();
            w[..1].make_ascii_uppercase();
            w
        }
    }
}

/// How a dialect names another record in a link's text.
pub fn link_label(dialect: Dialect, target: &Record) -> String {
    let title = target.title_text();
    match (dialect, target.number) {
        (Dialect::Log4brains, _) | (_, None) => target
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| target.id.clone()),
        (Dialect::AdrTools | Dialect::Nygard, Some(n)) => format!("{n}. {title}"),
        (Dialect::Madr | Dialect::Madr2, Some(_)) => title.to_string(),
        (_, Some(n)) => format!("{}: {title}", Record::id_for_number(n)),
    }
}

fn keyword(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Supersedes => "Supersedes",
        LinkKind::SupersededBy => "Superseded by",
        LinkKind::Amends => "Amends",
        LinkKind::AmendedBy => "Amended by",
        LinkKind::RelatesTo => "Relates to",
    }
}

/// `Supersedes [2. Use PostgreSQL](0002-use-postgresql.md)`.
pub fn link_text(record: &Record, kind: LinkKind, target: &Record) -> String {
    let dir = record.path.parent().unwrap_or(Path::new("."));
    format!(
        "{} [{}]({})",
        keyword(kind),
        link_label(record.dialect, target),
        relative_link(dir, &target.path)
    )
}

/// Where a text's line that contains `at` starts (lines end in `\n`,
/// `\r\n` or `\r`).
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0)
}

/// Where a text's line that contains `at` ends (before its line ending).
fn line_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(['\n', '\r'])
        .map(|i| at + i)
        .unwrap_or(text.len())
}

/// Where the line after the one that contains `at` starts, if there is one.
fn next_line(text: &str, at: usize) -> Option<usize> {
    let end = line_end(text, at);
    let rest = &text[end..];
    if rest.starts_with("\r\n") {
        Some(end + 2)
    } else if rest.is_empty() {
        None
    } else {
        Some(end + 1)
    }
}

/// The end of the last non-blank line in `span`, if any.
fn last_content_end(text: &str, span: std::ops::Range<usize>) -> Option<usize> {
    let body = &text[span.clone()];
    let trimmed = body.trim_end();
    (!trimmed.trim().is_empty()).then(|| span.start + trimmed.len())
}

fn uses_status_section(dialect: Dialect) -> bool {
    matches!(
        dialect,
        Dialect::Adrift | Dialect::AdrTools | Dialect::Nygard | Dialect::Unknown
    )
}

/// Whether a dialect dates status changes (MADR's date is "when the
/// decision was last updated"); adr-tools and adrift date the decision.
fn dates_status_changes(dialect: Dialect) -> bool {
    matches!(
        dialect,
        Dialect::Madr | Dialect::Madr2 | Dialect::Log4brains
    )
}

/// Sets the status text (`Accepted`, `Superseded by [..](..)`).
pub fn set_status(record: &Record, text: &str, today: jiff::civil::Date, edits: &mut Edits) {
    let source = &record.source.text;
    let eol = line_ending(source);
    match &record.status {
        Some(status) => {
            let value = if status.source == FieldSource::FrontMatter && needs_quotes(text) {
                format!("\"{}\"", text.replace('"', "\\\""))
            } else {
                text.to_string()
            };
            // An empty `Status:` gets the space its key is written with
            // elsewhere (`Status: Accepted`, never `Status:Accepted`).
            let value = if status.span.is_empty() && source[..status.span.start].ends_with(':') {
                format!(" {value}")
            } else {
                value
            };
            edits.replace(status.span.clone(), value);
        }
        None => insert_status(record, text, eol, edits),
    }
    if dates_status_changes(record.dialect) {
        match &record.date {
            Some(date) if date.source != FieldSource::Section => {
                edits.replace(date.span.clone(), today.to_string());
            }
            None if record.dialect == Dialect::Madr => {
                if let Some(at) = front_matter_insert_point(record) {
                    edits.insert(at, format!("date: {today}{eol}"));
                }
            }
            _ => {}
        }
    }
}

fn needs_quotes(text: &str) -> bool {
    text.contains([':', '#', '[', ']', '{', '}', '"'])
}

/// Where a new front-matter field goes: after the last field (or right
/// after the opening `---` of an empty block).
fn front_matter_insert_point(record: &Record) -> Option<usize> {
    let text = &record.source.text;
    if let Some(last) = record.front_matter.last() {
        return next_line(text, last.key_span.start);
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    text[start..]
        .starts_with("---")
        .then(|| next_line(text, start))
        .flatten()
}

fn insert_status(record: &Record, text: &str, eol: &str, edits: &mut Edits) {
    let source = &record.source.text;
    if uses_status_section(record.dialect) || record.dialect == Dialect::FrontMatter {
        let block = format!("## Status{eol}{eol}{text}{eol}{eol}");
        match record.sections.first() {
            Some(first) => edits.insert(line_start(source, first.heading_span.start), block),
            None => {
                let sep = if ends_with_line_break(source) || source.is_empty() {
                    ""
                } else {
                    eol
                };
                edits.insert(source.len(), format!("{sep}{eol}{block}"));
            }
        }
    } else if record.dialect == Dialect::Madr {
        match front_matter_insert_point(record) {
            Some(at) => edits.insert(at, format!("status: {text}{eol}")),
            None => {
                let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
                edits.insert(start, format!("---{eol}status: {text}{eol}---{eol}"));
            }
        }
    } else {
        // MADR 2 and log4brains: a bullet under the title.
        let at = record
            .title
            .as_ref()
            .map(|t| line_end(source, t.span.start))
            .unwrap_or(0);
        edits.insert(at, format!("{eol}{eol}- Status: {text}"));
    }
}

/// Marks `record` superseded by `by`, in its dialect's words.
pub fn supersede(record: &Record, by: &Record, today: jiff::civil::Date, edits: &mut Edits) {
    let text = match record.dialect {
        Dialect::Madr => match by.number {
            Some(n) => format!("superseded by {}", Record::id_for_number(n)),
            None => format!("superseded by {}", by.id),
        },
        Dialect::Madr2 | Dialect::Log4brains => {
            let dir = record.path.parent().unwrap_or(Path::new("."));
            format!(
                "superseded by [{}]({})",
                link_label(record.dialect, by),
                relative_link(dir, &by.path)
            )
        }
        _ => link_text(record, LinkKind::SupersededBy, by),
    };
    set_status(record, &text, today, edits);
}

/// Adds a link line (`Supersedes [..](..)`) where the dialect keeps links:
/// after the status for status-section dialects (as adr-tools does), in a
/// `## Links` list for MADR 2 and log4brains, in `## More Information`
/// for MADR.
pub fn add_link(record: &Record, kind: LinkKind, target: &Record, edits: &mut Edits) {
    let source = &record.source.text;
    let eol = line_ending(source);
    let line = link_text(record, kind, target);
    if uses_status_section(record.dialect)
        && let Some(section) = record.section(&["Status"])
    {
        // After the status; in an empty section, under its heading (a
        // second `## Status` at the end would never be read).
        let end = last_content_end(source, section.body_span.clone())
            .unwrap_or_else(|| line_end(source, section.heading_span.start));
        edits.insert(end, format!("{eol}{eol}{line}"));
        return;
    }
    let (heading, bullet) = match record.dialect {
        Dialect::Madr2 | Dialect::Log4brains => ("Links", true),
        Dialect::Madr | Dialect::FrontMatter => ("More Information", true),
        _ => ("Status", false),
    };
    let item = if bullet {
        format!("- {line}")
    } else {
        line.clone()
    };
    if let Some(section) = record.section(&[heading]) {
        match last_content_end(source, section.body_span.clone()) {
            Some(end) => {
                let gap = if bullet {
                    eol.to_string()
                } else {
                    format!("{eol}{eol}")
                };
                edits.insert(end, format!("{gap}{item}"));
            }
            // An empty section: the item under its heading.
            None => edits.insert(
                line_end(source, section.heading_span.start),
                format!("{eol}{eol}{item}"),
            ),
        }
        return;
    }
    let trailing = if ends_with_line_break(source) || source.is_empty() {
        ""
    } else {
        eol
    };
    edits.insert(
        source.len(),
        format!("{trailing}{eol}## {heading}{eol}{eol}{item}{eol}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{StatusMap, parse_record};
    use crate::source::SourceFile;
    use std::path::PathBuf;

    fn record(name: &str, text: &str) -> Record {
        parse_record(
            PathBuf::from("/r/adr").join(name),
            SourceFile::new(name.into(), text.into()),
            &StatusMap::default(),
        )
    }

    #[test]
    fn adr_tools_supersede_matches_what_adr_writes() {
        let today = jiff::civil::date(2026, 11, 27);
        let old = record(
            "0002-use-postgresql.md",
            "# 2. Use PostgreSQL\n\nDate: 2026-11-27\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        );
        let new = record(
            "0003-use-mysql.md",
            "# 3. Use MySQL\n\nDate: 2026-11-27\n\n## Status\n\nAccepted\n\n## Context\n\ny\n",
        );
        let mut e = Edits::default();
        supersede(&old, &new, today, &mut e);
        assert_eq!(
            e.apply(&old.source.text),
            "# 2. Use PostgreSQL\n\nDate: 2026-11-27\n\n## Status\n\nSuperseded by [3. Use MySQL](0003-use-mysql.md)\n\n## Context\n\nx\n"
        );
        let mut e = Edits::default();
        add_link(&new, LinkKind::Supersedes, &old, &mut e);
        assert_eq!(
            e.apply(&new.source.text),
            "# 3. Use MySQL\n\nDate: 2026-11-27\n\n## Status\n\nAccepted\n\nSupersedes [2. Use PostgreSQL](0002-use-postgresql.md)\n\n## Context\n\ny\n"
        );
    }

    #[test]
    fn crlf_and_bom_survive_a_status_change() {
        let text = "\u{feff}# ADR-0040: Cache  \r\n\r\n## Status\r\n\r\nProposed\r\n\r\n## Date\r\n\r\n2026-01-01\r\n";
        let r = record("ADR-0040-cache.md", text);
        let mut e = Edits::default();
        set_status(&r, "Accepted", jiff::civil::date(2026, 11, 27), &mut e);
        assert_eq!(e.apply(text), text.replace("Proposed", "Accepted"));
    }

    #[test]
    fn madr_front_matter_and_log4brains_bullets() {
        let today = jiff::civil::date(2026, 11, 27);
        let madr = record(
            "0001-a.md",
            "---\nstatus: proposed\ndate: 2024-01-01\n---\n# A\n\n## Context and Problem Statement\n\nx\n",
        );
        let mut e = Edits::default();
        set_status(&madr, "accepted", today, &mut e);
        assert_eq!(
            e.apply(&madr.source.text),
            "---\nstatus: accepted\ndate: 2026-11-27\n---\n# A\n\n## Context and Problem Statement\n\nx\n"
        );
        let l4b = record(
            "20200101-a.md",
            "# A\n\n- Status: accepted\n- Date: 2020-01-01\n\n## Decision\n\nx\n",
        );
        let by = record("20200202-b.md", "# B\n\n- Status: accepted\n");
        let mut e = Edits::default();
        supersede(&l4b, &by, today, &mut e);
        add_link(&l4b, LinkKind::RelatesTo, &by, &mut e);
        assert_eq!(
            e.apply(&l4b.source.text),
            "# A\n\n- Status: superseded by [20200202-b](20200202-b.md)\n- Date: 2026-11-27\n\n## Decision\n\nx\n\n## Links\n\n- Relates to [20200202-b](20200202-b.md)\n"
        );
    }
}
