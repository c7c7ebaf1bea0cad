//! `cargo bench --bench check`: generates a monorepo and times `adrift
//! check` on it (the release binary), beside `cat` of the same files and
//! `rg` searching them for the same resource names. A benchmark, not a
//! test: it prints figures and asserts nothing.
//!
//! The monorepo: 5,000 `.tf` files of about 2 KB (ECS services, load
//! balancers, IAM with heredoc policies, security groups, modules, comments),
//! three of which drift; 200 decision records; a Cargo workspace of 10
//! members with a 700-package `Cargo.lock`. Target on a 2-core machine: no
//! more than 3 times rg's time, peak memory under 100 MB.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::bench;

const TF_FILES: usize = 5_000;
const RECORDS: usize = 200;
const LOCK_PACKAGES: usize = 700;

fn tf_file(n: usize) -> String {
    let mut t = String::new();
    let _ = write!(
        t,
        "# Service {n}: part of the stateless platform (see ADR-0012).\n\
         # Do not add an aws_db_instance here; persistence is out of scope.\n\n\
         locals {{\n  name = \"svc-{n}\"\n  tags = {{ team = \"platform\", service = \"svc-{n}\" }}\n}}\n\n"
    );
    match n % 5 {
        0 => {
            let _ = write!(
                t,
                "resource \"aws_ecs_task_definition\" \"svc_{n}\" {{\n  family                   = local.name\n  requires_compatibilities = [\"FARGATE\"]\n  cpu                      = 256\n  memory                   = 512\n  container_definitions    = <<EOT\n[\n  {{\n    \"name\": \"app\",\n    \"image\": \"registry.example.com/svc-{n}:latest\",\n    \"portMappings\": [{{ \"containerPort\": 8000 }}],\n    \"environment\": [{{ \"name\": \"DATABASE_URL\", \"value\": \"\" }}]\n  }}\n]\nEOT\n}}\n\n"
            );
        }
        1 => {
            let _ = write!(
                t,
                "resource \"aws_iam_role\" \"svc_{n}\" {{\n  name               = \"${{local.name}}-task\"\n  assume_role_policy = <<POLICY\n{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{{ \"Effect\": \"Allow\", \"Principal\": {{ \"Service\": \"ecs-tasks.amazonaws.com\" }}, \"Action\": \"sts:AssumeRole\" }}]\n}}\nPOLICY\n  tags = local.tags\n}}\n\n"
            );
        }
        2 => {
            let _ = write!(
                t,
                "resource \"aws_security_group\" \"svc_{n}\" {{\n  name   = local.name\n  vpc_id = var.vpc_id\n\n  ingress {{\n    from_port       = 8000\n    to_port         = 8000\n    protocol        = \"tcp\"\n    security_groups = [var.alb_security_group_id]\n  }}\n\n  egress {{\n    from_port   = 0\n    to_port     = 0\n    protocol    = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n\n"
            );
        }
        3 => {
            let _ = write!(
                t,
                "module \"alb_{n}\" {{\n  source  = \"terraform-aws-modules/alb/aws\"\n  version = \"~> 9.0\"\n  name    = local.name\n  vpc_id  = var.vpc_id\n  subnets = var.public_subnets\n}}\n\n"
            );
        }
        _ => {
            let _ = write!(
                t,
                "terraform {{\n  required_providers {{\n    aws = {{\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }}\n  }}\n}}\n\n"
            );
        }
    }
    let _ = write!(
        t,
        "resource \"aws_ecs_service\" \"svc_{n}\" {{\n  name            = local.name\n  cluster         = var.cluster_arn\n  task_definition = var.task_definition_arn\n  desired_count   = var.replicas\n  launch_type     = \"FARGATE\"\n\n  network_configuration {{\n    subnets         = var.private_subnets\n    security_groups = [var.security_group_id]\n  }}\n\n  load_balancer {{\n    target_group_arn = var.target_group_arn\n    container_name   = \"app\"\n    container_port   = 8000\n  }}\n}}\n\n\
         resource \"aws_cloudwatch_log_group\" \"svc_{n}\" {{\n  name              = \"/ecs/${{local.name}}\"\n  retention_in_days = 14\n}}\n\n\
         resource \"aws_lb_target_group\" \"svc_{n}\" {{\n  name        = local.name\n  port        = 8000\n  protocol    = \"HTTP\"\n  target_type = \"ip\"\n  vpc_id      = var.vpc_id\n\n  health_check {{\n    path = \"/healthz\"\n  }}\n}}\n\n\
         resource \"aws_appautoscaling_target\" \"svc_{n}\" {{\n  service_namespace  = \"ecs\"\n  scalable_dimension = \"ecs:service:DesiredCount\"\n  resource_id        = \"service/${{var.cluster_name}}/${{local.name}}\"\n  min_capacity       = 1\n  max_capacity       = 10\n}}\n\n\
         variable \"replicas_{n}\" {{\n  description = \"How many tasks of svc-{n} run behind the ALB.\"\n  type        = number\n  default     = 2\n}}\n\n\
         variable \"image_tag_{n}\" {{\n  description = \"The container image tag to deploy.\"\n  type        = string\n}}\n\n\
         output \"service_name_{n}\" {{\n  value = aws_ecs_service.svc_{n}.name\n}}\n"
    );
    // One file in fifty mentions a database type in a comment.
    if n % 50 == 7 {
        t.push_str(
            "\n# TODO: once ADR-0012 is revisited, an aws_dynamodb_table may replace this.\n",
        );
    }
    // Three files drift.
    match n {
        1234 => t.push_str("\nresource \"aws_db_instance\" \"sessions\" {\n  engine = \"postgres\"\n}\n"),
        2345 => t.push_str("\nmodule \"cache\" {\n  source = \"git::https://github.com/terraform-aws-modules/terraform-aws-elasticache.git?ref=v1.2.0\"\n}\n"),
        3456 => t.push_str("\nresource \"aws_dynamodb_table\" \"jobs\" {\n  count = var.jobs ? 1 : 0\n  name  = \"jobs\"\n}\n"),
        _ => {}
    }
    t
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn generate(root: &Path) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(root);
    let mut files = Vec::new();
    write(
        &root.join("adrift.toml"),
        "adr_dir = \"docs/adr\"\n[severity]\nnumbering-gap = \"off\"\n",
    );
    write(&root.join(".gitignore"), "target/\n.terraform/\n");
    write(
        &root.join("rules/no-persistence.toml"),
        "id = \"no-persistence\"\ndecision = \"ADR-0012\"\nmessage = \"the platform is stateless: no database or persistence layer\"\ninclude = [\"persistence\"]\n",
    );
    for n in 1..=RECORDS {
        let path = root.join(format!("docs/adr/{n:04}-decision-{n}.md"));
        let status = if n == 12 {
            "Accepted"
        } else if n % 7 == 0 {
            "Proposed"
        } else {
            "Accepted"
        };
        let mut text = format!(
            "# {n}. Decision {n}\n\nDate: 2025-{:02}-{:02}\n\n## Status\n\n{status}\n\n## Context\n\n",
            n % 12 + 1,
            n % 28 + 1
        );
        while text.len() < 2500 {
            text.push_str("The platform runs FastAPI services on ECS Fargate behind an ALB. ");
        }
        text.push_str(
            "\n\n## Decision\n\nWe keep it simple.\n\n## Consequences\n\nFewer moving parts.\n",
        );
        write(&path, &text);
        files.push(path);
    }
    for n in 0..TF_FILES {
        let path = root.join(format!("services/svc-{:03}/infra/{}.tf", n / 50, n));
        write(&path, &tf_file(n));
        files.push(path);
    }
    // A Cargo workspace: 10 members and a 700-package lockfile.
    let mut members = Vec::new();
    for m in 0..10 {
        members.push(format!("\"crates/member-{m}\""));
        let extra = if m == 3 {
            "session-kit = \"0.3\"\n"
        } else {
            ""
        };
        let path = root.join(format!("crates/member-{m}/Cargo.toml"));
        write(
            &path,
            &format!(
                "[package]\nname = \"member-{m}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = \"1\"\npkg-{m:03} = \"1\"\n{extra}"
            ),
        );
        files.push(path);
    }
    write(
        &root.join("Cargo.toml"),
        &format!("[workspace]\nmembers = [{}]\n", members.join(", ")),
    );
    files.push(root.join("Cargo.toml"));
    let reg = "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    let mut lock = String::from("version = 3\n\n");
    for m in 0..10 {
        let extra = if m == 3 { " \"session-kit\",\n" } else { "" };
        let _ = write!(
            lock,
            "[[package]]\nname = \"member-{m}\"\nversion = \"0.1.0\"\ndependencies = [\n \"pkg-{m:03}\",\n \"serde\",\n{extra}]\n\n"
        );
    }
    let _ = write!(
        lock,
        "[[package]]\nname = \"serde\"\nversion = \"1.0.200\"\n{reg}\n"
    );
    let _ = write!(
        lock,
        "[[package]]\nname = \"session-kit\"\nversion = \"0.3.1\"\n{reg}dependencies = [\n \"redis\",\n]\n\n"
    );
    let _ = write!(
        lock,
        "[[package]]\nname = \"redis\"\nversion = \"0.27.6\"\n{reg}\n"
    );
    for p in 0..LOCK_PACKAGES - 13 {
        let deps: Vec<String> = [
            (p * 7 + 1) % (LOCK_PACKAGES - 13),
            (p * 13 + 5) % (LOCK_PACKAGES - 13),
        ]
        .iter()
        .filter(|d| **d > p)
        .map(|d| format!(" \"pkg-{d:03}\",\n"))
        .collect();
        let _ = write!(
            lock,
            "[[package]]\nname = \"pkg-{p:03}\"\nversion = \"1.{p}.0\"\n{reg}dependencies = [\n{}]\n\n",
            deps.concat()
        );
    }
    write(&root.join("Cargo.lock"), &lock);
    files.push(root.join("Cargo.lock"));
    files
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-check/monorepo");
    let files = generate(&root);
    let tf_bytes: u64 = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "tf"))
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "monorepo: {TF_FILES} .tf files ({:.1} MB), {RECORDS} records, {LOCK_PACKAGES}-package Cargo.lock; {} cores",
        tf_bytes as f64 / 1e6,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let runs = 9;
    let adrift = bench(
        "adrift check",
        &|| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_adrift"));
            c.args(["check", "--format", "json"]).current_dir(&root);
            c
        },
        runs,
    );
    let list = root.join("files.txt");
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    std::fs::write(&list, names.join("\n")).expect("file list");
    bench(
        "cat (the same files)",
        &|| {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("xargs cat < {} > /dev/null", list.display()));
            c
        },
        runs,
    );
    let patterns = root.join("patterns.txt");
    std::fs::write(&patterns, "aws_db_instance\naws_rds_cluster\naws_dynamodb_table\naws_elasticache_cluster\naws_s3_bucket\nterraform-aws-modules/rds\nterraform-aws-elasticache\n").expect("patterns");
    let rg_available = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if rg_available {
        let rg = bench(
            "rg -F -f names (same tree)",
            &|| {
                let mut c = Command::new("rg");
                c.args(["-c", "-F", "-f"]).arg(&patterns).arg(&root);
                c
            },
            runs,
        );
        println!(
            "adrift check / rg = {:.2} (target: at most 3)",
            adrift.as_secs_f64() / rg.as_secs_f64()
        );
    } else {
        println!("rg not found: install ripgrep (Debian package `ripgrep`) to compare");
    }
}
