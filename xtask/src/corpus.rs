//! `cargo xtask examples <SPEC>` and `cargo xtask corpus <DIR>`: generate crates
//! for real specs and prove they compile, pass clippy, and round-trip the specs'
//! examples. All generated crates share one target dir (`target/corpus`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::{standalone, validate};

struct Examples {
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

fn crate_dir(spec: &Path) -> PathBuf {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    super::workspace_root().join("target/corpus-crates").join(stem)
}

/// Cargo in a generated crate, sharing the corpus target dir.
pub(crate) fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", super::workspace_root().join("target/corpus"))
        // Debug info is most of the cost of building a large generated crate, and nothing here debugs it.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0");
    command
}

/// Runs a cargo command; `Err` carries the tail of its output.
pub(crate) fn run(dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = cargo(dir, args).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> =
        text.lines().filter(|l| l.starts_with("error") || l.trim_start().starts_with("-->")).take(20).collect();
    Err(tail.join("\n"))
}

/// Removes the build artifacts of the generated crate in `dir` from the shared
/// target dir once it is checked: the corpus's generated crates are large, and
/// keeping each one's would fill the disk (its dependencies stay, for the next).
pub(crate) fn forget(dir: &Path) -> Result<(), String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = manifest
        .lines()
        .find_map(|line| line.strip_prefix("name = \"")?.strip_suffix('"'))
        .ok_or_else(|| format!("{}: Cargo.toml names no package", dir.display()))?;
    run(dir, &["clean", "-q", "-p", name])
}

fn run_examples(dir: &Path) -> Result<Examples, String> {
    // With `extra-fields`: an example may carry properties its schema does not declare.
    let output = cargo(
        dir,
        &["test", "--lib", "-q", "--features", "extra-fields", "spec_examples_round_trip", "--", "--nocapture"],
    )
    .output()
    .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().find_map(|line| {
        let counts = line.strip_suffix(" examples round-trip")?;
        let (passed, total) = counts.split_once('/')?;
        Some((passed.trim().parse().ok()?, total.trim().parse().ok()?))
    });
    match summary {
        Some((passed, total)) => {
            let failures = stdout.lines().filter_map(|l| l.strip_prefix("FAILED ")).map(str::to_string).collect();
            Ok(Examples { passed, total, failures })
        }
        // A spec without examples has no examples test.
        None if output.status.success() => Ok(Examples { passed: 0, total: 0, failures: Vec::new() }),
        None => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(stderr.lines().filter(|l| l.starts_with("error")).take(10).collect::<Vec<_>>().join("\n"))
        }
    }
}

/// Splits failures into examples proven to contradict their own schema (with
/// the reason) and the rest, which are generator bugs. Writes the first list to
/// `xtask/example-contradictions/<spec>.tsv`, prints the second.
fn classify(spec_path: &Path, examples: &Examples) -> Result<usize, String> {
    let documents = codegen::load::from_path(spec_path).map_err(|e| e.to_string())?;
    let mut diagnostics = codegen::diagnostics::Diagnostics::default();
    let spec = codegen::resolve::resolve(&documents, &mut diagnostics).map_err(|e| e.to_string())?;
    let model =
        codegen::lower::lower(&spec, &codegen::Config::default(), &mut diagnostics).map_err(|e| e.to_string())?;
    let mut listed = String::from(
        "# Spec examples that contradict their own schema, found by `cargo xtask examples`.\n# location\twhy\n",
    );
    let mut unexplained = 0;
    for failure in &examples.failures {
        let location = failure.split(": ").next().unwrap_or_default();
        let reason = model
            .examples
            .iter()
            .find(|e| e.label == location)
            .and_then(|e| validate::contradiction(&spec, &e.schemas, &e.value));
        match reason {
            Some(reason) => listed.push_str(&format!("{location}\t{reason}\n")),
            None => {
                unexplained += 1;
                println!("  FAILED {failure}");
            }
        }
    }
    let stem = spec_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = super::workspace_root().join("xtask/example-contradictions");
    if examples.failures.len() > unexplained {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{stem}.tsv")), listed).map_err(|e| e.to_string())?;
    }
    Ok(unexplained)
}

fn generate(spec: &Path, dir: &Path) -> Result<Vec<String>, String> {
    standalone::generate(&standalone::Args::new(spec.to_path_buf(), dir.to_path_buf()))
}

/// `cargo xtask configured SPEC CONFIG`: SPEC generated as CONFIG says (its
/// Rust types' crates in the manifest), then checked with clippy, and its
/// examples round-tripped through the configured types.
pub fn configured(spec: &Path, config: &Path) -> Result<(), String> {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = super::workspace_root().join("target/corpus-crates").join(format!("{stem}-configured"));
    let mut args = standalone::Args::new(spec.to_path_buf(), dir.clone());
    args.set_config(config);
    standalone::generate(&args)?;
    run(&dir, &["clippy", "-q", "--all-features", "--", "-D", "warnings"])
        .map_err(|e| format!("{}: clippy: {e}", dir.display()))?;
    let examples = run_examples(&dir)?;
    println!("{stem} with {}: clippy ok, {}/{} examples round-trip", config.display(), examples.passed, examples.total);
    if examples.failures.is_empty() { Ok(()) } else { Err(examples.failures.join("\n")) }
}

pub fn examples(spec: &Path) -> Result<(), String> {
    let dir = crate_dir(spec);
    generate(spec, &dir)?;
    let examples = run_examples(&dir)?;
    let unexplained = classify(spec, &examples)?;
    println!(
        "{}/{} examples round-trip; {} contradict their own schema (xtask/example-contradictions/); {unexplained} unexplained",
        examples.passed,
        examples.total,
        examples.failures.len() - unexplained
    );
    match unexplained {
        0 => Ok(()),
        n => Err(format!("{n} examples fit their schema but do not round-trip")),
    }
}

struct Row {
    spec: String,
    generate: String,
    check: String,
    /// `cargo check` with only the first resource feature.
    one_feature: String,
    clippy: String,
    examples: String,
    ok: bool,
}

pub fn corpus(dir: &Path) -> Result<(), String> {
    let specs = super::specs_in(dir)?;
    let started = Instant::now();
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let crate_dir = crate_dir(spec);
        let step = Instant::now();
        let mut row = Row {
            spec: name.clone(),
            generate: "failed".into(),
            check: "-".into(),
            one_feature: "-".into(),
            clippy: "-".into(),
            examples: "-".into(),
            ok: false,
        };
        match generate(spec, &crate_dir) {
            Err(e) => println!("[{}/{}] {name}: generate failed: {e}", i + 1, specs.len()),
            Ok(features) => {
                row.generate = format!("ok {:.1}s", step.elapsed().as_secs_f64());
                let step = Instant::now();
                let check = run(&crate_dir, &["check", "-q"]);
                row.check = outcome(&check, step);
                // A user who needs one resource compiles only it: that must build too.
                let step = Instant::now();
                let one = match features.first() {
                    Some(feature) => {
                        let selection = format!("rustls,{feature}");
                        let result =
                            run(&crate_dir, &["check", "-q", "--no-default-features", "--features", &selection]);
                        row.one_feature = format!("{} ({feature})", outcome(&result, step));
                        result
                    }
                    None => Ok(()),
                };
                let step = Instant::now();
                let clippy = run(&crate_dir, &["clippy", "-q", "--all-targets", "--", "-D", "warnings"]);
                row.clippy = outcome(&clippy, step);
                let step = Instant::now();
                let examples = run_examples(&crate_dir);
                let unknown = match &examples {
                    Ok(e) => {
                        let unexplained = classify(spec, e).unwrap_or(usize::MAX);
                        let contradicting = e.failures.len().saturating_sub(unexplained);
                        row.examples = format!(
                            "{}/{}, {contradicting} contradict their schema, {unexplained} unexplained ({:.0}s)",
                            e.passed,
                            e.total,
                            step.elapsed().as_secs_f64()
                        );
                        unexplained
                    }
                    Err(e) => {
                        println!("{e}");
                        row.examples = "build failed".into();
                        1
                    }
                };
                for error in [&check, &one, &clippy].into_iter().filter_map(|r| r.as_ref().err()) {
                    println!("{error}");
                }
                let forgotten = forget(&crate_dir);
                row.ok = check.is_ok() && one.is_ok() && clippy.is_ok() && unknown == 0 && forgotten.is_ok();
                if let Err(error) = forgotten {
                    println!("{error}");
                }
                println!(
                    "[{}/{}] {name}: generate {}, check {}, one feature {}, clippy {}, examples {} ({:.0}s so far)",
                    i + 1,
                    specs.len(),
                    row.generate,
                    row.check,
                    row.one_feature,
                    row.clippy,
                    row.examples,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        rows.push(row);
    }
    println!(
        "\n| spec | generate | cargo check | check, one feature | clippy -D warnings | examples round-trip |\n|---|---|---|---|---|---|"
    );
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.spec, row.generate, row.check, row.one_feature, row.clippy, row.examples
        );
    }
    println!("\ntotal {:.0}s", started.elapsed().as_secs_f64());
    match rows.iter().filter(|r| !r.ok).count() {
        0 => Ok(()),
        n => Err(format!("{n} of {} specs failed", rows.len())),
    }
}

fn outcome(result: &Result<(), String>, started: Instant) -> String {
    match result {
        Ok(()) => format!("ok {:.0}s", started.elapsed().as_secs_f64()),
        Err(_) => "FAILED".into(),
    }
}
