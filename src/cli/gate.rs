//! `check` and `rules`: the gate, and the renderers every finding goes through.

use super::*;

/// The records and the rules bound to them.
pub(super) fn load_with_rules(
    dir: &Path,
    config: &Config,
    env: &Env,
) -> Result<(Collection, Vec<crate::rules::BoundRule>), Error> {
    let collection = collection::load(dir, &[], config, &env.cwd);
    let rules = crate::rules::load_dir(&config.rules_dir, &env.cwd)?;
    let bound = crate::rules::bind(rules, &collection)?;
    Ok((collection, bound))
}

pub(super) fn check(
    args: &CheckArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let mut config = config.clone();
    for path in &args.paths {
        let full = normalise(&env.cwd.join(path));
        if std::fs::symlink_metadata(&full).is_err() {
            return Err(Error::Usage {
                message: format!("no such file or directory: {}", path.display()),
                help: "`adrift check PATHS` scans only the files under PATHS; name files or directories that exist".to_string(),
            });
        }
        config.scan_only.push(full);
    }
    let config = &config;
    let (collection, bound) = load_with_rules(dir, config, env)?;
    let ctx = LintContext {
        collection: &collection,
        config,
        today: env.today,
    };
    let plans: Vec<PathBuf> = args.plan.iter().map(|p| env.cwd.join(p)).collect();
    let (scope, note) = match &args.changed_since {
        Some(rev) => {
            // What decides what applies: a change there reaches every file.
            let governing = [
                Some(normalise(&collection.dir)),
                Some(normalise(&env.cwd.join(&config.rules_dir))),
                config.path.as_ref().map(|p| normalise(&env.cwd.join(p))),
                // An entry taken out of the baseline lets its finding back in.
                args.baseline
                    .as_ref()
                    .or(config.baseline.as_ref())
                    .map(|p| normalise(&env.cwd.join(p))),
            ];
            changed_since(
                rev,
                &env.cwd.join(&config.root),
                &governing.into_iter().flatten().collect::<Vec<_>>(),
            )?
        }
        None => (crate::check::Scope::All, String::new()),
    };
    let mut report = crate::check::run_scoped(&ctx, &bound, &plans, &config.root, &env.cwd, &scope);
    if let Some(path) = &args.write_baseline {
        let path = env.cwd.join(path);
        let (count, entries) =
            crate::check::baseline::write(&path, &report.findings, &config.root, &env.cwd)?;
        let covering = if entries > count {
            format!(" (covering {entries} declarations)")
        } else {
            String::new()
        };
        return Ok(Outcome {
            stderr: String::new(),
            stdout: format!(
                "wrote {count} finding{}{covering} to {}\n",
                if count == 1 { "" } else { "s" },
                display(&path, &env.cwd)
            ),
            exit_code: 0,
        });
    }
    let baseline = args
        .baseline
        .as_ref()
        .map(|p| env.cwd.join(p))
        .or_else(|| config.baseline.clone());
    if let Some(path) = baseline {
        report.baselined = crate::check::baseline::apply_scoped(
            &path,
            &mut report.findings,
            &config.root,
            &env.cwd,
            &|entry: &str| {
                report.scanned.as_ref().is_none_or(|scanned| {
                    scanned.contains(&normalise(&env.cwd.join(&config.root).join(entry)))
                })
            },
        )?;
        report
            .findings
            .sort_by_cached_key(crate::finding::Finding::sort_key);
    }
    let rule_ids: Vec<String> = bound.iter().map(|b| b.rule.id.clone()).collect();
    super::report::choose(&mut report.findings, &args.report, config, &rule_ids)?;
    let summary = Summary::of(&report.findings, report.files);
    let infos = rule_infos(&collection, &bound);
    let suppressed = Some((report.waived, report.baselined));
    write_outputs(
        &args.output,
        &report.findings,
        summary,
        suppressed,
        &infos,
        env,
    )?;
    let stdout = if args.report.statistics {
        super::report::statistics(&report.findings)
    } else {
        render_findings(
            args.format,
            &report.findings,
            summary,
            suppressed,
            &infos,
            env,
            style,
        )
    };
    let stdout = quieten(stdout, args.format, &args.report, &report.findings);
    Ok(Outcome {
        stderr: note,
        stdout,
        exit_code: super::report::exit_code(summary, &args.report, args.deny_warnings),
    })
}

/// `--changed-since REF`: the files changed from where HEAD and REF meet
/// to the working tree, and a note saying so. The merge base, not REF
/// itself: what REF gained since the branch left it is not this branch's
/// change (as `git diff REF...HEAD`); the working tree, not HEAD: a
/// pre-commit run checks what is about to be committed; untracked files
/// too: a new file is a change before it is added.
///
/// A change to what governs the check (a record, a rule file, the
/// configuration: `governing`, absolute and normalised) can make any
/// unchanged file fail (a decision accepted, a rule added) or any citation
/// stale (a decision retired): then the whole project is checked.
fn changed_since(
    rev: &str,
    root: &Path,
    governing: &[PathBuf],
) -> Result<(crate::check::Scope, String), Error> {
    let repo = crate::git::Repo::open(root, "--changed-since")?;
    let base = repo.merge_base(rev)?;
    let changed = repo.changed_since(&base)?;
    // git's paths are from its top level, the walk's from the project root.
    let root_in_repo = repo.relative(root).ok_or_else(|| Error::Usage {
        message: format!(
            "--changed-since: the project root {} is not inside the repository at {}",
            root.display(),
            repo.top.display()
        ),
        help: "run adrift from inside the repository, or run it without --changed-since"
            .to_string(),
    })?;
    let paths: Vec<PathBuf> = changed
        .iter()
        .filter_map(|p| p.strip_prefix(&root_in_repo).ok())
        .map(|p| root.join(p))
        .collect();
    let base_short = &base[..base.len().min(12)];
    if let Some(path) = paths.iter().find(|p| {
        let p = normalise(p);
        governing.iter().any(|g| p.starts_with(g))
    }) {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        return Ok((
            crate::check::Scope::All,
            format!(
                "adrift: {shown} changed since {rev} (merge base {base_short}): a decision, rule or configuration change can reach every file, so checking the whole project\n"
            ),
        ));
    }
    let note = format!(
        "adrift: {} file{} changed since {rev} (merge base {}); checking {} and what is read with {}; every record is linted\n",
        paths.len(),
        if paths.len() == 1 { "" } else { "s" },
        &base[..base.len().min(12)],
        if paths.len() == 1 { "it" } else { "them" },
        if paths.len() == 1 { "it" } else { "them" },
    );
    Ok((crate::check::Scope::Changed(paths), note))
}

pub(super) fn rules(
    args: &RulesArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let (collection, bound) = load_with_rules(dir, config, env)?;
    let stdout = match args.format {
        ListFormat::Table => render::rules::table(&collection, &bound, style),
        ListFormat::Json => render::rules::json(&collection, &bound),
    };
    Ok(Outcome {
        stderr: String::new(),
        stdout,
        exit_code: 0,
    })
}

/// SARIF descriptions of the decision rules.
pub(super) fn rule_infos(
    collection: &Collection,
    rules: &[crate::rules::BoundRule],
) -> Vec<render::sarif::RuleInfo> {
    rules
        .iter()
        .map(|b| {
            let record = &collection.records[b.record];
            let status = record.canonical_status().map(|s| s.to_string());
            let help = format!(
                "Enforces {} \"{}\" ({}; the rule is {}). {}{}\n\nWaive one finding with a reason in a comment on its line or just above its block: `adrift:allow={}: <reason>` (in a package.json, a `\"//\"` key; in a CloudFormation JSON template, the resource's `Metadata`; in other JSON files, which take no comments, a baseline).",
                record.id,
                record.title_text(),
                status.as_deref().unwrap_or("no readable status"),
                b.lifecycle.as_str(),
                b.rule.message,
                b.rule.description.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default(),
                b.rule.id
            );
            render::sarif::RuleInfo {
                id: b.rule.id.clone(),
                short: b.rule.message.clone(),
                full: b.rule.description.clone().unwrap_or_else(|| b.rule.message.clone()),
                help,
                severity: b.rule.severity,
                decision: Some(record.id.clone()),
                decision_status: status,
                conditions: b.rule.conditions.iter().map(|c| c.describe()).collect(),
            }
        })
        .collect()
}

/// Renders findings in any format; `suppressed` (waived, baselined) is
/// `Some` for `check`.
pub(super) fn render_findings(
    format: FindingFormat,
    findings: &[crate::finding::Finding],
    summary: Summary,
    suppressed: Option<(usize, usize)>,
    rules: &[render::sarif::RuleInfo],
    env: &Env,
    style: Style,
) -> String {
    let codes: Vec<&crate::lints::Lint> = lints::LINTS
        .iter()
        .copied()
        .chain(
            suppressed
                .is_some()
                .then_some(crate::check::CHECK_CODES)
                .into_iter()
                .flatten()
                .copied(),
        )
        // `lint --against`: described where reported.
        .chain(
            crate::check::BRANCH_CODES
                .iter()
                .copied()
                .filter(|c| findings.iter().any(|f| f.code == c.code)),
        )
        .collect();
    match format {
        FindingFormat::Human => {
            let noun = if suppressed.is_some() {
                "file"
            } else {
                "record"
            };
            let (waived, baselined) = suppressed.unwrap_or((0, 0));
            render::human::render_with_suppressed(findings, summary, noun, waived, baselined, style)
        }
        FindingFormat::Json => match suppressed {
            Some((waived, baselined)) => {
                render::json::render_check(findings, summary, waived, baselined)
            }
            None => render::json::render(findings, summary),
        },
        FindingFormat::Sarif => {
            let mut infos: Vec<render::sarif::RuleInfo> = codes
                .iter()
                .map(|l| render::sarif::RuleInfo {
                    id: l.code.to_string(),
                    short: l.summary.to_string(),
                    full: l.what_it_does(),
                    help: l.documentation(),
                    severity: l.default_severity,
                    decision: None,
                    decision_status: None,
                    conditions: Vec::new(),
                })
                .collect();
            infos.extend(rules.iter().cloned());
            render::sarif::render(findings, &infos, &env.cwd)
        }
        FindingFormat::Github => render::github::render(findings),
        FindingFormat::Junit => {
            let mut names: Vec<String> = codes.iter().map(|l| l.code.to_string()).collect();
            names.extend(rules.iter().map(|r| r.id.clone()));
            render::junit::render(findings, &names, summary)
        }
        FindingFormat::Compact => render::compact::render(findings),
        FindingFormat::Codeclimate => render::codeclimate::render(findings),
        FindingFormat::Markdown => render::markdown::render(findings, summary, suppressed),
    }
}

/// `--quiet`: the human report without its summary line (nothing when
/// there are no findings); other formats are what they are.
pub(super) fn quieten(
    stdout: String,
    format: FindingFormat,
    report: &super::ReportArgs,
    findings: &[crate::finding::Finding],
) -> String {
    if !report.quiet || report.statistics || format != FindingFormat::Human {
        return stdout;
    }
    if findings.is_empty() {
        return String::new();
    }
    // The summary is the report's last line.
    let body = stdout.trim_end_matches('\n');
    match body.rfind('\n') {
        Some(i) => format!("{}\n", body[..i].trim_end_matches('\n')),
        None => String::new(),
    }
}

/// Writes each `--output FORMAT=FILE` (atomically, replacing the file);
/// a file that cannot be written is an error: adrift did not do its job.
pub(super) fn write_outputs(
    outputs: &[super::OutputSpec],
    findings: &[crate::finding::Finding],
    summary: Summary,
    suppressed: Option<(usize, usize)>,
    rules: &[render::sarif::RuleInfo],
    env: &Env,
) -> Result<(), Error> {
    for output in outputs {
        let text = render_findings(
            output.format,
            findings,
            summary,
            suppressed,
            rules,
            env,
            Style {
                color: false,
                width: 100,
            },
        );
        let path = env.cwd.join(&output.path);
        crate::author::replace_file(&path, text.as_bytes()).map_err(|e| Error::Write {
            path: display(&path, &env.cwd),
            message: format!(
                "the {} report: {e}",
                output
                    .format
                    .to_possible_value()
                    .map_or(String::new(), |v| v.get_name().to_string())
            ),
        })?;
    }
    Ok(())
}
