//! A record's Markdown as HTML: raw HTML shown as text, links to records
//! rewritten to their pages, other relative links pointed at the file from
//! the page, and links with an unsafe scheme dropped.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Site, href, normalise, relative};

/// Renders `text` (the record at `record_path`) for the page at `page`
/// (relative to the site's root); drops the first level-1 heading (the
/// page shows the title itself).
pub(crate) fn render(
    site: &Site,
    text: &str,
    record_path: &Path,
    page: &str,
    cwd: &Path,
) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let record_dir = normalise(&cwd.join(record_path))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let page_dir = normalise(&site.out.join(page))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let rewrite = |dest: &str| -> String { rewrite(site, dest, &record_dir, &page_dir) };
    let mut skipping_title = false;
    let mut title_done = false;
    let events = Parser::new_ext(text, options).filter_map(|event| {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if !title_done => {
                skipping_title = true;
                title_done = true;
                return None;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if skipping_title => {
                skipping_title = false;
                return None;
            }
            _ if skipping_title => return None,
            _ => {}
        }
        Some(match event {
            // Raw HTML in a record is shown as text, never run.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(rewrite(&dest_url)),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(rewrite(&dest_url)),
                title,
                id,
            }),
            other => other,
        })
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The scheme of a URL (`https` in `https://…`), if it has one.
fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let head = &dest[..colon];
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !dest[..colon].contains('/'))
    .then_some(head)
}

fn rewrite(site: &Site, dest: &str, record_dir: &Path, page_dir: &Path) -> String {
    let dest = dest.trim();
    if let Some(s) = scheme(dest) {
        return if ["http", "https", "mailto"].contains(&s.to_ascii_lowercase().as_str()) {
            dest.to_string()
        } else {
            // javascript:, data:, file: and the like never reach the page.
            "#".to_string()
        };
    }
    if dest.starts_with('#') || dest.is_empty() || dest.starts_with('/') || dest.starts_with('\\') {
        return if dest.starts_with('#') {
            dest.to_string()
        } else {
            "#".to_string()
        };
    }
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let path = path.split('?').next().unwrap_or_default();
    let target = normalise(&record_dir.join(crate::collection::percent_decode(path)));
    if let Some(&(p, i)) = site.by_path.get(&target) {
        let page = site.out.join(&site.parts[p].pages[i]);
        return href(&relative(page_dir, &page));
    }
    format!("{}{}", href(&relative(page_dir, &target)), fragment)
}
