//! `check --changed-since REF` and `lint --against REF`, in real git
//! repositories made here. git must be installed (it is in CI): a missing
//! git fails these tests loudly, it never skips them.

use std::path::Path;
use std::process::Command;

use crate::support::{adr_tools_record, adrift, adrift_with_env, gated_project, temp_dir, write};

/// Runs git in `dir` as a fixed author, without signing; panics (with
/// git's own words) when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=adrift tests",
            "-c",
            "user.email=tests@adrift.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git must be installed to run these tests (it is in CI)");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// (code, path) of every finding of a JSON report.
fn found(stdout: &str) -> Vec<(String, String)> {
    json(stdout)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const NO_DB: &str = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[terraform]\nresources = [\"aws_db_instance\"]\n";

fn db(name: &str) -> String {
    format!("resource \"aws_db_instance\" \"{name}\" {{}}\n")
}

/// Only what this branch changed is scanned: committed, staged, modified
/// and untracked files; not what the other branch changed since the two
/// met, and not what was already there. Every record is still linted.
#[test]
fn changed_since_scans_what_this_branch_changed_since_the_merge_base() {
    let dir = gated_project("changed-since", NO_DB);
    // A record with a lint problem that this branch never touches.
    write(&dir, "adr/0002-draft.md", "# 2. Draft\n");
    write(&dir, "old/main.tf", db("old"));
    write(&dir, "staged/main.tf", "# nothing yet\n");
    write(&dir, "modified/main.tf", "# nothing yet\n");
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    write(&dir, "committed/main.tf", db("committed"));
    commit_all(&dir, "feature");
    // main moves on (it removes old/'s drift): its change is not this
    // branch's, though old/main.tf now differs between main and here.
    git(&dir, &["checkout", "-q", "main"]);
    write(&dir, "old/main.tf", "# fixed on main\n");
    commit_all(&dir, "main moves on");
    git(&dir, &["checkout", "-q", "feature"]);
    write(&dir, "staged/main.tf", db("staged"));
    git(&dir, &["add", "staged/main.tf"]);
    write(&dir, "modified/main.tf", db("modified"));
    write(&dir, "untracked/main.tf", db("untracked"));

    let run = adrift(
        &dir,
        &["check", "--format", "json", "--changed-since", "main"],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let mut paths: Vec<(String, String)> = found(&run.stdout)
        .into_iter()
        .filter(|(code, _)| code == "no-db")
        .collect();
    paths.sort();
    let expected: Vec<(String, String)> = ["committed", "modified", "staged", "untracked"]
        .iter()
        .map(|d| ("no-db".to_string(), format!("{d}/main.tf")))
        .collect();
    assert_eq!(paths, expected, "{}", run.stdout);
    assert!(
        found(&run.stdout)
            .iter()
            .any(|(code, path)| code == "section-missing" && path == "adr/0002-draft.md"),
        "every record is linted: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("4 files changed since main"),
        "{}",
        run.stderr
    );
    // The whole check sees old/ too.
    let all = adrift(&dir, &["check", "--format", "json"]);
    assert!(found(&all.stdout).iter().any(|(_, p)| p == "old/main.tf"));
}

/// `check --changed-since REF` in JSON: exit 1 with a `code` finding in
/// `path`; the run, for what else the test asks of it.
fn fails_on(dir: &Path, rev: &str, code: &str, path: &str) -> crate::support::Run {
    let run = adrift(dir, &["check", "--format", "json", "--changed-since", rev]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        found(&run.stdout)
            .iter()
            .any(|(c, p)| c == code && p == path),
        "no {code} in {path}: {}",
        run.stdout
    );
    run
}

/// What governs the check changing reaches every file: a decision accepted
/// on this branch, a rule added, a decision retired (a citation in an
/// unchanged file goes stale). `--changed-since` then checks the whole
/// project, and says why, rather than pass drift it never looked at.
#[test]
fn a_changed_decision_or_rule_checks_the_whole_project() {
    let dir = gated_project("changed-governing", NO_DB);
    write(
        &dir,
        "adr/0001-stateless.md",
        adr_tools_record(1, "Stateless", "Proposed"),
    );
    write(&dir, "infra/main.tf", db("old"));
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    git(&dir, &["checkout", "-q", "-b", "feature"]);

    // Nothing changed: nothing scanned, the proposed rule only warns.
    let quiet = adrift(&dir, &["check", "--changed-since", "main"]);
    assert_eq!(quiet.code, 0, "{}\n{}", quiet.stdout, quiet.stderr);

    // The decision is accepted on this branch: infra/main.tf now drifts.
    write(
        &dir,
        "adr/0001-stateless.md",
        adr_tools_record(1, "Stateless", "Accepted"),
    );
    let run = fails_on(&dir, "main", "no-db", "infra/main.tf");
    assert!(
        run.stderr
            .contains("adr/0001-stateless.md changed since main")
            && run.stderr.contains("checking the whole project"),
        "{}",
        run.stderr
    );
    commit_all(&dir, "accept");

    // A rule file added on a later branch reaches unchanged files too.
    git(&dir, &["checkout", "-q", "-b", "rule"]);
    write(
        &dir,
        "infra/main.tf",
        "resource \"aws_dynamodb_table\" \"t\" {}\n",
    );
    commit_all(&dir, "a table, allowed so far");
    git(&dir, &["checkout", "-q", "-b", "stricter"]);
    write(
        &dir,
        "rules/tables.toml",
        "id = \"no-tables\"\ndecision = \"1\"\nmessage = \"no tables\"\n[terraform]\nresources = [\"aws_dynamodb_table\"]\n",
    );
    fails_on(&dir, "rule", "no-tables", "infra/main.tf");
    commit_all(&dir, "stricter");

    // A baseline holds the table; a later branch takes the entry out.
    let held = adrift(&dir, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(held.code, 0, "{}{}", held.stdout, held.stderr);
    write(&dir, "adrift.toml", "baseline = \"baseline.json\"\n");
    commit_all(&dir, "baseline");
    git(&dir, &["checkout", "-q", "-b", "unheld"]);
    write(
        &dir,
        "baseline.json",
        std::fs::read_to_string(dir.join("baseline.json"))
            .unwrap()
            .replace("no-tables", "no-tables-gone"),
    );
    let run = fails_on(&dir, "stricter", "no-tables", "infra/main.tf");
    assert!(
        run.stderr.contains("baseline.json changed"),
        "{}",
        run.stderr
    );
}

/// A changed file no ecosystem reads by its name, read as an include
/// (`-r deps.txt`, setuptools' `file:`), brings along what includes it: its
/// finding is reported. A changed file nothing includes brings nothing.
#[test]
fn a_changed_include_of_any_name_is_checked() {
    let rule = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[python]\npackages = [\"sqlalchemy\"]\n";
    let dir = gated_project("changed-include", rule);
    write(&dir, "service/requirements.txt", "-r deps.txt\n");
    write(&dir, "service/deps.txt", "fastapi\n");
    write(&dir, "service/notes.txt", "nothing\n");
    write(&dir, "old/requirements.txt", "sqlalchemy\n");
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    write(&dir, "service/notes.txt", "sqlalchemy, one day\n");
    let quiet = adrift(&dir, &["check", "--changed-since", "HEAD"]);
    assert_eq!(quiet.code, 0, "{}\n{}", quiet.stdout, quiet.stderr);
    write(&dir, "service/deps.txt", "fastapi\nsqlalchemy\n");
    fails_on(&dir, "HEAD", "no-db", "service/deps.txt");
}

/// A lock file's change reaches the manifests it is read with: a changed
/// Cargo.lock rescans the Cargo tree, whose unchanged manifests then hold
/// the finding.
#[test]
fn a_changed_lock_rescans_its_manifests() {
    let rule = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[cargo]\ncrates = [\"redis\"]\n";
    let dir = gated_project("changed-lock", rule);
    let lock = |reaches: bool| {
        format!(
            "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"0.1.0\"\ndependencies = [\n \"kit\",\n]\n\n[[package]]\nname = \"kit\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n{}\n[[package]]\nname = \"redis\"\nversion = \"0.27.6\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
            if reaches {
                "dependencies = [\n \"redis\",\n]\n"
            } else {
                ""
            }
        )
    };
    write(
        &dir,
        "a/Cargo.toml",
        "[package]\nname = \"a\"\nversion = \"0.1.0\"\n\n[dependencies]\nkit = \"1\"\n",
    );
    write(&dir, "a/Cargo.lock", lock(false));
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    let run = adrift(
        &dir,
        &["check", "--format", "json", "--changed-since", "HEAD"],
    );
    assert_eq!(
        run.code, 0,
        "nothing changed, nothing found: {}",
        run.stdout
    );
    write(&dir, "a/Cargo.lock", lock(true));
    let run = adrift(
        &dir,
        &["check", "--format", "json", "--changed-since", "HEAD"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        found(&run.stdout)
            .iter()
            .any(|(code, path)| code == "no-db" && path == "a/Cargo.toml"),
        "{}",
        run.stdout
    );
}

/// No repository, an unknown revision, no git: exit 2 with a way out,
/// never a verdict on no files.
#[test]
fn changed_since_fails_closed() {
    let dir = gated_project("changed-errors", NO_DB);
    write(&dir, "main.tf", db("x"));
    let run = adrift(&dir, &["check", "--changed-since", "main"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("needs a git repository"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("without --changed-since"),
        "{}",
        run.stderr
    );

    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    for rev in ["no-such-branch", "--output=x"] {
        let run = adrift(&dir, &["check", &format!("--changed-since={rev}")]);
        assert_eq!(run.code, 2, "{rev}: {}", run.stdout);
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains("unknown revision"), "{}", run.stderr);
        assert!(run.stderr.contains("git fetch"), "{}", run.stderr);
    }
    assert!(!dir.join("x").exists());

    let run = adrift_with_env(
        &dir,
        &["check", "--changed-since", "HEAD"],
        &[("PATH", "/nonexistent")],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("needs git"), "{}", run.stderr);

    // A baseline written from part of the project would hold part of it.
    let run = adrift(
        &dir,
        &[
            "check",
            "--changed-since",
            "HEAD",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(run.code, 2);
}

fn record_repo(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-record-decisions.md",
        adr_tools_record(1, "Record decisions", "Accepted"),
    );
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    dir
}

/// Two branches that both wrote record 2: each is told of the other's,
/// with its title and path, at its own record's title.
#[test]
fn against_reports_a_number_both_branches_added() {
    let dir = record_repo("against");
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    write(
        &dir,
        "adr/0002-queue-with-sqs.md",
        adr_tools_record(2, "Queue with SQS", "Proposed"),
    );
    commit_all(&dir, "sqs");
    git(&dir, &["checkout", "-q", "main"]);
    write(
        &dir,
        "adr/0002-use-kafka.md",
        adr_tools_record(2, "Use Kafka", "Accepted"),
    );
    commit_all(&dir, "kafka");
    git(&dir, &["checkout", "-q", "feature"]);

    let run = adrift(&dir, &["lint", "--color", "never", "--against", "main"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("number-collision\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "ADR-0002 \"Queue with SQS\" takes number 2, which main also gave to ADR-0002 \"Use Kafka\""
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("(adr/0002-use-kafka.md)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("adr/0002-queue-with-sqs.md:1:3"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("adrift renumber 2 --to 3"),
        "{}",
        run.stdout
    );

    // Without --against, the branch alone is fine.
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The code is chosen like any other.
    let run = adrift(
        &dir,
        &["lint", "--against", "main", "--ignore", "number-collision"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = adrift(&dir, &["lint", "--against", "main", "--format", "sarif"]);
    assert!(
        run.stdout.contains("\"id\": \"number-collision\""),
        "{}",
        run.stdout
    );
}

/// Not collisions: a record both branches got from the same commit, a
/// record REF added under another number, records of the merge base, an
/// uncommitted record of this branch against a REF that added nothing.
#[test]
fn against_leaves_alone_what_is_no_collision() {
    let dir = record_repo("against-none");
    write(
        &dir,
        "adr/0002-shared.md",
        adr_tools_record(2, "Shared", "Accepted"),
    );
    commit_all(&dir, "shared");
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    git(&dir, &["checkout", "-q", "main"]);
    write(
        &dir,
        "adr/0003-cherry.md",
        adr_tools_record(3, "Cherry", "Accepted"),
    );
    write(
        &dir,
        "adr/0004-mains.md",
        adr_tools_record(4, "Main's", "Accepted"),
    );
    commit_all(&dir, "main adds 3 and 4");
    git(&dir, &["checkout", "-q", "feature"]);
    write(
        &dir,
        "adr/0003-cherry.md",
        adr_tools_record(3, "Cherry", "Accepted"),
    );
    write(
        &dir,
        "adr/0005-ours.md",
        adr_tools_record(5, "Ours", "Accepted"),
    );
    let run = adrift(&dir, &["lint", "--color", "never", "--against", "main"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("number-collision"), "{}", run.stdout);
    // The same number written differently is one.
    write(
        &dir,
        "adr/0004-ours-too.md",
        adr_tools_record(4, "Ours too", "Accepted"),
    );
    let run = adrift(&dir, &["lint", "--color", "never", "--against", "main"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("\"Main's\""), "{}", run.stdout);
}

/// An unknown REF, or no repository: exit 2 with a way out.
#[test]
fn against_fails_closed() {
    let dir = record_repo("against-errors");
    let run = adrift(&dir, &["lint", "--against", "origin/nope"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("unknown revision \"origin/nope\""),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(dir.join(".git")).unwrap();
    let run = adrift(&dir, &["lint", "--against", "main"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("needs a git repository"),
        "{}",
        run.stderr
    );
}

/// A baseline's entries for files a partial check did not scan are not
/// "unmatched": only entries of the files it read can be.
#[test]
fn changed_since_leaves_the_baseline_of_unscanned_files_alone() {
    let dir = gated_project("changed-baseline", NO_DB);
    write(&dir, "old/main.tf", db("old"));
    write(&dir, "gone/main.tf", db("gone"));
    let run = adrift(&dir, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "base");
    // This branch fixes gone/: its entry is unmatched; old/'s is not looked at.
    write(&dir, "gone/main.tf", "# fixed\n");
    let run = adrift(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--changed-since",
            "HEAD",
            "--baseline",
            "baseline.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let unmatched: Vec<String> = json(&run.stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "baseline-unmatched")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert!(unmatched[0].contains("gone/main.tf"), "{unmatched:?}");
}
