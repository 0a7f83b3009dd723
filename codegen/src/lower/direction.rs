//! Which schemas read differently in requests and responses: those that reach a
//! `readOnly` or `writeOnly` schema. Only they get a separate request type, so
//! `Token` (response) and the update body differ while plain schemas stay one type.
//! So do those with an `allOf` member that only adds `required`: what the client
//! sends must have those properties; what it receives is read as the `$ref`'d type.

use crate::resolve::{SchemaId, Spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Direction {
    /// Sent by the client: `readOnly` properties are left out.
    Request,
    /// Received by the client: `writeOnly` properties are left out.
    Response,
    /// The schema reads the same either way.
    Both,
}

/// `sensitive[id]`: the schema reaches a `readOnly`/`writeOnly` schema or one
/// that adds `required` with an `allOf` member of nothing else. Walks
/// the schema graph backwards from those, so each edge is followed once and
/// cycles are fine.
pub(super) fn direction_sensitive(spec: &Spec) -> Vec<bool> {
    let mut parents: Vec<Vec<u32>> = vec![Vec::new(); spec.schemas.len()];
    for (i, schema) in spec.schemas.iter().enumerate() {
        for child in schema.children() {
            parents[child.0 as usize].push(i as u32);
        }
    }
    let mut sensitive: Vec<bool> = spec
        .schemas
        .iter()
        .map(|s| s.read_only || s.write_only || s.all_of.iter().any(|&m| only_requires(spec, m)))
        .collect();
    let mut stack: Vec<u32> = (0..spec.schemas.len() as u32).filter(|&i| sensitive[i as usize]).collect();
    while let Some(id) = stack.pop() {
        for &parent in &parents[id as usize] {
            if !sensitive[parent as usize] {
                sensitive[parent as usize] = true;
                stack.push(parent);
            }
        }
    }
    sensitive
}

pub(super) fn effective(direction: Direction, ids: &[SchemaId], sensitive: &[bool]) -> Direction {
    if ids.iter().any(|id| sensitive[id.0 as usize]) { direction } else { Direction::Both }
}

/// `{required: [a, b]}` and nothing that shapes a value.
fn only_requires(spec: &Spec, id: SchemaId) -> bool {
    let s = spec.schema(id);
    !s.required.is_empty()
        && s.reference.is_none()
        && s.properties.is_empty()
        && s.items.is_none()
        && s.enum_values.is_none()
        && s.all_of.is_empty()
        && s.any_of.is_empty()
        && s.one_of.is_empty()
}
