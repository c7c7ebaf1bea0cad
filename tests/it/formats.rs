//! The output formats CI systems read, and `adrift explain`.

use crate::support::{adrift, fixtures, gated_project, temp_dir, write};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn compact_and_github_lines() {
    let dir = fixtures().join("lints/number-mismatch");
    let run = adrift(&dir, &["lint", "--adr-dir", "adr", "--format", "compact"]);
    assert_eq!(
        run.stdout,
        "adr/0002-ip-ranges.md:1:3: error number-mismatch title says 3 but the file name says 2\n"
    );
    assert_eq!(run.code, 1);
    let run = adrift(&dir, &["lint", "--adr-dir", "adr", "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=adr/0002-ip-ranges.md,line=1,endLine=1,col=3,endColumn=4,title=number-mismatch::title says 3 but the file name says 2%0Ahelp: the file name decides the number: write 2 in the title, or rename the file\n"
    );
    let run = adrift(
        &fixtures().join("check/proposed"),
        &["check", "--format", "github"],
    );
    assert!(run.stdout.starts_with("::warning file=main.tf,line=1,endLine=1,col=1,endColumn=34,title=no-persistence (ADR-0012)::"), "{}", run.stdout);
}

#[test]
fn junit_has_a_case_per_code_and_file() {
    let dir = fixtures().join("check/terraform");
    let run = adrift(&dir, &["check", "--format", "junit"]);
    let xml = run.stdout;
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"adrift\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"no-persistence\" tests=\"6\" failures=\"6\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testcase name=\"infra/main.tf\" classname=\"adrift.no-persistence\">"),
        "{xml}"
    );
    assert!(
        xml.contains("<failure type=\"no-persistence\" message=\"provider &quot;postgresql&quot;"),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"title-missing\" tests=\"1\" failures=\"0\""),
        "codes that found nothing pass: {xml}"
    );
}

#[test]
fn sarif_describes_every_code_and_fingerprints_survive_moved_lines() {
    let dir = gated_project(
        "sarif",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    write(
        &dir,
        "main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n",
    );
    let first = json(&adrift(&dir, &["check", "--format", "sarif"]).stdout);
    let run = &first["runs"][0];
    assert_eq!(first["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "adrift");
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    for lint in adrift::lints::LINTS
        .iter()
        .chain(adrift::check::CHECK_CODES)
    {
        assert!(ids.contains(&lint.code), "{} is not described", lint.code);
    }
    let rule = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "no-db")
        .expect("no-db");
    assert_eq!(rule["properties"]["decision"], "ADR-0001");
    assert!(
        rule["help"]["markdown"]
            .as_str()
            .expect("help")
            .contains("Enforces ADR-0001 \"Stateless\"")
    );
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "no-db");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({"uri": "main.tf", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(location["region"]["startLine"], 1);
    let print = result["partialFingerprints"]["adriftFingerprint/v1"].clone();

    write(
        &dir,
        "main.tf",
        "# moved down\n\n\nresource \"aws_db_instance\" \"main\" {}\n",
    );
    let second = json(&adrift(&dir, &["check", "--format", "sarif"]).stdout);
    let result = &second["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(result["partialFingerprints"]["adriftFingerprint/v1"], print);
}

#[test]
fn explain_lists_and_documents_every_code() {
    let dir = fixtures().join("check/proposed");
    let run = adrift(&dir, &["explain", "--color", "never"]);
    for lint in adrift::lints::LINTS
        .iter()
        .chain(adrift::check::CHECK_CODES)
    {
        assert!(
            run.stdout.contains(&format!("  {}", lint.code)),
            "{} missing:\n{}",
            lint.code,
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("no-persistence"),
        "rules are listed: {}",
        run.stdout
    );
    let run = adrift(&dir, &["explain", "status-unknown", "--color", "never"]);
    assert!(run.stdout.starts_with("status-unknown (a status is not one adrift knows, error by default)\n\n## What it does\n"), "{}", run.stdout);
    assert!(run.stdout.contains("## Use instead"));
    let run = adrift(&dir, &["explain", "no-persistence", "--color", "never"]);
    assert!(
        run.stdout
            .contains("Decision: ADR-0012 \"Persistence and Database Strategy\" (proposed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("The rule is previewed"),
        "{}",
        run.stdout
    );
    let run = adrift(&dir, &["explain", "no-persistance"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean \"no-persistence\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_and_man_page() {
    let dir = temp_dir("completions");
    for shell in ["bash", "zsh", "fish"] {
        let run = adrift(&dir, &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("adrift"), "{shell}");
        assert!(
            run.stdout.contains("supersede"),
            "{shell}: subcommands are completed"
        );
    }
    let run = adrift(&dir, &["man"]);
    assert!(run.stdout.contains(".TH adrift 1"), "{}", run.stdout);
    assert!(run.stdout.contains("check"), "{}", run.stdout);
    // Neither needs a project, nor minds a broken one.
    write(&dir, "adrift.toml", "bogus = 1\n");
    assert_eq!(adrift(&dir, &["man"]).code, 0);
}
