//! The property the Terraform prefilter rests on, as a function the
//! property tests and the fuzz targets both call.
//!
//! The prefilter skips a `.tf` file when its outline is clean and no item in
//! it may match a wanted pattern. That is sound when every declaration
//! hcl-edit finds, the outline finds too, with the same name (or as a value
//! it does not claim to know). [`agree`] checks exactly that on one text.
//!
//! Conditions on attributes (`[[terraform.when]]`) do not weaken it: a rule
//! with conditions wants its resource types like any rule (`check::wanted`),
//! and its conditions only narrow which of the declarations found match.

use std::sync::{Arc, LazyLock};

use super::outline::{Item, Value, outline};
use super::{
    DATA_SOURCE, MODULE, MODULE_WORDS, PROVIDER, RESOURCE, declarations, hcl, may_match, prefilter,
};
use crate::scan::{ScannedFile, Target, TargetInfo, Wanted};
use crate::source::SourceFile;

/// How an item is compared: what it declares, without spans or notes.
pub fn key(item: &Item) -> String {
    match item {
        Item::Block {
            data,
            ty,
            name,
            provider,
            ..
        } => format!("block {data} {ty:?} {name:?} {provider:?}"),
        Item::Module { name, .. } => format!("module {name:?}"),
        Item::RequiredProvider { local, .. } => format!("required {local:?}"),
        Item::ProviderBlock { local, .. } => format!("provider {local:?}"),
        Item::ContainerImage { task, .. } => format!("image of {task:?}"),
    }
}

/// A value the outline read must be the value hcl-edit evaluates; the
/// outline may say it does not know (the file is then parsed).
fn value_agrees(outline: Option<&Value>, hcl: Option<&Value>) -> bool {
    match (outline, hcl) {
        (Some(Value::Unknown), _) => true,
        (a, b) => a == b,
    }
}

fn source_of(item: &Item) -> Option<Option<&Value>> {
    match item {
        Item::Module { source, .. } => Some(source.as_ref().map(|s| &s.0)),
        Item::RequiredProvider { source, .. } => Some(source.as_ref()),
        _ => None,
    }
}

/// Checks that the outline of `text` agrees with hcl-edit wherever both
/// read it. `Err` says how they differ.
pub fn agree(text: &str) -> Result<(), String> {
    let o = outline(text, &[]);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Every resource's attributes are read too (conditions on attributes),
    // so the property tests and fuzz targets check that reading as well.
    let Ok(mut hcl_items) = hcl::items_with(&text[bom..], bom, &|_| true) else {
        // hcl-edit rejects the file: adrift then reports a parse error (or,
        // where hcl-edit is stricter than Terraform, uses the outline).
        return Ok(());
    };
    for item in &hcl_items {
        if let Item::Block {
            attributes: Some(attributes),
            ..
        } = item
        {
            for (path, _, span) in &attributes.entries {
                if span.start > span.end || text.get(span.clone()).is_none() || path.is_empty() {
                    return Err(format!(
                        "attribute {path:?} has a span {span:?} outside the text or off a character boundary\n{text:?}"
                    ));
                }
            }
        }
    }
    // Container images are hcl-edit's alone: the prefilter sends every
    // task definition on when images are wanted.
    hcl_items.retain(|i| !matches!(i, Item::ContainerImage { .. }));
    if o.diverges {
        // hcl-edit reads a heredoc differently from Terraform: the file is
        // always read by both, and both readings are checked.
        return Ok(());
    }
    if o.error.is_some() {
        // The outline (Terraform's lexical rules) rejects what hcl-edit
        // reads, as Terraform does a marker line like `EOT + 1`: the file
        // is then always read by hcl-edit, so nothing is skipped.
        return Ok(());
    }
    let outline_keys: Vec<String> = o.items.iter().map(key).collect();
    let hcl_keys: Vec<String> = hcl_items.iter().map(key).collect();
    if outline_keys != hcl_keys {
        return Err(format!(
            "the outline reads {outline_keys:?}, hcl-edit {hcl_keys:?}\n{text:?}"
        ));
    }
    for (a, b) in o.items.iter().zip(&hcl_items) {
        if let (Some(va), Some(vb)) = (source_of(a), source_of(b))
            && !value_agrees(va, vb)
        {
            return Err(format!(
                "a source reads {va:?} in the outline, {vb:?} in hcl-edit\n{text:?}"
            ));
        }
    }
    Ok(())
}

/// The patterns the prefilter is checked with: one per kind of literal
/// (types, module segments and submodules, providers read as
/// `hashicorp/<name>` and written in full).
const PATTERNS: [(&TargetInfo, &str); 10] = [
    (&RESOURCE, "aws_db_*"),
    (&DATA_SOURCE, "aws_db_instance"),
    (&MODULE, "terraform-aws-modules/rds/aws"),
    (
        &MODULE,
        "terraform-aws-modules/s3-bucket/aws//modules/notification",
    ),
    (&PROVIDER, "hashicorp/mysql"),
    (&PROVIDER, "petoju/mysql"),
    (&PROVIDER, "a/b"),
    (&MODULE_WORDS, "rds"),
    (&MODULE_WORDS, "s3-bucket"),
    (&crate::scan::images::REPOSITORIES, "postgres"),
];

/// Each pattern's wanted set and text stage, built once.
static FILTERS: LazyLock<Vec<(&'static str, Wanted, prefilter::TextFilter)>> =
    LazyLock::new(|| {
        PATTERNS
            .iter()
            .map(|(target, pattern)| {
                let target = Target(target);
                let expanded: Vec<String> = target.expand(&target.normalise(pattern));
                let wanted = Wanted::new(expanded.iter().map(|p| (target, p.as_str())));
                let filter = prefilter::TextFilter::new(&wanted);
                (*pattern, wanted, filter)
            })
            .collect()
    });

/// Checks that neither prefilter stage skips `text` while a full reading
/// of it (hcl-edit's) finds a declaration one of [`PATTERNS`] matches.
/// `Err` names the pattern and what was missed.
pub fn prefilter_sound(text: &str) -> Result<(), String> {
    let o = outline(text, &[]);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Ok(items) = hcl::items(&text[bom..], bom) else {
        return Ok(());
    };
    let file = SourceFile::new("main.tf".into(), text.to_string());
    for (pattern, wanted, filter) in FILTERS.iter() {
        let outline_skips =
            o.error.is_none() && !o.diverges && !o.items.iter().any(|i| may_match(i, wanted));
        let text_skips = !filter.may_match(text, true);
        if !(outline_skips || text_skips) {
            continue;
        }
        let mut full = ScannedFile::empty(Arc::clone(&file));
        for item in &items {
            declarations(item, &file, wanted, "", &mut full);
        }
        let matched: Vec<&str> = full
            .declarations
            .iter()
            .filter(|d| wanted.matches(d.target, &d.name))
            .map(|d| d.subject.as_str())
            .collect();
        // A source Terraform itself refuses (not a constant) is reported
        // only when the file is read: the text stage may skip it.
        if !matched.is_empty() || (outline_skips && !full.problems.is_empty()) {
            return Err(format!(
                "pattern {pattern}: the {} stage skipped the file, yet a full reading finds {matched:?} {:?}\n{text:?}",
                if text_skips { "text" } else { "outline" },
                full.problems.iter().map(|p| &p.message).collect::<Vec<_>>()
            ));
        }
    }
    Ok(())
}

/// Scans `bytes` as a whole `.tf` file and as a `.tf.json` file, with every
/// kind of pattern wanted: for fuzzing the whole path a file takes.
pub fn scan_whole(bytes: &[u8]) {
    static EVERYTHING: LazyLock<(Wanted, prefilter::TextFilter)> = LazyLock::new(|| {
        let pairs = [
            (Target(&RESOURCE), "**"),
            (Target(&DATA_SOURCE), "**"),
            (Target(&MODULE), "**"),
            (Target(&PROVIDER), "**"),
        ];
        let wanted = Wanted::new(pairs);
        let filter = prefilter::TextFilter::new(&wanted);
        (wanted, filter)
    });
    let (wanted, filter) = &*EVERYTHING;
    for json in [false, true] {
        let _ = super::scan_bytes("main.tf".into(), bytes.to_vec(), json, wanted, filter);
    }
}
