//! Telling from a group's label which dimension it belongs to, for files that put groups
//! of several dimensions in one column (KIDS COUNT's `Category`: "Female Students",
//! "Asian Students", "Two or More Races"...). Equity figures compare the groups of one
//! dimension, so race/ethnicity groups must not share a dimension with sexes.

/// The dimension sex and gender groups go to.
pub const SEX: &str = "Sex";
/// The dimension race and ethnicity groups go to.
pub const RACE_ETHNICITY: &str = "Race/ethnicity";

/// Words that say sex or gender.
const SEX_WORDS: [&str; 14] = [
    "female",
    "females",
    "male",
    "males",
    "girl",
    "girls",
    "boy",
    "boys",
    "woman",
    "women",
    "man",
    "men",
    "nonbinary",
    "transgender",
];

/// Words that say race or ethnicity.
const RACE_WORDS: [&str; 13] = [
    "asian",
    "black",
    "hispanic",
    "latino",
    "latina",
    "latinx",
    "latine",
    "white",
    "hawaiian",
    "multiracial",
    "biracial",
    "caucasian",
    "multiethnic",
];

/// Phrases (whole words in a row) that say race or ethnicity.
const RACE_PHRASES: [&[&str]; 12] = [
    &["native", "american"],
    &["american", "indian"],
    &["alaska", "native"],
    &["alaskan", "native"],
    &["pacific", "islander"],
    &["pacific", "islanders"],
    &["african", "american"],
    &["two", "or", "more"],
    &["multiple", "races"],
    &["more", "than", "one", "race"],
    &["other", "race"],
    &["multi", "racial"],
];

/// The dimension a group label belongs to: [`SEX`] when it names a sex or gender,
/// [`RACE_ETHNICITY`] when it names a race or ethnicity, and `None` when it names neither,
/// or both (an intersection such as "Black Female Students" is not one group of either).
/// Words are compared whole and case-insensitively, so "Female" is not "Male".
pub fn dimension_of_label(label: &str) -> Option<&'static str> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |phrase: &[&str]| words.windows(phrase.len()).any(|w| w == phrase);
    let sex = words.iter().any(|w| SEX_WORDS.contains(w)) || has(&["non", "binary"]);
    let race = words.iter().any(|w| RACE_WORDS.contains(w)) || RACE_PHRASES.iter().any(|p| has(p));
    match (sex, race) {
        (true, false) => Some(SEX),
        (false, true) => Some(RACE_ETHNICITY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kids_count_categories_split_into_sex_and_race() {
        // Every label of the KIDS COUNT Colorado files' Category and Race Ethnicity
        // columns, less the totals.
        for label in ["Female Students", "Male Students"] {
            assert_eq!(dimension_of_label(label), Some(SEX), "{label}");
        }
        for label in [
            "Asian Students",
            "Black Students",
            "Hispanic Students",
            "Native American Students",
            "Native Hawaiian or Other Pacific Islander",
            "Two or More Races",
            "White Students",
            "Asian",
            "Black",
            "Hawaiian/Pacific Islander",
            "Hispanic",
            "Native American",
            "Two or more",
            "White",
        ] {
            assert_eq!(dimension_of_label(label), Some(RACE_ETHNICITY), "{label}");
        }
    }

    #[test]
    fn other_spellings_of_sex_and_race() {
        for label in [
            "girls",
            "BOYS",
            "Women",
            "men",
            "Non-binary",
            "nonbinary students",
        ] {
            assert_eq!(dimension_of_label(label), Some(SEX), "{label}");
        }
        for label in [
            "Black or African American",
            "Hispanic/Latino",
            "American Indian or Alaska Native",
            "Multiracial",
            "Non-Hispanic White",
            "Some other race",
            "Latinx youth",
        ] {
            assert_eq!(dimension_of_label(label), Some(RACE_ETHNICITY), "{label}");
        }
    }

    #[test]
    fn anything_else_or_both_stays_in_the_column_s_dimension() {
        for label in [
            "Economically Disadvantaged",
            "English Learners",
            "Students with Disabilities",
            "Homeless",
            "Other",
            "",
            // An intersection is a group of neither dimension alone.
            "Black Female Students",
            "Hispanic Males",
            // Whole words only: "Human" is not "man", "Whitehall" not "White".
            "Human services",
            "Whitehall district",
        ] {
            assert_eq!(dimension_of_label(label), None, "{label}");
        }
    }
}
