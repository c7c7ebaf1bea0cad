//! The commands as a user runs them: exit codes, output contracts, paths,
//! configuration, discovery and bad input.

use crate::support::{adr_tools_record, adrift, adrift_with_env, fixtures, temp_dir, write};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn lint_json_follows_the_contract() {
    let dir = fixtures().join("lints/number-mismatch");
    let run = adrift(&dir, &["lint", "--format", "json", "--adr-dir", "adr"]);
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 1, "warnings": 0, "files": 2})
    );
    assert_eq!(
        report["findings"][0],
        serde_json::json!({
            "code": "number-mismatch",
            "severity": "error",
            "message": "title says 3 but the file name says 2",
            "path": "adr/0002-ip-ranges.md",
            "line": 1,
            "column": 3,
            "end_line": 1,
            "end_column": 4,
            "help": "the file name decides the number: write 2 in the title, or rename the file",
            "decision": null,
            "rule": null
        })
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = fixtures().join("lints/lookalike-characters");
    let run = adrift(&dir, &["lint", "--format", "json", "--adr-dir", "adr"]);
    let report = json(&run.stdout);
    let first = &report["findings"][0];
    // `# ADR‑0002`: the look-alike is the 6th character of line 1.
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(6))
    );
    assert_eq!(first["end_column"].as_u64(), Some(7));
}

#[test]
fn list_json_follows_the_contract() {
    let dir = fixtures().join("dialects/adr-tools");
    let run = adrift(&dir, &["list", "--format", "json"]);
    let list = json(&run.stdout);
    assert_eq!(
        list[1],
        serde_json::json!({
            "number": 2,
            "id": "ADR-0002",
            "title": "Use PostgreSQL",
            "status": "superseded",
            "status_text": "Superceded by [3. Use MySQL](0003-use-mysql.md)",
            "date": "2024-02-01",
            "supersedes": [],
            "superseded_by": ["ADR-0003"],
            "path": "doc/adr/0002-use-postgresql.md",
            "dialect": "adr-tools"
        })
    );
}

#[test]
fn list_table_and_status_filter() {
    let dir = fixtures().join("dialects/adr-tools");
    let run = adrift(&dir, &["list", "--color", "never"]);
    assert_eq!(
        run.stdout,
        "ID        STATUS      DATE        TITLE\n\
         ADR-0001  accepted    2024-01-10  Record architecture decisions\n\
         ADR-0002  superseded  2024-02-01  Use PostgreSQL\n\
         ADR-0003  accepted    2024-03-01  Use MySQL\n\
         ADR-0004  accepted    2024-03-05  Pool connections\n"
    );
    let run = adrift(
        &dir,
        &["list", "--status", "superseded", "--format", "json"],
    );
    let list = json(&run.stdout);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], "ADR-0002");

    let run = adrift(&dir, &["list", "--status", "acepted"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no record has status \"acepted\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"accepted\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn show_finds_a_record_by_number_id_or_name() {
    let dir = fixtures().join("dialects/adr-tools");
    for wanted in [
        "2",
        "0002",
        "ADR-0002",
        "adr-2",
        "0002-use-postgresql.md",
        "0002-use-postgresql",
    ] {
        let run = adrift(&dir, &["show", wanted, "--color", "never"]);
        assert_eq!(run.code, 0, "{wanted}: {}", run.stderr);
        assert_eq!(
            run.stdout,
            "ADR-0002: Use PostgreSQL\n  \
             status:   superseded (written \"Superceded by [3. Use MySQL](0003-use-mysql.md)\")\n  \
             date:     2024-02-01\n  \
             dialect:  adr-tools\n  \
             path:     doc/adr/0002-use-postgresql.md\n  \
             superseded by: ADR-0003 (Use MySQL)\n  \
             amended by: ADR-0004 (Pool connections)\n  \
             sections: Status, Context, Decision, Consequences\n",
            "{wanted}"
        );
    }
    let run = adrift(&dir, &["show", "ADR-0003", "--format", "json"]);
    let record = json(&run.stdout);
    assert_eq!(record["supersedes"], serde_json::json!(["ADR-0002"]));
    assert_eq!(record["status_at"]["line"], 7);

    let run = adrift(&dir, &["show", "ADR-0009"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no record \"ADR-0009\" in doc/adr"),
        "{}",
        run.stderr
    );
}

#[test]
fn lint_with_paths_reports_on_those_files_but_reads_the_collection() {
    let dir = temp_dir("paths");
    write(
        &dir,
        "adr/0001-a.md",
        adr_tools_record(1, "A", "Superseded by [2. B](0002-b.md)"),
    );
    write(&dir, "adr/0002-b.md", adr_tools_record(2, "B", "Accepted"));
    write(&dir, "adr/0003-c.md", adr_tools_record(3, "C", "Aproved"));
    // Only 0001 is named: its one-way link needs 0002 to be read, and 0003's
    // unknown status is not reported.
    let run = adrift(&dir, &["lint", "--format", "json", "adr/0001-a.md"]);
    let report = json(&run.stdout);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["link-not-reciprocal"]);
    assert_eq!(report["summary"]["files"], 1);
    // Templates and indexes named by pre-commit are not records.
    write(&dir, "adr/README.md", "# Index\n");
    let run = adrift(&dir, &["lint", "adr/README.md", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems found in 0 records\n")
    );
}

#[test]
fn exit_codes_and_deny_warnings() {
    let dir = temp_dir("exit");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(&dir, "adr/0003-c.md", adr_tools_record(3, "C", "Accepted"));
    assert_eq!(adrift(&dir, &["lint"]).code, 0, "a warning alone passes");
    assert_eq!(adrift(&dir, &["lint", "--deny-warnings"]).code, 1);
    write(&dir, "adr/0002-b.md", adr_tools_record(2, "B", "Aproved"));
    assert_eq!(adrift(&dir, &["lint"]).code, 1);
    assert_eq!(adrift(&dir, &["lint", "--format", "bogus"]).code, 2);
}

#[test]
fn record_directory_discovery() {
    // .adr-dir is honoured from a subdirectory, as adr-tools does.
    let dir = fixtures().join("dialects/adr-tools");
    let run = adrift(&dir.join("doc"), &["list", "--format", "json"]);
    assert_eq!(json(&run.stdout).as_array().map(Vec::len), Some(4));

    // adr_dir in adrift.toml.
    let dir = temp_dir("config-dir");
    write(&dir, "adrift.toml", "adr_dir = \"architecture/records\"\n");
    write(
        &dir,
        "architecture/records/0001-a.md",
        adr_tools_record(1, "A", "Accepted"),
    );
    let run = adrift(&dir, &["list", "--format", "json"]);
    assert_eq!(
        json(&run.stdout)[0]["path"],
        "architecture/records/0001-a.md"
    );

    // Nothing to find: exit 2 with the places searched and a way out.
    let dir = temp_dir("no-dir");
    let run = adrift(&dir, &["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no record directory found"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("docs/decisions"), "{}", run.stderr);
    assert!(run.stderr.contains("--adr-dir"), "{}", run.stderr);

    let run = adrift(&dir, &["lint", "--adr-dir", "nowhere"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("record directory nowhere cannot be read"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_errors_point_into_the_file() {
    let dir = temp_dir("bad-config");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(
        &dir,
        "adrift.toml",
        "[severity]\nnumbering-gapp = \"off\"\n",
    );
    let run = adrift(&dir, &["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown lint code \"numbering-gapp\" in [severity]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[adrift.toml:2:1]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean \"numbering-gap\"?"),
        "{}",
        run.stderr
    );

    write(&dir, "adrift.toml", "adr-dir = \"adr\"\n");
    let run = adrift(&dir, &["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `adr-dir`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[adrift.toml:1:1]"), "{}", run.stderr);

    write(
        &dir,
        "adrift.toml",
        "[statuses]\n\"On Hold\" = \"paused\"\n",
    );
    let run = adrift(&dir, &["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("\"paused\" is not a canonical status"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_maps_statuses_and_required_sections() {
    let dir = temp_dir("config-map");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "On hold"));
    assert_eq!(adrift(&dir, &["lint"]).code, 1);
    write(
        &dir,
        "adrift.toml",
        "[statuses]\n\"on hold\" = \"proposed\"\n[sections]\nrequired = [\"Context\", \"Decision\", \"Risks\"]\n",
    );
    let run = adrift(&dir, &["lint", "--format", "json"]);
    let report = json(&run.stdout);
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(1),
        "{}",
        run.stdout
    );
    assert_eq!(
        report["findings"][0]["message"],
        "required section \"Risks\" is missing"
    );
    let run = adrift(&dir, &["list", "--format", "json"]);
    assert_eq!(json(&run.stdout)[0]["status"], "proposed");
}

#[test]
fn excluded_paths_are_not_read() {
    let dir = temp_dir("exclude");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(&dir, "adr/drafts/0002-b.md", "not a record at all");
    assert_eq!(adrift(&dir, &["lint"]).code, 1);
    write(&dir, "adrift.toml", "exclude = [\"adr/drafts/**\"]\n");
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.stdout, "no problems found in 1 record\n");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = fixtures().join("lints/number-mismatch");
    let run = adrift(&dir, &["lint", "--adr-dir", "adr", "--color", "always"]);
    assert!(run.stdout.contains("\u{1b}["), "colour was asked for");
    let run = adrift_with_env(&dir, &["lint", "--adr-dir", "adr"], &[("NO_COLOR", "1")]);
    assert!(!run.stdout.contains("\u{1b}["));
    let run = adrift(&dir, &["lint", "--adr-dir", "adr", "--color", "never"]);
    assert!(!run.stdout.contains("\u{1b}["));
}

/// Bad input never panics: each gives a located finding or a clear error.
#[test]
fn bad_input_gives_findings_not_panics() {
    let dir = temp_dir("bad-input");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(&dir, "adr/0002-empty.md", "");
    write(
        &dir,
        "adr/0003-binary.md",
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13],
    );
    write(
        &dir,
        "adr/0004-latin1.md",
        b"# 4. Caf\xe9\n\nDate: 2024-01-01\n",
    );
    let mut big = adr_tools_record(5, "Big", "Accepted");
    big.push_str(&"x".repeat(10 * 1024 * 1024));
    write(&dir, "adr/0005-big.md", big);
    std::fs::create_dir_all(dir.join("adr/0006-folder.md")).expect("dir");
    write(
        &dir,
        "adr/0006-folder.md/0007-inside.md",
        adr_tools_record(7, "Inside", "Accepted"),
    );
    std::os::unix::fs::symlink(dir.join("adr/gone.md"), dir.join("adr/0008-dangling.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.join("adr"), dir.join("adr/loop")).expect("symlink loop");

    let run = adrift(&dir, &["lint", "--format", "json"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    let found: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] != "numbering-gap")
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let has = |path: &str, needle: &str| {
        found
            .iter()
            .any(|(p, m, _)| p == path && m.contains(needle))
    };
    assert!(
        has("adr/0002-empty.md", "record file is empty"),
        "{found:?}"
    );
    assert!(has("adr/0003-binary.md", "file is binary"), "{found:?}");
    assert!(
        has(
            "adr/0004-latin1.md",
            "not valid UTF-8 (first bad byte at offset 8)"
        ),
        "{found:?}"
    );
    assert!(
        has("adr/0005-big.md", "more than the 4194304 bytes"),
        "{found:?}"
    );
    assert!(
        has("adr/0008-dangling.md", "cannot read the file"),
        "{found:?}"
    );
    assert!(has("adr/loop", "symbolic link loop"), "{found:?}");
    // The record inside the directory named like a record is still read.
    let list = json(&adrift(&dir, &["list", "--format", "json"]).stdout);
    assert!(
        list.as_array()
            .expect("list")
            .iter()
            .any(|r| r["path"] == "adr/0006-folder.md/0007-inside.md"),
        "{list}"
    );
    // The invalid UTF-8 is located at its line.
    assert!(
        found
            .iter()
            .any(|(p, _, line)| p == "adr/0004-latin1.md" && *line == 1)
    );

    // A directory named as a record on the command line.
    let run = adrift(&dir, &["lint", "--format", "json", "adr/0006-folder.md"]);
    let report = json(&run.stdout);
    assert_eq!(
        report["findings"][0]["message"],
        "is a directory, not a record file"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn broken_pipe_exits_quietly() {
    let dir = fixtures().join("dialects/adr-tools");
    let (code, stderr) = crate::support::adrift_closed_stdout(&dir, &["list"]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(0));
}

/// Choosing and grading findings as ruff and clippy users expect:
/// `--select`/`--ignore` (and `select`/`ignore` in adrift.toml) over lint
/// codes, check codes and rule ids; unknown names are errors with a
/// suggestion; the fail-closed codes can be neither ignored nor selected
/// away.
#[test]
fn select_and_ignore_choose_findings_but_never_hide_a_parse_error() {
    let dir = crate::support::gated_project(
        "select-ignore",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    crate::support::write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"a\" {}\n",
    );
    crate::support::write(&dir, "infra/broken.tf", "resource \"aws_s3_bucket\" {\n");
    crate::support::write(
        &dir,
        "adr/0002-second.md",
        "# 2. Second\n\nDate: 05/02/2018\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    let codes = |args: &[&str]| -> (i32, Vec<String>) {
        let mut all = vec!["check", "--format", "compact"];
        all.extend_from_slice(args);
        let run = adrift(&dir, &all);
        let mut codes: Vec<String> = run
            .stdout
            .lines()
            .filter_map(|l| l.split(' ').nth(2).map(str::to_string))
            .collect();
        codes.sort();
        codes.dedup();
        (run.code, codes)
    };
    let (code, all) = codes(&[]);
    assert_eq!(code, 1);
    assert_eq!(all, ["date-not-iso", "no-db", "parse-error"]);
    // A rule id selects its findings; the parse error stays.
    assert_eq!(codes(&["--select", "no-db"]).1, ["no-db", "parse-error"]);
    assert_eq!(
        codes(&["--select", "date-not-iso", "--ignore", "date-not-iso"]).1,
        ["parse-error"]
    );
    assert_eq!(
        codes(&["--ignore", "no-db,date-not-iso"]).1,
        ["parse-error"]
    );
    // adrift.toml: `select`/`ignore`, the flags replacing and adding.
    crate::support::write(&dir, "adrift.toml", "ignore = [\"date-not-iso\"]\n");
    assert_eq!(codes(&[]).1, ["no-db", "parse-error"]);
    assert_eq!(codes(&["--select", "date-not-iso"]).1, ["parse-error"]);
    crate::support::write(&dir, "adrift.toml", "select = [\"date-not-iso\"]\n");
    assert_eq!(codes(&[]).1, ["date-not-iso", "parse-error"]);
    assert_eq!(codes(&["--select", "no-db"]).1, ["no-db", "parse-error"]);
    // Lint takes the same (rule ids of rule files included).
    let run = adrift(&dir, &["lint", "--format", "compact", "--select", "no-db"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    crate::support::write(&dir, "adrift.toml", "");
    // Unknown names, and the fail-closed codes.
    let run = adrift(&dir, &["check", "--select", "no-dc"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown code or rule \"no-dc\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"no-db\"?"),
        "{}",
        run.stderr
    );
    let run = adrift(&dir, &["check", "--ignore", "parse-error"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("parse-error cannot be ignored"),
        "{}",
        run.stderr
    );
    crate::support::write(&dir, "adrift.toml", "ignore = [\"file-unreadable\"]\n");
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("file-unreadable cannot be ignored"),
        "{}",
        run.stderr
    );
}

/// Soft-fail and grading: `--exit-zero` reports and exits 0, but exit 2
/// stays 2; `--fail-on warning` fails on warnings; `--statistics` counts
/// per code and rule; `-q` prints only the findings.
#[test]
fn exit_zero_fail_on_statistics_and_quiet() {
    let dir = crate::support::gated_project(
        "grading",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    crate::support::write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"a\" {}\nresource \"aws_db_instance\" \"b\" {}\n",
    );
    crate::support::write(
        &dir,
        "adr/0002-second.md",
        "# 2. Second\n\nDate: 2018‑05‑02\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    let run = adrift(&dir, &["check", "--exit-zero"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("found 2 errors and 1 warning"),
        "{}",
        run.stdout
    );
    let run = adrift(
        &dir,
        &["check", "--exit-zero", "--baseline", "missing.json"],
    );
    assert_eq!(run.code, 2, "adrift could not do its job: {}", run.stderr);
    let run = adrift(&dir, &["check", "--ignore", "no-db"]);
    assert_eq!(run.code, 0, "only a warning left");
    let run = adrift(
        &dir,
        &["check", "--ignore", "no-db", "--fail-on", "warning"],
    );
    assert_eq!(run.code, 1);
    let run = adrift(&dir, &["check", "--statistics"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "    2  no-db                 error    ADR-0001\n    1  lookalike-characters  warning\n"
    );
    let run = adrift(&dir, &["check", "-q", "--color", "never"]);
    assert!(!run.stdout.contains("found 2 errors"), "{}", run.stdout);
    assert!(
        run.stdout.contains("contradicts ADR-0001"),
        "{}",
        run.stdout
    );
    crate::support::write(&dir, "infra/main.tf", "");
    std::fs::remove_file(dir.join("adr/0002-second.md")).expect("remove");
    let run = adrift(&dir, &["check", "--quiet"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

/// A project with a violation in infra/ and one in app/.
fn two_place_project(name: &str) -> std::path::PathBuf {
    let dir = crate::support::gated_project(
        name,
        "id = \"no-db\"\ndecision = \"ADR-0001\"\nmessage = \"stateless\"\n\n[terraform]\nresources = [\"aws_db_instance\"]\n",
    );
    crate::support::write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n",
    );
    crate::support::write(
        &dir,
        "app/db.tf",
        "resource \"aws_db_instance\" \"app\" {}\n",
    );
    dir
}

/// `adrift check infra/` scans only what is under infra/ (the records are
/// still all linted); a path that does not exist is exit 2.
#[test]
fn check_paths_limit_the_scan() {
    let dir = two_place_project("paths");
    let run = adrift(&dir, &["check", "infra", "--format", "compact"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("infra/main.tf"), "{}", run.stdout);
    assert!(!run.stdout.contains("app/db.tf"), "{}", run.stdout);
    assert_eq!(adrift(&dir, &["check", "nowhere"]).code, 2);
}

/// Text people copy (rule ids, paths, waiver comments) is never broken at
/// a hyphen, in findings or in errors.
#[test]
fn messages_never_break_a_rule_id_or_path_at_a_hyphen() {
    let dir = crate::support::gated_project(
        "nobreak",
        "id = \"no-persistence-layer-whatsoever\"\ndecision = \"ADR-0001\"\nmessage = \"stateless\"\n\n[terraform]\nresources = [\"aws_db_instance\"]\n",
    );
    crate::support::write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n",
    );
    let run =
        crate::support::adrift_with_env(&dir, &["check", "--color", "never"], &[("COLUMNS", "60")]);
    assert!(!run.stdout.contains("-\n"), "{}", run.stdout);
    let run = adrift(
        &dir,
        &["check", "--select", "no-persistence-layer-whatsoevr"],
    );
    assert!(!run.stderr.contains("-\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("no-persistence-layer-whatsoever"),
        "{}",
        run.stderr
    );
}

/// FORCE_COLOR and CLICOLOR_FORCE colour a pipe, on stdout and stderr alike;
/// NO_COLOR wins over both.
#[test]
fn force_color_colours_and_no_color_wins() {
    let dir = two_place_project("colour");
    let run = crate::support::adrift_with_env(&dir, &["check"], &[("FORCE_COLOR", "1")]);
    assert!(run.stdout.contains('\x1b'), "{}", run.stdout);
    let run = crate::support::adrift_with_env(
        &dir,
        &["check"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!run.stdout.contains('\x1b'));
    let run =
        crate::support::adrift_with_env(&dir, &["check", "--select", "x"], &[("FORCE_COLOR", "1")]);
    assert!(run.stderr.contains('\x1b'), "{}", run.stderr);
}

/// One error style: a mistyped argument prints like any other error of
/// adrift (miette's `×` and `help:`, wrapped at spaces, coloured only when
/// asked), with clap's suggestion and the usage line as help; exit 2.
/// `--help` and `--version` still print on stdout and exit 0.
#[test]
fn argument_errors_print_in_the_one_error_style() {
    let dir = temp_dir("argument-errors");
    let run = adrift(&dir, &["check", "--formt", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("× unexpected argument '--formt' found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: a similar argument exists: '--format'"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("usage: adrift check"), "{}", run.stderr);
    assert!(!run.stderr.contains('\x1b'), "{}", run.stderr);
    let run = adrift(&dir, &["chek"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("× unrecognized subcommand 'chek'")
            && run.stderr.contains("a similar subcommand exists: 'check'"),
        "{}",
        run.stderr
    );
    // Colour as the flag says, even when the arguments do not parse.
    let run = adrift(&dir, &["--color", "always", "chek"]);
    assert!(run.stderr.contains('\x1b'), "{}", run.stderr);
    let run = adrift_with_env(&dir, &["chek"], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]);
    assert!(!run.stderr.contains('\x1b'), "{}", run.stderr);
    let run = adrift(&dir, &["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("adrift "), "{}", run.stdout);
    let run = adrift(&dir, &["check", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Usage: adrift check"), "{}", run.stdout);
}

/// The human report at 60 columns (`COLUMNS`, as a CI log or a narrow
/// pane sets it), in a pipe, without colour: messages and help wrap at
/// spaces within the width, and what a user copies stays whole.
#[test]
fn the_report_wraps_to_columns_in_a_pipe() {
    let dir = two_place_project("columns");
    let run = adrift_with_env(&dir, &["check"], &[("COLUMNS", "60")]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);
    for line in run.stdout.lines() {
        // Source lines are shown as they are; the rest fits.
        if line.contains(" │ resource") || line.contains("╭─[") {
            continue;
        }
        assert!(
            line.chars().count() <= 60,
            "{line:?} is wider than 60:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("`adrift:allow=no-db: <reason>`"),
        "{}",
        run.stdout
    );
    // Too narrow to read: ignored, the default width applies.
    let narrow = adrift_with_env(&dir, &["check"], &[("COLUMNS", "5")]);
    assert_eq!(narrow.stdout, adrift(&dir, &["check"]).stdout);
}
