//! Writing a file so that it is either wholly the new content or untouched.
//!
//! [`write_atomically`] writes into a temporary file in the target's folder (so the rename
//! stays on one file system), flushes and syncs it, renames it over the target and syncs
//! the folder, so that after a crash or power cut the name holds the old file or the new
//! one, never half of either. On any error, or a panic in the writer, the temporary file
//! is removed and an existing target is left byte for byte as it was.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `path` with what `f` writes, atomically (see the module docs). `f` gets a
/// buffered writer; an error it returns is passed on unchanged. The new file keeps the
/// permissions of the file it replaces. A symbolic link at `path` is replaced by the file,
/// not followed.
pub fn write_atomically(path: &Path, f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let name = path.file_name().ok_or_else(|| {
        Error::invalid("path", format!("{} does not name a file", path.display()))
    })?;
    if path.is_dir() {
        return Err(Error::invalid(
            "path",
            format!(
                "{} is a folder; give the name of a file inside it",
                path.display()
            ),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (file, temp) = create_temp(&dir, &name.to_string_lossy())?;
    let guard = Remove(Some(temp.clone()));

    let mut writer = BufWriter::new(file);
    f(&mut writer)?;
    writer.flush().map_err(io(&temp))?;
    let file = writer.into_inner().map_err(|e| Error::Io {
        path: temp.clone(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(io(&temp))?;
    drop(file);
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_file() {
            std::fs::set_permissions(&temp, meta.permissions()).map_err(io(&temp))?;
        }
    }
    std::fs::rename(&temp, path).map_err(io(path))?;
    guard.disarm();
    sync_dir(&dir)
}

/// Creates a new, empty temporary file next to the target: `.<name>.<random>.tmp`.
fn create_temp(dir: &Path, name: &str) -> Result<(File, PathBuf)> {
    let mut last = None;
    for _ in 0..8 {
        let random = uuid::Uuid::new_v4().simple().to_string();
        let temp = dir.join(format!(".{name}.{}.tmp", &random[..12]));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(source) => return Err(Error::Io { path: temp, source }),
        }
    }
    Err(Error::Io {
        path: dir.to_path_buf(),
        source: last.unwrap_or_else(|| std::io::Error::other("no free temporary file name")),
    })
}

/// Makes the rename durable: syncs the folder's entry list (Unix; elsewhere the rename is
/// as durable as the platform makes it).
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes the temporary file when dropped, unless disarmed (it was renamed).
struct Remove(Option<PathBuf>);

impl Remove {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Remove {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomically(&path, |w| {
            w.write_all(b"first\n")
                .map_err(|e| Error::Internal(e.to_string()))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first\n");
        write_atomically(&path, |w| {
            w.write_all(b"second\n")
                .map_err(|e| Error::Internal(e.to_string()))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
        assert_eq!(names(dir.path()), ["out.csv"], "no temporary file is left");
    }

    #[test]
    fn a_failing_writer_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, b"precious").unwrap();
        let err = write_atomically(&path, |w| {
            w.write_all(&[b'x'; 100_000])
                .map_err(|e| Error::Internal(e.to_string()))?;
            Err(Error::invalid_input("the writer gave up half way"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("half way"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"precious");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_panicking_writer_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let caught = std::panic::catch_unwind(|| {
            let _ = write_atomically(&path, |_| panic!("the writer panicked"));
        });
        assert!(caught.is_err());
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn a_folder_or_a_missing_folder_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomically(dir.path(), |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
        let missing = dir.path().join("no/such/folder/out.csv");
        let err = write_atomically(&missing, |_| Ok(())).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Io);
        assert!(err.to_string().contains("no/such/folder"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn the_new_file_keeps_the_old_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.csv");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, |w| {
            w.write_all(b"new")
                .map_err(|e| Error::Internal(e.to_string()))
        })
        .unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
