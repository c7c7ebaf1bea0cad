//! What a rule can match, and what a scanner reports: one [`Target`] per
//! kind of declaration (a Terraform resource type, a Cargo crate, ...), and
//! one [`Declaration`] per thing a project declares.
//!
//! A target belongs to one ecosystem and is named the way a rule file names
//! it: the ecosystem's section and a key in it (`[terraform] resources`,
//! `[cargo] crates`). The target owns how names are normalised, so a rule's
//! patterns and a scanner's names are always compared in the same form.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::source::Span;

/// The description of one kind of declaration, declared by its ecosystem.
#[derive(Debug)]
pub struct TargetInfo {
    /// The ecosystem: the rule file's section (`terraform`).
    pub ecosystem: &'static str,
    /// The key in that section (`resources`).
    pub key: &'static str,
    /// How a message names one (`resource`).
    pub noun: &'static str,
    /// Brings a name, written in a rule or found in a file, to the one form
    /// patterns are matched in (PEP 503 for Python, `_` = `-` for crates).
    pub normalise: fn(&str) -> String,
    /// The name patterns one (normalised) rule pattern stands for: most
    /// targets keep it as it is ([`same`]); a module pattern without a
    /// `//subdir` also stands for the module's submodules.
    pub expand: fn(&str) -> Vec<String>,
}

/// A pattern that stands for itself.
pub fn same(pattern: &str) -> Vec<String> {
    vec![pattern.to_string()]
}

/// A kind of declaration a rule can match. Two targets are equal when they
/// are the same declared [`TargetInfo`].
#[derive(Clone, Copy)]
pub struct Target(pub &'static TargetInfo);

impl Target {
    pub fn info(self) -> &'static TargetInfo {
        self.0
    }

    /// `terraform.resources`: how the catalog names a target.
    pub fn id(self) -> String {
        format!("{}.{}", self.0.ecosystem, self.0.key)
    }

    /// `terraform resources`: how listings name a target.
    pub fn label(self) -> String {
        format!("{} {}", self.0.ecosystem, self.0.key.replace('_', " "))
    }

    /// `terraform_resources`: how JSON names a target.
    pub fn json_key(self) -> String {
        format!("{}_{}", self.0.ecosystem, self.0.key)
    }

    pub fn noun(self) -> &'static str {
        self.0.noun
    }

    pub fn normalise(self, name: &str) -> String {
        (self.0.normalise)(name)
    }

    /// The name patterns a normalised rule pattern stands for.
    pub fn expand(self, pattern: &str) -> Vec<String> {
        (self.0.expand)(pattern)
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Target {}

impl Hash for Target {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Target({}.{})", self.0.ecosystem, self.0.key)
    }
}

/// One thing a project declares that a rule may match.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub target: Target,
    /// What patterns match: the target's normal form of the name.
    pub name: String,
    /// How a message names it: `resource "aws_db_instance" "main"`.
    pub subject: String,
    /// What it is, independent of where it stands: the baseline key and
    /// the SARIF fingerprint. Two declarations with the same identity in
    /// one file are the same drift.
    pub identity: String,
    pub span: Span,
    /// Why it may or may not apply (`created only when var.enabled`).
    pub note: Option<String>,
    /// Lines whose waivers apply to it.
    pub waiver_lines: Vec<usize>,
    /// A development-only dependency (matched only when a rule sets
    /// `dev = true` for the ecosystem).
    pub dev: bool,
    /// For a package reached transitively: the normalised names between the
    /// direct dependency (included) and it (excluded). A rule that matches
    /// one of them has already reported the path there.
    pub via: Vec<String>,
    /// A guess from its name (a module named for what it creates): reported
    /// as a warning, and only when no rule matches or excepts another
    /// declaration at its span.
    pub hint: bool,
    /// How its finding folds with others of the same rule, so one thing
    /// is one finding (see `check::fold`); `None` stands alone.
    pub fold: Option<Fold>,
    /// Its attributes as read statically, for rules with conditions
    /// (`[[terraform.when]]`): `None` where the ecosystem reads none.
    pub attributes: Option<std::sync::Arc<Attributes>>,
}

/// What a declaration is one of, for folding findings: a finding whose
/// `into` names another finding's `key` (of the same rule) becomes a part
/// of that finding. Keys are opaque and only compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// What others fold into (`terraform:infra/s3:aws_s3_bucket.logs`).
    pub key: String,
    /// The keys it folds into, first found first; may include its own key
    /// (a group: the first of the group by position stands for the rest).
    pub into: Vec<String>,
    /// How it relates to the finding it folds into (`configures it`).
    pub relation: String,
}

impl Fold {
    /// One of a group: the same thing (a transitive package of one lock)
    /// reached from several places is one finding, at the first place.
    pub fn group(key: String, relation: String) -> Fold {
        Fold {
            into: vec![key.clone()],
            key,
            relation,
        }
    }
}

/// What one attribute of a declaration holds, read without evaluating
/// anything that depends on the outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A constant scalar: a string, or a number or bool as written
    /// (`2`, `true`); a constant list as written.
    Value(String),
    /// A nested block (or a constant object) is there.
    Block,
    /// An expression adrift cannot evaluate statically (a variable, a
    /// function call, a conditional, a `dynamic` block), as written.
    Unknown(String),
}

/// What a plan says of a value it knows only after apply (as
/// [`Reading::Unknown`]).
pub const AFTER_APPLY: &str = "(known after apply)";

/// The attributes of one declaration: each dotted path (`engine_mode`,
/// `serverlessv2_scaling_configuration.max_capacity`) with what it holds
/// and where, in source order. A path may appear more than once (repeated
/// nested blocks). A constant `null` is not there, as in Terraform.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attributes {
    pub entries: Vec<(String, Reading, Span)>,
    /// Why adrift read no attribute of it (the file was read by its
    /// outline alone), if so: every condition on it is then a "may".
    pub unreadable: Option<String>,
}

impl Attributes {
    /// What `path` holds: every entry at it, and an unknown entry above it
    /// (a `dynamic` block, an object adrift cannot evaluate) stands for
    /// anything beneath.
    pub fn lookup<'a>(&'a self, path: &'a str) -> impl Iterator<Item = (&'a Reading, &'a Span)> {
        self.entries.iter().filter_map(move |(p, reading, span)| {
            let at = p == path;
            let above = matches!(reading, Reading::Unknown(_))
                && path.len() > p.len()
                && path.starts_with(p.as_str())
                && path.as_bytes()[p.len()] == b'.';
            (at || above).then_some((reading, span))
        })
    }
}

impl Declaration {
    /// A declaration whose identity is its subject (the common case).
    pub fn new(target: Target, name: String, subject: String, span: Span) -> Declaration {
        Declaration {
            target,
            identity: subject.clone(),
            name,
            subject,
            span,
            note: None,
            waiver_lines: Vec::new(),
            dev: false,
            via: Vec::new(),
            hint: false,
            fold: None,
            attributes: None,
        }
    }
}
