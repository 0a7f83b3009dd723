//! Model types → Rust items: structs, open string enums, unions and aliases.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, lines};
use super::Emitter;
use crate::model::{Field, ParamIn, Params, QueryStyle, Scalar, StringEnum, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union};
use crate::name;

impl Emitter<'_> {
    pub(super) fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    /// The Rust type for a model type reference.
    pub(super) fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let name = Self::ident(&self.named.types[id.0 as usize]);
                let prefix = &self.types_prefix;
                quote! { #prefix #name }
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

    pub(super) fn type_item(&self, id: TypeId) -> TokenStream {
        let TypeDef { hints: _, docs, location: _, kind } = self.named.model.get(id);
        let name = Self::ident(&self.named.types[id.0 as usize]);
        let docs = doc_attrs(&lines(docs));
        let members = &self.named.members[id.0 as usize];
        let extra = &self.named.extra_member[id.0 as usize];
        match kind {
            TypeKind::Struct(s) => self.struct_item(&name, docs, s, members, extra),
            TypeKind::Enum(e) => enum_item(&name, docs, e, members, extra),
            TypeKind::Union(u) => self.union_item(&name, docs, u, members, extra),
            TypeKind::Params(p) => self.params_item(&name, docs, p, members),
            TypeKind::Responses(cases) => self.responses_item(&name, docs, cases, members),
            TypeKind::Alias(target) => {
                let target = self.rust_type(target);
                quote! { #docs pub type #name = #target; }
            }
        }
    }

    fn struct_item(&self, name: &Ident, docs: TokenStream, s: &Struct, members: &[name::Ident], extra: &str) -> TokenStream {
        let Struct { fields, additional } = s;
        let extra = Self::ident(extra);
        let all_optional = fields.iter().all(|f| !f.required) && additional.is_none();
        let fields = fields.iter().zip(members).map(|(field, ident)| self.field(field, ident));
        // Declared extra properties are always kept; undeclared ones only with the
        // `extra-fields` feature, so data from a newer server survives a round trip.
        let additional = match additional {
            Some(ty) => {
                let ty = self.rust_type(ty);
                quote! {
                    /// Properties not listed above.
                    #[serde(flatten)]
                    pub #extra: std::collections::BTreeMap<String, #ty>,
                }
            }
            None => quote! {
                /// Properties the spec does not declare, kept with the `extra-fields` feature.
                #[cfg(feature = "extra-fields")]
                #[serde(flatten)]
                pub #extra: std::collections::BTreeMap<String, serde_json::Value>,
            },
        };
        let default = all_optional.then(|| quote! { Default, });
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
            pub struct #name {
                #( #fields )*
                #additional
            }
        }
    }

    fn field(&self, field: &Field, ident: &name::Ident) -> TokenStream {
        let Field { name: _, ty, required, nullable, boxed, docs } = field;
        let docs = doc_attrs(&lines(docs));
        let mut inner = self.rust_type(ty);
        if *boxed {
            inner = quote! { Box<#inner> };
        }
        let rust = Self::ident(&ident.rust);
        let rename = ident.rename().map(|json| quote! { rename = #json, });
        let runtime = &self.runtime;
        let (ty, serde) = match (required, nullable) {
            (true, false) => (inner, None),
            // Required but nullable: `null` is sent and received as `None`.
            (true, true) => (quote! { Option<#inner> }, None),
            (false, false) => (quote! { Option<#inner> }, Some(quote! { default, skip_serializing_if = "Option::is_none" })),
            // Optional and nullable: absent, `null` and a value are three different things.
            (false, true) => {
                let skip = format!("{}::Nullable::is_absent", runtime_path_string(runtime));
                (quote! { #runtime::Nullable<#inner> }, Some(quote! { default, skip_serializing_if = #skip }))
            }
        };
        let attr = match (rename, serde) {
            (None, None) => None,
            (rename, serde) => Some(quote! { #[serde(#rename #serde)] }),
        };
        quote! {
            #docs
            #attr
            pub #rust: #ty,
        }
    }

    /// An operation's query/header/cookie parameters: public fields, builder-style
    /// setters for the optional ones, `new` taking the required ones, and `apply`.
    fn params_item(&self, name: &Ident, docs: TokenStream, p: &Params, members: &[name::Ident]) -> TokenStream {
        let Params { fields, places, styles } = p;
        let runtime = &self.runtime;
        let mut declarations = Vec::new();
        let mut setters = Vec::new();
        let mut required_args = Vec::new();
        let mut required_inits = Vec::new();
        let mut applies = Vec::new();
        for (((field, ident), place), style) in fields.iter().zip(members).zip(places).zip(styles) {
            let Field { name: json, ty, required, nullable: _, boxed: _, docs } = field;
            let rust = Self::ident(&ident.rust);
            let inner = self.rust_type(ty);
            let field_docs = doc_attrs(&lines(docs));
            let setter = Self::ident(super::resources::param_setter(*place));
            let apply = match (place, style) {
                (ParamIn::Query, QueryStyle::Form) | (ParamIn::Header | ParamIn::Cookie | ParamIn::Path, _) => quote! { .#setter(#json, &self.#rust) },
                (ParamIn::Query, style) => {
                    let style = Self::ident(&format!("{style:?}"));
                    quote! { .query_styled(#json, &self.#rust, #runtime::QueryStyle::#style) }
                }
            };
            applies.push(apply);
            if *required {
                declarations.push(quote! { #field_docs pub #rust: #inner, });
                required_args.push(quote! { #rust: #inner });
                required_inits.push(quote! { #rust, });
            } else {
                declarations.push(quote! { #field_docs pub #rust: Option<#inner>, });
                setters.push(quote! {
                    #field_docs
                    pub fn #rust(mut self, value: impl Into<#inner>) -> Self {
                        self.#rust = Some(value.into());
                        self
                    }
                });
                required_inits.push(quote! { #rust: None, });
            }
        }
        let all_optional = required_args.is_empty();
        let default = all_optional.then(|| quote! { Default, });
        let constructor = (!all_optional).then(|| {
            quote! {
                /// The parameters, with the required ones set.
                pub fn new(#( #required_args ),*) -> Self {
                    Self { #( #required_inits )* }
                }
            }
        });
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #name {
                #( #declarations )*
            }

            impl #name {
                #constructor
                #( #setters )*

                /// Adds these parameters to a request.
                pub fn apply(&self, request: #runtime::Request) -> #runtime::Request {
                    request #( #applies )*
                }
            }
        }
    }

    fn union_item(&self, name: &Ident, docs: TokenStream, u: &Union, members: &[name::Ident], extra: &str) -> TokenStream {
        let Union { variants, tag } = u;
        let extra = Self::ident(extra);
        let items = variants.iter().zip(members).map(|(variant, ident)| {
            let mut ty = self.rust_type(&variant.ty);
            if variant.boxed {
                ty = quote! { Box<#ty> };
            }
            let rust = Self::ident(&ident.rust);
            let docs = doc_attrs(&lines(&variant.docs));
            let rename = variant.tag_value.as_ref().filter(|v| **v != ident.rust).map(|v| quote! { #[serde(rename = #v)] });
            quote! { #docs #rename #rust(#ty), }
        });
        let (representation, unknown) = match tag {
            Some(tag) => (
                quote! { #[serde(tag = #tag)] },
                Some(quote! {
                    /// A variant not known when this client was generated.
                    #[serde(other, skip_serializing)]
                    #extra,
                }),
            ),
            None => (quote! { #[serde(untagged)] }, None),
        };
        // Variants hold structs inline; their sizes may differ a lot, and boxing every one costs more than it saves.
        let holds_structs = variants.iter().any(|v| matches!(v.ty, TypeRef::Named(_)) && !v.boxed);
        let allow = holds_structs.then(|| quote! { #[allow(clippy::large_enum_variant)] });
        // Untagged unions of structs pick their variant by shape (see runtime `untagged`).
        let by_shape = tag.is_none() && variants.iter().any(|v| self.struct_shape(&v.ty).is_some());
        let derive_deserialize = (!by_shape).then(|| quote! { Deserialize, });
        let deserialize = by_shape.then(|| self.shape_deserialize(name, u, members));
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Serialize, #derive_deserialize)]
            #representation
            #allow
            pub enum #name {
                #( #items )*
                #unknown
            }

            #deserialize
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
        Some(quote! { Some(#runtime::untagged::Shape { fields: &[#( #fields ),*], required: &[#( #required ),*], constants: &[#( #constants ),*] }) })
    }

    fn shape_deserialize(&self, name: &Ident, u: &Union, members: &[name::Ident]) -> TokenStream {
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
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let shapes = [#( #shapes ),*];
                    #runtime::untagged::candidates(&value, &shapes)
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

fn enum_item(name: &Ident, docs: TokenStream, e: &StringEnum, members: &[name::Ident], extra: &str) -> TokenStream {
    let StringEnum { values } = e;
    let extra = Emitter::ident(extra);
    let variants = members.iter().map(|ident| {
        let rust = Emitter::ident(&ident.rust);
        let json = &ident.json;
        quote! { #[serde(rename = #json)] #rust, }
    });
    let arms = members.iter().map(|ident| {
        let rust = Emitter::ident(&ident.rust);
        let json = &ident.json;
        quote! { Self::#rust => #json, }
    });
    debug_assert_eq!(values.len(), members.len());
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum #name {
            #( #variants )*
            /// A value not known when this client was generated.
            #[serde(untagged)]
            #extra(String),
        }

        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #arms )*
                    Self::#extra(value) => value,
                }
            }
        }
    }
}

fn scalar_type(scalar: Scalar) -> TokenStream {
    let name = match scalar {
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
    };
    let ident = format_ident!("{}", name);
    quote! { #ident }
}

fn runtime_path_string(runtime: &TokenStream) -> String {
    runtime.to_string().replace(' ', "")
}
