//! Model types → Rust items: structs, open string enums, unions and aliases.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::lines;
use super::placeholders::{Parts, string_literal};
use super::printer::{json_value, map_of, param_field_type};
use super::{Emitter, syntax};
use crate::config::Derive;
use crate::model::{Field, ParamField, ParamIn, QueryStyle, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union};

/// Clippy's default `type-complexity-threshold`.
const CLIPPY_TYPE_COMPLEXITY: usize = 250;

impl Emitter<'_> {
    pub(super) fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    /// A type's item, followed by its aliases (built as syntax trees: Cloudflare has thousands).
    pub(super) fn type_item(&self, id: TypeId, parts: &mut Parts) -> TokenStream {
        let item = self.type_definition(id, parts);
        let name = self.named.type_name(id);
        for alias in &self.named.type_names(id).aliases {
            let doc = match alias.operation {
                Some(op) => {
                    let endpoint = &self.named.signature(op).endpoint;
                    format!("What `{endpoint}` calls [`{name}`]: the same shape, defined once.")
                }
                None => format!("Another name of [`{name}`]: the same shape, met elsewhere in the spec."),
            };
            let attrs = parts.doc_syntax(vec![doc]);
            parts.built_after.push(syntax::public_alias(attrs, &alias.name, name));
        }
        item
    }

    fn type_definition(&self, id: TypeId, parts: &mut Parts) -> TokenStream {
        let TypeDef { hints: _, docs, location: _, kind } = self.named.model.get(id);
        let name = Self::ident(self.named.type_name(id));
        let extra = &self.named.type_names(id).extra_member;
        // Models are built as syntax trees with their docs; the rest are tokens behind a doc placeholder.
        match kind {
            TypeKind::Struct(s) => self.struct_item(id, &name, lines(docs), s, extra, parts),
            TypeKind::Enum(_) => self.enum_item(id, &name, lines(docs), extra, parts),
            TypeKind::Union(u) => self.union_item(id, &name, lines(docs), u, extra, parts),
            TypeKind::Params(_) => {
                let docs = parts.doc_attrs(lines(docs));
                self.params_item(id, &name, docs, parts)
            }
            TypeKind::Responses(_) => self.responses_item(id, &name, parts.doc_attrs(lines(docs))),
            TypeKind::Alias(target) => {
                let docs = parts.doc_attrs(lines(docs));
                let target = self.rust_type(target);
                quote! { #docs pub type #name = #target; }
            }
        }
    }

    /// A struct, built as a syntax tree (see `syntax.rs`), and its field table.
    fn struct_item(
        &self,
        id: TypeId,
        name: &Ident,
        doc_lines: Vec<String>,
        s: &Struct,
        extra: &str,
        parts: &mut Parts,
    ) -> TokenStream {
        let Struct { fields, additional, .. } = s;
        let all_optional = fields.iter().all(|f| !f.required) && additional.is_none();
        let mut complex = false;
        let mut declarations: Vec<syn::Field> = self
            .named
            .fields(id)
            .map(|(field, ident)| {
                let ty = self.field_type(field);
                complex |= ty.complexity() > CLIPPY_TYPE_COMPLEXITY;
                syntax::public_field(parts.doc_syntax(lines(&field.docs)), &ident.rust, ty.to_syn())
            })
            .collect();
        // Declared extra properties are always kept; undeclared ones only with the
        // `extra-fields` feature, so data from a newer server survives a round trip.
        declarations.push(match additional {
            Some(ty) => syntax::public_field(
                vec![syntax::doc_attribute(" Properties not listed above.")],
                extra,
                map_of(self.rust_type(ty)).to_syn(),
            ),
            None => syntax::public_field(
                vec![
                    syntax::doc_attribute(
                        " Properties the spec does not declare, kept with the `extra-fields` feature.",
                    ),
                    syntax::list_attribute("cfg", quote! { feature = "extra-fields" }),
                ],
                extra,
                map_of(json_value()).to_syn(),
            ),
        });
        let added = self.added_derives(id, &[]);
        let derives = if all_optional {
            quote! { Clone, Default #added }
        } else {
            quote! { Clone #added }
        };
        let mut attrs = parts.doc_syntax(doc_lines);
        attrs.push(syntax::list_attribute("derive", derives));
        // Maps of maps of lists are the spec's shape; an alias would be a name it does not give.
        if complex {
            attrs.push(syntax::list_attribute("allow", quote! { clippy::type_complexity }));
        }
        if let Some(conditional) = self.conditional_derives(id) {
            attrs.push(syntax::list_attribute("cfg_attr", conditional));
        }
        parts.built.push(syntax::public_struct(attrs, &name.to_string(), declarations));
        self.struct_serde(id, name, s, &Self::ident(extra), parts)
    }

    /// An operation's query/header/cookie parameters: public fields, `new`
    /// taking the required ones, and a `model::params!` table (a row per
    /// parameter) that expands to the builder-style setters of the optional ones
    /// and `apply`.
    fn params_item(&self, id: TypeId, name: &Ident, docs: TokenStream, parts: &mut Parts) -> TokenStream {
        let mut declarations = Vec::new();
        let mut rows = Vec::new();
        let mut required_args = Vec::new();
        let mut required_inits = Vec::new();
        for (param, ident) in self.named.params(id) {
            let ParamField { field, place, style } = param;
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
            let mut row = if *required { Vec::new() } else { parts.row_docs(doc_lines.clone()) };
            row.push(format!("{rust}: {inner} = {} {setter} {kind}", string_literal(json)));
            rows.push(row);
            let field_docs = parts.doc_attrs(doc_lines);
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
        let table = parts.table(quote! { model::params }, &name.to_string(), rows, None);
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

    /// A union, built as a syntax tree (see `syntax.rs`), and its variant table.
    fn union_item(
        &self,
        id: TypeId,
        name: &Ident,
        doc_lines: Vec<String>,
        u: &Union,
        extra: &str,
        parts: &mut Parts,
    ) -> TokenStream {
        let Union { variants, tag, .. } = u;
        let mut members: Vec<syn::Variant> = self
            .named
            .variants(id)
            .map(|(variant, ident)| {
                let mut ty = self.rust_type(&variant.ty);
                if variant.boxed {
                    ty = crate::surface::RustType::generic("Box", ty);
                }
                syntax::variant(parts.doc_syntax(lines(&variant.docs)), &ident.rust, Some(ty.to_syn()))
            })
            .collect();
        if tag.is_some() {
            let docs = [
                " A variant not known when this client was generated: the whole",
                " object, its tag included, so it prints and round-trips.",
            ];
            let docs = docs.iter().map(|line| syntax::doc_attribute(line)).collect();
            members.push(syntax::variant(docs, extra, Some(json_value().to_syn())));
        }
        let added = self.added_derives(id, &[]);
        let mut attrs = parts.doc_syntax(doc_lines);
        attrs.push(syntax::list_attribute("derive", quote! { Debug, Clone #added }));
        if let Some(conditional) = self.conditional_derives(id) {
            attrs.push(syntax::list_attribute("cfg_attr", conditional));
        }
        // Variants hold structs inline; their sizes may differ a lot, and boxing every one costs more than it saves.
        if variants.iter().any(|v| matches!(v.ty, TypeRef::Named(_)) && !v.boxed) {
            attrs.push(syntax::list_attribute("allow", quote! { clippy::large_enum_variant }));
        }
        parts.built.push(syntax::public_enum(attrs, &name.to_string(), members));
        self.union_serde(id, name, u, extra, parts)
    }

    /// An open string enum, built as a syntax tree, and its value table.
    fn enum_item(
        &self,
        id: TypeId,
        name: &Ident,
        doc_lines: Vec<String>,
        extra: &str,
        parts: &mut Parts,
    ) -> TokenStream {
        let values = self.named.values(id);
        let mut members: Vec<syn::Variant> = values
            .iter()
            .map(|ident| {
                let json = format!(" `{}`", super::docs::code_span(&ident.json));
                syntax::variant(vec![syntax::doc_attribute(&json)], &ident.rust, None)
            })
            .collect();
        let docs = vec![syntax::doc_attribute(" A value not known when this client was generated.")];
        members.push(syntax::variant(docs, extra, Some(crate::surface::RustType::named("String").to_syn())));
        let added = self.added_derives(id, &[Derive::PartialEq, Derive::Eq, Derive::Hash]);
        let mut attrs = parts.doc_syntax(doc_lines);
        attrs.push(syntax::list_attribute("derive", quote! { Debug, Clone, PartialEq, Eq, Hash #added }));
        parts.built.push(syntax::public_enum(attrs, &name.to_string(), members));
        let rows = values.iter().map(|ident| vec![format!("{} = {}", ident.rust, string_literal(&ident.json))]);
        parts.table(quote! { model::string_enum }, &name.to_string(), rows, Some(extra))
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
