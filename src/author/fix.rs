//! `adrift lint --fix`: the safe fixes. Look-alike hyphens in ids, titles
//! and dates become `-`; a missing reciprocal supersede link is added to the
//! newer record; a stale index is rewritten. Each changes only the bytes it
//! fixes, and running it twice changes nothing the second time. adr-tools'
//! own `Superceded` spelling is a status adrift reads, and is left alone.

use std::collections::BTreeMap;
use std::path::Path;

use super::edit::add_link;
use super::txn::{Plan, Session};
use super::{Edits, command_line};
use crate::collection::Collection;
use crate::config::{Config, display};
use crate::error::Error;
use crate::record::LinkKind;

/// What `--fix` changes in one record.
#[derive(Default)]
struct Fixes {
    hyphens: Edits,
    hyphen_count: usize,
    /// The records (by index) this one gains a `Supersedes` link to.
    links: Vec<usize>,
}

impl Fixes {
    fn edits(&self, collection: &Collection, index: usize) -> Edits {
        let mut edits = self.hyphens.clone();
        let record = &collection.records[index];
        for &old in &self.links {
            add_link(
                record,
                LinkKind::Supersedes,
                &collection.records[old],
                &mut edits,
            );
        }
        edits
    }
}

/// Applies every safe fix in the collection at `dir`; returns the notes of
/// the session, then one line per file changed, saying what was fixed.
pub fn run(dir: &Path, config: &Config, cwd: &Path) -> Result<Vec<String>, Error> {
    let mut session = Session::begin(dir, cwd)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let mut fixes: BTreeMap<usize, Fixes> = BTreeMap::new();
    for (i, record) in collection.readable() {
        if !record.lookalikes.is_empty() {
            let entry = fixes.entry(i).or_default();
            for l in &record.lookalikes {
                entry.hyphens.replace(l.span.clone(), "-");
            }
            entry.hyphen_count = record.lookalikes.len();
        }
    }
    for (i, record) in collection.readable() {
        for link in record
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::SupersededBy)
        {
            let Some(newer) = link.target else { continue };
            let other = &collection.records[newer];
            // Never a link from a record to itself; never one it has.
            if newer == i
                || other.read_problem.is_some()
                || other
                    .links
                    .iter()
                    .any(|l| l.kind == LinkKind::Supersedes && l.target == Some(i))
            {
                continue;
            }
            let entry = fixes.entry(newer).or_default();
            if !entry.links.contains(&i) {
                entry.links.push(i);
            }
        }
    }
    // A link is only added where adrift reads it back: otherwise the next
    // run would add it again.
    let mut after = fixed(&collection, &fixes, config, cwd);
    let mut unreadable = Vec::new();
    for (&i, f) in fixes.iter_mut() {
        f.links.retain(|&old| {
            let reads_back = after.records[i]
                .links
                .iter()
                .any(|l| l.kind == LinkKind::Supersedes && l.target == Some(old));
            if !reads_back {
                unreadable.push((i, old));
            }
            reads_back
        });
    }
    if !unreadable.is_empty() {
        after = fixed(&collection, &fixes, config, cwd);
    }

    let mut plan = Plan::default();
    let mut report = Vec::new();
    for (&i, f) in &fixes {
        let record = &collection.records[i];
        let text = f.edits(&collection, i).apply(&record.source.text);
        if text == record.source.text {
            continue;
        }
        let mut what = Vec::new();
        if f.hyphen_count > 0 {
            let n = f.hyphen_count;
            what.push(format!(
                "{n} look-alike hyphen{} replaced by -",
                if n == 1 { "" } else { "s" }
            ));
        }
        for &old in &f.links {
            what.push(format!(
                "added the link back: supersedes {}",
                collection.records[old].id
            ));
        }
        plan.replace(&record.path, &record.source.text, text);
        report.push(format!("fixed {}: {}", record.source.path, what.join("; ")));
    }
    for (i, old) in unreadable {
        report.push(format!(
            "not fixed {}: a link back to {} could not be placed where adrift reads it; add `Supersedes {}` to its status by hand",
            collection.records[i].source.path,
            collection.records[old].id,
            collection.records[old].id
        ));
    }
    // The index last, from the records as fixed.
    let path = super::index::index_path(dir);
    if let Ok(text) = std::fs::read_to_string(&path)
        && super::index::has_markers(&text)
    {
        let wanted = super::index::updated(&after, &path, Some(&text));
        if wanted != text {
            plan.replace(&path, &text, wanted);
            report.push(format!("fixed {}: rewrote the index", display(&path, cwd)));
        }
    }
    session.commit(plan, &command_line())?;
    let mut lines = std::mem::take(&mut session.notes);
    lines.extend(report);
    Ok(lines)
}

/// The collection as it will be once `fixes` are written.
fn fixed(
    collection: &Collection,
    fixes: &BTreeMap<usize, Fixes>,
    config: &Config,
    cwd: &Path,
) -> Collection {
    let changed = fixes
        .iter()
        .map(|(&i, f)| {
            let record = &collection.records[i];
            (
                i,
                record.path.clone(),
                f.edits(collection, i).apply(&record.source.text),
            )
        })
        .collect::<Vec<_>>();
    super::with_changes(collection, changed, config, cwd)
}
