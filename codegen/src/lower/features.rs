//! Which top-level resources reach each type, so a crate can put each resource
//! behind a cargo feature and compile only the models its enabled resources use.

use std::collections::BTreeSet;

use crate::model::{Model, ResponseShape, TypeId, TypeKind, TypeRef};

/// Sets `Model::type_resources`: for each type, the top-level resources whose
/// operations reach it, or `None` when it is always needed (reached by an
/// operation on the client itself, or by no operation: a root component).
pub(super) fn reachability(model: &mut Model) {
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.types.len()];
    let mut always = vec![false; model.types.len()];
    for op in &model.operations {
        let mut roots = Vec::new();
        roots.extend(op.params.iter().map(|p| &p.ty));
        roots.extend(op.body.iter().map(|b| &b.ty));
        roots.extend(op.errors.iter().map(|e| &e.ty));
        roots.extend(shape_types(&op.response));
        let mut stack: Vec<TypeId> = roots.into_iter().flat_map(named_in).collect();
        stack.extend(op.params_type);
        if let ResponseShape::Alternatives(id) = op.response {
            stack.push(id);
        }
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match op.resource.first() {
                Some(top) => {
                    reached[id.0 as usize].insert(top.clone());
                }
                None => always[id.0 as usize] = true,
            }
            stack.extend(children(&model.types[id.0 as usize].kind));
        }
    }
    // Types no operation reaches (root components) are always compiled, and so
    // must everything they contain be.
    let mut stack: Vec<TypeId> = (0..model.types.len()).filter(|&i| reached[i].is_empty()).map(|i| TypeId(i as u32)).collect();
    while let Some(id) = stack.pop() {
        let children = children(&model.types[id.0 as usize].kind);
        for child in children {
            if !always[child.0 as usize] {
                always[child.0 as usize] = true;
                stack.push(child);
            }
        }
    }
    model.type_resources = reached
        .into_iter()
        .zip(always)
        .map(|(set, always)| (!always && !set.is_empty()).then_some(set))
        .collect();
}

fn children(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter()).flat_map(named_in).collect(),
        TypeKind::Params(p) => p.fields.iter().flat_map(|f| named_in(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().flat_map(|v| named_in(&v.ty)).collect(),
        TypeKind::Alias(ty) => named_in(ty),
        TypeKind::Responses(cases) => cases.iter().flat_map(|c| shape_types(&c.shape)).flat_map(named_in).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// The named types a type reference mentions.
fn named_in(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) => vec![*id],
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner),
        TypeRef::Scalar(_) | TypeRef::Any | TypeRef::Null => Vec::new(),
    }
}

/// The type references a response shape decodes into.
fn shape_types(shape: &ResponseShape) -> Vec<&TypeRef> {
    match shape {
        ResponseShape::Empty | ResponseShape::Alternatives(_) => Vec::new(),
        ResponseShape::Plain { ty, .. } => vec![ty],
        ResponseShape::Envelope { result, result_info, .. } => std::iter::once(result).chain(result_info).collect(),
    }
}
