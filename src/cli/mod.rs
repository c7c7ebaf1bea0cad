//! The command line: arguments, and one `run` that returns what to print
//! and the exit code. `main.rs` only writes the output and exits.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

mod authoring;
mod explain;
mod gate;
mod records;
mod report;

use authoring::{index, init, new, renumber, updated};
use gate::{check, load_with_rules, rules};
use records::{explain, lint, list, show};

use crate::collection::{self, Collection, is_record_path};
use crate::config::{Config, display, normalise};
use crate::error::Error;
use crate::finding::Summary;
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
    /// docs/decisions/, docs/architecture/decisions/ and other usual names,
    /// then the directory with the most numbered Markdown files read as
    /// decision records: a status, or MADR's sections).
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
    /// Write a static site of the decisions: the log, one page per record,
    /// the graph and the enforcement dashboard.
    Site(SiteArgs),
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
    /// Change a superseded record's status anyway, removing the supersede links on both sides.
    #[arg(long)]
    pub force: bool,
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

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Where to write the site (replaced only if adrift wrote it).
    #[arg(long, short = 'o', value_name = "DIR", default_value = "adrift-site")]
    pub output: PathBuf,
}

fn parse_dialect(text: &str) -> Result<Dialect, String> {
    Dialect::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.as_str()).collect();
        format!("unknown dialect; one of: {}", names.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scan only these files and directories of the project (the records
    /// are still all linted); default: the whole project.
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    pub format: FindingFormat,

    /// Also write the same findings in another format to FILE (repeatable:
    /// `--output sarif=adrift.sarif --output junit=report.xml`). The file is
    /// replaced atomically.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,

    /// Exit with 1 on warnings too (previews of proposed decisions
    /// included); the same as `--fail-on warning`.
    #[arg(long)]
    pub deny_warnings: bool,

    #[command(flatten)]
    pub report: ReportArgs,

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

    /// Scan only the files changed since REF (a branch, tag or commit):
    /// from where HEAD and REF meet to the working tree, staged or not,
    /// plus untracked files, each with the files read together with it (a
    /// changed Cargo.lock rescans the Cargo tree). Every record is still
    /// linted. Needs git; for pre-commit and pull-request runs.
    #[arg(long, value_name = "REF", conflicts_with = "write_baseline")]
    pub changed_since: Option<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Draft a rule file from what a record rejects or forbids: each
    /// technology it names mapped to patterns, with the line that led to
    /// it. Prints the draft; `--write` creates rules/<id>.toml.
    Suggest(SuggestArgs),
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The record: a number (`12`), an id (`ADR-0012`), a file name or a slug.
    pub record: String,

    /// Create the rule file in the rules directory (never overwriting one).
    #[arg(long)]
    pub write: bool,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Report only on these files (as pre-commit passes them); the whole
    /// collection is still read for the lints that span records.
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    pub format: FindingFormat,

    /// Also write the same findings in another format to FILE (repeatable).
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,

    /// Exit with 1 on warnings too; the same as `--fail-on warning`.
    #[arg(long)]
    pub deny_warnings: bool,

    #[command(flatten)]
    pub report: ReportArgs,

    /// Apply the safe fixes first (look-alike hyphens, missing reciprocal
    /// supersede links, a stale index) and say what was fixed on stderr.
    #[arg(long)]
    pub fix: bool,

    /// Also compare with REF (e.g. origin/main): a record number this
    /// branch adds that REF also added since the two met is a
    /// `number-collision`, with the other record's title and path. Needs git.
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,
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
    /// GitLab Code Quality (Code Climate issues as GitLab ingests them).
    Codeclimate,
    /// A Markdown summary table and the findings, for a pull-request
    /// comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
}

/// Choosing and grading findings, as `lint` and `check` share them.
#[derive(Debug, Clone, Default, Args)]
pub struct ReportArgs {
    /// Only these lint codes, check codes and rule ids (comma-separated or
    /// repeated; replaces `select` in adrift.toml). The fail-closed codes
    /// (`parse-error`, `file-unreadable`) are always reported.
    #[arg(long, value_delimiter = ',', value_name = "CODE|RULE")]
    pub select: Vec<String>,

    /// Leave out these codes and rule ids (added to `ignore` in adrift.toml).
    #[arg(long, value_delimiter = ',', value_name = "CODE|RULE")]
    pub ignore: Vec<String>,

    /// Exit 1 from this severity up: `error` (the default) or `warning`.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Report the findings and exit 0 whatever they are. Exit code 2
    /// (adrift could not do its job) is never turned into 0.
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how many findings each code and rule has, instead of the
    /// findings (`--output` files still get the findings).
    #[arg(long)]
    pub statistics: bool,

    /// Only the findings: no summary line, nothing when there are none.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

/// `--output FORMAT=FILE`: one more report of the same run, written to FILE.
#[derive(Debug, Clone)]
pub struct OutputSpec {
    pub format: FindingFormat,
    pub path: PathBuf,
}

fn parse_output(value: &str) -> Result<OutputSpec, String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err(format!(
            "expected FORMAT=FILE (e.g. sarif=adrift.sarif), got {value:?}"
        ));
    };
    let format = FindingFormat::from_str(format, true).map_err(|_| {
        let names: Vec<String> = FindingFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("unknown format {format:?}: one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err(format!("no file after {format:?}="));
    }
    Ok(OutputSpec {
        format,
        path: PathBuf::from(path),
    })
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
    /// The width to wrap at: `COLUMNS`, else the terminal's when standard
    /// output is one (else 100).
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
        // `COLUMNS` (a CI log, a pipe to a narrow pane) wins over the
        // terminal's own width; a value too small to read is ignored.
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c >= 40);
        let terminal_width = columns.or_else(|| {
            terminal_size::terminal_size()
                .filter(|_| stdout_is_terminal)
                .map(|(w, _)| w.0 as usize)
        });
        // The local date (the system's time zone, `TZ`): what `new` writes.
        let today = jiff::ZonedDateTime::now().date();
        Ok(Env {
            cwd,
            stdout_is_terminal,
            terminal_width,
            today,
        })
    }

    fn style(&self, color: ColorChoice) -> Style {
        let width = self.terminal_width.unwrap_or(100);
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
    // `init` creates the configuration `--config` names when it is missing.
    if let Command::Init(args) = &cli.command {
        let config_file = cli.config.as_ref().map(|p| env.cwd.join(p));
        return init(args, config_file.as_deref(), env);
    }
    let config = match &cli.config {
        Some(path) => Config::load(&env.cwd.join(path), &display(path, &env.cwd))?,
        None => Config::discover(&env.cwd)?,
    };
    let style = env.style(cli.color);
    if let Command::Explain(args) = &cli.command {
        return explain(args, cli, &config, env, style);
    }
    let (dir, located) = collection::locate_noted(cli.adr_dir.as_deref(), &config, &env.cwd)?;
    let outcome = match &cli.command {
        Command::Lint(args) => lint(args, &dir, &config, env, style),
        Command::List(args) => list(args, &dir, &config, env, style),
        Command::Show(args) => show(args, &dir, &config, env, style),
        Command::Check(args) => check(args, &dir, &config, env, style),
        Command::Rules(RulesArgs {
            action: Some(RulesAction::Suggest(args)),
            ..
        }) => explain::suggest(args, &dir, &config, env),
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
                args.force,
                &config,
                env.today,
                &env.cwd,
            )?;
            Ok(updated(&written, env))
        }
        Command::Renumber(args) => renumber(args, &dir, &config, env),
        Command::Index(args) => index(args, &dir, &config, env),
        Command::Site(args) => {
            let built = crate::site::build(&dir, &config, &env.cwd, env.today, &args.output)?;
            Ok(Outcome {
                stderr: String::new(),
                stdout: format!(
                    "wrote {} ({} records, {} rules, {} files)\n",
                    args.output.display(),
                    built.records,
                    built.rules,
                    built.files
                ),
                exit_code: 0,
            })
        }
        Command::Graph(args) => {
            let collection = collection::load(&dir, &[], &config, &env.cwd);
            Ok(Outcome {
                stderr: String::new(),
                stdout: crate::author::graph::render(&collection, args.format),
                exit_code: 0,
            })
        }
    };
    // Where the records were found by their contents, say so first.
    outcome.map(|mut o| {
        if let Some(note) = located {
            o.stderr.insert_str(0, &note);
        }
        o
    })
}

/// An argument error from clap as adrift's own [`Error`], so it prints in
/// the one error style (miette, wrapped at spaces, coloured as asked):
/// clap's first paragraph is the message; its tips, the usage line and the
/// pointer to `--help` are the help.
pub fn argument_error(e: &clap::Error) -> Error {
    let text = e.render().to_string();
    let mut paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let message = paragraphs
        .next()
        .map(|p| {
            p.strip_prefix("error: ")
                .unwrap_or(p)
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "the arguments cannot be read".to_string());
    let help: Vec<String> = paragraphs
        .map(|p| {
            let p = p.lines().map(str::trim).collect::<Vec<_>>().join(" ");
            match p.strip_prefix("Usage: ") {
                Some(usage) => format!("usage: {usage}"),
                None => p.strip_prefix("tip: ").map_or(p.clone(), str::to_string),
            }
        })
        .collect();
    Error::Usage {
        message,
        help: if help.is_empty() {
            "see `adrift --help`".to_string()
        } else {
            help.join("\n")
        },
    }
}
