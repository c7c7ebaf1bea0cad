//! Finding and reading the project's files, failing closed.
//!
//! The walk reads what git would: it honours `.gitignore` files and
//! `.git/info/exclude` inside the repository and nothing else (no `.ignore`
//! files, no ignore files above the repository, no global excludes), reads
//! hidden files and directories, and skips only `.git/`, `.terraform/`
//! (Terraform's download cache: a module is reported at its call),
//! `node_modules/` and the configured `exclude` globs.
//!
//! Reading never blocks and never grows without bound: a path that is not
//! a regular file (a FIFO, a device, a socket) is a finding, and so is a file
//! larger than the configured cap; neither is ever opened for reading.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{ECOSYSTEMS, Ecosystem};
use crate::config::{Config, display};
use crate::finding::Finding;
use crate::source::SourceFile;

/// Directories the walk never enters, whatever git says.
pub const SKIPPED_DIRS: [&str; 3] = [".git", ".terraform", "node_modules"];

/// One file to scan and the ecosystem that claims it.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub path: PathBuf,
    pub ecosystem: &'static Ecosystem,
}

/// The ecosystems that read a file, each by the file's name (as bytes: a
/// name that is not UTF-8 is still a name Terraform or pip may read), or
/// else by `directory/name`, for an ecosystem that reads the files of a
/// directory (`requirements/base.txt`). A file may be read by several (a
/// `.yaml` file may be a Kubernetes manifest or a CloudFormation template).
pub fn claim(path: &Path) -> Vec<&'static Ecosystem> {
    let Some(name) = path.file_name().map(|n| n.as_encoded_bytes()) else {
        return Vec::new();
    };
    let joined = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|directory| [directory.as_encoded_bytes(), b"/", name].concat());
    ECOSYSTEMS
        .iter()
        .copied()
        .filter(|e| (e.claims)(name) || joined.as_deref().is_some_and(|j| (e.claims)(j)))
        .collect()
}

/// Finds the files adrift scans under `root`, sorted, and the problems met
/// on the way (each a finding: nothing is skipped silently).
pub fn walk(root: &Path, config: &Config, cwd: &Path) -> (Vec<ProjectFile>, Vec<Finding>) {
    let (files, _, problems) = walk_all(root, config, cwd, false);
    (files, problems)
}

/// [`walk`], and with `every_file` also every file of the walk, claimed or
/// not, once each and sorted (the text files `citation-stale` searches):
/// one walk for both.
pub fn walk_all(
    root: &Path,
    config: &Config,
    cwd: &Path,
    every_file: bool,
) -> (Vec<ProjectFile>, Vec<PathBuf>, Vec<Finding>) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .ignore(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(true)
        .parents(true)
        .follow_links(true)
        .filter_entry(|entry| {
            !(entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && SKIPPED_DIRS
                    .iter()
                    .any(|skip| entry.file_name() == std::ffi::OsStr::new(skip)))
        })
        .threads(crate::parallel::threads(4))
        .build_parallel();
    // The walk spreads over the cores (reading directories and looking for
    // ignore files is most of its time); the order is restored below.
    let found = std::sync::Mutex::new((Vec::new(), Vec::new(), Vec::new()));
    walker.run(|| {
        Box::new(|entry| {
            let mut local = Vec::new();
            let mut every = None;
            let mut problem = None;
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_dir()) || config.is_excluded(path) {
                        return ignore::WalkState::Continue;
                    }
                    for ecosystem in claim(path) {
                        local.push(ProjectFile {
                            path: path.to_path_buf(),
                            ecosystem,
                        });
                    }
                    if every_file {
                        every = Some(path.to_path_buf());
                    }
                }
                Err(error) => {
                    let message = error.to_string();
                    let path = walk_error_path(&error).unwrap_or_else(|| root.to_path_buf());
                    if config.is_excluded(&path) {
                        return ignore::WalkState::Continue;
                    }
                    let file = SourceFile::new(display(&path, cwd), String::new());
                    problem = Some(
                        Finding::new(
                            &crate::lints::FILE_UNREADABLE,
                            format!("cannot read: {message}"),
                        )
                        .in_file(&file)
                        .help("fix the path, or exclude it in adrift.toml"),
                    );
                }
            }
            if !local.is_empty() || problem.is_some() || every.is_some() {
                // A poisoned lock means another visitor panicked: that panic
                // is re-raised when the walk ends, so nothing is lost.
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                found.0.append(&mut local);
                found.1.extend(problem);
                found.2.extend(every);
            }
            ignore::WalkState::Continue
        })
    });
    let (mut files, mut problems, mut every): (Vec<ProjectFile>, Vec<Finding>, Vec<PathBuf>) =
        found.into_inner().unwrap_or_else(|e| e.into_inner());
    every.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    problems.sort_by(|a, b| {
        a.path()
            .cmp(b.path())
            .then_with(|| a.message.cmp(&b.message))
    });
    // By bytes: the order only has to be stable, and comparing paths
    // component by component costs more than the rest of the walk.
    files.sort_by(|a, b| {
        a.path
            .as_os_str()
            .as_encoded_bytes()
            .cmp(b.path.as_os_str().as_encoded_bytes())
    });
    (files, every, problems)
}

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// The default cap on a scanned file's size.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads project files: from the working directory's point of view (for
/// display), never more than `max_bytes` each.
#[derive(Debug, Clone)]
pub struct Reader {
    pub cwd: PathBuf,
    pub max_bytes: u64,
    /// A search offered every file this reader reads (`citation-stale`).
    pub tap: Option<Arc<Tap>>,
}

/// A search run on each file as it is read, so that a file an ecosystem
/// read is never read again for it: which paths were read, and the bytes
/// of those that are text and matched (the rest are dropped at once).
#[derive(Debug)]
pub struct Tap {
    /// Whether a file may hold a match (a literal search: SIMD where the
    /// machine has it); the exact search runs only where this says yes.
    pub gate: regex::bytes::Regex,
    pub seen: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<Vec<u8>>>>,
}

impl Tap {
    pub fn new(gate: regex::bytes::Regex) -> Tap {
        Tap {
            gate,
            seen: Default::default(),
        }
    }

    /// Runs the search on a file's bytes; keeps them only on a match.
    pub fn offer(&self, path: &Path, bytes: &[u8]) {
        let kept = (!is_binary(bytes) && self.gate.is_match(bytes)).then(|| bytes.to_vec());
        // A poisoned lock means another reader panicked: re-raised at its join.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.entry(path.to_path_buf()).or_insert(kept);
    }

    /// `None` when the file was never read through the tap; else its bytes
    /// when it matched.
    pub fn taken(&self, path: &Path) -> Option<Option<Vec<u8>>> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.remove(path)
    }
}

/// Git's test for a binary file: a NUL in the first 8,000 bytes.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8000)]).is_some()
}

impl Reader {
    pub fn new(cwd: &Path, config: &Config) -> Reader {
        Reader {
            cwd: cwd.to_path_buf(),
            max_bytes: config.max_file_bytes,
            tap: None,
        }
    }

    /// The path as shown to users.
    pub fn display(&self, path: &Path) -> String {
        display(path, &self.cwd)
    }

    fn unreadable(&self, path: &Path, message: String, help: &str) -> Box<Finding> {
        let file = SourceFile::new(self.display(path), String::new());
        Box::new(
            Finding::new(&crate::lints::FILE_UNREADABLE, message)
                .in_file(&file)
                .help(help.to_string()),
        )
    }

    /// A file's bytes: one stat, one open, one read, and only for a regular
    /// file within the size cap.
    pub fn read_bytes(&self, path: &Path) -> Result<Vec<u8>, Box<Finding>> {
        let help =
            "adrift cannot check what it cannot read; fix the file or exclude it in adrift.toml";
        let not_a_file = |kind: &str| {
            self.unreadable(
                path,
                format!("is {kind}, not a regular file"),
                "adrift reads regular files only; remove it, or exclude it in adrift.toml",
            )
        };
        let mut file = open_without_blocking(path)
            .map_err(|e| self.unreadable(path, format!("cannot read the file: {e}"), help))?;
        let meta = file
            .metadata()
            .map_err(|e| self.unreadable(path, format!("cannot read the file: {e}"), help))?;
        if let Some(kind) = not_regular(&meta) {
            return Err(not_a_file(kind));
        }
        if meta.len() > self.max_bytes {
            return Err(self.too_large(path, meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
        (&mut file)
            .take(self.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| self.unreadable(path, format!("cannot read the file: {e}"), help))?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(self.too_large(path, bytes.len() as u64));
        }
        if let Some(tap) = &self.tap {
            tap.offer(path, &bytes);
        }
        Ok(bytes)
    }

    fn too_large(&self, path: &Path, bytes: u64) -> Box<Finding> {
        self.unreadable(
            path,
            format!(
                "is larger than the {} adrift reads (at least {})",
                human_size(self.max_bytes),
                human_size(bytes)
            ),
            "raise `max_file_size` in adrift.toml if the file is really part of the project, or exclude it",
        )
    }

    /// A file as UTF-8 text; a byte that is not UTF-8 is a located finding.
    pub fn read(&self, path: &Path) -> Result<Arc<SourceFile>, Box<Finding>> {
        let bytes = self.read_bytes(path)?;
        match SourceFile::from_bytes(self.display(path), bytes) {
            (file, None) => Ok(file),
            (file, Some(offset)) => Err(Box::new(
                Finding::new(
                    &crate::lints::FILE_UNREADABLE,
                    format!("file is not valid UTF-8 (first bad byte at offset {offset})"),
                )
                .in_file(&file)
                .at(offset..offset + 1)
                .help("save the file as UTF-8"),
            )),
        }
    }
}

/// Opens a path for reading without ever blocking: on Linux with
/// `O_NONBLOCK` (opening a FIFO then returns at once, and the `fstat` that
/// follows tells it is no regular file); elsewhere after a `stat` says it
/// is one. One path lookup where the platform allows it.
fn open_without_blocking(path: &Path) -> std::io::Result<fs::File> {
    if let Some(flag) = O_NONBLOCK {
        use std::os::unix::fs::OpenOptionsExt;
        return fs::OpenOptions::new()
            .read(true)
            .custom_flags(flag)
            .open(path);
    }
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "is {}, not a regular file",
            not_regular(&meta).unwrap_or("not a file")
        )));
    }
    fs::File::open(path)
}

/// `O_NONBLOCK` where adrift knows its value (Linux, but for the
/// architectures that number it differently).
#[cfg(all(
    target_os = "linux",
    not(any(
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    ))
))]
const O_NONBLOCK: Option<i32> = Some(0o4000);
#[cfg(not(all(
    target_os = "linux",
    not(any(
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    ))
)))]
const O_NONBLOCK: Option<i32> = None;

/// What a non-regular file is, in words.
fn not_regular(meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else {
        Some("not a regular file")
    }
}

/// `64 MiB`, `1.5 KiB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// Reads `64 MiB`, `500KB`, `1048576`: a size in bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "bytes" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tap_keeps_only_text_that_matched() {
        let tap = Tap::new(regex::bytes::Regex::new("ADR-3").unwrap());
        tap.offer(Path::new("a.tf"), b"# ADR-3\n");
        tap.offer(Path::new("b.tf"), b"# nothing\n");
        tap.offer(Path::new("c.bin"), b"ADR-3\0");
        assert_eq!(
            tap.taken(Path::new("a.tf")),
            Some(Some(b"# ADR-3\n".to_vec()))
        );
        assert_eq!(tap.taken(Path::new("b.tf")), Some(None));
        assert_eq!(tap.taken(Path::new("c.bin")), Some(None));
        assert_eq!(tap.taken(Path::new("never-read.md")), None);
    }

    #[test]
    fn sizes_read_and_print() {
        assert_eq!(parse_size("64 MiB"), Some(64 << 20));
        assert_eq!(parse_size("500KB"), Some(500 << 10));
        assert_eq!(parse_size("12"), Some(12));
        assert_eq!(parse_size("12 parsecs"), None);
        assert_eq!(parse_size("99999999999999999999 GiB"), None);
        assert_eq!(human_size(64 << 20), "64 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }

    #[test]
    fn claims_go_by_the_name_even_when_offered_with_its_directory() {
        let name = |p: &str| {
            let claimed = claim(Path::new(p));
            assert!(claimed.len() <= 1, "{p}");
            claimed.first().map(|e| e.name)
        };
        assert_eq!(name("infra/main.tf"), Some("terraform"));
        assert_eq!(name("infra/x.tf.json"), Some("terraform"));
        // Terraform leaves out files whose names start with a dot, wherever
        // they are: the `directory/name` offer must not read them.
        assert_eq!(name("infra/.hidden.tf"), None);
        assert_eq!(name(".hidden.tf.json"), None);
        assert_eq!(name("svc/Cargo.lock"), Some("cargo"));
        assert_eq!(name("svc/requirements.txt"), Some("python"));
        assert_eq!(name("requirements/base.txt"), Some("python"));
        assert_eq!(name("docs/base.txt"), None);
    }
}
