//! `adrift rules suggest`: a rule file drafted from a record's text; and a
//! rule's conditions on attributes in words, for `adrift explain RULE`.

use std::path::Path;

use super::{Env, Outcome, SuggestArgs};
use crate::collection;
use crate::config::{Config, display};
use crate::error::Error;
use crate::explain::suggest::{draft, rule_id, suggest as suggestions};

pub(super) fn suggest(
    args: &SuggestArgs,
    dir: &Path,
    config: &Config,
    env: &Env,
) -> Result<Outcome, Error> {
    let collection = collection::load(dir, &[], config, &env.cwd);
    let record = super::records::find_record(&collection, &args.record)?;
    let found = suggestions(record);
    if found.is_empty() {
        return Ok(Outcome {
            stdout: String::new(),
            stderr: format!(
                "{} \"{}\" rejects or forbids no technology adrift knows by name: no draft.\nWrite the rule by hand (the README's \"Decision rules\" section says how), or name the technologies the decision rules out in the record.\n",
                record.id,
                record.title_text()
            ),
            exit_code: 0,
        });
    }
    let text = draft(record, &found, &display(&record.path, &env.cwd));
    if !args.write {
        return Ok(Outcome {
            stdout: text,
            stderr: String::new(),
            exit_code: 0,
        });
    }
    let path = config.rules_dir.join(format!("{}.toml", rule_id(record)));
    let shown = display(&path, &env.cwd);
    std::fs::create_dir_all(&config.rules_dir).map_err(|e| Error::Io {
        path: display(&config.rules_dir, &env.cwd),
        message: e.to_string(),
    })?;
    match crate::author::create_file(&path, text.as_bytes()) {
        Ok(()) => Ok(Outcome {
            stdout: format!("{shown}\n"),
            stderr: format!(
                "drafted {} technologies from {}: review every pattern, then run `adrift check`\n",
                found.len(),
                record.id
            ),
            exit_code: 0,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Usage {
            message: format!("{shown} already exists: nothing was written"),
            help: format!(
                "compare with `adrift rules suggest {}` (without --write), or move the existing rule away",
                args.record
            ),
        }),
        Err(e) => Err(Error::Io {
            path: shown,
            message: e.to_string(),
        }),
    }
}

/// A rule's conditions on attributes (`[[terraform.when]]`), in words, for
/// `adrift explain RULE`; empty for a rule that matches by name alone.
pub(super) fn conditions(rule: &crate::rules::Rule) -> String {
    if rule.conditions.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\nOnly when every condition holds (read statically from the Terraform files, or from a plan's values with `check --plan`):\n",
    );
    for condition in &rule.conditions {
        out.push_str(&format!("  {}\n", condition.describe()));
    }
    out.push_str(
        "A value adrift cannot read statically (a variable, a function call, a `dynamic` block) is reported as one that may contradict the decision. adrift does not know provider defaults: `if_absent` says what a missing attribute means.\n",
    );
    out
}
