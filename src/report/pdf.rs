//! The report as a PDF, made here: pages laid out from the [`Document`], text set in the
//! embedded DejaVu Sans (regular and bold, subset TrueType CID fonts with a
//! ToUnicode map, so the text can be searched and copied), charts converted from their SVG
//! (parsed by usvg, the same parser the PNG export uses) into vector paths. A4 or Letter,
//! a footer with the date made and page numbers on every page. No webview, no network.
//!
//! pdf-writer only writes PDF objects (no dependencies of its own beyond tiny ones), and
//! miniz_oxide (already compiled for the PNG encoder) compresses the streams; subsetter
//! keeps only the glyphs used in the embedded fonts.

use super::doc::{Block, Cell, Document};
use super::text::{paragraphs, Para, Span};
use super::Paper;
use crate::chart::font;
use crate::error::{Error, Result};
use pdf_writer::types::{CidFontType, FontFlags, LineCapStyle, LineJoinStyle, SystemInfo};
use pdf_writer::writers::ExtGraphicsState;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use resvg::usvg::{self, fontdb};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

const MARGIN_X: f32 = 50.0;
const MARGIN_TOP: f32 = 56.0;
const MARGIN_BOTTOM: f32 = 64.0;
const BODY: f32 = 10.0;
const INK: [f32; 3] = [0.106, 0.106, 0.106];
const ACCENT: [f32; 3] = [0.122, 0.373, 0.545];
const QUIET: [f32; 3] = [0.36, 0.36, 0.36];

/// One of the two embedded faces.
struct Face {
    data: &'static [u8],
    face: ttf_parser::Face<'static>,
    upem: f32,
}

fn faces() -> Result<&'static [Face; 2]> {
    static FACES: OnceLock<Option<[Face; 2]>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let load = |data: &'static [u8]| {
                ttf_parser::Face::parse(data, 0).ok().map(|face| Face {
                    data,
                    upem: f32::from(face.units_per_em()),
                    face,
                })
            };
            Some([load(font::REGULAR)?, load(font::BOLD)?])
        })
        .as_ref()
        .ok_or_else(|| Error::Internal("the embedded font does not parse".into()))
}

impl Face {
    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map(|g| g.0).unwrap_or(0)
    }

    fn advance(&self, gid: u16) -> f32 {
        f32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
        ) / self.upem
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
    }
}

/// What is drawn on a page, in top-down coordinates (points from the top-left corner).
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: [f32; 3],
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        color: [f32; 3],
    },
    Svg {
        tree: usize,
        x: f32,
        y: f32,
        scale: f32,
    },
}

fn svg_options() -> usvg::Options<'static> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    let db = DB
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for bytes in [font::REGULAR, font::BOLD] {
                db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
            }
            db.set_sans_serif_family(font::FAMILY_NAME);
            db.set_serif_family(font::FAMILY_NAME);
            Arc::new(db)
        })
        .clone();
    usvg::Options {
        fontdb: db,
        font_family: font::FAMILY_NAME.to_string(),
        ..usvg::Options::default()
    }
}

/// A laid-out table cell: its wrapped lines, or a drawn SVG (tree, scale).
type TableCell = std::result::Result<Vec<Vec<Span>>, (usize, f32)>;

/// Lays out pages.
struct Layout {
    faces: &'static [Face; 2],
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
    trees: Vec<usvg::Tree>,
}

impl Layout {
    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN_TOP + 0.5 {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn face(&self, bold: bool) -> &'static Face {
        &self.faces[usize::from(bold)]
    }

    /// Breaks runs into lines no wider than `width`: each line a list of runs.
    fn wrap(&self, spans: &[Span], size: f32, width: f32) -> Vec<Vec<Span>> {
        let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
        let mut line_w = 0.0;
        for span in spans {
            let face = self.face(span.bold);
            for word in split_keep_spaces(&span.text) {
                let w = face.width(&word, size);
                let blank = word.trim().is_empty();
                if line_w + w > width && line_w > 0.0 && !blank {
                    lines.push(Vec::new());
                    line_w = 0.0;
                }
                if blank && line_w == 0.0 {
                    continue;
                }
                // A word wider than the line is cut into pieces that fit.
                let mut word = word;
                while face.width(&word, size) > width && word.chars().count() > 1 {
                    let mut cut = String::new();
                    for c in word.chars() {
                        if face.width(&format!("{cut}{c}"), size) > width && !cut.is_empty() {
                            break;
                        }
                        cut.push(c);
                    }
                    word = word[cut.len()..].to_string();
                    append(lines.last_mut(), &cut, span.bold);
                    lines.push(Vec::new());
                }
                line_w += face.width(&word, size);
                append(lines.last_mut(), &word, span.bold);
            }
        }
        lines
    }

    /// Writes wrapped runs at `x`, `width` wide; returns nothing, moves the cursor.
    fn runs(&mut self, spans: &[Span], x: f32, width: f32, size: f32, color: [f32; 3]) {
        let leading = size * 1.4;
        for line in self.wrap(spans, size, width) {
            self.ensure(leading);
            let mut cx = x;
            let baseline = self.y + size;
            for run in line {
                let text = run.text.trim_end().to_string();
                let w = self.face(run.bold).width(&run.text, size);
                self.push(Op::Text {
                    x: cx,
                    y: baseline,
                    size,
                    bold: run.bold,
                    color,
                    text,
                });
                cx += w;
            }
            self.y += leading;
        }
    }

    fn plain(&mut self, text: &str, size: f32, bold: bool, color: [f32; 3]) {
        let spans = [Span {
            text: text.to_string(),
            bold,
        }];
        let w = self.content_width();
        self.runs(&spans, MARGIN_X, w, size, color);
    }

    fn heading(&mut self, text: &str) {
        self.ensure(BODY * 6.0);
        self.y += BODY * 0.6;
        self.plain(text, 12.0, true, ACCENT);
        self.y += 2.0;
    }

    fn formatted(&mut self, text: &str) {
        let w = self.content_width();
        for p in paragraphs(text) {
            match p {
                Para::Text(spans) => self.runs(&spans, MARGIN_X, w, BODY, INK),
                Para::Bullets(items) => {
                    for item in items {
                        self.bullet(&item);
                    }
                }
            }
            self.y += BODY * 0.5;
        }
    }

    fn bullet(&mut self, spans: &[Span]) {
        self.ensure(BODY * 1.4);
        let y = self.y + BODY;
        self.push(Op::Text {
            x: MARGIN_X + 4.0,
            y,
            size: BODY,
            bold: false,
            color: INK,
            text: "•".into(),
        });
        let w = self.content_width() - 16.0;
        self.runs(spans, MARGIN_X + 16.0, w, BODY, INK);
    }

    fn parse_svg(&mut self, svg: &str) -> Result<usize> {
        let tree = usvg::Tree::from_str(svg, &svg_options())
            .map_err(|e| Error::Internal(format!("a chart's SVG does not parse: {e}")))?;
        self.trees.push(tree);
        Ok(self.trees.len() - 1)
    }

    fn chart(&mut self, svg: &str, caption: &str) -> Result<()> {
        let index = self.parse_svg(svg)?;
        let size = self.trees[index].size();
        let width = self.content_width();
        let scale = width / size.width();
        let height = size.height() * scale;
        self.ensure(height + 30.0);
        let y = self.y;
        self.push(Op::Svg {
            tree: index,
            x: MARGIN_X,
            y,
            scale,
        });
        self.y += height + 4.0;
        if !caption.trim().is_empty() {
            let spans = [plain_span(caption)];
            self.runs(&spans, MARGIN_X, width, 8.5, QUIET);
        }
        self.y += 6.0;
        Ok(())
    }

    fn table(&mut self, headers: &[String], numeric: &[bool], rows: &[Vec<Cell>]) -> Result<()> {
        let size = 8.5;
        let pad = 3.0;
        let total = self.content_width();
        let n = headers.len();
        // Each column gets at least its widest word (no word is cut), then the rest of the
        // line in proportion to how much more its text would like (capped).
        let mut least = vec![0.0f32; n];
        let mut natural = vec![0.0f32; n];
        let words = |face: &Face, t: &str| {
            t.split_whitespace()
                .map(|w| face.width(w, size))
                .fold(0.0f32, f32::max)
        };
        for (i, h) in headers.iter().enumerate() {
            least[i] = words(self.face(true), h);
            natural[i] = self.face(true).width(h, size);
        }
        for row in rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                let (l, w) = match cell {
                    Cell::Text(t) => (
                        words(self.face(false), t).min(120.0),
                        self.face(false).width(t, size).min(220.0),
                    ),
                    Cell::Svg(_) => (60.0, 70.0),
                };
                least[i] = least[i].max(l);
                natural[i] = natural[i].max(w);
            }
        }
        let least: Vec<f32> = least.iter().map(|w| w + 2.0 * pad).collect();
        let natural: Vec<f32> = natural
            .iter()
            .zip(&least)
            .map(|(w, l)| (w + 2.0 * pad).max(*l))
            .collect();
        let least_sum: f32 = least.iter().sum();
        let natural_sum: f32 = natural.iter().sum();
        let widths: Vec<f32> = if natural_sum <= total {
            natural.iter().map(|w| w * total / natural_sum).collect()
        } else if least_sum < total && natural_sum > least_sum {
            let share = (total - least_sum) / (natural_sum - least_sum);
            least
                .iter()
                .zip(&natural)
                .map(|(l, w)| l + (w - l) * share)
                .collect()
        } else {
            least.iter().map(|w| w * total / least_sum).collect()
        };
        let header_spans: Vec<Vec<Vec<Span>>> = headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| self.wrap(&[bold_span(h)], size, w - 2.0 * pad))
            .collect();
        let draw_header = |me: &mut Layout| {
            let lines = header_spans.iter().map(Vec::len).max().unwrap_or(1) as f32;
            let h = lines * size * 1.3 + 2.0 * pad;
            me.ensure(h + 40.0);
            let mut x = MARGIN_X;
            for (i, lines) in header_spans.iter().enumerate() {
                me.cell_lines(lines, x, widths[i], size, numeric.get(i) == Some(&true));
                x += widths[i];
            }
            me.y += h;
            me.push(Op::Rule {
                x1: MARGIN_X,
                x2: MARGIN_X + total,
                y: me.y,
                width: 1.0,
                color: INK,
            });
        };
        draw_header(self);
        for row in rows {
            // Each cell: its wrapped lines, or a drawn SVG (tree, scale).
            let mut cells: Vec<TableCell> = Vec::new();
            let mut h: f32 = size * 1.3;
            for (i, cell) in row.iter().enumerate().take(n) {
                match cell {
                    Cell::Text(t) => {
                        let lines = self.wrap(&[plain_span(t)], size, widths[i] - 2.0 * pad);
                        h = h.max(lines.len() as f32 * size * 1.3);
                        cells.push(Ok(lines));
                    }
                    Cell::Svg(svg) => {
                        let index = self.parse_svg(svg)?;
                        let s = self.trees[index].size();
                        let scale = (widths[i] - 2.0 * pad).min(70.0) / s.width();
                        h = h.max(s.height() * scale);
                        cells.push(Err((index, scale)));
                    }
                }
            }
            let h = h + 2.0 * pad;
            if self.y + h > self.bottom() {
                self.new_page();
                draw_header(self);
            }
            let mut x = MARGIN_X;
            for (i, cell) in cells.iter().enumerate() {
                match cell {
                    Ok(lines) => {
                        self.cell_lines(lines, x, widths[i], size, numeric.get(i) == Some(&true))
                    }
                    Err((tree, scale)) => {
                        let y = self.y + pad;
                        self.push(Op::Svg {
                            tree: *tree,
                            x: x + pad,
                            y,
                            scale: *scale,
                        });
                    }
                }
                x += widths[i];
            }
            self.y += h;
            self.push(Op::Rule {
                x1: MARGIN_X,
                x2: MARGIN_X + total,
                y: self.y,
                width: 0.4,
                color: [0.8, 0.8, 0.8],
            });
        }
        self.y += 10.0;
        Ok(())
    }

    /// Writes the wrapped lines of one cell at the cursor's row (the cursor stays).
    fn cell_lines(&mut self, lines: &[Vec<Span>], x: f32, width: f32, size: f32, right: bool) {
        let pad = 3.0;
        for (n, line) in lines.iter().enumerate() {
            let line_w: f32 = line
                .iter()
                .map(|r| self.face(r.bold).width(r.text.trim_end(), size))
                .sum();
            let mut cx = if right {
                x + width - pad - line_w
            } else {
                x + pad
            };
            let y = self.y + pad + size + n as f32 * size * 1.3;
            for run in line {
                let w = self.face(run.bold).width(&run.text, size);
                self.push(Op::Text {
                    x: cx,
                    y,
                    size,
                    bold: run.bold,
                    color: INK,
                    text: run.text.trim_end().to_string(),
                });
                cx += w;
            }
        }
    }

    fn block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Formatted(text) => self.formatted(text),
            Block::Plain { text, quiet } => {
                self.plain(text, BODY, false, if *quiet { QUIET } else { INK });
                self.y += BODY * 0.5;
            }
            Block::Facts(facts) => {
                for (k, v) in facts {
                    let spans = [bold_span(&format!("{k}: ")), plain_span(v)];
                    let w = self.content_width();
                    self.runs(&spans, MARGIN_X, w, BODY, INK);
                }
                self.y += BODY * 0.5;
            }
            Block::List(items) => {
                for item in items {
                    self.bullet(&[plain_span(item)]);
                }
                self.y += BODY * 0.5;
            }
            Block::Table {
                headers,
                numeric,
                rows,
            } => self.table(headers, numeric, rows)?,
            Block::Chart { svg, caption } => self.chart(svg, caption)?,
        }
        Ok(())
    }
}

fn plain_span(text: &str) -> Span {
    Span {
        text: text.to_string(),
        bold: false,
    }
}

fn bold_span(text: &str) -> Span {
    Span {
        text: text.to_string(),
        bold: true,
    }
}

fn append(line: Option<&mut Vec<Span>>, text: &str, bold: bool) {
    if let Some(line) = line {
        match line.last_mut() {
            Some(last) if last.bold == bold => last.text.push_str(text),
            _ => line.push(Span {
                text: text.to_string(),
                bold,
            }),
        }
    }
}

/// Words with the spaces after them ("a b " → "a ", "b ").
fn split_keep_spaces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_space = false;
    for c in text.chars() {
        let space = c.is_whitespace();
        if !space && in_space {
            out.push(std::mem::take(&mut word));
        }
        in_space = space;
        word.push(if space { ' ' } else { c });
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Lays out `doc` on pages of `paper`.
fn lay_out(doc: &Document, paper: Paper) -> Result<Layout> {
    let (width, height) = paper.points();
    let mut l = Layout {
        faces: faces()?,
        width,
        height,
        pages: Vec::new(),
        y: MARGIN_TOP,
        trees: Vec::new(),
    };
    l.new_page();
    l.y = height * 0.18;
    l.plain(&doc.cover_kicker.to_uppercase(), 11.0, true, ACCENT);
    l.y += 4.0;
    l.plain(&doc.cover_title, 26.0, true, INK);
    l.y += 12.0;
    for block in &doc.cover {
        match block {
            Block::Formatted(text) => {
                for p in paragraphs(text) {
                    let spans = match p {
                        Para::Text(s) => s,
                        Para::Bullets(items) => items.concat(),
                    };
                    let w = l.content_width();
                    l.runs(&spans, MARGIN_X, w, 14.0, INK);
                    l.y += 6.0;
                }
            }
            other => l.block(other)?,
        }
    }
    for section in &doc.sections {
        l.new_page();
        l.plain(&section.title, 18.0, true, INK);
        l.push(Op::Rule {
            x1: MARGIN_X,
            x2: width - MARGIN_X,
            y: l.y,
            width: 1.5,
            color: ACCENT,
        });
        l.y += 10.0;
        for block in &section.blocks {
            l.block(block)?;
        }
    }
    Ok(l)
}

/// The glyphs used per face: the font's glyph ids are renumbered from 0 in the order first
/// used (the embedded subset holds only those), each with its character and original id,
/// for the widths and the ToUnicode maps.
#[derive(Default)]
struct Used {
    remappers: [subsetter::GlyphRemapper; 2],
    glyphs: [BTreeMap<u16, (char, u16)>; 2],
}

fn encode(face: &Face, which: usize, text: &str, used: &mut Used) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.chars() {
        let old = face.glyph(c);
        let new = used.remappers[which].remap(old);
        used.glyphs[which].entry(new).or_insert((c, old));
        out.extend_from_slice(&new.to_be_bytes());
    }
    out
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Alpha graphics states used by charts, by thousandths of opacity.
#[derive(Default)]
struct Alphas(BTreeSet<(u16, u16)>);

impl Alphas {
    fn name(fill: u16, stroke: u16) -> String {
        format!("A{fill}_{stroke}")
    }
}

fn color(c: &usvg::Paint) -> [f32; 3] {
    match c {
        usvg::Paint::Color(c) => [
            f32::from(c.red) / 255.0,
            f32::from(c.green) / 255.0,
            f32::from(c.blue) / 255.0,
        ],
        _ => [0.5, 0.5, 0.5],
    }
}

fn path_ops(content: &mut Content, data: &usvg::tiny_skia_path::Path) {
    use usvg::tiny_skia_path::PathSegment;
    let mut last = (0.0f32, 0.0f32);
    for seg in data.segments() {
        match seg {
            PathSegment::MoveTo(p) => {
                content.move_to(p.x, p.y);
                last = (p.x, p.y);
            }
            PathSegment::LineTo(p) => {
                content.line_to(p.x, p.y);
                last = (p.x, p.y);
            }
            PathSegment::QuadTo(c, p) => {
                let c1 = (
                    last.0 + 2.0 / 3.0 * (c.x - last.0),
                    last.1 + 2.0 / 3.0 * (c.y - last.1),
                );
                let c2 = (p.x + 2.0 / 3.0 * (c.x - p.x), p.y + 2.0 / 3.0 * (c.y - p.y));
                content.cubic_to(c1.0, c1.1, c2.0, c2.1, p.x, p.y);
                last = (p.x, p.y);
            }
            PathSegment::CubicTo(c1, c2, p) => {
                content.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y);
                last = (p.x, p.y);
            }
            PathSegment::Close => {
                content.close_path();
            }
        }
    }
}

fn matrix(t: usvg::Transform) -> [f32; 6] {
    [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty]
}

fn thousandths(v: f32) -> u16 {
    (v.clamp(0.0, 1.0) * 1000.0).round() as u16
}

/// Draws a usvg group (in its own coordinates) into `content`.
fn draw_group(content: &mut Content, group: &usvg::Group, alphas: &mut Alphas, inherited: f32) {
    content.save_state();
    content.transform(matrix(group.transform()));
    if let Some(clip) = group.clip_path() {
        let mut any = false;
        for node in clip.root().children() {
            if let usvg::Node::Path(p) = node {
                if let Some(data) = p.data().clone().transform(clip.transform()) {
                    path_ops(content, &data);
                    any = true;
                }
            }
        }
        if any {
            content.clip_nonzero();
            content.end_path();
        }
    }
    let opacity = inherited * group.opacity().get();
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => draw_group(content, g, alphas, opacity),
            usvg::Node::Path(p) => draw_path(content, p, alphas, opacity),
            usvg::Node::Text(t) => draw_group(content, t.flattened(), alphas, opacity),
            usvg::Node::Image(_) => {}
        }
    }
    content.restore_state();
}

fn draw_path(content: &mut Content, p: &usvg::Path, alphas: &mut Alphas, opacity: f32) {
    if !p.is_visible() || (p.fill().is_none() && p.stroke().is_none()) {
        return;
    }
    let fill_alpha = p.fill().map_or(1.0, |f| f.opacity().get()) * opacity;
    let stroke_alpha = p.stroke().map_or(1.0, |s| s.opacity().get()) * opacity;
    content.save_state();
    let key = (thousandths(fill_alpha), thousandths(stroke_alpha));
    if key != (1000, 1000) {
        alphas.0.insert(key);
        let name = Alphas::name(key.0, key.1);
        content.set_parameters(Name(name.as_bytes()));
    }
    if let Some(fill) = p.fill() {
        let [r, g, b] = color(fill.paint());
        content.set_fill_rgb(r, g, b);
    }
    if let Some(stroke) = p.stroke() {
        let [r, g, b] = color(stroke.paint());
        content.set_stroke_rgb(r, g, b);
        content.set_line_width(stroke.width().get());
        content.set_line_cap(match stroke.linecap() {
            usvg::LineCap::Butt => LineCapStyle::ButtCap,
            usvg::LineCap::Round => LineCapStyle::RoundCap,
            usvg::LineCap::Square => LineCapStyle::ProjectingSquareCap,
        });
        content.set_line_join(match stroke.linejoin() {
            usvg::LineJoin::Round => LineJoinStyle::RoundJoin,
            usvg::LineJoin::Bevel => LineJoinStyle::BevelJoin,
            _ => LineJoinStyle::MiterJoin,
        });
        if let Some(dashes) = stroke.dasharray() {
            content.set_dash_pattern(dashes.iter().copied(), stroke.dashoffset());
        }
    }
    path_ops(content, p.data());
    let even_odd = p
        .fill()
        .is_some_and(|f| f.rule() == usvg::FillRule::EvenOdd);
    match (p.fill().is_some(), p.stroke().is_some(), even_odd) {
        (true, true, false) => content.fill_nonzero_and_stroke(),
        (true, true, true) => content.fill_even_odd_and_stroke(),
        (true, false, false) => content.fill_nonzero(),
        (true, false, true) => content.fill_even_odd(),
        _ => content.stroke(),
    };
    content.restore_state();
}

/// Writes `doc` as a PDF on `paper`.
pub fn write(doc: &Document, paper: Paper) -> Result<Vec<u8>> {
    let layout = lay_out(doc, paper)?;
    let faces = layout.faces;
    let (width, height) = (layout.width, layout.height);
    let total = layout.pages.len();
    let mut used = Used::default();
    let mut alphas = Alphas::default();
    let mut streams = Vec::new();
    for (n, page) in layout.pages.iter().enumerate() {
        let mut c = Content::new();
        let text = |c: &mut Content,
                    used: &mut Used,
                    x: f32,
                    y: f32,
                    size: f32,
                    bold: bool,
                    rgb: [f32; 3],
                    s: &str| {
            let which = usize::from(bold);
            let bytes = encode(&faces[which], which, s, used);
            c.set_fill_rgb(rgb[0], rgb[1], rgb[2]);
            c.begin_text();
            c.set_font(Name(if bold { b"F2" } else { b"F1" }), size);
            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, height - y]);
            c.show(Str(&bytes));
            c.end_text();
        };
        for op in page {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold,
                    color,
                    text: s,
                } => text(&mut c, &mut used, *x, *y, *size, *bold, *color, s),
                Op::Rule {
                    x1,
                    x2,
                    y,
                    width: w,
                    color,
                } => {
                    c.set_stroke_rgb(color[0], color[1], color[2]);
                    c.set_line_width(*w);
                    c.move_to(*x1, height - y);
                    c.line_to(*x2, height - y);
                    c.stroke();
                }
                Op::Svg { tree, x, y, scale } => {
                    c.save_state();
                    c.transform([*scale, 0.0, 0.0, -*scale, *x, height - y]);
                    draw_group(&mut c, layout.trees[*tree].root(), &mut alphas, 1.0);
                    c.restore_state();
                }
            }
        }
        // The footer.
        let y = height - MARGIN_BOTTOM + 30.0;
        text(
            &mut c,
            &mut used,
            MARGIN_X,
            y,
            8.0,
            false,
            QUIET,
            &doc.footer,
        );
        let number = format!("Page {} of {total}", n + 1);
        let w = faces[0].width(&number, 8.0);
        text(
            &mut c,
            &mut used,
            width - MARGIN_X - w,
            y,
            8.0,
            false,
            QUIET,
            &number,
        );
        streams.push(c.finish().into_vec());
    }

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let font_refs: Vec<[Ref; 5]> = (0..2)
        .map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()])
        .collect();
    let alpha_refs: Vec<((u16, u16), Ref)> = alphas.0.iter().map(|k| (*k, alloc())).collect();
    let page_refs: Vec<(Ref, Ref)> = streams.iter().map(|_| (alloc(), alloc())).collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(page_refs.len() as i32);
    pdf.document_info(info)
        .title(pdf_writer::TextStr(&doc.title))
        .producer(pdf_writer::TextStr("Backbone, offline"));
    for ((page, content_ref), data) in page_refs.iter().zip(&streams) {
        let mut p = pdf.page(*page);
        p.media_box(Rect::new(0.0, 0.0, width, height));
        p.parent(tree);
        p.contents(*content_ref);
        let mut res = p.resources();
        res.fonts()
            .pair(Name(b"F1"), font_refs[0][0])
            .pair(Name(b"F2"), font_refs[1][0]);
        {
            let mut states = res.ext_g_states();
            for ((f, s), r) in &alpha_refs {
                let name = Alphas::name(*f, *s);
                states.pair(Name(name.as_bytes()), *r);
            }
        }
        res.finish();
        p.finish();
        pdf.stream(*content_ref, &compress(data))
            .filter(Filter::FlateDecode);
    }
    for ((f, s), r) in &alpha_refs {
        let mut g: ExtGraphicsState = pdf.ext_graphics(*r);
        g.non_stroking_alpha(f32::from(*f) / 1000.0)
            .stroking_alpha(f32::from(*s) / 1000.0);
    }
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    for (i, face) in faces.iter().enumerate() {
        let [type0, cid, descriptor, file, cmap] = font_refs[i];
        let name = if i == 0 {
            Name(b"BKBNAA+DejaVuSans")
        } else {
            Name(b"BKBNAB+DejaVuSans-Bold")
        };
        pdf.type0_font(type0)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        let mut c = pdf.cid_font(cid);
        c.subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(system)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        {
            let mut w = c.widths();
            for (&new, &(_, old)) in &used.glyphs[i] {
                w.consecutive(new, [face.advance(old) * 1000.0]);
            }
        }
        c.finish();
        let bbox = face.face.global_bounding_box();
        let k = 1000.0 / face.upem;
        pdf.font_descriptor(descriptor)
            .name(name)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * k,
                f32::from(bbox.y_min) * k,
                f32::from(bbox.x_max) * k,
                f32::from(bbox.y_max) * k,
            ))
            .italic_angle(0.0)
            .ascent(f32::from(face.face.ascender()) * k)
            .descent(f32::from(face.face.descender()) * k)
            .cap_height(f32::from(face.face.capital_height().unwrap_or(1493)) * k)
            .stem_v(if i == 0 { 80.0 } else { 140.0 })
            .font_file2(file);
        let subset = subsetter::subset(face.data, 0, &used.remappers[i])
            .map_err(|e| Error::Internal(format!("the font cannot be subset: {e}")))?;
        pdf.stream(file, &compress(&subset))
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        let mut map = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system);
        for (&new, &(ch, _)) in &used.glyphs[i] {
            map.pair(new, ch);
        }
        let map = map.finish();
        pdf.cmap(cmap, map.as_slice()).system_info(system);
    }
    Ok(pdf.finish())
}
