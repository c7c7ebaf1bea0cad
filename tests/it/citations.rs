//! `citation-stale`: project files citing a superseded, deprecated or
//! rejected record (the fixture `tests/fixtures/check/citation-stale` holds
//! every form; these are the contracts around it).

use crate::support::{adr_tools_record, adrift, temp_dir, write};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// A project whose ADR 2 is superseded by ADR 3, and ADR 4 is deprecated.
fn project(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    write(&dir, "adrift.toml", "");
    write(&dir, "rules/.keep", "");
    write(
        &dir,
        "adr/0001-record-decisions.md",
        adr_tools_record(1, "Record decisions", "Accepted"),
    );
    write(
        &dir,
        "adr/0002-use-mysql.md",
        adr_tools_record(
            2,
            "Use MySQL",
            "Superseded by [3. Use PostgreSQL](0003-use-postgresql.md)",
        ),
    );
    write(
        &dir,
        "adr/0003-use-postgresql.md",
        adr_tools_record(
            3,
            "Use PostgreSQL",
            "Accepted\n\nSupersedes [2. Use MySQL](0002-use-mysql.md)",
        ),
    );
    write(
        &dir,
        "adr/0004-cron-jobs.md",
        adr_tools_record(4, "Cron jobs", "Deprecated"),
    );
    dir
}

fn citations(run: &crate::support::Run) -> Vec<(String, String, u64, u64, u64, String)> {
    json(&run.stdout)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] != "rules-none")
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each form is found at its own line and columns, with the record that
/// replaced it; what only looks like a citation is not.
#[test]
fn every_form_is_located_and_names_what_replaced_it() {
    let dir = project("citation-forms");
    write(
        &dir,
        "src/app.rs",
        "fn main() {\n    // Pool as ADR-0002 says; see adr-2 and ADR 02 too.\n    // ADR-20, MADR-2, ADR-0002x and ADR-0003 are not.\n    /* docs/adr/0002-use-mysql.md */ let cron = 1; // ADR-4\n}\n",
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let found = citations(&run);
    let at: Vec<(u64, u64, u64)> = found.iter().map(|f| (f.2, f.3, f.4)).collect();
    assert_eq!(
        at,
        [
            (2, 16, 24),
            (2, 35, 40),
            (2, 45, 51),
            (4, 8, 34),
            (4, 55, 60)
        ],
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.0 == "citation-stale" && f.1 == "src/app.rs")
    );
    assert_eq!(
        found[0].5,
        "cites ADR-0002 \"Use MySQL\", which is superseded by ADR-0003 \"Use PostgreSQL\""
    );
    assert_eq!(
        found[4].5,
        "cites ADR-0004 \"Cron jobs\", which is deprecated"
    );
}

/// `--ignore` and `--select` choose the code like any other; `[severity]`
/// turns it off.
#[test]
fn the_code_is_selectable_ignorable_and_configurable() {
    let dir = project("citation-select");
    write(&dir, "notes.txt", "# ADR-0002\n");
    let run = adrift(
        &dir,
        &["check", "--format", "json", "--ignore", "citation-stale"],
    );
    assert!(citations(&run).is_empty(), "{}", run.stdout);
    let run = adrift(
        &dir,
        &["check", "--format", "json", "--select", "citation-stale"],
    );
    assert_eq!(citations(&run).len(), 1, "{}", run.stdout);
    let run = adrift(&dir, &["check", "--format", "json", "--deny-warnings"]);
    assert_eq!(
        run.code, 1,
        "a citation is a warning: --deny-warnings fails on it"
    );
    write(
        &dir,
        "adrift.toml",
        "[severity]\ncitation-stale = \"off\"\n",
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    assert!(citations(&run).is_empty(), "{}", run.stdout);
}

/// A waiver on the line or the line above waives one citation and is
/// counted; an expired one waives nothing and says so.
#[test]
fn waivers_in_any_comment_syntax() {
    let dir = project("citation-waivers");
    write(
        &dir,
        "docs/history.md",
        "<!-- adrift:allow=citation-stale: the history of the move -->\nWe left MySQL (ADR-0002).\n\nADR-0002 again. <!-- adrift:allow=citation-stale until 2020-01-01: old -->\n",
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    let found = citations(&run);
    let codes: Vec<(&str, u64)> = found.iter().map(|f| (f.0.as_str(), f.2)).collect();
    assert_eq!(
        codes,
        [("citation-stale", 4), ("waiver-expired", 4)],
        "{found:#?}"
    );
    assert_eq!(json(&run.stdout)["summary"]["waived"], 1, "{}", run.stdout);
    assert_eq!(run.code, 1, "an expired waiver is an error");
}

/// With no stale record nothing beyond the ecosystems' files is read: the
/// count of files is the records and the Terraform file, and a file no
/// ecosystem reads is never opened (a FIFO would otherwise be reported or
/// hang).
#[test]
fn nothing_stale_means_no_work() {
    let dir = temp_dir("citation-none");
    write(&dir, "adrift.toml", "");
    write(&dir, "rules/.keep", "");
    write(
        &dir,
        "adr/0001-record-decisions.md",
        adr_tools_record(1, "Record decisions", "Accepted"),
    );
    write(&dir, "main.tf", "# ADR-0001\n");
    write(&dir, "notes.md", "ADR-0001\n");
    let run = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(json(&run.stdout)["summary"]["files"], 2, "{}", run.stdout);
}

/// Binary files and files over the size cap are not text: skipped, not
/// reported (the ecosystems report the files they read).
#[test]
fn binary_and_oversized_files_are_left_alone() {
    let dir = project("citation-binary");
    write(&dir, "logo.png", b"\x89PNG\0\0ADR-0002\n");
    write(&dir, "latin1.txt", b"caf\xe9 ADR-0002\n");
    write(&dir, "big.log", format!("ADR-0002\n{}", "x".repeat(4096)));
    write(&dir, "adrift.toml", "max_file_size = \"1 KiB\"\n");
    let run = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(citations(&run).is_empty(), "{}", run.stdout);
}

/// A record whose file name is not ASCII is cited by its path too, and a
/// citation in a file an ecosystem reads (searched as it is read) is found
/// like any other.
#[test]
fn non_ascii_names_and_files_the_ecosystems_read() {
    let dir = project("citation-unicode");
    write(
        &dir,
        "adr/0005-café-au-lait.md",
        adr_tools_record(5, "Café au lait", "Rejected"),
    );
    write(
        &dir,
        "docs/drinks.txt",
        "See adr/0005-CAFÉ-au-lait.md and adr/0005-café-au-lait.md.\n",
    );
    write(
        &dir,
        "main.tf",
        "# per adr-0002\nresource \"aws_s3_bucket\" \"b\" {}\n",
    );
    write(&dir, "requirements.txt", "flask  # ADR 4 said so\n");
    let run = adrift(&dir, &["check", "--format", "json"]);
    let found = citations(&run);
    let at: Vec<(&str, u64, u64)> = found.iter().map(|f| (f.1.as_str(), f.2, f.3)).collect();
    // `É` is not `é` to ASCII case folding: only the second path is the file's.
    assert_eq!(
        at,
        [
            ("docs/drinks.txt", 1, 34),
            ("main.tf", 1, 7),
            ("requirements.txt", 1, 10)
        ],
        "{found:#?}"
    );
}

/// A site adrift wrote (its `.adrift-site` marker) cites every record by
/// design: it is not searched for citations, while a `.tf` file inside it
/// is still checked (a marker never hides drift).
#[test]
fn a_site_adrift_wrote_is_not_searched_for_citations() {
    let dir = project("citation-site");
    write(
        &dir,
        "rules/no-db.toml",
        "id = \"no-db\"\ndecision = \"ADR-0003\"\nmessage = \"no database\"\n[terraform]\nresources = [\"aws_db_instance\"]\n",
    );
    let run = adrift(&dir, &["site", "-o", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    write(
        &dir,
        "public/main.tf",
        "resource \"aws_db_instance\" \"x\" {}\n",
    );
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.starts_with("public/")))
        .map(|f| f["code"].as_str().unwrap_or_default())
        .collect();
    assert!(!paths.contains(&"citation-stale"), "{}", run.stdout);
    assert_eq!(paths, ["no-db"], "{}", run.stdout);
}
