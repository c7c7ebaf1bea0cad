//! `adrift init`: a record directory with its first record, an
//! `adrift.toml` and an empty `rules/`; or, in a repository that already
//! has records, adoption of them.

use std::path::{Path, PathBuf};

use super::new::{NewRecord, create};
use super::{create_file, io_error};
use crate::config::{Config, FILE_NAME, display};
use crate::error::Error;
use crate::record::Dialect;

/// What `init` did, for the report.
#[derive(Debug, Default)]
pub struct Initialised {
    pub adopted: Option<PathBuf>,
    pub created: Vec<PathBuf>,
}

/// The first record's text: why the project records decisions.
const FIRST_TITLE: &str = "Record architecture decisions";

/// `config_file` is `--config`: the configuration to use, or to create
/// when it does not exist yet (default: `adrift.toml` found from `cwd`, or
/// created there).
pub fn run(
    dialect: Option<Dialect>,
    dir: Option<&Path>,
    config_file: Option<&Path>,
    cwd: &Path,
    today: jiff::civil::Date,
) -> Result<Initialised, Error> {
    let mut done = Initialised::default();
    let load = || -> Result<Config, Error> {
        match config_file {
            Some(path) if path.exists() => Config::load(path, &display(path, cwd)),
            Some(path) => Ok(Config::default_at(path.parent().unwrap_or(cwd))),
            None => Config::discover(cwd),
        }
    };
    let config = load()?;
    let root = config.root.clone();
    // An existing collection (config, .adr-dir or a default directory) is
    // adopted, not duplicated.
    let existing = match dir {
        Some(_) => None,
        None => crate::collection::locate(None, &config, cwd).ok(),
    };
    let records_dir = match (&existing, dir) {
        (Some(found), _) => {
            done.adopted = Some(found.clone());
            found.clone()
        }
        (None, Some(dir)) => cwd.join(dir),
        (None, None) => root.join("adr"),
    };
    let has_records = std::fs::read_dir(&records_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| crate::collection::is_record_path(&e.path()))
        })
        .unwrap_or(false);
    if has_records && done.adopted.is_none() {
        done.adopted = Some(records_dir.clone());
    }
    std::fs::create_dir_all(&records_dir).map_err(|e| io_error(&records_dir, cwd, e))?;
    if config.path.is_none() {
        let relative = display(&records_dir, &root);
        let mut text = format!(
            "# adrift's configuration (see the README for every key).\nadr_dir = \"{relative}\"\n"
        );
        if let Some(d) = dialect {
            text.push_str(&format!("\n[new]\ndialect = \"{}\"\n", d.as_str()));
        }
        let path = config_file.map_or_else(|| root.join(FILE_NAME), Path::to_path_buf);
        create_file(&path, text.as_bytes()).map_err(|e| io_error(&path, cwd, e))?;
        done.created.push(path);
    }
    let rules = config.rules_dir.clone();
    if !rules.is_dir() {
        std::fs::create_dir_all(&rules).map_err(|e| io_error(&rules, cwd, e))?;
        done.created.push(rules);
    }
    if !has_records {
        let config = match config_file {
            Some(path) => Config::load(path, &display(path, cwd))?,
            None => Config::discover(cwd)?,
        };
        let request = NewRecord {
            title: FIRST_TITLE.to_string(),
            status: Some("Accepted".to_string()),
            dialect: dialect.or(config.new_dialect).or(Some(Dialect::Adrift)),
            finish: Some(first_record),
            ..Default::default()
        };
        let written = create(&records_dir, &request, &config, today, cwd)?;
        done.created.push(written.created);
    }
    Ok(done)
}

/// The first record says why decisions are recorded (as adr-tools' does).
fn first_record(text: &str) -> String {
    let replacements = [
        (
            "What is the issue that motivates this decision, and what constrains it?",
            "We need to record the architectural decisions made on this project, and to check the code against them.",
        ),
        (
            "What is the change that we are proposing or have agreed to implement?",
            "We will use Architecture Decision Records, as described by Michael Nygard, kept in this directory and checked by adrift.",
        ),
        (
            "What becomes easier or more difficult because of this change?",
            "Decisions and their reasons are written down; `adrift lint` keeps the records well formed and `adrift check` enforces their rules.",
        ),
        (
            "The issue motivating this decision, and any context that influences or constrains the decision.",
            "We need to record the architectural decisions made on this project.",
        ),
        (
            "The change that we're proposing or have agreed to implement.",
            "We will use Architecture Decision Records, as described by Michael Nygard.",
        ),
        (
            "What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.",
            "See Michael Nygard's article. adrift keeps the records well formed.",
        ),
    ];
    let mut filled = text.to_string();
    for (from, to) in replacements {
        filled = filled.replace(from, to);
    }
    filled
}
