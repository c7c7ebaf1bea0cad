//! `check --changed-since`: which files a change reaches.
//!
//! A file is rarely read alone. A changed `Cargo.lock` changes what every
//! manifest of its tree brings in; a changed `package.json`, `go.mod`,
//! requirements file or `pyproject.toml` is read with its lock and the
//! files that include it; a Terraform file's providers and modules are
//! read per directory, as are a Helm chart's values and templates or a
//! Compose file's `extends`. So a changed (or deleted) file brings its
//! partners along:
//!
//! - Cargo, npm, Python and Go (manifests, locks and includes): every file
//!   of that ecosystem in the project (their files are few, and which of
//!   them belong together is what the scan itself works out);
//! - Terraform, images and CloudFormation: the files of that ecosystem in
//!   the same directory.
//!
//! A changed file no ecosystem reads by its name may still be read as an
//! include: pip's `-r deps.txt`, setuptools' `file: needs.in`, Compose's
//! `extends: {file: common.yml}` name files anything. Such a file brings
//! along the files of those ecosystems ([`BY_ANY_NAME`]) that mention its
//! name (and their partners in turn); an include always names the file it
//! reads, so none is missed, and a file no include names brings nothing.
//!
//! Files no ecosystem reads (searched for stale citations) are scanned
//! when they changed themselves. A change to a record, a rule file or the
//! configuration never comes here: it reaches every file, so `cli::gate`
//! checks the whole project.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::normalise;
use crate::scan::ProjectFile;
use crate::scan::files::claim;

/// The ecosystems whose files are read together across directories.
const WHOLE_TREE: [&str; 4] = ["cargo", "npm", "python", "go"];

/// The ecosystems whose files include other files by any name.
const BY_ANY_NAME: [&str; 2] = ["python", "images"];

/// The paths (normalised) of `files` a change to `changed` reaches.
/// `read` gives a project file's bytes (for the search for includes of
/// changed files no ecosystem claims); a file it cannot read is taken to
/// mention them (fail closed: the scan then reports why it cannot read it).
pub fn partners(
    files: &[ProjectFile],
    changed: &[PathBuf],
    read: &dyn Fn(&Path) -> Option<Vec<u8>>,
) -> HashSet<PathBuf> {
    let mut changed: Vec<PathBuf> = changed.iter().map(|p| normalise(p)).collect();
    let unclaimed: Vec<&[u8]> = changed
        .iter()
        .filter(|p| claim(p).is_empty())
        .filter_map(|p| p.file_name().map(|n| n.as_encoded_bytes()))
        .collect();
    if !unclaimed.is_empty() {
        let names = aho_corasick::AhoCorasick::new(&unclaimed).ok();
        let including: Vec<PathBuf> = files
            .iter()
            .filter(|f| BY_ANY_NAME.contains(&f.ecosystem.name))
            .filter(|f| match (read(&f.path), &names) {
                (Some(bytes), Some(names)) => names.is_match(&bytes),
                _ => true,
            })
            .map(|f| normalise(&f.path))
            .collect();
        changed.extend(including);
    }
    let mut whole: HashSet<&'static str> = HashSet::new();
    let mut dirs: HashSet<(&'static str, &Path)> = HashSet::new();
    for path in &changed {
        for ecosystem in claim(path) {
            if WHOLE_TREE.contains(&ecosystem.name) {
                whole.insert(ecosystem.name);
            } else if let Some(dir) = path.parent() {
                dirs.insert((ecosystem.name, dir));
            }
        }
    }
    let exact: HashSet<&PathBuf> = changed.iter().collect();
    files
        .iter()
        .map(|f| (f, normalise(&f.path)))
        .filter(|(f, path)| {
            exact.contains(path)
                || whole.contains(f.ecosystem.name)
                || path
                    .parent()
                    .is_some_and(|dir| dirs.contains(&(f.ecosystem.name, dir)))
        })
        .map(|(_, path)| path)
        .collect()
}
