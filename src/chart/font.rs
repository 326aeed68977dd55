//! The one font every chart uses: DejaVu Sans (regular and bold), embedded in the binary
//! (licence: `assets/fonts/DejaVu-LICENSE.txt`). It is registered with plotters' ab_glyph
//! support under the family name the SVG carries ([`FAMILY`]), so plotters and this module
//! measure text with the same glyphs the SVG and the PNG are drawn with. No font is looked
//! up on the system, ever.
//!
//! Sizes in this module are CSS pixels of the SVG's `font-size` (the em size). plotters
//! writes `font-size = size / 1.24` and measures with ab_glyph at a scale that is the
//! font's *height* (ascent - descent), not its em; [`desc`] and [`text_width`] convert, so
//! a width measured here is the width the text has in the drawn SVG.

use plotters::style::{FontDesc, FontFamily, FontStyle};
use std::sync::OnceLock;

/// DejaVu Sans, regular.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The font's family name, as the PNG renderer's font database knows it.
pub const FAMILY_NAME: &str = "DejaVu Sans";
/// The `font-family` written into every chart: the embedded font first, then the generic
/// family for a viewer that lacks it.
pub const FAMILY: &str = "DejaVu Sans, sans-serif";

/// plotters divides a font size by this when writing SVG `font-size`.
const PLOTTERS_SVG_FACTOR: f64 = 1.24;

/// The font's (ascent - descent) / units-per-em, as ab_glyph computes its scale: DejaVu
/// Sans is 2384 / 2048. Read from the font file so a different embedded font still measures
/// right.
fn height_per_em() -> f64 {
    static RATIO: OnceLock<f64> = OnceLock::new();
    *RATIO.get_or_init(|| height_ratio(REGULAR).unwrap_or(2384.0 / 2048.0))
}

/// Registers the embedded font with plotters (once per process).
pub fn ensure_registered() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // Both fonts are embedded and known to parse (a test checks), so a failure here is
        // impossible short of a corrupt binary; measuring then falls back to an estimate.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD);
    });
}

/// The plotters font for text of `px` CSS pixels (em), bold or not.
pub fn desc(px: f64, bold: bool) -> FontDesc<'static> {
    ensure_registered();
    FontDesc::new(
        FontFamily::Name(FAMILY),
        px * PLOTTERS_SVG_FACTOR,
        style(bold),
    )
}

fn style(bold: bool) -> FontStyle {
    if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    }
}

/// The advance width in pixels of `text` set at `px` (em), bold or not.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    ensure_registered();
    // Measure at a large size (plotters rounds to whole pixels), then scale down.
    const REF: f64 = 2048.0;
    let font = FontDesc::new(FontFamily::Name(FAMILY), REF * height_per_em(), style(bold));
    match font.box_size(text) {
        Ok((w, _)) => f64::from(w) * px / REF,
        // Unreachable once registered; estimate at 0.6 em per character.
        Err(_) => text.chars().count() as f64 * px * 0.6,
    }
}

/// `text` cut to fit `max` pixels, with an ellipsis when it was cut.
pub fn truncate(text: &str, px: f64, bold: bool, max: f64) -> String {
    if text_width(text, px, bold) <= max {
        return text.to_string();
    }
    ellipsise(text, px, bold, max)
}

/// The longest start of `text` that fits `max` pixels with an ellipsis after it.
fn ellipsise(text: &str, px: f64, bold: bool, max: f64) -> String {
    let chars: Vec<char> = text.trim_end().chars().collect();
    let with = |n: usize| {
        let kept: String = chars[..n].iter().collect();
        format!("{}…", kept.trim_end())
    };
    // Binary search on the number of characters kept.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_width(&with(mid), px, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    with(lo)
}

/// `text` broken into lines of at most `max` pixels at word boundaries (a word longer than
/// a line is cut). At most `max_lines` lines; the last ends in an ellipsis when text remains.
pub fn wrap(text: &str, px: f64, bold: bool, max: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut cut = false;
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, px, bold) <= max {
            current = candidate;
            continue;
        }
        if lines.len() + 1 == max_lines {
            cut = true;
            break;
        }
        lines.push(std::mem::replace(&mut current, word.to_string()));
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if cut && i + 1 == n {
                ellipsise(&l, px, bold, max)
            } else {
                truncate(&l, px, bold, max)
            }
        })
        .collect()
}

/// (ascent - descent) / units-per-em from the font's `head`, `hhea` and `OS/2` tables,
/// mirroring ttf-parser (which ab_glyph uses): typographic metrics when the font asks for
/// them (OS/2 fsSelection bit 7), else hhea's.
fn height_ratio(font: &[u8]) -> Option<f64> {
    let u16_at = |at: usize| -> Option<u16> {
        Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?))
    };
    let i16_at = |at: usize| u16_at(at).map(|v| v as i16);
    let tables = usize::from(u16_at(4)?);
    let table = |tag: &[u8; 4]| -> Option<usize> {
        (0..tables).find_map(|i| {
            let rec = 12 + 16 * i;
            if font.get(rec..rec + 4)? != tag {
                return None;
            }
            let off = font.get(rec + 8..rec + 12)?;
            Some(u32::from_be_bytes(off.try_into().ok()?) as usize)
        })
    };
    let upm = f64::from(u16_at(table(b"head")? + 18)?);
    let hhea = table(b"hhea")?;
    let (mut asc, mut desc) = (i16_at(hhea + 4)?, i16_at(hhea + 6)?);
    if let Some(os2) = table(b"OS/2") {
        if u16_at(os2 + 62)? & (1 << 7) != 0 {
            asc = i16_at(os2 + 68)?;
            desc = i16_at(os2 + 70)?;
        }
    }
    (upm > 0.0).then(|| (f64::from(asc) - f64::from(desc)) / upm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_embedded_fonts_parse_and_share_metrics() {
        let r = height_ratio(REGULAR).unwrap();
        assert!((r - 2384.0 / 2048.0).abs() < 1e-9, "{r}");
        assert!((height_ratio(BOLD).unwrap() - r).abs() < 1e-9);
    }

    #[test]
    fn bold_text_is_wider_and_width_scales_with_size() {
        let w = text_width("Graduation rate", 20.0, false);
        assert!(text_width("Graduation rate", 20.0, true) > w);
        assert!((text_width("Graduation rate", 40.0, false) - 2.0 * w).abs() < 1.0);
    }

    #[test]
    fn truncate_and_wrap_respect_the_width() {
        let t = truncate("A very long measure name indeed", 14.0, false, 100.0);
        assert!(
            t.ends_with('…') && text_width(&t, 14.0, false) <= 100.0,
            "{t}"
        );
        let lines = wrap("one two three four five six seven", 14.0, false, 80.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 14.0, false) <= 80.0));
        assert_eq!(
            wrap("short", 14.0, false, 80.0, 2),
            vec!["short".to_string()]
        );
    }
}
