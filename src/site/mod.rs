//! `adrift site`: a self-contained static site of the decisions: the log
//! as a timeline with search and filters, one page per record, the
//! decision graph as inline SVG, and the enforcement dashboard (rules,
//! today's findings, waivers, baselined counts).
//!
//! Record text is untrusted: every string is escaped, raw HTML in a record
//! is shown as text, and links with a scheme other than http, https or
//! mailto are dropped. The site is written into a temporary directory
//! beside the target and renamed into place; a target that exists and is
//! not an adrift site (no [`MARKER`] file) is never touched.

mod assets;
mod graph;
mod markdown;
mod pages;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::collection::{self, Collection};
use crate::config::{Config, display};
use crate::error::Error;
use crate::finding::Finding;
use crate::lints::{self, LintContext};

/// The file that marks a directory as one adrift wrote (and may replace).
pub const MARKER: &str = ".adrift-site";

/// One collection of records in the site.
pub(crate) struct Part {
    pub name: String,
    pub collection: Collection,
    /// Lint findings, by record index.
    pub findings: Vec<Vec<Finding>>,
    /// The page of each record, relative to the site's root.
    pub pages: Vec<String>,
}

/// Everything the pages are made from.
pub(crate) struct Site {
    pub parts: Vec<Part>,
    /// The collection the rules are bound to, and its index in `parts`
    /// (`None` when it is not among the configured collections).
    pub rules_part: Option<usize>,
    pub rules_collection: Collection,
    pub rules: Vec<crate::rules::BoundRule>,
    pub report: crate::check::Report,
    pub today: jiff::civil::Date,
    /// The site's directory, absolute (links to project files are relative to it).
    pub out: PathBuf,
    /// Record path (normalised) to (part, record).
    pub by_path: HashMap<PathBuf, (usize, usize)>,
}

/// What was written.
#[derive(Debug)]
pub struct Built {
    pub records: usize,
    pub collections: usize,
    pub rules: usize,
    pub files: usize,
}

/// Builds the site for the records in `dir` (and `[[collections]]`) into `out`.
pub fn build(
    dir: &Path,
    config: &Config,
    cwd: &Path,
    today: jiff::civil::Date,
    out: &Path,
) -> Result<Built, Error> {
    let out = normalise(&cwd.join(out));
    check_target(&out, cwd)?;

    let primary = collection::load(dir, &[], config, cwd);
    let rules = crate::rules::load_dir(&config.rules_dir, cwd)?;
    let bound = crate::rules::bind(rules, &primary)?;
    let ctx = LintContext {
        collection: &primary,
        config,
        today,
    };
    let mut report = crate::check::run(&ctx, &bound, &[], &config.root, cwd);
    if let Some(path) = &config.baseline {
        report.baselined =
            crate::check::baseline::apply(path, &mut report.findings, &config.root, cwd)?;
    }

    let mut wanted: Vec<(String, PathBuf)> = config.collections.clone();
    if wanted.is_empty() {
        wanted.push((primary.display_dir.clone(), dir.to_path_buf()));
    }
    let primary_dir = normalise(&cwd.join(dir));
    let mut parts = Vec::new();
    let mut rules_part = None;
    let mut slugs: Vec<String> = Vec::new();
    for (name, path) in wanted {
        let abs = normalise(&cwd.join(&path));
        if !abs.is_dir() {
            return Err(Error::AdrDir {
                path: display(&path, cwd),
                reason: format!("(collection \"{name}\") is not a directory"),
                help: "correct its dir under [[collections]] in adrift.toml".to_string(),
            });
        }
        let collection = if abs == primary_dir {
            rules_part = Some(parts.len());
            collection::load(dir, &[], config, cwd)
        } else {
            collection::load(&path, &[], config, cwd)
        };
        let ctx = LintContext {
            collection: &collection,
            config,
            today,
        };
        let mut findings = vec![Vec::new(); collection.records.len()];
        let index: HashMap<&str, usize> = collection
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.source.path.as_str(), i))
            .collect();
        for f in lints::run(&ctx) {
            if let Some(&i) = index.get(f.path()) {
                findings[i].push(f);
            }
        }
        let mut slug = file_slug(&name);
        while slugs.contains(&slug) {
            slug.push('_');
        }
        slugs.push(slug.clone());
        let mut used = std::collections::HashSet::new();
        let pages = collection
            .records
            .iter()
            .map(|r| {
                let stem = r
                    .path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("record");
                let mut page = file_slug(stem);
                while !used.insert(page.clone()) {
                    page.push('_');
                }
                format!("records/{slug}/{page}.html")
            })
            .collect();
        parts.push(Part {
            name,
            collection,
            findings,
            pages,
        });
    }
    let mut by_path = HashMap::new();
    for (p, part) in parts.iter().enumerate() {
        for (i, r) in part.collection.records.iter().enumerate() {
            by_path.insert(normalise(&cwd.join(&r.path)), (p, i));
        }
    }
    let site = Site {
        parts,
        rules_part,
        rules_collection: primary,
        rules: bound,
        report,
        today,
        out: out.clone(),
        by_path,
    };
    let files = pages::all(&site, cwd);
    write_site(&out, &files, cwd)?;
    Ok(Built {
        records: site.parts.iter().map(|p| p.collection.records.len()).sum(),
        collections: site.parts.len(),
        rules: site.rules.len(),
        files: files.len(),
    })
}

/// Refuses a target that exists and is not an adrift site.
fn check_target(out: &Path, cwd: &Path) -> Result<(), Error> {
    let shown = display(out, cwd);
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(meta) if meta.is_dir() => {
            let empty = std::fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || out.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(Error::Usage {
                    message: format!(
                        "{shown} exists and is not a site adrift wrote (it has no {MARKER} file)"
                    ),
                    help:
                        "choose another directory with -o DIR, or empty or remove this one yourself"
                            .to_string(),
                })
            }
        }
        Ok(_) => Err(Error::Usage {
            message: format!("{shown} exists and is not a directory"),
            help: "choose another directory with -o DIR".to_string(),
        }),
    }
}

/// Writes every file into a temporary directory beside `out`, then swaps
/// it into place.
fn write_site(out: &Path, files: &[(String, Vec<u8>)], cwd: &Path) -> Result<(), Error> {
    let io = |path: &Path, e: std::io::Error| Error::Io {
        path: display(path, cwd),
        message: e.to_string(),
    };
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("site")
        .to_string();
    std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.adrift-new-{pid}"));
    let old = parent.join(format!(".{name}.adrift-old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        std::fs::create_dir(&tmp).map_err(|e| io(&tmp, e))?;
        for (rel, bytes) in files {
            let path = tmp.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
        }
        std::fs::write(
            tmp.join(MARKER),
            "written by adrift site; it replaces this directory\n",
        )
        .map_err(|e| io(&tmp, e))?;
        if out.exists() {
            std::fs::rename(out, &old).map_err(|e| io(out, e))?;
        }
        std::fs::rename(&tmp, out).map_err(|e| io(out, e))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// A file name made of `[a-z0-9._-]`.
fn file_slug(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if out.trim_matches('-').is_empty() {
        out = "x".to_string();
    }
    out
}

/// `a/./b/../c` as `a/c`, without touching the file system.
pub(crate) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The relative path from directory `from` to `to` (both absolute, normalised).
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Text escaped for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path as an `href`: each segment percent-encoded where needed.
pub(crate) fn href(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/site/records/x"), Path::new("/a/src/main.tf")),
            "../../../src/main.tf"
        );
        assert_eq!(
            normalise(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(esc("<script>'\"&"), "&lt;script&gt;&#39;&quot;&amp;");
        assert_eq!(href("a b/ü.md"), "a%20b/%C3%BC.md");
    }
}
