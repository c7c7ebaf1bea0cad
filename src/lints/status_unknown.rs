use super::LintContext;
use crate::finding::Finding;
use crate::record::Status;
use crate::suggest::did_you_mean;

declare_lint! {
    /// ## What it does
    /// Reports a status that is none of the known ones. adrift knows the five
    /// canonical statuses (proposed, accepted, rejected, deprecated,
    /// superseded), the synonyms `draft` and `pending` (proposed), `approved`
    /// and `decided` (accepted), adr-tools' `superceded`, and whatever the
    /// `[statuses]` table of `adrift.toml` adds. Emoji, case, links and
    /// remarks in parentheses are ignored: `✅ Accepted (for now)` is accepted.
    /// An empty status (`Status:` and nothing after it) is reported as empty.
    /// The help says which canonical status the words most likely mean
    /// (`Reverted by ADR-0009` reads as rejected, `On hold` as proposed), else
    /// the nearest spelling. A status written as an emoji (`🤔`) is looked up
    /// by the emoji, so a team's legend maps under `[statuses]` too.
    ///
    /// ## Why is this bad?
    /// The gate acts on the status: an accepted decision is enforced, a
    /// superseded one is not. A status adrift cannot read is a decision whose
    /// force nobody can tell.
    ///
    /// ## Example
    /// ```markdown
    /// ## Status
    /// Aproved
    /// ```
    ///
    /// ## Use instead
    /// Correct the spelling, or say what a house status means:
    /// ```toml
    /// [statuses]
    /// "on hold" = "proposed"
    /// "🤔" = "proposed"
    /// ```
    pub static STATUS_UNKNOWN = {
        code: "status-unknown",
        severity: Error,
        summary: "a status is not one adrift knows",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let canonical: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    for (_, record) in ctx.records() {
        let Some(status) = &record.status else {
            continue;
        };
        if status.canonical.is_some() {
            continue;
        }
        let known = format!("known statuses: {}", canonical.join(", "));
        if status.key.trim().is_empty() {
            out.push(
                STATUS_UNKNOWN
                    .finding(record, "status is empty")
                    .at(status.span.clone())
                    .help(format!("write the decision's status; {known}")),
            );
            continue;
        }
        let lower = status.text.to_lowercase();
        let partly = ["partly", "partially", "in part"]
            .iter()
            .any(|w| lower.contains(w));
        let help = match crate::record::status_meaning(&status.text) {
            // `Partly superseded`: what still holds is still a decision.
            Some(Status::Superseded | Status::Deprecated) if partly => format!(
                "a decision that still holds in part is \"accepted\" (its rules stay enforced); map it in adrift.toml: [statuses] {:?} = \"accepted\", and link the record that replaces the rest; {known}",
                status.key
            ),
            Some(meaning) => {
                let also = match meaning {
                    Status::Rejected if status.text.to_lowercase().contains(" by ") => {
                        " (or \"superseded\", if the record it names replaces it)"
                    }
                    _ => "",
                };
                format!(
                    "it reads as {:?}{also}; if that is what your team means, map it in adrift.toml: [statuses] {:?} = {:?}; {known}",
                    meaning.as_str(),
                    status.key,
                    meaning.as_str()
                )
            }
            None => {
                let map_it = format!(
                    "to keep it, map it in adrift.toml: [statuses] {:?} = \"proposed\" (or another canonical status)",
                    status.key
                );
                did_you_mean(
                    &status.key,
                    ctx.config.statuses.known(),
                    &format!("{known}; {map_it}"),
                )
            }
        };
        out.push(
            STATUS_UNKNOWN
                .finding(
                    record,
                    format!("status {:?} is not a known status", status.text.trim()),
                )
                .at(status.span.clone())
                .help(help),
        );
    }
}
