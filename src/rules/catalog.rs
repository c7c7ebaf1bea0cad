//! The built-in catalogs rules include by name.
//!
//! `catalog/persistence.toml` is project data compiled into the binary: what
//! "a database or persistence layer" is in Terraform (AWS, Azure, Google),
//! terraform-aws-modules, Terraform providers, Cargo, PyPI and npm. A rule
//! includes all of it (`persistence`) or a part (`persistence/aws`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::scan::Target;

const PERSISTENCE: &str = include_str!("../../catalog/persistence.toml");

/// One part of a catalog: the target its names are matched against, and
/// the names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// `terraform.resources`, `cargo.crates`, ...
    pub target: String,
    pub names: Vec<String>,
}

/// The persistence catalog, parsed once.
pub static CATALOG: LazyLock<BTreeMap<String, Part>> = LazyLock::new(|| {
    // The catalog is part of the binary and tested: it always parses.
    toml::from_str(PERSISTENCE).expect("catalog/persistence.toml parses")
});

/// The target a part's names are for; `None` for an ecosystem adrift does
/// not read yet (its names are kept, and not expanded).
pub fn target_of(part: &Part) -> Option<Target> {
    crate::scan::target_by_id(&part.target)
}

/// Every name the catalog holds for `target`, across its parts.
pub fn names_for(target: Target) -> Vec<&'static str> {
    CATALOG
        .values()
        .filter(|p| target_of(p) == Some(target))
        .flat_map(|p| p.names.iter().map(String::as_str))
        .collect()
}

/// Every include name a rule may use.
pub fn include_names() -> Vec<String> {
    let mut out = vec!["persistence".to_string()];
    out.extend(CATALOG.keys().map(|k| format!("persistence/{k}")));
    out
}

/// The parts an include names: `persistence` is every part but the
/// optional `aws-messaging`; `persistence/aws` is one part.
pub fn resolve(include: &str) -> Option<Vec<&'static str>> {
    if include == "persistence" {
        return Some(
            CATALOG
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "aws-messaging")
                .collect(),
        );
    }
    let part = include.strip_prefix("persistence/")?;
    CATALOG.get_key_value(part).map(|(k, _)| vec![k.as_str()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_parses_and_names_a_target() {
        for (name, part) in CATALOG.iter() {
            assert!(target_of(part).is_some(), "part {name}: {}", part.target);
            assert!(!part.names.is_empty(), "part {name} is empty");
        }
    }

    #[test]
    fn each_ecosystem_holds_its_well_known_names() {
        let has = |part: &str, name: &str| CATALOG[part].names.iter().any(|n| n == name);
        assert!(has("aws", "aws_db_instance"));
        assert!(has("aws", "aws_rds_cluster"));
        assert!(has("aws", "aws_dynamodb_table"));
        assert!(has("aws", "aws_s3_bucket"));
        assert!(!has("aws", "aws_sqs_queue"), "messaging is its own part");
        assert!(has("aws-messaging", "aws_sqs_queue"));
        assert!(has("azure", "azurerm_cosmosdb_account"));
        assert!(has("azure", "azurerm_postgresql_flexible_server_database"));
        assert!(has("google", "google_sql_database_instance"));
        assert!(has("modules", "terraform-aws-modules/rds/aws"));
        assert!(has("modules", "terraform-aws-modules/rds-aurora/aws"));
        assert!(has("providers", "cyrilgdn/postgresql"));
        assert!(has("cargo", "sqlx"));
        assert!(has("cargo", "redis"));
        assert!(has("cargo", "aws-sdk-dynamodb"));
        assert!(has("python", "sqlalchemy"));
        assert!(has("python", "psycopg2-binary"));
        assert!(!has("python", "boto3"), "boto3 is generic");
        assert!(has("npm", "@prisma/client"));
    }

    #[test]
    fn includes_resolve() {
        let all = resolve("persistence").unwrap();
        assert!(all.contains(&"aws") && all.contains(&"cargo"));
        assert!(!all.contains(&"aws-messaging"));
        assert_eq!(
            resolve("persistence/aws-messaging").unwrap(),
            ["aws-messaging"]
        );
        assert!(resolve("persistence/oracle").is_none());
        assert!(resolve("security").is_none());
    }
}
