//! Syntax trees built directly, for the model structs and enums that are most
//! of `types.rs`: quoting them into tokens only for syn to parse the tokens
//! back cost more than building the tree. prettyplease prints the tree as it prints
//! everything else. Types come from the one printer, `RustType::to_syn`.

use proc_macro2::{Ident, Span, TokenStream};

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
        ty: Box::new(crate::surface::RustType::named(target).to_syn()),
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

/// `attrs name` or `attrs name(payload)`, a variant of an enum.
pub(super) fn variant(attrs: Vec<syn::Attribute>, name: &str, payload: Option<syn::Type>) -> syn::Variant {
    let fields = match payload {
        Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(syn::Field {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                modifiers: syn::FieldModifiers::default(),
                ident: None,
                colon_token: None,
                ty,
                default: None,
            })
            .collect(),
        }),
        None => syn::Fields::Unit,
    };
    syn::Variant { attrs, ident: ident(name), fields, discriminant: None }
}

/// `attrs pub enum name { variants }`.
pub(super) fn public_enum(attrs: Vec<syn::Attribute>, name: &str, variants: Vec<syn::Variant>) -> syn::Item {
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        enum_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    })
}
