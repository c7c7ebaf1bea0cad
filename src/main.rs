//! The `adrift` binary: parse arguments, run, print, exit.
//! Exit codes: 0 no error-level finding, 1 error-level findings,
//! 2 adrift could not do its job.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = adrift::cli::Cli::parse();
    let result = adrift::cli::Env::detect().and_then(|env| adrift::cli::run(&cli, &env));
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
                // A closed pipe (`adrift list | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
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
