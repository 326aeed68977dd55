//! Reading one cell of a value column as the sources write it.
//!
//! Rules chosen:
//! - Sentinels (case-insensitive, after trimming): `N/A`, `NA`, `#DIV/0!`, `#N/A`,
//!   `#VALUE!`, `#REF!`, `#NUM!`, `NULL`, `-`, `--`, `.`, `..`, `…` and blanks are *missing*;
//!   `*`, `**`, `(S)`, `S`, `(D)`, `LNE` ("low n excluded" in Colorado's education data)
//!   and `<5`-style small counts are *suppressed* (withheld by the source for privacy).
//!   Neither is ever stored as 0.
//! - `%` at the end, and `$`, `€` or `£` at the start are dropped; the number is taken as
//!   written (a percent sign says the number is already on the 0-100 scale).
//! - Spaces, no-break spaces and apostrophes inside a number are thousands separators.
//! - Commas and dots: when both appear, the last one is the decimal mark and the other
//!   separates thousands (`1.234,5` and `1,234.5`). A lone comma followed by exactly three
//!   digits after a non-zero integer part separates thousands (`1,234` is 1234) unless the
//!   file uses `;` between columns, the European convention, where every lone comma is a
//!   decimal mark. Any other lone comma is a decimal mark (`12,5`, `0,724`). Several commas
//!   (or several dots) separate thousands.
//! - Infinity, NaN, and text with no digit are errors.

/// What a value cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    /// Blank or a "not available" sentinel.
    Missing,
    /// The source withheld the value.
    Suppressed,
}

const MISSING: [&str; 14] = [
    "N/A", "NA", "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NUM!", "NULL", "-", "--", ".", "..", "…",
    "NAN",
];
const SUPPRESSED: [&str; 6] = ["*", "**", "(S)", "S", "(D)", "LNE"];

/// How a number in this file is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberStyle {
    /// The file separates columns with `;`: a lone comma is a decimal mark.
    pub decimal_comma: bool,
}

/// Reads a value cell. `Err` carries a message for people (without the location, which
/// the caller adds).
pub fn parse_cell(raw: &str, style: NumberStyle) -> Result<Cell, String> {
    let text = trim(raw);
    if text.is_empty() {
        return Ok(Cell::Missing);
    }
    if text.len() <= 8 {
        let upper = text.to_ascii_uppercase();
        if MISSING.contains(&upper.as_str()) {
            return Ok(Cell::Missing);
        }
        if SUPPRESSED.contains(&upper.as_str()) || is_small_count(&upper) {
            return Ok(Cell::Suppressed);
        }
    }
    parse_number(text, style).map(Cell::Value)
}

/// Reads a number that must be there or be blank (targets, margins of error).
pub fn parse_optional(raw: &str, style: NumberStyle) -> Result<Option<f64>, String> {
    match parse_cell(raw, style)? {
        Cell::Value(v) => Ok(Some(v)),
        Cell::Missing | Cell::Suppressed => Ok(None),
    }
}

/// `<5`, `< 10`, `<=3`: a count too small to publish.
fn is_small_count(upper: &str) -> bool {
    let rest = upper.trim_start_matches(['<', '=', ' ']);
    upper.starts_with('<') && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

fn trim(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Parses a number with the module's rules.
pub fn parse_number(text: &str, style: NumberStyle) -> Result<f64, String> {
    let not_a_number = || format!("\"{}\" is not a number", shorten(text));
    let mut s = trim(text);
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    s = s.strip_suffix('%').map(str::trim_end).unwrap_or(s);
    for sign in ['$', '€', '£'] {
        if let Some(rest) = s.strip_prefix(sign) {
            s = rest.trim_start();
        }
    }
    if let Some(rest) = s.strip_prefix('-') {
        if negative {
            return Err(not_a_number());
        }
        negative = true;
        s = rest;
    }
    let mut digits = String::with_capacity(s.len() + 1);
    if negative {
        digits.push('-');
    }
    let last_comma = s.rfind(',');
    let last_dot = s.rfind('.');
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let decimal_mark = match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(if c > d { ',' } else { '.' }),
        (Some(c), None) if commas == 1 => {
            let after = &s[c + 1..];
            let before = s[..c].trim_start_matches('+');
            let thousands = !style.decimal_comma
                && after.len() == 3
                && after.bytes().all(|b| b.is_ascii_digit())
                && !before.is_empty()
                && before
                    .trim_start_matches('0')
                    .chars()
                    .any(|ch| ch.is_ascii_digit());
            if thousands {
                None
            } else {
                Some(',')
            }
        }
        (None, Some(_)) if dots == 1 => Some('.'),
        _ => None,
    };
    if decimal_mark == Some(',') && commas > 1 {
        return Err(not_a_number());
    }
    if decimal_mark == Some('.') && dots > 1 {
        return Err(not_a_number());
    }
    // A thousands separator follows a digit and starts a group of exactly three digits:
    // "12..5" or "1,2,3" is a typo, not 125 or 123.
    for (i, ch) in s.char_indices() {
        if matches!(ch, ',' | '.') && Some(ch) != decimal_mark {
            let group = s[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
            let after_digit = s[..i].ends_with(|c: char| c.is_ascii_digit());
            if group != 3 || !after_digit {
                return Err(not_a_number());
            }
        }
    }
    for ch in s.chars() {
        match ch {
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’' => {}
            ',' | '.' if Some(ch) == decimal_mark => digits.push('.'),
            ',' | '.' => {}
            _ => digits.push(ch),
        }
    }
    if !digits.bytes().any(|b| b.is_ascii_digit())
        || digits
            .bytes()
            .any(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')))
    {
        return Err(not_a_number());
    }
    match digits.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(if v == 0.0 { 0.0 } else { v }),
        _ => Err(not_a_number()),
    }
}

/// A fraction (0.724) on the 0-100 scale (72.4), without binary noise
/// (0.724 × 100 is 72.39999999999999 in floating point; this returns 72.4).
pub fn fraction_to_percent(v: f64) -> f64 {
    let scaled = v * 100.0;
    format!("{scaled:.14e}").parse().unwrap_or(scaled)
}

/// A yes/no cell (`suppressed`): yes, y, true, t, 1, x are yes; no, n, false, f, 0 and
/// blank are no.
pub fn parse_flag(raw: &str) -> Result<bool, String> {
    match trim(raw).to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "f" | "0" => Ok(false),
        "yes" | "y" | "true" | "t" | "1" | "x" => Ok(true),
        other => Err(format!(
            "\"{}\" is not yes or no (write yes, no, true, false, 1 or 0)",
            shorten(other)
        )),
    }
}

/// At most 40 characters of `text`, for messages.
pub fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: NumberStyle = NumberStyle {
        decimal_comma: false,
    };
    const EU: NumberStyle = NumberStyle {
        decimal_comma: true,
    };

    fn num(s: &str) -> f64 {
        match parse_cell(s, US).unwrap() {
            Cell::Value(v) => v,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn numbers_as_sources_write_them() {
        assert_eq!(num("72.4"), 72.4);
        assert_eq!(num(" 72.4% "), 72.4);
        assert_eq!(num("1,234"), 1234.0);
        assert_eq!(num("1,234,567.5"), 1_234_567.5);
        assert_eq!(num("1.234.567,5"), 1_234_567.5);
        assert_eq!(num("12,5"), 12.5);
        assert_eq!(num("0,724"), 0.724);
        assert_eq!(num("1,2345"), 1.2345);
        assert_eq!(num("$5,000"), 5000.0);
        assert_eq!(num("-$5"), -5.0);
        assert_eq!(num("$-5"), -5.0);
        assert_eq!(num("€ 3,50"), 3.5);
        assert_eq!(num("1 234"), 1234.0);
        assert_eq!(num("1\u{a0}234,5"), 1234.5);
        assert_eq!(num("1'234"), 1234.0);
        assert_eq!(num("-0"), 0.0);
        assert_eq!(num("1e3"), 1000.0);
        assert_eq!(num("0,123"), 0.123);
    }

    #[test]
    fn a_semicolon_file_reads_lone_commas_as_decimal_marks() {
        assert_eq!(parse_number("1,234", EU).unwrap(), 1.234);
        assert_eq!(parse_number("1.234,5", EU).unwrap(), 1234.5);
    }

    #[test]
    fn sentinels_are_missing_or_suppressed_never_zero() {
        for s in ["", " ", "N/A", "na", "#DIV/0!", "-", "..", "NULL", "#N/A"] {
            assert_eq!(parse_cell(s, US).unwrap(), Cell::Missing, "{s:?}");
        }
        for s in ["*", "(S)", "LNE", "lne", "<5", "< 10", "(D)"] {
            assert_eq!(parse_cell(s, US).unwrap(), Cell::Suppressed, "{s:?}");
        }
    }

    #[test]
    fn not_numbers_are_refused() {
        for s in [
            "abc",
            "1.2.3,4,5",
            "NaN1",
            "inf",
            "%",
            "$",
            "12abc",
            "1,2,3.4.5",
            "--5",
            "0x10",
            "12..5",
            "1,2,3",
            "1,234,5678",
            "1.23.456",
        ] {
            assert!(parse_cell(s, US).is_err(), "{s:?}");
        }
        assert!(parse_cell("12abc", US).unwrap_err().contains("12abc"));
    }

    #[test]
    fn fractions_become_exact_percentages() {
        assert_eq!(fraction_to_percent(0.724), 72.4);
        assert_eq!(fraction_to_percent(0.75354), 75.354);
        assert_eq!(fraction_to_percent(0.03), 3.0);
        assert_eq!(fraction_to_percent(0.0), 0.0);
        assert_eq!(fraction_to_percent(1.0), 100.0);
    }

    #[test]
    fn flags() {
        assert!(parse_flag("Yes").unwrap());
        assert!(!parse_flag("").unwrap());
        assert!(parse_flag("maybe").is_err());
    }
}
