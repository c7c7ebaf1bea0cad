//! "Did you mean" for misspelt codes, statuses and keys.

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely misspelling (at most a third of its length, and at least 1).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `did you mean "x"? {rest}` when a candidate is close to `word`, else `rest`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    rest: &str,
) -> String {
    match nearest(word, candidates) {
        Some(near) => format!("did you mean {near:?}? {rest}"),
        None => rest.to_string(),
    }
}

/// Levenshtein distance over characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let known = ["proposed", "accepted", "rejected"];
        assert_eq!(nearest("Aproved", known), None);
        assert_eq!(nearest("acepted", known), Some("accepted"));
        assert_eq!(nearest("banana", known), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
