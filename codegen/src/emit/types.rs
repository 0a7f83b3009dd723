//! Model types → Rust items: structs, open string enums, unions and aliases.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::lines;
use super::placeholders::{string_literal, tokens_text};
use super::{Emitter, syntax};
use crate::config::Derive;
use crate::model::{Field, ParamIn, Params, QueryStyle, Scalar, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union};

impl Emitter<'_> {
    pub(super) fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    /// The Rust type for a model type reference.
    pub(super) fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let name = Self::ident(self.type_name(*id));
                let prefix = &self.types_prefix;
                quote! { #prefix #name }
            }
            // Paths the syntax-tree printer already writes.
            TypeRef::Scalar(Scalar::DateTime | Scalar::Date) | TypeRef::External(_) => {
                let ty = self.syn_type(ty);
                quote! { #ty }
            }
            TypeRef::Scalar(scalar) => scalar_type(*scalar),
            TypeRef::List(inner) => {
                let inner = self.rust_type(inner);
                quote! { Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.rust_type(inner);
                quote! { std::collections::BTreeMap<String, #inner> }
            }
            TypeRef::Nullable(inner) => {
                let inner = self.rust_type(inner);
                quote! { Option<#inner> }
            }
            TypeRef::Any => quote! { serde_json::Value },
            TypeRef::Null => quote! { () },
        }
    }

    /// A type's item, followed by its aliases (built as syntax trees: Cloudflare has thousands).
    pub(super) fn type_item(&self, id: TypeId) -> TokenStream {
        let item = self.type_definition(id);
        let name = self.named.type_name(id);
        for alias in &self.named.type_names(id).aliases {
            let doc = match alias.operation {
                Some(op) => {
                    let op = self.named.model.operation(op);
                    format!(
                        "What `{} {}` calls [`{name}`]: the same shape, defined once.",
                        op.method.as_str().to_uppercase(),
                        op.path
                    )
                }
                None => format!("Another name of [`{name}`]: the same shape, met elsewhere in the spec."),
            };
            let attrs = self.doc_syntax(vec![doc]);
            self.built_after.borrow_mut().push(syntax::public_alias(attrs, &alias.name, name));
        }
        item
    }

    fn type_definition(&self, id: TypeId) -> TokenStream {
        let TypeDef { hints: _, docs, location: _, kind } = self.named.model.get(id);
        let name = Self::ident(self.named.type_name(id));
        let extra = &self.named.type_names(id).extra_member;
        let doc_attrs = || self.doc_attrs(lines(docs));
        match kind {
            TypeKind::Struct(s) => self.struct_item(id, &name, lines(docs), s, extra),
            TypeKind::Enum(_) => self.enum_item(id, &name, doc_attrs(), extra),
            TypeKind::Union(u) => self.union_item(id, &name, doc_attrs(), u, extra),
            TypeKind::Params(p) => self.params_item(id, &name, doc_attrs(), p),
            TypeKind::Responses(_) => self.responses_item(id, &name, doc_attrs()),
            TypeKind::Alias(target) => {
                let docs = doc_attrs();
                let target = self.rust_type(target);
                quote! { #docs pub type #name = #target; }
            }
        }
    }

    /// A struct, built as a syntax tree (see `syntax.rs`), and its field table.
    fn struct_item(&self, id: TypeId, name: &Ident, doc_lines: Vec<String>, s: &Struct, extra: &str) -> TokenStream {
        let Struct { fields, additional, .. } = s;
        let all_optional = fields.iter().all(|f| !f.required) && additional.is_none();
        let mut declarations: Vec<syn::Field> = self
            .named
            .fields(id)
            .map(|(field, ident)| {
                syntax::public_field(self.doc_syntax(lines(&field.docs)), &ident.rust, self.syn_field_type(field))
            })
            .collect();
        // Declared extra properties are always kept; undeclared ones only with the
        // `extra-fields` feature, so data from a newer server survives a round trip.
        let map_of = |value: syn::Type| {
            syntax::path_type(
                &["std", "collections", "BTreeMap"],
                vec![syntax::path_type(&["String"], Vec::new()), value],
            )
        };
        declarations.push(match additional {
            Some(ty) => syntax::public_field(
                vec![syntax::doc_attribute(" Properties not listed above.")],
                extra,
                map_of(self.syn_type(ty)),
            ),
            None => syntax::public_field(
                vec![
                    syntax::doc_attribute(
                        " Properties the spec does not declare, kept with the `extra-fields` feature.",
                    ),
                    syntax::list_attribute("cfg", quote! { feature = "extra-fields" }),
                ],
                extra,
                map_of(self.syn_type(&TypeRef::Any)),
            ),
        });
        let added = self.added_derives(id, &[]);
        let derives = if all_optional {
            quote! { Clone, Default #added }
        } else {
            quote! { Clone #added }
        };
        let mut attrs = self.doc_syntax(doc_lines);
        attrs.push(syntax::list_attribute("derive", derives));
        if let Some(conditional) = self.conditional_derives(id) {
            attrs.push(syntax::list_attribute("cfg_attr", conditional));
        }
        self.built.borrow_mut().push(syntax::public_struct(attrs, &name.to_string(), declarations));
        self.struct_serde(id, name, s, &Self::ident(extra))
    }

    /// A struct field's Rust type. Required but nullable fields are `Option`s sent
    /// as `null`; optional and nullable ones are `Nullable`, as absent, `null` and a
    /// value differ.
    pub(super) fn field_type(&self, field: &Field) -> TokenStream {
        let mut inner = self.rust_type(&field.ty);
        if field.boxed {
            inner = quote! { Box<#inner> };
        }
        let runtime = &self.runtime;
        match (field.required, field.nullable) {
            (true, false) => inner,
            (true, true) | (false, false) => quote! { Option<#inner> },
            (false, true) => quote! { #runtime::Nullable<#inner> },
        }
    }

    /// An operation's query/header/cookie parameters: public fields, `new`
    /// taking the required ones, and a `model::params!` table (a row per
    /// parameter) that expands to the builder-style setters of the optional ones
    /// and `apply`.
    fn params_item(&self, id: TypeId, name: &Ident, docs: TokenStream, p: &Params) -> TokenStream {
        let Params { fields: _, places, styles } = p;
        let mut declarations = Vec::new();
        let mut rows = Vec::new();
        let mut required_args = Vec::new();
        let mut required_inits = Vec::new();
        // `places` and `styles` are the model's own lists beside its fields.
        for (((field, ident), place), style) in self.named.fields(id).zip(places).zip(styles) {
            let Field { name: json, ty, required, nullable: _, boxed: _, docs } = field;
            let rust = Self::ident(&ident.rust);
            let inner = self.rust_type(ty);
            let setter = match (place, style) {
                (ParamIn::Query, QueryStyle::Form) | (ParamIn::Header | ParamIn::Cookie | ParamIn::Path, _) => {
                    super::resources::param_setter(*place).to_string()
                }
                (ParamIn::Query, style) => format!("query_styled({style:?})"),
            };
            let kind = if *required { "required" } else { "optional" };
            // The docs go on the field and, through the table, on its setter.
            let doc_lines = lines(docs);
            let mut row = if *required { Vec::new() } else { self.row_docs(doc_lines.clone()) };
            row.push(format!("{rust}: {} = {} {setter} {kind}", tokens_text(inner.clone()), string_literal(json)));
            rows.push(row);
            let field_docs = self.doc_attrs(doc_lines);
            let declared = param_field_type(inner.clone(), *required);
            declarations.push(quote! { #field_docs pub #rust: #declared, });
            if *required {
                required_args.push(quote! { #rust: #inner });
                required_inits.push(quote! { #rust, });
            } else {
                required_inits.push(quote! { #rust: None, });
            }
        }
        let all_optional = required_args.is_empty();
        let default = all_optional.then(|| quote! { , Default });
        let added = self.added_derives(id, &[]);
        let conditional = self.conditional_derive_attribute(id);
        let table = self.table(quote! { model::params }, &name.to_string(), rows, None);
        let constructor = (!all_optional).then(|| {
            quote! {
                impl #name {
                    /// The parameters, with the required ones set.
                    pub fn new(#( #required_args ),*) -> Self {
                        Self { #( #required_inits )* }
                    }
                }
            }
        });
        quote! {
            #docs
            #[derive(Debug, Clone #default #added)]
            #conditional
            pub struct #name {
                #( #declarations )*
            }

            #constructor

            #table
        }
    }

    fn union_item(&self, id: TypeId, name: &Ident, docs: TokenStream, u: &Union, extra: &str) -> TokenStream {
        let Union { variants, tag, .. } = u;
        let extra = Self::ident(extra);
        let items = self.named.variants(id).map(|(variant, ident)| {
            let mut ty = self.rust_type(&variant.ty);
            if variant.boxed {
                ty = quote! { Box<#ty> };
            }
            let rust = Self::ident(&ident.rust);
            let docs = self.doc_attrs(lines(&variant.docs));
            quote! { #docs #rust(#ty), }
        });
        let unknown = tag.is_some().then(|| {
            quote! {
                /// A variant not known when this client was generated: the whole
                /// object, its tag included, so it prints and round-trips.
                #extra(serde_json::Value),
            }
        });
        // Variants hold structs inline; their sizes may differ a lot, and boxing every one costs more than it saves.
        let holds_structs = variants.iter().any(|v| matches!(v.ty, TypeRef::Named(_)) && !v.boxed);
        let allow = holds_structs.then(|| quote! { #[allow(clippy::large_enum_variant)] });
        let serde = self.union_serde(id, name, u, &extra);
        let added = self.added_derives(id, &[]);
        let conditional = self.conditional_derive_attribute(id);
        quote! {
            #docs
            #[derive(Debug, Clone #added)]
            #conditional
            #allow
            pub enum #name {
                #( #items )*
                #unknown
            }

            #serde
        }
    }

    fn enum_item(&self, id: TypeId, name: &Ident, docs: TokenStream, extra: &str) -> TokenStream {
        let members = self.named.values(id);
        let extra = Self::ident(extra);
        let variants = members.iter().map(|ident| {
            let rust = Self::ident(&ident.rust);
            let json = format!(" `{}`", super::docs::code_span(&ident.json));
            quote! { #[doc = #json] #rust }
        });
        let rows = members.iter().map(|ident| vec![format!("{} = {}", ident.rust, string_literal(&ident.json))]);
        let table = self.table(quote! { model::string_enum }, &name.to_string(), rows, Some(&extra.to_string()));
        let added = self.added_derives(id, &[Derive::PartialEq, Derive::Eq, Derive::Hash]);
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq, Hash #added)]
            pub enum #name {
                #( #variants, )*
                /// A value not known when this client was generated.
                #extra(String),
            }

            #table
        }
    }
}

impl Emitter<'_> {
    /// `, PartialEq, Eq`: the derives the config adds to type `id`, except those it has anyway.
    fn added_derives(&self, id: TypeId, has: &[Derive]) -> TokenStream {
        let derives = self
            .named
            .type_names(id)
            .derives
            .always
            .iter()
            .filter(|d| !has.contains(d))
            .map(|d| Self::ident(d.as_str()));
        quote! { #( , #derives )* }
    }

    /// `not(feature = "extra-fields"), derive(Hash)`: the config's derives that
    /// only the `extra-fields` map rules out, for a `cfg_attr`.
    fn conditional_derives(&self, id: TypeId) -> Option<TokenStream> {
        let derives = &self.named.type_names(id).derives.without_extra_fields;
        if derives.is_empty() {
            return None;
        }
        let derives = derives.iter().map(|d| Self::ident(d.as_str()));
        Some(quote! { not(feature = "extra-fields"), derive(#( #derives ),*) })
    }

    /// [`Self::conditional_derives`] as an attribute.
    fn conditional_derive_attribute(&self, id: TypeId) -> Option<TokenStream> {
        self.conditional_derives(id).map(|tokens| quote! { #[cfg_attr(#tokens)] })
    }
}

fn scalar_type(scalar: Scalar) -> TokenStream {
    let ident = format_ident!("{}", scalar_name(scalar));
    quote! { #ident }
}

pub(super) fn scalar_name(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "String",
        Scalar::Bool => "bool",
        Scalar::I8 => "i8",
        Scalar::I16 => "i16",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::U8 => "u8",
        Scalar::U16 => "u16",
        Scalar::U32 => "u32",
        Scalar::U64 => "u64",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
        Scalar::DateTime => "DateTime",
        Scalar::Date => "Date",
    }
}

/// A parameters struct field's declared type: optional parameters are `Option`s.
pub(super) fn param_field_type(inner: TokenStream, required: bool) -> TokenStream {
    if required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}
