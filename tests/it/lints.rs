//! Every lint has a fixture folder `tests/fixtures/lints/<code>/` holding a
//! collection in `adr/` (and optionally an `adrift.toml`) and the snapshot
//! `expected.txt` of `adrift lint` on it.

use std::collections::HashSet;

use adrift::lints::LINTS;

use crate::support::{adrift, fixtures, snapshot};

#[test]
fn codes_are_unique_and_kebab_case() {
    let mut seen = HashSet::new();
    for lint in LINTS {
        assert!(seen.insert(lint.code), "duplicate code {}", lint.code);
        assert!(
            lint.code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{} is not kebab-case",
            lint.code
        );
    }
}

#[test]
fn every_lint_has_docs_with_the_four_sections() {
    for lint in LINTS {
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                lint.docs.contains(heading),
                "{} docs lack {heading:?}",
                lint.code
            );
        }
        assert!(
            !lint.summary.ends_with('.'),
            "{} summary ends with a period",
            lint.code
        );
    }
}

#[test]
fn every_code_has_a_fixture_and_every_fixture_a_code() {
    let dir = fixtures().join("lints");
    let folders: HashSet<String> = std::fs::read_dir(&dir)
        .expect("fixtures/lints")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let codes: HashSet<String> = LINTS.iter().map(|l| l.code.to_string()).collect();
    let missing: Vec<_> = codes.difference(&folders).collect();
    let stray: Vec<_> = folders.difference(&codes).collect();
    assert!(missing.is_empty(), "lints without a fixture: {missing:?}");
    assert!(stray.is_empty(), "fixtures for no lint: {stray:?}");
}

#[test]
fn each_fixture_raises_its_lint_and_matches_its_snapshot() {
    for lint in LINTS {
        let dir = fixtures().join("lints").join(lint.code);
        let run = adrift(&dir, &["lint", "--color", "never", "--adr-dir", "adr"]);
        assert!(run.stderr.is_empty(), "{}: {}", lint.code, run.stderr);
        let expected_code = match lint.default_severity {
            adrift::finding::Severity::Error => 1,
            adrift::finding::Severity::Warning => 0,
        };
        assert_eq!(run.code, expected_code, "{}:\n{}", lint.code, run.stdout);
        // The fixture must raise the lint it is named for, as its own code.
        assert!(
            run.stdout.lines().any(|l| l == lint.code),
            "fixture for {} does not raise it:\n{}",
            lint.code,
            run.stdout
        );
        snapshot(&dir.join("expected.txt"), &run.stdout);
    }
}

#[test]
fn a_lint_turned_off_in_config_reports_nothing() {
    let dir = crate::support::temp_dir("lint-off");
    crate::support::write(
        &dir,
        "adr/0001-a.md",
        crate::support::adr_tools_record(1, "A", "Accepted"),
    );
    crate::support::write(
        &dir,
        "adr/0003-c.md",
        crate::support::adr_tools_record(3, "C", "Accepted"),
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert!(run.stdout.contains("numbering-gap"), "{}", run.stdout);
    crate::support::write(&dir, "adrift.toml", "[severity]\nnumbering-gap = \"off\"\n");
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.stdout, "no problems found in 2 records\n");
    crate::support::write(
        &dir,
        "adrift.toml",
        "[severity]\nnumbering-gap = \"error\"\n",
    );
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("× number 2 is missing before ADR-0003"),
        "{}",
        run.stdout
    );
}

fn code_table(codes: &[&adrift::lints::Lint]) -> String {
    let mut table = String::from("| code | default | what it reports |\n|---|---|---|\n");
    for lint in codes {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            lint.code,
            lint.default_severity.as_str(),
            lint.summary
        ));
    }
    table
}

/// The README's table between `<!-- NAME:start -->` and `<!-- NAME:end -->`
/// must be `table` (ADRIFT_BLESS=1 rewrites it).
fn readme_section_is(name: &str, table: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let from = readme.find(&start).expect("start marker") + start.len();
    let to = readme.find(&end).expect("end marker");
    if std::env::var_os("ADRIFT_BLESS").is_some() {
        let updated = format!("{}{table}{}", &readme[..from], &readme[to..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    assert_eq!(
        &readme[from..to],
        table,
        "README's {name} table is stale: ADRIFT_BLESS=1 cargo test"
    );
}

#[test]
fn readme_code_tables_match_the_registries() {
    readme_section_is("lints", &code_table(LINTS));
    readme_section_is("check-codes", &code_table(adrift::check::CHECK_CODES));
}

/// A number's width in a file name is a minimum: `10-x.md` among `1-x.md`
/// … `9-x.md`, and `10000-x.md` among `NNNN-` names, follow the pattern
/// (the padding ran out); a zero-padded name of another width does not.
#[test]
fn file_name_pattern_takes_the_width_as_a_minimum() {
    use crate::support::{adr_tools_record, temp_dir, write};
    let codes_for = |names: &[String]| {
        let dir = temp_dir("widths");
        write(&dir, "adrift.toml", "");
        for name in names {
            let n: u32 = name
                .split('-')
                .next()
                .and_then(|d| d.parse().ok())
                .expect("number");
            write(
                &dir,
                &format!("adr/{name}"),
                adr_tools_record(n, "T", "Accepted"),
            );
        }
        let run = adrift(&dir, &["lint", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().expect("code").to_string(),
                    f["path"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let unpadded: Vec<String> = (1..=11).map(|n| format!("{n}-t.md")).collect();
    assert_eq!(codes_for(&unpadded), []);
    let mut padded: Vec<String> = (9995..=9999).map(|n| format!("{n:04}-t.md")).collect();
    padded.push("10000-t.md".into());
    padded.push("10001-t.md".into());
    padded.push("010002-t.md".into());
    assert_eq!(
        codes_for(&padded),
        [(
            "file-name-pattern".to_string(),
            "adr/010002-t.md".to_string()
        )]
    );
}

/// The span of a file that is not UTF-8 covers the character that stands
/// for the bad byte (U+FFFD, three bytes in the text), not a third of it:
/// the JSON range is one column wide, not empty.
#[test]
fn a_bad_byte_is_pointed_at_whole() {
    let dir = fixtures().join("lints/file-unreadable");
    let run = adrift(&dir, &["lint", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "file-unreadable");
    assert_eq!(
        (&finding["column"], &finding["end_column"]),
        (&serde_json::json!(9), &serde_json::json!(10))
    );
}
