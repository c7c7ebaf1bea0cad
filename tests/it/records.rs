//! Records as real teams write them (issue 10): each reading is tried on a
//! fixture in the dialect it comes from, through the binary.

use std::path::Path;

use crate::support::{adrift, fixtures, snapshot, temp_dir, write};

/// Copies a fixture collection into a fresh directory (authoring tests
/// write to it).
pub fn copy_fixture(fixture: &Path, name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    copy_tree(fixture, &dir);
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_dir() {
                stack.push(entry.path());
            } else {
                let name = entry
                    .path()
                    .strip_prefix(dir)
                    .expect("prefix")
                    .display()
                    .to_string();
                out.push((name, std::fs::read(entry.path()).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// `Replaces:` and `Replaced by` (on lines of their own and inside the
/// status line) are supersede links: the collection lints clean (no
/// `link-not-reciprocal`, no unknown `Replaced by` status) and `list` reads
/// each replaced record as superseded.
#[test]
fn replaces_and_replaced_by_are_supersede_links() {
    for (fixture, count) in [("adr-tools-replaces", 5), ("madr2-replaces", 2)] {
        let dir = fixtures().join("dialects").join(fixture);
        let run = adrift(&dir, &["lint", "--color", "never"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (
                0,
                format!("no problems found in {count} records\n").as_str()
            ),
            "{fixture}: {}",
            run.stderr
        );
        let run = adrift(&dir, &["list", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        snapshot(&dir.join("expected.json"), &run.stdout);
    }
}

/// `lint --fix` never adds a `Supersedes` line to a record that already
/// says `Replaces` (or `replaces` in its status line): nothing changes.
#[test]
fn fix_adds_no_link_a_record_states_in_other_words() {
    let dir = copy_fixture(
        &fixtures().join("dialects/adr-tools-replaces"),
        "replaces-fix",
    );
    let before = files(&dir);
    let run = adrift(&dir, &["lint", "--fix", "--color", "never"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(files(&dir), before, "{}", run.stdout);
    // Once more with a one-way `Replaced by` link: the fix adds exactly one
    // link back, in the newer record, and a second run adds nothing.
    write(
        &dir,
        "doc/adr/0006-log-to-stdout.md",
        "# 6. Log to stdout\n\nDate: 2020-01-01\n\n## Status\n\nReplaced by [ADR-7](0007-log-to-otel.md)\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n",
    );
    write(
        &dir,
        "doc/adr/0007-log-to-otel.md",
        "# 7. Log to OpenTelemetry\n\nDate: 2021-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n",
    );
    let run = adrift(&dir, &["lint", "--fix", "--color", "never"]);
    assert!(
        run.stderr.contains(
            "fixed doc/adr/0007-log-to-otel.md: added the link back: supersedes ADR-0006"
        ),
        "{}",
        run.stderr
    );
    let after = files(&dir);
    let run = adrift(&dir, &["lint", "--fix", "--color", "never"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(files(&dir), after, "{}", run.stdout);
}

/// A team's own heading for a required section counts once it is named in
/// `[sections] aliases`; until then the finding names what it looked for
/// and what it saw. A misspelt key under `[sections]` is an error.
#[test]
fn section_aliases_in_config_count_as_the_section() {
    let dir = temp_dir("section-aliases");
    write(
        &dir,
        "doc/adr/0001-use-kafka.md",
        "# 1. Use Kafka\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## What we decided\n\nKafka.\n\n## Consequences\n\nSo.\n",
    );
    let run = adrift(&dir, &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let finding = &json["findings"][0];
    assert_eq!(finding["code"], "section-missing");
    let help = finding["help"].as_str().expect("help");
    assert!(
        help.contains("looked for `Decision`, `Decisions`, `Decision Outcome`"),
        "{help}"
    );
    assert!(
        help.contains("headings seen: `Status`, `Context`, `What we decided`, `Consequences`"),
        "{help}"
    );
    write(
        &dir,
        "adrift.toml",
        "[sections]\naliases = { Decision = [\"What we decided\"] }\n",
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems found in 1 record\n"),
        "{}",
        run.stderr
    );
    write(
        &dir,
        "adrift.toml",
        "[sections]\nalias = { Decision = [\"What we decided\"] }\n",
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("unknown field `alias`"),
        "{}",
        run.stderr
    );
    write(
        &dir,
        "adrift.toml",
        "[sections]\naliases = { Decision = [\" \"] }\n",
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("an empty heading as an alias of \"Decision\""),
        "{}",
        run.stderr
    );
}

/// A team's emoji legend maps under `[statuses]`: `🤔` alone, or before
/// words of the team's own, reads as what the team says it means.
#[test]
fn an_emoji_status_maps_under_statuses() {
    let dir = temp_dir("emoji-status");
    let record = |n: u32, status: &str| {
        format!(
            "# {n}. Record {n}\n\nDate: 2021-01-0{n}\n\n## Status\n\n{status}\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n"
        )
    };
    write(&dir, "doc/adr/0001-record-1.md", record(1, "🤔"));
    write(
        &dir,
        "doc/adr/0002-record-2.md",
        record(2, "🤔 Under discussion"),
    );
    let run = adrift(&dir, &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(r#"[statuses] \"🤔\" = \"proposed\""#),
        "{}",
        run.stdout
    );
    write(&dir, "adrift.toml", "[statuses]\n\"🤔\" = \"proposed\"\n");
    let run = adrift(&dir, &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let statuses: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["status"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(statuses, ["proposed", "proposed"], "{}", run.stdout);
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// An ambiguous date (`09/04/2018`: April or September?) stays unread, and
/// `list` shows it the same way in the table and in JSON: as no date (`-`,
/// `null`). `lint` says why (date-not-iso) and `show` shows what is written.
#[test]
fn an_unread_date_is_shown_alike_in_table_and_json() {
    let dir = fixtures().join("lints/date-not-iso");
    let table = adrift(&dir, &["list", "--color", "never"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("ADR-0002"))
        .expect("ADR-0002 listed");
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["ADR-0002", "accepted", "-", "Use", "Kafka"],
        "{}",
        table.stdout
    );
    let json = adrift(&dir, &["list", "--format", "json"]);
    let records: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let entry = records
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["id"] == "ADR-0002")
        .expect("ADR-0002");
    assert!(entry["date"].is_null(), "{entry}");
    // Every row: a date in the table exactly when JSON has one.
    for r in records.as_array().expect("array") {
        let id = r["id"].as_str().expect("id");
        let row = table
            .stdout
            .lines()
            .find(|l| l.starts_with(id))
            .expect("row");
        let cell = row.split_whitespace().nth(2).expect("date cell");
        match r["date"].as_str() {
            Some(date) => assert_eq!(cell, date, "{row}"),
            None => assert_eq!(cell, "-", "{row}"),
        }
    }
    let lint = adrift(&dir, &["lint", "--format", "compact"]);
    assert!(
        lint.stdout
            .contains("0002-use-kafka.md:3:7: error date-not-iso"),
        "{}",
        lint.stdout
    );
    let show = adrift(&dir, &["show", "2"]);
    assert!(
        show.stdout.contains("not a date (written \"09/04/2018\")"),
        "{}",
        show.stdout
    );
}

fn adr_tools_file(dir: &Path, relative: &str, n: u32) {
    write(
        dir,
        relative,
        crate::support::adr_tools_record(n, &format!("Decision {n}"), "Accepted"),
    );
}

/// The default search knows the usual homes beyond `adr/` and `docs/adr/`
/// (here `architecture-decision-records/` and `docs/architecture/adr/`),
/// silently.
#[test]
fn the_usual_homes_are_found() {
    for home in [
        "architecture-decision-records",
        "docs/architecture/adr",
        "docs/adrs",
        "doc/architecture/decisions",
        "architecture/decisions",
    ] {
        let dir = temp_dir("usual-home");
        std::fs::create_dir_all(dir.join(".git")).expect("git");
        adr_tools_file(&dir, &format!("{home}/0001-decision-1.md"), 1);
        let run = adrift(&dir, &["list", "--format", "json"]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{home}");
        assert!(
            run.stdout.contains("\"ADR-0001\""),
            "{home}: {}",
            run.stdout
        );
    }
}

/// When no usual home exists, the directory holding the most numbered
/// Markdown files read as decision records is used, and stderr says which and how to
/// pin it; numbered notes without a status do not count.
#[test]
fn a_collection_elsewhere_is_found_by_its_files_and_named() {
    let dir = temp_dir("found-by-files");
    std::fs::create_dir_all(dir.join(".git")).expect("git");
    for n in 1..=3 {
        adr_tools_file(&dir, &format!("design/records/000{n}-decision-{n}.md"), n);
    }
    write(&dir, "notes/0001-meeting.md", "# 1. Meeting\n\nWe met.\n");
    write(
        &dir,
        "notes/0002-meeting.md",
        "# 2. Meeting\n\nWe met again.\n",
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "no problems found in 3 records\n");
    assert_eq!(
        run.stderr,
        "adrift: no record directory of the usual names; using design/records (3 numbered Markdown files read as decision records). Pin it with `--adr-dir design/records` or `adr_dir = \"design/records\"` in adrift.toml\n"
    );
    // Pinned, it is quiet.
    write(&dir, "adrift.toml", "adr_dir = \"design/records\"\n");
    let run = adrift(&dir, &["list"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // Nothing ADR-like at all: the error says what was looked for.
    let empty = temp_dir("nothing-found");
    std::fs::create_dir_all(empty.join(".git")).expect("git");
    write(&empty, "notes/0001-meeting.md", "# 1. Meeting\n\nWe met.\n");
    let run = adrift(&empty, &["list"]);
    assert_eq!(run.code, 2);
    let words = run.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "and for any directory holding numbered Markdown files read as decision records"
        ),
        "{}",
        run.stderr
    );
}

/// Outside any project (no adrift.toml, no repository above), the usual
/// names are looked for in the working directory only: a directory named
/// `adr` above it (here the parent of a collection of its own) belongs to
/// something else. Records in the working directory itself are found by
/// their files.
#[test]
fn outside_a_project_the_search_does_not_climb_into_another_collection() {
    let dir = temp_dir("no-climb");
    for n in 1..=3 {
        adr_tools_file(&dir, &format!("adr/other/000{n}-decision-{n}.md"), n);
    }
    adr_tools_file(&dir, "adr/mine/0001-decision-1.md", 1);
    let run = adrift(&dir.join("adr/mine"), &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("using . (1 numbered"), "{}", run.stderr);
}

/// `show` takes a slug (`use-aws-sso`, as the README promises) and a path
/// as a shell completes it (`adr/0003-use-aws-sso.md`, `./adr/…`).
#[test]
fn show_by_slug_and_by_path() {
    let dir = temp_dir("show-slug");
    write(
        &dir,
        "adr/0001-record-architecture-decisions.md",
        crate::support::adr_tools_record(1, "Record architecture decisions", "Accepted"),
    );
    write(
        &dir,
        "adr/0003-use-aws-sso.md",
        crate::support::adr_tools_record(3, "Use AWS SSO", "Accepted"),
    );
    for reference in [
        "use-aws-sso",
        "adr/0003-use-aws-sso.md",
        "./adr/0003-use-aws-sso.md",
        "Use AWS SSO",
    ] {
        let run = adrift(&dir, &["show", reference]);
        assert_eq!(run.code, 0, "{reference}: {}", run.stderr);
        assert!(
            run.stdout.starts_with("ADR-0003: Use AWS SSO\n"),
            "{reference}: {}",
            run.stdout
        );
    }
    let sub = dir.join("adr");
    let run = adrift(&sub, &["--adr-dir", ".", "show", "0003-use-aws-sso.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = adrift(&dir, &["show", "use-aws"]);
    assert_eq!(run.code, 2);
}

/// `lint docs/runbook.md` (Markdown outside the record directory) says it
/// is not a record instead of linting it as one.
#[test]
fn markdown_outside_the_record_directory_is_not_linted_as_a_record() {
    let dir = temp_dir("runbook");
    write(
        &dir,
        "adr/0001-record-architecture-decisions.md",
        crate::support::adr_tools_record(1, "Record architecture decisions", "Accepted"),
    );
    write(
        &dir,
        "docs/runbook.md",
        "# Runbook\n\nRestart the service.\n",
    );
    let run = adrift(&dir, &["lint", "docs/runbook.md", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems found in 0 records\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr,
        "adrift: docs/runbook.md is not a record (it is outside the record directory adr); not linted. To lint another collection, pass --adr-dir\n"
    );
}

/// Found on a public collection: bullet metadata (`- **Status:**
/// Accepted`, as MADR 2 writes it) over Nygard's sections is a Nygard
/// record, not a MADR 2 record missing "Considered Options"; a status that
/// links the pull request that decided it (`[Approved](…/pull/918)`) is
/// read through the link.
#[test]
fn bullet_metadata_over_nygard_sections_and_a_linked_status() {
    let dir = temp_dir("bullets-nygard");
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-one.md",
        "# ADR-0001: One\n\n- **Status:** Accepted\n- **Date:** 2026-06-30\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n",
    );
    write(
        &dir,
        "adr/0002-two.md",
        "# 2. Two\n\nDate: 2021-01-15\n\n## Status\n\n[Approved](https://github.com/o/r/pull/918)\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n",
    );
    // A MADR 2 record is still held to MADR's sections.
    write(
        &dir,
        "adr/0003-three.md",
        "# Three\n\n* Status: accepted\n* Date: 2021-01-15\n\n## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\ny\n",
    );
    let run = adrift(&dir, &["lint", "--format", "compact"]);
    assert_eq!(
        run.stdout,
        "adr/0003-three.md:1:3: error section-missing required section \"Considered Options\" is missing\n",
        "{}",
        run.stderr
    );
}

/// The search for a collection counts MADR records however they state
/// their status (MADR's own collection: `status:` in front matter on a few,
/// none at all on most, MADR's sections on every one), and a status stated
/// past the first 8 KiB (arachne's long records put `## Status` last): both
/// were counted low, so two adr-tools notes elsewhere won.
#[test]
fn madr_records_and_a_late_status_count_in_the_search() {
    let dir = temp_dir("found-madr");
    std::fs::create_dir_all(dir.join(".git")).expect("git");
    let madr = |status: &str, title: &str| {
        format!(
            "---\nparent: Decisions\n{status}---\n# {title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: \"A\", because it is simpler.\n"
        )
    };
    write(
        &dir,
        "design/decisions/0001-use-a.md",
        madr("status: accepted\n", "Use A"),
    );
    write(&dir, "design/decisions/0002-use-b.md", madr("", "Use B"));
    write(&dir, "design/decisions/0003-use-c.md", madr("", "Use C"));
    adr_tools_file(&dir, "archive/0001-decision-1.md", 1);
    adr_tools_file(&dir, "archive/0002-decision-2.md", 2);
    let run = adrift(&dir, &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "adrift: no record directory of the usual names; using design/decisions (3 numbered Markdown files read as decision records). Pin it with `--adr-dir design/decisions` or `adr_dir = \"design/decisions\"` in adrift.toml; also seen: archive (2)\n"
    );
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(list.as_array().map(Vec::len), Some(3), "{}", run.stdout);

    // A long Nygard record (arachne's file names) whose status comes last.
    let long = temp_dir("found-late-status");
    std::fs::create_dir_all(long.join(".git")).expect("git");
    let context = "We weigh the options at length. ".repeat(400);
    write(
        &long,
        "records/adr-003-config-implementation.md",
        format!(
            "# Architecture Decision Record: Configuration\n\n## Context\n\n{context}\n\n## Decision\n\nWe will.\n\n## Status\n\nProposed\n\n## Consequences\n\nSome.\n"
        ),
    );
    let run = adrift(&long, &["list", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("using records (1 numbered"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("ADR-0003  proposed"), "{}", run.stdout);
}

/// Found on a public collection (the Ministry of Justice's cloud platform,
/// in the GOV.UK style): `## What’s proposed` is the decision, written
/// with a curly apostrophe or a straight one.
#[test]
fn whats_proposed_is_the_decision() {
    let dir = temp_dir("whats-proposed");
    write(&dir, "adrift.toml", "");
    for (n, apostrophe) in [(1, '’'), (2, '\'')] {
        write(
            &dir,
            &format!("adr/00{n}-eks.md"),
            format!(
                "# {n} EKS\n\nDate: 2024-11-11\n\n## Status\n\n✅ Accepted\n\n## Context\n\nkOps is hard work.\n\n## What{apostrophe}s proposed\n\nUse Amazon EKS.\n\n## Consequences\n\nLess to run.\n"
            ),
        );
    }
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems found in 2 records\n"),
        "{}",
        run.stderr
    );
}

/// Found on a public collection (the Guardian's dotcom-rendering): a status
/// of `Superseded by` with its link on the next line of the same paragraph
/// names its successor; it is not a link to `""`. A line after a blank
/// line is no part of it, and a bare `Superseded by` is a superseded
/// record without a target, not a link to `""`.
#[test]
fn superseded_by_with_its_link_on_the_next_line() {
    let dir = temp_dir("superseded-next-line");
    write(&dir, "adrift.toml", "");
    let nygard = |title: &str, status: &str| {
        format!(
            "# {title}\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n\n## Status\n\n{status}\n"
        )
    };
    write(
        &dir,
        "adr/001-multiple-sites.md",
        nygard(
            "Multiple sites",
            "Superseded by\n[002-multiple-sites-revisited.md](002-multiple-sites-revisited.md).",
        ),
    );
    write(
        &dir,
        "adr/002-multiple-sites-revisited.md",
        nygard(
            "Multiple sites revisited",
            "Accepted\n\nSupersedes [001-multiple-sites.md](001-multiple-sites.md)",
        ),
    );
    write(
        &dir,
        "adr/003-split.md",
        nygard("Split", "Superseded by\n\nAccepted"),
    );
    let run = adrift(&dir, &["list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        list[0]["superseded_by"],
        serde_json::json!(["ADR-0002"]),
        "{}",
        run.stdout
    );
    assert_eq!(
        list[1]["supersedes"],
        serde_json::json!(["ADR-0001"]),
        "{}",
        run.stdout
    );
    let run = adrift(&dir, &["lint", "--format", "compact"]);
    assert!(
        !run.stdout.contains("001-multiple-sites.md"),
        "{}",
        run.stdout
    );
    // A bare `Superseded by` names no successor, and says so.
    assert_eq!(
        run.stdout,
        "adr/003-split.md:17:1: error superseded-without-target record is superseded but does not say by what\n",
    );
}

/// Found on a public collection (the Guardian's dotcom-rendering): a link
/// to a file that is not there (`historic/multiple-sites.md` links
/// `007-multiple-sites-revisited.md`, never written) names no record, not
/// ADR-0007 of the directory above, which only shares the number. In the
/// directory it points into, the number still finds a record whose slug
/// was renamed.
#[test]
fn a_missing_file_is_not_the_record_elsewhere_with_its_number() {
    let dir = temp_dir("missing-file-number");
    write(&dir, "adrift.toml", "");
    let nygard = |title: &str, status: &str| {
        format!(
            "# {title}\n\n## Status\n\n{status}\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n"
        )
    };
    write(
        &dir,
        "adr/007-css-in-js.md",
        nygard("CSS-in-JS", "Accepted"),
    );
    write(
        &dir,
        "adr/historic/multiple-sites.md",
        nygard(
            "Multiple sites",
            "Superseded by [007-multiple-sites-revisited.md](007-multiple-sites-revisited.md)",
        ),
    );
    write(
        &dir,
        "adr/008-dns.md",
        nygard("DNS", "Superseded by [9. Zones](009-zones.md)"),
    );
    write(
        &dir,
        "adr/009-dns-zones.md",
        nygard("DNS zones", "Accepted\n\nSupersedes [8. DNS](008-dns.md)"),
    );
    let run = adrift(&dir, &["list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let by_path = |p: &str| {
        list.as_array()
            .expect("array")
            .iter()
            .find(|r| r["path"] == p)
            .unwrap_or_else(|| panic!("{p}: {}", run.stdout))
            .clone()
    };
    assert_eq!(
        by_path("adr/historic/multiple-sites.md")["superseded_by"],
        serde_json::json!(["007-multiple-sites-revisited.md"]),
    );
    assert_eq!(
        by_path("adr/008-dns.md")["superseded_by"],
        serde_json::json!(["ADR-0009"])
    );
    let run = adrift(&dir, &["lint", "--format", "compact"]);
    assert!(!run.stdout.contains("ADR-0007"), "{}", run.stdout);
    assert!(
        run.stdout.contains("link-target-missing superseded by"),
        "{}",
        run.stdout
    );
}
