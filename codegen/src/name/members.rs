//! Member names: struct fields, enum values, union variants, parameters and
//! response cases, each unique within its type, and the name of the type's
//! extra member (a struct's map of other properties, an enum's catch-all).

use std::collections::HashSet;

use crate::case::ToUpperCamelCase;

use super::{Ident, unique};
use crate::ident::{field_ident, variant_ident};
use crate::model::{Model, TypeKind};

/// [`field_ident`] remembered per JSON name: the same names (`id`, `name`)
/// recur in thousands of structs, and case conversion is not cheap.
#[derive(Default)]
struct FieldIdents(rustc_hash::FxHashMap<String, String>);

impl FieldIdents {
    fn of(&mut self, raw: &str) -> String {
        if let Some(ident) = self.0.get(raw) {
            return ident.clone();
        }
        let ident = field_ident(raw);
        self.0.insert(raw.to_string(), ident.clone());
        ident
    }
}

/// Per type, in id order: its members' names (in the model's order of them) and its extra member's.
pub(super) fn member_names(model: &Model) -> Vec<(Vec<Ident>, String)> {
    let mut out = Vec::with_capacity(model.types.len());
    let mut field_idents = FieldIdents::default();
    for def in &model.types {
        let (list, extra) = match &def.kind {
            TypeKind::Struct(s) => {
                let mut used = HashSet::new();
                let list = s.fields.iter().map(|f| unique(&mut used, field_idents.of(&f.name), &f.name)).collect();
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
            TypeKind::Params(p) => {
                // Setters share the namespace with the constructor and `apply`.
                let mut used: HashSet<String> = ["new", "apply"].iter().map(|s| s.to_string()).collect();
                let list =
                    p.fields.iter().map(|f| unique(&mut used, field_idents.of(&f.field.name), &f.field.name)).collect();
                (list, String::new())
            }
            TypeKind::Responses(cases) => {
                let mut used = HashSet::new();
                let list = cases
                    .iter()
                    .map(|case| {
                        let several = cases.iter().filter(|c| c.status == case.status).count() > 1;
                        unique(
                            &mut used,
                            response_variant(&case.status, case.media_type.as_deref(), several),
                            &case.status,
                        )
                    })
                    .collect();
                (list, String::new())
            }
            TypeKind::Alias(_) => (Vec::new(), String::new()),
        };
        out.push((list, extra));
    }
    out
}

/// `200` → `Ok`, `202` → `Accepted`; with the media's subtype when a status has several (`OkCsv`).
fn response_variant(status: &str, media_type: Option<&str>, several: bool) -> String {
    let word = match status.to_ascii_uppercase().as_str() {
        "200" => "Ok".to_string(),
        "201" => "Created".to_string(),
        "202" => "Accepted".to_string(),
        "203" => "NonAuthoritative".to_string(),
        "204" => "NoContent".to_string(),
        "205" => "ResetContent".to_string(),
        "206" => "PartialContent".to_string(),
        "2XX" => "Success".to_string(),
        "DEFAULT" => "Default".to_string(),
        other => format!("Status{}", other.to_upper_camel_case()),
    };
    // `application/json;stream=watch` → `JsonStreamWatch`.
    let subtype = media_type.filter(|_| several).map(|m| {
        let key = crate::model::media_key(m);
        let mut parts = key.split(';');
        let essence = parts.next().unwrap_or_default();
        let subtype = essence.rsplit(['/', '+']).next().unwrap_or_default();
        std::iter::once(subtype).chain(parts).map(variant_ident).collect::<String>()
    });
    format!("{word}{}", subtype.unwrap_or_default())
}
