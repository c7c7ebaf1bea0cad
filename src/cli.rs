//! The command line: arguments, and one `run` that returns what to print
//! and the exit code. `main.rs` only writes the output and exits.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::collection::{self, Collection, is_record_path};
use crate::config::{Config, display, normalise};
use crate::error::Error;
use crate::finding::{Severity, Summary};
use crate::lints::{self, LintContext};
use crate::record::{Record, Status, classify_file_name};
use crate::render::{self, ColorChoice, Style};
use crate::suggest::did_you_mean;

/// adrift: architecture decision records, parsed, linted and enforced.
#[derive(Debug, Parser)]
#[command(name = "adrift", version, about, long_about = None)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// The directory that holds the records (default: adr_dir in
    /// adrift.toml, adr-tools' .adr-dir, then adr/, doc/adr/, docs/adr/,
    /// docs/decisions/, docs/architecture/decisions/).
    #[arg(long, value_name = "DIR", global = true)]
    pub adr_dir: Option<PathBuf>,

    /// The config file (default: adrift.toml in this directory or a parent).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check records for problems: title, number, status, date, links,
    /// sections. Exit code 1 when an error-level finding is reported.
    Lint(LintArgs),
    /// List the records with their status and date.
    List(ListArgs),
    /// Show one record as adrift reads it.
    Show(ShowArgs),
    /// The gate: lint the records, then fail where the project contradicts
    /// an accepted decision (Terraform, Cargo, Python), naming the line,
    /// the decision and why. Exit code 1 on any error-level finding.
    Check(CheckArgs),
    /// List the rules, their decisions and whether each is enforced,
    /// previewed or inactive, with the patterns it expands to.
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    pub format: FindingFormat,

    /// Exit with 1 on warnings too (previews of proposed decisions included).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Report only on these files (as pre-commit passes them); the whole
    /// collection is still read for the lints that span records.
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    pub format: FindingFormat,

    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only records with this status (canonical, or as written).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The record: a number (12), an id (ADR-0012), a file name or a slug.
    pub record: String,

    #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindingFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Human,
    Json,
}

/// What the process runs in.
#[derive(Debug, Clone)]
pub struct Env {
    pub cwd: PathBuf,
    pub stdout_is_terminal: bool,
    pub terminal_width: Option<usize>,
    pub today: jiff::civil::Date,
}

impl Env {
    /// The real environment of this process.
    pub fn detect() -> Result<Env, Error> {
        use std::io::IsTerminal;
        let cwd = std::env::current_dir().map_err(|e| Error::Io {
            path: ".".into(),
            message: e.to_string(),
        })?;
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let terminal_width = terminal_size::terminal_size().map(|(w, _)| w.0 as usize);
        let today = jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date();
        Ok(Env {
            cwd,
            stdout_is_terminal,
            terminal_width,
            today,
        })
    }

    fn style(&self, color: ColorChoice) -> Style {
        let width = if self.stdout_is_terminal {
            self.terminal_width.unwrap_or(100)
        } else {
            100
        };
        Style {
            color: color.enabled(self.stdout_is_terminal),
            width,
        }
    }
}

/// What a command produced: text for standard output and an exit code
/// (0 nothing at error level, 1 error-level findings).
#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub exit_code: u8,
}

/// Runs one command. `Err` means adrift could not do its job (exit code 2).
pub fn run(cli: &Cli, env: &Env) -> Result<Outcome, Error> {
    let config = match &cli.config {
        Some(path) => Config::load(&env.cwd.join(path), &display(path, &env.cwd))?,
        None => Config::discover(&env.cwd)?,
    };
    let style = env.style(cli.color);
    let dir = collection::locate(cli.adr_dir.as_deref(), &config, &env.cwd)?;
    match &cli.command {
        Command::Lint(args) => lint(args, &dir, &config, env, style),
        Command::List(args) => list(args, &dir, &config, env, style),
        Command::Show(args) => show(args, &dir, &config, env, style),
        Command::Check(args) => check(args, &dir, &config, env, style),
        Command::Rules(args) => rules(args, &dir, &config, env, style),
    }
}

fn lint(
    args: &LintArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let dir_normal = normalise(&env.cwd.join(dir));
    let mut extra = Vec::new();
    let mut selected_dirs = Vec::new();
    let mut selected_files = HashSet::new();
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
    let summary = Summary::of(&findings, files);
    let stdout = match args.format {
        FindingFormat::Human => render::human::render(&findings, summary, "record", style),
        FindingFormat::Json => render::json::render(&findings, summary),
    };
    let failed = summary.errors > 0
        || (args.deny_warnings && findings.iter().any(|f| f.severity == Severity::Warning));
    Ok(Outcome {
        stdout,
        exit_code: u8::from(failed),
    })
}

fn list(
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
    let stdout = match args.format {
        ListFormat::Table => render::records::list_table(&records, style),
        ListFormat::Json => render::records::list_json(&collection, &records),
    };
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}

/// Finds a record by number, id, file name or stem.
pub fn find_record<'a>(collection: &'a Collection, wanted: &str) -> Option<&'a Record> {
    find_record_index(collection, wanted).map(|i| &collection.records[i])
}

/// The index of the record a reference names (number, id, file name, stem).
pub fn find_record_index(collection: &Collection, wanted: &str) -> Option<usize> {
    let wanted = wanted.trim();
    let lower = wanted.to_ascii_lowercase();
    let as_number = crate::record::parse_number_reference(&lower);
    collection.records.iter().position(|r| {
        let stem = r
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        r.id.eq_ignore_ascii_case(wanted)
            || r.file_name().eq_ignore_ascii_case(wanted)
            || stem.eq_ignore_ascii_case(wanted)
            || (as_number.is_some() && r.number == as_number)
    })
}

fn show(
    args: &ShowArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let collection = collection::load(dir, &[], config, &env.cwd);
    let Some(record) = find_record(&collection, &args.record) else {
        let ids: Vec<&str> = collection.records.iter().map(|r| r.id.as_str()).collect();
        let help = did_you_mean(
            &args.record,
            ids.iter().copied(),
            "`adrift list` shows every record",
        );
        return Err(Error::Usage {
            message: format!("no record {:?} in {}", args.record, collection.display_dir),
            help,
        });
    };
    let stdout = match args.format {
        ShowFormat::Human => render::records::show_human(&collection, record, style),
        ShowFormat::Json => render::records::show_json(&collection, record),
    };
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}

/// The records and the rules bound to them.
fn load_with_rules(
    dir: &Path,
    config: &Config,
    env: &Env,
) -> Result<(Collection, Vec<crate::rules::BoundRule>), Error> {
    let collection = collection::load(dir, &[], config, &env.cwd);
    let rules = crate::rules::load_dir(&config.rules_dir, &env.cwd)?;
    let bound = crate::rules::bind(rules, &collection)?;
    Ok((collection, bound))
}

fn check(
    args: &CheckArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let (collection, bound) = load_with_rules(dir, config, env)?;
    let ctx = LintContext {
        collection: &collection,
        config,
        today: env.today,
    };
    let report = crate::check::run(&ctx, &bound, &config.root, &env.cwd);
    let summary = Summary::of(&report.findings, report.files);
    let stdout = match args.format {
        FindingFormat::Human => render::human::render_with_waived(
            &report.findings,
            summary,
            "file",
            report.waived,
            style,
        ),
        FindingFormat::Json => render::json::render_check(&report.findings, summary, report.waived),
    };
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    Ok(Outcome {
        stdout,
        exit_code: u8::from(failed),
    })
}

fn rules(
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
        stdout,
        exit_code: 0,
    })
}
