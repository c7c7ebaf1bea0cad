//! Cargo: every `Cargo.toml` in the tree, and `Cargo.lock` for crates
//! reached transitively.
//!
//! Direct dependencies are read from the manifests ([`manifest`]: every
//! dependency table, renames, `workspace = true`, optional dependencies and
//! the features that turn them on; what cargo would reject is a located
//! `parse-error`). Crates a member reaches are found per direct
//! dependency: a banned crate is reported once for each direct dependency
//! that leads to it, at that dependency's line and with that line's
//! waivers, with the path there: `report-worker → session-kit 0.3.1 →
//! redis 0.27.6`.
//!
//! The path is a real one for that member: normal and build edges only
//! (build-dependencies are compiled and run on the host at every build, so
//! a crate behind one is part of building the member; those edges are
//! marked `(build)`), after the member's own dev-dependency when the direct
//! dependency is one. It comes from one of two places:
//!
//! - `cargo metadata --offline --locked --all-features` (when asked for, and
//!   the workspace resolves offline: [`metadata`]), whose
//!   resolve graph has each edge's kinds; the member's features are then
//!   resolved exactly (a crate behind a feature nothing in the member's
//!   graph turns on is not reported). It runs once per workspace, and only
//!   when the lockfile walk found a path to a wanted crate.
//! - Otherwise, `Cargo.lock` ([`lock`]), with each path package's edges
//!   read from its manifest (its dev-dependencies are not followed); the
//!   lock resolves every feature, so the note says the path holds "in
//!   Cargo.lock with features unified". A dependency of a member the lock
//!   does not hold is `lock-stale`: what it brings in is unknown.
//!
//! `cargo metadata` runs only when `ADRIFT_CARGO` asks for it (`on`, or the
//! path of a cargo): it honours the project's own cargo configuration,
//! which can run programs, and a gate must not run what a pull request
//! brings.
//! Everything here but [`scan_job`] and [`run_cargo_metadata`] is text in,
//! declarations out.

pub mod lock;
pub mod manifest;
pub mod metadata;
pub mod walk;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::waiver::{self, Comments};
use super::{
    Declaration, Ecosystem, Job, ScannedFile, Target, TargetInfo, Wanted, toml_parse_error,
};
use crate::finding::Finding;
use crate::source::SourceFile;
use lock::Lock;
use manifest::{Dep, Kind, Manifest, Problem};
use walk::{Graph, Hops};

/// Normalises a crate name: crates.io treats `-` and `_` as the same.
pub fn normalise_crate(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('_', "-")
}

pub static CRATE: TargetInfo = TargetInfo {
    ecosystem: "cargo",
    key: "crates",
    noun: "crate",
    normalise: normalise_crate,
    expand: super::target::same,
};

pub static CARGO: Ecosystem = Ecosystem {
    name: "cargo",
    targets: &[&CRATE],
    has_dev: true,
    claims: |name| name == b"Cargo.toml" || name == b"Cargo.lock",
    scan: scan_job,
    known_names: None,
};

/// What the note of a path read from `Cargo.lock` says.
pub const UNIFIED: &str = "in Cargo.lock with features unified";

fn scan_job(job: &Job<'_>) -> Vec<ScannedFile> {
    let (lock_paths, manifest_paths): (Vec<&PathBuf>, Vec<&PathBuf>) = job
        .paths
        .iter()
        .partition(|p| p.file_name().is_some_and(|n| n == "Cargo.lock"));
    let mut out = Vec::new();
    if !job.wanted.wants_ecosystem("cargo") {
        // Nothing to match: only the waivers count (an unused one is reported).
        return manifest_paths
            .iter()
            .filter_map(|p| job.reader.read(p).ok())
            .filter_map(|file| ScannedFile::waivers_only(file, Comments::Hash))
            .collect();
    }
    let mut read = |paths: Vec<&PathBuf>| {
        let mut files = Vec::new();
        for path in paths {
            match job.reader.read(path) {
                Ok(file) => files.push((parent(path), file)),
                Err(finding) => out.push(ScannedFile::problem_only(*finding)),
            }
        }
        files
    };
    let locks = read(lock_paths);
    let manifests = read(manifest_paths);
    let mut cargo = CargoCommand::from_env();
    out.extend(analyse(&manifests, &locks, job.wanted, &mut |dir| {
        cargo.metadata(dir)
    }));
    out
}

fn parent(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new(".")).to_path_buf()
}

/// `cargo metadata` output for one workspace, and the directory cargo
/// names as its root (the lock's directory, canonical).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub json: String,
    pub root: PathBuf,
}

/// The cargo adrift runs, found once.
struct CargoCommand {
    program: Option<PathBuf>,
}

impl CargoCommand {
    /// `ADRIFT_CARGO`: unset, empty or `off`, none; `on` (or `1`, `true`),
    /// `cargo` on `PATH`; anything else, the cargo at that path.
    ///
    /// Off unless asked for: `cargo metadata` honours the project's
    /// `.cargo/config.toml` and `rust-toolchain.toml`, which can name a
    /// program to run, so running it on a pull request would run code the
    /// pull request controls. Reading files never does; whoever owns the
    /// CI job opts in.
    fn from_env() -> CargoCommand {
        let program = match std::env::var_os("ADRIFT_CARGO") {
            None => None,
            Some(v) if v.is_empty() || v == "off" || v == "0" || v == "false" => None,
            Some(v) if v == "on" || v == "1" || v == "true" => Some(PathBuf::from("cargo")),
            Some(v) => Some(PathBuf::from(v)),
        };
        CargoCommand { program }
    }

    fn metadata(&mut self, dir: &Path) -> Option<Resolved> {
        let program = self.program.as_ref()?;
        run_cargo_metadata(program, dir)
    }
}

/// How long `cargo metadata` may take before adrift falls back to the lock
/// (cargo waits without end for a lock another cargo holds).
const CARGO_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `cargo metadata` on the workspace whose root is `dir`: offline,
/// `--locked` (it never writes the lock), every feature on. `None` when
/// cargo cannot say (no manifest, no registry cache, a stale lock, a
/// timeout, any failure).
pub fn run_cargo_metadata(program: &Path, dir: &Path) -> Option<Resolved> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let root = std::fs::canonicalize(dir).ok()?;
    let manifest = root.join("Cargo.toml");
    if !manifest.is_file() {
        return None;
    }
    let mut child = Command::new(program)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--locked",
            "--all-features",
            "--manifest-path",
        ])
        .arg(&manifest)
        .current_dir(&root)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let start = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() < CARGO_TIMEOUT => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let bytes = reader.join().ok()?.ok()?;
    if !status?.success() {
        return None;
    }
    Some(Resolved {
        json: String::from_utf8(bytes).ok()?,
        root,
    })
}

/// One manifest as read, with what it gives.
struct Parsed {
    file: Arc<SourceFile>,
    dir: PathBuf,
    manifest: Manifest,
    /// Its dependencies with `workspace = true` resolved.
    deps: Vec<Dep>,
    declarations: Vec<Declaration>,
    problems: Vec<Finding>,
}

fn problem_finding(file: &Arc<SourceFile>, what: &str, problem: &Problem) -> Finding {
    crate::scan::parse_error(
        file,
        problem.span.clone(),
        format!("cannot read {what}: {}", problem.message),
        "cargo rejects this; fix it (adrift fails closed on what it cannot read as cargo does)",
    )
}

fn describe(dep: &Dep) -> String {
    let mut s = if dep.key == dep.package {
        format!("{} \"{}\"", dep.kind.noun(), dep.key)
    } else {
        format!(
            "{} \"{}\" (package \"{}\")",
            dep.kind.noun(),
            dep.key,
            dep.package
        )
    };
    if let Some(target) = &dep.target {
        s.push_str(&format!(" for target {target}"));
    }
    s
}

/// A dependency's line, the table header above it (`[dependencies.sqlx]`
/// puts the key there), and the comment lines above that.
fn dep_waiver_lines(file: &SourceFile, dep: &Dep) -> Vec<usize> {
    let line = file.line_col(dep.span.start).line;
    waiver::covering_lines(file, Comments::Hash, line, line)
}

/// Scans manifests and lockfiles given as text (`(directory, file)`
/// each). `metadata` is asked for `cargo metadata` output of a workspace
/// root when the lock holds a path to a wanted crate; `None` falls back to
/// the lock.
pub fn analyse(
    manifests: &[(PathBuf, Arc<SourceFile>)],
    locks: &[(PathBuf, Arc<SourceFile>)],
    wanted: &Wanted,
    metadata: &mut dyn FnMut(&Path) -> Option<Resolved>,
) -> Vec<ScannedFile> {
    let mut out = Vec::new();
    // Every lock, parsed or not: a manifest goes with the nearest one, and
    // one that cannot be read is not replaced by another further up.
    let mut parsed_locks: Vec<(&Path, Option<Lock>)> = Vec::new();
    for (dir, file) in locks {
        match lock::parse(&file.text) {
            Ok(lock) => {
                if !lock.problems.is_empty() {
                    out.push(ScannedFile {
                        problems: lock
                            .problems
                            .iter()
                            .map(|p| problem_finding(file, "Cargo.lock", p))
                            .collect(),
                        ..ScannedFile::empty(Arc::clone(file))
                    });
                }
                parsed_locks.push((dir, Some(lock)));
            }
            Err(e) => {
                parsed_locks.push((dir, None));
                out.push(ScannedFile {
                    problems: vec![*toml_parse_error(file, "Cargo.lock", &e)],
                    ..ScannedFile::empty(Arc::clone(file))
                });
            }
        }
    }
    let mut parsed: Vec<Parsed> = Vec::new();
    for (dir, file) in manifests {
        match manifest::parse(&file.text) {
            Ok(manifest) => parsed.push(Parsed {
                problems: manifest
                    .problems
                    .iter()
                    .map(|p| problem_finding(file, "Cargo.toml", p))
                    .collect(),
                file: Arc::clone(file),
                dir: dir.clone(),
                deps: manifest.deps.clone(),
                manifest,
                declarations: Vec::new(),
            }),
            Err(e) => out.push(ScannedFile {
                waivers: waiver::find(file, Comments::Hash),
                problems: vec![*toml_parse_error(file, "Cargo.toml", &e)],
                ..ScannedFile::empty(Arc::clone(file))
            }),
        }
    }
    inherit(&mut parsed);
    for p in &mut parsed {
        for dep in &p.deps {
            let name = normalise_crate(&dep.package);
            if !wanted.matches(Target(&CRATE), &name) {
                continue;
            }
            let mut d = Declaration::new(Target(&CRATE), name, describe(dep), dep.span.clone());
            d.note = dep
                .optional
                .then(|| manifest::enabling_features(&p.manifest, &dep.key));
            d.waiver_lines = dep_waiver_lines(&p.file, dep);
            d.dev = dep.kind == Kind::Dev;
            p.declarations.push(d);
        }
    }
    // Each manifest goes with the nearest lock above it.
    let nearest: Vec<Option<usize>> = parsed
        .iter()
        .map(|p| {
            p.dir
                .ancestors()
                .find_map(|dir| parsed_locks.iter().position(|(d, _)| *d == dir))
        })
        .collect();
    for (l, (lock_dir, lock)) in parsed_locks.iter().enumerate() {
        let Some(lock) = lock else {
            continue;
        };
        let workspace: Vec<usize> = (0..parsed.len())
            .filter(|&i| nearest[i] == Some(l))
            .collect();
        transitive(lock_dir, lock, &workspace, &mut parsed, wanted, metadata);
    }
    for p in parsed {
        out.push(ScannedFile {
            waivers: waiver::find(&p.file, Comments::Hash),
            declarations: p.declarations,
            problems: p.problems,
            ..ScannedFile::empty(p.file)
        });
    }
    out
}

/// Resolves `workspace = true` against the nearest workspace root above
/// each manifest (its own directory included), as cargo does.
fn inherit(parsed: &mut [Parsed]) {
    let roots: Vec<(PathBuf, HashMap<String, String>, String)> = parsed
        .iter()
        .filter(|p| p.manifest.workspace)
        .map(|p| {
            (
                p.dir.clone(),
                p.manifest.workspace_deps.clone(),
                p.file.path.clone(),
            )
        })
        .collect();
    for p in parsed.iter_mut() {
        let root = roots
            .iter()
            .filter(|(dir, _, _)| p.dir.starts_with(dir))
            .max_by_key(|(dir, _, _)| dir.components().count());
        let mut problems = Vec::new();
        for dep in p.deps.iter_mut().filter(|d| d.inherits) {
            match root {
                Some((_, deps, _)) if deps.contains_key(&dep.key) => {
                    dep.package = deps[&dep.key].clone();
                }
                Some((_, _, path)) => problems.push(Problem {
                    span: dep.span.clone(),
                    message: format!(
                        "`{}` inherits from the workspace (`workspace = true`), but {path} has no `[workspace.dependencies]` entry `{}`",
                        dep.key, dep.key
                    ),
                }),
                None => problems.push(Problem {
                    span: dep.span.clone(),
                    message: format!(
                        "`{}` inherits from the workspace (`workspace = true`), but no workspace root (a Cargo.toml with `[workspace]`) was read above it; scan the root too",
                        dep.key
                    ),
                }),
            }
        }
        for problem in problems {
            let finding = problem_finding(&p.file, "Cargo.toml", &problem);
            p.problems.push(finding);
        }
    }
}

/// One member of a workspace: its manifest and its package in the lock.
struct Member {
    manifest: usize,
    package: usize,
}

/// The transitive findings of the workspace whose lock is `lock`, for the
/// manifests in `workspace` (those whose nearest lock it is).
fn transitive(
    lock_dir: &Path,
    lock: &Lock,
    workspace: &[usize],
    parsed: &mut [Parsed],
    wanted: &Wanted,
    metadata: &mut dyn FnMut(&Path) -> Option<Resolved>,
) {
    let targets: Vec<usize> = lock
        .packages
        .iter()
        .enumerate()
        .filter(|(_, p)| wanted.matches(Target(&CRATE), &normalise_crate(&p.name)))
        .map(|(i, _)| i)
        .collect();
    let members: Vec<Member> = workspace
        .iter()
        .filter_map(|&i| {
            let m = &parsed[i].manifest;
            let name = m.package.as_deref()?;
            let package = lock
                .path_packages(name, m.version.as_deref())
                .next()
                .or_else(|| lock.path_packages(name, None).next())?;
            Some(Member {
                manifest: i,
                package,
            })
        })
        .collect();
    // A lock with problems is already a finding: its missing edges are
    // not reported again as staleness.
    if wanted.wants(Target(&CRATE)) && lock.problems.is_empty() {
        stale(lock, &members, parsed);
    }
    if targets.is_empty() || members.is_empty() {
        return;
    }
    let found = lock_walk(lock_dir, lock, parsed, &members, &targets);
    if found.iter().all(Vec::is_empty) {
        return;
    }
    let exact = metadata(lock_dir)
        .and_then(|resolved| Exact::new(metadata::parse(&resolved.json)?, resolved.root, wanted));
    for (m, mut declarations) in members.iter().zip(found) {
        if declarations.is_empty() {
            continue;
        }
        if let Some(exact) = &exact
            && let Some(found) = exact.walk(lock_dir, &parsed[m.manifest])
        {
            declarations = found;
        }
        // A crate reached from several members of the workspace is one
        // finding, at the first place it is reached from.
        for d in &mut declarations {
            let relation = d.note.clone().unwrap_or_default();
            d.fold = Some(crate::scan::Fold::group(
                format!("cargo:{}:{}", lock_dir.display(), d.subject),
                relation,
            ));
        }
        parsed[m.manifest].declarations.extend(declarations);
    }
}

/// `lock-stale`: each dependency of a member that its package in the lock
/// does not depend on. What such a dependency brings in is unknown, so a
/// gate on crates cannot pass it (see [`crate::check::LOCK_STALE`]).
fn stale(lock: &Lock, members: &[Member], parsed: &mut [Parsed]) {
    for m in members {
        let held: std::collections::HashSet<String> = lock.packages[m.package]
            .deps
            .iter()
            .map(|&q| normalise_crate(&lock.packages[q].name))
            .collect();
        let p = &mut parsed[m.manifest];
        let mut reported = std::collections::HashSet::new();
        for dep in &p.deps {
            let name = normalise_crate(&dep.package);
            if held.contains(&name) || !reported.insert(name) {
                continue;
            }
            let finding = Finding::new(
                &crate::check::LOCK_STALE,
                format!(
                    "Cargo.lock does not hold {}: the lock is out of date, so what it brings in is unchecked",
                    describe(dep)
                ),
            )
            .in_file(&p.file)
            .at(p.file.visible_span(dep.span.clone()))
            .help("update and commit the lock (`cargo update --workspace`, or any cargo build); run cargo with `--locked` in CI");
            p.problems.push(finding);
        }
    }
}

/// A transitive finding: `chain` runs from the direct dependency to the
/// wanted crate, each with the kind of the edge into it.
fn declaration(
    parsed: &Parsed,
    member: &str,
    dep: &Dep,
    chain: &[(&str, &str, Kind)],
    unified: bool,
) -> Declaration {
    let (name, version, _) = chain[chain.len() - 1];
    let mut note = format!("reached through {member}");
    for (n, v, kind) in chain {
        note.push_str(&format!(" → {n} {v}"));
        if *kind == Kind::Build {
            note.push_str(" (build)");
        }
    }
    if unified {
        note.push(' ');
        note.push_str(UNIFIED);
    }
    if dep.optional {
        note.push_str("; ");
        note.push_str(&manifest::enabling_features(&parsed.manifest, &dep.key));
    }
    let subject = format!("crate \"{name}\" {version}");
    let mut d = Declaration::new(
        Target(&CRATE),
        normalise_crate(name),
        subject.clone(),
        dep.span.clone(),
    );
    d.identity = format!("{subject} through {}", describe(dep));
    d.note = Some(note);
    d.waiver_lines = dep_waiver_lines(&parsed.file, dep);
    d.dev = dep.kind == Kind::Dev;
    d.via = chain[..chain.len() - 1]
        .iter()
        .map(|(n, _, _)| normalise_crate(n))
        .collect();
    d
}

/// The lockfile walk: for each member, its transitive findings.
fn lock_walk(
    lock_dir: &Path,
    lock: &Lock,
    parsed: &[Parsed],
    members: &[Member],
    targets: &[usize],
) -> Vec<Vec<Declaration>> {
    let n = lock.packages.len();
    // The manifest of each path package, when exactly one was read.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in parsed.iter().enumerate() {
        if let Some(name) = &p.manifest.package {
            by_name.entry(name.as_str()).or_default().push(i);
        }
    }
    let manifest_of = |p: &lock::LockPackage| -> Option<usize> {
        if p.source.is_some() {
            return None;
        }
        let candidates: Vec<usize> = by_name
            .get(p.name.as_str())?
            .iter()
            .copied()
            .filter(|&i| {
                parsed[i]
                    .manifest
                    .version
                    .as_deref()
                    .is_none_or(|v| v == p.version)
            })
            .collect();
        let inside: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| parsed[i].dir.starts_with(lock_dir))
            .collect();
        match (inside.len(), candidates.len()) {
            (1, _) => Some(inside[0]),
            (0, 1) => Some(candidates[0]),
            _ => None,
        }
    };
    // Edges: a path package's from its manifest (dev ones dropped; build
    // ones marked); every other package's as the lock has them.
    let mut graph = Graph::new(n);
    for (i, p) in lock.packages.iter().enumerate() {
        let kinds: Option<HashMap<String, (bool, bool, bool)>> = manifest_of(p).map(|m| {
            let mut kinds: HashMap<String, (bool, bool, bool)> = HashMap::new();
            for dep in &parsed[m].deps {
                let e = kinds.entry(normalise_crate(&dep.package)).or_default();
                match dep.kind {
                    Kind::Normal => e.0 = true,
                    Kind::Build => e.1 = true,
                    Kind::Dev => e.2 = true,
                }
            }
            kinds
        });
        for &q in &p.deps {
            let kind = match kinds
                .as_ref()
                .and_then(|k| k.get(&normalise_crate(&lock.packages[q].name)))
            {
                Some((true, _, _)) | None => Kind::Normal,
                Some((false, true, _)) => Kind::Build,
                Some((false, false, _)) => continue,
            };
            graph.succ[i].push((q as u32, kind));
        }
    }
    let preds = graph.reversed();
    let mut blocked = vec![false; n];
    for &t in targets {
        blocked[t] = true;
    }
    // For each member and direct dependency, the lock packages it is.
    let starts: Vec<Vec<Vec<usize>>> = members
        .iter()
        .map(|m| {
            let deps = &lock.packages[m.package].deps;
            parsed[m.manifest]
                .deps
                .iter()
                .map(|d| {
                    let name = normalise_crate(&d.package);
                    deps.iter()
                        .copied()
                        .filter(|&q| normalise_crate(&lock.packages[q].name) == name)
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut out: Vec<Vec<Declaration>> = members.iter().map(|_| Vec::new()).collect();
    let mut hops = Hops::new(n);
    for &target in targets {
        hops.search(&preds, target, &blocked);
        for (mi, m) in members.iter().enumerate() {
            let p = &parsed[m.manifest];
            let member = &lock.packages[m.package].name;
            for (di, dep) in p.deps.iter().enumerate() {
                let Some(&start) = starts[mi][di]
                    .iter()
                    .find(|&&s| s != target && hops.reaches(s))
                else {
                    continue;
                };
                let mut chain = vec![(start, dep.kind)];
                chain.extend(hops.path(start));
                let chain: Vec<(&str, &str, Kind)> = chain
                    .iter()
                    .map(|&(i, k)| {
                        let q = &lock.packages[i];
                        (q.name.as_str(), q.version.as_str(), k)
                    })
                    .collect();
                out[mi].push(declaration(p, member, dep, &chain, true));
            }
        }
    }
    out
}

/// `cargo metadata`'s graph of one workspace, ready for its members.
struct Exact {
    meta: metadata::Metadata,
    root: PathBuf,
    /// Path packages by manifest path.
    by_manifest: HashMap<PathBuf, usize>,
    /// Packages from which a wanted crate can be reached by any edge.
    relevant: Vec<bool>,
    /// Packages a rule wants.
    wanted: Vec<bool>,
}

impl Exact {
    /// `None` when cargo resolved another workspace than the lock's (the
    /// lock's directory is then not a workspace root).
    fn new(meta: metadata::Metadata, root: PathBuf, wanted: &Wanted) -> Option<Exact> {
        if Path::new(&meta.workspace_root) != root {
            return None;
        }
        let n = meta.packages.len();
        let is_wanted: Vec<bool> = meta
            .packages
            .iter()
            .map(|q| wanted.matches(Target(&CRATE), &normalise_crate(&q.name)))
            .collect();
        let targets: Vec<usize> = (0..n).filter(|&i| is_wanted[i]).collect();
        let mut all = Graph::new(n);
        for (i, q) in meta.packages.iter().enumerate() {
            all.succ[i] = q.edges.iter().map(|&(t, k)| (t as u32, k)).collect();
        }
        let relevant = walk::reaching(&all.reversed(), &targets);
        let by_manifest = meta
            .packages
            .iter()
            .enumerate()
            .filter(|(_, q)| q.source.is_none())
            .map(|(i, q)| (PathBuf::from(&q.manifest_path), i))
            .collect();
        Some(Exact {
            meta,
            root,
            by_manifest,
            relevant,
            wanted: is_wanted,
        })
    }

    /// The exact walk of one member; `None` when the member is not in the
    /// graph (its lockfile findings then stand).
    fn walk(&self, lock_dir: &Path, p: &Parsed) -> Option<Vec<Declaration>> {
        let meta = &self.meta;
        let relative = p.dir.strip_prefix(lock_dir).ok()?;
        let path = self.root.join(relative).join("Cargo.toml");
        let r = *self.by_manifest.get(&path)?;
        let mut out = Vec::new();
        if !self.relevant[r] {
            return Some(out);
        }
        for dev in [false, true] {
            let deps: Vec<&Dep> = p
                .deps
                .iter()
                .filter(|d| (d.kind == Kind::Dev) == dev)
                .collect();
            if deps.is_empty() {
                continue;
            }
            let active = metadata::member_graph(meta, r, dev, &self.relevant);
            // The member's graph, with local indexes.
            let mut local: HashMap<usize, u32> = HashMap::new();
            let mut nodes: Vec<usize> = Vec::new();
            let mut index = |g: usize, nodes: &mut Vec<usize>| -> u32 {
                *local.entry(g).or_insert_with(|| {
                    nodes.push(g);
                    (nodes.len() - 1) as u32
                })
            };
            let mut sorted: Vec<(&usize, &Vec<(usize, Kind)>)> = active.iter().collect();
            sorted.sort_by_key(|(g, _)| **g);
            // The member's own edges are where its direct dependencies
            // start; its dev edges belong to its tests only, not to the
            // library other packages on a path back to it build.
            let mut starts = Vec::new();
            let mut edges = Vec::new();
            for (&from, list) in sorted {
                let f = index(from, &mut nodes);
                for &(to, kind) in list {
                    let t = index(to, &mut nodes);
                    if from == r {
                        starts.push((t, kind));
                    }
                    if kind != Kind::Dev {
                        edges.push((f, t, kind));
                    }
                }
            }
            let mut graph = Graph::new(nodes.len());
            for (f, t, kind) in edges {
                graph.succ[f as usize].push((t, kind));
            }
            let preds = graph.reversed();
            let is_target: Vec<bool> = nodes.iter().map(|&g| self.wanted[g]).collect();
            let mut hops = Hops::new(nodes.len());
            for target in (0..nodes.len()).filter(|&i| is_target[i]) {
                hops.search(&preds, target, &is_target);
                for dep in &deps {
                    let name = normalise_crate(&dep.package);
                    let Some(start) = starts
                        .iter()
                        .find(|&&(s, k)| {
                            k == dep.kind
                                && s as usize != target
                                && hops.reaches(s as usize)
                                && normalise_crate(&meta.packages[nodes[s as usize]].name) == name
                        })
                        .map(|&(s, _)| s as usize)
                    else {
                        continue;
                    };
                    let mut chain = vec![(start, dep.kind)];
                    chain.extend(hops.path(start));
                    let chain: Vec<(&str, &str, Kind)> = chain
                        .iter()
                        .map(|&(i, k)| {
                            let q = &meta.packages[nodes[i]];
                            (q.name.as_str(), q.version.as_str(), k)
                        })
                        .collect();
                    out.push(declaration(p, &meta.packages[r].name, dep, &chain, false));
                }
            }
        }
        Some(out)
    }
}
