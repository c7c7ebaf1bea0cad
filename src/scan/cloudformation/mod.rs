//! CloudFormation: templates in YAML and JSON, SAM templates, and CDK's
//! synthesised templates (`cdk.out/*.template.json`). The target is the
//! resource type (`[cloudformation] types = ["AWS::RDS::DBInstance"]`),
//! compared exactly and case-sensitively, as CloudFormation does.
//!
//! # Which files
//!
//! Every `*.yaml`, `*.yml`, `*.json` (not Terraform's `*.tf.json`) and
//! `*.template` file (CloudFormation's own extension; JSON when it starts
//! with `{`, else YAML) is a candidate,
//! and a document is a template when it has `AWSTemplateFormatVersion` or a
//! top-level `Resources` mapping whose entries have a `Type` such as
//! `AWS::…` or `Custom::…` ([`template`] says exactly). A candidate passes a
//! text stage first ([`template::may_declare`]: it mentions `::` or
//! `AWSTemplateFormatVersion`, or has an escape that could spell them), so
//! `package.json`, `tsconfig.json` and most workflows cost one search. A
//! file that is not a template gives nothing; one that does not parse is a
//! `parse-error` only when it could be a template
//! ([`template::could_be_template`]), and a YAML error is made by
//! `YamlError::finding`, so an ecosystem that reads the same file as a
//! manifest reports the same finding, once.
//!
//! CDK's `cdk.out` is usually git-ignored, and adrift reads what git reads:
//! commit it, or synthesise it in CI before the gate runs in a checkout
//! that does not ignore it, to have it checked.
//!
//! # Choices
//!
//! - SAM: `AWS::Serverless::SimpleTable` is a DynamoDB table (the catalog
//!   maps `aws_dynamodb_table` to both types), and every SAM type is also
//!   declared as the type SAM turns it into (`AWS::DynamoDB::Table`,
//!   `AWS::Lambda::Function`, ...), so a rule naming either matches, once.
//! - Nested stacks (`AWS::CloudFormation::Stack`, SAM's
//!   `AWS::Serverless::Application`) are declarations of their own type.
//!   Their `TemplateURL` / `Location` is not followed: a local template is
//!   read where it stands, as a template of its own, when git reads it; a
//!   remote one (S3, the Serverless Application Repository) is not
//!   fetched, like a Terraform module's source. The finding's note says so.
//! - A resource with a `Condition` may not be created: the finding's note
//!   says so (like a Terraform `count` that depends on a variable).
//! - Waivers: `# adrift:allow=RULE: reason` comments in YAML, on the `Type`
//!   line, the logical id's line or the comment lines above it; and, for
//!   JSON (which has no comments) or YAML alike, in the resource's metadata,
//!   the way checkov reads `Metadata: checkov: skip`:
//!   `"Metadata": {"adrift": {"allow": [{"rule": "no-persistence",
//!   "reason": "...", "until": "2027-03-31"}]}}`. Such a waiver covers its
//!   own resource only.
//! - `AWS::ECS::TaskDefinition` images ([`template::Resource`]'s `images`:
//!   each `ContainerDefinitions[].Image` and its span) are declared for the
//!   images ecosystem's target (`images.repositories`).

pub mod proof;
pub mod template;

use std::path::Path;
use std::sync::Arc;

use super::waiver::{self, Comments, Waiver};
use super::{Declaration, Ecosystem, Job, KnownNames, ScannedFile, Target, TargetInfo};
use crate::finding::Finding;
use crate::source::SourceFile;
use template::{Parsed, Resource, Syntax};

/// A resource type keeps its form: CloudFormation compares types exactly
/// and case-sensitively; only surrounding space goes.
pub fn normalise_type(name: &str) -> String {
    name.trim().to_string()
}

pub static TYPE: TargetInfo = TargetInfo {
    ecosystem: "cloudformation",
    key: "types",
    noun: "resource type",
    normalise: normalise_type,
    expand: super::target::same,
};

pub static CLOUDFORMATION: Ecosystem = Ecosystem {
    name: "cloudformation",
    targets: &[&TYPE],
    has_dev: false,
    claims: |name| syntax_of(name).is_some(),
    scan,
    known_names: Some(known_names),
};

/// How a file is read, by its name: `None` for a file that is not a
/// candidate; `Some(None)` for `.template`, which is JSON or YAML by its
/// first character.
fn syntax_of(name: &[u8]) -> Option<Option<Syntax>> {
    let name = name.rsplit(|&b| b == b'/').next().unwrap_or(name);
    let ends = |ext: &[u8]| {
        name.len() > ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
    };
    if ends(b".tf.json") || ends(b".tofu.json") {
        // Terraform's JSON syntax, never a template.
        None
    } else if ends(b".json") {
        Some(Some(Syntax::Json))
    } else if ends(b".yaml") || ends(b".yml") {
        Some(Some(Syntax::Yaml))
    } else if ends(b".template") {
        Some(None)
    } else {
        None
    }
}

/// SAM resource types and the CloudFormation type SAM's transform turns
/// each into.
const SAM_CREATES: &[(&str, &str)] = &[
    ("AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table"),
    ("AWS::Serverless::Function", "AWS::Lambda::Function"),
    ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi"),
    ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"),
    (
        "AWS::Serverless::StateMachine",
        "AWS::StepFunctions::StateMachine",
    ),
    ("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion"),
    ("AWS::Serverless::Application", "AWS::CloudFormation::Stack"),
    ("AWS::Serverless::GraphQLApi", "AWS::AppSync::GraphQLApi"),
];

fn scan(job: &Job<'_>) -> Vec<ScannedFile> {
    // Task definitions' container images are the images ecosystem's target.
    let wants = job.wanted.wants(Target(&TYPE))
        || job.wanted.wants(Target(&crate::scan::images::REPOSITORIES));
    crate::parallel::map(job.paths, 32, 8, |path| {
        crate::parallel::fault_point("scan-file");
        scan_path(path, job, wants)
    })
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect()
}

fn scan_path(path: &Path, job: &Job<'_>, wants: bool) -> Option<ScannedFile> {
    let name = path.file_name().map_or(&b""[..], |n| n.as_encoded_bytes());
    let by_name = syntax_of(name)?;
    let bytes = match job.reader.read_bytes(path) {
        Ok(bytes) => bytes,
        Err(finding) => return Some(ScannedFile::problem_only(*finding)),
    };
    let shown = job.reader.display(path);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            // Not a template unless it could be one: then fail closed.
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            if !wants || !template::could_be_template(&lossy) {
                return None;
            }
            let at = e.utf8_error().valid_up_to();
            let (file, _) = SourceFile::from_bytes(shown, e.into_bytes());
            let end = (at + 1).min(file.text.len()).max(at.min(file.text.len()));
            return Some(ScannedFile::problem_only(
                Finding::new(
                    &crate::lints::FILE_UNREADABLE,
                    "is not UTF-8, and may be a CloudFormation template".to_string(),
                )
                .in_file(&file)
                .at(at.min(end)..end)
                .help("save the file as UTF-8 (CloudFormation reads UTF-8), or exclude it in adrift.toml"),
            ));
        }
    };
    let file = SourceFile::new(shown, text);
    Some(scan_text(file, by_name, wants))
}

/// The syntax of a file: by its name, or for `.template` by its first
/// character.
fn syntax(text: &str, by_name: Option<Syntax>) -> Syntax {
    by_name.unwrap_or_else(|| {
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    })
}

/// One file's declarations, problems and waivers (`wants`: whether any rule
/// wants a CloudFormation type at all).
pub fn scan_text(file: Arc<SourceFile>, by_name: Option<Syntax>, wants: bool) -> ScannedFile {
    let syntax = syntax(&file.text, by_name);
    let mut scanned = ScannedFile::empty(Arc::clone(&file));
    if syntax == Syntax::Yaml {
        scanned.waivers = waiver::find(&file, Comments::Hash);
    }
    if !wants || !template::may_declare(&file.text) {
        return scanned;
    }
    let parsed = template::read(&file.text, syntax);
    report(&file, syntax, parsed, &mut scanned);
    scanned
}

fn parse_error(
    file: &Arc<SourceFile>,
    message: String,
    span: template::Span,
    help: &str,
) -> Finding {
    crate::scan::parse_error(file, span, message, help)
}

fn report(file: &Arc<SourceFile>, syntax: Syntax, parsed: Parsed, out: &mut ScannedFile) {
    let maybe = parsed.template || template::could_be_template(&file.text);
    if let Some(error) = &parsed.yaml_error
        && maybe
    {
        out.problems.push(error.finding(file));
    }
    if let Some(error) = parsed.json_error
        && maybe
    {
        out.problems.push(parse_error(
            file,
            format!("cannot parse CloudFormation JSON: {}", error.message),
            error.span,
            "fix the JSON (CloudFormation reads strict JSON: no comments, no trailing commas); adrift fails closed on files it cannot read",
        ));
    }
    // After a syntax error, the part read of the node it broke off is no
    // template's shape: the syntax error is the problem to fix first.
    let structural = if parsed.yaml_error.is_some() {
        Vec::new()
    } else {
        parsed.problems
    };
    for problem in structural {
        out.problems.push(parse_error(
            file,
            format!("cannot read the CloudFormation template: {}", problem.message),
            problem.span,
            "fix the template (`cfn-lint` or `aws cloudformation validate-template` say more); adrift fails closed on what it cannot read",
        ));
    }
    for resource in &parsed.resources {
        declare(file, syntax, resource, out);
    }
}

/// The note on a resource's findings: its condition, and for a nested
/// stack that its template is not followed.
fn note(resource: &Resource, ty: &str) -> Option<String> {
    let mut notes = Vec::new();
    match resource.condition.as_deref() {
        Some("") => notes.push("it may not be created: it has a Condition".to_string()),
        Some(condition) => notes.push(format!(
            "it may not be created: only when condition `{condition}` is true"
        )),
        None => {}
    }
    if matches!(
        ty,
        "AWS::CloudFormation::Stack" | "AWS::Serverless::Application"
    ) {
        notes.push(
            "a nested stack: adrift reads a local template where git reads it and does not fetch a remote one".to_string(),
        );
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn declare(file: &Arc<SourceFile>, syntax: Syntax, resource: &Resource, out: &mut ScannedFile) {
    let ty = normalise_type(&resource.ty);
    let id = &resource.logical_id;
    let identity = format!("resource \"{id}\" of type \"{ty}\"");
    let subject = match &resource.cdk_path {
        Some(path) => format!("{identity} (CDK path {path})"),
        None => identity.clone(),
    };
    let line = |offset: usize| file.line_col(offset).line;
    let mut lines = if syntax == Syntax::Yaml {
        waiver::covering_lines(
            file,
            Comments::Hash,
            line(resource.ty_span.start),
            line(resource.id_span.start),
        )
    } else {
        Vec::new()
    };
    for w in &resource.waivers {
        let waiver_line = line(w.span.start);
        lines.push(waiver_line);
        out.waivers.push(Waiver {
            rule: w.rule.clone(),
            reason: w.reason.clone(),
            until: w.until.as_deref().map(crate::record::parse_date),
            line: waiver_line,
            span: w.span.clone(),
            scope: Some(identity.clone()),
        });
    }
    let mut d = Declaration::new(
        Target(&TYPE),
        ty.clone(),
        subject.clone(),
        resource.ty_span.clone(),
    );
    d.identity = identity.clone();
    d.waiver_lines = lines;
    d.note = note(resource, &ty);
    for (image, span) in &resource.images {
        // An image written with an intrinsic (`!Sub`, `!Ref`) is not known
        // before deployment.
        let Some(image) = image else { continue };
        let context = format!("in the container definitions of task \"{id}\"");
        if let Some(mut found) =
            crate::scan::images::image_declaration(image, &context, span.clone())
        {
            let mut covering = d.waiver_lines.clone();
            if syntax == Syntax::Yaml {
                let at = line(span.start);
                covering.extend(waiver::covering_lines(file, Comments::Hash, at, at));
            }
            found.waiver_lines = covering;
            found.note = d.note.clone();
            out.declarations.push(found);
        }
    }
    if let Some((_, creates)) = SAM_CREATES.iter().find(|(sam, _)| *sam == ty) {
        // The same resource as what SAM makes of it: reported once, under
        // the SAM type when a rule matches that.
        let mut created = d.clone();
        created.name = creates.to_string();
        created.subject = format!("{subject} (SAM creates an {creates})");
        created.via = vec![ty.clone()];
        out.declarations.push(d);
        out.declarations.push(created);
    } else {
        out.declarations.push(d);
    }
}

/// For `rule-pattern-unknown`: the catalog's CloudFormation types of the
/// pattern's service (`AWS::DynamoDB::Tabel` against `AWS::DynamoDB::*`),
/// or of every service when the pattern's service is a glob. A service the
/// catalog does not know is not checked (it is not about persistence).
fn known_names(target: Target, pattern: &str) -> Option<KnownNames> {
    if target != Target(&TYPE) {
        return None;
    }
    let rest = pattern.strip_prefix("AWS::")?;
    let service = rest.split("::").next().unwrap_or("");
    let all = crate::rules::catalog::names_for(Target(&TYPE));
    let names: Vec<String> = if service.contains(['*', '?', '[']) {
        all.into_iter().map(str::to_string).collect()
    } else {
        let prefix = format!("AWS::{service}::");
        all.into_iter()
            .filter(|n| n.starts_with(&prefix))
            .map(str::to_string)
            .collect()
    };
    if names.is_empty() {
        return None;
    }
    Some(KnownNames {
        family: "CloudFormation",
        names,
    })
}

#[cfg(test)]
mod tests;
