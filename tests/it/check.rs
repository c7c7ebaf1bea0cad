//! `adrift check` on fixture projects under `tests/fixtures/check/`: one per
//! scanner with the real-world shapes, one per decision lifecycle, and one
//! per check diagnostic. Each has its own `adrift.toml`, so it is a project
//! of its own, and a snapshot `expected.txt` of the human report.

use std::collections::HashSet;

use adrift::check::CHECK_CODES;
use adrift::lints::LINTS;

use crate::support::{
    adr_tools_record, adrift, fixtures, gated_project, snapshot, temp_dir, write,
};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// (code, path, line, message) of one finding.
type Found = (String, String, u64, String);

/// Exit code, every finding and the summary, from `check --format json`.
fn findings(dir: &std::path::Path) -> (i32, Vec<Found>, serde_json::Value) {
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

fn human_snapshot(name: &str) -> i32 {
    let dir = fixtures().join("check").join(name);
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
    snapshot(&dir.join("expected.txt"), &run.stdout);
    run.code
}

#[test]
fn check_codes_are_unique_documented_and_each_has_a_fixture() {
    let mut seen = HashSet::new();
    for code in LINTS.iter().chain(CHECK_CODES) {
        assert!(seen.insert(code.code), "duplicate code {}", code.code);
    }
    for code in CHECK_CODES {
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                code.docs.contains(heading),
                "{} docs lack {heading:?}",
                code.code
            );
        }
        let dir = fixtures().join("check").join(code.code);
        assert!(dir.is_dir(), "no fixture for {}", code.code);
        let run = adrift(&dir, &["check", "--color", "never"]);
        assert!(
            run.stdout.lines().any(|l| l == code.code),
            "fixture for {} does not raise it:\n{}",
            code.code,
            run.stdout
        );
        snapshot(&dir.join("expected.txt"), &run.stdout);
    }
}

#[test]
fn terraform_real_world_shapes() {
    assert_eq!(human_snapshot("terraform"), 1);
    let (code, found, summary) = findings(&fixtures().join("check/terraform"));
    assert_eq!(code, 1);
    let got: Vec<(&str, &str, u64)> = found
        .iter()
        .map(|(c, p, l, _)| (c.as_str(), p.as_str(), *l))
        .collect();
    assert_eq!(
        got,
        [
            ("no-persistence", "infra/bom.tf", 1),
            // A file that does not parse is an error, and what can be read
            // of it is still checked.
            ("no-persistence", "infra/broken.tf", 1),
            ("parse-error", "infra/broken.tf", 2),
            ("no-persistence", "infra/generated.tf.json", 3),
            ("no-persistence", "infra/main.tf", 7),
            ("no-persistence", "infra/main.tf", 33),
            ("no-persistence", "infra/main.tf", 56),
            ("no-persistence", "infra/main.tf", 61),
            ("no-persistence", "infra/main.tf", 66),
            ("no-persistence", "infra/modules.tf", 2),
            ("no-persistence", "infra/modules.tf", 7),
            ("no-persistence", "infra/windows.tf", 5),
        ],
        "commented-out blocks, heredocs, strings, count = 0 (or \"0\", false ? 1 : 0, for_each = {{}}), .gitignored directories and .terraform/ never match"
    );
    assert!(
        found[6]
            .3
            .contains("it may be created: count depends on `var.enable_sessions`")
    );
    assert!(found[7].3.contains("for_each"));
    assert!(
        found[10]
            .3
            .contains("read as terraform-aws-modules/elasticache/aws")
    );
    // Six Terraform files and one record were read; the ignored ones were not.
    assert_eq!(summary["files"], 7);
}

#[test]
fn findings_name_the_decision_and_the_rule() {
    let dir = fixtures().join("check/proposed");
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report = json(&run.stdout);
    let f = &report["findings"][0];
    assert_eq!(f["decision"], "ADR-0012");
    assert_eq!(f["rule"], "no-persistence");
    assert_eq!(f["code"], "no-persistence");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn cargo_workspace_direct_renamed_optional_inherited_and_transitive() {
    assert_eq!(human_snapshot("cargo"), 1);
    let (_, found, summary) = findings(&fixtures().join("check/cargo"));
    let got: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(_, p, l, m)| (p.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "api/Cargo.toml",
                8,
                "dependency \"db\" (package \"sqlx\") contradicts ADR-0012: the platform is stateless: no database or persistence layer (optional: turned on by feature `persistence`)"
            ),
            (
                "api/Cargo.toml",
                9,
                "dependency \"cache\" (package \"redis\") contradicts ADR-0012: the platform is stateless: no database or persistence layer"
            ),
            (
                "report-worker/Cargo.toml",
                8,
                "crate \"redis\" 0.27.6 contradicts ADR-0012: the platform is stateless: no database or persistence layer (reached through report-worker → session-kit 0.3.1 → redis 0.27.6 in Cargo.lock with features unified)"
            ),
        ],
        "sqlx-postgres is reached through sqlx (already reported); rusqlite is a dev-dependency; sled is waived"
    );
    assert_eq!(summary["waived"], 1);
}

#[test]
fn dev_dependencies_are_checked_when_the_rule_says_so() {
    let dir = temp_dir("cargo-dev");
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-stateless.md",
        adr_tools_record(1, "Stateless", "Accepted"),
    );
    write(
        &dir,
        "rules/no-db.toml",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[cargo]\ncrates = [\"rusqlite\"]\ndev = true\n",
    );
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dev-dependencies]\nrusqlite = \"0.31\"\n",
    );
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        found[0].3,
        "dev-dependency \"rusqlite\" contradicts ADR-0001: no database"
    );
}

#[test]
fn python_requirements_pyproject_and_lock() {
    assert_eq!(human_snapshot("python"), 1);
    let (_, found, summary) = findings(&fixtures().join("check/python"));
    // Waived: redis in requirements.txt (a trailing comment) and tinydb in
    // pyproject.toml (the comment line above).
    assert_eq!(summary["waived"], 2);
    let got: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(_, p, l, m)| (p.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "service/requirements-db.txt",
                1,
                "package \"SQLAlchemy\" contradicts ADR-0012: the platform is stateless: no database or persistence layer (installed only where `python_version >= \"3.10\"`)"
            ),
            (
                "service/requirements-db.txt",
                2,
                "package \"psycopg2_binary\" contradicts ADR-0012: the platform is stateless: no database or persistence layer"
            ),
            (
                "worker/pyproject.toml",
                6,
                "package \"pymongo\" 4.7.0 contradicts ADR-0012: the platform is stateless: no database or persistence layer (reached through task-queue-lite 1.2.0 → pymongo 4.7.0)"
            ),
            (
                "worker/pyproject.toml",
                10,
                "package \"redis\" contradicts ADR-0012: the platform is stateless: no database or persistence layer (optional: installed with the extra `cache`)"
            ),
        ]
    );
}

#[test]
fn a_proposed_decision_previews_as_warnings() {
    assert_eq!(human_snapshot("proposed"), 0);
    let dir = fixtures().join("check/proposed");
    assert_eq!(adrift(&dir, &["check", "--deny-warnings"]).code, 1);
}

#[test]
fn a_superseded_decision_retires_its_rule() {
    assert_eq!(human_snapshot("superseded"), 0);
    let (_, found, _) = findings(&fixtures().join("check/superseded"));
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["rules-none", "waiver-unused", "rule-inactive"]);
}

#[test]
fn rules_list_their_state_and_expansion() {
    let dir = fixtures().join("check/proposed");
    let run = adrift(&dir, &["rules", "--format", "json"]);
    let rules = json(&run.stdout);
    let rule = &rules[0];
    assert_eq!(rule["id"], "no-persistence");
    assert_eq!(rule["decision"], "ADR-0012");
    assert_eq!(rule["decision_status"], "proposed");
    assert_eq!(rule["state"], "previewed");
    let resources = rule["patterns"]["terraform_resources"]
        .as_array()
        .expect("resources");
    assert!(resources.iter().any(|r| r == "aws_db_instance"));
    let run = adrift(&dir, &["rules", "--color", "never"]);
    assert!(
        run.stdout.starts_with(
            "no-persistence  ADR-0012 \"Persistence and Database Strategy\" (proposed): previewed (warnings only)\n"
        ),
        "{}",
        run.stdout
    );
    let superseded = adrift(
        &fixtures().join("check/superseded"),
        &["rules", "--format", "json"],
    );
    assert_eq!(json(&superseded.stdout)[0]["state"], "inactive");
}

#[test]
fn rule_errors_stop_the_check_with_a_location() {
    let dir = gated_project(
        "rule-errors",
        "id = \"no-db\"\ndecision = \"ADR-0007\"\nmessage = \"m\"\n",
    );
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rule no-db enforces ADR-0007, which is no record in adr"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[rules/r.toml:2:12]"), "{}", run.stderr);

    write(
        &dir,
        "rules/r.toml",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"m\"\n[terraform]\nresource = [\"aws_db_*\"]\n",
    );
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `resource`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[rules/r.toml:5:1]"), "{}", run.stderr);

    write(
        &dir,
        "rules/r.toml",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"m\"\n",
    );
    write(
        &dir,
        "rules/s.toml",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"m\"\n",
    );
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rule id \"no-db\" is also used by rules/r.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreadable_and_invalid_files_fail_closed() {
    let dir = gated_project(
        "fail-closed",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"m\"\ninclude = [\"persistence\"]\n",
    );
    // A byte that is not UTF-8 is fine in a comment, as Terraform reads
    // it, and a located parse error in a string.
    write(
        &dir,
        "infra/latin1.tf",
        b"# caf\xe9\nresource \"aws_db_instance\" \"x\" {}\n",
    );
    write(
        &dir,
        "infra/latin1-string.tf",
        b"resource \"aws_s3_bucket\" \"caf\xe9\" {}\n",
    );
    std::os::unix::fs::symlink(dir.join("infra/gone.tf"), dir.join("infra/dangling.tf"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.join("infra"), dir.join("infra/loop")).expect("loop");
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    let has = |path: &str, needle: &str| {
        found
            .iter()
            .any(|(c, p, _, m)| c == "file-unreadable" && p.starts_with(path) && m.contains(needle))
    };
    assert!(
        found
            .iter()
            .any(|(c, p, l, _)| c == "no-db" && p == "infra/latin1.tf" && *l == 2),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(c, p, l, m)| c == "parse-error"
            && p == "infra/latin1-string.tf"
            && *l == 1
            && m.contains("not UTF-8")),
        "{found:?}"
    );
    assert!(has("infra/dangling.tf", ""), "{found:?}");
    assert!(has("infra/loop", ""), "{found:?}");
}

#[test]
fn the_repository_passes_its_own_check() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = adrift(root, &["check", "--format", "json"]);
    let report = json(&run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(report["summary"]["errors"], 0);
}

/// The README's first command, as a newcomer runs it from the repository.
#[test]
fn the_example_platform_shows_its_two_drifts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = adrift(
        root,
        &[
            "--config",
            "examples/platform/adrift.toml",
            "check",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let errors: Vec<(String, u64, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["decision"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "examples/platform/infra/ecs.tf".to_string(),
                24,
                "ADR-0012".to_string()
            ),
            (
                "examples/platform/infra/sessions.tf".to_string(),
                3,
                "ADR-0012".to_string()
            )
        ]
    );
    assert_eq!(
        report["summary"]["waived"], 1,
        "the ALB log bucket is waived"
    );
}

#[test]
fn a_baseline_adopts_existing_drift_by_meaning_not_by_line() {
    let dir = gated_project(
        "baseline",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"legacy\" {}\n",
    );
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\nredis = \"0.27\"\n",
    );
    let run = adrift(
        &dir,
        &["check", "--write-baseline", "ci/adrift-baseline.json"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "wrote 2 findings to ci/adrift-baseline.json\n")
    );

    // Lines move above both findings: still in the baseline.
    write(
        &dir,
        "infra/main.tf",
        "# A comment.\n\nresource \"aws_lb\" \"x\" {}\n\nresource \"aws_db_instance\" \"legacy\" {}\n",
    );
    let (code, found, summary) = {
        let run = adrift(
            &dir,
            &[
                "check",
                "--format",
                "json",
                "--baseline",
                "ci/adrift-baseline.json",
            ],
        );
        let report = json(&run.stdout);
        (
            run.code,
            report["findings"].as_array().expect("findings").len(),
            report["summary"].clone(),
        )
    };
    assert_eq!((code, found), (0, 0));
    assert_eq!(summary["baselined"], 2);

    // New drift is reported; the baseline still holds the old.
    write(
        &dir,
        "infra/cache.tf",
        "resource \"aws_elasticache_cluster\" \"new\" {}\n",
    );
    let run = adrift(
        &dir,
        &[
            "check",
            "--format",
            "compact",
            "--baseline",
            "ci/adrift-baseline.json",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with(
            "infra/cache.tf:1:1: error no-db resource \"aws_elasticache_cluster\" \"new\""
        ),
        "{}",
        run.stdout
    );

    // Fixed drift leaves an entry that matches nothing: reported.
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
    );
    let run = adrift(
        &dir,
        &[
            "check",
            "--format",
            "compact",
            "--baseline",
            "ci/adrift-baseline.json",
        ],
    );
    assert!(run.stdout.contains("ci/adrift-baseline.json:4:5: warning baseline-unmatched baseline entry for no-db in Cargo.toml matches no finding: dependency \"redis\""), "{}", run.stdout);

    let run = adrift(&dir, &["check", "--baseline", "nope.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read the baseline"),
        "{}",
        run.stderr
    );
}

#[test]
fn terraform_plans_catch_what_remote_modules_create() {
    let dir = fixtures().join("check/plan");
    let run = adrift(&dir, &["check", "--plan", "plan.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let got: Vec<(String, u64, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "infra/main.tf".to_string(),
                5,
                "resource \"aws_rds_cluster\" (module.store.aws_rds_cluster.this[0], planned to create) contradicts ADR-0012: the platform is stateless: no database or persistence layer (the plan creates it inside module.store)".to_string()
            ),
            (
                "plan.json".to_string(),
                30,
                "resource \"aws_dynamodb_table\" (module.legacy.aws_dynamodb_table.jobs, planned to create) contradicts ADR-0012: the platform is stateless: no database or persistence layer".to_string()
            ),
        ],
        "updates of other types, deletions, data reads and root resources declared in .tf (scanned there) add nothing"
    );
    // Without the plan, the private module hides the database.
    assert_eq!(adrift(&dir, &["check"]).code, 0);
    let run = adrift(&dir, &["check", "--plan", "missing.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("file-unreadable"), "{}", run.stdout);
}

/// A plan knows the images a task definition's `.tf` cannot show: those of
/// a module's task definition, and those a root one computes
/// (`image = var.db_image`). An image the `.tf` writes literally is reported
/// once, at its line; one the plan does not know yet (`after_unknown`) adds
/// nothing.
#[test]
fn terraform_plans_show_the_images_of_planned_task_definitions() {
    let dir = fixtures().join("check/plan-images");
    let run = adrift(&dir, &["check", "--plan", "plan.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let got: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap_or_default(),
                f["line"].as_u64().unwrap_or_default(),
                f["message"]
                    .as_str()
                    .unwrap_or_default()
                    .split(" contradicts")
                    .next()
                    .unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "infra/main.tf:9 image \"postgres\" of container \"db\" in the planned task definition \"api\" (aws_ecs_task_definition.api, planned to create)",
            "infra/main.tf:13 image \"redis\" in the container definitions of task \"api\"",
            "infra/main.tf:18 image \"mongo\" of container \"queue-store\" in the planned task definition \"this\" (module.workers.aws_ecs_task_definition.this, planned to create)",
            "plan.json:47 image \"bitnami/postgresql\" of container \"db\" in the planned task definition \"this\" (module.ghost.aws_ecs_task_definition.this, planned to create)",
        ]
    );
    // Without the plan, only the literal image is seen.
    let run = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(
        json(&run.stdout)["findings"].as_array().map(Vec::len),
        Some(1)
    );
}

/// The README shows what the first command prints; it must stay true.
#[test]
fn the_readme_shows_the_examples_real_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = adrift(
        root,
        &[
            "--config",
            "examples/platform/adrift.toml",
            "check",
            "--color",
            "never",
        ],
    );
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let shown = readme
        .split("You see the findings (exit code 1):\n\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the README shows the output");
    let from = run.stdout.find("  × ").expect("the findings");
    assert_eq!(
        shown,
        run.stdout[from..].trim_end(),
        "update the README's output block"
    );
}

#[test]
fn modules_named_for_what_they_create_are_warnings_unless_a_rule_decides() {
    let dir = gated_project(
        "module-words",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n\n[terraform]\nexcept = [\"acme/s3-bucket-notifications/aws\"]\n",
    );
    write(
        &dir,
        "infra/main.tf",
        r#"module "uploads" {
  source = "git::https://github.com/acme/terraform-aws-s3-bucket.git?ref=v2"
}

module "orders_db" {
  source = "acme/RDS_Postgres/aws"
}

module "catalogued" {
  source = "terraform-aws-modules/rds/aws"
}

module "notify" {
  source = "terraform-aws-modules/s3-bucket/aws//modules/notification"
}

module "local_db" {
  source = "./modules/rds"
}

module "words" {
  source = "acme/words/aws"
}

module "excepted" {
  source = "git::https://github.com/acme/terraform-aws-s3-bucket-notifications.git"
}

# adrift:allow=no-db: the archive bucket is write-once audit storage, agreed in ADR-0003
module "archive" {
  source = "acme/archive-s3-bucket/aws"
}
"#,
    );
    write(
        &dir,
        "infra/modules/rds/main.tf",
        "output \"x\" { value = 1 }\n",
    );
    let (code, found, summary) = findings(&dir);
    let got: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(c, _, l, m)| (c.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(code, 1, "{got:#?}");
    assert_eq!(
        got,
        [
            (
                "no-db",
                2,
                "module \"uploads\" (source \"git::https://github.com/acme/terraform-aws-s3-bucket.git?ref=v2\", read as acme/s3-bucket/aws) may contradict ADR-0001: stateless (its name says it creates one)"
            ),
            (
                "no-db",
                6,
                "module \"orders_db\" (source \"acme/RDS_Postgres/aws\", read as acme/rds_postgres/aws) may contradict ADR-0001: stateless (its name says it creates one)"
            ),
            (
                "no-db",
                10,
                "module \"catalogued\" (source \"terraform-aws-modules/rds/aws\") contradicts ADR-0001: stateless"
            ),
        ],
        "the catalogued module is an error and no hint; the notification submodule, the local module (whose files are read), a name that only contains `rds`, the excepted module and the waived one say nothing"
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report = json(&run.stdout);
    let f = &report["findings"];
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(f[1]["severity"], "warning");
    assert_eq!(f[2]["severity"], "error");
    assert!(
        f[0]["help"].as_str().unwrap().contains(
            "matched the word \"s3-bucket\" from persistence/module-words in the module's name"
        ),
        "{}",
        f[0]["help"]
    );
    assert_eq!(summary["waived"], 1);
}

#[test]
fn except_leaves_a_name_alone_in_every_target_of_its_section() {
    let dir = gated_project(
        "except",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n\n[terraform]\nexcept = [\"aws_s3_bucket\", \"aws_s3_bucket_*\"]\n\n[python]\nexcept = [\"Redis\"]\n",
    );
    write(
        &dir,
        "main.tf",
        "resource \"aws_s3_bucket\" \"logs\" {}\nresource \"aws_s3_bucket_policy\" \"logs\" {}\nresource \"aws_db_instance\" \"db\" {}\n",
    );
    write(&dir, "requirements.txt", "redis\nsqlalchemy\n");
    let (code, found, _) = findings(&dir);
    let got: Vec<(&str, u64)> = found.iter().map(|(_, p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(code, 1);
    assert_eq!(got, [("main.tf", 3), ("requirements.txt", 2)]);
}

#[test]
fn ecs_task_definitions_in_terraform_declare_their_container_images() {
    let dir = gated_project(
        "ecs-images",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n",
    );
    write(
        &dir,
        "infra/ecs.tf",
        r#"resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    { name = "api", image = "${var.repository}:${var.tag}" },
    { name = "db", image = "public.ecr.aws/docker/library/postgres:16" },
  ])
}

resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = <<EOT
[
  {"name": "worker", "image": "${var.worker_image}"},
  {"name": "cache", "image": "redis:7-alpine"}
]
EOT
}

resource "aws_ecs_task_definition" "audit" {
  family = "audit"
  container_definitions = jsonencode([
    # adrift:allow=no-db: the audit sidecar is write-once and agreed in ADR-0004
    { name = "store", image = "mongo:7" },
  ])
}

resource "aws_ecs_task_definition" "off" {
  count                 = 0
  family                = "off"
  container_definitions = jsonencode([{ name = "db", image = "mysql:8" }])
}
"#,
    );
    let (code, found, summary) = findings(&dir);
    let got: Vec<(u64, &str)> = found.iter().map(|(_, _, l, m)| (*l, m.as_str())).collect();
    assert_eq!(code, 1);
    assert_eq!(
        got,
        [
            (
                5,
                "image \"postgres\" in the container definitions of task \"api\" contradicts ADR-0001: stateless"
            ),
            (
                14,
                "image \"redis\" in the container definitions of task \"worker\" contradicts ADR-0001: stateless"
            ),
        ],
        "computed images are not known before apply; count = 0 creates nothing; the waiver covers its line"
    );
    assert_eq!(summary["waived"], 1);
}

/// `exclude` in a rule's section leaves names alone: the whole catalog but
/// S3 is one rule, not a fork of the catalog. A waiver may name two rules.
#[test]
fn a_rule_excludes_names_and_a_waiver_names_two_rules() {
    let dir = gated_project(
        "exclude-and-two-rules",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n\n[terraform]\nexclude = [\"aws_s3_*\"]\n",
    );
    write(
        &dir,
        "rules/no-cache.toml",
        "id = \"no-cache\"\ndecision = \"1\"\nmessage = \"no cache\"\n[terraform]\nresources = [\"aws_elasticache_*\"]\n",
    );
    write(
        &dir,
        "infra/main.tf",
        "resource \"aws_s3_bucket\" \"logs\" {}\n\nresource \"aws_db_instance\" \"db\" {}\n\n# adrift:allow=no-db,no-cache: the session cache, until ADR-0002 lands\nresource \"aws_elasticache_cluster\" \"sessions\" {}\n",
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found, [("no-db".to_string(), 3)], "{}", run.stdout);
    assert_eq!(
        report["summary"]["waived"], 2,
        "both rules' findings waived"
    );
}

/// One thing, one finding: resources that configure a matched resource
/// of their module (`bucket = aws_s3_bucket.exports.id`, whose type
/// extends the bucket's) are labels on its finding, in its file or named
/// in its help from another file; a reference alone (an instance and its
/// subnet group) or a resource of another module stays its own finding.
/// The summary says how many declarations the findings cover.
#[test]
fn resources_that_configure_a_matched_resource_are_one_finding() {
    assert_eq!(human_snapshot("terraform-fold"), 1);
    let dir = fixtures().join("check/terraform-fold");
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report = json(&run.stdout);
    let findings = report["findings"].as_array().expect("findings");
    let bucket = findings
        .iter()
        .find(|f| f["path"] == "infra/storage/bucket.tf")
        .expect("the bucket's finding");
    assert_eq!(bucket["line"], 2);
    let covers: Vec<(String, u64, String)> = bucket["covers"]
        .as_array()
        .expect("covers")
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap().to_string(),
                c["line"].as_u64().unwrap(),
                c["identity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        covers,
        [
            (
                "infra/storage/bucket.tf".to_string(),
                6,
                "resource \"aws_s3_bucket_versioning\" \"exports\"".to_string()
            ),
            (
                "infra/storage/lifecycle.tf".to_string(),
                2,
                "resource \"aws_s3_bucket_lifecycle_configuration\" \"exports\"".to_string()
            ),
        ]
    );
    // Google and Azure: a database is a part of its instance or server (a
    // container of its service); a replica, or another service's resource
    // naming the server, is not.
    let covered = |path: &str, line: u64| -> Vec<(String, String)> {
        let f = findings
            .iter()
            .find(|f| f["path"] == path && f["line"] == line)
            .unwrap_or_else(|| panic!("no finding at {path}:{line}"));
        f["covers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["identity"].as_str().unwrap().to_string(),
                    c["relation"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let part = |identity: &str| vec![(identity.to_string(), "is part of it".to_string())];
    assert_eq!(
        covered("infra/google/sql.tf", 3),
        part("resource \"google_sql_database\" \"app\"")
    );
    assert_eq!(covered("infra/google/sql.tf", 17), []);
    assert_eq!(
        covered("infra/azure/mssql.tf", 3),
        part("resource \"azurerm_mssql_database\" \"app\"")
    );
    assert_eq!(findings.len(), 8, "{findings:#?}");
    assert_eq!(report["summary"]["errors"], 8);
    assert_eq!(report["summary"]["declarations"], 13);
    // SARIF lists what a finding covers as related locations.
    let run = adrift(&dir, &["check", "--format", "sarif"]);
    let sarif = json(&run.stdout);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let related: Vec<&str> = results
        .iter()
        .flat_map(|r| r["relatedLocations"].as_array().into_iter().flatten())
        .filter_map(|l| l["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        related.contains(&"infra/storage/lifecycle.tf"),
        "{related:?}"
    );
}

/// A baseline lists every declaration a finding covers, so it reads the
/// same whether findings fold or not; a finding is held only while all it
/// covers is in the baseline: a new resource configuring a baselined
/// bucket brings the bucket's finding back, whole.
#[test]
fn a_baseline_holds_a_folded_finding_only_while_it_holds_all_it_covers() {
    let dir = gated_project(
        "fold-baseline",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    let bucket = "resource \"aws_s3_bucket\" \"b\" {}\n\nresource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n}\n";
    write(&dir, "infra/s3.tf", bucket);
    let run = adrift(&dir, &["check", "--write-baseline", "b.json"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "wrote 1 finding (covering 2 declarations) to b.json\n")
    );
    let written = std::fs::read_to_string(dir.join("b.json")).unwrap();
    assert!(
        written.contains("resource \\\"aws_s3_bucket_versioning\\\" \\\"b\\\""),
        "{written}"
    );
    let run = adrift(&dir, &["check", "--baseline", "b.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("baseline-unmatched"), "{}", run.stdout);

    write(
        &dir,
        "infra/s3.tf",
        format!(
            "{bucket}\nresource \"aws_s3_bucket_lifecycle_configuration\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n}}\n"
        ),
    );
    let run = adrift(&dir, &["check", "--baseline", "b.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report = json(&run.stdout);
    assert_eq!(
        report["findings"][0]["message"],
        "resource \"aws_s3_bucket\" \"b\" contradicts ADR-0001: no database (one finding for 3 declarations)",
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("baseline-unmatched"), "{}", run.stdout);
}

/// A waiver on a resource waives what configures it (one thing, one
/// decision to waive it), counted as waived; a resource that configures
/// nothing waived is still reported.
#[test]
fn a_waiver_on_a_resource_waives_what_configures_it() {
    let dir = gated_project(
        "fold-waiver",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    write(
        &dir,
        "infra/s3.tf",
        "# adrift:allow=no-db: the ALB's access logs, agreed in review\nresource \"aws_s3_bucket\" \"logs\" {}\n\nresource \"aws_s3_bucket_versioning\" \"logs\" {\n  bucket = aws_s3_bucket.logs.id\n}\n\nresource \"aws_s3_bucket_versioning\" \"other\" {\n  bucket = aws_s3_bucket.other.id\n}\n",
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report = json(&run.stdout);
    let found: Vec<(u64, &str)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [(8, "no-db")], "{}", run.stdout);
    assert_eq!(report["summary"]["waived"], 2, "{}", run.stdout);
}
