//! The decision graph as inline SVG: linked records in layers (a record
//! above the records it supersedes or amends; a wide layer wraps into
//! rows), records without links in a grid below, and a legend.

use super::{Part, esc, href};
use crate::author::graph::{class, edges};

const COLS: usize = 6;
const W: usize = 190;
const H: usize = 52;
const GAP_X: usize = 24;
const GAP_Y: usize = 44;

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The SVG of one collection; `root` is the path from the page to the site's root.
pub(crate) fn svg(part: &Part, root: &str) -> String {
    let c = &part.collection;
    let n = c.records.len();
    let edges = edges(c);
    let mut linked = vec![false; n];
    for (a, _, b) in &edges {
        linked[*a] = true;
        linked[*b] = true;
    }
    // Longest-path layers over the directed edges, bounded so a cycle
    // (a record superseding itself through others) cannot loop.
    let mut layer = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for (a, word, b) in &edges {
            if *word == "relates to" || a == b {
                continue;
            }
            if layer[*b] < layer[*a] + 1 && layer[*a] < n {
                layer[*b] = layer[*a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut layers: Vec<Vec<usize>> = Vec::new();
    for i in (0..n).filter(|&i| linked[i]) {
        if layers.len() <= layer[i] {
            layers.resize(layer[i] + 1, Vec::new());
        }
        layers[layer[i]].push(i);
    }
    let mut pos = vec![(0usize, 0usize); n];
    let mut placed = vec![false; n];
    let mut row = 0;
    for l in layers.iter_mut().filter(|l| !l.is_empty()) {
        // Order a layer by where its placed neighbours stand (barycentre),
        // so fewer edges cross.
        let key = |i: usize| -> usize {
            let cols: Vec<usize> = edges
                .iter()
                .filter_map(|(a, _, b)| match (*a == i, *b == i) {
                    (true, _) if placed[*b] => Some(pos[*b].0),
                    (_, true) if placed[*a] => Some(pos[*a].0),
                    _ => None,
                })
                .collect();
            if cols.is_empty() {
                usize::MAX
            } else {
                cols.iter().sum::<usize>() * 100 / cols.len()
            }
        };
        l.sort_by_cached_key(|&i| (key(i), i));
        for &i in l.iter() {
            placed[i] = true;
        }
        for (k, &i) in l.iter().enumerate() {
            pos[i] = (k % COLS, row + k / COLS);
        }
        row += l.len().div_ceil(COLS);
    }
    let unlinked: Vec<usize> = (0..n).filter(|&i| !linked[i]).collect();
    let grid_top = row;
    let label_rows = usize::from(!unlinked.is_empty());
    for (k, &i) in unlinked.iter().enumerate() {
        pos[i] = (k % COLS, grid_top + label_rows + k / COLS);
    }
    let rows = grid_top + label_rows + unlinked.len().div_ceil(COLS);
    let xy = |i: usize| {
        let (col, row) = pos[i];
        (10 + col * (W + GAP_X), 10 + row * (H + GAP_Y))
    };
    let width = 20 + COLS * (W + GAP_X) - GAP_X;
    let height = 20 + rows.max(1) * (H + GAP_Y) - GAP_Y;
    let mut out = format!(
        "<svg class=\"graph\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"decision graph of {}\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n",
        esc(&part.name)
    );
    for (a, word, b) in &edges {
        let (ax, ay) = xy(*a);
        let (bx, by) = xy(*b);
        let (x1, y1, x2, y2) = if by > ay {
            (ax + W / 2, ay + H, bx + W / 2, by)
        } else if by < ay {
            (ax + W / 2, ay, bx + W / 2, by + H)
        } else if bx > ax {
            (ax + W, ay + H / 2, bx, by + H / 2)
        } else {
            (ax, ay + H / 2, bx + W, by + H / 2)
        };
        let kind = word.replace(' ', "-");
        let marker = if *word == "relates to" {
            ""
        } else {
            " marker-end=\"url(#arrow)\""
        };
        out.push_str(&format!(
            "<line class=\"edge {kind}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"{marker}><title>{} {word} {}</title></line>\n",
            esc(&c.records[*a].id),
            esc(&c.records[*b].id)
        ));
    }
    if !unlinked.is_empty() {
        out.push_str(&format!(
            "<text class=\"grid-label\" x=\"10\" y=\"{}\">Not linked to other records</text>\n",
            10 + grid_top * (H + GAP_Y) + H / 2 + 10
        ));
    }
    for i in 0..n {
        let r = &c.records[i];
        let (x, y) = xy(i);
        let status = r
            .canonical_status()
            .map(|s| s.to_string())
            .or_else(|| r.status.as_ref().map(|s| s.text.trim().to_string()))
            .unwrap_or_else(|| "no status".to_string());
        out.push_str(&format!(
            "<a href=\"{root}{}\"><title>{}: {} ({})</title><rect class=\"node {}\" x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"{H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" class=\"node-id\">{} · {}</text><text x=\"{}\" y=\"{}\">{}</text></a>\n",
            href(&part.pages[i]),
            esc(&r.id),
            esc(r.title_text()),
            esc(&status),
            class(c, i),
            x + 8,
            y + 20,
            esc(&truncate(&r.id, 12)),
            esc(&truncate(&status, 14)),
            x + 8,
            y + 40,
            esc(&truncate(r.title_text(), 24)),
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// The legend beside every graph.
pub(crate) fn legend() -> String {
    let mut out = String::from("<ul class=\"legend\" aria-label=\"legend\">");
    for (class, text) in [
        ("accepted", "accepted"),
        ("proposed", "proposed"),
        ("superseded", "superseded"),
        ("retired", "deprecated or rejected"),
        ("unknown", "no known status"),
    ] {
        out.push_str(&format!(
            "<li><svg width=\"18\" height=\"14\" aria-hidden=\"true\"><rect class=\"node {class}\" x=\"1\" y=\"1\" width=\"16\" height=\"12\" rx=\"3\"/></svg> {text}</li>"
        ));
    }
    for (class, text) in [
        ("supersedes", "supersedes (arrow to the older record)"),
        ("amends", "amends"),
        ("relates-to", "relates to"),
    ] {
        out.push_str(&format!(
            "<li><svg width=\"34\" height=\"14\" aria-hidden=\"true\"><line class=\"edge {class}\" x1=\"1\" y1=\"7\" x2=\"33\" y2=\"7\"/></svg> {text}</li>"
        ));
    }
    out.push_str("</ul>\n");
    out
}
