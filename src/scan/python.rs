//! Python: `requirements*.txt` (with `-r` includes, extras, markers and
//! comments), `pyproject.toml` (PEP 621 dependencies and optional
//! dependencies, PEP 735 dependency groups, Poetry), and `poetry.lock` /
//! `uv.lock` beside a `pyproject.toml` for packages reached transitively.
//! Names are compared after PEP 503 normalisation (`SQLAlchemy`,
//! `sqlalchemy`; `psycopg2_binary` = `psycopg2-binary`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use regex::Regex;
use toml::de::{DeTable, DeValue};

use super::waiver::{self, Comments};
use super::{
    Declaration, Ecosystem, Job, Reader, ScannedFile, Target, TargetInfo, toml_parse_error,
};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};

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
    has_dev: false,
    claims: |name| {
        std::str::from_utf8(name).is_ok_and(|n| is_requirements(n) || n == "pyproject.toml")
    },
    scan: scan_job,
    known_names: None,
};

fn scan_job(job: &Job<'_>) -> Vec<ScannedFile> {
    let (pyprojects, requirements): (Vec<PathBuf>, Vec<PathBuf>) = job
        .paths
        .iter()
        .cloned()
        .partition(|p| p.file_name().is_some_and(|n| n == "pyproject.toml"));
    if !job.wanted.wants_ecosystem("python") {
        return job
            .paths
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
    scan(&requirements, &pyprojects, job.reader)
}

static REQUIREMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?").expect("regex")
});

/// Whether a file name is one adrift reads as a requirements file.
pub fn is_requirements(name: &str) -> bool {
    name.starts_with("requirements") && name.ends_with(".txt")
}

/// A requirement's name and span within `text` (a PEP 508 string), and its
/// environment marker.
fn requirement(text: &str, offset: usize) -> Option<(String, Span, Option<String>)> {
    let caps = REQUIREMENT.captures(text)?;
    let name = caps.get(1)?;
    let marker = text
        .split_once(';')
        .map(|(_, m)| m.trim().to_string())
        .filter(|m| !m.is_empty());
    Some((
        name.as_str().to_string(),
        offset + name.start()..offset + name.end(),
        marker,
    ))
}

fn package_hit(file: &SourceFile, name: &str, span: Span, note: Option<String>) -> Declaration {
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

/// Reads a requirements file and the files it includes with `-r`.
fn scan_requirements(
    path: &Path,
    reader: &Reader,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<ScannedFile>,
) {
    let key = crate::config::normalise(path);
    if !seen.insert(key) {
        return;
    }
    let file = match reader.read(path) {
        Ok(file) => file,
        Err(finding) => {
            out.push(ScannedFile::problem_only(*finding));
            return;
        }
    };
    let mut hits = Vec::new();
    let mut includes = Vec::new();
    let text = file.text.as_str();
    let mut offset = 0;
    let mut logical = String::new();
    let mut logical_start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        // A comment starts at `#` at the line start or after white space.
        let content = match line
            .find(" #")
            .or_else(|| line.starts_with('#').then_some(0))
        {
            Some(i) => &line[..i],
            None => line,
        };
        if logical.is_empty() {
            logical_start = line_start;
        }
        if let Some(continued) = content.strip_suffix('\\') {
            logical.push_str(continued);
            logical.push(' ');
            continue;
        }
        let whole = if logical.is_empty() {
            content.to_string()
        } else {
            let mut l = std::mem::take(&mut logical);
            l.push_str(content);
            l
        };
        let trimmed = whole.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed
            .strip_prefix("-r ")
            .or_else(|| trimmed.strip_prefix("--requirement "))
            .or_else(|| trimmed.strip_prefix("--requirement="))
        {
            includes.push(rest.trim().to_string());
            continue;
        }
        if trimmed.starts_with('-') {
            // Options (`-c`, `-e`, `--index-url`, …) install nothing by name.
            continue;
        }
        // Spans are only exact for requirements on one physical line.
        let at = logical_start + (whole.len() - whole.trim_start().len());
        if let Some((name, span, marker)) = requirement(trimmed, at) {
            let span = if text.get(span.clone()) == Some(name.as_str()) {
                span
            } else {
                logical_start..logical_start + line.len()
            };
            let note = marker.map(|m| format!("installed only where `{m}`"));
            hits.push(package_hit(&file, &name, span, note));
        }
    }
    out.push(ScannedFile {
        waivers: waiver::find(&file, Comments::Hash),
        declarations: hits,
        ..ScannedFile::empty(Arc::clone(&file))
    });
    let dir = path.parent().unwrap_or(Path::new("."));
    for include in includes {
        scan_requirements(&dir.join(include), reader, seen, out);
    }
}

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t toml::Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

fn table<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t DeTable<'i>> {
    get(table, key).and_then(|v| v.get_ref().as_table())
}

/// PEP 508 strings in an array, as hits.
fn requirement_array(
    file: &SourceFile,
    value: &toml::Spanned<DeValue<'_>>,
    note: Option<&str>,
    hits: &mut Vec<Declaration>,
) {
    let Some(items) = value.get_ref().as_array() else {
        return;
    };
    for item in items.iter() {
        let Some(text) = item.get_ref().as_str() else {
            continue;
        };
        let span = item.span();
        // The string's first character follows its opening quote.
        let inner = span.start + 1;
        if let Some((name, name_span, marker)) = requirement(text, inner) {
            let name_span = if file.text.get(name_span.clone()) == Some(name.as_str()) {
                name_span
            } else {
                span.clone()
            };
            let mut notes: Vec<String> = note.map(str::to_string).into_iter().collect();
            if let Some(m) = marker {
                notes.push(format!("installed only where `{m}`"));
            }
            let note = (!notes.is_empty()).then(|| notes.join("; "));
            hits.push(package_hit(file, &name, name_span, note));
        }
    }
}

/// Reads `pyproject.toml`: its direct dependencies, as hits.
fn scan_pyproject(file: &Arc<SourceFile>) -> Result<Vec<Declaration>, Box<Finding>> {
    let doc =
        DeTable::parse(&file.text).map_err(|e| toml_parse_error(file, "pyproject.toml", &e))?;
    let root = doc.get_ref();
    let mut hits = Vec::new();
    if let Some(project) = table(root, "project") {
        if let Some(deps) = get(project, "dependencies") {
            requirement_array(file, deps, None, &mut hits);
        }
        if let Some(optional) = table(project, "optional-dependencies") {
            for (extra, deps) in optional.iter() {
                let note = format!("optional: installed with the extra `{}`", extra.get_ref());
                requirement_array(file, deps, Some(&note), &mut hits);
            }
        }
    }
    if let Some(groups) = table(root, "dependency-groups") {
        for (group, deps) in groups.iter() {
            let note = format!("in the dependency group `{}`", group.get_ref());
            requirement_array(file, deps, Some(&note), &mut hits);
        }
    }
    if let Some(poetry) = table(root, "tool").and_then(|t| table(t, "poetry")) {
        let mut tables: Vec<(&DeTable<'_>, Option<String>)> = Vec::new();
        if let Some(t) = table(poetry, "dependencies") {
            tables.push((t, None));
        }
        if let Some(t) = table(poetry, "dev-dependencies") {
            tables.push((t, Some("a Poetry dev dependency".to_string())));
        }
        if let Some(groups) = table(poetry, "group") {
            for (name, group) in groups.iter() {
                if let Some(t) = group
                    .get_ref()
                    .as_table()
                    .and_then(|g| table(g, "dependencies"))
                {
                    tables.push((t, Some(format!("in the Poetry group `{}`", name.get_ref()))));
                }
            }
        }
        for (deps, note) in tables {
            for (name, spec) in deps.iter() {
                if name.get_ref().eq_ignore_ascii_case("python") {
                    continue;
                }
                let optional = spec
                    .get_ref()
                    .as_table()
                    .and_then(|t| get(t, "optional"))
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false);
                let mut notes: Vec<String> = note.clone().into_iter().collect();
                if optional {
                    notes.push("optional: installed with an extra".to_string());
                }
                let note = (!notes.is_empty()).then(|| notes.join("; "));
                hits.push(package_hit(file, name.get_ref(), name.span(), note));
            }
        }
    }
    Ok(hits)
}

/// A lockfile as a graph: normalised name → (version, dependencies).
type LockGraph = HashMap<String, (String, Vec<String>)>;

/// `poetry.lock` or `uv.lock`: package → the packages it depends on.
fn read_lock(file: &Arc<SourceFile>) -> Result<LockGraph, Box<Finding>> {
    let doc = DeTable::parse(&file.text).map_err(|e| toml_parse_error(file, "the lockfile", &e))?;
    let mut graph = HashMap::new();
    let Some(packages) = get(doc.get_ref(), "package").and_then(|p| p.get_ref().as_array()) else {
        return Ok(graph);
    };
    for package in packages.iter() {
        let Some(t) = package.get_ref().as_table() else {
            continue;
        };
        let s = |k: &str| {
            get(t, k)
                .and_then(|v| v.get_ref().as_str())
                .map(str::to_string)
        };
        let Some(name) = s("name") else { continue };
        let version = s("version").unwrap_or_default();
        let mut deps = Vec::new();
        match get(t, "dependencies").map(|d| d.get_ref()) {
            // poetry.lock: `[package.dependencies] name = "spec"`.
            Some(DeValue::Table(d)) => {
                deps.extend(d.iter().map(|(k, _)| normalise_python(k.get_ref())))
            }
            // uv.lock: `dependencies = [{ name = "x" }, …]`.
            Some(DeValue::Array(a)) => deps.extend(a.iter().filter_map(|d| {
                d.get_ref()
                    .as_table()
                    .and_then(|d| get(d, "name"))
                    .and_then(|n| n.get_ref().as_str())
                    .map(normalise_python)
            })),
            _ => {}
        }
        graph.insert(normalise_python(&name), (version, deps));
    }
    Ok(graph)
}

/// Packages reached from the direct ones through the lock, each once, at
/// the direct dependency's line, with the path.
fn transitive(direct: &[Declaration], lock: &LockGraph) -> Vec<Declaration> {
    let mut seen: HashSet<String> = direct.iter().map(|h| h.name.clone()).collect();
    let mut queue: VecDeque<(String, usize, Vec<String>)> = direct
        .iter()
        .enumerate()
        .map(|(i, h)| (h.name.clone(), i, vec![h.name.clone()]))
        .collect();
    let mut hits = Vec::new();
    while let Some((at, root, path)) = queue.pop_front() {
        let Some((_, deps)) = lock.get(&at) else {
            continue;
        };
        for next in deps {
            if !seen.insert(next.clone()) {
                continue;
            }
            let mut next_path = path.clone();
            next_path.push(next.clone());
            let chain: Vec<String> = next_path
                .iter()
                .map(|n| match lock.get(n) {
                    Some((v, _)) if !v.is_empty() => format!("{n} {v}"),
                    _ => n.clone(),
                })
                .collect();
            let d = &direct[root];
            let version = lock.get(next).map(|(v, _)| v.as_str()).unwrap_or("");
            let mut note = format!("reached through {}", chain.join(" → "));
            if let Some(n) = &d.note {
                note.push_str(&format!("; {n}"));
            }
            let subject = format!("package \"{next}\" {version}")
                .trim_end()
                .to_string();
            let mut h = Declaration::new(
                Target(&PACKAGE),
                next.clone(),
                subject.clone(),
                d.span.clone(),
            );
            h.identity = format!("{subject} ({note})");
            h.note = Some(note);
            h.waiver_lines = d.waiver_lines.clone();
            h.via = next_path[..next_path.len() - 1].to_vec();
            hits.push(h);
            queue.push_back((next.clone(), root, next_path));
        }
    }
    hits
}

/// Scans requirements files and `pyproject.toml` files, with the lockfile
/// beside each `pyproject.toml`.
pub fn scan(requirements: &[PathBuf], pyprojects: &[PathBuf], reader: &Reader) -> Vec<ScannedFile> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for path in requirements {
        scan_requirements(path, reader, &mut seen, &mut out);
    }
    for path in pyprojects {
        let file = match reader.read(path) {
            Ok(file) => file,
            Err(finding) => {
                out.push(ScannedFile::problem_only(*finding));
                continue;
            }
        };
        let waivers = waiver::find(&file, Comments::Hash);
        let mut direct = match scan_pyproject(&file) {
            Ok(hits) => hits,
            Err(finding) => {
                out.push(ScannedFile {
                    waivers,
                    problems: vec![*finding],
                    ..ScannedFile::empty(file)
                });
                continue;
            }
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut problems = Vec::new();
        for lock_name in ["uv.lock", "poetry.lock"] {
            let lock_path = dir.join(lock_name);
            if !lock_path.is_file() {
                continue;
            }
            match reader.read(&lock_path).map(|f| (read_lock(&f), f)) {
                Ok((Ok(graph), _)) => {
                    let extra = transitive(&direct, &graph);
                    direct.extend(extra);
                }
                Ok((Err(finding), lock_file)) => out.push(ScannedFile {
                    problems: vec![*finding],
                    ..ScannedFile::empty(lock_file)
                }),
                Err(finding) => problems.push(*finding),
            }
            break;
        }
        out.push(ScannedFile {
            waivers,
            problems,
            declarations: direct,
            ..ScannedFile::empty(file)
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(dir: &Path) -> Reader {
        Reader {
            cwd: dir.to_path_buf(),
            max_bytes: u64::MAX,
        }
    }

    fn temp(name: &str, files: &[(&str, &str)]) -> PathBuf {
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
    fn requirements_with_includes_extras_markers_and_comments() {
        let dir = temp(
            "req",
            &[
                (
                    "requirements.txt",
                    "# the service\r\nfastapi==0.110  # web\r\n-r base.txt\r\nSQLAlchemy[asyncio]>=2.0 ; python_version >= \"3.10\"\r\n--index-url https://pypi.org/simple\r\n# psycopg2\r\nuvicorn \\\r\n  >=0.29\r\n",
                ),
                ("base.txt", "psycopg2_binary==2.9\n"),
            ],
        );
        let out = scan(&[dir.join("requirements.txt")], &[], &reader(&dir));
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
    fn pyproject_poetry_and_uv_lock() {
        let dir = temp(
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
        let out = scan(&[], &[dir.join("pyproject.toml")], &reader(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(out[0].problems.is_empty(), "{:?}", out[0].problems);
        let got: Vec<(&str, Option<&str>)> = out[0]
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
}

#[cfg(test)]
mod poetry_tests {
    use super::*;

    #[test]
    fn poetry_lock_dependencies_are_a_table() {
        let file = SourceFile::new(
            "poetry.lock".into(),
            "[[package]]\nname = \"Flask-SQLAlchemy\"\nversion = \"3.1.1\"\n\n[package.dependencies]\nsqlalchemy = \">=2.0.16\"\n\n[[package]]\nname = \"SQLAlchemy\"\nversion = \"2.0.30\"\n".into(),
        );
        let graph = read_lock(&file).expect("parses");
        assert_eq!(
            graph["flask-sqlalchemy"],
            ("3.1.1".to_string(), vec!["sqlalchemy".to_string()])
        );
        assert_eq!(graph["sqlalchemy"].0, "2.0.30");
    }
}
