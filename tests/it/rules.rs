//! Rules that say exactly what the team means (issue 11): waivers naming
//! several rules, `exclude` patterns, every rule-file problem in one run,
//! `rule-pattern-unknown` against the real AWS types.

use crate::support::{adrift, gated_project, write};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// (code, path, line, message) of every finding, the exit code and the summary.
fn check(dir: &std::path::Path) -> (i32, Vec<(String, String, u64, String)>, serde_json::Value) {
    let run = adrift(dir, &["check", "--format", "json"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report = json(&run.stdout);
    let list = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (run.code, list, report["summary"].clone())
}

#[test]
fn a_waiver_naming_two_rules_waives_both() {
    let dir = gated_project(
        "waiver-two-rules",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n\n[terraform]\nresources = [\"aws_db_instance\"]\n",
    );
    write(
        &dir,
        "rules/s.toml",
        "id = \"no-bucket\"\ndecision = \"1\"\nmessage = \"no buckets\"\n\n[terraform]\nresources = [\"aws_db_instance\", \"aws_s3_bucket\"]\n",
    );
    write(
        &dir,
        "main.tf",
        "# adrift:allow=no-db,no-bucket: the audit database, agreed in ADR-0004\nresource \"aws_db_instance\" \"audit\" {}\n\n# adrift:allow=no-db, no-bucket\nresource \"aws_db_instance\" \"other\" {}\n",
    );
    let (code, found, summary) = check(&dir);
    let got: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(c, _, l, m)| (c.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(code, 1, "{got:#?}");
    assert_eq!(
        got,
        [
            ("waiver-invalid", 4, "waiver for no-bucket gives no reason"),
            ("waiver-invalid", 4, "waiver for no-db gives no reason"),
            (
                "no-bucket",
                5,
                "resource \"aws_db_instance\" \"other\" contradicts ADR-0001: no buckets"
            ),
            (
                "no-db",
                5,
                "resource \"aws_db_instance\" \"other\" contradicts ADR-0001: stateless"
            ),
        ],
        "the first waiver waives both rules; the second, without a reason, is invalid for each"
    );
    assert_eq!(summary["waived"], 2);
}
