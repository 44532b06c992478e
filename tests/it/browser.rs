//! A real Chromium, driven over the DevTools protocol, for the map's tests, its
//! screenshot and its benchmark. Under CI a missing Chromium is a failure.

#![allow(dead_code)] // the tests and the examples each use their share

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption as ConsoleType;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};

/// Where Debian puts Chromium: `chromium-headless-shell` (what `.ci/run` installs) or
/// the full `chromium`; `AGENCYGRAPH_CHROMIUM`, when set, names the only one to use.
pub fn chromium() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("AGENCYGRAPH_CHROMIUM") {
        Some(named) => vec![PathBuf::from(named)],
        None => ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
            .into_iter()
            .map(PathBuf::from)
            .collect(),
    };
    let found = candidates.into_iter().find(|path| path.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is missing; .ci/run installs Debian's chromium-headless-shell"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium-headless-shell)");
    }
    found
}

/// A browser with one tab, its console errors collected.
pub struct Session {
    // Kept for as long as the tab is used: dropping it ends the browser.
    _browser: Browser,
    _profile: tempfile::TempDir,
    pub tab: Arc<Tab>,
    errors: Arc<Mutex<Vec<String>>>,
}

/// Starts Chromium (headless, no sandbox, no GPU, no network services, a fresh profile)
/// with a window of `width` × `height`. `None` when Chromium is not installed and CI
/// is not set.
pub fn launch(width: u32, height: u32) -> Option<Session> {
    let path = chromium()?;
    let profile = tempfile::tempdir().unwrap();
    let args: Vec<&OsStr> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Without a GPU, WebGL runs on SwiftShader only when asked for; the map would
        // otherwise fall back to its Canvas 2D drawing (tested on its own).
        "--enable-unsafe-swiftshader",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(300))
        .args(args)
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("Chromium starts");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    let errors = Arc::new(Mutex::new(Vec::new()));
    let sink = errors.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let message = match event {
            Event::RuntimeExceptionThrown(thrown) => {
                let details = &thrown.params.exception_details;
                let described = details
                    .exception
                    .as_ref()
                    .and_then(|e| e.description.clone());
                Some(format!("uncaught: {} {:?}", details.text, described))
            }
            Event::RuntimeConsoleAPICalled(call)
                if matches!(call.params.Type, ConsoleType::Error | ConsoleType::Assert) =>
            {
                Some(format!("console.error: {:?}", call.params.args))
            }
            Event::LogEntryAdded(entry)
                if format!("{:?}", entry.params.entry.level).contains("Error") =>
            {
                Some(format!("log: {}", entry.params.entry.text))
            }
            _ => None,
        };
        if let Some(message) = message {
            sink.lock().unwrap().push(message);
        }
    }))
    .unwrap();
    Some(Session {
        _browser: browser,
        _profile: profile,
        tab,
        errors,
    })
}

impl Session {
    /// Opens `file` (with `#hash`, may be empty) and waits until the map has drawn.
    pub fn open(&self, file: &Path, hash: &str) {
        let url = format!("file://{}{hash}", file.display());
        self.tab.navigate_to(&url).unwrap();
        self.tab.wait_until_navigated().unwrap();
        self.wait_for("window.agencygraph !== undefined");
    }

    /// Waits up to 30 s for `condition` (a JavaScript expression) to be true.
    pub fn wait_for(&self, condition: &str) {
        let start = Instant::now();
        while !self.value::<bool>(&format!("!!({condition})")) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "gave up waiting for {condition}; errors: {:?}",
                self.errors()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The value of a JavaScript expression, passed through JSON.
    pub fn value<T: serde::de::DeserializeOwned>(&self, expression: &str) -> T {
        let wrapped = format!("JSON.stringify(({expression}) ?? null)");
        let result = self.tab.evaluate(&wrapped, false).unwrap();
        let text = result
            .value
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("{expression} gave {:?}", result.description));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{expression}: {e}: {text}"))
    }

    /// Runs JavaScript for its effect.
    pub fn run(&self, statement: &str) {
        self.tab
            .evaluate(&format!("{{ {statement} }}; true"), false)
            .unwrap();
    }

    /// The console errors and uncaught exceptions so far, without sigma's "GPU stall
    /// due to ReadPixels" performance notes.
    pub fn errors(&self) -> Vec<String> {
        self.errors
            .lock()
            .unwrap()
            .iter()
            .filter(|m| !m.contains("GPU stall due to ReadPixels"))
            .cloned()
            .collect()
    }
}
