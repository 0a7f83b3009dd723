//! The resource tree: one struct per resource (`UserTokens`), accessors from
//! parent to child, and one method per operation. A method only describes its
//! request and returns a `Call`; the runtime sends it when the call is awaited.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::Emitter;
use super::docs::{lines, paragraph};
use super::format::Unit;
use super::placeholders::Parts;
use crate::model::{
    Framing, Media, NextPage, Operation, OperationId, PageField, PageInput, PageItems, PageStop, Paging, ParamIn,
    RequestBody, SecondMethod, TypeRef,
};
use crate::name::{ArgumentKind, PathArg, Signature};
use crate::surface::RustType;

/// The std traits' methods that clippy's `should_implement_trait` looks for by name.
const STD_TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

impl Emitter<'_> {
    /// Each resource with its operations, in resource order.
    pub(super) fn resource_units(&self) -> Vec<(Vec<String>, Vec<OperationId>)> {
        let mut ops: BTreeMap<&[String], Vec<OperationId>> = BTreeMap::new();
        for (index, op) in self.named.model.operations.iter().enumerate() {
            ops.entry(op.resource.as_slice()).or_default().push(OperationId(index as u32));
        }
        self.named
            .resources
            .keys()
            .map(|path| (path.clone(), ops.remove(path.as_slice()).unwrap_or_default()))
            .collect()
    }

    /// `import` brings the runtime in as `rt`; it is left out when no resource needs it.
    pub(super) fn resources_prelude(&self, import: &TokenStream, any: bool) -> TokenStream {
        let import = any.then_some(import);
        let doc = " The API's resources, each with its operations as methods returning a `Call` to await.";
        quote! {
            #![doc = #doc]
            #import
        }
    }

    /// A resource's struct, its accessors of child resources and its operations.
    pub(super) fn resource_unit(&self, path: &[String], ops: &[OperationId]) -> Unit {
        let runtime = &self.runtime;
        let names = &self.named.resources[path];
        let name = Self::ident(&names.struct_name);
        let accessors = self.child_accessors(path);
        let mut parts = Parts::default();
        let mut methods: Vec<TokenStream> = ops.iter().map(|&id| self.operation_methods(id, &mut parts)).collect();
        methods.extend(self.webhook_methods(path, &mut parts));
        let doc = format!(" `{}`", self.named.resource_call(path));
        let items = quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) client: &'a #runtime::Client,
            }

            impl<'a> #name<'a> {
                #( #accessors )*
                #( #methods )*
            }
        };
        parts.into_unit(items, self.cfg_any(path.first().into_iter()))
    }

    /// Methods of the client itself: accessors of top-level resources and operations on `/`.
    pub(super) fn root_methods(&self, parts: &mut Parts) -> Vec<TokenStream> {
        let mut out = self.child_accessors(&[]);
        for (i, op) in self.named.model.operations.iter().enumerate() {
            if op.resource.is_empty() {
                out.push(self.operation_methods(OperationId(i as u32), parts));
            }
        }
        out
    }

    fn child_accessors(&self, parent: &[String]) -> Vec<TokenStream> {
        let on_client = parent.is_empty();
        self.named
            .resources
            .iter()
            .filter(|(path, _)| path.len() == parent.len() + 1 && path.starts_with(parent))
            .map(|(path, names)| {
                let accessor = Self::ident(&names.accessor);
                let name = Self::ident(&names.struct_name);
                let cfg = if on_client {
                    self.cfg_any(path.first().into_iter()).map(|cfg| quote! { #[cfg(#cfg)] })
                } else {
                    None
                };
                let doc = format!(" `{}` operations.", path.join("/"));
                let (ty, value) = if on_client {
                    (quote! { super::resources::#name<'_> }, quote! { super::resources::#name { client: self } })
                } else {
                    (quote! { #name<'a> }, quote! { #name { client: self.client } })
                };
                quote! {
                    #cfg
                    #[doc = #doc]
                    pub fn #accessor(&self) -> #ty {
                        #value
                    }
                }
            })
            .collect()
    }

    /// One method per operation, rendered from its signature, and the methods beside it: each
    /// describes the request and returns a [`Call`](rt::Call) the caller awaits (or first adds
    /// options to).
    fn operation_methods(&self, id: OperationId, parts: &mut Parts) -> TokenStream {
        let op = self.named.model.operation(id);
        let signature = self.named.signature(id);
        let mut docs = self.operation_docs(op, &signature.endpoint);
        if let Some(media_type) = &signature.body_media {
            let others: Vec<String> = signature
                .seconds
                .iter()
                .filter_map(|(_, s)| Some(format!("`{}` sends it as `{}`", s.method, s.body_media.as_ref()?)))
                .collect();
            paragraph(&mut docs, &[format!("Sends the body as `{media_type}`; {}.", others.join(", "))]);
        }
        let docs = parts.doc_attrs(docs);
        // `voice().clone()`, `items().index(id)`: the API's word, not the std trait's method.
        let allow = STD_TRAIT_METHODS
            .contains(&signature.method.as_str())
            .then(|| quote! { #[allow(clippy::should_implement_trait)] });
        let own = self.method(id, signature, None);
        let seconds = signature.seconds.iter().map(|(second, beside)| {
            let doc = match second {
                SecondMethod::Stream => format!(
                    " The same call, answered as a stream of events read as they arrive (`{}`).",
                    op.stream.as_ref().map_or("", |s| s.media_type.as_str())
                ),
                SecondMethod::Body(_) => format!(
                    " The same call, with the body sent as `{}` (`{}` sends it as `{}`).",
                    beside.body_media.as_deref().unwrap_or_default(),
                    signature.method,
                    signature.body_media.as_deref().unwrap_or_default(),
                ),
            };
            let method = self.method(id, beside, Some(*second));
            quote! {
                #[doc = #doc]
                #method
            }
        });
        quote! {
            #docs
            #allow
            #own
            #( #seconds )*
        }
    }

    /// One method of an operation (its own, or one beside it), without its doc comment.
    fn method(&self, id: OperationId, signature: &Signature, second: Option<SecondMethod>) -> TokenStream {
        let op = self.named.model.operation(id);
        let runtime = &self.runtime;
        let client = if op.resource.is_empty() {
            quote! { self }
        } else {
            quote! { self.client }
        };

        let mut args = Vec::new();
        let mut segments = Vec::new();
        let mut attach = Vec::new();
        for arg in &signature.args {
            let name = Self::ident(&arg.name);
            let ty = self.argument_type(id, &arg.kind);
            args.push(quote! { #name: #ty });
            match &arg.kind {
                ArgumentKind::Path { param, passed } => {
                    let text = match passed {
                        PathArg::Text => quote! { #name },
                        PathArg::Owned(_) => quote! { &#name.to_string() },
                        PathArg::Borrowed(_) => quote! { #name.as_str() },
                    };
                    segments.push((param.as_str(), text));
                }
                ArgumentKind::Params(_) => attach.push(quote! { let request = params.apply(request); }),
                ArgumentKind::Body { media, media_type, .. } => {
                    let body = op.body_of(second);
                    let sent = self.body_attach(*media, media_type, body);
                    attach.push(quote! { let request = #sent; });
                    let headers = body.map(|b| b.part_headers.as_slice()).unwrap_or_default();
                    if !headers.is_empty() {
                        let headers = headers
                            .iter()
                            .map(|h| (&h.part, &h.name, &h.value))
                            .map(|(part, name, value)| quote! { (#part, #name, #value) });
                        attach.push(quote! { let request = request.part_headers(&[ #( #headers ),* ]); });
                    }
                    let part_types = body.map(|b| b.part_types.as_slice()).unwrap_or_default();
                    if !part_types.is_empty() {
                        let types = part_types.iter().map(|(name, ty)| quote! { (#name, #ty) });
                        attach.push(quote! { let request = request.part_types(&[ #( #types ),* ]); });
                    }
                    let numbered = body.map(|b| b.numbered_parts.as_slice()).unwrap_or_default();
                    if !numbered.is_empty() {
                        let parts = numbered.iter().map(|(name, count)| {
                            let count = proc_macro2::Literal::usize_unsuffixed(*count);
                            quote! { (#name, #count) }
                        });
                        attach.push(quote! { let request = request.numbered_parts(&[ #( #parts ),* ]); });
                    }
                }
            }
        }
        if signature.sends_empty_object {
            attach.push(quote! { let request = request.json(&serde_json::Map::new()); });
        }
        // `/files/{id}#add_shared_link`: the fragment tells two path keys apart; it is not sent.
        let wire_path = op.path.split_once('#').map_or(op.path.as_str(), |(path, _)| path);
        let path = self.path_expression(wire_path, &segments);
        let verb = Self::ident(&op.method.as_str().to_uppercase());
        let mut chain = Vec::new();
        if !op.security.is_empty() {
            let security = security_literal(&op.security);
            chain.push(quote! { .security(#security) });
        }
        for error in &op.errors {
            let ty = self.rust_type_in(id, &error.ty);
            let status = &error.status;
            chain.push(quote! { .typed_error::<#ty>(#status) });
        }
        if let Some(server) = &op.server {
            let server = self.server_literal(server);
            chain.push(quote! { .server(#server) });
        }
        if !op.redirects.is_empty() {
            let statuses = op.redirects.iter().map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
            chain.push(quote! { .redirect_results(&[#( #statuses ),*]) });
        }
        let new_request = quote! { #runtime::Request::new(#runtime::Method::#verb, #path) };
        let name = Self::ident(&signature.method);
        let flag = |value: bool| {
            op.stream
                .as_ref()
                .and_then(|s| s.flag.as_deref())
                .map(|flag| quote! { let request = request.body_flag(#flag, #value); })
        };
        let (ret, body) = match (self.decoder(&signature.returns), &op.stream) {
            // What a stream's method does: its media type asked for, its flag set, its events read.
            (None, Some(stream)) => {
                let accept = &stream.media_type;
                let framing = match stream.framing {
                    Framing::ServerSentEvents => quote! { #runtime::Framing::ServerSentEvents },
                    Framing::JsonLines => quote! { #runtime::Framing::JsonLines },
                };
                let set = flag(true);
                let ret = self.rust_type_in(id, &stream.item);
                let body = quote! {
                    let request = #new_request #( #chain )* .header("Accept", #accept);
                    #( #attach )*
                    #set
                    #runtime::EventCall::new(#client, request, #framing)
                };
                (quote! { #runtime::EventCall<#ret> }, body)
            }
            (decoder, _) => {
                if let Some(accept) = &op.accept {
                    chain.push(quote! { .header("Accept", #accept) });
                }
                if let Some(paging) = &op.paging {
                    let paging = paging_literal(runtime, paging);
                    chain.push(quote! { .paging(&#paging) });
                }
                let ret = self.returns_type(Some(id), &signature.returns);
                let clear = flag(false);
                let body = quote! {
                    let request = #new_request #( #chain )*;
                    #( #attach )*
                    #clear
                    #runtime::Call::new(#client, request, #decoder)
                };
                (quote! { #runtime::Call<#ret> }, body)
            }
        };
        quote! {
            pub fn #name(&self, #( #args ),*) -> #ret {
                #body
            }
        }
    }

    /// The type a body argument is borrowed as (`&body_type`).
    pub(super) fn body_type(&self, op: OperationId, media: Media, ty: &TypeRef) -> RustType {
        match media {
            Media::Json | Media::Form | Media::Multipart => self.rust_type_in(op, ty),
            Media::Text => RustType::named("str"),
            Media::Binary => self.runtime_type("File", Vec::new()),
        }
    }

    /// How the request takes the body. A file is sent as its own type when the spec offers the
    /// body in it too (`same_kind`); a form's properties as its `encoding` says.
    fn body_attach(&self, media: Media, media_type: &str, body: Option<&RequestBody>) -> TokenStream {
        let same_kind = body.map(|b| b.same_kind.as_slice()).unwrap_or_default();
        let styles = body.map(|b| b.form_styles.as_slice()).unwrap_or_default();
        let runtime = &self.runtime;
        match media {
            Media::Json => quote! { request.json(body) },
            Media::Form if styles.is_empty() => quote! { request.form(body) },
            Media::Form => {
                let styles = styles.iter().map(|(name, style)| {
                    let style = Self::ident(&format!("{style:?}"));
                    quote! { (#name, #runtime::QueryStyle::#style) }
                });
                quote! { request.form_styled(body, &[ #( #styles ),* ]) }
            }
            Media::Multipart => quote! { request.multipart(body) },
            Media::Text if media_type == "text/plain" => quote! { request.text(body) },
            Media::Text => quote! { request.text_as(#media_type, body) },
            Media::Binary => {
                let offered = std::iter::once(media_type).chain(same_kind.iter().map(String::as_str));
                quote! { request.file(&[ #( #offered ),* ], body) }
            }
        }
    }

    /// `rt::path("/user/tokens/{}", &[token_id])`, or a plain string without parameters.
    fn path_expression(&self, path: &str, segments: &[(&str, TokenStream)]) -> TokenStream {
        let runtime = &self.runtime;
        let mut template = String::new();
        let mut values = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else { break };
            template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
            let name = &rest[start + 1..start + end];
            match segments.iter().find(|(n, _)| *n == name) {
                Some((_, text)) => {
                    template.push_str("{}");
                    values.push(text.clone());
                }
                // A `{name}` without a parameter stays literal.
                None => template.push_str(&format!("{{{{{name}}}}}")),
            }
            rest = &rest[start + end + 1..];
        }
        template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
        if values.is_empty() {
            let literal = template.replace("{{", "{").replace("}}", "}");
            quote! { #literal.to_string() }
        } else {
            quote! { #runtime::path(#template, &[ #( #values ),* ]) }
        }
    }

    fn operation_docs(&self, op: &Operation, endpoint: &str) -> Vec<String> {
        let mut out = lines(&op.docs);
        paragraph(&mut out, &[format!("`{endpoint}`")]);
        for (key, value) in &op.extensions {
            match key.as_str() {
                "x-cfPlanAvailability" => {
                    let plans: Vec<&str> = value
                        .as_object()
                        .map(|m| m.iter().filter(|(_, v)| **v == Value::Bool(true)).map(|(k, _)| k.as_str()).collect())
                        .unwrap_or_default();
                    if !plans.is_empty() {
                        paragraph(&mut out, &[format!("Available on plans: {}.", plans.join(", "))]);
                    }
                }
                "x-cfPermissionsRequired" => {
                    let permissions: Vec<String> = value
                        .get("enum")
                        .and_then(Value::as_array)
                        .map(|list| list.iter().filter_map(Value::as_str).map(|p| format!("`{p}`")).collect())
                        .unwrap_or_default();
                    if !permissions.is_empty() {
                        paragraph(&mut out, &[format!("Permissions required: {}.", permissions.join(", "))]);
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// An operation's `rt::Paging`, as a literal of `'static` data (rustc promotes it to a static).
fn paging_literal(runtime: &TokenStream, paging: &Paging) -> TokenStream {
    let path = |path: &[String]| quote! { &[ #( #path ),* ] };
    let input = |input: &PageInput| match input {
        PageInput::Query(name) => quote! { #runtime::PageInput::Query(#name) },
        PageInput::Body(at) => {
            let at = path(at);
            quote! { #runtime::PageInput::Body(#at) }
        }
    };
    let optional = |at: &Option<Vec<String>>| match at {
        Some(at) => {
            let at = path(at);
            quote! { Some(#at) }
        }
        None => quote! { None },
    };
    let stop = |stop: &PageStop| {
        let (items, pages, more) = (optional(&stop.total_items), optional(&stop.total_pages), optional(&stop.has_more));
        quote! { #runtime::PageStop { total_items: #items, total_pages: #pages, has_more: #more } }
    };
    let items = match &paging.items {
        PageItems::Envelope => quote! { #runtime::PageItems::Envelope },
        PageItems::At(at) => {
            let at = path(at);
            quote! { #runtime::PageItems::At(#at) }
        }
    };
    let next = match &paging.next {
        NextPage::ResultInfo => quote! { #runtime::NextPage::ResultInfo },
        NextPage::Cursor { field, input: to } => {
            let field = match field {
                PageField::Body(at) => {
                    let at = path(at);
                    quote! { #runtime::PageField::Body(#at) }
                }
                PageField::Header(name) => quote! { #runtime::PageField::Header(#name) },
            };
            let to = input(to);
            quote! { #runtime::NextPage::Cursor { field: #field, input: #to } }
        }
        NextPage::LastId { input: to, has_more } => {
            let (to, has_more) = (input(to), optional(has_more));
            quote! { #runtime::NextPage::LastId { input: #to, has_more: #has_more } }
        }
        NextPage::Url { field } => {
            let field = path(field);
            quote! { #runtime::NextPage::Url { field: #field } }
        }
        NextPage::Link => quote! { #runtime::NextPage::Link },
        NextPage::PageNumber { input: to, start, stop: until } => {
            let (to, until) = (input(to), stop(until));
            let start = proc_macro2::Literal::u64_unsuffixed(*start);
            quote! { #runtime::NextPage::PageNumber { input: #to, start: #start, stop: #until } }
        }
        NextPage::Offset { input: to, stop: until } => {
            let (to, until) = (input(to), stop(until));
            quote! { #runtime::NextPage::Offset { input: #to, stop: #until } }
        }
    };
    let keep_only = path(&paging.keep_only);
    quote! { #runtime::Paging { items: #items, next: #next, keep_only: #keep_only } }
}

pub(super) fn security_literal(security: &[Vec<String>]) -> TokenStream {
    let alternatives = security.iter().map(|set| quote! { &[ #( #set ),* ] });
    quote! { &[ #( #alternatives ),* ] }
}

/// Whether a params struct field goes in the query, a header or a cookie.
pub(super) fn param_setter(place: ParamIn) -> &'static str {
    match place {
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
        ParamIn::Query | ParamIn::Path => "query",
    }
}
