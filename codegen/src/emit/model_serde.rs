//! `Serialize` and `Deserialize` for model types, written against the runtime's
//! `model` module instead of derived: a derive costs rustc several times more
//! per type, and a generated crate has thousands of types. Structs are a field
//! table for `model::fields!` (string enums one for `model::string_enum!`, in
//! `types.rs`); unions pick their variant by tag or by shape.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Emitter;
use super::placeholders::{Parts, string_literal};
use crate::model::{Field, StringEnum, Struct, TypeId, TypeKind, TypeRef, Union, Variant};
use crate::name;

impl Emitter<'_> {
    /// The serde impls of a struct: its field table for the runtime's `fields!`.
    pub(super) fn struct_serde(
        &self,
        id: TypeId,
        name: &Ident,
        s: &Struct,
        extra: &Ident,
        parts: &mut Parts,
    ) -> TokenStream {
        let rows = self.named.fields(id).map(|(field, ident)| {
            let ty = self.field_type(field).to_string();
            vec![format!("{}: {ty} = {} {}", ident.rust, string_literal(&field.name), field_kind(field))]
        });
        // Keys no field has: kept in the declared map of additional properties, or
        // in the undeclared one with the `extra-fields` feature.
        let rest = match &s.additional {
            Some(ty) => format!("additional {extra}: {}", self.rust_type(ty)),
            None => format!("undeclared {extra}"),
        };
        parts.table(quote! { model::fields }, &name.to_string(), rows, Some(&rest))
    }

    /// The serde impls of a union: by tag, or by shape when it has none.
    pub(super) fn union_serde(&self, id: TypeId, name: &Ident, u: &Union, extra: &Ident) -> TokenStream {
        let arms = self.named.variants(id).map(|(variant, ident)| {
            let rust = Self::ident(&ident.rust);
            let payload = if variant.boxed {
                quote! { &**value }
            } else {
                quote! { value }
            };
            match &u.tag {
                Some(tag) => {
                    let tag_value = tag_value(variant, ident);
                    quote! { Self::#rust(value) => model::serialize_tagged(serializer, #tag, #tag_value, #payload), }
                }
                None => quote! { Self::#rust(value) => serde::Serialize::serialize(#payload, serializer), },
            }
        });
        let unknown =
            u.tag.is_some().then(|| quote! { Self::#extra(value) => serde::Serialize::serialize(value, serializer), });
        let deserialize = match &u.tag {
            Some(tag) => self.tagged_deserialize(id, name, tag, extra),
            None => self.untagged_deserialize(id, name),
        };
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #( #arms )*
                        #unknown
                    }
                }
            }

            #deserialize
        }
    }

    /// Tagged: the tag names the variant; a tag not in the spec is the unknown
    /// variant, which keeps the object. Variants that share a tag value (an
    /// input and an output message, both `"type": "message"`) are told apart
    /// by shape, as untagged unions are.
    fn tagged_deserialize(&self, id: TypeId, name: &Ident, tag: &str, extra: &Ident) -> TokenStream {
        let runtime = &self.runtime;
        // Tag value → its variants, in the order the tags first appear.
        let mut groups: Vec<(&str, Vec<(&Variant, &name::Ident)>)> = Vec::new();
        for (variant, ident) in self.named.variants(id) {
            let value = tag_value(variant, ident);
            match groups.iter_mut().find(|(v, _)| *v == value) {
                Some((_, members)) => members.push((variant, ident)),
                None => groups.push((value, vec![(variant, ident)])),
            }
        }
        let arms = groups.iter().map(|(tag_value, members)| match members.as_slice() {
            [(variant, ident)] => {
                let wrap = wrap(variant, ident);
                quote! { Some(#tag_value) => #runtime::unions::variant(value).map(#wrap), }
            }
            shared => {
                let message =
                    format!("the object tagged `{tag_value}` matches none of the variants of {name} with that tag");
                let choose = self.by_shape(shared, &message);
                quote! { Some(#tag_value) => { #choose } }
            }
        });
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let (tag, value) = #runtime::unions::tagged(deserializer, #tag)?;
                    match tag.as_deref() {
                        #( #arms )*
                        _ => Ok(Self::#extra(#runtime::unions::unknown(#tag, tag, value))),
                    }
                }
            }
        }
    }

    /// The fields, required fields and constant fields of a struct type.
    fn struct_shape(&self, ty: &TypeRef) -> Option<TokenStream> {
        let TypeRef::Named(id) = ty else { return None };
        let TypeKind::Struct(s) = &self.named.model.get(*id).kind else { return None };
        let runtime = &self.runtime;
        let fields = s.fields.iter().map(|f| f.name.as_str());
        let required = s.fields.iter().filter(|f| f.required).map(|f| f.name.as_str());
        let constants = s.fields.iter().filter_map(|f| match &f.ty {
            TypeRef::Named(e) => match &self.named.model.get(*e).kind {
                TypeKind::Enum(StringEnum { values }) if values.len() == 1 => {
                    let (name, value) = (&f.name, &values[0]);
                    Some(quote! { (#name, #value) })
                }
                _ => None,
            },
            _ => None,
        });
        Some(
            quote! { Some(#runtime::unions::Shape { fields: &[#( #fields ),*], required: &[#( #required ),*], constants: &[#( #constants ),*] }) },
        )
    }

    /// Untagged: the variants that fit the object's shape are tried first (see runtime `unions`).
    fn untagged_deserialize(&self, id: TypeId, name: &Ident) -> TokenStream {
        let variants: Vec<(&Variant, &name::Ident)> = self.named.variants(id).collect();
        let choose = self.by_shape(&variants, &format!("data did not match any variant of untagged enum {name}"));
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    #choose
                }
            }
        }
    }

    /// Statements that decode `value` (a `serde_json::Value`) as the first of
    /// `variants` that fits it, those whose shape fits tried first, else fail with `message`.
    fn by_shape(&self, variants: &[(&Variant, &name::Ident)], message: &str) -> TokenStream {
        let runtime = &self.runtime;
        let shapes = variants.iter().map(|(v, _)| self.struct_shape(&v.ty).unwrap_or_else(|| quote! { None }));
        let tries = variants.iter().enumerate().map(|(i, (variant, ident))| {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            let wrap = wrap(variant, ident);
            quote! { #i => #runtime::unions::attempt(value).map(#wrap), }
        });
        quote! {
            let shapes = [#( #shapes ),*];
            #runtime::unions::untagged(&value, &shapes, |i, value| match i {
                #( #tries )*
                _ => None,
            })
            .ok_or_else(|| serde::de::Error::custom(#message))
        }
    }
}

/// The constructor of a variant's payload: `Self::Cat`, or one that boxes it.
fn wrap(variant: &Variant, ident: &name::Ident) -> TokenStream {
    let rust = Emitter::ident(&ident.rust);
    if variant.boxed {
        quote! { |v| Self::#rust(Box::new(v)) }
    } else {
        quote! { Self::#rust }
    }
}

/// The kind `fields!` knows a field by: how it is decoded when missing and
/// whether it is written when empty.
/// - `required`;
/// - `required_nullable`: `Option<T>`, written as `null`; missing reads as `None`;
/// - `optional`: `Option<T>`, left out when `None`;
/// - `optional_nullable`: `Nullable<T>`, left out when absent.
fn field_kind(field: &Field) -> &'static str {
    match (field.required, field.nullable) {
        (true, false) => "required",
        (true, true) => "required_nullable",
        (false, false) => "optional",
        (false, true) => "optional_nullable",
    }
}

/// The tag value naming a tagged union's variant: the spec's, or the variant's name.
fn tag_value<'v>(variant: &'v Variant, ident: &'v name::Ident) -> &'v str {
    variant.tag_value.as_deref().unwrap_or(&ident.rust)
}
