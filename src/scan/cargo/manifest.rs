//! `Cargo.toml`, text in: the dependencies cargo reads, the features that
//! turn optional ones on, `[workspace.dependencies]`, and what cargo would
//! reject, each located.
//!
//! Read like cargo reads them: `[dependencies]`, `[build-dependencies]`,
//! `[dev-dependencies]` and the underscore spellings of the last two, at the
//! top level and in every `[target.'cfg(..)'.*]` table; renamed
//! dependencies (`db = { package = "sqlx" }`); `workspace = true` (resolved
//! against the workspace root by the caller); optional dependencies.
//! `[patch.*]` and `[replace]` are checked for shape but declare nothing: a
//! patch changes where a crate comes from, never its name, and the
//! dependency that uses it is reported where it is declared.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::source::Span;

/// Which dependency table a dependency is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Normal,
    Build,
    Dev,
}

impl Kind {
    /// How a message names the table's entries.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Normal => "dependency",
            Kind::Build => "build-dependency",
            Kind::Dev => "dev-dependency",
        }
    }
}

/// One dependency as written.
#[derive(Debug, Clone)]
pub struct Dep {
    /// The key as written (`db` in `db = { package = "sqlx" }`).
    pub key: String,
    /// The crate's real name (for `workspace = true`, the key until the
    /// caller resolves it against `[workspace.dependencies]`).
    pub package: String,
    /// The key's span.
    pub span: Span,
    pub kind: Kind,
    /// The `cfg(..)` or triple of a `[target.*]` table.
    pub target: Option<String>,
    pub optional: bool,
    /// `workspace = true`: the real name is the workspace's.
    pub inherits: bool,
}

/// Something cargo would reject, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

/// What a manifest declares.
#[derive(Debug, Default)]
pub struct Manifest {
    /// `[package] name`.
    pub package: Option<String>,
    /// `[package] version`, when it is written out.
    pub version: Option<String>,
    /// In the order they are written.
    pub deps: Vec<Dep>,
    /// `[features]`: name and what it turns on.
    pub features: Vec<(String, Vec<String>)>,
    /// Whether the manifest has a `[workspace]` table (it is a root).
    pub workspace: bool,
    /// `[workspace.dependencies]`: key → real crate name.
    pub workspace_deps: HashMap<String, String>,
    pub problems: Vec<Problem>,
}

type Key<'i> = Spanned<DeString<'i>>;
type Value<'i> = Spanned<DeValue<'i>>;

pub(super) fn get<'t, 'i>(
    table: &'t DeTable<'i>,
    key: &str,
) -> Option<(&'t Key<'i>, &'t Value<'i>)> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The dependency table names cargo reads, and the kind of each.
const DEP_TABLES: [(&str, Kind); 5] = [
    ("dependencies", Kind::Normal),
    ("build-dependencies", Kind::Build),
    ("build_dependencies", Kind::Build),
    ("dev-dependencies", Kind::Dev),
    ("dev_dependencies", Kind::Dev),
];

struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn problem(&mut self, span: Span, message: String) {
        self.problems.push(Problem { span, message });
    }

    /// The table at `value`, or a problem naming `what`.
    fn table<'t, 'i>(&mut self, value: &'t Value<'i>, what: &str) -> Option<&'t DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be a table, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn string(&mut self, value: &Value<'_>, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be a string, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value<'_>, what: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.problem(
                    value.span(),
                    format!("`{what}` must be true or false, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn strings(&mut self, value: &Value<'_>, what: &str) -> Vec<String> {
        let Some(items) = value.get_ref().as_array() else {
            self.problem(
                value.span(),
                format!(
                    "`{what}` must be an array of strings, not {}",
                    type_name(value.get_ref())
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if let Some(s) = self.string(item, what) {
                out.push(s);
            }
        }
        out
    }

    /// One dependency spec: a version string or a table. `None` only when
    /// the entry declares no crate (it is not a string or a table).
    fn dep(
        &mut self,
        key: &Key<'_>,
        value: &Value<'_>,
        kind: Kind,
        table: &str,
        target: Option<&str>,
    ) -> Option<Dep> {
        let name = key.get_ref().to_string();
        let what = format!("{table}.{name}");
        let mut dep = Dep {
            package: name.clone(),
            key: name,
            span: key.span(),
            kind,
            target: target.map(str::to_string),
            optional: false,
            inherits: false,
        };
        let spec = match value.get_ref() {
            DeValue::String(_) => return Some(dep),
            DeValue::Table(spec) => spec,
            other => {
                self.problem(
                    value.span(),
                    format!(
                        "`{what}` must be a version string like \"0.8\" or a table, not {}",
                        type_name(other)
                    ),
                );
                // Still the crate named by the key: fail closed.
                return Some(dep);
            }
        };
        for (k, v) in spec.iter() {
            let field = format!("{what}.{}", k.get_ref());
            match k.get_ref().as_ref() {
                "package" => {
                    if let Some(p) = self.string(v, &field) {
                        dep.package = p;
                    }
                }
                "optional" => {
                    if let Some(b) = self.boolean(v, &field) {
                        dep.optional = b;
                        if b && kind == Kind::Dev {
                            self.problem(
                                v.span(),
                                format!(
                                    "dev-dependencies cannot be optional: `{what}` sets `optional = true`"
                                ),
                            );
                        }
                    }
                }
                "workspace" => match self.boolean(v, &field) {
                    Some(true) => dep.inherits = true,
                    Some(false) => self.problem(
                        v.span(),
                        format!("`{field}` cannot be false; remove it, or set it to true"),
                    ),
                    None => {}
                },
                "default-features" | "default_features" | "public" => {
                    self.boolean(v, &field);
                }
                "features" => {
                    self.strings(v, &field);
                }
                "version" | "path" | "git" | "branch" | "tag" | "rev" | "registry"
                | "registry-index" | "base" => {
                    self.string(v, &field);
                }
                // Other keys cargo ignores with a warning.
                _ => {}
            }
        }
        Some(dep)
    }

    /// Every dependency of one table (`what` is how messages name it).
    fn deps_of(
        &mut self,
        value: &Value<'_>,
        kind: Kind,
        what: &str,
        target: Option<&str>,
        out: &mut Vec<Dep>,
    ) {
        let Some(table) = self.table(value, what) else {
            return;
        };
        for (key, value) in table.iter() {
            out.extend(self.dep(key, value, kind, what, target));
        }
    }
}

/// Reads a manifest. `Err` when the text is not TOML; what cargo would
/// reject in valid TOML is in `problems`, with what could still be read.
pub fn parse(text: &str) -> Result<Manifest, toml::de::Error> {
    let doc = DeTable::parse(text)?;
    let root = doc.get_ref();
    let mut r = Reader {
        problems: Vec::new(),
    };
    let mut m = Manifest::default();
    let mut edition = None;
    for section in ["package", "project"] {
        let Some((_, value)) = get(root, section) else {
            continue;
        };
        let Some(package) = r.table(value, section) else {
            continue;
        };
        match get(package, "name") {
            Some((_, name)) => m.package = r.string(name, &format!("{section}.name")),
            None => r.problem(
                value.span(),
                format!("`[{section}]` has no `name`: cargo requires one"),
            ),
        }
        if let Some((_, v)) = get(package, "version") {
            m.version = v.get_ref().as_str().map(str::to_string);
        }
        if let Some((_, v)) = get(package, "edition") {
            edition = v.get_ref().as_str().map(str::to_string);
        }
    }
    let edition_2024 = edition.as_deref().is_some_and(|e| e >= "2024");
    let underscore = |r: &mut Reader, key: &Key<'_>, table: &str| {
        if edition_2024 && table.contains('_') {
            r.problem(
                key.span(),
                format!(
                    "`{table}` is not read as of the 2024 edition; write `{}`",
                    table.replace('_', "-")
                ),
            );
        }
    };
    for (name, kind) in DEP_TABLES {
        if let Some((key, value)) = get(root, name) {
            underscore(&mut r, key, name);
            r.deps_of(value, kind, name, None, &mut m.deps);
        }
    }
    if let Some((_, targets)) = get(root, "target")
        && let Some(targets) = r.table(targets, "target")
    {
        for (cfg, value) in targets.iter() {
            let cfg_name = cfg.get_ref().to_string();
            let Some(target) = r.table(value, &format!("target.{cfg_name}")) else {
                continue;
            };
            for (name, kind) in DEP_TABLES {
                if let Some((key, value)) = get(target, name) {
                    underscore(&mut r, key, name);
                    r.deps_of(
                        value,
                        kind,
                        &format!("target.{cfg_name}.{name}"),
                        Some(&cfg_name),
                        &mut m.deps,
                    );
                }
            }
        }
    }
    if let Some((_, features)) = get(root, "features")
        && let Some(features) = r.table(features, "features")
    {
        for (name, items) in features.iter() {
            let items = r.strings(items, &format!("features.{}", name.get_ref()));
            m.features.push((name.get_ref().to_string(), items));
        }
    }
    if let Some((_, workspace)) = get(root, "workspace")
        && let Some(workspace) = r.table(workspace, "workspace")
    {
        m.workspace = true;
        if let Some((_, deps)) = get(workspace, "dependencies") {
            let mut declared = Vec::new();
            r.deps_of(
                deps,
                Kind::Normal,
                "workspace.dependencies",
                None,
                &mut declared,
            );
            for dep in declared {
                if dep.inherits {
                    r.problem(
                        dep.span.clone(),
                        format!(
                            "`workspace.dependencies.{}` cannot itself inherit from the workspace",
                            dep.key
                        ),
                    );
                }
                m.workspace_deps.insert(dep.key, dep.package);
            }
        }
    }
    // `[patch.<registry>]` and `[replace]`: checked, not declared.
    if let Some((_, patch)) = get(root, "patch")
        && let Some(patch) = r.table(patch, "patch")
    {
        for (registry, value) in patch.iter() {
            let what = format!("patch.{}", registry.get_ref());
            r.deps_of(value, Kind::Normal, &what, None, &mut Vec::new());
        }
    }
    if let Some((_, replace)) = get(root, "replace") {
        r.deps_of(replace, Kind::Normal, "replace", None, &mut Vec::new());
    }
    m.deps.sort_by_key(|d| d.span.start);
    m.problems = r.problems;
    m.problems.sort_by_key(|p| p.span.start);
    Ok(m)
}

/// The features that turn an optional dependency on, as a note.
pub fn enabling_features(manifest: &Manifest, key: &str) -> String {
    let explicit = format!("dep:{key}");
    let mut names: Vec<&str> = manifest
        .features
        .iter()
        .filter(|(_, items)| {
            items.iter().any(|i| {
                i == &explicit
                    || i == key
                    // `key/feature` turns it on; `key?/feature` does not.
                    || i.strip_prefix(key).is_some_and(|r| r.starts_with('/'))
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
