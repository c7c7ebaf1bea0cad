//! A CloudFormation template as text in, resources out: no I/O, never a
//! panic, never unbounded recursion.
//!
//! YAML goes through the shared reader ([`crate::scan::yaml`]), which keeps
//! short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`, ...) as tags on
//! their nodes, so they never stop the reading; JSON goes through
//! jsonc-parser (strict JSON, as CloudFormation reads it) into the same
//! nodes. One reading of the nodes then finds the resources.
//!
//! A document is a template when it is a mapping with
//! `AWSTemplateFormatVersion`, or whose `Resources` mapping holds an entry
//! with a `Type` that looks like a resource type (`Service::Resource`,
//! `AWS::…`, `Custom::…`). A document that is not a template gives nothing.
//! In a template, what CloudFormation rejects is a located problem:
//! `Resources` that is not a mapping, a logical id declared twice, a
//! resource that is not a mapping or has no `Type`, a `Type` that is not a
//! literal string or not a resource type. What can be read is still read.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use jsonc_parser::ast::Value as Json;

use crate::scan::yaml::{self, Kind, Node, Stream, YamlError};

pub type Span = Range<usize>;

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
}

/// One resource of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The logical id (the key under `Resources`) and its span.
    pub logical_id: String,
    pub id_span: Span,
    /// The `Type` as written, and the span of its value.
    pub ty: String,
    pub ty_span: Span,
    /// The resource's `Condition`: `Some("")` when it is not a plain name.
    pub condition: Option<String>,
    /// CDK's `Metadata: aws:cdk:path` (`MyStack/Orders/Resource`).
    pub cdk_path: Option<String>,
    /// Waivers in the resource's `Metadata: adrift: allow: [...]`.
    pub waivers: Vec<MetaWaiver>,
    /// For `AWS::ECS::TaskDefinition`: each `ContainerDefinitions[].Image`
    /// (for the images ecosystem): the string when it is a literal one
    /// (`None` for an intrinsic such as `!Sub`), and the value's span.
    pub images: Vec<(Option<String>, Span)>,
}

/// A waiver written in a resource's metadata (for JSON, which has no
/// comments): `{"rule": "...", "reason": "...", "until": "YYYY-MM-DD"}`.
/// An entry that is not of that shape has an empty `rule` (reported as an
/// invalid waiver).
#[derive(Debug, Clone, PartialEq)]
pub struct MetaWaiver {
    pub rule: String,
    pub reason: Option<String>,
    pub until: Option<String>,
    pub span: Span,
}

/// Something CloudFormation would reject, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub span: Span,
}

/// What a file gave.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Whether some document is a template.
    pub template: bool,
    pub resources: Vec<Resource>,
    pub problems: Vec<Problem>,
    /// The YAML syntax error, if any (what was read before it is above).
    pub yaml_error: Option<YamlError>,
    /// The JSON syntax error, if any: its message and span.
    pub json_error: Option<Problem>,
}

/// The text stage: whether `text` may hold a template or a resource type at
/// all. Every resource type has `::`, every template a type or
/// `AWSTemplateFormatVersion`; an escape (JSON `\u`, YAML `\x`, `\u`, `\U`,
/// or an escaped line break in a double-quoted scalar) could spell either,
/// so a file with one is read. A file this says no to gives nothing (a
/// property test and the fuzz target hold [`read`] to that).
pub fn may_declare(text: &str) -> bool {
    text.contains("::") || text.contains("AWSTemplateFormatVersion") || has_spelling_escape(text)
}

/// Whether a file that does not parse could be a template, so that its
/// syntax error is adrift's to report: it names an AWS, custom or Alexa
/// type or `AWSTemplateFormatVersion`, or has an escape that could.
pub fn could_be_template(text: &str) -> bool {
    ["AWS::", "Custom::", "Alexa::", "AWSTemplateFormatVersion"]
        .iter()
        .any(|w| text.contains(w))
        || has_spelling_escape(text)
}

fn has_spelling_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\\', bytes)
        .any(|i| matches!(bytes.get(i + 1), Some(b'u' | b'U' | b'x' | b'\n' | b'\r')))
}

/// Whether a `Type` value has the shape of a resource type: two or more
/// non-empty parts joined by `::`.
pub fn looks_like_type(ty: &str) -> bool {
    ty.contains("::") && ty.split("::").all(|p| !p.trim().is_empty())
}

/// Reads `text` (after any byte-order mark) as a template in `syntax`.
pub fn read(text: &str, syntax: Syntax) -> Parsed {
    let mut out = Parsed::default();
    let stream = match syntax {
        Syntax::Yaml => {
            let mut stream = yaml::parse(text);
            out.yaml_error = stream.error.take();
            stream
        }
        Syntax::Json => {
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            match json_tree(&text[bom..], bom) {
                Ok(Some(root)) => Stream {
                    documents: vec![root],
                    error: None,
                },
                Ok(None) => Stream::default(),
                Err(problem) => {
                    out.json_error = Some(problem);
                    Stream::default()
                }
            }
        }
    };
    let anchors = Anchors::new(&stream);
    for document in &stream.documents {
        read_document(&anchors, document, &mut out);
    }
    out
}

/// How many aliases in a row are followed (an alias of an alias ...).
const MAX_ALIASES: usize = 8;

/// Every anchored node of a stream by anchor id, in text order: built once,
/// so following an alias costs a binary search, not a walk of the stream.
struct Anchors<'a> {
    by_id: HashMap<usize, Vec<&'a Node>>,
}

impl<'a> Anchors<'a> {
    fn new(stream: &'a Stream) -> Self {
        let mut by_id: HashMap<usize, Vec<&'a Node>> = HashMap::new();
        let mut stack: Vec<&'a Node> = stream.documents.iter().rev().collect();
        while let Some(node) = stack.pop() {
            if node.anchor != 0 {
                by_id.entry(node.anchor).or_default().push(node);
            }
            match &node.kind {
                Kind::Map(entries) => {
                    for (k, v) in entries.iter().rev() {
                        stack.push(v);
                        stack.push(k);
                    }
                }
                Kind::Seq(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
        for nodes in by_id.values_mut() {
            nodes.sort_by_key(|n| n.span.start);
        }
        Anchors { by_id }
    }

    /// The node anchor `id` was last set on before `before` (YAML lets a
    /// later anchor reuse a name).
    fn anchored(&self, id: usize, before: usize) -> Option<&'a Node> {
        let nodes = self.by_id.get(&id)?;
        let n = nodes.partition_point(|n| n.span.start < before);
        n.checked_sub(1).map(|i| nodes[i])
    }
}

/// The node an alias names (the node itself when it is not one).
fn follow<'a>(stream: &Anchors<'a>, node: &'a Node) -> &'a Node {
    let mut node = node;
    for _ in 0..MAX_ALIASES {
        match node.kind {
            Kind::Alias(id) => match stream.anchored(id, node.span.start) {
                Some(target) => node = target,
                None => return node,
            },
            _ => return node,
        }
    }
    node
}

/// The values of every entry whose key is `key` (a key written twice is
/// read both times).
fn values<'a>(stream: &Anchors<'a>, map: &'a Node, key: &str) -> Vec<(&'a Node, &'a Node)> {
    follow(stream, map)
        .entries()
        .unwrap_or(&[])
        .iter()
        .filter(|(k, _)| k.as_str() == Some(key))
        .map(|(k, v)| (k, follow(stream, v)))
        .collect()
}

/// A scalar written as a literal string: no intrinsic tag (`!Ref`), not a
/// plain null.
fn literal(node: &Node) -> Option<&str> {
    let plain_tag = node.tag.as_deref().is_none_or(|t| t == "!!str" || t == "!");
    match &node.kind {
        Kind::Scalar { value, .. } if plain_tag && !node.is_null() => Some(value),
        _ => None,
    }
}

/// A span never empty where the text has a character to point at.
fn at(node: &Node) -> Span {
    node.span.clone()
}

fn read_document<'a>(stream: &Anchors<'a>, document: &'a Node, out: &mut Parsed) {
    let root = follow(stream, document);
    let Some(entries) = root.entries() else {
        return;
    };
    let has_key = |key: &str| entries.iter().any(|(k, _)| k.as_str() == Some(key));
    let sections = values(stream, root, "Resources");
    let typed_entry = sections.iter().any(|(_, section)| {
        section.entries().is_some_and(|resources| {
            resources.iter().any(|(_, body)| {
                values(stream, body, "Type")
                    .iter()
                    .any(|(_, ty)| ty.as_str().is_some_and(looks_like_type))
            })
        })
    });
    if !(has_key("AWSTemplateFormatVersion") || typed_entry) {
        return;
    }
    out.template = true;
    let problem = |out: &mut Parsed, message: String, span: Span| {
        out.problems.push(Problem { message, span });
    };
    if let Some((key, _)) = sections.get(1) {
        problem(
            out,
            "the template has a second Resources section: CloudFormation rejects a key written twice".to_string(),
            at(key),
        );
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for (key, section) in &sections {
        let Some(resources) = section.entries() else {
            let span = if section.span.is_empty() {
                at(key)
            } else {
                at(section)
            };
            problem(
                out,
                "Resources is not a mapping of logical ids to resources".to_string(),
                span,
            );
            continue;
        };
        for (id_node, body) in resources {
            let Some(id) = id_node.as_str() else {
                problem(
                    out,
                    "a logical id under Resources is not a name".to_string(),
                    at(id_node),
                );
                continue;
            };
            if !seen.insert(id) {
                problem(
                    out,
                    format!(
                        "logical id \"{id}\" is declared twice: CloudFormation rejects the template"
                    ),
                    at(id_node),
                );
            }
            read_resource(stream, id, id_node, follow(stream, body), out);
        }
    }
}

fn read_resource<'a>(
    stream: &Anchors<'a>,
    id: &str,
    id_node: &'a Node,
    body: &'a Node,
    out: &mut Parsed,
) {
    let mut problem = |message: String, span: Span| out.problems.push(Problem { message, span });
    if body.entries().is_none() {
        problem(
            format!("resource \"{id}\" is not a mapping with a Type"),
            if body.span.is_empty() {
                at(id_node)
            } else {
                at(body)
            },
        );
        return;
    }
    let types = values(stream, body, "Type");
    if types.is_empty() {
        problem(format!("resource \"{id}\" has no Type"), at(id_node));
        return;
    }
    if let Some((key, _)) = types.get(1) {
        problem(
            format!(
                "resource \"{id}\" has a second Type: CloudFormation rejects a key written twice"
            ),
            at(key),
        );
    }
    let condition = values(stream, body, "Condition")
        .first()
        .map(|(_, c)| literal(c).unwrap_or("").to_string());
    let metadata = values(stream, body, "Metadata");
    let cdk_path = metadata
        .iter()
        .flat_map(|(_, m)| values(stream, m, "aws:cdk:path"))
        .find_map(|(_, p)| literal(p).map(str::to_string));
    let waivers = metadata
        .iter()
        .flat_map(|(_, m)| values(stream, m, "adrift"))
        .flat_map(|(_, a)| meta_waivers(stream, a))
        .collect::<Vec<_>>();
    let mut waivers = waivers;
    for (key, ty) in &types {
        let span = if ty.span.is_empty() { at(key) } else { at(ty) };
        let Some(name) = literal(ty) else {
            let why = match (&ty.kind, &ty.tag) {
                (Kind::Scalar { .. }, Some(tag)) => format!("`{tag}`, which"),
                (Kind::Scalar { .. }, None) => "empty, and".to_string(),
                _ => "not a string, and".to_string(),
            };
            problem(
                format!(
                    "the Type of resource \"{id}\" is {why} CloudFormation does not accept: a Type is a literal string"
                ),
                span,
            );
            continue;
        };
        if !looks_like_type(name) {
            problem(
                format!(
                    "the Type of resource \"{id}\" is \"{name}\", which is not a resource type (Service::Resource)"
                ),
                span,
            );
            continue;
        }
        let images = if name.trim() == "AWS::ECS::TaskDefinition" {
            task_images(stream, body)
        } else {
            Vec::new()
        };
        out.resources.push(Resource {
            logical_id: id.to_string(),
            id_span: at(id_node),
            ty: name.to_string(),
            ty_span: span,
            condition: condition.clone(),
            cdk_path: cdk_path.clone(),
            // A second `Type` is already a problem: its waivers stay with
            // the first.
            waivers: std::mem::take(&mut waivers),
            images,
        });
    }
}

/// `ContainerDefinitions[].Image` of a task definition's `Properties`.
fn task_images<'a>(stream: &Anchors<'a>, body: &'a Node) -> Vec<(Option<String>, Span)> {
    values(stream, body, "Properties")
        .into_iter()
        .flat_map(|(_, p)| values(stream, p, "ContainerDefinitions"))
        .flat_map(|(_, defs)| defs.items().unwrap_or(&[]).iter())
        .flat_map(|def| values(stream, follow(stream, def), "Image"))
        .map(|(_, image)| (literal(image).map(str::to_string), at(image)))
        .collect()
}

/// The waivers under `Metadata: adrift:` (`allow: [{rule, reason, until}]`).
fn meta_waivers<'a>(stream: &Anchors<'a>, adrift: &'a Node) -> Vec<MetaWaiver> {
    let invalid = |node: &Node| MetaWaiver {
        rule: String::new(),
        reason: None,
        until: None,
        span: at(node),
    };
    let allows = values(stream, adrift, "allow");
    if allows.is_empty() {
        return vec![invalid(adrift)];
    }
    let mut out = Vec::new();
    for (_, allow) in allows {
        let entries: Vec<&Node> = match &allow.kind {
            Kind::Seq(items) => items.iter().map(|i| follow(stream, i)).collect(),
            Kind::Map(_) => vec![allow],
            _ => {
                out.push(invalid(allow));
                continue;
            }
        };
        for entry in entries {
            let field = |key: &str| {
                values(stream, entry, key)
                    .first()
                    .and_then(|(_, v)| literal(v))
                    .map(|v| v.trim().to_string())
            };
            match field("rule") {
                Some(rule) if entry.entries().is_some() => out.push(MetaWaiver {
                    rule,
                    reason: field("reason").filter(|r| !r.is_empty()),
                    until: field("until"),
                    span: at(entry),
                }),
                _ => out.push(invalid(entry)),
            }
        }
    }
    out
}

/// How deep a JSON value is turned into nodes: a template's resources,
/// their metadata waivers and their container images are within it; what
/// lies deeper is kept as an empty node with its span.
const JSON_DEPTH: usize = 10;

/// A JSON text as one node tree (`None` when it is not an object: not a
/// template).
fn json_tree(text: &str, offset: usize) -> Result<Option<Node>, Problem> {
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
        let mut start = (range.start + offset).min(text.len() + offset);
        let full = offset + text.len();
        let mut end = (range.end + offset).clamp(start, full);
        // Point at one character at least, on character boundaries.
        let whole = |i: usize| {
            i.checked_sub(offset)
                .is_some_and(|j| text.is_char_boundary(j))
        };
        while start > offset && !whole(start) {
            start -= 1;
        }
        while end < full && !whole(end) {
            end += 1;
        }
        Problem {
            message: e.kind().to_string(),
            span: start..end,
        }
    })?;
    Ok(match parsed.value {
        Some(value @ Json::Object(_)) => Some(json_node(&value, offset, 0)),
        _ => None,
    })
}

fn json_node(value: &Json<'_>, offset: usize, depth: usize) -> Node {
    use jsonc_parser::common::Ranged;
    let r = value.range();
    let span = r.start + offset..r.end + offset;
    let scalar = |value: String, plain: bool| Kind::Scalar { value, plain };
    let kind = match value {
        Json::StringLit(s) => scalar(s.value.to_string(), false),
        Json::NumberLit(n) => scalar(n.value.to_string(), true),
        Json::BooleanLit(b) => scalar(b.value.to_string(), true),
        Json::NullKeyword(_) => scalar("null".to_string(), true),
        Json::Object(_) | Json::Array(_) if depth >= JSON_DEPTH => Kind::Map(Vec::new()),
        Json::Object(o) => Kind::Map(
            o.properties
                .iter()
                .map(|p| {
                    let name_range = match &p.name {
                        jsonc_parser::ast::ObjectPropName::String(s) => s.range,
                        jsonc_parser::ast::ObjectPropName::Word(w) => w.range,
                    };
                    let key = Node {
                        span: name_range.start + offset..name_range.end + offset,
                        tag: None,
                        anchor: 0,
                        kind: scalar(p.name.as_str().to_string(), false),
                    };
                    (key, json_node(&p.value, offset, depth + 1))
                })
                .collect(),
        ),
        Json::Array(a) => Kind::Seq(
            a.elements
                .iter()
                .map(|e| json_node(e, offset, depth + 1))
                .collect(),
        ),
    };
    Node {
        span,
        tag: None,
        anchor: 0,
        kind,
    }
}
