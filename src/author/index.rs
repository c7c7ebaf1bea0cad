//! `adrift index [--check]`: the collection's table of records, kept
//! between markers in the record directory's `README.md` or `index.md`.

use std::path::{Path, PathBuf};

use super::{create_file, io_error, line_ending, relative_link, replace_file};
use crate::collection::Collection;
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
                    let sep = if text.is_empty() || text.ends_with('\n') {
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

/// Writes the index, or with `check` only says whether it is stale.
pub fn run(collection: &Collection, check: bool, cwd: &Path) -> Result<IndexOutcome, Error> {
    let path = index_path(&collection.dir);
    let current = std::fs::read_to_string(&path).ok();
    let wanted = updated(collection, &path, current.as_deref());
    if current.as_deref() == Some(wanted.as_str()) {
        return Ok(IndexOutcome::UpToDate(path));
    }
    if check {
        return Ok(match current {
            Some(_) => IndexOutcome::Stale(path),
            None => IndexOutcome::Missing(path),
        });
    }
    let result = match current {
        Some(_) => replace_file(&path, wanted.as_bytes()),
        None => create_file(&path, wanted.as_bytes()),
    };
    result.map_err(|e| io_error(&path, cwd, e))?;
    Ok(IndexOutcome::Written(path))
}
