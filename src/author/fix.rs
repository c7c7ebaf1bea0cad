//! `adrift lint --fix`: the safe fixes. Look-alike hyphens in ids, titles
//! and dates become `-`; a missing reciprocal supersede link is added to the
//! newer record; a stale index is rewritten. Each changes only the bytes it
//! fixes, and running it twice changes nothing the second time. adr-tools'
//! own `Superceded` spelling is a status adrift reads, and is left alone.

use std::collections::BTreeMap;
use std::path::Path;

use super::edit::add_link;
use super::{Edits, io_error, lock_dir, replace_file};
use crate::config::{Config, display};
use crate::error::Error;
use crate::record::LinkKind;

/// Applies every safe fix in the collection at `dir`; returns one line per
/// file changed, saying what was fixed.
pub fn run(dir: &Path, config: &Config, cwd: &Path) -> Result<Vec<String>, Error> {
    let _lock = lock_dir(dir)?;
    let collection = crate::collection::load(dir, &[], config, cwd);
    let mut edits: BTreeMap<usize, (Edits, Vec<String>)> = BTreeMap::new();
    for (i, record) in collection.readable() {
        if !record.lookalikes.is_empty() {
            let entry = edits.entry(i).or_default();
            for l in &record.lookalikes {
                entry.0.replace(l.span.clone(), "-");
            }
            let n = record.lookalikes.len();
            entry.1.push(format!(
                "{n} look-alike hyphen{} replaced by -",
                if n == 1 { "" } else { "s" }
            ));
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
            if other.read_problem.is_some()
                || other
                    .links
                    .iter()
                    .any(|l| l.kind == LinkKind::Supersedes && l.target == Some(i))
            {
                continue;
            }
            let entry = edits.entry(newer).or_default();
            add_link(other, LinkKind::Supersedes, record, &mut entry.0);
            entry
                .1
                .push(format!("added the link back: supersedes {}", record.id));
        }
    }
    let mut report = Vec::new();
    for (i, (e, what)) in &edits {
        let record = &collection.records[*i];
        let text = e.apply(&record.source.text);
        if text == record.source.text {
            continue;
        }
        replace_file(&record.path, text.as_bytes()).map_err(|e| io_error(&record.path, cwd, e))?;
        report.push(format!("fixed {}: {}", record.source.path, what.join("; ")));
    }
    // The index last: the fixes above may change titles and links.
    let path = super::index::index_path(dir);
    if let Ok(text) = std::fs::read_to_string(&path)
        && text.contains(super::index::START)
    {
        let collection = crate::collection::load(dir, &[], config, cwd);
        let wanted = super::index::updated(&collection, &path, Some(&text));
        if wanted != text {
            replace_file(&path, wanted.as_bytes()).map_err(|e| io_error(&path, cwd, e))?;
            report.push(format!("fixed {}: rewrote the index", display(&path, cwd)));
        }
    }
    Ok(report)
}
