//! The CloudFormation ecosystem: templates in YAML (short-form tags and
//! all) and JSON, SAM and CDK's synthesised output, each test a project a
//! user could have, run through `adrift check`.

use std::path::Path;
use std::process::Command;

use crate::support::{adrift, adrift_guarded, fixtures, gated_project, snapshot, write};

/// One finding of `check --format json`: (code, path, line, column, message).
type Found = (String, String, u64, u64, String);

fn check(dir: &Path) -> (i32, Vec<Found>, serde_json::Value) {
    let run = adrift(dir, &["check", "--format", "json"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout));
    let found = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (run.code, found, report["summary"].clone())
}

/// (path, line, message) of the findings with `code`.
fn with_code(found: &[Found], code: &str) -> Vec<(String, u64, String)> {
    found
        .iter()
        .filter(|f| f.0 == code)
        .map(|f| (f.1.clone(), f.2, f.4.clone()))
        .collect()
}

fn rule(types: &str) -> String {
    format!(
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[cloudformation]\ntypes = [{types}]\n"
    )
}

const TEMPLATE: &str = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !Sub '${AWS::StackName}-orders'\n  Files:\n    Type: AWS::S3::Bucket\n";

#[test]
fn the_fixture_project_reads_sam_yaml_json_and_cdk_output() {
    let dir = fixtures().join("check").join("cloudformation");
    let run = adrift(&dir, &["check", "--color", "never"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    snapshot(&dir.join("expected.txt"), &run.stdout);
    assert_eq!(run.code, 1);

    let (code, found, summary) = check(&dir);
    assert_eq!(code, 1);
    let hits: Vec<(String, u64, u64)> = found
        .iter()
        .filter(|f| f.0 == "no-persistence")
        .map(|f| (f.1.clone(), f.2, f.3))
        .collect();
    assert_eq!(
        hits,
        [
            // CDK's output, named by its construct path.
            ("cdk.out/MyStack.template.json".to_string(), 4, 12),
            // The SimpleTable, once (not again as the table SAM makes).
            ("sam/template.yaml".to_string(), 31, 11),
            ("stacks/assets.json".to_string(), 17, 15),
            ("stacks/database.yaml".to_string(), 14, 11),
        ],
        "{found:#?}"
    );
    let messages: Vec<&str> = found.iter().map(|f| f.4.as_str()).collect();
    assert!(messages[0].starts_with("resource \"OrdersTable315BB997\" of type \"AWS::DynamoDB::Table\" (CDK path MyStack/OrdersTable/Resource) contradicts ADR-0012"), "{messages:#?}");
    assert!(
        messages[3].ends_with("(it may not be created: only when condition `IsProd` is true)"),
        "{}",
        messages[3]
    );
    // A comment waiver in the SAM template, a metadata waiver in the JSON.
    assert_eq!(summary["waived"], 2, "{summary}");
    // Nothing else: package.json, cdk.out/manifest.json and the workflow
    // are no templates; the SQS queue is in the optional messaging part.
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn rules_name_types_exactly_with_globs() {
    let dir = gated_project("cfn-exact", &rule("\"AWS::RDS::*\", \"aws::s3::bucket\""));
    write(
        &dir,
        "t.yaml",
        TEMPLATE.replace("DynamoDB::Table", "RDS::DBCluster"),
    );
    let (code, found, _) = check(&dir);
    assert_eq!(code, 1);
    // The glob matches; the lower-case pattern does not (types are
    // case-sensitive, as in CloudFormation).
    assert_eq!(
        with_code(&found, "no-db"),
        [(
            "t.yaml".to_string(),
            4,
            "resource \"Orders\" of type \"AWS::RDS::DBCluster\" contradicts ADR-0001: stateless"
                .to_string()
        )]
    );
}

#[test]
fn a_misspelt_type_is_reported_with_the_nearest_ones() {
    let dir = gated_project(
        "cfn-unknown",
        &rule("\"AWS::DynamoDB::Tabel\", \"AWS::Lambda::Function\""),
    );
    write(&dir, "t.yaml", TEMPLATE);
    let run = adrift(&dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let unknown: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "rule-pattern-unknown")
        .collect();
    // Lambda is no service the persistence catalog knows: not judged.
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .contains("\"AWS::DynamoDB::Tabel\" matches no CloudFormation type")
    );
    assert!(
        unknown[0]["help"]
            .as_str()
            .unwrap()
            .contains("AWS::DynamoDB::Table")
    );
}

#[test]
fn a_sam_table_matches_a_rule_on_dynamodb_tables_once() {
    let sam = "Transform: AWS::Serverless-2016-10-31\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n";
    for (types, matched) in [
        (
            "\"AWS::DynamoDB::Table\"",
            "(SAM creates an AWS::DynamoDB::Table)",
        ),
        (
            "\"AWS::DynamoDB::Table\", \"AWS::Serverless::SimpleTable\"",
            "of type \"AWS::Serverless::SimpleTable\" contradicts",
        ),
    ] {
        let dir = gated_project("cfn-sam", &rule(types));
        write(&dir, "template.yaml", sam);
        let (_, found, _) = check(&dir);
        let hits = with_code(&found, "no-db");
        assert_eq!(hits.len(), 1, "{types}: {hits:#?}");
        assert!(hits[0].2.contains(matched), "{}", hits[0].2);
    }
}

#[test]
fn the_messaging_part_is_its_own() {
    let dir = gated_project(
        "cfn-messaging",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence/cloudformation-messaging\"]\n",
    );
    write(
        &dir,
        "q.json",
        r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}, "B": {"Type": "AWS::S3::Bucket"}}}"#,
    );
    let (_, found, _) = check(&dir);
    let hits = with_code(&found, "no-db");
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0]
            .2
            .starts_with("resource \"Q\" of type \"AWS::SQS::Queue\"")
    );
}

#[test]
fn what_cloudformation_rejects_fails_closed_and_the_rest_is_checked() {
    let dir = gated_project("cfn-rejects", &rule("\"AWS::S3::Bucket\""));
    write(
        &dir,
        "dup.yaml",
        "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::EC2::Volume\n  B:\n    Type: !Ref Kind\n",
    );
    write(
        &dir,
        "list.json",
        r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": []}"#,
    );
    let (code, found, _) = check(&dir);
    assert_eq!(code, 1);
    let errors = with_code(&found, "parse-error");
    assert_eq!(
        errors,
        [
            ("dup.yaml".to_string(), 4, "cannot read the CloudFormation template: logical id \"A\" is declared twice: CloudFormation rejects the template".to_string()),
            ("dup.yaml".to_string(), 7, "cannot read the CloudFormation template: the Type of resource \"B\" is `!Ref`, which CloudFormation does not accept: a Type is a literal string".to_string()),
            ("list.json".to_string(), 1, "cannot read the CloudFormation template: Resources is not a mapping of logical ids to resources".to_string()),
        ]
    );
    assert_eq!(with_code(&found, "no-db").len(), 1, "{found:#?}");
}

#[test]
fn a_broken_template_is_one_parse_error_and_a_broken_other_file_is_none() {
    let dir = gated_project("cfn-broken", &rule("\"AWS::RDS::DBInstance\""));
    write(
        &dir,
        "stack.yaml",
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n  Other: [\n",
    );
    write(&dir, "notes.yaml", "a: [1, 2\n");
    write(&dir, "data.json", "{\"a\": 1,}");
    let (code, found, _) = check(&dir);
    assert_eq!(code, 1);
    let errors = with_code(&found, "parse-error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, "stack.yaml");
    assert!(errors[0].2.starts_with("not valid YAML"));
    // What was read before the error is still checked.
    assert_eq!(with_code(&found, "no-db").len(), 1);
}

#[test]
fn metadata_waivers_cover_their_own_resource_only() {
    let dir = gated_project("cfn-meta", &rule("\"AWS::S3::Bucket\""));
    // Minified: both resources on one line.
    write(
        &dir,
        "min.json",
        r#"{"Resources":{"A":{"Type":"AWS::S3::Bucket","Metadata":{"adrift":{"allow":[{"rule":"no-db","reason":"build artefacts"}]}}},"B":{"Type":"AWS::S3::Bucket"}}}"#,
    );
    // Flow YAML: B's `Type` stands on the line of A's waiver, which still
    // covers A alone.
    write(
        &dir,
        "flow.yaml",
        "Resources: {A: {Type: AWS::S3::Bucket, Metadata: {adrift: {allow: [{rule: no-db, reason: logs}]}}}, B: {Type: AWS::S3::Bucket}}\n",
    );
    write(
        &dir,
        "bad.json",
        "{\"Resources\": {\"C\": {\"Type\": \"AWS::EC2::Volume\",\n \"Metadata\": {\"adrift\": {\"allow\": [{\"rule\": \"no-db\", \"reason\": \"nothing to waive\"}, {\"rule\": \"no-db\"}]}}}}}",
    );
    let (_, found, summary) = check(&dir);
    assert_eq!(summary["waived"], 2);
    let hits = with_code(&found, "no-db");
    assert_eq!(hits.len(), 2, "{hits:#?}");
    assert!(
        hits.iter().all(|h| h.2.starts_with("resource \"B\"")),
        "{hits:#?}"
    );
    assert_eq!(
        with_code(&found, "waiver-unused"),
        [(
            "bad.json".to_string(),
            2,
            "waiver for no-db waives nothing here".to_string()
        )]
    );
    assert_eq!(
        with_code(&found, "waiver-invalid"),
        [(
            "bad.json".to_string(),
            2,
            "waiver for no-db gives no reason".to_string()
        )]
    );
}

#[test]
fn a_comment_waiver_covers_the_resource_below_it() {
    let dir = gated_project("cfn-comment", &rule("\"AWS::S3::Bucket\""));
    write(
        &dir,
        "t.yaml",
        "Resources:\n  # adrift:allow=no-db: access logs only\n  Logs:\n    Type: AWS::S3::Bucket\n  Data:\n    Type: AWS::S3::Bucket # adrift:allow=no-db: until the move, see OPS-1\n  Other:\n    Type: AWS::S3::Bucket\n",
    );
    let (_, found, summary) = check(&dir);
    assert_eq!(summary["waived"], 2);
    assert_eq!(
        with_code(&found, "no-db"),
        [(
            "t.yaml".to_string(),
            8,
            "resource \"Other\" of type \"AWS::S3::Bucket\" contradicts ADR-0001: stateless"
                .to_string()
        )]
    );
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

#[test]
fn cdk_output_is_read_where_git_reads_it() {
    let dir = gated_project("cfn-cdk-ignored", &rule("\"AWS::DynamoDB::Table\""));
    git_init(&dir);
    let synth = r#"{"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Metadata": {"aws:cdk:path": "S/T/Resource"}}}}"#;
    write(&dir, "cdk.out/S.template.json", synth);
    write(&dir, ".gitignore", "cdk.out\n");
    let (code, found, _) = check(&dir);
    assert_eq!((code, with_code(&found, "no-db").len()), (0, 0));
    // Committed (not ignored): checked.
    write(&dir, ".gitignore", "");
    let (code, found, _) = check(&dir);
    assert_eq!((code, with_code(&found, "no-db").len()), (1, 1));
}

#[test]
fn escapes_do_not_hide_a_type() {
    let dir = gated_project("cfn-escapes", &rule("\"AWS::RDS::DBInstance\""));
    write(
        &dir,
        "a.json",
        r#"{"Resources": {"A": {"Type": "\u0041WS\u003a:RDS::DBInstance"}}}"#,
    );
    write(
        &dir,
        "b.yaml",
        "Resources:\n  B:\n    Type: \"\\x41WS:\\x3aRDS:\\\n      :DBInstance\"\n",
    );
    let (_, found, _) = check(&dir);
    let hits = with_code(&found, "no-db");
    assert_eq!(hits.len(), 2, "{found:#?}");
}

#[test]
fn many_aliases_are_followed_in_linear_time() {
    // Each alias was once followed by a walk of the whole stream: a
    // quadratic hang on a file of a few megabytes.
    let dir = gated_project("cfn-aliases", &rule("\"AWS::S3::Bucket\""));
    let mut text = String::from("Resources:\n  A: &b\n    Type: AWS::S3::Bucket\n");
    for i in 0..60_000 {
        text.push_str(&format!("  R{i}: *b\n"));
    }
    write(&dir, "t.yaml", text);
    let run =
        adrift_guarded(&dir, &["check", "--format", "compact"], 30).expect("adrift check finishes");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains("no-db")).count(),
        60_001
    );
}

#[test]
fn task_definition_images_are_checked_as_images() {
    let dir = gated_project(
        "cfn-task-images",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[images]\nrepositories = [\"postgres\", \"redis\"]\n",
    );
    write(
        &dir,
        "stack.yaml",
        "Resources:\n  Api:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: api\n          Image: !Sub '${Repo}:latest'\n        - Name: db\n          Image: public.ecr.aws/docker/library/postgres:16\n        - Name: cache\n          # adrift:allow=no-db: a local read-through cache, emptied on restart\n          Image: redis:7\n",
    );
    let (code, found, summary) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        with_code(&found, "no-db"),
        [(
            "stack.yaml".to_string(),
            9,
            "image \"postgres\" in the container definitions of task \"Api\" contradicts ADR-0001: stateless".to_string()
        )],
        "an image written with an intrinsic is not known before deployment; the waiver covers its line"
    );
    assert_eq!(summary["waived"], 1);
}
