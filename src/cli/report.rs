//! Choosing and grading findings, as `lint` and `check` share them:
//! `--select`/`--ignore` (and `select`/`ignore` in adrift.toml), the exit
//! code (`--fail-on`, `--deny-warnings`, `--exit-zero`), `--statistics` and
//! `--quiet`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{FailOn, ReportArgs};
use crate::config::Config;
use crate::error::Error;
use crate::finding::{Finding, Severity, Summary};
use crate::lints;
use crate::suggest::did_you_mean;

/// Keeps the findings `select`/`ignore` choose; `rule_ids` are the rules a
/// name may also be. The fail-closed codes are always kept.
pub(super) fn choose(
    findings: &mut Vec<Finding>,
    args: &ReportArgs,
    config: &Config,
    rule_ids: &[String],
) -> Result<(), Error> {
    let select: &[String] = if args.select.is_empty() {
        &config.select
    } else {
        &args.select
    };
    let ignore: Vec<&String> = config.ignore.iter().chain(&args.ignore).collect();
    let codes: Vec<&str> = lints::all_codes().map(|l| l.code).collect();
    let known: Vec<&str> = codes
        .iter()
        .copied()
        .chain(rule_ids.iter().map(String::as_str))
        .collect();
    for name in select.iter().chain(ignore.iter().copied()) {
        if !known.contains(&name.as_str()) {
            return Err(Error::Usage {
                message: format!("unknown code or rule {name:?} in select/ignore"),
                help: did_you_mean(
                    name,
                    known.iter().copied(),
                    "`adrift explain` lists the codes; `adrift rules` the rules",
                ),
            });
        }
    }
    for name in &args.ignore {
        if lints::find_code(name).is_some_and(|c| c.fails_closed()) {
            return Err(Error::Usage {
                message: format!(
                    "{name} cannot be ignored: it is how the gate fails closed on a file it cannot read"
                ),
                help: "fix the file, or leave it out of the check with `exclude = [\"path/**\"]` in adrift.toml".to_string(),
            });
        }
    }
    let named = |list: &[&String], f: &Finding| {
        list.iter()
            .any(|n| **n == f.code || f.rule.as_deref() == Some(n.as_str()))
    };
    let select: Vec<&String> = select.iter().collect();
    findings.retain(|f| {
        let closed = lints::find_code(&f.code).is_some_and(|c| c.fails_closed());
        closed || ((select.is_empty() || named(&select, f)) && !named(&ignore, f))
    });
    Ok(())
}

/// The exit code for findings: 1 from the `--fail-on` severity up
/// (warnings too with `--deny-warnings`), 0 with `--exit-zero`.
pub(super) fn exit_code(summary: Summary, args: &ReportArgs, deny_warnings: bool) -> u8 {
    if args.exit_zero {
        return 0;
    }
    let warnings_fail = deny_warnings || args.fail_on == Some(FailOn::Warning);
    u8::from(summary.errors > 0 || (warnings_fail && summary.warnings > 0))
}

/// `--statistics`: one line per code (and the decision of a rule), most
/// frequent first.
pub(super) fn statistics(findings: &[Finding]) -> String {
    let mut counts: BTreeMap<(&str, &str, Severity), usize> = BTreeMap::new();
    for f in findings {
        *counts
            .entry((&f.code, f.decision.as_deref().unwrap_or(""), f.severity))
            .or_default() += 1;
    }
    let mut rows: Vec<((&str, &str, Severity), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows.iter().map(|((c, _, _), _)| c.len()).max().unwrap_or(0);
    let mut out = String::new();
    for ((code, decision, severity), n) in rows {
        let _ = writeln!(
            out,
            "{n:>5}  {code:<width$}  {:<7}  {decision}",
            severity.as_str()
        );
    }
    out.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}
