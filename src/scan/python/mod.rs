//! Python: requirements files read the way pip reads them, `pyproject.toml`
//! (PEP 621 dependencies and optional dependencies, PEP 735 dependency
//! groups, Poetry, uv's dev dependencies), and `uv.lock` / `poetry.lock`
//! beside a `pyproject.toml` for packages reached transitively. Names are
//! compared after PEP 503 normalisation (`SQLAlchemy`, `sqlalchemy`;
//! `psycopg2_binary` = `psycopg2-binary`).
//!
//! # Which files are requirements files
//!
//! pip reads any file it is given; projects name theirs in a few ways, and
//! adrift reads every file named like one (case-insensitively):
//!
//! - `*requirements*.txt` and `*requirements*.in` (`requirements.txt`,
//!   `requirements-dev.txt`, `dev-requirements.txt`, pip-tools'
//!   `requirements.in`);
//! - every `.txt` and `.in` file in a directory named `requirements`
//!   (`requirements/base.txt`, `requirements/prod.in`);
//! - `*constraints*.txt`, and any of the above whose name says
//!   `constraints`, read as constraints files: pip installs nothing from a
//!   constraints file's own requirements (they only pin versions), but a
//!   `-r` inside one is a requirements file pip installs from, so adrift
//!   follows it;
//! - every file a `-r` or `-c` line reaches, whatever its name, relative to
//!   the file that includes it (as pip resolves it);
//! - `setup.cfg` (`[options] install_requires`, `[options.extras_require]`,
//!   read by [`setup_cfg`]) and every file setuptools reads dependencies
//!   from (`file:` there, `{file = …}` under `[tool.setuptools.dynamic]` in
//!   a `pyproject.toml`), relative to the file naming it; such a file is
//!   read as a requirements file (setuptools accepts less: a requirement a
//!   line, comments), and one that is not there is a finding at its name.
//!
//! How one file is read is in [`requirements`] (lines, comments, options,
//! names) and [`decode`] (byte-order marks, `coding:` comments). What adrift
//! cannot read the way pip would is a located finding, never a silent skip:
//! an include that cannot be read or is remote (`-r https://…`: adrift does
//! not fetch), includes in a cycle (pip recurses until it fails), a local
//! project without a static name.
//!
//! Choices where pip itself cannot be followed:
//!
//! - pip resolves `-e ./path` and other local paths against its working
//!   directory, which adrift does not know: adrift looks relative to the
//!   requirements file first, then to its own working directory, and names
//!   the project from `pyproject.toml` (`[project] name`, or
//!   `[tool.poetry] name`), `setup.cfg` (`[metadata] name`) or a single
//!   literal `name="…"` in `setup.py`; a project it cannot name is a
//!   finding.
//! - A source archive (`https://…/foo-1.0.tar.gz`, `./dist/foo-1.0.zip`) is
//!   named by pip only after building it; adrift names it from its file
//!   name (`<name>-<version>`) and says so in the note.
//! - A remote constraints file (`-c https://…`) is not fetched and not
//!   reported: it installs nothing unless it holds a `-r` line itself.
//! - `--use-feature` values are not checked: the list changes with pip's
//!   version and changes nothing that is installed.

pub mod decode;
pub mod options;
pub mod pep508;
mod pyproject;
pub mod requirements;
pub mod setup_cfg;
pub mod setup_py;

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::waiver::{self, Comments};
use super::{Declaration, Ecosystem, Job, Reader, ScannedFile, Target, TargetInfo};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};
use requirements::{Entry, LocalProject, Package, Parsed, Problem, ProblemKind, Source};

/// Normalises a Python package name (PEP 503): lower case, runs of `-`,
/// `_` and `.` become one `-`.
pub fn normalise_python(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

pub static PACKAGE: TargetInfo = TargetInfo {
    ecosystem: "python",
    key: "packages",
    noun: "package",
    normalise: normalise_python,
    expand: super::target::same,
};

pub static PYTHON: Ecosystem = Ecosystem {
    name: "python",
    targets: &[&PACKAGE],
    has_dev: true,
    claims: |name| std::str::from_utf8(name).is_ok_and(|n| file_kind(n).is_some()),
    scan: scan_job,
    known_names: None,
};

/// How adrift reads a file of the Python ecosystem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Requirements,
    Constraints,
    Pyproject,
    SetupCfg,
    /// `setup.py`: its literal `install_requires` and `extras_require`.
    SetupPy,
}

/// The kind of a file by its name, or by `directory/name` (how the walk
/// offers a file a second time when no ecosystem claims its name alone).
pub fn file_kind(name: &str) -> Option<FileKind> {
    if name == "pyproject.toml" {
        return Some(FileKind::Pyproject);
    }
    if name == "setup.cfg" {
        return Some(FileKind::SetupCfg);
    }
    if name == "setup.py" {
        return Some(FileKind::SetupPy);
    }
    let lower = name.to_ascii_lowercase();
    let (directory, file) = match lower.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, lower.as_str()),
    };
    let stem = file
        .strip_suffix(".txt")
        .or_else(|| file.strip_suffix(".in"))?;
    if stem.contains("constraints") {
        return file.ends_with(".txt").then_some(FileKind::Constraints);
    }
    (stem.contains("requirements") || directory == Some("requirements"))
        .then_some(FileKind::Requirements)
}

fn scan_job(job: &Job<'_>) -> Vec<ScannedFile> {
    if !job.wanted.wants_ecosystem("python") {
        // Nothing to match: only the waivers count (an unused one is a
        // finding of its own).
        return job
            .paths
            .iter()
            .filter_map(|p| {
                if p.file_name()
                    .is_some_and(|n| n == "pyproject.toml" || n == "setup.cfg")
                {
                    job.reader.read(p).ok()
                } else {
                    read_text(p, job.reader).ok().map(|(file, _)| file)
                }
            })
            .filter_map(|file| ScannedFile::waivers_only(file, Comments::Hash))
            .collect();
    }
    let mut roots = Vec::new();
    let mut pyprojects = Vec::new();
    let mut setup_cfgs = Vec::new();
    for path in job.paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let with_dir = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|d| d.to_str())
            .map(|d| format!("{d}/{name}"))
            .unwrap_or_default();
        match file_kind(name).or_else(|| file_kind(&with_dir)) {
            Some(FileKind::Pyproject) => pyprojects.push(path.clone()),
            Some(FileKind::SetupCfg | FileKind::SetupPy) => setup_cfgs.push(path.clone()),
            Some(FileKind::Constraints) => roots.push((path.clone(), false)),
            Some(FileKind::Requirements) | None => roots.push((path.clone(), true)),
        }
    }
    let (mut out, referenced) = scan_setup_cfgs(&setup_cfgs, job.reader);
    out.extend(scan_with_referenced(
        &roots,
        &pyprojects,
        referenced,
        job.reader,
    ));
    out
}

/// Scans requirements files (`(path, installs)`: false for a constraints
/// file) and `pyproject.toml` files.
pub fn scan(
    roots: &[(PathBuf, bool)],
    pyprojects: &[PathBuf],
    reader: &Reader,
) -> Vec<ScannedFile> {
    scan_with_referenced(roots, pyprojects, Vec::new(), reader)
}

/// [`scan`], with files a build configuration reads requirements from
/// (setuptools' `file:` and `{file = …}`) read as requirements files too.
fn scan_with_referenced(
    roots: &[(PathBuf, bool)],
    pyprojects: &[PathBuf],
    mut referenced: Vec<PathBuf>,
    reader: &Reader,
) -> Vec<ScannedFile> {
    let (mut out, more) = pyproject::scan(pyprojects, reader);
    referenced.extend(more);
    let mut roots = roots.to_vec();
    roots.extend(referenced.into_iter().map(|p| (p, true)));
    out.extend(scan_requirements(&roots, reader));
    out
}

/// Resolves the files a build configuration (`file`, in `dir`) reads
/// requirements from: each that is a file joins `referenced`; each that is
/// not is a problem at its reference (setuptools fails on it).
fn referenced_files(
    file: &Arc<SourceFile>,
    dir: &Path,
    files: Vec<(String, Span)>,
    referenced: &mut Vec<PathBuf>,
    problems: &mut Vec<Finding>,
) {
    for (name, span) in files {
        let path = dir.join(&name);
        if path.is_file() {
            referenced.push(path);
        } else {
            problems.push(super::parse_error(
                file,
                span,
                format!("setuptools reads requirements from `{name}`, which is not a file here"),
                "add the file, or name the one the dependencies are in; setuptools fails without it",
            ));
        }
    }
}

/// Scans `setup.cfg` and `setup.py` files: what setuptools installs with
/// the project.
/// Also returns the files they read requirements from (`file:`).
fn scan_setup_cfgs(paths: &[PathBuf], reader: &Reader) -> (Vec<ScannedFile>, Vec<PathBuf>) {
    let mut out = Vec::new();
    let mut referenced = Vec::new();
    for path in paths {
        let file = match reader.read(path) {
            Ok(file) => file,
            Err(finding) => {
                out.push(ScannedFile::problem_only(*finding));
                continue;
            }
        };
        let setup_py = path.file_name().is_some_and(|n| n == "setup.py");
        let parsed = if setup_py {
            setup_py::parse(&file.text)
        } else {
            setup_cfg::parse(&file.text)
        };
        let mut problems: Vec<Finding> = parsed
            .problems
            .into_iter()
            .map(|(span, message)| {
                let help = if message.starts_with("adrift cannot read") {
                    "write the dependencies as a literal list (or in pyproject.toml or setup.cfg), or exclude setup.py in adrift.toml if it is not what installs the project; adrift never runs it"
                } else {
                    "a requirement is a PEP 508 string (`name[extra] >=1.0 ; marker`); setuptools rejects anything else"
                };
                super::parse_error(&file, span, message, help)
            })
            .collect();
        let declarations = parsed
            .requirements
            .into_iter()
            .map(|r| {
                let mut notes = Vec::new();
                if let Some(extra) = &r.extra {
                    notes.push(format!("optional: installed with the extra `{extra}`"));
                }
                if let Some(marker) = &r.marker {
                    notes.push(format!("installed only where `{marker}`"));
                }
                let note = (!notes.is_empty()).then(|| notes.join("; "));
                let name = file.text[r.name.clone()].to_string();
                pyproject::package(&file, &name, r.name, note)
            })
            .collect();
        let dir = path.parent().unwrap_or(Path::new("."));
        referenced_files(&file, dir, parsed.files, &mut referenced, &mut problems);
        out.push(ScannedFile {
            waivers: waiver::find(&file, Comments::Hash),
            problems,
            declarations,
            ..ScannedFile::empty(file)
        });
    }
    (out, referenced)
}

/// A requirements file as text: decoded as pip decodes it, shown with pip's
/// line boundaries.
fn read_text(
    path: &Path,
    reader: &Reader,
) -> Result<(Arc<SourceFile>, decode::Decoded), Box<Finding>> {
    let bytes = reader.read_bytes(path)?;
    match decode::decode(&bytes) {
        Ok(decoded) => {
            let file = SourceFile::new(reader.display(path), decode::display_text(&decoded.text));
            Ok((file, decoded))
        }
        Err(e) => {
            let (file, _) = SourceFile::from_bytes(reader.display(path), bytes);
            let end = (e.offset + 1).min(file.text.len());
            Err(Box::new(
                Finding::new(&crate::lints::FILE_UNREADABLE, e.message)
                    .in_file(&file)
                    .at(e.offset.min(end)..end)
                    .help("save the file as UTF-8"),
            ))
        }
    }
}

/// One requirements file read.
struct ReqFile {
    path: PathBuf,
    file: Arc<SourceFile>,
    parsed: Parsed,
    /// Read as a requirements file (a root, or reached by `-r`), not only
    /// as a constraints file.
    installs: bool,
    problems: Vec<Finding>,
    /// Includes that reached a file read: (its index, the include's span).
    edges: Vec<(usize, Span)>,
}

enum Slot {
    Read(usize),
    /// Read and failed (the finding is already out): the first failure's
    /// message, for other includes of it.
    Failed(String),
}

fn located(file: &Arc<SourceFile>, span: &Span, message: String, help: &str) -> Finding {
    Finding::new(&crate::check::PARSE_ERROR, message)
        .in_file(file)
        .at(span.clone())
        .help(help.to_string())
}

/// A file to read: its path, whether it is read as a requirements file,
/// and the include that reached it (the including file's index, the span).
type Pending = (PathBuf, bool, Option<(usize, Span)>);

/// Reads requirements files and everything they include, once each.
fn scan_requirements(roots: &[(PathBuf, bool)], reader: &Reader) -> Vec<ScannedFile> {
    let mut out = Vec::new();
    let mut files: Vec<ReqFile> = Vec::new();
    let mut slots: HashMap<PathBuf, Slot> = HashMap::new();
    let mut queue: VecDeque<Pending> = roots
        .iter()
        .map(|(path, installs)| (path.clone(), *installs, None))
        .collect();
    while let Some((path, installs, from)) = queue.pop_front() {
        let key = crate::config::normalise(&path);
        match slots.get(&key) {
            Some(Slot::Read(i)) => {
                let i = *i;
                files[i].installs |= installs;
                if let Some((f, span)) = from {
                    files[f].edges.push((i, span));
                }
                continue;
            }
            Some(Slot::Failed(message)) => {
                if let Some((f, span)) = from {
                    let finding =
                        unreadable_include(&files[f].file, &span, &reader.display(&path), message);
                    files[f].problems.push(finding);
                }
                continue;
            }
            None => {}
        }
        let (file, decoded) = match read_text(&path, reader) {
            Ok(read) => read,
            Err(finding) => {
                match &from {
                    // The file is there but is not text pip could read: the
                    // finding is in the file.
                    Some(_) if finding.span.is_some() => {
                        out.push(ScannedFile::problem_only(*finding.clone()))
                    }
                    Some((f, span)) => {
                        let include = unreadable_include(
                            &files[*f].file,
                            span,
                            &reader.display(&path),
                            &finding.message,
                        );
                        files[*f].problems.push(include);
                    }
                    None => out.push(ScannedFile::problem_only(*finding.clone())),
                }
                slots.insert(key, Slot::Failed(finding.message));
                continue;
            }
        };
        let mut parsed = requirements::parse(&decoded.text[decoded.body..]);
        shift(&mut parsed, decoded.body);
        let mut problems = Vec::new();
        if let Some(warning) = &decoded.warning {
            problems.push(located(
                &file,
                &(0..0),
                warning.clone(),
                "save the file as UTF-8",
            ));
        }
        let i = files.len();
        slots.insert(key, Slot::Read(i));
        if let Some((f, span)) = from {
            files[f].edges.push((i, span));
        }
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        for entry in &parsed.entries {
            let Entry::Include(include) = entry else {
                continue;
            };
            let target = match requirements::include_scheme(&include.target).as_deref() {
                Some("file") => dir.join(requirements::file_url_path(&include.target)),
                Some(_) => {
                    if !include.constraint {
                        problems.push(located(
                            &file,
                            &include.span,
                            format!(
                                "adrift cannot read the remote requirements file `{}`: it does not fetch files",
                                include.target
                            ),
                            "keep the included file in the repository and include it by path, or exclude this file in adrift.toml",
                        ));
                    }
                    continue;
                }
                None => dir.join(&include.target),
            };
            queue.push_back((target, !include.constraint, Some((i, include.span.clone()))));
        }
        files.push(ReqFile {
            path,
            file,
            parsed,
            installs,
            problems,
            edges: Vec::new(),
        });
    }
    report_cycles(&mut files);
    for f in files {
        out.push(emit(f, reader));
    }
    out
}

fn unreadable_include(file: &Arc<SourceFile>, span: &Span, target: &str, why: &str) -> Finding {
    Finding::new(
        &crate::lints::FILE_UNREADABLE,
        format!("cannot read the included file {target}: {why}"),
    )
    .in_file(file)
    .at(span.clone())
    .help(
        "pip fails on an include it cannot read; fix the path, or exclude this file in adrift.toml",
    )
}

fn shift(parsed: &mut Parsed, by: usize) {
    if by == 0 {
        return;
    }
    let move_span = |s: &mut Span| *s = s.start + by..s.end + by;
    for entry in &mut parsed.entries {
        match entry {
            Entry::Package(p) => {
                move_span(&mut p.span);
                move_span(&mut p.line);
            }
            Entry::Include(i) => move_span(&mut i.span),
            Entry::Local(l) => {
                move_span(&mut l.span);
                move_span(&mut l.line);
            }
        }
    }
    for problem in &mut parsed.problems {
        move_span(&mut problem.span);
    }
}

/// Includes that close a cycle (a file that includes itself, directly or
/// not): pip follows them without end and fails.
fn report_cycles(files: &mut [ReqFile]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; files.len()];
    let mut found: Vec<(usize, Span, Vec<usize>)> = Vec::new();
    for root in 0..files.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // (file, next edge to look at)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::Open;
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let Some((to, span)) = files[at].edges.get(*next).cloned() else {
                marks[at] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match marks[to] {
                Mark::New => {
                    marks[to] = Mark::Open;
                    stack.push((to, 0));
                }
                Mark::Open => {
                    let from = stack.iter().position(|(f, _)| *f == to).unwrap_or(0);
                    let mut cycle: Vec<usize> = stack[from..].iter().map(|(f, _)| *f).collect();
                    cycle.push(to);
                    found.push((at, span, cycle));
                }
                Mark::Done => {}
            }
        }
    }
    for (at, span, cycle) in found {
        let chain: Vec<&str> = cycle.iter().map(|&i| files[i].file.path.as_str()).collect();
        let finding = located(
            &files[at].file,
            &span,
            format!(
                "requirements files include each other in a cycle: {}",
                chain.join(" → ")
            ),
            "pip follows includes without end and fails; remove the include that closes the cycle",
        );
        files[at].problems.push(finding);
    }
}

/// A read requirements file as what it declares.
fn emit(f: ReqFile, reader: &Reader) -> ScannedFile {
    let ReqFile {
        path,
        file,
        parsed,
        installs,
        mut problems,
        ..
    } = f;
    let mut declarations = Vec::new();
    let dir = path.parent().unwrap_or(Path::new("."));
    for entry in &parsed.entries {
        match entry {
            Entry::Include(_) => {}
            Entry::Package(p) if installs => declarations.push(package_declaration(&file, p)),
            Entry::Package(p) => {
                let refused = match &p.source {
                    Source::Index => None,
                    _ if !p.extras.is_empty() => Some("constraints cannot have extras"),
                    Source::Url { editable: true, .. } => {
                        Some("editable requirements are not allowed as constraints")
                    }
                    Source::Sdist { .. } => {
                        Some("unnamed requirements are not allowed as constraints")
                    }
                    Source::Url { .. } | Source::Wheel { .. } => None,
                };
                if let Some(why) = refused {
                    problems.push(constraint_refused(&file, &p.span, why));
                }
            }
            Entry::Local(local) if installs => match local_project(local, dir, reader) {
                Ok(d) => declarations.push(local_declaration(&file, local, d)),
                Err(problem) => problems.push(located(&file, &local.span, problem.0, &problem.1)),
            },
            Entry::Local(local) => problems.push(constraint_refused(
                &file,
                &local.span,
                "unnamed requirements are not allowed as constraints",
            )),
        }
    }
    for problem in &parsed.problems {
        let Problem {
            kind,
            span,
            message,
            help,
        } = problem;
        if *kind == ProblemKind::Unnamed && !installs {
            problems.push(constraint_refused(
                &file,
                span,
                "unnamed requirements are not allowed as constraints",
            ));
            continue;
        }
        problems.push(located(&file, span, message.clone(), help));
    }
    ScannedFile {
        waivers: waiver::find(&file, Comments::Hash),
        declarations,
        problems,
        file,
    }
}

fn constraint_refused(file: &Arc<SourceFile>, span: &Span, why: &str) -> Finding {
    located(
        file,
        span,
        format!("pip refuses this line of a constraints file: {why}"),
        "a constraint is a name, a version and a marker (`name==1.2 ; python_version < \"3.12\"`); move the rest to a requirements file",
    )
}

/// The lines whose waivers cover something on a (logical) line: its
/// physical lines and the comment lines just above it.
fn waiver_lines(file: &SourceFile, line: &Span) -> Vec<usize> {
    let first = file.line_col(line.start).line;
    let last = file.line_col(line.end).line.max(first);
    let mut lines = waiver::covering_lines(file, Comments::Hash, first, first);
    lines.extend(first + 1..=last);
    lines
}

/// A URL without its user name and password, for messages.
fn redact(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..host_end].rfind('@') {
            return format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]);
        }
    }
    url.to_string()
}

fn join_notes(notes: Vec<String>) -> Option<String> {
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn package_declaration(file: &SourceFile, p: &Package) -> Declaration {
    let mut notes = Vec::new();
    match &p.source {
        Source::Index => {}
        Source::Url { url, editable } => {
            let url = redact(url);
            notes.push(if *editable {
                format!("editable, from `{url}`")
            } else {
                format!("from `{url}`")
            });
        }
        Source::Wheel { file } => notes.push(format!("from the wheel `{file}`")),
        Source::Sdist { file } => notes.push(format!(
            "named from the file name `{file}`; pip reads the name from the archive"
        )),
    }
    if let Some(m) = &p.marker {
        notes.push(format!("installed only where `{m}`"));
    }
    let mut d = Declaration::new(
        Target(&PACKAGE),
        normalise_python(&p.name),
        format!("package \"{}\"", p.name),
        p.span.clone(),
    );
    d.waiver_lines = waiver_lines(file, &p.line);
    d.note = join_notes(notes);
    d.dev = is_dev_file(&file.path);
    d
}

/// Whether a group or file name says development only: one of its words
/// (split at anything not a letter or digit) is `dev`, `develop`,
/// `development`, `test`, `tests`, `testing`, `lint`, `docs` or `typing`
/// (`requirements-dev.txt`, `test-requirements.txt`, the group `dev`).
pub fn is_dev_name(name: &str) -> bool {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            matches!(
                word.to_ascii_lowercase().as_str(),
                "dev"
                    | "develop"
                    | "development"
                    | "test"
                    | "tests"
                    | "testing"
                    | "lint"
                    | "docs"
                    | "typing"
            )
        })
}

/// Whether a requirements file is development-only by its name, or by its
/// name inside a `requirements/` directory (`requirements/test.txt`).
fn is_dev_file(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    is_dev_name(stem)
}

/// A local project adrift could name.
struct Named {
    name: String,
    from: &'static str,
}

fn local_declaration(file: &SourceFile, local: &LocalProject, named: Named) -> Declaration {
    let mut notes = vec![format!(
        "{}the local project `{}` (named in its {})",
        if local.editable { "editable: " } else { "" },
        local.path,
        named.from
    )];
    if let Some(m) = &local.marker {
        notes.push(format!("installed only where `{m}`"));
    }
    let mut d = Declaration::new(
        Target(&PACKAGE),
        normalise_python(&named.name),
        format!("package \"{}\"", named.name),
        local.span.clone(),
    );
    d.waiver_lines = waiver_lines(file, &local.line);
    d.note = join_notes(notes);
    d
}

/// Finds and names a local project: (message, help) when it cannot.
fn local_project(
    local: &LocalProject,
    dir: &Path,
    reader: &Reader,
) -> Result<Named, (String, String)> {
    let mut candidates = vec![dir.join(&local.path)];
    let from_cwd = reader.cwd.join(&local.path);
    if crate::config::normalise(&from_cwd) != crate::config::normalise(&candidates[0]) {
        candidates.push(from_cwd);
    }
    let Some(project) = candidates.iter().find(|c| c.is_dir()) else {
        let looked: Vec<String> = candidates.iter().map(|c| reader.display(c)).collect();
        return Err((
            format!(
                "pip cannot install `{}`: {} (adrift looked for {})",
                local.path,
                local.otherwise,
                looked.join(" and ")
            ),
            "fix the path (pip reads it relative to the directory it runs in), or write the requirement as `name` or `name @ url`".to_string(),
        ));
    };
    project_name(project, reader).ok_or_else(|| {
        (
            format!(
                "adrift cannot tell which package the local project `{}` is: it has no static name, and pip names it only by building it",
                local.path
            ),
            "give the project a static name: `name` under `[project]` in its pyproject.toml, or under `[metadata]` in its setup.cfg".to_string(),
        )
    })
}

/// A project directory's name, from its static metadata.
fn project_name(dir: &Path, reader: &Reader) -> Option<Named> {
    let pyproject = dir.join("pyproject.toml");
    if pyproject.is_file()
        && let Ok(file) = reader.read(&pyproject)
        && let Some(name) = pyproject::project_name(&file.text)
    {
        return Some(Named {
            name,
            from: "pyproject.toml",
        });
    }
    let setup_cfg = dir.join("setup.cfg");
    if setup_cfg.is_file()
        && let Ok(file) = reader.read(&setup_cfg)
        && let Some(name) = setup_cfg_name(&file.text)
    {
        return Some(Named {
            name,
            from: "setup.cfg",
        });
    }
    let setup_py = dir.join("setup.py");
    if setup_py.is_file()
        && let Ok(file) = reader.read(&setup_py)
        && let Some(name) = setup_py_name(&file.text)
    {
        return Some(Named {
            name,
            from: "setup.py",
        });
    }
    None
}

/// `name` under `[metadata]` in a setup.cfg (configparser: keys are case
/// insensitive, `=` or `:`, `#` and `;` start comment lines).
fn setup_cfg_name(text: &str) -> Option<String> {
    let mut in_metadata = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_metadata = t.trim_end() == "[metadata]";
            continue;
        }
        if !in_metadata || t.starts_with(['#', ';']) || line.starts_with([' ', '\t']) {
            continue;
        }
        let Some(split) = t.find(['=', ':']) else {
            continue;
        };
        if t[..split].trim().eq_ignore_ascii_case("name") {
            let value = t[split + 1..].trim();
            return pep508::is_name(value).then(|| value.to_string());
        }
    }
    None
}

/// The one literal `name="…"` keyword in a setup.py, if there is exactly
/// one.
fn setup_py_name(text: &str) -> Option<String> {
    static NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\bname\s*=\s*["']([A-Za-z0-9][A-Za-z0-9._-]*)["']"#).expect("regex")
    });
    let mut names = NAME.captures_iter(text).map(|c| c[1].to_string());
    let first = names.next()?;
    names.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(dir: &Path) -> Reader {
        Reader {
            cwd: dir.to_path_buf(),
            max_bytes: u64::MAX,
            tap: None,
        }
    }

    fn temp(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("adrift-py-unit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn file_names() {
        use FileKind::*;
        for (name, kind) in [
            ("requirements.txt", Some(Requirements)),
            ("requirements-dev.txt", Some(Requirements)),
            ("dev-requirements.txt", Some(Requirements)),
            ("Requirements.TXT", Some(Requirements)),
            ("requirements.in", Some(Requirements)),
            ("requirements/base.txt", Some(Requirements)),
            ("requirements/prod.in", Some(Requirements)),
            ("constraints.txt", Some(Constraints)),
            ("requirements/constraints.txt", Some(Constraints)),
            ("pyproject.toml", Some(Pyproject)),
            ("notes.txt", None),
            ("docs/base.txt", None),
            ("requirements.md", None),
            ("constraints.in", None),
        ] {
            assert_eq!(file_kind(name), kind, "{name}");
        }
    }

    #[test]
    fn requirements_with_includes_extras_markers_and_comments() {
        let dir = temp(
            "req",
            &[
                (
                    "requirements.txt",
                    b"# the service\r\nfastapi==0.110  # web\r\n-r base.txt\r\nSQLAlchemy[asyncio]>=2.0 ; python_version >= \"3.10\"\r\n--index-url https://pypi.org/simple\r\n# psycopg2\r\nuvicorn \\\r\n  >=0.29\r\n",
                ),
                ("base.txt", b"psycopg2_binary==2.9\n"),
            ],
        );
        let out = scan(&[(dir.join("requirements.txt"), true)], &[], &reader(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        let names: Vec<(String, &str, Option<&str>)> = out
            .iter()
            .flat_map(|s| {
                s.declarations
                    .iter()
                    .map(move |h| (s.file.path.clone(), h.name.as_str(), h.note.as_deref()))
            })
            .collect();
        assert_eq!(
            names,
            [
                ("requirements.txt".to_string(), "fastapi", None),
                (
                    "requirements.txt".to_string(),
                    "sqlalchemy",
                    Some("installed only where `python_version >= \"3.10\"`")
                ),
                ("requirements.txt".to_string(), "uvicorn", None),
                ("base.txt".to_string(), "psycopg2-binary", None),
            ]
        );
        let sqlalchemy = &out[0].declarations[1];
        assert_eq!(&out[0].file.text[sqlalchemy.span.clone()], "SQLAlchemy");
    }

    #[test]
    fn local_project_names() {
        assert_eq!(
            setup_cfg_name("[metadata]\nName = my-lib\n[options]\nname = x\n").as_deref(),
            Some("my-lib")
        );
        assert_eq!(setup_cfg_name("[options]\nname = x\n"), None);
        assert_eq!(
            setup_py_name("setup(\n  name='my_lib',\n)").as_deref(),
            Some("my_lib")
        );
        assert_eq!(setup_py_name("setup(name=NAME)"), None);
        assert_eq!(
            setup_py_name("setup(name='a', ext_modules=[Extension(name='a._c')])"),
            None
        );
    }

    #[test]
    fn urls_lose_their_credentials_in_messages() {
        assert_eq!(redact("https://u:p@host/x@y"), "https://host/x@y");
        assert_eq!(redact("git+https://host/x"), "git+https://host/x");
    }
}
