//! `api.md`: one line per operation, so a reader (and a snapshot) sees what
//! each call takes and returns without reading the generated code.

use super::Emitter;
use crate::model::{ParamIn, ResponseShape};

impl Emitter<'_> {
    pub(super) fn api_doc(&self) -> String {
        let api = &self.named.model.api;
        let mut out = format!("# {} {}\n\nOperations, as `METHOD path → operation(arguments) → result`.\n\n", api.title, api.version);
        let mut lines: Vec<String> = self
            .named
            .model
            .operations
            .iter()
            .map(|op| {
                let mut args: Vec<String> = op.params.iter().filter(|p| p.place == ParamIn::Path).map(|p| p.name.clone()).collect();
                let query: Vec<&str> = op.params.iter().filter(|p| p.place != ParamIn::Path).map(|p| p.name.as_str()).collect();
                if !query.is_empty() {
                    args.push(format!("{{{}}}", query.join(", ")));
                }
                if let Some(body) = &op.body {
                    args.push(format!("body: {}", self.type_text(&body.ty)));
                }
                let result = match &op.response {
                    ResponseShape::Empty => "()".to_string(),
                    ResponseShape::Plain { ty, .. } => self.type_text(ty),
                    ResponseShape::Envelope { result, result_nullable, result_info, .. } => {
                        let mut text = self.type_text(result);
                        if *result_nullable {
                            text = format!("Option<{text}>");
                        }
                        match result_info {
                            Some(info) => format!("{text} (paged by {})", self.type_text(info)),
                            None => text,
                        }
                    }
                };
                format!("- {} {} → {}({}) → {}", op.method.as_str().to_uppercase(), op.path, op.id, args.join(", "), result)
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
    fn type_text(&self, ty: &crate::model::TypeRef) -> String {
        self.rust_type(ty).to_string().replace(" < ", "<").replace(" >", ">").replace(" , ", ", ").replace(" :: ", "::")
    }
}
