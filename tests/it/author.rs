//! Authoring commands through the real binary: a decision's whole life,
//! concurrency, refusals that write nothing, byte-exact edits, and each
//! dialect's words.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{Run, adr_tools_record, adrift, adrift_with_env, temp_dir, write};

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

    // `new` lists the new record in the index at once: pre-commit stays
    // green.
    adrift(&dir, &["new", "Log format"]);
    assert_eq!(adrift(&dir, &["index", "--check"]).code, 0);
    assert!(read(&dir, "adr/README.md").contains("Log format"));
    // A record changed by hand makes the index stale, for pre-commit.
    let path = dir.join("adr/ADR-0004-log-format.md");
    let text = std::fs::read_to_string(&path).expect("record");
    std::fs::write(&path, text.replace("Log format", "Log in JSON")).expect("write");
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

/// Runs `adrift` like [`adrift_with_env`], but gives up after 30 s (the
/// bug some tests guard against is a hang): `None` if it had to be killed.
fn adrift_guarded(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<Run> {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_adrift"));
    command
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("spawn");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().expect("kill");
            child.wait().expect("reap");
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Some(Run {
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
        code: out.status.code().unwrap_or(-1),
    })
}

/// Standard error as one line: miette wraps long messages.
fn flat(stderr: &str) -> String {
    stderr
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// adrift's own leftovers: temporary files, the journal, the lock's note.
fn leftovers(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with(".adrift-"))
        .collect()
}

#[test]
fn writes_never_follow_a_link_out_of_the_record_directory() {
    let root = temp_dir("escape");
    let dir = root.join("project");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(
        &root,
        "outside/0005-out.md",
        adr_tools_record(5, "Out", "Proposed\n\nRelates to [1. A](../0001-a.md)"),
    );
    std::os::unix::fs::symlink("../../outside", dir.join("adr/sub")).expect("symlink");
    assert!(adrift(&dir, &["list"]).stdout.contains("ADR-0005"), "read");
    let before = tree(&root);
    for args in [
        vec!["status", "5", "accepted"],
        vec!["renumber", "5", "--to", "6"],
        vec!["renumber", "1", "--to", "9"],
        vec!["new", "--supersedes", "5", "Replace Out"],
        vec!["link", "1", "amends", "5"],
        vec!["supersede", "5", "--by", "1"],
    ] {
        let run = adrift(&dir, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(
            flat(&run.stderr).contains("adr/sub is a symbolic link to ../outside (`../../outside`), outside the record directory adr"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(tree(&root), before, "{args:?} wrote something");
    }
    // Writing inside is still fine, and numbers see the linked records.
    assert_eq!(
        adrift(&dir, &["new", "Inside"]).stdout,
        "adr/0006-inside.md\n"
    );
}

#[test]
fn a_linked_record_is_edited_through_or_refused_never_copied() {
    let root = temp_dir("linked-record");
    let dir = root.join("project");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    // Inside the record directory (a hidden folder is not read as records).
    write(
        &dir,
        "adr/.store/b.md",
        adr_tools_record(2, "B", "Proposed"),
    );
    std::os::unix::fs::symlink(".store/b.md", dir.join("adr/0002-b.md")).expect("symlink");
    // Outside it.
    write(&root, "shared/c.md", adr_tools_record(3, "C", "Proposed"));
    std::os::unix::fs::symlink("../../shared/c.md", dir.join("adr/0003-c.md")).expect("symlink");

    let run = adrift(&dir, &["status", "2", "accepted"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "updated adr/0002-b.md\n"),
        "{}",
        run.stderr
    );
    let link = std::fs::symlink_metadata(dir.join("adr/0002-b.md")).expect("lstat");
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        read(&dir, "adr/.store/b.md"),
        adr_tools_record(2, "B", "Accepted"),
        "its target was edited"
    );
    let run = adrift(&dir, &["supersede", "2", "--by", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&dir, "adr/.store/b.md").contains("Superseded by [1. A](0001-a.md)"));
    assert!(
        std::fs::symlink_metadata(dir.join("adr/0002-b.md"))
            .expect("lstat")
            .file_type()
            .is_symlink()
    );

    let before = tree(&root);
    let run = adrift(&dir, &["status", "3", "accepted"]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains(
            "adr/0003-c.md is a symbolic link to ../shared/c.md (`../../shared/c.md`), outside the record directory adr"
        ),
        "{}",
        run.stderr
    );
    let run = adrift(&dir, &["renumber", "2", "--to", "7"]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("adr/0002-b.md is a symbolic link (to .store/b.md)"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&root), before, "refusals wrote nothing");
    for name in ["adr/0002-b.md", "adr/0003-c.md"] {
        assert!(
            std::fs::symlink_metadata(dir.join(name))
                .expect("lstat")
                .file_type()
                .is_symlink(),
            "{name} is still a link"
        );
    }
}

#[test]
fn templates_come_only_from_the_templates_directory() {
    let dir = temp_dir("template-paths");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(
        &dir,
        "adr/templates/spike.md",
        "# NUMBER. TITLE\n\nSpike.\n",
    );
    write(&dir, "adr/templates/lean.md", "# NUMBER. TITLE\n\nLean.\n");
    let secret = write(&dir, "secret.md", "# NUMBER. TITLE\n\nNot a template.\n");
    std::os::unix::fs::symlink(&secret, dir.join("adr/templates/sneaky.md")).expect("symlink");
    let before = tree(&dir);
    let absolute = secret.display().to_string();
    for name in [
        "../../secret",
        "../../secret.md",
        absolute.as_str(),
        "sub/spike",
        "..",
        "",
    ] {
        let run = adrift(&dir, &["new", "--template", name, "Try"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stdout);
        assert!(
            flat(&run.stderr).contains(&format!("--template {name:?} is not a template name")),
            "{name}: {}",
            run.stderr
        );
        assert!(
            flat(&run.stderr).contains(
                "templates are named by file stem from adr/templates: lean, sneaky, spike"
            ),
            "{name}: {}",
            run.stderr
        );
        assert_eq!(tree(&dir), before, "{name}");
    }
    let run = adrift(&dir, &["new", "--template", "sneaky", "Try"]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains(
            "the template adr/templates/sneaky.md is a link to outside the templates directory"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir), before);
    let run = adrift(&dir, &["new", "--template", "lean.md", "Try"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&dir, "adr/0002-try.md").contains("Lean."));
}

#[test]
fn new_numbers_after_records_in_subdirectories() {
    let dir = temp_dir("subdirectories");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    write(
        &dir,
        "adr/2023/0002-b.md",
        adr_tools_record(2, "B", "Accepted"),
    );
    write(
        &dir,
        "adr/2024/0003-c.md",
        adr_tools_record(3, "C", "Accepted"),
    );
    let run = adrift(&dir, &["new", "--supersedes", "3", "D"]);
    assert_eq!(run.stdout, "adr/0004-d.md\n", "{}", run.stderr);
    assert!(read(&dir, "adr/2024/0003-c.md").contains("Superseded by [4. D](../0004-d.md)"));
    lint_has_no_error(&dir);
}

#[test]
fn a_held_lock_times_out_naming_its_holder() {
    let dir = temp_dir("lock");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Proposed"));
    // Another process holds the lock and says nothing.
    let held = std::fs::File::open(dir.join("adr")).expect("open");
    held.lock().expect("lock");
    let run = adrift_guarded(&dir, &["new", "B"], &[("ADRIFT_LOCK_TIMEOUT", "0.3")])
        .expect("a held lock must not make adrift wait forever");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        flat(&run.stderr).contains(
            "the record directory adr is locked by another process, which did not say who it is; waited 0.3 s"
        ),
        "{}",
        run.stderr
    );
    drop(held);

    // An adrift holding it says who it is.
    let mut holder = std::process::Command::new(env!("CARGO_BIN_EXE_adrift"))
        .args(["status", "1", "accepted"])
        .current_dir(&dir)
        .env("ADRIFT_HOLD_LOCK", "20")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let note = dir.join("adr/.adrift-lock");
    let start = std::time::Instant::now();
    while !note.exists() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let run = adrift_guarded(&dir, &["new", "B"], &[("ADRIFT_LOCK_TIMEOUT", "0.5")]);
    let pid = holder.id();
    holder.kill().expect("kill the holder");
    holder.wait().expect("reap");
    let run = run.expect("a held lock must not make adrift wait forever");
    assert_eq!(run.code, 2, "{}", run.stdout);
    for needle in [
        format!(
            "the record directory adr is locked by another adrift command: process {pid} (`adrift status 1 accepted`), running since "
        ),
        "waited 0.5 s".to_string(),
        format!("if it is stuck, stop it with `kill {pid}`"),
    ] {
        assert!(
            flat(&run.stderr).contains(&needle),
            "{needle}: {}",
            run.stderr
        );
    }
    // Its note, left by a killed holder, does not outlive the next command.
    let run = adrift_guarded(&dir, &["new", "B"], &[]).expect("no hang");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(leftovers(&dir), Vec::<String>::new());

    let run = adrift(&dir, &["new", "C"]);
    assert_eq!(run.code, 0);
    let run = adrift_with_env(&dir, &["new", "D"], &[("ADRIFT_LOCK_TIMEOUT", "soon")]);
    assert_eq!(run.code, 2);
    assert!(
        flat(&run.stderr).contains("ADRIFT_LOCK_TIMEOUT=\"soon\" is not a number of seconds"),
        "{}",
        run.stderr
    );
}

/// A small collection every multi-file command has work in: 1 superseded
/// by 2, 2 and 3 relating, an index. With `one_way`, 2 does not say it
/// supersedes 1 (work for `lint --fix`).
fn interrupted_collection(name: &str, one_way: bool) -> std::path::PathBuf {
    let dir = temp_dir(name);
    write(
        &dir,
        "adr/0001-a.md",
        adr_tools_record(1, "A", "Superseded by [2. B](0002-b.md)"),
    );
    let supersedes = if one_way {
        ""
    } else {
        "Supersedes [1. A](0001-a.md)\n\n"
    };
    write(
        &dir,
        "adr/0002-b.md",
        adr_tools_record(
            2,
            "B",
            &format!("Accepted\n\n{supersedes}Relates to [3. C](0003-c.md)"),
        ),
    );
    write(
        &dir,
        "adr/0003-c.md",
        adr_tools_record(3, "C", "Accepted\n\nRelates to [2. B](0002-b.md)"),
    );
    assert_eq!(adrift(&dir, &["index"]).code, 0);
    dir
}

#[test]
fn an_interrupted_command_is_finished_by_the_next() {
    let commands: [&[&str]; 5] = [
        &["renumber", "2", "--to", "7"],
        &["new", "--supersedes", "2", "D"],
        &["supersede", "3", "--by", "2"],
        &["link", "3", "amends", "1"],
        &["lint", "--fix"],
    ];
    for (c, command) in commands.iter().enumerate() {
        let one_way = command[0] == "lint";
        // The command uninterrupted, then the next one (`lint --fix`); and
        // the next one alone.
        let done = interrupted_collection(&format!("done-{c}"), one_way);
        assert_eq!(adrift(&done, command).code, 0, "{command:?}");
        assert_eq!(adrift(&done, &["lint", "--fix"]).code, 0);
        let untouched = interrupted_collection(&format!("untouched-{c}"), one_way);
        assert_eq!(adrift(&untouched, &["lint", "--fix"]).code, 0);
        for (point, expected) in [
            ("after-journal", &done),
            ("after-write-1", &done),
            ("after-write-2", &done),
            ("after-write-3", &done),
            // Killed with a temporary file written: the first is the lock's
            // note (nothing changed yet), the second the journal's, the
            // third the first file's.
            ("temp-written-1", &untouched),
            ("temp-written-3", &done),
        ] {
            let dir = interrupted_collection(&format!("interrupted-{c}-{point}"), one_way);
            let run = adrift_with_env(&dir, command, &[("ADRIFT_CRASH", point)]);
            if !["after-write-3", "temp-written-3"].contains(&point) {
                assert_eq!(run.code, -1, "{command:?} was not killed at {point}");
            }
            let next = adrift(&dir, &["lint", "--fix"]);
            assert_eq!(
                next.code, 0,
                "{command:?} at {point}: {}{}",
                next.stdout, next.stderr
            );
            lint_has_no_error(&dir);
            assert_eq!(
                leftovers(&dir),
                Vec::<String>::new(),
                "{command:?} at {point}"
            );
            let (got, want) = (tree(&dir), tree(expected));
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{command:?} at {point}: {}",
                next.stderr
            );
            for (name, bytes) in &want {
                assert_eq!(
                    String::from_utf8_lossy(&got[name]),
                    String::from_utf8_lossy(bytes),
                    "{command:?} at {point}: {name}"
                );
            }
        }
    }
}

#[test]
fn only_stale_temporary_files_are_removed() {
    let dir = temp_dir("temporary-files");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Proposed"));
    let own = std::process::id();
    // A process id above Linux's largest (2^22) is never running.
    let dead = "adr/.0001-a.md.adrift-99999999-1700000000000000000.tmp";
    let living = format!("adr/.0001-a.md.adrift-{own}-1700000000000000000.tmp");
    write(&dir, dead, "half a record");
    write(&dir, "adr/2024/.0002-b.md.adrift-99999999-1.tmp", "half");
    write(&dir, &living, "being written");
    write(&dir, "adr/.notes.tmp", "not adrift's");
    write(&dir, "adr/.0001-a.md.adrift-x.tmp", "not adrift's either");
    let run = adrift(&dir, &["status", "1", "accepted"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "removed adr/.0001-a.md.adrift-99999999-1700000000000000000.tmp, a temporary file left by an interrupted adrift (process 99999999)\n\
         removed adr/2024/.0002-b.md.adrift-99999999-1.tmp, a temporary file left by an interrupted adrift (process 99999999)\n"
    );
    assert!(!dir.join(dead).exists());
    for kept in [
        living.as_str(),
        "adr/.notes.tmp",
        "adr/.0001-a.md.adrift-x.tmp",
    ] {
        assert!(dir.join(kept).exists(), "{kept} was removed");
    }
}

#[test]
fn lint_fix_never_links_a_record_to_itself_and_changes_nothing_twice() {
    let dir = temp_dir("fix-self");
    // Says it is superseded by itself: there is no link back to add.
    write(
        &dir,
        "adr/0001-a.md",
        adr_tools_record(1, "A", "Superseded by [1. A](0001-a.md)"),
    );
    // Superseded by 3, whose Status section is empty.
    write(
        &dir,
        "adr/0002-b.md",
        adr_tools_record(2, "B", "Superseded by [3. C](0003-c.md)"),
    );
    write(
        &dir,
        "adr/0003-c.md",
        "# 3. C\n\nDate: 2024-05-01\n\n## Status\n\n## Context\n\nWhy.\n",
    );
    let before = tree(&dir);
    let run = adrift(&dir, &["lint", "--fix"]);
    assert_eq!(
        run.stderr,
        "fixed adr/0003-c.md: added the link back: supersedes ADR-0002\n"
    );
    assert_eq!(
        read(&dir, "adr/0001-a.md"),
        *String::from_utf8_lossy(&before["adr/0001-a.md"])
    );
    assert_eq!(
        read(&dir, "adr/0003-c.md"),
        "# 3. C\n\nDate: 2024-05-01\n\n## Status\n\nSupersedes [2. B](0002-b.md)\n\n## Context\n\nWhy.\n"
    );
    let after = tree(&dir);
    for _ in 0..2 {
        let run = adrift(&dir, &["lint", "--fix"]);
        assert_eq!(run.stderr, "");
        assert_eq!(tree(&dir), after, "a second run changed something");
    }
}

#[test]
fn edits_keep_old_mac_line_endings() {
    let dir = temp_dir("cr-only");
    let cr = |text: String| text.replace('\n', "\r");
    write(
        &dir,
        "adr/0001-a.md",
        cr(adr_tools_record(1, "A", "Superseded by [2. B](0002-b.md)")),
    );
    write(
        &dir,
        "adr/0002-b.md",
        cr(adr_tools_record(2, "B", "Accepted")),
    );
    write(
        &dir,
        "adr/0003-c.md",
        cr(adr_tools_record(3, "C", "Proposed")),
    );
    let run = adrift(&dir, &["lint", "--fix"]);
    assert_eq!(
        run.stderr,
        "fixed adr/0002-b.md: added the link back: supersedes ADR-0001\n"
    );
    assert_eq!(
        read(&dir, "adr/0002-b.md"),
        cr(adr_tools_record(
            2,
            "B",
            "Accepted\n\nSupersedes [1. A](0001-a.md)"
        ))
    );
    assert_eq!(adrift(&dir, &["link", "3", "relates-to", "2"]).code, 0);
    assert_eq!(adrift(&dir, &["status", "3", "accepted"]).code, 0);
    assert_eq!(
        read(&dir, "adr/0003-c.md"),
        cr(adr_tools_record(
            3,
            "C",
            "Accepted\n\nRelates to [2. B](0002-b.md)"
        ))
    );
    for name in ["adr/0001-a.md", "adr/0002-b.md", "adr/0003-c.md"] {
        assert!(!read(&dir, name).contains('\n'), "{name} has a \\n");
    }
}

#[test]
fn numbers_past_a_million_are_written_so_they_read_back() {
    let dir = temp_dir("million");
    write(
        &dir,
        "adr/999999-big.md",
        adr_tools_record(999_999, "Big", "Accepted"),
    );
    let run = adrift(&dir, &["new", "Bigger"]);
    assert_eq!(run.stdout, "adr/1000000-bigger.md\n", "{}", run.stderr);
    assert!(read(&dir, "adr/1000000-bigger.md").starts_with("# 1000000. Bigger\n"));
    let list: serde_json::Value =
        serde_json::from_str(&adrift(&dir, &["list", "--format", "json"]).stdout).expect("JSON");
    let number = |path: &str| {
        list.as_array()
            .expect("array")
            .iter()
            .find(|r| r["path"] == path)
            .map(|r| r["number"].clone())
    };
    assert_eq!(
        number("adr/999999-big.md"),
        Some(serde_json::json!(999_999))
    );
    assert_eq!(
        number("adr/1000000-bigger.md"),
        Some(serde_json::json!(1_000_000)),
        "{list}"
    );
    let run = adrift(&dir, &["new", "Biggest"]);
    assert_eq!(run.stdout, "adr/1000001-biggest.md\n", "{}", run.stderr);
    let run = adrift(&dir, &["renumber", "1000001", "--to", "4294967295"]);
    assert_eq!(
        run.stdout, "moved adr/1000001-biggest.md to adr/4294967295-biggest.md\n",
        "{}",
        run.stderr
    );
    assert!(read(&dir, "adr/4294967295-biggest.md").starts_with("# 4294967295. Biggest\n"));
    let run = adrift(&dir, &["new", "Too many"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        flat(&run.stderr).contains("record numbers end at 4294967295"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_interrupted_change_never_overwrites_a_later_edit() {
    let dir = interrupted_collection("later-edit", false);
    let run = adrift_with_env(
        &dir,
        &["renumber", "2", "--to", "7"],
        &[("ADRIFT_CRASH", "after-write-1")],
    );
    assert_eq!(run.code, -1);
    assert!(dir.join("adr/0007-b.md").exists() && dir.join("adr/0002-b.md").exists());
    // Someone edits a record the renumbering had yet to rewrite.
    let edited = adr_tools_record(
        3,
        "C",
        "Accepted\n\nRelates to [2. B](0002-b.md)\n\nEdited.",
    );
    write(&dir, "adr/0003-c.md", &edited);
    let run = adrift(&dir, &["status", "7", "accepted"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        flat(&run.stderr),
        "finished the interrupted `adrift renumber 2 --to 7`: wrote adr/0001-a.md, adr/README.md; \
         left alone adr/0003-c.md (it changed since), adr/0002-b.md (kept): check them with `adrift lint`"
    );
    assert_eq!(read(&dir, "adr/0003-c.md"), edited, "the edit is kept");
    assert!(
        dir.join("adr/0002-b.md").exists(),
        "the old name stays while a link to it is left"
    );
    assert_eq!(leftovers(&dir), Vec::<String>::new());

    // A journal names only Markdown files inside the record directory.
    let dir = temp_dir("hostile-journal");
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Proposed"));
    write(
        &dir,
        "adr/.adrift-journal",
        r#"{"command":"adrift new X","entries":[
            {"path":"../escape.md","before":null,"after":"x"},
            {"path":"hooks/pre-commit","before":null,"after":"x"},
            {"path":"0002-x.md","before":null,"after":"x"},
            {"path":"0009-x.md","before":"fnv1a64:0000000000000000","after":null}]}"#,
    );
    std::fs::create_dir_all(dir.join("adr/hooks")).expect("mkdir");
    let run = adrift(&dir, &["status", "1", "accepted"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        flat(&run.stderr),
        "finished the interrupted `adrift new X`: wrote adr/0002-x.md; \
         left alone \"../escape.md\" (not a path adrift writes), \"hooks/pre-commit\" (not a path adrift writes): check them with `adrift lint`"
    );
    assert!(!dir.join("escape.md").exists() && !dir.join("adr/hooks/pre-commit").exists());
    assert_eq!(read(&dir, "adr/0002-x.md"), "x");
}
