//! `api.md`: one line per operation, so a reader (and a snapshot) sees what
//! each call takes and returns without reading the generated code. Rendered
//! from the public-API surface, so it says what api.json says.

use crate::model::{ApiInfo, Media, Model, Scalar, TypeKind, TypeRef};
use crate::name::{Named, Returns};
use crate::surface::Surface;

/// How to use what only some APIs have, said once above the operations that need it.
const UPLOADS: &str = "Files (`File`, a multipart field or a whole body) are made from bytes \
(`File::from_bytes`), from a path read as the request is sent (`File::from_path`), or from a \
stream (`File::from_stream`); `.file_name(..)` and `.content_type(..)` name them, and the type is \
guessed from the name otherwise.";
const STREAMS: &str = "A call returning `EventCall<T>`, awaited, is an `EventStream<T>`: a \
`Stream` of events (`data: T`, `event`, `id`, `retry`) read as they arrive.";
const WEBHOOKS: &str = "Events the API posts to your server (webhooks) are parsed by the `WEBHOOK` \
methods: `unwrap` verifies the event's signature with the client's webhook secret first (feature \
`webhook-signatures`, on by default), `unsafe_unwrap` does not.";
const DOWNLOADS: &str = "A call returning bytes holds the whole body; `.stream()` on the call gives \
a `ByteStream` to write out as it arrives, with `content_length()` when the server sends it.";

pub(super) fn api_doc(named: &Named, surface: &Surface) -> String {
    let model = &named.model;
    let api: &ApiInfo = &model.api;
    let mut out =
        format!("# {} {}\n\nEvery operation: `METHOD path → Rust call → result`.\n\n", api.title, api.version);
    for (has, text) in [
        (uploads(model), UPLOADS),
        (model.operations.iter().any(|op| op.stream.is_some()), STREAMS),
        (named.signatures().any(|signature| signature.returns == Returns::Bytes), DOWNLOADS),
        (!surface.webhooks.is_empty(), WEBHOOKS),
    ] {
        if has {
            out.push_str(text);
            out.push_str("\n\n");
        }
    }
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
    let events = model.webhooks.iter().flat_map(|hooks| &hooks.events).map(|(name, _)| format!("`{name}`"));
    let events = events.collect::<Vec<_>>().join(", ");
    lines.extend(surface.webhooks.values().map(|method| {
        let args: Vec<&str> = method.args.iter().map(|(name, _)| name.as_str()).collect();
        format!("- WEBHOOK {events} → {}({}) → {}", method.call, args.join(", "), method.returns)
    }));
    lines.sort();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Whether a method takes a file: a binary body, or a field of one.
fn uploads(model: &Model) -> bool {
    let binary_body =
        model.operations.iter().flat_map(|op| op.body.iter().chain(&op.other_bodies)).any(|b| b.media == Media::Binary);
    let file_field = model.types.iter().any(|ty| match &ty.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| holds_file(&f.ty)),
        _ => false,
    });
    binary_body || file_field
}

fn holds_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Scalar(Scalar::File) => true,
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => holds_file(inner),
        _ => false,
    }
}
