//! Backups and restores of the database file.
//!
//! Owns every copy of the database the app writes, where it keeps them and how it puts one
//! back. It must not write the database in place by hand: copies are taken with
//! `VACUUM INTO` (a consistent snapshot, safe while other connections write), and a
//! restore goes through SQLite's online backup API on the open connection, so SQLite
//! itself handles the WAL and every other connection sees the restored content.
//!
//! # The backups folder
//!
//! The database `<dir>/<name>.sqlite` keeps its backups in `<dir>/<name>-backups/`
//! ([`Store::backup_dir`], created on demand), one SQLite file each, named for why and
//! when (UTC, from the store's clock):
//!
//! | file | written by | kept |
//! |------|------------|------|
//! | `daily-2026-11-24T090000Z.sqlite` | [`Store::daily_backup`] | the newest [`KEEP_BACKUPS`] |
//! | `before-migration-schema2-2026-11-24T090000Z.sqlite` | [`Store::open`], before migrating an older file | the newest [`KEEP_BACKUPS`] |
//! | `before-restore-2026-11-24T090000Z.sqlite` | [`Store::restore_from`] | the newest [`KEEP_BACKUPS`] |
//! | `manual-2026-11-24T090000Z.sqlite` | [`Store::backup_now`] | all |
//!
//! A second file of the same kind in the same second gets `-2`, `-3`... before `.sqlite`.
//! Files whose names do not follow this pattern (and the hidden temporary files of a copy
//! being written) are neither listed nor removed.
//!
//! # What the app calls, and when
//!
//! - At startup, after [`Store::open`]: [`Store::daily_backup`] (a no-op once today's
//!   exists, so calling it again later in the day, or after midnight, is cheap). A
//!   migration's copy is taken by `open` itself and reported in `OpenReport::backup`.
//! - Settings: [`Store::backup_dir`] ("Backups are kept in ..."), [`Store::list_backups`]
//!   (newest first), [`Store::backup_now`] ("Back up now").
//! - "Back up database..." to a file the person chose: [`Store::backup_to`] (refuses an
//!   existing file) or [`Store::backup_to_file`] (`replace` overwrites it).
//! - "Restore...": [`Store::restore_from`] with the chosen file (one of
//!   [`Store::list_backups`] or any other). It checks the file first and refuses, leaving
//!   the database as it was, unless it is a whole Backbone database no newer than this app;
//!   then it keeps the current content as a `before-restore` backup, migrates a copy of the
//!   file if it is older, and copies it into the open database in one transaction.
//!
//! Every file is written atomically: to a hidden temporary file in the destination folder,
//! synced, renamed into place, and the folder synced, so a crash leaves either the old file
//! or the whole new one.

use super::APPLICATION_ID;
use super::{configure, copy_consistent, migrations, not_backbone, timestamp, Store};
use crate::error::{Error, Result};
use crate::model::{BackupInfo, BackupKind, RestoreReport};
use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many backups of each automatic kind (daily, before a migration, before a restore)
/// are kept; older ones are removed when a new one is written.
pub const KEEP_BACKUPS: usize = 7;

/// The time in a backup's name: sortable, readable, and valid in file names everywhere.
const STAMP: &str = "%Y-%m-%dT%H%M%SZ";
/// The length of a formatted [`STAMP`].
const STAMP_LEN: usize = "2026-11-24T090000Z".len();
/// The extension of every backup.
const EXT: &str = ".sqlite";
/// How long a restore waits for other connections to let go of the database.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// The file-name prefix of each kind.
fn prefix(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Daily => "daily-",
        BackupKind::BeforeMigration => "before-migration-",
        BackupKind::BeforeRestore => "before-restore-",
        BackupKind::Manual => "manual-",
    }
}

/// The backups folder of the database at `db`: `<dir>/<name>-backups`.
pub(super) fn dir_for(db: &Path) -> PathBuf {
    let mut name: OsString = db
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "backbone".into());
    name.push("-backups");
    db.with_file_name(name)
}

/// A backup file found in a backups folder.
struct Found {
    info: BackupInfo,
    time: DateTime<Utc>,
    /// 1, or the `-N` a same-second duplicate got.
    n: u32,
}

/// Reads a backup's kind, time and duplicate number from its file name.
fn parse_name(name: &str) -> Option<(BackupKind, DateTime<Utc>, u32)> {
    let base = name.strip_suffix(EXT)?;
    let (kind, rest) = BackupKind::ALL
        .iter()
        .find_map(|&k| base.strip_prefix(prefix(k)).map(|rest| (k, rest)))?;
    let rest = if kind == BackupKind::BeforeMigration {
        let (version, rest) = rest.strip_prefix("schema")?.split_once('-')?;
        if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        rest
    } else {
        rest
    };
    let stamp = rest.get(..STAMP_LEN)?;
    let n = match &rest[STAMP_LEN..] {
        "" => 1,
        tail => tail
            .strip_prefix('-')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?
            .parse()
            .ok()?,
    };
    let time = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((kind, time, n))
}

/// The backups in `dir`, newest first (none when the folder does not exist yet).
fn list_in(dir: &Path) -> Result<Vec<Found>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(io_error(dir, source)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| io_error(dir, source))?;
        let name = entry.file_name();
        let Some((kind, time, n)) = name.to_str().and_then(parse_name) else {
            continue;
        };
        let path = entry.path();
        let meta = entry.metadata().map_err(|source| io_error(&path, source))?;
        if !meta.is_file() {
            continue;
        }
        found.push(Found {
            info: BackupInfo {
                path: path.display().to_string(),
                file_name: name.to_string_lossy().into_owned(),
                kind,
                created_at: timestamp(time),
                size_bytes: meta.len(),
            },
            time,
            n,
        });
    }
    found.sort_by(|a, b| (b.time, b.n, &b.info.file_name).cmp(&(a.time, a.n, &a.info.file_name)));
    Ok(found)
}

/// Removes all but the newest [`KEEP_BACKUPS`] backups of `kind` in `dir`.
fn prune(dir: &Path, kind: BackupKind) -> Result<()> {
    for old in list_in(dir)?
        .into_iter()
        .filter(|f| f.info.kind == kind)
        .skip(KEEP_BACKUPS)
    {
        let path = PathBuf::from(&old.info.path);
        fs::remove_file(&path).map_err(|source| io_error(&path, source))?;
        // A raw copy of a damaged database may carry its WAL (see `raw_copy`).
        remove_if_present(&with_suffix(&path, "-wal"))?;
    }
    Ok(())
}

/// A name for a new backup of `kind` in `dir` that no file has yet.
fn fresh_name(dir: &Path, kind: BackupKind, label: &str, now: DateTime<Utc>) -> PathBuf {
    let base = format!("{}{label}{}", prefix(kind), now.format(STAMP));
    let mut path = dir.join(format!("{base}{EXT}"));
    let mut n = 2;
    while path.exists() || with_suffix(&path, "-wal").exists() {
        path = dir.join(format!("{base}-{n}{EXT}"));
        n += 1;
    }
    path
}

/// `path` with `suffix` appended to its file name (`x.sqlite` → `x.sqlite-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(path, e)),
        _ => Ok(()),
    }
}

/// Files removed when dropped, unless [`Scratch::keep`] was called: the temporary files of
/// a copy that failed half-way.
struct Scratch(Vec<PathBuf>);

impl Scratch {
    /// A file and the journals SQLite may have left beside it.
    fn sqlite(path: &Path) -> Scratch {
        Scratch(
            ["", "-wal", "-shm", "-journal"]
                .iter()
                .map(|s| with_suffix(path, s))
                .collect(),
        )
    }

    fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = fs::remove_file(path);
        }
    }
}

/// The folder `path` is in (`.` for a bare file name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A hidden temporary file beside `dest`, for writing it atomically.
fn temp_beside(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(dest).join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()))
}

fn sync_file(path: &Path) -> Result<u64> {
    let file = File::open(path).map_err(|source| io_error(path, source))?;
    file.sync_all().map_err(|source| io_error(path, source))?;
    Ok(file
        .metadata()
        .map_err(|source| io_error(path, source))?
        .len())
}

/// Makes a rename in `dir` durable. Windows cannot open a folder as a file; NTFS journals
/// the rename itself.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| io_error(dir, source))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

/// The refusal of an existing destination.
fn exists_error(dest: &Path) -> Error {
    Error::invalid(
        "path",
        format!("{} already exists; choose a new file name", dest.display()),
    )
}

/// Moves the synced temporary file `tmp` to `dest`; without `replace`, never over an
/// existing file (a hard link fails if `dest` exists, even one created a moment ago).
fn put_in_place(tmp: &Path, dest: &Path, replace: bool) -> Result<()> {
    if replace {
        fs::rename(tmp, dest).map_err(|source| io_error(dest, source))?;
    } else {
        match fs::hard_link(tmp, dest) {
            Ok(()) => fs::remove_file(tmp).map_err(|source| io_error(tmp, source))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(exists_error(dest))
            }
            // A file system without hard links (FAT on a USB stick): check, then rename.
            Err(_) if dest.exists() => return Err(exists_error(dest)),
            Err(_) => fs::rename(tmp, dest).map_err(|source| io_error(dest, source))?,
        }
    }
    sync_dir(parent_of(dest))
}

/// Writes a consistent copy of `conn`'s database to `dest` atomically; returns its size.
fn write_copy(conn: &Connection, dest: &Path, replace: bool) -> Result<u64> {
    if !replace && dest.exists() {
        return Err(exists_error(dest));
    }
    let folder = parent_of(dest);
    fs::create_dir_all(folder).map_err(|source| io_error(folder, source))?;
    let tmp = temp_beside(dest);
    let scratch = Scratch::sqlite(&tmp);
    copy_consistent(conn, &tmp)?;
    let size = sync_file(&tmp)?;
    put_in_place(&tmp, dest, replace)?;
    scratch.keep();
    Ok(size)
}

/// The copy `Store::open` takes of a file before migrating it from `from_version`: into
/// the backups folder of `db`, keeping the newest [`KEEP_BACKUPS`].
pub(super) fn before_migration(
    conn: &Connection,
    db: &Path,
    now: DateTime<Utc>,
    from_version: i64,
) -> Result<PathBuf> {
    let dir = dir_for(db);
    let dest = fresh_name(
        &dir,
        BackupKind::BeforeMigration,
        &format!("schema{from_version}-"),
        now,
    );
    write_copy(conn, &dest, false)?;
    prune(&dir, BackupKind::BeforeMigration)?;
    Ok(dest)
}

/// The problems a checking PRAGMA reports, one a line (`ok` left out), and the error that
/// stopped it part-way, if any, as the last line.
fn problems(
    conn: &Connection,
    sql: &str,
    line: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>,
) -> Vec<String> {
    let mut lines = Vec::new();
    let result = conn.prepare(sql).and_then(|mut stmt| {
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            lines.push(line(row)?);
        }
        Ok(())
    });
    // integrity_check packs several problems into one row, under a "*** in database
    // main ***" heading: one problem a line, without the heading.
    let mut lines: Vec<String> = lines
        .iter()
        .flat_map(|l| l.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "ok" && !l.starts_with("*** in database"))
        .map(String::from)
        .collect();
    if let Err(e) = result {
        lines.push(e.to_string());
    }
    lines
}

/// At most three problems, and how many more there are.
fn summary(lines: &[String]) -> String {
    let mut text = lines.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    if lines.len() > 3 {
        text.push_str(&format!("; and {} more", lines.len() - 3));
    }
    text
}

fn damaged(from: &Path, detail: &str) -> Error {
    Error::invalid(
        "from",
        format!(
            "{} is damaged ({detail}); nothing was restored",
            from.display()
        ),
    )
}

fn refused(from: &Path, reason: &str) -> Error {
    Error::NotBackbone {
        path: from.to_path_buf(),
        reason: format!("{reason}; nothing was restored"),
    }
}

/// A SQLite failure while reading the file to restore, said about that file.
fn unreadable(from: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => refused(from, "it is not a SQLite database"),
        Some(ErrorCode::DatabaseCorrupt) => damaged(from, &e.to_string()),
        _ => not_backbone(from, e),
    }
}

/// Checks the staged copy of `from`: a whole Backbone database no newer than this app.
/// Returns its schema version.
fn check_source(conn: &Connection, from: &Path) -> Result<i64> {
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| unreadable(from, e))
    };
    let app_id = read("PRAGMA application_id")? as i32;
    let version = read("PRAGMA user_version")?;
    if app_id != APPLICATION_ID {
        let has_tables =
            read("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')")? != 0;
        return Err(refused(
            from,
            &match (app_id, has_tables) {
                (0, true) => "it is a SQLite database of another application".to_string(),
                (0, false) => "it is an empty SQLite database".to_string(),
                _ => format!("it belongs to another application (application_id {app_id:#x})"),
            },
        ));
    }
    let latest = migrations::latest_version();
    if version > latest {
        return Err(Error::SchemaTooNew {
            path: from.to_path_buf(),
            found: version,
            known: latest,
        });
    }
    if version < 1 {
        return Err(refused(from, "it holds no Backbone tables"));
    }
    let integrity = problems(conn, "PRAGMA integrity_check", |r| r.get(0));
    if !integrity.is_empty() {
        return Err(damaged(
            from,
            &format!("SQLite's integrity check: {}", summary(&integrity)),
        ));
    }
    let mut dangling = problems(conn, "PRAGMA foreign_key_check", |r| {
        Ok(format!(
            "{} row {} -> {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
            r.get::<_, String>(2)?
        ))
    });
    dangling.extend(super::check::dangling_values(conn));
    if !dangling.is_empty() {
        return Err(Error::invalid(
            "from",
            format!(
                "{} has {} row(s) pointing to rows that do not exist ({}); nothing was restored",
                from.display(),
                dangling.len(),
                summary(&dangling)
            ),
        ));
    }
    Ok(version)
}

/// Copies `from` (and its WAL, if it has one with content) to `staged`, so the checks and
/// the restore read one private file that cannot change in between, and SQLite never
/// writes beside the person's file.
fn stage(from: &Path, staged: &Path) -> Result<()> {
    fs::copy(from, staged).map_err(|source| io_error(from, source))?;
    let wal = with_suffix(from, "-wal");
    if fs::metadata(&wal).is_ok_and(|m| m.is_file() && m.len() > 0) {
        fs::copy(&wal, with_suffix(staged, "-wal")).map_err(|source| io_error(&wal, source))?;
    }
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = File::open(staged).map_err(|source| io_error(staged, source))?;
    let n = file
        .read(&mut header)
        .map_err(|source| io_error(staged, source))?;
    if n == 0 {
        return Err(refused(from, "it is empty"));
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(refused(
            from,
            "it is not a SQLite database (wrong file header)",
        ));
    }
    Ok(())
}

fn page_size(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
}

/// Rewrites the staged copy out of WAL and with the live database's page size: the backup
/// API cannot change the page size of a database in WAL mode.
fn match_page_size(staged: &Connection, want: i64) -> Result<()> {
    let mode: String = staged.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!(
            "could not take the copy to restore out of WAL (journal mode {mode})"
        )));
    }
    if page_size(staged)? != want {
        staged.pragma_update(None, "page_size", want)?;
        staged.execute_batch("VACUUM")?;
        let got = page_size(staged)?;
        if got != want {
            return Err(Error::Internal(format!(
                "could not give the copy to restore the database's page size ({got} instead of {want})"
            )));
        }
    }
    Ok(())
}

/// Copies every page of `src` into `dest` in one write transaction of `dest`, waiting
/// up to [`BUSY_WAIT`] for other connections to finish writing.
fn copy_into(src: &Connection, dest: &mut Connection, db: &Path) -> Result<()> {
    let backup = Backup::new(src, dest)?;
    let deadline = Instant::now() + BUSY_WAIT;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if Instant::now() >= deadline => {
                return Err(Error::Conflict(format!(
                    "{} stayed busy (another program kept writing to it); nothing was restored",
                    db.display()
                )))
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

impl Store {
    fn in_memory(&self) -> bool {
        self.path == Path::new(":memory:")
    }

    /// True when `other` is this store's own file.
    fn is_own_file(&self, other: &Path) -> bool {
        match (fs::canonicalize(other), fs::canonicalize(&self.path)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }

    /// The folder this database's backups go to (`<dir>/<name>-backups` for
    /// `<dir>/<name>.sqlite`); it is created when the first backup is written. `None` for
    /// an in-memory database, which has no automatic backups.
    pub fn backup_dir(&self) -> Option<PathBuf> {
        (!self.in_memory()).then(|| dir_for(&self.path))
    }

    /// Writes a consistent copy of the whole database to `dest`, which must not exist
    /// (the app's "Back up database..."). Safe while other connections write.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.backup_to_file(dest, false).map(drop)
    }

    /// Writes a consistent copy of the whole database to `dest` atomically and returns its
    /// size in bytes. An existing `dest` is refused unless `replace`; the database's own
    /// file, and folders, always are.
    pub fn backup_to_file(&self, dest: &Path, replace: bool) -> Result<u64> {
        if self.is_own_file(dest) {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} is the database itself; choose another file for the backup",
                    dest.display()
                ),
            ));
        }
        if dest.is_dir() {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} is a folder; give the name of the backup file to write in it",
                    dest.display()
                ),
            ));
        }
        write_copy(&self.conn, dest, replace)
    }

    /// Writes a backup of `kind` into the backups folder and prunes that kind.
    fn write_kind(&self, kind: BackupKind) -> Result<BackupInfo> {
        let dir = self
            .backup_dir()
            .ok_or_else(|| Error::invalid_input("An in-memory database has no backups folder"))?;
        let dest = fresh_name(&dir, kind, "", (self.clock)());
        write_copy(&self.conn, &dest, false)?;
        if kind != BackupKind::Manual {
            prune(&dir, kind)?;
        }
        self.backup_info(&dest)
    }

    /// The listing entry of the backup at `path`.
    fn backup_info(&self, path: &Path) -> Result<BackupInfo> {
        let dir = parent_of(path);
        list_in(dir)?
            .into_iter()
            .map(|f| f.info)
            .find(|info| Path::new(&info.path) == path)
            .ok_or_else(|| {
                Error::Internal(format!("the new backup {} is not listed", path.display()))
            })
    }

    /// Writes a backup into the backups folder now ("Back up now"); these are never
    /// removed by the app. Fails for an in-memory database.
    pub fn backup_now(&self) -> Result<BackupInfo> {
        self.write_kind(BackupKind::Manual)
    }

    /// The once-a-day backup: writes `daily-<now>.sqlite` into the backups folder unless
    /// one dated today (by the store's clock) is there, then keeps the newest
    /// [`KEEP_BACKUPS`] daily ones. Returns the new backup, or `None` when there was one
    /// already (or the database is in memory). The app calls it at startup.
    pub fn daily_backup(&self) -> Result<Option<BackupInfo>> {
        let Some(dir) = self.backup_dir() else {
            return Ok(None);
        };
        let today = self.today();
        let done = list_in(&dir)?
            .iter()
            .any(|f| f.info.kind == BackupKind::Daily && f.time.date_naive() == today);
        if done {
            return Ok(None);
        }
        self.write_kind(BackupKind::Daily).map(Some)
    }

    /// Every backup in the backups folder, newest first (empty when there is none yet, or
    /// for an in-memory database).
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        match self.backup_dir() {
            Some(dir) => Ok(list_in(&dir)?.into_iter().map(|f| f.info).collect()),
            None => Ok(Vec::new()),
        }
    }

    /// Keeps the current content as a `before-restore` backup. A database too damaged to
    /// be read through is copied as it lies on disk instead, so restoring over a damaged
    /// file (the reason to restore) still keeps what was there.
    fn keep_before_restore(&self) -> Result<BackupInfo> {
        match self.write_kind(BackupKind::BeforeRestore) {
            Err(Error::Database(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
                ) =>
            {
                self.raw_copy()
            }
            other => other,
        }
    }

    /// Copies the database's file, and its WAL if a checkpoint could not empty it, byte for
    /// byte into a `before-restore` backup (the WAL as `<backup>-wal`).
    fn raw_copy(&self) -> Result<BackupInfo> {
        let dir = dir_for(&self.path);
        fs::create_dir_all(&dir).map_err(|source| io_error(&dir, source))?;
        // Best effort: a checkpoint moves the WAL's pages into the file without reading
        // the damaged b-trees.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let dest = fresh_name(&dir, BackupKind::BeforeRestore, "", (self.clock)());
        let tmp = temp_beside(&dest);
        let scratch = Scratch(vec![tmp.clone(), with_suffix(&dest, "-wal")]);
        fs::copy(&self.path, &tmp).map_err(|source| io_error(&self.path, source))?;
        sync_file(&tmp)?;
        let wal = with_suffix(&self.path, "-wal");
        if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            let dest_wal = with_suffix(&dest, "-wal");
            fs::copy(&wal, &dest_wal).map_err(|source| io_error(&wal, source))?;
            sync_file(&dest_wal)?;
        }
        put_in_place(&tmp, &dest, false)?;
        scratch.keep();
        prune(&dir, BackupKind::BeforeRestore)?;
        self.backup_info(&dest)
    }

    /// Replaces the content of this database with the backup `from`, after checking it.
    ///
    /// Refused, with the database left byte for byte as it was, when `from` is missing, a
    /// folder, this database itself, not a SQLite file, a SQLite file of another
    /// application, written by a newer Backbone (`SchemaTooNew`), damaged (SQLite's
    /// `integrity_check`) or holding rows whose foreign keys point nowhere
    /// (`foreign_key_check`). The refusal names the file and the problem.
    ///
    /// Otherwise: the file (with its WAL, if it has one) is copied to a private temporary
    /// file and checked there; an older schema is migrated there; the current content is
    /// kept as a `before-restore` backup (see [`Store::list_backups`]); and SQLite's
    /// online backup API copies the checked file into this store's connection in one write
    /// transaction. SQLite writes the new pages through the WAL, so no stale `-wal` or
    /// `-shm` can bring old data back, and every other connection to the file (the app, if
    /// the CLI restores while it runs) sees the restored content at its next read.
    pub fn restore_from(&mut self, from: &Path) -> Result<RestoreReport> {
        let meta = fs::metadata(from).map_err(|source| io_error(from, source))?;
        if meta.is_dir() {
            return Err(refused(from, "it is a folder; choose a backup file"));
        }
        if self.is_own_file(from) {
            return Err(Error::invalid(
                "from",
                format!(
                    "{} is the database itself; choose a backup file to restore",
                    from.display()
                ),
            ));
        }
        let staging = self.backup_dir().unwrap_or_else(std::env::temp_dir);
        let made_folder = !staging.exists();
        fs::create_dir_all(&staging).map_err(|source| io_error(&staging, source))?;
        let staged = staging.join(format!(".restore-{}{EXT}", uuid::Uuid::new_v4().simple()));
        let result = self.restore_staged(from, &staged);
        if result.is_err() && made_folder {
            // A refusal leaves no trace, not even an empty backups folder.
            let _ = fs::remove_dir(&staging);
        }
        result
    }

    /// [`Store::restore_from`] once `from` is known to be another file: stages it at
    /// `staged` (removed on return), checks it and copies it in.
    fn restore_staged(&mut self, from: &Path, staged: &Path) -> Result<RestoreReport> {
        let _scratch = Scratch::sqlite(staged);
        stage(from, staged)?;

        let mut source = Connection::open_with_flags(
            staged,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unreadable(from, e))?;
        configure(&source, from)?;
        let from_version = check_source(&source, from)?;
        migrations::apply(
            &mut source,
            migrations::MIGRATIONS,
            migrations::latest_version(),
        )?;
        let count = |table: &str| -> Result<i64> {
            source
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE deleted_at IS NULL"),
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| refused(from, &format!("it lacks the Backbone table {table} ({e})")))
        };
        let (initiatives, observations) = (count("initiatives")?, count("observations")?);
        match_page_size(&source, page_size(&self.conn)?)?;

        let before_restore = if self.in_memory() {
            None
        } else {
            Some(self.keep_before_restore()?)
        };
        copy_into(&source, &mut self.conn, &self.path)?;
        drop(source);
        if !self.in_memory() {
            // Best effort: move the restored pages into the file now (it fails harmlessly
            // while another connection is reading).
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        Ok(RestoreReport {
            database: self.path.display().to_string(),
            restored_from: from.display().to_string(),
            before_restore,
            from_schema_version: from_version,
            schema_version: self.schema_version()?,
            initiatives,
            observations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_round_trip_through_the_parser() {
        let t = Utc.with_ymd_and_hms(2026, 11, 24, 9, 5, 7).unwrap();
        let dir = Path::new("/nowhere");
        for (kind, label) in [
            (BackupKind::Daily, ""),
            (BackupKind::BeforeMigration, "schema12-"),
            (BackupKind::BeforeRestore, ""),
            (BackupKind::Manual, ""),
        ] {
            let path = fresh_name(dir, kind, label, t);
            let name = path.file_name().unwrap().to_str().unwrap();
            assert_eq!(parse_name(name), Some((kind, t, 1)), "{name}");
        }
        assert_eq!(
            parse_name("daily-2026-11-24T090507Z-3.sqlite"),
            Some((BackupKind::Daily, t, 3))
        );
    }

    #[test]
    fn other_files_are_not_backups() {
        for name in [
            "notes.txt",
            "daily-2026-11-24T090507Z.sqlite-wal",
            ".daily-2026-11-24T090507Z.sqlite.0123.tmp",
            ".restore-0123.sqlite",
            "daily-yesterday.sqlite",
            "daily-2026-11-24T090507Z-.sqlite",
            "daily-2026-11-24T090507Z-x.sqlite",
            "before-migration-2026-11-24T090507Z.sqlite",
            "before-migration-schemaX-2026-11-24T090507Z.sqlite",
            "weekly-2026-11-24T090507Z.sqlite",
        ] {
            assert_eq!(parse_name(name), None, "{name}");
        }
    }

    #[test]
    fn the_backups_folder_is_named_for_the_database() {
        assert_eq!(
            dir_for(Path::new("/data/backbone.sqlite")),
            Path::new("/data/backbone-backups")
        );
        assert_eq!(dir_for(Path::new("x.db")), Path::new("x-backups"));
    }

    #[test]
    fn an_in_memory_store_has_no_backups_folder() {
        let clock: super::super::Clock =
            std::sync::Arc::new(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
        let store = Store::open_in_memory(clock).unwrap();
        assert_eq!(store.backup_dir(), None);
        assert_eq!(store.daily_backup().unwrap(), None);
        assert!(store.list_backups().unwrap().is_empty());
        assert!(store.backup_now().is_err());
    }

    #[test]
    fn an_in_memory_store_restores_without_keeping_a_copy() {
        let clock: super::super::Clock =
            std::sync::Arc::new(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("saved.sqlite");
        let (mut on_disk, _) =
            Store::open_with_clock(&dir.path().join("db.sqlite"), clock.clone()).unwrap();
        on_disk.load_sample().unwrap();
        on_disk.backup_to(&saved).unwrap();

        let mut store = Store::open_in_memory(clock).unwrap();
        let report = store.restore_from(&saved).unwrap();
        assert_eq!(report.before_restore, None);
        assert_eq!(report.initiatives, 1);
        assert_eq!(
            store.list_initiatives().unwrap(),
            on_disk.list_initiatives().unwrap()
        );
        assert!(store.check().unwrap().ok());
    }
}
