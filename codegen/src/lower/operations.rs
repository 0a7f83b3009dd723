//! Operations: parameters, the request body, and the success response, with
//! Cloudflare-style `{success, errors, messages, result}` envelopes unwrapped to
//! the `result` the caller actually wants.

use heck::ToSnakeCase;

use super::direction::Direction;
use super::flatten::Flat;
use super::{Ctx, Lowerer};
use crate::model::{Docs, Operation, Param, ParamIn, RequestBody, ResponseShape, TypeRef};
use crate::resolve::{self, SchemaId};

impl Lowerer<'_> {
    pub(super) fn lower_operation(&mut self, op: &resolve::Operation) -> Operation {
        let id = op.operation_id.clone().unwrap_or_else(|| synthesized_id(op));
        // Path parameters in the order the path names them, then the rest in spec order.
        let mut ordered: Vec<&resolve::Parameter> = op.parameters.iter().collect();
        ordered.sort_by_key(|p| match p.place {
            ParamIn::Path => op.path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX - 1),
            _ => usize::MAX,
        });
        let params = ordered
            .into_iter()
            .map(|p| {
                let ctx = Ctx::new(vec![id.clone(), p.name.clone()], Direction::Request);
                let ty = match p.schema {
                    Some(schema) => self.lower_ids(&[schema], &ctx).wrapped(),
                    None => TypeRef::Any,
                };
                Param {
                    name: p.name.clone(),
                    place: p.place,
                    required: p.required,
                    ty,
                    docs: Docs { description: p.description.clone(), deprecated: p.deprecated, ..Docs::default() },
                }
            })
            .collect();

        // A media type without a schema (`application/json: {}`) describes no body worth sending.
        let body = op.body.as_ref().and_then(|body| {
            let (media_type, schema) = preferred_media(&body.content)?;
            let ctx = Ctx::new(vec![id.clone(), "body".into()], Direction::Request);
            let ty = self.lower_ids(&[schema?], &ctx).wrapped();
            Some(RequestBody { media_type, ty, required: body.required })
        });

        let response = self.lower_success(op, &id);
        Operation {
            location: op.location.clone(),
            id,
            method: op.method,
            path: op.path.clone(),
            tags: op.tags.clone(),
            docs: Docs { title: op.summary.clone(), description: op.description.clone(), deprecated: op.deprecated, ..Docs::default() },
            extensions: op.extensions.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            params,
            body,
            response,
            security: op.security.clone().unwrap_or_else(|| self.spec.security.clone()),
        }
    }

    /// The first 2xx response (else `default`), with its envelope unwrapped.
    fn lower_success(&mut self, op: &resolve::Operation, id: &str) -> ResponseShape {
        let success = op
            .responses
            .iter()
            .filter(|r| r.status.starts_with('2'))
            .min_by_key(|r| r.status.clone())
            .or_else(|| op.responses.iter().find(|r| r.status == "default"));
        let Some(response) = success else { return ResponseShape::Empty };
        let Some((media_type, Some(schema))) = preferred_media(&response.content) else {
            return ResponseShape::Empty;
        };
        let status = response.status.clone();
        let flat = Flat::of(self.spec, &[schema], self.diags);
        if let Some(envelope) = Envelope::recognise(&flat) {
            let result = self.lower_ids(&envelope.result, &Ctx::new(vec![id.to_string(), "result".into()], Direction::Response));
            let result_info = envelope
                .result_info
                .map(|ids| self.lower_ids(&ids, &Ctx::new(vec!["result_info".into()], Direction::Response)).wrapped());
            return ResponseShape::Envelope { status, result: result.ty, result_nullable: result.nullable, result_info };
        }
        let ty = self.lower_ids(&[schema], &Ctx::new(vec![id.to_string(), "response".into()], Direction::Response)).wrapped();
        ResponseShape::Plain { status, media_type, ty }
    }
}

pub(super) fn is_envelope(spec: &crate::resolve::Spec, id: SchemaId, diags: &mut crate::diagnostics::Diagnostics) -> bool {
    Envelope::recognise(&Flat::of(spec, &[id], diags)).is_some()
}

/// The parts of a `{success, errors, messages, result}` response envelope.
struct Envelope {
    result: Vec<SchemaId>,
    result_info: Option<Vec<SchemaId>>,
}

impl Envelope {
    fn recognise(flat: &Flat) -> Option<Envelope> {
        let has = |name: &str| flat.properties.contains_key(name);
        if !(has("success") && has("errors") && has("result")) {
            return None;
        }
        Some(Envelope { result: flat.properties["result"].clone(), result_info: flat.properties.get("result_info").cloned() })
    }
}

/// JSON first (`application/json` or any `+json`), else the first listed.
fn preferred_media(content: &indexmap::IndexMap<String, Option<SchemaId>>) -> Option<(String, Option<SchemaId>)> {
    let is_json = |m: &str| m == "application/json" || m.ends_with("+json") || m.starts_with("application/json;");
    content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| content.iter().next())
        .map(|(m, s)| (m.clone(), *s))
}

/// `get /users/{id}/keys` → `get_users_id_keys`, for operations without an `operationId`.
fn synthesized_id(op: &resolve::Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path.replace(['{', '}'], "")).to_snake_case()
}
