//! `api.md`: one line per operation, so a reader (and a snapshot) sees what
//! each call takes and returns without reading the generated code.

use super::Emitter;

impl Emitter<'_> {
    pub(super) fn api_doc(&self) -> String {
        let api = &self.named.model.api;
        let mut out =
            format!("# {} {}\n\nEvery operation: `METHOD path → Rust call → result`.\n\n", api.title, api.version);
        let mut lines: Vec<String> = self
            .named
            .model
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| {
                let names = self.named.operation(crate::model::OperationId(i as u32));
                let mut args: Vec<String> = names.path_args.clone();
                if op.params_type.is_some() {
                    args.push("params".into());
                }
                if op.body.as_ref().is_some_and(|b| !b.empty_object) {
                    args.push("body".into());
                }
                let (result, _) =
                    self.in_operation(crate::model::OperationId(i as u32), || self.response_decoding(&op.response));
                let result = self.type_text_of(result);
                let call = self.call_text(op, &names.method);
                // Its test doubles as a usage example.
                let test = if self.operation_tests {
                    format!(" · test `tests/operations.rs::{}`", super::operation_tests::test_name(&call))
                } else {
                    String::new()
                };
                format!(
                    "- {} {} → {call}({}) → {result}{test}",
                    op.method.as_str().to_uppercase(),
                    op.path,
                    args.join(", ")
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

    /// A type as short readable text (`Vec<Token>`), for documentation.
    pub(super) fn type_text_of(&self, tokens: proc_macro2::TokenStream) -> String {
        let text = tokens
            .to_string()
            .replace(" < ", "<")
            .replace(" >", ">")
            .replace(" , ", ", ")
            .replace(" :: ", "::")
            .replace("& ", "&");
        text.replace("super::types::", "").replace("rt::", "")
    }
}
