//! `adrift supersede`, `adrift link` and `adrift status`: edits to existing
//! records, under the directory lock, committed together (see [`super::txn`]).

use std::path::Path;

use super::edit::{add_link, set_status, supersede};
use super::new::status_text;
use super::txn::{Plan, Session};
use super::{Changed, Edits, command_line, refuse};
use crate::collection::Collection;
use crate::config::Config;
use crate::error::Error;
use crate::record::{LinkKind, Record, Status};

/// The relations `adrift link` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Relation {
    Supersedes,
    Amends,
    RelatesTo,
}

fn find(collection: &Collection, wanted: &str) -> Result<usize, Error> {
    collection.find(wanted).ok_or_else(|| {
        let ids: Vec<&str> = collection.records.iter().map(|r| r.id.as_str()).collect();
        refuse(
            format!(
                "there is no record {wanted:?} in {}",
                collection.display_dir
            ),
            crate::suggest::did_you_mean(
                wanted,
                ids.iter().copied(),
                "`adrift list` shows every record",
            ),
        )
    })
}

fn has_link(record: &Record, kind: LinkKind, target: usize) -> bool {
    record
        .links
        .iter()
        .any(|l| l.kind == kind && l.target == Some(target))
}

/// Writes the records' edits and, when an adrift index sits beside them,
/// the index as it reads after them: one transaction.
fn write_all(
    mut session: Session,
    collection: &Collection,
    changes: Vec<(usize, Edits)>,
    config: &Config,
    cwd: &Path,
) -> Result<Changed, Error> {
    let mut plan = Plan::default();
    let mut changed = Vec::new();
    for (i, edits) in changes {
        if !edits.is_empty() {
            let record = &collection.records[i];
            let text = &record.source.text;
            let after = edits.apply(text);
            if after != *text {
                plan.replace(&record.path, text, after.clone());
                changed.push((i, record.path.clone(), after));
            }
        }
    }
    if !changed.is_empty()
        && let Some((path, current, wanted)) =
            super::index::refreshed(collection, changed, Vec::new(), config, cwd)
    {
        plan.replace(&path, &current, wanted);
    }
    let paths = session.commit(plan, &command_line())?;
    Ok(Changed {
        paths,
        notes: session.notes,
        unchanged: None,
    })
}

/// Marks `old` superseded by `new` and gives `new` the reciprocal link.
pub fn supersede_records(
    dir: &Path,
    old: &str,
    new: &str,
    config: &Config,
    today: jiff::civil::Date,
    cwd: &Path,
) -> Result<Changed, Error> {
    let session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let (o, n) = (find(&collection, old)?, find(&collection, new)?);
    if o == n {
        return Err(refuse(
            "a record cannot supersede itself",
            "name two different records",
        ));
    }
    let (old_r, new_r) = (&collection.records[o], &collection.records[n]);
    let mut old_edits = Edits::default();
    if !(old_r.canonical_status() == Some(Status::Superseded)
        && has_link(old_r, LinkKind::SupersededBy, n))
    {
        supersede(old_r, new_r, today, &mut old_edits);
    }
    let mut new_edits = Edits::default();
    if !has_link(new_r, LinkKind::Supersedes, o) {
        add_link(new_r, LinkKind::Supersedes, old_r, &mut new_edits);
    }
    write_all(
        session,
        &collection,
        vec![(o, old_edits), (n, new_edits)],
        config,
        cwd,
    )
}

/// `adrift link FROM REL TO`: the link and its reciprocal.
pub fn link_records(
    dir: &Path,
    from: &str,
    relation: Relation,
    to: &str,
    config: &Config,
    today: jiff::civil::Date,
    cwd: &Path,
) -> Result<Changed, Error> {
    if relation == Relation::Supersedes {
        return supersede_records(dir, to, from, config, today, cwd);
    }
    let session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let (f, t) = (find(&collection, from)?, find(&collection, to)?);
    if f == t {
        return Err(refuse(
            "a record cannot link to itself",
            "name two different records",
        ));
    }
    let (forward, back) = match relation {
        Relation::Amends => (LinkKind::Amends, LinkKind::AmendedBy),
        _ => (LinkKind::RelatesTo, LinkKind::RelatesTo),
    };
    let (from_r, to_r) = (&collection.records[f], &collection.records[t]);
    let mut from_edits = Edits::default();
    if !has_link(from_r, forward, t) {
        add_link(from_r, forward, to_r, &mut from_edits);
    }
    let mut to_edits = Edits::default();
    if !has_link(to_r, back, f) {
        add_link(to_r, back, from_r, &mut to_edits);
    }
    write_all(
        session,
        &collection,
        vec![(f, from_edits), (t, to_edits)],
        config,
        cwd,
    )
}

/// `adrift status N STATUS`. A superseded record keeps its successor's
/// link: changing its status is refused, naming the successor, unless
/// `force`, which also removes the links between the two (so no one-way
/// link is left behind). Nothing is written when nothing changes.
pub fn set_record_status(
    dir: &Path,
    wanted: &str,
    status: &str,
    force: bool,
    config: &Config,
    today: jiff::civil::Date,
    cwd: &Path,
) -> Result<Changed, Error> {
    let mut session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let i = find(&collection, wanted)?;
    let record = &collection.records[i];
    let meaning = crate::record::read_status(status, &config.statuses).0;
    if meaning == Some(Status::Superseded) {
        return Err(refuse(
            "a record is superseded by another one",
            format!("use `adrift supersede {wanted} --by M` to say which"),
        ));
    }
    let text = status_text(Some(status), None, record.dialect, &config.statuses)?;
    // The records that supersede this one, by either side's word.
    let mut successors: Vec<usize> = record
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::SupersededBy)
        .filter_map(|l| l.target)
        .collect();
    for (j, other) in collection.records.iter().enumerate() {
        if has_link(other, LinkKind::Supersedes, i) && !successors.contains(&j) {
            successors.push(j);
        }
    }
    successors.retain(|&j| j != i);
    let unresolved: Vec<&str> = record
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::SupersededBy && l.target.is_none())
        .map(|l| l.label.as_str())
        .collect();
    let superseded = record.canonical_status() == Some(Status::Superseded)
        || !successors.is_empty()
        || !unresolved.is_empty();
    if !superseded && meaning.is_some() && record.canonical_status() == meaning {
        let now = meaning.map(|m| m.as_str()).unwrap_or_default();
        return Ok(Changed {
            paths: Vec::new(),
            notes: std::mem::take(&mut session.notes),
            unchanged: Some(format!("no change: {} is already {now}", record.id)),
        });
    }
    let mut changes: Vec<(usize, Edits)> = Vec::new();
    if superseded {
        let mut names: Vec<String> = successors
            .iter()
            .map(|&j| collection.records[j].describe())
            .collect();
        names.extend(unresolved.iter().map(|l| format!("{l:?}")));
        let by = if names.is_empty() {
            String::new()
        } else {
            format!(" by {}", names.join(", "))
        };
        let successor_ids: Vec<&str> = successors
            .iter()
            .map(|&j| collection.records[j].id.as_str())
            .collect();
        if !force {
            let undo = if successor_ids.is_empty() {
                String::new()
            } else {
                format!(
                    " removes `Supersedes {}` from {}",
                    record.id,
                    successor_ids.join(", ")
                )
            };
            return Err(refuse(
                format!(
                    "{} is superseded{by}: setting it to {} would drop that link",
                    record.id,
                    text.trim()
                ),
                format!(
                    "a superseded decision stays superseded; to supersede the newer one, `adrift supersede {} --by M`; to make {} hold again anyway, `adrift status {wanted} {status} --force`, which also{}",
                    successor_ids.first().copied().unwrap_or("N"),
                    record.id,
                    if undo.is_empty() {
                        " rewrites its status".to_string()
                    } else {
                        undo.clone()
                    }
                ),
            ));
        }
        // --force: the other sides lose their `Supersedes` link to this one,
        // and this one its `Superseded by` lines.
        for &j in &successors {
            let other = &collection.records[j];
            let mut edits = Edits::default();
            for link in other
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::Supersedes && l.target == Some(i))
            {
                if !remove_link_line(other, link, &mut edits) {
                    return Err(refuse(
                        format!(
                            "{} states that it supersedes {} inside its status line",
                            other.id, record.id
                        ),
                        format!(
                            "edit {} by hand, then run `adrift status {wanted} {status}` again",
                            other.source.path
                        ),
                    ));
                }
            }
            changes.push((j, edits));
        }
    }
    let text = in_records_case(record, &text);
    let mut edits = Edits::default();
    if superseded {
        for link in record
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::SupersededBy)
        {
            remove_link_line(record, link, &mut edits);
        }
    }
    set_status(record, &text, today, &mut edits);
    changes.push((i, edits));
    write_all(session, &collection, changes, config, cwd)
}

/// The status word in the case the record already writes its status in
/// (`PROPOSED` becomes `ACCEPTED`, `proposed` becomes `accepted`).
fn in_records_case(record: &Record, text: &str) -> String {
    let Some(current) = &record.status else {
        return text.to_string();
    };
    let letters: Vec<char> = current.text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        text.to_uppercase()
    } else if !letters.is_empty() && letters.iter().all(|c| c.is_lowercase()) {
        text.to_lowercase()
    } else {
        text.to_string()
    }
}

/// Removes the line that states `link` (and a blank line it leaves
/// doubled); false when the link is not on a line of its own (it is part
/// of the status line, which the caller rewrites or must leave alone).
fn remove_link_line(record: &Record, link: &crate::record::Link, edits: &mut Edits) -> bool {
    if record.status.as_ref().is_some_and(|s| s.span == link.span) {
        return false;
    }
    let text = &record.source.text;
    let start = text[..link.span.start]
        .rfind(['\n', '\r'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let end_of_line = text[link.span.end..]
        .find(['\n', '\r'])
        .map(|i| link.span.end + i)
        .unwrap_or(text.len());
    let eol_len = if text[end_of_line..].starts_with("\r\n") {
        2
    } else {
        usize::from(end_of_line < text.len())
    };
    let mut range = start..end_of_line + eol_len;
    // A blank line before and after: one of them goes too.
    let before = &text[..start];
    let blank_before =
        before.ends_with("\n\n") || before.ends_with("\r\n\r\n") || before.ends_with("\r\r");
    let after = &text[range.end..];
    let blank_after = after.starts_with('\n')
        || after.starts_with("\r\n")
        || after.starts_with('\r')
        || after.is_empty();
    if blank_before && blank_after {
        let eol = if before.ends_with("\r\n") { 2 } else { 1 };
        range = start - eol..range.end;
    }
    edits.replace(range, String::new());
    true
}
