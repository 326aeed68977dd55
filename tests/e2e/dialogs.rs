//! The desktop's own file dialogs (GTK file choosers), answered as a person would, with
//! `xdotool` (installed by `scripts/setup.sh test`): wait for the dialog by its title,
//! focus it, type, press keys.

use crate::webdriver::TIMEOUT;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs xdotool and returns what it printed.
pub fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run xdotool ({e}): run `make setup`"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The visible dialog titled `title`, if there is one.
fn find(title: &str) -> Option<String> {
    xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")])
        .lines()
        .next()
        .map(str::to_string)
}

/// Waits for the dialog titled `title` to open; returns its window.
pub fn wait_for(title: &str) -> String {
    let start = Instant::now();
    loop {
        if let Some(id) = find(title) {
            return id;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "no dialog titled {title:?} opened"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Types `path` into the focused dialog's name field (GTK takes a whole path there),
/// after `keys` (for example `ctrl+l`, which opens an open dialog's location field).
pub fn type_path(window: &str, keys: &[&str], path: &Path) {
    xdotool(&["windowfocus", "--sync", window]);
    for k in keys {
        xdotool(&["key", "--clearmodifiers", k]);
    }
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "5", path.to_str().expect("utf-8 path")]);
}

/// Presses `key` in the dialog until it closes (GTK may first take Enter for its
/// completion popup).
pub fn press_until_closed(title: &str, window: &str, key: &str, pause: Duration) {
    let start = Instant::now();
    while find(title).is_some() {
        assert!(
            start.elapsed() < TIMEOUT,
            "the dialog {title:?} stayed open"
        );
        xdotool(&["windowfocus", "--sync", window]);
        xdotool(&["key", key]);
        std::thread::sleep(pause);
    }
}
