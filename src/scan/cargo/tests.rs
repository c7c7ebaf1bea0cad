use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;

fn wanted(names: &[&str]) -> Wanted {
    Wanted::new(names.iter().map(|n| (Target(&CRATE), *n)))
}

fn file(path: &str, text: &str) -> (PathBuf, Arc<SourceFile>) {
    let dir = Path::new(path).parent().unwrap().to_path_buf();
    (dir, SourceFile::new(path.to_string(), text.to_string()))
}

/// Every declaration and problem of a set of manifests and locks, walked
/// through the lock only.
fn scan_texts(
    manifests: &[(&str, &str)],
    locks: &[(&str, &str)],
    names: &[&str],
) -> Vec<ScannedFile> {
    let manifests: Vec<_> = manifests.iter().map(|(p, t)| file(p, t)).collect();
    let locks: Vec<_> = locks.iter().map(|(p, t)| file(p, t)).collect();
    analyse(&manifests, &locks, &wanted(names), &mut |_| None)
}

fn declarations(scanned: &[ScannedFile]) -> Vec<&Declaration> {
    scanned.iter().flat_map(|s| &s.declarations).collect()
}

fn problems(scanned: &[ScannedFile]) -> Vec<String> {
    scanned
        .iter()
        .flat_map(|s| &s.problems)
        .map(|f| {
            let line = f
                .file
                .as_ref()
                .zip(f.span.as_ref())
                .map(|(file, span)| file.line_col(span.start).line)
                .unwrap_or(0);
            format!(
                "{}:{line}: {}",
                f.file.as_ref().map_or("", |f| f.path.as_str()),
                f.message
            )
        })
        .collect()
}

const REG: &str = "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";

fn lock_text(packages: &[(&str, &str, bool, &[&str])]) -> String {
    let mut t = String::from("version = 3\n\n");
    for (name, version, registry, deps) in packages {
        let _ = write!(
            t,
            "[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n"
        );
        if *registry {
            t.push_str(REG);
        }
        if !deps.is_empty() {
            t.push_str("dependencies = [\n");
            for d in *deps {
                let _ = writeln!(t, " \"{d}\",");
            }
            t.push_str("]\n");
        }
        t.push('\n');
    }
    t
}

#[test]
fn direct_renamed_optional_target_and_dev_dependencies() {
    let scanned = scan_texts(
        &[(
            "Cargo.toml",
            "[package]\nname = \"api\"\n\n[dependencies]\nserde = \"1\"\ndb = { package = \"sqlx\", version = \"0.8\", optional = true }\n\n[features]\npersistence = [\"dep:db\"]\n\n[target.'cfg(unix)'.dependencies]\nredis = \"0.27\"\n\n[dev-dependencies.rusqlite]\nversion = \"0.31\"\n\n[target.'cfg(unix)'.dev_dependencies]\nsled = \"0.34\"\n\n[target.'cfg(windows)'.build_dependencies]\nduckdb = \"1\"\n",
        )],
        &[],
        &["sqlx", "redis", "rusqlite", "sled", "duckdb", "serde"],
    );
    assert!(problems(&scanned).is_empty(), "{:?}", problems(&scanned));
    let got: Vec<(&str, &str, Option<&str>, bool)> = declarations(&scanned)
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
            (
                "sled",
                "dev-dependency \"sled\" for target cfg(unix)",
                None,
                true
            ),
            (
                "duckdb",
                "build-dependency \"duckdb\" for target cfg(windows)",
                None,
                false
            ),
        ]
    );
}

#[test]
fn only_wanted_crates_are_declared() {
    let scanned = scan_texts(
        &[(
            "Cargo.toml",
            "[package]\nname = \"api\"\n[dependencies]\nserde = \"1\"\nsqlx = \"0.8\"\n",
        )],
        &[],
        &["sqlx"],
    );
    let names: Vec<&str> = declarations(&scanned)
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(names, ["sqlx"]);
}

#[test]
fn two_hop_transitive_crates_carry_their_path() {
    let lock = lock_text(&[
        ("report-worker", "0.1.0", false, &["session-kit", "serde"]),
        ("session-kit", "0.3.1", true, &["redis 0.27.6"]),
        ("redis", "0.27.6", true, &[]),
        ("redis", "0.23.0", true, &[]),
        ("serde", "1.0.200", true, &[]),
    ]);
    let scanned = scan_texts(
        &[(
            "Cargo.toml",
            "[package]\nname = \"report-worker\"\n\n[dependencies]\nsession-kit = \"0.3\"\nserde = \"1\"\n",
        )],
        &[("Cargo.lock", &lock)],
        &["redis"],
    );
    let all = declarations(&scanned);
    assert_eq!(all.len(), 1);
    let redis = all[0];
    assert_eq!(
        redis.note.as_deref(),
        Some(
            "reached through report-worker → session-kit 0.3.1 → redis 0.27.6 in Cargo.lock with features unified"
        )
    );
    assert_eq!(redis.subject, "crate \"redis\" 0.27.6");
    assert_eq!(
        redis.identity,
        "crate \"redis\" 0.27.6 through dependency \"session-kit\""
    );
    assert_eq!(redis.via, ["session-kit"]);
}

#[test]
fn manifests_cargo_rejects_are_located_problems() {
    let scanned = scan_texts(
        &[
            (
                "ws/Cargo.toml",
                "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\nserde = \"1\"\n",
            ),
            (
                "ws/a/Cargo.toml",
                "[package]\nname = \"a\"\nedition = \"2024\"\n[dependencies]\nsqlx = 5\ndb = { package = 7 }\nredis = { workspace = true }\nmongodb = { workspace = false }\n[dev-dependencies]\nrusqlite = { version = \"1\", optional = true }\n[dev_dependencies]\nsled = \"1\"\n[target.x]\ndependencies = \"no\"\n[patch.crates-io]\nsqlx = 3\n[features]\nf = \"dep:db\"\n",
            ),
            (
                "b/Cargo.toml",
                "[package]\nversion = \"1\"\n[dependencies]\nx = { workspace = true }\n",
            ),
        ],
        &[],
        &["sqlx"],
    );
    assert_eq!(
        problems(&scanned),
        [
            "ws/a/Cargo.toml:5: cannot read Cargo.toml: `dependencies.sqlx` must be a version string like \"0.8\" or a table, not an integer",
            "ws/a/Cargo.toml:6: cannot read Cargo.toml: `dependencies.db.package` must be a string, not an integer",
            "ws/a/Cargo.toml:8: cannot read Cargo.toml: `dependencies.mongodb.workspace` cannot be false; remove it, or set it to true",
            "ws/a/Cargo.toml:10: cannot read Cargo.toml: dev-dependencies cannot be optional: `dev-dependencies.rusqlite` sets `optional = true`",
            "ws/a/Cargo.toml:11: cannot read Cargo.toml: `dev_dependencies` is not read as of the 2024 edition; write `dev-dependencies`",
            "ws/a/Cargo.toml:14: cannot read Cargo.toml: `target.x.dependencies` must be a table, not a string",
            "ws/a/Cargo.toml:16: cannot read Cargo.toml: `patch.crates-io.sqlx` must be a version string like \"0.8\" or a table, not an integer",
            "ws/a/Cargo.toml:18: cannot read Cargo.toml: `features.f` must be an array of strings, not a string",
            "ws/a/Cargo.toml:7: cannot read Cargo.toml: `redis` inherits from the workspace (`workspace = true`), but ws/Cargo.toml has no `[workspace.dependencies]` entry `redis`",
            "b/Cargo.toml:1: cannot read Cargo.toml: `[package]` has no `name`: cargo requires one",
            "b/Cargo.toml:4: cannot read Cargo.toml: `x` inherits from the workspace (`workspace = true`), but no workspace root (a Cargo.toml with `[workspace]`) was read above it; scan the root too",
        ]
    );
    // What can still be read is still checked.
    assert_eq!(declarations(&scanned).len(), 1);
}

#[test]
fn locks_cargo_rejects_are_located_problems() {
    let lock = "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"0.1.0\"\ndependencies = [\n \"ghost\",\n \"redis\",\n]\n\n[[package]]\nname = \"redis\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"redis\"\nversion = \"2.0.0\"\n\n[[package]]\nversion = \"1\"\n";
    let scanned = scan_texts(&[], &[("Cargo.lock", lock)], &["redis"]);
    assert_eq!(
        problems(&scanned),
        [
            "Cargo.lock:19: cannot read Cargo.lock: a [[package]] without `name`",
            "Cargo.lock:7: cannot read Cargo.lock: a depends on \"ghost\", which is no package in Cargo.lock",
            "Cargo.lock:8: cannot read Cargo.lock: a depends on \"redis\", which names 2 packages in Cargo.lock",
        ]
    );
}

#[test]
fn paths_avoid_other_wanted_crates_when_they_can() {
    // a → sqlx → sqlx-postgres and a → b → sqlx-postgres: the second is
    // the one to show for sqlx-postgres (the first is sqlx's finding).
    let lock = lock_text(&[
        ("m", "0.1.0", false, &["a"]),
        ("a", "1.0.0", true, &["b", "sqlx"]),
        ("b", "1.0.0", true, &["c"]),
        ("c", "1.0.0", true, &["sqlx-postgres"]),
        ("sqlx", "0.8.0", true, &["sqlx-postgres"]),
        ("sqlx-postgres", "0.8.0", true, &[]),
    ]);
    let scanned = scan_texts(
        &[(
            "Cargo.toml",
            "[package]\nname = \"m\"\n[dependencies]\na = \"1\"\n",
        )],
        &[("Cargo.lock", &lock)],
        &["sqlx", "sqlx-postgres"],
    );
    let via: Vec<(&str, Vec<String>)> = declarations(&scanned)
        .iter()
        .map(|d| (d.name.as_str(), d.via.clone()))
        .collect();
    assert_eq!(
        via,
        [
            ("sqlx", vec!["a".to_string()]),
            ("sqlx-postgres", vec!["a".into(), "b".into(), "c".into()]),
        ]
    );
}

/// A metadata package for hand-written resolve graphs.
fn meta_package(name: &str, path: bool, features: &str, deps: &str) -> String {
    let source = if path {
        "null".to_string()
    } else {
        "\"registry+https://github.com/rust-lang/crates.io-index\"".to_string()
    };
    format!(
        "{{\"id\":\"{name}-id\",\"name\":\"{name}\",\"version\":\"1.0.0\",\"source\":{source},\"manifest_path\":\"/ws/{name}/Cargo.toml\",\"features\":{{{features}}},\"dependencies\":[{deps}]}}"
    )
}

fn meta_decl(
    name: &str,
    rename: Option<&str>,
    kind: &str,
    optional: bool,
    features: &str,
) -> String {
    let rename = rename.map_or("null".to_string(), |r| format!("\"{r}\""));
    format!(
        "{{\"name\":\"{name}\",\"rename\":{rename},\"kind\":{kind},\"optional\":{optional},\"uses_default_features\":true,\"features\":[{features}]}}"
    )
}

fn meta_node(name: &str, deps: &[(&str, &str, &str)]) -> String {
    let deps: Vec<String> = deps
        .iter()
        .map(|(extern_name, to, kind)| {
            format!("{{\"name\":\"{extern_name}\",\"pkg\":\"{to}-id\",\"dep_kinds\":[{{\"kind\":{kind},\"target\":null}}]}}")
        })
        .collect();
    format!("{{\"id\":\"{name}-id\",\"deps\":[{}]}}", deps.join(","))
}

#[test]
fn member_features_are_resolved_per_member() {
    // api → store (default features); worker → store with `db`; store's
    // `db` turns on `dep:sqlx`; store's default turns on `cache?/redis`
    // (weak: only when cache is on) and `fast` turns on `cache`; cache's
    // `redis` feature turns on the optional redis.
    let packages = [
        meta_package(
            "api",
            true,
            "",
            &meta_decl("store", None, "null", false, ""),
        ),
        meta_package(
            "worker",
            true,
            "",
            &[
                meta_decl("store", Some("the-store"), "null", false, "\"db\",\"fast\""),
                meta_decl("helper", None, "\"dev\"", false, ""),
            ]
            .join(","),
        ),
        meta_package(
            "store",
            true,
            "\"db\":[\"dep:sqlx\"],\"default\":[\"cache?/redis\"],\"fast\":[\"dep:cache\"]",
            &[
                meta_decl("sqlx", None, "null", true, ""),
                meta_decl("cache", None, "null", true, ""),
            ]
            .join(","),
        ),
        meta_package(
            "cache",
            false,
            "\"redis\":[\"dep:redis\"]",
            &meta_decl("redis", None, "null", true, ""),
        ),
        meta_package("sqlx", false, "", ""),
        meta_package("redis", false, "", ""),
        meta_package(
            "helper",
            false,
            "",
            &meta_decl("sqlx", None, "null", false, ""),
        ),
    ];
    let nodes = [
        meta_node("api", &[("store", "store", "null")]),
        meta_node(
            "worker",
            &[
                ("the_store", "store", "null"),
                ("helper", "helper", "\"dev\""),
            ],
        ),
        meta_node(
            "store",
            &[("sqlx", "sqlx", "null"), ("cache", "cache", "null")],
        ),
        meta_node("cache", &[("redis", "redis", "null")]),
        meta_node("sqlx", &[]),
        meta_node("redis", &[]),
        meta_node("helper", &[("sqlx", "sqlx", "null")]),
    ];
    let json = format!(
        "{{\"workspace_root\":\"/ws\",\"packages\":[{}],\"resolve\":{{\"nodes\":[{}]}}}}",
        packages.join(","),
        nodes.join(",")
    );
    let meta = metadata::parse(&json).expect("metadata parses");
    let index = |name: &str| meta.packages.iter().position(|p| p.name == name).unwrap();
    let relevant = vec![true; meta.packages.len()];
    let reached = |root: &str, dev: bool| {
        let graph = metadata::member_graph(&meta, index(root), dev, &relevant);
        let mut names: Vec<&str> = graph
            .values()
            .flatten()
            .map(|(t, _)| meta.packages[*t].name.as_str())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        names.sort();
        names
    };
    assert_eq!(reached("api", false), ["store"]);
    assert_eq!(
        reached("worker", false),
        ["cache", "redis", "sqlx", "store"]
    );
    assert_eq!(
        reached("worker", true),
        ["cache", "helper", "redis", "sqlx", "store"]
    );

    // Through `analyse`: api's path to sqlx exists in the lock only.
    let lock = lock_text(&[
        ("api", "1.0.0", false, &["store"]),
        ("worker", "1.0.0", false, &["helper", "store"]),
        ("store", "1.0.0", false, &["cache", "sqlx"]),
        ("cache", "1.0.0", true, &["redis"]),
        ("sqlx", "1.0.0", true, &[]),
        ("redis", "1.0.0", true, &[]),
        ("helper", "1.0.0", true, &["sqlx"]),
    ]);
    let manifests = [
        file(
            "ws/Cargo.toml",
            "[workspace]\nmembers = [\"api\", \"worker\", \"store\"]\n",
        ),
        file(
            "ws/api/Cargo.toml",
            "[package]\nname = \"api\"\nversion = \"1.0.0\"\n[dependencies]\nstore = { path = \"../store\" }\n",
        ),
        file(
            "ws/worker/Cargo.toml",
            "[package]\nname = \"worker\"\nversion = \"1.0.0\"\n[dependencies]\nthe-store = { package = \"store\", path = \"../store\", features = [\"db\", \"fast\"] }\n[dev-dependencies]\nhelper = \"1\"\n",
        ),
        file(
            "ws/store/Cargo.toml",
            "[package]\nname = \"store\"\nversion = \"1.0.0\"\n[dependencies]\nsqlx = { version = \"1\", optional = true }\ncache = { version = \"1\", optional = true }\n[features]\ndb = [\"dep:sqlx\"]\ndefault = [\"cache?/redis\"]\nfast = [\"dep:cache\"]\n",
        ),
    ];
    let locks = [file("ws/Cargo.lock", &lock)];
    let mut asked = Vec::new();
    let scanned = analyse(
        &manifests,
        &locks,
        &wanted(&["sqlx", "redis"]),
        &mut |dir| {
            asked.push(dir.to_path_buf());
            Some(Resolved {
                json: json.clone(),
                root: PathBuf::from("/ws"),
            })
        },
    );
    assert_eq!(asked, [PathBuf::from("ws")], "one cargo call per workspace");
    let mut got: Vec<(String, String, bool)> = scanned
        .iter()
        .flat_map(|s| s.declarations.iter().map(move |d| (s.file.path.clone(), d)))
        .map(|(path, d)| (path, d.note.clone().unwrap_or_default(), d.dev))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("ws/store/Cargo.toml".to_string(), "optional: turned on by feature `db`".to_string(), false),
            ("ws/store/Cargo.toml".to_string(), "reached through store → cache 1.0.0 → redis 1.0.0; optional: turned on by feature `fast`".to_string(), false),
            ("ws/worker/Cargo.toml".to_string(), "reached through worker → helper 1.0.0 → sqlx 1.0.0".to_string(), true),
            ("ws/worker/Cargo.toml".to_string(), "reached through worker → store 1.0.0 → cache 1.0.0 → redis 1.0.0".to_string(), false),
            ("ws/worker/Cargo.toml".to_string(), "reached through worker → store 1.0.0 → sqlx 1.0.0".to_string(), false),
        ]
    );
}

/// A deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }
}

const BANNED: [&str; 4] = ["sqlx", "redis", "rusqlite", "libsqlite3-sys"];

/// One edge as a manifest declares it.
#[derive(Debug, Clone)]
struct TrueDep {
    to: usize,
    kind: Kind,
    key: String,
    inherit: bool,
    target: bool,
    underscore: bool,
}

#[derive(Debug)]
struct TruePkg {
    name: String,
    version: String,
    path: bool,
    deps: Vec<TrueDep>,
}

/// A generated workspace: the truth, its files and `cargo metadata`'s view.
struct Generated {
    packages: Vec<TruePkg>,
    manifests: Vec<(PathBuf, Arc<SourceFile>)>,
    lock: (PathBuf, Arc<SourceFile>),
    metadata: String,
}

fn generate(rng: &mut Lcg) -> Generated {
    let members = 1 + rng.below(5);
    let registry = 2 + rng.below(10);
    let mut packages: Vec<TruePkg> = Vec::new();
    for i in 0..members {
        packages.push(TruePkg {
            name: format!("m{i}"),
            version: "0.1.0".into(),
            path: true,
            deps: Vec::new(),
        });
    }
    for i in 0..registry {
        packages.push(TruePkg {
            name: format!("r{i}"),
            version: "1.0.0".into(),
            path: false,
            deps: Vec::new(),
        });
    }
    for name in BANNED {
        packages.push(TruePkg {
            name: name.into(),
            version: "0.9.0".into(),
            path: false,
            deps: Vec::new(),
        });
    }
    let n = packages.len();
    let mut workspace_deps: Vec<(String, usize)> = Vec::new();
    for i in 0..n {
        let count = rng.below(if packages[i].path { 6 } else { 3 });
        let mut keys = HashSet::new();
        for j in 0..count {
            let kind = match rng.below(5) {
                0 => Kind::Dev,
                1 => Kind::Build,
                _ => Kind::Normal,
            };
            // Normal and build edges go forward (cargo forbids cycles);
            // dev edges anywhere but to itself.
            let to = if kind == Kind::Dev {
                rng.below(n)
            } else if i + 1 < n {
                i + 1 + rng.below(n - i - 1)
            } else {
                continue;
            };
            if to == i {
                continue;
            }
            let path = packages[i].path;
            let renamed = path && !packages[to].path && rng.below(4) == 0;
            let inherit = path && !packages[to].path && !renamed && rng.below(4) == 0;
            let key = if renamed {
                format!("alias-{i}-{j}")
            } else if inherit {
                let key = format!("ws-{to}");
                if !workspace_deps.iter().any(|(k, _)| *k == key) {
                    workspace_deps.push((key.clone(), to));
                }
                key
            } else {
                packages[to].name.clone()
            };
            let target = path && rng.below(5) == 0;
            let underscore = path && kind != Kind::Normal && rng.below(3) == 0;
            // One key per table.
            if !keys.insert((key.clone(), kind, target, underscore)) {
                continue;
            }
            packages[i].deps.push(TrueDep {
                to,
                kind,
                key,
                inherit,
                target,
                underscore,
            });
        }
    }
    // Manifests.
    let mut manifests = Vec::new();
    let mut root = String::from("[workspace]\nmembers = [");
    for i in 0..members {
        let _ = write!(root, "\"m{i}\", ");
    }
    root.push_str("]\n\n[workspace.dependencies]\n");
    for (key, to) in &workspace_deps {
        let _ = writeln!(
            root,
            "{key} = {{ package = \"{}\", version = \"1\" }}",
            packages[*to].name
        );
    }
    manifests.push(file("ws/Cargo.toml", &root));
    for p in packages.iter().filter(|p| p.path) {
        let mut text = format!(
            "[package]\nname = \"{}\"\nversion = \"{}\"\n",
            p.name, p.version
        );
        let mut tables: Vec<(String, Vec<&TrueDep>)> = Vec::new();
        for d in &p.deps {
            let base = match (d.kind, d.underscore) {
                (Kind::Normal, _) => "dependencies",
                (Kind::Build, false) => "build-dependencies",
                (Kind::Build, true) => "build_dependencies",
                (Kind::Dev, false) => "dev-dependencies",
                (Kind::Dev, true) => "dev_dependencies",
            };
            let table = if d.target {
                format!("target.'cfg(unix)'.{base}")
            } else {
                base.to_string()
            };
            match tables.iter_mut().find(|(t, _)| *t == table) {
                Some((_, list)) => list.push(d),
                None => tables.push((table, vec![d])),
            }
        }
        for (table, list) in tables {
            let _ = write!(text, "\n[{table}]\n");
            for d in list {
                let to = &packages[d.to];
                if d.inherit {
                    let _ = writeln!(text, "{} = {{ workspace = true }}", d.key);
                } else if to.path {
                    let _ = writeln!(text, "{} = {{ path = \"../{}\" }}", d.key, to.name);
                } else if d.key != to.name {
                    let _ = writeln!(
                        text,
                        "{} = {{ package = \"{}\", version = \"1\" }}",
                        d.key, to.name
                    );
                } else {
                    let _ = writeln!(text, "{} = \"1\"", d.key);
                }
            }
        }
        manifests.push(file(&format!("ws/{}/Cargo.toml", p.name), &text));
    }
    // The lock: a path package's every edge, a registry package's normal
    // and build ones.
    let mut lock = String::from("version = 3\n\n");
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| packages[i].name.clone());
    for &i in &order {
        let p = &packages[i];
        let _ = write!(
            lock,
            "[[package]]\nname = \"{}\"\nversion = \"{}\"\n",
            p.name, p.version
        );
        if !p.path {
            lock.push_str(REG);
        }
        let mut deps: Vec<&str> = p
            .deps
            .iter()
            .filter(|d| p.path || d.kind != Kind::Dev)
            .map(|d| packages[d.to].name.as_str())
            .collect();
        deps.sort();
        deps.dedup();
        if !deps.is_empty() {
            lock.push_str("dependencies = [\n");
            for d in deps {
                let _ = writeln!(lock, " \"{d}\",");
            }
            lock.push_str("]\n");
        }
        lock.push('\n');
    }
    // `cargo metadata`'s view of the same workspace.
    let kind_json = |k: Kind| match k {
        Kind::Normal => "null",
        Kind::Build => "\"build\"",
        Kind::Dev => "\"dev\"",
    };
    let mut json_packages = Vec::new();
    let mut json_nodes = Vec::new();
    for p in &packages {
        let source = if p.path {
            "null".to_string()
        } else {
            format!(
                "\"{}\"",
                "registry+https://github.com/rust-lang/crates.io-index"
            )
        };
        let decls: Vec<String> = p
            .deps
            .iter()
            .map(|d| {
                let to = &packages[d.to];
                let rename = if d.key != to.name && !d.inherit {
                    format!("\"{}\"", d.key)
                } else {
                    "null".into()
                };
                format!(
                    "{{\"name\":\"{}\",\"rename\":{rename},\"kind\":{},\"optional\":false,\"uses_default_features\":true,\"features\":[],\"target\":null}}",
                    to.name,
                    kind_json(d.kind)
                )
            })
            .collect();
        json_packages.push(format!(
            "{{\"id\":\"{0} {1}\",\"name\":\"{0}\",\"version\":\"{1}\",\"source\":{source},\"manifest_path\":\"/ws/{0}/Cargo.toml\",\"features\":{{}},\"dependencies\":[{2}]}}",
            p.name,
            p.version,
            decls.join(",")
        ));
        let mut by_target: Vec<(usize, String, Vec<Kind>)> = Vec::new();
        for d in p.deps.iter().filter(|d| p.path || d.kind != Kind::Dev) {
            let extern_name = if d.key != packages[d.to].name && !d.inherit {
                d.key.replace('-', "_")
            } else {
                packages[d.to].name.replace('-', "_")
            };
            match by_target
                .iter_mut()
                .find(|(t, e, _)| *t == d.to && *e == extern_name)
            {
                Some((_, _, kinds)) => {
                    if !kinds.contains(&d.kind) {
                        kinds.push(d.kind);
                    }
                }
                None => by_target.push((d.to, extern_name, vec![d.kind])),
            }
        }
        let deps: Vec<String> = by_target
            .iter()
            .map(|(to, extern_name, kinds)| {
                let kinds: Vec<String> = kinds
                    .iter()
                    .map(|k| format!("{{\"kind\":{},\"target\":null}}", kind_json(*k)))
                    .collect();
                format!(
                    "{{\"name\":\"{extern_name}\",\"pkg\":\"{} {}\",\"dep_kinds\":[{}]}}",
                    packages[*to].name,
                    packages[*to].version,
                    kinds.join(",")
                )
            })
            .collect();
        json_nodes.push(format!(
            "{{\"id\":\"{} {}\",\"deps\":[{}]}}",
            p.name,
            p.version,
            deps.join(",")
        ));
    }
    let metadata = format!(
        "{{\"workspace_root\":\"/ws\",\"packages\":[{}],\"resolve\":{{\"nodes\":[{}]}}}}",
        json_packages.join(","),
        json_nodes.join(",")
    );
    Generated {
        packages,
        manifests,
        lock: file("ws/Cargo.lock", &lock),
        metadata,
    }
}

/// The banned crates reachable from `from` by normal and build edges
/// (`from` itself excluded).
fn reachable_banned(packages: &[TruePkg], from: usize) -> HashSet<String> {
    let mut seen = vec![false; packages.len()];
    seen[from] = true;
    let mut stack = vec![from];
    let mut out = HashSet::new();
    while let Some(at) = stack.pop() {
        for d in packages[at].deps.iter().filter(|d| d.kind != Kind::Dev) {
            if !seen[d.to] {
                seen[d.to] = true;
                stack.push(d.to);
                if BANNED.contains(&packages[d.to].name.as_str()) {
                    out.insert(packages[d.to].name.clone());
                }
            }
        }
    }
    out
}

/// Every banned crate reachable by normal and build edges is reported for
/// each direct dependency that leads to it, at that dependency's line; and
/// every printed chain is a real path of those edges (after the member's
/// own edge, of the dependency's kind). Through the lock and through
/// `cargo metadata` alike.
#[test]
fn generated_workspaces_report_every_path_and_only_real_ones() {
    let mut rng = Lcg(0x5eed);
    for round in 0..300 {
        let g = generate(&mut rng);
        let index: HashMap<&str, usize> = g
            .packages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), i))
            .collect();
        for exact in [false, true] {
            let scanned = analyse(
                &g.manifests,
                std::slice::from_ref(&g.lock),
                &wanted(&BANNED),
                &mut |_| {
                    exact.then(|| Resolved {
                        json: g.metadata.clone(),
                        root: PathBuf::from("/ws"),
                    })
                },
            );
            let context = format!("round {round}, exact {exact}");
            for s in &scanned {
                assert!(s.problems.is_empty(), "{context}: {:?}", problems(&scanned));
            }
            for (m, p) in g.packages.iter().enumerate().filter(|(_, p)| p.path) {
                let path = format!("ws/{}/Cargo.toml", p.name);
                let s = scanned
                    .iter()
                    .find(|s| s.file.path == path)
                    .expect("scanned");
                for d in &p.deps {
                    // The declaration's span is the key's.
                    let at: Vec<&Declaration> = s
                        .declarations
                        .iter()
                        .filter(|x| x.subject.starts_with("crate \""))
                        .filter(|x| s.file.text[x.span.clone()] == d.key)
                        .filter(|x| x.dev == (d.kind == Kind::Dev))
                        .filter(|x| {
                            x.identity.contains(&format!(
                                " through {} \"{}\"",
                                d.kind.noun(),
                                d.key
                            )) && x.identity.contains(" for target ") == d.target
                        })
                        .collect();
                    let got: HashSet<String> = at.iter().map(|x| x.name.clone()).collect();
                    let want = reachable_banned(&g.packages, d.to);
                    assert_eq!(
                        got,
                        want,
                        "{context}: {} {:?} {} → {}\n{}\n{}",
                        p.name,
                        d.kind,
                        d.key,
                        g.packages[d.to].name,
                        g.manifests
                            .iter()
                            .map(|(_, f)| f.text.as_str())
                            .collect::<Vec<_>>()
                            .join("\n"),
                        g.lock.1.text
                    );
                    for x in at {
                        // member → via… → target, each edge real.
                        assert_eq!(x.via[0], g.packages[d.to].name, "{context}");
                        let mut chain = vec![p.name.as_str()];
                        chain.extend(x.via.iter().map(String::as_str));
                        chain.push(x.name.as_str());
                        for (k, pair) in chain.windows(2).enumerate() {
                            let (a, b) = (index[pair[0]], index[pair[1]]);
                            let real = g.packages[a].deps.iter().any(|e| {
                                e.to == b
                                    && if k == 0 {
                                        a == m && e.kind == d.kind
                                    } else {
                                        e.kind != Kind::Dev
                                    }
                            });
                            assert!(
                                real,
                                "{context}: {} → {} is no edge of {:?}",
                                pair[0], pair[1], chain
                            );
                        }
                        let note = x.note.as_deref().unwrap_or_default();
                        let printed: Vec<&str> = note
                            .trim_start_matches("reached through ")
                            .split(" → ")
                            .map(|s| s.split(' ').next().unwrap_or_default())
                            .collect();
                        assert_eq!(printed, chain, "{context}: {note}");
                        assert_eq!(note.ends_with(UNIFIED), !exact, "{context}: {note}");
                    }
                }
            }
        }
    }
}

/// The parsers never panic, and every problem points into the text.
#[test]
fn parsers_take_any_text() {
    let fragments = [
        "[package]\n",
        "name = \"a\"\n",
        "[dependencies]\n",
        "[dev-dependencies]\n",
        "[target.'cfg(unix)'.build_dependencies]\n",
        "sqlx = \"1\"\n",
        "x = { workspace = true }\n",
        "y = { package = 3 }\n",
        "[workspace.dependencies]\n",
        "[[package]]\n",
        "version = \"1\"\n",
        "dependencies = [\"sqlx\", \"a 1 (x)\"]\n",
        "source = \"registry\"\n",
        "[patch.crates-io]\n",
        "[replace]\n",
        "\"a:1\" = { path = \"p\" }\n",
        "[features]\n",
        "f = [\"dep:x\", \"y?/z\"]\n",
        "é = 1\n",
        "version = 9\n",
        "=\n",
        "[\n",
    ];
    let mut rng = Lcg(7);
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(20) {
            text.push_str(fragments[rng.below(fragments.len())]);
        }
        // The whole scan, as a manifest and as a lock, with every crate wanted.
        let manifests = [file("ws/Cargo.toml", &text)];
        let locks = [file(
            "ws/Cargo.lock",
            &text.replace("[package]", "[[package]]"),
        )];
        let _ = analyse(&manifests, &locks, &wanted(&["*"]), &mut |_| None);
        for problems in [
            manifest::parse(&text)
                .map(|m| m.problems)
                .unwrap_or_default(),
            lock::parse(&text).map(|l| l.problems).unwrap_or_default(),
        ] {
            for p in problems {
                assert!(
                    p.span.start <= p.span.end && p.span.end <= text.len(),
                    "{text:?}"
                );
                assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
            }
        }
    }
    assert!(metadata::parse("{\"packages\": 3}").is_none());
}

/// `lock-stale`: a member's dependency its package in the lock does not
/// depend on, and nothing else: a dependency held under its real name, a
/// manifest the lock does not hold (another workspace's), a lock that
/// already has problems, a gate with no crate rule.
#[test]
fn dependencies_the_lock_does_not_hold_are_stale() {
    let manifest = "[package]\nname = \"api\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\ndb = { package = \"kit\", version = \"1\" }\nnew-thing = \"0.3\"\n\n[dev-dependencies]\nmock = \"1\"\n";
    let lock = lock_text(&[
        ("api", "0.1.0", false, &["serde", "kit"]),
        ("serde", "1.0.0", true, &[]),
        ("kit", "1.0.0", true, &[]),
    ]);
    let stale = |scanned: &[ScannedFile]| -> Vec<String> {
        scanned
            .iter()
            .flat_map(|s| &s.problems)
            .filter(|f| f.code == "lock-stale")
            .map(|f| f.file.as_ref().unwrap().text[f.span.clone().unwrap()].to_string())
            .collect()
    };
    let scanned = scan_texts(
        &[("ws/Cargo.toml", manifest)],
        &[("ws/Cargo.lock", &lock)],
        &["redis"],
    );
    assert_eq!(
        stale(&scanned),
        ["new-thing", "mock"],
        "{:?}",
        problems(&scanned)
    );
    // A manifest the lock does not hold is not compared with it.
    let other = manifest.replace("name = \"api\"", "name = \"elsewhere\"");
    let scanned = scan_texts(
        &[("ws/Cargo.toml", &other)],
        &[("ws/Cargo.lock", &lock)],
        &["redis"],
    );
    assert!(stale(&scanned).is_empty(), "{:?}", problems(&scanned));
    // A lock with problems is already a finding.
    let broken = lock.replacen("\"kit\",", "\"kit 9.0.0\",", 1);
    let scanned = scan_texts(
        &[("ws/Cargo.toml", manifest)],
        &[("ws/Cargo.lock", &broken)],
        &["redis"],
    );
    assert!(!problems(&scanned).is_empty());
    assert!(stale(&scanned).is_empty(), "{:?}", problems(&scanned));
    // No rule on crates: the lock is not the gate's business.
    let manifests = [file("ws/Cargo.toml", manifest)];
    let locks = [file("ws/Cargo.lock", &lock)];
    let none = Wanted::new(std::iter::empty());
    let scanned = analyse(&manifests, &locks, &none, &mut |_| None);
    assert!(stale(&scanned).is_empty(), "{:?}", problems(&scanned));
}
