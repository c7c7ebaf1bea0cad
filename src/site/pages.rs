//! The pages: home (the log), one per record, the graph and the dashboard.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{Site, assets, esc, graph, href, markdown, normalise, relative};
use crate::finding::Finding;
use crate::record::Record;
use crate::rules::Lifecycle;

/// Every file of the site: (path relative to the root, bytes).
pub(crate) fn all(site: &Site, cwd: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        ("style.css".to_string(), assets::CSS.as_bytes().to_vec()),
        ("site.js".to_string(), assets::JS.as_bytes().to_vec()),
        ("index.html".to_string(), home(site).into_bytes()),
        ("graph.html".to_string(), graph_page(site).into_bytes()),
        (
            "dashboard.html".to_string(),
            dashboard(site, cwd).into_bytes(),
        ),
    ];
    let items: Vec<(usize, usize)> = site
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| (0..part.collection.records.len()).map(move |i| (p, i)))
        .collect();
    let pages = crate::parallel::map(&items, 64, 8, |&(p, i)| {
        (
            site.parts[p].pages[i].clone(),
            record_page(site, p, i, cwd).into_bytes(),
        )
    });
    files.extend(pages);
    files
}

fn layout(title: &str, root: &str, current: &str, body: &str) -> String {
    let nav = [
        ("index.html", "Decisions"),
        ("graph.html", "Graph"),
        ("dashboard.html", "Enforcement"),
    ]
    .iter()
    .map(|(page, text)| {
        let aria = if *page == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<a href=\"{root}{page}\"{aria}>{text}</a>")
    })
    .collect::<Vec<_>>()
    .join("");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>{} · decisions</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n<script src=\"{root}site.js\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header><nav aria-label=\"site\"><span class=\"brand\">adrift</span>{nav}</nav></header>\n<main id=\"main\" tabindex=\"-1\">\n{body}</main>\n<footer><p>Written by <code>adrift site</code>.</p></footer>\n</body>\n</html>\n",
        esc(title)
    )
}

fn status_text(r: &Record) -> String {
    r.canonical_status()
        .map(|s| s.to_string())
        .or_else(|| {
            r.status
                .as_ref()
                .map(|s| s.text.trim().to_string())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| "no status".to_string())
}

fn status_class(r: &Record) -> &'static str {
    r.canonical_status()
        .map(|s| s.as_str())
        .unwrap_or("unknown")
}

fn badge(r: &Record) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        status_class(r),
        esc(&status_text(r))
    )
}

fn date(r: &Record) -> Option<String> {
    r.date
        .as_ref()
        .map(|d| match &d.value {
            Ok(v) => v.to_string(),
            Err(_) => d.text.trim().to_string(),
        })
        .filter(|d| !d.is_empty())
}

fn title(r: &Record) -> String {
    if r.title_text().is_empty() {
        r.file_name().to_string()
    } else {
        r.title_text().to_string()
    }
}

/// JSON safe inside a `<script>` element.
fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "[]".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn home(site: &Site) -> String {
    let mut entries: Vec<(usize, usize)> = site
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| (0..part.collection.records.len()).map(move |i| (p, i)))
        .collect();
    let rec = |&(p, i): &(usize, usize)| &site.parts[p].collection.records[i];
    // Newest first: by date, then number.
    entries.sort_by(|a, b| {
        let (ra, rb) = (rec(a), rec(b));
        date(rb)
            .cmp(&date(ra))
            .then(rb.number.cmp(&ra.number))
            .then(a.cmp(b))
    });
    let mut statuses: Vec<String> = entries
        .iter()
        .map(|e| status_class(rec(e)).to_string())
        .collect();
    statuses.sort();
    statuses.dedup();
    let mut body = String::from("<h1>Decisions</h1>\n");
    body.push_str("<form class=\"filters\" role=\"search\" onsubmit=\"return false\">\n<label>Search <input type=\"search\" id=\"q\" placeholder=\"words in titles and text\" autocomplete=\"off\"></label>\n<label>Status <select id=\"status\"><option value=\"\">all</option>");
    for s in &statuses {
        let _ = write!(body, "<option value=\"{0}\">{0}</option>", esc(s));
    }
    body.push_str("</select></label>\n");
    let hidden = if site.parts.len() > 1 { "" } else { " hidden" };
    let _ = write!(
        body,
        "<label{hidden}>Collection <select id=\"collection\"><option value=\"\">all</option>"
    );
    for (p, part) in site.parts.iter().enumerate() {
        let _ = write!(body, "<option value=\"{p}\">{}</option>", esc(&part.name));
    }
    body.push_str("</select></label>\n</form>\n");
    let _ = writeln!(
        body,
        "<p id=\"count\" aria-live=\"polite\">{} decisions</p>",
        entries.len()
    );
    body.push_str("<ol class=\"timeline\" id=\"log\">\n");
    let mut texts = Vec::with_capacity(entries.len());
    for (k, &(p, i)) in entries.iter().enumerate() {
        let part = &site.parts[p];
        let r = &part.collection.records[i];
        let collection = if site.parts.len() > 1 {
            format!(" <span class=\"collection\">{}</span>", esc(&part.name))
        } else {
            String::new()
        };
        let _ = writeln!(
            body,
            "<li data-k=\"{k}\" data-status=\"{}\" data-collection=\"{p}\"><time>{}</time> <span class=\"num\">{}</span> <a href=\"{}\">{}</a> {}{collection}</li>",
            status_class(r),
            esc(date(r).as_deref().unwrap_or("no date")),
            esc(&r.id),
            href(&part.pages[i]),
            esc(&title(r)),
            badge(r),
        );
        texts.push(serde_json::Value::from(
            format!("{} {}", r.id, r.source.text).to_lowercase(),
        ));
    }
    body.push_str("</ol>\n");
    let _ = writeln!(
        body,
        "<script type=\"application/json\" id=\"search-data\">{}</script>",
        script_json(&serde_json::Value::Array(texts))
    );
    layout("Decisions", "", "index.html", &body)
}

fn record_page(site: &Site, p: usize, i: usize, cwd: &Path) -> String {
    let part = &site.parts[p];
    let c = &part.collection;
    let r = &c.records[i];
    let page = &part.pages[i];
    let root = "../../";
    let link = |j: usize| {
        format!(
            "<a href=\"{root}{}\">{}: {}</a>",
            href(&part.pages[j]),
            esc(&c.records[j].id),
            esc(&title(&c.records[j]))
        )
    };
    let mut body = String::new();
    let _ = write!(
        body,
        "<article>\n<header class=\"record\"><p class=\"num\">{}</p><h1>{}</h1>\n<dl class=\"meta\"><dt>Status</dt><dd>{}</dd><dt>Date</dt><dd>{}</dd>",
        esc(&r.id),
        esc(&title(r)),
        badge(r),
        esc(date(r).as_deref().unwrap_or("no date"))
    );
    if site.parts.len() > 1 {
        let _ = write!(body, "<dt>Collection</dt><dd>{}</dd>", esc(&part.name));
    }
    let _ = writeln!(
        body,
        "<dt>Source</dt><dd><code>{}</code></dd></dl>",
        esc(&r.source.path)
    );
    // The chain both ways.
    let mut chain = Vec::new();
    for (a, word, b) in crate::author::graph::edges(c) {
        if a == i {
            chain.push(format!("{word} {}", link(b)));
        } else if b == i {
            let back = match word {
                "supersedes" => "superseded by",
                "amends" => "amended by",
                other => other,
            };
            chain.push(format!("{back} {}", link(a)));
        }
    }
    if !chain.is_empty() {
        body.push_str(
            "<nav class=\"chain\" aria-label=\"linked decisions\"><h2>Linked decisions</h2><ul>",
        );
        for item in chain {
            let _ = write!(body, "<li>{item}</li>");
        }
        body.push_str("</ul></nav>\n");
    }
    // The rules that enforce it.
    if site.rules_part == Some(p) {
        let rules: Vec<_> = site.rules.iter().filter(|b| b.record == i).collect();
        if !rules.is_empty() {
            body.push_str("<section class=\"rules\"><h2>Enforced by</h2><ul>");
            for b in rules {
                let _ = write!(
                    body,
                    "<li><a href=\"{root}dashboard.html#rule-{}\">{}</a> ({}){}</li>",
                    href(&b.rule.id),
                    esc(&b.rule.id),
                    b.lifecycle.as_str(),
                    when(&b.rule)
                        .map(|w| format!(", only when {w}"))
                        .unwrap_or_default()
                );
            }
            body.push_str("</ul></section>\n");
        }
    }
    let findings = &part.findings[i];
    if !findings.is_empty() {
        body.push_str("<section class=\"findings\"><h2>Lint findings</h2><ul>");
        for f in findings {
            let line = f.span.as_ref().map(|_| f.range().0.line);
            let _ = write!(
                body,
                "<li class=\"{0}\"><span class=\"sev\">{0}</span> <code>{1}</code>{2}: {3}{4}</li>",
                f.severity.as_str(),
                esc(&f.code),
                line.map(|l| format!(" line {l}")).unwrap_or_default(),
                esc(&f.message),
                f.help
                    .as_deref()
                    .map(|h| format!(" <span class=\"help\">({})</span>", esc(h)))
                    .unwrap_or_default()
            );
        }
        body.push_str("</ul></section>\n");
    }
    body.push_str("</header>\n<div class=\"body\">\n");
    if let Some(problem) = &r.read_problem {
        let _ = writeln!(
            body,
            "<p class=\"error\">adrift could not read this record: {}</p>",
            esc(&format!("{problem:?}"))
        );
    } else {
        body.push_str(&markdown::render(site, &r.source.text, &r.path, page, cwd));
    }
    body.push_str("</div>\n</article>\n");
    layout(&format!("{}: {}", r.id, title(r)), root, "", &body)
}

fn graph_page(site: &Site) -> String {
    let mut body = String::from("<h1>Decision graph</h1>\n");
    body.push_str(&graph::legend());
    for part in &site.parts {
        if site.parts.len() > 1 {
            let _ = writeln!(body, "<h2>{}</h2>", esc(&part.name));
        }
        let _ = writeln!(
            body,
            "<div class=\"graph-wrap\">{}</div>",
            graph::svg(part, "")
        );
    }
    layout("Graph", "", "graph.html", &body)
}

/// A rule's conditions on attributes in words, escaped, joined with
/// "and"; `None` for a rule that matches by name alone.
fn when(rule: &crate::rules::Rule) -> Option<String> {
    (!rule.conditions.is_empty()).then(|| {
        rule.conditions
            .iter()
            .map(|c| format!("<code>{}</code>", esc(&c.describe())))
            .collect::<Vec<_>>()
            .join(" and ")
    })
}

fn dashboard(site: &Site, cwd: &Path) -> String {
    let report = &site.report;
    let c = &site.rules_collection;
    let out_dir = &site.out;
    let file_link = |f: &Finding| -> String {
        let path = f.path();
        let (line, _) = f.range();
        let target = normalise(&cwd.join(path));
        let shown = if f.span.is_some() {
            format!("{path}:{}", line.line)
        } else {
            path.to_string()
        };
        format!(
            "<a class=\"src\" href=\"{}#L{}\">{}</a>",
            href(&relative(out_dir, &target)),
            line.line,
            esc(&shown)
        )
    };
    let mut body = String::from("<h1>Enforcement</h1>\n");
    let count =
        |pred: fn(&Lifecycle) -> bool| site.rules.iter().filter(|b| pred(&b.lifecycle)).count();
    let rule_findings: usize = report
        .findings
        .iter()
        .filter(|f| site.rules.iter().any(|b| f.code == b.rule.id))
        .count();
    let _ = writeln!(
        body,
        "<ul class=\"summary\"><li><strong>{}</strong> rules</li><li><strong>{}</strong> enforced</li><li><strong>{}</strong> previewed</li><li><strong>{}</strong> inactive</li><li><strong>{rule_findings}</strong> findings</li><li><strong>{}</strong> waived</li><li><strong>{}</strong> baselined</li></ul>",
        site.rules.len(),
        count(|l| matches!(l, Lifecycle::Enforced)),
        count(|l| matches!(l, Lifecycle::Previewed)),
        count(|l| matches!(l, Lifecycle::Inactive(_))),
        report.waived,
        report.baselined
    );
    if site.rules.is_empty() {
        body.push_str(
            "<p>No rules yet: add one TOML file per rule under <code>rules/</code>.</p>\n",
        );
    }
    let decision_href = |record: usize| -> Option<String> {
        let r = c.records.get(record)?;
        let &(p, i) = site.by_path.get(&normalise(&cwd.join(&r.path)))?;
        Some(href(&site.parts[p].pages[i]))
    };
    for b in &site.rules {
        let r = &c.records[b.record];
        let (state, class) = match b.lifecycle {
            Lifecycle::Enforced => ("enforced".to_string(), "enforced"),
            Lifecycle::Previewed => ("previewed (warnings only)".to_string(), "previewed"),
            Lifecycle::Inactive(s) => (format!("inactive ({s})"), "inactive"),
        };
        let decision = match decision_href(b.record) {
            Some(h) => format!("<a href=\"{h}\">{}: {}</a>", esc(&r.id), esc(&title(r))),
            None => format!("{}: {}", esc(&r.id), esc(&title(r))),
        };
        let _ = write!(
            body,
            "<section class=\"rule\" id=\"rule-{}\">\n<h2><code>{}</code> <span class=\"state {class}\">{}</span></h2>\n<dl class=\"meta\"><dt>Decision</dt><dd>{decision} {}</dd><dt>Severity</dt><dd>{}</dd><dt>Message</dt><dd>{}</dd><dt>File</dt><dd><code>{}</code></dd>",
            esc(&b.rule.id),
            esc(&b.rule.id),
            esc(&state),
            badge(r),
            b.rule.severity.as_str(),
            esc(&b.rule.message),
            esc(&b.rule.file.path)
        );
        if let Some(d) = &b.rule.description {
            let _ = write!(body, "<dt>Why</dt><dd>{}</dd>", esc(d));
        }
        if let Some(w) = when(&b.rule) {
            let _ = write!(
                body,
                "<dt>Only when</dt><dd class=\"when\">{w} <small>(read statically: a value adrift cannot read makes the finding a “may”)</small></dd>"
            );
        }
        body.push_str("</dl>\n");
        let mut matches = String::new();
        let mut count = 0;
        for (target, list) in b.rule.patterns.iter() {
            if list.is_empty() {
                continue;
            }
            count += list.len();
            let texts: Vec<String> = list
                .iter()
                .map(|p| format!("<code>{}</code>", esc(&p.text)))
                .collect();
            let _ = write!(
                matches,
                "<li>{}: {}</li>",
                esc(&target.label()),
                texts.join(" ")
            );
        }
        let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in report
            .findings
            .iter()
            .filter(|f| f.rule.as_deref() == Some(b.rule.id.as_str()) && f.code == b.rule.id)
        {
            by_file.entry(f.path()).or_default().push(f);
        }
        if by_file.is_empty() {
            body.push_str("<p class=\"clean\">No findings today.</p>\n");
        } else {
            let total: usize = by_file.values().map(Vec::len).sum();
            let _ = writeln!(
                body,
                "<h3>{total} finding{} today</h3>",
                if total == 1 { "" } else { "s" }
            );
            for (path, list) in by_file {
                let _ = write!(
                    body,
                    "<h4><code>{}</code></h4><ul class=\"findings\">",
                    esc(path)
                );
                for f in list {
                    // The decision's own words about what was matched, and
                    // the declarations the finding stands for.
                    let mut extra = String::new();
                    if let Some(why) = &f.reason {
                        let who = match decision_href(b.record) {
                            Some(h) => format!("<a href=\"{h}\">{}</a>", esc(&r.id)),
                            None => esc(&r.id),
                        };
                        let _ = write!(
                            extra,
                            "<blockquote class=\"reason\">{who} says (line {}): “{}”</blockquote>",
                            why.line,
                            esc(&why.text)
                        );
                    }
                    if !f.covers.is_empty() {
                        extra.push_str("<ul class=\"covers\">");
                        for c in &f.covers {
                            let at = c.file.line_col(c.span.start);
                            let target = normalise(&cwd.join(&c.file.path));
                            let _ = write!(
                                extra,
                                "<li><a class=\"src\" href=\"{}#L{}\">{}:{}</a>: {}: {}</li>",
                                href(&relative(out_dir, &target)),
                                at.line,
                                esc(&c.file.path),
                                at.line,
                                esc(&c.subject),
                                esc(&c.relation)
                            );
                        }
                        extra.push_str("</ul>");
                    }
                    // A finding adrift is not sure of says so, and why.
                    let may = match &f.may {
                        Some(why) => {
                            format!(" <span class=\"may\" title=\"{}\">may</span>", esc(why))
                        }
                        None => String::new(),
                    };
                    let _ = write!(
                        body,
                        "<li class=\"{0}\"><span class=\"sev\">{0}</span>{may} {1}: {2}{extra}</li>",
                        f.severity.as_str(),
                        file_link(f),
                        esc(&f.message)
                    );
                }
                body.push_str("</ul>\n");
            }
        }
        let _ = writeln!(
            body,
            "<details class=\"matches\"><summary>What it matches ({count} pattern{})</summary><ul class=\"patterns\">{matches}</ul></details>",
            if count == 1 { "" } else { "s" }
        );
        body.push_str("</section>\n");
    }
    // Waivers.
    body.push_str("<section id=\"waivers\"><h2>Waivers</h2>\n");
    if report.waivers.is_empty() {
        body.push_str("<p>No waivers.</p>\n");
    } else {
        body.push_str("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Where</th><th scope=\"col\">Rule</th><th scope=\"col\">Reason</th><th scope=\"col\">Until</th></tr></thead><tbody>\n");
        let soon = site
            .today
            .checked_add(jiff::Span::new().days(30))
            .unwrap_or(site.today);
        for (file, w) in &report.waivers {
            let (until, class) = match &w.until {
                None => ("no expiry".to_string(), ""),
                Some(Err(_)) => ("not a date".to_string(), "expired"),
                Some(Ok(d)) if *d < site.today => (format!("{d} (expired)"), "expired"),
                Some(Ok(d)) if *d <= soon => (format!("{d} (expires soon)"), "soon"),
                Some(Ok(d)) => (d.to_string(), ""),
            };
            let target = normalise(&cwd.join(&file.path));
            let _ = writeln!(
                body,
                "<tr class=\"{class}\"><td><a class=\"src\" href=\"{}#L{}\">{}:{}</a></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                href(&relative(out_dir, &target)),
                w.line,
                esc(&file.path),
                w.line,
                esc(&w.rule),
                esc(w.reason.as_deref().unwrap_or("(no reason given)")),
                esc(&until)
            );
        }
        body.push_str("</tbody></table></div>\n");
    }
    body.push_str("</section>\n");
    // Everything else the check found (parse errors, waiver problems, record lints).
    let other: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| !site.rules.iter().any(|b| f.code == b.rule.id))
        .collect();
    let _ = writeln!(
        body,
        "<section id=\"other\"><h2>Other findings ({})</h2>",
        other.len()
    );
    if !other.is_empty() {
        body.push_str("<ul class=\"findings\">");
        for f in other {
            let _ = write!(
                body,
                "<li class=\"{0}\"><span class=\"sev\">{0}</span> <code>{1}</code> {2}: {3}</li>",
                f.severity.as_str(),
                esc(&f.code),
                if f.file.is_some() {
                    file_link(f)
                } else {
                    String::new()
                },
                esc(&f.message)
            );
        }
        body.push_str("</ul>\n");
    }
    body.push_str("</section>\n");
    layout("Enforcement", "", "dashboard.html", &body)
}
