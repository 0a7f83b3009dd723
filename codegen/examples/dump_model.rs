//! Prints the lowered operations of a spec: `cargo run -p codegen --example dump_model -- SPEC`.
use codegen::model::{ResponseShape, TypeRef};

fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_model SPEC");
    let mut diags = codegen::diagnostics::Diagnostics::default();
    let docs = codegen::load::from_path(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let spec = codegen::resolve::resolve(&docs, &mut diags).unwrap_or_else(|e| panic!("{e}"));
    let config = codegen::Config::default();
    let model = codegen::lower::lower(&spec, &config, &mut diags).unwrap_or_else(|e| panic!("{e}"));
    let named = codegen::name::name(model, &config, None, &mut diags).unwrap_or_else(|e| panic!("{e}"));
    let show = |t: &TypeRef| -> String {
        match t {
            TypeRef::Named(id) => named.type_name(*id).to_string(),
            other => format!("{other:?}"),
        }
    };
    for op in &named.model.operations {
        let response = match &op.response {
            ResponseShape::Empty => "()".to_string(),
            ResponseShape::Plain { ty, .. } => show(ty),
            ResponseShape::Envelope { result, result_info, .. } => {
                format!("envelope {} info={:?}", show(result), result_info.as_ref().map(show))
            }
            ResponseShape::Alternatives(id) => format!("one of {}", named.type_name(*id)),
        };
        let body = op.body.as_ref().map(|b| show(&b.ty)).unwrap_or_default();
        println!(
            "{} {} [{}] body={} -> {}",
            op.method.as_str(),
            op.path,
            op.operation_id.as_deref().unwrap_or("-"),
            body,
            response
        );
    }
    for w in diags.into_sorted() {
        println!("{w}");
    }
}
