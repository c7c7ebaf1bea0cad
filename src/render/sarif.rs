//! SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
//!
//! Plain serde structs over the one finding type. Every lint, check code and
//! decision rule is a `reportingDescriptor` with its docs; results carry a
//! relative URI under `%SRCROOT%`, a region, and `partialFingerprints` that
//! hash what a finding is about (code, path, identity), never its line, so
//! they stay the same when lines move. A decision rule's descriptor lists
//! its conditions on attributes; a "may" result says so in its properties.

use serde::Serialize;

use crate::finding::{Finding, Severity};

/// A rule as SARIF describes it.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub short: String,
    pub full: String,
    /// Markdown help (the lint's docs, or the rule's decision and message).
    pub help: String,
    pub severity: Severity,
    /// The decision a rule enforces.
    pub decision: Option<String>,
    pub decision_status: Option<String>,
    /// A decision rule's conditions on attributes, in words
    /// (`engine_mode is "serverless"`); empty when it matches by name alone.
    pub conditions: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    original_uri_base_ids: serde_json::Value,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: serde_json::Value,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<serde_json::Value>,
    partial_fingerprints: serde_json::Value,
    /// Where the decision speaks about what was matched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<serde_json::Value>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `status-unknown` → `StatusUnknown` (SARIF's `name` is an identifier).
fn pascal(id: &str) -> String {
    id.split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// FNV-1a, 64 bits: small, stable across versions and platforms.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A path as a URI path (RFC 3986): `/` separates segments, unreserved
/// characters stay as they are, and every other byte of the UTF-8 text is
/// `%XX`. So `a b.tf` is `a%20b.tf`, `100%.tf` is `100%25.tf` and `ü.tf` is
/// `%C3%BC.tf`; a `:` in the first segment cannot pass for a scheme.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A result's property bag: the decision a rule enforces, and for a
/// finding adrift is not sure of, `may` (why) and the tag `may`. SARIF's
/// own word for it, `kind: "open"`, requires `level: "none"` (§3.27.9,
/// §3.27.10), and a "may" keeps its rule's severity: the gate fails on it.
fn properties(f: &Finding) -> Option<serde_json::Value> {
    if f.decision.is_none() && f.may.is_none() {
        return None;
    }
    let mut bag = serde_json::json!({});
    if let Some(d) = &f.decision {
        bag["decision"] = serde_json::json!(d);
    }
    if let Some(why) = &f.may {
        bag["may"] = serde_json::json!(why);
        bag["tags"] = serde_json::json!(["may"]);
    }
    Some(bag)
}

/// The SARIF log for `findings`; `root` is the absolute directory paths are
/// relative to (the working directory).
pub fn render(findings: &[Finding], rules: &[RuleInfo], root: &std::path::Path) -> String {
    let descriptors: Vec<Descriptor<'_>> = rules
        .iter()
        .map(|r| {
            let mut properties = serde_json::json!({ "tags": ["architecture", "adr"] });
            if let Some(d) = &r.decision {
                properties["decision"] = serde_json::json!(d);
                properties["decisionStatus"] = serde_json::json!(r.decision_status);
            }
            let (mut full, mut help) = (r.full.clone(), r.help.clone());
            if !r.conditions.is_empty() {
                properties["conditions"] = serde_json::json!(r.conditions);
                let when = format!(
                    "Only when every condition holds: {}. A value adrift cannot read statically makes a finding a \"may\" (result property `may`).",
                    r.conditions.join(" and ")
                );
                full = format!("{}. {when}", full.trim_end_matches('.'));
                help = format!("{help}\n\n{when}");
            }
            Descriptor {
                id: &r.id,
                name: pascal(&r.id),
                short_description: Text {
                    text: r.short.clone(),
                },
                full_description: Text { text: full },
                help: Help {
                    text: help.clone(),
                    markdown: help,
                },
                default_configuration: Configuration {
                    level: level(r.severity),
                },
                properties,
            }
        })
        .collect();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let results = findings
        .iter()
        .map(|f| {
            let (start, end) = f.range();
            let path = f.path();
            let mut location = serde_json::json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri_path(path), "uriBaseId": "%SRCROOT%" },
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
                    }
                }
            });
            if f.span.is_none() {
                location["physicalLocation"]["region"] = serde_json::json!({ "startLine": 1 });
            }
            let base = fingerprint(&[&f.code, path, f.identity()]);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let print = if *n == 1 { base } else { fingerprint(&[&base, &n.to_string()]) };
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str(&format!(". Help: {help}"));
            }
            SarifResult {
                rule_id: f.code.to_string(),
                rule_index: rules.iter().position(|r| r.id == f.code),
                level: level(f.severity),
                message: Text { text: message },
                locations: if path.is_empty() { Vec::new() } else { vec![location] },
                partial_fingerprints: serde_json::json!({ "adriftFingerprint/v1": print }),
                related_locations: f
                    .reason
                    .iter()
                    .map(|r| (r.path.as_str(), r.line, None, r.text.clone()))
                    .chain(f.covers.iter().map(|c| {
                        let at = c.file.line_col(c.span.start);
                        (
                            c.file.path.as_str(),
                            at.line,
                            Some(at.column),
                            format!("{}: {}", c.subject, c.relation),
                        )
                    }))
                    .enumerate()
                    .map(|(id, (path, line, column, text))| {
                        let mut region = serde_json::json!({ "startLine": line });
                        if let Some(column) = column {
                            region["startColumn"] = column.into();
                        }
                        serde_json::json!({
                            "id": id,
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri_path(path), "uriBaseId": "%SRCROOT%" },
                                "region": region,
                            },
                            "message": { "text": text },
                        })
                    })
                    .collect(),
                properties: properties(f),
            }
        })
        .collect();
    // `/work/repo` is `file:///work/repo/`, `C:\repo` is `file:///C:/repo/`.
    let root = root.to_string_lossy().replace('\\', "/");
    let (drive, rest) = match root.as_bytes() {
        [letter, b':', ..] if letter.is_ascii_alphabetic() => root.split_at(2),
        _ => ("", root.as_str()),
    };
    let slash = if root.starts_with('/') { "" } else { "/" };
    let mut root_uri = format!("file://{slash}{drive}{}", uri_path(rest));
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "adrift",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_HOMEPAGE"),
                    rules: descriptors,
                },
            },
            original_uri_base_ids: serde_json::json!({ "%SRCROOT%": { "uri": root_uri } }),
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
