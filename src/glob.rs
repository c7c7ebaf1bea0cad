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

/// A pattern over names (resource types, module sources, package names):
/// `*` matches any run of characters except `/`, `**` any run at all, `?`
/// one character. A pattern without wildcards is compared exactly, which is
/// what most patterns (and every catalog entry) are.
#[derive(Debug, Clone)]
pub enum NamePattern {
    Exact(String),
    Glob(Regex),
}

impl NamePattern {
    pub fn new(pattern: &str) -> NamePattern {
        if !pattern.contains(['*', '?']) {
            return NamePattern::Exact(pattern.to_string());
        }
        let mut re = String::from("^");
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    re.push_str(".*");
                }
                '*' => re.push_str("[^/]*"),
                '?' => re.push('.'),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        re.push('$');
        // Escaped literals and the three wildcards always make a valid regex.
        NamePattern::Glob(Regex::new(&re).expect("a glob is a valid regex"))
    }

    /// A pattern that matches what any of `patterns` matches.
    pub fn any_of(patterns: &[String]) -> NamePattern {
        match patterns {
            [one] => NamePattern::new(one),
            many => {
                let alternatives: Vec<String> = many
                    .iter()
                    .map(|p| match NamePattern::new(p) {
                        NamePattern::Exact(e) => format!("^{}$", regex::escape(&e)),
                        NamePattern::Glob(re) => re.as_str().to_string(),
                    })
                    .collect();
                let joined = alternatives
                    .iter()
                    .map(|a| format!("(?:{a})"))
                    .collect::<Vec<_>>()
                    .join("|");
                NamePattern::Glob(Regex::new(&joined).expect("globs join into a valid regex"))
            }
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        match self {
            NamePattern::Exact(exact) => exact == name,
            NamePattern::Glob(regex) => regex.is_match(name),
        }
    }

    /// The longest run of literal characters, for prefiltering files.
    pub fn longest_literal(pattern: &str) -> &str {
        pattern
            .split(['*', '?'])
            .max_by_key(|part| part.len())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod name_tests {
    use super::NamePattern;

    #[test]
    fn name_patterns() {
        assert!(NamePattern::new("aws_db_*").matches("aws_db_instance"));
        assert!(!NamePattern::new("aws_db_*").matches("aws_dynamodb_table"));
        assert!(
            NamePattern::new("terraform-aws-modules/*/aws")
                .matches("terraform-aws-modules/rds/aws")
        );
        assert!(
            !NamePattern::new("terraform-aws-modules/*/aws")
                .matches("terraform-aws-modules/rds/aws/x")
        );
        assert!(NamePattern::new("diesel*").matches("diesel_migrations"));
        assert!(NamePattern::new("sqlx").matches("sqlx"));
        assert!(!NamePattern::new("sqlx").matches("sqlx-core"));
        assert_eq!(NamePattern::longest_literal("*_db_*"), "_db_");
        let module = NamePattern::any_of(&["a/b/c".into(), "a/b/c//**".into()]);
        assert!(module.matches("a/b/c") && module.matches("a/b/c//modules/x"));
        assert!(!module.matches("a/b/cd"));
    }
}
