//! Unit and property tests of the Go reader: go.mod lines as the go
//! command reads them, the normal form, and generated files written in
//! every form the grammar allows.

use super::generate::{Rng, generate};
use super::modfile::{FileKind, Parsed, canonical_version, parse, split_path_version, unquote};
use super::*;
use crate::scan::Wanted;

fn problems(text: &str) -> Vec<String> {
    parse(text, FileKind::Mod)
        .problems
        .into_iter()
        .map(|p| p.message)
        .collect()
}

fn requires(parsed: &Parsed) -> Vec<(String, String, bool)> {
    parsed
        .requires
        .iter()
        .map(|r| (r.path.clone(), r.version.clone(), r.indirect))
        .collect()
}

#[test]
fn requires_in_both_forms_with_indirect_comments() {
    let text = "module example.com/app\n\ngo 1.22.1\ntoolchain go1.22.3\n\nrequire github.com/lib/pq v1.10.9\nrequire (\n\tgorm.io/gorm v1.25.10 // indirect\n\t\"github.com/jackc/pgx/v5\" \"v5.5\"\n\tgo.etcd.io/bbolt v1.3.9 // indirect; adrift:allow=x: y\n\tgithub.com/x/y v0.0.0-20200101000000-abcdefabcdef //indirect\n\tgithub.com/x/z v2.0.0+incompatible // not indirect\n)\n";
    let parsed = parse(text, FileKind::Mod);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.module.as_deref(), Some("example.com/app"));
    let s = |a: &str, b: &str, i| (a.to_string(), b.to_string(), i);
    assert_eq!(
        requires(&parsed),
        [
            s("github.com/lib/pq", "v1.10.9", false),
            s("gorm.io/gorm", "v1.25.10", true),
            s("github.com/jackc/pgx/v5", "v5.5.0", false),
            s("go.etcd.io/bbolt", "v1.3.9", true),
            s("github.com/x/y", "v0.0.0-20200101000000-abcdefabcdef", true),
            s("github.com/x/z", "v2.0.0+incompatible", false),
        ]
    );
    let pq = &parsed.requires[0];
    assert_eq!(&text[pq.span.clone()], "github.com/lib/pq v1.10.9");
    assert_eq!(
        &text[parsed.requires[2].span.clone()],
        "\"github.com/jackc/pgx/v5\" \"v5.5\""
    );
}

#[test]
fn what_the_go_command_refuses_is_a_located_problem() {
    let cases: &[(&str, &str)] = &[
        (
            "module x\nrequire `a.b/c` v1.0.0\n",
            "unquoted string cannot contain quote",
        ),
        (
            "module x\nrequire a.b/c master\n",
            "must be of the form v1.2.3",
        ),
        (
            "module x\nrequire a.b/c v2.0.0\n",
            "should be v0 or v1, not v2",
        ),
        (
            "module x\nrequire a.b/c/v2 v1.0.0\n",
            "should be v2, not v1",
        ),
        ("module x\nrequire a.b/c/v1 v1.0.0\n", "invalid module path"),
        (
            "module x\nrequire a.b/c\n",
            "usage: require module/path v1.2.3",
        ),
        ("module x\nrequire (\na.b/c v1.0.0\n", "unterminated block"),
        (
            "module x\nrequire (\na.b/c v1.0.0\n) x\n",
            "expected newline after closing paren",
        ),
        ("module x\n/* no */\n", "not /* */ comments"),
        (
            "module x\nrequire \"a.b/c v1.0.0\n",
            "unexpected newline in string",
        ),
        (
            "module x\nrequires a.b/c v1.0.0\n",
            "unknown directive: requires",
        ),
        ("module x\ngo (\n1.21\n)\n", "unknown block type: go"),
        (
            "module x\nrequire a (\n)\n",
            "unknown block type: require a",
        ),
        (
            "module x\nreplace a.b/c => d.e/f\n",
            "must be directory path",
        ),
        (
            "module x\nreplace a.b/c => ../f v1.0.0\n",
            "cannot have version",
        ),
        (
            "module x\nreplace a.b/c => d.e/f@v1.0.0\n",
            "'path version', not 'path@version'",
        ),
        (
            "module x\ngo 1.21 1.22\n",
            "go directive expects exactly one argument",
        ),
        ("module x\ngo 1.21\ngo 1.22\n", "repeated go statement"),
        ("module x\nmodule y\n", "repeated module statement"),
        ("module x\ntoolchain 1.21\n", "invalid toolchain version"),
        ("module x\ngodebug x\n", "usage: godebug key=value"),
        (
            "module x\nretract [v1.0.0 v1.1.0]\n",
            "expected ',' after version",
        ),
        (
            "module x\nretract v1.0.0 x\n",
            "unexpected token after version",
        ),
        ("module x\n\u{feff}\n", "unexpected input character"),
        ("require a.b/c v1.0.0\n", "no module directive"),
        (
            "module x\nrequire \"a.b/\\q\" v1.0.0\n",
            "invalid quoted string",
        ),
    ];
    for (text, wanted) in cases {
        let found = problems(text);
        assert!(
            found.iter().any(|p| p.contains(wanted)),
            "{text:?}: wanted {wanted:?}, found {found:?}"
        );
    }
}

#[test]
fn valid_files_have_no_problem() {
    for text in [
        "module x\n",
        "module \"x\"\n",
        "module x // c\ngo 1.21rc1\ngodebug (\n\tpanicnil=1\n)\ntool golang.org/x/tools/cmd/stringer\nignore ./node_modules\nretract (\n\tv1.0.0 // bad\n\t[v1.1.0, v1.2.0]\n)\nexclude a.b/c v1.0.0\n",
        "module x\r\nrequire a.b/c v1.0.0\r\n",
        "module x\nrequire ()\nrequire (\n)\n",
        "// top\nmodule x\n\n// c\nrequire a.b/c v1.0.0//indirect\n",
        "module x\nrequire gopkg.in/yaml.v3 v3.0.1\nrequire gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n",
        "module x\nreplace a.b/c v1.0.0 => ./c\nreplace a.b/d => d.e/f v1.2.3\n",
    ] {
        let found = problems(text);
        assert!(found.is_empty(), "{text:?}: {found:?}");
    }
}

#[test]
fn broken_lines_still_declare_what_can_be_read() {
    let parsed = parse(
        "module x\nrequire `github.com/lib/pq` v1.0.0\nrequire gorm.io/gorm latest\nrequire (\n\tgithub.com/go-sql-driver/mysql v1.7.0\n",
        FileKind::Mod,
    );
    let paths: Vec<(&str, bool)> = parsed
        .requires
        .iter()
        .map(|r| (r.path.as_str(), r.rejected))
        .collect();
    assert_eq!(
        paths,
        [
            ("github.com/lib/pq", true),
            ("gorm.io/gorm", true),
            ("github.com/go-sql-driver/mysql", false)
        ]
    );
    assert_eq!(parsed.problems.len(), 3, "{:?}", parsed.problems);
}

/// Found by the fuzz smoke run in CI: a word made only of quote
/// characters is a problem, never a requirement with an empty path.
#[test]
fn a_word_of_quotes_is_a_problem_not_an_empty_requirement() {
    for text in [
        "require '",
        "require ''' v1.0.0",
        "require (\n\t'\n)\n",
        "replace ' => ./x",
        // Found by the next CI run: a quoted empty path, which `go mod edit`
        // drops without a word and go build refuses.
        "require \"\" v1.0.0",
        "require (\n\t\"\" v1.0.0\n)\n",
        "require \"\"",
    ] {
        for kind in [FileKind::Mod, FileKind::Work] {
            let parsed = parse(text, kind);
            assert!(!parsed.problems.is_empty(), "{text:?}");
            assert!(
                parsed.requires.iter().all(|r| !r.path.is_empty()),
                "{text:?}: {:?}",
                parsed.requires
            );
        }
    }
}

#[test]
fn replacements_by_module_and_by_directory() {
    let text = "module x\nreplace (\n\tgithub.com/lib/pq => github.com/fork/pq v1.0.1\n\tgorm.io/gorm v1.25.0 => ../gorm\n)\n";
    let parsed = parse(text, FileKind::Mod);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let r = &parsed.replaces[0];
    assert_eq!(
        (
            r.old.as_str(),
            r.new.as_str(),
            r.new_version.as_deref(),
            r.directory
        ),
        (
            "github.com/lib/pq",
            "github.com/fork/pq",
            Some("v1.0.1"),
            false
        )
    );
    assert_eq!(&text[r.span.clone()], "github.com/fork/pq v1.0.1");
    let d = &parsed.replaces[1];
    assert_eq!(
        (d.old_version.as_deref(), d.directory),
        (Some("v1.25.0"), true)
    );
}

#[test]
fn go_work_reads_use_and_replace() {
    let parsed = parse(
        "go 1.22\nuse (\n\t./api\n\t\"./db\"\n)\nreplace github.com/lib/pq => github.com/fork/pq v1.0.0\n",
        FileKind::Work,
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.uses.len(), 2);
    assert_eq!(parsed.replaces.len(), 1);
    assert!(!parse("module x\n", FileKind::Work).problems.is_empty());
    assert!(!parse("use ./a\n", FileKind::Mod).problems.is_empty());
}

#[test]
fn versions_paths_and_strings_follow_the_go_module_packages() {
    assert_eq!(canonical_version("v1").as_deref(), Some("v1.0.0"));
    assert_eq!(canonical_version("v1.2").as_deref(), Some("v1.2.0"));
    assert_eq!(canonical_version("v1.2.3+meta").as_deref(), Some("v1.2.3"));
    assert_eq!(
        canonical_version("v2.0.0+incompatible").as_deref(),
        Some("v2.0.0+incompatible")
    );
    assert_eq!(
        canonical_version("v1.2.3-rc.1").as_deref(),
        Some("v1.2.3-rc.1")
    );
    for bad in [
        "1.2.3",
        "v01.2.3",
        "v1.2.3-01",
        "v1.2.3-",
        "v1.2-rc",
        "master",
        "v1.2.3+",
    ] {
        assert_eq!(canonical_version(bad), None, "{bad}");
    }
    assert_eq!(split_path_version("a.b/c/v2"), Some(("a.b/c", "/v2")));
    assert_eq!(split_path_version("a.b/c"), Some(("a.b/c", "")));
    assert_eq!(
        split_path_version("gopkg.in/yaml.v3"),
        Some(("gopkg.in/yaml", ".v3"))
    );
    assert_eq!(
        split_path_version("gopkg.in/x.v1-unstable"),
        Some(("gopkg.in/x", ".v1-unstable"))
    );
    for bad in [
        "a.b/c/v1",
        "a.b/c/v0",
        "a.b/c/v2.1",
        "a.b/c/v02",
        "gopkg.in/yaml",
    ] {
        assert_eq!(split_path_version(bad), None, "{bad}");
    }
    assert_eq!(unquote(r#""a\tb\x41\101\u00e9""#).as_deref(), Ok("a\tbAAé"));
    assert!(unquote(r#""a\'""#).is_err());
    assert!(unquote(r#""\400""#).is_err());
}

#[test]
fn one_normal_form_and_every_major_version() {
    assert_eq!(
        normalise_module("github.com/Jackc/PGX/v5"),
        "github.com/jackc/pgx@v5"
    );
    assert_eq!(
        normalise_module("github.com/!azure/x"),
        "github.com/azure/x"
    );
    assert_eq!(normalise_module("gopkg.in/yaml.v3"), "gopkg.in/yaml@v3");
    assert_eq!(normalise_module(" gorm.io/driver/* "), "gorm.io/driver/*");
    let target = Target(&MODULE);
    let wanted = |pattern: &str| {
        let expanded = target.expand(&target.normalise(pattern));
        Wanted::new(expanded.iter().map(|p| (target, p.as_str())))
    };
    let matches =
        |pattern: &str, path: &str| wanted(pattern).matches(target, &normalise_module(path));
    assert!(matches("github.com/jackc/pgx", "github.com/jackc/pgx"));
    assert!(matches("github.com/jackc/pgx", "github.com/jackc/pgx/v5"));
    assert!(matches(
        "github.com/jackc/pgx/v5",
        "github.com/jackc/pgx/v5"
    ));
    assert!(!matches(
        "github.com/jackc/pgx/v5",
        "github.com/jackc/pgx/v4"
    ));
    assert!(!matches("github.com/jackc/pgx/v5", "github.com/jackc/pgx"));
    assert!(!matches("github.com/jackc/pgx", "github.com/jackc/pgxpool"));
    assert!(!matches("github.com/jackc/pgx", "github.com/jackc/pgx/vfs"));
    assert!(matches("gopkg.in/yaml", "gopkg.in/yaml.v3"));
    assert!(matches("gopkg.in/yaml.v2", "gopkg.in/yaml.v2"));
    assert!(!matches("gopkg.in/yaml.v2", "gopkg.in/yaml.v3"));
    assert!(matches("gorm.io/driver/*", "gorm.io/driver/postgres"));
    assert!(!matches(
        "github.com/aws/aws-sdk-go-v2",
        "github.com/aws/aws-sdk-go-v2/service/dynamodb"
    ));
    assert!(matches(
        "github.com/aws/aws-sdk-go-v2/**",
        "github.com/aws/aws-sdk-go-v2/service/dynamodb"
    ));
    assert!(matches(
        "github.com/Sirupsen/logrus",
        "github.com/sirupsen/logrus"
    ));
}

#[test]
fn generated_files_read_back_exactly() {
    for seed in 0..1000 {
        let g = generate(seed, seed % 2 == 0);
        let parsed = parse(&g.text, FileKind::Mod);
        assert!(
            parsed.problems.is_empty(),
            "seed {seed}:\n{}\n{:?}",
            g.text,
            parsed.problems
        );
        assert_eq!(requires(&parsed), g.requires, "seed {seed}:\n{}", g.text);
        let replaces: Vec<(String, String, String, String)> = parsed
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
        assert_eq!(replaces, g.replaces, "seed {seed}:\n{}", g.text);
        // Every declaration is at its own text, and the file's declarations
        // match their own patterns.
        let file = SourceFile::new("go.mod".into(), g.text.clone());
        for d in declarations(&file, &parsed) {
            assert!(g.text.get(d.span.clone()).is_some());
            let target = Target(&MODULE);
            let wanted = Wanted::new(
                target
                    .expand(&d.name)
                    .iter()
                    .map(|p| (target, p.as_str()))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|(t, p)| (*t, *p)),
            );
            assert!(wanted.matches(target, &d.name));
        }
    }
}

#[test]
fn mutated_files_never_panic_and_keep_spans_in_the_text() {
    let mut rng = Rng(7);
    for seed in 0..1000 {
        let g = generate(seed, true);
        let mut text = g.text.clone();
        super::generate::mutate(&mut text, &mut rng);
        for kind in [FileKind::Mod, FileKind::Work] {
            let parsed = parse(&text, kind);
            for p in &parsed.problems {
                assert!(text.get(p.span.clone()).is_some(), "{text:?} {p:?}");
            }
            for r in &parsed.requires {
                assert!(text.get(r.span.clone()).is_some(), "{text:?} {r:?}");
            }
            for r in &parsed.replaces {
                assert!(text.get(r.span.clone()).is_some(), "{text:?} {r:?}");
            }
            assert_eq!(parse(&text, kind), parsed);
        }
    }
}

#[test]
fn a_requirement_notes_the_replacement_the_go_command_applies() {
    let text = "module x\nrequire (\n\ta.b/c v1.0.0\n\ta.b/d v1.0.0\n)\nreplace a.b/c v1.0.0 => ./c\nreplace a.b/c => e.f/g v1.1.0\nreplace a.b/d v0.9.0 => ./d\n";
    let file = SourceFile::new("go.mod".into(), text.into());
    let parsed = parse(text, FileKind::Mod);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let d = declarations(&file, &parsed);
    assert_eq!(
        d[0].note.as_deref(),
        Some("replaced by the local directory ./c on line 6: the build uses that directory's code")
    );
    assert_eq!(d[1].note, None, "another version is replaced");
    assert_eq!(d[2].subject, "module \"e.f/g\"");
    assert_eq!(d[2].identity, "module \"e.f/g\" replacing \"a.b/c\"");
    assert_eq!(d.len(), 3);
}

#[test]
fn long_runs_of_refused_characters_are_one_problem_a_line_and_no_recursion() {
    // One frame per character once overflowed the stack.
    let text = format!(
        "module x\n{}\n{}require a.b/c v1.0.0\n",
        "\u{feff}".repeat(300_000),
        "\u{0}".repeat(10)
    );
    let parsed = parse(&text, FileKind::Mod);
    assert_eq!(
        parsed.problems.len(),
        2,
        "{:?}",
        &parsed.problems[..2.min(parsed.problems.len())]
    );
    assert_eq!(parsed.requires.len(), 1);
}
