//! A corpus of broken files, each imported into a real database that already holds data
//! (the sample and an earlier import): every one is refused without a panic, the first
//! problem says where (row and column, or the whole file) and what is wrong, and not one
//! row of any table changes. A few go through the real `backbone-cli` binary too, for the
//! exit code and the JSON summary people script against.
//!
//! The files are generated here (deterministically) rather than checked in: most are
//! one-line variations of a good file, and the big ones (10 MB cells, a million columns)
//! would bloat the repository.

use crate::support::*;
use backbone::import::{import_file, Format, ImportOptions, ImportSummary};
use rusqlite::types::ValueRef;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the first problem must be.
#[derive(Debug, Clone, Copy)]
enum At {
    /// The whole file: no row, no column.
    File,
    /// A row, no column.
    Row(u64),
    /// A row and a column whose name contains the text.
    Cell(u64, &'static str),
}

/// One broken file.
struct Case {
    /// The file's name (its extension matters for workbooks).
    name: &'static str,
    /// Writes the file at the path (or makes whatever stands there).
    make: Box<dyn Fn(&Path)>,
    opts: ImportOptions,
    at: At,
    /// A word of the first problem's message that says what is wrong (any case).
    word: &'static str,
}

fn case(name: &'static str, text: impl Into<Vec<u8>>, at: At, word: &'static str) -> Case {
    let bytes = text.into();
    Case {
        name,
        make: Box::new(move |p| std::fs::write(p, &bytes).unwrap()),
        opts: ImportOptions::default(),
        at,
        word,
    }
}

fn with(mut c: Case, opts: ImportOptions) -> Case {
    c.opts = opts;
    c
}

/// A file written by a function (for the big ones: generated when the case runs).
fn made(name: &'static str, at: At, word: &'static str, make: impl Fn(&Path) + 'static) -> Case {
    Case {
        name,
        make: Box::new(make),
        opts: ImportOptions::default(),
        at,
        word,
    }
}

/// A deterministic byte source (SplitMix64), so the "random" files are the same each run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `text` as UTF-16, little or big endian, with or without a byte-order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom
        .then_some(0xFEFFu16)
        .into_iter()
        .chain(text.encode_utf16());
    for u in units {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A well-formed zip archive of one stored (uncompressed) file: a zip, not a workbook.
fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
    let (crc, size, n) = (crc32(data), data.len() as u32, name.len() as u16);
    let mut z = Vec::new();
    z.extend(0x0403_4b50u32.to_le_bytes());
    z.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time, date
    z.extend(crc.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z.extend(name.as_bytes());
    z.extend(data);
    let directory = z.len() as u32;
    z.extend(0x0201_4b50u32.to_le_bytes());
    z.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // made by, needed, flags, method, time, date
    z.extend(crc.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend([0u8; 12]); // extra, comment, disk, attributes (internal, external)
    z.extend(0u32.to_le_bytes()); // the local header's offset
    z.extend(name.as_bytes());
    let directory_size = z.len() as u32 - directory;
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend(directory_size.to_le_bytes());
    z.extend(directory.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z
}

/// A workbook with one sheet of `rows`.
fn xlsx(path: &Path, rows: &[&[&str]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write(r as u32, c as u16, n).unwrap(),
                Err(_) => sheet.write(r as u32, c as u16, *cell).unwrap(),
            };
        }
    }
    book.save(path).unwrap();
}

const LONG: &str = "measure,period,value\n";
const MB: usize = 1 << 20;

/// Every broken file, with where its first problem is and a word of what it says.
fn corpus() -> Vec<Case> {
    use At::*;
    let opts = |format| ImportOptions {
        format,
        ..ImportOptions::default()
    };
    let long = |rows: &str| format!("{LONG}{rows}");
    vec![
        // Rows of the wrong shape.
        case(
            "truncated-row.csv",
            long("Attendance,2024,90\nAttendance,2025\n"),
            Row(3),
            "cut-off",
        ),
        case(
            "extra-column.csv",
            long("Attendance,2024,90\nAttendance,2025,1,234\n"),
            Row(3),
            "unquoted comma",
        ),
        // Cells of the wrong type.
        case(
            "value-abc.csv",
            long("Attendance,2024,abc\n"),
            Cell(2, "value"),
            "not a number",
        ),
        case(
            "value-double-dot.csv",
            long("Attendance,2024,12..5\n"),
            Cell(2, "value"),
            "not a number",
        ),
        case(
            "value-lone-commas.csv",
            long("Attendance,2024,\"1,2,3\"\n"),
            Cell(2, "value"),
            "not a number",
        ),
        case(
            "value-overflow.csv",
            long("Attendance,2024,1e999\n"),
            Cell(2, "value"),
            "not a number",
        ),
        // The grid refuses a percentage outside 0-100, and so does an import into the same
        // percent measure ("a CSV row takes the same path", ARCHITECTURE.md).
        case(
            "percent-over-100.csv",
            long("Attendance,2024,150\n"),
            Cell(2, "value"),
            "percent",
        ),
        case(
            "target-text.csv",
            "measure,period,value,target\nAttendance,2024,90,high\n",
            Cell(2, "target"),
            "not a number",
        ),
        // Periods that do not exist.
        case(
            "month-13.csv",
            long("Clinic visits,2023-13,5\n"),
            Cell(2, "period"),
            "not a period",
        ),
        case(
            "quarter-5.csv",
            long("Clinic visits,2024Q5,5\n"),
            Cell(2, "period"),
            "not a period",
        ),
        case(
            "fiscal-year-without-year.csv",
            long("Clinic visits,FY,5\n"),
            Cell(2, "period"),
            "not a period",
        ),
        case(
            "february-30.csv",
            long("Clinic visits,2024-02-30,5\n"),
            Cell(2, "period"),
            "period",
        ),
        case(
            "year-99999.csv",
            long("Clinic visits,99999,5\n"),
            Cell(2, "period"),
            "period",
        ),
        case(
            "span-reversed.csv",
            long("Clinic visits,2011-2009,5\n"),
            Cell(2, "period"),
            "period",
        ),
        case(
            "period-blank.csv",
            long("Attendance,2024,90\nAttendance,,91\n"),
            Cell(3, "period"),
            "blank",
        ),
        case(
            "period-other-calendar.csv",
            long("Attendance,2024Q1,90\n"),
            Cell(2, "period"),
            "year",
        ),
        // Rows that contradict each other or themselves.
        case(
            "duplicate-key.csv",
            long("Attendance,2024,90\nAttendance,2024,91\n"),
            Cell(3, "value"),
            "earlier row",
        ),
        case(
            "target-range-reversed.csv",
            "measure,period,value,target_low,target_high\nAttendance,2024,90,95,85\n",
            Cell(2, "target_high"),
            "below its low end",
        ),
        case(
            "moe-negative.csv",
            "measure,period,value,margin_of_error\nAttendance,2024,90,-1.5\n",
            Cell(2, "margin_of_error"),
            "negative",
        ),
        case(
            "suppressed-maybe.csv",
            "measure,period,value,suppressed\nAttendance,2024,,maybe\n",
            Cell(2, "suppressed"),
            "yes or no",
        ),
        case(
            "suppressed-with-number.csv",
            "measure,period,value,suppressed\nAttendance,2024,90,yes\n",
            Cell(2, "suppressed"),
            "suppressed",
        ),
        case(
            "unit-unknown.csv",
            "measure,period,value,unit\nDistance run,2024,5,furlongs\n",
            Cell(2, "unit"),
            "not a unit",
        ),
        case(
            "polarity-unknown.csv",
            "measure,period,value,polarity\nDistance run,2024,5,sideways\n",
            Cell(2, "polarity"),
            "not a polarity",
        ),
        case(
            "calendar-unknown.csv",
            "measure,period,value,calendar\nDistance run,2024,5,lunar\n",
            Cell(2, "calendar"),
            "not a calendar",
        ),
        case(
            "measure-blank.csv",
            long("Attendance,2024,90\n,2025,91\n"),
            Cell(3, "measure"),
            "blank",
        ),
        case(
            "group-without-dimension.csv",
            "measure,period,dimension,group,value\nAttendance,2024,,Grade 3,90\n",
            Cell(2, "dimension"),
            "no dimension",
        ),
        case(
            "dimension-twice.csv",
            "measure,period,dimension,group,dimension_2,group_2,value\n\
             Attendance,2024,Grade,K,grade,1,90\n",
            Row(2),
            "twice",
        ),
        // Headers that are missing, broken or unknown.
        case("header-only.csv", LONG, File, "no rows of data"),
        case("empty.csv", "", File, "empty"),
        case("blank-lines.csv", "\n\n\r\n\n\n", File, "no rows"),
        case(
            "whitespace-lines.csv",
            "   \n \t \n  \n",
            Row(1),
            "matches no format",
        ),
        case(
            "header-unknown.csv",
            "foo,bar,baz\n1,2,3\n",
            Row(1),
            "matches no format",
        ),
        case(
            "header-group-without-dimension.csv",
            "measure,period,group,value\nAttendance,2024,K,90\n",
            Row(1),
            "dimension",
        ),
        case(
            "kids-count-no-data.csv",
            "Location,TimeFrame,DataFormat,Amount\nColorado,2020,Percent,0.5\n",
            Row(1),
            "matches no format",
        ),
        with(
            case(
                "kids-count-no-data-forced.csv",
                "Location,TimeFrame,DataFormat,Amount\nColorado,2020,Percent,0.5\n",
                Row(1),
                "\"Data\"",
            ),
            opts(Format::KidsCount),
        ),
        case(
            "open-sdg-blank-year.csv",
            "Year,Sex,Value\n2015,,5\n,female,6\n",
            Cell(3, "Year"),
            "blank",
        ),
        case(
            "wide-unnamed-column.csv",
            "Year,Reading,,Math\n2020,1,2,3\n",
            Cell(1, "column 3"),
            "no name",
        ),
        case(
            "dhis2-bad-period.csv",
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n\
             fbfJHSPpUQD,2024Q5,DiszpKrYNg8,HllvX50cXC0,HllvX50cXC0,12\n",
            Cell(2, "period"),
            "not a DHIS2 period",
        ),
        case(
            "clear-impact-bad-date.csv",
            "id,actual_value_date,target_value,actual_value,comment\n4521,13/45/2022,90,88,\n",
            Cell(2, "actual_value_date"),
            "period",
        ),
        with(
            case(
                "sheet-of-a-csv.csv",
                long("Attendance,2024,90\n"),
                File,
                "sheet",
            ),
            ImportOptions {
                sheet: Some("Data".into()),
                ..ImportOptions::default()
            },
        ),
        // Quoting and line ends.
        case(
            "unclosed-quote.csv",
            long("Attendance,2024,90\nAttendance,2025,\"91\nAttendance,2026,92\n"),
            Cell(3, "value"),
            "quote",
        ),
        case(
            "unclosed-quote-in-last-column.csv",
            "measure,period,value,note\nAttendance,2024,90,\nAttendance,2025,91,\"a note\n\
             Attendance,2026,92,\nAttendance,2027,93,\n",
            Cell(3, "note"),
            "quote",
        ),
        case(
            "stray-carriage-return.csv",
            long("Attendance,2024,90\r\nAttendance,2025,9\r1\nAttendance,2026,92\r\n"),
            Row(4),
            "columns",
        ),
        // Encodings.
        case(
            "utf16le-bom.csv",
            utf16(&long("Attendance,2024,90\n"), true, true),
            File,
            "UTF-16",
        ),
        case(
            "utf16be-bom.csv",
            utf16(&long("Attendance,2024,90\n"), false, true),
            File,
            "UTF-16",
        ),
        case(
            "utf16le-no-bom.csv",
            utf16(&long("Attendance,2024,90\n"), true, false),
            File,
            "UTF-16",
        ),
        case(
            "utf16be-no-bom.csv",
            utf16(&long("Attendance,2024,90\n"), false, false),
            File,
            "UTF-16",
        ),
        // (The first data row is read before the format is known, so its problems name
        // the column by number only.)
        case(
            "latin1-first-row.csv",
            [LONG.as_bytes(), b"Caf\xE9 visits,2024,5\n"].concat(),
            Cell(2, "column 1"),
            "0xE9",
        ),
        case(
            "windows-1252.csv",
            [
                LONG.as_bytes(),
                b"Attendance,2024,90\n",
                b"\x93Quoted\x94 measure,2024,5\n",
            ]
            .concat(),
            Cell(3, "measure"),
            "0x93",
        ),
        made(
            "invalid-utf8-mid-file.csv",
            Cell(25_002, "measure"),
            "not UTF-8",
            |p| {
                let mut bytes = LONG.as_bytes().to_vec();
                for i in 0..50_000 {
                    if i == 25_000 {
                        bytes.extend(b"Big \xFF"); // one byte of another encoding
                    } else {
                        bytes.extend(format!("Big {}", i / 250).as_bytes());
                    }
                    bytes.extend(format!(",{},{}.5\n", 1950 + i % 250, i).as_bytes());
                }
                std::fs::write(p, bytes).unwrap();
            },
        ),
        // Not text at all.
        made("garbage-with-nul.csv", File, "not a text file", |p| {
            let mut rng = Rng::new(7);
            let mut bytes: Vec<u8> = (0..65_536).map(|_| rng.next() as u8).collect();
            bytes[100] = 0;
            std::fs::write(p, bytes).unwrap();
        }),
        made(
            "garbage-without-nul.csv",
            Cell(1, "column"),
            "not UTF-8",
            |p| {
                let mut rng = Rng::new(11);
                let mut bytes: Vec<u8> = (0..65_536).map(|_| 1 + rng.below(255) as u8).collect();
                bytes[0] = 0x80; // not text, not a byte-order mark, not a JSON brace
                std::fs::write(p, bytes).unwrap();
            },
        ),
        case(
            "picture.csv",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
                .to_vec(),
            File,
            "not a text file",
        ),
        case(
            "archive.zip",
            zip_of("hello.txt", b"hello"),
            File,
            "not a workbook",
        ),
        case(
            "zip-named-xlsx.xlsx",
            zip_of("hello.txt", b"hello"),
            File,
            "not a workbook",
        ),
        case(
            "zip-header-only.csv",
            b"PK\x03\x04\x14\0\0\0garbage".to_vec(),
            File,
            "not a workbook",
        ),
        case(
            "old-excel.xls",
            [
                &[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0; 504],
            ]
            .concat(),
            File,
            ".xls",
        ),
        made(
            "workbook-bad-value.xlsx",
            Cell(2, "value"),
            "not a number",
            |p| {
                xlsx(
                    p,
                    &[
                        &["measure", "period", "value"],
                        &["Attendance", "2024", "lots"],
                    ],
                )
            },
        ),
        made("workbook-too-wide.xlsx", File, "columns", |p| {
            let header: Vec<String> = (0..1500).map(|i| format!("c{i}")).collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            xlsx(p, &[&header])
        }),
        made("a-folder.csv", File, "folder", |p| {
            std::fs::create_dir(p).unwrap()
        }),
        made("never-written.csv", File, "no such file", |_| {}),
        // Files that are too big in one place.
        made("cell-of-10mb.csv", Row(2), "longer than 1 MB", |p| {
            let mut bytes = LONG.as_bytes().to_vec();
            bytes.extend(b"Attendance,2024,\"");
            bytes.extend(std::iter::repeat_n(b'9', 10 * MB));
            bytes.extend(b"\"\n");
            std::fs::write(p, bytes).unwrap();
        }),
        made("line-of-10mb.csv", Row(1), "longer than 1 MB", |p| {
            std::fs::write(p, vec![b'x'; 10 * MB]).unwrap();
        }),
        made(
            "header-of-a-million-names.csv",
            Row(1),
            "longer than 1 MB",
            |p| {
                let names: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
                std::fs::write(p, names.join(",") + "\n").unwrap();
            },
        ),
        made(
            "header-of-a-million-columns.csv",
            Row(1),
            "at most 1000",
            |p| {
                std::fs::write(p, ",".repeat(999_999) + "\n").unwrap();
            },
        ),
        made(
            "row-of-a-million-columns.csv",
            Row(3),
            "at most 1000",
            |p| {
                std::fs::write(
                    p,
                    format!("{LONG}Attendance,2024,90\n") + &",".repeat(999_999) + "\n",
                )
                .unwrap();
            },
        ),
        made("header-of-5000-columns.csv", Row(1), "at most 1000", |p| {
            let names: Vec<String> = (0..5000).map(|i| format!("c{i}")).collect();
            std::fs::write(p, names.join(",") + "\n1,2\n").unwrap();
        }),
        made(
            "cell-of-100kb.csv",
            Cell(2, "column 4"),
            "at most 65536",
            |p| {
                let note = "n".repeat(100_000);
                std::fs::write(
                    p,
                    format!("measure,period,value,note\nAttendance,2024,90,{note}\n"),
                )
                .unwrap();
            },
        ),
        // JSON that is not a bundle Backbone can load.
        case(
            "not-a-bundle.json",
            r#"{"hello": "world"}"#,
            File,
            "not a Backbone bundle",
        ),
        case(
            "truncated.json",
            r#"{"format": "backbone-bundle", "version""#,
            File,
            "not valid JSON",
        ),
        made("newer-schema.json", File, "newer", |p| {
            std::fs::write(p, bundle_with_schema(999)).unwrap();
        }),
    ]
}

/// A bundle of the sample initiative whose `schema_version` says `version`.
fn bundle_with_schema(version: i64) -> String {
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    let path = f.dir.path().join("sample.json");
    backbone::export::export(&f.store, &id, backbone::model::ExportFormat::Json, &path).unwrap();
    let mut bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    bundle["schema_version"] = version.into();
    bundle.to_string()
}

/// Every row of every table, as text, sorted: equal dumps mean an unchanged database.
pub fn dump(conn: &rusqlite::Connection) -> BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = BTreeMap::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let width = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..width)
                    .map(|i| match r.get_ref(i).unwrap() {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => format!("{x:?}"),
                        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => format!("blob {b:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.insert(table, rows);
    }
    out
}

/// The tables whose rows differ between two dumps, with their row counts.
pub fn changed_tables(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) -> String {
    let empty = Vec::new();
    after
        .keys()
        .chain(before.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|t| before.get(*t) != after.get(*t))
        .map(|t| {
            let (b, a) = (
                before.get(t).unwrap_or(&empty),
                after.get(t).unwrap_or(&empty),
            );
            let gone = b.iter().find(|r| !a.contains(r));
            let new = a.iter().find(|r| !b.contains(r));
            format!(
                "{t} ({} -> {} rows; e.g. gone {gone:?}, new {new:?})",
                b.len(),
                a.len()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A database with the sample and an earlier import into "Imported data": a yearly
/// percent measure (Attendance, with a Grade dimension) and a monthly count (Visits).
fn loaded() -> Fixture {
    let mut f = Fixture::new();
    f.store.load_sample().unwrap();
    let prior = f.dir.path().join("prior.csv");
    std::fs::write(
        &prior,
        "measure,period,dimension,group,value,target,unit,polarity\n\
         Attendance,2022,,,91.5,95,percent,higher\n\
         Attendance,2023,,,92,95,percent,higher\n\
         Attendance,2023,Grade,K,88,,percent,higher\n\
         Visits,2024-01,,,12,,number,higher\n",
    )
    .unwrap();
    let s = import_file(&mut f.store, &prior, &ImportOptions::default(), &mut |_| {
        true
    })
    .unwrap();
    assert!(s.imported, "{:?}", s.errors);
    assert_eq!(s.created, 4);
    f
}

/// What is wrong with the summary of a refused import, if anything.
fn judge(c: &Case, s: &ImportSummary) -> Option<String> {
    let Some(first) = s.errors.first() else {
        return Some(format!("not refused: {s:?}"));
    };
    let mut wrong = Vec::new();
    if s.imported || s.import_id.is_some() {
        wrong.push("imported".to_string());
    }
    match c.at {
        At::File => {
            if first.row.is_some() || first.column.is_some() {
                wrong.push("expected a problem with the whole file".into());
            }
        }
        At::Row(r) => {
            if first.row != Some(r) {
                wrong.push(format!("expected row {r}"));
            }
        }
        At::Cell(r, col) => {
            if first.row != Some(r) {
                wrong.push(format!("expected row {r}"));
            }
            if !first.column.as_deref().is_some_and(|c| c.contains(col)) {
                wrong.push(format!("expected column {col}"));
            }
        }
    }
    if !first
        .message
        .to_lowercase()
        .contains(&c.word.to_lowercase())
    {
        wrong.push(format!("expected \"{}\" in the message", c.word));
    }
    if s.error_count < s.errors.len() as u64 {
        wrong.push("error_count below the problems listed".into());
    }
    (!wrong.is_empty()).then(|| {
        format!(
            "{}; first problem: row {:?}, column {:?}: {}",
            wrong.join(", "),
            first.row,
            first.column,
            first.message
        )
    })
}

#[test]
fn every_malformed_file_is_refused_where_it_breaks_and_nothing_is_written() {
    let mut f = loaded();
    let mut before = dump(&f.raw());
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = corpus();
    assert!(corpus.len() >= 60, "the corpus shrank to {}", corpus.len());
    let mut failures = Vec::new();
    for c in &corpus {
        let path = dir.path().join(c.name);
        (c.make)(&path);
        let result = import_file(&mut f.store, &path, &c.opts, &mut |_| true);
        match result {
            Ok(s) => {
                if let Some(why) = judge(c, &s) {
                    failures.push(format!("{}: {why}", c.name));
                }
            }
            Err(e) => failures.push(format!("{}: Err instead of a summary: {e}", c.name)),
        }
        // Whatever the file, not one row of any table (change log and imports included)
        // may differ: a refused import writes nothing.
        let after = dump(&f.raw());
        if after != before {
            failures.push(format!(
                "{}: the database changed: {}",
                c.name,
                changed_tables(&before, &after)
            ));
            // Start the next file from the same state, so one failure stays one failure.
            f = loaded();
            before = dump(&f.raw());
        }
        // The big files go as soon as they are read, to keep the temporary folder small.
        if path.is_file() {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let check = f.store.check().unwrap();
    assert!(check.ok(), "{check:?}");
    assert!(
        failures.is_empty(),
        "{} of {} malformed files were not refused as they should be:\n  {}",
        failures.len(),
        corpus.len(),
        failures.join("\n  ")
    );
}

/// The path of the CLI binary of the core (src/bin/backbone-cli.rs).
pub fn cli_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_backbone-cli"))
}

#[test]
fn the_cli_refuses_a_malformed_file_with_exit_1_and_a_located_json_summary() {
    let f = loaded();
    let before = dump(&f.raw());
    let dir = tempfile::TempDir::new().unwrap();
    let picked = [
        "value-abc.csv",
        "truncated-row.csv",
        "utf16le-bom.csv",
        "header-only.csv",
        "windows-1252.csv",
        "cell-of-10mb.csv",
        "not-a-bundle.json",
    ];
    let corpus = corpus();
    for name in picked {
        let c = corpus.iter().find(|c| c.name == name).unwrap();
        let path = dir.path().join(c.name);
        (c.make)(&path);
        let out = Command::new(cli_binary())
            .arg("--db")
            .arg(&f.path)
            .arg("import")
            .arg(&path)
            .arg("--json")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: a refused import exits 1\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{name}: --json prints JSON ({e}): {stdout}"));
        assert!(json["format"].is_string(), "{name}: {json}");
        for key in [
            "rows_read",
            "created",
            "updated",
            "unchanged",
            "skipped_missing",
            "skipped_suppressed",
        ] {
            assert!(json[key].is_u64(), "{name}: {key} is a count: {json}");
        }
        assert!(json["measures_created"].is_array(), "{name}: {json}");
        assert_eq!(json["imported"], false, "{name}");
        let errors = json["errors"].as_array().expect("errors is a list");
        assert!(!errors.is_empty(), "{name}: {json}");
        for e in errors {
            let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["column", "message", "row"], "{name}: {e}");
            assert!(e["row"].is_u64() || e["row"].is_null(), "{name}: {e}");
            assert!(
                e["column"].is_string() || e["column"].is_null(),
                "{name}: {e}"
            );
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        // The same location and words as the library reports.
        let first = &errors[0];
        match c.at {
            At::File => assert!(first["row"].is_null(), "{name}: {first}"),
            At::Row(r) | At::Cell(r, _) => assert_eq!(first["row"], r, "{name}: {first}"),
        }
        assert!(
            first["message"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&c.word.to_lowercase()),
            "{name}: {first}"
        );
        std::fs::remove_file(&path).unwrap();
    }
    assert_eq!(dump(&f.raw()), before, "refused imports write nothing");
}
