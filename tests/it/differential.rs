//! The real readers as the oracle. Generated Terraform trees go through the
//! Terraform CLI and generated requirements files through pip's own parser;
//! adrift, with rules that match everything, must report every resource,
//! data source, module call and provider requirement Terraform sees, and
//! every package pip would install (and nothing they do not see).
//!
//! Behind the `interop` feature. Needs `terraform` (1.11) with the offline
//! mirror of hashicorp/aws at `/opt/tf-plugins`, and `python3` with pip 23.
//! Nothing touches the network: Terraform gets a CLI configuration that
//! installs only from the mirror, every module is local, and pip is given
//! no finder.
//!
//! How Terraform's view is read, per batch of trees (one Terraform root
//! whose `main.tf` calls each tree as a module, so that the provider's
//! schema is loaded once per batch, not once per tree):
//! - `terraform init -backend=false` (or `terraform get` where providers
//!   other than hashicorp/aws are needed, which the mirror lacks), then
//!   `.terraform/modules/modules.json`: every module call and its directory;
//! - `terraform graph`: every resource and data source, by module;
//! - `terraform providers`: every provider requirement by module, including
//!   the ones implied by resource types and provider blocks.
//!
//! adrift runs twice on each batch: with rules that match everything
//! (`*`, and `**` for sources, which have `/`), where no prefilter applies,
//! and with rules naming exactly the types, module sources and providers
//! Terraform saw, as real rules do, so that the prefilter decides which
//! files are parsed. A disagreement seen only the second time says so.
//!
//! `count = 0` and `for_each = {}` declare nothing, and adrift may leave
//! them out: the generator names every such block `off_*`, and those are
//! neither required nor counted as extra. The built-in provider
//! `terraform.io/builtin/terraform` (of `terraform_data`) is not compared.
//! Trees with providers other than hashicorp/aws cannot be initialised
//! offline, so for them only module calls and providers are compared.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{adr_tools_record, adrift, temp_dir, write};

/// A small deterministic generator (the same cases every run).
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Lcg {
        let mut lcg = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
        lcg.next();
        lcg
    }

    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One generated file: its path (bytes: names need not be UTF-8) and text.
struct File {
    path: Vec<u8>,
    text: Vec<u8>,
}

fn put(dir: &Path, file: &File) {
    let path = dir.join(OsStr::from_bytes(&file.path));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, &file.text).expect("write");
}

/// One finding of `check --format json`.
#[derive(Debug, Clone)]
struct Found {
    code: String,
    path: String,
    line: u64,
    message: String,
}

/// Runs `adrift check --format json` in `dir`: its exit code and findings.
fn adrift_findings(dir: &Path) -> (i32, Vec<Found>) {
    let run = adrift(dir, &["check", "--format", "json"]);
    assert!(
        run.code == 0 || run.code == 1,
        "adrift check in {} exited {}:\n{}{}",
        dir.display(),
        run.code,
        run.stdout,
        run.stderr
    );
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

/// Makes `dir` a gated project with one accepted record and `rules`.
fn gate_at(dir: &Path, rules: &[(&str, &str)]) {
    write(dir, "adrift.toml", "");
    write(
        dir,
        "adr/0001-everything.md",
        adr_tools_record(1, "Declare nothing", "Accepted"),
    );
    for (id, section) in rules {
        write(
            dir,
            &format!("rules/{id}.toml"),
            format!("id = \"{id}\"\ndecision = \"1\"\nmessage = \"seen\"\n{section}"),
        );
    }
}

/// The directory part of a `/`-separated relative path, lexically
/// normalised ("" for the top).
fn parent_dir(path: &str) -> String {
    normalise_path(path.rsplit_once('/').map(|(d, _)| d).unwrap_or(""))
}

fn normalise_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `"` + the text up to the next `"`, after `prefix` in `message`.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('"')?;
    rest.split_once('"').map(|(q, _)| q)
}

// =====================================================================
// Terraform
// =====================================================================

const AWS_RESOURCES: &[&str] = &[
    "aws_db_instance",
    "aws_s3_bucket",
    "aws_rds_cluster",
    "aws_dynamodb_table",
    "aws_elasticache_cluster",
    "aws_iam_role",
    "aws_lb",
    "aws_ecs_service",
    "aws_security_group",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_lambda_function",
    "aws_cloudwatch_log_group",
    "aws_efs_file_system",
    "aws_kms_key",
    "terraform_data",
];

const AWS_DATA: &[&str] = &[
    "aws_caller_identity",
    "aws_region",
    "aws_availability_zones",
    "aws_db_instance",
    "aws_s3_bucket",
    "aws_iam_policy_document",
    "aws_vpc",
    "aws_partition",
];

/// Types of providers the offline mirror lacks: only for trees whose
/// providers are compared without `terraform init`.
const FOREIGN_RESOURCES: &[&str] = &[
    "null_resource",
    "random_id",
    "random_password",
    "mysql_database",
    "tls_private_key",
    "postgresql_role",
    "time_sleep",
];

const FOREIGN_DATA: &[&str] = &["external", "http", "dns_a_record_set"];

/// `required_providers` entries for hashicorp/aws in every form Terraform
/// reads as hashicorp/aws.
const AWS_REQUIREMENTS: &[&str] = &[
    "aws = { source = \"hashicorp/aws\", version = \">= 5.0\" }",
    "aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }",
    "aws = { version = \">= 4.0\" }",
    "aws = \">= 4.0\"",
    "aws = { source = \"registry.terraform.io/hashicorp/aws\" }",
    "aws = { source = \"HashiCorp/AWS\" }",
    "aws = { source = \"hashicorp\\u002Faws\" }",
    "aws = { source = \"hashicorp/${\"aws\"}\" }",
    "aws = { source = (\"hashicorp/aws\") }",
];

/// Entries for providers the mirror lacks (foreign trees only).
const FOREIGN_REQUIREMENTS: &[&str] = &[
    "mysql = { version = \"~> 1.9\" }",
    "random = \"~> 3.0\"",
    "pg = { source = \"cyrilgdn/postgresql\" }",
    "tls = { source = \"hashicorp/tls\", version = \">= 4.0\" }",
    "dd = { source = \"DataDog/datadog\" }",
    "time = { source = \"hashicorp/${\"time\"}\" }",
];

/// White space before a heredoc's end marker: HCL trims Unicode white
/// space, so Terraform closes the heredoc after each of these.
const MARKER_INDENTS: &[&str] = &["  ", "\t", "\u{b}", "\u{c}", "\u{a0}", "\u{2003}"];

/// The value types expressions are generated for.
#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Num,
    Bool,
    Str,
    Any,
}

/// One module directory of a tree, while it is generated.
struct Module {
    /// Relative to the tree: "" (the tree's root), `modules/m1`, `.modules/m2`.
    dir: String,
    /// Locals declared so far, with their type, for references.
    locals: Vec<(String, Ty)>,
    /// Whether `required_providers` names hashicorp/aws with a source
    /// (provider-defined functions need it).
    aws_source: bool,
    /// A `provider "aws" { alias = "west" }` is declared here.
    west: bool,
    /// A `terraform` block with `required_providers` is declared here.
    terraform_block: bool,
}

struct TreeGen {
    rng: Lcg,
    foreign: bool,
    modules: Vec<Module>,
    /// Every name is made unique with it (Terraform rejects duplicates).
    counter: usize,
}

impl TreeGen {
    fn fresh(&mut self, stem: &str) -> String {
        self.counter += 1;
        let seps = ["_", "-", "", "_x"];
        let sep = seps[self.rng.below(seps.len())];
        format!("{stem}{sep}{}", self.counter)
    }

    /// A label: quoted (possibly with an HCL escape) or bare.
    fn label(&mut self, text: &str) -> String {
        if self.rng.chance(8) {
            return text.to_string();
        }
        if self.rng.chance(15) && text.len() > 2 {
            let chars: Vec<char> = text.chars().collect();
            let at = 1 + self.rng.below(chars.len() - 1);
            let mut s = String::from("\"");
            for (i, c) in chars.iter().enumerate() {
                if i == at {
                    if self.rng.chance(30) {
                        s.push_str(&format!("\\U{:08x}", *c as u32));
                    } else {
                        s.push_str(&format!("\\u{:04X}", *c as u32));
                    }
                } else {
                    s.push(*c);
                }
            }
            s.push('"');
            return s;
        }
        format!("\"{text}\"")
    }

    /// The keyword and labels of a block header, sometimes with comments
    /// where a skimming reader does not expect them.
    fn header(&mut self, keyword: &str, labels: &[String]) -> String {
        let mut s = String::new();
        if self.rng.chance(4) {
            s.push_str("/* moved here */ ");
        }
        s.push_str(keyword);
        if self.rng.chance(3) {
            s.push_str(" /*\n  note\n*/");
        }
        for l in labels {
            s.push(' ');
            s.push_str(l);
        }
        s
    }

    fn string_literal(&mut self) -> String {
        let pieces = [
            "plain",
            "with space",
            "tab\\tand\\nnewline",
            "quote\\\"d",
            "back\\\\slash",
            "caf\\u00e9",
            "$${not_interpolated}",
            "%%{not_a_directive}",
            "emoji 🚀",
            "resource \\\"aws_db_instance\\\" \\\"in_string\\\" {}",
            "# not a comment",
            "/* not a comment */",
        ];
        format!("\"{}\"", self.rng.pick(&pieces))
    }

    fn expr(&mut self, m: usize, ty: Ty, depth: usize) -> String {
        let ty = if ty == Ty::Any {
            *self.rng.pick(&[Ty::Num, Ty::Bool, Ty::Str, Ty::Any])
        } else {
            ty
        };
        let leaf = depth >= 3 || self.rng.chance(40);
        // A reference to an earlier local of this type.
        if self.rng.chance(10) {
            let candidates: Vec<String> = self.modules[m]
                .locals
                .iter()
                .filter(|(_, t)| *t == ty)
                .map(|(n, _)| n.clone())
                .collect();
            if !candidates.is_empty() {
                return format!("local.{}", self.rng.pick(&candidates));
            }
        }
        let d = depth + 1;
        match ty {
            Ty::Num => {
                if leaf {
                    return self
                        .rng
                        .pick(&["1", "0", "42", "0.5", "1e3", "2E-1", "10"])
                        .to_string();
                }
                match self.rng.below(8) {
                    0 => format!(
                        "{} + {}",
                        self.expr(m, Ty::Num, d),
                        self.expr(m, Ty::Num, d)
                    ),
                    1 => format!(
                        "{} * ({} - 1)",
                        self.expr(m, Ty::Num, d),
                        self.expr(m, Ty::Num, d)
                    ),
                    2 => format!("-{}", self.expr(m, Ty::Num, d)),
                    3 => format!(
                        "max({}, {})",
                        self.expr(m, Ty::Num, d),
                        self.expr(m, Ty::Num, d)
                    ),
                    4 => format!(
                        "length([{}, {}])",
                        self.expr(m, Ty::Any, d),
                        self.expr(m, Ty::Any, d)
                    ),
                    5 => format!(
                        "{} ? {} : {}",
                        self.expr(m, Ty::Bool, d),
                        self.expr(m, Ty::Num, d),
                        self.expr(m, Ty::Num, d)
                    ),
                    6 => format!("[{}, 2][0]", self.expr(m, Ty::Num, d)),
                    _ => format!("{{ k = {} }}.k", self.expr(m, Ty::Num, d)),
                }
            }
            Ty::Bool => {
                if leaf {
                    return self.rng.pick(&["true", "false"]).to_string();
                }
                match self.rng.below(6) {
                    0 => format!("!{}", self.expr(m, Ty::Bool, d)),
                    1 => format!(
                        "{} && {}",
                        self.expr(m, Ty::Bool, d),
                        self.expr(m, Ty::Bool, d)
                    ),
                    2 => format!(
                        "{} || ({})",
                        self.expr(m, Ty::Bool, d),
                        self.expr(m, Ty::Bool, d)
                    ),
                    3 => format!(
                        "{} < {}",
                        self.expr(m, Ty::Num, d),
                        self.expr(m, Ty::Num, d)
                    ),
                    4 => format!(
                        "{} != {}",
                        self.expr(m, Ty::Str, d),
                        self.expr(m, Ty::Str, d)
                    ),
                    _ => format!("contains([\"a\", \"b\"], {})", self.expr(m, Ty::Str, d)),
                }
            }
            Ty::Str => {
                if leaf {
                    return self.string_literal();
                }
                match self.rng.below(9) {
                    0 => format!("\"a-${{{}}}-b\"", self.expr(m, Ty::Num, d)),
                    1 => format!("upper({})", self.expr(m, Ty::Str, d)),
                    2 => format!(
                        "\"%{{ if {} }}yes%{{ else }}no%{{ endif }}\"",
                        self.expr(m, Ty::Bool, d)
                    ),
                    3 => "\"%{ for v in [\"a\", \"b\"] }${v}%{ endfor }\"".to_string(),
                    4 => "\"%{~ if true ~} stripped %{~ endif ~}\"".to_string(),
                    5 => format!("join(\"-\", [{}, \"x\"])", self.expr(m, Ty::Str, d)),
                    6 => format!("jsonencode({})", self.expr(m, Ty::Any, d)),
                    7 if self.modules[m].aws_source => {
                        "provider::aws::arn_parse(\"arn:aws:iam::444455556666:role/example\").service"
                            .to_string()
                    }
                    _ => format!("\"${{{}}}\"", self.expr(m, Ty::Str, d)),
                }
            }
            Ty::Any => {
                if leaf {
                    return self
                        .rng
                        .pick(&["null", "[]", "{}", "[1, \"a\", true]"])
                        .to_string();
                }
                match self.rng.below(7) {
                    0 => format!(
                        "[{}, {},]",
                        self.expr(m, Ty::Any, d),
                        self.expr(m, Ty::Any, d)
                    ),
                    1 => format!(
                        "{{\n    a = {}\n    \"b-c\" = {}\n  }}",
                        self.expr(m, Ty::Any, d),
                        self.expr(m, Ty::Any, d)
                    ),
                    2 => "[for x in [1, 2, 3] : x * 2 if x > 1]".to_string(),
                    3 => "{ for k, v in { a = 1, b = 2 } : k => v }".to_string(),
                    4 => "[{ a = 1 }, { a = 2 }][*].a".to_string(),
                    5 => "[{ a = 1 }].*.a".to_string(),
                    _ => format!("{{ (\"k\") = {}, k2 = 2 }}", self.expr(m, Ty::Any, d)),
                }
            }
        }
    }

    /// A heredoc (as an attribute value), with content that looks like
    /// declarations and an end marker that may follow unusual white space.
    fn heredoc(&mut self) -> String {
        let marker = self
            .rng
            .pick(&["EOT", "EOF", "END_1", "POLICY"])
            .to_string();
        let indented = self.rng.chance(40);
        let mut s = format!("<<{}{marker}\n", if indented { "-" } else { "" });
        let lines = [
            "resource \"aws_db_instance\" \"in_heredoc\" {}".to_string(),
            "hello ${\"world\"}".to_string(),
            "  $${literal}".to_string(),
            format!("{marker}X"),
            format!("not {marker}"),
            "%{ if true }yes%{ endif }".to_string(),
            "}".to_string(),
            "# not a comment".to_string(),
        ];
        for _ in 0..1 + self.rng.below(4) {
            s.push_str(if indented { "    " } else { "" });
            let line: &String = self.rng.pick(&lines);
            s.push_str(line);
            s.push('\n');
        }
        if self.rng.chance(4) {
            s.push_str(self.rng.pick::<&str>(MARKER_INDENTS));
        } else if indented {
            s.push_str("  ");
        }
        s.push_str(&marker);
        if self.rng.chance(3) {
            s.push_str(self.rng.pick::<&str>(&[" ", "\t", "\u{b}"]));
        }
        s
    }

    fn comment(&mut self) -> String {
        let fake = "resource \"aws_db_instance\" \"in_comment\" {}";
        match self.rng.below(4) {
            0 => format!("# {fake}\n"),
            1 => "// module \"in_comment\" { source = \"./nowhere\" }\n".to_string(),
            2 => format!("/*\n{fake}\ndata \"aws_region\" \"in_comment\" {{}}\n*/\n"),
            _ => "# a plain remark\n".to_string(),
        }
    }

    /// `count` or `for_each` (or nothing); `true` in the second place when
    /// it creates nothing (`count = 0`, `for_each = {}`: Terraform folds
    /// those constants, and adrift may leave them out).
    fn repetition(&mut self) -> (Option<String>, bool) {
        match self.rng.below(20) {
            0 | 1 => (Some("count = 0".to_string()), true),
            2 | 3 => (Some(format!("count = {}", 1 + self.rng.below(3))), false),
            4 => (Some("count = true ? 1 : 0".to_string()), false),
            5 => (Some("for_each = toset([\"a\", \"b\"])".to_string()), false),
            6 => (Some("for_each = {}".to_string()), true),
            _ => (None, false),
        }
    }

    fn resource_hcl(&mut self, m: usize, data: bool) -> String {
        let types: Vec<&str> = if data {
            AWS_DATA
                .iter()
                .chain(if self.foreign { FOREIGN_DATA } else { &[] })
                .copied()
                .collect()
        } else {
            AWS_RESOURCES
                .iter()
                .chain(if self.foreign { FOREIGN_RESOURCES } else { &[] })
                .copied()
                .collect()
        };
        let ty = self.rng.pick(&types).to_string();
        let (repeat, off) = self.repetition();
        let name = if off {
            self.fresh("off_")
        } else {
            self.fresh("r")
        };
        let kind = if data { "data" } else { "resource" };
        let labels = [self.label(&ty), self.label(&name)];
        let mut s = self.header(kind, &labels);
        if self.rng.chance(10) {
            // A one-line block.
            s.push_str(&match &repeat {
                Some(r) => format!(" {{ {r} }}\n"),
                None => " {}\n".to_string(),
            });
            return s;
        }
        s.push_str(" {\n");
        if let Some(r) = repeat {
            s.push_str(&format!("  {r}\n"));
        }
        if !data && self.modules[m].west && ty.starts_with("aws_") && self.rng.chance(30) {
            s.push_str("  provider = aws.west\n");
        }
        let keys = ["description", "tags", "name", "value", "policy", "comment"];
        let first = self.rng.below(keys.len());
        for k in 0..self.rng.below(4) {
            let key = keys[(first + k) % keys.len()];
            let value = if self.rng.chance(15) {
                self.heredoc()
            } else {
                self.expr(m, Ty::Any, 0)
            };
            s.push_str(&format!("  {key} = {value}\n"));
            if self.rng.chance(15) {
                s.push_str(&format!("  {}", self.comment()));
            }
        }
        if !data && self.rng.chance(20) {
            s.push_str("\n  lifecycle {\n    create_before_destroy = true\n  }\n");
        }
        s.push_str("}\n");
        s
    }

    fn check_hcl(&mut self) -> String {
        let name = self.fresh("c");
        let ty = self.rng.pick(AWS_DATA).to_string();
        let data = self.fresh("scoped");
        format!(
            "check \"{name}\" {{\n  data \"{ty}\" \"{data}\" {{}}\n\n  assert {{\n    condition     = data.{ty}.{data}.id != \"\"\n    error_message = \"missing\"\n  }}\n}}\n"
        )
    }

    fn locals_hcl(&mut self, m: usize) -> String {
        let mut s = String::from("locals {\n");
        for _ in 0..1 + self.rng.below(4) {
            let name = self.fresh("l");
            let (value, ty) = match self.rng.below(80) {
                0 => {
                    let n = 70 + self.rng.below(60);
                    (format!("{}1{}", "[".repeat(n), "]".repeat(n)), Ty::Any)
                }
                1 => (vec!["1"; 130 + self.rng.below(100)].join(" + "), Ty::Num),
                2 => ("{ team = \"a\", team = \"b\" }".to_string(), Ty::Any),
                3..=8 => (self.heredoc(), Ty::Str),
                _ => {
                    let ty = *self.rng.pick(&[Ty::Num, Ty::Bool, Ty::Str, Ty::Any]);
                    (self.expr(m, ty, 0), ty)
                }
            };
            s.push_str(&format!("  {name} = {value}\n"));
            self.modules[m].locals.push((name, ty));
        }
        s.push_str("}\n");
        s
    }

    /// How a module block writes the local path `path` as its source.
    fn source_expr(&mut self, path: &str) -> String {
        match self.rng.below(30) {
            0..=1 => format!("\"{}\"", path.replacen('/', "\\u002F", 1)),
            2..=3 => format!("\"${{\"{path}\"}}\""),
            4..=5 => {
                let (a, b) = path.split_at(path.len() / 2);
                format!("\"{a}${{\"{b}\"}}\"")
            }
            6 => format!("(\"{path}\")"),
            7 => format!("(\n    \"{path}\"\n  )"),
            8 => format!("true ? \"{path}\" : \"./nowhere\""),
            9 => format!("[\"{path}\"][0]"),
            10 => format!("{{ s = \"{path}\" }}.s"),
            11 => format!("\"%{{ if true }}{path}%{{ endif }}\""),
            _ => format!("\"{path}\""),
        }
    }

    fn call_hcl(&mut self, from: usize, to: usize) -> String {
        let path = relative(&self.modules[from].dir, &self.modules[to].dir);
        // Only a tree's root has provider blocks, and it is never called
        // from within its tree: any call may be repeated.
        let (repeat, off) = self.repetition();
        let name = if off {
            self.fresh("off_")
        } else {
            self.fresh("m")
        };
        let label = self.label(&name);
        let mut s = self.header("module", &[label]);
        s.push_str(" {\n");
        let source = self.source_expr(&path);
        s.push_str(&format!("  source = {source}\n"));
        if let Some(r) = repeat {
            s.push_str(&format!("  {r}\n"));
        }
        s.push_str("}\n");
        s
    }

    fn terraform_hcl(&mut self, m: usize) -> String {
        let mut entries = Vec::new();
        let aws = *self.rng.pick(AWS_REQUIREMENTS);
        self.modules[m].aws_source = aws.contains("source = \"hashicorp/aws\"");
        entries.push(aws.to_string());
        if self.foreign {
            for _ in 0..1 + self.rng.below(3) {
                let e = self.rng.pick(FOREIGN_REQUIREMENTS).to_string();
                if !entries.contains(&e) {
                    entries.push(e);
                }
            }
        }
        let mut s = String::from(
            "terraform {\n  required_version = \">= 1.5\"\n\n  required_providers {\n",
        );
        for e in entries {
            s.push_str(&format!("    {e}\n"));
        }
        s.push_str("  }\n}\n");
        s
    }

    fn providers_hcl(&mut self, m: usize) -> String {
        let mut s = String::new();
        if self.rng.chance(50) {
            s.push_str("provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\n");
        }
        if self.rng.chance(30) {
            s.push_str("provider \"aws\" {\n  alias  = \"west\"\n  region = \"us-west-2\"\n}\n\n");
            self.modules[m].west = true;
        }
        if self.foreign && self.rng.chance(50) {
            s.push_str(self.rng.pick::<&str>(&[
                "provider \"null\" {}
",
                "provider \"random\" {}
",
            ]));
        }
        s
    }

    fn resource_json(&mut self, data: bool) -> String {
        let types = if data { AWS_DATA } else { AWS_RESOURCES };
        let ty = self.rng.pick(types).to_string();
        let off = self.rng.chance(10);
        let name = if off {
            self.fresh("off_")
        } else {
            self.fresh("r")
        };
        let kind = if data { "data" } else { "resource" };
        let key = if self.rng.chance(15) {
            ty.replacen('_', "\\u005f", 1)
        } else {
            ty.clone()
        };
        let body = if off {
            "{ \"count\": 0 }".to_string()
        } else if self.rng.chance(30) {
            "{ \"tags\": { \"team\": \"${upper(\\\"a\\\")}\" }, \"//\": \"a JSON comment\" }"
                .to_string()
        } else {
            "{}".to_string()
        };
        if self.rng.chance(30) {
            // Terraform's JSON syntax also takes arrays of objects.
            format!(
                "\"{kind}\": [{{\n    \"{key}\": [{{\n      \"{name}\": [{body}]\n    }}]\n  }}]"
            )
        } else {
            format!("\"{kind}\": {{\n    \"{key}\": {{\n      \"{name}\": {body}\n    }}\n  }}")
        }
    }

    fn call_json(&mut self, from: usize, to: usize) -> String {
        let path = relative(&self.modules[from].dir, &self.modules[to].dir);
        let name = self.fresh("m");
        format!("\"module\": {{\n    \"{name}\": {{ \"source\": \"{path}\" }}\n  }}")
    }

    fn terraform_json(&mut self) -> String {
        let aws = self.rng.pick(&[
            "{ \"source\": \"hashicorp/aws\" }",
            "{ \"version\": \">= 4.0\" }",
            "\">= 4.0\"",
        ]);
        let mut s =
            format!("\"terraform\": {{\n    \"required_providers\": {{\n      \"aws\": {aws}");
        if self.foreign {
            s.push_str(
                ",\n      \"mysql\": { \"version\": \"~> 1.9\" },\n      \"random\": \"~> 3.0\"",
            );
        }
        s.push_str("\n    }\n  }");
        s
    }

    /// A whole tree: its files, relative to the tree's directory.
    fn tree(&mut self) -> Vec<File> {
        self.modules = vec![module("")];
        let children = self.rng.below(4);
        for k in 1..=children {
            // Names of three characters or more, so that the prefilter has
            // a literal to look for.
            let dir = if self.rng.chance(12) {
                format!(".modules/mod_db{k}")
            } else {
                format!("modules/mod_db{k}")
            };
            self.modules.push(module(&dir));
        }
        // Every child is called by an earlier module, some twice.
        let mut calls: Vec<Vec<usize>> = vec![Vec::new(); self.modules.len()];
        for k in 1..self.modules.len() {
            let caller = self.rng.below(k);
            calls[caller].push(k);
            if self.rng.chance(15) {
                let other = self.rng.below(k);
                calls[other].push(k);
            }
        }
        // Repetition is decided in `call_hcl`; generate callers first so
        // that a module's provider blocks can depend on it (only the
        // tree's root has them, and it is never repeated).
        let mut files = Vec::new();
        for (m, to) in calls.iter().enumerate() {
            files.extend(self.module_files(m, to));
        }
        files
    }

    fn module_files(&mut self, m: usize, calls: &[usize]) -> Vec<File> {
        let dir = self.modules[m].dir.clone();
        let mut names: Vec<Vec<u8>> = vec![b"main.tf".to_vec()];
        for _ in 0..self.rng.below(3) {
            let name: &[u8] = match self.rng.below(24) {
                0 => b"d\xffb.tf",
                1 => b"generated.tf.json",
                2 => b"data.tf.json",
                3 => b"network.tf",
                4 => b"versions.tf",
                5 => b"outputs.tf",
                6 => b".hidden.tf",
                _ => b"db.tf",
            };
            if !names.iter().any(|n| n == name) {
                names.push(name.to_vec());
            }
        }
        let mut files: Vec<(Vec<u8>, Vec<String>)> =
            names.into_iter().map(|n| (n, Vec::new())).collect();
        let json_file = |name: &[u8]| name.ends_with(b".tf.json");
        let hidden_file = |name: &[u8]| name.starts_with(b".");
        let visible: Vec<usize> = (0..files.len())
            .filter(|&i| !hidden_file(&files[i].0))
            .collect();
        // The terraform block and provider blocks go first, in main.tf.
        if self.rng.chance(60) {
            let block = self.terraform_hcl(m);
            files[0].1.push(block);
            self.modules[m].terraform_block = true;
        }
        if dir.is_empty() {
            let block = self.providers_hcl(m);
            if !block.is_empty() {
                files[0].1.push(block);
            }
        }
        for &to in calls {
            let at = visible[self.rng.below(visible.len())];
            let block = if json_file(&files[at].0) {
                self.call_json(m, to)
            } else {
                self.call_hcl(m, to)
            };
            files[at].1.push(block);
        }
        for (i, (name, blocks)) in files.iter_mut().enumerate() {
            if hidden_file(name) {
                // Terraform and adrift both skip hidden files.
                blocks.push("resource \"aws_db_instance\" \"in_hidden_file\" {}\n".to_string());
                continue;
            }
            let json = json_file(name);
            if json && i != 0 && !self.modules[m].terraform_block && self.rng.chance(40) {
                self.modules[m].terraform_block = true;
                let block = self.terraform_json();
                blocks.push(block);
            }
            for _ in 0..1 + self.rng.below(5) {
                let block = if json {
                    let data = self.rng.chance(30);
                    self.resource_json(data)
                } else {
                    match self.rng.below(12) {
                        0..=4 => self.resource_hcl(m, false),
                        5 | 6 => self.resource_hcl(m, true),
                        7 => self.check_hcl(),
                        8 | 9 => self.locals_hcl(m),
                        10 => {
                            let name = self.fresh("v");
                            format!(
                                "variable \"{name}\" {{\n  type    = string\n  default = {}\n}}\n",
                                self.string_literal()
                            )
                        }
                        _ => self.comment(),
                    }
                };
                blocks.push(block);
            }
        }
        let mut out = Vec::new();
        for (name, blocks) in files {
            let mut path = if dir.is_empty() {
                Vec::new()
            } else {
                format!("{dir}/").into_bytes()
            };
            path.extend_from_slice(&name);
            let text = if json_file(&name) {
                format!("{{\n  {}\n}}\n", blocks.join(",\n  ")).into_bytes()
            } else {
                self.hcl_file(blocks)
            };
            out.push(File { path, text });
        }
        out
    }

    /// Joins blocks into a `.tf` file, sometimes with a BOM, CRLF line
    /// ends, no final newline, or a Latin-1 byte in a comment.
    fn hcl_file(&mut self, blocks: Vec<String>) -> Vec<u8> {
        let mut text = String::new();
        if self.rng.chance(5) {
            text.push('\u{feff}');
        }
        for b in blocks {
            if self.rng.chance(20) {
                text.push_str(&self.comment());
            }
            text.push_str(&b);
            text.push('\n');
        }
        if self.rng.chance(10) {
            text = text.replace('\n', "\r\n");
        }
        if self.rng.chance(5) {
            let trimmed = text.trim_end_matches(['\n', '\r']).len();
            text.truncate(trimmed);
        }
        let mut bytes = text.into_bytes();
        if !bytes.starts_with("\u{feff}".as_bytes()) && self.rng.chance(2) {
            let mut latin1 = b"# caf\xe9 au lait\n".to_vec();
            latin1.extend_from_slice(&bytes);
            bytes = latin1;
        }
        bytes
    }
}

fn module(dir: &str) -> Module {
    Module {
        dir: dir.to_string(),
        locals: Vec::new(),
        aws_source: false,
        west: false,
        terraform_block: false,
    }
}

/// The local module source from directory `from` to directory `to`, both
/// relative to the tree.
fn relative(from: &str, to: &str) -> String {
    let up = if from.is_empty() {
        0
    } else {
        from.split('/').count()
    };
    if up == 0 {
        format!("./{to}")
    } else {
        format!("{}{to}", "../".repeat(up))
    }
}

/// A generated or hand-written tree, under `t<index>/` in its batch.
struct Tree {
    label: String,
    files: Vec<File>,
}

fn generated_tree(seed: u64, foreign: bool) -> Tree {
    let mut generator = TreeGen {
        rng: Lcg::new(seed),
        foreign,
        modules: Vec::new(),
        counter: 0,
    };
    Tree {
        label: format!(
            "generated {} tree, seed {seed}",
            if foreign { "foreign" } else { "aws" }
        ),
        files: generator.tree(),
    }
}

fn tree(label: &str, files: &[(&[u8], &[u8])]) -> Tree {
    Tree {
        label: label.to_string(),
        files: files
            .iter()
            .map(|(p, t)| File {
                path: p.to_vec(),
                text: t.to_vec(),
            })
            .collect(),
    }
}

/// The Terraform tricks of `tricks.rs` that need only hashicorp/aws, with
/// local paths where a registry module would need the network.
fn aws_trick_trees() -> Vec<Tree> {
    let heredocs: String = ["\u{b}", "\u{c}", "\u{a0}", "\u{2003}", "\u{3000}"]
        .iter()
        .enumerate()
        .map(|(i, ws)| {
            format!(
                "locals {{\n  banner{i} = <<EOT\nhello\n{ws}EOT\n}}\nresource \"aws_db_instance\" \"after{i}\" {{}}\nlocals {{\n  footer{i} = <<EOT\nEOT\n}}\n"
            )
        })
        .collect();
    let deep = format!(
        "locals {{\n  lists   = {}1{}\n  parens  = {}1{}\n  objects = {}1{}\n  sum     = {}\n  nots    = {}true\n  huge    = {}1{}\n}}\nresource \"aws_db_instance\" \"deep\" {{}}\n",
        "[".repeat(100),
        "]".repeat(100),
        "(".repeat(100),
        ")".repeat(100),
        "{ a = ".repeat(100),
        " }".repeat(100),
        vec!["1"; 200].join(" + "),
        "!".repeat(100),
        "[".repeat(10_000),
        "]".repeat(10_000),
    );
    let sources = [
        "\"${\"./mods/db\"}\"",
        "\"./mods/${\"db\"}\"",
        "\"%{ if true }./mods/db%{ endif }\"",
        "(\"./mods/db\")",
        "(\n    \"./mods/db\"\n  )",
        "true ? \"./mods/db\" : \"./none\"",
        "[\"./mods/db\"][0]",
        "{ s = \"./mods/db\" }.s",
        "\"./mods\\u002Fdb\"",
    ];
    let calls: String = sources
        .iter()
        .enumerate()
        .map(|(i, s)| format!("module \"db{i}\" {{\n  source = {s}\n}}\n"))
        .collect();
    vec![
        tree(
            "label escapes",
            &[
                (b"a.tf", b"resource \"aws\\u005fdb_instance\" \"a\" {}\n"),
                (b"b.tf", b"resource \"aws_db_\\U00000069nstance\" \"b\" {}\n"),
                (b"c.tf", b"resource \"aws_s3_bucket\" \"x\\u0079\" {}\n"),
            ],
        ),
        tree(
            "JSON escapes",
            &[(
                b"main.tf.json",
                b"{\n  \"resource\": {\n    \"aws\\u005fdb_instance\": {\n      \"main\": {}\n    }\n  }\n}\n",
            )],
        ),
        tree("heredoc end markers", &[(b"main.tf", heredocs.as_bytes())]),
        tree(
            "heredoc end marker with trailing white space",
            &[(
                b"main.tf",
                b"locals {\n  banner = <<EOT\nhello\nEOT \x0b\n}\nresource \"aws_db_instance\" \"after\" {}\nlocals {\n  footer = <<EOT\nEOT\n}\n",
            )],
        ),
        tree(
            "block comments around the header",
            &[
                (b"a.tf", b"/* legacy */ resource \"aws_db_instance\" \"a\" {}\n"),
                (b"b.tf", b"/* a note\n */ resource \"aws_db_instance\" \"b\" {}\n"),
                (b"c.tf", b"resource /*\n*/ \"aws_db_instance\" \"c\" {}\n"),
            ],
        ),
        tree(
            "a data source in a check block",
            &[(
                b"main.tf",
                b"check \"db_reachable\" {\n  data \"aws_db_instance\" \"primary\" {\n    db_instance_identifier = \"primary\"\n  }\n\n  assert {\n    condition     = data.aws_db_instance.primary.id != \"\"\n    error_message = \"the database is gone\"\n  }\n}\n",
            )],
        ),
        tree(
            "a file name that is not UTF-8",
            &[(b"db\xff.tf", b"resource \"aws_db_instance\" \"x\" {}\n")],
        ),
        tree(
            "a module in a hidden directory",
            &[
                (b"main.tf", b"module \"db\" {\n  source = \"./.modules/db\"\n}\n"),
                (b".modules/db/main.tf", b"resource \"aws_db_instance\" \"main\" {}\n"),
            ],
        ),
        tree("deep nesting and long chains", &[(b"main.tf", deep.as_bytes())]),
        tree(
            "a Latin-1 byte in a comment",
            &[(b"main.tf", b"# caf\xe9\nresource \"aws_db_instance\" \"x\" {}\n")],
        ),
        tree(
            "duplicate object keys",
            &[(
                b"main.tf",
                b"locals {\n  tags = { team = \"a\", team = \"b\" }\n}\nresource \"aws_db_instance\" \"x\" {}\n",
            )],
        ),
        tree(
            "other valid HCL",
            &[(
                b"main.tf",
                "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\nlocals {\n  arn   = provider::aws::arn_parse(\"arn:aws:iam::444455556666:role/example\")\n  café  = 1\n  a-b   = [1]\n  first = local.a-b.0\n  l     = [{ a = 1 }]\n  s1    = local.l[*].a\n  s2    = local.l.*.a\n  t     = \"%{~ if true ~} x %{~ endif ~} $${literal} %%{literal}\"\n  nul   = \"a\u{0}b\"\n}\nresource aws_db_instance bare {}\n".as_bytes(),
            )],
        ),
        tree(
            "module sources as constant expressions",
            &[
                (b"main.tf", calls.as_bytes()),
                (b"mods/db/main.tf", b"resource \"aws_db_instance\" \"in_module\" {}\n"),
            ],
        ),
    ]
}

/// The provider tricks of `tricks.rs` (providers the mirror lacks: only
/// `terraform providers` reads them).
fn foreign_trick_trees() -> Vec<Tree> {
    vec![
        tree(
            "required providers without source",
            &[
                (
                    b"object.tf",
                    b"terraform {\n  required_providers {\n    mysql = { version = \"~> 1.9\" }\n  }\n}\n",
                ),
                (
                    b"legacy/main.tf",
                    b"terraform {\n  required_providers {\n    mysql = \"~> 1.9\"\n  }\n}\n",
                ),
                (
                    b"json/object.tf.json",
                    b"{\n  \"terraform\": {\n    \"required_providers\": {\n      \"mysql\": { \"version\": \"~> 1.9\" }\n    }\n  }\n}\n",
                ),
                (
                    b"jsonlegacy/legacy.tf.json",
                    b"{\n  \"terraform\": {\n    \"required_providers\": {\n      \"mysql\": \"~> 1.9\"\n    }\n  }\n}\n",
                ),
                (
                    b"main.tf",
                    b"module \"legacy\" {\n  source = \"./legacy\"\n}\nmodule \"json\" {\n  source = \"./json\"\n}\nmodule \"jsonlegacy\" {\n  source = \"./jsonlegacy\"\n}\n",
                ),
            ],
        ),
        tree(
            "providers implied by a resource, a data source and a provider block",
            &[
                (
                    b"main.tf",
                    b"module \"resource\" {\n  source = \"./resource\"\n}\nmodule \"data\" {\n  source = \"./data\"\n}\nmodule \"block\" {\n  source = \"./block\"\n}\n",
                ),
                (b"resource/main.tf", b"resource \"mysql_database\" \"app\" {}\n"),
                (
                    b"data/main.tf",
                    b"data \"mysql_tables\" \"all\" {\n  database = \"app\"\n}\n",
                ),
                (
                    b"block/main.tf",
                    b"provider \"mysql\" {\n  endpoint = \"db:3306\"\n}\n",
                ),
            ],
        ),
        tree(
            "provider sources as constant expressions",
            &[
                (
                    b"main.tf",
                    b"module \"provider1\" {\n  source = \"./provider1\"\n}\nmodule \"provider2\" {\n  source = \"./provider2\"\n}\nmodule \"provider3\" {\n  source = \"./provider3\"\n}\n",
                ),
                (
                    b"provider1/main.tf",
                    b"terraform {\n  required_providers {\n    db = {\n      source = \"hashicorp/${\"mysql\"}\"\n    }\n  }\n}\n",
                ),
                (
                    b"provider2/main.tf",
                    b"terraform {\n  required_providers {\n    db = {\n      source = (\"hashicorp/mysql\")\n    }\n  }\n}\n",
                ),
                (
                    b"provider3/main.tf",
                    b"terraform {\n  required_providers {\n    db = {\n      source = \"hashicorp/my\\u0073ql\"\n    }\n  }\n}\n",
                ),
            ],
        ),
    ]
}

/// What one reader saw of a batch, keyed by directory relative to the
/// batch root.
#[derive(Default)]
struct View {
    /// (directory, "resource" or "data", type, name)
    blocks: BTreeSet<(String, String, String, String)>,
    /// (directory of the calling module, call name)
    calls: BTreeSet<(String, String)>,
    /// (directory, provider source such as `hashicorp/aws`)
    providers: BTreeSet<(String, String)>,
    /// Module sources as Terraform evaluated them.
    sources: BTreeSet<String>,
}

/// The Terraform CLI, offline: only the filesystem mirror.
struct Terraform {
    config: PathBuf,
}

impl Terraform {
    fn new(dir: &Path) -> Terraform {
        let config = write(
            dir,
            "terraform.tfrc",
            "provider_installation {\n  filesystem_mirror {\n    path    = \"/opt/tf-plugins\"\n    include = [\"registry.terraform.io/hashicorp/*\"]\n  }\n  direct {\n    exclude = [\"registry.terraform.io/*/*\"]\n  }\n}\n",
        );
        Terraform { config }
    }

    fn run(&self, dir: &Path, args: &[&str]) -> String {
        let out = Command::new("terraform")
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", &self.config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_DATA_DIR")
            .env_remove("TF_PLUGIN_CACHE_DIR")
            .env_remove("TF_LOG")
            .env_remove("TF_CLI_ARGS")
            .output()
            .expect("terraform is installed (the interop feature needs it)");
        assert!(
            out.status.success(),
            "terraform {args:?} in {} failed:\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What Terraform sees in the root at `dir`; `graph` needs every
    /// provider installed (hashicorp/aws only).
    fn view(&self, dir: &Path, graph: bool) -> View {
        if graph {
            self.run(
                dir,
                &["init", "-backend=false", "-input=false", "-no-color"],
            );
        } else {
            self.run(dir, &["get", "-no-color"]);
        }
        let modules: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(".terraform/modules/modules.json"))
                .expect("modules.json"),
        )
        .expect("modules.json is JSON");
        // Module key ("t3.db") → directory.
        let mut dirs: BTreeMap<String, String> = BTreeMap::new();
        let mut sources = BTreeSet::new();
        for m in modules["Modules"].as_array().expect("Modules") {
            let source = m["Source"].as_str().unwrap_or_default();
            if !source.is_empty() {
                sources.insert(source.to_string());
            }
            dirs.insert(
                m["Key"].as_str().unwrap_or_default().to_string(),
                normalise_path(m["Dir"].as_str().unwrap_or_default()),
            );
        }
        let mut view = View {
            sources,
            ..View::default()
        };
        for key in dirs.keys().filter(|k| !k.is_empty()) {
            let (parent, name) = key.rsplit_once('.').unwrap_or(("", key));
            view.calls.insert((dirs[parent].clone(), name.to_string()));
        }
        let dir_of = |path: &[&str]| -> String {
            dirs.get(&path.join("."))
                .cloned()
                .unwrap_or_else(|| panic!("no directory for module {path:?}"))
        };
        if graph {
            for line in self.run(dir, &["graph", "-no-color"]).lines() {
                let line = line.trim();
                let Some(address) = line
                    .strip_prefix('"')
                    .and_then(|l| l.split_once("\" [label="))
                    .map(|(a, _)| a)
                else {
                    continue;
                };
                let parts: Vec<&str> = address.split('.').collect();
                let mut i = 0;
                let mut path = Vec::new();
                while parts.get(i) == Some(&"module") {
                    path.push(parts[i + 1]);
                    i += 2;
                }
                let (kind, rest) = if parts.get(i) == Some(&"data") {
                    ("data", &parts[i + 1..])
                } else {
                    ("resource", &parts[i..])
                };
                if rest.len() == 2 {
                    view.blocks.insert((
                        dir_of(&path),
                        kind.to_string(),
                        rest[0].to_string(),
                        rest[1].to_string(),
                    ));
                }
            }
        }
        let providers = self.run(dir, &["providers", "-no-color"]);
        let mut stack: Vec<String> = Vec::new();
        for line in providers
            .lines()
            .skip_while(|l| !l.starts_with("Providers required by configuration"))
            .skip(2)
            .take_while(|l| !l.trim().is_empty())
        {
            let content_at = line
                .char_indices()
                .find(|(_, c)| !(c.is_whitespace() || matches!(c, '│' | '├' | '└' | '─')))
                .map(|(i, _)| i)
                .unwrap_or(line.len());
            let depth = line[..content_at].chars().count() / 4;
            let content = &line[content_at..];
            if let Some(module) = content.strip_prefix("module.") {
                stack.truncate(depth.saturating_sub(1));
                stack.push(module.to_string());
            } else if let Some(rest) = content.strip_prefix("provider[") {
                let source = rest.split(']').next().unwrap_or_default();
                if source.starts_with("terraform.io/builtin/") {
                    continue;
                }
                let source = source
                    .strip_prefix("registry.terraform.io/")
                    .unwrap_or(source)
                    .to_ascii_lowercase();
                let path: Vec<&str> = stack[..depth.saturating_sub(1).min(stack.len())]
                    .iter()
                    .map(String::as_str)
                    .collect();
                view.providers.insert((dir_of(&path), source));
            }
        }
        view
    }
}

const TERRAFORM_RULES: &[(&str, &str)] = &[
    ("tf-resource", "[terraform]\nresources = [\"*\"]\n"),
    ("tf-data", "[terraform]\ndata_sources = [\"*\"]\n"),
    // `*` stops at `/`; module sources and provider sources have them.
    ("tf-module", "[terraform]\nmodules = [\"**\"]\n"),
    ("tf-provider", "[terraform]\nproviders = [\"**\"]\n"),
];

/// What adrift reported of a batch; provider findings are kept whole (by
/// directory), as their wording may change.
fn adrift_view(dir: &Path) -> (View, Vec<(String, String)>) {
    let (_, found) = adrift_findings(dir);
    let mut view = View::default();
    let mut providers = Vec::new();
    for f in found {
        let at = parent_dir(&f.path);
        match f.code.as_str() {
            "tf-resource" | "tf-data" => {
                let word = if f.code == "tf-resource" {
                    "resource"
                } else {
                    "data"
                };
                let Some(ty) = quoted_after(&f.message, &format!("{word} ")) else {
                    continue;
                };
                let rest = &f.message[word.len() + ty.len() + 3..];
                let name = quoted_after(rest, " ").unwrap_or_default();
                view.blocks
                    .insert((at, word.to_string(), ty.to_string(), name.to_string()));
            }
            "tf-module" => {
                if let Some(name) = quoted_after(&f.message, "module ") {
                    view.calls.insert((at, name.to_string()));
                }
            }
            "tf-provider" => providers.push((at, f.message.to_ascii_lowercase())),
            _ => {}
        }
    }
    (view, providers)
}

/// A name adrift may leave out (`count = 0`).
fn off(name: &str) -> bool {
    name.starts_with("off_")
}

/// Writes `trees` as one batch under `root`, runs both readers, and
/// returns every disagreement, each naming its tree.
fn terraform_batch(tf: &Terraform, root: &Path, trees: &[Tree], graph: bool) -> Vec<String> {
    gate_at(root, TERRAFORM_RULES);
    write(root, ".gitignore", ".terraform/\n");
    let mut calls = String::new();
    for (i, t) in trees.iter().enumerate() {
        calls.push_str(&format!(
            "module \"tree{i}\" {{\n  source = \"./tree{i}\"\n}}\n"
        ));
        for file in &t.files {
            let mut path = format!("tree{i}/").into_bytes();
            path.extend_from_slice(&file.path);
            put(
                root,
                &File {
                    path,
                    text: file.text.clone(),
                },
            );
        }
    }
    write(root, "main.tf", calls);
    let terraform = tf.view(root, graph);
    let tree_of = |dir: &str| -> String {
        let top = dir.split('/').next().unwrap_or_default();
        top.strip_prefix("tree")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| trees.get(n))
            .map(|t| format!("{top} ({})", t.label))
            .unwrap_or_else(|| "the batch root".to_string())
    };
    // First with rules that match everything: no prefilter applies.
    let mut out = compare(&terraform, &adrift_view(root), graph, &tree_of);
    // Then with rules naming exactly what Terraform sees, as real rules
    // do: the prefilter decides which files are parsed.
    let quoted = |names: Vec<&String>| -> String {
        names
            .iter()
            .map(|n| format!("{:?}", n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = std::fs::remove_dir_all(root.join("rules"));
    let mut exact = Vec::new();
    for (id, key, kind) in [
        ("tf-resource", "resources", "resource"),
        ("tf-data", "data_sources", "data"),
    ] {
        let types: BTreeSet<&String> = terraform
            .blocks
            .iter()
            .filter(|b| b.1 == kind)
            .map(|b| &b.2)
            .collect();
        if !types.is_empty() {
            exact.push((
                id,
                format!(
                    "[terraform]\n{key} = [{}]\n",
                    quoted(types.into_iter().collect())
                ),
            ));
        }
    }
    if !terraform.sources.is_empty() {
        exact.push((
            "tf-module",
            format!(
                "[terraform]\nmodules = [{}]\n",
                quoted(terraform.sources.iter().collect())
            ),
        ));
    }
    let sources: BTreeSet<&String> = terraform.providers.iter().map(|p| &p.1).collect();
    if !sources.is_empty() {
        exact.push((
            "tf-provider",
            format!(
                "[terraform]\nproviders = [{}]\n",
                quoted(sources.into_iter().collect())
            ),
        ));
    }
    let exact: Vec<(&str, &str)> = exact.iter().map(|(id, r)| (*id, r.as_str())).collect();
    gate_at(root, &exact);
    for d in compare(&terraform, &adrift_view(root), graph, &tree_of) {
        if !out.contains(&d) {
            out.push(format!(
                "{d} (only with rules naming exactly what Terraform sees)"
            ));
        }
    }
    out
}

/// Every disagreement between Terraform's view and adrift's.
fn compare(
    terraform: &View,
    adrift: &(View, Vec<(String, String)>),
    graph: bool,
    tree_of: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let (seen, providers) = adrift;
    let mut out = Vec::new();
    for block @ (dir, kind, ty, name) in &terraform.blocks {
        if !off(name) && !seen.blocks.contains(block) {
            out.push(format!(
                "{}: Terraform sees {kind} \"{ty}\" \"{name}\" in {dir}/, adrift does not report it",
                tree_of(dir)
            ));
        }
    }
    for block @ (dir, kind, ty, name) in &seen.blocks {
        if graph && !terraform.blocks.contains(block) {
            out.push(format!(
                "{}: adrift reports {kind} \"{ty}\" \"{name}\" in {dir}/, which Terraform does not see",
                tree_of(dir)
            ));
        }
    }
    for call @ (dir, name) in &terraform.calls {
        if !off(name) && !seen.calls.contains(call) {
            out.push(format!(
                "{}: Terraform sees module call \"{name}\" in {dir}/, adrift does not report it",
                tree_of(dir)
            ));
        }
    }
    for call @ (dir, name) in &seen.calls {
        if !terraform.calls.contains(call) {
            out.push(format!(
                "{}: adrift reports module call \"{name}\" in {dir}/, which Terraform does not see",
                tree_of(dir)
            ));
        }
    }
    for (dir, source) in &terraform.providers {
        if !providers
            .iter()
            .any(|(d, m)| d == dir && m.contains(source.as_str()))
        {
            out.push(format!(
                "{}: Terraform requires provider {source} in {dir}/, adrift does not report it",
                tree_of(dir)
            ));
        }
    }
    out
}

/// Runs batches on two threads; keeps the directories of batches that
/// disagree, and removes the others.
fn run_batches(name: &str, batches: Vec<(Vec<Tree>, bool)>) -> Vec<String> {
    let base = temp_dir(name);
    let tf = Terraform::new(&base);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((trees, graph)) = batches.get(i) else {
                        break;
                    };
                    let root = base.join(format!("batch{i}"));
                    let found = terraform_batch(&tf, &root, trees, *graph);
                    if found.is_empty() {
                        let _ = std::fs::remove_dir_all(&root);
                    }
                    results
                        .lock()
                        .expect("results")
                        .extend(found.into_iter().map(|d| format!("batch{i}/{d}")));
                }
            });
        }
    });
    let mut all = results.into_inner().expect("results");
    all.sort();
    keep_or_clean(&base, all)
}

/// Removes `dir` when there is no disagreement; otherwise keeps it, with
/// the whole list in `disagreements.txt`, and names it first.
fn keep_or_clean(dir: &Path, mut disagreements: Vec<String>) -> Vec<String> {
    if disagreements.is_empty() {
        let _ = std::fs::remove_dir_all(dir);
        return disagreements;
    }
    let list = dir.join("disagreements.txt");
    write(dir, "disagreements.txt", disagreements.join("\n") + "\n");
    disagreements.insert(
        0,
        format!(
            "(inputs kept under {}; the whole list in {})",
            dir.display(),
            list.display()
        ),
    );
    disagreements
}

/// The disagreements grouped by what kind they are, with the count of
/// each and its first examples.
fn summary(disagreements: &[String]) -> String {
    let kinds = [
        (
            "rules naming exactly",
            "seen only with rules that match everything (the prefilter skips the file)",
        ),
        (
            "requires provider",
            "provider requirements adrift does not report",
        ),
        ("sees resource", "resources adrift does not report"),
        ("sees data", "data sources adrift does not report"),
        ("sees module call", "module calls adrift does not report"),
        (
            "pip installs",
            "packages pip installs that adrift does not report",
        ),
        (
            "pip cannot name",
            "requirements pip cannot name where adrift says nothing",
        ),
        (
            "which Terraform does not see",
            "what adrift reports and Terraform does not see",
        ),
        (
            "which pip does not install",
            "what adrift reports and pip does not install",
        ),
        ("", "other"),
    ];
    let mut groups: Vec<(&str, Vec<&str>)> = kinds.iter().map(|(_, t)| (*t, Vec::new())).collect();
    for d in disagreements.iter().skip(1) {
        let k = kinds
            .iter()
            .position(|(needle, _)| d.contains(needle))
            .unwrap_or(kinds.len() - 1);
        groups[k].1.push(d);
    }
    let mut out = format!(
        "{} disagreements with the real reader {}\n",
        disagreements.len().saturating_sub(1),
        disagreements
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    );
    for (title, items) in groups.iter().filter(|(_, items)| !items.is_empty()) {
        out.push_str(&format!("\n{} {title}:\n", items.len()));
        for item in items.iter().take(8) {
            out.push_str(&format!("  {item}\n"));
        }
        if items.len() > 8 {
            out.push_str(&format!("  … and {} more\n", items.len() - 8));
        }
    }
    out
}

/// Trees per batch, and batches, of the generated comparison.
const TREES_PER_BATCH: usize = 20;
const AWS_BATCHES: usize = 5;
const FOREIGN_BATCHES: usize = 2;

#[test]
fn adrift_sees_what_terraform_sees_in_generated_trees() {
    let mut batches = Vec::new();
    for b in 0..AWS_BATCHES {
        let trees = (0..TREES_PER_BATCH)
            .map(|t| generated_tree((b * TREES_PER_BATCH + t) as u64, false))
            .collect();
        batches.push((trees, true));
    }
    for b in 0..FOREIGN_BATCHES {
        let trees = (0..TREES_PER_BATCH)
            .map(|t| generated_tree((10_000 + b * TREES_PER_BATCH + t) as u64, true))
            .collect();
        batches.push((trees, false));
    }
    let disagreements = run_batches("differential-terraform", batches);
    assert!(disagreements.is_empty(), "{}", summary(&disagreements));
}

#[test]
fn adrift_sees_what_terraform_sees_in_the_tricks() {
    let batches = vec![(aws_trick_trees(), true), (foreign_trick_trees(), false)];
    let disagreements = run_batches("differential-terraform-tricks", batches);
    assert!(disagreements.is_empty(), "{}", summary(&disagreements));
}

// =====================================================================
// pip
// =====================================================================

const PACKAGES: &[&str] = &[
    "SQLAlchemy",
    "psycopg2_binary",
    "Flask-SQLAlchemy",
    "redis",
    "fastapi",
    "zope.interface",
    "ruamel.yaml",
    "Django",
    "pymongo",
    "typing_extensions",
    "PyYAML",
    "alembic",
];

/// PEP 503.
fn pep503(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

const HASH: &str = "--hash=sha256:9fd2fba7e1d4a5f5a4d2b6d0c8a4f2e1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3";

struct ReqGen {
    rng: Lcg,
    /// Files of the case: relative path and lines.
    files: Vec<(String, Vec<String>)>,
}

impl ReqGen {
    fn name(&mut self) -> String {
        self.rng.pick(PACKAGES).to_string()
    }

    /// A line that installs a package (or, for unnamed URLs, something).
    fn requirement(&mut self) -> String {
        let name = self.name();
        let wheel = name.replace(['-', '.'], "_");
        let lower = name.to_lowercase();
        match self.rng.below(24) {
            0 => name,
            1 => format!("{name}==1.2.3"),
            2 => format!("{name}>=1,<3"),
            3 => format!("{name} ~= 1.4"),
            4 => format!("{name}[extra1,extra2]>=1"),
            5 => format!("{name}; python_version >= \"3.8\""),
            6 => format!("{name}==1.0 ; sys_platform == \"linux\""),
            7 => format!("{name}==1.0 {HASH}"),
            8 => format!("{name}==1.0 \\\n    {HASH} \\\n    {HASH}"),
            9 => format!("{name}  # pinned by the platform team"),
            10 => format!("{name}\t# tab before the comment"),
            11 => {
                let at = 1 + self.rng.below(name.len() - 1);
                let (a, b) = name.split_at(at);
                format!("{a}\\\n{b}==1.0")
            }
            12 => format!("-e git+https://github.com/example/{lower}.git#egg={name}"),
            13 => format!("--editable=git+https://github.com/example/{lower}.git@v1#egg={name}"),
            14 => format!("--editable git+https://github.com/example/{lower}.git#egg={name}"),
            15 => format!("-egit+https://github.com/example/{lower}.git#egg={name}"),
            16 => format!("https://example.com/src/{lower}-1.0.zip#egg={name}"),
            17 => format!("https://example.com/wheels/{wheel}-1.0-py3-none-any.whl"),
            18 => format!("{name} @ https://example.com/src/{lower}-1.0.zip"),
            19 => format!("{name}[extra] @ git+https://github.com/example/{lower}.git"),
            20 => format!("https://example.com/pkgs/{lower}-1.0.tar.gz"),
            21 => format!("git+https://github.com/example/{lower}.git"),
            22 => format!("   {name}"),
            _ => format!("{name}>=2 ; python_version > \"3\"  # marker"),
        }
    }

    fn option(&mut self) -> String {
        self.rng
            .pick(&[
                "--index-url https://pypi.org/simple",
                "-i https://pypi.org/simple",
                "--extra-index-url=https://example.com/simple",
                "--trusted-host example.com",
                "--pre",
                "--prefer-binary",
                "-f https://example.com/links",
                "--find-links=https://example.com/links",
                "--no-binary :all:",
                "--only-binary=:none:",
                "# a comment line",
                "#SQLAlchemy",
                "",
            ])
            .to_string()
    }

    fn include(&mut self, file: &str) -> String {
        let forms = [
            "-r {}",
            "-r{}",
            "-r\t{}",
            "--requirement={}",
            "--requirement {}",
            "--requirem {}",
            "-r {}  # shared pins",
            "-r {}\t# shared pins",
        ];
        self.rng.pick(&forms).replace("{}", file)
    }

    fn constraint(&mut self, file: &str) -> String {
        self.rng
            .pick(&["-c {}", "--constraint={}", "--constraint {}", "--constr {}"])
            .replace("{}", file)
    }

    /// The lines of file `index`, which may include later files.
    fn file_lines(&mut self, index: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..1 + self.rng.below(7) {
            lines.push(match self.rng.below(10) {
                0..=5 => self.requirement(),
                6 | 7 => self.option(),
                _ => {
                    let later = index + 1 + self.rng.below(3);
                    if later < self.files.len() {
                        let from = &self.files[index].0;
                        let to = self.files[later].0.clone();
                        let path = relative_file(from, &to);
                        if to.contains("constraints") {
                            self.constraint(&path)
                        } else {
                            self.include(&path)
                        }
                    } else {
                        self.requirement()
                    }
                }
            });
        }
        lines
    }

    fn case(&mut self) -> Vec<File> {
        let mut names = vec!["requirements.txt".to_string()];
        for _ in 0..self.rng.below(4) {
            let n = self
                .rng
                .pick(&[
                    "base.txt",
                    "sub/common.txt",
                    "requirements-shared.txt",
                    "constraints.txt",
                    "sub/constraints.txt",
                    "more.txt",
                ])
                .to_string();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        self.files = names.into_iter().map(|n| (n, Vec::new())).collect();
        for i in 0..self.files.len() {
            let lines = self.file_lines(i);
            self.files[i].1 = lines;
        }
        self.files
            .iter()
            .map(|(path, lines)| {
                let end = match self.rng.below(20) {
                    0 => "\r",
                    1..=3 => "\r\n",
                    _ => "\n",
                };
                let mut text = String::new();
                if self.rng.chance(5) {
                    text.push('\u{feff}');
                }
                for l in lines {
                    text.push_str(&l.replace('\n', end));
                    text.push_str(end);
                }
                File {
                    path: path.clone().into_bytes(),
                    text: text.into_bytes(),
                }
            })
            .collect()
    }
}

/// The path of `to` as written in file `from` (relative to its directory).
fn relative_file(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// The Python tricks of `tricks.rs`, as cases.
fn pip_trick_cases() -> Vec<Vec<File>> {
    let case = |files: &[(&str, &str)]| -> Vec<File> {
        files
            .iter()
            .map(|(p, t)| File {
                path: p.as_bytes().to_vec(),
                text: t.as_bytes().to_vec(),
            })
            .collect()
    };
    let mut cases = Vec::new();
    for include in [
        "-rother.txt",
        "-r\tother.txt",
        "--requirement=other.txt",
        "--requirement other.txt",
        "--requirem other.txt",
        "-r other.txt\t# the shared pins",
    ] {
        cases.push(case(&[
            ("requirements.txt", &format!("fastapi\n{include}\n")),
            ("other.txt", "SQLAlchemy==2.0.30\n"),
        ]));
    }
    cases.push(case(&[("requirements.txt", "\u{feff}sqlalchemy\n")]));
    cases.push(case(&[("requirements.txt", "fastapi\rsqlalchemy\r")]));
    cases.push(case(&[(
        "requirements.txt",
        "-e git+https://github.com/sqlalchemy/sqlalchemy.git#egg=SQLAlchemy\n--editable=git+https://github.com/sqlalchemy/sqlalchemy.git@rel_2_0#egg=SQLAlchemy\n--edit git+https://github.com/sqlalchemy/sqlalchemy.git@main#egg=sqlalchemy\n",
    )]));
    cases.push(case(&[(
        "requirements.txt",
        "https://github.com/sqlalchemy/sqlalchemy/archive/refs/heads/main.zip#egg=sqlalchemy\nhttps://example.com/wheels/SQLAlchemy-2.0.30-py3-none-any.whl\nsqlalchemy @ https://github.com/sqlalchemy/sqlalchemy/archive/refs/tags/rel_2_0_30.zip\n",
    )]));
    cases.push(case(&[(
        "requirements.txt",
        "https://example.com/pkgs/sqlalchemy-2.0.30.tar.gz\ngit+https://github.com/sqlalchemy/sqlalchemy.git\n",
    )]));
    cases.push(case(&[
        ("constraints.txt", "fastapi<1\n"),
        (
            "requirements.txt",
            "--index-url https://pypi.org/simple\n--extra-index-url=https://example.com/simple\n--constraint constraints.txt\n--trusted-host example.com\n--prefer-binary\nsqlalchemy==2.0.30 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n--editable=git+https://github.com/tiangolo/fastapi.git#egg=fastapi\n",
        ),
    ]));
    cases.push(case(&[("requirements.txt", "SQL\\\nAlchemy==2.0.30\n")]));
    cases.push(case(&[
        ("constraints.txt", "sqlalchemy==2.0.30\n"),
        ("requirements.txt", "-c constraints.txt\nfastapi\n"),
    ]));
    cases.push(case(&[
        ("constraints.txt", "fastapi<1\n-r db.txt\n"),
        ("db.txt", "SQLAlchemy==2.0.30\n"),
        ("requirements.txt", "-c constraints.txt\nfastapi\n"),
    ]));
    cases
}

/// Runs pip's parser and adrift over `cases` (each under `case<i>/` of one
/// project); returns every disagreement.
fn pip_compare(name: &str, cases: &[Vec<File>]) -> Vec<String> {
    let root = temp_dir(name);
    gate_at(&root, &[("py", "[python]\npackages = [\"*\"]\n")]);
    let mut args = Vec::new();
    for (i, files) in cases.iter().enumerate() {
        for f in files {
            let mut path = format!("case{i}/").into_bytes();
            path.extend_from_slice(&f.path);
            put(
                &root,
                &File {
                    path,
                    text: f.text.clone(),
                },
            );
        }
        // Every file adrift reads on its own is one pip may be given:
        // requirements files with `-r`, constraints files with `-c` (whose
        // own `-r` includes pip installs).
        for f in files {
            let name = String::from_utf8_lossy(&f.path).into_owned();
            let base = name.rsplit('/').next().unwrap_or_default();
            if base.starts_with("requirements") && base.ends_with(".txt") {
                args.push((i, format!("case{i}/{name}")));
            } else if base.contains("constraints") && base.ends_with(".txt") {
                args.push((i, format!("--constraint=case{i}/{name}")));
            }
        }
    }
    let args: Vec<(usize, String)> = args;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/pip_names.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(args.iter().map(|(_, a)| a))
        .current_dir(&root)
        .env("PIP_NO_INPUT", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .output()
        .expect("python3 with pip is installed (the interop feature needs it)");
    assert!(
        out.status.success(),
        "pip_names.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pip: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("pip_names.py prints JSON");
    let (_, found) = adrift_findings(&root);

    let case_of = |path: &str| -> Option<(usize, String)> {
        let (top, rest) = path.split_once('/')?;
        let n = top.strip_prefix("case")?.parse().ok()?;
        Some((n, normalise_path(rest)))
    };
    // (case, file, normalised name) adrift reports; (case, file, line) of
    // every finding.
    let mut reported: BTreeSet<(usize, String, String, u64)> = BTreeSet::new();
    let mut located: BTreeSet<(usize, String, u64)> = BTreeSet::new();
    for f in &found {
        let Some((case, file)) = case_of(&f.path) else {
            continue;
        };
        located.insert((case, file.clone(), f.line));
        if f.code == "py"
            && let Some(name) = quoted_after(&f.message, "package ")
        {
            reported.insert((case, file, pep503(name), f.line));
        }
    }
    // Lines pip cannot name without downloading (an sdist URL without
    // `#egg=`): adrift names them from the file name, which pip would only
    // learn by building the archive.
    let mut unnamed: BTreeSet<(usize, String, u64)> = BTreeSet::new();
    let show = |case: usize| -> String {
        cases[case]
            .iter()
            .map(|f| {
                format!(
                    "      {}: {:?}",
                    String::from_utf8_lossy(&f.path),
                    String::from_utf8_lossy(&f.text)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut out = Vec::new();
    let mut expected: BTreeSet<(usize, String, String)> = BTreeSet::new();
    for ((case, _), entry) in args.iter().zip(pip["files"].as_array().expect("files")) {
        let case = *case;
        if let Some(error) = entry["error"].as_str() {
            out.push(format!(
                "case{case}: pip rejects the generated file (a generator bug): {error}\n{}",
                show(case)
            ));
            continue;
        }
        for req in entry["requirements"].as_array().expect("requirements") {
            let Some((_, file)) = case_of(req["file"].as_str().unwrap_or_default()) else {
                continue;
            };
            let line = req["line"].as_u64().unwrap_or_default();
            match req["normalised"].as_str() {
                Some(name) => {
                    expected.insert((case, file.clone(), name.to_string()));
                    if !reported
                        .iter()
                        .any(|(c, f, n, _)| *c == case && *f == file && n == name)
                    {
                        out.push(format!(
                            "case{case}: pip installs {name} ({file}:{line}), adrift does not report it\n{}",
                            show(case)
                        ));
                    }
                }
                None => {
                    unnamed.insert((case, file.clone(), line));
                    if !located.contains(&(case, file.clone(), line)) {
                        out.push(format!(
                            "case{case}: pip cannot name {:?} ({file}:{line}) without downloading it; adrift says nothing there\n{}",
                            req["text"].as_str().unwrap_or_default(),
                            show(case)
                        ));
                    }
                }
            }
        }
    }
    for (case, file, name, line) in &reported {
        if !expected.contains(&(*case, file.clone(), name.clone()))
            && !unnamed.contains(&(*case, file.clone(), *line))
        {
            out.push(format!(
                "case{case}: adrift reports {name} in {file}, which pip does not install\n{}",
                show(*case)
            ));
        }
    }
    keep_or_clean(&root, out)
}

/// Generated requirements cases.
const PIP_CASES: u64 = 150;

#[test]
fn adrift_sees_what_pip_installs_from_generated_files() {
    let cases: Vec<Vec<File>> = (0..PIP_CASES)
        .map(|seed| {
            ReqGen {
                rng: Lcg::new(seed),
                files: Vec::new(),
            }
            .case()
        })
        .collect();
    let disagreements = pip_compare("differential-pip", &cases);
    assert!(disagreements.is_empty(), "{}", summary(&disagreements));
}

#[test]
fn adrift_sees_what_pip_installs_from_the_tricks() {
    let disagreements = pip_compare("differential-pip-tricks", &pip_trick_cases());
    assert!(disagreements.is_empty(), "{}", summary(&disagreements));
}
