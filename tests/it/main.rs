//! Integration tests of the Backbone core, compiled as one binary (`cargo test --test it`).
//! Every test works on a real SQLite file in a temporary folder, through the public API.

mod actions;
mod backup;
mod change_log;
mod cli;
mod comments;
mod community;
mod contributions;
mod crash;
mod crud;
mod equity;
mod export;
mod groups;
mod import;
mod malformed;
mod meetings;
mod migrations;
mod observations;
mod open;
mod report;
mod roundtrip;
mod sample;
mod support;
mod sync;
mod sync_prop;
mod trash;
mod worksheets;

use std::collections::BTreeMap;
use std::path::Path;

/// The `.ts` files of a folder, by name.
fn ts_files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn bindings_are_up_to_date() {
    let fresh_dir = tempfile::TempDir::new().unwrap();
    backbone::bindings::export_all(fresh_dir.path()).unwrap();
    let fresh = ts_files(fresh_dir.path());
    let committed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let committed = ts_files(&committed_dir);
    assert!(
        fresh.len() > 10,
        "the export wrote only {} files",
        fresh.len()
    );

    let mut problems = Vec::new();
    for (name, text) in &fresh {
        match committed.get(name) {
            None => problems.push(format!("{name}: missing")),
            Some(old) if old != text => problems.push(format!("{name}: differs")),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|n| !fresh.contains_key(*n)) {
        problems.push(format!("{name}: not produced by the export (stale)"));
    }
    assert!(
        problems.is_empty(),
        "ui/src/bindings is out of date: run `make bindings`\n  {}",
        problems.join("\n  ")
    );
}
