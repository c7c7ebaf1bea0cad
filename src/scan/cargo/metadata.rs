//! `cargo metadata --format-version 1` output, text in, and the graph one
//! member builds, resolved with that member's features.
//!
//! Cargo's resolve graph records each edge's kinds (normal, build, dev) but
//! unifies features over the whole workspace (and `--all-features` turns on
//! every feature of every member), so it is a superset of what any one
//! member builds. [`member_graph`] narrows it to one member: it starts from
//! the member with all of its own features on, follows normal and build
//! edges (and the member's own dev edges, for its dev-dependencies), and
//! turns on only what the declarations on the way turn on: default
//! features, `features = [..]`, `dep:x`, `x/f`, `x?/f` and implicit
//! features of optional dependencies, as cargo's resolver does. Host and
//! target features are not kept apart (resolver 2 keeps them apart, which
//! only ever builds less), so the result is what resolver 1 builds and a
//! superset of what resolver 2 builds.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::manifest::Kind;

/// A declared dependency of a package, as cargo read its manifest.
#[derive(Debug, Clone)]
pub struct Decl {
    /// The package name.
    pub name: String,
    /// How the package's features name it (the rename, or the name).
    pub key: String,
    pub kind: Kind,
    pub optional: bool,
    pub default_features: bool,
    pub features: Vec<String>,
}

/// One package of the resolve graph.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub source: Option<String>,
    pub manifest_path: String,
    pub features: HashMap<String, Vec<String>>,
    pub decls: Vec<Decl>,
    /// For each of `decls`, the packages the resolve graph connects it to.
    pub decl_edges: Vec<Vec<usize>>,
    /// Every resolved edge (target, kind), for reachability.
    pub edges: Vec<(usize, Kind)>,
}

/// The resolved workspace.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub workspace_root: String,
    pub packages: Vec<Package>,
}

fn kind_of(v: &Value) -> Option<Kind> {
    match v {
        Value::Null => Some(Kind::Normal),
        Value::String(s) if s == "build" => Some(Kind::Build),
        Value::String(s) if s == "dev" => Some(Kind::Dev),
        _ => None,
    }
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Reads `cargo metadata` output; `None` when it is not what cargo prints
/// (then the lockfile is walked instead).
pub fn parse(json: &str) -> Option<Metadata> {
    let doc: Value = serde_json::from_str(json).ok()?;
    let workspace_root = str_of(doc.get("workspace_root")?)?;
    let mut packages = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for p in doc.get("packages")?.as_array()? {
        let id = str_of(p.get("id")?)?;
        let mut features = HashMap::new();
        for (name, items) in p.get("features")?.as_object()? {
            let items = items
                .as_array()?
                .iter()
                .map(str_of)
                .collect::<Option<Vec<_>>>()?;
            features.insert(name.clone(), items);
        }
        let mut decls = Vec::new();
        for d in p.get("dependencies")?.as_array()? {
            let name = str_of(d.get("name")?)?;
            let key = d
                .get("rename")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| name.clone());
            decls.push(Decl {
                name,
                key,
                kind: kind_of(d.get("kind").unwrap_or(&Value::Null))?,
                optional: d.get("optional")?.as_bool()?,
                default_features: d
                    .get("uses_default_features")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                features: d
                    .get("features")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(str_of).collect())
                    .unwrap_or_default(),
            });
        }
        by_id.insert(id, packages.len());
        packages.push(Package {
            name: str_of(p.get("name")?)?,
            version: str_of(p.get("version")?)?,
            source: p.get("source").and_then(str_of),
            manifest_path: str_of(p.get("manifest_path")?)?,
            features,
            decl_edges: vec![Vec::new(); decls.len()],
            decls,
            edges: Vec::new(),
        });
    }
    // (from, to, extern name, kinds)
    let mut resolved: Vec<Vec<(usize, String, Vec<Kind>)>> = vec![Vec::new(); packages.len()];
    for node in doc.get("resolve")?.get("nodes")?.as_array()? {
        let from = *by_id.get(node.get("id")?.as_str()?)?;
        for dep in node.get("deps")?.as_array()? {
            let to = *by_id.get(dep.get("pkg")?.as_str()?)?;
            let extern_name = str_of(dep.get("name")?)?;
            let mut kinds = Vec::new();
            for k in dep.get("dep_kinds")?.as_array()? {
                let kind = kind_of(k.get("kind").unwrap_or(&Value::Null))?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            resolved[from].push((to, extern_name, kinds));
        }
    }
    for (from, edges) in resolved.into_iter().enumerate() {
        let mut decl_edges = vec![Vec::new(); packages[from].decls.len()];
        for (i, decl) in packages[from].decls.iter().enumerate() {
            let candidates: Vec<&(usize, String, Vec<Kind>)> = edges
                .iter()
                .filter(|(to, _, kinds)| {
                    packages[*to].name == decl.name && kinds.contains(&decl.kind)
                })
                .collect();
            // Two versions of one crate under two renames: the extern name
            // tells them apart (it is the lib name, which is usually the
            // key with `-` as `_`); when it does not, keep both.
            let extern_name = decl.key.replace('-', "_");
            let exact: Vec<usize> = candidates
                .iter()
                .filter(|(_, n, _)| *n == extern_name)
                .map(|(to, _, _)| *to)
                .collect();
            decl_edges[i] = if candidates.len() > 1 && !exact.is_empty() {
                exact
            } else {
                candidates.iter().map(|(to, _, _)| *to).collect()
            };
        }
        let mut flat = Vec::new();
        for (to, _, kinds) in &edges {
            for kind in kinds {
                flat.push((*to, *kind));
            }
        }
        packages[from].decl_edges = decl_edges;
        packages[from].edges = flat;
    }
    Some(Metadata {
        workspace_root,
        packages,
    })
}

enum Action {
    /// Build a package (its non-optional dependencies).
    Activate(usize),
    /// Turn its `default` feature on, if it has one.
    Default(usize),
    /// Turn a feature of a package on.
    Feature(usize, String),
    /// One entry of a feature list (`f`, `dep:x`, `x/f`, `x?/f`).
    Item(usize, String),
    /// Turn an optional dependency (by key) on.
    Optional(usize, String),
    /// Turn feature `f` on in dependency `x` (by key), if it is on.
    DepFeature(usize, String, String),
}

#[derive(Default)]
struct State {
    features: HashSet<String>,
    optional_on: HashSet<String>,
    /// `x?/f` waiting for `x`.
    weak: Vec<(String, String)>,
    edges: Vec<(usize, Kind)>,
}

/// The edges member `root` builds, among the `relevant` packages, with its
/// features resolved: by package, its active edges (target, kind). Dev
/// edges are followed from the root only, and only when `dev` is set
/// (`cargo test`); every other package contributes normal and build edges.
pub fn member_graph(
    meta: &Metadata,
    root: usize,
    dev: bool,
    relevant: &[bool],
) -> HashMap<usize, Vec<(usize, Kind)>> {
    let mut states: HashMap<usize, State> = HashMap::new();
    let mut queue: VecDeque<Action> = VecDeque::new();
    let kind_ok = |n: usize, kind: Kind| kind != Kind::Dev || (dev && n == root);
    // Activating a package: its non-optional dependencies, and for the
    // root every feature and optional dependency.
    let activate = |n: usize, states: &mut HashMap<usize, State>, queue: &mut VecDeque<Action>| {
        if states.contains_key(&n) {
            return;
        }
        states.insert(n, State::default());
        let p = &meta.packages[n];
        for (i, decl) in p.decls.iter().enumerate() {
            if !decl.optional && kind_ok(n, decl.kind) {
                link(meta, n, i, relevant, states, queue);
            }
        }
        if n == root {
            let mut names: Vec<&String> = p.features.keys().collect();
            names.sort();
            for f in names {
                queue.push_back(Action::Feature(n, f.clone()));
            }
            for decl in &p.decls {
                if decl.optional && kind_ok(n, decl.kind) {
                    queue.push_back(Action::Optional(n, decl.key.clone()));
                }
            }
        }
    };
    // `link` cannot call `activate` (closures do not recurse): targets are
    // activated from the queue.
    fn link(
        meta: &Metadata,
        n: usize,
        decl: usize,
        relevant: &[bool],
        states: &mut HashMap<usize, State>,
        queue: &mut VecDeque<Action>,
    ) {
        let d = &meta.packages[n].decls[decl];
        for &t in &meta.packages[n].decl_edges[decl] {
            if !relevant[t] {
                continue;
            }
            let state = states.entry(n).or_default();
            if !state.edges.contains(&(t, d.kind)) {
                state.edges.push((t, d.kind));
            }
            queue.push_back(Action::Activate(t));
            for f in &d.features {
                queue.push_back(Action::Item(t, f.clone()));
            }
            if d.default_features {
                queue.push_back(Action::Default(t));
            }
        }
    }
    activate(root, &mut states, &mut queue);
    while let Some(action) = queue.pop_front() {
        match action {
            Action::Activate(n) => activate(n, &mut states, &mut queue),
            Action::Default(n) => {
                activate(n, &mut states, &mut queue);
                if meta.packages[n].features.contains_key("default") {
                    queue.push_back(Action::Feature(n, "default".to_string()));
                }
            }
            Action::Feature(n, f) => {
                activate(n, &mut states, &mut queue);
                let p = &meta.packages[n];
                let implicit = || p.decls.iter().any(|d| d.optional && d.key == f);
                if !p.features.contains_key(&f) && !implicit() {
                    // A feature the package does not have turns nothing on.
                    continue;
                }
                let state = states.get_mut(&n).expect("activated");
                if !state.features.insert(f.clone()) {
                    continue;
                }
                let p = &meta.packages[n];
                match p.features.get(&f) {
                    Some(items) => {
                        for item in items {
                            queue.push_back(Action::Item(n, item.clone()));
                        }
                    }
                    // An implicit feature of an optional dependency.
                    None => {
                        if p.decls.iter().any(|d| d.optional && d.key == f) {
                            queue.push_back(Action::Optional(n, f));
                        }
                    }
                }
            }
            Action::Item(n, item) => {
                if let Some(key) = item.strip_prefix("dep:") {
                    queue.push_back(Action::Optional(n, key.to_string()));
                } else if let Some((key, f)) = item.split_once('/') {
                    if let Some(key) = key.strip_suffix('?') {
                        let on = states.get(&n).is_some_and(|s| s.optional_on.contains(key))
                            || meta.packages[n]
                                .decls
                                .iter()
                                .any(|d| d.key == key && !d.optional);
                        if on {
                            queue.push_back(Action::DepFeature(n, key.to_string(), f.to_string()));
                        } else {
                            activate(n, &mut states, &mut queue);
                            let state = states.get_mut(&n).expect("activated");
                            state.weak.push((key.to_string(), f.to_string()));
                        }
                    } else {
                        if meta.packages[n]
                            .decls
                            .iter()
                            .any(|d| d.key == key && d.optional)
                        {
                            queue.push_back(Action::Optional(n, key.to_string()));
                        }
                        queue.push_back(Action::DepFeature(n, key.to_string(), f.to_string()));
                    }
                } else {
                    queue.push_back(Action::Feature(n, item));
                }
            }
            Action::Optional(n, key) => {
                activate(n, &mut states, &mut queue);
                let state = states.get_mut(&n).expect("activated");
                if !state.optional_on.insert(key.clone()) {
                    continue;
                }
                let weak: Vec<String> = state
                    .weak
                    .iter()
                    .filter(|(k, _)| *k == key)
                    .map(|(_, f)| f.clone())
                    .collect();
                for (i, decl) in meta.packages[n].decls.iter().enumerate() {
                    if decl.optional && decl.key == key && kind_ok(n, decl.kind) {
                        link(meta, n, i, relevant, &mut states, &mut queue);
                    }
                }
                for f in weak {
                    queue.push_back(Action::DepFeature(n, key.clone(), f));
                }
            }
            Action::DepFeature(n, key, f) => {
                let on = states.get(&n).is_some_and(|s| s.optional_on.contains(&key));
                let p = &meta.packages[n];
                for (i, decl) in p.decls.iter().enumerate() {
                    if decl.key != key || !kind_ok(n, decl.kind) || (decl.optional && !on) {
                        continue;
                    }
                    for &t in &p.decl_edges[i] {
                        if relevant[t] {
                            queue.push_back(Action::Item(t, f.clone()));
                        }
                    }
                }
            }
        }
    }
    states.into_iter().map(|(n, s)| (n, s.edges)).collect()
}
