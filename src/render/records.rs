//! `adrift list` and `adrift show`: records as a table, as text, as JSON.

use serde::Serialize;

use super::{Style, printable};
use crate::collection::Collection;
use crate::record::{LinkKind, Record};
use crate::source::LineCol;

/// One record in `list --format json` (a stable contract).
#[derive(Serialize)]
pub struct ListEntry<'a> {
    pub number: Option<u32>,
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub status: Option<&'static str>,
    pub status_text: Option<&'a str>,
    pub date: Option<String>,
    pub supersedes: Vec<String>,
    pub superseded_by: Vec<String>,
    pub path: &'a str,
    pub dialect: &'static str,
}

/// The records a link kind points at: ids when resolved, else as written.
fn linked(collection: &Collection, record: &Record, kind: LinkKind) -> Vec<String> {
    record
        .links
        .iter()
        .filter(|l| l.kind == kind)
        .map(|l| match l.target {
            Some(t) => collection.records[t].id.clone(),
            None => l.path.clone().unwrap_or_else(|| l.label.clone()),
        })
        .collect()
}

pub fn list_entry<'a>(collection: &'a Collection, record: &'a Record) -> ListEntry<'a> {
    ListEntry {
        number: record.number,
        id: &record.id,
        title: record.title.as_ref().map(|t| t.text.as_str()),
        status: record.canonical_status().map(|s| s.as_str()),
        status_text: record.status.as_ref().map(|s| s.text.trim()),
        date: record
            .date
            .as_ref()
            .and_then(|d| d.value.as_ref().ok())
            .map(|d| d.to_string()),
        supersedes: linked(collection, record, LinkKind::Supersedes),
        superseded_by: linked(collection, record, LinkKind::SupersededBy),
        path: &record.source.path,
        dialect: record.dialect.as_str(),
    }
}

pub fn list_json(collection: &Collection, records: &[&Record]) -> String {
    let entries: Vec<ListEntry<'_>> = records.iter().map(|r| list_entry(collection, r)).collect();
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_default();
    out.push('\n');
    out
}

/// The table: id, status, date, title; the status column shows the canonical
/// status, or the text as written when it is not a known one.
pub fn list_table(records: &[&Record], style: Style) -> String {
    let rows: Vec<[String; 4]> = records
        .iter()
        .map(|r| {
            let status = match &r.status {
                Some(s) => match s.canonical {
                    Some(c) => c.as_str().to_string(),
                    None => format!("{:?}", s.text.trim()),
                },
                None => "-".to_string(),
            };
            let date = r
                .date
                .as_ref()
                .map(|d| match &d.value {
                    Ok(v) => v.to_string(),
                    Err(_) => d.text.trim().to_string(),
                })
                .unwrap_or_else(|| "-".to_string());
            [&r.id, &status, &date, r.title_text()].map(|cell| printable(cell, false).into_owned())
        })
        .collect();
    let header = ["ID", "STATUS", "DATE", "TITLE"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == 3 {
                s.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                s.push_str(cell);
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = style.paint("1", &line(header)) + "\n";
    for row in &rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3]]));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct ShowLink {
    kind: LinkKind,
    target: Option<String>,
    written: String,
    line: usize,
}

#[derive(Serialize)]
struct ShowSection<'a> {
    heading: &'a str,
    level: u8,
    line: usize,
}

#[derive(Serialize)]
struct ShowField<'a> {
    text: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Show<'a> {
    #[serde(flatten)]
    entry: ListEntry<'a>,
    links: Vec<ShowLink>,
    sections: Vec<ShowSection<'a>>,
    front_matter: std::collections::BTreeMap<&'a str, &'a str>,
    title_at: Option<ShowField<'a>>,
    status_at: Option<ShowField<'a>>,
    date_at: Option<ShowField<'a>>,
}

fn field<'a>(record: &Record, text: &'a str, start: usize) -> ShowField<'a> {
    let LineCol { line, column } = record.source.line_col(start);
    ShowField { text, line, column }
}

pub fn show_json(collection: &Collection, record: &Record) -> String {
    let line = |offset: usize| record.source.line_col(offset).line;
    let show = Show {
        entry: list_entry(collection, record),
        links: record
            .links
            .iter()
            .map(|l| ShowLink {
                kind: l.kind,
                target: l.target.map(|t| collection.records[t].id.clone()),
                written: record
                    .source
                    .text
                    .get(l.span.clone())
                    .unwrap_or_default()
                    .to_string(),
                line: line(l.span.start),
            })
            .collect(),
        sections: record
            .sections
            .iter()
            .map(|s| ShowSection {
                heading: &s.heading,
                level: s.level,
                line: line(s.heading_span.start),
            })
            .collect(),
        front_matter: record
            .front_matter
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect(),
        title_at: record
            .title
            .as_ref()
            .map(|t| field(record, &t.raw, t.span.start)),
        status_at: record
            .status
            .as_ref()
            .map(|s| field(record, &s.text, s.span.start)),
        date_at: record
            .date
            .as_ref()
            .map(|d| field(record, &d.text, d.span.start)),
    };
    let mut out = serde_json::to_string_pretty(&show).unwrap_or_default();
    out.push('\n');
    out
}

pub fn show_human(collection: &Collection, record: &Record, style: Style) -> String {
    let mut out = String::new();
    let heading = match &record.title {
        Some(t) => format!("{}: {}", record.id, t.text),
        None => record.id.clone(),
    };
    out.push_str(&style.paint("1", &printable(&heading, false)));
    out.push('\n');
    let mut row = |key: &str, value: String| {
        let label = format!("{key}:");
        let gap = if label.len() >= 10 { " " } else { "" };
        let value = printable(&value, false);
        out.push_str(&format!("  {label:<10}{gap}{value}\n"));
    };
    row(
        "status",
        match &record.status {
            Some(s) => match s.canonical {
                Some(c) if c.as_str() != s.text.trim().to_lowercase() => {
                    format!("{c} (written \"{}\")", s.text.trim())
                }
                Some(c) => c.to_string(),
                None => format!("unknown (written \"{}\")", s.text.trim()),
            },
            None => "none".to_string(),
        },
    );
    row(
        "date",
        match &record.date {
            Some(d) => match &d.value {
                Ok(v) => v.to_string(),
                Err(_) => format!("not a date (written \"{}\")", d.text.trim()),
            },
            None => "none".to_string(),
        },
    );
    row("dialect", record.dialect.to_string());
    row("path", record.source.path.clone());
    for link in &record.links {
        let target = match link.target {
            Some(t) => collection.records[t].describe(),
            None => format!(
                "{} (no such record)",
                link.path.as_deref().unwrap_or(&link.label)
            ),
        };
        row(link.kind.as_words(), target);
    }
    if !record.sections.is_empty() {
        let names: Vec<&str> = record
            .sections
            .iter()
            .filter(|s| s.level == 2)
            .map(|s| s.heading.as_str())
            .collect();
        row("sections", names.join(", "));
    }
    out
}
