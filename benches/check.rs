//! `cargo bench --bench check`: generates a monorepo and times `adrift
//! check` on it (the release binary), beside `cat` of the same files and
//! `rg` searching them for the same resource names. A benchmark, not a
//! test: it prints figures and asserts nothing.
//!
//! The monorepo: 5,000 `.tf` files of about 2 KB (ECS services, load
//! balancers, IAM with heredoc policies, security groups, modules, comments),
//! three of which drift; 200 decision records; a Cargo workspace of 10
//! members with a 700-package `Cargo.lock`. Target on a 2-core machine: no
//! more than 3 times rg's time, peak memory under 100 MB.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod common;
use common::{against_cat_and_rg, tf_file, write};

const TF_FILES: usize = 5_000;
const RECORDS: usize = 200;
const LOCK_PACKAGES: usize = 700;

fn generate(root: &Path) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(root);
    let mut files = Vec::new();
    write(
        &root.join("adrift.toml"),
        "adr_dir = \"docs/adr\"\n[severity]\nnumbering-gap = \"off\"\n",
    );
    write(&root.join(".gitignore"), "target/\n.terraform/\n");
    write(
        &root.join("rules/no-persistence.toml"),
        "id = \"no-persistence\"\ndecision = \"ADR-0012\"\nmessage = \"the platform is stateless: no database or persistence layer\"\ninclude = [\"persistence\"]\n",
    );
    for n in 1..=RECORDS {
        let path = root.join(format!("docs/adr/{n:04}-decision-{n}.md"));
        let status = if n == 12 {
            "Accepted"
        } else if n % 7 == 0 {
            "Proposed"
        } else {
            "Accepted"
        };
        let mut text = format!(
            "# {n}. Decision {n}\n\nDate: 2025-{:02}-{:02}\n\n## Status\n\n{status}\n\n## Context\n\n",
            n % 12 + 1,
            n % 28 + 1
        );
        while text.len() < 2500 {
            text.push_str("The platform runs FastAPI services on ECS Fargate behind an ALB. ");
        }
        text.push_str(
            "\n\n## Decision\n\nWe keep it simple.\n\n## Consequences\n\nFewer moving parts.\n",
        );
        write(&path, &text);
        files.push(path);
    }
    for n in 0..TF_FILES {
        let path = root.join(format!("services/svc-{:03}/infra/{}.tf", n / 50, n));
        write(&path, &tf_file(n));
        files.push(path);
    }
    // A Cargo workspace: 10 members and a 700-package lockfile.
    let mut members = Vec::new();
    for m in 0..10 {
        members.push(format!("\"crates/member-{m}\""));
        let extra = if m == 3 {
            "session-kit = \"0.3\"\n"
        } else {
            ""
        };
        let path = root.join(format!("crates/member-{m}/Cargo.toml"));
        write(
            &path,
            &format!(
                "[package]\nname = \"member-{m}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = \"1\"\npkg-{m:03} = \"1\"\n{extra}"
            ),
        );
        files.push(path);
    }
    write(
        &root.join("Cargo.toml"),
        &format!("[workspace]\nmembers = [{}]\n", members.join(", ")),
    );
    files.push(root.join("Cargo.toml"));
    let reg = "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    let mut lock = String::from("version = 3\n\n");
    for m in 0..10 {
        let extra = if m == 3 { " \"session-kit\",\n" } else { "" };
        let _ = write!(
            lock,
            "[[package]]\nname = \"member-{m}\"\nversion = \"0.1.0\"\ndependencies = [\n \"pkg-{m:03}\",\n \"serde\",\n{extra}]\n\n"
        );
    }
    let _ = write!(
        lock,
        "[[package]]\nname = \"serde\"\nversion = \"1.0.200\"\n{reg}\n"
    );
    let _ = write!(
        lock,
        "[[package]]\nname = \"session-kit\"\nversion = \"0.3.1\"\n{reg}dependencies = [\n \"redis\",\n]\n\n"
    );
    let _ = write!(
        lock,
        "[[package]]\nname = \"redis\"\nversion = \"0.27.6\"\n{reg}\n"
    );
    for p in 0..LOCK_PACKAGES - 13 {
        let deps: Vec<String> = [
            (p * 7 + 1) % (LOCK_PACKAGES - 13),
            (p * 13 + 5) % (LOCK_PACKAGES - 13),
        ]
        .iter()
        .filter(|d| **d > p)
        .map(|d| format!(" \"pkg-{d:03}\",\n"))
        .collect();
        let _ = write!(
            lock,
            "[[package]]\nname = \"pkg-{p:03}\"\nversion = \"1.{p}.0\"\n{reg}dependencies = [\n{}]\n\n",
            deps.concat()
        );
    }
    write(&root.join("Cargo.lock"), &lock);
    files.push(root.join("Cargo.lock"));
    files
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-check/monorepo");
    let files = generate(&root);
    let tf_bytes: u64 = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "tf"))
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "monorepo: {TF_FILES} .tf files ({:.1} MB), {RECORDS} records, {LOCK_PACKAGES}-package Cargo.lock; {} cores",
        tf_bytes as f64 / 1e6,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let patterns: Vec<String> = [
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_dynamodb_table",
        "aws_elasticache_cluster",
        "aws_s3_bucket",
        "terraform-aws-modules/rds",
        "terraform-aws-elasticache",
    ]
    .map(String::from)
    .to_vec();
    against_cat_and_rg(
        &root,
        &files,
        &patterns,
        &root,
        "rg -F -f names (same tree)",
        3.0,
        9,
    );

    // citation-stale: with a superseded record, every text file of the tree
    // is searched for citations of it (the files the ecosystems read as
    // they read them); with the code off, nothing more than before is done.
    let record = |n: usize, status: &str| {
        format!(
            "# {n}. Decision {n}\n\nDate: 2025-01-01\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n"
        )
    };
    write(
        &root.join("docs/adr/0100-decision-100.md"),
        &record(
            100,
            "Superseded by [101. Decision 101](0101-decision-101.md)",
        ),
    );
    write(
        &root.join("docs/adr/0101-decision-101.md"),
        &record(
            101,
            "Accepted\n\nSupersedes [100. Decision 100](0100-decision-100.md)",
        ),
    );
    let check = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_adrift"));
        c.args(["check", "--format", "json"]).current_dir(&root);
        c
    };
    common::bench("adrift check, ADR-0100 superseded", &check, 9);
    write(
        &root.join("adrift.toml"),
        "adr_dir = \"docs/adr\"\n[severity]\nnumbering-gap = \"off\"\ncitation-stale = \"off\"\n",
    );
    common::bench("  the same, citation-stale off", &check, 9);
}
