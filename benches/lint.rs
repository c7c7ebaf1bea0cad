//! `cargo bench --bench lint`: generates record collections and times
//! `adrift lint` on them (the release binary, as users run it), printing
//! wall time and peak memory. A benchmark, not a test: it asserts nothing.
//!
//! Targets on a 2-core machine: 10,000 records of about 3 KB in under
//! 0.5 s and 100 MB; 50 records in under 20 ms.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::bench;

fn record(n: usize) -> String {
    let status = match n % 10 {
        0 => format!(
            "Superseded by [{}. Decision {}]({:04}-decision-{}.md)",
            n + 1,
            n + 1,
            n + 1,
            n + 1
        ),
        1 => "Proposed".to_string(),
        2 => "✅ Accepted (documenting an existing thing)".to_string(),
        _ => "Accepted".to_string(),
    };
    let mut text = format!(
        "# {n}. Decision {n}\n\nDate: 2024-{:02}-{:02}\n\n## Status\n\n{status}\n\n",
        n % 12 + 1,
        n % 28 + 1
    );
    if n % 10 == 1 && n > 1 {
        let _ = writeln!(
            text,
            "Supersedes [{}. Decision {}]({:04}-decision-{}.md)\n",
            n - 1,
            n - 1,
            n - 1,
            n - 1
        );
    }
    text.push_str("## Context\n\n");
    while text.len() < 1800 {
        text.push_str(
            "The service runs on ECS Fargate behind an ALB and must stay stateless; \
             see [the platform record](0001-decision-1.md) for why. ",
        );
    }
    text.push_str("\n\n## Decision\n\n");
    for i in 0..8 {
        let _ = writeln!(
            text,
            "- Rule {i}: no database, no `sqlx`, no `aws_db_instance`."
        );
    }
    text.push_str("\n## Consequences\n\n```toml\n[dependencies]\nserde = \"1\"\n```\n\n");
    while text.len() < 3000 {
        text.push_str("Deploys are simple and nothing needs a backup. ");
    }
    text.push('\n');
    text
}

fn generate(dir: &Path, count: usize) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create bench dir");
    for n in 1..=count {
        std::fs::write(dir.join(format!("{n:04}-decision-{n}.md")), record(n)).expect("write");
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-lint");
    let small = root.join("50");
    let large = root.join("10000");
    generate(&small, 50);
    generate(&large, 10_000);
    let bytes: u64 = std::fs::read_dir(&large)
        .expect("read dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "adrift lint, release build, {} cores; 10,000 records = {:.1} MB",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        bytes as f64 / 1e6
    );
    let lint = |dir: PathBuf| {
        move || {
            let mut c = Command::new(env!("CARGO_BIN_EXE_adrift"));
            c.args(["lint", "--format", "json", "--adr-dir"]).arg(&dir);
            c
        }
    };
    bench("50 records", &lint(small), 30);
    bench("10,000 records (~3 KB each)", &lint(large), 7);
}
