//! `allOf` merging and union folding. A [`Flat`] is the merged view of one or
//! more schemas that must all hold at once: `$ref`s followed, `allOf` members
//! merged (properties and `required` unioned, types intersected), and each
//! `anyOf`/`oneOf` narrowed to the variants compatible with the rest. A union
//! narrowed to one variant is merged in, which is how Cloudflare's
//! `result: anyOf[object, array, string]` becomes the specialised `result`.

use std::collections::BTreeSet;

use indexmap::{IndexMap, IndexSet};
use rustc_hash::FxBuildHasher;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Location};
use crate::resolve::{Additional, Discriminator, JsonType, Limits, SchemaId, Spec};

#[derive(Debug, Clone)]
pub(super) struct UnionGroup {
    pub location: Location,
    pub variants: Vec<SchemaId>,
    pub discriminator: Option<Discriminator>,
    /// The `$ref` target this group was reached through, if any.
    origin: Option<SchemaId>,
}

#[derive(Debug, Clone)]
pub(super) struct Flat {
    pub location: Location,
    /// Intersection of every `type` seen (without null); `None` when nothing said.
    pub types: Option<BTreeSet<JsonType>>,
    pub format: Option<String>,
    pub limits: Limits,
    pub enum_values: Option<Vec<Value>>,
    pub properties: IndexMap<String, Vec<SchemaId>, FxBuildHasher>,
    pub required: IndexSet<String, FxBuildHasher>,
    /// The first `anyOf`/`oneOf` of `required` lists alone: one of these sets must be present.
    pub required_one_of: Vec<Vec<String>>,
    pub additional: Additional,
    pub items: Vec<SchemaId>,
    pub unions: Vec<UnionGroup>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `nullable` said on a schema passed in directly (wrapper-level `nullable`).
    outer_nullable: bool,
    /// Whether any schema that constrains the type was seen, and whether all of those allow null.
    typed_seen: bool,
    typed_all_nullable: bool,
    /// The `$ref` targets that contributed structure; one target alone makes this view that named type.
    origins: BTreeSet<Option<SchemaId>>,
    /// Which origin required each name (by index into `required`); see [`Flat::require_origins`].
    required_by: Vec<(usize, Option<SchemaId>)>,
    /// Contributions that gave no structure but required a property the structure does not.
    requiring: BTreeSet<Option<SchemaId>>,
    visited: BTreeSet<(SchemaId, Option<SchemaId>)>,
    /// How many unions deep this view was built while narrowing another; bounds `oneOf` cycles.
    depth: u8,
}

impl Flat {
    /// The merged view of `ids`, all of which must hold.
    pub fn of(spec: &Spec, ids: &[SchemaId], diags: &mut Diagnostics) -> Flat {
        Flat::build(spec, ids, diags, 0)
    }

    fn build(spec: &Spec, ids: &[SchemaId], diags: &mut Diagnostics, depth: u8) -> Flat {
        let location =
            ids.first().map_or_else(|| Location::new(spec.source.clone(), ""), |id| spec.schema(*id).location.clone());
        let mut flat = Flat {
            location,
            types: None,
            format: None,
            limits: Limits::default(),
            enum_values: None,
            properties: IndexMap::default(),
            required: IndexSet::default(),
            required_one_of: Vec::new(),
            additional: Additional::Unspecified,
            items: Vec::new(),
            unions: Vec::new(),
            read_only: false,
            write_only: false,
            deprecated: false,
            title: None,
            description: None,
            outer_nullable: false,
            typed_seen: false,
            typed_all_nullable: true,
            origins: BTreeSet::new(),
            required_by: Vec::new(),
            requiring: BTreeSet::new(),
            visited: BTreeSet::new(),
            depth,
        };
        for &id in ids {
            let schema = spec.schema(id);
            flat.outer_nullable |= schema.nullable && (schema.reference.is_some() || is_wrapper(spec, id));
            flat.visit(spec, id, None, diags);
        }
        flat.fold_unions(spec, diags);
        flat
    }

    /// The view of `self` with one union variant merged in (for unions that
    /// share properties with their parent).
    pub fn with_variant(&self, spec: &Spec, group: usize, variant: SchemaId, diags: &mut Diagnostics) -> Flat {
        let mut flat = self.clone();
        let origin = flat.unions[group].origin;
        flat.unions.remove(group);
        flat.origins.remove(&origin);
        flat.visit(spec, variant, origin, diags);
        flat.fold_unions(spec, diags);
        flat
    }

    pub fn nullable(&self) -> bool {
        self.outer_nullable || (self.typed_seen && self.typed_all_nullable)
    }

    /// The single named (`$ref`-target) schema this view is exactly, if it is one.
    /// A view that only adds `required` to it is it when received, and a type
    /// of its own when `sent`, so that the client cannot leave out what the API requires.
    pub fn named(&self, sent: bool) -> Option<SchemaId> {
        if sent && !self.requiring.is_empty() {
            return None;
        }
        match self.origins.iter().collect::<Vec<_>>().as_slice() {
            [Some(id)] => Some(*id),
            _ => None,
        }
    }

    /// The JSON types this view allows, inferring from keywords where `type` is absent.
    pub fn effective_types(&self) -> BTreeSet<JsonType> {
        if let Some(types) = &self.types {
            return types.clone();
        }
        let mut types = BTreeSet::new();
        if !self.properties.is_empty() || self.additional != Additional::Unspecified {
            types.insert(JsonType::Object);
        }
        if !self.items.is_empty() {
            types.insert(JsonType::Array);
        }
        if let Some(values) = &self.enum_values {
            types.extend(values.iter().map(JsonType::of).filter(|t| *t != JsonType::Null));
            if types.is_empty() && !values.is_empty() {
                types.insert(JsonType::Null);
            }
        }
        types
    }

    fn visit(&mut self, spec: &Spec, id: SchemaId, origin: Option<SchemaId>, diags: &mut Diagnostics) {
        // `allOf` cycles (A allOf B, B allOf A) add nothing the second time round.
        if !self.visited.insert((id, origin)) {
            return;
        }
        let schema = spec.schema(id);
        self.read_only |= schema.read_only;
        self.write_only |= schema.write_only;
        self.deprecated |= schema.deprecated;
        if self.description.is_none() {
            self.description = schema.description.clone();
        }
        if self.title.is_none() {
            self.title = schema.title.clone();
        }
        if let Some(target) = schema.reference {
            self.visit(spec, target, origin.or(Some(target)), diags);
        }
        if let Some(types) = &schema.types {
            self.typed_seen = true;
            self.typed_all_nullable &= schema.nullable;
            let set: BTreeSet<JsonType> = types.iter().copied().filter(|t| *t != JsonType::Null).collect();
            let null_only = set.is_empty();
            match &mut self.types {
                None if null_only => self.types = Some(BTreeSet::from([JsonType::Null])),
                None => self.types = Some(set),
                Some(current) if null_only => current.retain(|t| *t == JsonType::Null),
                Some(current) => {
                    let both: BTreeSet<JsonType> = current.intersection(&set).copied().collect();
                    if both.is_empty() && !current.contains(&JsonType::Null) {
                        diags.warn(
                            &schema.location,
                            format!(
                                "`type` {set:?} contradicts {current:?} from another `allOf` member; keeping {set:?}"
                            ),
                        );
                        *current = set;
                    } else if !both.is_empty() {
                        *current = both;
                    }
                }
            }
        } else if schema.enum_values.is_some() || !schema.properties.is_empty() || schema.items.is_some() {
            self.typed_seen = true;
            self.typed_all_nullable &=
                schema.nullable || schema.enum_values.as_ref().is_some_and(|v| v.contains(&Value::Null));
        }
        let mut structural = false;
        if let Some(format) = &schema.format {
            self.format.get_or_insert_with(|| format.clone());
        }
        self.limits.fill_from(&schema.limits);
        if let Some(values) = &schema.enum_values {
            structural = true;
            self.enum_values = Some(match self.enum_values.take() {
                Some(current) => current.into_iter().filter(|v| values.contains(v)).collect(),
                None => values.clone(),
            });
        }
        for (name, &prop) in &schema.properties {
            structural = true;
            let entry = self.properties.entry(name.clone()).or_default();
            if !entry.contains(&prop) {
                entry.push(prop);
            }
        }
        for name in &schema.required {
            let (index, _) = self.required.insert_full(name.clone());
            self.required_by.push((index, origin));
        }
        if schema.additional != Additional::Unspecified {
            structural = true;
            self.additional = match (self.additional, schema.additional) {
                (Additional::Forbidden, _) | (_, Additional::Forbidden) => Additional::Forbidden,
                (Additional::Schema(a), _) => Additional::Schema(a),
                (_, other) => other,
            };
        }
        if let Some(items) = schema.items {
            structural = true;
            if !self.items.contains(&items) {
                self.items.push(items);
            }
        }
        if structural {
            self.origins.insert(origin);
        }
        for &member in &schema.all_of {
            self.visit(spec, member, origin, diags);
        }
        for variants in [&schema.one_of, &schema.any_of] {
            if !variants.is_empty() {
                self.unions.push(UnionGroup {
                    location: schema.location.clone(),
                    variants: variants.clone(),
                    discriminator: schema.discriminator.clone(),
                    origin,
                });
            }
        }
    }

    /// Narrows every union to the variants that fit the rest of the view; merges
    /// single survivors in and drops unions that only restate `required`.
    fn fold_unions(&mut self, spec: &Spec, diags: &mut Diagnostics) {
        let mut index = 0;
        while index < self.unions.len() {
            let group = &self.unions[index];
            let own_types = self.effective_types();
            let mut kept = Vec::new();
            let mut null_variant = false;
            for &variant in &group.variants {
                let types = Flat::of_shallow(spec, variant, self.depth + 1);
                if types.as_ref().is_some_and(|t| t.len() == 1 && t.contains(&JsonType::Null))
                    || spec.schema(variant).is_null_idiom()
                {
                    null_variant = true;
                } else if compatible(&own_types, types.as_ref()) {
                    kept.push(variant);
                }
            }
            let only_constraints = kept.iter().all(|&v| spec.schema(v).is_constraint_only());
            let group = self.unions[index].clone();
            if null_variant {
                self.outer_nullable = true;
            }
            if kept.is_empty() {
                if !null_variant {
                    diags.warn(&group.location, "no `oneOf`/`anyOf` variant is compatible with the other constraints on this schema; the union is ignored");
                }
                self.unions.remove(index);
            } else if only_constraints && group.discriminator.is_none() {
                // `oneOf: [{required: [a]}, {required: [b]}]` documents alternatives; the shape is the parent's.
                let sets: Vec<Vec<String>> =
                    kept.iter().map(|&v| spec.schema(v).required.clone()).filter(|set| !set.is_empty()).collect();
                if self.required_one_of.is_empty() {
                    self.required_one_of = sets;
                }
                self.unions.remove(index);
            } else if kept.len() == 1 {
                self.unions.remove(index);
                let origin = group.origin;
                self.visit(spec, kept[0], origin, diags);
                // Visiting may have added unions; start over so every one is narrowed.
                index = 0;
            } else {
                self.unions[index].variants = kept;
                index += 1;
            }
        }
        for group in &self.unions {
            self.origins.insert(group.origin);
        }
        self.require_origins();
    }

    /// `allOf: [$ref X, {required: [a]}]` is X with `a` required: notes the
    /// contributions that required a property while giving no structure.
    fn require_origins(&mut self) {
        self.requiring.clear();
        for (index, name) in self.required.iter().enumerate() {
            if !self.properties.contains_key(name) {
                continue;
            }
            let sources = self.required_by.iter().filter(|(i, _)| *i == index).map(|(_, origin)| *origin);
            if !sources.clone().any(|origin| self.origins.contains(&origin)) {
                self.requiring.extend(sources);
            }
        }
    }

    /// The types a schema declares or implies, following `$ref` and `allOf`; `None` when unconstrained.
    fn of_shallow(spec: &Spec, id: SchemaId, depth: u8) -> Option<BTreeSet<JsonType>> {
        const MAX_UNION_DEPTH: u8 = 8;
        if depth > MAX_UNION_DEPTH {
            return None;
        }
        let mut diags = Diagnostics::default();
        let flat = Flat::build(spec, &[id], &mut diags, depth);
        let types = flat.effective_types();
        if types.is_empty() {
            // An unconstrained schema with unions is constrained by them: union of the variants' types.
            let mut all = BTreeSet::new();
            for group in &flat.unions {
                for &v in &group.variants {
                    all.extend(Flat::of_shallow(spec, v, depth + 1)?);
                }
            }
            return (!all.is_empty()).then_some(all);
        }
        Some(types)
    }
}

fn compatible(own: &BTreeSet<JsonType>, variant: Option<&BTreeSet<JsonType>>) -> bool {
    let Some(variant) = variant else { return true };
    if own.is_empty() {
        return true;
    }
    own.iter().any(|t| {
        variant.contains(t)
            || (*t == JsonType::Number && variant.contains(&JsonType::Integer))
            || (*t == JsonType::Integer && variant.contains(&JsonType::Number))
    })
}

/// A schema that wraps others (`allOf`/`oneOf`/`anyOf`) without a `type` of its own, or one
/// other with one (`{type: object, nullable: true, allOf: [$ref]}`): its `nullable` is the 3.0
/// idiom for "this reference may be null", which the schema it wraps cannot say.
fn is_wrapper(spec: &Spec, id: SchemaId) -> bool {
    let s = spec.schema(id);
    let wraps = !s.all_of.is_empty() || !s.one_of.is_empty() || !s.any_of.is_empty();
    (s.types.is_none() && wraps) || (s.all_of.len() == 1 && s.one_of.is_empty() && s.any_of.is_empty())
}
