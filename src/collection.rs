//! Finding the record directory, reading every record in it, and resolving
//! the links between records.
//!
//! Reading never skips silently: a file that cannot be read becomes a record
//! with a [`ReadProblem`], which the `file-unreadable` lint reports.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, display};
use crate::error::Error;
use crate::record::{Dialect, ReadProblem, Record, StatusMap, classify_file_name, parse_record};
use crate::source::SourceFile;

/// The directories adrift looks in, in order, when nothing names one.
pub const DEFAULT_DIRS: [&str; 20] = [
    "adr",
    "doc/adr",
    "docs/adr",
    "docs/decisions",
    "docs/architecture/decisions",
    "adrs",
    "doc/adrs",
    "docs/adrs",
    "doc/decisions",
    "doc/architecture/decisions",
    "architecture/decisions",
    "docs/architecture/adr",
    "docs/architecture/adrs",
    "doc/architecture/adr",
    "architecture/adr",
    "architecture-decision-records",
    "architecture-decision-record",
    "docs/architecture-decision-records",
    "docs/architecture-decision-record",
    "docs/decision-records",
];

/// Directories the search for ADR-like files never enters.
const NOT_SEARCHED: [&str; 8] = [
    "node_modules",
    "target",
    "vendor",
    "dist",
    "build",
    "venv",
    "__pycache__",
    "site-packages",
];

/// The largest file read as a record. ADRs are a few kilobytes; anything
/// this large is an attachment or a mistake, and is reported, not read.
pub const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// All the records of one directory.
#[derive(Debug)]
pub struct Collection {
    pub dir: PathBuf,
    /// The directory as shown to users.
    pub display_dir: String,
    /// Sorted by path.
    pub records: Vec<Record>,
    /// The dialect most records use.
    pub dialect: Dialect,
    /// Every file seen in the directory, records or not (for link checks).
    pub files: HashSet<PathBuf>,
}

/// Where the records are: `--adr-dir`, else `adr_dir` in the config, else
/// adr-tools' `.adr-dir` searched upward, else the first default that
/// exists, else the directory with the most ADR-like files.
pub fn locate(explicit: Option<&Path>, config: &Config, cwd: &Path) -> Result<PathBuf, Error> {
    locate_noted(explicit, config, cwd).map(|(dir, _)| dir)
}

/// [`locate`], with a note for stderr when the directory was found by its
/// contents (which one was chosen, and how to pin it).
pub fn locate_noted(
    explicit: Option<&Path>,
    config: &Config,
    cwd: &Path,
) -> Result<(PathBuf, Option<String>), Error> {
    match locate_named(explicit, config, cwd) {
        Err(Error::NoAdrDir { searched }) => {
            let root = cwd
                .ancestors()
                .find(|d| (config.path.is_some() && *d == config.root) || d.join(".git").exists())
                .unwrap_or(cwd);
            let found = adr_like_dirs(root);
            let Some((best, count)) = found.first() else {
                return Err(Error::NoAdrDir { searched });
            };
            let shown = display(best, cwd);
            let (base, file) = match &config.path {
                Some(path) => (config.root.as_path(), path.clone()),
                None => (root, root.join(crate::config::FILE_NAME)),
            };
            let mut note = format!(
                "adrift: no record directory of the usual names; using {shown} ({count} numbered Markdown files read as decision records). Pin it with `--adr-dir {shown}` or `adr_dir = \"{}\"` in {}",
                display(best, base),
                display(&file, cwd)
            );
            let others: Vec<String> = found[1..]
                .iter()
                .take(3)
                .map(|(d, n)| format!("{} ({n})", display(d, cwd)))
                .collect();
            if !others.is_empty() {
                note.push_str(&format!("; also seen: {}", others.join(", ")));
            }
            note.push('\n');
            Ok((best.clone(), Some(note)))
        }
        other => other.map(|dir| (dir, None)),
    }
}

/// Directories under `root` holding ADR-like files (numbered or
/// date-named Markdown read as a record with a status, or as MADR:
/// [`Record::is_adr_like`]), most first; a bounded walk that
/// skips hidden and dependency directories.
pub fn adr_like_dirs(root: &Path) -> Vec<(PathBuf, usize)> {
    const MAX_ENTRIES: usize = 50_000;
    let mut counts: std::collections::BTreeMap<PathBuf, usize> = Default::default();
    let walker = walkdir::WalkDir::new(root)
        .max_depth(6)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || e.file_name()
                    .to_str()
                    .is_some_and(|n| !n.starts_with('.') && !NOT_SEARCHED.contains(&n))
        });
    for entry in walker.take(MAX_ENTRIES).filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        if crate::record::number_in_name(stem).is_none() && !crate::record::is_date_named(stem) {
            continue;
        }
        if read_record(entry.path(), &StatusMap::default(), root).is_adr_like()
            && let Some(parent) = entry.path().parent()
        {
            *counts.entry(parent.to_path_buf()).or_default() += 1;
        }
    }
    let mut found: Vec<(PathBuf, usize)> = counts.into_iter().collect();
    // Most files first; then the shallower, then by name.
    found.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(a.0.components().count().cmp(&b.0.components().count()))
            .then(a.0.cmp(&b.0))
    });
    found
}

fn locate_named(explicit: Option<&Path>, config: &Config, cwd: &Path) -> Result<PathBuf, Error> {
    let check = |dir: PathBuf, from: &str| -> Result<PathBuf, Error> {
        match fs::metadata(&dir) {
            Ok(m) if m.is_dir() => Ok(dir),
            Ok(_) => Err(Error::AdrDir {
                path: display(&dir, cwd),
                reason: "is not a directory".into(),
                help: format!("{from} must name the directory that holds the records"),
            }),
            Err(e) => Err(Error::AdrDir {
                path: display(&dir, cwd),
                reason: format!("cannot be read ({e})"),
                help: format!("check the path given by {from}"),
            }),
        }
    };
    if let Some(dir) = explicit {
        return check(cwd.join(dir), "--adr-dir");
    }
    if let Some(dir) = &config.adr_dir {
        return check(dir.clone(), "adr_dir in adrift.toml");
    }
    for dir in cwd.ancestors() {
        let marker = dir.join(".adr-dir");
        let Ok(meta) = fs::metadata(&marker) else {
            continue;
        };
        if let Some(ReadProblem::NotAFile { kind }) = not_a_file(meta.file_type()) {
            return Err(Error::AdrDir {
                path: display(&marker, cwd),
                reason: format!("is {kind}, not a file"),
                help: ".adr-dir must be a file naming the directory that holds the records".into(),
            });
        }
        if let Ok(text) = read_text(&marker, 64 * 1024) {
            let named = text.trim();
            return check(dir.join(named), ".adr-dir");
        }
    }
    // The defaults, from the working directory up to the project root (the
    // config file's directory, or the repository's top). Outside any
    // project (no config, no repository above), only the working
    // directory: a directory named `adr` somewhere above is not this one's.
    let is_root =
        |dir: &Path| (config.path.is_some() && dir == config.root) || dir.join(".git").exists();
    let bounded = cwd.ancestors().any(is_root);
    for dir in cwd.ancestors().take(if bounded { usize::MAX } else { 1 }) {
        for candidate in DEFAULT_DIRS {
            let found = dir.join(candidate);
            if found.is_dir() {
                return Ok(found);
            }
        }
        if is_root(dir) {
            break;
        }
    }
    Err(Error::NoAdrDir {
        searched: DEFAULT_DIRS.join(", "),
    })
}

/// Reads every record under `dir`, plus `extra` files outside it (paths a
/// user named that are not in the directory).
pub fn load(dir: &Path, extra: &[PathBuf], config: &Config, cwd: &Path) -> Collection {
    // Each path with its file type when the walk already knows it.
    let mut paths: Vec<(PathBuf, Option<fs::FileType>)> = Vec::new();
    let mut problems = Vec::new();
    let mut files = HashSet::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skip_dir(e));
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_dir() {
                    continue;
                }
                let path = entry.path().to_path_buf();
                files.insert(normal_path(&path));
                if is_record_path(&path) && !config.is_excluded(&path) {
                    // The walk follows links: this is the target's type.
                    paths.push((path, Some(entry.file_type())));
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let message = match e.loop_ancestor() {
                    Some(a) => format!("symbolic link loop back to {}", display(a, cwd)),
                    None => e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string()),
                };
                problems.push((path, ReadProblem::Io(message)));
            }
        }
    }
    // In path order (the walk's order is the directory's): comparing bytes
    // is far cheaper than comparing `Path`s, and `assemble`'s sort then
    // finds the records in order.
    paths.sort_by_cached_key(|(p, _)| path_key(p));
    if !extra.is_empty() {
        let walked: HashSet<PathBuf> = paths
            .iter()
            .map(|(p, _)| crate::config::normalise(p))
            .collect();
        for path in extra {
            if !walked.contains(&crate::config::normalise(path)) {
                paths.push((path.clone(), None));
            }
        }
    }

    let mut records = read_all(dir, &paths, &config.statuses, cwd);
    for (path, problem) in problems {
        records.push(unreadable(path.clone(), display(&path, cwd), problem));
    }
    Collection::assemble(dir.to_path_buf(), display(dir, cwd), records, files)
}

impl Collection {
    /// A collection of already-read records: sorts them by path, finds the
    /// collection's dialect and resolves the links between records.
    pub fn assemble(
        dir: PathBuf,
        display_dir: String,
        mut records: Vec<Record>,
        files: HashSet<PathBuf>,
    ) -> Collection {
        records.sort_by(|a, b| a.path.cmp(&b.path));
        let dialect = majority_dialect(&records);
        let mut collection = Collection {
            dir,
            display_dir,
            records,
            dialect,
            files,
        };
        resolve_links(&mut collection);
        collection
    }
}

/// A key that sorts normal paths as `Path::cmp` does (components compared
/// in turn): the bytes with the separator lowest.
fn path_key(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if cfg!(unix) {
        bytes
            .iter()
            .map(|&b| if b == b'/' { 0 } else { b })
            .collect()
    } else {
        // Elsewhere `assemble` puts them in order.
        Vec::new()
    }
}

/// A fast hash (FNV-1a) for the maps of names and paths built on every
/// run; nothing hashed comes from an adversary that could profit from
/// collisions beyond slowing its own lint.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A `HashMap` with [`Fnv`].
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// `config::normalise`, without its work for a path that is already normal
/// (no `.` or `..` component, no doubled or trailing separator), as the
/// walk's paths usually are.
fn normal_path(path: &Path) -> PathBuf {
    let bytes = path.as_os_str().as_encoded_bytes();
    let plain = cfg!(unix)
        && !bytes.is_empty()
        && bytes[0] != b'.'
        && !bytes.ends_with(b"/")
        && !bytes.windows(2).any(|w| w == b"//" || w == b"/.");
    if plain {
        path.to_path_buf()
    } else {
        crate::config::normalise(path)
    }
}

/// Whether a path names a record: Markdown, and not a template or an index.
pub fn is_record_path(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") || lower.ends_with(".markdown")) && classify_file_name(name).is_none()
}

fn skip_dir(entry: &walkdir::DirEntry) -> bool {
    if !entry.file_type().is_dir() {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || name == "node_modules" || name == "templates"
}

/// Reads and parses files on every core: parsing is the bulk of the work.
fn read_all(
    dir: &Path,
    paths: &[(PathBuf, Option<fs::FileType>)],
    statuses: &StatusMap,
    cwd: &Path,
) -> Vec<Record> {
    let shown = Shown::new(dir, cwd);
    crate::parallel::map(paths, 64, 8, |(p, file_type)| {
        crate::parallel::fault_point("read-record");
        read_record_of_type(p, shown.of(p), *file_type, statuses)
    })
}

/// Paths under the record directory as [`display`] shows them, worked out
/// once for the directory rather than once per record.
struct Shown<'a> {
    dir: &'a Path,
    cwd: &'a Path,
    /// How the directory is shown, when a path under it is shown as that
    /// and its own components (not when the working directory is inside it).
    dir_shown: Option<String>,
}

impl<'a> Shown<'a> {
    fn new(dir: &'a Path, cwd: &'a Path) -> Self {
        let absolute = |p: &Path| crate::config::normalise(&cwd.join(p));
        let (dir_abs, cwd_abs) = (absolute(dir), absolute(cwd));
        let cwd_inside = cwd_abs.starts_with(&dir_abs) && cwd_abs != dir_abs;
        Shown {
            dir,
            cwd,
            dir_shown: (!cwd_inside).then(|| display(dir, cwd)),
        }
    }

    fn of(&self, path: &Path) -> String {
        match (&self.dir_shown, self.relative(path)) {
            (Some(dir), Some(rel)) => {
                if dir == "." {
                    rel.to_string()
                } else {
                    format!("{dir}/{rel}")
                }
            }
            _ => display(path, self.cwd),
        }
    }

    /// `path` under the directory as plain names (`sub/0001-x.md`), if it
    /// is that: compared as bytes, which `Path::strip_prefix` is not.
    fn relative<'p>(&self, path: &'p Path) -> Option<&'p str> {
        if !cfg!(unix) {
            return None;
        }
        let dir = self.dir.as_os_str().as_encoded_bytes();
        let rest = path.as_os_str().as_encoded_bytes().strip_prefix(dir)?;
        let rest = if dir.ends_with(b"/") {
            rest
        } else {
            rest.strip_prefix(b"/")?
        };
        let rel = std::str::from_utf8(rest).ok()?;
        rel.split('/')
            .all(|name| !matches!(name, "" | "." | ".."))
            .then_some(rel)
    }
}

/// Why a file of `file_type` is not read as a record, if it is not a
/// regular file.
fn not_a_file(file_type: fs::FileType) -> Option<ReadProblem> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some(ReadProblem::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = if file_type.is_fifo() {
            "a FIFO (named pipe)"
        } else if file_type.is_char_device() {
            "a character device"
        } else if file_type.is_block_device() {
            "a block device"
        } else if file_type.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        };
        Some(ReadProblem::NotAFile { kind })
    }
    #[cfg(not(unix))]
    Some(ReadProblem::NotAFile {
        kind: "not a regular file",
    })
}

/// The text of a regular file of at most `limit` bytes (a FIFO or a device
/// is refused before it is opened), read no further than `limit`.
pub fn read_text(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::Read;
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if meta.len() > limit {
        return Err(std::io::Error::other(format!("larger than {limit} bytes")));
    }
    let mut text = String::new();
    fs::File::open(path)?
        .take(limit)
        .read_to_string(&mut text)?;
    Ok(text)
}

/// Reads one file as a record. Never fails: a file that cannot be read is a
/// record with a read problem, and a path that is no regular file (a FIFO,
/// a device, a socket, or a link to one) is never opened.
pub fn read_record(path: &Path, statuses: &StatusMap, cwd: &Path) -> Record {
    read_record_of_type(path, display(path, cwd), None, statuses)
}

/// [`read_record`], given the file type when the caller knows it already
/// (the walk does: it saves a `stat` per record).
fn read_record_of_type(
    path: &Path,
    shown: String,
    file_type: Option<fs::FileType>,
    statuses: &StatusMap,
) -> Record {
    use std::io::Read;
    let problem = |p| unreadable(path.to_path_buf(), shown.clone(), p);
    let io = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::IsADirectory {
            ReadProblem::Directory
        } else {
            ReadProblem::Io(e.to_string())
        }
    };
    let file_type = match file_type {
        Some(t) => t,
        None => match fs::metadata(path) {
            Ok(m) => m.file_type(),
            Err(e) => return problem(io(e)),
        },
    };
    if let Some(p) = not_a_file(file_type) {
        return problem(p);
    }
    // One open, one fstat, one read: the size is known before reading, so a
    // huge file is never read and a normal one is read into one allocation.
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return problem(io(e)),
    };
    let size = match file.metadata() {
        // Replaced since it was looked at: still never read.
        Ok(m) if !m.is_file() => {
            return problem(not_a_file(m.file_type()).unwrap_or(ReadProblem::Directory));
        }
        Ok(m) => m.len(),
        Err(e) => return problem(io(e)),
    };
    if size > MAX_RECORD_BYTES {
        return problem(ReadProblem::TooLarge {
            bytes: size,
            limit: MAX_RECORD_BYTES,
        });
    }
    // What fstat said, in one read as a rule (no second read to find the
    // end: a file that grows meanwhile is read as it was).
    let mut bytes = vec![0; size as usize];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return problem(io(e)),
        }
    }
    bytes.truncate(filled);
    if bytes.contains(&0) {
        return problem(ReadProblem::Binary);
    }
    let (source, bad_byte) = SourceFile::from_bytes(shown, bytes);
    let mut record = parse_record(path.to_path_buf(), source, statuses);
    if let Some(offset) = bad_byte {
        record.read_problem = Some(ReadProblem::NotUtf8 { offset });
    }
    record
}

/// A record for a file that could not be read: no fields, one problem.
fn unreadable(path: PathBuf, shown: String, problem: ReadProblem) -> Record {
    let source = SourceFile::new(shown, String::new());
    let mut record = parse_record(path, source, &StatusMap::default());
    record.read_problem = Some(problem);
    record
}

fn majority_dialect(records: &[Record]) -> Dialect {
    let mut counts: HashMap<Dialect, usize> = HashMap::new();
    for r in records.iter().filter(|r| r.dialect != Dialect::Unknown) {
        *counts.entry(r.dialect).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(d, _)| d)
        .unwrap_or(Dialect::Unknown)
}

/// Points every link at the record it names: by file name, then by number,
/// then by id or file stem.
fn resolve_links(collection: &mut Collection) {
    let n = collection.records.len();
    let mut by_name: FastMap<String, usize> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut by_number: FastMap<u32, Vec<usize>> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut by_id: FastMap<String, usize> =
        FastMap::with_capacity_and_hasher(2 * n, Default::default());
    for (i, r) in collection.records.iter().enumerate() {
        by_name.insert(r.file_name().to_string(), i);
        if let Some(n) = r.number {
            by_number.entry(n).or_default().push(i);
        }
        by_id.insert(r.id.to_ascii_lowercase(), i);
        if let Some(stem) = r.path.file_stem().and_then(|s| s.to_str()) {
            by_id.insert(stem.to_ascii_lowercase(), i);
        }
    }
    let dirs: Vec<PathBuf> = collection
        .records
        .iter()
        .map(|r| normal_path(r.path.parent().unwrap_or(Path::new(""))))
        .collect();
    for r in &mut collection.records {
        let own_dir = normal_path(r.path.parent().unwrap_or(Path::new("")));
        for link in &mut r.links {
            let local = link.path.as_deref().map(|p| {
                let p = p.split(['#', '?']).next().unwrap_or(p);
                percent_decode(p)
            });
            let by_path = local.as_deref().and_then(|p| {
                let name = p.rsplit('/').next().unwrap_or(p);
                by_name.get(name).copied()
            });
            // A path to a file that is not there names the record of its
            // number only in the directory it points into (a renamed slug),
            // never one elsewhere that shares the number.
            let pointed_dir = local.as_deref().filter(|p| !p.contains("://")).map(|p| {
                normal_path(&own_dir.join(Path::new(p).parent().unwrap_or(Path::new(""))))
            });
            let by_num = || {
                link.number
                    .and_then(|n| by_number.get(&n))
                    .filter(|v| v.len() == 1)
                    .map(|v| v[0])
                    .filter(|&i| pointed_dir.as_ref().is_none_or(|d| *d == dirs[i]))
            };
            let by_label = || by_id.get(&link.label.to_ascii_lowercase()).copied();
            link.target = by_path.or_else(by_num).or_else(by_label);
        }
    }
}

/// Decodes `%20` and friends in a link destination.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Collection {
    /// The index of the record a reference names: a number (`12`), an id
    /// (`ADR-0012`), a file name or a file stem.
    ///
    /// A reference is a number (`3`, `ADR-0003`), a file name or stem, a
    /// path as a shell completes it (`adr/0003-use-aws-sso.md`), or a slug:
    /// the file name without its number (`use-aws-sso`) or the title's.
    pub fn find(&self, wanted: &str) -> Option<usize> {
        let wanted = wanted.trim();
        let number = crate::record::parse_number_reference(wanted);
        let stem_of = |r: &Record| {
            r.path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string()
        };
        let exact = self.records.iter().position(|r| {
            let stem = stem_of(r);
            r.id.eq_ignore_ascii_case(wanted)
                || r.file_name().eq_ignore_ascii_case(wanted)
                || stem.eq_ignore_ascii_case(wanted)
                || (number.is_some() && r.number == number)
        });
        if exact.is_some() {
            return exact;
        }
        // A path: as shown (relative to the working directory), or its
        // last components.
        let as_path = wanted.trim_start_matches("./");
        if as_path.contains(['/', '\\']) {
            let path = Path::new(as_path);
            if let Some(i) = self.records.iter().position(|r| {
                r.source.path == as_path || (path.is_relative() && r.path.ends_with(path))
            }) {
                return Some(i);
            }
            if path.is_absolute() {
                let wanted = crate::config::normalise(path);
                return self
                    .records
                    .iter()
                    .position(|r| crate::config::normalise(&r.path) == wanted);
            }
        }
        // A slug: the stem without its number, or the title's slug.
        let slug = crate::record::slugify(wanted);
        if slug.is_empty() {
            return None;
        }
        self.records.iter().position(|r| {
            let stem = stem_of(r);
            let lower = stem.to_ascii_lowercase();
            let unnumbered = lower
                .strip_prefix("adr")
                .unwrap_or(&lower)
                .trim_start_matches(['-', '_'])
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(['-', '_', '.']);
            crate::record::slugify(unnumbered) == slug
                || (!r.title_text().is_empty() && crate::record::slugify(r.title_text()) == slug)
        })
    }

    /// Records a lint can look into: read, and not empty.
    pub fn readable(&self) -> impl Iterator<Item = (usize, &Record)> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.read_problem.is_none() && !r.source.text.trim().is_empty())
    }

    pub fn shared_source(&self, index: usize) -> &Arc<SourceFile> {
        &self.records[index].source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_as_display_shows_them() {
        for (dir, cwd) in [
            ("/repo/adr", "/repo"),
            ("/repo/adr", "/repo/adr"),
            ("/repo/adr", "/repo/adr/sub"),
            ("/repo/adr", "/other"),
            ("adr", "/repo"),
            ("../adr", "/repo/x"),
            ("/repo/./adr/", "/repo/docs"),
        ] {
            let (dir, cwd) = (Path::new(dir), Path::new(cwd));
            let shown = Shown::new(dir, cwd);
            for rel in ["0001-a.md", "sub/0002-b.md", "../0003-c.md", "./0004-d.md"] {
                let path = dir.join(rel);
                assert_eq!(
                    shown.of(&path),
                    display(&path, cwd),
                    "{path:?} from {cwd:?}"
                );
            }
        }
    }
}
