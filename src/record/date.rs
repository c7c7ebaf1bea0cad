//! Record dates: ISO 8601, and a useful answer for everything else.
//!
//! adrift accepts `YYYY-MM-DD` (optionally followed by an ISO time, as in
//! `2021-12-01T10:00Z`). Any other way of writing a date is a finding; when
//! the text names one day without doubt (`December 1, 2021`, `13/04/2018`)
//! the help gives its ISO form.

use jiff::civil::Date;

/// Why a date's text is not an ISO 8601 calendar date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// ISO 8601 in form, but no such day (`2025-02-30`).
    Impossible,
    /// Another form. `iso` is the ISO form when the text names one day
    /// without doubt; `choices` lists the readings of an ambiguous date.
    NotIso {
        iso: Option<String>,
        choices: Vec<String>,
    },
    /// A template placeholder (`[Insert Date]`, `{YYYY-MM-DD …}`) or no date.
    Placeholder,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a date as written (look-alike hyphens already replaced by `-`).
pub fn parse_date(text: &str) -> Result<Date, DateProblem> {
    let text = text.trim().trim_end_matches('.');
    if text.is_empty()
        || text.starts_with(['[', '{', '<'])
        || text.to_ascii_lowercase().contains("yyyy")
    {
        return Err(DateProblem::Placeholder);
    }
    if let Some(result) = iso(text) {
        return result;
    }
    Err(suggest(text))
}

/// `YYYY-MM-DD`, optionally followed by `T…` or ` hh:mm`.
fn iso(text: &str) -> Option<Result<Date, DateProblem>> {
    let bytes = text.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    let shape = bytes[..10].iter().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            *b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    if !shape {
        return None;
    }
    // What follows the date is a time (`T…`, ` hh:mm`) or a remark
    // (`2019-05-13, updated 2023-02-05`): the leading date is the reading.
    let rest = &text[10..];
    if !(rest.is_empty()
        || rest.starts_with(['T', ',', ';', '('])
        || rest.starts_with(char::is_whitespace))
    {
        return None;
    }
    let year: i16 = text[0..4].parse().ok()?;
    let month: i8 = text[5..7].parse().ok()?;
    let day: i8 = text[8..10].parse().ok()?;
    Some(Date::new(year, month, day).map_err(|_| DateProblem::Impossible))
}

fn suggest(text: &str) -> DateProblem {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // Month names: `December 1, 2021`, `1 December 2021`, `Dec 1 2021`, `May 2025`.
    if let Some(month_at) = words.iter().position(|w| month_of(w).is_some()) {
        let month = month_of(words[month_at]).unwrap_or(1);
        let numbers: Vec<u32> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != month_at)
            .filter_map(|(_, w)| {
                w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .ok()
            })
            .collect();
        let year = numbers.iter().copied().find(|n| *n >= 1000);
        let day = numbers.iter().copied().find(|n| (1..=31).contains(n));
        return match (year, day) {
            (Some(y), Some(d)) => not_iso_one(y, month, d),
            (Some(y), None) => DateProblem::NotIso {
                iso: None,
                choices: vec![format!("{y:04}-{month:02}-DD")],
            },
            _ => no_reading(),
        };
    }
    // Numeric forms with `/`, `.` or `-` separators.
    let parts: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() != 3 {
            return no_reading();
        }
        if parts[0].len() == 4 {
            return not_iso_one(n[0], n[1], n[2]);
        }
        let year = if parts[2].len() == 2 {
            2000 + n[2]
        } else {
            n[2]
        };
        let two_digit_year = parts[2].len() == 2;
        let mut choices = Vec::new();
        // Day first (most of the world), then month first (the US).
        for (day, month) in [(n[0], n[1]), (n[1], n[0])] {
            if valid(year, month, day) {
                let iso = format!("{year:04}-{month:02}-{day:02}");
                if !choices.contains(&iso) {
                    choices.push(iso);
                }
            }
        }
        return if choices.len() == 1 && !two_digit_year {
            DateProblem::NotIso {
                iso: choices.pop(),
                choices: Vec::new(),
            }
        } else {
            DateProblem::NotIso { iso: None, choices }
        };
    }
    // `20211201`.
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let y = text[0..4].parse().unwrap_or(0);
        let m = text[4..6].parse().unwrap_or(0);
        let d = text[6..8].parse().unwrap_or(0);
        return not_iso_one(y, m, d);
    }
    no_reading()
}

fn no_reading() -> DateProblem {
    DateProblem::NotIso {
        iso: None,
        choices: Vec::new(),
    }
}

fn not_iso_one(y: u32, m: u32, d: u32) -> DateProblem {
    DateProblem::NotIso {
        iso: valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}")),
        choices: Vec::new(),
    }
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    i16::try_from(y).is_ok_and(|y| Date::new(y, m.min(127) as i8, d.min(127) as i8).is_ok())
}

fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == word
                || (word.len() == 3 && m.starts_with(word))
                || (word == "sept" && *m == "september")
        })
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso_of(text: &str) -> Option<String> {
        match parse_date(text) {
            Err(DateProblem::NotIso { iso, .. }) => iso,
            _ => None,
        }
    }

    #[test]
    fn iso_dates_parse_and_impossible_ones_are_told_apart() {
        assert_eq!(parse_date("2026-01-23").unwrap().to_string(), "2026-01-23");
        assert!(parse_date("2021-12-01T10:00:00Z").is_ok());
        assert_eq!(
            parse_date("2019-05-13, updated 2023-02-05 (new owner)")
                .unwrap()
                .to_string(),
            "2019-05-13"
        );
        assert!(parse_date("2019-05-13 (approved)").is_ok());
        assert!(parse_date("2019-05-130").is_err());
        assert_eq!(parse_date("2025-02-30"), Err(DateProblem::Impossible));
        assert_eq!(parse_date("[Insert Date]"), Err(DateProblem::Placeholder));
        assert_eq!(
            parse_date("{YYYY-MM-DD when decided}"),
            Err(DateProblem::Placeholder)
        );
    }

    #[test]
    fn other_forms_get_an_iso_suggestion_only_when_unambiguous() {
        assert_eq!(iso_of("December 1, 2021").as_deref(), Some("2021-12-01"));
        assert_eq!(iso_of("1 Dec 2021").as_deref(), Some("2021-12-01"));
        assert_eq!(iso_of("13/04/2018").as_deref(), Some("2018-04-13"));
        assert_eq!(iso_of("2018/04/13").as_deref(), Some("2018-04-13"));
        assert_eq!(iso_of("09/04/2018"), None);
        assert_eq!(
            parse_date("09/04/2018"),
            Err(DateProblem::NotIso {
                iso: None,
                choices: vec!["2018-04-09".into(), "2018-09-04".into()]
            })
        );
        assert_eq!(iso_of("10/04/18"), None);
        assert_eq!(iso_of("May 2025"), None);
        assert_eq!(iso_of("20211201").as_deref(), Some("2021-12-01"));
    }
}
