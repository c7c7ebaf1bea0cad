//! The site's stylesheet and its small script (search and filters).

pub(crate) const CSS: &str = r#":root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d2125; --muted: #5b6770; --line: #d5dbe0; --panel: #f5f7f9;
  --link: #0b5cad; --focus: #c45100;
  --accepted: #d4edda; --accepted-line: #2e7d32;
  --proposed: #fff3cd; --proposed-line: #8a6d00;
  --superseded: #eeeeee; --superseded-line: #757575;
  --retired: #f8d7da; --retired-line: #c62828;
  --unknown: #ffffff; --unknown-line: #616161;
  --error: #b3261e; --warning: #8a6d00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15191d; --fg: #e3e7ea; --muted: #9aa6af; --line: #38424a; --panel: #1e2429;
    --link: #7cb8ff; --focus: #ffb35c;
    --accepted: #1f3d26; --accepted-line: #7ccf88;
    --proposed: #3d3416; --proposed-line: #e3c25a;
    --superseded: #2b2f33; --superseded-line: #a0a7ad;
    --retired: #45211f; --retired-line: #f08a84;
    --unknown: #15191d; --unknown-line: #a0a7ad;
    --error: #ff8a80; --warning: #e3c25a;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); }
a:focus-visible, input:focus-visible, select:focus-visible, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
svg a:focus-visible rect { stroke: var(--focus); stroke-width: 4; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 2; }
body > header nav { display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: center; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
body > header nav .brand { font-weight: 700; margin-right: 8px; }
body > header nav a[aria-current] { font-weight: 700; text-decoration-thickness: 3px; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 20px 40px; }
footer { color: var(--muted); text-align: center; font-size: 0.85em; padding-bottom: 20px; }
h1 { font-size: 1.8em; margin: 0.3em 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
pre { background: var(--panel); padding: 10px; overflow-x: auto; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
.table-wrap { overflow-x: auto; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 20px; margin: 10px 0; }
.filters label { display: flex; flex-direction: column; font-size: 0.9em; color: var(--muted); }
.filters input, .filters select { font: inherit; padding: 6px 8px; min-width: 14em; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 6px; }
#count { color: var(--muted); }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
.timeline li { position: relative; padding: 8px 0 8px 18px; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.timeline li::before { content: ""; position: absolute; left: -8px; top: 15px; width: 13px; height: 13px; border-radius: 50%; background: var(--bg); border: 3px solid var(--line); }
.timeline time { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 6.5em; }
.timeline .num { font-weight: 600; color: var(--muted); min-width: 5.5em; }
.timeline a { flex: 1 1 16em; }
.collection { font-size: 0.8em; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; color: var(--muted); }
.badge, .state { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 1px 8px; border-radius: 999px; border: 1px solid; white-space: nowrap; }
.badge.accepted { background: var(--accepted); border-color: var(--accepted-line); }
.badge.proposed { background: var(--proposed); border-color: var(--proposed-line); }
.badge.superseded { background: var(--superseded); border-color: var(--superseded-line); }
.badge.deprecated, .badge.rejected { background: var(--retired); border-color: var(--retired-line); }
.badge.unknown { background: var(--unknown); border-color: var(--unknown-line); border-style: dashed; }
.state.enforced { background: var(--retired); border-color: var(--retired-line); }
.state.previewed { background: var(--proposed); border-color: var(--proposed-line); }
.state.inactive { background: var(--superseded); border-color: var(--superseded-line); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; min-width: 0; }
header.record { border-bottom: 1px solid var(--line); margin-bottom: 12px; padding-bottom: 8px; }
header.record .num { margin: 0; color: var(--muted); font-weight: 600; }
.chain h2, .rules h2, .findings h2 { font-size: 1.05em; margin: 12px 0 4px; }
ul.findings { padding-left: 1.2em; }
blockquote.reason { margin: 4px 0 4px 1em; padding: 2px 8px; border-left: 3px solid var(--line); color: var(--muted); font-style: italic; }
ul.covers { margin: 2px 0 6px; padding-left: 1.4em; font-size: 0.95em; }
li.error .sev { color: var(--error); font-weight: 700; }
li.warning .sev { color: var(--warning); font-weight: 700; }
.may { border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; font-size: 0.85em; color: var(--muted); }
.help { color: var(--muted); }
.body img { max-width: 100%; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; }
.summary li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
section.rule { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 12px; margin: 16px 0; }
section.rule h2 { font-size: 1.2em; }
.clean { color: var(--accepted-line); }
tr.expired td { background: var(--retired); }
tr.soon td { background: var(--proposed); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0; }
.legend li { display: flex; align-items: center; gap: 6px; }
.graph-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 6px; }
svg.graph { max-width: 100%; height: auto; font-size: 13px; }
svg text { fill: var(--fg); }
svg .node-id { font-weight: 700; font-size: 12px; }
svg .grid-label { fill: var(--muted); }
rect.node { stroke-width: 1.5; }
rect.node.accepted { fill: var(--accepted); stroke: var(--accepted-line); }
rect.node.proposed { fill: var(--proposed); stroke: var(--proposed-line); }
rect.node.superseded { fill: var(--superseded); stroke: var(--superseded-line); }
rect.node.retired { fill: var(--retired); stroke: var(--retired-line); }
rect.node.unknown { fill: var(--unknown); stroke: var(--unknown-line); stroke-dasharray: 4; }
line.edge { stroke: var(--muted); stroke-width: 1.5; }
line.edge.amends { stroke-dasharray: 8 3 2 3; }
line.edge.relates-to { stroke-dasharray: 4 4; }
.arrowhead { fill: var(--muted); }
.error { color: var(--error); }
@media (max-width: 600px) {
  main { padding: 10px 12px 30px; }
  .filters input, .filters select { min-width: 0; width: 100%; }
  .filters label { flex: 1 1 100%; }
  .timeline time, .timeline .num { min-width: 0; }
}
"#;

pub(crate) const JS: &str = r#"// adrift site: search and filters on the decision log. No framework.
(function () {
  "use strict";
  function init() {
    var log = document.getElementById("log");
    if (log) {
      var data = JSON.parse(document.getElementById("search-data").textContent);
      var q = document.getElementById("q");
      var status = document.getElementById("status");
      var collection = document.getElementById("collection");
      var count = document.getElementById("count");
      var items = Array.prototype.slice.call(log.children);
      var apply = function () {
        var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
        var s = status.value, c = collection.value, shown = 0;
        items.forEach(function (li) {
          var text = data[+li.dataset.k] || "";
          var ok = (!s || li.dataset.status === s) &&
            (!c || li.dataset.collection === c) &&
            words.every(function (w) { return text.indexOf(w) !== -1; });
          li.hidden = !ok;
          if (ok) { shown++; }
        });
        count.textContent = shown + (shown === 1 ? " decision" : " decisions");
      };
      [q, status, collection].forEach(function (el) {
        el.addEventListener("input", apply);
        el.addEventListener("change", apply);
      });
      var params = new URLSearchParams(location.search);
      if (params.get("q")) { q.value = params.get("q"); }
      if (params.get("status")) { status.value = params.get("status"); }
      apply();
    }
    document.documentElement.setAttribute("data-adrift-ready", "1");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
"#;
