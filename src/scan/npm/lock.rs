//! Lock files as one graph: packages (name, version, where the lock lists
//! them) and the edges between them, with the importers (the root and its
//! workspaces) as nodes too. Text in, graph out: [`package_lock`]
//! (`package-lock.json` v1–v3 and `npm-shrinkwrap.json`), [`pnpm`]
//! (`pnpm-lock.yaml` v5–v9) and [`yarn`] (`yarn.lock`, v1 and Berry).

use std::collections::HashMap;
use std::ops::Range;

pub use super::manifest::Problem;

/// One node: a package as installed, or an importer.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub name: String,
    pub version: String,
    /// Where the lock lists it.
    pub span: Range<usize>,
    pub deps: Vec<usize>,
    /// The lock marks it development-only (`dev: true`).
    pub dev: bool,
    /// An importer: the root project or a workspace (never a target).
    pub importer: bool,
}

/// How a direct dependency of a `package.json` is found in the lock.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lock {
    pub packages: Vec<Package>,
    /// Importers by directory relative to the lock (`""`, `packages/a`):
    /// their node and their direct dependencies (key, node).
    pub importers: HashMap<String, (usize, Vec<(String, usize)>)>,
    /// `node_modules/a/node_modules/b` keys (package-lock), for Node's
    /// resolution from a folder upwards.
    pub folders: HashMap<String, usize>,
    /// The same folders as a tree, for Node's resolution.
    pub tree: Folders,
    /// `name@range` descriptors (yarn).
    pub descriptors: HashMap<String, usize>,
    pub problems: Vec<Problem>,
}

impl Lock {
    pub fn add(&mut self, package: Package) -> usize {
        self.packages.push(package);
        self.packages.len() - 1
    }

    /// The nodes dependency `key` (range `range`) of the `package.json` in
    /// `dir` (relative to the lock, `""` for its own) is.
    pub fn direct(&self, dir: &str, key: &str, package: &str, range: &str) -> Vec<usize> {
        if let Some((_, deps)) = self.importers.get(dir) {
            let found: Vec<usize> = deps
                .iter()
                .filter(|(k, _)| k == key)
                .map(|&(_, n)| n)
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        if !self.folders.is_empty() {
            return self.node_resolve(dir, key).into_iter().collect();
        }
        if !self.descriptors.is_empty() {
            let range = range.trim();
            for d in [format!("{key}@{range}"), format!("{key}@npm:{range}")] {
                if let Some(&n) = self.descriptors.get(&d) {
                    return vec![n];
                }
            }
            // A range the lock spells otherwise: every locked version of it.
            return (0..self.packages.len())
                .filter(|&i| !self.packages[i].importer && self.packages[i].name == package)
                .collect();
        }
        Vec::new()
    }

    /// Node's resolution of `name` from the folder `from` (a key in
    /// `folders`, or an importer's directory): its own `node_modules`,
    /// then each one above.
    pub fn node_resolve(&self, from: &str, name: &str) -> Option<usize> {
        self.tree.resolve(from, name)
    }
}

/// Deeper `node_modules` nesting than this is not read (npm writes a few
/// levels; a lock nesting deeper is a problem, and what only such a folder
/// would give is then unreached: reported at the lock).
pub const MAX_NESTING: usize = 64;

/// package-lock folders as a tree, so that Node's resolution is a walk up
/// at most [`MAX_NESTING`] places, each one lookup of the name: linear in
/// the lock. A place is a folder path, listed in the lock or not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folders {
    places: HashMap<String, usize>,
    parent: Vec<Option<usize>>,
    /// For each place, what its `node_modules` holds: name → node.
    children: Vec<HashMap<String, usize>>,
}

/// `a/node_modules/@s/b` as (`a`, `@s/b`); `None` for a folder that is not
/// in a `node_modules` (the root, a workspace).
fn split_folder(key: &str) -> Option<(&str, &str)> {
    let i = key.rfind("node_modules/")?;
    if i > 0 && key.as_bytes()[i - 1] != b'/' {
        return None;
    }
    Some((
        key[..i].trim_end_matches('/'),
        &key[i + "node_modules/".len()..],
    ))
}

impl Folders {
    /// The place of `path`, made (with the places above it) when new.
    fn place(&mut self, path: &str) -> usize {
        let mut missing: Vec<&str> = Vec::new();
        let mut at = path;
        let mut found = None;
        loop {
            if let Some(&p) = self.places.get(at) {
                found = Some(p);
                break;
            }
            missing.push(at);
            if at.is_empty() {
                break;
            }
            at = split_folder(at).map_or("", |(base, _)| base);
        }
        let mut parent = found;
        for path in missing.into_iter().rev() {
            self.places.insert(path.to_string(), self.parent.len());
            self.parent.push(parent);
            self.children.push(HashMap::new());
            parent = Some(self.parent.len() - 1);
        }
        parent.expect("a place")
    }

    /// Records that folder `key` holds `node`; `false` when it nests deeper
    /// than [`MAX_NESTING`] (it is then not recorded).
    pub fn insert(&mut self, key: &str, node: usize) -> bool {
        if key.matches("node_modules/").count() > MAX_NESTING {
            return false;
        }
        self.place(key);
        if let Some((base, name)) = split_folder(key) {
            let p = self.place(base);
            self.children[p].insert(name.to_string(), node);
        }
        true
    }

    /// Node's resolution of `name` from the folder `from`.
    pub fn resolve(&self, from: &str, name: &str) -> Option<usize> {
        let mut at = from.trim_end_matches('/');
        let mut place = loop {
            if let Some(&p) = self.places.get(at) {
                break Some(p);
            }
            if at.is_empty() {
                break None;
            }
            at = split_folder(at).map_or("", |(base, _)| base);
        };
        while let Some(p) = place {
            if let Some(&n) = self.children[p].get(name) {
                return Some(n);
            }
            place = self.parent[p];
        }
        None
    }
}

/// The name and version in a pnpm package key or a `name@version`
/// resolution: `/@types/node@20.1.0(peer@1)`, `pg@8.11.0`,
/// `/pg/8.11.0` (lockfile v5).
pub fn split_name_version(key: &str) -> (&str, &str) {
    let key = key.strip_prefix('/').unwrap_or(key);
    let key = match key.find('(') {
        Some(i) if i > 0 => &key[..i],
        _ => key,
    };
    match key.get(1..).and_then(|r| r.find('@')) {
        Some(at) => (&key[..at + 1], &key[at + 2..]),
        None => match key.rsplit_once('/') {
            Some((name, version)) if name.contains('/') || !name.starts_with('@') => {
                (name, version)
            }
            _ => (key, ""),
        },
    }
}

pub mod package_lock {
    //! `package-lock.json` and `npm-shrinkwrap.json`: lockfile v2 and v3
    //! (`packages`, keyed by install folder, `link: true` entries pointing
    //! at workspaces) and v1 (nested `dependencies` with `requires`).

    use jsonc_parser::ast::{Object, Value};

    use super::super::json;
    use super::{Lock, Package, Problem};

    const DEP_FIELDS: &[&str] = &[
        "dependencies",
        "optionalDependencies",
        "peerDependencies",
        "devDependencies",
    ];

    fn string<'a>(obj: &'a Object<'a>, key: &str) -> Option<&'a str> {
        match &obj.get(key)?.value {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        }
    }

    fn flag(obj: &Object<'_>, key: &str) -> bool {
        matches!(obj.get(key).map(|p| &p.value), Some(Value::BooleanLit(b)) if b.value)
    }

    fn dep_names(obj: &Object<'_>, fields: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for field in fields {
            if let Some(Value::Object(deps)) = obj.get(field).map(|p| &p.value) {
                for p in &deps.properties {
                    out.push(json::prop_name(&p.name).0.to_string());
                }
            }
        }
        out
    }

    /// The last package name in a folder key: `node_modules/@s/a` is `@s/a`.
    fn folder_name(key: &str) -> &str {
        match key.rfind("node_modules/") {
            Some(i) => &key[i + "node_modules/".len()..],
            None => key.rsplit('/').next().unwrap_or(key),
        }
    }

    /// Reads a lock. `Err` when it is not JSON or not an object.
    pub fn parse(text: &str) -> Result<Lock, Problem> {
        let (value, offset, error) = json::parse(text).map_err(|e| Problem {
            span: e.span,
            message: e.message,
        })?;
        let Value::Object(root) = value else {
            return Err(Problem {
                span: offset..text.len(),
                message: format!("the lock holds {}, not an object", json::kind(&value)),
            });
        };
        let mut lock = Lock::default();
        lock.problems.extend(error.map(|e| Problem {
            span: e.span,
            message: e.message,
        }));
        // Each entry: (key, its object's span, its dependency names, link target).
        let mut entries: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
        if let Some(Value::Object(packages)) = root.get("packages").map(|p| &p.value) {
            for prop in &packages.properties {
                let (key, span) = json::prop_name(&prop.name);
                let Value::Object(obj) = &prop.value else {
                    lock.problems.push(Problem {
                        span,
                        message: format!(
                            "`packages` entry \"{key}\" is {}, not an object",
                            json::kind(&prop.value)
                        ),
                    });
                    continue;
                };
                let importer = !key.contains("node_modules/");
                let fields: &[&str] = if importer {
                    DEP_FIELDS
                } else {
                    &DEP_FIELDS[..3]
                };
                let name = string(obj, "name")
                    .unwrap_or_else(|| folder_name(key))
                    .to_string();
                let link = flag(obj, "link")
                    .then(|| string(obj, "resolved").unwrap_or_default().to_string());
                let n = lock.add(Package {
                    name,
                    version: string(obj, "version").unwrap_or_default().to_string(),
                    span: span.clone(),
                    deps: Vec::new(),
                    // `devOptional` is dev or optional: needed outside
                    // development too, so not development-only.
                    dev: flag(obj, "dev"),
                    importer,
                });
                if importer {
                    lock.importers.insert(key.to_string(), (n, Vec::new()));
                }
                lock.folders.insert(key.to_string(), n);
                if !lock.tree.insert(key, n) {
                    lock.problems.push(Problem {
                        span: span.clone(),
                        message: format!(
                            "`packages` entry nests deeper than {} node_modules levels",
                            super::MAX_NESTING
                        ),
                    });
                    entries.push((key.to_string(), Vec::new(), None));
                    continue;
                }
                entries.push((key.to_string(), dep_names(obj, fields), link));
            }
        } else if let Some(Value::Object(deps)) = root.get("dependencies").map(|p| &p.value) {
            // v1: nested `dependencies`, each with `requires`.
            let root_n = lock.add(Package {
                name: string(&root, "name").unwrap_or_default().to_string(),
                version: string(&root, "version").unwrap_or_default().to_string(),
                span: offset..offset,
                deps: Vec::new(),
                dev: false,
                importer: true,
            });
            lock.importers.insert(String::new(), (root_n, Vec::new()));
            lock.folders.insert(String::new(), root_n);
            lock.tree.insert("", root_n);
            entries.push((String::new(), Vec::new(), None));
            let mut stack: Vec<(String, &Object<'_>)> = vec![(String::new(), deps)];
            while let Some((prefix, deps)) = stack.pop() {
                for prop in &deps.properties {
                    let (name, span) = json::prop_name(&prop.name);
                    let key = if prefix.is_empty() {
                        format!("node_modules/{name}")
                    } else {
                        format!("{prefix}/node_modules/{name}")
                    };
                    let Value::Object(obj) = &prop.value else {
                        lock.problems.push(Problem {
                            span,
                            message: format!(
                                "`dependencies` entry \"{name}\" is {}, not an object",
                                json::kind(&prop.value)
                            ),
                        });
                        continue;
                    };
                    let version = string(obj, "version").unwrap_or_default();
                    let (real, version) = match version.strip_prefix("npm:") {
                        Some(aliased) => {
                            let (n, v) = super::split_name_version(aliased);
                            (n.to_string(), v.to_string())
                        }
                        None => (name.to_string(), version.to_string()),
                    };
                    let n = lock.add(Package {
                        name: real,
                        version,
                        span: span.clone(),
                        deps: Vec::new(),
                        dev: flag(obj, "dev"),
                        importer: false,
                    });
                    lock.folders.insert(key.clone(), n);
                    if !lock.tree.insert(&key, n) {
                        lock.problems.push(Problem {
                            span: span.clone(),
                            message: format!(
                                "`dependencies` nest deeper than {} levels",
                                super::MAX_NESTING
                            ),
                        });
                        entries.push((key, Vec::new(), None));
                        continue;
                    }
                    entries.push((key.clone(), dep_names(obj, &["requires"]), None));
                    if let Some(Value::Object(nested)) = obj.get("dependencies").map(|p| &p.value) {
                        stack.push((key, nested));
                    }
                }
            }
        }
        // Edges, by Node's resolution from each folder; a link is its target.
        let target = |lock: &Lock, n: usize, entries: &[(String, Vec<String>, Option<String>)]| {
            match &entries[n].2 {
                Some(resolved) => lock.folders.get(resolved.as_str()).copied(),
                None => Some(n),
            }
        };
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); lock.packages.len()];
        let mut direct: Vec<(String, Vec<(String, usize)>)> = Vec::new();
        for (n, (key, names, _)) in entries.iter().enumerate() {
            let mut importer_deps = Vec::new();
            for name in names {
                let Some(found) = lock.node_resolve(key, name) else {
                    continue;
                };
                let Some(to) = target(&lock, found, &entries) else {
                    continue;
                };
                if to != n {
                    edges[n].push(to);
                }
                importer_deps.push((name.clone(), to));
            }
            if lock.packages[n].importer {
                direct.push((key.clone(), importer_deps));
            }
        }
        for (n, e) in edges.into_iter().enumerate() {
            lock.packages[n].deps = e;
        }
        // A link's own folder resolves to its target for direct lookups.
        for (n, (key, _, link)) in entries.iter().enumerate() {
            if link.is_some()
                && let Some(to) = target(&lock, n, &entries)
            {
                lock.folders.insert(key.clone(), to);
                lock.tree.insert(key, to);
                lock.packages[n].importer = true;
            }
        }
        for (key, deps) in direct {
            if let Some(entry) = lock.importers.get_mut(&key) {
                entry.1 = deps;
            }
        }
        Ok(lock)
    }
}

pub mod pnpm {
    //! `pnpm-lock.yaml`: `importers` (or, before workspaces, the root's
    //! `dependencies` at the top), `packages` and, from lockfile v9,
    //! `snapshots` (the dependency graph; `packages` keeps metadata).

    use std::collections::HashMap;

    use super::super::super::yaml::{self, Node, Stream};
    use super::{Lock, Package, split_name_version};

    const IMPORTER_FIELDS: &[&str] = &["dependencies", "optionalDependencies", "devDependencies"];
    const PACKAGE_FIELDS: &[&str] = &["dependencies", "optionalDependencies"];

    /// The version of an importer's dependency: a string (v5) or
    /// `{specifier, version}` (v6 and later).
    fn version_of(node: &Node) -> Option<&str> {
        node.as_str()
            .or_else(|| node.get("version").and_then(Node::as_str))
    }

    /// `a/b/../c` as `a/c`; `None` when it climbs above the lock.
    fn join(dir: &str, relative: &str) -> Option<String> {
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in relative.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        Some(parts.join("/"))
    }

    /// Reads a lock (the stream's syntax error, if any, is the caller's to
    /// report; what was read before it is used).
    pub fn read(stream: &Stream) -> Lock {
        let mut lock = Lock::default();
        let Some(doc) = stream.documents.first() else {
            return lock;
        };
        let mut keys: HashMap<String, usize> = HashMap::new();
        // Packages: v9 `snapshots` hold the graph, else `packages`.
        let graph = doc
            .get("snapshots")
            .filter(|s| s.entries().is_some())
            .or_else(|| doc.get("packages"));
        let mut lists: Vec<(usize, &Node)> = Vec::new();
        for (k, v) in graph.and_then(Node::entries).unwrap_or_default() {
            let Some(key) = k.as_str() else { continue };
            let (name, version) = split_name_version(key);
            let n = lock.add(Package {
                name: name.to_string(),
                version: version.to_string(),
                span: k.span.clone(),
                deps: Vec::new(),
                dev: v.get("dev").and_then(Node::as_str) == Some("true"),
                importer: false,
            });
            keys.insert(key.to_string(), n);
            lists.push((n, v));
        }
        // v9 `packages` entries without a snapshot still are packages.
        if doc.get("snapshots").is_some() {
            let snapshot_bases: std::collections::HashSet<String> = keys
                .keys()
                .filter_map(|k| k.find('(').map(|i| k[..i].to_string()))
                .collect();
            for (k, _) in doc
                .get("packages")
                .and_then(Node::entries)
                .unwrap_or_default()
            {
                let Some(key) = k.as_str() else { continue };
                if keys.contains_key(key) || snapshot_bases.contains(key) {
                    continue;
                }
                let (name, version) = split_name_version(key);
                let n = lock.add(Package {
                    name: name.to_string(),
                    version: version.to_string(),
                    span: k.span.clone(),
                    deps: Vec::new(),
                    dev: false,
                    importer: false,
                });
                keys.insert(key.to_string(), n);
            }
        }
        // Importers.
        let mut importers: Vec<(String, &Node, usize)> = Vec::new();
        match doc.get("importers").and_then(Node::entries) {
            Some(entries) => {
                for (k, v) in entries {
                    let Some(dir) = k.as_str() else { continue };
                    let dir = join("", dir).unwrap_or_default();
                    let n = lock.add(Package {
                        name: dir.clone(),
                        version: String::new(),
                        span: k.span.clone(),
                        deps: Vec::new(),
                        dev: false,
                        importer: true,
                    });
                    importers.push((dir, v, n));
                }
            }
            None => {
                let n = lock.add(Package {
                    name: String::new(),
                    version: String::new(),
                    span: doc.span.start..doc.span.start,
                    deps: Vec::new(),
                    dev: false,
                    importer: true,
                });
                importers.push((String::new(), doc, n));
            }
        }
        let importer_dirs: HashMap<String, usize> =
            importers.iter().map(|(d, _, n)| (d.clone(), *n)).collect();
        let resolve = |dir: &str, name: &str, version: &str| -> Option<usize> {
            if let Some(path) = version.strip_prefix("link:") {
                return importer_dirs.get(&join(dir, path)?).copied();
            }
            [
                format!("{name}@{version}"),
                format!("/{name}@{version}"),
                version.to_string(),
                format!("/{version}"),
                format!("/{name}/{version}"),
            ]
            .iter()
            .find_map(|k| keys.get(k).copied())
        };
        for (dir, node, n) in &importers {
            let mut deps = Vec::new();
            for field in IMPORTER_FIELDS {
                for (k, v) in node.get(field).and_then(Node::entries).unwrap_or_default() {
                    let (Some(name), Some(version)) = (k.as_str(), version_of(v)) else {
                        continue;
                    };
                    if let Some(to) = resolve(dir, name, version) {
                        deps.push((name.to_string(), to));
                    }
                }
            }
            lock.packages[*n].deps = deps.iter().map(|&(_, to)| to).collect();
            lock.importers.insert(dir.clone(), (*n, deps));
        }
        for (n, node) in lists {
            let mut deps = Vec::new();
            for field in PACKAGE_FIELDS {
                for (k, v) in node.get(field).and_then(Node::entries).unwrap_or_default() {
                    let (Some(name), Some(version)) = (k.as_str(), v.as_str()) else {
                        continue;
                    };
                    if let Some(to) = resolve("", name, version)
                        && to != n
                    {
                        deps.push(to);
                    }
                }
            }
            lock.packages[n].deps = deps;
        }
        lock
    }

    /// Parses and reads a lock.
    pub fn parse(text: &str) -> (Lock, Option<yaml::YamlError>) {
        let stream = yaml::parse(text);
        (read(&stream), stream.error)
    }
}

pub mod yarn {
    //! `yarn.lock`: v1 (yarn's own format: `"a@^1", a@^1.2:` headers,
    //! indented `version "1.2.3"` and `dependencies:` blocks) and Berry
    //! (YAML with `__metadata`; descriptors with a protocol, `npm:^1`,
    //! workspaces as `name@workspace:path` entries).

    use super::super::super::yaml::{self, Node};
    use super::super::manifest::alias_target;
    use super::{Lock, Package, Problem};

    /// Whether the text is a Berry lock (YAML with `__metadata`).
    pub fn is_berry(text: &str) -> bool {
        text.lines().any(|l| l.starts_with("__metadata:"))
    }

    /// The package a descriptor (`pg@^8`, `db@npm:pg@^8`, `"@s/a@npm:1"`)
    /// names, and its range.
    fn descriptor(d: &str) -> (&str, &str) {
        let d = d.trim();
        let (name, range) = match d.get(1..).and_then(|r| r.find('@')) {
            Some(at) => (&d[..at + 1], &d[at + 2..]),
            None => (d, ""),
        };
        // `npm:1.2.3` is a version; `npm:pg@1.2.3` an alias.
        let alias = range
            .strip_prefix("npm:")
            .filter(|r| r.get(1..).is_some_and(|r| r.contains('@')))
            .and_then(|_| alias_target(range));
        (alias.unwrap_or(name), range)
    }

    fn unquote(s: &str) -> &str {
        let s = s.trim();
        s.strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s)
    }

    /// Reads a v1 lock: problems for lines it cannot read.
    pub fn parse_v1(text: &str) -> Lock {
        let mut lock = Lock::default();
        // Each entry: its node and its dependency descriptors.
        let mut edges: Vec<(usize, Vec<String>)> = Vec::new();
        let mut current: Option<usize> = None;
        let mut in_deps = false;
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            let span = start + indent..start + line.len();
            if indent == 0 {
                in_deps = false;
                let Some(header) = line.strip_suffix(':') else {
                    lock.problems.push(Problem {
                        span,
                        message: "expected an entry header ending in `:`".to_string(),
                    });
                    current = None;
                    continue;
                };
                let descriptors: Vec<&str> = header.split(", ").map(unquote).collect();
                let (name, _) = descriptor(descriptors[0]);
                let n = lock.add(Package {
                    name: name.to_string(),
                    version: String::new(),
                    span,
                    deps: Vec::new(),
                    dev: false,
                    importer: false,
                });
                for d in descriptors {
                    lock.descriptors.insert(d.to_string(), n);
                }
                edges.push((n, Vec::new()));
                current = Some(n);
                continue;
            }
            let Some(n) = current else {
                lock.problems.push(Problem {
                    span,
                    message: "an indented line outside any entry".to_string(),
                });
                continue;
            };
            if indent <= 2 {
                in_deps = matches!(trimmed, "dependencies:" | "optionalDependencies:");
                if let Some(v) = trimmed.strip_prefix("version ") {
                    lock.packages[n].version = unquote(v).to_string();
                }
                continue;
            }
            if in_deps {
                // `name "range"`, the name quoted when it must be.
                let (name, range) = if let Some(rest) = trimmed.strip_prefix('"') {
                    match rest.find('"') {
                        Some(end) => (&rest[..end], &rest[end + 1..]),
                        None => (rest, ""),
                    }
                } else {
                    trimmed.split_once(' ').unwrap_or((trimmed, ""))
                };
                let last = edges.len() - 1;
                edges[last]
                    .1
                    .push(format!("{}@{}", unquote(name), unquote(range)));
            }
        }
        link(&mut lock, edges);
        lock
    }

    /// Each entry's edges from its descriptors; returns them with the
    /// dependency names, for importers.
    fn link(lock: &mut Lock, edges: Vec<(usize, Vec<String>)>) -> Vec<Vec<(String, usize)>> {
        let mut out = Vec::new();
        for (n, descriptors) in edges {
            let mut named = Vec::new();
            for d in &descriptors {
                let at = d
                    .get(1..)
                    .and_then(|r| r.find('@'))
                    .map_or(d.len(), |a| a + 1);
                let (name, range) = d.split_at(at);
                let range = range.strip_prefix('@').unwrap_or(range);
                let found = lock
                    .descriptors
                    .get(d)
                    .or_else(|| lock.descriptors.get(&format!("{name}@npm:{range}")))
                    .copied();
                if let Some(to) = found.filter(|&to| to != n) {
                    named.push((name.to_string(), to));
                }
            }
            lock.packages[n].deps = named.iter().map(|&(_, to)| to).collect();
            out.push(named);
        }
        out
    }

    /// Reads a Berry lock (the syntax error, if any, is the caller's).
    pub fn parse_berry(text: &str) -> (Lock, Option<yaml::YamlError>) {
        let stream = yaml::parse(text);
        let mut lock = Lock::default();
        let mut edges: Vec<(usize, Vec<String>)> = Vec::new();
        let mut workspaces: Vec<(String, usize)> = Vec::new();
        let entries = stream
            .documents
            .first()
            .and_then(Node::entries)
            .unwrap_or_default();
        for (k, v) in entries {
            let Some(header) = k.as_str() else { continue };
            if header == "__metadata" {
                continue;
            }
            let descriptors: Vec<&str> = header.split(',').map(str::trim).collect();
            // The resolution names the package (an alias's target too).
            let resolution = v.get("resolution").and_then(Node::as_str);
            let (name, range) = descriptor(resolution.unwrap_or(descriptors[0]));
            let workspace = range.strip_prefix("workspace:");
            let n = lock.add(Package {
                name: name.to_string(),
                version: v
                    .get("version")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_string(),
                span: k.span.clone(),
                deps: Vec::new(),
                dev: false,
                importer: workspace.is_some(),
            });
            if let Some(path) = workspace {
                let dir = path.trim_start_matches("./");
                workspaces.push((
                    if dir == "." {
                        String::new()
                    } else {
                        dir.to_string()
                    },
                    n,
                ));
            }
            for d in descriptors {
                lock.descriptors.insert(d.to_string(), n);
            }
            let mut list = Vec::new();
            for field in ["dependencies", "optionalDependencies"] {
                for (dk, dv) in v.get(field).and_then(Node::entries).unwrap_or_default() {
                    if let (Some(name), Some(range)) = (dk.as_str(), dv.as_str()) {
                        list.push(format!("{name}@{range}"));
                    }
                }
            }
            edges.push((n, list));
        }
        let named = link(&mut lock, edges);
        for (dir, n) in workspaces {
            let deps = named[n].clone();
            lock.importers.insert(dir, (n, deps));
        }
        (lock, stream.error)
    }
}
