//! Cargo: the paths from a member to a banned crate, as the member really
//! builds them. `tests/fixtures/check/cargo-walk` is walked through its
//! lock (its packages have no sources, so `cargo metadata` cannot load
//! them); `tests/fixtures/check/cargo-features` holds path crates only, so
//! `cargo metadata --offline` resolves it anywhere, and features decide.

use std::path::{Path, PathBuf};

use crate::support::{
    adrift, adrift_with_env, check_findings, fixtures, gated_project, snapshot, write,
};

/// (path, line, message) of each finding (covered declarations as
/// `covered: …`), the exit code and the summary.
fn findings(
    dir: &Path,
    env: &[(&str, &str)],
) -> (i32, Vec<(String, u64, String)>, serde_json::Value) {
    check_findings(dir, env)
}

fn human_snapshot(dir: &Path, expected: &str, env: &[(&str, &str)]) -> i32 {
    let run = adrift_with_env(dir, &["check", "--color", "never"], env);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    snapshot(&dir.join(expected), &run.stdout);
    run.code
}

/// The cargo that runs the tests (a toolchain's own, not a rustup proxy).
fn real_cargo() -> String {
    std::env::var("CARGO")
        .ok()
        .or_else(|| option_env!("CARGO").map(str::to_string))
        .unwrap_or_else(|| "cargo".to_string())
}

const STATELESS: &str = "the platform is stateless: no database or persistence layer";

fn walk_fixture() -> PathBuf {
    fixtures().join("check/cargo-walk")
}

#[test]
fn cargo_walk_fixture_snapshot() {
    assert_eq!(human_snapshot(&walk_fixture(), "expected.txt", &[]), 1);
}

/// api's dev-dependency db-test-kit and its dependency orm-kit both lead to
/// sqlx; the dev path came first in the lock and hid the normal one.
#[test]
fn a_dev_dependency_does_not_hide_the_normal_path() {
    let (_, found, _) = findings(&walk_fixture(), &[]);
    let api: Vec<(u64, &str)> = found
        .iter()
        .filter(|(p, _, _)| p == "api/Cargo.toml")
        .map(|(_, l, m)| (*l, m.as_str()))
        .collect();
    assert_eq!(
        api,
        [(
            7,
            format!("crate \"sqlx\" 0.8.2 contradicts ADR-0012: {STATELESS} (reached through api → orm-kit 1.0.0 → sqlx 0.8.2 in Cargo.lock with features unified)").as_str()
        )]
    );
}

/// worker's waiver on rusqlite covers rusqlite (and libsqlite3-sys through
/// it), not libsqlite3-sys through sqlite-cache.
#[test]
fn a_waiver_covers_only_the_path_it_sits_on() {
    let (_, found, summary) = findings(&walk_fixture(), &[]);
    let worker: Vec<(u64, &str)> = found
        .iter()
        .filter(|(p, _, _)| p == "worker/Cargo.toml")
        .map(|(_, l, m)| (*l, m.as_str()))
        .collect();
    assert_eq!(
        worker,
        [(
            9,
            format!("crate \"libsqlite3-sys\" 0.28.0 contradicts ADR-0012: {STATELESS} (reached through worker → sqlite-cache 1.2.0 → libsqlite3-sys 0.28.0 in Cargo.lock with features unified)").as_str()
        )]
    );
    assert_eq!(summary["waived"], 1);
}

/// store's dev-dependency test-db leads to sqlx; web, which depends on
/// store, never builds it. store's build-dependency schema-gen leads to
/// redis, and web builds that (on the host): reported, marked (build).
#[test]
fn an_intermediate_crates_dev_dependencies_are_not_followed_and_build_ones_are() {
    let (_, found, _) = findings(&walk_fixture(), &[]);
    let web: Vec<(u64, &str)> = found
        .iter()
        .filter(|(p, _, _)| p == "web/Cargo.toml")
        .map(|(_, l, m)| (*l, m.as_str()))
        .collect();
    // The same redis store reaches itself: one finding, at store, that
    // covers web's path.
    assert_eq!(
        web,
        [(
            7,
            "covered: crate \"redis\" 0.27.6 (reached through web → store 0.1.0 → schema-gen 1.0.0 (build) → redis 0.27.6 in Cargo.lock with features unified)"
        )]
    );
    assert!(
        !found
            .iter()
            .any(|(_, _, m)| m.contains("test-db") && !m.starts_with("dev")),
        "{found:?}"
    );
}

fn features_fixture() -> PathBuf {
    fixtures().join("check/cargo-features")
}

/// store turns sqlx on with its feature `db`; worker asks for it, api does
/// not. cargo resolves the workspace offline (path crates only), so api's
/// graph has no sqlx and nothing is reported for it.
#[test]
fn features_decide_when_cargo_resolves_the_workspace() {
    let cargo = real_cargo();
    let env = [("ADRIFT_CARGO", cargo.as_str())];
    assert_eq!(human_snapshot(&features_fixture(), "expected.txt", &env), 1);
    let (_, found, _) = findings(&features_fixture(), &env);
    let got: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(p, l, m)| (p.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "store/Cargo.toml",
                7,
                format!("dependency \"sqlx\" contradicts ADR-0012: {STATELESS} (optional: turned on by feature `db`)").as_str()
            ),
            (
                "worker/Cargo.toml",
                7,
                format!("crate \"sqlx\" 0.8.0 contradicts ADR-0012: {STATELESS} (reached through worker → store 0.1.0 → sqlx 0.8.0)").as_str()
            ),
        ]
    );
}

/// Without cargo the lock is walked: it resolves every feature, so api's
/// path through store is reported, and the note says where it holds.
#[test]
fn without_cargo_the_lock_is_walked_and_the_note_says_so() {
    for cargo in ["off", "/nonexistent/cargo"] {
        let (code, found, _) = findings(&features_fixture(), &[("ADRIFT_CARGO", cargo)]);
        assert_eq!(code, 1);
        let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.starts_with("crate \"sqlx\" 0.8.0 contradicts") && m.contains("(reached through api → store 0.1.0 → sqlx 0.8.0 in Cargo.lock with features unified)")),
            "{cargo}: {messages:#?}"
        );
        assert_eq!(messages.len(), 3, "{cargo}: {messages:#?}");
    }
}

/// A stand-in for cargo that records its arguments and prints `output`.
fn fake_cargo(dir: &Path, output: &str) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join("cargo-calls.log");
    let script = write(
        dir,
        "bin/fake-cargo",
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nprintf '%s' '{output}'\n[ -n '{output}' ] || exit 101\n",
            log.display()
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (script, log)
}

const RULE: &str =
    "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[cargo]\ncrates = [\"redis\"]\n";

fn two_member_workspace(dir: &Path, lock_reaches_redis: bool) {
    write(
        dir,
        "ws/Cargo.toml",
        "[workspace]\nmembers = [\"a\", \"b\"]\n",
    );
    for m in ["a", "b"] {
        write(
            dir,
            &format!("ws/{m}/Cargo.toml"),
            format!(
                "[package]\nname = \"{m}\"\nversion = \"0.1.0\"\n\n[dependencies]\nkit = \"1\"\n"
            ),
        );
    }
    let kit_deps = if lock_reaches_redis {
        "dependencies = [\n \"redis\",\n]\n"
    } else {
        ""
    };
    write(
        dir,
        "ws/Cargo.lock",
        format!(
            "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"0.1.0\"\ndependencies = [\n \"kit\",\n]\n\n[[package]]\nname = \"b\"\nversion = \"0.1.0\"\ndependencies = [\n \"kit\",\n]\n\n[[package]]\nname = \"kit\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n{kit_deps}\n[[package]]\nname = \"redis\"\nversion = \"0.27.6\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        ),
    );
}

/// cargo is asked once per workspace root (not once per member), offline,
/// never allowed to write the lock, and only when the lock holds a path to
/// a wanted crate; when it fails, the lock's findings stand.
#[test]
fn cargo_metadata_runs_once_per_workspace_and_only_when_the_lock_reaches_a_banned_crate() {
    let dir = gated_project("cargo-once", RULE);
    two_member_workspace(&dir, true);
    let (script, log) = fake_cargo(&dir, "");
    let (code, found, _) = findings(&dir, &[("ADRIFT_CARGO", script.to_str().unwrap())]);
    assert_eq!(code, 1);
    // One finding for the crate, covering the other member's path.
    assert_eq!(found.len(), 2, "one per member: {found:?}");
    assert!(
        found[0]
            .2
            .ends_with("in Cargo.lock with features unified) (one finding for 2 declarations)"),
        "{found:?}"
    );
    assert!(found[1].2.starts_with("covered: "), "{found:?}");
    assert!(
        found
            .iter()
            .all(|(_, _, m)| m.contains("in Cargo.lock with features unified)"))
    );
    let calls = std::fs::read_to_string(&log).expect("cargo was called");
    let root = std::fs::canonicalize(dir.join("ws")).unwrap();
    assert_eq!(
        calls,
        format!(
            "metadata --format-version 1 --offline --locked --all-features --manifest-path {}\n",
            root.join("Cargo.toml").display()
        )
    );

    let dir = gated_project("cargo-never", RULE);
    two_member_workspace(&dir, false);
    let (script, log) = fake_cargo(&dir, "");
    let (code, _, _) = findings(&dir, &[("ADRIFT_CARGO", script.to_str().unwrap())]);
    assert_eq!(code, 0);
    assert!(!log.exists(), "no path to redis, no cargo call");
}

/// Output cargo would not print, or the graph of another workspace (the
/// lock's directory is not the root cargo found), is not used.
#[test]
fn cargo_output_that_does_not_fit_falls_back_to_the_lock() {
    for output in [
        "not json",
        "{\"workspace_root\":\"/elsewhere\",\"packages\":[],\"resolve\":{\"nodes\":[]}}",
    ] {
        let dir = gated_project("cargo-misfit", RULE);
        two_member_workspace(&dir, true);
        let (script, _) = fake_cargo(&dir, output);
        let (_, found, _) = findings(&dir, &[("ADRIFT_CARGO", script.to_str().unwrap())]);
        assert_eq!(found.len(), 2, "{output}: {found:?}");
    }
}

/// `[target.'cfg(..)'.dev_dependencies]` and `build_dependencies` are read
/// like the top-level underscore forms.
#[test]
fn target_tables_read_the_underscore_forms() {
    let dir = gated_project(
        "cargo-underscore",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[cargo]\ncrates = [\"rusqlite\", \"redis\"]\ndev = true\n",
    );
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[target.'cfg(unix)'.dev_dependencies]\nrusqlite = \"0.31\"\n\n[target.'cfg(windows)'.build_dependencies]\nredis = \"0.27\"\n",
    );
    let (code, found, _) = findings(&dir, &[]);
    assert_eq!(code, 1);
    let got: Vec<(u64, &str)> = found.iter().map(|(_, l, m)| (*l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                6,
                "dev-dependency \"rusqlite\" for target cfg(unix) contradicts ADR-0001: no database"
            ),
            (
                9,
                "build-dependency \"redis\" for target cfg(windows) contradicts ADR-0001: no database"
            ),
        ]
    );
}

/// A manifest cargo rejects is a located parse-error, and what can be read
/// of it is still checked.
#[test]
fn manifests_cargo_rejects_are_located_parse_errors() {
    let dir = gated_project("cargo-rejects", RULE);
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\nredis = 27\ncache = { workspace = true }\n\n[dev-dependencies]\nmock = { version = \"1\", optional = true }\n",
    );
    let (code, found, _) = findings(&dir, &[]);
    assert_eq!(code, 1);
    let got: Vec<(u64, &str)> = found.iter().map(|(_, l, m)| (*l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (6, "dependency \"redis\" contradicts ADR-0001: no database"),
            (
                6,
                "cannot read Cargo.toml: `dependencies.redis` must be a version string like \"0.8\" or a table, not an integer"
            ),
            (
                7,
                "cannot read Cargo.toml: `cache` inherits from the workspace (`workspace = true`), but no workspace root (a Cargo.toml with `[workspace]`) was read above it; scan the root too"
            ),
            (
                10,
                "cannot read Cargo.toml: dev-dependencies cannot be optional: `dev-dependencies.mock` sets `optional = true`"
            ),
        ]
    );
    let run = adrift(&dir, &["check", "--format", "compact"]);
    assert!(
        run.stdout.contains("Cargo.toml:6:9: error parse-error"),
        "{}",
        run.stdout
    );
}

/// A lock entry that names no package is a located parse-error, not a
/// silently missing edge.
#[test]
fn lock_entries_that_name_no_package_are_parse_errors() {
    let dir = gated_project("cargo-lock-ghost", RULE);
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\nkit = \"1\"\n",
    );
    write(
        &dir,
        "Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"x\"\nversion = \"0.1.0\"\ndependencies = [\n \"kit 2.0.0\",\n]\n\n[[package]]\nname = \"kit\"\nversion = \"1.0.0\"\n",
    );
    let (code, found, _) = findings(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "Cargo.lock".to_string(),
            7,
            "cannot read Cargo.lock: x depends on \"kit 2.0.0\", which is no package in Cargo.lock"
                .to_string()
        )]
    );
}

/// `[workspace.dependencies]` renames reach every table that inherits them,
/// target tables included.
#[test]
fn workspace_renames_are_inherited_in_every_table() {
    let dir = gated_project("cargo-inherit", RULE);
    write(
        &dir,
        "Cargo.toml",
        "[workspace]\nmembers = [\"m\"]\n\n[workspace.dependencies]\ncache = { package = \"redis\", version = \"0.27\" }\n",
    );
    write(
        &dir,
        "m/Cargo.toml",
        "[package]\nname = \"m\"\nversion = \"0.1.0\"\n\n[target.'cfg(unix)'.build_dependencies]\ncache.workspace = true\n",
    );
    let (_, found, _) = findings(&dir, &[]);
    let got: Vec<(&str, u64, &str)> = found
        .iter()
        .map(|(p, l, m)| (p.as_str(), *l, m.as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            "m/Cargo.toml",
            6,
            "build-dependency \"cache\" (package \"redis\") for target cfg(unix) contradicts ADR-0001: no database"
        )]
    );
}

/// A gate never runs what the project brings: `cargo metadata` honours the
/// project's `.cargo/config.toml`, so it runs only when the CI owner asks
/// (`ADRIFT_CARGO`), never because a `cargo` is on `PATH`.
#[test]
fn cargo_is_not_run_unless_asked_for() {
    let dir = gated_project("cargo-opt-in", RULE);
    two_member_workspace(&dir, true);
    let (script, log) = fake_cargo(&dir, "");
    let bin = dir.join("path-bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    std::os::unix::fs::symlink(&script, bin.join("cargo")).expect("symlink");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (code, found, _) = findings(&dir, &[("PATH", path.as_str())]);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(!log.exists(), "cargo ran without being asked for");
    // `on` runs the cargo on PATH.
    let (_, _, _) = findings(&dir, &[("PATH", path.as_str()), ("ADRIFT_CARGO", "on")]);
    assert!(log.exists(), "ADRIFT_CARGO=on runs cargo");
}
