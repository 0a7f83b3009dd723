//! Generates code for every focused spec in `specs/` so that `src/lib.rs` can
//! compile it: snapshots of generated code must also build, warning-free.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    println!("cargo::rerun-if-changed={}", specs.display());
    println!("cargo::rerun-if-changed={}", specs.join("configs").display());
    let mut entries: Vec<_> = std::fs::read_dir(&specs)
        .expect("tests/specs exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    let options = codegen::EmitOptions { runtime_path: tests_support::RUNTIME_PATH.to_string(), ..Default::default() };
    let mut out = String::new();
    for path in entries {
        println!("cargo::rerun-if-changed={}", path.display());
        println!("cargo::rerun-if-changed={}", tests_support::config_path(&path).display());
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 file name");
        let config = tests_support::config_for(&path).unwrap_or_else(|e| panic!("{e}"));
        let generated = codegen::generate_with_config(&path, &config, &options).unwrap_or_else(|e| panic!("{e}"));
        let _ = writeln!(out, "pub mod {stem} {{");
        // `client.rs` adds inherent methods to the runtime's `Client`, which only the client crate itself may do.
        for module in ["types", "resources"] {
            let _ = writeln!(out, "pub mod {module} {{\n{}\n}}", generated.files[&format!("{module}.rs")]);
        }
        if let Some(examples) = generated.files.get("examples.rs") {
            let _ = writeln!(out, "#[cfg(test)]\nmod examples {{\n{examples}\n}}");
        }
        let _ = writeln!(out, "}}");
    }
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("focused.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

#[path = "src/support.rs"]
mod tests_support;
