//! Stage 3, lower: [`Spec`] → [`Model`]. Decides what each schema becomes in
//! Rust: struct, open string enum, union, list, map, scalar or `serde_json::Value`;
//! unwraps response envelopes; splits request and response types where
//! `readOnly`/`writeOnly` make them differ; emits each distinct shape once.
//! Names are only suggested here (as [`NameHint`]s); `name` picks them.

mod answers;
mod client_headers;
mod cycles;
mod direction;
mod features;
mod flatten;
mod operations;
mod pagination;
mod paths;
mod resources;
mod select;
mod shapes;
mod streams;
mod webhooks;

use rustc_hash::FxHashMap as HashMap;

use indexmap::IndexMap;

use crate::config::{Config, FormatType, TypeTarget};
use crate::diagnostics::{Diagnostics, Error, Location};
use crate::model::{ApiInfo, Docs, Example, Model, NameHint, OperationId, Scalar, TypeDef, TypeId, TypeKind, TypeRef};
use crate::resolve::{SchemaId, Spec};
use direction::Direction;
use flatten::Flat;

pub fn lower(spec: &Spec, config: &Config, diags: &mut Diagnostics) -> Result<Model, Error> {
    let mut lowerer = Lowerer {
        spec,
        config,
        replaced: replaced_components(spec, config)?,
        sensitive: direction::Sensitivity::of(spec),
        diags,
        model: Model {
            api: ApiInfo {
                source: spec.source.to_string(),
                title: spec.title.clone(),
                version: spec.api_version.clone(),
                description: spec.description.clone(),
                server: spec.server.clone(),
                security_schemes: spec.security_schemes.clone(),
                default_security: if spec.security.is_empty() {
                    spec.security_schemes.iter().map(|scheme| vec![scheme.name.clone()]).collect()
                } else {
                    spec.security.clone()
                },
                client_headers: Vec::new(),
            },
            ..Model::default()
        },
        memo: HashMap::default(),
        interned: HashMap::default(),
        examples: IndexMap::default(),
        lifted: client_headers::Lifted::default(),
    };
    lowerer.lower_operations();
    lowerer.lower_webhooks();
    // Root components are part of the API even when no operation uses them,
    // except response envelopes: callers only ever see their `result`. With a
    // selection, only the components the config names are: the rest come in
    // as far as the selected operations reach them.
    for (name, &id) in &spec.components {
        if operations::is_envelope(spec, id, lowerer.diags) {
            continue;
        }
        if !config.select.is_empty() && !config.names_component(name)
            || lowerer.replaced.contains_key(&spec.schema(id).location)
        {
            continue;
        }
        let ctx = Ctx::component(name, Direction::Response);
        let lowered = lowerer.lower_named(id, &ctx);
        // A named map, list or free-form value keeps its name as an alias; scalars stay plain.
        if matches!(lowered.ty, TypeRef::Map(_) | TypeRef::List(_) | TypeRef::Any) {
            let flat = Flat::of(spec, &[id], lowerer.diags);
            let alias = TypeDef {
                hints: vec![ctx.hint()],
                docs: docs_of(&flat),
                location: flat.location.clone(),
                kind: TypeKind::Alias(lowered.wrapped()),
            };
            lowerer.model.types.push(alias);
        }
    }
    let mut model = lowerer.model;
    model.examples = lowerer.examples.into_values().collect();
    cycles::box_cycles(&mut model);
    features::reachability(&mut model);
    Ok(model)
}

/// Component schemas the config replaces by a Rust type, by their location;
/// a component the spec does not have is an error naming the config line.
fn replaced_components(spec: &Spec, config: &Config) -> Result<HashMap<Location, TypeRef>, Error> {
    let mut replaced = HashMap::default();
    for rule in &config.types {
        let (TypeTarget::Component(key), Some(rust)) = (&rule.target, &rule.replace) else { continue };
        let Some(&id) = spec.components.get(key) else {
            return Err(config.error(&rule.at, format!("the spec has no component schema `{key}`")));
        };
        replaced.insert(spec.schema(id).location.clone(), TypeRef::External(rust.path.clone()));
    }
    Ok(replaced)
}

/// Where a schema is being lowered: the words its inline types are named after,
/// the direction, and a property to leave out (the tag of a tagged union).
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    operation: Option<OperationId>,
    parts: Vec<String>,
    from_component: bool,
    direction: Direction,
    omit: Option<String>,
}

impl Ctx {
    fn component(name: &str, direction: Direction) -> Ctx {
        Ctx { operation: None, parts: vec![name.to_string()], from_component: true, direction, omit: None }
    }

    fn new(parts: Vec<String>, direction: Direction) -> Ctx {
        Ctx { operation: None, parts, from_component: false, direction, omit: None }
    }

    /// Inside an operation: `role` is the part of it (`response`, `body`, a parameter's name).
    fn operation(operation: OperationId, role: &str, direction: Direction) -> Ctx {
        Ctx { operation: Some(operation), parts: vec![role.to_string()], from_component: false, direction, omit: None }
    }

    fn child(&self, word: &str) -> Ctx {
        let mut parts = self.parts.clone();
        parts.push(word.to_string());
        Ctx { operation: self.operation, parts, from_component: false, direction: self.direction, omit: None }
    }

    fn hint(&self) -> NameHint {
        NameHint { operation: self.operation, parts: self.parts.clone(), from_component: self.from_component }
    }
}

/// A lowered schema: its type, and whether `null` is allowed too.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl Lowered {
    fn plain(ty: TypeRef) -> Lowered {
        Lowered { ty, nullable: false }
    }

    /// The type for positions that are not struct fields (list items, map values…).
    fn wrapped(self) -> TypeRef {
        match (self.nullable, self.ty) {
            (true, TypeRef::Null) => TypeRef::Null,
            (true, ty) => TypeRef::Nullable(Box::new(ty)),
            (false, ty) => ty,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct MemoKey {
    schema: SchemaId,
    direction: Direction,
    omit: Option<String>,
}

enum Memo {
    /// Being lowered; the id is reserved when it will be a named type (so cycles can point at it).
    InProgress(Option<TypeId>),
    Done(Lowered),
}

struct Lowerer<'a> {
    spec: &'a Spec,
    config: &'a Config,
    /// Component schemas the config replaces by a Rust type, by location.
    replaced: HashMap<Location, TypeRef>,
    diags: &'a mut Diagnostics,
    sensitive: direction::Sensitivity,
    model: Model,
    memo: HashMap<MemoKey, Memo>,
    /// Shape hash → the types with it, so identical kinds are emitted once.
    interned: HashMap<u64, Vec<TypeId>>,
    examples: IndexMap<Location, Example, rustc_hash::FxBuildHasher>,
    /// Headers the client sends for every operation (`client_headers.rs`).
    lifted: client_headers::Lifted,
}

impl Lowerer<'_> {
    /// The config's Rust type for a component that `ids`, or what their `$ref`s
    /// lead to, are: a replaced scalar has no type of its own to intercept.
    fn replacement(&self, ids: &[SchemaId]) -> Option<TypeRef> {
        if self.replaced.is_empty() {
            return None;
        }
        ids.iter()
            .find_map(|&id| self.spec.ref_chain(id).find_map(|schema| self.replaced.get(&schema.location).cloned()))
    }

    /// A scalar's Rust type: the config's type for its `format`, the runtime's
    /// dates by default, else the JSON type's own.
    fn scalar_type(&self, scalar: Scalar, format: Option<&str>) -> TypeRef {
        let Some(format) = format else { return TypeRef::Scalar(scalar) };
        match self.config.format_type(format) {
            FormatType::Runtime if scalar == Scalar::String => {
                TypeRef::Scalar(if format == "date" { Scalar::Date } else { Scalar::DateTime })
            }
            FormatType::Rust(rust) => TypeRef::External(rust.path),
            FormatType::Runtime | FormatType::Plain => TypeRef::Scalar(scalar),
        }
    }

    /// Lowers the schemas `ids`, which must all hold (as for an `allOf` or a
    /// property declared by several members).
    fn lower_ids(&mut self, ids: &[SchemaId], ctx: &Ctx) -> Lowered {
        if ids.is_empty() {
            return Lowered::plain(TypeRef::Any);
        }
        if let Some(rust) = self.replacement(ids) {
            return Lowered::plain(rust);
        }
        let mut ctx = ctx.clone();
        ctx.direction = self.sensitive.effective(ctx.direction, ids);
        let flat = Flat::of(self.spec, ids, self.diags);
        let lowered = self.lower_flat(&flat, &ctx, None);
        if !ctx.direction.is_request() {
            for &id in ids {
                self.record_examples(id, ids, &lowered);
            }
        }
        lowered
    }

    fn lower_flat(&mut self, flat: &Flat, ctx: &Ctx, reserved: Option<TypeId>) -> Lowered {
        if reserved.is_none() {
            if let Some(named) = flat.named(ctx.direction.is_request()) {
                let inner = self.lower_named(named, ctx);
                return Lowered { ty: inner.ty, nullable: inner.nullable || flat.nullable() };
            }
        }
        let lowered = shapes::lower_shape(self, flat, ctx, reserved);
        Lowered { nullable: lowered.nullable || flat.nullable(), ty: lowered.ty }
    }

    /// Lowers a `$ref` target once per direction (and omitted tag); recursion
    /// through it yields the reserved id.
    fn lower_named(&mut self, schema: SchemaId, ctx: &Ctx) -> Lowered {
        let direction = self.sensitive.effective(ctx.direction, &[schema]);
        let key = MemoKey { schema, direction, omit: ctx.omit.clone() };
        match self.memo.get(&key) {
            Some(Memo::Done(lowered)) => return lowered.clone(),
            Some(Memo::InProgress(Some(id))) => return Lowered::plain(TypeRef::Named(*id)),
            Some(Memo::InProgress(None)) => {
                let location = self.spec.schema(schema).location.clone();
                self.diags
                    .warn(&location, "schema refers to itself without an object in between; using serde_json::Value");
                return Lowered::plain(TypeRef::Any);
            }
            None => {}
        }
        self.memo.insert(key.clone(), Memo::InProgress(None));

        let def = self.spec.schema(schema);
        let own_ctx = if ctx.omit.is_some() {
            // A tagged union's variant without its tag is a type of its own: name it after the union.
            Ctx {
                operation: ctx.operation,
                parts: ctx.parts.clone(),
                from_component: false,
                direction,
                omit: ctx.omit.clone(),
            }
        } else {
            let mut parts = vec![def.name.clone().unwrap_or_else(|| name_from_pointer(&def.location.pointer))];
            if direction.is_request() {
                parts.push("request".to_string());
            }
            Ctx { operation: None, parts, from_component: def.name.is_some(), direction, omit: None }
        };
        self.lower_in(schema, key, &own_ctx)
    }

    /// [`Lowerer::lower_named`] in its own context `own_ctx`: what its types are named after.
    fn lower_in(&mut self, schema: SchemaId, key: MemoKey, own_ctx: &Ctx) -> Lowered {
        let flat = Flat::of(self.spec, &[schema], self.diags);
        let reserved = shapes::needs_type_def(&flat).then(|| {
            let id = self.reserve(&flat, own_ctx);
            self.memo.insert(key.clone(), Memo::InProgress(Some(id)));
            id
        });
        let lowered = self.lower_flat(&flat, own_ctx, reserved);
        if let Some(id) = reserved {
            if lowered.ty != TypeRef::Named(id) {
                // The shape collapsed (e.g. a union of one distinct variant): keep the id as an alias.
                self.model.types[id.0 as usize].kind = TypeKind::Alias(lowered.ty.clone());
            }
        }
        let result = match reserved {
            Some(id) => Lowered { ty: TypeRef::Named(id), nullable: lowered.nullable },
            None => lowered,
        };
        if !key.direction.is_request() {
            self.record_examples(schema, &[schema], &result);
        }
        self.memo.insert(key, Memo::Done(result.clone()));
        result
    }

    fn reserve(&mut self, flat: &Flat, ctx: &Ctx) -> TypeId {
        let id = TypeId(self.model.types.len() as u32);
        self.model.types.push(TypeDef {
            hints: vec![ctx.hint()],
            docs: docs_of(flat),
            location: flat.location.clone(),
            kind: TypeKind::Alias(TypeRef::Any),
        });
        id
    }

    /// The key of `kind` in `interned`, and the type already defined with exactly that kind.
    fn same_shape(&self, kind: &TypeKind) -> (u64, Option<TypeId>) {
        let key = structural_hash(kind);
        let same = self
            .interned
            .get(&key)
            .and_then(|ids| ids.iter().copied().find(|id| self.model.types[id.0 as usize].kind == *kind));
        (key, same)
    }

    /// Adds a type, or returns the existing one with the same shape.
    fn define(&mut self, kind: TypeKind, flat: &Flat, ctx: &Ctx, reserved: Option<TypeId>) -> TypeId {
        let (key, same) = self.same_shape(&kind);
        if let Some(id) = reserved {
            self.model.types[id.0 as usize].kind = kind;
            if same.is_none() {
                self.interned.entry(key).or_default().push(id);
            }
            return id;
        }
        self.intern(kind, (key, same), ctx.hint(), |kind, hint| TypeDef {
            hints: vec![hint],
            docs: docs_of(flat),
            location: flat.location.clone(),
            kind,
        })
    }

    /// Adds a type made by `new_def`, or, when one with the same shape exists
    /// (`shape` is [`Self::same_shape`]), gives that one `hint` as another name.
    fn intern(
        &mut self,
        kind: TypeKind,
        shape: (u64, Option<TypeId>),
        hint: NameHint,
        new_def: impl FnOnce(TypeKind, NameHint) -> TypeDef,
    ) -> TypeId {
        let (key, same) = shape;
        if let Some(id) = same {
            let hints = &mut self.model.types[id.0 as usize].hints;
            if !hints.contains(&hint) {
                hints.push(hint);
            }
            return id;
        }
        let id = TypeId(self.model.types.len() as u32);
        self.model.types.push(new_def(kind, hint));
        self.interned.entry(key).or_default().push(id);
        id
    }

    fn record_examples(&mut self, id: SchemaId, all: &[SchemaId], lowered: &Lowered) {
        let schema = self.spec.schema(id);
        for (location, value) in &schema.examples {
            if !self.examples.contains_key(location) {
                let label = example_label(self.spec, location);
                let example = Example {
                    location: location.clone(),
                    label,
                    ty: lowered.clone().wrapped(),
                    value: value.clone(),
                    schemas: all.to_vec(),
                };
                self.examples.insert(location.clone(), example);
            }
        }
    }
}

/// A hash of a type kind's shape: field names and types, enum values, variant
/// types; not docs or examples (`serde_json::Value` has no `Hash`, and hashing
/// their text cost more than the rest of lowering). Kinds that differ only in
/// docs share a hash and are told apart with `==`.
fn structural_hash(kind: &TypeKind) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    std::mem::discriminant(kind).hash(&mut hasher);
    let field = |field: &crate::model::Field, hasher: &mut rustc_hash::FxHasher| {
        (&field.name, &field.ty, field.required, field.nullable).hash(hasher);
    };
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| field(f, &mut hasher));
            s.additional.hash(&mut hasher);
        }
        TypeKind::Enum(e) => e.values.hash(&mut hasher),
        TypeKind::Union(u) => {
            u.tag.hash(&mut hasher);
            u.variants.iter().for_each(|v| (&v.ty, &v.tag_value).hash(&mut hasher));
        }
        TypeKind::Alias(target) => target.hash(&mut hasher),
        TypeKind::Params(p) => p.fields.iter().for_each(|f| field(&f.field, &mut hasher)),
        TypeKind::Responses(cases) => cases.iter().for_each(|c| (&c.status, &c.media_type).hash(&mut hasher)),
    }
    hasher.finish()
}

fn docs_of(flat: &Flat) -> Docs {
    // A string enum becomes a Rust enum; other enums are listed as allowed values.
    let allowed = match &flat.enum_values {
        Some(values) if !values.iter().all(|v| v.is_string() || v.is_null()) => values.clone(),
        _ => Vec::new(),
    };
    Docs {
        title: flat.title.clone(),
        description: flat.description.clone(),
        examples: Vec::new(),
        deprecated: flat.deprecated,
        format: flat.format.clone(),
        allowed,
        limits: flat.limits.clone(),
        items: None,
    }
}

/// An example's location as text, an inline parameter's index replaced by its name.
fn example_label(spec: &Spec, location: &Location) -> String {
    let pointer = &location.pointer;
    let named = pointer.match_indices("/parameters/").find_map(|(at, marker)| {
        let start = at + marker.len();
        let digits = pointer[start..].bytes().take_while(u8::is_ascii_digit).count();
        let name = spec.inline_parameters.get(&format!("{}#{}", location.file, &pointer[..start + digits]))?;
        let mut named = pointer[..start].to_string();
        crate::diagnostics::push_pointer_token(&mut named, name);
        Some(named + &pointer[start + digits..])
    });
    format!("{}#{}", location.file, named.as_deref().unwrap_or(pointer))
}

/// A name for a `$ref` target outside `components/schemas`: its last pointer segments.
fn name_from_pointer(pointer: &str) -> String {
    let segments: Vec<&str> =
        pointer.split('/').filter(|s| !s.is_empty() && *s != "schema" && *s != "content").collect();
    let tail = &segments[segments.len().saturating_sub(2)..];
    let name = tail.join("_").replace("~1", "_").replace("~0", "_");
    if name.is_empty() { "schema".to_string() } else { name }
}
