//! Reading a file as rows of text cells: CSV (any line endings, UTF-8 with or without a
//! byte-order mark, `,` `;` or tab between columns) streamed with bounded memory, and XLSX
//! (first sheet or a named one).
//!
//! Limits (each breach is a located error, never a panic or an unbounded allocation): a
//! row of at most [`MAX_COLUMNS`] columns, a cell of at most [`MAX_FIELD_BYTES`] bytes, a
//! record (with quoted line breaks) of at most [`MAX_RECORD_BYTES`].

use super::cell::NumberStyle;
use super::{Problem, SourceError};
use csv::{ByteRecord, StringRecord};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 1_000;
/// The longest a cell may be.
pub const MAX_FIELD_BYTES: usize = 65_536;
/// The longest a record may be, quoted line breaks included.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// What kind of file the first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Xlsx,
    Json,
}

/// Looks at the first bytes: refuses binary files and encodings other than UTF-8 with a
/// message saying what to do.
pub fn sniff(path: &Path) -> Result<(Kind, u64), SourceError> {
    let mut file = open(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8192];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(SourceError::io(path, e)),
        }
    }
    head.truncate(n);
    if n == 0 {
        return Err(SourceError::file("the file is empty"));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Ok((Kind::Xlsx, size));
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(SourceError::file(
            "this is an old Excel workbook (.xls); save it as .xlsx or CSV UTF-8 and import that",
        ));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(SourceError::file(
            "the file is UTF-16 text; Backbone reads UTF-8 (with or without a byte-order mark): \
             in Excel choose \"CSV UTF-8\", or re-save it as UTF-8 in a text editor",
        ));
    }
    if let Some(at) = head.iter().position(|b| *b == 0) {
        // ASCII in UTF-16 has a zero in every other byte: the odd ones (little endian) or
        // the even ones (big endian).
        let zeros = |from: usize| {
            head.iter()
                .skip(from)
                .step_by(2)
                .filter(|b| **b == 0)
                .count()
        };
        let utf16 = zeros(0).max(zeros(1)) * 3 > n;
        return Err(SourceError::file(if utf16 {
            "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 and import that".to_string()
        } else {
            format!(
                "this is not a text file (a zero byte at offset {at}); import a CSV or XLSX file"
            )
        }));
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        return Ok((Kind::Json, size));
    }
    Ok((Kind::Text, size))
}

fn open(path: &Path) -> Result<File, SourceError> {
    let file = File::open(path).map_err(|e| SourceError::io(path, e))?;
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(SourceError::file("this is a folder, not a file"));
    }
    Ok(file)
}

/// Rows of text cells, header first.
pub trait Rows: Send {
    /// The next row and its number in the file (1 is the first line); `None` at the end.
    fn next_row(&mut self) -> Result<Option<(u64, &StringRecord)>, Problem>;
    /// Bytes read so far (for progress).
    fn bytes_read(&self) -> u64;
    /// How numbers are written in this file.
    fn style(&self) -> NumberStyle;
}

/// A number shared between the reader and its guard (rows are read on their own thread:
/// `Send`).
#[derive(Debug, Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl Counter {
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, v: u64) {
        self.0.store(v, Ordering::Relaxed)
    }
}

/// Counts bytes read and stops a record that grows past the limit.
struct Guard<R> {
    inner: R,
    read: Counter,
    record_start: Counter,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // The csv reader reads ahead by its buffer (8 KiB), so allow that much slack.
        if self.read.get() > self.record_start.get() + MAX_RECORD_BYTES + 65_536 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                RecordTooLong,
            ));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[derive(Debug)]
struct RecordTooLong;
impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record too long")
    }
}
impl std::error::Error for RecordTooLong {}

/// A CSV file, streamed.
pub struct CsvRows {
    reader: csv::Reader<Guard<BufReader<File>>>,
    bytes: ByteRecord,
    record: StringRecord,
    read: Counter,
    record_start: Counter,
    style: NumberStyle,
    row: u64,
    path: std::path::PathBuf,
    size: u64,
    delimiter: u8,
}

impl CsvRows {
    pub fn open(path: &Path) -> Result<CsvRows, SourceError> {
        let delimiter = sniff_delimiter(path)?;
        let file = open(path)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let read = Counter::default();
        let record_start = Counter::default();
        let guard = Guard {
            inner: BufReader::with_capacity(1 << 16, file),
            read: read.clone(),
            record_start: record_start.clone(),
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(1 << 16)
            .from_reader(guard);
        Ok(CsvRows {
            reader,
            bytes: ByteRecord::new(),
            record: StringRecord::new(),
            read,
            record_start,
            style: NumberStyle {
                decimal_comma: delimiter == b';',
            },
            row: 0,
            path: path.to_path_buf(),
            size,
            delimiter,
        })
    }

    /// The column of a quote that opens in the record starting at byte `start` and is
    /// never closed (the csv reader then reads the rest of the file as that one cell,
    /// without an error); only called for the record that ends the file.
    fn unclosed_quote(&self, start: u64) -> Option<usize> {
        use std::io::{Seek, SeekFrom};
        let mut file = File::open(&self.path).ok()?;
        file.seek(SeekFrom::Start(start)).ok()?;
        let mut raw = Vec::new();
        file.take(MAX_RECORD_BYTES + (1 << 17))
            .read_to_end(&mut raw)
            .ok()?;
        unclosed_quote(&raw, self.delimiter)
    }
}

/// The column (from 0) of a quote that opens a cell of `raw` and is never closed, read
/// as the csv reader reads quotes: a quote opens a cell only as its first byte, a doubled
/// quote inside is one quote, and after the closing quote the cell goes on unquoted.
fn unclosed_quote(raw: &[u8], delimiter: u8) -> Option<usize> {
    let (mut column, mut opened) = (0, 0);
    let (mut at_start, mut quoted) = (true, false);
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if quoted {
            if b == b'"' {
                if raw.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_start {
            (quoted, opened, at_start) = (true, column, false);
        } else if b == delimiter {
            (column, at_start) = (column + 1, true);
        } else if b == b'\n' || b == b'\r' {
            (column, at_start) = (0, true);
        } else {
            at_start = false;
        }
    }
    quoted.then_some(opened)
}

/// `;` or tab when the first line has those and no comma; else `,`.
fn sniff_delimiter(path: &Path) -> Result<u8, SourceError> {
    let mut file = open(path)?;
    let mut head = vec![0u8; 4096];
    let n = file.read(&mut head).map_err(|e| SourceError::io(path, e))?;
    let line = head[..n].split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    Ok(if count(b',') == 0 && count(b';') > 0 {
        b';'
    } else if count(b',') == 0 && count(b'\t') > 0 {
        b'\t'
    } else {
        b','
    })
}

impl Rows for CsvRows {
    fn next_row(&mut self) -> Result<Option<(u64, &StringRecord)>, Problem> {
        let next = self.row + 1;
        match self.reader.read_byte_record(&mut self.bytes) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                let too_long = matches!(e.kind(), csv::ErrorKind::Io(io)
                    if io.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()));
                return Err(Problem::row(
                    next,
                    if too_long {
                        format!(
                            "a row longer than {} MB: an unclosed quote, or not a CSV file",
                            MAX_RECORD_BYTES >> 20
                        )
                    } else {
                        format!("the file could not be read: {e}")
                    },
                ));
            }
        }
        let line = self
            .bytes
            .position()
            .map(|p| p.line())
            .unwrap_or(self.row + 1);
        self.row = line.max(next);
        self.record_start.set(self.reader.position().byte());
        if self.reader.position().byte() >= self.size {
            let start = self.bytes.position().map_or(0, |p| p.byte());
            if let Some(column) = self.unclosed_quote(start) {
                return Err(Problem::at(
                    self.row,
                    format!("column {}", column + 1),
                    "a quote opens this cell and is never closed, so the rest of the file \
                     reads as this one cell: close the quote (a quote inside a quoted cell \
                     is written twice) and import again"
                        .into(),
                ));
            }
        }
        if self.row == 1 {
            // A byte-order mark belongs to the file, not to the first header.
            if self
                .bytes
                .get(0)
                .is_some_and(|f| f.starts_with(b"\xEF\xBB\xBF"))
            {
                let mut fixed = ByteRecord::new();
                for (i, field) in self.bytes.iter().enumerate() {
                    fixed.push_field(if i == 0 { &field[3..] } else { field });
                }
                self.bytes = fixed;
            }
        }
        if self.bytes.len() > MAX_COLUMNS {
            return Err(Problem::row(
                self.row,
                format!(
                    "{} columns; a file may have at most {MAX_COLUMNS}",
                    self.bytes.len()
                ),
            ));
        }
        if let Some((i, field)) = self
            .bytes
            .iter()
            .enumerate()
            .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
        {
            return Err(Problem::at(
                self.row,
                format!("column {}", i + 1),
                format!(
                    "a cell of {} bytes; a cell may hold at most {MAX_FIELD_BYTES}",
                    field.len()
                ),
            ));
        }
        let bytes = std::mem::take(&mut self.bytes);
        match StringRecord::from_byte_record(bytes) {
            Ok(record) => {
                self.record = record;
                Ok(Some((self.row, &self.record)))
            }
            Err(e) => {
                let field = e.utf8_error().field();
                let bytes = e.into_byte_record();
                let cell = bytes.get(field).unwrap_or(&[]);
                let at = e_valid_up_to(cell);
                let byte = cell.get(at).copied().unwrap_or(0);
                Err(Problem::at(
                    self.row,
                    format!("column {}", field + 1),
                    format!(
                        "not UTF-8 text (byte 0x{byte:02X}); the file seems to be in another encoding \
                         (Windows-1252 or Latin-1?): save it as UTF-8 (\"CSV UTF-8\" in Excel) and import that"
                    ),
                ))
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.read.get()
    }

    fn style(&self) -> NumberStyle {
        self.style
    }
}

#[cfg(test)]
#[test]
fn quotes_that_are_never_closed_are_found() {
    assert_eq!(unclosed_quote(b"a,b,\"c\nd,e\n", b','), Some(2));
    assert_eq!(unclosed_quote(b"\"a\"\"b,c", b','), Some(0));
    assert_eq!(unclosed_quote(b"a,\"b\"\"\",c\n", b','), None);
    assert_eq!(unclosed_quote(b"a,\"b, \"\"c\"\"\"\n", b','), None);
    assert_eq!(
        unclosed_quote(b"5'10\",x\n", b','),
        None,
        "a quote inside an unquoted cell is text"
    );
    assert_eq!(unclosed_quote(b"a;\"b\n", b';'), Some(1));
    assert_eq!(unclosed_quote(b"", b','), None);
}

fn e_valid_up_to(cell: &[u8]) -> usize {
    match std::str::from_utf8(cell) {
        Ok(_) => cell.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// A sheet of an XLSX workbook. The sheet is read whole (calamine reads sheets whole);
/// workbooks are far smaller than the CSV files this app streams.
pub struct SheetRows {
    rows: std::vec::IntoIter<(u64, StringRecord)>,
    current: StringRecord,
    total: u64,
    done: u64,
}

impl SheetRows {
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<SheetRows, SourceError> {
        use calamine::{open_workbook_auto, Reader};
        let mut book = open_workbook_auto(path).map_err(|e| {
            SourceError::file(format!("this is not a workbook Backbone can read: {e}"))
        })?;
        let names = book.sheet_names().to_vec();
        let name = match sheet {
            Some(wanted) => names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(wanted.trim()))
                .cloned()
                .ok_or_else(|| {
                    SourceError::file(format!(
                        "the workbook has no sheet \"{wanted}\"; its sheets are: {}",
                        names.join(", ")
                    ))
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| SourceError::file("the workbook has no sheet"))?,
        };
        let range = book
            .worksheet_range(&name)
            .map_err(|e| SourceError::file(format!("sheet \"{name}\" could not be read: {e}")))?;
        let first_row = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
        let width = range.width();
        if width > MAX_COLUMNS {
            return Err(SourceError::file(format!(
                "sheet \"{name}\" has {width} columns; a file may have at most {MAX_COLUMNS}"
            )));
        }
        let mut rows = Vec::with_capacity(range.height());
        let mut header_width = 0;
        for (i, row) in range.rows().enumerate() {
            let mut record = StringRecord::with_capacity(64, row.len());
            for cell in row {
                record.push_field(&cell_text(cell));
            }
            let used = (0..record.len())
                .rev()
                .find(|i| record.get(*i).is_some_and(|c| !c.is_empty()))
                .map_or(0, |p| p + 1);
            if used == 0 {
                continue; // an empty row
            }
            if rows.is_empty() {
                header_width = used;
            }
            // Cells past the header's last column and the row's last value are the sheet's
            // width, not data; a row shorter than the header is padded with blanks.
            record.truncate(used.max(header_width));
            rows.push((first_row + i as u64 + 1, record));
        }
        let total = rows.len() as u64;
        Ok(SheetRows {
            rows: rows.into_iter(),
            current: StringRecord::new(),
            total,
            done: 0,
        })
    }

    /// Rows in the sheet (for progress).
    pub fn total(&self) -> u64 {
        self.total
    }
}

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.to_string(),
            None => dt.as_f64().to_string(),
        },
    }
}

impl Rows for SheetRows {
    fn next_row(&mut self) -> Result<Option<(u64, &StringRecord)>, Problem> {
        match self.rows.next() {
            Some((n, record)) => {
                self.done += 1;
                self.current = record;
                Ok(Some((n, &self.current)))
            }
            None => Ok(None),
        }
    }

    fn bytes_read(&self) -> u64 {
        self.done
    }

    fn style(&self) -> NumberStyle {
        NumberStyle::default()
    }
}
