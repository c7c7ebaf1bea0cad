//! `pyproject.toml` and the lockfile beside it.
//!
//! Direct dependencies: PEP 621 `[project] dependencies` and
//! `optional-dependencies`, PEP 735 `[dependency-groups]` (with
//! `{include-group = "…"}` entries, which must name a group and must not
//! form a cycle), Poetry's `[tool.poetry.dependencies]`,
//! `dev-dependencies` and `[tool.poetry.group.<name>.dependencies]`, and
//! uv's `[tool.uv] dev-dependencies`. A dependency string that is not PEP
//! 508 is a `parse-error` (every build backend rejects it); its leading name
//! is still reported.
//!
//! Transitive packages come from `uv.lock` or `poetry.lock`: each package's
//! dependencies, and the dependencies an extra turns on when something
//! asks for that extra (uv's `[package.optional-dependencies]`, Poetry's
//! `[package.extras]`, whose entries are PEP 508 strings). Markers are not
//! evaluated: a package any platform may install counts. Several entries
//! of one package (uv keeps one per resolution fork) count together.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::waiver::{self, Comments};
use super::{PACKAGE, normalise_python, pep508};
use crate::finding::Finding;
use crate::scan::{Declaration, Reader, ScannedFile, Target, toml_parse_error};
use crate::source::{SourceFile, Span};

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t toml::Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

fn table<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t DeTable<'i>> {
    get(table, key).and_then(|v| v.get_ref().as_table())
}

/// The project name a `pyproject.toml` declares (`[project] name`, else
/// `[tool.poetry] name`).
pub fn project_name(text: &str) -> Option<String> {
    let doc = DeTable::parse(text).ok()?;
    let root = doc.get_ref();
    let name = |t: Option<&DeTable<'_>>| {
        t.and_then(|t| get(t, "name"))
            .and_then(|v| v.get_ref().as_str())
            .filter(|n| pep508::is_name(n))
            .map(str::to_string)
    };
    name(table(root, "project"))
        .or_else(|| name(table(root, "tool").and_then(|t| table(t, "poetry"))))
}

/// A direct dependency, and the extras it asks for.
struct Direct {
    declaration: Declaration,
    extras: Vec<String>,
}

/// What one `pyproject.toml` gave.
struct Read {
    direct: Vec<Direct>,
    problems: Vec<Finding>,
    /// Whether the dependencies being read are development-only.
    dev: bool,
    /// Files setuptools reads dependencies from (`[tool.setuptools.dynamic]`
    /// `{file = …}`), as written, with the span of each.
    files: Vec<(String, Span)>,
}

fn parse_error(file: &Arc<SourceFile>, span: Span, message: String, help: &str) -> Finding {
    crate::scan::parse_error(file, span, message, help)
}

pub(super) fn package(
    file: &SourceFile,
    name: &str,
    span: Span,
    note: Option<String>,
) -> Declaration {
    let line = file.line_col(span.start).line;
    let mut d = Declaration::new(
        Target(&PACKAGE),
        normalise_python(name),
        format!("package \"{name}\""),
        span,
    );
    d.waiver_lines = waiver::covering_lines(file, Comments::Hash, line, line);
    d.note = note;
    d
}

impl Read {
    /// One PEP 508 string from an array.
    fn requirement(
        &mut self,
        file: &Arc<SourceFile>,
        item: &toml::Spanned<DeValue<'_>>,
        text: &str,
        note: Option<&str>,
    ) {
        let span = item.span();
        // The string's first character follows its opening quote; strings
        // with escapes or in triple quotes are located as a whole.
        let inner = span.start + 1;
        let locate = |range: std::ops::Range<usize>| {
            let candidate = inner + range.start..inner + range.end;
            if file.text.get(candidate.clone()) == Some(&text[range]) {
                candidate
            } else {
                span.clone()
            }
        };
        let (name, extras, marker) = match pep508::parse(text, true) {
            Ok(r) => (
                r.name.clone(),
                r.extras.clone(),
                r.marker.map(|m| text[m].to_string()),
            ),
            Err(e) => {
                self.problems.push(parse_error(
                    file,
                    span.clone(),
                    format!("invalid dependency `{text}`: {}", e.message),
                    "a dependency is a PEP 508 string (`name[extra] >=1.0 ; marker`); build tools reject anything else",
                ));
                let start = text.len() - text.trim_start().len();
                let end = text[start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
                    .map_or(text.len(), |e| start + e);
                let name = &text[start..end].trim_end_matches(['-', '_', '.']);
                if !pep508::is_name(name) {
                    return;
                }
                (start..start + name.len(), Vec::new(), None)
            }
        };
        let mut notes: Vec<String> = note.map(str::to_string).into_iter().collect();
        if let Some(m) = marker {
            notes.push(format!("installed only where `{m}`"));
        }
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        let mut declaration = package(file, &text[name.clone()], locate(name), note);
        declaration.dev = self.dev;
        self.direct.push(Direct {
            declaration,
            extras,
        });
    }

    /// An array of PEP 508 strings.
    fn requirements(
        &mut self,
        file: &Arc<SourceFile>,
        value: &toml::Spanned<DeValue<'_>>,
        note: Option<&str>,
        what: &str,
    ) {
        let Some(items) = value.get_ref().as_array() else {
            self.problems.push(parse_error(
                file,
                value.span(),
                format!("{what} is not an array of dependency strings"),
                "write it as an array: `[\"name>=1.0\", …]`",
            ));
            return;
        };
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(text) => self.requirement(file, item, text, note),
                None => self.problems.push(parse_error(
                    file,
                    item.span(),
                    format!("an entry of {what} is not a dependency string"),
                    "a dependency is a PEP 508 string (`\"name>=1.0\"`)",
                )),
            }
        }
    }

    /// PEP 735 `[dependency-groups]`.
    fn groups(&mut self, file: &Arc<SourceFile>, groups: &DeTable<'_>) {
        let names: HashMap<String, &toml::Spanned<DeValue<'_>>> = groups
            .iter()
            .map(|(k, v)| (normalise_python(k.get_ref()), v))
            .collect();
        for (group, deps) in groups.iter() {
            self.dev = super::is_dev_name(group.get_ref());
            let note = format!("in the dependency group `{}`", group.get_ref());
            let what = format!("the dependency group `{}`", group.get_ref());
            let Some(items) = deps.get_ref().as_array() else {
                self.requirements(file, deps, Some(&note), &what);
                continue;
            };
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::String(text) => self.requirement(file, item, text, Some(&note)),
                    DeValue::Table(t) if t.len() == 1 && get(t, "include-group").is_some() => {
                        let target = get(t, "include-group").expect("checked");
                        let Some(target_name) = target.get_ref().as_str() else {
                            self.problems.push(parse_error(
                                file,
                                target.span(),
                                "`include-group` names a group by a string".to_string(),
                                "write `{include-group = \"name\"}`",
                            ));
                            continue;
                        };
                        if !names.contains_key(&normalise_python(target_name)) {
                            self.problems.push(parse_error(
                                file,
                                target.span(),
                                format!("`include-group` names the group `{target_name}`, which is not in [dependency-groups]"),
                                "name a group of [dependency-groups]; installers reject an include of a missing group",
                            ));
                        } else if includes_itself(&names, &normalise_python(group.get_ref())) {
                            self.problems.push(parse_error(
                                file,
                                target.span(),
                                format!("the dependency group `{}` includes itself through `include-group`", group.get_ref()),
                                "installers reject a cycle of dependency groups; remove the include that closes it",
                            ));
                        }
                        // The included group's packages are reported where
                        // that group lists them.
                    }
                    _ => self.problems.push(parse_error(
                        file,
                        item.span(),
                        format!("an entry of {what} is neither a dependency string nor `{{include-group = \"…\"}}`"),
                        "PEP 735 allows dependency strings and `{include-group = \"name\"}` tables",
                    )),
                }
            }
        }
    }
}

impl Read {
    /// A `{file = "…"}` or `{file = ["…", …]}` of `[tool.setuptools.dynamic]`.
    fn dynamic_files(
        &mut self,
        file: &Arc<SourceFile>,
        value: &toml::Spanned<DeValue<'_>>,
        what: &str,
    ) {
        let help =
            "write `{file = [\"requirements.in\"]}`: setuptools reads dependencies only from files";
        let Some(spec) = value.get_ref().as_table().and_then(|t| get(t, "file")) else {
            self.problems.push(parse_error(
                file,
                value.span(),
                format!("{what} does not name the files setuptools reads dependencies from"),
                help,
            ));
            return;
        };
        let items: Vec<&toml::Spanned<DeValue<'_>>> = match spec.get_ref() {
            DeValue::String(_) => vec![spec],
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![spec],
        };
        for item in items {
            match item.get_ref().as_str() {
                Some(path) => self.files.push((path.to_string(), item.span())),
                None => self.problems.push(parse_error(
                    file,
                    item.span(),
                    format!("a file of {what} is not a string"),
                    help,
                )),
            }
        }
    }
}

/// Whether a dependency group reaches itself through `include-group`.
fn includes_itself(groups: &HashMap<String, &toml::Spanned<DeValue<'_>>>, start: &str) -> bool {
    let includes = |name: &str| -> Vec<String> {
        groups
            .get(name)
            .and_then(|v| v.get_ref().as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.get_ref().as_table())
                    .filter_map(|t| get(t, "include-group"))
                    .filter_map(|v| v.get_ref().as_str())
                    .map(normalise_python)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut seen = HashSet::new();
    let mut queue: VecDeque<String> = includes(start).into();
    while let Some(next) = queue.pop_front() {
        if next == start {
            return true;
        }
        if seen.insert(next.clone()) {
            queue.extend(includes(&next));
        }
    }
    false
}

/// Reads `pyproject.toml`: its direct dependencies.
fn read_pyproject(file: &Arc<SourceFile>) -> Result<Read, Box<Finding>> {
    let doc =
        DeTable::parse(&file.text).map_err(|e| toml_parse_error(file, "pyproject.toml", &e))?;
    let root = doc.get_ref();
    let mut read = Read {
        direct: Vec::new(),
        problems: Vec::new(),
        dev: false,
        files: Vec::new(),
    };
    if let Some(project) = table(root, "project") {
        if let Some(deps) = get(project, "dependencies") {
            read.requirements(file, deps, None, "[project] dependencies");
        }
        if let Some(optional) = table(project, "optional-dependencies") {
            for (extra, deps) in optional.iter() {
                let note = format!("optional: installed with the extra `{}`", extra.get_ref());
                let what = format!("the optional dependencies `{}`", extra.get_ref());
                read.requirements(file, deps, Some(&note), &what);
            }
        }
    }
    if let Some(groups) = table(root, "dependency-groups") {
        read.groups(file, groups);
    }
    let tool = table(root, "tool");
    // setuptools reads `dependencies` and `optional-dependencies` declared
    // `dynamic` from files: `{file = "requirements.in"}` or a list of them.
    if let Some(dynamic) = tool
        .and_then(|t| table(t, "setuptools"))
        .and_then(|s| table(s, "dynamic"))
    {
        if let Some(deps) = get(dynamic, "dependencies") {
            read.dynamic_files(file, deps, "[tool.setuptools.dynamic] dependencies");
        }
        if let Some(optional) = get(dynamic, "optional-dependencies") {
            match optional.get_ref().as_table() {
                Some(extras) => {
                    for (extra, deps) in extras.iter() {
                        let what = format!(
                            "[tool.setuptools.dynamic] optional-dependencies.{}",
                            extra.get_ref()
                        );
                        read.dynamic_files(file, deps, &what);
                    }
                }
                None => read.problems.push(parse_error(
                    file,
                    optional.span(),
                    "[tool.setuptools.dynamic] optional-dependencies is not a table of extras"
                        .to_string(),
                    "write `optional-dependencies.<extra> = {file = [\"…\"]}`; setuptools rejects anything else",
                )),
            }
        }
    }
    read.dev = true;
    if let Some(deps) = tool
        .and_then(|t| table(t, "uv"))
        .and_then(|uv| get(uv, "dev-dependencies"))
    {
        read.requirements(
            file,
            deps,
            Some("a uv dev dependency"),
            "[tool.uv] dev-dependencies",
        );
    }
    read.dev = false;
    if let Some(poetry) = tool.and_then(|t| table(t, "poetry")) {
        let mut tables: Vec<(&DeTable<'_>, Option<String>, bool)> = Vec::new();
        if let Some(t) = table(poetry, "dependencies") {
            tables.push((t, None, false));
        }
        if let Some(t) = table(poetry, "dev-dependencies") {
            tables.push((t, Some("a Poetry dev dependency".to_string()), true));
        }
        if let Some(groups) = table(poetry, "group") {
            for (name, group) in groups.iter() {
                if let Some(t) = group
                    .get_ref()
                    .as_table()
                    .and_then(|g| table(g, "dependencies"))
                {
                    tables.push((
                        t,
                        Some(format!("in the Poetry group `{}`", name.get_ref())),
                        super::is_dev_name(name.get_ref()),
                    ));
                }
            }
        }
        for (deps, note, dev) in tables {
            for (name, spec) in deps.iter() {
                if name.get_ref().eq_ignore_ascii_case("python") {
                    continue;
                }
                let spec_table = spec.get_ref().as_table();
                let optional = spec_table
                    .and_then(|t| get(t, "optional"))
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false);
                let extras: Vec<String> = spec_table
                    .and_then(|t| get(t, "extras"))
                    .and_then(|v| v.get_ref().as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|e| e.get_ref().as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut notes: Vec<String> = note.clone().into_iter().collect();
                if optional {
                    notes.push("optional: installed with an extra".to_string());
                }
                let note = (!notes.is_empty()).then(|| notes.join("; "));
                let mut declaration = package(file, name.get_ref(), name.span(), note);
                declaration.dev = dev;
                read.direct.push(Direct {
                    declaration,
                    extras,
                });
            }
        }
    }
    Ok(read)
}

/// One edge of a lockfile: a dependency and the extras asked of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    name: String,
    extras: Vec<String>,
}

/// One package of a lockfile.
#[derive(Debug, Default, PartialEq, Eq)]
struct Locked {
    version: String,
    /// What it always depends on.
    dependencies: Vec<Edge>,
    /// What each of its extras adds (normalised extra → edges).
    extras: HashMap<String, Vec<Edge>>,
}

/// A lockfile as a graph: normalised name → package.
type LockGraph = HashMap<String, Locked>;

fn strings(value: Option<&toml::Spanned<DeValue<'_>>>) -> Vec<String> {
    value
        .and_then(|v| v.get_ref().as_array())
        .map(|a| {
            a.iter()
                .filter_map(|e| e.get_ref().as_str())
                .map(normalise_python)
                .collect()
        })
        .unwrap_or_default()
}

/// uv's `[{ name = "x", extra = ["y"] }, …]`.
fn uv_edges(value: &DeValue<'_>) -> Vec<Edge> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d.get_ref().as_table())
                .filter_map(|d| {
                    let name = get(d, "name")?.get_ref().as_str()?;
                    Some(Edge {
                        name: normalise_python(name),
                        extras: strings(get(d, "extra")),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `poetry.lock` or `uv.lock`.
fn read_lock(file: &Arc<SourceFile>) -> Result<LockGraph, Box<Finding>> {
    let doc = DeTable::parse(&file.text).map_err(|e| toml_parse_error(file, "the lockfile", &e))?;
    let mut graph: LockGraph = HashMap::new();
    let Some(packages) = get(doc.get_ref(), "package").and_then(|p| p.get_ref().as_array()) else {
        return Ok(graph);
    };
    for package in packages.iter() {
        let Some(t) = package.get_ref().as_table() else {
            continue;
        };
        let Some(name) = get(t, "name").and_then(|v| v.get_ref().as_str()) else {
            continue;
        };
        let locked = graph.entry(normalise_python(name)).or_default();
        if locked.version.is_empty()
            && let Some(v) = get(t, "version").and_then(|v| v.get_ref().as_str())
        {
            locked.version = v.to_string();
        }
        let mut optional = HashMap::new();
        match get(t, "dependencies").map(|d| d.get_ref()) {
            // poetry.lock: `name = "spec"`, `name = { version, optional,
            // extras }` or a list of such tables (one per marker).
            Some(DeValue::Table(deps)) => {
                for (dep, spec) in deps.iter() {
                    let specs: Vec<&DeTable<'_>> = match spec.get_ref() {
                        DeValue::Table(s) => vec![s],
                        DeValue::Array(a) => {
                            a.iter().filter_map(|s| s.get_ref().as_table()).collect()
                        }
                        _ => Vec::new(),
                    };
                    let is_optional = !specs.is_empty()
                        && specs.iter().all(|s| {
                            get(s, "optional").and_then(|v| v.get_ref().as_bool()) == Some(true)
                        });
                    let edge = Edge {
                        name: normalise_python(dep.get_ref()),
                        extras: specs
                            .iter()
                            .flat_map(|s| strings(get(s, "extras")))
                            .collect(),
                    };
                    if is_optional {
                        optional.insert(edge.name.clone(), edge);
                    } else {
                        locked.dependencies.push(edge);
                    }
                }
            }
            // uv.lock: `dependencies = [{ name = "x" }, …]`.
            Some(v @ DeValue::Array(_)) => locked.dependencies.extend(uv_edges(v)),
            _ => {}
        }
        // uv.lock: `[package.optional-dependencies] extra = [{ name }, …]`.
        if let Some(extras) = table(t, "optional-dependencies") {
            for (extra, deps) in extras.iter() {
                locked
                    .extras
                    .entry(normalise_python(extra.get_ref()))
                    .or_default()
                    .extend(uv_edges(deps.get_ref()));
            }
        }
        // poetry.lock: `[package.extras] extra = ["name (>=1)", …]`, PEP
        // 508 strings naming optional dependencies.
        if let Some(extras) = table(t, "extras") {
            for (extra, deps) in extras.iter() {
                let edges = deps
                    .get_ref()
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|d| d.get_ref().as_str())
                            .filter_map(|d| {
                                let r = pep508::parse(d, true).ok()?;
                                let name = normalise_python(&d[r.name]);
                                Some(optional.get(&name).cloned().unwrap_or(Edge {
                                    name,
                                    extras: r.extras,
                                }))
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                locked
                    .extras
                    .entry(normalise_python(extra.get_ref()))
                    .or_default()
                    .extend(edges);
            }
        }
    }
    Ok(graph)
}

/// Packages reached from the direct ones through the lock, each once, at
/// the direct dependency's line, with the path.
fn transitive(direct: &[Direct], lock: &LockGraph) -> Vec<Declaration> {
    let mut reported: HashSet<String> = direct.iter().map(|d| d.declaration.name.clone()).collect();
    let mut visited: HashSet<(String, Option<String>)> = HashSet::new();
    // (package, extras asked of it, root index, path of names from the root)
    let mut queue: VecDeque<(String, Vec<String>, usize, Vec<String>)> = direct
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let name = d.declaration.name.clone();
            (
                name.clone(),
                d.extras.iter().map(|e| normalise_python(e)).collect(),
                i,
                vec![name],
            )
        })
        .collect();
    let mut hits = Vec::new();
    while let Some((at, extras, root, path)) = queue.pop_front() {
        let Some(locked) = lock.get(&at) else {
            continue;
        };
        let mut edges: Vec<&Edge> = Vec::new();
        if visited.insert((at.clone(), None)) {
            edges.extend(&locked.dependencies);
        }
        for extra in &extras {
            if visited.insert((at.clone(), Some(extra.clone()))) {
                edges.extend(locked.extras.get(extra).into_iter().flatten());
            }
        }
        for edge in edges {
            let mut next_path = path.clone();
            next_path.push(edge.name.clone());
            queue.push_back((
                edge.name.clone(),
                edge.extras.clone(),
                root,
                next_path.clone(),
            ));
            if !reported.insert(edge.name.clone()) {
                continue;
            }
            let chain: Vec<String> = next_path
                .iter()
                .map(|n| match lock.get(n) {
                    Some(p) if !p.version.is_empty() => format!("{n} {}", p.version),
                    _ => n.clone(),
                })
                .collect();
            let d = &direct[root].declaration;
            let version = lock
                .get(&edge.name)
                .map(|p| p.version.as_str())
                .unwrap_or("");
            let mut note = format!("reached through {}", chain.join(" → "));
            if let Some(n) = &d.note {
                note.push_str(&format!("; {n}"));
            }
            let subject = format!("package \"{}\" {version}", edge.name)
                .trim_end()
                .to_string();
            let mut h = Declaration::new(
                Target(&PACKAGE),
                edge.name.clone(),
                subject.clone(),
                d.span.clone(),
            );
            h.identity = format!("{subject} ({note})");
            h.note = Some(note);
            h.waiver_lines = d.waiver_lines.clone();
            h.via = next_path[..next_path.len() - 1].to_vec();
            h.dev = d.dev;
            hits.push(h);
        }
    }
    hits
}

/// Scans `pyproject.toml` files, with the lockfile beside each; also
/// returns the files setuptools reads dependencies from (read as
/// requirements files by the caller).
pub fn scan(pyprojects: &[PathBuf], reader: &Reader) -> (Vec<ScannedFile>, Vec<PathBuf>) {
    let mut out = Vec::new();
    let mut referenced = Vec::new();
    for path in pyprojects {
        let file = match reader.read(path) {
            Ok(file) => file,
            Err(finding) => {
                out.push(ScannedFile::problem_only(*finding));
                continue;
            }
        };
        let waivers = waiver::find(&file, Comments::Hash);
        let read = match read_pyproject(&file) {
            Ok(read) => read,
            Err(finding) => {
                out.push(ScannedFile {
                    waivers,
                    problems: vec![*finding],
                    ..ScannedFile::empty(file)
                });
                continue;
            }
        };
        let Read {
            direct,
            mut problems,
            files,
            ..
        } = read;
        let mut declarations: Vec<Declaration> = Vec::new();
        let dir = path.parent().unwrap_or(Path::new("."));
        super::referenced_files(&file, dir, files, &mut referenced, &mut problems);
        for lock_name in ["uv.lock", "poetry.lock"] {
            let lock_path = dir.join(lock_name);
            if !lock_path.is_file() {
                continue;
            }
            match reader.read(&lock_path).map(|f| (read_lock(&f), f)) {
                Ok((Ok(graph), _)) => declarations = transitive(&direct, &graph),
                Ok((Err(finding), lock_file)) => out.push(ScannedFile {
                    problems: vec![*finding],
                    ..ScannedFile::empty(lock_file)
                }),
                Err(finding) => problems.push(*finding),
            }
            break;
        }
        let mut all: Vec<Declaration> = direct.into_iter().map(|d| d.declaration).collect();
        all.extend(declarations);
        out.push(ScannedFile {
            waivers,
            problems,
            declarations: all,
            ..ScannedFile::empty(file)
        });
    }
    (out, referenced)
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

    fn temp(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "adrift-pyproject-unit-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn scanned(name: &str, files: &[(&str, &str)]) -> ScannedFile {
        let dir = temp(name, files);
        let (mut out, _) = scan(&[dir.join("pyproject.toml")], &reader(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        out.pop().expect("one file")
    }

    #[test]
    fn pyproject_poetry_and_uv_lock() {
        let out = scanned(
            "pyproject",
            &[
                (
                    "pyproject.toml",
                    "[project]\nname = \"api\"\ndependencies = [\"fastapi>=0.110\", \"session-store\"]\n\n[project.optional-dependencies]\ndb = [\"SQLAlchemy>=2\"]\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\nredis = { version = \"^5\", optional = true }\n",
                ),
                (
                    "uv.lock",
                    "version = 1\n\n[[package]]\nname = \"session-store\"\nversion = \"1.2.0\"\ndependencies = [{ name = \"redis\" }]\n\n[[package]]\nname = \"redis\"\nversion = \"5.0.1\"\ndependencies = [{ name = \"async-timeout\" }]\n\n[[package]]\nname = \"async-timeout\"\nversion = \"4.0.3\"\n",
                ),
            ],
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let got: Vec<(&str, Option<&str>)> = out
            .declarations
            .iter()
            .map(|h| (h.name.as_str(), h.note.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("fastapi", None),
                ("session-store", None),
                (
                    "sqlalchemy",
                    Some("optional: installed with the extra `db`")
                ),
                ("redis", Some("optional: installed with an extra")),
                (
                    "async-timeout",
                    Some(
                        "reached through redis 5.0.1 → async-timeout 4.0.3; optional: installed with an extra"
                    )
                ),
            ]
        );
    }

    #[test]
    fn dependency_groups_include_groups_and_uv_dev_dependencies() {
        let out = scanned(
            "groups",
            &[(
                "pyproject.toml",
                "[dependency-groups]\ntest = [\"pytest\", {include-group = \"DB\"}]\ndb = [\"sqlalchemy\"]\nbroken = [{include-group = \"nope\"}, 3]\nloop = [{include-group = \"loop\"}]\n\n[tool.uv]\ndev-dependencies = [\"redis>=5\"]\n",
            )],
        );
        let names: Vec<&str> = out.declarations.iter().map(|d| d.name.as_str()).collect();
        // Groups in the order of their names (broken, db, loop, test).
        assert_eq!(names, ["sqlalchemy", "pytest", "redis"]);
        assert_eq!(
            out.declarations[2].note.as_deref(),
            Some("a uv dev dependency")
        );
        let messages: Vec<&str> = out.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("`nope`, which is not in [dependency-groups]"));
        assert!(messages[1].contains("neither a dependency string"));
        assert!(messages[2].contains("includes itself"));
    }

    #[test]
    fn invalid_dependency_strings_are_findings_that_keep_the_name() {
        let out = scanned(
            "invalid",
            &[(
                "pyproject.toml",
                "[project]\ndependencies = [\"SQLAlchemy=2.0\"]\n",
            )],
        );
        assert_eq!(out.declarations[0].name, "sqlalchemy");
        assert!(
            out.problems[0].message.contains("did you mean `==`"),
            "{:?}",
            out.problems
        );
    }

    #[test]
    fn poetry_lock_extras_and_optional_dependencies() {
        let file = SourceFile::new(
            "poetry.lock".into(),
            "[[package]]\nname = \"Flask-SQLAlchemy\"\nversion = \"3.1.1\"\n\n[package.dependencies]\nsqlalchemy = {version = \">=2.0.16\", extras = [\"asyncio\"]}\n\n[[package]]\nname = \"SQLAlchemy\"\nversion = \"2.0.30\"\n\n[package.dependencies]\ngreenlet = {version = \"!=0.4.17\", optional = true}\npsycopg2 = {version = \">=2.7\", optional = true}\n\n[package.extras]\nasyncio = [\"greenlet (!=0.4.17)\"]\npostgresql = [\"psycopg2 (>=2.7)\"]\n".into(),
        );
        let graph = read_lock(&file).expect("parses");
        assert_eq!(
            graph["flask-sqlalchemy"].dependencies[0].extras,
            ["asyncio"]
        );
        let direct = vec![Direct {
            declaration: package(&file, "flask-sqlalchemy", 0..1, None),
            extras: Vec::new(),
        }];
        let reached: Vec<String> = transitive(&direct, &graph)
            .into_iter()
            .map(|d| d.name)
            .collect();
        // psycopg2 is only for the `postgresql` extra, which nothing asks for.
        assert_eq!(reached, ["sqlalchemy", "greenlet"]);
    }

    #[test]
    fn uv_lock_extras_and_forks() {
        let file = SourceFile::new(
            "uv.lock".into(),
            "[[package]]\nname = \"app\"\nversion = \"1\"\ndependencies = [{ name = \"sqlalchemy\", extra = [\"postgresql\"] }]\n\n[[package]]\nname = \"sqlalchemy\"\nversion = \"2\"\n\n[package.optional-dependencies]\npostgresql = [{ name = \"psycopg2\" }]\nmysql = [{ name = \"pymysql\" }]\n\n[[package]]\nname = \"numpy\"\nversion = \"1\"\n\n[[package]]\nname = \"numpy\"\nversion = \"2\"\ndependencies = [{ name = \"redis\" }]\n".into(),
        );
        let graph = read_lock(&file).expect("parses");
        let direct = vec![
            Direct {
                declaration: package(&file, "app", 0..1, None),
                extras: Vec::new(),
            },
            Direct {
                declaration: package(&file, "numpy", 0..1, None),
                extras: Vec::new(),
            },
        ];
        let reached: Vec<String> = transitive(&direct, &graph)
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(reached, ["sqlalchemy", "redis", "psycopg2"]);
    }

    #[test]
    fn project_names() {
        assert_eq!(
            project_name("[project]\nname = \"my-lib\"\n").as_deref(),
            Some("my-lib")
        );
        assert_eq!(
            project_name("[tool.poetry]\nname = \"p\"\n").as_deref(),
            Some("p")
        );
        assert_eq!(project_name("[build-system]\n"), None);
    }
}
