//! Conditions on attributes (`[[terraform.when]]`, issue 14): rules that
//! match a Terraform resource only when an attribute has, lacks or differs
//! from a value; what adrift cannot read statically is a "may", never a pass.

use crate::support::{adrift, fixtures, gated_project, snapshot, write};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// (rule, path:line:column, severity, message) of every finding.
fn findings(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<(String, String, String, String)>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = adrift(dir, &all);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report = json(&run.stdout);
    let list = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                format!(
                    "{}:{}:{}",
                    f["path"].as_str().unwrap_or_default(),
                    f["line"],
                    f["column"]
                ),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (run.code, list)
}

#[test]
fn the_fixture_matches_by_attribute_and_reports_what_it_cannot_read_as_may() {
    let dir = fixtures().join("check").join("conditions");
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    snapshot(&dir.join("expected.txt"), &run.stdout);
    assert_eq!(run.code, 1);

    let (code, found) = findings(&dir, &[]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(rule, at, severity, _)| (rule.as_str(), at.as_str(), severity.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            // legacy: Serverless v1 (engine_mode = "serverless", no v2 block).
            ("aurora-serverless-v2-only", "infra/aurora.tf:17:1", "error"),
            ("no-aurora-serverless-v1", "infra/aurora.tf:17:1", "error"),
            // reporting: provisioned, no v2 scaling block.
            ("aurora-serverless-v2-only", "infra/aurora.tf:27:1", "error"),
            // tenant: engine_mode = var.engine_mode, at the attribute.
            ("no-aurora-serverless-v1", "infra/aurora.tf:36:3", "error"),
            // preview: a dynamic v2 scaling block, at the block.
            ("aurora-serverless-v2-only", "infra/aurora.tf:48:3", "error"),
            // events: PROVISIONED; audit: no billing_mode (absent matches).
            ("dynamodb-on-demand", "infra/dynamodb.tf:7:1", "error"),
            ("dynamodb-on-demand", "infra/dynamodb.tf:16:1", "error"),
            // jobs: "${var.billing_mode}" in Terraform JSON.
            (
                "dynamodb-on-demand",
                "infra/generated.tf.json:11:9",
                "error"
            ),
        ],
        "app (v2), sessions and cache (on demand) are clean: {found:#?}"
    );
    let message = |at: &str| {
        found
            .iter()
            .find(|f| f.1 == at)
            .map(|f| f.3.clone())
            .unwrap_or_default()
    };
    assert!(
        message("infra/aurora.tf:36:3").contains(
            "\"tenant\" may contradict ADR-0012: Aurora Serverless v1 is end-of-life: move the cluster to v2 (adrift could not read engine_mode statically: it is `var.engine_mode`)"
        ),
        "{found:#?}"
    );
    assert!(
        message("infra/aurora.tf:48:3")
            .contains("it comes from a `dynamic \"serverlessv2_scaling_configuration\"` block")
    );
    assert!(message("infra/dynamodb.tf:7:1").ends_with("(billing_mode = \"PROVISIONED\")"));
    assert!(message("infra/dynamodb.tf:16:1").ends_with("(billing_mode is absent)"));
    assert!(message("infra/generated.tf.json:11:9").contains("it is `${var.billing_mode}`"));
}

/// A plan knows the attributes of what a module creates: the conditions
/// read `change.after`, and what it knows only after apply is a "may".
#[test]
fn plans_give_the_attributes_of_what_modules_create() {
    let dir = fixtures().join("check").join("conditions");
    let (code, found) = findings(&dir, &["--plan", "plan.json"]);
    assert_eq!(code, 1);
    let planned: Vec<(&str, &str, &str)> = found
        .iter()
        .filter(|f| f.1.starts_with("infra/modules.tf"))
        .map(|f| (f.0.as_str(), f.1.as_str(), f.3.as_str()))
        .collect();
    assert_eq!(
        planned,
        [
            (
                "aurora-serverless-v2-only",
                "infra/modules.tf:2:1",
                "resource \"aws_rds_cluster\" (module.store.aws_rds_cluster.this, planned to create) contradicts ADR-0012: Aurora clusters are Serverless v2: give the cluster a serverlessv2_scaling_configuration (serverlessv2_scaling_configuration is absent) (the plan creates it inside module.store)"
            ),
            (
                "dynamodb-on-demand",
                "infra/modules.tf:2:1",
                "resource \"aws_dynamodb_table\" (module.store.aws_dynamodb_table.jobs, planned to create) may contradict ADR-0012: DynamoDB tables are billed on demand (the plan knows billing_mode only after apply) (the plan creates it inside module.store)"
            ),
            (
                "no-aurora-serverless-v1",
                "infra/modules.tf:2:1",
                "resource \"aws_rds_cluster\" (module.store.aws_rds_cluster.this, planned to create) contradicts ADR-0012: Aurora Serverless v1 is end-of-life: move the cluster to v2 (engine_mode = \"serverless\") (the plan creates it inside module.store)"
            ),
        ],
        "the planned sessions table is on demand: {found:#?}"
    );
    assert_eq!(found.len(), 11, "the 8 of the .tf files, and these 3");
}

/// The README's rule and findings are what adrift reads and says.
#[test]
fn the_readme_section_is_true() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("### Conditions on attributes")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("a Conditions section");
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    let rule = blocks[0].strip_prefix("toml\n").expect("the rule first");
    let dir = fixtures().join("check").join("conditions");
    assert_eq!(
        std::fs::read_to_string(dir.join("rules/aurora-serverless-v2-only.toml"))
            .expect("the fixture's rule")
            .replace("\npresent", "   # a nested block\npresent"),
        rule,
        "the README shows the fixture's rule"
    );
    let run = adrift(&dir, &["check", "--format", "compact"]);
    for block in blocks.iter().filter_map(|b| b.strip_prefix("text\n")) {
        for line in block.lines() {
            assert!(
                run.stdout.lines().any(|l| l.ends_with(line)),
                "README line not in the output: {line}\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn rules_lists_the_conditions() {
    let dir = fixtures().join("check").join("conditions");
    let run = adrift(&dir, &["rules", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "  only when: serverlessv2_scaling_configuration is absent (read statically: a value adrift cannot read is a \"may\")",
        "  only when: billing_mode is not \"PAY_PER_REQUEST\", or absent (read statically: a value adrift cannot read is a \"may\")",
        "  only when: engine_mode is \"serverless\" (read statically: a value adrift cannot read is a \"may\")",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line}\n{}",
            run.stdout
        );
    }
    let run = adrift(&dir, &["explain", "dynamodb-on-demand"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Only when every condition holds (read statically from the Terraform files, or from a plan's values with `check --plan`):\n  billing_mode is not \"PAY_PER_REQUEST\", or absent\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("adrift does not know provider defaults")
    );
    let listed = json(&adrift(&dir, &["rules", "--format", "json"]).stdout);
    let plain = json(
        &adrift(
            &fixtures().join("check/terraform"),
            &["rules", "--format", "json"],
        )
        .stdout,
    );
    assert!(
        plain[0].get("conditions").is_none(),
        "no key for a rule without conditions"
    );
    assert_eq!(
        listed[1]["conditions"],
        serde_json::json!(["billing_mode is not \"PAY_PER_REQUEST\", or absent"])
    );
}

const CLUSTER_RULE: &str = "id = \"no-v1\"\ndecision = \"1\"\nmessage = \"no Serverless v1\"\n\n[terraform]\nresources = [\"aws_rds_cluster\"]\n\n[[terraform.when]]\nattribute = \"engine_mode\"\nequals = \"serverless\"\nif_absent = \"no-match\"\n";

#[test]
fn a_may_is_waived_on_its_attribute_or_above_its_block_and_baselined_by_its_resource() {
    let dir = gated_project("conditions-waivers", CLUSTER_RULE);
    write(
        &dir,
        "main.tf",
        "resource \"aws_rds_cluster\" \"a\" {\n  engine_mode = var.mode # adrift:allow=no-v1: var.mode is \"provisioned\" in every workspace\n}\n\n# adrift:allow=no-v1: the module input is always provisioned\nresource \"aws_rds_cluster\" \"b\" {\n  engine_mode = local.mode\n}\n\nresource \"aws_rds_cluster\" \"c\" {\n  engine_mode = lower(\"SERVERLESS\")\n}\n",
    );
    let (code, found) = findings(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, "main.tf:11:3");
    assert!(
        found[0].3.contains("it is `lower(\"SERVERLESS\")`"),
        "{found:#?}"
    );

    // The baseline keys the finding by its resource, not by the value.
    let run = adrift(&dir, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    write(
        &dir,
        "main.tf",
        "resource \"aws_rds_cluster\" \"a\" {\n  engine_mode = var.mode # adrift:allow=no-v1: var.mode is \"provisioned\" in every workspace\n}\n\n# adrift:allow=no-v1: the module input is always provisioned\nresource \"aws_rds_cluster\" \"b\" {\n  engine_mode = local.mode\n}\n\n\nresource \"aws_rds_cluster\" \"c\" {\n  engine_mode = var.other\n}\n",
    );
    let (code, found) = findings(&dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{found:#?}");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn attributes_adrift_could_not_parse_are_a_may_never_a_pass() {
    let dir = gated_project("conditions-unparsed", CLUSTER_RULE);
    // hcl-edit cannot parse the file: the outline still finds the cluster.
    write(
        &dir,
        "main.tf",
        "resource \"aws_rds_cluster\" \"a\" {\n  engine_mode = \"provisioned\"\n}\nresource \"x\" \"y\" {\n  a = = 1\n}\n",
    );
    let (code, found) = findings(&dir, &[]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["no-v1", "parse-error"], "{found:#?}");
    assert!(
        found[0].3.contains("may contradict")
            && found[0].3.contains(
                "adrift could not read engine_mode statically: hcl-edit could not parse the file"
            ),
        "{found:#?}"
    );
}

#[test]
fn constants_read_as_terraform_folds_them_and_nested_paths() {
    let dir = gated_project(
        "conditions-nested",
        "id = \"small\"\ndecision = \"1\"\nmessage = \"at most 4 ACUs\"\n\n[terraform]\nresources = [\"aws_rds_cluster\"]\n\n[[terraform.when]]\nattribute = \"serverlessv2_scaling_configuration.max_capacity\"\nnot_one_of = [0.5, 1, 2, 4]\nif_absent = \"no-match\"\n",
    );
    write(
        &dir,
        "main.tf",
        "resource \"aws_rds_cluster\" \"ok\" {\n  serverlessv2_scaling_configuration {\n    max_capacity = 4.0\n  }\n}\nresource \"aws_rds_cluster\" \"big\" {\n  serverlessv2_scaling_configuration {\n    max_capacity = \"${16}\"\n  }\n}\nresource \"aws_rds_cluster\" \"none\" {}\nresource \"aws_rds_cluster\" \"maybe\" {\n  serverlessv2_scaling_configuration {\n    max_capacity = var.acu\n  }\n}\n",
    );
    let (code, found) = findings(&dir, &[]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = found.iter().map(|f| (f.1.as_str(), f.3.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "main.tf:6:1",
                "resource \"aws_rds_cluster\" \"big\" contradicts ADR-0001: at most 4 ACUs (serverlessv2_scaling_configuration.max_capacity = \"16\")"
            ),
            (
                "main.tf:14:5",
                "resource \"aws_rds_cluster\" \"maybe\" may contradict ADR-0001: at most 4 ACUs (adrift could not read serverlessv2_scaling_configuration.max_capacity statically: it is `var.acu`)"
            ),
        ]
    );
}

/// The error report with its wrapping undone.
fn flat(stderr: &str) -> String {
    stderr
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn rule_file_errors_name_the_line() {
    // `when` on a Cargo section.
    let dir = gated_project(
        "conditions-cargo",
        "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\n\n[cargo]\ncrates = [\"sqlx\"]\n\n[[cargo.when]]\nattribute = \"features\"\npresent = true\n",
    );
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        flat(&run.stderr).contains(
            "`when` in [cargo]: conditions on attributes apply to Terraform resources only"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rules/r.toml:8:9"), "{}", run.stderr);

    // A pattern of another ecosystem beside conditions, at its line.
    let dir = gated_project(
        "conditions-other-ecosystem",
        "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\n\n[terraform]\nresources = [\"aws_rds_cluster\"]\n\n[[terraform.when]]\nattribute = \"engine_mode\"\npresent = true\n\n[python]\npackages = [\"psycopg\"]\n",
    );
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        flat(&run.stderr).contains(
            "a rule with conditions (`when`) cannot match python packages (pattern \"psycopg\")"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rules/r.toml:13:13"), "{}", run.stderr);

    // An unknown key in a condition, with a did-you-mean.
    let dir = gated_project(
        "conditions-unknown-key",
        "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\n\n[terraform]\nresources = [\"aws_rds_cluster\"]\n\n[[terraform.when]]\nattribute = \"engine_mode\"\nnot_equal = \"serverless\"\nif_absent = \"match\"\n",
    );
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        flat(&run.stderr).contains("unknown field `not_equal` in [[terraform.when]]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rules/r.toml:10:1"), "{}", run.stderr);
    assert!(
        flat(&run.stderr).contains("did you mean \"not_equals\"?"),
        "{}",
        run.stderr
    );

    // A value test that does not say what absent means.
    let dir = gated_project(
        "conditions-absent",
        "id = \"x\"\ndecision = \"1\"\nmessage = \"m\"\n\n[terraform]\nresources = [\"aws_dynamodb_table\"]\n\n[[terraform.when]]\nattribute = \"billing_mode\"\nnot_equals = \"PAY_PER_REQUEST\"\n",
    );
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        flat(&run.stderr).contains("does not say what an absent `billing_mode` means")
            && flat(&run.stderr).contains("adrift does not know provider defaults"),
        "{}",
        run.stderr
    );
}

/// Terraform merges an override file's block into the resource it
/// overrides: two blocks that each pass alone may fail together, so
/// conditions on either are a "may".
#[test]
fn override_files_make_conditions_a_may() {
    let dir = gated_project(
        "conditions-override",
        "id = \"no-mysql-v1\"\ndecision = \"1\"\nmessage = \"no MySQL on Serverless v1\"\n\n[terraform]\nresources = [\"aws_rds_cluster\"]\n\n[[terraform.when]]\nattribute = \"engine\"\nequals = \"aurora-mysql\"\nif_absent = \"no-match\"\n\n[[terraform.when]]\nattribute = \"engine_mode\"\nequals = \"serverless\"\nif_absent = \"no-match\"\n",
    );
    write(
        &dir,
        "infra/main.tf",
        "resource \"aws_rds_cluster\" \"a\" {\n  engine = \"aurora-mysql\"\n}\n\nresource \"aws_rds_cluster\" \"b\" {\n  engine = \"aurora-mysql\"\n}\n",
    );
    write(
        &dir,
        "infra/db_override.tf",
        "resource \"aws_rds_cluster\" \"a\" {\n  engine_mode = \"serverless\"\n}\n",
    );
    let (code, found) = findings(&dir, &[]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = found.iter().map(|f| (f.1.as_str(), f.3.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "infra/db_override.tf:1:1",
                "resource \"aws_rds_cluster\" \"a\" may contradict ADR-0001: no MySQL on Serverless v1 (adrift could not read engine statically: Terraform merges this override file's block into the resource it overrides, and adrift does not merge them)"
            ),
            (
                "infra/main.tf:1:1",
                "resource \"aws_rds_cluster\" \"a\" may contradict ADR-0001: no MySQL on Serverless v1 (adrift could not read engine statically: the override file infra/db_override.tf changes this resource, and adrift does not merge override files)"
            ),
        ],
        "b, which no override touches, is read as written: {found:#?}"
    );
}

/// A value spelt another way is still the value Terraform sends: escapes,
/// constant interpolations, parentheses and conditionals on constants.
#[test]
fn a_value_written_another_way_still_matches() {
    let dir = gated_project("conditions-spellings", CLUSTER_RULE);
    write(
        &dir,
        "main.tf",
        "resource \"aws_rds_cluster\" \"a\" {\n  engine_mode = \"serverle\\u0073s\"\n}\nresource \"aws_rds_cluster\" \"b\" {\n  engine_mode = \"server${\"less\"}\"\n}\nresource \"aws_rds_cluster\" \"c\" {\n  engine_mode = (true ? \"serverless\" : \"provisioned\")\n}\nresource \"aws_rds_cluster\" \"d\" {\n  engine_mode = <<-EOT\n    serverless\n  EOT\n}",
    );
    write(
        &dir,
        "other.tf",
        "resource \"aws_rds_cluster\" \"e\" {\n  \"engine_mode\" = \"serverless\"\n}\n",
    );
    let (code, found) = findings(&dir, &[]);
    let at: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    // `d` is "serverless\n" (a heredoc keeps its newline), which the
    // provider rejects; `e` is not HCL (a quoted attribute name).
    assert_eq!(code, 1);
    assert_eq!(
        at,
        [
            "main.tf:1:1",
            "main.tf:4:1",
            "main.tf:7:1",
            "other.tf:1:1",
            "other.tf:2:3"
        ],
        "{found:#?}"
    );
    assert!(found[3].3.contains("may contradict"), "{found:#?}");
    assert_eq!(found[4].0, "parse-error");
}

/// A CI consumer can tell a "may" from a certain finding in every format:
/// JSON `may` (why), SARIF result properties (`may`, the tag `may`) at the
/// rule's level, `(may)` after the code in the text formats, and the
/// GitHub annotation's title. Certain findings carry none of it.
#[test]
fn every_format_says_which_findings_are_a_may_and_why() {
    let dir = fixtures().join("check").join("conditions");
    let run_format = |format: &str| {
        let run = adrift(&dir, &["check", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        run.stdout
    };

    let report = json(&run_format("json"));
    let mays: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| {
            let why = f.get("may")?.as_str().expect("a string").to_string();
            Some((format!("{}:{}", f["path"].as_str()?, f["line"]), why))
        })
        .collect();
    assert_eq!(
        mays,
        [
            (
                "infra/aurora.tf:36".to_string(),
                "adrift could not read engine_mode statically: it is `var.engine_mode`".to_string()
            ),
            (
                "infra/aurora.tf:48".to_string(),
                "adrift could not read serverlessv2_scaling_configuration statically: it comes from a `dynamic \"serverlessv2_scaling_configuration\"` block, which Terraform expands when it runs".to_string()
            ),
            (
                "infra/generated.tf.json:11".to_string(),
                "adrift could not read billing_mode statically: it is `${var.billing_mode}`"
                    .to_string()
            ),
        ]
    );
    // Added, never renamed: a certain finding has the keys it always had.
    let certain = &report["findings"][0];
    let mut keys: Vec<&str> = certain
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "decision",
            "end_column",
            "end_line",
            "help",
            "line",
            "message",
            "path",
            "reason",
            "rule",
            "severity"
        ]
    );

    let sarif = json(&run_format("sarif"));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let at = |line: u64| {
        results
            .iter()
            .find(|r| {
                r["locations"][0]["physicalLocation"]["region"]["startLine"] == line
                    && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        == "infra/aurora.tf"
            })
            .unwrap_or_else(|| panic!("a result at line {line}"))
    };
    let tenant = at(36);
    assert_eq!(tenant["level"], "error", "a may keeps the rule's severity");
    assert!(tenant.get("kind").is_none(), "{tenant}");
    assert_eq!(
        tenant["properties"],
        serde_json::json!({
            "decision": "ADR-0012",
            "may": "adrift could not read engine_mode statically: it is `var.engine_mode`",
            "tags": ["may"],
        })
    );
    assert_eq!(
        at(27)["properties"],
        serde_json::json!({ "decision": "ADR-0012" })
    );

    let github = run_format("github");
    let line = |text: &str, at: &str| {
        text.lines()
            .find(|l| l.contains(at))
            .unwrap_or_else(|| panic!("{at} in\n{text}"))
            .to_string()
    };
    assert!(
        line(&github, "line=36,").contains(",title=no-aurora-serverless-v1 (ADR-0012%2C may)::"),
        "{github}"
    );
    assert!(
        line(&github, "line=27,").contains(",title=aurora-serverless-v2-only (ADR-0012)::"),
        "{github}"
    );

    let compact = run_format("compact");
    assert!(
        compact.contains("\ninfra/aurora.tf:36:3: error no-aurora-serverless-v1 (may) resource \"aws_rds_cluster\" \"tenant\" may contradict"),
        "{compact}"
    );
    assert!(
        compact.contains("\ninfra/aurora.tf:27:1: error aurora-serverless-v2-only resource"),
        "{compact}"
    );

    let junit = run_format("junit");
    assert!(
        junit.contains("infra/aurora.tf:36:3: error (may) resource &quot;aws_rds_cluster&quot; &quot;tenant&quot; may contradict"),
        "{junit}"
    );
    assert!(
        junit.contains(
            "infra/aurora.tf:27:1: error resource &quot;aws_rds_cluster&quot; &quot;reporting&quot;"
        ),
        "{junit}"
    );

    let markdown = run_format("markdown");
    assert!(
        line(&markdown, "infra/aurora.tf:36").contains("(no-aurora-serverless-v1, may)<br>"),
        "{markdown}"
    );
    assert!(
        line(&markdown, "infra/aurora.tf:27").contains("(aurora-serverless-v2-only)<br>"),
        "{markdown}"
    );

    let human = adrift(&dir, &["check", "--color", "never"]).stdout;
    assert!(
        human.contains("\nno-aurora-serverless-v1 (may)\n\n  × resource \"aws_rds_cluster\" \"tenant\" may contradict"),
        "{human}"
    );
}

/// SARIF's rule descriptors say when a rule with conditions applies.
#[test]
fn sarif_rule_descriptors_carry_the_conditions() {
    let dir = fixtures().join("check").join("conditions");
    let sarif = json(&adrift(&dir, &["check", "--format", "sarif"]).stdout);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let rule = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no descriptor for {id}"))
    };
    let v1 = rule("no-aurora-serverless-v1");
    assert_eq!(
        v1["properties"]["conditions"],
        serde_json::json!(["engine_mode is \"serverless\""])
    );
    assert_eq!(
        v1["fullDescription"]["text"],
        "Aurora Serverless v1 is end-of-life: move the cluster to v2. Only when every condition holds: engine_mode is \"serverless\". A value adrift cannot read statically makes a finding a \"may\" (result property `may`)."
    );
    assert!(
        v1["help"]["markdown"]
            .as_str()
            .expect("help")
            .ends_with("\n\nOnly when every condition holds: engine_mode is \"serverless\". A value adrift cannot read statically makes a finding a \"may\" (result property `may`)."),
        "{v1}"
    );
    assert!(
        rule("status-unknown")["properties"]
            .get("conditions")
            .is_none(),
        "no conditions key where a rule has none"
    );
}
