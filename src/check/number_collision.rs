//! `number-collision`: `adrift lint --against REF`, a record number this
//! branch adds that REF also added since the two met (two branches both
//! wrote 0015).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::collection::{Collection, is_record_path};
use crate::config::Config;
use crate::error::Error;
use crate::finding::Finding;
use crate::record::{Record, parse_record};
use crate::source::SourceFile;

declare_lint! {
    /// ## What it does
    /// With `adrift lint --against REF` (e.g. `origin/main`), reports a
    /// record this branch adds whose number a record REF added since the
    /// two branches met also has, naming that record's title and path.
    /// Records on REF are read from git (`git ls-tree`, `git cat-file`) and
    /// parsed as adrift parses every record.
    ///
    /// ## Why is this bad?
    /// Two branches that both run `adrift new` both get the next number.
    /// Each passes its own checks; once both are merged the collection has
    /// two ADR-0015s, links to "ADR-0015" mean either, and renumbering after
    /// the merge breaks citations already made.
    ///
    /// ## Example
    /// `main` gained `adr/0015-use-kafka.md` while this branch wrote
    /// `adr/0015-use-sqs.md`.
    ///
    /// ## Use instead
    /// Renumber this branch's record before merging: `adrift renumber 15
    /// --to 16` (the help names the first number free on both branches).
    pub static NUMBER_COLLISION = {
        code: "number-collision",
        severity: Error,
        summary: "a record number this branch adds that another branch also added",
        check: super::reported_by_check,
    }
}

/// A record REF added since the merge base.
struct Theirs {
    path: PathBuf,
    bytes: Vec<u8>,
    record: Record,
}

/// The `number-collision` findings of `collection` (in `dir`) against `rev`.
pub fn against(
    collection: &Collection,
    dir: &Path,
    rev: &str,
    config: &Config,
) -> Result<Vec<Finding>, Error> {
    let repo = crate::git::Repo::open(dir, "--against")?;
    let base = repo.merge_base(rev)?;
    let theirs_commit = repo.commit(rev)?;
    let dir_in_repo = repo.relative(dir).ok_or_else(|| Error::Usage {
        message: format!(
            "--against: the record directory {} is not inside the repository at {}",
            dir.display(),
            repo.top.display()
        ),
        help: "run adrift from inside the repository, or without --against".to_string(),
    })?;
    let at_base: HashSet<PathBuf> = repo.files_at(&base, &dir_in_repo)?.into_iter().collect();
    let mut theirs = Vec::new();
    for path in repo.files_at(&theirs_commit, &dir_in_repo)? {
        if at_base.contains(&path) || !is_record_path(&path) {
            continue;
        }
        let bytes = repo.read_at(&theirs_commit, &path)?;
        let (source, _) =
            SourceFile::from_bytes(format!("{rev}:{}", path.display()), bytes.clone());
        let record = parse_record(repo.top.join(&path), source, &config.statuses);
        theirs.push(Theirs {
            path,
            bytes,
            record,
        });
    }
    let Some(severity) =
        config.severity_of(NUMBER_COLLISION.code, NUMBER_COLLISION.default_severity)
    else {
        return Ok(Vec::new());
    };
    let numbers: Vec<u32> = collection
        .records
        .iter()
        .filter_map(|r| r.number)
        .chain(theirs.iter().filter_map(|t| t.record.number))
        .collect();
    let mut out = Vec::new();
    for ours in &collection.records {
        let Some(number) = ours.number else { continue };
        let Some(in_repo) = repo.relative(&ours.path) else {
            continue;
        };
        if at_base.contains(&in_repo) {
            continue;
        }
        for other in theirs.iter().filter(|t| t.record.number == Some(number)) {
            // The same file with the same text on both branches is one record.
            if other.path == in_repo && other.bytes == ours.source.text.as_bytes() {
                continue;
            }
            let free = first_free(&numbers, number);
            let mut f = NUMBER_COLLISION.record_finding(
                ours,
                format!(
                    "{} \"{}\" takes number {number}, which {rev} also gave to {} \"{}\" ({}) since the branches met",
                    ours.id,
                    ours.title_text(),
                    other.record.id,
                    other.record.title_text(),
                    other.path.display()
                ),
            )
            .help(format!(
                "renumber this branch's record before merging: `adrift renumber {number} --to {free}` ({free} is free on both branches)"
            ));
            f.severity = severity;
            f.decision = Some(ours.id.clone());
            out.push(f);
        }
    }
    Ok(out)
}

/// The number after the highest of `taken` and `from`.
fn first_free(taken: &[u32], from: u32) -> u32 {
    taken
        .iter()
        .copied()
        .max()
        .unwrap_or(from)
        .max(from)
        .saturating_add(1)
}
