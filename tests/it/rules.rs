//! Rules that say exactly what the team means (issue 11): waivers naming
//! several rules, `exclude` patterns, every rule-file problem in one run,
//! `rule-pattern-unknown` against the real AWS types.

use crate::support::{adrift, gated_project, write};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// (code, path, line, message) of every finding, the exit code and the summary.
type Found = (String, String, u64, String);

fn check(dir: &std::path::Path) -> (i32, Vec<Found>, serde_json::Value) {
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

#[test]
fn every_rule_file_problem_is_reported_in_one_run() {
    let dir = gated_project(
        "rule-problems",
        "id = \"a\"\ndecision = \"1\"\nmessage = \"m\"\nseverity = \"fatal\"\n\n[terraform]\nresorces = [\"aws_db_instance\"]\n",
    );
    write(
        &dir,
        "rules/s.toml",
        "id = \"b\"\ndecision = \"1\"\nmesage = \"m\"\n",
    );
    write(
        &dir,
        "rules/t.toml",
        "id = \"c\"\ndecision = \"1\"\nmessage = \"m\"\n",
    );
    write(
        &dir,
        "rules/u.toml",
        "id = \"c\"\ndecision = \"1\"\nmessage = \"m\"\n",
    );
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for needle in [
        "5 problems in the rule files",
        "unknown severity \"fatal\"",
        "unknown field `resorces` in [terraform]",
        "did you mean \"resources\"?",
        "invalid rule rules/s.toml: unknown field `mesage`",
        "did you mean \"message\"?",
        "invalid rule rules/s.toml: missing field `message`",
        "rule id \"c\" is also used by rules/t.toml",
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle:?} not in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn exclude_takes_names_out_of_an_included_catalog() {
    let dir = gated_project(
        "exclude",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n\n[terraform]\nexclude = [\"aws_s3_*\"]\n\n[python]\nexcept = [\"redis\"]\n",
    );
    write(
        &dir,
        "main.tf",
        "resource \"aws_s3_bucket\" \"logs\" {}\nresource \"aws_s3_bucket_versioning\" \"logs\" {}\nresource \"aws_db_instance\" \"db\" {}\n",
    );
    write(&dir, "requirements.txt", "redis\nsqlalchemy\n");
    let (code, found, _) = check(&dir);
    let got: Vec<(&str, u64)> = found.iter().map(|(_, p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(code, 1);
    assert_eq!(
        got,
        [("main.tf", 3), ("requirements.txt", 2)],
        "`exclude` (and its alias `except`) leave the excluded names alone, and only them"
    );
    let run = adrift(&dir, &["rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_pattern_for_a_real_aws_type_is_known_and_suggestions_are_close_or_absent() {
    let dir = gated_project(
        "pattern-unknown-aws",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n\n[terraform]\nresources = [\"aws_ecs_*\", \"aws_dynamo_table\", \"aws_qqqqqqqqqq_*\", \"aws_s3_buckt_*\"]\ndata_sources = [\"aws_caller_identity\"]\n",
    );
    write(&dir, "main.tf", "resource \"aws_ecs_service\" \"api\" {}\n");
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report = json(&run.stdout);
    let got: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "rule-pattern-unknown")
        .map(|f| {
            (
                f["message"].as_str().unwrap_or_default().to_string(),
                f["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let later =
        "if the type is real and new, the pattern is fine (adrift's list may lag the provider)";
    assert_eq!(
        got,
        [
            (
                "pattern \"aws_dynamo_table\" matches no AWS type adrift knows".to_string(),
                format!(
                    "nearest: aws_dynamodb_table, aws_dynamodb_tables, aws_dynamodb_tag; {later}"
                )
            ),
            (
                "pattern \"aws_qqqqqqqqqq_*\" matches no AWS type adrift knows".to_string(),
                format!("no known type is close; {later}")
            ),
            (
                "pattern \"aws_s3_buckt_*\" matches no AWS type adrift knows".to_string(),
                format!("nearest: aws_s3_bucket; {later}")
            ),
        ],
        "aws_ecs_* (no catalog entry, a real provider family) and a real data source are known"
    );
    assert_eq!(
        report["findings"][0]["code"], "no-db",
        "aws_ecs_* still matches"
    );
}
