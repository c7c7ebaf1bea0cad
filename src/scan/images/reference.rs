//! Image references and the one normal form rules match them in.
//!
//! Docker's reference grammar (distribution/reference):
//! `[registry/]path[:tag][@digest]`, where the first `/`-separated
//! component is a registry exactly when it contains a `.` or a `:` or is
//! `localhost` (`ghcr.io/acme/pg`, `localhost:5000/pg`, `registry:5000/pg`);
//! otherwise the reference is on Docker Hub (`acme/pg`, `postgres`).
//!
//! The normal form is the repository path alone, lower case:
//!
//! - the registry is dropped (`ghcr.io/acme/pg` is `acme/pg`);
//! - the tag and the digest are dropped (`postgres:16@sha256:…` is
//!   `postgres`);
//! - Docker Hub's official images live under `library/`, which is dropped
//!   whatever the registry, since mirrors and pull-through caches keep Docker
//!   Hub's paths (`docker.io/library/postgres`, `mirror.gcr.io/library/redis`
//!   are `postgres`, `redis`), and so is `docker/library/` on
//!   `public.ecr.aws`, Amazon's mirror of the official images
//!   (`public.ecr.aws/docker/library/redis` is `redis`).
//!
//! Rule patterns are normalised the same way, so `docker.io/bitnami/postgresql:15`
//! in a rule is `bitnami/postgresql`.

/// A reference split into its parts (nothing decoded, nothing lowered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts<'a> {
    pub registry: Option<&'a str>,
    /// The repository path, as written (with `library/` if written).
    pub path: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// Whether the first component of a reference names a registry. A `{`
/// stands for an unresolved variable (`{REGISTRY}/api`), which can only be
/// a registry there.
fn is_registry(component: &str) -> bool {
    component.contains(['.', ':', '{']) || component == "localhost"
}

/// Splits a reference into registry, path, tag and digest.
pub fn split(reference: &str) -> Parts<'_> {
    let reference = reference.trim();
    let (name, digest) = match reference.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (reference, None),
    };
    let (registry, rest) = match name.split_once('/') {
        Some((first, rest)) if is_registry(first) => (Some(first), rest),
        _ => (None, name),
    };
    // A tag follows the last `:` after the last `/` (a registry's port was
    // split off with the registry).
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    Parts {
        registry,
        path,
        tag,
        digest,
    }
}

/// The normal form of an image reference (see the module's documentation):
/// `docker.io/library/postgres:16@sha256:…` is `postgres`.
pub fn normalise_image(reference: &str) -> String {
    let parts = split(reference);
    let path = parts.path.trim_matches('/').to_ascii_lowercase();
    let registry = parts.registry.map(str::to_ascii_lowercase);
    let path = if registry.as_deref() == Some("public.ecr.aws") {
        path.strip_prefix("docker/library/")
            .map(str::to_string)
            .unwrap_or(path)
    } else {
        path
    };
    path.strip_prefix("library/")
        .filter(|rest| !rest.is_empty())
        .map(str::to_string)
        .unwrap_or(path)
}

/// How a value's `${VAR}`s are resolved: Compose's interpolation and the
/// Dockerfile's `ARG` substitution share it.
pub enum Lookup<'a> {
    /// Compose without a `.env` file: every variable is unset (adrift does
    /// not know the environment), so only defaults resolve.
    Unset,
    /// Dockerfile: the global `ARG`s with their defaults (`None`: declared
    /// without one); Compose: the variables of its `.env` file.
    Args(&'a [(String, Option<String>)]),
}

impl Lookup<'_> {
    fn get(&self, name: &str) -> Option<String> {
        match self {
            Lookup::Unset => None,
            Lookup::Args(args) => args
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.clone()),
        }
    }
}

/// The variables of a Compose `.env` file, as Compose reads them: `KEY=VALUE`
/// lines (an `export ` prefix allowed), blank lines and `#` comments
/// skipped; a single-quoted value is literal, a double-quoted one has its
/// `\"`, `\\` and `\n` escapes decoded, an unquoted one is trimmed and ends
/// at ` #`. A value that refers to another variable (`$`) is left unknown
/// (`None`): adrift does not guess it.
pub fn dotenv(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let value = value.trim_start();
        let value = if let Some(rest) = value.strip_prefix('\'') {
            rest.split_once('\'').map(|(v, _)| v.to_string())
        } else if let Some(rest) = value.strip_prefix('"') {
            let mut v = String::new();
            let mut chars = rest.chars();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some('n') => v.push('\n'),
                        Some(other) => v.push(other),
                        None => break,
                    },
                    _ => v.push(c),
                }
            }
            closed.then_some(v).filter(|v| !v.contains('$'))
        } else {
            let v = value.split(" #").next().unwrap_or(value).trim_end();
            (!v.contains('$')).then(|| v.to_string())
        };
        out.push((key.to_string(), value));
    }
    out
}

/// The deepest `${a:-${b:-…}}` nesting resolved; deeper is unresolved.
const MAX_NESTING: usize = 16;

/// Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?err}`, `${VAR?err}` and `$$` (a
/// literal `$`). A variable without a value is written `{VAR}` in the
/// result, and its name is returned in the second field. `dollar_escape`
/// says whether `$$` is a literal `$` (Compose) or `\$` is (Dockerfiles).
pub fn interpolate(text: &str, lookup: &Lookup<'_>, compose: bool) -> (String, Vec<String>) {
    let mut unresolved = Vec::new();
    let out = interpolate_at(text, lookup, compose, 0, &mut unresolved);
    (out, unresolved)
}

fn interpolate_at(
    text: &str,
    lookup: &Lookup<'_>,
    compose: bool,
    depth: usize,
    unresolved: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = bytes[i];
        if !compose && c == b'\\' && bytes.get(i + 1) == Some(&b'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if c != b'$' {
            let ch = text[i..].chars().next().unwrap_or('\0');
            out.push(ch);
            i += ch.len_utf8().max(1);
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'$') if compose => {
                out.push('$');
                i += 2;
            }
            Some(b'{') => {
                // The matching brace, counting nested `${`.
                let mut level = 0usize;
                let mut end = None;
                let mut j = i + 1;
                while j < bytes.len() {
                    match bytes[j] {
                        b'{' => level += 1,
                        b'}' => {
                            level -= 1;
                            if level == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = end else {
                    // No closing brace: compose and docker reject it.
                    unresolved.push(text[i..].to_string());
                    out.push_str("{}");
                    return out;
                };
                let inner = &text[i + 2..end];
                let name_end = inner
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(inner.len());
                let (name, op) = inner.split_at(name_end);
                let value = lookup.get(name);
                let set = value.is_some();
                let non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
                let mut word = |w: &str| {
                    if depth >= MAX_NESTING {
                        unresolved.push(name.to_string());
                        return format!("{{{name}}}");
                    }
                    interpolate_at(w, lookup, compose, depth + 1, unresolved)
                };
                let resolved = if let Some(w) = op.strip_prefix(":-") {
                    Some(if non_empty {
                        value.unwrap_or_default()
                    } else {
                        word(w)
                    })
                } else if let Some(w) = op.strip_prefix('-') {
                    Some(if set {
                        value.unwrap_or_default()
                    } else {
                        word(w)
                    })
                } else if let Some(w) = op.strip_prefix(":+") {
                    Some(if non_empty { word(w) } else { String::new() })
                } else if let Some(w) = op.strip_prefix('+') {
                    Some(if set { word(w) } else { String::new() })
                } else if op.starts_with(":?") || op.starts_with('?') || op.is_empty() {
                    value
                } else {
                    // `${VAR#pattern}` and other forms adrift does not
                    // evaluate.
                    None
                };
                match resolved {
                    Some(v) => out.push_str(&v),
                    None => {
                        unresolved.push(name.to_string());
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                i = end + 1;
            }
            Some(&n) if n.is_ascii_alphabetic() || n == b'_' => {
                let rest = &text[i + 1..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let name = &rest[..len];
                match lookup.get(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        unresolved.push(name.to_string());
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                i += 1 + len;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    out
}

/// The repository of a reference that may hold unresolved variables
/// (written `{VAR}` by [`interpolate`]): `None` when a variable stands in
/// the repository itself (in the tag, the digest or the registry it
/// changes nothing).
pub fn known_repository(resolved: &str) -> Option<String> {
    let name = normalise_image(resolved);
    (!name.is_empty() && !name.contains(['{', '}', '$', '<', '>'])).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_reads_what_compose_reads_and_leaves_references_unknown() {
        let env = dotenv(
            "# c\n\nA=postgres:16 # note\nexport B = 'x # y'\nC=\"r\\\"e\\ndis\"\nD=${A}\nE=\"unclosed\nbad line\n=v\n",
        );
        assert_eq!(
            env,
            [
                ("A".to_string(), Some("postgres:16".to_string())),
                ("B".to_string(), Some("x # y".to_string())),
                ("C".to_string(), Some("r\"e\ndis".to_string())),
                ("D".to_string(), None),
                ("E".to_string(), None),
            ]
        );
    }

    #[test]
    fn the_registry_is_the_first_component_with_a_dot_a_colon_or_localhost() {
        for (reference, registry, path, tag, digest) in [
            ("postgres", None, "postgres", None, None),
            ("postgres:16", None, "postgres", Some("16"), None),
            (
                "bitnami/postgresql:15",
                None,
                "bitnami/postgresql",
                Some("15"),
                None,
            ),
            ("ghcr.io/acme/pg", Some("ghcr.io"), "acme/pg", None, None),
            ("localhost/pg:1", Some("localhost"), "pg", Some("1"), None),
            (
                "localhost:5000/a/b:2",
                Some("localhost:5000"),
                "a/b",
                Some("2"),
                None,
            ),
            ("registry:5000/pg", Some("registry:5000"), "pg", None, None),
            (
                "acme/pg:1.2@sha256:ab",
                None,
                "acme/pg",
                Some("1.2"),
                Some("sha256:ab"),
            ),
            ("pg@sha256:ab", None, "pg", None, Some("sha256:ab")),
            // `Localhost` is not `localhost`: a Docker Hub namespace.
            ("Localhost/pg", None, "Localhost/pg", None, None),
        ] {
            assert_eq!(
                split(reference),
                Parts {
                    registry,
                    path,
                    tag,
                    digest
                },
                "{reference}"
            );
        }
    }

    #[test]
    fn references_normalise_to_the_repository() {
        for (reference, normal) in [
            ("postgres", "postgres"),
            ("postgres:16", "postgres"),
            ("docker.io/library/postgres:16@sha256:0123abcd", "postgres"),
            ("index.docker.io/library/redis", "redis"),
            ("registry-1.docker.io/bitnami/redis:7.2", "bitnami/redis"),
            ("library/mysql:8", "mysql"),
            ("bitnami/postgresql:15", "bitnami/postgresql"),
            ("docker.io/bitnami/postgresql", "bitnami/postgresql"),
            ("public.ecr.aws/docker/library/redis:7", "redis"),
            ("public.ecr.aws/bitnami/postgresql", "bitnami/postgresql"),
            ("mirror.gcr.io/library/mongo", "mongo"),
            ("ghcr.io/acme/pg", "acme/pg"),
            ("quay.io/minio/minio:latest", "minio/minio"),
            (
                "docker.elastic.co/elasticsearch/elasticsearch:8.14.0",
                "elasticsearch/elasticsearch",
            ),
            ("mcr.microsoft.com/mssql/server:2022-latest", "mssql/server"),
            ("localhost:5000/postgres", "postgres"),
            (
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:abc",
                "api",
            ),
            ("  Postgres:16  ", "postgres"),
            ("library", "library"),
            ("", ""),
            // Patterns keep their globs.
            ("bitnami/*", "bitnami/*"),
            ("**/postgres*", "**/postgres*"),
        ] {
            assert_eq!(normalise_image(reference), normal, "{reference}");
        }
    }

    #[test]
    fn compose_interpolation_uses_defaults() {
        let run = |t: &str| interpolate(t, &Lookup::Unset, true);
        assert_eq!(run("postgres:${TAG:-16}"), ("postgres:16".into(), vec![]));
        assert_eq!(run("${DB_IMAGE:-postgres}:16").0, "postgres:16");
        assert_eq!(run("${DB_IMAGE-redis}").0, "redis");
        assert_eq!(run("${A:-${B:-mysql}}").0, "mysql");
        assert_eq!(run("${X:+ignored}redis").0, "redis");
        assert_eq!(run("a$$b").0, "a$b");
        let (out, unresolved) = run("acme/api:${TAG}");
        assert_eq!(out, "acme/api:{TAG}");
        assert_eq!(unresolved, ["TAG"]);
        assert_eq!(known_repository(&out).as_deref(), Some("acme/api"));
        assert_eq!(
            known_repository(&run("${REGISTRY}/acme/api").0).as_deref(),
            Some("acme/api")
        );
        assert_eq!(known_repository(&run("${IMAGE}").0), None);
        assert_eq!(known_repository(&run("$IMAGE:1").0), None);
        assert_eq!(known_repository(&run("${IMAGE:?set it}").0), None);
        assert_eq!(known_repository(&run("${IMAGE").0), None);
        assert_eq!(known_repository(&run("<IMAGE1_NAME>").0), None);
        let deep = "${A:-".repeat(100) + "x" + &"}".repeat(100);
        assert_eq!(known_repository(&run(&deep).0), None);
    }

    #[test]
    fn dockerfile_args() {
        let args = vec![
            ("BASE".to_string(), Some("postgres".to_string())),
            ("TAG".to_string(), None),
        ];
        let run = |t: &str| interpolate(t, &Lookup::Args(&args), false);
        assert_eq!(run("${BASE}:${TAG:-16}").0, "postgres:16");
        assert_eq!(run("$BASE").0, "postgres");
        assert_eq!(run("\\$BASE").0, "$BASE");
        assert_eq!(known_repository(&run("${NOPE}").0), None);
    }
}
