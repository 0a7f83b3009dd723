//! `api.json`: the crate's public API as data ([`Surface`]), printed with the
//! same functions as the code, so it says exactly what the code declares.

use std::collections::BTreeMap;

use quote::quote;

use super::Emitter;
use crate::model::{OperationId, TypeId, TypeKind, TypeRef};
use crate::surface::{FieldApi, OperationApi, Surface, TypeApi};

impl Emitter<'_> {
    pub(super) fn surface(&self) -> Surface {
        let named = self.named;
        let mut surface = Surface::default();
        for (i, op) in named.model.operations.iter().enumerate() {
            let id = OperationId(i as u32);
            let names = named.operation(id);
            let api = self.in_operation(id, || {
                let mut args = Vec::new();
                for (param, arg) in named.path_args(id) {
                    args.push((arg.to_string(), self.type_text_of(self.path_arg(&param.ty).declared())));
                }
                if let Some(params) = op.params_type {
                    let ty = self.rust_type(&TypeRef::Named(params));
                    args.push(("params".to_string(), self.type_text_of(quote! { &#ty })));
                }
                if let Some(body) = op.body.as_ref().filter(|b| !b.empty_object) {
                    let (ty, _) = self.body_argument(body);
                    args.push(("body".to_string(), self.type_text_of(quote! { &#ty })));
                }
                let (returns, _) = self.response_decoding(&op.response);
                OperationApi { call: self.call_text(op, &names.method), args, returns: self.type_text_of(returns) }
            });
            surface.operations.insert(format!("{} {}", op.method.as_str().to_uppercase(), op.path), api);
        }
        for i in 0..named.model.types.len() {
            let id = TypeId(i as u32);
            let name = named.type_name(id);
            surface.types.insert(name.to_string(), self.type_api(id));
            for alias in &named.type_names(id).aliases {
                surface.types.insert(alias.name.clone(), TypeApi::Alias { target: name.to_string() });
            }
        }
        surface
    }

    fn type_api(&self, id: TypeId) -> TypeApi {
        let named = self.named;
        let text = |tokens| self.type_text_of(tokens);
        match &self.named.model.get(id).kind {
            TypeKind::Struct(s) => {
                let mut fields: BTreeMap<String, FieldApi> = named
                    .fields(id)
                    .map(|(f, m)| (m.rust.clone(), FieldApi { json: f.name.clone(), ty: text(self.field_type(f)) }))
                    .collect();
                if let Some(additional) = &s.additional {
                    let value = self.rust_type(additional);
                    let ty = text(quote! { std::collections::BTreeMap<String, #value> });
                    fields.insert(named.type_names(id).extra_member.clone(), FieldApi { json: String::new(), ty });
                }
                TypeApi::Struct { fields }
            }
            TypeKind::Params(_) => {
                let fields = named
                    .fields(id)
                    .map(|(f, m)| {
                        let ty = super::types::param_field_type(self.rust_type(&f.ty), f.required);
                        (m.rust.clone(), FieldApi { json: f.name.clone(), ty: text(ty) })
                    })
                    .collect();
                TypeApi::Struct { fields }
            }
            TypeKind::Enum(_) => {
                TypeApi::Enum { values: named.values(id).iter().map(|m| (m.json.clone(), m.rust.clone())).collect() }
            }
            TypeKind::Union(u) => {
                let mut variants: BTreeMap<String, Option<String>> = named
                    .variants(id)
                    .map(|(v, m)| {
                        let ty = self.rust_type(&v.ty);
                        (
                            m.rust.clone(),
                            Some(text(if v.boxed {
                                quote! { Box<#ty> }
                            } else {
                                ty
                            })),
                        )
                    })
                    .collect();
                // A tagged union's catch-all for tags the spec does not list.
                if u.tag.is_some() {
                    variants.insert(named.type_names(id).extra_member.clone(), Some("serde_json::Value".to_string()));
                }
                TypeApi::Union { variants }
            }
            TypeKind::Responses(_) => {
                let variants = named
                    .cases(id)
                    .map(|(case, m)| (m.rust.clone(), self.case_value(&case.shape).0.map(text)))
                    .collect();
                TypeApi::Union { variants }
            }
            TypeKind::Alias(target) => TypeApi::Alias { target: text(self.rust_type(target)) },
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::surface::{Surface, TypeApi, Verdict, diff};

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
        assert_eq!((op.call.as_str(), op.returns.as_str()), ("client.pears().delete", "PearsDeleteResponse"));
        assert_eq!(op.args, [("id".to_string(), "&str".to_string())]);
        assert_eq!(surface.types["PearsDeleteResponse"], TypeApi::Alias { target: "ApplesDeleteResponse".into() });
        let TypeApi::Struct { fields } = &surface.types["ApplesDeleteResponse"] else { panic!("a struct") };
        assert_eq!(fields["id"].ty, "String");
    }

    #[test]
    fn a_field_added_to_a_shared_shape_is_one_breaking_change() {
        let report = diff(&surface_of(spec(false)), &surface_of(spec(true)));
        let changes: Vec<(Verdict, &str, &str)> =
            report.changes.iter().map(|c| (c.verdict, c.subject.as_str(), c.what.as_str())).collect();
        assert_eq!(changes, [(Verdict::Breaking, "ApplesDeleteResponse.size", "added")]);
    }
}
