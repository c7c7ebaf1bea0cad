//! Terraform plans: `terraform show -json` output, read for the resources a
//! plan creates or updates. Resources that come from remote modules are
//! caught without downloading anything. A finding points at the module call
//! in the `.tf` files when it is found there, else at the plan file.
//!
//! The container images of a planned `aws_ecs_task_definition` are read
//! from its planned `container_definitions` (a JSON string whose values the
//! plan has resolved): a task definition inside a module, and the images of
//! a root task definition that its `.tf` does not write literally
//! (`image = var.image`), which the configuration's own scan cannot know.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jsonc_parser::ast::{Object, Value};

use super::outline::{Item, outline};
use crate::finding::Finding;
use crate::scan::target::{AFTER_APPLY, Attributes, Reading};
use crate::scan::waiver::{self, Comments};
use crate::scan::{Declaration, Reader, ScannedFile, Target};
use crate::source::{SourceFile, Span};

fn string<'a>(object: &'a Object<'_>, key: &str) -> Option<(&'a str, Span)> {
    object
        .properties
        .iter()
        .find(|p| p.name.as_str() == key)
        .and_then(|p| match &p.value {
            Value::StringLit(s) => Some((s.value.as_ref(), s.range.start..s.range.end)),
            _ => None,
        })
}

/// Where a module call or root resource is declared in the `.tf` files.
struct Declarations {
    files: Vec<Arc<SourceFile>>,
    /// ("module", name) or ("resource", "type.name") → (file, span).
    at: HashMap<(String, String), (usize, Span)>,
    /// A root task definition's name → the repositories its `.tf` writes
    /// literally (reported by the configuration's own scan).
    literal_images: HashMap<String, HashSet<String>>,
}

fn declarations(tf_files: &[PathBuf], reader: &Reader) -> Declarations {
    let mut d = Declarations {
        files: Vec::new(),
        at: HashMap::new(),
        literal_images: HashMap::new(),
    };
    for path in tf_files {
        let Ok(file) = reader.read(path) else {
            continue;
        };
        let index = d.files.len();
        for item in outline(&file.text, &[]).items {
            let key = match &item {
                Item::Module { name, header, .. } => (("module".to_string(), name.clone()), header),
                Item::Block {
                    data: false,
                    ty,
                    name,
                    header,
                    ..
                } => (("resource".to_string(), format!("{ty}.{name}")), header),
                _ => continue,
            };
            d.at.entry(key.0).or_insert((index, key.1.clone()));
        }
        if file.text.contains("aws_ecs_task_definition") {
            // A file hcl-edit cannot read is reported by its own scan.
            for item in super::hcl::items(&file.text, 0).unwrap_or_default() {
                if let Item::ContainerImage {
                    task,
                    image: super::outline::Value::Text(reference),
                    ..
                } = item
                {
                    let literal = d.literal_images.entry(task).or_default();
                    literal.extend(crate::scan::images::reference::known_repository(&reference));
                }
            }
        }
        d.files.push(file);
    }
    d
}

/// Reads one plan; `tf_files` are the project's `.tf` files.
pub fn scan(plan: &Path, tf_files: &[PathBuf], reader: &Reader) -> Vec<ScannedFile> {
    let file = match reader.read(plan) {
        Ok(file) => file,
        Err(finding) => return vec![ScannedFile::problem_only(*finding)],
    };
    let parsed = jsonc_parser::parse_to_ast(&file.text, &Default::default(), &Default::default());
    let root = match parsed {
        Ok(result) => result.value,
        Err(e) => {
            let r = e.range();
            return vec![ScannedFile::problem_only(
                Finding::new(
                    &crate::check::PARSE_ERROR,
                    format!("cannot parse the plan: {}", e.kind()),
                )
                .in_file(&file)
                .at(r.start..r.end.max(r.start))
                .help("pass the output of `terraform show -json PLANFILE`"),
            )];
        }
    };
    let Some(Value::Object(root)) = root else {
        return vec![ScannedFile::problem_only(
            Finding::new(&crate::check::PARSE_ERROR, "the plan is not a JSON object")
                .in_file(&file)
                .help("pass the output of `terraform show -json PLANFILE`"),
        )];
    };
    let changes = root
        .properties
        .iter()
        .find(|p| p.name.as_str() == "resource_changes")
        .and_then(|p| match &p.value {
            Value::Array(a) => Some(&a.elements),
            _ => None,
        });
    let decl = declarations(tf_files, reader);
    let mut plan_hits = Vec::new();
    let mut tf_hits: HashMap<usize, Vec<Declaration>> = HashMap::new();
    for change in changes.into_iter().flatten() {
        let Value::Object(change) = change else {
            continue;
        };
        let Some((address, address_span)) = string(change, "address") else {
            continue;
        };
        let Some((ty, _)) = string(change, "type") else {
            continue;
        };
        if string(change, "mode").is_some_and(|(m, _)| m != "managed") {
            continue;
        }
        let actions: Vec<String> = change
            .properties
            .iter()
            .find(|p| p.name.as_str() == "change")
            .and_then(|p| match &p.value {
                Value::Object(o) => o.properties.iter().find(|q| q.name.as_str() == "actions"),
                _ => None,
            })
            .and_then(|p| match &p.value {
                Value::Array(a) => Some(
                    a.elements
                        .iter()
                        .filter_map(|e| match e {
                            Value::StringLit(s) => Some(s.value.to_string()),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_default();
        let action = if actions.iter().any(|a| a == "create") {
            "create"
        } else if actions.iter().any(|a| a == "update") {
            "update"
        } else {
            continue;
        };
        let subject = format!("resource \"{ty}\" ({address}, planned to {action})");
        let module = string(change, "module_address").map(|(m, _)| m.to_string());
        let name = string(change, "name").map(|(n, _)| n).unwrap_or_default();
        let root_key = ("resource".to_string(), format!("{ty}.{name}"));
        let declared_at_root = module.is_none() && decl.at.contains_key(&root_key);
        let located = match &module {
            // `module.store.module.inner` → the call `module "store"` at the root.
            Some(m) => m
                .split('.')
                .nth(1)
                .map(|name| name.split('[').next().unwrap_or(name))
                .and_then(|name| decl.at.get(&("module".to_string(), name.to_string()))),
            None => decl.at.get(&root_key),
        };
        // (declaration, span in the plan when it is not located in a `.tf`)
        let mut found: Vec<(Declaration, Span)> = Vec::new();
        if !declared_at_root {
            // A resource declared in the configuration is reported by its
            // own scan.
            let mut d = Declaration::new(
                Target(&super::RESOURCE),
                ty.to_string(),
                subject,
                address_span.clone(),
            );
            d.attributes = Some(Arc::new(planned_attributes(change)));
            found.push((d, address_span.clone()));
        }
        if ty == "aws_ecs_task_definition" {
            let literal = declared_at_root
                .then(|| decl.literal_images.get(name))
                .flatten();
            for (container, reference, span) in planned_images(change) {
                let context = format!(
                    "of container \"{container}\" in the planned task definition \"{name}\" ({address}, planned to {action})"
                );
                let Some(d) =
                    crate::scan::images::image_declaration(&reference, &context, span.clone())
                else {
                    continue;
                };
                if literal.is_some_and(|l| l.contains(&d.name)) {
                    continue;
                }
                found.push((d, span));
            }
        }
        for (mut d, plan_span) in found {
            match located {
                Some((index, span)) => {
                    // A planned attribute is shown at the module call.
                    if let Some(attributes) = &mut d.attributes {
                        for entry in &mut Arc::make_mut(attributes).entries {
                            entry.2 = span.clone();
                        }
                    }
                    let tf = &decl.files[*index];
                    let line = tf.line_col(span.start).line;
                    d.span = span.clone();
                    d.note = Some(match &module {
                        Some(m) => format!("the plan {action}s it inside {m}"),
                        None => {
                            "the plan resolves the image the configuration computes".to_string()
                        }
                    });
                    d.waiver_lines =
                        waiver::covering_lines(tf, Comments::HashOrSlashes, line, line);
                    tf_hits.entry(*index).or_default().push(d);
                }
                None => {
                    d.span = plan_span;
                    plan_hits.push(d);
                }
            }
        }
    }
    let mut out = vec![ScannedFile {
        declarations: plan_hits,
        ..ScannedFile::empty(file)
    }];
    for (index, declarations) in tf_hits {
        let tf = &decl.files[index];
        out.push(ScannedFile {
            waivers: waiver::find(tf, Comments::HashOrSlashes),
            declarations,
            ..ScannedFile::empty(Arc::clone(tf))
        });
    }
    out
}

/// A planned resource's attributes, from `change.after`: the values the
/// plan knows (nested blocks are arrays of objects there), and what it
/// marks in `change.after_unknown` as known only after apply. Every entry
/// is at the resource's address in the plan.
fn planned_attributes(change: &Object<'_>) -> Attributes {
    let mut out = Attributes::default();
    let Some(the_change) = change.get_object("change") else {
        out.unreadable = Some("the plan has no planned values for it".to_string());
        return out;
    };
    let Some(after) = the_change.get_object("after") else {
        out.unreadable = Some("the plan has no planned values for it".to_string());
        return out;
    };
    let span = string(change, "address").map(|(_, s)| s).unwrap_or(0..0);
    // (object, what after_unknown says of it, path prefix); no recursion.
    let mut stack: Vec<(&Object<'_>, Option<&Object<'_>>, String)> =
        vec![(after, the_change.get_object("after_unknown"), String::new())];
    while let Some((object, unknown, prefix)) = stack.pop() {
        // A value known only after apply is left out of `after`.
        for property in unknown.iter().flat_map(|u| u.properties.iter()) {
            if matches!(&property.value, Value::BooleanLit(b) if b.value)
                && object.get(property.name.as_str()).is_none()
            {
                out.entries.push((
                    format!("{prefix}{}", property.name.as_str()),
                    Reading::Unknown(AFTER_APPLY.to_string()),
                    span.clone(),
                ));
            }
        }
        for property in &object.properties {
            let name = property.name.as_str();
            let path = format!("{prefix}{name}");
            let unknown_here = unknown.and_then(|u| u.get(name)).map(|p| &p.value);
            if matches!(unknown_here, Some(Value::BooleanLit(b)) if b.value) {
                out.entries.push((
                    path,
                    Reading::Unknown(AFTER_APPLY.to_string()),
                    span.clone(),
                ));
                continue;
            }
            let reading = match &property.value {
                Value::NullKeyword(_) => continue,
                Value::StringLit(s) => Reading::Value(s.value.to_string()),
                Value::NumberLit(n) => Reading::Value(n.value.to_string()),
                Value::BooleanLit(b) => Reading::Value(b.value.to_string()),
                Value::Object(o) => {
                    let inner = match unknown_here {
                        Some(Value::Object(u)) => Some(u),
                        _ => None,
                    };
                    stack.push((o, inner, format!("{path}.")));
                    Reading::Block
                }
                Value::Array(a)
                    if !a.elements.is_empty()
                        && a.elements.iter().all(|e| matches!(e, Value::Object(_))) =>
                {
                    let inner: Vec<Option<&Object<'_>>> = match unknown_here {
                        Some(Value::Array(u)) => u
                            .elements
                            .iter()
                            .map(|e| match e {
                                Value::Object(o) => Some(o),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    for (i, element) in a.elements.iter().enumerate() {
                        if let Value::Object(o) = element {
                            out.entries
                                .push((path.clone(), Reading::Block, span.clone()));
                            stack.push((o, inner.get(i).copied().flatten(), format!("{path}.")));
                        }
                    }
                    continue;
                }
                // An empty list: no nested block, or an empty list value.
                Value::Array(a) if a.elements.is_empty() => continue,
                Value::Array(a) => Reading::Value(format!(
                    "[{}]",
                    a.elements
                        .iter()
                        .map(|e| match e {
                            Value::StringLit(s) => format!("{:?}", s.value),
                            Value::NumberLit(n) => n.value.to_string(),
                            Value::BooleanLit(b) => b.value.to_string(),
                            _ => "…".to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            out.entries.push((path, reading, span.clone()));
        }
    }
    out
}

/// The images of a planned task definition: each container's name and
/// `image` of the JSON array
/// in `change.after.container_definitions`, with the span of that string in
/// the plan. Nothing when the plan does not know them yet (computed at
/// apply: `after_unknown`).
fn planned_images(change: &Object<'_>) -> Vec<(String, String, Span)> {
    let Some(after) = change
        .get_object("change")
        .and_then(|c| c.get_object("after"))
    else {
        return Vec::new();
    };
    let Some((json, span)) = string(after, "container_definitions") else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(containers)) = serde_json::from_str(json) else {
        return Vec::new();
    };
    containers
        .iter()
        .filter_map(|c| {
            let image = c.get("image")?.as_str()?;
            let name = c.get("name").and_then(|n| n.as_str()).unwrap_or_default();
            Some((name.to_string(), image.to_string(), span.clone()))
        })
        .collect()
}
