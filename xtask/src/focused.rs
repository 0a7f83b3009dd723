//! `cargo xtask focused`: every focused spec of `tests/specs/` (with its config
//! from `tests/specs/configs/`) generated as a whole crate with its operation
//! tests, then clippy'd with warnings denied (and, for some, its README's examples
//! compiled: [`DOCTESTED`]). The tests crate compiles only
//! their models and resources: `client.rs` adds methods to the runtime's
//! `Client`, which only the crate holding the runtime may do, and the
//! operation tests live in a crate's `tests/`.

use std::path::Path;

use super::{corpus, standalone};

pub fn focused() -> Result<(), String> {
    let specs_dir = super::workspace_root().join("tests/specs");
    let mut failed = Vec::new();
    let specs = super::specs_in(&specs_dir)?;
    for spec in &specs {
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = super::workspace_root().join("target/focused-crates").join(&stem);
        match check(spec, &stem, &dir) {
            Ok(()) if DOCTESTED.contains(&stem.as_str()) => {
                println!("{stem}: clippy ok (client.rs, tests/operations.rs), README examples compile")
            }
            Ok(()) => println!("{stem}: clippy ok (client.rs, tests/operations.rs)"),
            Err(error) => {
                println!("{stem}: FAILED\n{error}");
                failed.push(stem);
            }
        }
    }
    match failed.len() {
        0 => {
            println!("{} focused specs: every crate and its operation tests build clippy-clean", specs.len());
            Ok(())
        }
        _ => Err(format!("focused specs whose crate does not build clean: {}", failed.join(", "))),
    }
}

fn check(spec: &Path, stem: &str, dir: &Path) -> Result<(), String> {
    let mut args = standalone::Args::new(spec.to_path_buf(), dir.to_path_buf());
    args.with_operation_tests();
    args.set_name(&format!("focused-{}", stem.replace('_', "-")));
    let config = spec.parent().unwrap_or(Path::new(".")).join("configs").join(spec.file_name().unwrap_or_default());
    if config.exists() {
        args.set_config(&config);
    }
    standalone::generate(&args)?;
    with_custom_types(dir)?;
    corpus::run(dir, &["clippy", "-q", "--all-targets", "--all-features", "--", "-D", "warnings"])?;
    if DOCTESTED.contains(&stem) {
        // The README's examples (the crate's documentation) and the runtime's own.
        corpus::run(dir, &["test", "--doc", "-q"])?;
    }
    Ok(())
}

/// The focused specs whose README examples are compiled: between them every README section
/// (pages, uploads, streams, webhooks, credentials and client options, client headers, environments,
/// server variables, text and file bodies, several responses) and the kinds of argument (path
/// text and numbers, required and optional parameters, JSON bodies, the config's own types).
/// Each crate is built a second time for them, as `clippy` leaves no library to link doctests
/// against: all 74 compiled (2026-12) but took 3.4 min, as long again as the rest of the run.
const DOCTESTED: &[&str] = &[
    "bodies",
    "client_headers",
    "config_client_options",
    "config_environments",
    "config_types",
    "cookies",
    "pagination_cursors",
    "path_parameter_not_in_path",
    "query_styles",
    "sample_limits",
    "server_variables",
    "several_responses",
    "streams",
    "uploads",
    "webhooks",
];

/// The user's own types that `tests/specs/configs/` map schemas to
/// (`crate::custom_types::Money`), as a module of the crate.
fn with_custom_types(dir: &Path) -> Result<(), String> {
    let source = super::workspace_root().join("tests/src/custom_types.rs");
    let text = std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    let module = dir.join("src/custom_types.rs");
    std::fs::write(&module, text).map_err(|e| format!("{}: {e}", module.display()))?;
    let lib = dir.join("src/lib.rs");
    let mut lib_text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    if !lib_text.contains("pub mod custom_types;") {
        lib_text.push_str("\npub mod custom_types;\n");
        std::fs::write(&lib, lib_text).map_err(|e| format!("{}: {e}", lib.display()))?;
    }
    Ok(())
}
