//! `cargo xtask s2o-parity SPEC`: a Swagger 2.0 spec as the generator converts it on load,
//! against the same spec converted by swagger2openapi, the standard converter (pinned in
//! `xtask/prism/package-lock.json`). The API generated from ours must keep every operation,
//! argument and typed result the other has; the change report between the two is printed.

use std::path::Path;
use std::process::Command;

use codegen::surface::{Surface, diff};

use super::api_diff::{print_report, surface_of};

pub fn s2o_parity(spec: &Path) -> Result<(), String> {
    let converter = super::conformance::npm_tool("swagger2openapi")?;
    let out = super::workspace_root().join("target/s2o");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let converted = out.join(format!("{stem}.openapi.json"));
    // `--patch` fixes small errors as the converter's users run it; `--warnOnly` keeps going past the rest.
    let status = Command::new(&converter)
        .args(["--patch", "--warnOnly", "-o"])
        .arg(&converted)
        .arg(spec)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", converter.display()))?;
    if !status.success() {
        return Err(format!("swagger2openapi failed on {}", spec.display()));
    }
    let (theirs, ours) = (surface_of(&converted)?, surface_of(spec)?);
    println!("from swagger2openapi's conversion to the generator's:");
    print_report(&diff(&theirs, &ours), false);
    let lost = losses(&theirs, &ours);
    for loss in &lost {
        println!("  lost: {loss}");
    }
    match lost.len() {
        0 => {
            println!("every operation, argument and typed result of swagger2openapi's conversion is kept");
            Ok(())
        }
        n => Err(format!("{n} things swagger2openapi's conversion gives are lost")),
    }
}

/// What `theirs` offers and `ours` does not: an operation, an argument, a typed result.
fn losses(theirs: &Surface, ours: &Surface) -> Vec<String> {
    let mut out = Vec::new();
    for (endpoint, their) in &theirs.operations {
        // A `text/…` method beside an operation ours has: swagger2openapi makes one of a
        // document-wide `consumes` for a body that is no string, which the generator's
        // conversion drops by rule (`load/swagger2/operations.rs::json_body`).
        if endpoint.strip_suffix(" (text)").is_some_and(|base| ours.operations.contains_key(base)) {
            continue;
        }
        let Some(our) = ours.operations.get(endpoint) else {
            out.push(format!("{endpoint}: no method"));
            continue;
        };
        for (name, _) in &their.args {
            if !our.args.iter().any(|(ours, _)| ours == name) {
                out.push(format!("{endpoint}: argument `{name}`"));
            }
        }
        if their.returns.to_string() != "()" && our.returns.to_string() == "()" {
            out.push(format!("{endpoint}: the result {} is ()", their.returns));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use codegen::surface::{OperationApi, RustType, Surface};

    fn surface(args: &[&str], returns: &str) -> Surface {
        let mut surface = Surface::default();
        let args = args.iter().map(|a| (a.to_string(), RustType::parse("&str").unwrap())).collect();
        let api = OperationApi {
            call: "client.repos().get".into(),
            args,
            returns: RustType::parse(returns).unwrap(),
            server: None,
            body_media: None,
            also_as: Vec::new(),
            test: None,
            paging: None,
        };
        surface.operations.insert("GET /repos/{owner}".into(), api);
        surface
    }

    #[test]
    fn a_lost_argument_result_or_operation_is_found() {
        let theirs = surface(&["owner"], "Repository");
        assert!(super::losses(&theirs, &surface(&["owner"], "Repository")).is_empty());
        assert_eq!(super::losses(&theirs, &surface(&[], "Repository")).len(), 1);
        assert_eq!(super::losses(&theirs, &surface(&["owner"], "()")).len(), 1);
        assert_eq!(super::losses(&theirs, &Surface::default()).len(), 1);
        // A text method beside a kept operation is not lost; a text method alone is.
        let mut with_text = theirs.clone();
        let text = with_text.operations["GET /repos/{owner}"].clone();
        with_text.operations.insert("GET /repos/{owner} (text)".into(), text);
        assert!(super::losses(&with_text, &surface(&["owner"], "Repository")).is_empty());
        assert_eq!(super::losses(&with_text, &Surface::default()).len(), 2);
    }
}
