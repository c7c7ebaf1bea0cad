//! `adrift rules`: every rule, its decision, whether it applies, and the
//! patterns it expands to.

use serde::Serialize;

use super::{Style, printable};
use crate::collection::Collection;
use crate::rules::{BoundRule, Lifecycle, Origin};

#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    decision: &'a str,
    decision_title: &'a str,
    decision_status: Option<&'static str>,
    state: &'static str,
    severity: &'static str,
    message: &'a str,
    path: &'a str,
    include: &'a [String],
    /// `terraform_resources: [...]`, ..., and `cargo_dev: bool` for each
    /// ecosystem with development-only declarations.
    patterns: serde_json::Map<String, serde_json::Value>,
    /// Conditions on attributes (`[[terraform.when]]`), each in words;
    /// left out for a rule without any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    conditions: Vec<String>,
}

fn patterns(rule: &crate::rules::Rule) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for (target, list) in rule.patterns.iter() {
        let texts: Vec<serde_json::Value> = list.iter().map(|p| p.text.clone().into()).collect();
        out.insert(target.json_key(), texts.into());
    }
    for ecosystem in crate::scan::ECOSYSTEMS.iter().filter(|e| e.has_dev) {
        out.insert(
            format!("{}_dev", ecosystem.name),
            rule.checks_dev(ecosystem.name).into(),
        );
    }
    out
}

pub fn json(collection: &Collection, rules: &[BoundRule]) -> String {
    let entries: Vec<RuleEntry<'_>> = rules
        .iter()
        .map(|b| {
            let record = &collection.records[b.record];
            RuleEntry {
                id: &b.rule.id,
                decision: &record.id,
                decision_title: record.title_text(),
                decision_status: record.canonical_status().map(|s| s.as_str()),
                state: b.lifecycle.as_str(),
                severity: b.rule.severity.as_str(),
                message: &b.rule.message,
                path: &b.rule.file.path,
                include: &b.rule.includes,
                patterns: patterns(&b.rule),
                conditions: b.rule.conditions.iter().map(|c| c.describe()).collect(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_default();
    out.push('\n');
    out
}

pub fn table(collection: &Collection, rules: &[BoundRule], style: Style) -> String {
    if rules.is_empty() {
        return "no rules (add one TOML file per rule under rules/; the README shows the format)\n"
            .to_string();
    }
    let mut out = String::new();
    for b in rules {
        let record = &collection.records[b.record];
        let status = record
            .status
            .as_ref()
            .map(|s| match s.canonical {
                Some(c) => c.to_string(),
                None => format!("\"{}\"", s.text.trim()),
            })
            .unwrap_or_else(|| "no status".to_string());
        let state = match b.lifecycle {
            Lifecycle::Enforced => style.paint("31;1", "enforced"),
            Lifecycle::Previewed => style.paint("33;1", "previewed (warnings only)"),
            Lifecycle::Inactive(_) => style.paint("2", "inactive"),
        };
        let status = printable(&status, false);
        out.push_str(&format!(
            "{}  {} \"{}\" ({status}): {state}\n",
            style.paint("1", &printable(&b.rule.id, false)),
            printable(&record.id, false),
            printable(record.title_text(), false)
        ));
        out.push_str(&format!(
            "  file:     {}\n",
            printable(&b.rule.file.path, false)
        ));
        out.push_str(&format!("  severity: {}\n", b.rule.severity.as_str()));
        out.push_str(&format!(
            "  message:  {}\n",
            printable(&b.rule.message, false)
        ));
        if !b.rule.includes.is_empty() {
            out.push_str(&format!(
                "  include:  {}\n",
                printable(&b.rule.includes.join(", "), false)
            ));
        }
        for (target, list) in b.rule.patterns.iter() {
            if list.is_empty() {
                continue;
            }
            let name = target.label();
            let own: Vec<&str> = list
                .iter()
                .filter(|p| matches!(p.origin, Origin::Rule(_)))
                .map(|p| p.text.as_str())
                .collect();
            let from_catalog = list.len() - own.len();
            let mut summary = format!("  {name} ({}", list.len());
            if from_catalog > 0 {
                summary.push_str(&format!(", {from_catalog} from catalogs"));
            }
            summary.push_str("): ");
            let all: Vec<&str> = list.iter().map(|p| p.text.as_str()).collect();
            summary.push_str(&all.join(", "));
            out.push_str(&printable(&summary, false));
            out.push('\n');
        }
        if !b.rule.conditions.is_empty() {
            let when: Vec<String> = b.rule.conditions.iter().map(|c| c.describe()).collect();
            out.push_str(&printable(
                &format!(
                    "  only when: {} (read statically: a value adrift cannot read is a \"may\")",
                    when.join("; and ")
                ),
                false,
            ));
            out.push('\n');
        }
        for ecosystem in &b.rule.dev {
            out.push_str(&format!(
                "  {ecosystem} development-only dependencies are checked too\n"
            ));
        }
        out.push('\n');
    }
    out
}
