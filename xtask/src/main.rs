//! Project tasks:
//!
//! - `cargo xtask regen [--check]`: regenerate `generated-client/` from `specs/`.
//! - `cargo xtask generate <SPEC> --out <DIR> [--name <crate>] [--config <FILE>] [--operation-tests] [--strict] [--timings]`: a standalone client crate for any spec.
//! - `cargo xtask examples <SPEC>`: every spec example round-trips through its generated type.
//! - `cargo xtask corpus <DIR>`: generate + check + clippy + examples for every spec in DIR.
//! - `cargo xtask conformance <SPEC> [--dynamic [SEED]] [--strict]`: per-operation tests against Prism serving SPEC.
//! - `cargo xtask audit <SPEC>…`: the generated API keeps what each spec says, or a warning says what it drops.
//! - `cargo xtask s2o-parity <SPEC>`: a Swagger 2.0 spec's API keeps all that swagger2openapi's conversion gives.
//! - `cargo xtask configured <SPEC> <CONFIG>`: SPEC generated as CONFIG says, clippy'd, examples round-tripped.
//! - `cargo xtask fuzz [CASES] [--compile-every N]`: the no-panic property test (`tests/tests/no_panic.rs`) at length, a sample of its outputs compiled.
//! - `cargo xtask bench [--compile] [DIR|SPEC]...`: generation speed and memory, and compile time of the output.
//! - `cargo xtask diff <OLD> <NEW> [--json]`: what changed in the generated public API, breaking or not.
//! - `cargo xtask stability <OLD> <NEW>`: operations whose spec is unchanged keep their API.
//! - `cargo xtask semver-cases`: the change report's verdicts against cargo-semver-checks.
//! - `cargo xtask focused`: every focused spec as a whole crate with its operation tests, clippy-clean.
//! - `cargo xtask reorder <SPEC|DIR> [SEEDS]`: shuffled key order gives byte-identical output.
//! - `cargo xtask resource-map <SPEC|DIR> [--check]`: the layout as a Stainless resource map; fed back, it changes nothing.
//! - `cargo xtask pagination <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-false N]`: the answer keys' pages that page here, and pages per scheme.
//! - `cargo xtask naming <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-bad PCT]`: method names against Stainless's answer keys, and the share in a bad-name class.
//! - `cargo xtask yaml-parity DIR...`: the fast YAML reader against serde_yaml on every YAML spec in the folders.

mod api_diff;
mod audit;
mod bench;
mod conformance;
mod corpus;
mod files;
mod focused;
mod fuzz;
mod naming;
mod pagination;
mod reorder;
mod resource_map;
mod s2o_parity;
mod semver;
mod stainless_check;
mod standalone;
mod validate;
mod yaml_parity;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::surface::Surface;
use codegen::{Config, EmitOptions};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask regen [--check]
      regenerate generated-client/src/generated/ from specs/cloudflare.yaml as specs/codegen.yaml
      says; --check changes nothing and fails with a diff summary when the committed code is stale
  cargo xtask generate <SPEC> --out <DIR> [--name <crate-name>] [--config <FILE>] [--operation-tests] [--strict] [--timings]
      write a complete standalone client crate for SPEC (JSON or YAML) into DIR, configured by
      FILE (a codegen.yaml); --operation-tests adds tests/operations.rs, a test per operation
      against the server at API_BASE_URL; --strict turns the generator's warnings (the
      config's included) into errors; --timings prints each stage's time
  cargo xtask examples <SPEC>
      check that every example in SPEC round-trips through its generated type
  cargo xtask fuzz [CASES] [--compile-every N]
      the no-panic property test with more mutated specs and configs (default 10000), release
      build; then the first and every Nth (default 500, 0 for none) case of each kind that
      generated code is generated as a crate and must pass `cargo check --all-targets`
  cargo xtask corpus <DIR>
      generate, check, clippy and round-trip examples for every spec in DIR
  cargo xtask conformance <SPEC> [--dynamic [SEED]] [--strict]
      generate SPEC with a test per operation, serve SPEC with Prism (installed with npm ci from
      xtask/prism/), run the tests against it and print each operation's outcome and the totals
  cargo xtask audit <SPEC>...
      fail when a spec's operation, path or query parameter, request body media type, typed
      success response or server is missing from the generated API with no warning saying so
  cargo xtask s2o-parity <SPEC>
      convert the Swagger 2.0 SPEC with swagger2openapi (installed with npm ci from xtask/prism/),
      print the change report from that conversion's API to the generator's own, and fail when
      an operation, argument or typed result of the former is lost
  cargo xtask configured <SPEC> <CONFIG>
      generate SPEC as CONFIG says into target/corpus-crates, clippy it with all features and
      round-trip its examples through the configured types
  cargo xtask bench [--compile] [DIR|SPEC]...
      release-build generate time, peak RSS, lines and ratio to a bare JSON parse for every
      spec in DIR (default ../shared/specs); --compile adds cold `cargo check` of each crate
  cargo xtask diff <OLD_SPEC> <NEW_SPEC> [--json]
      the changes in the generated public API (operations, types, fields, enum values),
      each breaking or compatible, and the semver bump they need
  cargo xtask stability <OLD_SPEC> <NEW_SPEC>
      every operation whose spec (with what its $refs reach) is the same in both keeps its
      method, arguments and the names and fields of every type it reaches; fails otherwise
  cargo xtask focused
      every focused spec of tests/specs generated as a crate with its operation tests,
      clippy'd with warnings denied (client.rs and tests/operations.rs included)
  cargo xtask semver-cases
      small spec edits (a field added, an operation removed, ...) generated as crate pairs:
      the change report must call breaking exactly what cargo-semver-checks does
  cargo xtask reorder <SPEC|DIR> [SEEDS]
      generate each spec as it is and with paths, operations, components, `required` and
      parameter lists shuffled (SEEDS times, default 3); fails unless every file is identical
  cargo xtask resource-map <SPEC|DIR> [--check]
      print the generator's layout of SPEC as a Stainless `resources:` map (a codegen.yaml to
      edit); --check generates each spec with its own map and fails unless nothing changes
  cargo xtask naming <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-bad PCT]
      generate every spec in WILD_DIR in process and print two markdown tables from its api.md:
      per answer key (STAINLESS_DIR/<api>.api.md), the endpoints whose call chain is Stainless's;
      per spec, the methods in a bad-name class (version, base, suffix, fallback, long, acronym,
      list-one); fails when an answer key matches below PCT, or the bad share is above PCT
  cargo xtask yaml-parity DIR...
      read every YAML spec in the folders with the fast YAML reader and with serde_yaml; fails
      unless the two read each the same (specs the reader leaves to serde_yaml are listed)
  cargo xtask pagination <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-false N] [--list]
      generate every spec in WILD_DIR in process: the answer keys' pages that are pages here,
      extra pages (and those where the key returns one object), and pages per scheme per spec;
      fails below PCT matched or above N false pages
  cargo xtask stainless-check <STAINLESS_YML> <SPEC>
      generate SPEC as the Stainless config says and report the share of its `resources:` map
      (methods at their resource path and name, models by name) the client uses as it is;
      names whose endpoint or component the spec lacks are listed apart; fails below 100 %";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regen") => match &args[1..] {
            [] => regen(false),
            [flag] if flag == "--check" => regen(true),
            _ => Err(USAGE.to_string()),
        },
        Some("generate") => standalone::Args::parse(&args[1..]).and_then(|a| standalone::generate(&a).map(|_| ())),
        Some("examples") => match &args[1..] {
            [spec] => corpus::examples(Path::new(spec)),
            _ => Err(USAGE.to_string()),
        },
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("corpus") => match &args[1..] {
            [dir] => corpus::corpus(Path::new(dir)),
            _ => Err(USAGE.to_string()),
        },
        Some("conformance") => conformance::conformance(&args[1..]),
        Some("audit") => audit::audit(&args[1..].iter().map(PathBuf::from).collect::<Vec<_>>()),
        Some("s2o-parity") => match &args[1..] {
            [spec] => s2o_parity::s2o_parity(Path::new(spec)),
            _ => Err(USAGE.to_string()),
        },
        Some("configured") => match &args[1..] {
            [spec, config] => corpus::configured(Path::new(spec), Path::new(config)),
            _ => Err(USAGE.to_string()),
        },
        Some("bench") => bench::bench(&args[1..]),
        Some("diff") => match &args[1..] {
            [old, new] => api_diff::diff_specs(Path::new(old), Path::new(new), false),
            [old, new, flag] if flag == "--json" => api_diff::diff_specs(Path::new(old), Path::new(new), true),
            _ => Err(USAGE.to_string()),
        },
        Some("stability") => match &args[1..] {
            [old, new] => api_diff::stability(Path::new(old), Path::new(new)),
            _ => Err(USAGE.to_string()),
        },
        Some("semver-cases") => semver::semver_cases(),
        Some("focused") => focused::focused(),
        Some("reorder") => match &args[1..] {
            [target] => reorder::reorder(Path::new(target), 3),
            [target, seeds] => {
                seeds.parse().map_err(|_| USAGE.to_string()).and_then(|n| reorder::reorder(Path::new(target), n))
            }
            _ => Err(USAGE.to_string()),
        },
        Some("resource-map") => match &args[1..] {
            [target] => resource_map::resource_map(Path::new(target), false),
            [target, flag] if flag == "--check" => resource_map::resource_map(Path::new(target), true),
            _ => Err(USAGE.to_string()),
        },
        Some("naming") => naming::naming(&args[1..]),
        Some("yaml-parity") => yaml_parity::yaml_parity(&args[1..]),
        Some("pagination") => pagination::pagination(&args[1..]),
        Some("stainless-check") => match &args[1..] {
            [config, spec] => stainless_check::stainless_check(Path::new(config), Path::new(spec)),
            _ => Err(USAGE.to_string()),
        },
        // Used by `bench`: the floor a generate run is compared with.
        Some("parse-floor") => match &args[1..] {
            [spec] => bench::print_parse_floor(Path::new(spec)),
            _ => Err(USAGE.to_string()),
        },
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The JSON and YAML files in `dir`, sorted.
pub(crate) fn specs_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .collect();
    specs.sort();
    Ok(specs)
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn regen(check: bool) -> Result<(), String> {
    let root = workspace_root();
    let spec = root.join("specs/cloudflare.yaml");
    let out_dir = root.join("generated-client/src/generated");
    let options = EmitOptions { surface: true, ..EmitOptions::default() };
    let config = Config::from_path(&root.join("specs/codegen.yaml")).map_err(|e| format!("error: {e}"))?;
    let generated = codegen::generate_with_config(&spec, &config, &options).map_err(|e| format!("error: {e}"))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    // What the regeneration changes in the public API, against the committed crate's `api.json`.
    if let (Ok(committed), Some(new)) =
        (std::fs::read_to_string(out_dir.join("api.json")), generated.files.get("api.json"))
    {
        let report = codegen::surface::diff(&Surface::from_json(&committed)?, &Surface::from_json(new)?);
        if report.changes.is_empty() {
            println!("the public API is unchanged");
        } else {
            println!("changes to the public API:");
            api_diff::print_report(&report, false);
        }
    }
    let mut stale = files::sync(&out_dir, &generated.files, check)?;
    stale.extend(files::sync_dependencies(&root.join("generated-client/Cargo.toml"), &generated.dependencies, check)?);
    if check {
        if stale.is_empty() {
            println!("generated-client is up to date");
            return Ok(());
        }
        return Err(format!(
            "generated-client is stale: run `cargo xtask regen`.\n{}",
            stale.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
        ));
    }
    println!(
        "regenerated {} files in {}{}",
        generated.files.len(),
        out_dir.display(),
        if stale.is_empty() { " (no changes)" } else { "" }
    );
    Ok(())
}
