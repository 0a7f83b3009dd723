//! Which fields close a reference cycle and so need a `Box`: edges inside one
//! strongly connected component of the "contains directly" graph (`Vec` and
//! maps already allocate, so they do not count).

use crate::model::{Model, TypeId, TypeKind, TypeRef};

pub(super) fn box_cycles(model: &mut Model) {
    let component = strongly_connected(model);
    for (i, def) in model.types.iter_mut().enumerate() {
        let own = component[i];
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = direct_target(&field.ty).is_some_and(|t| component[t.0 as usize] == own);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = direct_target(&variant.ty).is_some_and(|t| component[t.0 as usize] == own);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Params(_) | TypeKind::Responses(_) => {}
        }
    }
}

fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

fn edges(model: &Model, id: usize) -> Vec<usize> {
    let targets: Vec<&TypeRef> = match &model.types[id].kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) | TypeKind::Params(_) | TypeKind::Responses(_) => Vec::new(),
    };
    targets.into_iter().filter_map(direct_target).map(|t| t.0 as usize).collect()
}

/// Tarjan's algorithm, iterative (type graphs can be deep). Returns a component id per type.
fn strongly_connected(model: &Model) -> Vec<usize> {
    let n = model.types.len();
    let adjacency: Vec<Vec<usize>> = (0..n).map(|i| edges(model, i)).collect();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adjacency[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
