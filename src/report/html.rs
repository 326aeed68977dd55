//! The report as one self-contained HTML file: inline CSS, charts as inline SVG, no
//! scripts, no web font (system sans-serif), no `http:`/`https:`/`//` reference and no
//! external file. Prints on A4 or Letter (the printer's paper: `@page` sets margins only,
//! widths are relative), one section per page, figures and table rows kept whole.

use super::doc::{Block, Cell, Document};
use super::text::{escape, formatted_html};

/// The stylesheet every report and data-walk pack shares.
pub const BASE_CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 11pt; }
body { font-family: "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  color: #1b1b1b; background: #fff; line-height: 1.45; margin: 0 auto; max-width: 60rem;
  padding: 2rem 1.5rem; }
h1, h2, h3 { line-height: 1.2; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 2.2rem; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; margin: 0 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid #1f5f8b; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; color: #1f5f8b; }
p { margin: 0 0 .6rem; }
ul { margin: 0 0 .6rem; padding-left: 1.4rem; }
.quiet { color: #5b5b5b; font-style: italic; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: #1f5f8b; font-weight: bold; }
section { margin: 0 0 2.5rem; }
.cover { margin-bottom: 2.5rem; }
.cover .result { font-size: 1.35rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 1rem 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 0 0 1rem; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid #d0d0d0; }
th { border-bottom: 2px solid #1b1b1b; }
td.num, th.num { text-align: right; }
td.spark { width: 7rem; }
td.spark svg { width: 6.5rem; height: auto; display: block; }
tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 0 0 1rem; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: .85rem; color: #404040; margin-top: .3rem; }
footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #d0d0d0; font-size: .85rem; color: #5b5b5b; }
@page { margin: 16mm 14mm 18mm; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  section { break-before: page; page-break-before: always; margin: 0; }
  .cover { min-height: 0; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// An SVG from the chart code, ready to sit inside HTML: no XML declaration, no
/// namespace attributes (HTML knows SVG), no comments or doctype.
pub fn inline_svg(svg: &str) -> String {
    let mut s = svg.trim();
    while s.starts_with("<?") || s.starts_with("<!") {
        match s.find('>') {
            Some(end) => s = s[end + 1..].trim_start(),
            None => break,
        }
    }
    let mut out = s.to_string();
    for attr in [
        " xmlns=\"http://www.w3.org/2000/svg\"",
        " xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
    ] {
        out = out.replace(attr, "");
    }
    out
}

fn block_html(block: &Block) -> String {
    match block {
        Block::Heading(h) => format!("<h3>{}</h3>\n", escape(h)),
        Block::Formatted(text) => formatted_html(text),
        Block::Plain { text, quiet } => {
            let class = if *quiet { " class=\"quiet\"" } else { "" };
            format!("<p{class}>{}</p>\n", escape(text))
        }
        Block::Facts(facts) => {
            let mut out = String::from("<dl>\n");
            for (k, v) in facts {
                out += &format!("<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v));
            }
            out + "</dl>\n"
        }
        Block::List(items) => {
            let mut out = String::from("<ul>\n");
            for item in items {
                out += &format!("<li>{}</li>\n", escape(item));
            }
            out + "</ul>\n"
        }
        Block::Table {
            headers,
            numeric,
            rows,
        } => {
            let class = |i: usize| {
                if numeric.get(i).copied().unwrap_or(false) {
                    " class=\"num\""
                } else {
                    ""
                }
            };
            let mut out = String::from("<table>\n<thead><tr>");
            for (i, h) in headers.iter().enumerate() {
                out += &format!("<th scope=\"col\"{}>{}</th>", class(i), escape(h));
            }
            out += "</tr></thead>\n<tbody>\n";
            for row in rows {
                out += "<tr>";
                for (i, cell) in row.iter().enumerate() {
                    match cell {
                        Cell::Text(t) => out += &format!("<td{}>{}</td>", class(i), escape(t)),
                        Cell::Svg(svg) => {
                            out += &format!("<td class=\"spark\">{}</td>", inline_svg(svg))
                        }
                    }
                }
                out += "</tr>\n";
            }
            out + "</tbody>\n</table>\n"
        }
        Block::Chart { svg, caption } if caption.trim().is_empty() => {
            format!("<figure>\n{}\n</figure>\n", inline_svg(svg))
        }
        Block::Chart { svg, caption } => format!(
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            inline_svg(svg),
            escape(caption)
        ),
    }
}

/// A whole HTML page around `body` (already HTML), with the base and `extra_css`.
pub fn page(title: &str, extra_css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{BASE_CSS}{extra_css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// Writes the document.
pub fn write(doc: &Document) -> String {
    let mut body = String::from("<header class=\"cover\">\n");
    body += &format!(
        "<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n",
        escape(&doc.cover_kicker),
        escape(&doc.cover_title)
    );
    for block in &doc.cover {
        match block {
            Block::Formatted(text) => {
                body += &format!("<div class=\"result\">{}</div>\n", formatted_html(text))
            }
            other => body += &block_html(other),
        }
    }
    body += "</header>\n";
    for section in &doc.sections {
        body += &format!("<section>\n<h2>{}</h2>\n", escape(&section.title));
        for block in &section.blocks {
            body += &block_html(block);
        }
        body += "</section>\n";
    }
    body += &format!("<footer>{}</footer>\n", escape(&doc.footer));
    page(&doc.title, "", &body)
}
