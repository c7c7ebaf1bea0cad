//! Decisions that explain themselves: `adrift rules suggest` drafts a rule
//! from a record's own words.

use std::path::Path;

use crate::support::{adrift, temp_dir, write};

/// A copy of the bundled example without its rule.
fn example_without_rules(name: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/platform");
    let dir = temp_dir(name);
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(&root).expect("inside");
        if entry.file_type().is_file() && !relative.starts_with("rules") {
            write(
                &dir,
                relative.to_str().expect("utf-8"),
                std::fs::read(entry.path()).expect("read"),
            );
        }
    }
    dir
}

#[test]
fn a_rule_is_drafted_from_what_the_seed_decision_rejects() {
    let dir = example_without_rules("suggest-seed");
    let run = adrift(&dir, &["rules", "suggest", "12"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = &run.stdout;
    // Every technology the record rejects or counts among the persistence
    // options it rules out, each with the line that led to it.
    for (technology, line) in [
        ("DynamoDB", 87),
        ("RDS", 94),
        ("Aurora", 94),
        ("S3", 102),
        ("ElastiCache", 21),
        ("SQLite", 109),
    ] {
        assert!(
            draft.contains(&format!("# {technology} (line {line}): \"")),
            "{technology}:\n{draft}"
        );
    }
    assert!(draft.contains(
        "# S3 (line 102): \"S3‑based Storage — Rejected because: Not required for the current application; Would introduce unnecessary IAM and lifecycle policies\""
    ));
    // Nothing the record does not name.
    for absent in ["redis", "mongo", "postgres\"", "Memcached"] {
        assert!(!draft.contains(absent), "{absent}:\n{draft}");
    }
    // Written, it is a rule adrift reads, and the gate fails on the drift
    // (and on a CloudFormation table, whose types are case-sensitive).
    write(
        &dir,
        "cfn/template.yaml",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Jobs:\n    Type: AWS::DynamoDB::Table\n",
    );
    let run = adrift(&dir, &["rules", "suggest", "ADR-0012", "--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "rules/persistence-and-database-strategy.toml\n");
    let written = std::fs::read_to_string(dir.join("rules/persistence-and-database-strategy.toml"))
        .expect("written");
    assert_eq!(&written, draft);
    let rules = adrift(&dir, &["rules"]);
    assert_eq!(rules.code, 0, "{}", rules.stderr);
    assert!(rules.stdout.contains("persistence-and-database-strategy"));
    let check = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let rule_findings: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "persistence-and-database-strategy")
        .collect();
    assert!(
        rule_findings
            .iter()
            .any(|f| f["path"] == "infra/sessions.tf" && f["line"] == 3),
        "{}",
        check.stdout
    );
    assert!(
        rule_findings
            .iter()
            .any(|f| f["path"] == "cfn/template.yaml" && f["line"] == 4),
        "{}",
        check.stdout
    );
    // A second --write never overwrites.
    let run = adrift(&dir, &["rules", "suggest", "12", "--write"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("rules/persistence-and-database-strategy.toml"))
            .expect("kept"),
        written
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_record_that_rejects_nothing_gets_no_draft() {
    let dir = example_without_rules("suggest-nothing");
    let run = adrift(&dir, &["rules", "suggest", "11", "--write"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("rejects or forbids no technology"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("rules").exists());
    let run = adrift(&dir, &["rules", "suggest", "99"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no record \"99\""), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

/// A finding quotes what its decision says about the matched technology,
/// in every output; where the record says nothing about it, nothing is
/// invented.
#[test]
fn findings_quote_the_decisions_own_reasons() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = ["--config", "examples/platform/adrift.toml", "check"];
    let run = adrift(root, &[&config[..], &["--format", "json"]].concat());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let findings = report["findings"].as_array().expect("findings");
    let rds = findings
        .iter()
        .find(|f| f["path"] == "examples/platform/infra/sessions.tf")
        .expect("the RDS finding");
    assert_eq!(
        rds["reason"],
        serde_json::json!({
            "path": "examples/platform/adr/ADR-0012-persistence-and-database-strategy.md",
            "line": 94,
            "text": "RDS / Aurora Serverless — Rejected because: Overkill for a stateless service; Higher baseline cost and operational overhead; Requires VPC networking, security groups, and connection management",
        })
    );
    assert!(
        rds["help"]
            .as_str()
            .unwrap_or_default()
            .contains("ADR-0012 says (line 94): \"RDS / Aurora Serverless — Rejected because:"),
        "{rds}"
    );
    let redis = findings
        .iter()
        .find(|f| f["path"] == "examples/platform/infra/ecs.tf")
        .expect("the Redis finding");
    assert!(redis.get("reason").is_none(), "{redis}");
    assert!(
        !redis["help"]
            .as_str()
            .unwrap_or_default()
            .contains("says (line")
    );
    // SARIF: the record's line is a related location with the quote.
    let run = adrift(root, &[&config[..], &["--format", "sarif"]].concat());
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let related: Vec<&serde_json::Value> = results
        .iter()
        .filter_map(|r| r["relatedLocations"].as_array())
        .flatten()
        .collect();
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/platform/adr/ADR-0012-persistence-and-database-strategy.md"
    );
    assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 94);
}
