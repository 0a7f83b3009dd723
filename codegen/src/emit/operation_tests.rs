//! `tests/operations.rs` of a generated crate ([`EmitOptions::operation_tests`]):
//! one test per operation that calls it against the server named by
//! `API_BASE_URL` (a spec-driven mock such as Prism) and requires the call to
//! be accepted and its result to decode. Arguments come from the spec's
//! examples (a parameter's, a field's, a type's), else from minimal values
//! of the right type. Each test prints one `conformance` line (operation,
//! outcome, detail) for `cargo xtask conformance` to tally.
//!
//! [`EmitOptions::operation_tests`]: super::EmitOptions::operation_tests

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::Emitter;
use super::samples;
use crate::diagnostics::Error;
use crate::model::{Docs, Field, Media, OperationId, Scalar, TypeId, TypeKind, TypeRef};
use crate::name::{Argument, ArgumentKind, PathArg, Signature};

/// How deep a sample follows required fields; a cycle of required fields ends in `null`.
const MAX_SAMPLE_DEPTH: usize = 12;

/// The identifier the tests `use` the crate `krate` by: its name with `-` made
/// `_`, which must be an ASCII identifier that does not start with a digit and
/// is not a keyword (cargo refuses such package names too).
pub(super) fn crate_ident(krate: &str) -> Result<Ident, Error> {
    let ident = krate.replace('-', "_");
    let ascii = ident.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // syn refuses `_` and every keyword but 2024's `gen`.
    match syn::parse_str::<Ident>(&ident) {
        Ok(ident) if ascii && ident != "gen" => Ok(ident),
        _ => Err(Error::Option {
            option: "operation_tests",
            message: format!(
                "`{krate}` is not a crate name the tests can `use`: ASCII letters, digits and `_`, not starting with a digit, not a keyword"
            ),
        }),
    }
}

impl Emitter<'_> {
    /// The whole test file for the crate `krate` ([`crate_ident`]).
    pub(super) fn operation_tests(&self, krate: &Ident) -> TokenStream {
        let credentials = self.named.schemes().map(|(scheme, names)| {
            let method = Self::ident(&names.builder_method);
            match super::client::is_basic(&scheme.kind) {
                true => quote! { .#method("test-user", "test-password") },
                false => quote! { .#method("test-credential") },
            }
        });
        let mut uses = Uses::default();
        let mut tests: Vec<(String, TokenStream)> = (0..self.named.model.operations.len() as u32)
            .map(OperationId)
            .map(|id| self.operation_test(id, &mut uses))
            .collect();
        tests.sort_by(|a, b| a.0.cmp(&b.0));
        // Only the helpers some test calls: the file must build without warnings.
        let any = !tests.is_empty();
        let tests = tests.into_iter().map(|(_, test)| test);
        let answer = any.then(|| quote! {
            /// What the mock answered, kept per test: its reasons for rejecting a
            /// request (Prism's `sl-violations` header), the body, and where the decoded body
            /// deviated from the spec.
            #[derive(Clone, Default)]
            struct Answer(std::sync::Arc<std::sync::Mutex<(Option<String>, Option<String>, Vec<String>)>>);

            impl api::Middleware for Answer {
                fn after_receive(&self, exchange: &api::runtime::Exchange<'_>) {
                    let header = exchange.headers.and_then(|headers| headers.get("sl-violations")).and_then(|value| value.to_str().ok());
                    if let Ok(mut slot) = self.0.lock() {
                        slot.0 = header.map(str::to_string);
                        slot.1 = exchange.body.map(|body| String::from_utf8_lossy(body).into_owned());
                    }
                }

                fn after_decode(&self, decoded: &api::runtime::Decoded<'_>) {
                    if let Ok(mut slot) = self.0.lock() {
                        slot.2.extend(decoded.deviations.iter().map(|deviation| deviation.to_string()));
                    }
                }
            }

            /// A client of the mock; `API_STRICT_DECODING=1` makes any deviation from the spec a decode error.
            fn client(answer: &Answer) -> api::Client {
                let base_url = std::env::var("API_BASE_URL").unwrap_or_else(|_| "http://127.0.0.1:4010".to_string());
                let strict = std::env::var("API_STRICT_DECODING").is_ok_and(|value| value == "1");
                api::Client::builder().base_url(base_url).max_retries(0).strict_decoding(strict).middleware(answer.clone()) #( #credentials )* .build().expect("a client")
            }
        });
        let value = (uses.value || uses.example_or).then(|| quote! {
            /// A value of `T` from the JSON the generator chose for it.
            fn value<T: serde::de::DeserializeOwned>(json: &str) -> T {
                serde_json::from_str(json).unwrap_or_else(|error| panic!("not runnable: the sample {json} is not a valid value: {error}"))
            }
        });
        let example_or = uses.example_or.then(|| {
            quote! {
                /// The spec's example of a request body, or the generator's sample where the
                /// example does not fit the body's type (the examples test reports that).
                fn example_or<T: serde::de::DeserializeOwned>(example: &str, sample: &str) -> T {
                    serde_json::from_str(example).unwrap_or_else(|_| value(sample))
                }
            }
        });
        let report = any.then(|| {
            quote! {
                /// Prints the outcome for `cargo xtask conformance`, and the body of a failure or of a
                /// response that deviated from the spec whole (for it to judge against the spec, or as
                /// the mock's own reasons); fails the test on an error. A request the mock refused with
                /// its reasons is rejected, whatever the status.
                fn report<T>(operation: &str, answer: &Answer, result: Result<T, api::Error>) {
                    let (reasons, body, deviations) = answer.0.lock().map(|slot| slot.clone()).unwrap_or_default();
                    let (outcome, detail) = match (&result, reasons) {
                        (Ok(_), _) if !deviations.is_empty() => ("deviated", deviations.join("; ")),
                        (Ok(_), _) => ("passed", String::new()),
                        (Err(api::Error::Api { .. }), Some(reasons)) => ("rejected", reasons),
                        (Err(error @ api::Error::Api { status: 422, .. }), None) => ("rejected", error.to_string()),
                        (Err(error @ api::Error::Decode { .. }), _) => ("decode", error.to_string()),
                        (Err(error), _) => ("failed", error.to_string()),
                    };
                    if let (true, Some(body)) = (result.is_err() || !deviations.is_empty(), body) {
                        println!("conformance-body\t{operation}\t{}", body.replace(['\t', '\n'], " "));
                    }
                    println!("conformance\t{operation}\t{outcome}\t{}", detail.replace(['\t', '\n'], " "));
                    if let Err(error) = result {
                        panic!("{operation}: {outcome}: {detail}: {error}");
                    }
                }
            }
        });
        quote! {
            //! One test per operation, against the server at `API_BASE_URL` (by
            //! default Prism's `http://127.0.0.1:4010`): the request must be
            //! accepted and the response decode. `cargo xtask conformance` runs them.
            #![allow(clippy::all, unused_imports)]

            use #krate as api;

            #answer
            #value
            #example_or
            #report

            #( #tests )*
        }
    }

    /// One operation's test, rendered from its signature, and its name.
    fn operation_test(&self, id: OperationId, uses: &mut Uses) -> (String, TokenStream) {
        let op = self.named.model.operation(id);
        let signature = self.named.signature(id);
        let endpoint = &signature.endpoint;
        let mut args = Vec::new();
        let mut params = None;
        // A structured body is bound first so that a failure can print what was sent.
        let mut body_binding = None;
        for (_, value) in self.argument_values(id, signature) {
            args.push(match value {
                ArgumentValue::PathText(text) => quote! { #text },
                ArgumentValue::PathOwned { scalar, json } => {
                    uses.value = true;
                    let (ty, text) = (self.rust_type_in(id, &TypeRef::Scalar(scalar)), json.to_string());
                    quote! { value::<#ty>(#text) }
                }
                ArgumentValue::PathEnum { ty: enum_id, json } => {
                    uses.value = true;
                    let (ty, text) = (self.rust_type_in(id, &TypeRef::Named(enum_id)), json.to_string());
                    quote! { &value::<#ty>(#text) }
                }
                ArgumentValue::Params { ty: params_id, required } => {
                    let ty = self.rust_type_in(id, &TypeRef::Named(params_id));
                    let required: Vec<TokenStream> = required
                        .iter()
                        .map(|(field, json)| {
                            let field_ty = self.rust_type_in(id, &field.ty);
                            let text = json.to_string();
                            uses.value = true;
                            quote! { value::<#field_ty>(#text) }
                        })
                        .collect();
                    params = Some(if required.is_empty() {
                        quote! { let params = #ty::default(); }
                    } else {
                        quote! { let params = #ty::new(#( #required ),*); }
                    });
                    quote! { &params }
                }
                ArgumentValue::Structured { ty: body_ty, sample, example } => {
                    let ty = self.rust_type_in(id, body_ty);
                    let text = sample.to_string();
                    body_binding = Some(match example {
                        Some(example) => {
                            uses.example_or = true;
                            let example = example.to_string();
                            quote! { let body = example_or::<#ty>(#example, #text); }
                        }
                        None => {
                            uses.value = true;
                            quote! { let body = value::<#ty>(#text); }
                        }
                    });
                    quote! { &body }
                }
                ArgumentValue::Text => quote! { "text" },
                ArgumentValue::Binary => quote! { &api::runtime::File::from_bytes(&b"bytes"[..]) },
            });
        }
        // A structured body (JSON, form, multipart) is printed as JSON with its media type.
        let structured = op.body.as_ref().filter(|b| matches!(b.media, Media::Json | Media::Form | Media::Multipart));
        let sent = body_binding.as_ref().zip(structured).map(|(_, body)| {
            let media_type = &body.media_type;
            quote! {
                if result.is_err() {
                    println!("conformance-request\t{}\t{}\t{}", #endpoint, #media_type, serde_json::to_string(&body).unwrap_or_default());
                }
            }
        });
        let call: TokenStream = signature.call.parse().unwrap_or_default();
        let doc = super::docs::line_breaks(&format!(" `{endpoint}`")).into_owned();
        let test = Self::ident(&signature.test);
        let tokens = quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn #test() {
                let answer = Answer::default();
                let client = client(&answer);
                #params
                #body_binding
                let result = #call(#( #args ),*).await;
                #sent
                report(#endpoint, &answer, result);
            }
        };
        (signature.test.clone(), tokens)
    }

    /// The value of each argument of `signature` (operation `id`'s, or one of its second
    /// methods'), in order, as JSON: a parameter's example, else a value its schema allows; a
    /// body's sample and the spec's example of the operation's body. The operation tests and
    /// the README's examples render their arguments from these.
    pub(super) fn argument_values<'s>(
        &'s self,
        id: OperationId,
        signature: &'s Signature,
    ) -> Vec<(&'s Argument, ArgumentValue<'s>)> {
        let op = self.named.model.operation(id);
        let mut values = Vec::new();
        for arg in &signature.args {
            let value = match &arg.kind {
                ArgumentKind::Path { param, passed } => {
                    let Some(param) = op.param(param) else { continue };
                    let json = op
                        .param_examples
                        .get(&param.name)
                        .map(|example| fit(example, &param.ty))
                        .unwrap_or_else(|| self.sample_described(&param.ty, &param.docs, 0));
                    match *passed {
                        // The example as text (a number's digits), else a word.
                        PathArg::Text => ArgumentValue::PathText(match &json {
                            Value::String(text) => text.clone(),
                            Value::Number(n) => n.to_string(),
                            _ => "string".to_string(),
                        }),
                        PathArg::Owned(scalar) => ArgumentValue::PathOwned { scalar, json },
                        PathArg::Borrowed(ty) => ArgumentValue::PathEnum { ty, json },
                    }
                }
                ArgumentKind::Params(params_id) => {
                    let required = self
                        .named
                        .fields(*params_id)
                        .filter(|(field, _)| field.required)
                        .map(|(field, _)| {
                            let json = op
                                .param_examples
                                .get(&field.name)
                                .map(|example| fit(example, &field.ty))
                                .unwrap_or_else(|| self.sample_described(&field.ty, &field.docs, 0));
                            (field, json)
                        })
                        .collect();
                    ArgumentValue::Params { ty: *params_id, required }
                }
                ArgumentKind::Body { media, ty, .. } => match media {
                    Media::Json | Media::Form | Media::Multipart => ArgumentValue::Structured {
                        ty,
                        sample: self.sample(ty, 0),
                        example: op.body.as_ref().and_then(|b| b.example.as_ref()),
                    },
                    Media::Text => ArgumentValue::Text,
                    Media::Binary => ArgumentValue::Binary,
                },
            };
            values.push((arg, value));
        }
        values
    }

    /// JSON for a value of `ty` that `docs` (a field's or parameter's) describe:
    /// their first example or allowed value, else a value within their limits.
    fn sample_described(&self, ty: &TypeRef, docs: &Docs, depth: usize) -> Value {
        if let Some(example) = docs.examples.first().or(docs.allowed.first()) {
            return example.clone();
        }
        match ty {
            TypeRef::Scalar(Scalar::String | Scalar::File) | TypeRef::External(_) => {
                Value::String(samples::string(docs))
            }
            TypeRef::Scalar(Scalar::F32 | Scalar::F64) => samples::number(&docs.limits, false),
            TypeRef::Scalar(Scalar::Bool | Scalar::DateTime | Scalar::Date) => self.sample(ty, depth),
            TypeRef::Scalar(_) => samples::number(&docs.limits, true),
            TypeRef::List(inner) => {
                let item = match &docs.items {
                    Some(items) => self.sample_described(inner, items, depth + 1),
                    None => self.sample(inner, depth + 1),
                };
                Value::Array(samples::list(item, &docs.limits))
            }
            TypeRef::Nullable(inner) => self.sample_described(inner, docs, depth),
            _ => self.sample(ty, depth),
        }
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
                        // The required fields, and the first set of those one set of which must be there.
                        let one_of = s.required_one_of.first();
                        let fields =
                            s.fields.iter().filter(|f| f.required || one_of.is_some_and(|set| set.contains(&f.name)));
                        let object: Map<String, Value> = samples::within_weight(0, fields, |f| {
                            (f.name.clone(), self.sample_described(&f.ty, &f.docs, depth + 1))
                        })
                        .collect();
                        Value::Object(object)
                    }
                    TypeKind::Enum(e) => e.values.first().map_or(Value::Null, |v| Value::String(v.clone())),
                    TypeKind::Union(u) => match u.variants.first() {
                        Some(variant) => {
                            let mut sample = self.sample(&variant.ty, depth + 1);
                            let weight = samples::weight(&sample);
                            if let Value::Object(object) = &mut sample {
                                if let (Some(tag), Some(value)) = (&u.tag, &variant.tag_value) {
                                    object.insert(tag.clone(), Value::String(value.clone()));
                                }
                                // What the union requires of every variant, from the variant's own fields.
                                if let TypeRef::Named(variant_id) = &variant.ty {
                                    if let TypeKind::Struct(s) = &self.named.model.get(*variant_id).kind {
                                        let missing = s
                                            .fields
                                            .iter()
                                            .filter(|f| u.required.contains(&f.name) && !object.contains_key(&f.name));
                                        let missing: Vec<_> = samples::within_weight(weight, missing, |f| {
                                            (f.name.clone(), self.sample_described(&f.ty, &f.docs, depth + 1))
                                        })
                                        .collect();
                                        object.extend(missing);
                                    }
                                }
                            }
                            sample
                        }
                        None => Value::Null,
                    },
                    TypeKind::Alias(inner) => self.sample_described(inner, &def.docs, depth + 1),
                    TypeKind::Params(_) | TypeKind::Responses(_) => Value::Null,
                }
            }
            TypeRef::Scalar(scalar) => match scalar {
                Scalar::String | Scalar::File => Value::String("string".into()),
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

/// What an argument of a call is made from ([`Emitter::argument_values`]).
pub(super) enum ArgumentValue<'a> {
    /// A path parameter passed as text.
    PathText(String),
    /// A path parameter passed as a value of its own type (a number, `bool`, a date): its JSON.
    PathOwned { scalar: Scalar, json: Value },
    /// A path parameter of the string enum `ty`, passed by reference: its JSON.
    PathEnum { ty: TypeId, json: Value },
    /// The parameters struct `ty`, and the JSON of each of its required fields, in order.
    Params { ty: TypeId, required: Vec<(&'a Field, Value)> },
    /// A JSON, form or multipart body of type `ty`: the generator's sample of it, and the
    /// spec's example (which may not fit the type: the examples test reports that).
    Structured { ty: &'a TypeRef, sample: Value, example: Option<&'a Value> },
    /// A text body.
    Text,
    /// A file body.
    Binary,
}

/// Which of the file's helpers the tests call.
#[derive(Default)]
struct Uses {
    value: bool,
    example_or: bool,
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
