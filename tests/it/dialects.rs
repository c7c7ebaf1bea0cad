//! Each dialect has a fixture collection under `tests/fixtures/dialects/`,
//! found without configuration the way a user's would be. adrift must read
//! every record's number, title, status, date and links (the `list` JSON
//! snapshot), see the dialect, and find nothing wrong.

use crate::support::{adrift, fixtures, snapshot};

const DIALECTS: [(&str, usize); 7] = [
    ("adrift", 2),
    ("adr-tools", 4),
    ("nygard", 2),
    ("madr", 3),
    ("madr2", 2),
    ("log4brains", 3),
    ("front-matter", 2),
];

#[test]
fn every_dialect_is_read_without_configuration() {
    for (dialect, count) in DIALECTS {
        let dir = fixtures().join("dialects").join(dialect);
        let run = adrift(&dir, &["list", "--format", "json"]);
        assert_eq!(run.code, 0, "{dialect}: {}", run.stderr);
        let records: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let records = records.as_array().expect("array");
        assert_eq!(records.len(), count, "{dialect}: {}", run.stdout);
        for record in records {
            assert_eq!(record["dialect"], dialect, "{dialect}: {record}");
            assert!(record["title"].is_string(), "{dialect}: {record}");
        }
        snapshot(&dir.join("expected.json"), &run.stdout);
    }
}

#[test]
fn every_dialect_fixture_lints_clean() {
    for (dialect, count) in DIALECTS {
        let dir = fixtures().join("dialects").join(dialect);
        let run = adrift(&dir, &["lint", "--color", "never"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (
                0,
                format!("no problems found in {count} records\n").as_str()
            ),
            "{dialect}"
        );
    }
}

/// Record numbers of seven digits and more, as `new` and `renumber` write
/// them once a collection passes 999,999, are read back from file names,
/// titles and references, up to the largest, 4,294,967,295.
#[test]
fn numbers_of_a_million_and_more_are_read_back() {
    use crate::support::{temp_dir, write};
    let dir = temp_dir("big-numbers");
    // `largest.md` is off the names' pattern on purpose: its title alone
    // carries its number.
    write(
        &dir,
        "adrift.toml",
        "[severity]\nfile-name-pattern = \"off\"\n",
    );
    let record = |n: u64, title: &str, status: &str| {
        format!(
            "# {n}. {title}\n\nDate: 2024-05-01\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n"
        )
    };
    write(
        &dir,
        "adr/999999-first.md",
        record(999_999, "First", "Accepted"),
    );
    write(
        &dir,
        "adr/1000000-second.md",
        record(
            1_000_000,
            "Second",
            "Superseded by [1000001. Third](1000001-third.md)",
        ),
    );
    // The target named by its id alone.
    write(
        &dir,
        "adr/1000001-third.md",
        record(1_000_001, "Third", "Accepted\n\nSupersedes ADR-1000000"),
    );
    // The title alone carries the number.
    write(
        &dir,
        "adr/largest.md",
        record(u64::from(u32::MAX), "Largest", "Accepted"),
    );
    let run = adrift(&dir, &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let read: Vec<(u64, &str, Vec<&str>)> = records
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            let names = |key: &str| -> Vec<&str> {
                r[key]
                    .as_array()
                    .expect(key)
                    .iter()
                    .map(|v| v.as_str().expect("id"))
                    .collect()
            };
            let mut links = names("supersedes");
            links.extend(names("superseded_by"));
            (
                r["number"].as_u64().expect("number"),
                r["id"].as_str().expect("id"),
                links,
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (1_000_000, "ADR-1000000", vec!["ADR-1000001"]),
            (1_000_001, "ADR-1000001", vec!["ADR-1000000"]),
            (999_999, "ADR-999999", vec![]),
            (4_294_967_295, "ADR-4294967295", vec![]),
        ]
    );
    // Links resolve and nothing is off but the gap before the largest.
    let run = adrift(&dir, &["lint", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["numbering-gap"], "{}", run.stdout);
}

/// Real teams number titles without a dot (`# 23 Logging`) and add remarks
/// after a date: the number is read (and compared with the file's), the
/// title is what follows it, and the leading ISO date is the date.
#[test]
fn numbers_without_a_dot_and_dates_with_remarks_are_read() {
    use crate::support::{temp_dir, write};
    let dir = temp_dir("title-number-no-dot");
    let body = "\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n";
    write(
        &dir,
        "doc/adr/0029-use-structured-logging.md",
        format!(
            "# 29 Use structured logging\n\nDate: 2019-05-13, updated 2023-02-05 (new owner){body}"
        ),
    );
    write(
        &dir,
        "doc/adr/0030-use-opentelemetry.md",
        format!("# 29 Use OpenTelemetry\n\nDate: 2019-06-01{body}"),
    );
    let run = adrift(&dir, &["list", "--format", "json"]);
    let records: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        records[0]["title"], "Use structured logging",
        "{}",
        run.stdout
    );
    assert_eq!(records[0]["date"], "2019-05-13", "{}", run.stdout);
    let run = adrift(&dir, &["lint", "--color", "never", "--format", "compact"]);
    assert!(!run.stdout.contains("date-not-iso"), "{}", run.stdout);
    assert!(run.stdout.contains("number-mismatch"), "{}", run.stdout);
    assert_eq!(
        run.stdout.matches("number-mismatch").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("0030-use-opentelemetry.md"),
        "{}",
        run.stdout
    );
}

/// An empty `- Status:` bullet is reported as an empty status, not as the
/// unknown status `""`.
#[test]
fn an_empty_status_is_called_empty() {
    use crate::support::{temp_dir, write};
    let dir = temp_dir("empty-status");
    write(
        &dir,
        "docs/adr/0001-use-postgres.md",
        "# Use Postgres\n\n- Status:\n- Date: 2020-01-01\n\n## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n",
    );
    let run = adrift(&dir, &["lint", "--color", "never", "--format", "compact"]);
    assert!(run.stdout.contains("status is empty"), "{}", run.stdout);
    assert!(!run.stdout.contains("\"\""), "{}", run.stdout);
}

/// Found on a public collection (Open Data Hub's): the fields kept in a
/// table under the title (`| Status | Draft |`, `| Date | 2023-04-14 |`,
/// the key perhaps in bold) are the status and the date, not a record
/// without a status (40 false status-missing there). Its template,
/// `ODH-ADR-0000-template.md` (number zero under the collection's prefix),
/// is a template, not a record dated "insert data".
#[test]
fn a_metadata_table_under_the_title_holds_status_and_date() {
    let dir = fixtures().join("records/metadata-table");
    let run = adrift(&dir, &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot(&dir.join("expected.json"), &run.stdout);
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems found in 2 records\n"),
        "{}",
        run.stderr
    );
    let run = adrift(&dir, &["show", "ODH-ADR-EH-0002-multi-tenancy-and-authz"]);
    assert!(
        run.stdout
            .contains("status:   proposed (written \"Draft\")"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("date:     2026-01-20"),
        "{}",
        run.stdout
    );
}
