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
