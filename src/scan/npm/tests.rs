//! The readers on small texts, and the prefilter's proof on generated ones.

use std::path::PathBuf;

use super::lock::{self, split_name_version};
use super::manifest::{self, Kind};
use super::*;
use crate::source::SourceFile;

fn wanted(names: &[&str]) -> Wanted {
    Wanted::new(names.iter().map(|n| (Target(&PACKAGE), *n)))
}

fn at(text: &str, span: &std::ops::Range<usize>) -> String {
    text[span.clone()].to_string()
}

#[test]
fn every_dependency_field_is_read_at_its_key() {
    let text = "{\n  \"name\": \"app\",\n  \"dependencies\": {\"db\": \"npm:pg@^8\", \"k\\u006eex\": \"3\"},\n  \"optionalDependencies\": {\"sqlite3\": \"5\"},\n  \"peerDependencies\": {\"redis\": \"*\"},\n  \"devDependencies\": {\"mongodb\": \"6\"},\n  \"bundleDependencies\": [\"db\"],\n  \"overrides\": {\"mysql\": \"2\"},\n  \"resolutions\": {\"mysql2\": \"3\"}\n}\n";
    let m = manifest::parse(text).unwrap();
    let got: Vec<(&str, &str, Kind, String)> = m
        .deps
        .iter()
        .map(|d| {
            (
                d.key.as_str(),
                d.package.as_str(),
                d.kind,
                at(text, &d.span),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("db", "pg", Kind::Normal, "\"db\"".to_string()),
            ("knex", "knex", Kind::Normal, "\"k\\u006eex\"".to_string()),
            (
                "sqlite3",
                "sqlite3",
                Kind::Optional,
                "\"sqlite3\"".to_string()
            ),
            ("redis", "redis", Kind::Peer, "\"redis\"".to_string()),
            ("mongodb", "mongodb", Kind::Dev, "\"mongodb\"".to_string()),
            ("db", "db", Kind::Bundle, "\"db\"".to_string()),
        ]
    );
    assert_eq!(m.name.as_deref(), Some("app"));
    assert!(m.problems.is_empty());
}

#[test]
fn aliases_name_the_package_they_install() {
    assert_eq!(manifest::alias_target("npm:pg@^8"), Some("pg"));
    assert_eq!(
        manifest::alias_target("npm:@scope/pkg@1"),
        Some("@scope/pkg")
    );
    assert_eq!(manifest::alias_target("npm:pg"), Some("pg"));
    assert_eq!(manifest::alias_target("^8"), None);
}

#[test]
fn what_npm_refuses_is_a_located_problem_and_the_rest_is_still_read() {
    let text = "{\"dependencies\": {\"pg\": 8, \"redis\": \"4\"}, \"devDependencies\": [\"x\"]}";
    let m = manifest::parse(text).unwrap();
    assert_eq!(
        m.deps.len(),
        2,
        "a non-string range still names its package"
    );
    let problems: Vec<(String, String)> = m
        .problems
        .iter()
        .map(|p| (p.message.clone(), at(text, &p.span)))
        .collect();
    assert_eq!(
        problems,
        [
            (
                "`dependencies` entry `pg` is a number, not a version range".to_string(),
                "\"pg\": 8".to_string()
            ),
            (
                "`devDependencies` is an array, not an object".to_string(),
                "\"devDependencies\": [\"x\"]".to_string()
            ),
        ]
    );
    for bad in [
        "",
        "[1]",
        "{\"a\": 1,}",
        "{\"a\" 1}",
        "// c\n{}",
        "{'a': 1}",
    ] {
        match manifest::parse(bad) {
            Err(_) => {}
            Ok(m) => assert!(!m.problems.is_empty(), "{bad:?}"),
        }
    }
    // What JSON.parse refuses is an error, and what can be read is read.
    let lenient = manifest::parse("{\"dependencies\": {\"pg\": \"8\",}}").unwrap();
    assert_eq!(lenient.deps.len(), 1);
    assert_eq!(
        lenient.problems[0].message,
        "Trailing commas are not allowed"
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = manifest::parse(&deep).unwrap_err();
    assert!(e.message.contains("nested deeper"), "{}", e.message);
    assert!(manifest::parse("\u{feff}{\"dependencies\": {\"pg\": \"8\"}}").is_ok());
}

#[test]
fn pnpm_keys_split_into_name_and_version() {
    assert_eq!(split_name_version("/pg@8.11.0"), ("pg", "8.11.0"));
    assert_eq!(
        split_name_version("@types/node@20.1.0(peer@1.0.0)"),
        ("@types/node", "20.1.0")
    );
    assert_eq!(
        split_name_version("/@types/node/20.1.0"),
        ("@types/node", "20.1.0")
    );
    assert_eq!(split_name_version("/pg/8.11.0"), ("pg", "8.11.0"));
    assert_eq!(split_name_version("pg"), ("pg", ""));
}

fn names_and_deps(l: &lock::Lock) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = l
        .packages
        .iter()
        .filter(|p| !p.importer)
        .map(|p| {
            let mut deps: Vec<String> =
                p.deps.iter().map(|&d| l.packages[d].name.clone()).collect();
            deps.sort();
            (format!("{} {}", p.name, p.version), deps)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn package_lock_v1_nested_dependencies_resolve_as_node_does() {
    let text = r#"{"name": "app", "lockfileVersion": 1, "dependencies": {
        "knex": {"version": "3.1.0", "requires": {"pg": "^8"},
                 "dependencies": {"pg": {"version": "8.11.0"}}},
        "pg": {"version": "7.0.0"},
        "db": {"version": "npm:mysql@2.18.1"}
    }}"#;
    let l = lock::package_lock::parse(text).unwrap();
    assert_eq!(
        names_and_deps(&l),
        [
            ("knex 3.1.0".to_string(), vec!["pg".to_string()]),
            ("mysql 2.18.1".to_string(), vec![]),
            ("pg 7.0.0".to_string(), vec![]),
            ("pg 8.11.0".to_string(), vec![]),
        ]
    );
    let knex = l.direct("", "knex", "knex", "^3")[0];
    let pg = l.packages[knex].deps[0];
    assert_eq!(l.packages[pg].version, "8.11.0", "the nested copy wins");
    assert_eq!(l.packages[l.direct("", "db", "mysql", "")[0]].name, "mysql");
}

#[test]
fn pnpm_v6_and_v5_locks_are_read() {
    let v6 = "lockfileVersion: '6.0'\nimporters:\n  .:\n    dependencies:\n      knex:\n        specifier: ^3\n        version: 3.1.0(pg@8.11.0)\n  packages/b:\n    dependencies:\n      app-a:\n        specifier: workspace:*\n        version: link:../a\n  packages/a: {}\npackages:\n  /knex@3.1.0(pg@8.11.0):\n    resolution: {integrity: sha512-x}\n    dependencies:\n      pg: 8.11.0\n    dev: false\n  /pg@8.11.0:\n    resolution: {integrity: sha512-y}\n    dev: true\n";
    let (l, e) = lock::pnpm::parse(v6);
    assert!(e.is_none());
    assert_eq!(
        names_and_deps(&l),
        [
            ("knex 3.1.0".to_string(), vec!["pg".to_string()]),
            ("pg 8.11.0".to_string(), vec![]),
        ]
    );
    let link = l.direct("packages/b", "app-a", "app-a", "workspace:*");
    assert_eq!(link, [l.importers["packages/a"].0]);
    let v5 = "lockfileVersion: 5.4\nspecifiers:\n  knex: ^3\ndependencies:\n  knex: 3.1.0\npackages:\n  /knex/3.1.0:\n    dependencies:\n      pg: 8.11.0\n  /pg/8.11.0:\n    dev: false\n";
    let (l, _) = lock::pnpm::parse(v5);
    assert_eq!(
        l.packages[l.direct("", "knex", "knex", "^3")[0]].deps.len(),
        1
    );
}

#[test]
fn yarn_v1_headers_list_every_descriptor() {
    let text = "# yarn lockfile v1\n\n\"db@npm:pg@^8\", pg@^8.1:\n  version \"8.11.0\"\n\nknex@^3:\n  version \"3.1.0\"\n  dependencies:\n    pg \"^8.1\"\n    \"@s/x\" \"1\"\n\n\"@s/x@1\":\n  version \"1.0.0\"\n";
    let l = lock::yarn::parse_v1(text);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(
        names_and_deps(&l),
        [
            ("@s/x 1.0.0".to_string(), vec![]),
            (
                "knex 3.1.0".to_string(),
                vec!["@s/x".to_string(), "pg".to_string()]
            ),
            ("pg 8.11.0".to_string(), vec![]),
        ]
    );
    assert_eq!(l.direct("", "db", "pg", "npm:pg@^8").len(), 1);
    let bad = lock::yarn::parse_v1("knex@^3\n  version \"1\"\n");
    assert_eq!(bad.problems.len(), 2, "{:?}", bad.problems);
}

fn scan(files: &[(&str, &str)], names: &[&str]) -> Vec<ScannedFile> {
    let mut manifests = Vec::new();
    let mut locks = Vec::new();
    for (path, text) in files {
        let dir = PathBuf::from(path).parent().unwrap().to_path_buf();
        let file = SourceFile::new(path.to_string(), text.to_string());
        if path.ends_with("package.json") {
            manifests.push((dir, file));
        } else {
            locks.push((dir, file));
        }
    }
    analyse(&manifests, &locks, &wanted(names))
}

fn notes(out: &[ScannedFile]) -> Vec<(String, usize, String, bool)> {
    let mut v: Vec<(String, usize, String, bool)> = out
        .iter()
        .flat_map(|f| {
            f.declarations.iter().map(|d| {
                (
                    f.file.path.clone(),
                    f.file.line_col(d.span.start).line,
                    format!("{} | {}", d.identity, d.note.clone().unwrap_or_default()),
                    d.dev,
                )
            })
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_dev_dependency_path_is_dev_and_an_unreached_package_stays_a_finding() {
    let out = scan(
        &[
            (
                "w/package.json",
                "{\"name\": \"app\",\n\"devDependencies\": {\n\"kit\": \"1\"\n}}",
            ),
            (
                "w/package-lock.json",
                r#"{"lockfileVersion": 3, "packages": {"": {"devDependencies": {"kit": "1"}},
                "node_modules/kit": {"version": "1.0.0", "dev": true, "dependencies": {"pg": "8"}},
                "node_modules/pg": {"version": "8.0.0", "dev": true},
                "node_modules/mongodb": {"version": "6.0.0"}}}"#,
            ),
        ],
        &["pg", "mongodb"],
    );
    assert_eq!(
        notes(&out),
        [
            (
                "w/package-lock.json".to_string(),
                4,
                "package \"mongodb\" in package-lock.json | listed in package-lock.json, but no dependency of a package.json read beside it leads there".to_string(),
                false
            ),
            (
                "w/package.json".to_string(),
                3,
                "package \"pg\" through devDependency \"kit\" | reached through app → kit 1.0.0 → pg 8.0.0 in package-lock.json".to_string(),
                true
            ),
        ]
    );
}

#[test]
fn json_waivers_are_double_slash_keys_and_cover_the_line_below() {
    let text = "{\"dependencies\": {\n  \"//\": \"adrift:allow=no-db until 2099-01-01: the migration tool only\",\n  \"pg\": \"8\",\n  \"description\": \"adrift:allow=no-db: not a comment\"\n}}\n";
    let file = SourceFile::new("package.json".into(), text.into());
    let w = json_waivers(&file);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, 2);
    assert_eq!(w[0].reason.as_deref(), Some("the migration tool only"));
    assert!(file.text[w[0].span.clone()].ends_with("only"));
    let out = scan(&[("package.json", text)], &["pg"]);
    assert_eq!(out[0].declarations[0].waiver_lines, [3, 2]);
}

#[test]
fn the_prefilter_skips_only_texts_that_cannot_name_a_wanted_package() {
    let w = wanted(&["pg"]);
    assert!(!may_name_wanted("{\"node_modules/mysql\": {}}", &w));
    assert!(
        may_name_wanted("{\"node_modules/PG\": {}}", &w),
        "case aside"
    );
    assert!(
        may_name_wanted("{\"node_modules/p\\u0067\": {}}", &w),
        "a JSON escape may spell it"
    );
    assert!(
        may_name_wanted("anything", &wanted(&["p*"])),
        "globs are not searched"
    );
    assert!(!may_name_wanted("pg", &Wanted::default()));
    // The escaped name is what the parser reads.
    let text =
        r#"{"lockfileVersion": 3, "packages": {"node_modules/p\u0067": {"version": "8.0.0"}}}"#;
    let l = lock::package_lock::parse(text).unwrap();
    assert_eq!(l.packages[0].name, "pg");
    proof::lock("package-lock.json", text);
}

/// A small generator (xorshift) of lock-like texts: the fixtures' locks
/// cut and spliced with tokens that stress escapes, quoting and keys.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "pg",
    "PG",
    "\\u0067",
    "\\\"",
    "'",
    "''",
    "\"",
    "\n",
    "\n  ",
    "\r\n",
    "@",
    "/",
    "node_modules/",
    "(",
    ")",
    ":",
    ", ",
    "npm:",
    "npm:pg@",
    "{",
    "}",
    "[",
    "]",
    "# ",
    "\t",
    " ",
    "é",
    "link:",
    "workspace:",
    "__metadata:\n",
    "\"dependencies\": {",
    "dependencies:\n    ",
    "version ",
    "version: ",
    "\"name\": ",
    "- ",
    "? ",
    "&a ",
    "*a",
    "!!str ",
    "|\n  ",
    ">\n  ",
];

#[test]
fn property_the_prefilter_never_skips_a_lock_naming_a_wanted_package() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let seeds: Vec<(&str, String)> = [
        ("package-lock.json", "npm-workspace/package-lock.json"),
        ("pnpm-lock.yaml", "npm-pnpm/pnpm-lock.yaml"),
        ("yarn.lock", "npm-yarn-berry/yarn.lock"),
        ("yarn.lock", "npm-yarn-v1/yarn.lock"),
    ]
    .iter()
    .map(|(name, path)| (*name, std::fs::read_to_string(root.join(path)).unwrap()))
    .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let (name, seed) = &seeds[rng.below(seeds.len())];
        let mut text = seed.clone();
        for _ in 0..1 + rng.below(8) {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.below(3) {
                0 => text.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
                1 => {
                    let mut end = (at + rng.below(40)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + rng.below(400)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.truncate(end);
                }
            }
        }
        proof::lock(name, &text);
    }
}

#[test]
fn folders_resolve_upwards_and_too_deep_nesting_is_a_problem() {
    let text = r#"{"lockfileVersion": 3, "packages": {
        "": {"dependencies": {"@s/a": "1"}},
        "packages/w": {"name": "w", "dependencies": {"pg": "8"}},
        "node_modules/@s/a": {"version": "1.0.0", "dependencies": {"pg": "8"}},
        "node_modules/@s/a/node_modules/pg": {"version": "8.1.0"},
        "node_modules/pg": {"version": "7.0.0"}
    }}"#;
    let l = lock::package_lock::parse(text).unwrap();
    let a = l.node_resolve("", "@s/a").unwrap();
    assert_eq!(l.packages[l.packages[a].deps[0]].version, "8.1.0");
    let w = l.importers["packages/w"].1[0].1;
    assert_eq!(
        l.packages[w].version, "7.0.0",
        "a workspace resolves from the root up"
    );
    assert_eq!(
        l.packages[l.direct("packages/x", "pg", "pg", "")[0]].version,
        "7.0.0"
    );
    let deep = format!(
        r#"{{"lockfileVersion": 3, "packages": {{"{}pg": {{"version": "1.0.0"}}}}}}"#,
        "node_modules/x/".repeat(lock::MAX_NESTING + 1)
    );
    let l = lock::package_lock::parse(&deep).unwrap();
    assert_eq!(l.packages.len(), 1);
    assert!(
        l.problems[0].message.contains("nests deeper"),
        "{:?}",
        l.problems
    );
}
