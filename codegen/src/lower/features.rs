//! Which top-level resources reach each type, so a crate can put each resource
//! behind a cargo feature and compile only the models its enabled resources use.

use std::collections::BTreeSet;

use crate::model::{Model, Reach, ResponseShape, TypeId, TypeKind, TypeRef};

/// Sets `Model::type_resources`: for each type, the top-level resources whose
/// operations reach it and whether an unreferenced schema (a component no
/// operation uses) contains it; or `None` when it is always needed (reached by
/// an operation on the client itself).
pub(super) fn reachability(model: &mut Model) {
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.types.len()];
    let mut always = vec![false; model.types.len()];
    let mut walk = |roots: Vec<TypeId>, top: Option<&String>| {
        let mut stack = roots;
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match top {
                Some(top) => {
                    reached[id.0 as usize].insert(top.clone());
                }
                None => always[id.0 as usize] = true,
            }
            stack.extend(children(&model.types[id.0 as usize].kind));
        }
    };
    for op in &model.operations {
        let mut roots = Vec::new();
        roots.extend(op.params.iter().map(|p| &p.ty));
        roots.extend(op.body.iter().chain(&op.other_bodies).map(|b| &b.ty));
        roots.extend(op.errors.iter().map(|e| &e.ty));
        roots.extend(op.response.types());
        roots.extend(op.paging.iter().map(|p| &p.item));
        roots.extend(op.stream.iter().map(|s| &s.item));
        let mut stack: Vec<TypeId> = roots.into_iter().filter_map(TypeRef::named_type).collect();
        stack.extend(op.params_type);
        if let ResponseShape::Alternatives(id) = op.response {
            stack.push(id);
        }
        walk(stack, op.resource.first());
    }
    if let Some(hooks) = &model.webhooks {
        walk(hooks.event.named_type().into_iter().collect(), hooks.resource.first());
    }
    // Types no operation reaches, and everything they contain, are unreferenced:
    // compiled with every resource (`all-resources`), not with a single one.
    let mut unreferenced = vec![false; model.types.len()];
    let mut stack: Vec<TypeId> =
        (0..model.types.len()).filter(|&i| reached[i].is_empty() && !always[i]).map(|i| TypeId(i as u32)).collect();
    for id in &stack {
        unreferenced[id.0 as usize] = true;
    }
    while let Some(id) = stack.pop() {
        for child in children(&model.types[id.0 as usize].kind) {
            if !unreferenced[child.0 as usize] {
                unreferenced[child.0 as usize] = true;
                stack.push(child);
            }
        }
    }
    model.type_resources = reached
        .into_iter()
        .zip(always)
        .zip(unreferenced)
        .map(|((resources, always), unreferenced)| (!always).then_some(Reach { resources, unreferenced }))
        .collect();
}

/// The named types a type holds.
fn children(kind: &TypeKind) -> Vec<TypeId> {
    kind.held().into_iter().filter_map(TypeRef::named_type).collect()
}
