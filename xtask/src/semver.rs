//! `cargo xtask semver-cases`: the change report's verdicts checked against
//! `cargo-semver-checks`, the tool Rust library authors use. Each case is a
//! small spec and one edit of it (a field added, a required field removed, …);
//! both versions are generated as crates, `cargo semver-checks` compares
//! them, and its verdict (breaking or not) must be the report's. Where the
//! report is stricter (cargo-semver-checks has no lint for a field whose type
//! changed), the report must prove it: code written against the old field
//! type is compiled against the new crate and must fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

/// The spec every case edits: a resource with two operations, a struct with
/// required and optional fields, and an open enum.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}},
                "delete": {"responses": {"204": {"description": "gone"}}}
            }
        },
        "components": {"schemas": {
            "Item": {"type": "object", "required": ["id", "name"], "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "note": {"type": "string"}, "color": {"$ref": "#/components/schemas/Color"}
            }},
            "Color": {"type": "string", "enum": ["red", "green"]}
        }}
    })
}

/// The edit that makes a case's new spec from [`base`].
type Edit = fn(&mut Value);

/// Each case: its name and its edit.
fn cases() -> Vec<(&'static str, Edit)> {
    vec![
        ("field_added", |spec| {
            spec["components"]["schemas"]["Item"]["properties"]["size"] = json!({"type": "integer"})
        }),
        ("required_field_removed", |spec| {
            let item = &mut spec["components"]["schemas"]["Item"];
            item["properties"].as_object_mut().map(|p| p.remove("name"));
            item["required"] = json!(["id"]);
        }),
        ("optional_made_required", |spec| {
            spec["components"]["schemas"]["Item"]["required"] = json!(["id", "name", "note"])
        }),
        ("value_added_to_open_enum", |spec| {
            spec["components"]["schemas"]["Color"]["enum"] = json!(["red", "green", "blue"])
        }),
        ("operation_removed", |spec| {
            spec["paths"]["/items/{id}"].as_object_mut().map(|item| item.remove("delete"));
        }),
        ("type_renamed", |spec| {
            let schemas = spec["components"]["schemas"].as_object_mut().expect("schemas");
            let item = schemas.remove("Item").expect("Item");
            schemas.insert("Article".into(), item);
            spec["paths"]["/items/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] =
                json!({"$ref": "#/components/schemas/Article"});
        }),
        ("nothing_changed", |_| {}),
    ]
}

pub fn semver_cases() -> Result<(), String> {
    let root = crate::workspace_root().join("target/semver-cases");
    let mut disagreements = Vec::new();
    println!("{:<26} {:<10} {:<18} change report", "case", "bump", "cargo-semver-checks");
    for (name, edit) in cases() {
        let dir = root.join(name);
        let old_spec = write_spec(&dir, "old", base())?;
        let mut new = base();
        edit(&mut new);
        let new_spec = write_spec(&dir, "new", new)?;
        let old_surface = crate::api_diff::surface_of(&old_spec)?;
        let report = codegen::surface::diff(&old_surface, &crate::api_diff::surface_of(&new_spec)?);
        let (old_crate, new_crate) = (dir.join("old-crate"), dir.join("new-crate"));
        for (spec, out) in [(&old_spec, &old_crate), (&new_spec, &new_crate)] {
            let mut args = crate::standalone::Args::new(spec.clone(), out.clone());
            args.set_name("shop-client");
            crate::standalone::generate(&args)?;
        }
        let tool_breaking = semver_checks(&old_crate, &new_crate, &root.join("target"))?;
        let ours = report.breaking() > 0;
        let what: Vec<String> =
            report.changes.iter().map(|c| format!("{:?} {} {}: {}", c.verdict, c.item, c.subject, c.what)).collect();
        println!(
            "{name:<26} {:<10} {:<18} {}",
            report.bump(),
            if tool_breaking { "breaking" } else { "not breaking" },
            what.join("; ")
        );
        if tool_breaking != ours {
            let proven =
                !tool_breaking && proven_by_compiling(&old_surface, &report, &new_crate, &dir, &root.join("target"))?;
            if proven {
                println!(
                    "{:<26} stricter than cargo-semver-checks (no lint for a retyped field), proven: code using the old field type does not compile against the new crate",
                    ""
                );
            } else {
                disagreements.push(name);
            }
        }
    }
    if disagreements.is_empty() {
        println!(
            "the change report calls breaking what cargo-semver-checks does, and more only where compiling proves the break"
        );
        Ok(())
    } else {
        Err(format!("the change report and cargo-semver-checks disagree on: {}", disagreements.join(", ")))
    }
}

/// For each breaking field retype in `report`: whether code that stores a
/// value of the old type in the field fails to compile against the new crate.
/// True when there is at least one and every one fails.
/// The code must compile against the old crate, or the proof proves nothing.
fn proven_by_compiling(
    old: &codegen::surface::Surface,
    report: &codegen::surface::Report,
    new_crate: &Path,
    dir: &Path,
    target: &Path,
) -> Result<bool, String> {
    use codegen::surface::{TypeApi, Verdict};
    let retypes: Vec<(String, String, String)> = report
        .changes
        .iter()
        .filter(|c| c.verdict == Verdict::Breaking && c.item == "field" && c.what != "added" && c.what != "removed")
        .filter_map(|c| {
            let (ty, field) = c.subject.split_once('.')?;
            let TypeApi::Struct { fields } = old.types.get(ty)? else { return None };
            Some((ty.to_string(), field.to_string(), fields.get(field)?.ty.to_string()))
        })
        .collect();
    if retypes.is_empty() || retypes.len() != report.breaking() {
        return Ok(false);
    }
    let old_crate = dir.join("old-crate");
    for (ty, field, old_type) in retypes {
        let code = format!(
            "#![allow(unused_imports)]\nuse shop_client::runtime::Nullable;\nuse shop_client::types::*;\n\n/// Written against the old crate: stores the old type in the field.\npub fn set(value: &mut {ty}, field: {old_type}) {{\n    value.{field} = field;\n}}\n"
        );
        if !compiles(&code, &old_crate, dir, target)? || compiles(&code, new_crate, dir, target)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether `code`, as a library depending on `krate`, compiles.
fn compiles(code: &str, krate: &Path, dir: &Path, target: &Path) -> Result<bool, String> {
    let user = dir.join("user");
    std::fs::create_dir_all(user.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nshop-client = {{ path = {:?} }}\n\n[workspace]\n",
        krate.display().to_string()
    );
    std::fs::write(user.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(user.join("src/lib.rs"), code).map_err(|e| e.to_string())?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(user.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(status.success())
}

fn write_spec(dir: &Path, side: &str, spec: Value) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{side}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&spec).unwrap_or_default())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Whether `cargo semver-checks` finds a breaking change from `old` to `new`.
fn semver_checks(old: &Path, new: &Path, target: &Path) -> Result<bool, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old)
        // Both crates build into one target dir: the runtime compiles once.
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| {
            format!("cannot run cargo semver-checks (install it: cargo install cargo-semver-checks --locked): {e}")
        })?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        return Ok(false);
    }
    if text.contains("semver requires new major version") || text.contains("FAIL") {
        return Ok(true);
    }
    Err(format!("cargo semver-checks failed:\n{text}"))
}
