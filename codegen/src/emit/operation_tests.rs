//! `tests/operations.rs` of a generated crate ([`EmitOptions::operation_tests`]):
//! one test per operation that calls it against the server named by
//! `API_BASE_URL` (a spec-driven mock such as Prism) and requires the call to
//! be accepted and its result to decode. Arguments come from the spec's
//! examples (a parameter's, a field's, a type's), else from minimal values
//! of the right type. Each test prints one `conformance` line (operation,
//! outcome, detail) for `cargo xtask conformance` to tally.
//!
//! [`EmitOptions::operation_tests`]: super::EmitOptions::operation_tests

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use super::resources::PathArg;
use super::Emitter;
use crate::model::{Media, OperationId, Scalar, TypeKind, TypeRef};

/// How deep a sample follows required fields; a cycle of required fields ends in `null`.
const MAX_SAMPLE_DEPTH: usize = 12;

impl Emitter<'_> {
    /// The whole test file for the crate named `krate`.
    pub(super) fn operation_tests(&self, krate: &str) -> TokenStream {
        let krate = Self::ident(krate);
        let credentials = self.named.schemes().map(|(_, names)| {
            let method = Self::ident(&names.builder_method);
            quote! { .#method("test-credential") }
        });
        let mut tests: Vec<(String, TokenStream)> =
            (0..self.named.model.operations.len() as u32).map(OperationId).map(|id| self.in_operation(id, || self.operation_test(id))).collect();
        tests.sort_by(|a, b| a.0.cmp(&b.0));
        let tests = tests.into_iter().map(|(_, test)| test);
        quote! {
            //! One test per operation, against the server at `API_BASE_URL` (by
            //! default Prism's `http://127.0.0.1:4010`): the request must be
            //! accepted and the response decode. `cargo xtask conformance` runs them.
            #![allow(clippy::all, unused_imports)]

            use #krate as api;

            /// Prism's reasons for rejecting a request (its `sl-violations` header), kept per test.
            #[derive(Clone, Default)]
            struct Violations(std::sync::Arc<std::sync::Mutex<Option<String>>>);

            impl api::Middleware for Violations {
                fn after_receive(&self, exchange: &api::runtime::Exchange<'_>) {
                    let header = exchange.headers.and_then(|headers| headers.get("sl-violations")).and_then(|value| value.to_str().ok());
                    if let (Some(header), Ok(mut slot)) = (header, self.0.lock()) {
                        *slot = Some(header.to_string());
                    }
                }
            }

            fn client(violations: &Violations) -> api::Client {
                let base_url = std::env::var("API_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:4010".to_string());
                api::Client::builder().base_url(base_url).max_retries(0).middleware(violations.clone()) #( #credentials )* .build().expect("a client")
            }

            /// A value of `T` from the JSON the generator chose for it.
            fn value<T: serde::de::DeserializeOwned>(json: &str) -> T {
                serde_json::from_str(json).unwrap_or_else(|error| panic!("not runnable: the sample {json} is not a valid value: {error}"))
            }

            /// Prints the outcome for `cargo xtask conformance`, and fails the test on an error.
            fn report<T>(operation: &str, violations: &Violations, result: Result<T, api::Error>) {
                let (outcome, detail) = match &result {
                    Ok(_) => ("passed", String::new()),
                    Err(error @ api::Error::Api { status: 422, .. }) => {
                        let reasons = violations.0.lock().ok().and_then(|slot| slot.clone());
                        ("rejected", reasons.unwrap_or_else(|| error.to_string()))
                    }
                    Err(error @ api::Error::Decode { .. }) => ("decode", error.to_string()),
                    Err(error) => ("failed", error.to_string()),
                };
                println!("conformance\t{operation}\t{outcome}\t{}", detail.replace(['\t', '\n'], " "));
                if let Err(error) = result {
                    panic!("{operation}: {outcome}: {detail}: {error}");
                }
            }

            #( #tests )*
        }
    }

    /// One operation's test, and its name (its call's path, `user_tokens_list`).
    fn operation_test(&self, id: OperationId) -> (String, TokenStream) {
        let op = self.named.model.operation(id);
        let names = self.named.operation(id);
        let call = self.call_text(op, &names.method);
        let name = test_name(&call);
        let endpoint = format!("{} {}", op.method.as_str().to_uppercase(), op.path);
        let mut args = Vec::new();
        for (param, _) in self.named.path_args(id) {
            let json = op.param_examples.get(&param.name).map(|example| fit(example, &param.ty)).unwrap_or_else(|| self.sample(&param.ty, 0));
            let text = json.to_string();
            args.push(match self.path_arg(&param.ty) {
                PathArg::Text => {
                    // The example as text (a number's digits), else a word.
                    let text = match &json {
                        Value::String(text) => text.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => "string".to_string(),
                    };
                    quote! { #text }
                }
                PathArg::Owned(ty) => quote! { value::<#ty>(#text) },
                PathArg::Borrowed(ty) => quote! { &value::<#ty>(#text) },
            });
        }
        let params = op.params_type.map(|params_id| {
            let ty = self.rust_type(&TypeRef::Named(params_id));
            let required: Vec<TokenStream> = self
                .named
                .fields(params_id)
                .filter(|(field, _)| field.required)
                .map(|(field, _)| {
                    let field_ty = self.rust_type(&field.ty);
                    let text = op.param_examples.get(&field.name).map(|example| fit(example, &field.ty)).unwrap_or_else(|| self.sample(&field.ty, 0)).to_string();
                    quote! { value::<#field_ty>(#text) }
                })
                .collect();
            args.push(quote! { &params });
            if required.is_empty() { quote! { let params = #ty::default(); } } else { quote! { let params = #ty::new(#( #required ),*); } }
        });
        if let Some(body) = op.body.as_ref().filter(|b| !b.empty_object) {
            args.push(match body.media {
                Media::Json | Media::Form | Media::Multipart => {
                    let ty = self.rust_type(&body.ty);
                    let text = self.sample(&body.ty, 0).to_string();
                    quote! { &value::<#ty>(#text) }
                }
                Media::Text => quote! { "text" },
                Media::Binary => quote! { &b"bytes"[..] },
            });
        }
        let call: TokenStream = call.parse().unwrap_or_default();
        let doc = format!(" `{endpoint}`");
        let test = Self::ident(&name);
        let tokens = quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn #test() {
                let violations = Violations::default();
                let client = client(&violations);
                #params
                let result = #call(#( #args ),*).await;
                // What did not decode, whole, for `cargo xtask conformance` to check against the spec.
                if matches!(result, Err(api::Error::Decode { .. })) {
                    if let Ok(raw) = #call(#( #args ),*).raw().await {
                        println!("conformance-body\t{}\t{}", #endpoint, String::from_utf8_lossy(raw.body()).replace(['\t', '\n'], " "));
                    }
                }
                report(#endpoint, &violations, result);
            }
        };
        (name, tokens)
    }

    /// JSON for a value of `ty`: its type's first example, else a minimal value.
    fn sample(&self, ty: &TypeRef, depth: usize) -> Value {
        if depth > MAX_SAMPLE_DEPTH {
            return Value::Null;
        }
        match ty {
            TypeRef::Named(id) => {
                let def = self.named.model.get(*id);
                if let Some(example) = def.docs.examples.first() {
                    return example.clone();
                }
                match &def.kind {
                    TypeKind::Struct(s) => {
                        let object: Map<String, Value> = s
                            .fields
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| (f.name.clone(), f.docs.examples.first().cloned().or_else(|| noted_value(&f.docs.notes)).unwrap_or_else(|| self.sample(&f.ty, depth + 1))))
                            .collect();
                        Value::Object(object)
                    }
                    TypeKind::Enum(e) => e.values.first().map_or(Value::Null, |v| Value::String(v.clone())),
                    TypeKind::Union(u) => match u.variants.first() {
                        Some(variant) => {
                            let mut sample = self.sample(&variant.ty, depth + 1);
                            if let (Some(tag), Some(value), Value::Object(object)) = (&u.tag, &variant.tag_value, &mut sample) {
                                object.insert(tag.clone(), Value::String(value.clone()));
                            }
                            sample
                        }
                        None => Value::Null,
                    },
                    TypeKind::Alias(inner) => self.sample(inner, depth + 1),
                    TypeKind::Params(_) | TypeKind::Responses(_) => Value::Null,
                }
            }
            TypeRef::Scalar(scalar) => match scalar {
                Scalar::String => Value::String("string".into()),
                Scalar::Bool => Value::Bool(true),
                Scalar::F32 | Scalar::F64 => serde_json::json!(1.0),
                Scalar::DateTime => Value::String("2024-01-01T00:00:00Z".into()),
                Scalar::Date => Value::String("2024-01-01".into()),
                _ => serde_json::json!(1),
            },
            TypeRef::List(inner) => Value::Array(vec![self.sample(inner, depth + 1)]),
            TypeRef::Map(_) | TypeRef::Any => Value::Object(Map::new()),
            TypeRef::Nullable(inner) => self.sample(inner, depth + 1),
            TypeRef::Null => Value::Null,
            TypeRef::External(_) => Value::String("string".into()),
        }
    }
}

/// A parameter's example made to fit its type where the spec wrote it loosely:
/// a number for a string parameter becomes its digits, a single value for a
/// list parameter a list of one.
fn fit(example: &Value, ty: &TypeRef) -> Value {
    match (ty, example) {
        (TypeRef::Scalar(Scalar::String), Value::Number(_) | Value::Bool(_)) => Value::String(example.to_string()),
        (TypeRef::List(inner), value) if !value.is_array() => Value::Array(vec![fit(value, inner)]),
        _ => example.clone(),
    }
}

/// A value the field's notes call for: its first allowed value, or a
/// well-formed string of its `format` (a mock checks both).
fn noted_value(notes: &[String]) -> Option<Value> {
    for note in notes {
        if let Some(values) = note.strip_prefix("Allowed values: `") {
            let first = values.split('`').next()?;
            return serde_json::from_str(first).ok();
        }
        if let Some(format) = note.strip_prefix("Format: `").and_then(|rest| rest.strip_suffix("`.")) {
            let text = match format {
                "uuid" => "5f0c6f02-8d25-4f3a-9c1e-2b7d4a6e9f10",
                "email" => "user@example.com",
                "uri" | "url" => "https://example.com/",
                "hostname" => "example.com",
                "ipv4" => "192.0.2.1",
                "ipv6" => "2001:db8::1",
                _ => continue,
            };
            return Some(Value::String(text.to_string()));
        }
    }
    None
}

/// `client.user().tokens().list` → `user_tokens_list`.
pub(super) fn test_name(call: &str) -> String {
    call.trim_start_matches("client.").replace("().", "_").replace('.', "_")
}
