//! Glob patterns for `exclude` paths (and, later, rule patterns).
//!
//! `*` matches within one path segment, `**` across segments, `?` one
//! character. A pattern without `/` matches a name at any depth, as in
//! `.gitignore`. Patterns compile to one regular expression each.

use regex::Regex;

#[derive(Debug, Clone)]
pub struct Glob {
    pub pattern: String,
    regex: Regex,
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let anchored = pattern.trim_start_matches("./");
        let anchored = anchored
            .strip_prefix('/')
            .map(str::to_string)
            .unwrap_or_else(|| {
                if anchored.contains('/') {
                    anchored.to_string()
                } else {
                    format!("**/{anchored}")
                }
            });
        let anchored = anchored.trim_end_matches('/');
        let mut re = String::from("^");
        let chars: Vec<char> = anchored.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    if chars.get(i + 2) == Some(&'/') {
                        re.push_str("(?:.*/)?");
                        i += 3;
                    } else {
                        re.push_str(".*");
                        i += 2;
                    }
                    continue;
                }
                '*' => re.push_str("[^/]*"),
                '?' => re.push_str("[^/]"),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
            i += 1;
        }
        // A directory pattern excludes everything below it.
        re.push_str("(?:/.*)?$");
        let regex = Regex::new(&re).map_err(|e| e.to_string())?;
        Ok(Glob {
            pattern: pattern.to_string(),
            regex,
        })
    }

    /// Matches a relative path written with `/`.
    pub fn matches(&self, path: &str) -> bool {
        self.regex.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_gitignore() {
        let g = Glob::new("drafts/**").unwrap();
        assert!(g.matches("drafts/a.md"));
        assert!(g.matches("drafts/x/y.md"));
        assert!(!g.matches("adr/drafts/a.md"));
        let g = Glob::new("*.draft.md").unwrap();
        assert!(g.matches("adr/0001-x.draft.md"));
        assert!(!g.matches("adr/0001-x.md"));
        let g = Glob::new("adr/000?-*.md").unwrap();
        assert!(g.matches("adr/0001-x.md"));
        assert!(!g.matches("adr/sub/0001-x.md"));
        let g = Glob::new("examples").unwrap();
        assert!(g.matches("examples/adr/0001.md"));
        assert!(g.matches("a/examples"));
    }
}
