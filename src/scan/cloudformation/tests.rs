use super::template::{self, Syntax, read};
use super::*;

fn file(name: &str, text: &str) -> Arc<SourceFile> {
    SourceFile::new(name.to_string(), text.to_string())
}

fn scan(name: &str, text: &str) -> ScannedFile {
    let by_name = syntax_of(name.as_bytes()).expect("a candidate name");
    scan_text(file(name, text), by_name, true)
}

/// (name matched, the text at the span) of each declaration.
fn declared(s: &ScannedFile) -> Vec<(String, String)> {
    s.declarations
        .iter()
        .map(|d| (d.name.clone(), s.file.text[d.span.clone()].to_string()))
        .collect()
}

fn messages(s: &ScannedFile) -> Vec<String> {
    s.problems.iter().map(|p| p.message.clone()).collect()
}

const SHORT_TAGS: &str = "AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Orders:
    Type: AWS::DynamoDB::Table # the orders
    Condition: IsProd
    Properties:
      TableName: !Sub '${AWS::StackName}-orders'
      KeySchema:
        - AttributeName: !Ref KeyName
          KeyType: HASH
  Files:
    Type: \"AWS::S3::Bucket\"
    Properties:
      BucketName: !Join ['-', [!Ref Env, files]]
      Arn: !GetAtt Orders.Arn
      Other: !If [IsProd, !Ref A, !Ref AWS::NoValue]
Outputs:
  Name: {Value: !Ref Orders}
";

#[test]
fn short_form_tags_do_not_stop_the_reading_and_spans_are_the_type_values() {
    let s = scan("stack.yaml", SHORT_TAGS);
    assert!(s.problems.is_empty(), "{:?}", messages(&s));
    assert_eq!(
        declared(&s),
        [
            ("AWS::DynamoDB::Table".into(), "AWS::DynamoDB::Table".into()),
            ("AWS::S3::Bucket".into(), "\"AWS::S3::Bucket\"".into()),
        ]
    );
    let orders = &s.declarations[0];
    assert_eq!(
        orders.identity,
        "resource \"Orders\" of type \"AWS::DynamoDB::Table\""
    );
    assert_eq!(
        orders.note.as_deref(),
        Some("it may not be created: only when condition `IsProd` is true")
    );
    // The Type's line and the logical id's line.
    assert_eq!(orders.waiver_lines, [6, 5]);
    assert_eq!(s.declarations[1].note, None);
}

#[test]
fn json_templates_and_cdk_paths() {
    let text = r#"{
  "Resources": {
    "Table1": {
      "Type": "AWS::DynamoDB::Table",
      "Metadata": {"aws:cdk:path": "MyStack/Table/Resource"}
    },
    "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:x"}}
  }
}"#;
    let s = scan("cdk.out/MyStack.template.json", text);
    assert!(s.problems.is_empty(), "{:?}", messages(&s));
    assert_eq!(declared(&s)[0].1, "\"AWS::DynamoDB::Table\"");
    assert_eq!(
        s.declarations[0].subject,
        "resource \"Table1\" of type \"AWS::DynamoDB::Table\" (CDK path MyStack/Table/Resource)"
    );
    assert_eq!(s.declarations[1].name, "AWS::CDK::Metadata");
    // JSON has no comments: no line-bound waivers.
    assert!(s.declarations[0].waiver_lines.is_empty());
}

#[test]
fn sam_types_are_also_what_sam_makes_of_them() {
    let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n  Nested:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ./child.yaml\n";
    let s = scan("template.yml", text);
    let names: Vec<(&str, &[String])> = s
        .declarations
        .iter()
        .map(|d| (d.name.as_str(), d.via.as_slice()))
        .collect();
    assert_eq!(names[0], ("AWS::Serverless::SimpleTable", &[][..]));
    assert_eq!(names[1].0, "AWS::DynamoDB::Table");
    assert_eq!(names[1].1, ["AWS::Serverless::SimpleTable".to_string()]);
    assert_eq!(names[2].0, "AWS::Serverless::Application");
    assert_eq!(names[3].0, "AWS::CloudFormation::Stack");
    assert!(
        s.declarations[2]
            .note
            .as_deref()
            .unwrap()
            .contains("nested stack")
    );
    assert_eq!(s.declarations[0].identity, s.declarations[1].identity);
}

#[test]
fn what_cloudformation_rejects_is_a_located_problem_and_the_rest_is_read() {
    let text = "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::RDS::DBInstance\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: !Ref Kind\n  C:\n    Properties: {}\n  D: just text\n  E:\n    Type: Bucket\n  F:\n    Type: [AWS::S3::Bucket]\n";
    let s = scan("t.yaml", text);
    let problems: Vec<(String, &str)> = s
        .problems
        .iter()
        .map(|p| (p.message.clone(), &text[p.span.clone().unwrap()]))
        .collect();
    let has = |needle: &str, at: &str| {
        assert!(
            problems.iter().any(|(m, t)| m.contains(needle) && *t == at),
            "{needle} at {at}: {problems:#?}"
        );
    };
    has("logical id \"A\" is declared twice", "A");
    has("Type of resource \"B\" is `!Ref`", "!Ref Kind");
    has("resource \"C\" has no Type", "C");
    has("resource \"D\" is not a mapping", "just text");
    has("\"Bucket\", which is not a resource type", "Bucket");
    has(
        "Type of resource \"F\" is not a string",
        "[AWS::S3::Bucket]",
    );
    assert_eq!(
        declared(&s),
        [
            ("AWS::RDS::DBInstance".into(), "AWS::RDS::DBInstance".into()),
            ("AWS::S3::Bucket".into(), "AWS::S3::Bucket".into()),
        ]
    );
    let s = scan(
        "t.json",
        r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ["x"]}"#,
    );
    assert_eq!(
        messages(&s),
        [
            "cannot read the CloudFormation template: Resources is not a mapping of logical ids to resources"
        ]
    );
    let s = scan(
        "t.json",
        r#"{"Resources": {"X": {"Type": "AWS::S3::Bucket"}, "X": {"Type": "AWS::S3::Bucket", "Type": "AWS::EC2::Volume"}}}"#,
    );
    assert_eq!(s.problems.len(), 2, "{:?}", messages(&s));
    assert_eq!(s.declarations.len(), 3);
}

#[test]
fn files_that_are_not_templates_give_nothing() {
    for (name, text) in [
        (
            "package.json",
            r#"{"name": "x", "scripts": {"build": "tsc"}, "dependencies": {"pg": "^8"}}"#,
        ),
        ("tsconfig.json", "{\"compilerOptions\": {\"strict\": true}}"),
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"::group::x\"\n      - run: |\n          a \\\n            b\n",
        ),
        (
            "k8s.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\nResources:\n  cpu: 1\n",
        ),
        (
            "serverless.yml",
            "resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n",
        ),
        ("broken.json", "{\"a\": ::"),
        ("broken.yaml", "a: [::\n"),
        ("x.template", "just words"),
    ] {
        let s = scan(name, text);
        assert!(
            s.is_empty(),
            "{name}: {:?} {:?}",
            messages(&s),
            declared(&s)
        );
    }
}

#[test]
fn a_broken_file_that_could_be_a_template_is_a_parse_error() {
    let s = scan(
        "t.yaml",
        "Resources:\n  A:\n    Type: AWS::RDS::DBInstance\n  B: [\n",
    );
    assert_eq!(s.problems.len(), 1);
    assert!(
        messages(&s)[0].starts_with("not valid YAML"),
        "{:?}",
        messages(&s)
    );
    // What was read before the error is still checked.
    assert_eq!(declared(&s).len(), 1);
    let s = scan(
        "t.json",
        "{\"Resources\": {\"A\": {\"Type\": \"AWS::RDS::DBInstance\",}}}",
    );
    assert_eq!(s.problems.len(), 1);
    assert!(messages(&s)[0].starts_with("cannot parse CloudFormation JSON"));
    // Both syntaxes of `.template`.
    let s = scan(
        "x.template",
        "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\"}}}",
    );
    assert_eq!(declared(&s).len(), 1);
    let s = scan(
        "x.template",
        "Resources:\n  A:\n    Type: AWS::S3::Bucket\n",
    );
    assert_eq!(declared(&s).len(), 1);
}

#[test]
fn escapes_cannot_spell_a_type_past_the_text_stage() {
    let json = r#"{"Resources": {"A": {"Type": "AWS\u003a:RDS\u003a:DBInstance"}}}"#;
    assert!(template::may_declare(json) && template::could_be_template(json));
    assert_eq!(declared(&scan("a.json", json))[0].0, "AWS::RDS::DBInstance");
    let yaml = "Resources:\n  A:\n    Type: \"AWS:\\x3aRDS:\\\n      :DBInstance\"\n";
    assert!(!yaml.contains("::"));
    assert_eq!(declared(&scan("a.yaml", yaml))[0].0, "AWS::RDS::DBInstance");
    let key = r#"{"AWSTemplate\u0046ormatVersion": "2010-09-09", "Resources": {"A": {"Type": 1}}}"#;
    assert_eq!(scan("a.json", key).problems.len(), 1);
}

#[test]
fn aliases_are_followed() {
    let text = "Resources:\n  A: &body\n    Type: &t AWS::RDS::DBInstance\n  B: *body\n  C:\n    Type: *t\n";
    let s = scan("a.yaml", text);
    assert!(s.problems.is_empty(), "{:?}", messages(&s));
    assert_eq!(declared(&s).len(), 3);
}

#[test]
fn metadata_waivers_cover_their_own_resource() {
    let text = r#"{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Metadata": {"adrift": {"allow": [{"rule": "no-db", "reason": "logs", "until": "2030-01-01"}, {"reason": "no rule"}]}}}, "B": {"Type": "AWS::S3::Bucket"}}}"#;
    let s = scan("a.json", text);
    assert_eq!(s.waivers.len(), 2);
    let w = &s.waivers[0];
    assert_eq!(
        (w.rule.as_str(), w.reason.as_deref()),
        ("no-db", Some("logs"))
    );
    assert!(matches!(w.until, Some(Ok(_))));
    assert_eq!(
        w.scope.as_deref(),
        Some("resource \"A\" of type \"AWS::S3::Bucket\"")
    );
    assert_eq!(s.waivers[1].rule, "");
    assert_eq!(s.declarations[0].waiver_lines, [1, 1]);
    assert!(s.declarations[1].waiver_lines.is_empty());
}

#[test]
fn task_definition_images_are_reachable() {
    let text = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: postgres:16\n        - Name: side\n          Image: !Sub '${Repo}:latest'\n";
    let parsed = read(text, Syntax::Yaml);
    let images: Vec<(Option<&str>, &str)> = parsed.resources[0]
        .images
        .iter()
        .map(|(v, span)| (v.as_deref(), &text[span.clone()]))
        .collect();
    assert_eq!(
        images,
        [
            (Some("postgres:16"), "postgres:16"),
            (None, "!Sub '${Repo}:latest'")
        ]
    );
}

#[test]
fn names_are_claimed_by_extension() {
    for name in [
        "a.yaml",
        "a.YML",
        "cdk.out/S.template.json",
        "x.template",
        "dir/t.json",
    ] {
        assert!(syntax_of(name.as_bytes()).is_some(), "{name}");
    }
    for name in [
        "a.tf",
        "main.tf.json",
        "x.tofu.json",
        "yaml",
        ".json",
        "a.txt",
        "template",
    ] {
        assert!(syntax_of(name.as_bytes()).is_none(), "{name}");
    }
}

#[test]
fn unknown_patterns_are_checked_within_known_services() {
    let known = |p: &str| known_names(Target(&TYPE), p).map(|k| k.names);
    let dynamodb = known("AWS::DynamoDB::Tabel").unwrap();
    assert!(dynamodb.contains(&"AWS::DynamoDB::Table".to_string()));
    assert!(!dynamodb.iter().any(|n| n.starts_with("AWS::RDS::")));
    assert!(known("AWS::Lambda::Function").is_none());
    assert!(known("Custom::Thing").is_none());
    assert!(known("AWS::*::Table").unwrap().len() > 20);
}

/// A small deterministic generator (xorshift), as in the Terraform tests.
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

const FRAGMENTS: &[&str] = &[
    "Resources:\n",
    "  A:\n",
    "  B: ",
    "    Type: ",
    "AWS",
    ":",
    "::",
    "RDS",
    "DBInstance",
    "\"",
    "'",
    "\\x3a",
    "\\u003a",
    "\\u0041",
    "\\U0000003A",
    "\\\n",
    "\\\\",
    "\\t",
    "\n",
    " ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"Resources\": ",
    "\"Type\": ",
    "AWSTemplateFormatVersion: x\n",
    "\"AWSTemplateFormatVersion\": 1, ",
    "&a ",
    "*a",
    "!Ref ",
    "- ",
    "#",
    "é",
    "Custom",
    "Metadata: {adrift: {allow: [{rule: r, reason: x}]}}\n",
    "---\n",
];

const BASES: &[&str] = &[
    "",
    SHORT_TAGS,
    "Resources:\n  A:\n    Type: AWS::RDS::DBInstance\n  B:\n    Type: \"AWS:\\x3aS3::Bucket\"\n",
    r#"{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Metadata": {"adrift": {"allow": [{"rule": "r", "reason": "x"}]}}}}}"#,
    r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS\u003a:RDS::DBInstance"}}}"#,
];

/// A real template or nothing, with fragments inserted and bytes removed
/// at random.
fn generate(rng: &mut Rng) -> String {
    let mut text = BASES[rng.below(BASES.len())].to_string();
    for _ in 0..rng.below(12) {
        let mut at = if text.is_empty() {
            0
        } else {
            rng.below(text.len() + 1)
        };
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if rng.below(3) == 0 && at < text.len() {
            text.remove(at);
        } else {
            text.insert_str(at, FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
    }
    text
}

fn check_properties(text: &str) {
    if let Err(unsound) = super::proof::check(text) {
        panic!("{unsound}");
    }
}

#[test]
fn property_the_text_stage_is_sound_and_spans_stay_inside() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut declared_some = 0;
    for _ in 0..20_000 {
        let text = generate(&mut rng);
        check_properties(&text);
        if !read(&text, Syntax::Yaml).resources.is_empty() {
            declared_some += 1;
        }
    }
    // The generator reaches real declarations, not only noise.
    assert!(declared_some > 100, "{declared_some}");
}

#[test]
fn property_removing_what_the_text_stage_looks_for_leaves_nothing() {
    // Real templates with every `::`, escape and version key broken up.
    let mut rng = Rng(42);
    for base in [
        SHORT_TAGS,
        r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::S3::Bucket"}}}"#,
    ] {
        for _ in 0..500 {
            let mut text: String = base
                .replace("::", ": :")
                .replace("AWSTemplateFormatVersion", "Version")
                .replace('\\', "/");
            // Random deletions keep it on character boundaries.
            for _ in 0..rng.below(5) {
                if text.is_empty() {
                    break;
                }
                let mut at = rng.below(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.remove(at);
            }
            if !template::may_declare(&text) {
                check_properties(&text);
            }
        }
    }
}
