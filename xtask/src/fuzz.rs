//! `cargo xtask fuzz`: the no-panic property test (`tests/tests/no_panic.rs`)
//! with many cases, in a release build; then a sample of what it generated
//! must compile. The test writes the inputs of the first and every Nth case of
//! each kind (mutated specs, with operation tests, mutated configs, mutated
//! focused Swagger 2.0 and pagination specs) that generated code to `target/fuzz-cases/`; each becomes
//! a crate as `cargo xtask generate` makes one (in `target/fuzz-crates/`) and
//! gets `cargo check --all-targets`, in the corpus's shared target dir.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{USAGE, corpus, standalone, workspace_root};

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let mut cases: u64 = 10_000;
    let mut every: usize = 500;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--compile-every" => {
                let n = iter.next().ok_or_else(|| USAGE.to_string())?;
                every = n.parse().map_err(|_| format!("`{n}` is not a number of cases\n{USAGE}"))?;
            }
            n => cases = n.parse().map_err(|_| format!("`{n}` is not a number of cases\n{USAGE}"))?,
        }
    }
    let root = workspace_root();
    let save_dir = root.join("target/fuzz-cases");
    let _ = std::fs::remove_dir_all(&save_dir);
    let mut command = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(["test", "--release", "--package", "tests", "--test", "no_panic", "--", "--nocapture"])
        .env("FUZZ_CASES", cases.to_string())
        .current_dir(&root);
    if every > 0 {
        std::fs::create_dir_all(&save_dir).map_err(|e| format!("{}: {e}", save_dir.display()))?;
        command.env("FUZZ_SAVE_DIR", &save_dir).env("FUZZ_SAVE_EVERY", every.to_string());
    }
    let status = command.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    let compiled = if every > 0 { compile(&save_dir) } else { Ok(()) };
    match (status.success(), compiled) {
        (true, Ok(())) => Ok(()),
        (false, compiled) => Err(format!(
            "the no-panic test failed on some of {cases} cases{}",
            compiled.err().map(|e| format!("; and {e}")).unwrap_or_default()
        )),
        (true, Err(e)) => Err(e),
    }
}

/// One case the test saved: `case.json` beside its files.
struct Case {
    name: String,
    spec: PathBuf,
    config: Option<PathBuf>,
    operation_tests: bool,
}

fn read_case(dir: &Path) -> Result<Case, String> {
    let path = dir.join("case.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let case: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let spec = case["spec"].as_str().ok_or_else(|| format!("{}: no `spec`", path.display()))?;
    Ok(Case {
        name: dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        spec: PathBuf::from(spec),
        config: case["config"].as_bool().unwrap_or(false).then(|| dir.join("codegen.yaml")),
        operation_tests: case["operation_tests"].is_string(),
    })
}

/// Makes a crate of each saved case and checks it; `Err` names the cases that did not compile.
fn compile(save_dir: &Path) -> Result<(), String> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(save_dir)
        .map_err(|e| format!("{}: {e}", save_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let crates = workspace_root().join("target/fuzz-crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut failed = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        let case = read_case(dir)?;
        let out = crates.join(&case.name);
        let mut args = standalone::Args::new(case.spec.clone(), out.clone());
        // A crate name per case: crates of one name would share their artifacts in the shared target dir.
        args.set_name(&format!("fuzz-{}", case.name));
        args.quiet();
        if let Some(config) = &case.config {
            args.set_config(config);
        }
        if case.operation_tests {
            args.with_operation_tests();
        }
        let started = Instant::now();
        let outcome = standalone::generate(&args)
            .map_err(|e| format!("generate: {e}"))
            .and_then(|_| corpus::run(&out, &["check", "-q", "--all-targets"]));
        let took = started.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => println!("[{}/{}] {}: compiles ({took:.0}s)", i + 1, dirs.len(), case.name),
            Err(e) => {
                println!(
                    "[{}/{}] {}: FAILED ({took:.0}s), inputs in {}\n{e}",
                    i + 1,
                    dirs.len(),
                    case.name,
                    dir.display()
                );
                failed.push(case.name);
            }
        }
    }
    println!("{} of {} sampled outputs compile", dirs.len() - failed.len(), dirs.len());
    if failed.is_empty() { Ok(()) } else { Err(format!("sampled outputs that do not compile: {}", failed.join(", "))) }
}
