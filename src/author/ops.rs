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

fn write_all(mut session: Session, changes: Vec<(&Record, Edits)>) -> Result<Changed, Error> {
    let mut plan = Plan::default();
    for (record, edits) in changes {
        if !edits.is_empty() {
            let text = &record.source.text;
            plan.replace(&record.path, text, edits.apply(text));
        }
    }
    let paths = session.commit(plan, &command_line())?;
    Ok(Changed {
        paths,
        notes: session.notes,
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
    write_all(session, vec![(old_r, old_edits), (new_r, new_edits)])
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
    write_all(session, vec![(from_r, from_edits), (to_r, to_edits)])
}

/// `adrift status N STATUS`.
pub fn set_record_status(
    dir: &Path,
    wanted: &str,
    status: &str,
    config: &Config,
    today: jiff::civil::Date,
    cwd: &Path,
) -> Result<Changed, Error> {
    let session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let i = find(&collection, wanted)?;
    let record = &collection.records[i];
    if crate::record::read_status(status, &config.statuses).0 == Some(Status::Superseded) {
        return Err(refuse(
            "a record is superseded by another one",
            format!("use `adrift supersede {wanted} --by M` to say which"),
        ));
    }
    let text = status_text(Some(status), None, record.dialect, &config.statuses)?;
    let mut edits = Edits::default();
    set_status(record, &text, today, &mut edits);
    write_all(session, vec![(record, edits)])
}
