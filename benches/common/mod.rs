//! What both benchmarks share: running a command once, measuring its wall
//! time and its own peak memory.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs a command once; wall time and the child's peak RSS in KiB.
// The child is reaped by `wait4`, which also gives its own peak memory.
#[allow(clippy::zombie_processes)]
pub fn run_once(mut command: Command) -> (Duration, i64) {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: wait4 on our own child's pid, with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert!(pid > 0, "wait4 failed");
    (elapsed, usage.ru_maxrss)
}

/// Runs `make()` once to warm the cache, then `runs` times; prints and
/// returns the median.
pub fn bench(name: &str, make: &dyn Fn() -> Command, runs: usize) -> Duration {
    let _ = run_once(make());
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let (t, rss) = run_once(make());
        times.push(t);
        peak = peak.max(rss);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<34} median {:>7.1} ms   min {:>7.1} ms   max {:>7.1} ms   peak RSS {:>6.1} MB   ({runs} runs)",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        peak as f64 / 1024.0
    );
    median
}

/// A `.tf` file of about 2 KB, as a platform team writes them (ECS
/// services, IAM with heredoc policies, security groups, modules,
/// comments); files 1234, 2345 and 3456 drift.
#[allow(dead_code)]
pub fn tf_file(n: usize) -> String {
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

#[allow(dead_code)]
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[allow(dead_code)] // not every benchmark compares with rg
/// The figures every tree benchmark prints: `adrift check` on `root`
/// (`runs` times), `cat` of `files`, and `rg` searching `search` for the
/// fixed strings of `patterns` (one per line), with the ratio to rg and its
/// `target`.
pub fn against_cat_and_rg(
    root: &Path,
    files: &[std::path::PathBuf],
    patterns: &[String],
    search: &Path,
    rg_label: &str,
    target: f64,
    runs: usize,
) {
    let adrift = bench(
        "adrift check",
        &|| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_adrift"));
            c.args(["check", "--format", "json"]).current_dir(root);
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
    let pattern_file = root.join("patterns.txt");
    std::fs::write(&pattern_file, patterns.join("\n")).expect("patterns");
    let rg_available = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if !rg_available {
        println!("rg not found: install ripgrep (Debian package `ripgrep`) to compare");
        return;
    }
    let rg = bench(
        rg_label,
        &|| {
            let mut c = Command::new("rg");
            c.args(["-c", "-F", "-f"]).arg(&pattern_file).arg(search);
            c
        },
        runs,
    );
    println!(
        "adrift check / rg = {:.2} (target: at most {target})",
        adrift.as_secs_f64() / rg.as_secs_f64()
    );
}
