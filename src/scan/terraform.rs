//! Terraform: `.tf` files through hcl-edit and `.tf.json` files through
//! jsonc-parser, both with real spans.
//!
//! Read: `resource` and `data` blocks (their type), `module` blocks (their
//! normalised `source`), and `required_providers` sources. Only block labels
//! and these attributes are read, so text in comments, strings and heredocs
//! never matches. `count = 0` declares nothing and is skipped; a conditional
//! `count`, any other computed `count`, and `for_each` may create the
//! resource, and the finding says so.

use std::sync::Arc;

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{BlockLabel, Body};

use super::waiver::{self, Comments};
use super::{Hit, HitKind, Scanned};
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};

/// Normalises a module source to `namespace/name/provider` where it names a
/// registry module: registry hosts, `//subdir` paths, `?ref=` queries and
/// `git::` prefixes are removed, and GitHub repositories named
/// `terraform-<provider>-<name>` map to their registry address. Other
/// sources keep their host and path, without scheme or query.
pub fn normalise_source(source: &str) -> String {
    let mut s = source.trim().to_ascii_lowercase();
    if let Some(rest) = s.strip_prefix("git::") {
        s = rest.to_string();
    }
    for scheme in ["https://", "http://", "ssh://", "git+ssh://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
        }
    }
    // `git@github.com:org/repo.git` → `github.com/org/repo.git`
    if let Some(rest) = s.strip_prefix("git@") {
        s = rest.replacen(':', "/", 1);
    }
    if let Some(user_at) = s.find('@').filter(|i| s[..*i].find('/').is_none()) {
        s = s[user_at + 1..].to_string();
    }
    if let Some(q) = s.find('?') {
        s.truncate(q);
    }
    // `//subdir` (after any scheme was removed).
    if let Some(sub) = s.find("//") {
        s.truncate(sub);
    }
    let s = s.trim_end_matches('/').trim_end_matches(".git").to_string();
    if s.starts_with('.') || s.starts_with('/') {
        return s;
    }
    let parts: Vec<&str> = s.split('/').collect();
    // `github.com/<ns>/terraform-<provider>-<name>`
    if parts.len() == 3
        && parts[0] == "github.com"
        && let Some(rest) = parts[2].strip_prefix("terraform-")
        && let Some((provider, name)) = rest.split_once('-')
    {
        return format!("{}/{name}/{provider}", parts[1]);
    }
    // `registry.terraform.io/<ns>/<name>/<provider>` and other registry hosts.
    if parts.len() == 4 && parts[0].contains('.') && !parts[0].ends_with("github.com") {
        return parts[1..].join("/");
    }
    s
}

/// Normalises a provider source: lower case, without a registry host.
pub fn normalise_provider(source: &str) -> String {
    let s = source.trim().to_ascii_lowercase();
    let parts: Vec<&str> = s.split('/').collect();
    match parts.len() {
        3 => parts[1..].join("/"),
        1 => format!("hashicorp/{s}"),
        _ => s,
    }
}

/// Scans a `.tf` file.
pub fn scan_hcl(file: Arc<SourceFile>) -> Scanned {
    let text = file.text.as_str();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let waivers = waiver::find(&file, Comments::HashOrSlashes);
    let mut out = Scanned {
        file: Arc::clone(&file),
        hits: Vec::new(),
        waivers,
        problems: Vec::new(),
    };
    let body = match hcl_edit::parser::parse_body(&text[bom..]) {
        Ok(body) => body,
        Err(e) => {
            let at = (bom + e.location().offset()).min(text.len());
            let end = text[at..]
                .char_indices()
                .nth(1)
                .map(|(i, _)| at + i)
                .unwrap_or(at);
            out.problems.push(
                Finding::new(
                    "parse-error",
                    Severity::Error,
                    format!("cannot parse Terraform: {}", e.message()),
                )
                .in_file(&file)
                .at(at..end)
                .help("fix the syntax (`terraform validate` says more); adrift fails closed on files it cannot read"),
            );
            return out;
        }
    };
    scan_body(&body, &file, bom, &mut out.hits);
    out
}

fn shift(span: Option<std::ops::Range<usize>>, bom: usize) -> Option<Span> {
    span.map(|s| s.start + bom..s.end + bom)
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(ident) => ident.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

fn scan_body(body: &Body, file: &SourceFile, bom: usize, hits: &mut Vec<Hit>) {
    for block in body.blocks() {
        let Some(block_span) = shift(block.span(), bom) else {
            continue;
        };
        match block.ident.as_str() {
            kind @ ("resource" | "data") => {
                let Some(first) = block.labels.first() else {
                    continue;
                };
                let ty = label_text(first).to_string();
                let name = block.labels.get(1).map(label_text).unwrap_or("");
                let Some(note) = count_note(&block.body, file, bom) else {
                    continue;
                };
                let header_end = block
                    .labels
                    .last()
                    .and_then(|l| shift(l.span(), bom))
                    .map(|s| s.end)
                    .unwrap_or(block_span.end);
                let (hit_kind, word) = if kind == "resource" {
                    (HitKind::Resource, "resource")
                } else {
                    (HitKind::DataSource, "data")
                };
                hits.push(hit(
                    file,
                    hit_kind,
                    ty.clone(),
                    format!("{word} \"{ty}\" \"{name}\""),
                    block_span.start..header_end,
                    note,
                ));
            }
            "module" => {
                let name = block.labels.first().map(label_text).unwrap_or("");
                let Some(source) = block.body.get_attribute("source") else {
                    continue;
                };
                let Some(written) = string_value(&source.value) else {
                    continue;
                };
                let Some(note) = count_note(&block.body, file, bom) else {
                    continue;
                };
                let span = shift(source.value.span(), bom).unwrap_or(block_span.clone());
                let normalised = normalise_source(written);
                let subject = if normalised == written {
                    format!("module \"{name}\" (source \"{written}\")")
                } else {
                    format!("module \"{name}\" (source \"{written}\", read as {normalised})")
                };
                let mut h = hit(file, HitKind::Module, normalised, subject, span, note);
                h.waiver_lines = waiver::covering_lines(
                    file,
                    Comments::HashOrSlashes,
                    h.waiver_lines[0],
                    file.line_col(block_span.start).line,
                );
                hits.push(h);
            }
            "terraform" => {
                for inner in block
                    .body
                    .blocks()
                    .filter(|b| b.ident.as_str() == "required_providers")
                {
                    for attribute in inner.body.attributes() {
                        let local = attribute.key.as_str();
                        let source = match &attribute.value {
                            Expression::Object(object) => object.iter().find_map(|(key, value)| {
                                let key_text = match key {
                                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str(),
                                    hcl_edit::expr::ObjectKey::Expression(e) => string_value(e)?,
                                };
                                (key_text == "source").then(|| {
                                    (string_value(value.expr()), shift(value.expr().span(), bom))
                                })
                            }),
                            _ => None,
                        };
                        let (written, span) = match source {
                            Some((Some(written), span)) => (written.to_string(), span),
                            // No source: Terraform reads `hashicorp/<local name>`.
                            _ => (local.to_string(), shift(attribute.span(), bom)),
                        };
                        let Some(span) = span else { continue };
                        let normalised = normalise_provider(&written);
                        hits.push(hit(
                            file,
                            HitKind::Provider,
                            normalised.clone(),
                            format!("provider \"{local}\" (source \"{normalised}\")"),
                            span,
                            String::new(),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

fn hit(
    file: &SourceFile,
    kind: HitKind,
    name: String,
    subject: String,
    span: Span,
    note: String,
) -> Hit {
    let line = file.line_col(span.start).line;
    Hit {
        kind,
        name,
        subject,
        waiver_lines: waiver::covering_lines(file, Comments::HashOrSlashes, line, line),
        span,
        note: (!note.is_empty()).then_some(note),
        dev: false,
        via: Vec::new(),
    }
}

fn string_value(expr: &Expression) -> Option<&str> {
    match expr {
        Expression::String(s) => Some(s.as_str()),
        _ => None,
    }
}

/// `None` when the block creates nothing (`count = 0`); otherwise a note,
/// empty when it is created unconditionally.
fn count_note(body: &Body, file: &SourceFile, bom: usize) -> Option<String> {
    let source_of = |expr: &Expression| {
        shift(expr.span(), bom)
            .and_then(|s| file.text.get(s))
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    if let Some(count) = body.get_attribute("count") {
        return match &count.value {
            Expression::Number(n) => {
                let zero = n.as_u64() == Some(0) || n.as_f64() == Some(0.0);
                (!zero).then(String::new)
            }
            Expression::Conditional(c) => Some(format!(
                "it may be created: count depends on `{}`",
                source_of(&c.cond_expr)
            )),
            other => Some(format!("it may be created: count = `{}`", source_of(other))),
        };
    }
    if let Some(for_each) = body.get_attribute("for_each") {
        return Some(format!(
            "it may be created: one per element of for_each = `{}`",
            source_of(&for_each.value)
        ));
    }
    Some(String::new())
}

/// Scans a `.tf.json` file (Terraform's JSON syntax).
pub fn scan_json(file: Arc<SourceFile>) -> Scanned {
    use jsonc_parser::ast::Value;
    let text = file.text.as_str();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut out = Scanned {
        file: Arc::clone(&file),
        hits: Vec::new(),
        waivers: Vec::new(),
        problems: Vec::new(),
    };
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        ..Default::default()
    };
    let parsed = jsonc_parser::parse_to_ast(&text[bom..], &Default::default(), &options);
    let root = match parsed {
        Ok(result) => result.value,
        Err(e) => {
            let range = e.range();
            let start = (range.start + bom).min(text.len());
            let end = (range.end + bom).clamp(start, text.len());
            out.problems.push(
                Finding::new(
                    "parse-error",
                    Severity::Error,
                    format!("cannot parse Terraform JSON: {}", e.kind()),
                )
                .in_file(&file)
                .at(start..end)
                .help("fix the JSON; adrift fails closed on files it cannot read"),
            );
            return out;
        }
    };
    let Some(Value::Object(root)) = root else {
        return out;
    };
    // Every top-level value may be an object or an array of objects.
    fn objects<'v, 'a>(value: &'v Value<'a>) -> Vec<&'v jsonc_parser::ast::Object<'a>> {
        match value {
            Value::Object(o) => vec![o],
            Value::Array(a) => a
                .elements
                .iter()
                .filter_map(|e| match e {
                    Value::Object(o) => Some(o),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    fn json_string<'v>(value: &'v Value<'_>) -> Option<&'v str> {
        match value {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        }
    }
    let span_of = |r: jsonc_parser::common::Range| r.start + bom..r.end + bom;
    for top in &root.properties {
        let key = top.name.as_str();
        match key {
            "resource" | "data" => {
                let kind = if key == "resource" {
                    HitKind::Resource
                } else {
                    HitKind::DataSource
                };
                let word = if key == "resource" {
                    "resource"
                } else {
                    "data"
                };
                for by_type in objects(&top.value) {
                    for ty in &by_type.properties {
                        for by_name in objects(&ty.value) {
                            for named in &by_name.properties {
                                let count_zero = objects(&named.value).iter().any(|body| {
                                    body.properties.iter().any(|p| {
                                        p.name.as_str() == "count"
                                            && matches!(&p.value, Value::NumberLit(n) if n.value == "0")
                                    })
                                });
                                if count_zero {
                                    continue;
                                }
                                let ty_name = ty.name.as_str().to_string();
                                let span = match &ty.name {
                                    jsonc_parser::ast::ObjectPropName::String(s) => {
                                        span_of(s.range)
                                    }
                                    jsonc_parser::ast::ObjectPropName::Word(w) => span_of(w.range),
                                };
                                out.hits.push(hit(
                                    &file,
                                    kind,
                                    ty_name.clone(),
                                    format!("{word} \"{ty_name}\" \"{}\"", named.name.as_str()),
                                    span,
                                    String::new(),
                                ));
                            }
                        }
                    }
                }
            }
            "module" => {
                for by_name in objects(&top.value) {
                    for module in &by_name.properties {
                        for body in objects(&module.value) {
                            for p in &body.properties {
                                if p.name.as_str() != "source" {
                                    continue;
                                }
                                let Some(written) = json_string(&p.value) else {
                                    continue;
                                };
                                let normalised = normalise_source(written);
                                out.hits.push(hit(
                                    &file,
                                    HitKind::Module,
                                    normalised.clone(),
                                    format!(
                                        "module \"{}\" (source \"{written}\")",
                                        module.name.as_str()
                                    ),
                                    span_of(p.range),
                                    String::new(),
                                ));
                            }
                        }
                    }
                }
            }
            "terraform" => {
                for tf in objects(&top.value) {
                    for rp in tf
                        .properties
                        .iter()
                        .filter(|p| p.name.as_str() == "required_providers")
                    {
                        for providers in objects(&rp.value) {
                            for provider in &providers.properties {
                                for spec in objects(&provider.value) {
                                    for p in spec
                                        .properties
                                        .iter()
                                        .filter(|p| p.name.as_str() == "source")
                                    {
                                        let Some(written) = json_string(&p.value) else {
                                            continue;
                                        };
                                        let normalised = normalise_provider(written);
                                        out.hits.push(hit(
                                            &file,
                                            HitKind::Provider,
                                            normalised.clone(),
                                            format!(
                                                "provider \"{}\" (source \"{normalised}\")",
                                                provider.name.as_str()
                                            ),
                                            span_of(p.range),
                                            String::new(),
                                        ));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_sources_normalise_to_registry_addresses() {
        let cases = [
            (
                "terraform-aws-modules/rds/aws",
                "terraform-aws-modules/rds/aws",
            ),
            (
                "terraform-aws-modules/rds/aws//modules/db_instance",
                "terraform-aws-modules/rds/aws",
            ),
            (
                "registry.terraform.io/terraform-aws-modules/rds/aws",
                "terraform-aws-modules/rds/aws",
            ),
            (
                "git::https://github.com/terraform-aws-modules/terraform-aws-rds.git?ref=v6.1.0",
                "terraform-aws-modules/rds/aws",
            ),
            (
                "git::https://github.com/terraform-aws-modules/terraform-aws-rds-aurora.git//modules/x?ref=v9",
                "terraform-aws-modules/rds-aurora/aws",
            ),
            (
                "github.com/terraform-aws-modules/terraform-aws-dynamodb-table",
                "terraform-aws-modules/dynamodb-table/aws",
            ),
            (
                "git@github.com:terraform-aws-modules/terraform-aws-s3-bucket.git",
                "terraform-aws-modules/s3-bucket/aws",
            ),
            (
                "git::ssh://git@github.com/acme/terraform-aws-vpc.git?ref=1.0",
                "acme/vpc/aws",
            ),
            ("./modules/database", "./modules/database"),
            (
                "git::https://example.com/infra/db.git?ref=v1",
                "example.com/infra/db",
            ),
        ];
        for (written, want) in cases {
            assert_eq!(normalise_source(written), want, "{written}");
        }
        assert_eq!(
            normalise_provider("registry.terraform.io/CyrilGDN/postgresql"),
            "cyrilgdn/postgresql"
        );
        assert_eq!(normalise_provider("postgresql"), "hashicorp/postgresql");
    }

    fn scan(text: &str) -> Scanned {
        scan_hcl(SourceFile::new("main.tf".into(), text.into()))
    }

    #[test]
    fn blocks_are_read_and_text_never_matches() {
        let s = scan(
            "# resource \"aws_db_instance\" \"commented\" {}\n/*\nresource \"aws_db_instance\" \"block_comment\" {}\n*/\nresource \"aws_ecs_service\" \"api\" {\n  user_data = <<EOT\nresource \"aws_db_instance\" \"heredoc\" {}\nEOT\n  description = \"aws_db_instance\"\n}\nresource \"aws_db_instance\" \"real\" {\n  engine = \"postgres\"\n}\nresource \"aws_rds_cluster\" \"off\" {\n  count = 0\n}\nresource \"aws_rds_cluster\" \"maybe\" {\n  count = var.enabled ? 1 : 0\n}\n",
        );
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let names: Vec<(&str, Option<&str>)> = s
            .hits
            .iter()
            .map(|h| (h.subject.as_str(), h.note.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("resource \"aws_ecs_service\" \"api\"", None),
                ("resource \"aws_db_instance\" \"real\"", None),
                (
                    "resource \"aws_rds_cluster\" \"maybe\"",
                    Some("it may be created: count depends on `var.enabled`")
                ),
            ]
        );
        let real = &s.hits[1];
        assert_eq!(
            &s.file.text[real.span.clone()],
            "resource \"aws_db_instance\" \"real\""
        );
    }

    #[test]
    fn crlf_bom_and_parse_errors() {
        let s =
            scan("\u{feff}resource \"aws_db_instance\" \"db\" {\r\n  engine = \"mysql\"\r\n}\r\n");
        assert_eq!(s.hits.len(), 1);
        assert_eq!(s.file.line_col(s.hits[0].span.start).line, 1);
        assert_eq!(
            &s.file.text[s.hits[0].span.clone()],
            "resource \"aws_db_instance\" \"db\""
        );
        let s = scan("resource \"aws_db_instance\" \"db\" {\n  engine = \n}\n");
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].code, "parse-error");
        assert_eq!(
            s.file
                .line_col(s.problems[0].span.as_ref().unwrap().start)
                .line,
            2
        );
    }

    #[test]
    fn modules_and_providers() {
        let s = scan(
            "terraform {\n  required_providers {\n    postgresql = {\n      source = \"cyrilgdn/postgresql\"\n    }\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\nmodule \"db\" {\n  source = \"git::https://github.com/terraform-aws-modules/terraform-aws-rds.git?ref=v6.1.0\"\n  for_each = var.dbs\n}\n",
        );
        let names: Vec<&str> = s.hits.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "cyrilgdn/postgresql",
                "hashicorp/aws",
                "terraform-aws-modules/rds/aws"
            ]
        );
        assert!(
            s.hits[2]
                .note
                .as_deref()
                .unwrap()
                .contains("for_each = `var.dbs`")
        );
    }

    #[test]
    fn terraform_json() {
        let file = SourceFile::new(
            "main.tf.json".into(),
            r#"{
  "resource": {
    "aws_db_instance": { "main": { "engine": "postgres" } },
    "aws_s3_bucket": { "off": { "count": 0 } }
  },
  "module": { "cache": { "source": "terraform-aws-modules/elasticache/aws" } },
  "terraform": [{ "required_providers": { "pg": { "source": "cyrilgdn/postgresql" } } }]
}"#
            .into(),
        );
        let s = scan_json(file);
        assert!(s.problems.is_empty());
        let names: Vec<&str> = s.hits.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "aws_db_instance",
                "terraform-aws-modules/elasticache/aws",
                "cyrilgdn/postgresql"
            ]
        );
        assert_eq!(s.file.line_col(s.hits[0].span.start).line, 3);
        let bad = scan_json(SourceFile::new(
            "x.tf.json".into(),
            "{ \"resource\": ".into(),
        ));
        assert_eq!(bad.problems[0].code, "parse-error");
    }
}
