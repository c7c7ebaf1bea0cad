//! Running the binary, temporary directories and snapshots.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs `adrift` with `args` in `dir`, without colour and without any
/// environment that could change its output.
pub fn adrift(dir: &Path, args: &[&str]) -> Run {
    adrift_with_env(dir, args, &[])
}

pub fn adrift_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_adrift"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("adrift runs");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code().unwrap_or(-1),
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fresh, empty directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // Outside the repository, so that its own adrift.toml is not found.
    let dir = std::env::temp_dir().join(format!("adrift-it-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn write(dir: &Path, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, contents).expect("write");
    path
}

/// Compares `actual` with the snapshot file; with `ADRIFT_BLESS=1`, writes it.
pub fn snapshot(path: &Path, actual: &str) {
    if std::env::var_os("ADRIFT_BLESS").is_some() {
        std::fs::write(path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "no snapshot at {}; run with ADRIFT_BLESS=1 to create it. Output:\n{actual}",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "snapshot {} differs (ADRIFT_BLESS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

/// A valid adr-tools record.
pub fn adr_tools_record(number: u32, title: &str, status: &str) -> String {
    format!(
        "# {number}. {title}\n\nDate: 2024-05-01\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n"
    )
}

/// A project of its own: an `adrift.toml`, one accepted adr-tools record
/// (`1. Stateless`) and the rule file `rules/r.toml` with `rule`.
pub fn gated_project(name: &str, rule: &str) -> PathBuf {
    let dir = temp_dir(name);
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-stateless.md",
        adr_tools_record(1, "Stateless", "Accepted"),
    );
    write(&dir, "rules/r.toml", rule);
    dir
}

/// Runs `adrift` with a hang guard: `None` when it has not finished after
/// `seconds` (it is then killed). For tests whose bug is a hang, never to
/// measure speed.
pub fn adrift_guarded(dir: &Path, args: &[&str], seconds: u64) -> Option<Run> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_adrift"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("adrift runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            let _ = child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut stderr);
            let stdout = reader.join().expect("reader");
            return Some(Run {
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
                stderr,
                code: status.code().unwrap_or(-1),
            });
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs `adrift` with its standard output closed before it writes: the
/// exit code and what it wrote on standard error.
pub fn adrift_closed_stdout(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_adrift"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    (status.code(), stderr)
}

/// From `check --format json`: the exit code, (path, line, message) of
/// each finding, with each declaration a finding covers (one thing, one
/// finding) as an entry of its own, `covered: <subject> (<relation>)`,
/// right after it; and the summary.
pub fn check_findings(
    dir: &Path,
    env: &[(&str, &str)],
) -> (i32, Vec<(String, u64, String)>, serde_json::Value) {
    let run = adrift_with_env(dir, &["check", "--format", "json"], env);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let list = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .flat_map(|f| {
            // One thing, one finding: the same crate reached from other
            // members is listed in the finding's `covers`, shown here as
            // `covered: <subject> (<how it is reached>)`.
            let covered = f["covers"].as_array().cloned().unwrap_or_default();
            std::iter::once((
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            ))
            .chain(covered.into_iter().map(|c| {
                (
                    c["path"].as_str().unwrap_or_default().to_string(),
                    c["line"].as_u64().unwrap_or_default(),
                    format!(
                        "covered: {} ({})",
                        c["subject"].as_str().unwrap_or_default(),
                        c["relation"].as_str().unwrap_or_default()
                    ),
                )
            }))
            .collect::<Vec<_>>()
        })
        .collect();
    (run.code, list, report["summary"].clone())
}
