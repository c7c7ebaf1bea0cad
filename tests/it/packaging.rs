//! The ways adrift is installed: the binary wheel (`pip install
//! adrift-adr`), the pre-commit mirror whose hooks install that wheel, the
//! GitHub Action's installer, and the container image. What needs outside
//! tools (maturin, pip, pre-commit) runs with the `interop` feature, after
//! `.ci/run` installs them; the Dockerfile is checked everywhere.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Every channel pins the version this checkout builds.
#[test]
fn every_channel_names_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let mirror = read("pre-commit-mirror/setup.py");
    assert!(
        mirror.contains(&format!("install_requires=[\"adrift-adr=={version}\"]")),
        "pre-commit-mirror/setup.py pins another version"
    );
    assert!(mirror.contains(&format!("version=\"{version}\"")));
    let pyproject = read("pyproject.toml");
    assert!(pyproject.contains("name = \"adrift-adr\""));
    assert!(pyproject.contains("bindings = \"bin\""));
    assert!(
        pyproject.contains("dynamic = [\"version\"]"),
        "the wheel takes Cargo's version"
    );
}

/// The Dockerfile as a reviewer (or hadolint) would read it: two stages,
/// base images pinned to a version, the release binary copied into a slim
/// runtime that runs as an unprivileged user from /src with `adrift` as the
/// entrypoint; and the build context `.dockerignore` lets through holds
/// every path the build stage copies.
#[test]
fn the_dockerfile_builds_a_small_unprivileged_image() {
    let text = read("Dockerfile");
    let instructions: Vec<(String, String)> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(|l| {
            let (op, rest) = l.split_once(' ').unwrap_or((l, ""));
            (op.to_string(), rest.trim().to_string())
        })
        .collect();
    let froms: Vec<&String> = instructions
        .iter()
        .filter(|(op, _)| op == "FROM")
        .map(|(_, rest)| rest)
        .collect();
    assert_eq!(froms.len(), 2, "a build stage and a runtime stage");
    for from in &froms {
        let image = from.split_whitespace().next().unwrap_or_default();
        let tag = image.split_once(':').map(|(_, t)| t).unwrap_or_default();
        assert!(
            !tag.is_empty()
                && tag != "latest"
                && tag
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_alphabetic()),
            "{image}: pin the base image"
        );
    }
    assert!(froms[0].ends_with("AS build"));
    // The last stage: the binary, a user, /src, the entrypoint.
    let last = instructions
        .iter()
        .rposition(|(op, _)| op == "FROM")
        .expect("a FROM");
    let runtime = &instructions[last..];
    let has = |op: &str, rest: &str| runtime.iter().any(|(o, r)| o == op && r == rest);
    assert!(has(
        "COPY",
        "--from=build /usr/local/bin/adrift /usr/local/bin/adrift"
    ));
    assert!(has("USER", "adrift"), "{runtime:?}");
    assert!(has("WORKDIR", "/src"));
    assert!(
        has("ENTRYPOINT", "[\"adrift\"]"),
        "exec form, so arguments pass through"
    );
    assert!(!runtime.iter().any(|(o, _)| o == "ADD"), "COPY, not ADD");
    // Every path the build stage copies from the context is let through.
    let ignore = read(".dockerignore");
    let allowed: Vec<&str> = ignore
        .lines()
        .filter_map(|l| l.trim().strip_prefix('!'))
        .map(|p| p.trim_end_matches('/'))
        .collect();
    for (op, rest) in &instructions[..last] {
        if op != "COPY" || rest.starts_with("--from") {
            continue;
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        for source in &words[..words.len() - 1] {
            assert!(
                allowed.contains(source),
                "{source} is not in .dockerignore's allow list"
            );
            assert!(root().join(source).exists(), "{source} does not exist");
        }
    }
}

#[cfg(feature = "interop")]
mod with_tools {
    use super::*;
    use crate::support::{temp_dir, write};
    use std::path::PathBuf;
    use std::process::Command;
    use std::sync::OnceLock;

    fn run(command: &mut Command) -> (Option<i32>, String) {
        let out = command
            .output()
            .unwrap_or_else(|e| panic!("{command:?}: {e}"));
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }

    /// The wheel, built once with maturin from this checkout (the dev
    /// profile reuses what `cargo test` built; a release is built with
    /// `maturin build --release`).
    fn wheel_dir() -> &'static Path {
        static DIR: OnceLock<PathBuf> = OnceLock::new();
        DIR.get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wheels");
            let _ = std::fs::remove_dir_all(&dir);
            let (code, out) = run(Command::new("maturin")
                .args(["build", "--profile", "dev", "--out"])
                .arg(&dir)
                .current_dir(root()));
            assert_eq!(
                code,
                Some(0),
                "maturin (PyPI maturin) builds the wheel:\n{out}"
            );
            dir
        })
    }

    fn the_wheel() -> PathBuf {
        let wheels: Vec<PathBuf> = std::fs::read_dir(wheel_dir())
            .expect("wheels")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "whl"))
            .collect();
        assert_eq!(wheels.len(), 1, "{wheels:?}");
        wheels[0].clone()
    }

    /// A path with Python but without cargo: what a machine without Rust has.
    fn path_without_rust() -> String {
        std::env::var("PATH")
            .unwrap_or_default()
            .split(':')
            .filter(|d| !Path::new(d).join("cargo").exists())
            .collect::<Vec<_>>()
            .join(":")
    }

    fn venv(name: &str) -> PathBuf {
        let dir = temp_dir(name).join("venv");
        let (code, out) = run(Command::new("python3").args(["-m", "venv"]).arg(&dir));
        assert_eq!(code, Some(0), "{out}");
        dir
    }

    #[test]
    fn the_wheel_installs_a_working_adrift_without_rust() {
        let wheel = the_wheel();
        let name = wheel
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(
            name.starts_with(&format!(
                "adrift_adr-{}-py3-none-",
                env!("CARGO_PKG_VERSION")
            )),
            "{name}"
        );
        let venv = venv("wheel-venv");
        // No index, no cargo on PATH: only the wheel.
        let (code, out) = run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--no-index", "--find-links"])
            .arg(wheel_dir())
            .arg("adrift-adr")
            .env("PATH", path_without_rust()));
        assert_eq!(code, Some(0), "{out}");
        let adrift = venv.join("bin/adrift");
        let (code, out) = run(Command::new(&adrift).arg("--version"));
        assert_eq!(code, Some(0));
        assert_eq!(out.trim(), format!("adrift {}", env!("CARGO_PKG_VERSION")));
        let (code, out) = run(Command::new(&adrift)
            .args(["check", "--format", "compact"])
            .current_dir(root().join("examples/platform")));
        assert_eq!(code, Some(1), "{out}");
        assert!(
            out.contains("infra/sessions.tf:3:1: error no-persistence"),
            "{out}"
        );
    }

    fn git(dir: &Path, args: &[&str]) {
        let (code, out) = run(Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "adrift tests")
            .env("GIT_AUTHOR_EMAIL", "tests@adrift.invalid")
            .env("GIT_COMMITTER_NAME", "adrift tests")
            .env("GIT_COMMITTER_EMAIL", "tests@adrift.invalid"));
        assert_eq!(code, Some(0), "git {args:?}: {out}");
    }

    /// The mirror's hooks (`language: python`) install the wheel: no cargo
    /// anywhere on PATH, and the gate fails on drift, then passes.
    #[test]
    fn the_pre_commit_mirror_installs_the_wheel_and_gates() {
        wheel_dir();
        let mirror = temp_dir("pre-commit-mirror");
        for file in ["setup.py", ".pre-commit-hooks.yaml", "README.md"] {
            write(&mirror, file, read(&format!("pre-commit-mirror/{file}")));
        }
        git(&mirror, &["init", "--quiet"]);
        git(&mirror, &["add", "-A"]);
        git(&mirror, &["commit", "--quiet", "-m", "mirror"]);
        let sample = crate::support::gated_project(
            "pre-commit-wheel-sample",
            "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
        );
        write(
            &sample,
            "infra/main.tf",
            "resource \"aws_db_instance\" \"main\" {}\n",
        );
        git(&sample, &["init", "--quiet"]);
        git(&sample, &["add", "-A"]);
        git(&sample, &["commit", "--quiet", "-m", "sample"]);
        let home = temp_dir("pre-commit-wheel-home");
        let links = format!(
            "{} {}",
            wheel_dir().display(),
            std::env::var("PIP_FIND_LINKS").unwrap_or_default()
        );
        let try_repo = || {
            run(Command::new("pre-commit")
                .args(["try-repo"])
                .arg(&mirror)
                .args(["--all-files", "--color", "never"])
                .current_dir(&sample)
                .env("PRE_COMMIT_HOME", &home)
                .env("PIP_FIND_LINKS", &links)
                .env("PATH", path_without_rust()))
        };
        let (code, out) = try_repo();
        assert_eq!(code, Some(1), "{out}");
        assert!(
            out.contains("adrift check (decisions against the code)"),
            "{out}"
        );
        assert!(
            out.contains("resource \"aws_db_instance\" \"main\" contradicts ADR-0001"),
            "{out}"
        );
        write(
            &sample,
            "infra/main.tf",
            "resource \"aws_ecs_service\" \"api\" {}\n",
        );
        git(&sample, &["add", "-A"]);
        git(&sample, &["commit", "--quiet", "-m", "no database"]);
        let (code, out) = try_repo();
        assert_eq!(code, Some(0), "{out}");
    }

    /// The action's installer, as the runner runs it: the wheel into a
    /// virtual environment of its own, its directory added to GITHUB_PATH.
    #[test]
    fn the_actions_installer_puts_adrift_on_the_path() {
        wheel_dir();
        let temp = temp_dir("action-install");
        let github_path = temp.join("github-path");
        let (code, out) = run(Command::new("bash")
            .arg(root().join("action/install.sh"))
            .env("ADRIFT_VERSION", env!("CARGO_PKG_VERSION"))
            .env(
                "ADRIFT_INDEX_ARGS",
                format!("--no-index --find-links {}", wheel_dir().display()),
            )
            .env("RUNNER_TEMP", &temp)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_ACTION_PATH", root())
            .env("PATH", path_without_rust()));
        assert_eq!(code, Some(0), "{out}");
        assert!(
            out.contains(&format!("adrift {}", env!("CARGO_PKG_VERSION"))),
            "{out}"
        );
        let added = std::fs::read_to_string(&github_path).expect("GITHUB_PATH written");
        let bin = Path::new(added.trim());
        assert!(bin.join("adrift").is_file(), "{added}");
    }

    /// What the Dockerfile's build stage copies is enough to build adrift
    /// (checked with cargo offline: no container engine runs here, and base
    /// images cannot be pulled).
    #[test]
    fn the_docker_build_context_builds() {
        let context = temp_dir("docker-context");
        // What the Dockerfile copies, read from it: a file the build needs
        // and the Dockerfile forgets fails here.
        let sources: Vec<String> = read("Dockerfile")
            .lines()
            .filter_map(|l| l.trim().strip_prefix("COPY "))
            .filter(|rest| !rest.starts_with("--from"))
            .flat_map(|rest| {
                let words: Vec<&str> = rest.split_whitespace().collect();
                words[..words.len() - 1]
                    .iter()
                    .map(|w| w.to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(sources.contains(&"src".to_string()), "{sources:?}");
        for source in &sources {
            let from = root().join(source);
            for entry in walkdir::WalkDir::new(&from) {
                let entry = entry.expect("walk");
                if entry.file_type().is_file() {
                    let relative = entry.path().strip_prefix(root()).expect("inside");
                    write(
                        &context,
                        relative.to_str().expect("utf-8"),
                        std::fs::read(entry.path()).expect("read"),
                    );
                }
            }
        }
        let (code, out) = run(Command::new("cargo")
            .args([
                "check",
                "--quiet",
                "--locked",
                "--offline",
                "--bin",
                "adrift",
            ])
            .current_dir(&context)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("docker-context-target"),
            ));
        assert_eq!(code, Some(0), "{out}");
    }
}
