//! `.tf` files through hcl-edit: the same [`Item`]s as the outline, with
//! constant expressions evaluated the way Terraform evaluates a module or
//! provider source (with no variables and no functions: string templates of
//! constants, parentheses, conditionals on constants, heredocs).

use std::ops::Range;
use std::sync::Arc;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{BlockLabel, Body};
use hcl_edit::template::{Directive, Element, Template};

use super::outline::{Item, Value};
use crate::scan::target::{Attributes, Reading};

/// Why hcl-edit did not read a file.
pub struct HclError {
    pub message: String,
    pub offset: usize,
}

impl HclError {
    /// Whether the error is one where hcl-edit is stricter than Terraform:
    /// its fixed nesting and operator limits, and duplicate object keys
    /// (Terraform keeps the last). A heredoc marker after other white space
    /// is known from the outline instead.
    pub fn is_stricter_than_terraform(&self) -> bool {
        self.message.contains("at most 64 nested levels")
            || self
                .message
                .contains("at most 128 chained binary operators")
            || self.message.contains("redefined object key")
    }
}

/// The items of `text` (after any byte-order mark, at `offset`).
pub fn items(text: &str, offset: usize) -> Result<Vec<Item>, HclError> {
    items_with(text, offset, &|_| false)
}

/// The items of `text`, with the attributes of each resource whose type
/// `attributes_of` names read too (for rules with conditions).
pub fn items_with(
    text: &str,
    offset: usize,
    attributes_of: &dyn Fn(&str) -> bool,
) -> Result<Vec<Item>, HclError> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| HclError {
        message: e.message().to_string(),
        offset: offset + e.location().offset(),
    })?;
    let mut out = Vec::new();
    let shift = |span: Option<Range<usize>>| span.map(|s| s.start + offset..s.end + offset);
    collect(&body, &mut out, text, offset, &shift, false, attributes_of);
    Ok(out)
}

/// The attributes of a resource's body, read statically: constants as
/// Terraform folds them with no variables and no functions, nested blocks
/// by their type, anything else (and every `dynamic` block) unknown.
fn read_attributes(
    body: &Body,
    text: &str,
    offset: usize,
    shift: &dyn Fn(Option<Range<usize>>) -> Option<Range<usize>>,
    whole: Range<usize>,
) -> Attributes {
    let written = |span: Option<Range<usize>>| {
        shift(span)
            .and_then(|s| text.get(s.start - offset..s.end - offset))
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Attributes::default();
    // Bodies still to read, with the path they stand at; no recursion.
    let mut stack: Vec<(&Body, String)> = vec![(body, String::new())];
    while let Some((body, prefix)) = stack.pop() {
        for structure in body.iter() {
            if let Some(attribute) = structure.as_attribute() {
                let path = format!("{prefix}{}", attribute.key.as_str());
                let span = shift(attribute.span()).unwrap_or(whole.clone());
                match evaluate(&attribute.value, 0) {
                    Some(constant) => flatten(path, constant, &span, &mut out),
                    None => out.entries.push((
                        path,
                        Reading::Unknown(written(attribute.value.span())),
                        span,
                    )),
                }
            } else if let Some(block) = structure.as_block() {
                let span = shift(block.ident.span()).unwrap_or(whole.clone());
                if block.ident.as_str() == "dynamic" {
                    let name = block.labels.first().map(label_text).unwrap_or("");
                    let span = block
                        .labels
                        .first()
                        .and_then(|l| shift(l.span()))
                        .map_or(span.clone(), |l| span.start..l.end);
                    out.entries.push((
                        format!("{prefix}{name}"),
                        Reading::Unknown(format!("dynamic \"{name}\"")),
                        span,
                    ));
                    continue;
                }
                let path = format!("{prefix}{}", block.ident.as_str());
                out.entries.push((path.clone(), Reading::Block, span));
                stack.push((&block.body, format!("{path}.")));
            }
        }
    }
    // In source order, whatever order the stack read them in.
    out.entries.sort_by_key(|(_, _, span)| span.start);
    out
}

/// A constant list as one value: `["a", 1, true]` (nested lists and
/// objects as `[…]` and `{…}`).
fn list_text(items: &[Constant]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|c| match c {
            Constant::Text(s) => format!("{s:?}"),
            Constant::Number(n) => n.clone(),
            Constant::Bool(b) => b.to_string(),
            Constant::Null => "null".to_string(),
            Constant::List(_) => "[…]".to_string(),
            Constant::Object(_) => "{…}".to_string(),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// A constant attribute's entries: a scalar as its text, a list as
/// written, an object as a block with its keys beneath it.
fn flatten(path: String, constant: Constant, span: &Range<usize>, out: &mut Attributes) {
    let mut stack = vec![(path, constant)];
    while let Some((path, constant)) = stack.pop() {
        let reading = match constant {
            Constant::Null => continue,
            Constant::Text(s) | Constant::Number(s) => Reading::Value(s),
            Constant::Bool(b) => Reading::Value(b.to_string()),
            Constant::List(items) => Reading::Value(list_text(&items)),
            Constant::Object(items) => {
                for (key, value) in items.into_iter().rev() {
                    stack.push((format!("{path}.{key}"), value));
                }
                Reading::Block
            }
        };
        out.entries.push((path, reading, span.clone()));
    }
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(ident) => ident.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

fn collect(
    body: &Body,
    out: &mut Vec<Item>,
    text: &str,
    offset: usize,
    shift: &dyn Fn(Option<Range<usize>>) -> Option<Range<usize>>,
    in_check: bool,
    attributes_of: &dyn Fn(&str) -> bool,
) {
    for block in body.blocks() {
        let Some(block_span) = shift(block.span()) else {
            continue;
        };
        let label = |i: usize| {
            block
                .labels
                .get(i)
                .map(label_text)
                .unwrap_or("")
                .to_string()
        };
        let header_end = block
            .labels
            .last()
            .and_then(|l| shift(l.span()))
            .map_or_else(
                || shift(block.ident.span()).map_or(block_span.end, |s| s.end),
                |s| s.end,
            );
        let header = block_span.start..header_end;
        let written = |expr: &Expression| {
            shift(expr.span())
                .and_then(|s| text.get(s.start - offset..s.end - offset))
                .map(|t| t.trim().to_string())
                .unwrap_or_default()
        };
        let count = || {
            ["count", "for_each"].iter().find_map(|name| {
                block
                    .body
                    .get_attribute(name)
                    .map(|a| (name.to_string(), written(&a.value)))
            })
        };
        match block.ident.as_str() {
            "resource" if !in_check => {
                let attributes = attributes_of(&label(0)).then(|| {
                    Arc::new(read_attributes(
                        &block.body,
                        text,
                        offset,
                        shift,
                        header.clone(),
                    ))
                });
                out.push(Item::Block {
                    data: false,
                    ty: label(0),
                    name: label(1),
                    body: block_span.clone(),
                    header: header.clone(),
                    count: count(),
                    provider: provider_local(&block.body),
                    attributes,
                });
                if label(0) == "aws_ecs_task_definition"
                    && let Some(definitions) = block.body.get_attribute("container_definitions")
                {
                    for image in super::ecs::images(&definitions.value, text, offset, shift) {
                        out.push(Item::ContainerImage {
                            task: label(1),
                            header: header.clone(),
                            image: image.value,
                            span: image.span,
                            count: count(),
                        });
                    }
                }
            }
            "data" => out.push(Item::Block {
                data: true,
                ty: label(0),
                name: label(1),
                body: block_span.clone(),
                header,
                count: count(),
                provider: provider_local(&block.body),
                attributes: None,
            }),
            "module" if !in_check => {
                let source = block.body.get_attribute("source").map(|a| {
                    let span = shift(a.value.span()).unwrap_or(block_span.clone());
                    let value = constant_string(&a.value).map_or(Value::Unknown, Value::Text);
                    (value, span)
                });
                out.push(Item::Module {
                    name: label(0),
                    header,
                    source,
                    count: count(),
                });
            }
            "provider" if !in_check => out.push(Item::ProviderBlock {
                local: label(0),
                header,
            }),
            "check" if !in_check => {
                collect(&block.body, out, text, offset, shift, true, attributes_of)
            }
            "terraform" if !in_check => {
                for inner in block
                    .body
                    .blocks()
                    .filter(|b| b.ident.as_str() == "required_providers")
                {
                    for attribute in inner.body.attributes() {
                        let entry_span = shift(attribute.span()).unwrap_or(block_span.clone());
                        let (source, span) = match &attribute.value {
                            Expression::Object(object) => {
                                let mut found = None;
                                let mut unknown_key = false;
                                for (key, value) in object.iter() {
                                    let key_text = match key {
                                        ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                                        ObjectKey::Expression(e) => constant_string(e),
                                    };
                                    match key_text.as_deref() {
                                        Some("source") => {
                                            let span = shift(value.expr().span())
                                                .unwrap_or(entry_span.clone());
                                            let v = constant_string(value.expr())
                                                .map_or(Value::Unknown, Value::Text);
                                            found = Some((v, span));
                                        }
                                        Some(_) => {}
                                        None => unknown_key = true,
                                    }
                                }
                                match found {
                                    Some((v, span)) => (Some(v), span),
                                    None if unknown_key => (Some(Value::Unknown), entry_span),
                                    None => (None, entry_span),
                                }
                            }
                            // `name = "~> 1.0"`: a version, with no source.
                            value if constant_string(value).is_some() => (None, entry_span),
                            _ => (Some(Value::Unknown), entry_span),
                        };
                        out.push(Item::RequiredProvider {
                            local: attribute.key.as_str().to_string(),
                            source,
                            span,
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

/// The local name of a `provider = aws.west` meta-argument.
fn provider_local(body: &Body) -> Option<String> {
    let attribute = body.get_attribute("provider")?;
    match &attribute.value {
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        },
        Expression::Variable(v) => Some(v.as_str().to_string()),
        _ => None,
    }
}

/// A constant expression's value, as Terraform's evaluation with no
/// variables and no functions gives it.
#[derive(Debug, Clone, PartialEq)]
enum Constant {
    Text(String),
    Bool(bool),
    Number(String),
    Null,
    List(Vec<Constant>),
    Object(Vec<(String, Constant)>),
}

impl Constant {
    /// The string a template interpolation makes of the value.
    fn into_text(self) -> Option<String> {
        match self {
            Constant::Text(s) | Constant::Number(s) => Some(s),
            Constant::Bool(b) => Some(b.to_string()),
            Constant::Null | Constant::List(_) | Constant::Object(_) => None,
        }
    }
}

/// What the outline could not read, read from its own text: the value of a
/// module source, or of a `required_providers` entry (an object whose
/// `source` may be computed). `Some(None)` is an entry with no source;
/// `None`, a value adrift cannot evaluate.
pub fn resolve(expression: &str, entry: bool) -> Option<Option<String>> {
    let expr = hcl_edit::parser::parse_expr(expression.trim()).ok()?;
    match evaluate(&expr, 0)? {
        Constant::Text(s) => Some(Some(s)),
        Constant::Object(items) if entry => match items.into_iter().find(|(k, _)| k == "source") {
            Some((_, value)) => value.into_text().map(Some),
            None => Some(None),
        },
        _ => None,
    }
}

/// Whether a block with this `count` or `for_each` (as written) declares
/// nothing, as Terraform folds constants: a count of zero (`0`, `"0"`,
/// `false ? 1 : 0`) or a `for_each` of an empty object (`{}`). Anything
/// adrift cannot evaluate may create.
pub fn declares_nothing(name: &str, written: &str) -> bool {
    let Ok(expr) = hcl_edit::parser::parse_expr(written.trim()) else {
        return false;
    };
    match (name, evaluate(&expr, 0)) {
        ("count", Some(Constant::Number(n) | Constant::Text(n))) => {
            n.parse::<f64>().is_ok_and(|n| n == 0.0)
        }
        ("for_each", Some(Constant::Object(items))) => items.is_empty(),
        _ => false,
    }
}

/// The string a constant expression evaluates to, if it is one.
pub fn constant_string(expr: &Expression) -> Option<String> {
    match evaluate(expr, 0)? {
        Constant::Text(s) => Some(s),
        _ => None,
    }
}

/// Deeper than this, an expression is not read (it is then unknown).
const MAX_DEPTH: usize = 32;

fn evaluate(expr: &Expression, depth: usize) -> Option<Constant> {
    use hcl_edit::expr::TraversalOperator;
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expression::String(s) => Some(Constant::Text(s.as_str().to_string())),
        Expression::Bool(b) => Some(Constant::Bool(*b.value())),
        Expression::Number(n) => Some(Constant::Number(n.to_string())),
        Expression::Null(_) => Some(Constant::Null),
        Expression::StringTemplate(t) => template(t, depth + 1).map(Constant::Text),
        Expression::HeredocTemplate(h) => template(&h.template, depth + 1).map(Constant::Text),
        Expression::Parenthesis(p) => evaluate(p.inner(), depth + 1),
        Expression::Conditional(c) => match evaluate(&c.cond_expr, depth + 1)? {
            Constant::Bool(true) => evaluate(&c.true_expr, depth + 1),
            Constant::Bool(false) => evaluate(&c.false_expr, depth + 1),
            _ => None,
        },
        Expression::Array(a) => a
            .iter()
            .map(|e| evaluate(e, depth + 1))
            .collect::<Option<Vec<_>>>()
            .map(Constant::List),
        Expression::Object(o) => {
            let mut items: Vec<(String, Constant)> = Vec::new();
            for (key, value) in o.iter() {
                let key = match key {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(e) => evaluate(e, depth + 1)?.into_text()?,
                };
                let value = evaluate(value.expr(), depth + 1)?;
                // A later key wins, as in Terraform.
                items.retain(|(k, _)| *k != key);
                items.push((key, value));
            }
            Some(Constant::Object(items))
        }
        Expression::Traversal(t) => {
            let mut value = evaluate(&t.expr, depth + 1)?;
            for operator in &t.operators {
                value = match (operator.value(), value) {
                    (TraversalOperator::GetAttr(name), Constant::Object(items)) => {
                        items.into_iter().find(|(k, _)| k == name.as_str())?.1
                    }
                    (TraversalOperator::Index(index), Constant::List(list)) => {
                        let i: usize = evaluate(index, depth + 1)?.into_text()?.parse().ok()?;
                        list.into_iter().nth(i)?
                    }
                    (TraversalOperator::Index(index), Constant::Object(items)) => {
                        let key = evaluate(index, depth + 1)?.into_text()?;
                        items.into_iter().find(|(k, _)| *k == key)?.1
                    }
                    (TraversalOperator::LegacyIndex(i), Constant::List(list)) => {
                        list.into_iter().nth(usize::try_from(*i.value()).ok()?)?
                    }
                    _ => return None,
                };
            }
            Some(value)
        }
        _ => None,
    }
}

/// One piece of an evaluated template: literal text, or an interpolated
/// value with its strip markers (`${~ … ~}` trims the white space of the
/// literals beside it).
enum Piece {
    Literal(String),
    Value {
        text: String,
        strip_before: bool,
        strip_after: bool,
    },
}

fn template(template: &Template, depth: usize) -> Option<String> {
    let mut pieces = Vec::new();
    collect_pieces(template, depth, &mut pieces)?;
    // Apply strip markers to the literals beside each value.
    for i in 0..pieces.len() {
        let (before, after) = match &pieces[i] {
            Piece::Value {
                strip_before,
                strip_after,
                ..
            } => (*strip_before, *strip_after),
            Piece::Literal(_) => continue,
        };
        if before
            && i > 0
            && let Piece::Literal(l) = &mut pieces[i - 1]
        {
            *l = l.trim_end().to_string();
        }
        if after && let Some(Piece::Literal(l)) = pieces.get_mut(i + 1) {
            *l = l.trim_start().to_string();
        }
    }
    Some(
        pieces
            .into_iter()
            .map(|p| match p {
                Piece::Literal(s) => s,
                Piece::Value { text, .. } => text,
            })
            .collect(),
    )
}

fn collect_pieces(template: &Template, depth: usize, out: &mut Vec<Piece>) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    for element in template.iter() {
        match element {
            Element::Literal(literal) => out.push(Piece::Literal(literal.value().to_string())),
            Element::Interpolation(interpolation) => out.push(Piece::Value {
                text: evaluate(&interpolation.expr, depth + 1)?.into_text()?,
                strip_before: interpolation.strip.strip_start(),
                strip_after: interpolation.strip.strip_end(),
            }),
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(d) => {
                    let strips = d.if_expr.strip.strip_start()
                        || d.if_expr.strip.strip_end()
                        || d.else_expr
                            .as_ref()
                            .is_some_and(|e| e.strip.strip_start() || e.strip.strip_end())
                        || d.endif_expr.strip.strip_start()
                        || d.endif_expr.strip.strip_end();
                    if strips {
                        // Strip markers on directives: not read (unknown).
                        return None;
                    }
                    let chosen = match evaluate(&d.if_expr.cond_expr, depth + 1)? {
                        Constant::Bool(true) => Some(&d.if_expr.template),
                        Constant::Bool(false) => d.else_expr.as_ref().map(|e| &e.template),
                        _ => return None,
                    };
                    if let Some(chosen) = chosen {
                        collect_pieces(chosen, depth + 1, out)?;
                    }
                }
                Directive::For(_) => return None,
            },
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Value {
        let items = items(text, 0).ok().expect("parses");
        match &items[0] {
            Item::Module { source, .. } => source.clone().expect("a source").0,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sources_evaluate_as_terraform_evaluates_them() {
        let want = Value::Text("terraform-aws-modules/rds/aws".into());
        for written in [
            "\"terraform-aws-modules/rds/aws\"",
            "\"terraform-aws-modules/rds\\u002Faws\"",
            "\"${\"terraform-aws-modules/rds/aws\"}\"",
            "\"terraform-aws-modules/${\"rds\"}/aws\"",
            "(\"terraform-aws-modules/rds/aws\")",
            "true ? \"terraform-aws-modules/rds/aws\" : \"x\"",
            "\"%{ if true }terraform-aws-modules/rds%{ else }x%{ endif }/aws\"",
            "\"${~ \"terraform-aws-modules/rds/aws\" ~}\"",
            "\" ${~ \"terraform-aws-modules/rds/aws\" ~} \"",
            "[\"terraform-aws-modules/rds/aws\"][0]",
            "{ s = \"terraform-aws-modules/rds/aws\" }.s",
            "{ t = \"x\", s = \"terraform-aws-modules/rds/aws\" }[\"s\"]",
        ] {
            let text = format!("module \"m\" {{\n  source = {written}\n}}\n");
            assert_eq!(source(&text), want, "{written}");
        }
        assert_eq!(
            source("module \"m\" {\n  source = var.x\n}\n"),
            Value::Unknown
        );
    }

    #[test]
    fn attributes_read_statically() {
        let text = r#"resource "aws_rds_cluster" "c" {
  engine         = "aurora-postgresql"
  engine_mode    = var.engine_mode
  port           = 5432
  storage_encrypted = true
  deletion_protection = null
  engine_version = "${var.major}.4"
  kms_key_id     = lookup(var.keys, "db")
  master_username = "ad${"min"}"
  iops           = var.fast ? 1000 : null
  tags           = { team = "data" }
  zones          = ["a", 1]
  serverlessv2_scaling_configuration {
    max_capacity = 16
  }
  dynamic "restore_to_point_in_time" {
    for_each = var.restore
    content { source_cluster_identifier = "x" }
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "x"
}
"#;
        let items = items_with(text, 0, &|ty| ty == "aws_rds_cluster")
            .ok()
            .expect("parses");
        let read = |i: usize| match &items[i] {
            Item::Block { attributes, .. } => attributes.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(read(1), None, "only the resources asked for");
        let attributes = read(0).expect("read");
        let got: Vec<String> = attributes
            .entries
            .iter()
            .map(|(path, reading, span)| {
                format!(
                    "{path} {reading:?} {:?}",
                    &text[span.clone()].lines().next().unwrap_or("")
                )
            })
            .collect();
        let want = [
            r#"engine Value("aurora-postgresql") "engine         = \"aurora-postgresql\"""#,
            r#"engine_mode Unknown("var.engine_mode") "engine_mode    = var.engine_mode""#,
            r#"port Value("5432") "port           = 5432""#,
            r#"storage_encrypted Value("true") "storage_encrypted = true""#,
            r#"engine_version Unknown("\"${var.major}.4\"") "engine_version = \"${var.major}.4\"""#,
            r#"kms_key_id Unknown("lookup(var.keys, \"db\")") "kms_key_id     = lookup(var.keys, \"db\")""#,
            r#"master_username Value("admin") "master_username = \"ad${\"min\"}\"""#,
            r#"iops Unknown("var.fast ? 1000 : null") "iops           = var.fast ? 1000 : null""#,
            r#"tags Block "tags           = { team = \"data\" }""#,
            r#"tags.team Value("data") "tags           = { team = \"data\" }""#,
            r#"zones Value("[\"a\", 1]") "zones          = [\"a\", 1]""#,
            r#"serverlessv2_scaling_configuration Block "serverlessv2_scaling_configuration""#,
            r#"serverlessv2_scaling_configuration.max_capacity Value("16") "max_capacity = 16""#,
            r#"restore_to_point_in_time Unknown("dynamic \"restore_to_point_in_time\"") "dynamic \"restore_to_point_in_time\"""#,
        ];
        assert_eq!(got, want);
    }
}
