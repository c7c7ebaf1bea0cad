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

/// How many unlinked records stand in one row of the grid.
const GRID_COLUMNS: usize = 6;

/// A node's URL, as adr-tools' `generate graph` gives one: the record's
/// file, relative to the record directory.
fn url(collection: &Collection, index: usize) -> String {
    let r = &collection.records[index];
    r.path
        .strip_prefix(&collection.dir)
        .ok()
        .and_then(|p| p.to_str())
        .unwrap_or_else(|| r.file_name())
        .replace('\\', "/")
}

const LEGEND: [(&str, &str, &str); 5] = [
    ("accepted", "accepted", "#d4edda"),
    ("proposed", "proposed", "#fff3cd"),
    ("superseded", "superseded", "#eeeeee"),
    ("retired", "deprecated or rejected", "#f8d7da"),
    ("unknown", "no known status", "#ffffff"),
];

pub fn render(collection: &Collection, format: GraphFormat) -> String {
    let edges = edges(collection);
    let readable: Vec<usize> = (0..collection.records.len())
        .filter(|&i| collection.records[i].read_problem.is_none())
        .collect();
    let linked: std::collections::HashSet<usize> =
        edges.iter().flat_map(|(a, _, b)| [*a, *b]).collect();
    // Records without links wrap in a grid, never one long strip.
    let unlinked: Vec<usize> = readable
        .iter()
        .copied()
        .filter(|i| !linked.contains(i))
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
                let arrow = if *word == "relates to" { "---" } else { "-->" };
                out.push_str(&format!(
                    "  {} {arrow}|{word}| {}\n",
                    node_id(*from),
                    node_id(*to)
                ));
            }
            // Invisible links stack each grid column.
            for pair in unlinked.windows(GRID_COLUMNS + 1) {
                out.push_str(&format!(
                    "  {} ~~~ {}\n",
                    node_id(pair[0]),
                    node_id(pair[GRID_COLUMNS])
                ));
            }
            for &i in &readable {
                let target = url(collection, i).replace('"', "%22");
                out.push_str(&format!("  click {} href \"{target}\"\n", node_id(i)));
            }
            out.push_str("  subgraph legend [Legend]\n    direction LR\n");
            for (class, text, _) in LEGEND {
                out.push_str(&format!("    legend_{class}[\"{text}\"]:::{class}\n"));
            }
            out.push_str("    legend_a[\"newer\"] -->|supersedes or amends| legend_b[\"older\"]\n");
            out.push_str("    legend_c[\"record\"] ---|relates to| legend_d[\"record\"]\n");
            out.push_str("  end\n");
            out.push_str("  classDef accepted fill:#d4edda,stroke:#2e7d32\n");
            out.push_str("  classDef proposed fill:#fff3cd,stroke:#b08900\n");
            out.push_str("  classDef superseded fill:#eeeeee,stroke:#9e9e9e,color:#616161\n");
            out.push_str("  classDef retired fill:#f8d7da,stroke:#c62828\n");
            out.push_str("  classDef unknown fill:#ffffff,stroke:#616161,stroke-dasharray: 4\n");
        }
        GraphFormat::Dot => {
            out.push_str("digraph decisions {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
            let fill = |class: &str| {
                LEGEND
                    .iter()
                    .find(|(c, _, _)| *c == class)
                    .map(|(_, _, f)| *f)
                    .unwrap_or("#ffffff")
            };
            for &i in &readable {
                let text = label(collection, i)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n");
                let target = url(collection, i)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"");
                out.push_str(&format!(
                    "  {} [label=\"{text}\", fillcolor=\"{}\", URL=\"{target}\"];\n",
                    node_id(i),
                    fill(class(collection, i))
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
            // The grid: each row on one rank, rows stacked by invisible edges.
            let rows: Vec<&[usize]> = unlinked.chunks(GRID_COLUMNS).collect();
            for row in &rows {
                let ids: Vec<String> = row.iter().map(|&i| node_id(i)).collect();
                out.push_str(&format!("  {{ rank=same; {}; }}\n", ids.join("; ")));
            }
            for pair in rows.windows(2) {
                out.push_str(&format!(
                    "  {} -> {} [style=invis];\n",
                    node_id(pair[1][0]),
                    node_id(pair[0][0])
                ));
            }
            out.push_str(
                "  subgraph cluster_legend {\n    label=\"Legend\";\n    fontname=\"Helvetica\";\n",
            );
            for (class, text, color) in LEGEND {
                out.push_str(&format!(
                    "    legend_{class} [label=\"{text}\", fillcolor=\"{color}\"];\n"
                ));
            }
            out.push_str("    legend_newer [label=\"newer\", fillcolor=\"#ffffff\"];\n    legend_older [label=\"older\", fillcolor=\"#ffffff\"];\n    legend_newer -> legend_older [label=\"supersedes or amends\"];\n    legend_a [label=\"record\", fillcolor=\"#ffffff\"];\n    legend_b [label=\"record\", fillcolor=\"#ffffff\"];\n    legend_a -> legend_b [label=\"relates to\", style=dashed, dir=none];\n  }\n");
            out.push_str("}\n");
        }
    }
    out
}
