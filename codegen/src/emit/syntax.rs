//! Syntax trees built directly, for the model structs that are most of
//! `types.rs`: quoting them into tokens only for syn to parse the tokens back
//! cost more than building the tree. prettyplease prints the tree as it prints
//! everything else. [`Emitter::rust_type`] is the token twin of [`Emitter::syn_type`].

use proc_macro2::{Ident, Span, TokenStream};
use syn::punctuated::Punctuated;

use super::Emitter;
use crate::model::{Field, Scalar, TypeRef};

impl Emitter<'_> {
    /// The Rust type for a model type reference, as [`Emitter::rust_type`] writes it.
    pub(super) fn syn_type(&self, ty: &TypeRef) -> syn::Type {
        match ty {
            TypeRef::Named(id) => {
                let mut segments: Vec<&str> = self.types_prefix_segments.iter().map(String::as_str).collect();
                segments.push(self.named.type_name(*id));
                path_type(&segments, Vec::new())
            }
            TypeRef::Scalar(scalar @ (Scalar::DateTime | Scalar::Date)) => {
                let mut segments: Vec<&str> = self.runtime_segments.iter().map(String::as_str).collect();
                segments.push(if *scalar == Scalar::Date { "Date" } else { "DateTime" });
                path_type(&segments, Vec::new())
            }
            TypeRef::Scalar(scalar) => path_type(&[super::types::scalar_name(*scalar)], Vec::new()),
            TypeRef::External(rust) => path_type(&rust.split("::").collect::<Vec<_>>(), Vec::new()),
            TypeRef::List(inner) => path_type(&["Vec"], vec![self.syn_type(inner)]),
            TypeRef::Map(inner) => path_type(
                &["std", "collections", "BTreeMap"],
                vec![path_type(&["String"], Vec::new()), self.syn_type(inner)],
            ),
            TypeRef::Nullable(inner) => path_type(&["Option"], vec![self.syn_type(inner)]),
            TypeRef::Any => path_type(&["serde_json", "Value"], Vec::new()),
            TypeRef::Null => syn::Type::Tuple(syn::TypeTuple {
                attrs: Vec::new(),
                paren_token: Default::default(),
                elems: Punctuated::new(),
            }),
        }
    }

    /// A struct field's type, as [`Emitter::field_type`] writes it.
    pub(super) fn syn_field_type(&self, field: &Field) -> syn::Type {
        let mut inner = self.syn_type(&field.ty);
        if field.boxed {
            inner = path_type(&["Box"], vec![inner]);
        }
        match (field.required, field.nullable) {
            (true, false) => inner,
            (true, true) | (false, false) => path_type(&["Option"], vec![inner]),
            (false, true) => {
                let mut segments: Vec<&str> = self.runtime_segments.iter().map(String::as_str).collect();
                segments.push("Nullable");
                path_type(&segments, vec![inner])
            }
        }
    }
}

/// `a::b::C<args>`.
pub(super) fn path_type(segments: &[&str], args: Vec<syn::Type>) -> syn::Type {
    let mut path = path(segments);
    if !args.is_empty() {
        if let Some(last) = path.segments.last_mut() {
            last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                colon2_token: None,
                lt_token: Default::default(),
                args: args.into_iter().map(syn::GenericArgument::Type).collect(),
                gt_token: Default::default(),
            });
        }
    }
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// `a::b`; an empty first segment is a leading `::`.
fn path(segments: &[&str]) -> syn::Path {
    let (leading_colon, segments) = match segments {
        ["", rest @ ..] => (Some(Default::default()), rest),
        all => (None, all),
    };
    syn::Path { leading_colon, segments: segments.iter().map(|s| syn::PathSegment::from(ident(s))).collect() }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[name(tokens)]`, as `#[derive(Clone)]` or `#[cfg(feature = "x")]`.
pub(super) fn list_attribute(name: &str, tokens: TokenStream) -> syn::Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: path(&[name]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = "text"]`.
pub(super) fn doc_attribute(text: &str) -> syn::Attribute {
    let value = syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
    });
    attribute(syn::Meta::NameValue(syn::MetaNameValue { path: path(&["doc"]), eq_token: Default::default(), value }))
}

fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `attrs pub name: ty`.
pub(super) fn public_field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        modifiers: syn::FieldModifiers::default(),
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `attrs pub type name = target;`.
pub(super) fn public_alias(attrs: Vec<syn::Attribute>, name: &str, target: &str) -> syn::Item {
    syn::Item::Type(syn::ItemType {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        modifiers: syn::TypeModifiers::default(),
        type_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        eq_token: Default::default(),
        ty: Box::new(path_type(&[target], Vec::new())),
        semi_token: Default::default(),
        where_clause_placement: syn::WhereClausePlacement::Late,
    })
}

/// `attrs pub struct name { fields }`.
pub(super) fn public_struct(attrs: Vec<syn::Attribute>, name: &str, fields: Vec<syn::Field>) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        struct_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })
}
