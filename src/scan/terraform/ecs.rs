//! ECS task definitions in Terraform: the container images of an
//! `aws_ecs_task_definition`'s `container_definitions`, where this
//! platform declares its sidecars.
//!
//! `container_definitions` is a JSON string. Terraform code writes it three
//! ways, and each is read: `jsonencode([{ image = "…" }, …])` (HCL objects:
//! each `image` is evaluated as a constant), a heredoc or string of JSON (its
//! `"image"` members, with JSON's escapes decoded; interpolations make a
//! value unknown), and anything else (a variable, `file(…)`,
//! `templatefile(…)`), whose images adrift cannot see: with `check --plan`
//! the plan's `container_definitions` holds them. An image that is computed
//! (`"${var.repository}:${var.tag}"`) is unknown and not reported; the
//! README says so.

use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};

use super::hcl::constant_string;
use super::outline::Value;

/// One container's image: its value (unknown when computed) and the span of
/// what is written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub value: Value,
    pub span: Range<usize>,
}

/// The images of a `container_definitions` expression. `shift` maps
/// hcl-edit's spans to the file's; `text` is the file (from `offset`).
pub fn images(
    expr: &Expression,
    text: &str,
    offset: usize,
    shift: &dyn Fn(Option<Range<usize>>) -> Option<Range<usize>>,
) -> Vec<Image> {
    let mut out = Vec::new();
    match expr {
        Expression::FuncCall(call)
            if call.name.namespace.is_empty() && call.name.name.as_str() == "jsonencode" =>
        {
            if let Some(arg) = call.args.iter().next() {
                hcl_images(arg, shift, &mut out);
            }
        }
        Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
            let Some(span) = shift(expr.span()) else {
                return out;
            };
            let Some(written) = text.get(span.start - offset..span.end - offset) else {
                return out;
            };
            // Where the JSON stands verbatim in the file (a heredoc or a
            // string without escapes), spans point into it; else at the
            // whole value.
            match constant_string(expr) {
                Some(json) => match written.find(json.as_str()) {
                    Some(at) if !json.is_empty() => {
                        json_images(&json, span.start + at, None, &mut out);
                    }
                    _ => json_images(&json, span.start, Some(span.clone()), &mut out),
                },
                None => templated_images(written, span.start, &mut out),
            }
        }
        _ => {}
    }
    out
}

/// `jsonencode([{ name = "db", image = "postgres:16" }])`: every object of
/// the list (or the one object) with an `image` key.
fn hcl_images(
    expr: &Expression,
    shift: &dyn Fn(Option<Range<usize>>) -> Option<Range<usize>>,
    out: &mut Vec<Image>,
) {
    let objects: Vec<&Expression> = match expr {
        Expression::Array(items) => items.iter().collect(),
        Expression::Object(_) => vec![expr],
        _ => Vec::new(),
    };
    for object in objects {
        let Expression::Object(object) = object else {
            continue;
        };
        for (key, value) in object.iter() {
            let key = match key {
                ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                ObjectKey::Expression(e) => constant_string(e),
            };
            if key.as_deref() != Some("image") {
                continue;
            }
            let Some(span) = shift(value.expr().span()) else {
                continue;
            };
            let value = constant_string(value.expr()).map_or(Value::Unknown, Value::Text);
            out.push(Image { value, span });
        }
    }
}

/// The `"image"` members of JSON text that starts at `base` in the file;
/// `whole` is the span every image gets when the JSON is not verbatim.
fn json_images(json: &str, base: usize, whole: Option<Range<usize>>, out: &mut Vec<Image>) {
    let Ok(Some(value)) =
        jsonc_parser::parse_to_ast(json, &Default::default(), &Default::default()).map(|p| p.value)
    else {
        // Not JSON: Terraform (and ECS) reject it; the text is still searched.
        templated_images(json, base, out);
        return;
    };
    use jsonc_parser::ast::Value as Json;
    use jsonc_parser::common::Ranged;
    let containers: Vec<&Json<'_>> = match &value {
        Json::Array(a) => a.elements.iter().collect(),
        Json::Object(_) => vec![&value],
        _ => Vec::new(),
    };
    for container in containers {
        let Json::Object(object) = container else {
            continue;
        };
        for property in &object.properties {
            if property.name.as_str() != "image" {
                continue;
            }
            let range = property.value.range();
            let span = whole
                .clone()
                .unwrap_or(base + range.start..base + range.end);
            let value = match &property.value {
                Json::StringLit(s) => Value::Text(s.value.to_string()),
                _ => Value::Unknown,
            };
            out.push(Image { value, span });
        }
    }
}

/// `"image": "…"` members of JSON with interpolations (a template): a value
/// with an interpolation is unknown; one without has its escapes decoded.
fn templated_images(written: &str, base: usize, out: &mut Vec<Image>) {
    let bytes = written.as_bytes();
    let mut from = 0;
    while let Some(at) = written[from..].find("\"image\"") {
        let key_end = from + at + "\"image\"".len();
        from = key_end;
        let rest = &written[key_end..];
        let after_colon = rest.trim_start();
        let Some(after_colon) = after_colon.strip_prefix(':') else {
            continue;
        };
        let value_text = after_colon.trim_start();
        let start = written.len() - value_text.len();
        if bytes.get(start) != Some(&b'"') {
            continue;
        }
        // The string's end: the next quote not escaped and not inside `${ }`.
        let mut i = start + 1;
        let mut depth = 0usize;
        let mut end = None;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    depth += 1;
                    i += 1;
                }
                b'}' if depth > 0 => depth -= 1,
                b'"' if depth == 0 => {
                    end = Some(i + 1);
                    break;
                }
                b'\n' => break,
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else {
            continue;
        };
        let literal = &written[start..end];
        let value = if literal.contains("${") || literal.contains("%{") {
            Value::Unknown
        } else {
            serde_json::from_str::<String>(literal).map_or(Value::Unknown, Value::Text)
        };
        out.push(Image {
            value,
            span: base + start..base + end,
        });
        from = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(Value, String)> {
        let body = hcl_edit::parser::parse_body(text).expect("parses");
        let block = body.blocks().next().expect("a block");
        let expr = &block
            .body
            .get_attribute("container_definitions")
            .expect("attribute")
            .value;
        images(expr, text, 0, &|s| s)
            .into_iter()
            .map(|i| (i.value, text[i.span].to_string()))
            .collect()
    }

    #[test]
    fn jsonencode_objects() {
        let got = read(
            "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = jsonencode([\n    { name = \"app\", image = \"${var.repo}:${var.tag}\" },\n    { name = \"db\", \"image\" = \"postgres:16\" },\n  ])\n}\n",
        );
        assert_eq!(
            got,
            [
                (Value::Unknown, "\"${var.repo}:${var.tag}\"".to_string()),
                (
                    Value::Text("postgres:16".to_string()),
                    "\"postgres:16\"".to_string()
                ),
            ]
        );
    }

    #[test]
    fn heredoc_json_verbatim_and_templated() {
        let got = read(
            "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = <<EOT\n[{\"name\": \"db\", \"image\": \"redis:7\"}, {\"image\": \"\\u0070ostgres\"}]\nEOT\n}\n",
        );
        assert_eq!(
            got,
            [
                (
                    Value::Text("redis:7".to_string()),
                    "\"redis:7\"".to_string()
                ),
                (
                    Value::Text("postgres".to_string()),
                    "\"\\u0070ostgres\"".to_string()
                ),
            ]
        );
        let got = read(
            "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = <<EOT\n[{\"image\": \"${var.app}\"}, {\"image\" : \"mysql:8\", \"x\": \"${jsonencode(\"a\")}\"}]\nEOT\n}\n",
        );
        assert_eq!(
            got,
            [
                (Value::Unknown, "\"${var.app}\"".to_string()),
                (
                    Value::Text("mysql:8".to_string()),
                    "\"mysql:8\"".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_quoted_json_string() {
        let got = read(
            "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = \"[{\\\"image\\\": \\\"mongo:7\\\"}]\"\n}\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, Value::Text("mongo:7".to_string()));
    }
}
