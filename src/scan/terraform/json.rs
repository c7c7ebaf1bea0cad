//! `.tf.json` files (Terraform's JSON syntax) through jsonc-parser, as the
//! same [`Item`]s as `.tf` files. Every block type may be an object or an
//! array of objects, as Terraform allows; a string in expression position is
//! a template, evaluated as a constant where a source is needed.

use std::ops::Range;
use std::sync::Arc;

use jsonc_parser::ast::{Object, ObjectPropName, Value as Json};

use super::outline::{Item, Value};
use crate::scan::target::{Attributes, Reading};

/// Why a JSON file was not read: the message and where.
pub struct JsonError {
    pub message: String,
    pub span: Range<usize>,
}

/// The items of `text` (after any byte-order mark, at `offset`).
pub fn items(text: &str, offset: usize) -> Result<Vec<Item>, JsonError> {
    items_with(text, offset, &|_| false)
}

/// The items of `text`, with the attributes of each resource whose type
/// `attributes_of` names read too (for rules with conditions).
pub fn items_with(
    text: &str,
    offset: usize,
    attributes_of: &dyn Fn(&str) -> bool,
) -> Result<Vec<Item>, JsonError> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        ..Default::default()
    };
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options).map_err(|e| {
        let range = e.range();
        JsonError {
            message: e.kind().to_string(),
            span: range.start + offset..range.end.max(range.start) + offset,
        }
    })?;
    let mut out = Vec::new();
    let Some(Json::Object(root)) = parsed.value else {
        return Err(JsonError {
            message: "the file is not a JSON object".to_string(),
            span: offset..offset,
        });
    };
    let span_of = |r: jsonc_parser::common::Range| r.start + offset..r.end + offset;
    let written = |value: &Json<'_>| {
        let r = value_range(value);
        text.get(r.start..r.end).unwrap_or("").trim().to_string()
    };
    read_blocks(&root, &mut out, &span_of, &written, false, attributes_of);
    Ok(out)
}

/// The attributes of a resource's bodies, read statically: literals, and
/// strings that are templates of constants; nested blocks (objects, or
/// arrays of objects) by their type; any other template, an empty array
/// (no block, or an empty list) and every `dynamic` block unknown.
fn read_attributes(
    bodies: &[&Object<'_>],
    span_of: &dyn Fn(jsonc_parser::common::Range) -> Range<usize>,
    written: &dyn Fn(&Json<'_>) -> String,
) -> Attributes {
    let mut out = Attributes::default();
    let mut stack: Vec<(&Object<'_>, String)> =
        bodies.iter().map(|b| (*b, String::new())).collect();
    while let Some((object, prefix)) = stack.pop() {
        for property in &object.properties {
            let name = property.name.as_str();
            // A `"//"` key is a comment in Terraform's JSON syntax.
            if name == "//" {
                continue;
            }
            let path = format!("{prefix}{name}");
            let span = span_of(property.range);
            let reading = match &property.value {
                Json::NullKeyword(_) => continue,
                Json::StringLit(s) => match string_value(&property.value) {
                    Value::Text(t) => Reading::Value(t),
                    Value::Unknown => Reading::Unknown(s.value.to_string()),
                },
                Json::NumberLit(n) => Reading::Value(n.value.to_string()),
                Json::BooleanLit(b) => Reading::Value(b.value.to_string()),
                Json::Object(o) if name == "dynamic" => {
                    for block in &o.properties {
                        out.entries.push((
                            format!("{prefix}{}", block.name.as_str()),
                            Reading::Unknown(format!("dynamic \"{}\"", block.name.as_str())),
                            span_of(block.range),
                        ));
                    }
                    continue;
                }
                Json::Object(o) => {
                    stack.push((o, format!("{path}.")));
                    Reading::Block
                }
                Json::Array(a)
                    if !a.elements.is_empty()
                        && a.elements.iter().all(|e| matches!(e, Json::Object(_))) =>
                {
                    for element in &a.elements {
                        if let Json::Object(o) = element {
                            out.entries
                                .push((path.clone(), Reading::Block, span.clone()));
                            stack.push((o, format!("{path}.")));
                        }
                    }
                    continue;
                }
                Json::Array(a)
                    if a.elements.iter().all(|e| {
                        matches!(
                            e,
                            Json::NumberLit(_) | Json::BooleanLit(_) | Json::StringLit(_)
                        )
                    }) && !a.elements.is_empty()
                        && !a.elements.iter().any(|e| {
                            matches!(string_value(e), Value::Unknown)
                                && matches!(e, Json::StringLit(_))
                        }) =>
                {
                    Reading::Value(written(&property.value))
                }
                other => Reading::Unknown(written(other)),
            };
            out.entries.push((path, reading, span));
        }
    }
    out.entries.sort_by_key(|(_, _, span)| span.start);
    out
}

fn value_range(value: &Json<'_>) -> jsonc_parser::common::Range {
    use jsonc_parser::common::Ranged;
    value.range()
}

fn name_span(name: &ObjectPropName<'_>) -> jsonc_parser::common::Range {
    match name {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

/// A value that is an object, or each object of an array.
fn objects<'v, 'a>(value: &'v Json<'a>) -> Vec<&'v Object<'a>> {
    match value {
        Json::Object(o) => vec![o],
        Json::Array(a) => a
            .elements
            .iter()
            .filter_map(|e| match e {
                Json::Object(o) => Some(o),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A JSON string in expression position: a template, read as a constant
/// where it is one.
fn string_value(value: &Json<'_>) -> Value {
    let Json::StringLit(s) = value else {
        return Value::Unknown;
    };
    let text = s.value.as_ref();
    if !text.contains("${") && !text.contains("%{") {
        return Value::Text(text.to_string());
    }
    match hcl_edit::parser::parse_template(text) {
        Ok(template) => {
            let expr = hcl_edit::expr::Expression::StringTemplate(template.into());
            super::hcl::constant_string(&expr).map_or(Value::Unknown, Value::Text)
        }
        Err(_) => Value::Unknown,
    }
}

fn read_blocks(
    root: &Object<'_>,
    out: &mut Vec<Item>,
    span_of: &dyn Fn(jsonc_parser::common::Range) -> Range<usize>,
    written: &dyn Fn(&Json<'_>) -> String,
    in_check: bool,
    attributes_of: &dyn Fn(&str) -> bool,
) {
    for top in &root.properties {
        let key = top.name.as_str();
        match key {
            "resource" | "data" if key == "data" || !in_check => {
                for by_type in objects(&top.value) {
                    for ty in &by_type.properties {
                        for by_name in objects(&ty.value) {
                            for named in &by_name.properties {
                                let bodies = objects(&named.value);
                                let attribute = |name: &str| {
                                    bodies.iter().find_map(|b| {
                                        b.properties
                                            .iter()
                                            .find(|p| p.name.as_str() == name)
                                            .map(|p| &p.value)
                                    })
                                };
                                let count = ["count", "for_each"].iter().find_map(|name| {
                                    attribute(name)
                                        .map(|v| (name.to_string(), json_written(v, written)))
                                });
                                let provider = attribute("provider").and_then(|v| match v {
                                    Json::StringLit(s) => s
                                        .value
                                        .split('.')
                                        .next()
                                        .map(|l| l.trim_start_matches("${").to_string()),
                                    _ => None,
                                });
                                out.push(Item::Block {
                                    data: key == "data",
                                    ty: ty.name.as_str().to_string(),
                                    name: named.name.as_str().to_string(),
                                    header: span_of(name_span(&ty.name)),
                                    // JSON refers to resources in strings
                                    // (`${aws_s3_bucket.x.id}`): not read.
                                    body: 0..0,
                                    count,
                                    provider,
                                    attributes: (key == "resource"
                                        && attributes_of(ty.name.as_str()))
                                    .then(|| Arc::new(read_attributes(&bodies, span_of, written))),
                                });
                            }
                        }
                    }
                }
            }
            "module" if !in_check => {
                for by_name in objects(&top.value) {
                    for module in &by_name.properties {
                        let bodies = objects(&module.value);
                        let mut source = None;
                        let mut count = None;
                        for body in &bodies {
                            for p in &body.properties {
                                match p.name.as_str() {
                                    "source" => {
                                        source = Some((string_value(&p.value), span_of(p.range)));
                                    }
                                    name @ ("count" | "for_each") => {
                                        count = Some((
                                            name.to_string(),
                                            json_written(&p.value, written),
                                        ));
                                    }
                                    _ => {}
                                }
                            }
                        }
                        out.push(Item::Module {
                            name: module.name.as_str().to_string(),
                            header: span_of(name_span(&module.name)),
                            source,
                            count,
                        });
                    }
                }
            }
            "provider" if !in_check => {
                for by_name in objects(&top.value) {
                    for provider in &by_name.properties {
                        out.push(Item::ProviderBlock {
                            local: provider.name.as_str().to_string(),
                            header: span_of(name_span(&provider.name)),
                        });
                    }
                }
            }
            "check" if !in_check => {
                for by_name in objects(&top.value) {
                    for check in &by_name.properties {
                        for body in objects(&check.value) {
                            read_blocks(body, out, span_of, written, true, attributes_of);
                        }
                    }
                }
            }
            "terraform" if !in_check => {
                for tf in objects(&top.value) {
                    for rp in tf
                        .properties
                        .iter()
                        .filter(|p| p.name.as_str() == "required_providers")
                    {
                        for providers in objects(&rp.value) {
                            for provider in &providers.properties {
                                let entry = span_of(provider.range);
                                let (source, span) = match &provider.value {
                                    Json::Object(spec) => {
                                        match spec
                                            .properties
                                            .iter()
                                            .find(|p| p.name.as_str() == "source")
                                        {
                                            Some(p) => (
                                                Some(string_value(&p.value)),
                                                span_of(value_range(&p.value)),
                                            ),
                                            None => (None, entry),
                                        }
                                    }
                                    // `"mysql": "~> 1.9"`: a version, with no source.
                                    Json::StringLit(_) => (None, entry),
                                    _ => (Some(Value::Unknown), entry),
                                };
                                out.push(Item::RequiredProvider {
                                    local: provider.name.as_str().to_string(),
                                    source,
                                    span,
                                });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn json_written(value: &Json<'_>, written: &dyn Fn(&Json<'_>) -> String) -> String {
    match value {
        // `"count": "${var.n}"` reads as `var.n`.
        Json::StringLit(s) => s
            .value
            .strip_prefix("${")
            .and_then(|v| v.strip_suffix('}'))
            .unwrap_or(&s.value)
            .trim()
            .to_string(),
        other => written(other),
    }
}
