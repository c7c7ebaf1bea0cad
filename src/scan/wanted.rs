//! What the active rules could match, by target: the one question every
//! ecosystem's prefilter and matcher asks.

use std::collections::{HashMap, HashSet};

use super::target::Target;
use crate::glob::NamePattern;

/// The patterns of one target, across every active rule.
#[derive(Debug, Default)]
pub struct PatternSet {
    exact: HashSet<String>,
    globs: Vec<NamePattern>,
    texts: Vec<String>,
}

impl PatternSet {
    pub fn matches(&self, name: &str) -> bool {
        self.exact.contains(name) || self.globs.iter().any(|g| g.matches(name))
    }

    /// The patterns as written (after normalisation).
    pub fn texts(&self) -> &[String] {
        &self.texts
    }
}

/// Every target some active rule names, with its patterns.
#[derive(Debug, Default)]
pub struct Wanted {
    sets: HashMap<Target, PatternSet>,
}

impl Wanted {
    /// From `(target, normalised pattern)` pairs.
    pub fn new<'a>(patterns: impl IntoIterator<Item = (Target, &'a str)>) -> Wanted {
        let mut wanted = Wanted::default();
        for (target, text) in patterns {
            let set = wanted.sets.entry(target).or_default();
            if set.texts.iter().any(|t| t == text) {
                continue;
            }
            set.texts.push(text.to_string());
            match NamePattern::new(text) {
                NamePattern::Exact(name) => {
                    set.exact.insert(name);
                }
                glob => set.globs.push(glob),
            }
        }
        wanted
    }

    /// The patterns wanted for `target`, if any.
    pub fn get(&self, target: Target) -> Option<&PatternSet> {
        self.sets.get(&target)
    }

    pub fn wants(&self, target: Target) -> bool {
        self.sets.contains_key(&target)
    }

    /// Whether some target of the ecosystem named `ecosystem` is wanted.
    pub fn wants_ecosystem(&self, ecosystem: &str) -> bool {
        self.sets.keys().any(|t| t.info().ecosystem == ecosystem)
    }

    /// Whether a declaration of `target` named `name` matches some pattern.
    pub fn matches(&self, target: Target, name: &str) -> bool {
        self.sets.get(&target).is_some_and(|s| s.matches(name))
    }
}
