//! Every way past the gate we know of, one test each: input that Terraform,
//! pip or Cargo reads as declaring something a rule bans, written so that a
//! naive reader misses it. Each test builds a small gated project (an
//! accepted ADR-0001 and the rule `no-db`), runs `adrift check --format
//! json` under a hang guard, and asserts what a user must see: exit code 1
//! and a finding of the rule at the right file and line, or (where the real
//! tool rejects the input) a located finding such as `parse-error`. Never
//! exit 0, never a panic, never a hang.
//!
//! Where the real tool accepts the input, the expectation is the drift
//! finding, not a parse error: each such test says what Terraform 1.11 or
//! pip 23 does with it (checked with the real CLIs; `differential.rs` keeps
//! checking against them).

use std::io::Read;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{adr_tools_record, temp_dir, write};

/// The one rule of every project here, enforcing ADR-0001.
const ID: &str = "no-db";

fn rule(section: &str) -> String {
    format!("id = \"{ID}\"\ndecision = \"1\"\nmessage = \"the service is stateless\"\n{section}")
}

fn resources_rule() -> String {
    rule("[terraform]\nresources = [\"aws_db_instance\"]\n")
}

fn mysql_provider_rule() -> String {
    rule("[terraform]\nproviders = [\"hashicorp/mysql\"]\n")
}

fn rds_module_rule() -> String {
    rule("[terraform]\nmodules = [\"terraform-aws-modules/rds/aws\"]\n")
}

fn sqlalchemy_rule() -> String {
    rule("[python]\npackages = [\"sqlalchemy\"]\n")
}

/// Makes `dir` a gated project: `adrift.toml`, the accepted record and
/// `rules/r.toml`.
fn gate_at(dir: &Path, rule: &str) {
    write(dir, "adrift.toml", "");
    write(
        dir,
        "adr/0001-stateless.md",
        adr_tools_record(1, "Stateless", "Accepted"),
    );
    write(dir, "rules/r.toml", rule);
}

/// Removes a directory when dropped: special files (a FIFO, a link to
/// `/dev/zero`, a symlink loop) are not left for other tools to trip on.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn project(name: &str, rule: &str) -> PathBuf {
    let dir = temp_dir(&format!("trick-{name}"));
    gate_at(&dir, rule);
    dir
}

/// One finding of `check --format json`.
#[derive(Debug)]
struct Found {
    code: String,
    path: String,
    line: u64,
    message: String,
}

/// What a run showed.
struct Outcome {
    /// `None` when a signal ended it (a crash, or the hang guard).
    code: Option<i32>,
    stdout: String,
    stderr: String,
    findings: Vec<Found>,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "exit code: {:?}", self.code)?;
        for x in &self.findings {
            writeln!(f, "  {}:{}: {} {}", x.path, x.line, x.code, x.message)?;
        }
        if self.findings.is_empty() {
            writeln!(f, "stdout:\n{}", self.stdout)?;
        }
        write!(f, "stderr:\n{}", self.stderr)
    }
}

/// Seconds after which a run counts as hung.
const HANG: u64 = 30;

/// Runs `adrift ARGS` in `dir` with a hang guard (killed after 30 s) and
/// its address space capped at 4 GiB (so reading an endless file fails
/// instead of exhausting the machine).
fn run(dir: &Path, args: &[&str]) -> Outcome {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_adrift"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn adrift");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let deadline = Instant::now() + Duration::from_secs(HANG);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "adrift {args:?} in {} hung: killed after {HANG} s",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().expect("stderr reader")).into_owned();
    let findings = serde_json::from_str::<serde_json::Value>(&stdout)
        .ok()
        .and_then(|v| v["findings"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .flat_map(|f| {
            let code = f["code"].as_str().unwrap_or_default().to_string();
            // A declaration a finding covers (one thing, one finding) is
            // reported there too: listed as its own entry, its message
            // `covered: <subject> (<relation>)`.
            let covered: Vec<Found> = f["covers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| Found {
                    code: code.clone(),
                    path: c["path"].as_str().unwrap_or_default().to_string(),
                    line: c["line"].as_u64().unwrap_or_default(),
                    message: format!(
                        "covered: {} ({})",
                        c["subject"].as_str().unwrap_or_default(),
                        c["relation"].as_str().unwrap_or_default()
                    ),
                })
                .collect();
            std::iter::once(Found {
                code: code.clone(),
                path: f["path"].as_str().unwrap_or_default().to_string(),
                line: f["line"].as_u64().unwrap_or_default(),
                message: f["message"].as_str().unwrap_or_default().to_string(),
            })
            .chain(covered)
        })
        .collect();
    Outcome {
        code: status.code(),
        stdout,
        stderr,
        findings,
    }
}

fn check(dir: &Path) -> Outcome {
    run(dir, &["check", "--format", "json"])
}

/// Asserts the gate failed (exit 1) with, for each `(path, lines)`, a
/// finding of the rule in that file on one of those lines.
fn assert_drift(outcome: &Outcome, expected: &[(&str, RangeInclusive<u64>)]) {
    assert_findings(outcome, expected, Some(ID));
}

/// Asserts the gate failed (exit 1) with, for each `(path, lines)`, a
/// finding of any code in that file on one of those lines.
fn assert_located(outcome: &Outcome, expected: &[(&str, RangeInclusive<u64>)]) {
    assert_findings(outcome, expected, None);
}

fn assert_findings(
    outcome: &Outcome,
    expected: &[(&str, RangeInclusive<u64>)],
    code: Option<&str>,
) {
    let missing: Vec<String> = expected
        .iter()
        .filter(|(path, lines)| {
            !outcome.findings.iter().any(|f| {
                f.path == *path && lines.contains(&f.line) && code.is_none_or(|c| f.code == c)
            })
        })
        .map(|(path, lines)| {
            format!(
                "{} at {path}:{}..={}",
                code.unwrap_or("a finding"),
                lines.start(),
                lines.end()
            )
        })
        .collect();
    assert!(
        outcome.code == Some(1) && missing.is_empty(),
        "expected exit code 1 and {}\n{outcome}",
        if missing.is_empty() {
            "(all findings present)".to_string()
        } else {
            format!("missing: {}", missing.join(", "))
        }
    );
}

/// Findings of the rule.
fn drift(outcome: &Outcome) -> Vec<&Found> {
    outcome.findings.iter().filter(|f| f.code == ID).collect()
}

// ---------------------------------------------------------------------
// Terraform: providers
// ---------------------------------------------------------------------

/// `terraform providers` lists `registry.terraform.io/hashicorp/mysql ~> 1.9`
/// for a required provider with a version and no source.
#[test]
fn a_required_provider_without_source_is_hashicorp() {
    let dir = project("provider-no-source", &mysql_provider_rule());
    write(
        &dir,
        "versions.tf",
        "terraform {\n  required_providers {\n    mysql = { version = \"~> 1.9\" }\n  }\n}\n",
    );
    assert_drift(&check(&dir), &[("versions.tf", 3..=3)]);
}

/// The legacy form `mysql = "~> 1.9"` (a version string only) is still
/// read by Terraform 1.11 as `hashicorp/mysql`.
#[test]
fn a_required_provider_in_the_legacy_string_form_is_hashicorp() {
    let dir = project("provider-legacy", &mysql_provider_rule());
    write(
        &dir,
        "versions.tf",
        "terraform {\n  required_providers {\n    mysql = \"~> 1.9\"\n  }\n}\n",
    );
    assert_drift(&check(&dir), &[("versions.tf", 3..=3)]);
}

/// The same two forms in Terraform's JSON syntax: `terraform providers`
/// lists `hashicorp/mysql` for both.
#[test]
fn required_providers_without_source_in_terraform_json() {
    let dir = project("provider-no-source-json", &mysql_provider_rule());
    write(
        &dir,
        "object.tf.json",
        "{\n  \"terraform\": {\n    \"required_providers\": {\n      \"mysql\": { \"version\": \"~> 1.9\" }\n    }\n  }\n}\n",
    );
    write(
        &dir,
        "legacy.tf.json",
        "{\n  \"terraform\": {\n    \"required_providers\": {\n      \"mysql\": \"~> 1.9\"\n    }\n  }\n}\n",
    );
    assert_drift(
        &check(&dir),
        &[("legacy.tf.json", 4..=4), ("object.tf.json", 4..=4)],
    );
}

/// With no `required_providers` entry at all, Terraform infers the
/// provider from the type prefix or the provider block's name and installs
/// `hashicorp/<prefix>`: `terraform providers` lists `hashicorp/mysql` for
/// each of these files.
#[test]
fn a_provider_implied_by_a_resource_data_source_or_provider_block() {
    let dir = project("provider-implied", &mysql_provider_rule());
    write(
        &dir,
        "resource/main.tf",
        "resource \"mysql_database\" \"app\" {}\n",
    );
    write(
        &dir,
        "data/main.tf",
        "data \"mysql_tables\" \"all\" {\n  database = \"app\"\n}\n",
    );
    write(
        &dir,
        "block/main.tf",
        "provider \"mysql\" {\n  endpoint = \"db:3306\"\n}\n",
    );
    assert_drift(
        &check(&dir),
        &[
            ("block/main.tf", 1..=1),
            ("data/main.tf", 1..=1),
            ("resource/main.tf", 1..=1),
        ],
    );
}

/// A provider `source` is a constant expression to Terraform:
/// `terraform providers` reads each of these as `hashicorp/mysql`.
#[test]
fn a_provider_source_written_as_a_template_parentheses_or_escapes() {
    let dir = project("provider-source-forms", &mysql_provider_rule());
    let forms = [
        "\"hashicorp/${\"mysql\"}\"",
        "(\"hashicorp/mysql\")",
        "\"hashicorp/my\\u0073ql\"",
        "\"registry.terraform.io/HashiCorp/MySQL\"",
    ];
    for (i, form) in forms.iter().enumerate() {
        write(
            &dir,
            &format!("p{i}.tf"),
            format!(
                "terraform {{\n  required_providers {{\n    db = {{\n      source = {form}\n    }}\n  }}\n}}\n"
            ),
        );
    }
    assert_drift(
        &check(&dir),
        &[
            ("p0.tf", 3..=4),
            ("p1.tf", 3..=4),
            ("p2.tf", 3..=4),
            ("p3.tf", 3..=4),
        ],
    );
}

// ---------------------------------------------------------------------
// Terraform: labels, sources and escapes
// ---------------------------------------------------------------------

/// HCL decodes `\uNNNN` and `\UNNNNNNNN` in quoted labels: `terraform graph`
/// shows `aws_db_instance.a` and `aws_db_instance.b`.
#[test]
fn resource_type_labels_with_hcl_escapes() {
    let dir = project("label-escapes", &resources_rule());
    write(
        &dir,
        "main.tf",
        "resource \"aws\\u005fdb_instance\" \"a\" {}\nresource \"aws_db_\\U00000069nstance\" \"b\" {}\n",
    );
    assert_drift(&check(&dir), &[("main.tf", 1..=1), ("main.tf", 2..=2)]);
}

/// JSON escapes in a `.tf.json` type key: Terraform reads `aws_db_instance`.
#[test]
fn resource_type_keys_with_json_escapes() {
    let dir = project("json-escapes", &resources_rule());
    write(
        &dir,
        "main.tf.json",
        "{\n  \"resource\": {\n    \"aws\\u005fdb_instance\": {\n      \"main\": {}\n    }\n  }\n}\n",
    );
    assert_drift(&check(&dir), &[("main.tf.json", 3..=4)]);
}

/// A module source with an escaped `/` is the registry module.
#[test]
fn a_module_source_with_an_hcl_escape() {
    let dir = project("module-escape", &rds_module_rule());
    write(
        &dir,
        "main.tf",
        "module \"db\" {\n  source = \"terraform-aws-modules/rds\\u002Faws\"\n}\n",
    );
    assert_drift(&check(&dir), &[("main.tf", 1..=2)]);
}

/// Terraform 1.11 evaluates a module `source` as a constant expression:
/// templates (interpolations and directives) of literals are accepted
/// (`terraform get` installs `./mods/db` from each of these forms; with a
/// registry address it goes on to query the registry). Only references and
/// function calls are rejected ("Variables not allowed", "Function calls
/// not allowed").
#[test]
fn a_module_source_written_as_a_constant_template() {
    let dir = project("module-template", &rds_module_rule());
    let forms = [
        "\"${\"terraform-aws-modules/rds/aws\"}\"",
        "\"terraform-aws-modules/${\"rds\"}/aws\"",
        "\"%{ if true }terraform-aws-modules/rds/aws%{ endif }\"",
        "\"${~ \"terraform-aws-modules/rds/aws\" ~}\"",
    ];
    for (i, form) in forms.iter().enumerate() {
        write(
            &dir,
            &format!("m{i}.tf"),
            format!("module \"db{i}\" {{\n  source = {form}\n}}\n"),
        );
    }
    assert_drift(
        &check(&dir),
        &[
            ("m0.tf", 1..=2),
            ("m1.tf", 1..=2),
            ("m2.tf", 1..=2),
            ("m3.tf", 1..=2),
        ],
    );
}

/// Parentheses (also across lines), a constant conditional, an index into
/// a tuple and an object attribute: Terraform 1.11 accepts each as a module
/// source (checked with `terraform get` on a local path).
#[test]
fn a_module_source_written_as_another_constant_expression() {
    let dir = project("module-constant", &rds_module_rule());
    let forms = [
        "(\"terraform-aws-modules/rds/aws\")",
        "(\n    \"terraform-aws-modules/rds/aws\"\n  )",
        "true ? \"terraform-aws-modules/rds/aws\" : \"./none\"",
        "[\"terraform-aws-modules/rds/aws\"][0]",
        "{ s = \"terraform-aws-modules/rds/aws\" }.s",
    ];
    for (i, form) in forms.iter().enumerate() {
        write(
            &dir,
            &format!("m{i}.tf"),
            format!("module \"db{i}\" {{\n  source = {form}\n}}\n"),
        );
    }
    assert_drift(
        &check(&dir),
        &[
            ("m0.tf", 1..=2),
            ("m1.tf", 1..=4),
            ("m2.tf", 1..=2),
            ("m3.tf", 1..=2),
            ("m4.tf", 1..=2),
        ],
    );
}

/// `//modules/notification` is a submodule of the s3-bucket module: it
/// creates bucket notifications, no storage. A rule that names the
/// submodule matches only the call of the submodule, not the whole module.
#[test]
fn a_module_subdirectory_is_its_own_module() {
    let dir = project(
        "module-subdir",
        &rule(
            "[terraform]\nmodules = [\"terraform-aws-modules/s3-bucket/aws//modules/notification\"]\n",
        ),
    );
    write(
        &dir,
        "main.tf",
        "module \"logs\" {\n  source = \"terraform-aws-modules/s3-bucket/aws\"\n}\n\nmodule \"notify\" {\n  source = \"terraform-aws-modules/s3-bucket/aws//modules/notification\"\n}\n",
    );
    let outcome = check(&dir);
    assert_drift(&outcome, &[("main.tf", 5..=6)]);
    let found = drift(&outcome);
    assert_eq!(found.len(), 1, "only the submodule call matches\n{outcome}");
    assert!(
        found[0].message.contains("modules/notification"),
        "the finding names the submodule\n{outcome}"
    );
}

/// A rule for the whole module still matches a call of one of its
/// submodules (a more precise pattern is needed to tell them apart).
#[test]
fn a_module_rule_still_matches_its_submodules() {
    let dir = project(
        "module-subdir-whole",
        &rule("[terraform]\nmodules = [\"terraform-aws-modules/s3-bucket/aws\"]\n"),
    );
    write(
        &dir,
        "main.tf",
        "module \"logs\" {\n  source = \"terraform-aws-modules/s3-bucket/aws\"\n}\n\nmodule \"notify\" {\n  source = \"terraform-aws-modules/s3-bucket/aws//modules/notification\"\n}\n",
    );
    assert_drift(&check(&dir), &[("main.tf", 1..=2), ("main.tf", 5..=6)]);
}

// ---------------------------------------------------------------------
// Terraform: what a reader that skims the text misses
// ---------------------------------------------------------------------

/// HCL closes a heredoc at a line whose content, with Unicode white space
/// trimmed on both sides, is the marker. `terraform graph` shows
/// `aws_db_instance.x` for each of these files; a reader that only trims
/// spaces and tabs runs on to the next `EOT` and swallows the resource.
/// (A lone `\r` before the marker is rejected by Terraform: "Invalid
/// character".)
#[test]
fn a_heredoc_end_marker_after_unusual_white_space() {
    let markers = [
        ("vertical tab", "\u{b}EOT"),
        ("form feed", "\u{c}EOT"),
        ("no-break space", "\u{a0}EOT"),
        ("em space", "\u{2003}EOT"),
        ("ideographic space", "\u{3000}EOT"),
        ("trailing vertical tab", "EOT \u{b}"),
    ];
    let mut failures = Vec::new();
    for (name, marker) in markers {
        let dir = project("heredoc", &resources_rule());
        write(
            &dir,
            "main.tf",
            format!(
                "locals {{\n  banner = <<EOT\nhello\n{marker}\n}}\nresource \"aws_db_instance\" \"x\" {{}}\nlocals {{\n  footer = <<EOT\nEOT\n}}\n"
            ),
        );
        let outcome = check(&dir);
        let seen = outcome.code == Some(1)
            && drift(&outcome)
                .iter()
                .any(|f| f.path == "main.tf" && f.line == 6);
        if !seen {
            failures.push(format!("{name}:\n{outcome}"));
        }
    }
    assert!(
        failures.is_empty(),
        "aws_db_instance at main.tf:6 not reported after a heredoc closed by:\n{}",
        failures.join("\n")
    );
}

/// A block comment before `resource` on its line, or between the keyword
/// and the labels: `terraform graph` shows all three resources.
#[test]
fn block_comments_around_the_block_header() {
    let dir = project("comments", &resources_rule());
    write(
        &dir,
        "a.tf",
        "/* legacy */ resource \"aws_db_instance\" \"a\" {}\n",
    );
    write(
        &dir,
        "b.tf",
        "/* a note\n */ resource \"aws_db_instance\" \"b\" {}\n",
    );
    write(
        &dir,
        "c.tf",
        "resource /*\n*/ \"aws_db_instance\" \"c\" {}\n",
    );
    assert_drift(
        &check(&dir),
        &[("a.tf", 1..=1), ("b.tf", 1..=2), ("c.tf", 1..=2)],
    );
}

/// A data source scoped to a `check` block (Terraform 1.5+): `terraform
/// graph` shows `data.aws_db_instance.primary`, and Terraform reads it.
#[test]
fn a_data_source_inside_a_check_block() {
    let dir = project(
        "check-block",
        &rule("[terraform]\ndata_sources = [\"aws_db_instance\"]\n"),
    );
    write(
        &dir,
        "main.tf",
        "check \"db_reachable\" {\n  data \"aws_db_instance\" \"primary\" {\n    db_instance_identifier = \"primary\"\n  }\n\n  assert {\n    condition     = data.aws_db_instance.primary.id != \"\"\n    error_message = \"the database is gone\"\n  }\n}\n",
    );
    assert_drift(&check(&dir), &[("main.tf", 2..=2)]);
}

/// Terraform reads every file whose name ends in `.tf`, whatever bytes
/// the rest of the name has: `terraform graph` shows the resource in
/// `db\xff.tf`. The path adrift prints may replace the byte.
#[test]
fn a_file_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = project("non-utf8-name", &resources_rule());
    let name = std::ffi::OsStr::from_bytes(b"db\xff.tf");
    std::fs::write(dir.join(name), "resource \"aws_db_instance\" \"x\" {}\n").expect("write");
    let outcome = check(&dir);
    assert!(
        outcome.code == Some(1)
            && drift(&outcome)
                .iter()
                .any(|f| f.path.starts_with("db") && f.path.ends_with(".tf") && f.line == 1),
        "expected {ID} at db\\xff.tf:1\n{outcome}"
    );
}

/// Terraform reads a local module from a hidden directory (`terraform
/// graph` shows `module.db.aws_db_instance.main`).
#[test]
fn a_module_in_a_hidden_directory() {
    let dir = project("hidden-module", &resources_rule());
    write(
        &dir,
        "main.tf",
        "module \"db\" {\n  source = \"./.modules/db\"\n}\n",
    );
    write(
        &dir,
        ".modules/db/main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n",
    );
    assert_drift(&check(&dir), &[(".modules/db/main.tf", 1..=1)]);
}

/// Nesting deeper than 64 levels and chains of more than 128 binary
/// operators are valid HCL: `terraform graph` reads this file (and 1,000
/// levels, and 5,000 chained operators).
#[test]
fn deep_nesting_and_long_operator_chains() {
    let n = 100;
    let text = format!(
        "locals {{\n  lists   = {}1{}\n  parens  = {}1{}\n  objects = {}1{}\n  sum     = {}\n  nots    = {}true\n}}\nresource \"aws_db_instance\" \"x\" {{}}\n",
        "[".repeat(n),
        "]".repeat(n),
        "(".repeat(n),
        ")".repeat(n),
        "{ a = ".repeat(n),
        " }".repeat(n),
        vec!["1"; 200].join(" + "),
        "!".repeat(n),
    );
    let dir = project("deep", &resources_rule());
    write(&dir, "main.tf", text);
    assert_drift(&check(&dir), &[("main.tf", 8..=8)]);
}

/// 10,000 nested lists: Terraform 1.11 still reads the file (`terraform
/// graph` shows the resource).
#[test]
fn very_deep_nesting_that_terraform_reads() {
    let n = 10_000;
    let dir = project("very-deep", &resources_rule());
    write(
        &dir,
        "main.tf",
        format!(
            "locals {{\n  x = {}1{}\n}}\nresource \"aws_db_instance\" \"x\" {{}}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    assert_drift(&check(&dir), &[("main.tf", 4..=4)]);
}

/// 100,000 nested lists crash Terraform 1.11 ("goroutine stack exceeds
/// 1000000000-byte limit"). adrift must not crash: a located finding in the
/// file, exit 1.
#[test]
fn nesting_beyond_what_terraform_reads_is_a_finding_not_a_crash() {
    let n = 100_000;
    let dir = project("too-deep", &resources_rule());
    write(
        &dir,
        "main.tf",
        format!(
            "locals {{\n  x = {}1{}\n}}\nresource \"aws_db_instance\" \"x\" {{}}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    assert_located(&check(&dir), &[("main.tf", 1..=4)]);
}

/// A Latin-1 byte in a comment: Terraform 1.11 accepts the file
/// (`terraform graph` shows the resource), so the resource is reported.
/// (In a string, the same byte is rejected: "Invalid character encoding";
/// see the next test.)
#[test]
fn a_latin1_byte_in_a_comment() {
    let dir = project("latin1-comment", &resources_rule());
    write(
        &dir,
        "main.tf",
        b"# caf\xe9\nresource \"aws_db_instance\" \"x\" {}\n".as_slice(),
    );
    assert_drift(&check(&dir), &[("main.tf", 2..=2)]);
}

/// A Latin-1 byte in a string: Terraform rejects the file; adrift reports
/// a located finding (exit 1).
#[test]
fn a_latin1_byte_in_a_string_is_a_located_finding() {
    let dir = project("latin1-string", &resources_rule());
    write(
        &dir,
        "main.tf",
        b"resource \"aws_db_instance\" \"x\" {\n  engine = \"caf\xe9\"\n}\n".as_slice(),
    );
    assert_located(&check(&dir), &[("main.tf", 1..=2)]);
}

/// Duplicate keys in an object constructor: `terraform validate` says
/// "Success! The configuration is valid." (the last value wins).
#[test]
fn duplicate_object_keys() {
    let dir = project("duplicate-keys", &resources_rule());
    write(
        &dir,
        "main.tf",
        "locals {\n  tags = { team = \"a\", team = \"b\" }\n}\nresource \"aws_db_instance\" \"x\" {}\n",
    );
    assert_drift(&check(&dir), &[("main.tf", 4..=4)]);
}

/// Other valid HCL that a reader could stumble on: provider-defined
/// functions (`provider::aws::arn_parse`, Terraform 1.8+), Unicode and
/// dashed identifiers, legacy `.0` indexes, both splats, strip markers,
/// escaped `$${` and `%%{`, bare labels and a NUL byte in a string. `terraform
/// validate` accepts each.
#[test]
fn other_valid_hcl() {
    let dir = project("other-hcl", &resources_rule());
    write(
        &dir,
        "main.tf",
        "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\nlocals {\n  arn   = provider::aws::arn_parse(\"arn:aws:iam::444455556666:role/example\")\n  café  = 1\n  a-b   = [1]\n  first = local.a-b.0\n  l     = [{ a = 1 }]\n  s1    = local.l[*].a\n  s2    = local.l.*.a\n  t     = \"%{~ if true ~} x %{~ endif ~} $${literal} %%{literal}\"\n  nul   = \"a\u{0}b\"\n}\nresource aws_db_instance bare {}\n",
    );
    assert_drift(&check(&dir), &[("main.tf", 17..=17)]);
}

// ---------------------------------------------------------------------
// Python requirements files
// ---------------------------------------------------------------------

/// Every spelling pip 23 accepts for an include: no space, a tab, `=`, a
/// space, an unambiguous prefix of `--requirement` (optparse), and a
/// comment after a tab. pip installs SQLAlchemy from `other.txt` each time.
#[test]
fn requirement_includes_in_every_spelling() {
    let forms = [
        "-rother.txt",
        "-r\tother.txt",
        "--requirement=other.txt",
        "--requirement other.txt",
        "--requirem other.txt",
        "-r other.txt\t# the shared pins",
    ];
    let mut failures = Vec::new();
    for form in forms {
        let dir = project("includes", &sqlalchemy_rule());
        write(&dir, "requirements.txt", format!("fastapi\n{form}\n"));
        write(&dir, "other.txt", "SQLAlchemy==2.0.30\n");
        let outcome = check(&dir);
        if !(outcome.code == Some(1)
            && drift(&outcome)
                .iter()
                .any(|f| f.path == "other.txt" && f.line == 1))
        {
            failures.push(format!("{form:?}:\n{outcome}"));
        }
    }
    assert!(
        failures.is_empty(),
        "SQLAlchemy at other.txt:1 not reported through:\n{}",
        failures.join("\n")
    );
}

/// pip strips a UTF-8 byte order mark and installs `sqlalchemy`.
#[test]
fn a_byte_order_mark_before_the_first_requirement() {
    let dir = project("py-bom", &sqlalchemy_rule());
    write(&dir, "requirements.txt", "\u{feff}sqlalchemy\n");
    assert_drift(&check(&dir), &[("requirements.txt", 1..=1)]);
}

/// pip splits lines on `\r` too: it installs fastapi (line 1) and
/// sqlalchemy (line 2).
#[test]
fn carriage_return_line_ends() {
    let dir = project("py-cr", &sqlalchemy_rule());
    write(&dir, "requirements.txt", "fastapi\rsqlalchemy\r");
    assert_drift(&check(&dir), &[("requirements.txt", 2..=2)]);
}

/// Editable VCS requirements with `#egg=`: pip names them SQLAlchemy (and
/// `--edit` is an unambiguous prefix of `--editable`).
#[test]
fn editable_requirements_with_an_egg_name() {
    let dir = project("py-editable", &sqlalchemy_rule());
    write(
        &dir,
        "requirements.txt",
        "-e git+https://github.com/sqlalchemy/sqlalchemy.git#egg=SQLAlchemy\n--editable=git+https://github.com/sqlalchemy/sqlalchemy.git@rel_2_0#egg=SQLAlchemy\n--edit git+https://github.com/sqlalchemy/sqlalchemy.git@main#egg=sqlalchemy\n",
    );
    assert_drift(
        &check(&dir),
        &[
            ("requirements.txt", 1..=1),
            ("requirements.txt", 2..=2),
            ("requirements.txt", 3..=3),
        ],
    );
}

/// URL requirements pip names without downloading: `#egg=`, a wheel file
/// name, and PEP 508 `name @ url`.
#[test]
fn url_requirements_that_pip_names() {
    let dir = project("py-urls", &sqlalchemy_rule());
    write(
        &dir,
        "requirements.txt",
        "https://github.com/sqlalchemy/sqlalchemy/archive/refs/heads/main.zip#egg=sqlalchemy\nhttps://example.com/wheels/SQLAlchemy-2.0.30-py3-none-any.whl\nsqlalchemy @ https://github.com/sqlalchemy/sqlalchemy/archive/refs/tags/rel_2_0_30.zip\n",
    );
    assert_drift(
        &check(&dir),
        &[
            ("requirements.txt", 1..=1),
            ("requirements.txt", 2..=2),
            ("requirements.txt", 3..=3),
        ],
    );
}

/// A URL pip cannot name without downloading it (no `#egg=`, not a wheel):
/// pip would install whatever it turns out to be. adrift cannot know: it
/// must say so at the line, not stay silent.
#[test]
fn url_requirements_pip_cannot_name_are_located_findings() {
    let dir = project("py-unnamed", &sqlalchemy_rule());
    write(
        &dir,
        "requirements.txt",
        "https://example.com/pkgs/sqlalchemy-2.0.30.tar.gz\ngit+https://github.com/sqlalchemy/sqlalchemy.git\n",
    );
    assert_located(
        &check(&dir),
        &[("requirements.txt", 1..=1), ("requirements.txt", 2..=2)],
    );
}

/// Option lines around a requirement, and options after it on its line.
#[test]
fn long_options_next_to_a_requirement() {
    let dir = project("py-options", &sqlalchemy_rule());
    write(&dir, "constraints.txt", "fastapi<1\n");
    write(
        &dir,
        "requirements.txt",
        "--index-url https://pypi.org/simple\n--extra-index-url=https://example.com/simple\n--constraint constraints.txt\n--trusted-host example.com\n--prefer-binary\nsqlalchemy==2.0.30 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n--editable=git+https://github.com/tiangolo/fastapi.git#egg=fastapi\n",
    );
    assert_drift(&check(&dir), &[("requirements.txt", 6..=6)]);
}

/// pip joins a line ending in `\` with the next one before reading it:
/// `SQL\` + `Alchemy==2.0` is SQLAlchemy.
#[test]
fn a_line_continuation_inside_the_name() {
    let dir = project("py-continuation", &sqlalchemy_rule());
    write(&dir, "requirements.txt", "SQL\\\nAlchemy==2.0.30\n");
    assert_drift(&check(&dir), &[("requirements.txt", 1..=2)]);
}

/// pip installs nothing from a constraints file (`-c`): it only limits the
/// versions of what other lines install. Here pip installs fastapi only,
/// so the gate passes.
#[test]
fn a_constraints_file_installs_nothing() {
    let dir = project("py-constraints", &sqlalchemy_rule());
    write(&dir, "constraints.txt", "sqlalchemy==2.0.30\n");
    write(&dir, "requirements.txt", "-c constraints.txt\nfastapi\n");
    let outcome = check(&dir);
    assert!(
        outcome.code == Some(0) && drift(&outcome).is_empty(),
        "pip installs only fastapi\n{outcome}"
    );
}

/// pip reads `-r` inside a constraints file as an include of requirements,
/// not of constraints (`_parse_and_recurse` in pip 23: a nested `-r` is
/// never a constraint): pip installs fastapi and SQLAlchemy here.
#[test]
fn a_requirements_include_inside_a_constraints_file() {
    let dir = project("py-constraints-include", &sqlalchemy_rule());
    write(&dir, "constraints.txt", "fastapi<1\n-r db.txt\n");
    write(&dir, "db.txt", "SQLAlchemy==2.0.30\n");
    write(&dir, "requirements.txt", "-c constraints.txt\nfastapi\n");
    assert_drift(&check(&dir), &[("db.txt", 1..=1)]);
}

/// setuptools installs a project's `[options] install_requires` and
/// `[options.extras_require]` from its `setup.cfg` (`python setup.py
/// egg_info` with setuptools 65 writes `SQLAlchemy>=2` and `redis` into
/// `requires.txt`; `pip install .` installs them). No pyproject.toml or
/// requirements file names them.
#[test]
fn setup_cfg_install_requires() {
    let dir = project(
        "py-setup-cfg",
        &rule("[python]\npackages = [\"sqlalchemy\", \"redis\"]\n"),
    );
    write(
        &dir,
        "svc/setup.cfg",
        "[metadata]\nname = svc\n\n[options]\npy_modules =\ninstall_requires =\n    fastapi\n    # a comment\n    SQLAlchemy>=2\n\n[options.extras_require]\ncache = redis; fastapi\n",
    );
    write(
        &dir,
        "svc/setup.py",
        "import setuptools\nsetuptools.setup()\n",
    );
    assert_drift(
        &check(&dir),
        &[("svc/setup.cfg", 9..=9), ("svc/setup.cfg", 12..=12)],
    );
}

/// `setup.py`: setuptools installs its literal `install_requires` and
/// `extras_require` (through a name bound to a literal too); adrift never
/// runs it, so a value only running could tell (a file read at build time)
/// is a located finding, never a pass.
#[test]
fn setup_py_install_requires() {
    let dir = project(
        "py-setup-py",
        &rule("[python]\npackages = [\"sqlalchemy\", \"redis\"]\n"),
    );
    write(
        &dir,
        "svc/setup.py",
        "from setuptools import setup\n\nREQUIRES = [\n    \"fastapi\",\n    \"SQLAlchemy>=2\",\n]\n\nsetup(\n    name=\"svc\",\n    install_requires=REQUIRES,\n    extras_require={\"cache\": [\"redis\"]},\n)\n",
    );
    write(
        &dir,
        "legacy/setup.py",
        "import setuptools\n\nsetuptools.setup(\n    name='legacy',\n    install_requires=open('reqs.lst').read().splitlines(),\n)\n",
    );
    let outcome = check(&dir);
    assert_drift(
        &outcome,
        &[("svc/setup.py", 5..=5), ("svc/setup.py", 11..=11)],
    );
    assert_located(&outcome, &[("legacy/setup.py", 5..=5)]);
}

/// setuptools reads dependencies declared `dynamic` from the files
/// `[tool.setuptools.dynamic]` names, whatever their names (`egg_info`
/// writes `sqlalchemy` and `redis` from `deps.txt` and `extra.lst`), and
/// `install_requires = file: …` in a `setup.cfg` likewise. A file that is
/// not there fails the build: a located finding at its reference.
#[test]
fn dependencies_setuptools_reads_from_files() {
    let dir = project(
        "py-setuptools-dynamic",
        &rule("[python]\npackages = [\"sqlalchemy\", \"redis\", \"pymongo\"]\n"),
    );
    write(
        &dir,
        "a/pyproject.toml",
        "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \"a\"\nversion = \"0.1\"\ndynamic = [\"dependencies\", \"optional-dependencies\"]\n\n[tool.setuptools.dynamic]\ndependencies = {file = [\"deps.txt\"]}\noptional-dependencies.cache = {file = \"extra.lst\"}\n",
    );
    write(&dir, "a/deps.txt", "fastapi\nsqlalchemy\n");
    write(&dir, "a/extra.lst", "redis\n");
    write(
        &dir,
        "b/setup.cfg",
        "[metadata]\nname = b\n[options]\ninstall_requires = file: needs.in, gone.txt\n",
    );
    write(&dir, "b/needs.in", "pymongo\n");
    let outcome = check(&dir);
    assert_drift(
        &outcome,
        &[
            ("a/deps.txt", 2..=2),
            ("a/extra.lst", 1..=1),
            ("b/needs.in", 1..=1),
        ],
    );
    assert!(
        outcome
            .findings
            .iter()
            .any(|f| f.code == "parse-error" && f.path == "b/setup.cfg" && f.line == 4),
        "a missing file is a finding at its reference\n{outcome}"
    );
}

/// A dependency whose specifier names no package (a tarball, a URL, git)
/// installs whatever package it turns out to be, under its key: npm 10
/// (`npm install --package-lock-only --offline`) writes this lock for
/// `"db": "file:vendor/pg-8.11.0.tgz"`, whose tarball is `pg`, and installs
/// it as `node_modules/db`. The lock's `name` is the package.
#[test]
fn an_npm_dependency_the_lock_resolves_to_another_package() {
    let dir = project("npm-resolved-name", &rule("[npm]\npackages = [\"pg\"]\n"));
    write(
        &dir,
        "package.json",
        "{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": {\n    \"db\": \"file:vendor/pg-8.11.0.tgz\"\n  }\n}\n",
    );
    write(
        &dir,
        "package-lock.json",
        r#"{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "1.0.0",
      "dependencies": {
        "db": "file:vendor/pg-8.11.0.tgz"
      }
    },
    "node_modules/db": {
      "name": "pg",
      "version": "8.11.0",
      "resolved": "file:vendor/pg-8.11.0.tgz",
      "integrity": "sha512-7341/GIyBa07vYSJBQmJbXqz7OVNrCtjA6zv5ZPnrQFNGnJ5MzwLQfDUg0vyWXG6CqC2A2CpTpfKMQc15YFRXQ=="
    }
  }
}
"#,
    );
    assert_drift(&check(&dir), &[("package.json", 5..=5)]);
}

/// Without a lock, a tarball URL or a git repository is whatever package
/// it turns out to be (npm-package-arg types these `remote` and `git`; npm
/// installs them under their keys). adrift cannot name them: a located
/// finding at each, never a pass. A registry range and a local directory
/// (whose own package.json is read) are no finding.
#[test]
fn npm_dependencies_no_lock_names_are_located_findings() {
    let dir = project("npm-unnamed", &rule("[npm]\npackages = [\"pg\"]\n"));
    write(
        &dir,
        "package.json",
        "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"db\": \"https://registry.npmjs.org/pg/-/pg-8.11.0.tgz\",\n    \"store\": \"brianc/node-postgres#v8\",\n    \"web\": \"^4.18\",\n    \"shared\": \"file:../shared\"\n  }\n}\n",
    );
    let outcome = check(&dir);
    assert_located(
        &outcome,
        &[("package.json", 4..=4), ("package.json", 5..=5)],
    );
    assert_eq!(outcome.findings.len(), 2, "{outcome}");
}

// ---------------------------------------------------------------------
// The walk: ignore files and special files
// ---------------------------------------------------------------------

/// git does not honour `.ignore` (ripgrep's file), and Terraform reads
/// what it lists.
#[test]
fn an_ignore_file_that_git_does_not_honour() {
    let dir = project("dot-ignore", &resources_rule());
    write(&dir, ".ignore", "*.tf\n");
    write(&dir, "main.tf", "resource \"aws_db_instance\" \"x\" {}\n");
    assert_drift(&check(&dir), &[("main.tf", 1..=1)]);
}

fn git_init(dir: &Path) {
    let status = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .expect("git runs");
    assert!(status.success());
}

/// A `.gitignore` above the repository's root is not the repository's:
/// git does not apply it inside the repository.
#[test]
fn a_gitignore_above_the_repository_root() {
    let outer = temp_dir("trick-outer-gitignore");
    write(&outer, ".gitignore", "*.tf\n");
    let dir = outer.join("repo");
    gate_at(&dir, &resources_rule());
    git_init(&dir);
    write(&dir, "main.tf", "resource \"aws_db_instance\" \"x\" {}\n");
    assert_drift(&check(&dir), &[("main.tf", 1..=1)]);
}

/// The repository's own `.gitignore` keeps working: what it ignores
/// (`.terraform/`, a build directory) is not read.
#[test]
fn the_repository_gitignore_is_still_honoured() {
    let dir = project("gitignore", &resources_rule());
    git_init(&dir);
    write(&dir, ".gitignore", ".terraform/\nbuild/\n");
    write(
        &dir,
        ".terraform/modules/db/main.tf",
        "resource \"aws_db_instance\" \"vendored\" {}\n",
    );
    write(
        &dir,
        "build/main.tf",
        "resource \"aws_db_instance\" \"generated\" {}\n",
    );
    write(&dir, "main.tf", "\nresource \"aws_db_instance\" \"x\" {}\n");
    let outcome = check(&dir);
    assert_drift(&outcome, &[("main.tf", 2..=2)]);
    assert_eq!(
        drift(&outcome).len(),
        1,
        "ignored files are not read\n{outcome}"
    );
}

/// A FIFO named `main.tf` blocks whoever opens it for reading. adrift must
/// not hang: a located finding (not a regular file), exit 1.
#[test]
fn a_fifo_named_like_a_terraform_file() {
    let dir = project("fifo", &resources_rule());
    let _removed = Removed(dir.clone());
    let status = Command::new("mkfifo")
        .arg(dir.join("main.tf"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    assert_located(&check(&dir), &[("main.tf", 0..=1)]);
}

/// `main.tf` → `/dev/zero` never ends. adrift must not hang or exhaust
/// memory: a located finding (too large, not a regular file), exit 1.
#[test]
fn a_terraform_file_that_never_ends() {
    let dir = project("dev-zero", &resources_rule());
    let _removed = Removed(dir.clone());
    std::os::unix::fs::symlink("/dev/zero", dir.join("main.tf")).expect("symlink");
    let outcome = check(&dir);
    assert_located(&outcome, &[("main.tf", 0..=1)]);
    // The address-space cap of `run` turns reading forever into an
    // allocation failure; without it, the machine runs out of memory. The
    // file must be refused before that.
    assert!(
        !outcome
            .findings
            .iter()
            .any(|f| f.message.contains("out of memory") || f.message.contains("allocation")),
        "an endless file is refused, not read until memory runs out\n{outcome}"
    );
}

/// A directory named `x.tf` is no file (Terraform skips it) but its
/// contents are read like any directory's; it is no finding itself.
#[test]
fn a_directory_named_like_a_terraform_file() {
    let dir = project("dir-tf", &resources_rule());
    write(
        &dir,
        "infra/x.tf/main.tf",
        "resource \"aws_db_instance\" \"x\" {}\n",
    );
    let outcome = check(&dir);
    assert_drift(&outcome, &[("infra/x.tf/main.tf", 1..=1)]);
    assert!(
        !outcome.findings.iter().any(|f| f.path == "infra/x.tf"),
        "the directory itself is no finding\n{outcome}"
    );
}

/// Two `.tf` symlinks pointing at each other: each is a located finding.
#[test]
fn a_symlink_loop_between_terraform_files() {
    let dir = project("symlink-loop", &resources_rule());
    let _removed = Removed(dir.clone());
    std::os::unix::fs::symlink("b.tf", dir.join("a.tf")).expect("symlink");
    std::os::unix::fs::symlink("a.tf", dir.join("b.tf")).expect("symlink");
    assert_located(&check(&dir), &[("a.tf", 0..=1), ("b.tf", 0..=1)]);
}

// ---------------------------------------------------------------------
// Cargo manifests
// ---------------------------------------------------------------------

/// Cargo (edition 2021) still accepts the underscore spellings inside
/// `[target.'cfg(..)']` tables: `cargo metadata` lists sqlx as a build
/// dependency and a dev dependency for `cfg(unix)`.
#[test]
fn target_tables_with_underscore_spellings() {
    let dir = project(
        "cargo-underscore",
        &rule("[cargo]\ncrates = [\"sqlx\"]\ndev = true\n"),
    );
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[target.'cfg(unix)'.build_dependencies]\nsqlx = \"0.8\"\n\n[target.'cfg(unix)'.dev_dependencies]\nsqlx = \"0.8\"\n",
    );
    assert_drift(
        &check(&dir),
        &[("Cargo.toml", 7..=7), ("Cargo.toml", 10..=10)],
    );
}

const REGISTRY: &str = "registry+https://github.com/rust-lang/crates.io-index";

/// A `Cargo.lock` package entry.
fn lock_package(name: &str, version: &str, registry: bool, deps: &[&str]) -> String {
    let mut s = format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n");
    if registry {
        s.push_str(&format!("source = \"{REGISTRY}\"\n"));
        s.push_str(
            "checksum = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
        );
    }
    if !deps.is_empty() {
        s.push_str("dependencies = [\n");
        for d in deps {
            s.push_str(&format!(" \"{d}\",\n"));
        }
        s.push_str("]\n");
    }
    s.push('\n');
    s
}

fn lock(packages: &[String]) -> String {
    format!(
        "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n{}",
        packages.concat()
    )
}

/// `app` reaches sqlx through a dev-dependency (`a-test-kit`, first in the
/// lock) and through a normal dependency (`store-kit`). The normal path is
/// the one that ships; it must be reported without deleting the dev line.
#[test]
fn a_dev_dependency_path_does_not_hide_the_normal_path() {
    let dir = project("cargo-dev-first", &rule("[cargo]\ncrates = [\"sqlx\"]\n"));
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nstore-kit = \"1\"\n\n[dev-dependencies]\na-test-kit = \"1\"\n",
    );
    write(
        &dir,
        "Cargo.lock",
        lock(&[
            lock_package("a-test-kit", "1.0.0", true, &["sqlx"]),
            lock_package("app", "0.1.0", false, &["a-test-kit", "store-kit"]),
            lock_package("sqlx", "0.8.2", true, &[]),
            lock_package("store-kit", "1.2.0", true, &["sqlx"]),
        ]),
    );
    let outcome = check(&dir);
    assert_drift(&outcome, &[("Cargo.toml", 7..=7)]);
    assert!(
        drift(&outcome)
            .iter()
            .any(|f| f.message.contains("store-kit")),
        "the path named is the normal one\n{outcome}"
    );
}

/// A waiver on the `rusqlite` line waives the path through rusqlite, not
/// the other path to libsqlite3-sys through sqlx.
#[test]
fn a_waiver_on_one_path_does_not_hide_another_path() {
    let dir = project(
        "cargo-waiver-path",
        &rule("[cargo]\ncrates = [\"libsqlite3-sys\"]\n"),
    );
    write(
        &dir,
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nrusqlite = \"0.31\" # adrift:allow=no-db: the CLI's local cache, agreed in review\nsqlx = { version = \"0.8\", features = [\"sqlite\"] }\n",
    );
    write(
        &dir,
        "Cargo.lock",
        lock(&[
            lock_package("app", "0.1.0", false, &["rusqlite", "sqlx"]),
            lock_package("libsqlite3-sys", "0.28.0", true, &[]),
            lock_package("rusqlite", "0.31.0", true, &["libsqlite3-sys"]),
            lock_package("sqlx", "0.8.2", true, &["sqlx-sqlite"]),
            lock_package("sqlx-sqlite", "0.8.2", true, &["libsqlite3-sys"]),
        ]),
    );
    let outcome = check(&dir);
    assert_drift(&outcome, &[("Cargo.toml", 8..=8)]);
}

/// `api` depends on the workspace member `core`, whose dev-dependency
/// `a-fixtures` and normal dependency `cache` both reach redis. Building
/// `api` never builds `core`'s dev-dependencies: the path printed must be
/// `api → core → cache → redis`. (Cargo.lock does not record edge kinds;
/// `core/Cargo.toml` does.)
#[test]
fn the_path_printed_uses_only_normal_edges() {
    let dir = project("cargo-chain", &rule("[cargo]\ncrates = [\"redis\"]\n"));
    write(
        &dir,
        "Cargo.toml",
        "[workspace]\nmembers = [\"api\", \"core\"]\nresolver = \"2\"\n",
    );
    write(
        &dir,
        "api/Cargo.toml",
        "[package]\nname = \"api\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ncore = { path = \"../core\" }\n",
    );
    write(
        &dir,
        "core/Cargo.toml",
        "[package]\nname = \"core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ncache = \"1\"\n\n[dev-dependencies]\na-fixtures = \"1\"\n",
    );
    write(
        &dir,
        "Cargo.lock",
        lock(&[
            lock_package("a-fixtures", "1.0.0", true, &["redis"]),
            lock_package("api", "0.1.0", false, &["core"]),
            lock_package("cache", "1.4.0", true, &["redis"]),
            lock_package("core", "0.1.0", false, &["a-fixtures", "cache"]),
            lock_package("redis", "0.27.6", true, &[]),
        ]),
    );
    let outcome = check(&dir);
    assert_drift(&outcome, &[("api/Cargo.toml", 7..=7)]);
    let api: Vec<&Found> = drift(&outcome)
        .into_iter()
        .filter(|f| f.path == "api/Cargo.toml")
        .collect();
    assert!(
        api.iter()
            .all(|f| f.message.contains("cache") && !f.message.contains("a-fixtures")),
        "reached through api → core → cache → redis, never a dev edge of core\n{outcome}"
    );
}

// ---------------------------------------------------------------------
// Escape hatches
// ---------------------------------------------------------------------

/// A baselined `parse-error` adopts the file's syntax problem, not whatever
/// is written into the file later: a banned resource added to a file that
/// still does not parse fails the gate.
#[test]
fn a_baselined_parse_error_does_not_hide_new_drift() {
    let dir = project("baseline-parse-error", &resources_rule());
    write(
        &dir,
        "main.tf",
        "resource \"aws_db_instance\" \"legacy\" {}\n\nlocals {\n  broken =\n}\n",
    );
    let written = run(&dir, &["check", "--write-baseline", "b.json"]);
    assert_eq!(written.code, Some(0), "{written}");
    let baseline = std::fs::read_to_string(dir.join("b.json")).expect("baseline");
    assert!(baseline.contains("parse-error"), "{baseline}");
    write(
        &dir,
        "main.tf",
        "resource \"aws_db_instance\" \"new\" {}\nresource \"aws_db_instance\" \"legacy\" {}\n\nlocals {\n  broken =\n}\n",
    );
    let outcome = run(&dir, &["check", "--format", "json", "--baseline", "b.json"]);
    assert_located(&outcome, &[("main.tf", 1..=6)]);
}

/// `parse-error` cannot be turned off: a file adrift cannot read would
/// pass the gate unread. The configuration is rejected with its location.
#[test]
fn parse_errors_cannot_be_turned_off() {
    for level in ["off", "warning"] {
        let dir = project("parse-error-off", &resources_rule());
        write(
            &dir,
            "adrift.toml",
            format!("[severity]\nparse-error = \"{level}\"\n"),
        );
        write(
            &dir,
            "main.tf",
            "resource \"aws_db_instance\" \"x\" {}\nlocals {\n  broken =\n}\n",
        );
        let outcome = check(&dir);
        if level == "off" {
            assert!(
                outcome.code == Some(2) && outcome.stderr.contains("adrift.toml:2"),
                "parse-error = \"off\" is rejected, pointing into adrift.toml\n{outcome}"
            );
        } else {
            assert!(
                matches!(outcome.code, Some(1 | 2)),
                "parse-error = \"warning\" is rejected or the gate still fails\n{outcome}"
            );
        }
    }
}
