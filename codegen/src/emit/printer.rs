//! The one type printer: a model type reference → the [`RustType`] the code
//! spells. Tokens (`quote!`), syntax trees (`RustType::to_syn`) and text
//! (field tables, api.md, api.json) are all printed from its result.

use crate::model::{Field, OperationId, Scalar, TypeId, TypeRef};
use crate::name::{PathArg, Returns};
use crate::surface::RustType;

use super::Emitter;

impl Emitter<'_> {
    /// The Rust type for a model type reference, each named type by its name.
    pub(super) fn rust_type(&self, ty: &TypeRef) -> RustType {
        self.print(ty, None)
    }

    /// [`Self::rust_type`] inside operation `op`'s signature: its types go by
    /// the names the operation calls them ([`crate::name::OperationNames::own_types`]).
    pub(super) fn rust_type_in(&self, op: OperationId, ty: &TypeRef) -> RustType {
        self.print(ty, Some(op))
    }

    fn print(&self, ty: &TypeRef, op: Option<OperationId>) -> RustType {
        match ty {
            TypeRef::Named(id) => RustType::path(&self.types_prefix_segments, self.type_name(*id, op), Vec::new()),
            TypeRef::Scalar(Scalar::DateTime) => self.runtime_type("DateTime", Vec::new()),
            TypeRef::Scalar(Scalar::File) => self.runtime_type("File", Vec::new()),
            TypeRef::Scalar(Scalar::Date) => self.runtime_type("Date", Vec::new()),
            TypeRef::Scalar(scalar) => RustType::named(scalar_name(*scalar)),
            TypeRef::External(path) => {
                RustType::Path { segments: path.split("::").map(str::to_string).collect(), args: Vec::new() }
            }
            TypeRef::List(inner) => RustType::generic("Vec", self.print(inner, op)),
            TypeRef::Map(inner) => map_of(self.print(inner, op)),
            TypeRef::Nullable(inner) => RustType::generic("Option", self.print(inner, op)),
            TypeRef::Any => json_value(),
            TypeRef::Null => RustType::Unit,
        }
    }

    /// The name of a type: operation `op`'s own name for it, else its name.
    fn type_name(&self, id: TypeId, op: Option<OperationId>) -> &str {
        let own = op.and_then(|op| self.named.operation(op).own_types.get(&id));
        own.map_or(self.named.type_name(id), String::as_str)
    }

    /// `rt::name<args>`, an item of the runtime.
    pub(super) fn runtime_type(&self, name: &str, args: Vec<RustType>) -> RustType {
        RustType::path(&self.runtime_segments, name, args)
    }

    /// A struct field's Rust type. Required but nullable fields are `Option`s sent
    /// as `null`; optional and nullable ones are `Nullable`, as absent, `null` and a
    /// value differ.
    pub(super) fn field_type(&self, field: &Field) -> RustType {
        let mut inner = self.rust_type(&field.ty);
        if field.boxed {
            inner = RustType::generic("Box", inner);
        }
        match (field.required, field.nullable) {
            (true, false) => inner,
            (true, true) | (false, false) => RustType::generic("Option", inner),
            (false, true) => self.runtime_type("Nullable", vec![inner]),
        }
    }

    /// A path parameter's declared type: `&str`, `i64`, `&Kind`.
    pub(super) fn path_arg_type(&self, op: OperationId, passed: PathArg) -> RustType {
        match passed {
            PathArg::Text => RustType::named("str").reference(),
            PathArg::Owned(scalar) => self.rust_type_in(op, &TypeRef::Scalar(scalar)),
            PathArg::Borrowed(id) => self.rust_type_in(op, &TypeRef::Named(id)).reference(),
        }
    }

    /// What awaiting a call gives; inside operation `op`'s signature, by its own type names.
    pub(super) fn returns_type(&self, op: Option<OperationId>, returns: &Returns) -> RustType {
        match returns {
            Returns::Nothing | Returns::EnvelopeUnit => RustType::Unit,
            Returns::Text => RustType::named("String"),
            Returns::Bytes => self.runtime_type("Bytes", Vec::new()),
            Returns::Json(ty) | Returns::Envelope(ty) => self.print(ty, op),
            Returns::EnvelopeOptional(ty) => RustType::generic("Option", self.print(ty, op)),
            Returns::Page(item) => self.runtime_type("Page", vec![self.print(item, op)]),
            Returns::Alternatives(id) => self.print(&TypeRef::Named(*id), op),
            Returns::Events(item) => self.runtime_type("EventStream", vec![self.print(item, op)]),
        }
    }
}

/// `std::collections::BTreeMap<String, value>`.
pub(super) fn map_of(value: RustType) -> RustType {
    RustType::Path {
        segments: vec!["std".into(), "collections".into(), "BTreeMap".into()],
        args: vec![RustType::named("String"), value],
    }
}

/// `serde_json::Value`.
pub(super) fn json_value() -> RustType {
    RustType::Path { segments: vec!["serde_json".into(), "Value".into()], args: Vec::new() }
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
        Scalar::File => "File",
        Scalar::Date => "Date",
    }
}

/// A parameters struct field's declared type: optional parameters are `Option`s.
pub(super) fn param_field_type(inner: RustType, required: bool) -> RustType {
    if required { inner } else { RustType::generic("Option", inner) }
}
