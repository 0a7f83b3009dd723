//! Which schemas read differently in requests and responses: those that reach a
//! `readOnly` or `writeOnly` schema. Only they get a separate request type, so
//! `Token` (response) and the update body differ while plain schemas stay one type.
//! So do those with an `allOf` member that only adds `required`: what the client
//! sends must have those properties; what it receives is read as the `$ref`'d type.
//! A multipart body is a request of its own kind, an upload: the schemas in it that
//! reach a `format: binary` string are sent as files.

use indexmap::IndexMap;

use super::flatten::Flat;
use crate::diagnostics::Diagnostics;
use crate::resolve::{SchemaId, Spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Direction {
    /// Sent by the client: `readOnly` properties are left out.
    Request,
    /// Received by the client: `writeOnly` properties are left out.
    Response,
    /// The schema reads the same either way.
    Both,
    /// Sent by the client in a multipart body: a request whose binary strings are files.
    Upload,
}

impl Direction {
    /// Sent by the client (`readOnly` properties are left out).
    pub(super) fn is_request(self) -> bool {
        matches!(self, Direction::Request | Direction::Upload)
    }
}

/// Which schemas read differently by direction, by schema index.
pub(super) struct Sensitivity {
    /// The schema reaches a `readOnly`/`writeOnly` schema or an `allOf` member that only requires.
    pub requests: Vec<bool>,
    /// The schema reaches a `format: binary` string: a file in an upload.
    pub uploads: Vec<bool>,
}

impl Sensitivity {
    pub(super) fn of(spec: &Spec) -> Sensitivity {
        let requests =
            reaching(spec, |s| s.read_only || s.write_only || s.all_of.iter().any(|&m| only_requires(spec, m)));
        let uploads = reaching(spec, |s| s.format.as_deref() == Some("binary"));
        Sensitivity { requests, uploads }
    }

    /// The direction `ids` are lowered in: the one asked for where they read differently in it.
    pub(super) fn effective(&self, direction: Direction, ids: &[SchemaId]) -> Direction {
        let any = |marks: &[bool]| ids.iter().any(|id| marks[id.0 as usize]);
        match direction {
            Direction::Upload if any(&self.uploads) => Direction::Upload,
            Direction::Upload | Direction::Request if any(&self.requests) => Direction::Request,
            Direction::Response if any(&self.requests) => Direction::Response,
            _ => Direction::Both,
        }
    }
}

/// `marks[id]`: the schema is or reaches one that `is_marked`. Walks the schema graph
/// backwards from those, so each edge is followed once and cycles are fine.
fn reaching(spec: &Spec, is_marked: impl Fn(&crate::resolve::Schema) -> bool) -> Vec<bool> {
    let mut parents: Vec<Vec<u32>> = vec![Vec::new(); spec.schemas.len()];
    for (i, schema) in spec.schemas.iter().enumerate() {
        for child in schema.children() {
            parents[child.0 as usize].push(i as u32);
        }
    }
    let mut marks: Vec<bool> = spec.schemas.iter().map(is_marked).collect();
    let mut stack: Vec<u32> = (0..spec.schemas.len() as u32).filter(|&i| marks[i as usize]).collect();
    while let Some(id) = stack.pop() {
        for &parent in &parents[id as usize] {
            if !marks[parent as usize] {
                marks[parent as usize] = true;
                stack.push(parent);
            }
        }
    }
    marks
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

/// Files a multipart body numbers (`files[0]`, `files[1]`…, each a part of its own, as some APIs
/// take a list of files): the name they share and how many the spec lists. One list field holds
/// them, and the runtime numbers its parts again. Only a run from `[0]` without gaps, of files
/// alone, under a name no property has.
pub(super) fn numbered_files(spec: &Spec, body: &Flat, diags: &mut Diagnostics) -> Vec<(String, usize)> {
    let mut runs: IndexMap<&str, Option<Vec<usize>>> = IndexMap::new();
    for (name, ids) in &body.properties {
        let Some((base, index)) = name.strip_suffix(']').and_then(|n| n.rsplit_once('[')) else { continue };
        let Ok(number) = index.parse::<usize>() else { continue };
        let file = Flat::of(spec, ids, diags).format.as_deref() == Some("binary");
        let run = runs.entry(base).or_insert(Some(Vec::new()));
        match run {
            Some(numbers) if file && number.to_string() == index => numbers.push(number),
            _ => *run = None,
        }
    }
    runs.into_iter()
        .filter_map(|(base, numbers)| {
            let mut numbers = numbers?;
            numbers.sort_unstable();
            let run = numbers.len() >= 2 && numbers.iter().enumerate().all(|(i, n)| i == *n);
            (run && !base.is_empty() && !body.properties.contains_key(base)).then(|| (base.to_string(), numbers.len()))
        })
        .collect()
}
