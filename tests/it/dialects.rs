//! Each dialect has a fixture collection under `tests/fixtures/dialects/`,
//! found without configuration the way a user's would be. adrift must read
//! every record's number, title, status, date and links (the `list` JSON
//! snapshot), see the dialect, and find nothing wrong.

use crate::support::{adrift, fixtures, snapshot};

const DIALECTS: [(&str, usize); 7] = [
    ("adrift", 2),
    ("adr-tools", 4),
    ("nygard", 2),
    ("madr", 3),
    ("madr2", 2),
    ("log4brains", 3),
    ("front-matter", 2),
];

#[test]
fn every_dialect_is_read_without_configuration() {
    for (dialect, count) in DIALECTS {
        let dir = fixtures().join("dialects").join(dialect);
        let run = adrift(&dir, &["list", "--format", "json"]);
        assert_eq!(run.code, 0, "{dialect}: {}", run.stderr);
        let records: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let records = records.as_array().expect("array");
        assert_eq!(records.len(), count, "{dialect}: {}", run.stdout);
        for record in records {
            assert_eq!(record["dialect"], dialect, "{dialect}: {record}");
            assert!(record["title"].is_string(), "{dialect}: {record}");
        }
        snapshot(&dir.join("expected.json"), &run.stdout);
    }
}

#[test]
fn every_dialect_fixture_lints_clean() {
    for (dialect, count) in DIALECTS {
        let dir = fixtures().join("dialects").join(dialect);
        let run = adrift(&dir, &["lint", "--color", "never"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (
                0,
                format!("no problems found in {count} records\n").as_str()
            ),
            "{dialect}"
        );
    }
}
