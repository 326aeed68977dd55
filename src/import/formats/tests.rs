//! Tests of format recognition, DHIS2 periods and calendar inference.

use super::*;

fn rec(cells: &[&str]) -> StringRecord {
    StringRecord::from(cells.to_vec())
}

#[test]
fn formats_are_recognised_from_their_headers() {
    let d = |h: &[&str], first: Option<&[&str]>| {
        detect(&rec(h), first.map(rec).as_ref()).map(|(f, _)| f)
    };
    assert_eq!(d(&["measure", "period", "value"], None), Some(Format::Long));
    assert_eq!(d(&["Period", "Target"], None), Some(Format::Long));
    assert_eq!(
        d(
            &["Location", "Category", "TimeFrame", "DataFormat", "Data"],
            None
        ),
        Some(Format::KidsCount)
    );
    assert_eq!(
        d(&["\u{feff}Year", "sex", "Value"], None),
        Some(Format::OpenSdg)
    );
    assert_eq!(
        d(
            &[
                "id",
                "actual_value_date",
                "target_value",
                "actual_value",
                "comment"
            ],
            None
        ),
        Some(Format::ClearImpact)
    );
    assert_eq!(
        d(
            &[
                "dataelement",
                "period",
                "orgunit",
                "categoryoptioncombo",
                "attributeoptioncombo",
                "value"
            ],
            None
        ),
        Some(Format::Dhis2)
    );
    assert_eq!(
        d(
            &[
                "fbfJHSPpUQD",
                "202403",
                "DiszpKrYNg8",
                "HllvX50cXC0",
                "HllvX50cXC0",
                "12"
            ],
            None
        ),
        Some(Format::Dhis2)
    );
    assert_eq!(
        d(&["School year", "Reading", "Math"], None),
        Some(Format::Wide)
    );
    assert_eq!(
        d(&["When", "Reading"], Some(&["2023-24", "5"])),
        Some(Format::Wide)
    );
    assert_eq!(d(&["a", "b"], Some(&["x", "y"])), None);
}

#[test]
fn dhis2_periods() {
    let p = |s: &str| dhis2_period(s).map(|(l, c)| (l, c.calendar, c.start_month));
    assert_eq!(p("2024"), Some(("2024".into(), Calendar::Year, 1)));
    assert_eq!(p("202403"), Some(("2024-03".into(), Calendar::Month, 1)));
    assert_eq!(p("2024Q2"), Some(("2024Q2".into(), Calendar::Quarter, 1)));
    assert_eq!(p("2024W5"), Some(("2024W05".into(), Calendar::Week, 1)));
    assert_eq!(p("2024S2"), Some(("2024H2".into(), Calendar::Half, 1)));
    assert_eq!(
        p("2024July"),
        Some(("FY2025".into(), Calendar::FiscalYear, 7))
    );
    assert_eq!(p("202413"), None);
    assert_eq!(p("2024Q5"), None);
}

#[test]
fn calendars_are_inferred_from_labels() {
    let c = |s: &str| infer_calendar(s).map(|c| c.calendar);
    assert_eq!(c("2011"), Some(Calendar::Year));
    assert_eq!(c("2005-2009"), Some(Calendar::Span));
    assert_eq!(c("2010-11"), Some(Calendar::SchoolYear));
    assert_eq!(c("2024-03"), Some(Calendar::Month));
    assert_eq!(c("FY2024"), Some(Calendar::FiscalYear));
    assert_eq!(c("2024Q1"), Some(Calendar::Quarter));
    assert_eq!(c("2024H1"), Some(Calendar::Half));
    assert_eq!(c("2024W05"), Some(Calendar::Week));
    assert_eq!(c("03/15/2024"), Some(Calendar::Year));
    assert_eq!(c("soon"), None);
}
