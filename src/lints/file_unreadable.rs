use super::LintContext;
use crate::finding::Finding;
use crate::record::ReadProblem;

declare_lint! {
    /// ## What it does
    /// Reports a file adrift could not read: a record, or a file `adrift
    /// check` scans (the scanned file's own problems are listed with it). For
    /// a record: the
    /// operating system refused it, it is a directory with a record's name,
    /// it is binary, it is not UTF-8 (pointing at the first bad byte), it is
    /// a broken symbolic link or a link loop, or it is larger than 4 MiB.
    ///
    /// ## Why is this bad?
    /// A gate that skips what it cannot read lets anything through. adrift
    /// fails closed: a record it cannot read is an error, never a silent skip.
    ///
    /// ## Example
    /// `adr/0007-cache.md` saved as UTF-16 by an editor, or a `.md` symlink
    /// whose target was deleted.
    ///
    /// ## Use instead
    /// Save the record as UTF-8, fix or remove the link, or move attachments
    /// out of the record directory (or list them under `exclude`).
    pub static FILE_UNREADABLE = {
        code: "file-unreadable",
        severity: Error,
        summary: "a file adrift reads cannot be read",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for record in &ctx.collection.records {
        let Some(problem) = &record.read_problem else {
            continue;
        };
        let (message, help, span) = match problem {
            ReadProblem::Io(e) => (
                format!("cannot read the file: {e}"),
                "check that the file exists and is readable, or exclude it in adrift.toml",
                None,
            ),
            ReadProblem::Directory => (
                "is a directory, not a record file".to_string(),
                "rename the directory so it does not end in .md",
                None,
            ),
            ReadProblem::NotAFile { kind } => (
                format!("is {kind}, not a record file"),
                "records are regular files: move it out of the record directory, or exclude it in adrift.toml",
                None,
            ),
            ReadProblem::TooLarge { bytes, limit } => (
                format!("file is {bytes} bytes, more than the {limit} bytes read as a record"),
                "move attachments out of the record directory, or exclude the file in adrift.toml",
                None,
            ),
            ReadProblem::Binary => (
                "file is binary (it contains NUL bytes)".to_string(),
                "records are Markdown text; move binary files out or exclude them in adrift.toml",
                None,
            ),
            ReadProblem::NotUtf8 { offset } => (
                format!("file is not valid UTF-8 (first bad byte at offset {offset})"),
                "save the file as UTF-8",
                // The text holds U+FFFD (three bytes) where the bad byte was.
                Some(
                    *offset
                        ..*offset
                            + record.source.text[(*offset).min(record.source.text.len())..]
                                .chars()
                                .next()
                                .map_or(0, char::len_utf8),
                ),
            ),
        };
        let mut finding = FILE_UNREADABLE.finding(record, message).help(help);
        if let Some(span) = span {
            finding = finding.at(span);
        }
        out.push(finding);
    }
}
