//! `adrift.toml`: strict, and every error points into the file.
//!
//! Unknown keys, unknown lint codes, unknown statuses and bad globs are all
//! errors with a span and a way out, as in typos and cargo-deny: a misspelt
//! key that is silently ignored would turn a gate off without anyone noticing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::NamedSource;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{ConfigError, Error};
use crate::finding::Severity;
use crate::glob::Glob;
use crate::lints;
use crate::record::{Dialect, Status, StatusMap};
use crate::suggest::did_you_mean;

/// The name of the config file, looked for from the working directory up.
pub const FILE_NAME: &str = "adrift.toml";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    adr_dir: Option<Spanned<String>>,
    rules_dir: Option<Spanned<String>>,
    baseline: Option<Spanned<String>>,
    max_file_size: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    statuses: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    sections: RawSections,
    #[serde(default)]
    new: RawNew,
    /// Several record collections (a monorepo's packages), for `adrift site`.
    #[serde(default)]
    collections: Vec<RawCollection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollection {
    name: String,
    dir: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNew {
    dialect: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSections {
    required: Option<Vec<String>>,
    /// More headings that count as a required section: `Decision =
    /// ["Resolution", "What we decided"]`.
    #[serde(default)]
    aliases: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// The directory paths in the config are relative to: the config file's
    /// directory, or the working directory when there is no config.
    pub root: PathBuf,
    pub adr_dir: Option<PathBuf>,
    /// Where the rule files are (default `rules/` beside the config).
    pub rules_dir: PathBuf,
    /// The baseline `adrift check` reads unless `--baseline` names another.
    pub baseline: Option<PathBuf>,
    /// The largest file `adrift check` reads; a larger one is a finding.
    pub max_file_bytes: u64,
    pub exclude: Vec<Glob>,
    /// Severity overrides by code; `None` turns a lint off.
    pub severity: BTreeMap<String, Option<Severity>>,
    /// Only findings of these codes and rule ids (empty: all), and never
    /// these; checked against the known codes and rules when a command
    /// runs. `--select` replaces `select`; `--ignore` adds to `ignore`.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Set by `adrift check PATHS`: only project files under these
    /// (absolute, normalised) paths are scanned. Never read from the file.
    pub scan_only: Vec<PathBuf>,
    pub statuses: StatusMap,
    /// Replaces every dialect's required sections when set.
    pub required_sections: Option<Vec<String>>,
    /// `[sections] aliases`: for a section (by its loose key), the other
    /// headings that count as it.
    pub section_aliases: BTreeMap<String, Vec<String>>,
    /// The dialect `adrift new` writes (default: the collection's).
    pub new_dialect: Option<Dialect>,
    /// The status `adrift new` writes (default: Proposed; Accepted in
    /// adr-tools collections, as `adr new` does).
    pub new_status: Option<String>,
    /// `[[collections]]`: named record directories shown together by
    /// `adrift site` (empty: the one record directory).
    pub collections: Vec<(String, PathBuf)>,
}

impl Config {
    /// The configuration used when there is no `adrift.toml`.
    pub fn default_at(root: &Path) -> Config {
        Config {
            path: None,
            root: root.to_path_buf(),
            adr_dir: None,
            rules_dir: root.join("rules"),
            baseline: None,
            max_file_bytes: crate::scan::files::DEFAULT_MAX_FILE_BYTES,
            exclude: Vec::new(),
            severity: BTreeMap::new(),
            select: Vec::new(),
            ignore: Vec::new(),
            scan_only: Vec::new(),
            statuses: StatusMap::default(),
            required_sections: None,
            section_aliases: BTreeMap::new(),
            new_dialect: None,
            new_status: None,
            collections: Vec::new(),
        }
    }

    /// Finds `adrift.toml` in `start` or a parent and reads it; the default
    /// configuration at `start` when there is none.
    pub fn discover(start: &Path) -> Result<Config, Error> {
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            // Anything by that name counts (a directory or a FIFO is an
            // error from `load`, never a silent default configuration).
            if std::fs::symlink_metadata(&candidate).is_ok() {
                return Config::load(&candidate, &display(&candidate, start));
            }
        }
        Ok(Config::default_at(start))
    }

    /// Reads and validates one config file.
    pub fn load(path: &Path, display_path: &str) -> Result<Config, Error> {
        let io = |message: String| Error::Io {
            path: display_path.to_string(),
            message,
        };
        // Never open what is not a regular file: a FIFO would block.
        let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
        if !meta.is_file() {
            return Err(io("it is not a regular file".to_string()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| io(e.to_string()))?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Config::parse(&text, display_path, &root).map(|mut c| {
            c.path = Some(path.to_path_buf());
            c
        })
    }

    /// Parses config text; `root` is what relative paths in it are relative to.
    pub fn parse(text: &str, display_path: &str, root: &Path) -> Result<Config, Error> {
        let err = |message: String,
                   span: Option<std::ops::Range<usize>>,
                   label: &str,
                   help: Option<String>| {
            Error::Config(Box::new(ConfigError {
                message,
                source_code: NamedSource::new(display_path, text.to_string()),
                span: span.map(Into::into),
                label: label.to_string(),
                help,
            }))
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            let help = if message.starts_with("unknown field") {
                Some(
                    "the keys adrift reads are listed under \"Configuration\" in the README; remove or correct this one"
                        .to_string(),
                )
            } else {
                None
            };
            err(
                format!("invalid {display_path}: {message}"),
                e.span(),
                "here",
                help,
            )
        })?;

        let mut config = Config::default_at(root);
        if let Some(dir) = raw.adr_dir {
            config.adr_dir = Some(root.join(dir.get_ref()));
        }
        config.collections = raw
            .collections
            .iter()
            .map(|c| (c.name.clone(), root.join(&c.dir)))
            .collect();
        if let Some(dir) = raw.rules_dir {
            config.rules_dir = root.join(dir.get_ref());
        }
        if let Some(file) = raw.baseline {
            config.baseline = Some(root.join(file.get_ref()));
        }
        if let Some(size) = raw.max_file_size {
            config.max_file_bytes = crate::scan::files::parse_size(size.get_ref())
                .filter(|&n| n > 0)
                .ok_or_else(|| {
                    err(
                        format!("invalid size {:?} for max_file_size", size.get_ref()),
                        Some(size.span()),
                        "not a size",
                        Some("write a size such as \"64 MiB\", \"500 KB\" or 1048576".to_string()),
                    )
                })?;
        }
        for pattern in raw.exclude {
            let glob = Glob::new(pattern.get_ref()).map_err(|e| {
                err(
                    format!("invalid glob {:?}", pattern.get_ref()),
                    Some(pattern.span()),
                    &e,
                    Some("globs use *, ** and ?".to_string()),
                )
            })?;
            config.exclude.push(glob);
        }
        for code in &raw.ignore {
            if lints::find_code(code.get_ref()).is_some_and(|c| c.fails_closed()) {
                return Err(err(
                    format!(
                        "{} cannot be ignored: it is how the gate fails closed on a file it cannot read",
                        code.get_ref()
                    ),
                    Some(code.span()),
                    "always reported",
                    Some(
                        "fix the file, or leave it out of the check with `exclude = [\"path/**\"]` in adrift.toml"
                            .to_string(),
                    ),
                ));
            }
        }
        config.select = raw.select.iter().map(|c| c.get_ref().clone()).collect();
        config.ignore = raw.ignore.iter().map(|c| c.get_ref().clone()).collect();
        let codes: Vec<&str> = lints::all_codes().map(|l| l.code).collect();
        for (code, level) in raw.severity {
            if lints::find_code(code.get_ref()).is_some_and(|c| c.fails_closed()) {
                return Err(err(
                    format!(
                        "{} cannot be changed: it is how the gate fails closed on a file it cannot read",
                        code.get_ref()
                    ),
                    Some(code.span()),
                    "always an error",
                    Some(
                        "fix the file, or leave it out of the check with `exclude = [\"path/**\"]` in adrift.toml"
                            .to_string(),
                    ),
                ));
            }
            if !codes.contains(&code.get_ref().as_str()) {
                let help = did_you_mean(
                    code.get_ref(),
                    codes.iter().copied(),
                    &format!("known codes: {}", codes.join(", ")),
                );
                return Err(err(
                    format!("unknown lint code {:?} in [severity]", code.get_ref()),
                    Some(code.span()),
                    "not a lint code",
                    Some(help),
                ));
            }
            let severity = match level.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "off" => None,
                other => {
                    return Err(err(
                        format!("unknown severity {other:?} for {:?}", code.get_ref()),
                        Some(level.span()),
                        "not a severity",
                        Some("use \"error\", \"warning\" or \"off\"".to_string()),
                    ));
                }
            };
            config.severity.insert(code.into_inner(), severity);
        }
        for (written, meaning) in raw.statuses {
            let Some(status) = Status::parse(meaning.get_ref()) else {
                let canonical: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                let help = did_you_mean(
                    meaning.get_ref(),
                    canonical.iter().copied(),
                    &format!("a status means one of: {}", canonical.join(", ")),
                );
                return Err(err(
                    format!("{:?} is not a canonical status", meaning.get_ref()),
                    Some(meaning.span()),
                    "not a canonical status",
                    Some(help),
                ));
            };
            config.statuses.insert(written.get_ref(), status);
        }
        config.required_sections = raw.sections.required;
        for (section, headings) in raw.sections.aliases {
            let key = crate::record::heading_key(section.get_ref());
            if key.is_empty() {
                return Err(err(
                    "a section alias needs the section's name".to_string(),
                    Some(section.span()),
                    "no section named",
                    Some("write `Decision = [\"Resolution\"]`: the required section, then the headings that count as it".to_string()),
                ));
            }
            let mut list = Vec::new();
            for heading in headings {
                if crate::record::heading_key(heading.get_ref()).is_empty() {
                    return Err(err(
                        format!("an empty heading as an alias of {:?}", section.get_ref()),
                        Some(heading.span()),
                        "empty heading",
                        Some(
                            "write the heading as it stands after `## `, or remove this entry"
                                .to_string(),
                        ),
                    ));
                }
                list.push(heading.into_inner());
            }
            config.section_aliases.entry(key).or_default().extend(list);
        }
        if let Some(dialect) = raw.new.dialect {
            let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.as_str()).collect();
            config.new_dialect = Some(Dialect::from_name(dialect.get_ref()).ok_or_else(|| {
                err(
                    format!("unknown dialect {:?}", dialect.get_ref()),
                    Some(dialect.span()),
                    "not a dialect",
                    Some(did_you_mean(
                        dialect.get_ref(),
                        names.iter().copied(),
                        &format!("dialects: {}", names.join(", ")),
                    )),
                )
            })?);
        }
        if let Some(status) = raw.new.status {
            if crate::record::read_status(status.get_ref(), &config.statuses)
                .0
                .is_none()
            {
                return Err(err(
                    format!("unknown status {:?} in [new]", status.get_ref()),
                    Some(status.span()),
                    "not a known status",
                    Some("use proposed or accepted, or map it under [statuses]".to_string()),
                ));
            }
            config.new_status = Some(status.into_inner());
        }
        Ok(config)
    }

    /// The severity of `code` after overrides; `None` when it is off.
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.severity.get(code) {
            Some(level) => *level,
            None => Some(default),
        }
    }

    /// Whether a path (relative to the config root, with `/`) is excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let text = relative.to_string_lossy().replace('\\', "/");
        self.exclude.iter().any(|g| g.matches(&text))
    }
}

/// `path` as shown to users: relative to `cwd` where it can be, with `/`.
pub fn display(path: &Path, cwd: &Path) -> String {
    let path = normalise(&if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    });
    let cwd = normalise(cwd);
    let common = path
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path
            .components()
            .map(|c| shown_name(c.as_os_str()))
            .collect::<Vec<_>>()
            .join("/")
            .replacen("//", "/", 1);
    }
    let ups = cwd.components().count() - common;
    let mut out: Vec<String> = std::iter::repeat_n("..".to_string(), ups).collect();
    out.extend(
        path.components()
            .skip(common)
            .map(|c| shown_name(c.as_os_str())),
    );
    if out.is_empty() {
        ".".to_string()
    } else {
        out.join("/")
    }
}

/// One path component as shown: a byte that is not UTF-8 is written as
/// `\xFF`, so a name adrift cannot spell is still named exactly.
fn shown_name(name: &std::ffi::OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Removes `.` and resolves `..` without touching the file system.
pub fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(text, "adrift.toml", Path::new("/repo"))
    }

    #[test]
    fn a_full_config_reads() {
        let c = parse(
            "adr_dir = \"docs/adr\"\nexclude = [\"drafts/**\"]\n[severity]\nnumbering-gap = \"off\"\n[statuses]\n\"On Hold\" = \"proposed\"\n[sections]\nrequired = [\"Context\"]\n",
        )
        .unwrap();
        assert_eq!(c.adr_dir.as_deref(), Some(Path::new("/repo/docs/adr")));
        assert_eq!(c.severity_of("numbering-gap", Severity::Warning), None);
        assert_eq!(c.statuses.get("on hold"), Some(Status::Proposed));
        assert!(c.is_excluded(Path::new("/repo/drafts/x.md")));
    }

    #[test]
    fn unknown_keys_codes_and_statuses_are_errors_with_spans() {
        for (text, needle) in [
            ("adr_dri = \"x\"\n", "unknown field"),
            (
                "[severity]\nnumbering-gapp = \"off\"\n",
                "unknown lint code",
            ),
            ("[severity]\nnumbering-gap = \"loud\"\n", "unknown severity"),
            (
                "[statuses]\nApproved = \"acepted\"\n",
                "not a canonical status",
            ),
        ] {
            let Err(Error::Config(e)) = parse(text) else {
                panic!("{text} should fail")
            };
            assert!(e.message.contains(needle), "{}", e.message);
            assert!(e.span.is_some(), "{text}");
        }
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        let cwd = Path::new("/work/repo");
        assert_eq!(display(Path::new("/work/repo/adr/a.md"), cwd), "adr/a.md");
        assert_eq!(display(Path::new("adr/./a.md"), cwd), "adr/a.md");
        assert_eq!(display(Path::new("/work/other/a.md"), cwd), "../other/a.md");
        assert_eq!(display(Path::new("../x/../y"), cwd), "../y");
        use std::os::unix::ffi::OsStrExt;
        let odd = Path::new(std::ffi::OsStr::from_bytes(b"/work/repo/db\xff.tf"));
        assert_eq!(display(odd, cwd), "db\\xFF.tf");
    }
}
