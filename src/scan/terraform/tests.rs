use super::*;
use crate::scan::Wanted;

fn wanted(pairs: &[(&'static TargetInfo, &str)]) -> Wanted {
    let mut expanded = Vec::new();
    for (t, p) in pairs {
        for e in Target(t).expand(&Target(t).normalise(p)) {
            expanded.push((Target(t), e));
        }
    }
    Wanted::new(expanded.iter().map(|(t, p)| (*t, p.as_str())))
}

fn everything() -> Wanted {
    wanted(&[
        (&RESOURCE, "**"),
        (&DATA_SOURCE, "**"),
        (&MODULE, "**"),
        (&PROVIDER, "**"),
    ])
}

fn scan_with(name: &str, bytes: Vec<u8>, json: bool, w: &Wanted) -> (ScannedFile, Vec<Item>) {
    let filter = prefilter::TextFilter::new(w);
    scan_bytes(name.into(), bytes, json, w, &filter)
}

fn scan(text: &str) -> ScannedFile {
    scan_with("main.tf", text.as_bytes().to_vec(), false, &everything()).0
}

fn subjects(s: &ScannedFile) -> Vec<(&str, Option<&str>)> {
    s.declarations
        .iter()
        .map(|d| (d.subject.as_str(), d.note.as_deref()))
        .collect()
}

#[test]
fn module_sources_normalise_to_registry_addresses() {
    let cases = [
        (
            "terraform-aws-modules/rds/aws",
            "terraform-aws-modules/rds/aws",
        ),
        (
            "terraform-aws-modules/rds/aws//modules/db_instance",
            "terraform-aws-modules/rds/aws//modules/db_instance",
        ),
        (
            "registry.terraform.io/terraform-aws-modules/rds/aws",
            "terraform-aws-modules/rds/aws",
        ),
        (
            "git::https://github.com/terraform-aws-modules/terraform-aws-rds.git?ref=v6.1.0",
            "terraform-aws-modules/rds/aws",
        ),
        (
            "git::https://github.com/terraform-aws-modules/terraform-aws-rds-aurora.git//modules/x?ref=v9",
            "terraform-aws-modules/rds-aurora/aws//modules/x",
        ),
        (
            "github.com/terraform-aws-modules/terraform-aws-dynamodb-table",
            "terraform-aws-modules/dynamodb-table/aws",
        ),
        (
            "git@github.com:terraform-aws-modules/terraform-aws-s3-bucket.git",
            "terraform-aws-modules/s3-bucket/aws",
        ),
        (
            "git::ssh://git@github.com/acme/terraform-aws-vpc.git?ref=1.0",
            "acme/vpc/aws",
        ),
        ("./modules/database", "./modules/database"),
        (
            "git::https://example.com/infra/db.git?ref=v1",
            "example.com/infra/db",
        ),
        (
            "terraform-aws-modules/s3-bucket/aws//",
            "terraform-aws-modules/s3-bucket/aws//",
        ),
    ];
    for (written, want) in cases {
        assert_eq!(normalise_source(written), want, "{written}");
    }
    assert_eq!(
        normalise_provider("registry.terraform.io/CyrilGDN/postgresql"),
        "cyrilgdn/postgresql"
    );
    assert_eq!(normalise_provider("postgresql"), "hashicorp/postgresql");
}

#[test]
fn module_patterns_cover_submodules_unless_they_say_otherwise() {
    let all = NamePattern::any_of(&module_pattern("terraform-aws-modules/s3-bucket/aws"));
    let root = NamePattern::any_of(&module_pattern("terraform-aws-modules/s3-bucket/aws//"));
    let one = NamePattern::any_of(&module_pattern(
        "terraform-aws-modules/s3-bucket/aws//modules/notification",
    ));
    let bucket = "terraform-aws-modules/s3-bucket/aws";
    let notification = "terraform-aws-modules/s3-bucket/aws//modules/notification";
    assert!(all.matches(bucket) && all.matches(notification));
    assert!(root.matches(bucket) && !root.matches(notification));
    assert!(one.matches(notification) && !one.matches(bucket));
}

use crate::glob::NamePattern;

#[test]
fn blocks_are_read_and_text_never_matches() {
    let s = scan(
        "# resource \"aws_db_instance\" \"commented\" {}\n/*\nresource \"aws_db_instance\" \"block_comment\" {}\n*/\nresource \"aws_ecs_service\" \"api\" {\n  user_data = <<EOT\nresource \"aws_db_instance\" \"heredoc\" {}\nEOT\n  description = \"aws_db_instance\"\n}\nresource \"aws_db_instance\" \"real\" {\n  engine = \"postgres\"\n}\nresource \"aws_rds_cluster\" \"off\" {\n  count = 0\n}\nresource \"aws_rds_cluster\" \"maybe\" {\n  count = var.enabled ? 1 : 0\n}\n",
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(
        subjects(&s),
        [
            ("resource \"aws_ecs_service\" \"api\"", None),
            ("resource \"aws_db_instance\" \"real\"", None),
            (
                "resource \"aws_rds_cluster\" \"maybe\"",
                Some("it may be created: count depends on `var.enabled`")
            ),
        ]
    );
    let real = &s.declarations[1];
    assert_eq!(
        &s.file.text[real.span.clone()],
        "resource \"aws_db_instance\" \"real\""
    );
}

#[test]
fn crlf_bom_and_parse_errors() {
    let s = scan("\u{feff}resource \"aws_db_instance\" \"db\" {\r\n  engine = \"mysql\"\r\n}\r\n");
    assert_eq!(s.declarations.len(), 1);
    assert_eq!(s.file.line_col(s.declarations[0].span.start).line, 1);
    assert_eq!(
        &s.file.text[s.declarations[0].span.clone()],
        "resource \"aws_db_instance\" \"db\""
    );
    let s = scan("resource \"aws_db_instance\" \"db\" {\n  engine = \n}\n");
    assert_eq!(s.problems.len(), 1);
    assert_eq!(s.problems[0].code, "parse-error");
    assert_eq!(
        s.file
            .line_col(s.problems[0].span.as_ref().unwrap().start)
            .line,
        2
    );
    // The broken file's declarations are still read.
    assert_eq!(s.declarations.len(), 1);
}

#[test]
fn modules_and_providers() {
    let s = scan(
        "terraform {\n  required_providers {\n    postgresql = {\n      source = \"cyrilgdn/postgresql\"\n    }\n    aws = { source = \"hashicorp/aws\" }\n    mysql = { version = \"~> 1.9\" }\n    legacy = \"1.0\"\n  }\n}\nmodule \"db\" {\n  source = \"git::https://github.com/terraform-aws-modules/terraform-aws-rds.git?ref=v6.1.0\"\n  for_each = var.dbs\n}\n",
    );
    let names: Vec<&str> = s.declarations.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "cyrilgdn/postgresql",
            "hashicorp/aws",
            "hashicorp/mysql",
            "hashicorp/legacy",
            "terraform-aws-modules/rds/aws"
        ]
    );
    assert!(
        s.declarations[4]
            .note
            .as_deref()
            .unwrap()
            .contains("for_each = `var.dbs`")
    );
}

#[test]
fn terraform_json() {
    let text = r#"{
  "resource": {
    "aws_db_instance": { "main": { "engine": "postgres" } },
    "aws_s3_bucket": { "off": { "count": 0 } }
  },
  "module": { "cache": { "source": "terraform-aws-modules/elasticache/aws" } },
  "terraform": [{ "required_providers": { "pg": { "source": "cyrilgdn/postgresql" }, "mysql": { "version": "1" }, "old": "1.0" } }]
}"#;
    let (s, _) = scan_with("main.tf.json", text.into(), true, &everything());
    assert!(s.problems.is_empty());
    let names: Vec<&str> = s.declarations.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "aws_db_instance",
            "terraform-aws-modules/elasticache/aws",
            "cyrilgdn/postgresql",
            "hashicorp/mysql",
            "hashicorp/old"
        ]
    );
    assert_eq!(s.file.line_col(s.declarations[0].span.start).line, 3);
    let (bad, _) = scan_with(
        "x.tf.json",
        b"{ \"resource\": ".to_vec(),
        true,
        &everything(),
    );
    assert_eq!(bad.problems[0].code, "parse-error");
}

#[test]
fn what_terraform_accepts_and_hcl_edit_does_not_is_still_read() {
    let deep = format!("x = {}1{}\n", "[".repeat(100), "]".repeat(100));
    let chained = format!("y = {}\n", vec!["1"; 200].join(" + "));
    let duplicate = "z = { a = 1, a = 2 }\n".to_string();
    let heredoc = "w = <<EOT\n  text\n\u{0b}EOT\u{a0}\n".to_string();
    for prefix in [deep, chained, duplicate, heredoc] {
        let text = format!("{prefix}resource \"aws_db_instance\" \"db\" {{}}\n");
        let s = scan(&text);
        assert!(s.problems.is_empty(), "{prefix:?}: {:?}", s.problems);
        assert_eq!(s.declarations.len(), 1, "{prefix:?}");
        assert_eq!(s.declarations[0].name, "aws_db_instance");
    }
}

#[test]
fn escapes_templates_and_comments_in_headers() {
    let s = scan(
        "resource /* a\n comment */ \"aws\\u005fdb_instance\" \"x\" {}\nmodule \"m\" {\n  source = \"terraform-aws-modules/${\"rds\"}/aws\"\n}\nmodule \"p\" {\n  source = (\"terraform-aws-modules/rds/aws\")\n}\n",
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let names: Vec<&str> = s.declarations.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "aws_db_instance",
            "terraform-aws-modules/rds/aws",
            "terraform-aws-modules/rds/aws"
        ]
    );
    let s = scan("module \"v\" {\n  source = var.source\n}\n");
    assert_eq!(s.problems.len(), 1, "an unreadable source fails closed");
}

#[test]
fn a_latin1_byte_is_allowed_in_a_comment_only() {
    let mut text = b"# caf".to_vec();
    text.push(0xe9);
    text.extend_from_slice(b"\nresource \"aws_db_instance\" \"x\" {}\n");
    let (s, _) = scan_with("main.tf", text, false, &everything());
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(s.declarations.len(), 1);
    let mut text = b"resource \"aws_db_instance\" \"caf".to_vec();
    text.push(0xe9);
    text.extend_from_slice(b"\" {}\n");
    let (s, _) = scan_with("main.tf", text, false, &everything());
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
}

/// A deterministic generator of Terraform-like text: valid and invalid
/// shapes, every construct the lexer knows, in random order.
pub(crate) struct Generator(u64);

impl Generator {
    pub(crate) fn new(seed: u64) -> Generator {
        Generator(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn name(&mut self) -> String {
        self.pick(&[
            "aws_db_instance",
            "aws_s3_bucket",
            "aws_ecs_service",
            "aws\\u005fdb_instance",
            "mysql_database",
            "random_id",
            "null",
            "aws_dynamodb_table",
            "aws_db_\\u0069nstance",
        ])
        .to_string()
    }

    fn string(&mut self) -> String {
        match self.next() % 9 {
            0 => "\"plain\"".into(),
            1 => "\"with ${var.x} template\"".into(),
            2 => "\"resource \\\"aws_db_instance\\\" \\\"s\\\" {}\"".into(),
            3 => "\"$${not} %%{a}\"".into(),
            4 => "\"nested ${\"inner ${\"x\"}\"} }\"".into(),
            5 => "\"a \\\"quoted\\\" \\\\ back\"".into(),
            6 => "\"${ {a = \"}\"} }\"".into(),
            7 => "\"%{ if true }x%{ endif }\"".into(),
            _ => "\"é ü 😀\"".into(),
        }
    }

    fn expression(&mut self, depth: usize) -> String {
        if depth > 3 {
            return "1".into();
        }
        match self.next() % 12 {
            0 => self.string(),
            1 => format!(
                "[{}, {}]",
                self.expression(depth + 1),
                self.expression(depth + 1)
            ),
            2 => format!(
                "{{\n  a = {}\n  \"b\" = {}\n}}",
                self.expression(depth + 1),
                self.expression(depth + 1)
            ),
            3 => format!("({})", self.expression(depth + 1)),
            4 => format!(
                "var.x ? {} : {}",
                self.expression(depth + 1),
                self.expression(depth + 1)
            ),
            5 => {
                let marker = self.pick(&["EOT", "END", "X_1"]);
                let indent = if self.chance(50) { "-" } else { "" };
                let end_ws = self.pick(&["", "  ", "\t", "\u{0b}", "\u{a0}", " \u{3000}"]);
                format!(
                    "<<{indent}{marker}\n  resource \"aws_db_instance\" \"h\" {{}}\n  ${{var.y}} {marker}\n{end_ws}{marker}"
                )
            }
            6 => "[for x in var.list : x if x != \"}\"]".into(),
            7 => "jsonencode({ \"k\" = \"v\" })".into(),
            8 => format!("{} + 1 == 2", self.expression(depth + 1)),
            9 => "-1.5e3".into(),
            10 => "local.a[0].b".into(),
            _ => "null".into(),
        }
    }

    fn comment(&mut self) -> String {
        match self.next() % 4 {
            0 => "# resource \"aws_db_instance\" \"c\" {}\n".into(),
            1 => "// module \"m\" { source = \"x\" }\n".into(),
            2 => "/* resource \"aws_db_instance\" \"d\" {}\n */\n".into(),
            _ => "/* inline */ ".into(),
        }
    }

    fn block(&mut self, top: bool) -> String {
        let mut out = String::new();
        if self.chance(20) {
            out.push_str(&self.comment());
        }
        match self.next() % 10 {
            0 | 1 => {
                let kw = self.pick(&["resource", "data"]);
                let sep = self.pick(&[" ", "\t", " /* c */ ", " /* multi\nline */ "]);
                out.push_str(&format!("{kw}{sep}\"{}\" \"n{}\" {{\n", self.name(), self.next() % 9));
                if self.chance(30) {
                    out.push_str(&format!("  count = {}\n", self.pick(&["0", "1", "var.on ? 1 : 0", "length(var.x)"])));
                }
                if self.chance(20) {
                    out.push_str("  provider = aws.west\n");
                }
                out.push_str(&format!("  a = {}\n", self.expression(0)));
                if self.chance(30) {
                    out.push_str("  lifecycle {\n    ignore_changes = [tags]\n  }\n");
                }
                out.push('}');
            }
            2 => {
                let source = match self.next() % 6 {
                    0 => "\"terraform-aws-modules/rds/aws\"".to_string(),
                    1 => "\"./.modules/db\"".to_string(),
                    2 => "\"terraform-aws-modules/${\"rds\"}/aws\"".to_string(),
                    3 => "(\"terraform-aws-modules/s3-bucket/aws//modules/notification\")".to_string(),
                    4 => "\"terraform-aws-modules/rds\\u002Faws\"".to_string(),
                    _ => "var.source".to_string(),
                };
                out.push_str(&format!("module \"m{}\" {{\n  source = {source}\n", self.next() % 9));
                if self.chance(30) {
                    out.push_str("  for_each = var.things\n");
                }
                out.push('}');
            }
            3 => {
                out.push_str("terraform {\n  required_providers {\n");
                for _ in 0..(self.next() % 3 + 1) {
                    let entry = match self.next() % 6 {
                        0 => "mysql = { version = \"~> 1.9\" }".to_string(),
                        1 => "pg = {\n      source = \"cyrilgdn/postgresql\"\n    }".to_string(),
                        2 => "legacy = \"1.0\"".to_string(),
                        3 => "x = { \"source\" = \"petoju/mysql\", version = \"1\" }".to_string(),
                        4 => "y = { source: \"hashicorp/aws\" }".to_string(),
                        _ => "z = { source = \"${\"a\"}/b\" }".to_string(),
                    };
                    out.push_str(&format!("    {entry}\n"));
                }
                out.push_str("  }\n}");
            }
            4 => out.push_str(&format!("provider \"{}\" {{\n  region = {}\n}}", self.pick(&["aws", "mysql", "google"]), self.expression(0))),
            5 => out.push_str(&format!("locals {{\n  v = {}\n}}", self.expression(0))),
            6 => out.push_str(&format!("check \"c\" {{\n  data \"{}\" \"d\" {{}}\n  assert {{\n    condition = true\n  }}\n}}", self.name())),
            7 => out.push_str(&format!("variable \"v\" {{\n  default = {}\n}}", self.expression(0))),
            8 if top => out.push_str(&format!("output \"o\" {{ value = {} }}", self.pick(&["1", "\"x\"", "aws_db_instance.x.id"]))),
            _ => out.push_str(&format!("attr = {}", self.expression(0))),
        }
        out.push('\n');
        out
    }

    /// A file: blocks, sometimes damaged, with one line-ending style.
    pub(crate) fn file(&mut self) -> String {
        let mut text = String::new();
        if self.chance(10) {
            text.push('\u{feff}');
        }
        for _ in 0..(self.next() % 6 + 1) {
            text.push_str(&self.block(true));
            if self.chance(30) {
                text.push('\n');
            }
        }
        if self.chance(15) {
            // Damage: cut, or insert a stray character.
            let cut = (self.next() as usize) % text.len().max(1);
            let at = (0..=cut)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            if self.chance(50) {
                text.truncate(at);
            } else {
                let stray = self.pick(&["{", "}", "\"", "<<EOT\n", "\\", "${", "\r", "\n"]);
                text.insert_str(at, stray);
            }
        }
        if self.chance(20) {
            text = text.replace('\n', "\r\n");
        }
        text
    }
}

#[test]
fn the_outline_reads_what_hcl_edit_reads() {
    let mut failures = Vec::new();
    for seed in 0..1500 {
        let text = Generator::new(seed).file();
        if let Err(e) = proof::agree(&text) {
            failures.push(format!("seed {seed}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements, first:\n{}",
        failures.len(),
        failures.first().map(String::as_str).unwrap_or("")
    );
}

#[test]
fn the_prefilter_never_skips_a_matching_declaration() {
    // A pattern of each kind, one at a time: when either stage says a file
    // cannot match, a full read finds no match.
    for seed in 0..1200 {
        let text = Generator::new(seed).file();
        if let Err(e) = proof::prefilter_sound(&text) {
            panic!("seed {seed}: {e}");
        }
    }
}

#[test]
fn implied_providers_are_found_once_per_directory() {
    let w = wanted(&[
        (&PROVIDER, "hashicorp/mysql"),
        (&PROVIDER, "hashicorp/random"),
    ]);
    let scan = |name: &str, text: &str| {
        let (scanned, items) = scan_with(name, text.as_bytes().to_vec(), false, &w);
        FileScan {
            scanned,
            items,
            dir: PathBuf::from("infra"),
        }
    };
    let mut files = vec![
        scan(
            "a.tf",
            "resource \"mysql_database\" \"a\" {}\nresource \"mysql_user\" \"b\" {}\nresource \"random_id\" \"r\" {}\n",
        ),
        scan(
            "b.tf",
            "provider \"mysql\" {}\nterraform {\n  required_providers {\n    random = { source = \"hashicorp/random\" }\n  }\n}\n",
        ),
    ];
    implied_providers(&mut files, &w);
    let implied: Vec<&str> = files
        .iter()
        .flat_map(|f| f.scanned.declarations.iter())
        .map(|d| d.subject.as_str())
        .collect();
    assert_eq!(
        implied,
        [
            "provider \"mysql\" (implied by resource \"mysql_database\" \"a\": no required_providers entry names it, so Terraform reads it as \"hashicorp/mysql\")",
            "provider \"random\" (source \"hashicorp/random\")",
        ]
    );
}

#[test]
fn a_parse_error_inside_a_character_is_located_at_its_start() {
    // Found by fuzzing: hcl-edit's error offset fell inside a replacement
    // character (bytes that are not UTF-8, in a template sequence).
    let mut bytes = b"resource \"a\" \"b\" {\n  x = \"${os".to_vec();
    bytes.extend_from_slice(&[0xff; 8]);
    let (s, _) = scan_with("main.tf", bytes.clone(), false, &everything());
    assert!(!s.problems.is_empty());
    proof::scan_whole(&bytes);
    proof::scan_whole(include_bytes!(
        "../../../tests/fixtures/fuzz/terraform-offset-in-char.bin"
    ));
}

#[test]
fn an_odd_key_in_a_provider_entry_makes_its_source_unknown() {
    // Found by fuzzing: `! source = …` is an object item hcl-edit reads with
    // a computed key; the outline must not read the entry as source-less.
    let text = "terraform {\n  required_providers {\n    pg = {\n!     source = \"cyrilgdn/postgresql\"\n    }\n  }\n}\n";
    assert_eq!(proof::agree(text), Ok(()));
    let o = outline::outline(text, &[]);
    assert!(matches!(
        o.items[0],
        Item::RequiredProvider {
            source: Some(Value::Unknown),
            ..
        }
    ));
}

/// Attributes are read only for the resource types some rule with
/// conditions names: rules without conditions cost nothing more. Where
/// hcl-edit does not read the file, they say why.
#[test]
fn attributes_only_where_conditions_ask_for_them() {
    let text = "resource \"aws_rds_cluster\" \"a\" {\n  engine_mode = \"serverless\"\n}\nresource \"aws_dynamodb_table\" \"t\" {\n  billing_mode = \"PROVISIONED\"\n}\n";
    let attributes = |w: &Wanted, text: &str| -> Vec<Option<Vec<String>>> {
        scan_with("main.tf", text.as_bytes().to_vec(), false, w)
            .0
            .declarations
            .iter()
            .map(|d| {
                d.attributes.as_ref().map(|a| {
                    a.entries
                        .iter()
                        .map(|(p, r, _)| format!("{p} {r:?}"))
                        .chain(a.unreadable.clone())
                        .collect()
                })
            })
            .collect()
    };
    let plain = wanted(&[(&RESOURCE, "aws_*")]);
    assert_eq!(attributes(&plain, text), [None, None]);
    let conditioned = wanted(&[(&RESOURCE, "aws_*"), (&CONDITIONED, "aws_rds_cluster")]);
    assert_eq!(
        attributes(&conditioned, text),
        [
            Some(vec!["engine_mode Value(\"serverless\")".to_string()]),
            None
        ]
    );
    // A syntax error elsewhere: the outline finds the cluster, without attributes.
    let broken = format!("{text}resource \"x\" \"y\" {{\n  a = = 1\n}}\n");
    assert_eq!(
        attributes(&conditioned, &broken),
        [
            Some(vec!["hcl-edit could not parse the file".to_string()]),
            None,
            None
        ]
    );
}

/// Terraform JSON: literals, templates of constants, nested blocks as
/// objects or arrays of objects; other templates, empty arrays and
/// `dynamic` blocks unknown.
#[test]
fn json_attributes_read_statically() {
    let text = r#"{"resource": {"aws_rds_cluster": {"c": [{
  "engine_mode": "provisioned",
  "engine": "aurora-${\"postgresql\"}",
  "serverlessv2_scaling_configuration": [{"max_capacity": 4}],
  "dynamic": {"x": {"for_each": "${var.a}", "content": {}}},
  "tags": {"a": "${var.t}"},
  "//": "a comment",
  "n": null,
  "e": [],
  "l": ["a", true]
}]}}}"#;
    let w = wanted(&[(&RESOURCE, "aws_*"), (&CONDITIONED, "aws_*")]);
    let scanned = scan_with("main.tf.json", text.as_bytes().to_vec(), true, &w).0;
    let attributes = scanned.declarations[0].attributes.as_ref().expect("read");
    let got: Vec<String> = attributes
        .entries
        .iter()
        .map(|(p, r, _)| format!("{p} {r:?}"))
        .collect();
    assert_eq!(
        got,
        [
            "engine_mode Value(\"provisioned\")",
            "engine Value(\"aurora-postgresql\")",
            "serverlessv2_scaling_configuration Block",
            "serverlessv2_scaling_configuration.max_capacity Value(\"4\")",
            "x Unknown(\"dynamic \\\"x\\\"\")",
            "tags Block",
            "tags.a Unknown(\"${var.t}\")",
            "e Unknown(\"[]\")",
            "l Value(\"[\\\"a\\\", true]\")",
        ]
    );
}
