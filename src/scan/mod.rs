//! Scanning: what the project declares, ecosystem by ecosystem.
//!
//! Each ecosystem (Terraform, Cargo, Python, Go, npm, images, CloudFormation) is one module that owns its file
//! names, its targets (what a rule can name: Terraform resources, crates,
//! ...), how their names are normalised, its prefilter and its parser, and
//! returns typed [`Declaration`]s with their spans. The engine in
//! `crate::check` only ever sees declarations and targets, so adding an
//! ecosystem is one module here, one line in [`ECOSYSTEMS`], a catalog part
//! and its fixtures.
//!
//! The gate fails closed: a file that cannot be read or parsed is a finding
//! ([`files`] says how files are found and read), and an ecosystem skips a
//! file's parse only when its prefilter proves the file cannot declare
//! anything a rule wants (each prefilter is property-tested against its
//! parser).

pub mod cargo;
pub mod cloudformation;
pub mod files;
pub mod go;
pub mod images;
pub mod npm;
pub mod python;
pub mod target;
pub mod terraform;
pub mod waiver;
pub mod wanted;
pub mod yaml;

use std::path::PathBuf;
use std::sync::Arc;

pub use files::{ProjectFile, Reader, walk};
pub use target::{Declaration, Fold, Target, TargetInfo};
pub use wanted::Wanted;

use crate::finding::Finding;
use crate::source::SourceFile;
use waiver::Waiver;

/// One ecosystem: the files it reads and how.
pub struct Ecosystem {
    /// The rule file's section (`[terraform]`) and how the docs name it.
    pub name: &'static str,
    /// What rules can match in it.
    pub targets: &'static [&'static TargetInfo],
    /// Whether its declarations can be development-only, so that a rule
    /// may set `dev = true` in its section to match those too.
    pub has_dev: bool,
    /// Whether a file name (as bytes) is one this ecosystem reads; a name
    /// no ecosystem claims is offered again as `directory/name`.
    pub claims: fn(&[u8]) -> bool,
    /// Reads and parses the ecosystem's files.
    pub scan: fn(&Job<'_>) -> Vec<ScannedFile>,
    /// Names a target's catalog knows that share a pattern's family, for
    /// `rule-pattern-unknown`: `None` when the pattern's family has no list.
    pub known_names: Option<fn(Target, &str) -> Option<KnownNames>>,
}

/// The names a pattern is checked against for `rule-pattern-unknown`.
pub struct KnownNames {
    /// How the family is named in the message: `AWS`.
    pub family: &'static str,
    pub names: Vec<String>,
}

impl std::fmt::Debug for Ecosystem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ecosystem({})", self.name)
    }
}

impl Ecosystem {
    pub fn target(&self, key: &str) -> Option<Target> {
        self.targets
            .iter()
            .find(|t| t.key == key)
            .map(|&t| Target(t))
    }
}

/// Every ecosystem adrift reads, in the order files are claimed.
pub static ECOSYSTEMS: &[&Ecosystem] = &[
    &terraform::TERRAFORM,
    &cargo::CARGO,
    &python::PYTHON,
    &images::IMAGES,
    &cloudformation::CLOUDFORMATION,
    &go::GO,
    &npm::NPM,
];

/// The ecosystem named `name` (a rule file's section).
pub fn ecosystem(name: &str) -> Option<&'static Ecosystem> {
    ECOSYSTEMS.iter().copied().find(|e| e.name == name)
}

/// Every target of every ecosystem, in registry order.
pub fn all_targets() -> impl Iterator<Item = Target> {
    ECOSYSTEMS
        .iter()
        .flat_map(|e| e.targets.iter().map(|&t| Target(t)))
}

/// The target `ecosystem.key` (`terraform.resources`).
pub fn target_by_id(id: &str) -> Option<Target> {
    let (ecosystem_name, key) = id.split_once('.')?;
    ecosystem(ecosystem_name)?.target(key)
}

/// What an ecosystem's scan gets.
pub struct Job<'a> {
    /// Its files, sorted.
    pub paths: &'a [PathBuf],
    pub wanted: &'a Wanted,
    pub reader: &'a Reader,
}

/// What one file gave.
#[derive(Debug)]
pub struct ScannedFile {
    pub file: Arc<SourceFile>,
    pub declarations: Vec<Declaration>,
    pub waivers: Vec<Waiver>,
    /// Read and parse problems, already findings.
    pub problems: Vec<Finding>,
}

impl ScannedFile {
    /// A file with nothing in it yet.
    pub fn empty(file: Arc<SourceFile>) -> ScannedFile {
        ScannedFile {
            file,
            declarations: Vec::new(),
            waivers: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Whether the file gave nothing: no declaration, problem or waiver.
    pub fn is_empty(&self) -> bool {
        self.declarations.is_empty() && self.problems.is_empty() && self.waivers.is_empty()
    }

    /// A file read only for its waivers (no rule wants anything in it; an
    /// unused waiver is still reported): `None` when it has none.
    pub fn waivers_only(file: Arc<SourceFile>, comments: waiver::Comments) -> Option<ScannedFile> {
        let waivers = waiver::find(&file, comments);
        (!waivers.is_empty()).then(|| ScannedFile {
            waivers,
            ..ScannedFile::empty(file)
        })
    }

    /// A file that gave only a problem (unreadable, not UTF-8).
    pub fn problem_only(finding: Finding) -> ScannedFile {
        let file = finding
            .file
            .clone()
            .unwrap_or_else(|| SourceFile::new(String::new(), String::new()));
        ScannedFile {
            problems: vec![finding],
            ..ScannedFile::empty(file)
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
            &crate::check::PARSE_ERROR,
            format!("cannot parse {what}: {}", error.message().trim()),
        )
        .in_file(file)
        .at(start..end)
        .help("fix the TOML; adrift fails closed on files it cannot read"),
    )
}

/// A `parse-error` at `span` (made visible: see
/// [`SourceFile::visible_span`]): the one way every ecosystem reports what it
/// cannot read.
pub fn parse_error(
    file: &Arc<SourceFile>,
    span: crate::source::Span,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Finding {
    Finding::new(&crate::check::PARSE_ERROR, message)
        .in_file(file)
        .at(file.visible_span(span))
        .help(help)
}

/// Scans every file: each ecosystem on a thread of its own (Terraform
/// spreads its files over the cores itself). A worker's panic is re-raised.
pub fn scan_all(files: &[ProjectFile], wanted: &Wanted, reader: &Reader) -> Vec<ScannedFile> {
    let jobs: Vec<(&Ecosystem, Vec<PathBuf>)> = ECOSYSTEMS
        .iter()
        .map(|&e| {
            let paths = files
                .iter()
                .filter(|f| std::ptr::eq(f.ecosystem, e))
                .map(|f| f.path.clone())
                .collect();
            (e, paths)
        })
        .filter(|(_, paths): &(&Ecosystem, Vec<PathBuf>)| !paths.is_empty())
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(ecosystem, paths)| {
                scope.spawn(move || {
                    crate::parallel::fault_point(&format!("scan-{}", ecosystem.name));
                    (ecosystem.scan)(&Job {
                        paths,
                        wanted,
                        reader,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(crate::parallel::join)
            .collect()
    })
}
