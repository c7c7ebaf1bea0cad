//! The authoring commands: `init`, `new`, `renumber`, `index`, and the
//! report of what `supersede`, `link` and `status` changed.

use super::*;

/// Notes (what an authoring command found and repaired on its way in),
/// one a line, for standard error.
fn notes(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// `updated PATH` lines for the files a command changed.
pub(super) fn updated(changed: &crate::author::Changed, env: &Env) -> Outcome {
    let stdout = if changed.paths.is_empty() {
        match &changed.unchanged {
            Some(why) => format!("{why}\n"),
            None => "nothing to change\n".to_string(),
        }
    } else {
        changed
            .paths
            .iter()
            .map(|p| format!("updated {}\n", display(p, &env.cwd)))
            .collect()
    };
    Outcome {
        stderr: notes(&changed.notes),
        stdout,
        exit_code: 0,
    }
}

pub(super) fn init(
    args: &InitArgs,
    config_file: Option<&Path>,
    env: &Env,
) -> Result<Outcome, Error> {
    let done = crate::author::init::run(
        args.dialect,
        args.dir.as_deref(),
        config_file,
        &env.cwd,
        env.today,
    )?;
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
    // What to do next, on stderr: stdout lists what was created.
    let mut stderr = String::from("next:\n");
    for (command, what) in [
        (
            "adrift new \"Use PostgreSQL for orders\"",
            "write a decision (it starts as proposed)",
        ),
        (
            "adrift rules suggest N",
            "draft the rule that enforces decision N; review it in rules/",
        ),
        (
            "adrift check",
            "the gate: the records, then the code against every accepted decision",
        ),
    ] {
        stderr.push_str(&format!("  {command:<40} {what}\n"));
    }
    Ok(Outcome {
        stderr,
        stdout,
        exit_code: 0,
    })
}

pub(super) fn new(
    args: &NewArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
) -> Result<Outcome, Error> {
    let request = crate::author::new::NewRecord {
        title: args.title.join(" "),
        supersedes: args.supersedes.clone(),
        amends: args.amends.clone(),
        status: args.status.clone(),
        dialect: args.dialect,
        template: args.template.clone(),
        finish: None,
    };
    let written = crate::author::new::create(dir, &request, config, env.today, &env.cwd)?;
    if args.edit {
        open_in_editor(&written.created, env)?;
    }
    Ok(Outcome {
        stderr: notes(&written.notes),
        stdout: format!("{}\n", display(&written.created, &env.cwd)),
        exit_code: 0,
    })
}

/// Opens a file in `$VISUAL` or `$EDITOR` (a command line, split on white
/// space) and waits for it.
pub(super) fn open_in_editor(path: &Path, env: &Env) -> Result<(), Error> {
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

pub(super) fn renumber(
    args: &RenumberArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
) -> Result<Outcome, Error> {
    // An index beside the records is rewritten with them.
    let done = if args.fix_duplicates {
        crate::author::renumber::fix_duplicates(dir, config, &env.cwd)?
    } else {
        let record = args.record.as_deref().unwrap_or_default();
        let to = args.to.unwrap_or_default();
        crate::author::renumber::renumber(dir, record, to, config, &env.cwd)?
    };
    let stdout = if done.moved.is_empty() {
        "no duplicate numbers\n".to_string()
    } else {
        done.moved
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
        stderr: notes(&done.notes),
        stdout,
        exit_code: 0,
    })
}

pub(super) fn index(
    args: &IndexArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
) -> Result<Outcome, Error> {
    use crate::author::index::IndexOutcome;
    let (outcome, found) = crate::author::index::run(dir, config, args.check, &env.cwd)?;
    let (stdout, exit_code) = match outcome {
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
        IndexOutcome::NoMarkers(p) => {
            let shown = display(&p, &env.cwd);
            if args.check {
                // Nothing adrift keeps is stale: the check passes, and says so.
                (format!("{}\n", crate::author::index::adopt_help(&shown)), 0)
            } else {
                return Err(Error::Usage {
                    message: format!("{shown} is a hand-made index: adrift writes nothing there"),
                    help: crate::author::index::adopt_help(&shown),
                });
            }
        }
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
        stderr: notes(&found),
    })
}
