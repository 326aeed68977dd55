//! Groups on real files: aliases matched on import, label conflicts, merging (values move,
//! conflicts refused with nothing changed), the reference group, display order, the trash,
//! and the KIDS COUNT dropout file's category column split into Sex and Race/ethnicity.

use crate::import::shared;
use crate::support::*;
use backbone::import::{import_file, ImportOptions, ImportSummary};
use backbone::model::{Dimension, EntityKind, MoveDirection};
use backbone::ErrorCode;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const HEADER: &str = "Measure,Period,Dimension,Group,Dimension_2,Group_2,Value,Unit,Polarity\n";

/// A long CSV of `rows` (measure "Dropout rate", percent, lower is better): (period,
/// race/ethnicity group, geography group or "", value).
fn file(dir: &Path, name: &str, rows: &[(&str, &str, &str, &str)]) -> PathBuf {
    let mut text = HEADER.to_string();
    for (period, group, place, value) in rows {
        let geo = if place.is_empty() { "" } else { "Geography" };
        text.push_str(&format!(
            "Dropout rate,{period},Race/ethnicity,{group},{geo},{place},{value},percent,lower\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(f: &mut Fixture, path: &Path) -> ImportSummary {
    let opts = ImportOptions {
        initiative: Some("Test".into()),
        ..ImportOptions::default()
    };
    let s = import_file(&mut f.store, path, &opts, &mut |_| true).expect("the store works");
    assert!(s.errors.is_empty() && s.imported, "{:?}", s.errors);
    s
}

fn initiative(f: &Fixture) -> String {
    f.store.find_initiative(Some("Test")).unwrap().id
}

fn dimension(f: &Fixture, name: &str) -> Dimension {
    f.store
        .list_dimensions(&initiative(f))
        .unwrap()
        .into_iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no dimension {name}"))
}

fn group_id(f: &Fixture, dimension_name: &str, group: &str) -> String {
    dimension(f, dimension_name)
        .groups
        .into_iter()
        .find(|g| g.name == group)
        .unwrap_or_else(|| panic!("no group {group} in {dimension_name}"))
        .id
}

fn names(d: &Dimension) -> Vec<String> {
    d.groups.iter().map(|g| g.name.clone()).collect()
}

fn measure_id(f: &Fixture) -> String {
    f.store
        .list_measures(&initiative(f))
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Dropout rate")
        .unwrap()
        .id
}

/// The live values of "Dropout rate" whose disaggregation is exactly `groups` (ids):
/// (period, value).
fn values(f: &Fixture, groups: &[&str]) -> Vec<(String, Option<f64>)> {
    let want: BTreeSet<&str> = groups.iter().copied().collect();
    f.store
        .list_observations(&measure_id(f))
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.group_ids
                .iter()
                .map(String::as_str)
                .collect::<BTreeSet<_>>()
                == want
        })
        .map(|o| (o.period, o.value))
        .collect()
}

/// Every row of the tables a merge may touch, as text, to prove nothing changed.
fn dump(f: &Fixture) -> Vec<String> {
    let conn = f.raw();
    let mut out = Vec::new();
    for table in [
        "observations",
        "groups",
        "group_aliases",
        "dimensions",
        "disaggregations",
        "disaggregation_groups",
        "change_log",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = vec![table.to_string()];
                for i in 0..n {
                    cells.push(format!("{:?}", r.get_ref(i)?));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn an_alias_makes_another_label_land_on_the_group_and_unknown_labels_are_new_groups() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let first = file(
        dir.path(),
        "first.csv",
        &[
            ("2021", "Asian Students", "", "1.5"),
            ("2021", "Black Students", "", "4"),
        ],
    );
    import(&mut f, &first);
    let asian = group_id(&f, "Race/ethnicity", "Asian Students");
    f.store.add_group_alias(&asian, " Asian ").unwrap();

    // Another file says "ASIAN" (any case, any spaces): the same group, not a new one.
    let second = file(
        dir.path(),
        "second.csv",
        &[
            ("2022", "ASIAN", "", "1.25"),
            ("2022", "Pacific Islander", "", "3"),
        ],
    );
    let s = import(&mut f, &second);
    assert_eq!(s.created, 2);
    let race = dimension(&f, "Race/ethnicity");
    assert_eq!(
        names(&race),
        ["Asian Students", "Black Students", "Pacific Islander"],
        "one group per label the user has not joined, never a guess"
    );
    assert_eq!(race.groups[0].aliases[0].alias, "Asian", "stored trimmed");
    assert_eq!(
        values(&f, &[&asian]),
        [
            ("2021".to_string(), Some(1.5)),
            ("2022".to_string(), Some(1.25))
        ]
    );
    // The new group is flagged so the user can merge it if it is another name.
    assert!(
        s.flags
            .iter()
            .any(|m| m.contains("Race/ethnicity") && m.contains("1 new group (Pacific Islander)")),
        "{:?}",
        s.flags
    );

    // A removed alias matches nothing any more: the label makes a group of its own.
    let alias = race.groups[0].aliases[0].id.clone();
    f.store.remove_group_alias(&alias).unwrap();
    let third = file(dir.path(), "third.csv", &[("2023", "Asian", "", "1")]);
    import(&mut f, &third);
    assert_eq!(
        names(&dimension(&f, "Race/ethnicity")),
        [
            "Asian Students",
            "Black Students",
            "Pacific Islander",
            "Asian"
        ]
    );
    assert_eq!(values(&f, &[&asian]).len(), 2);
}

#[test]
fn an_alias_must_not_name_another_group_and_the_change_log_sees_aliases() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = file(
        dir.path(),
        "groups.csv",
        &[
            ("2021", "Asian", "", "1"),
            ("2021", "Asian Students", "", "2"),
            ("2021", "White", "", "3"),
        ],
    );
    import(&mut f, &path);
    let asian = group_id(&f, "Race/ethnicity", "Asian");
    let students = group_id(&f, "Race/ethnicity", "Asian Students");
    let white = group_id(&f, "Race/ethnicity", "White");

    // Another live group's name: merge instead.
    let message = expect_invalid(f.store.add_group_alias(&asian, "asian students"), "alias");
    assert!(
        message.contains("merge \"Asian Students\" into \"Asian\""),
        "{message}"
    );
    // Its own name, an alias it has, another group's alias, nothing.
    expect_invalid(f.store.add_group_alias(&asian, "ASIAN"), "alias");
    let before = f.count("change_log");
    f.store.add_group_alias(&asian, "Asian American").unwrap();
    assert_eq!(
        f.count("change_log"),
        before + 1,
        "the alias insert is logged"
    );
    let message = expect_invalid(f.store.add_group_alias(&asian, "asian american"), "alias");
    assert!(message.contains("already"), "{message}");
    let message = expect_invalid(f.store.add_group_alias(&white, "Asian American"), "alias");
    assert!(
        message.contains("alias of the group \"Asian\""),
        "{message}"
    );
    expect_invalid(f.store.add_group_alias(&white, "   "), "alias");
    // Renaming onto another group's name or alias is refused the same way.
    let message = expect_invalid(f.store.rename_group(&white, "asian"), "name");
    assert!(message.contains("merge"), "{message}");
    expect_invalid(f.store.rename_group(&students, "Asian American"), "name");
    // A group may change the case of its own name, or take one of its aliases as its name
    // (the alias goes: the name says it now).
    let d = f.store.rename_group(&asian, "Asian American").unwrap();
    assert_eq!(names(&d)[0], "Asian American");
    assert!(d.groups[0].aliases.is_empty());
    let entries: Vec<(String, String)> = f
        .raw()
        .prepare(
            "SELECT table_name, op FROM change_log WHERE table_name = 'group_aliases' ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        ["insert", "delete"],
        "an alias is added, then moved to the trash, each logged"
    );
    // Unknown ids.
    expect_code(f.store.add_group_alias("nope", "x"), ErrorCode::NotFound);
    expect_code(f.store.remove_group_alias("nope"), ErrorCode::NotFound);
}

#[test]
fn merging_moves_the_values_and_later_files_follow() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = file(
        dir.path(),
        "values.csv",
        &[
            ("2011", "Asian", "", "1.5"),
            ("2012", "Asian", "", "1.75"),
            ("2012", "Asian Students", "", "1.75"),
            ("2013", "Asian Students", "", "2"),
            ("2013", "Asian Students", "North", "2.5"),
            ("2013", "White", "", "3"),
        ],
    );
    import(&mut f, &path);
    let asian = group_id(&f, "Race/ethnicity", "Asian");
    let students = group_id(&f, "Race/ethnicity", "Asian Students");
    let north = group_id(&f, "Geography", "North");
    f.store
        .add_group_alias(&students, "Asian (students)")
        .unwrap();
    f.store
        .set_reference_group(&dimension(&f, "Race/ethnicity").id, Some(&students))
        .unwrap();

    // A dry run says what would happen and writes nothing.
    let before = dump(&f);
    let preview = f.store.merge_groups(&students, &asian, true).unwrap();
    assert!(preview.dry_run);
    assert_eq!((preview.moved, preview.already_there), (2, 1));
    assert_eq!(dump(&f), before, "a dry run writes nothing");

    let report = f.store.merge_groups(&students, &asian, false).unwrap();
    assert_eq!(
        (
            report.moved,
            report.already_there,
            report.measures.as_slice()
        ),
        (2, 1, ["Dropout rate".to_string()].as_slice()),
        "2013 alone and 2013 with North move; 2012 was already there"
    );
    assert_eq!(names(&report.dimension), ["Asian", "White"]);
    let merged = &report.dimension.groups[0];
    assert!(
        merged.is_reference,
        "the reference was the merged group, so now it is this one"
    );
    let aliases: Vec<&str> = merged.aliases.iter().map(|a| a.alias.as_str()).collect();
    assert_eq!(
        aliases,
        ["Asian (students)", "Asian Students"],
        "its own and its name"
    );
    assert_eq!(
        values(&f, &[&asian]),
        [
            ("2011".to_string(), Some(1.5)),
            ("2012".to_string(), Some(1.75)),
            ("2013".to_string(), Some(2.0))
        ]
    );
    assert_eq!(
        values(&f, &[&asian, &north]),
        [("2013".to_string(), Some(2.5))]
    );
    assert!(values(&f, &[&students]).is_empty());
    // The merged group is in the trash, alone (its leftover value went with it).
    let trash = f.store.list_trash(Some(&initiative(&f))).unwrap();
    assert_eq!(
        trash
            .iter()
            .map(|t| (t.kind, t.name.as_str()))
            .collect::<Vec<_>>(),
        [(EntityKind::Group, "Race/ethnicity: Asian Students")]
    );

    // The same file again: every label lands where it did, nothing new.
    let opts = ImportOptions {
        initiative: Some("Test".into()),
        ..ImportOptions::default()
    };
    let again = import_file(&mut f.store, &path, &opts, &mut |_| true).unwrap();
    assert_eq!(
        (again.created, again.unchanged, again.errors.len()),
        (0, 6, 0),
        "2012's two rows are one value now, and it is unchanged: {again:?}"
    );
    assert_eq!(names(&dimension(&f, "Race/ethnicity")), ["Asian", "White"]);
    let check = f.store.check().unwrap();
    assert!(check.ok(), "{check:?}");
}

#[test]
fn a_merge_with_differing_values_is_refused_and_changes_nothing() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = file(
        dir.path(),
        "values.csv",
        &[
            ("2011", "Asian", "", "1.2"),
            ("2011", "Asian Students", "", "1.3"),
            ("2012", "Asian Students", "", "2"),
            ("2013", "Asian", "North", "4"),
            ("2013", "Asian Students", "North", "5"),
        ],
    );
    import(&mut f, &path);
    let asian = group_id(&f, "Race/ethnicity", "Asian");
    let students = group_id(&f, "Race/ethnicity", "Asian Students");
    let before = dump(&f);
    for dry_run in [true, false] {
        let e = expect_code(
            f.store.merge_groups(&students, &asian, dry_run),
            ErrorCode::Conflict,
        );
        let message = e.to_string();
        for part in [
            "2 values differ",
            "Dropout rate, 2011: \"Asian\" has 1.2, \"Asian Students\" has 1.3",
            "Dropout rate, 2013 (Geography: North): \"Asian\" has 4, \"Asian Students\" has 5",
        ] {
            assert!(message.contains(part), "{part:?} in {message}");
        }
        assert_eq!(dump(&f), before, "a refused merge changes nothing");
    }
    // Other refusals.
    expect_invalid(f.store.merge_groups(&asian, &asian, false), "into_id");
    let north = group_id(&f, "Geography", "North");
    let message = expect_invalid(f.store.merge_groups(&north, &asian, false), "into_id");
    assert!(message.contains("different dimensions"), "{message}");
    expect_code(
        f.store.merge_groups("nope", &asian, false),
        ErrorCode::NotFound,
    );
}

#[test]
fn a_dimension_has_at_most_one_reference_group() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = file(
        dir.path(),
        "values.csv",
        &[
            ("2021", "Asian", "North", "1"),
            ("2021", "White", "South", "2"),
        ],
    );
    import(&mut f, &path);
    let race = dimension(&f, "Race/ethnicity");
    let (asian, white) = (race.groups[0].id.clone(), race.groups[1].id.clone());
    let reference = |d: &Dimension| -> Vec<String> {
        d.groups
            .iter()
            .filter(|g| g.is_reference)
            .map(|g| g.name.clone())
            .collect()
    };
    assert!(
        reference(&race).is_empty(),
        "none chosen: the most favourable"
    );
    let d = f.store.set_reference_group(&race.id, Some(&asian)).unwrap();
    assert_eq!(reference(&d), ["Asian"]);
    let d = f.store.set_reference_group(&race.id, Some(&white)).unwrap();
    assert_eq!(
        reference(&d),
        ["White"],
        "choosing another clears the first"
    );
    let before = f.count("change_log");
    f.store.set_reference_group(&race.id, Some(&white)).unwrap();
    assert_eq!(
        f.count("change_log"),
        before,
        "choosing it again changes nothing"
    );
    // A group of another dimension cannot be this one's reference.
    let north = group_id(&f, "Geography", "North");
    expect_invalid(
        f.store.set_reference_group(&race.id, Some(&north)),
        "group_id",
    );
    // The database itself refuses a second one.
    let err = f
        .raw()
        .execute("UPDATE groups SET is_reference = 1 WHERE id = ?1", [&asian])
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");

    // The reference goes to the trash, another is chosen, the first comes back: as an
    // ordinary group, since the dimension has its reference.
    f.store.delete_item(EntityKind::Group, &white).unwrap();
    f.store.set_reference_group(&race.id, Some(&asian)).unwrap();
    f.store.restore_item(EntityKind::Group, &white).unwrap();
    assert_eq!(
        reference(&f.store.get_dimension(&race.id).unwrap()),
        ["Asian"]
    );
    let d = f.store.set_reference_group(&race.id, None).unwrap();
    assert!(reference(&d).is_empty());
}

#[test]
fn groups_and_dimensions_keep_the_order_the_user_gives_them() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = file(
        dir.path(),
        "values.csv",
        &[
            ("2021", "Asian", "North", "1"),
            ("2021", "Black", "North", "2"),
            ("2021", "White", "North", "3"),
        ],
    );
    import(&mut f, &path);
    let white = group_id(&f, "Race/ethnicity", "White");
    let before = f.count("change_log");
    f.store.move_group(&white, MoveDirection::Up).unwrap();
    let d = f.store.move_group(&white, MoveDirection::Up).unwrap();
    assert_eq!(names(&d), ["White", "Asian", "Black"]);
    assert_eq!(f.count("change_log"), before + 4, "two swaps of two groups");
    let d = f.store.move_group(&white, MoveDirection::Up).unwrap();
    assert_eq!(
        names(&d),
        ["White", "Asian", "Black"],
        "the first stays first"
    );
    assert_eq!(f.count("change_log"), before + 4, "and nothing is written");
    let geo = dimension(&f, "Geography").id;
    let order: Vec<String> = f
        .store
        .move_dimension(&geo, MoveDirection::Up)
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(order, ["Geography", "Race/ethnicity"]);

    // The order is stored: a reopened file lists the same.
    drop(f.store);
    let (store, _) = open_at(&f.path, &f.clock).unwrap();
    let dims = store
        .list_dimensions(&store.find_initiative(Some("Test")).unwrap().id)
        .unwrap();
    assert_eq!(dims[0].name, "Geography");
    assert_eq!(names(&dims[1]), ["White", "Asian", "Black"]);
}

#[test]
fn renaming_and_kinds_of_dimensions() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    import(
        &mut f,
        &file(dir.path(), "v.csv", &[("2021", "Asian", "North", "1")]),
    );
    let race = dimension(&f, "Race/ethnicity").id;
    assert_eq!(dimension(&f, "Geography").kind, "geography");
    let message = expect_invalid(f.store.rename_dimension(&race, " geography "), "name");
    assert!(
        message.contains("already has a dimension \"Geography\""),
        "{message}"
    );
    expect_invalid(f.store.rename_dimension(&race, ""), "name");
    let d = f
        .store
        .rename_dimension(&race, "Race and ethnicity")
        .unwrap();
    assert_eq!(d.name, "Race and ethnicity");
    let d = f
        .store
        .set_dimension_kind(&race, "disability_status")
        .unwrap();
    assert_eq!(d.kind, "disability_status");
    expect_invalid(f.store.set_dimension_kind(&race, "Not a kind!"), "kind");
    f.store.set_dimension_kind(&race, "race_ethnicity").unwrap();
    // Files naming the old dimension now make a new one: dimensions match by name only.
    let s = import(
        &mut f,
        &file(dir.path(), "w.csv", &[("2022", "Asian", "", "1")]),
    );
    assert_eq!(s.created, 1);
    assert!(f.store.list_dimensions(&initiative(&f)).unwrap().len() == 3);
}

#[test]
fn groups_and_dimensions_go_to_the_trash_with_their_values_and_come_back() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = file(
        dir.path(),
        "values.csv",
        &[
            ("2021", "Asian", "", "1"),
            ("2022", "Asian", "", "2"),
            ("2021", "Asian", "North", "3"),
            ("2021", "White", "", "4"),
        ],
    );
    import(&mut f, &path);
    let asian = group_id(&f, "Race/ethnicity", "Asian");
    let north = group_id(&f, "Geography", "North");
    let live = |f: &Fixture| f.store.list_observations(&measure_id(f)).unwrap().len();
    assert_eq!(live(&f), 4);

    f.store.delete_item(EntityKind::Group, &asian).unwrap();
    assert_eq!(
        live(&f),
        1,
        "Asian's three values (one with North) went with it"
    );
    assert_eq!(names(&dimension(&f, "Race/ethnicity")), ["White"]);
    let trash = f.store.list_trash(Some(&initiative(&f))).unwrap();
    assert_eq!(trash.len(), 1, "the group, not each value: {trash:?}");

    // A value of a group in the trash cannot come back alone.
    let stamped: String = f
        .raw()
        .query_row(
            "SELECT o.id FROM observations o JOIN disaggregation_groups dg
                 ON dg.disaggregation_id = o.disaggregation_id
             WHERE dg.group_id = ?1 LIMIT 1",
            [&asian],
            |r| r.get(0),
        )
        .unwrap();
    expect_code(
        f.store.restore_item(EntityKind::Observation, &stamped),
        ErrorCode::Conflict,
    );

    // Meanwhile North goes too; bringing Asian back leaves Asian × North in the trash
    // until North is back.
    f.clock.advance(5);
    f.store.delete_item(EntityKind::Group, &north).unwrap();
    f.store.restore_item(EntityKind::Group, &asian).unwrap();
    assert_eq!(values(&f, &[&asian]).len(), 2);
    assert_eq!(live(&f), 3);
    f.store.restore_item(EntityKind::Group, &north).unwrap();
    assert_eq!(
        live(&f),
        3,
        "Asian × North went with Asian, not with North, so North does not bring it back"
    );
    let trash = f.store.list_trash(Some(&initiative(&f))).unwrap();
    assert_eq!(trash.len(), 1, "so it is listed on its own: {trash:?}");
    f.store
        .restore_item(EntityKind::Observation, &trash[0].id)
        .unwrap();
    assert_eq!(live(&f), 4);

    // A whole dimension, and back.
    let race = dimension(&f, "Race/ethnicity").id;
    f.store.delete_item(EntityKind::Dimension, &race).unwrap();
    assert_eq!(live(&f), 0, "every value names a race group");
    f.store.restore_item(EntityKind::Dimension, &race).unwrap();
    assert_eq!(live(&f), 4);
    assert_eq!(names(&dimension(&f, "Race/ethnicity")), ["Asian", "White"]);

    // A group whose name was taken while it was in the trash cannot come back.
    f.store.delete_item(EntityKind::Group, &asian).unwrap();
    import(
        &mut f,
        &file(dir.path(), "again.csv", &[("2023", "asian", "", "5")]),
    );
    let e = expect_code(
        f.store.restore_item(EntityKind::Group, &asian),
        ErrorCode::Conflict,
    );
    assert!(
        e.to_string()
            .contains("\"Asian\" is now the group \"asian\""),
        "{e}"
    );
    let check = f.store.check().unwrap();
    assert!(check.ok(), "{check:?}");
}

/// The `Category` labels of the KIDS COUNT dropout file (with `Location` Colorado) and,
/// for each, how many rows have a number in `Data`; read here with the csv crate.
fn dropout_categories() -> Vec<(String, usize)> {
    let path = shared("kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (location, category, data) = (col("Location"), col("Category"), col("Data"));
    let mut out: Vec<(String, usize)> = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[location] != "Colorado" {
            continue;
        }
        let label = row[category].to_string();
        let has_number = row[data].trim().parse::<f64>().is_ok();
        match out.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += usize::from(has_number),
            None => out.push((label, usize::from(has_number))),
        }
    }
    out
}

#[test]
fn the_kids_count_dropout_categories_become_sex_and_race_ethnicity() {
    let mut f = Fixture::new();
    let s = import_file(
        &mut f.store,
        &shared("kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv"),
        &ImportOptions {
            location: Some("Colorado".into()),
            measure: Some("Dropout rate".into()),
            initiative: Some("Test".into()),
            ..ImportOptions::default()
        },
        &mut |_| true,
    )
    .unwrap();
    assert!(s.errors.is_empty(), "{:?}", s.errors);

    // From the file: "All Students" is the total, labels starting Female or Male are
    // sexes, and every other label is a race or ethnicity.
    let categories = dropout_categories();
    let is_sex = |l: &str| l.starts_with("Female") || l.starts_with("Male");
    let expect = |keep: &dyn Fn(&str) -> bool| -> (BTreeSet<String>, usize) {
        let kept: Vec<&(String, usize)> = categories
            .iter()
            .filter(|(l, _)| l != "All Students" && keep(l))
            .collect();
        (
            kept.iter().map(|(l, _)| l.clone()).collect(),
            kept.iter().map(|(_, n)| n).sum(),
        )
    };
    let (sexes, sex_values) = expect(&|l| is_sex(l));
    let (races, race_values) = expect(&|l| !is_sex(l));
    assert_eq!(sexes.len(), 2, "{sexes:?}");
    assert!(races.len() >= 7, "{races:?}");

    let measure = measure_id(&f);
    let observations = f.store.list_observations(&measure).unwrap();
    let stored = |d: &Dimension| -> (BTreeSet<String>, usize) {
        let ids: Vec<&String> = d.groups.iter().map(|g| &g.id).collect();
        (
            d.groups.iter().map(|g| g.name.clone()).collect(),
            observations
                .iter()
                .filter(|o| {
                    o.value.is_some() && o.group_ids.len() == 1 && ids.contains(&&o.group_ids[0])
                })
                .count(),
        )
    };
    let race = dimension(&f, "Race/ethnicity");
    let sex = dimension(&f, "Sex");
    assert_eq!(
        (race.kind.as_str(), sex.kind.as_str()),
        ("race_ethnicity", "sex_gender")
    );
    assert_eq!(stored(&race), (races, race_values));
    assert_eq!(stored(&sex), (sexes, sex_values));
    assert_eq!(
        f.store.list_dimensions(&initiative(&f)).unwrap().len(),
        2,
        "no dimension named after the column: every label was a sex or a race"
    );
}
