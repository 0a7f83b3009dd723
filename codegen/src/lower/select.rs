//! The config's selection: which operations are generated. Types come only
//! from what lowering reaches, so a type only excluded operations use is not
//! generated at all.

use crate::config::{Select, Selection, Selector, path_matches};
use crate::resolve::Operation;

/// Whether the operation, placed in `resource`, is generated: an include
/// matches it (or there are none) and no exclude does.
pub(super) fn selected(selection: &Selection, op: &Operation, resource: &[String]) -> bool {
    let matches = |selector: &Selector| match &selector.what {
        Select::Path(glob) => path_matches(glob, &op.path),
        Select::Tag(tag) => op.tags.contains(tag),
        Select::Resource(words) => resource.starts_with(words),
    };
    (selection.include.is_empty() || selection.include.iter().any(matches)) && !selection.exclude.iter().any(matches)
}
