//! `cargo bench --bench site`: generates 1,000 records (chains of
//! supersedes, amends and relates-to links, a rule with findings) and times
//! `adrift site` on them with the release binary. A benchmark, not a test:
//! it asserts nothing. Target: under 1 s on a 2-core machine.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::bench;

fn record(n: usize) -> String {
    let status = match n % 10 {
        0 if n > 1 => format!(
            "Superseded by [{}. Decision {}]({:04}-decision-{}.md)",
            n + 1,
            n + 1,
            n + 1,
            n + 1
        ),
        1 => "Proposed".to_string(),
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
    if n.is_multiple_of(7) && n > 7 {
        let _ = writeln!(
            text,
            "Relates to [{}. Decision {}]({:04}-decision-{}.md)\n",
            n - 7,
            n - 7,
            n - 7,
            n - 7
        );
    }
    text.push_str("## Context\n\n");
    for p in 0..6 {
        let _ = writeln!(
            text,
            "Paragraph {p} of decision {n}: the service keeps no state, <b>so</b> requests can land on any task; see [the first](0001-decision-1.md) and `code`.\n"
        );
    }
    text.push_str("## Decision\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Consequences\n\n```text\nsome code\n```\n");
    text
}

fn generate(dir: &Path, n: usize) {
    if dir
        .join("adr")
        .join(format!("{n:04}-decision-{n}.md"))
        .exists()
    {
        return;
    }
    std::fs::create_dir_all(dir.join("adr")).expect("mkdir");
    std::fs::create_dir_all(dir.join("rules")).expect("mkdir");
    std::fs::create_dir_all(dir.join("infra")).expect("mkdir");
    std::fs::write(dir.join("adrift.toml"), "").expect("config");
    for i in 1..=n {
        std::fs::write(
            dir.join("adr").join(format!("{i:04}-decision-{i}.md")),
            record(i),
        )
        .expect("record");
    }
    std::fs::write(
        dir.join("rules/no-db.toml"),
        "id = \"no-db\"\ndecision = \"ADR-0002\"\nseverity = \"error\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    )
    .expect("rule");
    let mut tf = String::new();
    for i in 0..50 {
        let _ = writeln!(tf, "resource \"aws_db_instance\" \"db{i}\" {{}}\n");
    }
    std::fs::write(dir.join("infra/main.tf"), tf).expect("tf");
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-site");
    let project = root.join("1000");
    generate(&project, 1_000);
    println!(
        "adrift site, release build, {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let site = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_adrift"));
        c.current_dir(&project).args(["site", "-o", "out"]);
        c
    };
    bench("site, 1,000 records", &site, 10);
}
