//! `adrift index [--check]`: the collection's table of records, kept
//! between markers in the record directory's `README.md` or `index.md`.

use std::path::{Path, PathBuf};

use super::txn::{Plan, Session};
use super::{command_line, ends_with_line_break, line_ending, relative_link};
use crate::collection::Collection;
use crate::config::Config;
use crate::error::Error;
use crate::record::{LinkKind, Record};

pub const START: &str = "<!-- adrift:index:start -->";
pub const END: &str = "<!-- adrift:index:end -->";

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn linked(collection: &Collection, record: &Record) -> String {
    let mut parts = Vec::new();
    for kind in [
        LinkKind::Supersedes,
        LinkKind::SupersededBy,
        LinkKind::Amends,
        LinkKind::AmendedBy,
        LinkKind::RelatesTo,
    ] {
        let ids: Vec<String> = record
            .links
            .iter()
            .filter(|l| l.kind == kind)
            .filter_map(|l| l.target)
            .map(|t| collection.records[t].id.clone())
            .collect();
        if !ids.is_empty() {
            parts.push(format!("{} {}", kind.as_words(), ids.join(", ")));
        }
    }
    parts.join("; ")
}

/// The table (with its markers), one line per record, in `eol` endings.
pub fn table(collection: &Collection, index_dir: &Path, eol: &str) -> String {
    let mut lines = vec![
        START.to_string(),
        "| Number | Title | Status | Date | Linked |".to_string(),
        "|---|---|---|---|---|".to_string(),
    ];
    let mut records: Vec<&Record> = collection
        .records
        .iter()
        .filter(|r| r.read_problem.is_none())
        .collect();
    records.sort_by_key(|r| (r.number.is_none(), r.number, r.file_name().to_string()));
    for r in records {
        let status = match &r.status {
            Some(s) => s
                .canonical
                .map(|c| c.to_string())
                .unwrap_or_else(|| s.text.trim().to_string()),
            None => String::new(),
        };
        let date = r
            .date
            .as_ref()
            .and_then(|d| d.value.as_ref().ok())
            .map(|d| d.to_string())
            .unwrap_or_default();
        lines.push(format!(
            "| [{}]({}) | {} | {} | {} | {} |",
            r.id,
            relative_link(index_dir, &r.path),
            cell(r.title_text()),
            cell(&status),
            date,
            linked(collection, r)
        ));
    }
    lines.push(END.to_string());
    lines.join(eol)
}

/// Where the index lives: `README.md`, else `index.md`, else a new `README.md`.
pub fn index_path(dir: &Path) -> PathBuf {
    for name in ["README.md", "index.md"] {
        let path = dir.join(name);
        if path.is_file() {
            return path;
        }
    }
    dir.join("README.md")
}

/// The index file's text with an up-to-date table; the rest is untouched.
pub fn updated(collection: &Collection, path: &Path, current: Option<&str>) -> String {
    let dir = path.parent().unwrap_or(Path::new("."));
    match current {
        Some(text) => {
            let eol = line_ending(text);
            let table = table(collection, dir, eol);
            match (text.find(START), text.find(END)) {
                (Some(start), Some(end)) if end > start => {
                    format!("{}{table}{}", &text[..start], &text[end + END.len()..])
                }
                _ => {
                    let sep = if text.is_empty() || ends_with_line_break(text) {
                        ""
                    } else {
                        eol
                    };
                    format!("{text}{sep}{eol}{table}{eol}")
                }
            }
        }
        None => format!(
            "# Architecture decision records\n\n{}\n",
            table(collection, dir, "\n")
        ),
    }
}

/// Outcome of `adrift index`.
pub enum IndexOutcome {
    Written(PathBuf),
    UpToDate(PathBuf),
    Stale(PathBuf),
    /// `--check` found no index file at all.
    Missing(PathBuf),
}

/// Writes the index of the records in `dir` (under the directory lock), or
/// with `check` only says whether it is stale. Returns the notes of the
/// session too.
pub fn run(
    dir: &Path,
    config: &Config,
    check: bool,
    cwd: &Path,
) -> Result<(IndexOutcome, Vec<String>), Error> {
    let mut session = if check {
        None
    } else {
        Some(Session::begin(dir, cwd)?)
    };
    let collection = crate::collection::load(dir, &[], config, cwd);
    let path = index_path(&collection.dir);
    let current = std::fs::read_to_string(&path).ok();
    let wanted = updated(&collection, &path, current.as_deref());
    let Some(session) = session.as_mut() else {
        let outcome = match current {
            Some(text) if text == wanted => IndexOutcome::UpToDate(path),
            Some(_) => IndexOutcome::Stale(path),
            None => IndexOutcome::Missing(path),
        };
        return Ok((outcome, Vec::new()));
    };
    let notes = std::mem::take(&mut session.notes);
    if current.as_deref() == Some(wanted.as_str()) {
        return Ok((IndexOutcome::UpToDate(path), notes));
    }
    let mut plan = Plan::default();
    match &current {
        Some(text) => plan.replace(&path, text, wanted),
        None => plan.create(&path, wanted),
    }
    session.commit(plan, &command_line())?;
    Ok((IndexOutcome::Written(path), notes))
}
