//! Decisions that explain themselves: a lexicon of technologies (how
//! records name them, what they are in each ecosystem) and the reading of a
//! record's own words about one of them.
//!
//! [`lexicon`] maps a matched declaration (`terraform.resources`
//! `aws_s3_bucket`) to technologies (S3); [`quote`] finds where the
//! decision speaks about one (a heading `### S3-based Storage` with its
//! reasons, else a bullet or sentence outside the context) and quotes it
//! with its line. Nothing is invented: a record that does not name the
//! technology gives no quote. [`suggest`] drafts a rule file from the
//! technologies a record rejects.

pub mod lexicon;
pub mod quote;
pub mod suggest;
