//! `Cargo.lock`, text in: its packages and the edges between them.
//!
//! The lock records edges without their kinds: a registry package's
//! dependencies are its normal and build ones (its dev-dependencies are
//! never resolved), while a path or workspace package also lists its
//! dev-dependencies. Optional dependencies are all there, whatever feature
//! turns them on: the lock is resolved with every feature of the workspace.
//! A dependency entry that names no package, or more than one, is a
//! problem (cargo rejects such a lock), located at the entry.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use super::manifest::{Problem, get};

/// One `[[package]]`.
#[derive(Debug, Clone)]
pub struct LockPackage {
    pub name: String,
    pub version: String,
    /// `None` for path packages (workspace members, path dependencies, and
    /// crates patched to a path).
    pub source: Option<String>,
    /// Indexes of the packages it depends on.
    pub deps: Vec<usize>,
}

/// `Cargo.lock` as a graph.
#[derive(Debug, Default)]
pub struct Lock {
    pub packages: Vec<LockPackage>,
    pub problems: Vec<Problem>,
}

impl Lock {
    /// Path packages named `name` (and `version`, when given).
    pub fn path_packages<'a>(
        &'a self,
        name: &'a str,
        version: Option<&'a str>,
    ) -> impl Iterator<Item = usize> + 'a {
        self.packages.iter().enumerate().filter_map(move |(i, p)| {
            (p.source.is_none() && p.name == name && version.is_none_or(|v| p.version == v))
                .then_some(i)
        })
    }
}

/// Reads a lockfile. `Err` when the text is not TOML.
pub fn parse(text: &str) -> Result<Lock, toml::de::Error> {
    let doc = DeTable::parse(text)?;
    let root = doc.get_ref();
    let mut lock = Lock::default();
    let mut problem = |span: std::ops::Range<usize>, message: String| {
        lock.problems.push(Problem { span, message });
    };
    if let Some((_, v)) = get(root, "version") {
        let known = v
            .get_ref()
            .as_integer()
            .and_then(|i| i.as_str().parse::<u32>().ok())
            .is_some_and(|n| (1..=4).contains(&n));
        if !known {
            problem(
                v.span(),
                "a lockfile version adrift does not read (it reads versions 1 to 4)".to_string(),
            );
        }
    }
    // (package index, dependency text, its span)
    let mut raw: Vec<(usize, String, std::ops::Range<usize>)> = Vec::new();
    let mut spans = Vec::new();
    if let Some((_, list)) = get(root, "package") {
        match list.get_ref().as_array() {
            None => problem(
                list.span(),
                "`package` must be an array of tables ([[package]])".to_string(),
            ),
            Some(list) => {
                for entry in list.iter() {
                    let Some(t) = entry.get_ref().as_table() else {
                        problem(entry.span(), "a [[package]] must be a table".to_string());
                        continue;
                    };
                    let mut field = |key: &str, required: bool| match get(t, key) {
                        Some((_, v)) => match v.get_ref() {
                            DeValue::String(s) => Some(s.to_string()),
                            _ => {
                                problem(v.span(), format!("`{key}` must be a string"));
                                None
                            }
                        },
                        None => {
                            if required {
                                problem(entry.span(), format!("a [[package]] without `{key}`"));
                            }
                            None
                        }
                    };
                    let name = field("name", true);
                    let version = field("version", true);
                    let source = field("source", false);
                    let (Some(name), Some(version)) = (name, version) else {
                        continue;
                    };
                    let index = lock.packages.len();
                    spans.push(entry.span());
                    lock.packages.push(LockPackage {
                        name,
                        version,
                        source,
                        deps: Vec::new(),
                    });
                    if let Some((_, deps)) = get(t, "dependencies") {
                        match deps.get_ref().as_array() {
                            None => problem(
                                deps.span(),
                                "`dependencies` must be an array of strings".to_string(),
                            ),
                            Some(deps) => {
                                for d in deps.iter() {
                                    match d.get_ref().as_str() {
                                        Some(s) => raw.push((index, s.to_string(), d.span())),
                                        None => problem(
                                            d.span(),
                                            "a dependency must be a string".to_string(),
                                        ),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut seen: HashMap<(&str, &str, Option<&str>), usize> = HashMap::new();
    for (i, p) in lock.packages.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
        if seen
            .insert((&p.name, &p.version, p.source.as_deref()), i)
            .is_some()
        {
            lock.problems.push(Problem {
                span: spans[i].clone(),
                message: format!(
                    "package {} {} is listed twice in Cargo.lock",
                    p.name, p.version
                ),
            });
        }
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); lock.packages.len()];
    for (from, text, span) in raw {
        // "name", "name version" or "name version (source)".
        let mut parts = text.splitn(3, ' ');
        let name = parts.next().unwrap_or_default();
        let version = parts.next();
        let source = parts
            .next()
            .map(|s| s.trim().trim_start_matches('(').trim_end_matches(')'));
        let found: Vec<usize> = by_name
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|&i| {
                let p = &lock.packages[i];
                version.is_none_or(|v| p.version == v)
                    && source.is_none_or(|s| p.source.as_deref() == Some(s))
            })
            .collect();
        match found.len() {
            0 => lock.problems.push(Problem {
                span,
                message: format!(
                    "{} depends on \"{text}\", which is no package in Cargo.lock",
                    lock.packages[from].name
                ),
            }),
            1 => {}
            _ => lock.problems.push(Problem {
                span,
                message: format!(
                    "{} depends on \"{text}\", which names {} packages in Cargo.lock",
                    lock.packages[from].name,
                    found.len()
                ),
            }),
        }
        // Fail closed: an ambiguous entry keeps every candidate.
        for i in found {
            if !edges[from].contains(&i) {
                edges[from].push(i);
            }
        }
    }
    for (p, deps) in lock.packages.iter_mut().zip(edges) {
        p.deps = deps;
    }
    Ok(lock)
}
