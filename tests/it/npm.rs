//! npm: direct dependencies at their key in package.json, and packages
//! reached through package-lock.json, pnpm-lock.yaml or yarn.lock, once per
//! direct dependency that leads there, with the path. The fixtures
//! `tests/fixtures/check/npm-*` are a workspace with an npm v3 lock, a
//! pnpm 9 lock, a Yarn Berry lock and a yarn v1 lock.

use std::path::{Path, PathBuf};

use crate::support::{adrift, fixtures, gated_project, snapshot, write};

/// (path, line, message) of each finding, the exit code and the summary.
fn findings(dir: &Path) -> (i32, Vec<(String, u64, String)>, serde_json::Value) {
    crate::support::check_findings(dir, &[])
}

const STATELESS: &str = "the platform is stateless: no database or persistence layer";

fn fixture(name: &str) -> PathBuf {
    fixtures().join("check").join(name)
}

#[test]
fn npm_fixture_snapshots() {
    for name in ["npm-workspace", "npm-pnpm", "npm-yarn-berry", "npm-yarn-v1"] {
        let dir = fixture(name);
        let run = adrift(&dir, &["check", "--color", "never"]);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        snapshot(&dir.join("expected.txt"), &run.stdout);
        assert_eq!(run.code, 1, "{name}");
    }
}

/// The workspace root's package-lock.json (v3) serves its workspaces: an
/// alias is the package it names; a package nested under another's
/// node_modules is found as Node finds it; a path through a workspace
/// link names the workspace; the `"//"` waiver in packages/common covers
/// its own path to redis, not api's path through common; the root's
/// devDependency path to better-sqlite3 is development-only.
#[test]
fn a_workspace_lock_gives_each_direct_dependency_its_path() {
    let (code, found, summary) = findings(&fixture("npm-workspace"));
    assert_eq!(code, 1);
    let expected = [
        (
            6,
            format!(
                "package \"redis\" 4.6.13 contradicts ADR-0012: {STATELESS} (reached through @shop/api → @shop/common 1.0.0 → cache-kit 1.2.0 → redis 4.6.13 in package-lock.json)"
            ),
        ),
        (
            7,
            format!("dependency \"db\" (package \"pg\") contradicts ADR-0012: {STATELESS}"),
        ),
        (
            9,
            format!(
                "package \"ioredis\" 5.4.1 contradicts ADR-0012: {STATELESS} (reached through @shop/api → session-store 2.0.1 → ioredis 5.4.1 in package-lock.json)"
            ),
        ),
    ];
    let got: Vec<(u64, String)> = found
        .iter()
        .map(|(p, l, m)| {
            assert_eq!(p, "packages/api/package.json");
            (*l, m.clone())
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(summary["waived"], 1);
}

#[test]
fn pnpm_berry_and_yarn_v1_locks_give_paths_too() {
    let cases = [
        (
            "npm-pnpm",
            6,
            "package \"pg\" 8.11.0",
            "billing → orm-bridge 2.0.0 → pg 8.11.0 in pnpm-lock.yaml",
        ),
        (
            "npm-yarn-berry",
            7,
            "package \"redis\" 4.6.13",
            "notify → queue-kit 1.0.4 → bull-lite 2.1.3 → redis 4.6.13 in yarn.lock",
        ),
        (
            "npm-yarn-v1",
            5,
            "package \"mysql\" 2.18.1",
            "legacy-admin → @admin/session-kit 1.0.2 → mysql 2.18.1 in yarn.lock",
        ),
    ];
    for (name, line, subject, path) in cases {
        let (code, found, _) = findings(&fixture(name));
        assert_eq!(code, 1, "{name}");
        let message =
            format!("{subject} contradicts ADR-0012: {STATELESS} (reached through {path})");
        assert!(
            found.contains(&("package.json".to_string(), line, message.clone())),
            "{name}: {found:?}"
        );
    }
    // The Berry alias is the package it names; the pnpm devDependency's
    // mongodb and the overrides/resolutions entries are not findings.
    let (_, berry, _) = findings(&fixture("npm-yarn-berry"));
    assert!(berry.iter().any(|(_, l, m)| *l == 6 && m.starts_with("dependency \"cache\" (package \"ioredis\")")));
    let (_, pnpm, _) = findings(&fixture("npm-pnpm"));
    assert_eq!(pnpm.len(), 1, "{pnpm:?}");
    let (_, v1, _) = findings(&fixture("npm-yarn-v1"));
    assert_eq!(v1.len(), 1, "{v1:?}");
}

const RULE: &str = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[npm]\npackages = [\"pg\", \"mongodb\"]\n";

const LOCK: &str = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "app", "dependencies": {"knex": "^3.1.0"}, "devDependencies": {"test-db": "^1.0.0"}},
    "node_modules/knex": {"version": "3.1.0", "dependencies": {"pg": "^8.11.0"}},
    "node_modules/pg": {"version": "8.11.0"},
    "node_modules/test-db": {"version": "1.0.0", "dev": true, "dependencies": {"mongodb": "^6"}},
    "node_modules/mongodb": {"version": "6.8.0", "dev": true}
  }
}
"#;

const MANIFEST: &str = "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"knex\": \"^3.1.0\"\n  },\n  \"devDependencies\": {\n    \"test-db\": \"^1.0.0\"\n  }\n}\n";

/// devDependencies (and what only they reach) match only rules that set
/// `dev = true` in `[npm]`, as Cargo's dev-dependencies do.
#[test]
fn dev_dependencies_match_only_dev_rules() {
    let dir = gated_project("npm-dev", RULE);
    write(&dir, "package.json", MANIFEST);
    write(&dir, "package-lock.json", LOCK);
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "package.json".to_string(),
            4,
            "package \"pg\" 8.11.0 contradicts ADR-0001: no database (reached through app → knex 3.1.0 → pg 8.11.0 in package-lock.json)".to_string()
        )]
    );
    write(&dir, "rules/r.toml", format!("{RULE}dev = true\n"));
    let (_, found, _) = findings(&dir);
    assert!(
        found.contains(&(
            "package.json".to_string(),
            7,
            "package \"mongodb\" 6.8.0 contradicts ADR-0001: no database (reached through app → test-db 1.0.0 → mongodb 6.8.0 in package-lock.json)".to_string()
        )),
        "{found:?}"
    );
}

/// The baseline key names the package and the direct dependency, not the
/// version or the line: an upgrade of pg stays baselined.
#[test]
fn the_baseline_key_is_the_package_and_its_direct_dependency() {
    let dir = gated_project("npm-baseline", RULE);
    write(&dir, "package.json", MANIFEST);
    write(&dir, "package-lock.json", LOCK);
    let run = adrift(&dir, &["check", "--write-baseline", "b.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline = std::fs::read_to_string(dir.join("b.json")).unwrap();
    assert!(
        baseline.contains(r#"package \"pg\" through dependency \"knex\""#),
        "{baseline}"
    );
    write(&dir, "package-lock.json", LOCK.replace("8.11.0", "8.12.0"));
    write(
        &dir,
        "package.json",
        MANIFEST.replace(
            "\"name\": \"app\",",
            "\"name\": \"app\",\n  \"private\": true,",
        ),
    );
    let run = adrift(&dir, &["check", "--baseline", "b.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// A package the lock lists that no dependency read leads to (an
/// extraneous entry, or a workspace whose package.json is not read) is a
/// finding at its entry in the lock, not silently dropped.
#[test]
fn a_locked_package_no_dependency_reaches_is_reported_at_the_lock() {
    let dir = gated_project("npm-orphan", RULE);
    write(&dir, "package.json", "{\"name\": \"app\"}\n");
    write(
        &dir,
        "pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\npackages:\n\n  pg@8.11.0:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  # adrift:allow=no-db: kept for the nightly export, see OPS-9\n  pg@8.11.0: {}\n",
    );
    let (code, found, summary) = findings(&dir);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
    assert_eq!(summary["waived"], 1, "a YAML comment waives it");
    write(
        &dir,
        "yarn.lock",
        "# yarn lockfile v1\n\n\nmongodb@^6:\n  version \"6.8.0\"\n",
    );
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "yarn.lock".to_string(),
            4,
            "package \"mongodb\" 6.8.0 contradicts ADR-0001: no database (listed in yarn.lock, but no dependency of a package.json read beside it leads there)".to_string()
        )]
    );
}

/// What does not parse is a located parse-error, and what can be read is
/// still checked: a package.json with a trailing comma (JSON.parse refuses
/// it; its dependencies are still read), a YAML lock broken after the path
/// to pg.
#[test]
fn broken_files_are_located_parse_errors_and_the_rest_is_checked() {
    let dir = gated_project("npm-broken", RULE);
    write(
        &dir,
        "a/package.json",
        "{\n  \"dependencies\": {\n    \"pg\": \"^8\",\n  }\n}\n",
    );
    write(
        &dir,
        "b/package.json",
        "{\"dependencies\": {\"pg\": \"^8\"}}\n",
    );
    write(
        &dir,
        "c/package.json",
        "{\"name\": \"c\", \"dependencies\": {\"knex\": \"^3\"}}\n",
    );
    write(
        &dir,
        "c/pnpm-lock.yaml",
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      knex:\n        specifier: ^3\n        version: 3.1.0\nsnapshots:\n  knex@3.1.0:\n    dependencies:\n      pg: 8.11.0\n  pg@8.11.0: {}\n  broken: [\n",
    );
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    let summary: Vec<(&str, u64)> = found.iter().map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        summary,
        [
            ("a/package.json", 3),
            ("a/package.json", 3),
            ("b/package.json", 1),
            ("c/package.json", 1),
            ("c/pnpm-lock.yaml", 14),
        ],
        "{found:?}"
    );
    assert_eq!(
        found[0].2,
        "dependency \"pg\" contradicts ADR-0001: no database"
    );
    assert_eq!(
        found[1].2,
        "cannot read package.json: Trailing commas are not allowed"
    );
    assert!(
        found[3]
            .2
            .contains("reached through c → knex 3.1.0 → pg 8.11.0 in pnpm-lock.yaml")
    );
    assert!(found[4].2.starts_with("not valid YAML"), "{}", found[4].2);
}

/// JSON escapes spell names too: `"p\u0067"` is pg, in package.json and in
/// a lock (whose prefilter must not skip it).
#[test]
fn json_escapes_do_not_walk_past_the_gate() {
    let dir = gated_project("npm-escape", RULE);
    write(
        &dir,
        "package.json",
        "{\"name\": \"app\", \"dependencies\": {\"\\u006bnex\": \"^3\", \"p\\u0067\": \"^8\"}}\n",
    );
    write(
        &dir,
        "package-lock.json",
        "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dependencies\": {\"knex\": \"^3\"}}, \"node_modules/knex\": {\"version\": \"3.1.0\", \"dependencies\": {\"p\\u0067\": \"^8\"}}, \"node_modules/p\\u0067\": {\"version\": \"8.11.0\"}}}\n",
    );
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "package \"pg\" 8.11.0 contradicts ADR-0001: no database (reached through app → knex 3.1.0 → pg 8.11.0 in package-lock.json)",
            "dependency \"pg\" contradicts ADR-0001: no database",
        ]
    );
}

/// A dependency its lock does not even mention was added without
/// updating the lock: `lock-stale` at its key (what it brings in is
/// unchecked). Not for peers, nor for a workspace's sibling, nor when no
/// rule bans npm packages.
#[test]
fn a_dependency_the_lock_does_not_mention_is_stale() {
    let dir = gated_project("npm-lock-stale", RULE);
    write(
        &dir,
        "package.json",
        "{\n  \"name\": \"app\",\n  \"workspaces\": [\"lib\"],\n  \"dependencies\": {\n    \"knex\": \"^3\",\n    \"session-kit\": \"^0.3\",\n    \"lib\": \"*\"\n  },\n  \"peerDependencies\": {\"react\": \"^18\"}\n}\n",
    );
    write(&dir, "lib/package.json", "{\"name\": \"lib\"}\n");
    write(
        &dir,
        "yarn.lock",
        "# yarn lockfile v1\n\n\nknex@^3:\n  version \"3.1.0\"\n",
    );
    let (code, found, _) = findings(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(
            "package.json".to_string(),
            6,
            "yarn.lock does not hold dependency \"session-kit\": the lock is out of date, so what it brings in is unchecked".to_string()
        )]
    );
    // No rule on npm packages: the lock is not the gate's business.
    write(
        &dir,
        "rules/r.toml",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[cargo]\ncrates = [\"redis\"]\n",
    );
    let (code, found, _) = findings(&dir);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
}

/// A `"//"` waiver that waives nothing is reported (waivers are never
/// silent), also when no rule wants npm; a waiver-like text in another
/// string is not a waiver.
#[test]
fn double_slash_waivers_are_counted() {
    let dir = gated_project(
        "npm-waivers",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[cargo]\ncrates = [\"redis\"]\n",
    );
    write(
        &dir,
        "package.json",
        "{\n  \"description\": \"adrift:allow=no-db: not a comment\",\n  \"dependencies\": {\n    \"//\": \"adrift:allow=no-db: the export job only\",\n    \"pg\": \"^8\"\n  }\n}\n",
    );
    let run = adrift(&dir, &["check", "--format", "compact"]);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.contains("waiver-unused"))
            .count(),
        1,
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("package.json:4:"), "{}", run.stdout);
    write(&dir, "rules/r.toml", RULE);
    let (code, found, summary) = findings(&dir);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
    assert_eq!(summary["waived"], 1);
}

/// A workspace that depends on another reaches what that one reaches: in
/// pnpm through its `link:` importer, in yarn v1 (whose lock does not list
/// workspaces) through the workspace of that name. The path names the
/// workspace by its package.json.
#[test]
fn workspaces_reach_through_each_other() {
    let dir = gated_project("npm-ws", RULE);
    write(
        &dir,
        "package.json",
        "{\"name\": \"root\", \"private\": true, \"workspaces\": [\"packages/*\"]}\n",
    );
    write(
        &dir,
        "packages/a/package.json",
        "{\"name\": \"a\",\n \"dependencies\": {\"b\": \"workspace:*\"}}\n",
    );
    write(
        &dir,
        "packages/b/package.json",
        "{\"name\": \"b\", \"version\": \"2.0.0\",\n \"dependencies\": {\"kit\": \"^1\"}}\n",
    );
    write(
        &dir,
        "pnpm-lock.yaml",
        "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\n  packages/a:\n    dependencies:\n      b:\n        specifier: workspace:*\n        version: link:../b\n\n  packages/b:\n    dependencies:\n      kit:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n\n  kit@1.0.0:\n    resolution: {integrity: sha512-x}\n\n  pg@8.11.0:\n    resolution: {integrity: sha512-y}\n\nsnapshots:\n\n  kit@1.0.0:\n    dependencies:\n      pg: 8.11.0\n\n  pg@8.11.0: {}\n",
    );
    // One package, one finding: at b, which brings kit in, covering a's
    // longer path through b.
    let expected = |lock: &str| {
        vec![
            (
                "packages/b/package.json".to_string(),
                2,
                format!(
                    "package \"pg\" 8.11.0 contradicts ADR-0001: no database (reached through b → kit 1.0.0 → pg 8.11.0 in {lock}) (one finding for 2 declarations)"
                ),
            ),
            (
                "packages/a/package.json".to_string(),
                2,
                format!(
                    "covered: package \"pg\" 8.11.0 (reached through a → b 2.0.0 → kit 1.0.0 → pg 8.11.0 in {lock})"
                ),
            ),
        ]
    };
    let (_, found, _) = findings(&dir);
    assert_eq!(found, expected("pnpm-lock.yaml"));
    std::fs::remove_file(dir.join("pnpm-lock.yaml")).unwrap();
    write(
        &dir,
        "yarn.lock",
        "# yarn lockfile v1\n\n\nkit@^1:\n  version \"1.0.0\"\n  dependencies:\n    pg \"^8.0.0\"\n\npg@^8.0.0:\n  version \"8.11.0\"\n",
    );
    let (_, found, _) = findings(&dir);
    assert_eq!(found, expected("yarn.lock"));
}
