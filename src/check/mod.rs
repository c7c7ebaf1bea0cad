//! `adrift check`: the records' lints, then every active rule against what
//! the project declares, with waivers.
//!
//! The diagnostics of the check itself (parse errors, stale rules, waiver
//! problems) are declared like lints, one file each, in [`CHECK_CODES`].

pub mod baseline;
mod baseline_unmatched;
pub mod changed;
mod citation;
mod fold;
mod lock_stale;
pub mod number_collision;
mod parse_error;

pub use citation::CITATION_STALE;
pub use lock_stale::LOCK_STALE;
pub use parse_error::PARSE_ERROR;
mod rule_inactive;
mod rule_pattern_unknown;
mod rules_none;
mod waiver_expired;
mod waiver_invalid;
mod waiver_unused;

use std::borrow::Cow;
use std::path::Path;

use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::lints::{self, Lint, LintContext};
use crate::record::Status;
use crate::rules::condition::Verdict;
use crate::rules::{BoundRule, Lifecycle, Origin, Pattern};
use crate::scan::{self, Declaration, Reader, ScannedFile, Wanted};
use crate::suggest::distance;

/// The diagnostics `adrift check` reports besides record lints and rules.
pub static CHECK_CODES: &[&Lint] = &[
    &parse_error::PARSE_ERROR,
    &lock_stale::LOCK_STALE,
    &rule_inactive::RULE_INACTIVE,
    &rule_pattern_unknown::RULE_PATTERN_UNKNOWN,
    &rules_none::RULES_NONE,
    &waiver_invalid::WAIVER_INVALID,
    &waiver_expired::WAIVER_EXPIRED,
    &waiver_unused::WAIVER_UNUSED,
    &baseline_unmatched::BASELINE_UNMATCHED,
    &citation::CITATION_STALE,
];

/// The codes only a comparison with another branch reports (`lint
/// --against`): no fixture can raise them without a repository.
pub static BRANCH_CODES: &[&Lint] = &[&number_collision::NUMBER_COLLISION];

/// Check codes are reported by the engine, not by a pass over records.
pub(crate) fn reported_by_check(_: &LintContext<'_>, _: &mut Vec<Finding>) {}

/// What a check found.
#[derive(Debug)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Findings a valid waiver waived (counted, never silently dropped).
    pub waived: usize,
    /// Records and project files read.
    pub files: usize,
    /// Findings a baseline held (set by the caller that applies one).
    pub baselined: usize,
    /// For a check of part of the project (`check PATHS`,
    /// `--changed-since`), the files it read (normalised; records too).
    pub scanned: Option<std::collections::HashSet<std::path::PathBuf>>,
    /// Every waiver read, with its file (for `adrift site`).
    pub waivers: Vec<(
        std::sync::Arc<crate::source::SourceFile>,
        crate::scan::waiver::Waiver,
    )>,
}

/// What the active (enforced or previewed) rules could match.
pub fn wanted(rules: &[BoundRule]) -> Wanted {
    let mut pairs: Vec<(scan::Target, String)> = Vec::new();
    for bound in rules
        .iter()
        .filter(|r| !matches!(r.lifecycle, Lifecycle::Inactive(_)))
    {
        for (target, patterns) in bound.rule.patterns.iter() {
            for pattern in patterns {
                for expanded in target.expand(&pattern.text) {
                    // Conditions on attributes: those resources' attributes are read.
                    if !bound.rule.conditions.is_empty() {
                        pairs.push((
                            scan::Target(&scan::terraform::CONDITIONED),
                            expanded.clone(),
                        ));
                    }
                    pairs.push((target, expanded));
                }
            }
        }
    }
    Wanted::new(pairs.iter().map(|(t, p)| (*t, p.as_str())))
}

/// Which project files a check scans (the records are always all linted).
#[derive(Debug, Clone, Default)]
pub enum Scope {
    /// Every file of the walk.
    #[default]
    All,
    /// `--changed-since`: these paths (absolute, deleted ones included) and
    /// their ecosystem partners (see [`changed::partners`]).
    Changed(Vec<std::path::PathBuf>),
}

/// Runs the whole check from `root` (the project's top), with any
/// Terraform `plans`.
pub fn run(
    ctx: &LintContext<'_>,
    rules: &[BoundRule],
    plans: &[std::path::PathBuf],
    root: &Path,
    cwd: &Path,
) -> Report {
    run_scoped(ctx, rules, plans, root, cwd, &Scope::All)
}

/// [`run`] over the files of `scope`.
pub fn run_scoped(
    ctx: &LintContext<'_>,
    rules: &[BoundRule],
    plans: &[std::path::PathBuf],
    root: &Path,
    cwd: &Path,
    scope: &Scope,
) -> Report {
    let mut findings = lints::run(ctx);
    rule_findings(ctx, rules, &mut findings);
    if !rules
        .iter()
        .any(|r| !matches!(r.lifecycle, Lifecycle::Inactive(_)))
    {
        let why = if rules.is_empty() {
            format!(
                "no rule in {}",
                crate::config::display(&ctx.config.rules_dir, cwd)
            )
        } else {
            "every rule's decision is superseded, deprecated or rejected".to_string()
        };
        findings.push(
            Finding::new(
                &rules_none::RULES_NONE,
                format!("the gate enforces nothing: {why}"),
            )
            .help(
                "write a rule for an accepted decision (one file per rule in the rules directory); `adrift rules suggest N` drafts one from record N's text",
            ),
        );
    }

    let wanted = wanted(rules);
    let mut reader = Reader::new(cwd, ctx.config);
    // Stale citations are searched on the same walk, only when a record is
    // stale (else no file beyond the ecosystems' is listed or read), in the
    // files the ecosystems read as they read them.
    let citations = citation::Citations::new(ctx);
    if let Some(citations) = &citations {
        reader.tap = Some(std::sync::Arc::clone(&citations.tap));
    }
    let (mut files, mut texts, walk_problems) =
        scan::files::walk_all(root, ctx.config, cwd, citations.is_some());
    // A site adrift wrote (its `.adrift-site` marker is in the walk) cites
    // every record by design: not searched for citations. Its files still
    // go to the ecosystems: a marker never hides drift.
    let sites: Vec<std::path::PathBuf> = texts
        .iter()
        .filter(|p| p.file_name() == Some(std::ffi::OsStr::new(crate::site::MARKER)))
        .filter_map(|p| p.parent().map(std::path::Path::to_path_buf))
        .collect();
    if !sites.is_empty() {
        texts.retain(|f| !sites.iter().any(|site| f.starts_with(site)));
    }
    // `adrift check PATHS`: only the files under those paths are scanned.
    if !ctx.config.scan_only.is_empty() {
        files.retain(|f| ctx.config.scan_only.iter().any(|p| f.path.starts_with(p)));
        texts.retain(|f| ctx.config.scan_only.iter().any(|p| f.starts_with(p)));
    }
    if let Scope::Changed(changed) = scope {
        let include_reader = Reader::new(cwd, ctx.config);
        let keep = changed::partners(&files, changed, &|p| include_reader.read_bytes(p).ok());
        files.retain(|f| keep.contains(&crate::config::normalise(&f.path)));
        let changed: std::collections::HashSet<_> = changed
            .iter()
            .map(|p| crate::config::normalise(p))
            .collect();
        texts.retain(|f| changed.contains(&crate::config::normalise(f)));
    }
    findings.extend(walk_problems);
    let scanned_paths = (!ctx.config.scan_only.is_empty() || matches!(scope, Scope::Changed(_)))
        .then(|| {
            files
                .iter()
                .map(|f| crate::config::normalise(&f.path))
                .chain(texts.iter().map(|p| crate::config::normalise(p)))
                .chain(
                    ctx.collection
                        .records
                        .iter()
                        .map(|r| crate::config::normalise(&r.path)),
                )
                .collect()
        });
    // The walk lists a file once per ecosystem that reads it, together.
    let distinct_paths = files
        .iter()
        .zip(files.iter().skip(1).map(Some).chain([None]))
        .filter(|(a, b)| b.is_none_or(|b| b.path != a.path))
        .count();
    let mut scanned = scan::scan_all(&files, &wanted, &reader);
    if !plans.is_empty() {
        let tf_files: Vec<std::path::PathBuf> = files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "tf"))
            .map(|f| f.path.clone())
            .collect();
        for plan in plans {
            scanned.extend(scan::terraform::plan::scan(plan, &tf_files, &reader));
        }
    }
    // A file two ecosystems read (a `.yaml` file may be a manifest or a
    // template) is one file: its waivers are matched once, its problems
    // reported once.
    let scanned = merge_by_file(scanned);
    let mut waived = 0;
    let mut text_files = 0;
    if let Some(citations) = &citations {
        let (found, citations_waived, searched) = citations.run(ctx, &texts, &reader);
        findings.extend(found);
        waived += citations_waived;
        text_files = searched;
    }
    let mut quotes = Quotes::default();
    let mut waivers = Vec::new();
    let mut foldable = Vec::new();
    for file in &scanned {
        waivers.extend(file.waivers.iter().map(|w| (file.file.clone(), w.clone())));
        findings.extend(file.problems.iter().cloned());
        waived += match_file(ctx, rules, file, &mut findings, &mut quotes, &mut foldable);
    }
    waived += fold::fold(&mut findings, foldable).waived;
    apply_severity_overrides(ctx.config, &mut findings);
    findings.sort_by_cached_key(Finding::sort_key);
    Report {
        findings,
        waived,
        files: ctx.collection.records.len() + distinct_paths.max(text_files),
        baselined: 0,
        scanned: scanned_paths,
        waivers,
    }
}

/// One entry per file: a plan's declarations in a `.tf` file join that
/// file's own, and what several ecosystems read of one file is put
/// together, so its waivers are matched (and reported unused) once and a
/// problem each of them meets (a syntax error, an unreadable file) is
/// reported once.
fn merge_by_file(scanned: Vec<ScannedFile>) -> Vec<ScannedFile> {
    let mut out: Vec<ScannedFile> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for s in scanned {
        match index.get(&s.file.path) {
            Some(&i) => {
                out[i].declarations.extend(s.declarations);
                for problem in s.problems {
                    let same = |p: &Finding| {
                        p.code == problem.code
                            && p.span == problem.span
                            && p.message == problem.message
                    };
                    if !out[i].problems.iter().any(same) {
                        out[i].problems.push(problem);
                    }
                }
                // The same comment read by two ecosystems is one waiver;
                // a waiver only one of them reads (in a resource's
                // metadata) counts too.
                for waiver in s.waivers {
                    if !out[i]
                        .waivers
                        .iter()
                        .any(|w| w.span == waiver.span && w.rule == waiver.rule)
                    {
                        out[i].waivers.push(waiver);
                    }
                }
            }
            None => {
                index.insert(s.file.path.clone(), out.len());
                out.push(s);
            }
        }
    }
    out
}

/// `[severity]` in adrift.toml, applied once to every finding of adrift's
/// own codes, lints and check codes alike (rules keep their own severity;
/// the fail-closed codes cannot be changed, which the config enforces).
pub fn apply_severity_overrides(config: &Config, findings: &mut Vec<Finding>) {
    findings.retain_mut(|f| {
        let Some(code) = lints::find_code(&f.code) else {
            return true;
        };
        match config.severity_of(code.code, code.default_severity) {
            Some(severity) => {
                f.severity = severity;
                true
            }
            None => false,
        }
    });
}

fn lint_finding(lint: &'static Lint, rule: &BoundRule, decision: &str, message: String) -> Finding {
    let mut f = Finding::new(lint, message).in_file(&rule.rule.file);
    f.decision = Some(decision.to_string());
    f.rule = Some(rule.rule.id.clone());
    f
}

/// Stale rules and patterns that match nothing.
fn rule_findings(ctx: &LintContext<'_>, rules: &[BoundRule], out: &mut Vec<Finding>) {
    for bound in rules {
        let record = &ctx.collection.records[bound.record];
        if let Lifecycle::Inactive(status) = bound.lifecycle {
            let successor = record
                .links
                .iter()
                .filter(|l| l.kind == crate::record::LinkKind::SupersededBy)
                .find_map(|l| l.target)
                .map(|t| ctx.collection.records[t].id.clone());
            let (why, help) = match (status, &successor) {
                (Status::Superseded, Some(next)) => (
                    format!("superseded by {next}"),
                    format!(
                        "remove the rule, or bind it to the decision now in force: decision = \"{next}\""
                    ),
                ),
                _ => (
                    status.to_string(),
                    "remove the rule, or bind it to a decision that is in force".to_string(),
                ),
            };
            out.push(
                lint_finding(
                    &rule_inactive::RULE_INACTIVE,
                    bound,
                    &record.id,
                    format!(
                        "rule {} is inactive: {} \"{}\" is {why}",
                        bound.rule.id,
                        record.id,
                        record.title_text()
                    ),
                )
                .at(bound.rule.decision_span.clone())
                .help(help),
            );
            continue;
        }
        for (target, patterns) in bound.rule.patterns.iter() {
            let Some(known_names) = scan::ECOSYSTEMS
                .iter()
                .find(|e| e.name == target.info().ecosystem)
                .and_then(|e| e.known_names)
            else {
                continue;
            };
            for pattern in patterns {
                let Origin::Rule(span) = &pattern.origin else {
                    continue;
                };
                let Some(known) = known_names(target, &pattern.text) else {
                    continue;
                };
                if known.names.iter().any(|name| pattern.matcher.matches(name)) {
                    continue;
                }
                let nearest = close_names(&pattern.text, &known.names);
                let help = if nearest.is_empty() {
                    "no known type is close; if the type is real and new, the pattern is fine (adrift's list may lag the provider)".to_string()
                } else {
                    format!(
                        "nearest: {}; if the type is real and new, the pattern is fine (adrift's list may lag the provider)",
                        nearest.join(", ")
                    )
                };
                out.push(
                    lint_finding(
                        &rule_pattern_unknown::RULE_PATTERN_UNKNOWN,
                        bound,
                        &record.id,
                        format!(
                            "pattern {:?} matches no {} type adrift knows",
                            pattern.text, known.family
                        ),
                    )
                    .at(span.clone())
                    .help(help),
                );
            }
        }
    }
}

/// At most three known names close to `pattern` (by edit distance, at most
/// a third of the pattern's length; a glob compares its literal stem with
/// as much of each name), nearest first; none when nothing is close.
fn close_names<'n>(pattern: &str, names: &'n [String]) -> Vec<&'n str> {
    let (stem, glob) = match pattern.find(['*', '?', '[']) {
        Some(i) => (&pattern[..i], true),
        None => (pattern, false),
    };
    let limit = (stem.chars().count() / 3).max(1);
    let mut close: Vec<(usize, &str)> = names
        .iter()
        .filter_map(|name| {
            let compared = if glob {
                let end = name
                    .char_indices()
                    .nth(stem.chars().count())
                    .map_or(name.len(), |(i, _)| i);
                &name[..end]
            } else {
                name.as_str()
            };
            let d = distance(stem, compared);
            (d <= limit).then_some((d, name.as_str()))
        })
        .collect();
    close.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, name) in close {
        // A glob's stem matches a family: name each family once.
        let family = |n: &'n str| n.get(..stem.len()).unwrap_or(n);
        if glob && out.iter().any(|o| family(o) == family(name)) {
            continue;
        }
        out.push(name);
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// The patterns of a rule that apply to a declaration: none for a
/// development-only one unless the rule asks for those too.
fn patterns_for<'r>(rule: &'r BoundRule, declaration: &Declaration) -> &'r [Pattern] {
    let ecosystem = declaration.target.info().ecosystem;
    if declaration.dev && !rule.rule.checks_dev(ecosystem) {
        return &[];
    }
    rule.rule.patterns.get(declaration.target)
}

/// What a rule's conditions on attributes say of a declaration; `None`
/// for a rule without conditions (it matches by name alone).
fn conditions(rule: &BoundRule, declaration: &Declaration) -> Option<Verdict> {
    (!rule.rule.conditions.is_empty()).then(|| {
        crate::rules::condition::evaluate_all(
            &rule.rule.conditions,
            declaration.attributes.as_deref(),
        )
    })
}

/// Matches one file's hits against the active rules and applies its
/// waivers; returns how many findings were waived.
fn match_file(
    ctx: &LintContext<'_>,
    rules: &[BoundRule],
    file: &ScannedFile,
    out: &mut Vec<Finding>,
    quotes: &mut Quotes,
    foldable: &mut Vec<fold::Foldable>,
) -> usize {
    let mut used = vec![false; file.waivers.len()];
    let mut waived = 0;
    // Waivers that cannot waive anything are reported once, whatever they cover.
    let mut valid = vec![true; file.waivers.len()];
    for (i, waiver) in file.waivers.iter().enumerate() {
        // The citation search reads its own waivers (in every text file).
        if waiver.rule == citation::CITATION_STALE.code {
            valid[i] = false;
            continue;
        }
        let problem = if !rules.iter().any(|r| r.rule.id == waiver.rule) {
            let ids: Vec<&str> = rules.iter().map(|r| r.rule.id.as_str()).collect();
            Some((
                if waiver.rule.is_empty() {
                    "waiver names no rule".to_string()
                } else {
                    format!("waiver names rule {:?}, which does not exist", waiver.rule)
                },
                crate::suggest::did_you_mean(
                    &waiver.rule,
                    ids.iter().copied(),
                    &format!(
                        "rules: {}",
                        if ids.is_empty() {
                            "none".to_string()
                        } else {
                            ids.join(", ")
                        }
                    ),
                ),
                &waiver_invalid::WAIVER_INVALID,
            ))
        } else if waiver.reason.is_none() {
            Some((
                format!("waiver for {} gives no reason", waiver.rule),
                format!(
                    "say why after a colon: adrift:allow={}: <reason>",
                    waiver.rule
                ),
                &waiver_invalid::WAIVER_INVALID,
            ))
        } else {
            match &waiver.until {
                Some(Err(_)) => Some((
                    format!(
                        "waiver for {} has an until date that is not YYYY-MM-DD",
                        waiver.rule
                    ),
                    "write the date as YYYY-MM-DD".to_string(),
                    &waiver_invalid::WAIVER_INVALID,
                )),
                Some(Ok(until)) if *until < ctx.today => Some((
                    format!("waiver for {} expired on {until}", waiver.rule),
                    "finish the work and remove the waiver, or agree a new date".to_string(),
                    &waiver_expired::WAIVER_EXPIRED,
                )),
                _ => None,
            }
        };
        if let Some((message, help, code)) = problem {
            valid[i] = false;
            let mut f = Finding::new(code, message)
                .in_file(&file.file)
                .at(waiver.span.clone())
                .help(help);
            f.rule = (!waiver.rule.is_empty()).then(|| waiver.rule.clone());
            out.push(f);
        }
    }

    // A rule's `except` leaves alone what it matches and anything else
    // declared at its span; a hint (a module named for what it creates)
    // says nothing new where a rule matches what is declared there.
    let at = |d: &Declaration| (d.span.start, d.span.end);
    let excepted: Vec<std::collections::HashSet<(usize, usize)>> = rules
        .iter()
        .map(|bound| {
            file.declarations
                .iter()
                .filter(|d| {
                    bound
                        .rule
                        .except
                        .get(d.target)
                        .iter()
                        .any(|p| p.matcher.matches(&d.name))
                })
                .map(at)
                .collect()
        })
        .collect();
    let matched: std::collections::HashSet<(usize, usize)> = file
        .declarations
        .iter()
        .filter(|d| !d.hint)
        .filter(|d| {
            rules.iter().zip(&excepted).any(|(bound, excepted)| {
                !matches!(bound.lifecycle, Lifecycle::Inactive(_))
                    && !excepted.contains(&at(d))
                    && patterns_for(bound, d)
                        .iter()
                        .any(|p| p.matcher.matches(&d.name))
                    && conditions(bound, d) != Some(Verdict::Fails)
            })
        })
        .map(at)
        .collect();
    for hit in &file.declarations {
        if hit.hint && matched.contains(&at(hit)) {
            continue;
        }
        for (bound, excepted) in rules.iter().zip(&excepted) {
            let preview = match bound.lifecycle {
                Lifecycle::Enforced => false,
                Lifecycle::Previewed => true,
                Lifecycle::Inactive(_) => continue,
            };
            if excepted.contains(&at(hit)) {
                continue;
            }
            let patterns = patterns_for(bound, hit);
            let Some(pattern) = patterns.iter().find(|p| p.matcher.matches(&hit.name)) else {
                continue;
            };
            // Reached through a crate this rule already reports: one finding.
            if hit
                .via
                .iter()
                .any(|v| patterns.iter().any(|p| p.matcher.matches(v)))
            {
                continue;
            }
            // Conditions on attributes: a resource they rule out is no match.
            let verdict = conditions(bound, hit);
            if verdict == Some(Verdict::Fails) {
                continue;
            }
            // A "may" points at the attribute: a waiver on its line counts too.
            let may_line = match &verdict {
                Some(Verdict::May {
                    span: Some(span), ..
                }) => Some(file.file.line_col(span.start).line),
                _ => None,
            };
            let waiver = file.waivers.iter().enumerate().find(|(i, w)| {
                valid[*i]
                    && w.rule == bound.rule.id
                    && (hit.waiver_lines.contains(&w.line) || may_line == Some(w.line))
                    && w.scope.as_ref().is_none_or(|scope| *scope == hit.identity)
            });
            if let Some((i, _)) = waiver {
                used[i] = true;
                waived += 1;
                // What configures it is waived with it (see `fold`).
                foldable.extend(fold::Foldable::of(hit, &bound.rule.id, &file.file, None));
                continue;
            }
            foldable.extend(fold::Foldable::of(
                hit,
                &bound.rule.id,
                &file.file,
                Some(out.len()),
            ));
            out.push(rule_finding(
                ctx, bound, hit, pattern, &file.file, preview, quotes,
            ));
        }
    }

    for (i, waiver) in file.waivers.iter().enumerate() {
        if valid[i] && !used[i] {
            let inactive = rules
                .iter()
                .any(|r| r.rule.id == waiver.rule && matches!(r.lifecycle, Lifecycle::Inactive(_)));
            let message = if inactive {
                format!(
                    "waiver for {} waives nothing: the rule is inactive",
                    waiver.rule
                )
            } else {
                format!("waiver for {} waives nothing here", waiver.rule)
            };
            let mut f = Finding::new(&waiver_unused::WAIVER_UNUSED, message)
                .in_file(&file.file)
                .at(waiver.span.clone())
                .help("remove it; a waiver applies to a finding on its own line or in the block just below it");
            f.rule = Some(waiver.rule.clone());
            out.push(f);
        }
    }
    waived
}

/// What each decision says about each set of technologies, read once.
type Quotes = std::collections::HashMap<(usize, String), Option<crate::finding::Reason>>;

fn rule_finding(
    ctx: &LintContext<'_>,
    bound: &BoundRule,
    hit: &Declaration,
    pattern: &Pattern,
    file: &std::sync::Arc<crate::source::SourceFile>,
    preview: bool,
    quotes: &mut Quotes,
) -> Finding {
    // What the rule's conditions read (evaluated again: only for a match).
    let verdict = conditions(bound, hit);
    let verdict = verdict.as_ref();
    let rule = &bound.rule;
    let record = &ctx.collection.records[bound.record];
    let status = record
        .status
        .as_ref()
        .map(|s| match s.canonical {
            Some(c) => c.to_string(),
            None => format!("\"{}\" (read as in force)", s.text.trim()),
        })
        .unwrap_or_else(|| "without a status (read as in force)".to_string());
    let mut message = if hit.hint {
        format!(
            "{} may contradict {}: {} (its name says it creates one)",
            hit.subject, record.id, rule.message
        )
    } else {
        format!(
            "{} contradicts {}: {}",
            hit.subject, record.id, rule.message
        )
    };
    // Why the finding is only a "may", for every output to say so.
    let mut uncertain = hit.hint.then(|| {
        "a guess from the module's name: adrift cannot see what a remote module creates".to_string()
    });
    let may = match verdict {
        Some(Verdict::May { why, span }) => {
            message = format!(
                "{} may contradict {}: {} ({why})",
                hit.subject, record.id, rule.message
            );
            uncertain = Some(why.clone());
            Some(span.clone())
        }
        Some(Verdict::Holds(read)) => {
            message.push_str(&format!(" ({read})"));
            None
        }
        Some(Verdict::Fails) | None => None,
    };
    if let Some(note) = &hit.note {
        message.push_str(&format!(" ({note})"));
    }
    let matched = match &pattern.origin {
        Origin::Rule(_) => format!("{:?}", pattern.text),
        Origin::Catalog(part) => format!("{:?} from {part}", pattern.text),
    };
    let state = if preview {
        format!(
            "{} \"{}\" is proposed: this is a preview, and will fail the check once it is accepted",
            record.id,
            record.title_text()
        )
    } else {
        format!("{} \"{}\" is {status}", record.id, record.title_text())
    };
    // What to change at this line: the declaration itself, or for a
    // package reached transitively the direct dependency that brings it.
    let change = match hit.via.first() {
        Some(direct) => format!(
            "Remove or replace the dependency {direct:?} on this line, which brings the {} in",
            hit.target.noun()
        ),
        None => format!("Remove the {}", hit.target.noun()),
    };
    // The decision's own words about the matched technology, if it has any
    // (read once per decision and technology: a tree may hold thousands).
    let technologies = crate::explain::lexicon::technologies_for(hit.target, &hit.name);
    let key = (
        bound.record,
        technologies
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
    );
    let reason = quotes
        .entry(key)
        .or_insert_with(|| {
            (!technologies.is_empty())
                .then(|| crate::explain::quote::quote(record, &technologies))
                .flatten()
                .map(|q| crate::finding::Reason {
                    path: record.source.path.clone(),
                    line: q.line,
                    text: q.text,
                })
        })
        .clone();
    let says = reason
        .as_ref()
        .map(|r| format!(" {} says (line {}): \"{}\".", record.id, r.line, r.text))
        .unwrap_or_default();
    let waive = how_to_waive(file, hit, &rule.id);
    let help = if hit.hint {
        format!(
            "{state}; rule {} ({}) matched the word {matched} in the module's name. adrift cannot see what a remote module creates: if it creates what the decision forbids, add its source to the rule's `modules` (an error from then on) or remove it; if not, add its source to `except` in the rule's [{}] section, or {waive}",
            rule.id,
            rule.file.path,
            hit.target.info().ecosystem,
        )
    } else if may.is_some() {
        let when: Vec<String> = rule.conditions.iter().map(|c| c.describe()).collect();
        format!(
            "{state}; rule {} ({}) matched {matched} and applies only when {}. adrift reads attributes without evaluating variables, functions or `dynamic` blocks: write the value as a constant so adrift can read it, or, if the condition cannot hold where it is applied, {waive}",
            rule.id,
            rule.file.path,
            when.join(" and "),
        )
    } else {
        format!(
            "{state}; rule {} ({}) matched {matched}.{says} {change}, or {waive}",
            rule.id, rule.file.path
        )
    };
    // A guess from a name is a warning, whatever the rule's severity.
    let severity = if preview || hit.hint {
        Severity::Warning
    } else {
        rule.severity
    };
    Finding {
        code: Cow::Owned(rule.id.clone()),
        severity,
        message,
        file: Some(std::sync::Arc::clone(file)),
        span: Some(may.flatten().unwrap_or_else(|| hit.span.clone())),
        labels: Vec::new(),
        help: Some(help),
        decision: Some(record.id.clone()),
        rule: Some(rule.id.clone()),
        key: Some(hit.identity.clone()),
        reason,
        covers: Vec::new(),
        may: uncertain,
    }
}

/// How to waive a finding in `file`, for its help: in a comment where the
/// file takes comments; in JSON, which has none, what its reader takes
/// instead (a `"//"` key in a `package.json`, a CloudFormation resource's
/// `Metadata`), else a baseline (a `.tf.json`, a lock, a task definition).
fn how_to_waive(file: &crate::source::SourceFile, hit: &Declaration, rule: &str) -> String {
    let name = file.path.rsplit(['/', '\\']).next().unwrap_or(&file.path);
    let json = name.ends_with(".json")
        || (name.ends_with(".template")
            && file
                .text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{'));
    if !json {
        format!(
            "waive it with a reason in a comment on this line or just above its block: `adrift:allow={rule}: <reason>`"
        )
    } else if name == "package.json" {
        format!(
            "waive it with a reason in a `\"//\"` key (JSON has no comments) on this line or just above it: `\"//\": \"adrift:allow={rule}: <reason>\"`"
        )
    } else if hit.target.info().ecosystem == "cloudformation" {
        format!(
            "waive it with a reason in the resource's `Metadata` (JSON has no comments): `\"Metadata\": {{\"adrift\": {{\"allow\": [{{\"rule\": \"{rule}\", \"reason\": \"<reason>\"}}]}}}}`"
        )
    } else {
        "hold it in a baseline, as this JSON file has no comments to waive it in: `adrift check --write-baseline adrift-baseline.json` records today's findings, then `adrift check --baseline adrift-baseline.json` reports only new ones".to_string()
    }
}
