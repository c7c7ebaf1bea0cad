//! Paths to wanted crates, over a dependency graph whose edges carry their
//! kinds.
//!
//! For each wanted package, one breadth-first search backwards from it
//! gives every package that reaches it its next step there (parent
//! pointers: no path is ever copied). Paths that do not pass through
//! another wanted package are preferred, then the shortest: a path through
//! `sqlx` to `sqlx-postgres` is not reported again (the finding for `sqlx`
//! stands for it), so when another path avoids `sqlx` that one is shown.
//! One search per wanted package is linear in the graph, whatever the
//! number of members and direct dependencies that are then read off it.

use super::manifest::Kind;

/// No way to the target.
pub const NONE: u32 = u32::MAX;

/// A graph: for each node, its edges (target, kind).
#[derive(Debug, Default)]
pub struct Graph {
    pub succ: Vec<Vec<(u32, Kind)>>,
}

impl Graph {
    pub fn new(nodes: usize) -> Graph {
        Graph {
            succ: vec![Vec::new(); nodes],
        }
    }

    /// The edges reversed: for each node, the nodes with an edge to it and
    /// that edge's kind.
    pub fn reversed(&self) -> Vec<Vec<(u32, Kind)>> {
        let mut preds = vec![Vec::new(); self.succ.len()];
        for (from, edges) in self.succ.iter().enumerate() {
            for &(to, kind) in edges {
                preds[to as usize].push((from as u32, kind));
            }
        }
        preds
    }
}

/// For every node that reaches one target: its next node on the way and
/// the kind of that edge.
#[derive(Debug)]
pub struct Hops {
    pub next: Vec<u32>,
    pub kind: Vec<Kind>,
    queue: Vec<u32>,
    deferred: Vec<u32>,
}

impl Hops {
    pub fn new(nodes: usize) -> Hops {
        Hops {
            next: vec![NONE; nodes],
            kind: vec![Kind::Normal; nodes],
            queue: Vec::new(),
            deferred: Vec::new(),
        }
    }

    /// Searches backwards from `target` over `preds`. A `blocked` node is
    /// given its next step but expanded only once nothing else is left, so
    /// paths through blocked nodes are found last.
    pub fn search(&mut self, preds: &[Vec<(u32, Kind)>], target: usize, blocked: &[bool]) {
        self.next.fill(NONE);
        self.next[target] = target as u32;
        self.queue.clear();
        self.deferred.clear();
        self.queue.push(target as u32);
        let mut head = 0;
        loop {
            while head < self.queue.len() {
                let at = self.queue[head];
                head += 1;
                for &(p, kind) in &preds[at as usize] {
                    if self.next[p as usize] != NONE {
                        continue;
                    }
                    self.next[p as usize] = at;
                    self.kind[p as usize] = kind;
                    if blocked[p as usize] {
                        self.deferred.push(p);
                    } else {
                        self.queue.push(p);
                    }
                }
            }
            if self.deferred.is_empty() {
                break;
            }
            self.queue.append(&mut self.deferred);
        }
    }

    /// Whether `from` reaches the target.
    pub fn reaches(&self, from: usize) -> bool {
        self.next[from] != NONE
    }

    /// The path from `from` (excluded) to the target (included): each node
    /// with the kind of the edge into it.
    pub fn path(&self, from: usize) -> Vec<(usize, Kind)> {
        let mut out = Vec::new();
        let mut at = from;
        while self.next[at] != at as u32 && self.next[at] != NONE {
            out.push((self.next[at] as usize, self.kind[at]));
            at = self.next[at] as usize;
        }
        out
    }
}

/// Every node from which some node in `targets` can be reached.
pub fn reaching(preds: &[Vec<(u32, Kind)>], targets: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; preds.len()];
    let mut stack: Vec<usize> = Vec::new();
    for &t in targets {
        if !seen[t] {
            seen[t] = true;
            stack.push(t);
        }
    }
    while let Some(at) = stack.pop() {
        for &(p, _) in &preds[at] {
            if !seen[p as usize] {
                seen[p as usize] = true;
                stack.push(p as usize);
            }
        }
    }
    seen
}
