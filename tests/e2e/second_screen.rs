//! Meeting mode with a projector: the real app on an X server with TWO monitors. Starting
//! a meeting opens the audience window full screen on the other monitor with the slide
//! alone (no capture pane), while the laptop's window becomes the presenter view (the
//! slide, the next one's title, the capture pane); ArrowRight and the theme chosen in the
//! presenter window turn the audience's slide and theme too; leaving meeting mode closes
//! the audience window.
//! Screenshots: e2e-second-screen-presenter.png and e2e-second-screen-audience.png.
//!
//! Xvfb has a single RandR output, and GTK counts monitors by output, so it can never
//! show two; this test starts its own X server instead: Xorg with the dummy video driver
//! (`xserver-xorg-core`, `xserver-xorg-video-dummy`), whose outputs DUMMY0 and DUMMY1 are
//! laid out side by side with `xrandr` (`x11-xserver-utils`); `scripts/setup.sh test`
//! installs all three. The test's display replaces `DISPLAY` while it runs.

use super::{artifacts, click, fill, launch, sandbox, wait_text};
use crate::webdriver::{Driver, Session};
use serde_json::json;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const TITLE: &str = "Riverbend partners, with the projector";
/// Each monitor's size, and where the projector starts (right of the laptop's screen).
const WIDTH: i64 = 1920;
const HEIGHT: i64 = 1080;

const XORG_CONF: &str = r#"
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0 - 1000.0
  VertRefresh 5.0 - 200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 3840 1080
  EndSubSection
EndSection
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "DontVTSwitch" "true"
EndSection
"#;

/// An X server with two 1920×1080 monitors side by side (the laptop's on the left,
/// primary; the projector on the right), made the test's `DISPLAY` until dropped.
struct TwoMonitors {
    xorg: Child,
    previous: Option<OsString>,
    _dir: tempfile::TempDir,
}

fn xrandr(display: &str, args: &[&str]) -> String {
    let out = Command::new("xrandr")
        .arg("-display")
        .arg(display)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run xrandr ({e}): run `make setup`"));
    assert!(
        out.status.success(),
        "xrandr {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn two_monitors() -> TwoMonitors {
    let dir = tempfile::tempdir().expect("temp dir");
    let conf = dir.path().join("xorg.conf");
    std::fs::write(&conf, XORG_CONF).expect("write xorg.conf");
    let log = dir.path().join("xorg.log");
    // -displayfd 1: Xorg picks a free display and writes its number to stdout when ready.
    let mut xorg = Command::new("Xorg")
        // No virtual terminal of its own (runs under CI and beside a desktop alike).
        .args(["-noreset", "-novtswitch", "-keeptty", "-nolisten", "tcp"])
        .args(["-displayfd", "1", "-config"])
        .arg(&conf)
        .arg("-logfile")
        .arg(&log)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start Xorg ({e}): run `make setup`"));
    let mut line = String::new();
    BufReader::new(xorg.stdout.take().expect("Xorg's stdout"))
        .read_line(&mut line)
        .expect("read Xorg's display number");
    let number = line.trim();
    assert!(
        !number.is_empty(),
        "Xorg with the dummy driver did not start: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let display = format!(":{number}");
    xrandr(
        &display,
        &[
            "--addmode",
            "DUMMY1",
            "1920x1080",
            "--addmode",
            "DUMMY0",
            "1920x1080",
        ],
    );
    xrandr(
        &display,
        &[
            "--output",
            "DUMMY0",
            "--mode",
            "1920x1080",
            "--pos",
            "0x0",
            "--primary",
            "--output",
            "DUMMY1",
            "--mode",
            "1920x1080",
            "--pos",
            "1920x0",
        ],
    );
    let monitors = xrandr(&display, &["--listactivemonitors"]);
    assert!(
        monitors.starts_with("Monitors: 2"),
        "the X server should have two monitors: {monitors}"
    );
    let previous = std::env::var_os("DISPLAY");
    std::env::set_var("DISPLAY", &display);
    TwoMonitors {
        xorg,
        previous,
        _dir: dir,
    }
}

impl Drop for TwoMonitors {
    fn drop(&mut self) {
        match self.previous.take() {
            Some(d) => std::env::set_var("DISPLAY", d),
            None => std::env::remove_var("DISPLAY"),
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.xorg.id().to_string()])
            .status();
        let _ = self.xorg.wait();
    }
}

/// What the slide on screen in the current window is headed.
fn heading(s: &Session) -> String {
    s.text(&s.find("[data-testid=\"slide-heading\"]"))
}

#[test]
fn meeting_mode_puts_the_slides_alone_on_the_second_screen_and_pages_them_from_the_laptop() {
    let sb = sandbox();
    let screens = two_monitors();
    let driver = Driver::start(4634);
    let s = launch(&driver, &sb.db);
    let laptop = s.window_handle();
    assert_eq!(s.window_handles().len(), 1, "one window before the meeting");

    // Plan a meeting on the sample (the default agenda) and start it.
    click(&s, "[data-testid=\"nav-meetings\"]");
    click(&s, "[data-testid=\"new-meeting\"]");
    s.find("[data-testid=\"meeting-form\"]");
    fill(&s, "input[name=\"meeting-title\"]", TITLE);
    let slides = s.find_all("[data-testid=\"agenda-slide\"]").len();
    assert!(slides >= 3, "the default agenda has {slides} slides");
    click(&s, "[data-testid=\"meeting-save\"]");
    wait_text(&s, "[data-testid=\"record-title\"]", TITLE);
    click(&s, "[data-testid=\"start-meeting\"]");

    // The laptop's window is the presenter view: the slide, what comes next, and the
    // capture pane without pressing N (nobody else sees this screen).
    s.find("[data-testid=\"meeting-mode\"][data-presenter=\"true\"]");
    s.find("[data-testid=\"capture-pane\"]");
    wait_text(&s, "[data-testid=\"next-slide\"]", "Next:");
    let first = heading(&s);

    // A second window is open: the audience's, on the other monitor, covering it.
    let audience = s.wait("the audience window", || {
        s.window_handles().into_iter().find(|h| *h != laptop)
    });
    s.switch_to_window(&audience);
    let view = s.find("[data-testid=\"audience-view\"]");
    s.wait("the audience's first slide", || {
        (s.property(&view, "dataset")["slide"] == json!("0") && heading(&s) == first).then_some(())
    });
    assert!(
        s.find_all("[data-testid=\"capture-pane\"]").is_empty()
            && s.find_all("[data-testid=\"meeting-mode\"]").is_empty(),
        "the projected window shows the slide alone"
    );
    // Full screen on the projector: the window is the right-hand monitor's rectangle.
    let rect = s.wait("the audience window to cover the projector", || {
        let r = s.window_rect();
        (r == (WIDTH, 0, WIDTH, HEIGHT)).then_some(r)
    });
    assert_eq!(rect, (WIDTH, 0, WIDTH, HEIGHT));

    // ArrowRight in the presenter window turns the audience's slide.
    s.switch_to_window(&laptop);
    s.type_text(&s.find("[data-testid=\"meeting-mode\"]"), "\u{E014}");
    wait_text(
        &s,
        "[data-testid=\"slide-counter\"]",
        &format!("2 / {slides}"),
    );
    let second = heading(&s);
    assert_ne!(second, first, "the second slide is another slide");
    s.wait("the second slide to load", || {
        let text = s.text(&s.find("[data-testid=\"slide-area\"]"));
        (!text.contains("Loading")).then_some(())
    });
    s.screenshot(&artifacts().join("e2e-second-screen-presenter.png"))
        .expect("screenshot");
    s.switch_to_window(&audience);
    s.wait("the audience to follow to the second slide", || {
        let view = s.find("[data-testid=\"audience-view\"]");
        (s.property(&view, "dataset")["slide"] == json!("1") && heading(&s) == second).then_some(())
    });
    s.wait("the audience's slide to load", || {
        let text = s.text(&s.find("[data-testid=\"audience-view\"]"));
        (!text.contains("Loading")).then_some(())
    });
    s.screenshot(&artifacts().join("e2e-second-screen-audience.png"))
        .expect("screenshot");

    // The theme chosen on the laptop is the projector's too.
    s.switch_to_window(&laptop);
    click(&s, "[data-testid=\"toggle-theme\"]");
    s.switch_to_window(&audience);
    s.wait("the audience to turn light", || {
        let view = s.find("[data-testid=\"audience-view\"]");
        (s.property(&view, "dataset")["theme"] == json!("light")).then_some(())
    });

    // Leaving meeting mode closes the audience window; the app stays.
    s.switch_to_window(&laptop);
    click(&s, "[data-testid=\"exit-meeting\"]");
    s.wait("the audience window to close", || {
        (s.window_handles() == vec![laptop.clone()]).then_some(())
    });
    wait_text(&s, "[data-testid=\"record-title\"]", TITLE);
    s.close();
    drop(driver);
    drop(screens);
}
