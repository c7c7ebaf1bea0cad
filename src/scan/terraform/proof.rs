//! The property the Terraform prefilter rests on, as a function the
//! property tests and the fuzz targets both call.
//!
//! The prefilter skips a `.tf` file when its outline is clean and no item in
//! it may match a wanted pattern. That is sound when every declaration
//! hcl-edit finds, the outline finds too, with the same name (or as a value
//! it does not claim to know). [`agree`] checks exactly that on one text.

use super::hcl;
use super::outline::{Item, Value, outline};

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
    let Ok(hcl_items) = hcl::items(&text[bom..], bom) else {
        // hcl-edit rejects the file: adrift then reports a parse error (or,
        // where hcl-edit is stricter than Terraform, uses the outline).
        return Ok(());
    };
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
