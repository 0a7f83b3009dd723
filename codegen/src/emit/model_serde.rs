//! `Serialize` and `Deserialize` impls for model structs, written against the
//! runtime's `model` module instead of derived: a derive costs rustc several
//! times more per type, and a generated crate has thousands of types.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::Emitter;
use crate::model::{Field, StringEnum, Struct, TypeKind, TypeRef, Union};
use crate::name;

impl Emitter<'_> {
    /// The serde impls of a struct: which key each field reads and how each is written.
    pub(super) fn struct_serde(&self, name: &Ident, s: &Struct, members: &[name::Ident], extra: &Ident) -> TokenStream {
        let Struct { fields, additional } = s;
        // `types.rs` imports the runtime's `model` module (see `types_prelude`).
        let model = quote! { model };
        let json_name = name.to_string();
        let rest = Literal::usize_unsuffixed(fields.len());
        let mut slot_types: Vec<TokenStream> = fields.iter().map(|f| self.field_type(f)).map(|ty| quote! { Option<#ty> }).collect();
        let mut empty_slots: Vec<TokenStream> = fields.iter().map(|_| quote! { None }).collect();
        let mut reads = Vec::new();
        let mut finishes = Vec::new();
        let mut writes = Vec::new();
        for (index, (field, ident)) in fields.iter().zip(members).enumerate() {
            let slot = Literal::usize_unsuffixed(index);
            let rust = Self::ident(&ident.rust);
            let key = &field.name;
            reads.push(quote! { #key => #model::take(&mut slots.#slot, value), });
            let (finish, write) = match FieldKind::of(field) {
                FieldKind::Required => (quote! { #model::required(slots.#slot, #key)? }, quote! { field }),
                FieldKind::RequiredNullable => (quote! { slots.#slot.flatten() }, quote! { field }),
                FieldKind::Optional => (quote! { slots.#slot.flatten() }, quote! { optional }),
                FieldKind::OptionalNullable => (quote! { slots.#slot.unwrap_or_default() }, quote! { nullable }),
            };
            finishes.push(quote! { #rust: #finish, });
            writes.push(quote! { out.#write(#key, &self.#rust); });
        }
        // Keys no field has: kept in the declared map of additional properties, or
        // in the undeclared one with the `extra-fields` feature.
        let (rest_read, rest_finish, rest_write) = match additional {
            Some(ty) => {
                let ty = self.rust_type(ty);
                slot_types.push(quote! { std::collections::BTreeMap<String, #ty> });
                (quote! { take_extra }, quote! { #extra: slots.#rest, }, quote! { out.extra(&self.#extra); })
            }
            None => {
                slot_types.push(quote! { #model::Undeclared });
                let feature = quote! { #[cfg(feature = "extra-fields")] };
                (quote! { take_undeclared }, quote! { #feature #extra: slots.#rest, }, quote! { #feature out.extra(&self.#extra); })
            }
        };
        empty_slots.push(quote! { Default::default() });
        let rest_read = quote! { #model::#rest_read(&mut slots.#rest, key, value) };
        let read = if reads.is_empty() {
            rest_read
        } else {
            quote! {
                match key {
                    #( #reads )*
                    _ => #rest_read,
                }
            }
        };
        // Without declared fields, the slots and the writer are only used with `extra-fields`.
        let used = !fields.is_empty() || additional.is_some();
        let (slots, out) = if used { (quote! { slots }, quote! { out }) } else { (quote! { _slots }, quote! { _out }) };
        let rest_finish = if used { rest_finish } else { quote! { #[cfg(feature = "extra-fields")] #extra: _slots.#rest, } };
        let rest_write = if used { rest_write } else { quote! { #[cfg(feature = "extra-fields")] _out.extra(&self.#extra); } };
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    #model::serialize(self, serializer)
                }
            }

            impl #model::WriteFields for #name {
                fn write<'a>(&'a self, #out: &mut #model::FieldWriter<'a>) {
                    #( #writes )*
                    #rest_write
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #model::deserialize(deserializer)
                }
            }

            impl<'de> #model::ReadFields<'de> for #name {
                const NAME: &'static str = #json_name;
                type Slots = (#( #slot_types, )*);

                fn slots() -> Self::Slots {
                    (#( #empty_slots, )*)
                }

                fn read(slots: &mut Self::Slots, key: &str, value: #model::FieldValue<'_, 'de>) -> Result<bool, #model::FieldError> {
                    #read
                }

                fn finish(#slots: Self::Slots) -> Result<Self, #model::FieldError> {
                    Ok(Self {
                        #( #finishes )*
                        #rest_finish
                    })
                }
            }
        }
    }

    /// The serde impls of a union: by tag, or by shape when it has none.
    pub(super) fn union_serde(&self, name: &Ident, u: &Union, members: &[name::Ident], extra: &Ident) -> TokenStream {
        let arms = u.variants.iter().zip(members).map(|(variant, ident)| {
            let rust = Self::ident(&ident.rust);
            let payload = if variant.boxed { quote! { &**value } } else { quote! { value } };
            match &u.tag {
                Some(tag) => {
                    let tag_value = variant.tag_value.as_deref().unwrap_or(&ident.rust);
                    quote! { Self::#rust(value) => model::serialize_tagged(serializer, #tag, #tag_value, #payload), }
                }
                None => quote! { Self::#rust(value) => serde::Serialize::serialize(#payload, serializer), },
            }
        });
        let unknown = u.tag.is_some().then(|| {
            let message = format!("the variant {name}::{extra} cannot be serialized");
            quote! { Self::#extra => Err(serde::ser::Error::custom(#message)), }
        });
        let deserialize = match &u.tag {
            Some(tag) => self.tagged_deserialize(name, tag, u, members, extra),
            None => self.untagged_deserialize(name, u, members),
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

    /// Tagged: the tag names the variant; a tag not in the spec is the unknown variant.
    fn tagged_deserialize(&self, name: &Ident, tag: &str, u: &Union, members: &[name::Ident], extra: &Ident) -> TokenStream {
        let runtime = &self.runtime;
        let arms = u.variants.iter().zip(members).map(|(variant, ident)| {
            let rust = Self::ident(&ident.rust);
            let tag_value = variant.tag_value.as_deref().unwrap_or(&ident.rust);
            let wrap = if variant.boxed { quote! { |v| Self::#rust(Box::new(v)) } } else { quote! { Self::#rust } };
            quote! { #tag_value => #runtime::unions::variant(value).map(#wrap), }
        });
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let (tag, value) = #runtime::unions::tagged(deserializer, #tag)?;
                    match tag.as_str() {
                        #( #arms )*
                        _ => Ok(Self::#extra),
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
        Some(quote! { Some(#runtime::unions::Shape { fields: &[#( #fields ),*], required: &[#( #required ),*], constants: &[#( #constants ),*] }) })
    }

    /// Untagged: the variants that fit the object's shape are tried first (see runtime `unions`).
    fn untagged_deserialize(&self, name: &Ident, u: &Union, members: &[name::Ident]) -> TokenStream {
        let runtime = &self.runtime;
        let shapes = u.variants.iter().map(|v| self.struct_shape(&v.ty).unwrap_or_else(|| quote! { None }));
        let arms = u.variants.iter().zip(members).enumerate().map(|(i, (variant, ident))| {
            let rust = Self::ident(&ident.rust);
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            let wrap = if variant.boxed { quote! { |v| Self::#rust(Box::new(v)) } } else { quote! { Self::#rust } };
            quote! { #i => serde_json::from_value(value.clone()).map(#wrap).ok(), }
        });
        let message = format!("data did not match any variant of untagged enum {name}");
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    let shapes = [#( #shapes ),*];
                    #runtime::unions::candidates(&value, &shapes)
                        .into_iter()
                        .find_map(|i| match i {
                            #( #arms )*
                            _ => None,
                        })
                        .ok_or_else(|| serde::de::Error::custom(#message))
                }
            }
        }
    }
}

/// How a field is decoded when missing and whether it is written when empty.
enum FieldKind {
    Required,
    /// `Option<T>`, written as `null`; a missing field is `None`.
    RequiredNullable,
    /// `Option<T>`, left out when `None`.
    Optional,
    /// `Nullable<T>`, left out when absent.
    OptionalNullable,
}

impl FieldKind {
    fn of(field: &Field) -> FieldKind {
        match (field.required, field.nullable) {
            (true, false) => FieldKind::Required,
            (true, true) => FieldKind::RequiredNullable,
            (false, false) => FieldKind::Optional,
            (false, true) => FieldKind::OptionalNullable,
        }
    }
}
