//! The images ecosystem: container images and the storage that comes with
//! containers (Compose files, Kubernetes manifests, Helm charts,
//! Dockerfiles, ECS task definitions), run through `adrift check` as a user
//! would, with what each tool does with the same file said next to it.

use std::path::Path;

use crate::support::{adrift, fixtures, gated_project, snapshot, write};

/// The catalog, as the user's rule has it.
const RULE: &str =
    "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n";

/// (code, path, line, column, message, matched name) of every finding.
type Found = (String, String, u64, u64, String, String);

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
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            let matched = s("help")
                .split_once("matched \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(name, _)| name.to_string())
                .unwrap_or_default();
            (
                s("code"),
                s("path"),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                s("message"),
                matched,
            )
        })
        .collect();
    (run.code, found, report["summary"].clone())
}

/// (path, line, matched name) of the rule's findings.
fn matched(found: &[Found], rule: &str) -> Vec<(String, u64, String)> {
    found
        .iter()
        .filter(|f| f.0 == rule)
        .map(|f| (f.1.clone(), f.2, f.5.clone()))
        .collect()
}

fn m(path: &str, line: u64, name: &str) -> (String, u64, String) {
    (path.to_string(), line, name.to_string())
}

fn project(name: &str, rule: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = gated_project(name, rule);
    for (path, text) in files {
        write(&dir, path, text);
    }
    dir
}

#[test]
fn the_platform_drifts_through_compose_kubernetes_helm_dockerfiles_and_task_definitions() {
    // The user's FastAPI service on ECS Fargate, "no database, no
    // persistence layer": a postgres sidecar, a cache in Compose, a Helm
    // chart pulling bitnami/postgresql, a StatefulSet with
    // volumeClaimTemplates. A GitHub workflow's service container and
    // mkdocs.yml give nothing; the CloudFormation template is read by its
    // own ecosystem (the same file, two readers, one report).
    let dir = fixtures().join("check/images");
    let (code, found, summary) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        matched(&found, "no-persistence"),
        [
            m("cfn/template.yaml", 4, "AWS::DynamoDB::Table"),
            m("chart/Chart.yaml", 5, "bitnami/postgresql"),
            m("chart/templates/deployment.yaml", 13, "memcached"),
            m("chart/templates/pvc.yaml", 3, "persistentvolumeclaim"),
            m("chart/values.yaml", 9, "bitnami/postgresql"),
            m("deploy/task-definition.json", 9, "redis"),
            m("deploy/task-definition.json", 12, "ecs/efs"),
            m("docker-compose.yml", 3, "postgres"),
            m("docker-compose.yml", 3, "postgres"),
            m("docker-compose.yml", 21, "compose/volume"),
            m("k8s/stack.yaml", 12, "postgres"),
            m("k8s/stack.yaml", 27, "elasticsearch/elasticsearch"),
            m("k8s/stack.yaml", 30, "volumeclaimtemplate"),
            m("service/Dockerfile", 8, "mongo"),
        ]
    );
    assert!(found.iter().all(|f| f.0 == "no-persistence"), "{found:#?}");
    // The cache's waiver sits above its service.
    assert_eq!(summary["waived"], 1, "{summary}");
    let messages: Vec<&str> = found.iter().map(|f| f.4.as_str()).collect();
    assert!(messages.iter().any(|m| {
        m.starts_with("image \"postgres\" in service \"db-replica\" contradicts ADR-0012")
            && m.ends_with("(from service \"db\", which it extends)")
    }));
    assert!(messages.iter().any(|m| m.starts_with(
        "image \"postgres\" in Deployment \"api\" container \"sessions\" contradicts"
    )));
    let run = adrift(&dir, &["check", "--color", "never"]);
    snapshot(&dir.join("expected.txt"), &run.stdout);
}

#[test]
fn a_rule_names_images_in_any_spelling_and_matches_their_normal_form() {
    let rule = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[images]\nrepositories = [\"docker.io/library/postgres:16\", \"docker.io/bitnami/*\"]\nvolumes = [\"PersistentVolumeClaim\"]\n";
    let dir = project(
        "images-patterns",
        rule,
        &[
            (
                "compose.yaml",
                "services:\n  a: {image: \"postgres@sha256:0123\"}\n  b: {image: mirror.gcr.io/library/postgres}\n  c: {image: ghcr.io/bitnami/redis:7}\n  d: {image: redis}\n",
            ),
            (
                "pvc.yml",
                "kind: PersistentVolumeClaim\napiVersion: v1\nmetadata: {name: uploads}\n",
            ),
        ],
    );
    let (_, found, _) = check(&dir);
    assert_eq!(
        matched(&found, "no-db"),
        [
            m("compose.yaml", 2, "postgres"),
            m("compose.yaml", 3, "postgres"),
            m("compose.yaml", 4, "bitnami/*"),
            m("pvc.yml", 1, "persistentvolumeclaim"),
        ]
    );
}

#[test]
fn what_adrift_cannot_resolve_is_a_parse_error_at_the_image() {
    // Compose substitutes an unset variable with nothing and the pull
    // fails; docker build fails on `FROM ${BASE}` without --build-arg. adrift
    // sees neither environment: the gate fails closed. A service that builds
    // its image is exempt (its Dockerfile is read).
    let dir = project(
        "images-unresolved",
        RULE,
        &[
            (
                "docker-compose.yml",
                "services:\n  api:\n    build: .\n    image: ${API_IMAGE}\n  db:\n    image: ${DB_IMAGE}:16\n  web:\n    image: nginx:${TAG}\n",
            ),
            ("Dockerfile", "ARG BASE\nFROM ${BASE}\n"),
        ],
    );
    let (code, found, _) = check(&dir);
    assert_eq!(code, 1);
    let problems: Vec<(String, String, u64, u64)> = found
        .iter()
        .map(|f| (f.0.clone(), f.1.clone(), f.2, f.3))
        .collect();
    assert_eq!(
        problems,
        [
            ("parse-error".to_string(), "Dockerfile".to_string(), 2, 6),
            (
                "parse-error".to_string(),
                "docker-compose.yml".to_string(),
                6,
                12
            ),
        ]
    );
    assert!(
        found[1].4.contains("`${DB_IMAGE}:16` in service \"db\""),
        "{}",
        found[1].4
    );
}

#[test]
fn broken_yaml_is_a_parse_error_only_in_files_that_could_be_ours() {
    let dir = project(
        "images-broken",
        RULE,
        &[
            // A Compose file by its name; what was read before the error is
            // still checked.
            (
                "docker-compose.yml",
                "services:\n  db:\n    image: postgres\n  web:\n    ports: [80\n",
            ),
            // A manifest by its words.
            (
                "k8s/deploy.yaml",
                "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: redis\n    args: [\"x\"\n",
            ),
            // A workflow with a syntax error is GitHub's to reject, not ours.
            (
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  t:\n    services:\n      db:\n        image: postgres\n    steps: [\n",
            ),
        ],
    );
    let (_, found, _) = check(&dir);
    let summary: Vec<(String, String, u64)> = found
        .iter()
        .map(|f| {
            (
                f.0.clone(),
                f.1.clone(),
                if f.0 == "no-db" { f.2 } else { 0 },
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("no-db".to_string(), "docker-compose.yml".to_string(), 3),
            (
                "parse-error".to_string(),
                "docker-compose.yml".to_string(),
                0
            ),
            ("no-db".to_string(), "k8s/deploy.yaml".to_string(), 5),
            ("parse-error".to_string(), "k8s/deploy.yaml".to_string(), 0),
        ]
    );
    assert!(found[1].4.starts_with("not valid YAML: "), "{}", found[1].4);
}

#[test]
fn yaml_escapes_do_not_walk_past_the_prefilter() {
    // `"\x61piVersion"` is `apiVersion` and `"\x70ostgres"` is `postgres`
    // to every YAML reader, kubectl's included.
    let dir = project(
        "images-escapes",
        RULE,
        &[(
            "deploy.yaml",
            "\"\\x61piVersion\": v1\n\"\\u006bind\": Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: db\n    image: \"\\x70ostgres:16\"\n",
        )],
    );
    let (_, found, _) = check(&dir);
    assert_eq!(matched(&found, "no-db"), [m("deploy.yaml", 7, "postgres")]);
}

#[test]
fn waivers_in_dockerfiles_and_manifests_and_their_identity_in_a_baseline() {
    let dir = project(
        "images-waivers",
        RULE,
        &[
            (
                "Dockerfile",
                "# adrift:allow=no-db: the migration image only copies a client binary\nFROM postgres:16 AS client\nFROM python:3.12\n",
            ),
            (
                "k8s.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  # adrift:allow=no-db: a test fixture, removed in OPS-7\n  - name: cache\n    image: redis\n  - name: db\n    image: mysql\n",
            ),
        ],
    );
    let (_, found, summary) = check(&dir);
    assert_eq!(matched(&found, "no-db"), [m("k8s.yaml", 10, "mysql")]);
    assert_eq!(summary["waived"], 2, "{summary}");
    // The baseline keys a finding by what it is, not by its line.
    let run = adrift(&dir, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(
        baseline.contains("image \\\"mysql\\\" in Pod \\\"p\\\" container \\\"db\\\""),
        "{baseline}"
    );
    write(
        &dir,
        "k8s.yaml",
        "# moved down a line\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  # adrift:allow=no-db: a test fixture, removed in OPS-7\n  - name: cache\n    image: redis\n  - name: db\n    image: mysql\n",
    );
    let run = adrift(&dir, &["check", "--baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn images_no_rule_wants_cost_nothing_but_their_waivers() {
    let rule = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\n[python]\npackages = [\"sqlalchemy\"]\n";
    let dir = project(
        "images-unwanted",
        rule,
        &[(
            "docker-compose.yml",
            "services:\n  db:\n    # adrift:allow=no-db: nothing to waive\n    image: postgres\n  x: [\n",
        )],
    );
    let (_, found, _) = check(&dir);
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(codes, ["waiver-unused"]);
}

#[test]
fn many_aliases_stay_linear() {
    // Every service merges one anchor: following each alias must not walk
    // the whole file (it did: quadratic in the number of aliases).
    let mut text = String::from("x-base: &base\n  image: postgres:16\nservices:\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "  s{i}:\n    <<: *base\n    environment: {{A: \"{i}\", B: [1, 2, 3]}}\n"
        ));
    }
    let dir = project("images-aliases", RULE, &[("docker-compose.yml", &text)]);
    let run = crate::support::adrift_guarded(&dir, &["check", "--format", "compact"], 30)
        .expect("adrift finished within 30 s");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("image \"postgres\" in service").count(),
        10_000
    );
}

/// Kustomize deploys what its `images` overrides name (`newName`, or the
/// retagged `name` of a base adrift may not see) and inflates `helmCharts`:
/// `kustomize build` would put postgres, redis and Bitnami's MongoDB chart
/// in the cluster, so the gate sees them, with waivers in its comments.
#[test]
fn kustomizations_deploy_their_image_overrides_and_charts() {
    let dir = project(
        "kustomize",
        RULE,
        &[
            (
                "deploy/overlays/prod/kustomization.yaml",
                "resources:\n  - github.com/acme/base//deploy?ref=v1\nimages:\n  - name: registry.example.com/api\n    newTag: \"1.4\"\n  - name: registry.example.com/db\n    newName: docker.io/library/postgres\n    newTag: \"16\"\n  - name: redis\n    newTag: 7-alpine\n  # adrift:allow=no-db: the cache is rebuilt on start (ADR-0012 amendment pending)\n  - name: memcached\n    newTag: \"1.6\"\nhelmCharts:\n  - name: mongodb\n    repo: https://charts.bitnami.com/bitnami\n    version: 15.1.0\n",
            ),
            (
                "deploy/overlays/dev/Kustomization",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n  - name: app\n    newName: ${APP_IMAGE}\n",
            ),
        ],
    );
    let (code, found, summary) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        matched(&found, "no-db"),
        [
            m("deploy/overlays/prod/kustomization.yaml", 7, "postgres"),
            m("deploy/overlays/prod/kustomization.yaml", 9, "redis"),
            m(
                "deploy/overlays/prod/kustomization.yaml",
                15,
                "bitnami/mongodb"
            ),
        ]
    );
    assert_eq!(summary["waived"], 1, "memcached is waived");
    let unknown: Vec<&Found> = found.iter().filter(|f| f.0 == "parse-error").collect();
    assert_eq!(unknown.len(), 1, "{found:?}");
    assert_eq!(
        (unknown[0].1.as_str(), unknown[0].2),
        ("deploy/overlays/dev/Kustomization", 5)
    );
}

/// Compose substitutes the variables of the `.env` file beside it: an image
/// written `${DB_IMAGE}` is the one `.env` names, and a variable `.env` does
/// not settle is still a parse error at the image (the gate fails closed).
#[test]
fn compose_reads_the_variables_of_its_env_file() {
    let dir = project(
        "compose-env",
        RULE,
        &[
            (
                "app/compose.yaml",
                "services:\n  api:\n    image: registry.example.com/api:${TAG:-1}\n  db:\n    image: ${DB_IMAGE}\n  cache:\n    image: \"${CACHE_REPO}:${CACHE_TAG}\"\n  queue:\n    image: ${QUEUE_IMAGE}\n",
            ),
            (
                "app/.env",
                "# local stack\nexport DB_IMAGE=postgres:16 # the sessions store\nCACHE_REPO='public.ecr.aws/docker/library/redis'\nCACHE_TAG=\"7\"\nQUEUE_IMAGE=${REGISTRY}/queue\n",
            ),
        ],
    );
    let (code, found, _) = check(&dir);
    assert_eq!(code, 1);
    assert_eq!(
        matched(&found, "no-db"),
        [
            m("app/compose.yaml", 5, "postgres"),
            m("app/compose.yaml", 7, "redis"),
        ]
    );
    let db = found.iter().find(|f| f.2 == 5).expect("db");
    assert!(
        db.4.contains("`${DB_IMAGE}` is `postgres:16` with the values of `.env`"),
        "{db:?}"
    );
    let unknown: Vec<(&str, u64)> = found
        .iter()
        .filter(|f| f.0 == "parse-error")
        .map(|f| (f.1.as_str(), f.2))
        .collect();
    assert_eq!(unknown, [("app/compose.yaml", 9)], "{found:?}");
}
