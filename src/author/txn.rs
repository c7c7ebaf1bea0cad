//! How authoring writes: a [`Session`] holds the directory lock, finishes
//! what an interrupted command left, and commits a [`Plan`] of file
//! changes so that no interruption leaves the collection half changed.
//!
//! - **Nothing leaves the record directory.** Every path is checked before
//!   anything is written: a directory on the way that is a symbolic link to
//!   somewhere outside the record directory is refused, naming the link and
//!   where it points. A record that is itself a symbolic link is edited
//!   through (its target is replaced atomically, the link stays a link)
//!   when the target is inside the record directory, and refused otherwise;
//!   a symbolic link is never replaced by a copy, and never moved (renumber
//!   refuses it).
//! - **Several files change together or not at all.** Before a plan of more
//!   than one file is applied, the whole of it (each file's new text, and a
//!   hash of the text it replaces) is written to `.adrift-journal` in the
//!   record directory. The files are then written (new files, then edits,
//!   then removals) and the journal removed. A command killed in between
//!   leaves the journal, and the next authoring command (or `lint --fix`)
//!   finishes the plan before anything else: each file still as the plan
//!   found it is written, each already written is left, and a file someone
//!   changed since is left alone and named.
//! - **Leftover temporary files are removed.** `.NAME.adrift-PID-NANOS.tmp`
//!   files whose process is gone (or older than an hour) are removed by the
//!   next authoring command.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::lock::{DirLock, lock_dir};
use super::{create_file, io_error, process_alive, refuse, replace_file};
use crate::config::display;
use crate::error::Error;
use crate::parallel::crash_point;

/// The journal of a plan being applied, in the record directory.
pub const JOURNAL: &str = ".adrift-journal";

/// A temporary file older than this is stale even if its process id is
/// alive (process ids are reused).
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// One file's change: `before` is its current text (`None`: it must not
/// exist), `after` its new text (`None`: remove it).
#[derive(Debug, Clone)]
struct Change {
    path: PathBuf,
    before: Option<String>,
    after: Option<String>,
}

/// The file changes one command makes.
#[derive(Debug, Default, Clone)]
pub struct Plan {
    changes: Vec<Change>,
}

impl Plan {
    /// Creates `path` (it must not exist).
    pub fn create(&mut self, path: &Path, text: impl Into<String>) {
        self.changes.push(Change {
            path: path.to_path_buf(),
            before: None,
            after: Some(text.into()),
        });
    }

    /// Replaces `path`, whose text is `before`, with `after` (nothing if
    /// they are equal).
    pub fn replace(&mut self, path: &Path, before: &str, after: impl Into<String>) {
        let after = after.into();
        if after != before {
            self.changes.push(Change {
                path: path.to_path_buf(),
                before: Some(before.to_string()),
                after: Some(after),
            });
        }
    }

    /// Removes `path`, whose text is `before`.
    pub fn remove(&mut self, path: &Path, before: &str) {
        self.changes.push(Change {
            path: path.to_path_buf(),
            before: Some(before.to_string()),
            after: None,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The journal file's contents.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The command that wrote it, for the report of its completion.
    command: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// Relative to the record directory, `/`-separated.
    path: String,
    /// `fnv1a64:HEX` of the text the plan replaces; `None`: absent.
    before: Option<String>,
    after: Option<String>,
}

/// FNV-1a, 64 bits: a hash that is the same in every build of adrift.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// The locked record directory, for one authoring command.
pub struct Session {
    dir: PathBuf,
    /// `dir`, canonical: what "inside the record directory" means.
    root: PathBuf,
    cwd: PathBuf,
    _lock: DirLock,
    /// What was found and repaired on the way in, for standard error.
    pub notes: Vec<String>,
}

impl Session {
    /// Locks `dir`, finishes an interrupted command's plan and removes
    /// stale temporary files.
    pub fn begin(dir: &Path, cwd: &Path) -> Result<Session, Error> {
        let lock = lock_dir(dir, cwd)?;
        let root = fs::canonicalize(dir).map_err(|e| io_error(dir, cwd, e))?;
        let mut session = Session {
            dir: dir.to_path_buf(),
            root,
            cwd: cwd.to_path_buf(),
            _lock: lock,
            notes: Vec::new(),
        };
        session.recover()?;
        session.sweep();
        Ok(session)
    }

    fn show(&self, path: &Path) -> String {
        display(path, &self.cwd)
    }

    /// Where a write to `path` really lands, checked: never outside the
    /// record directory, never replacing a symbolic link.
    fn target(&self, path: &Path, removing: bool) -> Result<PathBuf, Error> {
        let outside = || {
            refuse(
                format!(
                    "{} is outside the record directory {}",
                    self.show(path),
                    self.show(&self.dir)
                ),
                "adrift writes only inside the record directory",
            )
        };
        let relative = path
            .strip_prefix(&self.dir)
            .or_else(|_| path.strip_prefix(&self.root))
            .map_err(|_| outside())?;
        let parts: Vec<&std::ffi::OsStr> = relative
            .components()
            .map(|c| match c {
                Component::Normal(part) => Ok(part),
                _ => Err(outside()),
            })
            .collect::<Result<_, _>>()?;
        let Some((name, parents)) = parts.split_last() else {
            return Err(outside());
        };
        // Each directory on the way: a link out of the record directory is
        // refused, naming the link.
        let mut at = self.dir.clone();
        for part in parents {
            at.push(part);
            let meta = fs::symlink_metadata(&at).map_err(|e| io_error(&at, &self.cwd, e))?;
            if meta.file_type().is_symlink() {
                let resolved = fs::canonicalize(&at).ok();
                if !resolved.as_ref().is_some_and(|r| r.starts_with(&self.root)) {
                    return Err(self.link_out(&at, resolved.as_deref(), "directory"));
                }
            }
        }
        let parent = fs::canonicalize(&at).map_err(|e| io_error(&at, &self.cwd, e))?;
        if !parent.starts_with(&self.root) {
            return Err(outside());
        }
        let file = parent.join(name);
        match fs::symlink_metadata(&file) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let resolved = fs::canonicalize(&file).ok();
                let inside = resolved
                    .as_ref()
                    .filter(|r| r.starts_with(&self.root) && r.is_file());
                match inside {
                    Some(_) if removing => Err(refuse(
                        format!(
                            "{} is a symbolic link (to {}); moving it would replace the link with a copy",
                            self.show(path),
                            link_text(&file)
                        ),
                        "move the link and its target yourself, or replace the link with the file, then run the command again",
                    )),
                    Some(real) => Ok(real.clone()),
                    None => Err(self.link_out(path, resolved.as_deref(), "record")),
                }
            }
            _ => Ok(file),
        }
    }

    fn link_out(&self, link: &Path, resolved: Option<&Path>, what: &str) -> Error {
        let raw = link_text(link);
        let (to, there) = match resolved {
            Some(r) if self.show(r) != raw => (format!("{} (`{raw}`)", self.show(r)), self.show(r)),
            Some(_) => (raw.clone(), raw),
            None => (format!("{raw}, which does not exist"), raw),
        };
        let dir = self.show(&self.dir);
        let help = if what == "directory" {
            format!("edit those records where they live ({there}), or move them into {dir}")
        } else {
            format!("edit the record where it lives ({there}), or replace the link with the file")
        };
        refuse(
            format!(
                "{} is a symbolic link to {to}, outside the record directory {dir}; adrift does not write through it",
                self.show(link),
            ),
            help,
        )
    }

    /// Applies `plan`: every path checked first (a refusal writes
    /// nothing), then journaled, new files, edits, removals. Returns the
    /// paths changed, as the plan named them.
    pub fn commit(&mut self, plan: Plan, command: &str) -> Result<Vec<PathBuf>, Error> {
        if plan.is_empty() {
            return Ok(Vec::new());
        }
        let mut changes = plan.changes;
        // New files first (a name taken stops the plan before any edit),
        // then edits, then removals.
        changes.sort_by_key(|c| match (&c.before, &c.after) {
            (None, _) => 0,
            (Some(_), Some(_)) => 1,
            (Some(_), None) => 2,
        });
        let mut targets = Vec::new();
        for change in &changes {
            let target = self.target(&change.path, change.after.is_none())?;
            if change.before.is_none() && fs::symlink_metadata(&target).is_ok() {
                return Err(refuse(
                    format!("{} already exists", self.show(&change.path)),
                    "adrift never writes over a file it did not read; choose another number or title",
                ));
            }
            targets.push(target);
        }
        let journal = self.root.join(JOURNAL);
        let journaled = changes.len() > 1;
        if journaled {
            let entries = changes
                .iter()
                .zip(&targets)
                .map(|(c, t)| Entry {
                    path: relative_text(t, &self.root),
                    before: c.before.as_deref().map(|b| hash(b.as_bytes())),
                    after: c.after.clone(),
                })
                .collect();
            let text = serde_json::to_string(&Journal {
                command: command.to_string(),
                entries,
            })
            .unwrap_or_default();
            replace_file(&journal, text.as_bytes())
                .map_err(|e| io_error(&journal, &self.cwd, e))?;
            crash_point("after-journal");
        }
        let mut created: Vec<&Path> = Vec::new();
        let mut written = Vec::new();
        for (n, (change, target)) in changes.iter().zip(&targets).enumerate() {
            let result = match (&change.before, &change.after) {
                (None, Some(text)) => create_file(target, text.as_bytes()),
                (Some(_), Some(text)) => replace_file(target, text.as_bytes()),
                (_, None) => fs::remove_file(target),
            };
            if let Err(e) = result {
                if change.before.is_none() {
                    // Nothing but new files is written yet: undo them.
                    for path in created {
                        let _ = fs::remove_file(path);
                    }
                    if journaled {
                        let _ = fs::remove_file(&journal);
                    }
                    return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
                        refuse(
                            format!("{} already exists", self.show(&change.path)),
                            "another program wrote it just now; run the command again",
                        )
                    } else {
                        io_error(&change.path, &self.cwd, e)
                    });
                }
                return Err(io_error(&change.path, &self.cwd, e));
            }
            if change.before.is_none() {
                created.push(target);
            }
            written.push(change.path.clone());
            crash_point(&format!("after-write-{}", n + 1));
        }
        if journaled {
            fs::remove_file(&journal).map_err(|e| io_error(&journal, &self.cwd, e))?;
        }
        Ok(written)
    }

    /// Finishes the plan of a command that was interrupted.
    fn recover(&mut self) -> Result<(), Error> {
        let path = self.root.join(JOURNAL);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error(&path, &self.cwd, e)),
        };
        let shown = self.show(&self.dir.join(JOURNAL));
        let journal: Journal = serde_json::from_str(&text).map_err(|e| {
            refuse(
                format!("{shown} is not a journal adrift can read: {e}"),
                format!(
                    "it records a change an interrupted adrift command did not finish; check the records, then remove {shown}"
                ),
            )
        })?;
        let mut done = Vec::new();
        let mut left = Vec::new();
        let mut removals = Vec::new();
        for entry in &journal.entries {
            let shown_entry = self.show(&self.dir.join(&entry.path));
            // Only what adrift writes: Markdown files inside the record
            // directory (a journal is a file anyone could have committed).
            let target = (Path::new(&entry.path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
                && is_markdown(&entry.path))
            .then(|| self.root.join(&entry.path))
            .ok_or(())
            .and_then(|p| self.target(&p, false).map_err(|_| ()));
            let Ok(target) = target else {
                left.push(format!("{:?} (not a path adrift writes)", entry.path));
                continue;
            };
            if entry.after.is_none() {
                removals.push((target, entry, shown_entry));
                continue;
            }
            let current = fs::read(&target).ok();
            let is_after = current.as_deref() == entry.after.as_deref().map(str::as_bytes);
            let is_before = match (&current, &entry.before) {
                (None, None) => true,
                (Some(bytes), Some(h)) => hash(bytes) == *h,
                _ => false,
            };
            if is_after {
                continue;
            }
            if !is_before {
                left.push(format!("{shown_entry} (it changed since)"));
                continue;
            }
            let text = entry.after.as_deref().unwrap_or_default().as_bytes();
            let result = match current {
                None => create_file(&target, text),
                Some(_) => replace_file(&target, text),
            };
            result.map_err(|e| io_error(&target, &self.cwd, e))?;
            done.push(shown_entry);
        }
        // A removal (a renumbered record's old name) only when everything
        // else is in place: the record is never lost.
        for (target, entry, shown_entry) in removals {
            match fs::read(&target) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Ok(bytes) if left.is_empty() && entry.before.as_deref() == Some(&hash(&bytes)) => {
                    fs::remove_file(&target).map_err(|e| io_error(&target, &self.cwd, e))?;
                    done.push(format!("{shown_entry} (removed)"));
                }
                _ => left.push(format!("{shown_entry} (kept)")),
            }
        }
        fs::remove_file(&path).map_err(|e| io_error(&path, &self.cwd, e))?;
        let mut note = format!("finished the interrupted `{}`", journal.command);
        if !done.is_empty() {
            note.push_str(&format!(": wrote {}", done.join(", ")));
        }
        if !left.is_empty() {
            note.push_str(&format!(
                "; left alone {}: check them with `adrift lint`",
                left.join(", ")
            ));
        }
        self.notes.push(note);
        Ok(())
    }

    /// Removes adrift's own temporary files left by processes that are gone.
    fn sweep(&mut self) {
        static TEMP: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\..+\.adrift-(\d+)-\d+\.tmp$").expect("regex"));
        let own = std::process::id();
        let walker = walkdir::WalkDir::new(&self.dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !skipped_dir(e));
        let mut seen = HashSet::new();
        for entry in walker.filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            let Some(pid) = TEMP.captures(&name).and_then(|c| c[1].parse::<u32>().ok()) else {
                continue;
            };
            if pid == own || !seen.insert(entry.path().to_path_buf()) {
                continue;
            }
            let old = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER);
            if (process_alive(pid) == Some(false) || old) && fs::remove_file(entry.path()).is_ok() {
                self.notes.push(format!(
                    "removed {}, a temporary file left by an interrupted adrift (process {pid})",
                    self.show(entry.path())
                ));
            }
        }
    }
}

/// The directories `collection::load` does not walk: hidden ones,
/// `node_modules` and `templates`.
fn skipped_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && {
        let name = entry.file_name().to_string_lossy();
        name.starts_with('.') || name == "node_modules" || name == "templates"
    }
}

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Where a symbolic link points, as written in it.
fn link_text(link: &Path) -> String {
    fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "an unreadable target".to_string())
}

fn relative_text(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn the_hash_is_fnv1a() {
        assert_eq!(hash(b""), "fnv1a64:cbf29ce484222325");
        assert_eq!(hash(b"a"), "fnv1a64:af63dc4c8601ec8c");
    }
}
