//! Property tests: generated files through every reader of the ecosystem,
//! and the prefilter's proof.

use super::*;
use crate::scan::yaml;

/// A small deterministic generator (xorshift).
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

/// Pieces YAML manifests, Compose files and look-alikes are made of,
/// escapes included (`"\x61piVersion"` is `apiVersion`).
const PIECES: &[&str] = &[
    "apiVersion: v1\n",
    "kind: Pod\n",
    "kind: PersistentVolumeClaim\n",
    "\"\\x61piVersion\": apps/v1\n",
    "\"\\u006bind\": Deployment\n",
    "\"ki\\nd\": x\n",
    "'apiVersion': v1\n",
    "metadata: {name: db}\n",
    "spec:\n",
    "  containers:\n",
    "  - name: pg\n",
    "    image: postgres:16\n",
    "    image: \"\\x70ostgres\"\n",
    "  volumeClaimTemplates:\n  - metadata: {name: data}\n",
    "x: &a {apiVersion: v1, kind: Pod}\n",
    "<<: *a\n",
    "? apiVersion\n: v1\n",
    "---\n",
    "...\n",
    "services:\n  db:\n    image: redis\n",
    "# apiVersion kind\n",
    "é: ü\n",
    "[unclosed\n",
    "  - {image: mysql}\n",
    "\t",
    "\"\n",
    "'\n",
    "\\\n",
    "{{ .Values.image }}\n",
    "FROM postgres AS x\n",
    "ARG A=${B:-c}\n",
    "{\"containerDefinitions\": [{\"image\": \"redis\"}]}\n",
];

fn generate(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(12) {
        let piece = PIECES[rng.below(PIECES.len())];
        if rng.below(5) == 0 {
            // A cut piece: at a character boundary.
            let cut = rng.below(piece.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&c| piece.is_char_boundary(c))
                .unwrap_or(0);
            text.push_str(&piece[..cut]);
        } else {
            text.push_str(piece);
        }
    }
    text
}

#[test]
fn the_prefilter_never_rules_out_a_manifest() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut ruled_out = 0;
    let mut manifests = 0;
    for _ in 0..20_000 {
        let text = generate(&mut rng);
        let stream = yaml::parse(&text);
        let full = yaml_sources::kubernetes(&stream);
        if full.mine {
            manifests += 1;
        }
        if !yaml_sources::could_be_manifest(&text) {
            ruled_out += 1;
            assert!(
                !full.mine && full.found.is_empty() && full.problems.is_empty(),
                "the prefilter ruled out a manifest:\n{text}"
            );
            let parsed = parse(FileKind::Yaml, &text);
            assert!(!parsed.mine && parsed.found.is_empty() && parsed.yaml_error.is_none());
        }
    }
    // The generator exercises both sides.
    assert!(
        ruled_out > 1000 && manifests > 300,
        "{ruled_out} {manifests}"
    );
}

#[test]
fn an_escaped_key_is_still_a_manifest() {
    let text = "\"\\x61piVersion\": v1\n\"\\u006bind\": Pod\nspec:\n  containers:\n  - image: \"\\x70ostgres:16\"\n";
    assert!(yaml_sources::could_be_manifest(text));
    let parsed = parse(FileKind::Yaml, text);
    assert_eq!(parsed.found.len(), 1);
    assert_eq!(parsed.found[0].name, "postgres");
    assert_eq!(&text[parsed.found[0].span.clone()], "\"\\x70ostgres:16\"");
}

#[test]
fn every_reader_keeps_spans_on_character_boundaries() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let kinds = [
        FileKind::Dockerfile,
        FileKind::Compose,
        FileKind::TaskDefinition,
        FileKind::Chart,
        FileKind::Values,
        FileKind::Template,
        FileKind::Yaml,
    ];
    for _ in 0..5_000 {
        let text = generate(&mut rng);
        for kind in kinds {
            let parsed = parse(kind, &text);
            for span in parsed
                .found
                .iter()
                .map(|f| f.span.clone())
                .chain(parsed.problems.iter().map(|p| p.span.clone()))
            {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{kind:?} {span:?}\n{text}"
                );
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            for f in &parsed.found {
                assert!(f.block <= text.len() && text.is_char_boundary(f.block));
                if f.what == What::Image {
                    assert!(!f.name.is_empty(), "{kind:?}\n{text}");
                }
            }
        }
    }
}

#[test]
fn normal_forms_ignore_registry_tag_and_digest() {
    let mut rng = Rng(42);
    let segments = [
        "postgres", "bitnami", "acme", "library", "redis", "a.b", "x_y-z",
    ];
    for _ in 0..5_000 {
        let n = 1 + rng.below(3);
        let path: Vec<&str> = (0..n)
            .map(|_| segments[rng.below(segments.len())])
            .collect();
        let path = path.join("/");
        // A path whose first segment looks like a registry is not one.
        if path.split('/').next().is_some_and(|f| f.contains('.')) {
            continue;
        }
        let base = normalise_image(&path);
        for variant in [
            format!("{path}:16"),
            format!("{path}@sha256:abc"),
            format!("{path}:1.2@sha256:abc"),
            format!("ghcr.io/{path}"),
            format!("localhost:5000/{path}:x"),
            format!("docker.io/{path}"),
            path.to_uppercase(),
        ] {
            assert_eq!(normalise_image(&variant), base, "{variant}");
        }
    }
}

#[test]
fn chart_files_are_told_apart_by_their_place() {
    let paths: Vec<PathBuf> = [
        "chart/Chart.yaml",
        "chart/values.yaml",
        "chart/values-prod.yaml",
        "chart/templates/deployment.yaml",
        "chart/templates/sub/pvc.yml",
        "chart/crds/crd.yaml",
        "other/values.yaml",
        "other/templates/x.yaml",
        "docker-compose.yml",
        "deploy/Dockerfile",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let kinds: Vec<FileKind> = kinds(&paths).into_iter().map(|(_, k)| k).collect();
    use FileKind::*;
    assert_eq!(
        kinds,
        [
            Chart, Values, Values, Template, Template, Yaml, Yaml, Yaml, Compose, Dockerfile
        ]
    );
}

#[test]
fn file_names_claimed() {
    for (name, kind) in [
        ("docker-compose.yml", Some(FileKind::Compose)),
        ("docker-compose.override.yaml", Some(FileKind::Compose)),
        ("compose.yaml", Some(FileKind::Compose)),
        ("compose.prod.yml", Some(FileKind::Compose)),
        ("docker-stack.yml", Some(FileKind::Compose)),
        ("deployment.yaml", Some(FileKind::Yaml)),
        ("ci.yml", Some(FileKind::Yaml)),
        ("Dockerfile", Some(FileKind::Dockerfile)),
        ("svc/Dockerfile.dev", Some(FileKind::Dockerfile)),
        ("taskdef.json", Some(FileKind::TaskDefinition)),
        ("package.json", None),
        ("README.md", None),
    ] {
        assert_eq!(file_kind(name), kind, "{name}");
    }
}

#[test]
fn image_declarations_for_other_ecosystems() {
    let d = image_declaration(
        "public.ecr.aws/docker/library/postgres:16",
        "in task definition \"api\" container \"db\"",
        3..10,
    )
    .unwrap();
    assert_eq!(d.name, "postgres");
    assert_eq!(
        d.identity,
        "image \"postgres\" in task definition \"api\" container \"db\""
    );
    assert!(image_declaration("${var.image}", "x", 0..1).is_none());
}
