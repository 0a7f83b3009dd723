//! `cargo xtask yaml-parity DIR...`: the fast YAML reader (`codegen::load::block_yaml`)
//! against serde_yaml on every YAML spec in the folders. Fails when the two read a spec
//! differently; lists the specs left to serde_yaml, which stay correct but slower.

use std::path::Path;

use codegen::load::block_yaml::{Parity, parity};

pub fn yaml_parity(dirs: &[String]) -> Result<(), String> {
    if dirs.is_empty() {
        return Err("usage: cargo xtask yaml-parity DIR...".into());
    }
    let (mut same, mut left, mut differs) = (0, Vec::new(), Vec::new());
    for dir in dirs {
        for spec in crate::specs_in(Path::new(dir))? {
            let text = std::fs::read_to_string(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
            // Only what `load` reads as YAML.
            if codegen::load::looks_like_json(&text, &spec.to_string_lossy()) {
                continue;
            }
            match parity(&text) {
                Parity::Same => same += 1,
                Parity::Left => left.push(spec.display().to_string()),
                Parity::Differs(what) => differs.push(format!("{}:\n{what}", spec.display())),
            }
        }
    }
    println!("yaml-parity: {same} YAML specs read by the fast reader as serde_yaml reads them");
    if !left.is_empty() {
        println!("left to serde_yaml ({}): {}", left.len(), left.join(", "));
    }
    if differs.is_empty() { Ok(()) } else { Err(format!("read differently from serde_yaml:\n{}", differs.join("\n"))) }
}
