//! The YAML sources of images: Compose files, Kubernetes manifests, Helm
//! charts (`Chart.yaml`, `values*.yaml`, and `templates/`, which are Go
//! templates read line by line). Text (or a parsed stream) in, [`Parsed`]
//! out; no I/O.

use std::collections::HashMap;
use std::ops::Range;

use super::reference::{Lookup, interpolate, known_repository};
use super::{Found, Parsed, Problem, What};
use crate::scan::yaml::{Kind, Node, Stream};

/// How many aliases (and `<<` merges, `extends`) are followed from one
/// place before giving up (a chain longer than this is no real file's).
const MAX_FOLLOW: usize = 16;

/// A stream with its anchors indexed once, so that following an alias
/// costs a lookup, not a walk of the stream (a file of many aliases stays
/// linear).
pub struct Doc<'a> {
    pub stream: &'a Stream,
    /// Each anchor id's nodes, by where they start.
    anchors: HashMap<usize, Vec<(usize, &'a Node)>>,
}

impl<'a> Doc<'a> {
    pub fn new(stream: &'a Stream) -> Doc<'a> {
        let mut anchors: HashMap<usize, Vec<(usize, &'a Node)>> = HashMap::new();
        let mut stack: Vec<&'a Node> = stream.documents.iter().rev().collect();
        while let Some(node) = stack.pop() {
            if node.anchor != 0 {
                anchors
                    .entry(node.anchor)
                    .or_default()
                    .push((node.span.start, node));
            }
            match &node.kind {
                Kind::Map(entries) => {
                    for (k, v) in entries.iter().rev() {
                        stack.push(v);
                        stack.push(k);
                    }
                }
                Kind::Seq(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
        for nodes in anchors.values_mut() {
            nodes.sort_by_key(|(start, _)| *start);
        }
        Doc { stream, anchors }
    }

    /// What [`Stream::anchored`] finds: the last node with anchor `id`
    /// that starts before `before`.
    fn anchored(&self, id: usize, before: usize) -> Option<&'a Node> {
        let nodes = self.anchors.get(&id)?;
        let i = nodes.partition_point(|(start, _)| *start < before);
        i.checked_sub(1).map(|i| nodes[i].1)
    }
}

/// The node an alias names (through at most [`MAX_FOLLOW`] aliases).
pub fn deref<'a>(stream: &Doc<'a>, node: &'a Node) -> &'a Node {
    let mut node = node;
    for _ in 0..MAX_FOLLOW {
        match node.kind {
            Kind::Alias(id) => match stream.anchored(id, node.span.start) {
                Some(target) => node = target,
                None => return node,
            },
            _ => return node,
        }
    }
    node
}

/// The value of `key` in a mapping, following YAML merge keys (`<<: *x`,
/// `<<: [*x, *y]`): the mapping's own entries first, then the merged ones
/// in order.
pub fn lookup<'a>(stream: &Doc<'a>, map: &'a Node, key: &str) -> Option<&'a Node> {
    let mut pending: std::collections::VecDeque<(&Node, usize)> = [(deref(stream, map), 0)].into();
    // Each mapping is looked in once: `<<: [*a, *a]` chains cannot blow up.
    let mut seen: std::collections::HashSet<*const Node> = Default::default();
    while let Some((map, depth)) = pending.pop_front() {
        if !seen.insert(map as *const Node) {
            continue;
        }
        let Some(entries) = map.entries() else {
            continue;
        };
        if let Some((_, v)) = entries
            .iter()
            .find(|(k, _)| deref(stream, k).as_str() == Some(key) && k.as_str() != Some("<<"))
        {
            return Some(v);
        }
        if depth >= MAX_FOLLOW {
            continue;
        }
        for (k, v) in entries {
            if k.as_str() != Some("<<") || !matches!(k.kind, Kind::Scalar { plain: true, .. }) {
                continue;
            }
            let v = deref(stream, v);
            match &v.kind {
                Kind::Map(_) => pending.push_back((v, depth + 1)),
                Kind::Seq(items) => {
                    pending.extend(items.iter().map(|i| (deref(stream, i), depth + 1)))
                }
                _ => {}
            }
        }
    }
    None
}

/// A string scalar (not null), after aliases.
fn string<'a>(stream: &Doc<'a>, node: &'a Node) -> Option<(&'a str, &'a Node)> {
    let node = deref(stream, node);
    if node.is_null() {
        return None;
    }
    node.as_str().map(|s| (s, node))
}

fn image_found(name: String, context: &str, span: Range<usize>, block: usize) -> Found {
    let subject = format!("image \"{name}\" {context}");
    Found {
        what: What::Image,
        name,
        identity: subject.clone(),
        subject,
        span,
        block,
        note: None,
    }
}

fn unknown_image(written: &str, context: &str, span: Range<usize>, help: &str) -> Problem {
    Problem {
        span,
        message: format!(
            "adrift cannot tell which image `{written}` {context} is: its repository is not written literally"
        ),
        help: help.to_string(),
    }
}

// ---------------------------------------------------------------- Compose

/// Whether a file name (without its directory) is a Compose file's
/// (`docker-compose*.yml`, `compose*.yaml`, and `docker stack deploy`'s
/// `docker-stack*.yml`, which is the same format).
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.starts_with("docker-compose")
        || lower.starts_with("compose")
        || lower.starts_with("docker-stack"))
        && (lower.ends_with(".yml") || lower.ends_with(".yaml"))
}

/// A Compose file: every service's `image` (through `<<` merge keys and
/// `extends` within the file; `${VAR:-default}` takes its default), and
/// every named volume.
pub fn compose(parsed: &Stream) -> Parsed {
    compose_with_env(parsed, &[])
}

/// [`compose`] with the variables of the project's `.env` file
/// ([`super::reference::dotenv`]), which Compose substitutes too.
pub fn compose_with_env(parsed: &Stream, env: &[(String, Option<String>)]) -> Parsed {
    let doc = Doc::new(parsed);
    let stream = &doc;
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    for doc in &parsed.documents {
        let Some(services) = lookup(stream, doc, "services") else {
            continue;
        };
        let services = deref(stream, services);
        for (key, service) in services.entries().unwrap_or_default() {
            let Some(name) = key.as_str() else { continue };
            if name == "<<" {
                continue;
            }
            compose_service(stream, services, name, key, service, env, &mut out);
        }
        if let Some(volumes) = lookup(stream, doc, "volumes") {
            for (key, _) in deref(stream, volumes).entries().unwrap_or_default() {
                let Some(name) = key.as_str() else { continue };
                if name == "<<" {
                    continue;
                }
                let subject = format!("named volume \"{name}\"");
                out.found.push(Found {
                    what: What::Volume,
                    name: "compose/volume".to_string(),
                    identity: subject.clone(),
                    subject,
                    span: key.span.clone(),
                    block: key.span.start,
                    note: None,
                });
            }
        }
    }
    out
}

fn compose_service(
    stream: &Doc<'_>,
    services: &Node,
    name: &str,
    key: &Node,
    service: &Node,
    env: &[(String, Option<String>)],
    out: &mut Parsed,
) {
    let context = format!("in service \"{name}\"");
    let mut at = service;
    let mut seen = vec![name.to_string()];
    let mut via = None;
    let mut builds = false;
    for _ in 0..MAX_FOLLOW {
        builds |= lookup(stream, at, "build").is_some_and(|b| !deref(stream, b).is_null());
        if let Some(image) = lookup(stream, at, "image") {
            let Some((written, node)) = string(stream, image) else {
                return;
            };
            let (resolved, _) = interpolate(written, &Lookup::Args(env), true);
            let from_env =
                !env.is_empty() && interpolate(written, &Lookup::Unset, true).0 != resolved;
            match known_repository(&resolved) {
                Some(repository) => {
                    let mut found =
                        image_found(repository, &context, node.span.clone(), key.span.start);
                    let mut notes = Vec::new();
                    if let Some(base) = &via {
                        notes.push(format!("from service \"{base}\", which it extends"));
                    }
                    if from_env {
                        notes.push(format!("`{written}` is `{resolved}` with the values of `.env`"));
                    }
                    found.note = (!notes.is_empty()).then(|| notes.join("; "));
                    out.found.push(found);
                }
                None if builds => {}
                None => out.problems.push(unknown_image(
                    written,
                    &context,
                    node.span.clone(),
                    "write the repository in the file, give the variable a default (`${IMAGE:-postgres:16}`), or set it in the `.env` file beside it: Compose reads it from an environment adrift does not see",
                )),
            }
            return;
        }
        let Some(extends) = lookup(stream, at, "extends") else {
            return;
        };
        let extends = deref(stream, extends);
        let (base, file) = match extends.as_str() {
            Some(base) => (base.to_string(), None),
            None => (
                lookup(stream, extends, "service")
                    .and_then(|s| string(stream, s))
                    .map(|(s, _)| s.to_string())
                    .unwrap_or_default(),
                lookup(stream, extends, "file").and_then(|f| string(stream, f)),
            ),
        };
        if let Some((file, node)) = file {
            let file_name = file.rsplit(['/', '\\']).next().unwrap_or(file);
            if !is_compose_name(file_name) {
                out.problems.push(Problem {
                    span: node.span.clone(),
                    message: format!(
                        "service \"{name}\" extends service \"{base}\" in `{file}`, which adrift does not read as a Compose file: its image is not checked"
                    ),
                    help: "name the file like a Compose file (`compose.base.yml`) so adrift reads it, or write the image in this service".to_string(),
                });
            }
            // A Compose-named file is read on its own: the image is
            // reported there.
            return;
        }
        if seen.contains(&base) {
            return;
        }
        let Some(next) = lookup(stream, services, &base) else {
            return;
        };
        seen.push(base.clone());
        via = Some(base);
        at = next;
    }
}

// ------------------------------------------------------------- Kubernetes

/// Whether a file's text could hold a Kubernetes manifest: a manifest needs
/// the keys `apiVersion` and `kind`, which YAML can only spell without
/// those letters through an escape in a double-quoted scalar (`\x61`), so
/// a file without both words and without a backslash holds none.
pub fn could_be_manifest(text: &str) -> bool {
    let escapes = text.contains('\\');
    escapes || (text.contains("apiVersion") && text.contains("kind"))
}

/// A document's `kind`, when it is a manifest (`apiVersion` and `kind` are
/// strings).
fn manifest_kind<'a>(stream: &Doc<'a>, doc: &'a Node) -> Option<&'a str> {
    lookup(stream, doc, "apiVersion").and_then(|v| string(stream, v))?;
    let (kind, _) = lookup(stream, doc, "kind").and_then(|v| string(stream, v))?;
    (!kind.is_empty()).then_some(kind)
}

/// Every manifest in a stream: documents with `apiVersion` and `kind`, and
/// the items of a `kind: …List`.
pub fn kubernetes(parsed: &Stream) -> Parsed {
    let doc = Doc::new(parsed);
    let stream = &doc;
    let mut out = Parsed::default();
    let mut manifests: Vec<&Node> = Vec::new();
    for doc in &parsed.documents {
        let Some(kind) = manifest_kind(stream, doc) else {
            continue;
        };
        out.mine = true;
        // A `…List` stands for its items (read each once, as a manifest).
        let Some(items) = lookup(stream, doc, "items").filter(|_| kind.ends_with("List")) else {
            manifests.push(doc);
            continue;
        };
        {
            for item in deref(stream, items).items().unwrap_or_default() {
                let item = deref(stream, item);
                if manifest_kind(stream, item).is_some() {
                    manifests.push(item);
                }
            }
        }
    }
    for manifest in manifests {
        read_manifest(stream, manifest, &mut out);
    }
    out.found.sort_by_key(|f| f.span.start);
    out.problems.sort_by_key(|p| p.span.start);
    out
}

fn read_manifest(stream: &Doc<'_>, manifest: &Node, out: &mut Parsed) {
    let kind = manifest_kind(stream, manifest).unwrap_or_default();
    let name = lookup(stream, manifest, "metadata")
        .and_then(|m| {
            lookup(stream, m, "name")
                .or_else(|| lookup(stream, m, "generateName"))
                .and_then(|n| string(stream, n))
        })
        .map_or("", |(n, _)| n);
    let owner = format!("{kind} \"{name}\"");
    let volume_kind = match kind {
        "PersistentVolumeClaim" => Some("persistentvolumeclaim"),
        "PersistentVolume" => Some("persistentvolume"),
        _ => None,
    };
    if let Some(volume) = volume_kind
        && let Some((_, node)) = lookup(stream, manifest, "kind").and_then(|k| string(stream, k))
    {
        out.found.push(Found {
            what: What::Volume,
            name: volume.to_string(),
            identity: owner.clone(),
            subject: owner.clone(),
            span: node.span.clone(),
            block: manifest.span.start,
            note: None,
        });
    }
    // Every `containers`, `initContainers` and `ephemeralContainers` list
    // and every `volumeClaimTemplates` anywhere in the manifest: each kind
    // with a pod template (and custom resources that embed one) nests it
    // differently.
    let mut stack: Vec<&Node> = vec![manifest];
    while let Some(node) = stack.pop() {
        match &node.kind {
            Kind::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    let key = k.as_str().unwrap_or_default();
                    match key {
                        "containers" | "initContainers" | "ephemeralContainers" => {
                            for item in deref(stream, v).items().unwrap_or_default() {
                                container(stream, deref(stream, item), &owner, out);
                            }
                        }
                        "volumeClaimTemplates" => {
                            for item in deref(stream, v).items().unwrap_or_default() {
                                let item = deref(stream, item);
                                let claim = lookup(stream, item, "metadata")
                                    .and_then(|m| lookup(stream, m, "name"))
                                    .and_then(|n| string(stream, n));
                                let (claim_name, span) = match claim {
                                    Some((n, node)) => (n, node.span.clone()),
                                    None => ("", item.span.clone()),
                                };
                                let subject =
                                    format!("volume claim template \"{claim_name}\" in {owner}");
                                out.found.push(Found {
                                    what: What::Volume,
                                    name: "volumeclaimtemplate".to_string(),
                                    identity: subject.clone(),
                                    subject,
                                    span,
                                    block: item.span.start,
                                    note: None,
                                });
                            }
                        }
                        _ => {}
                    }
                    stack.push(v);
                }
            }
            Kind::Seq(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
}

fn container(stream: &Doc<'_>, item: &Node, owner: &str, out: &mut Parsed) {
    let Some((image, node)) = lookup(stream, item, "image").and_then(|i| string(stream, i)) else {
        return;
    };
    let name = lookup(stream, item, "name")
        .and_then(|n| string(stream, n))
        .map_or("", |(n, _)| n);
    let context = format!("in {owner} container \"{name}\"");
    match known_repository(image) {
        Some(repository) => out.found.push(image_found(
            repository,
            &context,
            node.span.clone(),
            item.span.start,
        )),
        None => out.problems.push(unknown_image(
            image,
            &context,
            node.span.clone(),
            "write the image in the manifest (a tool that fills it in later, such as envsubst, leaves adrift nothing to check), or exclude the file in adrift.toml",
        )),
    }
}

// -------------------------------------------------------------- Kustomize

/// Whether a file name is Kustomize's (`kustomization.yaml`,
/// `kustomization.yml` or `Kustomization`, the names `kustomize build`
/// reads).
pub fn is_kustomization_name(name: &str) -> bool {
    matches!(
        name,
        "kustomization.yaml" | "kustomization.yml" | "Kustomization"
    )
}

/// A kustomization: each `images` override deploys its `newName` in place
/// of `name` (or `name` itself, retagged, when there is no `newName`: the
/// base may be remote, where adrift cannot see it), and each `helmCharts`
/// entry inflates a chart, named as a `Chart.yaml` dependency is.
pub fn kustomization(parsed: &Stream) -> Parsed {
    let doc = Doc::new(parsed);
    let stream = &doc;
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    for doc in &parsed.documents {
        for item in lookup(stream, doc, "images")
            .map(|i| deref(stream, i).items().unwrap_or_default())
            .unwrap_or_default()
        {
            let item = deref(stream, item);
            let name = lookup(stream, item, "name").and_then(|n| string(stream, n));
            let new_name = lookup(stream, item, "newName").and_then(|n| string(stream, n));
            let (image, node, context) = match (new_name, name) {
                (Some((new, node)), Some((old, _))) => (
                    new,
                    node,
                    format!("(the kustomization's override of \"{old}\")"),
                ),
                (Some((new, node)), None) => (new, node, "(a kustomization override)".to_string()),
                (None, Some((old, node))) => {
                    (old, node, "(retagged by the kustomization)".to_string())
                }
                (None, None) => continue,
            };
            match known_repository(image) {
                Some(repository) => out.found.push(image_found(
                    repository,
                    &context,
                    node.span.clone(),
                    item.span.start,
                )),
                None => out.problems.push(unknown_image(
                    image,
                    &context,
                    node.span.clone(),
                    "write the image in the kustomization, or exclude the file in adrift.toml",
                )),
            }
        }
        for item in lookup(stream, doc, "helmCharts")
            .map(|i| deref(stream, i).items().unwrap_or_default())
            .unwrap_or_default()
        {
            let item = deref(stream, item);
            let Some((name, node)) = lookup(stream, item, "name").and_then(|n| string(stream, n))
            else {
                continue;
            };
            let repo = lookup(stream, item, "repo")
                .and_then(|r| string(stream, r))
                .map_or("", |(r, _)| r);
            let normal = chart_name(name, repo);
            let subject = format!("chart \"{normal}\" (inflated by the kustomization)");
            out.found.push(Found {
                what: What::Image,
                name: normal,
                identity: subject.clone(),
                subject,
                span: node.span.clone(),
                block: item.span.start,
                note: None,
            });
        }
    }
    out.found.sort_by_key(|f| f.span.start);
    out
}

// ------------------------------------------------------------------- Helm

/// Whether a file name is a chart's values file (`values.yaml`,
/// `values-prod.yaml`).
pub fn is_values_name(name: &str) -> bool {
    name.starts_with("values") && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// The normal name of a chart dependency: `<repository>/<chart>`, where the
/// repository is named by the last segment of its URL's path, or else its
/// host (`https://charts.bitnami.com/bitnami` is `bitnami`,
/// `oci://registry-1.docker.io/bitnamicharts` is `bitnamicharts`, which is
/// Bitnami's name for the same charts, so `bitnami`), by its alias
/// (`@bitnami`, `alias:bitnami`), and is left out for a local chart
/// (`file://…`).
pub fn chart_name(chart: &str, repository: &str) -> String {
    let repository = repository.trim();
    let chart = chart.trim().to_ascii_lowercase();
    let repo = if let Some(alias) = repository
        .strip_prefix('@')
        .or_else(|| repository.strip_prefix("alias:"))
    {
        alias.to_string()
    } else if repository.is_empty() || repository.starts_with("file://") {
        String::new()
    } else {
        let rest = repository
            .split_once("://")
            .map_or(repository, |(_, r)| r)
            .trim_end_matches('/');
        match rest.split_once('/') {
            Some((_, path)) => path.rsplit('/').next().unwrap_or(path).to_string(),
            None => rest.to_string(),
        }
    };
    let repo = repo.to_ascii_lowercase();
    let repo = if repo == "bitnamicharts" {
        "bitnami".to_string()
    } else {
        repo
    };
    if repo.is_empty() {
        chart
    } else {
        format!("{repo}/{chart}")
    }
}

/// `Chart.yaml`: each `dependencies` entry, as a chart name.
pub fn chart(parsed: &Stream) -> Parsed {
    let doc = Doc::new(parsed);
    let stream = &doc;
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    for doc in &parsed.documents {
        let chart = lookup(stream, doc, "name")
            .and_then(|n| string(stream, n))
            .map_or("", |(n, _)| n);
        let Some(deps) = lookup(stream, doc, "dependencies") else {
            continue;
        };
        for dep in deref(stream, deps).items().unwrap_or_default() {
            let dep = deref(stream, dep);
            let Some((name, node)) = lookup(stream, dep, "name").and_then(|n| string(stream, n))
            else {
                continue;
            };
            let repository = lookup(stream, dep, "repository")
                .and_then(|r| string(stream, r))
                .map_or("", |(r, _)| r);
            let normal = chart_name(name, repository);
            let subject = format!("chart \"{normal}\" (a dependency of chart \"{chart}\")");
            let note = lookup(stream, dep, "condition")
                .and_then(|c| string(stream, c))
                .map(|(c, _)| format!("installed only when `{c}` is true"));
            out.found.push(Found {
                what: What::Image,
                name: normal,
                identity: subject.clone(),
                subject,
                span: node.span.clone(),
                block: dep.span.start,
                note,
            });
        }
    }
    out
}

/// A chart's values file: every `image` key (and `…Image`) whose value is
/// a reference (`image: postgres:16`) or a mapping with a `repository`
/// (`image: {registry: docker.io, repository: bitnami/postgresql}`). Empty
/// values (a chart's way of saying "set me") give nothing.
pub fn values(parsed: &Stream) -> Parsed {
    let doc = Doc::new(parsed);
    let stream = &doc;
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    // (node, dotted key path)
    let mut stack: Vec<(&Node, String)> = parsed
        .documents
        .iter()
        .rev()
        .map(|d| (d, String::new()))
        .collect();
    while let Some((node, path)) = stack.pop() {
        match &node.kind {
            Kind::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    let key = k.as_str().unwrap_or_default();
                    let here = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                    if key == "image" || key.ends_with("Image") || key.ends_with("_image") {
                        values_image(stream, v, &here, k.span.start, &mut out);
                    }
                    stack.push((v, here));
                }
            }
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, format!("{path}[{i}]")));
                }
            }
            _ => {}
        }
    }
    out.found.sort_by_key(|f| f.span.start);
    out.problems.sort_by_key(|p| p.span.start);
    out
}

fn values_image(stream: &Doc<'_>, value: &Node, path: &str, block: usize, out: &mut Parsed) {
    let value = deref(stream, value);
    let (written, node) = match &value.kind {
        Kind::Scalar { .. } => match string(stream, value) {
            Some(pair) => pair,
            None => return,
        },
        Kind::Map(_) => match lookup(stream, value, "repository").and_then(|r| string(stream, r)) {
            Some(pair) => pair,
            None => return,
        },
        _ => return,
    };
    if written.trim().is_empty() {
        return;
    }
    let context = format!("in values `{path}`");
    match known_repository(written) {
        Some(repository) => {
            out.found
                .push(image_found(repository, &context, node.span.clone(), block))
        }
        None => out.problems.push(unknown_image(
            written,
            &context,
            node.span.clone(),
            "write the repository in the values file, or exclude the file in adrift.toml",
        )),
    }
}

/// A file of a chart's `templates/`: Go templates, not YAML. Literal
/// `image:` lines are images; a line whose value holds `{{` is filled from
/// the values files, which adrift reads; `kind: PersistentVolumeClaim` and
/// `volumeClaimTemplates:` lines are volumes. Nothing here is an error.
pub fn template(text: &str) -> Parsed {
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let mut rest = &body[indent..];
        let mut at = start + indent;
        if let Some(after) = rest.strip_prefix("- ") {
            let trimmed = after.trim_start();
            at += rest.len() - trimmed.len();
            rest = trimmed;
        }
        if rest.starts_with('#') || rest.contains("{{") && !rest.starts_with("image:") {
            continue;
        }
        if let Some(value) = rest.strip_prefix("image:") {
            let Some((written, span)) = template_value(value, at + "image:".len()) else {
                continue;
            };
            if written.contains("{{") {
                continue;
            }
            let context = "in a chart template";
            match known_repository(written) {
                Some(repository) => out
                    .found
                    .push(image_found(repository, context, span, start)),
                None => out.problems.push(unknown_image(
                    written,
                    context,
                    span,
                    "write the image literally or through `{{ .Values… }}`, or exclude the file in adrift.toml",
                )),
            }
        } else if let Some(value) = rest.strip_prefix("kind:") {
            if let Some((written, span)) = template_value(value, at + "kind:".len()) {
                let volume = match written {
                    "PersistentVolumeClaim" => "persistentvolumeclaim",
                    "PersistentVolume" => "persistentvolume",
                    _ => continue,
                };
                let subject = format!("{written} in a chart template");
                out.found.push(Found {
                    what: What::Volume,
                    name: volume.to_string(),
                    identity: subject.clone(),
                    subject,
                    span,
                    block: start,
                    note: None,
                });
            }
        } else if rest.starts_with("volumeClaimTemplates:") {
            let span = at..at + "volumeClaimTemplates".len();
            let subject = "volume claim templates in a chart template".to_string();
            out.found.push(Found {
                what: What::Volume,
                name: "volumeclaimtemplate".to_string(),
                identity: subject.clone(),
                subject,
                span,
                block: start,
                note: None,
            });
        }
    }
    out
}

/// The value after `key:` on a template line (quotes and a trailing
/// comment removed) and its span.
fn template_value(value: &str, offset: usize) -> Option<(&str, Range<usize>)> {
    let trimmed = value.trim_start();
    let mut start = offset + value.len() - trimmed.len();
    let mut text = trimmed;
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = text[1..].find(quote)? + 1;
        start += 1;
        text = &text[1..end];
    } else {
        let end = text.find(" #").unwrap_or(text.len());
        text = text[..end].trim_end();
    }
    (!text.is_empty()).then(|| (text, start..start + text.len()))
}

/// The names found, for the unit tests below.
#[cfg(test)]
fn names(parsed: &Parsed) -> Vec<&str> {
    parsed.found.iter().map(|f| f.name.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::yaml::parse;

    #[test]
    fn compose_follows_merge_keys_extends_and_defaults() {
        let text = "x-db: &db\n  image: ${DB_IMAGE:-postgres}:16\n  restart: always\nservices:\n  db:\n    <<: *db\n  cache:\n    image: \"redis:7\"\n  api:\n    build: .\n    image: ${API_IMAGE}\n  worker:\n    extends: db\n  other:\n    extends:\n      service: cache\n  bad:\n    image: ${IMAGE}\nvolumes:\n  pgdata: {}\n";
        let stream = parse(text);
        let parsed = compose(&stream);
        assert_eq!(
            names(&parsed),
            ["postgres", "redis", "postgres", "redis", "compose/volume"]
        );
        let db = &parsed.found[0];
        assert_eq!(&text[db.span.clone()], "${DB_IMAGE:-postgres}:16");
        assert_eq!(db.identity, "image \"postgres\" in service \"db\"");
        assert_eq!(
            parsed.found[2].note.as_deref(),
            Some("from service \"db\", which it extends")
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(&text[parsed.problems[0].span.clone()], "${IMAGE}");
    }

    #[test]
    fn manifests_of_every_kind() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  volumeClaimTemplates:\n  - metadata: {name: data}\n  template:\n    spec:\n      initContainers:\n      - name: init\n        image: busybox\n      containers:\n      - name: pg\n        image: docker.io/library/postgres:16\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: backup}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - {name: b, image: 'bitnami/redis:7'}\n---\nkind: PersistentVolumeClaim\napiVersion: v1\nmetadata: {name: claim}\n---\nname: not a manifest\nimage: mysql\n";
        let stream = parse(text);
        let parsed = kubernetes(&stream);
        assert!(parsed.mine);
        assert_eq!(
            names(&parsed),
            [
                "volumeclaimtemplate",
                "busybox",
                "postgres",
                "bitnami/redis",
                "persistentvolumeclaim"
            ]
        );
        assert_eq!(
            parsed.found[2].identity,
            "image \"postgres\" in StatefulSet \"db\" container \"pg\""
        );
        assert!(!kubernetes(&parse("on: push\njobs: {}\n")).mine);
    }

    #[test]
    fn list_items_and_aliases() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    containers: &c\n    - {name: x, image: mongo}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers: *c\n";
        let parsed = kubernetes(&parse(text));
        let ids: Vec<&str> = parsed.found.iter().map(|f| f.identity.as_str()).collect();
        assert_eq!(
            ids,
            [
                "image \"mongo\" in Pod \"a\" container \"x\"",
                "image \"mongo\" in Pod \"b\" container \"x\""
            ]
        );
    }

    #[test]
    fn merge_chains_do_not_blow_up() {
        let mut text = String::from("a0: &a0 {x: 1}\n");
        for i in 1..40 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} {{<<: [*a{p}, *a{p}, *a{p}, *a{p}]}}\n"
            ));
        }
        text.push_str("services:\n  s:\n    <<: *a39\n");
        let parsed = compose(&parse(&text));
        assert!(parsed.found.is_empty() && parsed.problems.is_empty());
    }

    #[test]
    fn chart_names() {
        assert_eq!(
            chart_name("postgresql", "https://charts.bitnami.com/bitnami"),
            "bitnami/postgresql"
        );
        assert_eq!(
            chart_name("postgresql", "oci://registry-1.docker.io/bitnamicharts"),
            "bitnami/postgresql"
        );
        assert_eq!(chart_name("redis", "@bitnami"), "bitnami/redis");
        assert_eq!(chart_name("redis", "alias:bitnami"), "bitnami/redis");
        assert_eq!(chart_name("common", "file://../common"), "common");
        assert_eq!(
            chart_name("elasticsearch", "https://helm.elastic.co"),
            "helm.elastic.co/elasticsearch"
        );
    }

    #[test]
    fn values_and_templates() {
        let text = "image:\n  registry: docker.io\n  repository: acme/api\n  tag: \"\"\npostgresql:\n  enabled: true\n  primary:\n    initImage: busybox\n  image:\n    repository: bitnami/postgresql\nsidecar:\n  image: \"\"\n";
        let parsed = values(&parse(text));
        assert_eq!(
            names(&parsed),
            ["acme/api", "busybox", "bitnami/postgresql"]
        );
        assert_eq!(
            parsed.found[2].identity,
            "image \"bitnami/postgresql\" in values `postgresql.image`"
        );
        let text = "apiVersion: apps/v1\nkind: {{ .Values.kind }}\nspec:\n  containers:\n    - name: app\n      image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n    - name: cache\n      image: \"redis:7\" # pinned\n    - image: memcached\n---\nkind: PersistentVolumeClaim\n";
        let parsed = template(text);
        assert_eq!(
            names(&parsed),
            ["redis", "memcached", "persistentvolumeclaim"]
        );
        assert_eq!(&text[parsed.found[0].span.clone()], "redis:7");
        assert_eq!(&text[parsed.found[1].span.clone()], "memcached");
    }
}
