//! Terraform: `.tf` and `.tf.json` files (and OpenTofu's `.tofu`,
//! `.tofu.json`), read the way Terraform reads them.
//!
//! Targets: `resource` and `data` types (also `data` in `check` blocks),
//! `module` sources, and providers: `required_providers` entries (with or
//! without a `source`, which is then `hashicorp/<name>`), and the providers
//! Terraform infers for a module directory from `provider` blocks and
//! resource types when `required_providers` does not name them.
//!
//! Every `.tf` file is first read as an [outline](outline) with Terraform's
//! own lexical rules, in one linear pass. A file whose outline is clean and
//! declares nothing any rule wants is done: that is the prefilter, and it is
//! exact by construction, not a text search. The others are parsed by
//! hcl-edit, which evaluates constant sources (`"${"…"}"`, parentheses,
//! conditionals) and finds syntax errors. Where hcl-edit is stricter than
//! Terraform, or the file is over [`HCL_EDIT_MAX_BYTES`], the outline's
//! declarations are used; where the file does not parse at all, it is a
//! `parse-error` and the outline's declarations are still checked.

mod ecs;
mod hcl;
pub mod json;
pub mod lexer;
pub mod outline;
pub mod plan;
pub mod prefilter;
pub mod proof;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::waiver::{self, Comments};
use super::{Declaration, Ecosystem, Job, KnownNames, ScannedFile, Target, TargetInfo, Wanted};
use crate::finding::Finding;
use crate::source::{SourceFile, Span};
use outline::{Item, Value};

fn trimmed(name: &str) -> String {
    name.trim().to_string()
}

pub static RESOURCE: TargetInfo = TargetInfo {
    ecosystem: "terraform",
    key: "resources",
    noun: "resource",
    normalise: trimmed,
    expand: super::target::same,
};

pub static DATA_SOURCE: TargetInfo = TargetInfo {
    ecosystem: "terraform",
    key: "data_sources",
    noun: "data source",
    normalise: trimmed,
    expand: super::target::same,
};

pub static MODULE: TargetInfo = TargetInfo {
    ecosystem: "terraform",
    key: "modules",
    noun: "module",
    normalise: normalise_source,
    expand: module_pattern,
};

/// A remote module named for what it creates (`acme/terraform-aws-s3-bucket`):
/// matched by words of its name (`s3-bucket`, `rds`), as a hint (a warning,
/// and only when no rule lists or excepts the module itself).
pub static MODULE_WORDS: TargetInfo = TargetInfo {
    ecosystem: "terraform",
    key: "module_words",
    noun: "module",
    normalise: normalise_words,
    expand: words_pattern,
};

pub static PROVIDER: TargetInfo = TargetInfo {
    ecosystem: "terraform",
    key: "providers",
    noun: "provider",
    normalise: normalise_provider,
    expand: super::target::same,
};

/// Not a key of a rule file: the resource types some active rule with
/// conditions on attributes (`[[terraform.when]]`) names. Only their
/// attributes are read, so rules without conditions cost nothing more.
pub static CONDITIONED: TargetInfo = TargetInfo {
    ecosystem: "terraform",
    key: "resources_with_conditions",
    noun: "resource",
    normalise: trimmed,
    expand: super::target::same,
};

pub static TERRAFORM: Ecosystem = Ecosystem {
    name: "terraform",
    targets: &[&RESOURCE, &DATA_SOURCE, &MODULE, &PROVIDER, &MODULE_WORDS],
    has_dev: false,
    claims,
    scan,
    known_names: Some(known_names),
};

/// The kinds of file: HCL or JSON syntax (`Some(true)` for JSON). Like
/// Terraform, a name starting with `.` is not a configuration file (editors
/// and tools keep such files beside real ones).
fn kind(name: &[u8]) -> Option<bool> {
    // `claim` may offer `directory/name`: the name is what follows the last
    // slash.
    let name = name.rsplit(|&b| b == b'/').next().unwrap_or(name);
    if name.starts_with(b".") {
        None
    } else if name.ends_with(b".tf.json") || name.ends_with(b".tofu.json") {
        Some(true)
    } else if name.ends_with(b".tf") || name.ends_with(b".tofu") {
        Some(false)
    } else {
        None
    }
}

fn claims(name: &[u8]) -> bool {
    kind(name).is_some()
}

/// A module pattern names a module package: without `//`, the module and
/// every submodule in it (`…/rds/aws` matches `…/rds/aws//modules/db_instance`);
/// `…/aws//` is the root module alone; `…/aws//modules/x` one submodule.
fn module_pattern(pattern: &str) -> Vec<String> {
    if let Some(root) = pattern.strip_suffix("//") {
        vec![root.to_string()]
    } else if pattern.contains("//") {
        vec![pattern.to_string()]
    } else {
        vec![pattern.to_string(), format!("{pattern}//**")]
    }
}

/// Normalises a module source to `namespace/name/provider` where it names a
/// registry module, keeping a `//subdir` as `…//subdir`: registry hosts,
/// `?ref=` queries, `git::` and other forced getters and schemes are removed,
/// and GitHub repositories named `terraform-<provider>-<name>` map to their
/// registry address. Other sources keep their host and path.
pub fn normalise_source(source: &str) -> String {
    let mut s = source.trim().to_ascii_lowercase();
    // A forced getter: `git::`, `hg::`, `s3::`, `gcs::`.
    if let Some(i) = s.find("::")
        && s[..i].bytes().all(|b| b.is_ascii_alphanumeric())
    {
        s = s[i + 2..].to_string();
    }
    for scheme in [
        "https://",
        "http://",
        "ssh://",
        "git+ssh://",
        "git://",
        "s3://",
        "gcs://",
    ] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
        }
    }
    // `git@github.com:org/repo.git` → `github.com/org/repo.git`
    if let Some(rest) = s.strip_prefix("git@") {
        s = rest.replacen(':', "/", 1);
    }
    if let Some(user_at) = s.find('@').filter(|i| !s[..*i].contains('/')) {
        s = s[user_at + 1..].to_string();
    }
    // `//subdir` (after any scheme was removed); a query may stand on
    // either side of it.
    let (main, mut subdir, marked) = match s.find("//") {
        Some(i) => (s[..i].to_string(), s[i + 2..].to_string(), true),
        None => (s.clone(), String::new(), false),
    };
    let main = main.split('?').next().unwrap_or("").to_string();
    if let Some(q) = subdir.find('?') {
        subdir.truncate(q);
    }
    let subdir = subdir.trim_matches('/').to_string();
    let main = main
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .to_string();
    let address = if main.starts_with('.') || main.starts_with('/') {
        main
    } else {
        let parts: Vec<&str> = main.split('/').collect();
        if parts.len() == 3
            && parts[0] == "github.com"
            && let Some(rest) = parts[2].strip_prefix("terraform-")
            && let Some((provider, name)) = rest.split_once('-')
        {
            // `github.com/<ns>/terraform-<provider>-<name>`
            format!("{}/{name}/{provider}", parts[1])
        } else if parts.len() == 4 && parts[0].contains('.') && !parts[0].ends_with("github.com") {
            // `registry.terraform.io/<ns>/<name>/<provider>` and other hosts.
            parts[1..].join("/")
        } else {
            main
        }
    };
    if subdir.is_empty() && !marked {
        address
    } else {
        // An empty `//` stays: in a pattern it means the root module alone.
        format!("{address}//{subdir}")
    }
}

/// Words in their one form: lower case, letters and digits, joined by `-`
/// (`S3_Bucket` and `s3.bucket` are `s3-bucket`).
pub fn normalise_words(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// A word matches the words of a name wherever they stand whole
/// (`rds` in `-terraform-aws-rds-`, never in `-words-`).
fn words_pattern(words: &str) -> Vec<String> {
    vec![format!("*-{words}-*")]
}

/// The words of the name a remote module's (normalised) source gives what
/// it creates, as `-w1-w2-`: a submodule's last directory (`…//modules/x`),
/// else the registry name (`ns/NAME/provider`) or the address's last
/// segment. `None` for a local path: its files are read themselves.
pub fn module_name_words(normalised: &str) -> Option<String> {
    if normalised.starts_with('.') || normalised.starts_with('/') {
        return None;
    }
    let (root, subdir) = normalised.split_once("//").unwrap_or((normalised, ""));
    let name = match subdir.trim_matches('/').rsplit('/').next() {
        Some(last) if !last.is_empty() => last,
        _ => {
            let parts: Vec<&str> = root.split('/').collect();
            if parts.len() == 3 && !parts[0].contains('.') {
                parts[1]
            } else {
                parts.last().copied().unwrap_or_default()
            }
        }
    };
    let words = normalise_words(name);
    (!words.is_empty()).then(|| format!("-{words}-"))
}

/// Normalises a provider source: lower case, without a registry host; a
/// bare name is `hashicorp/<name>`, as Terraform reads it.
pub fn normalise_provider(source: &str) -> String {
    let s = source.trim().to_ascii_lowercase();
    let parts: Vec<&str> = s.split('/').collect();
    match parts.len() {
        3 => parts[1..].join("/"),
        // A pattern with `**` already spans the namespace.
        1 if !s.contains("**") => format!("hashicorp/{s}"),
        _ => s,
    }
}

/// The local name Terraform infers a resource type's provider from: the
/// type up to its first `_`.
fn implied_local(ty: &str) -> &str {
    ty.split('_').next().unwrap_or(ty)
}

/// Files above this size are read by the outline alone: hcl-edit's tree
/// takes tens of times a file's size in memory.
pub const HCL_EDIT_MAX_BYTES: usize = 4 * 1024 * 1024;

/// A file's text, with each byte that is not UTF-8 replaced, and where
/// (in the text) each replacement stands: HCL allows such bytes in
/// comments only.
fn decode(bytes: Vec<u8>) -> (String, Vec<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut text = String::with_capacity(bytes.len() + 16);
            let mut bad = Vec::new();
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    bad.push(text.len());
                    text.push(char::REPLACEMENT_CHARACTER);
                }
            }
            (text, bad)
        }
    }
}

/// What one file gave, and what the directory pass needs from it.
struct FileScan {
    scanned: ScannedFile,
    items: Vec<Item>,
    dir: PathBuf,
}

fn scan(job: &Job<'_>) -> Vec<ScannedFile> {
    let wanted = job.wanted;
    let filter = prefilter::TextFilter::new(wanted);
    let mut files: Vec<FileScan> = crate::parallel::map(job.paths, 32, 8, |path| {
        crate::parallel::fault_point("scan-file");
        let mut f = scan_file(path, wanted, &filter, job);
        // Keep only what the directory pass can use, and a file's text
        // only when something points into it: most files give nothing.
        f.items.retain(|item| implied_matters(item, wanted));
        if f.items.is_empty() && f.scanned.is_empty() {
            None
        } else {
            Some(f)
        }
    })
    .into_iter()
    .flatten()
    .collect();
    implied_providers(&mut files, wanted);
    override_merges(&mut files);
    files
        .into_iter()
        .map(|f| f.scanned)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether an item counts for the providers Terraform infers for its
/// directory, given what is wanted.
fn implied_matters(item: &Item, wanted: &Wanted) -> bool {
    if !wanted.wants(Target(&PROVIDER)) {
        return false;
    }
    let local = match item {
        Item::RequiredProvider { .. } => return true,
        Item::ProviderBlock { local, .. } => local.as_str(),
        Item::Block { ty, provider, .. } => {
            provider.as_deref().unwrap_or_else(|| implied_local(ty))
        }
        Item::Module { .. } | Item::ContainerImage { .. } => return false,
    };
    wanted.matches(Target(&PROVIDER), &normalise_provider(local))
}

fn scan_file(
    path: &Path,
    wanted: &Wanted,
    filter: &prefilter::TextFilter,
    job: &Job<'_>,
) -> FileScan {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let bytes = match job.reader.read_bytes(path) {
        Ok(bytes) => bytes,
        Err(finding) => {
            return FileScan {
                scanned: ScannedFile::problem_only(*finding),
                items: Vec::new(),
                dir,
            };
        }
    };
    let json = kind(path.file_name().map_or(b"", |n| n.as_encoded_bytes())) == Some(true);
    let (scanned, items) = scan_bytes(job.reader.display(path), bytes, json, wanted, filter);
    FileScan {
        scanned,
        items,
        dir,
    }
}

/// Reads one file's bytes (`json` for Terraform's JSON syntax): its
/// declarations and problems, and the items the directory pass needs.
pub fn scan_bytes(
    shown: String,
    bytes: Vec<u8>,
    json: bool,
    wanted: &Wanted,
    filter: &prefilter::TextFilter,
) -> (ScannedFile, Vec<Item>) {
    let (text, bad) = decode(bytes);
    let file = SourceFile::new(shown, text);
    let mut scanned = ScannedFile::empty(Arc::clone(&file));
    scanned.waivers = waiver::find(&file, Comments::HashOrSlashes);
    let terraform_wanted = TERRAFORM.targets.iter().any(|&t| wanted.wants(Target(t)))
        && filter.may_match(&file.text, !json);
    let text = file.text.as_str();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Whether the file is read in full: declarations come only from those.
    let mut relevant = terraform_wanted;
    // Why a resource's attributes were not read, where hcl-edit did not
    // read them (rules with conditions then report a "may").
    let mut unread = "the file was read by its outline alone";
    let items = if json {
        if let Some(&at) = bad.first() {
            scanned.problems.push(parse_error(
                &file,
                "cannot parse Terraform JSON: a byte that is not UTF-8".to_string(),
                at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                "save the file as UTF-8",
            ));
            Vec::new()
        } else if !terraform_wanted {
            Vec::new()
        } else {
            let attributes_of = |ty: &str| wanted.matches(Target(&CONDITIONED), &trimmed(ty));
            match json::items_with(&text[bom..], bom, &attributes_of) {
                Ok(items) => items,
                Err(e) => {
                    scanned.problems.push(parse_error(
                        &file,
                        format!("cannot parse Terraform JSON: {}", e.message),
                        e.span,
                        "fix the JSON; adrift fails closed on files it cannot read",
                    ));
                    Vec::new()
                }
            }
        }
    } else if !terraform_wanted {
        // Nothing any rule wants can be in this file (the text stage).
        Vec::new()
    } else {
        let outline = outline::outline(text, &bad);
        relevant = terraform_wanted
            && (outline.error.is_some()
                || outline.diverges
                || outline.items.iter().any(|i| may_match(i, wanted)));
        if !relevant {
            outline.items
        } else if text.len() > HCL_EDIT_MAX_BYTES {
            unread = "the file is over 4 MiB, and adrift reads only its block headers";
            if let Some((message, span)) = outline.error.clone() {
                scanned.problems.push(outline_error(&file, message, span));
            }
            let mut items = outline.items;
            resolve_unknowns(&mut items, text);
            items
        } else {
            let attributes_of = |ty: &str| wanted.matches(Target(&CONDITIONED), &trimmed(ty));
            match hcl::items_with(&text[bom..], bom, &attributes_of) {
                Ok(items) => {
                    // hcl-edit accepts some bytes Terraform does not.
                    if let Some((message, span)) = outline
                        .error
                        .clone()
                        .filter(|(m, _)| m.contains("not UTF-8"))
                    {
                        scanned.problems.push(outline_error(&file, message, span));
                    }
                    if outline.diverges && outline.error.is_none() {
                        unread = "hcl-edit reads this block differently from Terraform";
                        // Terraform's reading (the outline's) counts too.
                        let mut items = items;
                        let known: HashSet<String> = items.iter().map(proof::key).collect();
                        items.extend(
                            outline
                                .items
                                .into_iter()
                                .filter(|i| !known.contains(&proof::key(i))),
                        );
                        items
                    } else {
                        items
                    }
                }
                Err(e) => {
                    unread = "hcl-edit could not parse the file";
                    let terraform_reads_it = outline.error.is_none()
                        && (outline.lenient || e.is_stricter_than_terraform());
                    if !terraform_reads_it {
                        let mut at = e.offset.min(text.len());
                        // hcl-edit's offset may fall inside a character.
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        let end = text[at..]
                            .char_indices()
                            .nth(1)
                            .map(|(i, _)| at + i)
                            .unwrap_or(at);
                        scanned.problems.push(parse_error(
                            &file,
                            format!("cannot parse Terraform: {}", e.message),
                            at..end,
                            "fix the syntax (`terraform validate` says more); adrift fails closed on files it cannot read",
                        ));
                    }
                    let mut items = outline.items;
                    resolve_unknowns(&mut items, text);
                    items
                }
            }
        }
    };
    if relevant {
        for item in &items {
            declarations(item, &file, wanted, unread, &mut scanned);
        }
    }
    (scanned, items)
}

fn parse_error(file: &Arc<SourceFile>, message: String, span: Span, help: &str) -> Finding {
    crate::scan::parse_error(file, span, message, help)
}

fn outline_error(file: &Arc<SourceFile>, message: String, span: Span) -> Finding {
    parse_error(
        file,
        message,
        span,
        "fix the syntax (`terraform validate` says more); adrift fails closed on files it cannot read",
    )
}

/// Evaluates, from their own text, the sources the outline could not read,
/// for files hcl-edit does not read as a whole (its limits, or a syntax
/// error elsewhere in the file).
fn resolve_unknowns(items: &mut [Item], text: &str) {
    for item in items {
        match item {
            Item::Module {
                source: Some((value @ Value::Unknown, span)),
                ..
            } => {
                if let Some(Some(Some(s))) = text.get(span.clone()).map(|t| hcl::resolve(t, false))
                {
                    *value = Value::Text(s);
                }
            }
            Item::RequiredProvider { source, span, .. }
                if matches!(source, Some(Value::Unknown)) =>
            {
                if let Some(Some(resolved)) = text.get(span.clone()).map(|t| hcl::resolve(t, true))
                {
                    *source = resolved.map(Value::Text);
                }
            }
            _ => {}
        }
    }
}

/// Whether an item could be a declaration some rule wants (the prefilter):
/// anything adrift cannot read without evaluating counts as a match.
fn may_match(item: &Item, wanted: &Wanted) -> bool {
    match item {
        Item::Block { data, ty, .. } => {
            let target = if *data { &DATA_SOURCE } else { &RESOURCE };
            wanted.matches(Target(target), &trimmed(ty))
                || (!*data
                    && ty == "aws_ecs_task_definition"
                    && wanted.wants(Target(&super::images::REPOSITORIES)))
        }
        Item::Module { source, .. } => match source {
            Some((Value::Text(s), _)) => {
                let normalised = normalise_source(s);
                wanted.matches(Target(&MODULE), &normalised)
                    || module_name_words(&normalised)
                        .is_some_and(|w| wanted.matches(Target(&MODULE_WORDS), &w))
            }
            _ => true,
        },
        Item::RequiredProvider { local, source, .. } => match source {
            None => wanted.matches(Target(&PROVIDER), &normalise_provider(local)),
            Some(Value::Text(s)) => wanted.matches(Target(&PROVIDER), &normalise_provider(s)),
            Some(Value::Unknown) => true,
        },
        Item::ProviderBlock { .. } => false,
        Item::ContainerImage { .. } => wanted.wants(Target(&super::images::REPOSITORIES)),
    }
}

/// `None` when a constant `count` of zero or an empty `for_each` means the
/// block declares nothing; else a note, empty when it is declared
/// unconditionally.
pub fn count_note(count: &Option<(String, String)>) -> Option<String> {
    let Some((name, written)) = count else {
        return Some(String::new());
    };
    if hcl::declares_nothing(name, written) {
        return None;
    }
    if name == "for_each" {
        return Some(format!(
            "it may be created: one per element of for_each = `{written}`"
        ));
    }
    Some(match top_level_question(written) {
        Some(i) => format!(
            "it may be created: count depends on `{}`",
            written[..i].trim()
        ),
        None => format!("it may be created: count = `{written}`"),
    })
}

/// The offset of a conditional's `?` outside brackets and strings.
fn top_level_question(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '?' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

fn declaration(
    file: &SourceFile,
    target: &'static TargetInfo,
    name: String,
    subject: String,
    span: Span,
    block_line: usize,
    note: String,
) -> Declaration {
    let line = file.line_col(span.start).line;
    let mut d = Declaration::new(Target(target), name, subject, span);
    d.waiver_lines = waiver::covering_lines(file, Comments::HashOrSlashes, line, block_line);
    d.note = (!note.is_empty()).then_some(note);
    d
}

/// How a resource folds (one thing, one finding): it is
/// `terraform:<module directory>:<type>.<name>`, and it configures (folds
/// into) a resource of its module it refers to when
///
/// - its own type extends the other's: `aws_s3_bucket_versioning` with
///   `bucket = aws_s3_bucket.logs.id` configures `aws_s3_bucket.logs`,
///   `aws_rds_cluster_instance` its `aws_rds_cluster`; or
/// - the other is the container of its service: same provider and service
///   (the type's first two words, `google_sql_`, `azurerm_mssql_`) and a
///   type that ends in a container word ([`CONTAINERS`]):
///   `google_sql_database` and `google_sql_user` are parts of their
///   `google_sql_database_instance`, `azurerm_mssql_database` of its
///   `azurerm_mssql_server`, `azurerm_cosmosdb_sql_database` of its
///   `azurerm_cosmosdb_account`.
///
/// A reference alone is not enough: an `aws_db_instance` refers to its
/// `aws_db_subnet_group`, and is not a part of it; nor does a resource
/// fold into another of its own type (a read replica is a database).
fn configures(file: &SourceFile, ty: &str, name: &str, body: &Span) -> crate::scan::Fold {
    let dir = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let key = |ty: &str, name: &str| format!("terraform:{dir}:{}.{}", ty.trim(), name.trim());
    let text = file.text.get(body.clone()).unwrap_or("");
    let ty = ty.trim();
    let family = ty
        .match_indices('_')
        .nth(1)
        .map_or(ty.len() + 1, |(i, _)| i + 1);
    let family = ty.get(..family).unwrap_or(ty);
    // Each reference `type.name` (not `data.type.name`, not `x.type.name`).
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut owners: Vec<(usize, String)> = Vec::new();
    let mut at = 0;
    while let Some(dot) = text[at..].find('.').map(|i| at + i) {
        at = dot + 1;
        let start = text[..dot]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            .last()
            .map_or(dot, |(i, _)| i);
        let owner = &text[start..dot];
        let before = text[..start].chars().next_back();
        if owner.is_empty() || owner == ty || before.is_some_and(|c| word(c) || c == '.') {
            continue;
        }
        let rest = &text[dot + 1..];
        let target = &rest[..rest.find(|c: char| !word(c)).unwrap_or(rest.len())];
        if target.is_empty() {
            continue;
        }
        // Longer shared prefixes first; a container of the service last.
        let rank = if ty.len() > owner.len()
            && ty.starts_with(owner)
            && ty.as_bytes()[owner.len()] == b'_'
        {
            ty.len() - owner.len()
        } else if owner.starts_with(family) && CONTAINERS.iter().any(|c| owner.ends_with(c)) {
            usize::MAX
        } else {
            continue;
        };
        let k = key(owner, target);
        if !owners.iter().any(|(_, o)| *o == k) {
            owners.push((rank, k));
        }
    }
    owners.sort_by_key(|(rank, _)| *rank);
    let relation = match owners.first() {
        Some((usize::MAX, _)) => "is part of it",
        _ => "configures it",
    };
    crate::scan::Fold {
        key: key(ty, name),
        into: owners.into_iter().map(|(_, k)| k).collect(),
        relation: relation.to_string(),
    }
}

/// The last words of the types that hold a service's other resources:
/// `google_sql_database_instance`, `azurerm_mssql_server`,
/// `azurerm_cosmosdb_account`, `google_spanner_instance`, `azurerm_redis_cache`.
const CONTAINERS: [&str; 5] = ["_instance", "_server", "_account", "_cluster", "_cache"];

fn declarations(
    item: &Item,
    file: &Arc<SourceFile>,
    wanted: &Wanted,
    unread: &str,
    out: &mut ScannedFile,
) {
    let line_of = |span: &Span| file.line_col(span.start).line;
    match item {
        Item::Block {
            data,
            ty,
            name,
            header,
            count,
            body,
            attributes,
            ..
        } => {
            let Some(note) = count_note(count) else {
                return;
            };
            let (target, word) = if *data {
                (&DATA_SOURCE, "data")
            } else {
                (&RESOURCE, "resource")
            };
            let mut d = declaration(
                file,
                target,
                trimmed(ty),
                format!("{word} \"{ty}\" \"{name}\""),
                header.clone(),
                line_of(header),
                note,
            );
            if !*data && wanted.matches(Target(&RESOURCE), &d.name) {
                d.fold = Some(configures(file, ty, name, body));
            }
            if !*data && wanted.matches(Target(&CONDITIONED), &d.name) {
                d.attributes = Some(attributes.clone().unwrap_or_else(|| {
                    Arc::new(super::target::Attributes {
                        entries: Vec::new(),
                        unreadable: Some(unread.to_string()),
                    })
                }));
            }
            out.declarations.push(d);
        }
        Item::Module {
            name,
            header,
            source,
            count,
        } => {
            let Some(note) = count_note(count) else {
                return;
            };
            match source {
                Some((Value::Text(written), span)) => {
                    let normalised = normalise_source(written);
                    let subject = if &normalised == written {
                        format!("module \"{name}\" (source \"{written}\")")
                    } else {
                        format!("module \"{name}\" (source \"{written}\", read as {normalised})")
                    };
                    if wanted.wants(Target(&MODULE_WORDS))
                        && let Some(words) = module_name_words(&normalised)
                    {
                        let mut hint = declaration(
                            file,
                            &MODULE_WORDS,
                            words,
                            subject.clone(),
                            span.clone(),
                            line_of(header),
                            note.clone(),
                        );
                        hint.hint = true;
                        hint.identity = format!("{subject} named for what it creates");
                        out.declarations.push(hint);
                    }
                    out.declarations.push(declaration(
                        file,
                        &MODULE,
                        normalised,
                        subject,
                        span.clone(),
                        line_of(header),
                        note,
                    ));
                }
                Some((Value::Unknown, span)) => {
                    if wanted.wants(Target(&MODULE)) || wanted.wants(Target(&MODULE_WORDS)) {
                        out.problems.push(parse_error(
                            file,
                            format!("cannot read the source of module \"{name}\": Terraform needs a constant here, and adrift could not evaluate it"),
                            span.clone(),
                            "write the source as a plain string; adrift fails closed on what it cannot read",
                        ));
                    }
                }
                None => {
                    if wanted.wants(Target(&MODULE)) || wanted.wants(Target(&MODULE_WORDS)) {
                        out.problems.push(parse_error(
                            file,
                            format!("module \"{name}\" has no source"),
                            header.clone(),
                            "give the module a `source`; Terraform needs one, and adrift fails closed on what it cannot read",
                        ));
                    }
                }
            }
        }
        Item::RequiredProvider {
            local,
            source,
            span,
        } => {
            match source {
                None => {
                    let normalised = normalise_provider(local);
                    out.declarations.push(declaration(
                    file,
                    &PROVIDER,
                    normalised.clone(),
                    format!("provider \"{local}\" (no source: Terraform reads it as \"{normalised}\")"),
                    span.clone(),
                    line_of(span),
                    String::new(),
                ));
                }
                Some(Value::Text(written)) => {
                    let normalised = normalise_provider(written);
                    out.declarations.push(declaration(
                        file,
                        &PROVIDER,
                        normalised.clone(),
                        format!("provider \"{local}\" (source \"{normalised}\")"),
                        span.clone(),
                        line_of(span),
                        String::new(),
                    ));
                }
                Some(Value::Unknown) => {
                    if wanted.wants(Target(&PROVIDER)) {
                        out.problems.push(parse_error(
                        file,
                        format!("cannot read the source of provider \"{local}\": Terraform needs a constant here, and adrift could not evaluate it"),
                        span.clone(),
                        "write the source as a plain string; adrift fails closed on what it cannot read",
                    ));
                    }
                }
            }
        }
        Item::ProviderBlock { .. } => {}
        Item::ContainerImage {
            task,
            header,
            image,
            span,
            count,
        } => {
            // A computed image (`"${var.repository}:${var.tag}"`) is not
            // known before apply: `check --plan` reads it.
            let Value::Text(reference) = image else {
                return;
            };
            let Some(note) = count_note(count) else {
                return;
            };
            let context = format!("in the container definitions of task \"{task}\"");
            let Some(mut d) = super::images::image_declaration(reference, &context, span.clone())
            else {
                return;
            };
            let line = line_of(span);
            // The image's line and the comments just above it, the task's
            // first line and the comments above the task.
            d.waiver_lines =
                waiver::covering_lines(file, Comments::HashOrSlashes, line, line_of(header));
            d.waiver_lines.extend(waiver::covering_lines(
                file,
                Comments::HashOrSlashes,
                line,
                line,
            ));
            d.note = (!note.is_empty()).then_some(note);
            out.declarations.push(d);
        }
    }
}

/// Whether Terraform reads a file as an override file (`override.tf`,
/// `*_override.tf`, and their JSON and OpenTofu forms).
fn is_override(name: &str) -> bool {
    let stem = [".tf.json", ".tofu.json", ".tf", ".tofu"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext));
    stem.is_some_and(|s| s == "override" || s.ends_with("_override"))
}

/// Terraform merges an override file's block into the block of the same
/// address in its directory, attribute by attribute; adrift reads each
/// block alone. So conditions on either block cannot be read from it: they
/// are a "may" (never a pass a merge could make wrong).
fn override_merges(files: &mut [FileScan]) {
    let name_of = |f: &FileScan| {
        f.scanned
            .file
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut overridden: HashMap<(PathBuf, String), String> = HashMap::new();
    for f in files.iter() {
        let name = name_of(f);
        if is_override(&name) {
            for d in &f.scanned.declarations {
                if d.attributes.is_some() {
                    overridden
                        .entry((f.dir.clone(), d.subject.clone()))
                        .or_insert_with(|| f.scanned.file.path.clone());
                }
            }
        }
    }
    if overridden.is_empty() {
        return;
    }
    for f in files.iter_mut() {
        let own = is_override(&name_of(f));
        for d in &mut f.scanned.declarations {
            if d.attributes.is_none() {
                continue;
            }
            let why = if own {
                "Terraform merges this override file's block into the resource it overrides, and adrift does not merge them".to_string()
            } else if let Some(by) = overridden.get(&(f.dir.clone(), d.subject.clone())) {
                format!(
                    "the override file {by} changes this resource, and adrift does not merge override files"
                )
            } else {
                continue;
            };
            d.attributes = Some(Arc::new(super::target::Attributes {
                entries: Vec::new(),
                unreadable: Some(why),
            }));
        }
    }
}

/// Providers Terraform infers for a module directory: a `provider` block or
/// a resource type whose local name no `required_providers` entry of the
/// directory names is `hashicorp/<name>`. Reported once per directory, at
/// the first place that implies it.
fn implied_providers(files: &mut [FileScan], wanted: &Wanted) {
    if !wanted.wants(Target(&PROVIDER)) {
        return;
    }
    let mut by_dir: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        by_dir.entry(f.dir.clone()).or_default().push(i);
    }
    let mut dirs: Vec<(PathBuf, Vec<usize>)> = by_dir.into_iter().collect();
    dirs.sort();
    for (_, indexes) in dirs {
        let named: HashSet<String> = indexes
            .iter()
            .flat_map(|&i| files[i].items.iter())
            .filter_map(|item| match item {
                Item::RequiredProvider { local, .. } => Some(local.clone()),
                _ => None,
            })
            .collect();
        let mut reported: HashSet<String> = HashSet::new();
        for &i in &indexes {
            let file = Arc::clone(&files[i].scanned.file);
            let mut found = Vec::new();
            for item in &files[i].items {
                let (local, span, why) = match item {
                    Item::ProviderBlock { local, header } => (
                        local.as_str(),
                        header,
                        format!("provider \"{local}\" block"),
                    ),
                    Item::Block {
                        data,
                        ty,
                        name,
                        header,
                        provider,
                        ..
                    } => (
                        provider.as_deref().unwrap_or_else(|| implied_local(ty)),
                        header,
                        format!(
                            "{} \"{ty}\" \"{name}\"",
                            if *data { "data" } else { "resource" }
                        ),
                    ),
                    _ => continue,
                };
                // `terraform_data` and the like come with Terraform itself.
                if local.is_empty()
                    || local == "terraform"
                    || named.contains(local)
                    || reported.contains(local)
                {
                    continue;
                }
                let normalised = normalise_provider(local);
                if !wanted.matches(Target(&PROVIDER), &normalised) {
                    continue;
                }
                reported.insert(local.to_string());
                let line = file.line_col(span.start).line;
                let mut d = declaration(
                    &file,
                    &PROVIDER,
                    normalised.clone(),
                    format!(
                        "provider \"{local}\" (implied by {why}: no required_providers entry names it, so Terraform reads it as \"{normalised}\")"
                    ),
                    span.clone(),
                    line,
                    String::new(),
                );
                d.identity = format!("provider \"{local}\" (implied: {normalised})");
                found.push(d);
            }
            files[i].scanned.declarations.extend(found);
        }
    }
}

/// Names the persistence catalog knows for a resource or data source
/// pattern's provider (`aws_`, `azurerm_`, `google_`).
fn known_names(target: Target, pattern: &str) -> Option<KnownNames> {
    if target != Target(&RESOURCE) && target != Target(&DATA_SOURCE) {
        return None;
    }
    let (prefix, family) = match pattern.split('_').next()? {
        "aws" => ("aws_", "AWS"),
        "azurerm" => ("azurerm_", "Azure"),
        "google" => ("google_", "Google"),
        _ => return None,
    };
    let mut names: Vec<String> = crate::rules::catalog::names_for(Target(&RESOURCE))
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .map(str::to_string)
        .collect();
    // AWS: every type the provider has, not only the catalog's.
    if family == "AWS" {
        names.extend(crate::rules::catalog::aws_types().map(str::to_string));
        names.sort();
        names.dedup();
    }
    Some(KnownNames { family, names })
}

#[cfg(test)]
mod tests;
