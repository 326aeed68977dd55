//! A small W3C WebDriver client over ureq, and the tauri-driver process it talks to.
//!
//! tauri-driver starts WebKitWebDriver, which starts the real `backbone` binary and drives
//! its webview. A missing display or driver is a failure, never a skip.

use serde_json::{json, Value};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The W3C element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a wait for the UI may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub mod keys {
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
}

/// A running tauri-driver; stopped with SIGTERM on drop (SIGKILL would leave
/// WebKitWebDriver holding the test's output open).
pub struct Driver {
    child: Child,
    pub base: String,
}

fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let candidate = cargo_home.join("bin/tauri-driver");
    if candidate.exists() {
        candidate
    } else {
        PathBuf::from("tauri-driver")
    }
}

impl Driver {
    /// Starts tauri-driver on `port` (and WebKitWebDriver on `port + 1`).
    pub fn start(port: u16) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no X display: run the end-to-end tests under Xvfb (make test does: xvfb-run -a)"
        );
        let path = tauri_driver_path();
        let child = Command::new(&path)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not start tauri-driver ({}): {e}; install it with `make setup`",
                    path.display()
                )
            });
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < TIMEOUT,
                "tauri-driver did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// One WebDriver session: one launch of the app.
pub struct Session {
    agent: ureq::Agent,
    url: String,
}

/// An element reference.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Launches `application` with `args` and waits for its window.
    pub fn new(driver: &Driver, application: &Path, args: &[&str]) -> Session {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": application, "args": args}
        }}});
        // tauri-driver listens before WebKitWebDriver behind it does: retry briefly.
        let start = Instant::now();
        let value = loop {
            match call(
                &agent,
                "POST",
                &format!("{}/session", driver.base),
                Some(caps.clone()),
            ) {
                Ok(v) => break v,
                Err(e) if start.elapsed() > TIMEOUT => panic!("could not start a session: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        };
        let id = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in {value}"))
            .to_string();
        Session {
            agent,
            url: format!("{}/session/{id}", driver.base),
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(&self.agent, method, &format!("{}{path}", self.url), body)
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.cmd(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// Every element matching a CSS selector, now.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self.must(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str())
                    .map(|s| Element(s.into()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> Element {
        self.wait(&format!("an element matching {css}"), || {
            self.find_all(css).into_iter().next()
        })
    }

    /// Waits until `f` returns `Some`, failing the test after [`TIMEOUT`].
    pub fn wait<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(v) = f() {
                return v;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.screenshot(Path::new(&format!(
                    "{}/../test-artifacts/timeout.png",
                    env!("CARGO_MANIFEST_DIR")
                )));
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, e: &Element) {
        self.must("POST", &format!("/element/{}/click", e.0), Some(json!({})));
    }

    pub fn clear(&self, e: &Element) {
        self.must("POST", &format!("/element/{}/clear", e.0), Some(json!({})));
    }

    pub fn type_text(&self, e: &Element, text: &str) {
        self.must(
            "POST",
            &format!("/element/{}/value", e.0),
            Some(json!({"text": text})),
        );
    }

    pub fn text(&self, e: &Element) -> String {
        self.must("GET", &format!("/element/{}/text", e.0), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn property(&self, e: &Element, name: &str) -> Value {
        self.must("GET", &format!("/element/{}/property/{name}", e.0), None)
    }

    /// Runs a script in the page; `args` may hold elements (as `Element` JSON).
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.must(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// An element as a script argument.
    pub fn arg(e: &Element) -> Value {
        json!({ ELEMENT: e.0 })
    }

    /// Chooses the option with `value` in a `<select>`, as a person picking it would
    /// (the change and input events fire).
    pub fn select(&self, css: &str, value: &str) {
        let select = self.find(css);
        self.wait(&format!("option {value} in {css}"), || {
            let found = self.execute(
                "const [s, v] = arguments; if (![...s.options].some(o => o.value === v)) return false;
                 s.value = v; s.dispatchEvent(new Event('input', {bubbles: true}));
                 s.dispatchEvent(new Event('change', {bubbles: true})); return true;",
                vec![Session::arg(&select), json!(value)],
            );
            found.as_bool().filter(|b| *b)
        });
    }

    /// Chooses the first option whose text contains `text`; returns its value.
    pub fn select_by_text(&self, css: &str, text: &str) -> String {
        let select = self.find(css);
        self.wait(&format!("an option \"{text}\" in {css}"), || {
            let v = self.execute(
                "const [s, t] = arguments; const o = [...s.options].find(o => o.text.includes(t));
                 if (!o) return null; s.value = o.value;
                 s.dispatchEvent(new Event('input', {bubbles: true}));
                 s.dispatchEvent(new Event('change', {bubbles: true})); return o.value;",
                vec![Session::arg(&select), json!(text)],
            );
            v.as_str().map(str::to_string)
        })
    }

    /// Saves a PNG of the window.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        use base64::Engine;
        let v = self.cmd("GET", "/screenshot", None)?;
        let data = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, data).map_err(|e| e.to_string())
    }

    /// The handles of the app's open windows (webviews), in no particular order.
    pub fn window_handles(&self) -> Vec<String> {
        let v = self.must("GET", "/window/handles", None);
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|h| h.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The handle of the window commands go to now.
    pub fn window_handle(&self) -> String {
        let v = self.must("GET", "/window", None);
        v.as_str().unwrap_or_default().to_string()
    }

    /// Sends the following commands to the window `handle`.
    pub fn switch_to_window(&self, handle: &str) {
        self.must("POST", "/window", Some(json!({ "handle": handle })));
    }

    /// The current window's rectangle on the screen: (x, y, width, height).
    pub fn window_rect(&self) -> (i64, i64, i64, i64) {
        let v = self.must("GET", "/window/rect", None);
        let n = |k: &str| v[k].as_f64().unwrap_or(f64::NAN).round() as i64;
        (n("x"), n("y"), n("width"), n("height"))
    }

    /// Ends the session, which closes the app.
    pub fn close(self) {
        let _ = self.cmd("DELETE", "", None);
    }
}

fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(body)) => agent.post(url).send_json(body),
        (_, None) => agent.post(url).send_json(json!({})),
    };
    let mut response = response.map_err(|e| e.to_string())?;
    let status = response.status();
    let json: Value = response.body_mut().read_json().map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(json["value"].clone())
    } else {
        Err(format!("HTTP {status}: {}", json["value"]))
    }
}
