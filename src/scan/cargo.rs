//! Cargo: every `Cargo.toml` in the tree, and `Cargo.lock` for crates
//! reached transitively.
//!
//! Direct dependencies are read from `[dependencies]`,
//! `[build-dependencies]`, `[dev-dependencies]` and their
//! `[target.'cfg(..)'.*]` forms, with renames (`package = "sqlx"`),
//! `workspace = true` inheritance from `[workspace.dependencies]`, and
//! optional dependencies (the finding names the feature that turns one on).
//! Through the nearest `Cargo.lock`, every crate a member reaches is a hit
//! too, reported at the manifest line of the direct dependency that leads
//! there, with the whole path: `report-worker → session-kit 0.3.1 → redis 0.27.6`.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::waiver::{self, Comments};
use super::{Declaration, Ecosystem, Job, ScannedFile, Target, TargetInfo, toml_parse_error};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};

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

fn scan_job(job: &Job<'_>) -> Vec<ScannedFile> {
    let (locks, manifests): (Vec<PathBuf>, Vec<PathBuf>) = job
        .paths
        .iter()
        .cloned()
        .partition(|p| p.file_name().is_some_and(|n| n == "Cargo.lock"));
    if !job.wanted.wants_ecosystem("cargo") {
        // Nothing to match: only the waivers count (an unused one is reported).
        return manifests
            .iter()
            .filter_map(|p| job.reader.read(p).ok())
            .filter_map(|file| {
                let waivers = waiver::find(&file, Comments::Hash);
                (!waivers.is_empty()).then(|| ScannedFile {
                    waivers,
                    ..ScannedFile::empty(file)
                })
            })
            .collect();
    }
    scan(&manifests, &locks, job.reader)
}

type Key<'i> = Spanned<DeString<'i>>;
type Value<'i> = Spanned<DeValue<'i>>;

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<(&'t Key<'i>, &'t Value<'i>)> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

fn table_at<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t DeTable<'i>> {
    get(table, key).and_then(|(_, v)| v.get_ref().as_table())
}

/// Which dependency table a dependency is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Normal,
    Build,
    Dev,
}

#[derive(Debug, Clone)]
struct Dep {
    /// The key as written (`db` in `db = { package = "sqlx" }`).
    key: String,
    /// The crate's real name.
    package: String,
    span: Span,
    table: Table,
    target: Option<String>,
    optional: bool,
}

/// One package in `Cargo.lock`.
#[derive(Debug)]
struct LockPackage {
    name: String,
    version: String,
    /// `None` for path (workspace) packages.
    source: Option<String>,
    dependencies: Vec<usize>,
}

/// `Cargo.lock` as a graph.
#[derive(Debug)]
pub struct Lock {
    packages: Vec<LockPackage>,
}

impl Lock {
    pub fn parse(file: &Arc<SourceFile>) -> Result<Lock, Box<Finding>> {
        let doc =
            DeTable::parse(&file.text).map_err(|e| toml_parse_error(file, "Cargo.lock", &e))?;
        let mut packages = Vec::new();
        let mut raw_deps = Vec::new();
        if let Some((_, list)) = get(doc.get_ref(), "package") {
            for entry in list
                .get_ref()
                .as_array()
                .map(|a| a.iter())
                .into_iter()
                .flatten()
            {
                let Some(t) = entry.get_ref().as_table() else {
                    continue;
                };
                let s = |k: &str| {
                    get(t, k)
                        .and_then(|(_, v)| v.get_ref().as_str())
                        .map(str::to_string)
                };
                packages.push(LockPackage {
                    name: s("name").unwrap_or_default(),
                    version: s("version").unwrap_or_default(),
                    source: s("source"),
                    dependencies: Vec::new(),
                });
                let deps: Vec<String> = get(t, "dependencies")
                    .and_then(|(_, v)| v.get_ref().as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|d| d.get_ref().as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                raw_deps.push(deps);
            }
        }
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in packages.iter().enumerate() {
            by_name.entry(p.name.as_str()).or_default().push(i);
        }
        let mut resolved = Vec::new();
        for deps in &raw_deps {
            let mut out = Vec::new();
            for dep in deps {
                // "name", "name version" or "name version (source)".
                let mut parts = dep.splitn(3, ' ');
                let name = parts.next().unwrap_or_default();
                let version = parts.next();
                let candidates = by_name.get(name).map(Vec::as_slice).unwrap_or(&[]);
                let found = candidates
                    .iter()
                    .copied()
                    .find(|&i| version.is_none_or(|v| packages[i].version == v));
                out.extend(found);
            }
            resolved.push(out);
        }
        for (p, deps) in packages.iter_mut().zip(resolved) {
            p.dependencies = deps;
        }
        Ok(Lock { packages })
    }

    fn member(&self, name: &str) -> Option<usize> {
        self.packages
            .iter()
            .position(|p| p.source.is_none() && p.name == name)
    }
}

/// A parsed manifest, before workspace inheritance is resolved.
struct Manifest {
    file: Arc<SourceFile>,
    dir: PathBuf,
    package: Option<String>,
    deps: Vec<(Dep, bool)>, // (dependency, inherits from the workspace)
    features: Vec<(String, Vec<String>)>,
    /// `[workspace.dependencies]`: key → real crate name.
    workspace_deps: HashMap<String, String>,
}

fn read_manifest(file: Arc<SourceFile>, dir: PathBuf) -> Result<Manifest, Box<Finding>> {
    let doc = DeTable::parse(&file.text).map_err(|e| toml_parse_error(&file, "Cargo.toml", &e))?;
    let root = doc.get_ref();
    let package = table_at(root, "package")
        .and_then(|p| get(p, "name"))
        .and_then(|(_, v)| v.get_ref().as_str())
        .map(str::to_string);
    let mut deps = Vec::new();
    let mut collect = |table: &DeTable<'_>, kind: Table, target: Option<String>| {
        for (key, value) in table.iter() {
            let name = key.get_ref().to_string();
            let (package, optional, inherits) = match value.get_ref() {
                DeValue::Table(spec) => {
                    let flag = |k: &str| {
                        get(spec, k)
                            .and_then(|(_, v)| v.get_ref().as_bool())
                            .unwrap_or(false)
                    };
                    let package = get(spec, "package")
                        .and_then(|(_, v)| v.get_ref().as_str())
                        .map(str::to_string);
                    (package, flag("optional"), flag("workspace"))
                }
                _ => (None, false, false),
            };
            deps.push((
                Dep {
                    package: package.unwrap_or_else(|| name.clone()),
                    key: name,
                    span: key.span(),
                    table: kind,
                    target: target.clone(),
                    optional,
                },
                inherits,
            ));
        }
    };
    for (name, kind) in [
        ("dependencies", Table::Normal),
        ("build-dependencies", Table::Build),
        ("build_dependencies", Table::Build),
        ("dev-dependencies", Table::Dev),
        ("dev_dependencies", Table::Dev),
    ] {
        if let Some(t) = table_at(root, name) {
            collect(t, kind, None);
        }
    }
    if let Some(targets) = table_at(root, "target") {
        for (cfg, value) in targets.iter() {
            let Some(target) = value.get_ref().as_table() else {
                continue;
            };
            for (name, kind) in [
                ("dependencies", Table::Normal),
                ("build-dependencies", Table::Build),
                ("dev-dependencies", Table::Dev),
            ] {
                if let Some(t) = table_at(target, name) {
                    collect(t, kind, Some(cfg.get_ref().to_string()));
                }
            }
        }
    }
    let features = table_at(root, "features")
        .map(|f| {
            f.iter()
                .map(|(k, v)| {
                    let items = v
                        .get_ref()
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|i| i.get_ref().as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    (k.get_ref().to_string(), items)
                })
                .collect()
        })
        .unwrap_or_default();
    let workspace_deps = table_at(root, "workspace")
        .and_then(|w| table_at(w, "dependencies"))
        .map(|t| {
            t.iter()
                .map(|(k, v)| {
                    let package = v
                        .get_ref()
                        .as_table()
                        .and_then(|spec| get(spec, "package"))
                        .and_then(|(_, p)| p.get_ref().as_str())
                        .map(str::to_string)
                        .unwrap_or_else(|| k.get_ref().to_string());
                    (k.get_ref().to_string(), package)
                })
                .collect()
        })
        .unwrap_or_default();
    deps.sort_by_key(|(d, _)| d.span.start);
    Ok(Manifest {
        file,
        dir,
        package,
        deps,
        features,
        workspace_deps,
    })
}

/// The features that turn an optional dependency on.
fn enabling_features(manifest: &Manifest, key: &str) -> String {
    let explicit = format!("dep:{key}");
    let mut names: Vec<&str> = manifest
        .features
        .iter()
        .filter(|(_, items)| {
            items.iter().any(|i| {
                i == &explicit
                    || i == key
                    || i.strip_prefix(key)
                        .is_some_and(|r| r.starts_with('/') || r.starts_with("?/"))
            })
        })
        .map(|(name, _)| name.as_str())
        .collect();
    let uses_dep_syntax = manifest
        .features
        .iter()
        .any(|(_, items)| items.iter().any(|i| i == &explicit));
    if !uses_dep_syntax && !names.contains(&key) {
        names.push(key);
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let word = if quoted.len() == 1 {
        "feature"
    } else {
        "features"
    };
    format!("optional: turned on by {word} {}", quoted.join(", "))
}

fn describe(dep: &Dep) -> String {
    let table = match dep.table {
        Table::Normal => "dependency",
        Table::Build => "build-dependency",
        Table::Dev => "dev-dependency",
    };
    let mut s = if dep.key == dep.package {
        format!("{table} \"{}\"", dep.key)
    } else {
        format!("{table} \"{}\" (package \"{}\")", dep.key, dep.package)
    };
    if let Some(target) = &dep.target {
        s.push_str(&format!(" for target {target}"));
    }
    s
}

/// Scans every manifest with the lockfiles beside or above it.
pub fn scan(manifests: &[PathBuf], locks: &[PathBuf], reader: &super::Reader) -> Vec<ScannedFile> {
    let mut out = Vec::new();
    let mut parsed_locks: HashMap<PathBuf, Lock> = HashMap::new();
    for path in locks {
        let file = match reader.read(path) {
            Ok(file) => file,
            Err(finding) => {
                out.push(ScannedFile::problem_only(*finding));
                continue;
            }
        };
        match Lock::parse(&file) {
            Ok(lock) => {
                parsed_locks.insert(path.parent().unwrap_or(Path::new(".")).to_path_buf(), lock);
            }
            Err(finding) => out.push(ScannedFile {
                problems: vec![*finding],
                ..ScannedFile::empty(file)
            }),
        }
    }
    let mut parsed = Vec::new();
    for path in manifests {
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        match reader.read(path) {
            Ok(file) => match read_manifest(Arc::clone(&file), dir) {
                Ok(m) => parsed.push(m),
                Err(finding) => out.push(ScannedFile {
                    waivers: waiver::find(&file, Comments::Hash),
                    problems: vec![*finding],
                    ..ScannedFile::empty(file)
                }),
            },
            Err(finding) => out.push(ScannedFile::problem_only(*finding)),
        }
    }
    // `[workspace.dependencies]` by workspace directory.
    let workspaces: Vec<(&Path, &HashMap<String, String>)> = parsed
        .iter()
        .filter(|m| !m.workspace_deps.is_empty())
        .map(|m| (m.dir.as_path(), &m.workspace_deps))
        .collect();
    for manifest in &parsed {
        let mut hits = Vec::new();
        let inherited = |key: &str| {
            workspaces
                .iter()
                .filter(|(dir, _)| manifest.dir.starts_with(dir))
                .max_by_key(|(dir, _)| dir.components().count())
                .and_then(|(_, deps)| deps.get(key).cloned())
        };
        let deps: Vec<Dep> = manifest
            .deps
            .iter()
            .map(|(dep, inherits)| {
                let mut dep = dep.clone();
                if *inherits && let Some(package) = inherited(&dep.key) {
                    dep.package = package;
                }
                dep
            })
            .collect();
        for dep in &deps {
            let line = manifest.file.line_col(dep.span.start).line;
            let mut d = Declaration::new(
                Target(&CRATE),
                normalise_crate(&dep.package),
                describe(dep),
                dep.span.clone(),
            );
            d.note = dep.optional.then(|| enabling_features(manifest, &dep.key));
            d.waiver_lines = dep_waiver_lines(&manifest.file, line);
            d.dev = dep.table == Table::Dev;
            hits.push(d);
        }
        if let Some(package) = &manifest.package {
            let lock = manifest
                .dir
                .ancestors()
                .find_map(|dir| parsed_locks.get(dir));
            if let Some(lock) = lock {
                hits.extend(transitive(lock, package, &deps, manifest));
            }
        }
        out.push(ScannedFile {
            waivers: waiver::find(&manifest.file, Comments::Hash),
            declarations: hits,
            ..ScannedFile::empty(Arc::clone(&manifest.file))
        });
    }
    out
}

/// A dependency's line, the table header above it (`[dependencies.sqlx]`
/// puts the key there), and the comment lines above that.
fn dep_waiver_lines(file: &SourceFile, line: usize) -> Vec<usize> {
    waiver::covering_lines(file, Comments::Hash, line, line)
}

/// Every crate `package` reaches through the lock, each once, by a
/// shortest path, reported at the direct dependency it goes through.
fn transitive(lock: &Lock, package: &str, deps: &[Dep], manifest: &Manifest) -> Vec<Declaration> {
    let Some(member) = lock.member(package) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let mut seen = vec![false; lock.packages.len()];
    seen[member] = true;
    // (package, the direct dependency it came through, path of indexes)
    let mut queue: VecDeque<(usize, usize, Vec<usize>)> = VecDeque::new();
    for &direct in &lock.packages[member].dependencies {
        let name = &lock.packages[direct].name;
        let Some(dep_index) = deps.iter().position(|d| &d.package == name) else {
            continue;
        };
        if !seen[direct] {
            seen[direct] = true;
            queue.push_back((direct, dep_index, vec![member, direct]));
        }
    }
    while let Some((at, dep_index, path)) = queue.pop_front() {
        for &next in &lock.packages[at].dependencies {
            if seen[next] {
                continue;
            }
            seen[next] = true;
            let mut next_path = path.clone();
            next_path.push(next);
            let dep = &deps[dep_index];
            let p = &lock.packages[next];
            let chain: Vec<String> = next_path
                .iter()
                .map(|&i| {
                    let q = &lock.packages[i];
                    if i == member {
                        q.name.clone()
                    } else {
                        format!("{} {}", q.name, q.version)
                    }
                })
                .collect();
            let line = manifest.file.line_col(dep.span.start).line;
            let mut note = format!("reached through {}", chain.join(" → "));
            if dep.optional {
                note.push_str(&format!("; {}", enabling_features(manifest, &dep.key)));
            }
            let subject = format!("crate \"{}\" {}", p.name, p.version);
            let mut d = Declaration::new(
                Target(&CRATE),
                normalise_crate(&p.name),
                subject.clone(),
                dep.span.clone(),
            );
            d.identity = format!("{subject} ({note})");
            d.note = Some(note);
            d.waiver_lines = dep_waiver_lines(&manifest.file, line);
            d.dev = dep.table == Table::Dev;
            d.via = next_path[1..next_path.len() - 1]
                .iter()
                .map(|&i| normalise_crate(&lock.packages[i].name))
                .collect();
            hits.push(d);
            queue.push_back((next, dep_index, next_path));
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(manifest: &str, lock: Option<&str>) -> Vec<Declaration> {
        let dir = std::env::temp_dir().join(format!(
            "adrift-cargo-unit-{}-{}",
            std::process::id(),
            manifest.len() + lock.map_or(0, str::len)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        let mut locks = Vec::new();
        if let Some(lock) = lock {
            std::fs::write(dir.join("Cargo.lock"), lock).unwrap();
            locks.push(dir.join("Cargo.lock"));
        }
        let reader = super::super::Reader {
            cwd: dir.clone(),
            max_bytes: u64::MAX,
        };
        let scanned = scan(&[dir.join("Cargo.toml")], &locks, &reader);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            scanned.iter().all(|s| s.problems.is_empty()),
            "{:?}",
            scanned[0].problems
        );
        scanned.into_iter().flat_map(|s| s.declarations).collect()
    }

    #[test]
    fn direct_renamed_optional_target_and_dev_dependencies() {
        let hits = scan_text(
            "[package]\nname = \"api\"\n\n[dependencies]\nserde = \"1\"\ndb = { package = \"sqlx\", version = \"0.8\", optional = true }\n\n[features]\npersistence = [\"dep:db\"]\n\n[target.'cfg(unix)'.dependencies]\nredis = \"0.27\"\n\n[dev-dependencies.rusqlite]\nversion = \"0.31\"\n",
            None,
        );
        let got: Vec<(&str, &str, Option<&str>, bool)> = hits
            .iter()
            .map(|h| {
                (
                    h.name.as_str(),
                    h.subject.as_str(),
                    h.note.as_deref(),
                    h.dev,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("serde", "dependency \"serde\"", None, false),
                (
                    "sqlx",
                    "dependency \"db\" (package \"sqlx\")",
                    Some("optional: turned on by feature `persistence`"),
                    false
                ),
                (
                    "redis",
                    "dependency \"redis\" for target cfg(unix)",
                    None,
                    false
                ),
                ("rusqlite", "dev-dependency \"rusqlite\"", None, true),
            ]
        );
    }

    #[test]
    fn two_hop_transitive_crates_carry_their_path() {
        let lock = "version = 3\n\n[[package]]\nname = \"report-worker\"\nversion = \"0.1.0\"\ndependencies = [\n \"session-kit\",\n \"serde\",\n]\n\n[[package]]\nname = \"session-kit\"\nversion = \"0.3.1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\ndependencies = [\n \"redis 0.27.6\",\n]\n\n[[package]]\nname = \"redis\"\nversion = \"0.27.6\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"redis\"\nversion = \"0.23.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.200\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let hits = scan_text(
            "[package]\nname = \"report-worker\"\n\n[dependencies]\nsession-kit = \"0.3\"\nserde = \"1\"\n",
            Some(lock),
        );
        let redis = hits
            .iter()
            .find(|h| h.name == "redis")
            .expect("redis is reached");
        assert_eq!(
            redis.note.as_deref(),
            Some("reached through report-worker → session-kit 0.3.1 → redis 0.27.6")
        );
        assert_eq!(redis.subject, "crate \"redis\" 0.27.6");
        assert_eq!(redis.via, ["session-kit"]);
        assert_eq!(hits.iter().filter(|h| h.name == "redis").count(), 1);
    }
}
