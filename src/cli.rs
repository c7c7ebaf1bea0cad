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
use crate::record::{Dialect, Record, Status, classify_file_name};
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
    /// Create the record directory with its first record, an adrift.toml
    /// and rules/; in a repository that has records, adopt them.
    Init(InitArgs),
    /// Write the next record; prints its path.
    New(NewArgs),
    /// Mark record N superseded by record M, with links both ways.
    Supersede(SupersedeArgs),
    /// Link two records both ways: N amends M, N relates-to M (or supersedes).
    Link(LinkArgs),
    /// Change a record's status.
    Status(StatusArgs),
    /// Move a record to a free number and rewrite every link to it.
    Renumber(RenumberArgs),
    /// Write the collection's index into README.md (or index.md) of the
    /// record directory, between markers.
    Index(IndexArgs),
    /// Print the supersede, amend and relates-to graph.
    Graph(GraphArgs),
    /// List every lint, check code and rule; with CODE, print its
    /// documentation (for a rule: its decision and that decision's status).
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff): `adrift man > adrift.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A lint code (status-unknown), check code (waiver-expired) or rule id.
    pub code: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The dialect new records are written in.
    #[arg(long, value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
    /// Where the records go (default: adr/).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The decision's title.
    #[arg(required = true, num_args = 1..)]
    pub title: Vec<String>,
    /// A record this one supersedes (repeatable).
    #[arg(long, short = 's', value_name = "N")]
    pub supersedes: Vec<String>,
    /// A record this one amends (repeatable).
    #[arg(long, value_name = "N")]
    pub amends: Vec<String>,
    /// The status to start with (default: Proposed; Accepted in adr-tools collections).
    #[arg(long)]
    pub status: Option<String>,
    /// The dialect to write (default: the collection's).
    #[arg(long, value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
    /// Use templates/NAME.md of the record directory (default:
    /// templates/template.md if it exists, else the dialect's own).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Open the new record in $VISUAL or $EDITOR.
    #[arg(long)]
    pub edit: bool,
}

#[derive(Debug, Args)]
pub struct SupersedeArgs {
    /// The record that is superseded.
    pub record: String,
    /// The record that supersedes it.
    #[arg(long, value_name = "M")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    pub from: String,
    #[arg(value_enum)]
    pub relation: crate::author::ops::Relation,
    pub to: String,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    pub record: String,
    /// accepted, rejected, deprecated or proposed (or a status mapped in adrift.toml).
    pub status: String,
}

#[derive(Debug, Args)]
pub struct RenumberArgs {
    /// The record to move.
    #[arg(required_unless_present = "fix_duplicates")]
    pub record: Option<String>,
    /// Its new number.
    #[arg(long, value_name = "M", required_unless_present = "fix_duplicates")]
    pub to: Option<u32>,
    /// Give every record that shares a number (but the earliest) the next free one.
    #[arg(long, conflicts_with_all = ["record", "to"])]
    pub fix_duplicates: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Exit with 1 when the index is stale; write nothing.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[arg(long, value_enum, default_value_t = crate::author::graph::GraphFormat::Mermaid)]
    pub format: crate::author::graph::GraphFormat,
}

fn parse_dialect(text: &str) -> Result<Dialect, String> {
    Dialect::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.as_str()).collect();
        format!("unknown dialect; one of: {}", names.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    pub format: FindingFormat,

    /// Exit with 1 on warnings too (previews of proposed decisions included).
    #[arg(long)]
    pub deny_warnings: bool,

    /// Report only findings that are not in this baseline (default:
    /// `baseline` in adrift.toml).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Also check a Terraform plan (`terraform show -json PLANFILE`): what it
    /// creates or updates, including resources inside remote modules.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Vec<PathBuf>,

    /// Record today's findings in FILE, to adopt the gate where drift exists.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
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

    /// Apply the safe fixes first (look-alike hyphens, missing reciprocal
    /// supersede links, a stale index) and say what was fixed on stderr.
    #[arg(long)]
    pub fix: bool,
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
    /// Reports with the source snippet, labels and help.
    Human,
    /// The stable JSON contract.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML (GitLab, Jenkins).
    Junit,
    /// `path:line:col: severity code message`.
    Compact,
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
    /// Notes for standard error (what `--fix` fixed).
    pub stderr: String,
}

/// Runs one command. `Err` means adrift could not do its job (exit code 2).
pub fn run(cli: &Cli, env: &Env) -> Result<Outcome, Error> {
    // These need no project at all.
    if let Command::Completions(args) = &cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        let mut out = Vec::new();
        clap_complete::generate(args.shell, &mut command, "adrift", &mut out);
        return Ok(Outcome {
            stdout: String::from_utf8_lossy(&out).into_owned(),
            exit_code: 0,
            stderr: String::new(),
        });
    }
    if let Command::Man = &cli.command {
        let command = <Cli as clap::CommandFactory>::command();
        let mut out = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut out)
            .map_err(|e| Error::Io {
                path: "the man page".into(),
                message: e.to_string(),
            })?;
        return Ok(Outcome {
            stdout: String::from_utf8_lossy(&out).into_owned(),
            exit_code: 0,
            stderr: String::new(),
        });
    }
    let config = match &cli.config {
        Some(path) => Config::load(&env.cwd.join(path), &display(path, &env.cwd))?,
        None => Config::discover(&env.cwd)?,
    };
    let style = env.style(cli.color);
    if let Command::Init(args) = &cli.command {
        return init(args, env);
    }
    if let Command::Explain(args) = &cli.command {
        return explain(args, cli, &config, env, style);
    }
    let dir = collection::locate(cli.adr_dir.as_deref(), &config, &env.cwd)?;
    match &cli.command {
        Command::Lint(args) => lint(args, &dir, &config, env, style),
        Command::List(args) => list(args, &dir, &config, env, style),
        Command::Show(args) => show(args, &dir, &config, env, style),
        Command::Check(args) => check(args, &dir, &config, env, style),
        Command::Rules(args) => rules(args, &dir, &config, env, style),
        Command::Init(_) | Command::Explain(_) | Command::Completions(_) | Command::Man => {
            unreachable!("handled above")
        }
        Command::New(args) => new(args, &dir, &config, env),
        Command::Supersede(args) => {
            let written = crate::author::ops::supersede_records(
                &dir,
                &args.record,
                &args.by,
                &config,
                env.today,
                &env.cwd,
            )?;
            Ok(updated(&written, env))
        }
        Command::Link(args) => {
            let written = crate::author::ops::link_records(
                &dir,
                &args.from,
                args.relation,
                &args.to,
                &config,
                env.today,
                &env.cwd,
            )?;
            Ok(updated(&written, env))
        }
        Command::Status(args) => {
            let written = crate::author::ops::set_record_status(
                &dir,
                &args.record,
                &args.status,
                &config,
                env.today,
                &env.cwd,
            )?;
            Ok(updated(&written, env))
        }
        Command::Renumber(args) => renumber(args, &dir, &config, env),
        Command::Index(args) => index(args, &dir, &config, env),
        Command::Graph(args) => {
            let collection = collection::load(&dir, &[], &config, &env.cwd);
            Ok(Outcome {
                stderr: String::new(),
                stdout: crate::author::graph::render(&collection, args.format),
                exit_code: 0,
            })
        }
    }
}

fn lint(
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
    let stdout = render_findings(args.format, &findings, summary, None, &[], env, style);
    let failed = summary.errors > 0
        || (args.deny_warnings && findings.iter().any(|f| f.severity == Severity::Warning));
    Ok(Outcome {
        stderr: fixed.iter().map(|line| format!("{line}\n")).collect(),
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
        stderr: String::new(),
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
        stderr: String::new(),
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
    let plans: Vec<PathBuf> = args.plan.iter().map(|p| env.cwd.join(p)).collect();
    let mut report = crate::check::run(&ctx, &bound, &plans, &config.root, &env.cwd);
    if let Some(path) = &args.write_baseline {
        let path = env.cwd.join(path);
        let count = crate::check::baseline::write(&path, &report.findings, &config.root, &env.cwd)?;
        return Ok(Outcome {
            stderr: String::new(),
            stdout: format!(
                "wrote {count} finding{} to {}\n",
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
        report.baselined =
            crate::check::baseline::apply(&path, &mut report.findings, &config.root, &env.cwd)?;
        report
            .findings
            .sort_by_cached_key(crate::finding::Finding::sort_key);
    }
    let summary = Summary::of(&report.findings, report.files);
    let stdout = render_findings(
        args.format,
        &report.findings,
        summary,
        Some((report.waived, report.baselined)),
        &rule_infos(&collection, &bound),
        env,
        style,
    );
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    Ok(Outcome {
        stderr: String::new(),
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
        stderr: String::new(),
        stdout,
        exit_code: 0,
    })
}

/// `updated PATH` lines for the files a command changed.
fn updated(paths: &[PathBuf], env: &Env) -> Outcome {
    let stdout = if paths.is_empty() {
        "nothing to change\n".to_string()
    } else {
        paths
            .iter()
            .map(|p| format!("updated {}\n", display(p, &env.cwd)))
            .collect()
    };
    Outcome {
        stderr: String::new(),
        stdout,
        exit_code: 0,
    }
}

fn init(args: &InitArgs, env: &Env) -> Result<Outcome, Error> {
    let done = crate::author::init::run(args.dialect, args.dir.as_deref(), &env.cwd, env.today)?;
    let mut stdout = String::new();
    if let Some(dir) = &done.adopted {
        stdout.push_str(&format!(
            "adopted the records in {}\n",
            display(dir, &env.cwd)
        ));
    }
    for path in &done.created {
        stdout.push_str(&format!("created {}\n", display(path, &env.cwd)));
    }
    if stdout.is_empty() {
        stdout.push_str("already initialised: nothing to do\n");
    }
    Ok(Outcome {
        stderr: String::new(),
        stdout,
        exit_code: 0,
    })
}

fn new(args: &NewArgs, dir: &Path, config: &Config, env: &Env) -> Result<Outcome, Error> {
    let collection_dialect = collection::load(dir, &[], config, &env.cwd).dialect;
    let request = crate::author::new::NewRecord {
        title: args.title.join(" "),
        supersedes: args.supersedes.clone(),
        amends: args.amends.clone(),
        status: args.status.clone(),
        dialect: args.dialect,
        template: args.template.clone(),
    };
    let written = crate::author::new::create(
        dir,
        &request,
        config,
        collection_dialect,
        env.today,
        &env.cwd,
    )?;
    if args.edit {
        open_in_editor(&written.created, env)?;
    }
    Ok(Outcome {
        stderr: String::new(),
        stdout: format!("{}\n", display(&written.created, &env.cwd)),
        exit_code: 0,
    })
}

/// Opens a file in `$VISUAL` or `$EDITOR` (a command line, split on white
/// space) and waits for it.
fn open_in_editor(path: &Path, env: &Env) -> Result<(), Error> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .ok_or_else(|| Error::Usage {
            message: format!(
                "the record was created ({}), but no editor is set",
                display(path, &env.cwd)
            ),
            help: "set $VISUAL or $EDITOR, or open the file yourself".to_string(),
        })?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or_default();
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| Error::Io {
            path: program.to_string(),
            message: format!("cannot start the editor: {e}"),
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Usage {
            message: format!(
                "the editor exited with {status}; the record is at {}",
                display(path, &env.cwd)
            ),
            help: "the record was created and kept".to_string(),
        })
    }
}

fn renumber(args: &RenumberArgs, dir: &Path, config: &Config, env: &Env) -> Result<Outcome, Error> {
    let moved = if args.fix_duplicates {
        crate::author::renumber::fix_duplicates(dir, config, &env.cwd)?
    } else {
        let record = args.record.as_deref().unwrap_or_default();
        let to = args.to.unwrap_or_default();
        crate::author::renumber::renumber(dir, record, to, config, &env.cwd)?
    };
    // An index beside the records links to them too: bring it up to date.
    let index_path = crate::author::index::index_path(dir);
    let has_index =
        std::fs::read_to_string(&index_path).is_ok_and(|t| t.contains(crate::author::index::START));
    if !moved.is_empty() && has_index {
        let collection = collection::load(dir, &[], config, &env.cwd);
        crate::author::index::run(&collection, false, &env.cwd)?;
    }
    let stdout = if moved.is_empty() {
        "no duplicate numbers\n".to_string()
    } else {
        moved
            .iter()
            .map(|(from, to)| {
                format!(
                    "moved {} to {}\n",
                    display(from, &env.cwd),
                    display(to, &env.cwd)
                )
            })
            .collect()
    };
    Ok(Outcome {
        stderr: String::new(),
        stdout,
        exit_code: 0,
    })
}

fn index(args: &IndexArgs, dir: &Path, config: &Config, env: &Env) -> Result<Outcome, Error> {
    use crate::author::index::IndexOutcome;
    let collection = collection::load(dir, &[], config, &env.cwd);
    let (stdout, exit_code) = match crate::author::index::run(&collection, args.check, &env.cwd)? {
        IndexOutcome::Written(p) => (format!("wrote the index in {}\n", display(&p, &env.cwd)), 0),
        IndexOutcome::UpToDate(p) => (
            format!("the index in {} is up to date\n", display(&p, &env.cwd)),
            0,
        ),
        IndexOutcome::Stale(p) => (
            format!(
                "the index in {} is stale: run `adrift index`\n",
                display(&p, &env.cwd)
            ),
            1,
        ),
        IndexOutcome::Missing(p) => (
            format!(
                "there is no index yet: run `adrift index` to write {}\n",
                display(&p, &env.cwd)
            ),
            1,
        ),
    };
    Ok(Outcome {
        stdout,
        exit_code,
        stderr: String::new(),
    })
}

/// SARIF descriptions of the decision rules.
fn rule_infos(
    collection: &Collection,
    rules: &[crate::rules::BoundRule],
) -> Vec<render::sarif::RuleInfo> {
    rules
        .iter()
        .map(|b| {
            let record = &collection.records[b.record];
            let status = record.canonical_status().map(|s| s.to_string());
            let help = format!(
                "Enforces {} \"{}\" ({}; the rule is {}). {}{}\n\nWaive one finding with a reason in a comment on its line or just above its block: `adrift:allow={}: <reason>`.",
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
            }
        })
        .collect()
}

/// Renders findings in any format; `suppressed` (waived, baselined) is
/// `Some` for `check`.
fn render_findings(
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
    }
}

/// `adrift explain [CODE]`. Lint and check codes need no records; rules are
/// looked up when the project's records and rules can be read.
fn explain(
    args: &ExplainArgs,
    cli: &Cli,
    config: &Config,
    env: &Env,
    style: Style,
) -> Result<Outcome, Error> {
    let codes: Vec<&crate::lints::Lint> = lints::LINTS
        .iter()
        .chain(crate::check::CHECK_CODES)
        .copied()
        .collect();
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
        out.push_str(&format!(
            "\n{}\n",
            style.paint("1", "check codes (adrift check)")
        ));
        for code in crate::check::CHECK_CODES {
            out.push_str(&format!(
                "  {:<width$}  {:<7}  {}\n",
                code.code,
                code.default_severity.as_str(),
                code.summary
            ));
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
        for (name, list) in b.rule.patterns.lists() {
            if !list.is_empty() {
                stdout.push_str(&format!("  {name}: {}\n", list.len()));
            }
        }
        stdout.push_str(&format!(
            "\nWaive one finding with a reason, in a comment on its line or just above its block:\n  # adrift:allow={}: <reason>\n",
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
