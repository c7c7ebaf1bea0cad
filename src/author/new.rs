//! `adrift new`: the next record, in the collection's dialect.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::edit::{add_link, status_word, supersede};
use super::txn::{Plan, Session};
use super::{Edits, command_line, refuse};
use crate::config::Config;
use crate::error::Error;
use crate::record::{
    Dialect, LinkKind, Record, Status, StatusMap, is_date_named, number_in_name, parse_record,
    slugify,
};
use crate::source::SourceFile;

/// What `adrift new` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewRecord {
    pub title: String,
    pub supersedes: Vec<String>,
    pub amends: Vec<String>,
    pub status: Option<String>,
    pub dialect: Option<Dialect>,
    /// `templates/<name>.md` in the record directory.
    pub template: Option<String>,
    /// A last change to the filled template, before it is written.
    pub finish: Option<fn(&str) -> String>,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    pub created: PathBuf,
    pub updated: Vec<PathBuf>,
    /// What was found and repaired on the way in.
    pub notes: Vec<String>,
}

/// Built-in templates, with adr-tools' placeholders: NUMBER, TITLE, DATE,
/// STATUS (and ID, the `ADR-0012` form).
fn built_in(dialect: Dialect) -> &'static str {
    match dialect {
        // Exactly what `adr new` writes.
        Dialect::AdrTools => {
            "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nThe issue motivating this decision, and any context that influences or constrains the decision.\n\n## Decision\n\nThe change that we're proposing or have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.\n"
        }
        Dialect::Nygard | Dialect::Unknown => {
            "# TITLE\n\n## Status\n\nSTATUS\n\n## Context\n\nThe issue motivating this decision, and any context that influences or constrains the decision.\n\n## Decision\n\nThe change that we're proposing or have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.\n"
        }
        Dialect::Madr => {
            "---\nstatus: STATUS\ndate: DATE\n---\n\n# TITLE\n\n## Context and Problem Statement\n\nDescribe the context and problem statement in two or three sentences.\n\n## Considered Options\n\n* Option 1\n* Option 2\n\n## Decision Outcome\n\nChosen option: \"Option 1\", because it is the best fit.\n"
        }
        Dialect::Madr2 | Dialect::Log4brains => {
            "# TITLE\n\n- Status: STATUS\n- Date: DATE\n\n## Context and Problem Statement\n\nDescribe the context and problem statement in two or three sentences.\n\n## Considered Options\n\n- Option 1\n- Option 2\n\n## Decision Outcome\n\nChosen option: \"Option 1\", because it is the best fit.\n"
        }
        Dialect::FrontMatter => {
            "---\nadr: \"NUMBER4\"\nstatus: STATUS\ndate: DATE\n---\n\n# NUMBER4 - TITLE\n\nWhat was decided, and why.\n"
        }
        Dialect::Adrift => {
            "# ID: TITLE\n\n## Status\n\nSTATUS\n\n## Date\n\nDATE\n\n## Context\n\nWhat is the issue that motivates this decision, and what constrains it?\n\n## Decision\n\nWhat is the change that we are proposing or have agreed to implement?\n\n## Consequences\n\nWhat becomes easier or more difficult because of this change?\n"
        }
    }
}

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(NUMBER4|NUMBER|TITLE|DATE|STATUS|ID)\b").expect("regex"));

fn fill(template: &str, number: Option<u32>, title: &str, date: &str, status: &str) -> String {
    PLACEHOLDER
        .replace_all(template, |c: &regex::Captures<'_>| match &c[1] {
            "NUMBER4" => number.map(|n| format!("{n:04}")).unwrap_or_default(),
            "NUMBER" => number.map(|n| n.to_string()).unwrap_or_default(),
            "ID" => number.map(Record::id_for_number).unwrap_or_default(),
            "TITLE" => title.to_string(),
            "DATE" => date.to_string(),
            _ => status.to_string(),
        })
        .into_owned()
}

/// The file-name shape records of the directory use: prefix, digits and
/// separator of the most common numbered name; else the dialect's.
fn name_shape(names: &[String], dialect: Dialect) -> (String, usize, char) {
    static SHAPE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([A-Za-z]*[-_]?)(\d+)([-_])").expect("regex"));
    let mut counts: HashMap<(String, usize, char), usize> = HashMap::new();
    for name in names {
        if is_date_named(name) {
            continue;
        }
        if let Some(c) = SHAPE.captures(name) {
            let sep = c[3].chars().next().unwrap_or('-');
            *counts
                .entry((c[1].to_string(), c[2].len(), sep))
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(shape, _)| shape)
        .unwrap_or_else(|| match dialect {
            Dialect::Adrift => ("ADR-".to_string(), 4, '-'),
            _ => (String::new(), 4, '-'),
        })
}

/// Finds the record a reference names, for `--supersedes` and friends.
fn target(
    collection: &crate::collection::Collection,
    wanted: &str,
    flag: &str,
) -> Result<usize, Error> {
    collection.find(wanted).ok_or_else(|| {
        refuse(
            format!("{flag} {wanted}: there is no such record"),
            "name an existing record by number (12), id (ADR-0012) or file name; `adrift list` shows them",
        )
    })
}

/// The written form of a status, from `--status`, config or the default.
pub fn status_text(
    wanted: Option<&str>,
    config_default: Option<&str>,
    dialect: Dialect,
    statuses: &StatusMap,
) -> Result<String, Error> {
    let written = match wanted.or(config_default) {
        Some(w) => w,
        // adr-tools' own default, so its collections get what `adr new` writes.
        None if dialect == Dialect::AdrTools => "Accepted",
        None => "Proposed",
    };
    let key = crate::record::read_status(written, statuses);
    match key.0 {
        Some(Status::Superseded) => Err(refuse(
            "a new record cannot start superseded",
            "create it, then supersede it with `adrift supersede N --by M`",
        )),
        Some(status) if Status::parse(written).is_some() => Ok(status_word(dialect, status)),
        Some(_) => Ok(written.trim().to_string()),
        None => {
            let rest = "use proposed, accepted, rejected or deprecated, or map it under [statuses] in adrift.toml";
            let canonical = ["proposed", "accepted", "rejected", "deprecated"];
            let help = match crate::suggest::nearest(&key.1, statuses.known().chain(canonical)) {
                Some(near) => format!("did you mean {near:?}? {rest}"),
                None => match crate::record::status_meaning(written) {
                    Some(m) if m != Status::Superseded => {
                        format!("{written:?} reads as {:?}; {rest}", m.as_str())
                    }
                    _ => rest.to_string(),
                },
            };
            Err(refuse(
                format!("status {written:?} is not a known status"),
                help,
            ))
        }
    }
}

/// The templates in `templates/` of the record directory, by name.
fn available_templates(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("templates"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md")
                .filter(|stem| !stem.is_empty() && !stem.starts_with('.'))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// The text of `templates/<name>.md`: a bare name only, read from the
/// templates directory and nowhere else.
fn read_template(dir: &Path, name: &str, cwd: &Path) -> Result<String, Error> {
    let templates = dir.join("templates");
    let listed = || {
        let names = available_templates(dir);
        if names.is_empty() {
            format!(
                "there are no templates: add one as {}/<name>.md",
                crate::config::display(&templates, cwd)
            )
        } else {
            format!(
                "templates are named by file stem from {}: {}",
                crate::config::display(&templates, cwd),
                names.join(", ")
            )
        }
    };
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let bare = !stem.is_empty()
        && !stem.contains(['/', '\\', '\0'])
        && stem != "."
        && !stem.contains("..")
        && !Path::new(stem).is_absolute();
    if !bare {
        return Err(refuse(
            format!("--template {name:?} is not a template name"),
            listed(),
        ));
    }
    let path = templates.join(format!("{stem}.md"));
    // A template that is a link to elsewhere is not in the templates
    // directory either.
    let inside = match (
        std::fs::canonicalize(&templates),
        std::fs::canonicalize(&path),
    ) {
        (Ok(root), Ok(real)) => real.starts_with(root),
        _ => true,
    };
    if !inside {
        return Err(refuse(
            format!(
                "the template {} is a link to outside the templates directory",
                crate::config::display(&path, cwd)
            ),
            listed(),
        ));
    }
    std::fs::read_to_string(&path).map_err(|e| {
        refuse(
            format!(
                "cannot read the template {}: {e}",
                crate::config::display(&path, cwd)
            ),
            listed(),
        )
    })
}

/// Writes the next record, and the links its `--supersedes` and `--amends`
/// ask for, together. Holds the directory lock from numbering to the last
/// write. The collection's dialect is the one most of its records use.
pub fn create(
    dir: &Path,
    request: &NewRecord,
    config: &Config,
    today: jiff::civil::Date,
    cwd: &Path,
) -> Result<Written, Error> {
    let title = request
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        return Err(refuse(
            "the title is empty",
            "give the decision a short title: adrift new \"Use PostgreSQL\"",
        ));
    }
    let mut session = Session::begin(dir, cwd)?;
    // Read the collection under the lock, as `load` reads it (records in
    // subdirectories too): another `adrift new` may just have written one.
    let collection = crate::collection::load(dir, &[], config, cwd);
    let dialect = request
        .dialect
        .or(config.new_dialect)
        .unwrap_or(match collection.dialect {
            Dialect::Unknown => Dialect::Adrift,
            d => d,
        });
    let status = status_text(
        request.status.as_deref(),
        config.new_status.as_deref(),
        dialect,
        &config.statuses,
    )?;
    let records = &collection.records;
    let mut targets = Vec::new();
    for wanted in &request.supersedes {
        targets.push((
            LinkKind::Supersedes,
            target(&collection, wanted, "--supersedes")?,
        ));
    }
    for wanted in &request.amends {
        let t = target(&collection, wanted, "--amends")?;
        if targets.contains(&(LinkKind::Supersedes, t)) {
            return Err(refuse(
                format!("--supersedes and --amends both name {}", records[t].id),
                "a new record either supersedes a record or amends it",
            ));
        }
        targets.push((LinkKind::Amends, t));
    }
    // A record named twice gets one link.
    let mut seen = Vec::new();
    targets.retain(|t| {
        let first = !seen.contains(t);
        seen.push(*t);
        first
    });

    let template = match &request.template {
        Some(name) => read_template(dir, name, cwd)?,
        None => std::fs::read_to_string(dir.join("templates").join("template.md"))
            .unwrap_or_else(|_| built_in(dialect).to_string()),
    };
    let names: Vec<String> = records.iter().map(|r| r.file_name().to_string()).collect();
    // Every number in use, in file names and in titles, anywhere `load`
    // reads records.
    let highest = records
        .iter()
        .flat_map(|r| {
            [
                r.number,
                number_in_name(r.file_name().trim_end_matches(".md")),
            ]
        })
        .flatten()
        .max()
        .unwrap_or(0);
    let slug = slugify(&title);
    let (prefix, digits, sep) = name_shape(&names, dialect);
    let date = today.to_string();
    let command = command_line();

    // Usually the first name is free; if not (a record written without the
    // lock, or a name taken), try the next number.
    for attempt in 0..100u32 {
        let (number, file_name) = if dialect == Dialect::Log4brains {
            if attempt > 0 {
                return Err(refuse(
                    format!(
                        "a record named {}-{slug}.md already exists",
                        today.strftime("%Y%m%d")
                    ),
                    "choose another title",
                ));
            }
            (None, format!("{}-{slug}.md", today.strftime("%Y%m%d")))
        } else {
            let n = highest.checked_add(1 + attempt).ok_or_else(|| {
                refuse(
                    format!("record numbers end at {}", u32::MAX),
                    "renumber the records to free a number (`adrift renumber N --to M`)",
                )
            })?;
            (Some(n), format!("{prefix}{n:0digits$}{sep}{slug}.md"))
        };
        let path = dir.join(&file_name);
        // A name taken by a file that is not a record (or not read as one).
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        let text = fill(&template, number, &title, &date, &status);
        let text = match request.finish {
            Some(finish) => finish(&text),
            None => text,
        };
        // The new record's reciprocal links, before it is written.
        let new_record = parse_record(
            path.clone(),
            SourceFile::new(file_name.clone(), text.clone()),
            &config.statuses,
        );
        let mut edits = Edits::default();
        for (kind, t) in &targets {
            add_link(&new_record, *kind, &records[*t], &mut edits);
        }
        let text = edits.apply(&text);
        let new_record = parse_record(
            path.clone(),
            SourceFile::new(file_name, text.clone()),
            &config.statuses,
        );
        let mut plan = Plan::default();
        plan.create(&path, text.clone());
        let mut changed = Vec::new();
        for (kind, t) in &targets {
            let old = &records[*t];
            let mut edits = Edits::default();
            match kind {
                LinkKind::Supersedes => supersede(old, &new_record, today, &mut edits),
                _ => add_link(old, LinkKind::AmendedBy, &new_record, &mut edits),
            }
            let after = edits.apply(&old.source.text);
            plan.replace(&old.path, &old.source.text, after.clone());
            changed.push((*t, old.path.clone(), after));
        }
        // An adrift index beside the records lists the new one at once.
        if let Some((index, current, wanted)) = super::index::refreshed(
            &collection,
            changed,
            vec![(path.clone(), text)],
            config,
            cwd,
        ) {
            plan.replace(&index, &current, wanted);
        }
        let mut paths = session.commit(plan, &command)?.into_iter();
        let created = paths.next().unwrap_or(path);
        return Ok(Written {
            created,
            updated: paths.collect(),
            notes: std::mem::take(&mut session.notes),
        });
    }
    Err(refuse(
        "no free record number after 100 tries",
        "the record directory changes too fast; try again",
    ))
}
