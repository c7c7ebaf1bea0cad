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
            .starts_with("adr/README.md has no adrift index markers"),
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
