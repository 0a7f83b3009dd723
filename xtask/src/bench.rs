//! `cargo xtask bench [--compile] [DIR|SPEC]...`: whole-process numbers for every spec
//! in each DIR (default `../shared/specs`) and each SPEC, from a release build.
//!
//! - generate: median wall time of several `xtask generate` runs (after one to warm up),
//!   their peak RSS, the lines written, the ratio to a bare parse of the file (JSON or
//!   YAML, as `load` parses it), and the seconds per MB of spec past the fixed cost of a
//!   run (a one-operation spec's time, measured first), which compares specs of any size.
//! - `--compile`: cold `cargo check` of the generated crate alone (dependencies
//!   built, `CARGO_INCREMENTAL=0`), all features and the smallest one: median wall
//!   time of three and rustc's peak RSS.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 7;
/// Cold checks per crate and feature selection; the median is reported.
const COMPILE_RUNS: usize = 3;

/// Wall time and the peak RSS of a child process and everything it waited for.
struct Measured {
    wall: Duration,
    peak_rss_mb: f64,
}

/// Runs `command` to completion, measuring it with `wait4`.
fn measure(command: &mut Command) -> Result<Measured, String> {
    let started = Instant::now();
    let child = command.spawn().map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data, fully written by `wait4` on success.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, whose `Child` handle is not waited on elsewhere.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("{command:?} failed (status {status})"));
    }
    // `ru_maxrss` is in KiB on Linux.
    Ok(Measured { wall, peak_rss_mb: usage.ru_maxrss as f64 / 1024.0 })
}

/// `run` repeated: the median wall time and the highest peak RSS.
fn median_of(runs: usize, mut run: impl FnMut() -> Result<Measured, String>) -> Result<Measured, String> {
    let mut walls = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..runs {
        let measured = run()?;
        walls.push(measured.wall);
        peak = peak.max(measured.peak_rss_mb);
    }
    Ok(Measured { wall: median(walls), peak_rss_mb: peak })
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn lines_in(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                lines_in(&p)
            } else if p.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&p).map_or(0, |t| t.lines().count())
            } else {
                0
            }
        })
        .sum()
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let compile = args.iter().any(|a| a == "--compile");
    let paths: Vec<PathBuf> = args.iter().filter(|a| !a.starts_with("--")).map(PathBuf::from).collect();
    let paths = if paths.is_empty() { vec![super::workspace_root().join("../shared/specs")] } else { paths };
    let mut specs = Vec::new();
    for path in paths {
        if path.is_dir() {
            specs.extend(super::specs_in(&path)?);
        } else {
            specs.push(path);
        }
    }
    let root = super::workspace_root();
    let built = cargo()
        .args(["build", "--release", "-q", "--package", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if !built.success() {
        return Err("the release build of xtask failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let xtask = target.join("release/xtask");
    let out_root = root.join("target/bench-crates");
    std::fs::create_dir_all(&out_root).map_err(|e| e.to_string())?;
    // One run to warm up, then the median of `runs`.
    let generate = |spec: &Path, out: &Path, runs: usize| {
        generate_once(&xtask, spec, out)?;
        median_of(runs, || generate_once(&xtask, spec, out))
    };
    let smallest = out_root.join("one-operation.yaml");
    std::fs::write(&smallest, ONE_OPERATION).map_err(|e| e.to_string())?;
    // Three times as many runs: every per-MB figure depends on it.
    let fixed = generate(&smallest, &out_root.join("one-operation"), 3 * RUNS)?.wall;
    println!("A run's fixed cost (a one-operation spec): {:.1} ms\n", fixed.as_secs_f64() * 1000.0);
    println!(
        "| spec | MB | generate, median of {RUNS} | s per MB | peak RSS | generated lines | parse alone | ratio |\n|---|---|---|---|---|---|---|---|"
    );
    let mut crates = Vec::new();
    for spec in specs {
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let out = out_root.join(&stem);
        let Measured { wall, peak_rss_mb: peak } = generate(&spec, &out, RUNS)?;
        let mb = std::fs::metadata(&spec).map_err(|e| e.to_string())?.len() as f64 / 1e6;
        let parse = parse_floor(&xtask, &spec)?;
        println!(
            "| {} | {mb:.2} | {:.1} ms | {:.3} | {peak:.0} MB | {} | {:.1} ms | {:.0}× |",
            spec.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            wall.as_secs_f64() * 1000.0,
            wall.saturating_sub(fixed).as_secs_f64() / mb,
            lines_in(&out.join("src/generated")),
            parse.as_secs_f64() * 1000.0,
            wall.as_secs_f64() / parse.as_secs_f64().max(1e-9)
        );
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
        let smallest = smallest_feature(&manifest);
        crates.push((stem, out, smallest));
    }
    if compile {
        compile_times(&crates)?;
    }
    Ok(())
}

/// One `xtask generate` of `spec` into `out`, measured.
fn generate_once(xtask: &Path, spec: &Path, out: &Path) -> Result<Measured, String> {
    let mut command = Command::new(xtask);
    command
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    measure(&mut command)
}

/// The smallest spec worth generating: what every run costs whatever the spec.
const ONE_OPERATION: &str = "openapi: 3.0.0
info: {title: One, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: ok}}
";

/// The median time the release xtask needs to parse `spec` into a `serde_json::Value`.
fn parse_floor(xtask: &Path, spec: &Path) -> Result<Duration, String> {
    let output = Command::new(xtask).arg("parse-floor").arg(spec).output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let nanos: u64 = text.trim().parse().map_err(|_| format!("parse-floor printed `{text}`"))?;
    Ok(Duration::from_nanos(nanos))
}

/// `xtask parse-floor <SPEC>`: prints the median nanoseconds of `serde_json::from_slice::<Value>`.
pub fn print_parse_floor(spec: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let name = spec.display().to_string();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        // As `load` parses it: JSON, or YAML with the fast reader (or serde_yaml).
        let value = codegen::load::parse(&text, &name).map_err(|e| e.to_string())?;
        times.push(started.elapsed());
        drop(value);
    }
    println!("{}", median(times).as_nanos());
    Ok(())
}

fn compile_times(crates: &[(String, PathBuf, Option<String>)]) -> Result<(), String> {
    println!(
        "\n| spec | generated lines | check, all features (median of {COMPILE_RUNS}) | rustc peak RSS | check, one feature | rustc peak RSS |\n|---|---|---|---|---|---|"
    );
    let target = super::workspace_root().join("target/bench-check");
    for (stem, dir, smallest) in crates {
        let package = format!("{stem}-client");
        let check = |extra: &[&str]| -> Result<Measured, String> {
            let env = |c: &mut Command| {
                c.current_dir(dir)
                    .env("CARGO_TARGET_DIR", &target)
                    .env("CARGO_INCREMENTAL", "0")
                    .env("CARGO_PROFILE_DEV_DEBUG", "0");
            };
            // Dependencies first (not measured), then only the generated crate, from cold.
            let mut warm = cargo();
            warm.args(["check", "-q"]).args(extra);
            env(&mut warm);
            warm.status().map_err(|e| e.to_string())?;
            median_of(COMPILE_RUNS, || {
                let mut clean = cargo();
                clean.args(["clean", "-q", "--package", &package]);
                env(&mut clean);
                clean.status().map_err(|e| e.to_string())?;
                let mut check = cargo();
                check.args(["check", "-q"]).args(extra);
                env(&mut check);
                measure(&mut check)
            })
        };
        let all = check(&[])?;
        let one = match &smallest {
            Some(feature) => {
                let selection = format!("rustls,{feature}");
                let measured = check(&["--no-default-features", "--features", &selection])?;
                format!("{:.1} s ({feature}) | {:.0} MB", measured.wall.as_secs_f64(), measured.peak_rss_mb)
            }
            None => "- | -".into(),
        };
        println!(
            "| {stem} | {} | {:.1} s | {:.0} MB | {one} |",
            lines_in(&dir.join("src")),
            all.wall.as_secs_f64(),
            all.peak_rss_mb
        );
    }
    Ok(())
}

/// The first of `all-resources` in a generated manifest: the smallest resource
/// (they are listed smallest first), unless it is the unreferenced models.
fn smallest_feature(manifest: &str) -> Option<String> {
    let features = manifest.split("[features]").nth(1)?;
    let all = features.lines().find_map(|l| l.strip_prefix("all-resources = ["))?;
    let first = all.split(',').next()?.trim().trim_matches(['"', ']']);
    (!first.is_empty() && first != codegen::name::UNREFERENCED_FEATURE).then(|| first.to_string())
}
