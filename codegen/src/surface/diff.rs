//! What changed between two [`Surface`]s, each change judged as Rust's semver
//! rules judge it (the rules `cargo-semver-checks` applies): can code written
//! against the old crate stop compiling?

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{FieldApi, OperationApi, RustType, Surface, TypeApi};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Code using the old crate may stop compiling.
    Breaking,
    /// Only additions: code using the old crate still compiles.
    Compatible,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub verdict: Verdict,
    /// `operation`, `type`, `field`, `value`, `variant`.
    pub item: &'static str,
    /// `GET /user/tokens`, `Token`, `Token.name`.
    pub subject: String,
    /// `added`, `removed`, `renamed to X`, `retyped: A -> B`, `made optional`.
    pub what: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.verdict == Verdict::Breaking).count()
    }

    /// The version bump the changes need: `major` for a breaking one (a
    /// `0.x` crate bumps its minor instead), `minor` for additions, else `none`.
    pub fn bump(&self) -> &'static str {
        if self.breaking() > 0 {
            "major"
        } else if self.changes.is_empty() {
            "none"
        } else {
            "minor"
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let mark = match change.verdict {
                Verdict::Breaking => "breaking  ",
                Verdict::Compatible => "compatible",
            };
            out.push_str(&format!("{mark} {} {}: {}\n", change.item, change.subject, change.what));
        }
        let count = |item: &str, verdict: Verdict| {
            self.changes.iter().filter(|c| c.item == item && c.verdict == verdict).count()
        };
        let items = ["operation", "type", "field", "value", "variant"];
        let summary: Vec<String> = items
            .iter()
            .map(|item| {
                format!(
                    "{item}s {} breaking / {} compatible",
                    count(item, Verdict::Breaking),
                    count(item, Verdict::Compatible)
                )
            })
            .collect();
        out.push_str(&format!(
            "{} changes ({}); semver bump: {}\n",
            self.changes.len(),
            summary.join(", "),
            self.bump()
        ));
        out
    }

    pub fn to_json(&self) -> String {
        let value = serde_json::json!({"changes": self.changes, "breaking": self.breaking(), "bump": self.bump()});
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }
}

/// The changes from `old` to `new`, sorted (breaking first).
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    let mut push = |verdict, item, subject: &str, what: String| {
        changes.push(Change { verdict, item, subject: subject.to_string(), what })
    };
    let types = Types { new };

    for (key, before) in &old.operations {
        match new.operations.get(key) {
            None => push(Verdict::Breaking, "operation", key, "removed".into()),
            Some(after) => {
                for what in types.operation_changes(before, after) {
                    push(Verdict::Breaking, "operation", key, what);
                }
            }
        }
    }
    for key in new.operations.keys().filter(|k| !old.operations.contains_key(*k)) {
        push(Verdict::Compatible, "operation", key, "added".into());
    }

    // A type that is gone while one of exactly its shape appeared was renamed.
    let added: Vec<&String> = new.types.keys().filter(|k| !old.types.contains_key(*k)).collect();
    let mut renamed_to: BTreeSet<&String> = BTreeSet::new();
    for (name, before) in &old.types {
        let Some(after) = new.types.get(name) else {
            let target = added.iter().find(|n| !renamed_to.contains(**n) && new.types[**n] == *before);
            match target {
                Some(target) => {
                    renamed_to.insert(target);
                    push(Verdict::Breaking, "type", name, format!("renamed to {target}"));
                }
                None => push(Verdict::Breaking, "type", name, "removed".into()),
            }
            continue;
        };
        types.type_changes(name, before, after, &mut push);
    }
    for name in added.into_iter().filter(|n| !renamed_to.contains(n)) {
        push(Verdict::Compatible, "type", name, "added".into());
    }
    changes.sort();
    Report { changes }
}

/// The new surface, to compare types: a name in the old type matches one in
/// the new type when the new crate still has the old name for the same type.
struct Types<'s> {
    new: &'s Surface,
}

impl Types<'_> {
    fn same(&self, old: &RustType, new: &RustType) -> bool {
        if old == new {
            return true;
        }
        match (old, new) {
            (RustType::Path { segments: a, args: x }, RustType::Path { segments: b, args: y }) => {
                let same_path = a == b
                    || matches!((a.as_slice(), b.as_slice()), ([a], [b]) if {
                        let resolved = self.new.resolve(b);
                        resolved.is_some() && self.new.resolve(a) == resolved
                    });
                same_path && x.len() == y.len() && x.iter().zip(y).all(|(x, y)| self.same(x, y))
            }
            (RustType::Ref(a), RustType::Ref(b)) | (RustType::Slice(a), RustType::Slice(b)) => self.same(a, b),
            _ => false,
        }
    }

    fn same_payload(&self, old: Option<&RustType>, new: Option<&RustType>) -> bool {
        match (old, new) {
            (Some(old), Some(new)) => self.same(old, new),
            (None, None) => true,
            _ => false,
        }
    }

    /// Whether two types have the same members with the same types (names through aliases).
    fn same_shape(&self, before: &TypeApi, after: &TypeApi) -> bool {
        let mut changes = 0;
        self.type_changes("", before, after, &mut |_, _, _, _| changes += 1);
        changes == 0
    }

    fn operation_changes(&self, before: &OperationApi, after: &OperationApi) -> Vec<String> {
        let mut out = Vec::new();
        if before.call != after.call {
            out.push(format!("call {} -> {}", before.call, after.call));
        }
        // Arguments are positional: their names are not part of the signature.
        let same_args = before.args.len() == after.args.len()
            && before.args.iter().zip(&after.args).all(|(a, b)| self.same(&a.1, &b.1));
        if !same_args {
            out.push(format!("arguments ({}) -> ({})", args_text(&before.args), args_text(&after.args)));
        }
        if !self.same(&before.returns, &after.returns) {
            out.push(format!("returns {} -> {}", before.returns, after.returns));
        }
        out
    }

    fn type_changes(
        &self,
        name: &str,
        before: &TypeApi,
        after: &TypeApi,
        push: &mut impl FnMut(Verdict, &'static str, &str, String),
    ) {
        match (before, after) {
            (TypeApi::Struct { fields: a }, TypeApi::Struct { fields: b }) => self.field_changes(name, a, b, push),
            (TypeApi::Enum { values: a }, TypeApi::Enum { values: b }) => {
                for value in a.keys().filter(|v| !b.contains_key(*v)) {
                    push(Verdict::Breaking, "value", &format!("{name}::{}", a[value]), format!("removed ({value:?})"));
                }
                // An exhaustive `match` on the enum stops compiling.
                for value in b.keys().filter(|v| !a.contains_key(*v)) {
                    push(Verdict::Breaking, "value", &format!("{name}::{}", b[value]), format!("added ({value:?})"));
                }
            }
            (TypeApi::Union { variants: a }, TypeApi::Union { variants: b }) => {
                for (variant, payload) in a {
                    let subject = format!("{name}::{variant}");
                    match b.get(variant) {
                        None => push(Verdict::Breaking, "variant", &subject, "removed".into()),
                        Some(other) if !self.same_payload(payload.as_ref(), other.as_ref()) => {
                            let text =
                                |payload: &Option<RustType>| payload.as_ref().unwrap_or(&RustType::Unit).to_string();
                            push(
                                Verdict::Breaking,
                                "variant",
                                &subject,
                                format!("retyped: {} -> {}", text(payload), text(other)),
                            );
                        }
                        Some(_) => {}
                    }
                }
                for variant in b.keys().filter(|v| !a.contains_key(*v)) {
                    push(Verdict::Breaking, "variant", &format!("{name}::{variant}"), "added".into());
                }
            }
            (TypeApi::Alias { target: a }, TypeApi::Alias { target: b }) if self.same(a, b) => {}
            // An alias that became the struct it named (or the reverse) is the same type.
            (TypeApi::Alias { target }, _)
                if self.new.resolve(name) == target.as_name().and_then(|t| self.new.resolve(t)) => {}
            // A struct that became an alias of one with its very shape is used just as before.
            (_, TypeApi::Alias { target }) => {
                let resolved = target.as_name().and_then(|t| self.new.resolve(t)).and_then(|t| self.new.types.get(t));
                if !resolved.is_some_and(|after| self.same_shape(before, after)) {
                    push(Verdict::Breaking, "type", name, format!("now an alias of {target}"));
                }
            }
            _ => push(Verdict::Breaking, "type", name, format!("changed kind: {} -> {}", kind(before), kind(after))),
        }
    }

    fn field_changes(
        &self,
        name: &str,
        a: &BTreeMap<String, FieldApi>,
        b: &BTreeMap<String, FieldApi>,
        push: &mut impl FnMut(Verdict, &'static str, &str, String),
    ) {
        for (field, before) in a {
            let subject = format!("{name}.{field}");
            match b.get(field) {
                None => push(Verdict::Breaking, "field", &subject, "removed".into()),
                Some(after) if self.same(&before.ty, &after.ty) => {}
                Some(after) => {
                    let optional = |ty: &RustType| RustType::generic("Option", ty.clone());
                    let what = if after.ty == optional(&before.ty) {
                        "made optional".to_string()
                    } else if before.ty == optional(&after.ty) {
                        "made required".to_string()
                    } else {
                        format!("retyped: {} -> {}", before.ty, after.ty)
                    };
                    push(Verdict::Breaking, "field", &subject, what);
                }
            }
        }
        // A struct literal that names every field stops compiling.
        for field in b.keys().filter(|f| !a.contains_key(*f)) {
            push(Verdict::Breaking, "field", &format!("{name}.{field}"), "added".into());
        }
    }
}

/// For operations whose spec did not change: what differs in their method,
/// arguments, result, or any type they reach (by name, through fields,
/// variants and aliases), each as a line. Empty when users' code calling them
/// keeps compiling and means the same.
pub fn drift(old: &Surface, new: &Surface, unchanged: &[String]) -> Vec<String> {
    let types = Types { new };
    let mut out = Vec::new();
    let mut checked: BTreeSet<&str> = BTreeSet::new();
    for key in unchanged {
        let (Some(before), Some(after)) = (old.operations.get(key), new.operations.get(key)) else {
            out.push(format!("{key}: missing from one side"));
            continue;
        };
        if before != after {
            out.push(format!("{key}: {before:?} -> {after:?}"));
        }
        // Every type the operation reaches, by its old names.
        let mut pending: Vec<&str> =
            before.args.iter().map(|(_, ty)| ty).chain([&before.returns]).flat_map(RustType::names).collect();
        while let Some(name) = pending.pop() {
            let Some(ty) = old.types.get(name) else { continue };
            if !checked.insert(name) {
                continue;
            }
            match new.types.get(name) {
                None => out.push(format!("{key}: type {name} is gone")),
                Some(after) => {
                    let mut push =
                        |_, _, subject: &str, what: String| out.push(format!("{key}: {} {subject}: {what}", kind(ty)));
                    types.type_changes(name, ty, after, &mut push);
                }
            }
            pending.extend(member_types(ty).flat_map(RustType::names));
        }
    }
    out
}

/// The types a type mentions: field types, payloads, an alias target.
fn member_types(ty: &TypeApi) -> Box<dyn Iterator<Item = &RustType> + '_> {
    match ty {
        TypeApi::Struct { fields } => Box::new(fields.values().map(|f| &f.ty)),
        TypeApi::Enum { .. } => Box::new(std::iter::empty()),
        TypeApi::Union { variants } => Box::new(variants.values().flatten()),
        TypeApi::Alias { target } => Box::new(std::iter::once(target)),
    }
}

fn kind(ty: &TypeApi) -> &'static str {
    match ty {
        TypeApi::Struct { .. } => "struct",
        TypeApi::Enum { .. } => "enum",
        TypeApi::Union { .. } => "union",
        TypeApi::Alias { .. } => "alias",
    }
}

fn args_text(args: &[(String, RustType)]) -> String {
    args.iter().map(|(name, ty)| format!("{name}: {ty}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(types: &[(&str, TypeApi)]) -> Surface {
        Surface {
            operations: BTreeMap::new(),
            types: types.iter().map(|(n, t)| (n.to_string(), t.clone())).collect(),
            client_headers: Vec::new(),
            webhooks: BTreeMap::new(),
        }
    }

    fn ty(text: &str) -> RustType {
        RustType::parse(text).expect("a type")
    }

    fn strukt(fields: &[(&str, &str)]) -> TypeApi {
        TypeApi::Struct {
            fields: fields.iter().map(|(n, t)| (n.to_string(), FieldApi { json: n.to_string(), ty: ty(t) })).collect(),
        }
    }

    #[test]
    fn a_field_made_optional_is_breaking_and_named_so() {
        let report = diff(
            &surface(&[("Token", strukt(&[("id", "String")]))]),
            &surface(&[("Token", strukt(&[("id", "Option<String>")]))]),
        );
        assert_eq!(report.changes.len(), 1);
        assert_eq!(report.changes[0].what, "made optional");
        assert_eq!(report.bump(), "major");
    }

    #[test]
    fn a_renamed_type_is_found_by_its_shape() {
        let report =
            diff(&surface(&[("Old", strukt(&[("id", "String")]))]), &surface(&[("New", strukt(&[("id", "String")]))]));
        assert_eq!(report.changes.len(), 1, "{report:?}");
        assert_eq!(report.changes[0].what, "renamed to New");
    }

    #[test]
    fn a_name_that_survives_as_an_alias_of_the_same_type_is_no_change() {
        let old = surface(&[("A", strukt(&[("id", "String")])), ("Holder", strukt(&[("a", "A")]))]);
        let new = surface(&[
            ("B", strukt(&[("id", "String")])),
            ("A", TypeApi::Alias { target: ty("B") }),
            ("Holder", strukt(&[("a", "B")])),
        ]);
        let report = diff(&old, &new);
        assert_eq!(
            report.changes.iter().map(|c| (c.subject.as_str(), c.what.as_str())).collect::<Vec<_>>(),
            [("B", "added")]
        );
        assert_eq!(report.bump(), "minor");
    }

    #[test]
    fn drift_finds_a_renamed_type_an_unchanged_operation_reaches() {
        let op = |returns: &str| OperationApi {
            call: "client.things().get".into(),
            args: vec![("id".into(), ty("&str"))],
            returns: ty(returns),
            server: None,
            body_media: None,
            also_as: Vec::new(),
            test: None,
            paging: None,
        };
        let with = |holder_field: &str, types: &[(&str, TypeApi)]| {
            let mut surface = surface(types);
            surface.types.insert("ThingsGetResponse".into(), strukt(&[("meta", holder_field)]));
            surface.operations.insert("GET /things/{id}".into(), op("ThingsGetResponse"));
            surface
        };
        let old = with("Meta", &[("Meta", strukt(&[("at", "String")]))]);
        let unchanged = ["GET /things/{id}".to_string()];
        // The nested type took another name, and the old one is gone: users naming it break.
        let renamed = with("Stamp", &[("Stamp", strukt(&[("at", "String")]))]);
        assert_eq!(
            drift(&old, &renamed, &unchanged),
            [
                "GET /things/{id}: struct ThingsGetResponse.meta: retyped: Meta -> Stamp",
                "GET /things/{id}: type Meta is gone"
            ]
        );
        // The old name survives as an alias of the same shape: nothing breaks.
        let aliased =
            with("Stamp", &[("Stamp", strukt(&[("at", "String")])), ("Meta", TypeApi::Alias { target: ty("Stamp") })]);
        assert!(drift(&old, &aliased, &unchanged).is_empty());
    }

    #[test]
    fn a_type_renamed_inside_a_generic_is_the_same_when_the_old_name_is_an_alias() {
        let new = surface(&[("B", strukt(&[])), ("A", TypeApi::Alias { target: ty("B") })]);
        let types = Types { new: &new };
        assert!(types.same(&ty("Option<Vec<A>>"), &ty("Option<Vec<B>>")));
        assert!(!types.same(&ty("Option<A>"), &ty("Vec<B>")));
        assert!(!types.same(&ty("crate::support::Id"), &ty("crate::suppoId")));
    }
}
