//! `Serialize` and `Deserialize` for model types, written against the runtime's
//! `model` module instead of derived: a derive costs rustc several times more
//! per type, and a generated crate has thousands of types. Structs are a field
//! table for `model::fields!` (string enums one for `model::string_enum!`, in
//! `types.rs`), a union one for `model::union!`, which picks the variant by tag
//! or by shape.

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

    /// The serde impls of a union: its variant table for the runtime's `union!`,
    /// by tag, or by shape when it has none. Variants that share a tag value
    /// (an input and an output message, both `"type": "message"`) carry their
    /// shape too, to be told apart as untagged ones are.
    pub(super) fn union_serde(
        &self,
        id: TypeId,
        name: &Ident,
        u: &Union,
        extra: &str,
        parts: &mut Parts,
    ) -> TokenStream {
        let variants: Vec<(&Variant, &name::Ident)> = self.named.variants(id).collect();
        let rows = variants.iter().map(|(variant, ident)| {
            let (mut first, shaped) = match &u.tag {
                Some(_) => {
                    let value = tag_value(variant, ident);
                    let shared = variants.iter().filter(|(v, i)| tag_value(v, i) == value).count() > 1;
                    (format!("{} = {}", ident.rust, string_literal(value)), shared)
                }
                None => (ident.rust.clone(), true),
            };
            match self.struct_shape(&variant.ty).filter(|_| shaped) {
                Some(shape) => {
                    first.push_str(" shape {");
                    let mut lines = vec![first];
                    lines.extend(shape.into_iter().map(|line| format!("    {line},")));
                    lines.push("}".to_string());
                    lines
                }
                None => vec![first],
            }
        });
        let (head, tail) = match &u.tag {
            Some(tag) => (format!("{name} tagged {}", string_literal(tag)), Some(extra)),
            None => (format!("{name} untagged"), None),
        };
        parts.table(quote! { model::union }, &head, rows, tail)
    }

    /// The lines of a struct type's shape: its JSON keys, its required keys and
    /// those that can hold only one string value.
    fn struct_shape(&self, ty: &TypeRef) -> Option<[String; 3]> {
        let TypeRef::Named(id) = ty else { return None };
        let TypeKind::Struct(s) = &self.named.model.get(*id).kind else { return None };
        let list = |items: Vec<String>| items.join(", ");
        let fields = s.fields.iter().map(|f| string_literal(&f.name)).collect();
        let required = s.fields.iter().filter(|f| f.required).map(|f| string_literal(&f.name)).collect();
        let constants = s
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                TypeRef::Named(e) => match &self.named.model.get(*e).kind {
                    TypeKind::Enum(StringEnum { values }) if values.len() == 1 => {
                        Some(format!("({}, {})", string_literal(&f.name), string_literal(&values[0])))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        Some([
            format!("fields: [{}]", list(fields)),
            format!("required: [{}]", list(required)),
            format!("constants: [{}]", list(constants)),
        ])
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
