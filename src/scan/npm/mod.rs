//! npm: every `package.json` in the tree, and the lock beside it
//! (`package-lock.json`, `npm-shrinkwrap.json`, `pnpm-lock.yaml`,
//! `yarn.lock`) for packages reached transitively.
//!
//! Direct dependencies come from [`manifest`], each at its key's exact
//! span. A package a `package.json` reaches through its lock is reported
//! as Cargo's are: once per direct dependency that leads there, at that
//! dependency's line and under its waivers, with the path
//! (`app → knex 3.1.0 → pg 8.11.0`); a devDependency's findings are
//! development-only. A `package.json` goes with the locks in the nearest
//! directory at or above it that has one (a workspace root's lock serves
//! its workspaces). A wanted package the lock lists that no dependency
//! read leads to is reported at its entry in the lock, never dropped.
//!
//! Waivers: JSON has no comments, so a waiver in a `package.json` is the
//! value of a `"//"` key (npm's documented comment convention) on the
//! dependency's line or on the lines directly above it:
//! `"//": "adrift:allow=no-db: the migration tool only"`. YAML locks take
//! `# adrift:allow=` comments.
//!
//! Locks are large, so one is parsed only when a wanted package name can
//! occur in its text ([`may_name_wanted`], property-tested against the
//! parsers). Everything here but [`scan_job`] is text in, declarations out.

pub mod json;
pub mod lock;
pub mod manifest;
pub mod proof;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cargo::manifest::Kind as EdgeKind;
use super::cargo::walk::{Graph, Hops};
use super::waiver::{self, Comments, Waiver};
use super::yaml::YamlError;
use super::{Declaration, Ecosystem, Job, ScannedFile, Target, TargetInfo, Wanted};
use crate::finding::Finding;
use crate::source::SourceFile;
use lock::Lock;
use manifest::{Dep, Kind, Manifest, Problem};

/// npm package names are compared lower-cased: the registry refuses a new
/// name that differs from an existing one only in case.
pub fn normalise_package(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

pub static PACKAGE: TargetInfo = TargetInfo {
    ecosystem: "npm",
    key: "packages",
    noun: "package",
    normalise: normalise_package,
    expand: super::target::same,
};

/// The lock files read, by file name.
pub const LOCKS: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "pnpm-lock.yaml",
    "yarn.lock",
];

pub static NPM: Ecosystem = Ecosystem {
    name: "npm",
    targets: &[&PACKAGE],
    has_dev: true,
    claims: |name| name == b"package.json" || LOCKS.iter().any(|l| name == l.as_bytes()),
    scan: scan_job,
    known_names: None,
};

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn scan_job(job: &Job<'_>) -> Vec<ScannedFile> {
    let mut out = Vec::new();
    let mut manifests = Vec::new();
    let mut locks = Vec::new();
    let wanted = job.wanted.wants(Target(&PACKAGE));
    if !wanted {
        // Nothing to match: only the waivers count (an unused one is reported).
        return job
            .paths
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n == "package.json"))
            .filter_map(|p| job.reader.read(p).ok())
            .filter_map(|file| {
                let waivers = json_waivers(&file);
                (!waivers.is_empty()).then(|| ScannedFile {
                    waivers,
                    ..ScannedFile::empty(file)
                })
            })
            .collect();
    }
    for path in job.paths {
        let is_manifest = path.file_name().is_some_and(|n| n == "package.json");
        match job.reader.read(path) {
            Ok(file) => {
                let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                if is_manifest {
                    manifests.push((dir, file));
                } else {
                    locks.push((dir, file));
                }
            }
            Err(finding) => out.push(ScannedFile::problem_only(*finding)),
        }
    }
    out.extend(analyse(&manifests, &locks, job.wanted));
    out
}

/// Whether a wanted package name can occur in `text`: `false` proves no
/// lock parser finds a wanted package in it. A name the parsers read is
/// always a piece of the text when the text has no escape (`\`); so when
/// every pattern is an exact name without spaces or quotes, a text that
/// holds none of them (case aside) cannot name one.
pub fn may_name_wanted(text: &str, wanted: &Wanted) -> bool {
    NameFilter::new(wanted).may_name(text)
}

/// [`may_name_wanted`] built once for every lock of a run: one
/// multi-pattern search per text instead of one search per name.
pub struct NameFilter {
    /// `None`: every text may name one (a glob, an odd pattern); `Some`
    /// with no automaton: nothing is wanted.
    names: Option<Option<aho_corasick::AhoCorasick>>,
}

impl NameFilter {
    pub fn new(wanted: &Wanted) -> NameFilter {
        let Some(set) = wanted.get(Target(&PACKAGE)) else {
            return NameFilter { names: Some(None) };
        };
        let exact = |p: &String| {
            !p.is_empty()
                && !p.contains(|c: char| {
                    c.is_whitespace() || matches!(c, '*' | '?' | '\\' | '"' | '\'')
                })
        };
        if !set.texts().iter().all(exact) {
            return NameFilter { names: None };
        }
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(set.texts())
            .ok();
        match automaton {
            Some(a) => NameFilter {
                names: Some(Some(a)),
            },
            None => NameFilter { names: None },
        }
    }

    /// `false` proves no lock parser finds a wanted package in `text`.
    pub fn may_name(&self, text: &str) -> bool {
        match &self.names {
            None => true,
            Some(None) => false,
            Some(Some(names)) => text.contains('\\') || names.is_match(text),
        }
    }
}

/// Parses a lock by its file name: the graph and the problems, as findings.
pub fn parse_lock(file: &Arc<SourceFile>) -> (Option<Lock>, Vec<Finding>) {
    let name = file_name(&file.path);
    let text = &file.text;
    let (lock, yaml_error): (Option<Lock>, Option<YamlError>) = match name {
        "pnpm-lock.yaml" => {
            let (lock, error) = lock::pnpm::parse(text);
            (Some(lock), error)
        }
        "yarn.lock" if lock::yarn::is_berry(text) => {
            let (lock, error) = lock::yarn::parse_berry(text);
            (Some(lock), error)
        }
        "yarn.lock" => (Some(lock::yarn::parse_v1(text)), None),
        _ => match lock::package_lock::parse(text) {
            Ok(lock) => (Some(lock), None),
            Err(problem) => return (None, vec![problem_finding(file, name, &problem)]),
        },
    };
    let mut problems: Vec<Finding> = yaml_error.iter().map(|e| e.finding(file)).collect();
    if let Some(lock) = &lock {
        problems.extend(lock.problems.iter().map(|p| problem_finding(file, name, p)));
    }
    (lock, problems)
}

fn problem_finding(file: &Arc<SourceFile>, what: &str, problem: &Problem) -> Finding {
    crate::scan::parse_error(
        file,
        problem.span.clone(),
        format!("cannot read {what}: {}", problem.message),
        "fix the file (npm would refuse it or read it otherwise); adrift fails closed on what it cannot read",
    )
}

/// A `package.json`'s waivers: `"//"` keys whose value is a waiver.
pub fn json_waivers(file: &SourceFile) -> Vec<Waiver> {
    waiver::find(file, Comments::HashOrSlashes)
        .into_iter()
        .filter(|w| {
            let line = &file.text[file.line_span(w.line)];
            line[..w.span.start - file.line_span(w.line).start]
                .trim_end()
                .ends_with(['"', ':'])
                && line.contains("\"//\"")
        })
        .map(|mut w| {
            // The string's closing quote (and a comma) are not the reason.
            let text = &file.text[w.span.clone()];
            let kept = text.trim_end().trim_end_matches(',').trim_end();
            let kept = kept.strip_suffix('"').unwrap_or(kept).trim_end();
            w.span.end = w.span.start + kept.len();
            if let Some(reason) = &w.reason {
                let r = reason.trim_end().trim_end_matches(',').trim_end();
                let r = r.strip_suffix('"').unwrap_or(r).trim_end();
                w.reason = (!r.is_empty()).then(|| r.to_string());
            }
            w
        })
        .collect()
}

/// A dependency's line and the `"//"` comment lines directly above it.
fn dep_waiver_lines(file: &SourceFile, span: &std::ops::Range<usize>) -> Vec<usize> {
    let line = file.line_col(span.start).line;
    let mut lines = vec![line];
    let mut above = line;
    while above > 1 {
        above -= 1;
        if !file.text[file.line_span(above)]
            .trim_start()
            .starts_with("\"//\"")
        {
            break;
        }
        lines.push(above);
    }
    lines
}

fn describe(dep: &Dep) -> String {
    if dep.key == dep.package {
        format!("{} \"{}\"", dep.kind.noun(), dep.key)
    } else {
        format!(
            "{} \"{}\" (package \"{}\")",
            dep.kind.noun(),
            dep.key,
            dep.package
        )
    }
}

/// One `package.json` as read.
struct Parsed {
    file: Arc<SourceFile>,
    dir: PathBuf,
    manifest: Manifest,
    declarations: Vec<Declaration>,
    /// What adrift cannot tell about it (a dependency no lock resolves).
    problems: Vec<Finding>,
}

impl Parsed {
    /// How a path names it: its `name`, or its directory's.
    fn label(&self) -> String {
        self.manifest.name.clone().unwrap_or_else(|| {
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.is_empty() && n != ".")
                .unwrap_or_else(|| "package.json".to_string())
        })
    }
}

/// Scans `package.json` files and locks given as text (`(directory,
/// file)` each).
pub fn analyse(
    manifests: &[(PathBuf, Arc<SourceFile>)],
    locks: &[(PathBuf, Arc<SourceFile>)],
    wanted: &Wanted,
) -> Vec<ScannedFile> {
    let mut out = Vec::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    for (dir, file) in manifests {
        match manifest::parse(&file.text) {
            Ok(manifest) => parsed.push(Parsed {
                file: Arc::clone(file),
                dir: dir.clone(),
                manifest,
                declarations: Vec::new(),
                problems: Vec::new(),
            }),
            Err(problem) => out.push(ScannedFile {
                waivers: json_waivers(file),
                problems: vec![problem_finding(file, "package.json", &problem)],
                ..ScannedFile::empty(Arc::clone(file))
            }),
        }
    }
    // Direct dependencies.
    for p in &mut parsed {
        for dep in &p.manifest.deps {
            let name = normalise_package(&dep.package);
            if !wanted.matches(Target(&PACKAGE), &name) {
                continue;
            }
            let mut d = Declaration::new(Target(&PACKAGE), name, describe(dep), dep.span.clone());
            d.waiver_lines = dep_waiver_lines(&p.file, &dep.span);
            d.dev = dep.kind == Kind::Dev;
            p.declarations.push(d);
        }
    }
    // Each manifest's lock directory, and the locks: those that may name a
    // wanted package are read.
    // The nearest directory at or above a manifest's that holds a lock.
    let lock_dirs: std::collections::HashMap<&Path, &Path> = locks
        .iter()
        .map(|(d, _)| (d.as_path(), d.as_path()))
        .collect();
    let nearest: Vec<Option<&Path>> = parsed
        .iter()
        .map(|p| p.dir.ancestors().find_map(|a| lock_dirs.get(a).copied()))
        .collect();
    // With a lock, a dependency whose name no lock of that directory even
    // mentions was added without updating the lock: what it brings in is
    // unchecked (`lock-stale`). A name the lock mentions may still be
    // stale in its range; that is for npm ci to say. Peers are the
    // consumer's to provide, and a workspace package is no lock entry in
    // yarn v1.
    let workspaces: std::collections::HashSet<String> = parsed
        .iter()
        .filter_map(|p| p.manifest.name.clone())
        .collect();
    if wanted.wants(Target(&PACKAGE)) {
        stale(&mut parsed, &nearest, locks, &workspaces);
    }
    // Without a lock, a dependency whose specifier names no package (a
    // tarball, a git repository) is a package adrift cannot name.
    for (p, lock) in parsed.iter_mut().zip(&nearest) {
        if lock.is_some() {
            continue;
        }
        for dep in &p.manifest.deps {
            if dep.kind != Kind::Bundle && manifest::names_no_package(&dep.range) {
                p.problems.push(crate::scan::parse_error(
                    &p.file,
                    dep.span.clone(),
                    format!(
                        "`{}` is whatever package \"{}\" turns out to be; without a lock adrift cannot tell which",
                        dep.key, dep.range
                    ),
                    "commit the lock npm writes (package-lock.json), which records the package, or depend on the package by name",
                ));
            }
        }
    }
    let filter = NameFilter::new(wanted);
    for (dir, file) in locks {
        let comments = file.path.ends_with(".yaml") || file_name(&file.path) == "yarn.lock";
        if !filter.may_name(&file.text) {
            if comments && let Some(f) = ScannedFile::waivers_only(Arc::clone(file), Comments::Hash)
            {
                out.push(f);
            }
            continue;
        }
        let (lock, problems) = parse_lock(file);
        let mut scanned = ScannedFile {
            problems,
            waivers: if comments {
                waiver::find(file, Comments::Hash)
            } else {
                Vec::new()
            },
            ..ScannedFile::empty(Arc::clone(file))
        };
        if let Some(lock) = lock {
            let workspace: Vec<usize> = (0..parsed.len())
                .filter(|&i| nearest[i] == Some(dir.as_path()))
                .collect();
            scanned.declarations = transitive(dir, file, &lock, &workspace, &mut parsed, wanted);
        }
        if !scanned.is_empty() {
            out.push(scanned);
        }
    }
    for p in parsed {
        out.push(ScannedFile {
            waivers: json_waivers(&p.file),
            declarations: p.declarations,
            problems: p
                .manifest
                .problems
                .iter()
                .map(|pr| problem_finding(&p.file, "package.json", pr))
                .chain(p.problems)
                .collect(),
            ..ScannedFile::empty(p.file)
        });
    }
    out
}

/// `lock-stale`: each dependency of a manifest whose name no lock of its
/// lock directory mentions. One search of each lock's text for every name
/// its manifests depend on (a monorepo's lock can be megabytes, its
/// manifests hundreds); a lock with a JSON escape, which may spell any
/// name, is not searched.
fn stale(
    parsed: &mut [Parsed],
    nearest: &[Option<&Path>],
    locks: &[(PathBuf, Arc<SourceFile>)],
    workspaces: &std::collections::HashSet<String>,
) {
    let checked = |dep: &manifest::Dep| {
        !matches!(dep.kind, Kind::Bundle | Kind::Peer) && !workspaces.contains(&dep.package)
    };
    let dirs: std::collections::BTreeSet<&Path> = nearest.iter().flatten().copied().collect();
    for dir in dirs {
        let files: Vec<&Arc<SourceFile>> = locks
            .iter()
            .filter(|(d, _)| d.as_path() == dir)
            .map(|(_, f)| f)
            .collect();
        if files.is_empty() || files.iter().any(|f| f.text.contains("\\u")) {
            continue;
        }
        let serves: Vec<usize> = (0..parsed.len())
            .filter(|&i| nearest[i] == Some(dir))
            .collect();
        let mut keys: Vec<&str> = serves
            .iter()
            .flat_map(|&i| parsed[i].manifest.deps.iter())
            .filter(|d| checked(d))
            .map(|d| d.key.as_str())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let Ok(search) = aho_corasick::AhoCorasick::new(&keys) else {
            continue;
        };
        let mut found = vec![false; keys.len()];
        for f in &files {
            for m in search.find_overlapping_iter(f.text.as_str()) {
                found[m.pattern().as_usize()] = true;
            }
        }
        let missing: std::collections::HashSet<String> = keys
            .iter()
            .zip(&found)
            .filter(|(_, f)| !**f)
            .map(|(k, _)| k.to_string())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let lock_name = file_name(&files[0].path).to_string();
        for &i in &serves {
            let p = &mut parsed[i];
            for dep in &p.manifest.deps {
                if !checked(dep) || !missing.contains(&dep.key) {
                    continue;
                }
                p.problems.push(
                    Finding::new(
                        &crate::check::LOCK_STALE,
                        format!(
                            "{lock_name} does not hold {}: the lock is out of date, so what it brings in is unchecked",
                            describe(dep)
                        ),
                    )
                    .in_file(&p.file)
                    .at(p.file.visible_span(dep.span.clone()))
                    .help("update and commit the lock (`npm install`, `pnpm install` or `yarn install`); install with `npm ci`, `pnpm install --frozen-lockfile` or `yarn install --immutable` in CI"),
                );
            }
        }
    }
}

/// `dir` relative to `base`, `/`-separated (`""` for the same).
fn relative(dir: &Path, base: &Path) -> Option<String> {
    let rel = dir.strip_prefix(base).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The transitive findings of one lock for the manifests it serves (added
/// to them), and the lock's own findings: wanted packages no dependency
/// read leads to.
fn transitive(
    lock_dir: &Path,
    lock_file: &Arc<SourceFile>,
    lock: &Lock,
    workspace: &[usize],
    parsed: &mut [Parsed],
    wanted: &Wanted,
) -> Vec<Declaration> {
    let lock_name = file_name(&lock_file.path).to_string();
    let n = lock.packages.len();
    let is_target: Vec<bool> = lock
        .packages
        .iter()
        .map(|p| !p.importer && wanted.matches(Target(&PACKAGE), &normalise_package(&p.name)))
        .collect();
    let targets: Vec<usize> = (0..n).filter(|&i| is_target[i]).collect();
    if targets.is_empty() {
        return Vec::new();
    }
    // How a path names each node: an importer by its package.json.
    let mut names: Vec<(String, String)> = lock
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.version.clone()))
        .collect();
    let dirs: Vec<String> = workspace
        .iter()
        .map(|&m| relative(&parsed[m].dir, lock_dir).unwrap_or_default())
        .collect();
    // Each manifest's node: the lock's importer for its directory, or one
    // of its own (yarn v1 does not list workspaces).
    let mut succ: Vec<Vec<usize>> = lock.packages.iter().map(|p| p.deps.clone()).collect();
    let mut own: Vec<usize> = Vec::new();
    for (wi, &m) in workspace.iter().enumerate() {
        let node = match lock.importers.get(&dirs[wi]) {
            Some(&(node, _)) => node,
            None => {
                succ.push(Vec::new());
                names.push((String::new(), String::new()));
                succ.len() - 1
            }
        };
        let version = parsed[m].manifest.version.clone().unwrap_or_default();
        names[node] = (parsed[m].label(), version);
        own.push(node);
    }
    // Each manifest's direct dependencies, as nodes: what the lock says,
    // else a workspace of that name.
    let starts: Vec<Vec<Vec<usize>>> = workspace
        .iter()
        .enumerate()
        .map(|(wi, &m)| {
            parsed[m]
                .manifest
                .deps
                .iter()
                .map(|d| {
                    if d.kind == Kind::Bundle {
                        return Vec::new();
                    }
                    let found = lock.direct(&dirs[wi], &d.key, &d.package, &d.range);
                    if !found.is_empty() {
                        return found;
                    }
                    workspace
                        .iter()
                        .position(|&o| parsed[o].manifest.name.as_deref() == Some(&d.package))
                        .map(|o| vec![own[o]])
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    for (wi, list) in starts.iter().enumerate() {
        if own[wi] >= n {
            succ[own[wi]] = list.iter().flatten().copied().collect();
        } else {
            for &s in list.iter().flatten() {
                if !succ[own[wi]].contains(&s) {
                    succ[own[wi]].push(s);
                }
            }
        }
    }
    let total = succ.len();
    let mut is_target = is_target;
    is_target.resize(total, false);
    let mut graph = Graph::new(total);
    for (i, list) in succ.iter().enumerate() {
        graph.succ[i] = list
            .iter()
            .filter(|&&q| q != i)
            .map(|&q| (q as u32, EdgeKind::Normal))
            .collect();
    }
    let preds = graph.reversed();
    let mut reached = vec![false; total];
    let mut hops = Hops::new(total);
    for &target in &targets {
        hops.search(&preds, target, &is_target);
        for (wi, &m) in workspace.iter().enumerate() {
            let label = parsed[m].label();
            let mut found = Vec::new();
            for (di, dep) in parsed[m].manifest.deps.iter().enumerate() {
                let mut chain_start = None;
                let t = &lock.packages[target];
                // The dependency is the target itself: the manifest's own
                // declaration reports it, unless the lock installs another
                // package under its name (a URL, git or file specifier, which
                // names no package: the lock records what it turned out to be).
                let installs_other = normalise_package(&dep.package) != normalise_package(&t.name);
                for &s in &starts[wi][di] {
                    if hops.reaches(s) {
                        reached[target] = true;
                        if (s != target || installs_other) && chain_start.is_none() {
                            chain_start = Some(s);
                        }
                    }
                }
                let Some(start) = chain_start else { continue };
                let mut chain = vec![start];
                if start != target {
                    chain.extend(hops.path(start).into_iter().map(|(i, _)| i));
                }
                let note = if start == target {
                    format!(
                        "\"{}\": \"{}\" is this package in {lock_name}",
                        dep.key, dep.range
                    )
                } else {
                    let mut note = format!("reached through {label}");
                    for &i in &chain {
                        let (name, version) = &names[i];
                        note.push_str(&format!(" → {name}"));
                        if !version.is_empty() {
                            note.push_str(&format!(" {version}"));
                        }
                    }
                    note.push_str(&format!(" in {lock_name}"));
                    note
                };
                let mut d = Declaration::new(
                    Target(&PACKAGE),
                    normalise_package(&t.name),
                    subject(t),
                    dep.span.clone(),
                );
                d.identity = format!("package \"{}\" through {}", t.name, describe(dep));
                // Reached from several members of a workspace: one finding.
                d.fold = Some(crate::scan::Fold::group(
                    format!("npm:{}:{}", lock_file.path, d.subject),
                    note.clone(),
                ));
                d.note = Some(note);
                d.waiver_lines = dep_waiver_lines(&parsed[m].file, &dep.span);
                d.dev = dep.kind == Kind::Dev;
                d.via = chain[..chain.len() - 1]
                    .iter()
                    .map(|&i| normalise_package(&names[i].0))
                    .collect();
                found.push(d);
            }
            parsed[m].declarations.extend(found);
        }
    }
    // What no dependency read leads to stays a finding, at the lock.
    targets
        .iter()
        .filter(|&&t| !reached[t])
        .map(|&t| {
            let q = &lock.packages[t];
            let span = if q.span.is_empty() {
                0..lock_file.text.len().min(1)
            } else {
                q.span.clone()
            };
            let mut d = Declaration::new(
                Target(&PACKAGE),
                normalise_package(&q.name),
                subject(q),
                span.clone(),
            );
            d.identity = format!("package \"{}\" in {lock_name}", q.name);
            d.note = Some(format!(
                "listed in {lock_name}, but no dependency of a package.json read beside it leads there"
            ));
            let line = lock_file.line_col(span.start).line;
            d.waiver_lines = waiver::covering_lines(lock_file, Comments::Hash, line, line);
            d.dev = q.dev;
            d
        })
        .collect()
}

fn subject(p: &lock::Package) -> String {
    if p.version.is_empty() {
        format!("package \"{}\"", p.name)
    } else {
        format!("package \"{}\" {}", p.name, p.version)
    }
}
