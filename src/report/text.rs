//! User text for the report: HTML escaping and the light formatting the app renders
//! (paragraphs split by blank lines, `- ` bullets, `**bold**`), parsed into blocks of spans
//! so neither the HTML nor the PDF ever treats user text as markup.

/// Escapes `text` for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line breaks are dropped.
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text, bold or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// A paragraph or a bulleted list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Para {
    Text(Vec<Span>),
    Bullets(Vec<Vec<Span>>),
}

/// `**bold**` runs of one line (an unmatched `**` stays as typed).
pub fn spans(line: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        match after.find("**") {
            Some(end) if end > 0 => {
                if start > 0 {
                    out.push(Span {
                        text: rest[..start].to_string(),
                        bold: false,
                    });
                }
                out.push(Span {
                    text: after[..end].to_string(),
                    bold: true,
                });
                rest = &after[end + 2..];
            }
            _ => break,
        }
    }
    if !rest.is_empty() {
        out.push(Span {
            text: rest.to_string(),
            bold: false,
        });
    }
    out
}

/// The paragraphs and bullet lists of `text`: blank lines end a paragraph, lines starting
/// with `- ` (after spaces) are bullets, other lines of a paragraph are joined by a space.
pub fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut bullets: Vec<Vec<Span>> = Vec::new();
    let flush_text = |lines: &mut Vec<&str>, out: &mut Vec<Para>| {
        if !lines.is_empty() {
            out.push(Para::Text(spans(&lines.join(" "))));
            lines.clear();
        }
    };
    let flush_bullets = |bullets: &mut Vec<Vec<Span>>, out: &mut Vec<Para>| {
        if !bullets.is_empty() {
            out.push(Para::Bullets(std::mem::take(bullets)));
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush_text(&mut lines, &mut out);
            flush_bullets(&mut bullets, &mut out);
        } else if let Some(item) = line.strip_prefix("- ") {
            flush_text(&mut lines, &mut out);
            bullets.push(spans(item.trim()));
        } else {
            flush_bullets(&mut bullets, &mut out);
            lines.push(line);
        }
    }
    flush_text(&mut lines, &mut out);
    flush_bullets(&mut bullets, &mut out);
    out
}

/// `text` as HTML elements: `<p>`, `<ul><li>`, `<strong>`; everything else escaped.
pub fn formatted_html(text: &str) -> String {
    let spans_html = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|s| {
                if s.bold {
                    format!("<strong>{}</strong>", escape(&s.text))
                } else {
                    escape(&s.text)
                }
            })
            .collect()
    };
    let mut out = String::new();
    for p in paragraphs(text) {
        match p {
            Para::Text(s) => out += &format!("<p>{}</p>\n", spans_html(&s)),
            Para::Bullets(items) => {
                out += "<ul>\n";
                for item in items {
                    out += &format!("<li>{}</li>\n", spans_html(&item));
                }
                out += "</ul>\n";
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(\"x\") & 'y'</script>"),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn formats_paragraphs_bullets_and_bold_as_elements() {
        let html = formatted_html("One **two** <b>\nthree\n\n- a\n- **b**\nafter");
        assert_eq!(
            html,
            "<p>One <strong>two</strong> &lt;b&gt; three</p>\n<ul>\n<li>a</li>\n\
             <li><strong>b</strong></li>\n</ul>\n<p>after</p>\n"
        );
        assert_eq!(formatted_html("a ** b"), "<p>a ** b</p>\n");
    }
}
