//! `lint`, `list`, `show` and `explain`: reading records.

use super::gate::render_findings;
use super::*;

pub(super) fn lint(
    args: &LintArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let fixed = if args.fix {
        crate::author::fix::run(dir, config, &env.cwd)?
    } else {
        Vec::new()
    };
    let dir_normal = normalise(&env.cwd.join(dir));
    let mut extra = Vec::new();
    let mut selected_dirs = Vec::new();
    let mut selected_files = HashSet::new();
    let mut not_records = Vec::new();
    for path in &args.paths {
        let full = normalise(&env.cwd.join(path));
        let is_plain_dir = full.is_dir() && !is_record_path(&full);
        if is_plain_dir {
            selected_dirs.push(full);
            continue;
        }
        let name = full
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if classify_file_name(name).is_some() {
            continue;
        }
        // Markdown outside the record directory (a runbook, a design note)
        // is no record: said, never linted as one.
        let markdown = [".md", ".markdown"].iter().any(|ext| {
            name.len() > ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
        });
        if !full.starts_with(&dir_normal) && markdown && full.is_file() {
            not_records.push(format!(
                "adrift: {} is not a record (it is outside the record directory {}); not linted. To lint another collection, pass --adr-dir\n",
                display(&full, &env.cwd),
                display(&dir_normal, &env.cwd)
            ));
            continue;
        }
        if !full.starts_with(&dir_normal) || !is_record_path(&full) || full.is_dir() {
            extra.push(full.clone());
        }
        selected_files.insert(full);
    }
    let collection = collection::load(dir, &extra, config, &env.cwd);
    let ctx = LintContext {
        collection: &collection,
        config,
        today: env.today,
    };
    let mut findings = lints::run(&ctx);
    if let Some(rev) = &args.against {
        findings.extend(crate::check::number_collision::against(
            &collection,
            &env.cwd.join(dir),
            rev,
            config,
        )?);
        findings.sort_by_cached_key(crate::finding::Finding::sort_key);
    }

    let files = if args.paths.is_empty() {
        collection.records.len()
    } else {
        let shown: HashSet<&str> = collection
            .records
            .iter()
            .filter(|r| {
                let p = normalise(&r.path);
                selected_files.contains(&p) || selected_dirs.iter().any(|d| p.starts_with(d))
            })
            .map(|r| r.source.path.as_str())
            .collect();
        findings.retain(|f| f.file.is_none() || shown.contains(f.path()));
        shown.len()
    };
    // Rule ids may be named in select/ignore (adrift.toml serves both
    // commands): those of rule files that read, without binding them.
    let rule_ids: Vec<String> = crate::rules::load_dir(&config.rules_dir, &env.cwd)
        .map(|rules| rules.into_iter().map(|r| r.id).collect())
        .unwrap_or_default();
    super::report::choose(&mut findings, &args.report, config, &rule_ids)?;
    let summary = Summary::of(&findings, files);
    super::gate::write_outputs(&args.output, &findings, summary, None, &[], env)?;
    let stdout = if args.report.statistics {
        super::report::statistics(&findings)
    } else {
        render_findings(args.format, &findings, summary, None, &[], env, style)
    };
    let stdout = super::gate::quieten(stdout, args.format, &args.report, &findings);
    Ok(Outcome {
        stderr: fixed
            .iter()
            .map(|line| format!("{line}\n"))
            .chain(not_records)
            .collect(),
        stdout,
        exit_code: super::report::exit_code(summary, &args.report, args.deny_warnings),
    })
}

pub(super) fn list(
    args: &ListArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let collection = collection::load(dir, &[], config, &env.cwd);
    let mut records: Vec<&Record> = collection.records.iter().collect();
    if let Some(wanted) = &args.status {
        let key = wanted.trim().to_lowercase();
        let canonical = Status::parse(&key).or_else(|| config.statuses.get(&key));
        let written_known = records
            .iter()
            .any(|r| r.status.as_ref().is_some_and(|s| s.key == key));
        if canonical.is_none() && !written_known {
            let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            let help = did_you_mean(
                &key,
                names.iter().copied(),
                &format!("statuses: {}", names.join(", ")),
            );
            return Err(Error::Usage {
                message: format!("no record has status {wanted:?}"),
                help,
            });
        }
        records.retain(|r| match (&r.status, canonical) {
            (Some(s), Some(c)) => s.canonical == Some(c),
            (Some(s), None) => s.key == key,
            (None, _) => false,
        });
    }
    // One reading, one rendering rule (the record model's): `list` shows a
    // date only where it was read as a calendar date, in the table (`-`)
    // as in JSON (`null`).
    let read_dates: Vec<std::borrow::Cow<'_, Record>> =
        records.iter().map(|r| r.with_read_date_only()).collect();
    let table_records: Vec<&Record> = read_dates.iter().map(|r| r.as_ref()).collect();
    let stdout = match args.format {
        ListFormat::Table => render::records::list_table(&table_records, style),
        ListFormat::Json => render::records::list_json(&collection, &records),
    };
    Ok(Outcome {
        stderr: String::new(),
        stdout,
        exit_code: 0,
    })
}

pub(super) fn show(
    args: &ShowArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let collection = collection::load(dir, &[], config, &env.cwd);
    let record = find_record(&collection, &args.record)?;
    let stdout = match args.format {
        ShowFormat::Human => render::records::show_human(&collection, record, style),
        ShowFormat::Json => render::records::show_json(&collection, record),
    };
    Ok(Outcome {
        stderr: String::new(),
        stdout,
        exit_code: 0,
    })
}

/// `adrift explain [CODE]`. Lint and check codes need no records; rules are
/// looked up when the project's records and rules can be read.
pub(super) fn explain(
    args: &ExplainArgs,
    cli: &Cli,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let codes: Vec<&crate::lints::Lint> = lints::all_codes().collect();
    let project = collection::locate(cli.adr_dir.as_deref(), config, &env.cwd)
        .ok()
        .and_then(|dir| load_with_rules(&dir, config, env).ok());
    let Some(wanted) = &args.code else {
        let width = codes.iter().map(|c| c.code.len()).max().unwrap_or(0);
        let mut out = style.paint("1", "record lints (adrift lint, adrift check)") + "\n";
        for lint in lints::LINTS {
            out.push_str(&format!(
                "  {:<width$}  {:<7}  {}\n",
                lint.code,
                lint.default_severity.as_str(),
                lint.summary
            ));
        }
        for (heading, codes) in [
            ("check codes (adrift check)", crate::check::CHECK_CODES),
            (
                "branch codes (adrift lint --against)",
                crate::check::BRANCH_CODES,
            ),
        ] {
            out.push_str(&format!("\n{}\n", style.paint("1", heading)));
            for code in codes {
                out.push_str(&format!(
                    "  {:<width$}  {:<7}  {}\n",
                    code.code,
                    code.default_severity.as_str(),
                    code.summary
                ));
            }
        }
        if let Some((collection, rules)) = &project
            && !rules.is_empty()
        {
            out.push_str(&format!(
                "\n{}\n",
                style.paint("1", "decision rules (adrift check)")
            ));
            for b in rules {
                out.push_str(&format!(
                    "  {:<width$}  {:<7}  {} ({}, {})\n",
                    b.rule.id,
                    b.rule.severity.as_str(),
                    b.rule.message,
                    collection.records[b.record].id,
                    b.lifecycle.as_str()
                ));
            }
        }
        out.push_str("\n`adrift explain CODE` prints one in full.\n");
        return Ok(Outcome {
            stderr: String::new(),
            stdout: out,
            exit_code: 0,
        });
    };
    if let Some(lint) = codes.iter().find(|c| c.code == wanted.as_str()) {
        let stdout = format!(
            "{} ({}, {} by default)\n\n{}",
            style.paint("1", lint.code),
            lint.summary,
            lint.default_severity.as_str(),
            lint.documentation()
        );
        return Ok(Outcome {
            stderr: String::new(),
            stdout,
            exit_code: 0,
        });
    }
    if let Some((collection, rules)) = &project
        && let Some(b) = rules.iter().find(|b| b.rule.id == *wanted)
    {
        let record = &collection.records[b.record];
        let status = record
            .status
            .as_ref()
            .map(|s| {
                s.canonical
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| s.text.trim().to_string())
            })
            .unwrap_or_else(|| "no status".to_string());
        let state = match b.lifecycle {
            crate::rules::Lifecycle::Enforced => "enforced: its findings fail the check",
            crate::rules::Lifecycle::Previewed => {
                "previewed: its findings are warnings until the decision is accepted"
            }
            crate::rules::Lifecycle::Inactive(_) => "inactive: the decision no longer holds",
        };
        let mut stdout = format!(
            "{} (decision rule, {})\n\n{}\n\nDecision: {} \"{}\" ({status}, {})\nThe rule is {state}.\nRule file: {}\n",
            style.paint("1", &b.rule.id),
            b.rule.severity.as_str(),
            b.rule.message,
            record.id,
            record.title_text(),
            record.source.path,
            b.rule.file.path
        );
        if let Some(description) = &b.rule.description {
            stdout.push_str(&format!("\n{description}\n"));
        }
        stdout.push_str("\nWhat it matches (`adrift rules` lists every pattern):\n");
        for (target, list) in b.rule.patterns.iter() {
            if !list.is_empty() {
                stdout.push_str(&format!("  {}: {}\n", target.label(), list.len()));
            }
        }
        stdout.push_str(&super::explain::conditions(&b.rule));
        stdout.push_str(&format!(
            "\nWaive one finding with a reason, in a comment on its line or just above its block:\n  # adrift:allow={}: <reason>\nJSON files take no comments: in a package.json use a \"//\" key, in a CloudFormation\ntemplate the resource's Metadata, elsewhere a baseline (adrift check --write-baseline).\n",
            b.rule.id
        ));
        return Ok(Outcome {
            stderr: String::new(),
            stdout,
            exit_code: 0,
        });
    }
    let mut known: Vec<&str> = codes.iter().map(|c| c.code).collect();
    if let Some((_, rules)) = &project {
        known.extend(rules.iter().map(|b| b.rule.id.as_str()));
    }
    Err(Error::Usage {
        message: format!("no lint, check code or rule is called {wanted:?}"),
        help: did_you_mean(
            wanted,
            known.iter().copied(),
            "`adrift explain` lists them all",
        ),
    })
}

/// The record `reference` names (a number, an id, a file name or a slug),
/// or a usage error with "did you mean".
pub(super) fn find_record<'a>(
    collection: &'a Collection,
    reference: &str,
) -> Result<&'a Record, Error> {
    match collection.find(reference) {
        Some(i) => Ok(&collection.records[i]),
        None => {
            let ids: Vec<&str> = collection.records.iter().map(|r| r.id.as_str()).collect();
            Err(Error::Usage {
                message: format!("no record {reference:?} in {}", collection.display_dir),
                help: did_you_mean(
                    reference,
                    ids.iter().copied(),
                    "`adrift list` shows every record",
                ),
            })
        }
    }
}
