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
    patterns: Patterns<'a>,
}

#[derive(Serialize)]
struct Patterns<'a> {
    terraform_resources: Vec<&'a str>,
    terraform_data_sources: Vec<&'a str>,
    terraform_modules: Vec<&'a str>,
    terraform_providers: Vec<&'a str>,
    cargo_crates: Vec<&'a str>,
    cargo_dev: bool,
    python_packages: Vec<&'a str>,
}

fn texts(list: &[crate::rules::Pattern]) -> Vec<&str> {
    list.iter().map(|p| p.text.as_str()).collect()
}

pub fn json(collection: &Collection, rules: &[BoundRule]) -> String {
    let entries: Vec<RuleEntry<'_>> = rules
        .iter()
        .map(|b| {
            let record = &collection.records[b.record];
            let p = &b.rule.patterns;
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
                patterns: Patterns {
                    terraform_resources: texts(&p.resources),
                    terraform_data_sources: texts(&p.data_sources),
                    terraform_modules: texts(&p.modules),
                    terraform_providers: texts(&p.providers),
                    cargo_crates: texts(&p.crates),
                    cargo_dev: b.rule.cargo_dev,
                    python_packages: texts(&p.packages),
                },
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
        for (name, list) in b.rule.patterns.lists() {
            if list.is_empty() {
                continue;
            }
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
        if b.rule.cargo_dev {
            out.push_str("  cargo dev-dependencies are checked too\n");
        }
        out.push('\n');
    }
    out
}
