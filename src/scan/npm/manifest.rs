//! `package.json` as npm reads it: every dependency field, each key with
//! its exact span. Text in, dependencies out.
//!
//! Read: `dependencies`, `optionalDependencies`, `peerDependencies`,
//! `devDependencies` (development only) and `bundleDependencies` /
//! `bundledDependencies` (an array of names, or `true` for every
//! dependency, which adds nothing). An alias (`"db": "npm:pg@^8"`) is the
//! package it names (`pg`). `overrides` (npm) and `resolutions` (yarn) are
//! not dependencies: they only pin what something else already depends on,
//! and the lock shows what that is. A field of the wrong type, or an entry
//! whose value is not a string, is a problem (npm refuses or ignores it; a
//! gate must not).

use std::ops::Range;

use jsonc_parser::ast::Value;

use super::json;

/// The field a dependency is declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Normal,
    Optional,
    Peer,
    Dev,
    Bundle,
}

impl Kind {
    /// How a message names a dependency of this kind.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Normal => "dependency",
            Kind::Optional => "optionalDependency",
            Kind::Peer => "peerDependency",
            Kind::Dev => "devDependency",
            Kind::Bundle => "bundleDependency",
        }
    }
}

/// The dependency fields, in the order they are read.
pub const FIELDS: &[(&str, Kind)] = &[
    ("dependencies", Kind::Normal),
    ("optionalDependencies", Kind::Optional),
    ("peerDependencies", Kind::Peer),
    ("devDependencies", Kind::Dev),
];

/// One dependency.
#[derive(Debug, Clone, PartialEq)]
pub struct Dep {
    /// The key as written (decoded): the folder it is installed in.
    pub key: String,
    /// The package it is: the key, or what an `npm:` alias names.
    pub package: String,
    /// The range or specifier as written (`^8`, `npm:pg@^8`, `workspace:*`).
    pub range: String,
    pub kind: Kind,
    /// The key's span (quotes included).
    pub span: Range<usize>,
}

/// Something in the file npm would refuse, or adrift cannot read.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
}

/// What a `package.json` gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub name: Option<String>,
    pub version: Option<String>,
    pub deps: Vec<Dep>,
    /// Whether it declares `workspaces`.
    pub workspaces: bool,
    pub problems: Vec<Problem>,
}

/// The package an `npm:` alias names (`npm:pg@^8` is `pg`), if it is one.
pub fn alias_target(range: &str) -> Option<&str> {
    let rest = range.trim().strip_prefix("npm:")?;
    let name = match rest.get(1..).and_then(|r| r.find('@')) {
        Some(at) => &rest[..at + 1],
        None => rest,
    };
    (!name.is_empty()).then_some(name)
}

/// Whether a specifier names no package: a tarball (by URL or path) or a
/// git repository (`git+…`, `github:…`, `user/repo`). npm installs whatever
/// package it turns out to be, under the dependency's key; only a lock
/// records which. (A local directory's own `package.json` is read where it
/// is; a registry range, tag, alias or workspace names its package.)
pub fn names_no_package(range: &str) -> bool {
    let r = range.trim();
    let lower = r.to_ascii_lowercase();
    let tarball = [".tgz", ".tar.gz", ".tar"]
        .iter()
        .any(|e| lower.split(['#', '?']).next().unwrap_or("").ends_with(e));
    if [
        "http://",
        "https://",
        "git+",
        "git://",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return true;
    }
    if lower.starts_with("file:")
        || ["./", "../", "/", "~/", ".\\", "..\\"]
            .iter()
            .any(|p| lower.starts_with(p))
    {
        return tarball;
    }
    // `user/repo` (npm-package-arg's GitHub shorthand), optionally `#ref`.
    let repo = r.split('#').next().unwrap_or("");
    match repo.split_once('/') {
        Some((user, name)) => {
            !user.is_empty()
                && !name.is_empty()
                && !user.starts_with('@')
                && !repo.contains([':', ' ', '\t'])
                && !name.contains('/')
        }
        None => false,
    }
}

/// Reads a `package.json`. `Err` when it is not JSON (not even read
/// leniently) or not an object; a syntax error with a lenient reading is
/// the first of its problems.
pub fn parse(text: &str) -> Result<Manifest, Problem> {
    let (value, offset, error) = json::parse(text).map_err(|e| Problem {
        span: e.span,
        message: e.message,
    })?;
    let Value::Object(root) = value else {
        return Err(Problem {
            span: offset..text.len(),
            message: format!("package.json holds {}, not an object", json::kind(&value)),
        });
    };
    let mut m = Manifest::default();
    // Read leniently: the syntax error first, then what could be read.
    m.problems.extend(error.map(|e| Problem {
        span: e.span,
        message: e.message,
    }));
    for prop in &root.properties {
        let (key, key_span) = json::prop_name(&prop.name);
        let field = FIELDS.iter().find(|(f, _)| *f == key);
        match (key, field) {
            ("name", _) => {
                if let Value::StringLit(s) = &prop.value {
                    m.name = Some(s.value.to_string());
                }
            }
            ("version", _) => {
                if let Value::StringLit(s) = &prop.value {
                    m.version = Some(s.value.to_string());
                }
            }
            ("workspaces", _) => m.workspaces = true,
            (_, Some(&(_, kind))) => read_field(&prop.value, kind, key, &key_span, &mut m),
            ("bundleDependencies" | "bundledDependencies", _) => match &prop.value {
                Value::Array(a) => {
                    for item in &a.elements {
                        match item {
                            Value::StringLit(s) => m.deps.push(Dep {
                                key: s.value.to_string(),
                                package: s.value.to_string(),
                                range: String::new(),
                                kind: Kind::Bundle,
                                span: s.range.start..s.range.end,
                            }),
                            other => m.problems.push(Problem {
                                span: json::span(other),
                                message: format!(
                                    "`{key}` lists {}, not a package name",
                                    json::kind(other)
                                ),
                            }),
                        }
                    }
                }
                Value::BooleanLit(_) => {}
                other => m.problems.push(Problem {
                    span: json::span(other),
                    message: format!(
                        "`{key}` is {}, not an array of names or a boolean",
                        json::kind(other)
                    ),
                }),
            },
            _ => {}
        }
    }
    Ok(m)
}

fn read_field(value: &Value<'_>, kind: Kind, field: &str, at: &Range<usize>, m: &mut Manifest) {
    let Value::Object(obj) = value else {
        // `null` is npm's "none"; anything else is not a dependency map.
        if !matches!(value, Value::NullKeyword(_)) {
            m.problems.push(Problem {
                span: at.start..json::span(value).end,
                message: format!("`{field}` is {}, not an object", json::kind(value)),
            });
        }
        return;
    };
    for prop in &obj.properties {
        let (key, span) = json::prop_name(&prop.name);
        let range = match &prop.value {
            Value::StringLit(s) => s.value.to_string(),
            other => {
                m.problems.push(Problem {
                    span: span.start..json::span(other).end,
                    message: format!(
                        "`{field}` entry `{key}` is {}, not a version range",
                        json::kind(other)
                    ),
                });
                String::new()
            }
        };
        let package = alias_target(&range).unwrap_or(key).to_string();
        m.deps.push(Dep {
            key: key.to_string(),
            package,
            range,
            kind,
            span,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::names_no_package;

    /// As npm-package-arg types them: `remote`, `git` and `file` (a tarball)
    /// name no package; `range`, `tag`, `alias`, `directory` do.
    #[test]
    fn specifiers_that_name_no_package() {
        for spec in [
            "https://registry.npmjs.org/pg/-/pg-8.11.0.tgz",
            "git+ssh://git@github.com/a/b.git",
            "git://github.com/a/b",
            "github:brianc/node-postgres",
            "brianc/node-postgres",
            "brianc/node-postgres#v8",
            "file:vendor/pg-8.11.0.tgz",
            "./vendor/pg.tgz",
        ] {
            assert!(names_no_package(spec), "{spec}");
        }
        for spec in [
            "^8",
            "1.x",
            "^8 || 9",
            "latest",
            "npm:pg@8",
            "workspace:*",
            "file:../dir",
            "../x",
            "@scope/pkg",
            "*",
            "",
        ] {
            assert!(!names_no_package(spec), "{spec}");
        }
    }
}
