//! `cargo xtask generate`: a complete crate for any spec: Cargo.toml, the
//! generated code, a copy of the runtime, README.md and api.md. It builds on
//! its own (it is its own workspace).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::emit::Readme;
use codegen::{Config, EmitOptions};

pub struct Args {
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    /// A `codegen.yaml`.
    config: Option<PathBuf>,
    /// Also write `tests/operations.rs`, a test per operation against a mock server.
    operation_tests: bool,
    strict: bool,
    /// Print how long each stage took.
    timings: bool,
    /// Print neither the warnings nor what was written.
    quiet: bool,
}

impl Args {
    pub fn new(spec: PathBuf, out: PathBuf) -> Args {
        Args {
            spec,
            out,
            name: None,
            config: None,
            operation_tests: false,
            strict: false,
            timings: false,
            quiet: false,
        }
    }

    pub fn quiet(&mut self) {
        self.quiet = true;
    }

    pub fn with_operation_tests(&mut self) {
        self.operation_tests = true;
    }

    pub fn set_config(&mut self, config: &Path) {
        self.config = Some(config.to_path_buf());
    }

    pub fn set_name(&mut self, name: &str) {
        self.name = Some(name.to_string());
    }

    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut spec = None;
        let mut out = None;
        let mut name = None;
        let mut config = None;
        let mut operation_tests = false;
        let mut strict = false;
        let mut timings = false;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match arg.as_str() {
                "--out" => out = iter.next().map(PathBuf::from),
                "--name" => name = iter.next().cloned(),
                "--config" => config = iter.next().map(PathBuf::from),
                "--operation-tests" => operation_tests = true,
                "--strict" => strict = true,
                "--timings" => timings = true,
                other if !other.starts_with("--") && spec.is_none() => spec = Some(PathBuf::from(other)),
                other => return Err(format!("unexpected argument `{other}`\n{}", super::USAGE)),
            }
        }
        match (spec, out) {
            (Some(spec), Some(out)) => {
                Ok(Args { spec, out, name, config, operation_tests, strict, timings, quiet: false })
            }
            _ => Err(super::USAGE.to_string()),
        }
    }
}

/// Writes the crate; returns its resource features.
pub fn generate(args: &Args) -> Result<Vec<String>, String> {
    let name = args.name.clone().unwrap_or_else(|| default_name(&args.spec));
    if let Some(problem) = crate_name_problem(&name) {
        return Err(format!("error: `{name}` is not a crate name: {problem}"));
    }
    let operation_tests = args.operation_tests.then(|| name.clone());
    let config = match &args.config {
        Some(path) => Config::from_path(path).map_err(|e| format!("error: {e}"))?,
        None => Config::default(),
    };
    let readme = Some(Readme::new(&name, &config));
    let options = EmitOptions { resource_features: true, operation_tests, readme, ..EmitOptions::default() };
    let generated = codegen::generate_with_config(&args.spec, &config, &options).map_err(|e| format!("error: {e}"))?;
    for warning in generated.warnings.iter().filter(|_| !args.quiet) {
        eprintln!("{warning}");
    }
    if args.timings {
        let timings: Vec<String> = generated
            .timings
            .iter()
            .map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("timings: {}", timings.join(", "));
    }
    if args.strict && !generated.warnings.is_empty() {
        return Err(format!("{} warnings (--strict)", generated.warnings.len()));
    }
    let mut generated_files = generated.files;
    let api_md = generated_files.remove("api.md").unwrap_or_default();
    let readme = generated_files.remove("README.md").unwrap_or_default();
    if let Some(tests) = generated_files.remove("operation_tests.rs") {
        let mut test_files = BTreeMap::new();
        test_files.insert("operations.rs".to_string(), tests);
        files_in(&args.out.join("tests"), &test_files)?;
    }

    let mut top = BTreeMap::new();
    top.insert(
        "Cargo.toml".to_string(),
        cargo_toml(&name, &generated.features, &generated.runtime_features, &generated.dependencies),
    );
    top.insert("README.md".to_string(), readme);
    top.insert("api.md".to_string(), api_md);
    files_in(&args.out, &top)?;
    let src = args.out.join("src");
    let mut lib = BTreeMap::new();
    lib.insert("lib.rs".to_string(), LIB_RS.to_string());
    files_in(&src, &lib)?;
    super::files::sync(&src.join("generated"), &generated_files, false)?;
    super::files::sync(&src.join("runtime"), &runtime_sources(&name.replace('-', "_"))?, false)?;
    if !args.quiet {
        eprintln!("wrote crate `{name}` to {}", args.out.display());
    }
    Ok(generated.features)
}

fn files_in(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    for (name, content) in files {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).is_ok_and(|existing| existing == *content) {
            continue;
        }
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The hand-written runtime, copied from `generated-client/src/runtime/`; its doc examples
/// name the crate they are in, `generated_client` there and `lib` here.
fn runtime_sources(lib: &str) -> Result<BTreeMap<String, String>, String> {
    let dir = super::workspace_root().join("generated-client/src/runtime");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            out.insert(name, text.replace("generated_client::", &format!("{lib}::")));
        }
    }
    Ok(out)
}

/// `specs/api.github.json` → `api-github-client`; `1password.json` →
/// `api-1password-client` (a crate name does not start with a digit).
fn default_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let cleaned: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-');
    match cleaned.chars().next() {
        None => "api-client".to_string(),
        Some(c) if c.is_ascii_digit() => format!("api-{cleaned}-client"),
        Some(_) => format!("{cleaned}-client"),
    }
}

/// Why cargo would refuse `name` as a package name, or the crate could not be
/// used by it (`use name as api;` in its tests), if so: cargo's rules are
/// ASCII letters, digits, `-` and `_`, not starting with a digit, not a keyword.
fn crate_name_problem(name: &str) -> Option<&'static str> {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
        "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
        "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct",
        "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
        "yield",
    ];
    let ident = name.replace('-', "_");
    match name.chars().next() {
        None => Some("it is empty"),
        Some(c) if c.is_ascii_digit() => Some("it starts with a digit"),
        Some('-') => Some("it starts with `-`"),
        _ if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {
            Some("it may hold only ASCII letters, digits, `-` and `_`")
        }
        _ if ident.chars().all(|c| c == '_') => Some("it has no letter or digit"),
        _ if KEYWORDS.contains(&ident.as_str()) => Some("it is a Rust keyword"),
        _ => None,
    }
}

// The README is the crate's documentation, so `cargo test --doc` compiles its examples.
const LIB_RS: &str = r#"#![doc = include_str!("../README.md")]

pub mod runtime;

mod generated;
pub use generated::{client::*, resources, types};
pub use runtime::{Call, Client, ClientBuilder, Error, Event, EventCall, EventStream, Middleware, Nullable, Page, PageCursor, RequestOptions, Response, Result};
"#;

/// `features` come smallest first and `all-resources` keeps that order, so
/// tools (`cargo xtask bench`) can read the smallest from the manifest.
/// `dependencies` are the lines the config's Rust types need; `runtime_features` are on by default.
fn cargo_toml(name: &str, features: &[String], runtime_features: &[String], dependencies: &[String]) -> String {
    let all: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    let defaults: String = runtime_features.iter().map(|f| format!(", \"{f}\"")).collect();
    let mut features = features.to_vec();
    features.sort();
    let resource_features: String = features.iter().map(|f| format!("{f} = []\n")).collect();
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
description = "Generated API client"
publish = false

# A crate of its own, even when generated inside another workspace.
[workspace]

[features]
default = ["rustls", "all-resources"{defaults}]
rustls = ["reqwest/rustls-tls"]
native-tls = ["reqwest/native-tls"]
tracing = ["dep:tracing"]
# Verify webhook events' signatures (HMAC-SHA256), where the API sends webhooks.
webhook-signatures = ["dep:base64", "dep:hmac", "dep:sha2"]
# Keep properties the spec does not declare in every model, so newer server data survives a round trip.
extra-fields = []
# One feature per top-level resource: enable only those you use to compile less.
all-resources = [{all}]
{resource_features}
[dependencies]
base64 = {{ version = "0.22", optional = true }}
bytes = "1.7"
erased-serde = "0.4.6"
futures-core = "0.3.31"
futures-util = {{ version = "0.3.31", default-features = false }}
hmac = {{ version = "0.12", optional = true }}
httpdate = "1.0.3"
mime_guess = {{ version = "2.0.5", default-features = false }}
reqwest = {{ version = "0.12.20", default-features = false, features = ["multipart", "stream"] }}
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = {{ version = "1.0.120", features = ["raw_value"] }}
serde_path_to_error = "0.1.16"
sha2 = {{ version = "0.10", optional = true }}
thiserror = "2"
tokio = {{ version = "1.40", default-features = false, features = ["time", "fs", "io-util"] }}
tracing = {{ version = "0.1.40", default-features = false, features = ["std"], optional = true }}
{config_dependencies}
[dev-dependencies]
# For `tests/operations.rs` (`cargo xtask generate --operation-tests`).
tokio = {{ version = "1.40", features = ["macros", "rt-multi-thread"] }}
"#,
        all = all.join(", "),
        config_dependencies = dependencies.iter().map(|line| format!("{line}\n")).collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_follow_cargo_rules() {
        for good in ["acme", "acme-client", "acme_client2", "_acme"] {
            assert_eq!(crate_name_problem(good), None, "{good}");
        }
        for (bad, problem) in [
            ("1dup", "it starts with a digit"),
            ("", "it is empty"),
            ("-x", "it starts with `-`"),
            ("a b", "it may hold only ASCII letters, digits, `-` and `_`"),
            ("é", "it may hold only ASCII letters, digits, `-` and `_`"),
            ("fn", "it is a Rust keyword"),
            ("_", "it has no letter or digit"),
        ] {
            assert_eq!(crate_name_problem(bad), Some(problem), "{bad:?}");
        }
        for spec in ["specs/api.github.json", "1password.yaml", "---.json"] {
            let name = default_name(Path::new(spec));
            assert_eq!(crate_name_problem(&name), None, "{spec} → {name}");
        }
        assert_eq!(default_name(Path::new("1password.yaml")), "api-1password-client");
    }

    #[test]
    fn an_invalid_name_is_an_error_before_anything_is_written() {
        let out = std::env::temp_dir().join(format!("xtask-bad-name-{}", std::process::id()));
        let mut args = Args::new(super::super::workspace_root().join("specs/cloudflare.yaml"), out.clone());
        args.set_name("1dup");
        args.with_operation_tests();
        let error = generate(&args).unwrap_err();
        assert_eq!(error, "error: `1dup` is not a crate name: it starts with a digit");
        assert!(!out.exists());
    }
}
