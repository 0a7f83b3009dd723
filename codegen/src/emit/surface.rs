//! `api.json`: the crate's public API as data ([`Surface`]): each operation
//! rendered from its signature and each type's members, printed by the one
//! type printer, so it says exactly what the code declares. api.md is
//! rendered from it.

use std::collections::BTreeMap;

use super::Emitter;
use super::printer::{json_value, map_of, param_field_type};
use crate::model::{OperationId, TypeId, TypeKind, TypeRef};
use crate::name::{ArgumentKind, Signature};
use crate::surface::{FieldApi, OperationApi, RustType, Surface, TypeApi};

impl Emitter<'_> {
    /// The operations, and with `types` every type too (api.md needs only the operations).
    pub(super) fn surface(&self, types: bool) -> Surface {
        let named = self.named;
        let mut surface = Surface::default();
        for i in 0..named.model.operations.len() {
            let id = OperationId(i as u32);
            let signature = named.signature(id);
            let api = |signature: &Signature| OperationApi {
                call: signature.call.clone(),
                args: signature.args.iter().map(|arg| (arg.name.clone(), self.argument_type(id, &arg.kind))).collect(),
                returns: self.returns_type(Some(id), &signature.returns),
                server: signature.server.clone(),
                body_media: signature.body_media.clone(),
                also_as: signature.also_as.clone(),
                test: None,
                paging: None,
            };
            // A resource map's second method for an endpoint (it comes after the first) is listed as its alias.
            let mut key = signature.endpoint.clone();
            while surface.operations.contains_key(&key) {
                key.push_str(" (alias)");
            }
            // The methods beside it (its stream, its body in another media), under the endpoint and what differs.
            for (second, beside) in &signature.seconds {
                surface.operations.insert(format!("{key} ({})", second.word()), api(beside));
            }
            let own = OperationApi {
                test: self.operation_tests.then(|| signature.test.clone()),
                paging: named.model.operation(id).paging.as_ref().map(|p| format!("{} ({})", p.next.kind(), p.source)),
                ..api(signature)
            };
            surface.operations.insert(key, own);
        }
        let api = &named.model.api;
        surface.client_headers = api.client_headers.iter().map(|h| h.name.clone()).collect();
        // A credential header the spec declared as a parameter is a scheme the client sends.
        surface.client_headers.extend(api.security_schemes.iter().filter_map(|scheme| match &scheme.kind {
            crate::model::SecuritySchemeKind::ApiKey { place: crate::resolve::ParamIn::Header, name } => {
                Some(name.clone())
            }
            _ => None,
        }));
        surface.webhooks = self.webhooks_api();
        if !types {
            return surface;
        }
        for i in 0..named.model.types.len() {
            let id = TypeId(i as u32);
            let name = named.type_name(id);
            surface.types.insert(name.to_string(), self.type_api(id));
            for alias in &named.type_names(id).aliases {
                surface.types.insert(alias.name.clone(), TypeApi::Alias { target: RustType::named(name) });
            }
        }
        surface
    }

    fn type_api(&self, id: TypeId) -> TypeApi {
        let named = self.named;
        match &self.named.model.get(id).kind {
            TypeKind::Struct(s) => {
                let mut fields: BTreeMap<String, FieldApi> = named
                    .fields(id)
                    .map(|(f, m)| (m.rust.clone(), FieldApi { json: f.name.clone(), ty: self.field_type(f) }))
                    .collect();
                if let Some(additional) = &s.additional {
                    let ty = map_of(self.rust_type(additional));
                    fields.insert(named.type_names(id).extra_member.clone(), FieldApi { json: String::new(), ty });
                }
                TypeApi::Struct { fields }
            }
            TypeKind::Params(_) => {
                let fields = named
                    .fields(id)
                    .map(|(f, m)| {
                        let ty = param_field_type(self.rust_type(&f.ty), f.required);
                        (m.rust.clone(), FieldApi { json: f.name.clone(), ty })
                    })
                    .collect();
                TypeApi::Struct { fields }
            }
            TypeKind::Enum(_) => {
                TypeApi::Enum { values: named.values(id).iter().map(|m| (m.json.clone(), m.rust.clone())).collect() }
            }
            TypeKind::Union(u) => {
                let mut variants: BTreeMap<String, Option<RustType>> = named
                    .variants(id)
                    .map(|(v, m)| {
                        let ty = self.rust_type(&v.ty);
                        (m.rust.clone(), Some(if v.boxed { RustType::generic("Box", ty) } else { ty }))
                    })
                    .collect();
                // A tagged union's catch-all for tags the spec does not list.
                if u.tag.is_some() {
                    variants.insert(named.type_names(id).extra_member.clone(), Some(json_value()));
                }
                TypeApi::Union { variants }
            }
            TypeKind::Responses(_) => {
                let variants =
                    named.cases(id).map(|(case, m)| (m.rust.clone(), self.case_value(&case.shape).0)).collect();
                TypeApi::Union { variants }
            }
            TypeKind::Alias(target) => TypeApi::Alias { target: self.rust_type(target) },
        }
    }

    /// An argument's declared type in operation `op`'s method.
    pub(super) fn argument_type(&self, op: OperationId, kind: &ArgumentKind) -> RustType {
        match kind {
            ArgumentKind::Path { passed, .. } => self.path_arg_type(op, *passed),
            ArgumentKind::Params(params) => self.rust_type_in(op, &TypeRef::Named(*params)).reference(),
            ArgumentKind::Body { media, ty, .. } => self.body_type(op, *media, ty).reference(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::surface::{RustType, Surface, TypeApi, Verdict, diff};

    fn surface_of(spec: Value) -> Surface {
        let options = crate::EmitOptions { surface: true, ..Default::default() };
        let generated =
            crate::generate_from_value("t.json", spec, std::path::Path::new("."), &options).expect("generates");
        Surface::from_json(&generated.files["api.json"]).expect("api.json reads back")
    }

    fn spec(extra_field: bool) -> Value {
        let mut properties = json!({"id": {"type": "string"}});
        if extra_field {
            properties["size"] = json!({"type": "integer"});
        }
        let delete = json!({"delete": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "gone", "content": {"application/json": {"schema": {"type": "object", "required": ["id"], "properties": properties}}}}}}});
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/pears/{id}": delete.clone(), "/apples/{id}": delete}})
    }

    #[test]
    fn api_json_gives_each_operation_its_own_names_and_the_aliases() {
        let surface = surface_of(spec(false));
        let op = &surface.operations["DELETE /pears/{id}"];
        assert_eq!(
            (op.call.as_str(), op.returns.to_string().as_str()),
            ("client.pears().delete", "PearsDeleteResponse")
        );
        assert_eq!(op.args, [("id".to_string(), RustType::parse("&str").unwrap())]);
        assert_eq!(
            surface.types["PearsDeleteResponse"],
            TypeApi::Alias { target: RustType::named("ApplesDeleteResponse") }
        );
        let TypeApi::Struct { fields } = &surface.types["ApplesDeleteResponse"] else { panic!("a struct") };
        assert_eq!(fields["id"].ty, RustType::named("String"));
    }

    #[test]
    fn a_field_added_to_a_shared_shape_is_one_breaking_change() {
        let report = diff(&surface_of(spec(false)), &surface_of(spec(true)));
        let changes: Vec<(Verdict, &str, &str)> =
            report.changes.iter().map(|c| (c.verdict, c.subject.as_str(), c.what.as_str())).collect();
        assert_eq!(changes, [(Verdict::Breaking, "ApplesDeleteResponse.size", "added")]);
    }
}

#[cfg(test)]
mod configured_types {
    use serde_json::json;

    use crate::config::Config;
    use crate::surface::{RustType, Surface, TypeApi};

    #[test]
    fn a_configured_type_path_is_printed_whole_in_api_md_and_api_json() {
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "a thing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/id"}}}}}
            }}},
            "components": {"schemas": {
                "id": {"type": "string"},
                "thing": {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/components/schemas/id"}}}
            }}
        });
        let config = Config::from_str(
            "codegen.yaml",
            "types:\n  '#/components/schemas/id':\n    replace:\n      type: crate::support::Id\n",
        )
        .expect("config");
        let options = crate::EmitOptions { surface: true, ..Default::default() };
        let generated =
            crate::generate_from_value_with_config("t.json", spec, std::path::Path::new("."), &config, &options)
                .expect("generates");
        assert!(
            generated.files["api.md"].contains("→ client.things().get(id) → crate::support::Id\n"),
            "{}",
            generated.files["api.md"]
        );
        let surface = Surface::from_json(&generated.files["api.json"]).expect("reads back");
        let id = RustType::parse("crate::support::Id").unwrap();
        assert_eq!(surface.operations["GET /things/{id}"].returns, id);
        let TypeApi::Struct { fields } = &surface.types["Thing"] else { panic!("a struct") };
        assert_eq!(fields["id"].ty, id);
    }
}
