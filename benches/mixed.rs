//! `cargo bench --bench mixed`: a monorepo of 5,000 files of every kind
//! adrift reads (Terraform, package.json and npm/pnpm/Yarn locks, go.mod,
//! Compose files, Kubernetes manifests, Helm charts, Dockerfiles,
//! CloudFormation templates, requirements files), timed with `adrift check`
//! (the release binary) beside `cat` of the same files and `rg` searching
//! them for the same names (every name of the persistence catalog, as
//! fixed strings). A benchmark, not a test: it prints figures and asserts
//! nothing. Target on a 2-core machine: at most 2 times rg's time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{against_cat_and_rg, tf_file, write};

const FILES: usize = 5_000;

fn package_json(n: usize) -> String {
    let drift = if n == 417 {
        ",\n    \"pg\": \"^8.11.0\""
    } else {
        ""
    };
    format!(
        "{{\n  \"name\": \"@acme/web-{n}\",\n  \"version\": \"1.0.{n}\",\n  \"private\": true,\n  \"scripts\": {{ \"build\": \"tsc -p .\", \"test\": \"vitest run\" }},\n  \"dependencies\": {{\n    \"express\": \"^4.19.2\",\n    \"zod\": \"^3.23.8\",\n    \"pino\": \"^9.3.2\"{drift}\n  }},\n  \"devDependencies\": {{\n    \"typescript\": \"^5.5.4\",\n    \"vitest\": \"^2.0.5\"\n  }}\n}}\n"
    )
}

/// An npm v3 lock of about 250 packages.
fn package_lock(n: usize) -> String {
    let mut t = format!(
        "{{\n  \"name\": \"@acme/web-{n}\",\n  \"version\": \"1.0.{n}\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n    \"\": {{\n      \"name\": \"@acme/web-{n}\",\n      \"version\": \"1.0.{n}\",\n      \"dependencies\": {{ \"express\": \"^4.19.2\", \"zod\": \"^3.23.8\", \"pino\": \"^9.3.2\" }},\n      \"devDependencies\": {{ \"typescript\": \"^5.5.4\", \"vitest\": \"^2.0.5\" }}\n    }}"
    );
    for p in 0..250 {
        let _ = write!(
            t,
            ",\n    \"node_modules/lib-{p:03}\": {{\n      \"version\": \"1.{p}.0\",\n      \"resolved\": \"https://registry.npmjs.org/lib-{p:03}/-/lib-{p:03}-1.{p}.0.tgz\",\n      \"integrity\": \"sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\",\n      \"license\": \"MIT\"{}\n    }}",
            if p % 3 == 0 {
                format!(
                    ",\n      \"dependencies\": {{ \"lib-{:03}\": \"^1.0.0\" }}",
                    (p + 1) % 250
                )
            } else {
                String::new()
            }
        );
    }
    t.push_str("\n  }\n}\n");
    t
}

fn compose(n: usize) -> String {
    let drift = if n == 211 {
        "  cache:\n    image: redis:7-alpine\n"
    } else {
        ""
    };
    format!(
        "x-defaults: &defaults\n  restart: unless-stopped\n  logging:\n    driver: json-file\n\nservices:\n  api:\n    <<: *defaults\n    image: registry.example.com/api-{n}:1.4.2\n    ports:\n      - \"8000:8000\"\n    environment:\n      LOG_LEVEL: info\n  worker:\n    <<: *defaults\n    image: registry.example.com/worker-{n}:1.4.2\n    command: [\"python\", \"-m\", \"worker\"]\n{drift}"
    )
}

fn manifest(n: usize) -> String {
    let image = if n == 333 {
        "postgres:16"
    } else {
        "registry.example.com/svc"
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-{n}\n  labels:\n    app: svc-{n}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: svc-{n}\n  template:\n    metadata:\n      labels:\n        app: svc-{n}\n    spec:\n      containers:\n        - name: app\n          image: {image}:{n}\n          ports:\n            - containerPort: 8000\n          resources:\n            limits:\n              cpu: 500m\n              memory: 256Mi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{n}\nspec:\n  selector:\n    app: svc-{n}\n  ports:\n    - port: 80\n      targetPort: 8000\n"
    )
}

fn chart(n: usize) -> String {
    format!(
        "apiVersion: v2\nname: svc-{n}\nversion: 0.1.{n}\nappVersion: \"1.4.2\"\ndependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n"
    )
}

fn values(n: usize) -> String {
    format!(
        "replicaCount: 2\nimage:\n  repository: registry.example.com/svc-{n}\n  tag: \"1.4.2\"\n  pullPolicy: IfNotPresent\nservice:\n  type: ClusterIP\n  port: 80\nresources:\n  limits:\n    cpu: 500m\n    memory: 256Mi\n"
    )
}

fn dockerfile(n: usize) -> String {
    format!(
        "# syntax=docker/dockerfile:1\nARG PYTHON=3.12\nFROM python:${{PYTHON}}-slim AS build\nWORKDIR /src\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=build /src /app\nLABEL service=svc-{n}\nCMD [\"/app/main.py\"]\n"
    )
}

fn template(n: usize) -> String {
    let drift = if n == 77 {
        "  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n"
    } else {
        ""
    };
    format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: svc-{n}\nParameters:\n  Env:\n    Type: String\nResources:\n  Queue:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub \"svc-{n}-${{Env}}\"\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {{ Service: lambda.amazonaws.com }}\n            Action: sts:AssumeRole\n{drift}Outputs:\n  TopicArn:\n    Value: !Ref Queue\n"
    )
}

fn go_mod(n: usize) -> String {
    let drift = if n == 55 {
        "\tgorm.io/gorm v1.25.10\n"
    } else {
        ""
    };
    format!(
        "module example.com/acme/svc{n}\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/rs/zerolog v1.33.0\n{drift})\n\nrequire (\n\tgithub.com/mattn/go-colorable v0.1.13 // indirect\n\tgolang.org/x/sys v0.21.0 // indirect\n)\n"
    )
}

fn requirements(n: usize) -> String {
    let drift = if n == 12 { "sqlalchemy==2.0.30\n" } else { "" };
    format!("fastapi==0.111.0\nuvicorn[standard]==0.30.1\npydantic>=2,<3\n{drift}")
}

/// Generates the tree: 5,000 files in service directories of ten, each
/// kind in its share.
fn generate(root: &Path) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(root);
    write(&root.join("adrift.toml"), "");
    write(
        &root.join("adr/0012-stateless.md"),
        "# 12. Stateless\n\nDate: 2025-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    write(
        &root.join("rules/no-persistence.toml"),
        "id = \"no-persistence\"\ndecision = \"12\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n",
    );
    let mut files = Vec::new();
    // (share in thousandths, path, content)
    type Make = fn(usize) -> String;
    let kinds: [(usize, &str, Make); 12] = [
        (400, "infra/main.tf", tf_file),
        (150, "web/package.json", package_json),
        (40, "web/package-lock.json", package_lock),
        (60, "docker-compose.yml", compose),
        (100, "k8s/deployment.yaml", manifest),
        (25, "chart/Chart.yaml", chart),
        (25, "chart/values.yaml", values),
        (60, "Dockerfile", dockerfile),
        (40, "cloudformation/template.yaml", template),
        (40, "go.mod", go_mod),
        (60, "requirements.txt", requirements),
        (0, "", |_| String::new()),
    ];
    for (share, name, make) in kinds {
        let count = FILES * share / 1000;
        for n in 0..count {
            let path = root.join(format!("services/{}-{n:04}/{name}", name.replace('/', "_")));
            write(&path, &make(n));
            files.push(path);
        }
    }
    files
}

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-mixed/monorepo");
    let files = generate(&root);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "mixed monorepo: {} files ({:.1} MB): Terraform, package.json and npm locks, Compose, Kubernetes, Helm, Dockerfiles, CloudFormation, go.mod, requirements; {} cores",
        files.len(),
        bytes as f64 / 1e6,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    // The same names: every name the catalog gives, as fixed strings.
    let catalog = Command::new(env!("CARGO_BIN_EXE_adrift"))
        .args(["rules", "--format", "json"])
        .current_dir(&root)
        .output()
        .expect("adrift rules");
    let rules: serde_json::Value = serde_json::from_slice(&catalog.stdout).unwrap_or_default();
    let mut patterns: Vec<String> = Vec::new();
    collect_strings(&rules, &mut patterns);
    patterns.retain(|p| p.len() >= 3 && !p.contains(' '));
    patterns.sort();
    patterns.dedup();
    against_cat_and_rg(
        &root,
        &files,
        &patterns,
        &root.join("services"),
        &format!("rg -F -f names ({} names)", patterns.len()),
        2.0,
        9,
    );
}

/// Every pattern of `adrift rules --format json` (`patterns`: target →
/// names), without glob stars; module words and `//` submodules as the
/// words and sources they are.
fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    for rule in value.as_array().into_iter().flatten() {
        for names in rule["patterns"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            for name in names.as_array().into_iter().flatten() {
                if let Some(name) = name.as_str() {
                    let name = name.split("//").next().unwrap_or(name);
                    out.extend(
                        name.split('*')
                            .filter(|part| !part.is_empty())
                            .map(str::to_string),
                    );
                }
            }
        }
    }
}
