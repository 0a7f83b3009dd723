//! `cargo xtask conformance SPEC [--dynamic [SEED]]`: the generated crate's
//! per-operation tests (`generate --operation-tests`) against Prism serving
//! the same spec. Prism checks every request against the spec (HTTP 422 with
//! the violations when it does not conform) and answers with the spec's
//! examples, or with random schema-valid data with `--dynamic`. Prints each
//! operation's outcome and the totals. A failure [`proof`] does not prove to
//! be the spec's or the mock's fails the run (in static mode; dynamic mode,
//! where the mock's own generator errs, is a report).
//!
//! Prism is installed from npm by this command, at the version
//! `xtask/prism/package-lock.json` pins (`npm ci`).

use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::standalone;

mod proof;

/// Kills Prism when the run ends, however it ends.
struct Mock(Child);

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn conformance(args: &[String]) -> Result<(), String> {
    // `--strict`: the client decodes strictly, so a response that deviates from the spec fails
    // to decode, as before lenient decoding.
    let strict = args.iter().any(|arg| arg == "--strict");
    let args: Vec<String> = args.iter().filter(|arg| *arg != "--strict").cloned().collect();
    let (spec, dynamic) = match args.as_slice() {
        [spec] => (PathBuf::from(spec), None),
        [spec, flag] if flag == "--dynamic" => (PathBuf::from(spec), Some(1)),
        [spec, flag, seed] if flag == "--dynamic" => {
            (PathBuf::from(spec), Some(seed.parse::<u64>().map_err(|_| format!("`{seed}` is not a seed"))?))
        }
        _ => return Err(super::USAGE.to_string()),
    };
    let prism = npm_tool("prism")?;
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let root = super::workspace_root();
    let dir = root.join("target/conformance-crates").join(&stem);
    let mut generate = standalone::Args::new(spec.clone(), dir.clone());
    generate.with_operation_tests();
    standalone::generate(&generate)?;
    let cargo = |args: &[&str]| super::corpus::cargo(&dir, args);
    let built = cargo(&["test", "--test", "operations", "--no-run", "-q"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err(format!("{}: the operation tests do not build", dir.display()));
    }
    let served = mock_copy(&spec, &root.join("target/conformance").join(format!("{stem}.json")))?;
    let port = free_port()?;
    let mut command = Command::new(&prism);
    command.args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()]);
    if let Some(seed) = dynamic {
        command.args(["--dynamic", "--seed", &seed.to_string()]);
    }
    let log = std::fs::File::create(root.join("target/conformance").join(format!("{stem}.prism.log")))
        .map_err(|e| e.to_string())?;
    let child = command
        .arg(&served)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start Prism: {e}"))?;
    let _mock = Mock(child);
    wait_for(port, Duration::from_secs(600))?;
    let output = cargo(&["test", "--test", "operations", "-q", "--", "--nocapture", "--test-threads", "4"])
        .env("API_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("API_STRICT_DECODING", if strict { "1" } else { "0" })
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    super::corpus::forget(&dir)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    std::fs::write(root.join("target/conformance").join(format!("{stem}.out")), stdout.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut outcomes: BTreeMap<String, (String, String)> = BTreeMap::new();
    // The bodies that did not decode, whole.
    let mut bodies: BTreeMap<String, String> = BTreeMap::new();
    // The request bodies sent by the tests that failed, with their media types.
    let mut requests: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(start) = line.find("conformance-body\t") {
            if let Some((operation, body)) = line[start + "conformance-body\t".len()..].split_once('\t') {
                bodies.insert(operation.to_string(), body.to_string());
            }
            continue;
        }
        if let Some(start) = line.find("conformance-request\t") {
            let mut fields = line[start + "conformance-request\t".len()..].splitn(3, '\t');
            if let (Some(operation), Some(media), Some(body)) = (fields.next(), fields.next(), fields.next()) {
                requests.insert(operation.to_string(), (media.to_string(), body.to_string()));
            }
            continue;
        }
        // The harness's progress dots may come first on the line.
        let Some(start) = line.find("conformance\t") else { continue };
        let mut fields = line[start..].splitn(4, '\t');
        fields.next();
        let (Some(operation), Some(outcome)) = (fields.next(), fields.next()) else { continue };
        outcomes.insert(operation.to_string(), (outcome.to_string(), fields.next().unwrap_or_default().to_string()));
    }
    // A failure the spec or the mock is proven to cause is listed with the proof; any other is the client's.
    let documents = codegen::load::from_path(&spec).map_err(|e| e.to_string())?;
    let resolved = codegen::resolve::resolve(&documents, &mut codegen::diagnostics::Diagnostics::default())
        .map_err(|e| e.to_string())?;
    for (operation, (outcome, detail)) in outcomes.iter_mut() {
        if outcome == "passed" {
            continue;
        }
        let failure = proof::Failure {
            outcome,
            detail,
            body: bodies.get(operation.as_str()).map(String::as_str),
            sent: requests.get(operation.as_str()).map(|(_, body)| body.as_str()),
            sent_media: requests.get(operation.as_str()).map(|(media, _)| media.as_str()),
            dynamic: dynamic.is_some(),
        };
        let cause = proof::cause(&resolved, operation, &failure);
        if outcome == "deviated" {
            // Passed, reading leniently what the spec's own answer contradicts; a deviation that
            // contradiction does not explain is the client's.
            match cause {
                Some(proof::Cause::Spec(reason) | proof::Cause::Mock(reason)) => {
                    *detail = format!("{detail}; {reason}")
                }
                None => *outcome = "deviated, unproven".to_string(),
            }
            continue;
        }
        match cause {
            Some(proof::Cause::Spec(reason)) => (*outcome, *detail) = ("spec".to_string(), reason),
            Some(proof::Cause::Mock(reason)) => (*outcome, *detail) = ("mock".to_string(), reason),
            None => {}
        }
    }
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (operation, (outcome, detail)) in &outcomes {
        *totals.entry(outcome.as_str()).or_default() += 1;
        if outcome != "passed" {
            println!("{outcome:9} {operation}: {}", detail.chars().take(300).collect::<String>());
        }
    }
    // A test that panicked before calling (its sample did not decode) reports nothing.
    let operations = std::fs::read_to_string(dir.join("tests/operations.rs"))
        .map_err(|e| e.to_string())?
        .matches("#[tokio::test]")
        .count();
    let not_runnable = operations.saturating_sub(outcomes.len());
    let label = |outcome: &str| match outcome {
        "deviated" => "passed with deviations (the spec's)".to_string(),
        other => other.to_string(),
    };
    let mut summary: Vec<String> = totals.iter().map(|(outcome, n)| format!("{n} {}", label(outcome))).collect();
    summary.push(format!("{not_runnable} not runnable"));
    println!(
        "{stem}: {operations} operations: {}{}",
        summary.join(", "),
        match (dynamic.is_some(), strict) {
            (true, true) => " (dynamic, strict)",
            (true, false) => " (dynamic)",
            (false, true) => " (strict)",
            (false, false) => "",
        }
    );
    let unexplained = not_runnable
        + outcomes
            .values()
            .filter(|(outcome, _)| !["passed", "deviated", "spec", "mock"].contains(&outcome.as_str()))
            .count();
    match (unexplained, dynamic) {
        (0, _) | (_, Some(_)) => Ok(()),
        (n, None) => Err(format!("{stem}: {n} operations failed for no cause proven to be the spec's or the mock's")),
    }
}

/// `npm ci` into `xtask/prism/` once (Prism and swagger2openapi, pinned by its lock file);
/// the executable `name` it installed.
pub(crate) fn npm_tool(name: &str) -> Result<PathBuf, String> {
    let dir = super::workspace_root().join("xtask/prism");
    let tool = dir.join("node_modules/.bin").join(name);
    if tool.exists() {
        return Ok(tool);
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run npm (Node.js is needed for {name}): {e}"))?;
    if status.success() && tool.exists() { Ok(tool) } else { Err(format!("`npm ci` in {} failed", dir.display())) }
}

/// The spec as Prism is served it: JSON, with `$ref` keys inside examples
/// renamed (GitHub's SCIM examples hold `$ref`s to api.github.com, which
/// Prism would try to fetch).
fn mock_copy(spec: &Path, to: &Path) -> Result<PathBuf, String> {
    let documents = codegen::load::from_path(spec).map_err(|e| e.to_string())?;
    let mut value = documents.root().value.clone();
    fn rename_refs(value: &mut serde_json::Value, in_example: bool) {
        match value {
            serde_json::Value::Object(map) => {
                if in_example && let Some(target) = map.shift_remove("$ref") {
                    map.insert("$ref (example)".to_string(), target);
                }
                for (key, child) in map.iter_mut() {
                    rename_refs(child, in_example || key == "example" || key == "examples");
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, in_example)),
            _ => {}
        }
    }
    rename_refs(&mut value, false);
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    // Other files the spec refers to stay beside the original.
    let to = if documents.files.len() > 1 { spec.to_path_buf() } else { to.to_path_buf() };
    if documents.files.len() == 1 {
        std::fs::write(&to, serde_json::to_string(&value).map_err(|e| e.to_string())?)
            .map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(to)
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn wait_for(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!("Prism did not listen on port {port} within {limit:?}"))
}
