//! One signature per operation: what a user's code sees of it (how it is
//! called, its arguments with their names and types, what it returns) and
//! the name of its test. The method, api.md, api.json and the operation test
//! are all rendered from this one value.

use std::collections::{BTreeMap, HashSet};

use super::{OperationNames, ResourceNames, unique};
use crate::model::{Media, Model, Operation, ResponseShape, Scalar, SecondMethod, TypeId, TypeKind, TypeRef};

#[derive(Debug, Clone)]
pub struct Signature {
    /// `GET /user/tokens/{token_id}`: how docs, api.md and api.json name the operation.
    pub endpoint: String,
    /// `update`: the method's name.
    pub method: String,
    /// `client.user().tokens().update`: how a user reaches the method.
    pub call: String,
    /// The function name of the operation's test, unique among them.
    pub test: String,
    /// In order: path parameters (in path order), the parameters struct, the body.
    pub args: Vec<Argument>,
    /// The body is a bare object: `{}` is sent, and no argument taken.
    pub sends_empty_object: bool,
    /// The body's media type, when the operation offers it in several kinds (a method each).
    pub body_media: Option<String>,
    /// Media types of the body's kind the method sends when the caller sets `Content-Type`.
    pub also_as: Vec<String>,
    /// The operation's own server, when the spec serves it from another than the client's.
    pub server: Option<String>,
    pub returns: Returns,
    /// The methods beside this one (`create_stream`, `create_json`): each its own call, and
    /// its own body or return; the rest as this one's.
    pub seconds: Vec<(SecondMethod, Signature)>,
}

#[derive(Debug, Clone)]
pub struct Argument {
    pub name: String,
    pub kind: ArgumentKind,
}

#[derive(Debug, Clone)]
pub enum ArgumentKind {
    /// A path parameter (its name in the spec, [`Operation::param`]), and how it is passed.
    Path { param: String, passed: PathArg },
    /// The struct of the query, header and cookie parameters, by reference.
    Params(TypeId),
    /// The request body, by reference: JSON, form and multipart bodies as
    /// their type, text as `str`, anything else as bytes.
    Body { media: Media, media_type: String, ty: TypeRef },
}

/// How a path parameter is passed: as text, or as a value of its own type
/// that the method writes as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathArg {
    /// `&str`: strings, and whatever has no text form of its own.
    Text,
    /// By value, written with `to_string()`: numbers, `bool`, dates.
    Owned(Scalar),
    /// By reference, written with `as_str()`: a string enum.
    Borrowed(TypeId),
}

/// What awaiting the call gives; each case has its own runtime decoder.
#[derive(Debug, Clone, PartialEq)]
pub enum Returns {
    /// `()`: no body.
    Nothing,
    /// `String`: a text body.
    Text,
    /// The body as bytes (any other media type).
    Bytes,
    /// A JSON body as it is.
    Json(TypeRef),
    /// An envelope's `result`.
    Envelope(TypeRef),
    /// An envelope whose `result` may be `null`: `Option<T>`.
    EnvelopeOptional(TypeRef),
    /// An envelope whose `result` is always `null`: `()`.
    EnvelopeUnit,
    /// A list the operation pages through: `Page<T>`, which fetches the next pages.
    Page(TypeRef),
    /// The enum of the operation's several responses.
    Alternatives(TypeId),
    /// A stream of events whose data is of this type: `EventStream<T>`, read as it arrives.
    Events(TypeRef),
}

impl Returns {
    /// What the operation's method returns: a page of its items when it pages, else its response.
    pub fn of_operation(op: &Operation) -> Returns {
        match (&op.paging, &op.stream) {
            (_, Some(stream)) if !stream.beside_value => Returns::Events(stream.item.clone()),
            (Some(paging), _) => Returns::Page(paging.item.clone()),
            _ => Returns::of(&op.response),
        }
    }

    /// What one response decodes into (never a page: paging belongs to the operation).
    pub fn of(response: &ResponseShape) -> Returns {
        match response {
            ResponseShape::Empty => Returns::Nothing,
            ResponseShape::Plain { media: Media::Text, .. } => Returns::Text,
            ResponseShape::Plain { media: Media::Json, ty, .. } => Returns::Json(ty.clone()),
            ResponseShape::Plain { .. } => Returns::Bytes,
            ResponseShape::Envelope { result: TypeRef::Null, .. } => Returns::EnvelopeUnit,
            ResponseShape::Envelope { result, result_nullable: true, .. } => Returns::EnvelopeOptional(result.clone()),
            ResponseShape::Envelope { result, .. } => Returns::Envelope(result.clone()),
            ResponseShape::Alternatives(id) => Returns::Alternatives(*id),
        }
    }
}

/// Functions of the operation tests' file that a test must not be named as.
const TEST_FILE_FUNCTIONS: &[&str] = &["client", "value", "example_or", "report"];

/// Argument names the method itself uses.
const ARGUMENT_NAMES: &[&str] = &["params", "body", "self"];

/// Every operation's signature, by operation id.
pub(super) fn signatures(
    model: &Model,
    resources: &BTreeMap<Vec<String>, ResourceNames>,
    operations: &[OperationNames],
) -> Vec<Signature> {
    let mut tests: HashSet<String> = TEST_FILE_FUNCTIONS.iter().map(|s| s.to_string()).collect();
    model
        .operations
        .iter()
        .zip(operations)
        .map(|(op, names)| {
            let call = call_text(resources, &op.resource, &names.method);
            // `client.user().tokens().list` → `user_tokens_list`; two calls may give one name.
            let mut test_base = call.trim_start_matches("client.").replace("().", "_").replace('.', "_");
            // `repos().git().ref_().get` → `repos_git_ref_get`: a keyword's `_` doubled is not snake case.
            while test_base.contains("__") {
                test_base = test_base.replace("__", "_");
            }
            let test = unique(&mut tests, test_base, "").rust;
            let mut signature = signature(model, op, (&names.method, call), test.clone(), None);
            signature.seconds = names
                .second_methods
                .iter()
                .map(|(second, method)| {
                    let call = call_text(resources, &op.resource, method);
                    (*second, self::signature(model, op, (method, call), test.clone(), Some(*second)))
                })
                .collect();
            signature
        })
        .collect()
}

/// The signature of the operation's own method, or of one beside it.
fn signature(
    model: &Model,
    op: &Operation,
    (method, call): (&str, String),
    test: String,
    second: Option<SecondMethod>,
) -> Signature {
    let mut taken: HashSet<String> = ARGUMENT_NAMES.iter().map(|s| s.to_string()).collect();
    let mut args: Vec<Argument> = op
        .params
        .iter()
        .map(|param| Argument {
            name: unique(&mut taken, crate::ident::field_ident(&param.name), &param.name).rust,
            kind: ArgumentKind::Path { param: param.name.clone(), passed: path_arg(model, &param.ty) },
        })
        .collect();
    if let Some(params) = op.params_type {
        args.push(Argument { name: "params".into(), kind: ArgumentKind::Params(params) });
    }
    let body = op.body_of(second);
    let sends_empty_object = body.is_some_and(|b| b.empty_object);
    if let Some(body) = body.filter(|b| !b.empty_object) {
        let kind = ArgumentKind::Body { media: body.media, media_type: body.media_type.clone(), ty: body.ty.clone() };
        args.push(Argument { name: "body".into(), kind });
    }
    Signature {
        endpoint: op.method.endpoint(&op.path),
        method: method.to_string(),
        call,
        test,
        args,
        sends_empty_object,
        body_media: body.filter(|_| !op.other_bodies.is_empty()).map(|b| b.media_type.clone()),
        also_as: body.map(|b| b.same_kind.clone()).unwrap_or_default(),
        server: op.server.as_ref().map(|s| s.default_url().unwrap_or_else(|| s.url.clone())),
        returns: match (second, &op.stream) {
            (Some(SecondMethod::Stream), Some(stream)) => Returns::Events(stream.item.clone()),
            _ => Returns::of_operation(op),
        },
        seconds: Vec::new(),
    }
}

fn path_arg(model: &Model, ty: &TypeRef) -> PathArg {
    match ty {
        TypeRef::Scalar(Scalar::String) => PathArg::Text,
        TypeRef::Scalar(scalar) => PathArg::Owned(*scalar),
        TypeRef::Named(id) if matches!(model.get(*id).kind, TypeKind::Enum(_)) => PathArg::Borrowed(*id),
        _ => PathArg::Text,
    }
}

/// `client.user().tokens().update`.
fn call_text(resources: &BTreeMap<Vec<String>, ResourceNames>, resource: &[String], method: &str) -> String {
    let mut call = String::from("client.");
    call.push_str(&resource_path(resources, resource));
    if !resource.is_empty() {
        call.push('.');
    }
    call.push_str(method);
    call
}

/// `user().tokens()` for `["user", "tokens"]`.
pub(super) fn resource_path(resources: &BTreeMap<Vec<String>, ResourceNames>, path: &[String]) -> String {
    (1..=path.len())
        .filter_map(|end| resources.get(&path[..end]))
        .map(|names| format!("{}()", names.accessor))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::EmitOptions;

    fn get(path: &str) -> serde_json::Value {
        json!({"get": {"operationId": path, "responses": {"204": {"description": "none"}}}})
    }

    #[test]
    fn operation_tests_get_unique_names_when_calls_read_alike() {
        // `client.foo_bars().list` and `client.foo().bars().list` both read `foo_bars_list`.
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/foo_bars": get("a"), "/foo/bars": get("b")}
        });
        let options = EmitOptions { operation_tests: Some("t".into()), ..Default::default() };
        let generated =
            crate::generate_from_value("t.json", spec, std::path::Path::new("."), &options).expect("generates");
        let file = syn::parse_file(&generated.files["operation_tests.rs"]).expect("parses");
        let mut names: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "{names:?}");
        assert!(
            names.contains(&"foo_bars_list".to_string()) && names.contains(&"foo_bars_list_2".to_string()),
            "{names:?}"
        );
        // api.md names the same tests.
        assert!(generated.files["api.md"].contains("tests/operations.rs::foo_bars_list_2`"));
    }
}
