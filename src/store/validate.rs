//! Input rules shared by every write: names, lengths, numbers typed as text.

use crate::error::{Error, Result};

/// The longest name a person can give anything.
pub const MAX_NAME: usize = 300;
/// The longest free text (descriptions, notes, statements).
pub const MAX_TEXT: usize = 20_000;

/// A required name: trimmed, not empty, not too long.
pub fn name(field: &str, what: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, format!("The {what} needs a name")));
    }
    if trimmed.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            field,
            format!("The {what}'s name is longer than {MAX_NAME} characters"),
        ));
    }
    Ok(trimmed.to_string())
}

/// Optional free text: trimmed, bounded.
pub fn text(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > MAX_TEXT {
        return Err(Error::invalid(
            field,
            format!("This text is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(trimmed.to_string())
}

/// An e-mail address, or empty.
pub fn email(field: &str, value: &str) -> Result<String> {
    let trimmed = text(field, value)?;
    if !trimmed.is_empty() {
        let ok = trimmed.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.ends_with('.')
        }) && !trimmed.contains(char::is_whitespace);
        if !ok {
            return Err(Error::invalid(
                field,
                format!("\"{trimmed}\" is not an e-mail address"),
            ));
        }
    }
    Ok(trimmed)
}

/// Parses a number as a person types or pastes it: "72.4", "72.4%", "1,234", "$5,000",
/// "-3", "1 234". Empty text is `None`. Anything else is an error naming `where_`.
pub fn number(where_: &str, text: &str) -> Result<Option<f64>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let cleaned: String = trimmed
        .trim_end_matches('%')
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',' && *c != ' ' && *c != '\u{a0}')
        .collect();
    let cleaned = cleaned.replacen("-$", "-", 1);
    match cleaned.parse::<f64>() {
        Ok(v)
            if v.is_finite()
                && !cleaned.is_empty()
                && cleaned.chars().any(|c| c.is_ascii_digit()) =>
        {
            Ok(Some(v))
        }
        _ => Err(Error::invalid_input(format!(
            "{where_}: \"{trimmed}\" is not a number"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(number("x", "72.4").unwrap(), Some(72.4));
        assert_eq!(number("x", " 72.4% ").unwrap(), Some(72.4));
        assert_eq!(number("x", "1,234").unwrap(), Some(1234.0));
        assert_eq!(number("x", "$5,000").unwrap(), Some(5000.0));
        assert_eq!(number("x", "-$5").unwrap(), Some(-5.0));
        assert_eq!(number("x", "-3").unwrap(), Some(-3.0));
        assert_eq!(number("x", "").unwrap(), None);
    }

    #[test]
    fn not_numbers_are_named() {
        for bad in ["abc", "1.2.3", "NaN", "inf", "%", "$", "12abc"] {
            let e = number("2019 value", bad).unwrap_err();
            assert!(
                e.to_string().contains("2019 value") && e.to_string().contains(bad),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn names_are_required_and_trimmed() {
        assert_eq!(name("name", "partner", "  A  ").unwrap(), "A");
        let e = name("name", "partner", "   ").unwrap_err();
        assert_eq!(e.to_string(), "The partner needs a name");
    }

    #[test]
    fn emails_are_loosely_checked() {
        assert!(email("e", "").is_ok());
        assert!(email("e", "a@b.org").is_ok());
        assert!(email("e", "a@b").is_err());
        assert!(email("e", "a b@c.org").is_err());
    }
}
