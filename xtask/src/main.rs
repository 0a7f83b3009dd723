//! Project tasks: `cargo xtask regen [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::EmitOptions;

const USAGE: &str = "usage: cargo xtask regen [--check]

  regen           regenerate generated-client/src/generated/ from specs/cloudflare.yaml
  regen --check   change nothing; fail with a diff summary when the committed code is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["regen"] => regen(false),
        ["regen", "--check"] => regen(true),
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

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn regen(check: bool) -> Result<(), String> {
    let root = workspace_root();
    let spec = root.join("specs/cloudflare.yaml");
    let out_dir = root.join("generated-client/src/generated");
    let generated = codegen::generate(&spec, &EmitOptions::default()).map_err(|e| format!("error: {e}"))?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let stale = xtask_files::sync(&out_dir, &generated.files, check)?;
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
    println!("regenerated {} files in {}{}", generated.files.len(), out_dir.display(), if stale.is_empty() { " (no changes)" } else { "" });
    Ok(())
}

mod xtask_files;
