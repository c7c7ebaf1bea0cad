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
//! A Terraform rule may carry conditions on attributes ([`condition`]):
//! it then matches its resources only where they hold.

pub mod catalog;
pub mod condition;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::collection::Collection;
use crate::config::display;
use crate::error::{ConfigError, Error};
use crate::finding::Severity;
use crate::glob::NamePattern;
use crate::record::{Record, Status};
use crate::scan::Target;
use crate::source::{SourceFile, Span};
use crate::suggest::did_you_mean;

/// Where a pattern came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Written in the rule file, at this span.
    Rule(Span),
    /// From a catalog part (`persistence/aws`).
    Catalog(String),
}

/// One pattern of a rule, normalised the way its target's names are.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    pub matcher: NamePattern,
    pub origin: Origin,
}

impl Pattern {
    fn new(text: &str, origin: Origin, target: Target) -> Pattern {
        let text = target.normalise(text);
        Pattern {
            matcher: NamePattern::any_of(&target.expand(&text)),
            text,
            origin,
        }
    }
}

/// The patterns of one rule, by target, in the order of the ecosystem
/// registry (every target is present, most with no pattern).
#[derive(Debug, Clone)]
pub struct Patterns {
    lists: Vec<(Target, Vec<Pattern>)>,
}

impl Default for Patterns {
    fn default() -> Patterns {
        Patterns {
            lists: crate::scan::all_targets()
                .map(|t| (t, Vec::new()))
                .collect(),
        }
    }
}

impl Patterns {
    /// The patterns for `target`.
    pub fn get(&self, target: Target) -> &[Pattern] {
        self.lists
            .iter()
            .find(|(t, _)| *t == target)
            .map(|(_, list)| list.as_slice())
            .unwrap_or(&[])
    }

    fn get_mut(&mut self, target: Target) -> &mut Vec<Pattern> {
        let i = self
            .lists
            .iter()
            .position(|(t, _)| *t == target)
            .expect("every registered target has a list");
        &mut self.lists[i].1
    }

    /// Every target with its patterns (empty ones included).
    pub fn iter(&self) -> impl Iterator<Item = (Target, &[Pattern])> {
        self.lists.iter().map(|(t, list)| (*t, list.as_slice()))
    }

    pub fn is_empty(&self) -> bool {
        self.lists.iter().all(|(_, list)| list.is_empty())
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
    /// The ecosystems whose development-only declarations the rule checks
    /// too (`dev = true` in their section).
    pub dev: Vec<&'static str>,
    /// Names the rule leaves alone, by target (`except` in a section:
    /// each pattern in every target of its ecosystem's normal forms). A
    /// declaration one of them matches is not reported by this rule, nor
    /// is anything else declared at its span (a module's name hint).
    pub except: Patterns,
    /// Conditions on attributes (`[[terraform.when]]`): every one must
    /// hold for the rule to match a resource. Empty: it matches by name.
    pub conditions: Vec<condition::Condition>,
    /// The rule file, for findings about the rule itself.
    pub file: Arc<SourceFile>,
    pub id_span: Span,
    pub decision_span: Span,
}

impl Rule {
    /// Whether the rule checks development-only declarations of `ecosystem`.
    pub fn checks_dev(&self, ecosystem: &str) -> bool {
        self.dev.contains(&ecosystem)
    }
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
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        // An entry the system cannot list would silently drop a rule.
        let entry = entry.map_err(|e| Error::Io {
            path: display(dir, cwd),
            message: e.to_string(),
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut rules: Vec<Rule> = Vec::new();
    // Every problem of every file is reported in one run.
    let mut errors: Vec<Error> = Vec::new();
    for path in paths {
        let shown = display(&path, cwd);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(Error::Io {
                    path: shown.clone(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let rule = match parse(SourceFile::new(shown, text)) {
            Ok(rule) => rule,
            Err(Error::Many { problems }) => {
                errors.extend(problems);
                continue;
            }
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(other) = rules.iter().find(|r| r.id == rule.id) {
            errors.push(rule_error(
                &rule.file,
                format!("rule id {:?} is also used by {}", rule.id, other.file.path),
                Some(rule.id_span.clone()),
                "duplicate id",
                Some("give each rule its own id".to_string()),
            ));
            continue;
        }
        rules.push(rule);
    }
    if !errors.is_empty() {
        return Err(Error::combine(errors));
    }
    Ok(rules)
}

/// Keeps `result`'s value, or records its error and gives `None`.
fn keep<T>(errors: &std::cell::RefCell<Vec<Error>>, result: Result<T, Error>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            errors.borrow_mut().push(e);
            None
        }
    }
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

type TomlKey<'i> = Spanned<DeString<'i>>;
type TomlValue<'i> = Spanned<DeValue<'i>>;

/// The keys a rule file has at its top, besides one section per ecosystem.
const TOP_KEYS: [&str; 6] = [
    "id",
    "decision",
    "severity",
    "message",
    "description",
    "include",
];

fn keys_help() -> String {
    let sections: Vec<String> = crate::scan::ECOSYSTEMS
        .iter()
        .map(|e| {
            let mut keys: Vec<&str> = e.targets.iter().map(|t| t.key).collect();
            if e.has_dev {
                keys.push("dev");
            }
            keys.push("exclude");
            if e.name == "terraform" {
                keys.push("when");
            }
            format!("[{}] ({})", e.name, keys.join(", "))
        })
        .collect();
    format!(
        "a rule has {} and the sections {}",
        TOP_KEYS.join(", "),
        sections.join(", ")
    )
}

/// Parses one rule file: strict, and every error points into the file.
pub fn parse(file: Arc<SourceFile>) -> Result<Rule, Error> {
    let invalid = |message: String, span: Option<Span>, help: Option<String>| {
        rule_error(
            &file,
            format!("invalid rule {}: {message}", file.path),
            span,
            "here",
            help,
        )
    };
    let doc = DeTable::parse(&file.text)
        .map_err(|e| invalid(e.message().trim().to_string(), e.span(), None))?;
    let errors = std::cell::RefCell::new(Vec::new());
    let root = doc.get_ref();
    let string = |key: &TomlKey<'_>, value: &TomlValue<'_>| -> Result<Spanned<String>, Error> {
        match value.get_ref().as_str() {
            Some(s) => Ok(Spanned::new(value.span(), s.to_string())),
            None => Err(invalid(
                format!("`{}` must be a string", key.get_ref()),
                Some(value.span()),
                None,
            )),
        }
    };
    let string_list =
        |key: &TomlKey<'_>, value: &TomlValue<'_>| -> Result<Vec<Spanned<String>>, Error> {
            let Some(items) = value.get_ref().as_array() else {
                return Err(invalid(
                    format!("`{}` must be a list of strings", key.get_ref()),
                    Some(value.span()),
                    None,
                ));
            };
            items
                .iter()
                .map(|item| match item.get_ref().as_str() {
                    Some(s) => Ok(Spanned::new(item.span(), s.to_string())),
                    None => Err(invalid(
                        format!("`{}` must be a list of strings", key.get_ref()),
                        Some(item.span()),
                        None,
                    )),
                })
                .collect()
        };
    let mut id = None;
    let mut decision = None;
    let mut severity = None;
    let mut message = None;
    let mut description = None;
    let mut include = Vec::new();
    let mut sections: Vec<(&'static crate::scan::Ecosystem, &DeTable<'_>)> = Vec::new();
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            "id" => id = keep(&errors, string(key, value)),
            "decision" => decision = keep(&errors, string(key, value)),
            "severity" => severity = keep(&errors, string(key, value)),
            "message" => message = keep(&errors, string(key, value)),
            "description" => {
                description = keep(&errors, string(key, value)).map(Spanned::into_inner)
            }
            "include" => include = keep(&errors, string_list(key, value)).unwrap_or_default(),
            other => {
                let Some(ecosystem) = crate::scan::ecosystem(other) else {
                    let mut known: Vec<&str> = TOP_KEYS.to_vec();
                    known.extend(crate::scan::ECOSYSTEMS.iter().map(|e| e.name));
                    errors.borrow_mut().push(invalid(
                        format!("unknown field `{other}`"),
                        Some(key.span()),
                        Some(did_you_mean(other, known.iter().copied(), &keys_help())),
                    ));
                    continue;
                };
                let Some(table) = value.get_ref().as_table() else {
                    errors.borrow_mut().push(invalid(
                        format!("`{other}` must be a table: [{other}]"),
                        Some(value.span()),
                        Some(keys_help()),
                    ));
                    continue;
                };
                sections.push((ecosystem, table));
            }
        }
    }
    let missing = |name: &str| {
        invalid(
            format!("missing field `{name}`"),
            Some(0..0),
            Some(keys_help()),
        )
    };
    // Every missing field at once, and what else the file gets wrong.
    for (name, present) in [
        ("id", id.is_some()),
        ("decision", decision.is_some()),
        ("message", message.is_some()),
    ] {
        // A field given with a wrong type is already reported.
        if !present && !root.iter().any(|(k, _)| k.get_ref().as_ref() == name) {
            errors.borrow_mut().push(missing(name));
        }
    }
    let id_field = id.unwrap_or_else(|| Spanned::new(0..0, String::from("_")));
    let decision = decision.unwrap_or_else(|| Spanned::new(0..0, String::new()));
    let message = message.unwrap_or_else(|| Spanned::new(0..0, String::new()));
    let id = id_field.get_ref().trim().to_string();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        errors.borrow_mut().push(rule_error(
            &file,
            format!("rule id {id:?} must be letters, digits, `-` and `_`"),
            Some(id_field.span()),
            "not a valid id",
            Some(
                "ids appear in waivers (`adrift:allow=ID`); use something like \"no-persistence\""
                    .into(),
            ),
        ));
    }
    if crate::lints::find_code(&id).is_some() {
        errors.borrow_mut().push(rule_error(
            &file,
            format!("rule id {id:?} is the code of one of adrift's own checks"),
            Some(id_field.span()),
            "taken by a built-in code",
            Some("give the rule an id of its own, such as \"no-persistence\"".into()),
        ));
    }
    let severity = match severity.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some(other) => {
            errors.borrow_mut().push(rule_error(
                &file,
                format!("unknown severity {other:?}"),
                severity.as_ref().map(|s| s.span()),
                "not a severity",
                Some("use \"error\" or \"warning\"".into()),
            ));
            Severity::Error
        }
    };
    let mut patterns = Patterns::default();
    let mut except = Patterns::default();
    let mut dev = Vec::new();
    let mut conditions = Vec::new();
    // The `when` key, where the rule has one.
    let mut when_span = None;
    for (ecosystem, table) in sections {
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if name == "when" {
                if ecosystem.name != "terraform" {
                    errors.borrow_mut().push(invalid(
                        format!(
                            "`when` in [{}]: conditions on attributes apply to Terraform resources only",
                            ecosystem.name
                        ),
                        Some(key.span()),
                        Some("put the conditions in [[terraform.when]], in a rule whose [terraform] section names `resources`".into()),
                    ));
                    continue;
                }
                when_span = Some(key.span());
                conditions
                    .extend(keep(&errors, parse_conditions(&file, value)).unwrap_or_default());
                continue;
            }
            // `exclude` is the documented name; `except` is accepted too.
            if name == "exclude" || name == "except" {
                for pattern in keep(&errors, string_list(key, value)).unwrap_or_default() {
                    for &target in ecosystem.targets {
                        except.get_mut(Target(target)).push(Pattern::new(
                            pattern.get_ref(),
                            Origin::Rule(pattern.span()),
                            Target(target),
                        ));
                    }
                }
                continue;
            }
            if name == "dev" && ecosystem.has_dev {
                match value.get_ref().as_bool() {
                    Some(true) => dev.push(ecosystem.name),
                    Some(false) => {}
                    None => {
                        errors.borrow_mut().push(invalid(
                            "`dev` must be true or false".to_string(),
                            Some(value.span()),
                            None,
                        ));
                    }
                }
                continue;
            }
            let Some(target) = ecosystem.target(name) else {
                let mut known: Vec<&str> = ecosystem.targets.iter().map(|t| t.key).collect();
                if ecosystem.has_dev {
                    known.push("dev");
                }
                known.push("exclude");
                if ecosystem.name == "terraform" {
                    known.push("when");
                }
                errors.borrow_mut().push(invalid(
                    format!("unknown field `{name}` in [{}]", ecosystem.name),
                    Some(key.span()),
                    Some(did_you_mean(
                        name,
                        known.iter().copied(),
                        &format!("[{}] has {}", ecosystem.name, known.join(", ")),
                    )),
                ));
                continue;
            };
            for pattern in keep(&errors, string_list(key, value)).unwrap_or_default() {
                patterns.get_mut(target).push(Pattern::new(
                    pattern.get_ref(),
                    Origin::Rule(pattern.span()),
                    target,
                ));
            }
        }
    }
    let mut includes = Vec::new();
    for include in &include {
        let Some(parts) = catalog::resolve(include.get_ref()) else {
            let known = catalog::include_names();
            errors.borrow_mut().push(rule_error(
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
            continue;
        };
        includes.push(include.get_ref().clone());
        for name in parts {
            let part = &catalog::CATALOG[name];
            // A part for an ecosystem adrift does not read yet expands to nothing.
            let Some(target) = catalog::target_of(part) else {
                continue;
            };
            let origin = Origin::Catalog(format!("persistence/{name}"));
            let list = patterns.get_mut(target);
            list.extend(
                part.names
                    .iter()
                    .map(|n| Pattern::new(n, origin.clone(), target)),
            );
        }
    }
    if let Some(when) = when_span {
        check_conditioned(&file, &patterns, &include, when, &errors);
    }
    // A name the rule writes and a catalog repeats is matched (and listed) once.
    for (_, list) in &mut patterns.lists {
        let mut seen = std::collections::HashSet::new();
        list.retain(|p| seen.insert(p.text.clone()));
    }
    let errors = errors.into_inner();
    if !errors.is_empty() {
        return Err(Error::combine(errors));
    }
    Ok(Rule {
        id,
        id_span: id_field.span(),
        decision: decision.get_ref().trim().to_string(),
        decision_span: decision.span(),
        severity,
        message: message.get_ref().trim().to_string(),
        description,
        includes,
        patterns,
        except,
        dev,
        conditions,
        file,
    })
}

/// A rule with conditions matches Terraform resources it names itself:
/// a pattern of another target, or a catalog, is an error at its line.
fn check_conditioned(
    file: &Arc<SourceFile>,
    patterns: &Patterns,
    include: &[Spanned<String>],
    when: Span,
    errors: &std::cell::RefCell<Vec<Error>>,
) {
    let resources = Target(&crate::scan::terraform::RESOURCE);
    let help = "conditions (`when`) apply to the rule's Terraform `resources`: put this pattern in a rule of its own";
    for (target, list) in patterns.iter() {
        if target == resources {
            continue;
        }
        for pattern in list {
            if let Origin::Rule(span) = &pattern.origin {
                errors.borrow_mut().push(rule_error(
                    file,
                    format!(
                        "invalid rule {}: a rule with conditions (`when`) cannot match {} (pattern {:?})",
                        file.path,
                        target.label(),
                        pattern.text
                    ),
                    Some(span.clone()),
                    "not a Terraform resource",
                    Some(help.into()),
                ));
            }
        }
    }
    for include in include {
        errors.borrow_mut().push(rule_error(
            file,
            format!(
                "invalid rule {}: a rule with conditions (`when`) cannot include a catalog",
                file.path
            ),
            Some(include.span()),
            "a catalog",
            Some("name the resource types the conditions apply to in [terraform] resources, and include the catalog in a rule of its own".into()),
        ));
    }
    if patterns.get(resources).is_empty() {
        errors.borrow_mut().push(rule_error(
            file,
            format!(
                "invalid rule {}: conditions (`when`) need the resources they apply to",
                file.path
            ),
            Some(when),
            "conditions on nothing",
            Some("name them in [terraform]: resources = [\"aws_rds_cluster\"]".into()),
        ));
    }
}

/// The keys of one `[[terraform.when]]` table.
const WHEN_KEYS: [&str; 8] = [
    "attribute",
    "equals",
    "not_equals",
    "one_of",
    "not_one_of",
    "present",
    "if_absent",
    "description",
];

fn when_help() -> String {
    "a condition is `attribute = \"engine_mode\"` (a dotted path for nested blocks) and one test: `equals`, `not_equals`, `one_of`, `not_one_of` (a value: string, number or bool; or a list of them) or `present = true/false`; a value test says what an absent attribute means with `if_absent = \"match\"` or `\"no-match\"` (adrift does not know provider defaults)".to_string()
}

/// A TOML scalar as the text an HCL value is compared with.
fn scalar(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            i64::from_str_radix(&digits, i.radix())
                .ok()
                .map(|n| n.to_string())
        }
        DeValue::Float(f) => Some(f.as_str().chars().filter(|c| *c != '_').collect()),
        _ => None,
    }
}

/// `[[terraform.when]]`: a list of tables, each one condition.
fn parse_conditions(
    file: &Arc<SourceFile>,
    value: &TomlValue<'_>,
) -> Result<Vec<condition::Condition>, Error> {
    use condition::{Condition, Test};
    let invalid = |message: String, span: Span, help: Option<String>| {
        rule_error(
            file,
            format!("invalid rule {}: {message}", file.path),
            Some(span),
            "here",
            help,
        )
    };
    let Some(items) = value.get_ref().as_array() else {
        return Err(invalid(
            "`when` must be a list of conditions: write each as [[terraform.when]]".into(),
            value.span(),
            Some(when_help()),
        ));
    };
    if items.is_empty() {
        return Err(invalid(
            "`when` is empty: a rule with no condition matches by name alone, so leave `when` out"
                .into(),
            value.span(),
            Some(when_help()),
        ));
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for item in items.iter() {
        let Some(table) = item.get_ref().as_table() else {
            errors.push(invalid(
                "each condition must be a table: write it as [[terraform.when]]".into(),
                item.span(),
                Some(when_help()),
            ));
            continue;
        };
        let mut attribute = None;
        let mut tests: Vec<(Test, Span)> = Vec::new();
        let mut if_absent = None;
        let mut if_absent_span = None;
        let errors_before = errors.len();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let one = |what: &str| -> Result<String, Error> {
                scalar(value.get_ref()).ok_or_else(|| {
                    invalid(
                        format!("`{what}` must be a string, number or bool"),
                        value.span(),
                        Some(when_help()),
                    )
                })
            };
            let many = |what: &str| -> Result<Vec<String>, Error> {
                let wrong = || {
                    invalid(
                        format!("`{what}` must be a list of strings, numbers or bools"),
                        value.span(),
                        Some(when_help()),
                    )
                };
                let list = value.get_ref().as_array().ok_or_else(wrong)?;
                let values: Option<Vec<String>> =
                    list.iter().map(|v| scalar(v.get_ref())).collect();
                match values {
                    Some(values) if !values.is_empty() => Ok(values),
                    _ => Err(wrong()),
                }
            };
            let test = match name {
                "attribute" => {
                    match value.get_ref().as_str() {
                        Some(path)
                            if !path.is_empty()
                                && path.split('.').all(|s| {
                                    !s.is_empty()
                                        && s.bytes().all(|b| {
                                            b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
                                        })
                                }) =>
                        {
                            attribute = Some(path.to_string());
                        }
                        _ => errors.push(invalid(
                            "`attribute` must be an attribute's name, or a dotted path through nested blocks (`serverlessv2_scaling_configuration.max_capacity`)".into(),
                            value.span(),
                            None,
                        )),
                    }
                    continue;
                }
                "equals" => one(name).map(Test::Equals),
                "not_equals" => one(name).map(Test::NotEquals),
                "one_of" => many(name).map(Test::OneOf),
                "not_one_of" => many(name).map(Test::NotOneOf),
                "present" => value.get_ref().as_bool().map(Test::Present).ok_or_else(|| {
                    invalid("`present` must be true or false".into(), value.span(), None)
                }),
                "if_absent" => {
                    if_absent_span = Some(key.span());
                    match value.get_ref().as_str() {
                        Some("match") => if_absent = Some(true),
                        Some("no-match") => if_absent = Some(false),
                        _ => errors.push(invalid(
                            "`if_absent` must be \"match\" or \"no-match\"".into(),
                            value.span(),
                            Some("\"match\": an absent attribute matches the rule; \"no-match\": it does not. adrift does not know provider defaults".into()),
                        )),
                    }
                    continue;
                }
                "description" => {
                    if value.get_ref().as_str().is_none() {
                        errors.push(invalid(
                            "`description` must be a string".into(),
                            value.span(),
                            None,
                        ));
                    }
                    continue;
                }
                other => {
                    errors.push(invalid(
                        format!("unknown field `{other}` in [[terraform.when]]"),
                        key.span(),
                        Some(did_you_mean(other, WHEN_KEYS.iter().copied(), &when_help())),
                    ));
                    continue;
                }
            };
            match test {
                Ok(test) => tests.push((test, key.span())),
                Err(e) => errors.push(e),
            }
        }
        let Some(attribute) = attribute else {
            if !table
                .iter()
                .any(|(k, _)| k.get_ref().as_ref() == "attribute")
            {
                errors.push(invalid(
                    "a condition needs `attribute`".into(),
                    item.span(),
                    Some(when_help()),
                ));
            }
            continue;
        };
        // A misspelt test is reported as such, not also as a missing one.
        if errors.len() > errors_before {
            continue;
        }
        tests.sort_by_key(|(_, span)| span.start);
        let test = match tests.len() {
            1 => tests.pop().map(|(t, _)| t),
            0 => {
                errors.push(invalid(
                    format!("the condition on `{attribute}` has no test"),
                    item.span(),
                    Some(when_help()),
                ));
                None
            }
            _ => {
                errors.push(invalid(
                    format!("the condition on `{attribute}` has more than one test"),
                    tests[1].1.clone(),
                    Some("write one test per [[terraform.when]]: every condition must hold for the rule to match".into()),
                ));
                None
            }
        };
        let Some(test) = test else { continue };
        match (&test, if_absent) {
            (Test::Present(_), Some(_)) => errors.push(invalid(
                "`if_absent` goes with a value test, not with `present`".into(),
                if_absent_span.unwrap_or(item.span()),
                Some("`present = false` is the test for an absent attribute".into()),
            )),
            (Test::Present(_), None) | (_, Some(_)) => out.push(Condition {
                attribute,
                test,
                if_absent,
                span: item.span(),
            }),
            (_, None) => errors.push(invalid(
                format!("the condition on `{attribute}` does not say what an absent `{attribute}` means"),
                item.span(),
                Some(format!("add `if_absent = \"match\"` (an absent {attribute} matches the rule) or `if_absent = \"no-match\"`: adrift does not know provider defaults, so the rule says what a missing attribute means")),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::combine(errors))
    }
}

/// Binds each rule to its decision's record; a rule whose decision names
/// no record is an error pointing at the `decision` value.
pub fn bind(rules: Vec<Rule>, collection: &Collection) -> Result<Vec<BoundRule>, Error> {
    let mut bound = Vec::new();
    let mut errors = Vec::new();
    for rule in rules {
        let Some(record) = collection.find(&rule.decision) else {
            let ids: Vec<&str> = collection.records.iter().map(|r| r.id.as_str()).collect();
            errors.push(rule_error(
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
            continue;
        };
        let lifecycle = Lifecycle::of(&collection.records[record]);
        bound.push(BoundRule {
            rule,
            record,
            lifecycle,
        });
    }
    if !errors.is_empty() {
        return Err(Error::combine(errors));
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
        let packages = r.patterns.get(Target(&crate::scan::python::PACKAGE));
        let resources = r.patterns.get(Target(&crate::scan::terraform::RESOURCE));
        let crates = r.patterns.get(Target(&crate::scan::cargo::CRATE));
        assert_eq!(packages[0].text, "sqlalchemy");
        assert!(resources.iter().any(|p| p.text == "aws_dynamodb_table"));
        assert!(
            crates.iter().any(|p| p.text == "mysql-async"),
            "crate names normalised"
        );
        assert!(matches!(resources[0].origin, Origin::Rule(_)));
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

    const HEAD: &str = "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\n";

    #[test]
    fn conditions_read() {
        use condition::Test;
        let r = rule(&format!(
            "{HEAD}[terraform]\nresources = [\"aws_rds_cluster\"]\n[[terraform.when]]\nattribute = \"serverlessv2_scaling_configuration\"\npresent = false\n[[terraform.when]]\nattribute = \"engine\"\none_of = [\"aurora-postgresql\", 5, true]\nif_absent = \"no-match\"\n"
        ))
        .unwrap();
        assert_eq!(r.conditions.len(), 2);
        assert_eq!(r.conditions[0].test, Test::Present(false));
        assert_eq!(
            r.conditions[1].test,
            Test::OneOf(vec!["aurora-postgresql".into(), "5".into(), "true".into()])
        );
        assert_eq!(r.conditions[1].if_absent, Some(false));
        assert_eq!(
            r.conditions[1].describe(),
            "engine is one of \"aurora-postgresql\", \"5\", \"true\""
        );
    }

    #[test]
    fn conditions_are_strict() {
        let tf = "[terraform]\nresources = [\"aws_rds_cluster\"]\n";
        for (body, needle, at) in [
            (
                "[cargo]\ncrates = [\"sqlx\"]\n[[cargo.when]]\nattribute = \"a\"\npresent = true\n",
                "`when` in [cargo]",
                "when",
            ),
            (
                &*format!(
                    "{tf}[[terraform.when]]\nattribute = \"engine_mode\"\nnot_equal = \"serverless\"\n"
                ),
                "unknown field `not_equal` in [[terraform.when]]",
                "not_equal",
            ),
            (
                &*format!(
                    "{tf}[[terraform.when]]\nattribute = \"engine_mode\"\nnot_equals = \"serverless\"\n"
                ),
                "does not say what an absent `engine_mode` means",
                "[[terraform.when]]",
            ),
            (
                &*format!(
                    "{tf}[[terraform.when]]\nattribute = \"engine_mode\"\npresent = true\nequals = \"x\"\nif_absent = \"match\"\n"
                ),
                "more than one test",
                "equals",
            ),
            (
                &*format!("{tf}[[terraform.when]]\nattribute = \"a..b\"\npresent = true\n"),
                "dotted path",
                "\"a..b\"",
            ),
            (
                &*format!(
                    "{tf}modules = [\"terraform-aws-modules/rds/aws\"]\n[[terraform.when]]\nattribute = \"a\"\npresent = true\n"
                ),
                "cannot match terraform modules",
                "\"terraform-aws-modules/rds/aws\"",
            ),
            (&*format!("{tf}when = []\n"), "`when` is empty", "[]"),
            (
                &*format!("{tf}when = {{ attribute = \"a\", present = true }}\n"),
                "must be a list of conditions",
                "{ attribute",
            ),
            (
                "[terraform]\n[[terraform.when]]\nattribute = \"a\"\npresent = true\n",
                "need the resources they apply to",
                "when",
            ),
        ] {
            let text = format!("{HEAD}{body}");
            match rule(&text) {
                Err(Error::Config(e)) => {
                    assert!(e.message.contains(needle), "{}", e.message);
                    let span = e.span.expect("a span");
                    assert!(
                        text[span.offset()..].starts_with(at),
                        "{needle}: points at {:?}",
                        &text[span.offset()..]
                    );
                    if needle.starts_with("unknown field") {
                        assert!(
                            e.help.as_deref().unwrap_or("").contains("not_equals"),
                            "{:?}",
                            e.help
                        );
                    }
                }
                Err(Error::Many { problems }) => panic!("{text}: {problems:?}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        // A catalog with conditions is an error too, at the include.
        let text = format!(
            "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\ninclude = [\"persistence\"]\n{tf}[[terraform.when]]\nattribute = \"a\"\npresent = true\n"
        );
        assert!(
            matches!(rule(&text), Err(Error::Config(e)) if e.message.contains("cannot include a catalog"))
        );
    }

    #[test]
    fn python_names_follow_pep_503() {
        use crate::scan::python::normalise_python;
        assert_eq!(normalise_python("SQLAlchemy"), "sqlalchemy");
        assert_eq!(normalise_python("psycopg2_binary"), "psycopg2-binary");
        assert_eq!(normalise_python("zope.interface__x"), "zope-interface-x");
    }
}
