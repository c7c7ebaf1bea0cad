//! Container images and the persistence that comes with containers: the
//! `[images]` section of a rule file.
//!
//! Two targets:
//!
//! - `images.repositories` (an "image"): image references in their normal
//!   form, the repository without registry, tag or digest
//!   (`docker.io/library/postgres:16@sha256:…` is `postgres`; see
//!   [`reference`]), and Helm chart dependencies as `<repository>/<chart>`
//!   (`bitnami/postgresql`; see [`yaml_sources::chart_name`]).
//! - `images.volumes` (a "volume"): storage that outlives a container,
//!   named by kind: `persistentvolumeclaim` and `persistentvolume`
//!   (Kubernetes documents), `volumeclaimtemplate` (a StatefulSet's
//!   `volumeClaimTemplates`), `compose/volume` (a Compose file's named
//!   volumes), `ecs/efs`, `ecs/fsx`, `ecs/docker-volume` (task definition
//!   volumes).
//!
//! Where they are read from:
//!
//! - Compose files (`docker-compose*.yml`, `compose*.yaml`, …):
//!   `services.*.image` through `<<` merge keys and `extends` within the
//!   file, `${VAR:-default}` taking its default, and the variables of the
//!   `.env` file beside it ([`reference::dotenv`]);
//! - Kubernetes manifests: any `.yaml`/`.yml` document with `apiVersion` and
//!   `kind` (and the items of a `…List`): every `containers`,
//!   `initContainers` and `ephemeralContainers` list in it, whatever the
//!   kind;
//! - Helm charts (a directory with `Chart.yaml`): its `dependencies`, its
//!   `values*.yaml` `image` keys, and its `templates/` (Go templates, read
//!   line by line: literal `image:` values; never a parse error);
//! - Kustomize's `kustomization.yaml`: `images` overrides (`newName`, or
//!   the retagged `name`) and `helmCharts`;
//! - Dockerfiles (`FROM`, `COPY --from=`; see [`dockerfile`]);
//! - ECS task definitions in JSON (see [`taskdef`]).
//!
//! A `.yaml` file may also be the CloudFormation ecosystem's: a file that is
//! none of the above gives nothing here (no problem, no waiver). A YAML
//! syntax error is this ecosystem's to report (through
//! `YamlError::finding`, so it is reported once) when the file is a Compose
//! file or part of a chart by its name, or when its text could hold a
//! manifest ([`yaml_sources::could_be_manifest`], the prefilter: a file it
//! rules out is not parsed at all, which the property tests prove safe).
//!
//! An image whose repository adrift cannot resolve (an unset variable, a
//! placeholder) is a `parse-error`: the gate fails closed. In Compose a
//! service that also has `build:` is exempt (its image is what the build
//! makes, and the Dockerfile is read). A Helm template's `{{ … }}` value
//! is exempt too: it comes from the values files, which are read.

pub mod dockerfile;
pub mod reference;
pub mod taskdef;
pub mod yaml_sources;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::waiver::{self, Comments};
use super::yaml::YamlError;
use super::{Declaration, Ecosystem, Job, ScannedFile, Target, TargetInfo};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};

pub use reference::normalise_image;

fn normalise_volume(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

pub static REPOSITORIES: TargetInfo = TargetInfo {
    ecosystem: "images",
    key: "repositories",
    noun: "image",
    normalise: normalise_image,
    expand: super::target::same,
};

pub static VOLUMES: TargetInfo = TargetInfo {
    ecosystem: "images",
    key: "volumes",
    noun: "volume",
    normalise: normalise_volume,
    expand: super::target::same,
};

pub static IMAGES: Ecosystem = Ecosystem {
    name: "images",
    targets: &[&REPOSITORIES, &VOLUMES],
    has_dev: false,
    claims,
    scan,
    known_names: None,
};

/// What a found thing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Image,
    Volume,
}

/// One image or volume a file declares.
#[derive(Debug, Clone)]
pub struct Found {
    pub what: What,
    /// The normal form.
    pub name: String,
    pub subject: String,
    pub identity: String,
    /// The exact scalar (the image as written).
    pub span: Range<usize>,
    /// Where the block it is in starts (a service, a container, an
    /// instruction): waivers above it cover it.
    pub block: usize,
    pub note: Option<String>,
}

/// Something adrift cannot read the way the tool would.
#[derive(Debug, Clone)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// What a parser read of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub found: Vec<Found>,
    pub problems: Vec<Problem>,
    pub yaml_error: Option<YamlError>,
    /// Whether the file is this ecosystem's at all (a `.yaml` file that is
    /// no manifest is not).
    pub mine: bool,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Dockerfile,
    Compose,
    TaskDefinition,
    /// A chart's `Chart.yaml`.
    Chart,
    /// A chart's `values*.yaml`.
    Values,
    /// A file under a chart's `templates/`.
    Template,
    /// A `kustomization.yaml`: its `images` overrides and `helmCharts`.
    Kustomization,
    /// Any other `.yaml`/`.yml`: a manifest or nothing.
    Yaml,
}

/// The kind of a file by its name alone (chart files are told apart in
/// [`scan`], which knows where the charts are).
pub fn file_kind(name: &str) -> Option<FileKind> {
    // `claim` may offer `directory/name`.
    let name = name.rsplit('/').next().unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    if dockerfile::is_dockerfile_name(name) {
        Some(FileKind::Dockerfile)
    } else if yaml_sources::is_compose_name(name) {
        Some(FileKind::Compose)
    } else if taskdef::is_taskdef_name(name) {
        Some(FileKind::TaskDefinition)
    } else if yaml_sources::is_kustomization_name(name) {
        Some(FileKind::Kustomization)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        Some(FileKind::Yaml)
    } else {
        None
    }
}

fn claims(name: &[u8]) -> bool {
    std::str::from_utf8(name).is_ok_and(|n| file_kind(n).is_some())
}

/// The kind of each path, knowing the chart directories (those with a
/// `Chart.yaml` among the paths).
fn kinds(paths: &[PathBuf]) -> Vec<(PathBuf, FileKind)> {
    let charts: HashSet<&Path> = paths
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "Chart.yaml"))
        .filter_map(|p| p.parent())
        .collect();
    paths
        .iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let mut kind = file_kind(name)?;
            if matches!(kind, FileKind::Yaml | FileKind::Compose) {
                let parent = path.parent();
                let in_templates = path.ancestors().skip(1).any(|a| {
                    a.file_name().is_some_and(|n| n == "templates")
                        && a.parent().is_some_and(|c| charts.contains(c))
                });
                if name == "Chart.yaml" {
                    kind = FileKind::Chart;
                } else if in_templates {
                    kind = FileKind::Template;
                } else if parent.is_some_and(|p| charts.contains(p))
                    && yaml_sources::is_values_name(name)
                {
                    kind = FileKind::Values;
                }
            }
            Some((path.clone(), kind))
        })
        .collect()
}

/// Reads a file's text as its kind says: the parsers, without I/O.
pub fn parse(kind: FileKind, text: &str) -> Parsed {
    match kind {
        FileKind::Dockerfile => dockerfile::parse(text),
        FileKind::TaskDefinition => taskdef::parse(text),
        FileKind::Template => yaml_sources::template(text),
        FileKind::Compose | FileKind::Chart | FileKind::Values | FileKind::Kustomization => {
            let stream = super::yaml::parse(text);
            let mut parsed = match kind {
                FileKind::Compose => yaml_sources::compose(&stream),
                FileKind::Chart => yaml_sources::chart(&stream),
                FileKind::Kustomization => yaml_sources::kustomization(&stream),
                _ => yaml_sources::values(&stream),
            };
            parsed.yaml_error = stream.error;
            parsed
        }
        FileKind::Yaml => {
            // The prefilter: a text that cannot hold a manifest is not
            // parsed (and is not this ecosystem's).
            if !yaml_sources::could_be_manifest(text) {
                return Parsed::default();
            }
            let stream = super::yaml::parse(text);
            let mut parsed = yaml_sources::kubernetes(&stream);
            if stream.error.is_some() {
                parsed.mine = true;
                parsed.yaml_error = stream.error;
            }
            parsed
        }
    }
}

/// The declaration of an image at `span`, for other ecosystems that find
/// image references (a Terraform `aws_ecs_task_definition`'s
/// `container_definitions`, a CloudFormation `AWS::ECS::TaskDefinition`):
/// `context` says where it is (`in task definition "api" container "db"`).
/// `None` when the repository is not written literally (`${var.image}`),
/// which the caller reports as it reports what it cannot evaluate.
pub fn image_declaration(reference: &str, context: &str, span: Span) -> Option<Declaration> {
    let name = reference::known_repository(reference)?;
    let subject = format!("image \"{name}\" {context}");
    Some(Declaration::new(Target(&REPOSITORIES), name, subject, span))
}

fn scan(job: &Job<'_>) -> Vec<ScannedFile> {
    let wants = job.wanted.wants_ecosystem("images");
    let mut out = Vec::new();
    for (path, kind) in kinds(job.paths) {
        crate::parallel::fault_point("images-file");
        let file = match job.reader.read(&path) {
            Ok(file) => file,
            Err(finding) => {
                // A `.yaml` file adrift cannot read may be anyone's: it is
                // reported (once, by every ecosystem that claims it).
                out.push(ScannedFile::problem_only(*finding));
                continue;
            }
        };
        let parsed = if kind == FileKind::Compose {
            // Compose substitutes the variables of the `.env` file in the
            // project directory (the Compose file's).
            let env_path = path.with_file_name(".env");
            let env = match env_path.is_file() {
                true => match job.reader.read(&env_path) {
                    Ok(env) => reference::dotenv(&env.text),
                    Err(finding) => {
                        out.push(ScannedFile::problem_only(*finding));
                        Vec::new()
                    }
                },
                false => Vec::new(),
            };
            let stream = super::yaml::parse(&file.text);
            let mut parsed = yaml_sources::compose_with_env(&stream, &env);
            parsed.yaml_error = stream.error;
            parsed
        } else {
            parse(kind, &file.text)
        };
        if !parsed.mine {
            continue;
        }
        let scanned = scanned(&file, kind, parsed);
        if wants {
            out.push(scanned);
        } else if !scanned.waivers.is_empty() {
            out.push(ScannedFile {
                waivers: scanned.waivers,
                ..ScannedFile::empty(file)
            });
        }
    }
    out
}

fn scanned(file: &Arc<SourceFile>, kind: FileKind, parsed: Parsed) -> ScannedFile {
    // JSON has no comments: task definitions have no inline waivers.
    let comments = kind != FileKind::TaskDefinition;
    let declarations = parsed
        .found
        .into_iter()
        .map(|found| {
            let target = match found.what {
                What::Image => Target(&REPOSITORIES),
                What::Volume => Target(&VOLUMES),
            };
            let mut d = Declaration::new(target, found.name, found.subject, found.span.clone());
            d.identity = found.identity;
            d.note = found.note;
            if comments {
                let line = file.line_col(found.span.start).line;
                let block = file.line_col(found.block).line;
                d.waiver_lines = waiver::covering_lines(file, Comments::Hash, line, block);
            }
            d
        })
        .collect();
    let mut problems: Vec<Finding> = parsed
        .problems
        .into_iter()
        .map(|p| {
            Finding::new(&crate::check::PARSE_ERROR, p.message)
                .in_file(file)
                .at(p.span)
                .help(p.help)
        })
        .collect();
    if let Some(error) = &parsed.yaml_error {
        problems.push(error.finding(file));
    }
    ScannedFile {
        waivers: if comments {
            waiver::find(file, Comments::Hash)
        } else {
            Vec::new()
        },
        declarations,
        problems,
        file: file.clone(),
    }
}
