//! Interoperability with the real adr-tools (`adr` on the PATH), both ways.
//! Behind the `interop` feature: `.ci/run` installs Debian's `adr-tools`
//! and runs `cargo test --features interop`.

use std::path::Path;
use std::process::Command;

use crate::support::{adrift, temp_dir};

fn adr(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("adr")
        .args(args)
        .current_dir(dir)
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .output()
        .expect("adr-tools is installed (Debian package adr-tools)");
    assert!(
        out.status.success(),
        "adr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("read"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn adrift_reads_what_adr_tools_writes() {
    let dir = temp_dir("interop-read");
    adr(&dir, &["init", "doc/adr"]);
    adr(&dir, &["new", "Use PostgreSQL for persistence"]);
    adr(&dir, &["new", "-s", "2", "Use MySQL instead"]);
    adr(&dir, &["new", "Log format"]);
    adr(&dir, &["link", "4", "Amends", "3", "Amended by"]);
    let run = adrift(&dir, &["lint", "--color", "never"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems found in 4 records\n")
    );
    let list: serde_json::Value =
        serde_json::from_str(&adrift(&dir, &["list", "--format", "json"]).stdout).expect("JSON");
    assert_eq!(list[1]["status"], "superseded");
    assert_eq!(list[1]["superseded_by"], serde_json::json!(["ADR-0003"]));
    assert_eq!(list[2]["supersedes"], serde_json::json!(["ADR-0002"]));
    assert_eq!(list[3]["dialect"], "adr-tools");
}

#[test]
fn adr_tools_reads_what_adrift_writes() {
    let dir = temp_dir("interop-write");
    adr(&dir, &["init", "doc/adr"]);
    let run = adrift(&dir, &["new", "Use PostgreSQL for persistence"]);
    assert_eq!(
        run.stdout,
        "doc/adr/0002-use-postgresql-for-persistence.md\n"
    );
    let list = adr(&dir, &["list"]);
    assert!(
        list.contains("doc/adr/0002-use-postgresql-for-persistence.md"),
        "{list}"
    );
    let toc = adr(&dir, &["generate", "toc"]);
    assert!(
        toc.contains(
            "* [2. Use PostgreSQL for persistence](0002-use-postgresql-for-persistence.md)"
        ),
        "{toc}"
    );
}

#[test]
fn adrift_new_supersedes_leaves_what_adr_new_s_would() {
    let by_adr = temp_dir("interop-adr");
    let by_adrift = temp_dir("interop-adrift");
    for dir in [&by_adr, &by_adrift] {
        adr(dir, &["init", "doc/adr"]);
        adr(dir, &["new", "Use PostgreSQL for persistence"]);
    }
    adr(&by_adr, &["new", "-s", "2", "Use MySQL instead"]);
    let run = adrift(
        &by_adrift,
        &["new", "--supersedes", "2", "Use MySQL instead"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files(&by_adrift.join("doc/adr")),
        files(&by_adr.join("doc/adr"))
    );
}

/// The SARIF Multitool (npm `@microsoft/sarif-multitool`), found through
/// `SARIF_MULTITOOL` (the native binary; `.ci/run` sets it).
fn sarif_multitool() -> std::path::PathBuf {
    std::env::var_os("SARIF_MULTITOOL")
        .map(Into::into)
        .expect("SARIF_MULTITOOL names the Sarif.Multitool binary (.ci/run installs it)")
}

#[test]
fn sarif_passes_the_multitool_with_githubs_rules() {
    let out_dir = temp_dir("sarif-validate");
    let fixtures = crate::support::fixtures();
    let cases: Vec<(std::path::PathBuf, Vec<&str>)> = vec![
        (fixtures.join("check/terraform"), vec!["check"]),
        (fixtures.join("check/cargo"), vec!["check"]),
        (fixtures.join("check/waiver-invalid"), vec!["check"]),
        (
            fixtures.join("lints/record-empty"),
            vec!["lint", "--adr-dir", "adr"],
        ),
        (
            fixtures.join("lints/lookalike-characters"),
            vec!["lint", "--adr-dir", "adr"],
        ),
        (
            fixtures.join("lints/file-unreadable"),
            vec!["lint", "--adr-dir", "adr"],
        ),
    ];
    for (i, (dir, args)) in cases.iter().enumerate() {
        let mut args = args.clone();
        args.extend(["--format", "sarif"]);
        let run = adrift(dir, &args);
        let input = out_dir.join(format!("case-{i}.sarif"));
        std::fs::write(&input, &run.stdout).expect("write");
        let report = out_dir.join(format!("case-{i}.validation.sarif"));
        let status = Command::new(sarif_multitool())
            .args(["validate", "--rule-kind", "Gh;Sarif", "-o"])
            .arg(&report)
            .arg(&input)
            .status()
            .expect("run the SARIF Multitool");
        assert!(status.success(), "{dir:?}");
        let validation: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("JSON");
        let problems: Vec<String> = validation["runs"][0]["results"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|x| format!("{} {}: {}", x["level"], x["ruleId"], x["message"]))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            problems.is_empty(),
            "{dir:?} {args:?}:\n{}",
            problems.join("\n")
        );
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "adrift tests")
        .env("GIT_AUTHOR_EMAIL", "tests@adrift.invalid")
        .env("GIT_COMMITTER_NAME", "adrift tests")
        .env("GIT_COMMITTER_EMAIL", "tests@adrift.invalid")
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// `pre-commit try-repo` (PyPI `pre-commit`) on a local clone of this
/// repository, in a sample repository: the hooks build adrift with cargo
/// (`language: rust`) and fail on drift, then pass once it is gone.
#[test]
fn the_pre_commit_hooks_fail_on_drift_and_pass_without_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    // A clone at a fixed path, so pre-commit reuses the environment it built
    // for this commit.
    let clone = target.join("pre-commit-clone");
    let _ = std::fs::remove_dir_all(&clone);
    let status = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(root)
        .arg(&clone)
        .status()
        .expect("git clone");
    assert!(status.success());

    let sample = temp_dir("pre-commit-sample");
    crate::support::write(&sample, "adrift.toml", "");
    crate::support::write(
        &sample,
        "adr/ADR-0012-no-database.md",
        "# ADR-0012: No database\n\n## Status\n\nAccepted\n\n## Date\n\n2026-01-23\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    crate::support::write(
        &sample,
        "rules/no-persistence.toml",
        "id = \"no-persistence\"\ndecision = \"ADR-0012\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    crate::support::write(
        &sample,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n",
    );
    git(&sample, &["init", "--quiet"]);
    git(&sample, &["add", "-A"]);
    git(&sample, &["commit", "--quiet", "-m", "sample"]);

    // `try-repo` builds the hooks in a fresh store each time; a shared
    // cargo target directory keeps the second build short.
    let try_repo = || {
        let out = Command::new("pre-commit")
            .args(["try-repo"])
            .arg(&clone)
            .args(["--all-files", "--color", "never"])
            .current_dir(&sample)
            .env("CARGO_TARGET_DIR", target.join("pre-commit-cargo-target"))
            // The hooks' behaviour is under test, not the optimiser: the
            // release profile's fat LTO would triple this build.
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .output()
            .expect("pre-commit is installed (PyPI pre-commit)");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    // Drift, and a record with no title: both hooks fail.
    crate::support::write(&sample, "adr/ADR-0013-broken.md", "## Status\n\nAccepted\n");
    git(&sample, &["add", "-A"]);
    let (code, out) = try_repo();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("adrift lint (decision records)....") && out.contains("Failed"),
        "{out}"
    );
    assert!(out.contains("record has no title"), "{out}");
    assert!(
        out.contains("resource \"aws_db_instance\" \"main\" contradicts ADR-0012: no database"),
        "{out}"
    );

    // Drift gone, record fixed: both pass.
    crate::support::write(
        &sample,
        "infra/main.tf",
        "resource \"aws_ecs_service\" \"api\" {}\n",
    );
    std::fs::remove_file(sample.join("adr/ADR-0013-broken.md")).expect("remove");
    git(&sample, &["add", "-A"]);
    git(&sample, &["commit", "--quiet", "-m", "no database"]);
    let (code, out) = try_repo();
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out.matches("Passed").count(), 2, "{out}");
}
