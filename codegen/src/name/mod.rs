//! Stage 4, name: every Rust name in the output is chosen here, from the
//! model's hints. Component keys win over names suggested by context; clashes
//! are resolved deterministically (file prefix, then a number).

pub mod ident;

use std::collections::HashSet;

use heck::ToUpperCamelCase;

use crate::model::{Model, TypeKind};
use ident::{field_ident, type_ident, variant_ident, RESERVED_TYPE_NAMES};

/// A Rust identifier and, when it differs, the JSON name serde must use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub rust: String,
    pub json: String,
}

impl Ident {
    pub fn rename(&self) -> Option<&str> {
        (self.rust != self.json).then_some(self.json.as_str())
    }
}

/// The model and all the names emission needs.
#[derive(Debug)]
pub struct Named {
    pub model: Model,
    /// Per type id.
    pub types: Vec<String>,
    /// Per type id: struct fields, enum values or union variants, in model order.
    pub members: Vec<Vec<Ident>>,
    /// Per type id: the name of the extra member (an enum's catch-all variant, a struct's map of extra properties).
    pub extra_member: Vec<String>,
}

pub fn name(model: Model) -> Named {
    let types = type_names(&model);
    let mut members = Vec::with_capacity(model.types.len());
    let mut extra_member = Vec::with_capacity(model.types.len());
    for def in &model.types {
        let (list, extra) = match &def.kind {
            TypeKind::Struct(s) => {
                let mut used = HashSet::new();
                let list = s.fields.iter().map(|f| unique(&mut used, field_ident(&f.name), &f.name)).collect();
                let extra = unique(&mut used, "additional_properties".into(), "").rust;
                (list, extra)
            }
            TypeKind::Enum(e) => {
                let mut used = HashSet::new();
                let list = e.values.iter().map(|v| unique(&mut used, variant_ident(v), v)).collect();
                let extra = unique(&mut used, "Unknown".into(), "").rust;
                (list, extra)
            }
            TypeKind::Union(u) => {
                let mut used = HashSet::new();
                let list = u
                    .variants
                    .iter()
                    .map(|v| {
                        let json = v.tag_value.clone().unwrap_or_else(|| v.hint.clone());
                        unique(&mut used, variant_ident(&v.hint), &json)
                    })
                    .collect();
                let extra = unique(&mut used, "Unknown".into(), "").rust;
                (list, extra)
            }
            TypeKind::Alias(_) => (Vec::new(), String::new()),
        };
        members.push(list);
        extra_member.push(extra);
    }
    Named { model, types, members, extra_member }
}

/// Component-named types first, those of the root file before others, then the
/// rest, each group in id order; a clash tries `Model` (for reserved names), the
/// file's name as a prefix (for other files), then numbers.
fn type_names(model: &Model) -> Vec<String> {
    let mut names = vec![String::new(); model.types.len()];
    let mut used: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut order: Vec<usize> = (0..model.types.len()).collect();
    order.sort_by_key(|&i| {
        let def = &model.types[i];
        (!def.hints.iter().any(|h| h.from_component), *def.location.file != *model.api.source)
    });
    for i in order {
        let def = &model.types[i];
        let hint = def.hints.iter().find(|h| h.from_component).or(def.hints.first());
        let base = hint.map_or_else(|| "Type".to_string(), |h| type_ident(&h.parts));
        let mut candidates = vec![base.clone()];
        if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
            candidates.push(format!("{base}Model"));
        }
        // Same name in two files (e.g. two `identifier`s): the file tells them apart.
        if *def.location.file != *model.api.source {
            let file_stem = def.location.file.split(['/', '.']).rev().nth(1).unwrap_or_default().to_upper_camel_case();
            if !file_stem.is_empty() && !base.starts_with(&file_stem) {
                candidates.push(format!("{file_stem}{base}"));
            }
        }
        let chosen = candidates.into_iter().find(|c| !used.contains(c)).unwrap_or_else(|| {
            (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).unwrap_or_default()
        });
        used.insert(chosen.clone());
        names[i] = chosen;
    }
    names
}

fn unique(used: &mut HashSet<String>, ident: String, json: &str) -> Ident {
    let mut rust = ident.clone();
    let separator = if ident.starts_with(|c: char| c.is_ascii_uppercase()) || ident.ends_with('_') { "" } else { "_" };
    let mut n = 2;
    while !used.insert(rust.clone()) {
        rust = format!("{ident}{separator}{n}");
        n += 1;
    }
    Ident { rust, json: json.to_string() }
}
