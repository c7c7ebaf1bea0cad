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
        let date = r.read_date().map(|d| d.to_string()).unwrap_or_default();
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

/// Where the index lives: the first of `README.md` and `index.md` with
/// adrift's markers, else the first that exists, else a new `README.md`.
pub fn index_path(dir: &Path) -> PathBuf {
    let existing: Vec<PathBuf> = ["README.md", "index.md"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .collect();
    existing
        .iter()
        .find(|p| {
            crate::collection::read_text(p, crate::collection::MAX_RECORD_BYTES)
                .is_ok_and(|t| has_markers(&t))
        })
        .or(existing.first())
        .cloned()
        .unwrap_or_else(|| dir.join("README.md"))
}

/// Whether a text holds adrift's index markers, the start before the end.
pub fn has_markers(text: &str) -> bool {
    matches!((text.find(START), text.find(END)), (Some(s), Some(e)) if e > s)
}

/// Whether an index file is one adrift keeps: it has the markers, or has
/// nothing in it yet. A hand-made index (text, no markers) is the team's.
pub fn is_adrift_index(text: &str) -> bool {
    has_markers(text) || text.trim().is_empty()
}

/// How to let adrift keep the table in a hand-made index.
pub fn adopt_help(path_shown: &str) -> String {
    format!(
        "{path_shown} has no pair of adrift index markers (a start and an end line), so adrift keeps no table there (and never adds a second one). To let adrift keep it, put these two lines where the table should go (replacing the hand-made one) and run `adrift index`:\n  {START}\n  {END}\n`adrift lint` checks a hand-made index for drift (index-drift)."
    )
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

/// The adrift index (with markers) beside the records as it must read once
/// `changed` records are rewritten and `added` ones created: `Some((path,
/// current, wanted))` when there is one and it changes. Authoring commands
/// add it to their plan, so `index --check` stays green after them.
pub fn refreshed(
    collection: &Collection,
    changed: Vec<(usize, PathBuf, String)>,
    added: Vec<(PathBuf, String)>,
    config: &Config,
    cwd: &Path,
) -> Option<(PathBuf, String, String)> {
    let path = index_path(&collection.dir);
    let text = crate::collection::read_text(&path, crate::collection::MAX_RECORD_BYTES).ok()?;
    if !has_markers(&text) {
        return None;
    }
    let after = super::with_records(collection, changed, added, config, cwd);
    let wanted = updated(&after, &path, Some(&text));
    (wanted != text).then_some((path, text, wanted))
}

/// Outcome of `adrift index`.
pub enum IndexOutcome {
    Written(PathBuf),
    /// The index file is hand-made (no markers): nothing written, never
    /// stale.
    NoMarkers(PathBuf),
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
    if current.as_deref().is_some_and(|t| !is_adrift_index(t)) {
        return Ok((
            IndexOutcome::NoMarkers(path),
            session
                .map(|mut s| std::mem::take(&mut s.notes))
                .unwrap_or_default(),
        ));
    }
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
