//! The GitHub Action (`action.yml` and `action/*.sh`): its structure as
//! GitHub reads it, and its shell steps run here with the environment
//! variables GitHub sets, on the bundled example.

use std::path::{Path, PathBuf};
use std::process::Command;

use adrift::scan::yaml;

use crate::support::temp_dir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `${{ inputs.NAME }}` in `text`.
fn input_references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("${{") {
        let after = &rest[at + 3..];
        let Some(end) = after.find("}}") else { break };
        let expr = after[..end].trim();
        if let Some(name) = expr.strip_prefix("inputs.") {
            out.push(name.to_string());
        }
        rest = &after[end..];
    }
    out
}

#[test]
fn the_action_is_a_composite_action_github_can_run() {
    let text = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let stream = yaml::parse(&text);
    assert!(
        stream.error.is_none(),
        "{:?}",
        stream.error.map(|e| e.message)
    );
    let action = &stream.documents[0];
    for key in ["name", "description"] {
        assert!(
            action
                .get(key)
                .and_then(|v| v.as_str())
                .is_some_and(|v| !v.is_empty()),
            "{key}"
        );
    }
    let runs = action.get("runs").expect("runs");
    assert_eq!(
        runs.get("using").and_then(|u| u.as_str()),
        Some("composite")
    );
    let steps = runs.get("steps").and_then(|s| s.items()).expect("steps");
    assert!(!steps.is_empty());
    for step in steps {
        // A composite step that runs a command must name its shell.
        if step.get("run").is_some() {
            assert_eq!(step.get("shell").and_then(|s| s.as_str()), Some("bash"));
            let run = step.get("run").and_then(|r| r.as_str()).unwrap_or_default();
            // Inputs reach the scripts through the environment, never
            // spliced into shell text (where a value could run commands).
            assert!(input_references(run).is_empty(), "{run}");
            for script in run
                .split('"')
                .filter_map(|w| w.strip_prefix("$GITHUB_ACTION_PATH/"))
            {
                assert!(root().join(script).is_file(), "{script} is missing");
            }
        }
    }
    let inputs: Vec<String> = action
        .get("inputs")
        .and_then(|i| i.entries())
        .expect("inputs")
        .iter()
        .filter_map(|(k, v)| {
            assert!(v.get("description").is_some(), "input {:?}", k.as_str());
            k.as_str().map(str::to_string)
        })
        .collect();
    for name in input_references(&text) {
        assert!(inputs.contains(&name), "`inputs.{name}` is not declared");
    }
    // The default version is the one this checkout builds.
    let version = action
        .get("inputs")
        .and_then(|i| i.get("version"))
        .and_then(|v| v.get("default"))
        .and_then(|d| d.as_str())
        .expect("a default version");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
}

struct Step {
    code: Option<i32>,
    stdout: String,
    summary: String,
    output: String,
    dir: PathBuf,
}

/// Runs `action/run.sh` as the gate step would, with `adrift` on PATH.
fn gate_step(name: &str, working: &Path, args: &str, sarif: &str) -> Step {
    let dir = temp_dir(name);
    let summary = dir.join("step-summary.md");
    let output = dir.join("github-output");
    std::fs::write(&summary, "earlier step\n").expect("summary");
    let bin = Path::new(env!("CARGO_BIN_EXE_adrift"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = Command::new("bash")
        .arg(root().join("action/run.sh"))
        .current_dir(working)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .env("ADRIFT_ARGS", args)
        .env("ADRIFT_SARIF", sarif)
        .env("ADRIFT_SUMMARY", "true")
        .output()
        .expect("bash");
    Step {
        code: run.status.code(),
        stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        output: std::fs::read_to_string(&output).unwrap_or_default(),
        dir,
    }
}

#[test]
fn the_gate_step_annotates_writes_sarif_and_a_summary_and_fails_the_job() {
    let sarif = temp_dir("action-sarif").join("adrift.sarif");
    let step = gate_step(
        "action-gate",
        root(),
        "--config examples/platform/adrift.toml",
        sarif.to_str().expect("utf-8"),
    );
    assert_eq!(step.code, Some(1), "{}", step.stdout);
    assert!(
        step.stdout
            .contains("::error file=examples/platform/infra/sessions.tf,line=3"),
        "{}",
        step.stdout
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF written"))
            .expect("SARIF is JSON");
    assert_eq!(report["runs"][0]["tool"]["driver"]["name"], "adrift");
    assert!(
        step.summary.starts_with("earlier step\n"),
        "the summary is appended to: {}",
        step.summary
    );
    assert!(step.summary.contains("ADR-0012"), "{}", step.summary);
    assert!(step.summary.contains('|'), "a table: {}", step.summary);
    assert!(step.output.contains("exit-code=1\n"), "{}", step.output);
    assert!(
        step.output
            .contains(&format!("sarif={}\n", sarif.display()))
    );
    let _ = std::fs::remove_dir_all(step.dir);
}

#[test]
fn the_gate_step_never_swallows_adrift_failing() {
    let step = gate_step(
        "action-broken",
        root(),
        "--config examples/platform/no-such-adrift.toml",
        "",
    );
    assert_eq!(step.code, Some(2), "{}", step.stdout);
    assert!(step.output.contains("exit-code=2\n"), "{}", step.output);
    assert!(
        step.stdout.contains("::error title=adrift::"),
        "{}",
        step.stdout
    );
    assert!(step.summary.contains("exit code 2"), "{}", step.summary);
    let _ = std::fs::remove_dir_all(step.dir);
}
