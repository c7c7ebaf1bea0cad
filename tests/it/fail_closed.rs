//! The gate fails closed: whatever goes wrong inside adrift, a run that
//! could not look at everything never exits 0.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::support::{adrift_with_env, gated_project, write};

const RULE: &str = "id = \"no-db\"\ndecision = \"ADR-0001\"\nmessage = \"stateless\"\n[terraform]\nresources = [\"aws_db_instance\"]\n[cargo]\ncrates = [\"sqlx\"]\n";

/// A project with a banned resource in each of 40 Terraform files (enough
/// to spread the scan over the cores) and a banned crate.
fn drifting_project(name: &str) -> std::path::PathBuf {
    let dir = gated_project(name, RULE);
    for i in 0..40 {
        write(
            &dir,
            &format!("infra/m{i}/main.tf"),
            format!("resource \"aws_db_instance\" \"db{i}\" {{}}\n"),
        );
    }
    write(
        &dir,
        "svc/Cargo.toml",
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n[dependencies]\nsqlx = \"0.8\"\n",
    );
    dir
}

#[test]
fn a_worker_that_panics_is_an_internal_error_never_a_pass() {
    let dir = drifting_project("worker-panic");
    for fault in ["scan-file", "scan-cargo", "read-record", "status-unknown"] {
        let run = adrift_with_env(&dir, &["check"], &[("ADRIFT_FAULT", fault)]);
        assert_eq!(run.code, 2, "{fault}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("internal error"),
            "{fault}: {}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("no problems"),
            "{fault}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_closed_output_pipe_keeps_the_verdict() {
    let dir = drifting_project("closed-pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_adrift"))
        .args(["check"])
        .current_dir(&dir)
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
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        status.code(),
        Some(1),
        "drift found, output lost: still a failure"
    );
}
