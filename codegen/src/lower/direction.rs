//! Which schemas read differently in requests and responses: those that reach a
//! `readOnly` or `writeOnly` schema. Only they get a separate request type, so
//! `Token` (response) and the update body differ while plain schemas stay one type.

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

/// `sensitive[id]`: the schema reaches a `readOnly`/`writeOnly` schema. A fixed
/// point over the schema graph, so cycles are fine.
pub(super) fn direction_sensitive(spec: &Spec) -> Vec<bool> {
    let mut sensitive: Vec<bool> = spec.schemas.iter().map(|s| s.read_only || s.write_only).collect();
    loop {
        let mut changed = false;
        for (i, schema) in spec.schemas.iter().enumerate() {
            if !sensitive[i] && schema.children().any(|c| sensitive[c.0 as usize]) {
                sensitive[i] = true;
                changed = true;
            }
        }
        if !changed {
            return sensitive;
        }
    }
}

pub(super) fn effective(direction: Direction, ids: &[SchemaId], sensitive: &[bool]) -> Direction {
    if ids.iter().any(|id| sensitive[id.0 as usize]) { direction } else { Direction::Both }
}
