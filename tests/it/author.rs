//! Authoring commands through the real binary: a decision's whole life,
//! concurrency, refusals that write nothing, byte-exact edits, and each
//! dialect's words.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{adr_tools_record, adrift, adrift_with_env, temp_dir, write};

/// Every file under `dir` and its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let name = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .display()
                .to_string();
            out.insert(name, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn lint_has_no_error(dir: &Path) {
    let run = adrift(dir, &["lint", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["summary"]["errors"], 0, "{}", run.stdout);
}

#[test]
fn a_decisions_whole_life() {
    let dir = temp_dir("life");
    let run = adrift(&dir, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "created adrift.toml\ncreated rules\ncreated adr/ADR-0001-record-architecture-decisions.md\n"
    );
    assert!(dir.join("rules").is_dir());
    lint_has_no_error(&dir);

    let run = adrift(&dir, &["new", "Keep the service stateless"]);
    assert_eq!(run.stdout, "adr/ADR-0002-keep-the-service-stateless.md\n");
    let text = read(&dir, "adr/ADR-0002-keep-the-service-stateless.md");
    assert!(
        text.starts_with(
            "# ADR-0002: Keep the service stateless\n\n## Status\n\nProposed\n\n## Date\n\n"
        ),
        "{text}"
    );
    lint_has_no_error(&dir);

    assert_eq!(
        adrift(&dir, &["status", "2", "accepted"]).stdout,
        "updated adr/ADR-0002-keep-the-service-stateless.md\n"
    );
    assert!(
        read(&dir, "adr/ADR-0002-keep-the-service-stateless.md")
            .contains("## Status\n\nAccepted\n")
    );

    let run = adrift(
        &dir,
        &[
            "new",
            "--supersedes",
            "ADR-0002",
            "Store sessions in DynamoDB",
        ],
    );
    assert_eq!(run.stdout, "adr/ADR-0003-store-sessions-in-dynamodb.md\n");
    assert!(read(&dir, "adr/ADR-0002-keep-the-service-stateless.md").contains(
        "## Status\n\nSuperseded by [ADR-0003: Store sessions in DynamoDB](ADR-0003-store-sessions-in-dynamodb.md)\n"
    ));
    assert!(read(&dir, "adr/ADR-0003-store-sessions-in-dynamodb.md").contains(
        "## Status\n\nProposed\n\nSupersedes [ADR-0002: Keep the service stateless](ADR-0002-keep-the-service-stateless.md)\n"
    ));
    lint_has_no_error(&dir);

    let run = adrift(&dir, &["index", "--check"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "there is no index yet: run `adrift index` to write adr/README.md\n"
        )
    );
    assert_eq!(
        adrift(&dir, &["index"]).stdout,
        "wrote the index in adr/README.md\n"
    );
    assert_eq!(adrift(&dir, &["index", "--check"]).code, 0);
    let index = read(&dir, "adr/README.md");
    assert!(index.contains("| [ADR-0002](ADR-0002-keep-the-service-stateless.md) | Keep the service stateless | superseded |"), "{index}");
    assert!(index.contains("supersedes ADR-0002"), "{index}");

    let graph = adrift(&dir, &["graph"]).stdout;
    assert!(graph.starts_with("graph TD\n"), "{graph}");
    assert!(graph.contains("r2 -->|supersedes| r1"), "{graph}");
    let dot = adrift(&dir, &["graph", "--format", "dot"]).stdout;
    assert!(dot.contains("r2 -> r1 [label=\"supersedes\"];"), "{dot}");

    // A new record makes the index stale, for pre-commit.
    adrift(&dir, &["new", "Log format"]);
    let run = adrift(&dir, &["index", "--check"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "the index in adr/README.md is stale: run `adrift index`\n"
        )
    );
    lint_has_no_error(&dir);
}

#[test]
fn twenty_concurrent_news_get_twenty_numbers() {
    let dir = temp_dir("concurrent");
    write(
        &dir,
        "adr/0001-record-architecture-decisions.md",
        adr_tools_record(1, "Record architecture decisions", "Accepted"),
    );
    let children: Vec<_> = (0..20)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_adrift"))
                .args(["new", &format!("Decision from branch {i}")])
                .current_dir(&dir)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut created = Vec::new();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        created.push(String::from_utf8(out.stdout).expect("UTF-8"));
    }
    let files = tree(&dir.join("adr"));
    assert_eq!(files.len(), 21, "{:?}", files.keys());
    let numbers: std::collections::BTreeSet<&str> = files.keys().map(|k| &k[..4]).collect();
    assert_eq!(
        numbers.len(),
        21,
        "every record has its own number: {:?}",
        files.keys()
    );
    assert_eq!(numbers.last(), Some(&"0021"));
    lint_has_no_error(&dir);
}

#[test]
fn refused_commands_write_nothing() {
    let dir = temp_dir("refusals");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(&dir, "adr/0002-b.md", adr_tools_record(2, "B", "Accepted"));
    let before = tree(&dir);
    for (args, needle) in [
        (vec!["new", " "], "the title is empty"),
        (
            vec!["new", "--supersedes", "9", "C"],
            "--supersedes 9: there is no such record",
        ),
        (
            vec!["new", "--status", "Aproved", "C"],
            "status \"Aproved\" is not a known status",
        ),
        (
            vec!["new", "--status", "superseded", "C"],
            "a new record cannot start superseded",
        ),
        (
            vec!["supersede", "1", "--by", "7"],
            "there is no record \"7\"",
        ),
        (
            vec!["supersede", "1", "--by", "1"],
            "a record cannot supersede itself",
        ),
        (
            vec!["status", "1", "banana"],
            "status \"banana\" is not a known status",
        ),
        (
            vec!["status", "1", "superseded"],
            "a record is superseded by another one",
        ),
        (
            vec!["renumber", "1", "--to", "2"],
            "number 2 is taken by adr/0002-b.md",
        ),
        (
            vec!["renumber", "5", "--to", "9"],
            "there is no record \"5\"",
        ),
        (
            vec!["link", "1", "amends", "1"],
            "a record cannot link to itself",
        ),
    ] {
        let run = adrift(&dir, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
        assert_eq!(tree(&dir), before, "{args:?} wrote something");
    }
}

#[test]
fn edits_keep_crlf_bom_and_everything_else_byte_identical() {
    let dir = temp_dir("bytes");
    let old = "\u{feff}# 1. Cache sessions  \r\n\r\nDate: 2024-05-01\r\n\r\n## Status\r\n\r\nProposed\r\n\r\n## Context\r\n\r\nTrailing spaces stay.   \r\n\r\n## Decision\r\n\r\nx\r\n\r\n## Consequences\r\n\r\ny\r\n";
    write(&dir, "adr/0001-cache-sessions.md", old);
    assert_eq!(adrift(&dir, &["status", "1", "accepted"]).code, 0);
    let after = read(&dir, "adr/0001-cache-sessions.md");
    assert_eq!(after, old.replace("Proposed", "Accepted"));

    adrift(&dir, &["new", "--supersedes", "1", "Drop the cache"]);
    let superseded = read(&dir, "adr/0001-cache-sessions.md");
    assert_eq!(
        superseded,
        old.replace(
            "Proposed",
            "Superseded by [2. Drop the cache](0002-drop-the-cache.md)"
        )
    );
    lint_has_no_error(&dir);
}

#[test]
fn adr_tools_collections_get_what_adr_new_writes() {
    let dir = temp_dir("adr-tools");
    write(&dir, ".adr-dir", "doc/adr\n");
    write(
        &dir,
        "doc/adr/0001-record-architecture-decisions.md",
        adr_tools_record(1, "Record architecture decisions", "Accepted"),
    );
    let run = adrift(&dir, &["new", "Use", "PostgreSQL", "for", "persistence"]);
    assert_eq!(
        run.stdout,
        "doc/adr/0002-use-postgresql-for-persistence.md\n"
    );
    let today = jiff::Timestamp::now().to_string()[..10].to_string();
    assert_eq!(
        read(&dir, "doc/adr/0002-use-postgresql-for-persistence.md"),
        format!(
            "# 2. Use PostgreSQL for persistence\n\nDate: {today}\n\n## Status\n\nAccepted\n\n## Context\n\nThe issue motivating this decision, and any context that influences or constrains the decision.\n\n## Decision\n\nThe change that we're proposing or have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.\n"
        )
    );
    adrift(&dir, &["new", "-s", "2", "Use MySQL instead"]);
    assert!(read(&dir, "doc/adr/0002-use-postgresql-for-persistence.md")
        .contains("## Status\n\nSuperseded by [3. Use MySQL instead](0003-use-mysql-instead.md)\n\n## Context"));
    assert!(read(&dir, "doc/adr/0003-use-mysql-instead.md")
        .contains("## Status\n\nAccepted\n\nSupersedes [2. Use PostgreSQL for persistence](0002-use-postgresql-for-persistence.md)\n\n## Context"));
    adrift(&dir, &["link", "3", "relates-to", "1"]);
    assert!(
        read(&dir, "doc/adr/0001-record-architecture-decisions.md")
            .contains("Relates to [3. Use MySQL instead](0003-use-mysql-instead.md)")
    );
    lint_has_no_error(&dir);
}

#[test]
fn madr_and_log4brains_in_their_own_words() {
    let dir = temp_dir("madr");
    write(
        &dir,
        "docs/decisions/0001-use-madr.md",
        "---\nstatus: accepted\ndate: 2024-01-01\n---\n# Use MADR\n\n## Context and Problem Statement\n\nx\n\n## Considered Options\n\n* MADR\n\n## Decision Outcome\n\nChosen option: \"MADR\".\n",
    );
    let run = adrift(&dir, &["new", "--supersedes", "1", "Use plain Markdown"]);
    assert_eq!(run.stdout, "docs/decisions/0002-use-plain-markdown.md\n");
    assert!(
        read(&dir, "docs/decisions/0001-use-madr.md")
            .starts_with("---\nstatus: superseded by ADR-0002\ndate: ")
    );
    let new = read(&dir, "docs/decisions/0002-use-plain-markdown.md");
    assert!(new.starts_with("---\nstatus: proposed\ndate: "), "{new}");
    assert!(
        new.ends_with("## More Information\n\n- Supersedes [Use MADR](0001-use-madr.md)\n"),
        "{new}"
    );
    lint_has_no_error(&dir);

    let dir = temp_dir("log4brains");
    write(
        &dir,
        "docs/adr/20200924-use-markdown.md",
        "# Use Markdown\n\n- Status: accepted\n- Date: 2020-09-24\n\n## Decision Outcome\n\nMarkdown.\n",
    );
    let run = adrift(
        &dir,
        &[
            "new",
            "--supersedes",
            "20200924-use-markdown",
            "Use AsciiDoc",
        ],
    );
    let name = run.stdout.trim().to_string();
    assert!(
        name.starts_with("docs/adr/") && name.ends_with("-use-asciidoc.md"),
        "{name}"
    );
    let stem = name.trim_start_matches("docs/adr/").trim_end_matches(".md");
    assert!(
        read(&dir, "docs/adr/20200924-use-markdown.md")
            .contains(&format!("- Status: superseded by [{stem}]({stem}.md)"))
    );
    assert!(
        read(&dir, &name).contains(
            "## Links\n\n- Supersedes [20200924-use-markdown](20200924-use-markdown.md)\n"
        )
    );
    lint_has_no_error(&dir);
}

#[test]
fn templates_and_the_editor() {
    let dir = temp_dir("template");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(
        &dir,
        "adr/templates/template.md",
        "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nOur own template.\n\n## Decision\n\nd\n\n## Consequences\n\nc\n",
    );
    let editor = write(
        &dir,
        "editor.sh",
        "#!/bin/sh\nprintf 'Edited by the editor.\\n' >> \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let run = adrift_with_env(
        &dir,
        &["new", "--edit", "--status", "Proposed", "Use gRPC"],
        &[("EDITOR", editor.to_str().expect("path")), ("VISUAL", "")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&dir, "adr/0002-use-grpc.md");
    assert!(text.starts_with("# 2. Use gRPC\n\nDate: "), "{text}");
    assert!(
        text.contains("## Status\n\nProposed\n\n## Context\n\nOur own template."),
        "{text}"
    );
    assert!(text.ends_with("Edited by the editor.\n"), "{text}");

    write(
        &dir,
        "adr/templates/spike.md",
        "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nA time-boxed spike.\n\n## Decision\n\nd\n\n## Consequences\n\nc\n",
    );
    let run = adrift(&dir, &["new", "--template", "spike", "Try NATS"]);
    assert!(read(&dir, run.stdout.trim()).contains("A time-boxed spike."));
    let before = tree(&dir);
    let run = adrift(&dir, &["new", "--template", "nope", "Try Kafka"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot read the template adr/templates/nope.md"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir), before);
}

#[test]
fn renumbering_rewrites_every_link() {
    let dir = temp_dir("renumber");
    write(
        &dir,
        "adr/0001-a.md",
        adr_tools_record(1, "A", "Superseded by [2. B](0002-b.md)"),
    );
    write(
        &dir,
        "adr/0002-b.md",
        adr_tools_record(2, "B", "Accepted\n\nSupersedes [1. A](0001-a.md)"),
    );
    write(
        &dir,
        "adr/0002-c.md",
        adr_tools_record(2, "C", "Accepted\n\nSee also [2. B](0002-b.md)."),
    );
    adrift(&dir, &["index"]);
    let run = adrift(&dir, &["renumber", "--fix-duplicates"]);
    assert_eq!(run.stdout, "moved adr/0002-c.md to adr/0003-c.md\n");
    assert!(read(&dir, "adr/0003-c.md").starts_with("# 3. C\n"));
    let run = adrift(&dir, &["renumber", "2", "--to", "7"]);
    assert_eq!(run.stdout, "moved adr/0002-b.md to adr/0007-b.md\n");
    assert!(read(&dir, "adr/0001-a.md").contains("Superseded by [7. B](0007-b.md)"));
    assert!(read(&dir, "adr/0003-c.md").contains("See also [7. B](0007-b.md)."));
    assert!(read(&dir, "adr/0007-b.md").starts_with("# 7. B\n"));
    assert!(!dir.join("adr/0002-b.md").exists());
    assert!(
        read(&dir, "adr/README.md").contains("[ADR-0007](0007-b.md)"),
        "the index follows"
    );
    lint_has_no_error(&dir);
}

#[test]
fn init_adopts_an_existing_collection() {
    let dir = temp_dir("adopt");
    write(&dir, ".adr-dir", "doc/architecture\n");
    write(
        &dir,
        "doc/architecture/0001-a.md",
        adr_tools_record(1, "A", "Accepted"),
    );
    let run = adrift(&dir, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "adopted the records in doc/architecture\ncreated adrift.toml\ncreated rules\n"
    );
    assert!(!dir.join("adr").exists(), "no second collection");
    assert!(read(&dir, "adrift.toml").contains("adr_dir = \"doc/architecture\""));
    let run = adrift(&dir, &["init"]);
    assert_eq!(run.stdout, "adopted the records in doc/architecture\n");
}

#[test]
fn lint_fix_changes_only_what_it_fixes_and_only_once() {
    let dir = temp_dir("fix");
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/platform/adr/ADR-0012-persistence-and-database-strategy.md"),
    )
    .expect("the user's ADR-0012");
    write(&dir, "adrift.toml", "[severity]\nnumbering-gap = \"off\"\n");
    write(
        &dir,
        "adr/ADR-0012-persistence-and-database-strategy.md",
        &seed,
    );
    write(
        &dir,
        "adr/ADR-0013-sessions.md",
        "# ADR-0013: Sessions\n\n## Status\n\nSuperceded by [ADR-0014: Tokens](ADR-0014-tokens.md)\n\n## Date\n\n2026-02-01\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    write(
        &dir,
        "adr/ADR-0014-tokens.md",
        "# ADR-0014: Tokens\n\n## Status\n\nAccepted\n\n## Date\n\n2026-03-01\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    write(
        &dir,
        "adr/README.md",
        "# Decisions\n\nKept by hand.\n\n<!-- adrift:index:start -->\n<!-- adrift:index:end -->\n\nAlso kept.\n",
    );
    let run = adrift(&dir, &["lint", "--fix", "--color", "never"]);
    assert_eq!(
        run.stderr,
        "fixed adr/ADR-0012-persistence-and-database-strategy.md: 3 look-alike hyphens replaced by -\n\
         fixed adr/ADR-0014-tokens.md: added the link back: supersedes ADR-0013\n\
         fixed adr/README.md: rewrote the index\n"
    );
    assert_eq!(run.stdout, "no problems found in 3 records\n");
    // ADR-0012 differs only where U+2011 stood in its id and date.
    let fixed = read(&dir, "adr/ADR-0012-persistence-and-database-strategy.md");
    let mut lines: Vec<String> = seed.split('\n').map(str::to_string).collect();
    lines[0] = lines[0].replace('\u{2011}', "-");
    lines[8] = lines[8].replace('\u{2011}', "-");
    assert_eq!(fixed, lines.join("\n"));
    assert!(
        fixed.contains("Trade\u{2011}offs"),
        "text outside the id, title and date is left alone"
    );
    // The index is rewritten between its markers; the rest stays.
    let index = read(&dir, "adr/README.md");
    assert!(
        index
            .starts_with("# Decisions\n\nKept by hand.\n\n<!-- adrift:index:start -->\n| Number |"),
        "{index}"
    );
    assert!(
        index.ends_with("<!-- adrift:index:end -->\n\nAlso kept.\n"),
        "{index}"
    );
    assert!(index.contains("| [ADR-0014](ADR-0014-tokens.md) | Tokens | accepted | 2026-03-01 | supersedes ADR-0013 |"), "{index}");
    // adr-tools' own spelling stays.
    assert!(read(&dir, "adr/ADR-0013-sessions.md").contains("Superceded by [ADR-0014: Tokens]"));
    assert!(read(&dir, "adr/ADR-0014-tokens.md").contains(
        "## Status\n\nAccepted\n\nSupersedes [ADR-0013: Sessions](ADR-0013-sessions.md)\n"
    ));
    // Idempotent.
    let before = tree(&dir);
    let run = adrift(&dir, &["lint", "--fix"]);
    assert_eq!(run.stderr, "");
    assert_eq!(tree(&dir), before);
}
