//! `api.md`: one line per operation, so a reader (and a snapshot) sees what
//! each call takes and returns without reading the generated code. Rendered
//! from the public-API surface, so it says what api.json says.

use crate::model::ApiInfo;
use crate::surface::Surface;

pub(super) fn api_doc(api: &ApiInfo, surface: &Surface) -> String {
    let mut out =
        format!("# {} {}\n\nEvery operation: `METHOD path → Rust call → result`.\n\n", api.title, api.version);
    let mut lines: Vec<String> = surface
        .operations
        .iter()
        .map(|(endpoint, op)| {
            let args: Vec<&str> = op.args.iter().map(|(name, _)| name.as_str()).collect();
            // Its test doubles as a usage example.
            let test =
                op.test.as_ref().map(|test| format!(" · test `tests/operations.rs::{test}`")).unwrap_or_default();
            // A media type the body is not sent in is said, never dropped silently.
            let unsent = match op.unsent_media.as_slice() {
                [] => String::new(),
                media => {
                    let media: Vec<String> = media.iter().map(|m| format!("`{m}`")).collect();
                    format!(" · body not sent as {}", media.join(", "))
                }
            };
            let server = op.server.as_ref().map(|url| format!(" · server `{url}`")).unwrap_or_default();
            format!("- {endpoint} → {}({}) → {}{server}{unsent}{test}", op.call, args.join(", "), op.returns)
        })
        .collect();
    lines.sort();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
