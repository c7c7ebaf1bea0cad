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

/// The paths (normalised) of `files` a change to `changed` reaches.
pub fn partners(files: &[ProjectFile], changed: &[PathBuf]) -> HashSet<PathBuf> {
    let changed: Vec<PathBuf> = changed.iter().map(|p| normalise(p)).collect();
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
