//! `adrift site`: the generated HTML, read as a browser would follow it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::{adr_tools_record, adrift, temp_dir, write};

/// A project with linked records, a hostile title, raw HTML and a script
/// link in a record, a rule with a finding, and waivers (one expired).
fn project() -> PathBuf {
    let dir = temp_dir("site");
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-record-decisions.md",
        adr_tools_record(1, "Record decisions", "Accepted"),
    );
    write(
        &dir,
        "adr/0002-stateless.md",
        "# 2. Stateless <script>alert(1)</script>\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\nAmends [1. Record decisions](0001-record-decisions.md)\n\n## Context\n\nSee [the first](0001-record-decisions.md#status) and [bad](javascript:alert(2)).\n\n<img src=x onerror=alert(3)>\n\n## Decision\n\nNo database.\n\n## Consequences\n\nNone.\n",
    );
    write(
        &dir,
        "adr/0003-use-postgres.md",
        "# 3. Use Postgres\n\nDate: 2024-03-01\n\n## Status\n\nSuperseded by [4. No Postgres](0004-no-postgres.md)\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n",
    );
    write(
        &dir,
        "adr/0004-no-postgres.md",
        "# 4. No Postgres\n\nDate: 2024-04-01\n\n## Status\n\nProposed\n\nSupersedes [3. Use Postgres](0003-use-postgres.md)\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n",
    );
    write(
        &dir,
        "rules/no-db.toml",
        "id = \"no-db\"\ndecision = \"ADR-0002\"\nseverity = \"error\"\nmessage = \"no database\"\n[terraform]\nresources = [\"aws_db_instance\"]\n",
    );
    write(
        &dir,
        "rules/preview.toml",
        "id = \"no-redis\"\ndecision = \"ADR-0004\"\nseverity = \"error\"\nmessage = \"no redis\"\n[terraform]\nresources = [\"aws_elasticache_cluster\"]\n",
    );
    write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n\n# adrift:allow=no-db until 2020-01-01: the legacy audit store\nresource \"aws_db_instance\" \"audit\" {}\n\n# adrift:allow=no-db: the archive, agreed in review\nresource \"aws_db_instance\" \"archive\" {}\n",
    );
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `href="…"` and `src="…"` value in `html`.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("closed attribute");
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn every_internal_link_resolves_and_each_record_has_one_page() {
    let dir = project();
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("4 records, 2 rules"), "{}", run.stdout);
    let out = dir.join("out");
    let files = html_files(&out);
    let records: Vec<_> = files
        .iter()
        .filter(|p| p.starts_with(out.join("records")))
        .collect();
    assert_eq!(records.len(), 4, "one page per record: {records:?}");
    let site_root = std::fs::canonicalize(&out).expect("site");
    let mut checked = 0;
    for file in &files {
        let html = read(file);
        assert!(html.starts_with("<!DOCTYPE html>"), "{}", file.display());
        for link in links(&html) {
            if link.starts_with("http") || link.starts_with("mailto:") || link == "#" {
                continue;
            }
            let path = link.split('#').next().expect("path");
            if path.is_empty() {
                // A fragment on this page: its id must exist.
                let id = &link[1..];
                assert!(
                    html.contains(&format!("id=\"{id}\"")),
                    "{}: no id {id}",
                    file.display()
                );
                continue;
            }
            let target = file.parent().expect("dir").join(decode(path));
            let target = std::fs::canonicalize(&target);
            // Links into the project (findings, waivers) leave the site;
            // everything inside it must exist.
            match target {
                Ok(t) if t.starts_with(&site_root) => checked += 1,
                Ok(_) => {}
                Err(_) => {
                    let lexical = file.parent().expect("dir").join(decode(path));
                    let inside = !decode(path).starts_with("../")
                        || lexical
                            .components()
                            .filter(|c| matches!(c, std::path::Component::ParentDir))
                            .count()
                            < 2;
                    assert!(!inside, "{}: broken link {link}", file.display());
                }
            }
            if let Some((page, fragment)) = link.split_once('#')
                && !page.is_empty()
                && page.ends_with(".html")
                && !fragment.starts_with('L')
            {
                let target = read(&file.parent().expect("dir").join(decode(page)));
                assert!(
                    target.contains(&format!("id=\"{fragment}\"")),
                    "{}: {link}: no such id",
                    file.display()
                );
            }
        }
    }
    assert!(checked > 20, "links followed: {checked}");
    // The record link in the body goes to the record's page.
    let second = read(&out.join("records/adr/0002-stateless.html"));
    assert!(
        second.contains("href=\"0001-record-decisions.html\""),
        "{second}"
    );
}

#[test]
fn record_text_cannot_inject_markup() {
    let dir = project();
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in html_files(&dir.join("out")) {
        let html = read(&file);
        let scripts = html.matches("<script").count();
        let expected = if file.ends_with("index.html") { 2 } else { 1 };
        assert_eq!(scripts, expected, "{}: {html}", file.display());
        assert!(
            !links(&html).iter().any(|l| l.contains("javascript:")),
            "{}",
            file.display()
        );
        assert!(!html.contains("<img src=x"), "{}", file.display());
    }
    let page = read(&dir.join("out/records/adr/0002-stateless.html"));
    assert!(
        page.contains("Stateless &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    // Raw HTML is shown as text.
    assert!(
        page.contains("&lt;img src=x onerror=alert(3)&gt;"),
        "{page}"
    );
    let home = read(&dir.join("out/index.html"));
    assert!(!home.contains("</script>alert"), "{home}");
}

#[test]
fn record_pages_show_the_chain_both_ways_the_source_and_lint_findings() {
    let dir = project();
    adrift(&dir, &["site", "-o", "out"]);
    let old = read(&dir.join("out/records/adr/0003-use-postgres.html"));
    assert!(
        old.contains("superseded by <a href=\"../../records/adr/0004-no-postgres.html\">ADR-0004: No Postgres</a>"),
        "{old}"
    );
    assert!(
        old.contains("<code>adr/0003-use-postgres.md</code>"),
        "{old}"
    );
    let new = read(&dir.join("out/records/adr/0004-no-postgres.html"));
    assert!(
        new.contains("supersedes <a href=\"../../records/adr/0003-use-postgres.html\">"),
        "{new}"
    );
    let first = read(&dir.join("out/records/adr/0001-record-decisions.html"));
    assert!(first.contains("amended by <a"), "{first}");
    // ADR-0002 amends ADR-0001, which does not link back: a lint finding.
    assert!(
        first.contains("Lint findings")
            || read(&dir.join("out/records/adr/0002-stateless.html")).contains("Lint findings")
    );
}

#[test]
fn the_dashboard_lists_every_rule_its_findings_and_waivers() {
    let dir = project();
    adrift(&dir, &["site", "-o", "out"]);
    let dash = read(&dir.join("out/dashboard.html"));
    for id in ["no-db", "no-redis"] {
        assert!(dash.contains(&format!("id=\"rule-{id}\"")), "{id}: {dash}");
    }
    assert!(
        dash.contains("<span class=\"state enforced\">enforced</span>"),
        "{dash}"
    );
    assert!(
        dash.contains("<span class=\"state previewed\">previewed"),
        "{dash}"
    );
    assert!(dash.contains("terraform resources"), "{dash}");
    assert!(dash.contains("infra/main.tf:1</a>"), "{dash}");
    assert!(dash.contains("<tr class=\"expired\">"), "{dash}");
    assert!(dash.contains("the legacy audit store"), "{dash}");
    assert!(dash.contains("the archive, agreed in review"), "{dash}");
    assert!(dash.contains("2020-01-01 (expired)"), "{dash}");
}

#[test]
fn the_graph_is_inline_svg_with_a_legend_and_a_grid_for_unlinked_records() {
    let dir = temp_dir("site-grid");
    write(&dir, "adrift.toml", "");
    for n in 1..=40 {
        write(
            &dir,
            &format!("adr/{n:04}-decision-{n}.md"),
            adr_tools_record(n, &format!("Decision {n}"), "Accepted"),
        );
    }
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let graph = read(&dir.join("out/graph.html"));
    assert!(graph.contains("<svg class=\"graph\""), "{graph}");
    assert!(graph.contains("class=\"legend\""), "{graph}");
    assert_eq!(graph.matches("<a href=\"records/adr/").count(), 40);
    // Six to a row, never a strip of forty.
    let width: usize = graph
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|w| w.parse().ok())
        .expect("width");
    assert!(width < 1400, "width {width}");
}

#[test]
fn collections_from_the_config_are_one_site() {
    let dir = temp_dir("site-mono");
    write(
        &dir,
        "adrift.toml",
        "adr_dir = \"services/api/adr\"\n[[collections]]\nname = \"api\"\ndir = \"services/api/adr\"\n[[collections]]\nname = \"web\"\ndir = \"services/web/adr\"\n",
    );
    write(
        &dir,
        "services/api/adr/0001-a.md",
        adr_tools_record(1, "Api one", "Accepted"),
    );
    write(
        &dir,
        "services/web/adr/0001-a.md",
        adr_tools_record(1, "Web one", "Proposed"),
    );
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = read(&dir.join("out/index.html"));
    assert!(
        home.contains("<option value=\"0\">api</option><option value=\"1\">web</option>"),
        "{home}"
    );
    assert!(dir.join("out/records/api/0001-a.html").is_file());
    assert!(dir.join("out/records/web/0001-a.html").is_file());
    // A collection whose directory is missing is an error that names it.
    write(
        &dir,
        "adrift.toml",
        "[[collections]]\nname = \"gone\"\ndir = \"nope\"\n",
    );
    write(&dir, "adr/0001-a.md", adr_tools_record(1, "A", "Accepted"));
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("collection \"gone\""), "{}", run.stderr);
}

#[test]
fn a_directory_adrift_did_not_write_is_refused_and_its_own_is_replaced() {
    let dir = project();
    write(&dir, "docs/notes.txt", "mine");
    let run = adrift(&dir, &["site", "-o", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("is not a site adrift wrote"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("-o DIR"), "{}", run.stderr);
    assert_eq!(read(&dir.join("docs/notes.txt")), "mine");
    // Its own site is replaced whole: a stale page does not survive.
    assert_eq!(adrift(&dir, &["site", "-o", "out"]).code, 0);
    write(&dir, "out/records/adr/stale.html", "old");
    assert_eq!(adrift(&dir, &["site", "-o", "out"]).code, 0);
    assert!(!dir.join("out/records/adr/stale.html").exists());
    let names: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("adrift-new") || n.contains("adrift-old")),
        "{names:?}"
    );
}

#[test]
fn adrift_graph_has_a_legend_urls_and_a_grid_for_unlinked_records() {
    let dir = temp_dir("graph-grid");
    write(&dir, "adrift.toml", "");
    for n in 1..=14 {
        write(
            &dir,
            &format!("adr/{n:04}-decision-{n}.md"),
            adr_tools_record(n, &format!("Decision {n}"), "Accepted"),
        );
    }
    assert_eq!(adrift(&dir, &["link", "2", "supersedes", "1"]).code, 0);
    let mermaid = adrift(&dir, &["graph"]).stdout;
    assert!(
        mermaid.contains("  click r0 href \"0001-decision-1.md\"\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("  subgraph legend [Legend]\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("legend_superseded[\"superseded\"]:::superseded"),
        "{mermaid}"
    );
    // Twelve unlinked records (3..=14): two rows of six, columns stacked.
    assert!(mermaid.contains("  r2 ~~~ r8\n"), "{mermaid}");
    assert!(mermaid.contains("  r7 ~~~ r13\n"), "{mermaid}");
    assert!(
        !mermaid.contains("r0 ~~~"),
        "linked records stay in the graph: {mermaid}"
    );
    let dot = adrift(&dir, &["graph", "--format", "dot"]).stdout;
    assert!(dot.contains("URL=\"0003-decision-3.md\"]"), "{dot}");
    assert!(
        dot.contains("  { rank=same; r2; r3; r4; r5; r6; r7; }\n"),
        "{dot}"
    );
    assert!(
        dot.contains("  { rank=same; r8; r9; r10; r11; r12; r13; }\n"),
        "{dot}"
    );
    assert!(dot.contains("  r8 -> r2 [style=invis];\n"), "{dot}");
    assert!(dot.contains("subgraph cluster_legend {"), "{dot}");
}

/// The site in a real browser (Debian's `chromium`, headless): each page
/// initialises its script (a marker in the DOM), logs nothing to the
/// console (an uncaught error is logged there) and renders something
/// other than a blank page. The screenshots stay in the target directory
/// for a person to look at.
#[cfg(feature = "interop")]
#[test]
fn the_site_renders_in_headless_chromium_without_console_errors() {
    use std::process::Command;
    let dir = project();
    assert_eq!(adrift(&dir, &["site", "-o", "out"]).code, 0);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let profile = temp_dir("chromium-profile");
    let chromium = |args: &[&str]| {
        let output = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(args)
            .output()
            .expect("chromium runs (apt-get install chromium)");
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    for (page, heading, shot, width) in [
        ("index.html", "Decisions", "home.png", 1200),
        ("index.html", "Decisions", "home-phone.png", 390),
        (
            "records/adr/0002-stateless.html",
            "Stateless",
            "record.png",
            1200,
        ),
        ("dashboard.html", "Enforcement", "dashboard.png", 1200),
        ("graph.html", "Decision graph", "graph.png", 1200),
    ] {
        let url = format!("file://{}", dir.join("out").join(page).display());
        let (dom, log) = chromium(&["--dump-dom", &url]);
        assert!(
            dom.contains("data-adrift-ready=\"1\""),
            "{page}: the script did not initialise\n{log}"
        );
        assert!(dom.contains(heading), "{page}: {dom}");
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{page}: console output: {console:?}");
        let path = shots.join(shot);
        let _ = std::fs::remove_file(&path);
        let (_, log) = chromium(&[
            &format!("--window-size={width},900"),
            &format!("--screenshot={}", path.display()),
            &url,
        ]);
        let png = std::fs::read(&path).unwrap_or_else(|e| panic!("{shot}: {e}\n{log}"));
        assert!(png.starts_with(b"\x89PNG"), "{shot}");
        // A blank page compresses to a few kilobytes.
        assert!(
            png.len() > 12_000,
            "{shot} looks blank ({} bytes)",
            png.len()
        );
    }
    // A search typed into the URL filters the log in the browser.
    let url = format!("file://{}?q=postgres", dir.join("out/index.html").display());
    let (dom, _) = chromium(&["--dump-dom", &url]);
    assert!(dom.contains("2 decisions"), "{dom}");
}

/// The dashboard shows, under a finding, the decision's own words about
/// what was matched (linked to the record's page) and the declarations
/// the finding stands for, each linked to its line.
#[test]
fn the_dashboard_quotes_the_decision_and_lists_what_a_finding_covers() {
    let dir = temp_dir("site-quote");
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-stateless.md",
        "# 1. Stateless\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\nNo database.\n\n## Alternatives Considered\n\n- Aurora Serverless: rejected because the service keeps no state.\n\n## Consequences\n\nNone.\n",
    );
    write(
        &dir,
        "rules/no-db.toml",
        "id = \"no-db\"\ndecision = \"ADR-0001\"\nmessage = \"no database\"\n[terraform]\nresources = [\"aws_rds_cluster*\"]\n",
    );
    write(
        &dir,
        "infra/db.tf",
        "resource \"aws_rds_cluster\" \"main\" {}\n\nresource \"aws_rds_cluster_instance\" \"one\" {\n  cluster_identifier = aws_rds_cluster.main.id\n}\n",
    );
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dash = read(&dir.join("out/dashboard.html"));
    assert!(
        dash.contains(
            "says (line 19): “Aurora Serverless: rejected because the service keeps no state.”"
        ),
        "{dash}"
    );
    assert!(
        dash.contains("<blockquote class=\"reason\"><a href=\""),
        "{dash}"
    );
    assert!(
        dash.contains("infra/db.tf:3</a>: resource &quot;aws_rds_cluster_instance&quot; &quot;one&quot;: configures it"),
        "{dash}"
    );
}

/// A rule's conditions on attributes are on the dashboard and on its
/// decision's page, and a finding adrift is not sure of is marked "may",
/// with why.
#[test]
fn the_site_shows_a_rules_conditions_and_marks_a_may() {
    let dir = temp_dir("site-conditions");
    write(&dir, "adrift.toml", "");
    write(
        &dir,
        "adr/0001-stateless.md",
        adr_tools_record(1, "Stateless", "Accepted"),
    );
    write(
        &dir,
        "rules/no-v1.toml",
        "id = \"no-v1\"\ndecision = \"ADR-0001\"\nmessage = \"no Serverless v1\"\n\n[terraform]\nresources = [\"aws_rds_cluster\"]\n\n[[terraform.when]]\nattribute = \"engine_mode\"\nequals = \"serverless\"\nif_absent = \"no-match\"\n",
    );
    write(
        &dir,
        "rules/no-db.toml",
        "id = \"no-db\"\ndecision = \"ADR-0001\"\nmessage = \"no database\"\n[terraform]\nresources = [\"aws_db_instance\"]\n",
    );
    write(
        &dir,
        "infra/db.tf",
        "resource \"aws_rds_cluster\" \"legacy\" {\n  engine_mode = \"serverless\"\n}\n\nresource \"aws_rds_cluster\" \"tenant\" {\n  engine_mode = var.mode\n}\n\nresource \"aws_db_instance\" \"main\" {}\n",
    );
    let run = adrift(&dir, &["site", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dash = read(&dir.join("out/dashboard.html"));
    let section = |id: &str| -> String {
        let from = dash
            .find(&format!("<section class=\"rule\" id=\"rule-{id}\">"))
            .unwrap_or_else(|| panic!("no section for {id}:\n{dash}"));
        let rest = &dash[from..];
        rest[..rest.find("</section>").expect("closed")].to_string()
    };
    let v1 = section("no-v1");
    assert!(
        v1.contains("<dt>Only when</dt><dd class=\"when\"><code>engine_mode is &quot;serverless&quot;</code> <small>(read statically: a value adrift cannot read makes the finding a “may”)</small></dd>"),
        "{v1}"
    );
    // The certain finding has no mark; the "may" has one, with why.
    let findings: Vec<&str> = v1.split("<li class=\"error\">").skip(1).collect();
    assert_eq!(findings.len(), 2, "{v1}");
    assert!(
        findings[0].starts_with("<span class=\"sev\">error</span> <a")
            && findings[0].contains("&quot;legacy&quot; contradicts"),
        "{v1}"
    );
    assert!(
        findings[1].starts_with("<span class=\"sev\">error</span> <span class=\"may\" title=\"adrift could not read engine_mode statically: it is `var.mode`\">may</span> <a")
            && findings[1].contains("&quot;tenant&quot; may contradict"),
        "{v1}"
    );
    let db = section("no-db");
    assert!(!db.contains("Only when"), "{db}");
    assert!(!db.contains("class=\"may\""), "{db}");

    let record = html_files(&dir.join("out"))
        .into_iter()
        .map(|p| read(&p))
        .find(|html| html.contains("<h2>Enforced by</h2>"))
        .expect("the record's page lists its rules");
    assert!(
        record.contains("no-v1</a> (enforced), only when <code>engine_mode is &quot;serverless&quot;</code></li>"),
        "{record}"
    );
    assert!(record.contains("no-db</a> (enforced)</li>"), "{record}");
}
