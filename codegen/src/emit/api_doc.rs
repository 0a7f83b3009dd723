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
            // Which media the body goes in, where the operation offers several; never dropped silently.
            let body_media = op.body_media.as_ref().map(|m| format!(" · body as `{m}`")).unwrap_or_default();
            let also_as = match op.also_as.as_slice() {
                [] => String::new(),
                media => {
                    let media: Vec<String> = media.iter().map(|m| format!("`{m}`")).collect();
                    format!(" · also as {} (set `Content-Type`)", media.join(", "))
                }
            };
            let server = op.server.as_ref().map(|url| format!(" · server `{url}`")).unwrap_or_default();
            format!(
                "- {endpoint} → {}({}) → {}{server}{body_media}{also_as}{test}",
                op.call,
                args.join(", "),
                op.returns
            )
        })
        .collect();
    lines.sort();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
