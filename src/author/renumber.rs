//! `adrift renumber N --to M` and `adrift renumber --fix-duplicates`: move a
//! record to a free number and rewrite every link to it.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::txn::{Plan, Session};
use super::{Edits, command_line, refuse};
use crate::collection::{Collection, percent_decode};
use crate::config::Config;
use crate::error::Error;
use crate::record::Record;

static NAME_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z]*[-_]?)(\d+)").expect("regex"));

/// One move: the record, its new number, its new file name.
struct Move {
    index: usize,
    to: u32,
    new_name: String,
}

fn new_file_name(record: &Record, to: u32) -> Option<String> {
    let name = record.file_name();
    let caps = NAME_NUMBER.captures(name)?;
    let digits = caps[2].len();
    let all = caps.get(0)?;
    Some(format!("{}{to:0digits$}{}", &caps[1], &name[all.end()..]))
}

/// Rewrites a number written in a link's text: `3. Title`, `ADR-0003`,
/// `ADR 3`, `#3`.
fn relabel(label: &str, from: u32, to: u32) -> String {
    let re = Regex::new(&format!(r"(?i)(^|\b(?:adr)[-\s#]?|#|^)0*{from}\b")).expect("regex");
    re.replace_all(label, |c: &regex::Captures<'_>| {
        let prefix = &c[1];
        let whole = c.get(0).map(|m| m.as_str()).unwrap_or("");
        let digits = whole.len() - prefix.len();
        let width = if whole[prefix.len()..].starts_with('0') {
            digits
        } else {
            0
        };
        format!("{prefix}{to:0width$}")
    })
    .into_owned()
}

fn plan_edits(collection: &Collection, moves: &[Move]) -> Vec<(usize, Edits)> {
    let mut out: Vec<(usize, Edits)> = Vec::new();
    for (i, record) in collection.records.iter().enumerate() {
        let mut edits = Edits::default();
        let text = &record.source.text;
        // The moved record's own title number and `adr:` field.
        if let Some(m) = moves.iter().find(|m| m.index == i) {
            if let Some((_, span)) = record.title.as_ref().and_then(|t| t.number.as_ref()) {
                let width = text[span.clone()].len();
                let width = if text[span.clone()].starts_with('0') {
                    width
                } else {
                    0
                };
                edits.replace(span.clone(), format!("{:0width$}", m.to));
            }
            if let Some(field) = record.front_matter("adr") {
                let width = field.value.len();
                edits.replace(field.value_span.clone(), format!("{:0width$}", m.to));
            }
        }
        // Every Markdown link to a moved file.
        for link in &record.body_links {
            let dest = link.dest.split(['#', '?']).next().unwrap_or("");
            let name = percent_decode(dest.rsplit('/').next().unwrap_or(dest));
            let Some(m) = moves
                .iter()
                .find(|m| collection.records[m.index].file_name() == name)
            else {
                continue;
            };
            let from = collection.records[m.index].number.unwrap_or(0);
            let written = &text[link.span.clone()];
            // `[label](dest)`: rewrite the destination's file name, and the
            // number in the label.
            let Some(close) = written.rfind("](") else {
                continue;
            };
            let label = &written[1..close];
            let target = &written[close + 2..written.len() - 1];
            let old_name = collection.records[m.index].file_name();
            let new_target = target.replace(old_name, &m.new_name).replace(
                &old_name.replace(' ', "%20"),
                &m.new_name.replace(' ', "%20"),
            );
            let rewritten = format!("[{}]({new_target})", relabel(label, from, m.to));
            if rewritten != written {
                edits.replace(link.span.clone(), rewritten);
            }
        }
        if !edits.is_empty() {
            out.push((i, edits));
        }
    }
    out
}

/// What `renumber` did: each record's old and new path, and the notes of
/// the session.
#[derive(Debug, Default)]
pub struct Renumbered {
    pub moved: Vec<(PathBuf, PathBuf)>,
    pub notes: Vec<String>,
}

/// Moves the records and rewrites every link to them, and the index
/// beside them, as one plan: each moved record is created under its new
/// name (never over an existing file), the others rewritten, the old
/// names removed.
fn apply(
    mut session: Session,
    collection: &Collection,
    moves: &[Move],
    config: &Config,
    cwd: &Path,
) -> Result<Renumbered, Error> {
    let edits = plan_edits(collection, moves);
    let mut plan = Plan::default();
    let mut changed = Vec::new();
    for (i, record) in collection.records.iter().enumerate() {
        let text = &record.source.text;
        let new_text = edits
            .iter()
            .find(|(e, _)| *e == i)
            .map(|(_, e)| e.apply(text));
        match moves.iter().find(|m| m.index == i) {
            Some(m) => {
                let path = record.path.with_file_name(&m.new_name);
                let new_text = new_text.unwrap_or_else(|| text.clone());
                plan.create(&path, new_text.clone());
                plan.remove(&record.path, text);
                changed.push((i, path, new_text));
            }
            None => {
                if let Some(new_text) = new_text {
                    plan.replace(&record.path, text, new_text.clone());
                    changed.push((i, record.path.clone(), new_text));
                }
            }
        }
    }
    // An index beside the records links to them too.
    let index = super::index::index_path(&collection.dir);
    if let Ok(text) = std::fs::read_to_string(&index)
        && super::index::has_markers(&text)
    {
        let after = super::with_changes(collection, changed, config, cwd);
        plan.replace(
            &index,
            &text,
            super::index::updated(&after, &index, Some(&text)),
        );
    }
    session.commit(plan, &command_line())?;
    let moved = moves
        .iter()
        .map(|m| {
            let record = &collection.records[m.index];
            (record.path.clone(), record.path.with_file_name(&m.new_name))
        })
        .collect();
    Ok(Renumbered {
        moved,
        notes: session.notes,
    })
}

/// `adrift renumber N --to M`.
pub fn renumber(
    dir: &Path,
    wanted: &str,
    to: u32,
    config: &Config,
    cwd: &Path,
) -> Result<Renumbered, Error> {
    let session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let index = collection.find(wanted).ok_or_else(|| {
        refuse(
            format!("there is no record {wanted:?}"),
            "`adrift list` shows every record",
        )
    })?;
    if to == 0 {
        return Err(refuse("0 is not a record number", "give a number above 0"));
    }
    if let Some(taken) = collection.records.iter().find(|r| r.number == Some(to)) {
        return Err(refuse(
            format!("number {to} is taken by {}", taken.source.path),
            "choose a free number, or renumber that record first",
        ));
    }
    let record = &collection.records[index];
    let new_name = new_file_name(record, to).ok_or_else(|| {
        refuse(
            format!("{} has no number in its file name", record.file_name()),
            "date-named and unnumbered records cannot be renumbered",
        )
    })?;
    apply(
        session,
        &collection,
        &[Move {
            index,
            to,
            new_name,
        }],
        config,
        cwd,
    )
}

/// `adrift renumber --fix-duplicates`: in each group of records sharing a
/// number, the earliest (by date, then file name) keeps it; the others move
/// to the next free numbers.
pub fn fix_duplicates(dir: &Path, config: &Config, cwd: &Path) -> Result<Renumbered, Error> {
    let session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let mut next = collection
        .records
        .iter()
        .filter_map(|r| r.number)
        .max()
        .unwrap_or(0);
    let mut groups: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, r) in collection.records.iter().enumerate() {
        if let Some(n) = r.number {
            groups.entry(n).or_default().push(i);
        }
    }
    let mut moves = Vec::new();
    for (_, mut members) in groups.into_iter().filter(|(_, v)| v.len() > 1) {
        members.sort_by_key(|&i| {
            let r = &collection.records[i];
            (r.read_date(), r.file_name().to_string())
        });
        for &i in &members[1..] {
            next = next.checked_add(1).ok_or_else(|| {
                refuse(
                    format!("record numbers end at {}: no free number above", u32::MAX),
                    "renumber the highest records by hand (`adrift renumber N --to M`)",
                )
            })?;
            let record = &collection.records[i];
            let Some(new_name) = new_file_name(record, next) else {
                continue;
            };
            moves.push(Move {
                index: i,
                to: next,
                new_name,
            });
        }
    }
    if moves.is_empty() {
        return Ok(Renumbered {
            moved: Vec::new(),
            notes: session.notes,
        });
    }
    apply(session, &collection, &moves, config, cwd)
}

#[cfg(test)]
mod tests {
    use super::relabel;

    #[test]
    fn labels_follow_the_number() {
        assert_eq!(relabel("3. Use MySQL", 3, 5), "5. Use MySQL");
        assert_eq!(relabel("ADR-0003: Use MySQL", 3, 15), "ADR-0015: Use MySQL");
        assert_eq!(relabel("ADR #3", 3, 7), "ADR #7");
        assert_eq!(relabel("0003", 3, 12), "0012");
        assert_eq!(relabel("Use 3D printing", 3, 9), "Use 3D printing");
        assert_eq!(relabel("13. Other", 3, 9), "13. Other");
    }
}
