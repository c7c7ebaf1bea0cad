//! `adrift graph`: the supersede, amend and relates-to graph with statuses,
//! as Mermaid or Graphviz dot.

use crate::collection::Collection;
use crate::record::{LinkKind, Status};

/// Which way to draw the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

fn node_id(index: usize) -> String {
    format!("r{index}")
}

fn label(collection: &Collection, index: usize) -> String {
    let r = &collection.records[index];
    let status = r
        .canonical_status()
        .map(|s| s.to_string())
        .or_else(|| r.status.as_ref().map(|s| s.text.trim().to_string()))
        .unwrap_or_else(|| "no status".to_string());
    format!("{}: {}\n{status}", r.id, r.title_text())
}

/// Each edge once: supersedes, amends (from the newer record) and
/// relates-to (once per pair).
pub fn edges(collection: &Collection) -> Vec<(usize, &'static str, usize)> {
    let mut out: Vec<(usize, &'static str, usize)> = Vec::new();
    for (i, r) in collection.records.iter().enumerate() {
        for link in &r.links {
            let Some(t) = link.target else { continue };
            let edge = match link.kind {
                LinkKind::Supersedes => (i, "supersedes", t),
                LinkKind::SupersededBy => (t, "supersedes", i),
                LinkKind::Amends => (i, "amends", t),
                LinkKind::AmendedBy => (t, "amends", i),
                LinkKind::RelatesTo => (i.min(t), "relates to", i.max(t)),
            };
            if !out.contains(&edge) {
                out.push(edge);
            }
        }
    }
    out
}

pub fn class(collection: &Collection, index: usize) -> &'static str {
    match collection.records[index].canonical_status() {
        Some(Status::Accepted) => "accepted",
        Some(Status::Proposed) => "proposed",
        Some(Status::Superseded) => "superseded",
        Some(Status::Deprecated) | Some(Status::Rejected) => "retired",
        None => "unknown",
    }
}

pub fn render(collection: &Collection, format: GraphFormat) -> String {
    let edges = edges(collection);
    let readable: Vec<usize> = (0..collection.records.len())
        .filter(|&i| collection.records[i].read_problem.is_none())
        .collect();
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => {
            out.push_str("graph TD\n");
            for &i in &readable {
                let text = label(collection, i)
                    .replace('"', "#quot;")
                    .replace('\n', "<br/>");
                out.push_str(&format!(
                    "  {}[\"{text}\"]:::{}\n",
                    node_id(i),
                    class(collection, i)
                ));
            }
            for (from, word, to) in &edges {
                out.push_str(&format!(
                    "  {} -->|{word}| {}\n",
                    node_id(*from),
                    node_id(*to)
                ));
            }
            out.push_str("  classDef accepted fill:#d4edda,stroke:#2e7d32\n");
            out.push_str("  classDef proposed fill:#fff3cd,stroke:#b08900\n");
            out.push_str("  classDef superseded fill:#eeeeee,stroke:#9e9e9e,color:#616161\n");
            out.push_str("  classDef retired fill:#f8d7da,stroke:#c62828\n");
            out.push_str("  classDef unknown fill:#ffffff,stroke:#616161,stroke-dasharray: 4\n");
        }
        GraphFormat::Dot => {
            out.push_str("digraph decisions {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
            for &i in &readable {
                let text = label(collection, i)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n");
                let fill = match class(collection, i) {
                    "accepted" => "#d4edda",
                    "proposed" => "#fff3cd",
                    "superseded" => "#eeeeee",
                    "retired" => "#f8d7da",
                    _ => "#ffffff",
                };
                out.push_str(&format!(
                    "  {} [label=\"{text}\", fillcolor=\"{fill}\"];\n",
                    node_id(i)
                ));
            }
            for (from, word, to) in &edges {
                let style = if *word == "relates to" {
                    ", style=dashed, dir=none"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "  {} -> {} [label=\"{word}\"{style}];\n",
                    node_id(*from),
                    node_id(*to)
                ));
            }
            out.push_str("}\n");
        }
    }
    out
}
