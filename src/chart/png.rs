//! SVG to PNG with resvg, using the embedded font and nothing from the system.
//!
//! resvg resolves `sans-serif` to Arial by default; with no Arial (and no system fonts
//! loaded) it silently drops every text. So the font database holds exactly the embedded
//! DejaVu Sans (regular and bold), set as the sans-serif and serif families and as the
//! default family.

use super::font;
use crate::error::{Error, Result};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// The largest scale a PNG may be drawn at.
pub const MAX_SCALE: f32 = 4.0;

/// The font database: the embedded fonts only, built once.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for bytes in [font::REGULAR, font::BOLD] {
            db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
        }
        db.set_sans_serif_family(font::FAMILY_NAME);
        db.set_serif_family(font::FAMILY_NAME);
        Arc::new(db)
    })
    .clone()
}

/// Draws `svg` at `scale` (1 = one PNG pixel per SVG pixel; 0.1 to [`MAX_SCALE`]).
pub fn render_pixmap(svg: &str, scale: f32) -> Result<Pixmap> {
    if !(scale.is_finite() && (0.1..=MAX_SCALE).contains(&scale)) {
        return Err(Error::invalid(
            "scale",
            format!("The scale must be between 0.1 and {MAX_SCALE}, not {scale}"),
        ));
    }
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: font::FAMILY_NAME.to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| Error::Internal(format!("the chart's SVG does not parse: {e}")))?;
    let size =
        tree.size().to_int_size().scale_by(scale).ok_or_else(|| {
            Error::Internal(format!("the chart cannot be drawn at scale {scale}"))
        })?;
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        Error::Internal(format!(
            "no room for a {}×{} image",
            size.width(),
            size.height()
        ))
    })?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// `svg` as PNG bytes at `scale`.
pub fn to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    encode(&render_pixmap(svg, scale)?)
}

/// A pixmap as PNG bytes: 8-bit RGB when every pixel is opaque (a chart on white), else
/// RGBA; zlib level 1 with adaptive filters. At 3200×1800 that is about 25 ms for 300 KB,
/// where tiny-skia's `encode_png` (level 6, always RGBA) takes 140 ms for 200 KB.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>> {
    let failed = |e: png::EncodingError| Error::Internal(format!("PNG encoding failed: {e}"));
    let opaque = pixmap.data().chunks_exact(4).all(|p| p[3] == 255);
    let bytes: Vec<u8> = if opaque {
        // Opaque premultiplied pixels are their own colours.
        pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    } else {
        let demultiplied = pixmap.pixels().iter().map(|p| p.demultiply());
        demultiplied
            .flat_map(|c| [c.red(), c.green(), c.blue(), c.alpha()])
            .collect()
    };
    let mut out = Vec::with_capacity(bytes.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&bytes).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dark pixels (every channel below 100, mostly opaque) in a rectangle.
    fn dark(p: &Pixmap, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
        let mut n = 0;
        for y in y0..y1.min(p.height()) {
            for x in x0..x1.min(p.width()) {
                let c = p.pixel(x, y).unwrap().demultiply();
                if c.alpha() > 128 && c.red() < 100 && c.green() < 100 && c.blue() < 100 {
                    n += 1;
                }
            }
        }
        n
    }

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">
            <text x="4" y="30" font-family="sans-serif" font-size="24">Hello</text></svg>"#;
        let p = render_pixmap(svg, 1.0).unwrap();
        assert!(dark(&p, 0, 0, 200, 40) > 50, "resvg drew the text");
        let p2 = render_pixmap(svg, 2.0).unwrap();
        assert_eq!((p2.width(), p2.height()), (400, 80));
        assert!(render_pixmap(svg, 9.0).is_err());
        // The encoded PNG decodes to the same pixels.
        let back = Pixmap::decode_png(&encode(&p).unwrap()).unwrap();
        assert_eq!(back.data(), p.data());
    }

    #[test]
    fn measured_widths_match_the_drawn_text() {
        // The width the chart code measures is the width resvg draws, so labels placed by
        // measurement do not overlap in the PNG.
        let text = "Kindergarten readiness 2023-24";
        let size = 20.0;
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40">
            <text x="0" y="30" font-family="{}" font-size="{size}">{text}</text></svg>"#,
            font::FAMILY
        );
        let p = render_pixmap(&svg, 1.0).unwrap();
        let right = (0..600u32)
            .rev()
            .find(|x| dark(&p, *x, 0, x + 1, 40) > 0)
            .unwrap();
        let measured = font::text_width(text, size, false);
        // The last glyph's ink ends a little before its advance.
        assert!(
            (f64::from(right) - measured).abs() < measured * 0.02 + 3.0,
            "ink ends at {right}, measured {measured}"
        );
    }
}
