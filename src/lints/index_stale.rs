use super::LintContext;
use crate::author::index;
use crate::finding::Finding;
use crate::source::SourceFile;

declare_lint! {
    /// ## What it does
    /// Warns when the index that `adrift index` keeps between
    /// `<!-- adrift:index:start -->` and `<!-- adrift:index:end -->` markers
    /// in the record directory's `README.md` (or `index.md`) no longer
    /// matches the records: a record was added, renamed, retitled or changed
    /// status. Files without the markers are not checked.
    ///
    /// ## Why is this bad?
    /// The index is what most readers open first. A stale one hides the
    /// newest decisions and shows superseded ones as current.
    ///
    /// ## Example
    /// `adr/README.md` lists ADR-0002 as accepted after it was superseded.
    ///
    /// ## Use instead
    /// Run `adrift index` (or `adrift lint --fix`).
    pub static INDEX_STALE = {
        code: "index-stale",
        severity: Warning,
        summary: "the index between adrift's markers is out of date",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let path = index::index_path(&ctx.collection.dir);
    // Only a regular file is read (a FIFO named README.md would block).
    let Ok(text) = crate::collection::read_text(&path, crate::collection::MAX_RECORD_BYTES) else {
        return;
    };
    // Only an index with both markers is adrift's (a hand-made one is
    // index-drift's).
    let Some(start) = text
        .find(index::START)
        .filter(|_| index::has_markers(&text))
    else {
        return;
    };
    if index::updated(ctx.collection, &path, Some(&text)) == text {
        return;
    }
    let shown = format!(
        "{}/{}",
        ctx.collection.display_dir,
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let file = SourceFile::new(shown.clone(), text);
    out.push(
        Finding::new(&INDEX_STALE, format!("the index in {shown} is stale"))
        .in_file(&file)
        .at(start..start + index::START.len())
        .help(
            "run `adrift index` (or `adrift lint --fix`) to rewrite the table between the markers",
        ),
    );
}
