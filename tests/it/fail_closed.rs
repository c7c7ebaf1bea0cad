//! The gate fails closed: whatever goes wrong inside adrift, a run that
//! could not look at everything never exits 0.

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
    let (code, stderr) = crate::support::adrift_closed_stdout(&dir, &["check"]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(1), "drift found, output lost: still a failure");
}

#[test]
fn a_file_over_the_size_cap_is_a_finding_never_a_skip() {
    let dir = gated_project("size-cap", RULE);
    write(&dir, "adrift.toml", "max_file_size = \"1 KiB\"\n");
    let mut big = String::from("resource \"aws_db_instance\" \"db\" {}\n");
    while big.len() <= 1024 {
        big.push_str("# padding padding padding padding padding padding padding\n");
    }
    write(&dir, "infra/big.tf", &big);
    write(
        &dir,
        "infra/small.tf",
        "resource \"aws_ecs_service\" \"s\" {}\n",
    );
    let run = crate::support::adrift(&dir, &["check", "--format", "compact"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "infra/big.tf:1:1: error file-unreadable is larger than the 1 KiB adrift reads"
        ),
        "{}",
        run.stdout
    );

    // A size that is not one is refused, pointing into adrift.toml.
    write(&dir, "adrift.toml", "max_file_size = \"huge\"\n");
    let run = crate::support::adrift(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid size \"huge\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_too_large_for_the_full_parser_is_still_read() {
    // Over 4 MiB, hcl-edit's tree would take many times the file in memory:
    // the outline reads it alone, in one pass.
    let dir = gated_project("large-tf", RULE);
    let mut text = String::with_capacity(5 << 20);
    let mut n = 0;
    while text.len() < 5 << 20 {
        text.push_str(&format!(
            "resource \"aws_ecs_service\" \"s{n}\" {{\n  name = \"svc-{n}\"\n}}\n"
        ));
        n += 1;
    }
    text.push_str("resource \"aws_db_instance\" \"late\" {}\n");
    write(&dir, "infra/generated.tf", &text);
    let run = crate::support::adrift(&dir, &["check", "--format", "compact"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "infra/generated.tf:{}:1: error no-db resource \"aws_db_instance\" \"late\"",
            n * 3 + 1
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn the_fail_closed_codes_cannot_be_turned_down() {
    let dir = gated_project("fail-closed-severity", RULE);
    for code in ["parse-error", "file-unreadable"] {
        for level in ["off", "warning"] {
            write(
                &dir,
                "adrift.toml",
                format!("[severity]\n{code} = \"{level}\"\n"),
            );
            let run = crate::support::adrift(&dir, &["check"]);
            assert_eq!(run.code, 2, "{code} = {level}: {}", run.stdout);
            assert!(
                run.stderr.contains(&format!("{code} cannot be changed")),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("adrift.toml:2:1"), "{}", run.stderr);
        }
    }
}

#[test]
fn many_findings_in_one_large_file_render_in_linear_time() {
    // The human report once handed each finding the whole file, which the
    // renderer scanned from its start: quadratic, a hang on a big file.
    let dir = gated_project("many-findings", RULE);
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "resource \"aws_db_instance\" \"db{i}\" {{\n  # {}\n}}\n",
            "x".repeat(80)
        ));
    }
    write(&dir, "infra/generated.tf", &text);
    let run = crate::support::adrift_guarded(&dir, &["check", "--color", "never"], 120)
        .expect("the human report never hangs");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("found 10000 errors"),
        "{}",
        &run.stdout[run.stdout.len() - 200..]
    );
}

#[test]
fn an_adrift_toml_that_is_no_regular_file_is_an_error_never_a_hang() {
    let dir = gated_project("config-fifo", RULE);
    std::fs::remove_file(dir.join("adrift.toml")).expect("rm");
    let fifo = dir.join("adrift.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let run = crate::support::adrift_guarded(&dir, &["check"], 60).expect("no hang");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}
