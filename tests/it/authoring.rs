//! Authoring on collections as real teams keep them (issue 10): hand-made
//! indexes, status changes that keep links true, indexes refreshed with
//! every change, the local date.

use crate::records::copy_fixture;
use crate::support::{adrift, fixtures, temp_dir, write};

/// `index --check` on a hand-made README (no markers) is never "stale"
/// and passes, saying how to adopt the markers; `index` refuses to append a
/// second table and writes nothing.
#[test]
fn a_hand_made_index_is_never_stale_and_never_gets_a_second_table() {
    let dir = copy_fixture(&fixtures().join("lints/index-drift"), "hand-made-index");
    let before = std::fs::read_to_string(dir.join("adr/README.md")).expect("README");
    let run = adrift(&dir, &["index", "--check"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("stale"), "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("adr/README.md has no pair of adrift index markers"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  <!-- adrift:index:start -->\n  <!-- adrift:index:end -->\n"),
        "{}",
        run.stdout
    );
    let run = adrift(&dir, &["index"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("adr/README.md is a hand-made index: adrift writes nothing there"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("<!-- adrift:index:start -->"),
        "{}",
        run.stderr
    );
    let after = std::fs::read_to_string(dir.join("adr/README.md")).expect("README");
    assert_eq!(after, before);
    // Adopted: the markers replace the hand-made table, and adrift keeps it.
    write(
        &dir,
        "adr/README.md",
        "# Architecture decisions\n\n<!-- adrift:index:start -->\n<!-- adrift:index:end -->\n\nMore below.\n",
    );
    assert_eq!(adrift(&dir, &["index", "--check"]).code, 1);
    let run = adrift(&dir, &["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(adrift(&dir, &["index", "--check"]).code, 0);
    let index = std::fs::read_to_string(dir.join("adr/README.md")).expect("README");
    assert_eq!(
        index.matches("<!-- adrift:index:start -->").count(),
        1,
        "{index}"
    );
    assert!(
        index.ends_with("<!-- adrift:index:end -->\n\nMore below.\n"),
        "{index}"
    );
}

/// An index.md with adrift's markers is the index even beside a README.md
/// without them.
#[test]
fn the_index_is_the_file_with_the_markers() {
    let dir = temp_dir("index-md");
    write(&dir, "adr/README.md", "# Decisions\n\nSee index.md.\n");
    write(
        &dir,
        "adr/index.md",
        "# Index\n\n<!-- adrift:index:start -->\n<!-- adrift:index:end -->\n",
    );
    write(
        &dir,
        "adr/0001-record-architecture-decisions.md",
        crate::support::adr_tools_record(1, "Record architecture decisions", "Accepted"),
    );
    let run = adrift(&dir, &["index"]);
    assert_eq!(
        run.stdout, "wrote the index in adr/index.md\n",
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("adr/README.md")).expect("README"),
        "# Decisions\n\nSee index.md.\n"
    );
}

fn adr_tools(dir: &std::path::Path, n: u32, title: &str, status: &str) {
    let slug = title.to_lowercase().replace(' ', "-");
    write(
        dir,
        &format!("doc/adr/{n:04}-{slug}.md"),
        crate::support::adr_tools_record(n, title, status),
    );
}

fn read(dir: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("read")
}

/// `status N accepted` on a superseded record refuses, naming the record
/// that supersedes it, and writes nothing; with `--force` it sets the
/// status and removes the link on both sides, so lint stays clean.
#[test]
fn status_on_a_superseded_record_refuses_or_fixes_both_sides() {
    let dir = temp_dir("status-superseded");
    adr_tools(
        &dir,
        1,
        "Use Kafka",
        "Superseded by [2. Use NATS](0002-use-nats.md)",
    );
    adr_tools(
        &dir,
        2,
        "Use NATS",
        "Accepted\n\nSupersedes [1. Use Kafka](0001-use-kafka.md)",
    );
    let before = (
        read(&dir, "doc/adr/0001-use-kafka.md"),
        read(&dir, "doc/adr/0002-use-nats.md"),
    );
    let run = adrift(&dir, &["status", "1", "accepted"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("ADR-0001 is superseded by ADR-0002 (Use NATS): setting it to Accepted would drop that link"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        (
            read(&dir, "doc/adr/0001-use-kafka.md"),
            read(&dir, "doc/adr/0002-use-nats.md")
        ),
        before
    );
    let run = adrift(&dir, &["status", "1", "accepted", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&dir, "doc/adr/0001-use-kafka.md"),
        crate::support::adr_tools_record(1, "Use Kafka", "Accepted")
    );
    assert_eq!(
        read(&dir, "doc/adr/0002-use-nats.md"),
        crate::support::adr_tools_record(2, "Use NATS", "Accepted")
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// `status` writes the value with the spacing and case the record uses
/// (`Status: Accepted` after an empty `Status:`, `ACCEPTED` where the
/// record wrote `PROPOSED`), says "no change" when nothing changes, and
/// suggests the nearest status on a typo.
#[test]
fn status_writes_in_the_records_own_way_and_says_no_change() {
    let dir = temp_dir("status-words");
    write(
        &dir,
        "doc/adr/0001-use-kafka.md",
        "# 1. Use Kafka\n\nDate: 2020-01-01\nStatus:\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n",
    );
    write(
        &dir,
        "doc/adr/0002-use-nats.md",
        "# 2. Use NATS\n\nDate: 2020-01-02\n\n## Status\n\nPROPOSED\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n",
    );
    assert_eq!(adrift(&dir, &["status", "1", "accepted"]).code, 0);
    assert!(
        read(&dir, "doc/adr/0001-use-kafka.md").contains("\nStatus: Accepted\n"),
        "{}",
        read(&dir, "doc/adr/0001-use-kafka.md")
    );
    assert_eq!(adrift(&dir, &["status", "2", "accepted"]).code, 0);
    assert!(read(&dir, "doc/adr/0002-use-nats.md").contains("## Status\n\nACCEPTED\n"));
    let before = read(&dir, "doc/adr/0002-use-nats.md");
    let run = adrift(&dir, &["status", "2", "Accepted"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no change: ADR-0002 is already accepted\n"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&dir, "doc/adr/0002-use-nats.md"), before);
    let run = adrift(&dir, &["status", "2", "acepted"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean \"accepted\"?"),
        "{}",
        run.stderr
    );
}

/// `new`, `supersede`, `link`, `status` and `renumber` refresh an adrift
/// index in the same transaction: `index --check` stays green after each.
#[test]
fn authoring_commands_keep_the_index_fresh() {
    let dir = temp_dir("index-fresh");
    adr_tools(&dir, 1, "Record architecture decisions", "Accepted");
    write(
        &dir,
        "doc/adr/README.md",
        "# Decisions\n\n<!-- adrift:index:start -->\n<!-- adrift:index:end -->\n",
    );
    assert_eq!(adrift(&dir, &["index"]).code, 0);
    let steps: [&[&str]; 6] = [
        &["new", "Use Kafka"],
        &["new", "Use NATS"],
        &["supersede", "2", "--by", "3"],
        &["link", "3", "relates-to", "1"],
        &["status", "3", "rejected"],
        &["renumber", "3", "--to", "5"],
    ];
    for step in steps {
        let run = adrift(&dir, step);
        assert_eq!(run.code, 0, "{step:?}: {}", run.stderr);
        let check = adrift(&dir, &["index", "--check"]);
        assert_eq!(check.code, 0, "after {step:?}: {}", check.stdout);
    }
    let index = read(&dir, "doc/adr/README.md");
    assert!(
        index.contains("| [ADR-0005](0005-use-nats.md) | Use NATS | rejected |"),
        "{index}"
    );
}

/// `new` dates a record with the local date (the `TZ` time zone), not UTC:
/// at UTC+14 and UTC-12 it writes that zone's date.
#[test]
fn new_uses_the_local_date() {
    for (tz, hours) in [("<+14>-14", 14), ("<-12>+12", -12)] {
        let dir = temp_dir("local-date");
        adr_tools(&dir, 1, "Record architecture decisions", "Accepted");
        let local = || {
            jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::fixed(
                    jiff::tz::Offset::from_hours(hours).expect("offset"),
                ))
                .date()
                .to_string()
        };
        let before = local();
        let run = crate::support::adrift_with_env(&dir, &["new", "Use Kafka"], &[("TZ", tz)]);
        let after = local();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = read(&dir, "doc/adr/0002-use-kafka.md");
        assert!(
            text.contains(&format!("Date: {before}")) || text.contains(&format!("Date: {after}")),
            "{tz}: {text}"
        );
    }
}

/// A start marker without its end is no adrift index: `lint` calls it
/// neither stale nor fixes it by appending a table.
#[test]
fn half_a_pair_of_markers_is_no_adrift_index() {
    let dir = temp_dir("half-markers");
    adr_tools(&dir, 1, "Record architecture decisions", "Accepted");
    let readme =
        "# Index\n\n<!-- adrift:index:start -->\n\n- [1](0001-record-architecture-decisions.md)\n";
    write(&dir, "doc/adr/README.md", readme);
    let run = adrift(&dir, &["lint", "--fix", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "no problems found in 1 record\n", "")
    );
    assert_eq!(read(&dir, "doc/adr/README.md"), readme);
    assert_eq!(adrift(&dir, &["index", "--check"]).code, 0);
}
