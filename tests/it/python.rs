//! The Python ecosystem reads requirements files the way pip reads them:
//! each test is a project a user could have, run through `adrift check`,
//! with what pip 23 does with the same file said next to it. A property
//! test feeds generated files to the parser, and (with the `interop`
//! feature) a differential test feeds them to pip's own parser
//! (`tests/differential/pip_requirements.py`) and to adrift.

use std::path::Path;

use crate::support::{adrift, gated_project, write};

/// Every package the tests ban.
const RULE: &str = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[python]\npackages = [\"sqlalchemy\", \"redis\", \"psycopg2-binary\", \"pymongo\", \"tinydb\", \"peewee\"]\n";

/// One finding of `check --format json`.
#[derive(Debug, Clone)]
struct Found {
    code: String,
    path: String,
    line: u64,
    column: u64,
    end_column: u64,
    message: String,
    /// For a rule's finding, the normalised name it matched.
    matched: String,
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
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            let help = s("help");
            let matched = help
                .split_once("matched \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(name, _)| name.to_string())
                .unwrap_or_default();
            Found {
                code: s("code"),
                path: s("path"),
                line: f["line"].as_u64().unwrap_or_default(),
                column: f["column"].as_u64().unwrap_or_default(),
                end_column: f["end_column"].as_u64().unwrap_or_default(),
                message: s("message"),
                matched,
            }
        })
        .collect();
    (run.code, found)
}

/// (path, line, matched name) of every rule finding.
fn matches(found: &[Found]) -> Vec<(String, u64, String)> {
    found
        .iter()
        .filter(|f| f.code == "no-db")
        .map(|f| (f.path.clone(), f.line, f.matched.clone()))
        .collect()
}

/// (code, path, line, message) of every finding that is not a rule's.
fn problems(found: &[Found]) -> Vec<(String, String, u64, String)> {
    found
        .iter()
        .filter(|f| f.code != "no-db")
        .map(|f| (f.code.clone(), f.path.clone(), f.line, f.message.clone()))
        .collect()
}

fn m(path: &str, line: u64, name: &str) -> (String, u64, String) {
    (path.to_string(), line, name.to_string())
}

fn project(name: &str, files: &[(&str, &[u8])]) -> std::path::PathBuf {
    let dir = gated_project(name, RULE);
    for (path, text) in files {
        write(&dir, path, text);
    }
    dir
}

#[test]
fn every_spelling_of_an_include_is_followed() {
    // pip: `-rfile`, `-r<TAB>file`, `--requirement=file`, `--requirement
    // file` and an unambiguous abbreviation all include; `--req` is
    // ambiguous (`--require-hashes`, `--requirement`) and pip stops.
    let dir = project(
        "include-spellings",
        &[
            (
                "requirements.txt",
                b"-rone.txt\n-r\ttwo.txt\n--requirement=three.txt\n--requirement four.txt\n--requirem five.txt\n--req six.txt\n",
            ),
            ("one.txt", b"sqlalchemy\n"),
            ("two.txt", b"redis\n"),
            ("three.txt", b"pymongo\n"),
            ("four.txt", b"tinydb\n"),
            ("five.txt", b"peewee\n"),
            ("six.txt", b"psycopg2-binary\n"),
        ],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        matches(&found),
        [
            m("five.txt", 1, "peewee"),
            m("four.txt", 1, "tinydb"),
            m("one.txt", 1, "sqlalchemy"),
            m("three.txt", 1, "pymongo"),
            m("two.txt", 1, "redis"),
        ]
    );
    assert_eq!(
        problems(&found),
        [(
            "parse-error".to_string(),
            "requirements.txt".to_string(),
            6,
            "pip rejects this option: ambiguous option: --req (--require-hashes, --requirement?)"
                .to_string()
        )]
    );
}

#[test]
fn constraints_install_nothing_but_what_they_include_with_r_does() {
    // pip reads `-c` files only to pin versions; a `-r` inside one is a
    // requirements file again, and pip installs from it.
    let dir = project(
        "constraints",
        &[
            ("requirements.txt", b"fastapi\n-c pins.txt\n"),
            ("pins.txt", b"sqlalchemy==2.0.30\n-r extra.txt\n"),
            ("extra.txt", b"redis\n"),
            ("constraints.txt", b"pymongo==4.7\n-e ./x\n"),
            ("requirements-dev.txt", b"-c constraints.txt\n"),
        ],
    );
    let (_, found) = check(&dir);
    assert_eq!(matches(&found), [m("extra.txt", 1, "redis")]);
    assert_eq!(
        problems(&found),
        [(
            "parse-error".to_string(),
            "constraints.txt".to_string(),
            2,
            "pip refuses this line of a constraints file: unnamed requirements are not allowed as constraints".to_string()
        )]
    );
}

#[test]
fn nested_includes_resolve_relative_to_the_including_file() {
    let dir = project(
        "nested",
        &[
            ("service/requirements.txt", b"-r ../shared/base.txt\n"),
            ("shared/base.txt", b"-r db/extra.txt\n"),
            ("shared/db/extra.txt", b"SQLAlchemy\n"),
        ],
    );
    let (_, found) = check(&dir);
    assert_eq!(matches(&found), [m("shared/db/extra.txt", 1, "sqlalchemy")]);
    assert!(problems(&found).is_empty(), "{found:?}");
}

#[test]
fn include_cycles_end_and_are_reported_where_they_close() {
    // pip follows a cycle until Python's recursion limit and fails.
    let dir = project(
        "cycle",
        &[
            ("requirements.txt", b"redis\n-r more.txt\n"),
            ("more.txt", b"sqlalchemy\n-r requirements.txt\n"),
        ],
    );
    let run = crate::support::adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("more.txt", 1, "sqlalchemy"),
            m("requirements.txt", 1, "redis")
        ]
    );
    assert_eq!(
        problems(&found),
        [(
            "parse-error".to_string(),
            "more.txt".to_string(),
            2,
            "requirements files include each other in a cycle: requirements.txt → more.txt → requirements.txt".to_string()
        )]
    );
}

#[test]
fn an_include_that_cannot_be_read_is_a_finding_at_its_line() {
    // pip: "Could not open requirements file", for a missing file and for
    // a URL it could fetch but adrift does not.
    let dir = project(
        "unreadable-include",
        &[(
            "requirements.txt",
            b"fastapi\n-r missing.txt\n-r https://example.com/requirements.txt\n-c https://example.com/constraints.txt\n",
        )],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    let got: Vec<(String, u64, u64)> = found
        .iter()
        .map(|f| (f.code.clone(), f.line, f.column))
        .collect();
    assert_eq!(
        got,
        [
            ("file-unreadable".to_string(), 2, 4),
            ("parse-error".to_string(), 3, 4)
        ]
    );
    assert!(
        found.iter().all(|f| f.path == "requirements.txt"),
        "{found:?}"
    );
    assert!(
        found[0]
            .message
            .starts_with("cannot read the included file missing.txt: "),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[1].message,
        "adrift cannot read the remote requirements file `https://example.com/requirements.txt`: it does not fetch files"
    );
}

#[test]
fn byte_order_marks_and_utf16_and_utf32_files_are_decoded_as_pip_does() {
    let utf16 = |text: &str, big: bool| {
        let mut out = if big {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in text.encode_utf16() {
            out.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    };
    let mut utf32 = vec![0, 0, 0xfe, 0xff];
    for c in "pymongo\n".chars() {
        utf32.extend((c as u32).to_be_bytes());
    }
    let dir = project(
        "encodings",
        &[
            ("requirements.txt", b"\xef\xbb\xbfsqlalchemy\n"),
            (
                "requirements-le.txt",
                &utf16("fastapi\r\nredis==5 ; python_version > \"3\"\r\n", false),
            ),
            ("requirements-be.txt", &utf16("tinydb\n", true)),
            ("requirements-32.txt", &utf32),
            (
                "requirements-latin1.txt",
                b"# -*- coding: latin-1 -*-\npeewee  # caf\xe9\n",
            ),
        ],
    );
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("requirements-32.txt", 1, "pymongo"),
            m("requirements-be.txt", 1, "tinydb"),
            m("requirements-latin1.txt", 2, "peewee"),
            m("requirements-le.txt", 2, "redis"),
            m("requirements.txt", 1, "sqlalchemy"),
        ]
    );
    assert!(problems(&found).is_empty(), "{found:?}");
    // The byte-order mark is not a column.
    let bom = found.iter().find(|f| f.matched == "sqlalchemy").unwrap();
    assert_eq!((bom.column, bom.end_column), (1, 11));
}

#[test]
fn lines_end_where_python_splitlines_ends_them() {
    let dir = project(
        "line-ends",
        &[
            ("requirements.txt", b"fastapi\rsqlalchemy\r"),
            (
                "requirements-exotic.txt",
                "a\x0bredis\x0cb\x1cpymongo\x1dc\x1ed\u{85}tinydb\u{2028}e\u{2029}peewee\n"
                    .as_bytes(),
            ),
        ],
    );
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("requirements-exotic.txt", 2, "redis"),
            m("requirements-exotic.txt", 4, "pymongo"),
            m("requirements-exotic.txt", 7, "tinydb"),
            m("requirements-exotic.txt", 9, "peewee"),
            m("requirements.txt", 2, "sqlalchemy"),
        ]
    );
}

#[test]
fn continuations_join_even_inside_a_name_and_comments_follow_pips_rule() {
    // pip joins `sql\` and `alchemy` with nothing between; a `#` is a
    // comment at the start or after white space only; a comment line ends
    // a continuation, and a comment swallows what is joined after it.
    let dir = project(
        "continuations",
        &[(
            "requirements.txt",
            b"sql\\\nalchemy==2.0 \\\n    --hash=sha256:abc\nfastapi # web \\\nredis\nre\\\n# a comment ends the joining\ntinydb#not-a-comment\n",
        )],
    );
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("requirements.txt", 1, "sqlalchemy"),
            m("requirements.txt", 8, "tinydb")
        ]
    );
    let sqlalchemy = &found[0];
    assert_eq!((sqlalchemy.line, sqlalchemy.column), (1, 1));
    assert_eq!(
        problems(&found),
        [(
            "parse-error".to_string(),
            "requirements.txt".to_string(),
            8,
            "invalid requirement `tinydb#not-a-comment`: unexpected `#not-a-comme`".to_string()
        ),]
    );
}

#[test]
fn editables_urls_wheels_and_archives_are_named_as_pip_names_them() {
    let dir = project(
        "urls",
        &[(
            "requirements.txt",
            b"-e git+https://github.com/org/sqla.git@v2#egg=SQLAlchemy\n\
--editable=git+ssh://git@github.com/org/r.git#egg=redis[hiredis]\n\
https://files.example.com/psycopg2_binary-2.9.9-cp311-cp311-manylinux_2_17_x86_64.whl\n\
https://files.example.com/pymongo-4.7.0.tar.gz\n\
tinydb @ https://files.example.com/t.zip ; python_version >= \"3.8\"\n\
https://files.example.com/x.zip#egg=peewee&subdirectory=src\n\
git+https://github.com/org/mystery.git\n\
-e git+https://github.com/org/mystery.git\n",
        )],
    );
    let (_, found) = check(&dir);
    let got: Vec<(u64, u64, u64, &str)> = found
        .iter()
        .filter(|f| f.code == "no-db")
        .map(|f| (f.line, f.column, f.end_column, f.matched.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (1, 47, 57, "sqlalchemy"),
            (2, 51, 56, "redis"),
            (3, 27, 42, "psycopg2-binary"),
            (4, 27, 34, "pymongo"),
            (5, 1, 7, "tinydb"),
            (6, 37, 43, "peewee"),
        ]
    );
    let notes: Vec<&str> = found
        .iter()
        .filter(|f| f.code == "no-db")
        .map(|f| f.message.split_once(" (").map_or("", |(_, n)| n))
        .collect();
    assert_eq!(
        notes[0],
        "editable, from `git+https://github.com/org/sqla.git@v2#egg=SQLAlchemy`)"
    );
    assert!(
        notes[3].starts_with("named from the file name `pymongo-4.7.0.tar.gz`"),
        "{}",
        notes[3]
    );
    assert_eq!(
        problems(&found),
        [
            (
                "parse-error".to_string(),
                "requirements.txt".to_string(),
                7,
                "adrift cannot tell which package `git+https://github.com/org/mystery.git` installs: pip names it only after cloning and building it".to_string()
            ),
            (
                "parse-error".to_string(),
                "requirements.txt".to_string(),
                8,
                "pip cannot install `-e git+https://github.com/org/mystery.git`: it needs `#egg=<name>` to know which package it is".to_string()
            ),
        ]
    );
}

#[test]
fn local_projects_are_named_from_their_metadata() {
    let dir = project(
        "local",
        &[
            (
                "requirements.txt",
                b"-e ./libs/store\n./libs/cfg\n-e libs/legacy\n./libs/anonymous\n-e ./libs/missing\n",
            ),
            ("libs/store/pyproject.toml", b"[project]\nname = \"TinyDB\"\nversion = \"1\"\n"),
            ("libs/cfg/setup.cfg", b"[metadata]\nname = peewee\n"),
            ("libs/legacy/setup.py", b"from setuptools import setup\nsetup(name=\"redis\", version=\"1\")\n"),
            ("libs/anonymous/setup.py", b"from setuptools import setup\nsetup(name=NAME)\n"),
        ],
    );
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("requirements.txt", 1, "tinydb"),
            m("requirements.txt", 2, "peewee"),
            m("requirements.txt", 3, "redis"),
        ]
    );
    assert!(
        found[0]
            .message
            .contains("(editable: the local project `./libs/store` (named in its pyproject.toml))"),
        "{}",
        found[0].message
    );
    let p = problems(&found);
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].2, 4);
    assert!(
        p[0].3.starts_with(
            "adrift cannot tell which package the local project `./libs/anonymous` is"
        ),
        "{}",
        p[0].3
    );
    assert_eq!(p[1].2, 5);
    assert!(p[1].3.starts_with("pip cannot install `./libs/missing`: it is neither a local project directory nor a VCS URL"), "{}", p[1].3);
}

#[test]
fn options_markers_and_environment_variables() {
    // Options on their own lines change where pip looks, not what it
    // installs; options after a requirement belong to it; `${VAR}` is
    // harmless in options and versions, unknowable in a name.
    let dir = project(
        "options",
        &[(
            "requirements.txt",
            b"--index-url https://${PYPI_TOKEN}@pypi.example.com/simple\n\
-i https://pypi.org/simple\n--extra-index-url=https://x.example.com/simple\n-f ./wheels\n--pre\n\
--only-binary :all:\n--no-binary=:none:\n--trusted-host x.example.com\n--use-feature fast-deps\n\
--prefer-binary\n--require-hashes\n--no-index\n\
SQLAlchemy[asyncio]>=2.0,<3 ; python_version >= \"3.10\" --hash=sha256:abc --hash=sha512:def\n\
redis==${REDIS_VERSION} --global-option=--quiet --config-settings key=value\n\
${DB_DRIVER}==1.0\n\
pymongo --frobnicate\n\
--frobnicate\n",
        )],
    );
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("requirements.txt", 13, "sqlalchemy"),
            m("requirements.txt", 14, "redis"),
            m("requirements.txt", 16, "pymongo"),
        ]
    );
    assert!(found.iter().any(|f| {
        f.message
            .ends_with("(installed only where `python_version >= \"3.10\"`)")
    }));
    let p = problems(&found);
    let lines: Vec<(u64, &str)> = p.iter().map(|p| (p.2, p.3.as_str())).collect();
    assert_eq!(
        lines,
        [
            (
                15,
                "adrift cannot tell which package this installs: its name depends on the environment variable `${DB_DRIVER}`"
            ),
            (16, "pip rejects this option: no such option: --frobnicate"),
            (17, "pip rejects this option: no such option: --frobnicate"),
        ]
    );
}

#[test]
fn lines_pip_rejects_are_parse_errors_that_keep_the_name() {
    let dir = project(
        "invalid",
        &[(
            "requirements.txt",
            b"SQLAlchemy=2.0\nredis>=5[hiredis]\n-r\n",
        )],
    );
    let (code, found) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        matches(&found),
        [
            m("requirements.txt", 1, "sqlalchemy"),
            m("requirements.txt", 2, "redis")
        ]
    );
    let p: Vec<(u64, String)> = problems(&found).into_iter().map(|p| (p.2, p.3)).collect();
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].1.contains("did you mean `==`?"), "{}", p[0].1);
    assert!(p[1].1.contains("extras after the version"), "{}", p[1].1);
    assert_eq!(
        p[2],
        (
            3,
            "pip rejects this option: -r option requires 1 argument".to_string()
        )
    );
}

#[test]
fn requirements_files_are_found_by_the_names_projects_give_them() {
    let dir = project(
        "file-names",
        &[
            ("requirements/base.txt", b"sqlalchemy\n"),
            ("requirements/prod.in", b"redis\n"),
            ("dev-requirements.txt", b"pymongo\n"),
            ("requirements.in", b"tinydb\n"),
            ("constraints.txt", b"peewee==3\n"),
            ("docs/notes.txt", b"psycopg2-binary\n"),
        ],
    );
    let (_, found) = check(&dir);
    // `dev-requirements.txt` is development-only: a rule without `dev =
    // true` leaves it alone, as it leaves Cargo dev-dependencies.
    assert_eq!(
        matches(&found),
        [
            m("requirements.in", 1, "tinydb"),
            m("requirements/base.txt", 1, "sqlalchemy"),
            m("requirements/prod.in", 1, "redis"),
        ]
    );
}

#[test]
fn development_only_dependencies_need_dev_true_as_in_every_ecosystem() {
    let files: &[(&str, &[u8])] = &[
        ("requirements.txt", b"-r requirements-test.txt
sqlalchemy
"),
        ("requirements-test.txt", b"redis
"),
        ("requirements/dev.txt", b"pymongo
"),
        (
            "pyproject.toml",
            b"[project]\nname = \"api\"\ndependencies = [\"peewee\"]\n\n[dependency-groups]\ndev = [\"tinydb\"]\nreports = [\"psycopg2-binary\"]\n\n[tool.poetry.group.test.dependencies]\nredis = \"*\"\n",
        ),
    ];
    let dir = project("dev-off", files);
    let (_, found) = check(&dir);
    // The included test file's line is development-only wherever it is
    // reached from; a group named for development is too; other groups
    // are installed in production and count.
    assert_eq!(
        matches(&found),
        [
            m("pyproject.toml", 3, "peewee"),
            m("pyproject.toml", 7, "psycopg2-binary"),
            m("requirements.txt", 2, "sqlalchemy"),
        ]
    );
    let dir = gated_project("dev-on", &format!("{RULE}dev = true\n"));
    for (path, text) in files {
        write(&dir, path, text);
    }
    let (_, found) = check(&dir);
    assert_eq!(
        matches(&found),
        [
            m("pyproject.toml", 3, "peewee"),
            m("pyproject.toml", 6, "tinydb"),
            m("pyproject.toml", 7, "psycopg2-binary"),
            m("pyproject.toml", 10, "redis"),
            m("requirements-test.txt", 1, "redis"),
            m("requirements.txt", 2, "sqlalchemy"),
            m("requirements/dev.txt", 1, "pymongo"),
        ]
    );
}

#[test]
fn pyproject_uv_dev_dependencies_and_dependency_group_includes() {
    let dir = project(
        "pyproject",
        &[(
            "pyproject.toml",
            b"[project]\nname = \"api\"\ndependencies = []\n\n[dependency-groups]\ndev = [{include-group = \"test\"}]\ntest = [\"pytest\", {include-group = \"lint\"}]\n\n[tool.uv]\ndev-dependencies = [\"redis>=5\"]\n",
        )],
    );
    let (_, found) = check(&dir);
    // uv's dev dependencies are development-only: not matched without
    // `dev = true`.
    assert_eq!(matches(&found), []);
    let p = problems(&found);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].2, 7);
    assert!(
        p[0].3
            .contains("names the group `lint`, which is not in [dependency-groups]"),
        "{}",
        p[0].3
    );
}

/// A linear congruential generator: the same files on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next() % items.len()]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.next().is_multiple_of(one_in)
    }
}

/// Names as written: case, `-`, `_` and `.` vary; each is valid PEP 508.
const NAMES: &[&str] = &[
    "SQLAlchemy",
    "psycopg2_binary",
    "redis",
    "Flask.SQLAlchemy",
    "zope.interface",
    "pymongo",
    "a",
    "x1",
    "Django",
    "ruamel.yaml",
];

/// A generated requirements file: its text, the names pip installs from it
/// (normalised, in order) and the files it includes.
struct Generated {
    text: String,
    names: Vec<String>,
    /// Files it includes with `-r` or `-c` (the differential test writes
    /// them too).
    #[cfg_attr(not(feature = "interop"), allow(dead_code))]
    includes: Vec<String>,
}

/// A text pip would join back into `line` when split with continuations.
fn split_with_continuations(rng: &mut Lcg, line: &str, end: &str) -> String {
    // A comment line is never joined.
    if !rng.chance(3) || line.trim_start().starts_with('#') {
        return line.to_string();
    }
    let boundaries: Vec<usize> = line
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| {
            // A piece that starts (after white space) with `#` would be a
            // comment line, and a piece that is empty or starts with `\`
            // would change the join.
            i > 0 && !line[i..].trim_start().starts_with('#') && !line[i..].starts_with('\\')
        })
        .collect();
    if boundaries.is_empty() {
        return line.to_string();
    }
    let at = rng.pick(&boundaries);
    format!("{}\\{end}{}", &line[..at], &line[at..])
}

fn generate(rng: &mut Lcg, depth: usize) -> Generated {
    let end = rng.pick(&["\n", "\r\n", "\r"]);
    let mut text = String::new();
    let mut names = Vec::new();
    let mut includes = Vec::new();
    for _ in 0..1 + rng.next() % 12 {
        let name = rng.pick(NAMES);
        let normal = adrift::scan::python::normalise_python(name);
        let (line, installs): (String, Option<String>) = match rng.next() % 16 {
            0 => ("# a comment".to_string(), None),
            1 => (String::new(), None),
            2 => (
                rng.pick(&[
                    "--index-url https://pypi.example.com/simple",
                    "-i https://${PYPI_TOKEN}@pypi.example.com/simple",
                    "--extra-index-url=https://x.example.com/simple",
                    "-f ./wheels",
                    "--pre",
                    "--only-binary :all:",
                    "--no-binary=:none:",
                    "--trusted-host x.example.com",
                    "--use-feature fast-deps",
                    "--prefer-binary",
                    "--require-hashes",
                    "--no-index",
                ])
                .to_string(),
                None,
            ),
            3 if depth < 2 => {
                let target = format!("inc{}-{}.txt", depth, rng.next() % 1000);
                let spelling = rng.pick(&[
                    "-r ",
                    "-r",
                    "-r\t",
                    "--requirement=",
                    "--requirement ",
                    "--requirem ",
                ]);
                includes.push(target.clone());
                (
                    format!("{spelling}{target}"),
                    Some(format!("<include {target}>")),
                )
            }
            8 if depth < 2 => {
                // A constraints file: pip installs nothing from it.
                let target = format!("cons{}-{}.txt", depth, rng.next() % 1000);
                let spelling = rng.pick(&["-c ", "-c", "--constraint=", "--constraint "]);
                includes.push(target.clone());
                (
                    format!("{spelling}{target}"),
                    Some(format!("<constraint {target}>")),
                )
            }
            4 => (
                format!("-e git+https://github.com/org/repo.git@v1#egg={name}"),
                Some(normal),
            ),
            5 => (
                format!("https://files.example.com/archive.zip#egg={name}"),
                Some(normal),
            ),
            6 => (
                format!("{name} @ https://files.example.com/{name}-1.0.tar.gz"),
                Some(normal),
            ),
            7 => (
                format!(
                    "https://files.example.com/{}-1.0-py3-none-any.whl",
                    name.replace(['-', '.'], "_")
                ),
                Some(adrift::scan::python::normalise_python(
                    &name.replace(['-', '.'], "_"),
                )),
            ),
            _ => {
                let mut req = name.to_string();
                if rng.chance(4) {
                    req.push_str(rng.pick(&["[extra]", "[a, b]", " [asyncio]"]));
                }
                req.push_str(rng.pick(&[
                    "",
                    "==1.0",
                    ">=1,<2",
                    " >= 1.0",
                    " (>=1.0)",
                    "~=1.4",
                    "===1.0-custom",
                ]));
                if rng.chance(3) {
                    req.push_str(rng.pick(&[
                        " ; python_version >= \"3.8\"",
                        ";sys_platform=='linux'",
                        "; os_name == \"posix\" and extra == 'x'",
                    ]));
                }
                if rng.chance(3) {
                    req.push_str(rng.pick(&[
                        " --hash=sha256:abc",
                        " --hash sha256:abc --hash=sha512:def",
                        " --global-option=--quiet",
                        " --config-settings key=value",
                        " -C key=value",
                    ]));
                }
                (req, Some(normal))
            }
        };
        let mut line = line;
        if rng.chance(4) && !line.is_empty() {
            line.push_str(rng.pick(&["  # trailing comment", " #x", "\t# tab"]));
        }
        if rng.chance(6) {
            line = format!("{}{line}", rng.pick(&[" ", "\t", "  "]));
        }
        text.push_str(&split_with_continuations(rng, &line, end));
        text.push_str(end);
        if let Some(installs) = installs {
            names.push(installs);
        }
    }
    Generated {
        text,
        names,
        includes,
    }
}

/// What the parser reads from a file: the names of its requirements and
/// `<include target>` for its includes, in order.
fn parsed_names(text: &str) -> (Vec<String>, Vec<String>) {
    use adrift::scan::python::requirements::{Entry, parse};
    let parsed = parse(text);
    let names = parsed
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Package(p) => Some(adrift::scan::python::normalise_python(&p.name)),
            Entry::Include(i) if i.constraint => Some(format!("<constraint {}>", i.target)),
            Entry::Include(i) => Some(format!("<include {}>", i.target)),
            Entry::Local(_) => None,
        })
        .collect();
    let problems = parsed.problems.iter().map(|p| p.message.clone()).collect();
    (names, problems)
}

/// The parser never panics, and every line it reads yields exactly the
/// names pip installs from it, at spans that hold the name as written.
#[test]
fn generated_requirements_files_yield_exactly_their_names() {
    let mut rng = Lcg(0x5eed_1234);
    for round in 0..2000 {
        let file = generate(&mut rng, 0);
        let (names, problems) = parsed_names(&file.text);
        assert!(
            problems.is_empty(),
            "round {round}: {problems:?}\n{:?}",
            file.text
        );
        assert_eq!(names, file.names, "round {round}:\n{:?}", file.text);
        for entry in adrift::scan::python::requirements::parse(&file.text).entries {
            if let adrift::scan::python::requirements::Entry::Package(p) = entry {
                let written: String = file.text[p.span.clone()]
                    .replace("\\\r\n", "")
                    .replace("\\\n", "")
                    .replace("\\\r", "");
                assert_eq!(
                    adrift::scan::python::normalise_python(&written),
                    adrift::scan::python::normalise_python(&p.name),
                    "round {round}: span {:?} of {:?}",
                    p.span,
                    file.text
                );
            }
        }
    }
    // Whatever the bytes, the parser returns.
    let pieces = [
        "-r",
        "-e",
        "-c",
        " ",
        "\t",
        "\\",
        "\n",
        "\r",
        "\u{85}",
        "#",
        "${X}",
        "x",
        "==",
        "[",
        "]",
        ";",
        "@",
        "'",
        "\"",
        "--",
        "--req",
        "=",
        "git+https://h/r",
        "#egg=",
        ".whl",
        ".tar.gz",
        "/",
        ".",
        "\u{feff}",
        "é",
    ];
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.next() % 40 {
            text.push_str(rng.pick(&pieces));
        }
        let mut bytes: Vec<u8> = rng
            .pick(&[
                &b""[..],
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"\xfe\xff",
                b"\xff\xfe\x00\x00",
                b"# coding: latin-1\n",
            ])
            .to_vec();
        bytes.extend(text.as_bytes());
        if rng.chance(3) {
            bytes.push(rng.next() as u8);
        }
        if let Ok(decoded) = adrift::scan::python::decode::decode(&bytes) {
            let shown = adrift::scan::python::decode::display_text(&decoded.text);
            assert_eq!(shown.len(), decoded.text.len());
            holds_its_properties(&decoded.text[decoded.body..]);
        }
        holds_its_properties(&text);
    }
}

/// What the fuzz target (fuzz/fuzz_targets/python_requirements.rs) asserts
/// on any text: spans in the text, valid names, the same result twice.
fn holds_its_properties(text: &str) {
    use adrift::scan::python::requirements::{Entry, parse};
    let parsed = parse(text);
    let valid = |span: &std::ops::Range<usize>| {
        assert!(
            text.get(span.clone()).is_some(),
            "span {span:?} not in {text:?}"
        );
    };
    for entry in &parsed.entries {
        match entry {
            Entry::Package(p) => {
                valid(&p.span);
                valid(&p.line);
                assert!(
                    p.line.start <= p.span.start && p.span.end <= p.line.end,
                    "{p:?} in {text:?}"
                );
                assert!(
                    adrift::scan::python::pep508::is_name(&p.name),
                    "{:?} from {text:?}",
                    p.name
                );
            }
            Entry::Include(i) => valid(&i.span),
            Entry::Local(l) => {
                valid(&l.span);
                valid(&l.line);
            }
        }
    }
    for problem in &parsed.problems {
        valid(&problem.span);
    }
    let again = parse(text);
    assert_eq!(again.entries, parsed.entries);
    assert_eq!(again.problems, parsed.problems);
}

#[cfg(feature = "interop")]
mod differential {
    use super::*;

    /// Writes a generated project (the file and everything it includes).
    fn write_tree(rng: &mut Lcg, dir: &Path, name: &str, depth: usize) {
        let file = generate(rng, depth);
        write(dir, name, &file.text);
        for include in &file.includes {
            write_tree(rng, dir, include, depth + 1);
        }
    }

    /// What pip installs from `requirements.txt` in `dir`: the normalised
    /// names, or `None` when pip rejects the file.
    fn pip_names(dir: &Path) -> Option<Vec<String>> {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/pip_requirements.py");
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg("requirements.txt")
            .current_dir(dir)
            .output()
            .expect("python3 runs (the interop tests need python3 with pip)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut names = Vec::new();
        for line in stdout.lines() {
            match line.split_once(' ') {
                Some(("name", name)) => names.push(name.to_string()),
                Some(("error", _)) => return None,
                _ => {}
            }
        }
        assert!(
            out.status.success(),
            "pip_requirements.py failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(names)
    }

    /// Lines of every kind, pip-valid or not, joined at random.
    fn generate_wild(rng: &mut Lcg) -> String {
        const PIECES: &[&str] = &[
            "SQLAlchemy",
            "redis",
            "pymongo==4",
            "Flask.SQLAlchemy[x] >= 1",
            " ",
            "\t",
            "  # c",
            "#",
            "\\",
            "\n",
            "\r\n",
            "\r",
            "\x0c",
            "\u{85}",
            "-r",
            "-r ",
            "-c ",
            "--req ",
            "--requirement=",
            "-e ",
            "git+https://h.example/o/r.git",
            "#egg=",
            "&egg=",
            "tinydb",
            "${NAME}",
            "${lower}",
            "==1.0",
            "=1.0",
            ";",
            "; ",
            "python_version > '3'",
            "@",
            " @ ",
            "https://x.example/p-1.0.tar.gz",
            "https://x.example/q_r-2.0-py3-none-any.whl",
            "./local",
            ".",
            "-",
            "--",
            "--pre",
            "--hash=sha256:ab",
            "--hash=md5:ab",
            "-C",
            "k=v",
            "--frob",
            "'",
            "\"",
            "[",
            "]",
            "(",
            ")",
            ",",
            "x.txt",
            "missing.txt",
            "peewee",
            "~=1",
            "~=1.2",
            "===z",
            "é",
            "\u{a0}",
            "\x1f",
            "file:///nonexistent/x.tar.gz",
        ];
        let mut text = String::new();
        for _ in 0..rng.next() % 30 {
            text.push_str(rng.pick(PIECES));
        }
        text
    }

    /// pip's own parser and adrift read the same generated files (half of
    /// them well-formed, half of them pieces of every kind thrown together):
    /// adrift reports every package pip would install, and a finding
    /// wherever pip gives up.
    #[test]
    fn adrift_reports_every_package_pip_installs() {
        let mut rng = Lcg(0xd1ff);
        for round in 0..60 {
            let dir = gated_project(
                &format!("pip-diff-{round}"),
                "id = \"all\"\ndecision = \"1\"\nmessage = \"m\"\n[python]\npackages = [\"*\"]\n",
            );
            if round % 2 == 0 {
                write_tree(&mut rng, &dir, "requirements.txt", 0);
            } else {
                write(&dir, "requirements.txt", generate_wild(&mut rng));
                write(&dir, "x.txt", generate_wild(&mut rng));
            }
            let (_, found) = check(&dir);
            let reported: Vec<String> = found
                .iter()
                .filter(|f| f.code == "all")
                .filter_map(|f| f.message.strip_prefix("package \"")?.split_once('"'))
                .map(|(name, _)| adrift::scan::python::normalise_python(name))
                .collect();
            match pip_names(&dir) {
                Some(names) => {
                    for name in &names {
                        assert!(
                            reported.contains(name),
                            "round {round}: pip installs {name}, adrift reports {reported:?}\n{}",
                            std::fs::read_to_string(dir.join("requirements.txt"))
                                .unwrap_or_default()
                        );
                    }
                }
                None => assert!(
                    found
                        .iter()
                        .any(|f| f.code == "parse-error" || f.code == "file-unreadable"),
                    "round {round}: pip rejects the file, adrift reports no problem: {found:?}"
                ),
            }
        }
    }
}
