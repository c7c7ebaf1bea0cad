//! The built-in catalogs rules include by name.
//!
//! `catalog/persistence.toml` is project data compiled into the binary: what
//! "a database or persistence layer" is in Terraform (AWS, Azure, Google),
//! terraform-aws-modules, Terraform providers, Cargo, PyPI and npm. A rule
//! includes all of it (`persistence`) or a part (`persistence/aws`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

const PERSISTENCE: &str = include_str!("../../catalog/persistence.toml");

/// One part of a catalog: names by what they name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    #[serde(default)]
    pub resources: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub crates: Vec<String>,
    #[serde(default)]
    pub packages: Vec<String>,
}

/// Where in a rule a part's names go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    TerraformResources,
    TerraformModules,
    TerraformProviders,
    CargoCrates,
    PythonPackages,
    NpmPackages,
}

/// The persistence catalog, parsed once.
pub static CATALOG: LazyLock<BTreeMap<String, Part>> = LazyLock::new(|| {
    // The catalog is part of the binary and tested: it always parses.
    toml::from_str(PERSISTENCE).expect("catalog/persistence.toml parses")
});

/// The kind of names a catalog part holds.
pub fn kind_of(part: &str) -> Option<PartKind> {
    Some(match part {
        "aws" | "aws-messaging" | "azure" | "google" => PartKind::TerraformResources,
        "modules" => PartKind::TerraformModules,
        "providers" => PartKind::TerraformProviders,
        "cargo" => PartKind::CargoCrates,
        "python" => PartKind::PythonPackages,
        "npm" => PartKind::NpmPackages,
        _ => return None,
    })
}

/// The names a part holds, whichever field they are in.
pub fn names(part: &Part) -> impl Iterator<Item = &str> {
    part.resources
        .iter()
        .chain(&part.sources)
        .chain(&part.crates)
        .chain(&part.packages)
        .map(String::as_str)
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
    fn every_part_parses_and_has_a_kind() {
        for (name, part) in CATALOG.iter() {
            assert!(kind_of(name).is_some(), "part {name} has no kind");
            assert!(names(part).count() > 0, "part {name} is empty");
        }
    }

    #[test]
    fn each_ecosystem_holds_its_well_known_names() {
        let has = |part: &str, name: &str| names(&CATALOG[part]).any(|n| n == name);
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
