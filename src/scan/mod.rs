//! Scanners: find what the project declares (Terraform resources, modules,
//! providers; crates; Python packages) with the span it is declared at.
//!
//! The walk honours `.gitignore` (so `.terraform/` and `target/` are not
//! read) and the `exclude` globs of `adrift.toml`. Files are read and parsed
//! on every core. A file is parsed only when it could hold something an
//! active rule names (see [`Wants`]); a file that is parsed and fails to
//! parse, or cannot be read, is an error finding: the gate fails closed.

pub mod cargo;
pub mod plan;
pub mod python;
pub mod terraform;
pub mod waiver;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::AhoCorasick;

use crate::config::{Config, display};
use crate::finding::{Finding, Severity};
use crate::glob::NamePattern;
use crate::rules::{BoundRule, Lifecycle};
use crate::source::{SourceFile, Span};
use waiver::Waiver;

/// What a declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Resource,
    DataSource,
    Module,
    Provider,
    Crate,
    Package,
}

impl HitKind {
    pub fn noun(self) -> &'static str {
        match self {
            HitKind::Resource => "resource",
            HitKind::DataSource => "data source",
            HitKind::Module => "module",
            HitKind::Provider => "provider",
            HitKind::Crate => "crate",
            HitKind::Package => "package",
        }
    }
}

/// One declaration that a rule may match.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: HitKind,
    /// What patterns match: the resource type, the normalised module or
    /// provider source, the normalised package name.
    pub name: String,
    /// How a message names it: `resource "aws_db_instance" "main"`.
    pub subject: String,
    pub span: Span,
    /// Why it may or may not apply (`created only when var.enabled`).
    pub note: Option<String>,
    /// Lines whose waivers apply to it.
    pub waiver_lines: Vec<usize>,
    /// A dev-dependency (only checked when a rule sets `dev = true`).
    pub dev: bool,
    /// For a crate reached transitively: the crates between the direct
    /// dependency (included) and it (excluded). A rule that matches one of
    /// them has already reported the path there.
    pub via: Vec<String>,
}

/// What one file gave.
#[derive(Debug)]
pub struct Scanned {
    pub file: Arc<SourceFile>,
    pub hits: Vec<Hit>,
    pub waivers: Vec<Waiver>,
    /// Read and parse problems, already findings.
    pub problems: Vec<Finding>,
}

impl Scanned {
    /// A file that gave only a problem (unreadable, not UTF-8).
    pub fn problem_only(finding: Finding) -> Scanned {
        let file = finding
            .file
            .clone()
            .unwrap_or_else(|| SourceFile::new(String::new(), String::new()));
        Scanned {
            file,
            hits: Vec::new(),
            waivers: Vec::new(),
            problems: vec![finding],
        }
    }
}

/// A TOML file (manifest, pyproject, lockfile) that does not parse, as a
/// `parse-error` finding at the parser's location.
pub fn toml_parse_error(
    file: &Arc<SourceFile>,
    what: &str,
    error: &toml::de::Error,
) -> Box<Finding> {
    let span = error.span().unwrap_or(0..0);
    let end = span.end.max(span.start + 1).min(file.text.len());
    let start = span.start.min(end);
    Box::new(
        Finding::new(
            "parse-error",
            Severity::Error,
            format!("cannot parse {what}: {}", error.message().trim()),
        )
        .in_file(file)
        .at(start..end)
        .help("fix the TOML; adrift fails closed on files it cannot read"),
    )
}

/// The kinds of file adrift reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Terraform,
    TerraformJson,
    CargoManifest,
    CargoLock,
    Requirements,
    PyProject,
}

impl FileKind {
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".tf.json") {
            Some(FileKind::TerraformJson)
        } else if name.ends_with(".tf") {
            Some(FileKind::Terraform)
        } else if name == "Cargo.toml" {
            Some(FileKind::CargoManifest)
        } else if name == "Cargo.lock" {
            Some(FileKind::CargoLock)
        } else if python::is_requirements(name) {
            Some(FileKind::Requirements)
        } else if name == "pyproject.toml" {
            Some(FileKind::PyProject)
        } else {
            None
        }
    }
}

/// What the active rules could match, so that files that cannot hold any
/// of it are not parsed ("skip what cannot match").
pub struct Wants {
    pub resources: bool,
    pub data_sources: bool,
    pub modules: bool,
    pub providers: bool,
    pub crates: bool,
    pub packages: bool,
    prefilter: Prefilter,
}

/// Literal text a Terraform file must contain to hold a match.
///
/// A resource or data type is a block label, so a type that matches a
/// pattern contains the pattern's longest literal. A module or provider
/// source is normalised before matching, so instead every segment of the
/// normalised pattern (`terraform-aws-modules`, `rds`) must appear somewhere
/// in the file: it does in every written form (`git::…/terraform-aws-rds`,
/// `registry.terraform.io/…`, `//modules/…`). A pattern with no literal of
/// [`MIN_LITERAL`] characters turns the prefilter off for its kind.
#[derive(Default)]
struct Prefilter {
    /// Every literal, matched case-insensitively in one pass.
    automaton: Option<AhoCorasick>,
    /// Whether a literal belongs to a resource or data pattern.
    is_type_literal: Vec<bool>,
    /// Per module or provider pattern: the literals that must all appear.
    source_requirements: Vec<Vec<usize>>,
    /// Some type pattern has no literal: parse every file with blocks.
    types_always: bool,
    /// Some source pattern has no literal: parse every file with sources.
    sources_always: bool,
}

/// Literals shorter than this prefilter nothing useful.
const MIN_LITERAL: usize = 3;

impl Wants {
    pub fn of(rules: &[BoundRule]) -> Wants {
        let active = rules
            .iter()
            .filter(|r| !matches!(r.lifecycle, Lifecycle::Inactive(_)));
        let mut wants = Wants {
            resources: false,
            data_sources: false,
            modules: false,
            providers: false,
            crates: false,
            packages: false,
            prefilter: Prefilter::default(),
        };
        let mut literals: Vec<String> = Vec::new();
        let id_of = |literal: &str, literals: &mut Vec<String>| match literals
            .iter()
            .position(|l| l == literal)
        {
            Some(i) => i,
            None => {
                literals.push(literal.to_string());
                literals.len() - 1
            }
        };
        let mut type_ids = Vec::new();
        let pre = &mut wants.prefilter;
        for bound in active {
            let p = &bound.rule.patterns;
            wants.resources |= !p.resources.is_empty();
            wants.data_sources |= !p.data_sources.is_empty();
            wants.modules |= !p.modules.is_empty();
            wants.providers |= !p.providers.is_empty();
            wants.crates |= !p.crates.is_empty();
            wants.packages |= !p.packages.is_empty();
            for pattern in p.resources.iter().chain(&p.data_sources) {
                let literal = NamePattern::longest_literal(&pattern.text);
                if literal.len() < MIN_LITERAL {
                    pre.types_always = true;
                } else {
                    type_ids.push(id_of(literal, &mut literals));
                }
            }
            for (pattern, provider) in p
                .modules
                .iter()
                .map(|m| (m, false))
                .chain(p.providers.iter().map(|m| (m, true)))
            {
                let mut segments: Vec<&str> = pattern.text.split('/').collect();
                if provider && segments.len() == 2 && segments[0] == "hashicorp" {
                    // `mysql = {}` with no source reads as hashicorp/mysql.
                    segments.remove(0);
                } else if !provider && segments.len() == 3 {
                    // The provider segment is in every form, and short.
                    segments.pop();
                }
                let required: Vec<usize> = segments
                    .iter()
                    .map(|s| NamePattern::longest_literal(s))
                    .filter(|l| l.len() >= MIN_LITERAL)
                    .map(|l| id_of(l, &mut literals))
                    .collect();
                if required.is_empty() {
                    pre.sources_always = true;
                } else {
                    pre.source_requirements.push(required);
                }
            }
        }
        if !literals.is_empty() {
            pre.automaton = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&literals)
                .ok();
            if pre.automaton.is_none() {
                pre.types_always = true;
                pre.sources_always = true;
            }
        }
        pre.is_type_literal = vec![false; literals.len()];
        for id in type_ids {
            pre.is_type_literal[id] = true;
        }
        wants
    }

    pub fn any_terraform(&self) -> bool {
        self.resources || self.data_sources || self.modules || self.providers
    }

    /// Whether a Terraform file's text could hold a match (see [`Prefilter`]).
    ///
    /// In HCL (`hcl` true) the check is tighter, and still exact: a block's
    /// labels stand on the line of its keyword, so a type can only match on a
    /// line that starts with `resource` or `data`; and a module or provider
    /// source is one string on a `source = …` line, so all of a pattern's
    /// literals must stand on one line that mentions `source`. Mentions in
    /// comments and heredocs then cost nothing.
    pub fn terraform_text_may_match(&self, text: &str, hcl: bool) -> bool {
        let pre = &self.prefilter;
        if pre.types_always && (text.contains("resource") || text.contains("data")) {
            return true;
        }
        if pre.sources_always && (text.contains("module") || text.contains("required_providers")) {
            return true;
        }
        let Some(automaton) = &pre.automaton else {
            return false;
        };
        let line_of = |at: usize| {
            let start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let end = text[at..].find('\n').map(|i| at + i).unwrap_or(text.len());
            (start, &text[start..end])
        };
        // (line start, literal id) of source literals, when `hcl`.
        let mut source_hits: Vec<(usize, usize)> = Vec::new();
        let mut seen = vec![false; pre.is_type_literal.len()];
        for found in automaton.find_overlapping_iter(text) {
            let id = found.pattern().as_usize();
            if pre.is_type_literal[id] {
                if !hcl {
                    return true;
                }
                let (_, line) = line_of(found.start());
                let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                if line.starts_with("resource") || line.starts_with("data") {
                    return true;
                }
            }
            seen[id] = true;
            if hcl {
                let (start, line) = line_of(found.start());
                if line.contains("source") {
                    source_hits.push((start, id));
                }
            }
        }
        if !hcl {
            return pre
                .source_requirements
                .iter()
                .any(|required| required.iter().all(|&id| seen[id]));
        }
        source_hits.sort_unstable();
        source_hits.chunk_by(|a, b| a.0 == b.0).any(|line| {
            pre.source_requirements
                .iter()
                .any(|required| required.iter().all(|id| line.iter().any(|(_, l)| l == id)))
        })
    }
}

/// Finds the files adrift scans under `root`.
pub fn walk(root: &Path, config: &Config, cwd: &Path) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if entry.file_type().is_some_and(|t| t.is_dir()) || config.is_excluded(path) {
                    continue;
                }
                if FileKind::of(path).is_some() {
                    files.push(path.to_path_buf());
                }
            }
            Err(error) => {
                let message = error.to_string();
                let path = walk_error_path(&error).unwrap_or_else(|| root.to_path_buf());
                if config.is_excluded(&path) {
                    continue;
                }
                let file = SourceFile::new(display(&path, cwd), String::new());
                problems.push(
                    Finding::new(
                        "file-unreadable",
                        Severity::Error,
                        format!("cannot read: {message}"),
                    )
                    .in_file(&file)
                    .help("fix the path, or exclude it in adrift.toml"),
                );
            }
        }
    }
    files.sort();
    (files, problems)
}

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Reads a file as UTF-8; a problem becomes a located finding.
pub fn read(path: &Path, cwd: &Path) -> Result<Arc<SourceFile>, Box<Finding>> {
    let shown = display(path, cwd);
    let unreadable = |message: String| {
        let file = SourceFile::new(shown.clone(), String::new());
        Box::new(
            Finding::new("file-unreadable", Severity::Error, message)
                .in_file(&file)
                .help("adrift cannot check what it cannot read; fix the file or exclude it in adrift.toml"),
        )
    };
    let bytes =
        std::fs::read(path).map_err(|e| unreadable(format!("cannot read the file: {e}")))?;
    match SourceFile::from_bytes(shown, bytes) {
        (file, None) => Ok(file),
        (file, Some(offset)) => Err(Box::new(
            Finding::new(
                "file-unreadable",
                Severity::Error,
                format!("file is not valid UTF-8 (first bad byte at offset {offset})"),
            )
            .in_file(&file)
            .at(offset..offset + 1)
            .help("save the file as UTF-8"),
        )),
    }
}

/// Scans every file, on every core: Terraform files in chunks across the
/// cores, Cargo manifests and lockfiles (which depend on each other) beside
/// them on one thread.
pub fn scan_all(paths: &[PathBuf], wants: &Wants, cwd: &Path) -> Vec<Scanned> {
    let (terraform, rest): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| {
        matches!(
            FileKind::of(p),
            Some(FileKind::Terraform | FileKind::TerraformJson)
        )
    });
    let of_kind = |kind| -> Vec<PathBuf> {
        rest.iter()
            .filter(|p| FileKind::of(p) == Some(kind))
            .map(|p| p.to_path_buf())
            .collect()
    };
    let manifests = of_kind(FileKind::CargoManifest);
    let locks = of_kind(FileKind::CargoLock);
    let requirements = of_kind(FileKind::Requirements);
    let pyprojects = of_kind(FileKind::PyProject);
    let threads = crate::parallel::threads(8);
    let scan_one = |path: &&PathBuf| scan_file(path, wants, cwd);
    std::thread::scope(|scope| {
        let cargo = wants.crates.then(|| {
            scope.spawn(|| {
                crate::parallel::fault_point("scan-cargo");
                cargo::scan(&manifests, &locks, cwd)
            })
        });
        let python = wants
            .packages
            .then(|| scope.spawn(|| python::scan(&requirements, &pyprojects, cwd)));
        let mut out: Vec<Scanned> = if threads <= 1 || terraform.len() < 32 {
            terraform.iter().filter_map(scan_one).collect()
        } else {
            let chunk = terraform.len().div_ceil(threads);
            let handles: Vec<_> = terraform
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || part.iter().filter_map(scan_one).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(crate::parallel::join)
                .collect()
        };
        for handle in [cargo, python].into_iter().flatten() {
            out.extend(crate::parallel::join(handle));
        }
        out
    })
}

/// Scans one file; `None` when it cannot hold anything the rules want.
fn scan_file(path: &Path, wants: &Wants, cwd: &Path) -> Option<Scanned> {
    let kind = FileKind::of(path)?;
    crate::parallel::fault_point("scan-file");
    let file = match read(path, cwd) {
        Ok(file) => file,
        Err(finding) => return Some(Scanned::problem_only(*finding)),
    };
    match kind {
        FileKind::Terraform | FileKind::TerraformJson => {
            if !wants.any_terraform()
                || !wants.terraform_text_may_match(&file.text, kind == FileKind::Terraform)
            {
                // Waivers in a file with nothing to match still count: an
                // unused one is reported.
                let waivers = waiver::find(&file, waiver::Comments::HashOrSlashes);
                return (!waivers.is_empty()).then(|| Scanned {
                    file,
                    hits: Vec::new(),
                    waivers,
                    problems: Vec::new(),
                });
            }
            Some(if kind == FileKind::Terraform {
                terraform::scan_hcl(file)
            } else {
                terraform::scan_json(file)
            })
        }
        // Scanned together by `cargo::scan` and `python::scan`.
        FileKind::CargoManifest
        | FileKind::CargoLock
        | FileKind::Requirements
        | FileKind::PyProject => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{BoundRule, Lifecycle, parse};

    fn wants(rule: &str) -> Wants {
        let rule = parse(SourceFile::new("r.toml".into(), rule.into())).expect("rule");
        Wants::of(&[BoundRule {
            rule,
            record: 0,
            lifecycle: Lifecycle::Enforced,
        }])
    }

    #[test]
    fn the_prefilter_skips_mentions_but_never_a_declaration() {
        let w = wants(
            "id = \"r\"\ndecision = \"1\"\nmessage = \"m\"\n[terraform]\nresources = [\"aws_db_*\"]\nmodules = [\"terraform-aws-modules/rds/aws\"]\n",
        );
        let may = |text: &str| w.terraform_text_may_match(text, true);
        assert!(!may(
            "# no aws_db_instance here\nresource \"aws_ecs_service\" \"a\" {}\n"
        ));
        assert!(!may("x = <<EOT\nuses aws_db_instance\nEOT\n"));
        assert!(may("resource \"aws_db_instance\" \"a\" {}\n"));
        assert!(may("\u{feff}  resource aws_db_instance a {}\n"));
        assert!(may("data \"aws_db_instance\" \"a\" {}\n"));
        assert!(may(
            "module \"a\" {\n  source = \"git::https://github.com/terraform-aws-modules/terraform-aws-rds.git?ref=v6\"\n}\n"
        ));
        assert!(may(
            "module \"a\" {\n  source = \"Terraform-AWS-Modules/RDS/aws//modules/db_instance\"\n}\n"
        ));
        assert!(!may(
            "module \"a\" {\n  source = \"terraform-aws-modules/alb/aws\"\n}\n# rds\n"
        ));
        // JSON has no lines to go by: any mention is parsed.
        assert!(w.terraform_text_may_match("{\"//\": \"aws_db_instance\"}", false));
    }
}
