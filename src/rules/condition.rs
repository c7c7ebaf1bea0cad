//! Conditions on attributes (`[[terraform.when]]`): a rule that matches a
//! Terraform resource only when an attribute has, lacks or differs from a
//! value, read statically from the HCL.
//!
//! Every condition of a rule must hold for it to match. A value adrift
//! cannot know without running Terraform (a variable, a function call, a
//! conditional on a variable, a `dynamic` block) makes the match a "may":
//! reported with the rule's severity, naming the expression, never passed.
//! adrift does not know provider defaults, so a value test says what an
//! absent attribute means (`if_absent`), and `present = false` tests
//! absence itself.

use crate::scan::target::{AFTER_APPLY, Attributes, Reading};
use crate::source::Span;

/// What a condition tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    Equals(String),
    NotEquals(String),
    OneOf(Vec<String>),
    NotOneOf(Vec<String>),
    /// `present = true` (`Present(true)`) or `present = false`.
    Present(bool),
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The dotted path: `engine_mode`, `serverlessv2_scaling_configuration.max_capacity`.
    pub attribute: String,
    pub test: Test,
    /// For a value test: whether an absent attribute matches
    /// (`if_absent = "match"`) or not (`"no-match"`). `None` for `present`.
    pub if_absent: Option<bool>,
    /// The `[[terraform.when]]` table in the rule file.
    pub span: Span,
}

/// What a rule's conditions say about one declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every condition holds: what was read, for the message.
    Holds(String),
    /// Some condition does not hold: the rule does not match.
    Fails,
    /// No condition fails, and one cannot be read statically.
    May {
        /// Which attribute, and what adrift saw there.
        why: String,
        /// The attribute's span, where there is one.
        span: Option<Span>,
    },
}

/// Two values are the same when they are the same text, or the same
/// number however written (`2` and `2.0`), as Terraform converts them.
fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.is_finite() && x == y,
        _ => false,
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Condition {
    /// The condition in words: `engine_mode is not "serverless" (or absent)`.
    pub fn describe(&self) -> String {
        let a = &self.attribute;
        let test = match &self.test {
            Test::Equals(v) => format!("{a} is {v:?}"),
            Test::NotEquals(v) => format!("{a} is not {v:?}"),
            Test::OneOf(vs) => format!("{a} is one of {}", quoted(vs)),
            Test::NotOneOf(vs) => format!("{a} is none of {}", quoted(vs)),
            Test::Present(true) => format!("{a} is present"),
            Test::Present(false) => format!("{a} is absent"),
        };
        match (self.if_absent, &self.test) {
            (Some(true), _) => format!("{test}, or absent"),
            (Some(false), Test::NotEquals(_) | Test::NotOneOf(_)) => {
                format!("{a} is present and {}", &test[a.len() + 4..])
            }
            _ => test,
        }
    }

    /// Whether a present value passes the value test.
    fn value_holds(&self, value: &str) -> bool {
        match &self.test {
            Test::Equals(v) => same(value, v),
            Test::NotEquals(v) => !same(value, v),
            Test::OneOf(vs) => vs.iter().any(|v| same(value, v)),
            Test::NotOneOf(vs) => !vs.iter().any(|v| same(value, v)),
            Test::Present(p) => *p,
        }
    }

    /// The condition on one declaration's attributes.
    pub fn evaluate(&self, attributes: &Attributes) -> Verdict {
        if let Some(why) = &attributes.unreadable {
            return Verdict::May {
                why: format!("adrift could not read {} statically: {why}", self.attribute),
                span: None,
            };
        }
        let mut maybe = None;
        let mut any = false;
        // Absence needs every reading absent: one that is surely there
        // (a value, a static block) settles it, whatever else may be.
        if self.test == Test::Present(false)
            && attributes
                .lookup(&self.attribute)
                .any(|(r, _)| !matches!(r, Reading::Unknown(_)))
        {
            return Verdict::Fails;
        }
        for (reading, span) in attributes.lookup(&self.attribute) {
            any = true;
            let (holds, read) = match reading {
                Reading::Value(v) => (self.value_holds(v), format!("{} = {v:?}", self.attribute)),
                Reading::Block => (
                    match &self.test {
                        Test::Present(p) => *p,
                        // A block is no value: it equals none.
                        Test::Equals(_) | Test::OneOf(_) => false,
                        Test::NotEquals(_) | Test::NotOneOf(_) => true,
                    },
                    format!("{} is a block", self.attribute),
                ),
                Reading::Unknown(written) => {
                    if maybe.is_none() {
                        let why = if written == AFTER_APPLY {
                            format!("the plan knows {} only after apply", self.attribute)
                        } else if written.starts_with("dynamic \"") {
                            format!(
                                "adrift could not read {} statically: it comes from a `{written}` block, which Terraform expands when it runs",
                                self.attribute
                            )
                        } else {
                            format!(
                                "adrift could not read {} statically: it is `{written}`",
                                self.attribute
                            )
                        };
                        maybe = Some(Verdict::May {
                            why,
                            span: Some(span.clone()),
                        });
                    }
                    continue;
                }
            };
            // Repeated blocks: the condition holds when it holds for one.
            if holds {
                let read = match &self.test {
                    Test::Present(true) => format!("{} is present", self.attribute),
                    _ => read,
                };
                return Verdict::Holds(read);
            }
        }
        if let Some(maybe) = maybe {
            return maybe;
        }
        if any {
            return Verdict::Fails;
        }
        let absent_holds = match self.if_absent {
            Some(matches) => matches,
            None => matches!(self.test, Test::Present(false)),
        };
        if absent_holds {
            Verdict::Holds(format!("{} is absent", self.attribute))
        } else {
            Verdict::Fails
        }
    }
}

/// Every condition on one declaration's attributes (`None`: adrift read
/// none): all hold, one fails, or one may hold and none fails.
pub fn evaluate_all(conditions: &[Condition], attributes: Option<&Attributes>) -> Verdict {
    let unread = Attributes {
        entries: Vec::new(),
        unreadable: Some("adrift read no attributes of it".to_string()),
    };
    let attributes = attributes.unwrap_or(&unread);
    let mut held = Vec::new();
    let mut maybe = None;
    for condition in conditions {
        match condition.evaluate(attributes) {
            Verdict::Fails => return Verdict::Fails,
            Verdict::Holds(read) => held.push(read),
            may @ Verdict::May { .. } => {
                maybe.get_or_insert(may);
            }
        }
    }
    maybe.unwrap_or_else(|| Verdict::Holds(held.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(attribute: &str, test: Test, if_absent: Option<bool>) -> Condition {
        Condition {
            attribute: attribute.into(),
            test,
            if_absent,
            span: 0..0,
        }
    }

    fn attrs(entries: &[(&str, Reading)]) -> Attributes {
        Attributes {
            entries: entries
                .iter()
                .enumerate()
                .map(|(i, (p, r))| (p.to_string(), r.clone(), i * 10..i * 10 + 5))
                .collect(),
            unreadable: None,
        }
    }

    fn value(v: &str) -> Reading {
        Reading::Value(v.into())
    }

    fn holds(v: &Verdict) -> bool {
        matches!(v, Verdict::Holds(_))
    }

    #[test]
    fn value_tests_on_present_values() {
        let a = attrs(&[
            ("engine_mode", value("serverless")),
            ("port", value("5432")),
        ]);
        let eq = |v: &str| cond("engine_mode", Test::Equals(v.into()), Some(false));
        assert!(holds(&eq("serverless").evaluate(&a)));
        assert_eq!(eq("provisioned").evaluate(&a), Verdict::Fails);
        let ne = |v: &str| cond("engine_mode", Test::NotEquals(v.into()), Some(true));
        assert_eq!(ne("serverless").evaluate(&a), Verdict::Fails);
        assert_eq!(
            ne("provisioned").evaluate(&a),
            Verdict::Holds("engine_mode = \"serverless\"".into())
        );
        let list = |vs: &[&str]| vs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let one_of = cond(
            "engine_mode",
            Test::OneOf(list(&["a", "serverless"])),
            Some(false),
        );
        assert!(holds(&one_of.evaluate(&a)));
        let none_of = cond(
            "engine_mode",
            Test::NotOneOf(list(&["a", "serverless"])),
            Some(true),
        );
        assert_eq!(none_of.evaluate(&a), Verdict::Fails);
        // Numbers compare as numbers, however the rule writes them.
        assert!(holds(
            &cond("port", Test::Equals("5432.0".into()), Some(false)).evaluate(&a)
        ));
    }

    #[test]
    fn absent_means_what_the_condition_says() {
        let a = attrs(&[("engine", value("aurora-postgresql"))]);
        let ne = |if_absent| {
            cond(
                "billing_mode",
                Test::NotEquals("PAY_PER_REQUEST".into()),
                Some(if_absent),
            )
        };
        assert_eq!(
            ne(true).evaluate(&a),
            Verdict::Holds("billing_mode is absent".into())
        );
        assert_eq!(ne(false).evaluate(&a), Verdict::Fails);
        assert!(holds(
            &cond("billing_mode", Test::Present(false), None).evaluate(&a)
        ));
        assert_eq!(
            cond("billing_mode", Test::Present(true), None).evaluate(&a),
            Verdict::Fails
        );
        assert_eq!(
            cond("engine", Test::Present(false), None).evaluate(&a),
            Verdict::Fails
        );
        assert!(holds(
            &cond("engine", Test::Present(true), None).evaluate(&a)
        ));
    }

    #[test]
    fn nested_block_paths() {
        let a = attrs(&[
            ("serverlessv2_scaling_configuration", Reading::Block),
            (
                "serverlessv2_scaling_configuration.max_capacity",
                value("16"),
            ),
        ]);
        let block = "serverlessv2_scaling_configuration";
        assert_eq!(
            cond(block, Test::Present(false), None).evaluate(&a),
            Verdict::Fails
        );
        assert!(holds(&cond(block, Test::Present(true), None).evaluate(&a)));
        let max = "serverlessv2_scaling_configuration.max_capacity";
        assert!(holds(
            &cond(
                max,
                Test::NotOneOf(vec!["1".into(), "2".into()]),
                Some(true)
            )
            .evaluate(&a)
        ));
        assert_eq!(
            cond(max, Test::Equals("2".into()), Some(false)).evaluate(&a),
            Verdict::Fails
        );
        // A path beneath a block that is not there is absent.
        let min = "serverlessv2_scaling_configuration.min_capacity";
        assert!(holds(&cond(min, Test::Present(false), None).evaluate(&a)));
        // A static block beside a dynamic one of the same type: surely there.
        let both = attrs(&[
            ("serverlessv2_scaling_configuration", Reading::Block),
            (
                "serverlessv2_scaling_configuration",
                Reading::Unknown("dynamic \"serverlessv2_scaling_configuration\"".into()),
            ),
        ]);
        assert_eq!(
            cond(block, Test::Present(false), None).evaluate(&both),
            Verdict::Fails
        );
        assert!(holds(
            &cond(block, Test::Present(true), None).evaluate(&both)
        ));
        // Repeated blocks: the condition holds when it holds for one.
        let r = attrs(&[
            ("ingress", Reading::Block),
            ("ingress.from_port", value("443")),
            ("ingress", Reading::Block),
            ("ingress.from_port", value("22")),
        ]);
        assert!(holds(
            &cond("ingress.from_port", Test::Equals("22".into()), Some(false)).evaluate(&r)
        ));
    }

    #[test]
    fn what_cannot_be_read_statically_is_a_may() {
        let a = attrs(&[
            ("engine_mode", Reading::Unknown("var.engine_mode".into())),
            (
                "serverlessv2_scaling_configuration",
                Reading::Unknown("dynamic \"serverlessv2_scaling_configuration\"".into()),
            ),
        ]);
        let v = cond(
            "engine_mode",
            Test::Equals("serverless".into()),
            Some(false),
        )
        .evaluate(&a);
        assert_eq!(
            v,
            Verdict::May {
                why: "adrift could not read engine_mode statically: it is `var.engine_mode`".into(),
                span: Some(0..5),
            }
        );
        // Every test, even presence: a variable may be null (absent).
        for test in [
            Test::Present(true),
            Test::Present(false),
            Test::NotEquals("x".into()),
        ] {
            let v = cond("engine_mode", test, Some(true)).evaluate(&a);
            assert!(matches!(v, Verdict::May { .. }), "{v:?}");
        }
        // A dynamic block stands for everything beneath it.
        let v = cond(
            "serverlessv2_scaling_configuration.max_capacity",
            Test::Equals("1".into()),
            Some(false),
        )
        .evaluate(&a);
        assert!(
            matches!(v, Verdict::May { span: Some(ref s), .. } if *s == (10..15)),
            "{v:?}"
        );
        // Attributes that were not read at all: a may, never a pass.
        let v = evaluate_all(&[cond("engine_mode", Test::Present(false), None)], None);
        assert!(matches!(v, Verdict::May { span: None, .. }), "{v:?}");
    }

    #[test]
    fn conditions_describe_themselves() {
        let c = |test, if_absent| cond("engine_mode", test, if_absent).describe();
        assert_eq!(
            c(Test::Equals("serverless".into()), Some(false)),
            "engine_mode is \"serverless\""
        );
        assert_eq!(
            c(Test::NotEquals("x".into()), Some(false)),
            "engine_mode is present and not \"x\""
        );
        assert_eq!(
            c(Test::NotOneOf(vec!["x".into(), "y".into()]), Some(true)),
            "engine_mode is none of \"x\", \"y\", or absent"
        );
        assert_eq!(c(Test::Present(false), None), "engine_mode is absent");
    }

    #[test]
    fn all_conditions_must_hold() {
        let a = attrs(&[
            ("engine_mode", Reading::Unknown("var.mode".into())),
            ("engine", value("aurora-mysql")),
        ]);
        let mode = cond(
            "engine_mode",
            Test::Equals("serverless".into()),
            Some(false),
        );
        let mysql = cond("engine", Test::Equals("aurora-mysql".into()), Some(false));
        let pg = cond(
            "engine",
            Test::Equals("aurora-postgresql".into()),
            Some(false),
        );
        // A failing condition wins over one that cannot be read.
        assert_eq!(
            evaluate_all(&[mode.clone(), pg.clone()], Some(&a)),
            Verdict::Fails
        );
        assert!(matches!(
            evaluate_all(&[mode, mysql.clone()], Some(&a)),
            Verdict::May { .. }
        ));
        assert_eq!(
            evaluate_all(&[mysql.clone(), mysql], Some(&a)),
            Verdict::Holds("engine = \"aurora-mysql\"; engine = \"aurora-mysql\"".into())
        );
    }
}
