//! `cargo bench --bench cargo`: generates Cargo workspaces of three shapes
//! and times `adrift check` on them (the release binary), printing wall time
//! and peak memory. A benchmark, not a test: it asserts nothing.
//!
//! - wide: 800 members and a 4,000-package `Cargo.lock` (registry crates in
//!   a random DAG, banned crates near its bottom, dev- and build-edges,
//!   members depending on members);
//! - chain: an 800-deep chain of path dependencies ending in a path crate
//!   named `sqlx` (every package is a path package, so `cargo metadata
//!   --offline` resolves it and adrift takes the exact route);
//! - realistic: 40 members, a 1,200-package lock, a few banned crates behind
//!   a few of the members.
//!
//! Each shape runs with `cargo metadata` allowed (the default: adrift runs
//! it when the lock holds a path to a banned crate) and with
//! `ADRIFT_CARGO=off` (the lockfile walk only), so the difference is what
//! the cargo call costs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::bench;

const REG: &str = "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
const BANNED: [&str; 6] = [
    "sqlx",
    "sqlx-postgres",
    "redis",
    "rusqlite",
    "libsqlite3-sys",
    "tokio-postgres",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn project(root: &Path) {
    let _ = std::fs::remove_dir_all(root);
    write(&root.join("adrift.toml"), "");
    write(
        &root.join("adr/0001-stateless.md"),
        "# 1. Stateless\n\nDate: 2025-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nNo database.\n\n## Consequences\n\nNone.\n",
    );
    write(
        &root.join("rules/no-persistence.toml"),
        "id = \"no-persistence\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n",
    );
}

/// A workspace of `members` members and registry packages up to `lock`
/// packages in all.
fn registry_workspace(root: &Path, members: usize, lock_size: usize, seed: u64) {
    project(root);
    let mut rng = Lcg(seed);
    let registry = lock_size - members - BANNED.len();
    let mut lock = String::from("version = 3\n\n");
    // Registry packages: pkg-j depends on up to 3 later ones; the last
    // tenth also on banned crates, one in twenty.
    for j in 0..registry {
        let mut deps = Vec::new();
        for _ in 0..3 {
            let span = registry - j;
            if span > 1 {
                deps.push(format!("pkg-{}", j + 1 + rng.next() % (span - 1)));
            }
        }
        if j > registry * 9 / 10 && rng.next().is_multiple_of(20) {
            deps.push(BANNED[rng.next() % BANNED.len()].to_string());
        }
        deps.sort();
        deps.dedup();
        let list: String = deps.iter().map(|d| format!(" \"{d}\",\n")).collect();
        let _ = write!(
            lock,
            "[[package]]\nname = \"pkg-{j}\"\nversion = \"1.0.0\"\n{REG}dependencies = [\n{list}]\n\n"
        );
    }
    for (b, name) in BANNED.iter().enumerate() {
        let deps = if b == 0 {
            " \"sqlx-postgres\",\n"
        } else if *name == "rusqlite" {
            " \"libsqlite3-sys\",\n"
        } else {
            ""
        };
        let _ = write!(
            lock,
            "[[package]]\nname = \"{name}\"\nversion = \"0.9.0\"\n{REG}dependencies = [\n{deps}]\n\n"
        );
    }
    let mut names = Vec::new();
    for m in 0..members {
        names.push(format!("\"crates/m-{m}\""));
        let mut normal = Vec::new();
        let mut dev = Vec::new();
        let mut build = Vec::new();
        for _ in 0..8 {
            normal.push(format!("pkg-{}", rng.next() % (registry / 2)));
        }
        for _ in 0..2 {
            dev.push(format!("pkg-{}", rng.next() % registry));
        }
        build.push(format!("pkg-{}", rng.next() % registry));
        let path_dep = (m + 1 < members && m % 4 == 0).then(|| format!("m-{}", m + 1));
        normal.sort();
        normal.dedup();
        dev.retain(|d| !normal.contains(d));
        dev.sort();
        dev.dedup();
        build.retain(|d| !normal.contains(d) && !dev.contains(d));
        let mut manifest = format!(
            "[package]\nname = \"m-{m}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n"
        );
        for d in &normal {
            let _ = writeln!(manifest, "{d} = \"1\"");
        }
        if let Some(p) = &path_dep {
            let _ = writeln!(manifest, "{p} = {{ path = \"../{p}\" }}");
        }
        manifest.push_str("\n[dev-dependencies]\n");
        for d in &dev {
            let _ = writeln!(manifest, "{d} = \"1\"");
        }
        manifest.push_str("\n[build-dependencies]\n");
        for d in &build {
            let _ = writeln!(manifest, "{d} = \"1\"");
        }
        write(&root.join(format!("crates/m-{m}/Cargo.toml")), &manifest);
        let mut all: Vec<&String> = normal.iter().chain(&dev).chain(&build).collect();
        all.extend(path_dep.as_ref());
        all.sort();
        let list: String = all.iter().map(|d| format!(" \"{d}\",\n")).collect();
        let _ = write!(
            lock,
            "[[package]]\nname = \"m-{m}\"\nversion = \"0.1.0\"\ndependencies = [\n{list}]\n\n"
        );
    }
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            names.join(", ")
        ),
    );
    write(&root.join("Cargo.lock"), &lock);
}

/// Member m-i depends on m-(i+1) by path; the last on a path crate `sqlx`.
/// The lock is cargo's own (`cargo generate-lockfile --offline`).
fn chain_workspace(root: &Path, depth: usize) {
    project(root);
    for m in 0..depth {
        let next = if m + 1 < depth {
            format!("m-{} = {{ path = \"../m-{}\" }}\n", m + 1, m + 1)
        } else {
            "sqlx = { path = \"../../vendor/sqlx\" }\n".to_string()
        };
        write(
            &root.join(format!("crates/m-{m}/Cargo.toml")),
            &format!(
                "[package]\nname = \"m-{m}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{next}"
            ),
        );
        write(&root.join(format!("crates/m-{m}/src/lib.rs")), "");
    }
    write(
        &root.join("vendor/sqlx/Cargo.toml"),
        "[package]\nname = \"sqlx\"\nversion = \"0.8.0\"\nedition = \"2021\"\n",
    );
    write(&root.join("vendor/sqlx/src/lib.rs"), "");
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n",
    );
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["generate-lockfile", "--offline"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        println!("(cargo generate-lockfile failed: the chain's lock is missing)");
    }
}

fn time(name: &str, root: &Path, runs: usize) {
    // ADRIFT_BENCH_RUNS=1 for a quick look (one warm-up run is always made).
    let runs = std::env::var("ADRIFT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(runs);
    for (label, cargo) in [("", None), (", ADRIFT_CARGO=off", Some("off"))] {
        bench(
            &format!("{name}{label}"),
            &|| {
                let mut c = Command::new(env!("CARGO_BIN_EXE_adrift"));
                c.args(["check", "--format", "json"]).current_dir(root);
                if let Some(v) = cargo {
                    c.env("ADRIFT_CARGO", v);
                }
                c
            },
            runs,
        );
    }
}

fn main() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-cargo");
    println!(
        "{} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let realistic = base.join("realistic");
    registry_workspace(&realistic, 40, 1_200, 7);
    time("realistic (40 members, 1,200)", &realistic, 5);
    let wide = base.join("wide");
    registry_workspace(&wide, 800, 4_000, 11);
    time("wide (800 members, 4,000)", &wide, 3);
    let chain = base.join("chain");
    chain_workspace(&chain, 800);
    time("chain (800 deep, path deps)", &chain, 3);
}
