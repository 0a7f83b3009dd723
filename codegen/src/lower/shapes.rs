//! What a merged schema view becomes: struct, open string enum, union, list,
//! map, scalar, `null` or any JSON value.

use std::collections::BTreeSet;

use serde_json::Value;

use super::direction::Direction;
use super::flatten::Flat;
use super::{Ctx, Lowered, Lowerer, docs_of};
use crate::model::{Docs, Field, Scalar, StringEnum, Struct, TypeId, TypeKind, TypeRef, Union, Variant};
use crate::resolve::{Additional, JsonType, SchemaId};

enum Shape {
    Null,
    StringEnum(Vec<String>),
    Union,
    Struct,
    Map,
    List,
    Scalar(Scalar),
    /// Several JSON types without structure (`type: [string, integer]`).
    Multi(Vec<JsonType>),
    Any,
}

fn classify(flat: &Flat) -> Shape {
    if let Some(values) = &flat.enum_values {
        let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if non_null.is_empty() && !values.is_empty() {
            return Shape::Null;
        }
        if !non_null.is_empty() && non_null.iter().all(|v| v.is_string()) {
            let mut seen = BTreeSet::new();
            let strings =
                non_null.iter().filter_map(|v| v.as_str()).filter(|s| seen.insert(*s)).map(str::to_string).collect();
            return Shape::StringEnum(strings);
        }
    }
    if !flat.unions.is_empty() {
        return Shape::Union;
    }
    let mut types = flat.effective_types();
    if types.len() > 1 {
        types.remove(&JsonType::Null);
    }
    let types: Vec<JsonType> = types.into_iter().collect();
    match types.as_slice() {
        [] => Shape::Any,
        [JsonType::Null] => Shape::Null,
        [JsonType::Object] if !flat.properties.is_empty() => Shape::Struct,
        [JsonType::Object] => Shape::Map,
        [JsonType::Array] => Shape::List,
        [JsonType::String] => Shape::Scalar(Scalar::String),
        [JsonType::Boolean] => Shape::Scalar(Scalar::Bool),
        [JsonType::Integer] => Shape::Scalar(integer(flat.format.as_deref())),
        [JsonType::Number] => Shape::Scalar(number(flat.format.as_deref())),
        _ if !flat.properties.is_empty() && types.contains(&JsonType::Object) => Shape::Struct,
        _ => Shape::Multi(types),
    }
}

/// Whether this view becomes a Rust type definition of its own (and so can close a cycle).
pub(super) fn needs_type_def(flat: &Flat) -> bool {
    matches!(classify(flat), Shape::StringEnum(_) | Shape::Union | Shape::Struct | Shape::Multi(_))
}

fn integer(format: Option<&str>) -> Scalar {
    match format {
        Some("int8") => Scalar::I8,
        Some("int16") => Scalar::I16,
        Some("int32") => Scalar::I32,
        Some("uint8") => Scalar::U8,
        Some("uint16") => Scalar::U16,
        Some("uint32") => Scalar::U32,
        Some("uint64" | "uint") => Scalar::U64,
        _ => Scalar::I64,
    }
}

/// Always `f64`: a `float` value in JSON (`1987.06`) does not survive a round trip through `f32`.
fn number(_format: Option<&str>) -> Scalar {
    Scalar::F64
}

pub(super) fn lower_shape(lowerer: &mut Lowerer<'_>, flat: &Flat, ctx: &Ctx, reserved: Option<TypeId>) -> Lowered {
    let ty = match classify(flat) {
        Shape::Null => return Lowered { ty: TypeRef::Null, nullable: true },
        // In an upload, a binary string is a file's bytes (`format: binary` says so without a `type` too).
        Shape::Any | Shape::Scalar(Scalar::String)
            if ctx.direction == Direction::Upload && flat.format.as_deref() == Some("binary") =>
        {
            TypeRef::Scalar(Scalar::File)
        }
        Shape::Any => TypeRef::Any,
        Shape::Scalar(scalar) => lowerer.scalar_type(scalar, flat.format.as_deref()),
        Shape::StringEnum(values) => {
            let nullable = flat.enum_values.as_ref().is_some_and(|v| v.contains(&Value::Null));
            let id = lowerer.define(TypeKind::Enum(StringEnum { values }), flat, ctx, reserved);
            return Lowered { ty: TypeRef::Named(id), nullable };
        }
        Shape::List => {
            let items = lowerer.lower_ids(&flat.items, &ctx.child("item")).wrapped();
            TypeRef::List(Box::new(items))
        }
        Shape::Map => match flat.additional {
            Additional::Schema(id) => TypeRef::Map(Box::new(lowerer.lower_ids(&[id], &ctx.child("value")).wrapped())),
            _ => TypeRef::Map(Box::new(TypeRef::Any)),
        },
        Shape::Struct => TypeRef::Named(lower_struct(lowerer, flat, ctx, reserved)),
        Shape::Union => return lower_union(lowerer, flat, ctx, reserved),
        Shape::Multi(types) => {
            let variants = types
                .iter()
                .map(|t| {
                    let ty = match t {
                        JsonType::String => TypeRef::Scalar(Scalar::String),
                        JsonType::Integer => TypeRef::Scalar(integer(flat.format.as_deref())),
                        JsonType::Number => TypeRef::Scalar(number(flat.format.as_deref())),
                        JsonType::Boolean => TypeRef::Scalar(Scalar::Bool),
                        JsonType::Array => {
                            TypeRef::List(Box::new(lowerer.lower_ids(&flat.items, &ctx.child("item")).wrapped()))
                        }
                        JsonType::Object | JsonType::Null => TypeRef::Map(Box::new(TypeRef::Any)),
                    };
                    variant(type_word(*t), ty, None)
                })
                .collect();
            let id = lowerer.define(
                TypeKind::Union(Union { variants, tag: None, required: flat.required.iter().cloned().collect() }),
                flat,
                ctx,
                reserved,
            );
            TypeRef::Named(id)
        }
    };
    Lowered::plain(ty)
}

fn variant(hint: &str, ty: TypeRef, tag_value: Option<String>) -> Variant {
    Variant { hint: hint.to_string(), ty, tag_value, boxed: false, docs: Docs::default() }
}

fn type_word(t: JsonType) -> &'static str {
    match t {
        JsonType::String => "string",
        JsonType::Integer => "integer",
        JsonType::Number => "number",
        JsonType::Boolean => "boolean",
        JsonType::Object => "object",
        JsonType::Array => "array",
        JsonType::Null => "null",
    }
}

fn lower_struct(lowerer: &mut Lowerer<'_>, flat: &Flat, ctx: &Ctx, reserved: Option<TypeId>) -> TypeId {
    let mut fields = Vec::with_capacity(flat.properties.len());
    let numbered = match ctx.direction {
        Direction::Upload => super::direction::numbered_files(lowerer.spec, flat, lowerer.diags),
        _ => Vec::new(),
    };
    for (name, ids) in &flat.properties {
        if ctx.omit.as_deref() == Some(name.as_str()) {
            continue;
        }
        // `files[0]`, `files[1]`…: one list of files, where the first of them was.
        let member = |(base, count): &&(String, usize)| (0..*count).any(|i| *name == format!("{base}[{i}]"));
        if let Some((base, count)) = numbered.iter().find(member) {
            if *name == format!("{base}[0]") {
                let description = format!("Sent as a part each, `{base}[0]` to `{base}[{}]`.", count - 1);
                fields.push(Field {
                    name: base.clone(),
                    ty: TypeRef::List(Box::new(TypeRef::Scalar(Scalar::File))),
                    required: flat.required.contains(name),
                    nullable: false,
                    boxed: false,
                    docs: Docs { description: Some(description), ..Docs::default() },
                });
            }
            continue;
        }
        let property = Flat::of(lowerer.spec, ids, lowerer.diags);
        let skip = match ctx.direction {
            Direction::Request | Direction::Upload => property.read_only,
            Direction::Response => property.write_only,
            Direction::Both => false,
        };
        if skip {
            continue;
        }
        let lowered = lowerer.lower_ids(ids, &ctx.child(name));
        let mut docs = docs_of(&property);
        docs.examples = example_values(lowerer, ids);
        if !property.items.is_empty() {
            let mut items = Flat::of(lowerer.spec, &property.items, lowerer.diags);
            // Items that are one of several scalars (an IPv4 or an IPv6 address): the first one's limits.
            if let (None, true, Some(&first)) =
                (&items.format, items.limits.is_empty(), items.unions.first().and_then(|group| group.variants.first()))
            {
                items = Flat::of(lowerer.spec, &[first], lowerer.diags);
            }
            let items = docs_of(&items);
            if items.format.is_some() || !items.limits.is_empty() {
                docs.items = Some(Box::new(Docs { format: items.format, limits: items.limits, ..Docs::default() }));
            }
        }
        fields.push(Field {
            name: name.clone(),
            ty: lowered.ty,
            required: flat.required.contains(name),
            nullable: lowered.nullable,
            boxed: false,
            docs,
        });
    }
    for name in &flat.required {
        if !flat.properties.contains_key(name) {
            lowerer
                .diags
                .warn(&flat.location, format!("required property `{name}` is not defined in `properties`; ignored"));
        }
    }
    let additional = match flat.additional {
        Additional::Schema(id) => Some(lowerer.lower_ids(&[id], &ctx.child("value")).wrapped()),
        _ => None,
    };
    lowerer.define(
        TypeKind::Struct(Struct { fields, additional, required_one_of: flat.required_one_of.clone() }),
        flat,
        ctx,
        reserved,
    )
}

fn example_values(lowerer: &Lowerer<'_>, ids: &[SchemaId]) -> Vec<Value> {
    ids.iter().flat_map(|id| lowerer.spec.schema(*id).examples.iter().map(|(_, v)| v.clone())).take(1).collect()
}

fn lower_union(lowerer: &mut Lowerer<'_>, flat: &Flat, ctx: &Ctx, reserved: Option<TypeId>) -> Lowered {
    if flat.unions.len() > 1 {
        lowerer.diags.warn(
            &flat.unions[1].location,
            "several `oneOf`/`anyOf` on one schema; only the first is used for the Rust type",
        );
    }
    let group = flat.unions[0].clone();
    let shares_properties = !flat.properties.is_empty();
    let views: Vec<(SchemaId, Flat)> = group
        .variants
        .iter()
        .map(|&v| {
            let view = if shares_properties {
                flat.with_variant(lowerer.spec, 0, v, lowerer.diags)
            } else {
                Flat::of(lowerer.spec, &[v], lowerer.diags)
            };
            (v, view)
        })
        .collect();
    // Only struct payloads can be internally tagged (the tag is left out of each struct).
    let all_structs = views.iter().all(|(_, view)| matches!(classify(view), Shape::Struct));
    let tags = if all_structs { union_tags(lowerer, &group, &views) } else { None };
    let mut variants: Vec<Variant> = Vec::new();
    let mut nullable = false;
    for (i, (id, view)) in views.iter().enumerate() {
        let tag = tags.as_ref().map(|(_, values)| values[i].clone());
        let schema = lowerer.spec.schema(*id);
        let hint = match (&tag, view.named(false).and_then(|n| lowerer.spec.schema(n).name.clone())) {
            (Some(tag), _) => tag.clone(),
            (None, Some(name)) => name,
            (None, None) => schema.title.clone().unwrap_or_else(|| variant_word(view, i)),
        };
        let mut vctx = ctx.child(&hint);
        vctx.omit = tags.as_ref().map(|(property, _)| property.clone());
        let lowered =
            if shares_properties { lowerer.lower_flat(view, &vctx, None) } else { lowerer.lower_ids(&[*id], &vctx) };
        nullable |= lowered.nullable;
        if variants.iter().any(|v| v.ty == lowered.ty) {
            continue;
        }
        let mut v = variant(&hint, lowered.ty, tag);
        v.docs = docs_of(view);
        variants.push(v);
    }
    // An internally tagged enum needs struct payloads; otherwise fall back to untagged.
    let tagged = tags.is_some()
        && variants
            .iter()
            .all(|v| matches!(&v.ty, TypeRef::Named(id) if matches!(lowerer.model.get(*id).kind, TypeKind::Struct(_))));
    if !tagged {
        for v in &mut variants {
            v.tag_value = None;
        }
    }
    // Untagged: serde tries variants in order, so a catch-all must come last.
    variants.sort_by_key(|v| matches!(v.ty, TypeRef::Any | TypeRef::Map(_)));
    if variants.len() == 1 && !tagged {
        return Lowered { ty: variants.remove(0).ty, nullable };
    }
    let tag = if tagged { tags.map(|(property, _)| property) } else { None };
    let id = lowerer.define(
        TypeKind::Union(Union { variants, tag, required: flat.required.iter().cloned().collect() }),
        flat,
        ctx,
        reserved,
    );
    Lowered { ty: TypeRef::Named(id), nullable }
}

fn variant_word(view: &Flat, index: usize) -> String {
    let types = view.effective_types();
    match types.iter().next() {
        Some(t) if types.len() == 1 => type_word(*t).to_string(),
        _ => format!("variant{}", index + 1),
    }
}

/// The tag property and each variant's tag value, when the union is
/// discriminated: by `discriminator`, or by a property every variant fixes to
/// a distinct string constant.
fn union_tags(
    lowerer: &mut Lowerer<'_>,
    group: &super::flatten::UnionGroup,
    views: &[(SchemaId, Flat)],
) -> Option<(String, Vec<String>)> {
    if let Some(discriminator) = &group.discriminator {
        // A tag is a string; a boolean or number property (`enabled: true`, with a mapping keyed
        // `True`) would be sent as the string "True". The variants' shapes tell them apart instead.
        let property = &discriminator.property;
        let not_a_string = views.iter().any(|(_, view)| {
            view.properties.get(property).is_some_and(|ids| {
                let types = Flat::of(lowerer.spec, ids, lowerer.diags).effective_types();
                !types.is_empty() && !types.contains(&JsonType::String)
            })
        });
        if not_a_string {
            lowerer.diags.warn(
                &group.location,
                format!(
                    "discriminator `{property}` is not a string property; the variants are told apart by their shapes"
                ),
            );
            return None;
        }
        let mut values = Vec::new();
        for (id, view) in views {
            let target = view.named(false).unwrap_or(*id);
            let by_mapping =
                discriminator.mapping.iter().find(|(_, t)| **t == target || **t == *id).map(|(tag, _)| tag.clone());
            let value = by_mapping
                .or_else(|| constant_of(lowerer, view, &discriminator.property))
                .or_else(|| lowerer.spec.schema(target).name.clone())?;
            values.push(value);
        }
        return Some((discriminator.property.clone(), values));
    }
    let first = &views.first()?.1;
    'candidates: for property in first.properties.keys() {
        let mut values = Vec::new();
        for (_, view) in views {
            match constant_of(lowerer, view, property) {
                Some(value) if !values.contains(&value) => values.push(value),
                _ => continue 'candidates,
            }
        }
        return Some((property.clone(), values));
    }
    None
}

fn constant_of(lowerer: &mut Lowerer<'_>, view: &Flat, property: &str) -> Option<String> {
    let ids = view.properties.get(property)?;
    let flat = Flat::of(lowerer.spec, ids, lowerer.diags);
    match flat.enum_values.as_deref() {
        Some([Value::String(value)]) => Some(value.clone()),
        _ => None,
    }
}
