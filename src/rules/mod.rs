//! Decision rules: one TOML file each under `rules/`, bound to the record
//! whose decision they enforce.
//!
//! A rule names the decision (`decision = "ADR-0012"`), what contradicts it
//! (patterns over Terraform resource types, module sources, provider
//! sources, crates and Python packages, plus built-in catalogs), and a
//! message. The decision's status drives the rule: accepted enforces it,
//! proposed previews it as warnings, superseded, deprecated and rejected
//! retire it. Rule files are strict: an unknown key, an unknown include or
//! a decision that names no record is an error pointing into the file.

pub mod catalog;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;
use serde::Deserialize;
use toml::Spanned;

use crate::collection::Collection;
use crate::config::display;
use crate::error::{ConfigError, Error};
use crate::finding::Severity;
use crate::glob::NamePattern;
use crate::record::{Record, Status};
use crate::source::{SourceFile, Span};
use crate::suggest::did_you_mean;
use catalog::PartKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    decision: Spanned<String>,
    severity: Option<Spanned<String>>,
    message: Spanned<String>,
    description: Option<String>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    terraform: RawTerraform,
    #[serde(default)]
    cargo: RawCargo,
    #[serde(default)]
    python: RawPython,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerraform {
    #[serde(default)]
    resources: Vec<Spanned<String>>,
    #[serde(default)]
    data_sources: Vec<Spanned<String>>,
    #[serde(default)]
    modules: Vec<Spanned<String>>,
    #[serde(default)]
    providers: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCargo {
    #[serde(default)]
    crates: Vec<Spanned<String>>,
    #[serde(default)]
    dev: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPython {
    #[serde(default)]
    packages: Vec<Spanned<String>>,
}

/// Where a pattern came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Written in the rule file, at this span.
    Rule(Span),
    /// From a catalog part (`persistence/aws`).
    Catalog(String),
}

/// One pattern of a rule.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    pub matcher: NamePattern,
    pub origin: Origin,
}

impl Pattern {
    fn new(text: &str, origin: Origin, normalise: fn(&str) -> String) -> Pattern {
        let text = normalise(text);
        Pattern {
            matcher: NamePattern::new(&text),
            text,
            origin,
        }
    }
}

/// The patterns of one rule, by what they match.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    pub resources: Vec<Pattern>,
    pub data_sources: Vec<Pattern>,
    pub modules: Vec<Pattern>,
    pub providers: Vec<Pattern>,
    pub crates: Vec<Pattern>,
    pub packages: Vec<Pattern>,
}

impl Patterns {
    /// Every list with its name, for listings.
    pub fn lists(&self) -> [(&'static str, &[Pattern]); 6] {
        [
            ("terraform resources", &self.resources),
            ("terraform data sources", &self.data_sources),
            ("terraform modules", &self.modules),
            ("terraform providers", &self.providers),
            ("cargo crates", &self.crates),
            ("python packages", &self.packages),
        ]
    }
}

/// A rule as read from its file.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub decision: String,
    pub severity: Severity,
    pub message: String,
    pub description: Option<String>,
    pub includes: Vec<String>,
    pub patterns: Patterns,
    /// Also check dev-dependencies.
    pub cargo_dev: bool,
    /// The rule file, for findings about the rule itself.
    pub file: Arc<SourceFile>,
    pub id_span: Span,
    pub decision_span: Span,
}

/// What a rule does, given its decision's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// Accepted (or a status adrift cannot read: the gate fails closed).
    Enforced,
    /// Proposed: every finding is a warning previewing the drift.
    Previewed,
    /// Superseded, deprecated or rejected: the rule no longer applies.
    Inactive(Status),
}

impl Lifecycle {
    pub fn of(record: &Record) -> Lifecycle {
        match record.canonical_status() {
            Some(Status::Proposed) => Lifecycle::Previewed,
            Some(s @ (Status::Superseded | Status::Deprecated | Status::Rejected)) => {
                Lifecycle::Inactive(s)
            }
            Some(Status::Accepted) | None => Lifecycle::Enforced,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Enforced => "enforced",
            Lifecycle::Previewed => "previewed",
            Lifecycle::Inactive(_) => "inactive",
        }
    }
}

/// A rule and the record of its decision.
#[derive(Debug, Clone)]
pub struct BoundRule {
    pub rule: Rule,
    /// Index of the decision's record in the collection.
    pub record: usize,
    pub lifecycle: Lifecycle,
}

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

/// Normalises a crate name: crates.io treats `-` and `_` as the same.
pub fn normalise_crate(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('_', "-")
}

fn keep(name: &str) -> String {
    name.trim().to_string()
}

/// Reads every `*.toml` rule file in `dir` (sorted by name).
pub fn load_dir(dir: &Path, cwd: &Path) -> Result<Vec<Rule>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Io {
                path: display(dir, cwd),
                message: e.to_string(),
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut rules: Vec<Rule> = Vec::new();
    for path in paths {
        let shown = display(&path, cwd);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        let rule = parse(SourceFile::new(shown, text))?;
        if let Some(other) = rules.iter().find(|r| r.id == rule.id) {
            return Err(rule_error(
                &rule.file,
                format!("rule id {:?} is also used by {}", rule.id, other.file.path),
                Some(rule.id_span.clone()),
                "duplicate id",
                Some("give each rule its own id".to_string()),
            ));
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn rule_error(
    file: &SourceFile,
    message: String,
    span: Option<Span>,
    label: &str,
    help: Option<String>,
) -> Error {
    Error::Config(Box::new(ConfigError {
        message,
        source_code: NamedSource::new(&file.path, file.text.clone()),
        span: span.map(Into::into),
        label: label.to_string(),
        help,
    }))
}

/// Parses one rule file.
pub fn parse(file: Arc<SourceFile>) -> Result<Rule, Error> {
    let raw: RawRule = toml::from_str(&file.text).map_err(|e| {
        let message = e.message().trim().to_string();
        let help = message.starts_with("unknown field").then(|| {
            "a rule has id, decision, severity, message, description, include, [terraform] (resources, data_sources, modules, providers), [cargo] (crates, dev) and [python] (packages)".to_string()
        });
        rule_error(&file, format!("invalid rule {}: {message}", file.path), e.span(), "here", help)
    })?;
    let id = raw.id.get_ref().trim().to_string();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(rule_error(
            &file,
            format!("rule id {id:?} must be letters, digits, `-` and `_`"),
            Some(raw.id.span()),
            "not a valid id",
            Some(
                "ids appear in waivers (`adrift:allow=ID`); use something like \"no-persistence\""
                    .into(),
            ),
        ));
    }
    let severity = match raw.severity.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some(other) => {
            let span = raw.severity.as_ref().map(|s| s.span());
            return Err(rule_error(
                &file,
                format!("unknown severity {other:?}"),
                span,
                "not a severity",
                Some("use \"error\" or \"warning\"".into()),
            ));
        }
    };
    let mut patterns = Patterns::default();
    let rule_patterns = |list: &[Spanned<String>], normalise: fn(&str) -> String| -> Vec<Pattern> {
        list.iter()
            .map(|p| Pattern::new(p.get_ref(), Origin::Rule(p.span()), normalise))
            .collect()
    };
    patterns.resources = rule_patterns(&raw.terraform.resources, keep);
    patterns.data_sources = rule_patterns(&raw.terraform.data_sources, keep);
    patterns.modules = rule_patterns(&raw.terraform.modules, |s| {
        crate::scan::terraform::normalise_source(s)
    });
    patterns.providers = rule_patterns(&raw.terraform.providers, |s| s.trim().to_ascii_lowercase());
    patterns.crates = rule_patterns(&raw.cargo.crates, normalise_crate);
    patterns.packages = rule_patterns(&raw.python.packages, normalise_python);
    let mut includes = Vec::new();
    for include in &raw.include {
        let Some(parts) = catalog::resolve(include.get_ref()) else {
            let known = catalog::include_names();
            return Err(rule_error(
                &file,
                format!("unknown catalog {:?}", include.get_ref()),
                Some(include.span()),
                "no such catalog",
                Some(did_you_mean(
                    include.get_ref(),
                    known.iter().map(String::as_str),
                    &format!("catalogs: {}", known.join(", ")),
                )),
            ));
        };
        includes.push(include.get_ref().clone());
        for part in parts {
            let origin = Origin::Catalog(format!("persistence/{part}"));
            let names = catalog::names(&catalog::CATALOG[part]);
            let (list, normalise): (&mut Vec<Pattern>, fn(&str) -> String) =
                match catalog::kind_of(part) {
                    Some(PartKind::TerraformResources) => (&mut patterns.resources, keep),
                    Some(PartKind::TerraformModules) => (&mut patterns.modules, keep),
                    Some(PartKind::TerraformProviders) => (&mut patterns.providers, keep),
                    Some(PartKind::CargoCrates) => (&mut patterns.crates, normalise_crate),
                    Some(PartKind::PythonPackages) => (&mut patterns.packages, normalise_python),
                    // adrift has no npm scanner yet: nothing reads these names.
                    Some(PartKind::NpmPackages) | None => continue,
                };
            list.extend(names.map(|n| Pattern::new(n, origin.clone(), normalise)));
        }
    }
    // A name the rule writes and a catalog repeats is matched (and listed) once.
    for list in [
        &mut patterns.resources,
        &mut patterns.data_sources,
        &mut patterns.modules,
        &mut patterns.providers,
        &mut patterns.crates,
        &mut patterns.packages,
    ] {
        let mut seen = std::collections::HashSet::new();
        list.retain(|p| seen.insert(p.text.clone()));
    }
    Ok(Rule {
        id,
        id_span: raw.id.span(),
        decision: raw.decision.get_ref().trim().to_string(),
        decision_span: raw.decision.span(),
        severity,
        message: raw.message.get_ref().trim().to_string(),
        description: raw.description,
        includes,
        patterns,
        cargo_dev: raw.cargo.dev,
        file,
    })
}

/// Binds each rule to its decision's record; a rule whose decision names
/// no record is an error pointing at the `decision` value.
pub fn bind(rules: Vec<Rule>, collection: &Collection) -> Result<Vec<BoundRule>, Error> {
    let mut bound = Vec::new();
    for rule in rules {
        let Some(record) = collection.find(&rule.decision) else {
            let ids: Vec<&str> = collection.records.iter().map(|r| r.id.as_str()).collect();
            return Err(rule_error(
                &rule.file,
                format!(
                    "rule {} enforces {}, which is no record in {}",
                    rule.id, rule.decision, collection.display_dir
                ),
                Some(rule.decision_span.clone()),
                "no such record",
                Some(did_you_mean(
                    &rule.decision,
                    ids.iter().copied(),
                    "name the record by its id (ADR-0012), number or file name; `adrift list` shows them",
                )),
            ));
        };
        let lifecycle = Lifecycle::of(&collection.records[record]);
        bound.push(BoundRule {
            rule,
            record,
            lifecycle,
        });
    }
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Result<Rule, Error> {
        parse(SourceFile::new("rules/r.toml".into(), text.into()))
    }

    #[test]
    fn the_contract_keys_read_and_catalogs_expand() {
        let r = rule(
            r#"
id = "no-persistence"
decision = "ADR-0012"
severity = "error"
message = "the platform is stateless"
include = ["persistence"]

[terraform]
resources = ["aws_db_*"]
modules = ["terraform-aws-modules/rds/aws"]
providers = ["cyrilgdn/postgresql"]

[cargo]
crates = ["sqlx", "diesel*"]
dev = false

[python]
packages = ["SQLAlchemy"]
"#,
        )
        .unwrap();
        assert_eq!(r.id, "no-persistence");
        assert_eq!(r.patterns.packages[0].text, "sqlalchemy");
        assert!(
            r.patterns
                .resources
                .iter()
                .any(|p| p.text == "aws_dynamodb_table")
        );
        assert!(
            r.patterns.crates.iter().any(|p| p.text == "mysql-async"),
            "crate names normalised"
        );
        assert!(matches!(r.patterns.resources[0].origin, Origin::Rule(_)));
    }

    #[test]
    fn strictness() {
        for (text, needle) in [
            (
                "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\nseverity = \"fatal\"\n",
                "unknown severity",
            ),
            (
                "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\ninclude = [\"persistance\"]\n",
                "unknown catalog",
            ),
            (
                "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\n[terraform]\nresource = []\n",
                "unknown field",
            ),
            (
                "id = \"no persistence\"\ndecision = \"1\"\nmessage = \"m\"\n",
                "must be letters",
            ),
            ("decision = \"1\"\nmessage = \"m\"\n", "missing field `id`"),
        ] {
            match rule(text) {
                Err(Error::Config(e)) => assert!(e.message.contains(needle), "{}", e.message),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn python_names_follow_pep_503() {
        assert_eq!(normalise_python("SQLAlchemy"), "sqlalchemy");
        assert_eq!(normalise_python("psycopg2_binary"), "psycopg2-binary");
        assert_eq!(normalise_python("zope.interface__x"), "zope-interface-x");
    }
}
