//! The Go ecosystem reads go.mod (and go.work) the way the go command
//! reads them: each test is a project a user could have, run through
//! `adrift check`, asserting what the user sees. With the `interop`
//! feature, generated go.mod files are read by the real go command
//! (`go mod edit -json`) and by adrift, which must agree.

use std::path::{Path, PathBuf};

use crate::support::{adrift, gated_project, write};

const RULE: &str = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[go]\nmodules = [\"github.com/lib/pq\", \"github.com/jackc/pgx\", \"gorm.io/driver/*\", \"gopkg.in/mgo.v2\"]\n";

#[derive(Debug, Clone)]
struct Found {
    code: String,
    path: String,
    line: u64,
    message: String,
}

fn check(dir: &Path) -> (i32, Vec<Found>) {
    let run = adrift(dir, &["check", "--format", "json"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout));
    let found = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Found {
            code: f["code"].as_str().unwrap_or_default().to_string(),
            path: f["path"].as_str().unwrap_or_default().to_string(),
            line: f["line"].as_u64().unwrap_or_default(),
            message: f["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    (run.code, found)
}

fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = gated_project(name, RULE);
    for (path, text) in files {
        write(&dir, path, text);
    }
    dir
}

/// (code, path, line, message) of every finding.
fn seen(found: &[Found]) -> Vec<(String, String, u64, String)> {
    found
        .iter()
        .map(|f| (f.code.clone(), f.path.clone(), f.line, f.message.clone()))
        .collect()
}

fn f(code: &str, path: &str, line: u64, message: &str) -> (String, String, u64, String) {
    (code.into(), path.into(), line, message.into())
}

#[test]
fn direct_and_indirect_requirements_are_reported_at_their_lines() {
    let dir = project(
        "go-direct",
        &[(
            "svc/go.mod",
            "module example.com/svc\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.5.5 // indirect\n\tgorm.io/driver/postgres v1.5.7\n\tgopkg.in/mgo.v2 v2.0.0-20190816093944-a6b53ec6cb22 // indirect\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        )],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    let indirect = "(// indirect: required through another module; since Go 1.17 go.mod lists every module the build uses)";
    assert_eq!(
        seen(&found),
        [
            f(
                "no-db",
                "svc/go.mod",
                5,
                "module \"github.com/lib/pq\" contradicts ADR-0001: stateless"
            ),
            f(
                "no-db",
                "svc/go.mod",
                9,
                &format!(
                    "module \"github.com/jackc/pgx/v5\" contradicts ADR-0001: stateless {indirect}"
                )
            ),
            f(
                "no-db",
                "svc/go.mod",
                10,
                "module \"gorm.io/driver/postgres\" contradicts ADR-0001: stateless"
            ),
            f(
                "no-db",
                "svc/go.mod",
                11,
                &format!("module \"gopkg.in/mgo.v2\" contradicts ADR-0001: stateless {indirect}")
            ),
        ]
    );
    // The human report points at the module path and version.
    let run = adrift(&dir, &["check", "--format", "compact"]);
    assert!(run.stdout.contains("svc/go.mod:9:2"), "{}", run.stdout);
}

#[test]
fn a_replacement_is_what_the_build_uses() {
    let dir = project(
        "go-replace",
        &[(
            "go.mod",
            "module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/acme/store v1.0.0\n\tgithub.com/lib/pq v1.10.9\n)\n\nreplace github.com/acme/store => github.com/jackc/pgx/v5 v5.5.5\n\nreplace github.com/lib/pq => ../pq\n",
        )],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        seen(&found),
        [
            f(
                "no-db",
                "go.mod",
                7,
                "module \"github.com/lib/pq\" contradicts ADR-0001: stateless (replaced by the local directory ../pq on line 12: the build uses that directory's code)"
            ),
            f(
                "no-db",
                "go.mod",
                10,
                "module \"github.com/jackc/pgx/v5\" contradicts ADR-0001: stateless (replaces github.com/acme/store: the build uses it in its place)"
            ),
        ]
    );
}

#[test]
fn waivers_in_go_comments_cover_a_line_or_a_block() {
    let dir = project(
        "go-waivers",
        &[(
            "go.mod",
            "module example.com/svc\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9 // adrift:allow=no-db: the migration tool only\n\n// adrift:allow=no-db: the legacy importer, see OPS-7\nrequire (\n\tgorm.io/driver/mysql v1.5.0\n\tgorm.io/driver/sqlite v1.5.0\n)\n\nrequire (\n\t// adrift:allow=no-db: one line only\n\tgithub.com/jackc/pgx/v5 v5.5.5 // indirect\n\tgorm.io/driver/postgres v1.5.7\n)\n# adrift:allow=no-db: not a go.mod comment\n",
        )],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    let summary: Vec<(String, u64)> = found.iter().map(|f| (f.code.clone(), f.line)).collect();
    // `#` is not a comment in go.mod: the go command refuses the line.
    assert_eq!(
        summary,
        [("no-db".to_string(), 16), ("parse-error".to_string(), 18)],
        "{found:?}"
    );
    let run = adrift(&dir, &["check"]);
    assert!(
        run.stdout
            .contains("found 2 errors in 2 files (4 findings waived)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_go_mod_the_go_command_refuses_fails_closed_and_is_still_read() {
    let dir = project(
        "go-broken",
        &[(
            "go.mod",
            "module example.com/svc\n\nrequire `github.com/lib/pq` v1.10.9\nrequire gorm.io/driver/postgres latest\nrequires example.com/x v1.0.0\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.5\n",
        )],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        seen(&found),
        [
            f(
                "no-db",
                "go.mod",
                3,
                "module \"github.com/lib/pq\" contradicts ADR-0001: stateless (on a line the go command refuses)"
            ),
            f(
                "parse-error",
                "go.mod",
                3,
                "the go command refuses this go.mod: invalid quoted string: unquoted string cannot contain quote"
            ),
            f(
                "no-db",
                "go.mod",
                4,
                "module \"gorm.io/driver/postgres\" contradicts ADR-0001: stateless (on a line the go command refuses)"
            ),
            f(
                "parse-error",
                "go.mod",
                4,
                "the go command refuses this go.mod: require gorm.io/driver/postgres: version \"latest\" invalid: must be of the form v1.2.3"
            ),
            f(
                "parse-error",
                "go.mod",
                5,
                "the go command refuses this go.mod: unknown directive: requires"
            ),
            f(
                "parse-error",
                "go.mod",
                6,
                "the go command refuses this go.mod: syntax error (unterminated block: no `)` closes it)"
            ),
            f(
                "no-db",
                "go.mod",
                7,
                "module \"github.com/jackc/pgx/v5\" contradicts ADR-0001: stateless"
            ),
        ]
    );
    // When no rule wants a Go module, go.mod files are read only for their
    // waivers, as in every ecosystem.
    let quiet = gated_project(
        "go-broken-no-rule",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[cargo]\ncrates = [\"sqlx\"]\n",
    );
    write(&quiet, "go.mod", "module x\n/* c */\n");
    let run = adrift(&quiet, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn go_rules_have_no_dev_key_and_the_catalog_part_applies() {
    let dir = gated_project(
        "go-dev",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[go]\nmodules = [\"github.com/lib/pq\"]\ndev = true\n",
    );
    write(
        &dir,
        "go.mod",
        "module x\nrequire github.com/lib/pq v1.10.9\n",
    );
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("unknown field `dev` in [go]"),
        "{}",
        run.stderr
    );

    let dir = gated_project(
        "go-catalog",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence/go\"]\n",
    );
    write(
        &dir,
        "go.mod",
        "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/redis/go-redis/v9 v9.5.1\n\tgo.mongodb.org/mongo-driver v1.15.0\n\tgithub.com/aws/aws-sdk-go-v2/service/dynamodb v1.31.0\n\tgithub.com/aws/aws-sdk-go-v2 v1.26.0\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/GoogleCloudPlatform/x v1.0.0\n)\n",
    );
    write(
        &dir,
        "go.work",
        "go 1.22\n\nuse ./\n\nreplace github.com/acme/kv => go.etcd.io/bbolt v1.3.9\n",
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    let lines: Vec<(String, u64)> = found.iter().map(|f| (f.path.clone(), f.line)).collect();
    assert_eq!(
        lines,
        [
            ("go.mod".to_string(), 6),
            ("go.mod".to_string(), 7),
            ("go.mod".to_string(), 8),
            ("go.work".to_string(), 5),
        ],
        "{found:?}"
    );
}

#[test]
fn the_baseline_keeps_a_module_across_version_bumps() {
    let dir = project(
        "go-baseline",
        &[("go.mod", "module x\n\nrequire github.com/lib/pq v1.10.8\n")],
    );
    let run = adrift(&dir, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let baseline = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(
        baseline.contains("module \\\"github.com/lib/pq\\\""),
        "{baseline}"
    );
    write(
        &dir,
        "go.mod",
        "module x\n\n// a new comment\nrequire github.com/lib/pq v1.10.9\n",
    );
    let run = adrift(&dir, &["check", "--baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[cfg(feature = "interop")]
mod differential {
    //! The real go command (`go mod edit -json`, no network) reads
    //! generated go.mod files; adrift must read the same requirements and
    //! replacements, and accept exactly the files the go command accepts.

    use crate::support::{temp_dir, write};
    use std::process::Command;

    #[test]
    fn adrift_reads_go_mod_as_go_mod_edit_does() {
        let dir = temp_dir("go-differential");
        let mut compared = 0;
        let mut refused = 0;
        for seed in 0..1000u64 {
            let text = adrift::scan::go::generated_for_interop(seed);
            write(&dir, "go.mod", &text);
            let output = Command::new("go")
                .args(["mod", "edit", "-json"])
                .current_dir(&dir)
                .env("GOFLAGS", "-mod=mod")
                .env("GOTOOLCHAIN", "local")
                .env("HOME", &dir)
                .output()
                .expect("go runs (install golang-go)");
            let ours =
                adrift::scan::go::modfile::parse(&text, adrift::scan::go::modfile::FileKind::Mod);
            if !output.status.success() {
                assert!(
                    !ours.problems.is_empty(),
                    "go refuses, adrift accepts:\n{text}\n{}",
                    String::from_utf8_lossy(&output.stderr)
                );
                refused += 1;
                continue;
            }
            let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
            // `go mod edit` reads a go.mod without a module directive, which
            // every other go command refuses (and adrift with them).
            let no_module = json["Module"]["Path"]
                .as_str()
                .unwrap_or_default()
                .is_empty();
            let refusals: Vec<_> = ours
                .problems
                .iter()
                .filter(|p| !(no_module && p.message.starts_with("no module directive")))
                .collect();
            assert!(
                refusals.is_empty(),
                "go accepts, adrift refuses:\n{text}\n{refusals:?}"
            );
            let theirs: Vec<(String, String, bool)> = json["Require"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|r| {
                            (
                                r["Path"].as_str().unwrap().to_string(),
                                r["Version"].as_str().unwrap().to_string(),
                                r["Indirect"].as_bool().unwrap_or(false),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mine: Vec<(String, String, bool)> = ours
                .requires
                .iter()
                .map(|r| (r.path.clone(), r.version.clone(), r.indirect))
                .collect();
            assert_eq!(mine, theirs, "{text}");
            let theirs: Vec<(String, String, String, String)> = json["Replace"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|r| {
                            let s =
                                |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
                            (
                                s(&r["Old"]["Path"]),
                                s(&r["Old"]["Version"]),
                                s(&r["New"]["Path"]),
                                s(&r["New"]["Version"]),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mine: Vec<(String, String, String, String)> = ours
                .replaces
                .iter()
                .map(|r| {
                    (
                        r.old.clone(),
                        r.old_version.clone().unwrap_or_default(),
                        r.new.clone(),
                        r.new_version.clone().unwrap_or_default(),
                    )
                })
                .collect();
            assert_eq!(mine, theirs, "{text}");
            compared += 1;
        }
        assert!(compared > 400, "only {compared} files accepted");
        assert!(refused > 100, "only {refused} files refused");
    }
}

#[test]
fn the_go_fixture_reads_as_a_user_sees_it() {
    let dir = crate::support::fixtures().join("check/go");
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.code, 1);
    crate::support::snapshot(&dir.join("expected.txt"), &run.stdout);
}
