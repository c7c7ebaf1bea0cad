//! The `adrift` binary: parse arguments, run, print, exit.
//! Exit codes: 0 no error-level finding, 1 error-level findings,
//! 2 adrift could not do its job (including a bug in adrift itself).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// Errors go through miette on standard error: coloured as --color,
/// NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE say for that stream, and
/// wrapped only at spaces, as the findings are.
fn error_style(color: adrift::render::ColorChoice) {
    use std::io::IsTerminal;
    let color = color.enabled(std::io::stderr().is_terminal());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .or_else(|| {
            terminal_size::terminal_size()
                .map(|(w, _)| w.0 as usize)
                .filter(|_| std::io::stderr().is_terminal())
        })
        .unwrap_or(100);
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(true)
                .width(width)
                .break_words(false)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .build(),
        )
    }));
}

/// `--color WHEN` as written, for an argument error (when clap could not
/// read the rest).
fn color_in_args() -> adrift::render::ColorChoice {
    use adrift::render::ColorChoice;
    let args: Vec<String> = std::env::args().collect();
    let mut when = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--color=") {
            when = Some(v.to_string());
        } else if a == "--color" {
            when = args.get(i + 1).cloned();
        }
    }
    match when.as_deref() {
        Some("always") => ColorChoice::Always,
        Some("never") => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

fn main() -> ExitCode {
    let cli = match adrift::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print as clap writes them, on stdout.
        Err(e) if !e.use_stderr() => e.exit(),
        // An argument error is an error like any other: one style.
        Err(e) => {
            error_style(color_in_args());
            let report = miette::Report::new(adrift::cli::argument_error(&e));
            let _ = writeln!(std::io::stderr(), "{report:?}");
            return ExitCode::from(2);
        }
    };
    error_style(cli.color);
    // A panic anywhere, a worker's included (they are re-raised), is an
    // internal error: exit 2, never a verdict. The default hook has already
    // printed where it happened.
    let result = match std::panic::catch_unwind(|| {
        adrift::cli::Env::detect().and_then(|env| adrift::cli::run(&cli, &env))
    }) {
        Ok(result) => result,
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: adrift stopped on an internal error (a bug in adrift, not in your files); \
                 nothing was decided, so this run fails. Please report it with the message above."
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(outcome) => {
            if !outcome.stderr.is_empty() {
                let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
            }
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::from(outcome.exit_code),
                // A closed pipe (`adrift check | head`) loses output, never
                // the verdict: the exit code is the gate's either way.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    ExitCode::from(outcome.exit_code)
                }
                Err(_) => ExitCode::from(2),
            }
        }
        Err(error) => {
            let report = miette::Report::new(error);
            let _ = writeln!(std::io::stderr(), "{report:?}");
            ExitCode::from(2)
        }
    }
}
