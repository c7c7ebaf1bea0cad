//! Standalone ECS task definitions in JSON: what `aws ecs
//! register-task-definition --cli-input-json`, CodeDeploy's `taskdef.json`
//! and the `amazon-ecs-render-task-definition` action read. Each
//! `containerDefinitions[].image` is an image; `volumes[]` with
//! `efsVolumeConfiguration`, `fsxWindowsFileServerVolumeConfiguration` or
//! `dockerVolumeConfiguration` are volumes. The output of `aws ecs
//! describe-task-definition` (`{"taskDefinition": {…}}`) is read too.
//!
//! JSON has no comments, and AWS rejects unknown keys, so a task definition
//! has no inline waivers: a baseline (`--write-baseline`) or `exclude`
//! covers one.

use jsonc_parser::ast::{Object, Value};

use super::reference::known_repository;
use super::{Found, Parsed, Problem, What};

/// Whether a file name (without its directory) is a task definition's:
/// a `.json` file whose name says `task-definition`, `task_definition`,
/// `taskdefinition` or `taskdef` (any case): `task-definition.json` as in
/// AWS's documentation and GitHub actions, CodeDeploy's `taskdef.json`,
/// `api-task-definition.prod.json`.
pub fn is_taskdef_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".json")
        && [
            "task-definition",
            "task_definition",
            "taskdefinition",
            "taskdef",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

fn range(value: &Value<'_>) -> std::ops::Range<usize> {
    use jsonc_parser::common::Ranged;
    let r = value.range();
    r.start..r.end
}

/// Reads a task definition's text.
pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        ..Default::default()
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shift = text.len() - body.len();
    let parsed = match jsonc_parser::parse_to_ast(body, &Default::default(), &options) {
        Ok(parsed) => parsed,
        Err(e) => {
            let r = e.range();
            let start = (r.start + shift).min(text.len());
            out.problems.push(Problem {
                span: start..(r.end + shift).clamp(start, text.len()),
                message: format!("not valid JSON: {}", e.kind()),
                help: "fix the JSON; adrift fails closed on files it cannot read".to_string(),
            });
            return out;
        }
    };
    let Some(Value::Object(root)) = &parsed.value else {
        return out;
    };
    let def: &Object<'_> = root.get_object("taskDefinition").unwrap_or(root);
    let family = def.get_string("family").map_or("", |s| s.value.as_ref());
    let owner = format!("task definition \"{family}\"");
    let at = |r: std::ops::Range<usize>| r.start + shift..r.end + shift;
    if let Some(containers) = def.get_array("containerDefinitions") {
        for element in &containers.elements {
            let Value::Object(container) = element else {
                continue;
            };
            let Some(image) = container.get("image") else {
                continue;
            };
            let Value::StringLit(written) = &image.value else {
                continue;
            };
            let name = container
                .get_string("name")
                .map_or("", |s| s.value.as_ref());
            let context = format!("in {owner} container \"{name}\"");
            let span = at(range(&image.value));
            // The value inside its quotes.
            let span = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
            match known_repository(&written.value) {
                Some(repository) => {
                    let subject = format!("image \"{repository}\" {context}");
                    out.found.push(Found {
                        what: What::Image,
                        name: repository,
                        identity: subject.clone(),
                        subject,
                        span,
                        block: at(range(element)).start,
                        note: None,
                    });
                }
                None => out.problems.push(Problem {
                    span,
                    message: format!(
                        "adrift cannot tell which image `{}` {context} is: its repository is not written literally",
                        written.value
                    ),
                    help: "write the image in the task definition (a placeholder such as `<IMAGE1_NAME>` is filled in by the pipeline, which adrift does not see), or exclude the file in adrift.toml".to_string(),
                }),
            }
        }
    }
    if let Some(volumes) = def.get_array("volumes") {
        for element in &volumes.elements {
            let Value::Object(volume) = element else {
                continue;
            };
            let name = volume.get_string("name").map_or("", |s| s.value.as_ref());
            for (key, normal) in [
                ("efsVolumeConfiguration", "ecs/efs"),
                ("fsxWindowsFileServerVolumeConfiguration", "ecs/fsx"),
                ("dockerVolumeConfiguration", "ecs/docker-volume"),
            ] {
                let Some(prop) = volume.get(key) else {
                    continue;
                };
                let subject = format!("volume \"{name}\" in {owner}");
                let span = {
                    let r = match &prop.name {
                        jsonc_parser::ast::ObjectPropName::String(s) => s.range,
                        jsonc_parser::ast::ObjectPropName::Word(w) => w.range,
                    };
                    at(r.start..r.end)
                };
                out.found.push(Found {
                    what: What::Volume,
                    name: normal.to_string(),
                    identity: subject.clone(),
                    subject,
                    span,
                    block: at(range(element)).start,
                    note: None,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_and_volumes() {
        let text = "{\n  \"family\": \"api\",\n  \"containerDefinitions\": [\n    {\"name\": \"app\", \"image\": \"123.dkr.ecr.eu-west-1.amazonaws.com/api:1\"},\n    {\"name\": \"db\", \"image\": \"postgres:16\"},\n    {\"name\": \"x\", \"image\": \"<IMAGE1_NAME>\"}\n  ],\n  \"volumes\": [{\"name\": \"data\", \"efsVolumeConfiguration\": {\"fileSystemId\": \"fs-1\"}}]\n}\n";
        let parsed = parse(text);
        let names: Vec<&str> = parsed.found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["api", "postgres", "ecs/efs"]);
        assert_eq!(&text[parsed.found[1].span.clone()], "postgres:16");
        assert_eq!(
            parsed.found[1].identity,
            "image \"postgres\" in task definition \"api\" container \"db\""
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(&text[parsed.problems[0].span.clone()], "<IMAGE1_NAME>");
        let wrapped = "{\"taskDefinition\": {\"containerDefinitions\": [{\"image\": \"redis\"}]}}";
        assert_eq!(parse(wrapped).found[0].name, "redis");
        assert_eq!(parse("{").problems.len(), 1);
    }

    #[test]
    fn file_names() {
        assert!(is_taskdef_name("task-definition.json"));
        assert!(is_taskdef_name("taskdef.json"));
        assert!(is_taskdef_name("api-task-definition.prod.json"));
        assert!(is_taskdef_name("TaskDefinition.json"));
        assert!(!is_taskdef_name("package.json"));
        assert!(!is_taskdef_name("task-definition.yaml"));
    }
}
