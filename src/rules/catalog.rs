//! The built-in catalogs rules include by name.
//!
//! `catalog/persistence.toml` is project data compiled into the binary: what
//! "a database or persistence layer" is in Terraform (AWS, Azure, Google),
//! terraform-aws-modules, Terraform providers, Cargo, PyPI and npm. A rule
//! includes all of it (`persistence`) or a part (`persistence/aws`).
//!
//! A part may map each of its names to the same thing in another ecosystem
//! (`[aws.cloudformation]`: each Terraform AWS type to its CloudFormation
//! types), and the part for that ecosystem is derived from the mapping
//! (`persistence/cloudformation`), so one list of services feeds both.

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
    /// Each name as CloudFormation resource types (`[]`: none), from which
    /// the part `derive.part` is derived.
    #[serde(default)]
    pub cloudformation: Option<Derive>,
    /// The part this one was derived from (`aws` for `cloudformation`).
    #[serde(skip)]
    pub derived_from: Option<String>,
}

/// A mapping from a part's names to another target's names, and the name
/// of the part derived from it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derive {
    /// The derived part: `cloudformation` (`persistence/cloudformation`).
    pub part: String,
    /// Each name of the part to its names in the other target; `[]` marks a
    /// name with no counterpart there.
    pub types: BTreeMap<String, Vec<String>>,
}

/// The target of parts derived from a `cloudformation` mapping.
pub const CLOUDFORMATION_TARGET: &str = "cloudformation.types";

/// The persistence catalog, parsed once.
pub static CATALOG: LazyLock<BTreeMap<String, Part>> = LazyLock::new(|| {
    // The catalog is part of the binary and tested: it always parses.
    let mut parts: BTreeMap<String, Part> =
        toml::from_str(PERSISTENCE).expect("catalog/persistence.toml parses");
    let derived: Vec<(String, Part)> = parts
        .iter()
        .filter_map(|(name, part)| {
            let derive = part.cloudformation.as_ref()?;
            let mut names: Vec<String> = derive.types.values().flatten().cloned().collect();
            names.sort();
            names.dedup();
            Some((
                derive.part.clone(),
                Part {
                    target: CLOUDFORMATION_TARGET.to_string(),
                    names,
                    cloudformation: None,
                    derived_from: Some(name.clone()),
                },
            ))
        })
        .collect();
    for (name, part) in derived {
        let clash = parts.insert(name, part);
        assert!(
            clash.is_none(),
            "a derived catalog part shadows a written one"
        );
    }
    parts
});

/// Whether a part is left out of `persistence` as a whole: `aws-messaging`
/// and what is derived from it.
fn optional(name: &str, part: &Part) -> bool {
    name == "aws-messaging" || part.derived_from.as_deref() == Some("aws-messaging")
}

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
/// optional `aws-messaging` (and `cloudformation-messaging`, derived from
/// it); `persistence/aws` is one part.
pub fn resolve(include: &str) -> Option<Vec<&'static str>> {
    if include == "persistence" {
        return Some(
            CATALOG
                .iter()
                .filter(|(k, p)| !optional(k, p))
                .map(|(k, _)| k.as_str())
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
        assert!(has("images", "postgres"));
        assert!(has("images", "redis"));
        assert!(has("images", "bitnami/postgresql"));
        assert!(has("volumes", "persistentvolumeclaim"));
        assert!(has("volumes", "volumeclaimtemplate"));
    }

    #[test]
    fn image_names_are_in_their_normal_form() {
        for part in ["images", "volumes"] {
            let target = target_of(&CATALOG[part]).expect("a target adrift reads");
            for name in &CATALOG[part].names {
                assert_eq!(&target.normalise(name), name, "{part}: {name}");
            }
        }
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
        assert!(all.contains(&"cloudformation"));
        assert!(!all.contains(&"cloudformation-messaging"));
        assert_eq!(
            resolve("persistence/cloudformation-messaging").unwrap(),
            ["cloudformation-messaging"]
        );
        assert!(resolve("persistence/oracle").is_none());
        assert!(resolve("security").is_none());
    }

    #[test]
    fn every_aws_type_has_its_cloudformation_types_or_is_marked_as_having_none() {
        for (source, derived) in [
            ("aws", "cloudformation"),
            ("aws-messaging", "cloudformation-messaging"),
        ] {
            let part = &CATALOG[source];
            let mapping = &part.cloudformation.as_ref().expect(source).types;
            for name in &part.names {
                assert!(
                    mapping.contains_key(name),
                    "{name} in [{source}] has no entry in [{source}.cloudformation.types] (write `[]` if it has no CloudFormation type)"
                );
            }
            for key in mapping.keys() {
                assert!(
                    part.names.contains(key),
                    "[{source}.cloudformation.types] maps {key}, which [{source}] does not name"
                );
            }
            let out = &CATALOG[derived];
            assert_eq!(out.target, CLOUDFORMATION_TARGET);
            assert_eq!(out.derived_from.as_deref(), Some(source));
            for ty in &out.names {
                let parts: Vec<&str> = ty.split("::").collect();
                assert!(
                    parts.len() == 3
                        && parts[0] == "AWS"
                        && parts[1..]
                            .iter()
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric())),
                    "{ty} is not AWS::Service::Resource"
                );
            }
        }
        let has = |part: &str, name: &str| CATALOG[part].names.iter().any(|n| n == name);
        assert!(has("cloudformation", "AWS::RDS::DBInstance"));
        assert!(has("cloudformation", "AWS::DynamoDB::Table"));
        assert!(has("cloudformation", "AWS::Serverless::SimpleTable"));
        assert!(has("cloudformation", "AWS::S3::Bucket"));
        assert!(!has("cloudformation", "AWS::SQS::Queue"));
        assert!(has("cloudformation-messaging", "AWS::SQS::Queue"));
    }
}
