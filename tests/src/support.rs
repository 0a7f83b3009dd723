//! Shared between the build script and the tests: how focused specs are generated.

/// The generated code reaches the runtime through the generated-client crate.
pub const RUNTIME_PATH: &str = "generated_client::runtime";

/// A focused spec's config: `specs/configs/<its name>.yaml`.
pub fn config_path(spec: &std::path::Path) -> std::path::PathBuf {
    let name = spec.file_name().unwrap_or_default();
    spec.parent().unwrap_or(std::path::Path::new(".")).join("configs").join(name)
}

/// The focused spec's config, or no config when it has none. Diagnostics
/// name it `configs/NAME.yaml`, as the snapshots must not hold a machine's
/// paths; the overlays it lists are read from its folder.
pub fn config_for(spec: &std::path::Path) -> Result<codegen::Config, codegen::Error> {
    let path = config_path(spec);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(codegen::Config::default()) };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    codegen::Config::from_str_in(&format!("configs/{name}"), &text, path.parent().unwrap_or(std::path::Path::new(".")))
}
