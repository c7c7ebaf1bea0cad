//! `cargo bench --bench lint`: generates record collections and times
//! `adrift lint` on them (the release binary, as users run it), printing
//! wall time and peak memory. A benchmark, not a test: it asserts nothing.
//!
//! Targets on a 2-core machine: 5,000 records of about 3 KB in under
//! 60 ms; 10,000 in under 0.5 s and 100 MB; 50 records in under 20 ms;
//! the pathological 4 MB records (many sections, code blocks, links) in
//! linear time, a second or less. `cat` and `rg` of the same files run
//! beside them for scale.

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

/// Records of the largest size adrift reads (4 MiB), in the shapes that
/// once made parsing quadratic: many `## Status` sections, many code
/// blocks, many link lines.
fn generate_pathological(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create bench dir");
    let fill = |head: &str, unit: &str| {
        let mut text = head.to_string();
        while text.len() + unit.len() < 4 * 1024 * 1024 {
            text.push_str(unit);
        }
        text
    };
    let title = "# 1. Pathological\n\n";
    for (name, text) in [
        ("0001-status.md", fill(title, "## Status\n\nAccepted\n\n")),
        ("0002-code.md", fill(title, "```\nx\n```\n\n")),
        (
            "0003-links.md",
            fill(title, "Supersedes [4. Links](0004-links.md)\n"),
        ),
        (
            "0004-links.md",
            fill(title, "Superseded by [3. Links](0003-links.md)\n"),
        ),
    ] {
        std::fs::write(dir.join(name), text).expect("write");
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-lint");
    let small = root.join("50");
    let medium = root.join("5000");
    let large = root.join("10000");
    let pathological = root.join("pathological");
    generate(&small, 50);
    generate(&medium, 5_000);
    generate(&large, 10_000);
    generate_pathological(&pathological);
    let bytes = |dir: &Path| -> u64 {
        std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum()
    };
    println!(
        "adrift lint, release build, {} cores; 5,000 records = {:.1} MB, 10,000 = {:.1} MB, 4 pathological records = {:.1} MB",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        bytes(&medium) as f64 / 1e6,
        bytes(&large) as f64 / 1e6,
        bytes(&pathological) as f64 / 1e6,
    );
    let lint = |dir: PathBuf| {
        move || {
            let mut c = Command::new(env!("CARGO_BIN_EXE_adrift"));
            c.args(["lint", "--format", "json", "--adr-dir"]).arg(&dir);
            c
        }
    };
    let cat = |dir: &Path| {
        let script = format!("cat {}/*.md > /dev/null", dir.display());
        move || {
            let mut c = Command::new("sh");
            c.arg("-c").arg(&script);
            c
        }
    };
    let rg_available = Command::new("rg")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok();
    let rg = |dir: &Path| {
        let dir = dir.to_path_buf();
        move || {
            let mut c = Command::new("rg");
            c.args(["-c", "-F", "## Status"]).arg(&dir);
            c
        }
    };
    bench("50 records", &lint(small), 30);
    bench("5,000 records (~3 KB each)", &lint(medium.clone()), 15);
    bench("  cat (the same files)", &cat(&medium), 15);
    if rg_available {
        bench("  rg -c -F '## Status' (same)", &rg(&medium), 15);
    }
    bench("10,000 records (~3 KB each)", &lint(large.clone()), 7);
    bench("  cat (the same files)", &cat(&large), 7);
    if rg_available {
        bench("  rg -c -F '## Status' (same)", &rg(&large), 7);
    }
    bench(
        "4 pathological 4 MB records",
        &lint(pathological.clone()),
        5,
    );
    bench("  cat (the same files)", &cat(&pathological), 5);
    if !rg_available {
        println!("rg not found: install ripgrep (Debian package `ripgrep`) to compare");
    }
}
