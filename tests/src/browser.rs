//! A real browser for the dashboard's tests: headless Chromium driven over the W3C WebDriver
//! protocol by `chromedriver` (Debian's `chromium` and `chromium-driver`, installed by
//! `scripts/browser-deps.sh`). The client is the few WebDriver commands the tests use, spoken
//! with the `reqwest` the harness already has: navigate, find, read text, click, type, run a
//! script, cookies, screenshots.
//!
//! Each [`Browser`] has its own `chromedriver` and browser profile, so tests run in parallel
//! without sharing cookies. Without Chromium the tests skip with a message, unless
//! `JINLIN_REQUIRE_BROWSER` is set (`scripts/test-all.sh` sets it when the packages are
//! installed): then they fail.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::PATIENCE;

/// The key W3C WebDriver names an element reference with.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where screenshots of pages go (`target/dashboard-screenshots/`).
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("dashboard-screenshots")
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// A headless Chromium under `chromedriver`.
#[derive(Debug)]
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

/// A page element.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Browser {
    /// A new browser, or `None` (with a message) when Chromium is not installed and not
    /// required.
    pub async fn start() -> Option<Browser> {
        let driver = which("chromedriver");
        let chromium = which("chromium").or_else(|| which("chromium-browser"));
        let (Some(driver), Some(chromium)) = (driver, chromium) else {
            assert!(
                std::env::var_os("JINLIN_REQUIRE_BROWSER").is_none(),
                "JINLIN_REQUIRE_BROWSER is set but chromium or chromedriver is missing (scripts/browser-deps.sh)"
            );
            eprintln!("skipped: chromium and chromedriver are not installed (scripts/browser-deps.sh)");
            return None;
        };
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            l.local_addr().expect("addr").port()
        };
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let ready = http
                .get(format!("{base}/status"))
                .send()
                .await
                .ok()
                .and_then(|r| r.status().is_success().then_some(()));
            if ready.is_some() {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "chromedriver answers");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("profile");
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,900", "--lang=zh-CN", "--no-first-run",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}
        });
        let mut browser = Browser {
            driver: child,
            base,
            session: String::new(),
            http,
            _profile: profile,
        };
        let answer = browser.call(reqwest::Method::POST, "/session", Some(caps)).await;
        browser.session = answer["sessionId"].as_str().expect("a session").to_string();
        Some(browser)
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.base, path);
        let mut req = self.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("chromedriver answers");
        let status = res.status();
        let v: Value = res.json().await.expect("a WebDriver answer");
        assert!(status.is_success(), "WebDriver {path}: {v}");
        v["value"].clone()
    }

    async fn try_call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Option<Value> {
        let url = format!("{}{}", self.base, path);
        let mut req = self.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.ok()?;
        let ok = res.status().is_success();
        let v: Value = res.json().await.ok()?;
        ok.then(|| v["value"].clone())
    }

    fn s(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, &self.s("/url"), Some(json!({ "url": url })))
            .await;
    }

    /// The address shown now.
    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, &self.s("/url"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The page's HTML as the browser holds it now.
    pub async fn source(&self) -> String {
        self.call(reqwest::Method::GET, &self.s("/source"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The first element matching `css`, if any.
    pub async fn find(&self, css: &str) -> Option<Element> {
        let v = self
            .try_call(
                reqwest::Method::POST,
                &self.s("/element"),
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await?;
        v[ELEMENT_KEY].as_str().map(|e| Element(e.to_string()))
    }

    /// Every element matching `css`.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self
            .call(
                reqwest::Method::POST,
                &self.s("/elements"),
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(|e| Element(e.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until an element matches `css` (at most [`PATIENCE`]).
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Some(e) = self.find(css).await {
                return e;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {css} on {} after {PATIENCE:?}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of an element.
    pub async fn text(&self, e: &Element) -> String {
        self.call(reqwest::Method::GET, &self.s(&format!("/element/{}/text", e.0)), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The visible text of the first element matching `css` (empty when there is none), read in
    /// one step so a list replaced by a live update meanwhile is never half read.
    pub async fn text_of(&self, css: &str) -> String {
        let script = "const e = document.querySelector(arguments[0]); return e ? e.innerText.replace(/\t/g, ' ') : '';";
        self.script(script, json!([css]))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Clicks an element.
    pub async fn click(&self, e: &Element) {
        self.call(
            reqwest::Method::POST,
            &self.s(&format!("/element/{}/click", e.0)),
            Some(json!({})),
        )
        .await;
    }

    /// Clicks a form's button and waits until the page it answers with has loaded, so what the
    /// test checks next is after the form was handled, not before.
    pub async fn submit(&self, button: &Element) {
        self.mark_page().await;
        self.click(button).await;
        self.wait_for_new_page().await;
    }

    /// Waits (at most [`PATIENCE`]) until the page [`Browser::mark_page`] marked has been replaced
    /// and the new one has loaded.
    pub async fn wait_for_new_page(&self) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let loaded = self
                .try_call(
                    reqwest::Method::POST,
                    &self.s("/execute/sync"),
                    Some(json!({
                        "script": "return window.__notReloaded !== true && document.readyState === 'complete';",
                        "args": [],
                    })),
                )
                .await;
            if loaded == Some(json!(true)) {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "no new page after {PATIENCE:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Chooses the option of a `<select>` whose text is `label`.
    pub async fn select(&self, select_css: &str, label: &str) {
        let script = "const s = document.querySelector(arguments[0]); \
                      const o = [...s.options].find(o => o.text.trim() === arguments[1]); \
                      if (!o) { return false; } s.value = o.value; return true;";
        let chosen = self.script(script, json!([select_css, label])).await;
        assert_eq!(chosen, json!(true), "{select_css} offers {label}");
    }

    /// Accepts the page's open dialog (a `confirm()` before revoking, say).
    pub async fn accept_dialog(&self) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while self
            .try_call(reqwest::Method::POST, &self.s("/alert/accept"), Some(json!({})))
            .await
            .is_none()
        {
            assert!(tokio::time::Instant::now() < deadline, "a dialog opens");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `script` (a function body; `arguments` are `args`) and returns what it returns.
    pub async fn script(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            &self.s("/execute/sync"),
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// Runs `script` and waits for the value it passes to its callback (the last argument).
    pub async fn script_async(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            &self.s("/execute/async"),
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// Sets a global flag on the page, to tell later whether it was reloaded.
    pub async fn mark_page(&self) {
        self.script("window.__notReloaded = true;", json!([])).await;
    }

    /// Whether the page is still the one [`Browser::mark_page`] marked.
    pub async fn same_page(&self) -> bool {
        self.script("return window.__notReloaded === true;", json!([])).await == json!(true)
    }

    /// Saves a PNG of the page to `target/dashboard-screenshots/{name}.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let v = self.call(reqwest::Method::GET, &self.s("/screenshot"), None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .expect("a PNG in base64");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// Closes the browser.
    pub async fn close(mut self) {
        let path = self.s("");
        let _ = self.try_call(reqwest::Method::DELETE, &path, None).await;
        self.session.clear();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
