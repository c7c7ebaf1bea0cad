//! Authoring: `init`, `new`, `supersede`, `link`, `status`, `renumber`,
//! `index`, `graph`.
//!
//! The only code in adrift that writes. Every write is atomic (a temporary
//! file in the same directory, then a rename), a new file is created
//! exclusively (a hard link from the temporary file, which fails if the name
//! exists), and every command that writes in the record directory does it
//! through a [`txn::Session`]: it holds the directory's lock (waited for at
//! most `ADRIFT_LOCK_TIMEOUT` seconds, then refused naming the holder), so
//! concurrent `adrift new` runs never share a number or lose a file; it
//! never writes through a symbolic link out of the record directory; and
//! it journals a change of several files, so an interrupted command is
//! finished by the next one. Edits replace only the bytes they mean to:
//! line endings (`\r\n`, `\n` or `\r`), a BOM and everything else stay as
//! they were. A refused command writes nothing of its own.

pub mod edit;
pub mod fix;
pub mod graph;
pub mod index;
pub mod init;
pub mod lock;
pub mod new;
pub mod ops;
pub mod renumber;
pub mod txn;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::source::Span;

/// Whether process `pid` is running: `None` where that cannot be told
/// (no `/proc`). A zombie is not running.
pub(crate) fn process_alive(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Some(false);
    };
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    Some(!matches!(state, Some('Z' | 'X')))
}

/// What an authoring command changed, and what it found and repaired on
/// the way in (notes for standard error).
#[derive(Debug, Default)]
pub struct Changed {
    pub paths: Vec<PathBuf>,
    pub notes: Vec<String>,
    /// Why nothing was written, when nothing was (`no change: ADR-0002 is
    /// already accepted`).
    pub unchanged: Option<String>,
}

/// This process's command line, as `adrift ARGS`: for the lock's holder
/// note and the journal.
pub(crate) fn command_line() -> String {
    std::env::args()
        .enumerate()
        .map(|(i, a)| if i == 0 { "adrift".to_string() } else { a })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `collection` as it will be once the records at the given indexes have
/// the given paths and texts: the same records, re-read from their new
/// texts, with links resolved again.
pub fn with_changes(
    collection: &crate::collection::Collection,
    changed: Vec<(usize, PathBuf, String)>,
    config: &crate::config::Config,
    cwd: &Path,
) -> crate::collection::Collection {
    with_records(collection, changed, Vec::new(), config, cwd)
}

/// The collection as it will be once `changed` records are rewritten and
/// `added` ones created.
pub fn with_records(
    collection: &crate::collection::Collection,
    changed: Vec<(usize, PathBuf, String)>,
    added: Vec<(PathBuf, String)>,
    config: &crate::config::Config,
    cwd: &Path,
) -> crate::collection::Collection {
    let mut records = collection.records.clone();
    let parse = |path: PathBuf, text: String| {
        let shown = crate::config::display(&path, cwd);
        crate::record::parse_record(
            path,
            crate::source::SourceFile::new(shown, text),
            &config.statuses,
        )
    };
    for (i, path, text) in changed {
        records[i] = parse(path, text);
    }
    let mut files = collection.files.clone();
    for (path, text) in added {
        files.insert(crate::config::normalise(&path));
        records.push(parse(path, text));
    }
    crate::collection::Collection::assemble(
        collection.dir.clone(),
        collection.display_dir.clone(),
        records,
        files,
    )
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = format!(
        ".{name}.adrift-{}-{}.tmp",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    path.with_file_name(unique)
}

fn write_temp(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let temp = temp_path(path);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    // `temp-written-N`: killed with the process's Nth temporary file
    // written and not yet renamed.
    static WRITTEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = WRITTEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    crate::parallel::crash_point(&format!("temp-written-{n}"));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(temp)
}

/// Replaces `path` with `bytes` atomically.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(&temp, meta.permissions());
    }
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })?;
    sync_parent(path);
    Ok(())
}

/// Makes a rename or link in `path`'s directory durable (the directory's
/// entries reach the disk, not only the file's bytes). Best effort: the
/// change itself is already atomic, and some systems cannot open a
/// directory to sync it.
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(handle) = fs::File::open(dir) {
            let _ = handle.sync_all();
        }
    }
}

/// Creates `path` with `bytes`, atomically and only if it does not exist:
/// `AlreadyExists` otherwise, and nothing is written.
pub fn create_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    linked?;
    sync_parent(path);
    Ok(())
}

/// The line ending a file uses: `\r\n` if any line ends so, else `\n`,
/// else `\r` (old Mac files), else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else if text.contains('\n') || !text.contains('\r') {
        "\n"
    } else {
        "\r"
    }
}

/// Whether a text ends with a line ending of any style.
pub fn ends_with_line_break(text: &str) -> bool {
    text.ends_with(['\n', '\r'])
}

/// Replacements of byte ranges in one text.
#[derive(Debug, Default, Clone)]
pub struct Edits {
    edits: Vec<(Span, String)>,
}

impl Edits {
    pub fn replace(&mut self, span: Span, with: impl Into<String>) {
        self.edits.push((span, with.into()));
    }

    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.edits.push((at..at, text.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The text with every edit applied (later spans first, so earlier
    /// offsets stay valid; insertions at one place keep their order).
    pub fn apply(&self, text: &str) -> String {
        let mut order: Vec<usize> = (0..self.edits.len()).collect();
        order.sort_by(|&a, &b| {
            let (sa, sb) = (&self.edits[a].0, &self.edits[b].0);
            sb.start.cmp(&sa.start).then(b.cmp(&a))
        });
        let mut out = text.to_string();
        for i in order {
            let (span, with) = &self.edits[i];
            out.replace_range(span.clone(), with);
        }
        out
    }
}

/// `to` as a link from a file in `from_dir`: relative, with `/`.
pub fn relative_link(from_dir: &Path, to: &Path) -> String {
    let from = crate::config::normalise(from_dir);
    let to = crate::config::normalise(to);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_string(), from.components().count() - common).collect();
    parts.extend(
        to.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/").replace(' ', "%20")
}

/// A refusal: exit code 2, nothing written.
pub fn refuse(message: impl Into<String>, help: impl Into<String>) -> Error {
    Error::Usage {
        message: message.into(),
        help: help.into(),
    }
}

/// An I/O failure while writing `path`.
pub fn io_error(path: &Path, cwd: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: crate::config::display(path, cwd),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_from_the_end() {
        let mut e = Edits::default();
        e.replace(0..1, "A");
        e.insert(3, "X");
        e.insert(3, "Y");
        e.replace(4..5, "");
        assert_eq!(e.apply("abcde"), "AbcXYd");
    }

    #[test]
    fn create_file_never_overwrites() {
        let dir = std::env::temp_dir().join(format!("adrift-author-unit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("0001-a.md");
        create_file(&path, b"one").unwrap();
        let err = create_file(&path, b"two").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        replace_file(&path, b"three").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file is left"
        );
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(
            relative_link(Path::new("/a/adr"), Path::new("/a/adr/0002 x.md")),
            "0002%20x.md"
        );
        assert_eq!(
            relative_link(Path::new("/a/adr"), Path::new("/a/docs/y.md")),
            "../docs/y.md"
        );
    }
}
